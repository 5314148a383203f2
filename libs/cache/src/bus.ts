import type { CacheRedisClient, CacheSubscriberClient } from "./redis-client.js";

/** `w` a value was written, `d` a key deleted, `t` a tag invalidated, `c` the namespace cleared, `x` a load failed. */
export type BusKind = "w" | "d" | "t" | "c" | "x";

export const INSTANCE_ID_LENGTH = 10;

/** Wire format: one kind letter, the sender's fixed-length instance id, then the key or tag. */
export function encodeMessage(kind: BusKind, instanceId: string, target = ""): string {
  return kind + instanceId + target;
}

export interface BusHandlers {
  onMessage(kind: BusKind, target: string): void;
  /** The subscriber came back after a disconnect: messages may have been missed. */
  onReconnect(): void;
  onError(error: unknown): void;
}

/**
 * The pub/sub side of cross-instance invalidation: one subscriber connection per cache instance (a `duplicate()` of
 * the caller's client, owned and closed here). Messages this instance sent are skipped: it applied them already.
 */
export class Bus {
  #subscriber: CacheSubscriberClient | undefined;
  #subscribed = false;
  #closed = false;
  readonly ready: Promise<void>;

  constructor(
    client: Pick<CacheRedisClient, "duplicate">,
    readonly channel: string,
    readonly instanceId: string,
    handlers: BusHandlers,
  ) {
    this.ready = this.#start(client, handlers).catch((error: unknown) => {
      if (!this.#closed) handlers.onError(error);
    });
  }

  get isReady(): boolean {
    return this.#subscribed && this.#subscriber?.isReady === true;
  }

  async #start(client: Pick<CacheRedisClient, "duplicate">, handlers: BusHandlers): Promise<void> {
    const subscriber = client.duplicate();
    this.#subscriber = subscriber;
    subscriber.on("error", (error) => {
      if (!this.#closed) handlers.onError(error);
    });
    subscriber.on("ready", () => {
      if (this.#subscribed && !this.#closed) handlers.onReconnect();
    });
    await subscriber.connect();
    // close() may have run while connecting: a destroy before the socket is up does not stop it from coming up.
    if (this.#closed) return void subscriber.destroy();
    await subscriber.subscribe(this.channel, (message) => {
      if (message.length <= INSTANCE_ID_LENGTH) return;
      if (message.slice(1, 1 + INSTANCE_ID_LENGTH) === this.instanceId) return;
      handlers.onMessage(message[0] as BusKind, message.slice(1 + INSTANCE_ID_LENGTH));
    });
    this.#subscribed = true;
  }

  async close(): Promise<void> {
    this.#closed = true;
    try {
      this.#subscriber?.destroy();
    } catch {
      // already closed
    }
    await this.ready;
  }
}
