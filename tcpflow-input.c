/* tcpflow-input.c — reading TCP segments out of epan (see tcpflow-input.h):
 * the hook in front of the TCP dissector, the frame's list of headers it
 * saw, and the stream TCP gave each segment, cached because looking it up
 * costs more than the whole analysis.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <epan/packet.h>
#include <epan/conversation.h>
#include <epan/ipproto.h>
#include <epan/to_str.h>
#include <epan/dissectors/packet-ip.h>
#include <epan/dissectors/packet-tcp.h>

#include "tcpflow-input.h"
#include "tcpflow-wire.h"

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
    tcpflow_header seg[MAX_SEEN];
} seen_list;

/* epan dissects one frame at a time, so one list serves.  It is kept in a
 * static rather than in per-packet proto data because the hook runs on
 * every TCP segment and the lookup in pinfo's proto data list cost more
 * than the rest of the hook.  A new dissection starts it afresh: another
 * packet_info or frame, or a layer number that went back down (the same
 * frame again after an aborted dissection).  The post-dissector empties it. */
static seen_list seen;

static protocol_t *tcpflow_protocol, *tcp_protocol;
static int proto_tcp = -1;
static dissector_handle_t tcp_handle;

static void forget_streams(guint32 count);

/* TCP's stream count up to which every new stream is in the stream cache
 * (below), or the cache was emptied after it. */
static guint32 streams_known;
static guint32 hook_calls;   /* a change while TCP reads a segment: a TCP header read inside it */

/* ---- the hook ---------------------------------------------------------------- */

/* The ECN field of the IP header the IP dissectors hand on (RFC 3168 section 5). */
static guint8 ip_ecn_of(void *iph)
{
    const ws_ip4 *ip4 = WS_IP4_PTR(iph);
    const ws_ip6 *ip6 = WS_IP6_PTR(iph);
    return ip4 ? IPDSFIELD_ECN(ip4->ip_tos) : ip6 ? IPDSFIELD_ECN(ip6->ip6_tc) : 0;
}

static tcpflow_header *note_segment(tvbuff_t *tvb, packet_info *pinfo, void *iph)
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
    tcpflow_header *hdr = &seen.seg[seen.n++];
    hdr->tvb = tvb;
    copy_address_shallow(&hdr->src, &pinfo->src);
    copy_address_shallow(&hdr->dst, &pinfo->dst);
    hdr->fragment = pinfo->fragmented;
    hdr->ip_ecn = ip_ecn_of(iph);
    hdr->streams = STREAMS_OTHER;              /* until TCP returns */
    hdr->streams_before = get_tcp_stream_count();
    if (hdr->streams_before != streams_known)  /* numbered where tcpflow did not look */
        forget_streams(hdr->streams_before);
    return hdr;
}

static int dissect_tcp_hook(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    tcpflow_header *hdr = note_segment(tvb, pinfo, data);
    guint32 calls = ++hook_calls;
    int len = call_dissector_only(tcp_handle, tvb, pinfo, tree, data);
    if (hdr) {
        guint32 added = get_tcp_stream_count() - hdr->streams_before;
        hdr->streams = added == 0 ? STREAMS_SAME : added == 1 && hook_calls == calls ? STREAMS_ONE_NEW : STREAMS_OTHER;
    }
    return len;
}

/* ---- the stream TCP gave a segment -------------------------------------------- */

/* The TCP dissector's stream index, from the conversation it keeps. */
static gboolean stream_of(const tcpflow_header *hdr, packet_info *pinfo, guint16 sport, guint16 dport,
                          guint32 *stream)
{
    conversation_t *conv = find_conversation(pinfo->num, &hdr->src, &hdr->dst, CONVERSATION_TCP,
                                             sport, dport, 0);
    const struct tcp_analysis *tcpd =
        conv ? (const struct tcp_analysis *)conversation_get_proto_data(conv, proto_tcp) : NULL;
    if (!tcpd)
        return FALSE;
    *stream = tcpd->stream;
    return TRUE;
}

/* An IPv4 or IPv6 address (tcpflow_header_read checked which): constant sizes
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

/* Accounts for the streams TCP numbered while reading hdr: one that is its
 * own is put in the cache by the caller; any other empties it. */
static void settle_streams(const tcpflow_header *hdr, gboolean own)
{
    if (hdr->streams == STREAMS_SAME)
        return;
    if (hdr->streams == STREAMS_ONE_NEW && own) {
        if (streams_known == hdr->streams_before)
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
static gboolean cached_stream_of(const tcpflow_header *hdr, packet_info *pinfo, guint16 sport, guint16 dport,
                                 gboolean bare, guint32 *stream)
{
    stream_key key;
    stream_slot *slot = stream_slot_for(&hdr->src, &hdr->dst, sport, dport, &key);
    if (hdr->streams == STREAMS_SAME && slot->generation == stream_generation &&
        memcmp(&slot->key, &key, sizeof key) == 0) {
        *stream = slot->stream;
        return TRUE;
    }
    gboolean found = TRUE;
    if (hdr->streams == STREAMS_ONE_NEW && bare)
        *stream = hdr->streams_before;
    else
        found = stream_of(hdr, pinfo, sport, dport, stream);
    settle_streams(hdr, found && *stream == hdr->streams_before);
    if (!found)
        return FALSE;
    remember_stream(slot, &key, *stream);
    slot = stream_slot_for(&hdr->dst, &hdr->src, dport, sport, &key);   /* and the reply direction's */
    remember_stream(slot, &key, *stream);
    return TRUE;
}

/* A debug build (-DTCPFLOW_CHECK_STREAMS=ON) looks every cached stream up
 * again in TCP's conversation table: a difference is a dissector bug, which
 * WIRESHARK_ABORT_ON_DISSECTOR_BUG turns into an abort in the test suite. */
static void check_stream(const tcpflow_header *hdr, packet_info *pinfo, guint16 sport, guint16 dport, guint32 stream)
{
#ifdef TCPFLOW_CHECK_STREAMS
    guint32 looked_up = 0;
    gboolean found = stream_of(hdr, pinfo, sport, dport, &looked_up);
    if (!found || looked_up != stream)
        REPORT_DISSECTOR_BUG("tcpflow: frame %u is in stream %u, TCP's conversation says %s%u", pinfo->num, stream,
                             found ? "" : "none ", looked_up);
#else
    (void)hdr, (void)pinfo, (void)sport, (void)dport, (void)stream;
#endif
}

/* A header with its bytes, between two IPv4 or two IPv6 addresses. */
static gboolean header_readable(const tcpflow_header *hdr)
{
    return hdr->bytes && hdr->src.len == hdr->dst.len && (hdr->src.len == 4 || hdr->src.len == 16);
}

gboolean tcpflow_header_read(tcpflow_header *hdr)
{
    tvbuff_t *tvb = hdr->tvb;
    guint captured = tvb_captured_length(tvb);
    hdr->bytes = NULL;
    if (captured < TF_TCP_MIN_HEADER) {
        settle_streams(hdr, FALSE);
        return FALSE;
    }
    guint reported = tvb_reported_length(tvb);
    hdr->bytes = tvb_get_ptr(tvb, 0, MIN(captured, TF_TCP_MAX_HEADER));
    hdr->hlen = (hdr->bytes[12] >> 4) * 4u;
    hdr->hcaptured = MIN(captured, hdr->hlen);
    hdr->payload_len = reported - hdr->hlen;
    if (hdr->hlen < TF_TCP_MIN_HEADER || hdr->hlen > reported)
        hdr->bytes = NULL;                         /* no header to read words from */
    gboolean usable = !hdr->fragment && header_readable(hdr);
    if (!usable)
        settle_streams(hdr, FALSE);
    return usable;
}

gboolean tcpflow_read_segment(packet_info *pinfo, tcpflow_header *hdr, tf_segment *seg)
{
    const guint8 *bytes = hdr->bytes;
    guint options = hdr->hcaptured - TF_TCP_MIN_HEADER;

    memset(seg, 0, sizeof *seg);
    seg->src_port = tf_be16(bytes);
    seg->dst_port = tf_be16(bytes + 2);
    seg->payload_len = hdr->payload_len;
    if (!cached_stream_of(hdr, pinfo, seg->src_port, seg->dst_port, seg->payload_len == 0, &seg->stream))
        return FALSE;
    check_stream(hdr, pinfo, seg->src_port, seg->dst_port, seg->stream);
    seg->frame = pinfo->num;
    seg->ts_ns = (gint64)pinfo->abs_ts.secs * 1000000000 + pinfo->abs_ts.nsecs;
    seg->addr_len = (guint8)hdr->src.len;
    copy_addr(seg->src_addr, &hdr->src);
    copy_addr(seg->dst_addr, &hdr->dst);
    seg->seq = tf_be32(bytes + 4);
    seg->ack = tf_be32(bytes + 8);
    seg->flags = tf_be16(bytes + 12) & 0x01ff;
    seg->window = tf_be16(bytes + 14);
    seg->options = options ? bytes + TF_TCP_MIN_HEADER : NULL;
    seg->options_len = (guint16)options;
    seg->ip_ecn = hdr->ip_ecn;
    return TRUE;
}

gboolean tcpflow_header_wire(const tcpflow_header *hdr, packet_info *pinfo, tf_wire *w)
{
    if (!header_readable(hdr))
        return FALSE;
    w->ip_version = hdr->src.len == 16 ? 6 : 4;
    w->src = address_to_str(pinfo->pool, &hdr->src);
    w->dst = address_to_str(pinfo->pool, &hdr->dst);
    w->src_raw = (const guint8 *)hdr->src.data;
    w->dst_raw = (const guint8 *)hdr->dst.data;
    w->addr_len = (unsigned)hdr->src.len;
    w->tcp = hdr->bytes;
    w->hlen = hdr->hcaptured;      /* a header cut by the capture: its options as far as they go, as tcpdump */
    w->payload_len = hdr->payload_len;
    return TRUE;
}

/* ---- what the post-dissector calls -------------------------------------------- */

guint tcpflow_take_headers(packet_info *pinfo, tcpflow_header **headers)
{
    if (seen.pinfo != pinfo || seen.frame != pinfo->num)
        return 0;
    seen.pinfo = NULL;                       /* this dissection's, used up */
    *headers = seen.seg;
    return seen.n;
}

void tcpflow_input_init(void)
{
    forget_streams(0);                       /* forget the last file's streams: TCP numbers from 0 again */
}

void tcpflow_input_handoff(int proto_tcpflow)
{
    proto_tcp = proto_get_id_by_filter_name("tcp");
    tcp_protocol = find_protocol_by_id(proto_tcp);
    tcpflow_protocol = find_protocol_by_id(proto_tcpflow);
    tcp_handle = find_dissector_add_dependency("tcp", proto_tcpflow);
    dissector_add_uint("ip.proto", IP_PROTO_TCP,
                       create_dissector_handle_with_name_and_description(dissect_tcp_hook, -1,
                                                                          "tcpflow_tcp_hook", "TCP (seen by tcpflow)"));
}
