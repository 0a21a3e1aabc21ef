// cameras.test.mjs — the Cameras and Intercoms tabs in headless Chromium, inside the profile
// page (htdocs/user.html + static/profile.js): filter by status, sort, follow a location link
// to the camera card, open an intercom card from the Intercoms tab; hostile names stay text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from './browser.mjs';
import { BASE } from '../http/helpers.mjs';

const withPage = useBrowser();

/** Wait until the panel shows tab slug, loaded. */
async function waitPanel(page, slug) {
  await page.waitForFunction((s) => {
    const p = document.getElementById('tab-panel');
    return p && p.dataset.tab === s && !p.hasAttribute('aria-busy');
  }, slug);
}

/** The camera ids of the table in the panel, once they equal want (or time out). */
async function waitRows(page, selector, attr, want) {
  await page.waitForFunction(([sel, a, w]) => {
    const ids = [...document.querySelectorAll(`${sel} tbody tr[${a}]`)].map((r) => Number(r.getAttribute(a)));
    return JSON.stringify(ids) === JSON.stringify(w);
  }, [selector, attr, want], { timeout: 10000 }).catch(() => {});
  return page.$$eval(`${selector} tbody tr[${attr}]`, (rs, a) => rs.map((r) => Number(r.getAttribute(a))), attr);
}

test('the Cameras tab filters by status and a location link opens the camera card', async () => {
  await withPage(async (page) => {
    await page.goto(`${BASE}/admin/users/1001?tab=cameras`);
    await waitPanel(page, 'cameras');
    assert.deepEqual(await waitRows(page, '#cameras-table', 'data-camera-id', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    assert.match(await page.locator('#tab-panel .status-counts').textContent(), /partially active\s*3/);

    await page.selectOption('#cameras-filter select[name="status"]', 'inactive');
    await page.click('#cameras-filter button[type="submit"]');
    assert.deepEqual(await waitRows(page, '#cameras-table', 'data-camera-id', [6, 7]), [6, 7]);
    await waitPanel(page, 'cameras');
    const url = new URL(page.url());
    assert.equal(url.pathname, '/admin/users/1001');
    assert.equal(url.searchParams.get('tab'), 'cameras');
    assert.equal(url.searchParams.get('status'), 'inactive');
    assert.equal(await page.locator('#cameras-filter select[name="status"]').inputValue(), 'inactive');

    await Promise.all([
      page.waitForURL(`${BASE}/admin/cameras/6?from=1001#general`),
      page.click('#cameras-table tr[data-camera-id="6"] a.location'),
    ]);
    await page.locator('#camera-card').waitFor();
    assert.equal(await page.locator('#camera-name').textContent(), 'Dacha gate');
    assert.equal(await page.locator('#camera-location').textContent(), 'Moscow region, Istra, SNT "Rassvet", plot 114');
    assert.equal(await page.locator('#general-tab').textContent(), 'General data');
    assert.equal(await page.locator('#camera-card .crumbs, nav.crumbs [aria-current]').first().textContent(), 'Camera Dacha gate');
    assert.equal(await page.locator('#camera-status').textContent(), 'inactive');

    await page.goBack();
    await waitPanel(page, 'cameras');
    assert.deepEqual(await waitRows(page, '#cameras-table', 'data-camera-id', [6, 7]), [6, 7]);
  });
});

test('a column header sorts the list inside the panel', async () => {
  await withPage(async (page) => {
    await page.goto(`${BASE}/admin/users/1001?tab=cameras`);
    await waitPanel(page, 'cameras');
    await page.click('#cameras-table th a[data-sort="name"]');
    assert.deepEqual(await waitRows(page, '#cameras-table', 'data-camera-id', [3, 6, 7, 1, 4, 9, 8, 10, 11, 2, 5, 12]),
      [3, 6, 7, 1, 4, 9, 8, 10, 11, 2, 5, 12]);
    assert.equal(new URL(page.url()).searchParams.get('sort'), 'name');
    assert.equal(await page.locator('#cameras-table th[aria-sort="ascending"]').count(), 1);
  });
});

test('the operator\'s Cameras tab shows only its granted cameras', async () => {
  await withPage(async (page) => {
    await page.goto(`${BASE}/admin/users/1001?tab=cameras`);
    await waitPanel(page, 'cameras');
    assert.deepEqual(await waitRows(page, '#cameras-table', 'data-camera-id', [1, 3, 4, 6, 8, 10]), [1, 3, 4, 6, 8, 10]);
    assert.ok(!(await page.locator('#tab-panel').textContent()).includes('Parking lot'));
  }, { login: 'operator' });
});

test('selecting an intercom row opens the intercom card\'s General data', async () => {
  await withPage(async (page) => {
    await page.goto(`${BASE}/admin/users/1001?tab=intercoms`);
    await waitPanel(page, 'intercoms');
    const rows = page.locator('#intercoms-table tbody tr[data-intercom-id]');
    assert.equal(await rows.count(), 3);
    assert.match(await rows.nth(0).textContent(), /0000003045CAAC\s+00000030A1B2C3/);
    assert.match(await rows.nth(2).textContent(), /no keys/);
    await Promise.all([
      page.waitForURL(`${BASE}/admin/intercoms/2?from=1001#general`),
      page.click('#intercoms-table tr[data-apartment-id="3"] a.intercom'),
    ]);
    await page.locator('#intercom-card').waitFor();
    assert.equal(await page.locator('#intercom-name').textContent(), 'Lenina 12, entrance 3');
    assert.equal(await page.locator('#intercom-department').textContent(), 'Entrance 3');
    assert.match(await page.locator('#apartments-table').textContent(), /101[\s\S]*Ivan Petrov/);
  });
});

test('hostile camera, address and intercom names render as text in the tabs and cards', async () => {
  await withPage(async (page) => {
    await page.goto(`${BASE}/admin/users/1003?tab=cameras`);
    await waitPanel(page, 'cameras');
    const name = page.locator('#cameras-table tr[data-camera-id="18"] a.camera');
    assert.equal(await name.textContent(), "Yard' OR 1=1 -- <img src=x onerror=alert(2)>");
    assert.equal(await page.locator('#tab-panel img').count(), 0);
    await page.goto(`${BASE}/admin/users/1003?tab=intercoms`);
    await waitPanel(page, 'intercoms');
    assert.equal(await page.locator('#intercoms-table a.intercom').textContent(), "Gate' OR 1=1 -- <img src=x onerror=alert(2)>");
    assert.equal(await page.locator('#tab-panel img, #tab-panel b').count(), 0);
    await page.goto(`${BASE}/admin/cameras/18#general`);
    assert.equal(await page.locator('#camera-location').textContent(), 'Tver, O\'Connor "Plaza" 1 <img src=x onerror=alert(1)>');
    await page.goto(`${BASE}/admin/intercoms/4#general`);
    assert.equal(await page.locator('#intercom-department').textContent(), 'Entrance <b>1</b>');
    assert.equal(await page.locator('main img, main b').count(), 0);
  });
});

test('clicking anywhere on an intercom row (not only its name) opens the card', async () => {
  await withPage(async (page) => {
    await page.goto(`${BASE}/admin/users/1001?tab=intercoms`);
    await waitPanel(page, 'intercoms');
    await Promise.all([
      page.waitForURL(`${BASE}/admin/intercoms/2?from=1001#general`),
      page.click('#intercoms-table tr[data-apartment-id="3"] td:last-child'),
    ]);
    await page.locator('#intercom-card').waitFor();
  });
});
