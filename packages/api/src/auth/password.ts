/** Password hashing with argon2id (RFC 9106), through @node-rs/argon2. */
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { Semaphore, SemaphoreFull } from './semaphore.ts';

/** Argon2id (the library's `Algorithm.Argon2id`; a const enum cannot be imported under isolatedModules). */
const ARGON2ID = 2 as Algorithm;
/** OWASP's minimum argon2id setting: 19 MiB, 2 passes, 1 lane. */
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/**
 * Every hash and verification takes a place here: at most 4 run at once (19 MiB and a thread
 * each), up to 64 wait; past that they are refused with {@link PasswordChecksBusy}, so a flood
 * of sign-ins can neither exhaust memory nor queue without bound.
 */
export const PASSWORD_CHECKS = new Semaphore(4, 64);

/** Thrown when too many password checks are already running and waiting (answer 429). */
export { SemaphoreFull as PasswordChecksBusy };

export function hashPassword(password: string): Promise<string> {
  return PASSWORD_CHECKS.run(() => hash(password, OPTIONS));
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return PASSWORD_CHECKS.run(async () => {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  });
}

let dummyHash: Promise<string> | undefined;
/** Spends the time of one verification, so an unknown username is not faster to reject than a wrong password. */
export async function verifyDummy(password: string): Promise<void> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(await dummyHash, password);
}

/** A random password for the first administrator account (about 120 bits, readable). */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(20);
  let out = '';
  for (let i = 0; i < 20; i++) {
    out += alphabet[bytes[i]! % alphabet.length];
    if (i % 5 === 4 && i < 19) out += '-';
  }
  return out;
}
