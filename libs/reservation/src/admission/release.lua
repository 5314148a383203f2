-- Invariant: seats come back at most once per hold (only a hold still in flight releases), and never into a
-- counter that is gone: a rebuilt counter is computed from the database, which never had these seats taken.
local availKey, usersKey, inflightKey, pendingKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]

local released = 0
local counterExists = redis.call('EXISTS', availKey) == 1
for i = 1, #ARGV do
  local member = ARGV[i]
  if redis.call('ZREM', inflightKey, member) == 1 then
    local quantity, userId = string.match(member, '^(%d+)|%d+|[^|]+|(.*)$')
    quantity = tonumber(quantity)
    redis.call('DECRBY', pendingKey, quantity)
    if counterExists then
      redis.call('INCRBY', availKey, quantity)
      redis.call('HINCRBY', usersKey, userId, -quantity)
    end
    released = released + 1
  end
end
return released
