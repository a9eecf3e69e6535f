import { describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { CYCLE_PHASES, PHASES } from '@mqa/rules';
import { channelName, phaseName, roleName, stageName } from './terms.ts';
import { useTerms } from '../composables/useTerms.ts';
import { useLocaleStore } from '../stores/locale.ts';

describe('vocabulary names', () => {
  it('are the measures’ names from @mqa/rules, in either language', () => {
    expect(phaseName('qualification_review', 'zh-CN')).toBe('资格初审');
    expect(phaseName('public_notice', 'zh-CN')).toBe('拟授奖名单公示');
    expect(phaseName('call_for_applications', 'zh-CN')).toBe('发布申报公告');
    expect(phaseName('committee_review', 'en')).toBe('Committee review');
    expect(stageName('onsite', 'zh-CN')).toBe('现场评审');
    expect(channelName('industry_association', 'en')).toBe('Industry association');
    expect(roleName('leadership', 'zh-CN')).toBe('市场监管部门领导');
    for (const p of CYCLE_PHASES) expect(phaseName(p, 'en')).toBe(PHASES[p].en);
  });

  it('show an id the vocabulary does not know as it is', () => {
    expect(phaseName('appeal', 'zh-CN')).toBe('appeal');
    expect(roleName('toString', 'en')).toBe('toString');
  });

  it('follow the UI language in components', () => {
    setActivePinia(createPinia());
    localStorage.clear();
    const terms = useTerms();
    expect(terms.roleName('committee')).toBe('评审委员会');
    useLocaleStore().setLocale('en');
    expect(terms.roleName('committee')).toBe('Review committee');
    expect(terms.stageName('material')).toBe('Material review');
  });
});
