-- Semaphore state: a sorted set token -> expiry (store ms) of the current holders and a hash token -> fence; both keys
-- expire no earlier than their last holder.
local function purge(holdersKey, fencesKey, now)
  local expired = redis.call("ZRANGEBYSCORE", holdersKey, "-inf", now)
  if #expired > 0 then
    redis.call("ZREMRANGEBYSCORE", holdersKey, "-inf", now)
    redis.call("HDEL", fencesKey, unpack(expired))
  end
end

local function keepUntil(holdersKey, fencesKey, ttl)
  if redis.call("PTTL", holdersKey) < ttl then
    redis.call("PEXPIRE", holdersKey, ttl)
    redis.call("PEXPIRE", fencesKey, ttl)
  end
end

local function grant(holdersKey, fenceKey, fencesKey, token, ttl, now)
  local fence = redis.call("INCR", fenceKey)
  redis.call("ZADD", holdersKey, now + ttl, token)
  redis.call("HSET", fencesKey, token, fence)
  keepUntil(holdersKey, fencesKey, ttl)
  return fence
end

-- Hands free permits to the oldest live waiters, telling each on its channel; returns the caller's fence when the
-- caller was one of them.
local function fill(holdersKey, fenceKey, queueKey, waitersKey, fencesKey, limit, now, callerToken)
  local callerFence = nil
  while redis.call("ZCARD", holdersKey) < limit do
    local token, ttl, waiterId, channel = nextWaiter(queueKey, waitersKey, now)
    if not token then break end
    local fence = grant(holdersKey, fenceKey, fencesKey, token, ttl, now)
    if token == callerToken then
      callerFence = fence
    else
      redis.call("PUBLISH", channel, waiterId .. " " .. fence .. " " .. now .. " " .. ttl)
    end
  end
  return callerFence
end
