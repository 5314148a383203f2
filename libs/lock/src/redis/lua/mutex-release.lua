local localChannel = ARGV[1]
-- KEYS: per release, the lock, fence, queue and waiters keys; ARGV: the caller's wake-up channel, then one token per
-- release. Invariant: concurrent releases travel in one call (group commit); each is an owner-only
-- compare-and-delete with hand-off, exactly as mutex-release-one.lua does a single one.

local replies = {}
for i = 1, #ARGV - 1 do
  local k = (i - 1) * 4 + 1
  replies[i] = releaseMutex(KEYS[k], KEYS[k + 1], KEYS[k + 2], KEYS[k + 3], ARGV[i + 1], localChannel)
end
return replies
