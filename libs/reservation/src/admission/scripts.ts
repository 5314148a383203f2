import {
  arrayReply,
  defineScript,
  integerArrayReply,
  integerReply,
  stringReply,
} from "@ticketing/redis-script";
import admitSource from "./admit.lua";
import confirmSource from "./confirm.lua";
import dropSource from "./drop.lua";
import installSource from "./install.lua";
import peekSource from "./peek.lua";
import releaseSource from "./release.lua";
import restockSource from "./restock.lua";
import staleSource from "./stale.lua";

/** The keys of one event's counter; they share the hash tag {eventId}, so one slot holds them on a Cluster. */
const COUNTER = ["available", "users", "inflight", "pending"];

/** {status (1 admitted, 0 no seats, 2 per-user limit, -1 no counter), available, pending, held, oldest or -1}. */
export const admitScript = defineScript({
  name: "reservation-admit",
  source: admitSource,
  keys: COUNTER,
  reply: integerArrayReply,
});

/** How many of the holds (ARGV) were still in flight and are now forgotten. */
export const confirmScript = defineScript({
  name: "reservation-confirm",
  source: confirmSource,
  keys: ["inflight", "pending"],
  reply: integerReply,
});

/** How many of the holds (ARGV) were still in flight and gave their seats back. */
export const releaseScript = defineScript({
  name: "reservation-release",
  source: releaseSource,
  keys: COUNTER,
  reply: integerReply,
});

/** 1 when the counter took the seats (ARGV: quantity, userId pairs) back, 0 when it is missing. */
export const restockScript = defineScript({
  name: "reservation-restock",
  source: restockSource,
  keys: ["available", "users"],
  reply: integerReply,
});

/** 1 when the counter was written, 0 when mode "missing" found one. */
export const installScript = defineScript({
  name: "reservation-install",
  source: installSource,
  keys: COUNTER,
  reply: integerReply,
});

/** {1 or 0 (counter exists), available, pending, oldest hold's admission time or -1}. */
export const peekScript = defineScript({
  name: "reservation-peek",
  source: peekSource,
  keys: ["available", "inflight", "pending"],
  reply: integerArrayReply,
});

/** The encoded holds admitted before ARGV[1]. */
export const staleScript = defineScript({
  name: "reservation-stale",
  source: staleSource,
  keys: ["inflight"],
  reply: (raw) => arrayReply(raw).map(stringReply),
});

/** How many of the counter's keys existed. */
export const dropScript = defineScript({
  name: "reservation-drop",
  source: dropSource,
  keys: COUNTER,
  reply: integerReply,
});
