--[[
  Before a model call: how long to wait for the Messages API's limits, as the latest readings of any
  replica give them. A reading whose reset passed is refilled to its limit (the API's reset is when the
  limit is whole again) with its next reset unknown (0) until a response tells it; a refilled reading no
  response renews soon is dropped, so readings of responses that stopped coming never hold calls back. A limit under its
  floor (never above the limit itself) waits until its reset, or, refilled and already spent by calls
  in flight, a short while for their responses. Otherwise the call goes and takes one request off the
  requests reading, so the replicas' calls between two responses count against the same remaining.
  With no requests reading at all (a cold cluster), one call goes as a probe and the others wait a
  short while for its response, so calls nobody counted cannot pile up before the first reading; when
  responses come without rate-limit headers (probe 'none'), there is nothing to pace and calls go.

  KEYS[1] requests          HASH remaining, reset (epoch ms, 0 unknown), limit
  KEYS[2] inputTokens       HASH remaining, reset (epoch ms, 0 unknown), limit
  KEYS[3] outputTokens      HASH remaining, reset (epoch ms, 0 unknown), limit
  KEYS[4] probe             STRING with a TTL: '1' a call went without a requests reading; 'none' responses carry no limits
  ARGV[1] nowMs             the caller's clock, epoch ms (the resets are the API's wall clock)
  ARGV[2] requestsFloor
  ARGV[3] inputTokensFloor
  ARGV[4] outputTokensFloor
  ARGV[5] unknownWaitMs     the wait while a refilled limit is spent and its reset not yet known, or a probe is out
  ARGV[6] probeMs           how long a probe call holds back the others when no response reports back
  ARGV[7] refilledKeepMs    how long a refilled reading lives unless a response records a new one

  Returns 0 when the call may go (one request taken), else the milliseconds to wait.
]]
local nowMs = tonumber(ARGV[1])
local unknownWaitMs = tonumber(ARGV[5])
local wait = 0
for i = 1, 3 do
  local reading = redis.call('HMGET', KEYS[i], 'remaining', 'reset', 'limit')
  local remaining = tonumber(reading[1])
  local resetMs = tonumber(reading[2])
  local limit = tonumber(reading[3])
  if remaining and resetMs then
    if resetMs > 0 and resetMs <= nowMs and limit then
      remaining = limit
      resetMs = 0
      redis.call('HSET', KEYS[i], 'remaining', remaining, 'reset', 0)
      redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[7]))
    end
    local floor = tonumber(ARGV[i + 1])
    if limit and limit < floor then
      floor = limit
    end
    if remaining < floor then
      if resetMs > nowMs then
        wait = math.max(wait, resetMs - nowMs)
      elseif resetMs == 0 then
        wait = math.max(wait, unknownWaitMs)
      end
    end
  end
end
if wait > 0 then
  return wait
end
if redis.call('HEXISTS', KEYS[1], 'remaining') == 1 then
  redis.call('HINCRBY', KEYS[1], 'remaining', -1)
  return 0
end
if redis.call('GET', KEYS[4]) == 'none' or redis.call('SET', KEYS[4], '1', 'NX', 'PX', tonumber(ARGV[6])) then
  return 0
end
return unknownWaitMs
