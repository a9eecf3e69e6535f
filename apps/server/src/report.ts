/**
 * The committee pack as PDF: headless Chromium (through playwright-core) opens the dashboard's
 * own report route as the requesting user and prints it, so the PDF shows the very charts of
 * the dashboard.
 *
 * - One browser, launched on first use and reused (closed with the server); a render at a time,
 *   the others wait in a short queue.
 * - Each render signs in through a short-lived session of the requesting user, created by
 *   @mqa/api's `createUserSession` (the one `auth.login` uses) and ended by `deleteUserSession`
 *   when the render ends; the session cookie is set on a fresh browser context for the server's
 *   own origin.
 * - The report page tells the server it is ready by setting
 *   `document.documentElement.dataset.reportReady = 'true'` once every chart has rendered
 *   (`'error'` when it cannot show the report). It may set `dataset.reportProgress` (0..1) on
 *   the way, which moves the job's progress.
 * - Without Chromium (`MQA_CHROMIUM_PATH`, default Debian's `/usr/bin/chromium`, missing) the
 *   routes answer 503 `PDF_UNAVAILABLE` with a message on printing from the browser instead.
 */
import fs from 'node:fs';
import { createUserSession, deleteUserSession, SESSION_COOKIE, type Lang, type Services } from '@mqa/api';
import type { DB } from '@mqa/db';
import type { Browser, BrowserContext } from 'playwright-core';
import { JobFailure, type LocalizedMessage } from './jobs.ts';
import { silentLogger, type Logger } from './log.ts';

/** Where Debian's `chromium` package installs the browser. */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/** Switches for a server-side, offline, headless Chromium. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The Chromium the server uses: `MQA_CHROMIUM_PATH`, else Debian's. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.MQA_CHROMIUM_PATH || DEFAULT_CHROMIUM_PATH;
}

/** The dashboard's printable report route for a cycle. */
export function reportPath(year: number, lang: Lang): string {
  return `/report/${year}?lang=${lang}&print=1`;
}

export function reportFileName(year: number): string {
  return `mqa-report-${year}.pdf`;
}

/** Render phases, in order (`queued` while another render runs). */
export type ReportPhase = 'queued' | 'launch' | 'render' | 'pdf';

/** 503 text: how to get the report without the server's PDF. */
export function pdfUnavailableMessage(year?: number): LocalizedMessage {
  const page = `/report/${year ?? '<year>'}`;
  return {
    zh:
      `服务器未安装 Chromium，暂不能生成 PDF。请打开报告页面 ${page}，在浏览器中打印（Ctrl+P →“另存为 PDF”）。` +
      `在服务器上安装 Debian 的 chromium（apt-get install chromium），或设置环境变量 MQA_CHROMIUM_PATH 指向 Chromium 可执行文件后，服务器即可直接生成 PDF。`,
    en:
      `Chromium is not installed on the server, so it cannot produce the PDF. Open the report page ${page} and print it from the browser (Ctrl+P → Save as PDF). ` +
      `The server produces the PDF once Debian's chromium is installed (apt-get install chromium) or MQA_CHROMIUM_PATH points to a Chromium executable.`,
  };
}

export function pdfUnavailable(year?: number): JobFailure {
  return new JobFailure(503, 'PDF_UNAVAILABLE', pdfUnavailableMessage(year));
}

function reportTimeout(seconds: number): JobFailure {
  return new JobFailure(504, 'REPORT_TIMEOUT', {
    zh: `报告页面在 ${seconds} 秒内未完成渲染，未能生成 PDF。请稍后重试，或在浏览器中打开报告页面打印。`,
    en: `The report page did not finish rendering within ${seconds} s, so no PDF was produced. Try again later, or open the report page and print it from the browser.`,
  });
}

export type ReportProgress = (fraction: number, phase: ReportPhase) => void;

export interface ReportRendererOptions {
  db: DB;
  services: Services;
  /** The server's own origin, e.g. `http://127.0.0.1:3000` (asked at each render). */
  origin: () => string;
  /** Default {@link chromiumPath}(). */
  executablePath?: string;
  /** Default {@link reportPath}. */
  reportPath?: (year: number, lang: Lang) => string;
  /** Time the page has to load and set `reportReady` (default 30 s). */
  timeoutMs?: number;
  /** Renders that may wait behind the running one (default 8); more: 503 `REPORT_BUSY`. */
  maxQueue?: number;
  log?: Logger;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Reads the report page's flags (a string expression: the server is not type-checked against the DOM). */
const READ_FLAGS = `(() => { const d = document.documentElement.dataset; return { ready: d.reportReady ?? null, progress: d.reportProgress ?? null }; })()`;

export class ReportRenderer {
  readonly executablePath: string;
  readonly #opts: ReportRendererOptions;
  readonly #reportPath: (year: number, lang: Lang) => string;
  readonly #timeoutMs: number;
  readonly #maxQueue: number;
  readonly #log: Logger;
  #browser: Promise<Browser> | null = null;
  #tail: Promise<unknown> = Promise.resolve();
  #pending = 0;
  #closed = false;

  constructor(options: ReportRendererOptions) {
    this.#opts = options;
    this.executablePath = options.executablePath ?? chromiumPath();
    this.#reportPath = options.reportPath ?? reportPath;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#maxQueue = options.maxQueue ?? 8;
    this.#log = options.log ?? silentLogger;
  }

  /** Whether the Chromium executable is there (a file the server may execute). */
  available(): boolean {
    try {
      fs.accessSync(this.executablePath, fs.constants.X_OK);
      return fs.statSync(this.executablePath).isFile();
    } catch {
      return false;
    }
  }

  /** Renders and prints the report of `year` as user `userId`; waits for earlier renders first. */
  async render(year: number, lang: Lang, userId: number, onProgress: ReportProgress = () => {}): Promise<Buffer> {
    if (this.#closed) throw new JobFailure(503, 'SHUTTING_DOWN', { zh: '服务器正在关闭。', en: 'The server is shutting down.' });
    if (!this.available()) throw pdfUnavailable(year);
    if (this.#pending > this.#maxQueue) {
      throw new JobFailure(503, 'REPORT_BUSY', {
        zh: '正在生成的报告过多，请稍后再试。',
        en: 'Too many reports are being produced; try again shortly.',
      });
    }
    this.#pending++;
    onProgress(0, 'queued');
    const run = this.#tail.then(() => this.#renderNow(year, lang, userId, onProgress));
    this.#tail = run.catch(() => {});
    try {
      return await run;
    } finally {
      this.#pending--;
    }
  }

  #launch(year: number): Promise<Browser> {
    if (this.#browser) return this.#browser;
    // playwright-core is loaded on the first render only.
    const launching = import('playwright-core')
      .then(({ chromium }) => chromium.launch({ executablePath: this.executablePath, args: [...CHROMIUM_ARGS], timeout: 30_000 }))
      .then(
        (browser) => {
          browser.on('disconnected', () => {
            if (this.#browser === launching) this.#browser = null;
          });
          this.#log('info', 'report.browserLaunched', { executablePath: this.executablePath, version: browser.version() });
          return browser;
        },
        (error: unknown) => {
          this.#browser = null;
          const message = error instanceof Error ? error.message : String(error);
          this.#log('error', 'report.launchFailed', { executablePath: this.executablePath, message });
          throw pdfUnavailable(year);
        },
      );
    this.#browser = launching;
    return launching;
  }

  async #renderNow(year: number, lang: Lang, userId: number, onProgress: ReportProgress): Promise<Buffer> {
    if (this.#closed) throw new JobFailure(503, 'SHUTTING_DOWN', { zh: '服务器正在关闭。', en: 'The server is shutting down.' });
    const { db, services } = this.#opts;
    onProgress(0.05, 'launch');
    const browser = await this.#launch(year);
    onProgress(0.2, 'render');

    // A session of the requesting user for this render only (auth.login's own implementation).
    const { token, sessionId } = await createUserSession(db, services, userId, this.#timeoutMs + 60_000);
    let context: BrowserContext | undefined;
    const started = Date.now();
    const pageErrors: string[] = [];
    try {
      const origin = this.#opts.origin();
      context = await browser.newContext({ locale: lang === 'zh' ? 'zh-CN' : 'en-US', viewport: { width: 794, height: 1123 } });
      await context.addCookies([{ name: SESSION_COOKIE, value: token, url: origin, httpOnly: true, sameSite: 'Strict' }]);
      const page = await context.newPage();
      page.on('pageerror', (error) => {
        if (pageErrors.length < 5) pageErrors.push(error.message);
      });
      // Charts are laid out for paper from the start.
      await page.emulateMedia({ media: 'print' });
      const deadline = started + this.#timeoutMs;
      try {
        await page.goto(`${origin}${this.#reportPath(year, lang)}`, { waitUntil: 'domcontentloaded', timeout: this.#timeoutMs });
      } catch (error) {
        if (error instanceof Error && error.name === 'TimeoutError') throw reportTimeout(Math.round(this.#timeoutMs / 1000));
        throw error;
      }
      for (;;) {
        const flags = (await page.evaluate(READ_FLAGS).catch(() => null)) as { ready: string | null; progress: string | null } | null;
        if (flags?.ready === 'true') break;
        if (flags?.ready === 'error') {
          throw new JobFailure(502, 'REPORT_FAILED', {
            zh: '报告页面无法显示该年度的报告，未能生成 PDF。',
            en: 'The report page could not show the report of this cycle, so no PDF was produced.',
          });
        }
        if (Date.now() >= deadline) throw reportTimeout(Math.round(this.#timeoutMs / 1000));
        const p = Number(flags?.progress);
        if (flags?.progress != null && Number.isFinite(p)) onProgress(0.2 + 0.6 * Math.min(1, Math.max(0, p)), 'render');
        await sleep(100);
      }
      onProgress(0.85, 'pdf');
      const pdf = await page.pdf({
        format: 'A4',
        printBackground: true,
        preferCSSPageSize: true,
        margin: { top: '14mm', bottom: '14mm', left: '12mm', right: '12mm' },
      });
      await page.close();
      this.#log('info', 'report.rendered', { year, lang, bytes: pdf.length, ms: Date.now() - started });
      return pdf;
    } catch (error) {
      this.#log('warn', 'report.renderFailed', {
        year,
        lang,
        message: error instanceof Error ? error.message : String(error),
        pageErrors,
      });
      throw error;
    } finally {
      await context?.close().catch(() => {});
      await deleteUserSession(db, services, sessionId).catch((error: unknown) =>
        this.#log('error', 'report.sessionCleanupFailed', { message: error instanceof Error ? error.message : String(error) }),
      );
    }
  }

  /** Closes the browser (after the running render); later renders are refused. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#tail;
    const browser = this.#browser;
    this.#browser = null;
    if (browser) await browser.then((b) => b.close()).catch(() => {});
  }
}
