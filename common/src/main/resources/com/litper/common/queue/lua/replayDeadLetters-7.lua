--[[
  An operator replays dead letters: each goes to the tail of its priority's ready list with its
  attempts reset to 1, and stops being a dead letter.

  Input:
    KEYS[1]  ready list, CRITICAL
    KEYS[2]  ready list, HIGH
    KEYS[3]  ready list, NORMAL
    KEYS[4]  ready list, LOW
    KEYS[5]  dead-letter sorted set
    KEYS[6]  dead-letter tasks hash
    KEYS[7]  dead-letter errors hash

    ARGV[1]  wake-up channel
    ARGV[2..] ids of the dead letters to replay

  Output:
    how many were replayed (ids that are not dead letters are ignored).
]]
--@include taskHeader
local readyKeys = {KEYS[1], KEYS[2], KEYS[3], KEYS[4]}
local deadKey = KEYS[5]
local deadTasksKey = KEYS[6]
local deadErrorsKey = KEYS[7]

local replayed = 0
for i = 2, #ARGV do
  local id = ARGV[i]
  local raw = redis.call("HGET", deadTasksKey, id)
  if raw then
    local _, _, priority = parseTask(raw)
    redis.call("RPUSH", readyKeys[priority + 1], withAttempt(raw, 1))
    redis.call("ZREM", deadKey, id)
    redis.call("HDEL", deadTasksKey, id)
    redis.call("HDEL", deadErrorsKey, id)
    replayed = replayed + 1
  end
end
if replayed > 0 then
  redis.call("PUBLISH", ARGV[1], "1")
end
return replayed
