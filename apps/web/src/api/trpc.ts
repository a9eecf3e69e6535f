import { createTRPCClient, httpBatchLink, TRPCClientError, type OperationResultObservable, type TRPCLink } from '@trpc/client';
// @trpc/server's inference helpers, re-exported type-only by @mqa/api (the dashboard has no @trpc/server of its own).
import type { AppRouter, inferRouterInputs, inferRouterOutputs } from '@mqa/api';
import { announceChange } from './mutations.ts';

type Observable = OperationResultObservable<AppRouter, unknown>;

/**
 * A link that announces every mutation once it has succeeded (its answer arrived without error),
 * so the mounted views refresh what it changed (api/mutations.ts, composables/useAsync.ts). The
 * answer is passed on first: the caller's own code runs before the refreshes start.
 */
export function changeLink(announce: (path: string) => void = announceChange): TRPCLink<AppRouter> {
  return () =>
    ({ op, next }) => {
      const source = next(op);
      if (op.type !== 'mutation') return source;
      const wrapped: Observable = {
        subscribe(observer) {
          let announced = false;
          return source.subscribe({
            ...observer,
            next(value) {
              observer.next?.(value);
              if (!announced) {
                announced = true;
                announce(op.path);
              }
            },
          });
        },
        pipe(...operators: ((o: Observable) => Observable)[]) {
          return operators.reduce((acc, operator) => operator(acc), wrapped);
        },
      } as Observable;
      return wrapped;
    };
}

/**
 * The typed tRPC client. Same origin as the dashboard (`/trpc`, proxied by Vite in
 * development), with the session cookie sent on every request.
 */
export const api = createTRPCClient<AppRouter>({
  links: [
    changeLink(),
    httpBatchLink({
      url: '/trpc',
      maxURLLength: 4000,
      fetch(url, options) {
        return fetch(url, { ...(options as RequestInit), credentials: 'include' });
      },
    }),
  ],
});

/** What each procedure answers, e.g. `RouterOutputs['cycles']['get']`. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
/** What each procedure takes, e.g. `RouterInputs['decisions']['record']`. */
export type RouterInputs = inferRouterInputs<AppRouter>;

export function isTrpcError(e: unknown): e is TRPCClientError<AppRouter> {
  return e instanceof TRPCClientError;
}

/** Hook for the session store: called when any call answers UNAUTHORIZED. */
let onUnauthorized: (() => void) | undefined;
export function setUnauthorizedHandler(fn: (() => void) | undefined): void {
  onUnauthorized = fn;
}
export function notifyUnauthorized(e: unknown): void {
  if (isTrpcError(e) && e.data?.code === 'UNAUTHORIZED') onUnauthorized?.();
}
