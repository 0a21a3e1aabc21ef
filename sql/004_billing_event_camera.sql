-- The camera a billing request was about (new_camera, attach_camera, detach_camera and the
-- failed attach), so that the Billing Events tab can apply the camera scope to it: an ordinary
-- admin sees such a request's camera data only when the camera is granted to it (lib/scope.h).
-- NULL for other requests, and for a camera the system does not know.
ALTER TABLE billing_events
  ADD COLUMN camera_id BIGINT UNSIGNED NULL AFTER user_id,
  ADD KEY ix_billing_events_camera (camera_id);

-- The requests already logged: their camera by its external id, as they named it.
UPDATE billing_events be
  JOIN cameras c
    ON c.external_id = JSON_VALUE(be.payload, '$.data.external_id')
   SET be.camera_id = c.id
 WHERE be.type IN ('billing.new_camera', 'billing.attach_camera',
                   'billing.attach_camera_unknown_csa', 'billing.detach_camera');
