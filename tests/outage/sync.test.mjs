// sync.test.mjs — the delivery process of Synchronize cameras as processes: a worker killed with
// SIGKILL in the middle of a push is replaced, and its job completes once its lease ends, the
// repeats carrying the same job id and body; several processes (--once copies beside the
// supervised one) deliver every job by exactly one claim, 1,000 jobs included, none twice;
// --version, --help and --once with nothing due.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { signIn, sql, VAR, TOP } from '../http/helpers.mjs';
import { Receiver, makeUser, removeUsers, waitJob, until } from '../http/sync-helpers.mjs';

const BIN = path.resolve(TOP, process.env.BIN ?? 'build/san/cgi-bin');
const SYNC = path.join(BIN, 'vmsadmin-sync');
const CONFIG = path.join(VAR, 'vmsadmin.ini');
const bulkTag = randomBytes(4).toString('hex');
let admin, rx;

before(async () => {
  admin = await signIn('admin');
  rx = await new Receiver().start();
});
after(async () => {
  await rx.close();
  removeUsers();
  sql(`DELETE FROM users WHERE login LIKE 'sync.b.${bulkTag}.%'`);
});

function workersOf(pid) {
  const r = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' });
  return r.stdout.split('\n').filter(Boolean).map(Number);
}

/** Run `vmsadmin-sync --once`; resolves to { code, pid, stderr } when it exits. */
function once() {
  const child = spawn(SYNC, ['--config', CONFIG, '--once'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, pid: child.pid, stderr })));
}

/** n users, each with one desktop app at /<prefix>/<user id>, and a job each, made in one
 *  transaction (so every process sees them at once). Returns the job ids. */
function bulkJobs(n, prefix) {
  const like = `sync.b.${bulkTag}.${prefix}.%`;
  sql(`INSERT INTO users (origin, username, login)
         SELECT 'admin', CONCAT('Bulk ', seq), CONCAT('sync.b.${bulkTag}.${prefix}.', seq) FROM seq_1_to_${n};
       INSERT INTO user_environments (user_id, kind, label, push_url)
         SELECT id, 'desktop', 'Bulk app', CONCAT('${rx.url(`/${prefix}/`)}', id) FROM users WHERE login LIKE '${like}';
       START TRANSACTION;
       INSERT INTO sync_jobs (user_id, admin_id, settings_version) SELECT id, 1, 1 FROM users WHERE login LIKE '${like}';
       INSERT INTO sync_deliveries (job_id, environment_id)
         SELECT j.id, e.id FROM sync_jobs j JOIN user_environments e ON e.user_id = j.user_id
          JOIN users u ON u.id = j.user_id WHERE u.login LIKE '${like}';
       COMMIT`);
  return sql(`SELECT j.id, j.user_id FROM sync_jobs j JOIN users u ON u.id = j.user_id WHERE u.login LIKE '${like}'`)
    .map(([id, user]) => ({ id: Number(id), user: Number(user) }));
}

/** Every job settled done, claimed once, and each app pushed exactly once with its job's id. */
async function assertDeliveredOnce(jobs, prefix) {
  const ids = jobs.map((j) => j.id).join(',');
  await until('every job to settle', () =>
    Number(sql(`SELECT COUNT(*) FROM sync_jobs WHERE id IN (${ids}) AND status IN ('done', 'failed')`)[0][0]) === jobs.length);
  const rows = sql(`SELECT status, claims, COUNT(*) FROM sync_jobs WHERE id IN (${ids}) GROUP BY status, claims`);
  assert.deepEqual(rows, [['done', '1', String(jobs.length)]], 'all done, each by exactly one claim');
  const pushes = rx.requests.filter((r) => r.path.startsWith(`/${prefix}/`));
  assert.equal(pushes.length, jobs.length, 'one push per job, none twice');
  const byPath = new Map(pushes.map((r) => [r.path, r]));
  for (const j of jobs) {
    const r = byPath.get(`/${prefix}/${j.user}`);
    assert.ok(r, `job ${j.id} pushed`);
    assert.equal(r.key, String(j.id));
    assert.ok(r.signed);
  }
}

test('a worker killed mid-push is replaced; the job completes when its lease ends, repeats alike', async () => {
  const supervisor = Number(readFileSync(path.join(VAR, 'run/vmsadmin-sync.pid'), 'utf8'));
  const workers = workersOf(supervisor);
  const u = makeUser({ envs: [
    { kind: 'desktop', url: rx.url('/kill/a') },
    { kind: 'mobile', url: rx.url('/kill/b') },
  ] });
  rx.plan('/kill/a', ['hang']);
  const res = await admin.post(`/admin/users/${u.id}/sync-cameras`, null, { json: true });
  const job = await res.json();
  await until('the first push to arrive', () => rx.at('/kill/a').length === 1);
  const [[owner]] = sql(`SELECT lease_owner FROM sync_jobs WHERE id = ${job.id}`);
  const pid = Number(owner.split(':').pop());
  assert.ok(workers.includes(pid), `the job is held by a worker of the supervisor (${owner})`);
  process.kill(pid, 'SIGKILL');
  await until('the worker to be replaced', () => {
    const now = workersOf(supervisor);
    return now.length === workers.length && !now.includes(pid);
  });
  const done = await waitJob(admin, u.id, job.id);
  assert.equal(done.state, 'done');
  const a = rx.at('/kill/a'), b = rx.at('/kill/b');
  assert.ok(a.length >= 2, 'the interrupted push is repeated');
  assert.ok(a.every((r) => r.key === String(job.id) && r.body === a[0].body && r.signed), 'same job id, same body');
  assert.equal(b.length, 1);
  assert.equal(b[0].body, a[0].body);
  const [[claims, last]] = sql(`SELECT claims, lease_owner FROM sync_jobs WHERE id = ${job.id}`);
  assert.ok(Number(claims) >= 2, 'taken over by a new claim');
  assert.notEqual(last, owner);
});

test('several processes deliver every job by exactly one claim', async () => {
  const jobs = bulkJobs(120, 'two');
  const runs = await Promise.all([once(), once()]);
  for (const r of runs) assert.equal(r.code, 0, r.stderr);
  await assertDeliveredOnce(jobs, 'two');
  const owners = new Set(sql(`SELECT DISTINCT lease_owner FROM sync_jobs WHERE id IN (${jobs.map((j) => j.id).join(',')})`).flat());
  assert.ok(owners.size >= 2, `more than one process took part: ${[...owners]}`);
});

test('1,000 jobs: all done, none delivered twice', async () => {
  const jobs = bulkJobs(1000, 'thousand');
  const started = Date.now();
  const runs = await Promise.all([once(), once()]);
  for (const r of runs) assert.equal(r.code, 0, r.stderr);
  await assertDeliveredOnce(jobs, 'thousand');
  console.log(`1000 jobs delivered in ${((Date.now() - started) / 1000).toFixed(1)} s (not asserted; make bench measures it)`);
});

test('vmsadmin-sync answers --version and --help; --once with nothing due exits 0', async () => {
  const v = spawnSync(SYNC, ['--version'], { encoding: 'utf8' });
  assert.equal(v.status, 0);
  assert.match(v.stdout, /^vmsadmin-sync \S+/);
  const h = spawnSync(SYNC, ['--help'], { encoding: 'utf8' });
  assert.equal(h.status, 0);
  assert.match(h.stdout, /--once/);
  assert.equal(spawnSync(SYNC, ['--socket', '/tmp/x'], { encoding: 'utf8' }).status, 2, 'no socket for a worker program');
  const r = await once();
  assert.equal(r.code, 0, r.stderr);
});
