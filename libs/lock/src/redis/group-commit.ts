interface Pending<I, O> {
  input: I;
  resolve: (output: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Collects the calls made while the current microtasks drain (typically every contender woken by one socket read)
 * and sends them as one script call: one round of client and server overhead instead of one per call.
 */
export class GroupCommit<I, O> {
  readonly #send: (inputs: I[]) => Promise<O[]>;
  readonly #maxBatch: number;
  #pending: Pending<I, O>[] = [];

  constructor(send: (inputs: I[]) => Promise<O[]>, maxBatch: number) {
    this.#send = send;
    this.#maxBatch = maxBatch;
  }

  push(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      // nextTick runs once the microtask queue is empty, so every contender resumed by the same I/O event is in.
      if (this.#pending.length === 0) process.nextTick(() => this.#flush());
      this.#pending.push({ input, resolve, reject });
      if (this.#pending.length >= this.#maxBatch) this.#flush();
    });
  }

  #flush(): void {
    const batch = this.#pending;
    if (batch.length === 0) return;
    this.#pending = [];
    this.#send(batch.map((pending) => pending.input)).then(
      (outputs) => batch.forEach((pending, i) => pending.resolve(outputs[i] as O)),
      (error: unknown) => batch.forEach((pending) => pending.reject(error)),
    );
  }
}
