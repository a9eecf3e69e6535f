/**
 * Registry of long-running jobs (asynchronous imports, PDF rendering of the committee pack). A
 * job belongs to the user who started it: anyone else is told it does not exist. A finished job
 * (done or failed) is kept for `ttlMs` (15 minutes by default) after it finished, then forgotten
 * together with anything attached to it (the uploaded file, the rendered PDF).
 *
 * A job runs in the process that started it and is held in its memory. With a database
 * (`db`), its state is also written to the `jobs` table — at start, as it progresses (at most
 * twice a second), with a heartbeat every 15 s, and in full when it ends — so that every server
 * process on the same database can report its progress and serve its result, and a job whose
 * process stopped (no heartbeat for a minute) is marked failed rather than lost. The limit of
 * unfinished jobs per user is kept by each process.
 */
import { randomBytes } from 'node:crypto';
import { failStaleJobs, findJob, deleteFinishedJobs, saveJob, touchJobs, updateJobProgress, type DB, type JobRow } from '@mqa/db';

export interface LocalizedMessage {
  zh: string;
  en: string;
}

/** Why a job failed: a code, a bilingual message, and the HTTP status the failure maps to. */
export class JobFailure extends Error {
  readonly code: string;
  readonly text: LocalizedMessage;
  readonly status: number;
  constructor(status: number, code: string, text: LocalizedMessage) {
    super(text.en);
    this.name = 'JobFailure';
    this.status = status;
    this.code = code;
    this.text = text;
  }
}

/** What `GET /api/jobs/:id` answers. */
export interface JobView {
  id: string;
  kind: string;
  phase: string;
  /** 0..1, never decreasing. */
  fraction: number;
  done: boolean;
  /** When done without error: the job's result (for imports, exactly the synchronous route's body). */
  result?: unknown;
  /** HTTP status the synchronous route would have answered with this result (imports: 200, 400, 413 or 422). */
  status?: number;
  /** When the job failed. */
  error?: { code: string; message: LocalizedMessage };
  createdAt: string;
  finishedAt?: string;
}

/** The handle a job's work receives to report its progress. */
export interface JobControl {
  /** The job's id. */
  readonly id: string;
  /** Moves the job on; fractions are clamped to 0..1 and never go back. */
  progress(fraction: number, phase: string): void;
}

export interface Job {
  readonly id: string;
  readonly kind: string;
  readonly ownerId: number;
  phase: string;
  fraction: number;
  done: boolean;
  result?: unknown;
  status?: number;
  error?: { code: string; message: LocalizedMessage; status: number };
  /** Server-side data kept with the job until it expires (never sent as JSON). */
  attachment?: unknown;
  readonly createdAt: number;
  finishedAt?: number;
}

/** What a job's work resolves to. */
export interface JobOutcome {
  result: unknown;
  /** HTTP status that goes with the result (default 200). */
  status?: number;
  attachment?: unknown;
}

/**
 * A reserved place among a user's unfinished jobs, taken before the slow part of a request (an
 * upload being read): `start` turns it into the job, `release` gives it back (idempotent; a
 * started slot is released when its job finishes).
 */
export interface JobSlot {
  start(initialPhase: string, work: (control: JobControl) => Promise<JobOutcome>): Job;
  release(): void;
}

export interface JobRegistryOptions {
  /** How long a finished job is kept (default 15 minutes). */
  ttlMs?: number;
  /** Most unfinished jobs one user may have at once (default 4). */
  maxActivePerUser?: number;
  /** Clock (tests). */
  now?: () => number;
  /** Called with errors that are not a {@link JobFailure} (they are reported to the user as an internal error). */
  onUnexpectedError?: (job: Job, error: unknown) => void;
  /** Sweep interval for expired jobs (default 60 s; 0: only when the registry is used). */
  sweepIntervalMs?: number;
  /** The database the jobs are also kept in, for other server processes (default: memory only). */
  db?: DB;
  /** A running job whose process has not written for this long is taken as lost (default 60 s). */
  lostAfterMs?: number;
  /** Heartbeat interval of this process's running jobs (default 15 s; 0: none). */
  heartbeatMs?: number;
}

/** The error a job gets when the process running it stopped. */
export const JOB_LOST: LocalizedMessage = {
  zh: '运行该任务的服务器进程在任务完成前停止了，请重新提交。',
  en: 'The server process running this job stopped before it finished; please submit it again.',
};

/** Buffers inside a job's attachment survive the round trip through JSON as `{ $b64 }`. */
export function encodeAttachment(value: unknown): Buffer | null {
  if (value === undefined) return null;
  return Buffer.from(
    JSON.stringify(value, function (this: Record<string, unknown>, key, v: unknown) {
      const raw = this[key];
      return Buffer.isBuffer(raw) ? { $b64: raw.toString('base64') } : v;
    }),
  );
}

export function decodeAttachment(data: Buffer | Uint8Array | null): unknown {
  if (!data) return undefined;
  return JSON.parse(Buffer.from(data).toString('utf8'), (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as { $b64?: unknown }).$b64 === 'string'
      ? Buffer.from((v as { $b64: string }).$b64, 'base64')
      : v,
  );
}

export const TOO_MANY_JOBS: LocalizedMessage = {
  zh: '您已有多项任务正在进行，请等它们完成后再试。',
  en: 'You already have several jobs running; wait for them to finish and try again.',
};

const INTERNAL: LocalizedMessage = { zh: '任务因服务器内部错误而失败。', en: 'The job failed with an internal server error.' };

export class JobRegistry {
  readonly ttlMs: number;
  readonly #maxActive: number;
  readonly #now: () => number;
  readonly #onUnexpected: JobRegistryOptions['onUnexpectedError'];
  readonly #jobs = new Map<string, Job>();
  /** Reserved slots not started yet, per user. */
  readonly #reserved = new Map<number, number>();
  readonly #running = new Set<Promise<void>>();
  readonly #timer: NodeJS.Timeout | null;
  readonly #heartbeat: NodeJS.Timeout | null;
  readonly #db: DB | undefined;
  readonly #lostAfterMs: number;
  /** Pending writes of each job, chained so they land in order. */
  readonly #writes = new Map<string, Promise<void>>();
  readonly #savedAt = new Map<string, number>();
  /** This process, as the `jobs` table names it. */
  readonly processId = randomBytes(8).toString('hex');

  constructor(options: JobRegistryOptions = {}) {
    this.ttlMs = options.ttlMs ?? 15 * 60_000;
    this.#maxActive = options.maxActivePerUser ?? 4;
    this.#now = options.now ?? Date.now;
    this.#onUnexpected = options.onUnexpectedError;
    this.#db = options.db;
    this.#lostAfterMs = options.lostAfterMs ?? 60_000;
    const every = options.sweepIntervalMs ?? 60_000;
    this.#timer =
      every > 0
        ? setInterval(() => {
            this.sweep();
            void this.#sweepStored();
          }, every)
        : null;
    this.#timer?.unref();
    const beat = options.heartbeatMs ?? 15_000;
    this.#heartbeat = this.#db && beat > 0 ? setInterval(() => void this.#beat(), beat) : null;
    this.#heartbeat?.unref();
  }

  /** Queues a write of a job's state to the database, after the ones before it. */
  #write(id: string, write: (db: DB) => Promise<void>): Promise<void> {
    const db = this.#db;
    if (!db) return Promise.resolve();
    const next = (this.#writes.get(id) ?? Promise.resolve())
      .then(() => write(db))
      .catch((error: unknown) => this.#onUnexpected?.({ id, kind: 'store', ownerId: 0 } as Job, error));
    this.#writes.set(id, next);
    void next.finally(() => {
      if (this.#writes.get(id) === next) this.#writes.delete(id);
    });
    return next;
  }

  #row(job: Job) {
    const iso = (t: number | undefined) => (t === undefined ? null : new Date(t).toISOString());
    return {
      id: job.id,
      kind: job.kind,
      owner_id: job.ownerId,
      process_id: this.processId,
      phase: job.phase,
      fraction: job.fraction,
      done: job.done ? 1 : 0,
      status: job.done ? (job.error?.status ?? job.status ?? 200) : null,
      result: job.done && !job.error ? JSON.stringify(job.result ?? null) : null,
      error: job.error ? JSON.stringify(job.error) : null,
      attachment: job.done ? encodeAttachment(job.attachment) : null,
      created_at: new Date(job.createdAt).toISOString(),
      updated_at: new Date(this.#now()).toISOString(),
      finished_at: iso(job.finishedAt),
    };
  }

  async #beat(): Promise<void> {
    const ids = [...this.#jobs.values()].filter((j) => !j.done).map((j) => j.id);
    if (ids.length === 0 || !this.#db) return;
    try {
      await touchJobs(this.#db, ids, new Date(this.#now()).toISOString());
    } catch (error) {
      this.#onUnexpected?.({ id: 'heartbeat', kind: 'store', ownerId: 0 } as Job, error);
    }
  }

  async #sweepStored(): Promise<void> {
    if (!this.#db) return;
    try {
      await deleteFinishedJobs(this.#db, new Date(this.#now() - this.ttlMs).toISOString());
    } catch (error) {
      this.#onUnexpected?.({ id: 'sweep', kind: 'store', ownerId: 0 } as Job, error);
    }
  }

  /**
   * Marks failed the stored jobs whose process stopped (no write for `lostAfterMs`): call at
   * start-up. Returns how many.
   */
  async recoverLost(): Promise<number> {
    if (!this.#db) return 0;
    const now = this.#now();
    return failStaleJobs(
      this.#db,
      new Date(now - this.#lostAfterMs).toISOString(),
      JSON.stringify({ code: 'JOB_LOST', message: JOB_LOST, status: 500 }),
      new Date(now).toISOString(),
    );
  }

  /** Number of jobs held (running and finished, not yet expired). */
  get size(): number {
    return this.#jobs.size;
  }

  /** Unfinished jobs of a user, reserved slots included. */
  activeCount(userId: number): number {
    let n = this.#reserved.get(userId) ?? 0;
    for (const j of this.#jobs.values()) if (j.ownerId === userId && !j.done) n++;
    return n;
  }

  /**
   * Reserves one of the user's job slots now, atomically (the check and the reservation happen
   * in one synchronous step, so concurrent requests cannot all pass the check before any of
   * them counts). Throws a {@link JobFailure} (429) when the user already has the maximum number
   * of unfinished or reserved jobs.
   */
  reserve(kind: string, ownerId: number): JobSlot {
    this.sweep();
    if (this.activeCount(ownerId) >= this.#maxActive) throw new JobFailure(429, 'TOO_MANY_JOBS', TOO_MANY_JOBS);
    this.#reserved.set(ownerId, (this.#reserved.get(ownerId) ?? 0) + 1);
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      const n = (this.#reserved.get(ownerId) ?? 1) - 1;
      if (n > 0) this.#reserved.set(ownerId, n);
      else this.#reserved.delete(ownerId);
    };
    return {
      release,
      start: (initialPhase, work) => {
        if (!held) throw new Error('This job slot was released or already started.');
        release();
        return this.#launch(kind, ownerId, initialPhase, work);
      },
    };
  }

  /**
   * Starts `work` as a job of `ownerId`. Throws a {@link JobFailure} (429) when the user already
   * has the maximum number of unfinished jobs.
   */
  start(kind: string, ownerId: number, initialPhase: string, work: (control: JobControl) => Promise<JobOutcome>): Job {
    return this.reserve(kind, ownerId).start(initialPhase, work);
  }

  #launch(kind: string, ownerId: number, initialPhase: string, work: (control: JobControl) => Promise<JobOutcome>): Job {
    const job: Job = {
      id: randomBytes(16).toString('base64url'),
      kind,
      ownerId,
      phase: initialPhase,
      fraction: 0,
      done: false,
      createdAt: this.#now(),
    };
    this.#jobs.set(job.id, job);
    void this.#write(job.id, (db) => saveJob(db, this.#row(job)));
    const control: JobControl = {
      id: job.id,
      progress: (fraction, phase) => {
        if (job.done) return;
        const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : job.fraction;
        job.fraction = Math.max(job.fraction, f);
        job.phase = phase;
        const t = this.#now();
        if (this.#db && t - (this.#savedAt.get(job.id) ?? 0) >= 500) {
          this.#savedAt.set(job.id, t);
          const { fraction: fr, phase: ph } = job;
          void this.#write(job.id, (db) => updateJobProgress(db, job.id, ph, fr, new Date(t).toISOString()));
        }
      },
    };
    const run = (async () => {
      try {
        const outcome = await work(control);
        job.result = outcome.result;
        job.status = outcome.status ?? 200;
        job.attachment = outcome.attachment;
        job.fraction = 1;
        job.phase = 'done';
      } catch (error) {
        if (error instanceof JobFailure) job.error = { code: error.code, message: error.text, status: error.status };
        else {
          job.error = { code: 'INTERNAL', message: INTERNAL, status: 500 };
          this.#onUnexpected?.(job, error);
        }
        job.phase = 'failed';
      } finally {
        job.done = true;
        job.finishedAt = this.#now();
        this.#savedAt.delete(job.id);
        await this.#write(job.id, (db) => saveJob(db, this.#row(job)));
      }
    })();
    this.#running.add(run);
    void run.finally(() => this.#running.delete(run));
    return job;
  }

  /**
   * Resolves once the job's state written so far is in the database (at once without one): a
   * 202 answered before the job's row exists sent a client polling another process on the same
   * database to a 404.
   */
  stored(id: string): Promise<void> {
    return this.#writes.get(id) ?? Promise.resolve();
  }

  /** The job, when it exists, has not expired and belongs to `userId`; otherwise undefined. */
  get(id: string, userId: number): Job | undefined {
    this.sweep();
    const job = this.#jobs.get(id);
    return job && job.ownerId === userId ? job : undefined;
  }

  /**
   * The job of `userId`, held by this process or (with a database) by another one on the same
   * database; undefined when it does not exist, has expired or belongs to someone else.
   */
  async find(id: string, userId: number): Promise<Job | undefined> {
    const local = this.get(id, userId);
    if (local || !this.#db) return local;
    let row = await findJob(this.#db, id);
    if (!row || row.owner_id !== userId) return undefined;
    if (!row.done && Date.parse(row.updated_at) < this.#now() - this.#lostAfterMs) {
      await this.recoverLost();
      row = (await findJob(this.#db, id)) ?? row;
    }
    const job = jobOfRow(row);
    if (job.done && job.finishedAt! <= this.#now() - this.ttlMs) return undefined;
    return job;
  }

  /** The public JSON view of a job. */
  view(job: Job): JobView {
    const v: JobView = {
      id: job.id,
      kind: job.kind,
      phase: job.phase,
      fraction: Math.round(job.fraction * 1000) / 1000,
      done: job.done,
      createdAt: new Date(job.createdAt).toISOString(),
    };
    if (job.done && !job.error) {
      v.result = job.result;
      v.status = job.status;
    }
    if (job.error) v.error = { code: job.error.code, message: job.error.message };
    if (job.finishedAt !== undefined) v.finishedAt = new Date(job.finishedAt).toISOString();
    return v;
  }

  /** Forgets finished jobs older than the time to live. */
  sweep(): void {
    const limit = this.#now() - this.ttlMs;
    for (const [id, job] of this.#jobs) if (job.done && job.finishedAt! <= limit) this.#jobs.delete(id);
  }

  /** Waits until the running jobs finish (at most `timeoutMs`), stops the sweeper. */
  async close(timeoutMs = 10_000): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    if (this.#running.size === 0) {
      await Promise.allSettled(this.#writes.values());
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled(this.#running),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
        timer.unref();
      }),
    ]);
    clearTimeout(timer);
  }
}

/** A job another process wrote (or this one, before a restart) as the registry holds jobs. */
function jobOfRow(row: JobRow): Job {
  const error = row.error ? (JSON.parse(row.error) as Job['error']) : undefined;
  return {
    id: row.id,
    kind: row.kind,
    ownerId: row.owner_id,
    phase: row.phase,
    fraction: row.fraction,
    done: row.done === 1,
    ...(row.done === 1 && !error ? { result: row.result === null ? null : (JSON.parse(row.result) as unknown), status: row.status ?? 200 } : {}),
    ...(error ? { error } : {}),
    attachment: decodeAttachment(row.attachment),
    createdAt: Date.parse(row.created_at),
    ...(row.finished_at ? { finishedAt: Date.parse(row.finished_at) } : {}),
  };
}
