-- Invariant: seats are taken only while the event's counter covers them (it never goes below zero), and every
-- taken seat is recorded as an in-flight hold until its row is committed (confirm) or given back (release).
local availKey, usersKey, inflightKey, pendingKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local quantity = tonumber(ARGV[1])
local userId = ARGV[2]
local limit = tonumber(ARGV[3])
local member = ARGV[4]
local now = tonumber(ARGV[5])

local avail = redis.call('GET', availKey)
if not avail then return {-1, 0, 0, 0, -1} end
avail = tonumber(avail)
local pending = tonumber(redis.call('GET', pendingKey) or '0')
local function oldest()
  local first = redis.call('ZRANGE', inflightKey, 0, 0, 'WITHSCORES')
  return first[2] and tonumber(first[2]) or -1
end
if avail < quantity then return {0, avail, pending, 0, oldest()} end
local held = tonumber(redis.call('HGET', usersKey, userId) or '0')
if limit > 0 and held + quantity > limit then return {2, avail, pending, held, oldest()} end
redis.call('HINCRBY', usersKey, userId, quantity)
redis.call('DECRBY', availKey, quantity)
redis.call('INCRBY', pendingKey, quantity)
redis.call('ZADD', inflightKey, now, member)
return {1, avail - quantity, pending + quantity, held + quantity, -1}
