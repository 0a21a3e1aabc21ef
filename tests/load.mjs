// load.mjs N — send N requests across every program's routes (pages, fragments, JSON, bad
// input, sign-in failures) through nginx, a few at a time, so each long-lived worker serves
// thousands of requests; run.sh then stops the instance and reads the sanitizer reports.
// Exits non-zero if any request got a 5xx or no answer.
import { signIn, raw } from './http/helpers.mjs';
import { sign } from './http/billing-helpers.mjs';
import { appLogin, appSignIn, impersonate, loginAsLink, useLink } from './http/client-helpers.mjs';

const total = Number(process.argv[2] ?? 3000);
const admin = await signIn('admin');
const operator = await signIn('operator');
const subscriber = await appSignIn('ivan.petrov');
const support = await impersonate(operator, 1001);

const paths = [
  '/admin/users', '/admin/users?q=petr', '/admin/users?q=1003', '/admin/users?limit=50&format=csv',
  '/admin/users/1001/header', '/admin/users/1001/user', '/admin/users/1003/user',
  '/admin/users/1005/header', '/admin/users/2001/user', '/admin/users/999999999/header',
  '/admin/users/abc/header', '/admin/users?after=x', '/admin/users?q=%zz',
  '/admin/users/1001/cameras', '/admin/users/1001/cameras?status=active&sort=name',
  '/admin/users/1001/cameras?format=csv', '/admin/users/1001/intercoms', '/admin/cameras/1',
  '/admin/intercoms/1', '/admin/users/1001/billing-events',
  '/admin/users/1001/billing-events?type=billing.new_camera', '/healthz',
  '/admin/users/1001/audit', '/admin/users/1001/audit?action=user.sync.done&limit=50',
  '/admin/users/1001/audit?format=csv', '/admin/users/1001/audit?action=%3Cb%3E', '/admin/users/1005/audit',
  '/admin/audit', '/admin/audit?admin=2&action=admin.sign_in&from=2020-01-01&to=2099-12-31',
  '/admin/audit?from=2020-02-30', '/admin/audit?format=csv&action=user.sync.requested',
  '/admin/users/1001/sync-cameras', '/admin/users/1001/sync-cameras/1', '/admin/users/1001/sync-cameras/abc',
  '/admin/users/1002/sync-cameras/1',
  '/admin/users/1001/subusers', '/admin/users/1001/subusers?q=anna&sort=name&dir=desc',
  '/admin/users/1001/subusers?format=csv', '/admin/users/1004/subusers', '/admin/users/2001/subusers',
  '/admin/users/1005/subusers', '/admin/users/1001/access', '/admin/users/2001/access',
  '/admin/users/1005/access', '/admin/users/x/access', '/admin/users/1001/analytics',
  '/admin/users/1001/analytics?level=L1&sort=name', '/admin/users/1003/analytics?format=csv',
  '/admin/users/2001/analytics', '/admin/users/1004/analytics', '/admin/users/1001/analytics?status=bad',
];

// the web client: pages, JSON, bad input, and the way in without a session
const appPaths = [
  '/app/cameras', '/app/cameras?sort=name&dir=desc&limit=50', '/app/intercoms', '/app/subusers',
  '/app/', '/app/cameras?format=csv', '/app/cameras?limit=7', '/app/cameras?after=x',
  '/app/login', '/app/impersonate?user=1001&token=zz', '/app/impersonate?user=x',
  `/app/impersonate?user=1001&token=${'0'.repeat(64)}`,
];

// state-changing requests, good and bad: saves of permissions (form, JSON, stale, unknown slug)
// and licence totals (a superadmin, bad input, an ordinary admin)
const form = { 'content-type': 'application/x-www-form-urlencoded' };
const json = { 'content-type': 'application/json' };
const posts = [
  (i) => admin.post('/admin/users/1001/header', { x: String(i) }, { csrf: i % 2 === 0 }),
  (i) => admin.post('/admin/users/1004/access', `perm=archives-show&perm=ptz-control&version=${i % 3}`, { headers: form }),
  (i) => admin.post('/admin/users/1004/access', JSON.stringify({ granted: ['archives-show', 'nope'], version: i % 2 }),
    { headers: json, json: true }),
  (i) => admin.post('/admin/users/1002/analytics/licenses', { level: 'L1', total: String(4 + (i % 2)) }),
  (i) => admin.post('/admin/users/1002/analytics/licenses', JSON.stringify({ level: 'L9', total: -1 }), { headers: json }),
  () => operator.post('/admin/users/1002/analytics/licenses', { level: 'L1', total: '4' }),
];

const requests = [
  (i) => (i % 3 ? admin : operator).get(paths[i % paths.length], { json: i % 5 === 0 }),
  (i) => raw(paths[i % paths.length]), // no session: 401 / redirect
  (i) => (i % 3 ? subscriber : support).get(appPaths[i % appPaths.length], { json: i % 4 === 0 }),
  (i) => raw(appPaths[i % appPaths.length]), // no session: redirect to the web client sign-in
  // Log in as User: a link, used (a session each), or refused without CSRF
  async (i) => (i % 2 ? useLink(await loginAsLink(admin, 1001 + (i % 4)))
    : admin.post('/admin/users/1001/login-as', {}, { csrf: false })),
  (i) => i % 3 === 0 // Synchronize cameras (with and without the CSRF token; a deleted user)
    ? admin.post(`/admin/users/${i % 9 === 0 ? 1005 : 1004}/sync-cameras`, null, { csrf: i % 2 === 0, json: true })
    : admin.post('/admin/users/1001/header', { x: String(i) }, { csrf: i % 2 === 0 }),
  (i) => posts[Math.floor(i / 10) % posts.length](i),
  (i) => raw('/billing/v1/events', { method: 'POST', body: `{"request_id":"load-${i}"}`,
    headers: { 'content-type': 'application/json', 'x-billing-signature': 'sha256=00' } }),
  // signed: recorded as failed (unknown account); 64 request ids, so most are repeats
  (i) => {
    const body = `{"request_id":"load-s-${i % 64}","type":"billing.pause_entity","account":"ACC-LOAD"}`;
    return raw('/billing/v1/events', { method: 'POST', body,
      headers: { 'content-type': 'application/json', 'x-billing-signature': sign(body) } });
  },
];

// which of the requests above each i sends (by i % 20): mostly pages, some of everything else
const schedule = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 2, 2, 3, 4, 5, 5, 6, 6, 7];

let done = 0, bad = 0;
async function worker(id) {
  for (let i = id; i < total; i += 4) {
    const pick = schedule[i % schedule.length];
    try {
      const res = await requests[pick](i);
      await res.arrayBuffer();
      if (res.status >= 500) { bad++; console.error(`${res.status} for request ${i} (${pick})`); }
    } catch (e) {
      bad++; console.error(`request ${i}: ${e.message}`);
    }
    done++;
  }
}
// a handful of failed sign-ins (Argon2id is slow on purpose)
for (let i = 0; i < 5; i++) {
  await signIn(i % 2 ? 'nobody' : 'operator', 'wrong-password').catch(() => {});
  await appLogin(i % 2 ? 'nobody' : 'alexei.volkov', 'wrong-password');
}
await Promise.all([0, 1, 2, 3].map(worker));
console.log(`${done} requests, ${bad} failed`);
process.exit(bad ? 1 : 0);
