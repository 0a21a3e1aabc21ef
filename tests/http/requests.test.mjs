// requests.test.mjs — the shared request loop (lib/app.c, lib/req.c) as seen over HTTP:
// security headers on every answer, declared-input validation (400 naming the parameter),
// body limits (413), routing (404/405), and /healthz.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { raw, signIn } from './helpers.mjs';

let admin;
before(async () => { admin = await signIn('admin'); });

/** Answers from every program and kind: pages, fragments, JSON, errors, signed in or not. */
async function sampleAnswers() {
  const json = { json: true };
  return [
    ['sign-in page', await raw('/admin/login')],
    ['directory', await admin.get('/admin/users')],
    ['directory JSON', await admin.get('/admin/users', json)],
    ['header fragment', await admin.get('/admin/users/1001/header')],
    ['User tab', await admin.get('/admin/users/1001/user')],
    ['User tab JSON', await admin.get('/admin/users/1001/user', json)],
    ['400', await admin.get('/admin/users/abc/header')],
    ['404 from a program', await admin.get('/admin/users/999999999/header')],
    ['401', await raw('/admin/users/1001/header')],
    ['303 to sign-in', await raw('/admin/users')],
    ['healthz', await raw('/healthz')],
    ['profile shell (static)', await admin.get('/admin/users/1001')],
  ];
}

const SIGNED_IN = ['directory', 'directory JSON', 'header fragment', 'User tab', 'User tab JSON',
  '400', '404 from a program'];

test('every answer carries a Content-Security-Policy without inline script and with frame-ancestors none', async () => {
  for (const [name, res] of await sampleAnswers()) {
    const csp = res.headers.get('content-security-policy');
    assert.ok(csp, `${name}: Content-Security-Policy is missing`);
    const scriptSrc = /(?:^|;)\s*script-src([^;]*)/.exec(csp)?.[1]
      ?? /(?:^|;)\s*default-src([^;]*)/.exec(csp)?.[1];
    assert.ok(scriptSrc !== undefined, `${name}: no script-src or default-src in ${csp}`);
    assert.ok(!scriptSrc.includes("'unsafe-inline'"), `${name}: ${csp}`);
    assert.match(csp, /(?:^|;)\s*frame-ancestors 'none'/, `${name}: ${csp}`);
  }
});

test('every answer carries X-Content-Type-Options: nosniff', async () => {
  for (const [name, res] of await sampleAnswers())
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff', name);
});

test('signed-in answers carry Cache-Control: no-store', async () => {
  const answers = new Map(await sampleAnswers());
  for (const name of [...SIGNED_IN, 'profile shell (static)'])
    assert.match(answers.get(name).headers.get('cache-control') ?? '', /no-store/, name);
});

test('program answers state their Content-Length', async () => {
  // FastCGI answers with a length let nginx and clients detect a truncated body.
  for (const [name, res] of await sampleAnswers()) {
    if (name === 'profile shell (static)') continue;
    const body = Buffer.from(await res.arrayBuffer());
    assert.equal(res.headers.get('content-length'), String(body.length), name);
  }
});

test('a non-numeric user id answers 400 naming id', async () => {
  const res = await admin.get('/admin/users/abc/header');
  assert.equal(res.status, 400);
  assert.match(await res.text(), /\bid\b/);
});

test('a non-numeric user id asked for JSON answers 400 with an error naming id', async () => {
  const { status, body } = await admin.getJson('/admin/users/abc/user');
  assert.equal(status, 400);
  assert.match(body.error, /\bid\b/);
});

test('an unknown user id answers 404', async () => {
  const res = await admin.get('/admin/users/999999999/header');
  assert.equal(res.status, 404);
});

test('a user id beyond 64 bits answers 400', async () => {
  for (const id of ['99999999999999999999', '9223372036854775808', '18446744073709551616']) {
    const res = await admin.get(`/admin/users/${id}/header`);
    assert.equal(res.status, 400, id);
    assert.match(await res.text(), /\bid\b/, id);
  }
});

test('a user id of 0 or below answers 400', async () => {
  for (const id of ['0', '-1', '-9223372036854775808'])
    assert.equal((await admin.get(`/admin/users/${id}/header`)).status, 400, id);
});

test('a user id with a sign, spaces or leading junk answers 400', async () => {
  for (const id of ['+1001', '%201001', '1001%20', '1001abc', '0x3e9', '1e3', '1001.0'])
    assert.equal((await admin.get(`/admin/users/${id}/header`)).status, 400, id);
});

test('a body over the program limit (100 KB) answers 413', async () => {
  const res = await raw('/admin/login', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'login=admin&password=' + 'x'.repeat(100 * 1024),
  });
  assert.equal(res.status, 413);
});

test('a body over the server limit (2 MB) answers 413', async () => {
  let res;
  try {
    res = await raw('/admin/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'login=admin&password=' + 'x'.repeat(2 * 1024 * 1024),
    });
  } catch (e) {
    assert.fail(`the request failed instead of answering 413: ${e.cause?.code ?? e}`);
  }
  assert.equal(res.status, 413);
});

test('malformed percent-encoding in the query answers 400', async () => {
  for (const q of ['q=%zz', 'q=%4', 'q=abc%', 'q=%g1'])
    assert.equal((await admin.get(`/admin/users?${q}`)).status, 400, q);
});

test('malformed percent-encoding in a form body answers 400', async () => {
  const res = await admin.post('/admin/logout', `csrf=${admin.csrf}&x=%zz`,
    { csrf: false, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(res.status, 400);
  assert.equal((await admin.get('/admin/users/1001/header')).status, 200, 'still signed in');
});

test('a bad directory cursor answers 400 naming after', async () => {
  for (const after of ['abc', '1.', '.5', '1.0', '1.-2', '-1.5', '1.2.3', '99999999999999999999.1']) {
    const res = await admin.get(`/admin/users?after=${encodeURIComponent(after)}`);
    assert.equal(res.status, 400, `after=${after}`);
    assert.match(await res.text(), /\bafter\b/, `after=${after}`);
  }
});

test('a parameter given twice answers 400 naming it', async () => {
  const res = await admin.get('/admin/users?q=a&q=b');
  assert.equal(res.status, 400);
  assert.match(await res.text(), /\bq\b/);
});

test('a search text over 255 bytes answers 400', async () => {
  const res = await admin.get(`/admin/users?q=${'a'.repeat(256)}`);
  assert.equal(res.status, 400);
});

test('an unknown route answers 404', async () => {
  for (const p of ['/admin/no-such-page', '/admin/users/1001/no-such-tab', '/no-such-thing'])
    assert.equal((await admin.get(p)).status, 404, p);
});

test('a POST to a GET-only fragment answers 405', async () => {
  const res = await admin.post('/admin/users/1001/header', {});
  assert.equal(res.status, 405);
});

test('a GET to the POST-only sign-out answers 405 and signs nobody out', async () => {
  const res = await admin.get('/admin/logout');
  assert.equal(res.status, 405);
  assert.equal((await admin.get('/admin/users/1001/header')).status, 200);
});

test('HEAD on a fragment is served like GET', async () => {
  const res = await raw('/admin/users/1001/header', { method: 'HEAD', headers: admin.headers() });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/html/);
});

test('/healthz answers 200 with the database up', async () => {
  const res = await raw('/healthz');
  assert.equal(res.status, 200);
  assert.equal((await res.json()).database, 'up');
});

test("nginx's own errors carry the security headers and a short message, not nginx's page", async () => {
  const answers = [
    [await raw('/admin/no-such-page'), 404],
    [await admin.get('/admin/users/1001/no-such-tab'), 404],
    [await raw('/admin/login', { method: 'POST', body: 'x'.repeat(2 * 1024 * 1024),
      headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 413],
  ];
  for (const [res, status] of answers) {
    assert.equal(res.status, status);
    assert.match(res.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    const body = await res.text();
    assert.ok(!/nginx/i.test(body), 'no nginx error page');
  }
});
