// Messages between the torture driver and its worker processes (over the child-process IPC channel).

/** The lock stores a torture run drives: one Redis with AOF, one without persistence, three Redlock nodes. */
export const TARGETS = ["aof", "volatile", "redlock"] as const;
export type Target = (typeof TARGETS)[number];

export type Mode = "mutex" | "multi" | "semaphore" | "try";

export interface WorkerConfig {
  slot: number;
  generation: number;
  workers: number;
  localPass: boolean;
  urls: { aof: string; volatile: string; redlock: string[] };
  mutexes: string[];
  semaphores: string[];
  semaphoreLimit: number;
}

export type WorkerEvent =
  | {
      type: "acquired";
      token: string;
      target: Target;
      mode: Mode;
      resources: string[];
      fences: number[];
      limit: number;
      permits: number;
      askedAt: number;
      at: number;
      expiresAt: number;
    }
  | { type: "extended"; token: string; at: number; expiresAt: number }
  | { type: "lost"; token: string; at: number; reason: string }
  | { type: "released"; token: string; at: number }
  | { type: "failed"; target: Target; mode: Mode; code: string; askedAt: number; at: number; waitMs: number };

/** A critical section's write through the fenced store, answered with `written`. */
export interface WriteRequest {
  type: "write";
  id: number;
  target: Target;
  resource: string;
  token: string;
  fence: number;
  sentAt: number;
}

export type FromWorker = { type: "event"; event: WorkerEvent } | WriteRequest | { type: "ready" };
export type ToWorker = { type: "written"; id: number; accepted: boolean } | { type: "stop" };
