// cdp.mjs — a small browser driver for the tests: Debian's Chromium driven over the Chrome
// DevTools Protocol (CDP) on a pipe, with no npm package. Its API is the part of Playwright's
// that the tests use, with the same names and meaning, so a test reads like a Playwright test:
//
//   const browser = await chromium.launch({ executablePath, args });
//   const ctx = await browser.newContext();          // own cookies (a CDP browser context)
//   const page = await ctx.newPage();
//   await page.goto(url); await page.locator('#x', { hasText: 'y' }).click();
//
// What it supports, and how:
//   - launch: `chromium --headless=new --remote-debugging-pipe`; the browser reads JSON
//     messages ending in "\0" on its fd 3 and writes them on fd 4. A fresh profile directory
//     per browser, removed at close.
//   - every page target is attached automatically (Target.setAutoAttach, flat sessions) and
//     paused until it is set up, so dialogs, errors and routes are never missed; a popup
//     (window.open, target=_blank) is reported by its context's 'page' event (and the opener's
//     'popup') once its first real document has committed, as Playwright does.
//   - navigation: goto, reload, goBack, goForward, waitForURL, waitForLoadState, from the
//     main frame's lifecycle events; same-document navigations (pushState, #hash) count too.
//   - locators are lazy and auto-wait like Playwright's: every action re-resolves the
//     selector inside the page until the element is there (and, for click/fill/selectOption,
//     visible, enabled and, for clicks, stable and not covered), or fails after the timeout
//     naming the locator and what it was waiting for. Locators are strict (an action on a
//     locator matching several elements fails) unless narrowed by first()/nth()/last();
//     page.click(selector) and friends take the first match, as Playwright's do.
//   - selectors are plain CSS (no Playwright selector extensions); hasText matches a
//     case-insensitive substring of the whitespace-normalised text (or a RegExp);
//     getByRole knows the implicit roles of common HTML elements and computes the accessible
//     name from aria-labelledby, aria-label, labels, alt/value/title, or the text content.
//   - input is real: clicks are Input.dispatchMouseEvent at the element's centre after
//     scrolling it into view (focus, event.button, user activation for popups all behave as
//     for a user); keys are Input.dispatchKeyEvent; fill() selects the text and inserts the
//     new one (Input.insertText).
//   - dialogs (Page.javascriptDialogOpening) are 'dialog' events, dismissed if nobody
//     listens; uncaught page errors (Runtime.exceptionThrown) are 'pageerror' events.
//   - page.route(url, handler) intercepts the page's requests (Fetch domain): fulfill,
//     continue, abort, or fallback to the route added before it.
//   - page events 'load' (the main document's load event), 'request' (url(), method(),
//     headers()) and 'download' (url(), suggestedFilename()); downloads land in the profile
//     directory and go with it.
//   - viewport: newContext({ viewport }), page.setViewportSize(), page.viewportSize().
//   - every wait has a timeout (30 s unless given) and names what it waited for.
// Not supported: frames other than the main one, file uploads, screenshots, and everything
// else the tests do not use. Runs on Node 18.
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const DEFAULT_TIMEOUT = 30000; /* as Playwright: a loaded 2-core machine is slow */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A Promise with its resolve/reject functions outside (Promise.withResolvers is Node 22). */
function deferred() {
  let resolve, reject;
  const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}

/** Await promise, but fail with message if it takes longer than ms. */
async function withTimeout(promise, ms, message) {
  let timer;
  const t = new Promise((_, rej) => { timer = setTimeout(() => rej(new Error(message)), ms); });
  try {
    return await Promise.race([promise, t]);
  } finally {
    clearTimeout(timer);
  }
}

/** The evaluation failed because the document went away or is not there yet: try again. */
function isContextGone(e) {
  return /Execution context was destroyed|Cannot find default execution context|Cannot find context with specified id|Inspected target navigated or closed/.test(e.message);
}

const describeValue = (v) => (v instanceof RegExp ? String(v) : typeof v === 'function' ? v.toString().slice(0, 120) : JSON.stringify(v));

// ---------------------------------------------------------------------------------------
// The pipe connection: numbered commands and their answers, events, sessions.

class Connection extends EventEmitter {
  constructor(proc) {
    super();
    this._proc = proc;
    this._out = proc.stdio[3]; // the browser reads commands here
    this._lastId = 0;
    this._calls = new Map(); // id → { resolve, reject, method }
    this.sessions = new Map(); // sessionId → EventEmitter of that target's events
    this.closed = false;
    this.closeReason = null;
    let pending = [];
    proc.stdio[4].on('data', (chunk) => {
      // Messages end with a NUL byte; a chunk may hold several, or part of one.
      let start = 0;
      let end;
      while ((end = chunk.indexOf(0, start)) !== -1) {
        pending.push(chunk.subarray(start, end));
        const text = Buffer.concat(pending).toString('utf8');
        pending = [];
        start = end + 1;
        this._dispatch(JSON.parse(text));
      }
      if (start < chunk.length) pending.push(chunk.subarray(start));
    });
  }

  _dispatch(msg) {
    if (msg.id !== undefined) {
      const call = this._calls.get(msg.id);
      if (!call) return;
      this._calls.delete(msg.id);
      if (msg.error) call.reject(new Error(`${call.method}: ${msg.error.message}${msg.error.data ? ` (${msg.error.data})` : ''}`));
      else call.resolve(msg.result);
      return;
    }
    if (msg.sessionId) this.sessions.get(msg.sessionId)?.emit(msg.method, msg.params);
    else this.emit(msg.method, msg.params);
  }

  /** Send a command (to a target's session if sessionId is given) and resolve with its result. */
  send(method, params = {}, sessionId = undefined) {
    if (this.closed) return Promise.reject(new Error(`${method}: browser has been closed${this.closeReason ? ` (${this.closeReason})` : ''}`));
    const id = ++this._lastId;
    const message = { id, method, params };
    if (sessionId) message.sessionId = sessionId;
    return new Promise((resolve, reject) => {
      this._calls.set(id, { resolve, reject, method });
      this._out.write(JSON.stringify(message) + '\0');
    });
  }

  /** The browser is gone: fail every call still waiting for its answer. */
  _closed(reason) {
    if (this.closed) return;
    this.closed = true;
    this.closeReason = reason;
    for (const call of this._calls.values()) call.reject(new Error(`${call.method}: browser closed (${reason})`));
    this._calls.clear();
    for (const session of this.sessions.values()) session.emit('detached');
    this.sessions.clear();
    this.emit('closed');
  }
}

// ---------------------------------------------------------------------------------------
// Browser, contexts.

export const chromium = {
  /** Start Chromium. options: executablePath (default /usr/bin/chromium), args (added to
   *  ours), timeout (for the start, default 30 s), env. */
  async launch({ executablePath = '/usr/bin/chromium', args = [], timeout = 30000, env = process.env } = {}) {
    const userDataDir = mkdtempSync(path.join(tmpdir(), 'cdp-chromium-'));
    const flags = [
      '--headless=new',
      '--remote-debugging-pipe',
      '--no-sandbox', // as root Chromium refuses to start without it
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--no-default-browser-check',
      '--no-startup-window', // no first tab loading the distribution's start page
      '--disable-back-forward-cache', // as Playwright: Back is a real navigation, not a restore
      `--user-data-dir=${userDataDir}`,
      ...args,
    ];
    // fd 3: we write commands; fd 4: the browser writes answers and events.
    const proc = spawn(executablePath, flags, { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'], env });
    const stderr = [];
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (d) => {
      stderr.push(...d.split('\n').filter(Boolean));
      if (stderr.length > 40) stderr.splice(0, stderr.length - 40);
    });
    const conn = new Connection(proc);
    const exited = new Promise((resolve) => proc.on('exit', (code, signal) => {
      conn._closed(`exit ${signal ?? code}`);
      resolve();
    }));
    const failed = new Promise((_, reject) => {
      proc.on('error', (e) => reject(new Error(`chromium.launch: cannot start ${executablePath}: ${e.message}`)));
      exited.then(() => reject(new Error(`chromium.launch: ${executablePath} exited at start:\n${stderr.join('\n')}`)));
    });
    const browser = new Browser(proc, conn, userDataDir, exited);
    try {
      await withTimeout(Promise.race([browser._start(), failed]), timeout,
        `chromium.launch: no answer from ${executablePath} within ${timeout}ms:\n${stderr.join('\n')}`);
    } catch (e) {
      proc.kill('SIGKILL');
      await exited;
      rmSync(userDataDir, { recursive: true, force: true });
      throw e;
    }
    failed.catch(() => {}); // exits later are reported by the calls that fail
    return browser;
  },
};

class Browser extends EventEmitter {
  constructor(proc, conn, userDataDir, exited) {
    super();
    this._proc = proc;
    this._conn = conn;
    this._userDataDir = userDataDir;
    this._exited = exited;
    this._contexts = new Map(); // browserContextId → BrowserContext
    conn.on('Target.attachedToTarget', (e) => this._onAttached(e));
    // a download of one of our pages (Browser.setDownloadBehavior in newContext turns them on)
    conn.on('Browser.downloadWillBegin', (e) => {
      for (const ctx of this._contexts.values())
        for (const page of ctx._pages)
          if (page._targetId === e.frameId) page.emit('download', new Download(e));
    });
    conn.on('Target.detachedFromTarget', (e) => {
      const session = conn.sessions.get(e.sessionId);
      conn.sessions.delete(e.sessionId);
      session?.emit('detached');
    });
    conn.on('closed', () => this.emit('disconnected'));
  }

  async _start() {
    // Attach to every new page (in any context) and keep it paused until we have set it up.
    await this._conn.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true });
  }

  version() { return this._conn.send('Browser.getVersion').then((v) => v.product); }

  isConnected() { return !this._conn.closed; }

  contexts() { return [...this._contexts.values()]; }

  /** A new browser context: its own cookies, storage and cache (like an incognito window);
   *  options.viewport { width, height } for its pages (default 1280×720, as Playwright). */
  async newContext({ viewport = { width: 1280, height: 720 } } = {}) {
    const { browserContextId } = await this._conn.send('Target.createBrowserContext', { disposeOnDetach: true });
    // downloads land in the profile's directory (removed at close) and are reported as events
    await this._conn.send('Browser.setDownloadBehavior', {
      behavior: 'allowAndName', browserContextId, eventsEnabled: true,
      downloadPath: path.join(this._userDataDir, 'downloads'),
    });
    const ctx = new BrowserContext(this, browserContextId, viewport);
    this._contexts.set(browserContextId, ctx);
    return ctx;
  }

  /** One page in a new context that closes with the page (as Playwright's browser.newPage). */
  async newPage() {
    const ctx = await this.newContext();
    const page = await ctx.newPage();
    page.once('close', () => ctx.close().catch(() => {}));
    return page;
  }

  _onAttached({ sessionId, targetInfo, waitingForDebugger }) {
    const conn = this._conn;
    const ctx = this._contexts.get(targetInfo.browserContextId);
    if (targetInfo.type !== 'page' || !ctx || ctx._closed) {
      // Not ours (the browser's own UI, workers, the default context): let it run, let go.
      conn.send('Runtime.runIfWaitingForDebugger', {}, sessionId).catch(() => {})
        .then(() => conn.send('Target.detachFromTarget', { sessionId })).catch(() => {});
      return;
    }
    const events = new EventEmitter();
    conn.sessions.set(sessionId, events);
    const page = new Page(ctx, sessionId, events, targetInfo);
    ctx._attach(page, waitingForDebugger);
  }

  /** Close every context and the browser, wait for the process to end, remove its profile. */
  async close() {
    if (!this._conn.closed) {
      await this._conn.send('Browser.close').catch(() => {});
      const killer = setTimeout(() => this._proc.kill('SIGKILL'), 5000);
      await this._exited;
      clearTimeout(killer);
    }
    rmSync(this._userDataDir, { recursive: true, force: true });
  }
}

class BrowserContext extends EventEmitter {
  constructor(browser, id, viewport) {
    super();
    this._browser = browser;
    this._viewport = { ...viewport };
    this._conn = browser._conn;
    this._id = id;
    this._pages = new Set(); // pages reported to the user
    this._closed = false;
    this._defaultTimeout = DEFAULT_TIMEOUT;
  }

  browser() { return this._browser; }

  pages() { return [...this._pages]; }

  setDefaultTimeout(ms) { this._defaultTimeout = ms; }

  /** A page target was attached (paused): set it up, then report it. */
  async _attach(page, waitingForDebugger) {
    try {
      await page._init(waitingForDebugger);
      // A popup starts on an empty document that is never its real one: report it once its
      // first navigation has committed, so that url() and waitForLoadState() mean that page.
      await page._firstCommit;
    } catch (e) {
      if (!page.isClosed() && !this._closed) this.emit('_attachFailed', page, e); // for newPage
      return;
    }
    if (page.isClosed() || this._closed) return;
    this._pages.add(page);
    page.once('close', () => this._pages.delete(page));
    this.emit('page', page);
    const opener = page._openerId && [...this._pages].find((p) => p._targetId === page._openerId);
    if (opener) opener.emit('popup', page);
  }

  async newPage() {
    const seen = deferred();
    const onPage = (p) => { if (p._targetId === targetId) seen.resolve(p); };
    const onFailed = (p, e) => { if (p._targetId === targetId) seen.reject(new Error(`browserContext.newPage: ${e.message}`)); };
    this.on('page', onPage);
    this.on('_attachFailed', onFailed);
    let targetId;
    try {
      ({ targetId } = await this._conn.send('Target.createTarget', { url: 'about:blank', browserContextId: this._id }));
      const early = [...this._pages].find((p) => p._targetId === targetId);
      if (early) return early;
      return await withTimeout(seen.promise, this._defaultTimeout, `browserContext.newPage: the new page was not attached within ${this._defaultTimeout}ms`);
    } finally {
      this.off('page', onPage);
      this.off('_attachFailed', onFailed);
    }
  }

  /** Cookies as Playwright takes them: name, value, and url or domain+path; optional
   *  expires (seconds; -1 = session), httpOnly, secure, sameSite ('Strict'|'Lax'|'None'). */
  async addCookies(cookies) {
    const list = cookies.map((c) => {
      const out = { ...c };
      if (out.expires === -1) delete out.expires;
      if (!out.url && !out.path) out.path = '/';
      return out;
    });
    await this._conn.send('Storage.setCookies', { cookies: list, browserContextId: this._id });
  }

  async cookies() {
    const { cookies } = await this._conn.send('Storage.getCookies', { browserContextId: this._id });
    return cookies.map((c) => ({ name: c.name, value: c.value, domain: c.domain, path: c.path,
      expires: c.session ? -1 : c.expires, httpOnly: c.httpOnly, secure: c.secure, sameSite: c.sameSite ?? 'Lax' }));
  }

  async clearCookies() {
    await this._conn.send('Storage.clearCookies', { browserContextId: this._id });
  }

  /** Wait for the next event (e.g. 'page'); optionsOrPredicate: a predicate or
   *  { predicate, timeout }. */
  waitForEvent(event, optionsOrPredicate = {}) {
    return waitForEmitterEvent(this, 'browserContext', event, optionsOrPredicate, this._defaultTimeout);
  }

  async close() {
    if (this._closed) return;
    this._closed = true;
    for (const p of this._pages) p._didClose();
    this._browser._contexts.delete(this._id);
    await this._conn.send('Target.disposeBrowserContext', { browserContextId: this._id }).catch(() => {});
    this.emit('close', this);
  }
}

function waitForEmitterEvent(emitter, api, event, optionsOrPredicate, defaultTimeout) {
  const opts = typeof optionsOrPredicate === 'function' ? { predicate: optionsOrPredicate } : optionsOrPredicate;
  const timeout = opts.timeout ?? defaultTimeout;
  return new Promise((resolve, reject) => {
    const onEvent = async (value) => {
      try {
        if (opts.predicate && !(await opts.predicate(value))) return;
      } catch (e) {
        cleanup();
        reject(e);
        return;
      }
      cleanup();
      resolve(value);
    };
    const onClose = () => { cleanup(); reject(new Error(`${api}.waitForEvent('${event}'): closed while waiting`)); };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`${api}.waitForEvent('${event}'): Timeout ${timeout}ms exceeded`));
    }, timeout);
    function cleanup() {
      clearTimeout(timer);
      emitter.off(event, onEvent);
      if (event !== 'close') emitter.off('close', onClose);
    }
    emitter.on(event, onEvent);
    if (event !== 'close') emitter.on('close', onClose);
  });
}

// ---------------------------------------------------------------------------------------
// Pages.

const LOAD_EVENTS = { load: 'load', domcontentloaded: 'DOMContentLoaded', networkidle: 'networkIdle', commit: 'commit' };

/** What the 'download' event hands over (Playwright's Download, the parts the tests use). */
class Download {
  constructor(e) { this._e = e; }
  url() { return this._e.url; }
  suggestedFilename() { return this._e.suggestedFilename; }
}

/** What the 'request' event hands over: a request the page sent (its URL, method, headers). */
class RequestEvent {
  constructor(e) { this._r = e.request; }
  url() { return this._r.url + (this._r.urlFragment ?? ''); }
  method() { return this._r.method; }
  headers() { return Object.fromEntries(Object.entries(this._r.headers).map(([k, v]) => [k.toLowerCase(), v])); }
}

class Page extends EventEmitter {
  constructor(ctx, sessionId, events, targetInfo) {
    super();
    this._ctx = ctx;
    this._conn = ctx._conn;
    this._session = sessionId;
    this._targetId = targetInfo.targetId; // also the main frame's id
    this._openerId = targetInfo.openerId;
    this._closed = false;
    this._url = targetInfo.url || 'about:blank';
    this._loaderId = null; // the committed document of the main frame
    this._lifecycle = new Map(); // loaderId → Set of lifecycle event names seen
    this._navigations = 0; // main-frame navigations so far (new documents and same-document)
    this._waiters = new Set(); // functions called at every navigation-related event
    this._routes = []; // { matcher, handler }, newest last
    this._defaultTimeout = ctx._defaultTimeout;
    this._viewport = { ...ctx._viewport };
    this._committed = deferred(); // the first committed document (see _firstCommit)
    this._firstCommit = this._committed.promise;
    this.keyboard = new Keyboard(this);
    this.mouse = new Mouse(this);

    const main = (frameId) => frameId === this._targetId;
    events.on('Page.frameNavigated', ({ frame }) => {
      if (frame.parentId) return;
      this._url = frame.url + (frame.urlFragment ?? '');
      this._loaderId = frame.loaderId;
      this._navigations++;
      this._committed.resolve();
      this._notify();
    });
    events.on('Page.navigatedWithinDocument', ({ frameId, url }) => {
      if (!main(frameId)) return;
      this._url = url;
      this._navigations++;
      this._notify();
    });
    events.on('Page.lifecycleEvent', ({ frameId, loaderId, name }) => {
      if (!main(frameId)) return;
      if (!this._lifecycle.has(loaderId)) this._lifecycle.set(loaderId, new Set());
      this._lifecycle.get(loaderId).add(name);
      this._notify();
      if (name === 'load' && loaderId === this._loaderId) this.emit('load', this);
    });
    events.on('Page.javascriptDialogOpening', (e) => {
      const dialog = new Dialog(this, e);
      if (this.listenerCount('dialog') === 0) dialog.dismiss().catch(() => {});
      else this.emit('dialog', dialog);
    });
    events.on('Runtime.exceptionThrown', ({ exceptionDetails }) => this.emit('pageerror', pageError(exceptionDetails)));
    events.on('Fetch.requestPaused', (e) => this._onRequestPaused(e));
    events.on('Network.requestWillBeSent', (e) => this.emit('request', new RequestEvent(e)));
    events.on('Inspector.detached', () => this._didClose());
    events.on('detached', () => this._didClose());
  }

  /** Set the paused target up: events on, the context's viewport, then let it run. */
  async _init(waitingForDebugger) {
    const s = (method, params) => this._send(method, params);
    // Sent together: the paused page answers some of these only once it runs.
    const [, tree] = await Promise.all([
      s('Page.enable'),
      s('Page.getFrameTree'),
      s('Page.setLifecycleEventsEnabled', { enabled: true }),
      s('Runtime.enable'),
      s('Network.enable'), // the 'request' event
      s('Emulation.setDeviceMetricsOverride', { ...this._viewport, deviceScaleFactor: 1, mobile: false }),
      s('Emulation.setFocusEmulationEnabled', { enabled: true }), // every page acts as focused
      waitingForDebugger ? s('Runtime.runIfWaitingForDebugger') : null,
    ]);
    if (this._navigations === 0) {
      const { frame } = tree.frameTree;
      this._loaderId = frame.loaderId;
      if (frame.url) {
        this._url = frame.url + (frame.urlFragment ?? '');
        this._committed.resolve();
      }
      // else: the initial empty document of a popup; its real one commits next.
    }
  }

  _send(method, params) {
    if (this._closed) return Promise.reject(new Error(`${method}: page has been closed`));
    return this._conn.send(method, params, this._session);
  }

  _didClose() {
    if (this._closed) return;
    this._closed = true;
    this._committed.resolve();
    this._notify();
    this.emit('close', this);
  }

  _notify() { for (const w of [...this._waiters]) w(); }

  /** Resolve with check()'s first truthy value, checked now and at every navigation event;
   *  fail after timeout with "api: Timeout …ms exceeded waiting for what", or if the page
   *  closes. */
  _waitUntil(check, timeout, api, what) {
    return new Promise((resolve, reject) => {
      let timer;
      const done = (fn, v) => { clearTimeout(timer); this._waiters.delete(waiter); fn(v); };
      const waiter = () => {
        if (this._closed) return done(reject, new Error(`${api}: page closed while waiting for ${what}`));
        let v;
        try { v = check(); } catch (e) { return done(reject, e); }
        if (v) done(resolve, v);
      };
      timer = setTimeout(() => done(reject, new Error(`${api}: Timeout ${timeout}ms exceeded waiting for ${what} (URL ${this._url})`)), timeout);
      this._waiters.add(waiter);
      waiter();
    });
  }

  _loaded(loaderId, state) {
    const name = LOAD_EVENTS[state];
    if (!name) throw new Error(`unknown load state ${state}: load, domcontentloaded, networkidle or commit`);
    return state === 'commit' || this._lifecycle.get(loaderId)?.has(name);
  }

  context() { return this._ctx; }
  url() { return this._url; }
  isClosed() { return this._closed; }
  setDefaultTimeout(ms) { this._defaultTimeout = ms; }

  async close() {
    if (this._closed) return;
    await this._conn.send('Target.closeTarget', { targetId: this._targetId }).catch(() => {});
    await this._waitUntil(() => this._closed, this._defaultTimeout, 'page.close', 'the page to close').catch(() => this._didClose());
  }

  waitForEvent(event, optionsOrPredicate = {}) {
    return waitForEmitterEvent(this, 'page', event, optionsOrPredicate, this._defaultTimeout);
  }

  // --- navigation ------------------------------------------------------------------------

  /** Load url and wait for its load state (waitUntil, default 'load'). Throws on network
   *  errors (not on HTTP error statuses). */
  async goto(url, { waitUntil = 'load', timeout = this._defaultTimeout } = {}) {
    const r = await this._send('Page.navigate', { url, frameId: this._targetId });
    if (r.errorText) throw new Error(`page.goto: ${r.errorText} at ${url}`);
    if (!r.loaderId) return null; // same document (only the #fragment changed)
    await this._waitUntil(() => this._loaded(r.loaderId, waitUntil), timeout, 'page.goto', `"${waitUntil}" of ${url}`);
    return null;
  }

  /** Run start() and wait for the main frame's next navigation (a new document: until its
   *  load state; same-document: at once). */
  async _navigation(api, start, waitUntil, timeout) {
    const before = this._navigations;
    await start();
    const deadline = Date.now() + timeout;
    await this._waitUntil(() => this._navigations > before, timeout, api, 'a navigation');
    const loaderId = this._loaderId;
    await this._waitUntil(() => this._loaded(loaderId, waitUntil), Math.max(1, deadline - Date.now()), api, `"${waitUntil}"`);
  }

  async reload({ waitUntil = 'load', timeout = this._defaultTimeout } = {}) {
    await this._navigation('page.reload', () => this._send('Page.reload'), waitUntil, timeout);
    return null;
  }

  async _history(api, delta, waitUntil, timeout) {
    const { currentIndex, entries } = await this._send('Page.getNavigationHistory');
    const entry = entries[currentIndex + delta];
    if (!entry) return null;
    await this._navigation(api, () => this._send('Page.navigateToHistoryEntry', { entryId: entry.id }), waitUntil, timeout);
    return null;
  }

  goBack({ waitUntil = 'load', timeout = this._defaultTimeout } = {}) {
    return this._history('page.goBack', -1, waitUntil, timeout);
  }

  goForward({ waitUntil = 'load', timeout = this._defaultTimeout } = {}) {
    return this._history('page.goForward', 1, waitUntil, timeout);
  }

  /** Wait until the main document reached state: 'load' (default), 'domcontentloaded',
   *  'networkidle'. */
  async waitForLoadState(state = 'load', { timeout = this._defaultTimeout } = {}) {
    await this._waitUntil(() => this._navigations > 0 || this._loaderId, timeout, 'page.waitForLoadState', 'a document');
    await this._waitUntil(() => this._loaded(this._loaderId, state), timeout, 'page.waitForLoadState', `"${state}"`);
  }

  /** Wait until the URL matches (a string: equal; a RegExp: matches the href; a function:
   *  true for the URL object), then for the document's load state (waitUntil). */
  async waitForURL(matcher, { waitUntil = 'load', timeout = this._defaultTimeout } = {}) {
    const deadline = Date.now() + timeout;
    const matches = () => urlMatches(matcher, this._url);
    await this._waitUntil(matches, timeout, 'page.waitForURL', `URL ${describeValue(matcher)}`);
    const loaderId = this._loaderId;
    await this._waitUntil(() => this._loaded(loaderId, waitUntil), Math.max(1, deadline - Date.now()),
      'page.waitForURL', `"${waitUntil}" of ${this._url}`);
  }

  waitForTimeout(ms) { return sleep(ms); }

  // --- scripts -----------------------------------------------------------------------------

  /** Evaluate an expression made by this driver in the page's main world; returns its value
   *  (which must survive JSON). */
  async _evaluate(expression, api) {
    const r = await this._send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true, userGesture: false });
    if (r.exceptionDetails) throw new Error(`${api}: ${exceptionText(r.exceptionDetails)}`);
    return r.result.value;
  }

  /** page.evaluate(fn, arg): run fn(arg) in the page and return its (awaited) result. A string
   *  is evaluated as an expression. arg must survive JSON; a result that cannot be returned by
   *  value (a window, a cyclic object) gives undefined, as in Playwright. */
  async evaluate(fn, arg) {
    const expression = typeof fn === 'function' ? `(${fn})(${toJs(arg)})` : String(fn);
    // Waits (briefly) for a new document's context to exist, as Playwright does.
    const deadline = Date.now() + this._defaultTimeout;
    let r;
    for (;;) {
      try {
        r = await this._send('Runtime.evaluate', { expression, awaitPromise: true });
        break;
      } catch (e) {
        if (!/Cannot find default execution context/.test(e.message) || Date.now() > deadline) throw new Error(`page.evaluate: ${e.message}`);
        await sleep(20);
      }
    }
    if (r.exceptionDetails) throw new Error(`page.evaluate: ${exceptionText(r.exceptionDetails)}`);
    const o = r.result;
    if (!o.objectId) return remoteValue(o);
    try {
      const v = await this._send('Runtime.callFunctionOn', { objectId: o.objectId, functionDeclaration: 'function () { return this; }', returnByValue: true });
      return v.result.value;
    } catch (e) {
      if (/reference chain is too long|could not be returned by value|couldn't be returned by value/i.test(e.message)) return undefined;
      throw new Error(`page.evaluate: ${e.message}`);
    } finally {
      this._send('Runtime.releaseObject', { objectId: o.objectId }).catch(() => {});
    }
  }

  /** Evaluate fn(arg) in the page (every animation frame, or every 50 ms) until it returns
   *  something truthy; resolves with that value as JSON gives it (true if it has none; not a
   *  JSHandle as in Playwright). Survives navigations. */
  async waitForFunction(fn, arg, { timeout = this._defaultTimeout } = {}) {
    const source = typeof fn === 'function' ? String(fn) : `() => (${fn})`;
    const what = `function ${source.replace(/\s+/g, ' ').slice(0, 160)}`;
    return this._poll('page.waitForFunction', what, timeout, (left) =>
      `(async (fn, arg, left) => {
         const end = performance.now() + left;
         for (;;) {
           const v = await fn(arg);
           if (v) { try { return { value: JSON.parse(JSON.stringify(v) ?? 'true') }; } catch { return { value: true }; } }
           if (performance.now() > end) return { timeout: true };
           await new Promise((r) => { const t = setTimeout(r, 50); requestAnimationFrame(() => { clearTimeout(t); r(); }); });
         }
       })(${source}, ${toJs(arg)}, ${left})`);
  }

  /** Run the in-page polling expression made by build(msLeft) until it answers, again after
   *  each navigation that interrupted it, within timeout. The expression resolves with
   *  { value } or { error } or { timeout, why }. */
  async _poll(api, what, timeout, build) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const left = Math.max(0, deadline - Date.now());
      let r;
      try {
        r = await withTimeout(this._evaluate(build(left), api), left + 2000,
          `${api}: Timeout ${timeout}ms exceeded waiting for ${what} (the page did not answer)`);
      } catch (e) {
        if (isContextGone(e) && !this._closed && Date.now() < deadline) { await sleep(20); continue; }
        throw e;
      }
      if (r.error) throw new Error(`${api}: ${r.error}`);
      if (r.timeout) throw new Error(`${api}: Timeout ${timeout}ms exceeded waiting for ${what}${r.why ? ` (${r.why})` : ''}`);
      return r.value;
    }
  }

  /** fn(elements, arg) over every element matching selector (no waiting). */
  $$eval(selector, fn, arg) {
    return new Locator(this, [{ css: selector }], false).evaluateAll(fn, arg);
  }

  $eval(selector, fn, arg) {
    return new Locator(this, [{ css: selector }], false).evaluate(fn, arg);
  }

  title() { return this.evaluate(() => document.title); }

  /** Resize the page's viewport (the window the layout sees), as Playwright's. */
  async setViewportSize({ width, height }) {
    await this._send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false });
    this._viewport = { width, height };
  }

  viewportSize() { return { ...this._viewport }; }

  content() { return this.evaluate(() => document.documentElement.outerHTML); }

  // --- locators and actions on selectors ----------------------------------------------------

  /** A lazy locator; options.hasText narrows it to elements whose text contains it. */
  locator(selector, options = {}) { return new Locator(this, []).locator(selector, options); }

  getByRole(role, options = {}) { return new Locator(this, []).getByRole(role, options); }

  // page.<action>(selector) act on the first match (Playwright's page methods are not strict).
  _first(selector) { return new Locator(this, [{ css: selector }], false); }
  click(selector, options) { return this._first(selector).click(options); }
  fill(selector, value, options) { return this._first(selector).fill(value, options); }
  selectOption(selector, values, options) { return this._first(selector).selectOption(values, options); }
  textContent(selector, options) { return this._first(selector).textContent(options); }
  getAttribute(selector, name, options) { return this._first(selector).getAttribute(name, options); }
  inputValue(selector, options) { return this._first(selector).inputValue(options); }
  isVisible(selector) { return this._first(selector).isVisible(); }
  press(selector, key, options) { return this._first(selector).press(key, options); }
  async waitForSelector(selector, { state = 'visible', timeout } = {}) {
    await this._first(selector).waitFor({ state, timeout });
  }

  // --- request interception -----------------------------------------------------------------

  /** Handle the page's requests whose URL matches (a function of the URL object, a RegExp,
   *  or a string equal to the URL, or '**' for all) with handler(route, request). The route
   *  added last is asked first; route.fallback() passes to the one before it. */
  async route(matcher, handler) {
    this._routes.push({ matcher, handler });
    if (this._routes.length === 1) {
      await this._send('Fetch.enable', { patterns: [{ urlPattern: '*', requestStage: 'Request' }] });
    }
  }

  async unroute(matcher, handler) {
    this._routes = this._routes.filter((r) => r.matcher !== matcher || (handler && r.handler !== handler));
    if (this._routes.length === 0) await this._send('Fetch.disable').catch(() => {});
  }

  async _onRequestPaused(event) {
    const request = new Request(event.request);
    const routes = this._routes.filter((r) => urlMatches(r.matcher, request.url(), true)).reverse();
    try {
      for (const r of routes) {
        const route = new Route(this, event.requestId, request);
        r.handler(route, request);
        if ((await route._decided) !== 'fallback') return;
      }
      await this._send('Fetch.continueRequest', { requestId: event.requestId });
    } catch (e) {
      // The page may have gone; otherwise let the request go on so the page does not hang.
      if (!this._closed) {
        this._send('Fetch.continueRequest', { requestId: event.requestId }).catch(() => {});
        console.error(`page.route: handler failed for ${request.url()}: ${e.stack ?? e}`);
      }
    }
  }
}

/** A string (exact URL, or '**' for any), a RegExp, or a predicate of the URL object. */
function urlMatches(matcher, href, forRoute = false) {
  if (typeof matcher === 'function') return matcher(new URL(href));
  if (matcher instanceof RegExp) return matcher.test(href);
  if (forRoute && matcher === '**') return true;
  return matcher === href;
}

/** The value of a CDP RemoteObject that has no objectId (a primitive, null or undefined). */
function remoteValue(o) {
  if (o.unserializableValue === undefined) return o.value;
  const u = o.unserializableValue;
  if (u.endsWith('n')) return BigInt(u.slice(0, -1));
  return u === '-0' ? -0 : Number(u); // NaN, Infinity, -Infinity
}

function exceptionText(d) {
  return d.exception?.description ?? (d.exception && 'value' in d.exception ? String(d.exception.value) : d.text);
}

/** A value as JavaScript source (JSON, and undefined). */
function toJs(v) {
  return v === undefined ? 'undefined' : JSON.stringify(v);
}

/** An Error for an uncaught exception in the page (as Playwright's 'pageerror' gives). */
function pageError(details) {
  const ex = details.exception;
  const text = exceptionText(details);
  const m = /^([A-Za-z$_][\w$]*): ([\s\S]*?)(?:\n\s+at [\s\S]*)?$/.exec(text);
  const err = new Error(m && ex?.className ? m[2] : text);
  err.name = m && ex?.className ? m[1] : 'Error';
  err.stack = text;
  return err;
}

class Dialog {
  constructor(page, e) { this._page = page; this._e = e; this._handled = false; }
  type() { return this._e.type; }
  message() { return this._e.message; }
  defaultValue() { return this._e.defaultPrompt ?? ''; }
  page() { return this._page; }
  accept(promptText) { return this._handle(true, promptText); }
  dismiss() { return this._handle(false); }
  async _handle(accept, promptText) {
    if (this._handled) throw new Error('dialog has already been handled');
    this._handled = true;
    await this._page._send('Page.handleJavaScriptDialog', { accept, ...(promptText !== undefined ? { promptText } : {}) });
  }
}

class Request {
  constructor(r) { this._r = r; }
  url() { return this._r.url + (this._r.urlFragment ?? ''); }
  method() { return this._r.method; }
  /** Header names in lower case, as Playwright gives them. */
  headers() {
    const out = {};
    for (const [k, v] of Object.entries(this._r.headers)) out[k.toLowerCase()] = v;
    return out;
  }
  postData() {
    if (this._r.postData !== undefined) return this._r.postData;
    if (this._r.postDataEntries) {
      return Buffer.concat(this._r.postDataEntries.map((e) => Buffer.from(e.bytes ?? '', 'base64'))).toString('utf8');
    }
    return null;
  }
  postDataJSON() { const d = this.postData(); return d === null ? null : JSON.parse(d); }
}

class Route {
  constructor(page, requestId, request) {
    this._page = page;
    this._requestId = requestId;
    this._request = request;
    this._decision = deferred();
    this._decided = this._decision.promise;
  }

  request() { return this._request; }

  _decide(kind) {
    if (this._done) throw new Error('route is already handled');
    this._done = true;
    this._decision.resolve(kind);
  }

  /** Answer without the network: status (200), headers, contentType, body (string/Buffer),
   *  or json (an object sent as JSON). */
  async fulfill({ status = 200, headers = {}, contentType, body, json } = {}) {
    this._decide('fulfill');
    if (json !== undefined) { body = JSON.stringify(json); contentType ??= 'application/json'; }
    const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body ?? '', 'utf8');
    const h = { ...headers };
    if (contentType) h['content-type'] = contentType;
    h['content-length'] = String(bytes.length);
    await this._page._send('Fetch.fulfillRequest', {
      requestId: this._requestId, responseCode: status,
      responseHeaders: Object.entries(h).map(([name, value]) => ({ name, value: String(value) })),
      body: bytes.toString('base64'),
    });
  }

  /** Send the request on to the network, optionally changed (url, method, headers, postData). */
  async continue({ url, method, headers, postData } = {}) {
    this._decide('continue');
    const params = { requestId: this._requestId };
    if (url) params.url = url;
    if (method) params.method = method;
    if (headers) params.headers = Object.entries(headers).map(([name, value]) => ({ name, value: String(value) }));
    if (postData !== undefined) params.postData = Buffer.from(postData).toString('base64');
    await this._page._send('Fetch.continueRequest', params);
  }

  /** Let the route added before this one handle it (or the network, if none). */
  async fallback() { this._decide('fallback'); }

  async abort(errorCode = 'failed') {
    this._decide('abort');
    const reasons = { failed: 'Failed', aborted: 'Aborted', timedout: 'TimedOut', accessdenied: 'AccessDenied',
      connectionrefused: 'ConnectionRefused', connectionreset: 'ConnectionReset', internetdisconnected: 'InternetDisconnected',
      namenotresolved: 'NameNotResolved', blockedbyclient: 'BlockedByClient' };
    await this._page._send('Fetch.failRequest', { requestId: this._requestId, errorReason: reasons[errorCode] ?? 'Failed' });
  }
}

// ---------------------------------------------------------------------------------------
// Input.

class Mouse {
  constructor(page) { this._page = page; this._x = 0; this._y = 0; }
  async move(x, y) {
    this._x = x; this._y = y;
    await this._page._send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y });
  }
  async down({ button = 'left', clickCount = 1 } = {}) {
    await this._page._send('Input.dispatchMouseEvent', { type: 'mousePressed', x: this._x, y: this._y, button, buttons: BUTTONS[button], clickCount });
  }
  async up({ button = 'left', clickCount = 1 } = {}) {
    await this._page._send('Input.dispatchMouseEvent', { type: 'mouseReleased', x: this._x, y: this._y, button, buttons: 0, clickCount });
  }
  async click(x, y, { button = 'left', clickCount = 1 } = {}) {
    await this.move(x, y);
    for (let i = 1; i <= clickCount; i++) {
      await this.down({ button, clickCount: i });
      await this.up({ button, clickCount: i });
    }
  }
}
const BUTTONS = { left: 1, right: 2, middle: 4 };

// The keys press() knows by name: [code, keyCode, text typed (if any)].
const KEYS = {
  Enter: ['Enter', 13, '\r'], Tab: ['Tab', 9], Escape: ['Escape', 27], Backspace: ['Backspace', 8],
  Delete: ['Delete', 46], Space: ['Space', 32, ' '], ArrowLeft: ['ArrowLeft', 37], ArrowUp: ['ArrowUp', 38],
  ArrowRight: ['ArrowRight', 39], ArrowDown: ['ArrowDown', 40], Home: ['Home', 36], End: ['End', 35],
  PageUp: ['PageUp', 33], PageDown: ['PageDown', 34], Shift: ['ShiftLeft', 16], Control: ['ControlLeft', 17],
  Alt: ['AltLeft', 18], Meta: ['MetaLeft', 91],
};
const MODIFIER_BITS = { Alt: 1, Control: 2, Meta: 4, Shift: 8 };

class Keyboard {
  constructor(page) { this._page = page; this._modifiers = 0; }

  _describe(key) {
    if (KEYS[key]) {
      const [code, keyCode, text] = KEYS[key];
      return { key: key === 'Space' ? ' ' : key, code, keyCode, text };
    }
    if ([...key].length === 1) {
      const upper = key.toUpperCase();
      const code = /[a-z]/i.test(key) ? `Key${upper}` : /[0-9]/.test(key) ? `Digit${key}` : '';
      return { key, code, keyCode: /[a-z0-9]/i.test(key) ? upper.charCodeAt(0) : 0, text: key };
    }
    throw new Error(`keyboard: unknown key "${key}"`);
  }

  async down(key) {
    const d = this._describe(key);
    if (MODIFIER_BITS[key]) this._modifiers |= MODIFIER_BITS[key];
    // With Control/Alt/Meta held, a key types no text (it is a shortcut).
    const text = this._modifiers & ~MODIFIER_BITS.Shift ? undefined : d.text;
    await this._page._send('Input.dispatchKeyEvent', {
      type: text ? 'keyDown' : 'rawKeyDown', key: d.key, code: d.code, windowsVirtualKeyCode: d.keyCode,
      modifiers: this._modifiers, ...(text ? { text, unmodifiedText: text } : {}),
    });
  }

  async up(key) {
    const d = this._describe(key);
    if (MODIFIER_BITS[key]) this._modifiers &= ~MODIFIER_BITS[key];
    await this._page._send('Input.dispatchKeyEvent', { type: 'keyUp', key: d.key, code: d.code, windowsVirtualKeyCode: d.keyCode, modifiers: this._modifiers });
  }

  /** press('Enter'), press('a'), press('Control+A'): modifiers down, the key, modifiers up. */
  async press(combo, { delay = 0 } = {}) {
    const keys = combo.split('+').map((k, i, all) => (k === '' && i === all.length - 1 ? '+' : k)).filter(Boolean);
    const key = keys.pop();
    for (const m of keys) await this.down(m);
    await this.down(key);
    if (delay) await sleep(delay);
    await this.up(key);
    for (const m of keys.reverse()) await this.up(m);
  }

  /** Type text key by key (keydown, keypress/input, keyup for each character). */
  async type(text, { delay = 0 } = {}) {
    for (const ch of text) {
      if (KEYS[ch] || /^[\x20-\x7e]$/.test(ch)) await this.press(ch === ' ' ? 'Space' : ch);
      else await this.insertText(ch);
      if (delay) await sleep(delay);
    }
  }

  /** Insert text as an IME would: one input event, no key events. */
  async insertText(text) { await this._page._send('Input.insertText', { text }); }
}

// ---------------------------------------------------------------------------------------
// Locators. A locator is a list of steps resolved inside the page each time it is used:
// { css } (descendants of the current set), { hasText }, { role, name, exact }, { nth }.

class Locator {
  constructor(page, steps, strict = true, desc = '') {
    this._page = page;
    this._steps = steps;
    this._strict = strict;
    this._desc = desc || (steps[0]?.css ? `locator('${steps[0].css}')` : 'locator');
  }

  _with(step, desc, strict = this._strict) {
    return new Locator(this._page, [...this._steps, step], strict, `${this._steps.length ? this._desc + '.' : ''}${desc}`);
  }

  locator(selector, { hasText } = {}) {
    let l = this._with({ css: selector }, `locator('${selector}')`);
    if (hasText !== undefined) l = l.filter({ hasText });
    return l;
  }

  getByRole(role, { name, exact = false } = {}) {
    const step = { role, exact };
    if (name !== undefined) step.name = textSpec(name);
    const opts = name === undefined ? '' : `, { name: ${describeValue(name)}${exact ? ', exact: true' : ''} }`;
    return this._with(step, `getByRole('${role}'${opts})`);
  }

  filter({ hasText } = {}) {
    if (hasText === undefined) return this;
    return this._with({ hasText: textSpec(hasText) }, `filter({ hasText: ${describeValue(hasText)} })`);
  }

  first() { return this._with({ nth: 0 }, 'first()', false); }
  last() { return this._with({ nth: -1 }, 'last()', false); }
  nth(i) { return this._with({ nth: i }, `nth(${i})`, false); }

  /** Run an operation of the in-page engine (see pageEngine), waiting up to timeout. */
  _run(api, op, { timeout = this._page._defaultTimeout, ...params } = {}, fn = null, arg = undefined) {
    const query = { steps: this._steps, strict: this._strict, op, desc: this._desc, ...params };
    const what = params.state ? `${this._desc} to be ${params.state}` : this._desc;
    return this._page._poll(api, what, timeout, (left) =>
      `(${pageEngine})(${JSON.stringify({ ...query, timeout: left })}, ${fn ? String(fn) : 'null'}, ${toJs(arg)})`);
  }

  // Immediate answers (no waiting), as in Playwright.
  count() { return this._run('locator.count', 'count'); }
  allTextContents() { return this._run('locator.allTextContents', 'allTextContents'); }
  allInnerTexts() { return this._run('locator.allInnerTexts', 'allInnerTexts'); }
  isVisible() { return this._run('locator.isVisible', 'isVisible'); }
  async isHidden() { return !(await this.isVisible()); }
  evaluateAll(fn, arg) { return this._run('locator.evaluateAll', 'evaluateAll', {}, fn, arg); }
  async all() {
    const n = await this.count();
    return Array.from({ length: n }, (_, i) => this.nth(i));
  }

  // Waiting for the element (attached).
  textContent(options) { return this._run('locator.textContent', 'textContent', options); }
  innerText(options) { return this._run('locator.innerText', 'innerText', options); }
  getAttribute(name, options) { return this._run('locator.getAttribute', 'getAttribute', { ...options, name }); }
  inputValue(options) { return this._run('locator.inputValue', 'inputValue', options); }
  evaluate(fn, arg, options) { return this._run('locator.evaluate', 'evaluate', options, fn, arg); }
  isEnabled(options) { return this._run('locator.isEnabled', 'isEnabled', options); }
  isChecked(options) { return this._run('locator.isChecked', 'isChecked', options); }

  /** Wait for state: 'visible' (default), 'hidden', 'attached' or 'detached'. */
  async waitFor({ state = 'visible', timeout } = {}) {
    await this._run('locator.waitFor', 'waitFor', { state, timeout });
  }

  /** A real click at the element's centre, once it is visible, enabled, stable and on top. */
  async click({ timeout = this._page._defaultTimeout, button = 'left', clickCount = 1 } = {}) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const { x, y } = await this._run('locator.click', 'click', { timeout: Math.max(0, deadline - Date.now()) });
      await this._page.mouse.click(x, y, { button, clickCount });
      let missed = null;
      try {
        missed = await this._page._evaluate('window.__cdpClickGuard ? window.__cdpClickGuard.done() : null', 'locator.click');
      } catch (e) {
        if (!isContextGone(e)) throw e; // the click navigated away: it reached the element
      }
      if (missed === null) return;
      if (Date.now() >= deadline) {
        throw new Error(`locator.click: Timeout ${timeout}ms exceeded clicking ${this._desc} (${missed} received the click)`);
      }
    }
  }

  dblclick(options = {}) { return this.click({ ...options, clickCount: 2 }); }

  /** Replace the field's value as typing would: focus, select all, insert (or delete). */
  async fill(value, { timeout } = {}) {
    const how = await this._run('locator.fill', 'fill', { timeout, value: String(value) });
    if (how === 'type') {
      if (value === '') await this._page.keyboard.press('Delete');
      else await this._page.keyboard.insertText(String(value));
    }
  }

  /** Choose options of a <select> by value or label; fires input and change. Returns the
   *  selected values. */
  selectOption(values, { timeout } = {}) {
    const list = (Array.isArray(values) ? values : [values]).map((v) => (typeof v === 'object' ? v.value ?? v.label : String(v)));
    return this._run('locator.selectOption', 'selectOption', { timeout, values: list });
  }

  async focus({ timeout } = {}) { await this._run('locator.focus', 'focus', { timeout }); }

  async press(key, { timeout } = {}) {
    await this.focus({ timeout });
    await this._page.keyboard.press(key);
  }

  async type(text, { timeout } = {}) {
    await this.focus({ timeout });
    await this._page.keyboard.type(text);
  }
}

/** A string or RegExp as something that survives JSON into the page. */
function textSpec(t) {
  return t instanceof RegExp ? { re: t.source, flags: t.flags } : { s: String(t) };
}

/* The in-page half of locators. Runs inside the page (stringified into Runtime.evaluate), so
 * it must be self-contained. q: { steps, strict, op, desc, timeout, ...op parameters };
 * fn/arg: for evaluate and evaluateAll. Resolves with { value } or { error } or
 * { timeout: true, why } once q.timeout ms have passed without success. */
async function pageEngine(q, fn, arg) {
  const norm = (s) => String(s ?? '').replace(/\s+/g, ' ').trim();
  const textMatches = (text, spec, exact) => {
    if (spec.re !== undefined) return new RegExp(spec.re, spec.flags).test(text);
    return exact ? norm(text) === norm(spec.s) : norm(text).toLowerCase().includes(norm(spec.s).toLowerCase());
  };
  const style = (el) => getComputedStyle(el);
  // What fn returned, as JSON gives it; undefined if JSON cannot (cycles).
  const jsonSafe = (v) => { try { const j = JSON.stringify(v); return j === undefined ? undefined : JSON.parse(j); } catch { return undefined; } };

  // --- roles and accessible names (enough of WAI-ARIA / accname for our pages) ---
  const implicitRole = (el) => {
    const tag = el.localName;
    const type = (el.getAttribute('type') || '').toLowerCase();
    switch (tag) {
      case 'a': case 'area': return el.hasAttribute('href') ? 'link' : null;
      case 'button': return 'button';
      case 'input':
        if (['button', 'submit', 'reset', 'image'].includes(type)) return 'button';
        if (type === 'checkbox') return 'checkbox';
        if (type === 'radio') return 'radio';
        if (type === 'range') return 'slider';
        if (type === 'number') return 'spinbutton';
        if (type === 'hidden' || type === 'password' || type === 'file') return null;
        if (el.hasAttribute('list')) return 'combobox';
        return type === 'search' ? 'searchbox' : 'textbox';
      case 'textarea': return 'textbox';
      case 'select': return el.multiple || el.size > 1 ? 'listbox' : 'combobox';
      case 'option': return 'option';
      case 'h1': case 'h2': case 'h3': case 'h4': case 'h5': case 'h6': return 'heading';
      case 'img': return el.getAttribute('alt') === '' ? 'presentation' : 'img';
      case 'nav': return 'navigation';
      case 'main': return 'main';
      case 'aside': return 'complementary';
      case 'header': return el.closest('article, aside, main, nav, section') ? null : 'banner';
      case 'footer': return el.closest('article, aside, main, nav, section') ? null : 'contentinfo';
      case 'form': return 'form';
      case 'section': return el.hasAttribute('aria-label') || el.hasAttribute('aria-labelledby') ? 'region' : null;
      case 'article': return 'article';
      case 'table': return 'table';
      case 'thead': case 'tbody': case 'tfoot': return 'rowgroup';
      case 'tr': return 'row';
      case 'td': return 'cell';
      case 'th': return el.getAttribute('scope') === 'row' ? 'rowheader' : 'columnheader';
      case 'ul': case 'ol': case 'menu': return 'list';
      case 'li': return 'listitem';
      case 'dialog': return 'dialog';
      case 'details': case 'fieldset': return 'group';
      case 'progress': return 'progressbar';
      case 'hr': return 'separator';
      case 'output': return 'status';
      case 'p': return 'paragraph';
      default: return null;
    }
  };
  const roleOf = (el) => (el.getAttribute('role') || '').trim().split(/\s+/)[0] || implicitRole(el);
  const hiddenForAria = (el) => {
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      if (e.getAttribute('aria-hidden') === 'true' || style(e).display === 'none') return true;
    }
    return style(el).visibility !== 'visible';
  };
  const NAME_FROM_CONTENT = ['button', 'cell', 'checkbox', 'columnheader', 'gridcell', 'heading', 'link',
    'menuitem', 'menuitemcheckbox', 'menuitemradio', 'option', 'radio', 'row', 'rowheader', 'switch', 'tab',
    'tooltip', 'treeitem'];
  const textOfSubtree = (node) => {
    let out = '';
    for (const child of node.childNodes) {
      if (child.nodeType === 3) out += child.data;
      else if (child.nodeType === 1) {
        if (hiddenForAria(child)) continue;
        const label = child.getAttribute('aria-label');
        if (label && norm(label)) { out += ` ${label} `; continue; }
        if (child.localName === 'img') { out += child.getAttribute('alt') || ''; continue; }
        const block = !/^(inline|contents)/.test(style(child).display);
        out += block ? ` ${textOfSubtree(child)} ` : textOfSubtree(child);
      }
    }
    return out;
  };
  const accessibleName = (el) => {
    const ids = el.getAttribute('aria-labelledby');
    if (ids) {
      const t = norm(ids.split(/\s+/).map((id) => document.getElementById(id)).filter(Boolean)
        .map((e) => e.getAttribute('aria-label') || textOfSubtree(e)).join(' '));
      if (t) return t;
    }
    const label = norm(el.getAttribute('aria-label'));
    if (label) return label;
    const tag = el.localName;
    const type = (el.getAttribute('type') || '').toLowerCase();
    if (tag === 'input' && ['button', 'submit', 'reset'].includes(type)) {
      return norm(el.value) || (type === 'submit' ? 'Submit' : type === 'reset' ? 'Reset' : '');
    }
    if ((tag === 'input' && type === 'image') || tag === 'img' || tag === 'area') {
      const alt = norm(el.getAttribute('alt'));
      if (alt) return alt;
    }
    if (el.labels && el.labels.length) {
      const t = norm([...el.labels].map((l) => textOfSubtree(l)).join(' '));
      if (t) return t;
    }
    if (tag === 'fieldset') { const l = el.querySelector(':scope > legend'); if (l) return norm(textOfSubtree(l)); }
    if (tag === 'table') { const c = el.querySelector(':scope > caption'); if (c) return norm(textOfSubtree(c)); }
    if (NAME_FROM_CONTENT.includes(roleOf(el))) {
      const t = norm(textOfSubtree(el));
      if (t) return t;
    }
    return norm(el.getAttribute('title'));
  };

  // --- resolving the steps ---
  const inOrder = (set) => [...new Set(set)].sort((a, b) =>
    (a === b ? 0 : a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  const resolve = () => {
    let els = null; // null: the document
    for (const s of q.steps) {
      const roots = els ?? [document];
      if (s.css !== undefined) {
        els = inOrder(roots.flatMap((r) => [...r.querySelectorAll(s.css)]));
      } else if (s.role !== undefined) {
        els = inOrder(roots.flatMap((r) => [...r.querySelectorAll('*')])).filter((e) =>
          roleOf(e) === s.role && !hiddenForAria(e) && (!s.name || textMatches(accessibleName(e), s.name, s.exact)));
      } else if (s.hasText !== undefined) {
        els = roots.filter((e) => e !== document && textMatches(e.textContent, s.hasText, false));
      } else if (s.nth !== undefined) {
        const all = els ?? [];
        const e = s.nth < 0 ? all[all.length + s.nth] : all[s.nth];
        els = e ? [e] : [];
      }
    }
    return els ?? [];
  };
  const describe = (el) => {
    const attrs = ['id', 'class', 'name', 'role', 'data-action'].filter((a) => el.hasAttribute(a))
      .map((a) => ` ${a}="${el.getAttribute(a)}"`).join('');
    const text = norm(el.textContent).slice(0, 40);
    return `<${el.localName}${attrs}>${text}`;
  };

  // --- element states ---
  const visible = (el) => {
    if (!el.isConnected) return false;
    if (el.checkVisibility && !el.checkVisibility()) return false;
    if (style(el).visibility !== 'visible') return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const enabled = (el) => !el.matches(':disabled') && !el.closest('[aria-disabled="true"]');
  const tick = () => new Promise((r) => {
    const t = setTimeout(r, 50);
    requestAnimationFrame(() => { clearTimeout(t); r(); });
  });

  // --- the operations: each returns { done, value } or { why } (keep waiting) ---
  let lastBox = null;
  const ops = {
    count: (els) => ({ done: true, value: els.length }),
    allTextContents: (els) => ({ done: true, value: els.map((e) => e.textContent) }),
    allInnerTexts: (els) => ({ done: true, value: els.map((e) => e.innerText) }),
    isVisible: (els) => ({ done: true, value: !!els[0] && visible(els[0]) }),
    evaluateAll: async (els) => ({ done: true, value: jsonSafe(await fn(els, arg)) }),
    textContent: (els, el) => ({ done: true, value: el.textContent }),
    innerText: (els, el) => ({ done: true, value: el.innerText }),
    getAttribute: (els, el) => ({ done: true, value: el.getAttribute(q.name) }),
    evaluate: async (els, el) => ({ done: true, value: jsonSafe(await fn(el, arg)) }),
    isEnabled: (els, el) => ({ done: true, value: enabled(el) }),
    isChecked: (els, el) => ({ done: true, value: !!el.checked || el.getAttribute('aria-checked') === 'true' }),
    inputValue: (els, el) => {
      if (!['input', 'textarea', 'select'].includes(el.localName)) throw new Error('Not an <input>, <textarea> or <select> element');
      return { done: true, value: el.value };
    },
    focus: (els, el) => { el.focus(); return { done: true }; },
    waitFor: (els) => {
      const el = els[0];
      const ok = { attached: !!el, detached: !el, visible: !!el && visible(el), hidden: !el || !visible(el) }[q.state];
      if (ok === undefined) throw new Error(`state must be attached, detached, visible or hidden, not ${q.state}`);
      return ok ? { done: true } : { why: el ? describe(el) : 'no element matches' };
    },
    click: async (els, el) => {
      if (!visible(el)) return { why: 'not visible' };
      if (!enabled(el)) return { why: 'not enabled' };
      const vw = innerWidth;
      const vh = innerHeight;
      let r = el.getBoundingClientRect();
      if (r.top < 0 || r.left < 0 || r.bottom > vh || r.right > vw) {
        el.scrollIntoView({ block: 'center', inline: 'center', behavior: 'instant' });
        r = el.getBoundingClientRect();
      }
      const box = [r.x, r.y, r.width, r.height].join();
      const stable = box === lastBox;
      lastBox = box;
      if (!stable) return { why: 'not stable yet' };
      // The first of the element's boxes (a wrapped link has several), at its centre.
      const rects = [...el.getClientRects()].filter((b) => b.width > 0 && b.height > 0);
      const b = rects[0] ?? r;
      const x = Math.max(0, Math.min(vw - 1, b.left + b.width / 2));
      const y = Math.max(0, Math.min(vh - 1, b.top + b.height / 2));
      const hit = document.elementFromPoint(x, y);
      if (!hit || (hit !== el && !el.contains(hit))) return { why: `${hit ? describe(hit) : 'nothing'} would receive the click` };
      // The page may still move between this check and the mouse events (a fragment arriving
      // above the element): until the click is over, an event aimed at anything else is
      // stopped and the click is tried again, as Playwright's hit-target check does.
      // The first trusted event decides; the rest of the click follows it.
      const guard = { checked: false, missed: null, events: ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click'] };
      guard.check = (e) => {
        if (!e.isTrusted) return;
        if (!guard.checked) {
          guard.checked = true;
          if (e.target !== el && !el.contains(e.target)) guard.missed = describe(e.target);
        }
        if (guard.missed !== null) { e.preventDefault(); e.stopImmediatePropagation(); }
      };
      guard.done = () => {
        for (const t of guard.events) window.removeEventListener(t, guard.check, true);
        delete window.__cdpClickGuard;
        return guard.missed;
      };
      window.__cdpClickGuard?.done();
      for (const t of guard.events) window.addEventListener(t, guard.check, true);
      window.__cdpClickGuard = guard;
      return { done: true, value: { x, y } };
    },
    fill: (els, el) => {
      if (!visible(el)) return { why: 'not visible' };
      if (!enabled(el)) return { why: 'not enabled' };
      const tag = el.localName;
      const type = (el.getAttribute('type') || 'text').toLowerCase();
      if (tag === 'input') {
        if (['checkbox', 'radio', 'file', 'submit', 'button', 'reset', 'image', 'hidden'].includes(type)) {
          throw new Error(`Input of type "${type}" cannot be filled`);
        }
        if (el.readOnly) return { why: 'read-only' };
        if (['date', 'time', 'datetime-local', 'month', 'week', 'color', 'range'].includes(type)) {
          el.focus();
          el.value = q.value;
          if (el.value !== q.value) throw new Error(`Malformed value for input of type ${type}: ${q.value}`);
          el.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
          el.dispatchEvent(new Event('change', { bubbles: true }));
          return { done: true, value: 'set' };
        }
        el.focus();
        el.select();
      } else if (tag === 'textarea') {
        if (el.readOnly) return { why: 'read-only' };
        el.focus();
        el.select();
      } else if (el.isContentEditable) {
        el.focus();
        const range = document.createRange();
        range.selectNodeContents(el);
        getSelection().removeAllRanges();
        getSelection().addRange(range);
      } else {
        throw new Error('Element is not an <input>, <textarea> or [contenteditable] element');
      }
      return { done: true, value: 'type' };
    },
    selectOption: (els, el) => {
      if (el.localName !== 'select') throw new Error('Element is not a <select> element');
      if (!visible(el)) return { why: 'not visible' };
      if (!enabled(el)) return { why: 'not enabled' };
      const options = [...el.options];
      const chosen = q.values.map((v) => options.find((o) => o.value === v || o.label === v));
      const missing = q.values.filter((v, i) => !chosen[i]);
      if (missing.length) return { why: `no option ${missing.map((v) => JSON.stringify(v)).join(', ')}` };
      if (!el.multiple && chosen.length > 1) throw new Error('Target select element is not multiple');
      for (const o of options) o.selected = false;
      for (const o of chosen) o.selected = true;
      el.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
      return { done: true, value: chosen.map((o) => o.value) };
    },
  };
  const immediate = ['count', 'allTextContents', 'allInnerTexts', 'isVisible', 'evaluateAll'];

  const end = performance.now() + q.timeout;
  let why = 'no element matches';
  for (;;) {
    let els;
    try {
      els = resolve();
    } catch (e) {
      return { error: `${q.desc}: ${e.message}` };
    }
    const isImmediate = immediate.includes(q.op);
    if (q.strict && els.length > 1 && q.op !== 'count' && !q.op.startsWith('all') && q.op !== 'evaluateAll') {
      return { error: `strict mode violation: ${q.desc} resolved to ${els.length} elements:\n` +
        els.slice(0, 5).map((e, i) => `    ${i + 1}) ${describe(e)}`).join('\n') };
    }
    let r;
    try {
      if (isImmediate || q.op === 'waitFor') r = await ops[q.op](els);
      else r = els[0] ? await ops[q.op](els, els[0]) : { why: 'no element matches' };
    } catch (e) {
      return { error: `${q.desc}: ${e.message}` };
    }
    if (r.done) return { value: r.value };
    why = r.why;
    if (performance.now() > end) return { timeout: true, why };
    await tick();
  }
}
