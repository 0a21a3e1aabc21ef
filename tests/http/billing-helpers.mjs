// billing-helpers.mjs — sending signed billing requests to the webhook, and the test accounts
// (ACC-T-<run>-...) that the billing tests create and remove again, so the demo data that the
// other test files rely on stays as it was.
import { createHmac, randomBytes } from 'node:crypto';
import { BASE, sql } from './helpers.mjs';

export const SECRET = process.env.VMSADMIN_BILLING_SECRET ?? 'test-billing-secret';
export const WEBHOOK = '/billing/v1/events';

/** "sha256=<hex>" of body (string or Buffer) under secret. */
export function sign(body, secret = SECRET) {
  return 'sha256=' + createHmac('sha256', secret).update(body).digest('hex');
}

/** A run of tests: unique request ids, accounts, logins and camera ids, all with one prefix so
 *  cleanup() finds everything this run made. */
export class Run {
  constructor(tag) {
    this.id = `${tag}${randomBytes(4).toString('hex')}`;
    this.n = 0;
  }
  rid() { return `t-${this.id}-${++this.n}`; }
  account(s = '') { return `ACC-T-${this.id}${s}`; }
  login(s = '') { return `t.${this.id}${s}`; }
  camera(s = '') { return `CAM-T-${this.id}${s}`; }

  /** POST a request object (or a raw string/Buffer) signed with secret (or the signature
   *  given, or none when signature is null). Resolves to { status, body, text, headers }. */
  async send(req, { secret = SECRET, signature, headers = {} } = {}) {
    const body = typeof req === 'string' || Buffer.isBuffer(req) ? req : JSON.stringify(req);
    const sig = signature === undefined ? sign(body, secret) : signature;
    const res = await fetch(BASE + WEBHOOK, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(sig === null ? {} : { 'x-billing-signature': sig }), ...headers },
      body,
    });
    const text = await res.text();
    let parsed = null;
    try { parsed = JSON.parse(text); } catch { /* not JSON: nginx's own pages */ }
    return { status: res.status, body: parsed, text, headers: res.headers };
  }

  /** A request of type for account with data; request_id fresh unless given. */
  req(type, account, data = {}, rid = this.rid()) {
    return { request_id: rid, type, account, data };
  }

  /** Create a billing user through the webhook; resolves to its user id. */
  async newUser(suffix, extra = {}) {
    const res = await this.send(this.req('billing.new_entity', this.account(suffix), {
      login: this.login(suffix), username: `Test ${this.id}${suffix}`, password: `pw-${this.id}${suffix}`, ...extra,
    }));
    if (res.status !== 200 || res.body?.result !== 'applied') throw new Error(`new_entity failed: ${res.text}`);
    return this.userId(this.account(suffix));
  }

  /** The live user id of an account, or null. */
  userId(account) {
    const rows = sql(`SELECT id FROM users WHERE live_billing_id = '${account}'`);
    return rows.length ? Number(rows[0][0]) : null;
  }

  /** The events stored for request ids of this run. */
  events(rid) {
    return sql(`SELECT id, COALESCE(user_id, 'NULL'), type, result, COALESCE(error, ''), http_status,
                       COALESCE(sent_type, ''), payload FROM billing_events WHERE request_id = '${rid}'`);
  }

  /** Remove every row this run made: events, cameras, users (sub-users first). */
  cleanup() {
    const p = this.id;
    sql(`DELETE FROM billing_events WHERE request_id LIKE 't-${p}-%';
         DELETE FROM user_cameras WHERE camera_id IN (SELECT id FROM cameras WHERE external_id LIKE 'CAM-T-${p}%');
         DELETE FROM cameras WHERE external_id LIKE 'CAM-T-${p}%';
         DELETE FROM users WHERE parent_id IN (SELECT id FROM (SELECT id FROM users WHERE billing_id LIKE 'ACC-T-${p}%') x);
         DELETE FROM billing_events WHERE user_id IN (SELECT id FROM users WHERE billing_id LIKE 'ACC-T-${p}%');
         DELETE FROM users WHERE billing_id LIKE 'ACC-T-${p}%'`);
  }
}
