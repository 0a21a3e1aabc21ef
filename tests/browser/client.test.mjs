// client.test.mjs — the web client in Chromium: an administrator's Log in as User opens it as
// the user in a new tab (opened by the click itself), with the banner and the user's cameras,
// and End session ends it; a subscriber signs in, moves between its sections and signs out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from './browser.mjs';
import { BASE, demoPassword, shownTime, sql } from '../http/helpers.mjs';

const withPage = useBrowser();

const text = async (loc) => (await loc.textContent()).replace(/\s+/g, ' ').trim();

test('Log in as User opens the web client as the user in a new tab; End session ends it', async () => {
  await withPage(async (page, ctx) => {
    await page.goto(`${BASE}/admin/users/1001`);
    await page.locator('#profile-header').waitFor();
    const [popup] = await Promise.all([
      ctx.waitForEvent('page'),
      page.click('button[data-action="login-as"]'),
    ]);
    await popup.waitForURL((u) => u.pathname === '/app/cameras');
    assert.equal(new URL(popup.url()).search, '', 'the token left the address bar');
    assert.equal(await popup.evaluate(() => history.length), 1, 'and the history');
    assert.equal(await popup.evaluate(() => window.opener), null, 'opened without an opener');
    assert.equal(await text(popup.locator('#impersonation-banner')),
      'Signed in as ivan.petrov by administrator admin · End session');
    assert.equal(await popup.locator('#cameras-table tr[data-camera-id]').count(), 12);
    assert.equal(await popup.locator('#cameras-table tr[data-camera-id="1"] td.name').textContent(), 'Entrance hall');
    // as the database has it now (the sync tests move it on)
    const [[version, at]] = sql('SELECT settings_version, settings_at FROM users WHERE id = 1001');
    assert.equal(await popup.locator('#settings-version').textContent(),
      `Camera settings as of ${shownTime(at)} (version ${version})`);
    await popup.click('#nav-intercoms');
    await popup.waitForURL((u) => u.pathname === '/app/intercoms');
    assert.ok(await popup.locator('#impersonation-banner').isVisible(), 'the banner on every page');
    await Promise.all([
      popup.waitForURL((u) => u.pathname === '/app/login'),
      popup.click('#end-session'),
    ]);
    assert.equal(await popup.locator('#ended').textContent(), 'Your session has ended.');
    await popup.goto(`${BASE}/app/cameras`);
    assert.equal(new URL(popup.url()).pathname, '/app/login', 'the session is over');
    // the administrator's own tab is untouched
    await page.reload();
    await page.locator('#profile-header').waitFor();
    assert.equal(await page.locator('#hdr-login').textContent(), 'ivan.petrov');
  });
});

test('a subscriber signs in, sees its cameras, intercoms and sub-users, and signs out', async () => {
  await withPage(async (page) => {
    await page.goto(`${BASE}/app/`);
    assert.equal(new URL(page.url()).pathname, '/app/login');
    await page.fill('#login-form input[name="login"]', 'ivan.petrov');
    await page.fill('#login-form input[name="password"]', demoPassword());
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/app/cameras'),
      page.click('#login-form button[type="submit"]'),
    ]);
    assert.equal(await page.locator('#impersonation-banner').count(), 0);
    assert.equal(await page.locator('#cameras-table tr[data-camera-id="1"] .action').count(), 6);
    await page.getByRole('link', { name: 'My sub-users' }).click();
    await page.waitForURL((u) => u.pathname === '/app/subusers');
    assert.equal(await page.locator('#subusers-table tr[data-user-id]').count(), 2);
    await page.getByRole('link', { name: 'My intercoms' }).click();
    await page.waitForURL((u) => u.pathname === '/app/intercoms');
    assert.match(await page.locator('#intercoms-table tr[data-apartment-id="1"] td.keys').textContent(), /0000003045CAAC/);
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/app/login'),
      page.click('#logout-form button'),
    ]);
    assert.equal(await page.locator('#ended').textContent(), 'Your session has ended.');
  }, { signedIn: false });
});

test('a paused subscriber sees the notice and every camera blocked', async () => {
  await withPage(async (page) => {
    await page.goto(`${BASE}/app/login`);
    await page.fill('#login-form input[name="login"]', 'maria.smirnova');
    await page.fill('#login-form input[name="password"]', demoPassword());
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/app/cameras'),
      page.click('#login-form button[type="submit"]'),
    ]);
    assert.match(await page.locator('#blocked-notice').textContent(), /paused/);
    const rows = await page.locator('#cameras-table tr[data-camera-id]').count();
    assert.equal(await page.locator('#cameras-table tr[data-camera-id] .badge-blocked').count(), rows);
    assert.equal(await page.locator('#cameras-table .action').count(), 0);
  }, { signedIn: false });
});
