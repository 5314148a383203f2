local holdersKey, fenceKey, queueKey, waitersKey, fencesKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local token, ttl, waitMs, waiterId, channel = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4], ARGV[5]
local limit = tonumber(ARGV[6])
-- Invariant: at most `limit` unexpired holders; free permits go to the oldest live waiters before any newcomer;
-- every grant takes the next value of a fence counter that never expires, in the same step.

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
if redis.call("ZCARD", holdersKey) < limit and redis.call("LLEN", queueKey) == 0 then
  return { 1, grant(holdersKey, fenceKey, fencesKey, token, ttl, now), ttl }
end
if waitMs > 0 then enqueue(queueKey, waitersKey, token, now, waitMs, ttl, waiterId, channel) end
local first = redis.call("ZRANGE", holdersKey, 0, 0, "WITHSCORES")
local retryIn = ttl
if first[2] then retryIn = tonumber(first[2]) - now end
return { 0, retryIn, now }
