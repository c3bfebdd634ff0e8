/* tcpflow-tree.h — what tcpflow shows for a segment: the "tcpflow" subtree,
 * its expert infos and the Info column summary.
 *
 * Registers every field, subtree and expert info (tcpflow_tree_register),
 * then fills the tree of each frame from the analysis.  A tree nobody looks
 * at gets only the fields a filter, column or -e asks for ("flat" trees,
 * see tcpflow-tree.c): that is what keeps tshark -Y and -T fields cheap.
 *
 * Reads the analysis, calls the words (tcpflow-text.h) and takes the
 * packet's facts from the segment reader (tcpflow_header_wire); packet-tcpflow.c
 * calls it.  Between tcpflow_tree_begin and the end of the frame it keeps
 * the frame's analysis, preferences and flat-tree choice in statics: epan
 * dissects one frame at a time.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TCPFLOW_TREE_H
#define TCPFLOW_TREE_H

#include <epan/packet.h>

#include "tcpflow-analysis.h"
#include "tcpflow-input.h"
#include "tcpflow-text.h"

/* The preferences that change what is shown. */
typedef struct tcpflow_view {
    gboolean info_summary;   /* the summary goes in the Info column */
    tf_lang  lang;
    gboolean tcp_labels;     /* Wireshark's TCP analysis is on: it gives its own expert labels */
} tcpflow_view;

/* Registers the fields, subtrees and expert infos of protocol `proto`. */
void tcpflow_tree_register(int proto);

/* Starts a frame: the tree to add tcpflow's items to, or NULL when nobody
 * can see them (then only expert infos are reported, to an expert tap). */
proto_tree *tcpflow_tree_begin(proto_tree *tree, const tf_ctx *ctx, const tcpflow_view *view);

/* Shows record rec, read from header hdr. */
void tcpflow_tree_show(proto_tree *tree, packet_info *pinfo, tvbuff_t *tvb, const tcpflow_header *hdr, guint32 rec);

/* Says why a TCP header was not analysed (and gives an unanalysed first
 * fragment its tcpdump line, as tcpdump prints one). */
void tcpflow_tree_not_analysed(proto_tree *tree, packet_info *pinfo, tvbuff_t *tvb, const tcpflow_header *hdr);

#endif /* TCPFLOW_TREE_H */
