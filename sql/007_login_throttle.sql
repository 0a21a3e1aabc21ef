-- Failed sign-ins per client (lib/session.c), so that every worker of every host agrees:
-- 'ip:ADDRESS' for a browser the server does not know, 'device:NONCE' for one that holds the
-- device cookie of the admin it signs in as. From [session] throttle_after_failures
-- consecutive failures on, the client waits 1 s before its next attempt, then 2, 4, ... up to
-- throttle_max_seconds; a successful sign-in removes its row; a failure a day after the last
-- one starts the count again, and rows untouched for a day are removed as others fail.
CREATE TABLE login_throttle (
  client          VARCHAR(80) CHARACTER SET ascii NOT NULL PRIMARY KEY,
  failures        INT UNSIGNED NOT NULL,
  last_failed_at  DATETIME NOT NULL,
  blocked_until   DATETIME NULL,
  KEY ix_login_throttle_last (last_failed_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
