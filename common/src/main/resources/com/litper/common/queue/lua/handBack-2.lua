--[[
  A stopping worker gives back a task it will not finish: the task goes to the head of its
  priority's ready list, attempt unchanged, so another worker takes it at once instead of waiting
  for the lease to run out.

  Input:
    KEYS[1]  active sorted set
    KEYS[2]  ready list of the task's priority

    ARGV[1]  the task as leased (encoded)
    ARGV[2]  wake-up channel

  Output:
    1 when handed back, 0 when the lease was already gone.
]]
local activeKey = KEYS[1]
local readyKey = KEYS[2]

if redis.call("ZREM", activeKey, ARGV[1]) == 0 then
  return 0
end
redis.call("LPUSH", readyKey, ARGV[1])
redis.call("PUBLISH", ARGV[2], "1")
return 1
