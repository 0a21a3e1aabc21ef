// hosts.test.mjs — the programs keep no state between requests, so any app host serves any
// request: a session signed in through app host a works through app host b (and what one host
// writes, the next request through the other reads at once, whichever nodes they use); signed
// out through b, it is gone through a. The web client's session alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cookiesOf, demoPassword } from '../http/helpers.mjs';
import { DOORS, signInAt, request } from './cluster-helpers.mjs';

test('an admin session signed in through app host a works through app host b, and signs out there', async () => {
  const admin = await signInAt(DOORS.a);
  const header = await admin.get(DOORS.b, '/admin/users/1001/header', { json: false });
  assert.equal(header.status, 200);
  assert.match(header.text, /data-csrf="[0-9a-f]+"/);
  // a state-changing request through b with the CSRF token a issued, read back through a at once
  const press = await admin.post(DOORS.b, '/admin/users/1001/sync-cameras');
  assert.equal(press.status, 202, press.text);
  const job = JSON.parse(press.text);
  const seen = await admin.get(DOORS.a, `/admin/users/1001/sync-cameras/${job.id}`);
  assert.equal(seen.status, 200, 'the job made through b is there through a, on the next request');
  assert.equal(JSON.parse(seen.text).id, job.id);
  // sign-out through b ends it everywhere
  const out = await request(`${DOORS.b}/admin/logout`, {
    method: 'POST', headers: { cookie: `vms_session=${admin.session}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf: admin.csrf }),
  });
  assert.equal(out.status, 303);
  for (const door of [DOORS.a, DOORS.b]) {
    assert.equal((await admin.get(door, '/admin/users/1001/header')).status, 401, `signed out, through ${door}`);
  }
});

test("a web-client session signed in through app host b works through app host a", async () => {
  const page = await fetch(`${DOORS.b}/app/login`, { redirect: 'manual' });
  const pre = cookiesOf(page).vms_csrf;
  const res = await fetch(`${DOORS.b}/app/login`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `vms_csrf=${pre}` },
    body: new URLSearchParams({ csrf: pre, login: 'ivan.petrov', password: demoPassword() }),
  });
  const app = cookiesOf(res).vms_app;
  assert.equal(res.status, 303);
  assert.ok(app, 'a web-client session');
  const mine = await request(`${DOORS.a}/app/cameras`, { headers: { cookie: `vms_app=${app}`, accept: 'application/json' } });
  assert.equal(mine.status, 200, mine.text);
  assert.ok(JSON.parse(mine.text).items.length > 0, "the user's cameras, through the other host");
});

test('what one request writes through one host, the next request through the other reads (causal reads)', async () => {
  // Log in as User: the link's token is written through host a (its node), and used at once
  // through host b, a public route whose first query is inside the redeeming transaction
  const admin = await signInAt(DOORS.a);
  const refused = [];
  for (let i = 0; i < 100; i++) {
    const made = await admin.post(DOORS.a, '/admin/users/1001/login-as');
    assert.equal(made.status, 200, made.text);
    const link = new URL(JSON.parse(made.text).url);
    const used = await request(`${DOORS.b}${link.pathname}${link.search}`);
    if (used.status !== 303) refused.push(`${i}: ${used.status}`);
  }
  assert.deepEqual(refused, [], 'every link works through the other host at once');
});
