/** Structured logs: one JSON object per line on stdout (errors on stderr). */
export type LogLevel = 'info' | 'warn' | 'error';

export interface Logger {
  (level: LogLevel, event: string, fields?: Record<string, unknown>): void;
}

export const jsonLogger: Logger = (level, event, fields = {}) => {
  const line = JSON.stringify({ time: new Date().toISOString(), level, event, ...fields });
  if (level === 'error') process.stderr.write(`${line}\n`);
  else process.stdout.write(`${line}\n`);
};

export const silentLogger: Logger = () => {};
