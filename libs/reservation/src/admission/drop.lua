-- Drops an event's counter so the next admission rebuilds it from the database; holds are dropped with it.
return redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4])
