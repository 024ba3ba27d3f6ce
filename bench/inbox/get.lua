-- wrk script: GET BENCH_PATH with the staff session cookie in BENCH_COOKIE; prints the latency percentiles.
function init(args)
  wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")
end

request = function()
  return wrk.format("GET", os.getenv("BENCH_PATH"))
end

done = function(summary, latency, requests)
  io.write(string.format("BENCH p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f requests=%d non2xx=%d errors=%d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
