-- The Audit tab and /admin/audit read the trail newest first by (created_at, id), filtered by
-- user, administrator, action and a date range: one index per filter, ending in created_at
-- (InnoDB appends id), so every page is a range scan that stops after the page, at any depth
-- and over any date range. They replace the (x, id) indexes of 001 and 005.
ALTER TABLE audit_log
  DROP KEY ix_audit_log_user,
  DROP KEY ix_audit_log_admin,
  DROP KEY ix_audit_log_action,
  ADD KEY ix_audit_log_time (created_at),
  ADD KEY ix_audit_log_user (user_id, created_at),
  ADD KEY ix_audit_log_user_action (user_id, action, created_at),
  ADD KEY ix_audit_log_admin (admin_id, created_at),
  ADD KEY ix_audit_log_admin_action (admin_id, action, created_at),
  ADD KEY ix_audit_log_action (action, created_at);
