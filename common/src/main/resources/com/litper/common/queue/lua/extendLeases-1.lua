--[[
  A worker's heartbeat: pushes back the deadlines of the leases it still holds, all in one call, and
  names those it no longer holds so that it stops their handlers.

  A lease is still the worker's when it is in the hash with a deadline this worker wrote itself
  (between the earliest and the latest deadline it may have written: a renewal whose reply never
  came may or may not have been applied) and that deadline has not passed. A lease that was ended,
  reclaimed (the next delivery has another name), taken by another delivery of the same name (a
  task handed back or deferred keeps its attempt number, but its new lease has a deadline this
  worker never wrote), or that already ran out is never extended: once a lease is past its
  deadline, any reaper may take it at any moment.

  Input:
    KEYS[1]  leases hash (lease "<id>:<attempt>" -> "<deadline ms>|<encoded task>")

    ARGV[1]  now, epoch ms, on the worker's clock
    ARGV[2..] four values per lease: the lease; the earliest and the latest deadline (ms) the worker
              may have written for it; its new deadline (ms)

  Output:
    the leases given that were not extended (lost to the worker); empty when all were
]]
--@include lease
local leasesKey = KEYS[1]
local now = tonumber(ARGV[1])

local lost = {}
local extended = {}
for i = 2, #ARGV, 4 do
  local lease = ARGV[i]
  local value = redis.call("HGET", leasesKey, lease)
  local deadline = value and tonumber(string.match(value, "^(%d+)|"))
  if deadline and deadline > now and deadline >= tonumber(ARGV[i + 1]) and deadline <= tonumber(ARGV[i + 2]) then
    extended[#extended + 1] = lease
    extended[#extended + 1] = ARGV[i + 3] .. "|" .. leasedTask(value)
  else
    lost[#lost + 1] = lease
  end
end
if #extended > 0 then
  redis.call("HSET", leasesKey, unpack(extended))
end
return lost
