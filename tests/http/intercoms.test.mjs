// intercoms.test.mjs — the Intercoms tab (GET /admin/users/{id}/intercoms: HTML, JSON, CSV)
// and the intercom card (GET /admin/intercoms/{id}): one row per linked apartment with the
// user's keys, two apartments of one intercom, no keys, hostile names, keyset pages, every bad
// input. Adds intercom 900001 with 30 apartments (ids 900001..900030) linked to its own user
// 990611 and deletes them afterwards.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { signIn, raw, sql, makeCursor, shownTime, isoTime, ISO_TIME } from './helpers.mjs';

const PAGED = 990611;
let admin, operator;

function cleanUp() {
  sql(`DELETE FROM intercoms WHERE id = 900001;
       DELETE FROM users WHERE id = ${PAGED};
       ALTER TABLE intercoms AUTO_INCREMENT = 1;
       ALTER TABLE apartments AUTO_INCREMENT = 1;
       ALTER TABLE intercom_keys AUTO_INCREMENT = 1`);
}

before(async () => {
  admin = await signIn('admin');
  operator = await signIn('operator');
  cleanUp();
  sql(`INSERT INTO users (id, origin, username, login, status, created_at)
         VALUES (${PAGED}, 'admin', 'Many apartments', 'many.apartments', 'active', '2001-01-01');
       INSERT INTO intercoms (id, name, address, department, created_at)
         VALUES (900001, '=cmd|'' /C calc''!A0', 'Test st. 1', '-1', '2001-01-01');
       INSERT INTO apartments (id, intercom_id, number) SELECT 900000 + seq, 900001, seq FROM seq_1_to_30;
       INSERT INTO apartment_users (apartment_id, user_id) SELECT 900000 + seq, ${PAGED} FROM seq_1_to_30;
       INSERT INTO intercom_keys (apartment_id, user_id, hex_id)
         SELECT 900000 + seq, ${PAGED}, CONCAT('00000099', LPAD(HEX(seq), 6, '0')) FROM seq_1_to_30_step_2`);
});

after(cleanUp);

async function json(client, path) {
  const { status, body } = await client.getJson(path);
  assert.equal(status, 200, `${path}: ${JSON.stringify(body)}`);
  return body;
}
async function html(client, path) {
  const res = await client.get(path);
  assert.equal(res.status, 200, path);
  return res.text();
}
const rows = (page) => page.split('<tr data-intercom-id="').slice(1).map((r) => r.split('</tr>')[0]);
const b64url = (s) => Buffer.from(s, 'utf8').toString('base64url');

const LENINA_2 = { id: 1, name: 'Lenina 12, entrance 2', address: 'Moscow, Lenina st. 12', department: 'Entrance 2' };
const LENINA_3 = { id: 2, name: 'Lenina 12, entrance 3', address: 'Moscow, Lenina st. 12', department: 'Entrance 3' };

// --- the list -------------------------------------------------------------------------------

test('user 1001 has a row per apartment: two of one intercom and one without keys', async () => {
  const body = await json(admin, '/admin/users/1001/intercoms');
  assert.deepEqual(Object.keys(body), ['items', 'next', 'prev']);
  assert.equal(body.next, null);
  assert.deepEqual(body.items.map((r) => r.apartment_id), [1, 2, 3]);
  assert.deepEqual(body.items.map(({ created_at, apartment_id, ...r }) => r), [
    { ...LENINA_2, apartment: '34', keys: ['0000003045CAAC', '00000030A1B2C3'] },
    { ...LENINA_2, apartment: '35', keys: ['0000003045CAAD'] },
    { ...LENINA_3, apartment: '101', keys: [] },
  ]);
  for (const r of body.items) assert.match(r.created_at, ISO_TIME);
});

test('the keys are the user\'s own: a sub-user in the same apartment sees only its key', async () => {
  const body = await json(admin, '/admin/users/2001/intercoms');
  assert.deepEqual(body.items.map((r) => [r.id, r.apartment, r.keys]), [[1, '34', ['000000304F00E1']]]);
});

test('an ordinary admin sees the same intercom rows of a user with a camera it administers', async () => {
  assert.deepEqual(await json(operator, '/admin/users/1001/intercoms'), await json(admin, '/admin/users/1001/intercoms'));
});

// --- the scope of an ordinary admin -----------------------------------------------------------
// operator administers cameras of 1001, 2001, 1003 and 1005, none of 1002 (intercom 3's only
// resident) or of sub-user 2003 (a resident of intercom 4 beside 1003).

test('an ordinary admin gets a 404 for an intercom none of whose residents it administers a camera of', async () => {
  assert.equal((await admin.getJson('/admin/intercoms/3')).status, 200);
  const { status, body } = await operator.getJson('/admin/intercoms/3');
  assert.equal(status, 404);
  const unknown = await operator.getJson('/admin/intercoms/99999999');
  assert.equal(body.error.replace('3', 'N'), unknown.body.error.replace('99999999', 'N'), 'the answer of an unknown intercom');
  const page = await operator.get('/admin/intercoms/3');
  assert.equal(page.status, 404);
  assert.ok(!(await page.text()).includes('Nevsky'), 'nothing of it is shown');
});

test("an ordinary admin's Intercoms tab of a user outside its scope is empty, in HTML, JSON and CSV", async () => {
  assert.equal((await json(admin, '/admin/users/1002/intercoms')).items.length, 1);
  assert.equal((await json(admin, '/admin/users/2003/intercoms')).items.length, 1);
  for (const id of [1002, 2003]) {
    assert.deepEqual(await json(operator, `/admin/users/${id}/intercoms`), { items: [], next: null, prev: null });
    assert.match(await html(operator, `/admin/users/${id}/intercoms`), /This user is linked to no intercom\./);
    const csv = await (await operator.get(`/admin/users/${id}/intercoms?format=csv`)).text();
    assert.equal(csv.trimEnd().split('\r\n').length, 1, 'the header row only');
  }
});

test("an ordinary admin's intercom card shows only the residents in its scope, with their keys", async () => {
  const mine = await json(operator, '/admin/intercoms/4');
  assert.deepEqual(mine.apartments.map((a) => a.users.map((u) => [u.id, u.keys])), [[[1003, ['0000009F00BEEF']]]]);
  const all = await json(admin, '/admin/intercoms/4');
  assert.deepEqual(all.apartments.map((a) => a.users.map((u) => u.id)), [[1003, 2003]]);
  const page = await html(operator, '/admin/intercoms/4');
  assert.ok(!page.includes('obrien.jr'), 'the other resident\'s login is not shown');
  assert.match(page, /id="scope-note"/);
  assert.ok(!(await html(admin, '/admin/intercoms/4')).includes('scope-note'), 'a superadmin sees all, without the note');
});

test('the HTML shows the six columns and a row per apartment', async () => {
  const page = await html(admin, '/admin/users/1001/intercoms');
  assert.match(page, /<thead><tr><th scope="col">Name<\/th><th scope="col">Address<\/th><th scope="col">Department<\/th><th scope="col">Apartment<\/th><th scope="col">Keys<\/th><th scope="col">Created at<\/th><\/tr><\/thead>/);
  const r = rows(page);
  assert.equal(r.length, 3);
  assert.match(r[0], /<td>34<\/td>/);
  assert.match(r[0], /<code class="key">0000003045CAAC<\/code> <code class="key">00000030A1B2C3<\/code>/);
  assert.match(r[1], /<td>35<\/td>[\s\S]*<code class="key">0000003045CAAD<\/code>/);
  assert.match(r[2], /<td>101<\/td>[\s\S]*<span class="empty">no keys<\/span>/);
  assert.match(r[2], /<td>Entrance 3<\/td>/);
});

test('selecting a row opens the intercom card\'s General data', async () => {
  const page = await html(admin, '/admin/users/1001/intercoms');
  const r = rows(page);
  assert.match(r[0], /^1" data-apartment-id="1" data-href="\/admin\/intercoms\/1\?from=1001#general">/);
  assert.match(r[0], /<a href="\/admin\/intercoms\/1\?from=1001#general" class="intercom">Lenina 12, entrance 2<\/a>/);
  assert.match(r[2], /<a href="\/admin\/intercoms\/2\?from=1001#general" class="intercom">/);
  assert.ok(!/method="post"/i.test(page), 'read-only: no POST form');
});

test('hostile intercom names and departments are shown as text', async () => {
  const page = await html(admin, '/admin/users/1003/intercoms');
  assert.ok(page.includes('Gate&#39; OR 1=1 -- &lt;img src=x onerror=alert(2)&gt;'));
  assert.ok(page.includes('<td>Entrance &lt;b&gt;1&lt;/b&gt;</td>'));
  assert.ok(page.includes('Dublin &amp; Moscow, &quot;O&#39;Connell&quot; st. 5'));
  assert.ok(!page.includes('<img'));
  assert.ok(!page.includes('<b>'));
});

test('a user linked to no intercom gets an empty list', async () => {
  assert.deepEqual(await json(admin, '/admin/users/1004/intercoms'), { items: [], next: null, prev: null });
  assert.match(await html(admin, '/admin/users/1004/intercoms'), /This user is linked to no intercom\./);
});

// --- pages ------------------------------------------------------------------------------------

test('30 apartments come as a page of 25 and a page of 5 through the cursor', async () => {
  const first = await json(admin, `/admin/users/${PAGED}/intercoms`);
  assert.equal(first.items.length, 25);
  assert.equal(typeof first.next, 'string');
  const second = await json(admin, `/admin/users/${PAGED}/intercoms?after=${first.next}`);
  assert.equal(second.items.length, 5);
  assert.equal(second.next, null);
  const numbers = [...first.items, ...second.items].map((r) => Number(r.apartment));
  assert.deepEqual(numbers, Array.from({ length: 30 }, (_, i) => i + 1));
  assert.deepEqual(first.items[0].keys, ['00000099000001']);
  assert.deepEqual(first.items[1].keys, []);
});

test('page sizes 50 and 100 hold every row at once', async () => {
  assert.equal((await json(admin, `/admin/users/${PAGED}/intercoms?limit=50`)).items.length, 30);
  assert.equal((await json(admin, `/admin/users/${PAGED}/intercoms?limit=100`)).next, null);
});

test('the HTML Next page link keeps the page size and continues', async () => {
  const page = await html(admin, `/admin/users/${PAGED}/intercoms?limit=25`);
  assert.equal(rows(page).length, 25);
  const next = /<a href="([^"]+)" rel="next" class="page-next">Next page<\/a>/.exec(page);
  assert.ok(next);
  const href = next[1].replaceAll('&amp;', '&');
  assert.match(href, /^\/admin\/users\/990611\/intercoms\?limit=25&after=[A-Za-z0-9_-]+$/);
  const second = await html(admin, href);
  assert.equal(rows(second).length, 5);
  assert.match(second, /class="page-first">First page<\/a>/);
  assert.ok(!second.includes('rel="next"'));
});

// --- CSV ------------------------------------------------------------------------------------

test('the CSV has a header row, one row per apartment and the keys in one cell', async () => {
  const res = await admin.get('/admin/users/1001/intercoms?format=csv');
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
  assert.equal(res.headers.get('content-disposition'), 'attachment; filename="user-1001-intercoms.csv"');
  const lines = (await res.text()).trimEnd().split('\r\n');
  assert.equal(lines[0], 'Intercom ID,Name,Address,Department,Apartment,Keys,Created at');
  assert.match(lines[1], /^1,"Lenina 12, entrance 2","Moscow, Lenina st\. 12",Entrance 2,34,0000003045CAAC 00000030A1B2C3,\d{4}-/);
  assert.match(lines[3], /^2,"Lenina 12, entrance 3","Moscow, Lenina st\. 12",Entrance 3,101,,\d{4}-/);
  assert.equal(lines.length, 4);
});

test('the CSV holds every page and neutralises formula-like cells', async () => {
  const lines = (await (await admin.get(`/admin/users/${PAGED}/intercoms?format=csv&limit=25`)).text()).trimEnd().split('\r\n');
  assert.equal(lines.length, 31);
  assert.match(lines[1], /^900001,'=cmd\|' \/C calc'!A0,Test st\. 1,'-1,1,00000099000001,2001-01-01T00:00:00Z$/);
});

test('the hostile intercom\'s CSV row is quoted the RFC 4180 way', async () => {
  const text = await (await admin.get('/admin/users/1003/intercoms?format=csv')).text();
  assert.ok(text.includes('\r\n4,Gate\' OR 1=1 -- <img src=x onerror=alert(2)>,"Dublin & Moscow, ""O\'Connell"" st. 5",Entrance <b>1</b>,12,0000009F00BEEF,'));
});

// --- bad input ------------------------------------------------------------------------------

test('a bad limit, cursor or format is a 400 naming the parameter', async () => {
  for (const [qs, name] of [['limit=10', 'limit'], ['limit=abc', 'limit'], ['after=zzz', 'after'],
    ['after=1.1', 'after'], ['format=json', 'format'],
    [`after=${makeCursor({ list: 'intercoms', sort: 'id', filter: [['id', '1001']], id: 1, key: 'x' })}`, 'after'],
    [`after=${makeCursor({ list: 'intercoms', sort: 'id', filter: [['id', '1002']], id: 1 })}`, 'after'],
    [`before=${makeCursor({ list: 'intercoms', sort: 'id', dir: 'desc', filter: [['id', '1001']], id: 1 })}`, 'before'],
    [`after=${b64url('id.asc\n1\n1')}`, 'after']]) {
    const { status, body } = await admin.getJson(`/admin/users/1001/intercoms?${qs}`);
    assert.equal(status, 400, qs);
    assert.match(body.error, new RegExp(`^${name}:`), qs);
  }
});

test('a Cameras tab cursor is refused by the Intercoms tab', async () => {
  const cam = makeCursor({ list: 'cameras', sort: 'name', filter: [['id', '1001']], id: 3, key: 'Backyard' });
  assert.equal((await admin.getJson(`/admin/users/1001/cameras?sort=name&after=${cam}`)).status, 200);
  const { status, body } = await admin.getJson(`/admin/users/1001/intercoms?after=${cam}`);
  assert.equal(status, 400);
  assert.match(body.error, /^after:/);
});

test('unknown, deleted and malformed users', async () => {
  assert.equal((await admin.getJson('/admin/users/999999999/intercoms')).status, 404);
  const deleted = await admin.getJson('/admin/users/1005/intercoms');
  assert.equal(deleted.status, 404);
  assert.equal(deleted.body.error, 'This user was deleted.');
  assert.equal((await admin.getJson('/admin/users/1x/intercoms')).status, 400);
});

test('the tab needs a session and allows no POST', async () => {
  assert.equal((await raw('/admin/users/1001/intercoms')).status, 401);
  assert.equal((await admin.post('/admin/users/1001/intercoms', { limit: '50' })).status, 405);
});

// --- the intercom card ----------------------------------------------------------------------

test('the intercom card shows its general data', async () => {
  const page = await html(admin, '/admin/intercoms/1');
  assert.match(page, /<!DOCTYPE html>/);
  assert.match(page, /<section id="general"/);
  assert.match(page, /<dd id="intercom-name">Lenina 12, entrance 2<\/dd>/);
  assert.match(page, /<dd id="intercom-address">Moscow, Lenina st\. 12<\/dd>/);
  assert.match(page, /<dd id="intercom-department">Entrance 2<\/dd>/);
  const [[when]] = sql("SELECT DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s') FROM intercoms WHERE id = 1");
  assert.ok(page.includes(`<dd id="intercom-created"><time datetime="${isoTime(when)}">${shownTime(when)}</time></dd>`));
});

test('the intercom card lists its apartments with their users and keys', async () => {
  const page = await html(admin, '/admin/intercoms/1');
  const apts = page.split('<tr data-apartment-id="').slice(1).map((r) => r.split('</tr>')[0]);
  assert.equal(apts.length, 4); // 34 (two users), 35, 36
  assert.match(apts[0], /<td>34<\/td>[\s\S]*href="\/admin\/users\/1001"[^>]*>Ivan Petrov<\/a>[\s\S]*0000003045CAAC<\/code> <code class="key">00000030A1B2C3/);
  assert.match(apts[1], /<td>34<\/td>[\s\S]*>Anna Petrova<\/a>[\s\S]*000000304F00E1/);
  assert.match(apts[2], /<td>35<\/td>[\s\S]*0000003045CAAD/);
  assert.match(apts[3], /<td>36<\/td>[\s\S]*Olga Kuznetsova<\/a>[\s\S]*badge-deleted/);
});

test('the intercom card as JSON groups users and keys by apartment', async () => {
  const body = await json(admin, '/admin/intercoms/2');
  assert.deepEqual({ ...body, created_at: 'x' }, {
    ...LENINA_3, created_at: 'x', truncated: false,
    apartments: [{ id: 3, number: '101', users: [{ id: 1001, username: 'Ivan Petrov', login: 'ivan.petrov', deleted: false, keys: [] }] }],
  });
});

test('the hostile intercom\'s card shows its strings as text', async () => {
  const page = await html(admin, '/admin/intercoms/4');
  assert.ok(page.includes('<dd id="intercom-name">Gate&#39; OR 1=1 -- &lt;img src=x onerror=alert(2)&gt;</dd>'));
  assert.ok(page.includes('<dd id="intercom-department">Entrance &lt;b&gt;1&lt;/b&gt;</dd>'));
  assert.ok(page.includes('Kid &lt;b&gt;&quot;bold&quot;&lt;/b&gt; &amp; O&#39;Brien Jr.'));
  assert.ok(!page.includes('<img'));
});

test('an unknown intercom is a 404, a malformed id a 400, no session a redirect', async () => {
  assert.equal((await admin.getJson('/admin/intercoms/99999999')).status, 404);
  assert.equal((await admin.getJson('/admin/intercoms/-1')).status, 400);
  const res = await raw('/admin/intercoms/1');
  assert.equal(res.status, 303);
  assert.match(res.headers.get('location'), /^\/admin\/login\?next=/);
});

test('the intercom card has a breadcrumb back to the resident it came from, within the scope', async () => {
  const crumbs = (page) => /<nav class="crumbs" aria-label="Breadcrumb"><ol>([\s\S]*?)<\/ol><\/nav>/.exec(page)?.[1];
  assert.equal(crumbs(await html(admin, '/admin/intercoms/1?from=1001')),
    '<li><a href="/admin/users">Users</a></li><li><a href="/admin/users/1001?tab=intercoms">Ivan Petrov</a></li>' +
    '<li><span aria-current="page">Intercom Lenina 12, entrance 2</span></li>');
  assert.equal(crumbs(await html(admin, '/admin/intercoms/1?from=1004')),
    '<li><a href="/admin/users">Users</a></li><li><span aria-current="page">Intercom Lenina 12, entrance 2</span></li>');
  /* the operator does not see 2003 at intercom 4: a forged from= names nobody */
  const op = crumbs(await html(operator, '/admin/intercoms/4?from=2003'));
  assert.ok(!op.includes('2003'));
  assert.match(await html(admin, '/admin/users/1001/intercoms'), /href="\/admin\/intercoms\/1\?from=1001#general"/);
});
