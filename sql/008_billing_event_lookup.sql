-- The billing log as support reads it: an applied request that changed nothing (a camera the
-- user did not have was detached, a paused user paused again) says so, and the superadmin's
-- page of every billing request pages through one account, one result or one type at the cost
-- of one page (keyset on id within each index).
ALTER TABLE billing_events
  ADD COLUMN noop TINYINT(1) NOT NULL DEFAULT 0 AFTER http_status,
  ADD KEY ix_billing_events_account (account, id),
  ADD KEY ix_billing_events_result (result, id),
  ADD KEY ix_billing_events_type (type, id);
