-- vmsadmin schema, version 3: the retention rules of DESIGN.md ("Data model"), as a procedure
-- the server runs every hour (event scheduler) and ops may call by hand: CALL purge_expired().
--   * A deleted user (and its sub-users, deleted with it) keeps its rows 30 days — the directory
--     shows it, marked, so support can answer "what happened" — then it goes with its events
--     and logs.
--   * With no licence of an analytics level for 7 days, that level's cases and their events go
--     (they are hidden from the moment the last licence went).

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

  DELETE ac FROM analytics_cases ac
    JOIN permissions p ON p.id = ac.permission_id
    JOIN user_licenses l ON l.user_id = ac.user_id AND l.level_id = p.level_id
   WHERE l.total = 0 AND l.revoked_at < NOW() - INTERVAL 7 DAY;
END //
DELIMITER ;

CREATE EVENT purge_expired_hourly ON SCHEDULE EVERY 1 HOUR
  COMMENT 'retention: deleted users after 30 days, unlicensed analytics after 7'
  DO CALL purge_expired();
