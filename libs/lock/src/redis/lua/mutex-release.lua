local lockKey, fenceKey, queueKey, waitersKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local token = ARGV[1]
-- Invariant: only the owner's token frees the lock (compare-and-delete), and a freed lock goes straight to the
-- oldest live waiter so that no one has to poll for it.

if redis.call("GET", lockKey) ~= token then return 0 end
if redis.call("LLEN", queueKey) == 0 or not handOff(lockKey, fenceKey, queueKey, waitersKey, storeNow(), nil) then
  redis.call("DEL", lockKey)
end
return 1
