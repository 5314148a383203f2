local holdersKey, fenceKey, queueKey, waitersKey, fencesKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local token, limit = ARGV[1], tonumber(ARGV[2])
-- Invariant: a waiter that gives up leaves nothing behind: its queue entry goes, and a permit handed to it in the
-- meantime passes on.

redis.call("LREM", queueKey, 0, token)
redis.call("HDEL", waitersKey, token)
local now = storeNow()
purge(holdersKey, fencesKey, now)
if redis.call("ZREM", holdersKey, token) == 0 then return 0 end
redis.call("HDEL", fencesKey, token)
fill(holdersKey, fenceKey, queueKey, waitersKey, fencesKey, limit, now, nil)
return 1
