// retention.test.mjs — purge_expired() (sql/003_purge.sql), which the server's event scheduler
// runs hourly: deleted users go 30 days after deletion with their sub-users, events and logs;
// analytics cases of a level without licences go after 7 days. Uses its own rows (9950xx).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from './helpers.mjs';

const cleanup = () => sql(`
  DELETE FROM billing_events WHERE request_id LIKE 'retention-%';
  DELETE FROM audit_log WHERE action = 'test.retention';
  DELETE FROM analytics_cases WHERE user_id BETWEEN 995001 AND 995009;
  DELETE FROM users WHERE id BETWEEN 995001 AND 995009 AND parent_id IS NOT NULL;
  DELETE FROM users WHERE id BETWEEN 995001 AND 995009;`);

before(() => {
  cleanup();
  sql(`
    INSERT INTO users (id, parent_id, origin, billing_id, username, login, status, deleted_at) VALUES
      (995001, NULL, 'billing', 'ACC-RET-1', 'Gone', 'ret.gone', 'terminated', NOW() - INTERVAL 31 DAY),
      (995002, 995001, 'subuser', NULL, 'Gone child', 'ret.gone.child', 'terminated', NOW() - INTERVAL 31 DAY),
      (995003, NULL, 'billing', 'ACC-RET-3', 'Recent', 'ret.recent', 'terminated', NOW() - INTERVAL 29 DAY),
      (995004, NULL, 'billing', 'ACC-RET-4', 'Licensed', 'ret.licensed', 'active', NULL);
    INSERT INTO billing_events (request_id, user_id, account, type, payload, result) VALUES
      ('retention-1', 995001, 'ACC-RET-1', 'billing.terminate_entity', '{}', 'applied'),
      ('retention-3', 995003, 'ACC-RET-3', 'billing.terminate_entity', '{}', 'applied');
    INSERT INTO audit_log (admin_id, user_id, action) VALUES (1, 995002, 'test.retention'), (1, 995003, 'test.retention');
    INSERT INTO user_licenses (user_id, level_id, total, revoked_at) VALUES
      (995004, 1, 0, NOW() - INTERVAL 6 DAY), (995004, 2, 0, NOW() - INTERVAL 8 DAY), (995004, 3, 5, NULL);
    INSERT INTO analytics_cases (id, user_id, name, permission_id) VALUES
      (995101, 995004, 'L1 case', (SELECT id FROM permissions WHERE level_id = 1 LIMIT 1)),
      (995102, 995004, 'L2 case', (SELECT id FROM permissions WHERE level_id = 2 LIMIT 1)),
      (995103, 995004, 'L3 case', (SELECT id FROM permissions WHERE level_id = 3 LIMIT 1));`);
  sql('CALL purge_expired()');
});

after(cleanup);

const ids = (q) => sql(q).flat().map(Number).sort((a, b) => a - b);

test('a user deleted over 30 days ago is purged with its sub-users', () => {
  assert.deepEqual(ids('SELECT id FROM users WHERE id IN (995001, 995002)'), []);
});

test('a user deleted under 30 days ago stays, marked deleted', () => {
  assert.deepEqual(ids('SELECT id FROM users WHERE id = 995003 AND deleted_at IS NOT NULL'), [995003]);
});

test("the purged users' billing events and audit rows go too; the recent one's stay", () => {
  assert.deepEqual(sql("SELECT request_id FROM billing_events WHERE request_id LIKE 'retention-%'").flat(), ['retention-3']);
  assert.deepEqual(ids("SELECT user_id FROM audit_log WHERE action = 'test.retention'"), [995003]);
});

test('analytics cases go after 7 days without a licence of their level, not before', () => {
  assert.deepEqual(ids('SELECT id FROM analytics_cases WHERE user_id = 995004'), [995101, 995103]);
});

test('live demo users are untouched by the purge', () => {
  assert.deepEqual(ids('SELECT id FROM users WHERE id IN (1001, 1005, 2004)'), [1001, 1005, 2004]);
});

test('the server runs the purge every hour', () => {
  const rows = sql("SELECT interval_value, interval_field, status FROM information_schema.events WHERE event_name = 'purge_expired_hourly'");
  assert.deepEqual(rows, [['1', 'HOUR', 'ENABLED']]);
});

test('the hourly run claims its hour first: a second run within it purges nothing', () => {
  const runs = () => Number(sql("SELECT runs FROM job_runs WHERE name = 'purge_expired'")[0][0]);
  const [[body]] = sql("SELECT event_definition FROM information_schema.events WHERE event_name = 'purge_expired_hourly'");
  assert.match(body, /CALL purge_hourly\(\)/, 'the event runs the claimed purge');
  try {
    sql(`UPDATE job_runs SET started_at = NULL WHERE name = 'purge_expired';
      INSERT INTO users (id, origin, username, login, status, deleted_at)
      VALUES (995005, 'admin', 'Gone too', 'ret.gone.too', 'terminated', NOW() - INTERVAL 31 DAY)`);
    const before = runs();
    sql('CALL purge_hourly()');
    assert.equal(runs(), before + 1, 'the first run of the hour runs');
    assert.deepEqual(ids('SELECT id FROM users WHERE id = 995005'), [], 'and purges');
    assert.deepEqual(sql("SELECT finished_at IS NOT NULL FROM job_runs WHERE name = 'purge_expired'"), [['1']]);
    sql(`INSERT INTO users (id, origin, username, login, status, deleted_at)
      VALUES (995006, 'admin', 'Gone later', 'ret.gone.later', 'terminated', NOW() - INTERVAL 31 DAY)`);
    sql('CALL purge_hourly()');
    assert.equal(runs(), before + 1, 'a second run within the hour does nothing');
    assert.deepEqual(ids('SELECT id FROM users WHERE id = 995006'), [995006]);
    sql('CALL purge_expired()');
    assert.deepEqual(ids('SELECT id FROM users WHERE id = 995006'), [], 'by hand, purge_expired() purges at once');
  } finally {
    sql('DELETE FROM users WHERE id IN (995005, 995006)');
  }
});
