/** The HTTP side of the context: session cookie in, Set-Cookie out. Used by apps/server. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DB } from '@mqa/db';
import { createContextInner, resolveSession, type Context } from './context.ts';
import type { Services } from './services/index.ts';

export interface HttpContextOptions {
  db: DB;
  services: Services;
  /** Trust `X-Forwarded-For` for the client address: how many proxies (true: one) stand in front. */
  trustProxy?: boolean | number;
}

/**
 * The client address. Behind `trustProxy` proxies (true: one), the hop the nearest trusted proxy
 * appended to `X-Forwarded-For` — counted from the right, never the client-chosen leftmost.
 */
export function clientAddress(req: IncomingMessage, trustProxy: boolean | number = false): string {
  const hops = trustProxy === true ? 1 : trustProxy === false ? 0 : Math.max(0, Math.floor(trustProxy));
  if (hops > 0) {
    const xff = req.headers['x-forwarded-for'];
    const list = (Array.isArray(xff) ? xff.join(',') : (xff ?? ''))
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean);
    const hop = list[list.length - hops];
    if (hop) return hop;
  }
  return req.socket.remoteAddress ?? 'unknown';
}

/** A `createContext` for the standalone/node-http tRPC adapter. */
export function createHttpContextFactory(options: HttpContextOptions) {
  return async ({ req, res }: { req: IncomingMessage; res: ServerResponse }): Promise<Context> => {
    const session = await resolveSession(options.db, options.services, req.headers.cookie);
    return createContextInner({
      db: options.db,
      services: options.services,
      user: session?.user ?? null,
      sessionId: session?.sessionId ?? null,
      ip: clientAddress(req, options.trustProxy),
      https: (req.socket as { encrypted?: boolean }).encrypted === true,
      setCookie: (cookie) => res.appendHeader('Set-Cookie', cookie),
    });
  };
}
