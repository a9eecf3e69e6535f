/**
 * `pnpm bench`: the dashboard's speed figures (medians).
 *
 * 1. Initial JavaScript: gzip size of the entry chunk and its static imports, per the Vite
 *    manifest of dist/ (built first if missing). Budget ≤ 300 KB.
 * 2. Re-ranking a 60-candidate cycle after a weight change, through @mqa/scoring exactly as the
 *    weight-tuning view does it (src/weights/rerank.ts), in Node. Budget ≤ 16 ms (one frame).
 * 3. If Chromium is available: time from navigation to the cycle overview until all its charts
 *    have drawn, on the demo data. Budget ≤ 1.5 s.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { defaultWeightSet, ITEM_IDS } from '@mqa/scoring';
import { prepare, rerank } from '../src/weights/rerank.ts';
import { syntheticMatrix } from '../src/weights/synthetic.ts';

const WEB = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(WEB, 'dist');
const CHROMIUM = process.env.MQA_CHROMIUM ?? '/usr/bin/chromium';

const median = (xs: number[]) => {
  const s = xs.toSorted((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const verdict = (ok: boolean) => (ok ? 'within budget' : 'OVER BUDGET');

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
}

function initialJs(): { files: { file: string; gzip: number }[]; total: number } {
  const manifestPath = path.join(DIST, '.vite', 'manifest.json');
  if (!fs.existsSync(manifestPath) || process.env.MQA_BENCH_BUILD === '1') {
    const r = spawnSync('pnpm', ['exec', 'vite', 'build', '--logLevel', 'warn'], { cwd: WEB, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('vite build failed');
  }
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Record<string, ManifestChunk>;
  const entry = Object.entries(manifest).find(([, c]) => c.isEntry);
  if (!entry) throw new Error('no entry in the Vite manifest');
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const i of manifest[key]?.imports ?? []) visit(i);
  };
  visit(entry[0]);
  const files = [...seen].map((k) => {
    const file = manifest[k]!.file;
    return { file, gzip: zlib.gzipSync(fs.readFileSync(path.join(DIST, file)), { level: 9 }).length };
  });
  return { files, total: files.reduce((s, f) => s + f.gzip, 0) };
}

function rerankTimes(): { prepareMs: number; medianMs: number; p95Ms: number; runs: number } {
  const m = syntheticMatrix(60);
  const t0 = performance.now();
  const p = prepare(m);
  const prepareMs = performance.now() - t0;
  const base = defaultWeightSet().points;
  const times: number[] = [];
  // Warm up, then time 500 changes: move 5 points between two items each time (total stays 1000).
  for (let i = 0; i < 550; i++) {
    const a = ITEM_IDS[i % ITEM_IDS.length]!;
    const b = ITEM_IDS[(i * 7 + 3) % ITEM_IDS.length]!;
    const points = { ...base };
    if (a !== b && points[b]! >= 5) {
      points[a] = points[a]! + 5;
      points[b] = points[b]! - 5;
    }
    const s = performance.now();
    const r = rerank(p, points);
    const e = performance.now() - s;
    if (!r.ranking) throw new Error('re-ranking refused valid points');
    if (i >= 50) times.push(e);
  }
  const sorted = times.toSorted((x, y) => x - y);
  return { prepareMs, medianMs: median(times), p95Ms: sorted[Math.floor(sorted.length * 0.95)]!, runs: times.length };
}

async function overviewChartTime(): Promise<number[] | string> {
  if (!fs.existsSync(CHROMIUM)) return `skipped: no Chromium at ${CHROMIUM}`;
  const { chromium } = await import('playwright-core');
  const { startServer } = await import('../e2e/server.ts');
  const server = await startServer();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(new URL('/login', server.base).href);
    await page.fill('input[data-testid="username"]', 'demo-committee');
    await page.fill('input[data-testid="password"]', 'demo-password');
    await page.click('[data-testid="login-submit"]');
    await page.waitForURL(/\/cycles\/\d{4}/);
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      await page.click('[data-menu="trends"]');
      await page.waitForSelector('[data-view="trends"] [data-chart][data-rendered="true"]');
      const t0 = Date.now();
      await page.click('[data-menu="overview"]');
      await page.waitForFunction(() => {
        const els = [...document.querySelectorAll<HTMLElement>('[data-view="overview"] [data-chart]')];
        return els.length >= 4 && els.every((e) => e.dataset.rendered === 'true');
      });
      times.push(Date.now() - t0);
    }
    return times;
  } finally {
    await browser.close();
    server.stop();
  }
}

const js = initialJs();
console.log('Initial JavaScript (entry + static imports, gzip -9):');
for (const f of js.files) console.log(`  ${f.file.padEnd(40)} ${kb(f.gzip)}`);
console.log(`  total ${kb(js.total)} (budget 300 KB: ${verdict(js.total <= 300 * 1024)})`);

const rr = rerankTimes();
console.log(`Re-rank of a 60-candidate cycle after a weight change (@mqa/scoring, Node, ${rr.runs} runs):`);
console.log(
  `  median ${rr.medianMs.toFixed(3)} ms, p95 ${rr.p95Ms.toFixed(3)} ms (budget 16 ms: ${verdict(rr.medianMs <= 16)}); one-off aggregation ${rr.prepareMs.toFixed(1)} ms`,
);

const ov = await overviewChartTime();
if (typeof ov === 'string') console.log(`Cycle overview charts after navigation: ${ov}`);
else
  console.log(
    `Cycle overview charts after navigation (headless Chromium, demo data): median ${median(ov)} ms of ${ov.join(', ')} (budget 1500 ms: ${verdict(median(ov) <= 1500)})`,
  );
process.exit(0);
