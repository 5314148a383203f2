local roomKey = KEYS[1]
local now, opensAt, admitPerSecond, burst, overbooking = tonumber(ARGV[1]), ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local recover, admitFrom = ARGV[6] == "1", ARGV[7]

-- Invariant: the opening time never moves once the room has opened, since places already given depend on it.
-- Returns {"ok", created (1/0)} or {"opened", opensAt in force}.
local current = redis.call("HMGET", roomKey, "opensAt", "opened")
if current[1] then
  if current[1] ~= opensAt and isOpen(roomKey, current[1], current[2], now) then return { "opened", current[1] } end
  redis.call("HSET", roomKey, "opensAt", opensAt, "admitPerSecond", admitPerSecond, "burst", burst,
    "overbooking", overbooking)
  return { "ok", 0 }
end
redis.call("HSET", roomKey, "opensAt", opensAt, "admitPerSecond", admitPerSecond, "burst", burst,
  "overbooking", overbooking, "admitFrom", admitFrom)
-- A recovered room is open: later joins are placed after every place given before the loss (they are never
-- below the clock), while returning buyers get theirs back from their receipts.
if recover then redis.call("HSET", roomKey, "opened", "1") end
return { "ok", 1 }
