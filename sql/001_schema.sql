-- vmsadmin schema, version 1: the whole data model (DESIGN.md, "Data model").
-- Applied once by sql/migrate.sh; never edited after it lands — later changes are new files.

CREATE TABLE admins (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  login           VARCHAR(64)  NOT NULL,
  password_hash   VARCHAR(255) NOT NULL,
  role            ENUM('superadmin','admin') NOT NULL DEFAULT 'admin',
  failed_logins   INT UNSIGNED NOT NULL DEFAULT 0,
  locked_until    DATETIME NULL,
  created_at      DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY uq_admins_login (login)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- token_hash = hex SHA-256 of the cookie value; the token itself is never stored.
CREATE TABLE admin_sessions (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  admin_id        BIGINT UNSIGNED NOT NULL,
  token_hash      CHAR(64) CHARACTER SET ascii NOT NULL,
  csrf_token      CHAR(64)     NOT NULL,
  created_at      DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  last_seen_at    DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  expires_at      DATETIME NOT NULL,
  UNIQUE KEY uq_admin_sessions_token (token_hash),
  KEY ix_admin_sessions_admin (admin_id),
  CONSTRAINT fk_admin_sessions_admin FOREIGN KEY (admin_id) REFERENCES admins (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE locations (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  csa             VARCHAR(64)  NOT NULL,
  address         VARCHAR(255) NOT NULL,
  UNIQUE KEY uq_locations_csa (csa)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE users (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  parent_id       BIGINT UNSIGNED NULL,
  origin          ENUM('billing','admin','subuser') NOT NULL,
  billing_id      VARCHAR(64)  NULL,
  username        VARCHAR(255) NOT NULL,
  login           VARCHAR(255) NOT NULL,
  password_hash   VARCHAR(255) NULL,
  status          ENUM('active','paused','terminated') NOT NULL DEFAULT 'active',
  billing_info    LONGTEXT NULL CHECK (billing_info IS NULL OR JSON_VALID(billing_info)),
  location_id     BIGINT UNSIGNED NULL,
  expires_at      DATETIME NULL,
  created_at      DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  deleted_at      DATETIME NULL,
  -- a deleted user keeps its row for 30 days; its login and account may be reused meanwhile
  live_billing_id VARCHAR(64)  AS (IF(deleted_at IS NULL, billing_id, NULL)) PERSISTENT,
  live_login      VARCHAR(255) AS (IF(deleted_at IS NULL, login, NULL)) PERSISTENT,
  UNIQUE KEY uq_users_billing (live_billing_id),
  UNIQUE KEY uq_users_login (live_login),
  KEY ix_users_billing_any (billing_id),
  KEY ix_users_login_any (login(64)),
  KEY ix_users_parent (parent_id),
  KEY ix_users_username (username(64)),
  KEY ix_users_created (created_at, id),
  CONSTRAINT fk_users_parent FOREIGN KEY (parent_id) REFERENCES users (id),
  CONSTRAINT fk_users_location FOREIGN KEY (location_id) REFERENCES locations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE cameras (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  external_id     VARCHAR(64)  NULL,
  name            VARCHAR(255) NOT NULL,
  status          ENUM('active','partially_active','inactive','empty') NOT NULL DEFAULT 'empty',
  location_id     BIGINT UNSIGNED NULL,
  mac             VARCHAR(17)  NULL,
  serial          VARCHAR(64)  NULL,
  archive_days    INT UNSIGNED NOT NULL DEFAULT 7,
  created_at      DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY uq_cameras_external (external_id),
  KEY ix_cameras_status (status, id),
  KEY ix_cameras_name (name(64)),
  CONSTRAINT fk_cameras_location FOREIGN KEY (location_id) REFERENCES locations (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE user_cameras (
  user_id         BIGINT UNSIGNED NOT NULL,
  camera_id       BIGINT UNSIGNED NOT NULL,
  created_at      DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (user_id, camera_id),
  KEY ix_user_cameras_camera (camera_id),
  CONSTRAINT fk_user_cameras_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT fk_user_cameras_camera FOREIGN KEY (camera_id) REFERENCES cameras (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The cameras an ordinary admin may see; a superadmin sees all and needs no rows here.
CREATE TABLE admin_cameras (
  admin_id        BIGINT UNSIGNED NOT NULL,
  camera_id       BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (admin_id, camera_id),
  KEY ix_admin_cameras_camera (camera_id),
  CONSTRAINT fk_admin_cameras_admin FOREIGN KEY (admin_id) REFERENCES admins (id) ON DELETE CASCADE,
  CONSTRAINT fk_admin_cameras_camera FOREIGN KEY (camera_id) REFERENCES cameras (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE intercoms (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name            VARCHAR(255) NOT NULL,
  address         VARCHAR(255) NOT NULL,
  department      VARCHAR(64)  NOT NULL,
  created_at      DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE apartments (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  intercom_id     BIGINT UNSIGNED NOT NULL,
  number          VARCHAR(16)  NOT NULL,
  UNIQUE KEY uq_apartments_number (intercom_id, number),
  CONSTRAINT fk_apartments_intercom FOREIGN KEY (intercom_id) REFERENCES intercoms (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE apartment_users (
  apartment_id    BIGINT UNSIGNED NOT NULL,
  user_id         BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (apartment_id, user_id),
  KEY ix_apartment_users_user (user_id),
  CONSTRAINT fk_apartment_users_apartment FOREIGN KEY (apartment_id) REFERENCES apartments (id) ON DELETE CASCADE,
  CONSTRAINT fk_apartment_users_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A key (RFID card or fob) belongs to one user in one apartment; hex_id like 0000003045CAAC.
CREATE TABLE intercom_keys (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  apartment_id    BIGINT UNSIGNED NOT NULL,
  user_id         BIGINT UNSIGNED NOT NULL,
  hex_id          VARCHAR(32)  NOT NULL,
  created_at      DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY uq_intercom_keys_hex (apartment_id, hex_id),
  KEY ix_intercom_keys_user (user_id, apartment_id),
  -- a key belongs to a user linked to that apartment
  CONSTRAINT fk_intercom_keys_link FOREIGN KEY (apartment_id, user_id)
    REFERENCES apartment_users (apartment_id, user_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE analytics_levels (
  id              TINYINT UNSIGNED NOT NULL PRIMARY KEY,
  code            VARCHAR(8)   NOT NULL,
  label           VARCHAR(64)  NOT NULL,
  UNIQUE KEY uq_analytics_levels_code (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The catalogue; level_id is set for analytics permissions (analytic-cases-*), NULL otherwise.
CREATE TABLE permissions (
  id              INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  code            VARCHAR(64)  NOT NULL,
  group_name      VARCHAR(64)  NOT NULL,
  label           VARCHAR(128) NOT NULL,
  level_id        TINYINT UNSIGNED NULL,
  sort_order      INT NOT NULL DEFAULT 0,
  UNIQUE KEY uq_permissions_code (code),
  CONSTRAINT fk_permissions_level FOREIGN KEY (level_id) REFERENCES analytics_levels (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE user_permissions (
  user_id         BIGINT UNSIGNED NOT NULL,
  permission_id   INT UNSIGNED NOT NULL,
  PRIMARY KEY (user_id, permission_id),
  CONSTRAINT fk_user_permissions_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT fk_user_permissions_permission FOREIGN KEY (permission_id) REFERENCES permissions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per billing request; request_id makes the webhook idempotent.
-- user_id is NULL for a request against an unknown account.
CREATE TABLE billing_events (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  request_id      VARCHAR(64)  NOT NULL,
  user_id         BIGINT UNSIGNED NULL,
  account         VARCHAR(64)  NULL,
  type            VARCHAR(64)  NOT NULL,
  sent_type       VARCHAR(255) NULL,
  payload         LONGTEXT NOT NULL,
  result          ENUM('applied','failed') NOT NULL,
  error           VARCHAR(255) NULL,
  http_status     SMALLINT UNSIGNED NOT NULL DEFAULT 200,
  created_at      DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY uq_billing_events_request (request_id),
  KEY ix_billing_events_user (user_id, id),
  KEY ix_billing_events_user_type (user_id, type, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE user_licenses (
  user_id         BIGINT UNSIGNED NOT NULL,
  level_id        TINYINT UNSIGNED NOT NULL,
  total           INT UNSIGNED NOT NULL,
  -- set when total drops to 0: that level's cases are hidden at once, purged 7 days later
  revoked_at      DATETIME NULL,
  PRIMARY KEY (user_id, level_id),
  CONSTRAINT fk_user_licenses_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT fk_user_licenses_level FOREIGN KEY (level_id) REFERENCES analytics_levels (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE analytics_cases (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id         BIGINT UNSIGNED NOT NULL,
  name            VARCHAR(255) NOT NULL,
  permission_id   INT UNSIGNED NOT NULL,
  status          ENUM('active','partially_active','paused','inactive') NOT NULL DEFAULT 'active',
  created_at      DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  KEY ix_analytics_cases_user (user_id),
  CONSTRAINT fk_analytics_cases_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT fk_analytics_cases_permission FOREIGN KEY (permission_id) REFERENCES permissions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE analytics_case_cameras (
  case_id         BIGINT UNSIGNED NOT NULL,
  camera_id       BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (case_id, camera_id),
  CONSTRAINT fk_case_cameras_case FOREIGN KEY (case_id) REFERENCES analytics_cases (id) ON DELETE CASCADE,
  CONSTRAINT fk_case_cameras_camera FOREIGN KEY (camera_id) REFERENCES cameras (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE case_events (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  case_id         BIGINT UNSIGNED NOT NULL,
  camera_id       BIGINT UNSIGNED NULL,
  detected_at     DATETIME NOT NULL,
  summary         VARCHAR(255) NOT NULL,
  KEY ix_case_events_case (case_id, id),
  CONSTRAINT fk_case_events_case FOREIGN KEY (case_id) REFERENCES analytics_cases (id) ON DELETE CASCADE,
  CONSTRAINT fk_case_events_camera FOREIGN KEY (camera_id) REFERENCES cameras (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Outbox for "Synchronize cameras": a worker outside this product pushes and marks done.
CREATE TABLE sync_jobs (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id         BIGINT UNSIGNED NOT NULL,
  admin_id        BIGINT UNSIGNED NOT NULL,
  status          ENUM('pending','running','done','failed') NOT NULL DEFAULT 'pending',
  created_at      DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  finished_at     DATETIME NULL,
  KEY ix_sync_jobs_status (status, id),
  CONSTRAINT fk_sync_jobs_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT fk_sync_jobs_admin FOREIGN KEY (admin_id) REFERENCES admins (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- "Log in as User": single-use, short-lived; only the hash of the token is stored.
CREATE TABLE impersonation_tokens (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  token_hash      CHAR(64) CHARACTER SET ascii NOT NULL,
  user_id         BIGINT UNSIGNED NOT NULL,
  admin_id        BIGINT UNSIGNED NOT NULL,
  created_at      DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  expires_at      DATETIME NOT NULL,
  used_at         DATETIME NULL,
  UNIQUE KEY uq_impersonation_token (token_hash),
  CONSTRAINT fk_impersonation_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT fk_impersonation_admin FOREIGN KEY (admin_id) REFERENCES admins (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Who did what, when, from where. admin_id NULL for failed sign-ins of unknown logins.
CREATE TABLE audit_log (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  admin_id        BIGINT UNSIGNED NULL,
  user_id         BIGINT UNSIGNED NULL,
  action          VARCHAR(64)  NOT NULL,
  detail          VARCHAR(255) NULL,
  remote_addr     VARCHAR(64)  NULL,
  created_at      DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  KEY ix_audit_log_user (user_id, id),
  KEY ix_audit_log_admin (admin_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE schema_migrations (
  version         VARCHAR(64) NOT NULL PRIMARY KEY,
  applied_at      DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
