-- The Intercoms tab at the cost of its page (README, "Performance"): a user's apartment links
-- are listed by intercom, then apartment, so each link carries its apartment's intercom, with an
-- index in that order; a page is a range of it that stops after the page, however many
-- apartments the user has. Kept by the triggers below (an apartment's intercom never changes in
-- the product; should it, its links follow).
ALTER TABLE apartment_users
  ADD COLUMN intercom_id BIGINT UNSIGNED NOT NULL DEFAULT 0,
  ADD KEY ix_apartment_users_user_intercom (user_id, intercom_id, apartment_id);

UPDATE apartment_users au JOIN apartments a ON a.id = au.apartment_id SET au.intercom_id = a.intercom_id;

DELIMITER //

CREATE TRIGGER apartment_users_copy BEFORE INSERT ON apartment_users FOR EACH ROW
  SET NEW.intercom_id = COALESCE((SELECT intercom_id FROM apartments WHERE id = NEW.apartment_id), 0) //

CREATE TRIGGER apartments_copy AFTER UPDATE ON apartments FOR EACH ROW
BEGIN
  IF NEW.intercom_id <> OLD.intercom_id THEN
    UPDATE apartment_users SET intercom_id = NEW.intercom_id WHERE apartment_id = NEW.id;
  END IF;
END //

DELIMITER ;
