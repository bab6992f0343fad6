--[[
  A failed attempt that will be retried, or a deferred one: the lease ends and the task waits in
  the delayed set, with the attempt number of its next delivery, until its backoff has passed.

  Input:
    KEYS[1]  leases sorted set
    KEYS[2]  leased tasks hash
    KEYS[3]  delayed sorted set

    ARGV[1]  the lease
    ARGV[2]  attempt number of the next delivery (the same one for a deferral)
    ARGV[3]  when the next delivery is due, epoch ms
    ARGV[4]  wake-up channel

  Output:
    1 when rescheduled, 0 when the lease was already gone (reclaimed or handed back meanwhile).
]]
--@include taskHeader
local leasesKey = KEYS[1]
local leasedTasksKey = KEYS[2]
local delayedKey = KEYS[3]
local lease = ARGV[1]

if redis.call("ZREM", leasesKey, lease) == 0 then
  return 0
end
local raw = redis.call("HGET", leasedTasksKey, lease)
redis.call("HDEL", leasedTasksKey, lease)
if not raw then
  return 0
end
redis.call("ZADD", delayedKey, ARGV[3], withAttempt(raw, ARGV[2]))
redis.call("PUBLISH", ARGV[4], "1")
return 1
