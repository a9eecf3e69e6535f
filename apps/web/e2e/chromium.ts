/**
 * The end-to-end tests drive Debian's Chromium, never a downloaded browser. When it is missing
 * and we run as root on a Debian-like system (as CI does), install it with apt-get, together with
 * a CJK font so Chinese text renders in screenshots and PDFs; otherwise say how to install it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

export function ensureChromium(executable: string): { ok: true } | { ok: false; message: string } {
  if (fs.existsSync(executable)) return { ok: true };
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = fs.existsSync('/usr/bin/apt-get');
  if (executable === '/usr/bin/chromium' && isRoot && hasApt) {
    process.stdout.write("Chromium is missing: installing Debian's chromium and fonts-wqy-microhei with apt-get…\n");
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const install = update.status === 0 ? spawnSync('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-wqy-microhei'], { stdio: 'inherit', env }) : update;
    if (install.status === 0 && fs.existsSync(executable)) return { ok: true };
  }
  return {
    ok: false,
    message:
      `Chromium was not found at ${executable}. Install Debian's chromium package ` +
      `(as root: apt-get install chromium fonts-wqy-microhei) or set MQA_CHROMIUM to its path.`,
  };
}
