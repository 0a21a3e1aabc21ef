-- A billing request_id is an opaque token: compare it byte for byte. Under the table's
-- utf8mb4_unicode_ci, "ABC" and "abc" were the same key, so a second request whose id differs
-- only in letter case would have been taken for a repeat and silently not applied.
-- (The webhook accepts request ids of [A-Za-z0-9._:-] only, so ascii holds every valid one.)
ALTER TABLE billing_events
  MODIFY request_id VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL;
