/**
 * Jobs kept in the database: two registries on one database play two server processes. A job
 * started by one is seen by the other (progress, result, attachment); a job whose process
 * stopped is reported failed, not lost.
 */
import { createTestDatabase, findJob, type DB } from '@mqa/db';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeAttachment, encodeAttachment, JOB_LOST, JobRegistry, type JobControl, type JobOutcome } from './jobs.ts';

let db: DB;
const registries: JobRegistry[] = [];
const registry = (options: ConstructorParameters<typeof JobRegistry>[0] = {}) => {
  const r = new JobRegistry({ db, sweepIntervalMs: 0, heartbeatMs: 0, ...options });
  registries.push(r);
  return r;
};

beforeEach(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  // Jobs that never end (a dead process) are not waited for.
  await Promise.all(registries.splice(0).map((r) => r.close(50)));
  await db.destroy();
});

/** Waits until `check` holds (polling; no timing asserted). */
async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('condition never held');
}

function controllable() {
  let control!: JobControl;
  let finish!: (o: JobOutcome) => void;
  const work = (c: JobControl) => {
    control = c;
    return new Promise<JobOutcome>((resolve) => {
      finish = resolve;
    });
  };
  return { work, control: () => control, finish: (o: JobOutcome) => finish(o) };
}

describe('jobs shared through the database', () => {
  it('keeps Buffers inside an attachment through the encoding', () => {
    const value = { pdf: Buffer.from([0, 1, 2, 255]), year: 2027, nested: { file: Buffer.from('表格') }, list: [1, 'a'] };
    const back = decodeAttachment(encodeAttachment(value)) as typeof value;
    expect(Buffer.isBuffer(back.pdf)).toBe(true);
    expect([...back.pdf]).toEqual([0, 1, 2, 255]);
    expect(back.nested.file.toString()).toBe('表格');
    expect(back.year).toBe(2027);
    expect(back.list).toEqual([1, 'a']);
    expect(encodeAttachment(undefined)).toBeNull();
  });

  it('a started job is in the database once stored() resolves: another process finds it at once', async () => {
    const a = registry();
    const b = registry();
    const w = controllable();
    const job = a.start('import', 7, 'parse', w.work);
    await a.stored(job.id);
    // No polling: the first look from the other process finds it (what a 202 promises).
    const seen = await b.find(job.id, 7);
    expect(seen?.phase).toBe('parse');
    expect(seen?.done).toBe(false);
    w.finish({ result: { ok: true }, status: 200 });
    await until(async () => (await b.find(job.id, 7))!.done);
    // Without a database there is nothing to wait for.
    const alone = new JobRegistry({ sweepIntervalMs: 0, heartbeatMs: 0 });
    registries.push(alone);
    await expect(alone.stored('no-such-job')).resolves.toBeUndefined();
  });

  it('a job started in one process is followed and collected from another', async () => {
    const a = registry();
    const b = registry();
    const w = controllable();
    const job = a.start('report', 7, 'queued', w.work);
    await until(async () => (await b.find(job.id, 7)) !== undefined);
    const seen = (await b.find(job.id, 7))!;
    expect(seen.done).toBe(false);
    expect(b.view(seen).phase).toBe('queued');
    // Someone else's job does not exist for them, in any process.
    expect(await b.find(job.id, 8)).toBeUndefined();

    w.control().progress(0.5, 'rendering');
    await until(async () => (await b.find(job.id, 7))!.fraction === 0.5);
    expect((await b.find(job.id, 7))!.phase).toBe('rendering');

    w.finish({ result: { bytes: 4 }, status: 200, attachment: { pdf: Buffer.from('%PDF'), year: 2027 } });
    await until(async () => (await b.find(job.id, 7))!.done);
    const done = (await b.find(job.id, 7))!;
    expect(b.view(done)).toMatchObject({ id: job.id, kind: 'report', done: true, fraction: 1, result: { bytes: 4 }, status: 200 });
    expect((done.attachment as { pdf: Buffer }).pdf.toString()).toBe('%PDF');
  });

  it('a failed job reports its error in the other process too', async () => {
    const a = registry();
    const b = registry();
    const job = a.start('scores', 7, 'reading', () => Promise.reject(new Error('boom')));
    await until(async () => (await b.find(job.id, 7))?.done === true);
    expect(b.view((await b.find(job.id, 7))!).error?.code).toBe('INTERNAL');
  });

  it('a running job whose process stopped is reported failed, at start-up and when asked for', async () => {
    let now = Date.parse('2027-03-01T08:00:00Z');
    const a = registry({ now: () => now });
    const job = a.start('scores', 7, 'reading', () => new Promise<JobOutcome>(() => {}));
    await until(async () => (await findJob(db, job.id)) !== undefined);
    // Process a stops writing (it died); two minutes later another process looks.
    now += 120_000;
    const b = registry({ now: () => now });
    const lost = (await b.find(job.id, 7))!;
    expect(lost.done).toBe(true);
    expect(b.view(lost).error).toEqual({ code: 'JOB_LOST', message: JOB_LOST });
    // A restarted process marks such jobs at start-up as well.
    const other = a.start('scores', 7, 'reading', () => new Promise<JobOutcome>(() => {}));
    await until(async () => (await findJob(db, other.id)) !== undefined);
    now += 120_000;
    expect(await registry({ now: () => now }).recoverLost()).toBe(1);
    expect((await findJob(db, other.id))!.error).toContain('JOB_LOST');
  });

  it('a heartbeat keeps a long job alive', async () => {
    let now = Date.parse('2027-03-01T08:00:00Z');
    const a = registry({ now: () => now, heartbeatMs: 5 });
    const job = a.start('report', 7, 'rendering', () => new Promise<JobOutcome>(() => {}));
    await until(async () => (await findJob(db, job.id)) !== undefined);
    now += 50_000;
    await until(async () => (await findJob(db, job.id))!.updated_at === new Date(now).toISOString());
    now += 50_000;
    const b = registry({ now: () => now });
    expect((await b.find(job.id, 7))!.done).toBe(false);
  });
});
