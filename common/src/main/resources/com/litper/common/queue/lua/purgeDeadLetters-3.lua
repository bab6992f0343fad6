--[[
  An operator deletes dead letters for good: the given ids, or all of them when none is given.

  Input:
    KEYS[1]  dead-letter sorted set
    KEYS[2]  dead-letter tasks hash
    KEYS[3]  dead-letter errors hash

    ARGV[1..] ids of the dead letters to delete; none means every dead letter of the queue

  Output:
    how many dead letters were deleted.
]]
local deadKey = KEYS[1]
local deadTasksKey = KEYS[2]
local deadErrorsKey = KEYS[3]

if #ARGV == 0 then
  local count = redis.call("ZCARD", deadKey)
  redis.call("DEL", deadKey, deadTasksKey, deadErrorsKey)
  return count
end
local purged = 0
for i = 1, #ARGV do
  if redis.call("ZREM", deadKey, ARGV[i]) == 1 then
    purged = purged + 1
  end
  redis.call("HDEL", deadTasksKey, ARGV[i])
  redis.call("HDEL", deadErrorsKey, ARGV[i])
end
return purged
