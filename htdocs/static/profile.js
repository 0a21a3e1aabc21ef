// profile.js — the user profile page (htdocs/user.html): loads the header and the tab fragments
// the programs render, keeps the selected tab and its query in the page URL (?tab=SLUG&...),
// sends fragment forms with fetch and runs the header's Synchronize cameras, whose job it shows
// live (pending → delivering → done or failed, polled from the job's JSON). (Log in as User is
// the header's own form: target=_blank, so the click itself opens the new tab.) After every save
// it re-reads the header, which decides the tabs (a licence or subusers-manage changes them).
// Editors (form[data-guard]: the permission editor) enable Save only when changed, keep group
// checkboxes (data-group-toggle) in step, and ask before their changes are left behind;
// a button[data-slot-src] opens a fragment in place (its aria-controls, a [data-slot]).
// Plain ES2020, no build step. Only the programs' fragments (escaped server-side) go in as HTML,
// and only answers that say they are HTML (Content-Type text/html): a CSV or JSON answer holds
// the same data unescaped. Every message of our own goes in as text.
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
    audit: 'Audit',
  };
  const ACTIONS = {
    'sync-cameras': 'Synchronize cameras',
  };
  // Query parameters that change what kind of answer a tab gives (format=csv is a download, not
  // a fragment): never passed on from the page URL or a link to a fragment request.
  const ANSWER_KIND_PARAMS = ['format'];
  const RETRY_MS = 3000;      // the sync job's poll while it runs
  const RETRY_FIRST_MS = 2000; // a 503 is tried again after 2 s, 4, 8, 16, then every 30 s
  const RETRY_MAX_MS = 30000;
  const SYNC_POLL_MS = 1000;
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
  let syncTimer = 0;   // the next poll of the sync job shown in the header

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

  /** True when answer r is an HTML fragment: labelled text/html and not a whole page. Nothing
   *  else may be parsed as HTML. */
  function isHtmlFragment(r) {
    return /^text\/html\s*(;|$)/i.test(r.type) && r.text.trim() !== '' && !isWholePage(r.text);
  }

  /** Message for a successful answer that is not an HTML fragment (a download, JSON...). */
  function notFragmentBox(what, r) {
    const kind = r.type.split(';')[0].trim() || 'an answer without a content type';
    return messageBox('error', `${what}: the server answered with ${kind}, not a page section.`);
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
    if (isHtmlFragment(r)) return fragment(r.text);
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

  /** The name of a query pair as sent ("a%62c=1" is "abc"); null when it cannot be decoded. */
  function pairName(p) {
    try {
      return decodeURIComponent(p.split('=')[0].replace(/\+/g, ' '));
    } catch {
      return null;
    }
  }

  /** Split a page query (?tab=SLUG&rest) into the tab and the rest, kept as it was encoded.
   *  The rest loses every parameter that would change the kind of answer (dropped: true). */
  function splitQuery(search) {
    const tab = new URLSearchParams(search).get('tab');
    const pairs = search.replace(/^\?/, '').split('&').filter((p) => p && pairName(p) !== 'tab');
    const rest = pairs.filter((p) => !ANSWER_KIND_PARAMS.includes(pairName(p)));
    return { tab, query: rest.join('&'), dropped: rest.length !== pairs.length };
  }

  /** True when a query asks for another kind of answer than a fragment (e.g. format=csv). */
  function changesKind(search) {
    return search.replace(/^\?/, '').split('&').some((p) => ANSWER_KIND_PARAMS.includes(pairName(p)));
  }

  /** The tab the page URL asks for; an unknown or unavailable one falls back to the first.
   *  valid is false when the URL must be corrected (fallback, or a parameter dropped). */
  function fromLocation() {
    const { tab, query, dropped } = splitQuery(location.search);
    if (tab && state.tabs.includes(tab)) return { tab, query, valid: !dropped };
    return { tab: state.tabs[0], query: '', valid: !tab };
  }

  /** The tab and query a URL inside a fragment stands for, or null when it is not one of this
   *  user's tab URLs or asks for another kind of answer, such as a CSV download (such links
   *  navigate normally). */
  function tabTarget(url) {
    if (url.origin !== location.origin || changesKind(url.search)) return null;
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
      const attempt = opts.attempt || 0;
      const wait = retryDelay(attempt);
      panel.replaceChildren(messageBox('note retrying', `${MSG_DB} (again in ${wait / 1000} s)`));
      job.timer = setTimeout(() => {
        if (panelJob === job) loadPanel(url, label, { focus: opts.focus, attempt: attempt + 1 });
      }, wait);
      return;
    }
    panelJob = null;
    if (r.status === 0) {
      panel.replaceChildren(retryBox(`Could not load the ${label} tab: ${MSG_NET}`,
        () => loadPanel(url, label, { fresh: true, focus: true })));
    } else if (r.status >= 200 && r.status < 300) {
      if (isHtmlFragment(r)) show(panel, fragment(r.text));
      else panel.replaceChildren(notFragmentBox(`Could not show the ${label} tab`, r));
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
    if (isHtmlFragment(r)) {
      show(target, fragment(r.text));
    } else if (ok && !r.text.trim() && !slot) { // no body: show the tab as it is now
      const { tab, query } = state.current;
      loadPanel(fragmentUrl(tab, query), TAB_LABELS[tab], { focus: true });
      return;
    } else if (ok) {
      target.replaceChildren(notFragmentBox('Saved, but the answer cannot be shown', r));
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
    if (r.status >= 200 && r.status < 300 && isHtmlFragment(r)) show(slot, fragment(r.text));
    else if (r.status >= 200 && r.status < 300) slot.replaceChildren(notFragmentBox('Could not show it', r));
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
      const query = new URLSearchParams(formData(form, sub)).toString();
      if (changesKind(query)) return; // a download form: the browser fetches it as one
      ev.preventDefault();
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

  /** POST one of the header's actions; the answer is JSON ({message} or {error}). */
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
      if (action === 'sync-cameras' && showJob(data)) {
        say(out, 'idle', ''); // the status line below says it
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

  // --- Synchronize cameras: the job in the header ----------------------------------------

  const ACTIVE = new Set(['pending', 'delivering']);

  /** Show a sync job (the JSON of .../sync-cameras/{job}) in the header's status line and keep
   *  polling it while it is in progress. Returns false when job is not one. */
  function showJob(job) {
    const line = document.getElementById('sync-status');
    if (!line || !job || typeof job.id !== 'number' || typeof job.state !== 'string') return false;
    const count = `delivered to ${job.delivered} of ${job.total} environment${job.total === 1 ? '' : 's'}`;
    const parts = [count];
    if (job.error) parts.push(job.state === 'failed' ? job.error : `retrying after: ${job.error}`);
    if (job.finished_at) parts.push(`finished ${job.finished_at} UTC`);
    parts.push(`requested ${job.created_at} UTC by ${job.admin}`);
    const state = document.createElement('strong');
    state.className = 'sync-state';
    state.textContent = job.state;
    line.replaceChildren('Synchronize cameras: ', state, ` — ${parts.join(' · ')}`);
    line.dataset.state = job.state;
    line.dataset.jobId = String(job.id);
    line.hidden = false;
    clearTimeout(syncTimer);
    if (ACTIVE.has(job.state)) syncTimer = setTimeout(() => pollJob(job.id), SYNC_POLL_MS);
    return true;
  }

  /** Read job id again; a database pause or a network failure only delays the next look. */
  async function pollJob(id) {
    const r = await request(`${base}/sync-cameras/${id}`, { headers: { Accept: 'application/json' } });
    if (r.status === 401) {
      toSignIn();
      return;
    }
    let job = null;
    if (r.status === 200) {
      try { job = JSON.parse(r.text); } catch { job = null; }
    }
    if (!showJob(job)) syncTimer = setTimeout(() => pollJob(id), RETRY_MS);
  }

  /** After a (re)load: the user's latest job, if any. */
  async function loadLastJob() {
    if (!document.getElementById('sync-status')) return;
    const r = await request(`${base}/sync-cameras`, { headers: { Accept: 'application/json' } });
    if (r.status !== 200) return;
    try {
      const data = JSON.parse(r.text);
      if (data && data.job) showJob(data.job);
    } catch { /* nothing to show */ }
  }

  /** Show node in place of the header; the page keeps a heading (hidden unless node has its
   *  own) for those who move by headings. */
  function headerMessage(node, crumbText) {
    const own = node.matches?.('h1') || node.querySelector?.('h1');
    if (own) {
      headerSlot.replaceChildren(node);
    } else {
      const h1 = document.createElement('h1');
      h1.className = 'visually-hidden';
      h1.textContent = crumbText || 'User profile';
      headerSlot.replaceChildren(h1, node);
    }
    if (crumbText) crumb.textContent = crumbText;
  }

  /** How long to wait before the attempt-th retry of an answer 503 (0 is the first). */
  function retryDelay(attempt) {
    return Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** Math.min(attempt, 10));
  }

  /** Load the header once; it says which tabs exist and carries the CSRF token. */
  async function loadHeader(attempt = 0) {
    const r = await request(`${base}/header`, { headers: { Accept: 'text/html' } });
    if (r.status === 401) {
      toSignIn();
      return;
    }
    if (r.status === 503) {
      const wait = retryDelay(attempt);
      headerMessage(messageBox('note retrying', `${MSG_DB} (again in ${wait / 1000} s)`));
      setTimeout(() => loadHeader(attempt + 1), wait);
      return;
    }
    if (r.status === 404) {
      // the answer still carries who is signed in, so Sign out keeps working
      // (the program's "User not found" section, with its heading; else a message of ours)
      const missing = isHtmlFragment(r) ? fragment(r.text).querySelector('#profile-header[data-missing]') : null;
      headerMessage(missing || messageBox('error', `User not found: there is no user ${userId}.`), 'Not found');
      if (missing) signedIn(missing);
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
    const f = r.status === 200 && isHtmlFragment(r) ? fragment(r.text) : null;
    const root = f && f.querySelector('#profile-header');
    if (!root) {
      headerMessage(r.status === 200 ? messageBox('error', `Could not load user ${userId}: unexpected answer.`)
        : errorNode(r, `Could not load user ${userId}`));
      return;
    }
    headerSlot.replaceChildren(f);
    showProfile(root);
  }

  /** The top bar: who is signed in, a superadmin's pages, and Sign out with the session's
   *  CSRF token. */
  function signedIn(root) {
    state.csrf = root.dataset.csrf || '';
    const who = document.getElementById('who');
    if (who) who.textContent = root.dataset.admin || '';
    for (const a of document.querySelectorAll('.topbar a[data-superadmin]')) {
      a.hidden = root.dataset.superadmin !== 'true';
    }
    const logout = document.getElementById('logout-form');
    if (logout && state.csrf) {
      logout.elements.csrf.value = state.csrf;
      logout.querySelector('button').disabled = false;
    }
  }

  function showProfile(root) {
    state.csrf = root.dataset.csrf || '';
    state.tabs = (root.dataset.tabs || '').split(/\s+/)
      .filter((t) => Object.prototype.hasOwnProperty.call(TAB_LABELS, t));
    const name = root.querySelector('#hdr-username');
    state.username = name ? name.textContent.trim() : '';
    crumb.textContent = state.username || `User ${userId}`;

    signedIn(root);
    const out = root.querySelector('.action-result');
    root.addEventListener('click', (ev) => {
      const button = ev.target.closest('button[data-action]');
      if (button && Object.prototype.hasOwnProperty.call(ACTIONS, button.dataset.action)) runAction(button, out);
    });
    loadLastJob();

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
