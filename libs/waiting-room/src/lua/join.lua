local configKey, stateKey, queueKey, ticketsKey, ipKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local identity, now, draw = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local receiptSeq, receiptJoinedAt = ARGV[4], ARGV[5]
local ipLimit, ipWindowMs = tonumber(ARGV[6]), ARGV[7]

-- Invariant: one ticket per identity, and a place in line never moves. Before the opening a place is drawn
-- uniformly below the opening time (in µs), so when one joined buys nothing; after it, places follow the order in
-- which joins reach Redis (a counter) and never fall below the clock, so they stay above every earlier place even
-- if Redis lost the counter. A receipt restores the place it was signed for.
-- Returns {"ok", created (1/0), ticket} or {"no-room"} or {"limit", ms until the IP's window ends}.
if redis.call("EXISTS", configKey) == 0 then return { "no-room" } end
local opened = isOpen(configKey, stateKey, now)
local record = redis.call("HGET", ticketsKey, identity)
if record then return { "ok", 0, describe(configKey, stateKey, queueKey, identity, record, opened) } end

local seq, joinedAt = receiptSeq, receiptJoinedAt
if seq == "" then
  if ipLimit > 0 then
    if tonumber(redis.call("GET", ipKey) or "0") >= ipLimit then return { "limit", redis.call("PTTL", ipKey) } end
    if redis.call("INCR", ipKey) == 1 then redis.call("PEXPIRE", ipKey, ipWindowMs) end
  end
  if opened then
    local last = tonumber(redis.call("HGET", stateKey, "hlc") or "0")
    seq = int(math.max(last + 1, now * 1000))
    redis.call("HSET", stateKey, "hlc", seq)
  else
    local opensAt = tonumber(redis.call("HGET", configKey, "opensAt"))
    seq = int(math.floor(draw / 281474976710656 * opensAt * 1000))
  end
  joinedAt = int(now)
end
redis.call("ZADD", queueKey, seq, identity)
record = ticketRecord("w", seq, joinedAt, "", "")
redis.call("HSET", ticketsKey, identity, record)
return { "ok", 1, describe(configKey, stateKey, queueKey, identity, record, opened) }
