-- The orders of the Sub-users and Analytics tabs, each read by keyset on an index of its own
-- (lib/subusers.c, lib/analytics.c): a page costs the same at any depth and never sorts all of a
-- user's rows. The Analytics tab's level order goes through the permission of each case and
-- sorts the user's cases (they are few: each one uses licences).
ALTER TABLE users
  ADD KEY ix_users_parent_name (parent_id, username, id),
  ADD KEY ix_users_parent_login (parent_id, login, id),
  ADD KEY ix_users_parent_created (parent_id, created_at, id),
  ADD KEY ix_users_parent_status (parent_id, status, id);

ALTER TABLE analytics_cases
  ADD KEY ix_analytics_cases_user_created (user_id, created_at, id),
  ADD KEY ix_analytics_cases_user_name (user_id, name, id),
  ADD KEY ix_analytics_cases_user_status (user_id, status, id);
