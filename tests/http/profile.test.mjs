// profile.test.mjs — the profile header and the User tab (user program) for the demo cast:
// the four facts, the two actions, the tabs offered, deleted users, sub-users, billing data,
// JSON answers, and hostile strings escaped everywhere.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { signIn, sql, shownTime, isoTime, ISO_TIME } from './helpers.mjs';

const ALL_TABS = ['user', 'cameras', 'intercoms', 'subusers', 'billing-events', 'access', 'analytics', 'audit'];

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
  assert.ok(page.includes(`<dd id="hdr-created"><time datetime="${isoTime(created)}">${shownTime(created)}</time></dd>`));
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
  assert.equal(h.created_at, isoTime(created));
  assert.deepEqual(h.tabs, ALL_TABS);
  assert.equal(h.deleted_at, null);
});

test('the deleted user 1005 offers only its history: User, Sub-users, Billing Events, Access settings, Audit', async () => {
  const page = await html('/admin/users/1005/header');
  assert.equal(/data-tabs="([^"]*)"/.exec(page)?.[1], 'user subusers billing-events access audit');
  assert.deepEqual((await json('/admin/users/1005/header')).tabs, ['user', 'subusers', 'billing-events', 'access', 'audit']);
});

test('the deleted user 1005 has no action buttons and is marked deleted', async () => {
  const page = await html('/admin/users/1005/header');
  assert.ok(!page.includes('data-action='), 'no action buttons');
  assert.ok(!page.includes('Log in as User'));
  assert.match(page, /badge-deleted/);
  assert.equal(byId(page, 'hdr-id'), '1005');
  assert.match((await json('/admin/users/1005/header')).deleted_at, ISO_TIME);
});

test('a sub-user offers neither Sub-users nor Billing Events; Analytics by its parent\'s licences', async () => {
  assert.deepEqual((await json('/admin/users/2001/header')).tabs, ['user', 'cameras', 'intercoms', 'access', 'analytics', 'audit']);
});

test("the User tab of sub-user 2001 says what it is: a sub-user of 1001, since when", async () => {
  const page = await html('/admin/users/2001/user');
  const [[created]] = sql("SELECT DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s') FROM users WHERE id = 2001");
  assert.ok(page.includes('<p class="note" id="user-kind">A sub-user of <a href="/admin/users/1001">Ivan Petrov</a> (ivan.petrov),' +
    ` created in that user's own interface on <time datetime="${isoTime(created)}">${shownTime(created)}</time>.`));
  assert.doesNotMatch(page, /Billing sent no data|customer billing system/);
  assert.equal((await json('/admin/users/2001/user')).parent_id, 1001);
});

test('the User tab of a user without a parent has no parent link', async () => {
  const page = await html('/admin/users/1001/user');
  assert.ok(!page.includes('A sub-user of'));
  assert.match(page, /Created via billing: the data below comes from the customer billing system/);
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

test('the User tab of an administrator-created user says so, with its expiry, and no word of billing data', async () => {
  const page = await html('/admin/users/1006/user');
  const [[created, expires]] = sql(`SELECT DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s'),
    DATE_FORMAT(expires_at, '%Y-%m-%d %H:%i:%s') FROM users WHERE id = 1006`);
  assert.ok(page.includes(`Created by an administrator on <time datetime="${isoTime(created)}">${shownTime(created)}</time>;` +
    ` expires on <time datetime="${isoTime(expires)}">${shownTime(expires)}</time>.`));
  assert.doesNotMatch(page, /Billing sent no data/);
  const tab = await json('/admin/users/1006/user');
  assert.deepEqual([tab.info, tab.expires_at], [null, isoTime(expires)]);
});

test('the User tab of a billing user billing sent no data for says so', async () => {
  const id = 990801;
  sql(`DELETE FROM users WHERE id = ${id}; INSERT INTO users (id, origin, billing_id, username, login, created_at)
       VALUES (${id}, 'billing', 'ACC-NODATA', 'No data', 'no.data', '2001-01-01')`);
  try {
    assert.match(await html(`/admin/users/${id}/user`), /Billing sent no data for this user\./);
  } finally {
    sql(`DELETE FROM users WHERE id = ${id}`);
  }
});

test('the User tab shows the location billing linked from the address system, in JSON too', async () => {
  const [[lid, csa, address]] = sql('SELECT l.id, l.csa, l.address FROM users u JOIN locations l ON l.id = u.location_id WHERE u.id = 1001');
  assert.ok(byId(await html('/admin/users/1001/user'), 'user-location').startsWith(address));
  assert.deepEqual((await json('/admin/users/1001/user')).location, { id: Number(lid), csa, address });
  assert.equal((await json('/admin/users/2001/user')).location, null);
  assert.match(await html('/admin/users/2001/user'), /none linked from the address system/);
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

test('the header of a user that does not exist is a 404 that still names the signed-in admin and its CSRF token', async () => {
  const res = await admin.get('/admin/users/999999999/header');
  assert.equal(res.status, 404);
  const page = await res.text();
  assert.match(page, /<section class="profile-header" id="profile-header" data-user-id="999999999" data-csrf="[0-9a-f]{64}" data-admin="admin" data-tabs="" data-superadmin="true" data-missing="true">/);
  assert.match(page, /There is no user 999999999\./);
  const json = await admin.getJson('/admin/users/999999999/header');
  assert.deepEqual([json.status, json.body.error], [404, 'There is no user 999999999.']);
});

test('the header tells the page whether to offer the superadmins\' pages', async () => {
  assert.match(await (await admin.get('/admin/users/1001/header')).text(), /data-superadmin="true"/);
  const operator = await signIn('operator');
  assert.doesNotMatch(await (await operator.get('/admin/users/1001/header')).text(), /data-superadmin/);
});
