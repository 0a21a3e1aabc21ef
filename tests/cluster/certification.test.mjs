// certification.test.mjs — a billing request whose transaction meets a write committed on another
// node answers 200 — not 503 — with both writes kept: a transaction that lost to it (Galera
// reports it as a deadlock, 1213) is run again inside the program, which then decides on what the
// winner wrote; one that had written nothing yet when the winner came (the log row is written
// last, and the request waited at its first statement) simply goes on after it. Set up without timing: the request
// goes through app host b (nodes 2, 3) while a transaction there holds the user's row, so its
// transaction waits inside, at a known statement; then node 1 commits a change of that row, and
// node 2's applier, which must write it, aborts the local transactions in its way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { VAR } from '../http/helpers.mjs';
import { sign, WEBHOOK } from '../http/billing-helpers.mjs';
import { DOORS, nodeSql, nodeSocket, request, sizeOf, since, until, figure } from './cluster-helpers.mjs';

const tag = randomBytes(4).toString('hex');
const ACCOUNT = `ACC-CF-${tag}`;
let uid;

before(() => {
  nodeSql(3, `INSERT INTO users (origin, billing_id, username, login) VALUES ('billing', '${ACCOUNT}', 'Conflict', 'cf.${tag}')`);
  [[uid]] = nodeSql(3, `SELECT id FROM users WHERE billing_id = '${ACCOUNT}'`);
});
after(() => nodeSql(3, `DELETE FROM billing_events WHERE request_id LIKE 'cf-${tag}-%';
  DELETE FROM users WHERE billing_id = '${ACCOUNT}'`));

/** A session on node n that locks the user's row in a transaction and keeps it until end(). */
function holdRow(n) {
  const child = spawn('mariadb', ['--no-defaults', '-S', nodeSocket(n), '-u', process.env.USER ?? 'root', 'vmsadmin'],
    { stdio: ['pipe', 'ignore', 'ignore'] });
  child.stdin.write(`START TRANSACTION; SELECT id FROM users WHERE id = ${uid} FOR UPDATE;\n`);
  return { end: () => { child.stdin.end('ROLLBACK;\n'); return new Promise((r) => child.on('exit', r)); } };
}

/** The transactions waiting for a lock on node n. */
const waiting = (n) => Number(nodeSql(n, "SELECT COUNT(*) FROM information_schema.innodb_trx WHERE trx_state = 'LOCK WAIT'")[0][0]);

test('a transaction that meets a write committed on another node answers 200 with both writes kept', async () => {
  const log = path.join(VAR, 'log/billing.log');
  let again = 0;
  const rounds = 5;
  for (let i = 0; i < rounds; i++) {
    const from = sizeOf(log);
    const holders = [holdRow(2), holdRow(3)]; // host b's nodes: wherever its worker is connected
    await until('the row to be held', () => nodeSql(2, `SELECT COUNT(*) FROM information_schema.innodb_trx WHERE trx_rows_locked > 0`)[0][0] !== '0'
      && nodeSql(3, `SELECT COUNT(*) FROM information_schema.innodb_trx WHERE trx_rows_locked > 0`)[0][0] !== '0');
    const body = JSON.stringify({ request_id: `cf-${tag}-${i}`, type: i % 2 ? 'billing.unpause_entity' : 'billing.pause_entity', account: ACCOUNT, data: {} });
    const sent = request(DOORS.b + WEBHOOK, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-billing-signature': sign(body) } });
    await until("the request's transaction to wait for the row", () => waiting(2) + waiting(3) > 0);
    nodeSql(1, `UPDATE users SET username = 'Conflict ${i}' WHERE id = ${uid}`); // the winner, on another node
    const res = await sent;
    await Promise.all(holders.map((h) => h.end()));
    assert.equal(res.status, 200, res.text);
    assert.equal(JSON.parse(res.text).result, 'applied');
    assert.deepEqual(nodeSql(2, `SELECT COUNT(*), MIN(result) FROM billing_events WHERE request_id = 'cf-${tag}-${i}'`), [['1', 'applied']]);
    assert.deepEqual(nodeSql(2, `SELECT username, status FROM users WHERE id = ${uid}`), [[`Conflict ${i}`, i % 2 ? 'active' : 'paused']],
      "both writes kept: the winner's and the request's");
    await until('the log line', () => / billing POST \/billing\/v1\/events 200 /.test(since(log, from)));
    if (/running it again/.test(since(log, from))) again++;
  }
  figure(`a billing transaction meeting a write committed on another node, ${rounds} times: answered 200 with both writes kept each time (run again in the program ${again} times)`);
});
