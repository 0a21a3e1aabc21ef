// billing-events.test.mjs — the Billing Events tab (GET /admin/users/{id}/billing-events):
// columns and order, the type code and label, failures with their reason, the stored payload
// (password redacted), the type filter, cursor paging both ways and its cost on a deep page,
// JSON, deleted and unknown users, hostile text. Demo user 1001 holds 13 of the 14 types (not
// terminate: it lives on; 1005 was terminated).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { signIn, sql, raw, handlerReads, shownTime, isoTime, ISO_TIME } from './helpers.mjs';
import { Run } from './billing-helpers.mjs';

const CODES = [
  'billing.new_entity', 'billing.pause_entity', 'billing.unpause_entity', 'billing.terminate_entity',
  'billing.create_location', 'billing.create_location_unknown_csa', 'billing.delete_location',
  'billing.update_login', 'billing.new_camera', 'billing.attach_camera',
  'billing.attach_camera_unknown_csa', 'billing.detach_camera', 'billing.unknown_type',
  'billing.update_password',
];

const run = new Run('e');
let admin;
let pager; // a test user with 55 events: new_entity, then 27 pauses and 27 unpauses

before(async () => {
  admin = await signIn('admin');
  pager = await run.newUser('-pager');
  for (let i = 0; i < 54; i++) {
    const type = i % 2 ? 'billing.unpause_entity' : 'billing.pause_entity';
    const res = await run.send(run.req(type, run.account('-pager')));
    assert.equal(res.status, 200);
  }
});
after(() => run.cleanup());

const tabUrl = (id, q = '') => `/admin/users/${id}/billing-events${q}`;

async function html(id, q = '') {
  const res = await admin.get(tabUrl(id, q));
  assert.equal(res.status, 200, tabUrl(id, q));
  assert.match(res.headers.get('content-type'), /^text\/html/);
  return res.text();
}

async function json(id, q = '') {
  const res = await admin.getJson(tabUrl(id, q));
  assert.equal(res.status, 200, tabUrl(id, q));
  return res.body;
}

/** The <tr> of event id in a tab page. */
function row(page, id) {
  const m = new RegExp(`<tr data-event-id="${id}"[\\s\\S]*?</tr>`).exec(page);
  assert.ok(m, `row ${id}`);
  return m[0];
}

/** Every event of a user, walking the pages by their next cursors (after=). */
async function walk(id, q = '') {
  const ids = [], items = [];
  let next = null;
  let pages = 0;
  do {
    const page = await json(id, `?${q}${next ? `&after=${encodeURIComponent(next)}` : ''}`);
    ids.push(...page.items.map((i) => i.id));
    items.push(...page.items);
    next = page.next;
    pages++;
  } while (next && pages < 50);
  return { ids, items, pages };
}

const descending = (ids) => ids.every((v, i) => i === 0 || ids[i - 1] > v);

test('the tab has the columns ID, Type and Created at', async () => {
  const page = await html(1001);
  const head = /<thead>([\s\S]*?)<\/thead>/.exec(page)[1];
  assert.deepEqual([...head.matchAll(/<th[^>]*>([^<]*)<\/th>/g)].map((m) => m[1]), ['ID', 'Type', 'Created at']);
});

test('events are listed newest first', async () => {
  const page = await json(1001);
  assert.equal(page.items.length, 25);
  assert.ok(descending(page.items.map((i) => i.id)));
  assert.equal(page.items[0].id, 43);
  const html1 = await html(1001);
  const ids = [...html1.matchAll(/data-event-id="(\d+)"/g)].map((m) => Number(m[1]));
  assert.deepEqual(ids, page.items.map((i) => i.id));
});

test('a row shows the request id, the type code with its label, and when it came', async () => {
  const r = row(await html(1001), 18);
  assert.match(r, /<td class="request-id"><code>cfc83583-9e9b-4b97-9e9a-0092ed668927<\/code><\/td>/);
  assert.match(r, /<code>billing\.attach_camera<\/code> — <span class="label">Billing\. Attach camera<\/span>/);
  const [[when]] = sql("SELECT DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s') FROM billing_events WHERE id = 18");
  assert.match(r, new RegExp(`<td class="created"><time datetime="${isoTime(when)}">${shownTime(when)}</time></td>`));
  assert.doesNotMatch(r, /badge-failed/);
});

test('a failed request is marked as failed with its reason', async () => {
  const r = row(await html(1001), 4);
  assert.match(r, /data-result="failed"/);
  assert.match(r, /<span class="badge badge-failed">failed<\/span> <span class="reason">unknown CSA code: CSA-0100<\/span>/);
  assert.match(r, /Billing\. Failed to create location/);
  const item = (await walk(1001)).items.find((i) => i.id === 4);
  assert.equal(item.result, 'failed');
  assert.equal(item.error, 'unknown CSA code: CSA-0100');
});

test('under each row, the full width of the table: the stored payload, with the password redacted', async () => {
  const page = await html(1001);
  const r = new RegExp('<tr class="payload-row" data-payload-of="20">\\s*<td colspan="3">([\\s\\S]*?)</tr>').exec(page)?.[1];
  assert.ok(r, 'a payload row spanning the three columns');
  const pre = /<details>\s*<summary>Request as sent<\/summary>\s*<pre class="payload">([\s\S]*?)<\/pre>\s*<\/details>/.exec(r);
  assert.ok(pre, 'a <details> with the payload');
  assert.match(pre[1], /&quot;password&quot;:\s*&quot;\*\*\*&quot;/);
  assert.match(pre[1], /&quot;request_id&quot;:\s*&quot;b85fd594-0f1b-4d35-8b5c-24b4f6eef5f2&quot;/);
});

test('the JSON answer has items of id, request_id, type, label, sent_type, result, error, created_at, redacted and a next cursor', async () => {
  const page = await json(1001);
  for (const it of page.items) {
    assert.deepEqual(Object.keys(it).sort(),
      ['created_at', 'error', 'id', 'label', 'note', 'redacted', 'request_id', 'result', 'sent_type', 'type']);
    assert.match(it.created_at, ISO_TIME);
  }
  const it = page.items.find((i) => i.id === 18);
  assert.deepEqual(it, {
    id: 18, request_id: 'cfc83583-9e9b-4b97-9e9a-0092ed668927', type: 'billing.attach_camera',
    label: 'Billing. Attach camera', sent_type: null, result: 'applied', error: null,
    created_at: it.created_at, redacted: false, note: null,
  });
  assert.match(page.next, /^[A-Za-z0-9_-]+$/); /* opaque */
  assert.equal(page.prev, null);
});

test('filtering by type lists only events of that type', async () => {
  const page = await json(1001, '?type=billing.new_camera');
  assert.equal(page.items.length, 11);
  assert.ok(page.items.every((i) => i.type === 'billing.new_camera' && i.label === 'Billing. New camera'));
  assert.equal(page.next, null);
  const h = await html(1001, '?type=billing.new_camera');
  assert.match(h, /<option value="billing\.new_camera" selected>/);
  assert.equal([...h.matchAll(/data-event-id=/g)].length, 11);
});

test('each of the 14 types can be filtered on', async () => {
  for (const code of CODES) {
    /* 1001's log holds every type but a terminate (1001 lives on); 1005 was terminated */
    const page = await json(code === 'billing.terminate_entity' ? 1005 : 1001, `?type=${code}`);
    assert.ok(page.items.length > 0, code);
    assert.ok(page.items.every((i) => i.type === code), code);
  }
});

test('the filter form offers all 14 types with their labels and posts to the tab itself', async () => {
  const page = await html(1001);
  assert.match(page, /<form method="get" action="\/admin\/users\/1001\/billing-events"/);
  const opts = [...page.matchAll(/<option value="(billing\.[a-z_]+)"[^>]*>([^<]*)<\/option>/g)].map((m) => m[1]);
  assert.deepEqual(opts, CODES);
  assert.match(page, /<option value="billing\.unknown_type">billing\.unknown_type — Billing\. Unknown type<\/option>/);
});

test('a type filter that is not one of the 14 is refused with 400 naming type', async () => {
  for (const t of ['billing.bogus', '<script>', 'billing.new_entity%00']) {
    const res = await admin.get(tabUrl(1001, `?type=${t}`), { json: true });
    assert.equal(res.status, 400, t);
    assert.match((await res.json()).error, /^type: /);
  }
});

test('bad cursors are refused with 400 naming them', async () => {
  for (const [q, name] of [['?before=abc', 'before'], ['?before=0', 'before'], ['?after=-1', 'after'],
    ['?before=99999999999999999999', 'before']]) {
    const res = await admin.get(tabUrl(1001, q), { json: true });
    assert.equal(res.status, 400, q);
    assert.match((await res.json()).error, new RegExp(`^${name}`));
  }
  const { next } = await json(1001);
  const both = await admin.get(tabUrl(1001, `?before=${next}&after=${next}`));
  assert.equal(both.status, 400);
});

test('a cursor is bound to its user and type filter', async () => {
  const { next } = await json(1001);
  for (const q of [`?after=${next}&type=billing.new_camera`]) {
    const res = await admin.get(tabUrl(1001, q), { json: true });
    assert.equal(res.status, 400, q);
    assert.match((await res.json()).error, /^after: this cursor belongs to another list, order or filter/);
  }
  const other = await admin.get(tabUrl(pager, `?after=${next}`), { json: true });
  assert.equal(other.status, 400);
  const cameras = await admin.get(`/admin/users/1001/cameras?after=${next}`, { json: true });
  assert.equal(cameras.status, 400);
});

test('paging by the after= cursor visits every event once, newest first', async () => {
  const { ids, pages } = await walk(pager);
  assert.equal(pages, 3);
  assert.equal(ids.length, 55);
  assert.ok(descending(ids));
  const [[count]] = sql(`SELECT COUNT(*) FROM billing_events WHERE user_id = ${pager}`);
  assert.equal(ids.length, Number(count));
});

test('the before= cursor pages back to the newer page', async () => {
  const first = await json(pager);
  const second = await json(pager, `?after=${first.next}`);
  assert.notEqual(second.prev, null);
  const back = await json(pager, `?before=${second.prev}`);
  assert.deepEqual(back.items.map((i) => i.id), first.items.map((i) => i.id));
  assert.equal(back.prev, null);
  assert.equal(back.next, first.next);
});

test('paging works within a type filter', async () => {
  const { ids, pages } = await walk(pager, 'type=billing.pause_entity');
  assert.equal(ids.length, 27);
  assert.equal(pages, 2);
  assert.ok(descending(ids));
});

test('the pager links keep the filter and carry the cursors', async () => {
  const first = await json(pager, '?type=billing.unpause_entity');
  const second = await json(pager, `?type=billing.unpause_entity&after=${first.next}`);
  const h = await html(pager, `?type=billing.unpause_entity&after=${first.next}`);
  const base = `/admin/users/${pager}/billing-events\\?type=billing\\.unpause_entity`;
  assert.match(h, new RegExp(`<a href="${base}" class="page-first">Newest</a>`));
  assert.match(h, new RegExp(`<a href="${base}&amp;before=${second.prev}" rel="prev" class="page-prev">Newer</a>`));
  assert.doesNotMatch(h, /class="page-next"/);
  const top = await html(pager, '?type=billing.unpause_entity');
  assert.match(top, new RegExp(`<a href="${base}&amp;after=${first.next}" rel="next" class="page-next">Older</a>`));
  assert.doesNotMatch(top, /class="page-prev"|class="page-first"/);
});

test('a user without events gets an empty tab saying so', async () => {
  const page = await json(1004);
  assert.deepEqual(page, { items: [], next: null, prev: null });
  assert.match(await html(1004), /Billing sent nothing about this user/);
  assert.match(await html(1004, '?type=billing.detach_camera'), /No events of this type/);
});

test('a deleted user\'s tab still shows its history', async () => {
  const page = await json(1005);
  assert.deepEqual(page.items.map((i) => i.id), [44, 41, 31, 30, 29]);
});

test('an unknown user answers 404', async () => {
  const res = await admin.get(tabUrl(987654321));
  assert.equal(res.status, 404);
});

test('a user id that is not a number is refused with 400', async () => {
  const res = await admin.get('/admin/users/abc/billing-events');
  assert.equal(res.status, 400);
});

test('without a session the tab answers 401', async () => {
  const res = await raw(tabUrl(1001));
  assert.equal(res.status, 401);
});

test('an ordinary admin sees the tab too', async () => {
  const operator = await signIn('operator');
  const res = await operator.getJson(tabUrl(1001));
  assert.equal(res.status, 200);
  assert.equal(res.body.items.length, 25);
});

test('a type holding <script> sent by billing is shown as text in the tab', async () => {
  const id = await run.newUser('-xss');
  const sent = '<script>alert("be")</script><img src=x onerror=alert(2)>';
  await run.send(run.req(sent, run.account('-xss'), { note: '</pre><script>alert(3)</script>' }));
  const page = await html(id);
  assert.doesNotMatch(page, /<script|<img|<\/pre><script/i);
  assert.match(page, /sent as <code>&lt;script&gt;alert\(&quot;be&quot;\)&lt;\/script&gt;&lt;img src=x onerror=alert\(2\)&gt;<\/code>/);
  assert.match(page, /unknown type: &lt;script&gt;/);
  const item = (await json(id)).items[0];
  assert.equal(item.type, 'billing.unknown_type');
  assert.equal(item.error, `unknown type: ${sent}`);
});

test('the demo\'s hostile type for 1003 is shown as text', async () => {
  const page = await html(1003);
  assert.doesNotMatch(page, /<script|<b>/i);
  assert.match(row(page, 24), /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
});

test('a page deep into a large history reads one page of rows, as the first page does', async () => {
  const deep = await run.newUser('-deep');
  const bulk = (from, n) => sql(`INSERT INTO billing_events (request_id, user_id, account, type, payload, result)
       SELECT CONCAT('t-${run.id}-bulk-', seq), ${deep}, '${run.account('-deep')}',
              ELT(1 + seq % 3, 'billing.pause_entity', 'billing.unpause_entity', 'billing.new_camera'),
              '{}', 'applied' FROM seq_${from}_to_${from + n - 1}`);
  bulk(1, 300);
  const cursors = {};
  for (const f of ['', 'type=billing.new_camera&']) cursors[f] = (await json(deep, `?${f}`)).next;
  bulk(1000, 200000); /* 200,000 newer events: the cursors are now that deep */
  for (const f of ['', 'type=billing.new_camera&']) {
    let page;
    const reads = await handlerReads(async () => { page = await json(deep, `?${f}after=${cursors[f]}`); });
    assert.equal(page.items.length, 25);
    assert.ok(reads < 200, `${f || 'all'}: ${reads} rows read for one page 200,000 events deep`);
    const top = await handlerReads(() => json(deep, `?${f}`));
    assert.ok(top < 200, `${f || 'all'}: ${top} rows read for the first page`);
  }
});

// --- the camera scope (an ordinary admin, operator, holds cameras 1, 3, 4, 6, 8 and 10) --------

/** Every text the operator could read of user id's events: JSON, HTML and CSV. */
async function everything(client, id) {
  const j = await client.getJson(tabUrl(id));
  assert.equal(j.status, 200);
  const h = await (await client.get(tabUrl(id))).text();
  const c = await (await client.get(tabUrl(id, '?format=csv'))).text();
  return { json: j.body, text: `${JSON.stringify(j.body)}\n${h}\n${c}` };
}

test('an ordinary admin sees no camera data of cameras outside its grant, in any form', async () => {
  const operator = await signIn('operator');
  const { json: page, text } = await everything(operator, 1002);
  /* user 1002's five cameras (13..17), none granted to operator */
  for (const secret of ['CAM-000013', 'CAM-000014', 'CAM-000015', 'CAM-000016', 'Shop entrance',
    'Shop cash desk', 'Shop warehouse', '00:1A:2B:3C:4D:0D', 'DS-2CD1043G0-I-E70011013'])
    assert.ok(!text.includes(secret), `operator reads ${secret}`);
  const cams = page.items.filter((i) => /camera/.test(i.type));
  assert.ok(cams.length >= 4);
  assert.ok(cams.every((i) => i.redacted === true));
  assert.match(text, /outside your scope/);
  /* the same requests in full for the superadmin */
  const all = await everything(admin, 1002);
  assert.ok(all.text.includes('CAM-000013') && all.text.includes('Shop entrance'));
  assert.ok(all.json.items.every((i) => i.redacted === false));
});

test('an ordinary admin sees a camera request in full when the camera is granted to it', async () => {
  const operator = await signIn('operator');
  const { items } = (await operator.getJson(tabUrl(1001, '?type=billing.new_camera'))).body;
  const shown = items.filter((i) => !i.redacted).map((i) => i.request_id);
  const hidden = items.filter((i) => i.redacted).map((i) => i.request_id);
  const granted = sql(`SELECT be.request_id FROM billing_events be
                       JOIN admin_cameras ac ON ac.camera_id = be.camera_id AND ac.admin_id = 2
                       WHERE be.user_id = 1001 AND be.type = 'billing.new_camera'`).map(([r]) => r);
  assert.deepEqual(shown.sort(), granted.sort());
  assert.ok(hidden.length > 0);
  const h = await (await operator.get(tabUrl(1001, '?type=billing.new_camera'))).text();
  assert.match(h, /CAM-000001/);       /* camera 1 is granted */
  assert.doesNotMatch(h, /CAM-000002/); /* camera 2 is not */
});

test('an error text naming a camera outside the scope is redacted too', async () => {
  const operator = await signIn('operator');
  const id = await run.newUser('-scope');
  /* camera 13 exists (user 1002's, not granted to operator): a second new_camera of it fails */
  const res = await run.send(run.req('billing.new_camera', run.account('-scope'),
    { external_id: 'CAM-000013', name: 'Again' }));
  assert.equal(res.status, 409);
  assert.equal(res.body.error, 'camera already exists: CAM-000013'); /* billing itself is told */
  const { json: page, text } = await everything(operator, id);
  assert.ok(!text.includes('CAM-000013'));
  const item = page.items.find((i) => i.type === 'billing.new_camera');
  assert.equal(item.error, 'camera already exists: outside your scope');
  const mine = (await admin.getJson(tabUrl(id))).body.items.find((i) => i.type === 'billing.new_camera');
  assert.equal(mine.error, 'camera already exists: CAM-000013');
});

// --- a request that changed nothing ----------------------------------------------------------

test('a request that changes nothing is applied with the note "nothing to change"', async () => {
  const id = await run.newUser('-noop');
  const cam = run.camera('-noop');
  sql(`INSERT INTO cameras (external_id, name) VALUES ('${cam}', 'Not yours')`);
  const detach = await run.send(run.req('billing.detach_camera', run.account('-noop'), { external_id: cam }));
  assert.equal(detach.status, 200);
  assert.deepEqual([detach.body.result, detach.body.note], ['applied', 'nothing to change']);
  const pause = await run.send(run.req('billing.pause_entity', run.account('-noop')));
  assert.equal(pause.body.note, null, 'the first pause changes the status');
  const again = await run.send(run.req('billing.pause_entity', run.account('-noop')));
  assert.equal(again.body.note, 'nothing to change');
  const items = (await json(id)).items;
  assert.deepEqual(items.slice(0, 3).map((i) => [i.type, i.result, i.note]), [
    ['billing.pause_entity', 'applied', 'nothing to change'],
    ['billing.pause_entity', 'applied', null],
    ['billing.detach_camera', 'applied', 'nothing to change'],
  ]);
  assert.match(await html(id), /<span class="noop">nothing to change<\/span>/);
});

// --- the superadmins' page of every billing request -----------------------------------------

test('a superadmin pages through every billing request, unknown accounts included', async () => {
  const unknown = run.req('billing.pause_entity', run.account('-nobody'));
  assert.equal((await run.send(unknown)).status, 422);
  const page = await admin.getJson(`/admin/billing-events?account=${run.account('-nobody')}`);
  assert.equal(page.status, 200);
  assert.deepEqual(page.body.items.map((i) => [i.request_id, i.user_id, i.result, i.error]),
    [[unknown.request_id, null, 'failed', `unknown account: ${run.account('-nobody')}`]]);
  const unknownOnly = (await admin.getJson('/admin/billing-events?unknown=1&limit=100')).body.items;
  assert.ok(unknownOnly.length > 0 && unknownOnly.every((i) => i.user_id === null));
  const failed = (await admin.getJson('/admin/billing-events?result=failed&type=billing.pause_entity')).body.items;
  assert.ok(failed.every((i) => i.result === 'failed' && i.type === 'billing.pause_entity'));
  const html = await (await admin.get(`/admin/billing-events?account=${run.account('-nobody')}`)).text();
  assert.match(html, /<title>Billing requests · vmsadmin<\/title>/);
  assert.match(html, /unknown account<\/span>/);
  const csv = await (await admin.get(`/admin/billing-events?account=${run.account('-nobody')}&format=csv`)).text();
  assert.match(csv.split('\r\n')[0], /^ID,Account,User,Type,/);
  assert.ok(csv.includes(unknown.request_id));
});

test('the page of every billing request pages by cursor and reads one page of rows', async () => {
  const first = (await admin.getJson('/admin/billing-events?limit=25')).body;
  const second = (await admin.getJson(`/admin/billing-events?limit=25&after=${first.next}`)).body;
  assert.equal(first.items.length, 25);
  assert.ok(second.items[0].id < first.items[24].id);
  const reads = await handlerReads(() => admin.getJson(`/admin/billing-events?account=${run.account('-nobody')}`));
  assert.ok(reads < 200, `${reads} rows read`);
});

test('an ordinary admin may not open the page of every billing request (403)', async () => {
  const operator = await signIn('operator');
  assert.equal((await operator.get('/admin/billing-events')).status, 403);
  assert.doesNotMatch(await (await operator.get('/admin/users')).text(), /Billing requests/);
  assert.match(await (await admin.get('/admin/users')).text(), /<a href="\/admin\/billing-events">Billing requests<\/a>/);
});
