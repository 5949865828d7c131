#!/usr/bin/env bash
# bench/run.sh: throughput, latency and memory of securityhub-mock against moto_server (the peer)
# and a bare cpp-httplib server (bench-bare-server), all measured in the same run on 127.0.0.1.
#
#   bash bench/run.sh            # builds what it needs, ~1.5 min, writes bench/results.md
#
# Environment (all optional):
#   BUILD_DIR       build tree (default <repo>/build); built with the top-level CMakeLists.txt
#   MOCK_BIN        securityhub-mock binary  (default $BUILD_DIR/securityhub-mock)
#   BARE_BIN        bench-bare-server binary (default $BUILD_DIR/bench/bench-bare-server)
#   MOTO_BIN        moto_server              (default: found on PATH)
#   BENCH_SERVERS   which servers to run     (default "mock moto bare")
#   BENCH_DURATION  seconds per wrk run      (default 5)
#   BENCH_CONNS     connection counts        (default "8 64")
#   BENCH_THREADS   wrk threads              (default 2)
#   BENCH_OUT       results file             (default bench/results.md; "-" = stdout only)
#   BENCH_NO_BUILD  set to 1 to skip the cmake build step
#
# Every server is started here, listens on 127.0.0.1 only and is killed on exit. Each wrk run is
# bounded by BENCH_DURATION; the whole run is bounded by the fixed list of runs below.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
MOCK_BIN="${MOCK_BIN:-$BUILD_DIR/securityhub-mock}"
BARE_BIN="${BARE_BIN:-$BUILD_DIR/bench/bench-bare-server}"
BENCH_SERVERS="${BENCH_SERVERS:-mock moto bare}"
BENCH_DURATION="${BENCH_DURATION:-5}"
BENCH_CONNS="${BENCH_CONNS:-8 64}"
BENCH_THREADS="${BENCH_THREADS:-2}"
BENCH_OUT="${BENCH_OUT:-$BENCH_DIR/results.md}"
LUA="$BENCH_DIR/wrk_call.lua"

ADMIN=111111111111
REGION=us-east-1
MEMBERS=200
HOST=127.0.0.1

log() { echo "[bench] $*" >&2; }
die() { echo "[bench] ERROR: $*" >&2; exit 1; }

for tool in wrk curl jq; do command -v "$tool" >/dev/null || die "$tool not found (apt-get install $tool)"; done

# ---------------------------------------------------------------------------------------------
# Processes: every pid started here is recorded and killed (by pid) on exit.
declare -A PID PORT
WORK="$(mktemp -d /tmp/shmock-bench.XXXXXX)"
cleanup() {
  local s p
  for s in "${!PID[@]}"; do
    p="${PID[$s]}"
    if kill -0 "$p" 2>/dev/null; then kill -TERM "$p" 2>/dev/null || true; fi
  done
  for s in "${!PID[@]}"; do
    p="${PID[$s]}"
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$p" 2>/dev/null; then kill -KILL "$p" 2>/dev/null || true; fi
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------------------------
# Build.
want() { [[ " $BENCH_SERVERS " == *" $1 "* ]]; }
if [[ "${BENCH_NO_BUILD:-0}" != 1 && -f "$ROOT/CMakeLists.txt" ]]; then
  targets=()
  want mock && [[ "$MOCK_BIN" == "$BUILD_DIR/securityhub-mock" ]] && targets+=(securityhub-mock)
  want bare && [[ "$BARE_BIN" == "$BUILD_DIR/bench/bench-bare-server" ]] && targets+=(bench-bare-server)
  if ((${#targets[@]})); then
    log "building ${targets[*]} in $BUILD_DIR"
    [[ -f "$BUILD_DIR/CMakeCache.txt" ]] || cmake -S "$ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$BUILD_DIR" -j2 --target "${targets[@]}" >/dev/null
  fi
fi
if want moto; then
  MOTO_BIN="${MOTO_BIN:-$(command -v moto_server || true)}"
  [[ -n "$MOTO_BIN" ]] || die "moto_server not found"
  # A pyenv shim would add a bash process in front; use the real entry script when we can.
  if [[ "$MOTO_BIN" == */shims/* ]] && command -v pyenv >/dev/null; then
    MOTO_BIN="$(pyenv which moto_server)"
  fi
fi
want mock && { [[ -x "$MOCK_BIN" ]] || die "no mock binary at $MOCK_BIN"; }
want bare && { [[ -x "$BARE_BIN" ]] || die "no bare server binary at $BARE_BIN"; }

# ---------------------------------------------------------------------------------------------
# Start servers.
wait_for_port_line() {  # <name> <stdout file>: waits for "http://127.0.0.1:<port>" on stdout
  local name=$1 file=$2 port=""
  for _ in $(seq 100); do
    port="$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$file" 2>/dev/null | head -1 | sed 's/.*://')" || true
    [[ -n "$port" ]] && break
    kill -0 "${PID[$name]}" 2>/dev/null || die "$name exited at start: $(cat "$WORK/$name.err")"
    sleep 0.1
  done
  [[ -n "$port" ]] || die "$name printed no port"
  PORT[$name]=$port
}
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

if want mock; then
  "$MOCK_BIN" --host "$HOST" --port 0 --log-level warn >"$WORK/mock.out" 2>"$WORK/mock.err" &
  PID[mock]=$!
  wait_for_port_line mock "$WORK/mock.out"
fi
start_bare() {  # after the mock is seeded: it answers the mock's own bodies, when there is a mock
  local bodies=()
  [[ -s "$WORK/mock.list.json" ]] && bodies+=(--list-body "$WORK/mock.list.json")
  [[ -s "$WORK/mock.get.json" ]] && bodies+=(--get-body "$WORK/mock.get.json")
  "$BARE_BIN" --host "$HOST" --port 0 "${bodies[@]}" >"$WORK/bare.out" 2>"$WORK/bare.err" &
  PID[bare]=$!
  wait_for_port_line bare "$WORK/bare.out"
}
if want moto; then
  p="$(free_port)"
  "$MOTO_BIN" -H "$HOST" -p "$p" >"$WORK/moto.out" 2>"$WORK/moto.err" &
  PID[moto]=$!
  PORT[moto]=$p
  for _ in $(seq 150); do
    curl -s -o /dev/null "http://$HOST:$p/moto-api/" && break
    kill -0 "${PID[moto]}" 2>/dev/null || die "moto_server exited at start: $(cat "$WORK/moto.err")"
    sleep 0.1
  done
  curl -s -o /dev/null "http://$HOST:$p/moto-api/" || die "moto_server did not come up on port $p"
fi

# ---------------------------------------------------------------------------------------------
# Requests: fake SigV4 (no server here checks the signature; the mock takes the account from the
# access key id, moto ignores it and uses its default account 123456789012).
AMZ_DATE="$(date -u +%Y%m%dT%H%M%SZ)"
AUTH="AWS4-HMAC-SHA256 Credential=$ADMIN/${AMZ_DATE:0:8}/$REGION/securityhub/aws4_request, SignedHeaders=host;x-amz-date, Signature=$(printf '0%.0s' $(seq 64))"

call() {  # <server> <method> <path> [json body] -> body on stdout; dies unless 200
  local s=$1 m=$2 path=$3 body=${4:-} code
  local args=(-s -o "$WORK/resp" -w '%{http_code}' -X "$m" -H "X-Amz-Date: $AMZ_DATE" -H "Authorization: $AUTH")
  [[ -n "$body" ]] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
  code="$(curl "${args[@]}" "http://$HOST:${PORT[$s]}$path")"
  [[ "$code" == 200 ]] || die "$s: $m $path -> HTTP $code: $(head -c 300 "$WORK/resp")"
  cat "$WORK/resp"
}

member_id() { printf '%012d\n' $((200000000000 + $1)); }

READ_PATH="/members?OnlyAssociated=false&MaxResults=50"
WRITE_PATH="/members/get"
WRITE_BODY="$(for i in $(seq 0 9); do member_id $((i * 20)); done | jq -R . | jq -cs '{AccountIds: .}')"

declare -A RESP_BYTES
seed() {  # <server>: admin hub + 200 members (CreateMembers takes 50 per call)
  local s=$1 out n
  [[ $s == bare ]] && return 0  # stateless
  call "$s" POST /accounts '{}' >/dev/null
  for b in 0 1 2 3; do
    out="$(call "$s" POST /members "$(for i in $(seq $((b * 50)) $((b * 50 + 49))); do member_id "$i"; done |
      jq -R '{AccountId: .}' | jq -cs '{AccountDetails: .}')")"
    n="$(jq '.UnprocessedAccounts | length' <<<"$out")"
    [[ "$n" == 0 ]] || die "$s: CreateMembers left $n unprocessed: $(head -c 300 <<<"$out")"
  done
}
verify() {  # <server>: the two measured calls answer 200 with the expected shape
  local s=$1 out n
  out="$(call "$s" GET "$READ_PATH")"
  [[ $s == mock ]] && printf '%s' "$out" >"$WORK/mock.list.json"
  RESP_BYTES[$s,read]=${#out}
  n="$(jq '.Members | length' <<<"$out")"
  [[ $s == bare || "$n" == 50 ]] || die "$s: ListMembers returned $n members, expected 50"
  out="$(call "$s" POST "$WRITE_PATH" "$WRITE_BODY")"
  [[ $s == mock ]] && printf '%s' "$out" >"$WORK/mock.get.json"
  RESP_BYTES[$s,write]=${#out}
  n="$(jq '.Members | length' <<<"$out")"
  [[ $s == bare || "$n" == 10 ]] || die "$s: GetMembers returned $n members, expected 10"
}
rss_kib() { awk -v k="$2:" '$1 == k {print $2}' "/proc/${PID[$1]}/status"; }

declare -A RSS_SEEDED
for s in $BENCH_SERVERS; do
  [[ $s == bare ]] && start_bare  # last in the order below, so the mock's bodies are captured
  log "$s: pid ${PID[$s]} port ${PORT[$s]}"
  seed "$s"
  verify "$s"
  RSS_SEEDED[$s]="$(rss_kib "$s" VmRSS)"
  log "$s: seeded and verified (RSS ${RSS_SEEDED[$s]} KiB)"
done

# ---------------------------------------------------------------------------------------------
# Load.
declare -A R  # R[server,call,conns,field]
listen_overflows() {  # system-wide TcpExt ListenOverflows (accept queue full -> SYN dropped, retried after 1 s)
  awk '$1 == "TcpExt:" { if (!n) { for (i = 2; i <= NF; i++) col[$i] = i; n = 1 } else print $col["ListenOverflows"] }' /proc/net/netstat
}
run_wrk() {  # <server> <call> <conns> <seconds>
  local s=$1 c=$2 n=$3 d=$4 url method body line kv lo0
  if [[ $c == read ]]; then url="http://$HOST:${PORT[$s]}$READ_PATH"; method=GET; body=""
  else url="http://$HOST:${PORT[$s]}$WRITE_PATH"; method=POST; body="$WRITE_BODY"; fi
  lo0="$(listen_overflows)"
  line="$(BENCH_METHOD=$method BENCH_BODY=$body BENCH_AUTH=$AUTH BENCH_DATE=$AMZ_DATE \
    wrk -t "$BENCH_THREADS" -c "$n" -d "${d}s" --timeout 2s -s "$LUA" "$url" | grep '^BENCH_RESULT')" ||
    die "$s: wrk gave no result"
  for kv in ${line#BENCH_RESULT }; do R[$s,$c,$n,${kv%%=*}]=${kv#*=}; done
  R[$s,$c,$n,listen_drops]=$(($(listen_overflows) - lo0))
}

LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
for s in $BENCH_SERVERS; do run_wrk "$s" read 8 1 >/dev/null; done  # warm-up, not recorded
for c in read write; do
  for n in $BENCH_CONNS; do
    for s in $BENCH_SERVERS; do  # servers interleaved so drift hits all alike
      run_wrk "$s" "$c" "$n" "$BENCH_DURATION"
      log "$(printf '%-5s %-5s c=%-3s %9s req/s  p50 %6s us  p99 %7s us  non-200 %s  socket errors %s  listen drops %s' \
        "$c" "$s" "$n" "${R[$s,$c,$n,rps]}" "${R[$s,$c,$n,p50_us]}" "${R[$s,$c,$n,p99_us]}" \
        "${R[$s,$c,$n,non200]}" \
        "$((R[$s,$c,$n,connect] + R[$s,$c,$n,read] + R[$s,$c,$n,write] + R[$s,$c,$n,timeout]))" \
        "${R[$s,$c,$n,listen_drops]}")"
    done
  done
done

declare -A RSS_PEAK
for s in $BENCH_SERVERS; do
  kill -0 "${PID[$s]}" 2>/dev/null || die "$s died during the run: $(tail -5 "$WORK/$s.err")"
  RSS_PEAK[$s]="$(rss_kib "$s" VmHWM)"
done

# ---------------------------------------------------------------------------------------------
# Report.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'; }
ms() { awk -v u="$1" 'BEGIN { printf "%.2f", u / 1000 }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
get() { echo "${R[$1,$2,$3,$4]:-}"; }
errs() {  # "non-200/socket errors/listen drops" for one run, "-" when the server was not run
  want "$1" || { echo -; return; }
  local se=$(($(get "$1" "$2" "$3" connect) + $(get "$1" "$2" "$3" read) + $(get "$1" "$2" "$3" write) + $(get "$1" "$2" "$3" timeout)))
  echo "$(get "$1" "$2" "$3" non200)/$se/$(get "$1" "$2" "$3" listen_drops)"
}
cell_rps() { want "$1" && printf '%.0f' "$(get "$1" "$2" "$3" rps)" || echo -; }
cell_lat() { want "$1" && echo "$(ms "$(get "$1" "$2" "$3" p50_us)") / $(ms "$(get "$1" "$2" "$3" p99_us)")" || echo -; }
label() { [[ $1 == read ]] && echo 'ListMembers `GET /members?OnlyAssociated=false&MaxResults=50`' ||
  echo 'GetMembers `POST /members/get` (10 ids)'; }

ANY_ERR=0
for s in $BENCH_SERVERS; do for c in read write; do for n in $BENCH_CONNS; do
  e="$(errs "$s" "$c" "$n")"; [[ "$e" == 0/0/0 ]] || ANY_ERR=1
done; done; done

report() {
  local cpu mover
  cpu="$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
  mover="$(python3 -c 'import moto; print(moto.__version__)' 2>/dev/null || echo '?')"
  echo "# securityhub-mock benchmark (latest run)"
  echo
  echo "Run $(date -u +%Y-%m-%dT%H:%M:%SZ) by \`bash bench/run.sh\`; repo commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo none)$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo ' (+ uncommitted changes)')."
  echo "Machine: $(nproc) cores ($cpu), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); wrk and the servers share these $(nproc) cores, so absolute numbers are low and the ratios are what to read."
  echo "Load average (1/5/15 min) just before the load runs: $LOAD_START (other work on the machine; above ~1 the figures are suspect). The runs' own threads (one server thread per connection) raise it during the runs."
  echo "Servers: mock = \`securityhub-mock --log-level warn\`; moto = \`moto_server\` $mover (werkzeug, threaded, its default request log on stderr);"
  echo "bare = \`bench-bare-server\` (cpp-httplib $(pkg-config --modversion cpp-httplib 2>/dev/null || echo '?'), same thread pool, keep-alive and TCP_NODELAY settings as the mock, answering the mock's own bodies captured at the start of this run, no parsing; it also raises the listen backlog from cpp-httplib's hard-coded 5 to SOMAXCONN)."
  echo "State: administrator $ADMIN with Security Hub enabled and $MEMBERS members (CreateMembers, 4 x 50) in each of mock and moto."
  echo "Load: wrk $BENCH_THREADS threads, ${BENCH_DURATION} s per run, keep-alive connections, 2 s timeout, fake SigV4 header; one 1 s warm-up per server."
  echo "moto has no GetInvitationsCount; it does have the two measured calls. moto ignores the access key and stores the members under its default account 123456789012."
  echo
  echo "## Throughput (req/s, higher is better)"
  echo
  echo "| call | conns | mock | moto | bare | mock/moto | mock/bare | non-200/socket errors/listen drops (mock, moto, bare) |"
  echo "|---|---:|---:|---:|---:|---:|---:|---|"
  for c in read write; do for n in $BENCH_CONNS; do
    echo "| $(label "$c") | $n | $(cell_rps mock "$c" "$n") | $(cell_rps moto "$c" "$n") | $(cell_rps bare "$c" "$n") |" \
      "$(ratio "$(get mock "$c" "$n" rps)" "$(get moto "$c" "$n" rps)") | $(ratio "$(get mock "$c" "$n" rps)" "$(get bare "$c" "$n" rps)") |" \
      "$(errs mock "$c" "$n"), $(errs moto "$c" "$n"), $(errs bare "$c" "$n") |"
  done; done
  echo
  echo "Errors column: non-200 responses (counted in wrk's Lua \`response\`) / wrk socket errors (connect+read+write+timeout) / kernel listen-queue overflows during the run (TcpExt ListenOverflows; each is a dropped SYN the client retries after 1 s, which shows up in p99)."
  echo
  echo "## Latency (ms, p50 / p99, lower is better)"
  echo
  echo "| call | conns | mock | moto | bare | p50 mock/moto | p99 mock/moto | p50 mock/bare | p99 mock/bare |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  for c in read write; do for n in $BENCH_CONNS; do
    echo "| $(label "$c") | $n | $(cell_lat mock "$c" "$n") | $(cell_lat moto "$c" "$n") | $(cell_lat bare "$c" "$n") |" \
      "$(ratio "$(get mock "$c" "$n" p50_us)" "$(get moto "$c" "$n" p50_us)") | $(ratio "$(get mock "$c" "$n" p99_us)" "$(get moto "$c" "$n" p99_us)") |" \
      "$(ratio "$(get mock "$c" "$n" p50_us)" "$(get bare "$c" "$n" p50_us)") | $(ratio "$(get mock "$c" "$n" p99_us)" "$(get bare "$c" "$n" p99_us)") |"
  done; done
  echo
  echo "## Memory (MiB, lower is better)"
  echo
  echo "| server | RSS after seeding | peak RSS (VmHWM, after all runs) | peak mock/this |"
  echo "|---|---:|---:|---:|"
  for s in $BENCH_SERVERS; do
    echo "| $s | $(mib "${RSS_SEEDED[$s]}") | $(mib "${RSS_PEAK[$s]}") | $(want mock && ratio "${RSS_PEAK[mock]}" "${RSS_PEAK[$s]}" || echo n/a) |"
  done
  echo
  echo "Response body sizes (bytes, ListMembers / GetMembers):$(for s in $BENCH_SERVERS; do printf ' %s %s / %s;' "$s" "${RESP_BYTES[$s,read]}" "${RESP_BYTES[$s,write]}"; done)"
  echo "The bare server sends the same bytes as the mock, so mock/bare is the cost of the mock's own work (routing, auth parsing, state, JSON) on top of the same HTTP stack."
  if ((ANY_ERR)); then
    echo
    echo "**Errors during load:** some runs above have non-200 responses, socket errors (connect/read/write/timeout) or listen-queue drops; see the errors column."
  fi
}

if [[ "$BENCH_OUT" == - ]]; then
  report
else
  report | tee "$BENCH_OUT"
  log "wrote $BENCH_OUT"
fi
awk -v l="${LOAD_START%% *}" 'BEGIN { exit !(l > 1) }' &&
  log "WARNING: load average ${LOAD_START%% *} before the runs: other work may have shared the cores; rerun on a quiet machine"
((ANY_ERR)) && log "WARNING: non-200 responses, socket errors or listen drops during load (see table)"
exit 0
