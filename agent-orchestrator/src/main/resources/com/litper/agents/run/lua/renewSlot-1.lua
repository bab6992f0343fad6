--[[
  Extends a held run slot's lease. A slot whose lease expired meanwhile (the run stalled past it) may
  have gone to another run: it is not taken back.

  KEYS[1] slots     ZSET holder -> lease expiry (ms, Redis time)
  ARGV[1] holder    the run's holder id
  ARGV[2] leaseMs   the new lease, from now

  Returns 1 when renewed, 0 when the holder had lost its slot.
]]
local slots = KEYS[1]
local holder = ARGV[1]
local leaseMs = tonumber(ARGV[2])

local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local expiry = redis.call('ZSCORE', slots, holder)
if not expiry or tonumber(expiry) <= now then
  redis.call('ZREM', slots, holder)
  return 0
end
redis.call('ZADD', slots, now + leaseMs, holder)
redis.call('PEXPIRE', slots, leaseMs * 2)
return 1
