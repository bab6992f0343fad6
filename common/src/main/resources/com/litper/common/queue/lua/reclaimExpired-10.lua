--[[
  Leases that ran out belong to workers that died, hung or lost Redis: each such task counts as a
  failed attempt and goes back to the head of its ready list, or to the dead letters when it has
  used its last attempt (so a task that kills its workers cannot loop forever).

  Also reclaims the leases of the legacy active set, where versions before the leases set kept
  whole encoded tasks as members: tasks leased by workers of the previous version that died during
  a rolling upgrade are not lost.

  Input:
    KEYS[1]  ready list, CRITICAL
    KEYS[2]  ready list, HIGH
    KEYS[3]  ready list, NORMAL
    KEYS[4]  ready list, LOW
    KEYS[5]  leases sorted set
    KEYS[6]  leased tasks hash
    KEYS[7]  legacy active sorted set (member: encoded task, score: lease deadline in ms)
    KEYS[8]  dead-letter sorted set
    KEYS[9]  dead-letter tasks hash
    KEYS[10] dead-letter errors hash

    ARGV[1]  now, epoch ms
    ARGV[2]  most attempts a task gets, unless its type has its own number below
    ARGV[3]  most leases to reclaim in this call (per set)
    ARGV[4]  wake-up channel
    ARGV[5..] pairs: task type, most attempts a task of that type gets

  Output:
    { tasks put back in their ready lists, tasks dead-lettered }
]]
--@include taskHeader
--@include deadLetter
local readyKeys = {KEYS[1], KEYS[2], KEYS[3], KEYS[4]}
local leasesKey = KEYS[5]
local leasedTasksKey = KEYS[6]
local legacyActiveKey = KEYS[7]

local now = tonumber(ARGV[1])
local defaultMaxAttempts = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local maxAttemptsByType = {}
for i = 5, #ARGV, 2 do
  maxAttemptsByType[ARGV[i]] = tonumber(ARGV[i + 1])
end

local requeued, dead = 0, 0
local function reclaim(raw)
  local id, taskType, priority, attempt = parseTask(raw)
  if not id then
    recordDeadLetter(KEYS[8], KEYS[9], KEYS[10], "undecodable-" .. redis.sha1hex(raw), raw,
      "lease expired on a task whose header cannot be read", now)
    dead = dead + 1
  elseif attempt >= (maxAttemptsByType[taskType] or defaultMaxAttempts) then
    recordDeadLetter(KEYS[8], KEYS[9], KEYS[10], id, raw,
      "lease expired: the worker stopped, hung or lost Redis before finishing attempt " .. attempt, now)
    dead = dead + 1
  else
    redis.call("LPUSH", readyKeys[priority + 1], withAttempt(raw, attempt + 1))
    requeued = requeued + 1
  end
end

for _, lease in ipairs(redis.call("ZRANGEBYSCORE", leasesKey, "-inf", now, "LIMIT", 0, limit)) do
  local raw = redis.call("HGET", leasedTasksKey, lease)
  redis.call("ZREM", leasesKey, lease)
  redis.call("HDEL", leasedTasksKey, lease)
  if raw then
    reclaim(raw)
  end
end
for _, raw in ipairs(redis.call("ZRANGEBYSCORE", legacyActiveKey, "-inf", now, "LIMIT", 0, limit)) do
  redis.call("ZREM", legacyActiveKey, raw)
  reclaim(raw)
end

if requeued > 0 then
  redis.call("PUBLISH", ARGV[4], "1")
end
return {requeued, dead}
