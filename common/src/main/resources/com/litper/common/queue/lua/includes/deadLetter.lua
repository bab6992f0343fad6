-- Shared fragment: records a task as a dead letter (its id, when it died, its encoded form and last error).
local function recordDeadLetter(deadKey, deadTasksKey, deadErrorsKey, id, raw, errorText, nowMillis)
  redis.call("ZADD", deadKey, nowMillis, id)
  redis.call("HSET", deadTasksKey, id, raw)
  redis.call("HSET", deadErrorsKey, id, errorText)
end
