local fenceKey = KEYS[1]
local fence = tonumber(ARGV[1])
-- Invariant: a fence counter never decreases; Redlock lifts a lagging node to the fence its quorum handed out.

if (tonumber(redis.call("GET", fenceKey)) or 0) < fence then redis.call("SET", fenceKey, fence) end
return 1
