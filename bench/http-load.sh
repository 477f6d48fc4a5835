#!/usr/bin/env bash
# HTTP load on loopback: `latchkey serve` (Release) on a fresh data folder and a free 127.0.0.1
# port, driven by wrk with one setting for every scenario, so the rows of one run compare as
# ratios. Signed scenarios send pre-generated requests (fresh nonce, current timestamp) each once.
# Usage: bench/http-load.sh [DURATION_SECONDS (5)] [CONNECTIONS (16)]
# Env: SKIP_BUILD=1 to reuse the Release build; SIGNED_COUNT (requests generated per scenario);
# SERVER_ARGS (extra `latchkey serve` arguments, e.g. --Logging:LogLevel:Default=Warning).
set -euo pipefail

duration=${1:-5}
connections=${2:-16}
count=${SIGNED_COUNT:-$((duration * 60000))}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

if ! command -v wrk >/dev/null; then
  apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
fi

if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  dotnet build src/Latchkey.Cli -c Release -v q -nologo >/dev/null
  dotnet build bench/Latchkey.LoadGen -c Release -v q -nologo >/dev/null
fi
latchkey="$root/artifacts/bin/Latchkey.Cli/release/latchkey"
loadgen="$root/artifacts/bin/Latchkey.LoadGen/release/Latchkey.LoadGen"

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

port=""
for _ in $(seq 1 50); do
  candidate=$((20000 + RANDOM % 40000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[[ -n "$port" ]] || { echo "no free port" >&2; exit 1; }
host="127.0.0.1:$port"
base="http://$host"

boot=$(printf 'bench-password-1A!' | "$latchkey" bootstrap --data "$work/data" --account-name bench --password-stdin --create-access-key)
key_id=$(sed -E 's/.*"AccessKeyId":"([^"]+)".*/\1/' <<<"$boot")
secret=$(sed -E 's/.*"AccessKeySecret":"([^"]+)".*/\1/' <<<"$boot")

"$latchkey" serve --data "$work/data" --urls "$base" ${SERVER_ARGS:-} >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fs "$base/health/live" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.2
done
curl -fs "$base/health/live" >/dev/null

for kind in sts-v1 sts-v3 ram-v3 badsig-v1; do
  "$loadgen" "$kind" "$count" "$host" "$key_id" "$secret" "$work/$kind.txt" &
done
"$loadgen" sts-v1 $((2 * 60000)) "$host" "$key_id" "$secret" "$work/warm-v1.txt" &
"$loadgen" sts-v3 $((2 * 60000)) "$host" "$key_id" "$secret" "$work/warm-v3.txt" &
"$loadgen" sts-v1 1 "$host" "$key_id" "$secret" "$work/replay.txt" &
wait $(jobs -p | grep -v "^$server_pid$")

# The replayed request is accepted once, then refused on every resend (SignatureNonceUsed).
replay_path=$(cut -f2 "$work/replay.txt")
curl -fs "$base$replay_path" >/dev/null || { echo "the request to replay was not accepted" >&2; exit 1; }

lua="$root/bench/http-load.lua"
run() { # name url wrk-args... ; prints "name RESULT ..."
  local name=$1 url=$2; shift 2
  local out
  out=$(wrk -t1 -c"$connections" -d"${duration}s" --timeout 5s -s "$lua" "$url" "$@" | grep '^RESULT')
  echo "$name $out"
}

# Warm-up (tiered JIT, connection pools, caches); not reported.
wrk -t1 -c"$connections" -d2s -s "$lua" "$base/health/live" >/dev/null
wrk -t1 -c"$connections" -d2s -s "$lua" "$base/" -- "$work/warm-v1.txt" >/dev/null
wrk -t1 -c"$connections" -d2s -s "$lua" "$base/" -- "$work/warm-v3.txt" >/dev/null

results=$(
  run health-live "$base/health/live"
  run sts-v1 "$base/" -- "$work/sts-v1.txt"
  run sts-v3 "$base/" -- "$work/sts-v3.txt"
  run ram-v3 "$base/" -- "$work/ram-v3.txt"
  run badsig-v1 "$base/" -- "$work/badsig-v1.txt"
  run replay-v1 "$base/" -- "$work/replay.txt" replay
)

echo "wrk -t1 -c$connections -d${duration}s on $base; $(nproc) cores shared by client and server; $count requests generated per signed scenario"
echo
echo "| Scenario | Requests | req/s | Ratio to /health/live | p50 ms | p99 ms | non-2xx | socket errors |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
awk '
  { for (i = 3; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] } }
  NR == 1 { base = v["rps"] }
  { printf "| %s | %d | %d | %.2f | %.2f | %.2f | %d | %d |\n", $1, v["requests"], v["rps"], v["rps"] / base, v["p50_ms"], v["p99_ms"], v["non2xx"], v["socket_errors"] }
' <<<"$results"

status=0
while read -r name _ rest; do
  declare -A v=()
  for kv in $rest; do v[${kv%%=*}]=${kv#*=}; done
  case $name in
    sts-v1|sts-v3|ram-v3|health-live)
      if [[ ${v[non2xx]} != 0 || ${v[overflow]} != 0 ]]; then
        echo "FAIL $name: ${v[non2xx]} non-2xx, ${v[overflow]} requests beyond the generated $count (raise SIGNED_COUNT)" >&2; status=1
      fi ;;
    badsig-v1|replay-v1)
      if [[ ${v[non2xx]} != "${v[requests]}" ]]; then
        echo "FAIL $name: ${v[non2xx]} of ${v[requests]} refused; every one must be" >&2; status=1
      fi ;;
  esac
  unset v
done <<<"$results"
exit $status
