-- wrk script: GET the shortlist of the offers listed in $OFFERS (one id per line), in turn, with the
-- bearer token in $TOKEN; counts the answers that are not 200 and prints the latency percentiles.
local ids = {}
for line in io.lines(os.getenv("OFFERS")) do ids[#ids + 1] = line end
local token = os.getenv("TOKEN")
local counter = 0
local failures = 0

request = function()
  counter = counter + 1
  local id = ids[(counter % #ids) + 1]
  return wrk.format("GET", "/api/v1/offers/" .. id .. "/shortlist?top=20", { ["Authorization"] = "Bearer " .. token })
end

response = function(status, headers, body)
  if status ~= 200 then failures = failures + 1 end
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT requests=%d seconds=%.1f throughput=%.1f p50_ms=%.2f p99_ms=%.2f errors=%d non200=%d\n",
    summary.requests, seconds, summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout + summary.errors.status,
    summary.errors.status))
end
