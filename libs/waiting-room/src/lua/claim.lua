local ticketsKey, undecidedKey, queueKey, roomKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local identity, seq, deadline, grace = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])

-- Invariant: a valid token counts as one admitted-but-undecided slot until it is settled or its slot returns, and
-- a settled one is never accepted again. A valid token whose ticket Redis no longer has (data lost without AOF, a
-- failover that rolled the admission back) is honoured and counted again.
-- Returns {"ok"} or {"used", outcome}.
local joinedAt = ""
local record = redis.call("HGET", ticketsKey, identity)
if record then
  local state, _, recordJoinedAt, _, outcome = parseTicket(record)
  if state == "s" then return { "used", outcome } end
  if state == "a" then
    redis.call("ZADD", undecidedKey, "NX", int(tonumber(deadline) + grace), identity)
    return { "ok" }
  end
  joinedAt = recordJoinedAt
  if state == "w" then
    redis.call("ZREM", queueKey, identity)
    redis.call("HINCRBY", roomKey, "admitted", 1)
  end
end
redis.call("HSET", ticketsKey, identity, ticketRecord("a", seq, joinedAt, deadline, ""))
redis.call("ZADD", undecidedKey, "NX", int(tonumber(deadline) + grace), identity)
return { "ok" }
