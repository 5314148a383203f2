import { defineScript, integerArrayReply } from "@ticketing/redis-script";
import decrementSource from "./decrement.lua";
import incrementSource from "./increment.lua";
import resetSource from "./reset.lua";

/** Adds the hits of several counters in one call; replies `[total, ms left]` per counter, flattened, in order. */
export const incrementScript = defineScript({
  name: "rate-limit-increment",
  source: incrementSource,
  keys: ["counter"],
  repeatKeys: true,
  reply: integerArrayReply,
});

/** Takes back one hit of a counter. */
export const decrementScript = defineScript({
  name: "rate-limit-decrement",
  source: decrementSource,
  keys: ["counter"],
  reply: () => undefined,
});

/** Deletes a counter. */
export const resetScript = defineScript({
  name: "rate-limit-reset",
  source: resetSource,
  keys: ["counter"],
  reply: () => undefined,
});
