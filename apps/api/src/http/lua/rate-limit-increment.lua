-- Adds each key's hits in one call: KEYS are the counters, ARGV[1] the window in ms, ARGV[1 + i] the hits of KEYS[i].
-- A counter without a time to live starts a new window. Replies { total, ms left } per key, in order.
local window = tonumber(ARGV[1])
local reply = {}
for i, counter in ipairs(KEYS) do
  local hits = tonumber(ARGV[i + 1])
  local left = redis.call("PTTL", counter)
  local total
  if left <= 0 then
    redis.call("SET", counter, hits, "PX", window)
    total, left = hits, window
  else
    total = redis.call("INCRBY", counter, hits)
  end
  reply[#reply + 1] = total
  reply[#reply + 1] = left
end
return reply
