-- Shared by every script: the store clock, fences, and the FIFO queue of waiters (a list of tokens in arrival order
-- plus a hash token -> "deadline ttl waiterId channel"). An entry whose deadline has passed belongs to a waiter that
-- gave up or died. Fences are formatted with %d wherever they become text: Lua's tostring turns them into 1.7e+15.
-- The server's clock in microseconds, read once per script run: TIME costs more than the commands around it, and a
-- batch of acquisitions needs it once. One script runs atomically, so one reading serves all of it.
local clockMicros = nil
local function serverMicros()
  if not clockMicros then
    local time = redis.call("TIME")
    clockMicros = tonumber(time[1]) * 1000000 + tonumber(time[2])
  end
  return clockMicros
end

local function storeNow()
  return math.floor(serverMicros() / 1000)
end

-- Invariant: a fence is larger than every fence handed out before it for this resource, even when the counter was
-- lost (a restart without persistence) or rolled back (a restore, a failover to a lagging replica): it is the
-- server's clock in microseconds, or the counter plus one when the counter is ahead of the clock.
local function nextFence(fenceKey)
  local clock = serverMicros()
  local previous = tonumber(redis.call("SET", fenceKey, clock, "GET")) or 0
  if previous < clock then return clock end
  redis.call("SET", fenceKey, previous + 1)
  return previous + 1
end

-- Tells a waiter on its channel that it was handed the lock. A channel with a hash tag is a shard channel in the
-- resource's slot (Redis Cluster), any other one an instance's channel on this server. Returns how many connections
-- received it: 0 means nobody listens for that waiter any more (its process died, or its subscriber is reconnecting
-- and it will re-check).
local function wake(channel, message)
  if string.find(channel, "{", 1, true) then return redis.call("SPUBLISH", channel, message) end
  return redis.call("PUBLISH", channel, message)
end

-- The oldest live waiter, without taking it off the queue; dead and timed-out entries on the way are dropped.
local function peekWaiter(queueKey, waitersKey, now)
  while true do
    local token = redis.call("LINDEX", queueKey, 0)
    if not token then return nil end
    local entry = redis.call("HGET", waitersKey, token)
    if entry then
      local deadline, ttl, waiterId, channel = string.match(entry, "^(%d+) (%d+) (%S+) (.+)$")
      if tonumber(deadline) > now then return token, tonumber(ttl), waiterId, channel end
      redis.call("HDEL", waitersKey, token)
    end
    redis.call("LPOP", queueKey)
  end
end

local function dequeue(queueKey, waitersKey, token)
  redis.call("LPOP", queueKey)
  redis.call("HDEL", waitersKey, token)
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

-- Waiters whose deadline has not passed.
local function liveWaiters(waitersKey, now)
  local live = 0
  for _, entry in ipairs(redis.call("HVALS", waitersKey)) do
    if tonumber(string.match(entry, "^(%d+)")) > now then live = live + 1 end
  end
  return live
end
