-- Shared fragment: the name of one delivery's lease, "<task id>:<attempt>". The leases set and the
-- leased tasks hash are keyed by it rather than by the task id alone, so a worker whose lease ran
-- out and was reclaimed (the next delivery has the next attempt number) can never end the lease of
-- the delivery that replaced it. Returns nil when raw is not an encoded task.
local function leaseOf(raw)
  local id, attempt = string.match(raw, "^([^|]+)|[^|]*|[0-3]|(%d+)|")
  if not id then
    return nil
  end
  return id .. ":" .. attempt
end
