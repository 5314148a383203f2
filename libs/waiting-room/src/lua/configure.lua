local configKey, stateKey = KEYS[1], KEYS[2]
local now, opensAt, admitPerSecond, burst, overbooking = tonumber(ARGV[1]), ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local recover, admitFrom = ARGV[6] == "1", ARGV[7]

-- Invariant: the opening time never moves once the room has opened, since places already given depend on it.
-- Returns {"ok", created (1/0)} or {"opened", opensAt in force}.
if redis.call("EXISTS", configKey) == 1 then
  local current = redis.call("HGET", configKey, "opensAt")
  if current ~= opensAt and isOpen(configKey, stateKey, now) then return { "opened", current } end
  redis.call("HSET", configKey, "opensAt", opensAt, "admitPerSecond", admitPerSecond, "burst", burst,
    "overbooking", overbooking)
  return { "ok", 0 }
end
redis.call("HSET", configKey, "opensAt", opensAt, "admitPerSecond", admitPerSecond, "burst", burst,
  "overbooking", overbooking, "admitFrom", admitFrom)
-- A recovered room is open: later joins are placed after every place given before the loss (they are never
-- below the clock), while returning buyers get theirs back from their receipts.
if recover then redis.call("HSET", stateKey, "opened", "1") end
return { "ok", 1 }
