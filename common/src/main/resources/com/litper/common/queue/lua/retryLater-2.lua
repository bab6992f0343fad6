--[[
  A failed attempt that will be retried, or a deferred one: the lease ends and the task waits in
  the delayed set, with the attempt number of its next delivery, until its backoff has passed.

  Input:
    KEYS[1]  leases hash
    KEYS[2]  delayed sorted set

    ARGV[1]  the lease
    ARGV[2]  attempt number of the next delivery (the same one for a deferral)
    ARGV[3]  when the next delivery is due, epoch ms
    ARGV[4]  wake-up channel

  Output:
    1 when rescheduled, 0 when the lease was already gone (reclaimed or handed back meanwhile).
]]
--@include taskHeader
--@include lease
local leasesKey = KEYS[1]
local delayedKey = KEYS[2]

local raw = endLease(leasesKey, ARGV[1])
if not raw then
  return 0
end
redis.call("ZADD", delayedKey, ARGV[3], withAttempt(raw, ARGV[2]))
redis.call("PUBLISH", ARGV[4], "1")
return 1
