-- POST /api/orders with a unique Idempotency-Key per request (api-bench, docs/capacity.md).
-- Environment: LITPER_BENCH_KEY (the store's API key), LITPER_BENCH_RUN (a run id).
local counter = 0
thread_id = 0

local threads = {}

function setup(thread)
  thread:set("thread_id", #threads)
  table.insert(threads, thread)
end

local cities = {"11001", "05001", "76001", "08001", "68001", "Bogotá", "Medellín", "Cali", "Barranquilla", "Pereira"}
local carriers = {"servientrega", "coordinadora", "interrapidisimo", "envia", "tcc"}

function init(args)
  run = os.getenv("LITPER_BENCH_RUN") or tostring(os.time())
  key = os.getenv("LITPER_BENCH_KEY")
end

function request()
  counter = counter + 1
  local n = counter
  local body = string.format(
    '{"buyer":{"name":"Cliente %d","phone":"30%08d"},' ..
    '"destination":{"address":"Calle %d # %d-%d","city":"%s"},' ..
    '"items":[{"sku":"SKU-%d","name":"Producto %d","quantity":%d,"unitPrice":45000}],' ..
    '"declaredValue":%d,"cashOnDelivery":%d,"preferredCarrier":"%s"}',
    n, (n * 7919) % 100000000, n % 200 + 1, n % 90 + 1, n % 99 + 1, cities[n % #cities + 1],
    n % 500, n % 500, n % 3 + 1, 45000 * (n % 3 + 1), (n % 2) * 45000 * (n % 3 + 1), carriers[n % #carriers + 1])
  return wrk.format("POST", "/api/orders", {
    ["Authorization"] = "Bearer " .. key,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = string.format("bench-%s-%d-%d", run, thread_id, n),
  }, body)
end

local unexpected = 0
function response(status, headers, body)
  if status ~= 201 then
    unexpected = unexpected + 1
    if unexpected <= 3 then
      io.stderr:write("create_order: unexpected " .. status .. " " .. (body or "") .. "\n")
    end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  io.write(string.format("api-bench endpoint=create_order rps=%.0f p50_ms=%.2f p99_ms=%.2f errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors))
end
