/** Test fixtures: a fresh migrated in-memory database with the demo data, one account per role, callers. */
import { createTestDatabase, insertUser, seedDemo, type DB, type Role, type SeedSummary } from '@mqa/db';
import { hashPassword } from '../auth/password.ts';
import { createContextInner, type SessionUser } from '../context.ts';
import { createCaller } from '../root.ts';
import { createServices, type Services, type ServicesOptions } from '../services/index.ts';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface Fixture {
  db: DB;
  seed: SeedSummary;
  services: Services;
  users: Record<Role, SessionUser>;
  /** A caller for a role (null: anonymous), sharing the fixture's services (and cache). */
  as: (role: Role | null, extra?: { setCookie?: (c: string) => void; sessionId?: string | null }) => ReturnType<typeof createCaller>;
  cookies: string[];
}

/** The 2025 demo cycle is in material review and has ~60 applications. */
export const OPEN_YEAR = 2025;

export async function createFixture(options: ServicesOptions = {}): Promise<Fixture> {
  const db = await createTestDatabase();
  const seed = await seedDemo(db);
  const services = createServices(options);
  const hash = await hashPassword(TEST_PASSWORD);
  const users = {} as Record<Role, SessionUser>;
  for (const role of ['secretariat', 'committee', 'leadership', 'examiner'] as const) {
    const examinerId = role === 'examiner' ? seed.demoExaminerId : null;
    const username = `test-${role}`;
    const id = await insertUser(db, {
      username,
      display_name: `Test ${role}`,
      password_hash: hash,
      role,
      examiner_id: examinerId,
      disabled: 0,
      created_at: new Date().toISOString(),
    });
    users[role] = { id, username, displayName: `Test ${role}`, role, examinerId };
  }
  const cookies: string[] = [];
  const as: Fixture['as'] = (role, extra) =>
    createCaller(
      createContextInner({
        db,
        services,
        user: role ? users[role] : null,
        sessionId: extra?.sessionId ?? null,
        setCookie: extra?.setCookie ?? ((c) => cookies.push(c)),
      }),
    );
  return { db, seed, services, users, as, cookies };
}

/** The error code a promise rejects with ('OK' when it resolves). */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'OK';
  } catch (error) {
    return (error as { code?: string }).code ?? 'UNKNOWN';
  }
}

/** An application assigned to the examiner (in their group, not recused) in the open cycle. */
export async function assignedApplication(f: Fixture): Promise<number> {
  const list = await f.as('examiner').scoring.myAssignments();
  const open = list.find((a) => a.year === OPEN_YEAR && a.openStage === 'material');
  if (!open) throw new Error('The demo examiner has no open assignment');
  return open.applicationId;
}

/** The code, bilingual message and details of an API error (throws when the promise resolves). */
export async function errorOf(p: Promise<unknown>): Promise<{ code: string; zh: string; en: string; details: Record<string, unknown> | undefined }> {
  try {
    await p;
  } catch (error) {
    const e = error as { code?: string; message?: string; cause?: { i18n?: { zh: string; en: string }; details?: Record<string, unknown> } };
    const i18n = e.cause?.i18n ?? { zh: e.message ?? '', en: e.message ?? '' };
    return { code: e.code ?? 'UNKNOWN', zh: i18n.zh, en: i18n.en, details: e.cause?.details };
  }
  throw new Error('Expected the call to fail, but it succeeded');
}
