local lockKey, fenceKey, queueKey, waitersKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local token, localChannel = ARGV[1], ARGV[2]
-- Invariant: a waiter that gives up leaves nothing behind: its queue entry goes, and a lock handed to it in the
-- meantime passes to the next live waiter or is freed.

redis.call("LREM", queueKey, 0, token)
redis.call("HDEL", waitersKey, token)
return releaseMutex(lockKey, fenceKey, queueKey, waitersKey, token, localChannel)
