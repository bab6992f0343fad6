--[[
  A stopping worker gives back a task it will not finish: the lease ends and the task goes to the
  head of its priority's ready list, attempt unchanged, so another worker takes it at once instead
  of waiting for the lease to run out.

  Input:
    KEYS[1]  leases sorted set
    KEYS[2]  leased tasks hash
    KEYS[3]  ready list of the task's priority

    ARGV[1]  the lease
    ARGV[2]  wake-up channel

  Output:
    1 when handed back, 0 when the lease was already gone.
]]
local leasesKey = KEYS[1]
local leasedTasksKey = KEYS[2]
local readyKey = KEYS[3]
local lease = ARGV[1]

if redis.call("ZREM", leasesKey, lease) == 0 then
  return 0
end
local raw = redis.call("HGET", leasedTasksKey, lease)
redis.call("HDEL", leasedTasksKey, lease)
if not raw then
  return 0
end
redis.call("LPUSH", readyKey, raw)
redis.call("PUBLISH", ARGV[2], "1")
return 1
