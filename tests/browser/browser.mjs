// browser.mjs — what every browser test file shares: one headless Debian Chromium per file
// (driven by our own cdp.mjs) and a fresh, signed-in context per test in which any dialog,
// uncaught script error or accessibility violation (axe-core, a11y.mjs) fails the test.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from './cdp.mjs';
import { a11yChecker, axeSource } from './a11y.mjs';
import { BASE, signIn } from '../http/helpers.mjs';

/** Launch Chromium for this file (closed after its tests) and return withPage(fn, options):
 *  fn(page, ctx) runs in a new context signed in as options.login (default admin) unless
 *  options.signedIn is false. */
export function useBrowser() {
  let browser;
  before(async () => {
    if (!axeSource()) {
      process.stdout.write('# axe-core is not installed (npm could not fetch it): accessibility is not checked\n');
    }
    // cdp.mjs passes --headless=new, --no-sandbox, --disable-gpu, --no-first-run and no
    // background networking, component updates or sync; see its launch().
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
  });
  after(async () => { await browser?.close(); });

  return async function withPage(fn, { login = 'admin', signedIn = true, viewport } = {}) {
    const ctx = await browser.newContext(viewport ? { viewport } : {});
    if (signedIn) {
      const client = await signIn(login);
      await ctx.addCookies([{ name: 'vms_session', value: client.session,
        domain: new URL(BASE).hostname, path: '/admin', httpOnly: true, sameSite: 'Strict' }]);
    }
    const dialogs = [];
    const errors = [];
    const watched = new Set();
    const a11y = a11yChecker();
    const watch = (p) => {
      if (watched.has(p)) return;
      watched.add(p);
      a11y.watch(p);
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
      assert.deepEqual(await a11y.finish(ctx.pages()), [], 'no axe-core violation (moderate or worse)');
    } finally {
      await ctx.close();
    }
  };
}
