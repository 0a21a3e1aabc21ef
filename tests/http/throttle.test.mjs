// throttle.test.mjs — the two guards of sign-in (lib/session.c, session_login), kept in
// MariaDB so every worker agrees: a client (address, or a browser's device cookie) that failed
// too often in a row must wait, with 429 and Retry-After, and without any password check; an
// account that failed five times is locked, except for the browser its admin signed in from
// before (its device cookie), so guessing from elsewhere cannot keep the admin out. The state is
// set up by SQL (the suite's requests all come from 127.0.0.1) and cleared after each test.
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { raw, cookiesOf, setCookieLines, demoPassword, sql, VAR } from './helpers.mjs';

const AFTER = 10; // [session] throttle_after_failures, default
const MAX = 900; // [session] throttle_max_seconds, default
const HERE = 'ip:127.0.0.1';

function reset() {
  sql("DELETE FROM login_throttle; UPDATE admins SET failed_logins = 0, locked_until = NULL WHERE login IN ('admin', 'operator')");
}
afterEach(reset);

/** Set the failures of a client and how long it is blocked from now (seconds; negative: past). */
function throttle(client, failures, blockedFor = null) {
  sql(`REPLACE INTO login_throttle (client, failures, last_failed_at, blocked_until)
       VALUES ('${client}', ${failures}, NOW(), ${blockedFor === null ? 'NULL' : `NOW() + INTERVAL ${blockedFor} SECOND`})`);
}

function lock(login) {
  sql(`UPDATE admins SET locked_until = NOW() + INTERVAL 1 HOUR WHERE login = '${login}'`);
}

/** POST the sign-in form (with a fresh pre-session token) and an optional device cookie. */
async function attempt(login, password, device) {
  const page = await raw('/admin/login');
  await page.text();
  const pre = cookiesOf(page).vms_csrf;
  const cookie = [`vms_csrf=${pre}`, ...(device ? [`vms_device=${device}`] : [])].join('; ');
  const res = await raw('/admin/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ csrf: pre, login, password }),
  });
  return { status: res.status, headers: res.headers, cookies: cookiesOf(res), text: await res.text() };
}

/** Sign in as login and return the device cookie the answer sets. */
async function deviceOf(login) {
  const res = await attempt(login, demoPassword());
  assert.equal(res.status, 303);
  assert.match(res.cookies.vms_device ?? '', /^[0-9a-f]+$/);
  return res.cookies.vms_device;
}

function failuresOf(client) {
  const rows = sql(`SELECT failures FROM login_throttle WHERE client = '${client}'`);
  return rows.length ? Number(rows[0][0]) : 0;
}

test('a successful sign-in sets a device cookie: HttpOnly, SameSite=Strict, for 90 days', async () => {
  const res = await raw('/admin/login');
  await res.text();
  const pre = cookiesOf(res).vms_csrf;
  const ok = await raw('/admin/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `vms_csrf=${pre}` },
    body: new URLSearchParams({ csrf: pre, login: 'operator', password: demoPassword() }),
  });
  const line = setCookieLines(ok).find((l) => l.startsWith('vms_device='));
  assert.ok(line, 'vms_device is set');
  assert.match(line, /; Max-Age=7776000;/);
  assert.match(line, /SameSite=Strict/);
  assert.match(line, /HttpOnly/);
});

test('each failure from an address is counted, by address; a success clears them', async () => {
  throttle('ip:192.0.2.1', AFTER + 3, 600); // another address, blocked: not this one
  await attempt('operator', 'wrong-1');
  await attempt('nobody-at-all', 'wrong-2');
  assert.equal(failuresOf(HERE), 2, 'unknown logins count too');
  assert.equal((await attempt('operator', demoPassword())).status, 303);
  assert.equal(failuresOf(HERE), 0);
});

test('after the allowed failures in a row the next attempt is 429 with Retry-After, even with the right password, and checks no password', async () => {
  throttle(HERE, AFTER - 1);
  assert.equal((await attempt('operator', 'wrong')).status, 401);
  const log = path.join(VAR, 'log/auth.log');
  const from = statSync(log).size;
  const res = await attempt('operator', demoPassword());
  assert.equal(res.status, 429);
  assert.equal(res.cookies.vms_session, undefined);
  assert.match(res.headers.get('retry-after') ?? '', /^[1-9]\d*$/);
  assert.match(res.text, /Too many failed sign-ins/);
  assert.match(res.headers.get('x-content-type-options') ?? '', /nosniff/);
  const lines = readFileSync(log).subarray(from).toString().split('\n').filter((l) => / POST \/admin\/login 429 /.test(l));
  assert.equal(lines.length, 1);
  assert.match(lines[0], /pwhash=0$/, 'a throttled attempt costs no Argon2id');
});

test('the wait doubles with each further failure, up to the maximum', async () => {
  throttle(HERE, AFTER + 5, -1); // its last wait is over
  assert.equal((await attempt('operator', 'wrong')).status, 401);
  const wait = Number((await attempt('operator', demoPassword())).headers.get('retry-after'));
  assert.ok(wait > 60 && wait <= 64, `2^6 s after ${AFTER + 6} failures, Retry-After ${wait}`);
  throttle(HERE, AFTER + 30, -1);
  assert.equal((await attempt('operator', 'wrong')).status, 401);
  const capped = Number((await attempt('operator', demoPassword())).headers.get('retry-after'));
  assert.ok(capped > MAX - 5 && capped <= MAX, `at most ${MAX} s, Retry-After ${capped}`);
});

test("the admin's own browser (device cookie) signs in while the account is locked and the address throttled", async () => {
  const device = await deviceOf('operator');
  lock('operator');
  const locked = await attempt('operator', demoPassword());
  assert.equal(locked.status, 401, 'without the cookie: refused like a wrong password');
  assert.match(locked.text, /Wrong login or password/);
  throttle(HERE, AFTER + 2, 300);
  assert.equal((await attempt('operator', demoPassword())).status, 429, 'without the cookie: throttled');
  const res = await attempt('operator', demoPassword(), device);
  assert.equal(res.status, 303, 'with it: signed in');
  assert.match(res.cookies.vms_session ?? '', /^[0-9a-f]{64}$/);
  const [[stillLocked]] = sql("SELECT locked_until > NOW() FROM admins WHERE login = 'operator'");
  assert.equal(stillLocked, '1', 'the lock stays for everyone else');
});

test("a device cookie opens only its own admin's lock, and a forged or altered one none", async () => {
  const device = await deviceOf('operator');
  lock('admin');
  assert.equal((await attempt('admin', demoPassword(), device)).status, 401);
  lock('operator');
  const altered = device.slice(0, 20) + (device[20] === '0' ? '1' : '0') + device.slice(21);
  for (const d of [altered, 'a'.repeat(96), 'garbage']) {
    assert.equal((await attempt('operator', demoPassword(), d)).status, 401, d);
  }
});

test('failures with a device cookie are throttled per device and never lock the account', async () => {
  const device = await deviceOf('operator');
  for (let i = 0; i < AFTER; i++) {
    assert.equal((await attempt('operator', `wrong-${i}`, device)).status, 401, `attempt ${i}`);
  }
  const res = await attempt('operator', demoPassword(), device);
  assert.equal(res.status, 429, 'the device waits now');
  assert.equal(failuresOf(HERE), 0, 'the address was not charged');
  const [[failed, locked]] = sql("SELECT failed_logins, locked_until IS NOT NULL FROM admins WHERE login = 'operator'");
  assert.deepEqual([failed, locked], ['0', '0'], 'the account was not charged');
  assert.equal((await attempt('operator', demoPassword())).status, 303, 'the address itself still signs in');
});
