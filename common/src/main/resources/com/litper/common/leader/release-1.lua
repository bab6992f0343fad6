--[[
  Releases the leader lock, only if this candidate still holds it.

  KEYS[1]  the election's lock key (litper:leader:{name})
  ARGV[1]  the candidate's token

  Returns 1 when deleted, 0 when the key is missing or held by another token.
  Atomic: a GET then DEL from the client could delete a lock a successor took in between.
]]
local lockKey = KEYS[1]
local token = ARGV[1]

if redis.call("GET", lockKey) == token then
  return redis.call("DEL", lockKey)
end
return 0
