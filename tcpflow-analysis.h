/* tcpflow-analysis.h — TCP flow analysis: the life of every connection.
 *
 * Plain C with no Wireshark includes, so it can be unit-tested and fuzzed on
 * its own.  The caller feeds every real TCP segment once, in capture order
 * (tf_analyze), and may later look the result up again by frame number
 * (tf_find), as often and in whatever order it likes.  Each segment's
 * result is a record, named everywhere by its index (uint32_t rec, 0 for
 * none): the functions below take that index, never a record's address.
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

/* Flag tests repeated across the layers, by name (a SYN with RST set still
 * counts as a SYN here; callers that exclude RST say so). */
static inline bool tf_is_syn(uint16_t flags)    { return (flags & (TF_SYN | TF_ACK)) == TF_SYN; }
static inline bool tf_is_synack(uint16_t flags) { return (flags & (TF_SYN | TF_ACK)) == (TF_SYN | TF_ACK); }
static inline bool tf_is_ack_only(uint16_t flags)   /* ACK without SYN, FIN or RST */
{
    return (flags & (TF_ACK | TF_SYN | TF_FIN | TF_RST)) == TF_ACK;
}

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
    const uint8_t *options;  /* the TCP options as captured (read during tf_analyze only) */
    uint16_t options_len;
    uint8_t  ip_ecn;         /* the IP header's ECN field (TF_IP_*; 0 when not read) */
} tf_segment;

/* The ECN field of the IP header (RFC 3168 section 5). */
enum { TF_IP_NOT_ECT = 0, TF_IP_ECT1 = 1, TF_IP_ECT0 = 2, TF_IP_CE = 3 };

/* Window scale of a side, as its SYN showed it. */
enum { TF_WSCALE_UNKNOWN = -2, TF_WSCALE_NONE = -1 };

/* The two ends of a connection: the client sent the first SYN (or was
 * guessed to, see TF_R_ROLES_INFERRED).  Used as the index of every
 * per-side pair, [TF_CLIENT] and [TF_SERVER]. */
typedef enum tf_side {
    TF_CLIENT = 0,
    TF_SERVER = 1
} tf_side;

static inline tf_side tf_peer(tf_side side) { return side == TF_CLIENT ? TF_SERVER : TF_CLIENT; }

/* RFC 9293 connection states, as far as the capture shows them. */
typedef enum tf_state {
    TF_ST_CLOSED = 0, TF_ST_LISTEN, TF_ST_SYN_SENT, TF_ST_SYN_RECEIVED, TF_ST_ESTABLISHED,
    TF_ST_FIN_WAIT_1, TF_ST_FIN_WAIT_2, TF_ST_CLOSE_WAIT, TF_ST_CLOSING, TF_ST_LAST_ACK,
    TF_ST_TIME_WAIT
} tf_state;

/* When a RST came (tf_record.rst_phase). */
typedef enum tf_rst_phase {
    TF_RST_NONE = 0, TF_RST_HANDSHAKE, TF_RST_ESTABLISHED, TF_RST_CLOSING
} tf_rst_phase;

/* Bits of tf_record.bits */
enum {
    TF_R_ROLES_INFERRED = 0x0001,  /* no SYN seen: client/server were guessed */
    TF_R_HS_RETRANS     = 0x0002,  /* SYN or SYN+ACK sent again */
    TF_R_HS_EXPECTED    = 0x0004,  /* the ACK value expected is known (tf_hs_expected) */
    TF_R_HS_ACK_OK      = 0x0008,  /* the ACK field equals it */
    TF_R_HAS_DATA       = 0x0010,  /* new or resent payload (not a keep-alive or probe) */
    TF_R_NEW_ACK        = 0x0020,  /* acknowledges something not acknowledged before */
    TF_R_HS_COMPLETE    = 0x0040,  /* this segment completes the handshake */
    TF_R_SIM_OPEN       = 0x0080,  /* part of a simultaneous open */
    TF_R_SIM_CLOSE      = 0x0100,  /* a FIN crossing the peer's FIN */
    TF_R_FIN_RETRANS    = 0x0200,  /* a FIN sent again */
    TF_R_OUT_OF_ORDER   = 0x0400,  /* data filling a gap below data already seen */
    TF_R_KEEPALIVE      = 0x0800,  /* zero or one byte at next-1 */
    TF_R_ZERO_WIN_PROBE = 0x1000,  /* one byte at next while the peer's window is 0 */
    TF_R_RST_REFUSED    = 0x2000,  /* a RST answering a SYN */
    TF_R_UNTRACKED      = 0x4000,  /* dropped from a full pending queue: no ACK link */
    TF_R_SKIPPED        = 0x8000   /* a placeholder: the caller could not analyse the segment */
};

/* Bits of tf_record.marks */
enum {
    TF_M_AFTER_RST   = 0x01,  /* sent after a RST ended the connection (tf_extra.after_rst) */
    TF_M_AMBIGUOUS   = 0x02,  /* sent more than once before an ACK covered it: no time can be taken from it
                               * (Karn's rule, RFC 6298): a retransmission, or a segment resent later */
    TF_M_SPURIOUS    = 0x04,  /* data whose bytes were all acknowledged before it was sent */
    TF_M_ISN_CHANGED = 0x08,  /* a SYN+ACK with another ISN than the server's SYN+ACK before it */
    TF_M_RTT_FROM    = 0x10,  /* an ACK not timed from its newest link (tf_extra.rtt_from; 0: not timed) */
    TF_M_FIN         = 0x20,  /* it carries a FIN */
    TF_M_ACK_BEYOND  = 0x40   /* its ack lies further beyond anything seen sent than any window reaches: ignored */
};

/* What the analysis learned about one segment.  Frame links are record
 * indices (see tf_record_at); 0 means "none" since record 0 is never used. */
typedef struct tf_record {
    uint32_t frame;
    uint32_t stream;
    uint32_t ts_lo, ts_hi;   /* capture time in nanoseconds (tf_time): halves keep the record 4-aligned */
    uint32_t seq_rel;        /* data: first byte, relative (first data byte = 1) */
    uint32_t len;            /* data, keep-alive, zero-window probe: payload bytes */
    uint32_t acked_in;       /* data: record of the first ACK covering it */
    uint32_t links_first;    /* ack: index into the link table (see tf_links) */
    uint32_t acked_bytes;    /* ack: payload bytes newly acknowledged */
    uint16_t bits;           /* TF_R_* */
    uint8_t  sender : 1;     /* tf_side */
    uint8_t  rst_phase : 2;  /* tf_rst_phase */
    uint8_t  has_extra : 1;  /* tf_extra_of has an entry for it */
    uint8_t  unused : 4;
    uint8_t  hs_step;        /* 0, or handshake step 1..3 */
    uint8_t  td_steps;       /* teardown steps 1..4 as bits 0..3 */
    uint8_t  states;         /* tf_state of the client (low nibble) and server after it */
    uint8_t  hist_len;       /* length of the connection's history string so far */
    uint8_t  marks;          /* TF_M_* */
} tf_record;

/* Links and counts that only a few segments have: kept aside so that the
 * record every segment has stays small (44 bytes). */
typedef struct tf_extra {
    uint32_t rec;            /* the record it belongs to (entries are in record order) */
    uint32_t hs_expected;    /* handshake: the ACK value expected, when the segment carried another */
    uint32_t retrans_bytes;  /* data: bytes this direction had sent before */
    uint32_t original;       /* retransmission: record of the first transmission */
    uint32_t unseen_bytes;   /* ack: acknowledged bytes the capture never showed */
    uint32_t dup_count;      /* duplicate ACK number in its run, 0 if none */
    uint32_t dup_of;         /* duplicate ACK: the ACK it repeats */
    uint32_t rst_unacked[2]; /* RST: bytes each side (tf_side) had unacknowledged */
    uint32_t after_rst;      /* TF_M_AFTER_RST: the RST that ended the connection */
    uint32_t answers;        /* ack: the keep-alive, zero-window probe or spurious retransmission it answers */
    uint32_t rtt_from;       /* TF_M_RTT_FROM: the link the ACK is timed from, 0 when none may be */
    /* flow control (win_events) */
    uint32_t win_size;       /* the window it advertises, scaled (raw with TF_W_SCALE_UNKNOWN) */
    uint32_t win_previous;   /* TF_W_UPDATE, TF_W_SHRUNK: the sender's window before it */
    uint32_t win_in_flight;  /* TF_W_FULL: the sender's bytes not yet acknowledged, these included */
    uint32_t win_offered;    /* TF_W_FULL: the window the peer offered */
    uint32_t zero_since;     /* TF_W_REOPENED: the record whose zero window it reopens */
    uint32_t shrunk_by;      /* TF_W_SHRUNK: how far the window's right edge moved back */
    uint32_t full_since;     /* TF_W_RELIEVED: the peer's data that filled this sender's window first */
    /* loss and recovery */
    uint32_t gap;            /* bytes never seen just before it (TF_L_GAP_ACKED: acknowledged before) */
    uint32_t gap_filled_in;  /* gap: the first later record carrying some of those bytes */
    uint32_t fills_gap_of;   /* it carries bytes of the gap that this record opened */
    uint32_t previous;       /* retransmission: the previous copy of its first byte */
    uint32_t trigger;        /* TF_RS_FAST: the ACK the duplicates repeat; TF_RS_SACK: the ACK with the SACK */
    uint16_t dup_acks;       /* TF_RS_FAST: how many duplicates of that ACK came before it */
    uint8_t  copy;           /* retransmission: which transmission of its first byte (2: the first resend) */
    uint8_t  resend;         /* tf_resend */
    uint32_t sack_held;      /* ack with SACK: bytes above its ack the receiver reports holding ... */
    uint32_t sack_missing;   /* ... and bytes still missing below the highest of them */
    uint32_t sack_first;     /* the segments holding the lowest and the highest bytes reported */
    uint32_t sack_last;
    uint32_t sack_hole;      /* the segment that carried the first missing byte (the ack's) */
    uint32_t dsack_of;       /* TF_L_DSACK: the copy the receiver reports it got twice */
    uint32_t dsack_in;       /* a copy a later D-SACK reported as received twice: that ACK */
    uint8_t  win_events;     /* TF_W_* */
    uint8_t  loss_flags;     /* TF_L_* */
    uint8_t  timing;         /* TF_T_*: its links and times are in tf_pace_of */
    uint8_t  ecn;            /* TF_E_*: likewise */
} tf_extra;

/* What the timing and ECN rules link and measure (tf_pace_of): fewer
 * segments have them than have an extra entry, so they are kept in a table
 * of their own, and the extra entry every such segment has stays small. */
typedef struct tf_pace_note {
    uint32_t rec;            /* the record it belongs to (entries are in record order) */
    uint32_t delack_base;    /* TF_T_DELAYED_ACK: the quickest round trip of the data's direction before it (ns) */
    uint32_t nagle_after;    /* TF_T_NAGLE: the small segment whose ACK it waited for ... */
    uint32_t nagle_ack;      /* ... and the delayed ACK that let it go */
    uint32_t idle_since;     /* TF_T_IDLE: the segment before it, after which nothing was outstanding either way */
    uint32_t ecn_link;       /* TF_E_ECE: the first CE-marked segment since the last echo; TF_E_ECE_MORE: the run's
                              * first ECE */
    uint32_t cwr_of;         /* TF_E_CWR: the first ECE of the run it answers */
    uint8_t  ace, ace_delta; /* TF_E_ACE: the ACE counter (AE, CWR, ECE as a number) and how far it moved, mod 8 */
    uint8_t  ecn_setup;      /* TF_E_SETUP: tf_ecn_setup */
} tf_pace_note;

/* When the segment came (tf_extra.timing). */
enum {
    TF_T_DELAYED_ACK = 0x01,  /* a pure ACK of one lone segment, later than the quickest round trip by at least
                               * TF_DELACK_MIN_NS: the receiver's delayed-ACK timer (RFC 1122 4.2.3.2, RFC 9293) */
    TF_T_NAGLE       = 0x02,  /* a small segment sent as soon as the delayed ACK of the small one before it came:
                               * Nagle's algorithm held it back (RFC 896, RFC 1122 4.2.3.4) */
    TF_T_IDLE        = 0x04   /* the first segment after at least TF_IDLE_NS with nothing outstanding either way */
};

/* A delayed ACK is held at least this much beyond the round trip (Linux's
 * timer is 40 ms, Windows' 200 ms), and at most 500 ms (RFC 1122). */
#define TF_DELACK_MIN_NS 30000000LL
#define TF_DELACK_MAX_NS 500000000LL
/* Quiet this long, with nothing outstanding either way: the applications were idle. */
#define TF_IDLE_NS       200000000LL

/* What a SYN or SYN+ACK says about ECN (tf_pace_note.ecn_setup, with TF_E_SETUP). */
typedef enum tf_ecn_setup {
    TF_ES_NONE = 0,
    TF_ES_ASK,                /* a SYN with ECE and CWR: asks for ECN (RFC 3168) */
    TF_ES_ASK_ACCECN,         /* a SYN with AE, CWR and ECE: asks for Accurate ECN (RFC 9768) */
    TF_ES_AGREE,              /* a SYN+ACK with ECE alone: ECN on */
    TF_ES_AGREE_ACCECN,       /* a SYN+ACK answering an AccECN SYN with AccECN's codepoints: Accurate ECN on */
    TF_ES_DECLINE,            /* a SYN+ACK answering a SYN that asked, without agreeing: no ECN */
    TF_ES_COUNT
} tf_ecn_setup;

/* ECN signals (tf_extra.ecn). */
enum {
    TF_E_CE       = 0x01,     /* a router marked it Congestion Experienced (the IP header's ECN field is 3) */
    TF_E_ECE      = 0x02,     /* the first ECE of a run: the receiver echoes a CE mark (RFC 3168 6.1.3) */
    TF_E_ECE_MORE = 0x04,     /* ECE again, until the sender's CWR */
    TF_E_CWR      = 0x08,     /* the sender reduced its congestion window, answering ECE */
    TF_E_ACE      = 0x10,     /* Accurate ECN: the ACE counter moved, more CE marks arrived (RFC 9768) */
    TF_E_SETUP    = 0x20      /* a SYN or SYN+ACK that says something about ECN (tf_pace_note.ecn_setup) */
};

/* What a segment's window field says (tf_extra.win_events). */
enum {
    TF_W_ZERO          = 0x01,  /* it advertises a zero window: the peer must stop sending */
    TF_W_UPDATE        = 0x02,  /* nothing new but its window, which changed */
    TF_W_REOPENED      = 0x04,  /* the first window above zero after a zero window (tf_extra.zero_since) */
    TF_W_FULL          = 0x08,  /* its data ends at the right edge of the window the peer offered */
    TF_W_SHRUNK        = 0x10,  /* its window's right edge moved back (RFC 9293 discourages it) */
    TF_W_SCALE_UNKNOWN = 0x20,  /* the window scale is unknown: sizes are the raw field */
    TF_W_RELIEVED      = 0x40   /* the first ACK after a full window that lets the peer send new data */
};

/* Loss facts (tf_extra.loss_flags). */
enum {
    TF_L_GAP_ACKED = 0x01,      /* the gap's bytes were acknowledged before it: the receiver had them */
    TF_L_DSACK     = 0x02       /* its first SACK block reports bytes received twice (RFC 2883) */
};

/* Why a segment was sent again (tf_extra.resend), the first that applies. */
typedef enum tf_resend {
    TF_RS_NONE = 0,
    TF_RS_FAST,                 /* at the peer's ack after 3 duplicate ACKs of it (RFC 5681) */
    TF_RS_TIMEOUT,              /* nothing prompted it: the retransmission timer (RFC 6298) */
    TF_RS_SACK,                 /* the peer's SACK showed data above it arrived (RFC 6675, RFC 8985) */
    TF_RS_TLP,                  /* the tail resent soon, unprompted: a tail-loss probe (RFC 8985) */
    TF_RS_SPURIOUS,             /* all of it acknowledged before it was sent */
    TF_RS_RECOVERY,             /* at the peer's ack during fast recovery: a partial ACK (RFC 6582) */
    TF_RS_COUNT
} tf_resend;

/* Below this, resending the last segment sent is taken for a tail-loss
 * probe rather than a timeout: Linux's minimum retransmission timeout. */
#define TF_TLP_MAX_NS 200000000LL

/* Per-connection handshake facts, shared by the records of one stream. */
typedef struct tf_handshake {
    bool     client_isn_known, server_isn_known;
    bool     simultaneous;   /* both sides sent a SYN */
    uint32_t client_isn, server_isn;
    uint32_t syn, synack;    /* records of the first SYN and SYN+ACK (with the server's ISN) */
    uint32_t ack;            /* record that completed the handshake */
    uint32_t syn_last;       /* the newest SYN before the SYN+ACK: the one it answers (times count from it) */
    uint32_t synack_last;    /* the newest SYN+ACK before the completing ACK */
    uint32_t restarted_in;   /* a SYN+ACK with a new ISN that carried this handshake on in another stream */
} tf_handshake;

/* Per-connection teardown facts, per side (tf_side). */
typedef struct tf_teardown {
    bool     started;        /* a FIN was sent ... */
    uint8_t  initiator;      /* ... first by this tf_side */
    uint32_t fin[2];         /* first FIN of each side */
    uint32_t ack[2];         /* first ACK covering each side's FIN */
} tf_teardown;

/* tcpdump's relative numbering for one segment (its print-tcp.c rules): the
 * amounts to subtract from the seq and ack fields, and from SACK edges. */
typedef struct tf_tcpdump_rel {
    uint32_t seq_sub, ack_sub, sack_sub;
} tf_tcpdump_rel;

typedef struct tf_ctx tf_ctx;

tf_ctx *tf_new(void);
void    tf_free(tf_ctx *ctx);

/* Analyses one segment; returns its record index (> 0), or 0 when the
 * segment arrives out of frame order and is therefore refused. */
uint32_t tf_analyze(tf_ctx *ctx, const tf_segment *seg);

/* Records a segment the caller cannot analyse (no stream known), so that
 * record k of a frame stays the k-th segment of it; returns its index. */
uint32_t tf_skip(tf_ctx *ctx, uint32_t frame);

/* The frame of the newest record (0 before the first). */
uint32_t tf_last_frame(const tf_ctx *ctx);

/* One connection (stream) as a whole, as far as the capture has been read. */
typedef struct tf_conn_info {
    uint32_t    stream;
    uint32_t    first_frame, last_frame;
    int64_t     first_ns, last_ns;
    uint8_t     addr_len;
    uint8_t     client_addr[16], server_addr[16];
    uint16_t    client_port, server_port;
    bool        roles_inferred;
    uint8_t     client_state, server_state;   /* tf_state */
    uint32_t    segments[2];   /* sent by each side (tf_side) */
    uint64_t    bytes[2];      /* payload bytes they carried, retransmissions included */
    uint32_t    unacked[2];    /* payload bytes sent and not (yet) acknowledged */
    int64_t     hs_rtt_ns;     /* the SYN the SYN+ACK answers to the completing ACK; -1 without one (or
                                * when the clock runs backwards) */
    bool        teardown_started;     /* a FIN was sent ... */
    uint8_t     teardown_initiator;   /* ... first by this tf_side */
    char        history[13];   /* Zeek's history letters */
    const char *conn_state;    /* Zeek's conn_state code: S0 S1 SF REJ S2 S3 RSTO RSTR RSTOS0 RSTRH SH SHR OTH */
} tf_conn_info;

/* Fills *out for a stream; false when no segment of it was analysed. */
bool tf_conn_info_of(const tf_ctx *ctx, uint32_t stream, tf_conn_info *out);

/* How a connection ended, or had got so far. */
typedef enum tf_outcome {
    TF_OUT_NEVER_ANSWERED = 0,  /* a SYN, no answer */
    TF_OUT_REFUSED,             /* a SYN answered by a RST */
    TF_OUT_RST_HANDSHAKE,       /* reset before the handshake completed */
    TF_OUT_RST_ESTABLISHED,
    TF_OUT_RST_CLOSING,         /* reset after a FIN */
    TF_OUT_CLOSED_BY_CLIENT,    /* both FINs, the client's first */
    TF_OUT_CLOSED_BY_SERVER,
    TF_OUT_OPEN,                /* none of the above: still open */
    TF_OUT_COUNT
} tf_outcome;

tf_outcome tf_conn_outcome(const tf_conn_info *info);

/* Where a connection's time went.  Every interval between two of its
 * segments goes to one part, read from how the earlier segment left the
 * connection and what the later one is (docs/RULES.md, "Where the time
 * went"), so that the parts add up to its duration. */
typedef enum tf_part {
    TF_PART_HANDSHAKE = 0,    /* from its first segment until the handshake completes */
    TF_PART_SENDING,          /* data in flight with the window open: the network path is the limit */
    TF_PART_RECEIVER,         /* a zero or full window: the receiver's application is the limit */
    TF_PART_FAST,             /* fast recovery: from a loss seen (a gap, 3 duplicate ACKs, a resend) to its repair */
    TF_PART_TIMEOUT,          /* waiting for the retransmission timer, and the recovery after it */
    TF_PART_STALL,            /* the wait before a delayed ACK, or before a segment Nagle held back */
    TF_PART_IDLE,             /* nothing outstanding either way: the applications' time */
    TF_PART_TEARDOWN,         /* after the last data: from the first FIN (or a RST) to the last segment */
    TF_PART_COUNT
} tf_part;

/* What limited a connection most: the largest part (fast recovery and
 * timeouts together as loss). */
typedef enum tf_verdict {
    TF_V_NONE = 0,            /* too short to tell: no time between its segments */
    TF_V_HANDSHAKE, TF_V_NETWORK, TF_V_RECEIVER, TF_V_LOSS, TF_V_STALLS, TF_V_IDLE, TF_V_TEARDOWN,
    TF_V_COUNT
} tf_verdict;

typedef struct tf_times {
    int64_t  part[TF_PART_COUNT][2]; /* ns, by the side whose data it concerns (client's data: [TF_CLIENT]);
                                      * handshake, idle and teardown concern both, in [TF_CLIENT] */
    int64_t  duration;       /* first to last segment, ns (the parts' sum, unless the clock ran backwards) */
    int64_t  open_after;     /* a connection still open: from its last segment to the capture's last; else -1 */
    int64_t  srtt[2];        /* smoothed round trip of each side's data (RFC 6298), ns; -1 without a sample */
    uint64_t bytes[2];       /* payload each side carried, retransmissions included */
    uint64_t retrans_bytes[2];  /* payload each side sent again */
    uint32_t timeouts[2];    /* retransmission timeouts of each side's data */
    uint32_t recoveries[2];  /* fast recoveries of each side's data */
    uint8_t  verdict;        /* tf_verdict */
    uint8_t  verdict_side;   /* tf_side: whose data the verdict's part concerns most */
} tf_times;

/* The sum of a part over both sides. */
static inline int64_t tf_part_total(const tf_times *t, tf_part part)
{
    return t->part[part][TF_CLIENT] + t->part[part][TF_SERVER];
}

/* Where the time of the newest connection of a stream went, so far. */
bool tf_times_of(const tf_ctx *ctx, uint32_t stream, tf_times *out);

/* The same for the connection whose last segment, so far, record rec is
 * (false when it is not its connection's last). */
bool tf_times_at_end(const tf_ctx *ctx, uint32_t rec, tf_times *out);

/* The verdict of a connection's parts, and the side it concerns. */
tf_verdict tf_verdict_of(const tf_times *t, tf_side *side);

/* The time of the parts a verdict stands for. */
int64_t tf_verdict_ns(const tf_times *t, tf_verdict v);

/* Whether a verdict concerns one side's data (else verdict_side means nothing). */
static inline bool tf_verdict_has_side(tf_verdict v)
{
    return v == TF_V_NETWORK || v == TF_V_RECEIVER || v == TF_V_LOSS || v == TF_V_STALLS;
}

/* A verdict as one word, for tables: none handshake network receiver loss
 * stalls idle teardown. */
const char *tf_verdict_code(tf_verdict v);

/* Every analysed stream index is below this. */
uint32_t tf_stream_limit(const tf_ctx *ctx);

/* Record of the k-th segment analysed in a frame (0 when there is none).
 * hint, when not 0, is a guess at the frame's first record: the one after
 * the last found, for a reader going through the frames in order, saves
 * the search. */
uint32_t tf_find(const tf_ctx *ctx, uint32_t frame, unsigned k, uint32_t hint);

/* Record rec's fields (NULL for 0 or an index not made yet).  The pointer
 * stays valid until the next tf_analyze or tf_skip; the functions below
 * take the index, and answer "nothing" (an empty handshake, no links ...)
 * for 0 or a record tf_skip made. */
const tf_record    *tf_record_at(const tf_ctx *ctx, uint32_t rec);
const tf_handshake *tf_handshake_of(const tf_ctx *ctx, uint32_t rec);
const tf_teardown  *tf_teardown_of(const tf_ctx *ctx, uint32_t rec);
const tf_extra     *tf_extra_of(const tf_ctx *ctx, uint32_t rec);   /* never NULL */
const tf_pace_note *tf_pace_of(const tf_ctx *ctx, uint32_t rec);    /* never NULL */

/* The ACK value handshake step rec should carry (with TF_R_HS_EXPECTED),
 * given the one its segment carried: that one when right, else the one kept aside. */
uint32_t tf_hs_expected(const tf_ctx *ctx, uint32_t rec, uint32_t ack);

/* tcpdump's collating order for an address/port pair (print-tcp.c): a
 * segment runs against it when its source port is the higher one, or the
 * ports are equal and its source address the higher. */
bool tf_tcpdump_reversed(uint16_t src_port, uint16_t dst_port, const uint8_t *src, const uint8_t *dst,
                         size_t addr_len);

/* How tcpdump would number the seq, ack and SACK fields of rec; `rev` as
 * tf_tcpdump_reversed says. */
tf_tcpdump_rel tf_tcpdump_numbers(const tf_ctx *ctx, uint32_t rec, uint16_t flags, bool rev);

/* The window scale shift that applies to rec's window field, or a TF_WSCALE_* value. */
int tf_window_shift(const tf_ctx *ctx, uint32_t rec, uint16_t flags);

/* The connection's history (Zeek's letters) as it stood after rec; not NUL-terminated. */
const char *tf_history(const tf_ctx *ctx, uint32_t rec);

/* Judgements that need the whole capture: only meaningful once every frame was analysed. */
bool tf_handshake_incomplete(const tf_ctx *ctx, uint32_t rec);     /* a SYN */

/* The duplicate ACKs a fast retransmission followed (TF_RS_FAST), oldest
 * first, at most max of them into out; returns how many. */
uint32_t tf_dup_acks(const tf_ctx *ctx, uint32_t rec, uint32_t *out, uint32_t max);

/* A timeout retransmission whose previous copy was one too: the ratio of
 * their intervals (2: the timer doubled); false when there is none. */
bool tf_backoff(const tf_ctx *ctx, uint32_t rec, double *ratio);

/* A delayed ACK (TF_T_DELAYED_ACK): the time since the segment it
 * acknowledges, and how much of it exceeds the quickest round trip. */
bool tf_ack_held(const tf_ctx *ctx, uint32_t rec, int64_t *delay, int64_t *held);

/* Records newly acknowledged by rec, in frame order; *count gets their number. */
const uint32_t *tf_links(const tf_ctx *ctx, uint32_t rec, uint32_t *count);

/* The newest record rec acknowledges, 0 if none. */
uint32_t tf_newest_link(const tf_ctx *ctx, uint32_t rec);

/* The record rec's round-trip time is taken from (Karn's rule: the newest
 * one it covers that was sent only once), 0 if none. */
uint32_t tf_rtt_link(const tf_ctx *ctx, uint32_t rec);

/* Whether data rec has a time to its ACK: acknowledged, sent once, and the
 * clock not running backwards. */
bool tf_ack_delay(const tf_ctx *ctx, uint32_t rec, int64_t *ns);

/* What a record's own fields say: these read nothing around it, so they
 * take the record (a copy will do). */
static inline int64_t tf_time(const tf_record *r) { return (int64_t)((uint64_t)r->ts_hi << 32 | r->ts_lo); }

/* The time from one record to a later one in *ns; false (and no time) when
 * either is missing or the capture's clock runs backwards between them. */
static inline bool tf_elapsed(const tf_record *from, const tf_record *to, int64_t *ns)
{
    if (!from || !to || tf_time(to) < tf_time(from))
        return false;
    *ns = tf_time(to) - tf_time(from);
    return true;
}

/* Karn's rule for data: sent only once before its ACK, so the ACK can be timed from it. */
static inline bool tf_ack_timed(const tf_record *r) { return !(r->marks & TF_M_AMBIGUOUS); }

/* Data no ACK in the capture covers (meaningful once every frame was analysed). */
static inline bool tf_never_acked(const tf_record *r)
{
    return (r->bits & TF_R_HAS_DATA) && !r->acked_in && !(r->bits & TF_R_UNTRACKED) && !r->rst_phase &&
           !(r->marks & (TF_M_SPURIOUS | TF_M_AFTER_RST));
}
static inline uint32_t tf_next_rel(const tf_record *r) { return r->seq_rel + r->len; }
static inline tf_state tf_client_state(const tf_record *r) { return (tf_state)(r->states & 0x0f); }
static inline tf_state tf_server_state(const tf_record *r) { return (tf_state)(r->states >> 4); }
static inline bool tf_teardown_step(const tf_record *r, unsigned step) { return r->td_steps & (1u << (step - 1)); }

#endif /* TCPFLOW_ANALYSIS_H */
