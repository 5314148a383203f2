-- Semaphore state: a sorted set of permits -> expiry (store ms), one member per permit: a holder's token for its
-- first permit and token#2 ... token#N for the others, so that ZCARD counts permits taken; and a hash token -> fence.
-- Both keys expire no earlier than their last holder. A waiter asking for N > 1 permits queues as waiterId*N.
local function members(token, permits)
  local list = { token }
  for k = 2, permits do list[k] = token .. "#" .. k end
  return list
end

-- Runs `command key ...` over `list` in chunks, as Lua's unpack has a limit on how many values it can spread.
local function chunked(command, key, list, step)
  local done = 0
  for start = 1, #list, step do
    done = done + redis.call(command, key, unpack(list, start, math.min(start + step - 1, #list)))
  end
  return done
end

local function purge(holdersKey, fencesKey, now)
  local expired = redis.call("ZRANGEBYSCORE", holdersKey, "-inf", now)
  if #expired > 0 then
    redis.call("ZREMRANGEBYSCORE", holdersKey, "-inf", now)
    chunked("HDEL", fencesKey, expired, 1000)
  end
end

local function keepUntil(holdersKey, fencesKey, ttl)
  if redis.call("PTTL", holdersKey) < ttl then
    redis.call("PEXPIRE", holdersKey, ttl)
    redis.call("PEXPIRE", fencesKey, ttl)
  end
end

-- Sets the expiry of every permit of `token` (with flag "XX": only of permits it already holds).
local function hold(holdersKey, fencesKey, token, permits, ttl, now, flag)
  local list = members(token, permits)
  for start = 1, #list, 500 do
    local args = {}
    if flag then args[1] = flag end
    for i = start, math.min(start + 499, #list) do
      args[#args + 1] = now + ttl
      args[#args + 1] = list[i]
    end
    redis.call("ZADD", holdersKey, unpack(args))
  end
  keepUntil(holdersKey, fencesKey, ttl)
end

local function grant(holdersKey, fenceKey, fencesKey, token, permits, ttl, now)
  local fence = nextFence(fenceKey)
  redis.call("HSET", fencesKey, token, fence)
  hold(holdersKey, fencesKey, token, permits, ttl, now, nil)
  return fence
end

local function permitsOf(waiterId)
  return tonumber(string.match(waiterId, "%*(%d+)$")) or 1
end

-- Hands free permits to the oldest live waiters, in order: a waiter asking for more than is free blocks those behind
-- it, so a large request is not starved by small ones. Each is told on its channel; one nobody listens for any more
-- is skipped. Returns the caller's fence when the caller was one of them.
local function fill(holdersKey, fenceKey, queueKey, waitersKey, fencesKey, limit, now, callerToken)
  local callerFence = nil
  while true do
    local token, ttl, waiterId, channel = peekWaiter(queueKey, waitersKey, now)
    if not token then break end
    local permits = permitsOf(waiterId)
    if redis.call("ZCARD", holdersKey) + permits > limit then break end
    dequeue(queueKey, waitersKey, token)
    local fence = nextFence(fenceKey)
    local told = token == callerToken
    if told then
      callerFence = fence
    else
      told = wake(channel, waiterId .. " " .. string.format("%d", fence) .. " " .. now .. " " .. ttl) > 0
    end
    if told then
      redis.call("HSET", fencesKey, token, fence)
      hold(holdersKey, fencesKey, token, permits, ttl, now, nil)
    end
  end
  return callerFence
end
