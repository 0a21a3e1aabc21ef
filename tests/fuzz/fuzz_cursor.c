/* fuzz_cursor.c — the cursor decoder. Properties: what decodes is well formed (tag, id >= 1,
 * UTF-8 key) and encodes back to exactly the text it came from (one text per cursor), and a
 * cursor built from the same bytes round-trips through encode and decode. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cursor.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cursor c, d;
	char text[CURSOR_TEXT_MAX];

	if (cursor_decode((const char *)data, size, &c) == 0) {
		if (c.id < 1 || !c.tag[0] || !utf8_ok(c.key, c.keylen, UTF8_ANY))
			abort();
		if (cursor_encode(&c, text) < 0 || strlen(text) != size || memcmp(text, data, size))
			abort();
	}
	/* the bytes as a key: set, encode, decode gives them back */
	if (cursor_set(&c, "fuzz", 0x0123456789abcdefu, 1 + (int64_t)size, (const char *)data,
		       size) == 0) {
		if (cursor_encode(&c, text) < 0 || cursor_decode(text, strlen(text), &d) < 0 ||
		    d.id != c.id || d.fp != c.fp || d.keylen != size || memcmp(d.key, data, size) ||
		    strcmp(d.tag, "fuzz"))
			abort();
	}
	return 0;
}
