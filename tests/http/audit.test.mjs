// audit.test.mjs — the audit trail: the profile's Audit tab (GET /admin/users/{id}/audit) lists
// every administrator action on the user — sign-in as user (issued, used), sync (requested,
// done, failed), permission and licence changes, any other action by its raw name — with who,
// when, from where and the detail; filtered by action; cursor pages (newest first) at the same
// cost at any depth; JSON and CSV. /admin/audit (superadmins: 403 for an ordinary admin) lists
// everyone's actions, sign-ins and failed sign-ins included, filtered by admin, action and days.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { signIn, sql, handlerReads } from './helpers.mjs';
import { makeUser, removeUsers, waitJob } from './sync-helpers.mjs';

let admin, operator, u, pager;

/** An audit row for user (admin 1 unless given) at an offset in minutes from now. */
function row(user, action, detail, { admin: by = 1, ago = 1, addr = '192.0.2.7', agent = 'AuditTest/2.0' } = {}) {
  sql(`INSERT INTO audit_log (admin_id, user_id, action, detail, remote_addr, user_agent, created_at)
       VALUES (${by}, ${user}, '${action}', ${detail === null ? 'NULL' : `'${detail}'`}, ${addr === null ? 'NULL' : `'${addr}'`}, '${agent}',
               NOW() - INTERVAL ${ago} MINUTE)`);
}

before(async () => {
  admin = await signIn('admin');
  operator = await signIn('operator');
  u = makeUser({ envs: [] });
  row(u.id, 'user.login_as.issued', 'a sign-in link valid 60 s', { ago: 50 });
  row(u.id, 'user.login_as.used', 'the web client opened', { ago: 49 });
  row(u.id, 'user.permissions', '+archives-show -ptz-control', { ago: 40, admin: 2 });
  row(u.id, 'user.licences', 'L1: 2 -> 5', { ago: 30 });
  row(u.id, 'user.password_reset', 'a name no one told the tab about', { ago: 20 });
  row(u.id, 'user.sync.failed', 'job 7: settings version 1 delivered to 0 of 1 environments after 4 attempts; PC (desktop): HTTP 500', { ago: 10, addr: null });
  const res = await admin.post(`/admin/users/${u.id}/sync-cameras`, null, { json: true });
  const job = await res.json();
  await waitJob(admin, u.id, job.id);
  pager = makeUser({ envs: [] });
  sql(`INSERT INTO audit_log (admin_id, user_id, action, detail, created_at)
       SELECT 1, ${pager.id}, IF(seq % 2, 'user.permissions', 'user.licences'), CONCAT('change ', seq),
              NOW() - INTERVAL (200 - seq) MINUTE FROM seq_1_to_60`);
});
after(() => removeUsers());

const tab = (id, q = '') => `/admin/users/${id}/audit${q}`;

async function items(id, q = '') {
  const res = await admin.getJson(tab(id, q));
  assert.equal(res.status, 200, tab(id, q));
  return res.body;
}

test('the tab lists every action on the user with who, when, from where and the detail', async () => {
  const { items: rows } = await items(u.id);
  const byAction = Object.fromEntries(rows.map((r) => [r.action, r]));
  for (const a of ['user.login_as.issued', 'user.login_as.used', 'user.permissions', 'user.licences',
    'user.password_reset', 'user.sync.failed', 'user.sync.requested', 'user.sync.done']) assert.ok(byAction[a], a);
  assert.equal(byAction['user.login_as.issued'].label, 'Log in as User: link issued');
  assert.equal(byAction['user.login_as.used'].label, 'Log in as User: signed in');
  assert.equal(byAction['user.sync.requested'].label, 'Synchronize cameras: requested');
  assert.equal(byAction['user.sync.done'].label, 'Synchronize cameras: delivered');
  assert.equal(byAction['user.sync.failed'].label, 'Synchronize cameras: failed');
  assert.equal(byAction['user.licences'].label, 'Licences changed');
  assert.equal(byAction['user.licences'].detail, 'L1: 2 -> 5');
  const perm = byAction['user.permissions'];
  assert.deepEqual([perm.label, perm.detail, perm.admin, perm.admin_id, perm.remote_addr, perm.user_agent],
    ['Permissions changed', '+archives-show -ptz-control', 'operator', 2, '192.0.2.7', 'AuditTest/2.0']);
  assert.equal(byAction['user.password_reset'].label, 'user.password_reset', 'an unknown action reads by its name');
  assert.equal(byAction['user.sync.failed'].remote_addr, null);
  const when = rows.map((r) => r.created_at);
  assert.deepEqual(when, [...when].sort().reverse(), 'newest first');
  assert.equal(rows.filter((r) => r.action.startsWith('admin.')).length, 0, 'sign-ins are not about a user');
});

test('the tab in HTML: labels, raw names, escaped text, the action filter offers every name', async () => {
  const res = await admin.get(tab(u.id));
  assert.equal(res.status, 200);
  const page = await res.text();
  assert.match(page, /<span class="label">Permissions changed<\/span> <code class="action-name">user.permissions<\/code>/);
  assert.match(page, /<span class="label">user.password_reset<\/span><\/td>/, 'an unknown name once, no code beside it');
  assert.match(page, /<option value="user.password_reset">user.password_reset<\/option>/);
  assert.match(page, /<option value="user.login_as.used">Log in as User: signed in<\/option>/);
  assert.match(page, /<td class="agent">AuditTest\/2.0<\/td>/);
});

test('filter by action', async () => {
  const { items: rows } = await items(u.id, '?action=user.sync.requested');
  assert.equal(rows.length, 1);
  assert.equal(rows[0].action, 'user.sync.requested');
  assert.equal((await items(u.id, '?action=no.such.action')).items.length, 0);
  assert.equal((await admin.get(tab(u.id, '?action=%3Cb%3E'))).status, 400, 'not an action name');
});

test('cursor pages, newest first, both ways; a cursor of another filter is 400', async () => {
  const p1 = await items(pager.id, '?limit=25');
  const p2 = await items(pager.id, `?limit=25&after=${encodeURIComponent(p1.next)}`);
  const p3 = await items(pager.id, `?limit=25&after=${encodeURIComponent(p2.next)}`);
  assert.deepEqual([p1.items.length, p2.items.length, p3.items.length], [25, 25, 10]);
  assert.equal(p3.next, null);
  const all = [...p1.items, ...p2.items, ...p3.items].map((r) => r.detail);
  assert.deepEqual(all, Array.from({ length: 60 }, (_, i) => `change ${60 - i}`));
  const back = await items(pager.id, `?limit=25&before=${encodeURIComponent(p3.prev)}`);
  assert.deepEqual(back.items.map((r) => r.id), p2.items.map((r) => r.id));
  const other = await admin.get(tab(pager.id, `?limit=25&action=user.licences&after=${encodeURIComponent(p1.next)}`), { json: true });
  assert.equal(other.status, 400);
  const filtered = await items(pager.id, '?action=user.licences&limit=25');
  assert.equal(filtered.items.length, 25);
  const rest = await items(pager.id, `?action=user.licences&limit=25&after=${encodeURIComponent(filtered.next)}`);
  assert.equal(rest.items.length, 5);
});

test('a deep page reads no more rows than the first', async () => {
  const first = await handlerReads(() => admin.getJson(tab(pager.id, '?limit=25')));
  const p1 = await items(pager.id, '?limit=25');
  const p2 = await items(pager.id, `?limit=25&after=${encodeURIComponent(p1.next)}`);
  const deep = await handlerReads(() => admin.getJson(tab(pager.id, `?limit=25&after=${encodeURIComponent(p2.next)}`)));
  assert.ok(deep <= first + 5, `first page ${first} rows read, third ${deep}`);
});

test('CSV: every row with the headings first', async () => {
  const res = await admin.get(tab(pager.id, '?format=csv'));
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/csv/);
  assert.match(res.headers.get('content-disposition'), new RegExp(`user-${pager.id}-audit.csv`));
  const lines = (await res.text()).trim().split('\r\n');
  assert.equal(lines[0], 'ID,When,Administrator,Action,Action name,Detail,IP address,User agent');
  assert.equal(lines.length, 61);
  assert.match(lines[1], /,admin,Licences changed,user.licences,change 60,,$/);
});

test('the header offers the Audit tab; a deleted user keeps its trail; an unknown user is 404', async () => {
  const h = await admin.getJson('/admin/users/1001/header');
  assert.ok(h.body.tabs.includes('audit'));
  const d = await admin.getJson('/admin/users/1005/header');
  assert.deepEqual(d.body.tabs, ['user', 'subusers', 'billing-events', 'access', 'audit']);
  assert.equal((await admin.getJson(tab(1005))).status, 200);
  assert.equal((await admin.getJson(tab(999999999))).status, 404);
  assert.equal((await operator.getJson(tab(u.id))).status, 200, 'any admin reads a user\'s trail');
});

test('/admin/audit is for superadmins: 403 for an ordinary admin', async () => {
  const res = await operator.get('/admin/audit');
  assert.equal(res.status, 403);
  assert.equal((await operator.getJson('/admin/audit')).status, 403);
});

test('/admin/audit lists sign-ins and failed sign-ins; filters by admin, action and days', async () => {
  await signIn('operator', 'not-the-password').catch(() => {});
  const all = await admin.getJson('/admin/audit?limit=100');
  assert.equal(all.status, 200);
  const actions = new Set(all.body.items.map((r) => r.action));
  for (const a of ['admin.sign_in', 'admin.sign_in_failed', 'user.sync.requested']) assert.ok(actions.has(a), a);
  const byOp = await admin.getJson('/admin/audit?admin=2&limit=100');
  assert.ok(byOp.body.items.length > 0);
  assert.ok(byOp.body.items.every((r) => r.admin_id === 2));
  const failed = await admin.getJson('/admin/audit?action=admin.sign_in_failed');
  assert.ok(failed.body.items.length > 0 && failed.body.items.every((r) => r.action === 'admin.sign_in_failed'));
  const both = await admin.getJson('/admin/audit?admin=2&action=user.permissions&limit=100');
  assert.ok(both.body.items.some((r) => r.user_id === u.id));
  assert.ok(both.body.items.every((r) => r.admin_id === 2 && r.action === 'user.permissions'));

  // the days are the display zone's (the test instance's: Moscow, UTC+3 in February 2001)
  sql(`INSERT INTO audit_log (admin_id, user_id, action, detail, created_at) VALUES
       (1, ${u.id}, 'user.licences', 'the day before', '2001-02-02 20:59:59'),
       (1, ${u.id}, 'user.licences', 'day one', '2001-02-02 21:00:00'),
       (1, ${u.id}, 'user.licences', 'day two', '2001-02-04 20:59:59'),
       (1, ${u.id}, 'user.licences', 'day three', '2001-02-04 21:00:00')`);
  const range = await admin.getJson('/admin/audit?from=2001-02-03&to=2001-02-04');
  assert.deepEqual(range.body.items.map((r) => r.detail), ['day two', 'day one'], 'both days included');
  const ranged = await admin.getJson('/admin/audit?from=2001-02-04&to=2001-02-05&action=user.licences&admin=1');
  assert.deepEqual(ranged.body.items.map((r) => r.detail), ['day three', 'day two']);
  assert.equal((await admin.getJson('/admin/audit?from=2001-02-05&to=2001-02-04')).status, 400);
  assert.equal((await admin.getJson('/admin/audit?from=2001-02-30')).status, 400);
  assert.equal((await admin.getJson('/admin/audit?admin=abc')).status, 400);
});

test('/admin/audit in HTML is a page with the filters, each row linking to its user\'s trail', async () => {
  const res = await admin.get(`/admin/audit?from=2001-02-03&to=2001-02-05`);
  assert.equal(res.status, 200);
  const page = await res.text();
  assert.match(page, /<title>Audit trail · vmsadmin<\/title>/);
  assert.match(page, /<option value="2">operator<\/option>/);
  assert.match(page, /<input type="date" name="from" id="audit-from" value="2001-02-03">/);
  assert.match(page, new RegExp(`<a href="/admin/users/${u.id}\\?tab=audit">Sync test`));
  const csv = await admin.get('/admin/audit?from=2001-02-03&to=2001-02-05&format=csv');
  const lines = (await csv.text()).trim().split('\r\n');
  assert.equal(lines[0], 'ID,When,Administrator,User ID,User,Action,Action name,Detail,IP address,User agent');
  assert.equal(lines.length, 4);
});
