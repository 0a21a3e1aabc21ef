/* client.c — the web client's data: the permission table, a user's cameras and intercoms with
 * the actions allowed on them (on the Cameras and Intercoms tabs' query functions, so the scope
 * and the keyset pages are theirs), and a user's sub-users. */
#include "client.h"

#include <string.h>

#include "perms.h"

const struct client_permission_label client_permissions[CLIENT_NPERMISSIONS] = {
    [CLIENT_ARCHIVE] = {"archives-show", "Archive", CLIENT_ON_CAMERA},
    [CLIENT_DOWNLOAD] = {"archives-download", "Download", CLIENT_ON_CAMERA},
    [CLIENT_PREVIEW] = {"archives-preview-download", "Preview", CLIENT_ON_CAMERA},
    [CLIENT_EVENTS] = {"camera-events-index", "Events", CLIENT_ON_CAMERA},
    [CLIENT_MARKS] = {"marks-index", "Marks", CLIENT_ON_CAMERA},
    [CLIENT_PTZ] = {"ptz-control", "PTZ", CLIENT_ON_CAMERA},
    [CLIENT_OPEN_DOOR] = {"intercoms-open-door", "Open door", CLIENT_ON_INTERCOM},
    [CLIENT_INTERCOMS] = {"intercoms-index", "My intercoms", CLIENT_ON_SECTION},
    [CLIENT_SUBUSERS] = {"subusers-manage", "My sub-users", CLIENT_ON_SECTION},
};

static int permission_bit(void *arg, const char *code)
{
	uint32_t *mask = arg;

	for (size_t i = 0; i < CLIENT_NPERMISSIONS; i++)
		if (!strcmp(code, client_permissions[i].slug))
			*mask |= CLIENT_BIT(i);
	return 0;
}

int client_permissions_of(struct db *db, int64_t user_id, uint32_t *mask)
{
	*mask = 0;
	return perms_each_held(db, user_id, permission_bit, mask);
}

/* The labels of the actions of kind on that mask allows, in table order, into out (the array
 * in arena). Returns 0, or -1 when memory runs out. */
static int labels_of(struct arena *arena, uint32_t mask, enum client_on on, struct list_strs *out)
{
	const char **v = arena_alloc(arena, CLIENT_NPERMISSIONS * sizeof *v);
	size_t n = 0;

	if (!v)
		return -1;
	for (size_t i = 0; i < CLIENT_NPERMISSIONS; i++)
		if (client_permissions[i].on == on && (mask & CLIENT_BIT(i)))
			v[n++] = client_permissions[i].label;
	out->v = v;
	out->n = n;
	return 0;
}

/* My cameras ------------------------------------------------------------------------------ */

/* The inner query's rows, completed into the client's row and handed on. */
struct camera_pass {
	struct client_camera_row row;
	list_emit_fn emit;
	void *arg;
};

static int pass_camera(void *arg, const void *row)
{
	struct camera_pass *p = arg;

	p->row.cam = *(const struct camera_row *)row;
	return p->emit(p->arg, &p->row);
}

int client_cameras(struct db *db, const struct list_q *lq, list_emit_fn emit, void *arg)
{
	const struct client_camera_filter *f = lq->filter;
	struct camera_filter inner = {
	    .user_id = f->user_id, .q = "", .status = -1, .paused = f->blocked};
	struct list_q q = *lq;
	struct camera_pass p = {.row.blocked = f->blocked, .emit = emit, .arg = arg};

	/* a blocked camera offers nothing: no live view, no archive */
	if (labels_of(lq->arena, f->blocked ? 0 : f->allowed, CLIENT_ON_CAMERA, &p.row.actions) < 0)
		return DB_ERR;
	q.filter = &inner;
	return cameras_list(db, &q, pass_camera, &p);
}

/* My intercoms ---------------------------------------------------------------------------- */

struct intercom_pass {
	struct client_intercom_row row;
	list_emit_fn emit;
	void *arg;
};

static int pass_intercom(void *arg, const void *row)
{
	struct intercom_pass *p = arg;

	p->row.ic = *(const struct intercom_row *)row;
	return p->emit(p->arg, &p->row);
}

int client_intercoms(struct db *db, const struct list_q *lq, list_emit_fn emit, void *arg)
{
	const struct client_intercom_filter *f = lq->filter;
	struct intercom_filter inner = {.user_id = f->user_id};
	struct list_q q = *lq;
	struct intercom_pass p = {.emit = emit, .arg = arg};

	if (labels_of(lq->arena, f->allowed, CLIENT_ON_INTERCOM, &p.row.actions) < 0)
		return DB_ERR;
	q.filter = &inner;
	return intercoms_of_user(db, &q, pass_intercom, &p);
}

/* My sub-users ---------------------------------------------------------------------------- */

// clang-format off
#define SUBUSERS_SQL(CMP, DIR)                                                                     \
	"SELECT u.id, u.username, u.login, DATE_FORMAT(u.created_at, '%Y-%m-%d %H:%i:%s')"          \
	" FROM users u WHERE u.parent_id = ? AND u.deleted_at IS NULL"                             \
	" AND (? = 0 OR u.id " CMP " ?) ORDER BY u.id " DIR " LIMIT ?"
// clang-format on

static int fill_subuser(void *row, const struct db_col *out)
{
	struct client_subuser_row *r = row;

	r->id = out[0].i;
	return 0;
}

int client_subusers(struct db *db, const struct list_q *lq, list_emit_fn emit, void *arg)
{
	static const char *const sql[2] = {SUBUSERS_SQL(">", "ASC"), SUBUSERS_SQL("<", "DESC")};
	const struct client_subuser_filter *f = lq->filter;
	struct client_subuser_row r;
	struct db_param in[4] = {
	    DB_PINT(f->parent_id),
	    DB_PINT(lq->from ? 1 : 0),
	    DB_PINT(lq->from ? lq->from->id : 0),
	    DB_PINT((int64_t)lq->limit),
	};
	struct db_col out[4] = {DB_CINT, DB_CTEXT(r.username), DB_CTEXT(r.login),
				DB_CTEXT(r.created_at)};
	struct db_query q = {.sql = sql[lq->desc], .in = in, .nin = 4, .out = out, .nout = 4};

	return list_fetch(db, &q, fill_subuser, &r, emit, arg);
}
