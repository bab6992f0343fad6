-- Shared fragment: leases. A lease is one delivery of a task to a worker, named "<task id>:<attempt>":
-- keyed by the attempt too, so a worker whose lease ran out and was reclaimed (the next delivery
-- has the next attempt number) can never end the lease of the delivery that replaced it. In the
-- leases hash its value is "<deadline ms>|<encoded task>".

-- The lease name of an encoded task; nil when raw is not an encoded task.
local function leaseOf(raw)
  local id, attempt = string.match(raw, "^([^|]+)|[^|]*|[0-3]|(%d+)|")
  if not id then
    return nil
  end
  return id .. ":" .. attempt
end

-- The encoded task of a lease value.
local function leasedTask(value)
  return string.sub(value, string.find(value, "|", 1, true) + 1)
end

-- Ends a lease and returns its encoded task, or nil when the lease was already gone.
local function endLease(leasesKey, lease)
  local value = redis.call("HGET", leasesKey, lease)
  if not value then
    return nil
  end
  redis.call("HDEL", leasesKey, lease)
  return leasedTask(value)
end
