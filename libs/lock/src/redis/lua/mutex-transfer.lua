local lockKey, fenceKey, queueKey = KEYS[1], KEYS[2], KEYS[3]
local from, to, ttl, fence = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
-- Invariant: a holder passes the mutex straight to a caller of its own instance, who was promised `fence` (the
-- holder's plus one) before this ran and may already have used it. The pass stands only if `from` still owns the lock
-- and `fence` is the counter's next value; either way the counter ends at or above `fence`, so no later acquisition
-- repeats it. Returns {1, waiters queued}, {0} when `from` no longer owns the lock, or {-1} when the counter had moved
-- on: `from` then still owns the lock, and the caller releases it as usual.

if redis.call("GET", lockKey) ~= from then
  if (tonumber(redis.call("GET", fenceKey)) or 0) < fence then redis.call("SET", fenceKey, fence) end
  return { 0 }
end
local next = redis.call("INCR", fenceKey)
if next < fence then
  redis.call("SET", fenceKey, fence)
elseif next > fence then
  return { -1 }
end
redis.call("SET", lockKey, to, "PX", ttl)
return { 1, redis.call("LLEN", queueKey) }
