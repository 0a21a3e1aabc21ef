// layout.test.mjs — the administrator's day in headless Chromium: every page in one frame (a
// card that does not exist answers in the layout, with Sign out and a way back), the way back
// from a card to the profile it was opened from, the state of a user at a glance (a paused
// user's blocked cameras, the cameras outside an operator's scope), the superadmins' pages in
// the top bar, and the layout at 800 px wide and with long unbroken names at 1366 px: no page
// wider than the window, every tab on screen and working. (axe-core checks every page visited:
// browser.mjs.)
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from './browser.mjs';
import { BASE, sql } from '../http/helpers.mjs';

const withPage = useBrowser();

async function waitPanel(page, slug) {
  await page.waitForFunction((s) => {
    const p = document.getElementById('tab-panel');
    return p && p.dataset.tab === s && !p.hasAttribute('aria-busy') && p.children.length > 0;
  }, slug);
}

/** How much wider than the window (less its scroll bar) the document is: 0 when it fits. */
const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

const crumbs = (page) => page.locator('nav.crumbs li').allTextContents();

test('a card that does not exist answers in the frame: top bar, heading, message, a way back, Sign out', async () => {
  await withPage(async (page) => {
    await page.goto(`${BASE}/admin/cameras/999999`);
    assert.equal(await page.locator('h1').textContent(), '404 Not Found');
    assert.equal(await page.locator('main [role="alert"]').textContent(), 'There is no camera 999999.');
    assert.equal(await page.locator('.topbar .who').textContent(), 'admin');
    assert.equal(await page.locator('main a[href="/admin/users"]').textContent(), 'Back to the users');
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/admin/login'),
      page.click('.topbar form[action="/admin/logout"] button'),
    ]);
  });
});

test('a camera card opened from a profile leads back to it; opened directly, to the user list', async () => {
  await withPage(async (page) => {
    await page.goto(`${BASE}/admin/users/1001?tab=cameras`);
    await waitPanel(page, 'cameras');
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/admin/cameras/1'),
      page.click('#cameras-table tr[data-camera-id="1"] a.camera'),
    ]);
    await page.locator('#camera-card').waitFor();
    assert.deepEqual(await crumbs(page), ['Users', 'Ivan Petrov', 'Camera Entrance hall']);
    // the card names its users, each a link to its profile
    const users = await page.locator('#camera-user-list a').allTextContents();
    assert.ok(users.includes('Ivan Petrov'), `users listed: ${users}`);
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/admin/users/1001' && u.searchParams.get('tab') === 'cameras'),
      page.click('nav.crumbs a[href^="/admin/users/1001"]'),
    ]);
    await waitPanel(page, 'cameras');

    await page.goto(`${BASE}/admin/cameras/1`);
    assert.deepEqual(await crumbs(page), ['Users', 'Camera Entrance hall']);
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/admin/users'),
      page.click('nav.crumbs a[href="/admin/users"]'),
    ]);
  });
});

test('a paused user\'s Cameras tab says why at the top and marks every camera blocked', async () => {
  await withPage(async (page) => {
    await page.goto(`${BASE}/admin/users/1002?tab=cameras`);
    await waitPanel(page, 'cameras');
    assert.match(await page.locator('#tab-panel .notice-paused').textContent(), /paused by billing: its cameras are blocked/);
    const rows = await page.locator('#cameras-table tbody tr[data-camera-id]').count();
    assert.ok(rows > 0);
    assert.equal(await page.locator('#cameras-table tbody tr[data-camera-id] .badge-blocked').count(), rows);
    // an active user's are not
    await page.goto(`${BASE}/admin/users/1001?tab=cameras`);
    await waitPanel(page, 'cameras');
    assert.equal(await page.locator('#tab-panel .notice-paused, #cameras-table .badge-blocked').count(), 0);
  });
});

test('an operator sees how many of the user\'s cameras are outside its scope, and no more of them', async () => {
  const [[outside]] = sql(`SELECT COUNT(*) FROM user_cameras uc WHERE uc.user_id = 1001 AND NOT EXISTS
    (SELECT 1 FROM admin_cameras ac WHERE ac.admin_id = 2 AND ac.camera_id = uc.camera_id)`);
  assert.ok(Number(outside) > 1);
  await withPage(async (page) => {
    await page.goto(`${BASE}/admin/users/1001?tab=cameras`);
    await waitPanel(page, 'cameras');
    assert.equal(await page.locator('#outside-scope').textContent(),
      `${outside} more cameras of this user are outside your scope and not shown; a superadmin can see them.`);
    // no superadmin pages in its top bar
    assert.equal(await page.locator('.topbar a[href="/admin/audit"]').isVisible(), false);
  }, { login: 'operator' });
});

test('a superadmin\'s top bar offers Billing requests and the Audit trail, on the profile and elsewhere', async () => {
  await withPage(async (page) => {
    await page.goto(`${BASE}/admin/users/1001`);
    await waitPanel(page, 'user');
    for (const href of ['/admin/billing-events', '/admin/audit']) {
      assert.ok(await page.locator(`.topbar a[href="${href}"]`).isVisible(), href);
    }
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/admin/audit'),
      page.click('.topbar a[href="/admin/audit"]'),
    ]);
    assert.ok(await page.locator('.topbar a[href="/admin/billing-events"]').isVisible());
  });
});

test('at 800 px wide the profile fits the window and every tab is on screen and opens', async () => {
  await withPage(async (page) => {
    await page.goto(`${BASE}/admin/users/1001`);
    await waitPanel(page, 'user');
    const slugs = (await page.locator('#profile-header').getAttribute('data-tabs')).split(' ');
    assert.ok(slugs.includes('analytics') && slugs.length >= 8, `tabs: ${slugs}`);
    for (const slug of slugs) {
      const tab = page.locator(`#tab-list [role="tab"][data-tab="${slug}"]`);
      const box = await tab.evaluate((el) => {
        const r = el.getBoundingClientRect();
        return { left: r.left, right: r.right, width: document.documentElement.clientWidth };
      });
      assert.ok(box.left >= 0 && box.right <= box.width, `tab ${slug} on screen: ${JSON.stringify(box)}`);
      await tab.click();
      await waitPanel(page, slug);
      assert.equal(await overflow(page), 0, `the ${slug} tab fits 800 px`);
    }
    for (const path of ['/admin/users', '/admin/cameras/1?from=1001', '/admin/intercoms/1', '/admin/billing-events', '/admin/audit']) {
      await page.goto(`${BASE}${path}`);
      assert.equal(await overflow(page), 0, `${path} fits 800 px`);
    }
  }, { viewport: { width: 800, height: 900 } });
});

const LONG = 996901;
const longName = `Camera${'W'.repeat(120)}`;
after(() => {
  sql(`DELETE FROM user_cameras WHERE user_id = ${LONG}; DELETE FROM cameras WHERE id = ${LONG};
       DELETE FROM users WHERE id = ${LONG};`);
});

test('long unbroken names wrap at 1366 px: the header, the User tab, the Cameras tab and the card fit', async () => {
  sql(`DELETE FROM user_cameras WHERE user_id = ${LONG}; DELETE FROM cameras WHERE id = ${LONG};
       DELETE FROM users WHERE id = ${LONG};
       INSERT INTO users (id, origin, username, login, status, created_at)
         VALUES (${LONG}, 'admin', 'User${'M'.repeat(150)}', 'login${'x'.repeat(120)}', 'active', UTC_TIMESTAMP());
       INSERT INTO cameras (id, external_id, name, status, created_at)
         VALUES (${LONG}, 'long-${LONG}', '${longName}', 'active', UTC_TIMESTAMP());
       INSERT INTO user_cameras (user_id, camera_id) VALUES (${LONG}, ${LONG});`);
  await withPage(async (page) => {
    await page.goto(`${BASE}/admin/users/${LONG}`);
    await waitPanel(page, 'user');
    assert.equal(await overflow(page), 0, 'the header and User tab fit');
    await page.locator('#tab-list [role="tab"][data-tab="cameras"]').click();
    await waitPanel(page, 'cameras');
    assert.equal(await overflow(page), 0, 'the Cameras tab fits');
    await page.goto(`${BASE}/admin/cameras/${LONG}?from=${LONG}`);
    assert.equal(await page.locator('#camera-name').textContent(), longName, 'the whole name is there');
    assert.equal(await overflow(page), 0, 'the card fits');
  }, { viewport: { width: 1366, height: 900 } });
});
