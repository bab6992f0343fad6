--[[
  Takes one of the cluster's run slots if fewer than the cap are held: a ZSET semaphore whose members
  are run holders scored by their lease's expiry. Expired leases (a crashed pod's) are dropped first,
  so their slots come back by themselves. Redis's clock, not the pods', decides expiry: pods' clocks
  may disagree. A holder that already has a slot renews it.

  KEYS[1] slots     ZSET holder -> lease expiry (ms, Redis time)
  ARGV[1] holder    the run's holder id
  ARGV[2] leaseMs   how long the slot is held unless renewed
  ARGV[3] cap       most slots held at once

  Returns 1 when the holder has a slot, 0 when all are taken.
]]
local slots = KEYS[1]
local holder = ARGV[1]
local leaseMs = tonumber(ARGV[2])
local cap = tonumber(ARGV[3])

local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', slots, '-inf', now)
if redis.call('ZSCORE', slots, holder) then
  redis.call('ZADD', slots, now + leaseMs, holder)
  return 1
end
if redis.call('ZCARD', slots) < cap then
  redis.call('ZADD', slots, now + leaseMs, holder)
  redis.call('PEXPIRE', slots, leaseMs * 2)
  return 1
end
return 0
