/** A typed emitter for one process; a throwing listener never breaks the code that emits. */
export class Emitter<Events extends object> {
  private readonly listeners = new Map<keyof Events, ((payload: never) => void)[]>();

  on<K extends keyof Events>(name: K, listener: (payload: Events[K]) => void): void {
    const list = this.listeners.get(name) ?? [];
    this.listeners.set(name, [...list, listener]);
  }

  off<K extends keyof Events>(name: K, listener: (payload: Events[K]) => void): void {
    const list = this.listeners.get(name);
    if (list)
      this.listeners.set(
        name,
        list.filter((l) => l !== listener),
      );
  }

  emit<K extends keyof Events>(name: K, payload: Events[K]): void {
    const list = this.listeners.get(name) as ((payload: Events[K]) => void)[] | undefined;
    if (!list) return;
    for (const listener of list) {
      try {
        listener(payload);
      } catch {
        // Listeners are observers; their failures are theirs.
      }
    }
  }
}
