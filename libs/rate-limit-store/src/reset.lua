-- Forgets a counter: its client starts a new window at its next request.
local counter = KEYS[1]
return redis.call("DEL", counter)
