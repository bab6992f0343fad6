--[[
  Leases that ran out belong to workers that died, hung or lost Redis: each such task counts as a
  failed attempt and goes back to the head of its ready list, or to the dead letters when it has
  used its last attempt (so a task that kills its workers cannot loop forever).

  The leases hash is walked with HSCAN from the caller's cursor, at most about ARGV[3] leases a call,
  so a call stays short however many tasks are leased; with fewer leases than that, one call looks
  at all of them. (Leases are a hash rather than a sorted set by deadline because leasing and
  completing, on every task, are then one hash write each; reaping, once a second, pays instead.)

  Also reclaims the leases of the legacy active set, where versions before the leases hash kept
  whole encoded tasks as members: tasks leased by workers of the previous version that died during
  a rolling upgrade are not lost.

  Input:
    KEYS[1]  ready list, CRITICAL
    KEYS[2]  ready list, HIGH
    KEYS[3]  ready list, NORMAL
    KEYS[4]  ready list, LOW
    KEYS[5]  leases hash
    KEYS[6]  legacy active sorted set (member: encoded task, score: lease deadline in ms)
    KEYS[7]  dead-letter sorted set
    KEYS[8]  dead-letter tasks hash
    KEYS[9]  dead-letter errors hash

    ARGV[1]  now, epoch ms
    ARGV[2]  most attempts a task gets, unless its type has its own number below
    ARGV[3]  about how many leases to look at in this call (and most legacy leases to reclaim)
    ARGV[4]  wake-up channel
    ARGV[5]  HSCAN cursor over the leases hash ("0" to start)
    ARGV[6..] pairs: task type, most attempts a task of that type gets

  Output:
    { tasks put back in their ready lists, tasks dead-lettered, cursor for the next call ("0": done) }
]]
--@include taskHeader
--@include lease
--@include deadLetter
local readyKeys = {KEYS[1], KEYS[2], KEYS[3], KEYS[4]}
local leasesKey = KEYS[5]
local legacyActiveKey = KEYS[6]

local now = tonumber(ARGV[1])
local defaultMaxAttempts = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local maxAttemptsByType = {}
for i = 6, #ARGV, 2 do
  maxAttemptsByType[ARGV[i]] = tonumber(ARGV[i + 1])
end

local requeued, dead = 0, 0
local function reclaim(raw)
  local id, taskType, priority, attempt = parseTask(raw)
  if not id then
    recordDeadLetter(KEYS[7], KEYS[8], KEYS[9], "undecodable-" .. redis.sha1hex(raw), raw,
      "lease expired on a task whose header cannot be read", now)
    dead = dead + 1
  elseif attempt >= (maxAttemptsByType[taskType] or defaultMaxAttempts) then
    recordDeadLetter(KEYS[7], KEYS[8], KEYS[9], id, raw,
      "lease expired: the worker stopped, hung or lost Redis before finishing attempt " .. attempt, now)
    dead = dead + 1
  else
    redis.call("LPUSH", readyKeys[priority + 1], withAttempt(raw, attempt + 1))
    requeued = requeued + 1
  end
end

local scan = redis.call("HSCAN", leasesKey, ARGV[5], "COUNT", limit)
local entries = scan[2]
for i = 1, #entries, 2 do
  local value = entries[i + 1]
  if tonumber(string.match(value, "^(%d+)|")) <= now then
    redis.call("HDEL", leasesKey, entries[i])
    reclaim(leasedTask(value))
  end
end
for _, raw in ipairs(redis.call("ZRANGEBYSCORE", legacyActiveKey, "-inf", now, "LIMIT", 0, limit)) do
  redis.call("ZREM", legacyActiveKey, raw)
  reclaim(raw)
end

if requeued > 0 then
  redis.call("PUBLISH", ARGV[4], "1")
end
return {requeued, dead, scan[1]}
