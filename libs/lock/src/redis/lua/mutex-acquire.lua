local channel = ARGV[1]
-- KEYS: per acquisition, the lock, fence, queue and waiters keys; ARGV: the caller's wake-up channel, then runs of
-- acquisitions that share a ttl and wait: count, ttl, waitMs, then token and waiterId per acquisition of the run.
-- Invariant: concurrent acquisitions travel in one call (group commit) and each is decided on its own, exactly as
-- mutex-acquire-one.lua decides a single one.

local replies, k, a, i = {}, 1, 2, 1
while a <= #ARGV do
  local count, ttl, waitMs = tonumber(ARGV[a]), ARGV[a + 1], tonumber(ARGV[a + 2])
  a = a + 3
  for _ = 1, count do
    replies[i] = acquireMutex(KEYS[k], KEYS[k + 1], KEYS[k + 2], KEYS[k + 3], ARGV[a], ttl, waitMs, ARGV[a + 1], channel)
    i, k, a = i + 1, k + 4, a + 2
  end
end
return replies
