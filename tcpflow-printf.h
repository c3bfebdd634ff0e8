/* tcpflow-printf.h — the small printf the words are written with (plain C):
 * a bounded text buffer (tf_text) and tf_put, which prints a format into
 * it.  tcpflow-text.c and tcpflow-tcpdump.c write every summary, tcpdump
 * line and explanation with it; the phrase tables' formats (tcpflow-phrases.h)
 * and the literal ones go through the same engine.
 *
 * The engine knows %s %c %u %d %x, the l and ll sizes (PRIu64, PRIx64), a
 * width with or without the 0 flag, a string's precision (%.3s, %.*s), "%%"
 * and positional arguments (%2$s), which the Chinese phrases need where
 * they order their arguments differently from the English ones.  A format
 * with anything else prints nothing.  It is several times faster than
 * vsnprintf, which matters for the Info column: each format is taken
 * apart once and kept, by its address, in a cache.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TCPFLOW_PRINTF_H
#define TCPFLOW_PRINTF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <glib.h>

/* Text written into buf[0 .. size), always NUL-terminated (when size > 0);
 * what does not fit is dropped, never half a UTF-8 character. */
typedef struct tf_text {
    char  *buf;
    size_t size, len;
} tf_text;

static inline tf_text tf_text_on(char *buf, size_t size)
{
    tf_text t = { buf, size, 0 };
    if (size)
        buf[0] = '\0';
    return t;
}

/* Inline: the summary calls these for every packet.  The functions below
 * are hidden (G_GNUC_INTERNAL): called directly inside the plugin, not
 * through its symbol table. */
static inline void tf_put_bytes(tf_text *t, const char *p, size_t n)
{
    if (t->len + 1 >= t->size)
        return;
    if (n > t->size - 1 - t->len) {
        n = t->size - 1 - t->len;
        while (n && ((unsigned char)p[n] & 0xC0) == 0x80)  /* p[n], the first byte left out, continues a character */
            n--;
    }
    memcpy(t->buf + t->len, p, n);
    t->len += n;
    t->buf[t->len] = '\0';
}

static inline void tf_put_str(tf_text *t, const char *str)
{
    tf_put_bytes(t, str, strlen(str));
}

/* A number in decimal: tf_put(t, "%u", v) without reading a format. */
static inline void tf_put_uint(tf_text *t, uint32_t v)
{
    char digits[10];
    size_t n = 0;
    do {
        digits[sizeof digits - 1 - n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    tf_put_bytes(t, digits + sizeof digits - n, n);
}

G_GNUC_INTERNAL void tf_put(tf_text *t, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
G_GNUC_INTERNAL void tf_vput(tf_text *t, const char *fmt, va_list ap) G_GNUC_PRINTF(2, 0);

/* vsnprintf through the engine: buf holds the text, NUL-terminated. */
G_GNUC_INTERNAL char *tf_vformat(char *buf, size_t size, const char *fmt, va_list ap) G_GNUC_PRINTF(3, 0);

/* True if the engine can print `fmt`; `signature` then holds its arguments'
 * kinds in argument order, one letter each — s (a string), u (int-sized:
 * %u %d and a %.* precision), x, c, l (long), L (long long) — e.g. "us" for
 * "%u %s" and for "%2$s %1$u".  Two formats taking the same arguments have
 * the same signature. */
G_GNUC_INTERNAL bool tf_format_check(const char *fmt, char *signature, size_t size);

#endif /* TCPFLOW_PRINTF_H */
