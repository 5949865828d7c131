#!/usr/bin/env bash
# bench/run.sh: every figure of issue 11's table in one run, each as a ratio against what it is
# compared with in the same run: securityhub-mock against moto_server (the peer) and a bare
# cpp-httplib server (bench-bare-server) answering the mock's own bodies, on 127.0.0.1.
#
#   bash bench/run.sh            # builds what it needs, ~2 min, writes bench/results.md
#
# Figures (bench/README.md says how each is measured):
#   ListMembers and GetMembers req/s, p50/p99 and server CPU a request, 8 and 64 connections,
#   mock vs moto vs bare; start-up to the first 200 on /_mock/health; ListMembers with the API
#   default OnlyAssociated=true, administrator with 5,000 members vs 50, read cache on and off;
#   CreateMembers on a file database (members/s); invitation lifecycles a second; RSS idle,
#   after seeding, after loading the 5,000-member fixture and at peak under the read load.
#
# Environment (all optional):
#   BUILD_DIR       build tree (default <repo>/build); built with the top-level CMakeLists.txt
#   MOCK_BIN        securityhub-mock binary  (default $BUILD_DIR/securityhub-mock); may be an
#                   older build: a figure it cannot give is reported n/a with the reason
#   BARE_BIN        bench-bare-server binary (default $BUILD_DIR/bench/bench-bare-server)
#   CLIENT_BIN      bench-client binary      (default $BUILD_DIR/bench/bench-client)
#   MOTO_BIN        moto_server              (default: found on PATH)
#   BENCH_SERVERS   servers of the throughput runs (default "mock moto bare")
#   BENCH_DURATION  seconds per wrk round    (default 1)
#   BENCH_ROUNDS    rounds per wrk figure    (default 5): the servers take turns a round at a time,
#                   and each figure is the median of its rounds (errors are summed)
#   BENCH_CONNS     connection counts        (default "8 64")
#   BENCH_THREADS   wrk threads              (default 2)
#   BENCH_PARTS     figures besides the throughput runs (default "startup scale create lifecycle")
#   BENCH_STARTUP_RUNS      start-ups measured per binary            (default 10)
#   BENCH_LARGE_FIXTURE     the 5,000-member fixture (default fixtures/large-5000.json)
#   BENCH_SMALL_MEMBERS     members in the small fixture cut from it  (default 50)
#   BENCH_CREATE_MEMBERS    members CreateMembers creates (a run)     (default 100000)
#   BENCH_CREATE_SECONDS    ... or until this many seconds passed     (default 15)
#   BENCH_LIFECYCLES        invitation lifecycles                     (default 10000)
#   BENCH_LIFECYCLE_SECONDS ... or until this many seconds passed     (default 10)
#   BENCH_CLIENT_CONNS      connections of bench-client               (default 4)
#   BENCH_OUT       results file             (default bench/results.md; "-" = stdout only)
#   BENCH_NO_BUILD  set to 1 to skip the cmake build step
#
# Every server is started here, listens on 127.0.0.1 only and is killed (by pid) on exit. Each
# wrk run is bounded by BENCH_DURATION and each bench-client run by its count and its seconds.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/.." && pwd)"
COMMAND="$(env | { grep -E '^(BUILD_DIR|MOCK_BIN|BARE_BIN|CLIENT_BIN|MOTO_BIN|BENCH_[A-Z_]+)=' || true; } | sort | tr '\n' ' ')bash bench/run.sh${*:+ $*}"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
MOCK_BIN="${MOCK_BIN:-$BUILD_DIR/securityhub-mock}"
BARE_BIN="${BARE_BIN:-$BUILD_DIR/bench/bench-bare-server}"
CLIENT_BIN="${CLIENT_BIN:-$BUILD_DIR/bench/bench-client}"
BENCH_SERVERS="${BENCH_SERVERS:-mock moto bare}"
BENCH_DURATION="${BENCH_DURATION:-1}"
BENCH_ROUNDS="${BENCH_ROUNDS:-5}"
BENCH_CONNS="${BENCH_CONNS:-8 64}"
BENCH_THREADS="${BENCH_THREADS:-2}"
BENCH_PARTS="${BENCH_PARTS:-startup scale create lifecycle}"
BENCH_STARTUP_RUNS="${BENCH_STARTUP_RUNS:-10}"
BENCH_LARGE_FIXTURE="${BENCH_LARGE_FIXTURE:-$ROOT/fixtures/large-5000.json}"
BENCH_SMALL_MEMBERS="${BENCH_SMALL_MEMBERS:-50}"
BENCH_CREATE_MEMBERS="${BENCH_CREATE_MEMBERS:-100000}"
BENCH_CREATE_SECONDS="${BENCH_CREATE_SECONDS:-15}"
BENCH_LIFECYCLES="${BENCH_LIFECYCLES:-10000}"
BENCH_LIFECYCLE_SECONDS="${BENCH_LIFECYCLE_SECONDS:-10}"
BENCH_CLIENT_CONNS="${BENCH_CLIENT_CONNS:-4}"
BENCH_OUT="${BENCH_OUT:-$BENCH_DIR/results.md}"
LUA="$BENCH_DIR/wrk_call.lua"

ADMIN=111111111111
REGION=us-east-1
MEMBERS=200
HOST=127.0.0.1
CLK_TCK="$(getconf CLK_TCK)"

log() { echo "[bench] $*" >&2; }
die() { echo "[bench] ERROR: $*" >&2; exit 1; }

for tool in wrk curl jq; do command -v "$tool" >/dev/null || die "$tool not found (apt-get install $tool)"; done

# ---------------------------------------------------------------------------------------------
# Processes: every pid started here is recorded and killed (by pid) on exit.
declare -A PID PORT
WORK="$(mktemp -d /tmp/shmock-bench.XXXXXX)"
stop_server() {  # <name>: SIGTERM, SIGKILL after 5 s
  local p="${PID[$1]:-}"
  [[ -n "$p" ]] || return 0
  if kill -0 "$p" 2>/dev/null; then kill -TERM "$p" 2>/dev/null || true; fi
  for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$p" 2>/dev/null; then kill -KILL "$p" 2>/dev/null || true; fi
  wait "$p" 2>/dev/null || true
  unset 'PID[$1]'
}
cleanup() {
  local s
  for s in "${!PID[@]}"; do kill -TERM "${PID[$s]}" 2>/dev/null || true; done
  for s in "${!PID[@]}"; do stop_server "$s"; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

want() { [[ " $BENCH_SERVERS " == *" $1 "* ]]; }
part() { [[ " $BENCH_PARTS " == *" $1 "* ]]; }

# ---------------------------------------------------------------------------------------------
# Build.
if [[ "${BENCH_NO_BUILD:-0}" != 1 && -f "$ROOT/CMakeLists.txt" ]]; then
  targets=()
  want mock && [[ "$MOCK_BIN" == "$BUILD_DIR/securityhub-mock" ]] && targets+=(securityhub-mock)
  [[ "$BARE_BIN" == "$BUILD_DIR/bench/bench-bare-server" ]] && targets+=(bench-bare-server)
  [[ "$CLIENT_BIN" == "$BUILD_DIR/bench/bench-client" ]] && targets+=(bench-client)
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
[[ -n "${BENCH_PARTS// /}" ]] && { [[ -x "$CLIENT_BIN" ]] || die "no bench-client binary at $CLIENT_BIN"; }
[[ -x "$MOCK_BIN" ]] && MOCK_HELP="$("$MOCK_BIN" --help 2>&1 || true)" || MOCK_HELP=""
has_flag() { [[ "$MOCK_HELP" == *"$1"* ]]; }

# ---------------------------------------------------------------------------------------------
# Starting servers. FAIL is the reason of the last thing that failed without ending the run.
FAIL=""
start_server() {  # <name> <binary> [args...]: on 127.0.0.1, --port 0; 1 (and FAIL) if it does not print its port
  local name=$1 bin=$2 port=""
  shift 2
  "$bin" --host "$HOST" --port 0 "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
  PID[$name]=$!
  for _ in $(seq 600); do  # 30 s: an older build may take long to load a large fixture
    port="$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$WORK/$name.out" 2>/dev/null | head -1 | sed 's/.*://')" || true
    [[ -n "$port" ]] && break
    if ! kill -0 "${PID[$name]}" 2>/dev/null; then
      FAIL="$(basename "$bin") $* exited at start: $(head -c 300 "$WORK/$name.err" | tr '\n' ' ')"
      unset 'PID[$name]'
      return 1
    fi
    sleep 0.05
  done
  if [[ -z "$port" ]]; then
    FAIL="$(basename "$bin") printed no port within 30 s"
    stop_server "$name"
    return 1
  fi
  PORT[$name]=$port
}
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# ---------------------------------------------------------------------------------------------
# Requests: fake SigV4 (no server here checks the signature; the mock takes the account from the
# access key id, moto ignores it and uses its default account 123456789012).
AMZ_DATE="$(date -u +%Y%m%dT%H%M%SZ)"
auth_as() { echo "AWS4-HMAC-SHA256 Credential=$1/${AMZ_DATE:0:8}/$REGION/securityhub/aws4_request, SignedHeaders=host;x-amz-date, Signature=$(printf '0%.0s' $(seq 64))"; }
AUTH="$(auth_as "$ADMIN")"

try_call() {  # <server> <method> <path> [json body] -> body in RESP; 1 (and FAIL) unless 200. Signed as $AS (default ADMIN).
  local s=$1 m=$2 path=$3 body=${4:-} code
  RESP=""
  local args=(-s -o "$WORK/resp" -w '%{http_code}' -X "$m" -H "X-Amz-Date: $AMZ_DATE" -H "Authorization: $(auth_as "${AS:-$ADMIN}")")
  [[ -n "$body" ]] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
  code="$(curl "${args[@]}" "http://$HOST:${PORT[$s]}$path")" || code=000
  if [[ "$code" != 200 ]]; then
    FAIL="$m $path -> HTTP $code: $(head -c 200 "$WORK/resp" 2>/dev/null)"
    return 1
  fi
  RESP="$(cat "$WORK/resp")"
}
call() { try_call "$@" || die "$1: $FAIL"; printf '%s' "$RESP"; }  # -> body on stdout; dies unless 200

member_id() { printf '%012d\n' $((200000000000 + $1)); }

READ_PATH="/members?OnlyAssociated=false&MaxResults=50"
DEFAULT_PATH="/members?MaxResults=50"  # OnlyAssociated absent: the API default, true
WRITE_PATH="/members/get"
WRITE_BODY="$(for i in $(seq 0 9); do member_id $((i * 20)); done | jq -R . | jq -cs '{AccountIds: .}')"

rss_kib() { awk -v k="$2:" '$1 == k {print $2}' "/proc/${PID[$1]}/status"; }
cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/${PID[$1]}/stat"; }  # utime + stime, all threads

# ---------------------------------------------------------------------------------------------
# Load. R[server,call,conns,field]; call: read, write, default (DEFAULT_PATH).
declare -A R
listen_overflows() {  # system-wide TcpExt ListenOverflows (accept queue full -> SYN dropped, retried after 1 s)
  awk '$1 == "TcpExt:" { if (!n) { for (i = 2; i <= NF; i++) col[$i] = i; n = 1 } else print $col["ListenOverflows"] }' /proc/net/netstat
}
run_wrk() {  # <server> <call> <conns> <seconds>; signed as $AS (default ADMIN)
  local s=$1 c=$2 n=$3 d=$4 url method=GET body="" line kv lo0 cpu0 ticks
  case $c in
    read) url="http://$HOST:${PORT[$s]}$READ_PATH" ;;
    default) url="http://$HOST:${PORT[$s]}$DEFAULT_PATH" ;;
    write) url="http://$HOST:${PORT[$s]}$WRITE_PATH"; method=POST; body="$WRITE_BODY" ;;
  esac
  lo0="$(listen_overflows)"
  cpu0="$(cpu_ticks "$s")"
  line="$(BENCH_METHOD=$method BENCH_BODY=$body BENCH_AUTH="$(auth_as "${AS:-$ADMIN}")" BENCH_DATE=$AMZ_DATE \
    wrk -t "$BENCH_THREADS" -c "$n" -d "${d}s" --timeout 2s -s "$LUA" "$url" | grep '^BENCH_RESULT')" ||
    die "$s: wrk gave no result"
  ticks=$(($(cpu_ticks "$s") - cpu0))
  for kv in ${line#BENCH_RESULT }; do R[$s,$c,$n,${kv%%=*}]=${kv#*=}; done
  R[$s,$c,$n,listen_drops]=$(($(listen_overflows) - lo0))
  R[$s,$c,$n,cpu_us]="$(awk -v t="$ticks" -v hz="$CLK_TCK" -v r="${R[$s,$c,$n,requests]}" 'BEGIN { if (r > 0) printf "%.1f", t * 1e6 / hz / r }')"
}
# Rounds: R holds one run's figures; rounds() runs BENCH_ROUNDS of them for each server in turn
# and leaves in R the median of rps, latencies and CPU, and the sum of requests and errors. On a
# shared machine, other work comes in bursts: short turns make a burst hit every server alike,
# and the median drops the round it hit hardest.
MEDIAN_FIELDS="rps p50_us p99_us cpu_us"
SUM_FIELDS="requests non200 connect read write timeout listen_drops"
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.1f", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
rounds() {  # <call> <conns> <server>...: signed as $AS (default ADMIN)
  local c=$1 n=$2 r s f
  shift 2
  declare -A acc=()
  for r in $(seq "$BENCH_ROUNDS"); do
    for s in "$@"; do
      run_wrk "$s" "$c" "$n" "$BENCH_DURATION"
      for f in $MEDIAN_FIELDS $SUM_FIELDS; do acc[$s,$f]+="${R[$s,$c,$n,$f]:-0} "; done
    done
  done
  for s in "$@"; do
    for f in $MEDIAN_FIELDS; do R[$s,$c,$n,$f]="$(median ${acc[$s,$f]})"; done
    for f in $SUM_FIELDS; do R[$s,$c,$n,$f]="$(awk '{ for (i = 1; i <= NF; i++) t += $i } END { print t + 0 }' <<<"${acc[$s,$f]}")"; done
    log_run "$s" "$c" "$n"
  done
}
errsum() { echo $((R[$1,$2,$3,connect] + R[$1,$2,$3,read] + R[$1,$2,$3,write] + R[$1,$2,$3,timeout])); }
log_run() {
  local s=$1 c=$2 n=$3
  log "$(printf '%-7s %-9s c=%-3s %9s req/s  p50 %6s us  p99 %7s us  cpu %6s us/req  non-200 %s  socket errors %s  listen drops %s' \
    "$c" "$s" "$n" "${R[$s,$c,$n,rps]}" "${R[$s,$c,$n,p50_us]}" "${R[$s,$c,$n,p99_us]}" "${R[$s,$c,$n,cpu_us]}" \
    "${R[$s,$c,$n,non200]}" "$(errsum "$s" "$c" "$n")" "${R[$s,$c,$n,listen_drops]}")"
}

# Other work on the machine: the load average; the CPU time the machine spent during the run
# (/proc/stat: user, nice, system, irq, softirq) minus this script's own and its children's
# (every server, wrk and client is a child, waited for by the time it is read), as cores busy
# on average; and the time the hypervisor gave to other guests (steal). softirq counts because
# the kernel charges the loopback traffic it handles in a process's context to the process too.
busy_ticks() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8; exit }' /proc/stat; }
steal_ticks() { awk '$1 == "cpu" { print $9; exit }' /proc/stat; }
own_seconds() {  # -> OWN; `times` must run in this shell, not in a $(...) subshell, whose counts start at 0
  times >"$WORK/times"
  OWN="$(awk '{ for (i = 1; i <= NF; i++) { split($i, t, /[ms]/); s += t[1] * 60 + t[2] } } END { printf "%.2f", s }' "$WORK/times")"
}
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
own_seconds
BUSY_START="$(busy_ticks)" STEAL_START="$(steal_ticks)" OWN_START="$OWN" WALL_START="$(date +%s.%N)"
log "load average before: $LOAD_START"

# =============================================================================================
# 1. Throughput, latency, CPU a request and memory: mock vs moto vs bare, ListMembers and GetMembers.
declare -A RESP_BYTES RSS_SEEDED RSS_PEAK
RSS_IDLE="" MOCK_VERSION=""
if want mock; then
  start_server mock "$MOCK_BIN" --log-level warn || die "mock: $FAIL"
  health="$(call mock GET /_mock/health)"
  MOCK_VERSION="$(jq -r '.version // empty' <<<"$health" 2>/dev/null || true)"
  RSS_IDLE="$(rss_kib mock VmRSS)"
  log "mock: idle RSS $RSS_IDLE KiB (version ${MOCK_VERSION:-?})"
fi
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
start_bare() {  # after the mock is seeded: it answers the mock's own bodies, when there is a mock
  local bodies=()
  [[ -s "$WORK/mock.list.json" ]] && bodies+=(--list-body "$WORK/mock.list.json")
  [[ -s "$WORK/mock.get.json" ]] && bodies+=(--get-body "$WORK/mock.get.json")
  start_server bare "$BARE_BIN" "${bodies[@]}" || die "bare: $FAIL"
}

for s in $BENCH_SERVERS; do
  [[ $s == bare ]] && start_bare  # last in the order below, so the mock's bodies are captured
  log "$s: pid ${PID[$s]} port ${PORT[$s]}"
  seed "$s"
  verify "$s"
  RSS_SEEDED[$s]="$(rss_kib "$s" VmRSS)"
  log "$s: seeded and verified (RSS ${RSS_SEEDED[$s]} KiB)"
done

for s in $BENCH_SERVERS; do run_wrk "$s" read 8 1 >/dev/null; done  # warm-up, not recorded
for c in read write; do
  for n in $BENCH_CONNS; do
    rounds "$c" "$n" $BENCH_SERVERS
  done
done
for s in $BENCH_SERVERS; do
  kill -0 "${PID[$s]}" 2>/dev/null || die "$s died during the run: $(tail -5 "$WORK/$s.err")"
  RSS_PEAK[$s]="$(rss_kib "$s" VmHWM)"
done
for s in $BENCH_SERVERS; do stop_server "$s"; done  # the parts below run alone

# =============================================================================================
# 2. Start-up to the first 200 of GET /_mock/health (bench-client startup), mock and bare.
declare -A NA  # NA[figure] = why this run could not give it
declare -A C   # C[part,key] = bench-client results
run_client() {  # <part> <bench-client args...>: its BENCH_RESULT into C[part,*]; 1 (and NA[part]) on failure
  local part=$1 line kv rc=0
  shift
  "$CLIENT_BIN" "$@" >"$WORK/$part.client" 2>&1 &
  PID[client]=$!
  wait "${PID[client]}" || rc=$?
  unset 'PID[client]'
  line="$(grep '^BENCH_RESULT' "$WORK/$part.client" || true)"
  for kv in ${line#BENCH_RESULT }; do C[$part,${kv%%=*}]=${kv#*=}; done
  if ((rc != 0)); then
    NA[$part]="$(sed -n 's/^BENCH_ERROR //p' "$WORK/$part.client" | head -1)"
    NA[$part]="${NA[$part]:-bench-client exited $rc: $(head -c 200 "$WORK/$part.client")}"
    log "$part: failed: ${NA[$part]}"
    return 1
  fi
}
if part startup; then
  log "start-up: $BENCH_STARTUP_RUNS runs of the mock"
  run_client startup_mock startup "$BENCH_STARTUP_RUNS" "$MOCK_BIN" --host "$HOST" --port 0 --log-level warn || true
  if [[ -x "$BARE_BIN" ]]; then
    run_client startup_bare startup "$BENCH_STARTUP_RUNS" "$BARE_BIN" --host "$HOST" --port 0 || true
  else
    NA[startup_bare]="no bare server binary"
  fi
  log "start-up: mock median ${C[startup_mock,median_ms]:-n/a} ms max ${C[startup_mock,max_ms]:-n/a} ms;" \
    "bare median ${C[startup_bare,median_ms]:-n/a} ms"
else
  NA[startup_mock]="not run (BENCH_PARTS)"; NA[startup_bare]="${NA[startup_mock]}"
fi

# =============================================================================================
# 3. ListMembers with the API default OnlyAssociated=true: administrator with 5,000 members vs
# 50, read cache on (what a polling client sees) and off (--read-cache-bytes 0: the store path).
FIX_ADMIN="" FIX_ENABLED="" FIX_MEMBERS="" SMALL_ENABLED="" MIXED_ENABLED="" RSS_LARGE=""
declare -A PEAK_LARGE
SCALE_STATES="big mixed small"
scale_set() {  # <on|off> [mock args]: starts <state>_<mode> for each state, verifies, runs wrk on them in turn
  local mode=$1 s n names=()
  shift
  for s in $SCALE_STATES; do names+=("${s}_$mode"); done
  for s in $SCALE_STATES; do
    if ! start_server "${s}_$mode" "$MOCK_BIN" --log-level warn --fixtures "$WORK/$s.json" "$@"; then
      NA[scale_$mode]="$FAIL"; for n in "${names[@]}"; do stop_server "$n"; done; return 1
    fi
  done
  [[ $mode == on && -z "$RSS_LARGE" ]] && RSS_LARGE="$(rss_kib big_on VmRSS)"
  for s in $SCALE_STATES; do
    if ! AS=$FIX_ADMIN try_call "${s}_$mode" GET "$DEFAULT_PATH"; then
      NA[scale_$mode]="$s: $FAIL"
    elif n="$(jq '.Members | length' <<<"$RESP")" && [[ "$n" != 50 ]]; then
      NA[scale_$mode]="$s: ListMembers returned $n members, expected 50"
    fi
    if [[ -n "${NA[scale_$mode]:-}" ]]; then
      for n in "${names[@]}"; do stop_server "$n"; done; return 1
    fi
  done
  for n in "${names[@]}"; do AS=$FIX_ADMIN run_wrk "$n" default 8 1 >/dev/null; done  # warm-up
  AS=$FIX_ADMIN rounds default 8 "${names[@]}"
  PEAK_LARGE[$mode]="$(rss_kib "big_$mode" VmHWM)"
  for n in "${names[@]}"; do stop_server "$n"; done
}
enabled() { jq --arg a "$FIX_ADMIN" '[.members[] | select(.administratorId == $a and .memberStatus == "Enabled")] | length' "$1"; }
if part scale; then
  if [[ ! -s "$BENCH_LARGE_FIXTURE" ]]; then
    NA[scale_on]="no fixture at $BENCH_LARGE_FIXTURE"; NA[scale_off]="${NA[scale_on]}"
  else
    FIX_ADMIN="$(jq -r '.members[0].administratorId' "$BENCH_LARGE_FIXTURE")"
    cp "$BENCH_LARGE_FIXTURE" "$WORK/big.json"
    # mixed: the same members, all but the last BENCH_SMALL_MEMBERS (in account order, the order
    # of a page) only Created, never invited: the page of associated members lies behind them.
    jq --argjson n "$BENCH_SMALL_MEMBERS" '.members |= (sort_by(.accountId) | (length - $n) as $k | to_entries
      | map(if .key < $k then .value + {memberStatus: "Created"} | del(.invitedAt) else .value end))' \
      "$BENCH_LARGE_FIXTURE" >"$WORK/mixed.json"
    # small: the large one's first members, their hubs and the administrator's.
    jq --argjson n "$BENCH_SMALL_MEMBERS" '.members |= .[:$n] | (.members | map(.accountId) + [.[0].administratorId]) as $keep
      | .hubs |= map(select(.accountId as $a | $keep | index($a)))' "$BENCH_LARGE_FIXTURE" >"$WORK/small.json"
    FIX_MEMBERS="$(jq --arg a "$FIX_ADMIN" '[.members[] | select(.administratorId == $a)] | length' "$BENCH_LARGE_FIXTURE")"
    FIX_ENABLED="$(enabled "$WORK/big.json")" MIXED_ENABLED="$(enabled "$WORK/mixed.json")" SMALL_ENABLED="$(enabled "$WORK/small.json")"
    log "scale: administrator $FIX_ADMIN; Enabled members: big $FIX_ENABLED, mixed $MIXED_ENABLED of $FIX_MEMBERS, small $SMALL_ENABLED"
    scale_set on || true
    if has_flag --read-cache-bytes; then
      scale_set off --read-cache-bytes 0 || true
    else
      NA[scale_off]="this mock binary has no --read-cache-bytes; if it has no read cache either, the rows of its defaults are its store path"
    fi
  fi
else
  NA[scale_on]="not run (BENCH_PARTS)"; NA[scale_off]="${NA[scale_on]}"
fi

# =============================================================================================
# 4. CreateMembers, 50 and 1 a call, on a file database (and, to show what the disk costs, in
# memory); and with --durability power from 1 and 8 connections (group commit).
FSYNC=""
if part create; then
  # What one durable commit costs on this file system at this moment, without the mock: 300
  # transactions of one small row in SQLite with WAL and synchronous=FULL, the last 200 timed.
  # On this shared virtual disk the time is bimodal, ~0.3 ms or ~4 ms, as other I/O comes and goes.
  FSYNC="$(python3 - "$WORK/probe.db" <<'PY' 2>/dev/null || true
import os, sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA journal_mode = WAL")
db.execute("PRAGMA synchronous = FULL")
db.execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v BLOB)")
times = []
for i in range(300):
    t = time.perf_counter()
    db.execute("BEGIN")
    db.execute("INSERT INTO t VALUES (?, ?)", (i, os.urandom(2000)))
    db.execute("COMMIT")
    times.append((time.perf_counter() - t) * 1e6)
times = sorted(times[100:])
print("median_us=%.0f p90_us=%.0f max_us=%.0f" % (times[100], times[180], times[-1]))
PY
)"
  log "a durable SQLite commit in $WORK: $FSYNC"
  # create_<db> with 50 accounts a call, create1_<db> with one (what Terraform and the
  # multi-account scripts send); each run on a fresh file, in the binary's default durability.
  for per in 50 1; do
    for db in file memory; do
      suffix=""; [[ $per == 1 ]] && suffix=1  # (a failed test in $(...) would end the script: set -e)
      name="create${suffix}_$db"
      [[ $db == file ]] && dbarg="$WORK/$name.db" || dbarg=":memory:"
      if start_server "$name" "$MOCK_BIN" --log-level warn --db "$dbarg"; then
        log "CreateMembers, $per a call ($db database): up to $BENCH_CREATE_MEMBERS members or $BENCH_CREATE_SECONDS s"
        run_client "$name" create "${PORT[$name]}" "$ADMIN" "$BENCH_CREATE_MEMBERS" "$BENCH_CLIENT_CONNS" "$BENCH_CREATE_SECONDS" "$per" || true
        log "CreateMembers, $per a call ($db database): ${C[$name,members]:-0} members in ${C[$name,seconds]:-?} s: ${C[$name,members_per_s]:-n/a} members/s"
        stop_server "$name"
      else
        NA[$name]="$FAIL"
      fi
    done
  done
  # Group commit: one account a call with --durability power (an fsync a commit), from 1 and
  # from 8 connections; concurrent writers share a commit, so 8 go faster than 1.
  for conns in 1 8; do
    name="power_$conns"
    if ! has_flag --durability; then
      NA[$name]="this mock binary has no --durability"
    elif start_server "$name" "$MOCK_BIN" --log-level warn --db "$WORK/$name.db" --durability power; then
      run_client "$name" create "${PORT[$name]}" "$ADMIN" "$BENCH_CREATE_MEMBERS" "$conns" "$BENCH_CREATE_SECONDS" 1 || true
      log "CreateMembers, 1 a call, --durability power, $conns writers: ${C[$name,calls_per_s]:-n/a} calls/s"
      stop_server "$name"
    else
      NA[$name]="$FAIL"
    fi
  done
else
  for name in create_file create_memory create1_file create1_memory power_1 power_8; do NA[$name]="not run (BENCH_PARTS)"; done
fi

# =============================================================================================
# 5. Invitation lifecycles, each member a distinct account (in-memory database).
if part lifecycle; then
  if start_server lifecycle "$MOCK_BIN" --log-level warn; then
    log "lifecycles: up to $BENCH_LIFECYCLES or $BENCH_LIFECYCLE_SECONDS s"
    run_client lifecycle lifecycle "${PORT[lifecycle]}" "$ADMIN" "$BENCH_LIFECYCLES" "$BENCH_CLIENT_CONNS" "$BENCH_LIFECYCLE_SECONDS" || true
    log "lifecycles: ${C[lifecycle,lifecycles]:-0} in ${C[lifecycle,seconds]:-?} s: ${C[lifecycle,per_s]:-n/a}/s"
    stop_server lifecycle
  else
    NA[lifecycle]="$FAIL"
  fi
else
  NA[lifecycle]="not run (BENCH_PARTS)"
fi

LOAD_END="$(cut -d' ' -f1-3 /proc/loadavg)"
own_seconds
WALL_END="$(date +%s.%N)"
OTHER_CORES="$(awk -v b0="$BUSY_START" -v b1="$(busy_ticks)" -v o0="$OWN_START" -v o1="$OWN" -v w0="$WALL_START" \
  -v w1="$WALL_END" -v hz="$CLK_TCK" 'BEGIN { x = ((b1 - b0) / hz - (o1 - o0)) / (w1 - w0); printf "%.2f", x < 0 ? 0 : x }')"
STEAL_CORES="$(awk -v s0="$STEAL_START" -v s1="$(steal_ticks)" -v w0="$WALL_START" -v w1="$WALL_END" -v hz="$CLK_TCK" \
  'BEGIN { printf "%.2f", (s1 - s0) / hz / (w1 - w0) }')"
log "load average after: $LOAD_END; other processes used $OTHER_CORES cores on average during the run, steal $STEAL_CORES"

# =============================================================================================
# Report.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'; }
ms() { awk -v u="$1" 'BEGIN { if (u == "") print "n/a"; else printf "%.2f", u / 1000 }'; }
mib() { awk -v k="$1" 'BEGIN { if (k == "") print "n/a"; else printf "%.1f", k / 1024 }'; }
xs() { [[ $1 == n/a ]] && echo n/a || echo "${1}x"; }  # a ratio as "1.23x"
int() { awk -v x="$1" 'BEGIN { if (x == "") print "n/a"; else printf "%.0f", x }'; }
get() { echo "${R[$1,$2,$3,$4]:-}"; }
# yes/no for a comparison of a number with a bound, n/a when there is no number
met() { awk -v x="$1" -v op="$2" -v b="$3" 'BEGIN { if (x == "" || x == "n/a") { print "n/a"; exit }
  ok = (op == ">=" ? x >= b : op == "<=" ? x <= b : op == "<" ? x < b : x > b); print (ok ? "yes" : "no") }'; }
errs() {  # "non-200/socket errors/listen drops" for one run, "-" when the server was not run
  [[ -n "$(get "$1" "$2" "$3" rps)" ]] || { echo -; return; }
  echo "$(get "$1" "$2" "$3" non200)/$(errsum "$1" "$2" "$3")/$(get "$1" "$2" "$3" listen_drops)"
}
cell_rps() { [[ -n "$(get "$1" "$2" "$3" rps)" ]] && int "$(get "$1" "$2" "$3" rps)" || echo -; }
cell_lat() { [[ -n "$(get "$1" "$2" "$3" rps)" ]] && echo "$(ms "$(get "$1" "$2" "$3" p50_us)") / $(ms "$(get "$1" "$2" "$3" p99_us)")" || echo -; }
cell_cpu() { [[ -n "$(get "$1" "$2" "$3" cpu_us)" ]] && get "$1" "$2" "$3" cpu_us || echo -; }
label() { [[ $1 == read ]] && echo 'ListMembers `GET /members?OnlyAssociated=false&MaxResults=50`' ||
  echo 'GetMembers `POST /members/get` (10 ids)'; }
na() { echo "n/a (${NA[$1]:-not measured})"; }

ANY_ERR=0
for s in $BENCH_SERVERS big_on mixed_on small_on big_off mixed_off small_off; do for c in read write default; do for n in $BENCH_CONNS; do
  e="$(errs "$s" "$c" "$n")"; [[ "$e" == - || "$e" == 0/0/0 ]] || ANY_ERR=1
done; done; done

summary() {
  local r p99m p99b p99r x y cpu_ratio rps_ratio mode st
  echo "| figure | this run | target | met? |"
  echo "|---|---|---|---|"
  # ListMembers 50 of 200, 8 conns, vs bare and vs moto.
  r="$(ratio "$(get mock read 8 rps)" "$(get bare read 8 rps)")"
  echo "| signed ListMembers (50 of $MEMBERS members), 8 conns, vs bare cpp-httplib with the **same body** |" \
    "$(xs "$r") (mock $(cell_rps mock read 8), bare $(cell_rps bare read 8) req/s; server CPU $(cell_cpu mock read 8) vs $(cell_cpu bare read 8) µs a request) |" \
    ">= 0.8x | $(met "$r" '>=' 0.8) |"
  r="$(ratio "$(get mock read 8 rps)" "$(get moto read 8 rps)")"
  echo "| the same vs moto_server in the same run | $(xs "$r") ($(want moto && echo "moto $(cell_rps moto read 8) req/s" || echo "moto not run")) | >= 50x | $(met "$r" '>=' 50) |"
  p99m="$(get mock read 8 p99_us)" p99b="$(get bare read 8 p99_us)"
  p99r="$(ratio "$p99m" "$p99b")"
  x="$(awk -v m="$p99m" -v r="$p99r" 'BEGIN { if (m == "") print "n/a"; else print ((m < 2000 || (r != "n/a" && r <= 1.2)) ? "yes" : "no") }')"
  echo "| p99 at 8 conns (ListMembers) | $(ms "$p99m") ms (bare $(ms "$p99b") ms: $(xs "$p99r")) | < 2 ms, or <= 1.2x bare's p99 | $x |"
  # 5,000 vs 50 members: the store path first (the target), then the binary's defaults.
  for mode in off on; do
    for st in big mixed; do
      if [[ -n "$(get ${st}_$mode default 8 rps)" && -n "$(get small_$mode default 8 rps)" ]]; then
        cpu_ratio="$(ratio "$(get ${st}_$mode default 8 cpu_us)" "$(get small_$mode default 8 cpu_us)")"
        rps_ratio="$(ratio "$(get small_$mode default 8 rps)" "$(get ${st}_$mode default 8 rps)")"
        x="$(xs "$cpu_ratio") the CPU a request ($(get ${st}_$mode default 8 cpu_us) vs $(get small_$mode default 8 cpu_us) µs); by req/s $(xs "$rps_ratio") ($(cell_rps ${st}_$mode default 8) vs $(cell_rps small_$mode default 8))"
      else
        cpu_ratio="" x="$(na scale_$mode)"
      fi
      [[ $st == big ]] && y="$(int "$FIX_ENABLED") members, all Enabled" ||
        y="$(int "$FIX_MEMBERS") members, the first $(int $((FIX_MEMBERS - MIXED_ENABLED))) only Created and the last $(int "$MIXED_ENABLED") Enabled"
      if [[ $mode == off ]]; then
        echo "| ListMembers with the API default \`OnlyAssociated=true\`, administrator with $y, vs $(int "$SMALL_ENABLED"), store path (\`--read-cache-bytes 0\`) | $x | <= 1.2x | $(met "$cpu_ratio" '<=' 1.2) |"
      else
        echo "| the same ($y) with the binary's defaults (read cache on, where it has one: what a polling client sees) | $x | | |"
      fi
    done
  done
  r="$(mib "${RSS_PEAK[mock]:-}")"
  echo "| peak RSS under the read load (VmHWM, MiB) | $r MiB (bare $(mib "${RSS_PEAK[bare]:-}"), moto $(mib "${RSS_PEAK[moto]:-}")) | < 16 MiB | $(met "$r" '<' 16) |"
  if [[ -n "${C[startup_mock,median_ms]:-}" ]]; then
    x="median ${C[startup_mock,median_ms]} ms, max ${C[startup_mock,max_ms]} ms, $(int "${C[startup_mock,runs]}") runs"
    if [[ -n "${C[startup_bare,median_ms]:-}" ]]; then
      x+=" (bare: median ${C[startup_bare,median_ms]} ms, max ${C[startup_bare,max_ms]} ms)"
    fi
    echo "| start-up to first 200 on /_mock/health | $x | keep < 20 ms (median) | $(met "${C[startup_mock,median_ms]}" '<' 20) |"
  else
    echo "| start-up to first 200 on /_mock/health | $(na startup_mock) | keep < 20 ms (median) | n/a |"
  fi
  if [[ -n "${C[create_file,members_per_s]:-}" && -z "${NA[create_file]:-}" ]]; then
    x="$(int "${C[create_file,members_per_s]}") members/s ($(int "${C[create_file,members]}") members in ${C[create_file,seconds]} s; in memory: $(int "${C[create_memory,members_per_s]:-}") members/s; a bare SQLite commit here: median $(sed -n 's/.*median_us=\([0-9]*\).*/\1/p' <<<"$FSYNC") µs)"
    echo "| CreateMembers on a file database | $x | keep >= 50K | $(met "${C[create_file,members_per_s]}" '>=' 50000) |"
  else
    echo "| CreateMembers on a file database | $(na create_file) | keep >= 50K | n/a |"
  fi
  for per in 50 1; do
    suffix=""; [[ $per == 1 ]] && suffix=1
    name="create$suffix"
    r="$(ratio "${C[${name}_file,members_per_s]:-}" "${C[${name}_memory,members_per_s]:-}")"
    [[ -n "${NA[${name}_file]:-}${NA[${name}_memory]:-}" ]] && x="$(na ${name}_file) / $(na ${name}_memory)" ||
      x="$(xs "$r") ($(int "${C[${name}_file,members_per_s]}") vs $(int "${C[${name}_memory,members_per_s]}") members/s)"
    echo "| CreateMembers, $per a call, file (default durability) vs in memory | $x | >= 0.8x | $(met "$r" '>=' 0.8) |"
  done
  r="$(ratio "${C[power_8,calls_per_s]:-}" "${C[power_1,calls_per_s]:-}")"
  [[ -n "${NA[power_1]:-}${NA[power_8]:-}" ]] && x="$(na power_8)" ||
    x="$(xs "$r") ($(int "${C[power_8,calls_per_s]}") vs $(int "${C[power_1,calls_per_s]}") calls/s)"
  echo "| CreateMembers, 1 a call, \`--durability power\`: 8 writers vs 1 (group commit) | $x | >= 3x | $(met "$r" '>=' 3) |"
  if [[ -n "${C[lifecycle,per_s]:-}" && -z "${NA[lifecycle]:-}" ]]; then
    x="${C[lifecycle,per_s]} a second ($(int "${C[lifecycle,lifecycles]}") in ${C[lifecycle,seconds]} s, 6 calls each)"
  else
    x="$(na lifecycle)"
  fi
  echo "| invitation lifecycles (create, invite, list invitations, accept, disassociate, delete) | $x | | |"
  r="$(ratio "$(get mock write 8 rps)" "$(get bare write 8 rps)")"
  echo "| GetMembers (10 ids), 8 conns, vs bare / vs moto | $(xs "$r") / $(xs "$(ratio "$(get mock write 8 rps)" "$(get moto write 8 rps)")") | | |"
  echo "| RSS idle / after seeding $MEMBERS members / after loading the $(int "$FIX_ENABLED")-member fixture (MiB) | $(mib "$RSS_IDLE") / $(mib "${RSS_SEEDED[mock]:-}") / $( [[ -n "$RSS_LARGE" ]] && mib "$RSS_LARGE" || na scale_on) | | |"
}

report() {
  local cpu mover
  cpu="$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
  mover="$(python3 -c 'import moto; print(moto.__version__)' 2>/dev/null || echo '?')"
  echo "# securityhub-mock benchmark (latest run)"
  echo
  echo "Run $(date -u +%Y-%m-%dT%H:%M:%SZ); repo commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo none)$(git -C "$ROOT" diff --quiet HEAD -- . ':!bench/results.md' 2>/dev/null || echo ' (+ uncommitted changes)');" \
    "mock binary \`$MOCK_BIN\` (version ${MOCK_VERSION:-?})."
  echo "Command: \`$COMMAND\`"
  echo "Machine: $(nproc) cores ($cpu), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); wrk, bench-client and the servers share these $(nproc) cores, so absolute numbers are low and the ratios are what to read."
  echo "Load average (1/5/15 min): $LOAD_START before the runs, $LOAD_END after (the runs' own threads raise the second). Other processes on the machine used **$OTHER_CORES of the $(nproc) cores** on average during the run (CPU time in /proc/stat minus this run's own), and the hypervisor took $STEAL_CORES (steal); above ~0.3 the figures, and even their ratios, are suspect."
  echo
  echo "## Summary (issue 11's table)"
  echo
  summary
  echo
  echo "Server CPU a request = the server process's user+system CPU time (/proc/PID/stat, all threads) during the wrk run, divided by the requests wrk completed."
  echo "Targets in MiB where the issue says MB."
  echo
  echo "## Throughput (req/s, higher is better)"
  echo
  echo "Servers: mock = \`securityhub-mock --log-level warn\`; moto = \`moto_server\` $mover (werkzeug, threaded, its default request log on stderr);"
  echo "bare = \`bench-bare-server\` (cpp-httplib $(pkg-config --modversion cpp-httplib 2>/dev/null || echo '?'), keep-alive and TCP_NODELAY settings as the mock, cpp-httplib's pool of 256 threads started up front, answering the mock's own bodies captured at the start of this run with the mock's header set (Date formatted once at start), no parsing; it also raises the listen backlog from cpp-httplib's hard-coded 5 to SOMAXCONN)."
  echo "State: administrator $ADMIN with Security Hub enabled and $MEMBERS members (CreateMembers, 4 x 50) in each of mock and moto."
  echo "Load: wrk $BENCH_THREADS threads, keep-alive connections, 2 s timeout, fake SigV4 header; one 1 s warm-up per server; then $BENCH_ROUNDS rounds of ${BENCH_DURATION} s per server, the servers taking turns each round. Each figure is the median of its rounds; errors are summed over them."
  echo "moto ignores the access key and stores the members under its default account 123456789012."
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
  echo "## Server CPU a request (µs, lower is better)"
  echo
  echo "| call | conns | mock | moto | bare | mock/bare |"
  echo "|---|---:|---:|---:|---:|---:|"
  for c in read write; do for n in $BENCH_CONNS; do
    echo "| $(label "$c") | $n | $(cell_cpu mock "$c" "$n") | $(cell_cpu moto "$c" "$n") | $(cell_cpu bare "$c" "$n") |" \
      "$(ratio "$(get mock "$c" "$n" cpu_us)" "$(get bare "$c" "$n" cpu_us)") |"
  done; done
  echo
  echo "## ListMembers with the API default \`OnlyAssociated=true\`: $(int "$FIX_MEMBERS") members vs $(int "$SMALL_ENABLED")"
  echo
  echo "\`GET $DEFAULT_PATH\` (no OnlyAssociated: the API default, true, so Enabled members only) signed as the fixtures' administrator ${FIX_ADMIN:-?},"
  echo "wrk 8 connections, $BENCH_ROUNDS rounds of $BENCH_DURATION s taking turns (medians), after a 1 s warm-up. Each state is loaded at start-up (\`--fixtures\`):"
  echo "big = \`$(basename "$BENCH_LARGE_FIXTURE")\` ($(int "$FIX_ENABLED") Enabled members); mixed = the same members, all but the last $(int "$MIXED_ENABLED") in account order turned to Created (never invited), so the page of associated members lies behind $(int $((FIX_MEMBERS - MIXED_ENABLED))) that are not; small = big's first $BENCH_SMALL_MEMBERS members, their hubs and the administrator's (cut with jq)."
  echo "Read cache on: every request after the first is a cache hit. Off (\`--read-cache-bytes 0\`): every request reads the store and renders."
  echo
  echo "| read cache | state | members (Enabled) | req/s | p50 / p99 ms | server CPU µs a request | errors | CPU a request / small's | small's req/s / this |"
  echo "|---|---|---:|---:|---:|---:|---|---:|---:|"
  for mode in off on; do
    if [[ -z "$(get small_$mode default 8 rps)" ]]; then
      echo "| $mode | | | $(na scale_$mode) | | | | | |"
      continue
    fi
    for st in big mixed small; do
      case $st in
        big) y="$(int "$FIX_ENABLED") ($(int "$FIX_ENABLED"))" ;;
        mixed) y="$(int "$FIX_MEMBERS") ($(int "$MIXED_ENABLED"))" ;;
        small) y="$(int "$SMALL_ENABLED") ($(int "$SMALL_ENABLED"))" ;;
      esac
      echo "| $mode | $st | $y | $(cell_rps ${st}_$mode default 8) | $(cell_lat ${st}_$mode default 8) | $(cell_cpu ${st}_$mode default 8) | $(errs ${st}_$mode default 8) |" \
        "$([[ $st == small ]] || ratio "$(get ${st}_$mode default 8 cpu_us)" "$(get small_$mode default 8 cpu_us)") | $([[ $st == small ]] || ratio "$(get small_$mode default 8 rps)" "$(get ${st}_$mode default 8 rps)") |"
    done
  done
  echo
  echo "## Start-up to the first 200 on \`GET /_mock/health\`"
  echo
  echo "\`bench-client startup\`: fork, exec, read the port from the first stdout line (\`--port 0\`), then GET /_mock/health (retried every 100 µs while refused); wall time from fork to the 200. In-memory database, one server at a time, each stopped before the next."
  echo
  echo "| server | runs | median ms | min ms | max ms |"
  echo "|---|---:|---:|---:|---:|"
  for s in mock bare; do
    if [[ -n "${C[startup_$s,median_ms]:-}" && -z "${NA[startup_$s]:-}" ]]; then
      echo "| $s | ${C[startup_$s,runs]} | ${C[startup_$s,median_ms]} | ${C[startup_$s,min_ms]} | ${C[startup_$s,max_ms]} |"
    else
      echo "| $s | $(na startup_$s) | | | |"
    fi
  done
  echo
  echo "## Writes"
  echo
  echo "\`bench-client\`, $BENCH_CLIENT_CONNS keep-alive connections, fake SigV4 header signed as the calling account."
  echo "CreateMembers: administrator $ADMIN enables Security Hub, then calls of 50 (or 1) new accounts each, up to $BENCH_CREATE_MEMBERS members or $BENCH_CREATE_SECONDS s; every call must answer \`{\"UnprocessedAccounts\":[]}\`. File database: \`--db <tmp>/<run>.db\`, a fresh file each run, on $(df -T "$WORK" 2>/dev/null | awk 'NR == 2 {print $2}') ($(df "$WORK" 2>/dev/null | awk 'NR == 2 {print $1}'))."
  echo "Lifecycle: admin CreateMembers (1 member) → admin InviteMembers → member ListInvitations → member AcceptAdministratorInvitation (its InvitationId) → admin DisassociateMembers → admin DeleteMembers; each member a distinct account whose hub is enabled beforehand (untimed); up to $BENCH_LIFECYCLES lifecycles or $BENCH_LIFECYCLE_SECONDS s; in-memory database."
  echo
  echo "| figure | done | seconds | rate |"
  echo "|---|---:|---:|---:|"
  for name in create_file create_memory create1_file create1_memory power_1 power_8; do
    case $name in
      create_*) what="CreateMembers, 50 a call, ${name#create_} database" ;;
      create1_*) what="CreateMembers, 1 a call, ${name#create1_} database" ;;
      power_*) what="CreateMembers, 1 a call, file with \`--durability power\`, ${name#power_} connection(s)" ;;
    esac
    if [[ -z "${NA[$name]:-}" ]]; then
      echo "| $what | $(int "${C[$name,members]}") members | ${C[$name,seconds]} | $(int "${C[$name,members_per_s]}") members/s ($(int "${C[$name,calls_per_s]}") calls/s) |"
    else
      echo "| $what | $(na $name) | | |"
    fi
  done
  [[ -n "$FSYNC" ]] && echo "| a durable commit on the same file system without the mock (SQLite, WAL, synchronous=FULL, one row), 200 times | | | ${FSYNC//_us=/ } µs |"
  if [[ -z "${NA[lifecycle]:-}" ]]; then
    echo "| invitation lifecycles | $(int "${C[lifecycle,lifecycles]}") | ${C[lifecycle,seconds]} | ${C[lifecycle,per_s]} /s ($(awk -v l="${C[lifecycle,per_s]}" 'BEGIN { printf "%.0f", l * 6 }') calls/s) |"
  else
    echo "| invitation lifecycles | $(na lifecycle) | | |"
  fi
  echo
  echo "## Memory (MiB, lower is better)"
  echo
  echo "| server | RSS idle (after start and one health check) | RSS after seeding | peak RSS (VmHWM, after all runs) | peak mock/this |"
  echo "|---|---:|---:|---:|---:|"
  for s in $BENCH_SERVERS; do
    echo "| $s | $([[ $s == mock ]] && mib "$RSS_IDLE" || echo -) | $(mib "${RSS_SEEDED[$s]}") | $(mib "${RSS_PEAK[$s]}") | $(want mock && ratio "${RSS_PEAK[mock]}" "${RSS_PEAK[$s]}" || echo n/a) |"
  done
  if [[ -n "$RSS_LARGE" ]]; then
    echo "| mock with the $(int "$FIX_ENABLED")-member fixture | | $(mib "$RSS_LARGE") (loaded at start-up) | $(mib "${PEAK_LARGE[on]:-}") (after its read runs) | |"
  fi
  echo
  echo "Response body sizes (bytes, ListMembers / GetMembers):$(for s in $BENCH_SERVERS; do printf ' %s %s / %s;' "$s" "${RESP_BYTES[$s,read]}" "${RESP_BYTES[$s,write]}"; done)"
  echo "The bare server sends the same bytes as the mock, so mock/bare is the cost of the mock's own work (routing, auth parsing, state, JSON) on top of the same HTTP stack."
  if ((ANY_ERR)); then
    echo
    echo "**Errors during load:** some runs above have non-200 responses, socket errors (connect/read/write/timeout) or listen-queue drops; see the errors columns."
  fi
}

if [[ "$BENCH_OUT" == - ]]; then
  report
else
  report | tee "$BENCH_OUT"
  log "wrote $BENCH_OUT"
fi
# The load average lags (a minute's decay) and counts this run's own threads; what other
# processes took during the run is the measure.
awk -v o="$OTHER_CORES" 'BEGIN { exit !(o > 0.3) }' &&
  log "WARNING: other processes used $OTHER_CORES of the cores during the runs: rerun on a quiet machine"
((ANY_ERR)) && log "WARNING: non-200 responses, socket errors or listen drops during load (see table)"
exit 0
