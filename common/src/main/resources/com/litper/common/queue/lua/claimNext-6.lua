--[[
  One worker round trip: completes the tasks the worker finished, moves due delayed tasks to their
  ready lists, then leases up to N ready tasks in strict priority order (all CRITICAL before any
  HIGH, and so on). A leased task stays in the leases hash, under its lease name with its deadline,
  until completed, retried, dead-lettered, handed back or, when its lease runs out, reclaimed
  (at-least-once delivery). Workers name leases, never send tasks back: ending a lease costs the
  lease's name, not the payload.

  Input:
    KEYS[1]  ready list, CRITICAL
    KEYS[2]  ready list, HIGH
    KEYS[3]  ready list, NORMAL
    KEYS[4]  ready list, LOW
    KEYS[5]  delayed sorted set (score: due time in ms)
    KEYS[6]  leases hash (lease "<id>:<attempt>" -> "<deadline ms>|<encoded task>")

    ARGV[1]  now, epoch ms
    ARGV[2]  N, the most tasks to lease (the worker's free slots and prefetch room; 0 only completes)
    ARGV[3]  priorities the worker consumes, as digits in order, e.g. "0123" or "3"
    ARGV[4]  lease length in ms, CRITICAL
    ARGV[5]  lease length in ms, HIGH
    ARGV[6]  lease length in ms, NORMAL
    ARGV[7]  lease length in ms, LOW
    ARGV[8]  "1" to look at the delayed set (move due tasks, report the earliest), "0" to skip it
    ARGV[9]  M, the most tasks other than CRITICAL to lease (at most N)
    ARGV[10..] leases the worker completed

  Output:
    { due time of the earliest delayed task in ms, "" when none, "?" when not looked at,
      leased task 1, leased task 2, ... }
    The worker names each lease as leaseOf does ("<id>:<attempt>"); a task whose header cannot be
    read gets the lease "?<sha1 of the task>", and the worker dead-letters it.
]]
--@include lease
local readyKeys = {KEYS[1], KEYS[2], KEYS[3], KEYS[4]}
local delayedKey = KEYS[5]
local leasesKey = KEYS[6]

local now = tonumber(ARGV[1])
local wanted = tonumber(ARGV[2])
local priorities = ARGV[3]
local leaseMillis = {tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])}
local othersWanted = tonumber(ARGV[9])

-- Completing: a lease no longer there (reclaimed, or a repeated call) is a harmless no-op.
local completedFrom = 10
while completedFrom <= #ARGV do
  local completedTo = math.min(completedFrom + 499, #ARGV)
  redis.call("HDEL", leasesKey, unpack(ARGV, completedFrom, completedTo))
  completedFrom = completedTo + 1
end

-- A busy worker looks at the delayed set only every few milliseconds (the worker decides): that
-- saves a call on most round trips. When it looks, the earliest delayed task comes first: when it
-- is not due yet, or there is none, that is the only call.
local result = {"?"}
if ARGV[8] == "1" then
  result[1] = ""
  local earliest = redis.call("ZRANGE", delayedKey, 0, 0, "WITHSCORES")
  if #earliest > 0 and tonumber(earliest[2]) <= now then
    local due = redis.call("ZRANGEBYSCORE", delayedKey, "-inf", now, "LIMIT", 0, 100)
    for _, raw in ipairs(due) do
      local priority = tonumber(string.match(raw, "^[^|]*|[^|]*|(%d)|"))
      redis.call("RPUSH", readyKeys[priority + 1], raw)
    end
    redis.call("ZREM", delayedKey, unpack(due))
    earliest = redis.call("ZRANGE", delayedKey, 0, 0, "WITHSCORES")
  end
  if #earliest > 0 then
    result[1] = earliest[2]
  end
end

for i = 1, #priorities do
  local priority = tonumber(string.sub(priorities, i, i))
  local take = wanted
  if priority > 0 then
    take = math.min(wanted, othersWanted)
  end
  if take <= 0 then
    break
  end
  local leased = redis.call("LPOP", readyKeys[priority + 1], take)
  if leased then
    local deadline = (now + leaseMillis[priority + 1]) .. "|"
    local leases = {}
    for _, raw in ipairs(leased) do
      local lease = leaseOf(raw) or ("?" .. redis.sha1hex(raw))
      leases[#leases + 1] = lease
      leases[#leases + 1] = deadline .. raw
      result[#result + 1] = raw
    end
    redis.call("HSET", leasesKey, unpack(leases))
    wanted = wanted - #leased
    if priority > 0 then
      othersWanted = othersWanted - #leased
    end
  end
end
return result
