#!/usr/bin/env bash
# Latchkey next to a plain Kestrel endpoint in one run (issue 10's measurement): signed V1/V3
# GetCallerIdentity (fresh nonce each) and V3 ListAccessKeys against `latchkey serve` with the
# default configuration, and a small JSON body from plain Kestrel (Latchkey.LoadGen kestrel),
# at 1, 8 and 32 connections, first with an empty nonce window, then again after FILL more
# signed calls (default: as many as it takes to have more than 1,100,000 nonces remembered, read
# from the server's gauge; 1,100,000 when dotnet-counters is missing). Prints ratios, p50/p99, the
# server's RSS, nonces remembered, the load average, and allocations per request (dotnet-counters,
# whole process) of Latchkey and of plain Kestrel given the very same signed requests (Kestrel's
# own share of a call: its strings for the request line and headers).
# At 32 connections the rows run REPEAT times, alternating with plain Kestrel, and each row prints
# its medians and every round's ratio and p99 (one disturbed 5 s window no longer decides a row).
#
# Usage: bench/http-compare.sh
# Env:   DURATION=5 (seconds per wrk row)  REPEAT=3  FILL=auto  SEED_KEYS=0 (keys seeded into the store
#        first, bench/seed-keys.py)  SERVER_ARGS (extra `latchkey serve` arguments)
#        SERVER_ENV (e.g. "DOTNET_gcServer=1"; applied to both servers)  SKIP_BUILD=1
# Bounded: about 6.5 minutes on 2 cores (REPEAT=1: about 4). Needs wrk, curl, python3; dotnet-counters
# (~/.dotnet/tools, see TESTING.md) for the nonce and allocation columns (else "n/a").
set -euo pipefail

duration=${DURATION:-5}
fill=${FILL:-auto}
repeat=${REPEAT:-3}
seed=${SEED_KEYS:-0}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
counters=${DOTNET_COUNTERS:-$HOME/.dotnet/tools/dotnet-counters}

if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  dotnet build src/Latchkey.Cli -c Release -v q -nologo >/dev/null
  dotnet build bench/Latchkey.LoadGen -c Release -v q -nologo >/dev/null
fi
latchkey="$root/artifacts/bin/Latchkey.Cli/release/latchkey"
loadgen="$root/artifacts/bin/Latchkey.LoadGen/release/Latchkey.LoadGen"
lua="$root/bench/http-load.lua"

work=$(mktemp -d)
server_pid="" kestrel_pid=""
cleanup() {
  for pid in $server_pid $kestrel_pid; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
host="127.0.0.1:$(free_port)"
khost="127.0.0.1:$(free_port)"
base="http://$host"

boot=$(printf 'bench-password-1A!' | "$latchkey" bootstrap --data "$work/data" --account-name bench --password-stdin --create-access-key)
key_id=$(sed -E 's/.*"AccessKeyId":"([^"]+)".*/\1/' <<<"$boot")
secret=$(sed -E 's/.*"AccessKeySecret":"([^"]+)".*/\1/' <<<"$boot")
if (( seed > 0 )); then python3 "$root/bench/seed-keys.py" "$work/data" "$seed"; fi

start_ns=$(date +%s%N)
env ${SERVER_ENV:-} "$latchkey" serve --data "$work/data" --urls "$base" ${SERVER_ARGS:-} >"$work/server.log" 2>&1 &
server_pid=$!
env ${SERVER_ENV:-} "$loadgen" kestrel "$khost" >"$work/kestrel.log" 2>&1 &
kestrel_pid=$!
for _ in $(seq 1 300); do
  curl -fs "$base/health/ready" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.05
done
ready_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
for _ in $(seq 1 100); do curl -fs "http://$khost/" >/dev/null 2>&1 && break; sleep 0.1; done
# The id set loads in the background: wait for it, so the rows measure the steady state.
for _ in $(seq 1 600); do grep -q "AccessKeyIds: unknown ids" "$work/server.log" && break; sleep 0.05; done
ids_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))

rss_mb() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$server_pid/status"; }
nonces() {
  [[ -x "$counters" ]] || { echo n/a; return; }
  for _ in 1 2 3; do # an attach can fail right after another session ended: try again
    rm -f "$work/nonces.csv"
    "$counters" collect -p "$server_pid" --counters Latchkey --refresh-interval 1 --duration 00:00:02 --format csv -o "$work/nonces.csv" </dev/null >/dev/null 2>&1 \
      && [[ -s "$work/nonces.csv" ]] && grep -q latchkey.nonces.remembered "$work/nonces.csv" \
      && { awk -F, '/latchkey.nonces.remembered/ { v = $NF } END { printf "%d", v }' "$work/nonces.csv"; return; }
    sleep 1
  done
  echo n/a
}

accepted=0
wrk_row() { # label url [file] -> "label rps p50 p99 non2xx requests"
  local label=$1 url=$2 file=${3:-}
  local out
  if [[ -n "$file" ]]; then
    out=$(wrk -t1 -c"$conns" -d"${duration}s" --timeout 5s -s "$lua" "$url" -- "$file" | grep '^RESULT')
  else
    out=$(wrk -t1 -c"$conns" -d"${duration}s" --timeout 5s -s "$lua" "$url" | grep '^RESULT')
  fi
  declare -A v=()
  for kv in ${out#RESULT }; do v[${kv%%=*}]=${kv#*=}; done
  echo "$label ${v[rps]} ${v[p50_ms]} ${v[p99_ms]} ${v[non2xx]} ${v[requests]} ${v[overflow]}"
}

signed_file() { # kind count -> path
  "$loadgen" "$1" "$2" "$host" "$key_id" "$secret" "$work/$1.txt"
  echo "$work/$1.txt"
}

alloc_per_request() { # kind|kestrel [kestrel]: a wrk row with dotnet-counters attached; prints bytes/request
  local kind=$1 file="" pid=$server_pid url=$base/
  [[ "$kind" == kestrel ]] || file=$(signed_file "$kind" $(( duration * 100000 )))
  # "kestrel" as the second argument sends the same signed requests to plain Kestrel instead.
  if [[ "$kind" == kestrel || "${2:-}" == kestrel ]]; then pid=$kestrel_pid; url=http://$khost/; fi
  if [[ ! -x "$counters" ]]; then echo "n/a"; return; fi
  rm -f "$work/gc.csv"
  "$counters" collect -p "$pid" --counters System.Runtime --refresh-interval 1 --duration 00:05:00 \
    --format csv -o "$work/gc.csv" </dev/null >/dev/null 2>&1 &
  local cpid=$!
  # dotnet-counters takes seconds to attach on a busy machine: start the load once it reports.
  for _ in $(seq 1 120); do grep -q total_allocated "$work/gc.csv" 2>/dev/null && break; sleep 0.5; done
  local row
  row=$(wrk_row "$kind" "$url" "$file")
  sleep 2
  kill "$cpid" 2>/dev/null || true; wait "$cpid" 2>/dev/null || true
  [[ -z "$file" ]] || rm -f "$file"
  # Allocated bytes in the intervals that fall inside the wrk run, over the requests it made.
  python3 - "$work/gc.csv" "$row" <<'PY'
import csv, sys
path, row = sys.argv[1], sys.argv[2].split()
requests = int(row[5])
total = 0.0
for r in csv.reader(open(path)):
    if len(r) < 5 or "total_allocated" not in r[2]: continue
    total += float(r[4])
# Everything the process allocated while collecting (the run, plus a few idle seconds that allocate
# next to nothing) over the requests the run made.
print(f"{total / max(requests, 1):.0f}")
PY
}

echo "# bench/http-compare.sh: $(date -u +%FT%TZ), $(nproc) cores shared by wrk and both servers, wrk -t1 -d${duration}s, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# SERVER_ENV='${SERVER_ENV:-}' SERVER_ARGS='${SERVER_ARGS:-}' SEED_KEYS=$seed"
echo "ready (/health/ready 200) after ${ready_ms} ms; AccessKeyIds loaded after ${ids_ms} ms; RSS $(rss_mb) MB"

# Warm-up of both (tiered JIT, pools); not reported.
conns=32
wrk -t1 -c32 -d2s "http://$khost/" >/dev/null
f=$(signed_file sts-v1 120000); wrk -t1 -c32 -d2s -s "$lua" "$base/" -- "$f" >/dev/null; rm -f "$f"
f=$(signed_file sts-v3 120000); wrk -t1 -c32 -d2s -s "$lua" "$base/" -- "$f" >/dev/null; rm -f "$f"

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

table() { # phase
  echo
  echo "load average before the $1 rows: $(loadavg)"
  echo "| Phase | Connections | Row | req/s | Ratio to Kestrel | p50 ms | p99 ms | non-2xx | Rounds (ratio; p99 ms) |"
  echo "|---|---:|---|---:|---:|---:|---:|---:|---|"
  local phase=$1 row k round rounds kind
  for conns in ${CONNECTIONS:-1 8 32}; do
    # At 32 connections one disturbed 5 s window used to decide a row: there, REPEAT rounds each
    # run plain Kestrel and then every signed row, and each row reports its median over the rounds
    # (req/s, ratio to its own round's Kestrel, p50, p99) and every round's ratio and p99.
    rounds=1
    if (( conns == 32 )); then rounds=$repeat; fi
    declare -A rps=() ratio=() p50=() p99=() non=() invalid=()
    for (( round = 1; round <= rounds; round++ )); do
      k=$(wrk_row kestrel "http://$khost/")
      read -r _ krps kp50 kp99 knon _ <<<"$k"
      rps[kestrel]+="$krps " ratio[kestrel]+="1 " p50[kestrel]+="$kp50 " p99[kestrel]+="$kp99 " non[kestrel]=$(( ${non[kestrel]:-0} + knon ))
      for kind in ${KINDS:-sts-v1 sts-v3 ram-v3}; do
        # Each signed request is sent once: enough for a row at Kestrel's own rate and more.
        f=$(signed_file "$kind" $(awk -v r="$krps" -v d="$duration" 'BEGIN { printf "%d", r * d * 1.4 + 20000 }'))
        row=$(wrk_row "$kind" "$base/" "$f")
        rm -f "$f"
        read -r _ rrps r50 r99 rnon _ overflow <<<"$row"
        rps[$kind]+="$rrps " ratio[$kind]+="$(awk -v a="$rrps" -v b="$krps" 'BEGIN { print a / b }') "
        p50[$kind]+="$r50 " p99[$kind]+="$r99 " non[$kind]=$(( ${non[$kind]:-0} + rnon ))
        if (( overflow > 0 )); then invalid[$kind]=" (INVALID: requests ran out, $overflow resent)"; fi
      done
    done
    for kind in kestrel ${KINDS:-sts-v1 sts-v3 ram-v3}; do
      local label=$kind each=""
      [[ $kind == kestrel ]] && label="plain Kestrel"
      if (( rounds > 1 )); then
        each=$(paste -d';' <(tr ' ' '\n' <<<"${ratio[$kind]}" | sed '/^$/d') <(tr ' ' '\n' <<<"${p99[$kind]}" | sed '/^$/d') \
          | awk -F';' '{ printf "%s%.2f; %.2f", (NR > 1 ? " / " : ""), $1, $2 }')
      fi
      printf "| %s | %d | %s | %.0f | %.2f | %.2f | %.2f | %d%s | %s |\n" "$phase" "$conns" "$label" \
        "$(tr ' ' '\n' <<<"${rps[$kind]}" | sed '/^$/d' | median)" "$(tr ' ' '\n' <<<"${ratio[$kind]}" | sed '/^$/d' | median)" \
        "$(tr ' ' '\n' <<<"${p50[$kind]}" | sed '/^$/d' | median)" "$(tr ' ' '\n' <<<"${p99[$kind]}" | sed '/^$/d' | median)" \
        "${non[$kind]}" "${invalid[$kind]:-}" "$each"
    done
  done
}

table "empty window"
echo
echo "RSS $(rss_mb) MB; nonces remembered $(nonces)"
if [[ "$fill" == auto ]]; then
  remembered=$(nonces)
  if [[ "$remembered" =~ ^[0-9]+$ ]]; then fill=$(( remembered >= 1100000 ? 0 : 1100000 - remembered )); else fill=1100000; fi
  (( fill > 0 )) || fill=1 # the "after fill" rows still run, now with more than a million nonces remembered
fi
if (( fill > 0 )); then
  "$loadgen" fill "$fill" "$host" "$key_id" "$secret" 32
  echo "RSS $(rss_mb) MB; nonces remembered $(nonces)"
  CONNECTIONS=${CONNECTIONS_FULL:-32} table "after fill"
  echo
  echo "RSS $(rss_mb) MB; nonces remembered $(nonces)"
fi
conns=32
echo "allocated per request by plain Kestrel (dotnet-counters, 32 connections, whole process): $(alloc_per_request kestrel) B"
echo "allocated per request by plain Kestrel given the sts-v1 requests (its own share of them): $(alloc_per_request sts-v1 kestrel) B"
echo "allocated per request by plain Kestrel given the sts-v3 requests (its own share of them): $(alloc_per_request sts-v3 kestrel) B"
echo "allocated per accepted sts-v1 call (dotnet-counters, 32 connections, whole process): $(alloc_per_request sts-v1) B"
echo "allocated per accepted sts-v3 call (dotnet-counters, 32 connections, whole process): $(alloc_per_request sts-v3) B"
echo "final RSS $(rss_mb) MB; nonces remembered $(nonces); load average $(loadavg)"
