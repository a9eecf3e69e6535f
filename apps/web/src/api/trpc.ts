import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import type { AppRouter } from '@mqa/api';

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

/** The resolved output type of a client call, e.g. `Output<typeof api.cycles.get.query>`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Output<F extends (...args: any[]) => Promise<unknown>> = Awaited<ReturnType<F>>;
/** The input type of a client call. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Input<F extends (...args: any[]) => Promise<unknown>> = Parameters<F>[0];

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
