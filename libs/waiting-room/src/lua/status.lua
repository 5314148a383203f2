local roomKey, queueKey, ticketsKey = KEYS[1], KEYS[2], KEYS[3]
local identity, now = ARGV[1], tonumber(ARGV[2])

-- Reads one ticket; its only write is the room's opened flag (see isOpen).
-- Returns "ok|0|<ticket>" (see describe), "no-room" or "no-ticket".
local room = redis.call("HMGET", roomKey, unpack(ROOM_FIELDS))
if not room[1] then return "no-room" end
local record = redis.call("HGET", ticketsKey, identity)
if not record then return "no-ticket" end
return "ok|0|" .. describe(queueKey, identity, record, room, isOpen(roomKey, room[1], room[2], now))
