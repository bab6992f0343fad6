--[[
  A stopping worker gives back a task it will not finish: the lease ends and the task goes to the
  head of its priority's ready list, attempt unchanged, so another worker takes it at once instead
  of waiting for the lease to run out.

  Input:
    KEYS[1]  leases hash
    KEYS[2]  ready list of the task's priority

    ARGV[1]  the lease
    ARGV[2]  wake-up channel

  Output:
    1 when handed back, 0 when the lease was already gone.
]]
--@include lease
local leasesKey = KEYS[1]
local readyKey = KEYS[2]

local raw = endLease(leasesKey, ARGV[1])
if not raw then
  return 0
end
redis.call("LPUSH", readyKey, raw)
redis.call("PUBLISH", ARGV[2], "1")
return 1
