/**
 * The names of the award's vocabulary (cycle phases, review stages, channels, roles) in a UI
 * language. The names come from @mqa/rules, the one table the API and the database use too; the
 * UI messages keep none of their own. For components, `useTerms()` binds these to the current
 * language.
 */
import { CHANNELS, PHASES, ROLES, STAGES, type Term } from '@mqa/rules';
import { pickText, type AppLocale } from './index.ts';

function nameIn(table: Readonly<Record<string, Term>>, id: string, locale: AppLocale): string {
  // An id the vocabulary does not know (say, from a newer server) is shown as it is rather than hidden.
  const term = Object.hasOwn(table, id) ? table[id] : undefined;
  return term ? pickText(term, locale) : id;
}

/** A cycle phase (`qualification_review` → 资格初审 / Qualification review). */
export const phaseName = (id: string, locale: AppLocale): string => nameIn(PHASES, id, locale);
/** A review stage (`material` → 材料评审 / Material review). */
export const stageName = (id: string, locale: AppLocale): string => nameIn(STAGES, id, locale);
/** An application channel (`municipal_department` → 市直部门 / Municipal department). */
export const channelName = (id: string, locale: AppLocale): string => nameIn(CHANNELS, id, locale);
/** A role (`committee` → 评审委员会 / Review committee). */
export const roleName = (id: string, locale: AppLocale): string => nameIn(ROLES, id, locale);
