local channel = ARGV[1]
-- KEYS: the lock key per acquisition; ARGV: the caller's wake-up channel, then token, ttl, waitMs, waiterId per
-- acquisition. Concurrent acquisitions travel in one call (group commit) and are decided one by one. Batches run only
-- on a single Redis (on a cluster each call travels alone, through mutex-acquire-one.lua, which declares all four
-- keys), so each resource's fence, queue and waiters keys are derived here from its lock key, as keys.ts names them.

local replies = {}
for i = 1, #KEYS do
  local lockKey, a = KEYS[i], 1 + (i - 1) * 4
  replies[i] = acquireMutex(
    lockKey, lockKey .. ":fence", lockKey .. ":queue", lockKey .. ":waiters",
    ARGV[a + 1], tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3]), ARGV[a + 4], channel
  )
end
return replies
