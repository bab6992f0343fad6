--[[
  Keeps a queue's dead letters within their retention, so Redis memory stays bounded: deletes
  those that died before a cutoff, then the oldest beyond a largest count. At most a limit per
  call, so one call never holds Redis up; the caller calls again while the limit was reached.

  Input:
    KEYS[1]  dead-letter sorted set (member: task id, score: when it died in ms)
    KEYS[2]  dead-letter tasks hash (task id -> encoded task)
    KEYS[3]  dead-letter errors hash (task id -> last error)

    ARGV[1]  cutoff, epoch ms: dead letters that died before it are deleted
    ARGV[2]  most dead letters the queue keeps
    ARGV[3]  most dead letters this call deletes

  Output:
    { deleted for their age, deleted for their number }
]]
local deadKey = KEYS[1]
local deadTasksKey = KEYS[2]
local deadErrorsKey = KEYS[3]
local cutoff = ARGV[1]
local maxCount = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])

local function delete(ids)
  if #ids > 0 then
    redis.call("ZREM", deadKey, unpack(ids))
    redis.call("HDEL", deadTasksKey, unpack(ids))
    redis.call("HDEL", deadErrorsKey, unpack(ids))
  end
end

local old = redis.call("ZRANGEBYSCORE", deadKey, "-inf", "(" .. cutoff, "LIMIT", 0, limit)
delete(old)

local excess = {}
local over = math.min(redis.call("ZCARD", deadKey) - maxCount, limit - #old)
if over > 0 then
  -- Oldest first: the newest dead letters are the ones an operator is most likely still to need.
  excess = redis.call("ZRANGE", deadKey, 0, over - 1)
  delete(excess)
end
return {#old, #excess}
