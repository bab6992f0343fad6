--[[
  A failed attempt that will be retried: the task leaves the active set and waits in the delayed
  set, with its attempt number raised, until its backoff has passed.

  Input:
    KEYS[1]  active sorted set
    KEYS[2]  delayed sorted set

    ARGV[1]  the task as leased (encoded)
    ARGV[2]  the task for its next attempt (encoded)
    ARGV[3]  when the next attempt is due, epoch ms
    ARGV[4]  wake-up channel

  Output:
    1 when rescheduled, 0 when the lease was already gone (reclaimed or handed back meanwhile).
]]
local activeKey = KEYS[1]
local delayedKey = KEYS[2]

if redis.call("ZREM", activeKey, ARGV[1]) == 0 then
  return 0
end
redis.call("ZADD", delayedKey, ARGV[3], ARGV[2])
redis.call("PUBLISH", ARGV[4], "1")
return 1
