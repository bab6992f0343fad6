--[[
  Replaces a store's published carrier choices in one step, so worker-service never reads a mix
  of two rounds, and sets their expiry.

  KEYS[1]  the store's choice hash (PublishedCarrierChoice.key)
  ARGV[1]  time to live in milliseconds
  ARGV[2..] field, value, field, value, ... (none: the store has no choice and the hash is removed)

  Returns the number of fields written.
]]
local choices = KEYS[1]
local ttl = tonumber(ARGV[1])

redis.call('DEL', choices)
local written = 0
for i = 2, #ARGV, 2 do
  redis.call('HSET', choices, ARGV[i], ARGV[i + 1])
  written = written + 1
end
if written > 0 then
  redis.call('PEXPIRE', choices, ttl)
end
return written
