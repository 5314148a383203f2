-- KEYS, in triples (sequence, generation, target): the namespace sequence, the tag's generation and the tag's index
-- set first (the namespace's for clear), then one triple per member the caller read from that set: the sequence
-- again, the member's generation and its value.
local sequenceKey = KEYS[1]
local setKey = KEYS[3]
local generationTtlMs = ARGV[1]
local channel = ARGV[2]
local message = ARGV[3]
-- ARGV[4 ..]: the members, in the order of their triples.
-- Invariant: every key indexed under the tag (or the namespace) is removed and its generation, like the tag's, moves
-- past every earlier snapshot in one atomic step. The script touches only declared keys, so it acts only when the set
-- still holds exactly the members the caller read; otherwise it changes nothing and answers -1 (read again, retry).
local members = #KEYS / 3 - 1
if redis.call('SCARD', setKey) ~= members then
  return -1
end
for i = 1, members do
  if redis.call('SISMEMBER', setKey, ARGV[3 + i]) == 0 then
    return -1
  end
end
local sequence = redis.call('INCR', sequenceKey)
for i = 1, #KEYS, 3 do
  redis.call('SET', KEYS[i + 1], sequence, 'PX', generationTtlMs)
  redis.call('DEL', KEYS[i + 2])
end
redis.call('PUBLISH', channel, message)
return members
