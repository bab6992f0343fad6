--[[
  Leases that ran out belong to workers that died, hung or lost Redis: each such task counts as a
  failed attempt and goes back to the head of its ready list, or to the dead letters when it has
  used its last attempt (so a task that kills its workers cannot loop forever).

  Input:
    KEYS[1]  ready list, CRITICAL
    KEYS[2]  ready list, HIGH
    KEYS[3]  ready list, NORMAL
    KEYS[4]  ready list, LOW
    KEYS[5]  active sorted set
    KEYS[6]  dead-letter sorted set
    KEYS[7]  dead-letter tasks hash
    KEYS[8]  dead-letter errors hash

    ARGV[1]  now, epoch ms
    ARGV[2]  most attempts a task gets
    ARGV[3]  most leases to reclaim in this call
    ARGV[4]  wake-up channel

  Output:
    { tasks put back in their ready lists, tasks dead-lettered }
]]
--@include taskHeader
--@include deadLetter
local readyKeys = {KEYS[1], KEYS[2], KEYS[3], KEYS[4]}
local activeKey = KEYS[5]

local now = tonumber(ARGV[1])
local maxAttempts = tonumber(ARGV[2])

local expired = redis.call("ZRANGEBYSCORE", activeKey, "-inf", now, "LIMIT", 0, tonumber(ARGV[3]))
local requeued, dead = 0, 0
for _, raw in ipairs(expired) do
  redis.call("ZREM", activeKey, raw)
  local id, priority, attempt = parseTask(raw)
  if attempt >= maxAttempts then
    recordDeadLetter(KEYS[6], KEYS[7], KEYS[8], id, raw,
      "lease expired: the worker stopped, hung or lost Redis before finishing attempt " .. attempt, now)
    dead = dead + 1
  else
    redis.call("LPUSH", readyKeys[priority + 1], withAttempt(raw, attempt + 1))
    requeued = requeued + 1
  end
end
if requeued > 0 then
  redis.call("PUBLISH", ARGV[4], "1")
end
return {requeued, dead}
