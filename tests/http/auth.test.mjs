// auth.test.mjs — administrator sign-in and sign-out through the real form (auth program):
// the session cookie, the pre-session CSRF token, next=, equal answers for wrong password and
// unknown login (one Argon2id each, as the request log shows), tokens stored hashed, sign-out,
// and the lockout (last: it locks 'operator').
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { raw, cookiesOf, setCookieLines, signIn, demoPassword, sql, VAR } from './helpers.mjs';

/** Clear the failure counter and any lock of an admin (tests here make it fail on purpose). */
function unlock(login) {
  sql(`UPDATE admins SET failed_logins = 0, locked_until = NULL WHERE login = '${login}'`);
}

after(() => unlock('operator'));

// A pre-session CSRF token: hex of version 1, expiry (8 bytes), a 16-byte nonce, and the
// HMAC-SHA-512-256 (crypto_auth) of "vms.csrf\0" + those under the server key (lib/token.c).
const TOKEN = /^[0-9a-f]{114}$/;

/** A fresh sign-in page: its pre-session CSRF token (cookie and form field). */
async function preSession() {
  const res = await raw('/admin/login');
  assert.equal(res.status, 200);
  await res.text();
  const token = cookiesOf(res).vms_csrf;
  assert.match(token ?? '', TOKEN, 'the sign-in page sets a vms_csrf cookie');
  return token;
}

/** A token made here the way the server makes them, under key (the server key unless given). */
function makeToken({ purpose = 'vms.csrf', expires = Date.now() / 1000 + 3600, key } = {}) {
  const k = key ?? Buffer.from(sql("SELECT HEX(secret) FROM server_keys WHERE name = 'token'")[0][0], 'hex');
  const body = Buffer.alloc(1 + 8 + 16);
  body[0] = 1;
  body.writeBigUInt64BE(BigInt(Math.floor(expires)), 1);
  randomBytes(16).copy(body, 9);
  const mac = createHmac('sha512', k).update(Buffer.concat([Buffer.from(`${purpose}\0`), body])).digest().subarray(0, 32);
  return Buffer.concat([body, mac]).toString('hex');
}

/** POST the sign-in form with this token as both the cookie and the field. */
function postWithToken(token) {
  return raw('/admin/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `vms_csrf=${token}` },
    body: new URLSearchParams({ csrf: token, login: 'admin', password: demoPassword() }),
  });
}

/** POST the sign-in form. fields overrides/extends { csrf, login, password }; cookie false sends
 *  no pre-session cookie. */
async function postLogin(fields, { cookie = true } = {}) {
  const token = await preSession();
  const body = { csrf: token, ...fields };
  for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
  return raw('/admin/login', {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(cookie ? { cookie: `vms_csrf=${token}` } : {}),
    },
    body: new URLSearchParams(body),
  });
}

function setCookieLine(res, name) {
  return setCookieLines(res).find((l) => l.startsWith(`${name}=`));
}

test('the sign-in page puts the same pre-session CSRF token in its cookie and its form', async () => {
  const res = await raw('/admin/login');
  const html = await res.text();
  const token = cookiesOf(res).vms_csrf;
  assert.match(token, TOKEN);
  assert.ok(html.includes(`name="csrf" value="${token}"`), 'the form carries the cookie token');
});

test('a correct password answers 303 to /admin/users with a session cookie', async () => {
  const res = await postLogin({ login: 'admin', password: demoPassword() });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/admin/users');
  assert.match(cookiesOf(res).vms_session ?? '', /^[0-9a-f]{64}$/);
});

test('the session cookie opens the signed-in pages', async () => {
  const res = await postLogin({ login: 'admin', password: demoPassword() });
  const session = cookiesOf(res).vms_session;
  const dir = await raw('/admin/users', { headers: { cookie: `vms_session=${session}` } });
  assert.equal(dir.status, 200);
  assert.match(await dir.text(), /<span class="who">admin<\/span>/);
});

test('the session cookie is HttpOnly, SameSite=Strict, Path=/admin and not Secure over http', async () => {
  const res = await postLogin({ login: 'admin', password: demoPassword() });
  const line = setCookieLine(res, 'vms_session');
  assert.ok(line, 'a vms_session cookie is set');
  const attrs = line.split(';').slice(1).map((a) => a.trim().toLowerCase());
  assert.ok(attrs.includes('httponly'), line);
  assert.ok(attrs.includes('samesite=strict'), line);
  assert.ok(attrs.includes('path=/admin'), line);
  assert.ok(!attrs.includes('secure'), line);
});

test('a successful sign-in deletes the pre-session CSRF cookie', async () => {
  const res = await postLogin({ login: 'admin', password: demoPassword() });
  const line = setCookieLine(res, 'vms_csrf');
  assert.ok(line, 'vms_csrf is overwritten');
  assert.match(line, /^vms_csrf=;/);
  assert.match(line, /Max-Age=0/i);
});

test('a wrong password and an unknown login get the same status and the same page', async () => {
  // Same-length logins, so that the echoed login field is the only (normalised) difference.
  const wrong = await postLogin({ login: 'operator', password: 'not-the-password' });
  const unknown = await postLogin({ login: 'nobody99', password: 'not-the-password' });
  unlock('operator');
  assert.equal(wrong.status, 401);
  assert.equal(unknown.status, wrong.status);
  assert.equal(cookiesOf(wrong).vms_session, undefined);
  assert.equal(cookiesOf(unknown).vms_session, undefined);
  const norm = (html, login) =>
    html.replace(/[0-9a-f]{64,}/g, 'TOKEN').replace(`value="${login}"`, 'value="LOGIN"');
  const a = norm(await wrong.text(), 'operator');
  const b = norm(await unknown.text(), 'nobody99');
  assert.match(a, /Wrong login or password/);
  assert.equal(b, a);
});

/** The request-log lines (lib/app.c) of POST /admin/login that the auth program wrote while fn
 *  ran (the suite runs one test at a time), once there are want of them. */
async function signInLogLines(fn, want) {
  const file = path.join(VAR, 'log/auth.log');
  const from = statSync(file).size;
  await fn();
  let lines = [];
  for (let i = 0; i < 100 && lines.length < want; i++) {
    if (i) await new Promise((r) => setTimeout(r, 20));
    lines = readFileSync(file).subarray(from).toString('utf8').split('\n')
      .filter((l) => / auth POST \/admin\/login /.test(l));
  }
  return lines;
}

test('a wrong password, an unknown login and a locked account each run exactly one Argon2id verification', async () => {
  const cases = [
    ['a wrong password', () => postLogin({ login: 'operator', password: 'not-the-password' })],
    ['an unknown login', () => postLogin({ login: 'nobody-at-all', password: 'not-the-password' })],
    ['a locked account', () => {
      sql("UPDATE admins SET locked_until = NOW() + INTERVAL 1 HOUR WHERE login = 'operator'");
      return postLogin({ login: 'operator', password: demoPassword() });
    }],
  ];
  try {
    for (const [name, send] of cases) {
      let res;
      const lines = await signInLogLines(async () => { res = await send(); await res.text(); }, 1);
      assert.equal(res.status, 401, name);
      assert.equal(lines.length, 1, `${name}: ${lines}`);
      assert.match(lines[0], / 401 .* pwhash=1$/, name);
      unlock('operator');
    }
  } finally {
    unlock('operator');
  }
});

test('the request log counts the Argon2id runs of every request: 0 for the sign-in page', async () => {
  const file = path.join(VAR, 'log/auth.log');
  const from = statSync(file).size;
  await (await raw('/admin/login?next=/admin/users/42')).text();
  let line;
  for (let i = 0; i < 100 && !line; i++) {
    if (i) await new Promise((r) => setTimeout(r, 20));
    line = readFileSync(file).subarray(from).toString('utf8').split('\n').find((l) => / auth GET \/admin\/login 200 /.test(l));
  }
  assert.match(line ?? '', / pwhash=0$/);
});

test('a sign-in POST without the pre-session CSRF cookie and field is refused with 403', async () => {
  const res = await raw('/admin/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ login: 'admin', password: demoPassword() }),
  });
  assert.equal(res.status, 403);
  assert.equal(cookiesOf(res).vms_session, undefined);
});

test('a sign-in POST whose CSRF field does not match its cookie is refused with 403', async () => {
  const res = await postLogin({ login: 'admin', password: demoPassword(), csrf: 'a'.repeat(64) });
  assert.equal(res.status, 403);
  assert.equal(cookiesOf(res).vms_session, undefined);
});

test('a pre-session token the server never issued is refused with 403, even when cookie and field match', async () => {
  for (const token of ['x', 'a'.repeat(64), makeToken({ key: randomBytes(32) }), '0'.repeat(114)]) {
    const res = await postWithToken(token);
    assert.equal(res.status, 403, token);
    assert.equal(cookiesOf(res).vms_session, undefined);
  }
});

test('an expired, altered or other-purpose pre-session token is refused with 403', async () => {
  const good = makeToken();
  const altered = good.slice(0, 40) + (good[40] === '0' ? '1' : '0') + good.slice(41);
  for (const token of [makeToken({ expires: Date.now() / 1000 - 1 }), altered, makeToken({ purpose: 'vms.device' })]) {
    const res = await postWithToken(token);
    assert.equal(res.status, 403, token);
    assert.equal(cookiesOf(res).vms_session, undefined);
  }
  assert.equal((await postWithToken(good)).status, 303, 'made the same way and unexpired, it is taken');
});

test('a sign-in POST with the CSRF field but no cookie is refused with 403', async () => {
  const res = await postLogin({ login: 'admin', password: demoPassword() }, { cookie: false });
  assert.equal(res.status, 403);
  assert.equal(cookiesOf(res).vms_session, undefined);
});

test('the sign-in page keeps next= for the form', async () => {
  const res = await raw('/admin/login?next=/admin/users/1001');
  assert.equal(res.status, 200);
  assert.match(await res.text(), /name="next" value="\/admin\/users\/1001"/);
});

test('next= sends the admin back to the /admin/ page they asked for', async () => {
  const res = await postLogin({ login: 'admin', password: demoPassword(), next: '/admin/users/1001' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/admin/users/1001');
});

test('next= pointing outside the site is refused or ignored, never followed', async () => {
  for (const next of ['https://evil.example/', '//evil', '/\\evil.example', '/admin//evil.example',
    '/admin/../../evil', 'javascript:alert(1)']) {
    const res = await postLogin({ login: 'admin', password: demoPassword(), next });
    const loc = res.headers.get('location');
    if (res.status === 400) continue;
    assert.equal(res.status, 303, `next=${next}`);
    assert.ok(loc.startsWith('/admin/') && !loc.startsWith('//') && !loc.includes('evil'),
      `next=${next} redirected to ${loc}`);
  }
});

test('next= cannot inject a header into the redirect', async () => {
  const res = await postLogin({ login: 'admin', password: demoPassword(),
    next: '/admin/users\r\nSet-Cookie: injected=1' });
  assert.ok([400, 303].includes(res.status), `status ${res.status}`);
  assert.equal(cookiesOf(res).injected, undefined);
  assert.ok(!(res.headers.get('location') ?? '').includes('Set-Cookie'));
});

test('the sign-in page refuses an outside next= with 400', async () => {
  for (const next of ['https://evil.example/', '//evil']) {
    const res = await raw(`/admin/login?next=${encodeURIComponent(next)}`);
    assert.equal(res.status, 400, `next=${next}`);
    assert.match(await res.text(), /next/);
  }
});

test('the sign-in form echoes a typed login escaped, also inside its attribute', async () => {
  const login = '"><script>alert(1)</script>';
  const res = await postLogin({ login, password: 'x' });
  const html = await res.text();
  assert.equal(res.status, 401);
  assert.ok(!html.includes('<script>alert(1)'), 'no raw script');
  assert.ok(html.includes('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"'), 'escaped in value=');
});

test('the session token is stored only as its SHA-256 hash', async () => {
  const client = await signIn('admin');
  const hash = createHash('sha256').update(client.session).digest('hex');
  const rows = sql('SELECT token_hash, csrf_token FROM admin_sessions');
  assert.ok(rows.some(([h]) => h === hash), 'the session row holds the hash of the cookie');
  for (const row of rows) assert.ok(!row.join(' ').includes(client.session), 'the token itself is not stored');
});

test('sign-out with the CSRF token redirects to sign-in and ends the session', async () => {
  const client = await signIn('admin');
  const res = await client.post('/admin/logout', {});
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/admin/login');
  assert.match(setCookieLine(res, 'vms_session') ?? '', /^vms_session=;.*Max-Age=0/i);
  const again = await client.get('/admin/users/1001/header');
  assert.equal(again.status, 401);
});

test('sign-out by the page form (csrf field) ends the session', async () => {
  const client = await signIn('admin');
  const res = await client.post('/admin/logout', { csrf: client.csrf }, { csrf: false });
  assert.equal(res.status, 303);
  assert.equal((await client.get('/admin/users/1001/header')).status, 401);
});

test('sign-out without the CSRF token is refused with 403 and the session keeps working', async () => {
  const client = await signIn('admin');
  const res = await client.post('/admin/logout', {}, { csrf: false });
  assert.equal(res.status, 403);
  assert.equal(setCookieLine(res, 'vms_session'), undefined);
  assert.equal((await client.get('/admin/users/1001/header')).status, 200);
});

test('a CSRF token in the query string is refused with 403: sign-out keeps the session', async () => {
  const client = await signIn('admin');
  const res = await client.post(`/admin/logout?csrf=${client.csrf}`, '', {
    csrf: false, headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(res.status, 403);
  assert.equal(setCookieLine(res, 'vms_session'), undefined);
  assert.equal((await client.get('/admin/users/1001/header')).status, 200);
});

test('a pre-session CSRF token in the query string is refused with 403', async () => {
  const token = await preSession();
  const res = await raw(`/admin/login?csrf=${token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `vms_csrf=${token}` },
    body: new URLSearchParams({ login: 'admin', password: demoPassword() }),
  });
  assert.equal(res.status, 403);
  assert.equal(cookiesOf(res).vms_session, undefined);
});

// Last in this file: it locks 'operator', and unlocks it afterwards.
test('after five wrong passwords the right password fails too (lockout)', async () => {
  unlock('operator');
  try {
    for (let i = 0; i < 5; i++) {
      const res = await postLogin({ login: 'operator', password: `wrong-${i}` });
      assert.equal(res.status, 401);
    }
    const res = await postLogin({ login: 'operator', password: demoPassword() });
    assert.equal(res.status, 401);
    assert.equal(cookiesOf(res).vms_session, undefined);
    assert.match(await res.text(), /Wrong login or password/);
    const [[locked]] = sql("SELECT locked_until > NOW() FROM admins WHERE login = 'operator'");
    assert.equal(locked, '1');
  } finally {
    unlock('operator');
  }
  const client = await signIn('operator');
  assert.ok(client.session, 'unlocked again for the other tests');
});
