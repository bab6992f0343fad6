--[[
  Adds tasks to a named queue: ready now (tail of its priority's list) or delayed (by due time),
  skipping those whose de-duplication key was used within its window.

  A plain CRITICAL task goes straight to a worker waiting with its CRITICAL slot free, when there is
  one: the script leases it to that worker (as a claim would: the lease is in the leases hash, so if
  the worker never gets it, the task is reclaimed when the lease runs out) and publishes
  "<deadline>|<encoded task>" on the worker's own channel, so it starts one hop after the enqueue
  instead of after a claim round trip. A waiter that has not renewed its wait within the staleness
  bound is dropped (its worker may be gone).

  Most tasks are plain — ready now, no de-duplication key — and come first, grouped by priority, so
  that the script pushes them with one RPUSH per priority and no work of its own per task (a bulk
  enqueue costs Redis little more than the RPUSH). The others follow, six values each.

  Input:
    KEYS[1]  ready list, CRITICAL
    KEYS[2]  ready list, HIGH
    KEYS[3]  ready list, NORMAL
    KEYS[4]  ready list, LOW
    KEYS[5]  delayed sorted set (score: due time in ms)
    KEYS[6]  prefix of de-duplication keys (same hash tag as the others)
    KEYS[7]  CRITICAL waiters sorted set (member "<channel>|<lease ms>", score: when it last waited, ms)
    KEYS[8]  leases hash (lease "<id>:<attempt>" -> "<deadline ms>|<encoded task>")

    ARGV[1]  now, epoch ms
    ARGV[2]  wake-up channel: gets "1" when any task was added to a ready list or the delayed set
    ARGV[3..6] how many plain tasks of each priority follow (CRITICAL, HIGH, NORMAL, LOW)
    ARGV[7]  oldest wait still trusted, epoch ms: waiters last seen before it are dropped
    then the plain tasks' encoded forms, CRITICAL ones first, in order within each priority
    then per other task, six values:
      id, encoded task, priority (0-3), due time in ms (0: now), de-duplication key ("" for none),
      de-duplication window in ms

  Output:
    one id per other task, in order: the task's own id, or the id of the task enqueued earlier with
    the same de-duplication key (a plain task is always added: its id is its own).
]]
--@include lease
local readyKeys = {KEYS[1], KEYS[2], KEYS[3], KEYS[4]}
local delayedKey = KEYS[5]
local dedupPrefix = KEYS[6]
local waitersKey = KEYS[7]
local leasesKey = KEYS[8]

local now = tonumber(ARGV[1])
local wakeChannel = ARGV[2]

local added = false
local from = 8

-- CRITICAL tasks to waiting workers first, each to the worker that has waited longest.
local criticalCount = tonumber(ARGV[3])
local trustedSince = tonumber(ARGV[7])
local pushed = 0
-- Only when no CRITICAL task is waiting already: those go first, in order.
if criticalCount > 0 and redis.call("LLEN", readyKeys[1]) > 0 then
  criticalCount = 0
end
while pushed < criticalCount do
  local waiter = redis.call("ZPOPMIN", waitersKey)
  if #waiter == 0 then
    break
  end
  if tonumber(waiter[2]) >= trustedSince then
    local channel, leaseMillis = string.match(waiter[1], "^(.*)|(%d+)$")
    local raw = ARGV[from + pushed]
    local lease = leaseOf(raw)
    if channel and lease then
      local value = (now + tonumber(leaseMillis)) .. "|" .. raw
      redis.call("HSET", leasesKey, lease, value)
      redis.call("PUBLISH", channel, value)
      pushed = pushed + 1
    else
      -- Not a task a worker could name a lease for: it takes the usual way, where it is dead-lettered.
      redis.call("ZADD", waitersKey, waiter[2], waiter[1])
      break
    end
  end
end
from = from + pushed

for p = 1, 4 do
  local count = tonumber(ARGV[2 + p])
  if p == 1 then
    count = count - pushed
  end
  if count > 0 then
    -- In slices: unpack has a limit on how many values it returns at once.
    local first = from
    local last = from + count - 1
    while first <= last do
      local upto = math.min(first + 999, last)
      redis.call("RPUSH", readyKeys[p], unpack(ARGV, first, upto))
      first = upto + 1
    end
    added = true
  end
  from = from + count
end

local ids = {}
-- Ready tasks are pushed per priority in one RPUSH at the end (order kept).
local ready = {{}, {}, {}, {}}
for i = from, #ARGV, 6 do
  local id = ARGV[i]
  local raw = ARGV[i + 1]
  local priority = tonumber(ARGV[i + 2])
  local dueAt = tonumber(ARGV[i + 3])
  local dedupKey = ARGV[i + 4]
  local accepted = true
  if dedupKey ~= "" then
    -- SET NX both tests and claims the key, so two racing enqueues cannot both win.
    local claimed = redis.call("SET", dedupPrefix .. dedupKey, id, "NX", "PX", ARGV[i + 5])
    if not claimed then
      accepted = false
      ids[#ids + 1] = redis.call("GET", dedupPrefix .. dedupKey)
    end
  end
  if accepted then
    if dueAt > now then
      redis.call("ZADD", delayedKey, dueAt, raw)
    else
      local list = ready[priority + 1]
      list[#list + 1] = raw
    end
    ids[#ids + 1] = id
    added = true
  end
end
for p = 1, 4 do
  if #ready[p] > 0 then
    redis.call("RPUSH", readyKeys[p], unpack(ready[p]))
  end
end
if added then
  redis.call("PUBLISH", wakeChannel, "1")
end
return ids
