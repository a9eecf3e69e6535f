/** The four roles of the platform (spec §1). */
export type Role = 'secretariat' | 'committee' | 'leadership' | 'examiner';
export const ROLES: readonly Role[] = ['secretariat', 'committee', 'leadership', 'examiner'];

export function isRole(v: unknown): v is Role {
  return typeof v === 'string' && (ROLES as readonly string[]).includes(v);
}
