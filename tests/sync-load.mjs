// sync-load.mjs N URL — make N jobs (N users, each with one desktop app pushing to URL/<user>)
// on the instance at VAR, run two `vmsadmin-sync --once` beside the supervised one, wait until
// every job has settled, check none was claimed or delivered twice, print the time, and remove
// what it made. For make bench (tests/bench.sh); tests/outage/sync.test.mjs asserts the same.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql, VAR, TOP } from './http/helpers.mjs';

const n = Number(process.argv[2] ?? 1000);
const url = process.argv[3];
const bin = path.resolve(TOP, process.env.BIN ?? 'build/cgi-bin', 'vmsadmin-sync');
const like = `sync.bench.${randomBytes(4).toString('hex')}.%`;
const prefix = like.slice(0, -1);

sql(`INSERT INTO users (origin, username, login) SELECT 'admin', CONCAT('Bench ', seq), CONCAT('${prefix}', seq) FROM seq_1_to_${n};
     INSERT INTO user_environments (user_id, kind, label, push_url)
       SELECT id, 'desktop', 'Bench app', CONCAT('${url}/push/', id) FROM users WHERE login LIKE '${like}'`);
const started = Date.now();
sql(`START TRANSACTION;
     INSERT INTO sync_jobs (user_id, admin_id, settings_version) SELECT id, 1, 1 FROM users WHERE login LIKE '${like}';
     INSERT INTO sync_deliveries (job_id, environment_id) SELECT j.id, e.id FROM sync_jobs j
       JOIN user_environments e ON e.user_id = j.user_id JOIN users u ON u.id = j.user_id WHERE u.login LIKE '${like}';
     COMMIT`);
const once = () => new Promise((resolve) => spawn(bin, ['--config', path.join(VAR, 'vmsadmin.ini'), '--once'],
  { stdio: 'ignore' }).on('exit', resolve));
await Promise.all([once(), once()]);
const open = () => Number(sql(`SELECT COUNT(*) FROM sync_jobs j JOIN users u ON u.id = j.user_id
  WHERE u.login LIKE '${like}' AND j.status IN ('pending', 'delivering')`)[0][0]);
while (open() > 0) await new Promise((r) => setTimeout(r, 50));
const secs = (Date.now() - started) / 1000;
const [[done, twice, attempts]] = sql(`SELECT SUM(j.status = 'done'), SUM(j.claims > 1),
  (SELECT COALESCE(SUM(d.attempts), 0) FROM sync_deliveries d JOIN sync_jobs j2 ON j2.id = d.job_id
    JOIN users u2 ON u2.id = j2.user_id WHERE u2.login LIKE '${like}')
  FROM sync_jobs j JOIN users u ON u.id = j.user_id WHERE u.login LIKE '${like}'`);
console.log(`${n} sync jobs: ${done} done in ${secs.toFixed(2)} s (${(n / secs).toFixed(0)} jobs/s), ` +
  `${twice} claimed twice, ${attempts} pushes for ${n} environments`);
sql(`DELETE FROM users WHERE login LIKE '${like}'`);
process.exit(Number(done) === n && Number(twice) === 0 && Number(attempts) === n ? 0 : 1);
