/**
 * Per-cycle invalidation of the result cache: the cache on its own, then through the API's
 * mutations (their `meta.changes`), on the seeded demo data.
 */
import { ITEM_IDS } from '@mqa/scoring';
import { beforeAll, describe, expect, it } from 'vitest';
import { createFixture, OPEN_YEAR, type Fixture } from '../test/helpers.ts';
import { ResultCache, scopeOfKey } from './cache.ts';

/** A cycle whose review has ended (its overview differs from the open cycle's). */
const OTHER_YEAR = 2023;

describe('ResultCache scopes', () => {
  it('reads the cycle of a key from `name:<year>[:…]`; other keys depend on every cycle', () => {
    expect(scopeOfKey('scored:2023:-:priorityAreas')).toEqual([2023]);
    expect(scopeOfKey('overview:2025:2026-11-26')).toEqual([2025]);
    expect(scopeOfKey('bundle:2024')).toEqual([2024]);
    expect(scopeOfKey('sectors:all')).toBeNull();
    expect(scopeOfKey('trends')).toBeNull();
    expect(scopeOfKey('acc:20231:x')).toBeNull();
  });

  it('a bump of one cycle drops that cycle and what depends on every cycle, and keeps the others', async () => {
    const cache = new ResultCache();
    let computed = 0;
    const value = (key: string) => cache.memo(key, () => ({ key, n: ++computed }));
    const a = await value('scored:2023');
    const b = await value('scored:2025');
    const all = await value('trends');
    const seen: (readonly number[] | null)[] = [];
    cache.onBump((_v, years) => seen.push(years));

    cache.bump(2025);
    expect(await value('scored:2023')).toBe(a);
    expect(await value('scored:2025')).not.toBe(b);
    expect(await value('trends')).not.toBe(all);
    expect(cache.cycleVersion(2025)).toBe(1);
    expect(cache.cycleVersion(2023)).toBe(0);

    const a2 = await value('scored:2023');
    cache.bump();
    expect(await value('scored:2023')).not.toBe(a2);
    expect(seen).toEqual([[2025], null]);
    expect(cache.version).toBe(2);
  });

  it('keeps a stored value only when its scope did not change while it was computed', () => {
    const cache = new ResultCache();
    const scope = [2023];
    const stamp = cache.stamp(scope);
    cache.bump(2024);
    cache.set('http|a', 'kept', stamp, scope);
    expect(cache.get('http|a', scope)).toBe('kept');
    const stale = cache.stamp(scope);
    cache.bump(2023);
    cache.set('http|b', 'stale', stale, scope);
    expect(cache.get('http|b', scope)).toBeUndefined();
    expect(cache.get('http|a', scope)).toBeUndefined();
    // A value depending on every cycle is dropped by any bump.
    cache.set('http|c', 'any', cache.stamp(null), null);
    cache.bump(1999);
    expect(cache.get('http|c', null)).toBeUndefined();
  });
});

describe('mutations drop only the cycles they change', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await createFixture();
  });

  const overview = (year: number) => f.as('committee').analytics.cycleOverview({ year });
  const full = (p: number) => Object.fromEntries(ITEM_IDS.map((id) => [id, p]));

  async function openSheet(): Promise<number> {
    const list = await f.as('examiner').scoring.myAssignments();
    const a = list.find((x) => x.year === OPEN_YEAR && x.openStage === 'material' && x.material.status !== 'submitted');
    if (!a) throw new Error('the demo examiner has no open sheet');
    return a.applicationId;
  }

  it('a draft save, a feedback and a sign-out keep every cycle’s cached results', async () => {
    const open = await overview(OPEN_YEAR);
    const other = await overview(OTHER_YEAR);
    const version = f.services.cache.version;
    const appId = await openSheet();
    const ex = f.as('examiner');
    await ex.scoring.saveSheet({ applicationId: appId, stage: 'material', percents: full(100) });
    await ex.feedback.submit({ applicationId: appId, direction: 'examiner_to_applicant', rating: 5, comment: '配合积极。' });
    await ex.auth.logout();
    expect(f.services.cache.version).toBe(version);
    // The very objects computed before: served from the cache, drafts never count.
    expect(await overview(OPEN_YEAR)).toBe(open);
    expect(await overview(OTHER_YEAR)).toBe(other);
  });

  it('a submitted sheet recomputes its own cycle only', async () => {
    const appId = await openSheet();
    const ex = f.as('examiner');
    await ex.scoring.saveSheet({ applicationId: appId, stage: 'material', percents: full(100) });
    const open = await overview(OPEN_YEAR);
    const other = await overview(OTHER_YEAR);
    const before = open.ranked.find((r) => r.id === appId);
    await ex.scoring.submitSheet({ applicationId: appId, stage: 'material' });
    expect(f.services.cache.cycleVersion(OPEN_YEAR)).toBeGreaterThan(0);
    const after = await overview(OPEN_YEAR);
    expect(after).not.toBe(open);
    expect(after.ranked.find((r) => r.id === appId)!.total).toBeGreaterThan(before?.total ?? -1);
    expect(await overview(OTHER_YEAR)).toBe(other);
  });

  it('a consensus record of another cycle leaves the open cycle cached', async () => {
    const open = await overview(OPEN_YEAR);
    const other = await overview(OTHER_YEAR);
    const top = other.ranked[0]!;
    await f.as('secretariat').scoring.recordConsensus({ applicationId: top.id, itemId: '4.7.2', stage: top.stage, percent: 0, reason: 'cache scope test' });
    expect(await overview(OPEN_YEAR)).toBe(open);
    const changed = await overview(OTHER_YEAR);
    expect(changed.ranked.find((r) => r.id === top.id)!.total).toBeLessThan(top.total);
  });

  it('a mutation that declares nothing drops every cycle (the safe default)', async () => {
    const open = await overview(OPEN_YEAR);
    const other = await overview(OTHER_YEAR);
    const version = f.services.cache.version;
    // The committee's quorum rule (Art. 20) declares no effect on the cache.
    await f.as('secretariat').meetings.setRules({ year: OPEN_YEAR, numerator: 2, denominator: 3 });
    expect(f.services.cache.version).toBe(version + 1);
    expect(await overview(OPEN_YEAR)).not.toBe(open);
    expect(await overview(OTHER_YEAR)).not.toBe(other);
  });
});
