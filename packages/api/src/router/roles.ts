import type { Role } from '@mqa/db';

/** Everyone but examiners: the secretariat, committee members and leadership. */
export const READERS: readonly Role[] = ['secretariat', 'committee', 'leadership'];
/** Detailed analytics: the secretariat and committee members. */
export const ANALYSTS: readonly Role[] = ['secretariat', 'committee'];
export const SECRETARIAT: readonly Role[] = ['secretariat'];
export const EXAMINER: readonly Role[] = ['examiner'];
export const SIGNED_IN: readonly Role[] = ['secretariat', 'committee', 'leadership', 'examiner'];
