/* access.c — the Access settings tab: the permission editor of one user (a billing user, an
 * admin-created user or a sub-user; the Sub-users tab opens the same editor for each sub-user)
 * and its Save. The rules it keeps (lib/perms.h): analytics permissions are offered by the
 * licences the user — a sub-user: its parent — holds; a save replaces the set in one
 * transaction, only from the version it was rendered from (else 409, nothing changed), never
 * adds an unavailable permission (422), and writes its audit row; a deleted user's editor is
 * read-only. */
#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "audit.h"
#include "perms.h"
#include "tab.h"

enum { F_ID };
static const struct req_field tab_fields[] = {
    [F_ID] = {.name = "id", .src = REQ_PATH, .check = req_id, .required = true},
};

/* POST: the form sends perm=<slug> per box ticked; JSON sends {"granted":[...],"version":n}. */
enum { P_ID, P_VERSION, P_PERM, P_GRANTED, P_NFIELDS };
static const struct req_field save_fields[P_NFIELDS] = {
    [P_ID] = {.name = "id", .src = REQ_PATH, .check = req_id, .required = true},
    PERMS_SAVE_INPUTS(P_VERSION, P_PERM, P_GRANTED),
};

/* What to say above the editor: after a save, or why one was refused. */
struct notice {
	const char *saved;   /* "Saved: +2 −1" */
	const char *problem; /* why nothing was saved */
};

/* Group ------------------------------------------------------------------------------------- */

/* The group a permission is shown in: its catalogue group; analytics ones by level. */
static void group_of(const struct perm *p, char *out, size_t cap)
{
	if (p->level)
		snprintf(out, cap, "%s %s", p->group, p->level_code);
	else
		snprintf(out, cap, "%s", p->group);
}

/* JSON ------------------------------------------------------------------------------------ */

static cJSON *perm_json(const struct perm_set *s, const struct perm *p)
{
	cJSON *o = cJSON_CreateObject();
	char why[80];

	perms_reason(s, p, why, sizeof why);
	if (!o || !cJSON_AddStringToObject(o, "slug", p->slug) ||
	    !cJSON_AddStringToObject(o, "label", p->label) ||
	    !(p->level ? cJSON_AddStringToObject(o, "level", p->level_code)
		       : cJSON_AddNullToObject(o, "level")) ||
	    !cJSON_AddBoolToObject(o, "granted", p->granted) ||
	    !cJSON_AddBoolToObject(o, "available", p->available) ||
	    !(p->available ? cJSON_AddNullToObject(o, "reason")
			   : cJSON_AddStringToObject(o, "reason", why))) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* {"user_id","version","read_only","granted","groups":[{"name","permissions":[...]}]} plus
 * "message" after a save. Returns the root, or NULL when memory runs out. */
static cJSON *editor_json(const struct user *u, const struct perm_set *s, const char *saved)
{
	cJSON *o = cJSON_CreateObject(), *groups, *perms = NULL;
	char name[300], last[300] = "";

	if (!o || !cJSON_AddNumberToObject(o, "user_id", (double)u->id) ||
	    !cJSON_AddNumberToObject(o, "version", (double)s->version) ||
	    !cJSON_AddBoolToObject(o, "read_only", u->deleted_at[0] != '\0') ||
	    !cJSON_AddNumberToObject(o, "granted", (double)perms_effective(s)) ||
	    (saved && !cJSON_AddStringToObject(o, "message", saved)) ||
	    !(groups = cJSON_AddArrayToObject(o, "groups")))
		goto fail;
	for (size_t i = 0; i < s->n; i++) {
		cJSON *p;
		group_of(&s->v[i], name, sizeof name);
		if (!perms || strcmp(name, last)) {
			cJSON *g = cJSON_CreateObject();
			if (!g || !cJSON_AddItemToArray(groups, g)) {
				cJSON_Delete(g);
				goto fail;
			}
			if (!cJSON_AddStringToObject(g, "name", name) ||
			    !(perms = cJSON_AddArrayToObject(g, "permissions")))
				goto fail;
			snprintf(last, sizeof last, "%s", name);
		}
		if (!(p = perm_json(s, &s->v[i])) || !cJSON_AddItemToArray(perms, p)) {
			cJSON_Delete(p);
			goto fail;
		}
	}
	return o;
fail:
	cJSON_Delete(o);
	return NULL;
}

/* HTML ------------------------------------------------------------------------------------ */

/* One group's checkbox: checked when every available permission is granted, disabled when none
 * is available (the page script shows a mixed group as such). */
static void group_state(struct tmpl_dict *g, const struct perm_set *s, size_t from, size_t to)
{
	size_t available = 0, granted = 0;

	for (size_t i = from; i < to; i++)
		if (s->v[i].available) {
			available++;
			granted += s->v[i].granted;
		}
	if (!available)
		tmpl_show(g, "NONE_AVAILABLE");
	else if (granted == available)
		tmpl_show(g, "ALL");
}

static void fill_groups(struct tmpl_dict *d, const struct perm_set *s)
{
	char name[300], why[80];
	size_t start = 0;
	struct tmpl_dict *g = NULL;

	for (size_t i = 0; i <= s->n; i++) {
		char next[300] = "";
		if (i < s->n)
			group_of(&s->v[i], next, sizeof next);
		if (g && (i == s->n || strcmp(next, name))) {
			group_state(g, s, start, i);
			g = NULL;
		}
		if (i == s->n)
			break;
		if (!g) {
			g = tmpl_section(d, "GROUP");
			snprintf(name, sizeof name, "%s", next);
			tmpl_set(g, "NAME", name);
			tmpl_set_int(g, "N", (int64_t)i);
			start = i;
		}
		struct tmpl_dict *p = tmpl_section(g, "PERM");
		tmpl_set(p, "SLUG", s->v[i].slug);
		tmpl_set(p, "LABEL", s->v[i].label);
		if (s->v[i].granted)
			tmpl_show(p, "GRANTED");
		if (!s->v[i].available) {
			perms_reason(s, &s->v[i], why, sizeof why);
			tmpl_set(tmpl_section(p, "UNAVAILABLE"), "REASON", why);
		}
	}
}

/* The editor (HTML or JSON) with the notice n; answers status when it renders (a 409 or 422
 * shows the stored state with why nothing was saved). Returns that status, or 500. */
static int editor(struct ctx *c, const struct user *u, const struct perm_set *s,
		  const struct notice *n, int status)
{
	struct tmpl_dict *d;
	int rc;

	if (c->req->accept_json) {
		cJSON *o = editor_json(u, s, n->saved);
		if (!o || (n->problem && !cJSON_AddStringToObject(o, "error", n->problem))) {
			cJSON_Delete(o);
			return app_fail(c, 500, "Out of memory.");
		}
		rc = app_json(c, o);
		return rc == 200 ? status : rc;
	}
	if (!(d = tmpl_dict_new()))
		return app_fail(c, 500, "Out of memory.");
	tmpl_set_int(d, "USER_ID", u->id);
	tmpl_set(d, "LOGIN", u->login);
	tmpl_set_int(d, "VERSION", s->version);
	tmpl_set_int(d, "GRANTED", (int64_t)perms_effective(s));
	if (u->parent_id) {
		struct tmpl_dict *p = tmpl_section(d, "SUBUSER");
		tmpl_set_int(p, "PARENT_ID", u->parent_id);
		tmpl_set(p, "PARENT_LOGIN", u->parent_login);
	}
	if (u->deleted_at[0])
		tmpl_set(tmpl_section(d, "DELETED"), "DELETED_AT", u->deleted_at);
	else
		tmpl_show(d, "EDITABLE");
	if (n->saved)
		tmpl_set(tmpl_section(d, "SAVED"), "MESSAGE", n->saved);
	if (n->problem)
		tmpl_set(tmpl_section(d, "PROBLEM"), "MESSAGE", n->problem);
	fill_groups(d, s);
	rc = app_render(c, "access_tab.tpl", d);
	return rc == 200 ? status : rc;
}

/* GET /admin/users/{id}/access: the editor (HTML fragment, or JSON for Accept:
 * application/json); read-only for a deleted user. 200; 400 for a bad id; 404 for an unknown
 * user; 503 while the database is away. */
static int access_tab(struct ctx *c)
{
	struct user u;
	struct perm_set s;
	int status, rc;

	if ((status = tab_user(c, F_ID, TAB_DELETED_OK, 0, &u)) != 0)
		return status;
	if ((rc = perms_load(c->db, u.id, &c->req->arena, &s)) <= 0)
		return rc == 0 ? app_fail(c, 404, "There is no user %" PRId64 ".", u.id)
			       : app_db_fail(c, rc);
	return editor(c, &u, &s, &(struct notice){0}, 200);
}

/* Save -------------------------------------------------------------------------------------- */

/* The slugs of the request (the form's perm fields or the JSON granted list) into s. Returns 0,
 * or the status already recorded (400 for both at once, 500). */
static int read_slugs(struct ctx *c, struct perm_save *s)
{
	const struct req_many *perm = req_many_of(c->req, P_PERM);
	const struct req_many *granted = req_many_of(c->req, P_GRANTED);
	const struct req_many *m = perm->n ? perm : granted;
	const char **slugs;

	if (perm->n && granted->n)
		return app_fail(c, 400, "perm, granted: give the permissions one way, not both.");
	if (!(slugs = arena_alloc(&c->req->arena, (m->n + 1) * sizeof *slugs)))
		return app_fail(c, 500, "Out of memory.");
	for (size_t i = 0; i < m->n; i++)
		slugs[i] = m->v[i].s;
	s->slugs = slugs;
	s->nslugs = m->n;
	return 0;
}

/* The answer to a refused save: 400/404/409/422 with the sentence; a 409 for a newer version
 * and a 422 show the editor as stored, with why nothing was saved. */
static int refused(struct ctx *c, const struct user *u, const struct perm_save *s, int rc)
{
	struct perm_set now;
	char why[800];
	int status = rc == PERMS_UNAVAILABLE ? 422 : 409, lrc;

	switch (rc) {
	case PERMS_NO_USER:
		return app_fail(c, 404, "There is no user %" PRId64 ".", u->id);
	case PERMS_TOO_MANY:
		return app_fail(c, 400, "perm: more permissions than the catalogue holds (%s).",
				s->problem);
	case PERMS_UNKNOWN:
		return app_fail(c, 400, "perm: there is no permission %s.", s->problem);
	case PERMS_DELETED:
		return app_fail(c, 409, "This user was deleted; its permissions are read-only.");
	case PERMS_STALE:
		snprintf(why, sizeof why,
			 "Not saved: these permissions were changed %s after this editor was "
			 "opened. They are shown as they are now; make your change again.",
			 s->problem);
		break;
	default:
		snprintf(why, sizeof why, "Not saved: %s.", s->problem);
	}
	if ((lrc = perms_load(c->db, u->id, &c->req->arena, &now)) <= 0)
		return lrc == 0 ? app_fail(c, 404, "There is no user %" PRId64 ".", u->id)
				: app_db_fail(c, lrc);
	return editor(c, u, &now, &(struct notice){.problem = why}, status);
}

/* POST /admin/users/{id}/access (perm=<slug>... and version, or JSON {"granted":[...],
 * "version":n}; CSRF token): the user's set becomes the permissions given. 200 with the editor
 * and "Saved: +a −r"; 400 for bad input (an unknown slug, more than the catalogue holds);
 * 403 without the CSRF token; 404 for an unknown user; 409 for a deleted user or a set changed
 * since version; 422 for an unavailable analytics permission; 503 while the database is away. */
static int access_save(struct ctx *c)
{
	struct user u;
	struct perm_set now;
	char saved[80];
	struct perm_save s = {
	    .version = req_int_of(c->req, P_VERSION), .who = audit_who(c), .arena = &c->req->arena};
	int status, rc;

	if ((status = tab_user(c, P_ID, TAB_DELETED_OK, 0, &u)) != 0 ||
	    (status = read_slugs(c, &s)) != 0)
		return status;
	s.user_id = u.id;
	if ((rc = perms_save(c->db, &s)) < 0)
		return app_db_fail(c, rc);
	if (rc > 0)
		return refused(c, &u, &s, rc);
	if (s.added + s.removed)
		snprintf(saved, sizeof saved, "Saved: +%zu \u2212%zu", s.added, s.removed);
	else
		snprintf(saved, sizeof saved, "Nothing to save: no permission changed.");
	if ((rc = perms_load(c->db, u.id, &c->req->arena, &now)) <= 0)
		return rc == 0 ? app_fail(c, 404, "There is no user %" PRId64 ".", u.id)
			       : app_db_fail(c, rc);
	return editor(c, &u, &now, &(struct notice){.saved = saved}, 200);
}

static const struct app_route routes[] = {
    {"GET", "/admin/users/{id}/access", access_tab, ROLE_ADMIN, KIND_FRAGMENT, tab_fields, 1},
    {"POST", "/admin/users/{id}/access", access_save, ROLE_ADMIN, KIND_FRAGMENT, save_fields,
     P_NFIELDS},
};

static const struct app app = {
    .name = "access",
    .summary = "The Access settings tab: a user's permissions, offered by licence, and their Save.",
    .routes = routes,
    .nroutes = sizeof routes / sizeof routes[0],
};

int main(int argc, char **argv)
{
	return app_main(&app, argc, argv);
}
