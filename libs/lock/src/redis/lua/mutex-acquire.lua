local channel = ARGV[1]
-- KEYS: the lock key per acquisition; ARGV: the caller's wake-up channel, then runs of acquisitions that share a ttl
-- and wait: count, ttl, waitMs, then token and waiterId per acquisition of the run. Concurrent acquisitions travel
-- in one call (group commit) and are decided one by one. Batches run only on a single Redis (on a cluster each call
-- travels alone, through mutex-acquire-one.lua, which declares all four keys), so each resource's fence, queue and
-- waiters keys are derived here from its lock key, as keys.ts names them.

local replies, i, a = {}, 1, 2
while a <= #ARGV do
  local count, ttl, waitMs = tonumber(ARGV[a]), ARGV[a + 1], tonumber(ARGV[a + 2])
  a = a + 3
  for _ = 1, count do
    local lockKey = KEYS[i]
    replies[i] = acquireMutex(
      lockKey, lockKey .. ":fence", lockKey .. ":queue", lockKey .. ":waiters",
      ARGV[a], ttl, waitMs, ARGV[a + 1], channel
    )
    i, a = i + 1, a + 2
  end
end
return replies
