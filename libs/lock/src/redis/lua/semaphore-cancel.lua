local holdersKey, fenceKey, queueKey, waitersKey, fencesKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local token, limit, permits = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
-- Invariant: a waiter that gives up leaves nothing behind: its queue entry goes, and permits handed to it in the
-- meantime pass on.

redis.call("LREM", queueKey, 0, token)
redis.call("HDEL", waitersKey, token)
local now = storeNow()
purge(holdersKey, fencesKey, now)
if chunked("ZREM", holdersKey, members(token, permits), 1000) == 0 then return 0 end
redis.call("HDEL", fencesKey, token)
fill(holdersKey, fenceKey, queueKey, waitersKey, fencesKey, limit, now, nil)
return 1
