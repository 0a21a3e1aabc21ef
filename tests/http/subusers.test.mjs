// subusers.test.mjs — the Sub-users tab (subusers program): who has it (subusers-manage, never a
// sub-user), its columns and per-row Permissions, the list contract (cursor pages of 25/50/100
// both ways, search by ID, name or login, every sort, JSON and CSV), the permission counts
// under the parent's licences, and a deleted parent's sub-users. Uses its own users (9961xx).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { signIn, sql, makeCursor, ISO_TIME } from './helpers.mjs';

const PARENT = 996101, PLAIN = 996102, FIRST = 996110, N = 30;
const KIDS = Array.from({ length: N }, (_, i) => FIRST + i);

const cleanup = () => sql(`
  DELETE FROM users WHERE parent_id IN (${PARENT}, ${PLAIN});
  DELETE FROM users WHERE id IN (${PARENT}, ${PLAIN});`);

let admin;
before(async () => {
  cleanup();
  // names and logins sort differently from ids; one hostile name; creation times all distinct
  const rows = KIDS.map((id, i) => {
    const name = i === 7 ? "<b>Bold</b> & 'quoted'" : `Kid ${String.fromCharCode(90 - (i % 26))}${i}`;
    return `(${id}, ${PARENT}, 'subuser', NULL, '${name.replace(/'/g, "''")}', 'sub.${(i * 7) % N}.${i}',
             '${i % 5 === 4 ? 'paused' : 'active'}', NOW() - INTERVAL ${(i * 13) % N} HOUR - INTERVAL ${i} MINUTE)`;
  });
  sql(`
    INSERT INTO users (id, parent_id, origin, billing_id, username, login, status, created_at) VALUES
      (${PARENT}, NULL, 'billing', 'ACC-SUB-1', 'Sub parent', 'sub.parent', 'active', NOW() - INTERVAL 400 DAY),
      (${PLAIN}, NULL, 'billing', 'ACC-SUB-2', 'No subs', 'sub.plain', 'active', NOW() - INTERVAL 300 DAY);
    INSERT INTO users (id, parent_id, origin, billing_id, username, login, status, created_at) VALUES ${rows.join(',')};
    INSERT INTO user_licenses (user_id, level_id, total) VALUES (${PARENT}, 1, 3);
    INSERT INTO user_permissions (user_id, permission_id)
      SELECT ${PARENT}, id FROM permissions WHERE code IN ('subusers-manage', 'archives-show');
    INSERT INTO user_permissions (user_id, permission_id)
      SELECT ${FIRST}, id FROM permissions WHERE code IN ('archives-show', 'intercoms-index',
        'analytic-cases-loud-sound', 'analytic-cases-face');`);
  admin = await signIn('admin');
});
after(cleanup);

const list = (q = '') => admin.getJson(`/admin/users/${PARENT}/subusers${q}`);

/** The ids of the sub-users in the order SQL gives for this ORDER BY. */
const ordered = (order) => sql(`SELECT id FROM users u WHERE parent_id = ${PARENT} ORDER BY ${order}`).flat().map(Number);

// --- who has the tab ----------------------------------------------------------------------

test('a user without subusers-manage has no Sub-users tab: 404 with the reason, and none in the bar', async () => {
  const res = await admin.get(`/admin/users/${PLAIN}/subusers`, { json: true });
  assert.equal(res.status, 404);
  assert.match((await res.json()).error, /does not hold the subusers-manage permission/);
  assert.ok(!(await admin.getJson(`/admin/users/${PLAIN}/header`)).body.tabs.includes('subusers'));
  assert.ok((await admin.getJson(`/admin/users/${PARENT}/header`)).body.tabs.includes('subusers'));
});

test('a sub-user has no Sub-users tab: 404 saying sub-users have no sub-users', async () => {
  const res = await admin.get(`/admin/users/${FIRST}/subusers`, { json: true });
  assert.equal(res.status, 404);
  assert.match((await res.json()).error, /sub-users have no sub-users/);
});

test('an unknown user answers 404, a non-numeric id 400', async () => {
  assert.equal((await admin.get('/admin/users/999999999/subusers')).status, 404);
  assert.equal((await admin.get('/admin/users/x1/subusers')).status, 400);
});

// --- what it shows ------------------------------------------------------------------------

test('the table has ID, Name, Login, Created at, Status and Permissions, each row a link to the profile', async () => {
  const res = await admin.get(`/admin/users/${PARENT}/subusers`);
  assert.equal(res.status, 200);
  const page = await res.text();
  const heads = [...page.matchAll(/<th scope="col"[^>]*>(?:<a [^>]*>)?([^<]+)/g)].map((m) => m[1].trim());
  assert.deepEqual(heads, ['ID', 'Name', 'Login', 'Created at', 'Status', 'Permissions']);
  assert.match(page, new RegExp(`<tr data-user-id="${FIRST}" data-href="/admin/users/${FIRST}"`));
  assert.match(page, new RegExp(`<a href="/admin/users/${FIRST}" class="user">${FIRST}</a>`));
  assert.match(page, /&lt;b&gt;Bold&lt;\/b&gt; &amp; &#39;quoted&#39;/);
  assert.ok(!page.includes('<b>Bold'), 'escaped');
});

test('each row has a Permissions button that opens the sub-user\'s editor in a region of the tab', async () => {
  const page = await (await admin.get(`/admin/users/${PARENT}/subusers`)).text();
  assert.match(page, new RegExp(`<button type="button" class="secondary perm-open" data-slot-src="/admin/users/${FIRST}/access" aria-expanded="false" aria-controls="perm-slot-${FIRST}">Permissions`));
  assert.match(page, new RegExp(`<div class="perm-slot" id="perm-slot-${FIRST}" role="region" aria-label="Permissions of sub\\.0\\.0" tabindex="-1" data-slot`));
  assert.equal((await admin.get(`/admin/users/${FIRST}/access`)).status, 200);
});

test('JSON items carry id, name, login, created_at, status and the permissions that count', async () => {
  const { status, body } = await list();
  assert.equal(status, 200);
  const first = body.items.find((i) => i.id === FIRST);
  assert.deepEqual(Object.keys(first), ['id', 'name', 'login', 'created_at', 'status', 'deleted', 'permissions']);
  // archives-show, intercoms-index, and the L1 permission; the L3 one does not count (no L3 licence)
  assert.equal(first.permissions, 3);
  assert.equal(first.deleted, false);
  assert.match(first.created_at, ISO_TIME);
  assert.equal(body.items.find((i) => i.id === FIRST + 4).status, 'paused');
});

// --- the list contract ----------------------------------------------------------------------

test('pages of 25 by cursor, forwards and back; 50 and 100 hold them all', async () => {
  const p1 = await list();
  assert.deepEqual(p1.body.items.map((i) => i.id), KIDS.slice(0, 25));
  assert.equal(p1.body.prev, null);
  const p2 = await list(`?after=${p1.body.next}`);
  assert.deepEqual(p2.body.items.map((i) => i.id), KIDS.slice(25));
  assert.equal(p2.body.next, null);
  const back = await list(`?before=${p2.body.prev}`);
  assert.deepEqual(back.body.items.map((i) => i.id), KIDS.slice(0, 25));
  for (const limit of [50, 100]) {
    const all = await list(`?limit=${limit}`);
    assert.equal(all.body.items.length, N);
    assert.equal(all.body.next, null);
  }
  assert.equal((await admin.get(`/admin/users/${PARENT}/subusers?limit=30`)).status, 400);
});

test('every column sorts both ways, across pages', async () => {
  const orders = { id: 'id', name: 'username', login: 'login', created_at: 'created_at', status: 'status' };
  for (const [sort, col] of Object.entries(orders)) {
    for (const dir of ['asc', 'desc']) {
      const p1 = await list(`?sort=${sort}&dir=${dir}`);
      assert.equal(p1.status, 200);
      const p2 = await list(`?sort=${sort}&dir=${dir}&after=${p1.body.next}`);
      const got = [...p1.body.items, ...p2.body.items].map((i) => i.id);
      assert.deepEqual(got, ordered(`${col} ${dir}, id ${dir}`), `${sort} ${dir}`);
    }
  }
  assert.equal((await admin.get(`/admin/users/${PARENT}/subusers?sort=permissions`)).status, 400);
});

test('search finds by ID, part of the name or part of the login, literally', async () => {
  assert.deepEqual((await list(`?q=${FIRST + 3}`)).body.items.map((i) => i.id), [FIRST + 3]);
  assert.deepEqual((await list('?q=Bold')).body.items.map((i) => i.id), [FIRST + 7]);
  assert.deepEqual((await list('?q=sub.0.0')).body.items.map((i) => i.id), [FIRST]);
  assert.deepEqual((await list('?q=%25')).body.items, []);
  assert.equal((await list('?q=kid&limit=50')).body.items.length, N - 1);
});

test('a cursor of another order, filter or list answers 400', async () => {
  const p1 = await list();
  assert.equal((await admin.get(`/admin/users/${PARENT}/subusers?sort=name&after=${p1.body.next}`)).status, 400);
  assert.equal((await admin.get(`/admin/users/${PARENT}/subusers?q=kid&after=${p1.body.next}`)).status, 400);
  const forged = makeCursor({ list: 'cameras', sort: 'id', filter: [['id', String(PARENT)]], id: FIRST });
  assert.equal((await admin.get(`/admin/users/${PARENT}/subusers?after=${forged}`)).status, 400);
  const ours = makeCursor({ list: 'subusers', sort: 'id', filter: [['id', String(PARENT)]], id: FIRST + 9 });
  assert.deepEqual((await list(`?after=${ours}`)).body.items[0].id, FIRST + 10);
});

test('CSV has the headings and every sub-user of the filter and order', async () => {
  const res = await admin.get(`/admin/users/${PARENT}/subusers?format=csv&sort=login`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/csv/);
  assert.match(res.headers.get('content-disposition'), new RegExp(`user-${PARENT}-subusers\\.csv`));
  const lines = (await res.text()).trim().split('\r\n');
  assert.equal(lines[0], 'ID,Name,Login,Created at,Status,Deleted,Permissions');
  assert.equal(lines.length, N + 1);
  assert.deepEqual(lines.slice(1).map((l) => Number(l.split(',')[0])), ordered('login asc, id asc'));
  assert.ok(lines.includes(lines.find((l) => l.startsWith(`${FIRST},`))));
  assert.match(lines.find((l) => l.startsWith(`${FIRST},`)), /,active,no,3$/);
});

// --- a deleted parent -------------------------------------------------------------------------

test("a deleted user's sub-users are listed, marked deleted, while its history is kept", async () => {
  assert.ok((await admin.getJson('/admin/users/1005/header')).body.tabs.includes('subusers'));
  const { status, body } = await admin.getJson('/admin/users/1005/subusers');
  assert.equal(status, 200);
  assert.deepEqual(body.items.map((i) => [i.id, i.deleted, i.status]), [[2004, true, 'terminated']]);
  const page = await (await admin.get('/admin/users/1005/subusers')).text();
  assert.match(page, /class="subuser deleted"/);
  assert.match(page, /<span class="badge badge-deleted">deleted<\/span>/);
  assert.match(page, /its sub-users were deleted with it and are shown, read-only/);
  assert.equal((await admin.getJson('/admin/users/2004/access')).body.read_only, true);
});
