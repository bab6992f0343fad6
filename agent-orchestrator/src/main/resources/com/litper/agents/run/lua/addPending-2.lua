--[[
  Adds a buyer's message to its conversation's pending messages, once: a task that runs again
  (deferred while the conversation gathers or waits for a slot, or delivered twice) must not bring
  back a message a run has answered and removed meanwhile.

  KEYS[1] pending   ZSET message JSON -> WhatsApp time (ms)
  KEYS[2] seen      HASH WhatsApp message id -> 1, every message ever added
  ARGV[1] wamid     the message's WhatsApp id
  ARGV[2] member    the message as JSON
  ARGV[3] score     its WhatsApp time (ms)
  ARGV[4] keepMs    how long both keys outlive the last message

  Returns 1 when added, 0 when the message was added before.
]]
local pending = KEYS[1]
local seen = KEYS[2]
local added = redis.call('HSETNX', seen, ARGV[1], 1)
if added == 1 then
  redis.call('ZADD', pending, tonumber(ARGV[3]), ARGV[2])
end
redis.call('PEXPIRE', pending, tonumber(ARGV[4]))
redis.call('PEXPIRE', seen, tonumber(ARGV[4]))
return added
