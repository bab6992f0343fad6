--[[
  A message asks for its turn to go to one buyer: buyers' messages go out in enqueue order, at least
  `interval` apart (WhatsApp rejects a faster pair rate with error 131056).

  KEYS[1] turn      STRING ticket of the message holding the buyer's turn; expires when the next may go
  KEYS[2] pending   ZSET   messages to the buyer not yet sent, member = task id, score = enqueued at (ms)
  KEYS[3] expected  HASH   task id -> when (ms) that message is expected back at a worker
  ARGV[1] now       ms
  ARGV[2] taskId
  ARGV[3] enqueuedAt ms
  ARGV[4] interval  ms between two messages to the buyer
  ARGV[5] hold      ms the turn is held while the request is in flight (the send timeout)
  ARGV[6] grace     ms past its expected return that an earlier message still holds later ones back

  Returns {0, 0} = your turn (turn now holds taskId); {1, wait} = the buyer was messaged less than
  `interval` ago; {2, wait} = an earlier message to the buyer has not gone yet.
]]
local turn = KEYS[1]
local pending = KEYS[2]
local expected = KEYS[3]
local now = tonumber(ARGV[1])
local taskId = ARGV[2]
local interval = tonumber(ARGV[4])
local hold = tonumber(ARGV[5])
local grace = tonumber(ARGV[6])

redis.call('ZADD', pending, 'NX', ARGV[3], taskId)
-- The buyer's keys vanish once idle; never shorten a longer life set for a message booked far ahead.
local function keep(ms)
  for _, key in ipairs({pending, expected}) do
    if redis.call('PTTL', key) < ms then
      redis.call('PEXPIRE', key, ms)
    end
  end
end

local function wait(code, ms)
  redis.call('HSET', expected, taskId, now + ms)
  keep(ms + 2 * (interval + hold + grace))
  return {code, ms}
end

-- Earlier messages that stopped coming back (dead-lettered, purged) are forgotten after the grace.
for _, earlier in ipairs(redis.call('ZRANGE', pending, 0, -1)) do
  if earlier == taskId then
    break
  end
  local back = tonumber(redis.call('HGET', expected, earlier))
  if back == nil or back + grace < now then
    redis.call('ZREM', pending, earlier)
    redis.call('HDEL', expected, earlier)
  else
    return wait(2, math.max(interval, back - now))
  end
end

local ttl = redis.call('PTTL', turn)
if ttl > 0 then
  return wait(1, ttl)
end
redis.call('SET', turn, taskId, 'PX', interval + hold)
redis.call('HSET', expected, taskId, now)
keep(2 * (interval + hold + grace))
return {0, 0}
