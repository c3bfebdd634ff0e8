/* tcpflow-text.c — the words tcpflow puts on a segment: the one-line
 * summary (the Info column) and the explanation, in English or Chinese.
 *
 * The phrases are the rows of tcpflow-phrases.h; this file makes the two
 * tables from them and has the compiler check every row's formats against
 * its argument types.  The tcpdump line and its parts are in
 * tcpflow-tcpdump.c; both write with the engine of tcpflow-printf.c.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tcpflow-words.h"
#include "tcpflow-wire.h"

#include <inttypes.h>
#include <stdio.h>

/* ---- the phrase tables ---------------------------------------------------- */

#define WORD(name, en, zh) .name = en,
#define PHRASE(name, args, en, zh) .name = en,
#define LIST(name, count)
#define WORD_AT(name, nth, en, zh) .name[nth] = en,
#define PHRASE_AT(name, nth, args, en, zh) .name[nth] = en,
const words tf_words_en = {
#include "tcpflow-phrases.h"
};

#define WORD(name, en, zh) .name = zh,
#define PHRASE(name, args, en, zh) .name = zh,
#define LIST(name, count)
#define WORD_AT(name, nth, en, zh) .name[nth] = zh,
#define PHRASE_AT(name, nth, args, en, zh) .name[nth] = zh,
const words tf_words_zh = {
#include "tcpflow-phrases.h"
};

/* Zero of each type of a row's argument list: "(unsigned, const char *)"
 * gives "(unsigned)0, (const char *)0". */
#define ZEROS(...) ZEROS_N(COUNT(__VA_ARGS__, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0), __VA_ARGS__)
#define COUNT(a1, a2, a3, a4, a5, a6, a7, a8, a9, n, ...) n
#define ZEROS_N(n, ...) ZEROS_N_(n, __VA_ARGS__)
#define ZEROS_N_(n, ...) ZEROS_##n(__VA_ARGS__)
#define ZEROS_1(a) (a)0
#define ZEROS_2(a, ...) (a)0, ZEROS_1(__VA_ARGS__)
#define ZEROS_3(a, ...) (a)0, ZEROS_2(__VA_ARGS__)
#define ZEROS_4(a, ...) (a)0, ZEROS_3(__VA_ARGS__)
#define ZEROS_5(a, ...) (a)0, ZEROS_4(__VA_ARGS__)
#define ZEROS_6(a, ...) (a)0, ZEROS_5(__VA_ARGS__)
#define ZEROS_7(a, ...) (a)0, ZEROS_6(__VA_ARGS__)
#define ZEROS_8(a, ...) (a)0, ZEROS_7(__VA_ARGS__)
#define ZEROS_9(a, ...) (a)0, ZEROS_8(__VA_ARGS__)

/* The compiler's printf checking (-Wformat) on both languages of every
 * row: a call per format, with zeros of the row's argument types, to a
 * function that takes the printf attribute.  Compiled, never called.  A
 * word must read as a format with no arguments (no stray '%'). */
static void G_GNUC_PRINTF(1, 2) phrase_format(const char *fmt, ...)
{
    (void)fmt;
}

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-zero-length"     /* an empty word: "" */
G_GNUC_UNUSED static void check_phrase_formats(void)
{
#define WORD(name, en, zh) phrase_format(en); phrase_format(zh);
#define PHRASE(name, args, en, zh) phrase_format(en, ZEROS args); phrase_format(zh, ZEROS args);
#define LIST(name, count)
#define WORD_AT(name, nth, en, zh) WORD(name, en, zh)
#define PHRASE_AT(name, nth, args, en, zh) PHRASE(name, args, en, zh)
#include "tcpflow-phrases.h"
}
#pragma GCC diagnostic pop

/* ---- writing -------------------------------------------------------------- */

void tf_say(tf_text *t, const char *phrase, ...)
{
    va_list ap;
    va_start(ap, phrase);
    tf_vput(t, phrase, ap);
    va_end(ap);
}

char *tf_say_into(char *buf, size_t size, const char *phrase, ...)
{
    va_list ap;
    va_start(ap, phrase);
    tf_vformat(buf, size, phrase, ap);
    va_end(ap);
    return buf;
}

static void separate(tf_text *t, const words *w)
{
    if (t->len)
        tf_put_str(t, w->sep);
}

static uint32_t frame_of(const tf_ctx *ctx, uint32_t rec)
{
    const tf_record *r = tf_record_at(ctx, rec);
    return r ? r->frame : 0;
}

static const char *unit(const words *w, uint32_t n)
{
    return w->bytes[n != 1];
}

/* "25 µs", "1.250 ms", "2.000 s" (ns >= 0: see tf_elapsed) */
static const char *duration(int64_t ns, char *buf, size_t size)
{
    if (ns < 1000000)
        snprintf(buf, size, "%" PRId64 " µs", (ns + 500) / 1000);
    else if (ns < 1000000000)
        snprintf(buf, size, "%.3f ms", ns / 1e6);
    else
        snprintf(buf, size, "%.3f s", ns / 1e9);
    return buf;
}

/* The time from one record to another, or NULL where the capture's clock
 * runs backwards between them. */
static const char *time_between(const tf_record *from, const tf_record *to, char *buf, size_t size)
{
    int64_t ns;
    return tf_elapsed(from, to, &ns) ? duration(ns, buf, size) : NULL;
}

/* What an answered segment was: 0 a keep-alive, 1 a zero-window probe, 2 a
 * spurious retransmission (tf_extra.answers; the nth of sum_answers). */
static unsigned answer_kind(const tf_record *probe)
{
    return (probe->bits & TF_R_KEEPALIVE) ? 0 : (probe->bits & TF_R_ZERO_WIN_PROBE) ? 1 : 2;
}

/* A step's ACK of the SYN or FIN, or a RST's, is told by the step itself. */
static bool ack_told_by_step(const tf_record *r)
{
    return (r->hs_step || r->td_steps || r->rst_phase) && !r->acked_bytes;
}

/* ---- the summary ---------------------------------------------------------- */

static const char *const step_flags[] = { "", "SYN", "SYN+ACK", "ACK" };

static void summary_handshake(tf_text *t, const words *w, const tf_record *r)
{
    const char *again = (r->bits & TF_R_HS_RETRANS) ? w->sum_retrans
                      : (r->marks & TF_M_ISN_CHANGED) ? w->sum_isn_changed : "";
    tf_say(t, PH(w, sum_hs, r->hs_step, step_flags[r->hs_step], (r->bits & TF_R_SIM_OPEN) ? w->sum_sim_open : "",
                 again));
}

static void summary_teardown(tf_text *t, const words *w, const tf_record *r, bool fin)
{
    separate(t, w);
    tf_put_str(t, w->sum_td);
    for (unsigned step = 1, n = 0; step <= 4; step++)
        if (tf_teardown_step(r, step)) {
            tf_put_str(t, n++ ? "+" : "");
            tf_put_uint(t, step);
        }
    tf_put_str(t, "/4");
    if (fin)
        tf_say(t, PH(w, sum_td_fin, (r->bits & TF_R_SIM_CLOSE) ? w->sum_sim_close : "",
                     (r->bits & TF_R_FIN_RETRANS) ? w->sum_retrans : ""));
    else
        tf_put_str(t, w->sum_td_ack);
}

/* " (fast retransmission of #5)", " (timeout retransmission of #5, copy 3)",
 * " (out of order, fills the gap of #9)" */
static void summary_resend(const tf_ctx *ctx, tf_text *t, const words *w, const tf_record *r, const tf_extra *x)
{
    bool resent = x->retrans_bytes || x->resend;
    if (!resent && !(r->bits & TF_R_OUT_OF_ORDER))
        return;
    tf_put_str(t, w->sum_open);
    tf_put_str(t, resent ? w->sum_resend[x->resend] : w->sum_ooo);
    if (x->retrans_bytes && x->original)
        tf_say(t, PH(w, sum_of, frame_of(ctx, x->original)));
    if (x->copy > 2)
        tf_say(t, PH(w, sum_copy, x->copy));
    if (x->fills_gap_of)
        tf_say(t, PH(w, sum_fills, frame_of(ctx, x->fills_gap_of)));
    tf_put_str(t, w->sum_close);
}

static void summary_data(const tf_ctx *ctx, tf_text *t, const words *w, uint32_t rec)
{
    const tf_record *r = tf_record_at(ctx, rec);
    separate(t, w);
    tf_say(t, PH(w, sum_data, r->len, unit(w, r->len)));
    summary_resend(ctx, t, w, r, tf_extra_of(ctx, rec));
    if (r->acked_in)
        tf_say(t, PH(w, sum_acked_in, frame_of(ctx, r->acked_in)));
}

/* "ACK of #4", "ACK of #4, #5 (2896 bytes)", "ACK of #4 … #9 (6 frames, 8688 bytes)" */
static void summary_ack(const tf_ctx *ctx, tf_text *t, const words *w, uint32_t rec)
{
    const tf_record *r = tf_record_at(ctx, rec);
    uint32_t n;
    const uint32_t *links = tf_links(ctx, rec, &n);

    separate(t, w);
    if (n > 3) {
        tf_say(t, PH(w, sum_ack_many, frame_of(ctx, links[0]), frame_of(ctx, links[n - 1]), n, r->acked_bytes,
                     unit(w, r->acked_bytes)));
        return;
    }
    tf_put_str(t, n ? w->sum_ack_of : tf_extra_of(ctx, rec)->unseen_bytes ? w->sum_ack_unseen : w->sum_ack_partial);
    for (uint32_t i = 0; i < n; i++) {
        tf_put_str(t, i ? ", #" : " #");
        tf_put_uint(t, frame_of(ctx, links[i]));
    }
    if (r->acked_bytes)
        tf_say(t, PH(w, sum_ack_bytes, r->acked_bytes, unit(w, r->acked_bytes)));
}

static void summary_rst(const tf_ctx *ctx, tf_text *t, const words *w, uint32_t rec)
{
    const tf_record *r = tf_record_at(ctx, rec);
    const tf_extra *x = tf_extra_of(ctx, rec);
    uint32_t unacked = x->rst_unacked[TF_CLIENT] + x->rst_unacked[TF_SERVER];
    separate(t, w);
    tf_say(t, PH(w, sum_rst, w->role[tf_sender(r)]));
    if (r->marks & TF_M_AFTER_RST)
        return;                              /* said after it: "after the reset in #N" */
    tf_put_str(t, (r->bits & TF_R_RST_REFUSED) ? w->sum_refused : w->sum_rst_phase[r->rst_phase]);
    if (unacked)
        tf_say(t, PH(w, sum_rst_unacked, unacked, unit(w, unacked)));
}

static void summary_flag(tf_text *t, const words *w, bool on, const char *word)
{
    if (on) {
        separate(t, w);
        tf_put_str(t, word);
    }
}

/* "zero window", "window update 1024 → 65536", "window full (65536 bytes in flight)" */
static void summary_window(const tf_ctx *ctx, tf_text *t, const words *w, uint32_t rec, const tf_extra *x)
{
    uint8_t ev = x->win_events;
    char d[32];
    const char *closed = time_between(tf_record_at(ctx, x->zero_since), tf_record_at(ctx, rec), d, sizeof d);
    summary_flag(t, w, ev & TF_W_ZERO, w->sum_zero_window);
    if (ev & TF_W_REOPENED) {
        separate(t, w);
        if (closed)
            tf_say(t, PH(w, sum_win_reopened, closed));
        else
            tf_put_str(t, w->sum_win_reopened_plain);
    } else if (ev & TF_W_UPDATE) {
        separate(t, w);
        tf_say(t, PH(w, sum_win_update, x->win_previous, x->win_size));
    }
    if (ev & TF_W_FULL) {
        separate(t, w);
        tf_say(t, PH(w, sum_win_full, x->win_in_flight, unit(w, x->win_in_flight)));
    }
    if (ev & TF_W_SHRUNK) {
        separate(t, w);
        tf_say(t, PH(w, sum_win_shrunk, x->shrunk_by, unit(w, x->shrunk_by)));
    }
    const char *held = time_between(tf_record_at(ctx, x->full_since), tf_record_at(ctx, rec), d, sizeof d);
    if ((ev & TF_W_RELIEVED) && held) {
        separate(t, w);
        tf_say(t, PH(w, sum_win_relieved, held));
    }
}

/* "delayed ACK (+40.120 ms)", "Nagle stall 40.2 ms, waited for the ACK of #10", "after 2.000 s idle" */
static void summary_timing(const tf_ctx *ctx, tf_text *t, const words *w, uint32_t rec, const tf_extra *x)
{
    const tf_pace_note *n = tf_pace_of(ctx, rec);
    char d[32];
    int64_t delay, held;
    const char *span;
    if (tf_ack_held(ctx, rec, &delay, &held)) {
        separate(t, w);
        tf_say(t, PH(w, sum_delack, duration(held, d, sizeof d)));
    }
    if ((x->timing & TF_T_NAGLE) && (span = time_between(tf_record_at(ctx, n->nagle_after), tf_record_at(ctx, rec),
                                                          d, sizeof d))) {
        separate(t, w);
        tf_say(t, PH(w, sum_nagle, span, frame_of(ctx, n->nagle_after)));
    }
    if ((x->timing & TF_T_IDLE) && (span = time_between(tf_record_at(ctx, n->idle_since), tf_record_at(ctx, rec),
                                                         d, sizeof d))) {
        separate(t, w);
        tf_say(t, PH(w, sum_idle, span));
    }
}

/* "asks for ECN", "CE (congestion experienced)", "ECE: echoes the CE of #12", "CWR: ..." */
static void summary_ecn(const tf_ctx *ctx, tf_text *t, const words *w, uint32_t rec, const tf_extra *x)
{
    const tf_pace_note *n = tf_pace_of(ctx, rec);
    uint32_t link = frame_of(ctx, n->ecn_link);
    if (x->ecn & TF_E_SETUP)
        summary_flag(t, w, true, w->sum_ecn_setup[n->ecn_setup - 1]);
    summary_flag(t, w, x->ecn & TF_E_CE, w->sum_ce);
    summary_flag(t, w, (x->ecn & TF_E_ECE) && !link, w->sum_ece_plain);
    if (x->ecn & (TF_E_ECE | TF_E_ECE_MORE) && link) {
        separate(t, w);
        if (x->ecn & TF_E_ECE)
            tf_say(t, PH(w, sum_ece, link));
        else
            tf_say(t, PH(w, sum_ece_more, link));
    }
    if (x->ecn & TF_E_CWR) {
        separate(t, w);
        tf_say(t, PH(w, sum_cwr, frame_of(ctx, n->cwr_of)));
    }
    if (x->ecn & TF_E_ACE) {
        separate(t, w);
        tf_say(t, PH(w, sum_ace, n->ace, n->ace_delta));
    }
}

/* What else the segment is: bytes missing before it, a duplicate ACK, a
 * window event, a probe or an answer to one. */
static void summary_notes(const tf_ctx *ctx, tf_text *t, const words *w, uint32_t rec)
{
    const tf_record *r = tf_record_at(ctx, rec);
    const tf_extra *x = tf_extra_of(ctx, rec);
    if (x->gap) {
        separate(t, w);
        tf_say(t, PH(w, sum_gap, x->gap, unit(w, x->gap)));
    }
    if (x->win_events)
        summary_window(ctx, t, w, rec, x);
    if (x->sack_held) {
        separate(t, w);
        tf_say(t, PH(w, sum_sack, x->sack_held, x->sack_missing));
    }
    if ((x->loss_flags & TF_L_DSACK) && x->dsack_of) {
        separate(t, w);
        tf_say(t, PH(w, sum_dsack, frame_of(ctx, x->dsack_of)));
    } else {
        summary_flag(t, w, x->loss_flags & TF_L_DSACK, w->sum_dsack_plain);
    }
    if (x->dup_count) {
        separate(t, w);
        tf_say(t, PH(w, sum_dup, x->dup_count, frame_of(ctx, x->dup_of)));
    }
    summary_flag(t, w, r->bits & TF_R_KEEPALIVE, w->sum_keepalive);
    summary_flag(t, w, r->bits & TF_R_ZERO_WIN_PROBE, w->sum_zwp);
    const tf_record *probe = tf_record_at(ctx, x->answers);
    if (probe) {
        separate(t, w);
        tf_say(t, PH_AT(w, sum_answers, answer_kind(probe), probe->frame));
    }
    if (x->timing)
        summary_timing(ctx, t, w, rec, x);
    if (x->ecn)
        summary_ecn(ctx, t, w, rec, x);
    summary_flag(t, w, (r->marks & TF_M_AFTER_RST) && (r->marks & TF_M_FIN), w->sum_fin);
    summary_flag(t, w, r->marks & TF_M_ACK_BEYOND, w->sum_ack_beyond);
}

char *tf_summary(const tf_ctx *ctx, uint32_t rec, tf_lang lang, char *buf, size_t size)
{
    const tf_record *r = tf_record_at(ctx, rec);
    const words *w = tf_words(lang);
    tf_text t = tf_text_on(buf, size);

    if (!r || !size)
        return buf;
    if (r->hs_step)
        summary_handshake(&t, w, r);
    bool fin = r->td_steps & (1u << 0 | 1u << 2);
    if (fin)
        summary_teardown(&t, w, r, true);
    if (r->bits & TF_R_HAS_DATA)
        summary_data(ctx, &t, w, rec);
    if (r->td_steps && !fin)
        summary_teardown(&t, w, r, false);
    if ((r->bits & TF_R_NEW_ACK) && !ack_told_by_step(r))
        summary_ack(ctx, &t, w, rec);
    summary_notes(ctx, &t, w, rec);
    if (r->rst_phase)
        summary_rst(ctx, &t, w, rec);
    if (!t.len)
        tf_put_str(&t, w->sum_nothing);
    if (r->marks & TF_M_AFTER_RST)
        tf_say(&t, PH(w, sum_after_rst, frame_of(ctx, tf_extra_of(ctx, rec)->after_rst)));
    return buf;
}

/* ---- the explanation ------------------------------------------------------ */

/* One explanation being written: the segment, what is known around it, and
 * the text so far. */
typedef struct explainer {
    tf_subject          sub;
    const tf_handshake *hs;
    uint32_t            raw_ack;   /* the ack as sent, where tcpdump may print it relative */
    bool                whole;
    tf_text             t;
} explainer;

/* A phrase (PH) as a sentence of its own: after a separator, if anything
 * was said before. */
static void sentence(explainer *ex, const char *phrase, ...)
{
    va_list ap;
    if (ex->t.len)
        tf_put_str(&ex->t, ex->sub.w->sentence_sep);
    va_start(ap, phrase);
    tf_vput(&ex->t, phrase, ap);
    va_end(ap);
}

static const char *me(const explainer *ex)
{
    return ex->sub.w->side[tf_sender(ex->sub.r)];
}

static const char *peer(const explainer *ex)
{
    return ex->sub.w->side[tf_peer(tf_sender(ex->sub.r))];
}

static void explain_step1(explainer *ex)
{
    const words *w = ex->sub.w;
    const tf_record *syn = tf_record_at(ex->sub.ctx, ex->hs->syn);
    char when[64] = "", d[32];
    const char *ago;
    if (ex->sub.r->bits & TF_R_SIM_OPEN) {
        tf_say(&ex->t, PH(w, e_hs1_sim, ex->sub.h.sport, ex->hs->server_isn));
    } else if ((ex->sub.r->bits & TF_R_HS_RETRANS) && syn) {
        if ((ago = time_between(syn, ex->sub.r, d, sizeof d)))
            tf_say_into(when, sizeof when, PH(w, e_earlier, ago));
        tf_say(&ex->t, PH(w, e_hs1_retrans, syn->frame, when));
    } else {
        tf_say(&ex->t, PH(w, e_hs1, ex->sub.h.sport, ex->sub.h.dport, ex->hs->client_isn));
    }
    if (ex->whole && tf_handshake_incomplete(ex->sub.ctx, ex->sub.rec))
        tf_put_str(&ex->t, w->e_incomplete);
}

/* " = client ISN j + 1", the TFO variant, or why the ack is wrong. */
static const char *arithmetic(explainer *ex, char *buf, size_t size, bool client_isn)
{
    const words *w = ex->sub.w;
    uint32_t isn = client_isn ? ex->hs->client_isn : ex->hs->server_isn;
    const tf_record *syn = tf_record_at(ex->sub.ctx, ex->hs->syn);
    buf[0] = '\0';
    if (!(ex->sub.r->bits & TF_R_HS_EXPECTED))
        return buf;
    if (!(ex->sub.r->bits & TF_R_HS_ACK_OK))
        return tf_say_into(buf, size, PH(w, c_wrong, tf_hs_expected(ex->sub.ctx, ex->sub.rec, ex->raw_ack)));
    if (client_isn && syn && ex->raw_ack != isn + 1)      /* right, and not ISN + 1 */
        return tf_say_into(buf, size, PH(w, c_tfo, isn, syn->len));
    if (client_isn)
        return tf_say_into(buf, size, PH(w, c_isn_client, isn));
    return tf_say_into(buf, size, PH(w, c_isn_server, isn));
}

static bool both_established(const tf_record *r)
{
    return tf_client_state(r) == TF_ST_ESTABLISHED && tf_server_state(r) == TF_ST_ESTABLISHED;
}

static void explain_sim_open(explainer *ex)
{
    char why[160];
    arithmetic(ex, why, sizeof why, ex->sub.r->sender == TF_SERVER);
    tf_say(&ex->t, PH(ex->sub.w, e_hs_sim, me(ex), ex->raw_ack, why));
    if ((ex->sub.r->bits & TF_R_HS_COMPLETE) && both_established(ex->sub.r))
        tf_put_str(&ex->t, ex->sub.w->e_established);
}

static void explain_step2(explainer *ex)
{
    const words *w = ex->sub.w;
    const tf_record *first = tf_record_at(ex->sub.ctx, ex->hs->synack);
    char why[160];
    if ((ex->sub.r->bits & TF_R_HS_RETRANS) && first)
        tf_say(&ex->t, PH(w, e_hs2_retrans, first->frame));
    arithmetic(ex, why, sizeof why, true);
    tf_put_str(&ex->t, ex->t.len ? w->sentence_sep : "");
    tf_say(&ex->t, PH(w, e_hs2, ex->sub.h.sport, ex->raw_ack, why, ex->sub.h.seq));    /* a SYN's seq is its ISN */
    if (ex->sub.r->marks & TF_M_ISN_CHANGED)
        tf_put_str(&ex->t, w->e_hs2_isn);
}

/* ", 41.9 ms after the SYN": timed from the SYN the SYN+ACK answered, the
 * newest copy before it. */
static const char *handshake_time(explainer *ex, char *buf, size_t size)
{
    const tf_record *syn = tf_record_at(ex->sub.ctx, ex->hs->syn_last);
    char d[32];
    const char *took = time_between(syn, ex->sub.r, d, sizeof d);
    buf[0] = '\0';
    if (!took)
        return buf;
    if (ex->hs->syn_last == ex->hs->syn)
        return tf_say_into(buf, size, PH(ex->sub.w, e_hs3_time, took));
    return tf_say_into(buf, size, PH(ex->sub.w, e_hs3_time_copy, took, syn->frame));
}

/* "established" only where the tree shows it (a FIN may ride on step 3). */
static void say_handshake_done(explainer *ex, const char *when)
{
    if (both_established(ex->sub.r))
        tf_say(&ex->t, PH(ex->sub.w, e_hs3_done, when));
    else
        tf_say(&ex->t, PH(ex->sub.w, e_hs3_done_plain, when));
}

static void explain_step3(explainer *ex)
{
    const words *w = ex->sub.w;
    char why[160], when[160];
    if (!(ex->sub.r->bits & TF_R_HS_EXPECTED)) {
        tf_say(&ex->t, PH(w, e_hs3_unseen, ex->sub.h.ack));
        say_handshake_done(ex, "");
        return;
    }
    arithmetic(ex, why, sizeof why, false);
    tf_say(&ex->t, PH(w, e_hs3, ex->raw_ack, why, ex->sub.h.ack));
    if (!(ex->sub.r->bits & TF_R_HS_COMPLETE))
        tf_put_str(&ex->t, w->e_hs3_not_done);
    else
        say_handshake_done(ex, handshake_time(ex, when, sizeof when));
}

static void explain_handshake(explainer *ex)
{
    if (ex->sub.r->hs_step == 1)
        explain_step1(ex);
    else if (ex->sub.r->bits & TF_R_SIM_OPEN)
        explain_sim_open(ex);
    else if (ex->sub.r->hs_step == 2)
        explain_step2(ex);
    else
        explain_step3(ex);
}

static const char *const state_names[] = {
    "CLOSED", "LISTEN", "SYN-SENT", "SYN-RECEIVED", "ESTABLISHED", "FIN-WAIT-1", "FIN-WAIT-2", "CLOSE-WAIT",
    "CLOSING", "LAST-ACK", "TIME-WAIT",
};

/* Each teardown step ends with the states the tree shows after it, so the
 * words never name another state than the tree. */
static void explain_teardown(explainer *ex)
{
    const words *w = ex->sub.w;
    const tf_record *r = ex->sub.r;
    tf_state mine = tf_sender(r) ? tf_server_state(r) : tf_client_state(r);
    if (r->bits & TF_R_FIN_RETRANS)
        sentence(ex, PH(w, e_td_retrans, me(ex)));
    else if (tf_teardown_step(r, 2) && tf_teardown_step(r, 3))
        sentence(ex, PH(w, e_td23, me(ex), peer(ex), ex->sub.h.ack));
    else if (tf_teardown_step(r, 1))
        sentence(ex, PH(w, e_td1, me(ex)));
    else if (tf_teardown_step(r, 2))      /* only a side that has not sent its FIN may still send */
        sentence(ex, PH(w, e_td2, me(ex), peer(ex), ex->sub.h.ack,
                        mine == TF_ST_CLOSE_WAIT ? w->e_may_send : w->e_end));
    else if (tf_teardown_step(r, 3))
        sentence(ex, PH(w, e_td3, me(ex)));
    else if (tf_teardown_step(r, 4))
        sentence(ex, PH(w, e_td4, me(ex), peer(ex), ex->sub.h.ack));
    if (r->bits & TF_R_SIM_CLOSE)
        tf_put_str(&ex->t, w->e_td_sim);
    tf_say(&ex->t, PH(w, e_states, state_names[tf_client_state(r)], state_names[tf_server_state(r)]));
}

/* "The client sends 7 bytes (seq 1:8)", and what it was: sent again, out
 * of order. */
static void explain_data_sent(explainer *ex)
{
    const words *w = ex->sub.w;
    const tf_record *r = ex->sub.r;
    const tf_extra *x = tf_extra_of(ex->sub.ctx, ex->sub.rec);
    const tf_record *original = tf_record_at(ex->sub.ctx, x->original);
    uint32_t seq = r->seq_rel, next = tf_next_rel(r);
    const char *bytes = unit(w, r->len);

    if (r->marks & TF_M_SPURIOUS)
        sentence(ex, PH(w, e_data_spurious, me(ex), r->len, bytes, seq, next, peer(ex)));
    else if (x->retrans_bytes && original)
        sentence(ex, PH(w, e_data_retrans_of, me(ex), r->len, bytes, seq, next, original->frame));
    else if (x->retrans_bytes)
        sentence(ex, PH(w, e_data_retrans, me(ex), r->len, bytes, seq, next));
    else if ((r->bits & TF_R_OUT_OF_ORDER) && x->resend && x->fills_gap_of)
        sentence(ex, PH(w, e_data_refill, me(ex), r->len, bytes, seq, next, frame_of(ex->sub.ctx, x->fills_gap_of)));
    else if (r->bits & TF_R_OUT_OF_ORDER)
        sentence(ex, PH(w, e_data_ooo, me(ex), r->len, bytes, seq, next));
    else
        sentence(ex, PH(w, e_data, me(ex), r->len, bytes, seq, next));
}

static void explain_data(explainer *ex)
{
    const words *w = ex->sub.w;
    const tf_record *r = ex->sub.r;
    const tf_record *acker = tf_record_at(ex->sub.ctx, r->acked_in);
    char when[64] = "", d[32];
    const char *took;

    explain_data_sent(ex);
    if (!acker && ex->whole && tf_never_acked(r)) {
        tf_say(&ex->t, PH(w, e_never_acked, peer(ex)));
    } else if (!acker) {
        tf_put_str(&ex->t, w->e_end);
    } else if (!tf_ack_timed(r)) {
        tf_say(&ex->t, PH(w, e_acked, peer(ex), acker->frame, w->e_not_timed));
    } else {
        if ((took = time_between(r, acker, d, sizeof d)))
            tf_say_into(when, sizeof when, PH(w, e_later, took));
        tf_say(&ex->t, PH(w, e_acked, peer(ex), acker->frame, when));
    }
}

/* "4, 5 and 6" */
static const char *frame_list(const tf_ctx *ctx, const words *w, const uint32_t *recs, uint32_t n, char *buf,
                              size_t size)
{
    tf_text l = tf_text_on(buf, size);
    for (uint32_t i = 0; i < n; i++) {
        tf_put_str(&l, i == 0 ? "" : i + 1 == n ? w->list_and : w->list_comma);
        tf_put_uint(&l, frame_of(ctx, recs[i]));
    }
    return buf;
}

/* Why the data was sent again: what prompted it, and when. */
static void explain_resend(explainer *ex, const tf_extra *x)
{
    const words *w = ex->sub.w;
    const tf_ctx *ctx = ex->sub.ctx;
    char d[32], list[160], ratio[16];
    const char *since = time_between(tf_record_at(ctx, x->previous), ex->sub.r, d, sizeof d);
    uint32_t dups[16], n;
    double grew;

    switch (x->resend) {
    case TF_RS_FAST:
        n = tf_dup_acks(ctx, ex->sub.rec, dups, G_N_ELEMENTS(dups));
        frame_list(ctx, w, dups, n, list, sizeof list);
        if (n < x->dup_acks)                 /* the first ones only */
            g_strlcat(list, " …", sizeof list);
        sentence(ex, PH(w, e_rs_fast, peer(ex), x->dup_acks, list, ex->sub.r->seq_rel));
        break;
    case TF_RS_SACK:
        sentence(ex, PH(w, e_rs_sack, frame_of(ctx, x->trigger), me(ex)));
        break;
    case TF_RS_RECOVERY:
        sentence(ex, PH(w, e_rs_recovery, me(ex)));
        break;
    case TF_RS_TIMEOUT:
        if (since)
            sentence(ex, PH(w, e_rs_timeout, me(ex), since));
        else
            sentence(ex, PH(w, e_rs_timeout_plain, me(ex)));
        if (since && tf_backoff(ctx, ex->sub.rec, &grew)) {
            snprintf(ratio, sizeof ratio, "%.1f", grew);
            tf_say(&ex->t, PH(w, e_rs_backoff, x->copy, ratio));
        }
        break;
    case TF_RS_TLP:
        if (since)
            sentence(ex, PH(w, e_rs_tlp, me(ex), since));
        break;
    default:
        break;
    }
    if (x->fills_gap_of && !x->resend)      /* else said with the data */
        sentence(ex, PH(w, e_fills_gap, frame_of(ctx, x->fills_gap_of)));
    if (x->dsack_in)
        sentence(ex, PH(w, e_dsack_in, frame_of(ctx, x->dsack_in)));
}

/* Bytes missing before the segment, and what became of them. */
static void explain_gap(explainer *ex, const tf_extra *x)
{
    const words *w = ex->sub.w;
    sentence(ex, PH(w, e_gap, x->gap, unit(w, x->gap), me(ex)));
    if (x->loss_flags & TF_L_GAP_ACKED)
        tf_say(&ex->t, PH(w, e_gap_acked, peer(ex)));
    else if (x->gap_filled_in && tf_extra_of(ex->sub.ctx, x->gap_filled_in)->resend)
        tf_say(&ex->t, PH(w, e_gap_filled, frame_of(ex->sub.ctx, x->gap_filled_in)));
    else if (x->gap_filled_in)
        tf_say(&ex->t, PH(w, e_gap_late, frame_of(ex->sub.ctx, x->gap_filled_in)));
    else if (ex->whole)
        tf_put_str(&ex->t, w->e_gap_open);
}

/* What an ACK's SACK blocks report, and a copy received twice. */
static void explain_sack(explainer *ex, const tf_extra *x)
{
    const words *w = ex->sub.w;
    const tf_ctx *ctx = ex->sub.ctx;
    char span[64] = "", hole[64] = "";
    uint32_t first = frame_of(ctx, x->sack_first), last = frame_of(ctx, x->sack_last);

    if (x->sack_held) {
        if (first && last && first != last)
            tf_say_into(span, sizeof span, PH(w, e_sack_span, first, last));
        else if (first && first == last)
            tf_say_into(span, sizeof span, PH(w, e_sack_one, first));
        if (x->sack_hole && x->sack_missing)
            tf_say_into(hole, sizeof hole, PH(w, e_sack_hole, frame_of(ctx, x->sack_hole)));
        sentence(ex, PH(w, e_sack, me(ex), x->sack_held, span, x->sack_missing, hole));
    }
    if ((x->loss_flags & TF_L_DSACK) && x->dsack_of)
        sentence(ex, PH(w, e_dsack, me(ex), frame_of(ctx, x->dsack_of)));
    else if (x->loss_flags & TF_L_DSACK)
        sentence(ex, PH(w, e_dsack_plain, me(ex)));
}

/* What the sender's window says, and whether its data filled the peer's. */
static void explain_window(explainer *ex, const tf_extra *x)
{
    const words *w = ex->sub.w;
    const tf_ctx *ctx = ex->sub.ctx;
    uint8_t ev = x->win_events;
    char d[32], closed[48] = "";

    if (ev & TF_W_ZERO)
        sentence(ex, PH(w, e_zero_window, me(ex), peer(ex)));
    if (ev & TF_W_REOPENED) {
        const char *took = time_between(tf_record_at(ctx, x->zero_since), ex->sub.r, d, sizeof d);
        if (took)
            tf_say_into(closed, sizeof closed, PH(w, e_for, took));
        sentence(ex, PH(w, e_win_reopened, me(ex), x->win_size, frame_of(ctx, x->zero_since), closed));
    } else if ((ev & TF_W_UPDATE) && x->win_size > x->win_previous) {
        sentence(ex, PH(w, e_win_up, me(ex), x->win_previous, x->win_size, peer(ex)));
    } else if (ev & TF_W_UPDATE) {
        sentence(ex, PH(w, e_win_down, me(ex), x->win_previous, x->win_size));
    }
    if (ev & TF_W_FULL)
        sentence(ex, PH(w, e_win_full, me(ex), x->win_in_flight, peer(ex), x->win_offered, peer(ex)));
    if (ev & TF_W_SHRUNK)
        sentence(ex, PH(w, e_win_shrunk, me(ex), x->shrunk_by, x->win_size, x->win_previous));
    if (ev & TF_W_RELIEVED) {
        const char *held = time_between(tf_record_at(ctx, x->full_since), ex->sub.r, d, sizeof d);
        char during[48] = "";
        if (held)
            tf_say_into(during, sizeof during, PH(w, e_for, held));
        sentence(ex, PH(w, e_win_relieved, peer(ex), frame_of(ctx, x->full_since), during));
    }
    if (ev & TF_W_SCALE_UNKNOWN)
        tf_put_str(&ex->t, w->e_scale_unknown);
}

/* A delayed ACK, a segment Nagle held back for one, the idle time before it. */
static void explain_timing(explainer *ex, const tf_extra *x)
{
    const tf_pace_note *n = tf_pace_of(ex->sub.ctx, ex->sub.rec);
    const words *w = ex->sub.w;
    const tf_ctx *ctx = ex->sub.ctx;
    int64_t delay, held;
    char a[32], b[32], c[32];
    const char *span;
    if (tf_ack_held(ctx, ex->sub.rec, &delay, &held))
        sentence(ex, PH(w, e_delack, me(ex), frame_of(ctx, tf_newest_link(ctx, ex->sub.rec)),
                        duration(delay, a, sizeof a), duration(held, b, sizeof b),
                        duration(n->delack_base, c, sizeof c)));
    if ((x->timing & TF_T_NAGLE) && (span = time_between(tf_record_at(ctx, n->nagle_after), ex->sub.r, a, sizeof a)))
        sentence(ex, PH(w, e_nagle, me(ex), frame_of(ctx, n->nagle_ack), frame_of(ctx, n->nagle_after), span));
    if ((x->timing & TF_T_IDLE) && (span = time_between(tf_record_at(ctx, n->idle_since), ex->sub.r, a, sizeof a)))
        sentence(ex, PH(w, e_idle, span, frame_of(ctx, n->idle_since)));
}

/* ECN: the handshake's offer and answer, a congestion mark, its echo and the answer to it. */
static void explain_ecn(explainer *ex, const tf_extra *x)
{
    const tf_pace_note *n = tf_pace_of(ex->sub.ctx, ex->sub.rec);
    const words *w = ex->sub.w;
    uint32_t link = frame_of(ex->sub.ctx, n->ecn_link);
    if (x->ecn & TF_E_SETUP)
        sentence(ex, PH_AT(w, e_ecn_setup, n->ecn_setup - 1u, me(ex)));
    if (x->ecn & TF_E_CE)
        sentence(ex, PH(w, e_ce, me(ex)));
    if ((x->ecn & TF_E_ECE) && link)
        sentence(ex, PH(w, e_ece, me(ex), link, peer(ex)));
    else if (x->ecn & TF_E_ECE)
        sentence(ex, PH(w, e_ece_plain, me(ex), peer(ex)));
    if (x->ecn & TF_E_ECE_MORE)
        sentence(ex, PH(w, e_ece_more, me(ex), link, peer(ex)));
    if (x->ecn & TF_E_CWR)
        sentence(ex, PH(w, e_cwr, me(ex), frame_of(ex->sub.ctx, n->cwr_of)));
    if (x->ecn & TF_E_ACE)
        sentence(ex, PH(w, e_ace, me(ex), n->ace, n->ace_delta));
}

/* "the 7 bytes from frame 4", "the 300 bytes from frames 4, 5 and 6" */
static const char *what_acked(explainer *ex, char *buf, size_t size)
{
    const words *w = ex->sub.w;
    uint32_t n, b = ex->sub.r->acked_bytes;
    const uint32_t *links = tf_links(ex->sub.ctx, ex->sub.rec, &n);
    if (n == 1)
        return tf_say_into(buf, size, PH(w, e_ack_one, b, unit(w, b), frame_of(ex->sub.ctx, links[0])));
    if (n > 4)
        return tf_say_into(buf, size, PH(w, e_ack_many, b, unit(w, b), frame_of(ex->sub.ctx, links[0]),
                                      frame_of(ex->sub.ctx, links[n - 1]), n));
    char list[96];
    return tf_say_into(buf, size, PH(w, e_ack_list, b, unit(w, b), frame_list(ex->sub.ctx, w, links, n, list,
                                                                               sizeof list)));
}

static void explain_ack(explainer *ex)
{
    const words *w = ex->sub.w;
    const tf_record *r = ex->sub.r;
    char what[256];
    uint32_t nlinks;
    if (ack_told_by_step(r))
        return;
    tf_links(ex->sub.ctx, ex->sub.rec, &nlinks);
    if (r->acked_bytes && nlinks)
        sentence(ex, PH(w, e_ack, me(ex), ex->sub.h.ack, what_acked(ex, what, sizeof what)));
    else if (r->acked_bytes)
        sentence(ex, PH(w, e_ack_partial, me(ex), ex->sub.h.ack, r->acked_bytes, unit(w, r->acked_bytes)));
    else if (nlinks)
        sentence(ex, PH(w, e_ack_phantom, frame_of(ex->sub.ctx, tf_newest_link(ex->sub.ctx, ex->sub.rec))));
    uint32_t unseen = tf_extra_of(ex->sub.ctx, ex->sub.rec)->unseen_bytes;
    if (unseen)
        tf_say(&ex->t, PH(w, e_unseen, unseen, unit(w, unseen)));
    if (nlinks && !tf_rtt_link(ex->sub.ctx, ex->sub.rec))
        sentence(ex, w->e_ack_not_timed);
}

static void explain_answer(explainer *ex, const tf_record *probe)
{
    const words *w = ex->sub.w;
    unsigned kind = answer_kind(probe);
    if (kind == 1 && ex->sub.h.win)
        sentence(ex, PH(w, e_answers_zwp_open, me(ex), probe->frame, ex->sub.h.win));
    else if (kind == 1)
        sentence(ex, PH(w, e_answers_zwp_closed, me(ex), probe->frame));
    else if (kind == 2)
        sentence(ex, PH(w, e_answers_spurious, me(ex), probe->frame, ex->sub.h.ack));
    else
        sentence(ex, PH(w, e_answers_keepalive, me(ex), probe->frame, ex->sub.h.ack));
}

static void explain_rst(explainer *ex)
{
    const words *w = ex->sub.w;
    const tf_record *r = ex->sub.r;
    const tf_extra *x = tf_extra_of(ex->sub.ctx, ex->sub.rec);
    uint32_t unacked = x->rst_unacked[TF_CLIENT] + x->rst_unacked[TF_SERVER];
    char tail[160];
    if (r->marks & TF_M_AFTER_RST) {
        sentence(ex, PH(w, e_rst_again, me(ex)));
        return;
    }
    if (r->bits & TF_R_RST_REFUSED) {
        sentence(ex, PH(w, e_refused, ex->sub.h.sport));
        return;
    }
    const char *flight = unacked ? tf_say_into(tail, sizeof tail, PH(w, e_rst_inflight, unacked, unit(w, unacked)))
                                 : w->e_rst_clean;
    sentence(ex, PH(w, e_rst, me(ex), w->e_rst_phase[r->rst_phase], flight));
}

/* What else the segment is: a duplicate ACK, a probe or an answer to one,
 * a FIN after a reset, an impossible ack. */
static void explain_notes(explainer *ex)
{
    const words *w = ex->sub.w;
    const tf_record *r = ex->sub.r;
    const tf_extra *x = tf_extra_of(ex->sub.ctx, ex->sub.rec);
    if (x->win_events)
        explain_window(ex, x);
    if (x->timing)
        explain_timing(ex, x);
    if (x->ecn)
        explain_ecn(ex, x);
    if (x->dup_count)
        sentence(ex, PH(w, e_dup, x->dup_count, me(ex), frame_of(ex->sub.ctx, x->dup_of), ex->sub.h.ack,
                        ex->sub.h.ack));
    if (r->bits & TF_R_KEEPALIVE)
        sentence(ex, PH(w, e_keepalive, me(ex), peer(ex)));
    if ((r->bits & TF_R_ZERO_WIN_PROBE) && r->len)
        sentence(ex, PH(w, e_zwp, peer(ex), me(ex)));
    else if (r->bits & TF_R_ZERO_WIN_PROBE)
        sentence(ex, PH(w, e_zwp_empty, peer(ex), me(ex)));
    const tf_record *probe = tf_record_at(ex->sub.ctx, x->answers);
    if (probe)
        explain_answer(ex, probe);
    if ((r->marks & TF_M_AFTER_RST) && (r->marks & TF_M_FIN))
        sentence(ex, PH(w, e_fin, me(ex)));
    if (r->marks & TF_M_ACK_BEYOND)
        sentence(ex, PH(w, e_ack_beyond, ex->sub.h.ack, peer(ex)));
}

/* ---- where a connection's time went ---------------------------------------- */

/* "512 bytes", "8.0 kB", "8.0 MB", "1.2 GB" */
static const char *size_text(const words *w, uint64_t n, char *buf, size_t size)
{
    if (n < 1000)
        snprintf(buf, size, "%" PRIu64 " %s", n, w->bytes[n != 1]);
    else
        snprintf(buf, size, "%.1f %s", n < 1000000 ? n / 1e3 : n < 1000000000 ? n / 1e6 : n / 1e9,
                 n < 1000000 ? "kB" : n < 1000000000 ? "MB" : "GB");
    return buf;
}

/* The verdict's sentence: its part's time and share, and whom it concerns. */
static void say_verdict(tf_text *x, const words *w, const tf_times *t)
{
    tf_verdict v = (tf_verdict)t->verdict;
    int64_t ns = tf_verdict_ns(t, v);
    char span[32];
    const char *when = duration(ns, span, sizeof span);
    unsigned pct = t->duration > 0 ? (unsigned)(100.0 * ns / t->duration + 0.5) : 0;
    tf_side s = (tf_side)t->verdict_side;
    const char *me = w->side[s], *peer = w->side[tf_peer(s)];
    switch (v) {
    case TF_V_HANDSHAKE: tf_say(x, PH(w, v_handshake, when, pct)); break;
    case TF_V_NETWORK:   tf_say(x, PH(w, v_network, when, pct, me)); break;
    case TF_V_RECEIVER:  tf_say(x, PH(w, v_receiver, when, pct, me, peer)); break;
    case TF_V_LOSS:
        if (t->part[TF_PART_TIMEOUT][s] >= t->part[TF_PART_FAST][s])
            tf_say(x, PH(w, v_loss_timeout, when, pct, me, t->timeouts[s]));
        else
            tf_say(x, PH(w, v_loss_fast, when, pct, me, t->recoveries[s]));
        break;
    case TF_V_STALLS:    tf_say(x, PH(w, v_stalls, when, pct, me)); break;
    case TF_V_IDLE:      tf_say(x, PH(w, v_idle, when, pct)); break;
    case TF_V_TEARDOWN:  tf_say(x, PH(w, v_teardown, when, pct)); break;
    default:             tf_put_str(x, w->v_none); break;
    }
}

static void say_diagnosis(tf_text *x, const words *w, const tf_times *t)
{
    char bytes[32], dur[32];
    tf_say(x, PH(w, v_intro, size_text(w, t->bytes[TF_CLIENT] + t->bytes[TF_SERVER], bytes, sizeof bytes),
                 duration(t->duration, dur, sizeof dur)));
    say_verdict(x, w, t);
}

char *tf_diagnosis(const tf_times *t, tf_lang lang, char *buf, size_t size)
{
    tf_text x = tf_text_on(buf, size);
    say_diagnosis(&x, tf_words(lang), t);
    return buf;
}

/* English sentences start with a capital: "the client" -> "The client";
 * every sentence begins at the start or after ". ". */
static void capitalize_sentences(tf_text *t)
{
    for (size_t i = 0; i < t->len; i++) {
        bool starts = i == 0 || (i >= 2 && t->buf[i - 2] == '.' && t->buf[i - 1] == ' ');
        if (starts && t->buf[i] >= 'a' && t->buf[i] <= 'z')
            t->buf[i] = (char)(t->buf[i] - 'a' + 'A');
    }
}

char *tf_explain(const tf_ctx *ctx, uint32_t rec, const tf_wire *wire, tf_lang lang, bool whole,
                 char *buf, size_t size)
{
    explainer ex = { .t = tf_text_on(buf, size), .whole = whole };
    if (!tf_subject_of(&ex.sub, ctx, rec, wire, lang))
        return buf;
    const tf_record *r = ex.sub.r;
    ex.hs = tf_handshake_of(ctx, rec);
    ex.raw_ack = tf_be32(wire->tcp + 8);

    if (r->hs_step)
        explain_handshake(&ex);
    if (r->td_steps)
        explain_teardown(&ex);
    const tf_extra *x = tf_extra_of(ctx, rec);
    if (r->bits & TF_R_HAS_DATA)
        explain_data(&ex);
    if (x->resend || x->fills_gap_of || x->dsack_in)
        explain_resend(&ex, x);
    if (x->gap)
        explain_gap(&ex, x);
    if (r->bits & TF_R_NEW_ACK)
        explain_ack(&ex);
    if (x->sack_held || (x->loss_flags & TF_L_DSACK))
        explain_sack(&ex, x);
    explain_notes(&ex);
    if (r->rst_phase)
        explain_rst(&ex);
    if (!ex.t.len)
        sentence(&ex, PH(ex.sub.w, e_nothing, me(&ex), ex.sub.h.ack));
    if (r->marks & TF_M_AFTER_RST)
        sentence(&ex, PH(ex.sub.w, e_after_rst, frame_of(ctx, tf_extra_of(ctx, rec)->after_rst)));
    if (r->bits & TF_R_ROLES_INFERRED)
        tf_put_str(&ex.t, ex.sub.w->e_inferred);
    tf_times times;
    if (whole && tf_times_at_end(ctx, rec, &times)) {        /* the connection's last segment: its time */
        tf_put_str(&ex.t, ex.sub.w->sentence_sep);
        say_diagnosis(&ex.t, ex.sub.w, &times);
    }
    if (lang == TF_LANG_EN)
        capitalize_sentences(&ex.t);
    return buf;
}

/* ---- checking the tables -------------------------------------------------- */

/* The rows by name, for tf_text_check. */
static const struct row {
    const char *name, *en, *zh;
} rows[] = {
#define WORD(name, en, zh) { #name, en, zh },
#define PHRASE(name, args, en, zh) { #name, en, zh },
#define LIST(name, count)
#define WORD_AT(name, nth, en, zh) { #name "[" #nth "]", en, zh },
#define PHRASE_AT(name, nth, args, en, zh) { #name "[" #nth "]", en, zh },
#include "tcpflow-phrases.h"
};

/* What the compiler cannot see: that the engine prints every format (the
 * compiler checks them as the C library's), that both languages take the
 * same arguments at run time too, and that no element of a list is
 * missing. */
bool tf_text_check(char *why, size_t size)
{
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        char a[16], b[16];
        if (!tf_format_check(rows[i].en, a, sizeof a) || !tf_format_check(rows[i].zh, b, sizeof b) ||
            strcmp(a, b) != 0) {
            snprintf(why, size, "phrase %s: \"%s\" vs \"%s\"", rows[i].name, rows[i].en, rows[i].zh);
            return false;
        }
    }
    const char *const *en = (const char *const *)&tf_words_en, *const *zh = (const char *const *)&tf_words_zh;
    for (size_t i = 0; i < sizeof(words) / sizeof(const char *); i++)
        if (!en[i] || !zh[i]) {
            snprintf(why, size, "phrase %zu of the words struct is missing", i);
            return false;
        }
    return true;
}

/* Where a piece of an explanation may end: a sentence's end always; a
 * clause's (";", ":", then ",") once the piece is long enough to read on
 * its own.  `at`: the bytes before p. */
static size_t piece_end(const char *p, size_t at)
{
    static const struct {
        const char *mark;
        size_t      after;     /* the shortest piece it ends */
    } marks[] = {
        { ". ", 0 }, { "? ", 0 }, { "! ", 0 }, { "\xe3\x80\x82", 0 },                    /* 。 */
        { "; ", 60 }, { ": ", 60 }, { "\xef\xbc\x9b", 60 }, { "\xef\xbc\x9a", 60 },     /* ；： */
        { ", ", 120 }, { "\xef\xbc\x8c", 120 },                                        /* ， */
    };
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
        size_t n = strlen(marks[i].mark);
        if (at >= marks[i].after && !strncmp(p, marks[i].mark, n))
            return n;
    }
    return 0;
}

/* How a character changes the depth of brackets: ( and （ open, ) and ） close. */
static int bracket_step(const char *p)
{
    if (*p == '(' || !strncmp(p, "\xef\xbc\x88", 3))
        return 1;
    if (*p == ')' || !strncmp(p, "\xef\xbc\x89", 3))
        return -1;
    return 0;
}

size_t tf_sentence_length(const char *text)
{
    int depth = 0;
    for (const char *p = text; *p; p++) {
        depth += bracket_step(p);
        size_t n = depth > 0 ? 0 : piece_end(p, (size_t)(p - text));
        if (n && p[n])                       /* never inside brackets, never an empty last piece */
            return (size_t)(p + n - text);
    }
    return strlen(text);
}

/* ---- the ladder diagram ------------------------------------------------------ */

char *tf_ladder_heading(uint32_t stream, const char *client, const char *server, tf_lang lang, char *buf, size_t size)
{
    return tf_say_into(buf, size, PH(tf_words(lang), l_heading, stream, client, server));
}

const char *tf_ladder_columns(tf_lang lang)
{
    return tf_words(lang)->l_columns;
}

/* The end of a bracketed list that starts at p ("[...]", nested lists too). */
static const char *bracket_end(const char *p)
{
    int depth = 0;
    for (; *p; p++) {
        depth += *p == '[' ? 1 : *p == ']' ? -1 : 0;
        if (!depth)
            return p + 1;
    }
    return p;
}

char *tf_ladder_label(const char *tcpdump_line, char *buf, size_t size)
{
    static const char flags[] = ": Flags ", options[] = ", options ";
    const char *from = strstr(tcpdump_line, flags);
    from = from ? from + sizeof flags - 1 : tcpdump_line;
    const char *opts = strstr(from, ", options [");
    tf_text t = tf_text_on(buf, size);
    tf_put_bytes(&t, from, opts ? (size_t)(opts - from) : strlen(from));
    if (opts)
        tf_put_str(&t, bracket_end(opts + sizeof options - 1));
    return buf;
}

char *tf_ladder_arrow(tf_side sender, const char *label, size_t width, char *buf, size_t size)
{
    size_t len = strlen(label), inner = width > len + 6 ? width : len + 6;
    tf_text t = tf_text_on(buf, size);
    tf_put_str(&t, sender == TF_CLIENT ? "|-- " : "|<-- ");
    tf_put_str(&t, label);
    tf_put_str(&t, " ");
    for (size_t i = 0; i < inner - 5 - len; i++)
        tf_put_str(&t, "-");
    tf_put_str(&t, sender == TF_CLIENT ? ">|" : "|");
    return buf;
}
