// profile.js — the user profile page (htdocs/user.html): loads the header and the tab fragments
// the programs render, keeps the selected tab and its query in the page URL (?tab=SLUG&...),
// sends fragment forms with fetch and runs the header's two actions. After every save it
// re-reads the header, which decides the tabs (a licence or subusers-manage changes them).
// Editors (form[data-guard]: the permission editor) enable Save only when changed, keep group
// checkboxes (data-group-toggle) in step, and ask before their changes are left behind;
// a button[data-slot-src] opens a fragment in place (its aria-controls, a [data-slot]).
// Plain ES2020, no build step. Only the programs' fragments (escaped server-side) go in as HTML;
// every message of our own goes in as text.
'use strict';

(() => {
  const TAB_LABELS = {
    user: 'User',
    cameras: 'Cameras',
    intercoms: 'Intercoms',
    subusers: 'Sub-users',
    'billing-events': 'Billing Events',
    access: 'Access settings',
    analytics: 'Analytics',
  };
  const ACTIONS = {
    'login-as': 'Log in as User',
    'sync-cameras': 'Synchronize cameras',
  };
  const RETRY_MS = 3000;
  const MSG_DB = 'Database unavailable, retrying…';
  const MSG_NET = 'The server cannot be reached. Check the connection and try again.';

  const m = /^\/admin\/users\/([0-9]+)\/?$/.exec(location.pathname);
  if (!m) return;
  const userId = m[1];
  const base = `/admin/users/${userId}`;

  const headerSlot = document.getElementById('header-slot');
  const profileBody = document.getElementById('profile-body');
  const tabList = document.getElementById('tab-list');
  const panel = document.getElementById('tab-panel');
  const crumb = document.getElementById('crumb-user');

  const state = {
    tabs: [],        // slugs the header lists, in display order
    csrf: '',
    username: '',
    current: null,   // { tab, query } shown in the panel
  };
  let panelJob = null; // the panel load in flight: { controller, timer }

  // --- small helpers ---------------------------------------------------------------------

  /** A message box of our own: <div class=KIND><p>TEXT</p></div>, text only. */
  function messageBox(kind, text) {
    const div = document.createElement('div');
    div.className = kind;
    div.setAttribute('role', kind === 'error' ? 'alert' : 'status');
    const p = document.createElement('p');
    p.textContent = text;
    div.append(p);
    return div;
  }

  /** An error box with a "Try again" button that calls retry. */
  function retryBox(text, retry) {
    const box = messageBox('error', text);
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = 'Try again';
    button.addEventListener('click', retry);
    box.append(button);
    return box;
  }

  /** Parse a program's HTML fragment (inert: nothing runs or loads until it is inserted). */
  function fragment(html) {
    const t = document.createElement('template');
    t.innerHTML = html;
    return t.content;
  }

  /** True for an answer that is a whole page (nginx's own error pages), not a fragment. */
  function isWholePage(text) {
    return /^\s*<(!doctype|html)/i.test(text);
  }

  function plainClick(ev) {
    return ev.button === 0 && !ev.defaultPrevented &&
      !ev.metaKey && !ev.ctrlKey && !ev.shiftKey && !ev.altKey;
  }

  /** Leave for the sign-in page; it brings the admin back here (with the tab when the query
   *  is plain enough for the sign-in program's next= check). */
  function toSignIn() {
    let next = base;
    const q = location.search;
    if (q.length < 400 && /^[A-Za-z0-9/_.?=&-]*$/.test(q) && !q.includes('//') && !q.includes('..')) {
      next += q;
    }
    location.assign('/admin/login?next=' + encodeURIComponent(next));
  }

  /** fetch with the session cookie. Resolves to { status, statusText, text, type }; status 0 is
   *  a network failure, 401 also covers a redirect to the sign-in page. Rejects only on abort. */
  async function request(url, init = {}) {
    try {
      const res = await fetch(url, { credentials: 'same-origin', ...init });
      const text = await res.text();
      let status = res.status;
      if (res.redirected && new URL(res.url).pathname === '/admin/login') status = 401;
      return { status, statusText: res.statusText, text, type: res.headers.get('content-type') || '' };
    } catch (err) {
      if (err && err.name === 'AbortError') throw err;
      return { status: 0, statusText: '', text: '', type: '' };
    }
  }

  /** What to show for a failed answer: the program's own error fragment, else a message. */
  function errorNode(r, what) {
    if (r.text.trim() && /text\/html/i.test(r.type) && !isWholePage(r.text)) return fragment(r.text);
    const why = r.statusText ? `${r.status} ${r.statusText}` : String(r.status);
    return messageBox('error', `${what} (HTTP ${why}).`);
  }

  // --- URLs ------------------------------------------------------------------------------

  function fragmentUrl(tab, query) {
    return `${base}/${tab}` + (query ? `?${query}` : '');
  }

  function pageUrl(tab, query) {
    return `${base}?tab=${encodeURIComponent(tab)}` + (query ? `&${query}` : '');
  }

  /** Split a page query (?tab=SLUG&rest) into the tab and the rest, kept as it was encoded. */
  function splitQuery(search) {
    const tab = new URLSearchParams(search).get('tab');
    const rest = search.replace(/^\?/, '').split('&')
      .filter((p) => p && p.split('=')[0] !== 'tab').join('&');
    return { tab, query: rest };
  }

  /** The tab the page URL asks for; an unknown or unavailable one falls back to the first. */
  function fromLocation() {
    const { tab, query } = splitQuery(location.search);
    if (tab && state.tabs.includes(tab)) return { tab, query, valid: true };
    return { tab: state.tabs[0], query: '', valid: !tab };
  }

  /** The tab and query a URL inside a fragment stands for, or null when it is not one of this
   *  user's tab URLs (such links navigate normally). */
  function tabTarget(url) {
    if (url.origin !== location.origin) return null;
    if (url.pathname.startsWith(base + '/')) {
      const slug = url.pathname.slice(base.length + 1);
      return state.tabs.includes(slug) ? { tab: slug, query: url.search.slice(1) } : null;
    }
    if (url.pathname === base && !url.hash) {
      const t = splitQuery(url.search);
      return t.tab && state.tabs.includes(t.tab) ? t : null;
    }
    return null;
  }

  // --- the tab bar and the panel ---------------------------------------------------------

  function buildTabs() {
    tabList.replaceChildren(...state.tabs.map((slug) => {
      const a = document.createElement('a');
      a.id = `tab-${slug}`;
      a.href = pageUrl(slug, '');
      a.textContent = TAB_LABELS[slug];
      a.dataset.tab = slug;
      a.setAttribute('role', 'tab');
      a.setAttribute('aria-controls', 'tab-panel');
      a.setAttribute('aria-selected', 'false');
      a.tabIndex = -1;
      return a;
    }));
  }

  function markSelected(slug) {
    for (const a of tabList.querySelectorAll('[role="tab"]')) {
      const on = a.dataset.tab === slug;
      a.setAttribute('aria-selected', on ? 'true' : 'false');
      a.tabIndex = on ? 0 : -1;
    }
    panel.setAttribute('aria-labelledby', `tab-${slug}`);
    panel.dataset.tab = slug;
    document.title = `${TAB_LABELS[slug]} · ${state.username || 'User ' + userId} · vmsadmin`;
  }

  /** Show tab with query in the panel. how: 'push' (a new history entry), 'replace' (fix the
   *  URL in place) or 'none' (the URL already says so: first load, back/forward).
   *  focus: move focus to the panel once loaded (after links and forms inside it). */
  function selectTab(tab, query, how, focus = false) {
    const fresh = !state.current || state.current.tab !== tab;
    state.current = { tab, query };
    const url = pageUrl(tab, query);
    const here = location.pathname + location.search;
    if (how === 'push' && url !== here) history.pushState(null, '', url);
    else if (how === 'replace' && url !== here) history.replaceState(null, '', url);
    markSelected(tab);
    loadPanel(fragmentUrl(tab, query), TAB_LABELS[tab], { fresh, focus });
  }

  function cancelPanel() {
    if (!panelJob) return;
    panelJob.controller.abort();
    clearTimeout(panelJob.timer);
    clearTimeout(panelJob.slow);
    panelJob = null;
  }

  /** Load a fragment into the panel. A newer load cancels this one; 503 retries every 3 s.
   *  opts.fresh (another tab): the old content is dimmed, and replaced by "Loading…" only
   *  when the answer takes a while, so quick loads do not flicker. */
  async function loadPanel(url, label, opts = {}) {
    cancelPanel();
    const job = { controller: new AbortController(), timer: 0, slow: 0 };
    panelJob = job;
    if (opts.fresh) {
      job.slow = setTimeout(() => panel.replaceChildren(messageBox('loading', 'Loading…')), 250);
    }
    panel.setAttribute('aria-busy', 'true');
    let r;
    try {
      r = await request(url, { signal: job.controller.signal, headers: { Accept: 'text/html' } });
    } catch {
      return; // aborted: a newer load owns the panel
    }
    if (panelJob !== job) return;
    clearTimeout(job.slow);
    panel.removeAttribute('aria-busy');
    if (r.status === 401) {
      toSignIn();
      return;
    }
    if (r.status === 503) {
      if (!panel.querySelector(':scope > .retrying')) panel.replaceChildren(messageBox('note retrying', MSG_DB));
      job.timer = setTimeout(() => {
        if (panelJob === job) loadPanel(url, label, { focus: opts.focus });
      }, RETRY_MS);
      return;
    }
    panelJob = null;
    if (r.status === 0) {
      panel.replaceChildren(retryBox(`Could not load the ${label} tab: ${MSG_NET}`,
        () => loadPanel(url, label, { fresh: true, focus: true })));
    } else if (r.status >= 200 && r.status < 300) {
      show(panel, fragment(r.text));
    } else {
      panel.replaceChildren(errorNode(r, `Could not load the ${label} tab`));
    }
    if (opts.focus) focusPanel();
  }

  function focusPanel() {
    panel.focus({ preventScroll: true });
    if (panel.getBoundingClientRect().top < 0) panel.scrollIntoView({ block: 'start' });
  }

  /** A form's data including the button that submitted it. */
  function formData(form, submitter) {
    try {
      return new FormData(form, submitter || undefined);
    } catch {
      const data = new FormData(form);
      if (submitter && submitter.name) data.append(submitter.name, submitter.value);
      return data;
    }
  }

  /** POST a data-fetch form; its answer (any status) replaces the panel, or the slot the form
   *  is in. A successful save re-reads the header: the tabs may have changed. */
  async function postForm(form, submitter, url) {
    const slot = form.closest('[data-slot]');
    const target = slot || panel;
    if (!slot) cancelPanel();
    const buttons = form.querySelectorAll('button, input[type="submit"]');
    for (const b of buttons) b.disabled = true;
    form.setAttribute('aria-busy', 'true');
    const body = new URLSearchParams(formData(form, submitter));
    const r = await request(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'X-CSRF-Token': state.csrf,
        Accept: 'text/html',
      },
      body,
    });
    if (r.status === 401) {
      toSignIn();
      return;
    }
    form.removeAttribute('aria-busy');
    for (const b of buttons) b.disabled = false;
    if (form.matches('[data-guard]')) updateEditor(form);
    if (r.status === 0) { // keep what the admin typed; say why nothing happened
      form.querySelector(':scope > .error.net')?.remove();
      const box = messageBox('error net', `Not saved: ${MSG_NET}`);
      form.prepend(box);
      return;
    }
    const ok = r.status >= 200 && r.status < 300;
    if (ok) refreshTabs();
    if (r.text.trim() && !isWholePage(r.text)) {
      show(target, fragment(r.text));
    } else if (ok && !slot) { // no body: show the tab as it is now
      const { tab, query } = state.current;
      loadPanel(fragmentUrl(tab, query), TAB_LABELS[tab], { focus: true });
      return;
    } else {
      target.replaceChildren(errorNode(r, 'Not saved'));
    }
    if (slot) slotSaved(slot);
    else focusPanel();
  }

  /** Re-read the header's list of tabs and rebuild the tab bar when it changed. */
  async function refreshTabs() {
    const r = await request(`${base}/header`, { headers: { Accept: 'application/json' } });
    let tabs;
    try {
      tabs = r.status === 200 ? JSON.parse(r.text).tabs : null;
    } catch {
      tabs = null;
    }
    if (!Array.isArray(tabs)) return;
    tabs = tabs.filter((t) => Object.prototype.hasOwnProperty.call(TAB_LABELS, t));
    if (tabs.join(' ') === state.tabs.join(' ')) return;
    state.tabs = tabs;
    const root = headerSlot.querySelector('#profile-header');
    if (root) root.dataset.tabs = tabs.join(' ');
    buildTabs();
    if (state.current && tabs.includes(state.current.tab)) markSelected(state.current.tab);
    else if (tabList.firstElementChild) tabList.firstElementChild.tabIndex = 0;
  }

  // --- editors: Save when changed, group checkboxes, the unsaved-changes guard --------------

  /** Put a fragment into container (the panel or a slot) and set up the editors in it. */
  function show(container, node) {
    container.replaceChildren(node);
    for (const form of container.querySelectorAll('form[data-guard]')) {
      form.dataset.initial = new URLSearchParams(new FormData(form)).toString();
      updateEditor(form);
    }
  }

  /** An editor's group checkboxes follow their group (mixed shows as such), and Save is enabled
   *  only while something differs from what was loaded. */
  function updateEditor(form) {
    for (const toggle of form.querySelectorAll('input[data-group-toggle]')) {
      const boxes = [...toggle.closest('fieldset').querySelectorAll('input[name]:not(:disabled)')];
      const on = boxes.filter((b) => b.checked).length;
      toggle.checked = boxes.length > 0 && on === boxes.length;
      toggle.indeterminate = on > 0 && on < boxes.length;
    }
    const dirty = new URLSearchParams(new FormData(form)).toString() !== form.dataset.initial;
    form.toggleAttribute('data-dirty', dirty);
    const save = form.querySelector('[data-save]');
    if (save && !form.hasAttribute('aria-busy')) save.disabled = !dirty;
    const note = form.querySelector('.save-state');
    if (note) note.textContent = dirty ? 'Unsaved changes' : '';
  }

  function dirtyEditor(root = panel) {
    return root.querySelector('form[data-guard][data-dirty]');
  }

  let leaving = null; // the question being asked: a Promise
  let unloadOk = false; // the admin chose to leave: no second question from the browser

  /** Resolve true when nothing unsaved is in root, or the admin chooses to leave it; false to
   *  stay. Asked in a modal dialog of the page (Escape or Stay: stay). */
  function confirmLeave(root = panel) {
    const form = dirtyEditor(root);
    if (!form) return Promise.resolve(true);
    if (leaving) return leaving;
    let dialog = document.getElementById('leave-dialog');
    if (!dialog) {
      dialog = document.createElement('dialog');
      dialog.id = 'leave-dialog';
      dialog.setAttribute('aria-labelledby', 'leave-title');
      dialog.setAttribute('aria-describedby', 'leave-text');
      const title = document.createElement('h2');
      title.id = 'leave-title';
      title.textContent = 'Leave without saving?';
      const text = document.createElement('p');
      text.id = 'leave-text';
      const choice = document.createElement('form');
      choice.method = 'dialog';
      choice.className = 'dialog-actions';
      const stay = document.createElement('button');
      stay.value = 'stay';
      stay.textContent = 'Stay';
      stay.className = 'secondary';
      const leave = document.createElement('button');
      leave.value = 'leave';
      leave.textContent = 'Leave without saving';
      choice.append(stay, leave);
      dialog.append(title, text, choice);
      document.body.append(dialog);
    }
    dialog.querySelector('#leave-text').textContent =
      `${form.getAttribute('aria-label') || 'This form'} has changes that are not saved.`;
    dialog.returnValue = '';
    leaving = new Promise((resolve) => {
      dialog.addEventListener('close', () => {
        leaving = null;
        resolve(dialog.returnValue === 'leave');
      }, { once: true });
    });
    dialog.showModal();
    dialog.querySelector('button[value="stay"]').focus();
    return leaving;
  }

  /** Run go once the admin may leave what root holds. */
  function guarded(go, root = panel) {
    if (!dirtyEditor(root)) {
      go();
      return;
    }
    confirmLeave(root).then((ok) => { if (ok) go(); });
  }

  panel.addEventListener('change', (ev) => {
    const form = ev.target.closest('form[data-guard]');
    if (!form) return;
    if (ev.target.matches('input[data-group-toggle]')) {
      for (const b of ev.target.closest('fieldset').querySelectorAll('input[name]:not(:disabled)')) {
        b.checked = ev.target.checked;
      }
    }
    updateEditor(form);
  });

  window.addEventListener('beforeunload', (ev) => {
    if (unloadOk || !dirtyEditor()) return;
    ev.preventDefault();
    ev.returnValue = '';
  });

  // --- slots: a fragment opened in place (a sub-user's permission editor) -----------------

  function slotOf(button) {
    return document.getElementById(button.getAttribute('aria-controls') || '');
  }

  function slotHolder(slot) {
    return slot.closest('tr') || slot;
  }

  async function openSlot(button) {
    const slot = slotOf(button);
    if (!slot) return;
    button.setAttribute('aria-expanded', 'true');
    slotHolder(slot).hidden = false;
    slot.setAttribute('aria-busy', 'true');
    slot.replaceChildren(messageBox('loading', 'Loading…'));
    const r = await request(button.dataset.slotSrc, { headers: { Accept: 'text/html' } });
    slot.removeAttribute('aria-busy');
    if (r.status === 401) {
      toSignIn();
      return;
    }
    if (button.getAttribute('aria-expanded') !== 'true') return; // closed meanwhile
    if (r.status >= 200 && r.status < 300) show(slot, fragment(r.text));
    else if (r.status === 0) slot.replaceChildren(messageBox('error', `Could not load: ${MSG_NET}`));
    else slot.replaceChildren(errorNode(r, 'Could not load'));
    slot.focus({ preventScroll: true });
  }

  function closeSlot(button) {
    const slot = slotOf(button);
    button.setAttribute('aria-expanded', 'false');
    if (!slot) return;
    slot.replaceChildren();
    slotHolder(slot).hidden = true;
    button.focus();
  }

  /** After a save in a slot: the row's count follows, and focus stays in the slot. */
  function slotSaved(slot) {
    const granted = slot.querySelector('[data-granted]');
    const count = slot.dataset.count && document.getElementById(slot.dataset.count);
    if (granted && count) count.textContent = granted.dataset.granted;
    slot.focus({ preventScroll: true });
  }

  panel.addEventListener('click', (ev) => {
    const button = ev.target.closest('button[data-slot-src]');
    if (!button) return;
    ev.preventDefault();
    if (button.getAttribute('aria-expanded') === 'true') {
      const slot = slotOf(button);
      guarded(() => closeSlot(button), slot || panel);
    } else {
      openSlot(button);
    }
  });

  // --- events ----------------------------------------------------------------------------

  tabList.addEventListener('click', (ev) => {
    const a = ev.target.closest('[role="tab"]');
    if (!a || !plainClick(ev)) return;
    ev.preventDefault();
    const cur = state.current;
    const same = cur && cur.tab === a.dataset.tab && !cur.query;
    guarded(() => selectTab(a.dataset.tab, '', same ? 'none' : 'push'));
  });

  // Arrow keys move between tabs, Enter or Space opens one (manual activation).
  tabList.addEventListener('keydown', (ev) => {
    const tabs = [...tabList.querySelectorAll('[role="tab"]')];
    const i = tabs.indexOf(document.activeElement);
    if (i < 0) return;
    let j = -1;
    if (ev.key === 'ArrowRight') j = (i + 1) % tabs.length;
    else if (ev.key === 'ArrowLeft') j = (i - 1 + tabs.length) % tabs.length;
    else if (ev.key === 'Home') j = 0;
    else if (ev.key === 'End') j = tabs.length - 1;
    else if (ev.key === ' ') {
      ev.preventDefault();
      tabs[i].click();
      return;
    }
    if (j < 0) return;
    ev.preventDefault();
    for (const t of tabs) t.tabIndex = -1;
    tabs[j].tabIndex = 0;
    tabs[j].focus();
  });

  // Links to this user's tab URLs load into the panel; all others navigate.
  panel.addEventListener('click', (ev) => {
    const a = ev.target.closest('a[href]');
    if (!a) { // a table row that stands for a page (data-href): selecting it opens that page
      if (ev.target.closest('button, input, select, textarea, label, summary, details')) return;
      const row = ev.target.closest('tr[data-href]');
      const dest = row && new URL(row.dataset.href, location.href);
      if (dest && dest.origin === location.origin && dest.pathname.startsWith('/admin/') &&
        plainClick(ev) && !window.getSelection().toString()) {
        guarded(() => {
          unloadOk = true;
          location.assign(dest.href);
        });
      }
      return;
    }
    if (!plainClick(ev) || a.hasAttribute('download')) return;
    if (a.target && a.target !== '_self') return;
    const dest = tabTarget(new URL(a.href, location.href));
    if (!dest) return;
    ev.preventDefault();
    guarded(() => selectTab(dest.tab, dest.query, 'push', true));
  });

  panel.addEventListener('submit', (ev) => {
    const form = ev.target;
    const sub = ev.submitter;
    const method = ((sub && sub.getAttribute('formmethod')) || form.getAttribute('method') || 'get').toLowerCase();
    const action = new URL((sub && sub.getAttribute('formaction')) || form.getAttribute('action') || location.href,
      location.href);
    if (action.origin !== location.origin) return;
    if (method === 'get') {
      const slug = action.pathname.slice(base.length + 1);
      if (!action.pathname.startsWith(base + '/') || !state.tabs.includes(slug)) return;
      ev.preventDefault();
      const query = new URLSearchParams(formData(form, sub)).toString();
      guarded(() => selectTab(slug, query, 'push', true));
    } else if (method === 'post' && form.hasAttribute('data-fetch')) {
      // in a slot: another user's form (a sub-user's editor), under /admin/users/
      const inSlot = form.closest('[data-slot]') && /^\/admin\/users\/[0-9]+\//.test(action.pathname);
      if (!inSlot && !action.pathname.startsWith(base + '/')) return;
      ev.preventDefault();
      postForm(form, sub, action.href);
    }
  });

  window.addEventListener('popstate', () => {
    if (!state.tabs.length) return; // the header is not in yet; it reads the URL when it is
    const go = () => {
      const want = fromLocation();
      selectTab(want.tab, want.query, want.valid ? 'none' : 'replace');
    };
    if (!dirtyEditor()) {
      go();
      return;
    }
    const back = state.current ? pageUrl(state.current.tab, state.current.query) : null;
    confirmLeave().then((ok) => {
      if (ok) go();
      else if (back) history.pushState(null, '', back); // stay: the URL says so again
    });
  });

  // --- the header and its actions --------------------------------------------------------

  function say(out, kind, text) {
    if (!out) return;
    out.dataset.state = kind;
    out.textContent = text;
  }

  /** An http(s) URL from an answer, or null (never a javascript: URL). */
  function safeUrl(s) {
    try {
      const u = new URL(String(s), location.href);
      return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
    } catch {
      return null;
    }
  }

  /** POST one of the header's actions; the answer is JSON ({url}, {message} or {error}). */
  async function runAction(button, out) {
    const action = button.dataset.action;
    const label = ACTIONS[action];
    button.disabled = true;
    say(out, 'busy', `${label}…`);
    const r = await request(`${base}/${action}`, {
      method: 'POST',
      headers: { 'X-CSRF-Token': state.csrf, Accept: 'application/json' },
    });
    button.disabled = false;
    if (r.status === 401) {
      toSignIn();
      return;
    }
    let data = null;
    if (/json/i.test(r.type)) {
      try { data = JSON.parse(r.text); } catch { data = null; }
    }
    if (r.status === 0) {
      say(out, 'error', `${label} failed: ${MSG_NET}`);
    } else if (r.status >= 200 && r.status < 300 && data && typeof data === 'object') {
      if (action === 'login-as') {
        const url = safeUrl(data.url);
        if (!url) {
          say(out, 'error', `${label} failed: the answer holds no sign-in link.`);
          return;
        }
        window.open(url, '_blank', 'noopener');
        say(out, 'ok', 'The web client opened in a new tab.');
      } else {
        say(out, 'ok', typeof data.message === 'string' ? data.message : 'Done.');
      }
    } else if (data && typeof data.error === 'string') {
      say(out, 'error', data.error);
    } else if (r.status === 503) {
      say(out, 'error', 'Database unavailable. Try again in a moment.');
    } else {
      const why = r.statusText ? `${r.status} ${r.statusText}` : String(r.status);
      say(out, 'error', `${label} failed (HTTP ${why}).`);
    }
  }

  function headerMessage(node, crumbText) {
    headerSlot.replaceChildren(node);
    if (crumbText) crumb.textContent = crumbText;
  }

  /** Load the header once; it says which tabs exist and carries the CSRF token. */
  async function loadHeader() {
    const r = await request(`${base}/header`, { headers: { Accept: 'text/html' } });
    if (r.status === 401) {
      toSignIn();
      return;
    }
    if (r.status === 503) {
      if (!headerSlot.querySelector(':scope > .retrying')) headerMessage(messageBox('note retrying', MSG_DB));
      setTimeout(loadHeader, RETRY_MS);
      return;
    }
    if (r.status === 404) {
      headerMessage(messageBox('error', `User not found: there is no user ${userId}.`), 'Not found');
      document.title = 'User not found · vmsadmin';
      return;
    }
    if (r.status === 0) {
      headerMessage(retryBox(`Could not load user ${userId}: ${MSG_NET}`, () => {
        headerMessage(messageBox('loading', 'Loading…'));
        loadHeader();
      }));
      return;
    }
    const f = r.status === 200 ? fragment(r.text) : null;
    const root = f && f.querySelector('#profile-header');
    if (!root) {
      headerMessage(r.status === 200 ? messageBox('error', `Could not load user ${userId}: unexpected answer.`)
        : errorNode(r, `Could not load user ${userId}`));
      return;
    }
    headerSlot.replaceChildren(f);
    showProfile(root);
  }

  function showProfile(root) {
    state.csrf = root.dataset.csrf || '';
    state.tabs = (root.dataset.tabs || '').split(/\s+/)
      .filter((t) => Object.prototype.hasOwnProperty.call(TAB_LABELS, t));
    const name = root.querySelector('#hdr-username');
    state.username = name ? name.textContent.trim() : '';
    crumb.textContent = state.username || `User ${userId}`;

    const who = document.getElementById('who');
    if (who) who.textContent = root.dataset.admin || '';
    const logout = document.getElementById('logout-form');
    if (logout && state.csrf) {
      logout.elements.csrf.value = state.csrf;
      logout.querySelector('button').disabled = false;
    }
    const out = root.querySelector('.action-result');
    root.addEventListener('click', (ev) => {
      const button = ev.target.closest('button[data-action]');
      if (button && Object.prototype.hasOwnProperty.call(ACTIONS, button.dataset.action)) runAction(button, out);
    });

    if (!state.tabs.length) {
      document.title = `${state.username || 'User ' + userId} · vmsadmin`;
      return;
    }
    buildTabs();
    profileBody.hidden = false;
    const want = fromLocation();
    selectTab(want.tab, want.query, want.valid ? 'none' : 'replace');
  }

  loadHeader();
})();
