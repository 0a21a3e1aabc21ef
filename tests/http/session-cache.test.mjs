// session-cache.test.mjs — a worker answers a GET on a session it checked in full lately, and
// the page's own statement confirms it (lib/session.h): so signing out, the end of a session, its
// idle timeout and a change of its admin's role must still take effect at once in every worker
// that knows the session. Each test first has every worker of the programs it asks see the
// session (several loads of each page), then changes it, then expects every load to say so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { signIn, sql } from './helpers.mjs';

const WORKERS = Number(process.env.WORKERS ?? 2);
/** One page of each program the profile and the directory load, answered under a session. */
const PAGES = ['/admin/users/1001/header', '/admin/users/1001/user', '/admin/users/1001/cameras',
  '/admin/users/1001/billing-events', '/admin/users/1001/intercoms', '/admin/users/1001/audit', '/admin/users'];

/** Load every page often enough that each worker of its program has checked the session. */
async function warm(client, pages = PAGES) {
  for (const p of pages)
    for (let i = 0; i < 4 * WORKERS; i++) assert.equal((await client.get(p)).status, 200, p);
}

/** Every page, several times over: the statuses seen. */
async function statuses(client, pages = PAGES) {
  const seen = new Set();
  for (const p of pages)
    for (let i = 0; i < 2 * WORKERS; i++) {
      const res = await client.get(p);
      seen.add(`${p} ${res.status}`);
    }
  return [...seen];
}

const ended = (p) => (p === '/admin/users' ? 303 : 401);
const hashOf = (client) => createHash('sha256').update(client.session).digest('hex');

test('signing out ends the session at once in every worker that knows it', async () => {
  const client = await signIn('admin');
  await warm(client);
  assert.equal((await client.post('/admin/logout', {})).status, 303);
  assert.deepEqual(await statuses(client), PAGES.map((p) => `${p} ${ended(p)}`));
});

test('a session past its end stops at once, though workers know it', async () => {
  const client = await signIn('admin');
  await warm(client);
  sql(`UPDATE admin_sessions SET expires_at = NOW() - INTERVAL 1 SECOND WHERE token_hash = '${hashOf(client)}'`);
  assert.deepEqual(await statuses(client), PAGES.map((p) => `${p} ${ended(p)}`));
});

test('a session idle longer than the idle timeout stops at once, though workers know it', async () => {
  const client = await signIn('admin');
  await warm(client);
  sql(`UPDATE admin_sessions SET last_seen_at = NOW() - INTERVAL 31 MINUTE WHERE token_hash = '${hashOf(client)}'`);
  assert.deepEqual(await statuses(client), PAGES.map((p) => `${p} ${ended(p)}`));
});

test('a session used again after a pause is answered, and its idle timer refreshed, in a worker that knew it', async () => {
  const client = await signIn('admin');
  await warm(client);
  sql(`UPDATE admin_sessions SET last_seen_at = NOW() - INTERVAL 5 MINUTE WHERE token_hash = '${hashOf(client)}'`);
  assert.deepEqual(await statuses(client), PAGES.map((p) => `${p} 200`));
  const [[age]] = sql(`SELECT TIMESTAMPDIFF(SECOND, last_seen_at, NOW()) FROM admin_sessions WHERE token_hash = '${hashOf(client)}'`);
  assert.ok(Number(age) < 60, `last_seen_at is ${age} s old`);
});

test("an admin's role taken away or given takes effect at once, though workers know the session", async () => {
  const superOnly = ['/admin/billing-events', '/admin/audit'];
  try {
    sql("UPDATE admins SET role = 'superadmin' WHERE login = 'operator'");
    const client = await signIn('operator');
    await warm(client, [...superOnly, '/admin/users/1001/cameras']);
    assert.equal((await client.getJson('/admin/users/1001/cameras')).body.items.length, 12);
    sql("UPDATE admins SET role = 'admin' WHERE login = 'operator'");
    assert.deepEqual(await statuses(client, superOnly), superOnly.map((p) => `${p} 403`));
    for (let i = 0; i < 2 * WORKERS; i++)
      assert.equal((await client.getJson('/admin/users/1001/cameras')).body.items.length, 6, 'the scope again');
    sql("UPDATE admins SET role = 'superadmin' WHERE login = 'operator'");
    assert.deepEqual(await statuses(client, superOnly), superOnly.map((p) => `${p} 200`));
  } finally {
    sql("UPDATE admins SET role = 'admin' WHERE login = 'operator'");
  }
});
