import { createApp, watch } from 'vue';
import { createPinia } from 'pinia';
import 'element-plus/dist/index.css';
import './styles/main.css';
import App from './App.vue';
import { createAppI18n } from './i18n/index.ts';
import { createAppRouter, isForbidden } from './router/index.ts';
import { useSessionStore } from './stores/session.ts';
import { useLocaleStore } from './stores/locale.ts';

const pinia = createPinia();
const localeStore = useLocaleStore(pinia);
const i18n = createAppI18n(localeStore.locale);
const router = createAppRouter(pinia);
const session = useSessionStore(pinia);

// The locale store is the single source of truth for the language: vue-i18n follows it, and
// so do Element Plus (ElConfigProvider in App.vue) and ECharts (ChartFrame's init options).
watch(
  () => localeStore.locale,
  (l) => {
    i18n.global.locale.value = l;
    document.documentElement.lang = l;
  },
  { immediate: true },
);

// Page title follows the route and the language.
watch(
  [() => router.currentRoute.value, () => localeStore.locale, () => session.role],
  ([route, , role]) => {
    const key = isForbidden(role, route) ? 'app.forbidden' : route.meta.titleKey;
    const app = i18n.global.t('app.title');
    document.title = key ? `${i18n.global.t(key)} · ${app}` : app;
  },
  { immediate: true },
);

createApp(App).use(pinia).use(i18n).use(router).mount('#app');
