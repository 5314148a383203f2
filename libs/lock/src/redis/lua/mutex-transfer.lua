local lockKey, fenceKey, queueKey, waitersKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local localChannel, from, to, ttl, fence = ARGV[1], ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5])
-- Invariant: a holder passes the mutex straight to a caller of its own instance, who was promised `fence` (the
-- holder's plus one) before this ran and may already have used it. The pass stands only if `from` still owns the lock
-- and `fence` is the counter's next value; either way the counter ends at or above `fence`, so no later acquisition
-- repeats it. A pass that cannot stand is an ordinary release. Returns {1, waiters queued} or {0, the release's reply}.

if redis.call("GET", lockKey) ~= from then
  if (tonumber(redis.call("GET", fenceKey)) or 0) < fence then redis.call("SET", fenceKey, fence) end
  return { 0, 0 }
end
local next = redis.call("INCR", fenceKey)
if next < fence then
  redis.call("SET", fenceKey, fence)
  next = fence
end
if next ~= fence then
  return { 0, releaseMutex(lockKey, fenceKey, queueKey, waitersKey, from, localChannel) }
end
redis.call("SET", lockKey, to, "PX", ttl)
return { 1, redis.call("LLEN", queueKey) }
