/* arena.c — per-request bump allocator over a list of blocks. */
#include "arena.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK 8192

struct arena_block {
	struct arena_block *next;
	size_t used, cap;
	alignas(max_align_t) unsigned char data[];
};

void arena_init(struct arena *a)
{
	a->head = NULL;
}

void *arena_alloc(struct arena *a, size_t n)
{
	struct arena_block *b = a->head;
	size_t align = alignof(max_align_t);
	size_t off;

	n = (n + align - 1) & ~(align - 1);
	if (n == 0)
		n = align;
	if (b) {
		off = b->used;
		if (b->cap - off >= n) {
			b->used += n;
			return b->data + off;
		}
	}
	{
		size_t cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;
		b = malloc(sizeof *b + cap);
		if (!b)
			return NULL;
		b->cap = cap;
		b->used = n;
		b->next = a->head;
		a->head = b;
		return b->data;
	}
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);

	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void arena_reset(struct arena *a)
{
	struct arena_block *b = a->head, *next;

	if (!b)
		return;
	/* keep the oldest block (the last in the list) if it is the standard size */
	while (b->next) {
		next = b->next;
		free(b);
		b = next;
	}
	if (b->cap != ARENA_BLOCK) {
		free(b);
		a->head = NULL;
		return;
	}
	b->used = 0;
	a->head = b;
}

void arena_free(struct arena *a)
{
	struct arena_block *b = a->head, *next;

	while (b) {
		next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
}
