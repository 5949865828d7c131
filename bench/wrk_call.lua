-- wrk script for bench/run.sh: one fixed signed request; counts non-200 responses.
-- Environment: BENCH_METHOD (GET|POST), BENCH_BODY (may be empty), BENCH_AUTH, BENCH_DATE.
-- The URL (with path and query) is wrk's argument. done() prints one BENCH_RESULT line.

-- Request shape: set at load time (every wrk thread loads this script) before wrk builds it.
wrk.method = os.getenv("BENCH_METHOD") or "GET"
local req_body = os.getenv("BENCH_BODY") or ""
wrk.headers["X-Amz-Date"] = os.getenv("BENCH_DATE")
wrk.headers["Authorization"] = os.getenv("BENCH_AUTH")
wrk.headers["Accept-Encoding"] = "identity"
if req_body ~= "" then
  wrk.body = req_body
  wrk.headers["Content-Type"] = "application/json"
end

-- Per-thread counters, summed in done() through the thread handles kept by setup().
non200 = 0
first_bad = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function response(status, headers, body)
  if status ~= 200 then
    non200 = non200 + 1
    if first_bad == 0 then first_bad = status end
  end
end

function done(summary, latency, requests)
  local bad, first = 0, 0
  for _, t in ipairs(threads) do
    bad = bad + t:get("non200")
    local f = t:get("first_bad")
    if first == 0 and f ~= 0 then first = f end
  end
  local e = summary.errors
  io.write(string.format(
    "BENCH_RESULT requests=%d duration_us=%d rps=%.1f p50_us=%d p99_us=%d bytes=%d non200=%d first_bad_status=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(99), summary.bytes,
    bad, first, e.connect, e.read, e.write, e.timeout))
end
