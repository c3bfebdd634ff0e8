/* tcpflow-printf.c — the printf engine behind tf_put (see tcpflow-printf.h):
 * a format is compiled once into its literal runs and conversions, kept in
 * a cache keyed by the format's address, and printed from there.
 *
 * The formats are the phrase tables' and string literals, so a format's
 * address identifies it for the life of the process.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tcpflow-printf.h"

/* One conversion of a format: small, as a compiled format keeps one per
 * conversion and the cache keeps hundreds of formats. */
enum { ZERO_PAD = 1, STAR = 2, PRECISION = 4, PLAIN = 8 };

typedef struct spec {
    char     conv;           /* s c u d x; 0 for the text after the last conversion */
    uint8_t  size;           /* integer argument: 0 int, 1 long, 2 long long */
    uint8_t  pos;            /* the argument, from 1 */
    uint8_t  width;
    uint8_t  precision;      /* of a string, with PRECISION */
    uint8_t  flags;          /* ZERO_PAD, STAR (%.*s: the precision is the argument before), PRECISION;
                              * PLAIN: a bare %s or %u, most of what the phrases hold, printed first */
} spec;

typedef union arg {
    long long   i;
    const char *s;
} arg;

#define MAX_POSITION 9       /* %1$ to %9$ */

/* Reads the conversion after a '%' into *sp and returns what follows it, or
 * NULL if the engine does not print it.  *next is the next argument of a
 * format without positions. */
static const char *parse_spec(const char *p, spec *sp, unsigned *next)
{
    *sp = (spec){ 0, 0, 0, 0, 0, 0 };
    if (*p >= '1' && *p <= '9' && p[1] == '$') {
        sp->pos = (uint8_t)(*p - '0');
        p += 2;
    }
    if (*p == '0') {
        sp->flags |= ZERO_PAD;
        p++;
    }
    for (; *p >= '0' && *p <= '9'; p++)
        if ((sp->width = (uint8_t)(sp->width * 10 + (*p - '0'))) > 99)
            return NULL;
    if (*p == '.' && p[1] == '*' && !sp->pos) {
        sp->flags |= STAR;
        p += 2;
    } else if (*p == '.') {
        sp->flags |= PRECISION;
        for (p++; *p >= '0' && *p <= '9'; p++)
            if ((sp->precision = (uint8_t)(sp->precision * 10 + (*p - '0'))) > 99)
                return NULL;
    }
    for (; *p == 'l' && sp->size < 2; p++)
        sp->size++;
    if (!*p || !strchr("scudx", *p))
        return NULL;
    sp->conv = *p++;
    bool text = sp->conv == 's' || sp->conv == 'c';
    if ((text && sp->size) || (!text && (sp->flags & (STAR | PRECISION))) || (sp->conv == 'c' && sp->flags))
        return NULL;
    if ((sp->conv == 's' || sp->conv == 'u') && !sp->size && !sp->width && !sp->flags)
        sp->flags = PLAIN;
    if (!sp->pos) {
        if (sp->flags & STAR)
            (*next)++;
        sp->pos = (uint8_t)(*next)++;
    }
    return p;
}

/* The letter tf_format_check gives an argument of this conversion. */
static char kind_of(const spec *sp)
{
    if (sp->size)
        return sp->size == 1 ? 'l' : 'L';
    return sp->conv == 'd' ? 'u' : sp->conv;
}

/* The signature of tf_format_check: the argument kinds in argument order,
 * '?' for an argument no conversion uses. */
static bool signature_of(const char *fmt, char *out, size_t size)
{
    char by_pos[MAX_POSITION + 3] = { 0 };
    unsigned next = 1, top = 0;
    spec sp;
    for (const char *p = fmt; (p = strchr(p, '%')) != NULL;) {
        if (*++p == '%') {
            p++;
            continue;
        }
        if (!*p)
            break;
        if (!(p = parse_spec(p, &sp, &next)) || sp.pos >= sizeof by_pos)
            return false;
        if (sp.flags & STAR)
            by_pos[sp.pos - 1] = 'u';
        by_pos[sp.pos] = kind_of(&sp);
        top = sp.pos > top ? sp.pos : top;
    }
    if (top + 1 > size)
        return false;
    for (unsigned i = 1; i <= top; i++)
        out[i - 1] = by_pos[i] ? by_pos[i] : '?';
    out[top] = '\0';
    return true;
}

/* ---- compiled formats ------------------------------------------------------ */

/* A format taken apart: the literal text before each conversion, and the
 * conversion. */
#define MAX_CONVERSIONS 11

typedef struct fmt_op {
    uint16_t lit, lit_len;   /* the text before the conversion: offset in the format, length */
    spec     sp;             /* sp.conv is 0 for the text after the last conversion */
} fmt_op;

typedef struct compiled {
    const char *fmt;
    bool        positional;
    uint8_t     nops;
    char        convs[MAX_POSITION + 1];  /* the signature (positional formats) */
    fmt_op      ops[MAX_CONVERSIONS + 1];
} compiled;

static fmt_op text_op(const char *fmt, const char *from, size_t len)
{
    return (fmt_op){ (uint16_t)(from - fmt), (uint16_t)len, { 0, 0, 0, 0, 0, 0 } };
}

/* False when the engine cannot print the format, or it has more
 * conversions than a compiled one holds. */
static bool compile(const char *fmt, compiled *c)
{
    unsigned next = 1;
    c->fmt = fmt;
    c->nops = 0;
    c->positional = strchr(fmt, '$') != NULL;
    if (strlen(fmt) > UINT16_MAX || (c->positional && !signature_of(fmt, c->convs, sizeof c->convs)))
        return false;
    for (const char *lit = fmt;;) {
        const char *pct = strchr(lit, '%');
        if (c->nops == MAX_CONVERSIONS + 1)
            return false;
        if (!pct || pct[1] == '\0') {       /* the rest is text */
            c->ops[c->nops++] = text_op(fmt, lit, strlen(lit));
            return true;
        }
        if (pct[1] == '%') {                 /* "%%": the text runs on to the first '%' */
            c->ops[c->nops++] = text_op(fmt, lit, (size_t)(pct + 1 - lit));
            lit = pct + 2;
            continue;
        }
        fmt_op *op = &c->ops[c->nops++];
        *op = text_op(fmt, lit, (size_t)(pct - lit));
        if (!(lit = parse_spec(pct + 1, &op->sp, &next)))
            return false;
    }
}

/* The compiled format, from a cache that holds every phrase of both
 * languages and the literals (epan dissects on one thread at a time); NULL
 * if it cannot be compiled.  A format that finds no room is compiled into
 * *scratch. */
#define FORMAT_CACHE 512
#define FORMAT_PROBES 8

static const compiled *compiled_for(const char *fmt, compiled *scratch)
{
    static compiled cache[FORMAT_CACHE];
    uint64_t h = (uint64_t)(uintptr_t)fmt * 0x9e3779b97f4a7c15u;
    for (unsigned i = 0; i < FORMAT_PROBES; i++) {
        compiled *slot = &cache[((h >> 32) + i) % FORMAT_CACHE];
        if (slot->fmt == fmt)
            return slot;
        if (!slot->fmt) {
            if (compile(fmt, slot))
                return slot;
            slot->fmt = NULL;
            return NULL;
        }
    }
    return compile(fmt, scratch) ? scratch : NULL;
}

bool tf_format_check(const char *fmt, char *signature, size_t size)
{
    compiled c;
    return fmt && compile(fmt, &c) && signature_of(fmt, signature, size);
}

/* ---- printing -------------------------------------------------------------- */

static void put_padded(tf_text *t, const spec *sp, const char *p, size_t n)
{
    for (size_t pad = n; pad < sp->width; pad++)
        tf_put_bytes(t, " ", 1);
    tf_put_bytes(t, p, n);
}

static void put_number(tf_text *t, unsigned long long v, unsigned base, const spec *sp, bool negative)
{
    char digits[24];                         /* 20 digits of 2^64, a sign */
    size_t n = 0;
    do {                                     /* base 10 spelled out: a division by a constant is cheap */
        unsigned d = base == 10 ? (unsigned)(v % 10) : (unsigned)(v % 16);
        digits[sizeof digits - 1 - n++] = "0123456789abcdef"[d];
        v = base == 10 ? v / 10 : v / 16;
    } while (v);
    if (sp->flags & ZERO_PAD)                /* the zeros go between the sign and the digits */
        while (n + negative < sp->width && n < sizeof digits - 1)
            digits[sizeof digits - 1 - n++] = '0';
    if (negative)
        digits[sizeof digits - 1 - n++] = '-';
    put_padded(t, sp, digits + sizeof digits - n, n);
}

/* An integer argument as the unsigned type of its size. */
static unsigned long long as_unsigned(long long i, uint8_t size)
{
    return size == 0 ? (unsigned)i : size == 1 ? (unsigned long)i : (unsigned long long)i;
}

/* A bare %s: NULL prints nothing, as "". */
static void put_string(tf_text *t, const char *str)
{
    if (str && *str)                         /* common: an option left out, "%s%s" with "" */
        tf_put_bytes(t, str, strlen(str));
}

static void put_conversion(tf_text *t, const spec *sp, const arg *a, long long star)
{
    switch (sp->conv) {
    case 's': {
        const char *str = a->s ? a->s : "";
        size_t n = strlen(str);
        long long precision = (sp->flags & STAR) ? star : (sp->flags & PRECISION) ? sp->precision : -1;
        if (precision >= 0 && (unsigned long long)precision < n)
            n = (size_t)precision;
        if (sp->width)
            put_padded(t, sp, str, n);
        else
            tf_put_bytes(t, str, n);
        break;
    }
    case 'c': {
        char c = (char)a->i;
        put_padded(t, sp, &c, 1);
        break;
    }
    case 'x': put_number(t, as_unsigned(a->i, sp->size), 16, sp, false); break;
    case 'd': {
        unsigned long long magnitude = (unsigned long long)a->i;
        put_number(t, a->i < 0 ? 0 - magnitude : magnitude, 10, sp, a->i < 0);
        break;
    }
    default:
        if (sp->width || sp->size)
            put_number(t, as_unsigned(a->i, sp->size), 10, sp, false);
        else
            tf_put_uint(t, (uint32_t)a->i);
        break;
    }
}

/* An integer argument of the given size (a macro: va_arg on the caller's list). */
#define INTEGER_ARG(ap, size) \
    ((size) == 0 ? (long long)va_arg(ap, int) : (size) == 1 ? (long long)va_arg(ap, long) : va_arg(ap, long long))

void tf_vput(tf_text *t, const char *fmt, va_list ap)
{
    compiled scratch;
    const compiled *c = compiled_for(fmt, &scratch);
    if (!c)
        return;
    /* Positional formats (some Chinese phrases) need every argument's type
     * before the first is printed; the others are printed in one go. */
    arg args[MAX_POSITION + 1];
    for (unsigned i = 1; c->positional && c->convs[i - 1]; i++) {
        char k = c->convs[i - 1];
        if (k == 's')
            args[i].s = va_arg(ap, const char *);
        else
            args[i].i = INTEGER_ARG(ap, k == 'l' ? 1 : k == 'L' ? 2 : 0);
    }
    for (unsigned k = 0; k < c->nops; k++) {
        const fmt_op *op = &c->ops[k];
        if (op->lit_len)                     /* empty text between conversions is common */
            tf_put_bytes(t, c->fmt + op->lit, op->lit_len);
        if (!op->sp.conv)
            continue;
        if (op->sp.flags == PLAIN && !c->positional) {
            if (op->sp.conv == 's')
                put_string(t, va_arg(ap, const char *));
            else
                tf_put_uint(t, va_arg(ap, unsigned));
            continue;
        }
        arg a;
        long long star = -1;
        if (c->positional) {
            a = args[op->sp.pos];
        } else {                             /* fetch this conversion's arguments now */
            if (op->sp.flags & STAR)
                star = va_arg(ap, int);
            if (op->sp.conv == 's')
                a.s = va_arg(ap, const char *);
            else
                a.i = INTEGER_ARG(ap, op->sp.size);
        }
        put_conversion(t, &op->sp, &a, star);
    }
}

void tf_put(tf_text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tf_vput(t, fmt, ap);
    va_end(ap);
}

char *tf_vformat(char *buf, size_t size, const char *fmt, va_list ap)
{
    tf_text t = tf_text_on(buf, size);
    tf_vput(&t, fmt, ap);
    return buf;
}
