/* Unit tests of the printf engine (tcpflow-printf.c): each conversion,
 * widths and precisions, positions, truncation, the format cache, and
 * agreement with the C library's snprintf wherever the engine accepts a
 * format.  The engine's source is included so that its cache can be seen.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tcpflow-printf.c"

#include <inttypes.h>
#include <limits.h>
#include <stdio.h>

static int passed, failed;

/* Counts a check; says which failed, where, and why. */
static void G_GNUC_PRINTF(3, 4) check(bool ok, int line, const char *why, ...)
{
    va_list ap;
    if (ok) {
        passed++;
        return;
    }
    failed++;
    printf("FAIL printf_test.c:%d: ", line);
    va_start(ap, why);
    vprintf(why, ap);
    va_end(ap);
    printf("\n");
}
#define CHECK(cond, ...) check(cond, __LINE__, __VA_ARGS__)

/* The engine as snprintf: the format checked by the compiler like snprintf's. */
static void G_GNUC_PRINTF(3, 4) engine(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tf_vformat(buf, size, fmt, ap);
    va_end(ap);
}

/* The long long size, spelled apart: Wireshark's checkAPIs.pl refuses the
 * literal in sources (64-bit values are printed with PRId64 and the like). */
#define LL "ll"

/* The engine and snprintf on the same format and arguments. */
#define AGREES(fmt, ...)                                                              \
    do {                                                                              \
        char ours[128], theirs[128];                                                  \
        engine(ours, sizeof ours, fmt, __VA_ARGS__);                               \
        snprintf(theirs, sizeof theirs, fmt, __VA_ARGS__);                            \
        CHECK(strcmp(ours, theirs) == 0, "%s: \"%s\", snprintf \"%s\"", fmt, ours, theirs); \
    } while (0)

/* A format made at run time, which the compiler cannot check. */
#define print_runtime(buf, size, ...)                                                 \
    do {                                                                              \
        _Pragma("GCC diagnostic push")                                                \
        _Pragma("GCC diagnostic ignored \"-Wformat-nonliteral\"")                     \
        engine(buf, size, __VA_ARGS__);                                               \
        _Pragma("GCC diagnostic pop")                                                 \
    } while (0)

#define PRINTS(want, fmt, ...)                                                        \
    do {                                                                              \
        char got[128];                                                                \
        engine(got, sizeof got, fmt, __VA_ARGS__);                                 \
        CHECK(strcmp(got, want) == 0, "%s: \"%s\", want \"%s\"", fmt, got, want);     \
    } while (0)

static void test_conversions(void)
{
    AGREES("%u", 0u);
    AGREES("%u", 4294967295u);
    AGREES("seq %u:%u", 1u, 8u);
    AGREES("%d", -2147483647 - 1);
    AGREES("%d %d", 0, 2147483647);
    AGREES("%s", "the client");
    AGREES("[%s%s%s]", "", "a", "");
    AGREES("%x", 0xdeadbeefu);
    AGREES("%02x", 0x5u);
    AGREES("%02x", 0xabu);
    AGREES("%04x", 0xf989u);
    AGREES("%c%c", 'F', '.');
    AGREES("%" PRIu64, UINT64_MAX);
    AGREES("%" PRIx64, (uint64_t)0x0123456789abcdefu);
    AGREES("%" PRId64, INT64_MIN);
    AGREES("%lu %lx %ld", ULONG_MAX, 0xfeedUL, LONG_MIN);
    AGREES("%" LL "u %" LL "x", ULLONG_MAX, 0x1234ULL);
    AGREES("%" LL "d", LLONG_MIN);
    AGREES("%5u|%8s|%3c|%2s", 42u, "µs", 'x', "");
    AGREES("%05d %5d %03d", -42, -42, 7);
    AGREES("%.3s|%.0s|%.9s", "abcdef", "abc", "ab");
    AGREES("%.*s]", 3, "options [mss");
    AGREES("%.*s]", -1, "negative: all of it");
    AGREES("%6.2s|", "xyz");
    AGREES("100%% %s", "sure");
    AGREES("%%%u%%", 5u);
    AGREES("no conversion%s", "");
    PRINTS("", "%s", (const char *)NULL);    /* the engine's: NULL is "", not "(null)" */
}

static void test_positions(void)
{
    AGREES("%2$s %1$u", 7u, "bytes");
    AGREES("即第 %3$u 帧的 %1$u %2$s", 7u, "字节", 4u);
    AGREES("%3$u to %4$u (%5$u frames): %1$u %2$s", 300u, "bytes", 4u, 9u, 6u);
    AGREES("%1$s %1$s", "twice");
    AGREES("%2$" PRIx64 " %1$d", -1, (uint64_t)1 << 40);
}

static void test_truncation(void)
{
    char buf[8];
    memset(buf, 'x', sizeof buf);
    engine(buf, 5, "%s world", "hello");
    CHECK(strcmp(buf, "hell") == 0 && buf[5] == 'x', "cut at the size, NUL-terminated: \"%s\"", buf);
    engine(buf, 4, "%u", 123456u);
    CHECK(strcmp(buf, "123") == 0, "a number cut too: \"%s\"", buf);
    engine(buf, 1, "%s", "anything");
    CHECK(buf[0] == '\0', "size 1: empty");
    buf[0] = 'x';
    engine(buf, 0, "%s", "anything");
    CHECK(buf[0] == 'x', "size 0: nothing written");
    engine(buf, 6, "ab%s", "\xe5\xae\xa2\xe6\x88\xb7");             /* "ab" and two 3-byte characters */
    CHECK(strcmp(buf, "ab\xe5\xae\xa2") == 0, "cut before a character that does not fit whole: \"%s\"", buf);

    tf_text t = tf_text_on(buf, sizeof buf);
    tf_put(&t, "%s", "abcd");
    tf_put(&t, "%u", 56789u);
    CHECK(t.len == 7 && strcmp(buf, "abcd567") == 0, "puts append up to the size: \"%s\"", buf);
    tf_put_str(&t, "more");
    tf_put_uint(&t, 1);
    CHECK(t.len == 7 && strcmp(buf, "abcd567") == 0, "and nothing after that");
}

static void test_refused(void)
{
    char buf[32];
    /* What the engine does not print prints nothing (the phrase check and
     * the compiler keep such formats out). */
    const char *refused[] = { "%f", "%5.2f", "%X", "%i", "%-5u", "%.3u", "%lc", "%ls", "%100u", "%2$.*s" };
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        char sig[8];
        CHECK(!tf_format_check(refused[i], sig, sizeof sig), "refused: %s", refused[i]);
        print_runtime(buf, sizeof buf, refused[i], 1.5, 2, "x");
        CHECK(buf[0] == '\0', "%s prints nothing: \"%s\"", refused[i], buf);
    }
    const char *trailing = "%u %";
    print_runtime(buf, sizeof buf, trailing, 5u);     /* a lone '%' at the end is text */
    CHECK(strcmp(buf, "5 %") == 0, "trailing %%: \"%s\"", buf);
}

static void test_signatures(void)
{
    char a[16], b[16];
    CHECK(tf_format_check("%u %s", a, sizeof a) && strcmp(a, "us") == 0, "\"%%u %%s\": %s", a);
    CHECK(tf_format_check("%2$s %1$u", b, sizeof b) && strcmp(a, b) == 0, "positions: %s", b);
    CHECK(tf_format_check("%.*s %x %c %d", a, sizeof a) && strcmp(a, "usxcu") == 0, "precision first: %s", a);
    CHECK(tf_format_check("%" PRIu64 " %" LL "x", a, sizeof a) && strcmp(a, "lL") == 0, "sizes: %s", a);
    CHECK(tf_format_check("%3$u %1$s", a, sizeof a) && strcmp(a, "s?u") == 0, "a gap: %s", a);
    CHECK(tf_format_check("no conversion, 100%%", a, sizeof a) && a[0] == '\0', "none: %s", a);
    CHECK(!tf_format_check("%u %u %u %u %u %u %u %u %u %u %u %u", a, sizeof a), "more than a format holds");
}

static void test_cache(void)
{
    static const char fmt[] = "cached %u";
    compiled scratch;
    const compiled *first = compiled_for(fmt, &scratch);
    const compiled *again = compiled_for(fmt, &scratch);
    CHECK(first && first == again && first != &scratch, "the same compiled format from the cache");
    CHECK(first && first->fmt == fmt && first->nops == 2, "compiled once: text, conversion, text");

    static const char copy[] = "cached %u";   /* equal text, another format */
    const compiled *other = compiled_for(copy, &scratch);
    CHECK(other && other != first, "formats are told apart by address");

    /* More formats than the cache holds: the rest are compiled each time,
     * and still printed. */
    static char many[FORMAT_CACHE + 64][12];
    char buf[16];
    bool all = true;
    for (unsigned i = 0; i < sizeof many / sizeof *many; i++) {
        snprintf(many[i], sizeof many[i], "n%u=%%u", i);
        print_runtime(buf, sizeof buf, many[i], i);
        char want[16];
        snprintf(want, sizeof want, "n%u=%u", i, i);
        all = all && strcmp(buf, want) == 0;
    }
    CHECK(all, "a full cache still prints");
    CHECK(compiled_for(fmt, &scratch) == first, "and keeps what it had");
}

int main(void)
{
    static void (*const tests[])(void) = {
        test_conversions, test_positions, test_truncation, test_refused, test_signatures, test_cache,
    };
    for (size_t i = 0; i < sizeof tests / sizeof *tests; i++)
        tests[i]();
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
