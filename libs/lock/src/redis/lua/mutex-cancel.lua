local lockKey, fenceKey, queueKey, waitersKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local token = ARGV[1]
-- Invariant: a waiter that gives up leaves nothing behind: its queue entry goes, and a lock handed to it in the
-- meantime passes to the next live waiter or is freed.

redis.call("LREM", queueKey, 0, token)
redis.call("HDEL", waitersKey, token)
if redis.call("GET", lockKey) ~= token then return 0 end
if redis.call("LLEN", queueKey) == 0 or not handOff(lockKey, fenceKey, queueKey, waitersKey, storeNow(), nil) then
  redis.call("DEL", lockKey)
end
return 1
