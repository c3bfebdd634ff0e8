/* tcpflow-tree.c — what tcpflow shows: the "tcpflow" subtree with its
 * fields and expert infos, and the summary in the Info column, for a record
 * of the analysis (see tcpflow-tree.h).
 *
 * Every field, subtree and expert info is registered here, next to the code
 * that adds it.  The items read the analysis (tcpflow-analysis.h) and the
 * words (tcpflow-text.h); the segment's bytes come from tcpflow-input.h.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <epan/packet.h>
#include <epan/expert.h>
#include <epan/tap.h>

#include "tcpflow-tree.h"
#include "tcpflow-wire.h"

static int hf_tcpflow_direction = -1;
static int hf_tcpflow_roles_inferred = -1;
static int hf_tcpflow_summary = -1;
static int hf_tcpflow_hs_step = -1;
static int hf_tcpflow_hs_syn_frame = -1;
static int hf_tcpflow_hs_synack_frame = -1;
static int hf_tcpflow_hs_ack_frame = -1;
static int hf_tcpflow_hs_client_isn = -1;
static int hf_tcpflow_hs_server_isn = -1;
static int hf_tcpflow_hs_expected_ack = -1;
static int hf_tcpflow_hs_ack_ok = -1;
static int hf_tcpflow_hs_synack_time = -1;
static int hf_tcpflow_hs_ack_time = -1;
static int hf_tcpflow_hs_rtt = -1;
static int hf_tcpflow_hs_complete = -1;
static int hf_tcpflow_hs_retransmission = -1;
static int hf_tcpflow_data_len = -1;
static int hf_tcpflow_data_seq = -1;
static int hf_tcpflow_data_nextseq = -1;
static int hf_tcpflow_data_acked_in = -1;
static int hf_tcpflow_data_ack_delay = -1;
static int hf_tcpflow_data_retransmission = -1;
static int hf_tcpflow_ack_acks_frame = -1;
static int hf_tcpflow_ack_acked_bytes = -1;
static int hf_tcpflow_ack_rtt = -1;
static int hf_tcpflow_ack_piggybacked = -1;
static int hf_tcpflow_ack_unseen_bytes = -1;
static int hf_tcpflow_hs_incomplete = -1;
static int hf_tcpflow_hs_simultaneous = -1;
static int hf_tcpflow_data_original_frame = -1;
static int hf_tcpflow_data_out_of_order = -1;
static int hf_tcpflow_data_unacked = -1;
static int hf_tcpflow_ack_duplicate = -1;
static int hf_tcpflow_ack_duplicate_of = -1;
static int hf_tcpflow_keepalive = -1;
static int hf_tcpflow_zero_window_probe = -1;
static int hf_tcpflow_td_step = -1;
static int hf_tcpflow_td_initiator = -1;
static int hf_tcpflow_td_fin_frame = -1;
static int hf_tcpflow_td_ack_frame = -1;
static int hf_tcpflow_td_simultaneous = -1;
static int hf_tcpflow_td_retransmission = -1;
static int hf_tcpflow_rst_from = -1;
static int hf_tcpflow_rst_phase = -1;
static int hf_tcpflow_rst_refused = -1;
static int hf_tcpflow_rst_unacked_bytes = -1;
static int hf_tcpflow_state_client = -1;
static int hf_tcpflow_state_server = -1;
static int hf_tcpflow_history = -1;
static int hf_tcpflow_tcpdump = -1;
static int hf_tcpflow_tcpdump_part = -1;
static int hf_tcpflow_explain = -1;
static int hf_tcpflow_explain_sentence = -1;
static int hf_tcpflow_hs_isn_changed = -1;
static int hf_tcpflow_data_spurious = -1;
static int hf_tcpflow_ack_answers = -1;
static int hf_tcpflow_after_reset = -1;
static int hf_tcpflow_ack_rtt_from = -1;
static int hf_tcpflow_window_size = -1;
static int hf_tcpflow_window_zero = -1;
static int hf_tcpflow_window_update = -1;
static int hf_tcpflow_window_previous = -1;
static int hf_tcpflow_window_reopened = -1;
static int hf_tcpflow_window_zero_frame = -1;
static int hf_tcpflow_window_closed_time = -1;
static int hf_tcpflow_window_full = -1;
static int hf_tcpflow_window_in_flight = -1;
static int hf_tcpflow_window_offered = -1;
static int hf_tcpflow_window_shrunk = -1;
static int hf_tcpflow_window_shrunk_by = -1;
static int hf_tcpflow_window_relieved = -1;
static int hf_tcpflow_window_full_frame = -1;
static int hf_tcpflow_window_full_time = -1;
static int hf_tcpflow_loss_gap = -1;
static int hf_tcpflow_loss_gap_filled_in = -1;
static int hf_tcpflow_loss_fills_gap_of = -1;
static int hf_tcpflow_loss_kind = -1;
static int hf_tcpflow_loss_copy = -1;
static int hf_tcpflow_loss_previous_frame = -1;
static int hf_tcpflow_loss_since_previous = -1;
static int hf_tcpflow_loss_backoff = -1;
static int hf_tcpflow_loss_dup_acks = -1;
static int hf_tcpflow_loss_dup_ack_frame = -1;
static int hf_tcpflow_loss_sack_frame = -1;
static int hf_tcpflow_loss_sack_held = -1;
static int hf_tcpflow_loss_sack_missing = -1;
static int hf_tcpflow_loss_sack_first_frame = -1;
static int hf_tcpflow_loss_sack_last_frame = -1;
static int hf_tcpflow_loss_sack_hole_frame = -1;
static int hf_tcpflow_loss_dsack = -1;
static int hf_tcpflow_loss_dsack_frame = -1;
static int hf_tcpflow_loss_dsack_in = -1;
static int hf_tcpflow_timing_delayed_ack = -1;
static int hf_tcpflow_timing_held = -1;
static int hf_tcpflow_timing_base_rtt = -1;
static int hf_tcpflow_timing_nagle = -1;
static int hf_tcpflow_timing_nagle_after_frame = -1;
static int hf_tcpflow_timing_nagle_ack_frame = -1;
static int hf_tcpflow_timing_stall = -1;
static int hf_tcpflow_timing_idle = -1;
static int hf_tcpflow_timing_idle_since_frame = -1;
static int hf_tcpflow_ecn_setup = -1;
static int hf_tcpflow_conn_verdict = -1;
static int hf_tcpflow_conn_verdict_side = -1;
static int hf_tcpflow_conn_diagnosis = -1;
static int hf_tcpflow_conn_duration = -1;
static int hf_tcpflow_conn_part[TF_PART_COUNT] = { -1, -1, -1, -1, -1, -1, -1, -1 };
static int hf_tcpflow_conn_loss_recovery = -1;
static int hf_tcpflow_conn_open_after = -1;
static int hf_tcpflow_conn_throughput[2] = { -1, -1 };
static int hf_tcpflow_conn_goodput[2] = { -1, -1 };
static int hf_tcpflow_conn_retrans_bytes[2] = { -1, -1 };
static int hf_tcpflow_conn_srtt[2] = { -1, -1 };
static int hf_tcpflow_conn_timeouts = -1;
static int hf_tcpflow_conn_fast_recoveries = -1;
static int hf_tcpflow_ecn_ce = -1;
static int hf_tcpflow_ecn_echo = -1;
static int hf_tcpflow_ecn_echo_again = -1;
static int hf_tcpflow_ecn_ce_frame = -1;
static int hf_tcpflow_ecn_echo_frame = -1;
static int hf_tcpflow_ecn_cwr = -1;
static int hf_tcpflow_ecn_cwr_of_frame = -1;
static int hf_tcpflow_ecn_ace = -1;
static int hf_tcpflow_ecn_ace_delta = -1;

static gint ett_tcpflow = -1;
static gint ett_tcpflow_handshake = -1;
static gint ett_tcpflow_data = -1;
static gint ett_tcpflow_ack = -1;
static gint ett_tcpflow_teardown = -1;
static gint ett_tcpflow_rst = -1;
static gint ett_tcpflow_tcpdump = -1;
static gint ett_tcpflow_explain = -1;
static gint ett_tcpflow_window = -1;
static gint ett_tcpflow_loss = -1;
static gint ett_tcpflow_timing = -1;
static gint ett_tcpflow_ecn = -1;
static gint ett_tcpflow_conn = -1;

static expert_field ei_tcpflow_handshake_ack_wrong = EI_INIT;
static expert_field ei_tcpflow_ack_unseen = EI_INIT;
static expert_field ei_tcpflow_truncated = EI_INIT;
static expert_field ei_tcpflow_not_analysed = EI_INIT;
static expert_field ei_tcpflow_handshake_incomplete = EI_INIT;
static expert_field ei_tcpflow_simultaneous_open = EI_INIT;
static expert_field ei_tcpflow_retransmission = EI_INIT;
static expert_field ei_tcpflow_out_of_order = EI_INIT;
static expert_field ei_tcpflow_data_unacked = EI_INIT;
static expert_field ei_tcpflow_duplicate_ack = EI_INIT;
static expert_field ei_tcpflow_keepalive = EI_INIT;
static expert_field ei_tcpflow_zero_window_probe = EI_INIT;
static expert_field ei_tcpflow_simultaneous_close = EI_INIT;
static expert_field ei_tcpflow_rst_refused = EI_INIT;
static expert_field ei_tcpflow_rst_unacked = EI_INIT;
static expert_field ei_tcpflow_isn_changed = EI_INIT;
static expert_field ei_tcpflow_spurious_retransmission = EI_INIT;
static expert_field ei_tcpflow_after_reset = EI_INIT;
static expert_field ei_tcpflow_time_backwards = EI_INIT;
static expert_field ei_tcpflow_ack_beyond = EI_INIT;
static expert_field ei_tcpflow_zero_window = EI_INIT;
static expert_field ei_tcpflow_window_update = EI_INIT;
static expert_field ei_tcpflow_window_reopened = EI_INIT;
static expert_field ei_tcpflow_window_full = EI_INIT;
static expert_field ei_tcpflow_window_shrunk = EI_INIT;
static expert_field ei_tcpflow_gap = EI_INIT;
static expert_field ei_tcpflow_fast_retransmission = EI_INIT;
static expert_field ei_tcpflow_timeout_retransmission = EI_INIT;
static expert_field ei_tcpflow_sack_retransmission = EI_INIT;
static expert_field ei_tcpflow_tail_loss_probe = EI_INIT;
static expert_field ei_tcpflow_recovery_retransmission = EI_INIT;
static expert_field ei_tcpflow_dsack = EI_INIT;
static expert_field ei_tcpflow_delayed_ack = EI_INIT;
static expert_field ei_tcpflow_nagle = EI_INIT;
static expert_field ei_tcpflow_idle = EI_INIT;
static expert_field ei_tcpflow_ecn_setup = EI_INIT;
static expert_field ei_tcpflow_ce = EI_INIT;
static expert_field ei_tcpflow_ecn_echo = EI_INIT;
static expert_field ei_tcpflow_cwr = EI_INIT;
static expert_field ei_tcpflow_ace = EI_INIT;
static expert_field ei_tcpflow_verdict = EI_INIT;


static int proto_tcpflow = -1;
static int proto_ws_expert = -1;
static int expert_tap_id = -1;

/* The frame being shown: epan dissects one frame at a time. */
static const tf_ctx *analysis;
static tcpflow_view view;

/* The fields that name a side number them from 1, so that 0 never names one. */
#define SIDE_VALUE(side) ((guint32)(side) + 1)

static const value_string direction_vals[] = {
    { SIDE_VALUE(TF_CLIENT), "client \xe2\x86\x92 server" },
    { SIDE_VALUE(TF_SERVER), "server \xe2\x86\x92 client" },
    { 0, NULL }
};

static const value_string side_vals[] = {
    { SIDE_VALUE(TF_CLIENT), "client" },
    { SIDE_VALUE(TF_SERVER), "server" },
    { 0, NULL }
};

/* What limited a connection most (tf_verdict; the words of -z tcpflow,conn's verdict column). */
static const value_string verdict_vals[] = {
    { TF_V_NONE,      "none" },
    { TF_V_HANDSHAKE, "handshake" },
    { TF_V_NETWORK,   "network" },
    { TF_V_RECEIVER,  "receiver" },
    { TF_V_LOSS,      "loss" },
    { TF_V_STALLS,    "stalls" },
    { TF_V_IDLE,      "idle" },
    { TF_V_TEARDOWN,  "teardown" },
    { 0, NULL }
};

/* The steps as short as a column needs; the tree adds the long text. */
static const value_string td_step_vals[] = {
    { 1, "1/4 FIN" },
    { 2, "2/4 ACK" },
    { 3, "3/4 FIN" },
    { 4, "4/4 ACK" },
    { 0, NULL }
};

static const value_string td_step_long[] = {
    { 1, "the first FIN" },
    { 2, "the peer acknowledges the first FIN" },
    { 3, "the peer's FIN" },
    { 4, "the final ACK of the peer's FIN" },
    { 0, NULL }
};

static const value_string rst_phase_vals[] = {
    { TF_RST_HANDSHAKE,   "during the handshake" },
    { TF_RST_ESTABLISHED, "established connection" },
    { TF_RST_CLOSING,     "while closing" },
    { 0, NULL }
};

static const value_string state_vals[] = {
    { TF_ST_CLOSED,       "CLOSED" },
    { TF_ST_LISTEN,       "LISTEN" },
    { TF_ST_SYN_SENT,     "SYN-SENT" },
    { TF_ST_SYN_RECEIVED, "SYN-RECEIVED" },
    { TF_ST_ESTABLISHED,  "ESTABLISHED" },
    { TF_ST_FIN_WAIT_1,   "FIN-WAIT-1" },
    { TF_ST_FIN_WAIT_2,   "FIN-WAIT-2" },
    { TF_ST_CLOSE_WAIT,   "CLOSE-WAIT" },
    { TF_ST_CLOSING,      "CLOSING" },
    { TF_ST_LAST_ACK,     "LAST-ACK" },
    { TF_ST_TIME_WAIT,    "TIME-WAIT" },
    { 0, NULL }
};

/* index: tf_resend */
static const value_string resend_vals[] = {
    { TF_RS_FAST,     "fast retransmission (after 3 duplicate ACKs)" },
    { TF_RS_TIMEOUT,  "retransmission after a timeout" },
    { TF_RS_SACK,     "retransmission guided by SACK" },
    { TF_RS_TLP,      "tail-loss probe" },
    { TF_RS_SPURIOUS, "spurious retransmission" },
    { TF_RS_RECOVERY, "retransmission in fast recovery (after a partial ACK)" },
    { 0, NULL }
};

static const value_string ecn_setup_vals[] = {
    { TF_ES_ASK,          "asks for ECN" },
    { TF_ES_ASK_ACCECN,   "asks for Accurate ECN" },
    { TF_ES_AGREE,        "agrees to ECN" },
    { TF_ES_AGREE_ACCECN, "agrees to Accurate ECN" },
    { TF_ES_DECLINE,      "does not agree to ECN" },
    { 0, NULL }
};

/* The expert info of each kind of retransmission (index: tf_resend; the
 * spurious one is told by tcpflow.data.spurious). */
static expert_field *const resend_experts[TF_RS_COUNT] = {
    [TF_RS_NONE] = &ei_tcpflow_retransmission,
    [TF_RS_FAST] = &ei_tcpflow_fast_retransmission,
    [TF_RS_TIMEOUT] = &ei_tcpflow_timeout_retransmission,
    [TF_RS_SACK] = &ei_tcpflow_sack_retransmission,
    [TF_RS_TLP] = &ei_tcpflow_tail_loss_probe,
    [TF_RS_SPURIOUS] = NULL,
    [TF_RS_RECOVERY] = &ei_tcpflow_recovery_retransmission,
};

static const value_string hs_step_vals[] = {
    { 1, "1/3 SYN" },
    { 2, "2/3 SYN+ACK" },
    { 3, "3/3 ACK" },
    { 0, NULL }
};

static const value_string hs_step_long[] = {
    { 1, "the client's SYN" },
    { 2, "the server's SYN+ACK" },
    { 3, "the client's ACK" },
    { 0, NULL }
};

/* ---- which items a tree needs ---------------------------------------------- */

/* In a tree nobody sees (tshark -Y or -e, a GUI display filter or column),
 * Wireshark fakes the items no filter refers to, but each call still costs,
 * and a protocol's own item is never faked.  When only some tcpflow fields
 * are asked for (not the protocol itself, and no expert info is wanted),
 * tcpflow adds just those fields, flat at the top of the tree, and skips the
 * groups none of them belongs to.  epan dissects one frame at a time, so one
 * flag serves. */
static gboolean flat;

enum { G_HANDSHAKE, G_TEARDOWN, G_DATA, G_ACK, G_RST, G_WINDOW, G_LOSS, G_TIMING, G_ECN, G_CONN, G_COUNT };

static const char *const group_prefix[G_COUNT] = {
    "tcpflow.handshake.", "tcpflow.teardown.", "tcpflow.data.", "tcpflow.ack.", "tcpflow.rst.", "tcpflow.window.",
    "tcpflow.loss.", "tcpflow.timing.", "tcpflow.ecn.", "tcpflow.conn.",
};

/* Each group's fields, and the expert infos' fields (NULL-terminated): the
 * registered header_field_info, which Wireshark keeps in the registration
 * arrays and marks per frame when a filter, column or field refers to it. */
#define MAX_GROUP_FIELDS 64     /* more than any group or the expert infos has: else trees are never flat */
static const header_field_info *group_fields[G_COUNT][MAX_GROUP_FIELDS];
static const header_field_info *expert_fields[MAX_GROUP_FIELDS];

static gboolean note_field(const header_field_info **list, const header_field_info *hfinfo)
{
    int n = 0;
    while (list[n])
        n++;
    if (n == MAX_GROUP_FIELDS - 1)
        return FALSE;
    list[n] = hfinfo;
    return TRUE;
}

/* The registration array, when its fields got consecutive ids (they do:
 * Wireshark numbers fields in the order they are registered), so that a
 * field's header_field_info is found without a call.  NULL otherwise, and
 * trees are never flat. */
static const hf_register_info *registered_fields;
static int first_field;
static const header_field_info *protocol_field;

static void note_fields(const hf_register_info *hf, int n, const ei_register_info *ei, int n_ei)
{
    for (int i = 0; i < n; i++)
        for (int g = 0; g < G_COUNT; g++)
            if (g_str_has_prefix(hf[i].hfinfo.abbrev, group_prefix[g]) &&
                !note_field(group_fields[g], &hf[i].hfinfo))
                return;
    for (int i = 0; i < n_ei; i++)
        if (!note_field(expert_fields, &ei[i].eiinfo.hf_info.hfinfo))
            return;
    for (int i = 0; i < n; i++)
        if (*hf[i].p_id != *hf[0].p_id + i)
            return;
    registered_fields = hf;
    first_field = *hf[0].p_id;
    protocol_field = proto_registrar_get_nth(proto_tcpflow);
}

static gboolean any_referenced(const header_field_info *const *list)
{
    for (; *list; list++)
        if ((*list)->ref_type != HF_REF_TYPE_NONE)
            return TRUE;
    return FALSE;
}

/* Whether only tcpflow's fields are wanted from this tree, not its look. */
static gboolean only_fields_wanted(proto_tree *tree)
{
    return registered_fields && !PTREE_DATA(tree)->visible && PTREE_DATA(tree)->fake_protocols &&
           proto_ws_expert >= 0 && protocol_field->ref_type == HF_REF_TYPE_INDIRECT &&
           !have_tap_listener(expert_tap_id) && !proto_field_is_referenced(tree, proto_ws_expert) &&
           !any_referenced(expert_fields);
}

static gboolean group_wanted(int group)
{
    return !flat || any_referenced(group_fields[group]);
}

static gboolean referenced(int hf)
{
    return registered_fields[hf - first_field].hfinfo.ref_type != HF_REF_TYPE_NONE;
}

/* Whether a field's value is asked for (a shown tree asks for them all). */
static gboolean field_asked(proto_tree *tree, int hf)
{
    return flat ? referenced(hf) : proto_field_is_referenced(tree, hf);
}

/* Whether to add a field: in a flat tree, only when it is referred to. */
static gboolean field_wanted(proto_tree *tree, int hf)
{
    return tree && (!flat || referenced(hf));
}

/* A group's subtree; a flat tree keeps its items at the top. */
static proto_tree *group_tree(proto_tree *tree, proto_item *ti, gint ett)
{
    return flat ? tree : proto_item_add_subtree(ti, ett);
}

/* ---- building the tree ---------------------------------------------------- */

static proto_item *add_uint(proto_tree *tree, int hf, guint32 value)
{
    if (!field_wanted(tree, hf))
        return NULL;
    proto_item *it = proto_tree_add_uint(tree, hf, NULL, 0, 0, value);
    proto_item_set_generated(it);
    return it;
}

static proto_item *add_uint64(proto_tree *tree, int hf, guint64 value)
{
    if (!field_wanted(tree, hf))
        return NULL;
    proto_item *it = proto_tree_add_uint64(tree, hf, NULL, 0, 0, value);
    proto_item_set_generated(it);
    return it;
}

static proto_item *add_bool(proto_tree *tree, int hf, gboolean value)
{
    if (!field_wanted(tree, hf))
        return NULL;
    proto_item *it = proto_tree_add_boolean(tree, hf, NULL, 0, 0, value);
    proto_item_set_generated(it);
    return it;
}

static proto_item *add_string(proto_tree *tree, int hf, const char *value)
{
    if (!field_wanted(tree, hf))
        return NULL;
    proto_item *it = proto_tree_add_string(tree, hf, NULL, 0, 0, value);
    proto_item_set_generated(it);
    return it;
}

static proto_item *add_duration(proto_tree *tree, int hf, gint64 ns)
{
    if (!field_wanted(tree, hf))
        return NULL;
    nstime_t t;
    t.secs = (time_t)(ns / 1000000000);
    t.nsecs = (int)(ns % 1000000000);
    proto_item *it = proto_tree_add_time(tree, hf, NULL, 0, 0, &t);
    proto_item_set_generated(it);
    return it;
}

/* The time from one record to another; none, with a note, where the
 * capture's clock runs backwards (a broken or merged capture). */
static void add_time(proto_tree *tree, packet_info *pinfo, int hf, const tf_record *from, const tf_record *to)
{
    gint64 ns;
    if (tf_elapsed(from, to, &ns))
        add_duration(tree, hf, ns);
    else if (from && to)
        expert_add_info(pinfo, flat ? NULL : tree, &ei_tcpflow_time_backwards);
}

static void add_link(proto_tree *tree, int hf, const tf_record *to)
{
    if (to)
        add_uint(tree, hf, to->frame);
}

/* The labels Wireshark's TCP analysis gives itself.  With it on, tcpflow
 * reports no expert info of its own for them (the fields stay, and the
 * explanation says why): Expert Information then lists each once, and
 * tcpflow's entries are the ones that say more (the kind of a
 * retransmission and its first copy, the reasoning of the handshake,
 * teardown, reset, timing and ECN rules, the verdict). */
static expert_field *const tcp_labels[] = {
    &ei_tcpflow_duplicate_ack, &ei_tcpflow_keepalive, &ei_tcpflow_zero_window_probe, &ei_tcpflow_retransmission,
    &ei_tcpflow_fast_retransmission, &ei_tcpflow_spurious_retransmission, &ei_tcpflow_out_of_order,
    &ei_tcpflow_zero_window, &ei_tcpflow_window_update, &ei_tcpflow_window_full, &ei_tcpflow_gap,
};

static gboolean tcp_says(const expert_field *ei)
{
    for (size_t i = 0; view.tcp_labels && i < G_N_ELEMENTS(tcp_labels); i++)
        if (tcp_labels[i] == ei)
            return TRUE;
    return FALSE;
}

/* An expert info, unless TCP's analysis gives the same label. */
static void add_expert(packet_info *pinfo, proto_item *it, expert_field *ei)
{
    if (!tcp_says(ei))
        expert_add_info(pinfo, it, ei);
}

static proto_item *add_flag(proto_tree *tree, packet_info *pinfo, int hf, expert_field *ei)
{
    proto_item *it = add_bool(tree, hf, TRUE);
    add_expert(pinfo, it, ei);
    return it;
}

/* Times count from the newest copy of the SYN or SYN+ACK answered. */
static void add_handshake_times(proto_tree *st, packet_info *pinfo, const tf_record *r, const tf_handshake *h)
{
    const tf_record *syn_last = tf_record_at(analysis, h->syn_last);
    if (r->hs_step == 2)
        add_time(st, pinfo, hf_tcpflow_hs_synack_time, syn_last, r);
    if (r->hs_step == 3)
        add_time(st, pinfo, hf_tcpflow_hs_ack_time, tf_record_at(analysis, h->synack_last), r);
    if (r->bits & TF_R_HS_COMPLETE)
        add_time(st, pinfo, hf_tcpflow_hs_rtt, syn_last, r);
}

/* A step: its short value (what a column shows) and, in a tree someone sees, the long text. */
static proto_item *add_step(proto_tree *tree, int hf, guint32 step, const value_string *long_text)
{
    proto_item *ti = add_uint(tree, hf, step);
    if (ti && PTREE_DATA(tree)->visible)
        proto_item_append_text(ti, ": %s", val_to_str_const(step, long_text, "?"));
    return ti;
}

static void add_handshake(proto_tree *tree, packet_info *pinfo, guint32 rec, const guint8 *tcp, gboolean whole)
{
    const tf_record *r = tf_record_at(analysis, rec);
    const tf_handshake *h = tf_handshake_of(analysis, rec);
    const tf_record *syn = tf_record_at(analysis, h->syn);
    const tf_record *synack = tf_record_at(analysis, h->synack);
    const tf_record *ack = tf_record_at(analysis, h->ack);
    gboolean retrans = (r->bits & TF_R_HS_RETRANS) != 0;

    proto_item *ti = add_step(tree, hf_tcpflow_hs_step, r->hs_step, hs_step_long);
    proto_tree *st = group_tree(tree, ti, ett_tcpflow_handshake);
    if (syn != r)
        add_link(st, hf_tcpflow_hs_syn_frame, syn);
    if (synack != r)
        add_link(st, hf_tcpflow_hs_synack_frame, synack);
    if (ack != r)
        add_link(st, hf_tcpflow_hs_ack_frame, ack);
    if (h->client_isn_known)
        add_uint(st, hf_tcpflow_hs_client_isn, h->client_isn);
    guint32 raw_ack = tf_be32(tcp + 8);
    if (r->hs_step == 2 && !(r->bits & TF_R_SIM_OPEN))
        add_uint(st, hf_tcpflow_hs_server_isn, tf_be32(tcp + 4));      /* a SYN+ACK's own ISN, even one replaced later */
    else if (h->server_isn_known && (r->hs_step > 1 || (r->bits & TF_R_SIM_OPEN)))
        add_uint(st, hf_tcpflow_hs_server_isn, h->server_isn);
    if (r->bits & TF_R_HS_EXPECTED) {
        gboolean ok = (r->bits & TF_R_HS_ACK_OK) != 0;
        add_uint(st, hf_tcpflow_hs_expected_ack, tf_hs_expected(analysis, rec, raw_ack));
        proto_item *okit = add_bool(st, hf_tcpflow_hs_ack_ok, ok);
        if (!ok)
            expert_add_info(pinfo, okit, &ei_tcpflow_handshake_ack_wrong);
    }
    add_handshake_times(st, pinfo, r, h);
    if (r->hs_step == 3 || (r->bits & TF_R_HS_COMPLETE))
        add_bool(st, hf_tcpflow_hs_complete, (r->bits & TF_R_HS_COMPLETE) != 0);
    if (retrans)
        add_bool(st, hf_tcpflow_hs_retransmission, TRUE);
    if (r->bits & TF_R_SIM_OPEN)
        expert_add_info(pinfo, add_bool(st, hf_tcpflow_hs_simultaneous, TRUE), &ei_tcpflow_simultaneous_open);
    if (r->marks & TF_M_ISN_CHANGED)
        expert_add_info(pinfo, add_bool(st, hf_tcpflow_hs_isn_changed, TRUE), &ei_tcpflow_isn_changed);
    if (whole && tf_handshake_incomplete(analysis, rec))
        expert_add_info(pinfo, add_bool(st, hf_tcpflow_hs_incomplete, TRUE), &ei_tcpflow_handshake_incomplete);
}

static void add_teardown(proto_tree *tree, packet_info *pinfo, guint32 rec)
{
    const tf_record *r = tf_record_at(analysis, rec);
    const tf_teardown *td = tf_teardown_of(analysis, rec);
    tf_side first = (tf_side)td->initiator;   /* the initiator's side first */
    proto_tree *st = NULL;

    for (guint step = 1; step <= 4; step++) {
        if (!tf_teardown_step(r, step))
            continue;
        proto_item *ti = add_step(st ? st : tree, hf_tcpflow_td_step, step, td_step_long);
        if (!st)
            st = group_tree(tree, ti, ett_tcpflow_teardown);
    }
    if (td->started)
        add_uint(st, hf_tcpflow_td_initiator, SIDE_VALUE(td->initiator));
    for (int i = 0; i < 2; i++) {
        const tf_record *fin = tf_record_at(analysis, td->fin[first ^ i]);
        if (fin != r)
            add_link(st, hf_tcpflow_td_fin_frame, fin);
    }
    for (int i = 0; i < 2; i++) {
        const tf_record *ack = tf_record_at(analysis, td->ack[first ^ i]);
        if (ack != r)
            add_link(st, hf_tcpflow_td_ack_frame, ack);
    }
    if (r->bits & TF_R_SIM_CLOSE)
        expert_add_info(pinfo, add_bool(st, hf_tcpflow_td_simultaneous, TRUE), &ei_tcpflow_simultaneous_close);
    if (r->bits & TF_R_FIN_RETRANS)
        add_bool(st, hf_tcpflow_td_retransmission, TRUE);
}

static void add_data(proto_tree *tree, packet_info *pinfo, guint32 rec, gboolean whole)
{
    const tf_record *r = tf_record_at(analysis, rec);
    proto_item *ti = add_uint(tree, hf_tcpflow_data_len, r->len);
    proto_tree *st = group_tree(tree, ti, ett_tcpflow_data);
    const tf_record *acker = tf_record_at(analysis, r->acked_in);
    const tf_extra *x = tf_extra_of(analysis, rec);
    const tf_record *original = tf_record_at(analysis, x->original);

    add_uint(st, hf_tcpflow_data_seq, r->seq_rel);
    add_uint(st, hf_tcpflow_data_nextseq, tf_next_rel(r));
    if (acker) {
        add_uint(st, hf_tcpflow_data_acked_in, acker->frame);
        if (tf_ack_timed(r))                    /* Karn's rule: a copy's ACK cannot be timed */
            add_time(st, pinfo, hf_tcpflow_data_ack_delay, r, acker);
    }
    if (x->retrans_bytes) {
        proto_item *it = add_uint(st, hf_tcpflow_data_retransmission, x->retrans_bytes);
        expert_field *ei = tcp_says(resend_experts[x->resend]) ? NULL : resend_experts[x->resend];
        if (ei && original)
            expert_add_info_format(pinfo, it, ei, "%s of data first sent in frame %u",
                                   expert_get_summary(ei), original->frame);
        else if (ei)
            expert_add_info(pinfo, it, ei);
        add_link(st, hf_tcpflow_data_original_frame, original);
    }
    if (r->marks & TF_M_SPURIOUS)
        add_flag(st, pinfo, hf_tcpflow_data_spurious, &ei_tcpflow_spurious_retransmission);
    if (r->bits & TF_R_OUT_OF_ORDER)
        add_flag(st, pinfo, hf_tcpflow_data_out_of_order, &ei_tcpflow_out_of_order);
    if (whole && tf_never_acked(r))
        expert_add_info(pinfo, add_bool(st, hf_tcpflow_data_unacked, TRUE), &ei_tcpflow_data_unacked);
}

static void add_ack(proto_tree *tree, packet_info *pinfo, guint32 rec)
{
    const tf_record *r = tf_record_at(analysis, rec);
    proto_tree *st = group_tree(tree, add_uint(tree, hf_tcpflow_ack_acked_bytes, r->acked_bytes), ett_tcpflow_ack);
    guint32 n;
    const guint32 *links = tf_links(analysis, rec, &n);

    for (guint32 i = 0; i < n; i++)
        add_uint(st, hf_tcpflow_ack_acks_frame, tf_record_at(analysis, links[i])->frame);
    const tf_record *timed = tf_record_at(analysis, tf_rtt_link(analysis, rec));
    add_time(st, pinfo, hf_tcpflow_ack_rtt, timed, r);
    add_link(st, hf_tcpflow_ack_rtt_from, timed);
    add_bool(st, hf_tcpflow_ack_piggybacked, (r->bits & TF_R_HAS_DATA) != 0);
    guint32 unseen = tf_extra_of(analysis, rec)->unseen_bytes;
    if (unseen && tcp_says(&ei_tcpflow_ack_unseen))
        add_uint(st, hf_tcpflow_ack_unseen_bytes, unseen);
    else if (unseen)
        expert_add_info_format(pinfo, add_uint(st, hf_tcpflow_ack_unseen_bytes, unseen), &ei_tcpflow_ack_unseen,
                               "This ACK covers %u bytes the capture never showed", unseen);
}

/* Flow control: what the sender's window says, and whether its data
 * filled the peer's. */
static void add_window(proto_tree *tree, packet_info *pinfo, guint32 rec)
{
    const tf_record *r = tf_record_at(analysis, rec);
    const tf_extra *x = tf_extra_of(analysis, rec);
    proto_item *ti = add_uint(tree, hf_tcpflow_window_size, x->win_size);
    proto_tree *st = group_tree(tree, ti, ett_tcpflow_window);
    guint8 ev = x->win_events;

    if (ev & TF_W_ZERO)
        add_flag(st, pinfo, hf_tcpflow_window_zero, &ei_tcpflow_zero_window);
    if (ev & TF_W_UPDATE)
        add_flag(st, pinfo, hf_tcpflow_window_update, &ei_tcpflow_window_update);
    if (ev & (TF_W_UPDATE | TF_W_SHRUNK))
        add_uint(st, hf_tcpflow_window_previous, x->win_previous);
    if (ev & TF_W_REOPENED) {
        const tf_record *closed = tf_record_at(analysis, x->zero_since);
        add_flag(st, pinfo, hf_tcpflow_window_reopened, &ei_tcpflow_window_reopened);
        add_link(st, hf_tcpflow_window_zero_frame, closed);
        add_time(st, pinfo, hf_tcpflow_window_closed_time, closed, r);
    }
    if (ev & TF_W_FULL) {
        add_flag(st, pinfo, hf_tcpflow_window_full, &ei_tcpflow_window_full);
        add_uint(st, hf_tcpflow_window_in_flight, x->win_in_flight);
        add_uint(st, hf_tcpflow_window_offered, x->win_offered);
    }
    if (ev & TF_W_SHRUNK) {
        add_flag(st, pinfo, hf_tcpflow_window_shrunk, &ei_tcpflow_window_shrunk);
        add_uint(st, hf_tcpflow_window_shrunk_by, x->shrunk_by);
    }
    if (ev & TF_W_RELIEVED) {
        const tf_record *full = tf_record_at(analysis, x->full_since);
        add_bool(st, hf_tcpflow_window_relieved, TRUE);
        add_link(st, hf_tcpflow_window_full_frame, full);
        add_time(st, pinfo, hf_tcpflow_window_full_time, full, r);
    }
}

/* The duplicate ACKs a fast retransmission followed. */
static void add_dup_acks(proto_tree *tree, guint32 rec, const tf_extra *x)
{
    guint32 dups[16];
    guint32 n = tf_dup_acks(analysis, rec, dups, G_N_ELEMENTS(dups));
    add_uint(tree, hf_tcpflow_loss_dup_acks, x->dup_acks);
    for (guint32 i = 0; i < n; i++)
        add_link(tree, hf_tcpflow_loss_dup_ack_frame, tf_record_at(analysis, dups[i]));
}

/* What an ACK's SACK blocks report: held, missing, and a copy received twice. */
static void add_sack(proto_tree *tree, packet_info *pinfo, const tf_extra *x)
{
    proto_tree *st = tree;
    if (x->sack_held) {
        st = group_tree(tree, add_uint(tree, hf_tcpflow_loss_sack_held, x->sack_held), ett_tcpflow_loss);
        add_uint(st, hf_tcpflow_loss_sack_missing, x->sack_missing);
        add_link(st, hf_tcpflow_loss_sack_first_frame, tf_record_at(analysis, x->sack_first));
        add_link(st, hf_tcpflow_loss_sack_last_frame, tf_record_at(analysis, x->sack_last));
        add_link(st, hf_tcpflow_loss_sack_hole_frame, tf_record_at(analysis, x->sack_hole));
    }
    if (x->loss_flags & TF_L_DSACK) {
        add_flag(st, pinfo, hf_tcpflow_loss_dsack, &ei_tcpflow_dsack);
        add_link(st, hf_tcpflow_loss_dsack_frame, tf_record_at(analysis, x->dsack_of));
    }
}

/* Loss and recovery: bytes never seen, and why a segment was sent again. */
static void add_loss(proto_tree *tree, packet_info *pinfo, guint32 rec)
{
    const tf_extra *x = tf_extra_of(analysis, rec);
    proto_tree *st = tree;
    add_link(tree, hf_tcpflow_loss_dsack_in, tf_record_at(analysis, x->dsack_in));
    if (x->sack_held || (x->loss_flags & TF_L_DSACK))
        add_sack(tree, pinfo, x);
    if (x->gap) {
        proto_item *ti = add_uint(tree, hf_tcpflow_loss_gap, x->gap);
        if (!tcp_says(&ei_tcpflow_gap))
            expert_add_info_format(pinfo, ti, &ei_tcpflow_gap, "%u bytes before this segment were never seen%s", x->gap,
                                   (x->loss_flags & TF_L_GAP_ACKED) ? " (the peer had acknowledged them: not captured)" : "");
        st = group_tree(tree, ti, ett_tcpflow_loss);
        add_link(st, hf_tcpflow_loss_gap_filled_in, tf_record_at(analysis, x->gap_filled_in));
    }
    add_link(st, hf_tcpflow_loss_fills_gap_of, tf_record_at(analysis, x->fills_gap_of));
    if (!x->resend)
        return;
    proto_item *ki = add_uint(st, hf_tcpflow_loss_kind, x->resend);
    if (st == tree)
        st = group_tree(tree, ki, ett_tcpflow_loss);
    if (!x->retrans_bytes && resend_experts[x->resend])    /* a gap's filler: told here, not by the data */
        add_expert(pinfo, ki, resend_experts[x->resend]);
    const tf_record *prev = tf_record_at(analysis, x->previous);
    if (x->copy)
        add_uint(st, hf_tcpflow_loss_copy, x->copy);
    add_link(st, hf_tcpflow_loss_previous_frame, prev);
    add_time(st, pinfo, hf_tcpflow_loss_since_previous, prev, tf_record_at(analysis, rec));
    double ratio;
    if (tf_backoff(analysis, rec, &ratio) && field_wanted(st, hf_tcpflow_loss_backoff))
        proto_item_set_generated(proto_tree_add_double(st, hf_tcpflow_loss_backoff, NULL, 0, 0, ratio));
    if (x->resend == TF_RS_FAST)
        add_dup_acks(st, rec, x);
    if (x->resend == TF_RS_SACK)
        add_link(st, hf_tcpflow_loss_sack_frame, tf_record_at(analysis, x->trigger));
}

/* Timing: a delayed ACK, a segment Nagle held back for it, idle time before it. */
static void add_timing(proto_tree *tree, packet_info *pinfo, guint32 rec, const tf_extra *x)
{
    const tf_record *r = tf_record_at(analysis, rec);
    const tf_pace_note *n = tf_pace_of(analysis, rec);
    gint64 delay, held;
    if (tf_ack_held(analysis, rec, &delay, &held)) {
        proto_tree *st = group_tree(tree, add_flag(tree, pinfo, hf_tcpflow_timing_delayed_ack, &ei_tcpflow_delayed_ack),
                                    ett_tcpflow_timing);
        add_duration(st, hf_tcpflow_timing_held, held);
        add_duration(st, hf_tcpflow_timing_base_rtt, n->delack_base);
    }
    if (x->timing & TF_T_NAGLE) {
        const tf_record *after = tf_record_at(analysis, n->nagle_after);
        proto_tree *st = group_tree(tree, add_flag(tree, pinfo, hf_tcpflow_timing_nagle, &ei_tcpflow_nagle),
                                    ett_tcpflow_timing);
        add_link(st, hf_tcpflow_timing_nagle_after_frame, after);
        add_link(st, hf_tcpflow_timing_nagle_ack_frame, tf_record_at(analysis, n->nagle_ack));
        add_time(st, pinfo, hf_tcpflow_timing_stall, after, r);
    }
    gint64 idle;
    const tf_record *since = tf_record_at(analysis, n->idle_since);
    if ((x->timing & TF_T_IDLE) && tf_elapsed(since, r, &idle)) {
        proto_item *ti = add_duration(tree, hf_tcpflow_timing_idle, idle);
        expert_add_info(pinfo, ti, &ei_tcpflow_idle);
        add_link(group_tree(tree, ti, ett_tcpflow_timing), hf_tcpflow_timing_idle_since_frame, since);
    }
}

/* ECN: the handshake's offer and answer, congestion marks, their echo and the answer to it. */
static void add_ecn(proto_tree *tree, packet_info *pinfo, guint32 rec, const tf_extra *x)
{
    const tf_pace_note *n = tf_pace_of(analysis, rec);
    const tf_record *link = tf_record_at(analysis, n->ecn_link);
    if (x->ecn & TF_E_SETUP)
        expert_add_info(pinfo, add_uint(tree, hf_tcpflow_ecn_setup, n->ecn_setup), &ei_tcpflow_ecn_setup);
    if (x->ecn & TF_E_CE)
        add_flag(tree, pinfo, hf_tcpflow_ecn_ce, &ei_tcpflow_ce);
    if (x->ecn & TF_E_ECE) {
        add_flag(tree, pinfo, hf_tcpflow_ecn_echo, &ei_tcpflow_ecn_echo);
        add_link(tree, hf_tcpflow_ecn_ce_frame, link);
    }
    if (x->ecn & TF_E_ECE_MORE) {
        add_bool(tree, hf_tcpflow_ecn_echo_again, TRUE);
        add_link(tree, hf_tcpflow_ecn_echo_frame, link);
    }
    if (x->ecn & TF_E_CWR) {
        add_flag(tree, pinfo, hf_tcpflow_ecn_cwr, &ei_tcpflow_cwr);
        add_link(tree, hf_tcpflow_ecn_cwr_of_frame, tf_record_at(analysis, n->cwr_of));
    }
    if (x->ecn & TF_E_ACE) {
        expert_add_info(pinfo, add_uint(tree, hf_tcpflow_ecn_ace, n->ace), &ei_tcpflow_ace);
        add_uint(tree, hf_tcpflow_ecn_ace_delta, n->ace_delta);
    }
}

static void add_duplicate(proto_tree *tree, packet_info *pinfo, const tf_extra *x)
{
    proto_item *ti = add_uint(tree, hf_tcpflow_ack_duplicate, x->dup_count);
    const tf_record *of = tf_record_at(analysis, x->dup_of);
    add_link(group_tree(tree, ti, ett_tcpflow_ack), hf_tcpflow_ack_duplicate_of, of);
    if (!tcp_says(&ei_tcpflow_duplicate_ack))
        expert_add_info_format(pinfo, ti, &ei_tcpflow_duplicate_ack, "Duplicate ACK %u of frame %u", x->dup_count,
                               of ? of->frame : 0);
}

static void add_unacked(proto_tree *tree, const char *side, guint32 bytes)
{
    if (!field_wanted(tree, hf_tcpflow_rst_unacked_bytes))
        return;
    proto_item *it = proto_tree_add_uint_format_value(tree, hf_tcpflow_rst_unacked_bytes, NULL, 0, 0, bytes,
                                                      "%u (%s)", bytes, side);
    proto_item_set_generated(it);
}

static void add_rst(proto_tree *tree, packet_info *pinfo, guint32 rec)
{
    const tf_record *r = tf_record_at(analysis, rec);
    proto_tree *st = group_tree(tree, add_uint(tree, hf_tcpflow_rst_from, SIDE_VALUE(r->sender)), ett_tcpflow_rst);
    const tf_extra *x = tf_extra_of(analysis, rec);

    add_uint(st, hf_tcpflow_rst_phase, r->rst_phase);
    if (r->bits & TF_R_RST_REFUSED)
        expert_add_info(pinfo, add_bool(st, hf_tcpflow_rst_refused, TRUE), &ei_tcpflow_rst_refused);
    add_unacked(st, "client", x->rst_unacked[TF_CLIENT]);
    add_unacked(st, "server", x->rst_unacked[TF_SERVER]);
    if (x->rst_unacked[TF_CLIENT] + x->rst_unacked[TF_SERVER])
        expert_add_info_format(pinfo, flat ? NULL : tree, &ei_tcpflow_rst_unacked,
                               "Reset with data in flight: %u bytes from the client and %u from the server "
                               "not yet acknowledged (an abort, not a close)",
                               x->rst_unacked[TF_CLIENT], x->rst_unacked[TF_SERVER]);
}

typedef struct part_sink {
    proto_tree *tree;
} part_sink;

/* A decoded piece, labelled by itself ("seq 1:8 = bytes 1 to 7 ..."). */
static void add_part(void *user, const char *text)
{
    part_sink *sink = (part_sink *)user;
    if (!field_wanted(sink->tree, hf_tcpflow_tcpdump_part))
        return;
    proto_item_set_generated(proto_tree_add_string_format(sink->tree, hf_tcpflow_tcpdump_part, NULL, 0, 0, text,
                                                          "%s", text));
}

/* A piece of text without the space that ends it. */
static size_t shown_length(const char *piece, size_t n)
{
    return n && piece[n - 1] == ' ' ? n - 1 : n;
}

/* The explanation: the whole text is the field; a tree someone sees shows
 * it a sentence at a time, the first as the label, so that no line runs
 * off the screen. */
static void add_explanation(proto_tree *tree, const char *text)
{
    proto_item *ti = add_string(tree, hf_tcpflow_explain, text);
    if (!ti || !PTREE_DATA(tree)->visible)
        return;
    size_t n = tf_sentence_length(text);
    proto_item_set_text(ti, "Explanation: %.*s", (int)shown_length(text, n), text);
    proto_tree *st = proto_item_add_subtree(ti, ett_tcpflow_explain);
    for (const char *p = text + n; *p; p += n) {
        n = tf_sentence_length(p);
        proto_item_set_generated(proto_tree_add_none_format(st, hf_tcpflow_explain_sentence, NULL, 0, 0, "%.*s",
                                                            (int)shown_length(p, n), p));
    }
}

static proto_item *add_tcpdump_line(proto_tree *tree, const tf_wire *wire, guint32 rec)
{
    char line[512];
    tf_tcpdump_line(analysis, rec, wire, line, sizeof line);
    return add_string(tree, hf_tcpflow_tcpdump, line);
}

/* The tcpdump line with its decoding, and the explanation: string work done
 * only when the tree shows them or a filter, column or field asks for them. */
static void add_words(proto_tree *ft, packet_info *pinfo, const tcpflow_header *hdr, guint32 rec, gboolean whole)
{
    tf_wire wire;
    gboolean want_line = field_asked(ft, hf_tcpflow_tcpdump) || field_asked(ft, hf_tcpflow_tcpdump_part);
    gboolean want_explain = field_asked(ft, hf_tcpflow_explain);
    if (!(want_line || want_explain) || !tcpflow_header_wire(hdr, pinfo, &wire))
        return;
    if (want_line) {
        proto_item *ti = add_tcpdump_line(ft, &wire, rec);
        part_sink sink = { group_tree(ft, ti, ett_tcpflow_tcpdump) };
        tf_tcpdump_parts(analysis, rec, &wire, view.lang, add_part, &sink);
    }
    if (want_explain) {
        char text[2048];                     /* Chinese takes three bytes a character */
        tf_explain(analysis, rec, &wire, view.lang, whole, text, sizeof text);
        add_explanation(ft, text);
    }
}

/* Puts text (n bytes) before the Info column's: as one string in the
 * packet's memory, which the column points to while the packet is shown
 * (col_prepend_fstr formats and copies the column three times, a third of
 * tcpflow's cost on short connections).  The fence goes: tcpflow, a
 * post-dissector, writes last. */
static size_t info_prefix;      /* the bytes this frame's earlier headers put before Info */

static void prepend_info(packet_info *pinfo, const char *text, size_t n)
{
    const char *orig = col_get_text(pinfo->cinfo, COL_INFO);
    size_t len = orig ? strlen(orig) : 0, at = MIN(info_prefix, len);
    info_prefix = at + n;
    if (n + len >= COL_MAX_INFO_LEN) {
        col_prepend_fstr(pinfo->cinfo, COL_INFO, "%s", text);
        info_prefix = n;
        return;
    }
    char *s = (char *)wmem_alloc(pinfo->pool, n + len + 1);
    memcpy(s, orig, at);                     /* an outer header's summary stays first */
    memcpy(s + at, text, n);
    memcpy(s + at + n, orig ? orig + at : "", len - at + 1);
    col_clear_fence(pinfo->cinfo, COL_INFO);
    col_set_str(pinfo->cinfo, COL_INFO, s);
}

/* The summary, put at the start of the Info column as "[summary] ", where
 * a long SYN line cannot push it out of sight; built only when the column,
 * the subtree's label or the summary field reads it.  Returns it (in info,
 * after the room for "[", so the column needs no copy of its own). */
static const char *add_summary(proto_tree *tree, packet_info *pinfo, guint32 rec, char *info, size_t size)
{
    gboolean want_info = view.info_summary && pinfo->cinfo && col_get_writable(pinfo->cinfo, COL_INFO);
    gboolean label = tree && PTREE_DATA(tree)->visible;
    char *summary = info + 1;
    summary[0] = '\0';
    if (!want_info && !label && !field_asked(tree, hf_tcpflow_summary))
        return summary;
    tf_summary(analysis, rec, view.lang, summary, size - 3);
    if (want_info) {
        size_t n = strlen(summary);
        info[0] = '[';
        memcpy(summary + n, "] ", 3);
        prepend_info(pinfo, info, n + 3);
        summary[n] = '\0';
    }
    return summary;
}

/* The tcpflow item and the fields every segment has; returns the tree its
 * groups go in (the top of a flat tree). */
static proto_tree *add_segment(proto_tree *tree, packet_info *pinfo, tvbuff_t *tvb, const tcpflow_header *hdr,
                               guint32 rec, const char *summary)
{
    const tf_record *r = tf_record_at(analysis, rec);
    proto_tree *ft = tree;
    if (!flat) {
        proto_item *ti = proto_tree_add_item(tree, proto_tcpflow, tvb, 0, 0, ENC_NA);
        if (PTREE_DATA(tree)->visible)
            proto_item_append_text(ti, ": %s", summary);
        ft = proto_item_add_subtree(ti, ett_tcpflow);
    }
    add_uint(ft, hf_tcpflow_direction, SIDE_VALUE(r->sender));
    if (r->bits & TF_R_ROLES_INFERRED)
        add_bool(ft, hf_tcpflow_roles_inferred, TRUE);
    if (field_asked(ft, hf_tcpflow_summary))                 /* the subtree's label says it already */
        proto_item_set_hidden(add_string(ft, hf_tcpflow_summary, summary));
    add_uint(ft, hf_tcpflow_state_client, tf_client_state(r));
    add_uint(ft, hf_tcpflow_state_server, tf_server_state(r));
    if (field_asked(ft, hf_tcpflow_history))
        add_string(ft, hf_tcpflow_history, wmem_strndup(pinfo->pool, tf_history(analysis, rec), r->hist_len));
    add_words(ft, pinfo, hdr, rec, pinfo->fd->visited);
    return ft;
}

/* A part of the connection's time, with its share of the duration. */
static proto_item *add_share(proto_tree *tree, int hf, gint64 ns, gint64 duration)
{
    proto_item *it = add_duration(tree, hf, ns);
    if (it && duration > 0 && PTREE_DATA(tree)->visible)
        proto_item_append_text(it, " (%.0f %%)", 100.0 * ns / duration);
    return it;
}

/* Bytes per second over ns > 0, at most what the field holds (a clock
 * that jumps can leave a tiny duration). */
static guint64 per_second(guint64 bytes, gint64 ns)
{
    double rate = bytes / (ns / 1e9);
    return rate >= 18446744073709549568.0 ? G_MAXUINT64 : (guint64)rate;
}

/* Where the connection's time went, on its last segment. */
static void add_conn(proto_tree *tree, packet_info *pinfo, const tf_times *t)
{
    char words[600];
    proto_item *ti = add_uint(tree, hf_tcpflow_conn_verdict, t->verdict);
    proto_tree *st = group_tree(tree, ti, ett_tcpflow_conn);
    char brief[ITEM_LABEL_LENGTH];           /* Wireshark would cut a longer one inside a character */
    tf_diagnosis(t, view.lang, words, sizeof words);
    expert_add_info_format(pinfo, ti, &ei_tcpflow_verdict, "%s", tf_diagnosis(t, view.lang, brief, sizeof brief));
    if (tf_verdict_has_side((tf_verdict)t->verdict))
        add_uint(st, hf_tcpflow_conn_verdict_side, SIDE_VALUE(t->verdict_side));
    if (field_asked(st, hf_tcpflow_conn_diagnosis))
        add_string(st, hf_tcpflow_conn_diagnosis, words);
    add_duration(st, hf_tcpflow_conn_duration, t->duration);
    for (int p = 0; p < TF_PART_COUNT; p++) {
        if (p == TF_PART_FAST)
            add_share(st, hf_tcpflow_conn_loss_recovery, tf_verdict_ns(t, TF_V_LOSS), t->duration);
        add_share(st, hf_tcpflow_conn_part[p], tf_part_total(t, (tf_part)p), t->duration);
    }
    if (t->open_after >= 0)
        add_duration(st, hf_tcpflow_conn_open_after, t->open_after);
    for (tf_side s = TF_CLIENT; s <= TF_SERVER && t->duration > 0; s++)
        add_uint64(st, hf_tcpflow_conn_throughput[s], per_second(t->bytes[s], t->duration));
    for (tf_side s = TF_CLIENT; s <= TF_SERVER && t->duration > 0; s++)
        add_uint64(st, hf_tcpflow_conn_goodput[s],
                   per_second(t->bytes[s] - MIN(t->bytes[s], t->retrans_bytes[s]), t->duration));
    for (tf_side s = TF_CLIENT; s <= TF_SERVER; s++)
        add_uint64(st, hf_tcpflow_conn_retrans_bytes[s], t->retrans_bytes[s]);
    for (tf_side s = TF_CLIENT; s <= TF_SERVER; s++)
        if (t->srtt[s] >= 0)
            add_duration(st, hf_tcpflow_conn_srtt[s], t->srtt[s]);
    add_uint(st, hf_tcpflow_conn_timeouts, t->timeouts[TF_CLIENT] + t->timeouts[TF_SERVER]);
    add_uint(st, hf_tcpflow_conn_fast_recoveries, t->recoveries[TF_CLIENT] + t->recoveries[TF_SERVER]);
}

/* The groups and marks that apply to the segment, with their expert infos. */
static void add_groups(proto_tree *ft, packet_info *pinfo, const tcpflow_header *hdr, guint32 rec)
{
    const tf_record *r = tf_record_at(analysis, rec);
    /* Judgements about the whole capture ("never acknowledged") are made
     * only once every frame was read: on later passes and in the GUI. */
    gboolean whole = pinfo->fd->visited;
    if (r->hs_step && group_wanted(G_HANDSHAKE))
        add_handshake(ft, pinfo, rec, hdr->bytes, whole);
    if (r->td_steps && group_wanted(G_TEARDOWN))
        add_teardown(ft, pinfo, rec);
    if ((r->bits & TF_R_HAS_DATA) && group_wanted(G_DATA))
        add_data(ft, pinfo, rec, whole);
    if ((r->bits & TF_R_NEW_ACK) && group_wanted(G_ACK))
        add_ack(ft, pinfo, rec);
    const tf_extra *x = tf_extra_of(analysis, rec);
    if (x->dup_count && group_wanted(G_ACK))
        add_duplicate(ft, pinfo, x);
    if (x->answers && group_wanted(G_ACK))
        add_link(ft, hf_tcpflow_ack_answers, tf_record_at(analysis, x->answers));
    if (r->marks & TF_M_ACK_BEYOND)
        expert_add_info(pinfo, flat ? NULL : ft, &ei_tcpflow_ack_beyond);
    if (r->marks & TF_M_AFTER_RST)
        expert_add_info(pinfo, add_uint(ft, hf_tcpflow_after_reset, tf_record_at(analysis, x->after_rst)->frame),
                        &ei_tcpflow_after_reset);
    if (r->bits & TF_R_KEEPALIVE)
        add_flag(ft, pinfo, hf_tcpflow_keepalive, &ei_tcpflow_keepalive);
    if (r->bits & TF_R_ZERO_WIN_PROBE)
        add_flag(ft, pinfo, hf_tcpflow_zero_window_probe, &ei_tcpflow_zero_window_probe);
    if (r->rst_phase && group_wanted(G_RST))
        add_rst(ft, pinfo, rec);
    if (x->win_events && group_wanted(G_WINDOW))
        add_window(ft, pinfo, rec);
    if ((x->gap || x->fills_gap_of || x->resend || x->sack_held || x->loss_flags || x->dsack_in) &&
        group_wanted(G_LOSS))
        add_loss(ft, pinfo, rec);
    if (x->timing && group_wanted(G_TIMING))
        add_timing(ft, pinfo, rec, x);
    if (x->ecn && group_wanted(G_ECN))
        add_ecn(ft, pinfo, rec, x);
    tf_times times;
    if (whole && group_wanted(G_CONN) && tf_times_at_end(analysis, rec, &times))
        add_conn(ft, pinfo, &times);
}

/* Without a tree the items are no-ops: what remains is the Info column and
 * the expert infos, which only an expert tap would collect (tshark -q -z
 * expert).  Strings are built only where they are read. */
void tcpflow_tree_show(proto_tree *tree, packet_info *pinfo, tvbuff_t *tvb, const tcpflow_header *hdr, guint32 rec)
{
    char info[260];                          /* an initializer would clear all of it for every packet */
    proto_tree *ft = NULL;
    const char *summary = add_summary(tree, pinfo, rec, info, sizeof info);
    if (tree)
        ft = add_segment(tree, pinfo, tvb, hdr, rec, summary);
    if (tree || have_tap_listener(expert_tap_id))
        add_groups(ft, pinfo, hdr, rec);
}

void tcpflow_tree_not_analysed(proto_tree *tree, packet_info *pinfo, tvbuff_t *tvb, const tcpflow_header *hdr)
{
    proto_item *ti = proto_tree_add_item(tree, proto_tcpflow, tvb, 0, 0, ENC_NA);
    if (tvb_captured_length(hdr->tvb) < TF_TCP_MIN_HEADER)
        expert_add_info(pinfo, ti, &ei_tcpflow_truncated);
    else
        expert_add_info(pinfo, ti, &ei_tcpflow_not_analysed);
    /* tcpdump prints an unreassembled first fragment's header too; without
     * an ACK its numbers are absolute, so no analysis is needed for them. */
    tf_wire wire;
    if (hdr->bytes && hdr->fragment && !(tf_be16(hdr->bytes + 12) & TF_ACK) && field_asked(tree, hf_tcpflow_tcpdump) &&
        tcpflow_header_wire(hdr, pinfo, &wire))
        add_tcpdump_line(proto_item_add_subtree(ti, ett_tcpflow), &wire, 0);
}

/* ---- the frame's tree --------------------------------------------------------- */

/* Whether anyone can see tcpflow's items in this tree: it is shown, a
 * filter, column or field asks for a tcpflow or expert field, or an expert
 * tap listens (tshark -z expert, the GUI's Expert Information).  Otherwise
 * (tshark -Y on other protocols, coloring rules) the tree is left alone. */
static gboolean tree_wanted(proto_tree *tree)
{
    return tree && (proto_ws_expert < 0 || proto_field_is_referenced(tree, proto_tcpflow) ||
           proto_field_is_referenced(tree, proto_ws_expert) || have_tap_listener(expert_tap_id));
}

proto_tree *tcpflow_tree_begin(proto_tree *tree, const tf_ctx *ctx, const tcpflow_view *v)
{
    if (expert_tap_id < 0) {                 /* both registered after the handoffs */
        expert_tap_id = find_tap_id("expert");
        proto_ws_expert = proto_registrar_get_id_byname("_ws.expert");
    }
    analysis = ctx;
    view = *v;
    info_prefix = 0;
    if (!tree_wanted(tree))
        tree = NULL;
    flat = tree && only_fields_wanted(tree);
    return tree;
}

/* ---- registration -------------------------------------------------------------- */

#define FRAME_LINK(kind) FT_FRAMENUM, BASE_NONE, FRAMENUM_TYPE(kind), 0x0

void tcpflow_tree_register(int proto)
{
    static hf_register_info hf[] = {
        { &hf_tcpflow_direction, { "Direction", "tcpflow.direction", FT_UINT8, BASE_DEC, VALS(direction_vals), 0x0,
            "Who sent this segment: the client opened the connection with a SYN, the server answered it", HFILL } },
        { &hf_tcpflow_roles_inferred, { "Roles inferred", "tcpflow.roles_inferred", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "No SYN was seen: the client and server roles were guessed (SYN+ACK sender or lower port is the server)", HFILL } },
        { &hf_tcpflow_summary, { "Summary", "tcpflow.summary", FT_STRING, BASE_NONE, NULL, 0x0,
            "One-line summary of what this segment does in its connection", HFILL } },
        { &hf_tcpflow_hs_step, { "Handshake step", "tcpflow.handshake.step", FT_UINT8, BASE_DEC, VALS(hs_step_vals), 0x0,
            "Step of the three-way handshake: 1 SYN, 2 SYN+ACK, 3 the ACK that completes it", HFILL } },
        { &hf_tcpflow_hs_syn_frame, { "SYN frame", "tcpflow.handshake.syn_frame", FRAME_LINK(FT_FRAMENUM_REQUEST),
            "Frame of the client's (first) SYN, step 1", HFILL } },
        { &hf_tcpflow_hs_synack_frame, { "SYN+ACK frame", "tcpflow.handshake.synack_frame", FRAME_LINK(FT_FRAMENUM_RESPONSE),
            "Frame of the server's (first) SYN+ACK, step 2", HFILL } },
        { &hf_tcpflow_hs_ack_frame, { "Completing ACK frame", "tcpflow.handshake.ack_frame", FRAME_LINK(FT_FRAMENUM_ACK),
            "Frame of the client's ACK that completes the handshake, step 3", HFILL } },
        { &hf_tcpflow_hs_client_isn, { "Client ISN", "tcpflow.handshake.client_isn", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Initial sequence number chosen by the client (the SYN's seq, j)", HFILL } },
        { &hf_tcpflow_hs_server_isn, { "Server ISN", "tcpflow.handshake.server_isn", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Initial sequence number chosen by the server (the SYN+ACK's seq, k)", HFILL } },
        { &hf_tcpflow_hs_expected_ack, { "Expected ACK", "tcpflow.handshake.expected_ack", FT_UINT32, BASE_DEC, NULL, 0x0,
            "The acknowledgement number this step must carry: client ISN + 1 on step 2, server ISN + 1 on step 3", HFILL } },
        { &hf_tcpflow_hs_ack_ok, { "ACK as expected", "tcpflow.handshake.ack_ok", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "Whether the acknowledgement number equals the expected ISN + 1", HFILL } },
        { &hf_tcpflow_hs_synack_time, { "Time since SYN", "tcpflow.handshake.synack_time", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "Step 2: time from the client's newest SYN before it to this SYN+ACK", HFILL } },
        { &hf_tcpflow_hs_ack_time, { "Time since SYN+ACK", "tcpflow.handshake.ack_time", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "Step 3: time from the server's newest SYN+ACK before it to this ACK", HFILL } },
        { &hf_tcpflow_hs_rtt, { "Handshake time", "tcpflow.handshake.rtt", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "Step 3: time from the SYN the SYN+ACK answered (the newest copy before it) to the ACK that completes the handshake", HFILL } },
        { &hf_tcpflow_hs_complete, { "Handshake complete", "tcpflow.handshake.complete", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "Step 3: the handshake is complete (the ACK acknowledges the server's SYN)", HFILL } },
        { &hf_tcpflow_hs_retransmission, { "Retransmitted", "tcpflow.handshake.retransmission", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "This SYN or SYN+ACK repeats an earlier one; times count from the newest copy before the answer", HFILL } },
        { &hf_tcpflow_data_len, { "Data bytes", "tcpflow.data.len", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Payload bytes carried by this segment", HFILL } },
        { &hf_tcpflow_data_seq, { "First byte", "tcpflow.data.seq", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Relative sequence number of the first payload byte (the first data byte of a direction is 1)", HFILL } },
        { &hf_tcpflow_data_nextseq, { "Next byte", "tcpflow.data.nextseq", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Relative sequence number just past the payload: the ACK that confirms it carries this value", HFILL } },
        { &hf_tcpflow_data_acked_in, { "Acknowledged in", "tcpflow.data.acked_in", FRAME_LINK(FT_FRAMENUM_ACK),
            "The first segment from the peer whose ACK covers all of this data (known once that ACK was read)", HFILL } },
        { &hf_tcpflow_data_ack_delay, { "Time to ACK", "tcpflow.data.ack_delay", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "Time from this segment to the ACK that covers it; none when these bytes were sent more than once (Karn's rule)", HFILL } },
        { &hf_tcpflow_data_retransmission, { "Bytes sent before", "tcpflow.data.retransmission", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Retransmission: this many of the segment's bytes had already been sent", HFILL } },
        { &hf_tcpflow_ack_acks_frame, { "Acknowledges frame", "tcpflow.ack.acks_frame", FRAME_LINK(FT_FRAMENUM_ACK),
            "An earlier frame (data, SYN, SYN+ACK or FIN) that this ACK covers for the first time", HFILL } },
        { &hf_tcpflow_ack_acked_bytes, { "Newly acknowledged bytes", "tcpflow.ack.acked_bytes", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Payload bytes this ACK acknowledges that no earlier ACK did", HFILL } },
        { &hf_tcpflow_ack_rtt, { "Round-trip time", "tcpflow.ack.rtt", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "Time since the newest frame this ACK covers that was sent only once (Karn's rule, RFC 6298); none when it covers only retransmitted data", HFILL } },
        { &hf_tcpflow_ack_piggybacked, { "Piggybacked", "tcpflow.ack.piggybacked", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "The acknowledgement rides on a segment that also carries data", HFILL } },
        { &hf_tcpflow_ack_unseen_bytes, { "Unseen bytes acknowledged", "tcpflow.ack.unseen_bytes", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Bytes this ACK covers that the capture never showed being sent", HFILL } },
        { &hf_tcpflow_hs_incomplete, { "Handshake never completed", "tcpflow.handshake.incomplete", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "This SYN never led to an established connection within the capture (known once the whole capture was read)", HFILL } },
        { &hf_tcpflow_hs_simultaneous, { "Simultaneous open", "tcpflow.handshake.simultaneous", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "Both sides sent a SYN: each answers the other's with a SYN+ACK (RFC 9293, figure 7)", HFILL } },
        { &hf_tcpflow_data_original_frame, { "First sent in", "tcpflow.data.original_frame", FRAME_LINK(FT_FRAMENUM_RETRANS_PREV),
            "Retransmission: the frame that first carried these bytes", HFILL } },
        { &hf_tcpflow_data_out_of_order, { "Out of order", "tcpflow.data.out_of_order", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "The segment fills a gap below data already seen from this direction", HFILL } },
        { &hf_tcpflow_data_unacked, { "Never acknowledged", "tcpflow.data.unacked", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "No ACK in the capture covers this data (known once the whole capture was read)", HFILL } },
        { &hf_tcpflow_ack_duplicate, { "Duplicate ACK", "tcpflow.ack.duplicate", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Number of this duplicate ACK in its run: same ack and window, nothing new, data outstanding", HFILL } },
        { &hf_tcpflow_ack_duplicate_of, { "Duplicate of", "tcpflow.ack.duplicate_of", FRAME_LINK(FT_FRAMENUM_DUP_ACK),
            "The ACK this duplicate repeats", HFILL } },
        { &hf_tcpflow_keepalive, { "Keep-alive", "tcpflow.keepalive", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "Zero or one byte at the last sent sequence number: a probe that the peer is alive, not new data", HFILL } },
        { &hf_tcpflow_zero_window_probe, { "Zero-window probe", "tcpflow.zero_window_probe", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "One byte sent while the peer advertises a zero window, to see whether it opened", HFILL } },
        { &hf_tcpflow_td_step, { "Teardown step", "tcpflow.teardown.step", FT_UINT8, BASE_DEC, VALS(td_step_vals), 0x0,
            "Step of the orderly close: 1 first FIN, 2 its ACK, 3 the peer's FIN, 4 the final ACK (a FIN+ACK can be 2 and 3)", HFILL } },
        { &hf_tcpflow_td_initiator, { "Closed first by", "tcpflow.teardown.initiator", FT_UINT8, BASE_DEC, VALS(side_vals), 0x0,
            "The side that sent the first FIN", HFILL } },
        { &hf_tcpflow_td_fin_frame, { "FIN frame", "tcpflow.teardown.fin_frame", FRAME_LINK(FT_FRAMENUM_NONE),
            "The first FIN of a side (the initiator's first)", HFILL } },
        { &hf_tcpflow_td_ack_frame, { "FIN acknowledged in", "tcpflow.teardown.ack_frame", FRAME_LINK(FT_FRAMENUM_ACK),
            "The first ACK covering a side's FIN (the initiator's first)", HFILL } },
        { &hf_tcpflow_td_simultaneous, { "Simultaneous close", "tcpflow.teardown.simultaneous", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "This FIN was sent before its sender acknowledged the peer's FIN: both FINs crossed", HFILL } },
        { &hf_tcpflow_td_retransmission, { "FIN retransmitted", "tcpflow.teardown.retransmission", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "This FIN repeats an earlier one", HFILL } },
        { &hf_tcpflow_rst_from, { "Reset by", "tcpflow.rst.from", FT_UINT8, BASE_DEC, VALS(side_vals), 0x0,
            "The side that sent the RST", HFILL } },
        { &hf_tcpflow_rst_phase, { "Reset phase", "tcpflow.rst.phase", FT_UINT8, BASE_DEC, VALS(rst_phase_vals), 0x0,
            "When the RST came: during the handshake, on an established connection, or while closing", HFILL } },
        { &hf_tcpflow_rst_refused, { "Connection refused", "tcpflow.rst.refused", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "The server answered the client's SYN with a RST: nothing listens on that port", HFILL } },
        { &hf_tcpflow_rst_unacked_bytes, { "Bytes not yet acknowledged", "tcpflow.rst.unacked_bytes", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Bytes each side (client first, then server) had sent that were not acknowledged when the RST came", HFILL } },
        { &hf_tcpflow_state_client, { "Client state", "tcpflow.state.client", FT_UINT8, BASE_DEC, VALS(state_vals), 0x0,
            "RFC 9293 state of the client after this segment, as far as the capture shows it", HFILL } },
        { &hf_tcpflow_state_server, { "Server state", "tcpflow.state.server", FT_UINT8, BASE_DEC, VALS(state_vals), 0x0,
            "RFC 9293 state of the server after this segment, as far as the capture shows it", HFILL } },
        { &hf_tcpflow_tcpdump, { "tcpdump", "tcpflow.tcpdump", FT_STRING, BASE_NONE, NULL, 0x0,
            "What tcpdump -nn prints for this segment, from IP/IP6 up to length N", HFILL } },
        { &hf_tcpflow_tcpdump_part, { "Part", "tcpflow.tcpdump.part", FT_STRING, BASE_NONE, NULL, 0x0,
            "One part of the tcpdump line, decoded", HFILL } },
        { &hf_tcpflow_explain, { "Explanation", "tcpflow.explain", FT_STRING, BASE_NONE, NULL, 0x0,
            "What this segment does, explained in plain words with its numbers", HFILL } },
        { &hf_tcpflow_explain_sentence, { "Sentence", "tcpflow.explain.sentence", FT_NONE, BASE_NONE, NULL, 0x0,
            "The explanation in the tree, a sentence or clause at a time after the first (the whole text is tcpflow.explain)",
            HFILL } },
        { &hf_tcpflow_history, { "History", "tcpflow.history", FT_STRING, BASE_NONE, NULL, 0x0,
            "The connection so far in Zeek's letters: S SYN, H SYN+ACK, A pure ACK, D data, F FIN, R RST; "
            "upper case from the client, lower case from the server, each at its first occurrence", HFILL } },
        { &hf_tcpflow_hs_isn_changed, { "ISN changed", "tcpflow.handshake.isn_changed", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "This SYN+ACK carries another initial sequence number than the SYN+ACK before it: the handshake "
            "was restarted, and the new ISN is the server's", HFILL } },
        { &hf_tcpflow_data_spurious, { "Spurious retransmission", "tcpflow.data.spurious", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "Every byte of this segment had been acknowledged before it was sent again", HFILL } },
        { &hf_tcpflow_ack_answers, { "Answers", "tcpflow.ack.answers", FRAME_LINK(FT_FRAMENUM_ACK),
            "The keep-alive, zero-window probe or spurious retransmission this segment answers (an ACK that covers nothing new)", HFILL } },
        { &hf_tcpflow_ack_rtt_from, { "RTT from", "tcpflow.ack.rtt_from", FRAME_LINK(FT_FRAMENUM_NONE),
            "The frame the round-trip time counts from: the newest this ACK covers that was sent only once", HFILL } },
        { &hf_tcpflow_after_reset, { "After the reset in", "tcpflow.after_reset", FRAME_LINK(FT_FRAMENUM_NONE),
            "This segment came after the RST that ended its connection (in the frame given): it changes no state", HFILL } },
        { &hf_tcpflow_window_size, { "Window", "tcpflow.window.size", FT_UINT32, BASE_DEC, NULL, 0x0,
            "The receive window this segment advertises, in bytes, scaled (the raw field when the scale is unknown); "
            "given with the other tcpflow.window fields", HFILL } },
        { &hf_tcpflow_window_zero, { "Zero window", "tcpflow.window.zero", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "The sender advertises a zero window: its receive buffer is full, and its peer must stop sending new data", HFILL } },
        { &hf_tcpflow_window_update, { "Window update", "tcpflow.window.update", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "Nothing new but the window: same ack as the sender's previous segment, no data, another window (above zero)", HFILL } },
        { &hf_tcpflow_window_previous, { "Previous window", "tcpflow.window.previous", FT_UINT32, BASE_DEC, NULL, 0x0,
            "With an update or a shrink: the window the sender advertised before, in bytes", HFILL } },
        { &hf_tcpflow_window_reopened, { "Window reopened", "tcpflow.window.reopened", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "The sender's first window above zero after it advertised a zero window", HFILL } },
        { &hf_tcpflow_window_zero_frame, { "Closed in", "tcpflow.window.zero_frame", FRAME_LINK(FT_FRAMENUM_NONE),
            "With a reopened window: the frame where the sender's window went to zero", HFILL } },
        { &hf_tcpflow_window_closed_time, { "Closed for", "tcpflow.window.closed_time", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "With a reopened window: how long the sender's window stayed at zero", HFILL } },
        { &hf_tcpflow_window_full, { "Window full", "tcpflow.window.full", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "This data ends at the right edge of the window the peer offered (its last ack + its window): the sender "
            "can send nothing new until an ACK moves the edge", HFILL } },
        { &hf_tcpflow_window_in_flight, { "Bytes in flight", "tcpflow.window.in_flight", FT_UINT32, BASE_DEC, NULL, 0x0,
            "With a full window: the sender's bytes not yet acknowledged, this segment's included", HFILL } },
        { &hf_tcpflow_window_offered, { "Peer's window", "tcpflow.window.offered", FT_UINT32, BASE_DEC, NULL, 0x0,
            "With a full window: the window the peer offered, in bytes", HFILL } },
        { &hf_tcpflow_window_shrunk, { "Window shrunk", "tcpflow.window.shrunk", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "The right edge of the sender's window (ack + window) moved back by at least one scale unit: it takes back "
            "room it had offered (RFC 9293 section 3.8.6 discourages it)", HFILL } },
        { &hf_tcpflow_window_shrunk_by, { "Shrunk by", "tcpflow.window.shrunk_by", FT_UINT32, BASE_DEC, NULL, 0x0,
            "How many bytes the right edge of the sender's window moved back", HFILL } },
        { &hf_tcpflow_window_relieved, { "Room again", "tcpflow.window.relieved", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "The first ACK after the peer filled this sender's window that lets the peer send new data again", HFILL } },
        { &hf_tcpflow_window_full_frame, { "Full since", "tcpflow.window.full_frame", FRAME_LINK(FT_FRAMENUM_NONE),
            "With room again: the peer's segment that first filled the window", HFILL } },
        { &hf_tcpflow_window_full_time, { "Held back for", "tcpflow.window.full_time", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "With room again: how long the peer could send nothing new because the window was full", HFILL } },
        { &hf_tcpflow_loss_gap, { "Bytes never seen", "tcpflow.loss.gap", FT_UINT32, BASE_DEC, NULL, 0x0,
            "This segment starts beyond anything its sender was seen sending: the bytes between were lost before the "
            "capture point, or not captured", HFILL } },
        { &hf_tcpflow_loss_gap_filled_in, { "Gap filled in", "tcpflow.loss.gap_filled_in", FRAME_LINK(FT_FRAMENUM_NONE),
            "The first later segment carrying bytes of this gap", HFILL } },
        { &hf_tcpflow_loss_fills_gap_of, { "Fills the gap before", "tcpflow.loss.fills_gap_of", FRAME_LINK(FT_FRAMENUM_NONE),
            "This segment carries bytes of the gap the given frame showed", HFILL } },
        { &hf_tcpflow_loss_kind, { "Retransmission kind", "tcpflow.loss.kind", FT_UINT8, BASE_DEC, VALS(resend_vals), 0x0,
            "Why these bytes were sent again: 1 fast, 2 timeout, 3 SACK-guided, 4 tail-loss probe, 5 spurious, 6 fast recovery", HFILL } },
        { &hf_tcpflow_loss_copy, { "Copy", "tcpflow.loss.copy", FT_UINT8, BASE_DEC, NULL, 0x0,
            "Which transmission of its first byte this is: 2 is the first retransmission", HFILL } },
        { &hf_tcpflow_loss_previous_frame, { "Previous copy", "tcpflow.loss.previous_frame", FRAME_LINK(FT_FRAMENUM_NONE),
            "The previous transmission of this segment's first byte", HFILL } },
        { &hf_tcpflow_loss_since_previous, { "Since the previous copy", "tcpflow.loss.since_previous", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "Time since the previous transmission of this segment's first byte", HFILL } },
        { &hf_tcpflow_loss_backoff, { "Backoff", "tcpflow.loss.backoff", FT_DOUBLE, BASE_NONE, NULL, 0x0,
            "A timeout retransmission after another: this interval divided by the previous one (2: the timer doubled, "
            "RFC 6298 section 5.5)", HFILL } },
        { &hf_tcpflow_loss_dup_acks, { "Duplicate ACKs", "tcpflow.loss.dup_acks", FT_UINT16, BASE_DEC, NULL, 0x0,
            "A fast retransmission: how many duplicate ACKs of its first byte came before it", HFILL } },
        { &hf_tcpflow_loss_dup_ack_frame, { "Duplicate ACK", "tcpflow.loss.dup_ack_frame", FRAME_LINK(FT_FRAMENUM_NONE),
            "A fast retransmission: one of the duplicate ACKs that came before it", HFILL } },
        { &hf_tcpflow_loss_sack_held, { "SACKed bytes", "tcpflow.loss.sack_held", FT_UINT32, BASE_DEC, NULL, 0x0,
            "An ACK with SACK blocks: the bytes above its ack the receiver reports holding (RFC 2018)", HFILL } },
        { &hf_tcpflow_loss_sack_missing, { "Still missing", "tcpflow.loss.sack_missing", FT_UINT32, BASE_DEC, NULL, 0x0,
            "An ACK with SACK blocks: the bytes between its ack and the highest SACKed byte it does not report", HFILL } },
        { &hf_tcpflow_loss_sack_first_frame, { "SACKed from", "tcpflow.loss.sack_first_frame", FRAME_LINK(FT_FRAMENUM_NONE),
            "The segment holding the lowest byte the SACK blocks report", HFILL } },
        { &hf_tcpflow_loss_sack_last_frame, { "SACKed to", "tcpflow.loss.sack_last_frame", FRAME_LINK(FT_FRAMENUM_NONE),
            "The segment holding the highest byte the SACK blocks report", HFILL } },
        { &hf_tcpflow_loss_sack_hole_frame, { "First missing in", "tcpflow.loss.sack_hole_frame", FRAME_LINK(FT_FRAMENUM_NONE),
            "The segment that first carried the byte the ack asks for: the first one missing", HFILL } },
        { &hf_tcpflow_loss_dsack, { "D-SACK", "tcpflow.loss.dsack", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "The first SACK block reports bytes received twice (RFC 2883): a copy was not needed", HFILL } },
        { &hf_tcpflow_loss_dsack_frame, { "Received twice", "tcpflow.loss.dsack_frame", FRAME_LINK(FT_FRAMENUM_NONE),
            "With a D-SACK: the newest copy of the bytes it reports, the one that was not needed", HFILL } },
        { &hf_tcpflow_loss_dsack_in, { "Not needed, says", "tcpflow.loss.dsack_in", FRAME_LINK(FT_FRAMENUM_NONE),
            "A copy a later D-SACK reported as received twice: the ACK that says so", HFILL } },
        { &hf_tcpflow_loss_sack_frame, { "SACK in", "tcpflow.loss.sack_frame", FRAME_LINK(FT_FRAMENUM_NONE),
            "A SACK-guided retransmission: the ACK whose SACK blocks showed data above it had arrived", HFILL } },
        { &hf_tcpflow_timing_delayed_ack, { "Delayed ACK", "tcpflow.timing.delayed_ack", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "Probably the receiver's delayed-ACK timer: a pure ACK of one lone segment, later than the quickest round trip "
            "by at least 30 ms and a quarter of that round trip, and by at most 500 ms (RFC 1122 4.2.3.2)", HFILL } },
        { &hf_tcpflow_timing_held, { "Held for", "tcpflow.timing.held", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "A delayed ACK: how much later than the quickest round trip it came (its time to ACK less that round trip)", HFILL } },
        { &hf_tcpflow_timing_base_rtt, { "Quickest round trip", "tcpflow.timing.base_rtt", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "A delayed ACK: the quickest round trip of the data's direction before it, from the capture point", HFILL } },
        { &hf_tcpflow_timing_nagle, { "Nagle stall", "tcpflow.timing.nagle", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "A small segment sent right after the delayed ACK of the small segment before it: Nagle's algorithm probably "
            "held it back (RFC 896) while the receiver delayed its ACK, the write-write-read stall", HFILL } },
        { &hf_tcpflow_timing_nagle_after_frame, { "Waited for the ACK of", "tcpflow.timing.nagle_after_frame", FRAME_LINK(FT_FRAMENUM_NONE),
            "A Nagle stall: the small segment before it, whose ACK it waited for", HFILL } },
        { &hf_tcpflow_timing_nagle_ack_frame, { "Released by", "tcpflow.timing.nagle_ack_frame", FRAME_LINK(FT_FRAMENUM_NONE),
            "A Nagle stall: the delayed ACK that let it go", HFILL } },
        { &hf_tcpflow_timing_stall, { "Stalled for", "tcpflow.timing.stall", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "A Nagle stall: the time from the small segment before it to this one, the time the stall cost at most", HFILL } },
        { &hf_tcpflow_timing_idle, { "Idle before", "tcpflow.timing.idle", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "The first segment after at least 200 ms with nothing outstanding either way (no data or FIN unacknowledged, "
            "no window closed): most likely the applications were idle for this long (or a segment lost before the "
            "capture point left a silence until its retransmission)", HFILL } },
        { &hf_tcpflow_timing_idle_since_frame, { "Idle since", "tcpflow.timing.idle_since_frame", FRAME_LINK(FT_FRAMENUM_NONE),
            "With idle time: the connection's segment before it, after which nothing was outstanding", HFILL } },
        { &hf_tcpflow_ecn_setup, { "ECN setup", "tcpflow.ecn.setup", FT_UINT8, BASE_DEC, VALS(ecn_setup_vals), 0x0,
            "What a SYN or SYN+ACK says about ECN: 1 asks (ECE and CWR, RFC 3168), 2 asks for Accurate ECN (AE, CWR and "
            "ECE, RFC 9768), 3 agrees (ECE alone), 4 agrees to Accurate ECN, 5 does not agree", HFILL } },
        { &hf_tcpflow_ecn_ce, { "Congestion experienced", "tcpflow.ecn.ce", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "A router marked this packet CE (the IP header's ECN field is 3) instead of dropping it", HFILL } },
        { &hf_tcpflow_ecn_echo, { "Congestion echoed", "tcpflow.ecn.echo", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "The first ECE of a run: the sender of this ACK received a CE mark and echoes it until the peer's CWR "
            "(RFC 3168 6.1.3)", HFILL } },
        { &hf_tcpflow_ecn_echo_again, { "Echoed again", "tcpflow.ecn.echo_again", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "ECE again: the peer has not answered the echo with CWR yet", HFILL } },
        { &hf_tcpflow_ecn_ce_frame, { "Echoes the mark in", "tcpflow.ecn.ce_frame", FRAME_LINK(FT_FRAMENUM_NONE),
            "The first ECE of a run: the peer's first CE-marked segment since the last echo, the mark that started it", HFILL } },
        { &hf_tcpflow_ecn_echo_frame, { "Echo since", "tcpflow.ecn.echo_frame", FRAME_LINK(FT_FRAMENUM_NONE),
            "ECE again: the first ECE of the run", HFILL } },
        { &hf_tcpflow_ecn_cwr_of_frame, { "Answers the echo in", "tcpflow.ecn.cwr_of_frame", FRAME_LINK(FT_FRAMENUM_NONE),
            "CWR: the first ECE of the run it answers", HFILL } },
        { &hf_tcpflow_ecn_cwr, { "Congestion window reduced", "tcpflow.ecn.cwr", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "CWR answering the peer's ECE: the sender reduced its congestion window, as after a loss (RFC 3168)", HFILL } },
        { &hf_tcpflow_ecn_ace, { "ACE", "tcpflow.ecn.ace", FT_UINT8, BASE_DEC, NULL, 0x0,
            "Accurate ECN: the ACE counter (AE, CWR and ECE read as one number), given when it moved", HFILL } },
        { &hf_tcpflow_ecn_ace_delta, { "More CE marks", "tcpflow.ecn.ace_delta", FT_UINT8, BASE_DEC, NULL, 0x0,
            "Accurate ECN: how far the ACE counter moved since the sender's previous ACK (mod 8): CE-marked packets "
            "received in between", HFILL } },
        { &hf_tcpflow_conn_verdict, { "Where the time went", "tcpflow.conn.verdict", FT_UINT8, BASE_DEC, VALS(verdict_vals), 0x0,
            "On a connection's last segment (after the whole capture is read): its largest part, what limited it most: "
            "handshake, network (data in flight, window open), receiver (zero or full window), loss (recovery and "
            "timeouts), stalls (delayed ACK and Nagle), idle (the applications), teardown; none when too short", HFILL } },
        { &hf_tcpflow_conn_verdict_side, { "Whose data", "tcpflow.conn.verdict_side", FT_UINT8, BASE_DEC, VALS(side_vals), 0x0,
            "For network, receiver, loss and stalls: the side whose data the verdict concerns (its sender)", HFILL } },
        { &hf_tcpflow_conn_diagnosis, { "Diagnosis", "tcpflow.conn.diagnosis", FT_STRING, BASE_NONE, NULL, 0x0,
            "Where the connection's time went, in words", HFILL } },
        { &hf_tcpflow_conn_duration, { "Duration", "tcpflow.conn.duration", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "From the connection's first segment to its last: the parts below add up to it", HFILL } },
        { &hf_tcpflow_conn_part[TF_PART_HANDSHAKE], { "Handshake", "tcpflow.conn.handshake", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "From the first segment until the handshake completed (SYNs sent again included)", HFILL } },
        { &hf_tcpflow_conn_part[TF_PART_SENDING], { "Sending", "tcpflow.conn.sending", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "Data in flight with the window open: the network path (bandwidth, round trip) was the limit", HFILL } },
        { &hf_tcpflow_conn_part[TF_PART_RECEIVER], { "Receiver-limited", "tcpflow.conn.receiver_limited", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "A sender could not send: the peer's window was zero, or full of its data (the receiving application "
            "read slowly)", HFILL } },
        { &hf_tcpflow_conn_loss_recovery, { "Loss recovery", "tcpflow.conn.loss_recovery", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "Fast recovery and retransmission timeouts together", HFILL } },
        { &hf_tcpflow_conn_part[TF_PART_FAST], { "Fast recovery", "tcpflow.conn.loss_fast", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "From a loss seen (bytes never seen, 3 duplicate ACKs, a retransmission) until the peer acknowledged all "
            "that was sent when it began (RFC 6582)", HFILL } },
        { &hf_tcpflow_conn_part[TF_PART_TIMEOUT], { "Retransmission timeouts", "tcpflow.conn.loss_timeout", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "The waits that ended with a retransmission nothing prompted (the retransmission timer, RFC 6298), and the "
            "recovery after them", HFILL } },
        { &hf_tcpflow_conn_part[TF_PART_STALL], { "Stalls", "tcpflow.conn.stalls", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "The waits that ended with a delayed ACK or with a segment Nagle's algorithm held back", HFILL } },
        { &hf_tcpflow_conn_part[TF_PART_IDLE], { "Idle", "tcpflow.conn.idle", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "Nothing outstanding either way (no data unacknowledged, no window closed): the applications' time", HFILL } },
        { &hf_tcpflow_conn_part[TF_PART_TEARDOWN], { "Teardown", "tcpflow.conn.teardown", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "After the last data: from the first FIN (or a RST) to the last segment", HFILL } },
        { &hf_tcpflow_conn_open_after, { "Open after its last segment", "tcpflow.conn.open_after", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "A connection still open: the time from its last segment to the end of the capture (not in the duration)", HFILL } },
        { &hf_tcpflow_conn_throughput[TF_CLIENT], { "Client throughput (bytes/s)", "tcpflow.conn.client_throughput", FT_UINT64, BASE_DEC, NULL, 0x0,
            "The client's payload bytes, retransmissions included, over the duration", HFILL } },
        { &hf_tcpflow_conn_throughput[TF_SERVER], { "Server throughput (bytes/s)", "tcpflow.conn.server_throughput", FT_UINT64, BASE_DEC, NULL, 0x0,
            "The server's payload bytes, retransmissions included, over the duration", HFILL } },
        { &hf_tcpflow_conn_goodput[TF_CLIENT], { "Client goodput (bytes/s)", "tcpflow.conn.client_goodput", FT_UINT64, BASE_DEC, NULL, 0x0,
            "The client's payload bytes less those sent again, over the duration", HFILL } },
        { &hf_tcpflow_conn_goodput[TF_SERVER], { "Server goodput (bytes/s)", "tcpflow.conn.server_goodput", FT_UINT64, BASE_DEC, NULL, 0x0,
            "The server's payload bytes less those sent again, over the duration", HFILL } },
        { &hf_tcpflow_conn_retrans_bytes[TF_CLIENT], { "Client bytes sent again", "tcpflow.conn.client_retrans_bytes", FT_UINT64, BASE_DEC, NULL, 0x0,
            "Payload bytes the client had sent before", HFILL } },
        { &hf_tcpflow_conn_retrans_bytes[TF_SERVER], { "Server bytes sent again", "tcpflow.conn.server_retrans_bytes", FT_UINT64, BASE_DEC, NULL, 0x0,
            "Payload bytes the server had sent before", HFILL } },
        { &hf_tcpflow_conn_srtt[TF_CLIENT], { "Smoothed RTT of the client's data", "tcpflow.conn.client_srtt", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "RFC 6298's smoothed round trip (7/8 old, 1/8 new) over the ACKs timed from the client's data, from the "
            "capture point", HFILL } },
        { &hf_tcpflow_conn_srtt[TF_SERVER], { "Smoothed RTT of the server's data", "tcpflow.conn.server_srtt", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "RFC 6298's smoothed round trip over the ACKs timed from the server's data, from the capture point", HFILL } },
        { &hf_tcpflow_conn_timeouts, { "Retransmission timeouts", "tcpflow.conn.timeouts", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Retransmissions nothing prompted, both sides together", HFILL } },
        { &hf_tcpflow_conn_fast_recoveries, { "Fast recoveries", "tcpflow.conn.fast_recoveries", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Recoveries begun by a loss seen, both sides together", HFILL } },
    };
    static gint *ett[] = { &ett_tcpflow, &ett_tcpflow_handshake, &ett_tcpflow_data, &ett_tcpflow_ack, &ett_tcpflow_teardown, &ett_tcpflow_rst, &ett_tcpflow_tcpdump, &ett_tcpflow_explain,
                           &ett_tcpflow_window, &ett_tcpflow_loss, &ett_tcpflow_timing, &ett_tcpflow_ecn,
                           &ett_tcpflow_conn };
    static ei_register_info ei[] = {
        { &ei_tcpflow_handshake_ack_wrong, { "tcpflow.expert.handshake_ack_wrong", PI_SEQUENCE, PI_WARN,
            "Handshake ACK is not the peer's ISN + 1", EXPFILL } },
        { &ei_tcpflow_ack_unseen, { "tcpflow.expert.ack_unseen", PI_SEQUENCE, PI_NOTE,
            "This ACK covers bytes the capture never showed", EXPFILL } },
        { &ei_tcpflow_truncated, { "tcpflow.expert.truncated", PI_MALFORMED, PI_NOTE,
            "TCP header truncated in the capture: segment not analysed", EXPFILL } },
        { &ei_tcpflow_not_analysed, { "tcpflow.expert.not_analysed", PI_UNDECODED, PI_NOTE,
            "Segment not analysed (IP fragment, bad header length or no TCP stream)", EXPFILL } },
        { &ei_tcpflow_handshake_incomplete, { "tcpflow.expert.handshake_incomplete", PI_SEQUENCE, PI_WARN,
            "This SYN never led to an established connection", EXPFILL } },
        { &ei_tcpflow_simultaneous_open, { "tcpflow.expert.simultaneous_open", PI_SEQUENCE, PI_CHAT,
            "Simultaneous open: both sides sent a SYN", EXPFILL } },
        { &ei_tcpflow_retransmission, { "tcpflow.expert.retransmission", PI_SEQUENCE, PI_NOTE,
            "Retransmission of data sent before", EXPFILL } },
        { &ei_tcpflow_out_of_order, { "tcpflow.expert.out_of_order", PI_SEQUENCE, PI_WARN,
            "Out-of-order segment: it fills a gap below data already seen", EXPFILL } },
        { &ei_tcpflow_data_unacked, { "tcpflow.expert.data_unacked", PI_SEQUENCE, PI_WARN,
            "Data never acknowledged within the capture", EXPFILL } },
        { &ei_tcpflow_duplicate_ack, { "tcpflow.expert.duplicate_ack", PI_SEQUENCE, PI_NOTE,
            "Duplicate ACK", EXPFILL } },
        { &ei_tcpflow_keepalive, { "tcpflow.expert.keepalive", PI_SEQUENCE, PI_NOTE,
            "Keep-alive", EXPFILL } },
        { &ei_tcpflow_zero_window_probe, { "tcpflow.expert.zero_window_probe", PI_SEQUENCE, PI_NOTE,
            "Zero-window probe", EXPFILL } },
        { &ei_tcpflow_simultaneous_close, { "tcpflow.expert.simultaneous_close", PI_SEQUENCE, PI_CHAT,
            "Simultaneous close: both FINs crossed", EXPFILL } },
        { &ei_tcpflow_rst_refused, { "tcpflow.expert.rst_refused", PI_SEQUENCE, PI_NOTE,
            "Connection refused: the server answered the SYN with a RST", EXPFILL } },
        { &ei_tcpflow_rst_unacked, { "tcpflow.expert.rst_unacked", PI_SEQUENCE, PI_WARN,
            "Reset with data still unacknowledged (an abort, not a close)", EXPFILL } },
        { &ei_tcpflow_isn_changed, { "tcpflow.expert.isn_changed", PI_SEQUENCE, PI_WARN,
            "SYN+ACK with a new initial sequence number: the handshake was restarted", EXPFILL } },
        { &ei_tcpflow_spurious_retransmission, { "tcpflow.expert.spurious_retransmission", PI_SEQUENCE, PI_NOTE,
            "Spurious retransmission: all of its data had been acknowledged already", EXPFILL } },
        { &ei_tcpflow_after_reset, { "tcpflow.expert.after_reset", PI_SEQUENCE, PI_NOTE,
            "Segment after the connection was reset", EXPFILL } },
        { &ei_tcpflow_ack_beyond, { "tcpflow.expert.ack_beyond", PI_SEQUENCE, PI_WARN,
            "ACK further beyond anything seen sent than any TCP window reaches: not a valid ACK, ignored", EXPFILL } },
        { &ei_tcpflow_time_backwards, { "tcpflow.expert.time_backwards", PI_SEQUENCE, PI_NOTE,
            "The capture's clock runs backwards here: no duration shown", EXPFILL } },
        { &ei_tcpflow_zero_window, { "tcpflow.expert.zero_window", PI_SEQUENCE, PI_WARN,
            "Zero window: the sender's receive buffer is full, its peer must stop sending", EXPFILL } },
        { &ei_tcpflow_window_update, { "tcpflow.expert.window_update", PI_SEQUENCE, PI_CHAT,
            "Window update: only the window changed", EXPFILL } },
        { &ei_tcpflow_window_reopened, { "tcpflow.expert.window_reopened", PI_SEQUENCE, PI_CHAT,
            "Window reopened after a zero window", EXPFILL } },
        { &ei_tcpflow_window_full, { "tcpflow.expert.window_full", PI_SEQUENCE, PI_WARN,
            "Window full: the sender has filled the window its peer offered", EXPFILL } },
        { &ei_tcpflow_window_shrunk, { "tcpflow.expert.window_shrunk", PI_SEQUENCE, PI_WARN,
            "Window shrunk: its right edge moved back", EXPFILL } },
        { &ei_tcpflow_gap, { "tcpflow.expert.gap", PI_SEQUENCE, PI_WARN,
            "Bytes before this segment were never seen (lost before the capture point, or not captured)", EXPFILL } },
        { &ei_tcpflow_fast_retransmission, { "tcpflow.expert.fast_retransmission", PI_SEQUENCE, PI_NOTE,
            "Fast retransmission (after 3 duplicate ACKs)", EXPFILL } },
        { &ei_tcpflow_timeout_retransmission, { "tcpflow.expert.timeout_retransmission", PI_SEQUENCE, PI_NOTE,
            "Retransmission after a timeout", EXPFILL } },
        { &ei_tcpflow_sack_retransmission, { "tcpflow.expert.sack_retransmission", PI_SEQUENCE, PI_NOTE,
            "Retransmission guided by SACK", EXPFILL } },
        { &ei_tcpflow_tail_loss_probe, { "tcpflow.expert.tail_loss_probe", PI_SEQUENCE, PI_NOTE,
            "Tail-loss probe", EXPFILL } },
        { &ei_tcpflow_recovery_retransmission, { "tcpflow.expert.recovery_retransmission", PI_SEQUENCE, PI_NOTE,
            "Retransmission in fast recovery (after a partial ACK)", EXPFILL } },
        { &ei_tcpflow_dsack, { "tcpflow.expert.dsack", PI_SEQUENCE, PI_NOTE,
            "D-SACK: the receiver got some bytes twice, a copy was not needed", EXPFILL } },
        { &ei_tcpflow_delayed_ack, { "tcpflow.expert.delayed_ack", PI_SEQUENCE, PI_NOTE,
            "Delayed ACK: the receiver held this ACK of a lone segment (its delayed-ACK timer)", EXPFILL } },
        { &ei_tcpflow_nagle, { "tcpflow.expert.nagle", PI_SEQUENCE, PI_WARN,
            "Nagle stall: this small segment probably waited for the delayed ACK of the one before it", EXPFILL } },
        { &ei_tcpflow_idle, { "tcpflow.expert.idle", PI_SEQUENCE, PI_CHAT,
            "After idle time: nothing was outstanding either way before it", EXPFILL } },
        { &ei_tcpflow_ecn_setup, { "tcpflow.expert.ecn_setup", PI_SEQUENCE, PI_CHAT,
            "ECN negotiation in the handshake", EXPFILL } },
        { &ei_tcpflow_ce, { "tcpflow.expert.ce", PI_SEQUENCE, PI_NOTE,
            "Congestion experienced: a router marked this packet CE", EXPFILL } },
        { &ei_tcpflow_ecn_echo, { "tcpflow.expert.ecn_echo", PI_SEQUENCE, PI_NOTE,
            "ECE: the receiver echoes a congestion mark", EXPFILL } },
        { &ei_tcpflow_cwr, { "tcpflow.expert.cwr", PI_SEQUENCE, PI_NOTE,
            "CWR: the sender reduced its congestion window in answer to ECE", EXPFILL } },
        { &ei_tcpflow_ace, { "tcpflow.expert.ace", PI_SEQUENCE, PI_NOTE,
            "Accurate ECN: the receiver counts more congestion marks", EXPFILL } },
        { &ei_tcpflow_verdict, { "tcpflow.expert.verdict", PI_SEQUENCE, PI_CHAT,
            "Where the connection's time went", EXPFILL } },
    };


    proto_tcpflow = proto;
    proto_register_field_array(proto, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_register_field_array(expert_register_protocol(proto), ei, array_length(ei));
    G_STATIC_ASSERT(G_N_ELEMENTS(ei) < MAX_GROUP_FIELDS);          /* else trees are never flat */
    note_fields(hf, array_length(hf), ei, array_length(ei));
}
