local roomKey, queueKey, undecidedKey = KEYS[1], KEYS[2], KEYS[3]

-- Reads the room's settings and counters (no write). Returns {"no-room"} or {"ok", opensAt, admitPerSecond, burst,
-- overbooking, admitFrom, opened, soldOut, admitted, rate, waiting, undecided}.
local room = redis.call("HMGET", roomKey, "opensAt", "admitPerSecond", "burst", "overbooking", "admitFrom", "opened",
  "soldOut", "admitted", "rate")
if not room[1] then return { "no-room" } end
return {
  "ok", room[1], room[2], room[3], room[4], room[5] or "0", room[6] or "0", room[7] or "0", room[8] or "0",
  room[9] or "", redis.call("ZCARD", queueKey), redis.call("ZCARD", undecidedKey),
}
