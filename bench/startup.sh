#!/usr/bin/env bash
# Start-up with and without ReadyToRun: publishes `latchkey` twice (framework-dependent,
# linux-x64, PublishReadyToRun false/true), then starts each RUNS times on one data folder
# (created once by `latchkey bootstrap`) and prints the milliseconds from exec to the first
# `/health/ready` 200 and to the first accepted signed call (STS GetCallerIdentity, V1 GET with
# curl, pre-signed by bench/Latchkey.LoadGen), the
# publish folder's size, and the median of each. The JIT variant is what `dotnet build` and the
# .NET tool give; ReadyToRun precompiles the assemblies so less is JIT-compiled at start.
#
# Usage: bench/startup.sh            Env: RUNS=7  SKIP_PUBLISH=1 (reuse the last publish)
# Bounded: two publishes (~1-2 min; the first downloads the crossgen2 pack once) + RUNS x 2 starts.
set -euo pipefail

runs=${RUNS:-7}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out="$root/artifacts/startup"
if [[ "${SKIP_PUBLISH:-}" != 1 ]]; then
  for variant in jit r2r; do
    r2r=false; [[ $variant == r2r ]] && r2r=true
    rm -rf "${out:?}/$variant"
    dotnet publish src/Latchkey.Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=$r2r \
      -o "$out/$variant" -v q -nologo >/dev/null
  done
  dotnet build bench/Latchkey.LoadGen -c Release -v q -nologo >/dev/null
fi
loadgen="$root/artifacts/bin/Latchkey.LoadGen/release/Latchkey.LoadGen"

work=$(mktemp -d)
pid=""
cleanup() { [[ -n "$pid" ]] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

boot=$(printf 'bench-password-1A!' | "$out/jit/latchkey" bootstrap --data "$work/data" --account-name bench --password-stdin --create-access-key)
key_id=$(sed -E 's/.*"AccessKeyId":"([^"]+)".*/\1/' <<<"$boot")
secret=$(sed -E 's/.*"AccessKeySecret":"([^"]+)".*/\1/' <<<"$boot")
"$loadgen" sts-v1 $(( runs * 2 )) 127.0.0.1:1 "$key_id" "$secret" "$work/calls.txt"
call_no=0

echo "# bench/startup.sh: $(date -u +%FT%TZ), $(nproc) cores, RUNS=$runs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| Variant | Publish size | ready ms (median) | first signed call ms (median) | all ready ms | all first call ms |"
echo "|---|---:|---:|---:|---|---|"
for variant in jit r2r; do
  readies=() calls=()
  for _ in $(seq 1 "$runs"); do
    port=$(free_port)
    start=$(date +%s%N)
    "$out/$variant/latchkey" serve --data "$work/data" --urls "http://127.0.0.1:$port" >"$work/server.log" 2>&1 &
    pid=$!
    ready=""
    for _ in $(seq 1 3000); do
      curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && { ready=$(( ($(date +%s%N) - start) / 1000000 )); break; }
      kill -0 "$pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
      sleep 0.01
    done
    # The first accepted signed call (key look-up, signature, response): what a client waits for.
    call_no=$(( call_no + 1 ))
    target=$(sed -n "${call_no}p" "$work/calls.txt" | cut -f2)
    curl -fs "http://127.0.0.1:$port$target" >/dev/null || { echo "the signed call was refused" >&2; exit 1; }
    call=$(( ($(date +%s%N) - start) / 1000000 ))
    kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
    readies+=("$ready"); calls+=("$call")
  done
  median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
  printf "| %s | %s | %s | %s | %s | %s |\n" "$variant" "$(du -sh "$out/$variant" | cut -f1)" "$(median "${readies[@]}")" "$(median "${calls[@]}")" "${readies[*]}" "${calls[*]}"
done
