/** People view helpers: the create form's input, the tie kinds' labels, a generated password. Pure functions. */
import type { RouterInputs } from '../../api/trpc.ts';
import type { Role } from '@mqa/rules';

export type TieKind = 'employment' | 'business' | 'relative' | 'other';
export const TIE_KINDS: readonly TieKind[] = ['employment', 'business', 'relative', 'other'];

/** The message key of each tie kind (listed, so every key is named in the source). */
export const TIE_KIND_KEYS: Readonly<Record<TieKind, string>> = {
  employment: 'people.tieKinds.employment',
  business: 'people.tieKinds.business',
  relative: 'people.tieKinds.relative',
  other: 'people.tieKinds.other',
};

export interface CreateForm {
  username: string;
  displayName: string;
  role: Role;
  password: string;
  mustChangePassword: boolean;
  /** Examiner accounts: a new profile, or an existing record without an account. */
  examinerMode: 'new' | 'existing';
  examinerId: number | null;
  nameZh: string;
  nameEn: string;
  employerName: string;
  employerUscc: string;
  expertise: string;
}

export function emptyCreateForm(): CreateForm {
  return {
    username: '',
    displayName: '',
    role: 'examiner',
    password: '',
    mustChangePassword: true,
    examinerMode: 'new',
    examinerId: null,
    nameZh: '',
    nameEn: '',
    employerName: '',
    employerUscc: '',
    expertise: '',
  };
}

/** `users.create`'s input from the form: trimmed, empty optional fields left out. */
export function createInput(f: CreateForm): RouterInputs['users']['create'] {
  const base = {
    username: f.username.trim(),
    displayName: f.displayName.trim(),
    role: f.role,
    password: f.password,
    mustChangePassword: f.mustChangePassword,
  };
  if (f.role !== 'examiner') return base;
  if (f.examinerMode === 'existing' && f.examinerId !== null) return { ...base, examinerId: f.examinerId };
  const opt = (v: string) => (v.trim() === '' ? null : v.trim());
  return {
    ...base,
    examiner: {
      nameZh: f.nameZh.trim() || f.displayName.trim(),
      nameEn: opt(f.nameEn),
      employerName: opt(f.employerName),
      employerUscc: opt(f.employerUscc),
      expertise: opt(f.expertise),
    },
  };
}

/** Whether the create form has what the server needs at all (the server checks the rest). */
export function createReady(f: CreateForm): boolean {
  if (f.username.trim().length < 3 || f.displayName.trim() === '' || f.password === '') return false;
  if (f.role === 'examiner' && f.examinerMode === 'existing' && f.examinerId === null) return false;
  return true;
}

/** A random initial password (16 readable characters, grouped by 4), from the browser's CSPRNG. */
export function randomPassword(random: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n))): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = random(16);
  let out = '';
  for (let i = 0; i < 16; i++) {
    out += alphabet[bytes[i]! % alphabet.length];
    if (i % 4 === 3 && i < 15) out += '-';
  }
  return out;
}
