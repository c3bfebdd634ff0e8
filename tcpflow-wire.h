/* tcpflow-wire.h — reading a TCP header's bytes: network byte order and the
 * options list.  Plain C, header only; the analysis, the words and the
 * Wireshark glue all read the header with these, so that an option is
 * walked one way everywhere.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TCPFLOW_WIRE_H
#define TCPFLOW_WIRE_H

#include <stddef.h>
#include <stdint.h>

static inline uint16_t tf_be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static inline uint32_t tf_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static inline uint64_t tf_be64(const uint8_t *p) { return (uint64_t)tf_be32(p) << 32 | tf_be32(p + 4); }

enum { TF_TCP_MIN_HEADER = 20, TF_TCP_MAX_HEADER = 60 };   /* bytes, without and with options */

enum { TF_OPT_EOL = 0, TF_OPT_NOP = 1, TF_OPT_MSS = 2, TF_OPT_WSCALE = 3, TF_OPT_SACK_OK = 4, TF_OPT_SACK = 5,
       TF_OPT_TIMESTAMP = 8 };

/* One option of a TCP options list. */
typedef struct tf_option {
    uint8_t        kind;
    unsigned       len;      /* its whole length: 1 for EOL and NOP, else its length byte */
    const uint8_t *value;    /* len - 2 bytes after the kind and length bytes (EOL, NOP: NULL) */
} tf_option;

typedef enum tf_option_read {
    TF_OPTION_END,           /* no bytes left */
    TF_OPTION_OK,            /* *o is the next option */
    TF_OPTION_BAD            /* a length byte missing, below 2 or reaching past the end: the list
                              * cannot be read further (tcpdump prints "[bad opt]") */
} tf_option_read;

/* Reads the option at opts[*at] of a list of `size` bytes into *o and
 * moves *at past it; on END or BAD neither changes.  EOL is returned like
 * any option: callers stop at it. */
static inline tf_option_read tf_option_next(const uint8_t *opts, size_t size, size_t *at, tf_option *o)
{
    size_t i = *at;
    if (i >= size)
        return TF_OPTION_END;
    tf_option next = { opts[i], 1, NULL };
    if (next.kind != TF_OPT_EOL && next.kind != TF_OPT_NOP) {
        if (i + 1 >= size || opts[i + 1] < 2 || opts[i + 1] > size - i)
            return TF_OPTION_BAD;
        next.len = opts[i + 1];
        next.value = opts + i + 2;       /* at most just past the end: a pointer C allows */
    }
    *o = next;
    *at = i + next.len;
    return TF_OPTION_OK;
}

#endif /* TCPFLOW_WIRE_H */
