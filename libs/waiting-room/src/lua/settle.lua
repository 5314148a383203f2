local ticketsKey, undecidedKey, roomKey = KEYS[1], KEYS[2], KEYS[3]
local identity, outcome, seats = ARGV[1], ARGV[2], ARGV[3]

-- Invariant: an admission settles once; the first outcome stands and every retry is answered with it. Its slot
-- returns at once. Reserved seats are added to seatsTaken in the same step, so an admission step that asked the
-- inventory port before this settle subtracts them (see tick.lua) instead of counting them as still obtainable.
-- Returns {"ok", outcome} or {"settled", earlier outcome} or {"waiting"}.
local seq, joinedAt, deadline = "", "", ""
local record = redis.call("HGET", ticketsKey, identity)
if record then
  local state, recordSeq, recordJoinedAt, recordDeadline, earlier = parseTicket(record)
  if state == "s" then return { "settled", earlier } end
  if state == "w" then return { "waiting" } end
  seq, joinedAt, deadline = recordSeq, recordJoinedAt, recordDeadline
end
redis.call("HSET", ticketsKey, identity, ticketRecord("s", seq, joinedAt, deadline, outcome))
redis.call("ZREM", undecidedKey, identity)
if outcome == "reserved" then redis.call("HINCRBY", roomKey, "seatsTaken", seats) end
return { "ok", outcome }
