import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

const API_TARGET = process.env.MQA_API_URL ?? 'http://127.0.0.1:3000';

/**
 * Splits the big libraries into their own chunks so that route chunks stay small and
 * long-lived vendor chunks cache well. ECharts is only reached from lazily loaded chart
 * components, so its chunk is never part of the initial load.
 */
export function chunkFor(id: string): string | null {
  if (!id.includes('node_modules')) return null;
  if (/[\\/](echarts|zrender|vue-echarts)[\\/]/.test(id)) return 'echarts';
  if (
    /[\\/](element-plus|@element-plus|@floating-ui|@popperjs|async-validator|dayjs|lodash-unified|lodash-es|@ctrl|@vueuse|memoize-one|normalize-wheel-es|escape-html)[\\/]/.test(
      id,
    )
  )
    return 'element-plus';
  if (/[\\/](@vue|vue|vue-router|pinia|vue-i18n|@intlify|vue-demi)[\\/]/.test(id)) return 'vue';
  return null;
}

export default defineConfig({
  plugins: [vue()],
  define: {
    // vue-i18n feature flags (composition API only, no devtools in production).
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  server: {
    port: 5173,
    proxy: {
      '/trpc': { target: API_TARGET, changeOrigin: true },
      '/api': { target: API_TARGET, changeOrigin: true },
      '/healthz': { target: API_TARGET, changeOrigin: true },
    },
  },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    manifest: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        // Vue first (highest priority), so that a library depending on Vue (vue-echarts,
        // Element Plus) never pulls the Vue runtime into its own chunk.
        codeSplitting: {
          groups: [
            { name: 'vue', test: (id: string) => chunkFor(id) === 'vue', priority: 30 },
            { name: 'element-plus', test: (id: string) => chunkFor(id) === 'element-plus', priority: 20 },
            { name: 'echarts', test: (id: string) => chunkFor(id) === 'echarts', priority: 10 },
          ],
        },
      },
    },
  },
});
