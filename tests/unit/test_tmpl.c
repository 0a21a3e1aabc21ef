/* test_tmpl.c — the ctemplate binding: auto-escaping in every context, sections, and the
 * refusal of a template without the AUTOESCAPE pragma. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tmpl.h"

/* The embedded set for this test (tests/unit/escape.tpl), from the Makefile. */
extern const struct tmpl_file app_templates[];
extern const size_t app_ntemplates;

static int setup(void **state)
{
	(void)state;
	return tmpl_init(app_templates, app_ntemplates, NULL);
}

static void values_are_escaped_in_text_and_attributes(void **state)
{
	struct tmpl_dict *d = tmpl_dict_new();
	struct buf out;

	(void)state;
	buf_init(&out);
	tmpl_set(d, "TEXT", "<script>alert(\"x\")</script> O'Brien & co");
	tmpl_set(d, "ATTR", "\" onmouseover=\"alert(1)");
	tmpl_set(d, "URL", "javascript:alert(1)");
	tmpl_set(tmpl_section(d, "ROW"), "V", "<b>1</b>");
	tmpl_set(tmpl_section(d, "ROW"), "V", "2");
	assert_int_equal(tmpl_expand("escape.tpl", d, &out), 0);
	tmpl_dict_free(d);
	assert_null(strstr(out.data, "<script>"));
	assert_non_null(strstr(
	    out.data, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; O&#39;Brien &amp; co"));
	assert_null(strstr(out.data, "\" onmouseover"));
	assert_null(strstr(out.data, "javascript:"));
	assert_non_null(strstr(out.data, "<i>&lt;b&gt;1&lt;/b&gt;</i><i>2</i>"));
	buf_free(&out);
}

static void a_template_without_autoescape_is_refused(void **state)
{
	static const unsigned char raw[] = "<p>{{X}}</p>\n";
	const struct tmpl_file f = {"raw.tpl", raw, sizeof raw - 1};

	(void)state;
	assert_int_equal(tmpl_init(&f, 1, NULL), -1);
}

static void an_unknown_template_fails_to_expand(void **state)
{
	struct tmpl_dict *d = tmpl_dict_new();
	struct buf out;

	(void)state;
	buf_init(&out);
	assert_int_equal(tmpl_expand("missing.tpl", d, &out), -1);
	tmpl_dict_free(d);
	buf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(values_are_escaped_in_text_and_attributes),
	    cmocka_unit_test(a_template_without_autoescape_is_refused),
	    cmocka_unit_test(an_unknown_template_fails_to_expand),
	};
	return cmocka_run_group_tests_name("tmpl", tests, setup, NULL);
}
