// node-kill.test.mjs — a Galera node killed with SIGKILL in the middle of a billing load. Clients
// send 1,200 distinct signed requests, several at a time, and send a request again when it is
// answered 503 (or the connection fails), as a billing system does; a reader keeps reading a
// Billing Events tab meanwhile. Node 1 (app host a's first server) is killed a third of the way
// through. Afterwards every request id has exactly one row on each surviving node, every request
// answered 200 is among them, every read was answered, and node 1, started again, rejoins by
// IST (incremental: only what it missed) and holds the same rows. The figures — requests sent,
// retried, lost, duplicated, the longest gap between two answered reads — go to the run's end.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { BASE, VAR, signIn } from '../http/helpers.mjs';
import { sign, WEBHOOK } from '../http/billing-helpers.mjs';
import { cluster, nodeSql, nodeLog, nodeStatus, sizeOf, since, until, request, figure } from './cluster-helpers.mjs';

const N = 1200, CLIENTS = 8, ACCOUNTS = 6, KILLED = 1, SURVIVORS = [2, 3];
const tag = randomBytes(4).toString('hex');
const account = (k) => `ACC-L-${tag}-${k}`;
const rid = (i) => `load-${tag}-${i}`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let uids;

before(() => {
  const values = Array.from({ length: ACCOUNTS }, (_, k) =>
    `('billing', '${account(k)}', 'Load ${k}', 'load.${tag}.${k}')`).join(', ');
  nodeSql(3, `INSERT INTO users (origin, billing_id, username, login) VALUES ${values}`);
  uids = nodeSql(3, `SELECT id FROM users WHERE billing_id LIKE 'ACC-L-${tag}-%' ORDER BY id`).flat().map(Number);
});
after(() => {
  nodeSql(3, `DELETE FROM billing_events WHERE request_id LIKE 'load-${tag}-%';
    DELETE FROM cameras WHERE external_id LIKE 'CAM-L-${tag}-%';
    DELETE FROM users WHERE billing_id LIKE 'ACC-L-${tag}-%'`);
});

/** Request i: on one of the accounts (so requests on one account meet on different nodes and
 *  conflict), a pause, an unpause or a new camera. */
function body(i) {
  const a = account(i % ACCOUNTS);
  const kind = i % 3;
  const data = kind === 2 ? { external_id: `CAM-L-${tag}-${i}`, name: `Load camera ${i}` } : {};
  return JSON.stringify({ request_id: rid(i), type: ['billing.pause_entity', 'billing.unpause_entity', 'billing.new_camera'][kind], account: a, data });
}

/** Send request i until it is answered other than 503 (a refused connection or nginx's 502/504
 *  counts as 503): at most 600 tries, 100 ms apart. */
async function send(i, stats) {
  const text = body(i);
  for (let t = 0; t < 600; t++) {
    const r = await request(BASE + WEBHOOK, {
      method: 'POST', body: text,
      headers: { 'content-type': 'application/json', 'x-billing-signature': sign(text) },
    });
    if (![0, 502, 503, 504].includes(r.status)) return { status: r.status, repeat: r.headers.get('x-billing-repeat') === 'true', text: r.text };
    stats.retried++;
    await sleep(100);
  }
  return { status: 'gave up' };
}

/** Read a Billing Events tab over and over until stop(); the answered reads' times. */
function reader(admin, uid) {
  const reads = { ok: [], failed: [], running: true };
  reads.done = (async () => {
    while (reads.running) {
      const started = Date.now();
      const res = await admin.get(`/admin/users/${uid}/billing-events?limit=25`, { json: true }).catch((e) => ({ status: String(e) }));
      if (res.status === 200) { await res.text(); reads.ok.push(Date.now()); } else reads.failed.push({ started, status: res.status });
    }
  })();
  return reads;
}

/** The rows per request id of this run on node n. */
function rowsOn(n) {
  const m = new Map();
  for (const [id, count, applied] of nodeSql(n, `SELECT request_id, COUNT(*), SUM(result = 'applied')
      FROM billing_events WHERE request_id LIKE 'load-${tag}-%' GROUP BY request_id`)) m.set(id, { count: Number(count), applied: Number(applied) });
  return m;
}

test('a node killed during a billing load loses no request, duplicates none, the reads go on, and it rejoins by IST', async () => {
  const admin = await signIn('admin');
  const billingLog = path.join(VAR, 'log/billing.log');
  const logFrom = sizeOf(billingLog);
  const stats = { retried: 0 };
  const results = new Array(N);
  const reads = reader(admin, uids[0]);
  const pidFile = path.join(VAR, `node${KILLED}/run/mysqld.pid`);
  const pid = Number(readFileSync(pidFile, 'utf8'));
  let next = 0, answered = 0, killedAt = null;

  const client = async () => {
    while (next < N) {
      const i = next++;
      results[i] = await send(i, stats);
      if (++answered === Math.floor(N / 3)) {
        process.kill(pid, 'SIGKILL');
        killedAt = answered;
      }
    }
  };
  const t0 = Date.now();
  await Promise.all(Array.from({ length: CLIENTS }, client));
  const t1 = Date.now();
  reads.running = false;
  await reads.done;
  assert.equal(killedAt, Math.floor(N / 3), 'node 1 was killed during the load');
  await until('node 1 to be gone', () => { try { process.kill(pid, 0); return false; } catch { return true; } });

  // what became of each request: answered (200; a repeat answers the first one's 200), and
  // its rows on each surviving node — exactly one, applied
  const gaveUp = results.filter((r) => r.status === 'gave up').length;
  const not200 = results.map((r, i) => [i, r]).filter(([, r]) => r.status !== 200 && r.status !== 'gave up');
  const rows = {}, missing = {}, twice = {}, unapplied = {};
  for (const n of SURVIVORS) {
    rows[n] = rowsOn(n);
    missing[n] = []; twice[n] = []; unapplied[n] = [];
    for (let i = 0; i < N; i++) {
      const r = rows[n].get(rid(i));
      if (!r) missing[n].push(i);
      else if (r.count !== 1) twice[n].push(i);
      else if (r.applied !== 1) unapplied[n].push(i);
    }
  }
  const times = [t0, ...reads.ok, t1];
  let gap = 0;
  for (let k = 1; k < times.length; k++) gap = Math.max(gap, times[k] - times[k - 1]);
  const program = since(billingLog, logFrom).split('\n').filter((l) => /running it again/.test(l)).length;
  const repeats = results.filter((r) => r.repeat).length;
  const lost = new Set([...SURVIVORS.flatMap((n) => missing[n]), ...results.flatMap((r, i) => (r.status === 200 ? [] : [i]))]).size;
  const duplicated = new Set(SURVIVORS.flatMap((n) => twice[n])).size;
  figure(`billing load, node ${KILLED} killed (SIGKILL) after ${killedAt} answers: ${N} requests sent by ${CLIENTS} clients in ${((t1 - t0) / 1000).toFixed(1)} s`);
  figure(`  retried: ${stats.retried} sends again after a 503 or no answer (${repeats} answered as a repeat: the first had landed); ${program} transactions run again inside the programs (lost certification or connection)`);
  figure(`  lost: ${lost}; duplicated: ${duplicated} (rows per request id on nodes ${SURVIVORS.join(' and ')})`);
  figure(`  reads: ${reads.ok.length} answered, ${reads.failed.length} failed; longest gap between two answered reads ${(gap / 1000).toFixed(1)} s`);

  assert.equal(gaveUp, 0, 'every request was answered in the end');
  assert.deepEqual(not200.map(([i, r]) => `${i}: ${r.status} ${r.text}`), []);
  for (const n of SURVIVORS) {
    assert.deepEqual(missing[n], [], `node ${n}: no request lost (every 200 is there)`);
    assert.deepEqual(twice[n], [], `node ${n}: none recorded twice`);
    assert.deepEqual(unapplied[n], [], `node ${n}: each applied`);
  }
  assert.deepEqual(reads.failed, [], 'every read answered');

  // node 1 starts again and catches up by IST, from a donor's gcache: no data files copied
  const logAt = sizeOf(nodeLog(KILLED));
  cluster('node-start', String(KILLED));
  const joined = since(nodeLog(KILLED), logAt);
  const ist = /Prepared IST receiver for (\d+)-(\d+)/.exec(joined);
  assert.match(joined, /IST received/, 'node 1 rejoined by incremental state transfer');
  assert.doesNotMatch(joined, /Proceeding with SST/, 'no full state transfer');
  assert.equal(nodeStatus(KILLED, 'wsrep_local_state_comment'), 'Synced');
  assert.equal(nodeStatus(KILLED, 'wsrep_cluster_size'), '3');
  assert.deepEqual([...rowsOn(KILLED).entries()].sort(), [...rows[SURVIVORS[0]].entries()].sort(), 'node 1 holds the same rows');
  figure(`  node ${KILLED} started again: rejoined by IST (${ist ? Number(ist[2]) - Number(ist[1]) + 1 : '?'} transactions it missed), same rows`);
});
