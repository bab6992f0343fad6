--[[
  Extends the leader lock's expiry, only if this candidate still holds it.

  KEYS[1]  the election's lock key (litper:leader:{name})
  ARGV[1]  the candidate's token
  ARGV[2]  the new time to live, in milliseconds

  Returns 1 when renewed, 0 when the key is missing or held by another token.
  Atomic: a GET then PEXPIRE from the client could extend a lock a successor took in between.
]]
local lockKey = KEYS[1]
local token = ARGV[1]
local ttlMillis = ARGV[2]

if redis.call("GET", lockKey) == token then
  return redis.call("PEXPIRE", lockKey, ttlMillis)
end
return 0
