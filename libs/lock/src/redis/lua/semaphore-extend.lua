local holdersKey, fencesKey = KEYS[1], KEYS[2]
local token, ttl, permits = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
-- Invariant: only an unexpired holder's own token moves the expiry of its permits.

local now = storeNow()
purge(holdersKey, fencesKey, now)
if not redis.call("ZSCORE", holdersKey, token) then return 0 end
hold(holdersKey, fencesKey, token, permits, ttl, now, "XX")
return 1
