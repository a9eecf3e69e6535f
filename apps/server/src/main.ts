/** `pnpm start`: HOST (127.0.0.1), PORT (3000), DATABASE_URL, MQA_ADMIN_PASSWORD, MQA_DEMO. */
import { closeOnSignals, optionsFromEnv, start } from './app.ts';
import { jsonLogger } from './log.ts';

try {
  const { app } = await start(optionsFromEnv());
  closeOnSignals(app);
} catch (error) {
  jsonLogger('error', 'server.startFailed', { message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
