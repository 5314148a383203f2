local roomKey, queueKey, ticketsKey, undecidedKey, samplesKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local now, available, takenBefore = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local ttl, grace, maxPerTick = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])

-- Invariant: after this step, admitted-but-undecided buyers <= floor(overbooking * seats), where seats is the
-- inventory port's answer less the seats reserved by buyers who settled after it was asked (snapshot.lua read
-- `takenBefore` first); buyers are admitted in the queue's order; over time no more than admitPerSecond are
-- admitted (one token bucket, whichever instances run this).
-- Returns {"no-room"} or {"ok", admitted identities, expired, waiting, undecided, seats, soldOut, admitted total,
-- opened, measured rate, admitPerSecond, admissions start}.
local room = redis.call("HMGET", roomKey, "opensAt", "opened", "admitFrom", "admitPerSecond", "burst", "overbooking",
  "seatsTaken", "admitted", "level", "refilledAt", "sampledAt", "rate")
if not room[1] then return { "no-room" } end
local opensAt, admitFrom, rate = tonumber(room[1]), tonumber(room[3] or "0"), tonumber(room[4])
local burst, overbooking, admittedTotal = tonumber(room[5]), tonumber(room[6]), tonumber(room[8] or "0")
local updates = {}

-- Slots of admissions that were neither used nor settled in time go back.
local expired = 0
local overdue = redis.call("ZRANGE", undecidedKey, "-inf", int(now), "BYSCORE", "LIMIT", 0, maxPerTick)
if #overdue > 0 then
  local records = redis.call("HMGET", ticketsKey, unpack(overdue))
  local changed = {}
  for i, id in ipairs(overdue) do
    if records[i] then
      local state, seq, joinedAt, deadline = parseTicket(records[i])
      if state == "a" then
        changed[#changed + 1] = id
        changed[#changed + 1] = ticketRecord("x", seq, joinedAt, deadline, "")
      end
    end
  end
  expired = #changed / 2
  if expired > 0 then redis.call("HSET", ticketsKey, unpack(changed)) end
  redis.call("ZREM", undecidedKey, unpack(overdue))
end

local opened = isOpen(roomKey, room[1], room[2], now)
local seats = math.max(0, available - (tonumber(room[7] or "0") - takenBefore))
local soldOut = seats == 0 and 1 or 0
local undecided = redis.call("ZCARD", undecidedKey)
updates[#updates + 1] = "soldOut"
updates[#updates + 1] = soldOut

local admitted = {}
local startAt = math.max(opensAt, admitFrom)
local measured = room[12] or ""
if opened and now >= startAt then
  local level, refilledAt = tonumber(room[9] or "0"), tonumber(room[10] or startAt)
  if now > refilledAt then
    level = math.min(burst, level + (now - refilledAt) * rate / 1000)
    refilledAt = now
  end
  local count = math.min(math.floor(level + 1e-9), math.floor(seats * overbooking + 1e-9) - undecided, maxPerTick)
  if count > 0 then
    local popped = redis.call("ZPOPMIN", queueKey, count)
    if #popped > 0 then
      local ids = {}
      for i = 1, #popped, 2 do ids[#ids + 1] = popped[i] end
      local records = redis.call("HMGET", ticketsKey, unpack(ids))
      local deadline = int(now + ttl)
      local slotEnds = int(now + ttl + grace)
      local tickets, slots = {}, {}
      for i, id in ipairs(ids) do
        local seq, joinedAt = popped[2 * i], ""
        if records[i] then
          local _, recordSeq, recordJoinedAt = parseTicket(records[i])
          seq, joinedAt = recordSeq, recordJoinedAt
        end
        tickets[#tickets + 1] = id
        tickets[#tickets + 1] = ticketRecord("a", seq, joinedAt, deadline, "")
        slots[#slots + 1] = slotEnds
        slots[#slots + 1] = id
        admitted[#admitted + 1] = id
      end
      redis.call("HSET", ticketsKey, unpack(tickets))
      redis.call("ZADD", undecidedKey, unpack(slots))
      level = level - #admitted
      undecided = undecided + #admitted
      admittedTotal = admittedTotal + #admitted
      updates[#updates + 1] = "admitted"
      updates[#updates + 1] = int(admittedTotal)
    end
  end
  updates[#updates + 1] = "level"
  updates[#updates + 1] = tostring(level)
  updates[#updates + 1] = "refilledAt"
  updates[#updates + 1] = int(refilledAt)

  -- The measured rate: admissions over the last half minute, sampled at most once a second.
  if now - tonumber(room[11] or "0") >= 1000 then
    redis.call("LPUSH", samplesKey, int(now) .. ":" .. int(admittedTotal))
    redis.call("LTRIM", samplesKey, 0, 30)
    local t0, a0 = string.match(redis.call("LINDEX", samplesKey, -1), "^(%d+):(%d+)$")
    updates[#updates + 1] = "sampledAt"
    updates[#updates + 1] = int(now)
    if tonumber(t0) < now then
      measured = tostring((admittedTotal - tonumber(a0)) * 1000 / (now - tonumber(t0)))
      updates[#updates + 1] = "rate"
      updates[#updates + 1] = measured
    end
  end
end
redis.call("HSET", roomKey, unpack(updates))

return {
  "ok", admitted, expired, redis.call("ZCARD", queueKey), undecided, seats, soldOut, int(admittedTotal),
  opened and 1 or 0, measured, room[4], int(startAt),
}
