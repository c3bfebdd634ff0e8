/* tcpflow-text.c — the words tcpflow puts on a segment.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tcpflow-text.h"

#include <stdarg.h>
#include <stdio.h>

typedef struct text {
    char  *buf;
    size_t size, len;
} text;

static void put(text *t, const char *fmt, ...)
{
    if (t->len >= t->size)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(t->buf + t->len, t->size - t->len, fmt, ap);
    va_end(ap);
    if (n > 0)
        t->len += (size_t)n;
    if (t->len >= t->size)
        t->len = t->size;
}

static void separate(text *t)
{
    if (t->len)
        put(t, "; ");
}

static uint32_t frame_of(const tf_ctx *ctx, uint32_t rec)
{
    const tf_record *r = tf_record_at(ctx, rec);
    return r ? r->frame : 0;
}

static const char *const step_flags[] = { "", "SYN", "SYN+ACK", "ACK" };

static void handshake_part(text *t, const tf_record *r)
{
    put(t, "handshake %u/3 (%s%s%s)", r->hs_step, step_flags[r->hs_step],
        (r->bits & TF_R_SIM_OPEN) ? ", simultaneous open" : "",
        (r->bits & TF_R_HS_RETRANS) ? ", retransmission" : "");
}

/* "teardown 1/4 (FIN)", "teardown 2/4", "teardown 2+3/4 (FIN, simultaneous close)" */
static void teardown_part(text *t, const tf_record *r, bool fin)
{
    separate(t);
    put(t, "teardown ");
    for (unsigned step = 1, n = 0; step <= 4; step++)
        if (tf_teardown_step(r, step))
            put(t, "%s%u", n++ ? "+" : "", step);
    put(t, "/4");
    if (fin)
        put(t, " (FIN%s%s)", (r->bits & TF_R_SIM_CLOSE) ? ", simultaneous close" : "",
            (r->bits & TF_R_FIN_RETRANS) ? ", retransmission" : "");
    else
        put(t, " (ACK of FIN)");
}

static void data_part(const tf_ctx *ctx, text *t, const tf_record *r)
{
    uint32_t original = tf_extra_of(ctx, r)->original;
    separate(t);
    put(t, "data %u byte%s", r->len, r->len == 1 ? "" : "s");
    if (r->retrans_bytes && original)
        put(t, " (retransmission of #%u)", frame_of(ctx, original));
    else if (r->retrans_bytes)
        put(t, " (retransmission)");
    if (r->bits & TF_R_OUT_OF_ORDER)
        put(t, " (out of order)");
    if (r->acked_in)
        put(t, ", acked in #%u", frame_of(ctx, r->acked_in));
}

/* "ACK of #4", "ACK of #4, #5 (2896 bytes)", "ACK of #4 … #9 (6 frames, 8688 bytes)" */
static void ack_part(const tf_ctx *ctx, text *t, const tf_record *r)
{
    const uint32_t *links = tf_links(ctx, r);
    uint32_t n = r->links_count;

    separate(t);
    if (n == 0) {
        put(t, "ACK of unseen data");
    } else if (n <= 3) {
        put(t, "ACK of");
        for (uint32_t i = 0; i < n; i++)
            put(t, "%s #%u", i ? "," : "", frame_of(ctx, links[i]));
    } else {
        put(t, "ACK of #%u … #%u (%u frames,", frame_of(ctx, links[0]),
            frame_of(ctx, links[n - 1]), n);
    }
    if (n > 3)
        put(t, " %u bytes)", r->acked_bytes);
    else if (r->acked_bytes)
        put(t, " (%u byte%s)", r->acked_bytes, r->acked_bytes == 1 ? "" : "s");
}

static const char *const rst_phases[] = { "", "during the handshake", "on an established connection",
                                          "while closing" };

static void rst_part(const tf_ctx *ctx, text *t, const tf_record *r)
{
    const tf_extra *x = tf_extra_of(ctx, r);
    separate(t);
    put(t, "RST from %s", r->dir == TF_DIR_TO_SERVER ? "client" : "server");
    if (r->bits & TF_R_RST_REFUSED)
        put(t, ": connection refused");
    else
        put(t, " %s", rst_phases[r->rst_phase]);
    if (x->rst_unacked[0] + x->rst_unacked[1])
        put(t, ", %u bytes unacknowledged", x->rst_unacked[0] + x->rst_unacked[1]);
}

char *tf_summary(const tf_ctx *ctx, uint32_t rec, char *buf, size_t size)
{
    const tf_record *r = tf_record_at(ctx, rec);
    text t = { buf, size, 0 };

    if (size)
        buf[0] = '\0';
    if (!r || !size)
        return buf;
    if (r->hs_step)
        handshake_part(&t, r);
    bool fin = r->td_steps & (1u << 0 | 1u << 2);
    if (fin)
        teardown_part(&t, r, true);
    if (r->bits & TF_R_HAS_DATA)
        data_part(ctx, &t, r);
    if (r->td_steps && !fin)
        teardown_part(&t, r, false);
    /* A step's ACK of the SYN or FIN, or a RST's, is part of the step itself. */
    if ((r->bits & TF_R_NEW_ACK) && !((r->hs_step || r->td_steps || r->rst_phase) && !r->acked_bytes))
        ack_part(ctx, &t, r);
    if (r->dup_count) {
        separate(&t);
        put(&t, "duplicate ACK %u of #%u", r->dup_count, frame_of(ctx, tf_extra_of(ctx, r)->dup_of));
    }
    if (r->bits & TF_R_KEEPALIVE) {
        separate(&t);
        put(&t, "keep-alive");
    }
    if (r->bits & TF_R_ZERO_WIN_PROBE) {
        separate(&t);
        put(&t, "zero-window probe");
    }
    if (r->rst_phase)
        rst_part(ctx, &t, r);
    if (!t.len)
        put(&t, "no new data or acknowledgement");
    return buf;
}
