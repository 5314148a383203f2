import { defineScript, integerReply } from "@ticketing/redis-script";
import deleteSource from "./delete.lua";
import deleteTagSource from "./delete-tag.lua";
import writeSource from "./write.lua";

/** Stores an entry unless an invalidation sequenced after the loader's snapshot covers it: 1 stored, 0 refused. */
export const writeScript = defineScript({
  name: "cache-write",
  source: writeSource,
  keys: ["generation", "target"],
  repeatKeys: true,
  reply: integerReply,
});

/** Removes one key and moves its generation past every earlier snapshot; answers the new sequence number. */
export const deleteScript = defineScript({
  name: "cache-delete",
  source: deleteSource,
  keys: ["sequence", "value", "generation"],
  reply: integerReply,
});

/**
 * Removes every key indexed in a tag's (or the namespace's) set, given the members the caller read from it; answers
 * how many, or -1 when the set changed since it was read.
 */
export const deleteTagScript = defineScript({
  name: "cache-delete-tag",
  source: deleteTagSource,
  keys: ["sequence", "generation", "target"],
  repeatKeys: true,
  reply: integerReply,
});
