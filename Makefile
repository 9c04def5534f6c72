# tapir — build, test and benchmark. `make help` lists the targets.
CC      ?= cc
PKGS    := libpcap lua5.4 libpcre2-8 zlib libzstd libxdp libbpf
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
WARN    := -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter
CFLAGS  ?= -O2 -g
# `override`: a CFLAGS given on the command line (check-asan, fuzz-smoke,
# `make CFLAGS=-O0`) replaces only the optimisation/debug part.
override CFLAGS += -std=c11 -D_GNU_SOURCE $(WARN) $(PKG_CFLAGS)
LDLIBS  += $(PKG_LIBS) -lpthread -lm
BUILD   ?= build

SRCS    := $(sort $(wildcard src/*/*.c))
OBJS    := $(SRCS:%.c=$(BUILD)/%.o)
LIBOBJS := $(filter-out $(BUILD)/src/cli/main.o,$(OBJS))
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps demo check check-asan unit golden e2e bench fuzz-smoke clean help

all: $(BUILD)/tapir

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libtapir.a: $(LIBOBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/tapir: $(BUILD)/src/cli/main.o $(BUILD)/libtapir.a
	$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libtapir.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(BUILD)/libtapir.a $(LDLIBS) -lcmocka

-include $(OBJS:.o=.d)

deps:
	tools/install-deps

demo: all
	TZ=UTC $(BUILD)/tapir -r samples/demo.pcapng
	TZ=UTC $(BUILD)/tapir -r samples/demo.pcapng -q -z io,phs -z conv,tcp

unit: $(UNIT_BINS)
golden: all

# The whole suite: unit tests, golden tests against tshark's output, e2e.
check: all $(UNIT_BINS)
	@BUILD=$(BUILD) tests/run-all

check-asan:
	$(MAKE) BUILD=build-asan CC=clang \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  LDFLAGS="-fsanitize=address,undefined" check

bench: all
	bench/run

fuzz-smoke:
	FUZZ_CFLAGS="$(PKG_CFLAGS)" FUZZ_LDLIBS="$(PKG_LIBS) -lpthread -lm" fuzz/run-smoke

clean:
	rm -rf build build-asan build-fuzz

help:
	@echo "targets: all deps demo check check-asan bench fuzz-smoke clean"
