local bucket = KEYS[1]
local ttlMs = ARGV[1]

-- Invariant: a bucket holds the sums of what every instance recorded in its second, each instance adding its part
-- once; it disappears ttlMs after the last addition.
-- ARGV[2..] are field, increment pairs.
for i = 2, #ARGV, 2 do
  redis.call("HINCRBY", bucket, ARGV[i], ARGV[i + 1])
end
redis.call("PEXPIRE", bucket, ttlMs)
return 1
