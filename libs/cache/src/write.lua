-- KEYS, in pairs (generation, target): the key's generation and its value first, then the namespace's generation and
-- index set, then each tag's generation and index set.
local payload = ARGV[1]
local ttlMs = tonumber(ARGV[2])
local snapshot = tonumber(ARGV[3])
local member = ARGV[4]
local channel = ARGV[5]
local message = ARGV[6]
-- Invariant: a value loaded when the namespace sequence read `snapshot` is never stored after an invalidation of
-- its key, one of its tags or the whole namespace that was sequenced later (generation > snapshot). snapshot < 0: set().
if snapshot >= 0 then
  for i = 1, #KEYS, 2 do
    local generation = redis.call('GET', KEYS[i])
    if generation and tonumber(generation) > snapshot then
      return 0
    end
  end
end
redis.call('SET', KEYS[2], payload, 'PX', ttlMs)
for i = 4, #KEYS, 2 do
  redis.call('SADD', KEYS[i], member)
  if redis.call('PTTL', KEYS[i]) < ttlMs then
    redis.call('PEXPIRE', KEYS[i], ttlMs)
  end
end
redis.call('PUBLISH', channel, message)
return 1
