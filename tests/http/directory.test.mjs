// directory.test.mjs — the users directory (users program): newest first, search by user ID,
// login prefix, part of the name and billing account, literal matching, cursor pagination,
// deleted users marked, hostile strings escaped. Adds its own users (ids 990001..990200) for
// pagination and deletes them afterwards.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { signIn, sql, makeCursor } from './helpers.mjs';

// sql/demo.sql's cast, newest first.
const DEMO_ORDER = [1006, 1004, 2004, 1005, 2002, 2003, 1003, 1002, 2001, 1001];
const PAGE_USERS = 55; // three pages of 25, with created_at ties across the page boundaries
const PAGE_SIZE = 25;

let admin;

before(async () => {
  admin = await signIn('admin');
  const rows = [];
  for (let i = 1; i <= PAGE_USERS; i++) {
    const n = String(i).padStart(2, '0');
    // four users per second: ids and timestamps tie, so the cursor needs its id part
    rows.push(`(${990000 + i}, 'admin', 'Page Test ${n}', 'pagetest.${n}', 'active',` +
      ` '2001-01-01 00:00:00' + INTERVAL ${Math.floor((i - 1) / 4)} SECOND)`);
  }
  rows.push("(990100, 'admin', 'Disk 100%_full', 'pct.literal', 'active', '2001-02-01 00:00:00')");
  rows.push("(990101, 'admin', 'Disk 1000 full', 'pct.lookalike', 'active', '2001-02-01 00:00:00')");
  cleanUp();
  sql(`INSERT INTO users (id, origin, username, login, status, created_at) VALUES ${rows.join(', ')}`);
});

function cleanUp() {
  sql('DELETE FROM users WHERE id BETWEEN 990001 AND 990200');
}
after(cleanUp);

async function ids(q) {
  const { status, body } = await admin.getJson(`/admin/users?q=${encodeURIComponent(q)}`);
  assert.equal(status, 200, `q=${q}`);
  return body.items.map((u) => u.id);
}

/** The directory's table rows as { id, html }. */
function rowsOf(html) {
  return html.split('<tr data-user-id="').slice(1).map((r) => ({ id: Number.parseInt(r, 10), html: r.split('</tr>')[0] }));
}

/** Every page of a search through the JSON `next` cursor; returns the ids, the page sizes and
 *  the cursors followed. */
async function walk(q) {
  const seen = [], sizes = [], cursors = [];
  let after = null;
  for (let guard = 0; guard < 100; guard++) {
    const qs = new URLSearchParams({ q, ...(after ? { after } : {}) });
    const { status, body } = await admin.getJson(`/admin/users?${qs}`);
    assert.equal(status, 200);
    seen.push(...body.items.map((u) => u.id));
    sizes.push(body.items.length);
    if (body.next === null) return { seen, sizes, cursors };
    assert.match(body.next, /^[A-Za-z0-9_-]+$/);
    after = body.next;
    cursors.push(after);
  }
  assert.fail('the cursor never ended');
}

test('the directory lists users newest first', async () => {
  const { status, body } = await admin.getJson('/admin/users');
  assert.equal(status, 200);
  const demo = body.items.map((u) => u.id).filter((id) => DEMO_ORDER.includes(id));
  assert.deepEqual(demo, DEMO_ORDER);
  const times = body.items.map((u) => u.created_at);
  assert.deepEqual(times, [...times].sort().reverse(), 'created_at never increases down the list');
});

test('the directory page shows a row per user with a link to the profile', async () => {
  const res = await admin.get('/admin/users');
  assert.equal(res.status, 200);
  const html = await res.text();
  const rows = rowsOf(html);
  assert.deepEqual(rows.map((r) => r.id).filter((id) => DEMO_ORDER.includes(id)), DEMO_ORDER);
  const ivan = rows.find((r) => r.id === 1001).html;
  assert.match(ivan, /href="\/admin\/users\/1001"/);
  assert.match(ivan, /Ivan Petrov/);
  assert.match(ivan, /ivan\.petrov/);
  assert.match(ivan, /ACC-100042/);
});

test('a search by user ID finds that user', async () => {
  assert.deepEqual(await ids('1003'), [1003]);
});

test('a search by login prefix finds the user', async () => {
  assert.deepEqual(await ids('petrov.da'), [2002]);
});

test('a search by part of the name is case-insensitive', async () => {
  assert.deepEqual(await ids('sMiRnOv'), [1002]);
  assert.deepEqual(await ids('kuznetsov'), [2004, 1005]);
});

test('a search by billing account finds the user', async () => {
  assert.deepEqual(await ids('ACC-100043'), [1002]);
});

test('a search with no match answers an empty list and says so on the page', async () => {
  assert.deepEqual(await ids('no-such-user-anywhere'), []);
  const html = await (await admin.get('/admin/users?q=no-such-user-anywhere')).text();
  assert.match(html, /No users match/);
});

test('a search for SQL text returns nothing and changes nothing', async () => {
  const count = () => sql('SELECT COUNT(*), COALESCE(SUM(deleted_at IS NULL), 0) FROM users')[0].join('/');
  const before = count();
  for (const q of ["' OR 1=1 --", "' OR '1'='1", '1003 OR 1=1', "1003'; DELETE FROM users; --", '" OR ""="'])
    assert.deepEqual(await ids(q), [], q);
  assert.equal(count(), before);
  assert.ok((await ids('1003')).length === 1, 'the directory still works');
});

test('% and _ in a search are matched literally', async () => {
  assert.deepEqual(await ids('100%_f'), [990100]);
  assert.deepEqual(await ids('%'), [990100]);
  assert.deepEqual(await ids('_'), [990100]);
});

test('the cursor walks every page of a search with no duplicate and no gap', async () => {
  const expected = sql("SELECT id FROM users WHERE login LIKE 'pagetest.%' ORDER BY created_at DESC, id DESC")
    .map(([id]) => Number(id));
  assert.equal(expected.length, PAGE_USERS);
  const { seen, sizes } = await walk('pagetest.');
  assert.deepEqual(sizes, [PAGE_SIZE, PAGE_SIZE, PAGE_USERS - 2 * PAGE_SIZE]);
  assert.equal(new Set(seen).size, seen.length, 'no duplicates');
  assert.deepEqual(seen, expected);
});

test('the cursor walks the whole directory with no duplicate and no gap', async () => {
  const expected = sql('SELECT id FROM users ORDER BY created_at DESC, id DESC').map(([id]) => Number(id));
  const { seen } = await walk('');
  assert.equal(new Set(seen).size, seen.length, 'no duplicates');
  assert.deepEqual(seen, expected);
});

test('the directory page links to the next page, and that link shows the next rows', async () => {
  const first = await (await admin.get('/admin/users?q=pagetest.')).text();
  const link = /<a href="([^"]+)" rel="next" class="page-next">Next page<\/a>/.exec(first);
  assert.ok(link, 'a Next page link');
  const href = link[1].replaceAll('&amp;', '&');
  assert.match(href, /^\/admin\/users\?q=pagetest\.&after=[A-Za-z0-9_-]+$/);
  const firstIds = rowsOf(first).map((r) => r.id);
  assert.equal(firstIds.length, PAGE_SIZE);
  const second = await admin.get(href);
  assert.equal(second.status, 200);
  const html = await second.text();
  const secondIds = rowsOf(html).map((r) => r.id);
  assert.equal(secondIds.length, PAGE_SIZE);
  assert.ok(secondIds.every((id) => !firstIds.includes(id)), 'the second page repeats nothing');
  assert.match(html, /href="\/admin\/users\?q=pagetest\." class="page-first">First page<\/a>/);
  const prev = /<a href="([^"]+)" rel="prev" class="page-prev">Previous page<\/a>/.exec(html);
  assert.ok(prev, 'a Previous page link');
  const back = await (await admin.get(prev[1].replaceAll('&amp;', '&'))).text();
  assert.deepEqual(rowsOf(back).map((r) => r.id), firstIds, 'Previous page shows the first page again');
});

test('the last page has no Next page link', async () => {
  const { cursors } = await walk('pagetest.');
  const res = await admin.get(`/admin/users?q=pagetest.&after=${cursors.at(-1)}`);
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.equal(rowsOf(html).length, PAGE_USERS - 2 * PAGE_SIZE);
  assert.ok(!html.includes('Next page'));
});

test('a cursor of one search is refused by another (400 naming after)', async () => {
  const { cursors } = await walk('pagetest.');
  const res = await admin.getJson(`/admin/users?q=other&after=${cursors[0]}`);
  assert.equal(res.status, 400);
  assert.match(res.body.error, /^after: this cursor belongs to another list, order or filter/);
  for (const bad of ['1.1', 'x', makeCursor({ list: 'users', sort: 'created_at', dir: 'desc', id: 1, key: 'not a time' })]) {
    const r = await admin.getJson(`/admin/users?after=${bad}`);
    assert.equal(r.status, 400, bad);
    assert.match(r.body.error, /^after:/);
  }
});

test('the directory downloads as CSV with every row of the search', async () => {
  const res = await admin.get('/admin/users?q=pagetest.&format=csv');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/csv/);
  const lines = (await res.text()).trimEnd().split('\r\n');
  assert.equal(lines[0], 'ID,Username,Login,Billing account,Origin,Status,Created at,Deleted');
  assert.equal(lines.length, 1 + PAGE_USERS);
});

test('deleted users are listed and marked deleted', async () => {
  const { body } = await admin.getJson('/admin/users?q=kuznetsov');
  assert.deepEqual(body.items.map((u) => [u.id, u.deleted]), [[2004, true], [1005, true]]);
  const rows = rowsOf(await (await admin.get('/admin/users')).text());
  assert.match(rows.find((r) => r.id === 1005).html, /badge-deleted/);
  assert.match(rows.find((r) => r.id === 2004).html, /badge-deleted/);
  assert.doesNotMatch(rows.find((r) => r.id === 1001).html, /badge-deleted/);
});

test('the hostile user appears HTML-escaped in the directory, never raw', async () => {
  const html = await (await admin.get(`/admin/users?q=${encodeURIComponent("O'Brien")}`)).text();
  const rows = rowsOf(html);
  assert.deepEqual(rows.map((r) => r.id), [2003, 1003]);
  assert.ok(html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; O&#39;Brien'));
  assert.ok(html.includes('Kid &lt;b&gt;&quot;bold&quot;&lt;/b&gt; &amp; O&#39;Brien Jr.'));
  assert.ok(!html.includes('<script>alert'));
  assert.ok(!html.includes('<b>"bold"'));
});

test('the search text is echoed escaped inside the search box attribute', async () => {
  const q = '"><script>alert(1)</script>';
  const html = await (await admin.get(`/admin/users?q=${encodeURIComponent(q)}`)).text();
  assert.ok(!html.includes('<script>alert(1)'));
  assert.ok(html.includes('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"'));
});

// --- search rules, filters and the count ---------------------------------------------------

test('a billing account matches from any part of it, a login from its start, an ID exactly', async () => {
  assert.deepEqual(await ids('100043'), [1002]);         /* part of ACC-100043 */
  const want = sql("SELECT id FROM users WHERE billing_id LIKE '%ACC-10004%' ORDER BY created_at DESC, id DESC")
    .map(([id]) => Number(id));
  assert.ok(want.length >= 4);
  assert.deepEqual(await ids('acc-10004'), want, 'letter case ignored');
  assert.deepEqual(await ids('ivan.pet'), [1001]);       /* login prefix */
  assert.deepEqual(await ids('van.petrov'), []);         /* not inside a login */
  assert.deepEqual(await ids('200'), [], 'an ID matches exactly, not as a prefix (2001..2004 are not found)');
});

test('the status filter shows active, paused or deleted users; the kind filter billing, admin or sub-users', async () => {
  const by = async (qs) => (await admin.getJson(`/admin/users?${qs}&limit=100`)).body.items;
  const deleted = await by('status=deleted');
  assert.ok(deleted.length > 0 && deleted.every((u) => u.deleted));
  const active = await by('status=active');
  assert.ok(active.every((u) => !u.deleted && u.status === 'active'));
  const paused = await by('status=paused');
  assert.ok(paused.every((u) => !u.deleted && u.status === 'paused'));
  const [[nPaused]] = sql("SELECT COUNT(*) FROM users WHERE status = 'paused' AND deleted_at IS NULL");
  assert.equal(paused.length, Number(nPaused));
  for (const kind of ['billing', 'admin', 'subuser']) {
    const items = await by(`kind=${kind}`);
    assert.ok(items.length > 0 && items.every((u) => u.origin === kind), kind);
  }
  const both = await by('status=deleted&kind=subuser');
  assert.deepEqual(both.map((u) => u.id), [2004]);
  for (const bad of ['status=terminated', 'kind=robot'])
    assert.equal((await admin.getJson(`/admin/users?${bad}`)).status, 400, bad);
});

test('the directory says how many users match, capped at 1,000+', async () => {
  const { body } = await admin.getJson('/admin/users?q=pagetest.');
  assert.equal(body.total, PAGE_USERS);
  assert.equal(body.total_capped, false);
  const page = await (await admin.get('/admin/users?q=pagetest.')).text();
  assert.match(page, new RegExp(`<p class="count" id="users-count" role="status">${PAGE_USERS} users match</p>`));
  assert.match(await (await admin.get('/admin/users?q=1003')).text(), /1 user matches/);
  sql(`INSERT INTO users (id, origin, username, login, status, created_at)
       SELECT 980000 + seq, 'admin', CONCAT('Many ', seq), CONCAT('many.', seq), 'active', '2000-01-01'
       FROM seq_1_to_1001`);
  try {
    const many = await admin.getJson('/admin/users?q=many.');
    assert.deepEqual([many.body.total, many.body.total_capped], [1000, true]);
    assert.match(await (await admin.get('/admin/users?q=many.')).text(), /1,000\+ users match/);
  } finally {
    sql('DELETE FROM users WHERE id BETWEEN 980001 AND 981001');
  }
});

test('the filters stay on the pager links and bind the cursor', async () => {
  const first = await admin.getJson('/admin/users?kind=admin&q=pagetest.');
  const page = await (await admin.get('/admin/users?kind=admin&q=pagetest.')).text();
  assert.match(page, /href="\/admin\/users\?q=pagetest\.&amp;kind=admin&amp;after=/);
  const other = await admin.getJson(`/admin/users?kind=billing&q=pagetest.&after=${first.body.next}`);
  assert.equal(other.status, 400);
});
