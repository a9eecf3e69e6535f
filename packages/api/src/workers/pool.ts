/**
 * A small pool of worker threads (Node's `worker_threads`) for work that must not stall the
 * event loop: reading an uploaded spreadsheet (a runaway file is killed by the worker's memory
 * limit, not the server) and the heavy analytics of a large cycle.
 *
 * Each worker runs one task at a time; further tasks wait in a queue. A worker that exceeds its
 * `resourceLimits`, runs past the task's time limit or dies is discarded (the task fails with a
 * {@link WorkerLimitError}) and a fresh one is started for the next task. Idle workers do not keep
 * the process alive; with `idleMs`, a worker idle that long is retired (its memory, caches
 * included, goes back to the system) and the next task starts a fresh one.
 *
 * The worker script is TypeScript: under tsx (`pnpm start`, `pnpm dev`) and under vitest alike it
 * is started through a one-line bootstrap that registers tsx's loader in the worker first (on
 * Node 20, tsx registers itself on the main thread only).
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

export type WorkerLimitReason = 'memory' | 'timeout' | 'crash';

/** The worker running a task was stopped: it ran out of memory, out of time, or died. */
export class WorkerLimitError extends Error {
  readonly reason: WorkerLimitReason;
  constructor(reason: WorkerLimitReason, message: string) {
    super(message);
    this.name = 'WorkerLimitError';
    this.reason = reason;
  }
}

/** An error thrown inside a worker, as it travels back (rebuilt by the pool's `revive`). */
export interface WorkerErrorPayload {
  name: string;
  message: string;
  stack?: string;
  /** Own enumerable fields of the error (code, text, problems, messages, details, …). */
  fields: Record<string, unknown>;
}

export type WorkerMessage =
  { id: number; type: 'progress'; value: unknown } | { id: number; type: 'ok'; value: unknown } | { id: number; type: 'error'; error: WorkerErrorPayload };

export interface WorkerPoolOptions {
  /** The worker script (a module that calls `serveTasks`). */
  script: URL;
  /** Most workers at once. */
  size: number;
  resourceLimits?: ResourceLimits;
  /** A task running longer than this is stopped (its worker terminated). */
  timeoutMs: number;
  /** Data every worker receives as `workerData` (e.g. the database to open). */
  workerData?: unknown;
  /** Rebuilds an error thrown in a worker (default: a plain Error with its message). */
  revive?: (payload: WorkerErrorPayload) => Error;
  /** A worker idle this long is retired (0 or absent: idle workers are kept). */
  idleMs?: number;
}

export interface RunOptions {
  onProgress?: (value: unknown) => void;
  /** Per-task time limit (default: the pool's). */
  timeoutMs?: number;
}

interface Task {
  id: number;
  op: string;
  args: unknown;
  options: RunOptions;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  task: Task | null;
  timer: NodeJS.Timeout | null;
  /** Retires the idle worker ({@link WorkerPoolOptions.idleMs}). */
  idle: NodeJS.Timeout | null;
}

const require = createRequire(import.meta.url);

/** The code a worker starts with: tsx's loader for a .ts script, then the script. */
function bootstrapOf(script: URL): { code: string; eval: boolean } | { file: URL; eval: false } {
  if (!script.pathname.endsWith('.ts')) return { file: script, eval: false };
  // tsx's ESM entry of its programmatic API (the package maps `tsx/esm/api` to a .cjs for require).
  const api = pathToFileURL(require.resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  return { code: `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(script.href)}); })`, eval: true };
}

export class WorkerPool {
  readonly #options: WorkerPoolOptions;
  readonly #slots: Slot[] = [];
  readonly #queue: Task[] = [];
  #nextId = 1;
  #closed = false;
  /** Tasks completed, workers discarded because of a limit, and workers retired idle (for tests and logs). */
  completed = 0;
  discarded = 0;
  retired = 0;

  constructor(options: WorkerPoolOptions) {
    this.#options = { ...options, size: Math.max(1, Math.floor(options.size)) };
  }

  /** Runs `op(args)` in a worker; resolves with its result, rejects with its error or a {@link WorkerLimitError}. */
  run<T>(op: string, args: unknown, options: RunOptions = {}): Promise<T> {
    if (this.#closed) return Promise.reject(new Error('The worker pool is closed.'));
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ id: this.#nextId++, op, args, options, resolve: resolve as (v: unknown) => void, reject });
      this.#dispatch();
    });
  }

  /** Workers alive now. */
  get workers(): number {
    return this.#slots.length;
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const t of this.#queue.splice(0)) t.reject(new Error('The worker pool is closed.'));
    await Promise.all(this.#slots.splice(0).map((s) => this.#stop(s, new Error('The worker pool is closed.'))));
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      let slot = this.#slots.find((s) => s.task === null);
      if (!slot) {
        if (this.#slots.length >= this.#options.size) return;
        slot = this.#spawn();
      }
      const task = this.#queue.shift()!;
      if (slot.idle) clearTimeout(slot.idle);
      slot.idle = null;
      slot.task = task;
      slot.worker.ref();
      const timeoutMs = task.options.timeoutMs ?? this.#options.timeoutMs;
      const current = slot;
      slot.timer = setTimeout(() => {
        this.discarded++;
        void this.#stop(current, new WorkerLimitError('timeout', `The task ${task.op} ran longer than ${timeoutMs} ms and was stopped.`));
      }, timeoutMs);
      slot.worker.postMessage({ id: task.id, op: task.op, args: task.args });
    }
  }

  #spawn(): Slot {
    const boot = bootstrapOf(this.#options.script);
    const options = {
      workerData: this.#options.workerData,
      ...(this.#options.resourceLimits ? { resourceLimits: this.#options.resourceLimits } : {}),
      // The worker's own flags only: the parent's (tsx's, vitest's) do not apply to it.
      execArgv: [] as string[],
      stdout: false,
      stderr: false,
    };
    const worker = 'code' in boot ? new Worker(boot.code, { ...options, eval: true }) : new Worker(boot.file, options);
    const slot: Slot = { worker, task: null, timer: null, idle: null };
    worker.unref();
    worker.on('message', (msg: WorkerMessage) => this.#onMessage(slot, msg));
    worker.on('error', (error: Error & { code?: string }) => {
      const limit =
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new WorkerLimitError('memory', `The task ran out of the worker's memory limit and was stopped: ${error.message}`)
          : new WorkerLimitError('crash', `The worker failed: ${error.message}`);
      this.discarded++;
      this.#discard(slot, limit);
    });
    worker.on('exit', (code) => {
      this.#discard(slot, new WorkerLimitError('crash', `The worker exited (code ${code}).`));
    });
    this.#slots.push(slot);
    return slot;
  }

  #onMessage(slot: Slot, msg: WorkerMessage): void {
    const task = slot.task;
    if (!task || msg.id !== task.id) return;
    if (msg.type === 'progress') {
      try {
        task.options.onProgress?.(msg.value);
      } catch (error) {
        void this.#stop(slot, error instanceof Error ? error : new Error(String(error)));
      }
      return;
    }
    this.#finish(slot);
    this.completed++;
    if (msg.type === 'ok') task.resolve(msg.value);
    else task.reject(this.#options.revive ? this.#options.revive(msg.error) : reviveError(msg.error));
    this.#dispatch();
    if (slot.task === null) this.#retireWhenIdle(slot);
  }

  /** Starts the idle timer of a worker with no task: once it fires the worker is terminated. */
  #retireWhenIdle(slot: Slot): void {
    const idleMs = this.#options.idleMs ?? 0;
    if (idleMs <= 0 || this.#closed) return;
    slot.idle = setTimeout(() => {
      slot.idle = null;
      const i = this.#slots.indexOf(slot);
      if (i < 0 || slot.task !== null) return;
      this.#slots.splice(i, 1);
      this.retired++;
      void slot.worker.terminate();
    }, idleMs);
    slot.idle.unref();
  }

  /** Ends the slot's task (timer cleared, worker idle and unreferenced). */
  #finish(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.task = null;
    slot.worker.unref();
  }

  /** Removes a slot whose worker is gone, failing its task; the queue moves on with a new worker. */
  #discard(slot: Slot, error: Error): void {
    const i = this.#slots.indexOf(slot);
    if (i < 0) return;
    this.#slots.splice(i, 1);
    const task = slot.task;
    this.#finish(slot);
    if (slot.idle) clearTimeout(slot.idle);
    slot.idle = null;
    task?.reject(error);
    if (!this.#closed) this.#dispatch();
  }

  async #stop(slot: Slot, error: Error): Promise<void> {
    this.#discard(slot, error);
    await slot.worker.terminate();
  }
}

/** A plain Error carrying the worker error's name, message and fields. */
export function reviveError(payload: WorkerErrorPayload): Error {
  const error = new Error(payload.message);
  error.name = payload.name;
  Object.assign(error, payload.fields);
  return error;
}
