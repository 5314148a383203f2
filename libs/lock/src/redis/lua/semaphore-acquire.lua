local holdersKey, fenceKey, queueKey, waitersKey, fencesKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local token, ttl, waitMs, waiterId, channel = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4], ARGV[5]
local limit, permits = tonumber(ARGV[6]), tonumber(ARGV[7])
-- Invariant: the unexpired holders take at most `limit` permits in all; free permits go to the oldest live waiters
-- before any newcomer; every grant takes the next fence in the same step.

local now = storeNow()
purge(holdersKey, fencesKey, now)
local expiry = redis.call("ZSCORE", holdersKey, token)
if expiry then
  return { 1, tonumber(redis.call("HGET", fencesKey, token)), tonumber(expiry) - now }
end
if redis.call("LLEN", queueKey) > 0 then
  local fence = fill(holdersKey, fenceKey, queueKey, waitersKey, fencesKey, limit, now, token)
  if fence then return { 1, fence, ttl } end
end
if redis.call("ZCARD", holdersKey) + permits <= limit and redis.call("LLEN", queueKey) == 0 then
  return { 1, grant(holdersKey, fenceKey, fencesKey, token, permits, ttl, now), ttl }
end
if waitMs > 0 then
  if permits > 1 then waiterId = waiterId .. "*" .. permits end
  enqueue(queueKey, waitersKey, token, now, waitMs, ttl, waiterId, channel)
end
local first = redis.call("ZRANGE", holdersKey, 0, 0, "WITHSCORES")
local retryIn = ttl
if first[2] then retryIn = tonumber(first[2]) - now end
return { 0, retryIn, now }
