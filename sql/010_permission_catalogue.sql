-- The permission catalogue is product data: the 35 permissions (slug, group, label, analytics
-- level) and the three analytics levels exist in every database built from the migrations,
-- not only in the demo. Ids are fixed (the demo data and the defaults refer to them); a database
-- that already holds them (a demo loaded before this migration) is brought to these values.
-- Spec: spec/PRODUCT-NOTES.md, "Permissions (Access settings)" and "Analytics licences".

INSERT INTO analytics_levels (id, code, label) VALUES
  (1, 'L1', 'Basic detection'),
  (2, 'L2', 'Counting'),
  (3, 'L3', 'Recognition')
ON DUPLICATE KEY UPDATE code = VALUES(code), label = VALUES(label);

INSERT INTO permissions (id, code, group_name, label, level_id, sort_order) VALUES
  ( 1, 'archives-show',                    'Archive',       'View archive',                          NULL,  10),
  ( 2, 'archives-download',                'Archive',       'Download archive',                      NULL,  20),
  ( 3, 'archives-preview-download',        'Archive',       'Download archive preview',              NULL,  30),
  ( 4, 'camera-events-index',              'Events',        'View camera events',                    NULL,  40),
  ( 5, 'groups-index',                     'Camera groups', 'View camera groups',                    NULL,  50),
  ( 6, 'groups-store',                     'Camera groups', 'Create camera groups',                  NULL,  60),
  ( 7, 'groups-rename',                    'Camera groups', 'Rename camera groups',                  NULL,  70),
  ( 8, 'groups-destroy',                   'Camera groups', 'Delete camera groups',                  NULL,  80),
  ( 9, 'groups-cameras-attach',            'Camera groups', 'Add cameras to groups',                 NULL,  90),
  (10, 'groups-cameras-detach',            'Camera groups', 'Remove cameras from groups',            NULL, 100),
  (11, 'layouts-index',                    'Layouts',       'View layouts',                          NULL, 110),
  (12, 'layouts-store',                    'Layouts',       'Create layouts',                        NULL, 120),
  (13, 'layouts-rename',                   'Layouts',       'Rename layouts',                        NULL, 130),
  (14, 'layouts-destroy',                  'Layouts',       'Delete layouts',                        NULL, 140),
  (15, 'layouts-cameras-attach',           'Layouts',       'Add cameras to layouts',                NULL, 150),
  (16, 'layouts-cameras-detach',           'Layouts',       'Remove cameras from layouts',           NULL, 160),
  (17, 'marks-index',                      'Marks',         'View marks',                            NULL, 170),
  (18, 'marks-store',                      'Marks',         'Create marks',                          NULL, 180),
  (19, 'marks-update',                     'Marks',         'Edit marks',                            NULL, 190),
  (20, 'marks-destroy',                    'Marks',         'Delete marks',                          NULL, 200),
  (21, 'ptz-control',                      'PTZ',           'Control PTZ cameras',                   NULL, 210),
  (22, 'ptz-presets',                      'PTZ',           'Manage PTZ presets',                    NULL, 220),
  (23, 'intercoms-index',                  'Intercoms',     'View intercoms',                        NULL, 230),
  (24, 'intercoms-open-door',              'Intercoms',     'Open the door',                         NULL, 240),
  (25, 'subusers-manage',                  'Sub-users',     'Manage sub-users',                      NULL, 250),
  (26, 'analytic-cases-loud-sound',        'Analytics',     'Loud sound detection',                  1,    260),
  (27, 'analytic-cases-smoke-fire',        'Analytics',     'Smoke and fire detection',              1,    270),
  (28, 'analytic-cases-line-crossing',     'Analytics',     'Line crossing',                         1,    280),
  (29, 'analytic-cases-camera-obstruction','Analytics',     'Camera obstruction and vandalism',      1,    290),
  (30, 'analytic-cases-zone-intrusion',    'Analytics',     'Zone intrusion',                        1,    300),
  (31, 'analytic-cases-object-counting',   'Analytics',     'Object counting in an area',            2,    310),
  (32, 'analytic-cases-visitor-counting',  'Analytics',     'Visitor counting',                      2,    320),
  (33, 'analytic-cases-face',              'Analytics',     'Face recognition',                      3,    330),
  (34, 'analytic-cases-licence-plate',     'Analytics',     'Licence plate recognition',             3,    340),
  (35, 'analytic-cases-container-number',  'Analytics',     'Container number recognition',          3,    350)
ON DUPLICATE KEY UPDATE code = VALUES(code), group_name = VALUES(group_name), label = VALUES(label),
  level_id = VALUES(level_id), sort_order = VALUES(sort_order);

-- What a new user is given, per kind of user ("system settings" in the product's words). Billing
-- applies billing.new_entity with these in the same transaction, so a user created via billing
-- never starts with no permissions; users created elsewhere take their kind's set the same way.
-- No analytics permission is a default: those follow licences.
CREATE TABLE permission_defaults (
  kind            ENUM('billing','admin','subuser') NOT NULL,
  permission_id   INT UNSIGNED NOT NULL,
  PRIMARY KEY (kind, permission_id),
  CONSTRAINT fk_permission_defaults_permission FOREIGN KEY (permission_id) REFERENCES permissions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- billing subscribers: archive, events, camera groups, layouts, intercoms
INSERT INTO permission_defaults (kind, permission_id)
  SELECT 'billing', id FROM permissions
   WHERE group_name IN ('Archive', 'Events', 'Camera groups', 'Layouts', 'Intercoms');
-- temporary users made by an administrator (installers, support): look, do not change
INSERT INTO permission_defaults (kind, permission_id)
  SELECT 'admin', id FROM permissions
   WHERE code IN ('archives-show', 'camera-events-index', 'groups-index', 'layouts-index',
                  'intercoms-index');
-- sub-users: watch live and archive, see events, open the door; their owner widens it
INSERT INTO permission_defaults (kind, permission_id)
  SELECT 'subuser', id FROM permissions
   WHERE code IN ('archives-show', 'camera-events-index', 'groups-index', 'layouts-index',
                  'intercoms-index', 'intercoms-open-door');

-- The version of each user's permission set: the Access settings editor carries the version it
-- was rendered from, and a save based on an older one is refused (409) — no lost updates. Every
-- save that changes the set adds one, in the transaction that changes it.
ALTER TABLE users ADD COLUMN permissions_version INT UNSIGNED NOT NULL DEFAULT 0;
