-- wrk script for bench/run.sh: POSTs refund requests to the service on loopback.
--   wrk ... -s load.lua -- MODE RUN_ID [DELAY_MS]
-- MODE: floor    - POST /api/v1/bench/floor, the no-op endpoint of the bench build (bench/http/floor): the same
--                  JSON authenticated, read, bound and validated as /evaluate does, answered with a constant
--                  decision: the floor of the HTTP stack
--       evaluate - POST /api/v1/refund-decisions/evaluate (decides, records nothing)
--       record   - POST /api/v1/refund-decisions (decides and records; a unique refundId per request)
--       record-hot - the same, every request for one shop (S-BENCH): the single-shop hot spot
--       refused  - POST /api/v1/refund-decisions/evaluate with refundAmount over paidAmount: read, bound and
--                  validated, then refused by the cross-field check with a 400 problem+json (the error path)
-- DELAY_MS: mean pause of each connection between a response and its next request (0: as fast as it can);
--           the pause is drawn between 0.5x and 1.5x the mean so that connections do not march in step.
-- Every mode but record-hot spreads its requests at random over 1,000 shops, B-0000 to B-0999; run.sh gives
-- B-0000 to B-0499 and S-BENCH a strategy (a cap of 500 yuan, limits no run reaches), so a quarter of their
-- requests (the 450-yuan order without the express tag) is refunded by the strategy and counts in its usage.
-- At the end it prints one JSON line (prefixed "RESULT ") with the rate and the latency percentiles.

local AUTH = "Basic YWZ0ZXItc2FsZXM6YWZ0ZXItc2FsZXMtc2VjcmV0" -- after-sales:after-sales-secret (demo profile)

-- refundAmount, paidAmount, shippingStatus, virtualGoods, tags, expressRefundEnabled: a mix of approvals and
-- manual reviews (one, then several unmet conditions); the refused bodies differ only in refundAmount.
local VARIANTS = {
  { "120.50", "120.50", "UNSHIPPED", "false", '"EXPRESS_REFUND"', "true" },
  { "88.00", "88.00", "UNSHIPPED", "false", '"EXPRESS_REFUND","FREE_SHIPPING"', "true" },
  { "120.50", "500.00", "DELIVERED", "true", '"EXPRESS_REFUND"', "false" },
  { "450.00", "450.00", "UNSHIPPED", "false", "", "true" },
}

local mode, run_id, delay_ms = "evaluate", "R", 0
local thread_no = 0
local counter = 0

function setup(thread)
  thread_no = thread_no + 1
  thread:set("thread_no", thread_no)
end

function init(args)
  mode = args[1] or "evaluate"
  run_id = args[2] or "R"
  delay_ms = tonumber(args[3] or "0")
  math.randomseed(os.time() + (thread_no or 0))
end

local function shop()
  if mode == "record-hot" then
    return "S-BENCH"
  end
  return string.format("B-%04d", math.random(0, 999))
end

local function body(id, v)
  local refund = v[1]
  if mode == "refused" then
    refund = string.format("%.2f", tonumber(v[2]) + 1)
  end
  -- Now: recording takes requests made within the last day.
  return '{"refundId":"' .. id .. '","requestedAt":"' .. os.date("!%Y-%m-%dT%H:%M:%SZ") .. '","refundType":"REFUND_ONLY",'
    .. '"refundAmount":' .. refund .. ',"order":{"orderId":"O-' .. id .. '","paidAmount":' .. v[2]
    .. ',"paidAt":"2025-11-21T09:00:00+08:00","shippingStatus":"' .. v[3] .. '","virtualGoods":' .. v[4]
    .. ',"serviceTags":[' .. v[5] .. ']},"shop":{"shopId":"' .. shop() .. '","expressRefundEnabled":' .. v[6] .. '}}'
end

function request()
  counter = counter + 1
  local id = run_id .. "-" .. tostring(thread_no) .. "-" .. tostring(counter)
  local path = "/api/v1/refund-decisions/evaluate"
  if mode == "floor" then
    path = "/api/v1/bench/floor"
  end
  if mode == "record" or mode == "record-hot" then
    path = "/api/v1/refund-decisions"
  end
  local headers = { ["Content-Type"] = "application/json", ["Authorization"] = AUTH }
  return wrk.format("POST", path, headers, body(id, VARIANTS[(counter % #VARIANTS) + 1]))
end

function delay()
  if delay_ms <= 0 then
    return 0
  end
  return math.floor(delay_ms * (0.5 + math.random()) + 0.5)
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors
  io.write(string.format('RESULT {"requests":%d,"seconds":%.3f,"rps":%.1f,"p50_ms":%.3f,"p90_ms":%.3f,'
    .. '"p99_ms":%.3f,"max_ms":%.3f,"non2xx":%d,"socket_errors":%d}\n',
    summary.requests, seconds, summary.requests / seconds, latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout))
end
