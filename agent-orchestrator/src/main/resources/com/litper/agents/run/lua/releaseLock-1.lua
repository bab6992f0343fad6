--[[
  Releases a conversation lock if this run still holds it: a lock that expired and went to another
  run is left alone.

  KEYS[1] lock      STRING holder token, with a TTL
  ARGV[1] token     the run's token

  Returns 1 when released, 0 otherwise.
]]
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
