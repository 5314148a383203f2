local sequenceKey = KEYS[1]
local valueKey = KEYS[2]
local generationKey = KEYS[3]
local generationTtlMs = ARGV[1]
local channel = ARGV[2]
local message = ARGV[3]
-- Invariant: the key's generation moves past every snapshot taken before this delete, in the same step that removes
-- the value, so that no loader that started earlier can write its value back (see write.lua).
local sequence = redis.call('INCR', sequenceKey)
redis.call('SET', generationKey, sequence, 'PX', generationTtlMs)
redis.call('DEL', valueKey)
redis.call('PUBLISH', channel, message)
return sequence
