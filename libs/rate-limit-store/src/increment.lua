-- Adds each counter's hits in one call. KEYS are the counters; ARGV[1] is the window in ms and ARGV[1 + i] the hits
-- of KEYS[i]. Replies { total, ms left } per counter, in the order of KEYS.
local windowMs = tonumber(ARGV[1])
-- Invariant: a counter always has a time to live; one without (new, expired, or persisted by hand) starts a new
-- fixed window holding exactly this call's hits.
local reply = {}
for i, counter in ipairs(KEYS) do
  local hits = tonumber(ARGV[i + 1])
  local left = redis.call("PTTL", counter)
  local total
  if left <= 0 then
    redis.call("SET", counter, hits, "PX", windowMs)
    total, left = hits, windowMs
  else
    total = redis.call("INCRBY", counter, hits)
  end
  reply[#reply + 1] = total
  reply[#reply + 1] = left
end
return reply
