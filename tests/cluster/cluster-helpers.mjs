// cluster-helpers.mjs — the fault tests' hold on the cluster that tests/cluster/run.sh starts
// (conf/cluster.sh): its nodes, its app hosts and nginx's three doors (both hosts, a only, b
// only), clients that sign in through a given door, and the figures the run prints at its end.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { TOP, VAR, BASE, cookiesOf, demoPassword } from '../http/helpers.mjs';

export const PORT = Number(new URL(BASE).port);
/** nginx: both app hosts, app host a only, app host b only. */
export const DOORS = { both: BASE, a: `http://127.0.0.1:${PORT + 1}`, b: `http://127.0.0.1:${PORT + 2}` };
export const NODES = [1, 2, 3];

/** Run conf/cluster.sh cmd ...args on this cluster; throws when it fails. */
export function cluster(cmd, ...args) {
  const r = spawnSync(path.join(TOP, 'conf/cluster.sh'), [cmd, ...args], {
    env: { ...process.env, CVAR: VAR }, encoding: 'utf8', timeout: 600000,
  });
  if (r.status !== 0) throw new Error(`cluster.sh ${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** The same without blocking (the load goes on meanwhile); resolves when it is done. */
export function clusterAsync(cmd, ...args) {
  const child = spawn(path.join(TOP, 'conf/cluster.sh'), [cmd, ...args], {
    env: { ...process.env, CVAR: VAR }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve, reject) => child.on('exit', (code) =>
    (code === 0 ? resolve() : reject(new Error(`cluster.sh ${cmd} failed: ${stderr}`)))));
}

export const nodeSocket = (n) => path.join(VAR, `node${n}/run/mysqld.sock`);
export const nodeLog = (n) => path.join(VAR, `node${n}/log/mariadb.log`);

/** SQL on node n as the local superuser, after a causal wait (the node has applied everything the
 *  cluster committed before). Rows as arrays of strings. Throws when the node does not answer. */
export function nodeSql(n, query, db = 'vmsadmin') {
  const r = spawnSync('mariadb', ['--no-defaults', '-S', nodeSocket(n), '-u', userInfo().username,
    '-N', '-B', db, '-e', `SET SESSION wsrep_sync_wait = 1; SELECT 1 INTO @caught_up; ${query}`],
  { encoding: 'utf8', timeout: 60000 });
  if (r.status !== 0) throw new Error(`sql on node ${n} failed: ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}

/** A wsrep status value of node n. */
export const nodeStatus = (n, name) => nodeSql(n, `SHOW STATUS LIKE '${name}'`)[0]?.[1];

/** The size in bytes of a file now (where to read it from later). */
export const sizeOf = (file) => statSync(file).size;
/** What file gained since offset. */
export const since = (file, offset) => readFileSync(file).subarray(offset).toString('utf8');

/** Poll until fn() is true (a state to reach, never a time to wait); bounded. */
export async function until(what, fn, ms = 300000) {
  const deadline = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A fetch that never throws: { status, text, headers } or { status: 0, error } when the
 *  connection failed. */
export async function request(url, init = {}) {
  try {
    const res = await fetch(url, { redirect: 'manual', ...init });
    return { status: res.status, text: await res.text(), headers: res.headers };
  } catch (e) {
    return { status: 0, error: String(e.cause?.code ?? e.message) };
  }
}

/** Sign in as login through one door of nginx (base). Returns { session, csrf, base, get, post }:
 *  a client that may then be used through any door. */
export async function signInAt(base, login = 'admin', password = demoPassword()) {
  const page = await fetch(`${base}/admin/login`, { redirect: 'manual' });
  const pre = cookiesOf(page).vms_csrf;
  const res = await fetch(`${base}/admin/login`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `vms_csrf=${pre}` },
    body: new URLSearchParams({ csrf: pre, login, password }),
  });
  const session = cookiesOf(res).vms_session;
  if (res.status !== 303 || !session) throw new Error(`sign-in as ${login} at ${base} failed: ${res.status}`);
  const header = await (await fetch(`${base}/admin/users/1001/header`, { headers: { cookie: `vms_session=${session}` } })).text();
  const csrf = /data-csrf="([0-9a-f]+)"/.exec(header)?.[1];
  const headers = (extra = {}) => ({ cookie: `vms_session=${session}`, ...extra });
  return {
    session, csrf,
    get: (door, p, { json = true } = {}) => request(door + p, { headers: headers(json ? { accept: 'application/json' } : {}) }),
    post: (door, p, body = '') => request(door + p, {
      method: 'POST', body, headers: headers({ 'x-csrf-token': csrf, accept: 'application/json' }),
    }),
  };
}

/** Record one figure of the fault tests; run.sh prints them all at the end of the run. */
export function figure(line) {
  console.log(`# ${line}`);
  appendFileSync(path.join(VAR, 'log/figures.txt'), `${line}\n`);
}
