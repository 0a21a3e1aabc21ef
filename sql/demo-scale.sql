-- vmsadmin benchmark data: bulk users, cameras and billing events on top of sql/demo.sql.
--
-- Usage (after a fresh load of 001_schema.sql, the two admins and demo.sql; run it once):
--   mariadb DB -e 'SET @scale=1000; \. sql/demo-scale.sql'
-- (the client takes SOURCE only at the start of a line: "SET @scale=1000; SOURCE ..." on one
-- line is sent to the server and fails with error 1064; "\." works anywhere, as does
-- (echo 'SET @scale=1000;'; cat sql/demo-scale.sql) | mariadb DB)
-- @scale = number of bulk users (default 100, at most 1,000,000). Set-based INSERT ... SELECT
-- over MariaDB's Sequence engine (seq_1_to_N tables), no loops.
--
-- What it makes (explicit ids, clear of the demo ids and of AUTO_INCREMENT = 10000 upward):
--   users        99999+n (n = 1..@scale: ids 100000..), billing_id SCALE-<n>, login scale.user.<n>,
--                every 10th paused, created 30..725 days ago (distinct);
--                90000 = scale.big (billing_id SCALE-BIG)
--   locations    same id as its user, csa SCALE-CSA-<n> / SCALE-CSA-BIG
--   cameras      user n: ids 1000000+(n-1)*20+k, k = 1..20, external_id SCAM-<n>-<k>;
--                scale.big: ids 500000+k, k = 1..10000, external_id SBIG-<k>;
--                status cycles active, partially_active, inactive, empty by k;
--                every third camera (k % 3 = 0) has the user's location
--   admin_cameras admin 2 ('operator') gets the odd-k cameras: half of each user's, 5000 of big's
--   user_permissions  permissions 1, 4, 5, 11, 17, 23 for every bulk user
--   billing_events    50 per user (also scale.big), types cycling through the 11 types billing
--                sends; ids increase with created_at; request_id <hex n>-5ca1-4000-8000-<hex k>

SET NAMES utf8mb4;
SET @scale_n = LEAST(GREATEST(COALESCE(@scale, 100), 1), 1000000);

START TRANSACTION;

-- The bulk users, plus scale.big as n = 0. Temporary tables do not end the transaction.
CREATE TEMPORARY TABLE scale_users (
  n        INT UNSIGNED    NOT NULL PRIMARY KEY,
  uid      BIGINT UNSIGNED NOT NULL,
  account  VARCHAR(64)     NOT NULL,
  login    VARCHAR(64)     NOT NULL,
  uname    VARCHAR(64)     NOT NULL,
  csa      VARCHAR(64)     NOT NULL,
  cam_pfx  VARCHAR(32)     NOT NULL,
  created  DATETIME        NOT NULL
);

INSERT INTO scale_users (n, uid, account, login, uname, csa, cam_pfx, created)
SELECT seq, 99999 + seq, CONCAT('SCALE-', seq), CONCAT('scale.user.', seq),
       CONCAT('Scale User ', seq), CONCAT('SCALE-CSA-', seq), CONCAT('SCAM-', seq, '-'),
       NOW() - INTERVAL (43200 + seq * 37 % 1000000) MINUTE
  FROM seq_1_to_1000000
 WHERE seq <= @scale_n;

INSERT INTO scale_users (n, uid, account, login, uname, csa, cam_pfx, created)
VALUES (0, 90000, 'SCALE-BIG', 'scale.big', 'Scale Big', 'SCALE-CSA-BIG', 'SBIG-',
        NOW() - INTERVAL 400 DAY);

INSERT INTO locations (id, csa, address)
SELECT uid, csa, CONCAT('Benchmark city, Scale st. ', n)
  FROM scale_users;

INSERT INTO users (id, parent_id, origin, billing_id, username, login, password_hash, status,
                   billing_info, location_id, expires_at, created_at, deleted_at)
SELECT uid, NULL, 'billing', account, uname, login, NULL,
       IF(n > 0 AND n % 10 = 0, 'paused', 'active'),
       CONCAT('{"contract":"S-', account, '","tariff":"Video Home 30","name":"', uname,
              '","phone":"+7 900 ', LPAD(n % 1000000, 7, '0'),
              '","email":"', login, '@example.net","address":"Benchmark city, Scale st. ', n,
              '","properties":{"segment":"benchmark","n":"', n, '"}}'),
       uid, NULL, created, NULL
  FROM scale_users;

-- One row per camera: 20 per bulk user, 10,000 for scale.big.
CREATE TEMPORARY TABLE scale_cameras (
  cid      BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  uid      BIGINT UNSIGNED NOT NULL,
  k        INT UNSIGNED    NOT NULL,
  ext      VARCHAR(64)     NOT NULL,
  created  DATETIME        NOT NULL
);

INSERT INTO scale_cameras (cid, uid, k, ext, created)
SELECT 1000000 + (u.n - 1) * 20 + k.seq, u.uid, k.seq, CONCAT(u.cam_pfx, k.seq),
       u.created + INTERVAL k.seq HOUR
  FROM scale_users u
  JOIN seq_1_to_20 k
 WHERE u.n > 0;

INSERT INTO scale_cameras (cid, uid, k, ext, created)
SELECT 500000 + k.seq, u.uid, k.seq, CONCAT(u.cam_pfx, k.seq),
       u.created + INTERVAL k.seq MINUTE
  FROM scale_users u
  JOIN seq_1_to_10000 k
 WHERE u.n = 0;

-- mac: locally administered 02:5C: + the camera id as four hex bytes.
INSERT INTO cameras (id, external_id, name, status, location_id, mac, serial, archive_days, created_at)
SELECT cid, ext, CONCAT('Camera ', k),
       ELT(1 + (k - 1) % 4, 'active', 'partially_active', 'inactive', 'empty'),
       IF(k % 3 = 0, uid, NULL),
       CONCAT('02:5C:', INSERT(INSERT(INSERT(LPAD(HEX(cid), 8, '0'), 7, 0, ':'), 5, 0, ':'), 3, 0, ':')),
       CONCAT('SN-SCALE-', LPAD(cid, 10, '0')),
       ELT(1 + k % 3, 7, 14, 30),
       created
  FROM scale_cameras;

INSERT INTO user_cameras (user_id, camera_id, created_at)
SELECT uid, cid, created FROM scale_cameras;

INSERT INTO admin_cameras (admin_id, camera_id)
SELECT 2, cid FROM scale_cameras WHERE k % 2 = 1;

INSERT INTO user_permissions (user_id, permission_id)
SELECT u.uid, p.id
  FROM scale_users u
  JOIN permissions p ON p.id IN (1, 4, 5, 11, 17, 23);

-- 50 billing requests per user, one every 12 hours up to now (offset per user), inserted in
-- time order so ids increase with created_at.
INSERT INTO billing_events (request_id, user_id, account, type, sent_type, payload, result,
                            error, http_status, created_at)
SELECT rid, uid, account, type, NULL,
       CONCAT('{"request_id":"', rid, '","type":"', type, '","account":"', account, '","data":',
              CASE type
                WHEN 'billing.new_entity' THEN
                  CONCAT('{"login":"', login, '","username":"', uname,
                         '","password":"***","info":{"contract":"S-', account,
                         '","tariff":"Video Home 30","name":"', uname, '"}}')
                WHEN 'billing.create_location' THEN
                  CONCAT('{"csa":"', csa, '","address":"Benchmark city, Scale st. ', n, '"}')
                WHEN 'billing.delete_location' THEN CONCAT('{"csa":"', csa, '"}')
                WHEN 'billing.update_login'    THEN CONCAT('{"login":"', login, '"}')
                WHEN 'billing.new_camera' THEN
                  CONCAT('{"external_id":"', cam_pfx, cam, '","name":"Camera ', cam,
                         '","mac":null,"serial":null,"csa":"', csa, '"}')
                WHEN 'billing.attach_camera' THEN
                  CONCAT('{"external_id":"', cam_pfx, cam, '","csa":"', csa, '"}')
                WHEN 'billing.detach_camera'   THEN CONCAT('{"external_id":"', cam_pfx, cam, '"}')
                WHEN 'billing.update_password' THEN '{"password":"***"}'
                ELSE '{}'
              END, '}'),
       'applied', NULL, 200, created
  FROM (SELECT u.n, u.uid, u.account, u.login, u.uname, u.csa, u.cam_pfx,
               CONCAT(LPAD(HEX(u.n), 8, '0'), '-5ca1-4000-8000-', LPAD(HEX(k.seq), 12, '0')) AS rid,
               ELT(1 + (k.seq - 1) % 11,
                   'billing.new_entity', 'billing.create_location', 'billing.new_camera',
                   'billing.attach_camera', 'billing.update_login', 'billing.pause_entity',
                   'billing.unpause_entity', 'billing.detach_camera', 'billing.update_password',
                   'billing.delete_location', 'billing.terminate_entity') AS type,
               1 + (k.seq - 1) % 20 AS cam,
               NOW(3) - INTERVAL ((50 - k.seq) * 720 + u.n % 720) MINUTE AS created
          FROM scale_users u
          JOIN seq_1_to_50 k) e
 ORDER BY created, uid, rid;

DROP TEMPORARY TABLE scale_cameras;
DROP TEMPORARY TABLE scale_users;

COMMIT;
