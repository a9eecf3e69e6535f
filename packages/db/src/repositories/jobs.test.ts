import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../connection.ts';
import { failStaleJobs, findJob, saveJob, touchJobs } from './jobs.ts';

describe('jobs table', async () => {
  const db = await createTestDatabase();
  afterAll(() => db.destroy());
  const row = (id: string, updated: string) => ({
    id,
    kind: 'report',
    owner_id: 7,
    process_id: 'p1',
    phase: 'rendering',
    fraction: 0,
    done: 0,
    status: null,
    result: null,
    error: null,
    attachment: null,
    created_at: '2027-03-01T08:00:00.000Z',
    updated_at: updated,
    finished_at: null,
  });

  it('a late heartbeat never moves a running job back in time, so it is not taken for stale', async () => {
    await saveJob(db, row('j1', '2027-03-01T08:00:00.000Z'));
    await touchJobs(db, ['j1'], '2027-03-01T08:00:50.000Z');
    // A beat stamped earlier arrives after the later one.
    await touchJobs(db, ['j1'], '2027-03-01T08:00:05.000Z');
    expect((await findJob(db, 'j1'))!.updated_at).toBe('2027-03-01T08:00:50.000Z');
    expect(await failStaleJobs(db, '2027-03-01T08:00:40.000Z', '{}', '2027-03-01T08:01:40.000Z')).toBe(0);
    // A newer beat still moves it on; a finished job is left alone.
    await touchJobs(db, ['j1'], '2027-03-01T08:01:00.000Z');
    expect((await findJob(db, 'j1'))!.updated_at).toBe('2027-03-01T08:01:00.000Z');
    expect(await failStaleJobs(db, '2027-03-01T08:02:00.000Z', '{}', '2027-03-01T08:02:00.000Z')).toBe(1);
    await touchJobs(db, ['j1'], '2027-03-01T08:03:00.000Z');
    expect((await findJob(db, 'j1'))!.updated_at).toBe('2027-03-01T08:02:00.000Z');
  });
});
