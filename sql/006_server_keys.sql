-- Keys the programs share, made here once at random and never sent anywhere. 'token' is the
-- key of the tokens only the server issues (lib/token.c): the pre-session CSRF token of the
-- sign-in form and the device cookie of a known browser. Every program and worker reads it
-- once; a restart keeps it, and no configuration key is needed.
-- To rotate it: UPDATE server_keys SET secret = RANDOM_BYTES(32) WHERE name = 'token'; then
-- restart the programs. Open sign-in forms must be reloaded and known devices are forgotten.
CREATE TABLE server_keys (
  name            VARCHAR(32) CHARACTER SET ascii NOT NULL PRIMARY KEY,
  secret          VARBINARY(64) NOT NULL,
  created_at      DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO server_keys (name, secret) VALUES ('token', RANDOM_BYTES(32));
