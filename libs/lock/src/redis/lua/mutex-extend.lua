local lockKey = KEYS[1]
local token, ttl = ARGV[1], ARGV[2]
-- Invariant: only the owner's token resets the TTL (compare-and-pexpire).

if redis.call("GET", lockKey) ~= token then return 0 end
redis.call("PEXPIRE", lockKey, ttl)
return 1
