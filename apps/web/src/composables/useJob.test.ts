import { describe, expect, it } from 'vitest';
import { effectScope } from 'vue';
import { ApiError, type FetchLike } from '../api/files.ts';
import { pollJob, useJob, type JobView } from './useJob.ts';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** A fake server: answers each GET /api/jobs/:id with the next view of the script. */
function fakeJobs(script: (JobView | { status: number; body: unknown })[]) {
  const calls: { url: string; init?: RequestInit }[] = [];
  let i = 0;
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, ...(init ? { init } : {}) });
    const step = script[Math.min(i++, script.length - 1)]!;
    return 'body' in step && 'status' in step && !('id' in step) ? json(step.status, step.body) : json(200, step);
  };
  return { fetch, calls };
}

const view = (phase: string, fraction: number, extra: Partial<JobView> = {}): JobView => ({
  id: 'job1',
  kind: 'scores',
  phase,
  fraction,
  done: false,
  ...extra,
});
const noWait = async () => {};

describe('pollJob', () => {
  it('polls until the job is done, reporting every view, with the session cookie', async () => {
    const server = fakeJobs([view('parse', 0.1), view('validate', 0.5), view('done', 1, { done: true, status: 200, result: { outcome: 'preview' } })]);
    const seen: string[] = [];
    const waits: number[] = [];
    const last = await pollJob('job1', {
      fetch: server.fetch,
      intervalMs: 300,
      sleep: async (ms) => void waits.push(ms),
      onUpdate: (v) => seen.push(`${v.phase}:${v.fraction}`),
    });
    expect(seen).toEqual(['parse:0.1', 'validate:0.5', 'done:1']);
    expect(waits).toEqual([300, 300]);
    expect(last.result).toEqual({ outcome: 'preview' });
    expect(server.calls.map((c) => c.url)).toEqual(['/api/jobs/job1', '/api/jobs/job1', '/api/jobs/job1']);
    expect(server.calls.every((c) => c.init?.credentials === 'include')).toBe(true);
  });

  it('rejects with the server’s bilingual error when the job is unknown', async () => {
    const server = fakeJobs([{ status: 404, body: { code: 'JOB_NOT_FOUND', message: { zh: '找不到该任务', en: 'No such job' } } }]);
    const err = await pollJob('gone', { fetch: server.fetch, sleep: noWait }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(404);
    expect((err as ApiError).code).toBe('JOB_NOT_FOUND');
    expect((err as ApiError).text).toEqual({ zh: '找不到该任务', en: 'No such job' });
  });

  it('stops when aborted', async () => {
    const server = fakeJobs([view('parse', 0.1)]);
    const ctl = new AbortController();
    const p = pollJob('job1', { fetch: server.fetch, signal: ctl.signal, sleep: async () => ctl.abort() });
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    expect(server.calls.length).toBe(1);
  });
});

describe('useJob', () => {
  it('moves phase and percent with the job, never backwards, and ends with the result', async () => {
    const server = fakeJobs([
      view('parse', 0.2),
      view('validate', 0.6),
      // A late answer with a smaller fraction must not move the bar back.
      view('validate', 0.5),
      view('done', 1, { done: true, status: 422, result: { outcome: 'invalid' } }),
    ]);
    const percents: number[] = [];
    const phases: string[] = [];
    const job = useJob<{ outcome: string }>({
      fetch: server.fetch,
      sleep: async () => {
        percents.push(job.percent.value);
        phases.push(job.phase.value!);
      },
    });
    const startedWith: string[] = [];
    const out = await job.run(async () => {
      startedWith.push(job.phase.value!);
      expect(job.running.value).toBe(true);
      return 'job1';
    }, 'parse');
    expect(startedWith).toEqual(['parse']);
    expect(percents).toEqual([20, 60, 60]);
    expect(phases).toEqual(['parse', 'validate', 'validate']);
    expect(out?.result).toEqual({ outcome: 'invalid' });
    expect(out?.status).toBe(422);
    expect(job.percent.value).toBe(100);
    expect(job.phase.value).toBe('done');
    expect(job.running.value).toBe(false);
    expect(job.failure.value).toBeNull();
  });

  it('reports a failed job with its zh/en message', async () => {
    const error = { code: 'REPORT_TIMEOUT', message: { zh: '报告页面未完成渲染', en: 'The report page did not finish rendering' } };
    const server = fakeJobs([view('render', 0.4), view('failed', 0.4, { done: true, error })]);
    const job = useJob({ fetch: server.fetch, sleep: noWait });
    const out = await job.run(async () => 'job1');
    expect(out).toBeNull();
    expect(job.failure.value?.text).toEqual(error.message);
    expect(job.phase.value).toBe('failed');
    expect(job.running.value).toBe(false);
  });

  it('reports an error thrown while starting (e.g. the upload is refused)', async () => {
    const job = useJob({ sleep: noWait });
    const refused = new ApiError(413, 'too_large', { zh: '文件过大', en: 'The file is too large' }, null);
    const out = await job.run(async () => {
      throw refused;
    });
    expect(out).toBeNull();
    expect(job.failure.value?.error).toBe(refused);
    expect(job.running.value).toBe(false);
  });

  it('stops polling when its scope (the page) goes away', async () => {
    const server = fakeJobs([view('parse', 0.1)]);
    const scope = effectScope();
    let polls = 0;
    const job = scope.run(() =>
      useJob({
        fetch: server.fetch,
        sleep: async (_ms, signal) => {
          polls++;
          if (polls === 2) scope.stop();
          if (signal?.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
        },
      }),
    )!;
    const out = await job.run(async () => 'job1');
    expect(out).toBeNull();
    expect(job.failure.value).toBeNull();
    expect(server.calls.length).toBe(2);
    expect(job.running.value).toBe(false);
  });
});
