local sequenceKey = KEYS[1]
local tagGenerationKey = KEYS[2]
local tagSetKey = KEYS[3]
local valuePrefix = ARGV[1]
local keyGenerationPrefix = ARGV[2]
local generationTtlMs = ARGV[3]
local channel = ARGV[4]
local message = ARGV[5]
-- Invariant: every key indexed under the tag (or the namespace, for clear) is removed and its generation, like the
-- tag's, moves past every earlier snapshot in one atomic step. The prefixes share the namespace's {hash tag}, so in
-- a cluster every key touched here lives in the slot of the declared KEYS.
local sequence = redis.call('INCR', sequenceKey)
redis.call('SET', tagGenerationKey, sequence, 'PX', generationTtlMs)
local members = redis.call('SMEMBERS', tagSetKey)
for _, member in ipairs(members) do
  redis.call('DEL', valuePrefix .. member)
  redis.call('SET', keyGenerationPrefix .. member, sequence, 'PX', generationTtlMs)
end
redis.call('DEL', tagSetKey)
redis.call('PUBLISH', channel, message)
return #members
