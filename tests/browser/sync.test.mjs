// sync.test.mjs — Synchronize cameras in the browser against the real instance: the header shows
// the job live until "done" (demo user 1001's apps answer through the local receiver that the
// instance runs) and still shows it after the page is opened again; a job that fails shows why;
// the Audit tab lists the press.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from './browser.mjs';
import { BASE } from '../http/helpers.mjs';
import { deadPort, makeUser, removeUsers } from '../http/sync-helpers.mjs';

const withPage = useBrowser();
after(() => removeUsers());

async function openProfile(page, id, query = '') {
  await page.goto(`${BASE}/admin/users/${id}${query}`);
  await page.locator('#profile-header').waitFor();
}

/** Wait until the header's sync line shows a job in one of the states. */
function syncState(page, states) {
  return page.waitForFunction((want) => {
    const line = document.getElementById('sync-status');
    return line && !line.hidden && want.includes(line.dataset.state) ? line.dataset.state : false;
  }, states);
}

test('Synchronize cameras: the header follows the job to "done", and shows it again on return', async () => {
  await withPage(async (page) => {
    await openProfile(page, 1001);
    await page.click('button[data-action="sync-cameras"]');
    await syncState(page, ['pending', 'delivering', 'done']);
    const jobId = await page.locator('#sync-status').getAttribute('data-job-id');
    assert.match(jobId, /^\d+$/);
    await syncState(page, ['done']);
    const text = await page.locator('#sync-status').textContent();
    assert.match(text, /^Synchronize cameras: done — delivered to 3 of 3 environments · finished .* UTC · requested .* by admin$/);
    await openProfile(page, 1001);
    await syncState(page, ['done']);
    assert.equal(await page.locator('#sync-status').getAttribute('data-job-id'), jobId, 'the last job after a reload');
  });
});

test('a synchronisation that fails shows why in the header', async () => {
  const u = makeUser({ envs: [{ kind: 'desktop', label: 'Shop PC', url: `http://127.0.0.1:${await deadPort()}/x` }] });
  await withPage(async (page) => {
    await openProfile(page, u.id);
    await page.click('button[data-action="sync-cameras"]');
    await syncState(page, ['failed']);
    const text = await page.locator('#sync-status').textContent();
    assert.match(text, /^Synchronize cameras: failed — delivered to 1 of 2 environments · Shop PC \(desktop\): /);
    assert.equal(await page.locator('#sync-status .sync-state').textContent(), 'failed');
  });
});

test('the Audit tab lists the press with who did it', async () => {
  await withPage(async (page) => {
    await openProfile(page, 1001);
    await page.getByRole('tab', { name: 'Audit', exact: true }).click();
    await page.locator('#audit-table tr[data-action="user.sync.requested"]').first().waitFor();
    const first = page.locator('#audit-table tr[data-action="user.sync.requested"]').first();
    assert.equal(await first.locator('.admin').textContent(), 'admin');
    assert.equal(await first.locator('.label').textContent(), 'Synchronize cameras: requested');
  }, { login: 'operator' });
});
