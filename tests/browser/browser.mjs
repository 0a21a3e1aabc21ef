// browser.mjs — what every browser test file shares: one headless Debian Chromium per file
// (driven by our own cdp.mjs, no npm package) and a fresh, signed-in context per test in
// which any dialog or uncaught script error fails the test.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from './cdp.mjs';
import { BASE, signIn } from '../http/helpers.mjs';

/** Launch Chromium for this file (closed after its tests) and return withPage(fn, options):
 *  fn(page, ctx) runs in a new context signed in as options.login (default admin) unless
 *  options.signedIn is false. */
export function useBrowser() {
  let browser;
  before(async () => {
    // cdp.mjs passes --headless=new, --no-sandbox, --disable-gpu, --no-first-run and no
    // background networking, component updates or sync; see its launch().
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
  });
  after(async () => { await browser?.close(); });

  return async function withPage(fn, { login = 'admin', signedIn = true } = {}) {
    const ctx = await browser.newContext();
    if (signedIn) {
      const client = await signIn(login);
      await ctx.addCookies([{ name: 'vms_session', value: client.session,
        domain: new URL(BASE).hostname, path: '/admin', httpOnly: true, sameSite: 'Strict' }]);
    }
    const dialogs = [];
    const errors = [];
    const watched = new Set();
    const watch = (p) => {
      if (watched.has(p)) return;
      watched.add(p);
      p.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
      p.on('pageerror', (e) => errors.push(e.message));
    };
    ctx.on('page', watch); // popups too
    const page = await ctx.newPage();
    watch(page);
    try {
      await fn(page, ctx);
      assert.deepEqual(dialogs, [], 'no dialog may open');
      assert.deepEqual(errors, [], 'no script error');
    } finally {
      await ctx.close();
    }
  };
}
