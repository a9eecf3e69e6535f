/**
 * What changed on the server, for the screens that show it. Every tRPC mutation that succeeds is
 * announced here (by the link in trpc.ts), and so is every change made through a file route
 * (imports, material uploads); the loaded data of the mounted views (`useAsync`) and the stores
 * listen and refresh what the change touches.
 *
 * A change is named by its domain: the router a procedure belongs to (`conflicts.declare` →
 * `conflicts`). `AFFECTS` says, once, which domains of queries a change of each domain can alter;
 * a query that names its domains refreshes only after such a change, one that does not refreshes
 * after every change.
 */

/** The domains whose data a change of each domain can alter (besides its own). */
export const AFFECTS: Readonly<Record<string, readonly string[]>> = {
  applications: ['analytics', 'scoring', 'decisions', 'groups', 'conflicts', 'publications', 'audit', 'cycles'],
  conflicts: ['applications', 'analytics', 'groups', 'scoring', 'audit'],
  groups: ['applications', 'analytics', 'conflicts', 'scoring', 'audit'],
  scoring: ['applications', 'analytics', 'decisions', 'publications', 'audit'],
  decisions: ['applications', 'publications', 'meetings', 'awards', 'cycles', 'audit'],
  objections: ['applications', 'decisions', 'publications', 'meetings', 'awards', 'cycles', 'audit'],
  comments: ['applications', 'publications', 'decisions', 'audit'],
  meetings: ['decisions', 'publications', 'applications', 'cycles', 'audit'],
  publications: ['cycles', 'decisions', 'comments', 'objections', 'audit'],
  awards: ['applications', 'decisions', 'cycles', 'indicators', 'incidents', 'misuse', 'analytics', 'audit'],
  incidents: ['awards', 'applications', 'audit'],
  misuse: ['awards', 'audit'],
  indicators: ['awards', 'analytics', 'audit'],
  cycles: ['applications', 'analytics', 'scoring', 'decisions', 'publications', 'meetings', 'awards', 'weights', 'groups', 'audit'],
  weights: ['cycles', 'analytics', 'scoring', 'decisions', 'audit'],
  users: ['groups', 'conflicts', 'analytics', 'audit'],
  feedback: ['analytics', 'audit'],
  /** File routes: an import of applications or scores, a material. */
  imports: ['applications', 'analytics', 'scoring', 'decisions', 'cycles', 'indicators', 'awards', 'audit'],
  materials: ['applications', 'audit'],
};

/** Mutations that change nothing another screen shows (signing in and out, one's own password). */
const QUIET: ReadonlySet<string> = new Set(['auth.login', 'auth.logout', 'auth.logoutEverywhere', 'auth.changePassword']);

/** The domain of a procedure path (`conflicts.declare` → `conflicts`). */
export function domainOf(path: string): string {
  const dot = path.indexOf('.');
  return dot < 0 ? path : path.slice(0, dot);
}

/** The domains of queries a change of `domain` can alter, its own included. */
export function affectedBy(domain: string): ReadonlySet<string> {
  return new Set([domain, ...(AFFECTS[domain] ?? [])]);
}

/** A change announced: its domain, the procedure (or route) and a number that grows with each change. */
export interface Change {
  domain: string;
  path: string;
  seq: number;
}

type Listener = (change: Change) => void;
const listeners = new Set<Listener>();
let seq = 0;

/** The number of the latest change (0 before any): a load started after change n has seen it. */
export function changeSeq(): number {
  return seq;
}

/** Listens to changes; returns the function that stops listening. */
export function onChange(fn: Listener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/**
 * Announces that `path` (a procedure, or `<domain>` for a file route) changed data on the server.
 * Signing in and out is not announced.
 */
export function announceChange(path: string): void {
  if (QUIET.has(path)) return;
  const change: Change = { domain: domainOf(path), path, seq: ++seq };
  for (const fn of Array.from(listeners)) {
    try {
      fn(change);
    } catch (error) {
      // One listener's failure must not keep the others stale.
      console.error(error);
    }
  }
}
