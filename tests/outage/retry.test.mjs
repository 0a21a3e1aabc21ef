// retry.test.mjs — a full page while the database is away: the 503 comes in the frame of every
// page (the top bar; no Sign out, as no session can be read), says it tries again by itself,
// and does: once the database is
// back the page shows itself without anyone touching it. In Chromium, against the real
// instance; stops and starts the database, so it runs with the outage tests.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from '../browser/browser.mjs';
import { BASE, stack } from '../http/helpers.mjs';

const withPage = useBrowser();

after(() => stack('db-start'));

test('a page answering 503 is framed, says it retries, and loads by itself once the database is back', async () => {
  await withPage(async (page) => {
    await page.goto(`${BASE}/admin/users`); /* signed in, the database up: the directory */
    await page.locator('#users-table').waitFor();
    stack('db-stop');
    try {
      await page.goto(`${BASE}/admin/users`);
      await page.locator('.error-page[data-status="503"]').waitFor();
      assert.match(await page.locator('.error-page h1').textContent(), /503/);
      assert.equal(await page.locator('header.topbar a.brand').count(), 1, 'the frame of every page');
      await page.waitForFunction(() => /tries again by itself in \d+ s/.test(document.querySelector('#retry')?.textContent));
    } finally {
      stack('db-start');
    }
    /* nobody reloads: the page does, after its pause */
    await page.locator('#users-table').waitFor({ timeout: 40000 });
    assert.equal(new URL(page.url()).pathname, '/admin/users');
  });
});
