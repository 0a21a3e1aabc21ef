// client-helpers.mjs — the web client (/app/) from the tests' side: its sign-in form, a client
// holding a vms_app session, and Log in as User (an admin's link, then its use).
import assert from 'node:assert/strict';
import { raw, cookiesOf, demoPassword } from './helpers.mjs';

/** A fresh web-client sign-in page: its pre-session CSRF token (cookie and form field). */
export async function appPreSession() {
  const res = await raw('/app/login');
  assert.equal(res.status, 200);
  const html = await res.text();
  const token = cookiesOf(res).vms_csrf;
  assert.ok(html.includes(`name="csrf" value="${token}"`), 'the form carries the cookie token');
  return token;
}

/** POST the web client's sign-in form (with a fresh pre-session token unless csrf/cookie are
 *  given: csrf null sends no field, cookie null no cookie). Returns the response. */
export async function appLogin(login, password, { csrf, cookie, headers = {} } = {}) {
  const token = await appPreSession();
  const sent = csrf === undefined ? token : csrf;
  const jar = cookie === undefined ? token : cookie;
  return raw('/app/login', {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(jar === null ? {} : { cookie: `vms_csrf=${jar}` }),
      ...headers,
    },
    body: new URLSearchParams({ ...(sent === null ? {} : { csrf: sent }), login, password }),
  });
}

/** A browser of the web client: its vms_app cookie and the session's CSRF token. */
export class AppClient {
  constructor(session) { this.session = session; this.csrf = null; }
  headers(extra = {}) { return { cookie: `vms_app=${this.session}`, ...extra }; }
  get(p, { json = false, headers = {} } = {}) {
    return raw(p, { headers: this.headers({ ...(json ? { accept: 'application/json' } : {}), ...headers }) });
  }
  async getJson(p) {
    const res = await this.get(p, { json: true });
    return { status: res.status, body: await res.json() };
  }
  async html(p) {
    const res = await this.get(p);
    assert.equal(res.status, 200, p);
    return res.text();
  }
  /** POST a form; the session's CSRF token goes in the csrf field unless csrf: false. */
  post(p, body = {}, { csrf = true } = {}) {
    return raw(p, {
      method: 'POST',
      headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded' }),
      body: new URLSearchParams({ ...(csrf ? { csrf: this.csrf } : {}), ...body }),
    });
  }
  /** Read the CSRF token from a page of the session (the sign-out or End session form). */
  async loadCsrf() {
    const page = await this.html('/app/cameras');
    this.csrf = /action="\/app\/logout"[^>]*><input type="hidden" name="csrf" value="([0-9a-f]{64})"/.exec(page)?.[1];
    assert.ok(this.csrf, 'a sign-out form with the CSRF token');
    return this;
  }
}

/** Sign in to the web client; resolves to an AppClient (fails the test unless it works). */
export async function appSignIn(login, password = demoPassword()) {
  const res = await appLogin(login, password);
  assert.equal(res.status, 303, `web-client sign-in as ${login}`);
  const session = cookiesOf(res).vms_app;
  assert.match(session ?? '', /^[0-9a-f]{64}$/);
  return new AppClient(session).loadCsrf();
}

/** Ask for a Log in as User link as admin (a helpers.mjs Client): the path of the link. */
export async function loginAsLink(admin, userId, { headers = {} } = {}) {
  const res = await admin.post(`/admin/users/${userId}/login-as`, {}, { json: true, headers });
  assert.equal(res.status, 200, `login-as ${userId}`);
  const url = new URL((await res.json()).url);
  return url.pathname + url.search;
}

/** Use a link (path): the response, redirects not followed. */
export function useLink(path, { headers = {} } = {}) {
  return raw(path, { headers });
}

/** Log in as User all the way: an AppClient of the session it opens. */
export async function impersonate(admin, userId) {
  const res = await useLink(await loginAsLink(admin, userId));
  assert.equal(res.status, 303, 'the link opens a session');
  return new AppClient(cookiesOf(res).vms_app).loadCsrf();
}
