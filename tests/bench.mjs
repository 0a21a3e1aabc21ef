// bench.mjs — the instrument of make bench (README, "Performance"), run by tests/bench.sh against
// the bench instance ($VAR, $BASE_URL) loaded with sql/demo-scale.sql. The machine is shared, so
// nothing is compared across runs: each page is measured beside the architecture's ceiling — a
// do-nothing FastCGI responder (tests/ceiling.c) answering that page's exact bytes behind the
// same nginx configuration on PORT+2 — in interleaved rounds after a warm-up, and reported as
// the median and spread of the rounds with the share of the ceiling. Then the webhook's durable
// events/s, a worker's RSS before and after 200,000 requests, and how long a program takes from
// its start to its first answer. Prints Markdown.
//   BENCH_SECONDS (3) per run, BENCH_ROUNDS (3), BENCH_WARMUP (1 s), BENCH_CONNECTIONS (16),
//   BENCH_ONLY (a substring: only the pages whose name has it), BENCH_PARTS (pages, webhook,
//   rss, startup: the default is all), WORKERS (2, as conf/stack.sh)
import { spawn, spawnSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { BASE, VAR, TOP, sql, signIn, makeCursor } from './http/helpers.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1);
const CONNS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const ONLY = process.env.BENCH_ONLY ?? '';
const PARTS = (process.env.BENCH_PARTS ?? 'pages,webhook,rss,startup').split(',');
const WORKERS = Number(process.env.WORKERS ?? 2);
const PORT = Number(new URL(BASE).port);
const CEIL_PORT = PORT + 2;
const BIN = path.resolve(TOP, process.env.BIN ?? 'build/cgi-bin');
const CEILING = path.resolve(BIN, '../tests/ceiling');
const PROGRAMS = ['auth', 'users', 'user', 'billing', 'billing-events', 'cameras', 'intercoms',
  'client', 'sync-cameras', 'audit'];
const CEIL = path.join(VAR, 'ceiling');
const started = [];

const say = (s = '') => console.log(s);
const median = (v) => { const s = [...v].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const fmt = (n, d = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : '–');
const pct = (n) => `${fmt(100 * n)} %`;

// wrk -------------------------------------------------------------------------------------------

function toMs(v, unit) {
  return unit === 'us' ? v / 1000 : unit === 's' ? v * 1000 : v;
}

/** One wrk run; its requests/s, p50/p99 (ms), requests, non-2xx/3xx answers and socket errors. */
function wrk(url, { cookie, seconds = SECONDS, conns = CONNS, script, args = [] } = {}) {
  const a = [`-t${Math.min(2, conns)}`, `-c${conns}`, `-d${seconds}s`, '--latency'];
  if (cookie) a.push('-H', `Cookie: vms_session=${cookie}`);
  if (script) a.push('-s', script);
  a.push(url);
  if (args.length) a.push('--', ...args);
  const out = spawnSync('wrk', a, { encoding: 'utf8' }).stdout ?? '';
  const p = (n) => {
    const m = new RegExp(`^\\s+${n}%\\s+([\\d.]+)(us|ms|s)\\s*$`, 'm').exec(out);
    return m ? toMs(Number(m[1]), m[2]) : NaN;
  };
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0),
    p50: p(50),
    p99: p(99),
    total: Number(/(\d+) requests in/.exec(out)?.[1] ?? 0),
    bad: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
    errors: /Socket errors: (.*)/.exec(out)?.[1] ?? '',
  };
}

// The pages ---------------------------------------------------------------------------------

const U20 = 90003, U10K = 90001, U100K = 90000, UEVENTS = 90002;

/** A cursor deep in a list: that of its row number `at` in the order given. */
function deepDirectory(at) {
  const [[id, key]] = sql(`SELECT id, DATE_FORMAT(created_at, '%Y-%m-%d %H:%i:%s') FROM users
    ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET ${at}`);
  return makeCursor({ list: 'users', sort: 'created_at', dir: 'desc', id: Number(id), key });
}
function deepEvents(user, at) {
  const [[id]] = sql(`SELECT id FROM billing_events WHERE user_id = ${user} ORDER BY id DESC LIMIT 1 OFFSET ${at}`);
  return makeCursor({ list: 'billing-events', sort: 'id', dir: 'desc', filter: [['id', String(user)]], id: Number(id) });
}
function deepCameras(user, at) {
  const [[id, key]] = sql(`SELECT camera_id, cam_name FROM user_cameras WHERE user_id = ${user}
    ORDER BY cam_name, camera_id LIMIT 1 OFFSET ${at}`);
  return makeCursor({ list: 'cameras', sort: 'name', filter: [['id', String(user)]], id: Number(id), key });
}

function pages(admin, operator) {
  const [[someCamera]] = sql(`SELECT camera_id FROM user_cameras WHERE user_id = ${U100K} ORDER BY camera_id LIMIT 1 OFFSET 77777`);
  const list = [
    { name: 'header', path: `/admin/users/${U20}/header`, client: admin },
    { name: 'User tab', path: `/admin/users/${U20}/user`, client: admin },
    { name: 'directory', path: '/admin/users', client: admin },
    { name: 'directory, deep page', path: `/admin/users?after=${deepDirectory(900000)}`, client: admin },
    { name: 'Billing Events, first page (1M events)', path: `/admin/users/${UEVENTS}/billing-events`, client: admin },
    { name: 'Billing Events, deep page (1M events)', path: `/admin/users/${UEVENTS}/billing-events?after=${deepEvents(UEVENTS, 900000)}`, client: admin },
    { name: 'Cameras, 20-camera user', path: `/admin/users/${U20}/cameras`, client: admin, base: true },
  ];
  for (const [label, uid] of [['10,000', U10K], ['100,000', U100K]]) {
    const p = `/admin/users/${uid}/cameras`;
    list.push(
      { name: `Cameras, ${label}-camera user, by ID`, path: p, client: admin, cameras: true },
      { name: `Cameras, ${label}, by name`, path: `${p}?sort=name`, client: admin, cameras: true },
      { name: `Cameras, ${label}, by name, deep page`, path: `${p}?sort=name&after=${deepCameras(uid, Math.floor(uid === U100K ? 90000 : 9000))}`, client: admin, cameras: true },
      { name: `Cameras, ${label}, by status, descending`, path: `${p}?sort=status&dir=desc`, client: admin, cameras: true },
      { name: `Cameras, ${label}, by location`, path: `${p}?sort=location`, client: admin, cameras: true },
      { name: `Cameras, ${label}, inactive ones by name`, path: `${p}?status=inactive&sort=name`, client: admin, cameras: true },
      { name: `Cameras, ${label}, search by ID`, path: `${p}?q=${uid === U100K ? someCamera : 301000500}`, client: admin, cameras: true },
      { name: `Cameras, ${label}, search by name`, path: `${p}?q=Gate`, client: admin, cameras: true, nameSearch: true },
      { name: `Cameras, ${label}, ordinary admin, by name`, path: `${p}?sort=name&limit=25`, client: operator, cameras: true },
    );
  }
  list.push({ name: 'Intercoms (demo user 1001)', path: '/admin/users/1001/intercoms', client: admin });
  return list.filter((p) => p.name.includes(ONLY) || p.base);
}

// The ceiling -------------------------------------------------------------------------------

/** What the program answered for page p, as the CGI answer the ceiling repeats byte for byte:
 *  the status, the headers lib/app.c writes, the body. */
async function capture(p) {
  const res = await p.client.get(p.path);
  const body = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) throw new Error(`${p.path}: ${res.status} ${body.toString().slice(0, 200)}`);
  const head = `Status: 200 OK\r\nContent-Type: ${res.headers.get('content-type')}\r\n` +
    `Content-Length: ${body.length}\r\n` +
    "Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'\r\n" +
    'X-Content-Type-Options: nosniff\r\nX-Frame-Options: DENY\r\nReferrer-Policy: same-origin\r\n' +
    'Cache-Control: no-store\r\n\r\n';
  return Buffer.concat([Buffer.from(head), body]);
}

function spawnDetached(cmd, args, log) {
  const fd = fs.openSync(log, 'a');
  const child = spawn(cmd, args, { detached: true, stdio: ['ignore', fd, fd] });
  started.push(child.pid);
  return child;
}

async function waitFor(ok, what, ms = 10000) {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${what} did not start`);
}

/** The ceiling: a responder on every program's socket (WORKERS workers each) in its own run
 *  directory, and nginx from the same conf/nginx.conf.in on CEIL_PORT. */
async function startCeiling(list) {
  fs.rmSync(CEIL, { recursive: true, force: true });
  for (const d of ['run', 'log', 'pages', 'nginx/body', 'nginx/proxy', 'nginx/fastcgi', 'nginx/uwsgi', 'nginx/scgi'])
    fs.mkdirSync(path.join(CEIL, d), { recursive: true });
  const index = [];
  for (const [i, p] of list.entries()) {
    fs.writeFileSync(path.join(CEIL, 'pages', `p${i}`), await capture(p));
    index.push(`${p.path}\tp${i}`);
  }
  fs.writeFileSync(path.join(CEIL, 'pages', 'index'), `${index.join('\n')}\n`);
  for (const p of PROGRAMS)
    spawnDetached(CEILING, ['--socket', path.join(CEIL, 'run', `${p}.sock`), '--workers', String(WORKERS),
      '--pages', path.join(CEIL, 'pages')], path.join(CEIL, 'log', 'ceiling.log'));
  const conf = fs.readFileSync(path.join(TOP, 'conf/nginx.conf.in'), 'utf8')
    .replaceAll('@VAR@', CEIL).replaceAll('@PORT@', String(CEIL_PORT)).replaceAll('@RUN@', path.join(CEIL, 'run'))
    .replaceAll('@HTDOCS@', path.join(TOP, 'htdocs')).replaceAll('@CONFDIR@', path.join(TOP, 'conf'))
    .replace('@USER_LINE@', process.getuid() === 0 ? 'user root root;' : '')
    .replace(/^@RATE_EXEMPT@$/m, '        127.0.0.1 1;');
  fs.writeFileSync(path.join(CEIL, 'nginx', 'nginx.conf'), conf);
  await waitFor(() => PROGRAMS.every((p) => fs.existsSync(path.join(CEIL, 'run', `${p}.sock`))), 'the ceiling');
  spawnDetached('nginx', ['-p', path.join(CEIL, 'nginx'), '-c', path.join(CEIL, 'nginx', 'nginx.conf'),
    '-e', path.join(CEIL, 'log', 'nginx-error.log')], path.join(CEIL, 'log', 'nginx-error.log'));
  await waitFor(async () => (await fetch(`http://127.0.0.1:${CEIL_PORT}${list[0].path}`).catch(() => null))?.status === 200,
    'the ceiling nginx');
}

function stopAll() {
  for (const pid of started.reverse()) {
    try { process.kill(pid, 'SIGTERM'); } catch { /* gone */ }
  }
}

// Measuring ---------------------------------------------------------------------------------

/** Every page against the ceiling: a warm-up of each, then ROUNDS rounds, each page then its
 *  ceiling, one after the other. */
function measure(list) {
  const ours = (p) => `${BASE}${p.path}`, ceil = (p) => `http://127.0.0.1:${CEIL_PORT}${p.path}`;
  for (const p of list) {
    wrk(ours(p), { cookie: p.client.session, seconds: WARMUP });
    wrk(ceil(p), { seconds: WARMUP });
    p.runs = [];
  }
  for (let r = 0; r < ROUNDS; r++)
    for (const p of list) {
      const a = wrk(ours(p), { cookie: p.client.session });
      const b = wrk(ceil(p));
      p.runs.push({ a, b });
      process.stderr.write(`round ${r + 1}/${ROUNDS} ${p.name}: ${fmt(a.rps)} / ${fmt(b.rps)} req/s\n`);
    }
}

function report(list) {
  const base = list.find((p) => p.base);
  const baseRps = median(base.runs.map((x) => x.a.rps));
  say('| page | vmsadmin req/s (spread) | ceiling req/s | share (spread) | p50 / p99 ms | ceiling p50 / p99 ms | p99 ratio |');
  say('|---|---|---|---|---|---|---|');
  for (const p of list) {
    const a = p.runs.map((x) => x.a.rps), b = p.runs.map((x) => x.b.rps);
    const share = p.runs.map((x) => x.a.rps / x.b.rps);
    const p99 = median(p.runs.map((x) => x.a.p99)), cp99 = median(p.runs.map((x) => x.b.p99));
    const bad = p.runs.reduce((n, x) => n + x.a.bad + x.b.bad, 0);
    const errs = p.runs.map((x) => x.a.errors || x.b.errors).filter(Boolean);
    const vs20 = p.cameras ? ` (${fmt(baseRps / median(a), 2)}× the 20-camera page's time)` : '';
    say(`| ${p.name}${vs20}${bad ? ` **${bad} non-2xx**` : ''}${errs.length ? ` **socket errors: ${errs[0]}**` : ''} ` +
      `| ${fmt(median(a))} (${fmt(Math.min(...a))}–${fmt(Math.max(...a))}) | ${fmt(median(b))} ` +
      `| ${pct(median(share))} (${pct(Math.min(...share))}–${pct(Math.max(...share))}) ` +
      `| ${fmt(median(p.runs.map((x) => x.a.p50)), 1)} / ${fmt(p99, 1)} ` +
      `| ${fmt(median(p.runs.map((x) => x.b.p50)), 1)} / ${fmt(cp99, 1)} | ${fmt(p99 / cp99, 1)}× |`);
  }
}

// The webhook -------------------------------------------------------------------------------

/** Durable events/s at CONNS clients: each request a new one (its request_id never seen), a
 *  mix of pause, unpause and new camera over the first bulk users; counted in the log after
 *  each round (the webhook answers after COMMIT). What it made is removed afterwards. */
function webhook() {
  const secret = fs.readFileSync(path.join(VAR, 'billing-secret'), 'utf8').split('\n')[0];
  const run = randomBytes(3).toString('hex');
  const users = Math.min(50000, Number(sql('SELECT COUNT(*) FROM users WHERE id >= 100000')[0][0]));
  const perRound = 20000 * (SECONDS + 2);
  const types = ['billing.pause_entity', 'billing.unpause_entity', 'billing.new_camera'];
  const count = () => Number(sql(`SELECT COUNT(*) FROM billing_events WHERE request_id LIKE 'bench-${run}-%'`)[0][0]);
  const rounds = [];
  for (let r = 0; r < ROUNDS + 1; r++) { /* the first round warms up */
    const lines = [];
    for (let i = r * perRound; i < (r + 1) * perRound; i++) {
      const u = 1 + (i % users);
      const type = types[Math.floor(i / users) % 3];
      const body = JSON.stringify({
        request_id: `bench-${run}-${i}`, type, account: `SCALE-${String(u).padStart(7, '0')}`,
        data: type === 'billing.new_camera' ? { external_id: `BENCH-${run}-${i}`, name: `Bench ${i}` } : {},
      });
      lines.push(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}\t${body}`);
    }
    const file = path.join(CEIL, 'webhook.txt');
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const before = count();
    const w = wrk(`${BASE}/billing/v1/events`, { script: path.join(TOP, 'tests/bench-webhook.lua'), args: [file, '2'], seconds: r ? SECONDS + 2 : 2 });
    if (r)
      rounds.push({ ...w, durable: (count() - before) / (SECONDS + 2) });
  }
  sql(`DELETE FROM cameras WHERE external_id LIKE 'BENCH-${run}-%';
       DELETE FROM billing_events WHERE request_id LIKE 'bench-${run}-%';
       UPDATE users SET status = IF((id - 99999) % 10 = 0, 'paused', 'active') WHERE id BETWEEN 100000 AND ${99999 + users}`);
  const d = rounds.map((x) => x.durable);
  say(`| webhook, ${CONNS} clients (pause, unpause, new camera) | ${fmt(median(d))} durable events/s ` +
    `(${fmt(Math.min(...d))}–${fmt(Math.max(...d))}) | p50 / p99 ${fmt(median(rounds.map((x) => x.p50)), 1)} / ` +
    `${fmt(median(rounds.map((x) => x.p99)), 1)} ms | ${rounds.reduce((k, x) => k + x.bad, 0)} non-2xx |`);
}

// A worker's memory, and start-up ---------------------------------------------------------------

function workersOf(program) {
  const sup = fs.readFileSync(path.join(VAR, 'run', `${program}.pid`), 'utf8').trim();
  return spawnSync('ps', ['-o', 'pid=,rss=', '--ppid', sup], { encoding: 'utf8' }).stdout
    .trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
}

function rss(admin) {
  const header = `${BASE}/admin/users/${U20}/header`;
  const before = workersOf('user');
  const rate = wrk(header, { cookie: admin.session, seconds: 2 }).rps || 1000;
  let done = 0;
  while (done < 200000) done += wrk(header, { cookie: admin.session, seconds: Math.ceil((200000 - done) / rate) + 1 }).total;
  const after = workersOf('user');
  const kb = (l) => l.map(([, k]) => `${fmt(k / 1024, 1)} MB`).join(', ');
  say(`| worker RSS (the user program's ${before.length} workers) | before ${kb(before)} | after ${fmt(done)} requests ${kb(after)} |`);
}

/** A FastCGI GET of uri on a unix socket; resolves when the answer ends. */
function fcgiGet(sock, uri) {
  const rec = (type, content) => {
    const h = Buffer.alloc(8);
    h[0] = 1; h[1] = type; h.writeUInt16BE(1, 2); h.writeUInt16BE(content.length, 4);
    return Buffer.concat([h, content]);
  };
  const nv = (k, v) => Buffer.concat([Buffer.from([k.length, v.length]), Buffer.from(k + v)]);
  const params = Buffer.concat([nv('REQUEST_METHOD', 'GET'), nv('REQUEST_URI', uri), nv('SCRIPT_NAME', uri)]);
  return new Promise((resolve, reject) => {
    const s = net.connect(sock, () => s.write(Buffer.concat([
      rec(1, Buffer.from([0, 1, 0, 0, 0, 0, 0, 0])), rec(4, params), rec(4, Buffer.alloc(0)), rec(5, Buffer.alloc(0))])));
    let got = Buffer.alloc(0);
    s.on('data', (d) => { got = Buffer.concat([got, d]); if (got.includes(Buffer.from([1, 3, 0, 1]))) { s.destroy(); resolve(got); } });
    s.on('error', reject);
  });
}

/** Start-up: from a worker's start to its first answer (GET /healthz, which asks the database) —
 *  the supervisor's worker killed and restarted, the request waiting in the listen queue — and
 *  from the program's own start (loading its libraries and templates, opening its socket). */
async function startup(program) {
  const sock = path.join(CEIL, 'run', 'probe.sock');
  const worker = [], whole = [];
  const healthy = async () => { for (;;) { if (await fcgiGet(sock, '/healthz').then(() => true, () => false)) return; await new Promise((r) => setImmediate(r)); } };
  for (let i = 0; i < 5; i++) {
    fs.rmSync(sock, { force: true });
    const t0 = process.hrtime.bigint();
    const child = spawn(path.join(BIN, program), ['--config', path.join(VAR, 'vmsadmin.ini'), '--socket', sock, '--workers', '1'],
      { stdio: 'ignore' });
    await healthy();
    whole.push(Number(process.hrtime.bigint() - t0) / 1e6);
    await new Promise((r) => setTimeout(r, 1200)); /* the supervisor restarts a worker at once after 1 s of life */
    const [[pid]] = spawnSync('ps', ['-o', 'pid=', '--ppid', String(child.pid)], { encoding: 'utf8' }).stdout.trim().split('\n').map((l) => [Number(l)]);
    const t1 = process.hrtime.bigint();
    process.kill(pid, 'SIGKILL');
    await healthy();
    worker.push(Number(process.hrtime.bigint() - t1) / 1e6);
    child.kill('SIGTERM');
    await new Promise((r) => child.on('exit', r));
  }
  say(`| start-up of \`${program}\`: a worker, from its start to its first answer (GET /healthz) | median ${fmt(median(worker), 1)} ms ` +
    `(${fmt(Math.min(...worker), 1)}–${fmt(Math.max(...worker), 1)}) | the program, from exec | median ${fmt(median(whole), 1)} ms |`);
}

// -------------------------------------------------------------------------------------------

process.on('exit', stopAll);
const [[users, cameras, events]] = sql('SELECT (SELECT COUNT(*) FROM users), (SELECT COUNT(*) FROM cameras), (SELECT COUNT(*) FROM billing_events)');
const cpu = os.cpus();
say(`## make bench — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`);
say();
say(`Machine: ${cpu.length} × ${cpu[0].model}, ${fmt(os.totalmem() / 2 ** 30, 1)} GiB RAM, load average ${os.loadavg().map((l) => fmt(l, 2)).join(' ')} at the start; ` +
  `${sql('SELECT VERSION()')[0][0]}. Dataset: ${fmt(Number(users))} users, ${fmt(Number(cameras))} cameras, ${fmt(Number(events))} billing events. ` +
  `wrk: ${CONNS} connections, ${ROUNDS} interleaved rounds of ${SECONDS} s after a ${WARMUP} s warm-up; ${WORKERS} workers per program.`);
say();
const admin = await signIn('admin');
const operator = await signIn('operator');
const list = pages(admin, operator);
await startCeiling(list);
if (PARTS.includes('pages')) {
  measure(list);
  report(list);
}
say();
say('| measure | result | | |');
say('|---|---|---|---|');
if (PARTS.includes('webhook')) webhook();
if (PARTS.includes('rss')) rss(admin);
if (PARTS.includes('startup')) {
  await startup('user');
  await startup('auth');
}
say();
say(`Load average at the end: ${os.loadavg().map((l) => fmt(l, 2)).join(' ')}.`);
process.exit(0);
