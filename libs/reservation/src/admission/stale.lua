-- Read-only: in-flight holds admitted before ARGV[1] (epoch ms), at most ARGV[2] of them.
local inflightKey = KEYS[1]
local before = ARGV[1]
local limit = tonumber(ARGV[2])

return redis.call('ZRANGEBYSCORE', inflightKey, '-inf', '(' .. before, 'LIMIT', 0, limit)
