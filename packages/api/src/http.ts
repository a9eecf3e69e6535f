/** The HTTP side of the context: session cookie in, Set-Cookie out. Used by apps/server. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DB } from '@mqa/db';
import { createContextInner, resolveSession, type Context } from './context.ts';
import type { Services } from './services/index.ts';

export interface HttpContextOptions {
  db: DB;
  services: Services;
  /** Trust `X-Forwarded-For` for the client address (behind a reverse proxy). */
  trustProxy?: boolean;
}

export function clientAddress(req: IncomingMessage, trustProxy = false): string {
  if (trustProxy) {
    const xff = req.headers['x-forwarded-for'];
    const first = (Array.isArray(xff) ? xff[0] : xff)?.split(',')[0]?.trim();
    if (first) return first;
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
      setCookie: (cookie) => res.appendHeader('Set-Cookie', cookie),
    });
  };
}
