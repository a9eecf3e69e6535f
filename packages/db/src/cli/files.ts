/** Shared by the backup, restore and audit commands: file arguments and the error line. */
import path from 'node:path';

/**
 * The positional file arguments, resolved against `INIT_CWD` (where pnpm was started: for the
 * root scripts `pnpm db:backup` / `pnpm db:restore`, the workspace root), not the package folder
 * pnpm runs the script in.
 */
export function fileArgument(argv: readonly string[], usage: string): string[] {
  const args = argv.filter((a) => a !== '--');
  if (args.some((a) => a.startsWith('-'))) throw new Error(usage);
  if (args.length > 1) throw new Error(usage);
  const base = process.env.INIT_CWD ?? process.cwd();
  return args.map((a) => path.resolve(base, a));
}

/** Prints the error as one JSON line (bilingual when the error carries `{ zh, en }`) and sets exit code 1. */
export function fail(event: string, error: unknown): void {
  const text = (error as { text?: { zh: string; en: string } }).text;
  const message = text ? `${text.zh} / ${text.en}` : error instanceof Error ? error.message : String(error);
  console.error(JSON.stringify({ level: 'error', event, message }));
  process.exitCode = 1;
}
