-- One hit on a fixed window's counter. KEYS[1]: the counter (its name holds the window's start); ARGV[1]: how long
-- it lives, in ms, set on the first hit. Returns the window's count with this hit.
local total = redis.call("INCR", KEYS[1])
if total == 1 then
  redis.call("PEXPIRE", KEYS[1], ARGV[1])
end
return total
