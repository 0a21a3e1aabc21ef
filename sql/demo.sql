-- vmsadmin demo data: a small, hand-written, realistic data set that fills every tab of the
-- user profile (DESIGN.md, "Data model"; spec/PRODUCT-NOTES.md). Tests rely on the ids below.
--
-- Load after the migrations (sql/NNN_*.sql; the permission catalogue is one of them) and after
-- the two admins exist (inserted by the caller):
--   admins.id 1 = 'admin' (superadmin), admins.id 2 = 'operator' (role 'admin').
-- Times are relative to NOW() so "3 days ago" stays true whenever the demo is loaded.
-- String literals use the server's default sql_mode: '' is a quote, \\ is one backslash
-- (so a JSON \" is written \\" here). Hostile strings (XSS, SQL-looking text) are deliberate.
--
-- Cast:  1001 Ivan Petrov (richest)     1002 Maria Smirnova (paused)
--        1003 hostile O'Brien           1004 Alexei Volkov (active, nothing attached)
--        1005 Olga Kuznetsova (terminated 3 days ago)   1006 admin-created temporary user
--        2001, 2002 sub-users of 1001; 2003 of 1003; 2004 of 1005 (deleted with it)

SET NAMES utf8mb4;

START TRANSACTION;

-- ---------------------------------------------------------------------------------------------
-- Customer address system
-- ---------------------------------------------------------------------------------------------
INSERT INTO locations (id, csa, address) VALUES
  (1, 'CSA-0001', 'Moscow, Lenina st. 12'),
  (2, 'CSA-0002', 'Moscow, Tverskaya st. 7, bldg 2 (Москва, ул. Тверская, д. 7)'),
  (3, 'CSA-0003', 'Saint Petersburg, Nevsky pr. 45'),
  (4, 'CSA-0004', 'Kazan, Baumana st. 19'),
  (5, 'CSA-0005', 'Yekaterinburg, Malysheva st. 51, apt. 8'),
  (6, 'CSA-0006', 'Novosibirsk, Krasny pr. 28'),
  (7, 'CSA-0007', 'Moscow region, Istra, SNT "Rassvet", plot 114'),
  (8, 'CSA-0008', 'Tver, O''Connor "Plaza" 1 <img src=x onerror=alert(1)>');

-- ---------------------------------------------------------------------------------------------
-- Users: parents first (sub-users reference them)
-- ---------------------------------------------------------------------------------------------
INSERT INTO users (id, parent_id, origin, billing_id, username, login, password_hash, status,
                   billing_info, location_id, expires_at, created_at, deleted_at) VALUES
  (1001, NULL, 'billing', 'ACC-100042', 'Ivan Petrov', 'ivan.petrov', NULL, 'active',
   '{"contract":"D-2024/0042","tariff":"Video Home 30","name":"Ivan Petrov","phone":"+7 912 345-67-89","email":"ivan.petrov@example.net","address":"Moscow, Lenina st. 12, apt. 34","properties":{"connection":"FTTB 500 Mbit/s","router":"Keenetic Giga (KN-1011)","payment_method":"autopay","manager":"Elena Sokolova","promo":"SPRING-2024"}}',
   1, NULL, NOW() - INTERVAL '710 09:14' DAY_MINUTE, NULL),

  (1002, NULL, 'billing', 'ACC-100043', 'Maria Smirnova', 'maria.smirnova', NULL, 'paused',
   '{"contract":"D-2024/0043","tariff":"Video Business 60","name":"Maria Smirnova","phone":"+7 921 555-01-23","email":"m.smirnova@example.org","address":"Saint Petersburg, Nevsky pr. 45, shop 3","properties":{"shop":"Flowers & Co","inn":"7801234567","debt":"1 490.00 RUB"}}',
   3, NULL, NOW() - INTERVAL '540 08:29' DAY_MINUTE, NULL),

  (1003, NULL, 'billing', 'ACC-100044', '<script>alert("x")</script> O''Brien', 'sean.obrien', NULL, 'active',
   '{"contract":"D-2024/0044 & <b>\\"bold\\"</b>","tariff":"Video <script>alert(''tariff'')</script> Pro","name":"<script>alert(\\"x\\")</script> O''Brien","phone":"+7 900 000-00-00'' OR ''1''=''1","email":"o''brien&co@example.net\\"><img src=x onerror=alert(3)>","address":"Dublin & Moscow, \\"O''Connell\\" st. 5 <img src=x onerror=alert(4)>","properties":{"<img src=x onerror=alert(5)>":"</td><script>alert(6)</script>","note":"Tom & Jerry''s \\"best\\" plan","empty":""}}',
   8, NULL, NOW() - INTERVAL '400 10:59' DAY_MINUTE, NULL),

  (1004, NULL, 'billing', 'ACC-100045', 'Alexei Volkov', 'alexei.volkov', NULL, 'active',
   '{"contract":"D-2025/0045","tariff":"Video Start","name":"Alexei Volkov","phone":"+7 903 111-22-33","email":"a.volkov@example.com","address":"Kazan, Baumana st. 19, apt. 2","properties":{}}',
   NULL, NULL, NOW() - INTERVAL '90 16:20' DAY_MINUTE, NULL),

  (1005, NULL, 'billing', 'ACC-100046', 'Olga Kuznetsova', 'olga.kuznetsova', NULL, 'terminated',
   '{"contract":"D-2024/0046","tariff":"Video Home 30","name":"Olga Kuznetsova","phone":"+7 343 200-40-60","email":"olga.k@example.net","address":"Yekaterinburg, Malysheva st. 51, apt. 8","properties":{"reason":"moved out"}}',
   5, NULL, NOW() - INTERVAL '300 09:59' DAY_MINUTE, NOW() - INTERVAL '3 10:00' DAY_MINUTE),

  (1006, NULL, 'admin', NULL, 'Temporary installer (Service Co.)', 'temp.installer', NULL, 'active',
   NULL, NULL, NOW() + INTERVAL 18 DAY, NOW() - INTERVAL '12 11:00' DAY_MINUTE, NULL);

INSERT INTO users (id, parent_id, origin, billing_id, username, login, password_hash, status,
                   billing_info, location_id, expires_at, created_at, deleted_at) VALUES
  (2001, 1001, 'subuser', NULL, 'Anna Petrova', 'anna.petrova', NULL, 'active',
   NULL, NULL, NULL, NOW() - INTERVAL '650 20:00' DAY_MINUTE, NULL),
  (2002, 1001, 'subuser', NULL, 'Dacha guard', 'petrov.dacha', NULL, 'active',
   NULL, NULL, NULL, NOW() - INTERVAL '320 15:30' DAY_MINUTE, NULL),
  (2003, 1003, 'subuser', NULL, 'Kid <b>"bold"</b> & O''Brien Jr.', 'obrien.jr', NULL, 'active',
   NULL, NULL, NULL, NOW() - INTERVAL '390 18:00' DAY_MINUTE, NULL),
  (2004, 1005, 'subuser', NULL, 'Sergey Kuznetsov', 'sergey.kuznetsov', NULL, 'terminated',
   NULL, NULL, NULL, NOW() - INTERVAL '290 12:00' DAY_MINUTE, NOW() - INTERVAL '3 10:00' DAY_MINUTE);

-- ---------------------------------------------------------------------------------------------
-- Cameras. 1001 owns 1..12 (5 active, 3 partially_active, 2 inactive, 2 empty);
-- 1002 owns 13..17 and shares 2; 1003 owns 18..21; 1005 owns 22; 1006 owns 23, 29 and shares 10;
-- 24..28 and 30 belong to nobody (24 was detached from 1001 by billing).
-- external_id NULL = added in the web client, not by billing.
-- ---------------------------------------------------------------------------------------------
INSERT INTO cameras (id, external_id, name, status, location_id, mac, serial, archive_days, created_at) VALUES
  ( 1, 'CAM-000001', 'Entrance hall',        'active',           1,    '00:1A:2B:3C:4D:01', 'DS-2CD2143G2-I-F30412871',  30, NOW() - INTERVAL '708 14:02' DAY_MINUTE),
  ( 2, 'CAM-000002', 'Parking lot',          'active',           1,    '00:1A:2B:3C:4D:02', 'DS-2CD2T47G2-L-F30412902',  14, NOW() - INTERVAL '708 14:01' DAY_MINUTE),
  ( 3, 'CAM-000003', 'Backyard',             'active',           NULL, '00:1A:2B:3C:4D:03', 'IPC-HFW2431S-S-7H0291445',   7, NOW() - INTERVAL '700 10:20' DAY_MINUTE),
  ( 4, 'CAM-000004', 'Garage',               'partially_active', 1,    '00:1A:2B:3C:4D:04', 'IPC-HDW2431T-AS-7H0300187', 14, NOW() - INTERVAL '600 12:00' DAY_MINUTE),
  ( 5, 'CAM-000005', 'Staircase, 2nd floor', 'partially_active', NULL, '00:1A:2B:3C:4D:05', NULL,                          7, NOW() - INTERVAL '450 17:30' DAY_MINUTE),
  ( 6, 'CAM-000006', 'Dacha gate',           'inactive',         7,    '00:1A:2B:3C:4D:06', 'TP-VIGI-C340-22350A1106',   30, NOW() - INTERVAL '330 12:00' DAY_MINUTE),
  ( 7, 'CAM-000007', 'Dacha porch',          'inactive',         NULL, '00:1A:2B:3C:4D:07', 'TP-VIGI-C340-22350A1107',    7, NOW() - INTERVAL '330 11:59' DAY_MINUTE),
  ( 8, NULL,         'Kitchen',              'empty',            NULL, '00:1A:2B:3C:4D:08', NULL,                          7, NOW() - INTERVAL '620 20:00' DAY_MINUTE),
  ( 9, 'CAM-000009', 'Kids room',            'active',           2,    '00:1A:2B:3C:4D:09', 'C6N-E0C1-A3F2H4109',         14, NOW() - INTERVAL '180 13:20' DAY_MINUTE),
  (10, 'CAM-000010', 'Office front door',    'active',           2,    '00:1A:2B:3C:4D:0A', 'DS-2CD2547G2-LS-F31800210', 30, NOW() - INTERVAL '150 10:00' DAY_MINUTE),
  (11, 'CAM-000011', 'Office server room',   'partially_active', 2,    '00:1A:2B:3C:4D:0B', 'DS-2CD2547G2-LS-F31800211', 14, NOW() - INTERVAL '150 09:59' DAY_MINUTE),
  (12, 'CAM-000012', 'Storage',              'empty',            8,    '00:1A:2B:3C:4D:0C', 'IPC-HFW1230S-7J0512012',     7, NOW() - INTERVAL '45 11:11' DAY_MINUTE),
  (13, 'CAM-000013', 'Shop entrance',        'active',           3,    '00:1A:2B:3C:4D:0D', 'DS-2CD1043G0-I-E70011013',  14, NOW() - INTERVAL '539 15:10' DAY_MINUTE),
  (14, 'CAM-000014', 'Shop cash desk',       'active',           3,    '00:1A:2B:3C:4D:0E', 'DS-2CD1043G0-I-E70011014',  30, NOW() - INTERVAL '539 15:09' DAY_MINUTE),
  (15, 'CAM-000015', 'Shop warehouse',       'inactive',         3,    '00:1A:2B:3C:4D:0F', 'DS-2CD1043G0-I-E70011015',   7, NOW() - INTERVAL '539 15:08' DAY_MINUTE),
  (16, 'CAM-000016', 'Shop back door',       'partially_active', NULL, '00:1A:2B:3C:4D:10', 'IPC-HFW2431S-S-7H0291616',   7, NOW() - INTERVAL '60 14:00' DAY_MINUTE),
  (17, NULL,         'Shop street view',     'empty',            NULL, NULL,                NULL,                          7, NOW() - INTERVAL '58 09:30' DAY_MINUTE),
  (18, 'CAM-000018', 'Yard'' OR 1=1 -- <img src=x onerror=alert(2)>', 'active', 8, '00:1A:2B:3C:4D:12', 'XX-<b>1018</b>', 14, NOW() - INTERVAL '400 10:30' DAY_MINUTE),
  (19, 'CAM-000019', 'Porch',                'inactive',         NULL, '00:1A:2B:3C:4D:13', 'IPC-HDW1230T-7J0519019',     7, NOW() - INTERVAL '399 09:00' DAY_MINUTE),
  (20, 'CAM-000020', 'Camera "Main" & <b>bold</b>', 'partially_active', 4, '00:1A:2B:3C:4D:14', 'IPC-HDW1230T-7J0519020', 7, NOW() - INTERVAL '398 09:00' DAY_MINUTE),
  (21, 'CAM-000021', 'Garden',               'empty',            4,    NULL,                NULL,                          7, NOW() - INTERVAL '397 09:00' DAY_MINUTE),
  (22, 'CAM-000022', 'Country house',        'active',           5,    '00:1A:2B:3C:4D:16', 'DS-2CD2143G2-I-F30415022',  30, NOW() - INTERVAL '300 09:40' DAY_MINUTE),
  (23, NULL,         'Test bench',           'empty',            NULL, NULL,                NULL,                          7, NOW() - INTERVAL '12 10:00' DAY_MINUTE),
  (24, 'CAM-000024', 'Warehouse gate',       'inactive',         6,    '00:1A:2B:3C:4D:18', 'DS-2CD2T47G2-L-F30419024',  14, NOW() - INTERVAL '480 10:00' DAY_MINUTE),
  (25, 'CAM-000025', 'Lobby',                'empty',            6,    '00:1A:2B:3C:4D:19', NULL,                          7, NOW() - INTERVAL '470 10:00' DAY_MINUTE),
  (26, 'CAM-000026', 'Courtyard north',      'active',           6,    '00:1A:2B:3C:4D:1A', 'IPC-HFW2431S-S-7H0291626',  14, NOW() - INTERVAL '460 10:00' DAY_MINUTE),
  (27, 'CAM-000027', 'Courtyard south',      'active',           6,    '00:1A:2B:3C:4D:1B', 'IPC-HFW2431S-S-7H0291627',  14, NOW() - INTERVAL '460 09:59' DAY_MINUTE),
  (28, 'CAM-000028', 'Bike storage',         'partially_active', 7,    '00:1A:2B:3C:4D:1C', 'TP-VIGI-C340-22350A1128',    7, NOW() - INTERVAL '250 10:00' DAY_MINUTE),
  (29, 'CAM-000029', 'Playground',           'active',           4,    '00:1A:2B:3C:4D:1D', 'DS-2CD2143G2-I-F30419029',  30, NOW() - INTERVAL '40 10:00' DAY_MINUTE),
  (30, 'CAM-000030', 'Rooftop',              'inactive',         NULL, '00:1A:2B:3C:4D:1E', NULL,                         14, NOW() - INTERVAL '20 10:00' DAY_MINUTE);

INSERT INTO user_cameras (user_id, camera_id, created_at) VALUES
  (1001,  1, NOW() - INTERVAL '708 14:02' DAY_MINUTE),
  (1001,  2, NOW() - INTERVAL '708 14:01' DAY_MINUTE),
  (1001,  3, NOW() - INTERVAL '700 10:20' DAY_MINUTE),
  (1001,  4, NOW() - INTERVAL '600 12:00' DAY_MINUTE),
  (1001,  5, NOW() - INTERVAL '450 17:30' DAY_MINUTE),
  (1001,  6, NOW() - INTERVAL '330 12:00' DAY_MINUTE),
  (1001,  7, NOW() - INTERVAL '330 11:59' DAY_MINUTE),
  (1001,  8, NOW() - INTERVAL '620 20:00' DAY_MINUTE),
  (1001,  9, NOW() - INTERVAL '180 13:20' DAY_MINUTE),
  (1001, 10, NOW() - INTERVAL '150 10:00' DAY_MINUTE),
  (1001, 11, NOW() - INTERVAL '150 09:59' DAY_MINUTE),
  (1001, 12, NOW() - INTERVAL '45 11:11' DAY_MINUTE),
  (2001,  1, NOW() - INTERVAL '650 19:00' DAY_MINUTE),
  (2001,  2, NOW() - INTERVAL '650 19:00' DAY_MINUTE),
  (2001,  3, NOW() - INTERVAL '650 19:00' DAY_MINUTE),
  (2001,  8, NOW() - INTERVAL '620 19:00' DAY_MINUTE),
  (2002,  6, NOW() - INTERVAL '320 15:00' DAY_MINUTE),
  (2002,  7, NOW() - INTERVAL '320 15:00' DAY_MINUTE),
  (1002,  2, NOW() - INTERVAL '500 13:00' DAY_MINUTE),
  (1002, 13, NOW() - INTERVAL '539 15:10' DAY_MINUTE),
  (1002, 14, NOW() - INTERVAL '539 15:09' DAY_MINUTE),
  (1002, 15, NOW() - INTERVAL '539 15:08' DAY_MINUTE),
  (1002, 16, NOW() - INTERVAL '60 14:00' DAY_MINUTE),
  (1002, 17, NOW() - INTERVAL '58 09:30' DAY_MINUTE),
  (1003, 18, NOW() - INTERVAL '400 10:30' DAY_MINUTE),
  (1003, 19, NOW() - INTERVAL '399 09:00' DAY_MINUTE),
  (1003, 20, NOW() - INTERVAL '398 09:00' DAY_MINUTE),
  (1003, 21, NOW() - INTERVAL '397 09:00' DAY_MINUTE),
  (2003, 19, NOW() - INTERVAL '390 17:00' DAY_MINUTE),
  (1005, 22, NOW() - INTERVAL '300 09:40' DAY_MINUTE),
  (2004, 22, NOW() - INTERVAL '290 11:00' DAY_MINUTE),
  (1006, 10, NOW() - INTERVAL '12 10:30' DAY_MINUTE),
  (1006, 23, NOW() - INTERVAL '12 10:00' DAY_MINUTE),
  (1006, 29, NOW() - INTERVAL '12 10:00' DAY_MINUTE);

-- Cameras for administration of admin 2 ('operator'). Of 1001's cameras: 1, 3, 10 (active),
-- 4 (partially_active), 6 (inactive), 8 (empty); not 2, 5, 7, 9, 11, 12. None of 1002's.
-- Also 18 (1003's hostile name), 22 (1005's), 26 (unassigned). Admin 1 is superadmin: no rows.
INSERT INTO admin_cameras (admin_id, camera_id) VALUES
  (2, 1), (2, 3), (2, 4), (2, 6), (2, 8), (2, 10), (2, 18), (2, 22), (2, 26);

-- ---------------------------------------------------------------------------------------------
-- Intercoms, apartments, residents, keys
-- ---------------------------------------------------------------------------------------------
INSERT INTO intercoms (id, name, address, department, created_at) VALUES
  (1, 'Lenina 12, entrance 2', 'Moscow, Lenina st. 12',           'Entrance 2', NOW() - INTERVAL '720 10:00' DAY_MINUTE),
  (2, 'Lenina 12, entrance 3', 'Moscow, Lenina st. 12',           'Entrance 3', NOW() - INTERVAL '720 09:00' DAY_MINUTE),
  (3, 'Nevsky 45 gate',        'Saint Petersburg, Nevsky pr. 45', 'Entrance 1', NOW() - INTERVAL '560 12:00' DAY_MINUTE),
  (4, 'Gate'' OR 1=1 -- <img src=x onerror=alert(2)>', 'Dublin & Moscow, "O''Connell" st. 5', 'Entrance <b>1</b>',
   NOW() - INTERVAL '410 12:00' DAY_MINUTE);

INSERT INTO apartments (id, intercom_id, number) VALUES
  (1, 1, '34'),
  (2, 1, '35'),
  (3, 2, '101'),
  (4, 3, '7'),
  (5, 4, '12'),
  (6, 1, '36');

-- 1001: apartments 34 and 35 of intercom 1, and 101 of intercom 2 (no keys there).
INSERT INTO apartment_users (apartment_id, user_id) VALUES
  (1, 1001), (2, 1001), (3, 1001),
  (1, 2001),
  (4, 1002),
  (5, 1003), (5, 2003),
  (6, 1005);

INSERT INTO intercom_keys (id, apartment_id, user_id, hex_id, created_at) VALUES
  (1, 1, 1001, '0000003045CAAC', NOW() - INTERVAL '705 12:00' DAY_MINUTE),
  (2, 1, 1001, '00000030A1B2C3', NOW() - INTERVAL '400 12:00' DAY_MINUTE),
  (3, 2, 1001, '0000003045CAAD', NOW() - INTERVAL '600 12:00' DAY_MINUTE),
  (4, 1, 2001, '000000304F00E1', NOW() - INTERVAL '640 12:00' DAY_MINUTE),
  (5, 4, 1002, '00000012AB34CD', NOW() - INTERVAL '535 12:00' DAY_MINUTE),
  (6, 5, 1003, '0000009F00BEEF', NOW() - INTERVAL '395 12:00' DAY_MINUTE),
  (7, 6, 1005, '0000003045CB01', NOW() - INTERVAL '295 12:00' DAY_MINUTE);

-- ---------------------------------------------------------------------------------------------
-- Permissions (the catalogue and the defaults per kind of user are product data:
-- sql/010_permission_catalogue.sql; ids 1-35 there)
-- ---------------------------------------------------------------------------------------------
INSERT INTO user_permissions (user_id, permission_id) VALUES
  -- 1001: archive, events, groups, some layouts/marks, PTZ, intercoms, sub-users, analytics
  (1001, 1), (1001, 2), (1001, 3), (1001, 4),
  (1001, 5), (1001, 6), (1001, 7), (1001, 8), (1001, 9), (1001, 10),
  (1001, 11), (1001, 12), (1001, 17), (1001, 18),
  (1001, 21), (1001, 22), (1001, 23), (1001, 24), (1001, 25),
  (1001, 26), (1001, 28), (1001, 32), (1001, 33),
  -- 1001's sub-users: 2001 gets one L1 analytics permission (parent holds L1)
  (2001, 1), (2001, 4), (2001, 5), (2001, 11), (2001, 17), (2001, 23), (2001, 24), (2001, 26),
  (2002, 1), (2002, 23),
  (1002, 1), (1002, 2), (1002, 4), (1002, 23), (1002, 24),
  (1003, 1), (1003, 4), (1003, 23), (1003, 25), (1003, 28), (1003, 30),
  (2003, 1), (2003, 4),
  (1005, 1), (1005, 4), (1005, 25),
  (2004, 1),
  (1006, 1), (1006, 4);

-- ---------------------------------------------------------------------------------------------
-- Analytics, one licence state per story:
--   1001 within its licences: L1 = 10, used 4 (its cases 1-2 use 3 cameras, sub-user 2001's
--        case 5 one more: a sub-user draws on its parent's licences); L2 = 2, used 1;
--        L3 taken away 3 days ago: case 4 (face recognition) is hidden, purged in 4 days
--        unless an L3 licence comes back; its permission analytic-cases-face stays stored but
--        shows disabled ("no L3 licence").
--   1002 (paused) holds L1 = 4, unused.
--   1003 over its licences: L1 = 1 was sold, its two cases use 3 cameras ("over by 2").
-- ---------------------------------------------------------------------------------------------
INSERT INTO user_licenses (user_id, level_id, total, revoked_at) VALUES
  (1001, 1, 10, NULL),
  (1001, 2,  2, NULL),
  (1001, 3,  0, NOW() - INTERVAL 3 DAY),
  (1002, 1,  4, NULL),
  (1003, 1,  1, NULL);

INSERT INTO analytics_cases (id, user_id, name, permission_id, status, created_at) VALUES
  (1, 1001, 'Parking line crossing', 28, 'active',           NOW() - INTERVAL '170 10:00' DAY_MINUTE),
  (2, 1001, 'Entrance loud sounds',  26, 'active',           NOW() - INTERVAL '160 10:00' DAY_MINUTE),
  (3, 1001, 'Office visitors',       32, 'partially_active', NOW() - INTERVAL '140 10:00' DAY_MINUTE),
  (4, 1001, 'Entrance faces',        33, 'paused',           NOW() - INTERVAL '100 10:00' DAY_MINUTE),
  (5, 2001, 'Hallway loud sounds',   26, 'inactive',         NOW() - INTERVAL '60 10:00' DAY_MINUTE),
  (6, 1003, 'Yard <b>intrusion</b> & "gate"', 30, 'active',  NOW() - INTERVAL '90 10:00' DAY_MINUTE),
  (7, 1003, 'Porch line crossing',   28, 'partially_active', NOW() - INTERVAL '80 10:00' DAY_MINUTE);

INSERT INTO analytics_case_cameras (case_id, camera_id) VALUES
  (1, 2), (1, 3),
  (2, 1),
  (3, 10),
  (4, 1), (4, 9),
  (5, 1),
  (6, 18), (6, 20),
  (7, 19);

INSERT INTO case_events (id, case_id, camera_id, detected_at, summary) VALUES
  (1, 1,  2, NOW() - INTERVAL '30 21:14' DAY_MINUTE, 'Person crossed line "Gate" (in)'),
  (2, 1,  3, NOW() - INTERVAL '12 03:02' DAY_MINUTE, 'Vehicle crossed line "Driveway"'),
  (3, 1,  2, NOW() - INTERVAL '2 22:47' DAY_MINUTE,  'Person crossed line "Gate" (out)'),
  (4, 2,  1, NOW() - INTERVAL '8 01:15' DAY_MINUTE,  'Loud sound: 87 dB'),
  (5, 2,  1, NOW() - INTERVAL '1 23:40' DAY_MINUTE,  'Loud sound: glass breaking'),
  (6, 3, 10, NOW() - INTERVAL '1 09:00' DAY_MINUTE,  'Visitors today: 42'),
  (7, 4,  1, NOW() - INTERVAL '20 18:00' DAY_MINUTE, 'Face matched: "Ivan Petrov" (97%)'),
  (8, 4,  9, NOW() - INTERVAL '15 08:30' DAY_MINUTE, 'Unknown face'),
  (9, 6, 18, NOW() - INTERVAL '4 02:10' DAY_MINUTE,  'Intrusion: zone "Yard" <img src=x onerror=alert(8)>');

-- ---------------------------------------------------------------------------------------------
-- Billing requests, oldest first (created_at increases with id). payload = the body billing sent,
-- password redacted to "***". Failures: the two *_unknown_csa types and unknown_type (422),
-- plus one request for an unknown account (user_id NULL).
-- ---------------------------------------------------------------------------------------------
INSERT INTO billing_events (id, request_id, user_id, account, type, sent_type, payload, result, error, http_status, created_at) VALUES
  (1, 'fddfa88b-46e7-438b-b8cd-d5c54c41820c', 1001, 'ACC-100042', 'billing.new_entity', NULL,
   '{"request_id":"fddfa88b-46e7-438b-b8cd-d5c54c41820c","type":"billing.new_entity","account":"ACC-100042","data":{"login":"i.petrov","username":"Ivan Petrov","password":"***","info":{"contract":"D-2024/0042","tariff":"Video Home 30","name":"Ivan Petrov","phone":"+7 912 345-67-89","email":"ivan.petrov@example.net","address":"Moscow, Lenina st. 12, apt. 34","properties":{"connection":"FTTB 500 Mbit/s","router":"Keenetic Giga (KN-1011)","payment_method":"autopay"}}}}',
   'applied', NULL, 200, NOW(3) - INTERVAL '710 09:15' DAY_MINUTE),
  (2, '479339c7-3bdc-4b3e-b255-85abf22d944f', 1001, 'ACC-100042', 'billing.create_location', NULL,
   '{"request_id":"479339c7-3bdc-4b3e-b255-85abf22d944f","type":"billing.create_location","account":"ACC-100042","data":{"csa":"CSA-0003","address":"Saint Petersburg, Nevsky pr. 45"}}',
   'applied', NULL, 200, NOW(3) - INTERVAL '710 09:05' DAY_MINUTE),
  (3, 'a6785f9e-bfa8-4d61-b608-b56df7904c5a', 1001, 'ACC-100042', 'billing.delete_location', NULL,
   '{"request_id":"a6785f9e-bfa8-4d61-b608-b56df7904c5a","type":"billing.delete_location","account":"ACC-100042","data":{"csa":"CSA-0003"}}',
   'applied', NULL, 200, NOW(3) - INTERVAL '709 11:40' DAY_MINUTE),
  (4, 'daf9ec80-9ec8-450b-8c00-9fc0007e6d38', 1001, 'ACC-100042', 'billing.create_location_unknown_csa', NULL,
   '{"request_id":"daf9ec80-9ec8-450b-8c00-9fc0007e6d38","type":"billing.create_location","account":"ACC-100042","data":{"csa":"CSA-0100","address":"Moscow, Lenina st. 12"}}',
   'failed', 'unknown CSA code: CSA-0100', 422, NOW(3) - INTERVAL '709 11:38' DAY_MINUTE),
  (5, 'b7297a56-b56b-45de-ab26-9adc7a035b8b', 1001, 'ACC-100042', 'billing.create_location', NULL,
   '{"request_id":"b7297a56-b56b-45de-ab26-9adc7a035b8b","type":"billing.create_location","account":"ACC-100042","data":{"csa":"CSA-0001","address":"Moscow, Lenina st. 12"}}',
   'applied', NULL, 200, NOW(3) - INTERVAL '709 11:30' DAY_MINUTE),
  (6, 'b395eace-ae61-4c79-94b2-1623a93ddda8', 1001, 'ACC-100042', 'billing.new_camera', NULL,
   '{"request_id":"b395eace-ae61-4c79-94b2-1623a93ddda8","type":"billing.new_camera","account":"ACC-100042","data":{"external_id":"CAM-000001","name":"Entrance hall","mac":"00:1A:2B:3C:4D:01","serial":"DS-2CD2143G2-I-F30412871","csa":"CSA-0001"}}',
   'applied', NULL, 200, NOW(3) - INTERVAL '708 14:02' DAY_MINUTE),
  (7, 'c9510d3f-d746-487a-8974-f5fd6f4135bd', 1001, 'ACC-100042', 'billing.new_camera', NULL,
   '{"request_id":"c9510d3f-d746-487a-8974-f5fd6f4135bd","type":"billing.new_camera","account":"ACC-100042","data":{"external_id":"CAM-000002","name":"Parking lot","mac":"00:1A:2B:3C:4D:02","serial":"DS-2CD2T47G2-L-F30412902","csa":"CSA-0001"}}',
   'applied', NULL, 200, NOW(3) - INTERVAL '708 14:01' DAY_MINUTE),
  (8, '786eedd5-5be9-459c-9411-fbc81ae4ca8e', 1001, 'ACC-100042', 'billing.new_camera', NULL,
   '{"request_id":"786eedd5-5be9-459c-9411-fbc81ae4ca8e","type":"billing.new_camera","account":"ACC-100042","data":{"external_id":"CAM-000003","name":"Backyard","mac":"00:1A:2B:3C:4D:03","serial":"IPC-HFW2431S-S-7H0291445","csa":null}}',
   'applied', NULL, 200, NOW(3) - INTERVAL '700 10:20' DAY_MINUTE),
  (9, 'cb95ca3f-9c18-4905-b599-d7894a9f75f5', 1001, 'ACC-100042', 'billing.update_login', NULL,
   '{"request_id":"cb95ca3f-9c18-4905-b599-d7894a9f75f5","type":"billing.update_login","account":"ACC-100042","data":{"login":"ivan.petrov"}}',
   'applied', NULL, 200, NOW(3) - INTERVAL '650 16:45' DAY_MINUTE),
  (10, '06074fdd-7959-4915-bc12-0545c2cb27b6', 1001, 'ACC-100042', 'billing.new_camera', NULL,
   '{"request_id":"06074fdd-7959-4915-bc12-0545c2cb27b6","type":"billing.new_camera","account":"ACC-100042","data":{"external_id":"CAM-000004","name":"Garage","mac":"00:1A:2B:3C:4D:04","serial":"IPC-HDW2431T-AS-7H0300187","csa":"CSA-0001"}}',
   'applied', NULL, 200, NOW(3) - INTERVAL '600 12:00' DAY_MINUTE),
  (11, '605a8385-2cdd-4382-be3b-3a41397b02b7', 1002, 'ACC-100043', 'billing.new_entity', NULL,
   '{"request_id":"605a8385-2cdd-4382-be3b-3a41397b02b7","type":"billing.new_entity","account":"ACC-100043","data":{"login":"maria.smirnova","username":"Maria Smirnova","password":"***","info":{"contract":"D-2024/0043","tariff":"Video Business 60","name":"Maria Smirnova","phone":"+7 921 555-01-23","email":"m.smirnova@example.org","address":"Saint Petersburg, Nevsky pr. 45, shop 3","properties":{"shop":"Flowers & Co","inn":"7801234567"}}}}',
   'applied', NULL, 200, NOW(3) - INTERVAL '540 08:30' DAY_MINUTE),
  (12, '3cf5462f-c253-47d8-8b89-7923d326d35e', 1002, 'ACC-100043', 'billing.create_location', NULL,
   '{"request_id":"3cf5462f-c253-47d8-8b89-7923d326d35e","type":"billing.create_location","account":"ACC-100043","data":{"csa":"CSA-0003","address":"Saint Petersburg, Nevsky pr. 45"}}',
   'applied', NULL, 200, NOW(3) - INTERVAL '540 08:20' DAY_MINUTE),
  (13, '88198668-5f5d-49f9-a0c2-0bc466283ea9', 1002, 'ACC-100043', 'billing.new_camera', NULL,
   '{"request_id":"88198668-5f5d-49f9-a0c2-0bc466283ea9","type":"billing.new_camera","account":"ACC-100043","data":{"external_id":"CAM-000013","name":"Shop entrance","mac":"00:1A:2B:3C:4D:0D","serial":"DS-2CD1043G0-I-E70011013","csa":"CSA-0003"}}',
   'applied', NULL, 200, NOW(3) - INTERVAL '539 15:10' DAY_MINUTE),
  (14, '498b37be-0754-49d0-9b34-f05c21da4346', 1002, 'ACC-100043', 'billing.new_camera', NULL,
   '{"request_id":"498b37be-0754-49d0-9b34-f05c21da4346","type":"billing.new_camera","account":"ACC-100043","data":{"external_id":"CAM-000014","name":"Shop cash desk","mac":"00:1A:2B:3C:4D:0E","serial":"DS-2CD1043G0-I-E70011014","csa":"CSA-0003"}}',
   'applied', NULL, 200, NOW(3) - INTERVAL '539 15:09' DAY_MINUTE),
  (15, 'd6b2118b-5c07-4c5e-abd7-45a53740eeaf', 1002, 'ACC-100043', 'billing.new_camera', NULL,
   '{"request_id":"d6b2118b-5c07-4c5e-abd7-45a53740eeaf","type":"billing.new_camera","account":"ACC-100043","data":{"external_id":"CAM-000015","name":"Shop warehouse","mac":"00:1A:2B:3C:4D:0F","serial":"DS-2CD1043G0-I-E70011015","csa":"CSA-0003"}}',
   'applied', NULL, 200, NOW(3) - INTERVAL '539 15:08' DAY_MINUTE),
  (16, '839747fe-c0b6-4870-999c-32f3cea4ae68', 1002, 'ACC-100043', 'billing.attach_camera', NULL,
   '{"request_id":"839747fe-c0b6-4870-999c-32f3cea4ae68","type":"billing.attach_camera","account":"ACC-100043","data":{"external_id":"CAM-000002","csa":"CSA-0001"}}',
   'applied', NULL, 200, NOW(3) - INTERVAL '500 13:00' DAY_MINUTE),
  (17, 'e7985e72-5f77-4055-9174-a7baefe44761', 1001, 'ACC-100042', 'billing.attach_camera_unknown_csa', NULL,
   '{"request_id":"e7985e72-5f77-4055-9174-a7baefe44761","type":"billing.attach_camera","account":"ACC-100042","data":{"external_id":"CAM-000024","csa":"CSA-0777"}}',
   'failed', 'unknown CSA code: CSA-0777', 422, NOW(3) - INTERVAL '480 10:10' DAY_MINUTE),
  (18, 'cfc83583-9e9b-4b97-9e9a-0092ed668927', 1001, 'ACC-100042', 'billing.attach_camera', NULL,
   '{"request_id":"cfc83583-9e9b-4b97-9e9a-0092ed668927","type":"billing.attach_camera","account":"ACC-100042","data":{"external_id":"CAM-000024","csa":"CSA-0006"}}',
   'applied', NULL, 200, NOW(3) - INTERVAL '480 10:00' DAY_MINUTE),
  (19, '98018249-e49a-4212-9a92-7cb2889079e2', 1001, 'ACC-100042', 'billing.new_camera', NULL,
   '{"request_id":"98018249-e49a-4212-9a92-7cb2889079e2","type":"billing.new_camera","account":"ACC-100042","data":{"external_id":"CAM-000005","name":"Staircase, 2nd floor","mac":"00:1A:2B:3C:4D:05","serial":null,"csa":null}}',
   'applied', NULL, 200, NOW(3) - INTERVAL '450 17:30' DAY_MINUTE),
  (20, 'b85fd594-0f1b-4d35-8b5c-24b4f6eef5f2', 1001, 'ACC-100042', 'billing.update_password', NULL,
   '{"request_id":"b85fd594-0f1b-4d35-8b5c-24b4f6eef5f2","type":"billing.update_password","account":"ACC-100042","data":{"password":"***"}}',
   'applied', NULL, 200, NOW(3) - INTERVAL '420 21:05' DAY_MINUTE),
  (21, '17893b8e-7fce-499a-aac1-8bf21dcf39f2', 1003, 'ACC-100044', 'billing.new_entity', NULL,
   '{"request_id":"17893b8e-7fce-499a-aac1-8bf21dcf39f2","type":"billing.new_entity","account":"ACC-100044","data":{"login":"sean.obrien","username":"<script>alert(\\"x\\")</script> O''Brien","password":"***","info":{"contract":"D-2024/0044 & <b>\\"bold\\"</b>","tariff":"Video <script>alert(''tariff'')</script> Pro","name":"<script>alert(\\"x\\")</script> O''Brien","phone":"+7 900 000-00-00'' OR ''1''=''1","email":"o''brien&co@example.net\\"><img src=x onerror=alert(3)>","address":"Dublin & Moscow, \\"O''Connell\\" st. 5 <img src=x onerror=alert(4)>","properties":{"<img src=x onerror=alert(5)>":"</td><script>alert(6)</script>","note":"Tom & Jerry''s \\"best\\" plan","empty":""}}}}',
   'applied', NULL, 200, NOW(3) - INTERVAL '400 11:00' DAY_MINUTE),
  (22, '60c547f6-e174-45cb-b87f-8b12af09ac15', 1003, 'ACC-100044', 'billing.new_camera', NULL,
   '{"request_id":"60c547f6-e174-45cb-b87f-8b12af09ac15","type":"billing.new_camera","account":"ACC-100044","data":{"external_id":"CAM-000018","name":"Yard'' OR 1=1 -- <img src=x onerror=alert(2)>","mac":"00:1A:2B:3C:4D:12","serial":"XX-<b>1018</b>","csa":"CSA-0008"}}',
   'applied', NULL, 200, NOW(3) - INTERVAL '400 10:30' DAY_MINUTE),
  (23, 'b3c00744-b08e-4a99-8abd-9225465a7af3', 1003, 'ACC-100044', 'billing.new_camera', NULL,
   '{"request_id":"b3c00744-b08e-4a99-8abd-9225465a7af3","type":"billing.new_camera","account":"ACC-100044","data":{"external_id":"CAM-000019","name":"Porch","mac":"00:1A:2B:3C:4D:13","serial":"IPC-HDW1230T-7J0519019","csa":null}}',
   'applied', NULL, 200, NOW(3) - INTERVAL '399 09:00' DAY_MINUTE),
  (24, '49684e10-f9d1-4fec-9904-1cf5332b7634', 1003, 'ACC-100044', 'billing.unknown_type', '<script>alert(1)</script>',
   '{"request_id":"49684e10-f9d1-4fec-9904-1cf5332b7634","type":"<script>alert(1)</script>","account":"ACC-100044","data":{"note":"it''s a <b>test</b> & \\"more\\""}}',
   'failed', 'unknown type: <script>alert(1)</script>', 422, NOW(3) - INTERVAL '380 03:33' DAY_MINUTE),
  (25, 'c4fbc0af-0a7d-4a33-8ac9-be5500a00880', 1001, 'ACC-100042', 'billing.pause_entity', NULL,
   '{"request_id":"c4fbc0af-0a7d-4a33-8ac9-be5500a00880","type":"billing.pause_entity","account":"ACC-100042","data":{}}',
   'applied', NULL, 200, NOW(3) - INTERVAL '350 09:00' DAY_MINUTE),
  (26, '0b5cf16b-d508-4217-a8a6-9365348a63fa', 1001, 'ACC-100042', 'billing.unpause_entity', NULL,
   '{"request_id":"0b5cf16b-d508-4217-a8a6-9365348a63fa","type":"billing.unpause_entity","account":"ACC-100042","data":{}}',
   'applied', NULL, 200, NOW(3) - INTERVAL '349 18:00' DAY_MINUTE),
  (27, 'c9c137f8-7f22-45b0-b15a-2653dee08673', 1001, 'ACC-100042', 'billing.new_camera', NULL,
   '{"request_id":"c9c137f8-7f22-45b0-b15a-2653dee08673","type":"billing.new_camera","account":"ACC-100042","data":{"external_id":"CAM-000006","name":"Dacha gate","mac":"00:1A:2B:3C:4D:06","serial":"TP-VIGI-C340-22350A1106","csa":"CSA-0007"}}',
   'applied', NULL, 200, NOW(3) - INTERVAL '330 12:00' DAY_MINUTE),
  (28, 'fa2aca6b-2610-4160-aa9b-bd827b823ce6', 1001, 'ACC-100042', 'billing.new_camera', NULL,
   '{"request_id":"fa2aca6b-2610-4160-aa9b-bd827b823ce6","type":"billing.new_camera","account":"ACC-100042","data":{"external_id":"CAM-000007","name":"Dacha porch","mac":"00:1A:2B:3C:4D:07","serial":"TP-VIGI-C340-22350A1107","csa":null}}',
   'applied', NULL, 200, NOW(3) - INTERVAL '330 11:59' DAY_MINUTE),
  (29, '15f5ca48-8687-47c6-83bc-fb274c0dfc76', 1005, 'ACC-100046', 'billing.new_entity', NULL,
   '{"request_id":"15f5ca48-8687-47c6-83bc-fb274c0dfc76","type":"billing.new_entity","account":"ACC-100046","data":{"login":"olga.kuznetsova","username":"Olga Kuznetsova","password":"***","info":{"contract":"D-2024/0046","tariff":"Video Home 30","name":"Olga Kuznetsova","phone":"+7 343 200-40-60","email":"olga.k@example.net","address":"Yekaterinburg, Malysheva st. 51, apt. 8","properties":{}}}}',
   'applied', NULL, 200, NOW(3) - INTERVAL '300 10:00' DAY_MINUTE),
  (30, '6b3e4c93-335e-4075-ac52-0891403d5989', 1005, 'ACC-100046', 'billing.create_location', NULL,
   '{"request_id":"6b3e4c93-335e-4075-ac52-0891403d5989","type":"billing.create_location","account":"ACC-100046","data":{"csa":"CSA-0005","address":"Yekaterinburg, Malysheva st. 51, apt. 8"}}',
   'applied', NULL, 200, NOW(3) - INTERVAL '300 09:50' DAY_MINUTE),
  (31, '8932eb60-885b-4061-b284-95864a554d43', 1005, 'ACC-100046', 'billing.new_camera', NULL,
   '{"request_id":"8932eb60-885b-4061-b284-95864a554d43","type":"billing.new_camera","account":"ACC-100046","data":{"external_id":"CAM-000022","name":"Country house","mac":"00:1A:2B:3C:4D:16","serial":"DS-2CD2143G2-I-F30415022","csa":"CSA-0005"}}',
   'applied', NULL, 200, NOW(3) - INTERVAL '300 09:40' DAY_MINUTE),
  (32, 'd8bc7b71-4fdd-48a7-ab2e-446f99a2472b', 1001, 'ACC-100042', 'billing.detach_camera', NULL,
   '{"request_id":"d8bc7b71-4fdd-48a7-ab2e-446f99a2472b","type":"billing.detach_camera","account":"ACC-100042","data":{"external_id":"CAM-000024"}}',
   'applied', NULL, 200, NOW(3) - INTERVAL '250 15:15' DAY_MINUTE),
  (33, 'ee349aa5-4f40-4371-b5bd-20f5ce4db24e', 1001, 'ACC-100042', 'billing.unknown_type', 'billing.upgrade_tariff',
   '{"request_id":"ee349aa5-4f40-4371-b5bd-20f5ce4db24e","type":"billing.upgrade_tariff","account":"ACC-100042","data":{"tariff":"Video Home 60"}}',
   'failed', 'unknown type: billing.upgrade_tariff', 422, NOW(3) - INTERVAL '200 10:00' DAY_MINUTE),
  (34, 'e41649ce-b4e5-4c0d-b489-9825af339941', 1001, 'ACC-100042', 'billing.new_camera', NULL,
   '{"request_id":"e41649ce-b4e5-4c0d-b489-9825af339941","type":"billing.new_camera","account":"ACC-100042","data":{"external_id":"CAM-000009","name":"Kids room","mac":"00:1A:2B:3C:4D:09","serial":"C6N-E0C1-A3F2H4109","csa":"CSA-0002"}}',
   'applied', NULL, 200, NOW(3) - INTERVAL '180 13:20' DAY_MINUTE),
  (35, '985710ce-fef3-4d96-a2ed-e14b9e6f7b4a', 1001, 'ACC-100042', 'billing.new_camera', NULL,
   '{"request_id":"985710ce-fef3-4d96-a2ed-e14b9e6f7b4a","type":"billing.new_camera","account":"ACC-100042","data":{"external_id":"CAM-000010","name":"Office front door","mac":"00:1A:2B:3C:4D:0A","serial":"DS-2CD2547G2-LS-F31800210","csa":"CSA-0002"}}',
   'applied', NULL, 200, NOW(3) - INTERVAL '150 10:00' DAY_MINUTE),
  (36, '839740ae-bb31-4e3e-8271-d8f8dcbb9dce', 1001, 'ACC-100042', 'billing.new_camera', NULL,
   '{"request_id":"839740ae-bb31-4e3e-8271-d8f8dcbb9dce","type":"billing.new_camera","account":"ACC-100042","data":{"external_id":"CAM-000011","name":"Office server room","mac":"00:1A:2B:3C:4D:0B","serial":"DS-2CD2547G2-LS-F31800211","csa":"CSA-0002"}}',
   'applied', NULL, 200, NOW(3) - INTERVAL '150 09:59' DAY_MINUTE),
  -- Billing detached a camera 1001 never had (CAM-000013 is 1002's): applied, nothing to change.
  (37, 'd55314d3-6b56-40a2-a49b-07472ba97749', 1001, 'ACC-100042', 'billing.detach_camera', NULL,
   '{"request_id":"d55314d3-6b56-40a2-a49b-07472ba97749","type":"billing.detach_camera","account":"ACC-100042","data":{"external_id":"CAM-000013"}}',
   'applied', NULL, 200, NOW(3) - INTERVAL '120 08:00' DAY_MINUTE),
  (38, 'f462b974-5c1f-46a7-8252-f0075886a62b', NULL, 'ACC-999999', 'billing.pause_entity', NULL,
   '{"request_id":"f462b974-5c1f-46a7-8252-f0075886a62b","type":"billing.pause_entity","account":"ACC-999999","data":{}}',
   'failed', 'unknown account: ACC-999999', 422, NOW(3) - INTERVAL '100 02:17' DAY_MINUTE),
  (39, 'cda4a95b-69e2-4e10-8d32-ea0a820b589f', 1002, 'ACC-100043', 'billing.new_camera', NULL,
   '{"request_id":"cda4a95b-69e2-4e10-8d32-ea0a820b589f","type":"billing.new_camera","account":"ACC-100043","data":{"external_id":"CAM-000016","name":"Shop back door","mac":"00:1A:2B:3C:4D:10","serial":"IPC-HFW2431S-S-7H0291616","csa":null}}',
   'applied', NULL, 200, NOW(3) - INTERVAL '60 14:00' DAY_MINUTE),
  (40, '2db9b27d-a549-4fb3-b230-a69e78715a3e', 1001, 'ACC-100042', 'billing.new_camera', NULL,
   '{"request_id":"2db9b27d-a549-4fb3-b230-a69e78715a3e","type":"billing.new_camera","account":"ACC-100042","data":{"external_id":"CAM-000012","name":"Storage","mac":"00:1A:2B:3C:4D:0C","serial":"IPC-HFW1230S-7J0512012","csa":"CSA-0008"}}',
   'applied', NULL, 200, NOW(3) - INTERVAL '45 11:11' DAY_MINUTE),
  (41, '4187c0bb-9525-4831-939e-a7cb6ac32c96', 1005, 'ACC-100046', 'billing.pause_entity', NULL,
   '{"request_id":"4187c0bb-9525-4831-939e-a7cb6ac32c96","type":"billing.pause_entity","account":"ACC-100046","data":{}}',
   'applied', NULL, 200, NOW(3) - INTERVAL '30 09:00' DAY_MINUTE),
  (42, 'b559e73a-4b38-4f6f-82e1-560227a1f2b6', 1002, 'ACC-100043', 'billing.pause_entity', NULL,
   '{"request_id":"b559e73a-4b38-4f6f-82e1-560227a1f2b6","type":"billing.pause_entity","account":"ACC-100043","data":{}}',
   'applied', NULL, 200, NOW(3) - INTERVAL '20 09:00' DAY_MINUTE),
  (43, '353b33ac-f804-42ea-bc9c-b7a175fdef63', 1001, 'ACC-100042', 'billing.update_password', NULL,
   '{"request_id":"353b33ac-f804-42ea-bc9c-b7a175fdef63","type":"billing.update_password","account":"ACC-100042","data":{"password":"***"}}',
   'applied', NULL, 200, NOW(3) - INTERVAL '10 19:30' DAY_MINUTE),
  (44, '907112ed-721f-469f-a6ed-2ab7faf76ddb', 1005, 'ACC-100046', 'billing.terminate_entity', NULL,
   '{"request_id":"907112ed-721f-469f-a6ed-2ab7faf76ddb","type":"billing.terminate_entity","account":"ACC-100046","data":{}}',
   'applied', NULL, 200, NOW(3) - INTERVAL '3 10:00' DAY_MINUTE);

-- ---------------------------------------------------------------------------------------------
-- Synchronize cameras: the demo users' environments (desktop and mobile apps push to the local
-- receiver that `make run` starts, @receiver), their jobs, and the audit log (admins 1 and 2
-- exist already). 1001's web client and home PC hold version 2, its iPhone missed it (job 2
-- failed on it 5 days ago); Maria's old shop tablet was uninstalled (the receiver answers 410
-- under /gone/), so her pending job 3 fails on it; job 4 of 1003 was held by a process on
-- another host that died: its lease has ended, and the first delivery process takes it over.
-- 1004 has no environment yet: its first synchronisation registers its web client.
-- ---------------------------------------------------------------------------------------------
SET @receiver = COALESCE(@receiver, 'http://127.0.0.1:8081');

INSERT INTO user_environments (id, user_id, kind, label, push_url, confirmed_version, last_contact_at, created_at) VALUES
  ( 1, 1001, 'web',     'Web client',                    NULL,                                          2, NOW() - INTERVAL '5 13:59' DAY_MINUTE, NOW() - INTERVAL 700 DAY),
  ( 2, 1001, 'desktop', 'Home PC (Windows)',             CONCAT(@receiver, '/push/1001/home-pc'),       2, NOW() - INTERVAL '5 13:59' DAY_MINUTE, NOW() - INTERVAL 690 DAY),
  ( 3, 1001, 'mobile',  'Ivan''s iPhone',                CONCAT(@receiver, '/push/1001/iphone'),        1, NOW() - INTERVAL '30 09:58' DAY_MINUTE, NOW() - INTERVAL 400 DAY),
  ( 4, 2001, 'mobile',  'Anna''s Android',               CONCAT(@receiver, '/push/2001/android'),       0, NULL, NOW() - INTERVAL 600 DAY),
  ( 5, 1002, 'web',     'Web client',                    NULL,                                          0, NULL, NOW() - INTERVAL 530 DAY),
  ( 6, 1002, 'desktop', 'Shop register PC',              CONCAT(@receiver, '/push/1002/register'),      0, NULL, NOW() - INTERVAL 530 DAY),
  ( 7, 1002, 'mobile',  'Old shop tablet',               CONCAT(@receiver, '/gone/1002/tablet'),        0, NOW() - INTERVAL 90 DAY, NOW() - INTERVAL 520 DAY),
  ( 8, 1003, 'web',     'Web client',                    NULL,                                          0, NULL, NOW() - INTERVAL 390 DAY),
  ( 9, 1003, 'mobile',  '<b>Sean''s</b> "phone" & <img src=x onerror=alert(8)>', CONCAT(@receiver, '/push/1003/phone'), 0, NULL, NOW() - INTERVAL 380 DAY),
  (10, 1005, 'web',     'Web client',                    NULL,                                          0, NULL, NOW() - INTERVAL 290 DAY),
  (11, 1006, 'web',     'Web client',                    NULL,                                          0, NULL, NOW() - INTERVAL 12 DAY),
  (12, 1006, 'desktop', 'Installer laptop',              CONCAT(@receiver, '/push/1006/laptop'),        0, NULL, NOW() - INTERVAL 12 DAY);

UPDATE users SET settings_version = 2, settings_at = NOW() - INTERVAL '5 13:59' DAY_MINUTE WHERE id = 1001;

INSERT INTO sync_jobs (id, user_id, admin_id, settings_version, status, attempts, next_attempt_at, claims, lease_owner, lease_until, error, created_at, started_at, finished_at) VALUES
  (1, 1001, 1, 1, 'done',       1, NOW() - INTERVAL '30 10:00' DAY_MINUTE, 1, NULL, NULL, NULL,
   NOW() - INTERVAL '30 10:00' DAY_MINUTE, NOW() - INTERVAL '30 10:00' DAY_MINUTE, NOW() - INTERVAL '30 09:58' DAY_MINUTE),
  (2, 1001, 2, 2, 'failed',     4, NOW() - INTERVAL '5 14:00' DAY_MINUTE, 4, NULL, NULL,
   'Ivan''s iPhone (mobile): Connection timed out after 2001 milliseconds',
   NOW() - INTERVAL '5 14:00' DAY_MINUTE, NOW() - INTERVAL '5 14:00' DAY_MINUTE, NOW() - INTERVAL '5 13:59' DAY_MINUTE),
  (3, 1002, 2, 1, 'pending',    0, NOW() - INTERVAL 1 HOUR, 0, NULL, NULL, NULL,
   NOW() - INTERVAL 1 HOUR, NULL, NULL),
  (4, 1003, 1, 1, 'delivering', 1, NOW() - INTERVAL 4 MINUTE, 1, 'vms-app-2:4121', NOW() - INTERVAL 4 MINUTE, NULL,
   NOW() - INTERVAL 5 MINUTE, NOW() - INTERVAL 5 MINUTE, NULL);

INSERT INTO sync_deliveries (job_id, environment_id, state, attempts, http_status, error, delivered_at) VALUES
  (1, 1, 'done',    1, NULL, NULL, NOW() - INTERVAL '30 09:59' DAY_MINUTE),
  (1, 2, 'done',    1, 200,  NULL, NOW() - INTERVAL '30 09:59' DAY_MINUTE),
  (1, 3, 'done',    1, 200,  NULL, NOW() - INTERVAL '30 09:58' DAY_MINUTE),
  (2, 1, 'done',    1, NULL, NULL, NOW() - INTERVAL '5 14:00' DAY_MINUTE),
  (2, 2, 'done',    1, 200,  NULL, NOW() - INTERVAL '5 14:00' DAY_MINUTE),
  (2, 3, 'failed',  4, NULL, 'Connection timed out after 2001 milliseconds', NULL),
  (3, 5, 'pending', 0, NULL, NULL, NULL),
  (3, 6, 'pending', 0, NULL, NULL, NULL),
  (3, 7, 'pending', 0, NULL, NULL, NULL),
  (4, 8, 'pending', 0, NULL, NULL, NULL),
  (4, 9, 'pending', 0, NULL, NULL, NULL);

SET @chrome = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
SET @firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
SET @syncer = 'vmsadmin-sync/1.0 (vms-app-1:3310)';
INSERT INTO audit_log (id, admin_id, user_id, action, detail, remote_addr, user_agent, created_at) VALUES
  ( 1, 1,    NULL, 'admin.sign_in',          NULL,                                   '10.0.0.5',     @chrome,  NOW() - INTERVAL '30 10:05' DAY_MINUTE),
  ( 2, 1,    1001, 'user.sync.requested',    'job 1: settings version 1 for 3 environments', '10.0.0.5', @chrome, NOW() - INTERVAL '30 10:00' DAY_MINUTE),
  ( 3, 1,    1001, 'user.sync.done',         'job 1: settings version 1 delivered to 3 of 3 environments', NULL, @syncer, NOW() - INTERVAL '30 09:58' DAY_MINUTE),
  ( 4, 1,    1001, 'user.login_as.issued',   'a sign-in link valid 60 s',            '10.0.0.5',     @chrome,  NOW() - INTERVAL '30 09:51' DAY_MINUTE),
  ( 5, 1,    1001, 'user.login_as.used',     'the web client opened as ivan.petrov', '10.0.0.5',     @chrome,  NOW() - INTERVAL '30 09:50' DAY_MINUTE),
  ( 6, 1,    NULL, 'admin.sign_out',         NULL,                                   '10.0.0.5',     @chrome,  NOW() - INTERVAL '30 09:30' DAY_MINUTE),
  ( 7, 2,    NULL, 'admin.sign_in',          NULL,                                   '10.0.0.17',    @firefox, NOW() - INTERVAL '5 14:10' DAY_MINUTE),
  ( 8, 2,    1001, 'user.sync.requested',    'job 2: settings version 2 for 3 environments', '10.0.0.17', @firefox, NOW() - INTERVAL '5 14:00' DAY_MINUTE),
  ( 9, 2,    1001, 'user.sync.failed',       'job 2: settings version 2 delivered to 2 of 3 environments after 4 attempts; Ivan''s iPhone (mobile): Connection timed out after 2001 milliseconds', NULL, @syncer, NOW() - INTERVAL '5 13:59' DAY_MINUTE),
  (10, 2,    2001, 'user.permissions',       '+intercoms-open-door',                 '10.0.0.17',    @firefox, NOW() - INTERVAL '5 13:50' DAY_MINUTE),
  (11, NULL, NULL, 'admin.sign_in_failed',   'login=<script>alert(7)</script>',      '203.0.113.66', 'curl/7.88.1', NOW() - INTERVAL '4 03:00' DAY_MINUTE),
  (12, 1,    NULL, 'admin.sign_in',          NULL,                                   '10.0.0.5',     @chrome,  NOW() - INTERVAL '3 12:05' DAY_MINUTE),
  (13, 1,    1001, 'user.permissions',       '+subusers-manage',                     '10.0.0.5',     @chrome,  NOW() - INTERVAL '3 12:00' DAY_MINUTE),
  (14, 1,    1001, 'user.licences',          'L3: 1 -> 0',                           '10.0.0.5',     @chrome,  NOW() - INTERVAL 3 DAY),
  (15, 2,    NULL, 'admin.sign_in',          NULL,                                   '10.0.0.17',    @firefox, NOW() - INTERVAL 65 MINUTE),
  (16, 2,    1002, 'user.sync.requested',    'job 3: settings version 1 for 3 environments', '10.0.0.17', @firefox, NOW() - INTERVAL 60 MINUTE),
  (17, 1,    NULL, 'admin.sign_in',          NULL,                                   '10.0.0.5',     @chrome,  NOW() - INTERVAL 10 MINUTE),
  (18, 1,    1003, 'user.sync.requested',    'job 4: settings version 1 for 2 environments', '10.0.0.5', @chrome, NOW() - INTERVAL 5 MINUTE);

COMMIT;

-- Rows the application creates later start well above the demo ids (ALTER commits implicitly,
-- so these stay outside the transaction). demo-scale.sql uses explicit ids of its own.
ALTER TABLE locations       AUTO_INCREMENT = 10000;
ALTER TABLE users           AUTO_INCREMENT = 10000;
ALTER TABLE cameras         AUTO_INCREMENT = 10000;
ALTER TABLE intercoms       AUTO_INCREMENT = 10000;
ALTER TABLE apartments      AUTO_INCREMENT = 10000;
ALTER TABLE intercom_keys   AUTO_INCREMENT = 10000;
ALTER TABLE permissions     AUTO_INCREMENT = 1000;
ALTER TABLE analytics_cases AUTO_INCREMENT = 10000;
ALTER TABLE case_events     AUTO_INCREMENT = 10000;
-- the requests that changed nothing, as the webhook records them (see 008)
UPDATE billing_events SET noop = 1 WHERE id = 37;

-- the camera each camera request was about, as the webhook records it (see 004)
UPDATE billing_events be
  JOIN cameras c ON c.external_id = JSON_VALUE(be.payload, '$.data.external_id')
   SET be.camera_id = c.id
 WHERE be.type IN ('billing.new_camera', 'billing.attach_camera',
                   'billing.attach_camera_unknown_csa', 'billing.detach_camera');

ALTER TABLE billing_events  AUTO_INCREMENT = 10000;
ALTER TABLE sync_jobs       AUTO_INCREMENT = 10000;
ALTER TABLE user_environments AUTO_INCREMENT = 10000;
ALTER TABLE audit_log       AUTO_INCREMENT = 10000;
