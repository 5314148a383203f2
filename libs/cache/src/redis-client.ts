/**
 * The narrowest view of a connected @redis/client v5/v6 client or cluster client that this package calls. Replies are
 * typed `unknown` and checked at runtime so that any type mapping the caller configured is accepted.
 */
export interface CacheRedisClient {
  readonly isReady: boolean;
  get(key: string): Promise<unknown>;
  mGet(keys: string[]): Promise<unknown>;
  sMembers(key: string): Promise<unknown>;
  evalSha(sha: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  publish(channel: string, message: string): Promise<unknown>;
  /** A view of the same connection with per-command options (the command timeout). */
  withCommandOptions?(options: { timeout?: number }): unknown;
  /** A new connection with the same options, used for the pub/sub subscriber that this package owns. */
  duplicate(): CacheSubscriberClient;
}

/** What the subscriber connection (from `duplicate()`) must offer. */
export interface CacheSubscriberClient {
  readonly isReady: boolean;
  connect(): Promise<unknown>;
  subscribe(channel: string, listener: (message: string, channel: string) => void): Promise<unknown>;
  on(event: "error" | "ready", listener: (...args: unknown[]) => void): unknown;
  close(): Promise<unknown>;
  destroy(): unknown;
}
