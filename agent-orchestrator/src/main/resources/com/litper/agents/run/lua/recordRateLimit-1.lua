--[[
  Records one of the Messages API's limits (requests, input tokens, output tokens) as a response's
  anthropic-ratelimit-<limit>-limit, -remaining and -reset headers gave it, for every replica to read.
  Responses arrive out of order: a reading whose reset already passed is ignored; one with the same
  reset as the kept one, or arriving after the kept one was refilled (reset 0, see takeRateLimit-3),
  keeps the lower remaining (the API only counts down until its reset, and calls taken since count);
  a later reset replaces the reading; an earlier one is ignored.

  KEYS[1] limitKey    HASH remaining, reset (epoch ms; 0: refilled, next reset not known yet), limit
  ARGV[1] remaining   what the header said remains
  ARGV[2] resetMs     when the limit is whole again, epoch ms
  ARGV[3] limit       the limit itself ('' when the response did not say)
  ARGV[4] keepMs      how long to keep the reading (a little after its reset, at most max-kept)
  ARGV[5] nowMs       the caller's clock, epoch ms

  Returns 1 when recorded, 0 when the reading was ignored.
]]
local limitKey = KEYS[1]
local remaining = tonumber(ARGV[1])
local resetMs = tonumber(ARGV[2])
local limit = ARGV[3]
local keepMs = tonumber(ARGV[4])
local nowMs = tonumber(ARGV[5])

if resetMs <= nowMs then
  return 0
end
local current = redis.call('HMGET', limitKey, 'remaining', 'reset')
local currentRemaining = tonumber(current[1])
local currentReset = tonumber(current[2])
if currentReset and currentReset > 0 then
  if resetMs < currentReset then
    return 0
  end
  if resetMs == currentReset and currentRemaining and currentRemaining <= remaining then
    return 0
  end
elseif currentReset == 0 and currentRemaining and currentRemaining < remaining then
  remaining = currentRemaining
end
redis.call('HSET', limitKey, 'remaining', remaining, 'reset', resetMs)
if limit ~= '' then
  redis.call('HSET', limitKey, 'limit', limit)
end
redis.call('PEXPIRE', limitKey, keepMs)
return 1
