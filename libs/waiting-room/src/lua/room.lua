-- Shared by the room's scripts (prepended to each). The room hash holds the operator's settings (opensAt,
-- admitPerSecond, burst, overbooking, admitFrom) and the room's counters (opened, hlc, placed, admitted, seatsTaken,
-- soldOut, level, refilledAt, sampledAt, rate). A ticket record is `state|seq|joinedAt|deadline|outcome`: state w
-- (waiting), a (admitted), x (admission expired unused) or s (settled, with its outcome); seq is the ticket's place
-- in line (its score in the queue: below zero in the pre-queue, µs since 1970 after the opening), deadline the
-- admission token's expiry (epoch ms).
-- Kept by every script that moves a ticket in or out of line: `placed` counts the tickets ever put in line and
-- `admitted` those taken out of it, so placed - admitted is the length of the line.

-- The room fields every ticket description needs, in the order `describe` reads them.
local ROOM_FIELDS = { "opensAt", "opened", "admitted", "soldOut", "rate", "admitPerSecond", "admitFrom" }

local function parseTicket(record)
  return string.match(record, "^(%a)|([^|]*)|([^|]*)|([^|]*)|([^|]*)$")
end

local function ticketRecord(state, seq, joinedAt, deadline, outcome)
  return state .. "|" .. seq .. "|" .. joinedAt .. "|" .. deadline .. "|" .. outcome
end

-- Integers as decimal text: tostring would write a place in line (µs since 1970) as 1.8e+15.
local function int(n)
  return string.format("%.0f", n)
end

-- The room opens for good the first time any instance sees its opening time pass: from then on every join is
-- first come, first served, even from an instance whose clock runs late. `opened` is the room's "opened" field.
local function isOpen(roomKey, opensAt, opened, now)
  if opened == "1" then return true end
  if now >= tonumber(opensAt) then
    redis.call("HSET", roomKey, "opened", "1")
    return true
  end
  return false
end

-- What a caller needs to describe a ticket, as one `|`-separated string (one bulk reply decodes much faster than
-- a nested array): the record's five fields, its rank among the waiting (read unless `knownRank` is given), then
-- admitted, opened, soldOut, rate, opensAt, admitPerSecond and admitFrom (`room` as read with ROOM_FIELDS).
local function describe(queueKey, identity, record, room, opened, knownRank)
  local rank = -1
  if string.sub(record, 1, 1) == "w" then rank = knownRank or redis.call("ZRANK", queueKey, identity) or -1 end
  return record .. "|" .. rank .. "|" .. (room[3] or "0") .. "|" .. (opened and "1" or "0") .. "|" ..
    (room[4] or "0") .. "|" .. (room[5] or "") .. "|" .. room[1] .. "|" .. room[6] .. "|" .. (room[7] or "0")
end
