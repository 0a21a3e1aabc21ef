// a11y.mjs — axe-core (npm, pinned in tests/browser/package.json; `make test` installs it with
// `npm ci`) run inside the browser tests' Chromium: every page a test loads is checked once it
// has loaded, and every page still open when the test ends is checked as the test left it (a tab
// opened, a form saved). A test fails on any violation of impact moderate, serious or critical
// (only axe's "minor" ones pass).
//
// Where npm's registry cannot be reached the check cannot run: each test then says so, or,
// with VMS_REQUIRE_AXE=1 (CI), the browser tests fail.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const AXE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'node_modules/axe-core/axe.min.js');
export const FAIL_ON = ['moderate', 'serious', 'critical'];

let source = null;
/** axe-core's source, or null when it is not installed (a required one throws). */
export function axeSource() {
  if (source === null && existsSync(AXE)) source = readFileSync(AXE, 'utf8');
  if (source === null && process.env.VMS_REQUIRE_AXE === '1') {
    throw new Error(`axe-core is required (VMS_REQUIRE_AXE=1) and missing: ${AXE}; run make deps-test`);
  }
  return source;
}

/** Run axe on the page as it is now. Resolves to its violations of impact FAIL_ON, each
 *  "rule (impact) at URL: help — target: html", or null when the page went away meanwhile. */
export async function axeViolations(page) {
  const src = axeSource();
  if (!src || page.isClosed()) return [];
  let found;
  try {
    found = await page.evaluate(async (code) => {
      if (!window.axe) (0, eval)(code);
      // one run at a time per document: a load-time run may still be going
      while (window.__axeRunning) await window.__axeRunning;
      let done;
      window.__axeRunning = new Promise((r) => { done = r; });
      try {
        const r = await window.axe.run(document, { resultTypes: ['violations'] });
        return { url: location.href, violations: r.violations };
      } finally {
        window.__axeRunning = null;
        done();
      }
    }, src);
  } catch (e) {
    // navigated or closed while axe ran: the next document gets its own check
    if (page.isClosed() || /context|navigat|Target closed|detached/i.test(String(e.message))) return null;
    throw e;
  }
  if (!found) return null;
  return found.violations.filter((v) => FAIL_ON.includes(v.impact)).flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact}) at ${found.url}: ${v.help} — ${n.target.join(' ')}: ${n.html.slice(0, 200)}`));
}

/** Check pages: check.watch(page) checks each load of page; check.finish(pages) checks every
 *  page given as it is now and resolves to every violation found. */
export function a11yChecker() {
  const found = new Set();
  const pending = [];
  const check = (page) => {
    const p = axeViolations(page).then((v) => { for (const x of v ?? []) found.add(x); });
    pending.push(p);
    return p;
  };
  return {
    watch(page) {
      // a load-time check that fails for another reason than navigation shows at finish:
      // the page is checked again there
      page.on('load', () => { check(page).catch(() => {}); });
    },
    async finish(pages) {
      await Promise.allSettled(pending);
      for (const page of pages) await check(page);
      return [...found];
    },
  };
}
