-- Shared fragment: reads and rewrites the header of an encoded task.
-- An encoded task is "id|type|priority|attempt|enqueuedAtMillis|requestId|payload" (see TaskCodec):
-- priority is one digit (0 CRITICAL .. 3 LOW) and attempt counts deliveries from 1.

-- Returns id, type, priority (number, 0-3), attempt (number), the header up to the attempt field
-- and the text after it; nil when raw is not an encoded task.
local function parseTask(raw)
  local id, taskType, priority, attempt, rest = string.match(raw, "^([^|]*)|([^|]*)|([0-3])|(%d+)|(.*)$")
  if not id then
    return nil
  end
  return id, taskType, tonumber(priority), tonumber(attempt), id .. "|" .. taskType .. "|" .. priority .. "|", rest
end

-- The same task with another attempt number.
local function withAttempt(raw, newAttempt)
  local _, _, _, _, head, rest = parseTask(raw)
  return head .. newAttempt .. "|" .. rest
end
