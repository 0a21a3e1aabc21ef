// inherit.test.mjs — a program serves the listening socket it inherits on fd 0, as under
// systemd's socket activation or spawn-fcgi: here a FastCGI client speaks to it directly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { linkSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { VAR, TOP } from '../http/helpers.mjs';

const BIN = path.resolve(TOP, process.env.BIN ?? 'build/san/cgi-bin');

/** One FastCGI record (version 1). */
function record(type, content) {
  const pad = (8 - (content.length % 8)) % 8;
  const h = Buffer.from([1, type, 0, 1, content.length >> 8, content.length & 255, pad, 0]);
  return Buffer.concat([h, content, Buffer.alloc(pad)]);
}

function nameValue(name, value) {
  const n = Buffer.from(name), v = Buffer.from(value);
  return Buffer.concat([Buffer.from([n.length, v.length]), n, v]);
}

/** Send one GET over FastCGI to a unix socket; resolves to the CGI answer (headers + body). */
function fcgiGet(sock, uri) {
  return new Promise((resolve, reject) => {
    const c = net.createConnection(sock);
    const out = [];
    c.on('connect', () => {
      const params = Buffer.concat([['REQUEST_METHOD', 'GET'], ['REQUEST_URI', uri],
        ['QUERY_STRING', ''], ['REMOTE_ADDR', '127.0.0.1']].map(([k, v]) => nameValue(k, v)));
      c.write(Buffer.concat([record(1, Buffer.from([0, 1, 0, 0, 0, 0, 0, 0])), // BEGIN, responder
        record(4, params), record(4, Buffer.alloc(0)), record(5, Buffer.alloc(0))]));
    });
    c.on('data', (d) => out.push(d));
    c.on('error', reject);
    c.on('end', () => {
      const all = Buffer.concat(out);
      let text = '';
      for (let i = 0; i + 8 <= all.length;) {
        const type = all[i + 1], len = all.readUInt16BE(i + 4), pad = all[i + 6];
        if (type === 6) text += all.subarray(i + 8, i + 8 + len).toString();
        i += 8 + len + pad;
      }
      resolve(text);
    });
  });
}

test('a program serves the socket it inherits on fd 0 and stops on SIGTERM', async () => {
  const made = path.join(VAR, 'run/inherit-made.sock');
  const sock = path.join(VAR, 'run/inherit.sock');
  rmSync(made, { force: true });
  rmSync(sock, { force: true });
  const server = net.createServer();
  await new Promise((r) => server.listen(made, r));
  const child = spawn(path.join(BIN, 'user'), ['--config', path.join(VAR, 'vmsadmin.ini'), '--workers', '1'],
    { stdio: [server._handle.fd, 'ignore', 'pipe'] });
  const exited = new Promise((r) => child.on('exit', (code) => r(code)));
  // Node must not accept on it any more: keep a second name for the socket, close ours
  // (which unlinks the first name); the program holds the listening socket on its fd 0.
  linkSync(made, sock);
  server.close();
  let err = '';
  child.stderr.on('data', (d) => { err += d; });
  try {
    const answer = await fcgiGet(sock, '/healthz');
    assert.match(answer, /^Status: 200 /, err);
    assert.match(answer, /"database":"up"/);
    assert.match(err, /on fd 0/);
  } finally {
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    rmSync(sock, { force: true });
  }
});
