// profile.test.mjs — the user profile page (htdocs/user.html + static/profile.js) in headless
// Chromium against the real instance: sign-in, the directory, the header, tabs and the URL,
// hostile text, session expiry. Behaviours of the page that need tab programs or actions not
// built yet are driven with stubbed answers (page.route), so they test the page's contract
// with the programs, not the programs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser } from './browser.mjs';
import { BASE, demoPassword } from '../http/helpers.mjs';

const withPage = useBrowser();

const notSignInPage = (url) => url.pathname !== '/admin/login';

/** Fill and send the sign-in form the page is on; resolves once it has left the form. */
async function submitSignIn(page, login = 'admin') {
  await page.fill('#login-form input[name="login"]', login);
  await page.fill('#login-form input[name="password"]', demoPassword());
  await Promise.all([
    page.waitForURL(notSignInPage),
    page.click('#login-form button[type="submit"]'),
  ]);
}

/** Wait until the panel shows tab slug and nothing is loading. */
async function waitPanel(page, slug) {
  await page.waitForFunction((s) => {
    const p = document.getElementById('tab-panel');
    return p && p.dataset.tab === s && !p.hasAttribute('aria-busy');
  }, slug);
}

async function openProfile(page, id, query = '') {
  await page.goto(`${BASE}/admin/users/${id}${query}`);
  await page.locator('#profile-header').waitFor();
}

const tab = (page, label) => page.getByRole('tab', { name: label, exact: true });
const selectedTab = (page) => page.locator('[role="tab"][aria-selected="true"]').textContent();
const tabLabels = (page) => page.locator('[role="tab"]').allTextContents();
const panelText = (page) => page.locator('#tab-panel').textContent();
const query = (page) => new URL(page.url()).search;

const esc = (s) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Answer GETs of /admin/users/1001/SLUG with html(query) instead of the program. */
async function stubTab(page, slug, html) {
  const seen = [];
  await page.route((u) => u.pathname === `/admin/users/1001/${slug}`, (route) => {
    const url = new URL(route.request().url());
    seen.push(url.search);
    return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html(url.search) });
  });
  return seen;
}

test('signing in, searching and opening a user shows its header and User tab', async () => {
  await withPage(async (page) => {
    await page.goto(BASE + '/admin/login');
    await submitSignIn(page);
    assert.equal(new URL(page.url()).pathname, '/admin/users');
    await page.fill('input[name="q"]', 'petrov');
    await Promise.all([page.waitForURL(/q=petrov/), page.click('form.search button[type="submit"]')]);
    await page.locator('#users-table tr[data-user-id="1001"] a', { hasText: 'Ivan Petrov' }).click();
    await page.waitForURL(`${BASE}/admin/users/1001`);
    await page.locator('#profile-header').waitFor();
    assert.equal(await page.locator('#hdr-id').textContent(), '1001');
    assert.equal(await page.locator('#hdr-login').textContent(), 'ivan.petrov');
    assert.equal(await page.locator('button[data-action="login-as"]').textContent(), 'Log in as User');
    assert.equal(await page.locator('button[data-action="sync-cameras"]').textContent(), 'Synchronize cameras');
    await waitPanel(page, 'user');
    assert.equal(await selectedTab(page), 'User');
    assert.match(await page.locator('#billing-info').textContent(), /D-2024\/0042/);
  }, { signedIn: false });
});

test('the tab bar shows exactly the tabs the header lists, labelled', async () => {
  await withPage(async (page) => {
    await openProfile(page, 1001);
    assert.equal(await page.locator('#profile-header').getAttribute('data-tabs'),
      'user cameras intercoms subusers billing-events access analytics audit');
    assert.deepEqual(await tabLabels(page), ['User', 'Cameras', 'Intercoms', 'Sub-users',
      'Billing Events', 'Access settings', 'Analytics', 'Audit']);
  });
});

test('a selected tab is in the URL, survives reload, and back returns to the User tab', async () => {
  await withPage(async (page) => {
    await openProfile(page, 1001);
    await waitPanel(page, 'user');
    await tab(page, 'Intercoms').click();
    await waitPanel(page, 'intercoms');
    assert.equal(query(page), '?tab=intercoms');
    assert.equal(await selectedTab(page), 'Intercoms');
    await page.reload();
    await waitPanel(page, 'intercoms');
    assert.equal(await selectedTab(page), 'Intercoms');
    await page.goBack();
    await waitPanel(page, 'user');
    assert.equal(await selectedTab(page), 'User');
    assert.equal(query(page), '');
    assert.match(await panelText(page), /D-2024\/0042/);
  });
});

test('an unknown tab in the URL falls back to the first tab', async () => {
  await withPage(async (page) => {
    await openProfile(page, 1001, '?tab=nonsense');
    await waitPanel(page, 'user');
    assert.equal(await selectedTab(page), 'User');
  });
});

test('hostile names are shown as text and never run', async () => {
  await withPage(async (page) => {
    await openProfile(page, 1003);
    await waitPanel(page, 'user');
    const name = '<script>alert("x")</script> O\'Brien';
    assert.equal(await page.locator('#hdr-username').textContent(), name);
    assert.match(await page.locator('#profile-header h1').textContent(), /<script>alert\("x"\)<\/script> O'Brien/);
    assert.match(await page.locator('#crumb-user').textContent(), /<script>/);
    const nameRow = page.locator('#billing-info tr', { hasText: 'Name' }).locator('td');
    assert.equal(await nameRow.textContent(), name);
    assert.equal(await page.locator('main script, main img').count(), 0, 'no element made from data');
    await page.waitForTimeout(200); // let anything that would fire, fire
  });
});

test('a signed-out visit to a profile goes to sign-in and comes back to it', async () => {
  await withPage(async (page) => {
    await page.goto(`${BASE}/admin/users/1001`);
    await page.waitForURL((u) => u.pathname === '/admin/login');
    assert.equal(new URL(page.url()).searchParams.get('next'), '/admin/users/1001');
    await submitSignIn(page);
    assert.equal(page.url(), `${BASE}/admin/users/1001`);
    await waitPanel(page, 'user');
    assert.equal(await page.locator('#hdr-id').textContent(), '1001');
  }, { signedIn: false });
});

test('an expired session while using the page goes to sign-in and back to the tab', async () => {
  await withPage(async (page, ctx) => {
    await openProfile(page, 1001, '?tab=cameras');
    await ctx.clearCookies();
    await tab(page, 'User').click();
    await page.waitForURL((u) => u.pathname === '/admin/login');
    assert.equal(new URL(page.url()).searchParams.get('next'), '/admin/users/1001?tab=user');
    await submitSignIn(page);
    await waitPanel(page, 'user');
    assert.equal(query(page), '?tab=user');
  });
});

test('a deleted user shows only the tabs its header lists and no actions', async () => {
  await withPage(async (page) => {
    await openProfile(page, 1005);
    await waitPanel(page, 'user');
    assert.equal(await page.locator('#profile-header').getAttribute('data-tabs'), 'user subusers billing-events access audit');
    assert.deepEqual(await tabLabels(page), ['User', 'Sub-users', 'Billing Events', 'Access settings', 'Audit']);
    assert.equal(await page.locator('button[data-action]').count(), 0);
  });
});

test('a tab the user does not have, named in the URL, falls back to the first tab', async () => {
  await withPage(async (page) => {
    await openProfile(page, 1005, '?tab=cameras');
    await waitPanel(page, 'user');
    assert.equal(await selectedTab(page), 'User');
    assert.equal(query(page), '?tab=user');
  });
});

test('an unknown user shows "User not found"', async () => {
  await withPage(async (page) => {
    await page.goto(`${BASE}/admin/users/999999`);
    await page.locator('#header-slot .error').waitFor();
    assert.match(await page.locator('#header-slot').textContent(), /User not found/);
    assert.equal(await page.locator('#profile-body').isVisible(), false);
    // Sign out still works from here
    await page.waitForFunction(() => !document.querySelector('#logout-form button').disabled);
    assert.equal(await page.locator('#who').textContent(), 'admin');
    await Promise.all([page.waitForURL(/\/admin\/login$/), page.click('#logout-form button')]);
  });
});

test('a link inside a fragment to its tab URL loads in the panel and survives reload', async () => {
  await withPage(async (page) => {
    const seen = await stubTab(page, 'billing-events', (q) =>
      `<section><p id="q">[${esc(q)}]</p><nav class="pager">` +
      '<a rel="next" href="/admin/users/1001/billing-events?type=create&amp;before=42">Next page</a></nav></section>');
    await openProfile(page, 1001, '?tab=billing-events');
    await waitPanel(page, 'billing-events');
    await page.evaluate(() => { window.stillHere = true; });
    await page.click('a[rel="next"]');
    await page.waitForFunction(() => document.getElementById('q')?.textContent === '[?type=create&before=42]');
    assert.equal(query(page), '?tab=billing-events&type=create&before=42');
    assert.equal(await page.evaluate(() => window.stillHere), true, 'no page navigation');
    await page.reload();
    await waitPanel(page, 'billing-events');
    assert.equal(await page.locator('#q').textContent(), '[?type=create&before=42]');
    assert.deepEqual(seen, ['', '?type=create&before=42', '?type=create&before=42']);
  });
});

test('a GET form inside a fragment loads in the panel with its query in the page URL', async () => {
  await withPage(async (page) => {
    await stubTab(page, 'billing-events', (q) =>
      `<section><p id="q">[${esc(q)}]</p>` +
      '<form method="get" action="/admin/users/1001/billing-events" class="filters">' +
      '<label>Type <select name="type"><option value="">All</option><option value="block">block</option></select></label>' +
      '<button type="submit">Filter</button></form></section>');
    await openProfile(page, 1001, '?tab=billing-events');
    await waitPanel(page, 'billing-events');
    await page.evaluate(() => { window.stillHere = true; });
    await page.selectOption('select[name="type"]', 'block');
    await page.click('form.filters button');
    await page.waitForFunction(() => document.getElementById('q')?.textContent === '[?type=block]');
    assert.equal(query(page), '?tab=billing-events&type=block');
    assert.equal(await page.evaluate(() => window.stillHere), true, 'no page navigation');
    await page.goBack();
    await page.waitForFunction(() => document.getElementById('q')?.textContent === '[]');
    assert.equal(query(page), '?tab=billing-events');
  });
});

test('other links inside a fragment navigate normally', async () => {
  await withPage(async (page) => {
    await openProfile(page, 2001); // a sub-user of 1001: its User tab links to the parent
    await waitPanel(page, 'user');
    await Promise.all([
      page.waitForURL(`${BASE}/admin/users/1001`),
      page.locator('#tab-panel a', { hasText: 'Ivan Petrov' }).click(),
    ]);
    await page.waitForFunction(() => document.getElementById('hdr-id')?.textContent === '1001');
  });
});

test('a data-fetch POST form is sent with the CSRF token and its answer replaces the panel', async () => {
  await withPage(async (page) => {
    await stubTab(page, 'access', () =>
      '<section><form method="post" action="/admin/users/1001/access" data-fetch>' +
      '<label><input type="checkbox" name="perm" value="archive" checked> Archive</label>' +
      '<button type="submit">Save</button></form></section>');
    let posted = null;
    await page.route((u) => u.pathname === '/admin/users/1001/access', (route) => {
      if (route.request().method() !== 'POST') return route.fallback();
      posted = { headers: route.request().headers(), body: route.request().postData() };
      return route.fulfill({
        status: 422, contentType: 'text/html; charset=utf-8',
        body: '<div class="error" role="alert" id="answer"><p>Not allowed &amp; not saved.</p></div>',
      });
    });
    await openProfile(page, 1001, '?tab=access');
    await waitPanel(page, 'access');
    const csrf = await page.locator('#profile-header').getAttribute('data-csrf');
    await page.click('#tab-panel button[type="submit"]');
    await page.locator('#answer').waitFor();
    assert.equal(await page.locator('#answer').textContent(), 'Not allowed & not saved.');
    assert.equal(posted.headers['x-csrf-token'], csrf);
    assert.match(posted.headers['content-type'], /^application\/x-www-form-urlencoded/);
    assert.equal(posted.body, 'perm=archive');
    assert.equal(query(page), '?tab=access');
  });
});

test('a tab answering 503 shows that the database is away and retries until it loads', async () => {
  await withPage(async (page) => {
    let calls = 0;
    await page.route((u) => u.pathname === '/admin/users/1001/analytics', (route) => {
      calls += 1;
      return calls === 1
        ? route.fulfill({ status: 503, contentType: 'text/html', body: '<div class="error" role="alert"><p>db down</p></div>' })
        : route.fulfill({ status: 200, contentType: 'text/html', body: '<section id="loaded">Analytics here</section>' });
    });
    await openProfile(page, 1001, '?tab=analytics');
    await page.locator('#tab-panel', { hasText: 'Database unavailable, retrying…' }).waitFor();
    await page.locator('#loaded').waitFor({ timeout: 15000 });
    assert.equal(calls, 2);
  });
});

test('a tab error shows the program\'s own error fragment', async () => {
  await withPage(async (page) => {
    await page.route((u) => u.pathname === '/admin/users/1001/subusers', (route) => route.fulfill({
      status: 500, contentType: 'text/html; charset=utf-8',
      body: '<div class="error" role="alert" data-status="500"><p>Something broke.</p></div>',
    }));
    await openProfile(page, 1001, '?tab=subusers');
    await waitPanel(page, 'subusers');
    assert.equal(await page.locator('#tab-panel .error').textContent(), 'Something broke.');
  });
});

test('Synchronize cameras shows the answer, or the error, next to the buttons', async () => {
  await withPage(async (page) => {
    const answers = [
      { status: 200, body: { message: 'Synchronization of 3 cameras queued.' } },
      { status: 409, body: { error: 'A synchronization is already running.' } },
    ];
    await page.route((u) => u.pathname === '/admin/users/1001/sync-cameras', (route) => {
      if (route.request().method() === 'GET') { // the header's look at the latest job
        return route.fulfill({ status: 200, contentType: 'application/json', body: '{"job":null}' });
      }
      const a = answers.shift();
      return route.fulfill({ status: a.status, contentType: 'application/json', body: JSON.stringify(a.body) });
    });
    await openProfile(page, 1001);
    const out = page.locator('#profile-header .action-result');
    await page.click('button[data-action="sync-cameras"]');
    await out.filter({ hasText: 'queued' }).waitFor();
    assert.equal(await out.textContent(), 'Synchronization of 3 cameras queued.');
    await page.click('button[data-action="sync-cameras"]');
    await out.filter({ hasText: 'already running' }).waitFor();
    assert.equal(await out.getAttribute('data-state'), 'error');
  });
});

test('Sign out on the profile page ends the session', async () => {
  await withPage(async (page) => {
    await openProfile(page, 1001);
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/admin/login'),
      page.click('#logout-form button'),
    ]);
    await page.goto(`${BASE}/admin/users`);
    assert.equal(new URL(page.url()).pathname, '/admin/login');
  });
});
