#!/usr/bin/env bash
# Long versions of the resilience checks of issue 10, on real servers (they run a few cycles /
# seconds in scripts/test.sh):
#   bench/resilience.sh crash [CYCLES (20)]   SIGKILL `latchkey serve` CYCLES times under create/
#                                             disable/delete load, on SQLite and on PostgreSQL, then
#                                             check acknowledged keys, refusals, limits and audit
#   bench/resilience.sh soak [SECONDS (600)]  mixed load at ~80% of the measured peak on the default
#                                             configuration; prints rate, latency, 5xx, RSS, handles
# Starts a throwaway PostgreSQL on loopback when LATCHKEY_TEST_POSTGRES is unset (as scripts/test.sh
# does). SKIP_BUILD=1 reuses the Release build.
set -euo pipefail

mode=${1:-}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
case "$mode" in
  crash) export LATCHKEY_CRASH_CYCLES=${2:-20}; filter="FullyQualifiedName~CrashSafetyTests" ;;
  soak) export LATCHKEY_SOAK_SECONDS=${2:-600}; filter="FullyQualifiedName~SoakTests" ;;
  *) echo "usage: bench/resilience.sh crash [CYCLES] | soak [SECONDS]" >&2; exit 2 ;;
esac

work=$(mktemp -d /tmp/latchkey-resilience.XXXXXX)
chmod 755 "$work"
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
cleanup() {
  if [[ -f "$work/pg/data/postmaster.pid" ]]; then
    runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg/data" -m fast stop >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

if [[ "$mode" == crash && -z "${LATCHKEY_TEST_POSTGRES:-}" ]]; then
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
  mkdir -p "$work/pg" && chown postgres "$work/pg"
  runuser -u postgres -- "$pg_bin/initdb" -D "$work/pg/data" -A trust -U postgres >/dev/null
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg/data" -l "$work/pg/log" -w start \
    -o "-p $port -k $work/pg -c listen_addresses=127.0.0.1 -c fsync=on" >/dev/null
  runuser -u postgres -- "$pg_bin/createdb" -h 127.0.0.1 -p "$port" latchkey
  export LATCHKEY_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=latchkey"
fi

if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  dotnet build tests/Latchkey.EndToEnd.Tests -c Release -v q -nologo >/dev/null
fi
status=0
dotnet test tests/Latchkey.EndToEnd.Tests -c Release --no-build --filter "$filter" \
  --logger "console;verbosity=detailed" >"$work/test.log" 2>&1 || status=$?
grep -E '^\s+(cycle|Sqlite:|PostgreSql:|peak:|soak:|RSS:|failure:|time|[0-9]+s )|Passed |Failed |Error Message' "$work/test.log" || true
exit "$status"
