import { beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, nextTick, watch } from 'vue';
import { createPinia, setActivePinia } from 'pinia';
import { announceChange } from '../api/mutations.ts';
import { mountedLoaders, useAsync } from './useAsync.ts';

/** Lets the deferred change notices and the loads they start run out. */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setTimeout(r, 0));
    await nextTick();
  }
}

/** A loader inside its own scope (a mounted view), answering what `answer` holds. */
function mountLoader<T>(answer: () => T | Promise<T>, options?: Parameters<typeof useAsync>[3], immediate = true) {
  const scope = effectScope();
  const fetcher = vi.fn(async () => answer());
  const state = scope.run(() => useAsync(fetcher, [], immediate, options))!;
  return { scope, fetcher, state };
}

describe('useAsync after a change on the server', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('refreshes a mounted view in the background, without showing it as loading', async () => {
    let members = [{ id: 1, recused: false }];
    const { scope, fetcher, state } = mountLoader(() => members);
    await settle();
    expect(state.data.value).toEqual([{ id: 1, recused: false }]);
    const loadingSeen: boolean[] = [];
    const stop = watch(state.loading, (v) => loadingSeen.push(v));
    members = [{ id: 1, recused: true }];
    announceChange('conflicts.declare');
    await settle();
    expect(fetcher).toHaveBeenCalledTimes(2);
    expect(state.data.value).toEqual([{ id: 1, recused: true }]);
    expect(loadingSeen).toEqual([]);
    stop();
    scope.stop();
  });

  it('keeps the same data when the answer did not change, so a form copied from it is not reset', async () => {
    const { scope, fetcher, state } = mountLoader(() => ({ quorum: { numerator: 2, denominator: 3 } }));
    await settle();
    const first = state.data.value;
    const copies = vi.fn();
    const stop = watch(state.data, copies);
    announceChange('decisions.record');
    await settle();
    expect(fetcher).toHaveBeenCalledTimes(2);
    expect(state.data.value).toBe(first);
    expect(copies).not.toHaveBeenCalled();
    stop();
    scope.stop();
  });

  it('refreshes only after changes that touch the domains it names', async () => {
    const { scope, fetcher } = mountLoader(() => 1, { refreshOn: ['decisions'] });
    await settle();
    announceChange('feedback.submit');
    await settle();
    expect(fetcher).toHaveBeenCalledTimes(1);
    announceChange('objections.decide');
    await settle();
    expect(fetcher).toHaveBeenCalledTimes(2);
    scope.stop();
  });

  it('forgets a view once unmounted, and never starts a loader that was not asked yet', async () => {
    const before = mountedLoaders();
    const a = mountLoader(() => 1);
    const lazy = mountLoader(() => 2, undefined, false);
    expect(mountedLoaders()).toBe(before + 2);
    await settle();
    a.scope.stop();
    expect(mountedLoaders()).toBe(before + 1);
    announceChange('cycles.updateDates');
    await settle();
    expect(a.fetcher).toHaveBeenCalledTimes(1);
    expect(lazy.fetcher).not.toHaveBeenCalled();
    lazy.scope.stop();
  });

  it('does not load twice when the view reloads by itself after its own change', async () => {
    const { scope, fetcher, state } = mountLoader(() => 'x');
    await settle();
    announceChange('conflicts.detect');
    void state.reload(); // the view's own reload, right after its mutation
    await settle();
    expect(fetcher).toHaveBeenCalledTimes(2);
    scope.stop();
  });

  it('keeps what is shown when a background refresh fails, and reports a first load that fails', async () => {
    let fail = false;
    const { scope, state } = mountLoader(() => {
      if (fail) throw new Error('offline');
      return 'shown';
    });
    await settle();
    fail = true;
    announceChange('awards.revoke');
    await settle();
    expect(state.data.value).toBe('shown');
    expect(state.error.value).toBeNull();
    await state.reload();
    expect(state.data.value).toBeUndefined();
    expect((state.error.value as Error).message).toBe('offline');
    expect(state.errorMessage.value).not.toBe('');
    scope.stop();
  });

  it('is not refreshed by signing in', async () => {
    const { scope, fetcher } = mountLoader(() => 1);
    await settle();
    announceChange('auth.login');
    await settle();
    expect(fetcher).toHaveBeenCalledTimes(1);
    scope.stop();
  });
});
