--[[
  A failed attempt that was the last one: the lease ends and the task becomes a dead letter with
  its last error, kept until an operator replays or purges it.

  Input:
    KEYS[1]  leases hash
    KEYS[2]  dead-letter sorted set (member: task id, score: when it died in ms)
    KEYS[3]  dead-letter tasks hash (task id -> encoded task)
    KEYS[4]  dead-letter errors hash (task id -> last error)

    ARGV[1]  the lease
    ARGV[2]  task id
    ARGV[3]  last error
    ARGV[4]  now, epoch ms

  Output:
    1 when dead-lettered, 0 when the lease was already gone.
]]
--@include lease
--@include deadLetter
local leasesKey = KEYS[1]

local raw = endLease(leasesKey, ARGV[1])
if not raw then
  return 0
end
recordDeadLetter(KEYS[2], KEYS[3], KEYS[4], ARGV[2], raw, ARGV[3], ARGV[4])
return 1
