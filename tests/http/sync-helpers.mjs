// sync-helpers.mjs — what the Synchronize cameras tests share: a local HTTP receiver standing in
// for the users' desktop and mobile apps (Node's http module; each path answers as planned),
// test users with environments pointing at it (made and removed with SQL), the sync secret, and
// waiting for a job to settle by polling the JSON the header polls.
import http from 'node:http';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql, VAR } from './helpers.mjs';

/** The key the delivery process signs with: the environment's, else the instance's file. */
export function syncSecret() {
  return process.env.VMSADMIN_SYNC_SECRET ?? readFileSync(path.join(VAR, 'sync-secret'), 'utf8').trim();
}

/** A [sync] setting of the instance's configuration, as a number. */
export function syncSetting(key) {
  const ini = readFileSync(path.join(VAR, 'vmsadmin.ini'), 'utf8');
  const section = ini.split(/^\[sync\]$/m)[1] ?? '';
  const m = new RegExp(`^${key}\\s*=\\s*(\\d+)`, 'm').exec(section);
  if (!m) throw new Error(`no [sync] ${key} in the configuration`);
  return Number(m[1]);
}

/** True when sig is "sha256=<hex HMAC-SHA256 of body>" under the sync secret. */
export function validSignature(body, sig) {
  return sig === 'sha256=' + createHmac('sha256', syncSecret()).update(body).digest('hex');
}

/** The receiver: records every push; a path answers the statuses planned for it in turn
 *  (a number, or 'hang': never answer), then 200. */
export class Receiver {
  constructor() {
    this.requests = [];
    this.plans = new Map();
    this.hung = [];
  }

  async start() {
    this.server = http.createServer((req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let json = null;
        try { json = JSON.parse(body); } catch { /* recorded as it came */ }
        const sig = req.headers['x-sync-signature'];
        this.requests.push({ path: req.url, key: req.headers['idempotency-key'], sig, body, json,
          signed: validSignature(body, sig), agent: req.headers['user-agent'] });
        const plan = this.plans.get(req.url) ?? [];
        const next = plan.length ? plan.shift() : 200;
        if (next === 'hang') {
          this.hung.push(res);
          return;
        }
        res.writeHead(next, { 'content-type': 'application/json' });
        res.end(next < 300 ? '{"ok":true}' : '{"error":"planned"}');
      });
    });
    await new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = this.server.address().port;
    return this;
  }

  url(p) { return `http://127.0.0.1:${this.port}${p}`; }
  plan(p, answers) { this.plans.set(p, [...answers]); }
  at(p) { return this.requests.filter((r) => r.path === p); }

  async close() {
    for (const res of this.hung) res.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

/** A port nothing listens on (a receiver that is down). */
export async function deadPort() {
  const s = http.createServer();
  await new Promise((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address();
  await new Promise((resolve) => s.close(resolve));
  return port;
}

const tag = randomBytes(4).toString('hex');
let made = 0;

/** A test user (admin-created, active) with environments [{kind, label, url}] and cameras
 *  (ids of demo cameras). Returns { id, envs: [env ids in the order given] }. */
export function makeUser({ envs = [], cameras = [], status = 'active' } = {}) {
  const n = ++made;
  const [[id]] = sql(`INSERT INTO users (origin, username, login, status)
    VALUES ('admin', 'Sync test ${tag}-${n}', 'sync.t.${tag}.${n}', '${status}'); SELECT LAST_INSERT_ID()`);
  const ids = envs.map((e) => sql(`INSERT INTO user_environments (user_id, kind, label, push_url)
    VALUES (${id}, '${e.kind}', '${e.label ?? e.kind}', ${e.url ? `'${e.url}'` : 'NULL'}); SELECT LAST_INSERT_ID()`)[0][0]);
  if (cameras.length) sql(`INSERT INTO user_cameras (user_id, camera_id) VALUES ${cameras.map((c) => `(${id}, ${c})`).join(', ')}`);
  return { id: Number(id), envs: ids.map(Number) };
}

/** Remove every test user of this file with what hangs on them (jobs, environments, audit). */
export function removeUsers() {
  sql(`DELETE FROM audit_log WHERE user_id IN (SELECT id FROM users WHERE login LIKE 'sync.t.${tag}.%');
       DELETE FROM users WHERE login LIKE 'sync.t.${tag}.%'`);
}

/** Poll job id of user until fn(job) holds (default: settled), through the header's JSON. */
export async function waitJob(client, user, id, fn = (j) => j.state === 'done' || j.state === 'failed', what = 'the job to settle') {
  const deadline = Date.now() + 90000;
  for (;;) {
    const res = await client.getJson(`/admin/users/${user}/sync-cameras/${id}`);
    if (res.status === 200 && fn(res.body)) return res.body;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(res.body)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Poll until fn() is true (a state to reach, never a time to wait). */
export async function until(what, fn) {
  const deadline = Date.now() + 90000;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
