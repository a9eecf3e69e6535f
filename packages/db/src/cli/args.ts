import { SCALE_MAX_APPLICATIONS } from '../seed/scale.ts';

/** Command-line options of `pnpm db:seed`. */
export interface SeedArgs {
  reset: boolean;
  seed: number | undefined;
  /** One synthetic cycle of this many applications instead of the four-cycle demo. */
  applications: number | undefined;
  help: boolean;
}

export class UsageError extends Error {
  readonly text: { zh: string; en: string };
  constructor(text: { zh: string; en: string }) {
    super(`${text.en} (${text.zh})`);
    this.name = 'UsageError';
    this.text = text;
  }
}

export const SEED_USAGE = [
  'Usage: pnpm db:seed [--reset] [--seed <integer>] [--applications <integer>]',
  '用法：pnpm db:seed [--reset] [--seed <整数>] [--applications <整数>]',
  '  --reset            delete the database file first / 先删除数据库文件',
  '  --seed <n>         PRNG seed (default 20251126) / 随机种子（默认 20251126）',
  '  --applications <n> one synthetic 2025 cycle of n applications (7 examiners × 23 items each) instead of the demo /',
  '                     改为生成一个含 n 份申报的合成 2025 周期（每份 7 名评审员 × 23 个条款）',
  'DATABASE_URL: file:<path> or :memory: (default: data/mqa.sqlite under the workspace root)',
].join('\n');

/** Parses `--reset`, `--seed N` / `--seed=N`, `--applications N` / `--applications=N`, `--help`; throws a {@link UsageError} otherwise. */
export function parseSeedArgs(argv: readonly string[]): SeedArgs {
  const out: SeedArgs = { reset: false, seed: undefined, applications: undefined, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') continue;
    if (arg === '--reset') out.reset = true;
    else if (arg === '--help' || arg === '-h') out.help = true;
    else if (arg === '--seed' || arg.startsWith('--seed=')) {
      const raw = arg === '--seed' ? argv[++i] : arg.slice('--seed='.length);
      const n = Number(raw);
      if (raw === undefined || raw.trim() === '' || !Number.isSafeInteger(n) || n < 0) {
        throw new UsageError({
          zh: `--seed 需要一个非负整数，收到的是 ${JSON.stringify(raw ?? null)}`,
          en: `--seed needs a non-negative integer, got ${JSON.stringify(raw ?? null)}`,
        });
      }
      out.seed = n;
    } else if (arg === '--applications' || arg.startsWith('--applications=')) {
      const raw = arg === '--applications' ? argv[++i] : arg.slice('--applications='.length);
      const n = Number(raw);
      if (raw === undefined || raw.trim() === '' || !Number.isSafeInteger(n) || n < 1 || n > SCALE_MAX_APPLICATIONS) {
        throw new UsageError({
          zh: `--applications 需要 1 至 ${SCALE_MAX_APPLICATIONS} 的整数，收到的是 ${JSON.stringify(raw ?? null)}`,
          en: `--applications needs an integer from 1 to ${SCALE_MAX_APPLICATIONS}, got ${JSON.stringify(raw ?? null)}`,
        });
      }
      out.applications = n;
    } else {
      throw new UsageError({ zh: `未知参数 ${JSON.stringify(arg)}`, en: `Unknown argument ${JSON.stringify(arg)}` });
    }
  }
  return out;
}
