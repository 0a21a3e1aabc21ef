// stack.test.mjs — conf/stack.sh's idea of a running process: a process that has died but not
// yet been reaped (a zombie) is not running, so db-start right after a MariaDB crash starts it
// again at once instead of waiting for the zombie to go.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { signIn, stack, TOP, VAR } from '../http/helpers.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The state letter of /proc/PID/stat, or null when there is no such process. */
function procState(pid) {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0];
  } catch {
    return null;
  }
}

async function until(cond, what) {
  for (let i = 0; i < 200 && !cond(); i++) await sleep(50);
  assert.ok(cond(), what);
}

test('stack.sh status calls a zombie stopped', async () => {
  // sh runs a child and then becomes a sleep that never reaps it: killed, the child stays a
  // zombie for as long as the sleep lives.
  const parent = spawn('sh', ['-c', 'sleep 600 & echo $!; exec sleep 600'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const child = Number(await new Promise((r) => parent.stdout.once('data', (d) => r(String(d).trim()))));
  const dir = mkdtempSync(path.join(tmpdir(), 'vms-stack-'));
  try {
    process.kill(child, 'SIGKILL');
    await until(() => procState(child) === 'Z', 'the killed child is a zombie');
    mkdirSync(path.join(dir, 'run'));
    writeFileSync(path.join(dir, 'run/mysqld.pid'), `${child}\n`);
    writeFileSync(path.join(dir, 'run/nginx.pid'), `${parent.pid}\n`);
    const r = spawnSync(path.join(TOP, 'conf/stack.sh'), ['status'], { env: { ...process.env, VAR: dir }, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^mysqld stopped$/m);
    assert.match(r.stdout, /^nginx running$/m, 'a live process is running');
  } finally {
    parent.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('db-start right after MariaDB was killed starts it again at once', async () => {
  const pid = Number(readFileSync(path.join(VAR, 'run/mysqld.pid'), 'utf8'));
  process.kill(pid, 'SIGKILL');
  await until(() => procState(pid) !== 'S' && procState(pid) !== 'R' && procState(pid) !== 'D', 'MariaDB died');
  try {
    stack('db-start');
    const ping = spawnSync('mariadb-admin', ['--no-defaults', '-S', path.join(VAR, 'run/mysqld.sock'),
      '-u', userInfo().username, 'ping'], { encoding: 'utf8' });
    assert.equal(ping.status, 0, `MariaDB answers as soon as db-start returns: ${ping.stderr}`);
  } finally {
    await until(() => procState(pid) === null, 'the old MariaDB was reaped');
    stack('db-start');
  }
  const admin = await signIn('admin');
  assert.equal((await admin.get('/admin/users/1001/header')).status, 200);
});
