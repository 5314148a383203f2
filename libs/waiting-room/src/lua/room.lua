-- Shared by the room's scripts (prepended to each). A ticket record is `state|seq|joinedAt|deadline|outcome`:
-- state w (waiting), a (admitted), x (admission expired unused) or s (settled, with its outcome); seq is the
-- ticket's place in line (its score in the queue), deadline the admission token's expiry, both in epoch ms / µs.

local function parseTicket(record)
  return string.match(record, "^(%a)|([^|]*)|([^|]*)|([^|]*)|([^|]*)$")
end

local function ticketRecord(state, seq, joinedAt, deadline, outcome)
  return state .. "|" .. seq .. "|" .. joinedAt .. "|" .. deadline .. "|" .. outcome
end

-- Integers as decimal text: tostring would write a place in line (µs since 1970) as 1.8e+15.
local function int(n)
  return string.format("%.0f", n)
end

-- The room opens for good the first time any instance sees its opening time pass: from then on every join is
-- first come, first served, even from an instance whose clock runs late.
local function isOpen(configKey, stateKey, now)
  if redis.call("HGET", stateKey, "opened") == "1" then return true end
  if now >= tonumber(redis.call("HGET", configKey, "opensAt")) then
    redis.call("HSET", stateKey, "opened", "1")
    return true
  end
  return false
end

-- What a caller needs to describe a ticket: its record, its rank among the waiting, and the room's counters.
local function describe(configKey, stateKey, queueKey, identity, record, opened)
  local state, seq, joinedAt, deadline, outcome = parseTicket(record)
  local rank = -1
  if state == "w" then rank = redis.call("ZRANK", queueKey, identity) or -1 end
  local counters = redis.call("HMGET", stateKey, "admitted", "soldOut", "rate")
  local config = redis.call("HMGET", configKey, "opensAt", "admitPerSecond", "admitFrom")
  return {
    state, seq, joinedAt, deadline, outcome, rank,
    counters[1] or "0", opened and 1 or 0, counters[2] or "0", counters[3] or "",
    config[1], config[2], config[3] or "0",
  }
end
