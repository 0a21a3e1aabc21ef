/* test_buf.c — the growable buffer and the per-request arena. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "arena.h"
#include "buf.h"

static void buf_appends_and_terminates(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	assert_string_equal(buf_str(&b), "");
	assert_int_equal(buf_puts(&b, "abc"), 0);
	assert_int_equal(buf_printf(&b, "-%d-", 42), 0);
	assert_int_equal(b.len, 7);
	assert_string_equal(buf_str(&b), "abc-42-");
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_str(&b), "");
	buf_free(&b);
}

static void buf_grows_past_many_pages(void **state)
{
	struct buf b;
	char chunk[1000];

	(void)state;
	memset(chunk, 'x', sizeof chunk);
	buf_init(&b);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(buf_append(&b, chunk, sizeof chunk), 0);
	assert_int_equal(b.len, 1000000);
	assert_int_equal(b.data[b.len], '\0');
	buf_free(&b);
}

static void arena_allocations_are_aligned_and_reset(void **state)
{
	struct arena a;
	char *s;

	(void)state;
	arena_init(&a);
	for (int i = 0; i < 5000; i++) {
		void *p = arena_alloc(&a, (size_t)(i % 37) + 1);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
	}
	assert_non_null(arena_alloc(&a, 100000)); /* larger than a block */
	s = arena_strndup(&a, "hello world", 5);
	assert_string_equal(s, "hello");
	arena_reset(&a);
	assert_non_null(arena_alloc(&a, 16));
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(buf_appends_and_terminates),
	    cmocka_unit_test(buf_grows_past_many_pages),
	    cmocka_unit_test(arena_allocations_are_aligned_and_reset),
	};
	return cmocka_run_group_tests_name("buf", tests, NULL, NULL);
}
