-- wrk script: takes one queue ticket per request through the API, each with its own Idempotency-Key (so every request
-- really issues a number). Reads BENCH_SERVICE.
local counter = 0
math.randomseed(os.time())

function setup(thread)
  thread:set("prefix", string.format("q%x-%08x", os.time(), math.random(0, 0x7fffffff)))
end

function init(args)
  wrk.method = "POST"
  wrk.body = string.format('{"service":"%s"}', os.getenv("BENCH_SERVICE"))
  wrk.headers["Content-Type"] = "application/json"
end

request = function()
  counter = counter + 1
  wrk.headers["Idempotency-Key"] = prefix .. "-" .. counter
  return wrk.format(nil, "/api/v1/queue/tickets")
end

done = function(summary, latency, requests)
  io.write(string.format("BENCH p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f requests=%d non2xx=%d errors=%d\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    summary.requests, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
