--[[
  Extends a conversation lock's lease if this run still holds it.

  KEYS[1] lock      STRING holder token, with a TTL
  ARGV[1] token     the run's token
  ARGV[2] leaseMs   the new lease, from now

  Returns 1 when renewed, 0 when the lock is another's or gone.
]]
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
  return 1
end
return 0
