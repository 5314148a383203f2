/**
 * Shared/exclusive lock for one process, writer-preferring: once an exclusive holder waits, new shared holders
 * queue behind it, so a counter rebuild is never starved by a stream of batches.
 */
export class RwLock {
  private readers = 0;
  private writer = false;
  private readonly waiting: { exclusive: boolean; resolve: () => void }[] = [];

  async shared<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire(false);
    try {
      return await fn();
    } finally {
      this.readers--;
      this.drain();
    }
  }

  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire(true);
    try {
      return await fn();
    } finally {
      this.writer = false;
      this.drain();
    }
  }

  private acquire(exclusive: boolean): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push({ exclusive, resolve });
      this.drain();
    });
  }

  private drain(): void {
    while (this.waiting.length > 0 && !this.writer) {
      const next = this.waiting[0]!;
      if (next.exclusive) {
        if (this.readers > 0) return;
        this.writer = true;
      } else {
        this.readers++;
      }
      this.waiting.shift();
      next.resolve();
    }
  }
}
