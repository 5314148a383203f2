local lockKey, fenceKey, waitersKey = KEYS[1], KEYS[2], KEYS[3]
-- Invariant: reads only. Returns {owner token or false, its remaining ttl, the last fence handed out, live waiters}.

local owner = redis.call("GET", lockKey)
local ttl = 0
if owner then ttl = redis.call("PTTL", lockKey) end
return { owner, ttl, tonumber(redis.call("GET", fenceKey)) or 0, liveWaiters(waitersKey, storeNow()) }
