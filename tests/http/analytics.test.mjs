// analytics.test.mjs — the Analytics tab and the licence totals (analytics program): Used and
// Free per level (cases with 0, 1, 2 cameras, a camera in two cases, a sub-user's cases on its
// parent's licences), over-use, the cases list, the camera scope of camera names, a level losing
// its licences (hidden at once, back within 7 days, purged after — the tab and purge_expired()
// agreeing to the second), who may change totals, and every refusal. Uses its own rows (9962xx,
// cases 9963xx) and the demo cameras 1-4 (the operator may see 1, 3 and 4, not 2).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { signIn, sql, raw, isoTime, shownTime } from './helpers.mjs';

/** The notice's dates as the page shows them: in the display zone, each a <time>. */
const hiddenNote = (since, on) => `hidden since <time datetime="${isoTime(since)}">${shownTime(since)}</time>;` +
  ` deleted permanently on <time datetime="${isoTime(on)}">${shownTime(on)}</time>`;

const OWNER = 996201, SUB = 996202, NOLIC = 996203, GONE = 996204, HIDDEN = 996205;
const USERS = `${OWNER}, ${SUB}, ${NOLIC}, ${GONE}, ${HIDDEN}`;
// OWNER's L1 cases: no camera, one, two, and one whose camera is also in C2; an L2 case; SUB's
// L1 case; HIDDEN's case of a level taken away two days ago.
const C0 = 996300, C1 = 996301, C2 = 996302, C3 = 996303, C4 = 996304, C5 = 996305, C6 = 996306;

const cleanup = () => sql(`
  DELETE FROM audit_log WHERE user_id IN (${USERS});
  DELETE FROM analytics_cases WHERE id BETWEEN 996300 AND 996399;
  DELETE FROM users WHERE id = ${SUB};
  DELETE FROM users WHERE id IN (${USERS});`);

let admin, operator;
before(async () => {
  cleanup();
  sql(`
    INSERT INTO users (id, parent_id, origin, billing_id, username, login, status, deleted_at) VALUES
      (${OWNER}, NULL, 'billing', 'ACC-ANL-1', 'Analytics owner', 'anl.owner', 'active', NULL),
      (${SUB}, ${OWNER}, 'subuser', NULL, 'Analytics sub', 'anl.sub', 'active', NULL),
      (${NOLIC}, NULL, 'billing', 'ACC-ANL-3', 'No licences', 'anl.none', 'active', NULL),
      (${GONE}, NULL, 'billing', 'ACC-ANL-4', 'Deleted', 'anl.gone', 'terminated', NOW() - INTERVAL 1 DAY),
      (${HIDDEN}, NULL, 'billing', 'ACC-ANL-5', 'Hidden only', 'anl.hidden', 'active', NULL);
    INSERT INTO user_licenses (user_id, level_id, total, revoked_at) VALUES
      (${OWNER}, 1, 6, NULL), (${OWNER}, 2, 1, NULL), (${GONE}, 1, 2, NULL),
      (${HIDDEN}, 1, 0, UTC_TIMESTAMP() - INTERVAL 2 DAY);
    INSERT INTO analytics_cases (id, user_id, name, permission_id, status, created_at) VALUES
      (${C0}, ${OWNER}, 'No camera yet', 26, 'inactive', NOW() - INTERVAL 6 DAY),
      (${C1}, ${OWNER}, 'Gate line', 28, 'active', NOW() - INTERVAL 5 DAY),
      (${C2}, ${OWNER}, 'Yard <intrusion>', 30, 'partially_active', NOW() - INTERVAL 4 DAY),
      (${C3}, ${OWNER}, 'Porch sounds', 26, 'paused', NOW() - INTERVAL 3 DAY),
      (${C4}, ${OWNER}, 'Shop visitors', 32, 'active', NOW() - INTERVAL 2 DAY),
      (${C5}, ${SUB}, 'Child line', 28, 'active', NOW() - INTERVAL 1 DAY),
      (${C6}, ${HIDDEN}, 'Hidden smoke', 27, 'active', NOW() - INTERVAL 9 DAY);
    INSERT INTO analytics_case_cameras (case_id, camera_id) VALUES
      (${C1}, 1), (${C2}, 2), (${C2}, 3), (${C3}, 3), (${C4}, 4), (${C5}, 4), (${C6}, 1);
    INSERT INTO case_events (case_id, camera_id, detected_at, summary) VALUES
      (${C1}, 1, NOW(), 'a'), (${C1}, 1, NOW(), 'b'), (${C2}, 2, NOW(), 'c'), (${C5}, 4, NOW(), 'd'),
      (${C6}, 1, NOW(), 'e');`);
  admin = await signIn('admin');
  operator = await signIn('operator');
});
after(cleanup);

async function tab(id, q = '', who = admin) {
  const res = await who.get(`/admin/users/${id}/analytics${q}`, { json: true });
  assert.equal(res.status, 200, `analytics of ${id}${q}`);
  return res.json();
}

const level = (t, code) => t.levels.find((l) => l.level === code);
const ids = (t) => t.items.map((i) => i.id).sort();
const setTotal = (id, lvl, total, who = admin) =>
  who.post(`/admin/users/${id}/analytics/licenses`, { level: lvl, total: String(total) }, { json: true });
const caseCount = (where) => Number(sql(`SELECT COUNT(*) FROM analytics_cases WHERE ${where}`)[0][0]);

// --- licences and their use -------------------------------------------------------------

test('Used counts cameras: 0, 1 and 2 per case, a camera in two cases twice, a sub-user\'s too; Free the rest', async () => {
  const t = await tab(OWNER);
  assert.deepEqual(Object.keys(t.levels[0]), ['level', 'label', 'total', 'used', 'used_own', 'free', 'over',
    'hidden_cases', 'hidden_since', 'delete_on']);
  assert.deepEqual(t.levels.map((l) => l.level), ['L1', 'L2', 'L3']);
  assert.deepEqual(level(t, 'L1'), { level: 'L1', label: 'Basic detection', total: 6, used: 5, used_own: 4, free: 1,
    over: 0, hidden_cases: 0, hidden_since: null, delete_on: null });
  assert.deepEqual([level(t, 'L2').total, level(t, 'L2').used, level(t, 'L2').free], [1, 1, 0]);
  assert.deepEqual([level(t, 'L3').total, level(t, 'L3').used, level(t, 'L3').free], [0, 0, 0]);
  const cams = Object.fromEntries(t.items.map((i) => [i.id, i.cameras]));
  assert.deepEqual(cams, { [C0]: 0, [C1]: 1, [C2]: 2, [C3]: 1, [C4]: 1 });
  assert.equal(t.licences_of, OWNER);
});

test('the licence table reads Video analytics level, Total, Used, Free', async () => {
  const page = await (await admin.get(`/admin/users/${OWNER}/analytics`)).text();
  assert.match(page, /<th scope="col">Video analytics level<\/th><th scope="col">Total<\/th><th scope="col">Used<\/th><th scope="col">Free<\/th>/);
  assert.match(page, /<tr data-level="L1" class="licence">\s*<th scope="row">L1 <span class="label">Basic detection<\/span><\/th>/);
  assert.match(page, /<td class="used">5 <span class="note">\(4 in this user's cases\)<\/span><\/td>\s*<td class="free">1<\/td>/);
});

test('a sub-user is shown its parent\'s licences and its own cases', async () => {
  const t = await tab(SUB);
  assert.equal(t.licences_of, OWNER);
  assert.deepEqual([level(t, 'L1').total, level(t, 'L1').used, level(t, 'L1').used_own], [6, 5, 1]);
  assert.deepEqual(ids(t), [C5]);
  assert.ok((await admin.getJson(`/admin/users/${SUB}/header`)).body.tabs.includes('analytics'));
  const page = await (await admin.get(`/admin/users/${SUB}/analytics`)).text();
  assert.match(page, /it uses the licences of <a href="\/admin\/users\/996201">its parent/);
  assert.ok(!page.includes('licence-form'), 'licences are set on the parent');
});

test('lowering a total below Used is allowed and shows "over by N"', async () => {
  const res = await setTotal(OWNER, 'L1', 3);
  assert.equal(res.status, 200);
  const t = await res.json();
  assert.equal(t.message, 'L1: 6 → 3 licences.');
  assert.deepEqual([level(t, 'L1').free, level(t, 'L1').over], [0, 2]);
  const page = await (await admin.get(`/admin/users/${OWNER}/analytics`)).text();
  assert.match(page, /<tr data-level="L1" class="licence over">/);
  assert.match(page, /<td class="free">0 <span class="badge badge-over">over by 2<\/span><\/td>/);
  assert.equal((await setTotal(OWNER, 'L1', 6)).status, 200);
});

test('each change writes an audit row: admin, user, level, old -> new, address, time', async () => {
  const rows = sql(`SELECT admin_id, detail, remote_addr, TIMESTAMPDIFF(SECOND, created_at, NOW()) FROM audit_log
                    WHERE user_id = ${OWNER} AND action = 'user.licences' ORDER BY id`);
  assert.deepEqual(rows.map((r) => r[1]), ['L1: 6 -> 3', 'L1: 3 -> 6']);
  assert.equal(rows[0][0], sql("SELECT id FROM admins WHERE login = 'admin'")[0][0]);
  assert.equal(rows[0][2], '127.0.0.1');
  assert.ok(Number(rows[0][3]) < 120);
  const n = rows.length;
  assert.equal((await setTotal(OWNER, 'L1', 6)).status, 200, 'the same total again');
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE user_id = ${OWNER} AND action = 'user.licences'`)[0][0], String(n));
});

// --- the cases --------------------------------------------------------------------------

test('cases carry name, type, level, status, cameras with their names, events and creation time', async () => {
  const t = await tab(OWNER);
  const c2 = t.items.find((i) => i.id === C2);
  assert.deepEqual(Object.keys(c2), ['id', 'name', 'type', 'slug', 'level', 'status', 'cameras', 'camera_names',
    'cameras_hidden', 'events', 'created_at']);
  assert.deepEqual([c2.name, c2.type, c2.slug, c2.level, c2.status, c2.events],
    ['Yard <intrusion>', 'Zone intrusion', 'analytic-cases-zone-intrusion', 'L1', 'partially_active', 1]);
  const names = sql('SELECT name FROM cameras WHERE id IN (2, 3) ORDER BY name, id').flat();
  assert.deepEqual(c2.camera_names, names);
  assert.deepEqual(ids(t), [C0, C1, C2, C3, C4]);
  assert.deepEqual(t.items.map((i) => i.id), [C4, C3, C2, C1, C0], 'newest first');
  const page = await (await admin.get(`/admin/users/${OWNER}/analytics`)).text();
  assert.match(page, /<td>Yard &lt;intrusion&gt;<\/td>/);
  assert.match(page, /<details><summary>2<\/summary><ul class="camera-names">/);
});

test('an ordinary admin sees only the names of the cameras in its scope, and how many others', async () => {
  const c2 = (await tab(OWNER, '', operator)).items.find((i) => i.id === C2);
  assert.deepEqual([c2.cameras, c2.cameras_hidden], [2, 1]);
  assert.deepEqual(c2.camera_names, sql('SELECT name FROM cameras WHERE id = 3').flat());
  const page = await (await operator.get(`/admin/users/${OWNER}/analytics`)).text();
  assert.match(page, /1 outside your scope/);
  assert.ok(!page.includes('licence-form'), 'an ordinary admin reads the totals only');
});

test('the cases filter by level and status, sort, page and download as CSV', async () => {
  assert.deepEqual(ids(await tab(OWNER, '?level=L2')), [C4]);
  assert.deepEqual(ids(await tab(OWNER, '?status=paused')), [C3]);
  assert.deepEqual((await tab(OWNER, '?sort=name&dir=asc')).items.map((i) => i.name),
    ['Gate line', 'No camera yet', 'Porch sounds', 'Shop visitors', 'Yard <intrusion>']);
  assert.deepEqual((await tab(OWNER, '?sort=level&dir=desc')).items[0].id, C4);
  const p1 = await tab(OWNER, '?sort=status&dir=asc&limit=25');
  assert.deepEqual(p1.items.map((i) => i.status), ['active', 'active', 'partially_active', 'paused', 'inactive']);
  const csv = await admin.get(`/admin/users/${OWNER}/analytics?format=csv&level=L1&sort=name&dir=asc`);
  assert.equal(csv.status, 200);
  const lines = (await csv.text()).trim().split('\r\n');
  assert.equal(lines[0], 'ID,Name,Analytics type,Level,Status,Cameras,Events,Created at');
  assert.deepEqual(lines.slice(1).map((l) => Number(l.split(',')[0])), [C1, C0, C3, C2]);
  assert.equal((await admin.get(`/admin/users/${OWNER}/analytics?level=L9`)).status, 400);
  assert.equal((await admin.get(`/admin/users/${OWNER}/analytics?status=done`)).status, 400);
});

// --- the tab is offered -------------------------------------------------------------------

test('without licences or hidden cases the tab answers 404 saying why, and the bar lacks it', async () => {
  const res = await admin.get(`/admin/users/${NOLIC}/analytics`, { json: true });
  assert.equal(res.status, 404);
  assert.match((await res.json()).error, /holds no analytics licence and has no hidden cases/);
  assert.ok(!(await admin.getJson(`/admin/users/${NOLIC}/header`)).body.tabs.includes('analytics'));
  assert.equal((await admin.get(`/admin/users/${GONE}/analytics`)).status, 404);
});

test('hidden cases inside their 7 days keep the tab, with the notice and no case listed', async () => {
  assert.ok((await admin.getJson(`/admin/users/${HIDDEN}/header`)).body.tabs.includes('analytics'));
  const t = await tab(HIDDEN);
  assert.deepEqual(t.items, []);
  const [[since, on]] = sql(`SELECT DATE_FORMAT(revoked_at, '%Y-%m-%d %H:%i:%s'), DATE_FORMAT(revoked_at + INTERVAL 7 DAY, '%Y-%m-%d %H:%i:%s')
                             FROM user_licenses WHERE user_id = ${HIDDEN} AND level_id = 1`);
  assert.deepEqual([level(t, 'L1').hidden_cases, level(t, 'L1').hidden_since, level(t, 'L1').delete_on], [1, isoTime(since), isoTime(on)]);
  const page = await (await admin.get(`/admin/users/${HIDDEN}/analytics`)).text();
  assert.ok(page.includes(`1 case ${hiddenNote(since, on)} unless a licence of this level is given back.`));
});

// --- a level losing its licences ------------------------------------------------------------

test('a total set to 0 hides the level\'s cases at once: gone from the list, the counts and JSON, with the dates', async () => {
  const res = await setTotal(OWNER, 'L1', 0);
  assert.equal(res.status, 200);
  const t = await res.json();
  assert.deepEqual(ids(t), [C4]);
  const [[since, on]] = sql(`SELECT DATE_FORMAT(revoked_at, '%Y-%m-%d %H:%i:%s'), DATE_FORMAT(revoked_at + INTERVAL 7 DAY, '%Y-%m-%d %H:%i:%s')
                             FROM user_licenses WHERE user_id = ${OWNER} AND level_id = 1`);
  assert.ok(Date.now() - Date.parse(`${since}Z`) < 120000, 'stamped now');
  assert.deepEqual(level(t, 'L1'), { level: 'L1', label: 'Basic detection', total: 0, used: 0, used_own: 0, free: 0,
    over: 0, hidden_cases: 4, hidden_since: isoTime(since), delete_on: isoTime(on) });
  assert.deepEqual(ids(await tab(OWNER, '?level=L1')), []);
  const sub = await tab(SUB);
  assert.deepEqual([ids(sub), level(sub, 'L1').hidden_cases], [[], 1]);
  const csv = await (await admin.get(`/admin/users/${OWNER}/analytics?format=csv`)).text();
  assert.equal(csv.trim().split('\r\n').length, 2, 'the L2 case only');
  const page = await (await admin.get(`/admin/users/${OWNER}/analytics`)).text();
  assert.ok(page.includes(`4 cases ${hiddenNote(since, on)} unless a licence`));
  assert.equal(caseCount(`id BETWEEN ${C0} AND ${C5}`), 6, 'hidden, not deleted');
});

test('given back on day 6, everything is back with nothing lost', async () => {
  sql(`UPDATE user_licenses SET revoked_at = revoked_at - INTERVAL 6 DAY WHERE user_id = ${OWNER} AND level_id = 1`);
  assert.equal(level(await tab(OWNER), 'L1').hidden_cases, 4, 'still hidden on day 6');
  sql('CALL purge_expired()');
  assert.equal(caseCount(`id BETWEEN ${C0} AND ${C5}`), 6);
  assert.equal((await setTotal(OWNER, 'L1', 6)).status, 200);
  const t = await tab(OWNER);
  assert.deepEqual(ids(t), [C0, C1, C2, C3, C4]);
  assert.deepEqual([level(t, 'L1').used, level(t, 'L1').free, level(t, 'L1').hidden_cases, level(t, 'L1').hidden_since],
    [5, 1, 0, null]);
  assert.equal(t.items.find((i) => i.id === C1).events, 2);
  assert.deepEqual(ids(await tab(SUB)), [C5]);
  assert.equal(sql(`SELECT COUNT(*) FROM user_licenses WHERE user_id = ${OWNER} AND revoked_at IS NOT NULL`)[0][0], '0');
});

test('the tab and purge_expired() agree to the second on when hidden cases are gone', async () => {
  // 30 s before the end of the 7 days: hidden, with its date, and the purge keeps it
  sql(`UPDATE user_licenses SET revoked_at = UTC_TIMESTAMP() - INTERVAL 7 DAY + INTERVAL 30 SECOND
       WHERE user_id = ${HIDDEN} AND level_id = 1`);
  assert.equal(level(await tab(HIDDEN), 'L1').hidden_cases, 1);
  sql('CALL purge_expired()');
  assert.equal(caseCount(`id = ${C6}`), 1);
  // one second past them: the tab says gone at once (not hidden, not offered), the purge removes it
  sql(`UPDATE user_licenses SET revoked_at = UTC_TIMESTAMP() - INTERVAL 7 DAY - INTERVAL 1 SECOND
       WHERE user_id = ${HIDDEN} AND level_id = 1`);
  assert.equal((await admin.get(`/admin/users/${HIDDEN}/analytics`)).status, 404);
  assert.ok(!(await admin.getJson(`/admin/users/${HIDDEN}/header`)).body.tabs.includes('analytics'));
  assert.equal(caseCount(`id = ${C6}`), 1, 'until the purge runs');
  sql('CALL purge_expired()');
  assert.equal(caseCount(`id = ${C6}`), 0);
  assert.equal(sql(`SELECT COUNT(*) FROM case_events WHERE case_id = ${C6}`)[0][0], '0');
});

test('still without a licence on day 8, the purge removes those cases and their events, and nothing else', async () => {
  assert.equal((await setTotal(OWNER, 'L1', 0)).status, 200);
  sql(`UPDATE user_licenses SET revoked_at = revoked_at - INTERVAL 8 DAY WHERE user_id = ${OWNER} AND level_id = 1`);
  const t = await tab(OWNER);
  assert.deepEqual([ids(t), level(t, 'L1').hidden_cases, level(t, 'L1').delete_on], [[C4], 0, null]);
  const before = {
    cases: caseCount(`id NOT BETWEEN ${C0} AND ${C5}`),
    events: sql(`SELECT COUNT(*) FROM case_events WHERE case_id NOT IN (${C0}, ${C1}, ${C2}, ${C3}, ${C5})`)[0][0],
    cameras: sql('SELECT COUNT(*) FROM cameras')[0][0],
    licences: sql('SELECT COUNT(*) FROM user_licenses')[0][0],
  };
  sql('CALL purge_expired()');
  assert.deepEqual(sql(`SELECT id FROM analytics_cases WHERE id BETWEEN ${C0} AND ${C5}`).flat().map(Number), [C4]);
  assert.equal(sql(`SELECT COUNT(*) FROM case_events WHERE case_id IN (${C1}, ${C2}, ${C5})`)[0][0], '0');
  assert.equal(sql(`SELECT COUNT(*) FROM analytics_case_cameras WHERE case_id IN (${C1}, ${C2}, ${C3}, ${C5})`)[0][0], '0');
  assert.deepEqual({
    cases: caseCount(`id NOT BETWEEN ${C0} AND ${C5}`),
    events: sql(`SELECT COUNT(*) FROM case_events WHERE case_id NOT IN (${C0}, ${C1}, ${C2}, ${C3}, ${C5})`)[0][0],
    cameras: sql('SELECT COUNT(*) FROM cameras')[0][0],
    licences: sql('SELECT COUNT(*) FROM user_licenses')[0][0],
  }, before);
});

// --- who may change totals, and bad input ------------------------------------------------

test('an ordinary admin may not change a total: 403, nothing changes', async () => {
  const res = await setTotal(OWNER, 'L2', 9, operator);
  assert.equal(res.status, 403);
  assert.equal(sql(`SELECT total FROM user_licenses WHERE user_id = ${OWNER} AND level_id = 2`)[0][0], '1');
});

test('a bad total or level answers 400 naming it; no CSRF token 403', async () => {
  for (const total of ['-1', '1.5', 'abc', '100001', '']) {
    const res = await admin.post(`/admin/users/${OWNER}/analytics/licenses`, { level: 'L2', total }, { json: true });
    assert.equal(res.status, 400, total);
    assert.match((await res.json()).error, /^total: /, total);
  }
  for (const lvl of ['L4', 'l1', '']) {
    const res = await admin.post(`/admin/users/${OWNER}/analytics/licenses`, { level: lvl, total: '1' }, { json: true });
    assert.equal(res.status, 400, lvl);
    assert.match((await res.json()).error, /^level: /, lvl);
  }
  const json = (body) => admin.post(`/admin/users/${OWNER}/analytics/licenses`, body,
    { headers: { 'content-type': 'application/json' }, json: true });
  assert.equal((await json('{"level":"L2","total":-3}')).status, 400);
  assert.equal((await json('{"level":"L2","total":2.5}')).status, 400);
  assert.equal((await json('{"level":"L2","total":"x"}')).status, 400);
  const ok = await json('{"level":"L2","total":2}');
  assert.equal(ok.status, 200);
  assert.equal(level(await ok.json(), 'L2').total, 2);
  assert.equal((await admin.post(`/admin/users/${OWNER}/analytics/licenses`, { level: 'L2', total: '1' }, { csrf: false })).status, 403);
  assert.equal(sql(`SELECT total FROM user_licenses WHERE user_id = ${OWNER} AND level_id = 2`)[0][0], '2');
});

test('a deleted user\'s or a sub-user\'s totals answer 409; an unknown user 404', async () => {
  const gone = await setTotal(GONE, 'L1', 5);
  assert.equal(gone.status, 409);
  assert.match((await gone.json()).error, /^This user was deleted/);
  const sub = await setTotal(SUB, 'L1', 5);
  assert.equal(sub.status, 409);
  assert.match((await sub.json()).error, /sub-user: it uses the licences of its parent 996201/);
  assert.equal((await setTotal(999999999, 'L1', 5)).status, 404);
  assert.equal((await raw(`/admin/users/${OWNER}/analytics`)).status, 401);
});
