local holdersKey, fenceKey, waitersKey, fencesKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
-- Invariant: reads only. Returns {live waiters, last fence handed out, then per holder: token, remaining ttl of its
-- first permit, permits, fence}.

local now = storeNow()
local reply = { liveWaiters(waitersKey, now), tonumber(redis.call("GET", fenceKey)) or 0 }
local held, order = {}, {}
local permits = redis.call("ZRANGEBYSCORE", holdersKey, "(" .. now, "+inf", "WITHSCORES")
for i = 1, #permits, 2 do
  local token = string.match(permits[i], "^([^#]+)")
  if not held[token] then
    held[token] = { tonumber(permits[i + 1]) - now, 0 }
    order[#order + 1] = token
  end
  held[token][2] = held[token][2] + 1
end
for _, token in ipairs(order) do
  reply[#reply + 1] = token
  reply[#reply + 1] = held[token][1]
  reply[#reply + 1] = held[token][2]
  reply[#reply + 1] = tonumber(redis.call("HGET", fencesKey, token)) or 0
end
return reply
