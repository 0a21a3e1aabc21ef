-- The subscriber's web client (/app/) and Log in as User.
--
-- Users sign in with the password billing sent (users.password_hash), under the same lockout
-- rule as administrators: failed_logins / locked_until count and lock per account.
--
-- settings_version / settings_at: the version of the camera settings the user's apps should
-- hold, and since when. The web client shows "Camera settings as of <settings_at>"; Synchronize
-- cameras (the sync jobs) moves both — the version goes up by one, settings_at becomes the time
-- of that synchronisation. Until one runs they stand at 1 and the user's creation.
ALTER TABLE users
  ADD COLUMN failed_logins INT UNSIGNED NOT NULL DEFAULT 0 AFTER password_hash,
  ADD COLUMN locked_until DATETIME NULL AFTER failed_logins,
  ADD COLUMN settings_version BIGINT UNSIGNED NOT NULL DEFAULT 1,
  ADD COLUMN settings_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP;
UPDATE users SET settings_at = created_at;

-- A web-client session. token_hash = hex SHA-256 of the cookie value (vms_app, Path=/app); the
-- token itself is never stored. admin_id / admin_session_id are set for a session an
-- administrator opened with Log in as User: it ends with that admin session (cascade), never
-- counts among the user's own sessions, and is shown as such on every page.
CREATE TABLE user_sessions (
  id                BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id           BIGINT UNSIGNED NOT NULL,
  token_hash        CHAR(64) CHARACTER SET ascii NOT NULL,
  csrf_token        CHAR(64)     NOT NULL,
  admin_id          BIGINT UNSIGNED NULL,
  admin_session_id  BIGINT UNSIGNED NULL,
  created_at        DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  last_seen_at      DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  expires_at        DATETIME NOT NULL,
  UNIQUE KEY uq_user_sessions_token (token_hash),
  KEY ix_user_sessions_user (user_id, admin_id, id),
  CONSTRAINT fk_user_sessions_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT fk_user_sessions_admin FOREIGN KEY (admin_id) REFERENCES admins (id) ON DELETE CASCADE,
  CONSTRAINT fk_user_sessions_admin_session FOREIGN KEY (admin_session_id)
    REFERENCES admin_sessions (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A Log in as User link is bound to the admin session that asked for it: signing out (or that
-- session ending) makes an unused link worthless, and the web-client session it opens ends
-- with it.
ALTER TABLE impersonation_tokens
  ADD COLUMN admin_session_id BIGINT UNSIGNED NULL AFTER admin_id,
  ADD KEY ix_impersonation_expires (expires_at),
  ADD CONSTRAINT fk_impersonation_admin_session FOREIGN KEY (admin_session_id)
    REFERENCES admin_sessions (id) ON DELETE CASCADE;
