// nginx.test.mjs — what nginx itself guarantees (conf/nginx.conf.in): every answer carries the
// security headers once, whoever writes it (nginx's redirects and errors too, also those
// decided before any location), redirects never take the Host header, and one client cannot
// starve the instance: a half-sent request is closed after the header timeout, idle
// connections do not keep others out, requests in progress per address are capped and the
// sign-in POST and the webhook are rate-limited per address (429).
//
// Raw requests use node's net module (fetch refuses a bad URL, a huge header or an unknown
// Transfer-Encoding). The limit tests come from other loopback addresses (127.0.0.2...): the
// test instance exempts 127.0.0.1, where the rest of the suite runs from, from the rate limits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import http from 'node:http';
import { BASE } from './helpers.mjs';

const PORT = Number(new URL(BASE).port);
const HEADERS = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
};

/** Send text on a new connection (from localAddress) and read until the server closes it.
 *  Resolves to { status, headers: [[name, value]...], body }. */
function rawHttp(text, { localAddress } = {}) {
  return new Promise((resolve, reject) => {
    const s = net.connect({ port: PORT, host: '127.0.0.1', localAddress }, () => s.write(text));
    const chunks = [];
    s.on('data', (d) => chunks.push(d));
    s.on('error', reject);
    s.on('close', () => resolve(parse(Buffer.concat(chunks).toString('latin1'))));
  });
}

function parse(raw) {
  const [head, ...rest] = raw.split('\r\n\r\n');
  const [statusLine, ...lines] = head.split('\r\n');
  return {
    status: Number(statusLine.split(' ')[1]),
    headers: lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
    body: rest.join('\r\n\r\n'),
  };
}

const get = (target, extra = '') => `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${extra}Connection: close\r\n\r\n`;

function assertSecurityHeaders(res, name) {
  for (const [h, want] of Object.entries(HEADERS)) {
    const got = res.headers.filter(([k]) => k === h).map(([, v]) => v);
    assert.deepEqual(got, [want], `${name}: ${h} exactly once`);
  }
}

/** A request through node's http client from localAddress. Resolves to { status, headers, body }. */
function request(path, { method = 'GET', headers = {}, body = '', localAddress } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: PORT, path, method, headers, localAddress, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Run fn(i) for i < n with at most width in flight; resolves to the results in order. */
async function pool(n, width, fn) {
  const out = new Array(n);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < n) { const i = next++; out[i] = await fn(i); }
  }));
  return out;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// --- headers and redirects --------------------------------------------------------------------

test('every answer carries the security headers once each, whoever writes it', async () => {
  const cases = [
    ['GET / (302)', get('/'), 302],
    ['GET /admin (302)', get('/admin'), 302],
    ['a bad escape in the path (400)', get('/admin/users/%ZZ/header'), 400],
    ['a 9 KB URL (414)', get(`/admin/users?q=${'a'.repeat(9 * 1024)}`), 414],
    ['a 17 KB cookie (400)', get('/admin/users', `Cookie: a=${'b'.repeat(17 * 1024)}\r\n`), 400],
    ['an unknown Transfer-Encoding (501)', get('/healthz', 'Transfer-Encoding: foo\r\n'), 501],
    ['no such path (404)', get('/admin/no-such-page'), 404],
    ['a static file', get('/static/app.css'), 200],
    ['the directory of static files (301)', get('/static'), 301],
    ['a program: a fragment without a session (401)', get('/admin/users/1001/header'), 401],
    ['a program: the sign-in page', get('/admin/login'), 200],
    ['a program: /healthz', get('/healthz'), 200],
  ];
  for (const [name, text, status] of cases) {
    const res = await rawHttp(text);
    assert.equal(res.status, status, name);
    assertSecurityHeaders(res, name);
  }
});

test('redirects do not take the Host header: they are relative', async () => {
  for (const target of ['/', '/admin', '/static']) {
    const res = await rawHttp(`GET ${target} HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n`);
    const [[, location]] = res.headers.filter(([k]) => k === 'location');
    assert.ok(location.startsWith('/') && !location.startsWith('//'), `${target}: Location ${location}`);
    assert.ok(!location.includes('evil'), `${target}: Location ${location}`);
  }
});

// --- limits -------------------------------------------------------------------------------------

test('a half-sent request is closed by nginx after the header timeout', { timeout: 30000 }, async () => {
  const s = net.connect({ port: PORT, host: '127.0.0.1', localAddress: '127.0.0.5' });
  let got = '';
  s.on('data', (d) => { got += d; });
  s.on('error', () => {}); // nginx resets a timed-out connection (reset_timedout_connection)
  await new Promise((r) => s.on('connect', r));
  s.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n'); // and never the blank line
  await new Promise((r) => s.on('close', r));
  assert.ok(!got.startsWith('HTTP/1.1 200'), 'the request was not served');
});

test('hundreds of idle half-sent connections do not keep a request out', { timeout: 30000 }, async () => {
  const idle = [];
  try {
    for (let i = 0; i < 300; i++) {
      const s = net.connect({ port: PORT, host: '127.0.0.1', localAddress: '127.0.0.6' });
      s.on('error', () => {});
      await new Promise((r) => s.on('connect', r));
      s.write('GET /healthz HTTP/1.1\r\n');
      idle.push(s);
    }
    const res = await request('/healthz');
    assert.equal(res.status, 200);
  } finally {
    for (const s of idle) s.destroy();
  }
});

test('requests in progress per address are capped: the next one is refused with 429, and once they end it is answered', { timeout: 30000 }, async () => {
  const from = '127.0.0.3';
  const held = [];
  let refused;
  try {
    // A request whose body is announced but not sent stays in progress: nginx answers
    // "100 Continue" once it has passed the limits and starts reading the body. After each such
    // request, a plain one from the same address shows whether the cap is reached.
    while (!refused) {
      assert.ok(held.length < 200, 'the cap was never reached');
      const s = net.connect({ port: PORT, host: '127.0.0.1', localAddress: from });
      s.on('error', () => {});
      const first = new Promise((r) => s.once('data', (d) => r(String(d))));
      await new Promise((r) => s.on('connect', r));
      held.push(s);
      s.write('POST /admin/users HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n' +
        'Content-Length: 10\r\nExpect: 100-continue\r\n\r\n');
      assert.equal(await first, 'HTTP/1.1 100 Continue\r\n\r\n');
      const probe = await rawHttp(get('/healthz'), { localAddress: from });
      if (probe.status === 429) refused = probe;
      else assert.equal(probe.status, 200);
    }
    assertSecurityHeaders(refused, 'the refused request');
    assert.ok(held.length >= 4 && held.length <= 64, `${held.length} requests in progress were allowed`);
    assert.equal((await request('/healthz')).status, 200, 'another address is served meanwhile');
  } finally {
    for (const s of held) s.destroy();
  }
  let res;
  for (let i = 0; i < 100; i++) { // until nginx has noticed the closed connections
    res = await request('/healthz', { localAddress: from });
    if (res.status === 200) break;
    await sleep(50);
  }
  assert.equal(res.status, 200);
});

test('a burst of sign-in POSTs from one address gets 429 with the security headers and Retry-After', async () => {
  const from = '127.0.0.2';
  const answers = await pool(40, 8, () => request('/admin/login', {
    method: 'POST', localAddress: from,
    headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'login=x&password=y',
  }));
  const refused = answers.filter((r) => r.status === 429);
  assert.ok(refused.length > 0, `statuses: ${answers.map((r) => r.status)}`);
  for (const r of answers) assert.ok([403, 429].includes(r.status), `status ${r.status}`);
  for (const r of refused) {
    for (const [h, want] of Object.entries(HEADERS)) assert.equal(r.headers[h], want, h);
    assert.match(r.headers['retry-after'] ?? '', /^\d+$/);
    assert.match(r.body, /Too many requests/);
  }
  assert.equal((await request('/admin/login')).status, 200, 'the sign-in page still shows');
});

test('a burst of webhook calls from one address gets 429', async () => {
  const from = '127.0.0.4';
  const answers = await pool(300, 16, (i) => request('/billing/v1/events', {
    method: 'POST', localAddress: from,
    headers: { 'content-type': 'application/json' }, body: `{"request_id":"burst-${i}"}`,
  }));
  const statuses = new Set(answers.map((r) => r.status));
  assert.ok(statuses.has(429), `statuses: ${[...statuses]}`);
  assert.deepEqual([...statuses].filter((s) => s !== 429 && s !== 401), [], 'the others reach the program (401 unsigned)');
  for (const r of answers.filter((a) => a.status === 429)) assert.equal(r.headers['x-content-type-options'], 'nosniff');
});
