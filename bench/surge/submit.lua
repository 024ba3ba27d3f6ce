-- wrk script: POST one valid application per request, each with its own Idempotency-Key
-- (so that every request really creates an application). Reads BENCH_TOKEN, BENCH_BODY_FILE and BENCH_PATH.
local counter = 0
math.randomseed(os.time())

function setup(thread)
  thread:set("prefix", string.format("%x-%08x", os.time(), math.random(0, 0x7fffffff)))
end

function init(args)
  local file = assert(io.open(os.getenv("BENCH_BODY_FILE"), "rb"))
  body = file:read("*a")
  file:close()
  wrk.method = "POST"
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
end

request = function()
  counter = counter + 1
  wrk.headers["Idempotency-Key"] = prefix .. "-" .. counter
  return wrk.format(nil, os.getenv("BENCH_PATH"))
end

done = function(summary, latency, requests)
  io.write(string.format("BENCH p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f requests=%d non2xx=%d errors=%d\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    summary.requests, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
