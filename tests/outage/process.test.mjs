// process.test.mjs — the supervisor: a worker that dies is replaced and requests keep being
// answered; the program answers --version and --help; a second copy runs on its own socket.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { spawnSync, spawn } from 'node:child_process';
import path from 'node:path';
import { signIn, VAR, TOP } from '../http/helpers.mjs';

const BIN = path.resolve(TOP, process.env.BIN ?? 'build/san/cgi-bin');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function workersOf(pid) {
  const r = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' });
  return r.stdout.split('\n').filter(Boolean).map(Number);
}

test('a worker killed with SIGKILL is replaced and the program keeps answering', async () => {
  const admin = await signIn('admin');
  const supervisor = Number(readFileSync(path.join(VAR, 'run/user.pid'), 'utf8'));
  const before = workersOf(supervisor);
  assert.ok(before.length >= 1, 'the supervisor has workers');
  process.kill(before[0], 'SIGKILL');
  let after = [];
  for (let i = 0; i < 50; i++) {
    await sleep(100);
    after = workersOf(supervisor);
    if (after.length === before.length && !after.includes(before[0])) break;
  }
  assert.equal(after.length, before.length, 'as many workers as before');
  assert.ok(!after.includes(before[0]), 'the dead worker is gone');
  for (let i = 0; i < 10; i++) {
    const res = await admin.get('/admin/users/1001/header');
    assert.equal(res.status, 200);
  }
});

test('--version and --help answer without a configuration', () => {
  const v = spawnSync(path.join(BIN, 'user'), ['--version'], { encoding: 'utf8' });
  assert.equal(v.status, 0);
  assert.match(v.stdout, /^user \S+/);
  const h = spawnSync(path.join(BIN, 'user'), ['--help'], { encoding: 'utf8' });
  assert.equal(h.status, 0);
  assert.match(h.stdout, /GET\s+\/admin\/users\/\{id\}\/header/);
  const bad = spawnSync(path.join(BIN, 'user'), ['--workers', '0'], { encoding: 'utf8' });
  assert.equal(bad.status, 2, 'a bad option is refused with usage');
});

test('SIGTERM stops a program started on its own socket, and it removes the socket', async () => {
  const sock = path.join(VAR, 'run/extra-user.sock');
  const child = spawn(path.join(BIN, 'user'),
    ['--config', path.join(VAR, 'vmsadmin.ini'), '--socket', sock, '--workers', '2'],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  for (let i = 0; i < 50 && !existsSync(sock); i++) await sleep(100);
  assert.ok(existsSync(sock), 'the socket exists');
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  assert.equal(await exited, 0);
  assert.ok(!existsSync(sock), 'the socket is removed');
});
