--[[
  Replaces a store's published carrier choices in one step, so worker-service never reads a mix
  of two rounds, and sets their expiry. A publication computed from an older version of the
  store's rule than the one already published is refused: the leader's round that read the rule
  just before the owner saved a new one cannot overwrite what the save published.

  KEYS[1]  the store's choice hash (PublishedCarrierChoice.key)
  ARGV[1]  time to live in milliseconds
  ARGV[2]  the rule's version (its updated_at in microseconds since the epoch)
  ARGV[3..] field, value, field, value, ... (none: the store has no choice; only the version is kept)

  Returns the number of choice fields written, or -1 when a newer rule's choices are published.
]]
local choices = KEYS[1]
local ttl = tonumber(ARGV[1])
local version = tonumber(ARGV[2])

local published = tonumber(redis.call('HGET', choices, 'version'))
if published and published > version then
  return -1
end
redis.call('DEL', choices)
redis.call('HSET', choices, 'version', ARGV[2])
local written = 0
for i = 3, #ARGV, 2 do
  redis.call('HSET', choices, ARGV[i], ARGV[i + 1])
  written = written + 1
end
redis.call('PEXPIRE', choices, ttl)
return written
