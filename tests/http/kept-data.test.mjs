// kept-data.test.mjs — what pages read instead of counting or joining (migrations 060-062) stays
// equal to what it stands for, whoever changes the data and however: the Cameras tab's counts per
// status (the user's and each ordinary admin's) and its sort keys, through billing requests and
// through direct changes of cameras, locations, a user's cameras and an admin's grants —
// cascades included; and the header's tabs, through changes of permissions and licences.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { signIn, sql } from './helpers.mjs';
import { Run } from './billing-helpers.mjs';

const run = new Run('kd');
let admin, operator, uid;

before(async () => {
  admin = await signIn('admin');
  operator = await signIn('operator');
  uid = await run.newUser('-kd');
});
after(() => run.cleanup());

const STATUSES = ['active', 'partially_active', 'inactive', 'empty'];

/** The counts as the tab shows them, for client. */
async function shown(client) {
  const { status, body } = await client.getJson(`/admin/users/${uid}/cameras`);
  assert.equal(status, 200);
  return { counts: body.counts, outside: body.outside_scope };
}

/** The same counted from the tables themselves: all of the user's cameras, or those granted
 *  to admin 2 (the operator) and how many are not. */
function counted(operatorOnly) {
  const rows = sql(`SELECT c.status, COUNT(*), SUM(ac.camera_id IS NULL) FROM user_cameras uc
    JOIN cameras c ON c.id = uc.camera_id
    LEFT JOIN admin_cameras ac ON ac.camera_id = c.id AND ac.admin_id = 2
    WHERE uc.user_id = ${uid} GROUP BY c.status`);
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0]));
  let outside = 0;
  for (const [s, n, hidden] of rows) {
    counts[s] = operatorOnly ? Number(n) - Number(hidden) : Number(n);
    outside += Number(hidden);
  }
  return { counts, outside: operatorOnly ? outside : 0 };
}

async function same(what) {
  assert.deepEqual(await shown(admin), counted(false), `${what}: a superadmin's counts`);
  assert.deepEqual(await shown(operator), counted(true), `${what}: the operator's counts`);
  const names = (await admin.getJson(`/admin/users/${uid}/cameras?sort=name&limit=100`)).body.items.map((c) => c.id);
  const byName = sql(`SELECT c.id FROM user_cameras uc JOIN cameras c ON c.id = uc.camera_id
    WHERE uc.user_id = ${uid} ORDER BY c.name, c.id LIMIT 100`).map(([id]) => Number(id));
  assert.deepEqual(names, byName, `${what}: the order by name`);
  const places = (await admin.getJson(`/admin/users/${uid}/cameras?sort=location&limit=100`)).body.items
    .map((c) => c.location?.address ?? '');
  const byPlace = sql(`SELECT COALESCE(l.address, '') FROM user_cameras uc JOIN cameras c ON c.id = uc.camera_id
    LEFT JOIN locations l ON l.id = c.location_id WHERE uc.user_id = ${uid}
    ORDER BY COALESCE(l.address, ''), c.id LIMIT 100`).map(([a]) => a === 'NULL' ? '' : a);
  assert.deepEqual(places, byPlace, `${what}: the order by location`);
}

const cam = (s) => run.camera(s);
const idOf = (ext) => Number(sql(`SELECT id FROM cameras WHERE external_id = '${ext}'`)[0][0]);

test('the Cameras tab\'s counts and orders follow every change of cameras, grants and locations', async () => {
  const acc = run.account('-kd');
  for (const s of ['a', 'b', 'c', 'd']) {
    const res = await run.send(run.req('billing.new_camera', acc, { external_id: cam(s), name: `Kept ${s}`, csa: 'CSA-0001' }));
    assert.equal(res.status, 200, res.text);
  }
  await same('four new cameras');
  sql(`INSERT INTO admin_cameras (admin_id, camera_id) VALUES (2, ${idOf(cam('a'))}), (2, ${idOf(cam('b'))})`);
  await same('two granted to the operator');
  sql(`UPDATE cameras SET status = 'inactive' WHERE id = ${idOf(cam('a'))}`);
  sql(`UPDATE cameras SET status = 'partially_active', name = 'Aardvark' WHERE id = ${idOf(cam('c'))}`);
  await same('statuses and a name changed');
  sql(`UPDATE cameras SET location_id = 3 WHERE id = ${idOf(cam('b'))}`);
  sql("UPDATE locations SET address = CONCAT(address, ' (moved)') WHERE id = 1");
  try {
    await same('a location changed, and an address');
  } finally {
    sql("UPDATE locations SET address = REPLACE(address, ' (moved)', '') WHERE id = 1");
  }
  assert.equal((await run.send(run.req('billing.detach_camera', acc, { external_id: cam('d') }))).status, 200);
  await same('one detached by billing');
  assert.equal((await run.send(run.req('billing.attach_camera', acc, { external_id: cam('d') }))).status, 200);
  await same('attached again');
  sql(`DELETE FROM admin_cameras WHERE admin_id = 2 AND camera_id = ${idOf(cam('b'))}`);
  await same('a grant taken back');
  sql(`DELETE FROM cameras WHERE id = ${idOf(cam('a'))}`); /* its user_cameras and grants go by cascade */
  await same('a camera deleted');
  sql(`INSERT INTO user_cameras (user_id, camera_id) VALUES (${uid}, 1)`); /* a demo camera, shared */
  await same('a camera shared with another user');
  sql(`UPDATE cameras SET status = 'empty' WHERE id = 1`);
  try {
    await same('the shared camera changed');
  } finally {
    sql("UPDATE cameras SET status = 'active' WHERE id = 1");
    sql(`DELETE FROM user_cameras WHERE user_id = ${uid} AND camera_id = 1`);
  }
  await same('the shared camera taken away again');
});

test("the header's tabs follow the user's permissions and licences", async () => {
  const tabs = async () => (await admin.getJson('/admin/users/1004/header')).body.tabs;
  const subTabs = async () => (await admin.getJson('/admin/users/1004901/header')).body.tabs;
  sql(`INSERT INTO users (id, parent_id, origin, username, login, status)
         VALUES (1004901, 1004, 'subuser', 'Kept flags sub', 'kept.flags.sub', 'active')`);
  assert.ok(!(await tabs()).includes('subusers'));
  assert.ok(!(await tabs()).includes('analytics'));
  sql(`INSERT INTO user_permissions (user_id, permission_id) SELECT 1004, id FROM permissions WHERE code = 'subusers-manage';
       INSERT INTO user_licenses (user_id, level_id, total) VALUES (1004, 2, 3)`);
  try {
    assert.ok((await tabs()).includes('subusers'), 'a permission given');
    assert.ok((await tabs()).includes('analytics'), 'a licence given');
    assert.ok((await subTabs()).includes('analytics'), "a sub-user draws on its parent's licence");
    sql('UPDATE user_licenses SET total = 0, revoked_at = UTC_TIMESTAMP() WHERE user_id = 1004 AND level_id = 2');
    assert.ok(!(await tabs()).includes('analytics'), 'the licence taken back');
    assert.ok(!(await subTabs()).includes('analytics'), "the parent's licence taken back");
    sql(`INSERT INTO analytics_cases (user_id, name, permission_id)
           SELECT 1004, 'Kept flags case', MIN(id) FROM permissions WHERE level_id = 1`);
    assert.ok((await tabs()).includes('analytics'), 'a case without a licence (its cases are shown hidden)');
    sql('DELETE FROM analytics_cases WHERE user_id = 1004');
    assert.ok(!(await tabs()).includes('analytics'), 'the case gone');
    sql(`DELETE up FROM user_permissions up JOIN permissions p ON p.id = up.permission_id
         WHERE up.user_id = 1004 AND p.code = 'subusers-manage'`);
    assert.ok(!(await tabs()).includes('subusers'), 'the permission taken back');
  } finally {
    sql(`DELETE FROM analytics_cases WHERE user_id = 1004;
         DELETE FROM users WHERE id = 1004901;
         DELETE FROM user_licenses WHERE user_id = 1004;
         DELETE up FROM user_permissions up JOIN permissions p ON p.id = up.permission_id
          WHERE up.user_id = 1004 AND p.code = 'subusers-manage'`);
  }
});
