local valueKey = KEYS[1]
local payload = ARGV[1]
local ttlMs = tonumber(ARGV[2])
local snapshot = tonumber(ARGV[3])
local generationCount = tonumber(ARGV[4])
local member = ARGV[5]
local channel = ARGV[6]
local message = ARGV[7]
-- KEYS[2 .. 1+generationCount]: generation keys (the key's, the namespace's, each tag's); the rest: index sets.
-- Invariant: a value loaded when the namespace sequence read `snapshot` is never stored after an invalidation of
-- its key, one of its tags or the whole namespace that was sequenced later (generation > snapshot). snapshot < 0: set().
if snapshot >= 0 then
  for i = 2, 1 + generationCount do
    local generation = redis.call('GET', KEYS[i])
    if generation and tonumber(generation) > snapshot then
      return 0
    end
  end
end
redis.call('SET', valueKey, payload, 'PX', ttlMs)
for i = 2 + generationCount, #KEYS do
  redis.call('SADD', KEYS[i], member)
  if redis.call('PTTL', KEYS[i]) < ttlMs then
    redis.call('PEXPIRE', KEYS[i], ttlMs)
  end
end
redis.call('PUBLISH', channel, message)
return 1
