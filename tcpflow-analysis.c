/* tcpflow-analysis.c — TCP flow analysis: the life of every connection.
 *
 * Sequence numbers are turned into 64-bit positions relative to a base per
 * direction (the ISN, or one less than the first number seen), so wrapping
 * through 2^32 and transfers beyond 4 GiB compare correctly.
 *
 * Every segment that occupies sequence space (data, SYN, FIN) waits in its
 * direction's pending queue until an ACK from the peer covers its end.  New
 * data always ends beyond everything sent before, so those segments form a
 * FIFO ordered by end; retransmitted and out-of-order segments end inside
 * what was sent already and wait in a short side list instead.  An ACK thus
 * costs O(segments it covers + side list), never O(backlog).
 *
 * Endpoint states follow RFC 9293 as seen from the capture point: a segment
 * on the wire is taken as sent by one endpoint and received by the other at
 * that moment.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tcpflow-analysis.h"
#include "tcpflow-wire.h"

#include <stddef.h>
#include <string.h>

#include <glib.h>

/* Bounds on what one direction keeps while waiting for ACKs: a one-sided
 * capture must not make memory grow without bound.  When full, the oldest
 * entry is dropped and its segment is marked TF_R_UNTRACKED. */
#define TF_MAX_FIFO   65536u
#define TF_MAX_SIDE   1024u
#define TF_MAX_HOLES  16u      /* gaps remembered to tell out-of-order from resent data */
#define TF_MAX_SPURIOUS 4096u  /* spurious copies remembered for the D-SACKs that name them: a timeout
                                * after lost ACKs resends a whole window of them at once */
#define TF_RECENT     16u      /* acknowledged segments remembered to link retransmissions */
#define TF_SPARE      64u      /* closed directions' buffers kept for new connections */
#define TF_SPARE_CAP  64u      /* ... when their queues are no longer than this */
#define TF_TCPDUMP    4u       /* tcpdump numbering bases remembered per connection */
#define TF_MAX_WINDOW (1LL << 30)   /* the largest window TCP can offer (RFC 7323, section 2.3) */
#define TF_HALF_OPEN  256u     /* handshakes remembered by address/port pair (direct-mapped) */
#define TF_MAX_RESTARTS 64u    /* connections kept apart per stream; beyond, the newest restarts in place */

typedef struct tf_pending {
    int64_t  start, end;     /* positions the segment occupies */
    uint32_t rec;
} tf_pending;

typedef struct tf_queue {    /* ring buffer when used as the FIFO */
    tf_pending *v;
    uint32_t head, count, cap;
} tf_queue;

/* One SACK block, as positions of the sender's bytes. */
typedef struct tf_block {
    int64_t left, right;
} tf_block;

#define TF_MAX_BLOCKS 4u         /* 40 option bytes hold at most four blocks (RFC 2018) */
#define TF_SCOREBOARD 8u         /* SACKed ranges remembered per direction; beyond, the lowest is dropped */

typedef struct tf_hole {
    int64_t  start, end;
    uint32_t rec;            /* the segment that showed the gap */
} tf_hole;

/* What a direction keeps while its data waits for ACKs: taken with its
 * first pending segment and released when the connection has closed, so
 * that the many closed connections of a capture keep only their sequence
 * state (flow_release keeps a few released ones for new connections). */
typedef struct tf_buffers {
    tf_queue fifo;
    tf_queue side;
    tf_hole *holes;          /* TF_MAX_HOLES of them, allocated at the first gap */
    uint32_t nholes;
    uint32_t nrecent;
    tf_pending *recent;      /* a ring of TF_RECENT, allocated at the first ACK */
    tf_block sacked[TF_SCOREBOARD];   /* what the peer reported holding above its ack (RFC 6675's
                                       * scoreboard: Linux lists only the newest blocks), by left edge */
    uint32_t nsacked;
    uint32_t sack_rec;       /* the newest ACK with a SACK block above its ack */
    int64_t  recover;        /* fast recovery lasts until the peer acknowledges this (RFC 6582) */
    tf_queue spurious;       /* spurious copies, which wait for no ACK: the D-SACKs name them (a ring) */
} tf_buffers;

typedef struct tf_flow {     /* what one endpoint has sent, and the ACKs it sent */
    int64_t  first;          /* start of the first segment seen */
    int64_t  next;           /* highest position known to have been sent */
    int64_t  acked;          /* highest position the peer acknowledged */
    int64_t  seen_end;       /* highest position its own segments were seen to reach */
    tf_buffers *buf;         /* NULL until needed and once closed */
    uint32_t base;           /* sequence number of position 0 */
    uint32_t last_ack;
    uint32_t fin_seq;        /* sequence number of its FIN (a position by fin_pos()) */
    uint32_t dup_of;
    uint32_t win;            /* the window it last advertised, scaled */
    uint32_t zero_rec;       /* the segment its window closed with, while it stays closed */
    uint32_t full_rec;       /* its first segment that filled the peer's window, until the peer makes room */
    uint16_t last_win, dup_count;
    bool     seen : 1;       /* a segment from it was analysed */
    bool     base_known : 1;
    bool     acked_known : 1;
    bool     syn_seen : 1;   /* position 0 is its SYN */
    bool     fin_seen : 1;
    bool     ack_sent : 1;   /* last_ack/last_win are set */
    bool     win_known : 1;  /* win is set and its scale known */
    bool     win_syn : 1;    /* win is a SYN's, never scaled: no window to compare the next with */
} tf_flow;                   /* 80 bytes: a connection has two */

/* Zeek's history letters, each at its first occurrence (bit i of mask for
 * letters[i] from the client, i + 6 from the server). */
typedef struct tf_letters {
    uint16_t mask;
    uint8_t  len;
    char     v[12];
} tf_letters;

/* tcpdump's per-connection numbering state, from the segment that set it. */
typedef struct tf_tcpdump_base {
    uint32_t rec;            /* first record numbered with it */
    uint32_t seq, ack;       /* tcpdump's th->seq and th->ack */
} tf_tcpdump_base;

/* What the timing and ECN rules keep of a connection (reset with it). */
typedef struct tf_pace {
    uint32_t rtt_min[2];     /* the quickest round trip of each side's segments so far, ns + 1 (0: none yet) */
    uint32_t last;           /* the connection's newest record since it started */
    uint32_t delack;         /* the newest record, when it is a delayed ACK: the next segment may be Nagle's */
    uint32_t ce[2];          /* each side's first CE-marked segment not yet echoed */
    uint32_t ece[2];         /* the first ECE of each side's current run, until the peer's CWR */
    uint32_t ended[2];       /* ... and of its run the peer's CWR ended: ECEs sent before the CWR arrived */
    int64_t  cwr_at[2];      /* where each side's CWR segment starts (a position of its bytes) */
    uint16_t mss[2];         /* the MSS each side's SYN offered, 0 when unknown */
    uint8_t  ecn;            /* tf_ecn_mode */
    uint8_t  ace[2];         /* Accurate ECN: each side's last ACE value + 1 (0: none yet) */
} tf_pace;

/* Where the connection's time went so far (tf_times): each interval
 * between two of its segments goes to one part.  Like the first record
 * and the counts, it goes on over the connections of a stream.  Taken at
 * the connection's first interval or round trip, so that a lone SYN (a
 * scan, a flood) costs a pointer, not the clock. */
typedef struct tf_clock {
    int64_t  part[TF_PART_COUNT][2];
    int64_t  newest;         /* the newest time stamp so far: a stamp that runs backwards counts nothing twice */
    int64_t  held;           /* a delayed ACK's wait, the stall's if the next segment is one Nagle held back */
    int64_t  tail_quiet;     /* teardown so far with nothing outstanding: idle time, should data come again */
    int64_t  tail_busy;      /* ... and with a FIN outstanding: sending time of tail_side's */
    int64_t  recover[2];     /* a side's recovery lasts until the peer acknowledges this position (RFC 6582) */
    int64_t  srtt[2];        /* each side's smoothed round trip, ns + 1 (0: no sample yet) */
    uint64_t retrans[2];
    uint32_t timeouts[2], recoveries[2];
    uint8_t  recovering[2];  /* 0, TF_PART_FAST or TF_PART_TIMEOUT */
    uint8_t  tail_side;
    uint8_t  held_side;
} tf_clock;

/* Every connection stays until the analysis ends (its records refer to
 * it), so connections are cut from large blocks rather than malloc'ed one
 * by one, and an IPv4 connection keeps 8 bytes of addresses, not 32. */
typedef struct tf_conn {
    struct tf_conn *prev;    /* the connection this one followed in the same stream (conn_restart) */
    tf_flow      flow[2];    /* what each side (tf_side) sent */
    uint64_t     bytes[2];   /* payload bytes they carried */
    tf_tcpdump_base tdump[TF_TCPDUMP];
    tf_handshake hs;
    tf_teardown  td;
    uint32_t     first_rec, last_rec;
    uint32_t     since;        /* the record it started with: older records are prev's */
    uint32_t     rst_rec;      /* the first RST of this connection: nothing after it changes a state */
    uint32_t     probe[2];     /* each side's keep-alive, zero-window probe or spurious retransmission,
                                * waiting for the peer's answer */
    uint32_t     segments[2];  /* sent by each side */
    uint16_t     client_port, server_port;
    tf_letters   history;    /* Zeek's history of this connection */
    tf_pace      pace;
    tf_clock    *clock;     /* NULL until needed */
    uint8_t      wait;       /* what it waits for after its newest segment (wait_after) */
    uint64_t     bytes_before[2];   /* the stream's bytes before this connection (conn_restart) */
    uint8_t      restarts;   /* connections before it in its stream (conn_restart), at most TF_MAX_RESTARTS */
    uint8_t      ntdump;
    bool         roles_inferred;
    uint8_t      state[2];   /* tf_state of each side */
    int8_t       wscale[2];  /* TF_WSCALE_* or the shift each side's SYN offered */
    uint8_t      addr_len;   /* of the addresses below; at most addr_room */
    uint8_t      addr_room;  /* the first segment's address length: Wireshark's streams keep theirs */
    uint8_t      addr[];     /* the client's address, then at addr_room the server's */
} tf_conn;

#define TF_CONN_BLOCK (256u * 1024)          /* bytes of connections (and their clocks) per block */

typedef struct tf_conn_block {
    struct tf_conn_block *prev;
    size_t used;
    max_align_t start[];
} tf_conn_block;

struct tf_ctx {
    tf_record *recs;         /* recs[0] is unused so that 0 means "none" */
    uint32_t   nrecs, caprecs;
    uint32_t  *links;
    uint32_t   nlinks, caplinks;
    tf_extra  *extras;       /* extras[0] is all zeros */
    uint32_t   nextras, capextras;
    tf_pace_note *notes;     /* notes[0] is all zeros */
    uint32_t   nnotes, capnotes;
    tf_conn  **conns;        /* indexed by stream */
    uint32_t   nconns;
    tf_conn_block *blocks;   /* where the connections are, newest block first */
    tf_buffers *spare[TF_SPARE];
    uint32_t   nspare;
    uint32_t   half_open[TF_HALF_OPEN];   /* stream + 1 of a handshake begun by a SYN, by pair_slot */
    int64_t    newest_ns;    /* the time of the newest segment analysed */
};

/* What one segment does, worked out before it changes the endpoint states. */
typedef struct tf_event {
    tf_side  from;           /* its sender */
    bool     syn_acked;      /* its ACK newly covers the peer's SYN */
    bool     fin_acked;      /* its ACK newly covers the peer's FIN */
    bool     new_fin;        /* it carries the sender's first FIN */
} tf_event;

static void *grow(void *p, uint32_t *cap, uint32_t need, size_t elem)
{
    if (need <= *cap)
        return p;
    uint32_t n = *cap ? *cap : 16;
    while (n < need)
        n = n > UINT32_MAX / 2 ? need : n * 2;
    p = g_realloc_n(p, n, elem);        /* GLib ends the program when memory runs out: no NULL to check */
    *cap = n;
    return p;
}

/* The first index i in [lo, hi) where below(table, i, key) is false, for a
 * `below` that is true up to some index and false from there on. */
static inline uint32_t lower_bound(const void *table, uint32_t lo, uint32_t hi, int64_t key,
                                   bool (*below)(const void *table, uint32_t i, int64_t key))
{
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (below(table, mid, key))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* ---- pending queues ---------------------------------------------------- */

static tf_pending *fifo_at(const tf_queue *q, uint32_t i)
{
    return &q->v[(q->head + i) & (q->cap - 1)];
}

static void fifo_pop(tf_queue *q)
{
    q->head = (q->head + 1) & (q->cap - 1);
    q->count--;
}

static void mark_untracked(tf_ctx *ctx, uint32_t rec)
{
    ctx->recs[rec].bits |= TF_R_UNTRACKED;
}

/* Appends to a ring, dropping its oldest entry when it holds `max`. */
static void ring_push(tf_queue *q, tf_pending e, uint32_t max)
{
    if (q->count == max)
        fifo_pop(q);
    if (q->count == q->cap) {        /* unroll the ring into a bigger array */
        uint32_t n = q->cap ? q->cap * 2 : 2;      /* most connections wait for one or two ACKs at a time */
        tf_pending *v = g_new(tf_pending, n);
        for (uint32_t i = 0; i < q->count; i++)
            v[i] = *fifo_at(q, i);
        g_free(q->v);
        q->v = v;
        q->cap = n;
        q->head = 0;
    }
    *fifo_at(q, q->count++) = e;
}

static void fifo_push(tf_ctx *ctx, tf_queue *q, tf_pending e)
{
    if (q->count == TF_MAX_FIFO)
        mark_untracked(ctx, fifo_at(q, 0)->rec);
    ring_push(q, e, TF_MAX_FIFO);
}

static void side_push(tf_ctx *ctx, tf_queue *q, tf_pending e)
{
    if (q->count == TF_MAX_SIDE) {
        mark_untracked(ctx, q->v[0].rec);
        memmove(q->v, q->v + 1, (q->count - 1) * sizeof *q->v);
        q->count--;
    }
    q->v = grow(q->v, &q->cap, q->count + 1, sizeof *q->v);
    q->v[q->count++] = e;
}

static tf_buffers *buffers(tf_ctx *ctx, tf_flow *f)
{
    if (!f->buf)
        f->buf = ctx->nspare ? ctx->spare[--ctx->nspare] : g_new0(tf_buffers, 1);
    return f->buf;
}

/* The buffers to read: an empty set when the direction has none. */
static const tf_buffers *buffers_seen(const tf_flow *f)
{
    static const tf_buffers none;
    return f->buf ? f->buf : &none;
}

/* An acknowledged segment: linked from the ACK, remembered for a while. */
static void take(tf_ctx *ctx, tf_buffers *b, const tf_pending *e)
{
    ctx->links = grow(ctx->links, &ctx->caplinks, ctx->nlinks + 1, sizeof *ctx->links);
    ctx->links[ctx->nlinks++] = e->rec;
    if (!b->recent)
        b->recent = g_new0(tf_pending, TF_RECENT);
    b->recent[b->nrecent++ % TF_RECENT] = *e;
}

/* Takes every pending entry ending at or before `upto`. */
static void take_covered(tf_ctx *ctx, tf_flow *f, int64_t upto)
{
    tf_buffers *b = f->buf;
    if (!b)
        return;
    tf_queue *q = &b->fifo;
    while (q->count && fifo_at(q, 0)->end <= upto) {
        take(ctx, b, fifo_at(q, 0));
        fifo_pop(q);
    }
    uint32_t kept = 0;
    for (uint32_t i = 0; i < b->side.count; i++) {
        if (b->side.v[i].end <= upto)
            take(ctx, b, &b->side.v[i]);
        else
            b->side.v[kept++] = b->side.v[i];
    }
    b->side.count = kept;
}

static bool pending_ends_by(const void *queue, uint32_t i, int64_t pos)
{
    return fifo_at(queue, i)->end <= pos;
}

/* The first FIFO entry ending past pos (the FIFO is ordered by end). */
static uint32_t fifo_first_past(const tf_queue *q, int64_t pos)
{
    return lower_bound(q, 0, q->count, pos, pending_ends_by);
}

/* The first (or the newest) transmission of the byte at `pos`, among what is remembered. */
static uint32_t find_copy(const tf_flow *f, int64_t pos, bool newest)
{
    uint32_t best = 0;
    const tf_buffers *b = buffers_seen(f);
    const tf_queue *q = &b->fifo;
    uint32_t lo = fifo_first_past(q, pos);
    if (lo < q->count && fifo_at(q, lo)->start <= pos)
        best = fifo_at(q, lo)->rec;
    uint32_t nrecent = b->nrecent < TF_RECENT ? b->nrecent : TF_RECENT;
    for (uint32_t i = 0; i < b->side.count + nrecent; i++) {
        const tf_pending *e = i < b->side.count ? &b->side.v[i] : &b->recent[i - b->side.count];
        if (e->start <= pos && pos < e->end && (!best || (newest ? e->rec > best : e->rec < best)))
            best = e->rec;
    }
    return best;
}

static uint32_t find_original(const tf_flow *f, int64_t pos)
{
    return find_copy(f, pos, false);
}

/* Marks every segment still waiting for an ACK that overlaps [from, to):
 * its bytes are being sent again, so an ACK of them cannot be timed. */
static void mark_resent(tf_ctx *ctx, const tf_flow *f, int64_t from, int64_t to)
{
    const tf_buffers *b = buffers_seen(f);
    for (uint32_t i = fifo_first_past(&b->fifo, from); i < b->fifo.count && fifo_at(&b->fifo, i)->start < to; i++)
        ctx->recs[fifo_at(&b->fifo, i)->rec].marks |= TF_M_AMBIGUOUS;
    for (uint32_t i = 0; i < b->side.count; i++)
        if (b->side.v[i].start < to && from < b->side.v[i].end)
            ctx->recs[b->side.v[i].rec].marks |= TF_M_AMBIGUOUS;
}

/* Frees a flow's buffers, keeping what it has sent and acknowledged. */
static void buffers_free(tf_buffers *b)
{
    g_free(b->fifo.v);
    g_free(b->side.v);
    g_free(b->holes);
    g_free(b->recent);
    g_free(b->spurious.v);
    g_free(b);
}

/* A closed direction's buffers, emptied, serve the next connection's: in a
 * capture of many short connections, allocating them for each one cost
 * more than analysing its segments.  Grown queues are given back. */
static void flow_release(tf_ctx *ctx, tf_flow *f)
{
    tf_buffers *b = f->buf;
    if (!b)
        return;
    f->buf = NULL;
    if (ctx->nspare == TF_SPARE || b->fifo.cap > TF_SPARE_CAP || b->side.cap > TF_SPARE_CAP ||
        b->spurious.cap > TF_SPARE_CAP) {
        buffers_free(b);
        return;
    }
    b->fifo.head = b->fifo.count = 0;
    b->side.count = 0;
    b->nholes = b->nrecent = 0;
    b->sack_rec = b->nsacked = 0;
    b->recover = 0;
    b->spurious.head = b->spurious.count = 0;
    ctx->spare[ctx->nspare++] = b;
}

static bool flow_waiting(const tf_flow *f)
{
    return f->buf && (f->buf->fifo.count || f->buf->side.count);
}

static bool side_closed(uint8_t state)
{
    return state == TF_ST_CLOSED || state == TF_ST_TIME_WAIT;
}

/* Once a RST or the ACK of a FIN has closed both sides and nothing waits
 * for an ACK, a connection needs only its records: most connections of a
 * capture end this way, and their buffers would otherwise outweigh the
 * records.  A stray segment after that starts the buffers afresh. */
static bool both_closed(const tf_conn *c)
{
    return side_closed(c->state[TF_CLIENT]) && side_closed(c->state[TF_SERVER]);
}

static void release_if_closed(tf_ctx *ctx, tf_conn *c)
{
    if (both_closed(c) && !flow_waiting(&c->flow[TF_CLIENT]) && !flow_waiting(&c->flow[TF_SERVER])) {
        flow_release(ctx, &c->flow[TF_CLIENT]);
        flow_release(ctx, &c->flow[TF_SERVER]);
    }
}

static void flow_reset(tf_ctx *ctx, tf_flow *f)
{
    flow_release(ctx, f);
    memset(f, 0, sizeof *f);
}

/* ---- gaps: bytes skipped over, so that filling them is not a resend ---- */

static void hole_add(tf_buffers *b, int64_t start, int64_t end, uint32_t rec)
{
    if (!b->holes)
        b->holes = g_new0(tf_hole, TF_MAX_HOLES);
    if (b->nholes == TF_MAX_HOLES) {
        memmove(b->holes, b->holes + 1, (TF_MAX_HOLES - 1) * sizeof *b->holes);
        b->nholes--;
    }
    b->holes[b->nholes++] = (tf_hole){ start, end, rec };
}

static tf_extra *extra_for(tf_ctx *ctx, uint32_t rec);
static tf_extra *extra_at(tf_ctx *ctx, uint32_t rec);

/* Record idx carries bytes of the gap that hole_rec showed: each links the
 * other (the gap its first filler, the filler the first gap it fills). */
static void link_filler(tf_ctx *ctx, uint32_t hole_rec, uint32_t idx)
{
    tf_extra *x = extra_for(ctx, idx);
    if (!x->fills_gap_of)
        x->fills_gap_of = hole_rec;
    tf_extra *g = extra_at(ctx, hole_rec);
    if (g && !g->gap_filled_in)
        g->gap_filled_in = idx;
}

/* Removes [start, end) from the holes that record idx fills; returns how
 * many bytes it filled. */
static int64_t hole_fill(tf_ctx *ctx, tf_flow *f, int64_t start, int64_t end, uint32_t idx)
{
    int64_t filled = 0;
    tf_buffers *b = f->buf;
    if (!b)
        return 0;
    uint32_t n = b->nholes;
    for (uint32_t i = 0; i < n; i++) {
        tf_hole h = b->holes[i];
        int64_t lo = start > h.start ? start : h.start;
        int64_t hi = end < h.end ? end : h.end;
        if (lo >= hi)
            continue;
        filled += hi - lo;
        link_filler(ctx, h.rec, idx);
        b->holes[i].end = lo;                 /* keep the part below ... */
        if (hi < h.end) {                     /* ... and the part above */
            if (b->holes[i].start == lo)
                b->holes[i] = (tf_hole){ hi, h.end, h.rec };
            else if (b->nholes < TF_MAX_HOLES)
                b->holes[b->nholes++] = (tf_hole){ hi, h.end, h.rec };
        }
    }
    uint32_t kept = 0;
    for (uint32_t i = 0; i < b->nholes; i++)
        if (b->holes[i].start < b->holes[i].end)
            b->holes[kept++] = b->holes[i];
    b->nholes = kept;
    return filled;
}

/* ---- sequence positions ------------------------------------------------ */

/* The 64-bit position nearest to `ref` whose low 32 bits are `rel`. */
static int64_t unwrap(uint32_t rel, int64_t ref)
{
    uint32_t d = rel - (uint32_t)ref;
    return ref + (d >= 0x80000000u ? (int64_t)d - 0x100000000LL : (int64_t)d);
}

static int64_t flow_ref(const tf_flow *f)
{
    if (f->seen)
        return f->next;
    return f->acked_known ? f->acked : 0;
}

static int64_t flow_pos(const tf_flow *f, uint32_t seq)
{
    return unwrap(seq - f->base, flow_ref(f));
}

/* The FIN is the end of what a side sends, so its sequence number, read
 * near the side's newest position, gives its position back. */
static int64_t fin_pos(const tf_flow *f)
{
    return flow_pos(f, f->fin_seq);
}

static void flow_set_base(tf_flow *f, uint32_t base)
{
    if (!f->base_known) {
        f->base = base;
        f->base_known = true;
    }
}

static bool covers(int64_t from, int64_t to, int64_t pos)
{
    return from <= pos && pos < to;
}

/* A count of bytes as a field holds it: 0 below, UINT32_MAX beyond. */
static uint32_t clamp_u32(int64_t n)
{
    return n > 0 ? (uint32_t)(n > UINT32_MAX ? UINT32_MAX : n) : 0;
}

/* Payload bytes in [from, to): SYN and FIN take a sequence number each. */
static uint32_t payload_between(const tf_flow *p, int64_t from, int64_t to)
{
    int64_t n = to - from;
    if (p->syn_seen && covers(from, to, 0))
        n--;
    if (p->fin_seen && covers(from, to, fin_pos(p)))
        n--;
    return clamp_u32(n);
}

/* ---- connections and roles --------------------------------------------- */

static tf_conn *conn_for(tf_ctx *ctx, uint32_t stream)
{
    if (stream >= ctx->nconns) {
        uint32_t n = stream + 1 > ctx->nconns * 2 ? stream + 1 : ctx->nconns * 2;
        ctx->conns = g_renew(tf_conn *, ctx->conns, n);
        memset(ctx->conns + ctx->nconns, 0, (size_t)(n - ctx->nconns) * sizeof *ctx->conns);
        ctx->nconns = n;
    }
    return ctx->conns[stream];
}

static size_t addr_room_for(const tf_segment *s)
{
    return s->addr_len > 16 ? 16 : s->addr_len;
}

/* Zeroed memory cut from the analysis's blocks, kept until tf_free. */
static void *block_alloc(tf_ctx *ctx, size_t size, size_t align)
{
    size = (size + align - 1) / align * align;
    tf_conn_block *b = ctx->blocks;
    if (!b || b->used + size > TF_CONN_BLOCK) {
        b = g_malloc(sizeof *b + TF_CONN_BLOCK);
        b->prev = ctx->blocks;
        b->used = 0;
        ctx->blocks = b;
    }
    void *p = (char *)b->start + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

static tf_conn *conn_new(tf_ctx *ctx, size_t room)
{
    tf_conn *c = block_alloc(ctx, offsetof(tf_conn, addr) + 2 * room, _Alignof(tf_conn));
    c->addr_room = (uint8_t)room;
    return c;
}

/* A connection's own first record: the one it started with in its stream,
 * or its SYN in the stream its handshake was carried on from. */
static uint32_t conn_first(const tf_conn *c)
{
    uint32_t own = c->prev ? c->since : c->first_rec;
    return c->hs.syn && (!own || c->hs.syn < own) ? c->hs.syn : own;
}

static tf_clock *clock_of(tf_ctx *ctx, tf_conn *c)
{
    if (!c->clock) {
        c->clock = block_alloc(ctx, sizeof *c->clock, _Alignof(tf_clock));
        uint32_t first = conn_first(c);
        c->clock->newest = first ? tf_time(&ctx->recs[first]) : INT64_MAX;   /* MAX: none yet */
    }
    return c->clock;
}

/* A delayed ACK's wait was the stall's when the segment after it is one
 * Nagle's algorithm held back; else the receiver held its ACK while its
 * application worked: idle time. */
static void settle_held(tf_clock *k, bool nagle)
{
    k->part[nagle ? TF_PART_STALL : TF_PART_IDLE][nagle ? k->held_side : TF_CLIENT] += k->held;
    k->held = 0;
}

/* A new connection in the stream: the old one's teardown is over. */
static void clock_restart(tf_clock *k)
{
    settle_held(k, false);
    k->part[TF_PART_TEARDOWN][TF_CLIENT] += k->tail_quiet + k->tail_busy;
    k->tail_quiet = k->tail_busy = 0;
    k->recovering[TF_CLIENT] = k->recovering[TF_SERVER] = 0;   /* its positions were the old ISNs' */
}

static const uint8_t *client_addr(const tf_conn *c) { return c->addr; }
static const uint8_t *server_addr(const tf_conn *c) { return c->addr + c->addr_room; }

static void set_client(tf_conn *c, const tf_segment *s, bool src_is_client, bool inferred)
{
    c->addr_len = s->addr_len > c->addr_room ? c->addr_room : s->addr_len;
    memcpy(c->addr, src_is_client ? s->src_addr : s->dst_addr, c->addr_len);
    memcpy(c->addr + c->addr_room, src_is_client ? s->dst_addr : s->src_addr, c->addr_len);
    c->client_port = src_is_client ? s->src_port : s->dst_port;
    c->server_port = src_is_client ? s->dst_port : s->src_port;
    c->roles_inferred = inferred;
}

/* Without a SYN the roles are guessed: the sender of a SYN+ACK is the server;
 * otherwise the endpoint with the lower port is (services listen on low,
 * well-known ports, clients on high ephemeral ones); equal ports make the
 * first sender the client. */
static void infer_roles(tf_conn *c, const tf_segment *s)
{
    if (tf_is_synack(s->flags))
        set_client(c, s, false, true);
    else if (s->src_port != s->dst_port)
        set_client(c, s, s->src_port > s->dst_port, true);
    else
        set_client(c, s, true, true);
}

static bool src_is_client(const tf_conn *c, const tf_segment *s)
{
    return s->src_port == c->client_port && s->addr_len == c->addr_len &&
           memcmp(s->src_addr, client_addr(c), c->addr_len) == 0;
}

/* States before the first segment: a SYN starts from CLOSED/LISTEN, a SYN+ACK
 * from SYN-SENT/LISTEN; anything else joins an established connection. */
static void conn_start(tf_ctx *ctx, tf_conn *c, const tf_segment *s)
{
    flow_reset(ctx, &c->flow[TF_CLIENT]);
    flow_reset(ctx, &c->flow[TF_SERVER]);
    memset(&c->hs, 0, sizeof c->hs);
    memset(&c->td, 0, sizeof c->td);
    c->rst_rec = c->probe[TF_CLIENT] = c->probe[TF_SERVER] = 0;
    memset(&c->pace, 0, sizeof c->pace);
    if (c->clock)
        clock_restart(c->clock);
    c->wait = TF_PART_IDLE;                       /* between two connections nothing is outstanding */
    c->wscale[TF_CLIENT] = c->wscale[TF_SERVER] = TF_WSCALE_UNKNOWN;     /* each SYN says its own */
    c->state[TF_CLIENT] = tf_is_syn(s->flags) ? TF_ST_CLOSED : tf_is_synack(s->flags) ? TF_ST_SYN_SENT
                        : TF_ST_ESTABLISHED;
    c->state[TF_SERVER] = (s->flags & TF_SYN) ? TF_ST_LISTEN : TF_ST_ESTABLISHED;
}

/* A SYN or SYN+ACK that can open a connection: without RST. */
static bool opens_as_syn(const tf_segment *s)
{
    return tf_is_syn(s->flags) && !(s->flags & TF_RST);
}

static bool opens_as_synack(const tf_segment *s)
{
    return tf_is_synack(s->flags) && !(s->flags & TF_RST);
}

/* A SYN+ACK that cannot belong to the connection so far starts a new one,
 * as a new SYN does (its SYN was not captured): the connection is over (a
 * RST, or both sides closed) and this is not its server's SYN+ACK again; or
 * its handshake completed with another server ISN; or, without a handshake
 * seen, its sender already sent from another initial sequence number. */
static bool synack_starts_new(const tf_conn *c, const tf_segment *s)
{
    const tf_handshake *h = &c->hs;
    tf_side from = src_is_client(c, s) ? TF_CLIENT : TF_SERVER;
    const tf_flow *f = &c->flow[from];
    if (h->server_isn_known && from == TF_SERVER && s->seq == h->server_isn)
        return false;                                   /* the same SYN+ACK, sent again */
    if (c->rst_rec || both_closed(c))
        return true;
    if (h->simultaneous)
        return false;
    if (h->synack)
        return h->ack != 0;
    return f->seen && !(f->base_known && s->seq == f->base);
}

/* A new connection in a stream Wireshark did not split (a port reused
 * after a reset, a new ISN): a fresh copy takes over, so that the records
 * so far keep the handshake, teardown, states and history they were read
 * with.  The stream's counts go on. */
static tf_conn *conn_restart(tf_ctx *ctx, tf_conn *old, const tf_segment *s)
{
    if (old->restarts == TF_MAX_RESTARTS)         /* bounded: the older records then see the newest */
        return old;
    tf_conn *c = conn_new(ctx, old->addr_room);
    memcpy(c, old, offsetof(tf_conn, addr) + 2 * (size_t)old->addr_room);
    old->flow[TF_CLIENT].buf = old->flow[TF_SERVER].buf = NULL;   /* the new one owns them now */
    c->clock = NULL;                              /* its time is its own: the old one's clock stops where it ended */
    memcpy(c->bytes_before, old->bytes, sizeof c->bytes_before);
    memset(&c->history, 0, sizeof c->history);    /* Zeek's history is a connection's */
    c->restarts++;
    c->prev = old;
    c->since = ctx->nrecs;                        /* the record about to be made */
    ctx->conns[s->stream] = c;
    return c;
}

/* Where a connection's handshake is remembered: a hash of its client's and
 * server's addresses and ports. */
static uint32_t pair_slot(const uint8_t *caddr, uint16_t cport, const uint8_t *saddr, uint16_t sport, size_t len)
{
    uint32_t h = (2166136261u ^ cport) * 16777619u;
    h = (h ^ sport) * 16777619u;
    for (size_t i = 0; i < len; i++)
        h = (((h ^ caddr[i]) * 16777619u) ^ saddr[i]) * 16777619u;
    return h & (TF_HALF_OPEN - 1);
}

static void remember_handshake(tf_ctx *ctx, const tf_conn *c, uint32_t stream)
{
    ctx->half_open[pair_slot(client_addr(c), c->client_port, server_addr(c), c->server_port, c->addr_len)] =
        stream + 1;
}

/* A stream that starts with a SYN+ACK may carry on a handshake of another:
 * Wireshark 4.4 and later start a new stream at a SYN+ACK with a new ISN.
 * The one it continues: same ends, SYN and SYN+ACK seen, not completed,
 * another server ISN, and this ack the client's ISN + 1. */
static tf_conn *handshake_continued(const tf_ctx *ctx, const tf_segment *s)
{
    uint32_t slot = ctx->half_open[pair_slot(s->dst_addr, s->dst_port, s->src_addr, s->src_port, addr_room_for(s))];
    const tf_conn *o = slot && slot - 1 < ctx->nconns ? ctx->conns[slot - 1] : NULL;
    if (!o || o->client_port != s->dst_port || o->server_port != s->src_port || o->addr_len != s->addr_len ||
        memcmp(client_addr(o), s->dst_addr, o->addr_len) || memcmp(server_addr(o), s->src_addr, o->addr_len))
        return NULL;
    const tf_handshake *h = &o->hs;
    bool open = h->syn && h->synack && !h->ack && !h->simultaneous && !o->rst_rec;
    return open && s->seq != h->server_isn && s->ack == h->client_isn + 1 ? (tf_conn *)o : NULL;
}

/* The new stream takes the handshake over: the client's SYN, its ISN,
 * window scale and state, the SYN+ACK whose ISN this one replaces, and the
 * connection's history so far. */
static void continue_handshake(tf_ctx *ctx, tf_conn *c, tf_conn *o, uint32_t stream)
{
    c->hs = o->hs;
    c->wscale[TF_CLIENT] = o->wscale[TF_CLIENT];
    c->pace.mss[TF_CLIENT] = o->pace.mss[TF_CLIENT];
    c->pace.ecn = o->pace.ecn;                    /* what the SYN asked */
    c->state[TF_CLIENT] = o->state[TF_CLIENT];
    c->history = o->history;
    c->hs.restarted_in = 0;
    c->wait = TF_PART_HANDSHAKE;                  /* its time counts from the SYN, in the handshake */
    o->hs.restarted_in = ctx->nrecs;          /* the record about to be made */
    remember_handshake(ctx, c, stream);           /* a third SYN+ACK carries on from this one */
}

static tf_conn *conn_prepare(tf_ctx *ctx, const tf_segment *s)
{
    tf_conn *c = conn_for(ctx, s->stream);
    bool plain_syn = opens_as_syn(s);
    if (!c) {
        c = conn_new(ctx, addr_room_for(s));
        ctx->conns[s->stream] = c;
        tf_conn *o = opens_as_synack(s) ? handshake_continued(ctx, s) : NULL;
        if (plain_syn || o)
            set_client(c, s, plain_syn, false);
        else
            infer_roles(c, s);
        conn_start(ctx, c, s);
        if (o)
            continue_handshake(ctx, c, o, s->stream);
    } else if (plain_syn && (c->roles_inferred || c->rst_rec ||
                             (src_is_client(c, s) && c->hs.syn && s->seq != c->hs.client_isn))) {
        /* A new connection attempt: a new ISN, or any SYN after a reset; or
         * the first real SYN, which settles roles that were only guessed. */
        c = conn_restart(ctx, c, s);
        set_client(c, s, true, false);
        conn_start(ctx, c, s);
    } else if (opens_as_synack(s) && synack_starts_new(c, s)) {
        c = conn_restart(ctx, c, s);
        set_client(c, s, false, true);
        conn_start(ctx, c, s);
    }
    return c;
}

/* ---- records ----------------------------------------------------------- */

static uint32_t new_record(tf_ctx *ctx, const tf_segment *s)
{
    ctx->recs = grow(ctx->recs, &ctx->caprecs, ctx->nrecs + 1, sizeof *ctx->recs);
    tf_record *r = &ctx->recs[ctx->nrecs];
    memset(r, 0, sizeof *r);
    r->frame = s->frame;
    r->stream = s->stream;
    r->ts_lo = (uint32_t)s->ts_ns;
    r->ts_hi = (uint32_t)((uint64_t)s->ts_ns >> 32);
    r->links_first = ctx->nlinks;            /* where its links would start (tf_links) */
    return ctx->nrecs++;
}

/* The side-table entry of the newest record, made on first use: entries
 * are therefore in record order, and found by a binary search. */
static tf_extra *extra_for(tf_ctx *ctx, uint32_t rec)
{
    tf_record *r = &ctx->recs[rec];
    if (!r->has_extra) {
        ctx->extras = grow(ctx->extras, &ctx->capextras, ctx->nextras + 1, sizeof *ctx->extras);
        memset(&ctx->extras[ctx->nextras], 0, sizeof *ctx->extras);
        ctx->extras[ctx->nextras++].rec = rec;
        r->has_extra = 1;
    }
    return &ctx->extras[ctx->nextras - 1];
}

static bool extra_below(const void *table, uint32_t i, int64_t rec)
{
    return ((const tf_extra *)table)[i].rec < rec;
}

/* The timing and ECN note of the newest record, made when it first needs one. */
static tf_pace_note *note_for(tf_ctx *ctx, uint32_t rec)
{
    if (ctx->notes[ctx->nnotes - 1].rec != rec) {
        ctx->notes = grow(ctx->notes, &ctx->capnotes, ctx->nnotes + 1, sizeof *ctx->notes);
        memset(&ctx->notes[ctx->nnotes], 0, sizeof *ctx->notes);
        ctx->notes[ctx->nnotes++].rec = rec;
    }
    return &ctx->notes[ctx->nnotes - 1];
}

static bool note_below(const void *table, uint32_t i, int64_t rec)
{
    return ((const tf_pace_note *)table)[i].rec < rec;
}

/* Where a record's side-table entry is; 0 (the empty entry) when it has none. */
static uint32_t extra_index(const tf_ctx *ctx, uint32_t rec)
{
    if (!ctx->recs[rec].has_extra)
        return 0;
    return lower_bound(ctx->extras, 1, ctx->nextras - 1, rec, extra_below);   /* it exists */
}

/* Links are only added for the newest record, so a record's links end
 * where the next record's begin.  (Static, so that the analysis's own
 * calls are inlined; tf_links and the others below are these.) */
static inline const uint32_t *links_of(const tf_ctx *ctx, uint32_t rec, uint32_t *count)
{
    uint32_t first = ctx->recs[rec].links_first;
    *count = (rec + 1 < ctx->nrecs ? ctx->recs[rec + 1].links_first : ctx->nlinks) - first;
    return ctx->links + first;
}

static inline uint32_t newest_link(const tf_ctx *ctx, uint32_t rec)
{
    uint32_t n;
    const uint32_t *links = links_of(ctx, rec, &n);
    return n ? links[n - 1] : 0;
}

/* Karn's rule: the link an ACK is timed from (see time_from). */
static inline uint32_t rtt_link(const tf_ctx *ctx, uint32_t rec)
{
    return (ctx->recs[rec].marks & TF_M_RTT_FROM) ? ctx->extras[extra_index(ctx, rec)].rtt_from
                                                  : newest_link(ctx, rec);
}

/* The entry of an older record, to add a link found later; NULL when it has none. */
static tf_extra *extra_at(tf_ctx *ctx, uint32_t rec)
{
    uint32_t i = extra_index(ctx, rec);
    return i ? &ctx->extras[i] : NULL;
}

/* ---- the handshake ----------------------------------------------------- */

/* A right ack is the expected value (tf_hs_expected); only a wrong one
 * needs it kept aside. */
static void expect_ack(tf_ctx *ctx, uint32_t idx, uint32_t expected, uint32_t ack)
{
    ctx->recs[idx].bits |= TF_R_HS_EXPECTED;
    if (ack == expected)
        ctx->recs[idx].bits |= TF_R_HS_ACK_OK;
    else
        extra_for(ctx, idx)->hs_expected = expected;
}

/* Step 2's ack must be the client's ISN + 1; with TCP Fast Open the server
 * may also acknowledge the data the SYN carried. */
static void expect_synack(tf_ctx *ctx, const tf_handshake *h, uint32_t idx, uint32_t ack)
{
    const tf_record *syn = &ctx->recs[h->syn];
    uint32_t with_data = h->client_isn + 1 + (h->syn ? syn->len : 0);
    expect_ack(ctx, idx, ack == with_data ? with_data : h->client_isn + 1, ack);
}

/* Simultaneous open (RFC 9293 figure 7): both sides send a SYN, then each
 * a SYN+ACK; the second SYN+ACK completes the handshake. */
static void simultaneous_synack(tf_ctx *ctx, tf_handshake *h, const tf_segment *s, tf_record *r, uint32_t idx,
                                bool client)
{
    r->bits |= TF_R_SIM_OPEN;
    expect_ack(ctx, idx, (client ? h->server_isn : h->client_isn) + 1, s->ack);
    if (!h->synack) {
        h->synack = idx;
    } else if (!h->ack && (r->bits & TF_R_HS_ACK_OK)) {
        h->ack = idx;
        r->bits |= TF_R_HS_COMPLETE;
    }
}

/* A SYN or SYN+ACK sent again: neither copy can time its answer. */
static void handshake_resent(tf_ctx *ctx, tf_record *r, uint32_t first)
{
    r->bits |= TF_R_HS_RETRANS;
    r->marks |= TF_M_AMBIGUOUS;
    if (!ctx->recs[first].acked_in)        /* once acknowledged, its time was taken already */
        ctx->recs[first].marks |= TF_M_AMBIGUOUS;
}

/* A SYN+ACK with another ISN than the one before, during the handshake: the
 * server (or a middlebox) started it again, and the new ISN is the server's
 * from now on: its sequence space starts afresh. */
static void server_isn_changed(tf_ctx *ctx, tf_conn *c, const tf_segment *s, tf_record *r, uint32_t idx)
{
    r->marks |= TF_M_ISN_CHANGED;
    c->hs.server_isn = s->seq;
    c->hs.synack = idx;
    flow_reset(ctx, &c->flow[TF_SERVER]);
}

static void server_synack(tf_ctx *ctx, tf_conn *c, const tf_segment *s, tf_record *r, uint32_t idx)
{
    tf_handshake *h = &c->hs;
    r->hs_step = 2;
    if (h->synack && s->seq == h->server_isn) {
        handshake_resent(ctx, r, h->synack);
    } else if (h->synack && !h->ack) {
        server_isn_changed(ctx, c, s, r, idx);
    } else if (!h->synack) {
        h->server_isn = s->seq;
        h->server_isn_known = true;
        h->synack = idx;
    }
    if (!h->ack)
        h->synack_last = idx;
    if (h->client_isn_known)
        expect_synack(ctx, h, idx, s->ack);
}

static void client_syn(tf_ctx *ctx, tf_conn *c, const tf_segment *s, tf_record *r, uint32_t idx)
{
    tf_handshake *h = &c->hs;
    r->hs_step = 1;
    if (h->syn) {
        handshake_resent(ctx, r, h->syn);
    } else {
        h->client_isn = s->seq;
        h->client_isn_known = true;
        h->syn = idx;
        remember_handshake(ctx, c, s->stream);
    }
    if (!h->synack)
        h->syn_last = idx;
}

static void handshake(tf_ctx *ctx, tf_conn *c, const tf_segment *s, tf_record *r, uint32_t idx)
{
    tf_handshake *h = &c->hs;
    bool syn = opens_as_syn(s), synack = opens_as_synack(s);
    bool ack = (s->flags & (TF_SYN | TF_ACK | TF_RST)) == TF_ACK;   /* a FIN with it may complete step 3 */
    bool client = r->sender == TF_CLIENT;

    if (c->rst_rec) {          /* after a reset only a copy still on its way: it completes nothing */
        r->hs_step = synack ? 2 : syn ? 1 : 0;
        r->bits |= r->hs_step ? TF_R_HS_RETRANS : 0;
        return;
    }
    if (syn && client) {
        client_syn(ctx, c, s, r, idx);
    } else if (syn && h->syn && !h->synack) {
        r->hs_step = 1;                   /* the server's own SYN: simultaneous open */
        r->bits |= TF_R_SIM_OPEN | (h->simultaneous ? TF_R_HS_RETRANS : 0);
        h->simultaneous = true;
        h->server_isn = s->seq;
        h->server_isn_known = true;
    } else if (synack && h->simultaneous) {
        r->hs_step = 2;
        simultaneous_synack(ctx, h, s, r, idx, client);
    } else if (synack && !client) {
        server_synack(ctx, c, s, r, idx);
    } else if (ack && client && h->synack && !h->ack && !h->simultaneous) {
        r->hs_step = 3;
        h->ack = idx;
        expect_ack(ctx, idx, h->server_isn + 1, s->ack);
        if (r->bits & TF_R_HS_ACK_OK)
            r->bits |= TF_R_HS_COMPLETE;
    } else if (ack && client && h->syn && !h->synack && !h->ack && !h->simultaneous &&
               !c->flow[TF_SERVER].seen) {
        /* Only one direction captured: the client's first ACK shows it got a
         * SYN+ACK the capture missed; its ack cannot be checked. */
        r->hs_step = 3;
        h->ack = idx;
        r->bits |= TF_R_HS_COMPLETE;
    }
}

/* ---- sequence space ---------------------------------------------------- */

/* Keep-alives (zero or one byte at next-1) and zero-window probes are not
 * data waiting for an ACK.  A probe is one new byte while the peer's window
 * is closed (RFC 9293 section 3.8.6.1), or, as Linux sends it, a
 * keep-alive's form while the window is closed. */
static uint16_t probe_kind(const tf_flow *f, const tf_flow *p, const tf_segment *s, int64_t start)
{
    if (!f->seen || (s->flags & (TF_SYN | TF_FIN | TF_RST)) || s->payload_len > 1)
        return 0;
    if (start == f->next - 1)
        return p->zero_rec && !s->payload_len ? TF_R_ZERO_WIN_PROBE : TF_R_KEEPALIVE;
    if (s->payload_len == 1 && start == f->next && p->zero_rec)
        return TF_R_ZERO_WIN_PROBE;
    return 0;
}

/* The peer's duplicate ACKs of the byte at `data`: RFC 5681 retransmits
 * it after three. */
static uint16_t duplicates_of(const tf_flow *f, const tf_flow *p, int64_t data)
{
    return p->ack_sent && flow_pos(f, p->last_ack) == data ? p->dup_count : 0;
}

/* Why a segment was sent again, from what the sender had heard by then
 * (see tf_resend, whose order the tests follow). */
static tf_resend resend_kind(const tf_ctx *ctx, const tf_flow *f, const tf_flow *p, uint32_t idx, int64_t data,
                             int64_t end, const tf_extra *x, bool filler)
{
    const tf_buffers *b = buffers_seen(f);
    bool at_ack = f->acked_known && data == f->acked;
    int64_t since;
    if (ctx->recs[idx].marks & TF_M_SPURIOUS)
        return TF_RS_SPURIOUS;
    if (at_ack && duplicates_of(f, p, data) >= 3)
        return TF_RS_FAST;
    if (b->nsacked && b->sacked[b->nsacked - 1].left > data &&
        tf_elapsed(tf_record_at(ctx, b->sack_rec), &ctx->recs[idx], &since) && since < TF_TLP_MAX_NS)
        return TF_RS_SACK;                   /* soon after: much later, a timer sent it */
    if (at_ack && f->acked < b->recover)
        return TF_RS_RECOVERY;
    if (filler)                              /* no earlier copy to time from */
        return TF_RS_NONE;
    if (x->copy == 2 && end >= f->next && !p->dup_count &&
        tf_elapsed(tf_record_at(ctx, x->previous), &ctx->recs[idx], &since) && since < TF_TLP_MAX_NS)
        return TF_RS_TLP;
    return TF_RS_TIMEOUT;
}

/* Names the kind of a retransmission and the copy it follows (a gap's
 * filler, whose earlier copies the capture missed, gets a kind only when
 * duplicate ACKs or SACK prompted it).  Fast and SACK-guided ones start a
 * recovery that lasts until the peer acknowledges everything sent so far. */
static void classify_resend(tf_ctx *ctx, tf_flow *f, const tf_flow *p, uint32_t idx, int64_t data, int64_t end,
                            bool filler)
{
    uint32_t prev = filler ? 0 : find_copy(f, data, true);
    uint8_t prev_copy = prev ? tf_extra_of(ctx, prev)->copy : 0;   /* 0: an original */
    unsigned copy = !prev ? 0u : prev_copy ? prev_copy + 1u : 2u;
    tf_extra *x = extra_for(ctx, idx);
    x->previous = prev;                      /* 0, and copy 0, when no copy is remembered */
    x->copy = (uint8_t)(copy > UINT8_MAX ? UINT8_MAX : copy);
    x->resend = (uint8_t)resend_kind(ctx, f, p, idx, data, end, x, filler);
    if (x->resend == TF_RS_FAST) {
        x->trigger = p->dup_of;
        x->dup_acks = p->dup_count;
    } else if (x->resend == TF_RS_SACK) {
        x->trigger = buffers_seen(f)->sack_rec;
    }
    if ((x->resend == TF_RS_FAST || x->resend == TF_RS_SACK) && f->acked >= buffers(ctx, f)->recover)
        f->buf->recover = f->next;
}

/* Data sent before: linked to its first transmission.  Bytes all
 * acknowledged before they were sent again (and no new FIN with them) make
 * it spurious; otherwise the copies still waiting for an ACK can no longer
 * time it. */
static void retransmission(tf_ctx *ctx, tf_flow *f, const tf_flow *p, uint32_t idx, int64_t data, int64_t end,
                           uint32_t fin, uint32_t resent)
{
    int64_t upto = end < f->next ? end : f->next;
    uint32_t orig = find_original(f, data);
    tf_extra *x = extra_for(ctx, idx);
    x->retrans_bytes = resent;
    x->original = orig ? orig : find_original(f, upto - 1);
    if (f->acked_known && end + fin <= f->acked)
        ctx->recs[idx].marks |= TF_M_SPURIOUS;
    classify_resend(ctx, f, p, idx, data, end + fin, false);
    if (ctx->recs[idx].marks & TF_M_SPURIOUS)
        return;
    ctx->recs[idx].marks |= TF_M_AMBIGUOUS;
    mark_resent(ctx, f, data, upto);
}

/* The first probe of a byte waits for the ACK that takes it (Wireshark
 * links that one); the probes repeating it do not, so a long stall keeps
 * one entry, not one per probe. */
static void first_probe_waits(tf_ctx *ctx, tf_flow *f, int64_t start, uint32_t idx)
{
    tf_queue *side = &buffers(ctx, f)->side;
    const tf_pending *last = side->count ? &side->v[side->count - 1] : NULL;
    if (!last || last->start != start || last->end != start + 1)
        side_push(ctx, side, (tf_pending){ start, start + 1, idx });
}

/* Bytes between the side's segments seen so far and this one never
 * appeared: lost before the capture point, or not captured.  Bytes the
 * peer acknowledged already were not lost; the others wait to be filled. */
static void note_gap(tf_ctx *ctx, tf_flow *f, uint32_t idx, int64_t start)
{
    int64_t n = start - f->seen_end;
    tf_extra *x = extra_for(ctx, idx);
    x->gap = clamp_u32(n);
    if (start > f->next)
        hole_add(buffers(ctx, f), f->next, start, idx);
    else
        x->loss_flags |= TF_L_GAP_ACKED;
}

/* The first segment seen from a side starts its sequence space; a later
 * one beyond what it was seen sending leaves a gap. */
static void note_start(tf_ctx *ctx, tf_flow *f, const tf_segment *s, int64_t start, uint32_t idx)
{
    if (!f->seen) {
        f->seen = true;
        f->first = f->seen_end = start;
        if (!f->acked_known || f->acked < start)
            f->next = start;
    } else if (start > f->seen_end && !(s->flags & TF_RST)) {
        note_gap(ctx, f, idx, start);
    }
    if ((s->flags & TF_SYN) && start == 0)
        f->syn_seen = true;
}

/* Payload at [data, end): below what was sent, it fills a gap (out of
 * order) or is sent again. */
static void note_payload(tf_ctx *ctx, tf_flow *f, const tf_flow *p, uint32_t idx, int64_t data, int64_t end,
                         uint32_t fin)
{
    tf_record *r = &ctx->recs[idx];
    r->bits |= TF_R_HAS_DATA;
    r->len = (uint32_t)(end - data);
    r->seq_rel = (uint32_t)data;
    if (data >= f->next)
        return;
    int64_t upto = end < f->next ? end : f->next;
    int64_t filled = hole_fill(ctx, f, data, upto, idx);
    uint32_t resent = (uint32_t)(upto - data - filled);
    if (filled)
        r->bits |= TF_R_OUT_OF_ORDER;
    if (resent)
        retransmission(ctx, f, p, idx, data, end, fin, resent);
    else if (filled)
        classify_resend(ctx, f, p, idx, data, end, true);
}

/* A FIN at position `end`: the side's first, or one sent again. */
static void note_fin(tf_ctx *ctx, tf_flow *f, uint32_t idx, int64_t end, tf_event *ev)
{
    tf_record *r = &ctx->recs[idx];
    r->marks |= TF_M_FIN;
    if (f->fin_seen && fin_pos(f) == end) {
        r->bits |= TF_R_FIN_RETRANS;
        r->marks |= TF_M_AMBIGUOUS;
        mark_resent(ctx, f, end, end + 1);
    } else if (!f->fin_seen) {
        f->fin_seen = true;
        f->fin_seq = f->base + (uint32_t)end;
        ev->new_fin = true;
    }
}

/* What occupies sequence space waits for the ACK that covers it: new data
 * in the FIFO, data sent again in the side list. */
static void wait_for_ack(tf_ctx *ctx, tf_flow *f, int64_t start, int64_t end, uint32_t idx)
{
    tf_pending e = { start, end, idx };
    if (e.end > f->next) {
        fifo_push(ctx, &buffers(ctx, f)->fifo, e);
        f->next = e.end;
    } else {
        side_push(ctx, &buffers(ctx, f)->side, e);
    }
}

/* Places the segment in its sender's sequence space. */
static void sequence(tf_ctx *ctx, tf_flow *f, const tf_flow *p, const tf_segment *s, uint32_t idx,
                     tf_event *ev)
{
    tf_record *r = &ctx->recs[idx];
    uint32_t syn = (s->flags & TF_SYN) ? 1 : 0;
    uint32_t fin = (s->flags & TF_FIN) ? 1 : 0;

    flow_set_base(f, syn ? s->seq : s->seq - 1);
    int64_t start = flow_pos(f, s->seq);
    r->bits |= probe_kind(f, p, s, start);
    if (r->bits & (TF_R_KEEPALIVE | TF_R_ZERO_WIN_PROBE)) {
        r->seq_rel = (uint32_t)start;     /* where its answer's ack is read against (note_answer) */
        r->len = s->payload_len;
        if ((r->bits & TF_R_ZERO_WIN_PROBE) && s->payload_len)   /* its byte is acknowledged like data, once taken */
            first_probe_waits(ctx, f, start, idx);
        return;
    }
    note_start(ctx, f, s, start, idx);
    int64_t data = start + syn, end = data + s->payload_len;
    if (s->payload_len)
        note_payload(ctx, f, p, idx, data, end, fin);
    if (fin)
        note_fin(ctx, f, idx, end, ev);
    uint32_t space = s->payload_len + syn + fin;
    if (!(s->flags & TF_RST) && start + space > f->seen_end)
        f->seen_end = start + space;
    if (space && !(s->flags & TF_RST) && !(r->marks & TF_M_SPURIOUS))   /* else nothing to acknowledge (again) */
        wait_for_ack(ctx, f, start, start + space, idx);
    else if (r->marks & TF_M_SPURIOUS)
        ring_push(&buffers(ctx, f)->spurious, (tf_pending){ start, start + space, idx }, TF_MAX_SPURIOUS);
}

static void sort_links(uint32_t *v, uint32_t n)
{
    for (uint32_t i = 1; i < n; i++) {
        uint32_t x = v[i], j = i;
        for (; j > 0 && v[j - 1] > x; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
}

/* Karn's rule (RFC 6298): an ACK is timed from the newest segment it
 * covers that was sent only once; when it covers only copies, it is not
 * timed.  Only an ACK whose newest link does not qualify keeps a note. */
static void time_from(tf_ctx *ctx, uint32_t idx, uint32_t first)
{
    uint32_t i = ctx->nlinks;
    while (i > first && (ctx->recs[ctx->links[i - 1]].marks & TF_M_AMBIGUOUS))
        i--;
    if (i == ctx->nlinks)
        return;
    ctx->recs[idx].marks |= TF_M_RTT_FROM;
    extra_for(ctx, idx)->rtt_from = i > first ? ctx->links[i - 1] : 0;
}

/* Applies the ACK field of a segment to what the peer `p` has sent. */
static void acknowledge(tf_ctx *ctx, tf_flow *p, const tf_segment *s, uint32_t idx, tf_event *ev)
{
    flow_set_base(p, s->ack - 1);
    int64_t a = flow_pos(p, s->ack);
    if (!p->acked_known) {           /* the first ACK is the baseline */
        p->acked = p->seen && p->first < a ? p->first : a;
        p->acked_known = true;
    }
    /* Beyond anything seen sent by more than any window: not an ACK a peer
     * could send (a corrupt or forged segment); RFC 9293 drops it. */
    if (a - (p->next > p->acked ? p->next : p->acked) > TF_MAX_WINDOW) {
        ctx->recs[idx].marks |= TF_M_ACK_BEYOND;
        return;
    }
    uint32_t first = ctx->nlinks;
    uint32_t acked_bytes = 0, unseen = 0;

    take_covered(ctx, p, a);
    if (a > p->acked) {
        acked_bytes = payload_between(p, p->acked, a);
        if (a > p->next) {
            unseen = payload_between(p, p->next > p->acked ? p->next : p->acked, a);
            p->next = a;
        }
        ev->syn_acked = p->syn_seen && covers(p->acked, a, 0);
        ev->fin_acked = p->fin_seen && covers(p->acked, a, fin_pos(p));
        p->acked = a;
    }

    tf_record *r = &ctx->recs[idx];
    r->acked_bytes = acked_bytes;
    if (unseen)
        extra_for(ctx, idx)->unseen_bytes = unseen;
    if (ctx->nlinks > first || acked_bytes)
        r->bits |= TF_R_NEW_ACK;
    sort_links(ctx->links + first, ctx->nlinks - first);
    for (uint32_t i = first; i < ctx->nlinks; i++) {
        tf_record *d = &ctx->recs[ctx->links[i]];
        if (!d->acked_in)
            d->acked_in = idx;
    }
    if (ctx->nlinks > first)
        time_from(ctx, idx, first);
}

/* A pure ACK repeating the sender's last ack and window while the peer has
 * data outstanding (RFC 5681's duplicate acknowledgement). */
static void duplicate_ack(tf_ctx *ctx, tf_flow *f, const tf_flow *p, const tf_segment *s, uint32_t idx)
{
    tf_record *r = &ctx->recs[idx];
    bool pure = !(s->flags & (TF_SYN | TF_FIN | TF_RST)) && s->payload_len == 0 &&
                !(r->bits & (TF_R_KEEPALIVE | TF_R_ZERO_WIN_PROBE));
    if (pure && f->ack_sent && s->ack == f->last_ack && s->window == f->last_win &&
        !(r->bits & TF_R_NEW_ACK) && p->next > p->acked) {
        tf_extra *x = extra_for(ctx, idx);
        x->dup_count = ++f->dup_count;
        x->dup_of = f->dup_of;
        return;
    }
    f->ack_sent = true;
    f->last_ack = s->ack;
    f->last_win = s->window;
    f->dup_count = 0;
    f->dup_of = idx;
}

/* The SACK blocks of an ACK (RFC 2018), in the order it lists them.  An
 * ACK with timestamps and nothing else is passed over without reading its
 * options. */
static unsigned read_blocks(const tf_flow *p, const tf_segment *s, tf_block *out)
{
    unsigned n = 0;
    const uint8_t *opt = s->options;
    if (!opt || s->options_len < 10 ||
        (s->options_len == 12 && opt[0] == TF_OPT_NOP && opt[1] == TF_OPT_NOP && opt[2] == TF_OPT_TIMESTAMP))
        return 0;
    size_t at = 0;
    tf_option o;
    while (tf_option_next(opt, s->options_len, &at, &o) == TF_OPTION_OK && o.kind != TF_OPT_EOL)
        for (unsigned i = 0; o.kind == TF_OPT_SACK && i + 10 <= o.len && n < TF_MAX_BLOCKS; i += 8)
            out[n++] = (tf_block){ flow_pos(p, tf_be32(o.value + i)), flow_pos(p, tf_be32(o.value + i + 4)) };
    return n;
}

/* RFC 2883: a first block at or below the ack, or inside the second,
 * reports bytes that arrived twice. */
static bool is_dsack(const tf_block *b, unsigned n, int64_t ack)
{
    return n && (b[0].right <= ack || (n > 1 && b[0].left >= b[1].left && b[0].right <= b[1].right));
}

/* The FIFO segment holding the byte at pos (0 when not remembered). */
static uint32_t segment_at(const tf_flow *f, int64_t pos)
{
    const tf_queue *q = &buffers_seen(f)->fifo;
    uint32_t i = fifo_first_past(q, pos);
    return i < q->count && fifo_at(q, i)->start <= pos ? fifo_at(q, i)->rec : 0;
}

/* The scoreboard without what the ack now covers. */
static void scoreboard_trim(tf_buffers *b, int64_t ack)
{
    uint32_t kept = 0;
    for (uint32_t i = 0; i < b->nsacked; i++)
        if (b->sacked[i].right > ack)
            b->sacked[kept++] = (tf_block){ b->sacked[i].left > ack ? b->sacked[i].left : ack, b->sacked[i].right };
    b->nsacked = kept;
}

/* Adds a block, merged with those it overlaps or touches, kept in order. */
static void scoreboard_add(tf_buffers *b, tf_block blk)
{
    tf_block v[TF_SCOREBOARD + 1];
    uint32_t n = 0, i = 0;
    for (; i < b->nsacked && b->sacked[i].right < blk.left; i++)
        v[n++] = b->sacked[i];
    for (; i < b->nsacked && b->sacked[i].left <= blk.right; i++) {
        blk.left = b->sacked[i].left < blk.left ? b->sacked[i].left : blk.left;
        blk.right = b->sacked[i].right > blk.right ? b->sacked[i].right : blk.right;
    }
    v[n++] = blk;
    for (; i < b->nsacked; i++)
        v[n++] = b->sacked[i];
    uint32_t drop = n > TF_SCOREBOARD ? n - TF_SCOREBOARD : 0;
    memcpy(b->sacked, v + drop, (n - drop) * sizeof *v);
    b->nsacked = n - drop;
}

/* What the scoreboard says on an ACK: bytes held above it, bytes missing
 * below the highest, and the segments holding the lowest and highest of
 * them and the ack's byte. */
static void note_scoreboard(tf_ctx *ctx, const tf_flow *p, uint32_t idx)
{
    const tf_buffers *b = p->buf;
    int64_t held = 0, ack = p->acked, top = b->sacked[b->nsacked - 1].right;
    for (uint32_t i = 0; i < b->nsacked; i++)
        held += b->sacked[i].right - b->sacked[i].left;
    tf_extra *x = extra_for(ctx, idx);
    x->sack_held = clamp_u32(held);
    x->sack_missing = clamp_u32(top - ack - held);
    x->sack_first = segment_at(p, b->sacked[0].left);
    x->sack_last = segment_at(p, top - 1);
    x->sack_hole = segment_at(p, ack);
}

/* The newest spurious copy of the byte at pos (0 when not remembered). */
static uint32_t newest_spurious(const tf_flow *f, int64_t pos)
{
    const tf_queue *q = &buffers_seen(f)->spurious;
    for (uint32_t i = q->count; i-- > 0;)
        if (fifo_at(q, i)->start <= pos && pos < fifo_at(q, i)->end)
            return fifo_at(q, i)->rec;
    return 0;
}

/* A D-SACK names the copy that was not needed: the newest the sender sent
 * of those bytes, which learns it (a forward link) when it was sent again. */
static void note_dsack(tf_ctx *ctx, const tf_flow *p, uint32_t idx, const tf_block *b)
{
    uint32_t copy = find_copy(p, b->left, true), spurious = newest_spurious(p, b->left);
    if (spurious > copy)
        copy = spurious;
    tf_extra *x = extra_for(ctx, idx);
    x->loss_flags |= TF_L_DSACK;
    x->dsack_of = copy;
    tf_extra *c = copy ? extra_at(ctx, copy) : NULL;
    if (c && (c->retrans_bytes || c->resend) && !c->dsack_in)   /* a resent copy: an original has no entry */
        c->dsack_in = idx;
}

/* What the receiver's SACK blocks say (RFC 2018, RFC 6675): a D-SACK
 * first, against this ACK's own ack; then the blocks above the highest ack
 * and within what was sent join the sender's scoreboard, from which the
 * ACK tells what is held and what is missing, and the sender's next
 * retransmissions are read. */
static void note_sack(tf_ctx *ctx, tf_flow *p, const tf_segment *s, uint32_t idx)
{
    tf_block b[TF_MAX_BLOCKS];
    unsigned n = read_blocks(p, s, b);
    if (!n && !(p->buf && p->buf->nsacked))
        return;
    bool dsack = is_dsack(b, n, flow_pos(p, s->ack));
    if (dsack)
        note_dsack(ctx, p, idx, &b[0]);
    if (!p->buf)
        return;
    bool added = false;
    scoreboard_trim(p->buf, p->acked);
    for (unsigned i = dsack; i < n; i++)
        if (b[i].left < b[i].right && b[i].right > p->acked && b[i].right <= p->next) {
            scoreboard_add(p->buf, (tf_block){ b[i].left > p->acked ? b[i].left : p->acked, b[i].right });
            added = true;
        }
    if (added) {
        p->buf->sack_rec = idx;
        note_scoreboard(ctx, p, idx);
    }
}

/* ---- flow control ------------------------------------------------------ */

/* The shift a side's windows are scaled by: only when both SYNs offered
 * scaling (RFC 7323), and unknown without them. */
static int side_shift(const tf_conn *c, tf_side side)
{
    const int8_t *ws = c->wscale;
    if (ws[TF_CLIENT] == TF_WSCALE_UNKNOWN || ws[TF_SERVER] == TF_WSCALE_UNKNOWN)
        return TF_WSCALE_UNKNOWN;
    if (ws[TF_CLIENT] == TF_WSCALE_NONE || ws[TF_SERVER] == TF_WSCALE_NONE)
        return TF_WSCALE_NONE;
    return ws[side];
}

/* A zero window stays closed until a window above zero reopens it. */
static uint8_t zero_window(tf_ctx *ctx, tf_flow *f, const tf_segment *s, uint32_t idx)
{
    uint8_t ev = (s->window == 0 && !(s->flags & (TF_SYN | TF_FIN))) ? TF_W_ZERO : 0;
    if (ev) {
        f->zero_rec = f->zero_rec ? f->zero_rec : idx;
    } else if (s->window && f->zero_rec) {
        extra_for(ctx, idx)->zero_since = f->zero_rec;
        f->zero_rec = 0;
        ev |= TF_W_REOPENED;
    }
    return ev;
}

/* Against the sender's previous ACK: a window update (nothing new but the
 * window, as Wireshark reads it) and a right edge that moved back by at
 * least one scale unit (less is the rounding of a scaled window).  A SYN's
 * window, never scaled, is no measure for the scaled ones after it; an ACK
 * older than the one before it (reordered on the way) updates no window
 * (RFC 9293 section 3.10.7.4), so it shrinks none. */
static uint8_t window_change(tf_ctx *ctx, const tf_flow *f, const tf_flow *p, const tf_segment *s, uint32_t idx,
                             uint32_t win, int shift)
{
    uint8_t ev = 0;
    if (!(s->flags & TF_ACK) || !f->ack_sent || f->win_syn || (s->flags & (TF_SYN | TF_FIN)) ||
        s->window == f->last_win)            /* the same window: no update, and an edge that moves back
                                              * would need an older ack, which updates nothing */
        return 0;
    if (!s->payload_len && !(ctx->recs[idx].bits & (TF_R_KEEPALIVE | TF_R_ZERO_WIN_PROBE)) && s->window &&
        s->ack == f->last_ack && flow_pos(f, s->seq) == f->next)
        ev |= TF_W_UPDATE;
    if (s->window < f->last_win && f->win_known && shift != TF_WSCALE_UNKNOWN) {
        int64_t ack_before = flow_pos(p, f->last_ack), ack_now = flow_pos(p, s->ack);
        int64_t before = ack_before + f->win, now = ack_now + win;
        if (ack_now >= ack_before && before - now >= (1LL << (shift > 0 ? shift : 0))) {
            ev |= TF_W_SHRUNK;
            extra_for(ctx, idx)->shrunk_by = clamp_u32(before - now);
        }
    }
    if (ev)
        extra_for(ctx, idx)->win_previous = f->win;
    return ev;
}

/* Data ending at the right edge of the window the peer offered (its last
 * ack plus its scaled window): the sender can send no more until an ACK
 * moves the edge.  Data going beyond it means the capture missed a window
 * (or has the scale wrong), so nothing is said. */
static uint8_t window_full(tf_ctx *ctx, tf_flow *f, const tf_flow *p, const tf_segment *s, uint32_t idx)
{
    if (!s->payload_len || (s->flags & (TF_SYN | TF_FIN)) || !p->ack_sent || !p->win_known ||
        (ctx->recs[idx].bits & (TF_R_KEEPALIVE | TF_R_ZERO_WIN_PROBE)))
        return 0;
    if (s->seq + s->payload_len != p->last_ack + p->win)   /* beyond it, the capture's idea of the window is wrong */
        return 0;
    tf_extra *x = extra_for(ctx, idx);
    x->win_in_flight = payload_between(f, flow_pos(f, p->last_ack), f->next);
    x->win_offered = p->win;
    f->full_rec = f->full_rec ? f->full_rec : idx;
    return TF_W_FULL;
}

/* The peer `d` filled this sender's window: the first ACK whose right edge
 * passes what d has sent lets it send again, and ends the time it was held
 * back by the receiver. */
static uint8_t window_relief(tf_ctx *ctx, tf_flow *d, const tf_segment *s, uint32_t idx, uint32_t win, int shift)
{
    if (!d->full_rec || !(s->flags & TF_ACK) || shift == TF_WSCALE_UNKNOWN || flow_pos(d, s->ack) + win <= d->next)
        return 0;
    extra_for(ctx, idx)->full_since = d->full_rec;
    d->full_rec = 0;
    return TF_W_RELIEVED;
}

/* What the window of a segment says of its sender's receive buffer, and
 * whether its data filled the peer's. */
static void note_window(tf_ctx *ctx, tf_conn *c, const tf_segment *s, uint32_t idx, tf_side from)
{
    tf_flow *f = &c->flow[from], *p = &c->flow[tf_peer(from)];
    int shift = (s->flags & TF_SYN) ? 0 : side_shift(c, from);
    uint32_t win = shift > 0 ? (uint32_t)s->window << shift : s->window;
    uint8_t ev = zero_window(ctx, f, s, idx) | window_change(ctx, f, p, s, idx, win, shift) |
                 window_full(ctx, f, p, s, idx) | window_relief(ctx, p, s, idx, win, shift);
    if (ev) {
        tf_extra *x = extra_for(ctx, idx);
        x->win_events = ev | (shift == TF_WSCALE_UNKNOWN ? TF_W_SCALE_UNKNOWN : 0);
        x->win_size = win;
    }
    f->win = win;
    f->win_known = shift != TF_WSCALE_UNKNOWN;
    f->win_syn = (s->flags & TF_SYN) != 0;
}

/* ---- timing: delayed ACKs, Nagle and idle time ----------------------------- */

/* A segment Nagle's algorithm would hold back while data is unacknowledged:
 * shorter than the MSS the receiver offered (without one, RFC 9293's 536,
 * or 1220 over IPv6, RFC 8200), less 40 bytes for options a full segment
 * may carry. */
static bool small_segment(const tf_conn *c, tf_side to, uint32_t len)
{
    uint32_t mss = c->pace.mss[to] ? c->pace.mss[to] : c->addr_len == 16 ? 1220 : 536;
    return len + 40 < mss;
}

static int64_t rtt_min(const tf_conn *c, tf_side side)
{
    return c->pace.rtt_min[side] ? (int64_t)c->pace.rtt_min[side] - 1 : -1;
}

/* RFC 6298's smoothed round trip: 7/8 of the old, 1/8 of the sample. */
static void note_srtt(tf_clock *k, tf_side side, int64_t ns)
{
    int64_t old = k->srtt[side] - 1;
    k->srtt[side] = (k->srtt[side] ? old + (ns - old) / 8 : ns) + 1;
}

/* The quickest round trip of a side's segments (SYNs and FINs included:
 * they are acknowledged at once), measured from the capture point. */
static void note_rtt(tf_ctx *ctx, tf_conn *c, uint32_t idx, tf_side side)
{
    uint32_t from = rtt_link(ctx, idx);
    int64_t ns;
    if (!from || !tf_elapsed(&ctx->recs[from], &ctx->recs[idx], &ns))
        return;
    if (!ctx->recs[from].hs_step)                 /* over the transfer: the handshake's has its own field */
        note_srtt(clock_of(ctx, c), side, ns);
    int64_t min = rtt_min(c, side);
    if (min < 0 || ns < min)
        c->pace.rtt_min[side] = clamp_u32(ns + 1);
}

/* A pure ACK of one lone segment (all its sender had outstanding) that
 * came so much later than the quickest round trip of that sender's
 * segments that the receiver must have held it: its delayed-ACK timer.
 * Much less than a round trip of difference could be the path's jitter. */
static bool delayed_ack(tf_ctx *ctx, const tf_conn *c, const tf_segment *s, uint32_t idx, tf_side from)
{
    const tf_record *r = &ctx->recs[idx];
    tf_side data_side = tf_peer(from);
    const tf_flow *p = &c->flow[data_side];
    int64_t base = rtt_min(c, data_side), delay;
    if (!tf_is_ack_only(s->flags) || s->payload_len || base < 0 || p->acked < p->next)
        return false;
    uint32_t n;
    const uint32_t *links = links_of(ctx, idx, &n);
    if (n != 1)
        return false;
    const tf_record *d = &ctx->recs[links[0]];
    if (!(d->bits & TF_R_HAS_DATA) || !tf_ack_timed(d) || !tf_elapsed(d, r, &delay))
        return false;
    int64_t held = delay - base;
    if (held < TF_DELACK_MIN_NS || held > TF_DELACK_MAX_NS || held * 4 < base)
        return false;
    extra_for(ctx, idx)->timing |= TF_T_DELAYED_ACK;
    note_for(ctx, idx)->delack_base = clamp_u32(base);
    return true;
}

/* A small segment sent right after the delayed ACK of the small segment
 * before it: Nagle's algorithm held it until that ACK (the write-write-read
 * stall).  "Right after" allows for the way back from the capture point to
 * the sender: the quickest round trip of the receiver's segments. */
static void nagle(tf_ctx *ctx, const tf_conn *c, const tf_segment *s, uint32_t idx, tf_side from)
{
    const tf_record *r = &ctx->recs[idx], *ack = tf_record_at(ctx, c->pace.delack);
    uint32_t n;
    int64_t after, back = rtt_min(c, tf_peer(from));
    if (!ack || ack->sender == from || !(r->bits & TF_R_HAS_DATA) || (s->flags & (TF_SYN | TF_RST)) ||
        (r->bits & TF_R_OUT_OF_ORDER) ||
        tf_extra_of(ctx, idx)->retrans_bytes || !small_segment(c, tf_peer(from), s->payload_len))
        return;
    uint32_t first = *links_of(ctx, c->pace.delack, &n);
    const tf_record *a = &ctx->recs[first];
    if (tf_next_rel(a) != r->seq_rel || !small_segment(c, tf_peer(from), a->len) || !tf_elapsed(ack, r, &after) ||
        after > 2 * (back > 0 ? back : 0) + 2000000)
        return;
    extra_for(ctx, idx)->timing |= TF_T_NAGLE;
    tf_pace_note *note = note_for(ctx, idx);
    note->nagle_after = first;
    note->nagle_ack = c->pace.delack;
}

/* Nothing outstanding either way after the newest segment: no data or
 * FIN waiting for an ACK, no window closed, no probe unanswered. */
static bool conn_quiet(const tf_conn *c)
{
    const tf_flow *f = c->flow;
    return !flow_waiting(&f[TF_CLIENT]) && !flow_waiting(&f[TF_SERVER]) && !f[TF_CLIENT].zero_rec &&
           !f[TF_SERVER].zero_rec && !c->probe[TF_CLIENT] && !c->probe[TF_SERVER] && !c->rst_rec && !both_closed(c);
}

/* Read before the segment changes anything: the connection stands as its
 * previous segment left it. */
static void idle_before(tf_ctx *ctx, const tf_conn *c, uint32_t idx)
{
    int64_t quiet;
    if (c->pace.last && tf_elapsed(&ctx->recs[c->pace.last], &ctx->recs[idx], &quiet) && quiet >= TF_IDLE_NS &&
        conn_quiet(c)) {
        extra_for(ctx, idx)->timing |= TF_T_IDLE;
        note_for(ctx, idx)->idle_since = c->pace.last;
    }
}

static void note_timing(tf_ctx *ctx, tf_conn *c, const tf_segment *s, uint32_t idx, tf_side from)
{
    if (c->pace.delack)
        nagle(ctx, c, s, idx, from);
    c->pace.delack = 0;
    if (!(ctx->recs[idx].bits & TF_R_NEW_ACK) || (s->flags & TF_RST))   /* a RST's ack times nothing */
        return;
    if (delayed_ack(ctx, c, s, idx, from))
        c->pace.delack = idx;
    note_rtt(ctx, c, idx, tf_peer(from));
}

/* ---- ECN: congestion marks, their echo and the sender's answer ---------- */

typedef enum tf_ecn_mode {
    TF_ECN_UNKNOWN = 0,      /* no handshake seen: ECE and CWR are read as RFC 3168's */
    TF_ECN_OFF, TF_ECN_ASKED, TF_ECN_ASKED_ACCECN, TF_ECN_ON, TF_ECN_ACCECN
} tf_ecn_mode;

#define TF_ACE_BITS (TF_AE | TF_CWR | TF_ECE)

static uint8_t ace_of(uint16_t flags)
{
    return (uint8_t)(((flags & TF_AE) ? 4 : 0) | ((flags & TF_CWR) ? 2 : 0) | ((flags & TF_ECE) ? 1 : 0));
}

/* A SYN asks (ECE+CWR; with AE, for Accurate ECN), a SYN+ACK agrees (ECE
 * alone; to an AccECN SYN, any ACE but 0 and 1: RFC 9768 3.1.3) or not. */
static tf_ecn_setup ecn_setup(tf_conn *c, uint16_t flags)
{
    uint8_t ace = ace_of(flags);
    if (tf_is_syn(flags)) {
        c->pace.ecn = ace == 7 ? TF_ECN_ASKED_ACCECN : ace == 3 ? TF_ECN_ASKED : TF_ECN_OFF;
        return ace == 7 ? TF_ES_ASK_ACCECN : ace == 3 ? TF_ES_ASK : TF_ES_NONE;
    }
    if (c->pace.ecn == TF_ECN_ON || c->pace.ecn == TF_ECN_ACCECN)
        return TF_ES_NONE;            /* a SYN+ACK again: the answer stands (an AccECN resend carries 0,0,0) */
    if (c->pace.ecn == TF_ECN_ASKED_ACCECN && ace > 1) {     /* 0,1,0 ... 1,1,0, and the codepoints reserved */
        c->pace.ecn = TF_ECN_ACCECN;
        c->pace.ace[TF_CLIENT] = c->pace.ace[TF_SERVER] = 5 + 1;   /* each side's CE counter starts at 5 */
        return TF_ES_AGREE_ACCECN;
    }
    if ((c->pace.ecn == TF_ECN_ASKED || c->pace.ecn == TF_ECN_ASKED_ACCECN || c->pace.ecn == TF_ECN_UNKNOWN) &&
        ace == 1) {
        c->pace.ecn = TF_ECN_ON;
        return TF_ES_AGREE;
    }
    bool asked = c->pace.ecn == TF_ECN_ASKED || c->pace.ecn == TF_ECN_ASKED_ACCECN;
    c->pace.ecn = TF_ECN_OFF;
    return asked ? TF_ES_DECLINE : TF_ES_NONE;
}

/* Whether the side's pending CE mark came on a segment sent at or after its CWR. */
static bool ce_after_cwr(const tf_ctx *ctx, const tf_conn *c, tf_side side)
{
    uint32_t ce = c->pace.ce[side];
    return ce && flow_pos(&c->flow[side], ctx->recs[ce].seq_rel + c->flow[side].base) >= c->pace.cwr_at[side];
}

/* RFC 3168 6.1.3: the receiver of a CE mark sets ECE on its ACKs until the
 * sender's CWR says it reduced its congestion window.  An ECE whose ack does
 * not reach the CWR segment was sent before the CWR arrived: it still
 * belongs to the run the CWR ended (a capture near the sender shows them). */
static uint8_t ecn_echo(tf_ctx *ctx, tf_conn *c, const tf_segment *s, uint32_t idx, tf_side from)
{
    tf_side peer = tf_peer(from);
    uint8_t ev = 0;
    if ((s->flags & TF_ECE) && (s->flags & TF_ACK)) {
        bool before_cwr = !c->pace.ece[from] && c->pace.ended[from] &&
                          flow_pos(&c->flow[peer], s->ack) <= c->pace.cwr_at[peer];
        uint32_t run = c->pace.ece[from] ? c->pace.ece[from] : before_cwr ? c->pace.ended[from] : 0;
        ev = run ? TF_E_ECE_MORE : TF_E_ECE;
        note_for(ctx, idx)->ecn_link = run ? run : c->pace.ce[peer];
        c->pace.ece[from] = c->pace.ece[from] ? c->pace.ece[from] : before_cwr ? 0 : idx;
        if (!before_cwr || !ce_after_cwr(ctx, c, peer))    /* a mark sent after the CWR starts the next run */
            c->pace.ce[peer] = 0;
    }
    if ((s->flags & TF_CWR) && c->pace.ece[peer]) {
        ev |= TF_E_CWR;
        note_for(ctx, idx)->cwr_of = c->pace.ece[peer];
        c->pace.ended[peer] = c->pace.ece[peer];
        c->pace.cwr_at[from] = flow_pos(&c->flow[from], s->seq);
        c->pace.ece[peer] = 0;
    }
    return ev;
}

/* Accurate ECN: AE, CWR and ECE count the CE marks received, mod 8.  The
 * handshake's ACK carries other feedback, so counting starts after it. */
static uint8_t ace_count(tf_ctx *ctx, tf_conn *c, const tf_segment *s, uint32_t idx, tf_side from)
{
    uint8_t ace = ace_of(s->flags), before = c->pace.ace[from];
    if (ctx->recs[idx].hs_step || !(s->flags & TF_ACK))
        return 0;
    c->pace.ace[from] = (uint8_t)(ace + 1);
    if (!before || ace == before - 1)
        return 0;
    tf_pace_note *n = note_for(ctx, idx);
    n->ace = ace;
    n->ace_delta = (uint8_t)((ace - (before - 1)) & 7);
    return TF_E_ACE;
}

static void note_ecn(tf_ctx *ctx, tf_conn *c, const tf_segment *s, uint32_t idx, tf_side from)
{
    uint8_t ev = 0;
    if (!(s->flags & (TF_SYN | TF_ACE_BITS)) && s->ip_ecn != TF_IP_CE && c->pace.ecn != TF_ECN_ACCECN)
        return;                                   /* nothing to read: most segments */
    if ((s->flags & TF_SYN) && !(s->flags & TF_RST)) {
        tf_ecn_setup setup = ecn_setup(c, s->flags);
        if (setup) {
            extra_for(ctx, idx)->ecn |= TF_E_SETUP;
            note_for(ctx, idx)->ecn_setup = (uint8_t)setup;
        }
        return;
    }
    if (c->pace.ecn == TF_ECN_ASKED || c->pace.ecn == TF_ECN_ASKED_ACCECN)
        c->pace.ecn = TF_ECN_UNKNOWN;          /* the answer was not captured */
    if (c->pace.ecn == TF_ECN_UNKNOWN && (s->flags & TF_AE))
        c->pace.ecn = TF_ECN_ACCECN;           /* only Accurate ECN sets AE after the handshake */
    if (c->pace.ecn == TF_ECN_ACCECN) {
        ev = ace_count(ctx, c, s, idx, from);
    } else if ((c->pace.ecn == TF_ECN_ON || c->pace.ecn == TF_ECN_UNKNOWN) && (s->flags & (TF_ECE | TF_CWR))) {
        ev = ecn_echo(ctx, c, s, idx, from);
    }
    if (s->ip_ecn == TF_IP_CE) {
        ev |= TF_E_CE;
        c->pace.ce[from] = c->pace.ce[from] ? c->pace.ce[from] : idx;   /* the mark that starts the echo */
    }
    if (ev)
        extra_for(ctx, idx)->ecn |= ev;
}

/* ---- teardown and reset ------------------------------------------------ */

static void teardown(tf_ctx *ctx, tf_conn *c, uint32_t idx, const tf_event *ev)
{
    tf_record *r = &ctx->recs[idx];
    tf_teardown *td = &c->td;
    tf_side me = ev->from, peer = tf_peer(ev->from);

    if (ev->fin_acked) {             /* the ACK of the peer's FIN */
        td->ack[peer] = idx;
        r->td_steps |= td->started && td->initiator == peer ? 1u << 1 : 1u << 3;
    }
    if (ev->new_fin) {
        td->fin[me] = idx;
        if (!td->started) {
            td->started = true;
            td->initiator = (uint8_t)me;
            r->td_steps |= 1u << 0;
        } else {
            r->td_steps |= 1u << 2;
            if (!td->ack[peer])      /* sent before it heard the first FIN */
                r->bits |= TF_R_SIM_CLOSE;
        }
    } else if (r->bits & TF_R_FIN_RETRANS) {
        r->td_steps |= td->started && td->initiator == me ? 1u << 0 : 1u << 2;
    }
}

/* Where a side's unacknowledged sequence space starts, past its SYN: a SYN
 * whose answer the capture missed waits for nothing once data flows. */
static inline int64_t unacked_from(const tf_flow *f)
{
    int64_t from = f->acked_known && f->acked > f->first ? f->acked : f->first;
    return f->syn_seen && from < 1 ? 1 : from;
}

static uint32_t unacked_bytes(const tf_flow *f)
{
    return f->seen ? payload_between(f, unacked_from(f), f->next) : 0;
}

/* A segment after the RST that ended its connection (a FIN or data still
 * in flight, an answer to the RST): it changes no state. */
static void note_after_reset(tf_ctx *ctx, tf_conn *c, uint32_t idx)
{
    ctx->recs[idx].marks |= TF_M_AFTER_RST;
    extra_for(ctx, idx)->after_rst = c->rst_rec;
}

/* A RST ends the connection: both sides are CLOSED from now on. */
static void note_rst(tf_ctx *ctx, tf_conn *c, uint32_t idx)
{
    tf_record *r = &ctx->recs[idx];
    if (c->td.started)
        r->rst_phase = TF_RST_CLOSING;
    else if (c->hs.syn && !c->hs.ack)
        r->rst_phase = TF_RST_HANDSHAKE;
    else
        r->rst_phase = TF_RST_ESTABLISHED;
    if (r->sender == TF_SERVER && c->hs.syn && !c->hs.synack)
        r->bits |= TF_R_RST_REFUSED;
    uint32_t uc = unacked_bytes(&c->flow[TF_CLIENT]), us = unacked_bytes(&c->flow[TF_SERVER]);
    if ((uc || us) && !c->rst_rec) {         /* a second RST aborts nothing more */
        tf_extra *x = extra_for(ctx, idx);
        x->rst_unacked[TF_CLIENT] = uc;
        x->rst_unacked[TF_SERVER] = us;
    }
    c->state[TF_CLIENT] = c->state[TF_SERVER] = TF_ST_CLOSED;
    if (!c->rst_rec)
        c->rst_rec = idx;
}

/* The first segment with an ACK after a keep-alive, a zero-window probe or
 * a spurious retransmission answers it (a receiver acknowledges at once
 * what it had already, RFC 5681 section 4.2).  A probe's byte that the answer acknowledges was seen: the
 * window had opened and the receiver took it. */
static void note_answer(tf_ctx *ctx, tf_conn *c, const tf_segment *s, uint32_t idx, tf_side from)
{
    tf_side peer = tf_peer(from);
    uint32_t probe = c->probe[peer];
    if (!probe)
        return;
    c->probe[peer] = 0;
    extra_for(ctx, idx)->answers = probe;
    tf_flow *p = &c->flow[peer];
    const tf_record *pr = &ctx->recs[probe];
    if ((pr->bits & TF_R_ZERO_WIN_PROBE) && (uint32_t)p->next == pr->seq_rel && flow_pos(p, s->ack) == p->next + 1) {
        p->next++;
        p->seen_end = p->next > p->seen_end ? p->next : p->seen_end;   /* its byte was seen */
    }
}

/* ---- endpoint states --------------------------------------------------- */

static void update_states(tf_conn *c, const tf_segment *s, const tf_event *ev)
{
    uint8_t *me = &c->state[ev->from], *peer = &c->state[tf_peer(ev->from)];
    uint16_t f = s->flags;

    if (f & TF_RST)
        return;                               /* note_rst closes both */
    if (ev->syn_acked && (*peer == TF_ST_SYN_SENT || *peer == TF_ST_SYN_RECEIVED))
        *peer = TF_ST_ESTABLISHED;
    if ((f & TF_ACK) && !(f & TF_SYN) && *me == TF_ST_SYN_SENT) {
        /* it acknowledges a SYN+ACK the capture did not show */
        *me = TF_ST_ESTABLISHED;
        if (*peer == TF_ST_LISTEN || *peer == TF_ST_SYN_RECEIVED)
            *peer = TF_ST_ESTABLISHED;
    }
    if (ev->fin_acked)
        *peer = *peer == TF_ST_FIN_WAIT_1 ? TF_ST_FIN_WAIT_2 : *peer == TF_ST_CLOSING ? TF_ST_TIME_WAIT
              : *peer == TF_ST_LAST_ACK ? TF_ST_CLOSED : *peer;
    if (tf_is_syn(f)) {
        if (*peer == TF_ST_SYN_SENT)          /* simultaneous open: each got the other's SYN */
            *me = *peer = TF_ST_SYN_RECEIVED;
        else
            *me = TF_ST_SYN_SENT;
    } else if ((f & TF_SYN) && *me != TF_ST_ESTABLISHED) {
        *me = TF_ST_SYN_RECEIVED;
    }
    if (ev->new_fin) {
        bool crossing = *peer == TF_ST_FIN_WAIT_1;
        *me = crossing ? TF_ST_CLOSING : *me == TF_ST_CLOSE_WAIT ? TF_ST_LAST_ACK : TF_ST_FIN_WAIT_1;
        *peer = *peer == TF_ST_FIN_WAIT_2 ? TF_ST_TIME_WAIT : crossing ? TF_ST_CLOSING : TF_ST_CLOSE_WAIT;
    }
}

/* ---- where the time went ------------------------------------------------ */

/* What a connection waits for after a segment (tf_conn.wait): the part the
 * time until its next segment goes to, unless that segment names the wait
 * itself, and in bit 4 whose data it concerns.  After the last data a FIN
 * may end the connection: that time is kept aside, the teardown's unless
 * data comes again. */
enum { TF_WAIT_TAIL_QUIET = TF_PART_COUNT, TF_WAIT_TAIL_BUSY };

static uint8_t wait_code(unsigned part, tf_side side)
{
    return (uint8_t)(part | (unsigned)side << 4);
}

static inline int64_t space_waiting(const tf_flow *f)
{
    int64_t from = unacked_from(f);
    return f->seen && f->next > from ? f->next - from : 0;
}

static bool data_waiting(const tf_flow *f)
{
    return f->seen && (f->fin_seen ? fin_pos(f) : f->next) > unacked_from(f);
}

static bool sent_beyond_syn(const tf_flow *f)
{
    return f->seen && f->next > f->first + (f->syn_seen ? 1 : 0);
}

/* Most telling first: the handshake, a reset, a recovery, a closed or full
 * window, then what is in flight. */
static uint8_t wait_after(const tf_conn *c)
{
    if (c->rst_rec)
        return wait_code(TF_PART_TEARDOWN, TF_CLIENT);
    if ((c->hs.syn || c->hs.synack) && !c->hs.ack && !sent_beyond_syn(&c->flow[TF_CLIENT]) &&
        !sent_beyond_syn(&c->flow[TF_SERVER]))
        return wait_code(TF_PART_HANDSHAKE, TF_CLIENT);    /* data ends it too: its ACK may be missing */
    if (c->clock && (c->clock->recovering[TF_CLIENT] | c->clock->recovering[TF_SERVER]))
        return c->clock->recovering[TF_CLIENT] ? wait_code(c->clock->recovering[TF_CLIENT], TF_CLIENT)
                                               : wait_code(c->clock->recovering[TF_SERVER], TF_SERVER);
    for (tf_side s = TF_CLIENT; s <= TF_SERVER; s++)
        if (c->flow[tf_peer(s)].zero_rec || c->flow[s].full_rec)
            return wait_code(TF_PART_RECEIVER, s);
    int64_t out[2] = { space_waiting(&c->flow[TF_CLIENT]), space_waiting(&c->flow[TF_SERVER]) };
    tf_side side = out[TF_SERVER] > out[TF_CLIENT];
    if (c->td.started && !data_waiting(&c->flow[TF_CLIENT]) && !data_waiting(&c->flow[TF_SERVER]))
        return wait_code(out[side] ? TF_WAIT_TAIL_BUSY : TF_WAIT_TAIL_QUIET, side);
    return out[side] ? wait_code(TF_PART_SENDING, side) : wait_code(TF_PART_IDLE, TF_CLIENT);
}

/* The part a segment itself names for the wait before it, if any: the
 * retransmission timer, a delayed ACK, or Nagle's algorithm. */
static bool by_timer(const tf_flow *p, const tf_extra *x)
{
    return x->resend == TF_RS_TIMEOUT || (x->resend == TF_RS_SPURIOUS && !p->dup_count);
}

static bool part_named_by(const tf_flow *p, const tf_extra *x, tf_side from, tf_part *part, tf_side *side)
{
    bool timer = by_timer(p, x);
    *part = timer ? TF_PART_TIMEOUT : TF_PART_STALL;
    *side = (x->timing & TF_T_DELAYED_ACK) ? tf_peer(from) : from;
    return timer || (x->timing & (TF_T_DELAYED_ACK | TF_T_NAGLE));
}

/* Data after a FIN gives the time kept aside back to the parts it would
 * have had. */
static void tail_given_back(tf_clock *k)
{
    k->part[TF_PART_IDLE][TF_CLIENT] += k->tail_quiet;
    k->part[TF_PART_SENDING][k->tail_side] += k->tail_busy;
    k->tail_quiet = k->tail_busy = 0;
}

/* The time since the connection's previous segment (`wait` what it waited
 * for), counted in its part. */
static void count_interval(tf_clock *k, uint8_t wait, int64_t since, const tf_conn *c, const tf_record *r,
                           const tf_extra *x)
{
    unsigned part = wait & 15u;
    tf_side side = (tf_side)(wait >> 4), named_side;
    tf_part named;
    bool data = r->bits & TF_R_HAS_DATA;
    if (part >= TF_WAIT_TAIL_QUIET && data) {
        tail_given_back(k);
        part = part == TF_WAIT_TAIL_BUSY ? TF_PART_SENDING : TF_PART_IDLE;
    }
    if (part != TF_PART_HANDSHAKE && part != TF_PART_TEARDOWN &&
        part_named_by(&c->flow[tf_peer(r->sender)], x, r->sender, &named, &named_side)) {
        part = named;
        side = named_side;
    }
    if (part == TF_PART_STALL && (x->timing & TF_T_DELAYED_ACK)) {  /* a stall only if Nagle's segment follows */
        k->held_side = (uint8_t)side;
        k->held += since;
    } else if (part == TF_WAIT_TAIL_BUSY) {
        k->tail_side = (uint8_t)side;
        k->tail_busy += since;
    } else if (part == TF_WAIT_TAIL_QUIET) {
        k->tail_quiet += since;
    } else {
        k->part[part][part == TF_PART_IDLE ? TF_CLIENT : side] += since;
    }
}

/* A side's recovery, from a loss seen until the peer acknowledges all
 * that was sent when the last loss of it was seen (RFC 6582's recover,
 * moved on by a loss beyond it); a timeout makes it a timeout's. */
static void start_recovery(tf_clock *k, const tf_flow *f, tf_side s, tf_part kind)
{
    if (!k->recovering[s]) {
        k->recover[s] = f->next;
        k->recoveries[s] += kind == TF_PART_FAST;
    } else if (f->next > k->recover[s]) {
        k->recover[s] = f->next;
    }
    if (kind == TF_PART_TIMEOUT || !k->recovering[s])
        k->recovering[s] = (uint8_t)kind;
}

static void end_recovery(tf_clock *k, const tf_conn *c)
{
    for (tf_side s = TF_CLIENT; s <= TF_SERVER; s++)
        if (k->recovering[s] && c->flow[s].acked_known && c->flow[s].acked >= k->recover[s])
            k->recovering[s] = 0;
}

static void note_recovery(tf_clock *k, const tf_conn *c, const tf_extra *x, tf_side from)
{
    const tf_flow *p = &c->flow[tf_peer(from)];
    k->retrans[from] += x->retrans_bytes;
    k->timeouts[from] += by_timer(p, x);
    if (!p->seen)                            /* no ACK in the capture would ever end a recovery */
        return;
    if (x->resend == TF_RS_TIMEOUT)
        start_recovery(k, &c->flow[from], from, TF_PART_TIMEOUT);
    else if ((x->resend && x->resend != TF_RS_SPURIOUS && x->resend != TF_RS_TLP) ||
             (x->gap && !(x->loss_flags & TF_L_GAP_ACKED)))
        start_recovery(k, &c->flow[from], from, TF_PART_FAST);
    if (x->dup_count == 3)
        start_recovery(k, &c->flow[tf_peer(from)], tf_peer(from), TF_PART_FAST);
}

/* Counts the wait before segment idx in the part it belongs to (from the
 * newest stamp so far: one that ran backwards counts nothing twice), then
 * what the segment starts or ends, and what the connection waits for now. */
static void note_clock(tf_ctx *ctx, tf_conn *c, uint32_t idx)
{
    static const tf_extra plain;
    const tf_record *r = &ctx->recs[idx];
    const tf_extra *x = r->has_extra ? tf_extra_of(ctx, idx) : &plain;
    if (idx != conn_first(c) || c->clock) {
        tf_clock *k = clock_of(ctx, c);
        int64_t t = tf_time(r);
        if (k->held)
            settle_held(k, x->timing & TF_T_NAGLE);
        if (k->newest != INT64_MAX && t > k->newest)
            count_interval(k, c->wait, t - k->newest, c, r, x);
        if (k->newest == INT64_MAX || t > k->newest)
            k->newest = t;
        end_recovery(k, c);
    }
    if (r->has_extra)
        note_recovery(clock_of(ctx, c), c, x, r->sender);
    c->wait = wait_after(c);
}

/* ---- options and tcpdump's numbering ------------------------------------ */

/* The window scale shift in a SYN's options, or TF_WSCALE_NONE. */
/* What a SYN's options offer, in one walk: the window scale shift (the
 * first option counts; TF_WSCALE_NONE without one) and the MSS (RFC 9293
 * 3.7.1), which tells the segments Nagle holds back. */
static void note_syn_options(tf_conn *c, const tf_segment *s, tf_side from)
{
    size_t at = 0, len = s->options ? s->options_len : 0;
    tf_option o;
    int shift = TF_WSCALE_NONE;
    if (!(s->flags & TF_SYN))
        return;
    while (tf_option_next(s->options, len, &at, &o) == TF_OPTION_OK && o.kind != TF_OPT_EOL) {
        if (o.kind == TF_OPT_WSCALE && o.len == 3 && shift == TF_WSCALE_NONE)
            shift = o.value[0] > 14 ? 14 : o.value[0];     /* RFC 7323 caps the shift at 14 */
        else if (o.kind == TF_OPT_MSS && o.len == 4)
            c->pace.mss[from] = tf_be16(o.value);
    }
    c->wscale[from] = (int8_t)shift;
}

/* The connection a record belongs to: its stream's, or one it followed. */
static const tf_conn *conn_of(const tf_ctx *ctx, uint32_t rec)
{
    const tf_record *r = tf_record_at(ctx, rec);
    if (!r || (r->bits & TF_R_SKIPPED))      /* no record, or one without a connection */
        return NULL;
    const tf_conn *c = ctx->conns[r->stream];
    while (c->prev && rec < c->since)
        c = c->prev;
    return c;
}

/* tcpdump keeps, per address/port pair, the seq and ack-1 of the first ACK
 * segment it saw (or of the last SYN+ACK), and prints later ACK segments
 * relative to them.  Only the bases that change are stored. */
static void note_tcpdump_base(tf_conn *c, const tf_segment *s, uint32_t idx)
{
    if (!(s->flags & TF_ACK) || (c->ntdump && !(s->flags & TF_SYN)))
        return;
    bool rev = tf_tcpdump_reversed(s->src_port, s->dst_port, s->src_addr, s->dst_addr, s->addr_len);
    tf_tcpdump_base b = { idx, rev ? s->ack - 1 : s->seq, rev ? s->seq : s->ack - 1 };
    tf_tcpdump_base *last = c->ntdump ? &c->tdump[c->ntdump - 1] : NULL;
    if (last && last->seq == b.seq && last->ack == b.ack)
        return;
    if (c->ntdump < TF_TCPDUMP)
        c->tdump[c->ntdump++] = b;
}

bool tf_tcpdump_reversed(uint16_t src_port, uint16_t dst_port, const uint8_t *src, const uint8_t *dst,
                         size_t addr_len)
{
    return src_port > dst_port || (src_port == dst_port && memcmp(src, dst, addr_len) > 0);
}

tf_tcpdump_rel tf_tcpdump_numbers(const tf_ctx *ctx, uint32_t rec, uint16_t flags, bool rev)
{
    tf_tcpdump_rel rel = { 0, 0, 0 };
    const tf_conn *c = conn_of(ctx, rec);
    const tf_tcpdump_base *b = NULL;
    if (!c || !(flags & TF_ACK))
        return rel;
    for (uint8_t i = 0; i < c->ntdump && c->tdump[i].rec <= rec; i++)
        b = &c->tdump[i];
    if (!b)
        return rel;
    rel.sack_sub = rev ? b->seq : b->ack;
    if (!(flags & TF_SYN) && b->rec != rec) {
        rel.seq_sub = rev ? b->ack : b->seq;
        rel.ack_sub = rel.sack_sub;
    }
    return rel;
}

int tf_window_shift(const tf_ctx *ctx, uint32_t rec, uint16_t flags)
{
    const tf_conn *c = conn_of(ctx, rec);
    if (flags & TF_SYN)
        return 0;                     /* a SYN's window is never scaled */
    return c ? side_shift(c, ctx->recs[rec].sender) : TF_WSCALE_UNKNOWN;
}

uint32_t tf_dup_acks(const tf_ctx *ctx, uint32_t rec, uint32_t *out, uint32_t max)
{
    const tf_extra *x = tf_extra_of(ctx, rec);
    uint32_t n = 0;
    if (x->resend != TF_RS_FAST || !x->trigger)
        return 0;
    /* the duplicates lie between the ACK they repeat and rec, and have entries */
    for (uint32_t i = lower_bound(ctx->extras, 1, ctx->nextras, x->trigger + 1, extra_below);
         i < ctx->nextras && ctx->extras[i].rec < rec && n < max; i++)
        if (ctx->extras[i].dup_of == x->trigger && ctx->extras[i].dup_count)
            out[n++] = ctx->extras[i].rec;
    return n;
}

bool tf_backoff(const tf_ctx *ctx, uint32_t rec, double *ratio)
{
    const tf_extra *x = tf_extra_of(ctx, rec);
    const tf_extra *px = tf_extra_of(ctx, x->previous);
    int64_t before, now;
    if (x->resend != TF_RS_TIMEOUT || px->resend != TF_RS_TIMEOUT ||
        !tf_elapsed(tf_record_at(ctx, px->previous), tf_record_at(ctx, x->previous), &before) ||
        !tf_elapsed(tf_record_at(ctx, x->previous), tf_record_at(ctx, rec), &now) || !before)
        return false;
    *ratio = (double)now / (double)before;
    return true;
}

/* Zeek's history letters (upper case from the client, lower from the server), each
 * recorded at its first occurrence per direction: bit i, or i + 6 for the server. */
static const char letters[] = "SHDFRA";

static void add_letter(tf_letters *h, int i, tf_side from)
{
    uint16_t bit = (uint16_t)(1u << (i + 6 * from));
    if (!(h->mask & bit)) {
        h->mask |= bit;
        h->v[h->len++] = (char)(from == TF_SERVER ? letters[i] + ('a' - 'A') : letters[i]);
    }
}

static void append_history(tf_conn *c, const tf_segment *s, const tf_record *r, tf_side from)
{
    uint16_t f = s->flags;
    bool which[6] = {
        tf_is_syn(f), tf_is_synack(f), (r->bits & TF_R_HAS_DATA) != 0, (f & TF_FIN) != 0, (f & TF_RST) != 0,
        tf_is_ack_only(f) && s->payload_len == 0,
    };
    for (int i = 0; i < 6; i++) {
        if (which[i])
            add_letter(&c->history, i, from);
    }
}

/* ---- public API -------------------------------------------------------- */

tf_ctx *tf_new(void)
{
    tf_ctx *ctx = g_new0(tf_ctx, 1);
    ctx->nrecs = 1;                  /* record 0 stands for "none" */
    ctx->recs = grow(NULL, &ctx->caprecs, 1, sizeof *ctx->recs);
    memset(ctx->recs, 0, sizeof *ctx->recs);
    ctx->links = grow(NULL, &ctx->caplinks, 1, sizeof *ctx->links);   /* never NULL */
    ctx->nextras = 1;
    ctx->extras = grow(NULL, &ctx->capextras, 1, sizeof *ctx->extras);
    memset(ctx->extras, 0, sizeof *ctx->extras);
    ctx->nnotes = 1;
    ctx->notes = grow(NULL, &ctx->capnotes, 1, sizeof *ctx->notes);
    memset(ctx->notes, 0, sizeof *ctx->notes);
    return ctx;
}

void tf_free(tf_ctx *ctx)
{
    if (!ctx)
        return;
    for (uint32_t i = 0; i < ctx->nconns; i++) {
        if (ctx->conns[i]) {
            flow_release(ctx, &ctx->conns[i]->flow[TF_CLIENT]);
            flow_release(ctx, &ctx->conns[i]->flow[TF_SERVER]);
        }
    }
    while (ctx->nspare)
        buffers_free(ctx->spare[--ctx->nspare]);
    while (ctx->blocks) {
        tf_conn_block *prev = ctx->blocks->prev;
        g_free(ctx->blocks);
        ctx->blocks = prev;
    }
    g_free(ctx->conns);
    g_free(ctx->recs);
    g_free(ctx->links);
    g_free(ctx->extras);
    g_free(ctx->notes);
    g_free(ctx);
}

uint32_t tf_analyze(tf_ctx *ctx, const tf_segment *seg)
{
    if (seg->frame < tf_last_frame(ctx))
        return 0;
    tf_conn *c = conn_prepare(ctx, seg);
    uint32_t idx = new_record(ctx, seg);
    tf_event ev = { src_is_client(c, seg) ? TF_CLIENT : TF_SERVER, false, false, false };
    tf_flow *f = &c->flow[ev.from], *p = &c->flow[tf_peer(ev.from)];

    ctx->recs[idx].sender = ev.from;
    idle_before(ctx, c, idx);
    note_syn_options(c, seg, ev.from);
    note_tcpdump_base(c, seg, idx);
    if (c->roles_inferred)
        ctx->recs[idx].bits |= TF_R_ROLES_INFERRED;
    handshake(ctx, c, seg, &ctx->recs[idx], idx);
    sequence(ctx, f, p, seg, idx, &ev);
    if (seg->flags & TF_ACK) {
        note_answer(ctx, c, seg, idx, ev.from);
        acknowledge(ctx, p, seg, idx, &ev);
        note_sack(ctx, p, seg, idx);
    }
    if (!(seg->flags & TF_RST))
        note_window(ctx, c, seg, idx, ev.from);
    if (seg->flags & TF_ACK)
        duplicate_ack(ctx, f, p, seg, idx);
    note_timing(ctx, c, seg, idx, ev.from);
    note_ecn(ctx, c, seg, idx, ev.from);
    if ((ctx->recs[idx].bits & (TF_R_KEEPALIVE | TF_R_ZERO_WIN_PROBE)) || (ctx->recs[idx].marks & TF_M_SPURIOUS))
        c->probe[ev.from] = idx;
    if (c->rst_rec) {
        note_after_reset(ctx, c, idx);
    } else {
        teardown(ctx, c, idx, &ev);
        update_states(c, seg, &ev);
    }
    if (seg->flags & TF_RST)
        note_rst(ctx, c, idx);

    tf_record *r = &ctx->recs[idx];
    c->first_rec = c->first_rec ? c->first_rec : idx;
    c->last_rec = idx;
    c->segments[ev.from]++;
    c->bytes[ev.from] += seg->payload_len;
    append_history(c, seg, r, ev.from);
    r->states = (uint8_t)(c->state[TF_CLIENT] | c->state[TF_SERVER] << 4);
    r->hist_len = c->history.len;
    note_clock(ctx, c, idx);
    if ((seg->flags & TF_RST) || ev.fin_acked)
        release_if_closed(ctx, c);
    c->pace.last = idx;
    if (seg->ts_ns > ctx->newest_ns)
        ctx->newest_ns = seg->ts_ns;
    return idx;
}

uint32_t tf_skip(tf_ctx *ctx, uint32_t frame)
{
    if (frame < tf_last_frame(ctx))
        return 0;
    tf_segment none;
    memset(&none, 0, sizeof none);
    none.frame = frame;
    uint32_t idx = new_record(ctx, &none);
    ctx->recs[idx].bits = TF_R_SKIPPED;
    return idx;
}

uint32_t tf_last_frame(const tf_ctx *ctx)
{
    return ctx->recs[ctx->nrecs - 1].frame;
}

static bool record_below(const void *table, uint32_t i, int64_t frame)
{
    return ((const tf_record *)table)[i].frame < frame;
}

uint32_t tf_find(const tf_ctx *ctx, uint32_t frame, unsigned k, uint32_t hint)
{
    uint32_t lo;                         /* the frame's first record */
    if (hint && hint < ctx->nrecs && ctx->recs[hint].frame == frame && ctx->recs[hint - 1].frame < frame)
        lo = hint;
    else
        lo = lower_bound(ctx->recs, 1, ctx->nrecs, frame, record_below);
    if (lo + k < ctx->nrecs && ctx->recs[lo + k].frame == frame)
        return lo + k;
    return 0;
}

const tf_record *tf_record_at(const tf_ctx *ctx, uint32_t rec)
{
    return rec && rec < ctx->nrecs ? &ctx->recs[rec] : NULL;
}

/* What the accessors below give for a record without a connection. */
static const tf_handshake no_handshake;
static const tf_teardown no_teardown;

const tf_handshake *tf_handshake_of(const tf_ctx *ctx, uint32_t rec)
{
    const tf_conn *c = conn_of(ctx, rec);
    while (c && c->hs.restarted_in)          /* carried on in another stream: the handshake is there */
        c = conn_of(ctx, c->hs.restarted_in);
    return c ? &c->hs : &no_handshake;
}

const tf_teardown *tf_teardown_of(const tf_ctx *ctx, uint32_t rec)
{
    const tf_conn *c = conn_of(ctx, rec);
    return c ? &c->td : &no_teardown;
}

uint32_t tf_hs_expected(const tf_ctx *ctx, uint32_t rec, uint32_t ack)
{
    return (ctx->recs[rec].bits & TF_R_HS_ACK_OK) ? ack : tf_extra_of(ctx, rec)->hs_expected;
}

const tf_extra *tf_extra_of(const tf_ctx *ctx, uint32_t rec)
{
    return &ctx->extras[extra_index(ctx, rec)];
}

const tf_pace_note *tf_pace_of(const tf_ctx *ctx, uint32_t rec)
{
    const tf_extra *x = tf_extra_of(ctx, rec);
    if (!x->timing && !x->ecn)                  /* most records: no search */
        return &ctx->notes[0];
    uint32_t i = lower_bound(ctx->notes, 1, ctx->nnotes, rec, note_below);
    return i < ctx->nnotes && ctx->notes[i].rec == rec ? &ctx->notes[i] : &ctx->notes[0];   /* a CE mark has none */
}

const char *tf_history(const tf_ctx *ctx, uint32_t rec)
{
    const tf_conn *c = conn_of(ctx, rec);
    return c ? c->history.v : "";
}

/* Merges the histories of a stream's connections, oldest first (at most
 * TF_MAX_RESTARTS + 1 of them). */
static void stream_history(const tf_conn *c, tf_letters *out)
{
    if (c->prev)
        stream_history(c->prev, out);
    for (uint8_t i = 0; i < c->history.len; i++) {
        char l = c->history.v[i];
        tf_side from = l >= 'a' ? TF_SERVER : TF_CLIENT;
        add_letter(out, (int)(strchr(letters, from == TF_SERVER ? l - ('a' - 'A') : l) - letters), from);
    }
}

/* Zeek's conn_state, from the history letters: uppercase the client's
 * (Zeek's originator), lowercase the server's. */
static const char *conn_state(const char *h)
{
    bool syn = strchr(h, 'S'), synack = strchr(h, 'h'), fin = strchr(h, 'F'), fin_r = strchr(h, 'f');
    bool rst = strchr(h, 'R'), rst_r = strchr(h, 'r');
    if (syn && !synack)
        return rst_r ? "REJ" : rst ? "RSTOS0" : fin ? "SH" : "S0";
    if (!syn)
        return !synack ? "OTH" : rst_r ? "RSTRH" : fin_r ? "SHR" : "OTH";
    if (rst || rst_r) {                      /* the first reset decides */
        const char *o = strchr(h, 'R'), *r = strchr(h, 'r');
        return o && (!r || o < r) ? "RSTO" : "RSTR";
    }
    return fin && fin_r ? "SF" : fin ? "S2" : fin_r ? "S3" : "S1";
}

bool tf_conn_info_of(const tf_ctx *ctx, uint32_t stream, tf_conn_info *out)
{
    const tf_conn *c = stream < ctx->nconns ? ctx->conns[stream] : NULL;
    if (!c || !c->first_rec)
        return false;
    memset(out, 0, sizeof *out);
    out->stream = stream;
    out->first_frame = ctx->recs[c->first_rec].frame;
    out->last_frame = ctx->recs[c->last_rec].frame;
    out->first_ns = tf_time(&ctx->recs[c->first_rec]);
    out->last_ns = tf_time(&ctx->recs[c->last_rec]);
    out->addr_len = c->addr_len;
    memcpy(out->client_addr, client_addr(c), c->addr_len);
    memcpy(out->server_addr, server_addr(c), c->addr_len);
    out->client_port = c->client_port;
    out->server_port = c->server_port;
    out->roles_inferred = c->roles_inferred;
    out->client_state = c->state[TF_CLIENT];
    out->server_state = c->state[TF_SERVER];
    for (tf_side side = TF_CLIENT; side <= TF_SERVER; side++) {
        out->segments[side] = c->segments[side];
        out->bytes[side] = c->bytes[side];
        out->unacked[side] = unacked_bytes(&c->flow[side]);
    }
    if (!c->hs.ack || !tf_elapsed(tf_record_at(ctx, c->hs.syn_last), &ctx->recs[c->hs.ack], &out->hs_rtt_ns))
        out->hs_rtt_ns = -1;
    tf_letters letters_all = { 0, 0, { 0 } };    /* a row is a stream: the letters of all its connections */
    stream_history(c, &letters_all);
    memcpy(out->history, letters_all.v, letters_all.len);
    out->history[letters_all.len] = '\0';
    out->conn_state = conn_state(out->history);
    out->teardown_started = c->td.started;
    out->teardown_initiator = c->td.initiator;
    return true;
}

/* The verdict each part counts for. */
static const tf_verdict verdict_by_part[TF_PART_COUNT] = {
    [TF_PART_HANDSHAKE] = TF_V_HANDSHAKE, [TF_PART_SENDING] = TF_V_NETWORK, [TF_PART_RECEIVER] = TF_V_RECEIVER,
    [TF_PART_FAST] = TF_V_LOSS, [TF_PART_TIMEOUT] = TF_V_LOSS, [TF_PART_STALL] = TF_V_STALLS,
    [TF_PART_IDLE] = TF_V_IDLE, [TF_PART_TEARDOWN] = TF_V_TEARDOWN,
};

int64_t tf_verdict_ns(const tf_times *t, tf_verdict v)
{
    int64_t ns = 0;
    for (int p = 0; p < TF_PART_COUNT; p++)
        if (verdict_by_part[p] == v)
            ns += tf_part_total(t, (tf_part)p);
    return ns;
}

tf_verdict tf_verdict_of(const tf_times *t, tf_side *side)
{
    int64_t sum[TF_V_COUNT][2] = { { 0 } };
    for (int p = 0; p < TF_PART_COUNT; p++)
        for (int s = 0; s < 2; s++)
            sum[verdict_by_part[p]][s] += t->part[p][s];
    tf_verdict best = TF_V_NONE;
    for (int v = TF_V_HANDSHAKE; v < TF_V_COUNT; v++)
        if (sum[v][0] + sum[v][1] > sum[best][0] + sum[best][1])
            best = (tf_verdict)v;
    *side = sum[best][TF_SERVER] > sum[best][TF_CLIENT] ? TF_SERVER : TF_CLIENT;
    return best;
}

const char *tf_verdict_code(tf_verdict v)
{
    static const char *const codes[TF_V_COUNT] = {
        [TF_V_NONE] = "none", [TF_V_HANDSHAKE] = "handshake", [TF_V_NETWORK] = "network",
        [TF_V_RECEIVER] = "receiver", [TF_V_LOSS] = "loss", [TF_V_STALLS] = "stalls", [TF_V_IDLE] = "idle",
        [TF_V_TEARDOWN] = "teardown",
    };
    return v < TF_V_COUNT ? codes[v] : "none";
}

static void times_of(const tf_ctx *ctx, const tf_conn *c, tf_times *out)
{
    static const tf_clock none = { .newest = INT64_MAX };
    const tf_clock *k = c->clock ? c->clock : &none;
    memset(out, 0, sizeof *out);
    memcpy(out->part, k->part, sizeof out->part);
    out->part[TF_PART_TEARDOWN][TF_CLIENT] += k->tail_quiet + k->tail_busy;
    out->part[TF_PART_IDLE][TF_CLIENT] += k->held;          /* no Nagle segment followed the delayed ACK */
    int64_t first = tf_time(&ctx->recs[conn_first(c)]), end = k->newest == INT64_MAX ? first : k->newest;
    out->duration = end - first;
    out->open_after = -1;
    if (!c->rst_rec && !both_closed(c))
        out->open_after = ctx->newest_ns > end ? ctx->newest_ns - end : 0;
    for (tf_side s = TF_CLIENT; s <= TF_SERVER; s++) {
        out->bytes[s] = c->bytes[s] - c->bytes_before[s];
        out->srtt[s] = k->srtt[s] - 1;
        out->retrans_bytes[s] = k->retrans[s];
        out->timeouts[s] = k->timeouts[s];
        out->recoveries[s] = k->recoveries[s];
    }
    tf_side side;
    out->verdict = (uint8_t)tf_verdict_of(out, &side);
    out->verdict_side = (uint8_t)side;
}

bool tf_times_of(const tf_ctx *ctx, uint32_t stream, tf_times *out)
{
    const tf_conn *c = stream < ctx->nconns ? ctx->conns[stream] : NULL;
    if (!c || !c->first_rec)
        return false;
    times_of(ctx, c, out);
    return true;
}

bool tf_times_at_end(const tf_ctx *ctx, uint32_t rec, tf_times *out)
{
    const tf_conn *c = conn_of(ctx, rec);
    if (!c || c->last_rec != rec || c->hs.restarted_in)     /* carried on in another stream: not its end */
        return false;
    times_of(ctx, c, out);
    return true;
}

tf_outcome tf_conn_outcome(const tf_conn_info *info)
{
    const char *h = info->history;
    bool rst = strchr(h, 'R') || strchr(h, 'r');
    if (strchr(h, 'S') && !strchr(h, 'h'))
        return strchr(h, 'r') ? TF_OUT_REFUSED : rst ? TF_OUT_RST_HANDSHAKE : TF_OUT_NEVER_ANSWERED;
    if (rst)
        return info->hs_rtt_ns < 0 && strchr(h, 'S') ? TF_OUT_RST_HANDSHAKE
             : info->teardown_started ? TF_OUT_RST_CLOSING : TF_OUT_RST_ESTABLISHED;
    if (strchr(h, 'F') && strchr(h, 'f'))
        return info->teardown_initiator == TF_SERVER ? TF_OUT_CLOSED_BY_SERVER : TF_OUT_CLOSED_BY_CLIENT;
    return TF_OUT_OPEN;
}

uint32_t tf_stream_limit(const tf_ctx *ctx)
{
    return ctx->nconns;
}

bool tf_handshake_incomplete(const tf_ctx *ctx, uint32_t rec)
{
    const tf_record *r = &ctx->recs[rec];
    return r->hs_step == 1 && !(r->bits & TF_R_SIM_OPEN) && !tf_handshake_of(ctx, rec)->ack;
}

const uint32_t *tf_links(const tf_ctx *ctx, uint32_t rec, uint32_t *count)
{
    return links_of(ctx, rec, count);
}

uint32_t tf_newest_link(const tf_ctx *ctx, uint32_t rec)
{
    return newest_link(ctx, rec);
}

uint32_t tf_rtt_link(const tf_ctx *ctx, uint32_t rec)
{
    return rtt_link(ctx, rec);
}

bool tf_ack_held(const tf_ctx *ctx, uint32_t rec, int64_t *delay, int64_t *held)
{
    if (!(tf_extra_of(ctx, rec)->timing & TF_T_DELAYED_ACK) ||
        !tf_elapsed(tf_record_at(ctx, newest_link(ctx, rec)), tf_record_at(ctx, rec), delay))
        return false;
    *held = *delay - tf_pace_of(ctx, rec)->delack_base;
    return true;
}

bool tf_ack_delay(const tf_ctx *ctx, uint32_t rec, int64_t *ns)
{
    const tf_record *r = &ctx->recs[rec];
    return tf_ack_timed(r) && tf_elapsed(r, tf_record_at(ctx, r->acked_in), ns);
}
