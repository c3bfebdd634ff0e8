/* tcpflow-input.h — how tcpflow reads TCP segments out of epan.
 *
 * A post-dissector only gets the frame, and asking epan for TCP's fields
 * would force a protocol tree on every packet, which costs far more than
 * the analysis itself.  So tcpflow sits in front of the TCP dissector in the
 * "ip.proto" table: a hook notes each TCP header's tvb and IP addresses,
 * then calls the TCP dissector unchanged.  The hook sees TCP headers quoted
 * inside ICMP errors with in_error_pkt set and ignores them, so only real
 * segments are read.  The post-dissector then takes the frame's headers,
 * and on the first pass turns each into a tf_segment, with the stream TCP
 * gave it.
 *
 * Calls epan; hands over the analysis's tf_segment and the words' tf_wire.
 * packet-tcpflow.c calls it, and tcpflow-tree.c for tf_wire.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TCPFLOW_INPUT_H
#define TCPFLOW_INPUT_H

#include <epan/packet.h>

#include "tcpflow-analysis.h"
#include "tcpflow-text.h"

/* A TCP header the hook saw (packet scope).  The fields after `fragment`
 * are set by tcpflow_header_read: `bytes` is NULL when there is no header to
 * read; the lengths mean something only when it is not. */
typedef struct tcpflow_header {
    tvbuff_t *tvb;
    address   src, dst;
    gboolean  fragment;      /* an IP fragment: the segment length is unknown */
    guint8    ip_ecn;        /* the IP header's ECN field (0 when the IP dissector did not say) */
    const guint8 *bytes;     /* the header's bytes, at least the 20 fixed ones; NULL when none */
    guint     hlen;          /* its length (data offset) */
    guint     hcaptured;     /* how much of it the capture holds */
    guint32   payload_len;
    /* How TCP's stream count changed while it read this header (tcpflow-input.c's own). */
    guint8    streams;
    guint32   streams_before;
} tcpflow_header;

/* Puts the hook in front of the TCP dissector (from the handoff). */
void tcpflow_input_handoff(int proto_tcpflow);

/* A new capture: TCP numbers its streams from 0 again. */
void tcpflow_input_init(void);

/* Takes the real TCP headers this dissection of the frame saw, in order:
 * each dissection hands them over once (0 when there are none, or they were
 * taken). */
guint tcpflow_take_headers(packet_info *pinfo, tcpflow_header **headers);

/* Reads the header's place and lengths, once per dissection; FALSE when it
 * cannot be analysed at all (truncated, a fragment, a bad length, not over
 * IPv4 or IPv6), the same answer on every pass.  Such a header is also
 * accounted for in the stream cache here, as a read one is in
 * tcpflow_read_segment. */
gboolean tcpflow_header_read(tcpflow_header *hdr);

/* First pass: the segment a usable header carries, with the stream TCP
 * gave it; FALSE when TCP keeps no stream for it. */
gboolean tcpflow_read_segment(packet_info *pinfo, tcpflow_header *hdr, tf_segment *seg);

/* What the tcpdump line and the explanation need from the packet; FALSE
 * when the header is not there to read. */
gboolean tcpflow_header_wire(const tcpflow_header *hdr, packet_info *pinfo, tf_wire *w);

#endif /* TCPFLOW_INPUT_H */
