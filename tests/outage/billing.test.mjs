// billing.test.mjs — the billing webhook and the Billing Events tab during a database outage:
// a request whose transaction the outage cuts off halfway, and requests sent while MariaDB is
// stopped, answer 503 and leave nothing written; once MariaDB is back the very same requests
// (billing retries) are applied exactly once.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { signIn, sql, stack, VAR, TOP } from '../http/helpers.mjs';
import { Run } from '../http/billing-helpers.mjs';

const run = new Run('o');
let admin, userId, cutId;
const pending = {}; // the requests refused during the outage, resent after

function count(q) {
  return Number(sql(q)[0][0]);
}

before(async () => {
  admin = await signIn('admin');
  userId = await run.newUser('-out');
  pending.camera = run.req('billing.new_camera', run.account('-out'), { external_id: run.camera('-out'), name: 'Outage' });
  pending.user = run.req('billing.new_entity', run.account('-out2'), { login: run.login('-out2'), username: 'O', password: 'pw-out' });
  cutId = await run.newUser('-cut');
  pending.cut = run.req('billing.pause_entity', run.account('-cut'));
});

// Whatever happened, the database comes back, and this file's rows go.
after(() => {
  stack('db-start');
  run.cleanup();
});

test('a request whose transaction the outage cuts off halfway answers 503', async () => {
  // Another session holds the user's row, so the webhook stops inside its transaction, after
  // it has written its billing_events row; then the database goes away under it.
  const holder = spawn('mariadb', ['--no-defaults', '-S', path.join(VAR, 'run/mysqld.sock'), '-u', userInfo().username,
    'vmsadmin', '-e', `START TRANSACTION; SELECT id FROM users WHERE id = ${cutId} FOR UPDATE; SELECT SLEEP(30)`],
  { stdio: 'ignore' });
  const exited = new Promise((resolve) => holder.on('exit', resolve));
  try {
    // the holder has the row lock, then the webhook's statement waits for it: poll for each
    await until('the holder to lock the row', () =>
      count("SELECT COUNT(*) FROM information_schema.processlist WHERE info = 'SELECT SLEEP(30)'") > 0);
    const answer = run.send(pending.cut);
    await until('the webhook to wait for the lock', () =>
      count('SELECT COUNT(*) FROM information_schema.innodb_lock_waits') > 0);
    stack('db-stop');
    const res = await answer;
    assert.equal(res.status, 503, res.text);
  } finally {
    holder.kill();
    await exited;
  }
});

test('while the database is down the webhook answers 503 in JSON', async () => {
  const res = await run.send(pending.camera);
  assert.equal(res.status, 503);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  assert.match(res.body.error, /database/i);
});

test('while the database is down a new_entity answers 503 too', async () => {
  const res = await run.send(pending.user);
  assert.equal(res.status, 503);
});

test('while the database is down the signature is still checked first', async () => {
  const res = await run.send(pending.camera, { secret: 'wrong' });
  assert.equal(res.status, 401);
});

test('while the database is down the Billing Events tab answers 503', async () => {
  const res = await admin.get(`/admin/users/${userId}/billing-events`, { json: true });
  assert.equal(res.status, 503);
});

test('once the database is back nothing of the refused requests was written', () => {
  stack('db-start');
  const ids = Object.values(pending).map((r) => `'${r.request_id}'`).join(', ');
  assert.equal(count(`SELECT COUNT(*) FROM billing_events WHERE request_id IN (${ids})`), 0);
  assert.equal(sql(`SELECT status FROM users WHERE id = ${cutId}`)[0][0], 'active');
  assert.equal(count(`SELECT COUNT(*) FROM cameras WHERE external_id = '${run.camera('-out')}'`), 0);
  assert.equal(count(`SELECT COUNT(*) FROM users WHERE billing_id = '${run.account('-out2')}'`), 0);
});

test('the retried request is applied once the database is back', async () => {
  const res = await run.send(pending.camera);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.body.result, 'applied');
  assert.equal(count(`SELECT COUNT(*) FROM user_cameras uc JOIN cameras c ON c.id = uc.camera_id
                      WHERE c.external_id = '${run.camera('-out')}' AND uc.user_id = ${userId}`), 1);
  const user = await run.send(pending.user);
  assert.equal(user.status, 200, user.text);
  assert.equal(count(`SELECT COUNT(*) FROM users WHERE billing_id = '${run.account('-out2')}'`), 1);
  const cut = await run.send(pending.cut);
  assert.equal(cut.status, 200, cut.text);
  assert.equal(sql(`SELECT status FROM users WHERE id = ${cutId}`)[0][0], 'paused');
  assert.equal(count(`SELECT COUNT(*) FROM billing_events WHERE request_id = '${pending.cut.request_id}'`), 1);
});

test('a further retry after the outage is a repeat and applies nothing more', async () => {
  const res = await run.send(pending.camera);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('x-billing-repeat'), 'true');
  assert.equal(count(`SELECT COUNT(*) FROM billing_events WHERE request_id = '${pending.camera.request_id}'`), 1);
  assert.equal(count(`SELECT COUNT(*) FROM cameras WHERE external_id = '${run.camera('-out')}'`), 1);
});

test('the tab answers again once the database is back', async () => {
  const res = await admin.getJson(`/admin/users/${userId}/billing-events`);
  assert.equal(res.status, 200);
  assert.equal(res.body.items[0].request_id, pending.camera.request_id);
});

// --- a webhook without a secret ---------------------------------------------------------------

const BIN = path.resolve(TOP, process.env.BIN ?? 'build/san/cgi-bin');

function alive(pid) {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

async function until(what, fn) {
  for (let i = 0; i < 100; i++) {
    if (fn()) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Start the billing program with config on the instance's socket, as conf/stack.sh does. */
function startBilling(config, detached) {
  const log = openSync(path.join(VAR, 'log/billing.log'), 'a');
  const child = spawn(path.join(BIN, 'billing'), ['--config', config, '--socket', path.join(VAR, 'run/billing.sock'),
    '--workers', '2'], { detached, stdio: ['ignore', log, log] });
  closeSync(log);
  return child;
}

test('with no secret configured the webhook answers 503 and records nothing', async () => {
  const pidFile = path.join(VAR, 'run/billing.pid');
  const sock = path.join(VAR, 'run/billing.sock');
  const config = path.join(VAR, 'vmsadmin.ini');
  const bare = path.join(VAR, 'vmsadmin-no-billing-secret.ini');
  writeFileSync(bare, readFileSync(config, 'utf8').replace(/^secret_file = .*$/m, 'secret ='));
  const supervisor = Number(readFileSync(pidFile, 'utf8'));
  process.kill(supervisor, 'SIGTERM');
  await until('the billing program to stop', () => !alive(supervisor) && !existsSync(sock));
  const bareChild = startBilling(bare, false);
  const bareExit = new Promise((resolve) => bareChild.on('exit', resolve));
  try {
    await until('the billing socket', () => existsSync(sock));
    const req = run.req('billing.pause_entity', run.account('-out'));
    const res = await run.send(req);
    assert.equal(res.status, 503);
    assert.match(res.body.error, /not configured/);
    assert.equal(count(`SELECT COUNT(*) FROM billing_events WHERE request_id = '${req.request_id}'`), 0);
  } finally {
    bareChild.kill('SIGTERM');
    await bareExit;
    const again = startBilling(config, true);
    again.unref();
    writeFileSync(pidFile, `${again.pid}\n`);
    await until('the billing socket again', () => existsSync(sock));
  }
  const res = await run.send(run.req('billing.pause_entity', run.account('-out')));
  assert.equal(res.status, 200, res.text);
});
