// access.test.mjs — the Access settings tab (access program): the permission editor of a billing
// user, an admin-created user and a sub-user; its Save (form and JSON) with the version that
// prevents lost updates, the audit row, the licence rule for analytics permissions (a sub-user
// is offered its parent's levels only) and every refusal. Uses its own users (9960xx).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { userInfo } from 'node:os';
import { signIn, sql, raw, SERVERS } from './helpers.mjs';

const PARENT = 996001, CHILD = 996002, CHILD2 = 996003, GONE = 996004, TEMP = 996005;
const ALL = `${PARENT}, ${CHILD}, ${CHILD2}, ${GONE}, ${TEMP}`;

const cleanup = () => sql(`
  DELETE FROM audit_log WHERE user_id IN (${ALL});
  DELETE FROM users WHERE id IN (${CHILD}, ${CHILD2});
  DELETE FROM users WHERE id IN (${ALL});`);

let admin, operator;
before(async () => {
  cleanup();
  sql(`
    INSERT INTO users (id, parent_id, origin, billing_id, username, login, status, deleted_at) VALUES
      (${PARENT}, NULL, 'billing', 'ACC-ACS-1', 'Access parent', 'acs.parent', 'active', NULL),
      (${CHILD}, ${PARENT}, 'subuser', NULL, 'Access child', 'acs.child', 'active', NULL),
      (${CHILD2}, ${PARENT}, 'subuser', NULL, 'Access child two', 'acs.child2', 'active', NULL),
      (${GONE}, NULL, 'billing', 'ACC-ACS-4', 'Access gone', 'acs.gone', 'terminated', NOW() - INTERVAL 2 DAY),
      (${TEMP}, NULL, 'admin', NULL, 'Access temp', 'acs.temp', 'active', NULL);
    INSERT INTO user_licenses (user_id, level_id, total, revoked_at) VALUES (${PARENT}, 1, 2, NULL);
    INSERT INTO user_permissions (user_id, permission_id)
      SELECT u, p.id FROM (SELECT ${PARENT} u UNION SELECT ${CHILD} UNION SELECT ${GONE}) x
      JOIN permissions p ON p.code IN ('archives-show', 'subusers-manage') AND (x.u = ${PARENT} OR p.code = 'archives-show');`);
  admin = await signIn('admin');
  operator = await signIn('operator');
});
after(cleanup);

/** The stored slugs of a user, sorted. */
const stored = (id) => sql(`SELECT p.code FROM user_permissions up JOIN permissions p ON p.id = up.permission_id
                            WHERE up.user_id = ${id} ORDER BY p.code`).flat();
const version = (id) => Number(sql(`SELECT permissions_version FROM users WHERE id = ${id}`)[0][0]);
const audits = (id) => sql(`SELECT COALESCE(admin_id, 'NULL'), COALESCE(remote_addr, 'NULL'), COALESCE(user_agent, 'NULL'),
                                   COALESCE(detail, 'NULL'), TIMESTAMPDIFF(SECOND, created_at, NOW())
                            FROM audit_log WHERE user_id = ${id} AND action = 'user.permissions' ORDER BY id`);

async function editor(id, who = admin) {
  const res = await who.get(`/admin/users/${id}/access`, { json: true });
  assert.equal(res.status, 200);
  return res.json();
}

/** Every permission of an editor's JSON by slug. */
function bySlug(ed) {
  return Object.fromEntries(ed.groups.flatMap((g) => g.permissions.map((p) => [p.slug, { ...p, group: g.name }])));
}

/** POST a form of perm=<slug> fields and version; returns the response. */
function saveForm(id, slugs, ver, opts = {}) {
  const body = new URLSearchParams([...slugs.map((s) => ['perm', s]), ['version', String(ver)]]).toString();
  return (opts.who ?? admin).post(`/admin/users/${id}/access`, body, {
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(opts.headers ?? {}) },
    json: opts.json, csrf: opts.csrf,
  });
}

function saveJson(id, granted, ver) {
  return admin.post(`/admin/users/${id}/access`, JSON.stringify({ granted, version: ver }),
    { headers: { 'content-type': 'application/json' }, json: true });
}

// --- the editor ------------------------------------------------------------------------------

test('the editor lists the whole catalogue in its groups, analytics by level', async () => {
  const ed = await editor(TEMP);
  assert.deepEqual(ed.groups.map((g) => g.name), ['Archive', 'Events', 'Camera groups', 'Layouts', 'Marks',
    'PTZ', 'Intercoms', 'Sub-users', 'Analytics L1', 'Analytics L2', 'Analytics L3']);
  const all = ed.groups.flatMap((g) => g.permissions);
  assert.deepEqual(all.map((p) => p.slug), sql('SELECT code FROM permissions ORDER BY sort_order, id').flat());
  assert.equal(all.length, 35);
  for (const p of all) assert.deepEqual(Object.keys(p), ['slug', 'label', 'level', 'granted', 'available', 'reason']);
  assert.equal(bySlug(ed)['archives-show'].label, 'View archive');
  assert.equal(bySlug(ed)['analytic-cases-face'].level, 'L3');
  assert.equal(bySlug(ed)['archives-show'].level, null);
  assert.equal(ed.version, 0);
});

test('the editor is a form of checkboxes with labels and slugs, a box per group, Save disabled', async () => {
  const res = await admin.get(`/admin/users/${PARENT}/access`);
  assert.equal(res.status, 200);
  const page = await res.text();
  assert.match(page, new RegExp(`<form method="post" action="/admin/users/${PARENT}/access"[^>]*data-fetch data-guard`));
  assert.match(page, /<input type="hidden" name="version" value="0">/);
  assert.equal((page.match(/<input type="checkbox" name="perm" value="/g) ?? []).length, 35);
  assert.equal((page.match(/data-group-toggle/g) ?? []).length, 11);
  assert.match(page, /<input type="checkbox" name="perm" value="archives-show" checked> View archive <code class="slug">archives-show<\/code>/);
  assert.match(page, /<input type="checkbox" name="perm" value="archives-download"> Download archive/);
  assert.match(page, /<button type="submit" data-save disabled>Save<\/button>/);
});

test('the same editor serves a billing user, an admin-created user and a sub-user', async () => {
  for (const id of [PARENT, TEMP, CHILD]) {
    const res = await admin.get(`/admin/users/${id}/access`);
    assert.equal(res.status, 200, String(id));
    assert.match(await res.text(), new RegExp(`id="perm-editor-${id}"`));
  }
  assert.match(await (await admin.get(`/admin/users/${CHILD}/access`)).text(), /A sub-user of <a href="\/admin\/users\/996001">acs\.parent<\/a>/);
});

// --- saving ----------------------------------------------------------------------------------

test('a save grants and revokes, answers the editor with "Saved: +2 −1", and bumps the version', async () => {
  const before = version(TEMP);
  const res = await saveForm(TEMP, ['archives-show', 'ptz-control'], before);
  assert.equal(res.status, 200);
  assert.match(await res.text(), /Saved: \+2 −0/);
  assert.deepEqual(stored(TEMP), ['archives-show', 'ptz-control']);
  const res2 = await saveForm(TEMP, ['archives-show', 'marks-index', 'layouts-index'], before + 1, { json: true });
  assert.equal(res2.status, 200);
  const ed = await res2.json();
  assert.equal(ed.message, 'Saved: +2 −1');
  assert.equal(ed.version, before + 2);
  assert.deepEqual(stored(TEMP), ['archives-show', 'layouts-index', 'marks-index']);
  const granted = Object.values(bySlug(ed)).filter((p) => p.granted).map((p) => p.slug).sort();
  assert.deepEqual(granted, stored(TEMP));
});

test('a JSON save {"granted":[...],"version":n} replaces the set, down to nothing', async () => {
  const v = version(TEMP);
  let res = await saveJson(TEMP, ['intercoms-index'], v);
  assert.equal(res.status, 200);
  assert.deepEqual(stored(TEMP), ['intercoms-index']);
  res = await saveJson(TEMP, [], v + 1);
  assert.equal(res.status, 200);
  assert.equal((await res.json()).message, 'Saved: +0 −1');
  assert.deepEqual(stored(TEMP), []);
});

test('a slug given twice counts once', async () => {
  const v = version(TEMP);
  const res = await saveForm(TEMP, ['groups-index', 'groups-index'], v, { json: true });
  assert.equal(res.status, 200);
  assert.equal((await res.json()).message, 'Saved: +1 −0');
  assert.deepEqual(stored(TEMP), ['groups-index']);
});

test('a save that changes nothing writes nothing', async () => {
  const v = version(TEMP);
  const n = audits(TEMP).length;
  const res = await saveForm(TEMP, ['groups-index'], v, { json: true });
  assert.equal(res.status, 200);
  assert.equal((await res.json()).message, 'Nothing to save: no permission changed.');
  assert.equal(version(TEMP), v);
  assert.equal(audits(TEMP).length, n);
});

test('each save writes an audit row: admin, user, address, user agent, time, slugs added and removed', async () => {
  const v = version(TEMP);
  const res = await saveForm(TEMP, ['archives-download', 'ptz-presets'], v, { headers: { 'user-agent': 'access-test/1' } });
  assert.equal(res.status, 200);
  const rows = audits(TEMP);
  const [adminId, addr, agent, detail, age] = rows[rows.length - 1];
  assert.equal(adminId, sql("SELECT id FROM admins WHERE login = 'admin'")[0][0]);
  assert.equal(addr, '127.0.0.1');
  assert.equal(agent, 'access-test/1');
  assert.equal(detail, '+archives-download +ptz-presets -groups-index');
  assert.ok(Number(age) < 60);
});

// --- no lost updates -------------------------------------------------------------------------

test('a save based on an older version answers 409 with who changed what and when, and changes nothing', async () => {
  const v = version(TEMP);
  assert.equal((await saveForm(TEMP, ['archives-show'], v, { who: operator })).status, 200);
  const before = stored(TEMP);
  const res = await saveForm(TEMP, ['marks-index'], v, { json: true });
  assert.equal(res.status, 409);
  const body = await res.json();
  assert.match(body.error, /changed by operator at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d MSK \(\+archives-show -archives-download -ptz-presets\)/);
  assert.equal(body.version, v + 1);
  assert.deepEqual(stored(TEMP), before);
  assert.equal(version(TEMP), v + 1);
  const html = await saveForm(TEMP, ['marks-index'], v);
  assert.equal(html.status, 409);
  const page = await html.text();
  assert.match(page, /role="alert"><p>Not saved: these permissions were changed by operator/);
  assert.match(page, new RegExp(`name="version" value="${v + 1}"`), 'the editor as stored now');
});

/** A MariaDB session that holds the lock on user id's row until release() is called. */
async function holdUserRow(id) {
  const child = spawn('mariadb', ['--no-defaults', '-S', SERVERS[0], '-u', userInfo().username,
    '-N', '-B', '--unbuffered', 'vmsadmin'], { stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdin.write(`START TRANSACTION; SELECT id FROM users WHERE id = ${id} FOR UPDATE;\n`);
  await new Promise((resolve) => child.stdout.once('data', resolve));
  return {
    release: () => new Promise((resolve) => {
      child.on('exit', resolve);
      child.stdin.end('COMMIT;\n');
    }),
  };
}

/** Poll fn (synchronous: it blocks the event loop, so the pause between calls must let the
 *  requests in flight make progress) until it is true. */
async function until(fn, what) {
  for (let i = 0; i < 20; i++) {
    await new Promise((r) => setTimeout(r, 200));
    if (fn()) return;
  }
  throw new Error(`timed out waiting for ${what}`);
}

test('two saves from the same version at once: exactly one wins, the other answers 409', async () => {
  const v = version(TEMP);
  // On one server the user's row is held until both saves wait for it. On a cluster
  // (make cluster-test) a row lock is one node's: the saves may run on two nodes at once, and
  // the one that loses certification is run again by db_tx and finds the version moved.
  const lock = SERVERS.length === 1 ? await holdUserRow(TEMP) : null;
  const a = saveForm(TEMP, ['layouts-index'], v);
  const b = saveForm(TEMP, ['marks-index'], v);
  if (lock) {
    try { // both saves are inside their transaction, waiting for the user's row
      await until(() => Number(sql("SELECT COUNT(*) FROM information_schema.innodb_trx WHERE trx_state = 'LOCK WAIT'")[0][0]) === 2,
        'two saves waiting for the lock');
    } finally {
      await lock.release();
    }
  }
  const statuses = (await Promise.all([a, b])).map((r) => r.status).sort();
  assert.deepEqual(statuses, [200, 409]);
  assert.equal(version(TEMP), v + 1);
  const now = stored(TEMP);
  assert.ok(now.join() === 'layouts-index' || now.join() === 'marks-index', now.join());
});

// --- the licence rule ------------------------------------------------------------------------

test('a sub-user is offered only the analytics permissions of the levels its parent holds', async () => {
  const p = bySlug(await editor(CHILD));
  for (const [slug, perm] of Object.entries(p)) {
    if (perm.level === 'L1') assert.deepEqual([perm.available, perm.reason], [true, null], slug);
    if (perm.level === 'L2' || perm.level === 'L3') {
      assert.equal(perm.available, false, slug);
      assert.equal(perm.reason, `parent has no ${perm.level} licence`);
    }
    if (!perm.level) assert.equal(perm.available, true, slug);
  }
  const page = await (await admin.get(`/admin/users/${CHILD}/access`)).text();
  assert.match(page, /value="analytic-cases-face" disabled aria-describedby="why-996002-analytic-cases-face"> Face recognition/);
  assert.match(page, /<span class="reason" id="why-996002-analytic-cases-face">parent has no L3 licence<\/span>/);
  assert.match(page, /value="analytic-cases-loud-sound"> Loud sound detection/);
});

test('a top-level user is offered the analytics permissions of the levels it holds itself', async () => {
  const p = bySlug(await editor(TEMP));
  assert.equal(p['analytic-cases-loud-sound'].available, false);
  assert.equal(p['analytic-cases-loud-sound'].reason, 'no L1 licence');
  assert.equal(bySlug(await editor(PARENT))['analytic-cases-loud-sound'].available, true);
});

test('a forged save granting an L3 permission to the sub-user answers 422 naming it and stores nothing', async () => {
  const v = version(CHILD);
  const before = stored(CHILD);
  const n = audits(CHILD).length;
  const res = await saveForm(CHILD, [...before, 'analytic-cases-face', 'ptz-control'], v, { json: true });
  assert.equal(res.status, 422);
  assert.match((await res.json()).error, /analytic-cases-face is not available \(parent has no L3 licence\)/);
  assert.deepEqual(stored(CHILD), before);
  assert.equal(version(CHILD), v);
  assert.equal(audits(CHILD).length, n);
});

test('the parent losing L1 disables the sub-user\'s L1 grants, keeps them, and regaining it restores them', async () => {
  let v = version(CHILD);
  assert.equal((await saveForm(CHILD, ['archives-show', 'analytic-cases-loud-sound', 'analytic-cases-smoke-fire'], v)).status, 200);
  const count = async () => (await admin.getJson(`/admin/users/${PARENT}/subusers`)).body.items.find((i) => i.id === CHILD).permissions;
  assert.equal(await count(), 3);

  assert.equal((await admin.post(`/admin/users/${PARENT}/analytics/licenses`, { level: 'L1', total: '0' })).status, 200);
  let p = bySlug(await editor(CHILD));
  assert.deepEqual([p['analytic-cases-loud-sound'].granted, p['analytic-cases-loud-sound'].available,
    p['analytic-cases-loud-sound'].reason], [true, false, 'parent has no L1 licence']);
  const page = await (await admin.get(`/admin/users/${CHILD}/access`)).text();
  assert.match(page, /value="analytic-cases-loud-sound" checked disabled aria-describedby="why-996002-analytic-cases-loud-sound">/);
  assert.equal(await count(), 1, 'counts as not granted elsewhere');
  assert.equal((await editor(CHILD)).granted, 1);

  // a save from the editor (disabled boxes are not sent) keeps them stored
  v = version(CHILD);
  assert.equal((await saveForm(CHILD, ['archives-show', 'camera-events-index'], v)).status, 200);
  assert.deepEqual(stored(CHILD), ['analytic-cases-loud-sound', 'analytic-cases-smoke-fire', 'archives-show', 'camera-events-index']);

  assert.equal((await admin.post(`/admin/users/${PARENT}/analytics/licenses`, { level: 'L1', total: '2' })).status, 200);
  p = bySlug(await editor(CHILD));
  assert.deepEqual([p['analytic-cases-loud-sound'].granted, p['analytic-cases-loud-sound'].available], [true, true]);
  assert.deepEqual([p['analytic-cases-smoke-fire'].granted, p['analytic-cases-smoke-fire'].available], [true, true]);
  assert.equal(await count(), 4);
});

// --- deleted users ---------------------------------------------------------------------------

test('a deleted user\'s editor is read-only and a save answers 409 "This user was deleted"', async () => {
  const ed = await editor(GONE);
  assert.equal(ed.read_only, true);
  const page = await (await admin.get(`/admin/users/${GONE}/access`)).text();
  assert.match(page, /<fieldset class="perm-all" disabled>/);
  assert.ok(!page.includes('data-save'), 'no Save button');
  assert.match(page, /This user was deleted on/);
  const res = await saveForm(GONE, ['ptz-control'], 0, { json: true });
  assert.equal(res.status, 409);
  assert.match((await res.json()).error, /^This user was deleted/);
  assert.deepEqual(stored(GONE), ['archives-show']);
});

// --- bad input -------------------------------------------------------------------------------

test('an unknown slug answers 400 naming it and changes nothing', async () => {
  const before = stored(TEMP);
  const res = await saveForm(TEMP, ['archives-show', 'no-such-permission'], version(TEMP), { json: true });
  assert.equal(res.status, 400);
  assert.match((await res.json()).error, /no-such-permission/);
  assert.deepEqual(stored(TEMP), before);
});

test('more permission fields than the catalogue holds answer 400', async () => {
  const res = await saveForm(TEMP, Array(36).fill('archives-show'), version(TEMP), { json: true });
  assert.equal(res.status, 400);
  assert.match((await res.json()).error, /^perm: more permissions than the catalogue holds \(36 given, the catalogue holds 35\)/);
});

test('a malformed slug, a missing or bad version, both field names, or a non-object JSON body answer 400', async () => {
  const post = (body, type = 'application/x-www-form-urlencoded') =>
    admin.post(`/admin/users/${TEMP}/access`, body, { headers: { 'content-type': type }, json: true });
  const cases = [
    ['perm=a%20b&version=0', /^perm: invalid value/],
    ['perm=archives-show', /^version: required/],
    ['perm=archives-show&version=x', /^version: invalid value/],
    ['perm=archives-show&version=-1', /^version: invalid value/],
    ['perm=archives-show&granted=ptz-control&version=0', /^perm, granted: give the permissions one way/],
  ];
  for (const [body, error] of cases) {
    const res = await post(body);
    assert.equal(res.status, 400, body);
    assert.match((await res.json()).error, error, body);
  }
  for (const body of ['[]', '{"granted":"x","version":{}}', '{"granted":[1],"version":0}', 'nope']) {
    const res = await post(body, 'application/json');
    assert.equal(res.status, 400, body);
  }
});

test('a save without the CSRF token, or with a wrong one, answers 403', async () => {
  const v = version(TEMP);
  assert.equal((await saveForm(TEMP, ['ptz-control'], v, { csrf: false })).status, 403);
  assert.equal((await saveForm(TEMP, ['ptz-control'], v, { headers: { 'x-csrf-token': 'f'.repeat(64) } })).status, 403);
  assert.equal(version(TEMP), v);
});

test('a non-numeric id answers 400, an unknown one 404, signed out 401', async () => {
  assert.equal((await admin.get('/admin/users/abc/access')).status, 400);
  assert.equal((await admin.get('/admin/users/999999999/access')).status, 404);
  assert.equal((await saveForm(999999999, [], 0)).status, 404);
  assert.equal((await saveForm('abc', [], 0)).status, 400);
  assert.equal((await raw(`/admin/users/${TEMP}/access`)).status, 401);
});
