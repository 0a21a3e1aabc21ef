// sessions.test.mjs — what the shared loop does with the session cookie before any handler:
// none, garbage, unknown, expired or idle → 401 for fragments, a redirect to sign-in for pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import net from 'node:net';
import { BASE, raw, signIn, sql } from './helpers.mjs';

const withCookie = (value) => ({ headers: { cookie: `vms_session=${value}` } });

/** Move a signed-in client's session row in time by SQL (column = 'expires_at' | 'last_seen_at'). */
function ageSession(client, column, when) {
  const hash = createHash('sha256').update(client.session).digest('hex');
  sql(`UPDATE admin_sessions SET ${column} = '${when}' WHERE token_hash = '${hash}'`);
}

test('without a cookie a fragment answers 401', async () => {
  const res = await raw('/admin/users/1001/header');
  assert.equal(res.status, 401);
  assert.ok(!(await res.text()).includes('ivan.petrov'));
});

test('without a cookie a fragment asked for JSON answers 401 with a JSON error', async () => {
  const res = await raw('/admin/users/1001/user', { headers: { accept: 'application/json' } });
  assert.equal(res.status, 401);
  const body = await res.json();
  assert.equal(body.status, 401);
  assert.equal(typeof body.error, 'string');
});

test('without a cookie a page redirects 303 to sign-in with next=', async () => {
  const res = await raw('/admin/users');
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/admin/login?next=/admin/users');
});

test('with a garbage cookie a fragment answers 401', async () => {
  for (const v of ['garbage', '', 'x'.repeat(64), "' OR 1=1 --", 'A'.repeat(5000)]) {
    const res = await raw('/admin/users/1001/header', withCookie(v));
    assert.equal(res.status, 401, `cookie ${v.slice(0, 20)}`);
  }
});

test('with a garbage cookie a page redirects to sign-in', async () => {
  const res = await raw('/admin/users', withCookie('garbage'));
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/admin/login?next=/admin/users');
});

test('a well-formed token that was never issued answers 401', async () => {
  const res = await raw('/admin/users/1001/header', withCookie('0123456789abcdef'.repeat(4)));
  assert.equal(res.status, 401);
});

test('the cookie of a live session opens a fragment', async () => {
  const client = await signIn('admin');
  const res = await raw('/admin/users/1001/header', withCookie(client.session));
  assert.equal(res.status, 200);
});

test('a session past its absolute expiry answers 401', async () => {
  const client = await signIn('admin');
  ageSession(client, 'expires_at', '2000-01-01 00:00:00');
  assert.equal((await client.get('/admin/users/1001/header')).status, 401);
});

test('a session idle for longer than the idle timeout answers 401', async () => {
  const client = await signIn('admin');
  ageSession(client, 'last_seen_at', '2000-01-01 00:00:00');
  assert.equal((await client.get('/admin/users/1001/header')).status, 401);
});

test('an expired session sends a page back to sign-in', async () => {
  const client = await signIn('admin');
  ageSession(client, 'expires_at', '2000-01-01 00:00:00');
  const res = await client.get('/admin/users');
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/admin/login?next=/admin/users');
});

test('using a session refreshes its idle timer', async () => {
  const client = await signIn('admin');
  const hash = createHash('sha256').update(client.session).digest('hex');
  // 10 minutes ago: within the idle timeout, but older than the 30 s refresh threshold
  sql(`UPDATE admin_sessions SET last_seen_at = NOW() - INTERVAL 10 MINUTE WHERE token_hash = '${hash}'`);
  assert.equal((await client.get('/admin/users/1001/header')).status, 200);
  const [[age]] = sql(`SELECT TIMESTAMPDIFF(SECOND, last_seen_at, NOW()) FROM admin_sessions WHERE token_hash = '${hash}'`);
  assert.ok(Number(age) < 60, `last_seen_at is ${age} s old`);
});

test("signing in removes the administrator's ended sessions, not live ones", async () => {
  const ended = await signIn('operator');
  const live = await signIn('operator');
  ageSession(ended, 'expires_at', '2000-01-01 00:00:00');
  const hashOf = (c) => createHash('sha256').update(c.session).digest('hex');
  await signIn('operator');
  const left = sql(`SELECT token_hash FROM admin_sessions WHERE token_hash IN ('${hashOf(ended)}', '${hashOf(live)}')`).flat();
  assert.ok(!left.includes(hashOf(ended)), 'the expired session row is gone');
  assert.ok(left.includes(hashOf(live)), 'the live session row stays');
  assert.equal((await live.get('/admin/users/1001/header')).status, 200);
});

/** The status of a GET of path sent with these raw header lines (several Cookie headers are
 *  possible only this way). */
function statusWith(path, lines) {
  return new Promise((resolve, reject) => {
    const s = net.connect({ port: Number(new URL(BASE).port), host: '127.0.0.1' }, () =>
      s.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${lines.map((l) => `${l}\r\n`).join('')}Connection: close\r\n\r\n`));
    let got = '';
    s.on('data', (d) => { got += d; });
    s.on('error', reject);
    s.on('close', () => resolve(Number(got.split(' ')[1])));
  });
}

test('with two vms_session cookies the first one decides, in one Cookie header or several', async () => {
  const live = (await signIn('admin')).session;
  const dead = '0123456789abcdef'.repeat(4);
  const p = '/admin/users/1001/header';
  assert.equal(await statusWith(p, [`Cookie: vms_session=${live}; vms_session=${dead}`]), 200);
  assert.equal(await statusWith(p, [`Cookie: vms_session=${dead}; vms_session=${live}`]), 401);
  assert.equal(await statusWith(p, [`Cookie: vms_session=${live}`, `Cookie: vms_session=${dead}`]), 200);
  assert.equal(await statusWith(p, [`Cookie: vms_session=${dead}`, `Cookie: vms_session=${live}`]), 401);
  // a second Cookie header is read at all (nginx joins them), whatever the first holds
  assert.equal(await statusWith(p, ['Cookie: theme=dark', `Cookie: vms_session=${live}`]), 200);
  assert.equal(await statusWith(p, [`Cookie: vms_session=; vms_session=${live}`]), 401, 'an empty first one decides too');
});
