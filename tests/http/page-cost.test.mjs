// page-cost.test.mjs — what a page costs the database, counted by MariaDB itself (never by a
// clock): every list query reads at most one page of rows, whatever the user's number of rows,
// in every order, filter and direction and at any depth (Handler_read_* while one page is
// answered, for a user with 2,000 of everything); and once a worker knows the session, the
// header, the directory, Billing Events and Cameras each answer in one statement (Questions).
// Adds user 990701 (2,000 cameras 720001..722000, operator granted the even ones; 2,000
// billing events; 2,000 audit rows; 300 apartments of intercom 990701; 2,000 sub-users
// 993001..995000) and 2,000 directory users 990801..992800; removes them
// afterwards.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { signIn, sql, handlerReads, makeCursor, SERVERS } from './helpers.mjs';
import { impersonate } from './client-helpers.mjs';

const BIG = 990701;
const N = 2000;
/** What one page of 25 may read: the page and the row beyond it, each with what it joins (its
 *  location, its scope, its keys), the head, the session guard. A read of every row of the
 *  user would be N and more. */
const PAGE_READS = 250;
const WORKERS = Number(process.env.WORKERS ?? 2);

let admin, operator;

function cleanUp() {
  sql(`DELETE FROM cameras WHERE id BETWEEN 720001 AND 722000;
       DELETE FROM billing_events WHERE request_id LIKE 'cost-%';
       DELETE FROM audit_log WHERE user_id = ${BIG};
       DELETE FROM intercoms WHERE id = ${BIG};
       DELETE FROM users WHERE parent_id = ${BIG};
       DELETE FROM users WHERE id = ${BIG} OR id BETWEEN 990801 AND 992800;
       ALTER TABLE cameras AUTO_INCREMENT = 1`);
}

before(async () => {
  admin = await signIn('admin');
  operator = await signIn('operator');
  cleanUp();
  sql(`INSERT INTO users (id, origin, billing_id, username, login, status, created_at)
         VALUES (${BIG}, 'billing', 'ACC-COST', 'Costly user', 'cost.user', 'active', '2001-01-01');
       INSERT INTO cameras (id, name, status, location_id, created_at)
         SELECT 720000 + seq, CONCAT('Cost ', LPAD(seq MOD 700, 3, '0')),
                ELT(1 + seq MOD 4, 'active', 'partially_active', 'inactive', 'empty'),
                IF(seq MOD 3 = 0, NULL, 1 + seq MOD 8), '2001-01-01'
         FROM seq_1_to_${N};
       INSERT INTO user_cameras (user_id, camera_id) SELECT ${BIG}, 720000 + seq FROM seq_1_to_${N};
       INSERT INTO admin_cameras (admin_id, camera_id) SELECT 2, 720000 + seq FROM seq_2_to_${N}_step_2;
       INSERT INTO billing_events (request_id, user_id, camera_id, account, type, payload, result, created_at)
         SELECT CONCAT('cost-', seq), ${BIG}, IF(seq MOD 3 = 0, 720000 + seq, NULL), 'ACC-COST',
                ELT(1 + seq MOD 3, 'billing.pause_entity', 'billing.unpause_entity', 'billing.attach_camera'),
                '{}', 'applied', NOW() - INTERVAL (${N} - seq) MINUTE
         FROM seq_1_to_${N};
       INSERT INTO audit_log (admin_id, user_id, action, detail, created_at)
         SELECT 1 + seq MOD 2, ${BIG}, IF(seq MOD 2, 'user.permissions', 'user.licences'), CONCAT('change ', seq),
                NOW() - INTERVAL (${N} - seq) MINUTE FROM seq_1_to_${N};
       INSERT INTO intercoms (id, name, address, department) VALUES (${BIG}, 'Cost gate', 'Cost st. 1', '1');
       INSERT INTO apartments (intercom_id, number) SELECT ${BIG}, seq FROM seq_1_to_300;
       INSERT INTO apartment_users (apartment_id, user_id) SELECT id, ${BIG} FROM apartments WHERE intercom_id = ${BIG};
       INSERT INTO user_permissions (user_id, permission_id) SELECT ${BIG}, id FROM permissions WHERE code IN ('intercoms-index', 'subusers-manage');
       INSERT INTO users (id, parent_id, origin, username, login, status, created_at)
         SELECT 993000 + seq, ${BIG}, 'subuser', CONCAT('Cost sub ', LPAD(seq MOD 700, 3, '0')),
                CONCAT('cost.sub.', seq), ELT(1 + seq MOD 3, 'active', 'paused', 'terminated'),
                '2001-01-01' + INTERVAL seq MINUTE
         FROM seq_1_to_${N};
       INSERT INTO users (id, origin, username, login, status, created_at)
         SELECT 990800 + seq, 'admin', CONCAT('Cost ', seq), CONCAT('cost.', seq), 'active', '2000-01-01'
         FROM seq_1_to_${N}`);
});

after(cleanUp);

/** Rows MariaDB read while client answered path (200 expected): the fewer of two answers, as
 *  the counters are the server's and another client of the instance (the delivery process of
 *  Synchronize cameras polls) can add to one; a page that reads too much does it both times. */
async function readsOf(client, path) {
  const once = async () => {
    let status;
    const reads = await handlerReads(async () => {
      const res = await client.get(path, { json: !path.includes('format=csv') });
      status = res.status;
      await res.arrayBuffer();
    });
    assert.equal(status, 200, path);
    return reads;
  };
  return Math.min(await once(), await once());
}

/** A cursor into the middle of the Cameras tab of BIG, under sort and dir (and status). */
function camerasCursor(sort, dir, status) {
  const keyOf = { id: 'uc.camera_id', name: 'uc.cam_name', status: 'uc.cam_status - 1', location: 'uc.cam_address' };
  const [[id, key]] = sql(`SELECT uc.camera_id, ${keyOf[sort]} FROM user_cameras uc WHERE uc.user_id = ${BIG}
    ${status ? `AND uc.cam_status = ${['active', 'partially_active', 'inactive', 'empty'].indexOf(status) + 1}` : ''}
    ORDER BY ${keyOf[sort]} ${dir}, uc.camera_id ${dir} LIMIT 1 OFFSET 300`);
  const filter = [['id', String(BIG)], ...(status ? [['status', status]] : [])];
  return makeCursor({ list: 'cameras', sort, dir, filter, id: Number(id), key });
}

test('the Cameras tab reads one page in every order, direction and status filter, at any depth', async () => {
  for (const sort of ['id', 'name', 'status', 'location'])
    for (const dir of ['asc', 'desc'])
      for (const status of ['', 'inactive']) {
        const q = `sort=${sort}&dir=${dir}${status ? `&status=${status}` : ''}`;
        for (const at of ['', `&after=${camerasCursor(sort, dir, status)}`]) {
          const path = `/admin/users/${BIG}/cameras?${q}${at}`;
          const reads = await readsOf(admin, path);
          assert.ok(reads < PAGE_READS, `${path}: ${reads} rows read`);
        }
      }
});

test('an ordinary admin\'s Cameras tab reads one page too, its counts included', async () => {
  for (const q of ['', '?sort=name', '?status=active&sort=location&dir=desc']) {
    const reads = await readsOf(operator, `/admin/users/${BIG}/cameras${q}`);
    assert.ok(reads < PAGE_READS, `${q}: ${reads} rows read`);
  }
  const body = (await operator.getJson(`/admin/users/${BIG}/cameras`)).body;
  const mine = Object.fromEntries(['active', 'partially_active', 'inactive', 'empty'].map((s) => [s,
    Number(sql(`SELECT COUNT(*) FROM user_cameras uc JOIN admin_cameras ac ON ac.camera_id = uc.camera_id AND ac.admin_id = 2
      JOIN cameras c ON c.id = uc.camera_id WHERE uc.user_id = ${BIG} AND c.status = '${s}'`)[0][0])]));
  assert.deepEqual(body.counts, mine);
  assert.equal(body.outside_scope, N / 2);
});

test('a search by camera ID reads the one camera', async () => {
  const reads = await readsOf(admin, `/admin/users/${BIG}/cameras?q=721234`);
  assert.ok(reads < 40, `${reads} rows read`);
  const body = (await admin.getJson(`/admin/users/${BIG}/cameras?q=721234&status=active`)).body;
  assert.deepEqual(body.items, []);
  assert.deepEqual(body.counts, { active: 0, partially_active: 0, inactive: 1, empty: 0 });
});

test('a search by name reads at most one pass over the user\'s cameras for the page, and one for its counts', async () => {
  const reads = await readsOf(admin, `/admin/users/${BIG}/cameras?q=Cost%2000`);
  assert.ok(reads < 2 * N + PAGE_READS, `${reads} rows read`);
  const body = (await admin.getJson(`/admin/users/${BIG}/cameras?q=Cost%2000`)).body;
  const [[matching]] = sql(`SELECT COUNT(*) FROM user_cameras uc JOIN cameras c ON c.id = uc.camera_id
    WHERE uc.user_id = ${BIG} AND c.name LIKE '%Cost 00%'`);
  assert.equal(Object.values(body.counts).reduce((a, b) => a + b, 0), Number(matching));
});

test('Billing Events read one page, all or of one type, at any depth', async () => {
  const [[deep]] = sql(`SELECT id FROM billing_events WHERE user_id = ${BIG} ORDER BY id DESC LIMIT 1 OFFSET 1500`);
  const cursor = makeCursor({ list: 'billing-events', sort: 'id', dir: 'desc', filter: [['id', String(BIG)]], id: Number(deep) });
  for (const q of ['', '?type=billing.attach_camera', `?after=${cursor}`, '?dir=asc']) {
    const path = `/admin/users/${BIG}/billing-events${q}`;
    const reads = await readsOf(operator, path);
    assert.ok(reads < PAGE_READS, `${path}: ${reads} rows read`);
  }
  const reads = await readsOf(admin, '/admin/billing-events?account=ACC-COST');
  assert.ok(reads < PAGE_READS, `every request of one account: ${reads} rows read`);
});

test('the Audit tab and the Intercoms tab read one page', async () => {
  for (const path of [`/admin/users/${BIG}/audit`, `/admin/users/${BIG}/audit?action=user.licences`,
    `/admin/users/${BIG}/intercoms`, `/admin/audit?admin=2`]) {
    const reads = await readsOf(admin, path);
    assert.ok(reads < PAGE_READS, `${path}: ${reads} rows read`);
  }
});

/** [path, rows read] for the page of path and for the page ten pages on (its cursor followed). */
async function readsFirstAndDeep(client, path) {
  const out = [[path, await readsOf(client, path)]];
  let next = (await client.getJson(path)).body.next;
  for (let i = 1; i < 10; i++) next = (await client.getJson(`${path}&after=${next}`)).body.next;
  assert.ok(next, `${path}: ten pages on`);
  const deep = `${path}&after=${next}`;
  out.push([deep, await readsOf(client, deep)]);
  return out;
}

test('the Sub-users tab reads one page in every order and direction, at any depth', async () => {
  for (const sort of ['id', 'name', 'login', 'created_at', 'status'])
    for (const dir of ['asc', 'desc']) {
      const path = `/admin/users/${BIG}/subusers?sort=${sort}&dir=${dir}`;
      for (const [at, reads] of await readsFirstAndDeep(admin, path))
        assert.ok(reads < PAGE_READS, `${at}: ${reads} rows read`);
    }
});

test('the web client\'s My cameras and My intercoms read one page', async () => {
  const app = await impersonate(admin, BIG);
  for (const path of ['/app/cameras?sort=name', '/app/cameras?sort=id&dir=desc', '/app/intercoms']) {
    const reads = await readsOf(app, path);
    assert.ok(reads < PAGE_READS, `${path}: ${reads} rows read`);
  }
});

test('the directory reads one page; its count, capped at 1,000+, is read once a minute per worker', async () => {
  const all = [];
  for (let i = 0; i < 3 * WORKERS; i++) all.push(await readsOf(admin, '/admin/users'));
  const pages = all.filter((r) => r < PAGE_READS);
  assert.ok(pages.length >= 2 * WORKERS, `rows read per load: ${all.join(', ')}`);
  assert.ok(all.every((r) => r < 2 * 1001 + PAGE_READS), `rows read per load: ${all.join(', ')}`);
  const { body } = await admin.getJson('/admin/users');
  assert.deepEqual([body.total, body.total_capped], [1000, true]);
});

/** The statements the server was sent while fn ran (Questions), less what asking costs. Other
 *  clients of the instance (the delivery process of Synchronize cameras polls) add to some. */
async function statements(fn) {
  const count = () => Number(sql("SHOW GLOBAL STATUS LIKE 'Questions'")[0][1]);
  const a = count(), b = count();
  await fn();
  const c = count();
  return (c - b) - (b - a);
}

/* On a cluster each request also makes its causal wait (README, Scaling out), on whichever node
 * its worker is connected to: the count is one server's, of one request's statements. */
test('once a worker knows the session, the header, directory, Billing Events and Cameras each take one statement',
  { skip: SERVERS.length > 1 && 'a cluster: a request is spread over nodes and starts with its causal wait' }, async () => {
  for (const path of [`/admin/users/${BIG}/header`, '/admin/users', `/admin/users/${BIG}/billing-events`,
    `/admin/users/${BIG}/cameras`, `/admin/users/${BIG}/cameras?sort=name&status=empty`]) {
    for (let i = 0; i < 4 * WORKERS; i++) assert.equal((await admin.get(path)).status, 200); /* every worker knows it */
    const each = [];
    for (let i = 0; i < 12; i++)
      each.push(await statements(async () => assert.equal((await admin.get(path, { json: true })).status, 200)));
    /* most take one; a few meet a worker checking the session in full again, or the poll */
    assert.ok(each.filter((n) => n === 1).length >= 8, `${path}: statements per page ${each.join(', ')}`);
  }
});
