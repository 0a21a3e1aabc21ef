// cameras.test.mjs — the Cameras tab (GET /admin/users/{id}/cameras: HTML, JSON, CSV) and the
// camera card (GET /admin/cameras/{id}): the admin's scope everywhere (operator sees only the
// cameras granted in admin_cameras), search, status filter, sorting, keyset pages, counts,
// hostile names, and every bad input. Adds its own users 990601 (10,000 cameras, ids
// 700001..710000, operator granted the even ones) and 990602 (formula-like camera names, ids
// 710001..710006), and deletes them afterwards.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { signIn, raw, sql, makeCursor, shownTime, isoTime, ISO_TIME } from './helpers.mjs';

const BULK = 990601;
const FORMULA = 990602;
const OPERATOR_1001 = [1, 3, 4, 6, 8, 10];
const HIDDEN_FROM_OPERATOR = ['Parking lot', 'Staircase, 2nd floor', 'Dacha porch', 'Kids room',
  'Office server room', 'Storage'];

let admin, operator;

function cleanUp() {
  sql(`DELETE FROM cameras WHERE id BETWEEN 700001 AND 710006;
       DELETE FROM users WHERE id IN (${BULK}, ${FORMULA});
       ALTER TABLE cameras AUTO_INCREMENT = 1`);
}

before(async () => {
  admin = await signIn('admin');
  operator = await signIn('operator');
  cleanUp();
  // set-based: MariaDB's Sequence engine; created far in the past so no directory page moves
  sql(`INSERT INTO users (id, origin, username, login, status, created_at) VALUES
         (${BULK}, 'admin', 'Bulk cameras', 'bulk.cameras', 'active', '2001-01-01'),
         (${FORMULA}, 'admin', 'Formula cameras', 'formula.cameras', 'active', '2001-01-01');
       INSERT INTO cameras (id, name, status, location_id, created_at)
         SELECT 700000 + seq, CONCAT('Bulk ', LPAD(seq MOD 1000, 3, '0')),
                ELT(1 + seq MOD 4, 'active', 'partially_active', 'inactive', 'empty'),
                IF(seq MOD 3 = 0, NULL, 1 + seq MOD 8), '2001-01-01'
         FROM seq_1_to_10000;
       INSERT INTO user_cameras (user_id, camera_id) SELECT ${BULK}, 700000 + seq FROM seq_1_to_10000;
       INSERT INTO admin_cameras (admin_id, camera_id) SELECT 2, 700000 + seq FROM seq_2_to_10000_step_2;
       INSERT INTO cameras (id, name, status, created_at) VALUES
         (710001, '=1+2', 'active', '2001-01-01'), (710002, '+79123456789', 'active', '2001-01-01'),
         (710003, '-5', 'active', '2001-01-01'), (710004, '@SUM(A1:A9)', 'active', '2001-01-01'),
         (710005, '=HYPERLINK("http://evil.example","x")', 'active', '2001-01-01'),
         (710006, 'two\\nlines, "quoted"', 'active', '2001-01-01');
       INSERT INTO user_cameras (user_id, camera_id) SELECT ${FORMULA}, 710000 + seq FROM seq_1_to_6`);
});

after(cleanUp);

async function json(client, path) {
  const { status, body } = await client.getJson(path);
  assert.equal(status, 200, `${path}: ${JSON.stringify(body)}`);
  return body;
}
const ids = (body) => body.items.map((c) => c.id);
const rowIds = (html) => [...html.matchAll(/<tr data-camera-id="(\d+)">/g)].map((m) => Number(m[1]));
const unescape = (s) => s.replaceAll('&amp;', '&');
const b64url = (s) => Buffer.from(s, 'utf8').toString('base64url');

async function html(client, path) {
  const res = await client.get(path);
  assert.equal(res.status, 200, path);
  assert.match(res.headers.get('content-type'), /^text\/html/);
  return res.text();
}

/** Every page through the JSON cursor; returns the ids in order and the counts of page 1. */
async function walk(client, query) {
  const seen = [];
  let after = null, counts = null;
  for (let guard = 0; guard < 500; guard++) {
    const qs = new URLSearchParams({ ...query, ...(after ? { after } : {}) });
    const body = await json(client, `/admin/users/${BULK}/cameras?${qs}`);
    counts ??= body.counts;
    seen.push(...ids(body));
    if (body.next === null) return { seen, counts };
    after = body.next;
  }
  assert.fail('the cursor never ended');
}

// --- the list and its scope ---------------------------------------------------------------

test('a superadmin sees all twelve cameras of user 1001 with counts per status', async () => {
  const body = await json(admin, '/admin/users/1001/cameras');
  assert.deepEqual(ids(body), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  assert.deepEqual(body.counts, { active: 5, partially_active: 3, inactive: 2, empty: 2 });
  assert.equal(body.next, null);
});

test('the JSON items carry id, name, status word and location object or null', async () => {
  const body = await json(admin, '/admin/users/1001/cameras');
  assert.deepEqual(body.items.find((c) => c.id === 4),
    { id: 4, name: 'Garage', status: 'partially_active', location: { id: 1, address: 'Moscow, Lenina st. 12' }, blocked: false });
  assert.deepEqual(body.items.find((c) => c.id === 3), { id: 3, name: 'Backyard', status: 'active', location: null, blocked: false });
  assert.deepEqual(Object.keys(body), ['items', 'next', 'prev', 'counts', 'outside_scope', 'user_status']);
  for (const c of body.items) assert.ok(['active', 'partially_active', 'inactive', 'empty'].includes(c.status));
});

test('an ordinary admin sees only the cameras granted to it, in the list and the counts', async () => {
  const body = await json(operator, '/admin/users/1001/cameras');
  assert.deepEqual(ids(body), OPERATOR_1001);
  assert.deepEqual(body.counts, { active: 3, partially_active: 1, inactive: 1, empty: 1 });
});

test('the operator\'s HTML never names a camera outside its grant', async () => {
  const page = await html(operator, '/admin/users/1001/cameras');
  assert.deepEqual(rowIds(page), OPERATOR_1001);
  for (const name of HIDDEN_FROM_OPERATOR) assert.ok(!page.includes(name), `${name} leaked`);
  assert.match(page, /class="count-all[^"]*"[^>]*>All <span class="count">6<\/span>/);
});

test('the operator cannot find a hidden camera by searching for its ID or name', async () => {
  assert.deepEqual(ids(await json(operator, '/admin/users/1001/cameras?q=2')), []);
  assert.deepEqual(ids(await json(operator, '/admin/users/1001/cameras?q=Parking')), []);
  const body = await json(operator, '/admin/users/1001/cameras?q=Office');
  assert.deepEqual(ids(body), [10]);
  assert.deepEqual(body.counts, { active: 1, partially_active: 0, inactive: 0, empty: 0 });
});

test('the operator\'s CSV holds only the granted cameras', async () => {
  const res = await operator.get('/admin/users/1001/cameras?format=csv');
  assert.equal(res.status, 200);
  const lines = (await res.text()).trimEnd().split('\r\n');
  assert.deepEqual(lines.slice(1).map((l) => Number(l.split(',')[0])), OPERATOR_1001);
});

test('a sub-user\'s tab lists its own cameras, within the admin\'s scope', async () => {
  assert.deepEqual(ids(await json(admin, '/admin/users/2001/cameras')), [1, 2, 3, 8]);
  assert.deepEqual(ids(await json(operator, '/admin/users/2001/cameras')), [1, 3, 8]);
});

test('a user with no cameras gets an empty list and zero counts', async () => {
  const body = await json(admin, '/admin/users/1004/cameras');
  assert.deepEqual(body, { items: [], next: null, prev: null, counts: { active: 0, partially_active: 0, inactive: 0, empty: 0 },
    outside_scope: 0, user_status: 'active' });
  assert.match(await html(admin, '/admin/users/1004/cameras'), /No cameras to show\./);
});

// --- search, filter, sort --------------------------------------------------------------------

test('search matches a camera ID exactly or part of the name, case-insensitively', async () => {
  assert.deepEqual(ids(await json(admin, '/admin/users/1001/cameras?q=12')), [12]);
  assert.deepEqual(ids(await json(admin, '/admin/users/1001/cameras?q=office')), [10, 11]);
  assert.deepEqual(ids(await json(admin, '/admin/users/1001/cameras?q=DACHA')), [6, 7]);
});

test('the counts follow the search but not the status filter', async () => {
  const body = await json(admin, '/admin/users/1001/cameras?q=office&status=partially_active');
  assert.deepEqual(ids(body), [11]);
  assert.deepEqual(body.counts, { active: 1, partially_active: 1, inactive: 0, empty: 0 });
});

test('the status filter shows only cameras of that status', async () => {
  assert.deepEqual(ids(await json(admin, '/admin/users/1001/cameras?status=inactive')), [6, 7]);
  assert.deepEqual(ids(await json(admin, '/admin/users/1001/cameras?status=partially_active')), [4, 5, 11]);
  assert.deepEqual(ids(await json(operator, '/admin/users/1001/cameras?status=active')), [1, 3, 10]);
  assert.deepEqual(ids(await json(admin, '/admin/users/1001/cameras?status=')), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
});

test('sorting by ID, name and status, both directions', async () => {
  const order = async (qs) => ids(await json(admin, `/admin/users/1001/cameras?${qs}`));
  assert.deepEqual(await order('sort=id&dir=desc'), [12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
  assert.deepEqual(await order('sort=name'), [3, 6, 7, 1, 4, 9, 8, 10, 11, 2, 5, 12]);
  assert.deepEqual(await order('sort=name&dir=desc'), [12, 5, 2, 11, 10, 8, 9, 4, 1, 7, 6, 3]);
  assert.deepEqual(await order('sort=status'), [1, 2, 3, 9, 10, 4, 5, 11, 6, 7, 8, 12]);
  assert.deepEqual(await order('sort=status&dir=desc'), [12, 8, 7, 6, 11, 5, 4, 10, 9, 3, 2, 1]);
});

test('sorting by location puts cameras without one first and groups each address', async () => {
  const asc = (await json(admin, '/admin/users/1001/cameras?sort=location')).items;
  assert.deepEqual(asc.slice(0, 4).map((c) => c.id), [3, 5, 7, 8]);
  assert.ok(asc.slice(0, 4).every((c) => c.location === null));
  const expected = sql(`SELECT c.id FROM user_cameras uc JOIN cameras c ON c.id = uc.camera_id
    LEFT JOIN locations l ON l.id = c.location_id WHERE uc.user_id = 1001
    ORDER BY COALESCE(l.address, '') DESC, c.id DESC`).map((r) => Number(r[0]));
  const desc = ids(await json(admin, '/admin/users/1001/cameras?sort=location&dir=desc'));
  assert.deepEqual(desc, expected);
  assert.deepEqual(desc.slice(-4), [8, 7, 5, 3]);
});

test('column headers link to the sort, reverse the current one and mark it with aria-sort', async () => {
  const page = await html(admin, '/admin/users/1001/cameras?sort=name&status=active');
  for (const label of ['ID', 'Name', 'Status', 'Location']) assert.match(page, new RegExp(`<th scope="col"[^>]*><a [^>]*>${label}`));
  assert.match(page, /<th scope="col" aria-sort="ascending"><a href="\/admin\/users\/1001\/cameras\?status=active&amp;sort=name&amp;dir=desc"/);
  assert.match(page, /<a href="\/admin\/users\/1001\/cameras\?status=active&amp;sort=location&amp;dir=asc" class="sort" data-sort="location">/);
});

// --- the HTML fragment ------------------------------------------------------------------------

test('each status shows as a badge with its word', async () => {
  const page = await html(admin, '/admin/users/1001/cameras');
  const row = (id) => page.split(`<tr data-camera-id="${id}">`)[1].split('</tr>')[0];
  assert.match(row(1), /<span class="badge badge-active"[^>]*>active<\/span>/);
  assert.match(row(4), /<span class="badge badge-partially_active"[^>]*>partially active<\/span>/);
  assert.match(row(6), /<span class="badge badge-inactive"[^>]*>inactive<\/span>/);
  assert.match(row(8), /<span class="badge badge-empty"[^>]*>empty<\/span>/);
});

test('a location links to the camera card\'s General data; no location leaves the cell empty', async () => {
  const page = await html(admin, '/admin/users/1001/cameras');
  const row = (id) => page.split(`<tr data-camera-id="${id}">`)[1].split('</tr>')[0];
  assert.match(row(1), /<td><a href="\/admin\/cameras\/1\?from=1001#general" class="location">Moscow, Lenina st\. 12<\/a><\/td>/);
  assert.match(row(3), /<td><\/td>\s*$/);
  assert.ok(!row(3).includes('class="location"'));
});

test('the filter form is a GET form to the tab URL with search, status and page size', async () => {
  const page = await html(admin, '/admin/users/1001/cameras?status=empty&limit=50&q=ki');
  assert.match(page, /<form method="get" action="\/admin\/users\/1001\/cameras"/);
  assert.match(page, /<input type="search" name="q" value="ki"/);
  assert.match(page, /<option value="empty" selected>empty<\/option>/);
  assert.match(page, /<option value="50" selected>50<\/option>/);
  assert.deepEqual(rowIds(page), [8]);
  assert.ok(!/method="post"/i.test(page), 'read-only: no POST form');
});

test('status counts above the table link to that status filter', async () => {
  const page = await html(admin, '/admin/users/1001/cameras?q=office');
  assert.match(page, /<a href="\/admin\/users\/1001\/cameras\?q=office&amp;status=partially_active" class="count-status" data-status="partially_active"><span class="badge badge-partially_active">partially active<\/span> <span class="count">1<\/span><\/a>/);
  assert.match(page, /data-status="inactive"><span class="badge badge-inactive">inactive<\/span> <span class="count">0<\/span>/);
});

test('hostile camera and address names are shown as text', async () => {
  const page = await html(admin, '/admin/users/1003/cameras');
  assert.ok(page.includes('Yard&#39; OR 1=1 -- &lt;img src=x onerror=alert(2)&gt;'));
  assert.ok(page.includes('Tver, O&#39;Connor &quot;Plaza&quot; 1 &lt;img src=x onerror=alert(1)&gt;'));
  assert.ok(page.includes('Camera &quot;Main&quot; &amp; &lt;b&gt;bold&lt;/b&gt;'));
  assert.ok(!page.includes('<img'));
  assert.ok(!page.includes('<b>'));
});

test('SQL-looking search text matches literally and changes no query', async () => {
  assert.deepEqual(ids(await json(admin, "/admin/users/1001/cameras?q=' OR 1=1 --")), []);
  assert.deepEqual(ids(await json(admin, `/admin/users/1003/cameras?q=${encodeURIComponent("Yard' OR 1=1 --")}`)), [18]);
  assert.deepEqual(ids(await json(admin, '/admin/users/1001/cameras?q=%25')), []);
  assert.deepEqual(ids(await json(admin, '/admin/users/1001/cameras?q=_')), []);
  assert.deepEqual(ids(await json(admin, `/admin/users/1001/cameras?q=${encodeURIComponent('<img src=x onerror=alert(1)>')}`)), []);
});

// --- CSV ------------------------------------------------------------------------------------

test('the CSV is a download with a header row and every row of the list', async () => {
  const res = await admin.get('/admin/users/1001/cameras?format=csv&sort=name');
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
  assert.equal(res.headers.get('content-disposition'), 'attachment; filename="user-1001-cameras.csv"');
  const text = await res.text();
  assert.ok(text.endsWith('\r\n'));
  const lines = text.trimEnd().split('\r\n');
  assert.equal(lines[0], 'ID,Name,Status,Location,Blocked');
  assert.deepEqual(lines.slice(1).map((l) => Number(l.split(',')[0])), [3, 6, 7, 1, 4, 9, 8, 10, 11, 2, 5, 12]);
  assert.equal(lines[1], '3,Backyard,active,,no');
  assert.ok(lines.includes('5,"Staircase, 2nd floor",partially_active,,no'));
});

test('the CSV quotes commas and quotes the RFC 4180 way', async () => {
  const text = await (await admin.get('/admin/users/1003/cameras?format=csv')).text();
  assert.ok(text.includes('\r\n18,Yard\' OR 1=1 -- <img src=x onerror=alert(2)>,active,"Tver, O\'Connor ""Plaza"" 1 <img src=x onerror=alert(1)>",no\r\n'));
  assert.ok(text.includes('\r\n20,"Camera ""Main"" & <b>bold</b>",partially_active,"Kazan, Baumana st. 19",no\r\n'));
});

test('the CSV neutralises cells that a spreadsheet would run as formulas', async () => {
  const text = await (await admin.get(`/admin/users/${FORMULA}/cameras?format=csv`)).text();
  assert.equal(text, 'ID,Name,Status,Location,Blocked\r\n' +
    "710001,'=1+2,active,,no\r\n" +
    "710002,'+79123456789,active,,no\r\n" +
    "710003,'-5,active,,no\r\n" +
    "710004,'@SUM(A1:A9),active,,no\r\n" +
    '710005,"\'=HYPERLINK(""http://evil.example"",""x"")",active,,no\r\n' +
    '710006,"two\nlines, ""quoted""",active,,no\r\n');
});

test('the CSV follows the search and status filter but ignores the cursor', async () => {
  const after = makeCursor({ list: 'cameras', sort: 'id', filter: [['id', '1001'], ['status', 'inactive']], id: 6 });
  const csv = await (await admin.get(`/admin/users/1001/cameras?format=csv&status=inactive&after=${after}`)).text();
  assert.equal(csv, 'ID,Name,Status,Location,Blocked\r\n6,Dacha gate,inactive,"Moscow region, Istra, SNT ""Rassvet"", plot 114",no\r\n7,Dacha porch,inactive,,no\r\n');
});

// --- 10,000 cameras ---------------------------------------------------------------------------

test('a user with 10,000 cameras gets one page of 25, a cursor and full counts', async () => {
  const body = await json(admin, `/admin/users/${BULK}/cameras`);
  assert.equal(body.items.length, 25);
  assert.deepEqual(ids(body), Array.from({ length: 25 }, (_, i) => 700001 + i));
  assert.equal(typeof body.next, 'string');
  assert.deepEqual(body.counts, { active: 2500, partially_active: 2500, inactive: 2500, empty: 2500 });
  const page = await html(admin, `/admin/users/${BULK}/cameras`);
  assert.equal(rowIds(page).length, 25);
});

test('page sizes 50 and 100 give that many rows', async () => {
  assert.equal((await json(admin, `/admin/users/${BULK}/cameras?limit=50`)).items.length, 50);
  assert.equal((await json(admin, `/admin/users/${BULK}/cameras?limit=100`)).items.length, 100);
});

test('the Next page link continues where the page ended, keeping filters and sort', async () => {
  const first = await html(admin, `/admin/users/${BULK}/cameras?status=empty&sort=id&dir=desc`);
  const next = /<a href="([^"]+)" rel="next" class="page-next">Next page<\/a>/.exec(first);
  assert.ok(next, 'a Next page link');
  const href = unescape(next[1]);
  assert.match(href, /^\/admin\/users\/990601\/cameras\?status=empty&sort=id&dir=desc&after=[A-Za-z0-9_-]+$/);
  const second = await html(admin, href);
  const a = rowIds(first), b = rowIds(second);
  assert.equal(b.length, 25);
  assert.ok(b[0] < a[24], 'the second page continues downwards');
  assert.match(second, /class="page-first">First page<\/a>/);
});

test('walking every page by name visits each of the 10,000 cameras once, in order', async () => {
  const { seen } = await walk(admin, { sort: 'name', limit: '100' });
  assert.equal(seen.length, 10000);
  assert.equal(new Set(seen).size, 10000);
  const key = (id) => [`Bulk ${String((id - 700000) % 1000).padStart(3, '0')}`, id];
  for (let i = 1; i < seen.length; i++) {
    const [n0, i0] = key(seen[i - 1]), [n1, i1] = key(seen[i]);
    assert.ok(n0 < n1 || (n0 === n1 && i0 < i1), `order broken at ${i}`);
  }
});

test('walking the operator\'s pages by location visits exactly its granted half', async () => {
  const { seen, counts } = await walk(operator, { sort: 'location', dir: 'desc', limit: '100' });
  assert.deepEqual(counts, { active: 2500, partially_active: 0, inactive: 2500, empty: 0 });
  assert.equal(seen.length, 5000);
  assert.ok(seen.every((id) => id % 2 === 0));
  const expected = sql(`SELECT c.id FROM user_cameras uc JOIN cameras c ON c.id = uc.camera_id
    JOIN admin_cameras ac ON ac.camera_id = c.id AND ac.admin_id = 2
    LEFT JOIN locations l ON l.id = c.location_id WHERE uc.user_id = ${BULK}
    ORDER BY COALESCE(l.address, '') DESC, c.id DESC`).map((r) => Number(r[0]));
  assert.deepEqual(seen, expected);
});

test('the 10,000-row CSV holds every camera in the chosen order', async () => {
  const text = await (await admin.get(`/admin/users/${BULK}/cameras?format=csv&sort=status&dir=desc`)).text();
  const lines = text.trimEnd().split('\r\n');
  assert.equal(lines.length, 10001);
  const rows = lines.slice(1).map((l) => l.split(','));
  assert.equal(new Set(rows.map((r) => r[0])).size, 10000);
  assert.deepEqual([rows[0][2], rows[2499][2], rows[2500][2], rows[9999][2]], ['empty', 'empty', 'inactive', 'active']);
});

// --- cursors ----------------------------------------------------------------------------------

test('a cursor made for one sort order is refused under another (400 naming after)', async () => {
  const { next } = await json(admin, `/admin/users/${BULK}/cameras?sort=name`);
  const { status, body } = await admin.getJson(`/admin/users/${BULK}/cameras?sort=id&after=${next}`);
  assert.equal(status, 400);
  assert.match(body.error, /^after:/);
  const desc = await admin.getJson(`/admin/users/${BULK}/cameras?sort=name&dir=desc&after=${next}`);
  assert.equal(desc.status, 400);
});

test('a malformed cursor is a 400 naming after', async () => {
  const good = (sort, id, key) => makeCursor({ list: 'cameras', sort, filter: [['id', '1001']], id, key });
  const fp = Buffer.from(good('id', 1), 'base64url').toString().split('\n')[1];
  for (const [sort, bad] of [['id', 'x'], ['id', '1.1'], ['id', 'AAAA'], ['id', b64url(`cameras\n${fp}\n0\n0`)],
    ['id', good('id', 1, 'abc')], ['status', good('status', 1, 'x')], ['name', b64url(`cameras\n${fp}\n1\n\u0000`)],
    ['name', Buffer.from(`cameras\n${fp}\n1\n\xff`, 'latin1').toString('base64url')],
    ['id', good('name', 1, 'a')], ['id', b64url(`intercoms\n${fp}\n1\n1`)]]) {
    const { status, body } = await admin.getJson(`/admin/users/1001/cameras?sort=${sort}&after=${encodeURIComponent(bad)}`);
    assert.equal(status, 400, bad);
    assert.match(body.error, /^after:/, bad);
  }
});

test('a forged cursor only moves the start inside the operator\'s scope', async () => {
  // resume "after camera 2" (which operator may not see): hidden cameras stay hidden
  const at = (sort, id, key, user = '1001') => makeCursor({ list: 'cameras', sort, filter: [['id', user]], id, key });
  const body = await json(operator, `/admin/users/1001/cameras?sort=id&after=${at('id', 2)}`);
  assert.deepEqual(ids(body), [3, 4, 6, 8, 10]);
  const byName = await json(operator, `/admin/users/1001/cameras?sort=name&after=${at('name', 1, '')}`);
  assert.deepEqual(ids(byName).sort((a, b) => a - b), OPERATOR_1001);
  const back = await json(operator, `/admin/users/1001/cameras?sort=id&before=${at('id', 9)}`);
  assert.deepEqual(ids(back), [1, 3, 4, 6, 8]);
  /* a cursor of one user's list is refused on another's: it is bound to its filter */
  const ofOther = await operator.getJson(`/admin/users/1002/cameras?sort=id&after=${at('id', 1)}`);
  assert.equal(ofOther.status, 400);
});

// --- bad input and failures -----------------------------------------------------------------

test('bad status, sort, dir, limit and format are 400s naming the parameter', async () => {
  for (const [qs, name] of [['status=broken', 'status'], ['status=partially%20active', 'status'],
    ['sort=created_at', 'sort'], ['dir=up', 'dir'], ['limit=30', 'limit'], ['limit=1000', 'limit'],
    ['format=xml', 'format'], ['q=' + 'x'.repeat(256), 'q'], ['status=active&status=empty', 'status']]) {
    const { status, body } = await admin.getJson(`/admin/users/1001/cameras?${qs}`);
    assert.equal(status, 400, qs);
    assert.match(body.error, new RegExp(`^${name}:`), qs);
  }
  const res = await admin.get('/admin/users/1001/cameras?sort=nope');
  assert.equal(res.status, 400);
  assert.match(await res.text(), /sort: invalid value/);
});

test('an unknown user is a 404, a malformed id a 400', async () => {
  assert.equal((await admin.getJson('/admin/users/999999999/cameras')).status, 404);
  assert.equal((await admin.getJson('/admin/users/abc/cameras')).status, 400);
  assert.equal((await admin.getJson('/admin/users/0/cameras')).status, 400);
});

test('a deleted user\'s Cameras tab answers 404 "This user was deleted"', async () => {
  const { status, body } = await admin.getJson('/admin/users/1005/cameras');
  assert.equal(status, 404);
  assert.equal(body.error, 'This user was deleted.');
  assert.equal((await admin.getJson('/admin/users/2004/cameras')).status, 404);
});

test('the tab needs a session and changes nothing (POST is not allowed)', async () => {
  assert.equal((await raw('/admin/users/1001/cameras')).status, 401);
  const res = await admin.post('/admin/users/1001/cameras', { status: 'active' });
  assert.equal(res.status, 405);
});

// --- the camera card --------------------------------------------------------------------------

test('the camera card shows its general data', async () => {
  const page = await html(admin, '/admin/cameras/12');
  assert.match(page, /<!DOCTYPE html>/);
  assert.match(page, /<section id="general"/);
  assert.match(page, /General data/);
  for (const [id, text] of [['camera-name', 'Storage'], ['camera-external-id', 'CAM-000012'],
    ['camera-mac', '00:1A:2B:3C:4D:0C'], ['camera-serial', 'IPC-HFW1230S-7J0512012'],
    ['camera-archive', '7 days'], ['camera-users', '1']]) {
    assert.match(page, new RegExp(`<dd id="${id}">${text}</dd>`), id);
  }
  assert.match(page, /<dd id="camera-status"><span class="badge badge-empty">empty<\/span><\/dd>/);
  assert.match(page, /<dd id="camera-location">Tver, O&#39;Connor &quot;Plaza&quot; 1 &lt;img src=x onerror=alert\(1\)&gt;<\/dd>/);
  const [[when]] = sql("SELECT DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s') FROM cameras WHERE id = 12");
  assert.ok(page.includes(`<dd id="camera-created"><time datetime="${isoTime(when)}">${shownTime(when)}</time></dd>`));
});

test('the camera card as JSON counts the live users that have it', async () => {
  assert.equal((await json(admin, '/admin/cameras/2')).users, 3); // 1001, its sub-user 2001, 1002
  assert.equal((await json(admin, '/admin/cameras/22')).users, 0); // 1005 and its sub-user were deleted
  const { created_at: created, user_list: users, user_list_truncated: cut, ...rest } = await json(admin, '/admin/cameras/3');
  assert.deepEqual([users.length, cut], [2, false]);
  assert.match(created, ISO_TIME);
  assert.deepEqual(rest, {
    id: 3, name: 'Backyard', status: 'active', location: null, external_id: 'CAM-000003',
    mac: '00:1A:2B:3C:4D:03', serial: 'IPC-HFW2431S-S-7H0291445', archive_days: 7, users: 2,
  });
});

test('an ordinary admin gets 404 for a camera not granted to it, like a missing one', async () => {
  const hidden = await operator.getJson('/admin/cameras/2');
  const missing = await operator.getJson('/admin/cameras/99999999');
  assert.equal(hidden.status, 404);
  assert.equal(missing.status, 404);
  assert.equal(hidden.body.error.replace('2', 'N'), missing.body.error.replace('99999999', 'N'));
  assert.equal((await operator.get('/admin/cameras/1')).status, 200);
  assert.equal((await admin.get('/admin/cameras/2')).status, 200);
});

test('the hostile camera\'s card shows its name as text', async () => {
  const page = await html(operator, '/admin/cameras/18');
  assert.match(page, /<title>Yard&#39; OR 1=1 -- &lt;img src=x onerror=alert\(2\)&gt; · vmsadmin<\/title>/);
  assert.match(page, /<dd id="camera-serial">XX-&lt;b&gt;1018&lt;\/b&gt;<\/dd>/);
  assert.ok(!page.includes('<img'));
});

test('the camera card redirects to sign-in without a session and 400s a bad id', async () => {
  const res = await raw('/admin/cameras/1');
  assert.equal(res.status, 303);
  assert.match(res.headers.get('location'), /^\/admin\/login\?next=/);
  assert.equal((await admin.get('/admin/cameras/x1')).status, 400);
});

// --- the user's state and the admin's scope, at a glance ---------------------------------------

test('a paused user\'s cameras are marked blocked, and the tab says why', async () => {
  const [[was]] = sql('SELECT status FROM users WHERE id = 1002');
  sql("UPDATE users SET status = 'paused' WHERE id = 1002");
  try {
    const body = await json(admin, '/admin/users/1002/cameras');
    assert.equal(body.user_status, 'paused');
    assert.ok(body.items.length > 0 && body.items.every((c) => c.blocked === true));
    const page = await html(admin, '/admin/users/1002/cameras');
    assert.match(page, /<p class="notice notice-paused" role="note">This user is paused by billing/);
    assert.equal((page.match(/badge-blocked/g) || []).length, body.items.length);
    const csv = await (await admin.get('/admin/users/1002/cameras?format=csv')).text();
    assert.ok(csv.trimEnd().split('\r\n').slice(1).every((l) => l.endsWith(',yes')));
  } finally {
    sql(`UPDATE users SET status = '${was}' WHERE id = 1002`);
  }
  assert.doesNotMatch(await html(admin, '/admin/users/1001/cameras'), /badge-blocked|notice-paused/);
});

test('an ordinary admin is told how many of the user\'s cameras are outside its scope, and nothing else of them', async () => {
  const hidden = (user) => Number(sql(`SELECT COUNT(*) FROM user_cameras uc WHERE uc.user_id = ${user}
    AND NOT EXISTS (SELECT 1 FROM admin_cameras ac WHERE ac.admin_id = 2 AND ac.camera_id = uc.camera_id)`)[0][0]);
  const body = await json(operator, '/admin/users/1002/cameras');
  assert.deepEqual([body.items.length, body.outside_scope], [0, hidden(1002)]);
  const page = await html(operator, '/admin/users/1002/cameras');
  const n = hidden(1002);
  assert.ok(n > 1);
  assert.ok(page.includes(`${n} more cameras of this user are outside your scope and not shown`));
  for (const name of ['Shop entrance', 'CAM-000013']) assert.ok(!page.includes(name));
  const mine = await json(operator, '/admin/users/1001/cameras?q=zzz-none');
  assert.equal(mine.outside_scope, hidden(1001), 'whatever the search');
  assert.equal((await json(admin, '/admin/users/1002/cameras')).outside_scope, 0);
  assert.doesNotMatch(await html(admin, '/admin/users/1002/cameras'), /notice-scope/);
});

test('one camera outside the scope reads in the singular', async () => {
  // grant the operator all but one of 1001's cameras it lacks, for this test only
  const lacking = sql(`SELECT uc.camera_id FROM user_cameras uc WHERE uc.user_id = 1001
    AND NOT EXISTS (SELECT 1 FROM admin_cameras ac WHERE ac.admin_id = 2 AND ac.camera_id = uc.camera_id)
    ORDER BY uc.camera_id`).map(([id]) => id);
  assert.ok(lacking.length > 1);
  const granted = lacking.slice(1);
  sql(`INSERT INTO admin_cameras (admin_id, camera_id) VALUES ${granted.map((id) => `(2, ${id})`).join(', ')}`);
  try {
    const page = await html(operator, '/admin/users/1001/cameras');
    assert.ok(page.includes('1 more camera of this user is outside your scope and not shown'));
  } finally {
    sql(`DELETE FROM admin_cameras WHERE admin_id = 2 AND camera_id IN (${granted.join(', ')})`);
  }
});

// --- the card: who has the camera, and the way back ---------------------------------------------

test('the camera card names the users that have the camera, each a link to its profile', async () => {
  const page = await html(admin, '/admin/cameras/2');
  const list = /<ul class="camera-user-list" id="camera-user-list"[^>]*>([\s\S]*?)<\/ul>/.exec(page)[1];
  const ids = [...list.matchAll(/<li data-user-id="(\d+)"><a href="\/admin\/users\/(\d+)">/g)].map((m) => Number(m[1]));
  const want = sql('SELECT user_id FROM user_cameras WHERE camera_id = 2').map(([id]) => Number(id)).sort((a, b) => a - b);
  assert.deepEqual([...ids].sort((a, b) => a - b), want);
  const body = await json(admin, '/admin/cameras/2');
  assert.deepEqual(body.user_list.map((u) => u.id).sort((a, b) => a - b), want);
  assert.equal(body.user_list_truncated, false);
  assert.equal((page.match(/General data/g) || []).length, 1, '"General data" once: the tab, no heading');
});

test('the camera card has a breadcrumb back to the profile it came from, else to the users', async () => {
  const crumbs = (page) => /<nav class="crumbs" aria-label="Breadcrumb"><ol>([\s\S]*?)<\/ol><\/nav>/.exec(page)?.[1];
  const from = crumbs(await html(admin, '/admin/cameras/1?from=1001'));
  assert.equal(from, '<li><a href="/admin/users">Users</a></li><li><a href="/admin/users/1001?tab=cameras">Ivan Petrov</a></li>' +
    '<li><span aria-current="page">Camera Entrance hall</span></li>');
  const plain = crumbs(await html(admin, '/admin/cameras/1'));
  assert.equal(plain, '<li><a href="/admin/users">Users</a></li><li><span aria-current="page">Camera Entrance hall</span></li>');
  /* a user that does not have the camera is not named */
  assert.equal(crumbs(await html(admin, '/admin/cameras/1?from=1004')), plain);
  assert.equal((await admin.get('/admin/cameras/1?from=abc')).status, 400);
  const tab = await html(admin, '/admin/users/1001/cameras');
  assert.match(tab, /href="\/admin\/cameras\/1\?from=1001#general"/);
});

test('an unknown camera is a 404 page in the frame of every page, with a way back', async () => {
  const res = await admin.get('/admin/cameras/987654321');
  assert.equal(res.status, 404);
  const page = await res.text();
  assert.match(page, /<header class="topbar">/);
  assert.match(page, /<button type="submit" class="link">Sign out<\/button>/);
  assert.match(page, /<h1>404 Not Found<\/h1>/);
  assert.match(page, /There is no camera 987654321\./);
  assert.match(page, /<a href="\/admin\/users">Back to the users<\/a>/);
  assert.doesNotMatch(page, /retry\.js/);
});
