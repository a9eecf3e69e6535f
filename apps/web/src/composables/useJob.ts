import { computed, getCurrentScope, onScopeDispose, ref, shallowRef } from 'vue';
import type { LocalizedText } from '../i18n/index.ts';
import { requestJson, type FetchLike } from '../api/files.ts';

/** What `GET /api/jobs/:id` answers (apps/server src/jobs.ts). */
export interface JobView<R = unknown> {
  id: string;
  kind: string;
  phase: string;
  /** 0..1, never decreasing. */
  fraction: number;
  done: boolean;
  /** HTTP status the synchronous route would have answered (imports). */
  status?: number;
  result?: R;
  error?: { code: string; message: LocalizedText };
}

export interface PollOptions<R> {
  fetch?: FetchLike;
  /** Time between two polls (default 300 ms). */
  intervalMs?: number;
  signal?: AbortSignal;
  /** Called with every answer, the last (done) one included. */
  onUpdate?: (job: JobView<R>) => void;
  /** Waits `ms` (tests pass a fake); rejects when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

function abortError(): Error {
  const e = new Error('The job poll was cancelled');
  e.name = 'AbortError';
  return e;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export const isAbort = (e: unknown): boolean => e instanceof Error && e.name === 'AbortError';

/**
 * Polls a job until it is done and resolves to its last view (which carries `result` or
 * `error`). An answer that is not 2xx (e.g. 404 for an expired job) rejects with an `ApiError`.
 */
export async function pollJob<R = unknown>(id: string, opts: PollOptions<R> = {}): Promise<JobView<R>> {
  const wait = opts.sleep ?? sleep;
  const interval = opts.intervalMs ?? 300;
  const url = `/api/jobs/${encodeURIComponent(id)}`;
  for (;;) {
    if (opts.signal?.aborted) throw abortError();
    const { body } = await requestJson<JobView<R>>(url, opts.signal ? { signal: opts.signal } : {}, opts.fetch);
    opts.onUpdate?.(body);
    if (body.done) return body;
    await wait(interval, opts.signal);
  }
}

/**
 * A job started from a page, with its progress as reactive state for an `el-progress`:
 * `run(start)` calls `start()` (which uploads / requests and resolves to the job id), then polls
 * the job every ~300 ms until it is done. Unmounting the page (or `cancel()`) stops polling.
 */
export function useJob<R = unknown>(options: Omit<PollOptions<R>, 'onUpdate' | 'signal'> = {}) {
  const running = ref(false);
  const phase = ref<string | null>(null);
  const fraction = ref(0);
  const job = shallowRef<JobView<R> | null>(null);
  /** What went wrong: the job's own error, or the error thrown while starting / polling it. */
  const failure = shallowRef<{ text: LocalizedText | null; error: unknown } | null>(null);
  let controller: AbortController | null = null;

  const percent = computed(() => Math.round(Math.min(1, Math.max(0, fraction.value)) * 100));

  function cancel(): void {
    controller?.abort();
    controller = null;
    running.value = false;
  }

  function reset(): void {
    cancel();
    phase.value = null;
    fraction.value = 0;
    job.value = null;
    failure.value = null;
  }

  /** Runs a job to its end; resolves to its final view, or null on failure / cancellation. */
  async function run(start: () => Promise<string>, initialPhase = 'queued'): Promise<JobView<R> | null> {
    reset();
    const mine = new AbortController();
    controller = mine;
    running.value = true;
    phase.value = initialPhase;
    try {
      const id = await start();
      if (mine.signal.aborted) return null;
      const last = await pollJob<R>(id, {
        ...options,
        signal: mine.signal,
        onUpdate: (v) => {
          if (mine.signal.aborted) return;
          job.value = v;
          phase.value = v.phase;
          fraction.value = Math.max(fraction.value, v.fraction);
        },
      });
      if (last.error) {
        failure.value = { text: last.error.message, error: last.error };
        return null;
      }
      return last;
    } catch (error) {
      if (isAbort(error) || mine.signal.aborted) return null;
      failure.value = { text: null, error };
      return null;
    } finally {
      if (controller === mine) {
        controller = null;
        running.value = false;
      }
    }
  }

  if (getCurrentScope()) onScopeDispose(cancel);

  return { running, phase, fraction, percent, job, failure, run, cancel, reset };
}
