// profile.test.mjs — the profile header and the User tab (user program) for the demo cast:
// the four facts, the two actions, the tabs offered, deleted users, sub-users, billing data,
// JSON answers, and hostile strings escaped everywhere.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { signIn, sql } from './helpers.mjs';

const ALL_TABS = ['user', 'cameras', 'intercoms', 'subusers', 'billing-events', 'access', 'analytics'];

let admin;
before(async () => { admin = await signIn('admin'); });

async function html(path) {
  const res = await admin.get(path);
  assert.equal(res.status, 200, path);
  assert.match(res.headers.get('content-type'), /^text\/html/);
  return res.text();
}

async function json(path) {
  const res = await admin.get(path, { json: true });
  assert.equal(res.status, 200, path);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  return res.json();
}

/** The text of the element with this id (no nested tags expected). */
function byId(page, id) {
  return new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(page)?.[1];
}

/** The row value of a label in a two-column <th>label</th><td>value</td> table. */
function rowValue(page, label) {
  return new RegExp(`<th scope="row">${label}</th><td>([^<]*)</td>`).exec(page)?.[1];
}

/** Things that must never appear in a page built from hostile data: a live tag or handler. */
function assertInert(page, where) {
  assert.ok(!/<script/i.test(page), `${where}: a raw <script>`);
  assert.ok(!/<img/i.test(page), `${where}: a raw <img>`);
  assert.ok(!/<b>/i.test(page), `${where}: a raw <b>`);
  assert.ok(!/<[^>]*\son\w+\s*=/i.test(page), `${where}: an element with an on* attribute`);
}

test('the header of 1001 shows User ID, Username, Login and Creation date', async () => {
  const page = await html('/admin/users/1001/header');
  const [[created]] = sql("SELECT DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s') FROM users WHERE id = 1001");
  for (const label of ['User ID', 'Username', 'Login', 'Creation date'])
    assert.ok(page.includes(`<dt>${label}</dt>`), label);
  assert.equal(byId(page, 'hdr-id'), '1001');
  assert.equal(byId(page, 'hdr-username'), 'Ivan Petrov');
  assert.equal(byId(page, 'hdr-login'), 'ivan.petrov');
  assert.equal(byId(page, 'hdr-created'), created);
});

test('the header of 1001 has the Log in as User and Synchronize cameras buttons', async () => {
  const page = await html('/admin/users/1001/header');
  assert.match(page, /<button[^>]*data-action="login-as"[^>]*>Log in as User<\/button>/);
  assert.match(page, /<button[^>]*data-action="sync-cameras"[^>]*>Synchronize cameras<\/button>/);
});

test('the header of 1001 offers every tab', async () => {
  const page = await html('/admin/users/1001/header');
  const tabs = /data-tabs="([^"]*)"/.exec(page)?.[1].split(' ');
  assert.deepEqual(tabs, ALL_TABS);
});

test('the header carries the session CSRF token for the page scripts', async () => {
  const page = await html('/admin/users/1001/header');
  const hash = createHash('sha256').update(admin.session).digest('hex');
  const [[csrf]] = sql(`SELECT csrf_token FROM admin_sessions WHERE token_hash = '${hash}'`);
  assert.equal(/data-csrf="([0-9a-f]+)"/.exec(page)?.[1], csrf);
});

test('the header as JSON has id, username, login, created_at and tabs', async () => {
  const h = await json('/admin/users/1001/header');
  const [[created]] = sql("SELECT DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s') FROM users WHERE id = 1001");
  assert.equal(h.id, 1001);
  assert.equal(h.username, 'Ivan Petrov');
  assert.equal(h.login, 'ivan.petrov');
  assert.equal(h.created_at, created);
  assert.deepEqual(h.tabs, ALL_TABS);
  assert.equal(h.deleted_at, null);
});

test('the deleted user 1005 offers only its history: User, Sub-users, Billing Events, Access settings', async () => {
  const page = await html('/admin/users/1005/header');
  assert.equal(/data-tabs="([^"]*)"/.exec(page)?.[1], 'user subusers billing-events access');
  assert.deepEqual((await json('/admin/users/1005/header')).tabs, ['user', 'subusers', 'billing-events', 'access']);
});

test('the deleted user 1005 has no action buttons and is marked deleted', async () => {
  const page = await html('/admin/users/1005/header');
  assert.ok(!page.includes('data-action='), 'no action buttons');
  assert.ok(!page.includes('Log in as User'));
  assert.match(page, /badge-deleted/);
  assert.equal(byId(page, 'hdr-id'), '1005');
  assert.match((await json('/admin/users/1005/header')).deleted_at, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
});

test('a sub-user offers neither Sub-users nor Billing Events; Analytics by its parent\'s licences', async () => {
  assert.deepEqual((await json('/admin/users/2001/header')).tabs, ['user', 'cameras', 'intercoms', 'access', 'analytics']);
});

test("the User tab of sub-user 2001 links to its parent 1001", async () => {
  const page = await html('/admin/users/2001/user');
  assert.match(page, /Sub-user of<\/dt><dd><a href="\/admin\/users\/1001">ivan\.petrov<\/a>/);
  assert.equal((await json('/admin/users/2001/user')).parent_id, 1001);
});

test('the User tab of a user without a parent has no parent link', async () => {
  const page = await html('/admin/users/1001/user');
  assert.ok(!page.includes('Sub-user of'));
  assert.equal((await json('/admin/users/1001/user')).parent_id, null);
});

test('the User tab of 1001 shows the billing data', async () => {
  const page = await html('/admin/users/1001/user');
  assert.equal(byId(page, 'user-billing-id'), 'ACC-100042');
  assert.equal(rowValue(page, 'Contract'), 'D-2024/0042');
  assert.equal(rowValue(page, 'Tariff'), 'Video Home 30');
  assert.equal(rowValue(page, 'Name'), 'Ivan Petrov');
  assert.equal(rowValue(page, 'Phone'), '+7 912 345-67-89');
  assert.equal(rowValue(page, 'E-mail'), 'ivan.petrov@example.net');
  assert.equal(rowValue(page, 'Address'), 'Moscow, Lenina st. 12, apt. 34');
});

test('the User tab of 1001 shows the additional billing properties', async () => {
  const page = await html('/admin/users/1001/user');
  assert.match(page, /Additional properties/);
  const props = {
    connection: 'FTTB 500 Mbit/s', router: 'Keenetic Giga (KN-1011)', payment_method: 'autopay',
    manager: 'Elena Sokolova', promo: 'SPRING-2024',
  };
  for (const [k, v] of Object.entries(props)) assert.equal(rowValue(page, k), v, k);
});

test('the User tab as JSON returns the billing info object as stored', async () => {
  const tab = await json('/admin/users/1001/user');
  const [[stored]] = sql('SELECT billing_info FROM users WHERE id = 1001');
  assert.equal(tab.id, 1001);
  assert.equal(tab.billing_id, 'ACC-100042');
  assert.deepEqual(tab.info, JSON.parse(stored));
});

test('the User tab of a user billing sent nothing for says so', async () => {
  const page = await html('/admin/users/1006/user');
  assert.match(page, /Billing sent no data/);
  assert.equal((await json('/admin/users/1006/user')).info, null);
});

test('the User tab of a deleted user still shows its billing data', async () => {
  const page = await html('/admin/users/1005/user');
  assert.equal(rowValue(page, 'Contract'), 'D-2024/0046');
});

test('the hostile user 1003 appears escaped in the header', async () => {
  const page = await html('/admin/users/1003/header');
  assertInert(page, 'header');
  assert.equal(byId(page, 'hdr-username'), '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; O&#39;Brien');
});

test('the hostile user 1003 appears escaped in the User tab', async () => {
  const page = await html('/admin/users/1003/user');
  assertInert(page, 'User tab');
  assert.equal(rowValue(page, 'Name'), '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; O&#39;Brien');
  assert.equal(rowValue(page, 'Contract'), 'D-2024/0044 &amp; &lt;b&gt;&quot;bold&quot;&lt;/b&gt;');
  assert.equal(rowValue(page, 'E-mail'), 'o&#39;brien&amp;co@example.net&quot;&gt;&lt;img src=x onerror=alert(3)&gt;');
  // a hostile property key, too
  assert.equal(rowValue(page, '&lt;img src=x onerror=alert\\(5\\)&gt;'), '&lt;/td&gt;&lt;script&gt;alert(6)&lt;/script&gt;');
});

test('the hostile sub-user 2003 appears escaped in its header', async () => {
  const page = await html('/admin/users/2003/header');
  assertInert(page, 'header');
  assert.equal(byId(page, 'hdr-username'), 'Kid &lt;b&gt;&quot;bold&quot;&lt;/b&gt; &amp; O&#39;Brien Jr.');
});

test('the hostile user 1003 comes back unchanged as JSON', async () => {
  const h = await json('/admin/users/1003/header');
  assert.equal(h.username, '<script>alert("x")</script> O\'Brien');
  const tab = await json('/admin/users/1003/user');
  assert.equal(tab.info.properties['<img src=x onerror=alert(5)>'], '</td><script>alert(6)</script>');
});

test('an ordinary admin sees the same header', async () => {
  const operator = await signIn('operator');
  const res = await operator.get('/admin/users/1001/header', { json: true });
  assert.equal(res.status, 200);
  assert.equal((await res.json()).login, 'ivan.petrov');
});

test('the header names the signed-in administrator for the top bar', async () => {
  const operator = await signIn('operator');
  const mine = await (await admin.get('/admin/users/1001/header')).text();
  const theirs = await (await operator.get('/admin/users/1001/header')).text();
  assert.match(mine, /data-admin="admin"/);
  assert.match(theirs, /data-admin="operator"/);
});
