/* ceiling.c — the architecture's ceiling for make bench: a do-nothing FastCGI responder that
 * answers each page with the exact bytes the real program answered it with (captured before the
 * run), behind the same nginx configuration, so that the bench can say what share of it the
 * product reaches. It reads no cookie and no database: per request, one lookup of REQUEST_URI in
 * a small table, then one write. Built by make bench, never installed.
 *   ceiling --socket PATH --workers N --pages DIR
 * DIR/index has one line per page, "URI<TAB>FILE"; FILE (in DIR) holds the whole CGI answer
 * (Status and the other header lines, a blank line, the body). Any other URI answers 404. */
#include <fcgiapp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_PAGES 256
#define MAX_WORKERS 64

struct page {
	char *uri;
	char *bytes;
	size_t len;
};

static struct page pages[MAX_PAGES];
static size_t npages;
static volatile sig_atomic_t stopping;

static void on_stop(int sig)
{
	(void)sig;
	stopping = 1;
	FCGX_ShutdownPending();
}

/* The whole of file dir/name, malloc'd into *out. Returns its length, or -1. */
static long slurp(const char *dir, const char *name, char **out)
{
	char path[4096];
	struct stat st;
	FILE *f;
	long n = -1;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (!(f = fopen(path, "rb")))
		return -1;
	if (fstat(fileno(f), &st) == 0 && (*out = malloc((size_t)st.st_size + 1)) &&
	    fread(*out, 1, (size_t)st.st_size, f) == (size_t)st.st_size)
		n = (long)st.st_size;
	fclose(f);
	return n;
}

/* Read DIR/index and every page it names. Returns 0, or -1 with a message on stderr. */
static int load(const char *dir)
{
	char *index, *line, *save = NULL;

	if (slurp(dir, "index", &index) < 0) {
		fprintf(stderr, "ceiling: cannot read %s/index\n", dir);
		return -1;
	}
	for (line = strtok_r(index, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *tab = strchr(line, '\t');
		long n;
		if (!tab || npages == MAX_PAGES)
			continue;
		*tab = '\0';
		if ((n = slurp(dir, tab + 1, &pages[npages].bytes)) < 0) {
			fprintf(stderr, "ceiling: cannot read %s/%s\n", dir, tab + 1);
			return -1;
		}
		pages[npages].uri = strdup(line);
		pages[npages].len = (size_t)n;
		npages++;
	}
	free(index);
	return 0;
}

static const char not_found[] = "Status: 404 Not Found\r\nContent-Type: text/plain\r\n"
				"Content-Length: 10\r\n\r\nNot found.";

/* One worker: accept, look the URI up, write its bytes, until SIGTERM. */
static int serve(int fd)
{
	FCGX_Request rq;
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (FCGX_InitRequest(&rq, fd, FCGI_FAIL_ACCEPT_ON_INTR) != 0)
		return 1;
	while (!stopping && FCGX_Accept_r(&rq) >= 0) {
		const char *uri = FCGX_GetParam("REQUEST_URI", rq.envp);
		const struct page *p = NULL;
		for (size_t i = 0; uri && i < npages && !p; i++)
			if (!strcmp(pages[i].uri, uri))
				p = &pages[i];
		if (p)
			FCGX_PutStr(p->bytes, (int)p->len, rq.out);
		else
			FCGX_PutStr(not_found, (int)sizeof not_found - 1, rq.out);
		FCGX_Finish_r(&rq);
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *sock = NULL, *dir = NULL;
	int workers = 2, fd;
	pid_t pids[MAX_WORKERS];
	struct sigaction sa;

	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--socket"))
			sock = argv[i + 1];
		else if (!strcmp(argv[i], "--pages"))
			dir = argv[i + 1];
		else if (!strcmp(argv[i], "--workers"))
			workers = atoi(argv[i + 1]);
	}
	if (!sock || !dir || workers < 1 || workers > MAX_WORKERS) {
		fprintf(stderr, "usage: ceiling --socket PATH --workers N --pages DIR\n");
		return 2;
	}
	if (load(dir) < 0 || FCGX_Init() != 0)
		return 1;
	umask(0117);
	if ((fd = FCGX_OpenSocket(sock, 128)) < 0) {
		fprintf(stderr, "ceiling: cannot listen on %s\n", sock);
		return 1;
	}
	for (int i = 0; i < workers; i++)
		if ((pids[i] = fork()) == 0)
			_exit(serve(fd));
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	while (!stopping)
		pause();
	for (int i = 0; i < workers; i++)
		kill(pids[i], SIGTERM);
	while (wait(NULL) > 0)
		;
	unlink(sock);
	return 0;
}
