/** Ending a user's sessions at once: in the database and in the services' session cache. */
import { deleteSessionsOfUser, type DB } from '@mqa/db';
import type { Services } from '../services/index.ts';

/**
 * Deletes every session of the user (but `exceptSessionId`, when given) and drops the user's
 * cached sessions, so none authenticates another request. Returns how many sessions ended.
 */
export async function endSessionsOf(
  db: DB,
  services: Pick<Services, 'sessions' | 'versions'>,
  userId: number,
  exceptSessionId?: string | null,
): Promise<number> {
  const ended = await deleteSessionsOfUser(db, userId, exceptSessionId);
  for (const [id, entry] of services.sessions) {
    if (entry.user.id === userId) services.sessions.delete(id);
  }
  // Other server processes drop their cached sessions too.
  if (ended.length > 0) await services.versions.sessionsEnded(db);
  return ended.length;
}
