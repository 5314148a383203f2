local roomKey, queueKey, ticketsKey, ipKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local identity, now, draw = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local receiptSeq, receiptJoinedAt = ARGV[4], ARGV[5]
local ipLimit, ipWindowMs = tonumber(ARGV[6]), ARGV[7]

-- Invariant: one ticket per identity, and a place in line never moves. Before the opening a place is drawn
-- uniformly among the negative numbers (below every later place, wherever the opening time moves), so when one
-- joined buys nothing; after it, places follow the order in which joins reach Redis (a counter) and never fall
-- below the clock (µs), so they stay above every earlier place even if Redis lost the counter. A receipt restores
-- the place it was signed for.
-- Returns "ok|<created 1/0>|<ticket>" (see describe), "no-room" or "limit|<ms until the IP's window ends>".
local room = redis.call("HMGET", roomKey, "opensAt", "opened", "admitted", "soldOut", "rate", "admitPerSecond",
  "admitFrom", "hlc", "placed")
if not room[1] then return "no-room" end
local opened = isOpen(roomKey, room[1], room[2], now)

local seq, joinedAt = receiptSeq, receiptJoinedAt
if seq == "" then
  joinedAt = int(now)
  if opened then
    seq = int(math.max(tonumber(room[8] or "0") + 1, now * 1000))
  else
    seq = int(-1 - draw)
  end
end
local record = ticketRecord("w", seq, joinedAt, "", "")
-- One step claims the identity; an existing ticket is answered as it is.
if redis.call("HSETNX", ticketsKey, identity, record) == 0 then
  return "ok|0|" .. describe(queueKey, identity, redis.call("HGET", ticketsKey, identity), room, opened)
end
if receiptSeq == "" and ipLimit > 0 then
  local used = redis.call("INCR", ipKey)
  if used == 1 then redis.call("PEXPIRE", ipKey, ipWindowMs) end
  if used > ipLimit then
    redis.call("DECR", ipKey)
    redis.call("HDEL", ticketsKey, identity)
    return "limit|" .. redis.call("PTTL", ipKey)
  end
end
local placed = tonumber(room[9] or "0")
if opened and receiptSeq == "" then
  redis.call("HSET", roomKey, "hlc", seq, "placed", int(placed + 1))
else
  redis.call("HSET", roomKey, "placed", int(placed + 1))
end
redis.call("ZADD", queueKey, seq, identity)
-- A new place after the opening is the last one: its rank is the length of the line before it. Before the opening
-- the rank is not shown; a restored place is looked up.
local rank = 0
if receiptSeq ~= "" then
  rank = nil
elseif opened then
  rank = placed - tonumber(room[3] or "0")
end
return "ok|1|" .. describe(queueKey, identity, record, room, opened, rank)
