import { afterEach, describe, expect, it } from 'vitest';
import { JobFailure, JobRegistry, type JobControl, type JobOutcome } from './jobs.ts';

/** A job whose progress and end the test drives. */
function controllable() {
  let control!: JobControl;
  let finish!: (o: JobOutcome) => void;
  let fail!: (e: unknown) => void;
  const work = (c: JobControl) => {
    control = c;
    return new Promise<JobOutcome>((resolve, reject) => {
      finish = resolve;
      fail = reject;
    });
  };
  return { work, control: () => control, finish: (o: JobOutcome) => finish(o), fail: (e: unknown) => fail(e) };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

let registry: JobRegistry;
afterEach(async () => {
  await registry?.close(10);
});

describe('JobRegistry', () => {
  it('reports progress (clamped, never backwards), then the result', async () => {
    registry = new JobRegistry({ sweepIntervalMs: 0 });
    const c = controllable();
    const job = registry.start('scores', 1, 'parse', c.work);
    expect(registry.view(job)).toMatchObject({ id: job.id, kind: 'scores', phase: 'parse', fraction: 0, done: false });
    expect(registry.view(job)).not.toHaveProperty('result');

    c.control().progress(0.25, 'parse');
    expect(registry.view(job)).toMatchObject({ phase: 'parse', fraction: 0.25 });
    c.control().progress(0.1, 'validate');
    expect(registry.view(job)).toMatchObject({ phase: 'validate', fraction: 0.25 });
    c.control().progress(7, 'write');
    expect(registry.view(job).fraction).toBe(1);

    c.finish({ result: { outcome: 'committed' }, status: 200, attachment: Buffer.from('kept') });
    await tick();
    const view = registry.view(job);
    expect(view).toMatchObject({ phase: 'done', fraction: 1, done: true, result: { outcome: 'committed' }, status: 200 });
    expect(view.finishedAt).toEqual(expect.any(String));
    // The attachment stays on the server.
    expect(JSON.stringify(view)).not.toContain('kept');
    expect(registry.get(job.id, 1)?.attachment).toEqual(Buffer.from('kept'));
    // Progress after the end changes nothing.
    c.control().progress(0.5, 'parse');
    expect(registry.view(job).phase).toBe('done');
  });

  it('turns a JobFailure into its code and message, anything else into an internal error', async () => {
    const unexpected: unknown[] = [];
    registry = new JobRegistry({ sweepIntervalMs: 0, onUnexpectedError: (_job, e) => unexpected.push(e) });
    const a = controllable();
    const b = controllable();
    const ja = registry.start('report', 1, 'queued', a.work);
    const jb = registry.start('report', 1, 'queued', b.work);
    a.fail(new JobFailure(504, 'REPORT_TIMEOUT', { zh: '超时', en: 'Timed out' }));
    b.fail(new Error('disk on fire'));
    await tick();
    expect(registry.view(ja)).toMatchObject({ done: true, phase: 'failed', error: { code: 'REPORT_TIMEOUT', message: { zh: '超时', en: 'Timed out' } } });
    expect(registry.view(ja)).not.toHaveProperty('result');
    expect(ja.error?.status).toBe(504);
    expect(registry.view(jb).error?.code).toBe('INTERNAL');
    expect(registry.view(jb).error?.message.zh).toMatch(/服务器/);
    expect(jb.error?.status).toBe(500);
    expect(unexpected).toHaveLength(1);
    expect((unexpected[0] as Error).message).toBe('disk on fire');
  });

  it('shows a job to its owner only', () => {
    registry = new JobRegistry({ sweepIntervalMs: 0 });
    const job = registry.start('scores', 7, 'parse', controllable().work);
    expect(registry.get(job.id, 7)).toBe(job);
    expect(registry.get(job.id, 8)).toBeUndefined();
    expect(registry.get('no-such-job', 7)).toBeUndefined();
  });

  it('forgets finished jobs after the time to live, never running ones', async () => {
    let now = 1_000_000;
    registry = new JobRegistry({ ttlMs: 15 * 60_000, now: () => now, sweepIntervalMs: 0 });
    const finished = controllable();
    const running = controllable();
    const f = registry.start('scores', 1, 'parse', finished.work);
    const r = registry.start('applications', 1, 'parse', running.work);
    now += 60_000;
    finished.finish({ result: 1 });
    await tick();
    expect(f.finishedAt).toBe(now);
    now += 15 * 60_000 - 1;
    expect(registry.get(f.id, 1)).toBe(f);
    now += 1;
    expect(registry.get(f.id, 1)).toBeUndefined();
    expect(registry.size).toBe(1);
    now += 24 * 3600_000;
    expect(registry.get(r.id, 1)).toBe(r);
  });

  it('limits the unfinished jobs of one user', async () => {
    registry = new JobRegistry({ maxActivePerUser: 2, sweepIntervalMs: 0 });
    const a = controllable();
    registry.start('scores', 1, 'parse', a.work);
    registry.start('scores', 1, 'parse', controllable().work);
    let refused: unknown;
    try {
      registry.start('scores', 1, 'parse', controllable().work);
    } catch (e) {
      refused = e;
    }
    expect(refused).toBeInstanceOf(JobFailure);
    expect((refused as JobFailure).status).toBe(429);
    expect((refused as JobFailure).code).toBe('TOO_MANY_JOBS');
    // Another user is not affected; a finished job frees a place.
    expect(() => registry.start('scores', 2, 'parse', controllable().work)).not.toThrow();
    a.finish({ result: null });
    await tick();
    expect(() => registry.start('scores', 1, 'parse', controllable().work)).not.toThrow();
  });

  it('close() waits for running jobs', async () => {
    registry = new JobRegistry({ sweepIntervalMs: 0 });
    const c = controllable();
    const job = registry.start('scores', 1, 'parse', c.work);
    let closed = false;
    const closing = registry.close(5000).then(() => (closed = true));
    await tick();
    expect(closed).toBe(false);
    c.finish({ result: 'x' });
    await closing;
    expect(job.done).toBe(true);
  });
});
