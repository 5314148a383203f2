import type { Target, WriteRequest } from "./protocol.js";

/** One write as the fenced store applied it. */
export interface AppliedWrite {
  target: Target;
  resource: string;
  token: string;
  fence: number;
  sentAt: number;
  appliedAt: number;
  accepted: boolean;
}

/**
 * The storage layer a fenced lock protects: per resource it keeps the fence of the last accepted write and accepts a
 * write only with a larger fence, as `UPDATE … WHERE fence < ?` does. Writes are applied one at a time, in arrival
 * order, and logged.
 */
export class FencedStore {
  readonly log: AppliedWrite[] = [];
  readonly #last = new Map<string, number>();

  write(request: WriteRequest): boolean {
    const key = `${request.target}\u0000${request.resource}`;
    const accepted = request.fence > (this.#last.get(key) ?? 0);
    if (accepted) this.#last.set(key, request.fence);
    const { target, resource, token, fence, sentAt } = request;
    this.log.push({ target, resource, token, fence, sentAt, appliedAt: Date.now(), accepted });
    return accepted;
  }
}
