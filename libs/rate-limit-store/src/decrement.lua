-- Takes back one hit of a counter (a request express-rate-limit does not count after all).
local counter = KEYS[1]
-- DECR keeps the counter's time to live, so its window still ends when it would have; a counter that expired in
-- between comes back as -1 without one, which the next increment treats as a new window.
return redis.call("DECR", counter)
