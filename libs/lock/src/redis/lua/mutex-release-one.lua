local lockKey, fenceKey, queueKey, waitersKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local localChannel, token = ARGV[1], ARGV[2]
-- Invariant: the same owner-only compare-and-delete with hand-off as one entry of mutex-release.lua.

return releaseMutex(lockKey, fenceKey, queueKey, waitersKey, token, localChannel)
