-- Hands a free mutex to the oldest live waiter: its token becomes the owner, it takes the next fence, and it is told
-- on its channel. Returns that token and fence, or nil when nobody live is queued.
local function handOff(lockKey, fenceKey, queueKey, waitersKey, now, callerToken)
  local token, ttl, waiterId, channel = nextWaiter(queueKey, waitersKey, now)
  if not token then return nil end
  local fence = redis.call("INCR", fenceKey)
  redis.call("SET", lockKey, token, "PX", ttl)
  if token ~= callerToken then
    redis.call("PUBLISH", channel, waiterId .. " " .. fence .. " " .. now .. " " .. ttl)
  end
  return token, fence
end
