local configKey, stateKey, queueKey, ticketsKey, undecidedKey, samplesKey =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local now, available, takenBefore = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local ttl, grace, maxPerTick = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])

-- Invariant: after this step, admitted-but-undecided buyers <= floor(overbooking * seats), where seats is the
-- inventory port's answer less the seats reserved by buyers who settled after it was asked (snapshot.lua read
-- `takenBefore` first); buyers are admitted in the queue's order; over time no more than admitPerSecond are
-- admitted (one token bucket, whichever instances run this).
-- Returns {"no-room"} or {"ok", admitted identities, expired, waiting, undecided, seats, soldOut, admitted total,
-- opened, measured rate, admitPerSecond, admissions start}.
if redis.call("EXISTS", configKey) == 0 then return { "no-room" } end
local config = redis.call("HMGET", configKey, "opensAt", "admitFrom", "admitPerSecond", "burst", "overbooking")
local opensAt, admitFrom = tonumber(config[1]), tonumber(config[2] or "0")
local rate, burst, overbooking = tonumber(config[3]), tonumber(config[4]), tonumber(config[5])

-- Slots of admissions that were neither used nor settled in time go back.
local expired = 0
for _, id in ipairs(redis.call("ZRANGE", undecidedKey, "-inf", int(now), "BYSCORE", "LIMIT", 0, maxPerTick)) do
  local record = redis.call("HGET", ticketsKey, id)
  if record then
    local state, seq, joinedAt, deadline = parseTicket(record)
    if state == "a" then
      redis.call("HSET", ticketsKey, id, ticketRecord("x", seq, joinedAt, deadline, ""))
      expired = expired + 1
    end
  end
  redis.call("ZREM", undecidedKey, id)
end

local opened = isOpen(configKey, stateKey, now)
local taken = tonumber(redis.call("HGET", stateKey, "seatsTaken") or "0")
local seats = math.max(0, available - (taken - takenBefore))
local soldOut = seats == 0 and 1 or 0
redis.call("HSET", stateKey, "soldOut", soldOut)

local admitted = {}
local startAt = math.max(opensAt, admitFrom)
if opened and now >= startAt then
  local bucket = redis.call("HMGET", stateKey, "level", "refilledAt")
  local level, refilledAt = tonumber(bucket[1] or "0"), tonumber(bucket[2] or startAt)
  if now > refilledAt then
    level = math.min(burst, level + (now - refilledAt) * rate / 1000)
    refilledAt = now
  end
  local free = math.floor(seats * overbooking + 1e-9) - redis.call("ZCARD", undecidedKey)
  local count = math.min(math.floor(level + 1e-9), free, maxPerTick)
  if count > 0 then
    local popped = redis.call("ZPOPMIN", queueKey, count)
    local deadline = int(now + ttl)
    for i = 1, #popped, 2 do
      local id, seq, joinedAt = popped[i], popped[i + 1], ""
      local record = redis.call("HGET", ticketsKey, id)
      if record then
        local _, recordSeq, recordJoinedAt = parseTicket(record)
        seq, joinedAt = recordSeq, recordJoinedAt
      end
      redis.call("HSET", ticketsKey, id, ticketRecord("a", seq, joinedAt, deadline, ""))
      redis.call("ZADD", undecidedKey, int(now + ttl + grace), id)
      admitted[#admitted + 1] = id
    end
    level = level - #admitted
    redis.call("HINCRBY", stateKey, "admitted", #admitted)
  end
  redis.call("HSET", stateKey, "level", tostring(level), "refilledAt", int(refilledAt))

  -- The measured rate: admissions over the last half minute, sampled at most once a second.
  if now - tonumber(redis.call("HGET", stateKey, "sampledAt") or "0") >= 1000 then
    local total = tonumber(redis.call("HGET", stateKey, "admitted") or "0")
    redis.call("LPUSH", samplesKey, int(now) .. ":" .. int(total))
    redis.call("LTRIM", samplesKey, 0, 30)
    redis.call("HSET", stateKey, "sampledAt", int(now))
    local t0, a0 = string.match(redis.call("LINDEX", samplesKey, -1), "^(%d+):(%d+)$")
    if tonumber(t0) < now then
      redis.call("HSET", stateKey, "rate", tostring((total - tonumber(a0)) * 1000 / (now - tonumber(t0))))
    end
  end
end

local counters = redis.call("HMGET", stateKey, "admitted", "rate")
return {
  "ok", admitted, expired, redis.call("ZCARD", queueKey), redis.call("ZCARD", undecidedKey), seats, soldOut,
  counters[1] or "0", opened and 1 or 0, counters[2] or "", config[3], int(startAt),
}
