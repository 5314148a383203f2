local holdersKey, fenceKey, queueKey, waitersKey, fencesKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local token, limit, permits = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
-- Invariant: only a holder's own token gives its permits back, and freed permits go straight to the oldest live
-- waiters.

local now = storeNow()
purge(holdersKey, fencesKey, now)
if chunked("ZREM", holdersKey, members(token, permits), 1000) == 0 then return 0 end
redis.call("HDEL", fencesKey, token)
if redis.call("LLEN", queueKey) > 0 then fill(holdersKey, fenceKey, queueKey, waitersKey, fencesKey, limit, now, nil) end
return 1
