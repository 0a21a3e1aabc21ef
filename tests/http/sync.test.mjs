// sync.test.mjs — Synchronize cameras over HTTP against the real instance and its supervised
// vmsadmin-sync, with a local receiver standing in for the users' apps: one press makes one job
// delivered once to each environment with a valid signature; a press while one is in progress
// answers that one; retries (500, 500, 200) end done; a receiver that is down ends failed with
// the error in the header's JSON; a refusal (410) fails at once; the snapshot; the web client's
// version; the answers for deleted and unknown users, CSRF, an ordinary admin; the audit rows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { signIn, sql } from './helpers.mjs';
import { Receiver, deadPort, makeUser, removeUsers, waitJob, until, syncSetting } from './sync-helpers.mjs';

let admin, operator, rx;

before(async () => {
  admin = await signIn('admin');
  operator = await signIn('operator');
  rx = await new Receiver().start();
});
after(async () => {
  await rx.close();
  removeUsers();
});

async function press(client, user, opts = {}) {
  const res = await client.post(`/admin/users/${user}/sync-cameras`, null, { json: true, ...opts });
  return { status: res.status, body: await res.json().catch(() => null) };
}

test('one press makes one job, delivered once to each environment, signed, with the job id as key', async () => {
  const u = makeUser({ cameras: [1, 2], envs: [
    { kind: 'desktop', label: 'PC', url: rx.url('/one/pc') },
    { kind: 'mobile', label: 'Phone', url: rx.url('/one/phone') },
  ] });
  const res = await press(admin, u.id);
  assert.equal(res.status, 202);
  const job = res.body;
  for (const k of ['id', 'state', 'delivered', 'total', 'error', 'created_at', 'admin']) assert.ok(k in job, k);
  assert.ok(['pending', 'delivering'].includes(job.state), job.state);
  assert.equal(job.admin, 'admin');
  assert.equal(job.total, 3, 'the two apps and the web client');
  assert.equal(job.error, null);
  const done = await waitJob(admin, u.id, job.id);
  assert.equal(done.state, 'done');
  assert.equal(done.delivered, 3);
  assert.equal(Number(sql(`SELECT COUNT(*) FROM sync_jobs WHERE user_id = ${u.id}`)[0][0]), 1, 'one job');
  for (const p of ['/one/pc', '/one/phone']) {
    const got = rx.at(p);
    assert.equal(got.length, 1, `${p} got it once`);
    assert.ok(got[0].signed, 'a valid signature');
    assert.equal(got[0].key, String(job.id), 'the job id is the idempotency key');
    assert.equal(got[0].json.job_id, job.id);
    assert.equal(got[0].json.settings_version, job.settings_version);
    assert.match(got[0].agent, /^vmsadmin-sync\//);
  }
});

test('the snapshot carries the cameras, their availability and the permissions; blocked while paused', async () => {
  const u = makeUser({ status: 'paused', cameras: [1, 3], envs: [{ kind: 'desktop', url: rx.url('/snap/pc') }] });
  sql(`INSERT INTO user_permissions (user_id, permission_id) VALUES (${u.id}, 1), (${u.id}, 21)`);
  const { body: job } = await press(admin, u.id);
  await waitJob(admin, u.id, job.id);
  const snap = rx.at('/snap/pc')[0].json;
  assert.equal(snap.user_id, u.id);
  assert.equal(snap.blocked, true);
  assert.deepEqual(snap.permissions, ['archives-show', 'ptz-control']);
  assert.deepEqual(snap.cameras.map((c) => c.id), [1, 3]);
  const cam1 = snap.cameras[0];
  assert.equal(cam1.name, 'Entrance hall');
  assert.equal(cam1.status, 'active');
  assert.deepEqual(cam1.location, { id: 1, address: 'Moscow, Lenina st. 12' });
  assert.equal(cam1.blocked, true);
  assert.deepEqual(cam1.availability, { live: false, archive: false, archive_days: 30 });
  assert.equal(snap.cameras[1].location, null);

  sql(`UPDATE users SET status = 'active' WHERE id = ${u.id}`);
  const { body: again } = await press(admin, u.id);
  await waitJob(admin, u.id, again.id);
  const snap2 = rx.at('/snap/pc')[1].json;
  assert.equal(snap2.blocked, false);
  assert.deepEqual(snap2.cameras[0].availability, { live: true, archive: true, archive_days: 30 });
  assert.equal(snap2.settings_version, snap.settings_version + 1, 'each job a new version');
});

test('the web client gets the version in the database: users.settings_version and its environment', async () => {
  const u = makeUser({ envs: [] });
  const { status, body: job } = await press(admin, u.id);
  assert.equal(status, 202);
  assert.equal(job.total, 1, 'a user with no environment gets its web client registered');
  assert.equal(job.environments[0].kind, 'web');
  await waitJob(admin, u.id, job.id);
  const [[version, at]] = sql(`SELECT settings_version, settings_at IS NOT NULL FROM users WHERE id = ${u.id}`);
  assert.equal(Number(version), job.settings_version);
  assert.equal(at, '1');
  const [[confirmed]] = sql(`SELECT confirmed_version FROM user_environments WHERE user_id = ${u.id} AND kind = 'web'`);
  assert.equal(Number(confirmed), job.settings_version);
});

test('a press while a job is in progress answers that job, also when presses race', async () => {
  const u = makeUser({ envs: [{ kind: 'desktop', url: rx.url('/busy/pc') }] });
  rx.plan('/busy/pc', ['hang']);
  const first = await press(admin, u.id);
  assert.equal(first.status, 202);
  const second = await press(operator, u.id);
  assert.equal(second.status, 202);
  assert.equal(second.body.id, first.body.id, 'the same job');
  const racing = await Promise.all([1, 2, 3, 4].map(() => press(admin, u.id)));
  assert.deepEqual(racing.map((r) => r.body.id), [1, 2, 3, 4].map(() => first.body.id));
  assert.equal(Number(sql(`SELECT COUNT(*) FROM sync_jobs WHERE user_id = ${u.id}`)[0][0]), 1, 'one job');
  const joined = sql(`SELECT COUNT(*) FROM audit_log WHERE user_id = ${u.id} AND action = 'user.sync.requested'
    AND detail LIKE 'job ${first.body.id} was already %'`);
  assert.equal(Number(joined[0][0]), 5, 'every press is in the trail');
  // the hung push times out, is retried and answered: the job ends
  await waitJob(admin, u.id, first.body.id);
});

test('receiver 500, 500, 200: retried with the same job id and body, then done', async () => {
  const u = makeUser({ envs: [{ kind: 'mobile', url: rx.url('/flaky/phone') }] });
  rx.plan('/flaky/phone', [500, 500]);
  const { body: job } = await press(admin, u.id);
  const seen = [];
  const done = await waitJob(admin, u.id, job.id, (j) => {
    seen.push(j.state);
    return j.state === 'done' || j.state === 'failed';
  });
  assert.equal(done.state, 'done');
  assert.equal(done.attempts, 3);
  const got = rx.at('/flaky/phone');
  assert.equal(got.length, 3);
  assert.ok(got.every((r) => r.key === String(job.id) && r.signed && r.body === got[0].body), 'repeats are the same push');
  assert.equal(done.environments.find((e) => e.kind === 'mobile').attempts, 3);
});

test('receiver down: retried, then failed with the error kept and shown', async () => {
  const url = `http://127.0.0.1:${await deadPort()}/down`;
  const u = makeUser({ envs: [{ kind: 'desktop', label: 'Office PC', url }] });
  const { body: job } = await press(admin, u.id);
  const retrying = await waitJob(admin, u.id, job.id, (j) => j.state === 'failed' || (j.state === 'delivering' && j.error),
    'a retry');
  if (retrying.state === 'delivering') assert.match(retrying.error, /Office PC \(desktop\): .*connect/i, 'the header says why it retries');
  const failed = await waitJob(admin, u.id, job.id);
  assert.equal(failed.state, 'failed');
  assert.equal(failed.attempts, syncSetting('attempts'));
  assert.match(failed.error, /^Office PC \(desktop\): .*(connect|refused)/i);
  assert.equal(failed.delivered, 1, 'the web client has it');
  assert.equal(failed.total, 2);
  assert.ok(failed.finished_at);
  const latest = await admin.getJson(`/admin/users/${u.id}/sync-cameras`);
  assert.equal(latest.body.job.error, failed.error, 'after a reload the header shows it too');
  const [[detail]] = sql(`SELECT detail FROM audit_log WHERE user_id = ${u.id} AND action = 'user.sync.failed'`);
  assert.match(detail, /delivered to 1 of 2 environments after \d+ attempts; Office PC/);
});

test('a refusal that repeating cannot change (410) fails the job at once', async () => {
  const u = makeUser({ envs: [{ kind: 'mobile', url: rx.url('/gone/tablet') }] });
  rx.plan('/gone/tablet', [410]);
  const { body: job } = await press(admin, u.id);
  const failed = await waitJob(admin, u.id, job.id);
  assert.equal(failed.state, 'failed');
  assert.equal(failed.attempts, 1);
  assert.match(failed.error, /HTTP 410/);
  assert.equal(rx.at('/gone/tablet').length, 1);
});

test('the header reads the latest job; a job of another user is 404; a bad job id 400', async () => {
  const u = makeUser({ envs: [] });
  const none = await admin.getJson(`/admin/users/${u.id}/sync-cameras`);
  assert.deepEqual(none, { status: 200, body: { job: null } });
  const { body: job } = await press(admin, u.id);
  const latest = await admin.getJson(`/admin/users/${u.id}/sync-cameras`);
  assert.equal(latest.body.job.id, job.id);
  assert.equal((await admin.getJson(`/admin/users/1001/sync-cameras/${job.id}`)).status, 404);
  assert.equal((await admin.get(`/admin/users/${u.id}/sync-cameras/abc`, { json: true })).status, 400);
  await waitJob(admin, u.id, job.id);
});

test('a deleted user is 409, an unknown one 404; the CSRF token is required; an ordinary admin may press', async () => {
  const deleted = await press(admin, 1005);
  assert.equal(deleted.status, 409);
  assert.match(deleted.body.error, /deleted/);
  assert.equal((await press(admin, 999999999)).status, 404);
  const u = makeUser({ envs: [] });
  const noCsrf = await press(admin, u.id, { csrf: false });
  assert.equal(noCsrf.status, 403);
  assert.equal(Number(sql(`SELECT COUNT(*) FROM sync_jobs WHERE user_id = ${u.id}`)[0][0]), 0, 'nothing made');
  const op = await press(operator, u.id);
  assert.equal(op.status, 202);
  assert.equal(op.body.admin, 'operator');
  await waitJob(operator, u.id, op.body.id);
});

test('the trail: requested with who and from where, then done with the result', async () => {
  const u = makeUser({ envs: [{ kind: 'desktop', url: rx.url('/trail/pc') }] });
  const res = await admin.post(`/admin/users/${u.id}/sync-cameras`, null,
    { json: true, headers: { 'user-agent': 'SyncTest/1.0' } });
  const job = await res.json();
  await waitJob(admin, u.id, job.id);
  await until('the done row', () => sql(`SELECT 1 FROM audit_log WHERE user_id = ${u.id} AND action = 'user.sync.done'`).length > 0);
  const rows = sql(`SELECT al.action, a.login, COALESCE(al.remote_addr, 'NULL'), COALESCE(al.user_agent, 'NULL'), al.detail
    FROM audit_log al JOIN admins a ON a.id = al.admin_id WHERE al.user_id = ${u.id} ORDER BY al.id`);
  assert.deepEqual(rows.map((r) => r[0]), ['user.sync.requested', 'user.sync.done']);
  assert.deepEqual(rows[0].slice(1, 4), ['admin', '127.0.0.1', 'SyncTest/1.0']);
  assert.equal(rows[0][4], `job ${job.id}: settings version ${job.settings_version} for 2 environments`);
  assert.equal(rows[1][1], 'admin', 'done is on behalf of the admin who pressed');
  assert.match(rows[1][3], /^vmsadmin-sync\//);
  assert.equal(rows[1][4], `job ${job.id}: settings version ${job.settings_version} delivered to 2 of 2 environments`);
});
