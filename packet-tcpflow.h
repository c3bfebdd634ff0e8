/* packet-tcpflow.h — what the dissector shares with its statistics.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PACKET_TCPFLOW_H
#define PACKET_TCPFLOW_H

#include "tcpflow-analysis.h"
#include "tcpflow-input.h"
#include "tcpflow-text.h"

/* The open capture's analysis; NULL between captures. */
tf_ctx *tcpflow_analysis(void);

/* The language the preferences chose for tcpflow's words. */
tf_lang tcpflow_language(void);

/* The "tcpflow" tap: one tcpflow_tap_data per analysed segment. */
#define TCPFLOW_TAP "tcpflow"
typedef struct tcpflow_tap_data {
    guint32 rec;                 /* record index in tcpflow_analysis() */
    const tcpflow_header *hdr;   /* the segment's header: valid only while the tap's listeners run */
} tcpflow_tap_data;

/* Statistics: the stats tree (-z tcpflow,tree) and the connection table
 * (-z tcpflow,conn).  Registered from the plugin's tap entry point. */
void tcpflow_register_stats(void);

#endif
