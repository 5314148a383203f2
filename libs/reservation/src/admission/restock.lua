-- Invariant: a committed cancellation returns its seats to the counter once; a missing counter is left missing
-- (it will be rebuilt from the database, which already has them back).
local availKey, usersKey = KEYS[1], KEYS[2]
local quantity = tonumber(ARGV[1])
local userId = ARGV[2]

if redis.call('EXISTS', availKey) == 0 then return 0 end
redis.call('INCRBY', availKey, quantity)
redis.call('HINCRBY', usersKey, userId, -quantity)
return 1
