/** The worker side of {@link WorkerPool}: answers `{ id, op, args }` messages with the handler's result. */
import { parentPort } from 'node:worker_threads';
import type { WorkerErrorPayload, WorkerMessage } from './pool.ts';

/** A task handler; `progress` sends a progress value to the task's `onProgress`. */
export type TaskHandler = (args: never, progress: (value: unknown) => void) => unknown;

export function errorPayload(error: unknown): WorkerErrorPayload {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(error)) {
    try {
      structuredClone(v);
      fields[k] = v;
    } catch {
      // A field that cannot travel is left behind.
    }
  }
  return { name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}), fields };
}

/** Serves the pool's tasks on this worker thread, one at a time (the pool sends one at a time). */
export function serveTasks(handlers: Record<string, TaskHandler>): void {
  const port = parentPort;
  if (!port) throw new Error('serveTasks runs in a worker thread only.');
  port.on('message', (msg: { id: number; op: string; args: unknown }) => {
    const send = (m: WorkerMessage) => port.postMessage(m);
    const handler = handlers[msg.op];
    void (async () => {
      try {
        if (!handler) throw new Error(`Unknown worker task: ${msg.op}`);
        const value = await handler(msg.args as never, (v) => send({ id: msg.id, type: 'progress', value: v }));
        send({ id: msg.id, type: 'ok', value });
      } catch (error) {
        send({ id: msg.id, type: 'error', error: errorPayload(error) });
      }
    })();
  });
}
