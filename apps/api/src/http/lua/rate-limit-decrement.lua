-- Takes back one hit of KEYS[1] (a request express-rate-limit does not count after all).
return redis.call("DECR", KEYS[1])
