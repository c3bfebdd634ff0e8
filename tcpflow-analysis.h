/* tcpflow-analysis.h — TCP flow analysis: handshake steps and data/ACK pairing.
 *
 * Plain C with no Wireshark includes, so it can be unit-tested and fuzzed on
 * its own.  The caller feeds every real TCP segment once, in capture order
 * (tf_analyze), and may later look the result up again by frame number
 * (tf_find), as often and in whatever order it likes.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TCPFLOW_ANALYSIS_H
#define TCPFLOW_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* TCP header flag bits, as in the 12-bit flags field. */
enum {
    TF_FIN = 0x001, TF_SYN = 0x002, TF_RST = 0x004, TF_PSH = 0x008,
    TF_ACK = 0x010, TF_URG = 0x020, TF_ECE = 0x040, TF_CWR = 0x080,
    TF_AE  = 0x100
};

/* One TCP segment as read from the capture. */
typedef struct tf_segment {
    uint32_t frame;          /* frame number, 1-based, non-decreasing */
    int64_t  ts_ns;          /* capture time in nanoseconds */
    uint32_t stream;         /* the dissector's stream index (tcp.stream) */
    uint8_t  addr_len;       /* 4 or 16 (0: addresses unknown) */
    uint8_t  src_addr[16];
    uint8_t  dst_addr[16];
    uint16_t src_port;
    uint16_t dst_port;
    uint32_t seq;
    uint32_t ack;
    uint16_t flags;          /* TF_* bits */
    uint16_t window;         /* raw, unscaled */
    uint32_t payload_len;
} tf_segment;

typedef enum tf_direction {
    TF_DIR_UNKNOWN = 0,
    TF_DIR_TO_SERVER = 1,    /* client -> server */
    TF_DIR_TO_CLIENT = 2     /* server -> client */
} tf_direction;

/* Bits of tf_record.bits */
enum {
    TF_R_ROLES_INFERRED = 0x01,  /* no SYN seen: client/server were guessed */
    TF_R_HS_RETRANS     = 0x02,  /* SYN or SYN+ACK sent again */
    TF_R_HS_EXPECTED    = 0x04,  /* hs_expected is known */
    TF_R_HS_ACK_OK      = 0x08,  /* the ACK field equals hs_expected */
    TF_R_HAS_DATA       = 0x10,  /* payload_len > 0 */
    TF_R_NEW_ACK        = 0x20   /* acknowledges something not acknowledged before */
};

/* What the analysis learned about one segment.  Frame links are record
 * indices (see tf_record_at); 0 means "none" since record 0 is never used. */
typedef struct tf_record {
    uint32_t frame;
    uint32_t stream;
    int64_t  ts_ns;
    uint32_t seq_rel;        /* data: first byte, relative (first data byte = 1) */
    uint32_t len;            /* data: payload bytes */
    uint32_t retrans_bytes;  /* data: bytes this direction had sent before */
    uint32_t acked_in;       /* data: record of the first ACK covering it */
    uint32_t links_first;    /* ack: index into the link table */
    uint32_t links_count;    /* ack: number of records newly covered */
    uint32_t acked_bytes;    /* ack: payload bytes newly acknowledged */
    uint32_t unseen_bytes;   /* ack: acknowledged bytes the capture never showed */
    uint32_t hs_expected;    /* handshake: the ACK value step 2/3 should carry */
    uint8_t  dir;            /* tf_direction */
    uint8_t  hs_step;        /* 0, or handshake step 1..3 */
    uint8_t  bits;           /* TF_R_* */
} tf_record;

/* Per-connection handshake facts, shared by the records of one stream. */
typedef struct tf_handshake {
    bool     client_isn_known, server_isn_known;
    uint32_t client_isn, server_isn;
    uint32_t syn, synack, ack;   /* records of the first SYN, SYN+ACK, completing ACK */
} tf_handshake;

typedef struct tf_ctx tf_ctx;

tf_ctx *tf_new(void);
void    tf_free(tf_ctx *ctx);

/* Analyses one segment; returns its record index (> 0), or 0 when the
 * segment arrives out of frame order and is therefore refused. */
uint32_t tf_analyze(tf_ctx *ctx, const tf_segment *seg);

/* Record of the k-th segment analysed in a frame (0 when there is none). */
uint32_t tf_find(const tf_ctx *ctx, uint32_t frame, unsigned k);

const tf_record    *tf_record_at(const tf_ctx *ctx, uint32_t rec);
const tf_handshake *tf_handshake_of(const tf_ctx *ctx, const tf_record *r);

/* Records newly acknowledged by r, in frame order. */
const uint32_t *tf_links(const tf_ctx *ctx, const tf_record *r);

/* The newest record r acknowledges (its RTT reference), 0 if none. */
uint32_t tf_newest_link(const tf_ctx *ctx, const tf_record *r);

static inline uint32_t tf_next_rel(const tf_record *r) { return r->seq_rel + r->len; }

#endif /* TCPFLOW_ANALYSIS_H */
