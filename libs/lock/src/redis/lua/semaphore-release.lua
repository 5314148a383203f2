local holdersKey, fenceKey, queueKey, waitersKey, fencesKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local token, limit = ARGV[1], tonumber(ARGV[2])
-- Invariant: only a holder's own token gives its permit back, and a freed permit goes straight to the oldest live
-- waiter.

local now = storeNow()
purge(holdersKey, fencesKey, now)
if redis.call("ZREM", holdersKey, token) == 0 then return 0 end
redis.call("HDEL", fencesKey, token)
if redis.call("LLEN", queueKey) > 0 then fill(holdersKey, fenceKey, queueKey, waitersKey, fencesKey, limit, now, nil) end
return 1
