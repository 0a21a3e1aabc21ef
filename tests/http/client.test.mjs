// client.test.mjs — the subscriber's web client (cgi-bin/client, /app/): sign-in with the
// password billing sent (same CSRF, lockout and answers as the admin side), its own session
// cookie and the separation from the admin's, My cameras with the actions the permissions allow
// (blocked while paused), My intercoms, My sub-users, the camera settings version, sign-out,
// the cap on a user's own sessions, and the header, hidden-input and XSS checks of the admin
// pages. Billing end to end: what billing sends decides who signs in and what they see.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { raw, cookiesOf, setCookieLines, signIn, sql, demoPassword, shownTime, isoTime } from './helpers.mjs';
import { Run } from './billing-helpers.mjs';
import { appLogin, appPreSession, appSignIn } from './client-helpers.mjs';

const run = new Run('app');
let admin;

before(async () => { admin = await signIn('admin'); });
after(() => run.cleanup());

const hashOf = (token) => createHash('sha256').update(token).digest('hex');
const setCookieLine = (res, name) => setCookieLines(res).find((l) => l.startsWith(`${name}=`));
const attrs = (line) => line.split(';').slice(1).map((a) => a.trim().toLowerCase());
/** The rows of the cameras table: id → { status, actions }. */
function cameraRows(page) {
  const rows = {};
  for (const m of page.matchAll(/<tr data-camera-id="(\d+)"[^>]*>([\s\S]*?)<\/tr>/g)) {
    rows[m[1]] = {
      status: /data-status="([a-z_]+)"/.exec(m[2])?.[1],
      actions: [...m[2].matchAll(/<span class="action">([^<]*)<\/span>/g)].map((a) => a[1]),
    };
  }
  return rows;
}
/** Things that must never appear in a page built from hostile data: a live tag or handler. */
function assertInert(page, where) {
  assert.ok(!/<script/i.test(page), `${where}: a raw <script>`);
  assert.ok(!/<img/i.test(page), `${where}: a raw <img>`);
  assert.ok(!/<b>/i.test(page), `${where}: a raw <b>`);
  assert.ok(!/<[^>]*\son\w+\s*=/i.test(page), `${where}: an element with an on* attribute`);
}

// --- sign-in ------------------------------------------------------------------------------

test('the web client sign-in page puts its pre-session CSRF token in a /app cookie and the form', async () => {
  const res = await raw('/app/login');
  const line = setCookieLine(res, 'vms_csrf');
  assert.ok(attrs(line).includes('path=/app'), line);
  await appPreSession();
});

test('a subscriber signs in with its password: 303 to My cameras with a vms_app cookie on /app only', async () => {
  const res = await appLogin('ivan.petrov', demoPassword());
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/app/cameras');
  const line = setCookieLine(res, 'vms_app');
  assert.match(line, /^vms_app=[0-9a-f]{64};/);
  for (const a of ['httponly', 'samesite=strict', 'path=/app']) assert.ok(attrs(line).includes(a), line);
  assert.equal(setCookieLine(res, 'vms_session'), undefined, 'no admin cookie');
  assert.match(setCookieLine(res, 'vms_csrf'), /^vms_csrf=;.*Path=\/app.*Max-Age=0/i);
});

test('the web-client session token is stored only as its SHA-256 hash', async () => {
  const user = await appSignIn('ivan.petrov');
  const rows = sql(`SELECT user_id, token_hash, csrf_token FROM user_sessions WHERE token_hash = '${hashOf(user.session)}'`);
  assert.deepEqual(rows.map((r) => r[0]), ['1001']);
  assert.equal(sql(`SELECT COUNT(*) FROM user_sessions WHERE token_hash = '${user.session}' OR csrf_token = '${user.session}'`)[0][0], '0');
  assert.equal(rows[0][2], user.csrf, 'the pages carry the session CSRF token');
});

test('a wrong password, an unknown login and a user without a password get the same 401 page', async () => {
  const uid = await run.newUser('-nopw');
  sql(`UPDATE users SET password_hash = NULL WHERE id = ${uid}`);
  const norm = (html, login) => html.replace(/[0-9a-f]{64,}/g, 'TOKEN').replace(`value="${login}"`, 'value="LOGIN"');
  const pages = [];
  for (const login of ['alexei.volkov', 'nobody.at.all', run.login('-nopw')]) {
    const res = await appLogin(login, 'not-the-password');
    assert.equal(res.status, 401, login);
    assert.equal(cookiesOf(res).vms_app, undefined);
    pages.push(norm(await res.text(), login));
  }
  assert.match(pages[0], /Wrong login or password/);
  assert.equal(pages[1], pages[0]);
  assert.equal(pages[2], pages[0]);
  sql("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE login = 'alexei.volkov'");
});

test('a sign-in without the pre-session token, or with one that is not its cookie, is 403', async () => {
  for (const opts of [{ csrf: null, cookie: null }, { csrf: 'a'.repeat(64) }, { cookie: null }]) {
    const res = await appLogin('ivan.petrov', demoPassword(), opts);
    assert.equal(res.status, 403, JSON.stringify(opts));
    assert.equal(cookiesOf(res).vms_app, undefined);
  }
});

test("the admin side's pre-session token does not open the web client's sign-in", async () => {
  const page = await raw('/admin/login');
  const token = cookiesOf(page).vms_csrf;
  const res = await appLogin('ivan.petrov', demoPassword(), { csrf: token });
  assert.equal(res.status, 403);
});

test('after five wrong passwords the right one fails too (the lockout of the admin side)', async () => {
  const uid = await run.newUser('-lock');
  const login = run.login('-lock'), password = `pw-${run.id}-lock`;
  for (let i = 0; i < 5; i++) assert.equal((await appLogin(login, `wrong-${i}`)).status, 401);
  const res = await appLogin(login, password);
  assert.equal(res.status, 401);
  assert.match(await res.text(), /Wrong login or password/);
  assert.equal(sql(`SELECT locked_until > NOW() FROM users WHERE id = ${uid}`)[0][0], '1');
  sql(`UPDATE users SET locked_until = NOW() - INTERVAL 1 SECOND WHERE id = ${uid}`);
  assert.equal((await appLogin(login, password)).status, 303, 'the lock ends');
  assert.deepEqual(sql(`SELECT failed_logins, locked_until FROM users WHERE id = ${uid}`)[0], ['0', 'NULL']);
});

test('the sign-in form echoes a typed login escaped', async () => {
  const res = await appLogin('"><script>alert(1)</script>', 'x');
  const html = await res.text();
  assert.equal(res.status, 401);
  assertInert(html, 'sign-in form');
  assert.ok(html.includes('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"'));
});

// --- the session is its own -----------------------------------------------------------------

test("the web client's cookie is never accepted by /admin/ routes", async () => {
  const user = await appSignIn('ivan.petrov');
  const asAdmin = (v) => ({ headers: { cookie: `vms_app=${user.session}; vms_session=${v}` } });
  assert.equal((await raw('/admin/users/1001/header', { headers: user.headers() })).status, 401);
  assert.equal((await raw('/admin/users', { headers: user.headers() })).status, 303);
  assert.equal((await raw('/admin/users/1001/header', asAdmin(user.session))).status, 401, 'not even as vms_session');
  const res = await raw('/admin/users/1001/login-as', { method: 'POST', headers: user.headers({ 'x-csrf-token': user.csrf }) });
  assert.equal(res.status, 401);
});

test("the admin's cookie is never accepted by /app/ routes", async () => {
  const page = await raw('/app/cameras', { headers: { cookie: `vms_session=${admin.session}` } });
  assert.equal(page.status, 303);
  assert.equal(page.headers.get('location'), '/app/login');
  const asApp = await raw('/app/cameras', { headers: { cookie: `vms_app=${admin.session}` } });
  assert.equal(asApp.status, 303, 'not even as vms_app');
  const post = await raw('/app/logout', { method: 'POST',
    headers: { cookie: `vms_session=${admin.session}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf: admin.csrf }) });
  assert.equal(post.status, 401);
  assert.equal((await admin.get('/admin/users/1001/header')).status, 200, 'the admin is still signed in');
});

test('without a session /app/ pages send the browser to the web client sign-in', async () => {
  for (const p of ['/app/', '/app/cameras', '/app/intercoms', '/app/subusers']) {
    const res = await raw(p);
    assert.equal(res.status, 303, p);
    assert.equal(res.headers.get('location'), '/app/login', p);
  }
  assert.equal((await raw('/app/cameras', { headers: { cookie: 'vms_app=garbage' } })).status, 303);
});

test('an expired or idle web-client session sends the browser to sign-in', async () => {
  for (const column of ['expires_at', 'last_seen_at']) {
    const user = await appSignIn('ivan.petrov');
    sql(`UPDATE user_sessions SET ${column} = '2000-01-01 00:00:00' WHERE token_hash = '${hashOf(user.session)}'`);
    assert.equal((await user.get('/app/cameras')).status, 303, column);
  }
});

test('sign-out needs the CSRF token, ends the session and says so', async () => {
  const user = await appSignIn('ivan.petrov');
  assert.equal((await user.post('/app/logout', {}, { csrf: false })).status, 403);
  assert.equal((await user.get('/app/cameras')).status, 200, 'still signed in');
  const res = await user.post('/app/logout');
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/app/login?ended=1');
  assert.match(setCookieLine(res, 'vms_app'), /^vms_app=;.*Path=\/app.*Max-Age=0/i);
  assert.equal(sql(`SELECT COUNT(*) FROM user_sessions WHERE token_hash = '${hashOf(user.session)}'`)[0][0], '0');
  assert.equal((await user.get('/app/cameras')).status, 303);
  assert.match(await (await raw('/app/login?ended=1')).text(), /Your session has ended/);
});

test("a user's own sessions are capped: the sixth ends the oldest", async () => {
  await run.newUser('-cap');
  const login = run.login('-cap'), password = `pw-${run.id}-cap`;
  const sessions = [];
  for (let i = 0; i < 6; i++) sessions.push(await appSignIn(login, password));
  assert.equal((await sessions[0].get('/app/cameras')).status, 303, 'the oldest ended');
  for (const s of sessions.slice(1)) assert.equal((await s.get('/app/cameras')).status, 200);
});

// --- My cameras ---------------------------------------------------------------------------

test('My cameras lists the user\'s cameras with name, status, location and allowed actions', async () => {
  const user = await appSignIn('ivan.petrov');
  const page = await user.html('/app/cameras');
  const rows = cameraRows(page);
  assert.deepEqual(Object.keys(rows).map(Number), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  assert.equal(rows[4].status, 'partially_active');
  assert.match(page, /<td class="name">Entrance hall<\/td>/);
  assert.match(page, /Moscow, Lenina st\. 12/);
  // 1001 holds archives-show, -download, -preview-download, camera-events-index, marks-index, ptz-control
  assert.deepEqual(rows[1].actions, ['Archive', 'Download', 'Preview', 'Events', 'Marks', 'PTZ']);
  assert.doesNotMatch(page, /blocked-notice/);
});

test('My cameras as JSON: items with actions, the list shape, the settings version', async () => {
  const user = await appSignIn('maria.smirnova');
  const { status, body } = await user.getJson('/app/cameras');
  assert.equal(status, 200);
  assert.deepEqual(Object.keys(body).sort(), ['blocked', 'items', 'next', 'prev', 'settings']);
  assert.deepEqual(body.items.map((i) => i.id), [2, 13, 14, 15, 16, 17]);
  assert.equal(body.blocked, true);
  for (const i of body.items) {
    assert.equal(i.blocked, true);
    assert.deepEqual(i.actions, []);
  }
});

test('a paused user sees the notice and every camera blocked, with no action', async () => {
  const user = await appSignIn('maria.smirnova');
  const page = await user.html('/app/cameras');
  assert.match(page, /id="blocked-notice"[^>]*><p>Your service is paused/);
  const rows = cameraRows(page);
  assert.equal(Object.keys(rows).length, 6);
  for (const [id, r] of Object.entries(rows)) {
    assert.equal(r.status, 'blocked', `camera ${id}`);
    assert.deepEqual(r.actions, [], `camera ${id}`);
  }
});

test('a sub-user sees its own cameras and its own permissions', async () => {
  const user = await appSignIn('petrov.dacha'); // 2002: cameras 6, 7; archives-show only
  const rows = cameraRows(await user.html('/app/cameras'));
  assert.deepEqual(Object.keys(rows), ['6', '7']);
  assert.deepEqual(rows[6].actions, ['Archive']);
});

test('"Camera settings as of" shows the version Synchronize cameras moves', async () => {
  const user = await appSignIn('ivan.petrov');
  const [[version, at]] = sql("SELECT settings_version, DATE_FORMAT(settings_at, '%Y-%m-%d %H:%i:%s') FROM users WHERE id = 1001");
  assert.ok((await user.html('/app/cameras')).includes(`Camera settings as of <time datetime="${isoTime(at)}">${shownTime(at)}</time> (version ${version})`));
  const uid = await run.newUser('-ver');
  const other = await appSignIn(run.login('-ver'), `pw-${run.id}-ver`);
  sql(`UPDATE users SET settings_version = settings_version + 1, settings_at = '2030-01-02 03:04:05' WHERE id = ${uid}`);
  assert.ok((await other.html('/app/cameras')).includes('Camera settings as of <time datetime="2030-01-02T03:04:05Z">2030-01-02 06:04:05 MSK</time> (version 2)'));
  assert.deepEqual((await other.getJson('/app/cameras')).body.settings, { version: 2, as_of: '2030-01-02T03:04:05Z' });
});

test('My cameras sorts and pages by the list contract', async () => {
  const user = await appSignIn('ivan.petrov');
  const { body } = await user.getJson('/app/cameras?sort=name&limit=25');
  const names = body.items.map((i) => i.name);
  assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b)));
  const page = await user.html('/app/cameras?sort=name&dir=desc');
  assert.match(page, /aria-sort="descending"/);
});

test('bad inputs of the web client answer 400 naming the parameter', async () => {
  const user = await appSignIn('ivan.petrov');
  for (const [q, name] of [['limit=7', 'limit'], ['sort=password', 'sort'], ['after=garbage', 'after'],
    ['limit=25&limit=50', 'limit'], ['dir=up', 'dir']]) {
    const res = await user.get(`/app/cameras?${q}`);
    assert.equal(res.status, 400, q);
    assert.match(await res.text(), new RegExp(`\\b${name}\\b`), q);
  }
  assert.equal((await user.get('/app/intercoms?after=x')).status, 400);
});

// --- My intercoms, My sub-users -------------------------------------------------------------

test('My intercoms shows address, entrance, apartment, keys and the door action', async () => {
  const user = await appSignIn('ivan.petrov');
  const page = await user.html('/app/intercoms');
  assert.match(page, /id="nav-intercoms"/);
  const rows = [...page.matchAll(/<tr data-intercom-id="(\d+)" data-apartment-id="(\d+)">([\s\S]*?)<\/tr>/g)];
  assert.deepEqual(rows.map((r) => r[2]), ['1', '2', '3']);
  const cells = (r) => [...r[3].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1]);
  const first = cells(rows[0]);
  assert.equal(first[1], 'Moscow, Lenina st. 12');
  assert.equal(first[2], 'Entrance 2');
  assert.equal(first[3], '34');
  assert.match(first[4], /0000003045CAAC.*00000030A1B2C3/);
  assert.match(first[5], /<span class="action">Open door<\/span>/);
  assert.match(cells(rows[2])[4], /no keys/);
});

test('My intercoms needs intercoms-index: 403 and no link without it', async () => {
  const user = await appSignIn('alexei.volkov'); // 1004 holds no intercom permission
  assert.doesNotMatch(await user.html('/app/cameras'), /nav-intercoms/);
  const res = await user.get('/app/intercoms');
  assert.equal(res.status, 403);
  assert.match(await res.text(), /does not include intercoms/);
});

test('My sub-users lists them read-only for a user holding subusers-manage', async () => {
  const user = await appSignIn('ivan.petrov');
  const page = await user.html('/app/subusers');
  const ids = [...page.matchAll(/<tr data-user-id="(\d+)">/g)].map((m) => m[1]);
  assert.deepEqual(ids, ['2001', '2002']);
  assert.match(page, /anna\.petrova/);
  assert.doesNotMatch(page, /<form method="post"(?! action="\/app\/logout")/, 'nothing to change');
});

test('My sub-users: 403 and no link without subusers-manage, and for a sub-user', async () => {
  for (const login of ['maria.smirnova', 'anna.petrova']) {
    const user = await appSignIn(login);
    assert.doesNotMatch(await user.html('/app/cameras'), /nav-subusers/, login);
    assert.equal((await user.get('/app/subusers')).status, 403, login);
  }
});

// --- the admin pages' checks -----------------------------------------------------------------

test('every web client answer carries the security headers and no-store', async () => {
  const user = await appSignIn('ivan.petrov');
  const answers = [
    ['sign-in page', await raw('/app/login')],
    ['refused sign-in', await appLogin('nobody', 'x')],
    ['My cameras', await user.get('/app/cameras')],
    ['My cameras JSON', await user.get('/app/cameras', { json: true })],
    ['My intercoms', await user.get('/app/intercoms')],
    ['My sub-users', await user.get('/app/subusers')],
    ['400', await user.get('/app/cameras?limit=7')],
    ['403', await (await appSignIn('alexei.volkov')).get('/app/intercoms')],
    ['redirect', await raw('/app/cameras')],
    ['expired link', await raw(`/app/impersonate?user=1001&token=${'0'.repeat(64)}`)],
  ];
  for (const [name, res] of answers) {
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'/, name);
    assert.ok(!csp.includes('unsafe-inline'), name);
    assert.match(csp, /frame-ancestors 'none'/, name);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff', name);
    assert.match(res.headers.get('cache-control') ?? '', /no-store/, name);
    const body = Buffer.from(await res.arrayBuffer());
    assert.equal(res.headers.get('content-length'), String(body.length), name);
  }
});

test("hidden inputs hold only the session's CSRF token and the list order, never the session", async () => {
  for (const login of ['ivan.petrov', 'sean.obrien']) {
    const user = await appSignIn(login);
    for (const p of ['/app/cameras', '/app/intercoms', '/app/subusers']) {
      const page = await user.html(p);
      assert.ok(!page.includes(user.session), `${p}: the session token`);
      const hidden = [...page.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)];
      assert.ok(hidden.length >= 1, p);
      for (const [, name, value] of hidden) {
        if (name === 'csrf') assert.equal(value, user.csrf, p);
        else assert.ok(['sort', 'dir'].includes(name), `${p}: hidden ${name}`);
      }
      assert.equal(page.match(/type="hidden"/g).length, hidden.length, `${p}: every hidden input seen`);
    }
  }
});

test('hostile names are escaped on every web client page (1003 and its sub-user)', async () => {
  const user = await appSignIn('sean.obrien');
  const cams = await user.html('/app/cameras');
  assertInert(cams, 'My cameras');
  assert.ok(cams.includes('Yard&#39; OR 1=1 -- &lt;img src=x onerror=alert(2)&gt;'));
  assert.ok(cams.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; O&#39;Brien'), 'the username in the top bar');
  assertInert(await user.html('/app/intercoms'), 'My intercoms');
  const subs = await user.html('/app/subusers');
  assertInert(subs, 'My sub-users');
  assert.ok(subs.includes('Kid &lt;b&gt;&quot;bold&quot;&lt;/b&gt; &amp; O&#39;Brien Jr.'));
});

// --- billing end to end ------------------------------------------------------------------------

test('billing new_entity: the new user signs in with the password billing sent', async () => {
  await run.newUser('-ne');
  const res = await appLogin(run.login('-ne'), `pw-${run.id}-ne`);
  assert.equal(res.status, 303);
  assert.equal((await appLogin(run.login('-ne'), 'pw-something-else')).status, 401);
});

test('billing update_password: the old password fails, the new one works', async () => {
  await run.newUser('-up');
  const login = run.login('-up');
  const sent = await run.send(run.req('billing.update_password', run.account('-up'), { password: 'new-Secret-42' }));
  assert.equal(sent.status, 200, sent.text);
  assert.equal((await appLogin(login, `pw-${run.id}-up`)).status, 401);
  assert.equal((await appLogin(login, 'new-Secret-42')).status, 303);
});

test('billing pause: the user still signs in and sees its cameras blocked; unpause lifts it', async () => {
  await run.newUser('-pa');
  const acc = run.account('-pa');
  assert.equal((await run.send(run.req('billing.new_camera', acc, { external_id: run.camera('-pa'), name: 'Porch cam' }))).status, 200);
  const user = await appSignIn(run.login('-pa'), `pw-${run.id}-pa`);
  let rows = Object.values(cameraRows(await user.html('/app/cameras')));
  assert.equal(rows.length, 1);
  assert.notEqual(rows[0].status, 'blocked');
  assert.equal((await run.send(run.req('billing.pause_entity', acc))).status, 200);
  const page = await user.html('/app/cameras');
  assert.match(page, /blocked-notice/);
  rows = Object.values(cameraRows(page));
  assert.equal(rows[0].status, 'blocked');
  assert.equal((await appLogin(run.login('-pa'), `pw-${run.id}-pa`)).status, 303, 'a paused user signs in');
  assert.equal((await run.send(run.req('billing.unpause_entity', acc))).status, 200);
  assert.notEqual(Object.values(cameraRows(await user.html('/app/cameras')))[0].status, 'blocked');
});

test('billing terminate: sign-in is refused and the open session ends', async () => {
  await run.newUser('-te');
  const login = run.login('-te'), password = `pw-${run.id}-te`;
  const user = await appSignIn(login, password);
  assert.equal((await run.send(run.req('billing.terminate_entity', run.account('-te')))).status, 200);
  const res = await appLogin(login, password);
  assert.equal(res.status, 401);
  assert.equal(cookiesOf(res).vms_app, undefined);
  assert.equal((await user.get('/app/cameras')).status, 303);
});

test('a permission revoked in the database takes its action label off My cameras', async () => {
  const uid = await run.newUser('-pe');
  const acc = run.account('-pe');
  assert.equal((await run.send(run.req('billing.new_camera', acc, { external_id: run.camera('-pe'), name: 'Gate' }))).status, 200);
  // exactly these two, not billing's defaults
  sql(`DELETE FROM user_permissions WHERE user_id = ${uid};
       INSERT INTO user_permissions (user_id, permission_id)
       SELECT ${uid}, id FROM permissions WHERE code IN ('archives-show', 'ptz-control')`);
  const user = await appSignIn(run.login('-pe'), `pw-${run.id}-pe`);
  assert.deepEqual(Object.values(cameraRows(await user.html('/app/cameras')))[0].actions, ['Archive', 'PTZ']);
  sql(`DELETE up FROM user_permissions up JOIN permissions p ON p.id = up.permission_id
       WHERE up.user_id = ${uid} AND p.code = 'ptz-control'`);
  assert.deepEqual(Object.values(cameraRows(await user.html('/app/cameras')))[0].actions, ['Archive']);
});

/** A sub-user of the test user of suffix, with the same password (as a VMS user would make). */
function subUserOf(suffix) {
  const login = run.login(`${suffix}-sub`);
  sql(`INSERT INTO users (parent_id, origin, username, login, password_hash)
       SELECT id, 'subuser', 'Sub ${run.id}', '${login}', password_hash FROM users WHERE login = '${run.login(suffix)}'`);
  return login;
}

test('a sub-user of a paused user cannot sign in, and its open session ends', async () => {
  await run.newUser('-ps');
  const sub = subUserOf('-ps'), password = `pw-${run.id}-ps`;
  const user = await appSignIn(sub, password);
  assert.equal((await run.send(run.req('billing.pause_entity', run.account('-ps')))).status, 200);
  const res = await appLogin(sub, password);
  assert.equal(res.status, 403);
  assert.match(await res.text(), /paused/);
  assert.equal(cookiesOf(res).vms_app, undefined);
  assert.equal((await user.get('/app/cameras')).status, 303);
  assert.equal((await appLogin(sub, 'wrong')).status, 401, 'a wrong password still says only that');
  assert.equal((await run.send(run.req('billing.unpause_entity', run.account('-ps')))).status, 200);
  assert.equal((await appLogin(sub, password)).status, 303);
});

test('an administrator-created user past its expiry date cannot sign in', async () => {
  const uid = await run.newUser('-ex');
  sql(`UPDATE users SET expires_at = NOW() - INTERVAL 1 MINUTE WHERE id = ${uid}`);
  const res = await appLogin(run.login('-ex'), `pw-${run.id}-ex`);
  assert.equal(res.status, 403);
  assert.match(await res.text(), /expired/);
});

test('the client program answers --version and --help with its routes', async () => {
  const { spawnSync } = await import('node:child_process');
  const { TOP } = await import('./helpers.mjs');
  const bin = `${process.env.BIN ?? `${TOP}/build/cgi-bin`}/client`;
  assert.match(spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout, /^client /);
  const help = spawnSync(bin, ['--help'], { encoding: 'utf8' }).stdout;
  for (const r of ['GET  /app/login', 'POST /app/login', 'GET  /app/cameras', 'POST /admin/users/{id}/login-as'])
    assert.ok(help.includes(r), r);
});
