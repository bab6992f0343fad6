--[[
  A failed attempt that was the last one: the lease ends and the task becomes a dead letter with
  its last error, kept until an operator replays or purges it.

  Input:
    KEYS[1]  leases sorted set
    KEYS[2]  leased tasks hash
    KEYS[3]  dead-letter sorted set (member: task id, score: when it died in ms)
    KEYS[4]  dead-letter tasks hash (task id -> encoded task)
    KEYS[5]  dead-letter errors hash (task id -> last error)

    ARGV[1]  the lease
    ARGV[2]  task id
    ARGV[3]  last error
    ARGV[4]  now, epoch ms

  Output:
    1 when dead-lettered, 0 when the lease was already gone.
]]
--@include deadLetter
local leasesKey = KEYS[1]
local leasedTasksKey = KEYS[2]
local lease = ARGV[1]

if redis.call("ZREM", leasesKey, lease) == 0 then
  return 0
end
local raw = redis.call("HGET", leasedTasksKey, lease)
redis.call("HDEL", leasedTasksKey, lease)
if not raw then
  return 0
end
recordDeadLetter(KEYS[3], KEYS[4], KEYS[5], ARGV[2], raw, ARGV[3], ARGV[4])
return 1
