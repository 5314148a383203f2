local channel = ARGV[1]
-- KEYS: lock, fence, queue, waiters per acquisition; ARGV: the caller's wake-up channel, then token, ttl, waitMs,
-- waiterId per acquisition. Concurrent acquisitions travel in one call (group commit) and are decided one by one.

local replies = {}
for i = 0, #KEYS / 4 - 1 do
  local k, a = i * 4, 1 + i * 4
  replies[i + 1] = acquireMutex(
    KEYS[k + 1], KEYS[k + 2], KEYS[k + 3], KEYS[k + 4],
    ARGV[a + 1], tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3]), ARGV[a + 4], channel
  )
end
return replies
