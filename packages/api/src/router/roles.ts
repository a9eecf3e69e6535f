/** The role groups procedures declare, by their names in the vocabulary (@mqa/rules `ROLE_GROUPS`). */
import { ROLE_GROUPS } from '@mqa/rules';

export const READERS = ROLE_GROUPS.readers;
export const ANALYSTS = ROLE_GROUPS.analysts;
export const SECRETARIAT = ROLE_GROUPS.secretariat;
export const EXAMINER = ROLE_GROUPS.examiner;
export const SIGNED_IN = ROLE_GROUPS.signedIn;
export const CONSENSUS = ROLE_GROUPS.consensus;
