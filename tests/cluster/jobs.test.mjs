// jobs.test.mjs — jobs run once per cluster. The hourly purge: its event is enabled on every
// node (so it survives the loss of any), and when every node fires it at once exactly one runs
// the purge (sql/050_purge_once.sql), the others leave quietly. Synchronize cameras: delivery
// processes on both app hosts, each host on its own node, deliver every job by exactly one
// claim and push it once (FOR UPDATE SKIP LOCKED locks only on one node; across nodes the
// claim's write is certified, so of two claims of one job only one commits).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { VAR, TOP } from '../http/helpers.mjs';
import { Receiver } from '../http/sync-helpers.mjs';
import { NODES, nodeSql, nodeSocket, until, figure } from './cluster-helpers.mjs';

const tag = randomBytes(4).toString('hex');
const SYNC = path.join(path.resolve(TOP, process.env.BIN ?? 'build/cgi-bin'), 'vmsadmin-sync');
let rx;

before(async () => { rx = await new Receiver().start(); });
after(async () => {
  await rx.close();
  nodeSql(3, `DELETE FROM users WHERE login LIKE 'cl.${tag}.%'`);
});

/** CALL on node n as its own client; resolves to { code, stderr }. */
function callOn(n, statement) {
  const child = spawn('mariadb', ['--no-defaults', '-S', nodeSocket(n), '-u', process.env.USER ?? 'root',
    'vmsadmin', '-e', statement], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
}

test('the hourly purge is enabled on every node', () => {
  for (const n of NODES) {
    const rows = nodeSql(n, "SELECT status FROM information_schema.events WHERE event_name = 'purge_expired_hourly'");
    assert.deepEqual(rows, [['ENABLED']], `node ${n}`);
  }
});

test('fired on every node at once, the hourly purge runs exactly once, and each node leaves quietly', async () => {
  const rounds = 10;
  for (let i = 0; i < rounds; i++) {
    // a user deleted 31 days ago, with an event: the run that claims the hour purges it
    nodeSql(3, `INSERT INTO users (origin, username, login, status, deleted_at)
      VALUES ('admin', 'Expired ${i}', 'cl.${tag}.exp${i}', 'terminated', NOW() - INTERVAL 31 DAY);
      INSERT INTO billing_events (request_id, user_id, account, type, payload, result)
      VALUES ('cl-${tag}-exp${i}', LAST_INSERT_ID(), 'ACC-CL', 'billing.terminate_entity', '{}', 'applied');
      UPDATE job_runs SET started_at = NULL WHERE name = 'purge_expired'`);
    const [[before]] = nodeSql(3, "SELECT runs FROM job_runs WHERE name = 'purge_expired'");
    const calls = await Promise.all(NODES.map((n) => callOn(n, 'CALL purge_hourly()')));
    calls.forEach((c, k) => assert.equal(c.code, 0, `node ${k + 1}: ${c.stderr}`));
    const [[runs, node]] = nodeSql(3, "SELECT runs, node FROM job_runs WHERE name = 'purge_expired'");
    assert.equal(Number(runs), Number(before) + 1, `round ${i}: one run (on ${node})`);
    for (const n of NODES) {
      assert.deepEqual(nodeSql(n, `SELECT COUNT(*) FROM users WHERE login = 'cl.${tag}.exp${i}'`), [['0']], `node ${n} purged`);
      assert.deepEqual(nodeSql(n, `SELECT COUNT(*) FROM billing_events WHERE request_id = 'cl-${tag}-exp${i}'`), [['0']]);
    }
  }
  // and within the hour, no node runs it again
  const [[before]] = nodeSql(3, "SELECT runs FROM job_runs WHERE name = 'purge_expired'");
  await Promise.all(NODES.map((n) => callOn(n, 'CALL purge_hourly()')));
  assert.deepEqual(nodeSql(3, "SELECT runs FROM job_runs WHERE name = 'purge_expired'"), [[before]]);
  figure(`hourly purge fired on 3 nodes at once, ${rounds} times: ${rounds} runs`);
});

test('delivery processes on both app hosts deliver every job by exactly one claim, once', async () => {
  const n = 300, like = `cl.${tag}.sync.%`;
  nodeSql(3, `INSERT INTO users (origin, username, login)
      SELECT 'admin', CONCAT('Sync ', seq), CONCAT('cl.${tag}.sync.', seq) FROM seq_1_to_${n};
    INSERT INTO user_environments (user_id, kind, label, push_url)
      SELECT id, 'desktop', 'Cluster app', CONCAT('${rx.url('/cl/')}', id) FROM users WHERE login LIKE '${like}';
    START TRANSACTION;
    INSERT INTO sync_jobs (user_id, admin_id, settings_version) SELECT id, 1, 1 FROM users WHERE login LIKE '${like}';
    INSERT INTO sync_deliveries (job_id, environment_id)
      SELECT j.id, e.id FROM sync_jobs j JOIN user_environments e ON e.user_id = j.user_id
       JOIN users u ON u.id = j.user_id WHERE u.login LIKE '${like}';
    COMMIT`);
  const jobs = nodeSql(3, `SELECT j.id, j.user_id FROM sync_jobs j JOIN users u ON u.id = j.user_id WHERE u.login LIKE '${like}'`)
    .map(([id, user]) => ({ id: Number(id), user: Number(user) }));
  // beside each host's supervised vmsadmin-sync, one more process per host, with its config
  const once = (host) => new Promise((resolve) => {
    const child = spawn(SYNC, ['--config', path.join(VAR, host, 'vmsadmin.ini'), '--once'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('exit', (code) => resolve({ code, stderr }));
  });
  const runs = await Promise.all([once('a'), once('b')]);
  runs.forEach((r) => assert.equal(r.code, 0, r.stderr));
  const ids = jobs.map((j) => j.id).join(',');
  await until('every job to settle', () =>
    Number(nodeSql(3, `SELECT COUNT(*) FROM sync_jobs WHERE id IN (${ids}) AND status IN ('done', 'failed')`)[0][0]) === n);
  assert.deepEqual(nodeSql(3, `SELECT status, claims, COUNT(*) FROM sync_jobs WHERE id IN (${ids}) GROUP BY status, claims`),
    [['done', '1', String(n)]], 'all done, each by exactly one claim');
  const pushes = rx.requests.filter((r) => r.path.startsWith('/cl/'));
  assert.equal(pushes.length, n, 'one push per job, none twice');
  const byPath = new Map(pushes.map((r) => [r.path, r]));
  for (const j of jobs) assert.equal(byPath.get(`/cl/${j.user}`)?.key, String(j.id), `job ${j.id}`);
  const owners = nodeSql(3, `SELECT DISTINCT lease_owner FROM sync_jobs WHERE id IN (${ids})`).flat();
  assert.ok(owners.length >= 2, `several processes took part: ${owners}`);
  const conflicts = [...runs.map((r) => r.stderr)].join('').split('\n').filter((l) => /lost to another/.test(l)).length;
  figure(`${n} sync jobs through ${owners.length} delivery processes on 2 app hosts: each claimed once, pushed once (${conflicts} claims lost a certification and looked again, in the --once processes)`);
});
