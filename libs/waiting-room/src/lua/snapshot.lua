local roomKey = KEYS[1]

-- Read before the inventory port is asked: whether the room exists, and the seats settled as reserved so far.
-- Returns {opensAt or false, seatsTaken}.
local room = redis.call("HMGET", roomKey, "opensAt", "seatsTaken")
return { room[1] and 1 or 0, room[2] or "0" }
