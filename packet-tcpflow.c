/* packet-tcpflow.c — TCP Flow Analysis: Wireshark glue.
 *
 * Reads every real TCP segment, hands it to the flow analysis
 * (tcpflow-analysis.c) on the first, in-order pass and shows the stored
 * result as the "tcpflow" subtree, from a post-dissector.
 *
 * How the segment is read: a post-dissector only gets the frame, and asking
 * epan for TCP's fields would force a protocol tree on every packet, which
 * costs far more than the analysis itself.  So tcpflow sits in front of the
 * TCP dissector in the "ip.proto" table: a hook notes the TCP header's tvb
 * and the IP addresses, then calls the TCP dissector unchanged.  The hook
 * sees TCP headers quoted inside ICMP errors with in_error_pkt set and
 * ignores them, so only real segments are analysed.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <epan/packet.h>
#include <epan/conversation.h>
#include <epan/expert.h>
#include <epan/ipproto.h>
#include <epan/prefs.h>
#include <epan/tap.h>
#include <epan/to_str.h>
#include <epan/dissectors/packet-tcp.h>

#include "packet-tcpflow.h"
#include "tcpflow-compat.h"
#include "tcpflow-text.h"

#define TCP_MIN_HEADER 20
#define TCP_MAX_HEADER 60

void proto_register_tcpflow(void);
void proto_reg_handoff_tcpflow(void);

static int proto_tcpflow = -1;
static int proto_tcp = -1;
static int proto_ws_expert = -1;

static int hf_direction = -1;
static int hf_roles_inferred = -1;
static int hf_summary = -1;
static int hf_hs_step = -1;
static int hf_hs_syn_frame = -1;
static int hf_hs_synack_frame = -1;
static int hf_hs_ack_frame = -1;
static int hf_hs_client_isn = -1;
static int hf_hs_server_isn = -1;
static int hf_hs_expected_ack = -1;
static int hf_hs_ack_ok = -1;
static int hf_hs_synack_time = -1;
static int hf_hs_ack_time = -1;
static int hf_hs_rtt = -1;
static int hf_hs_complete = -1;
static int hf_hs_retransmission = -1;
static int hf_data_len = -1;
static int hf_data_seq = -1;
static int hf_data_nextseq = -1;
static int hf_data_acked_in = -1;
static int hf_data_ack_delay = -1;
static int hf_data_retransmission = -1;
static int hf_ack_acks_frame = -1;
static int hf_ack_acked_bytes = -1;
static int hf_ack_rtt = -1;
static int hf_ack_piggybacked = -1;
static int hf_ack_unseen_bytes = -1;
static int hf_hs_incomplete = -1;
static int hf_hs_simultaneous = -1;
static int hf_data_original_frame = -1;
static int hf_data_out_of_order = -1;
static int hf_data_unacked = -1;
static int hf_ack_duplicate = -1;
static int hf_ack_duplicate_of = -1;
static int hf_keepalive = -1;
static int hf_zero_window_probe = -1;
static int hf_td_step = -1;
static int hf_td_initiator = -1;
static int hf_td_fin_frame = -1;
static int hf_td_ack_frame = -1;
static int hf_td_simultaneous = -1;
static int hf_td_retransmission = -1;
static int hf_rst_from = -1;
static int hf_rst_phase = -1;
static int hf_rst_refused = -1;
static int hf_rst_unacked_bytes = -1;
static int hf_state_client = -1;
static int hf_state_server = -1;
static int hf_history = -1;
static int hf_tcpdump = -1;
static int hf_tcpdump_part = -1;
static int hf_explain = -1;
static int hf_hs_isn_changed = -1;
static int hf_data_spurious = -1;
static int hf_ack_answers = -1;
static int hf_after_reset = -1;
static int hf_ack_rtt_from = -1;

static gint ett_tcpflow = -1;
static gint ett_handshake = -1;
static gint ett_data = -1;
static gint ett_ack = -1;
static gint ett_teardown = -1;
static gint ett_rst = -1;
static gint ett_tcpdump = -1;

static expert_field ei_hs_ack_wrong = EI_INIT;
static expert_field ei_ack_unseen = EI_INIT;
static expert_field ei_truncated = EI_INIT;
static expert_field ei_not_analysed = EI_INIT;
static expert_field ei_hs_incomplete = EI_INIT;
static expert_field ei_sim_open = EI_INIT;
static expert_field ei_retransmission = EI_INIT;
static expert_field ei_out_of_order = EI_INIT;
static expert_field ei_data_unacked = EI_INIT;
static expert_field ei_dup_ack = EI_INIT;
static expert_field ei_keepalive = EI_INIT;
static expert_field ei_zero_window_probe = EI_INIT;
static expert_field ei_sim_close = EI_INIT;
static expert_field ei_rst_refused = EI_INIT;
static expert_field ei_rst_unacked = EI_INIT;
static expert_field ei_isn_changed = EI_INIT;
static expert_field ei_spurious = EI_INIT;
static expert_field ei_after_reset = EI_INIT;
static expert_field ei_time_backwards = EI_INIT;
static expert_field ei_ack_beyond = EI_INIT;

static pref_bool pref_info_summary = TRUE;
static gint pref_language = TF_LANG_EN;

static const enum_val_t language_vals[] = {
    { "en", "English", TF_LANG_EN },
    { "zh", "\xe7\xae\x80\xe4\xbd\x93\xe4\xb8\xad\xe6\x96\x87 (Simplified Chinese)", TF_LANG_ZH },
    { NULL, NULL, -1 }
};

static dissector_handle_t tcp_handle;
static tf_ctx *analysis;
static int expert_tap_id = -1;
static int tcpflow_tap = -1;
static guint32 find_hint;

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

static const value_string td_step_vals[] = {
    { 1, "1 of 4: the first FIN" },
    { 2, "2 of 4: the peer acknowledges the first FIN" },
    { 3, "3 of 4: the peer's FIN" },
    { 4, "4 of 4: the final ACK of the peer's FIN" },
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

static const value_string hs_step_vals[] = {
    { 1, "1 of 3: the client's SYN" },
    { 2, "2 of 3: the server's SYN+ACK" },
    { 3, "3 of 3: the client's ACK" },
    { 0, NULL }
};

/* A TCP header seen by the hook, kept for the post-dissector (packet scope). */
typedef struct seen_segment {
    tvbuff_t *tvb;
    address   src, dst;
    gboolean  fragment;      /* an IP fragment: the segment length is unknown */
    guint8    streams;       /* what TCP numbered while reading it: a streams_change */
    guint32   streams_before;   /* TCP's stream count before */
    /* Read by read_header when the frame is post-dissected: */
    const guint8 *h;         /* the header's bytes, at least the 20 fixed ones */
    guint     hlen;          /* its length (data offset) */
    guint     hcaptured;     /* how much of it the capture holds */
    guint32   payload_len;
} seen_segment;

/* TCP numbers a stream (get_tcp_stream_count() goes up by one) when it first
 * keeps data for a conversation. */
typedef enum {
    STREAMS_SAME,            /* no new stream */
    STREAMS_ONE_NEW,         /* one new stream, numbered streams_before, and no other TCP header read inside */
    STREAMS_OTHER,           /* more, or unknown (TCP threw an exception) */
} streams_change;

/* The real TCP headers of the frame being dissected; more than this many
 * (tunnels within tunnels) are not analysed. */
#define MAX_SEEN 4
typedef struct seen_list {
    const packet_info *pinfo;  /* the dissection they belong to ... */
    guint32      frame;
    guint8       layer;        /* ... and its layer of the last one */
    guint        n;
    seen_segment seg[MAX_SEEN];
} seen_list;

/* epan dissects one frame at a time, so one list serves.  It is kept in a
 * static rather than in per-packet proto data because the hook runs on
 * every TCP segment and the lookup in pinfo's proto data list cost more
 * than the rest of the hook.  A new dissection starts it afresh: another
 * packet_info or frame, or a layer number that went back down (the same
 * frame again after an aborted dissection).  The post-dissector empties it. */
static seen_list seen;

static protocol_t *tcpflow_protocol, *tcp_protocol;

static void forget_streams(guint32 count);

/* TCP's stream count up to which every new stream is in the stream cache
 * (below), or the cache was emptied after it. */
static guint32 streams_known;
static guint32 hook_calls;   /* a change while TCP reads a segment: a TCP header read inside it */

/* ---- reading the segment ------------------------------------------------ */

static seen_segment *note_segment(tvbuff_t *tvb, packet_info *pinfo)
{
    if (pinfo->flags.in_error_pkt || !proto_is_protocol_enabled(tcpflow_protocol) ||
        !proto_is_protocol_enabled(tcp_protocol))
        return NULL;
    if (seen.pinfo != pinfo || seen.frame != pinfo->num || seen.layer >= pinfo->curr_layer_num) {
        seen.pinfo = pinfo;
        seen.frame = pinfo->num;
        seen.n = 0;
    }
    seen.layer = pinfo->curr_layer_num;
    if (seen.n == MAX_SEEN)
        return NULL;
    seen_segment *s = &seen.seg[seen.n++];
    s->tvb = tvb;
    copy_address_shallow(&s->src, &pinfo->src);
    copy_address_shallow(&s->dst, &pinfo->dst);
    s->fragment = pinfo->fragmented;
    s->streams = STREAMS_OTHER;              /* until TCP returns */
    s->streams_before = get_tcp_stream_count();
    if (s->streams_before != streams_known)  /* numbered where tcpflow did not look */
        forget_streams(s->streams_before);
    return s;
}

static int dissect_tcp_hook(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    seen_segment *s = note_segment(tvb, pinfo);
    guint32 calls = ++hook_calls;
    int len = call_dissector_only(tcp_handle, tvb, pinfo, tree, data);
    if (s) {
        guint32 added = get_tcp_stream_count() - s->streams_before;
        s->streams = added == 0 ? STREAMS_SAME : added == 1 && hook_calls == calls ? STREAMS_ONE_NEW : STREAMS_OTHER;
    }
    return len;
}

/* The TCP dissector's stream index, from the conversation it keeps. */
static gboolean stream_of(const seen_segment *s, packet_info *pinfo, guint16 sport, guint16 dport,
                          guint32 *stream)
{
    conversation_t *conv = find_conversation(pinfo->num, &s->src, &s->dst, CONVERSATION_TCP,
                                             sport, dport, 0);
    const struct tcp_analysis *tcpd =
        conv ? (const struct tcp_analysis *)conversation_get_proto_data(conv, proto_tcp) : NULL;
    if (!tcpd)
        return FALSE;
    *stream = tcpd->stream;
    return TRUE;
}

/* An IPv4 or IPv6 address (read_header checked which): constant sizes
 * let the compiler copy without a call. */
static void copy_addr(guint8 *dst, const address *a)
{
    if (a->len == 4)
        memcpy(dst, a->data, 4);
    else
        memcpy(dst, a->data, 16);
}

/* The stream lookup costs more than the whole analysis, so the first pass
 * remembers the last stream of each address/port pair, in a slot for each
 * direction.  While TCP numbers no new stream, a pair's conversation stays the
 * one it had: TCP makes a new one (a SYN on a closed connection, or another
 * dissector's, e.g. for FTP data) only to keep data in it. */
#define STREAM_CACHE 4096
typedef struct stream_key {
    guint32 words[9];        /* source and destination address, ports */
} stream_key;

typedef struct stream_slot {
    guint32    generation;   /* valid when equal to stream_generation */
    guint32    stream;
    stream_key key;
} stream_slot;

static stream_slot stream_cache[STREAM_CACHE];
static guint32 stream_generation = 1;

static void forget_streams(guint32 count)
{
    stream_generation++;
    streams_known = count;
}

/* Accounts for the streams TCP numbered while reading s: one that is s's
 * own is put in the cache by the caller; any other empties it. */
static void settle_streams(const seen_segment *s, gboolean own)
{
    if (s->streams == STREAMS_SAME)
        return;
    if (s->streams == STREAMS_ONE_NEW && own) {
        if (streams_known == s->streams_before)
            streams_known++;
    } else
        forget_streams(get_tcp_stream_count());
}

static stream_slot *stream_slot_for(const address *src, const address *dst, guint16 sport, guint16 dport,
                                    stream_key *key)
{
    memset(key, 0, sizeof *key);
    copy_addr((guint8 *)&key->words[0], src);
    copy_addr((guint8 *)&key->words[4], dst);
    key->words[8] = (guint32)sport << 16 | dport;
    guint32 h = 0;
    for (int i = 0; i < 9; i++)
        h = (h ^ key->words[i]) * 0x9e3779b1u;   /* a multiplicative hash */
    return &stream_cache[(h >> 20) % STREAM_CACHE];
}

static void remember_stream(stream_slot *slot, const stream_key *key, guint32 stream)
{
    slot->generation = stream_generation;
    slot->stream = stream;
    slot->key = *key;
}

/* The stream of a segment read on the first pass.  A new stream TCP
 * numbered while reading a segment without payload is that segment's: no
 * other dissector ran.  With payload, the lookup tells; any other new
 * stream empties the cache. */
static gboolean cached_stream_of(const seen_segment *s, packet_info *pinfo, guint16 sport, guint16 dport,
                                 gboolean bare, guint32 *stream)
{
    stream_key key;
    stream_slot *slot = stream_slot_for(&s->src, &s->dst, sport, dport, &key);
    if (s->streams == STREAMS_SAME && slot->generation == stream_generation &&
        memcmp(&slot->key, &key, sizeof key) == 0) {
        *stream = slot->stream;
        return TRUE;
    }
    gboolean found = TRUE;
    if (s->streams == STREAMS_ONE_NEW && bare)
        *stream = s->streams_before;
    else
        found = stream_of(s, pinfo, sport, dport, stream);
    settle_streams(s, found && *stream == s->streams_before);
    if (!found)
        return FALSE;
    remember_stream(slot, &key, *stream);
    slot = stream_slot_for(&s->dst, &s->src, dport, sport, &key);   /* and the reply direction's */
    remember_stream(slot, &key, *stream);
    return TRUE;
}

/* Reads the header's place and lengths once; FALSE when it cannot be
 * analysed at all (the same answer on every pass). */
static gboolean read_header(seen_segment *s)
{
    tvbuff_t *tvb = s->tvb;
    guint captured = tvb_captured_length(tvb);
    s->h = NULL;
    if (captured < TCP_MIN_HEADER)
        return FALSE;
    guint reported = tvb_reported_length(tvb);
    s->h = tvb_get_ptr(tvb, 0, MIN(captured, TCP_MAX_HEADER));
    s->hlen = (s->h[12] >> 4) * 4u;
    s->hcaptured = MIN(captured, s->hlen);
    s->payload_len = reported - s->hlen;
    if (s->hlen < TCP_MIN_HEADER || s->hlen > reported)
        s->h = NULL;                         /* no header to read words from */
    return !s->fragment && s->h && s->src.len == s->dst.len && (s->src.len == 4 || s->src.len == 16);
}

/* Network byte order (wsutil's helpers were renamed in 4.6). */
static guint16 be16(const guint8 *p)
{
    return (guint16)(p[0] << 8 | p[1]);
}

static guint32 be32(const guint8 *p)
{
    return (guint32)p[0] << 24 | (guint32)p[1] << 16 | (guint32)p[2] << 8 | p[3];
}

/* First pass: reads the segment and analyses it (or records why not). */
static guint32 analyse(const seen_segment *s, packet_info *pinfo)
{
    const guint8 *h = s->h;
    guint options = s->hcaptured - TCP_MIN_HEADER;
    tf_segment seg;

    memset(&seg, 0, sizeof seg);
    seg.src_port = be16(h);
    seg.dst_port = be16(h + 2);
    seg.payload_len = s->payload_len;
    if (!cached_stream_of(s, pinfo, seg.src_port, seg.dst_port, seg.payload_len == 0, &seg.stream))
        return tf_skip(analysis, pinfo->num);
    seg.frame = pinfo->num;
    seg.ts_ns = (gint64)pinfo->abs_ts.secs * 1000000000 + pinfo->abs_ts.nsecs;
    seg.addr_len = (guint8)s->src.len;
    copy_addr(seg.src_addr, &s->src);
    copy_addr(seg.dst_addr, &s->dst);
    seg.seq = be32(h + 4);
    seg.ack = be32(h + 8);
    seg.flags = be16(h + 12) & 0x01ff;
    seg.window = be16(h + 14);
    seg.options = options ? h + TCP_MIN_HEADER : NULL;
    seg.options_len = (guint16)options;
    return tf_analyze(analysis, &seg);
}

/* ---- which items a tree needs ---------------------------------------------- */

/* In a tree nobody sees (tshark -Y or -e, a GUI display filter or column),
 * Wireshark fakes the items no filter refers to, but each call still costs,
 * and a protocol's own item is never faked.  When only some tcpflow fields
 * are asked for (not the protocol itself, and no expert info is wanted),
 * tcpflow adds just those fields, flat at the top of the tree, and skips the
 * groups none of them belongs to.  epan dissects one frame at a time, so one
 * flag serves. */
static gboolean flat;

enum { G_HANDSHAKE, G_TEARDOWN, G_DATA, G_ACK, G_RST, G_COUNT };

static const char *const group_prefix[G_COUNT] = {
    "tcpflow.handshake.", "tcpflow.teardown.", "tcpflow.data.", "tcpflow.ack.", "tcpflow.rst.",
};

/* Each group's fields, and the expert infos' fields (NULL-terminated): the
 * registered header_field_info, which Wireshark keeps in the registration
 * arrays and marks per frame when a filter, column or field refers to it. */
#define MAX_GROUP_FIELDS 24
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

static void add_duration(proto_tree *tree, int hf, gint64 ns)
{
    if (!field_wanted(tree, hf))
        return;
    nstime_t t;
    t.secs = (time_t)(ns / 1000000000);
    t.nsecs = (int)(ns % 1000000000);
    proto_item_set_generated(proto_tree_add_time(tree, hf, NULL, 0, 0, &t));
}

/* The time from one record to another; none, with a note, where the
 * capture's clock runs backwards (a broken or merged capture). */
static void add_time(proto_tree *tree, packet_info *pinfo, int hf, const tf_record *from, const tf_record *to)
{
    gint64 ns;
    if (tf_elapsed(from, to, &ns))
        add_duration(tree, hf, ns);
    else if (from && to)
        expert_add_info(pinfo, flat ? NULL : tree, &ei_time_backwards);
}

static void add_link(proto_tree *tree, int hf, const tf_record *to)
{
    if (to)
        add_uint(tree, hf, to->frame);
}

static void add_handshake(proto_tree *tree, packet_info *pinfo, guint32 rec, const guint8 *tcp, gboolean whole)
{
    const tf_record *r = tf_record_at(analysis, rec);
    const tf_handshake *h = tf_handshake_of(analysis, rec);
    const tf_record *syn = tf_record_at(analysis, h->syn);
    const tf_record *synack = tf_record_at(analysis, h->synack);
    const tf_record *ack = tf_record_at(analysis, h->ack);
    gboolean retrans = (r->bits & TF_R_HS_RETRANS) != 0;

    proto_item *ti = add_uint(tree, hf_hs_step, r->hs_step);
    proto_tree *st = group_tree(tree, ti, ett_handshake);
    if (syn != r)
        add_link(st, hf_hs_syn_frame, syn);
    if (synack != r)
        add_link(st, hf_hs_synack_frame, synack);
    if (ack != r)
        add_link(st, hf_hs_ack_frame, ack);
    if (h->client_isn_known)
        add_uint(st, hf_hs_client_isn, h->client_isn);
    guint32 raw_ack = be32(tcp + 8);
    if (r->hs_step == 2 && !(r->bits & TF_R_SIM_OPEN))
        add_uint(st, hf_hs_server_isn, be32(tcp + 4));      /* a SYN+ACK's own ISN, even one replaced later */
    else if (h->server_isn_known && (r->hs_step > 1 || (r->bits & TF_R_SIM_OPEN)))
        add_uint(st, hf_hs_server_isn, h->server_isn);
    if (r->bits & TF_R_HS_EXPECTED) {
        gboolean ok = (r->bits & TF_R_HS_ACK_OK) != 0;
        add_uint(st, hf_hs_expected_ack, tf_hs_expected(analysis, rec, raw_ack));
        proto_item *okit = add_bool(st, hf_hs_ack_ok, ok);
        if (!ok)
            expert_add_info(pinfo, okit, &ei_hs_ack_wrong);
    }
    /* Times count from the newest copy of the SYN or SYN+ACK answered. */
    const tf_record *syn_last = tf_record_at(analysis, h->syn_last);
    if (r->hs_step == 2)
        add_time(st, pinfo, hf_hs_synack_time, syn_last, r);
    if (r->hs_step == 3)
        add_time(st, pinfo, hf_hs_ack_time, tf_record_at(analysis, h->synack_last), r);
    if (r->bits & TF_R_HS_COMPLETE)
        add_time(st, pinfo, hf_hs_rtt, syn_last, r);
    if (r->hs_step == 3 || (r->bits & TF_R_HS_COMPLETE))
        add_bool(st, hf_hs_complete, (r->bits & TF_R_HS_COMPLETE) != 0);
    if (retrans)
        add_bool(st, hf_hs_retransmission, TRUE);
    if (r->bits & TF_R_SIM_OPEN)
        expert_add_info(pinfo, add_bool(st, hf_hs_simultaneous, TRUE), &ei_sim_open);
    if (r->marks & TF_M_ISN_CHANGED)
        expert_add_info(pinfo, add_bool(st, hf_hs_isn_changed, TRUE), &ei_isn_changed);
    if (whole && tf_handshake_incomplete(analysis, rec))
        expert_add_info(pinfo, add_bool(st, hf_hs_incomplete, TRUE), &ei_hs_incomplete);
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
        proto_item *ti = add_uint(st ? st : tree, hf_td_step, step);
        if (!st)
            st = group_tree(tree, ti, ett_teardown);
    }
    add_uint(st, hf_td_initiator, SIDE_VALUE(td->initiator));
    for (int i = 0; i < 2; i++) {
        const tf_record *fin = tf_record_at(analysis, td->fin[first ^ i]);
        if (fin != r)
            add_link(st, hf_td_fin_frame, fin);
    }
    for (int i = 0; i < 2; i++) {
        const tf_record *ack = tf_record_at(analysis, td->ack[first ^ i]);
        if (ack != r)
            add_link(st, hf_td_ack_frame, ack);
    }
    if (r->bits & TF_R_SIM_CLOSE)
        expert_add_info(pinfo, add_bool(st, hf_td_simultaneous, TRUE), &ei_sim_close);
    if (r->bits & TF_R_FIN_RETRANS)
        add_bool(st, hf_td_retransmission, TRUE);
}

static void add_data(proto_tree *tree, packet_info *pinfo, guint32 rec, gboolean whole)
{
    const tf_record *r = tf_record_at(analysis, rec);
    proto_item *ti = add_uint(tree, hf_data_len, r->len);
    proto_tree *st = group_tree(tree, ti, ett_data);
    const tf_record *acker = tf_record_at(analysis, r->acked_in);
    const tf_extra *x = tf_extra_of(analysis, rec);
    const tf_record *original = tf_record_at(analysis, x->original);

    add_uint(st, hf_data_seq, r->seq_rel);
    add_uint(st, hf_data_nextseq, tf_next_rel(r));
    if (acker) {
        add_uint(st, hf_data_acked_in, acker->frame);
        if (tf_ack_timed(r))                    /* Karn's rule: a copy's ACK cannot be timed */
            add_time(st, pinfo, hf_data_ack_delay, r, acker);
    }
    if (x->retrans_bytes) {
        proto_item *it = add_uint(st, hf_data_retransmission, x->retrans_bytes);
        if (original)
            expert_add_info_format(pinfo, it, &ei_retransmission, "Retransmission of data first sent in frame %u",
                                   original->frame);
        else
            expert_add_info(pinfo, it, &ei_retransmission);
        add_link(st, hf_data_original_frame, original);
    }
    if (r->marks & TF_M_SPURIOUS)
        expert_add_info(pinfo, add_bool(st, hf_data_spurious, TRUE), &ei_spurious);
    if (r->bits & TF_R_OUT_OF_ORDER)
        expert_add_info(pinfo, add_bool(st, hf_data_out_of_order, TRUE), &ei_out_of_order);
    if (whole && tf_never_acked(r))
        expert_add_info(pinfo, add_bool(st, hf_data_unacked, TRUE), &ei_data_unacked);
}

static void add_ack(proto_tree *tree, packet_info *pinfo, guint32 rec)
{
    const tf_record *r = tf_record_at(analysis, rec);
    proto_tree *st = group_tree(tree, add_uint(tree, hf_ack_acked_bytes, r->acked_bytes), ett_ack);
    guint32 n;
    const guint32 *links = tf_links(analysis, rec, &n);

    for (guint32 i = 0; i < n; i++)
        add_uint(st, hf_ack_acks_frame, tf_record_at(analysis, links[i])->frame);
    const tf_record *timed = tf_record_at(analysis, tf_rtt_link(analysis, rec));
    add_time(st, pinfo, hf_ack_rtt, timed, r);
    add_link(st, hf_ack_rtt_from, timed);
    add_bool(st, hf_ack_piggybacked, (r->bits & TF_R_HAS_DATA) != 0);
    guint32 unseen = tf_extra_of(analysis, rec)->unseen_bytes;
    if (unseen)
        expert_add_info_format(pinfo, add_uint(st, hf_ack_unseen_bytes, unseen), &ei_ack_unseen,
                               "This ACK covers %u bytes the capture never showed", unseen);
}

static void add_duplicate(proto_tree *tree, packet_info *pinfo, const tf_extra *x)
{
    proto_item *ti = add_uint(tree, hf_ack_duplicate, x->dup_count);
    const tf_record *of = tf_record_at(analysis, x->dup_of);
    add_link(group_tree(tree, ti, ett_ack), hf_ack_duplicate_of, of);
    expert_add_info_format(pinfo, ti, &ei_dup_ack, "Duplicate ACK %u of frame %u", x->dup_count,
                           of ? of->frame : 0);
}

static void add_unacked(proto_tree *tree, const char *side, guint32 bytes)
{
    if (!field_wanted(tree, hf_rst_unacked_bytes))
        return;
    proto_item *it = proto_tree_add_uint_format_value(tree, hf_rst_unacked_bytes, NULL, 0, 0, bytes,
                                                      "%u (%s)", bytes, side);
    proto_item_set_generated(it);
}

static void add_rst(proto_tree *tree, packet_info *pinfo, guint32 rec)
{
    const tf_record *r = tf_record_at(analysis, rec);
    proto_tree *st = group_tree(tree, add_uint(tree, hf_rst_from, SIDE_VALUE(r->sender)), ett_rst);
    const tf_extra *x = tf_extra_of(analysis, rec);

    add_uint(st, hf_rst_phase, r->rst_phase);
    if (r->bits & TF_R_RST_REFUSED)
        expert_add_info(pinfo, add_bool(st, hf_rst_refused, TRUE), &ei_rst_refused);
    add_unacked(st, "client", x->rst_unacked[TF_CLIENT]);
    add_unacked(st, "server", x->rst_unacked[TF_SERVER]);
    if (x->rst_unacked[TF_CLIENT] + x->rst_unacked[TF_SERVER])
        expert_add_info_format(pinfo, flat ? NULL : tree, &ei_rst_unacked,
                               "Reset with data in flight: %u bytes from the client and %u from the server "
                               "not yet acknowledged (an abort, not a close)",
                               x->rst_unacked[TF_CLIENT], x->rst_unacked[TF_SERVER]);
}

static void add_flag(proto_tree *tree, packet_info *pinfo, int hf, expert_field *ei)
{
    expert_add_info(pinfo, add_bool(tree, hf, TRUE), ei);
}

/* The packet facts the tcpdump line and the explanation need; FALSE when
 * the header is not all in the capture. */
static gboolean make_wire(const seen_segment *s, packet_info *pinfo, tf_wire *w)
{
    if (!s->h || s->src.len != s->dst.len || (s->src.len != 4 && s->src.len != 16))
        return FALSE;
    w->ip_version = s->src.len == 16 ? 6 : 4;
    w->src = address_to_str(pinfo->pool, &s->src);
    w->dst = address_to_str(pinfo->pool, &s->dst);
    w->src_raw = (const guint8 *)s->src.data;
    w->dst_raw = (const guint8 *)s->dst.data;
    w->addr_len = (unsigned)s->src.len;
    w->tcp = s->h;
    w->hlen = s->hcaptured;      /* a header cut by the capture: its options as far as they go, as tcpdump */
    w->payload_len = s->payload_len;
    return TRUE;
}

typedef struct part_sink {
    proto_tree *tree;
} part_sink;

static void add_part(void *user, const char *text)
{
    part_sink *sink = (part_sink *)user;
    add_string(sink->tree, hf_tcpdump_part, text);
}

static proto_item *add_tcpdump_line(proto_tree *tree, const tf_wire *wire, guint32 rec)
{
    char line[512];
    tf_tcpdump_line(analysis, rec, wire, line, sizeof line);
    return add_string(tree, hf_tcpdump, line);
}

/* The tcpdump line with its decoding, and the explanation: string work done
 * only when the tree shows them or a filter, column or field asks for them. */
static void add_words(proto_tree *ft, packet_info *pinfo, const seen_segment *s, guint32 rec, gboolean whole)
{
    tf_wire wire;
    gboolean want_line = field_asked(ft, hf_tcpdump) || field_asked(ft, hf_tcpdump_part);
    gboolean want_explain = field_asked(ft, hf_explain);
    if (!(want_line || want_explain) || !make_wire(s, pinfo, &wire))
        return;
    if (want_line) {
        proto_item *ti = add_tcpdump_line(ft, &wire, rec);
        part_sink sink = { group_tree(ft, ti, ett_tcpdump) };
        tf_tcpdump_parts(analysis, rec, &wire, (tf_lang)pref_language, add_part, &sink);
    }
    if (want_explain) {
        char text[1024];
        tf_explain(analysis, rec, &wire, (tf_lang)pref_language, whole, text, sizeof text);
        add_string(ft, hf_explain, text);
    }
}

/* Builds the tcpflow subtree, with its expert infos, and the Info column
 * summary.  Without a tree it still reports the expert infos to an expert
 * tap (tshark -q -z expert).  Strings are built only for a tree or the Info
 * column. */
static void show_record(proto_tree *tree, packet_info *pinfo, tvbuff_t *tvb, const seen_segment *s, guint32 rec)
{
    const tf_record *r = tf_record_at(analysis, rec);
    gboolean want_info = pref_info_summary && pinfo->cinfo && col_get_writable(pinfo->cinfo, COL_INFO);
    /* Judgements about the whole capture ("never acknowledged") are made
     * only once every frame was read: on later passes and in the GUI. */
    gboolean whole = pinfo->fd->visited;
    proto_tree *ft = NULL;

    if (tree || want_info) {
        char info[260];                      /* the Info column's " [summary]"; an initializer */
        char *summary = info + 2;            /* would clear all of it for every packet */
        memcpy(info, " [", 3);
        /* In a tree nobody looks at (tshark -Y, -T fields), text is only
         * built for the fields that are asked for. */
        gboolean label = tree && PTREE_DATA(tree)->visible;   /* the subtree's label is read */
        if (want_info || label || field_asked(tree, hf_summary))
            tf_summary(analysis, rec, (tf_lang)pref_language, summary, sizeof info - 3);
        if (want_info) {
            size_t n = strlen(info);
            memcpy(info + n, "]", 2);
            col_append_lstr(pinfo->cinfo, COL_INFO, info, COL_ADD_LSTR_TERMINATOR);
            info[n] = '\0';
        }
        if (tree) {
            ft = tree;
            if (!flat) {
                proto_item *ti = proto_tree_add_item(tree, proto_tcpflow, tvb, 0, 0, ENC_NA);
                if (label)
                    proto_item_append_text(ti, ": %s", summary);
                ft = proto_item_add_subtree(ti, ett_tcpflow);
            }
            add_uint(ft, hf_direction, SIDE_VALUE(r->sender));
            if (r->bits & TF_R_ROLES_INFERRED)
                add_bool(ft, hf_roles_inferred, TRUE);
            if (field_asked(ft, hf_summary))
                add_string(ft, hf_summary, summary);
            add_uint(ft, hf_state_client, tf_client_state(r));
            add_uint(ft, hf_state_server, tf_server_state(r));
            if (field_asked(ft, hf_history))
                add_string(ft, hf_history, wmem_strndup(pinfo->pool, tf_history(analysis, rec), r->hist_len));
            add_words(ft, pinfo, s, rec, whole);
        }
    }
    /* Without a tree the items are no-ops; what remains is the expert
     * infos, which only an expert tap would collect. */
    if (!tree && !have_tap_listener(expert_tap_id))
        return;
    if (r->hs_step && group_wanted(G_HANDSHAKE))
        add_handshake(ft, pinfo, rec, s->h, whole);
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
        add_link(ft, hf_ack_answers, tf_record_at(analysis, x->answers));
    if (r->marks & TF_M_ACK_BEYOND)
        expert_add_info(pinfo, flat ? NULL : ft, &ei_ack_beyond);
    if (r->marks & TF_M_AFTER_RST)
        expert_add_info(pinfo, add_uint(ft, hf_after_reset, tf_record_at(analysis, x->after_rst)->frame),
                        &ei_after_reset);
    if (r->bits & TF_R_KEEPALIVE)
        add_flag(ft, pinfo, hf_keepalive, &ei_keepalive);
    if (r->bits & TF_R_ZERO_WIN_PROBE)
        add_flag(ft, pinfo, hf_zero_window_probe, &ei_zero_window_probe);
    if (r->rst_phase && group_wanted(G_RST))
        add_rst(ft, pinfo, rec);
}

static void show_not_analysed(proto_tree *tree, packet_info *pinfo, tvbuff_t *tvb, const seen_segment *s)
{
    proto_item *ti = proto_tree_add_item(tree, proto_tcpflow, tvb, 0, 0, ENC_NA);
    if (tvb_captured_length(s->tvb) < TCP_MIN_HEADER)
        expert_add_info(pinfo, ti, &ei_truncated);
    else
        expert_add_info(pinfo, ti, &ei_not_analysed);
    /* tcpdump prints an unreassembled first fragment's header too; without
     * an ACK its numbers are absolute, so no analysis is needed for them. */
    tf_wire wire;
    if (s->h && s->fragment && !(s->h[13] & TF_ACK) && field_asked(tree, hf_tcpdump) && make_wire(s, pinfo, &wire))
        add_tcpdump_line(proto_item_add_subtree(ti, ett_tcpflow), &wire, 0);
}

/* ---- the post-dissector -------------------------------------------------- */

/* Whether anyone can see tcpflow's items in this tree: it is shown, a
 * filter, column or field asks for a tcpflow or expert field, or an expert
 * tap listens (tshark -z expert, the GUI's Expert Information).  Otherwise
 * (tshark -Y on other protocols, coloring rules) the tree is left alone. */
static gboolean tree_wanted(proto_tree *tree)
{
    return tree && (proto_ws_expert < 0 || proto_field_is_referenced(tree, proto_tcpflow) ||
           proto_field_is_referenced(tree, proto_ws_expert) || have_tap_listener(expert_tap_id));
}

static int dissect_tcpflow(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    if (expert_tap_id < 0) {                 /* both registered after the handoffs */
        expert_tap_id = find_tap_id("expert");
        proto_ws_expert = proto_registrar_get_id_byname("_ws.expert");
    }
    if (seen.pinfo != pinfo || seen.frame != pinfo->num || !analysis)
        return 0;
    seen.pinfo = NULL;                       /* this dissection's, used up */
    if (!tree_wanted(tree))
        tree = NULL;
    flat = tree && only_fields_wanted(tree);

    for (guint i = 0, k = 0; i < seen.n; i++) {
        seen_segment *s = &seen.seg[i];
        if (!read_header(s)) {
            settle_streams(s, FALSE);
            show_not_analysed(tree, pinfo, tvb, s);
            continue;
        }
        /* Each usable header has a record, made on the first pass (a
         * placeholder when no stream was found), so the k-th usable header
         * of a frame is always its k-th record. */
        guint32 rec = pinfo->num <= tf_last_frame(analysis) ? tf_find(analysis, pinfo->num, k, find_hint) : 0;
        if (!rec && !pinfo->fd->visited)
            rec = analyse(s, pinfo);
        k++;
        find_hint = rec ? rec + 1 : 0;       /* where the next frame's records start when read in order */
        const tf_record *r = tf_record_at(analysis, rec);
        if (r && !(r->bits & TF_R_SKIPPED)) {
            show_record(tree, pinfo, tvb, s, rec);
            if (have_tap_listener(tcpflow_tap)) {
                tcpflow_tap_data *td = wmem_new(pinfo->pool, tcpflow_tap_data);
                td->rec = rec;
                tap_queue_packet(tcpflow_tap, pinfo, td);
            }
        } else
            show_not_analysed(tree, pinfo, tvb, s);
    }
    return tvb_captured_length(tvb);
}

tf_ctx *tcpflow_analysis(void)
{
    return analysis;
}

static void tcpflow_init(void)
{
    analysis = tf_new();
    find_hint = 0;
    forget_streams(0);                       /* forget the last file's streams: TCP numbers from 0 again */
}

static void tcpflow_cleanup(void)
{
    tf_free(analysis);
    analysis = NULL;
}

/* ---- registration -------------------------------------------------------- */

#define FRAME_LINK(kind) FT_FRAMENUM, BASE_NONE, FRAMENUM_TYPE(kind), 0x0

void proto_register_tcpflow(void)
{
    static hf_register_info hf[] = {
        { &hf_direction, { "Direction", "tcpflow.direction", FT_UINT8, BASE_DEC, VALS(direction_vals), 0x0,
            "Who sent this segment: the client opened the connection with a SYN, the server answered it", HFILL } },
        { &hf_roles_inferred, { "Roles inferred", "tcpflow.roles_inferred", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "No SYN was seen: the client and server roles were guessed (SYN+ACK sender or lower port is the server)", HFILL } },
        { &hf_summary, { "Summary", "tcpflow.summary", FT_STRING, BASE_NONE, NULL, 0x0,
            "One-line summary of what this segment does in its connection", HFILL } },
        { &hf_hs_step, { "Handshake step", "tcpflow.handshake.step", FT_UINT8, BASE_DEC, VALS(hs_step_vals), 0x0,
            "Step of the three-way handshake: 1 SYN, 2 SYN+ACK, 3 the ACK that completes it", HFILL } },
        { &hf_hs_syn_frame, { "SYN frame", "tcpflow.handshake.syn_frame", FRAME_LINK(FT_FRAMENUM_REQUEST),
            "Frame of the client's (first) SYN, step 1", HFILL } },
        { &hf_hs_synack_frame, { "SYN+ACK frame", "tcpflow.handshake.synack_frame", FRAME_LINK(FT_FRAMENUM_RESPONSE),
            "Frame of the server's (first) SYN+ACK, step 2", HFILL } },
        { &hf_hs_ack_frame, { "Completing ACK frame", "tcpflow.handshake.ack_frame", FRAME_LINK(FT_FRAMENUM_ACK),
            "Frame of the client's ACK that completes the handshake, step 3", HFILL } },
        { &hf_hs_client_isn, { "Client ISN", "tcpflow.handshake.client_isn", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Initial sequence number chosen by the client (the SYN's seq, j)", HFILL } },
        { &hf_hs_server_isn, { "Server ISN", "tcpflow.handshake.server_isn", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Initial sequence number chosen by the server (the SYN+ACK's seq, k)", HFILL } },
        { &hf_hs_expected_ack, { "Expected ACK", "tcpflow.handshake.expected_ack", FT_UINT32, BASE_DEC, NULL, 0x0,
            "The acknowledgement number this step must carry: client ISN + 1 on step 2, server ISN + 1 on step 3", HFILL } },
        { &hf_hs_ack_ok, { "ACK as expected", "tcpflow.handshake.ack_ok", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "Whether the acknowledgement number equals the expected ISN + 1", HFILL } },
        { &hf_hs_synack_time, { "Time since SYN", "tcpflow.handshake.synack_time", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "Step 2: time from the client's newest SYN before it to this SYN+ACK", HFILL } },
        { &hf_hs_ack_time, { "Time since SYN+ACK", "tcpflow.handshake.ack_time", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "Step 3: time from the server's newest SYN+ACK before it to this ACK", HFILL } },
        { &hf_hs_rtt, { "Handshake time", "tcpflow.handshake.rtt", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "Step 3: time from the SYN the SYN+ACK answered (the newest copy before it) to the ACK that completes the handshake", HFILL } },
        { &hf_hs_complete, { "Handshake complete", "tcpflow.handshake.complete", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "Step 3: the handshake is complete (the ACK acknowledges the server's SYN)", HFILL } },
        { &hf_hs_retransmission, { "Retransmitted", "tcpflow.handshake.retransmission", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "This SYN or SYN+ACK repeats an earlier one; times count from the newest copy before the answer", HFILL } },
        { &hf_data_len, { "Data bytes", "tcpflow.data.len", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Payload bytes carried by this segment", HFILL } },
        { &hf_data_seq, { "First byte", "tcpflow.data.seq", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Relative sequence number of the first payload byte (the first data byte of a direction is 1)", HFILL } },
        { &hf_data_nextseq, { "Next byte", "tcpflow.data.nextseq", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Relative sequence number just past the payload: the ACK that confirms it carries this value", HFILL } },
        { &hf_data_acked_in, { "Acknowledged in", "tcpflow.data.acked_in", FRAME_LINK(FT_FRAMENUM_ACK),
            "The first segment from the peer whose ACK covers all of this data (known once that ACK was read)", HFILL } },
        { &hf_data_ack_delay, { "Time to ACK", "tcpflow.data.ack_delay", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "Time from this segment to the ACK that covers it; none when these bytes were sent more than once (Karn's rule)", HFILL } },
        { &hf_data_retransmission, { "Bytes sent before", "tcpflow.data.retransmission", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Retransmission: this many of the segment's bytes had already been sent", HFILL } },
        { &hf_ack_acks_frame, { "Acknowledges frame", "tcpflow.ack.acks_frame", FRAME_LINK(FT_FRAMENUM_ACK),
            "An earlier frame (data, SYN, SYN+ACK or FIN) that this ACK covers for the first time", HFILL } },
        { &hf_ack_acked_bytes, { "Newly acknowledged bytes", "tcpflow.ack.acked_bytes", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Payload bytes this ACK acknowledges that no earlier ACK did", HFILL } },
        { &hf_ack_rtt, { "Round-trip time", "tcpflow.ack.rtt", FT_RELATIVE_TIME, BASE_NONE, NULL, 0x0,
            "Time since the newest frame this ACK covers that was sent only once (Karn's rule, RFC 6298); none when it covers only retransmitted data", HFILL } },
        { &hf_ack_piggybacked, { "Piggybacked", "tcpflow.ack.piggybacked", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "The acknowledgement rides on a segment that also carries data", HFILL } },
        { &hf_ack_unseen_bytes, { "Unseen bytes acknowledged", "tcpflow.ack.unseen_bytes", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Bytes this ACK covers that the capture never showed being sent", HFILL } },
        { &hf_hs_incomplete, { "Handshake never completed", "tcpflow.handshake.incomplete", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "This SYN never led to an established connection within the capture (known once the whole capture was read)", HFILL } },
        { &hf_hs_simultaneous, { "Simultaneous open", "tcpflow.handshake.simultaneous", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "Both sides sent a SYN: each answers the other's with a SYN+ACK (RFC 9293, figure 7)", HFILL } },
        { &hf_data_original_frame, { "First sent in", "tcpflow.data.original_frame", FRAME_LINK(FT_FRAMENUM_RETRANS_PREV),
            "Retransmission: the frame that first carried these bytes", HFILL } },
        { &hf_data_out_of_order, { "Out of order", "tcpflow.data.out_of_order", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "The segment fills a gap below data already seen from this direction", HFILL } },
        { &hf_data_unacked, { "Never acknowledged", "tcpflow.data.unacked", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "No ACK in the capture covers this data (known once the whole capture was read)", HFILL } },
        { &hf_ack_duplicate, { "Duplicate ACK", "tcpflow.ack.duplicate", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Number of this duplicate ACK in its run: same ack and window, nothing new, data outstanding", HFILL } },
        { &hf_ack_duplicate_of, { "Duplicate of", "tcpflow.ack.duplicate_of", FRAME_LINK(FT_FRAMENUM_DUP_ACK),
            "The ACK this duplicate repeats", HFILL } },
        { &hf_keepalive, { "Keep-alive", "tcpflow.keepalive", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "Zero or one byte at the last sent sequence number: a probe that the peer is alive, not new data", HFILL } },
        { &hf_zero_window_probe, { "Zero-window probe", "tcpflow.zero_window_probe", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "One byte sent while the peer advertises a zero window, to see whether it opened", HFILL } },
        { &hf_td_step, { "Teardown step", "tcpflow.teardown.step", FT_UINT8, BASE_DEC, VALS(td_step_vals), 0x0,
            "Step of the orderly close: 1 first FIN, 2 its ACK, 3 the peer's FIN, 4 the final ACK (a FIN+ACK can be 2 and 3)", HFILL } },
        { &hf_td_initiator, { "Closed first by", "tcpflow.teardown.initiator", FT_UINT8, BASE_DEC, VALS(side_vals), 0x0,
            "The side that sent the first FIN", HFILL } },
        { &hf_td_fin_frame, { "FIN frame", "tcpflow.teardown.fin_frame", FRAME_LINK(FT_FRAMENUM_NONE),
            "The first FIN of a side (the initiator's first)", HFILL } },
        { &hf_td_ack_frame, { "FIN acknowledged in", "tcpflow.teardown.ack_frame", FRAME_LINK(FT_FRAMENUM_ACK),
            "The first ACK covering a side's FIN (the initiator's first)", HFILL } },
        { &hf_td_simultaneous, { "Simultaneous close", "tcpflow.teardown.simultaneous", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "This FIN was sent before its sender acknowledged the peer's FIN: both FINs crossed", HFILL } },
        { &hf_td_retransmission, { "FIN retransmitted", "tcpflow.teardown.retransmission", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "This FIN repeats an earlier one", HFILL } },
        { &hf_rst_from, { "Reset by", "tcpflow.rst.from", FT_UINT8, BASE_DEC, VALS(side_vals), 0x0,
            "The side that sent the RST", HFILL } },
        { &hf_rst_phase, { "Reset phase", "tcpflow.rst.phase", FT_UINT8, BASE_DEC, VALS(rst_phase_vals), 0x0,
            "When the RST came: during the handshake, on an established connection, or while closing", HFILL } },
        { &hf_rst_refused, { "Connection refused", "tcpflow.rst.refused", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "The server answered the client's SYN with a RST: nothing listens on that port", HFILL } },
        { &hf_rst_unacked_bytes, { "Bytes not yet acknowledged", "tcpflow.rst.unacked_bytes", FT_UINT32, BASE_DEC, NULL, 0x0,
            "Bytes each side (client first, then server) had sent that were not acknowledged when the RST came", HFILL } },
        { &hf_state_client, { "Client state", "tcpflow.state.client", FT_UINT8, BASE_DEC, VALS(state_vals), 0x0,
            "RFC 9293 state of the client after this segment, as far as the capture shows it", HFILL } },
        { &hf_state_server, { "Server state", "tcpflow.state.server", FT_UINT8, BASE_DEC, VALS(state_vals), 0x0,
            "RFC 9293 state of the server after this segment, as far as the capture shows it", HFILL } },
        { &hf_tcpdump, { "tcpdump", "tcpflow.tcpdump", FT_STRING, BASE_NONE, NULL, 0x0,
            "What tcpdump -nn prints for this segment, from IP/IP6 up to length N", HFILL } },
        { &hf_tcpdump_part, { "Part", "tcpflow.tcpdump.part", FT_STRING, BASE_NONE, NULL, 0x0,
            "One part of the tcpdump line, decoded", HFILL } },
        { &hf_explain, { "Explanation", "tcpflow.explain", FT_STRING, BASE_NONE, NULL, 0x0,
            "What this segment does, explained in plain words with its numbers", HFILL } },
        { &hf_history, { "History", "tcpflow.history", FT_STRING, BASE_NONE, NULL, 0x0,
            "The connection so far in Zeek's letters: S SYN, H SYN+ACK, A pure ACK, D data, F FIN, R RST; "
            "upper case from the client, lower case from the server, each at its first occurrence", HFILL } },
        { &hf_hs_isn_changed, { "ISN changed", "tcpflow.handshake.isn_changed", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "This SYN+ACK carries another initial sequence number than the SYN+ACK before it: the handshake "
            "was restarted, and the new ISN is the server's", HFILL } },
        { &hf_data_spurious, { "Spurious retransmission", "tcpflow.data.spurious", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
            "Every byte of this segment had been acknowledged before it was sent again", HFILL } },
        { &hf_ack_answers, { "Answers", "tcpflow.ack.answers", FRAME_LINK(FT_FRAMENUM_ACK),
            "The keep-alive, zero-window probe or spurious retransmission this segment answers (an ACK that covers nothing new)", HFILL } },
        { &hf_ack_rtt_from, { "RTT from", "tcpflow.ack.rtt_from", FRAME_LINK(FT_FRAMENUM_NONE),
            "The frame the round-trip time counts from: the newest this ACK covers that was sent only once", HFILL } },
        { &hf_after_reset, { "After the reset in", "tcpflow.after_reset", FRAME_LINK(FT_FRAMENUM_NONE),
            "This segment came after the RST that ended its connection (in the frame given): it changes no state", HFILL } },
    };
    static gint *ett[] = { &ett_tcpflow, &ett_handshake, &ett_data, &ett_ack, &ett_teardown, &ett_rst, &ett_tcpdump };
    static ei_register_info ei[] = {
        { &ei_hs_ack_wrong, { "tcpflow.handshake.ack_wrong", PI_SEQUENCE, PI_WARN,
            "Handshake ACK is not the peer's ISN + 1", EXPFILL } },
        { &ei_ack_unseen, { "tcpflow.ack.unseen", PI_SEQUENCE, PI_NOTE,
            "This ACK covers bytes the capture never showed", EXPFILL } },
        { &ei_truncated, { "tcpflow.truncated", PI_MALFORMED, PI_NOTE,
            "TCP header truncated in the capture: segment not analysed", EXPFILL } },
        { &ei_not_analysed, { "tcpflow.not_analysed", PI_UNDECODED, PI_NOTE,
            "Segment not analysed (IP fragment, bad header length or no TCP stream)", EXPFILL } },
        { &ei_hs_incomplete, { "tcpflow.expert.handshake_incomplete", PI_SEQUENCE, PI_WARN,
            "This SYN never led to an established connection", EXPFILL } },
        { &ei_sim_open, { "tcpflow.expert.simultaneous_open", PI_SEQUENCE, PI_CHAT,
            "Simultaneous open: both sides sent a SYN", EXPFILL } },
        { &ei_retransmission, { "tcpflow.expert.retransmission", PI_SEQUENCE, PI_NOTE,
            "Retransmission of data sent before", EXPFILL } },
        { &ei_out_of_order, { "tcpflow.expert.out_of_order", PI_SEQUENCE, PI_WARN,
            "Out-of-order segment: it fills a gap below data already seen", EXPFILL } },
        { &ei_data_unacked, { "tcpflow.expert.data_unacked", PI_SEQUENCE, PI_WARN,
            "Data never acknowledged within the capture", EXPFILL } },
        { &ei_dup_ack, { "tcpflow.expert.duplicate_ack", PI_SEQUENCE, PI_NOTE,
            "Duplicate ACK", EXPFILL } },
        { &ei_keepalive, { "tcpflow.expert.keepalive", PI_SEQUENCE, PI_NOTE,
            "Keep-alive", EXPFILL } },
        { &ei_zero_window_probe, { "tcpflow.expert.zero_window_probe", PI_SEQUENCE, PI_NOTE,
            "Zero-window probe", EXPFILL } },
        { &ei_sim_close, { "tcpflow.expert.simultaneous_close", PI_SEQUENCE, PI_CHAT,
            "Simultaneous close: both FINs crossed", EXPFILL } },
        { &ei_rst_refused, { "tcpflow.expert.rst_refused", PI_SEQUENCE, PI_NOTE,
            "Connection refused: the server answered the SYN with a RST", EXPFILL } },
        { &ei_rst_unacked, { "tcpflow.expert.rst_unacked", PI_SEQUENCE, PI_WARN,
            "Reset with data still unacknowledged (an abort, not a close)", EXPFILL } },
        { &ei_isn_changed, { "tcpflow.expert.isn_changed", PI_SEQUENCE, PI_WARN,
            "SYN+ACK with a new initial sequence number: the handshake was restarted", EXPFILL } },
        { &ei_spurious, { "tcpflow.expert.spurious_retransmission", PI_SEQUENCE, PI_NOTE,
            "Spurious retransmission: all of its data had been acknowledged already", EXPFILL } },
        { &ei_after_reset, { "tcpflow.expert.after_reset", PI_SEQUENCE, PI_NOTE,
            "Segment after the connection was reset", EXPFILL } },
        { &ei_ack_beyond, { "tcpflow.expert.ack_beyond", PI_SEQUENCE, PI_WARN,
            "ACK further beyond anything seen sent than any TCP window reaches: not a valid ACK, ignored", EXPFILL } },
        { &ei_time_backwards, { "tcpflow.expert.time_backwards", PI_SEQUENCE, PI_NOTE,
            "The capture's clock runs backwards here: no duration shown", EXPFILL } },
    };

    proto_tcpflow = proto_register_protocol("TCP Flow Analysis", "TCPFLOW", "tcpflow");
    proto_register_field_array(proto_tcpflow, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_register_field_array(expert_register_protocol(proto_tcpflow), ei, array_length(ei));
    note_fields(hf, array_length(hf), ei, array_length(ei));

    module_t *module = prefs_register_protocol(proto_tcpflow, NULL);
    prefs_register_bool_preference(module, "info_summary", "Show the summary in the Info column",
                                   "Append tcpflow's one-line summary to the Info column", &pref_info_summary);
    prefs_register_enum_preference(module, "language", "Language",
                                   "Language of the summary, the tcpdump line's decoding and the explanation",
                                   &pref_language, language_vals, FALSE);

    tcpflow_tap = register_tap(TCPFLOW_TAP);
    register_init_routine(tcpflow_init);
    register_cleanup_routine(tcpflow_cleanup);
}

void proto_reg_handoff_tcpflow(void)
{
    proto_tcp = proto_get_id_by_filter_name("tcp");
    tcp_protocol = find_protocol_by_id(proto_tcp);
    tcpflow_protocol = find_protocol_by_id(proto_tcpflow);
    tcp_handle = find_dissector_add_dependency("tcp", proto_tcpflow);
    dissector_add_uint("ip.proto", IP_PROTO_TCP,
                       create_dissector_handle_with_name_and_description(dissect_tcp_hook, -1,
                                                                          "tcpflow_tcp_hook", "TCP (seen by tcpflow)"));
    register_postdissector(create_dissector_handle(dissect_tcpflow, proto_tcpflow));
}

/* ---- plugin entry points ------------------------------------------------- */

WS_DLL_PUBLIC void plugin_register(void);

void plugin_register(void)
{
    static proto_plugin plug;
    static tap_plugin stats;
    plug.register_protoinfo = proto_register_tcpflow;
    plug.register_handoff = proto_reg_handoff_tcpflow;
    proto_register_plugin(&plug);
    stats.register_tap_listener = tcpflow_register_stats;
    tap_register_plugin(&stats);
}

TCPFLOW_PLUGIN_ENTRY_POINTS
