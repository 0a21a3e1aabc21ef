// billing-events.test.mjs — the Billing Events tab in the profile page, in headless Chromium
// against the real programs: it opens from the URL, filters by type, pages to older events and
// back, expands a row to its stored payload, and shows hostile text as text. Demo user 1001
// has 26 events (two pages), 11 of them billing.new_camera.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from './browser.mjs';
import { BASE, sql } from '../http/helpers.mjs';

const withPage = useBrowser();

/** Wait until the panel shows the Billing Events tab with nothing loading. */
async function waitTab(page) {
  await page.waitForFunction(() => {
    const p = document.getElementById('tab-panel');
    return p && p.dataset.tab === 'billing-events' && !p.hasAttribute('aria-busy') &&
      p.querySelector('#billing-events-table');
  });
}

/** Wait until the first row of the table is event id. */
async function waitFirstRow(page, id) {
  await page.waitForFunction((want) =>
    document.querySelector('#billing-events-table tbody tr')?.dataset.eventId === String(want), id);
}

const rowIds = (page) => page.locator('#billing-events-table tbody tr[data-event-id]')
  .evaluateAll((trs) => trs.map((tr) => Number(tr.dataset.eventId)));
const typeCodes = (page) => page.locator('#billing-events-table td.type code:first-child').allTextContents();
const search = (page) => new URL(page.url()).search;

test('the tab opens from the page URL and lists the newest events first', async () => {
  await withPage(async (page) => {
    await page.goto(`${BASE}/admin/users/1001?tab=billing-events`);
    await waitTab(page);
    assert.equal(await page.locator('[role="tab"][aria-selected="true"]').textContent(), 'Billing Events');
    assert.deepEqual(await page.locator('#billing-events-table thead th').allTextContents(), ['ID', 'Type', 'Created at']);
    const ids = await rowIds(page);
    assert.equal(ids.length, 25);
    assert.equal(ids[0], 43);
    assert.ok(ids.every((v, i) => i === 0 || ids[i - 1] > v));
    const first = page.locator('#billing-events-table tbody tr').first();
    assert.match(await first.locator('td.type').textContent(), /billing\.update_password\s+—\s+Billing\. Update password/);
  });
});

test('filtering by type shows only that type, keeps it in the URL, and back undoes it', async () => {
  await withPage(async (page) => {
    await page.goto(`${BASE}/admin/users/1001?tab=billing-events`);
    await waitTab(page);
    await page.selectOption('#billing-events-type', 'billing.new_camera');
    await page.click('#billing-events-filter button[type="submit"]');
    await page.waitForFunction(() => document.querySelectorAll('#billing-events-table tbody tr[data-event-id]').length === 11);
    assert.equal(search(page), '?tab=billing-events&type=billing.new_camera&limit=25');
    assert.deepEqual(new Set(await typeCodes(page)), new Set(['billing.new_camera']));
    assert.equal(await page.locator('#billing-events-type').inputValue(), 'billing.new_camera');
    await page.goBack();
    await page.waitForFunction(() => document.querySelectorAll('#billing-events-table tbody tr[data-event-id]').length === 25);
    assert.equal(search(page), '?tab=billing-events');
  });
});

test('Older pages back to earlier events and Newer returns, in the panel', async () => {
  await withPage(async (page) => {
    await page.goto(`${BASE}/admin/users/1001?tab=billing-events`);
    await waitTab(page);
    await page.evaluate(() => { window.stillHere = true; });
    const firstPage = await rowIds(page);
    await page.getByRole('link', { name: 'Older' }).click();
    await waitFirstRow(page, 1);
    assert.deepEqual(await rowIds(page), [1]);
    assert.match(search(page), /^\?tab=billing-events&after=[A-Za-z0-9_-]+$/);
    assert.equal(await page.getByRole('link', { name: 'Older' }).count(), 0);
    await page.getByRole('link', { name: 'Newer' }).click();
    await waitFirstRow(page, 43);
    assert.deepEqual(await rowIds(page), firstPage);
    await page.goBack();
    await waitFirstRow(page, 1);
    await page.getByRole('link', { name: 'Newest' }).click();
    await waitFirstRow(page, 43);
    assert.equal(await page.evaluate(() => window.stillHere), true, 'the page itself never reloaded');
  });
});

test('a type filter stays on while paging', async () => {
  /* user 1004 has no events: give it 30 pauses and 5 unpauses, newest last */
  const clean = () => sql("DELETE FROM billing_events WHERE request_id LIKE 'browser-paging-%'");
  clean();
  sql(`INSERT INTO billing_events (request_id, user_id, account, type, payload, result)
       SELECT CONCAT('browser-paging-', seq), 1004, 'ACC-100045',
              IF(seq MOD 7 = 0, 'billing.unpause_entity', 'billing.pause_entity'), '{}', 'applied'
       FROM seq_1_to_35`);
  const ids = sql(`SELECT id FROM billing_events WHERE request_id LIKE 'browser-paging-%'
                   AND type = 'billing.pause_entity' ORDER BY id DESC`).map(([id]) => Number(id));
  try {
    await withPage(async (page) => {
      await page.goto(`${BASE}/admin/users/1004?tab=billing-events&type=billing.pause_entity`);
      await waitTab(page);
      assert.deepEqual(await rowIds(page), ids.slice(0, 25));
      await page.getByRole('link', { name: 'Older' }).click();
      await waitFirstRow(page, ids[25]);
      assert.deepEqual(await rowIds(page), ids.slice(25));
      assert.match(search(page), /^\?tab=billing-events&type=billing\.pause_entity&after=/);
      assert.deepEqual(new Set(await typeCodes(page)), new Set(['billing.pause_entity']));
      await page.getByRole('link', { name: 'Newer' }).click();
      await waitFirstRow(page, ids[0]);
      assert.deepEqual(await rowIds(page), ids.slice(0, 25));
    });
  } finally {
    clean();
  }
});

test('expanding a row shows its stored payload with the password redacted', async () => {
  await withPage(async (page) => {
    await page.goto(`${BASE}/admin/users/1001?tab=billing-events`);
    await waitTab(page);
    const row = page.locator('#billing-events-table tr[data-payload-of="20"]');
    const pre = row.locator('pre.payload');
    assert.equal(await pre.isVisible(), false);
    await row.locator('summary').click();
    await pre.waitFor({ state: 'visible' });
    const payload = JSON.parse(await pre.textContent());
    assert.equal(payload.type, 'billing.update_password');
    assert.equal(payload.data.password, '***');
  });
});

test('a failed request is marked failed with its reason', async () => {
  await withPage(async (page) => {
    await page.goto(`${BASE}/admin/users/1001?tab=billing-events&type=billing.attach_camera_unknown_csa`);
    await waitTab(page);
    const row = page.locator('#billing-events-table tr[data-event-id="17"]');
    assert.equal(await row.locator('.badge-failed').textContent(), 'failed');
    assert.equal(await row.locator('.reason').textContent(), 'unknown CSA code: CSA-0777');
  });
});

test('a type holding <script> is shown as text and runs nothing', async () => {
  await withPage(async (page) => {
    await page.goto(`${BASE}/admin/users/1003?tab=billing-events`);
    await waitTab(page);
    const row = page.locator('#billing-events-table tr[data-event-id="24"]');
    assert.equal(await row.locator('.sent-type code').textContent(), '<script>alert(1)</script>');
    assert.equal(await page.locator('#tab-panel script').count(), 0);
  });
});
