--[[
  Ends a message's turn with one buyer (see takeTurn-3.lua).

  KEYS[1] turn      STRING ticket of the message holding the buyer's turn
  KEYS[2] pending   ZSET   messages to the buyer not yet sent
  KEYS[3] expected  HASH   task id -> when (ms) that message is expected back
  ARGV[1] taskId
  ARGV[2] outcome   sent     = delivered to WhatsApp: the next message goes `interval` from now
                    dropped  = rejected for good: forgotten, and the turn passes at once
                    held     = may have reached WhatsApp, will be tried again: the next message
                               (this one again, first in line) waits `interval`
                    released = never sent (waiting for a global slot): the turn passes at once,
                               the message stays first in line
  ARGV[3] interval  ms
  ARGV[4] backAt    ms when the message is expected back (held, released)
  ARGV[5] now       ms
  ARGV[6] grace     ms an earlier message holds later ones back past its expected return

  Returns 1 when taskId still held the turn, else 0 (it had expired; nothing to hand on).
]]
local turn = KEYS[1]
local pending = KEYS[2]
local expected = KEYS[3]
local taskId = ARGV[1]
local outcome = ARGV[2]

if outcome == 'sent' or outcome == 'dropped' then
  redis.call('ZREM', pending, taskId)
  redis.call('HDEL', expected, taskId)
else
  redis.call('HSET', expected, taskId, ARGV[4])
  -- A message booked far ahead must still be remembered, with its place in line, when it comes back.
  local keep = tonumber(ARGV[4]) - tonumber(ARGV[5]) + 2 * tonumber(ARGV[6])
  for _, key in ipairs({pending, expected}) do
    if redis.call('PTTL', key) < keep then
      redis.call('PEXPIRE', key, keep)
    end
  end
end

if redis.call('GET', turn) ~= taskId then
  return 0
end
if outcome == 'sent' or outcome == 'held' then
  redis.call('PEXPIRE', turn, ARGV[3])
else
  redis.call('DEL', turn)
end
return 1
