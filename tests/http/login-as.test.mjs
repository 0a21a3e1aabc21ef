// login-as.test.mjs — Log in as User (POST /admin/users/{id}/login-as, GET /app/impersonate):
// the header's form, CSRF, the single-use link token (stored hashed, 60 s, bound to the admin's
// session and the user), its exchange for a web-client session that names the admin, lasts at
// most 30 minutes and never longer than the admin's session, does not count among the user's
// own sessions and ends with End session; deleted users; the camera scope; the audit rows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { raw, cookiesOf, setCookieLines, signIn, sql, makeCursor, BASE, VAR } from './helpers.mjs';
import { Run } from './billing-helpers.mjs';
import { appSignIn, impersonate, loginAsLink, useLink, AppClient } from './client-helpers.mjs';

const run = new Run('las');
let admin;

before(async () => { admin = await signIn('admin'); });
after(() => run.cleanup());

const hashOf = (token) => createHash('sha256').update(token).digest('hex');
const tokenOf = (link) => new URL(link, BASE).searchParams.get('token');
const setCookieLine = (res, name) => setCookieLines(res).find((l) => l.startsWith(`${name}=`));
const sessionRow = (token) => sql(`SELECT id, user_id, COALESCE(admin_id, 'NULL'), COALESCE(admin_session_id, 'NULL'),
  TIMESTAMPDIFF(SECOND, created_at, expires_at) FROM user_sessions WHERE token_hash = '${hashOf(token)}'`)[0];
const adminSessionId = (client) =>
  sql(`SELECT id FROM admin_sessions WHERE token_hash = '${hashOf(client.session)}'`)[0][0];
const clientLogLines = () => readFileSync(path.join(VAR, 'log/client.log'), 'utf8').split('\n');

/** Expect the 401 page of a spent link. */
async function assertExpired(res, why) {
  assert.equal(res.status, 401, why);
  assert.equal(cookiesOf(res).vms_app, undefined, why);
  const html = await res.text();
  assert.match(html, /The link has expired or was already used\. Ask for a new one from the user&#39;s profile/, why);
}

// --- the button and the request ---------------------------------------------------------------

test("the header's Log in as User is a form that opens a new tab by itself, with the CSRF token", async () => {
  const page = await (await admin.get('/admin/users/1001/header')).text();
  const form = /<form[^>]*id="login-as-form"[^>]*>[\s\S]*?<\/form>/.exec(page)?.[0];
  assert.ok(form, 'a form');
  assert.match(form, /method="post"/);
  assert.match(form, /action="\/admin\/users\/1001\/login-as"/);
  assert.match(form, /target="_blank"/);
  assert.match(form, /rel="noopener noreferrer"/);
  assert.ok(form.includes(`<input type="hidden" name="csrf" value="${admin.csrf}">`));
  assert.match(form, /<button type="submit" data-action="login-as">Log in as User<\/button>/);
});

test('a paused user is offered Log in as User; a deleted one is not', async () => {
  assert.match(await (await admin.get('/admin/users/1002/header')).text(), /id="login-as-form"/);
  assert.doesNotMatch(await (await admin.get('/admin/users/1005/header')).text(), /login-as/);
});

test('without the CSRF token, or with a wrong one, the request is 403 and no link is made', async () => {
  const before = sql('SELECT COUNT(*) FROM impersonation_tokens')[0][0];
  assert.equal((await admin.post('/admin/users/1001/login-as', {}, { csrf: false })).status, 403);
  assert.equal((await admin.post('/admin/users/1001/login-as', {}, { csrf: false,
    headers: { 'x-csrf-token': 'f'.repeat(64) } })).status, 403);
  assert.equal(sql('SELECT COUNT(*) FROM impersonation_tokens')[0][0], before);
});

test('without an admin session the request is 401', async () => {
  assert.equal((await raw('/admin/users/1001/login-as', { method: 'POST' })).status, 401);
});

test('a deleted user answers 409 with a sentence, an unknown one 404', async () => {
  const res = await admin.post('/admin/users/1005/login-as', {});
  assert.equal(res.status, 409);
  assert.match(await res.text(), /User 1005 was deleted: there is no web client to sign in to\./);
  const json = await admin.post('/admin/users/1005/login-as', {}, { json: true });
  assert.equal(json.status, 409);
  assert.match((await json.json()).error, /was deleted/);
  assert.equal((await admin.post('/admin/users/99999999/login-as', {})).status, 404);
});

test('the answer is 303 to the link for a form, {"url"} for JSON', async () => {
  const res = await admin.post('/admin/users/1001/login-as', {});
  assert.equal(res.status, 303);
  assert.match(res.headers.get('location'), /^\/app\/impersonate\?user=1001&token=[0-9a-f]{64}$/);
  const json = await admin.post('/admin/users/1001/login-as', {}, { json: true });
  assert.equal(json.status, 200);
  const { url } = await json.json();
  assert.match(url, new RegExp(`^${BASE}/app/impersonate\\?user=1001&token=[0-9a-f]{64}$`));
});

test('the link token is 256 random bits stored only as its SHA-256, valid 60 s, bound to admin, session and user', async () => {
  const token = tokenOf(await loginAsLink(admin, 1001));
  assert.match(token, /^[0-9a-f]{64}$/);
  const rows = sql(`SELECT user_id, admin_id, admin_session_id, TIMESTAMPDIFF(SECOND, created_at, expires_at),
    COALESCE(used_at, 'NULL') FROM impersonation_tokens WHERE token_hash = '${hashOf(token)}'`);
  assert.deepEqual(rows, [['1001', '1', adminSessionId(admin), '60', 'NULL']]);
  assert.equal(sql(`SELECT COUNT(*) FROM impersonation_tokens WHERE token_hash = '${token}'`)[0][0], '0');
});

// --- the link --------------------------------------------------------------------------------

test('the link opens a session and leaves for My cameras, so the token leaves the address bar', async () => {
  const res = await useLink(await loginAsLink(admin, 1001));
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/app/cameras');
  const line = setCookieLine(res, 'vms_app');
  assert.match(line, /^vms_app=[0-9a-f]{64}; Path=\/app; Max-Age=(\d+);/);
  assert.ok(Number(/Max-Age=(\d+)/.exec(line)[1]) <= 1800, line);
  assert.match(line, /HttpOnly/);
  assert.match(line, /SameSite=Strict/);
});

test('the link is single-use: the second use is 401', async () => {
  const link = await loginAsLink(admin, 1001);
  assert.equal((await useLink(link)).status, 303);
  await assertExpired(await useLink(link), 'second use');
});

test('an expired link is 401', async () => {
  const link = await loginAsLink(admin, 1001);
  sql(`UPDATE impersonation_tokens SET expires_at = NOW() - INTERVAL 1 SECOND WHERE token_hash = '${hashOf(tokenOf(link))}'`);
  await assertExpired(await useLink(link), 'expired');
});

test('a link is bound to its user: another user id is 401', async () => {
  const link = await loginAsLink(admin, 1001);
  await assertExpired(await useLink(link.replace('user=1001', 'user=1002')), 'another user');
  const ok = await useLink(link);
  assert.equal(ok.status, 303, 'its own user still works');
  const user = new AppClient(cookiesOf(ok).vms_app);
  assert.equal(sessionRow(user.session)[1], '1001');
});

test("a link is bound to the admin's session: after the admin signs out it is 401", async () => {
  const other = await signIn('admin');
  const link = await loginAsLink(other, 1001);
  assert.equal((await other.post('/admin/logout', {})).status, 303);
  await assertExpired(await useLink(link), 'admin signed out');
});

test('malformed tokens are 400 or 401, never a database error', async () => {
  const before = clientLogLines().length;
  const cases = ['abc', 'z'.repeat(64), '0'.repeat(63), '0'.repeat(65), 'A'.repeat(64), "' OR 1=1 --",
    '%00'.repeat(10), 'x'.repeat(129), ''];
  for (const t of cases) {
    const res = await raw(`/app/impersonate?user=1001&token=${encodeURIComponent(t)}`);
    assert.ok([400, 401].includes(res.status), `token ${JSON.stringify(t)}: ${res.status}`);
    assert.equal(cookiesOf(res).vms_app, undefined);
  }
  for (const q of ['token=' + '0'.repeat(64), 'user=abc&token=' + '0'.repeat(64), 'user=1001'])
    assert.equal((await raw(`/app/impersonate?${q}`)).status, 400, q);
  const added = clientLogLines().slice(before);
  assert.deepEqual(added.filter((l) => /^db:|Internal error| 5\d\d /.test(l)), [], 'no database error');
});

// --- the session it opens ----------------------------------------------------------------------

test('every page of the session shows the banner naming the user and the administrator', async () => {
  const user = await impersonate(admin, 1001);
  for (const p of ['/app/cameras', '/app/intercoms', '/app/subusers']) {
    const page = await user.html(p);
    const banner = /<div class="impersonation" id="impersonation-banner"[\s\S]*?<\/div>/.exec(page)?.[0];
    assert.ok(banner, p);
    const text = banner.replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim();
    assert.equal(text, 'Signed in as ivan.petrov by administrator admin · End session', p);
    assert.doesNotMatch(page, /id="logout-form"/, `${p}: End session is the way out`);
  }
  const own = await appSignIn('ivan.petrov');
  assert.doesNotMatch(await own.html('/app/cameras'), /impersonation-banner/, 'not on own sessions');
});

test('the session lasts at most 30 minutes and is marked as the admin\'s', async () => {
  const user = await impersonate(admin, 1001);
  const [, uid, adminId, adminSession, seconds] = sessionRow(user.session);
  assert.equal(uid, '1001');
  assert.equal(adminId, '1');
  assert.equal(adminSession, adminSessionId(admin));
  assert.ok(Number(seconds) <= 1800 && Number(seconds) >= 1790, `${seconds} s`);
});

test("the session never lasts longer than the admin's own", async () => {
  const other = await signIn('admin');
  sql(`UPDATE admin_sessions SET expires_at = NOW() + INTERVAL 5 MINUTE WHERE id = ${adminSessionId(other)}`);
  const res = await useLink(await loginAsLink(other, 1001));
  assert.equal(res.status, 303);
  assert.ok(Number(/Max-Age=(\d+)/.exec(setCookieLine(res, 'vms_app'))[1]) <= 300);
  const user = new AppClient(cookiesOf(res).vms_app);
  assert.ok(Number(sessionRow(user.session)[4]) <= 300);
  assert.equal((await user.get('/app/cameras')).status, 200);
  sql(`UPDATE admin_sessions SET last_seen_at = NOW() - INTERVAL 1 DAY WHERE id = ${adminSessionId(other)}`);
  assert.equal((await user.get('/app/cameras')).status, 303, 'the admin session went idle: so did this one');
});

test("signing the admin out ends the web-client session it opened", async () => {
  const other = await signIn('admin');
  const user = await impersonate(other, 1001);
  assert.equal((await user.get('/app/cameras')).status, 200);
  assert.equal((await other.post('/admin/logout', {})).status, 303);
  assert.equal((await user.get('/app/cameras')).status, 303);
});

test("the session does not count among the user's own sessions", async () => {
  await run.newUser('-cnt');
  const login = run.login('-cnt'), password = `pw-${run.id}-cnt`;
  const uid = String(run.userId(run.account('-cnt')));
  const own = [];
  for (let i = 0; i < 5; i++) own.push(await appSignIn(login, password));
  const support = await impersonate(admin, uid);
  own.push(await appSignIn(login, password)); // the sixth own session ends the oldest own one
  assert.equal((await support.get('/app/cameras')).status, 200, 'the admin session stays');
  assert.equal((await own[0].get('/app/cameras')).status, 303);
  const counts = sql(`SELECT admin_id IS NULL, COUNT(*) FROM user_sessions WHERE user_id = ${uid} GROUP BY 1 ORDER BY 1`);
  assert.deepEqual(counts, [['0', '1'], ['1', '5']]);
});

test('End session signs the session out, and only it', async () => {
  const user = await impersonate(admin, 1001);
  const own = await appSignIn('ivan.petrov');
  assert.equal((await user.post('/app/logout', {}, { csrf: false })).status, 403);
  const res = await user.post('/app/logout');
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/app/login?ended=1');
  assert.equal(sql(`SELECT COUNT(*) FROM user_sessions WHERE token_hash = '${hashOf(user.session)}'`)[0][0], '0');
  assert.equal((await user.get('/app/cameras')).status, 303);
  assert.equal((await own.get('/app/cameras')).status, 200, "the user's own session goes on");
  assert.equal((await admin.get('/admin/users/1001/header')).status, 200, 'the admin is still signed in');
});

test('a paused user is shown to the admin as the user sees it: notice and blocked cameras', async () => {
  const user = await impersonate(admin, 1002);
  const page = await user.html('/app/cameras');
  assert.match(page, /id="blocked-notice"/);
  assert.match(page, /impersonation-banner/);
  assert.doesNotMatch(page, /<span class="action">/);
});

test("an ordinary admin sees the user's cameras through its own scope", async () => {
  const operator = await signIn('operator');
  const user = await impersonate(operator, 1001);
  const { body } = await user.getJson('/app/cameras');
  // operator is granted 1, 3, 4, 6, 8, 10 of 1001's twelve
  assert.deepEqual(body.items.map((i) => i.id), [1, 3, 4, 6, 8, 10]);
  assert.match(await user.html('/app/cameras'), /id="scope-note"[^>]*>As administrator operator you see only the cameras granted to you\./);
  const superadmin = await impersonate(admin, 1001);
  assert.equal((await superadmin.getJson('/app/cameras')).body.items.length, 12);
  assert.doesNotMatch(await superadmin.html('/app/cameras'), /scope-note/);
});

test('an ordinary admin cannot reach hidden cameras through the cursor either', async () => {
  const operator = await signIn('operator');
  const user = await impersonate(operator, 1001);
  // a cursor "after camera 1" in id order: the next rows are still only granted ones
  const after = makeCursor({ list: 'app.cameras', sort: 'id', id: 1 });
  const { status, body } = await user.getJson(`/app/cameras?after=${after}`);
  assert.equal(status, 200);
  assert.deepEqual(body.items.map((i) => i.id), [3, 4, 6, 8, 10]);
});

// --- the audit log -------------------------------------------------------------------------------

test('issuing and using a link each write an audit row: admin, user, address, user agent', async () => {
  const mark = sql('SELECT COALESCE(MAX(id), 0) FROM audit_log')[0][0];
  const link = await loginAsLink(admin, 1003, { headers: { 'user-agent': 'admin-browser/1.0' } });
  assert.equal((await useLink(link, { headers: { 'user-agent': 'client-tab/2.0' } })).status, 303);
  await useLink(link, { headers: { 'user-agent': 'client-tab/2.0' } }); // refused: no row
  const rows = sql(`SELECT admin_id, user_id, action, remote_addr, user_agent FROM audit_log
                    WHERE id > ${mark} AND action LIKE 'user.login_as.%' ORDER BY id`);
  assert.deepEqual(rows, [
    ['1', '1003', 'user.login_as.issued', '127.0.0.1', 'admin-browser/1.0'],
    ['1', '1003', 'user.login_as.used', '127.0.0.1', 'client-tab/2.0'],
  ]);
});

test('a refused request writes no audit row', async () => {
  const mark = sql('SELECT COALESCE(MAX(id), 0) FROM audit_log')[0][0];
  await admin.post('/admin/users/1005/login-as', {});
  await admin.post('/admin/users/1001/login-as', {}, { csrf: false });
  assert.equal(sql(`SELECT COUNT(*) FROM audit_log WHERE id > ${mark} AND action LIKE 'user.login_as.%'`)[0][0], '0');
});
