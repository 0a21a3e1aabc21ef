// fragments.test.mjs — what the profile page (static/profile.js) lets into the DOM as HTML:
// only answers labelled text/html, on every path (tab load, header, form answers), and never
// an answer of another kind asked for through the page URL (?format=csv). A billing user owns
// a camera whose name is markup, sent by billing's new_camera; its CSV cell holds it verbatim.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from './browser.mjs';
import { BASE } from '../http/helpers.mjs';
import { Run } from '../http/billing-helpers.mjs';

const withPage = useBrowser();
const HOSTILE = '"><img src=x onerror=alert(1)>';
const run = new Run('frag');
let userId;

before(async () => {
  userId = await run.newUser('');
  const res = await run.send(run.req('billing.new_camera', run.account(),
    { external_id: run.camera('-1'), name: HOSTILE }));
  assert.equal(res.status, 200, res.text);
});
after(() => run.cleanup());

async function waitPanel(page, slug) {
  await page.waitForFunction((s) => {
    const p = document.getElementById('tab-panel');
    return p && p.dataset.tab === s && !p.hasAttribute('aria-busy') && p.childElementCount > 0;
  }, slug);
}

const injected = (page) => page.locator('img').count();

test('a page URL asking for the CSV shows the tab itself, the hostile name as text', async () => {
  await withPage(async (page) => {
    const asked = [];
    page.on('request', (r) => { if (new URL(r.url()).pathname.endsWith('/cameras')) asked.push(new URL(r.url()).search); });
    await page.goto(`${BASE}/admin/users/${userId}?tab=cameras&format=csv`);
    await waitPanel(page, 'cameras');
    await page.locator('#cameras-table a.camera').waitFor();
    assert.equal(await injected(page), 0, 'no element from the camera name');
    assert.equal(await page.locator('#cameras-table a.camera').textContent(), HOSTILE);
    assert.deepEqual(asked, [''], 'the tab was asked for without format=');
    assert.equal(new URL(page.url()).searchParams.get('format'), null, 'the page URL no longer asks for it');
  });
});

test('a tab answer that is not text/html is not inserted and a clear message says so', async () => {
  await withPage(async (page) => {
    await page.route((u) => u.pathname === `/admin/users/${userId}/cameras`, (route) => route.fulfill({
      status: 200, contentType: 'text/csv; charset=utf-8', body: `ID,Name\r\n1,"""${HOSTILE}"\r\n`,
    }));
    await page.goto(`${BASE}/admin/users/${userId}?tab=cameras`);
    await waitPanel(page, 'cameras');
    assert.equal(await injected(page), 0);
    assert.match(await page.locator('#tab-panel [role="alert"]').textContent(),
      /Could not show the Cameras tab: the server answered with text\/csv, not a page section\./);
  });
});

test('a form answer that is not text/html is not inserted and a clear message says so', async () => {
  await withPage(async (page) => {
    await page.route((u) => u.pathname === `/admin/users/${userId}/cameras`, (route) => {
      if (route.request().method() === 'POST') {
        return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ name: HOSTILE }) });
      }
      return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8',
        body: `<form method="post" action="/admin/users/${userId}/cameras" data-fetch><button type="submit">Save</button></form>` });
    });
    await page.goto(`${BASE}/admin/users/${userId}?tab=cameras`);
    await waitPanel(page, 'cameras');
    await page.click('#tab-panel button[type="submit"]');
    await page.locator('#tab-panel [role="alert"]').waitFor();
    assert.equal(await injected(page), 0);
    assert.match(await page.locator('#tab-panel [role="alert"]').textContent(), /application\/json, not a page section/);
  });
});

test('a header answer that is not text/html is not inserted', async () => {
  await withPage(async (page) => {
    await page.route((u) => u.pathname === `/admin/users/${userId}/header`, (route) => route.fulfill({
      status: 200, contentType: 'text/plain',
      body: `<div id="profile-header" data-tabs="user cameras"><p>${HOSTILE}</p></div>`,
    }));
    await page.goto(`${BASE}/admin/users/${userId}`);
    await page.locator('#header-slot [role="alert"]').waitFor();
    assert.equal(await injected(page), 0);
    assert.match(await page.locator('#header-slot').textContent(), /unexpected answer/);
  });
});

test('a CSV link inside a fragment is a download, not a tab load', async () => {
  await withPage(async (page) => {
    await page.route((u) => u.pathname === `/admin/users/${userId}/cameras`, (route) => {
      const q = new URL(route.request().url()).search;
      return q.includes('format=csv')
        ? route.fulfill({ status: 200, contentType: 'text/csv; charset=utf-8', body: `ID,Name\r\n1,"""${HOSTILE}"\r\n`,
          headers: { 'content-disposition': 'attachment; filename="x.csv"' } })
        : route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8',
          body: `<section id="loaded"><a id="csv" href="/admin/users/${userId}/cameras?format=csv">CSV</a></section>` });
    });
    await page.goto(`${BASE}/admin/users/${userId}?tab=cameras`);
    await page.locator('#loaded').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#csv')]);
    assert.equal(download.suggestedFilename(), 'x.csv');
    assert.equal(await injected(page), 0);
    assert.ok(!new URL(page.url()).search.includes('format'), 'the page URL does not take format=');
  });
});
