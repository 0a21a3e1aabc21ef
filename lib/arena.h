/* arena.h — per-request allocator: many small allocations, one release at the end. */
#ifndef VMS_ARENA_H
#define VMS_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
};

void arena_init(struct arena *a);
/* n bytes, aligned for any type; NULL when memory runs out. Lives until arena_reset. */
void *arena_alloc(struct arena *a, size_t n);
/* A NUL-terminated copy of s[0..n); NULL when memory runs out. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* Release everything allocated since init or the last reset (keeps one block for reuse). */
void arena_reset(struct arena *a);
/* Release everything. */
void arena_free(struct arena *a);

#endif
