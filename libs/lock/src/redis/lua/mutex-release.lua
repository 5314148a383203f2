local localChannel = ARGV[1]
-- KEYS: lock, fence, queue, waiters per release; ARGV: the caller's wake-up channel, then one token per release.
-- Concurrent releases travel in one call (group commit); each is an owner-only compare-and-delete with hand-off.

local replies = {}
for i = 0, #KEYS / 4 - 1 do
  local k = i * 4
  replies[i + 1] = releaseMutex(KEYS[k + 1], KEYS[k + 2], KEYS[k + 3], KEYS[k + 4], ARGV[i + 2], localChannel)
end
return replies
