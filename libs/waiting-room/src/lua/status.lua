local configKey, stateKey, queueKey, ticketsKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local identity, now = ARGV[1], tonumber(ARGV[2])

-- Reads one ticket; its only write is the room's opened flag (see isOpen).
-- Returns {"ok", 0, ticket} or {"no-room"} or {"no-ticket"}.
if redis.call("EXISTS", configKey) == 0 then return { "no-room" } end
local record = redis.call("HGET", ticketsKey, identity)
if not record then return { "no-ticket" } end
return { "ok", 0, describe(configKey, stateKey, queueKey, identity, record, isOpen(configKey, stateKey, now)) }
