local configKey, stateKey = KEYS[1], KEYS[2]

-- Read before the inventory port is asked: the seats settled as reserved so far. Returns {exists (1/0), seatsTaken}.
return { redis.call("EXISTS", configKey), redis.call("HGET", stateKey, "seatsTaken") or "0" }
