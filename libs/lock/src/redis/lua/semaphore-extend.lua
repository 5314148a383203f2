local holdersKey, fencesKey = KEYS[1], KEYS[2]
local token, ttl = ARGV[1], tonumber(ARGV[2])
-- Invariant: only an unexpired holder's own token moves its expiry.

local now = storeNow()
purge(holdersKey, fencesKey, now)
if not redis.call("ZSCORE", holdersKey, token) then return 0 end
redis.call("ZADD", holdersKey, "XX", now + ttl, token)
keepUntil(holdersKey, fencesKey, ttl)
return 1
