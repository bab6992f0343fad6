--[[
  Adds tasks to a named queue: ready now (tail of its priority's list) or delayed (by due time),
  skipping those whose de-duplication key was used within its window.

  Input:
    KEYS[1]  ready list, CRITICAL
    KEYS[2]  ready list, HIGH
    KEYS[3]  ready list, NORMAL
    KEYS[4]  ready list, LOW
    KEYS[5]  delayed sorted set (score: due time in ms)
    KEYS[6]  prefix of de-duplication keys (same hash tag as the others)

    ARGV[1]  now, epoch ms
    ARGV[2]  wake-up channel
    then per task, six values:
      id, encoded task, priority (0-3), due time in ms (0: now), de-duplication key ("" for none),
      de-duplication window in ms

  Output:
    one id per task, in order: the task's own id, or the id of the task enqueued earlier with the
    same de-duplication key.
]]
local readyKeys = {KEYS[1], KEYS[2], KEYS[3], KEYS[4]}
local delayedKey = KEYS[5]
local dedupPrefix = KEYS[6]

local now = tonumber(ARGV[1])
local wakeChannel = ARGV[2]

local ids = {}
local added = false
-- Ready tasks are pushed per priority in one RPUSH at the end (order kept): far fewer calls for a bulk enqueue.
local ready = {{}, {}, {}, {}}
for i = 3, #ARGV, 6 do
  local id = ARGV[i]
  local raw = ARGV[i + 1]
  local priority = tonumber(ARGV[i + 2])
  local dueAt = tonumber(ARGV[i + 3])
  local dedupKey = ARGV[i + 4]
  local accepted = true
  if dedupKey ~= "" then
    -- SET NX both tests and claims the key, so two racing enqueues cannot both win.
    local claimed = redis.call("SET", dedupPrefix .. dedupKey, id, "NX", "PX", ARGV[i + 5])
    if not claimed then
      accepted = false
      ids[#ids + 1] = redis.call("GET", dedupPrefix .. dedupKey)
    end
  end
  if accepted then
    if dueAt > now then
      redis.call("ZADD", delayedKey, dueAt, raw)
    else
      local list = ready[priority + 1]
      list[#list + 1] = raw
    end
    ids[#ids + 1] = id
    added = true
  end
end
for p = 1, 4 do
  if #ready[p] > 0 then
    redis.call("RPUSH", readyKeys[p], unpack(ready[p]))
  end
end
if added then
  redis.call("PUBLISH", wakeChannel, "1")
end
return ids
