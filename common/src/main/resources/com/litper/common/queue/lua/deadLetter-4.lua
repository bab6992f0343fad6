--[[
  A failed attempt that was the last one: the task leaves the active set and becomes a dead letter
  with its last error, kept until an operator replays or purges it.

  Input:
    KEYS[1]  active sorted set
    KEYS[2]  dead-letter sorted set (member: task id, score: when it died in ms)
    KEYS[3]  dead-letter tasks hash (task id -> encoded task)
    KEYS[4]  dead-letter errors hash (task id -> last error)

    ARGV[1]  the task as leased (encoded)
    ARGV[2]  task id
    ARGV[3]  last error
    ARGV[4]  now, epoch ms

  Output:
    1 when dead-lettered, 0 when the lease was already gone.
]]
--@include deadLetter
local activeKey = KEYS[1]

if redis.call("ZREM", activeKey, ARGV[1]) == 0 then
  return 0
end
recordDeadLetter(KEYS[2], KEYS[3], KEYS[4], ARGV[2], ARGV[1], ARGV[3], ARGV[4])
return 1
