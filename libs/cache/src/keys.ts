/**
 * Redis key layout of one namespace. Every key carries the namespace as a `{hash tag}` so that in a Redis Cluster all
 * keys of a namespace share one slot and the multi-key Lua scripts (write, delete, deleteByTag, clear) stay legal.
 * The price: one namespace lives on one shard; spread load across shards with several namespaces.
 */
export class KeyLayout {
  readonly base: string;
  readonly sequence: string;
  readonly namespaceGeneration: string;
  readonly namespaceSet: string;
  readonly channel: string;
  readonly valuePrefix: string;
  readonly keyGenerationPrefix: string;

  constructor(prefix: string, namespace: string) {
    this.base = `${prefix}{${namespace}}:`;
    this.sequence = `${this.base}seq`;
    this.namespaceGeneration = `${this.base}g:all`;
    this.namespaceSet = `${this.base}all`;
    this.channel = `${this.base}bus`;
    this.valuePrefix = `${this.base}v:`;
    this.keyGenerationPrefix = `${this.base}g:k:`;
  }

  value(key: string): string {
    return this.valuePrefix + key;
  }

  keyGeneration(key: string): string {
    return this.keyGenerationPrefix + key;
  }

  tagGeneration(tag: string): string {
    return `${this.base}g:t:${tag}`;
  }

  tagSet(tag: string): string {
    return `${this.base}t:${tag}`;
  }

  lockResource(key: string): string {
    return `${this.base}lock:${key}`;
  }
}
