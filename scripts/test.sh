#!/usr/bin/env bash
# Runs every test of Latchkey on a fresh Debian machine with the .NET SDK:
# installs what the tests need (Debian packages, npm SDKs), starts PostgreSQL and Redis on
# loopback, builds, runs all test projects, and ends with one line: N passed, N failed, N skipped.
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
run_dir=$(mktemp -d /tmp/latchkey-test.XXXXXX)
chmod 755 "$run_dir"
results="$run_dir/results"
mkdir -p "$results"

log() { printf '[test] %s\n' "$*" >&2; }

need_packages=()
command -v pg_ctlcluster >/dev/null 2>&1 || ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || need_packages+=(postgresql)
command -v redis-server >/dev/null 2>&1 || need_packages+=(redis-server)
[ -x /usr/bin/chromium ] || need_packages+=(chromium)
[ -x /usr/bin/chromedriver ] || need_packages+=(chromium-driver)
if [ ${#need_packages[@]} -gt 0 ]; then
  log "installing ${need_packages[*]} from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 && apt-get install -y -qq "${need_packages[@]}" >&2 || { log "apt-get failed"; echo "0 passed, 1 failed"; exit 1; }
fi

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
    || echo $((20000 + RANDOM % 20000))
}

pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pg_dir="$run_dir/pg"
pg_port=$(free_port)
redis_port=$(free_port)
redis_pid=""

cleanup() {
  [ -n "$redis_pid" ] && kill "$redis_pid" 2>/dev/null
  if [ -f "$pg_dir/data/postmaster.pid" ]; then
    runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast stop >/dev/null 2>&1
  fi
}
trap cleanup EXIT

log "starting PostgreSQL on 127.0.0.1:$pg_port"
mkdir -p "$pg_dir" && chown postgres "$pg_dir"
runuser -u postgres -- "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U postgres >"$run_dir/initdb.log" 2>&1 \
  && runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w start \
       -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=300" >/dev/null \
  && runuser -u postgres -- "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" latchkey \
  || { log "PostgreSQL did not start; see $run_dir"; echo "0 passed, 1 failed"; exit 1; }

# Another process may take a port between choosing and binding it: try a few.
redis_ready=""
for _ in 1 2 3 4 5; do
  log "starting Redis on 127.0.0.1:$redis_port"
  redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no >"$run_dir/redis.log" 2>&1 &
  redis_pid=$!
  for _ in $(seq 50); do
    kill -0 "$redis_pid" 2>/dev/null || break
    redis-cli -p "$redis_port" ping 2>/dev/null | grep -q PONG && { redis_ready=1; break; }
    sleep 0.1
  done
  [ -n "$redis_ready" ] && break
  kill "$redis_pid" 2>/dev/null; redis_pid=""
  redis_port=$(free_port)
done
[ -n "$redis_ready" ] || { log "Redis did not start; see $run_dir/redis.log"; echo "0 passed, 1 failed"; exit 1; }

export LATCHKEY_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=latchkey"
export LATCHKEY_TEST_REDIS="127.0.0.1:$redis_port"
export LATCHKEY_TEST_CHROMIUM=/usr/bin/chromium
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# The official Alibaba Cloud SDKs for the end-to-end tests, from the committed lock file.
for lock in $(git ls-files '*package-lock.json' 2>/dev/null); do
  dir=$(dirname "$lock")
  log "npm ci in $dir"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2) || { log "npm ci failed in $dir"; echo "0 passed, 1 failed"; exit 1; }
done

log "building"
if ! dotnet build Latchkey.slnx -c Release >"$run_dir/build.log" 2>&1; then
  grep -E 'error|Error' "$run_dir/build.log" | sort -u | head -40 >&2
  echo "0 passed, 1 failed"
  exit 1
fi

status=0
# LATCHKEY_TEST_PROJECTS="A B" runs only those test projects (for a quick check while working).
projects=$(ls tests/*/*.csproj | sort)
if [ -n "${LATCHKEY_TEST_PROJECTS:-}" ]; then
  projects=$(for name in $LATCHKEY_TEST_PROJECTS; do ls "tests/$name/$name.csproj"; done)
fi
for project in $projects; do
  name=$(basename "$project" .csproj)
  log "running $name"
  dotnet test "$project" -c Release --no-build \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
    --logger "console;verbosity=minimal" >&2 || status=1
done

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { printf '%s' "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  t=$(get total); p=$(get passed); f=$(get failed); e=$(get error)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0}))
  skipped=$((skipped + ${t:-0} - ${p:-0} - ${f:-0} - ${e:-0}))
done
# The doc tests say how many runnable blocks of README.md and docs/ they executed (docs/README.md).
grep -ho 'doc tests: [^<&]*' "$results"/*.trx 2>/dev/null | sort -u | sed 's/^/[test] /' >&2
# A test host that crashed writes no failing result of its own; count it so a crash is never green.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
[ "$failed" -ne 0 ] && status=1
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
