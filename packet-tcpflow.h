/* packet-tcpflow.h — what the dissector shares with its statistics.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PACKET_TCPFLOW_H
#define PACKET_TCPFLOW_H

#include "tcpflow-analysis.h"

/* The open capture's analysis; NULL between captures. */
tf_ctx *tcpflow_analysis(void);

/* The "tcpflow" tap: one tcpflow_tap_data per analysed segment. */
#define TCPFLOW_TAP "tcpflow"
typedef struct tcpflow_tap_data {
    guint32 rec;             /* record index in tcpflow_analysis() */
} tcpflow_tap_data;

/* Statistics: the stats tree (-z tcpflow,tree) and the connection table
 * (-z tcpflow,conn).  Registered from the plugin's tap entry point. */
void tcpflow_register_stats(void);

#endif
