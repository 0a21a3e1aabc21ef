/* buf.h — growable byte buffer used for request bodies and response output. */
#ifndef VMS_BUF_H
#define VMS_BUF_H

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct buf {
	char *data; /* NUL-terminated after any append or reserve */
	size_t len;
	size_t cap;
};

/* Initialise an empty buffer; no allocation happens until the first append. */
void buf_init(struct buf *b);
/* Forget the contents but keep the allocation, for reuse on the next request. */
void buf_reset(struct buf *b);
/* Release the allocation; the buffer is empty and reusable afterwards. */
void buf_free(struct buf *b);
/* Append n bytes. Returns 0, or -1 when memory runs out (the buffer is unchanged). */
int buf_append(struct buf *b, const void *p, size_t n);
/* Make room for n more bytes (and the NUL) without changing the contents. Returns 0 or -1. */
int buf_reserve(struct buf *b, size_t n);
/* Append a NUL-terminated string. Returns 0 or -1. */
int buf_puts(struct buf *b, const char *s);
/* Append printf-formatted text. Returns 0 or -1. */
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* The contents as a C string ("" for an empty buffer). */
const char *buf_str(const struct buf *b);

#ifdef __cplusplus
}
#endif

#endif
