import type { RouteRecordRaw } from 'vue-router';
import { ROLE_GROUPS, type Role } from '@mqa/rules';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a session (the login page). */
    public?: boolean;
    /** Roles allowed to open the route (a role group of the vocabulary, as the API guards); absent = every logged-in user. */
    roles?: readonly Role[];
    /** i18n key of the page title. */
    titleKey?: string;
    /** Shown in the side menu under this i18n key. */
    menuKey?: string;
    /** Whether the route needs a cycle year (the header picker then drives it). */
    cycleParam?: 'param' | 'query';
    /** Rendered without the shell (login, print). */
    bare?: boolean;
  }
}

/** Every route of the dashboard; each view is its own lazily loaded chunk. */
export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('../views/LoginView.vue'),
    meta: { public: true, bare: true, titleKey: 'login.title' },
  },
  {
    path: '/',
    name: 'home',
    // Resolved by the guard to the first view the role may open.
    component: () => import('../views/HomeRedirect.vue'),
  },
  {
    // Every award cycle with its phase and settings; the secretariat opens a cycle and edits its settings.
    path: '/cycles',
    name: 'cycles',
    component: () => import('../views/CyclesView.vue'),
    meta: { roles: ROLE_GROUPS.secretariat, titleKey: 'cycles.title', menuKey: 'cycles.nav' },
  },
  {
    path: '/cycles/:year(\\d{4})',
    name: 'overview',
    component: () => import('../views/OverviewView.vue'),
    meta: { roles: ROLE_GROUPS.readers, titleKey: 'nav.overview', menuKey: 'nav.overview', cycleParam: 'param' },
  },
  {
    // The cycle's applications with eligibility (Art. 10–12) and qualification (Art. 16).
    path: '/cycles/:year(\\d{4})/applications',
    name: 'applications',
    component: () => import('../views/ApplicationsView.vue'),
    meta: { roles: ROLE_GROUPS.readers, titleKey: 'rules.nav.applications', menuKey: 'rules.nav.applications', cycleParam: 'param' },
  },
  {
    // The cycle's review groups (Art. 17): members and leader, assignment by hand or automatic (Art. 24), the procured agency.
    path: '/cycles/:year(\\d{4})/groups',
    name: 'groups',
    component: () => import('../views/GroupsView.vue'),
    meta: { roles: ROLE_GROUPS.analysts, titleKey: 'groups.nav', menuKey: 'groups.nav', cycleParam: 'param' },
  },
  {
    // The second half of a cycle (Art. 18–21): results for comment, comments, shortlist, committee meeting, notice, objections.
    path: '/cycles/:year(\\d{4})/publication',
    name: 'publication',
    component: () => import('../views/PublicationView.vue'),
    meta: { roles: ROLE_GROUPS.readers, titleKey: 'publication.nav', menuKey: 'publication.nav', cycleParam: 'param' },
  },
  {
    // A committee member's votes in the meeting they attend (Art. 20).
    path: '/cycles/:year(\\d{4})/vote',
    name: 'committeeVote',
    component: () => import('../views/CommitteeVoteView.vue'),
    meta: { roles: ['committee'], titleKey: 'publication.voteNav', menuKey: 'publication.voteNav', cycleParam: 'param' },
  },
  {
    // A published notice as printable A4, exactly as stored (no shell).
    path: '/publications/:id(\\d+)/print',
    name: 'noticePrint',
    component: () => import('../views/NoticePrintView.vue'),
    meta: { roles: ROLE_GROUPS.readers, titleKey: 'publication.list.print', bare: true },
  },
  {
    path: '/applications/:id(\\d+)',
    name: 'application',
    component: () => import('../views/ApplicationDetailView.vue'),
    meta: { roles: ROLE_GROUPS.readers, titleKey: 'rules.nav.applicationDetail' },
  },
  {
    path: '/compare',
    name: 'compare',
    component: () => import('../views/CompareView.vue'),
    meta: { roles: ROLE_GROUPS.analysts, titleKey: 'nav.compare', menuKey: 'nav.compare', cycleParam: 'query' },
  },
  {
    path: '/sectors',
    name: 'sectors',
    component: () => import('../views/SectorsView.vue'),
    meta: { roles: ROLE_GROUPS.readers, titleKey: 'nav.sectors', menuKey: 'nav.sectors', cycleParam: 'query' },
  },
  {
    path: '/trends',
    name: 'trends',
    component: () => import('../views/TrendsView.vue'),
    meta: { roles: ROLE_GROUPS.readers, titleKey: 'nav.trends', menuKey: 'nav.trends' },
  },
  {
    path: '/panel/:year(\\d{4})',
    name: 'panel',
    component: () => import('../views/PanelView.vue'),
    meta: { roles: ROLE_GROUPS.analysts, titleKey: 'nav.panel', menuKey: 'nav.panel', cycleParam: 'param' },
  },
  {
    path: '/weights',
    name: 'weights',
    component: () => import('../views/WeightsView.vue'),
    meta: { roles: ROLE_GROUPS.analysts, titleKey: 'nav.weights', menuKey: 'nav.weights', cycleParam: 'query' },
  },
  {
    path: '/follow-up',
    name: 'followUp',
    component: () => import('../views/FollowUpView.vue'),
    meta: { roles: ROLE_GROUPS.readers, titleKey: 'nav.followUp', menuKey: 'nav.followUp' },
  },
  {
    // Two-way feedback (Art. 25) of a cycle.
    path: '/cycles/:year(\\d{4})/feedback',
    name: 'feedback',
    component: () => import('../views/FeedbackView.vue'),
    meta: { roles: ROLE_GROUPS.secretariat, titleKey: 'rules.nav.feedback', menuKey: 'rules.nav.feedback', cycleParam: 'param' },
  },
  {
    path: '/audit',
    name: 'audit',
    component: () => import('../views/AuditView.vue'),
    meta: { roles: ROLE_GROUPS.secretariat, titleKey: 'rules.nav.audit', menuKey: 'rules.nav.audit' },
  },
  {
    // Accounts of every role, passwords, examiner profiles (Art. 24).
    path: '/people',
    name: 'people',
    component: () => import('../views/PeopleView.vue'),
    meta: { roles: ROLE_GROUPS.secretariat, titleKey: 'people.title', menuKey: 'people.nav' },
  },
  {
    // One's own password; after a reset (or an initial password) the guard sends every route here.
    path: '/change-password',
    name: 'changePassword',
    component: () => import('../views/ChangePasswordView.vue'),
    meta: { titleKey: 'people.changeTitle', bare: true },
  },
  {
    path: '/my',
    name: 'my',
    component: () => import('../views/MyDeskView.vue'),
    meta: { roles: ROLE_GROUPS.examiner, titleKey: 'nav.my', menuKey: 'nav.my' },
  },
  {
    // The consensus review of the review groups (group leaders and the secretariat) and the on-site list.
    path: '/consensus',
    name: 'consensus',
    component: () => import('../views/ConsensusView.vue'),
    meta: { roles: ROLE_GROUPS.consensus, titleKey: 'consensus.title', menuKey: 'consensus.nav' },
  },
  {
    // Spreadsheet imports (applications register, examiner score sheets): dry run, problems or preview, commit.
    path: '/data/import',
    name: 'dataImport',
    component: () => import('../views/DataImportView.vue'),
    meta: { roles: ROLE_GROUPS.secretariat, titleKey: 'dataImport.title', menuKey: 'dataImport.menu', cycleParam: 'query' },
  },
  {
    // The printable committee pack of a cycle (also what the server prints to PDF); no shell.
    path: '/report/:year(\\d{4})',
    name: 'report',
    component: () => import('../views/ReportView.vue'),
    meta: { roles: ROLE_GROUPS.analysts, titleKey: 'report.exportPdf', bare: true, cycleParam: 'param' },
  },
  {
    path: '/forbidden',
    name: 'forbidden',
    component: () => import('../views/ForbiddenView.vue'),
    meta: { titleKey: 'app.forbidden' },
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'notFound',
    component: () => import('../views/NotFoundView.vue'),
    meta: { public: true, titleKey: 'app.notFound' },
  },
];

export interface MenuEntry {
  name: string;
  labelKey: string;
  cycleParam?: 'param' | 'query';
}

/** The side menu for a role: the routes it may open, in declaration order. */
export function menuFor(role: Role | null): MenuEntry[] {
  if (!role) return [];
  const out: MenuEntry[] = [];
  for (const r of routes) {
    const meta = r.meta;
    if (!meta?.menuKey || typeof r.name !== 'string') continue;
    if (meta.roles && !meta.roles.includes(role)) continue;
    out.push({ name: r.name, labelKey: meta.menuKey, ...(meta.cycleParam ? { cycleParam: meta.cycleParam } : {}) });
  }
  return out;
}

/** Whether a role may open a route with this meta. */
export function canOpen(role: Role | null, meta: { public?: boolean; roles?: readonly Role[] } | undefined): boolean {
  if (meta?.public) return true;
  if (!role) return false;
  return !meta?.roles || meta.roles.includes(role);
}

/** The first page a role lands on after login. */
export function homeRouteFor(role: Role, year: number | null): { name: string; params?: Record<string, string> } {
  if (role === 'examiner') return { name: 'my' };
  if (year !== null) return { name: 'overview', params: { year: String(year) } };
  // No cycle yet (an empty install): the secretariat starts by opening one.
  if (role === 'secretariat') return { name: 'cycles' };
  return { name: 'trends' };
}
