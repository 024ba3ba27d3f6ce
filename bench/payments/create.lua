-- wrk script: makes one order and its payment per request through POST /api/v1/payments, each with its own
-- Idempotency-Key (BENCH_REPLAY=1: every request repeats one key, so each is answered from the remembered response).
local counter = 0
math.randomseed(os.time())

function setup(thread)
  thread:set("prefix", string.format("p%x-%08x", os.time(), math.random(0, 0x7fffffff)))
end

function init(args)
  wrk.method = "POST"
  wrk.body = '{"amount":300,"purpose":"住民票の写し 1通","returnUrl":"/account/applications"}'
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
end

request = function()
  counter = counter + 1
  if os.getenv("BENCH_REPLAY") == "1" then
    wrk.headers["Idempotency-Key"] = "replayed-key"
  else
    wrk.headers["Idempotency-Key"] = prefix .. "-" .. counter
  end
  return wrk.format(nil, "/api/v1/payments")
end

done = function(summary, latency, requests)
  io.write(string.format("BENCH p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f requests=%d non2xx=%d errors=%d\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    summary.requests, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
