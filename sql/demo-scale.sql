-- vmsadmin benchmark data: up to a million generated subscribers with a realistic spread of
-- cameras and billing events, on top of sql/demo.sql (make demo SCALE=n, make bench).
--
-- Usage (conf/stack.sh demo does this, in two sessions side by side):
--   mariadb vmsadmin < sql/demo-scale.sql         # defines the procedures below
--   mariadb vmsadmin -e 'CALL scale_run(1000000, 0, 1)'
--   mariadb vmsadmin < sql/demo-scale-drop.sql    # and drops them
-- scale_run(n, part, parts): n bulk users (at most 1,000,000); part of parts.
--
-- Re-runnable and growable: users are made in chunks of 20,000, each chunk one transaction with
-- everything of its users (locations, users, cameras, grants, counts, permissions, billing
-- events), so a failure loses one chunk at most, and a run skips what is there: running it again
-- finishes an interrupted run, and a larger @scale adds only the users missing. Keys arrive in
-- index order (ids, zero-padded accounts, logins and external ids), so every index grows at its
-- end instead of being written all over. Set-based INSERT ... SELECT over MariaDB's Sequence
-- engine (seq_1_to_N tables); the triggers of migrations 060 and 061 stand aside for this session
-- (@vms_bulk_load) while it fills the denormalised columns and counts itself.
--
-- What it makes:
--   users        99999 + n (n = 1..@scale), billing_id SCALE-<n, 7 digits>, login
--                scale.user.<n, 7 digits>, every 10th paused, created 30..725 days ago;
--                every 10th (n % 10 = 3) may manage sub-users
--   cameras      per user, by a hash of n: 56 % one, 25 % two, 10 % 3-5, 6.5 % 6-15, 2.5 % 16-40;
--                every 100,000th user 1,400-5,000 — 2.84 per user on average; 60 % active,
--                20 % partially active, 10 % inactive, 10 % empty; every third at the user's
--                location; names like "Gate 7"; ids 100,000,000 + 64 n + k (or 200,000,000 +
--                10,000 (n / 100,000) + k for the large ones), external_id SCAM-<n>-<k>
--   admin_cameras  admin 2 ('operator') is granted every odd k: about half of each user's
--   billing_events 9 + 3 min(cameras, 20) + n % 5 per user (19 on average): new_entity,
--                create_location, a new_camera per camera, then attach, detach, pause, ...;
--                oldest first, from the user's creation to now
--   and four users for the bench: 90000 scale.big (100,000 cameras), 90001 scale.10k (10,000
--   cameras), 90002 scale.events (20 cameras and 1,000,000 billing events), 90003 scale.twenty
--   (20 cameras, 69 events: a typical page).
-- At @scale = 1,000,000: 1M users, 3.0M cameras, 20.9M billing events (437 s from nothing here, 2 cores).

SET NAMES utf8mb4;

DELIMITER //

-- Where bulk user n's cameras start: camera k is this plus k (the large ones elsewhere).
CREATE OR REPLACE FUNCTION scale_camera_base(n INT UNSIGNED, cams INT UNSIGNED)
RETURNS BIGINT UNSIGNED DETERMINISTIC
RETURN IF(cams <= 40, 100000000 + n * 64, 200000000 + (n DIV 100000) * 10000) //

-- The cameras of the users in scale_u (one row per camera) into scale_c.
CREATE OR REPLACE PROCEDURE scale_cameras_of_users()
BEGIN
  INSERT INTO scale_c (cid, uid, n, tag, k, st, nm, loc, created)
  SELECT c.cid, c.uid, c.n, c.tag, c.k,
         ELT(1 + CRC32(c.cid) % 10, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4),
         CONCAT(ELT(1 + CRC32(c.cid * 7) % 12, 'Entrance', 'Yard', 'Parking', 'Garage', 'Gate',
                    'Hall', 'Office', 'Shop', 'Street', 'Porch', 'Backyard', 'Warehouse'), ' ', c.k),
         IF(c.k % 3 = 0, c.uid, NULL), c.created + INTERVAL c.k MINUTE
    FROM (SELECT u.cam_base + k.seq AS cid, u.uid, u.n, u.tag, k.seq AS k, u.created
            FROM scale_u u JOIN seq_1_to_40 k ON k.seq <= u.cams WHERE u.cams <= 40
          UNION ALL
          SELECT u.cam_base + k.seq, u.uid, u.n, u.tag, k.seq, u.created
            FROM scale_u u JOIN seq_1_to_100000 k ON k.seq <= u.cams WHERE u.cams > 40) c;
END //

-- Everything of the users in scale_u: their locations, rows, cameras (scale_c is filled here),
-- grants, counts, permissions and flags; not their billing events.
CREATE OR REPLACE PROCEDURE scale_load_users()
BEGIN
  INSERT INTO locations (id, csa, address)
  SELECT uid, CONCAT('SCALE-CSA-', tag), CONCAT('Benchmark city, Scale st. ', n) FROM scale_u;
  INSERT INTO users (id, parent_id, origin, billing_id, username, login, password_hash, status,
                     billing_info, location_id, created_at, settings_at)
  SELECT uid, NULL, 'billing', CONCAT('SCALE-', tag), uname, login, NULL,
         IF(n % 10 = 0, 'paused', 'active'),
         CONCAT('{"contract":"S-', tag, '","tariff":"Video Home 30","name":"', uname,
                '","phone":"+7 900 ', tag, '","email":"', login, '@example.net",',
                '"address":"Benchmark city, Scale st. ', n, '","properties":{"segment":"benchmark","n":"',
                n, '"}}'),
         uid, created, created
    FROM scale_u;
  CALL scale_cameras_of_users();
  INSERT INTO cameras (id, external_id, name, status, location_id, mac, serial, archive_days,
                       created_at)
  SELECT cid, CONCAT('SCAM-', tag, '-', LPAD(k, 6, '0')), nm,
         ELT(st, 'active', 'partially_active', 'inactive', 'empty'), loc,
         CONCAT('02:5C:', INSERT(INSERT(INSERT(LPAD(HEX(cid % 4294967296), 8, '0'), 7, 0, ':'), 5, 0, ':'), 3, 0, ':')),
         CONCAT('SN-SCALE-', LPAD(cid, 10, '0')), ELT(1 + k % 3, 7, 14, 30), created
    FROM scale_c ORDER BY cid;
  INSERT INTO user_cameras (user_id, camera_id, created_at, cam_name, cam_status, cam_location_id,
                            cam_address)
  SELECT uid, cid, created, nm, st, loc,
         IF(loc IS NULL, '', CONCAT('Benchmark city, Scale st. ', n))
    FROM scale_c ORDER BY uid, cid;
  INSERT INTO admin_cameras (admin_id, camera_id) SELECT 2, cid FROM scale_c WHERE k % 2 = 1 ORDER BY cid;
  INSERT INTO user_camera_counts (user_id, active, partially_active, inactive, empty)
  SELECT uid, SUM(st = 1), SUM(st = 2), SUM(st = 3), SUM(st = 4) FROM scale_c GROUP BY uid;
  INSERT INTO admin_camera_counts (admin_id, user_id, active, partially_active, inactive, empty)
  SELECT 2, uid, SUM(st = 1), SUM(st = 2), SUM(st = 3), SUM(st = 4)
    FROM scale_c WHERE k % 2 = 1 GROUP BY uid;
  INSERT INTO user_permissions (user_id, permission_id)
  SELECT u.uid, p.id FROM scale_u u
    JOIN permissions p ON p.code IN ('archives-show', 'camera-events-index', 'marks-index')
                       OR (p.code = 'subusers-manage' AND u.n % 10 = 3)
   ORDER BY u.uid, p.id;
  INSERT INTO user_flags (user_id, subusers_allowed, has_licences)
  SELECT uid, n % 10 = 3, 0 FROM scale_u WHERE n % 10 = 3;
END //

-- Billing events k in [k_from, k_to] (constants: a range of the sequence) of the users in
-- scale_u, each up to its own number of events; user by user, each oldest first (the order of
-- the join, so that no sort is needed).
CREATE OR REPLACE PROCEDURE scale_load_events(k_from INT UNSIGNED, k_to INT UNSIGNED)
BEGIN
  INSERT INTO billing_events (request_id, user_id, camera_id, account, type, payload, result,
                              http_status, created_at)
  SELECT rid, uid, IF(type IN ('billing.new_camera', 'billing.attach_camera',
                               'billing.detach_camera'), cam_id, NULL),
         account, type,
         CONCAT('{"request_id":"', rid, '","type":"', type, '","account":"', account, '","data":',
                CASE type
                  WHEN 'billing.new_entity' THEN
                    CONCAT('{"login":"', login, '","username":"', uname,
                           '","password":"***","info":{"contract":"S-', tag,
                           '","tariff":"Video Home 30","name":"', uname, '"}}')
                  WHEN 'billing.create_location' THEN
                    CONCAT('{"csa":"SCALE-CSA-', tag, '","address":"Benchmark city, Scale st. ', n, '"}')
                  WHEN 'billing.delete_location' THEN CONCAT('{"csa":"SCALE-CSA-', tag, '"}')
                  WHEN 'billing.update_login'    THEN CONCAT('{"login":"', login, '"}')
                  WHEN 'billing.new_camera' THEN
                    CONCAT('{"external_id":"SCAM-', tag, '-', LPAD(cam, 6, '0'), '","name":"Camera ',
                           cam, '","mac":null,"serial":null,"csa":"SCALE-CSA-', tag, '"}')
                  WHEN 'billing.attach_camera' THEN
                    CONCAT('{"external_id":"SCAM-', tag, '-', LPAD(cam, 6, '0'),
                           '","csa":"SCALE-CSA-', tag, '"}')
                  WHEN 'billing.detach_camera' THEN
                    CONCAT('{"external_id":"SCAM-', tag, '-', LPAD(cam, 6, '0'), '"}')
                  WHEN 'billing.update_password' THEN '{"password":"***"}'
                  ELSE '{}'
                END, '}'),
         'applied', 200, created
    FROM (SELECT u.n, u.uid, u.tag, u.uname, u.login, CONCAT('SCALE-', u.tag) AS account,
                 CONCAT(LPAD(HEX(u.uid), 8, '0'), '-5ca1-4000-8000-', LPAD(HEX(k.seq), 12, '0')) AS rid,
                 CASE WHEN k.seq = 1 THEN 'billing.new_entity'
                      WHEN k.seq = 2 THEN 'billing.create_location'
                      WHEN k.seq <= 2 + LEAST(u.cams, 20) THEN 'billing.new_camera'
                      ELSE ELT(1 + k.seq % 9, 'billing.attach_camera', 'billing.update_login',
                               'billing.pause_entity', 'billing.unpause_entity',
                               'billing.detach_camera', 'billing.update_password',
                               'billing.attach_camera', 'billing.delete_location',
                               'billing.create_location')
                 END AS type,
                 1 + (k.seq + u.cams - 3) % u.cams AS cam,
                 u.cam_base + 1 + (k.seq + u.cams - 3) % u.cams AS cam_id,
                 u.created + INTERVAL ((k.seq - 1) * TIMESTAMPDIFF(SECOND, u.created, NOW()) DIV u.events)
                   SECOND AS created
            FROM scale_u u STRAIGHT_JOIN seq_1_to_1000000 k ON k.seq BETWEEN k_from AND k_to
           WHERE k.seq <= u.events) e;
END //

CREATE OR REPLACE PROCEDURE scale_tables()
BEGIN
  DROP TEMPORARY TABLE IF EXISTS scale_u, scale_c;
  CREATE TEMPORARY TABLE scale_u (
    n        INT UNSIGNED    NOT NULL PRIMARY KEY,
    uid      BIGINT UNSIGNED NOT NULL,
    tag      VARCHAR(16)     NOT NULL,
    uname    VARCHAR(40)     NOT NULL,
    login    VARCHAR(40)     NOT NULL,
    cams     INT UNSIGNED    NOT NULL,
    cam_base BIGINT UNSIGNED NOT NULL,
    events   INT UNSIGNED    NOT NULL,
    created  DATETIME        NOT NULL
  ) ENGINE=MEMORY;
  CREATE TEMPORARY TABLE scale_c (
    cid      BIGINT UNSIGNED NOT NULL PRIMARY KEY,
    uid      BIGINT UNSIGNED NOT NULL,
    n        INT UNSIGNED    NOT NULL,
    tag      VARCHAR(16)     NOT NULL,
    k        INT UNSIGNED    NOT NULL,
    st       TINYINT UNSIGNED NOT NULL,
    nm       VARCHAR(40)     NOT NULL,
    loc      BIGINT UNSIGNED NULL,
    created  DATETIME        NOT NULL
  ) ENGINE=MEMORY;
END //

-- Bulk users lo..hi that are not there yet, with everything of theirs, in one transaction.
CREATE OR REPLACE PROCEDURE scale_chunk(lo INT UNSIGNED, hi INT UNSIGNED)
BEGIN
  DECLARE done_to INT UNSIGNED;
  SELECT COALESCE(MAX(id) - 99999, lo - 1) INTO done_to
    FROM users WHERE id BETWEEN 99999 + lo AND 99999 + hi;
  IF done_to < hi THEN
    CALL scale_tables();
    START TRANSACTION;
    INSERT INTO scale_u (n, uid, tag, uname, login, cams, cam_base, events, created)
    SELECT n, 99999 + n, tag, CONCAT('Scale User ', tag), CONCAT('scale.user.', tag), cams,
           scale_camera_base(n, cams), 10 + 3 * LEAST(cams, 20) + n % 5,
           NOW() - INTERVAL (43200 + n * 37 % 1000000) MINUTE
      FROM (SELECT seq AS n, LPAD(seq, 7, '0') AS tag,
                   CASE WHEN seq % 100000 = 0 THEN 1000 + (seq DIV 100000) * 400
                        WHEN CRC32(seq) % 1000 < 560 THEN 1
                        WHEN CRC32(seq) % 1000 < 810 THEN 2
                        WHEN CRC32(seq) % 1000 < 910 THEN 3 + seq % 3
                        WHEN CRC32(seq) % 1000 < 975 THEN 6 + seq % 10
                        ELSE 16 + seq % 25 END AS cams
              FROM seq_1_to_1000000 WHERE seq BETWEEN done_to + 1 AND hi) s;
    CALL scale_load_users();
    CALL scale_load_events(1, 100);
    COMMIT;
  END IF;
END //

-- One of the bench's own users (uid 90000..90003) with cams cameras and events billing events,
-- unless it is there; its events 100,000 to a transaction, each batch skipped when present.
CREATE OR REPLACE PROCEDURE scale_special(p_uid BIGINT UNSIGNED, p_tag VARCHAR(16),
                                          p_login VARCHAR(40), p_cams INT UNSIGNED,
                                          p_events INT UNSIGNED)
BEGIN
  DECLARE k INT UNSIGNED DEFAULT 1;
  CALL scale_tables();
  -- the bench's users' cameras start at 300,000,000 + 1,000,000 (uid - 90000), clear of every
  -- bulk user's
  INSERT INTO scale_u (n, uid, tag, uname, login, cams, cam_base, events, created)
  VALUES (p_uid, p_uid, p_tag, CONCAT('Scale ', p_login), p_login, p_cams,
          300000000 + (p_uid - 90000) * 1000000, p_events, NOW() - INTERVAL 400 DAY);
  IF NOT EXISTS (SELECT 1 FROM users WHERE id = p_uid) THEN
    START TRANSACTION;
    CALL scale_load_users();
    COMMIT;
  END IF;
  WHILE k <= p_events DO
    IF NOT EXISTS (SELECT 1 FROM billing_events
                    WHERE request_id = CONCAT(LPAD(HEX(p_uid), 8, '0'), '-5ca1-4000-8000-',
                                              LPAD(HEX(LEAST(k + 99999, p_events)), 12, '0'))) THEN
      START TRANSACTION;
      CALL scale_load_events(k, k + 99999);
      COMMIT;
    END IF;
    SET k = k + 100000;
  END WHILE;
END //

-- The whole set for @scale users: the bench's four, then the bulk users chunk by chunk. Part
-- `part` of `parts` takes every parts-th chunk (stack.sh demo runs two parts side by side).
CREATE OR REPLACE PROCEDURE scale_run(total INT UNSIGNED, part INT UNSIGNED, parts INT UNSIGNED)
BEGIN
  DECLARE lo INT UNSIGNED DEFAULT 1 + 20000 * part;
  SET total = LEAST(GREATEST(total, 1), 1000000);
  -- no join buffer: joins then read in the order written, so rows arrive in index order
  SET SESSION unique_checks = 0, foreign_key_checks = 0, max_heap_table_size = 1073741824,
              join_cache_level = 0;
  SET @vms_bulk_load = 1;
  IF part = 0 THEN
    CALL scale_special(90000, 'BIG', 'scale.big', 100000, 60);
    CALL scale_special(90001, '10K', 'scale.10k', 10000, 60);
    CALL scale_special(90002, 'EVENTS', 'scale.events', 20, 1000000);
    CALL scale_special(90003, 'TWENTY', 'scale.twenty', 20, 69);
    SELECT 'the bench users are there' AS progress;
  END IF;
  WHILE lo <= total DO
    CALL scale_chunk(lo, LEAST(lo + 19999, total));
    SELECT CONCAT('users ', lo, '..', LEAST(lo + 19999, total), ' are there') AS progress;
    SET lo = lo + 20000 * parts;
  END WHILE;
  DROP TEMPORARY TABLE IF EXISTS scale_u, scale_c;
  SET @vms_bulk_load = NULL;
  SET SESSION unique_checks = 1, foreign_key_checks = 1, join_cache_level = DEFAULT;
END //

DELIMITER ;

