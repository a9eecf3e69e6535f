import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
// @trpc/server's inference helpers, re-exported type-only by @mqa/api (the dashboard has no @trpc/server of its own).
import type { AppRouter, inferRouterInputs, inferRouterOutputs } from '@mqa/api';

/**
 * The typed tRPC client. Same origin as the dashboard (`/trpc`, proxied by Vite in
 * development), with the session cookie sent on every request.
 */
export const api = createTRPCClient<AppRouter>({
  links: [
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
