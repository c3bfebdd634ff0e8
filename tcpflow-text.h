/* tcpflow-text.h — the words tcpflow puts on a segment (plain C, no epan).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TCPFLOW_TEXT_H
#define TCPFLOW_TEXT_H

#include <stddef.h>

#include "tcpflow-analysis.h"

/* Writes a one-line summary of record `rec` ("handshake 1/3 (SYN)",
 * "data 7 bytes, acked in #5", "ACK of #4 (7 bytes)") into buf; returns buf. */
char *tf_summary(const tf_ctx *ctx, uint32_t rec, char *buf, size_t size);

#endif /* TCPFLOW_TEXT_H */
