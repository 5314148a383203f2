/** A call's place in a batch: the batch's replies, in the order of its calls, and the call's index among them. */
export interface Slot<O> {
  readonly replies: Promise<O[]>;
  readonly index: number;
}

/**
 * Collects the calls made while the current microtasks drain (typically every contender woken by one socket read)
 * and sends them as one script call: one round of client and server overhead instead of one per call.
 */
export class GroupCommit<I, O> {
  readonly #send: (inputs: I[]) => Promise<O[]>;
  readonly #maxBatch: number;
  #inputs: I[] = [];
  // One promise per batch that every caller in it awaits, rather than a promise and two resolvers per call.
  #replies: Promise<O[]> | undefined;
  #settle: { resolve: (outputs: O[]) => void; reject: (error: unknown) => void } | undefined;

  constructor(send: (inputs: I[]) => Promise<O[]>, maxBatch: number) {
    this.#send = send;
    this.#maxBatch = maxBatch;
  }

  push(input: I): Slot<O> {
    if (!this.#replies) {
      this.#replies = new Promise<O[]>((resolve, reject) => {
        this.#settle = { resolve, reject };
      });
      // nextTick runs once the microtask queue is empty, so every contender resumed by the same I/O event is in.
      process.nextTick(this.#flush);
    }
    const slot = { replies: this.#replies, index: this.#inputs.length };
    this.#inputs.push(input);
    if (this.#inputs.length >= this.#maxBatch) this.#flush();
    return slot;
  }

  readonly #flush = (): void => {
    const settle = this.#settle;
    if (!settle) return;
    const inputs = this.#inputs;
    this.#inputs = [];
    this.#replies = this.#settle = undefined;
    this.#send(inputs).then(settle.resolve, settle.reject);
  };
}
