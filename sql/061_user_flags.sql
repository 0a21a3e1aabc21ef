-- What the profile header needs to know to offer a user's tabs, read with the user in one
-- primary-key lookup instead of two subqueries on every load (README, "Performance"): whether
-- the user holds the subusers-manage permission (the Sub-users tab) and any analytics licence
-- (the Analytics tab). Kept by triggers in the same transaction as every change of a user's
-- permissions or licences; a missing row means neither.
CREATE TABLE user_flags (
  user_id           BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  subusers_allowed  TINYINT(1) NOT NULL DEFAULT 0,
  has_licences      TINYINT(1) NOT NULL DEFAULT 0,
  CONSTRAINT fk_user_flags_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

DELIMITER //

-- Read user u's two flags again from its permissions and licences.
CREATE PROCEDURE user_flags_refresh(u BIGINT UNSIGNED)
BEGIN
  INSERT INTO user_flags (user_id, subusers_allowed, has_licences)
  SELECT u,
         EXISTS (SELECT 1 FROM user_permissions up JOIN permissions p ON p.id = up.permission_id
                  WHERE up.user_id = u AND p.code = 'subusers-manage'),
         EXISTS (SELECT 1 FROM user_licenses l WHERE l.user_id = u AND l.total > 0)
    FROM users WHERE id = u
  ON DUPLICATE KEY UPDATE subusers_allowed = VALUES(subusers_allowed),
                          has_licences = VALUES(has_licences);
END //

CREATE TRIGGER user_permissions_flags_in AFTER INSERT ON user_permissions FOR EACH ROW
BEGIN
  IF @vms_bulk_load IS NULL THEN
    CALL user_flags_refresh(NEW.user_id);
  END IF;
END //

CREATE TRIGGER user_permissions_flags_out AFTER DELETE ON user_permissions FOR EACH ROW
  CALL user_flags_refresh(OLD.user_id) //

CREATE TRIGGER user_licenses_flags_in AFTER INSERT ON user_licenses FOR EACH ROW
BEGIN
  IF @vms_bulk_load IS NULL THEN
    CALL user_flags_refresh(NEW.user_id);
  END IF;
END //

CREATE TRIGGER user_licenses_flags_change AFTER UPDATE ON user_licenses FOR EACH ROW
BEGIN
  CALL user_flags_refresh(OLD.user_id);
  IF NEW.user_id <> OLD.user_id THEN
    CALL user_flags_refresh(NEW.user_id);
  END IF;
END //

CREATE TRIGGER user_licenses_flags_out AFTER DELETE ON user_licenses FOR EACH ROW
  CALL user_flags_refresh(OLD.user_id) //

DELIMITER ;

INSERT INTO user_flags (user_id, subusers_allowed, has_licences)
SELECT u.id,
       EXISTS (SELECT 1 FROM user_permissions up JOIN permissions p ON p.id = up.permission_id
                WHERE up.user_id = u.id AND p.code = 'subusers-manage'),
       EXISTS (SELECT 1 FROM user_licenses l WHERE l.user_id = u.id AND l.total > 0)
  FROM users u
 WHERE EXISTS (SELECT 1 FROM user_permissions up WHERE up.user_id = u.id)
    OR EXISTS (SELECT 1 FROM user_licenses l WHERE l.user_id = u.id);
