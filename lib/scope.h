/* scope.h — the camera scope, in one place: an ordinary administrator sees only the cameras
 * granted to it (admin_cameras), a superadmin sees all — on every tab, in every count, and in
 * every other rendering of camera data (billing payloads and error texts, and whatever shows
 * camera data next). Queries put SCOPE_SQL(column) in their WHERE and bind it with scope_bind;
 * rows that carry camera data the admin may not see are redacted with the functions below,
 * inside lib/, before any program renders them. */
#ifndef VMS_SCOPE_H
#define VMS_SCOPE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "db.h"
#include "session.h"

/* True when camera `col` is in the scope: a superadmin (first ?, 1) or a camera granted to the
 * admin (second ?). Two parameters, bound by scope_bind. A scalar subquery, not EXISTS: MariaDB
 * may turn EXISTS into a semi-join that reads every grant of the admin before the first row,
 * while this is one primary-key lookup per row the page reads. */
#define SCOPE_SQL(col)                                                                             \
	"(? = 1 OR (SELECT 1 FROM admin_cameras ac WHERE ac.admin_id = ?"                          \
	" AND ac.camera_id = " col ") IS NOT NULL)"
#define SCOPE_NPARAMS 2

/* Bind who's scope to the two parameters at in[0..2). who is the administrator looking (c->scope
 * of the request): the signed-in admin, or the admin behind a web-client session opened with
 * Log in as User. NULL means no administrator is looking — a subscriber's own web-client
 * session, which shows the user all of their own cameras — and binds no restriction. */
void scope_bind(struct db_param *in, const struct session *who);

/* What stands in for camera data outside the scope. */
#define SCOPE_HIDDEN "outside your scope"

/* A billing request as an admin outside its camera's scope may see it: the envelope
 * (request_id, type, account) kept, "data" replaced by {"camera":"outside your scope"}. payload
 * is the stored JSON text; out receives the redacted JSON text. Returns 0, or -1 when memory
 * runs out. Text that is not a JSON object comes out as {"camera":"outside your scope"}. */
int scope_redact_payload(const char *payload, struct buf *out);
/* An error text about the hidden camera: "unknown camera: CAM-9" becomes "unknown camera:
 * outside your scope" (what follows the first ": " is replaced). err is changed in place; cap
 * is its size. */
void scope_redact_error(char *err, size_t cap);

#endif
