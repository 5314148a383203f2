-- Invariant: counter = seats free in the database − seats held in flight, so the counter never promises a seat
-- the database does not have (bar holds it cannot know about, which the database guard still refuses); likewise a
-- user's count = the user's seats in the database + the user's holds in flight.
-- ARGV: mode ("missing" | "force"), available, holdCount, hold members..., then userId, held pairs.
local availKey, usersKey, inflightKey, pendingKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local mode = ARGV[1]
local available = tonumber(ARGV[2])
local holdCount = tonumber(ARGV[3])

if redis.call('EXISTS', availKey) == 1 then
  if mode == 'missing' then return 0 end
  local pending = tonumber(redis.call('GET', pendingKey) or '0')
  redis.call('SET', availKey, available - pending)
  redis.call('DEL', usersKey)
  for i = 4 + holdCount, #ARGV, 2 do
    redis.call('HINCRBY', usersKey, ARGV[i], tonumber(ARGV[i + 1]))
  end
  for _, member in ipairs(redis.call('ZRANGE', inflightKey, 0, -1)) do
    local quantity, userId = string.match(member, '^(%d+)|%d+|[^|]+|(.*)$')
    redis.call('HINCRBY', usersKey, userId, tonumber(quantity))
  end
  return 1
end

redis.call('DEL', usersKey, inflightKey, pendingKey)
local pending = 0
for i = 4, 3 + holdCount do
  local member = ARGV[i]
  local quantity, admittedAt, userId = string.match(member, '^(%d+)|(%d+)|[^|]+|(.*)$')
  redis.call('ZADD', inflightKey, tonumber(admittedAt), member)
  redis.call('HINCRBY', usersKey, userId, tonumber(quantity))
  pending = pending + tonumber(quantity)
end
for i = 4 + holdCount, #ARGV, 2 do
  redis.call('HINCRBY', usersKey, ARGV[i], tonumber(ARGV[i + 1]))
end
redis.call('SET', pendingKey, pending)
redis.call('SET', availKey, available - pending)
return 1
