-- Forgets the counter KEYS[1]: its client starts a new window at its next request.
return redis.call("DEL", KEYS[1])
