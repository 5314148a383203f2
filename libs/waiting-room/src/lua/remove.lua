-- Deletes one event's room: its settings and counters, queue, tickets, admissions and samples (per-IP counters
-- expire on their own). Returns the number of keys deleted.
return redis.call("DEL", KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5])
