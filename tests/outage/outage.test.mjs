// outage.test.mjs — a database outage: while MariaDB is stopped every program answers 503
// (HTML or JSON) and stays alive; once it is back, the very next requests succeed without
// restarting any program. Runs after everything else (tests/run.sh), as it stops the database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { raw, cookiesOf, signIn, demoPassword, stack, VAR } from '../http/helpers.mjs';

// The programs of the instance (FastCGI programs and vmsadmin-sync): every $VAR/run/NAME.pid but
// the database's, nginx's and the demo apps' receiver's (a stand-in, not a program of ours).
const PROGRAMS = readdirSync(path.join(VAR, 'run'))
  .filter((f) => f.endsWith('.pid')).map((f) => f.slice(0, -4))
  .filter((p) => p !== 'mysqld' && p !== 'nginx' && p !== 'sync-receiver').sort();

let admin, loginToken, pidsBefore;

function alive(pid) {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

/** Every program's supervisor pid (from $VAR/run/NAME.pid) and its workers' pids. */
function programPids() {
  const out = {};
  for (const p of PROGRAMS) {
    const pid = Number(readFileSync(path.join(VAR, 'run', `${p}.pid`), 'utf8').trim());
    const workers = readdirSync(`/proc/${pid}/task`)
      .flatMap((t) => readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/))
      .filter(Boolean).map(Number).sort((a, b) => a - b);
    out[p] = { pid, workers };
  }
  return out;
}

function assertAllAlive(pids) {
  for (const [p, { pid, workers }] of Object.entries(pids)) {
    assert.ok(alive(pid), `${p} (pid ${pid}) is alive`);
    assert.ok(workers.length > 0, `${p} has workers`);
    for (const w of workers) assert.ok(alive(w), `${p} worker ${w} is alive`);
  }
}

before(async () => {
  admin = await signIn('admin');
  const page = await raw('/admin/login');
  await page.text();
  loginToken = cookiesOf(page).vms_csrf;
  pidsBefore = programPids();
  assert.ok(PROGRAMS.includes('user') && PROGRAMS.includes('auth'), `programs: ${PROGRAMS}`);
  assertAllAlive(pidsBefore);
  stack('db-stop');
});

// Whatever happened, the database comes back for whatever runs next.
after(() => stack('db-start'));

test('while the database is down a fragment answers 503 naming the database', async () => {
  const res = await admin.get('/admin/users/1001/header');
  assert.equal(res.status, 503);
  assert.match(await res.text(), /database/i);
});

test('while the database is down a JSON request answers 503 with an error', async () => {
  const res = await admin.get('/admin/users/1001/user', { json: true });
  assert.equal(res.status, 503);
  const body = await res.json();
  assert.equal(typeof body.error, 'string');
  assert.match(body.error, /database/i);
});

test('while the database is down the directory answers 503', async () => {
  const res = await admin.get('/admin/users');
  assert.equal(res.status, 503);
  assert.match(await res.text(), /database/i);
});

test('while the database is down /healthz answers 503 with the database down', async () => {
  const res = await raw('/healthz');
  assert.equal(res.status, 503);
  assert.equal((await res.json()).database, 'down');
});

test('while the database is down the sign-in page still shows', async () => {
  const res = await raw('/admin/login');
  assert.equal(res.status, 200);
  assert.match(await res.text(), /name="password"/);
});

test('while the database is down signing in answers 503, not a crash', async () => {
  const res = await raw('/admin/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `vms_csrf=${loginToken}` },
    body: new URLSearchParams({ csrf: loginToken, login: 'admin', password: demoPassword() }),
  });
  assert.equal(res.status, 503);
  assert.equal(cookiesOf(res).vms_session, undefined);
});

test('while the database is down every program and worker stays up', async () => {
  // a few more requests through every worker first
  for (let i = 0; i < 6; i++) {
    assert.equal((await admin.get('/admin/users/1001/header')).status, 503);
    assert.equal((await admin.get('/admin/users')).status, 503);
  }
  const now = programPids();
  assert.deepEqual(now, pidsBefore, 'no program or worker was restarted');
  assertAllAlive(now);
});

test('once the database is back the very next request succeeds', async () => {
  stack('db-start');
  const res = await admin.get('/admin/users/1001/header');
  assert.equal(res.status, 200);
  assert.match(await res.text(), /ivan\.petrov/);
});

test('once the database is back every worker answers again', async () => {
  for (let i = 0; i < 8; i++) {
    assert.equal((await admin.get('/admin/users/1001/header')).status, 200, `header #${i}`);
    assert.equal((await admin.get('/admin/users/1001/user', { json: true })).status, 200, `user tab #${i}`);
    assert.equal((await admin.get('/admin/users')).status, 200, `directory #${i}`);
    assert.equal((await raw('/healthz')).status, 200, `healthz #${i}`);
  }
});

test('once the database is back signing in works again', async () => {
  const client = await signIn('operator');
  assert.equal((await client.get('/admin/users/1001/header')).status, 200);
});

test('a database restart between two requests goes unnoticed by the next requests', async () => {
  // every worker holds a live connection (and prepared statements) when the server restarts
  for (let i = 0; i < 6; i++) {
    assert.equal((await admin.get('/admin/users/1001/header')).status, 200);
    assert.equal((await admin.get('/admin/users')).status, 200);
  }
  stack('db-stop');
  stack('db-start');
  for (let i = 0; i < 6; i++) {
    assert.equal((await admin.get('/admin/users/1001/header')).status, 200, `header #${i}`);
    assert.equal((await admin.get('/admin/users')).status, 200, `directory #${i}`);
  }
});

test('the outage restarted no program and no worker', () => {
  const now = programPids();
  assert.deepEqual(now, pidsBefore);
  assertAllAlive(now);
});
