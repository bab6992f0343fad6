-- GET /api/orders/{id} over a set of existing orders (api-bench, docs/capacity.md).
-- Environment: LITPER_BENCH_KEY (the store's API key), LITPER_BENCH_IDS (file, one order id per line).
local ids = {}
local i = 0

function init(args)
  key = os.getenv("LITPER_BENCH_KEY")
  for line in io.lines(os.getenv("LITPER_BENCH_IDS")) do
    if #line > 0 then table.insert(ids, line) end
  end
  if #ids == 0 then error("no order ids in " .. os.getenv("LITPER_BENCH_IDS")) end
  i = math.random(#ids)
end

function request()
  i = i % #ids + 1
  return wrk.format("GET", "/api/orders/" .. ids[i], {["Authorization"] = "Bearer " .. key})
end

local unexpected = 0
function response(status, headers, body)
  if status ~= 200 then
    unexpected = unexpected + 1
    if unexpected <= 3 then
      io.stderr:write("get_order: unexpected " .. status .. " " .. (body or "") .. "\n")
    end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  io.write(string.format("api-bench endpoint=get_order rps=%.0f p50_ms=%.2f p99_ms=%.2f errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors))
end
