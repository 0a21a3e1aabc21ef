# vmsadmin — build, run and test. GNU make.
#   make            build every program into build/cgi-bin/
#   make run        start the whole product in the foreground with demo data (Ctrl-C stops it)
#   make start|stop the same, in the background
#   make test       unit, HTTP, browser and leak tests on a private instance
#   make bench      the pages against the architecture's ceiling, the webhook, memory, start-up;
#                   one app host against two
#   make cluster    the product scaled out on this machine: 3 Galera nodes, 2 app hosts, nginx
#   make cluster-test  the test before a release: the HTTP suite and the fault tests on a cluster
#   make cluster-stop  stop what make cluster started
#   make fuzz       every parser under libFuzzer for FUZZ_SECONDS each (default 300)
#   make demo SCALE=n  have n generated users in the running instance (re-runnable, growable)
#   make install    install binaries, units and an example config under $(PREFIX)

VERSION := $(shell git describe --always --dirty 2>/dev/null || echo 0.1.0)
PORT ?= 8080
SCALE ?= 1000
PREFIX ?= /usr/local
PKGS := libmariadb libcjson libsodium inih fcgi libctemplate libcurl

CC ?= cc
CXX ?= c++
WARN := -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes -Wmissing-prototypes -Wvla
ifdef CI
WARN += -Werror
endif
# Read when make parses this file: `run`, `start`, `test` and `bench` install the packages first
# and then build in a new make, which reads the flags of the libraries just installed.
PKG_OK := $(shell pkg-config --exists $(PKGS) 2>/dev/null && echo yes)
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CPPFLAGS := -Ilib -D_GNU_SOURCE -DVMS_VERSION='"$(VERSION)"' $(PKG_CFLAGS)
CFLAGS ?= -O2 -g
CFLAGS += -std=c11 $(WARN) -fstack-protector-strong -D_FORTIFY_SOURCE=2
CXXFLAGS ?= -O2 -g
CXXFLAGS += -std=c++17 -Wall -Wextra
LDLIBS := $(PKG_LIBS) -lstdc++

# Sanitizer build (make test uses it for the running instance and the leak check).
ifeq ($(SAN),1)
B := build/san
CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -O1
CXXFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -O1
LDFLAGS += -fsanitize=address,undefined
else
B := build
endif

LIB_C := lib/arena.c lib/buf.c lib/util.c lib/conf.c lib/db.c lib/req.c lib/token.c lib/session.c \
         lib/app.c lib/audit.c lib/users.c \
         lib/csv.c lib/cursor.c lib/list.c lib/tab.c lib/scope.c lib/cameras.c lib/intercoms.c \
         lib/billing.c lib/billing_db.c lib/client.c lib/usersession.c lib/push.c lib/sync.c \
         lib/analytics.c lib/perms.c lib/subusers.c
LIB_CXX := lib/tmpl.cc
LIB_OBJ := $(LIB_C:lib/%.c=$(B)/lib/%.o) $(LIB_CXX:lib/%.cc=$(B)/lib/%.o)

PROGS := auth users user billing billing-events cameras intercoms client sync-cameras audit \
         subusers access analytics
LIB_TPL := lib/templates/layout.tpl lib/templates/error.tpl lib/templates/thead.tpl \
           lib/templates/pager.tpl lib/templates/limit.tpl
TPL_auth := cgi-bin/templates/login.tpl
TPL_users := cgi-bin/templates/directory.tpl
TPL_user := cgi-bin/templates/header.tpl cgi-bin/templates/user_tab.tpl
TPL_cameras := cgi-bin/templates/cameras_tab.tpl cgi-bin/templates/camera_card.tpl
TPL_intercoms := cgi-bin/templates/intercoms_tab.tpl cgi-bin/templates/intercom_card.tpl
TPL_billing :=
TPL_billing-events := cgi-bin/templates/billing_events.tpl cgi-bin/templates/billing_requests.tpl
TPL_client := cgi-bin/templates/app_layout.tpl cgi-bin/templates/app_login.tpl \
              cgi-bin/templates/app_message.tpl cgi-bin/templates/app_cameras.tpl \
              cgi-bin/templates/app_intercoms.tpl cgi-bin/templates/app_subusers.tpl
TPL_sync-cameras :=
TPL_audit := cgi-bin/templates/audit_tab.tpl cgi-bin/templates/audit_page.tpl
TPL_sync :=
TPL_subusers := cgi-bin/templates/subusers_tab.tpl
TPL_access := cgi-bin/templates/access_tab.tpl
TPL_analytics := cgi-bin/templates/analytics_tab.tpl

# vmsadmin-sync, the delivery process of Synchronize cameras, is a worker program (no socket)
# built from cgi-bin/sync.c; sync-receiver stands in for the users' apps in the demo and bench.
BINS := $(PROGS:%=$(B)/cgi-bin/%) $(B)/cgi-bin/vmsadmin-sync
RECEIVER := $(B)/tests/sync-receiver
UNIT := buf req util conf tmpl billing csv cursor token session
UNIT_BINS := $(UNIT:%=$(B)/tests/unit_%)

.PHONY: all run start stop test unit bench demo install clean deps deps-test check-templates \
	check-format pkgs fuzz fuzz-build cluster cluster-test cluster-stop deps-cluster
all: $(BINS) $(RECEIVER)

# A build without the libraries' headers fails early and says what to do.
pkgs:
ifneq ($(PKG_OK),yes)
	@echo "missing libraries ($(PKGS)): run 'make deps' as root (make run/start/test do it)" >&2
	@exit 1
endif

$(B)/lib/%.o: lib/%.c lib/*.h | pkgs
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(B)/lib/%.o: lib/%.cc lib/*.h | pkgs
	@mkdir -p $(@D)
	$(CXX) $(CPPFLAGS) $(CXXFLAGS) -c -o $@ $<

$(B)/libvms.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(B)/cgi-bin/%.o: cgi-bin/%.c lib/*.h | pkgs
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

.SECONDARY:
.SECONDEXPANSION:
$(B)/gen/%_templates.c: $(LIB_TPL) $$(TPL_$$*) lib/embed.sh
	@mkdir -p $(@D)
	lib/embed.sh $@ $(LIB_TPL) $(TPL_$*)

$(B)/gen/%_templates.o: $(B)/gen/%_templates.c
	$(CC) $(CPPFLAGS) $(CFLAGS) -Wno-missing-prototypes -c -o $@ $<

$(B)/cgi-bin/%: $(B)/cgi-bin/%.o $(B)/gen/%_templates.o $(B)/libvms.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(B)/cgi-bin/vmsadmin-sync: $(B)/cgi-bin/sync.o $(B)/gen/sync_templates.o $(B)/libvms.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(RECEIVER): tests/sync-receiver.c $(B)/libvms.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# Unit tests (cmocka) link the library and a test template set.
$(B)/tests/unit_%: tests/unit/test_%.c $(B)/libvms.a $(B)/gen/unit_templates.o
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -Wno-missing-prototypes $(LDFLAGS) -o $@ $^ $(LDLIBS) -lcmocka
TPL_unit := tests/unit/escape.tpl

# Fuzz targets (libFuzzer, clang): each parser that reads outside input, built with coverage
# and ASan/UBSan. The targets link the library built so, as an archive (each takes the modules
# its functions need), with the unit tests' template set. make test replays their corpora and
# past crashes; make fuzz runs each for FUZZ_SECONDS (tests/fuzz/run.sh).
FUZZ := req cursor billing csv conf util json access client sync
FUZZ_SECONDS ?= 300
FUZZ_LIB := $(LIB_C)
FUZZ_FLAGS := -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
	      -fno-sanitize-recover=undefined
FUZZ_OBJ := $(FUZZ_LIB:lib/%.c=build/fuzz/lib/%.o) $(LIB_CXX:lib/%.cc=build/fuzz/lib/%.o) \
	    build/fuzz/gen/unit_templates.o
FUZZ_BINS := $(FUZZ:%=build/fuzz/fuzz_%)

build/fuzz/lib/%.o: lib/%.c lib/*.h | pkgs
	@mkdir -p $(@D)
	clang $(CPPFLAGS) -std=c11 $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

# (no vptr check: its runtime comes only with a C++ link, and the targets link as C)
build/fuzz/lib/%.o: lib/%.cc lib/*.h | pkgs
	@mkdir -p $(@D)
	clang++ $(CPPFLAGS) -std=c++17 $(FUZZ_FLAGS) -fno-sanitize=vptr -fsanitize=fuzzer-no-link \
		-c -o $@ $<

build/fuzz/gen/unit_templates.c: $(LIB_TPL) $(TPL_unit) lib/embed.sh
	@mkdir -p $(@D)
	lib/embed.sh $@ $(LIB_TPL) $(TPL_unit)

build/fuzz/gen/unit_templates.o: build/fuzz/gen/unit_templates.c
	clang $(CPPFLAGS) -std=c11 $(FUZZ_FLAGS) -c -o $@ $<

build/fuzz/libvms.a: $(FUZZ_OBJ)
	rm -f $@
	ar rcs $@ $^

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c build/fuzz/libvms.a lib/*.h
	clang $(CPPFLAGS) -std=c11 $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $< build/fuzz/libvms.a \
		$(PKG_LIBS) -lstdc++

# The sync target reads requests as the demo receiver does: it includes its source.
build/fuzz/fuzz_sync: tests/sync-receiver.c

fuzz-build: $(FUZZ_BINS)

fuzz: deps-test
	$(MAKE) fuzz-build
	FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run.sh $(FUZZ)

# Every template must turn auto-escaping on in its first line.
check-templates:
	@bad=$$(for f in lib/templates/*.tpl cgi-bin/templates/*.tpl; do \
	  head -c 31 $$f | grep -qF '{{%AUTOESCAPE context="HTML"}}' || echo $$f; done); \
	  if [ -n "$$bad" ]; then echo "templates without AUTOESCAPE: $$bad"; exit 1; fi

# Every file follows .clang-format (a test of make test).
FORMAT_SRC = $(wildcard lib/*.c lib/*.h lib/*.cc cgi-bin/*.c tests/unit/*.c tests/fuzz/*.c tests/*.c)
check-format:
	@clang-format --dry-run --Werror $(FORMAT_SRC)

deps:
	@conf/deps.sh

# What make test needs besides the build: cmocka, Chromium, Node.js, clang; and axe-core from
# npm (tests/browser/package-lock.json), the browser tests' accessibility checks. The browser
# tests drive Chromium with tests/browser/cdp.mjs.
deps-test:
	@conf/deps.sh test

run: deps
	$(MAKE) all
	PORT=$(PORT) conf/stack.sh run

start: deps
	$(MAKE) all
	PORT=$(PORT) conf/stack.sh start

stop:
	conf/stack.sh stop

unit: $(UNIT_BINS)

test: deps-test check-templates
	$(MAKE) all
	$(MAKE) SAN=1 all unit
	$(MAKE) fuzz-build
	tests/run.sh

# The ceiling of make bench (tests/ceiling.c): built here, never installed.
$(B)/tests/ceiling: tests/ceiling.c | pkgs
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LDLIBS)

bench: deps-test deps-cluster
	$(MAKE) all $(B)/tests/ceiling
	tests/bench.sh

# The product scaled out on one machine (conf/cluster.sh): 3 Galera nodes on loopback, 2 app
# hosts, one nginx on CLUSTER_PORT balancing over both (+1: host a only, +2: host b only).
# cluster-test (tests/cluster/run.sh) is the test to run before a release; make test, the CI
# command, needs none of its packages.
CLUSTER_PORT ?= 18900
deps-cluster:
	@conf/deps.sh cluster

cluster: deps deps-cluster
	$(MAKE) all
	PORT=$(CLUSTER_PORT) conf/cluster.sh start

cluster-test: deps-test deps-cluster
	$(MAKE) all
	tests/cluster/run.sh

cluster-stop:
	conf/cluster.sh stop

demo:
	SCALE=$(SCALE) conf/stack.sh demo

install: all
	install -d $(DESTDIR)$(PREFIX)/lib/vmsadmin/cgi-bin $(DESTDIR)$(PREFIX)/share/vmsadmin
	install -m 0755 $(BINS) $(DESTDIR)$(PREFIX)/lib/vmsadmin/cgi-bin/
	cp -r htdocs sql $(DESTDIR)$(PREFIX)/share/vmsadmin/
	install -d $(DESTDIR)/etc/systemd/system
	install -m 0644 conf/vmsadmin@.socket conf/vmsadmin@.service conf/vmsadmin-sync.service \
		$(DESTDIR)/etc/systemd/system/

clean:
	rm -rf build
