--[[
  Counts one request of a client in the current rate-limit window (a fixed window that starts with
  the client's first request). INCR and PEXPIRE run in one script so a key can never be left
  without an expiry, which would block the client for good.

  KEYS[1]  the client's counter, e.g. litper:tracking:lookup-rate:{203.0.113.7}
  ARGV[1]  window length in milliseconds

  Returns { requests counted in this window including this one, milliseconds until the window ends }
]]
local counter = KEYS[1]
local windowMs = tonumber(ARGV[1])

local count = redis.call('INCR', counter)
if count == 1 then
  redis.call('PEXPIRE', counter, windowMs)
end
local ttl = redis.call('PTTL', counter)
if ttl < 0 then
  -- Defensive: a counter without expiry (e.g. written by hand) gets one now.
  redis.call('PEXPIRE', counter, windowMs)
  ttl = windowMs
end
return { count, ttl }
