local localChannel = ARGV[1]
-- KEYS: the lock key per release; ARGV: the caller's wake-up channel, then one token per release. Concurrent releases
-- travel in one call (group commit); each is an owner-only compare-and-delete with hand-off. Batches run only on a
-- single Redis (see mutex-acquire.lua), so each resource's other keys are derived here from its lock key.

local replies = {}
for i = 1, #KEYS do
  local lockKey = KEYS[i]
  replies[i] = releaseMutex(
    lockKey, lockKey .. ":fence", lockKey .. ":queue", lockKey .. ":waiters", ARGV[i + 1], localChannel
  )
end
return replies
