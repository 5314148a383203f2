local lockKey, fenceKey, queueKey, waitersKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local token, ttl, waitMs, waiterId, channel = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4], ARGV[5]
-- Invariant: the lock key holds one owner's token and always a TTL; a free lock goes to the oldest live waiter
-- before any newcomer; every grant takes the next value of a fence counter that never expires, in the same step.

local owner = redis.call("GET", lockKey)
if not owner and redis.call("LLEN", queueKey) == 0 then
  redis.call("SET", lockKey, token, "PX", ttl)
  return { 1, redis.call("INCR", fenceKey), ttl }
end
if owner == token then
  -- Handed over while the wake-up was in flight or lost: the counter still holds this owner's fence.
  return { 1, tonumber(redis.call("GET", fenceKey)), redis.call("PTTL", lockKey) }
end
local now = storeNow()
if not owner then
  -- The holder expired without releasing: serve the queue first.
  local next, fence = handOff(lockKey, fenceKey, queueKey, waitersKey, now, token)
  if next == token then return { 1, fence, ttl } end
  if not next then
    redis.call("SET", lockKey, token, "PX", ttl)
    return { 1, redis.call("INCR", fenceKey), ttl }
  end
end
if waitMs > 0 then enqueue(queueKey, waitersKey, token, now, waitMs, ttl, waiterId, channel) end
return { 0, redis.call("PTTL", lockKey), now }
