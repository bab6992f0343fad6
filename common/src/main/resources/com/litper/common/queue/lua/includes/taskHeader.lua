-- Shared fragment: reads and rewrites the header of an encoded task.
-- An encoded task is "id|type|priority|attempt|enqueuedAtMillis|requestId|payload" (see TaskCodec):
-- priority is one digit (0 CRITICAL .. 3 LOW) and attempt counts deliveries from 1.

-- Returns id, priority (number, 0-3), attempt (number) and the text after the attempt field.
local function parseTask(raw)
  local id, taskType, priority, attempt, rest = string.match(raw, "^([^|]*)|([^|]*)|(%d)|(%d+)|(.*)$")
  if not id then
    return nil
  end
  return id, tonumber(priority), tonumber(attempt), id .. "|" .. taskType .. "|" .. priority .. "|", rest
end

-- The same task with another attempt number.
local function withAttempt(raw, newAttempt)
  local id, priority, attempt, head, rest = parseTask(raw)
  return head .. newAttempt .. "|" .. rest
end
