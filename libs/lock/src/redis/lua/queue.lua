-- Shared by every script: the store clock, and the FIFO queue of waiters (a list of ids in arrival order plus a
-- hash token -> "deadline ttl waiterId channel"). An entry whose deadline has passed belongs to a dead or gone waiter.
local function storeNow()
  local time = redis.call("TIME")
  return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end

local function nextWaiter(queueKey, waitersKey, now)
  while true do
    local token = redis.call("LPOP", queueKey)
    if not token then return nil end
    local entry = redis.call("HGET", waitersKey, token)
    redis.call("HDEL", waitersKey, token)
    if entry then
      local deadline, ttl, waiterId, channel = string.match(entry, "^(%d+) (%d+) (%S+) (.+)$")
      if tonumber(deadline) > now then return token, tonumber(ttl), waiterId, channel end
    end
  end
end

local function enqueue(queueKey, waitersKey, token, now, waitMs, ttl, waiterId, channel)
  local entry = (now + waitMs) .. " " .. ttl .. " " .. waiterId .. " " .. channel
  if redis.call("HSET", waitersKey, token, entry) == 1 then
    redis.call("RPUSH", queueKey, token)
  end
  if redis.call("PTTL", queueKey) < waitMs then
    redis.call("PEXPIRE", queueKey, waitMs)
    redis.call("PEXPIRE", waitersKey, waitMs)
  end
end
