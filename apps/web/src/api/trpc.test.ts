import { describe, expect, it, vi } from 'vitest';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import type { AppRouter } from '@mqa/api';
import { changeLink } from './trpc.ts';
import { affectedBy, announceChange, changeSeq, domainOf, onChange, type Change } from './mutations.ts';

/** A client whose server is a function: each call answers `ok` (or a BAD_REQUEST when `fail`). */
function client(announce: (path: string) => void, fail = false) {
  const fetch = vi.fn(async (url: string | URL | Request) => {
    const paths = decodeURIComponent(
      new URL(typeof url === 'string' ? url : url instanceof URL ? url.href : url.url, 'http://test').pathname.replace(/^\/trpc\//, ''),
    ).split(',');
    const body = paths.map(() =>
      fail ? { error: { message: 'refused', code: -32600, data: { code: 'BAD_REQUEST', httpStatus: 400 } } } : { result: { data: { ok: true } } },
    );
    return new Response(JSON.stringify(body), { status: fail ? 400 : 200, headers: { 'content-type': 'application/json' } });
  });
  const api = createTRPCClient<AppRouter>({ links: [changeLink(announce), httpBatchLink({ url: 'http://test/trpc', fetch })] });
  return { api, fetch };
}

describe('changeLink', () => {
  it('announces a mutation once it succeeded, after the caller has its answer', async () => {
    const order: string[] = [];
    const { api } = client((path) => order.push(`announce ${path}`));
    const answer = await api.conflicts.declare.mutate({ applicationId: 1, examinerId: 2, reason: 'employer' });
    order.push('answered');
    expect(answer).toEqual({ ok: true });
    expect(order).toEqual(['announce conflicts.declare', 'answered']);
  });

  it('announces no query and no refused mutation', async () => {
    const announce = vi.fn();
    await client(announce).api.conflicts.list.query({ year: 2025 });
    await expect(client(announce, true).api.objections.decide.mutate({ id: 1, outcome: 'confirmed', reason: 'found true' })).rejects.toThrow('refused');
    expect(announce).not.toHaveBeenCalled();
  });

  it('announces each mutation of a batch', async () => {
    const announce = vi.fn();
    const { api, fetch } = client(announce);
    await Promise.all([api.conflicts.declare.mutate({ applicationId: 1, examinerId: 2, reason: 'tie' }), api.conflicts.detect.mutate({ year: 2025 })]);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(announce.mock.calls.map((c) => String(c[0])).sort((a, b) => a.localeCompare(b))).toEqual(['conflicts.declare', 'conflicts.detect']);
  });
});

describe('changes', () => {
  it('names the domain of a procedure and what a change of it can alter', () => {
    expect(domainOf('conflicts.declare')).toBe('conflicts');
    expect(domainOf('imports')).toBe('imports');
    expect(affectedBy('conflicts').has('conflicts')).toBe(true);
    expect(affectedBy('conflicts').has('groups')).toBe(true);
    expect(affectedBy('objections').has('decisions')).toBe(true);
    expect(affectedBy('feedback').has('decisions')).toBe(false);
  });

  it('tells listeners with a growing number, and stays quiet on signing in and out', () => {
    const seen: Change[] = [];
    const stop = onChange((c) => seen.push(c));
    const before = changeSeq();
    announceChange('auth.login');
    announceChange('objections.decide');
    announceChange('imports');
    stop();
    announceChange('cycles.advancePhase');
    expect(seen).toEqual([
      { domain: 'objections', path: 'objections.decide', seq: before + 1 },
      { domain: 'imports', path: 'imports', seq: before + 2 },
    ]);
  });
});
