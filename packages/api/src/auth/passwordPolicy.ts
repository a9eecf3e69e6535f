/**
 * The password rules, in one place: every password a person chooses (a new account, their own
 * change) is checked here, and each broken rule has its zh/en message.
 */
import type { LocalizedText } from '../errors.ts';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 128;

/** Passwords people pick first; refused whatever their length. */
const COMMON = new Set([
  '1234567890',
  '12345678901',
  '123456789012',
  '0123456789',
  '1qaz2wsx3edc',
  'qwertyuiop',
  'password123',
  'password1234',
  'passw0rd123',
  'admin123456',
  'administrator',
  'abcdefghij',
  'abc1234567',
  'iloveyou123',
  'woaini1314',
]);

export type PasswordProblem = 'too_short' | 'too_long' | 'same_as_username' | 'contains_username' | 'one_character' | 'common' | 'same_as_current';

export const PASSWORD_PROBLEMS: Readonly<Record<PasswordProblem, LocalizedText>> = {
  too_short: { zh: `密码至少需要 ${PASSWORD_MIN_LENGTH} 个字符。`, en: `A password needs at least ${PASSWORD_MIN_LENGTH} characters.` },
  too_long: { zh: `密码最多 ${PASSWORD_MAX_LENGTH} 个字符。`, en: `A password has at most ${PASSWORD_MAX_LENGTH} characters.` },
  same_as_username: { zh: '密码不能与用户名相同。', en: 'The password must not be the username.' },
  contains_username: { zh: '密码不能包含用户名。', en: 'The password must not contain the username.' },
  one_character: { zh: '密码不能由同一个字符重复组成。', en: 'The password must not repeat a single character.' },
  common: { zh: '该密码过于常见，请换一个。', en: 'This password is too common; choose another.' },
  same_as_current: { zh: '新密码不能与当前密码相同。', en: 'The new password must differ from the current one.' },
};

/** The rules a password breaks for this username (empty: acceptable). */
export function passwordProblems(password: string, username: string): PasswordProblem[] {
  const out: PasswordProblem[] = [];
  const chars = Array.from(password);
  if (chars.length < PASSWORD_MIN_LENGTH) out.push('too_short');
  if (chars.length > PASSWORD_MAX_LENGTH) out.push('too_long');
  const pw = password.toLowerCase();
  const user = username.trim().toLowerCase();
  if (user !== '' && pw === user) out.push('same_as_username');
  else if (user.length >= 3 && pw.includes(user)) out.push('contains_username');
  if (chars.length > 0 && chars.every((c) => c === chars[0])) out.push('one_character');
  if (COMMON.has(pw)) out.push('common');
  return out;
}

/** The bilingual message of the rules broken, joined (for one error). */
export function passwordProblemText(problems: readonly PasswordProblem[]): LocalizedText {
  return {
    zh: problems.map((p) => PASSWORD_PROBLEMS[p].zh).join(''),
    en: problems.map((p) => PASSWORD_PROBLEMS[p].en).join(' '),
  };
}
