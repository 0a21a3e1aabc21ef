// catalogue.test.mjs — the permission catalogue and the defaults per kind of user are product
// data: a database built by sql/migrate.sh alone (no demo) holds them, and a user created via
// billing gets its kind's defaults in the same transaction.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { userInfo } from 'node:os';
import path from 'node:path';
import { sql, TOP, VAR } from './helpers.mjs';
import { Run } from './billing-helpers.mjs';

const FRESH = `vmsadmin_fresh_${process.pid}`;
const client = ['--no-defaults', '-S', path.join(VAR, 'run/mysqld.sock'), '-u', userInfo().username];
const run = new Run('cat');

function fresh(query) {
  const r = spawnSync('mariadb', [...client, '-N', '-B', FRESH, '-e', query], { encoding: 'utf8', timeout: 30000 });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.split('\n').filter(Boolean).map((l) => l.split('\t'));
}

before(() => {
  sql(`DROP DATABASE IF EXISTS ${FRESH}; CREATE DATABASE ${FRESH} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  const r = spawnSync(path.join(TOP, 'sql/migrate.sh'), [FRESH, ...client], { encoding: 'utf8', timeout: 120000 });
  if (r.status !== 0) throw new Error(`migrate.sh failed: ${r.stderr}`);
});
after(() => {
  sql(`DROP DATABASE IF EXISTS ${FRESH}`);
  run.cleanup();
});

test('a database built from the migrations alone holds the 35 permissions and the 3 levels', () => {
  assert.equal(fresh('SELECT COUNT(*) FROM users')[0][0], '0', 'no demo data');
  assert.deepEqual(fresh('SELECT code FROM analytics_levels ORDER BY id').flat(), ['L1', 'L2', 'L3']);
  const perms = fresh('SELECT p.code, p.group_name, COALESCE(l.code, \'-\') FROM permissions p LEFT JOIN analytics_levels l ON l.id = p.level_id ORDER BY p.sort_order');
  assert.equal(perms.length, 35);
  assert.deepEqual(perms[0], ['archives-show', 'Archive', '-']);
  assert.deepEqual(perms.find((p) => p[0] === 'subusers-manage'), ['subusers-manage', 'Sub-users', '-']);
  assert.deepEqual(perms.filter((p) => p[2] !== '-').map((p) => p[2]),
    ['L1', 'L1', 'L1', 'L1', 'L1', 'L2', 'L2', 'L3', 'L3', 'L3']);
  // the same catalogue as the instance the other tests use
  assert.deepEqual(perms.map((p) => p[0]), sql('SELECT code FROM permissions ORDER BY sort_order').flat());
});

test('it holds defaults for each kind of user, none of them analytics', () => {
  const rows = fresh(`SELECT d.kind, p.code FROM permission_defaults d JOIN permissions p ON p.id = d.permission_id
                      ORDER BY d.kind, p.sort_order`);
  const of = (kind) => rows.filter((r) => r[0] === kind).map((r) => r[1]);
  assert.deepEqual(of('billing'), ['archives-show', 'archives-download', 'archives-preview-download',
    'camera-events-index', 'groups-index', 'groups-store', 'groups-rename', 'groups-destroy',
    'groups-cameras-attach', 'groups-cameras-detach', 'layouts-index', 'layouts-store', 'layouts-rename',
    'layouts-destroy', 'layouts-cameras-attach', 'layouts-cameras-detach', 'intercoms-index', 'intercoms-open-door']);
  assert.ok(of('admin').length > 0);
  assert.ok(of('subuser').length > 0);
  assert.ok(!rows.some((r) => r[1].startsWith('analytic-cases-')));
});

test('a user created via billing starts with the billing defaults', async () => {
  const id = await run.newUser('-defaults');
  const got = sql(`SELECT p.code FROM user_permissions up JOIN permissions p ON p.id = up.permission_id
                   WHERE up.user_id = ${id} ORDER BY p.sort_order`).flat();
  const want = sql(`SELECT p.code FROM permission_defaults d JOIN permissions p ON p.id = d.permission_id
                    WHERE d.kind = 'billing' ORDER BY p.sort_order`).flat();
  assert.ok(want.length > 0);
  assert.deepEqual(got, want);
});
