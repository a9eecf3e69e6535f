#!/usr/bin/env node
/**
 * Runs a command with a throw-away PostgreSQL server: `node scripts/with-postgres.mjs -- <command…>`.
 *
 * - If `MQA_TEST_POSTGRES_URL` is already set, the command runs against that server.
 * - Otherwise a private cluster is created in a temporary folder (`initdb`, then `pg_ctl` on a free
 *   port, listening on 127.0.0.1 and a private socket folder only), the command runs with
 *   `MQA_TEST_POSTGRES_URL` pointing at it, and the cluster is stopped and deleted afterwards.
 *   `initdb` and `pg_ctl` refuse to run as root: as root they run as the `postgres` user.
 * - If no PostgreSQL can be started (not installed, no `postgres` user), it prints why and exits 0
 *   without running the command: the PostgreSQL pass is skipped loudly, never silently.
 *   Set `MQA_REQUIRE_POSTGRES=1` to make that a failure instead (CI does).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const argv = process.argv.slice(2);
const command = argv[0] === '--' ? argv.slice(1) : argv;
if (command.length === 0) {
  console.error('usage: node scripts/with-postgres.mjs -- <command> [args…]');
  process.exit(2);
}

function run(cmd, args, env) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function skip(reason) {
  const msg = `postgres: ${reason}`;
  if (process.env.MQA_REQUIRE_POSTGRES === '1') {
    console.error(`${msg}\npostgres: MQA_REQUIRE_POSTGRES=1, so this is a failure.`);
    process.exit(1);
  }
  console.log(`${msg}\npostgres: SKIPPED the PostgreSQL test pass (${command.join(' ')}).`);
  process.exit(0);
}

/** The folder holding initdb and pg_ctl: on PATH, or Debian's /usr/lib/postgresql/<newest>/bin. */
function findBinDir() {
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) return path.dirname(which.stdout.trim());
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) return undefined;
  const versions = fs
    .readdirSync(base)
    .filter((v) => fs.existsSync(path.join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(base, versions[0], 'bin') : undefined;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

if (process.env.MQA_TEST_POSTGRES_URL) {
  console.log('postgres: using MQA_TEST_POSTGRES_URL as given');
  process.exit(await run(command[0], command.slice(1), {}));
}

const bin = findBinDir();
if (!bin) skip('no PostgreSQL found (initdb is neither on PATH nor under /usr/lib/postgresql; on Debian: apt-get install -y postgresql)');

const asRoot = process.getuid?.() === 0;
if (asRoot && spawnSync('id', ['-u', 'postgres']).status !== 0) skip('running as root and there is no postgres user to run initdb as');
/** Runs a PostgreSQL tool, as the postgres user when we are root. */
const tool = (name, args, opts = {}) =>
  asRoot
    ? spawnSync('runuser', ['-u', 'postgres', '--', path.join(bin, name), ...args], { encoding: 'utf8', ...opts })
    : spawnSync(path.join(bin, name), args, { encoding: 'utf8', ...opts });

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mqa-pg-'));
const data = path.join(dir, 'data');
const sock = path.join(dir, 'sock');
fs.mkdirSync(sock);
if (asRoot) spawnSync('chown', ['-R', 'postgres', dir]);
const user = asRoot ? 'postgres' : os.userInfo().username;

let started = false;
function cleanUp() {
  if (started) tool('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
  started = false;
  fs.rmSync(dir, { recursive: true, force: true });
}
process.on('SIGINT', () => {
  cleanUp();
  process.exit(130);
});
process.on('SIGTERM', () => {
  cleanUp();
  process.exit(143);
});

const init = tool('initdb', ['-D', data, '-A', 'trust', '-U', user, '-E', 'UTF8', '--locale=C']);
if (init.status !== 0) {
  cleanUp();
  skip(`initdb failed: ${(init.stderr || init.stdout || '').trim().split('\n').slice(-3).join(' | ')}`);
}
const port = await freePort();
// A test server: no durability needed (fsync off), room for many test databases' pools.
const opts = `-p ${port} -k ${sock} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400`;
const start = tool('pg_ctl', ['-D', data, '-o', opts, '-l', path.join(dir, 'server.log'), '-w', '-t', '120', 'start']);
if (start.status !== 0) {
  const log = fs.existsSync(path.join(dir, 'server.log')) ? fs.readFileSync(path.join(dir, 'server.log'), 'utf8').trim().split('\n').slice(-3).join(' | ') : '';
  cleanUp();
  skip(`pg_ctl could not start the server: ${(start.stderr || '').trim()} ${log}`);
}
started = true;
const version = tool('pg_ctl', ['--version']).stdout.trim();
const url = `postgres://${user}@127.0.0.1:${port}/postgres`;
console.log(`postgres: ${version} on 127.0.0.1:${port} (throw-away cluster)`);
const code = await run(command[0], command.slice(1), { MQA_TEST_POSTGRES_URL: url });
cleanUp();
process.exit(code);
