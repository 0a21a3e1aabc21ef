-- The Cameras tab at the cost of its page, whatever the user's number of cameras (README,
-- "Performance"): every order and status filter is an index range over one user's rows that
-- stops after the page, and the counts per status are read, not counted.
--
-- user_cameras carries what the tab sorts and filters by — the camera's name, status (the ENUM's
-- index, 1 active .. 4 empty), location and its address ('' for none) — kept equal to the camera
-- by the triggers below, so that one index per order serves each page:
--   (user_id, camera_id)                      the primary key: sort by id
--   (user_id, cam_status, camera_id)          sort by status; a status filter sorted by id
--   (user_id, cam_name, camera_id)            sort by name
--   (user_id, cam_status, cam_name, ...)      a status filter sorted by name
--   (user_id, cam_address, camera_id)         sort by location
--   (user_id, cam_status, cam_address, ...)   a status filter sorted by location
ALTER TABLE user_cameras
  ADD COLUMN cam_name VARCHAR(255) NOT NULL DEFAULT '',
  ADD COLUMN cam_status TINYINT UNSIGNED NOT NULL DEFAULT 4,
  ADD COLUMN cam_location_id BIGINT UNSIGNED NULL,
  ADD COLUMN cam_address VARCHAR(255) NOT NULL DEFAULT '',
  ADD KEY ix_user_cameras_status (user_id, cam_status, camera_id),
  ADD KEY ix_user_cameras_name (user_id, cam_name, camera_id),
  ADD KEY ix_user_cameras_status_name (user_id, cam_status, cam_name, camera_id),
  ADD KEY ix_user_cameras_address (user_id, cam_address, camera_id),
  ADD KEY ix_user_cameras_status_address (user_id, cam_status, cam_address, camera_id);

UPDATE user_cameras uc
  JOIN cameras c ON c.id = uc.camera_id
  LEFT JOIN locations l ON l.id = c.location_id
   SET uc.cam_name = c.name, uc.cam_status = c.status + 0, uc.cam_location_id = c.location_id,
       uc.cam_address = COALESCE(l.address, '');

-- How many cameras each user has per status (user_camera_counts), and how many of them each
-- ordinary admin may see (admin_camera_counts: the cameras of the user granted to the admin in
-- admin_cameras). Kept by the triggers in the same transaction as every change of a camera, a
-- user's cameras or an admin's grant; a missing row counts nothing.
CREATE TABLE user_camera_counts (
  user_id           BIGINT UNSIGNED NOT NULL PRIMARY KEY,
  active            INT NOT NULL DEFAULT 0,
  partially_active  INT NOT NULL DEFAULT 0,
  inactive          INT NOT NULL DEFAULT 0,
  empty             INT NOT NULL DEFAULT 0,
  CONSTRAINT fk_user_camera_counts_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE admin_camera_counts (
  admin_id          BIGINT UNSIGNED NOT NULL,
  user_id           BIGINT UNSIGNED NOT NULL,
  active            INT NOT NULL DEFAULT 0,
  partially_active  INT NOT NULL DEFAULT 0,
  inactive          INT NOT NULL DEFAULT 0,
  empty             INT NOT NULL DEFAULT 0,
  PRIMARY KEY (admin_id, user_id),
  KEY ix_admin_camera_counts_user (user_id),
  CONSTRAINT fk_admin_camera_counts_admin FOREIGN KEY (admin_id) REFERENCES admins (id) ON DELETE CASCADE,
  CONSTRAINT fk_admin_camera_counts_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO user_camera_counts (user_id, active, partially_active, inactive, empty)
SELECT user_id, SUM(cam_status = 1), SUM(cam_status = 2), SUM(cam_status = 3), SUM(cam_status = 4)
  FROM user_cameras GROUP BY user_id;

INSERT INTO admin_camera_counts (admin_id, user_id, active, partially_active, inactive, empty)
SELECT ac.admin_id, uc.user_id, SUM(uc.cam_status = 1), SUM(uc.cam_status = 2),
       SUM(uc.cam_status = 3), SUM(uc.cam_status = 4)
  FROM admin_cameras ac JOIN user_cameras uc ON uc.camera_id = ac.camera_id
 GROUP BY ac.admin_id, uc.user_id;

-- The triggers. Foreign-key cascades fire no trigger in MariaDB, so each deletion that cascades
-- is handled where it starts: a camera's (BEFORE DELETE on cameras, while its rows still exist);
-- a user's or an admin's take their count rows with them (the foreign keys above).
-- @vms_bulk_load: set only by the scale generator (sql/demo-scale.sql), which fills these
-- columns and counts itself, set-based, for millions of rows at once.
-- A statement that reads user_cameras while changing cameras (UPDATE cameras ... JOIN
-- user_cameras) cannot run: MariaDB refuses a trigger that writes a table the statement reads.

DELIMITER //

-- Add delta to the counts of user u for a camera cam of status st (1..4): the user's own, and
-- those of every admin the camera is granted to.
CREATE PROCEDURE camera_counts_add(u BIGINT UNSIGNED, cam BIGINT UNSIGNED, st TINYINT, delta INT)
BEGIN
  INSERT INTO user_camera_counts (user_id, active, partially_active, inactive, empty)
  VALUES (u, (st = 1) * delta, (st = 2) * delta, (st = 3) * delta, (st = 4) * delta)
  ON DUPLICATE KEY UPDATE active = active + VALUES(active),
    partially_active = partially_active + VALUES(partially_active),
    inactive = inactive + VALUES(inactive), empty = empty + VALUES(empty);
  INSERT INTO admin_camera_counts (admin_id, user_id, active, partially_active, inactive, empty)
  SELECT ac.admin_id, u, (st = 1) * delta, (st = 2) * delta, (st = 3) * delta, (st = 4) * delta
    FROM admin_cameras ac WHERE ac.camera_id = cam
  ON DUPLICATE KEY UPDATE active = active + VALUES(active),
    partially_active = partially_active + VALUES(partially_active),
    inactive = inactive + VALUES(inactive), empty = empty + VALUES(empty);
END //

-- Move every user of camera cam (and every admin's count of them) from status old_st to new_st,
-- or out of the counts altogether when new_st is 0 (the camera is being deleted).
CREATE PROCEDURE camera_counts_move(cam BIGINT UNSIGNED, old_st TINYINT, new_st TINYINT)
BEGIN
  UPDATE user_camera_counts cc JOIN user_cameras uc ON uc.user_id = cc.user_id
     SET cc.active = cc.active - (old_st = 1) + (new_st = 1),
         cc.partially_active = cc.partially_active - (old_st = 2) + (new_st = 2),
         cc.inactive = cc.inactive - (old_st = 3) + (new_st = 3),
         cc.empty = cc.empty - (old_st = 4) + (new_st = 4)
   WHERE uc.camera_id = cam;
  UPDATE admin_camera_counts acc
    JOIN user_cameras uc ON uc.user_id = acc.user_id
    JOIN admin_cameras ac ON ac.admin_id = acc.admin_id AND ac.camera_id = uc.camera_id
     SET acc.active = acc.active - (old_st = 1) + (new_st = 1),
         acc.partially_active = acc.partially_active - (old_st = 2) + (new_st = 2),
         acc.inactive = acc.inactive - (old_st = 3) + (new_st = 3),
         acc.empty = acc.empty - (old_st = 4) + (new_st = 4)
   WHERE uc.camera_id = cam;
END //

CREATE TRIGGER user_cameras_copy BEFORE INSERT ON user_cameras FOR EACH ROW
BEGIN
  DECLARE n VARCHAR(255);
  DECLARE st TINYINT UNSIGNED;
  DECLARE loc BIGINT UNSIGNED;
  DECLARE addr VARCHAR(255);
  IF @vms_bulk_load IS NULL THEN
    SELECT c.name, c.status + 0, c.location_id, COALESCE(l.address, '') INTO n, st, loc, addr
      FROM cameras c LEFT JOIN locations l ON l.id = c.location_id
     WHERE c.id = NEW.camera_id;
    SET NEW.cam_name = n, NEW.cam_status = st, NEW.cam_location_id = loc, NEW.cam_address = addr;
  END IF;
END //

CREATE TRIGGER user_cameras_count_in AFTER INSERT ON user_cameras FOR EACH ROW
BEGIN
  IF @vms_bulk_load IS NULL THEN
    CALL camera_counts_add(NEW.user_id, NEW.camera_id, NEW.cam_status, 1);
  END IF;
END //

CREATE TRIGGER user_cameras_count_out AFTER DELETE ON user_cameras FOR EACH ROW
BEGIN
  CALL camera_counts_add(OLD.user_id, OLD.camera_id, OLD.cam_status, -1);
END //

CREATE TRIGGER cameras_copy AFTER UPDATE ON cameras FOR EACH ROW
BEGIN
  IF NOT (NEW.status <=> OLD.status) THEN
    CALL camera_counts_move(NEW.id, OLD.status + 0, NEW.status + 0);
  END IF;
  IF NOT (NEW.name <=> OLD.name AND NEW.status <=> OLD.status
          AND NEW.location_id <=> OLD.location_id) THEN
    UPDATE user_cameras
       SET cam_name = NEW.name, cam_status = NEW.status + 0, cam_location_id = NEW.location_id,
           cam_address = COALESCE((SELECT address FROM locations WHERE id = NEW.location_id), '')
     WHERE camera_id = NEW.id;
  END IF;
END //

CREATE TRIGGER cameras_count_out BEFORE DELETE ON cameras FOR EACH ROW
BEGIN
  CALL camera_counts_move(OLD.id, OLD.status + 0, 0);
END //

CREATE TRIGGER locations_copy AFTER UPDATE ON locations FOR EACH ROW
BEGIN
  IF NOT (NEW.address <=> OLD.address) THEN
    UPDATE user_cameras uc JOIN cameras c ON c.id = uc.camera_id
       SET uc.cam_address = NEW.address
     WHERE c.location_id = NEW.id;
  END IF;
END //

CREATE TRIGGER admin_cameras_count_in AFTER INSERT ON admin_cameras FOR EACH ROW
BEGIN
  IF @vms_bulk_load IS NULL THEN
    INSERT INTO admin_camera_counts (admin_id, user_id, active, partially_active, inactive, empty)
    SELECT NEW.admin_id, uc.user_id, uc.cam_status = 1, uc.cam_status = 2, uc.cam_status = 3,
           uc.cam_status = 4
      FROM user_cameras uc WHERE uc.camera_id = NEW.camera_id
    ON DUPLICATE KEY UPDATE active = active + VALUES(active),
      partially_active = partially_active + VALUES(partially_active),
      inactive = inactive + VALUES(inactive), empty = empty + VALUES(empty);
  END IF;
END //

CREATE TRIGGER admin_cameras_count_out AFTER DELETE ON admin_cameras FOR EACH ROW
BEGIN
  UPDATE admin_camera_counts acc JOIN user_cameras uc ON uc.user_id = acc.user_id
     SET acc.active = acc.active - (uc.cam_status = 1),
         acc.partially_active = acc.partially_active - (uc.cam_status = 2),
         acc.inactive = acc.inactive - (uc.cam_status = 3),
         acc.empty = acc.empty - (uc.cam_status = 4)
   WHERE acc.admin_id = OLD.admin_id AND uc.camera_id = OLD.camera_id;
END //

DELIMITER ;
