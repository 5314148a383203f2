-- Read-only view of one event's counter: {available or -1 when missing, pending seats, oldest hold's score or -1}.
local availKey, inflightKey, pendingKey = KEYS[1], KEYS[2], KEYS[3]

local avail = redis.call('GET', availKey)
local pending = tonumber(redis.call('GET', pendingKey) or '0')
local oldest = redis.call('ZRANGE', inflightKey, 0, 0, 'WITHSCORES')
return {avail and 1 or 0, tonumber(avail or '0'), pending, oldest[2] and tonumber(oldest[2]) or -1}
