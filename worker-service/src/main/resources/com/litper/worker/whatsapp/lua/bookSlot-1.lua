--[[
  Books one send in a sender's global rate limit: a sliding window shared by every worker replica.

  Each entry of the slots ZSET is one send, scored by the time (ms) it may start. A new entry goes at
  the earliest time where every span of (window + guard) ms around it holds fewer than `limit` other
  entries; the guard covers a worker starting a little late and the request's trip to WhatsApp, so
  WhatsApp never counts more than `limit` in any window of its own clock. Booking a place ahead
  (instead of answering "full, try later") gives every waiting message its own time, so a backlog
  does not wake all at once whenever a slot frees.

  KEYS[1] slots    ZSET  member = ticket (booked, not yet used) or ticket@<ms> (used, or missed),
                         score = start time (ms)
  ARGV[1] now      ms
  ARGV[2] window   ms
  ARGV[3] limit    sends per window
  ARGV[4] guard    ms
  ARGV[5] ticket   the task's id: a task coming back for its booking finds it again

  Returns the wait in ms: 0 = send now (the place is taken as used); > 0 = a place is booked that many
  ms ahead, come back then with the same ticket. A task back more than guard/2 after its place missed
  it: the old place stays taken (never reused late) and a new one is booked.
]]
local slots = KEYS[1]
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local guard = tonumber(ARGV[4])
local ticket = ARGV[5]
local lateness = math.floor(guard / 2)

-- Entries this old cannot share a span with any place booked from now on.
redis.call('ZREMRANGEBYSCORE', slots, '-inf', now - window - guard)

local booked = redis.call('ZSCORE', slots, ticket)
if booked then
  booked = tonumber(booked)
  if now < booked then
    return booked - now
  end
  redis.call('ZREM', slots, ticket)
  redis.call('ZADD', slots, booked, ticket .. '@' .. booked)
  if now <= booked + lateness then
    return 0
  end
end

local at = now
local count = redis.call('ZCARD', slots)
if count >= limit then
  -- The limit-th latest entry: a place one span after it has at most limit - 1 entries near it.
  local kth = redis.call('ZRANGE', slots, count - limit, count - limit, 'WITHSCORES')
  local free = tonumber(kth[2]) + window + guard
  if free > at then
    at = free
  end
end

if at == now then
  redis.call('ZADD', slots, at, ticket .. '@' .. at)
else
  redis.call('ZADD', slots, at, ticket)
end
local last = redis.call('ZRANGE', slots, -1, -1, 'WITHSCORES')
redis.call('PEXPIRE', slots, math.max(tonumber(last[2]) - now, 0) + window + guard)
return at - now
