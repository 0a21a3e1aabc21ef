// host-kill.test.mjs — one app host's programs killed at once (SIGKILL to every supervisor and
// its workers, as a host losing power) under a load of page reads and billing requests: nginx
// moves everything to the other host. No request is answered 5xx except those in flight at
// the kill (a request is in flight when it was sent before the kill ended and answered after
// it began); the host, started again, serves again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { BASE, signIn } from '../http/helpers.mjs';
import { sign, WEBHOOK } from '../http/billing-helpers.mjs';
import { DOORS, cluster, clusterAsync, nodeSql, request, until, figure } from './cluster-helpers.mjs';

const tag = randomBytes(4).toString('hex');
const ACCOUNT = `ACC-HK-${tag}`;

before(() => nodeSql(3, `INSERT INTO users (origin, billing_id, username, login) VALUES ('billing', '${ACCOUNT}', 'Host kill', 'hk.${tag}')`));
after(() => nodeSql(3, `DELETE FROM billing_events WHERE request_id LIKE 'hostkill-${tag}-%';
  DELETE FROM users WHERE billing_id = '${ACCOUNT}'`));

test('app host a killed under load: nginx moves to b, only requests in flight at the kill fail', async () => {
  const admin = await signIn('admin');
  const cookie = { cookie: `vms_session=${admin.session}`, accept: 'application/json' };
  const reads = ['/admin/users/1001/header', '/admin/users/1001/cameras', '/admin/users/1001/billing-events', '/admin/users'];
  const log = [];
  let n = 0, kill = null, after = 0;
  const one = async () => {
    const i = n++;
    const started = Date.now();
    let res;
    if (i % 4 === 3) { // a billing request: not repeated by nginx once sent
      const body = JSON.stringify({ request_id: `hostkill-${tag}-${i}`, type: i % 8 === 3 ? 'billing.pause_entity' : 'billing.unpause_entity', account: ACCOUNT, data: {} });
      res = await request(BASE + WEBHOOK, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-billing-signature': sign(body) } });
    } else {
      res = await request(BASE + reads[i % 4], { headers: cookie });
    }
    log.push({ i, started, ended: Date.now(), status: res.status });
    if (kill?.ended && started > kill.ended) after++;
  };
  const client = async () => { while (after < 400) await one(); };
  const load = Promise.all(Array.from({ length: 6 }, client));
  await until('some load before the kill', () => log.length >= 200);
  kill = { started: Date.now() };
  await clusterAsync('host-kill', 'a');
  kill.ended = Date.now();
  await load;

  const failed = log.filter((r) => r.status >= 500 || r.status === 0);
  const inFlight = (r) => r.started <= kill.ended && r.ended >= kill.started;
  figure(`app host a killed (SIGKILL) under load: ${log.length} requests, ${log.filter((r) => r.started > kill.ended).length} after the kill all through host b; ${failed.length} answered 5xx${failed.length ? ` (${failed.filter(inFlight).length} of them in flight at the kill)` : ''}`);
  assert.deepEqual(failed.filter((r) => !inFlight(r)), [], 'no 5xx but for requests in flight at the kill');
  assert.ok(log.filter((r) => r.started > kill.ended).every((r) => r.status === 200), 'after the kill, everything answered');
  assert.equal((await request(`${DOORS.a}/healthz`)).status, 503, 'host a is down: its door answers 503');

  cluster('host-start', 'a');
  const back = await request(`${DOORS.a}/admin/users/1001/header`, { headers: cookie });
  assert.equal(back.status, 200, 'host a serves again');
});
