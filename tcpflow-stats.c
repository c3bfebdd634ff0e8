/* tcpflow-stats.c — TCP Flow Analysis statistics: a stats tree (Statistics
 * menu, tshark -z tcpflow,tree) and a per-connection table in the spirit of
 * Zeek's conn.log (tshark -z tcpflow,conn[,csv][,FILTER]).
 *
 * Both listen to the "tcpflow" tap, which carries the record of every
 * analysed segment, and read the rest from the analysis.  Counts that are
 * only final at the end of the capture (how a connection ended, what was
 * never acknowledged) are kept current packet by packet, so they are right
 * after one pass as after two.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>

#include <epan/packet.h>
#include <epan/address.h>
#include <epan/to_str.h>
#include <epan/tap.h>
#include <epan/stat_tap_ui.h>
#include <epan/stats_tree.h>

#include "packet-tcpflow.h"
#include "tcpflow-compat.h"

/* ---- shared ---------------------------------------------------------- */

/* One byte per stream, grown on demand (streams are numbered densely). */
static guint8 *stream_byte(GByteArray *a, guint32 stream)
{
    if (stream >= a->len) {
        guint old = a->len;
        g_byte_array_set_size(a, stream + 1);
        memset(a->data + old, 0, a->len - old);
    }
    return &a->data[stream];
}

static const tf_record *tapped_record(const void *p, tf_conn_info *info)
{
    tf_ctx *ctx = tcpflow_analysis();
    const tf_record *r = ctx ? tf_record_at(ctx, ((const tcpflow_tap_data *)p)->rec) : NULL;
    if (!r || (r->bits & TF_R_SKIPPED) || !tf_conn_info_of(ctx, r->stream, info))
        return NULL;
    return r;
}

/* ---- the stats tree ------------------------------------------------------ */

static const char *const outcome_names[TF_OUT_COUNT] = {
    [TF_OUT_NEVER_ANSWERED]   = "Never answered (SYN only)",
    [TF_OUT_REFUSED]          = "Refused (SYN answered by RST)",
    [TF_OUT_RST_HANDSHAKE]    = "Reset during the handshake",
    [TF_OUT_RST_ESTABLISHED]  = "Reset while established",
    [TF_OUT_RST_CLOSING]      = "Reset while closing",
    [TF_OUT_CLOSED_BY_CLIENT] = "Closed in order, client first",
    [TF_OUT_CLOSED_BY_SERVER] = "Closed in order, server first",
    [TF_OUT_OPEN]             = "Still open at the end",
};

#define N_CONNECTIONS   "Connections"
#define N_COMPLETE      "Handshake completed"
#define N_ENDED         "How they ended"
#define N_HS_RTT        "Handshake RTT (\xc2\xb5s)"
#define N_ACK_DELAY     "ACK delay of data segments (\xc2\xb5s)"
#define N_SEGMENTS      "Data segments"
#define N_ACKED         "Acknowledged"
#define N_NOT_ACKED     "Not acknowledged (at the end: never)"
#define N_RETRANSMITTED "Retransmissions"
#define N_FLOW_CONTROL  "Flow control (segments)"
#define N_ZERO_WINDOW   "Zero window"
#define N_ZERO_TIME     "Zero-window time (\xc2\xb5s)"
#define N_WINDOW_FULL   "Window full"
#define N_FULL_TIME     "Window-full time (\xc2\xb5s)"
#define N_WIN_UPDATE    "Window update"
#define N_WIN_SHRUNK    "Window shrunk"
#define N_LOSS          "Loss and recovery (segments)"
#define N_GAP           "Bytes never seen before it"
#define N_DSACK         "D-SACK (a copy received twice)"
#define N_TIMING        "Timing (segments)"
#define N_DELACK        "Delayed ACK"
#define N_DELACK_TIME   "Delayed-ACK hold (\xc2\xb5s)"
#define N_NAGLE         "Nagle stall"
#define N_NAGLE_TIME    "Nagle stall time (\xc2\xb5s)"
#define N_IDLE          "After idle time"
#define N_IDLE_TIME     "Idle time (\xc2\xb5s)"
#define N_ECN           "ECN (segments)"
#define N_CE            "CE marked (congestion experienced)"
#define N_ECE           "ECE (a congestion mark echoed)"
#define N_CWR           "CWR (congestion window reduced)"
#define N_ACE           "ACE counter moved (Accurate ECN)"
#define N_VERDICTS      "Connections by what limited them most"
#define N_PARTS         "Where the time went (ms, all connections)"

/* Rows of the retransmissions by kind (index: tf_resend; none for a gap's
 * filler that nothing prompted). */
static const char *const resend_names[TF_RS_COUNT] = {
    [TF_RS_NONE]     = NULL,
    [TF_RS_FAST]     = "Fast retransmission",
    [TF_RS_TIMEOUT]  = "Timeout retransmission",
    [TF_RS_SACK]     = "SACK-guided retransmission",
    [TF_RS_TLP]      = "Tail-loss probe",
    [TF_RS_SPURIOUS] = "Spurious retransmission",
    [TF_RS_RECOVERY] = "Fast-recovery retransmission",
};

/* The window events counted, by bit (tf_extra.win_events). */
static const struct {
    guint8      bit;
    const char *name;
} window_rows[] = {
    { TF_W_ZERO, N_ZERO_WINDOW }, { TF_W_FULL, N_WINDOW_FULL }, { TF_W_UPDATE, N_WIN_UPDATE },
    { TF_W_SHRUNK, N_WIN_SHRUNK },
};

/* What SYNs and SYN+ACKs say about ECN, by tf_ecn_setup. */
static const char *const ecn_setup_names[TF_ES_COUNT] = {
    [TF_ES_NONE]         = NULL,
    [TF_ES_ASK]          = "Asks for ECN",
    [TF_ES_ASK_ACCECN]   = "Asks for Accurate ECN",
    [TF_ES_AGREE]        = "Agrees to ECN",
    [TF_ES_AGREE_ACCECN] = "Agrees to Accurate ECN",
    [TF_ES_DECLINE]      = "Does not agree to ECN",
};

/* The ECN signals counted, by bit (tf_extra.ecn). */
static const struct {
    guint8      bit;
    const char *name;
} ecn_rows[] = {
    { TF_E_CE, N_CE }, { TF_E_ECE, N_ECE }, { TF_E_CWR, N_CWR }, { TF_E_ACE, N_ACE },
};

/* Rows of the verdicts (index: tf_verdict) and of the parts (tf_part). */
static const char *const verdict_names[TF_V_COUNT] = {
    [TF_V_NONE]      = "Too short to tell",
    [TF_V_HANDSHAKE] = "Handshake",
    [TF_V_NETWORK]   = "Network (data in flight, window open)",
    [TF_V_RECEIVER]  = "Receiver (zero or full window)",
    [TF_V_LOSS]      = "Loss recovery",
    [TF_V_STALLS]    = "Delayed-ACK and Nagle stalls",
    [TF_V_IDLE]      = "Application idle",
    [TF_V_TEARDOWN]  = "Teardown",
};

static const char *const part_names[TF_PART_COUNT] = {
    [TF_PART_HANDSHAKE] = "Handshake time",
    [TF_PART_SENDING]   = "Sending time",
    [TF_PART_RECEIVER]  = "Receiver-limited time",
    [TF_PART_FAST]      = "Fast recovery time",
    [TF_PART_TIMEOUT]   = "Retransmission timeout time",
    [TF_PART_STALL]     = "Stall time (delayed ACK, Nagle)",
    [TF_PART_IDLE]      = "Idle time (applications)",
    [TF_PART_TEARDOWN]  = "Teardown time",
};

/* Where a stream's count is, per stream: 0 not counted yet, else its row + 1. */
G_STATIC_ASSERT(TF_OUT_COUNT <= 16 && TF_V_COUNT <= 16);
typedef struct moving_count {
    GByteArray *row;
    int         count[16];   /* more than tf_outcome and tf_verdict have */
} moving_count;

static struct {
    int          connections, ended, segments, flow_control, loss, timing, ecn, verdicts, parts;
    moving_count outcome;    /* rows: tf_outcome */
    moving_count verdict;    /* rows: tf_verdict */
    GArray      *part_ns;    /* per stream: its parts as last counted (gint64 [TF_PART_COUNT]) */
    gint64       part_total[TF_PART_COUNT], all_parts;
    int          data, acked;
} tree_state;

static void tree_cleanup(stats_tree *st _U_)
{
    if (tree_state.outcome.row)
        g_byte_array_free(tree_state.outcome.row, TRUE);
    if (tree_state.verdict.row)
        g_byte_array_free(tree_state.verdict.row, TRUE);
    if (tree_state.part_ns)
        g_array_free(tree_state.part_ns, TRUE);
    memset(&tree_state.outcome, 0, sizeof tree_state.outcome);
    memset(&tree_state.verdict, 0, sizeof tree_state.verdict);
    memset(tree_state.part_total, 0, sizeof tree_state.part_total);
    tree_state.all_parts = 0;
    tree_state.part_ns = NULL;
}

/* The rows.  Wireshark's dialog sorts every level by name, descending,
 * and tshark sorts all but the top one as its flags say: with names
 * descending in both, and the top rows made in that order, the GUI and
 * tshark list the same rows in the same order. */
static void tree_init(stats_tree *st)
{
    tree_state.parts = stats_tree_create_node(st, N_PARTS, 0, STAT_DT_INT, TRUE);
    for (int p = 0; p < TF_PART_COUNT; p++)
        stats_tree_create_node(st, part_names[p], tree_state.parts, STAT_DT_INT, FALSE);
    tree_state.timing = stats_tree_create_node(st, N_TIMING, 0, STAT_DT_INT, TRUE);
    stats_tree_create_node(st, N_DELACK, tree_state.timing, STAT_DT_INT, FALSE);
    stats_tree_create_node(st, N_NAGLE, tree_state.timing, STAT_DT_INT, FALSE);
    stats_tree_create_node(st, N_IDLE, tree_state.timing, STAT_DT_INT, FALSE);
    stats_tree_create_range_node(st, N_DELACK_TIME, tree_state.timing, "0-49999", "50000-99999", "100000-199999",
                                 "200000-", NULL);
    stats_tree_create_range_node(st, N_NAGLE_TIME, tree_state.timing, "0-49999", "50000-99999", "100000-199999",
                                 "200000-", NULL);
    stats_tree_create_range_node(st, N_IDLE_TIME, tree_state.timing, "0-999999", "1000000-9999999",
                                 "10000000-99999999", "100000000-", NULL);
    tree_state.loss = stats_tree_create_node(st, N_LOSS, 0, STAT_DT_INT, TRUE);
    stats_tree_create_node(st, N_GAP, tree_state.loss, STAT_DT_INT, FALSE);
    stats_tree_create_node(st, N_DSACK, tree_state.loss, STAT_DT_INT, FALSE);
    for (int k = 0; k < TF_RS_COUNT; k++)
        if (resend_names[k])
            stats_tree_create_node(st, resend_names[k], tree_state.loss, STAT_DT_INT, FALSE);
    stats_tree_create_range_node(st, N_HS_RTT, 0, "0-99", "100-999", "1000-9999", "10000-99999", "100000-999999",
                                 "1000000-", NULL);
    tree_state.flow_control = stats_tree_create_node(st, N_FLOW_CONTROL, 0, STAT_DT_INT, TRUE);
    for (size_t i = 0; i < G_N_ELEMENTS(window_rows); i++)
        stats_tree_create_node(st, window_rows[i].name, tree_state.flow_control, STAT_DT_INT, FALSE);
    stats_tree_create_range_node(st, N_ZERO_TIME, tree_state.flow_control, "0-999", "1000-9999", "10000-99999",
                                 "100000-999999", "1000000-", NULL);
    stats_tree_create_range_node(st, N_FULL_TIME, tree_state.flow_control, "0-999", "1000-9999", "10000-99999",
                                 "100000-999999", "1000000-", NULL);
    tree_state.ecn = stats_tree_create_node(st, N_ECN, 0, STAT_DT_INT, TRUE);
    for (int k = 0; k < TF_ES_COUNT; k++)
        if (ecn_setup_names[k])
            stats_tree_create_node(st, ecn_setup_names[k], tree_state.ecn, STAT_DT_INT, FALSE);
    for (size_t i = 0; i < G_N_ELEMENTS(ecn_rows); i++)
        stats_tree_create_node(st, ecn_rows[i].name, tree_state.ecn, STAT_DT_INT, FALSE);
    tree_state.segments = stats_tree_create_node(st, N_SEGMENTS, 0, STAT_DT_INT, TRUE);
    stats_tree_create_node(st, N_ACKED, tree_state.segments, STAT_DT_INT, FALSE);
    stats_tree_create_node(st, N_NOT_ACKED, tree_state.segments, STAT_DT_INT, FALSE);
    stats_tree_create_node(st, N_RETRANSMITTED, tree_state.segments, STAT_DT_INT, FALSE);
    tree_state.verdicts = stats_tree_create_node(st, N_VERDICTS, 0, STAT_DT_INT, TRUE);
    for (int v = 0; v < TF_V_COUNT; v++)
        stats_tree_create_node(st, verdict_names[v], tree_state.verdicts, STAT_DT_INT, FALSE);
    tree_state.connections = stats_tree_create_node(st, N_CONNECTIONS, 0, STAT_DT_INT, TRUE);
    stats_tree_create_node(st, N_COMPLETE, tree_state.connections, STAT_DT_INT, FALSE);
    tree_state.ended = stats_tree_create_node(st, N_ENDED, tree_state.connections, STAT_DT_INT, TRUE);
    for (int o = 0; o < TF_OUT_COUNT; o++)
        stats_tree_create_node(st, outcome_names[o], tree_state.ended, STAT_DT_INT, FALSE);
    stats_tree_create_range_node(st, N_ACK_DELAY, 0, "0-99", "100-999", "1000-9999", "10000-99999", "100000-999999",
                                 "1000000-", NULL);
    tree_cleanup(st);
    tree_state.outcome.row = g_byte_array_new();
    tree_state.verdict.row = g_byte_array_new();
    tree_state.part_ns = g_array_new(FALSE, TRUE, sizeof(gint64) * TF_PART_COUNT);
    tree_state.data = tree_state.acked = 0;
}

static int microseconds(gint64 ns)
{
    gint64 us = ns / 1000;
    return us > G_MAXINT ? G_MAXINT : us < 0 ? 0 : (int)us;
}

/* A histogram's range, and its row, which counts them all. */
static void tick_range_under(stats_tree *st, const char *name, int parent, gint64 ns)
{
    tick_stat_node(st, name, parent, FALSE);
    stats_tree_tick_range(st, name, parent, microseconds(ns));
}

static void tick_range(stats_tree *st, const char *name, gint64 ns)
{
    tick_range_under(st, name, 0, ns);
}

/* The time from one record to another, when the clock runs forwards. */
static gboolean time_from(tf_ctx *ctx, guint32 from, guint32 rec, gint64 *ns)
{
    return tf_elapsed(tf_record_at(ctx, from), tf_record_at(ctx, rec), ns);
}

/* Window events, and how long windows stayed closed or full. */
static void tree_windows(stats_tree *st, tf_ctx *ctx, guint32 rec, const tf_extra *x)
{
    gint64 ns;
    tick_stat_node(st, N_FLOW_CONTROL, 0, FALSE);
    for (size_t i = 0; i < G_N_ELEMENTS(window_rows); i++)
        if (x->win_events & window_rows[i].bit)
            tick_stat_node(st, window_rows[i].name, tree_state.flow_control, FALSE);
    if ((x->win_events & TF_W_REOPENED) && time_from(ctx, x->zero_since, rec, &ns))
        tick_range_under(st, N_ZERO_TIME, tree_state.flow_control, ns);
    if ((x->win_events & TF_W_RELIEVED) && time_from(ctx, x->full_since, rec, &ns))
        tick_range_under(st, N_FULL_TIME, tree_state.flow_control, ns);
}

/* Gaps, and retransmissions by kind. */
static void tree_loss(stats_tree *st, const tf_extra *x)
{
    tick_stat_node(st, N_LOSS, 0, FALSE);
    if (x->gap)
        tick_stat_node(st, N_GAP, tree_state.loss, FALSE);
    if (x->loss_flags & TF_L_DSACK)
        tick_stat_node(st, N_DSACK, tree_state.loss, FALSE);
    if (resend_names[x->resend])
        tick_stat_node(st, resend_names[x->resend], tree_state.loss, FALSE);
}

/* Delayed ACKs, Nagle stalls and idle time, with how long each lasted. */
static void tree_timing(stats_tree *st, tf_ctx *ctx, guint32 rec, const tf_extra *x)
{
    gint64 delay, held, ns;
    const tf_pace_note *n = tf_pace_of(ctx, rec);
    tick_stat_node(st, N_TIMING, 0, FALSE);
    if (tf_ack_held(ctx, rec, &delay, &held)) {
        tick_stat_node(st, N_DELACK, tree_state.timing, FALSE);
        tick_range_under(st, N_DELACK_TIME, tree_state.timing, held);
    }
    if ((x->timing & TF_T_NAGLE) && time_from(ctx, n->nagle_after, rec, &ns)) {
        tick_stat_node(st, N_NAGLE, tree_state.timing, FALSE);
        tick_range_under(st, N_NAGLE_TIME, tree_state.timing, ns);
    }
    if ((x->timing & TF_T_IDLE) && time_from(ctx, n->idle_since, rec, &ns)) {
        tick_stat_node(st, N_IDLE, tree_state.timing, FALSE);
        tick_range_under(st, N_IDLE_TIME, tree_state.timing, ns);
    }
}

/* ECN in the handshake, congestion marks, their echo and the answer. */
static void tree_ecn(stats_tree *st, guint32 rec, const tf_extra *x)
{
    tick_stat_node(st, N_ECN, 0, FALSE);
    const char *setup = ecn_setup_names[tf_pace_of(tcpflow_analysis(), rec)->ecn_setup];
    if (setup)
        tick_stat_node(st, setup, tree_state.ecn, FALSE);
    for (size_t i = 0; i < G_N_ELEMENTS(ecn_rows); i++)
        if (x->ecn & ecn_rows[i].bit)
            tick_stat_node(st, ecn_rows[i].name, tree_state.ecn, FALSE);
}

/* A stream's row so far (an outcome, a verdict): its count moved from the
 * old row to the new one.  Returns whether the stream is new to it. */
static gboolean move_count(stats_tree *st, moving_count *m, const char *const *names, int parent, guint32 stream,
                           int now)
{
    guint8 *slot = stream_byte(m->row, stream), was = *slot;
    if (was == now + 1)
        return FALSE;
    if (was) {
        m->count[was - 1]--;
        set_stat_node(st, names[was - 1], parent, FALSE, m->count[was - 1]);
    }
    m->count[now]++;
    set_stat_node(st, names[now], parent, FALSE, m->count[now]);
    *slot = (guint8)(now + 1);
    return !was;
}

static void tree_outcome(stats_tree *st, const tf_conn_info *info)
{
    if (move_count(st, &tree_state.outcome, outcome_names, tree_state.ended, info->stream, tf_conn_outcome(info))) {
        tick_stat_node(st, N_CONNECTIONS, 0, FALSE);
        tick_stat_node(st, N_ENDED, tree_state.connections, FALSE);
    }
}

static int milliseconds(gint64 ns)
{
    gint64 ms = ns / 1000000;
    return ms > G_MAXINT ? G_MAXINT : ms < 0 ? 0 : (int)ms;
}

/* A stream's verdict so far, and its parts added to the totals (the parts
 * of a stream may move: a teardown's time is given back if data comes). */
static void tree_times(stats_tree *st, guint32 stream)
{
    tf_times t;
    if (!tf_times_of(tcpflow_analysis(), stream, &t))
        return;
    if (move_count(st, &tree_state.verdict, verdict_names, tree_state.verdicts, stream, t.verdict))
        tick_stat_node(st, N_VERDICTS, 0, FALSE);
    if (stream >= tree_state.part_ns->len)
        g_array_set_size(tree_state.part_ns, stream + 1);
    gint64 *was = &g_array_index(tree_state.part_ns, gint64, (gsize)stream * TF_PART_COUNT);
    for (int p = 0; p < TF_PART_COUNT; p++) {
        gint64 now = tf_part_total(&t, (tf_part)p);
        if (now == was[p])
            continue;
        tree_state.part_total[p] += now - was[p];
        tree_state.all_parts += now - was[p];
        was[p] = now;
        set_stat_node(st, part_names[p], tree_state.parts, FALSE, milliseconds(tree_state.part_total[p]));
        set_stat_node(st, N_PARTS, 0, FALSE, milliseconds(tree_state.all_parts));
    }
}

static void tree_segments(stats_tree *st, guint32 rec)
{
    tf_ctx *ctx = tcpflow_analysis();
    const tf_record *r = tf_record_at(ctx, rec);
    if (r->bits & TF_R_HAS_DATA) {
        tree_state.data++;
        tick_stat_node(st, N_SEGMENTS, 0, FALSE);
        if (tf_extra_of(ctx, rec)->retrans_bytes)
            tick_stat_node(st, N_RETRANSMITTED, tree_state.segments, FALSE);
    }
    if (r->bits & TF_R_NEW_ACK) {
        guint32 n;
        const guint32 *links = tf_links(ctx, rec, &n);
        for (guint32 i = 0; i < n; i++) {
            const tf_record *d = tf_record_at(ctx, links[i]);
            if (!(d->bits & TF_R_HAS_DATA))  /* the SYN or FIN an ACK covers */
                continue;
            tree_state.acked++;
            tick_stat_node(st, N_ACKED, tree_state.segments, FALSE);
            gint64 ns;
            if (tf_ack_delay(ctx, links[i], &ns))
                tick_range(st, N_ACK_DELAY, ns);
        }
    }
    set_stat_node(st, N_NOT_ACKED, tree_state.segments, FALSE, MAX(0, tree_state.data - tree_state.acked));
}

static tap_packet_status tree_packet(stats_tree *st, packet_info *pinfo _U_, epan_dissect_t *edt _U_,
                                     const void *p, tap_flags_t flags _U_)
{
    tf_conn_info info;
    const tf_record *r = tapped_record(p, &info);
    if (!r)
        return TAP_PACKET_DONT_REDRAW;
    tree_outcome(st, &info);
    tree_times(st, info.stream);
    if (r->bits & TF_R_HS_COMPLETE) {
        tick_stat_node(st, N_COMPLETE, tree_state.connections, FALSE);
        if (info.hs_rtt_ns >= 0)
            tick_range(st, N_HS_RTT, info.hs_rtt_ns);
    }
    guint32 rec = ((const tcpflow_tap_data *)p)->rec;
    tree_segments(st, rec);
    const tf_extra *x = tf_extra_of(tcpflow_analysis(), rec);
    if (x->win_events)
        tree_windows(st, tcpflow_analysis(), rec, x);
    if (x->gap || x->resend || (x->loss_flags & TF_L_DSACK))
        tree_loss(st, x);
    if (x->timing)
        tree_timing(st, tcpflow_analysis(), rec, x);
    if (x->ecn)
        tree_ecn(st, rec, x);
    return TAP_PACKET_REDRAW;
}

/* Listens to the tcpflow tap for a -z statistic; on an error (a filter
 * that does not compile) says so and frees the statistic's data. */
static gboolean listen_to_tap(const char *name, void *data, const char *filter, tap_reset_cb reset,
                              tap_packet_cb packet, tap_draw_cb draw, tap_finish_cb finish)
{
    GString *error = register_tap_listener(TCPFLOW_TAP, data, filter, TL_REQUIRES_NOTHING, reset, packet, draw,
                                           finish);
    if (!error)
        return TRUE;
    fprintf(stderr, "tshark: couldn't register %s tap: %s\n", name, error->str);
    g_string_free(error, TRUE);
    finish(data);
    return FALSE;
}

/* ---- the connection table -------------------------------------------------- */

typedef struct conn_table {
    gboolean    csv;
    char       *filter;
    GByteArray *seen;        /* per stream: 1 when a packet of it passed the filter */
} conn_table;

static void table_reset(void *tapdata)
{
    conn_table *t = (conn_table *)tapdata;
    g_byte_array_set_size(t->seen, 0);
}

static tap_packet_status table_packet(void *tapdata, packet_info *pinfo _U_, epan_dissect_t *edt _U_,
                                      const void *p, tap_flags_t flags _U_)
{
    conn_table *t = (conn_table *)tapdata;
    tf_conn_info info;
    if (tapped_record(p, &info))
        *stream_byte(t->seen, info.stream) = 1;
    return TAP_PACKET_DONT_REDRAW;
}

static char *addr_text(const guint8 *raw, guint8 len, gboolean bracket_v6)
{
    address a;
    set_address(&a, len == 16 ? AT_IPv6 : AT_IPv4, len, raw);
    char *s = address_to_str(NULL, &a);
    if (len == 16 && bracket_v6) {
        char *b = wmem_strdup_printf(NULL, "[%s]", s);
        wmem_free(NULL, s);
        s = b;
    }
    return s;
}

/* A duration in seconds; `none` (as wide) where there is none, e.g. the
 * capture's clock ran backwards. */
static void print_span(gint64 ns, const char *none, int width)
{
    if (ns < 0)
        printf("%*s", width, none);
    else
        printf("%*.6f", width, ns / 1e9);
}

/* The parts of a connection's time, as CSV columns (tf_part order). */
static const char *const part_columns[TF_PART_COUNT] = {
    "handshake", "sending", "receiver_limited", "loss_fast", "loss_timeout", "stalls", "idle", "teardown",
};

static const char *const side_names[2] = { "client", "server" };

/* Whose data a verdict concerns; `none` for a verdict about both. */
static const char *verdict_side(tf_verdict v, guint8 side, const char *none)
{
    return tf_verdict_has_side(v) ? side_names[side] : none;
}

/* Bytes per second over a duration; nothing without one. */
static void print_rate(guint64 bytes, gint64 ns)
{
    if (ns > 0)
        printf(",%.0f", bytes / (ns / 1e9));
    else
        printf(",");
}

static void print_times_csv(const tf_conn_info *c, const tf_times *tm)
{
    printf(",");
    print_span(tm->duration, "", 0);
    for (int p = 0; p < TF_PART_COUNT; p++) {
        gint64 ns = tf_part_total(tm, (tf_part)p);
        printf(",%.6f,", ns / 1e9);
        if (tm->duration > 0)
            printf("%.4f", (double)ns / tm->duration);
    }
    printf(",%s,%s", tf_verdict_code((tf_verdict)tm->verdict), verdict_side((tf_verdict)tm->verdict, tm->verdict_side, ""));
    for (int s = 0; s < 2; s++)
        print_rate(c->bytes[s], tm->duration);
    for (int s = 0; s < 2; s++)
        print_rate(c->bytes[s] - MIN(c->bytes[s], tm->retrans_bytes[s]), tm->duration);
    printf(",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ",%u,%u,%u,%u,", tm->retrans_bytes[0], tm->retrans_bytes[1],
           tm->timeouts[0], tm->timeouts[1], tm->recoveries[0], tm->recoveries[1]);
    print_span(tm->srtt[0], "", 0);
    printf(",");
    print_span(tm->srtt[1], "", 0);
    printf(",");
    print_span(tm->open_after, "", 0);
}

static void print_row(const conn_table *t, const tf_conn_info *c, const tf_times *tm, gint64 origin_ns)
{
    char *ca = addr_text(c->client_addr, c->addr_len, !t->csv), *sa = addr_text(c->server_addr, c->addr_len, !t->csv);
    gint64 duration = c->last_ns - c->first_ns;
    if (t->csv) {
        printf("%u,%.6f,", c->stream, c->first_ns / 1e9);
        print_span(duration, "", 0);
        printf(",%s,%u,%s,%u,%" G_GUINT64_FORMAT ",%u,%" G_GUINT64_FORMAT ",%u,", ca, c->client_port, sa,
               c->server_port, c->bytes[TF_CLIENT], c->segments[TF_CLIENT], c->bytes[TF_SERVER], c->segments[TF_SERVER]);
        print_span(c->hs_rtt_ns, "", 0);
        printf(",%s,%s,%u,%u", c->conn_state, c->history, c->unacked[TF_CLIENT], c->unacked[TF_SERVER]);
        print_times_csv(c, tm);
        printf("\n");
    } else {
        char client[64], server[64];
        snprintf(client, sizeof client, "%s:%u", ca, c->client_port);
        snprintf(server, sizeof server, "%s:%u", sa, c->server_port);
        printf("%6u %10.6f ", c->stream, (c->first_ns - origin_ns) / 1e9);
        print_span(duration, "-", 10);
        printf(" %-22s %-22s %10" G_GUINT64_FORMAT " %6u %10" G_GUINT64_FORMAT " %6u ", client, server,
               c->bytes[TF_CLIENT], c->segments[TF_CLIENT], c->bytes[TF_SERVER], c->segments[TF_SERVER]);
        print_span(c->hs_rtt_ns, "-", 8);
        printf(" %-6s %-12s %u/%u\n", c->conn_state, c->history, c->unacked[TF_CLIENT], c->unacked[TF_SERVER]);
    }
    wmem_free(NULL, ca);
    wmem_free(NULL, sa);
}

/* The parts of the text table: fast recovery and timeouts together as loss. */
static const struct {
    const char *title;
    tf_part     part, also;
} time_columns[] = {
    { "handshake", TF_PART_HANDSHAKE, TF_PART_COUNT }, { "sending", TF_PART_SENDING, TF_PART_COUNT },
    { "receiver", TF_PART_RECEIVER, TF_PART_COUNT },   { "loss", TF_PART_FAST, TF_PART_TIMEOUT },
    { "stalls", TF_PART_STALL, TF_PART_COUNT },        { "idle", TF_PART_IDLE, TF_PART_COUNT },
    { "teardown", TF_PART_TEARDOWN, TF_PART_COUNT },
};

/* The time of column i of time_columns. */
static gint64 time_columns_ns(const tf_times *tm, size_t i)
{
    gint64 ns = tf_part_total(tm, time_columns[i].part);
    if (time_columns[i].also != TF_PART_COUNT)
        ns += tf_part_total(tm, time_columns[i].also);
    return ns;
}

static void print_times_row(const tf_conn_info *c, const tf_times *tm)
{
    printf("%6u ", c->stream);
    print_span(tm->duration, "-", 10);
    for (size_t i = 0; i < G_N_ELEMENTS(time_columns); i++) {
        gint64 ns = time_columns_ns(tm, i);
        printf(" %8.3f %3.0f%%", ns / 1e9, tm->duration > 0 ? 100.0 * ns / tm->duration : 0.0);
    }
    printf("  %-9s %s\n", tf_verdict_code((tf_verdict)tm->verdict), verdict_side((tf_verdict)tm->verdict, tm->verdict_side, "-"));
}

#define CSV_HEADER "stream,ts,duration,client_addr,client_port,server_addr,server_port,client_bytes,client_segments," \
                   "server_bytes,server_segments,handshake_rtt,conn_state,history,client_unacked,server_unacked"

static void print_header(const conn_table *t)
{
    if (t->csv) {
        printf("%s", CSV_HEADER);
        printf(",conn_duration");
        for (int p = 0; p < TF_PART_COUNT; p++)
            printf(",%s,%s_share", part_columns[p], part_columns[p]);
        printf(",verdict,verdict_side,client_throughput,server_throughput,client_goodput,server_goodput,"
               "client_retrans_bytes,server_retrans_bytes,client_timeouts,server_timeouts,client_fast_recoveries,"
               "server_fast_recoveries,client_srtt,server_srtt,"
               "open_after\n");
        return;
    }
    printf("================================================================================\n"
           "TCP connections (tcpflow)\nFilter: %s\n"
           "stream      start   duration client                 server                 "
           "client B  segs   server B  segs  hs RTT s  state  history      unacked c/s\n",
           t->filter ? t->filter : "<none>");
}

/* The streams that passed the filter, in order, with what the analysis
 * knows of them. */
static gboolean next_row(const conn_table *t, guint32 *s, tf_conn_info *c, tf_times *tm)
{
    tf_ctx *ctx = tcpflow_analysis();
    for (; ctx && *s < t->seen->len; ++*s)
        if (t->seen->data[*s] && tf_conn_info_of(ctx, *s, c) && tf_times_of(ctx, *s, tm))
            return TRUE;
    return FALSE;
}

static void table_draw(void *tapdata)
{
    conn_table *t = (conn_table *)tapdata;
    tf_conn_info c;
    tf_times tm;
    gint64 origin = 0;
    gboolean have_origin = FALSE;

    print_header(t);
    for (guint32 s = 0; next_row(t, &s, &c, &tm); s++) {
        if (!have_origin) {                  /* streams are numbered in order of appearance */
            origin = c.first_ns;
            have_origin = TRUE;
        }
        print_row(t, &c, &tm, origin);
    }
    if (t->csv)
        return;
    printf("\nWhere the time went (seconds, share of the duration)\n"
           "stream   duration ");
    for (size_t i = 0; i < G_N_ELEMENTS(time_columns); i++)
        printf(" %13s", time_columns[i].title);
    printf("  verdict   side\n");
    for (guint32 s = 0; next_row(t, &s, &c, &tm); s++)
        print_times_row(&c, &tm);
    printf("================================================================================\n");
}

static void table_finish(void *tapdata)
{
    conn_table *t = (conn_table *)tapdata;
    g_byte_array_free(t->seen, TRUE);
    g_free(t->filter);
    g_free(t);
}

/* -z tcpflow,conn[,csv][,FILTER] */
static TCPFLOW_STAT_INIT_TYPE table_init(const char *opt_arg, void *userdata _U_)
{
    conn_table *t = g_new0(conn_table, 1);
    const char *rest = opt_arg + strlen("tcpflow,conn");
    if (g_str_has_prefix(rest, ",csv")) {
        t->csv = TRUE;
        rest += strlen(",csv");
    }
    if (*rest == ',' && rest[1])
        t->filter = g_strdup(rest + 1);
    t->seen = g_byte_array_new();
    TCPFLOW_STAT_INIT_DONE(listen_to_tap("tcpflow,conn", t, t->filter, table_reset, table_packet, table_draw,
                                         table_finish));
}

static stat_tap_ui conn_table_ui = {
    REGISTER_STAT_GROUP_GENERIC, "TCP connections (tcpflow)", "tcpflow,conn", table_init, 0, NULL
};

/* ---- the ladder diagram --------------------------------------------------------- */

/* A segment on the ladder, taken as it passes (its words need the packet). */
typedef struct rung {
    guint32 stream, frame;
    gint64  ns;
    guint8  sender;
    char   *label, *summary;
} rung;

typedef struct ladder {
    char      *filter;
    GArray    *rungs;        /* rung, in frame order */
} ladder;

static void ladder_clear(ladder *l)
{
    for (guint i = 0; i < l->rungs->len; i++) {
        g_free(g_array_index(l->rungs, rung, i).label);
        g_free(g_array_index(l->rungs, rung, i).summary);
    }
    g_array_set_size(l->rungs, 0);
}

static void ladder_reset(void *tapdata)
{
    ladder_clear((ladder *)tapdata);
}

static tap_packet_status ladder_packet(void *tapdata, packet_info *pinfo, epan_dissect_t *edt _U_, const void *p,
                                       tap_flags_t flags _U_)
{
    const tcpflow_tap_data *td = (const tcpflow_tap_data *)p;
    tf_ctx *ctx = tcpflow_analysis();
    const tf_record *r = ctx ? tf_record_at(ctx, td->rec) : NULL;
    tf_wire wire;
    if (!r || (r->bits & TF_R_SKIPPED) || !td->hdr || !tcpflow_header_wire(td->hdr, pinfo, &wire))
        return TAP_PACKET_DONT_REDRAW;
    char line[512], label[512], summary[512];
    tf_tcpdump_line(ctx, td->rec, &wire, line, sizeof line);
    tf_summary(ctx, td->rec, tcpflow_language(), summary, sizeof summary);
    rung g = { r->stream, r->frame, tf_time(r), r->sender, g_strdup(tf_ladder_label(line, label, sizeof label)),
               g_strdup(summary) };
    g_array_append_val(((ladder *)tapdata)->rungs, g);
    return TAP_PACKET_REDRAW;
}

static char *endpoint_text(const guint8 *addr, guint8 len, guint16 port);

/* One stream's ladder: its heading, then a line per segment (`rungs`: its
 * rungs, in order), the time from the connection's first segment. */
static void ladder_draw_stream(const rung *const *rungs, guint n, tf_lang lang)
{
    tf_conn_info c;
    char heading[512], arrow[1024];
    size_t width = 40;
    if (!tf_conn_info_of(tcpflow_analysis(), rungs[0]->stream, &c))
        return;
    for (guint i = 0; i < n; i++)
        width = MAX(width, strlen(rungs[i]->label) + 8);
    char *client = endpoint_text(c.client_addr, c.addr_len, c.client_port);
    char *server = endpoint_text(c.server_addr, c.addr_len, c.server_port);
    printf("\n%s\n%s\n", tf_ladder_heading(rungs[0]->stream, client, server, lang, heading, sizeof heading),
           tf_ladder_columns(lang));
    g_free(client);
    g_free(server);
    for (guint i = 0; i < n; i++)
        printf("%6u %11.6f  %s  %s\n", rungs[i]->frame, (rungs[i]->ns - c.first_ns) / 1e9,
               tf_ladder_arrow((tf_side)rungs[i]->sender, rungs[i]->label, width, arrow, sizeof arrow),
               rungs[i]->summary);
}

/* Rungs by their stream's first appearance, then in frame order. */
static gint by_stream(gconstpointer a, gconstpointer b, gpointer first_of)
{
    const rung *x = *(const rung *const *)a, *y = *(const rung *const *)b;
    const guint *first = (const guint *)((GArray *)first_of)->data;
    return first[x->stream] != first[y->stream] ? (first[x->stream] < first[y->stream] ? -1 : 1)
                                                : (x < y ? -1 : x > y);
}

static void ladder_draw(void *tapdata)
{
    ladder *l = (ladder *)tapdata;
    GArray *first_of = g_array_new(FALSE, TRUE, sizeof(guint));   /* per stream: its first rung + 1 */
    GPtrArray *order = g_ptr_array_sized_new(l->rungs->len);
    for (guint i = 0; i < l->rungs->len; i++) {
        rung *g = &g_array_index(l->rungs, rung, i);
        if (g->stream >= first_of->len)
            g_array_set_size(first_of, g->stream + 1);
        if (!g_array_index(first_of, guint, g->stream))
            g_array_index(first_of, guint, g->stream) = i + 1;
        g_ptr_array_add(order, g);
    }
    g_ptr_array_sort_with_data(order, by_stream, first_of);
    printf("================================================================================\n"
           "TCP ladder (tcpflow)\nFilter: %s\n", l->filter ? l->filter : "<none>");
    for (guint i = 0, n; i < order->len; i += n) {
        const rung *const *from = (const rung *const *)&order->pdata[i];
        for (n = 1; i + n < order->len && from[n]->stream == from[0]->stream; n++)
            ;
        ladder_draw_stream(from, n, tcpflow_language());
    }
    printf("================================================================================\n");
    g_ptr_array_free(order, TRUE);
    g_array_free(first_of, TRUE);
}

static void ladder_finish(void *tapdata)
{
    ladder *l = (ladder *)tapdata;
    ladder_clear(l);
    g_array_free(l->rungs, TRUE);
    g_free(l->filter);
    g_free(l);
}

/* -z tcpflow,ladder[,FILTER] */
static TCPFLOW_STAT_INIT_TYPE ladder_init(const char *opt_arg, void *userdata _U_)
{
    ladder *l = g_new0(ladder, 1);
    const char *rest = opt_arg + strlen("tcpflow,ladder");
    if (*rest == ',' && rest[1])
        l->filter = g_strdup(rest + 1);
    l->rungs = g_array_new(FALSE, FALSE, sizeof(rung));
    TCPFLOW_STAT_INIT_DONE(listen_to_tap("tcpflow,ladder", l, l->filter, ladder_reset, ladder_packet, ladder_draw,
                                         ladder_finish));
}

static stat_tap_ui ladder_ui = {
    REGISTER_STAT_GROUP_GENERIC, "TCP ladder (tcpflow)", "tcpflow,ladder", ladder_init, 0, NULL
};

/* ---- the connection table in the GUI ---------------------------------------- */

/* The columns of -z tcpflow,conn's two tables in one, for Wireshark's
 * table dialog (Statistics menu; tshark -z tcpflow,connections prints it
 * as Wireshark prints any such table). */
enum {
    GC_STREAM, GC_START, GC_DURATION, GC_CLIENT, GC_SERVER, GC_CLIENT_BYTES, GC_CLIENT_SEGS, GC_SERVER_BYTES,
    GC_SERVER_SEGS, GC_HS_RTT, GC_STATE, GC_HISTORY, GC_UNACKED, GC_VERDICT, GC_SIDE, GC_PARTS, GC_COUNT = GC_PARTS + 7
};

static stat_tap_table_item gui_columns[GC_COUNT] = {
    { TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Stream", "%u" },
    { TABLE_ITEM_FLOAT, TAP_ALIGN_RIGHT, "Start (s)", "%.6f" },
    { TABLE_ITEM_FLOAT, TAP_ALIGN_RIGHT, "Duration (s)", "%.6f" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Client", "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Server", "%s" },
    { TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Client B", "%u" },
    { TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Client segs", "%u" },
    { TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Server B", "%u" },
    { TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Server segs", "%u" },
    { TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "HS RTT (s)", "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "State", "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "History", "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Unacked c/s", "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Verdict", "%s" },
    { TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Side", "%s" },
    { TABLE_ITEM_FLOAT, TAP_ALIGN_RIGHT, "Handshake (s)", "%.6f" },
    { TABLE_ITEM_FLOAT, TAP_ALIGN_RIGHT, "Sending (s)", "%.6f" },
    { TABLE_ITEM_FLOAT, TAP_ALIGN_RIGHT, "Receiver (s)", "%.6f" },
    { TABLE_ITEM_FLOAT, TAP_ALIGN_RIGHT, "Loss (s)", "%.6f" },
    { TABLE_ITEM_FLOAT, TAP_ALIGN_RIGHT, "Stalls (s)", "%.6f" },
    { TABLE_ITEM_FLOAT, TAP_ALIGN_RIGHT, "Idle (s)", "%.6f" },
    { TABLE_ITEM_FLOAT, TAP_ALIGN_RIGHT, "Teardown (s)", "%.6f" },
};
G_STATIC_ASSERT(G_N_ELEMENTS(time_columns) == GC_COUNT - GC_PARTS);

#define GUI_TABLE_NAME "TCP connections (tcpflow)"

/* The table's row of each stream (row + 1; 0: none yet), and the first
 * stream's start, which the others' count from, as in the text table. */
static struct {
    GArray *row_of;
    guint   rows_used;       /* rows of this pass; those after it are blank ones of an earlier pass */
    gint64  origin_ns;
} gui_state;

static void gui_free_item(stat_tap_table *table _U_, guint row _U_, guint column, stat_tap_table_item_type *field)
{
    if (gui_columns[column].type == TABLE_ITEM_STRING) {
        g_free((char *)field->value.string_value);
        field->value.string_value = NULL;
    }
}

/* A new pass (another display filter, another dialog: they share the
 * table) makes its rows again from the first: every row is blanked and
 * free to be used again.  The rows themselves stay, as Wireshark's own
 * tables keep theirs: an open dialog holds pointers to them. */
static void gui_reset(stat_tap_table *table)
{
    for (guint row = 0; row < table->num_elements; row++)
        for (guint column = 0; column < table->num_fields; column++) {
            gui_free_item(table, row, column, &table->elements[row][column]);
            memset(&table->elements[row][column].value, 0, sizeof table->elements[row][column].value);
            table->elements[row][column].type = TABLE_ITEM_NONE;
        }
    gui_state.rows_used = 0;
    if (gui_state.row_of)
        g_array_set_size(gui_state.row_of, 0);
}

static void gui_init(stat_tap_table_ui *ui)
{
    stat_tap_table *table = stat_tap_find_table(ui, GUI_TABLE_NAME);
    if (!gui_state.row_of)
        gui_state.row_of = g_array_new(FALSE, TRUE, sizeof(guint32));
    if (table) {
        gui_reset(table);
        return;
    }
    stat_tap_add_table(ui, stat_tap_init_table(GUI_TABLE_NAME, GC_COUNT, 0, NULL));
}

static void gui_set(stat_tap_table *table, guint row, guint column, stat_tap_table_item_type value)
{
    stat_tap_table_item_type *field = stat_tap_get_field_data(table, row, column);
    gui_free_item(table, row, column, field);
    value.type = gui_columns[column].type;
    stat_tap_set_field_data(table, row, column, &value);
}

static void gui_set_uint(stat_tap_table *table, guint row, guint column, guint64 v)
{
    gui_set(table, row, column, (stat_tap_table_item_type){ .value.uint_value = (guint)MIN(v, G_MAXUINT) });
}

static void gui_set_seconds(stat_tap_table *table, guint row, guint column, gint64 ns)
{
    gui_set(table, row, column, (stat_tap_table_item_type){ .value.float_value = ns / 1e9 });
}

static void gui_set_string(stat_tap_table *table, guint row, guint column, char *owned)
{
    gui_set(table, row, column, (stat_tap_table_item_type){ .value.string_value = owned });
}

/* A stream's row: made when it is first seen, filled with what the
 * analysis knows now (after the first pass, the whole capture's). */
static guint gui_row(stat_tap_table *table, guint32 stream, gint64 first_ns)
{
    if (stream >= gui_state.row_of->len)
        g_array_set_size(gui_state.row_of, stream + 1);
    guint32 *row = &g_array_index(gui_state.row_of, guint32, stream);
    if (!*row) {
        if (!gui_state.rows_used)
            gui_state.origin_ns = first_ns;
        if (gui_state.rows_used == table->num_elements) {
            stat_tap_table_item_type empty[GC_COUNT];
            memset(empty, 0, sizeof empty);
            stat_tap_init_table_row(table, table->num_elements, GC_COUNT, empty);
        }
        *row = ++gui_state.rows_used;
    }
    return *row - 1;
}

static char *endpoint_text(const guint8 *addr, guint8 len, guint16 port)
{
    char *a = addr_text(addr, len, TRUE), *s = g_strdup_printf("%s:%u", a, port);
    wmem_free(NULL, a);
    return s;
}

static void gui_fill(stat_tap_table *table, guint row, const tf_conn_info *c, const tf_times *tm)
{
    gui_set_uint(table, row, GC_STREAM, c->stream);
    gui_set_seconds(table, row, GC_START, c->first_ns - gui_state.origin_ns);
    gui_set_seconds(table, row, GC_DURATION, tm->duration);       /* the connection's own, that the parts add up to */
    gui_set_string(table, row, GC_CLIENT, endpoint_text(c->client_addr, c->addr_len, c->client_port));
    gui_set_string(table, row, GC_SERVER, endpoint_text(c->server_addr, c->addr_len, c->server_port));
    gui_set_uint(table, row, GC_CLIENT_BYTES, c->bytes[TF_CLIENT]);
    gui_set_uint(table, row, GC_CLIENT_SEGS, c->segments[TF_CLIENT]);
    gui_set_uint(table, row, GC_SERVER_BYTES, c->bytes[TF_SERVER]);
    gui_set_uint(table, row, GC_SERVER_SEGS, c->segments[TF_SERVER]);
    gui_set_string(table, row, GC_HS_RTT, c->hs_rtt_ns < 0 ? g_strdup("-") : g_strdup_printf("%.6f", c->hs_rtt_ns / 1e9));
    gui_set_string(table, row, GC_STATE, g_strdup(c->conn_state));
    gui_set_string(table, row, GC_HISTORY, g_strdup(c->history));
    gui_set_string(table, row, GC_UNACKED, g_strdup_printf("%u/%u", c->unacked[TF_CLIENT], c->unacked[TF_SERVER]));
    gui_set_string(table, row, GC_VERDICT, g_strdup(tf_verdict_code((tf_verdict)tm->verdict)));
    gui_set_string(table, row, GC_SIDE, g_strdup(verdict_side((tf_verdict)tm->verdict, tm->verdict_side, "-")));
    for (size_t i = 0; i < G_N_ELEMENTS(time_columns); i++)
        gui_set_seconds(table, row, GC_PARTS + (guint)i, time_columns_ns(tm, i));
}

static tap_packet_status gui_packet(void *tapdata, packet_info *pinfo _U_, epan_dissect_t *edt _U_, const void *p,
                                    tap_flags_t flags _U_)
{
    stat_data_t *data = (stat_data_t *)tapdata;
    stat_tap_table *table = g_array_index(data->stat_tap_data->tables, stat_tap_table *, 0);
    tf_conn_info c;
    tf_times tm;
    if (!tapped_record(p, &c) || !tf_times_of(tcpflow_analysis(), c.stream, &tm))
        return TAP_PACKET_DONT_REDRAW;
    gui_fill(table, gui_row(table, c.stream, c.first_ns), &c, &tm);
    return TAP_PACKET_REDRAW;
}

static tap_param gui_params[] = { { PARAM_FILTER, "filter", "Filter", NULL, TRUE } };

static stat_tap_table_ui gui_table_ui = {
    REGISTER_PACKET_STAT_GROUP_UNSORTED, "TCP Flow Analysis Connections", TCPFLOW_TAP, "tcpflow,connections", gui_init,
    gui_packet, gui_reset, gui_free_item, NULL, GC_COUNT, gui_columns, G_N_ELEMENTS(gui_params), gui_params, NULL, 0
};

void tcpflow_register_stats(void)
{
    stats_tree_register_plugin(TCPFLOW_TAP, "tcpflow", "TCP Flow Analysis",
                               (ST_SORT_COL_NAME << ST_FLG_SRTCOL_SHIFT) | ST_FLG_SORT_DESC, tree_packet, tree_init, tree_cleanup);
    register_stat_tap_ui(&conn_table_ui, NULL);
    register_stat_tap_table_ui(&gui_table_ui);
    register_stat_tap_ui(&ladder_ui, NULL);
}
