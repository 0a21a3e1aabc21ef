// helpers.mjs — shared helpers for the HTTP tests: a signed-in admin client against the
// private instance that tests/run.sh starts (BASE_URL, VAR), and control of that instance.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const TOP = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BASE = process.env.BASE_URL ?? `http://127.0.0.1:${process.env.PORT ?? 18080}`;
export const VAR = path.resolve(TOP, process.env.VAR ?? 'var/test');

/** The demo password: from the environment, else the instance's credentials file. */
export function demoPassword() {
  if (process.env.VMSADMIN_DEMO_PASSWORD) return process.env.VMSADMIN_DEMO_PASSWORD;
  return readFileSync(path.join(VAR, 'demo-credentials'), 'utf8').split('\n')[0].split(' ')[1];
}

/** Run conf/stack.sh CMD against the test instance (e.g. 'db-stop', 'db-start'). */
export function stack(cmd) {
  const r = spawnSync(path.join(TOP, 'conf/stack.sh'), [cmd], {
    env: { ...process.env, VAR }, encoding: 'utf8', timeout: 120000,
  });
  if (r.status !== 0) throw new Error(`stack.sh ${cmd} failed: ${r.stderr}`);
}

/** The database servers of the instance: its one server, or on the cluster (make cluster-test)
 *  every node ($CLUSTER_SOCKETS). */
export const SERVERS = process.env.CLUSTER_SOCKETS?.split(' ') ?? [path.join(VAR, 'run/mysqld.sock')];

/** Run SQL on the test instance's database as the local superuser (unix-socket auth) — for
 *  setting up or inspecting state — in UTC like the programs' connections. On a Galera cluster it
 *  first waits until its node has applied what any node committed (a causal read, which also
 *  settles the node's own counters; nothing happens on a single server). Returns the rows
 *  as arrays of strings (tab-separated, no header; NULL prints as "NULL"). */
export function sql(query, socket = path.join(VAR, 'run/mysqld.sock')) {
  const r = spawnSync('mariadb', ['--no-defaults', '-S', socket,
    '-u', userInfo().username, '-N', '-B', 'vmsadmin', '-e',
    `SET time_zone = '+00:00'; SET SESSION wsrep_sync_wait = 1; SELECT 1 INTO @caught_up; ${query}`],
  { encoding: 'utf8', timeout: 30000 });
  if (r.status !== 0) throw new Error(`sql failed: ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}

/** The rows MariaDB reads (every Handler_read_* counter of the server — of every node on a
 *  cluster, wherever the request ran) while fn runs, less what reading the counters costs: how
 *  much work a request did, whatever the machine's speed. The tests run one at a time, so
 *  nothing else runs on the test instance meanwhile. */
export async function handlerReads(fn) {
  const count = () => SERVERS.flatMap((s) => sql("SHOW GLOBAL STATUS LIKE 'Handler_read%'", s))
    .reduce((n, [, v]) => n + Number(v), 0);
  const a = count(), b = count(); /* reading twice: the cost of one reading */
  await fn();
  const c = count();
  return (c - b) - (b - a);
}

/** A list cursor made as lib/list.c makes one — for forging them in tests: the list's name,
 *  its order (sort, dir), its filter (the list's own inputs given, as [name, value] pairs in
 *  the order of the route's input table, the path id first), the row's id and sort key. */
export function makeCursor({ list, sort, dir = 'asc', filter = [], id, key = String(id) }) {
  const h = createHash('sha256');
  for (const part of [list, sort, dir, ...filter.flat()]) h.update(Buffer.from(`${part}\0`));
  const fp = h.digest().subarray(0, 8).toString('hex');
  return Buffer.from(`${list}\n${fp}\n${id}\n${key}`).toString('base64url');
}

/** The test instance shows times in Europe/Moscow (conf/stack.sh's default TIME_ZONE): UTC+3,
 *  named MSK. A database time "YYYY-MM-DD hh:mm:ss" (UTC) as pages show it, and as JSON/CSV
 *  give it (ISO 8601). */
export function shownTime(utc) {
  const d = new Date(`${utc.replace(' ', 'T')}Z`);
  d.setUTCHours(d.getUTCHours() + 3);
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} MSK`;
}
export const isoTime = (utc) => `${utc.replace(' ', 'T')}Z`;
export const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

/** A response's Set-Cookie lines. Node 18's fetch (Debian 12) has no Headers.getSetCookie and
 *  joins the lines with ", ": split there, but not inside an Expires date. */
export function setCookieLines(res) {
  if (typeof res.headers.getSetCookie === 'function') return res.headers.getSetCookie();
  const joined = res.headers.get('set-cookie');
  return joined ? joined.split(/,\s*(?=[^;,=\s]+=)/) : [];
}

/** Cookies from a response's Set-Cookie headers, as name → value. */
export function cookiesOf(res) {
  const out = {};
  for (const line of setCookieLines(res)) {
    const [pair] = line.split(';');
    const i = pair.indexOf('=');
    out[pair.slice(0, i)] = pair.slice(i + 1);
  }
  return out;
}

/** A plain request (no session); redirects are not followed. Each on a connection of its own:
 *  a kept-alive one may have been closed by nginx (keepalive_timeout) while a synchronous call
 *  (sql) held the event loop, and reusing it fails at random. */
export function raw(p, init = {}) {
  return fetch(BASE + p, { redirect: 'manual', ...init, headers: { connection: 'close', ...init.headers } });
}

/** Sign in through the real form. Returns a client holding the session cookie and its CSRF
 *  token; throws when sign-in fails. */
export async function signIn(login = 'admin', password = demoPassword()) {
  const page = await raw('/admin/login');
  const pre = cookiesOf(page).vms_csrf;
  const res = await raw('/admin/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `vms_csrf=${pre}` },
    body: new URLSearchParams({ csrf: pre, login, password }),
  });
  const session = cookiesOf(res).vms_session;
  if (res.status !== 303 || !session) throw new Error(`sign-in as ${login} failed: ${res.status}`);
  const client = new Client(session);
  const header = await client.get('/admin/users/1001/header');
  client.csrf = /data-csrf="([0-9a-f]+)"/.exec(await header.text())?.[1];
  if (!client.csrf) throw new Error('no CSRF token in the profile header');
  return client;
}

export class Client {
  constructor(session) { this.session = session; this.csrf = null; }
  headers(extra = {}) { return { cookie: `vms_session=${this.session}`, ...extra }; }
  /** GET; pass { json: true } to ask for application/json. */
  get(p, { json = false, headers = {} } = {}) {
    return raw(p, { headers: this.headers({ ...(json ? { accept: 'application/json' } : {}), ...headers }) });
  }
  async getJson(p) {
    const res = await this.get(p, { json: true });
    return { status: res.status, body: await res.json() };
  }
  /** POST a form (object) or raw string body; the CSRF header is sent unless csrf: false. */
  post(p, body, { csrf = true, headers = {}, json = false } = {}) {
    const isForm = typeof body === 'object' && body !== null;
    return raw(p, {
      method: 'POST',
      headers: this.headers({
        ...(isForm ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...(csrf ? { 'x-csrf-token': this.csrf } : {}),
        ...(json ? { accept: 'application/json' } : {}),
        ...headers,
      }),
      body: isForm ? new URLSearchParams(body) : body,
    });
  }
}
