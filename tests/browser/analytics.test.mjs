// analytics.test.mjs — the Analytics tab in headless Chromium: the licence table read, a total
// changed by a superadmin with Free following, and the tab leaving the bar (without a reload)
// when the last licence goes — coming back when one is given again. Uses its own users (9965xx).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from './browser.mjs';
import { BASE, sql } from '../http/helpers.mjs';

const withPage = useBrowser();

const USED = 996501, LAST = 996502, CASE = 996590;

const cleanup = () => sql(`
  DELETE FROM audit_log WHERE user_id IN (${USED}, ${LAST});
  DELETE FROM analytics_cases WHERE id = ${CASE};
  DELETE FROM users WHERE id IN (${USED}, ${LAST});`);

before(() => {
  cleanup();
  sql(`
    INSERT INTO users (id, parent_id, origin, billing_id, username, login, status) VALUES
      (${USED}, NULL, 'billing', 'ACC-BRA-1', 'Licensed user', 'bra.used', 'active'),
      (${LAST}, NULL, 'billing', 'ACC-BRA-2', 'Last licence', 'bra.last', 'active');
    INSERT INTO user_licenses (user_id, level_id, total) VALUES (${USED}, 1, 3), (${LAST}, 2, 1);
    INSERT INTO analytics_cases (id, user_id, name, permission_id) VALUES (${CASE}, ${USED}, 'Gate line', 28);
    INSERT INTO analytics_case_cameras (case_id, camera_id) VALUES (${CASE}, 1);`);
});
after(cleanup);

async function openTab(page, id) {
  await page.goto(`${BASE}/admin/users/${id}?tab=analytics`);
  await page.waitForFunction(() => {
    const p = document.getElementById('tab-panel');
    return p && p.dataset.tab === 'analytics' && !p.hasAttribute('aria-busy') && p.querySelector('#licences-table');
  });
}

const cell = (page, lvl, cls) => page.locator(`#licences-table tr[data-level="${lvl}"] td.${cls}`).textContent();

test('the licence table reads per level; a superadmin changes a total and Free follows', async () => {
  await withPage(async (page) => {
    await openTab(page, USED);
    assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll('#licences-table thead th')].map((th) => th.textContent)),
      ['Video analytics level', 'Total', 'Used', 'Free']);
    assert.equal((await cell(page, 'L1', 'used')).trim(), '1');
    assert.equal((await cell(page, 'L1', 'free')).trim(), '2');
    assert.equal(await page.locator('#cases-table tr[data-case-id]').count(), 1);
    await page.fill('#licences-table tr[data-level="L1"] input[name="total"]', '5');
    await page.locator('#licences-table tr[data-level="L1"] button[type="submit"]').click();
    await page.locator('#tab-panel .note.saved', { hasText: 'L1: 3 → 5 licences.' }).waitFor();
    assert.equal((await cell(page, 'L1', 'free')).trim(), '4');
    await page.fill('#licences-table tr[data-level="L1"] input[name="total"]', '0');
    await page.locator('#licences-table tr[data-level="L1"] button[type="submit"]').click();
    await page.locator('#tab-panel .note.saved', { hasText: 'L1: 5 → 0 licences.' }).waitFor();
    assert.match(await page.locator('#licences-table tr.hidden-cases').textContent(), /1 case hidden since .*; deleted permanently on /);
    assert.equal(await page.locator('#cases-table tr[data-case-id]').count(), 0);
    assert.equal(await page.locator('#tab-analytics').count(), 1, 'a hidden case keeps the tab');
  });
});

test('the Analytics tab leaves the bar when the last licence goes, and comes back, without a reload', async () => {
  await withPage(async (page) => {
    await openTab(page, LAST);
    await page.evaluate(() => { window.stillHere = true; });
    await page.fill('#licences-table tr[data-level="L2"] input[name="total"]', '0');
    await page.locator('#licences-table tr[data-level="L2"] button[type="submit"]').click();
    await page.waitForFunction(() => !document.getElementById('tab-analytics'));
    assert.ok(await page.locator('#analytics-not-offered').isVisible());
    assert.equal(await page.locator('#profile-header').getAttribute('data-tabs'), 'user cameras intercoms billing-events access audit');
    await page.fill('#licences-table tr[data-level="L2"] input[name="total"]', '2');
    await page.locator('#licences-table tr[data-level="L2"] button[type="submit"]').click();
    await page.locator('#tab-analytics').waitFor();
    assert.equal(await page.evaluate(() => window.stillHere), true, 'no reload');
  });
});
