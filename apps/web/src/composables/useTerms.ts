import { useLocaleStore } from '../stores/locale.ts';
import * as terms from '../i18n/terms.ts';

/** The vocabulary's names (phases, stages, channels, roles) in the current UI language. */
export function useTerms() {
  const store = useLocaleStore();
  return {
    phaseName: (id: string) => terms.phaseName(id, store.locale),
    stageName: (id: string) => terms.stageName(id, store.locale),
    channelName: (id: string) => terms.channelName(id, store.locale),
    roleName: (id: string) => terms.roleName(id, store.locale),
  };
}
