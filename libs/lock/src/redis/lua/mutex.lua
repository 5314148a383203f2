-- Hands a free mutex to the oldest live waiter that hears of it: its token becomes the owner, with the next fence.
-- The waiter is told on its channel (with the number of waiters still queued), unless that channel is
-- `localChannel` (the caller's own): then the message is returned instead of published, and the caller delivers it
-- from the reply. A waiter nobody listens for any more is skipped, so the dead waiters of a crashed process cost the
-- others nothing. Returns that token, fence and unpublished message, or nil when nobody live is queued.
local function handOff(lockKey, fenceKey, queueKey, waitersKey, now, callerToken, localChannel)
  while true do
    local token, ttl, waiterId, channel = peekWaiter(queueKey, waitersKey, now)
    if not token then return nil end
    dequeue(queueKey, waitersKey, token)
    local fence = nextFence(fenceKey)
    local message = nil
    local told = token == callerToken
    if not told then
      message = waiterId .. " " .. string.format("%d", fence) .. " " .. now .. " " .. ttl .. " "
        .. redis.call("LLEN", queueKey)
      if channel == localChannel then
        told = true
      else
        told = wake(channel, message) > 0
        message = nil
      end
    end
    if told then
      redis.call("SET", lockKey, token, "PX", ttl)
      return token, fence, message
    end
  end
end

-- Invariant: the lock key holds one owner's token and always a TTL; a free lock goes to the oldest live waiter
-- before any newcomer; every grant takes the next fence in the same step.
-- Returns the fence alone for a fresh grant (the full ttl, nobody queued), else {1, fence, remaining ttl, waiters
-- still queued} or {0, holder's remaining ttl, store time}. `ttl` stays the string the caller sent: SET takes it as
-- is, while a Lua number would be formatted back into a string for every call.
local function acquireMutex(lockKey, fenceKey, queueKey, waitersKey, token, ttl, waitMs, waiterId, channel)
  -- The common case, a free lock with nobody queued, in a few calls and a one-number reply.
  if redis.call("LLEN", queueKey) == 0 and redis.call("SET", lockKey, token, "NX", "PX", ttl) then
    return nextFence(fenceKey)
  end
  local owner = redis.call("GET", lockKey)
  if owner == token then
    -- Handed over while the wake-up was in flight or lost: the counter still holds this owner's fence.
    return { 1, tonumber(redis.call("GET", fenceKey)), redis.call("PTTL", lockKey), redis.call("LLEN", queueKey) }
  end
  local now = storeNow()
  if not owner then
    -- The holder expired without releasing: serve the queue first.
    local next, fence = handOff(lockKey, fenceKey, queueKey, waitersKey, now, token)
    if next == token then return { 1, fence, tonumber(ttl), redis.call("LLEN", queueKey) } end
    if not next then
      redis.call("SET", lockKey, token, "PX", ttl)
      return nextFence(fenceKey)
    end
  end
  if waitMs > 0 then enqueue(queueKey, waitersKey, token, now, waitMs, ttl, waiterId, channel) end
  return { 0, redis.call("PTTL", lockKey), now }
end

-- Invariant: only the owner's token frees the lock (compare-and-delete), and a freed lock goes straight to the
-- oldest live waiter so that no one has to poll for it.
-- Returns 0 (not the owner), 1 (released), or the hand-off message for a waiter listening on `localChannel`.
local function releaseMutex(lockKey, fenceKey, queueKey, waitersKey, token, localChannel)
  if redis.call("GET", lockKey) ~= token then return 0 end
  if redis.call("LLEN", queueKey) == 0 then
    redis.call("DEL", lockKey)
    return 1
  end
  local next, _, message = handOff(lockKey, fenceKey, queueKey, waitersKey, storeNow(), nil, localChannel)
  if not next then redis.call("DEL", lockKey) end
  return message or 1
end
