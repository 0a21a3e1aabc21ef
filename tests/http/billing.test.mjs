// billing.test.mjs — the billing webhook (POST /billing/v1/events) against the real stack:
// every one of the types billing sends, applied and refused; the recorded failures; repeats
// and concurrent repeats; signatures; bodies that are too big, truncated, too deep, not UTF-8
// or not what the wire format says. Every test works on accounts of its own (billing-helpers).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { signIn, sql, raw, VAR } from './helpers.mjs';
import { Run, sign, WEBHOOK } from './billing-helpers.mjs';

const run = new Run('w');
let admin;

before(async () => { admin = await signIn('admin'); });
after(() => run.cleanup());

async function header(id) {
  const res = await admin.get(`/admin/users/${id}/header`, { json: true });
  assert.equal(res.status, 200);
  return res.json();
}

function userRow(id) {
  const [r] = sql(`SELECT u.login, u.status, COALESCE(l.csa, ''), COALESCE(u.password_hash, ''),
                          COALESCE(DATE_FORMAT(u.deleted_at, '%Y'), '') FROM users u
                   LEFT JOIN locations l ON l.id = u.location_id WHERE u.id = ${id}`);
  return { login: r[0], status: r[1], csa: r[2], hash: r[3], deleted: r[4] !== '' };
}

function cameraOf(externalId) {
  const rows = sql(`SELECT c.id, c.name, COALESCE(l.csa, ''), COALESCE(c.mac, ''),
                           (SELECT GROUP_CONCAT(uc.user_id ORDER BY uc.user_id) FROM user_cameras uc WHERE uc.camera_id = c.id)
                    FROM cameras c LEFT JOIN locations l ON l.id = c.location_id WHERE c.external_id = '${externalId}'`);
  if (!rows.length) return null;
  const [id, name, csa, mac, users] = rows[0];
  return { id: Number(id), name, csa, mac, users: users === 'NULL' ? [] : users.split(',').map(Number) };
}

/** The answer of a recorded request: status and the five keys, nothing else. */
function assertAnswer(res, { status, type, result, error }) {
  assert.equal(res.status, status, res.text);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  assert.deepEqual(Object.keys(res.body).sort(), ['error', 'event_id', 'note', 'request_id', 'result', 'type']);
  assert.equal(res.body.type, type);
  assert.equal(res.body.result, result);
  if (error === null) assert.equal(res.body.error, null);
  else assert.match(res.body.error, error);
  assert.ok(Number.isInteger(res.body.event_id) && res.body.event_id > 0);
}

function storedCount(rid) {
  return Number(sql(`SELECT COUNT(*) FROM billing_events WHERE request_id = '${rid}'`)[0][0]);
}

// --- billing.new_entity ---------------------------------------------------------------------

test('new_entity creates a billing user with its login, name and billing data', async () => {
  const info = { contract: 'D-T/1', tariff: 'Video <b>Home</b>', properties: { router: 'Keenetic' } };
  const req = run.req('billing.new_entity', run.account('-ne'), {
    login: run.login('-ne'), username: 'Тест Пользователь', password: 'pw-one-1', info,
  });
  const res = await run.send(req);
  assertAnswer(res, { status: 200, type: 'billing.new_entity', result: 'applied', error: null });
  assert.equal(res.body.request_id, req.request_id);
  const id = run.userId(run.account('-ne'));
  assert.ok(id);
  const h = await header(id);
  assert.equal(h.login, run.login('-ne'));
  assert.equal(h.username, 'Тест Пользователь');
  assert.equal(h.origin, 'billing');
  assert.equal(h.status, 'active');
  const tab = await admin.getJson(`/admin/users/${id}/user`);
  assert.equal(tab.body.billing_id, run.account('-ne'));
  assert.deepEqual(tab.body.info, info);
  const [ev] = run.events(req.request_id);
  assert.equal(Number(ev[1]), id);
});

test('new_entity stores only an Argon2id hash of the password and redacts the stored payload', async () => {
  const req = run.req('billing.new_entity', run.account('-pw'), {
    login: run.login('-pw'), username: 'P', password: 'Sup3r-Secret-ne',
  });
  assertAnswer(await run.send(req), { status: 200, type: 'billing.new_entity', result: 'applied', error: null });
  const u = userRow(run.userId(run.account('-pw')));
  assert.match(u.hash, /^\$argon2id\$/);
  assert.ok(!u.hash.includes('Sup3r-Secret-ne'));
  const [ev] = run.events(req.request_id);
  assert.ok(!ev[7].includes('Sup3r-Secret-ne'));
  assert.equal(JSON.parse(ev[7]).data.password, '***');
});

test('new_entity for an account that exists is recorded as failed with 409 against that user', async () => {
  const id = await run.newUser('-dupacc');
  const req = run.req('billing.new_entity', run.account('-dupacc'), { login: run.login('-other'), username: 'X', password: 'p' });
  const res = await run.send(req);
  assertAnswer(res, { status: 409, type: 'billing.new_entity', result: 'failed', error: /account already exists/ });
  const [ev] = run.events(req.request_id);
  assert.equal(Number(ev[1]), id);
  assert.equal(ev[3], 'failed');
  assert.equal(Number(ev[5]), 409);
  assert.equal(run.userId(run.account('-other')), null);
});

test('new_entity with a login already in use is recorded as failed with 409 and creates nothing', async () => {
  const req = run.req('billing.new_entity', run.account('-duplogin'), { login: 'ivan.petrov', username: 'X', password: 'p' });
  const res = await run.send(req);
  assertAnswer(res, { status: 409, type: 'billing.new_entity', result: 'failed', error: /login already in use: ivan\.petrov/ });
  assert.equal(run.userId(run.account('-duplogin')), null);
  assert.equal(run.events(req.request_id)[0][1], 'NULL');
});

test('new_entity without a login is refused with 400 naming data.login, and nothing is recorded', async () => {
  const req = run.req('billing.new_entity', run.account('-nologin'), { username: 'X', password: 'p' });
  const res = await run.send(req);
  assert.equal(res.status, 400);
  assert.match(res.body.error, /^data\.login: required/);
  assert.equal(storedCount(req.request_id), 0);
  assert.equal(run.userId(run.account('-nologin')), null);
});

// --- pause / unpause ------------------------------------------------------------------------

test('pause_entity pauses the user and unpause_entity makes it active again', async () => {
  const id = await run.newUser('-pause');
  assertAnswer(await run.send(run.req('billing.pause_entity', run.account('-pause'))),
    { status: 200, type: 'billing.pause_entity', result: 'applied', error: null });
  assert.equal((await header(id)).status, 'paused');
  assertAnswer(await run.send(run.req('billing.unpause_entity', run.account('-pause'))),
    { status: 200, type: 'billing.unpause_entity', result: 'applied', error: null });
  assert.equal((await header(id)).status, 'active');
});

test('a request for an unknown account answers 422 and is recorded against no user', async () => {
  const req = run.req('billing.pause_entity', run.account('-nobody'));
  const res = await run.send(req);
  assertAnswer(res, { status: 422, type: 'billing.pause_entity', result: 'failed', error: /unknown account: ACC-T-/ });
  const [ev] = run.events(req.request_id);
  assert.equal(ev[1], 'NULL');
  assert.equal(ev[3], 'failed');
});

test('unpause_entity for an unknown account answers 422', async () => {
  const res = await run.send(run.req('billing.unpause_entity', run.account('-nobody2')));
  assertAnswer(res, { status: 422, type: 'billing.unpause_entity', result: 'failed', error: /unknown account/ });
});

// --- terminate ------------------------------------------------------------------------------

test('terminate_entity deletes the user and its sub-users in one go', async () => {
  const id = await run.newUser('-term');
  sql(`INSERT INTO users (parent_id, origin, username, login) VALUES (${id}, 'subuser', 'Sub', '${run.login('-term.sub')}')`);
  const res = await run.send(run.req('billing.terminate_entity', run.account('-term')));
  assertAnswer(res, { status: 200, type: 'billing.terminate_entity', result: 'applied', error: null });
  const h = await header(id);
  assert.equal(h.status, 'terminated');
  assert.notEqual(h.deleted_at, null);
  const [[subStatus, subDeleted]] = sql(`SELECT status, deleted_at IS NOT NULL FROM users WHERE parent_id = ${id}`);
  assert.equal(subStatus, 'terminated');
  assert.equal(subDeleted, '1');
});

test('after terminate_entity the account is unknown, and new_entity may reuse it', async () => {
  const old = await run.newUser('-reuse');
  await run.send(run.req('billing.terminate_entity', run.account('-reuse')));
  assertAnswer(await run.send(run.req('billing.pause_entity', run.account('-reuse'))),
    { status: 422, type: 'billing.pause_entity', result: 'failed', error: /unknown account/ });
  const fresh = await run.newUser('-reuse');
  assert.notEqual(fresh, old);
});

test('terminate_entity for an unknown account answers 422', async () => {
  assertAnswer(await run.send(run.req('billing.terminate_entity', run.account('-nobody3'))),
    { status: 422, type: 'billing.terminate_entity', result: 'failed', error: /unknown account/ });
});

// --- locations ------------------------------------------------------------------------------

test('create_location links the address-system location of a known CSA code', async () => {
  const id = await run.newUser('-loc');
  const res = await run.send(run.req('billing.create_location', run.account('-loc'), { csa: 'CSA-0004', address: 'as billing says' }));
  assertAnswer(res, { status: 200, type: 'billing.create_location', result: 'applied', error: null });
  assert.equal(userRow(id).csa, 'CSA-0004');
});

test('create_location with an unknown CSA code is recorded as create_location_unknown_csa and changes nothing', async () => {
  const id = await run.newUser('-loc2');
  await run.send(run.req('billing.create_location', run.account('-loc2'), { csa: 'CSA-0002' }));
  const req = run.req('billing.create_location', run.account('-loc2'), { csa: 'CSA-9999', address: 'Nowhere' });
  const res = await run.send(req);
  assertAnswer(res, { status: 422, type: 'billing.create_location_unknown_csa', result: 'failed', error: /unknown CSA code: CSA-9999/ });
  assert.equal(userRow(id).csa, 'CSA-0002');
  const [ev] = run.events(req.request_id);
  assert.equal(ev[2], 'billing.create_location_unknown_csa');
  assert.equal(Number(ev[1]), id);
  assert.equal(JSON.parse(ev[7]).type, 'billing.create_location');
});

test('create_location without a csa is refused with 400 naming data.csa', async () => {
  await run.newUser('-loc3');
  const res = await run.send(run.req('billing.create_location', run.account('-loc3'), { address: 'x' }));
  assert.equal(res.status, 400);
  assert.match(res.body.error, /^data\.csa: required/);
});

test('delete_location unlinks the location', async () => {
  const id = await run.newUser('-dloc');
  await run.send(run.req('billing.create_location', run.account('-dloc'), { csa: 'CSA-0003' }));
  const res = await run.send(run.req('billing.delete_location', run.account('-dloc'), { csa: 'CSA-0003' }));
  assertAnswer(res, { status: 200, type: 'billing.delete_location', result: 'applied', error: null });
  assert.equal(userRow(id).csa, '');
});

test('delete_location of another code than the linked one leaves the link alone', async () => {
  const id = await run.newUser('-dloc2');
  await run.send(run.req('billing.create_location', run.account('-dloc2'), { csa: 'CSA-0003' }));
  const res = await run.send(run.req('billing.delete_location', run.account('-dloc2'), { csa: 'CSA-0001' }));
  assertAnswer(res, { status: 200, type: 'billing.delete_location', result: 'applied', error: null });
  assert.equal(userRow(id).csa, 'CSA-0003');
});

test('delete_location with an unknown CSA code is recorded as failed with 422', async () => {
  await run.newUser('-dloc3');
  const res = await run.send(run.req('billing.delete_location', run.account('-dloc3'), { csa: 'CSA-4040' }));
  assertAnswer(res, { status: 422, type: 'billing.delete_location', result: 'failed', error: /unknown CSA code/ });
});

// --- login and password ---------------------------------------------------------------------

test('update_login changes the login', async () => {
  const id = await run.newUser('-login');
  const res = await run.send(run.req('billing.update_login', run.account('-login'), { login: run.login('-login2') }));
  assertAnswer(res, { status: 200, type: 'billing.update_login', result: 'applied', error: null });
  assert.equal((await header(id)).login, run.login('-login2'));
});

test('update_login to a login in use is recorded as failed with 409 and keeps the old login', async () => {
  const id = await run.newUser('-login3');
  const res = await run.send(run.req('billing.update_login', run.account('-login3'), { login: 'maria.smirnova' }));
  assertAnswer(res, { status: 409, type: 'billing.update_login', result: 'failed', error: /login already in use/ });
  assert.equal((await header(id)).login, run.login('-login3'));
});

test('update_login with a login that is not a string is refused with 400', async () => {
  await run.newUser('-login4');
  const res = await run.send(run.req('billing.update_login', run.account('-login4'), { login: 42 }));
  assert.equal(res.status, 400);
  assert.match(res.body.error, /^data\.login: must be a string/);
});

test('update_password stores a new Argon2id hash and never the password', async () => {
  const id = await run.newUser('-upw');
  const before = userRow(id).hash;
  const req = run.req('billing.update_password', run.account('-upw'), { password: 'N3w-Passw0rd-upw' });
  assertAnswer(await run.send(req), { status: 200, type: 'billing.update_password', result: 'applied', error: null });
  const after = userRow(id).hash;
  assert.match(after, /^\$argon2id\$/);
  assert.notEqual(after, before);
  assert.ok(!run.events(req.request_id)[0][7].includes('N3w-Passw0rd-upw'));
});

test('update_password without a password is refused with 400 naming data.password', async () => {
  await run.newUser('-upw2');
  const res = await run.send(run.req('billing.update_password', run.account('-upw2'), {}));
  assert.equal(res.status, 400);
  assert.match(res.body.error, /^data\.password: required/);
});

test('no password appears in any log line, page or JSON', async () => {
  const id = await run.newUser('-leak', { password: 'Leak-Canary-7731' });
  await run.send(run.req('billing.update_password', run.account('-leak'), { password: 'Leak-Canary-7732' }));
  for (const p of [`/admin/users/${id}/billing-events`, `/admin/users/${id}/user`, `/admin/users/${id}/header`]) {
    for (const json of [false, true]) {
      const text = await (await admin.get(p, { json })).text();
      assert.ok(!text.includes('Leak-Canary'), `${p} ${json ? 'JSON' : 'HTML'}`);
    }
  }
  const logs = path.join(VAR, 'log');
  for (const f of readdirSync(logs)) {
    if (f.endsWith('.log')) assert.ok(!readFileSync(path.join(logs, f), 'latin1').includes('Leak-Canary'), f);
  }
});

test('a password outside data, or any secret-named key at any depth, is neither stored nor shown', async () => {
  const id = await run.newUser('-sec', { info: { tariff: 'T', router: { Admin_Passwd: 'Leak-Canary-41' } } });
  const rid = run.rid();
  const res = await run.send({ request_id: rid, type: 'billing.unpause_entity', account: run.account('-sec'),
    password: 'Leak-Canary-42', api: { access_token: 'Leak-Canary-43' }, data: {} });
  assert.equal(res.status, 200, res.text);
  const [ev] = run.events(rid);
  assert.ok(!ev[7].includes('Leak-Canary'), ev[7]);
  assert.deepEqual(JSON.parse(ev[7]), { request_id: rid, type: 'billing.unpause_entity',
    account: run.account('-sec'), password: '***', api: { access_token: '***' }, data: {} });
  const [[info]] = sql(`SELECT billing_info FROM users WHERE id = ${id}`);
  assert.deepEqual(JSON.parse(info).router, { Admin_Passwd: '***' });
  for (const p of [`/admin/users/${id}/billing-events`, `/admin/users/${id}/user`]) {
    for (const json of [false, true]) {
      const text = await (await admin.get(p, { json })).text();
      assert.ok(!text.includes('Leak-Canary'), `${p} ${json ? 'JSON' : 'HTML'}`);
    }
  }
});

// --- cameras --------------------------------------------------------------------------------

test('new_camera creates a camera located by its known CSA code and gives it to the user', async () => {
  const id = await run.newUser('-cam');
  const res = await run.send(run.req('billing.new_camera', run.account('-cam'), {
    external_id: run.camera('-1'), name: 'Gate <cam>', mac: '00:1A:2B:3C:4D:99', serial: 'SN-1', csa: 'CSA-0005',
  }));
  assertAnswer(res, { status: 200, type: 'billing.new_camera', result: 'applied', error: null });
  const cam = cameraOf(run.camera('-1'));
  assert.equal(cam.name, 'Gate <cam>');
  assert.equal(cam.csa, 'CSA-0005');
  assert.equal(cam.mac, '00:1A:2B:3C:4D:99');
  assert.deepEqual(cam.users, [id]);
});

test('new_camera with an unknown or no CSA code creates the camera without a location', async () => {
  const id = await run.newUser('-cam2');
  assertAnswer(await run.send(run.req('billing.new_camera', run.account('-cam2'), { external_id: run.camera('-2'), name: 'A', csa: 'CSA-7777' })),
    { status: 200, type: 'billing.new_camera', result: 'applied', error: null });
  assertAnswer(await run.send(run.req('billing.new_camera', run.account('-cam2'), { external_id: run.camera('-3'), name: 'B', csa: null })),
    { status: 200, type: 'billing.new_camera', result: 'applied', error: null });
  assert.equal(cameraOf(run.camera('-2')).csa, '');
  assert.deepEqual(cameraOf(run.camera('-3')).users, [id]);
});

test('new_camera with an external id that exists is recorded as failed with 409', async () => {
  await run.newUser('-cam4');
  const res = await run.send(run.req('billing.new_camera', run.account('-cam4'), { external_id: 'CAM-000001', name: 'Dup' }));
  assertAnswer(res, { status: 409, type: 'billing.new_camera', result: 'failed', error: /camera already exists: CAM-000001/ });
  assert.equal(cameraOf('CAM-000001').name, 'Entrance hall');
});

test('new_camera without a name is refused with 400 naming data.name', async () => {
  await run.newUser('-cam5');
  const res = await run.send(run.req('billing.new_camera', run.account('-cam5'), { external_id: run.camera('-5') }));
  assert.equal(res.status, 400);
  assert.match(res.body.error, /^data\.name: required/);
  assert.equal(cameraOf(run.camera('-5')), null);
});

test('attach_camera gives an existing camera to the user and locates it', async () => {
  const owner = await run.newUser('-att1');
  const id = await run.newUser('-att2');
  await run.send(run.req('billing.new_camera', run.account('-att1'), { external_id: run.camera('-att'), name: 'Shared' }));
  const res = await run.send(run.req('billing.attach_camera', run.account('-att2'), { external_id: run.camera('-att'), csa: 'CSA-0006' }));
  assertAnswer(res, { status: 200, type: 'billing.attach_camera', result: 'applied', error: null });
  const cam = cameraOf(run.camera('-att'));
  assert.deepEqual(cam.users, [owner, id].sort((a, b) => a - b));
  assert.equal(cam.csa, 'CSA-0006');
});

test('attach_camera with an unknown CSA code is recorded as attach_camera_unknown_csa and attaches nothing', async () => {
  await run.newUser('-att3');
  const id = await run.newUser('-att4');
  await run.send(run.req('billing.new_camera', run.account('-att3'), { external_id: run.camera('-att2'), name: 'X', csa: 'CSA-0001' }));
  const req = run.req('billing.attach_camera', run.account('-att4'), { external_id: run.camera('-att2'), csa: 'CSA-0666' });
  const res = await run.send(req);
  assertAnswer(res, { status: 422, type: 'billing.attach_camera_unknown_csa', result: 'failed', error: /unknown CSA code: CSA-0666/ });
  const cam = cameraOf(run.camera('-att2'));
  assert.ok(!cam.users.includes(id));
  assert.equal(cam.csa, 'CSA-0001');
  assert.equal(Number(run.events(req.request_id)[0][1]), id);
});

test('attach_camera of an unknown camera is recorded as failed with 422', async () => {
  await run.newUser('-att5');
  const res = await run.send(run.req('billing.attach_camera', run.account('-att5'), { external_id: run.camera('-none') }));
  assertAnswer(res, { status: 422, type: 'billing.attach_camera', result: 'failed', error: /unknown camera/ });
});

test('detach_camera takes the camera away from the user only', async () => {
  const a = await run.newUser('-det1');
  const b = await run.newUser('-det2');
  await run.send(run.req('billing.new_camera', run.account('-det1'), { external_id: run.camera('-det'), name: 'D' }));
  await run.send(run.req('billing.attach_camera', run.account('-det2'), { external_id: run.camera('-det') }));
  const res = await run.send(run.req('billing.detach_camera', run.account('-det1'), { external_id: run.camera('-det') }));
  assertAnswer(res, { status: 200, type: 'billing.detach_camera', result: 'applied', error: null });
  assert.deepEqual(cameraOf(run.camera('-det')).users, [b]);
  assert.ok(a);
});

test('detach_camera of an unknown camera is recorded as failed with 422', async () => {
  await run.newUser('-det3');
  const res = await run.send(run.req('billing.detach_camera', run.account('-det3'), { external_id: run.camera('-nope') }));
  assertAnswer(res, { status: 422, type: 'billing.detach_camera', result: 'failed', error: /unknown camera/ });
});

test('detach_camera without an external_id is refused with 400 naming data.external_id', async () => {
  await run.newUser('-det4');
  const res = await run.send(run.req('billing.detach_camera', run.account('-det4'), { externalId: 'x' }));
  assert.equal(res.status, 400);
  assert.match(res.body.error, /^data\.external_id: required/);
});

// --- unknown types --------------------------------------------------------------------------

test('an unknown type is recorded as billing.unknown_type keeping the type sent', async () => {
  const id = await run.newUser('-unk');
  const req = run.req('billing.upgrade_tariff', run.account('-unk'), { tariff: 'X' });
  const res = await run.send(req);
  assertAnswer(res, { status: 422, type: 'billing.unknown_type', result: 'failed', error: /unknown type: billing\.upgrade_tariff/ });
  const [ev] = run.events(req.request_id);
  assert.equal(ev[2], 'billing.unknown_type');
  assert.equal(ev[6], 'billing.upgrade_tariff');
  assert.equal(Number(ev[1]), id);
});

test('a recorded-only code sent as a type counts as an unknown type', async () => {
  await run.newUser('-unk2');
  for (const t of ['billing.unknown_type', 'billing.create_location_unknown_csa', 'billing.attach_camera_unknown_csa']) {
    const req = run.req(t, run.account('-unk2'), { csa: 'CSA-0001' });
    assertAnswer(await run.send(req), { status: 422, type: 'billing.unknown_type', result: 'failed', error: /unknown type/ });
    assert.equal(run.events(req.request_id)[0][6], t);
  }
});

test('a type holding <script> is recorded as an unknown type, as text', async () => {
  await run.newUser('-xss');
  const req = run.req('<script>alert("t")</script>', run.account('-xss'));
  const res = await run.send(req);
  assertAnswer(res, { status: 422, type: 'billing.unknown_type', result: 'failed', error: /unknown type: <script>/ });
  assert.equal(run.events(req.request_id)[0][6], '<script>alert("t")</script>');
});

test('a 255-byte type in Cyrillic is kept whole and its reason is cut at a character', async () => {
  await run.newUser('-long');
  const sent = 'Ж'.repeat(127) + 'x'; // 255 bytes
  const req = run.req(sent, run.account('-long'));
  const res = await run.send(req);
  assertAnswer(res, { status: 422, type: 'billing.unknown_type', result: 'failed', error: /^unknown type: Ж+$/ });
  assert.ok(Buffer.byteLength(res.body.error) <= 255);
  const [ev] = run.events(req.request_id);
  assert.equal(ev[6], sent);
  assert.equal(ev[4], res.body.error);
});

test('a type longer than 255 bytes is refused with 400 naming type', async () => {
  const res = await run.send(run.req('x'.repeat(256), run.account('-long')));
  assert.equal(res.status, 400);
  assert.match(res.body.error, /^type: longer than 255 bytes/);
});

// --- repeats --------------------------------------------------------------------------------

test('a repeat answers the first result with 200 and changes nothing', async () => {
  const id = await run.newUser('-rep');
  const pause = run.req('billing.pause_entity', run.account('-rep'));
  const first = await run.send(pause);
  await run.send(run.req('billing.unpause_entity', run.account('-rep')));
  const again = await run.send(pause);
  assert.equal(again.status, 200);
  assert.deepEqual(again.body, first.body);
  assert.equal(again.headers.get('x-billing-repeat'), 'true');
  assert.equal((await header(id)).status, 'active');
  assert.equal(storedCount(pause.request_id), 1);
});

test('a repeat of a failed request answers the same body with 200', async () => {
  const req = run.req('billing.pause_entity', run.account('-nobody4'));
  const first = await run.send(req);
  assert.equal(first.status, 422);
  const again = await run.send(req);
  assert.equal(again.status, 200);
  assert.deepEqual(again.body, first.body);
});

test('a repeat with the same request_id but another body answers the first result', async () => {
  await run.newUser('-rep2');
  const rid = run.rid();
  const first = await run.send(run.req('billing.pause_entity', run.account('-rep2'), {}, rid));
  const other = await run.send(run.req('billing.terminate_entity', run.account('-rep2'), {}, rid));
  assert.equal(other.status, 200);
  assert.deepEqual(other.body, first.body);
  assert.equal(userRow(run.userId(run.account('-rep2'))).status, 'paused');
});

test('request ids differing only in letter case are different requests', async () => {
  await run.newUser('-case');
  const rid = run.rid();
  const a = await run.send(run.req('billing.pause_entity', run.account('-case'), {}, `${rid}-abc`));
  const b = await run.send(run.req('billing.unpause_entity', run.account('-case'), {}, `${rid}-ABC`));
  assert.equal(b.body.type, 'billing.unpause_entity');
  assert.notEqual(a.body.event_id, b.body.event_id);
});

test('ten identical requests at the same moment are applied once and all answer the same', async () => {
  const id = await run.newUser('-conc');
  const req = run.req('billing.new_camera', run.account('-conc'), { external_id: run.camera('-conc'), name: 'Once' });
  const body = JSON.stringify(req);
  const answers = await Promise.all(Array.from({ length: 10 }, () => run.send(body)));
  for (const a of answers) {
    assert.equal(a.status, 200, a.text);
    assert.deepEqual(a.body, answers[0].body);
  }
  assert.equal(answers[0].body.result, 'applied');
  assert.equal(answers.filter((a) => a.headers.get('x-billing-repeat') === 'true').length, 9);
  assert.equal(storedCount(req.request_id), 1);
  assert.deepEqual(cameraOf(run.camera('-conc')).users, [id]);
});

test('ten identical new_entity requests at the same moment create one user', async () => {
  const req = run.req('billing.new_entity', run.account('-conc2'), { login: run.login('-conc2'), username: 'C', password: 'p' });
  const body = JSON.stringify(req);
  const answers = await Promise.all(Array.from({ length: 10 }, () => run.send(body)));
  assert.deepEqual(answers.map((a) => a.status), Array(10).fill(200));
  assert.equal(new Set(answers.map((a) => a.body.event_id)).size, 1);
  assert.equal(Number(sql(`SELECT COUNT(*) FROM users WHERE billing_id = '${run.account('-conc2')}'`)[0][0]), 1);
});

// --- signatures -----------------------------------------------------------------------------

test('a body signed with the wrong secret is refused with 401 and not recorded', async () => {
  await run.newUser('-sig');
  const req = run.req('billing.pause_entity', run.account('-sig'));
  const res = await run.send(req, { secret: 'not-the-secret' });
  assert.equal(res.status, 401);
  assert.match(res.body.error, /signature/i);
  assert.equal(storedCount(req.request_id), 0);
  assert.equal(userRow(run.userId(run.account('-sig'))).status, 'active');
});

test('a request without a signature is refused with 401 and not recorded', async () => {
  const req = run.req('billing.pause_entity', run.account('-sig'));
  const res = await run.send(req, { signature: null });
  assert.equal(res.status, 401);
  assert.equal(storedCount(req.request_id), 0);
});

test('malformed signature headers are refused with 401', async () => {
  const body = JSON.stringify(run.req('billing.pause_entity', run.account('-sig')));
  const good = sign(body);
  for (const s of ['', good.slice(7), good.toUpperCase(), `sha1=${good.slice(7)}`, good.slice(0, -1), `${good}0`, 'sha256=xyz']) {
    const res = await run.send(body, { signature: s });
    assert.equal(res.status, 401, `signature ${JSON.stringify(s)}`);
  }
});

test('a truncated body fails the signature of the whole and is not recorded', async () => {
  const body = JSON.stringify(run.req('billing.pause_entity', run.account('-sig')));
  const res = await run.send(body.slice(0, -5), { signature: sign(body) });
  assert.equal(res.status, 401);
  assert.equal(storedCount(JSON.parse(body).request_id), 0);
});

test('a truncated body signed as it is is refused with 400 as not JSON', async () => {
  const body = JSON.stringify(run.req('billing.pause_entity', run.account('-sig')));
  const res = await run.send(body.slice(0, -5));
  assert.equal(res.status, 400);
  assert.match(res.body.error, /^body: not valid JSON/);
  assert.equal(storedCount(JSON.parse(body).request_id), 0);
});

// --- bodies ---------------------------------------------------------------------------------

test('a 10 MB body is refused with 413', async () => {
  const body = `{"request_id":"${run.rid()}","pad":"${'x'.repeat(10 * 1024 * 1024)}"}`;
  const res = await run.send(body);
  assert.equal(res.status, 413);
});

test('a 100 KB body (over the program\'s limit, under nginx\'s) is refused with 413', async () => {
  const rid = run.rid();
  const body = JSON.stringify({ request_id: rid, type: 'billing.pause_entity', account: run.account('-sig'), data: { pad: 'x'.repeat(100 * 1024) } });
  const res = await run.send(body);
  assert.equal(res.status, 413);
  assert.equal(storedCount(rid), 0);
});

test('deeply nested JSON is refused with 400 and the webhook keeps answering', async () => {
  for (const depth of [9, 1000, 30000]) {
    const body = `{"request_id":"${run.rid()}","type":"billing.pause_entity","account":"A","data":{"x":${'['.repeat(depth)}${']'.repeat(depth)}}}`;
    const res = await run.send(body);
    assert.equal(res.status, 400, `depth ${depth}`);
    assert.match(res.body.error, /nested too deeply/);
  }
  const res = await run.send(run.req('billing.pause_entity', run.account('-nobody5')));
  assert.equal(res.status, 422);
});

test('invalid UTF-8 is refused with 400 and not recorded', async () => {
  const rid = run.rid();
  const body = Buffer.concat([
    Buffer.from(`{"request_id":"${rid}","type":"billing.update_login","account":"${run.account('-sig')}","data":{"login":"a`),
    Buffer.from([0xc3, 0x28]), Buffer.from('"}}'),
  ]);
  const res = await run.send(body);
  assert.equal(res.status, 400);
  assert.match(res.body.error, /UTF-8/);
  assert.equal(storedCount(rid), 0);
});

test('a \\u0000 inside a string is refused with 400', async () => {
  const res = await run.send(`{"request_id":"${run.rid()}","type":"billing.update_login","account":"A","data":{"login":"a\\u0000b"}}`);
  assert.equal(res.status, 400);
  assert.match(res.body.error, /u0000/);
});

test('bodies that are not a request are refused with 400 naming what is wrong', async () => {
  const cases = [
    ['', /^body: not valid JSON/],
    ['not json', /^body: not valid JSON/],
    ['[1,2]', /^body: must be a JSON object/],
    ['{"type":"billing.pause_entity","account":"A"}', /^request_id: required/],
    ['{"request_id":5,"type":"billing.pause_entity","account":"A"}', /^request_id: must be a string/],
    ['{"request_id":"has space","type":"billing.pause_entity","account":"A"}', /^request_id: only/],
    [`{"request_id":"${'r'.repeat(65)}","type":"billing.pause_entity","account":"A"}`, /^request_id: longer than 64/],
    ['{"request_id":"r-x","account":"A"}', /^type: required/],
    ['{"request_id":"r-x","type":"billing.pause_entity"}', /^account: required/],
    ['{"request_id":"r-x","type":"billing.pause_entity","account":"A","data":[]}', /^data: must be an object/],
    ['{"request_id":"r-x","request_id":"r-y","type":"billing.pause_entity","account":"A"}', /^body: a key is given twice/],
  ];
  for (const [body, want] of cases) {
    const res = await run.send(body);
    assert.equal(res.status, 400, body);
    assert.match(res.body.error, want, body);
  }
});

test('the webhook answers GET with 405', async () => {
  const res = await raw(WEBHOOK);
  assert.equal(res.status, 405);
});

test('the webhook needs no session or CSRF token, only the signature', async () => {
  const req = run.req('billing.pause_entity', run.account('-nobody6'));
  const res = await run.send(req, { headers: { cookie: 'vms_session=bogus' } });
  assert.equal(res.status, 422);
  assert.equal(storedCount(req.request_id), 1);
});
