-- GET of one path with a bearer token (api-bench, docs/capacity.md): chat_list, analytics_kpis.
-- Environment: LITPER_BENCH_KEY (an access token), LITPER_BENCH_NAME (the line's endpoint name),
-- LITPER_BENCH_PATH (the path and query).
function init(args)
  key = os.getenv("LITPER_BENCH_KEY")
  name = os.getenv("LITPER_BENCH_NAME")
  path = os.getenv("LITPER_BENCH_PATH")
  req = wrk.format("GET", path, {["Authorization"] = "Bearer " .. key})
end

function request()
  return req
end

local unexpected = 0
function response(status, headers, body)
  if status ~= 200 then
    unexpected = unexpected + 1
    if unexpected <= 3 then
      io.stderr:write(name .. ": unexpected " .. status .. " " .. (body or "") .. "\n")
    end
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  io.write(string.format("api-bench endpoint=%s rps=%.0f p50_ms=%.2f p99_ms=%.2f errors=%d\n",
    os.getenv("LITPER_BENCH_NAME"), summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000, errors))
end
