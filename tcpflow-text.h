/* tcpflow-text.h — the words tcpflow puts on a segment (plain C, no epan):
 * the one-line summary, the tcpdump line and its decoding, and the
 * explanation, in English or Simplified Chinese.  What the Wireshark glue
 * (packet-tcpflow.c) calls; tcpflow-text.c writes the summary and the
 * explanation, tcpflow-tcpdump.c the tcpdump line and its parts, from the
 * phrases of tcpflow-phrases.h.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TCPFLOW_TEXT_H
#define TCPFLOW_TEXT_H

#include <stddef.h>

#include "tcpflow-analysis.h"

typedef enum tf_lang {
    TF_LANG_EN = 0,
    TF_LANG_ZH = 1
} tf_lang;

/* What the tcpdump line needs from the packet itself. */
typedef struct tf_wire {
    int            ip_version;      /* 4 or 6 */
    const char    *src, *dst;       /* addresses as text */
    const uint8_t *src_raw, *dst_raw;
    unsigned       addr_len;
    const uint8_t *tcp;             /* the TCP header, hlen bytes */
    unsigned       hlen;
    uint32_t       payload_len;
} tf_wire;

/* "handshake 1/3 (SYN)", "data 7 bytes, acked in #5", "ACK of #4 (7 bytes)" */
char *tf_summary(const tf_ctx *ctx, uint32_t rec, tf_lang lang, char *buf, size_t size);

/* What `tcpdump -nn` prints for the segment, from "IP"/"IP6" to "length N". */
char *tf_tcpdump_line(const tf_ctx *ctx, uint32_t rec, const tf_wire *wire, char *buf, size_t size);

/* The tcpdump line decoded part by part: calls `part` once per part. */
typedef void (*tf_part_fn)(void *user, const char *text);
void tf_tcpdump_parts(const tf_ctx *ctx, uint32_t rec, const tf_wire *wire, tf_lang lang,
                      tf_part_fn part, void *user);

/* Where a connection's time went, in one or two sentences: its size and
 * duration, and the largest part of it (tf_times). */
char *tf_diagnosis(const tf_times *t, tf_lang lang, char *buf, size_t size);

/* One or two sentences explaining the segment as a teacher would.  `whole`:
 * every frame was read, so "never acknowledged" can be said, and the last
 * segment of a connection says where the connection's time went. */
char *tf_explain(const tf_ctx *ctx, uint32_t rec, const tf_wire *wire, tf_lang lang, bool whole,
                 char *buf, size_t size);

/* The length of the first piece of an explanation, with the mark that ends
 * it and the space after: a sentence, or a clause of a long one, so that a
 * reader can be shown one short line at a time; never inside brackets. */
size_t tf_sentence_length(const char *text);

/* The ladder diagram (-z tcpflow,ladder): a connection's heading (its
 * client on the left, its server on the right) and its column names; a
 * segment's label, its tcpdump line from the flags on, without the options;
 * and the arrow across the ladder, `width` columns between the two bars
 * (wider when the label needs it), pointing from the sender. */
char *tf_ladder_heading(uint32_t stream, const char *client, const char *server, tf_lang lang, char *buf, size_t size);
const char *tf_ladder_columns(tf_lang lang);
char *tf_ladder_label(const char *tcpdump_line, char *buf, size_t size);
char *tf_ladder_arrow(tf_side sender, const char *label, size_t width, char *buf, size_t size);

/* Checks at run time what the compiler cannot: that the printf engine
 * prints every phrase and that both languages take the same arguments;
 * on a mismatch returns false and names the phrase in `why`. */
bool tf_text_check(char *why, size_t size);

#endif /* TCPFLOW_TEXT_H */
