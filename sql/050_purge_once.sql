-- vmsadmin schema, version 50: the hourly purge runs once per cluster, in small transactions.
--
-- On a Galera cluster every node holds the event purge_expired_hourly (events replicate), and
-- it should be enabled on every node, so the purge survives the loss of any one of them (a
-- replicated or SST-copied event arrives disabled, SLAVESIDE_DISABLED: README "Scaling out"
-- says how to enable it on each node). Then every node fires it at about the same moment.
-- The event now calls purge_hourly(), which first claims the run in job_runs: the claim is
-- one row update, so of the nodes that fire together exactly one commits it (Galera
-- certifies the row: the others lose with error 1213 and leave quietly, or see the claim and
-- do nothing), and a run within the last 50 minutes makes any later one do nothing. CALL
-- purge_expired() still purges at once, by hand, on any node: it is idempotent.
--
-- purge_expired() deletes user by user, in batches of at most 1,000 rows per statement, each
-- its own transaction: on a cluster a transaction is replicated whole, and one purge of a
-- large history would be a writeset big enough to stall every node (flow control) or exceed
-- wsrep_max_ws_rows. A purge interrupted (a node lost, a certification conflict with a write
-- of the application) leaves nothing half-done that matters: the next run goes on from there.

CREATE TABLE job_runs (
  name        VARCHAR(64)  NOT NULL PRIMARY KEY,
  started_at  DATETIME     NULL,
  finished_at DATETIME     NULL,
  node        VARCHAR(255) NULL,     -- where the last run ran (wsrep_node_name, else host)
  runs        INT UNSIGNED NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO job_runs (name) VALUES ('purge_expired');

-- the expired users are found by date, not by reading every user
ALTER TABLE users ADD KEY ix_users_deleted (deleted_at, id);

DROP PROCEDURE purge_expired;

DELIMITER //
CREATE PROCEDURE purge_expired()
BEGIN
  DECLARE cutoff DATETIME DEFAULT UTC_TIMESTAMP() - INTERVAL 30 DAY;
  DECLARE uid BIGINT UNSIGNED;
  DECLARE done INT DEFAULT 0;
  -- sub-users first: users.parent_id does not cascade
  DECLARE expired CURSOR FOR
    SELECT id FROM users WHERE deleted_at < cutoff ORDER BY parent_id IS NULL, id;
  DECLARE CONTINUE HANDLER FOR NOT FOUND SET done = 1;

  OPEN expired;
  each_user: LOOP
    FETCH expired INTO uid;
    IF done THEN
      LEAVE each_user;
    END IF;
    REPEAT
      DELETE FROM billing_events WHERE user_id = uid LIMIT 1000;
    UNTIL ROW_COUNT() = 0 END REPEAT;
    REPEAT
      DELETE FROM audit_log WHERE user_id = uid LIMIT 1000;
    UNTIL ROW_COUNT() = 0 END REPEAT;
    -- a user still holding a sub-user (one not expired yet) stays until it is gone
    IF NOT EXISTS (SELECT 1 FROM users WHERE parent_id = uid) THEN
      DELETE FROM users WHERE id = uid;
    END IF;
  END LOOP;
  CLOSE expired;

  -- the analytics rule of 011: a sub-user's cases live on its parent's licences
  DELETE ac FROM analytics_cases ac
    JOIN users u ON u.id = ac.user_id
    JOIN permissions p ON p.id = ac.permission_id
    JOIN user_licenses l ON l.user_id = COALESCE(u.parent_id, u.id) AND l.level_id = p.level_id
   WHERE l.total = 0 AND l.revoked_at < UTC_TIMESTAMP() - INTERVAL 7 DAY;
END //

CREATE PROCEDURE purge_hourly()
BEGIN
  -- another node committed the claim first (certification) or holds its row: it runs the purge
  DECLARE EXIT HANDLER FOR 1213, 1205 ROLLBACK;

  UPDATE job_runs SET started_at = NOW(), finished_at = NULL, runs = runs + 1,
         node = COALESCE(NULLIF(@@wsrep_node_name, ''), @@hostname)
   WHERE name = 'purge_expired'
     AND (started_at IS NULL OR started_at < NOW() - INTERVAL 50 MINUTE);
  IF ROW_COUNT() = 1 THEN
    CALL purge_expired();
    UPDATE job_runs SET finished_at = NOW() WHERE name = 'purge_expired';
  END IF;
END //
DELIMITER ;

ALTER EVENT purge_expired_hourly
  COMMENT 'retention, once per cluster: deleted users after 30 days, unlicensed analytics after 7'
  DO CALL purge_hourly();
