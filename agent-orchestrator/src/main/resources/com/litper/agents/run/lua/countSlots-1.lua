--[[
  How many run slots are held now across the cluster (unexpired leases).

  KEYS[1] slots     ZSET holder -> lease expiry (ms, Redis time)

  Returns the count.
]]
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
return redis.call('ZCOUNT', KEYS[1], '(' .. now, '+inf')
