/** First-run and demo accounts. */
import { countUsers, findUserByUsername, getMeta, insertUser, updateUserPassword, type DB, type Role } from '@mqa/db';
import { generatePassword, hashPassword, verifyPassword } from './auth/password.ts';

export const DEMO_PASSWORD = 'demo-password';

/**
 * Display names are the usernames: a name is data, not a label, and a bilingual name would show
 * mixed languages in either UI language (the header adds the localized role).
 */
export const DEMO_ACCOUNTS: readonly { username: string; role: Role; displayName: string; password: string }[] = [
  { username: 'demo-secretariat', role: 'secretariat', displayName: 'demo-secretariat', password: DEMO_PASSWORD },
  { username: 'demo-committee', role: 'committee', displayName: 'demo-committee', password: DEMO_PASSWORD },
  { username: 'demo-leader', role: 'leadership', displayName: 'demo-leader', password: DEMO_PASSWORD },
  { username: 'demo-examiner', role: 'examiner', displayName: 'demo-examiner', password: DEMO_PASSWORD },
];

/** Meta key naming the examiner the demo-examiner account belongs to. */
export const DEMO_EXAMINER_META_KEY = 'demo_examiner_id';

export const ADMIN_USERNAME = 'admin';

export interface AdminAccount {
  username: string;
  /** The password to print once (generated, or taken from MQA_ADMIN_PASSWORD). */
  password: string;
  generated: boolean;
}

/**
 * On a database without any account, creates the secretariat account `admin`. Its password is
 * `password` when given (MQA_ADMIN_PASSWORD), else a generated one-time password that the caller
 * prints once. Returns null when accounts already exist.
 */
export async function ensureAdminAccount(db: DB, password?: string, now: Date = new Date()): Promise<AdminAccount | null> {
  if ((await countUsers(db)) > 0) return null;
  const generated = !password;
  const pw = password || generatePassword();
  await insertUser(db, {
    username: ADMIN_USERNAME,
    display_name: '秘书处管理员',
    password_hash: await hashPassword(pw),
    role: 'secretariat',
    examiner_id: null,
    disabled: 0,
    // A generated password is printed in the server log: it is good for one sign-in only.
    must_change_password: generated ? 1 : 0,
    created_at: now.toISOString(),
  });
  return { username: ADMIN_USERNAME, password: pw, generated };
}

/**
 * Creates (or resets) the four demo accounts with the password `demo-password`; demo-examiner
 * is linked to the examiner named by meta `demo_examiner_id` (or the first examiner).
 */
export async function ensureDemoAccounts(db: DB, now: Date = new Date()) {
  const metaId = Number(await getMeta(db, DEMO_EXAMINER_META_KEY));
  let examinerId: number | null = Number.isInteger(metaId) && metaId > 0 ? metaId : null;
  if (examinerId === null) {
    const first = await db.selectFrom('examiners').select('id').orderBy('id').executeTakeFirst();
    examinerId = first?.id ?? null;
  }
  const out: { username: string; role: Role; password: string; examinerId: number | null }[] = [];
  for (const a of DEMO_ACCOUNTS) {
    const linked = a.role === 'examiner' ? examinerId : null;
    const existing = await findUserByUsername(db, a.username);
    if (!existing) {
      await insertUser(db, {
        username: a.username,
        display_name: a.displayName,
        password_hash: await hashPassword(a.password),
        role: a.role,
        examiner_id: linked,
        disabled: 0,
        created_at: now.toISOString(),
      });
    } else {
      if (!(await verifyPassword(existing.password_hash, a.password))) await updateUserPassword(db, existing.id, await hashPassword(a.password));
      await db.updateTable('users').set({ role: a.role, examiner_id: linked, disabled: 0 }).where('id', '=', existing.id).execute();
    }
    out.push({ username: a.username, role: a.role, password: a.password, examinerId: linked });
  }
  return out;
}
