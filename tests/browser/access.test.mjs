// access.test.mjs — the permission editor in headless Chromium: a sub-user's, opened from the
// Sub-users tab in place, and a user's own Access settings tab; ticking a box and a group,
// Save enabled only by a change, the saved state after a reload, the unsaved-changes guard,
// the tab bar following a save, and all of it by keyboard. Uses its own users (9964xx).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from './browser.mjs';
import { BASE, sql } from '../http/helpers.mjs';

const withPage = useBrowser();

const PARENT = 996401, CHILD = 996402, SELF = 996404;

const cleanup = () => sql(`
  DELETE FROM audit_log WHERE user_id BETWEEN 996401 AND 996409;
  DELETE FROM users WHERE id = ${CHILD};
  DELETE FROM users WHERE id IN (${PARENT}, ${SELF});`);

before(() => {
  cleanup();
  sql(`
    INSERT INTO users (id, parent_id, origin, billing_id, username, login, status) VALUES
      (${PARENT}, NULL, 'billing', 'ACC-BRW-1', 'Browser parent', 'brw.parent', 'active'),
      (${CHILD}, ${PARENT}, 'subuser', NULL, 'Browser child', 'brw.child', 'active'),
      (${SELF}, NULL, 'billing', 'ACC-BRW-4', 'Browser self', 'brw.self', 'active');
    INSERT INTO user_licenses (user_id, level_id, total) VALUES (${PARENT}, 1, 2);
    INSERT INTO user_permissions (user_id, permission_id)
      SELECT ${PARENT}, id FROM permissions WHERE code IN ('subusers-manage', 'archives-show');
    INSERT INTO user_permissions (user_id, permission_id)
      SELECT u.id, p.id FROM users u JOIN permissions p ON p.code IN ('archives-show', 'layouts-index')
      WHERE u.id IN (${CHILD}, ${SELF});`);
});
after(cleanup);

const stored = (id) => sql(`SELECT p.code FROM user_permissions up JOIN permissions p ON p.id = up.permission_id
                            WHERE up.user_id = ${id} ORDER BY p.code`).flat();

async function openProfile(page, id, query = '') {
  await page.goto(`${BASE}/admin/users/${id}${query}`);
  await page.locator('#profile-header').waitFor();
}

async function waitPanel(page, slug) {
  await page.waitForFunction((s) => {
    const p = document.getElementById('tab-panel');
    return p && p.dataset.tab === s && !p.hasAttribute('aria-busy') && !p.querySelector('.loading');
  }, slug);
}

/** The state of the checkboxes of an editor: slug → 'on' | 'off', 'mixed' for a group box. */
function boxes(page, scope) {
  return page.evaluate((sel) => {
    const out = {};
    for (const b of document.querySelectorAll(`${sel} input[name="perm"]`)) out[b.value] = b.checked ? 'on' : 'off';
    for (const g of document.querySelectorAll(`${sel} fieldset.perm-group`)) {
      const t = g.querySelector('input[data-group-toggle]');
      out[`group:${g.querySelector('legend').textContent.trim()}`] = t.indeterminate ? 'mixed' : t.checked ? 'on' : 'off';
    }
    return out;
  }, scope);
}

const saveDisabled = (page, scope) =>
  page.evaluate((sel) => document.querySelector(`${sel} button[data-save]`).disabled, scope);
const groupToggle = (page, scope, name) =>
  page.locator(`${scope} fieldset.perm-group`, { hasText: name }).locator('input[data-group-toggle]');

/** Press Tab (or key: 'Shift+Tab') until the focused element matches selector. */
async function tabTo(page, selector, key = 'Tab', limit = 120) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press(key);
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

test("a sub-user's Permissions open in the Sub-users tab: tick a box and a group, Save, reload, stored", async () => {
  await withPage(async (page) => {
    const slot = `#perm-slot-${CHILD}`;
    await openProfile(page, PARENT, '?tab=subusers');
    await waitPanel(page, 'subusers');
    const open = page.getByRole('button', { name: 'Permissions of brw.child' });
    assert.equal(await open.getAttribute('aria-expanded'), 'false');
    await open.click();
    await page.locator(`${slot} form.perm-editor`).waitFor();
    assert.equal(await open.getAttribute('aria-expanded'), 'true');
    assert.equal(new URL(page.url()).search, '?tab=subusers', 'still on the tab');
    assert.equal(await saveDisabled(page, slot), true, 'nothing changed yet');

    await page.locator(`${slot} input[value="ptz-control"]`).click();
    assert.equal(await saveDisabled(page, slot), false);
    await groupToggle(page, slot, 'Marks').click();
    let state = await boxes(page, slot);
    assert.deepEqual(['marks-index', 'marks-store', 'marks-update', 'marks-destroy'].map((s) => state[s]), ['on', 'on', 'on', 'on']);
    assert.equal(state['group:Marks'], 'on');
    assert.equal(state['group:Layouts'], 'mixed', 'one of six layouts permissions');
    assert.equal(state['group:PTZ'], 'mixed');

    await page.locator(`${slot} button[data-save]`).click();
    await page.locator(`${slot} .note.saved`, { hasText: 'Saved: +5 −0' }).waitFor();
    assert.equal(await page.locator(`#perm-count-${CHILD}`).textContent(), '7');
    assert.deepEqual(stored(CHILD), ['archives-show', 'layouts-index', 'marks-destroy', 'marks-index', 'marks-store',
      'marks-update', 'ptz-control']);

    await openProfile(page, PARENT, '?tab=subusers');
    await waitPanel(page, 'subusers');
    await page.getByRole('button', { name: 'Permissions of brw.child' }).click();
    await page.locator(`${slot} form.perm-editor`).waitFor();
    state = await boxes(page, slot);
    assert.equal(state['ptz-control'], 'on');
    assert.equal(state['group:Marks'], 'on');
    assert.equal(state['ptz-presets'], 'off');
    await page.getByRole('button', { name: 'Permissions of brw.child' }).click(); // closes it again
    await page.waitForFunction((s) => document.querySelector(s).closest('tr').hidden, slot);
  });
});

test("a sub-user's analytics permissions of levels its parent lacks are shown disabled with the reason", async () => {
  await withPage(async (page) => {
    await openProfile(page, PARENT, '?tab=subusers');
    await waitPanel(page, 'subusers');
    await page.getByRole('button', { name: 'Permissions of brw.child' }).click();
    const slot = `#perm-slot-${CHILD}`;
    await page.locator(`${slot} form.perm-editor`).waitFor();
    assert.equal(await page.locator(`${slot} input[value="analytic-cases-face"]`).getAttribute('disabled'), '');
    assert.equal(await page.locator(`#why-${CHILD}-analytic-cases-face`).textContent(), 'parent has no L3 licence');
    assert.equal(await page.locator(`${slot} input[value="analytic-cases-loud-sound"]`).getAttribute('disabled'), null);
  });
});

test('Access settings of the user itself: untick, tick a group, Save, reload, stored', async () => {
  await withPage(async (page) => {
    const form = `#perm-editor-${SELF}`;
    await openProfile(page, SELF, '?tab=access');
    await waitPanel(page, 'access');
    assert.equal(await saveDisabled(page, form), true);
    await page.locator(`${form} input[value="archives-show"]`).click();
    assert.equal(await saveDisabled(page, form), false);
    await page.locator(`${form} input[value="archives-show"]`).click();
    assert.equal(await saveDisabled(page, form), true, 'back as loaded: nothing to save');
    await page.locator(`${form} input[value="layouts-index"]`).click();
    await groupToggle(page, form, 'PTZ').click();
    await page.locator(`${form} button[data-save]`).click();
    await page.locator('#tab-panel .note.saved', { hasText: 'Saved: +2 −1' }).waitFor();
    assert.deepEqual(stored(SELF), ['archives-show', 'ptz-control', 'ptz-presets']);
    await openProfile(page, SELF, '?tab=access');
    await waitPanel(page, 'access');
    const state = await boxes(page, form);
    assert.deepEqual([state['layouts-index'], state['group:PTZ'], state['archives-show']], ['off', 'on', 'on']);
    assert.equal(state['group:Archive'], 'mixed');
  });
});

test('leaving with unsaved changes asks first: Stay keeps them, Leave goes', async () => {
  await withPage(async (page) => {
    const form = `#perm-editor-${SELF}`;
    await openProfile(page, SELF, '?tab=access');
    await waitPanel(page, 'access');
    await page.locator(`${form} input[value="marks-index"]`).click();
    await page.getByRole('tab', { name: 'User', exact: true }).click();
    const dialog = page.locator('#leave-dialog');
    await page.waitForFunction(() => document.getElementById('leave-dialog')?.open);
    assert.match(await dialog.textContent(), /Access settings of brw\.self has changes that are not saved/);
    await page.getByRole('button', { name: 'Stay' }).click();
    await page.waitForFunction(() => !document.getElementById('leave-dialog').open);
    assert.equal(new URL(page.url()).search, '?tab=access');
    assert.equal((await boxes(page, form))['marks-index'], 'on', 'the change is still there');

    await page.getByRole('tab', { name: 'Cameras', exact: true }).click();
    await page.waitForFunction(() => document.getElementById('leave-dialog')?.open);
    await page.getByRole('button', { name: 'Leave without saving' }).click();
    await waitPanel(page, 'cameras');
    assert.equal(new URL(page.url()).search, '?tab=cameras');
    assert.ok(!stored(SELF).includes('marks-index'), 'nothing saved');
  });
});

test('a save that grants subusers-manage brings the Sub-users tab into the bar without a reload', async () => {
  await withPage(async (page) => {
    const form = `#perm-editor-${SELF}`;
    await openProfile(page, SELF, '?tab=access');
    await waitPanel(page, 'access');
    assert.equal(await page.locator('#tab-subusers').count(), 0);
    await page.evaluate(() => { window.stillHere = true; });
    await page.locator(`${form} input[value="subusers-manage"]`).click();
    await page.locator(`${form} button[data-save]`).click();
    await page.locator('#tab-subusers').waitFor();
    assert.equal(await page.evaluate(() => window.stillHere), true, 'no reload');
    assert.equal(await page.locator('[role="tab"][aria-selected="true"]').textContent(), 'Access settings');
  });
});

test('keyboard only: open a sub-user\'s Permissions, tick a box and a group, Save', async () => {
  await withPage(async (page) => {
    const slot = `#perm-slot-${CHILD}`;
    await openProfile(page, PARENT, '?tab=subusers');
    await waitPanel(page, 'subusers');
    await tabTo(page, `button[aria-controls="perm-slot-${CHILD}"]`);
    await page.keyboard.press('Enter');
    await page.locator(`${slot} form.perm-editor`).waitFor();
    await page.waitForFunction((s) => document.activeElement === document.querySelector(s), slot);
    await tabTo(page, `${slot} input[value="archives-download"]`);
    await page.keyboard.press('Space');
    await tabTo(page, `${slot} fieldset.perm-group:has(input[value="intercoms-index"]) input[data-group-toggle]`);
    await page.keyboard.press('Space');
    let state = await boxes(page, slot);
    assert.deepEqual([state['archives-download'], state['intercoms-index'], state['intercoms-open-door']], ['on', 'on', 'on']);
    await tabTo(page, `${slot} button[data-save]`);
    await page.keyboard.press('Enter');
    await page.locator(`${slot} .note.saved`, { hasText: 'Saved: +3 −0' }).waitFor();
    assert.ok(['archives-download', 'intercoms-index', 'intercoms-open-door'].every((s) => stored(CHILD).includes(s)));
    // back to the button: Enter closes the editor, and focus stays on the button
    await tabTo(page, `button[aria-controls="perm-slot-${CHILD}"]`, 'Shift+Tab');
    await page.keyboard.press('Enter');
    await page.waitForFunction((s) => document.querySelector(s).closest('tr').hidden, slot);
    state = await page.evaluate(() => document.activeElement.getAttribute('aria-expanded'));
    assert.equal(state, 'false');
  });
});
