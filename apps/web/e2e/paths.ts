/** Where the browser tests find Chromium and put what they keep (both folders are gitignored). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** Debian's Chromium (never a downloaded browser); MQA_CHROMIUM points elsewhere. */
export const CHROMIUM = process.env.MQA_CHROMIUM ?? '/usr/bin/chromium';
/** Screenshots of every view at 1366×768. */
export const SHOTS = path.join(HERE, 'screenshots');
/** Files the tests keep (PDFs), and under test-results/ the runner's traces of failed tests. */
export const OUTPUT = path.join(HERE, 'output');
