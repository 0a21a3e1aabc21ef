-- Analytics licences and the 7-day life of unlicensed cases, one rule for the Analytics tab and
-- the purge (DESIGN.md, "Data model"; spec/PRODUCT-NOTES.md, "Analytics licences"):
--   * a case draws on the licences of its user, a sub-user's case on its parent's;
--   * with the licence total of its level at 0, a case is hidden from revoked_at on, and gone
--     (purged) once revoked_at < UTC_TIMESTAMP() - INTERVAL 7 DAY — lib/analytics.c uses the
--     same comparison, so a case is visible, hidden with its deletion date, or gone, to the
--     second.

-- revoked_at is set exactly while the total is 0 (the moment it went to 0).
UPDATE user_licenses SET revoked_at = UTC_TIMESTAMP() WHERE total = 0 AND revoked_at IS NULL;
UPDATE user_licenses SET revoked_at = NULL WHERE total > 0 AND revoked_at IS NOT NULL;
ALTER TABLE user_licenses
  ADD CONSTRAINT ck_user_licenses_revoked CHECK ((total = 0) = (revoked_at IS NOT NULL));

-- purge_expired() as in 003, with the analytics rule above (the parent's licences for a
-- sub-user's cases, and the clock in UTC like the programs').
DROP PROCEDURE IF EXISTS purge_expired;
DELIMITER //
CREATE PROCEDURE purge_expired()
BEGIN
  DECLARE cutoff DATETIME DEFAULT NOW() - INTERVAL 30 DAY;

  DELETE be FROM billing_events be JOIN users u ON u.id = be.user_id
   WHERE u.deleted_at < cutoff;
  DELETE al FROM audit_log al JOIN users u ON u.id = al.user_id
   WHERE u.deleted_at < cutoff;
  -- sub-users first: users.parent_id does not cascade
  DELETE FROM users WHERE parent_id IS NOT NULL AND deleted_at < cutoff;
  DELETE u FROM users u
    LEFT JOIN users child ON child.parent_id = u.id
   WHERE u.deleted_at < cutoff AND child.id IS NULL;

  -- their cameras and events go with them (ON DELETE CASCADE)
  DELETE ac FROM analytics_cases ac
    JOIN users u ON u.id = ac.user_id
    JOIN permissions p ON p.id = ac.permission_id
    JOIN user_licenses l ON l.user_id = COALESCE(u.parent_id, u.id) AND l.level_id = p.level_id
   WHERE l.total = 0 AND l.revoked_at < UTC_TIMESTAMP() - INTERVAL 7 DAY;
END //
DELIMITER ;
