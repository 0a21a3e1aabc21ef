-- The audit trail keeps the user agent of each action and longer details (a permission save
-- lists every slug added and removed). Read newest first per user (ix_audit_log_user), per
-- admin (ix_audit_log_admin) and per action (ix_audit_log_action).
ALTER TABLE audit_log
  MODIFY detail TEXT NULL,
  ADD COLUMN user_agent VARCHAR(255) NULL AFTER remote_addr,
  ADD KEY ix_audit_log_action (action, id);
