-- Invariant: a hold leaves the in-flight set once; its seats stay taken because its row is committed.
local inflightKey, pendingKey = KEYS[1], KEYS[2]

local confirmed = 0
for i = 1, #ARGV do
  local member = ARGV[i]
  if redis.call('ZREM', inflightKey, member) == 1 then
    local quantity = tonumber(string.match(member, '^(%d+)|'))
    redis.call('DECRBY', pendingKey, quantity)
    confirmed = confirmed + 1
  end
end
return confirmed
