-- Invariant: committed cancellations and expiries return their seats to the counter once each (only the transaction
-- that changed the row restocks); a missing counter is left missing (it will be rebuilt from the database, which
-- already has them back). ARGV: quantity, userId pairs.
local availKey, usersKey = KEYS[1], KEYS[2]

if redis.call('EXISTS', availKey) == 0 then return 0 end
for i = 1, #ARGV, 2 do
  local quantity = tonumber(ARGV[i])
  redis.call('INCRBY', availKey, quantity)
  redis.call('HINCRBY', usersKey, ARGV[i + 1], -quantity)
end
return 1
