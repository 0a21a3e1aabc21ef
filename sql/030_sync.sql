-- Synchronize cameras (README, "Synchronize cameras"): the settings version each user's apps
-- should hold, the environments those apps run in, and the jobs that carry a version to them.

-- The version of the user's camera settings that the web client shows ("Camera settings as of
-- …"): the delivery of a sync job to the user's web environment moves it (settings_at: when).
-- IF NOT EXISTS: the web client's own migration may have added the same two columns first.
ALTER TABLE users
  ADD COLUMN IF NOT EXISTS settings_version BIGINT UNSIGNED NOT NULL DEFAULT 0,
  ADD COLUMN IF NOT EXISTS settings_at DATETIME NULL;

-- Where a user's apps run: the web client (one per user, updated in the database directly),
-- desktop and mobile apps (each with the URL their settings are pushed to). confirmed_version
-- is the last settings version the environment accepted; last_contact_at the last time it
-- answered a push, whatever it answered.
CREATE TABLE user_environments (
  id                BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id           BIGINT UNSIGNED NOT NULL,
  kind              ENUM('web','desktop','mobile') NOT NULL,
  label             VARCHAR(255) NOT NULL,
  push_url          VARCHAR(1024) CHARACTER SET ascii COLLATE ascii_bin NULL,
  confirmed_version BIGINT UNSIGNED NOT NULL DEFAULT 0,
  last_contact_at   DATETIME NULL,
  created_at        DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  web_user_id       BIGINT UNSIGNED AS (IF(kind = 'web', user_id, NULL)) PERSISTENT,
  UNIQUE KEY uq_user_environments_web (web_user_id),
  KEY ix_user_environments_user (user_id, id),
  CONSTRAINT ck_user_environments_push CHECK ((kind = 'web') = (push_url IS NULL)),
  CONSTRAINT fk_user_environments_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The jobs: pending (waiting for a delivery process), delivering (claimed, or waiting for its
-- next attempt), done, failed. A delivery process claims a due job (due <= NOW(), with
-- SELECT ... FOR UPDATE SKIP LOCKED) and holds it under a lease: claiming moves
-- next_attempt_at to the lease's end, so a job whose process died becomes due again when its
-- lease ends. claims numbers the claims; every write of a claim is fenced by its number;
-- lease_owner names the process of the last claim (host:pid).
-- attempts counts the rounds (a claim is a round); error is the last one, kept and shown.
ALTER TABLE sync_jobs
  MODIFY status ENUM('pending','running','delivering','done','failed') NOT NULL DEFAULT 'pending';
UPDATE sync_jobs SET status = 'delivering' WHERE status = 'running';
ALTER TABLE sync_jobs
  MODIFY status ENUM('pending','delivering','done','failed') NOT NULL DEFAULT 'pending',
  ADD COLUMN settings_version BIGINT UNSIGNED NOT NULL DEFAULT 0 AFTER admin_id,
  ADD COLUMN attempts INT UNSIGNED NOT NULL DEFAULT 0 AFTER status,
  ADD COLUMN next_attempt_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) AFTER attempts,
  ADD COLUMN claims INT UNSIGNED NOT NULL DEFAULT 0 AFTER next_attempt_at,
  ADD COLUMN lease_owner VARCHAR(128) NULL AFTER claims,
  ADD COLUMN lease_until DATETIME(3) NULL AFTER lease_owner,
  ADD COLUMN error VARCHAR(512) NULL AFTER lease_until,
  ADD COLUMN snapshot LONGTEXT NULL AFTER error,
  ADD COLUMN started_at DATETIME NULL AFTER created_at,
  ADD COLUMN due DATETIME(3) AS (IF(status IN ('pending','delivering'), next_attempt_at, NULL)) PERSISTENT,
  ADD COLUMN active_user_id BIGINT UNSIGNED AS (IF(status IN ('pending','delivering'), user_id, NULL)) PERSISTENT,
  DROP KEY ix_sync_jobs_status,
  ADD KEY ix_sync_jobs_due (due),
  ADD KEY ix_sync_jobs_user (user_id, id),
  -- one job in progress per user: a second press answers that one
  ADD UNIQUE KEY uq_sync_jobs_active (active_user_id);

-- What a job delivers to: the user's environments when the button was pressed, each with its
-- own outcome (pending, done, failed: no more attempts), attempts and last error.
CREATE TABLE sync_deliveries (
  job_id          BIGINT UNSIGNED NOT NULL,
  environment_id  BIGINT UNSIGNED NOT NULL,
  state           ENUM('pending','done','failed') NOT NULL DEFAULT 'pending',
  attempts        INT UNSIGNED NOT NULL DEFAULT 0,
  http_status     SMALLINT UNSIGNED NULL,
  error           VARCHAR(512) NULL,
  delivered_at    DATETIME(3) NULL,
  PRIMARY KEY (job_id, environment_id),
  KEY ix_sync_deliveries_environment (environment_id),
  CONSTRAINT fk_sync_deliveries_job FOREIGN KEY (job_id) REFERENCES sync_jobs (id) ON DELETE CASCADE,
  CONSTRAINT fk_sync_deliveries_environment FOREIGN KEY (environment_id)
    REFERENCES user_environments (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
