/** The API: one router per domain, composed here. */
import { analyticsRouter } from './router/analytics.ts';
import { applicationsRouter } from './router/applications.ts';
import { auditRouter } from './router/audit.ts';
import { authRouter } from './router/auth.ts';
import { awardsRouter } from './router/awards.ts';
import { commentsRouter } from './router/comments.ts';
import { conflictsRouter } from './router/conflicts.ts';
import { cyclesRouter } from './router/cycles.ts';
import { decisionsRouter } from './router/decisions.ts';
import { feedbackRouter } from './router/feedback.ts';
import { incidentsRouter } from './router/incidents.ts';
import { indicatorsRouter } from './router/indicators.ts';
import { misuseRouter } from './router/misuse.ts';
import { objectionsRouter } from './router/objections.ts';
import { scoringRouter } from './router/scoring.ts';
import { weightsRouter } from './router/weights.ts';
import { usersRouter } from './router/users.ts';
import { groupsRouter } from './router/groups.ts';
import { publicationsRouter } from './router/publications.ts';
import { meetingsRouter } from './router/meetings.ts';
import { createCallerFactory, router, type Meta } from './trpc.ts';

export const appRouter = router({
  auth: authRouter,
  cycles: cyclesRouter,
  weights: weightsRouter,
  applications: applicationsRouter,
  scoring: scoringRouter,
  analytics: analyticsRouter,
  conflicts: conflictsRouter,
  comments: commentsRouter,
  objections: objectionsRouter,
  decisions: decisionsRouter,
  awards: awardsRouter,
  incidents: incidentsRouter,
  indicators: indicatorsRouter,
  misuse: misuseRouter,
  feedback: feedbackRouter,
  audit: auditRouter,
  users: usersRouter,
  groups: groupsRouter,
  publications: publicationsRouter,
  meetings: meetingsRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);

type ProcedureMap = Record<string, { _def: { meta?: Meta; type: string } }>;
const procedures = appRouter._def.procedures as unknown as ProcedureMap;

/**
 * Whether the HTTP host may cache the serialized response of these procedures (a comma-separated
 * batch path): every one is a query declared `cacheable`.
 */
export function isCacheablePath(path: string): boolean {
  if (!path) return false;
  for (const p of path.split(',')) {
    const proc = procedures[p];
    if (!proc || proc._def.type !== 'query' || !proc._def.meta?.cacheable) return false;
  }
  return true;
}
