// cdp.selftest.mjs — checks of the driver itself (cdp.mjs) against a tiny local HTTP server,
// without the product: `node --test tests/browser/cdp.selftest.mjs`. Not part of `make test`
// (the browser tests there exercise the driver against the real pages); run it after
// changing cdp.mjs or on a new Chromium or Node.js.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { existsSync } from 'node:fs';
import { chromium } from './cdp.mjs';

const PAGES = {
  '/': `<!doctype html><title>home</title>
    <nav><a href="/two">Two</a> <a href="/two" aria-label="Second page">2</a></nav>
    <div role="tablist"><span role="tab" id="t1">First</span><span role="tab">First tab</span></div>
    <h1 id="lbl">Heading</h1><section aria-labelledby="lbl"><p class="p">one</p><p class="p">Two  words</p></section>
    <ul><li>apple</li><li>Banana split</li><li hidden>cherry</li></ul>
    <button id="b" onclick="window.lastButton = event.button; window.trusted = event.isTrusted">Press</button>
    <button id="later" hidden onclick="window.later = true">Later</button>
    <div id="cover" style="position:fixed;inset:0;background:#fff8"></div>
    <form id="f" action="/echo" method="post"><input name="q" value="old"><select name="s"><option value="a">Apple</option><option value="b">Berry</option></select>
      <button type="submit">Send</button></form>
    <button id="popup" onclick="window.open('/two?popup', '_blank', 'noopener')">Popup</button>
    <a id="blank" href="/two?blank" target="_blank">Blank</a>
    <button id="push" onclick="history.pushState(null, '', '/pushed')">Push</button>
    <button id="alert" onclick="alert('hello')">Alert</button>
    <button id="boom" onclick="setTimeout(() => { throw new TypeError('boom') })">Boom</button>
    <div style="height:3000px"></div><button id="far" onclick="window.far = true">Far</button>`,
  '/two': '<!doctype html><title>two</title><p id="two">page two</p>',
};

let server;
let base;
let browser;
const seen = []; // requests the server got: method url cookie body

before(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, cookie: req.headers.cookie ?? '', body });
      const path = req.url.split('?')[0];
      if (path === '/redirect') { res.writeHead(302, { location: '/two' }); res.end(); return; }
      if (path === '/echo') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(`<title>echo</title><pre id="echo">${req.method} ${body.replace(/</g, '&lt;')}</pre>`);
        return;
      }
      if (path === '/slow') { setTimeout(() => { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<p id="slow">slow</p>'); }, 300); return; }
      res.writeHead(PAGES[path] ? 200 : 404, { 'content-type': 'text/html' });
      res.end(PAGES[path] ?? PAGES['/two']);
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await chromium.launch();
});

after(async () => {
  await browser?.close();
  server?.close();
});

async function withPage(fn) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  try {
    await page.goto(base + '/');
    await page.evaluate(() => document.getElementById('cover').remove());
    await fn(page, ctx, errors);
  } finally {
    await ctx.close();
  }
}

test('goto follows redirects; url, title, evaluate, reload', async () => {
  await withPage(async (page) => {
    await page.goto(base + '/redirect');
    assert.equal(page.url(), `${base}/two`);
    assert.equal(await page.title(), 'two');
    assert.equal(await page.evaluate(([a, b]) => a + b, [2, 3]), 5);
    assert.equal(await page.evaluate(() => window), undefined, 'a value JSON cannot carry');
    await page.evaluate(() => { window.mark = 1; });
    await page.reload();
    assert.equal(await page.evaluate(() => window.mark), undefined);
    await assert.rejects(page.evaluate(() => { throw new Error('inside'); }), /inside/);
  });
});

test('locators: text filters, strictness, first/nth, counts and states', async () => {
  await withPage(async (page) => {
    assert.equal(await page.locator('li', { hasText: 'BANANA' }).textContent(), 'Banana split');
    assert.equal(await page.locator('section').locator('.p').filter({ hasText: /two\s+words/i }).textContent(), 'Two  words');
    assert.deepEqual(await page.locator('section .p').allTextContents(), ['one', 'Two  words']);
    assert.equal(await page.locator('li').count(), 3);
    assert.equal(await page.locator('li').nth(1).textContent(), 'Banana split');
    assert.equal(await page.locator('li').first().textContent(), 'apple');
    assert.equal(await page.locator('li').last().isVisible(), false);
    assert.equal(await page.locator('nav a').first().getAttribute('href'), '/two');
    assert.equal(await page.locator('#f input').inputValue(), 'old');
    assert.equal(await page.locator('li').evaluateAll((els, n) => els.length * n, 2), 6);
    assert.deepEqual(await page.$$eval('li', (els) => els.map((e) => e.textContent.length)), [5, 12, 6]);
    await assert.rejects(page.locator('li').textContent(), /strict mode violation: locator\('li'\) resolved to 3 elements/);
    await assert.rejects(page.locator('#nothing').click({ timeout: 300 }),
      /locator.click: Timeout 300ms exceeded waiting for locator\('#nothing'\) \(no element matches\)/);
    await assert.rejects(page.locator('li').nth(2).waitFor({ timeout: 300 }), /to be visible/);
    await page.locator('li').nth(2).waitFor({ state: 'hidden' });
    await page.locator('li').nth(2).waitFor({ state: 'attached' });
    await page.evaluate(() => setTimeout(() => { document.getElementById('later').hidden = false; }, 200));
    await page.locator('#later').click(); // waits until it shows
    assert.equal(await page.evaluate(() => window.later), true);
  });
});

test('getByRole: implicit and explicit roles, accessible names, exact', async () => {
  await withPage(async (page) => {
    assert.equal(await page.getByRole('link', { name: 'Two' }).count(), 1);
    assert.equal(await page.getByRole('link', { name: 'second page' }).textContent(), '2');
    assert.equal(await page.getByRole('tab', { name: 'First' }).count(), 2);
    assert.equal(await page.getByRole('tab', { name: 'First', exact: true }).getAttribute('id'), 't1');
    assert.equal(await page.getByRole('region', { name: 'Heading' }).count(), 1);
    assert.equal(await page.getByRole('button', { name: 'Later' }).count(), 0, 'hidden elements are left out');
    assert.equal(await page.getByRole('listitem').count(), 2);
  });
});

test('clicks are real input at the centre, after scrolling, and wait for covers to go', async () => {
  await withPage(async (page) => {
    await page.click('#b');
    assert.deepEqual(await page.evaluate(() => [window.lastButton, window.trusted]), [0, true]);
    await page.locator('#far').click();
    assert.equal(await page.evaluate(() => window.far), true);
    await page.evaluate(() => {
      const d = document.createElement('div');
      d.id = 'cover2';
      d.style = 'position:fixed;inset:0';
      document.body.append(d);
      setTimeout(() => d.remove(), 300);
    });
    const t = Date.now();
    await page.click('#b');
    assert.ok(Date.now() - t >= 250, 'waited for the cover to go');
    await assert.rejects(page.evaluate(() => document.body.append(Object.assign(document.createElement('div'), { style: 'position:fixed;inset:0' })))
      .then(() => page.click('#b', { timeout: 300 })), /would receive the click/);
  });
});

test('a click the page moves away from at the last moment is stopped and tried again', async () => {
  await withPage(async (page) => {
    // The first time the mouse arrives over #b, a decoy takes its place (as a fragment arriving
    // above it would): the press must not reach the decoy, and the retry must reach #b.
    await page.evaluate(() => {
      const b = document.getElementById('b');
      b.addEventListener('mousemove', () => {
        const r = b.getBoundingClientRect();
        const decoy = Object.assign(document.createElement('button'), { id: 'decoy', textContent: 'Decoy' });
        decoy.style = `position:fixed;left:${r.left}px;top:${r.top}px;width:${r.width}px;height:${r.height}px`;
        decoy.onclick = () => { window.decoyPressed = true; };
        document.body.append(decoy);
        b.style = 'position:relative;top:60px';
      }, { once: true });
    });
    await page.click('#b');
    assert.deepEqual(await page.evaluate(() => [window.decoyPressed ?? false, window.lastButton]), [false, 0]);
  });
});

test('fill, selectOption, keyboard; form submission navigates', async () => {
  await withPage(async (page) => {
    await page.fill('#f input', 'new value');
    assert.deepEqual(await page.selectOption('#f select', 'Berry'), ['b']);
    await page.locator('#f input').press('Enter');
    await page.waitForURL(`${base}/echo`);
    assert.equal(await page.locator('#echo').textContent(), 'POST q=new+value&s=b');
    await page.goBack();
    await page.locator('#f input').fill('');
    await page.keyboard.type('typed');
    assert.equal(await page.locator('#f input').inputValue(), 'typed');
  });
});

test('waitForURL and waitForFunction across navigations, pushState and back', async () => {
  await withPage(async (page) => {
    await page.click('#push');
    await page.waitForURL(/\/pushed$/);
    await page.goBack();
    assert.equal(page.url(), `${base}/`);
    await Promise.all([page.waitForURL((u) => u.pathname === '/slow'), page.evaluate(() => { location.href = '/slow'; })]);
    assert.equal(await page.locator('#slow').textContent(), 'slow');
    await page.evaluate(() => setTimeout(() => { location.href = '/two'; }, 100));
    await page.waitForFunction((id) => document.getElementById(id)?.textContent === 'page two', 'two');
    await assert.rejects(page.waitForFunction(() => false, undefined, { timeout: 200 }), /Timeout 200ms exceeded waiting for function/);
    await assert.rejects(page.waitForURL('nowhere', { timeout: 200 }), /waitForURL: Timeout 200ms exceeded waiting for URL "nowhere"/);
  });
});

test('dialogs are events (dismissed if unheard); page errors are events', async () => {
  await withPage(async (page, ctx, errors) => {
    await page.click('#alert'); // nobody listens: dismissed
    const messages = [];
    page.on('dialog', (d) => { messages.push(`${d.type()}:${d.message()}`); d.dismiss(); });
    await page.click('#alert');
    assert.deepEqual(messages, ['alert:hello']);
    await page.click('#boom');
    await page.waitForTimeout(100);
    assert.equal(errors.length, 1);
    assert.equal(errors[0].message, 'boom');
    assert.equal(errors[0].name, 'TypeError');
  });
});

test('route: fulfill, fallback to an older route, continue; request details', async () => {
  await withPage(async (page) => {
    const got = [];
    await page.route((u) => u.pathname === '/echo', (route) => {
      got.push(['old', route.request().method()]);
      return route.continue();
    });
    await page.route((u) => u.pathname === '/echo', (route) => {
      const r = route.request();
      got.push(['new', r.method(), r.headers()['content-type'], r.postData()]);
      if (r.method() !== 'POST') return route.fallback();
      return route.fulfill({ status: 201, contentType: 'text/plain', body: 'stubbed' });
    });
    const answer = await page.evaluate(async () => {
      const post = await fetch('/echo', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' });
      const get = await fetch('/echo');
      return [post.status, await post.text(), get.status, await get.text()];
    });
    assert.deepEqual(answer.slice(0, 3), [201, 'stubbed', 200]);
    assert.match(answer[3], /GET/);
    assert.deepEqual(got, [['new', 'POST', 'text/plain', 'hi'], ['new', 'GET', undefined, null], ['old', 'GET']]);
  });
});

test('popups: window.open and target=_blank are new pages of the context', async () => {
  await withPage(async (page, ctx) => {
    const [popup] = await Promise.all([ctx.waitForEvent('page'), page.click('#popup')]);
    await popup.waitForLoadState();
    assert.equal(popup.url(), `${base}/two?popup`);
    assert.equal(await popup.evaluate(() => window.opener), null);
    assert.equal(await popup.locator('#two').textContent(), 'page two');
    const [tab] = await Promise.all([page.waitForEvent('popup'), page.click('#blank')]);
    await tab.waitForLoadState();
    assert.equal(tab.url(), `${base}/two?blank`);
    assert.equal(ctx.pages().length, 3);
  });
});

test('cookies belong to their context', async () => {
  const a = await browser.newContext();
  const b = await browser.newContext();
  try {
    await a.addCookies([{ name: 'k', value: 'v1', domain: '127.0.0.1', path: '/', httpOnly: true, sameSite: 'Strict' }]);
    const pa = await a.newPage();
    const pb = await b.newPage();
    await pa.goto(`${base}/two?a`);
    await pb.goto(`${base}/two?b`);
    assert.equal(seen.find((r) => r.url === '/two?a').cookie, 'k=v1');
    assert.equal(seen.find((r) => r.url === '/two?b').cookie, '');
    assert.deepEqual((await a.cookies()).map((c) => [c.name, c.value, c.httpOnly, c.sameSite]), [['k', 'v1', true, 'Strict']]);
    await a.clearCookies();
    await pa.goto(`${base}/two?a2`);
    assert.equal(seen.find((r) => r.url === '/two?a2').cookie, '');
  } finally {
    await a.close();
    await b.close();
  }
});

test('close ends the browser and removes its profile', async () => {
  const other = await chromium.launch();
  const dir = other._userDataDir;
  assert.ok(existsSync(dir));
  const page = await other.newPage();
  await page.goto(`${base}/two`);
  await other.close();
  assert.equal(existsSync(dir), false);
  assert.equal(other.isConnected(), false);
});
