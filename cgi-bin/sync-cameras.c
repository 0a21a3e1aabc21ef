/* sync-cameras.c — the header's Synchronize cameras button (POST /admin/users/{id}/sync-cameras)
 * and the job it starts, as JSON the header polls (GET .../sync-cameras/{job}; GET
 * .../sync-cameras: the user's latest job, or null). Any administrator may press it: it changes
 * no data, it pushes the settings the user has out to the user's environments. One job per
 * user at a time: a press while one is pending or delivering answers that one. A deleted user
 * has nothing to synchronize (409). The job is delivered by vmsadmin-sync (cgi-bin/sync.c). */
#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>

#include "app.h"
#include "sync.h"
#include "tab.h"

enum { F_ID };
static const struct req_field user_fields[] = {
    [F_ID] = {.name = "id", .src = REQ_PATH, .check = req_id, .required = true},
};

enum { J_ID, J_JOB };
static const struct req_field job_fields[] = {
    [J_ID] = {.name = "id", .src = REQ_PATH, .check = req_id, .required = true},
    [J_JOB] = {.name = "job", .src = REQ_PATH, .check = req_id, .required = true},
};

/* JSON ------------------------------------------------------------------------------------ */

static int env_json(void *arg, const struct sync_env *e)
{
	cJSON *o = cJSON_CreateObject();

	if (!o || !cJSON_AddItemToArray(arg, o)) {
		cJSON_Delete(o);
		return -1;
	}
	return cJSON_AddNumberToObject(o, "id", (double)e->id) &&
		       cJSON_AddStringToObject(o, "kind", sync_kind_names[e->kind]) &&
		       cJSON_AddStringToObject(o, "label", e->label) &&
		       cJSON_AddStringToObject(o, "state", sync_delivery_names[e->state]) &&
		       cJSON_AddNumberToObject(o, "attempts", (double)e->attempts) &&
		       (e->error[0] ? cJSON_AddStringToObject(o, "error", e->error)
				    : cJSON_AddNullToObject(o, "error")) &&
		       cJSON_AddNumberToObject(o, "confirmed_version",
					       (double)e->confirmed_version) &&
		       (e->last_contact_at[0]
			    ? cJSON_AddStringToObject(o, "last_contact_at", e->last_contact_at)
			    : cJSON_AddNullToObject(o, "last_contact_at"))
		   ? 0
		   : -1;
}

/* The job as JSON: {"id","state","delivered","total","error","created_at","admin",
 * "settings_version","attempts","finished_at","environments":[...]}. NULL when memory runs out
 * (*rc DB_ERR) or the database fails (*rc its code). */
static cJSON *job_json(struct ctx *c, const struct sync_job *j, int *rc)
{
	cJSON *o = cJSON_CreateObject(), *envs;

	*rc = DB_ERR;
	if (!o || !cJSON_AddNumberToObject(o, "id", (double)j->id) ||
	    !cJSON_AddStringToObject(o, "state", sync_state_names[j->state]) ||
	    !cJSON_AddNumberToObject(o, "delivered", (double)j->delivered) ||
	    !cJSON_AddNumberToObject(o, "total", (double)j->total) ||
	    !(j->error[0] ? cJSON_AddStringToObject(o, "error", j->error)
			  : cJSON_AddNullToObject(o, "error")) ||
	    !cJSON_AddStringToObject(o, "created_at", j->created_at) ||
	    !cJSON_AddStringToObject(o, "admin", j->admin) ||
	    !cJSON_AddNumberToObject(o, "settings_version", (double)j->settings_version) ||
	    !cJSON_AddNumberToObject(o, "attempts", (double)j->attempts) ||
	    !(j->finished_at[0] ? cJSON_AddStringToObject(o, "finished_at", j->finished_at)
				: cJSON_AddNullToObject(o, "finished_at")) ||
	    !(envs = cJSON_AddArrayToObject(o, "environments"))) {
		cJSON_Delete(o);
		return NULL;
	}
	if ((*rc = sync_job_envs(c->db, j->id, env_json, envs)) < 0) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* Answer job job_id of user_id (0: the latest) with status: {"job": ...} when wrap, else the
 * job itself. 404 when there is no such job of that user; 503/500 from the database. */
static int answer(struct ctx *c, int64_t user_id, int64_t job_id, int status, bool wrap)
{
	struct sync_job j;
	cJSON *o = NULL, *root;
	int rc = sync_job_get(c->db, user_id, job_id, &j);

	if (rc < 0)
		return app_db_fail(c, rc);
	if (rc == 0 && !wrap)
		return app_fail(c, 404, "User %" PRId64 " has no synchronization %" PRId64 ".",
				user_id, job_id);
	if (rc == 1 && !(o = job_json(c, &j, &rc)))
		return rc == DB_ERR ? app_fail(c, 500, "Out of memory.") : app_db_fail(c, rc);
	root = o;
	if (wrap) {
		cJSON *v = o ? o : cJSON_CreateNull();
		if (!v || !(root = cJSON_CreateObject()) ||
		    !cJSON_AddItemToObject(root, "job", v)) {
			cJSON_Delete(v);
			cJSON_Delete(root);
			return app_fail(c, 500, "Out of memory.");
		}
	}
	rc = app_json(c, root);
	return rc == 200 ? status : rc;
}

/* Routes ---------------------------------------------------------------------------------- */

/* POST /admin/users/{id}/sync-cameras (CSRF-checked): a new job holding the next settings
 * version, or the one already pending or delivering. 202 with the job; 404 for no such user;
 * 409 for a deleted one; 503 while the database is away or busy. */
static int press(struct ctx *c)
{
	struct user u;
	int64_t job_id;
	bool joined;
	int status, rc;

	if ((status = tab_user(c, F_ID, TAB_DELETED_OK, 0, &u)) != 0)
		return status;
	struct sync_press p = {.user_id = u.id,
			       .admin_id = c->sess->admin_id,
			       .remote_addr = c->req->remote_addr,
			       .user_agent = c->req->user_agent};
	rc = u.deleted_at[0] ? SYNC_USER_DELETED : sync_request(c->db, &p, &job_id, &joined);
	if (rc == SYNC_USER_DELETED)
		return app_fail(c, 409, "This user was deleted: there is nothing to synchronize.");
	if (rc == SYNC_NO_USER)
		return app_fail(c, 404, "There is no user %" PRId64 ".", u.id);
	if (rc < 0)
		return app_db_fail(c, rc);
	return answer(c, u.id, job_id, 202, false);
}

/* GET /admin/users/{id}/sync-cameras/{job}: the job, what the header polls. 200; 404 for a job
 * of another user or none; 503 while the database is away. */
static int job(struct ctx *c)
{
	struct user u;
	int status;

	if ((status = tab_user(c, J_ID, TAB_DELETED_OK, 0, &u)) != 0)
		return status;
	return answer(c, u.id, req_int_of(c->req, J_JOB), 200, false);
}

/* GET /admin/users/{id}/sync-cameras: {"job": the latest job, or null}, for the header after a
 * reload. 200; 404 for no such user; 503 while the database is away. */
static int latest(struct ctx *c)
{
	struct user u;
	int status;

	if ((status = tab_user(c, F_ID, TAB_DELETED_OK, 0, &u)) != 0)
		return status;
	return answer(c, u.id, 0, 200, true);
}

static const struct app_route routes[] = {
    {"POST", "/admin/users/{id}/sync-cameras", press, ROLE_ADMIN, KIND_FRAGMENT, user_fields, 1},
    {"GET", "/admin/users/{id}/sync-cameras", latest, ROLE_ADMIN, KIND_FRAGMENT, user_fields, 1},
    {"GET", "/admin/users/{id}/sync-cameras/{job}", job, ROLE_ADMIN, KIND_FRAGMENT, job_fields, 2},
};

static const struct app app = {
    .name = "sync-cameras",
    .summary = "Synchronize cameras: the header's button and the state of the job it starts.",
    .routes = routes,
    .nroutes = sizeof routes / sizeof routes[0],
};

int main(int argc, char **argv)
{
	return app_main(&app, argc, argv);
}
