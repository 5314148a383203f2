-- KEYS are one event's buckets of consecutive seconds (one hash slot). Returns each bucket's fields and values as a
-- flat array, an empty one for a second nobody recorded.
local buckets = {}
for i, bucket in ipairs(KEYS) do
  buckets[i] = redis.call("HGETALL", bucket)
end
return buckets
