local lockKey, fenceKey, queueKey, waitersKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local channel, token, ttl, waitMs, waiterId = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5]
-- Invariant: the same decision as one entry of mutex-acquire.lua; a batch of one travels here, without the loop.

return acquireMutex(lockKey, fenceKey, queueKey, waitersKey, token, ttl, waitMs, waiterId, channel)
