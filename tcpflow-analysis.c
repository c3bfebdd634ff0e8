/* tcpflow-analysis.c — TCP flow analysis: handshake steps and data/ACK pairing.
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
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tcpflow-analysis.h"

#include <stdlib.h>
#include <string.h>

/* Bounds on what one direction keeps while waiting for ACKs: a one-sided
 * capture must not make memory grow without bound.  When full, the oldest
 * entry is dropped and its segment never gets an acked_in link. */
#define TF_MAX_FIFO 65536u
#define TF_MAX_SIDE 1024u

typedef struct tf_pending {
    int64_t  end;            /* position just past the segment */
    uint32_t rec;
} tf_pending;

typedef struct tf_queue {    /* ring buffer when used as the FIFO */
    tf_pending *v;
    uint32_t head, count, cap;
} tf_queue;

typedef struct tf_flow {     /* what one endpoint has sent */
    bool     seen;           /* a segment from it was analysed */
    bool     base_known;
    bool     acked_known;
    bool     syn_seen;       /* position 0 is its SYN */
    bool     fin_seen;
    uint32_t base;           /* sequence number of position 0 */
    int64_t  first;          /* start of the first segment seen */
    int64_t  next;           /* highest position known to have been sent */
    int64_t  acked;          /* highest position the peer acknowledged */
    int64_t  fin_pos;
    tf_queue fifo;
    tf_queue side;
} tf_flow;

typedef struct tf_conn {
    uint8_t      addr_len;
    uint8_t      client_addr[16];
    uint16_t     client_port;
    bool         roles_inferred;
    tf_handshake hs;
    tf_flow      flow[2];    /* [0] sent by the client, [1] by the server */
} tf_conn;

struct tf_ctx {
    tf_record *recs;         /* recs[0] is unused so that 0 means "none" */
    uint32_t   nrecs, caprecs;
    uint32_t  *links;
    uint32_t   nlinks, caplinks;
    tf_conn  **conns;        /* indexed by stream */
    uint32_t   nconns;
};

static void *grow(void *p, uint32_t *cap, uint32_t need, size_t elem)
{
    if (need <= *cap)
        return p;
    uint32_t n = *cap ? *cap : 16;
    while (n < need)
        n *= 2;
    p = realloc(p, (size_t)n * elem);
    if (!p)
        abort();
    *cap = n;
    return p;
}

/* ---- pending queues ---------------------------------------------------- */

static tf_pending *fifo_at(const tf_queue *q, uint32_t i)
{
    return &q->v[(q->head + i) & (q->cap - 1)];
}

static void fifo_push(tf_queue *q, tf_pending e)
{
    if (q->count == TF_MAX_FIFO) {
        q->head = (q->head + 1) & (q->cap - 1);
        q->count--;
    }
    if (q->count == q->cap) {        /* unroll the ring into a bigger array */
        uint32_t old = q->cap, n = old ? old * 2 : 16;
        tf_pending *v = malloc((size_t)n * sizeof *v);
        if (!v)
            abort();
        for (uint32_t i = 0; i < q->count; i++)
            v[i] = *fifo_at(q, i);
        free(q->v);
        q->v = v;
        q->cap = n;
        q->head = 0;
    }
    *fifo_at(q, q->count++) = e;
}

static void side_push(tf_queue *q, tf_pending e)
{
    if (q->count == TF_MAX_SIDE) {
        memmove(q->v, q->v + 1, (q->count - 1) * sizeof *q->v);
        q->count--;
    }
    q->v = grow(q->v, &q->cap, q->count + 1, sizeof *q->v);
    q->v[q->count++] = e;
}

static void add_link(tf_ctx *ctx, uint32_t rec)
{
    ctx->links = grow(ctx->links, &ctx->caplinks, ctx->nlinks + 1, sizeof *ctx->links);
    ctx->links[ctx->nlinks++] = rec;
}

/* Moves every entry ending at or before `upto` into the link table. */
static void fifo_take(tf_ctx *ctx, tf_queue *q, int64_t upto)
{
    while (q->count && fifo_at(q, 0)->end <= upto) {
        add_link(ctx, fifo_at(q, 0)->rec);
        q->head = (q->head + 1) & (q->cap - 1);
        q->count--;
    }
}

static void side_take(tf_ctx *ctx, tf_queue *q, int64_t upto)
{
    uint32_t kept = 0;
    for (uint32_t i = 0; i < q->count; i++) {
        if (q->v[i].end <= upto)
            add_link(ctx, q->v[i].rec);
        else
            q->v[kept++] = q->v[i];
    }
    q->count = kept;
}

static void flow_reset(tf_flow *f)
{
    free(f->fifo.v);
    free(f->side.v);
    memset(f, 0, sizeof *f);
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

static void flow_set_base(tf_flow *f, uint32_t base)
{
    if (!f->base_known) {
        f->base = base;
        f->base_known = true;
    }
}

/* ---- connections and roles --------------------------------------------- */

static tf_conn *conn_for(tf_ctx *ctx, uint32_t stream)
{
    if (stream >= ctx->nconns) {
        uint32_t n = stream + 1 > ctx->nconns * 2 ? stream + 1 : ctx->nconns * 2;
        ctx->conns = realloc(ctx->conns, (size_t)n * sizeof *ctx->conns);
        if (!ctx->conns)
            abort();
        memset(ctx->conns + ctx->nconns, 0, (size_t)(n - ctx->nconns) * sizeof *ctx->conns);
        ctx->nconns = n;
    }
    return ctx->conns[stream];
}

static void set_client(tf_conn *c, const tf_segment *s, bool src_is_client, bool inferred)
{
    c->addr_len = s->addr_len > 16 ? 16 : s->addr_len;
    memcpy(c->client_addr, src_is_client ? s->src_addr : s->dst_addr, c->addr_len);
    c->client_port = src_is_client ? s->src_port : s->dst_port;
    c->roles_inferred = inferred;
}

/* Without a SYN the roles are guessed: the sender of a SYN+ACK is the server;
 * otherwise the endpoint with the lower port is (services listen on low,
 * well-known ports, clients on high ephemeral ones); equal ports make the
 * first sender the client. */
static void infer_roles(tf_conn *c, const tf_segment *s)
{
    if ((s->flags & (TF_SYN | TF_ACK)) == (TF_SYN | TF_ACK))
        set_client(c, s, false, true);
    else if (s->src_port != s->dst_port)
        set_client(c, s, s->src_port > s->dst_port, true);
    else
        set_client(c, s, true, true);
}

static bool src_is_client(const tf_conn *c, const tf_segment *s)
{
    return s->src_port == c->client_port && s->addr_len == c->addr_len &&
           memcmp(s->src_addr, c->client_addr, c->addr_len) == 0;
}

static void conn_restart(tf_conn *c)
{
    flow_reset(&c->flow[0]);
    flow_reset(&c->flow[1]);
    memset(&c->hs, 0, sizeof c->hs);
}

static tf_conn *conn_prepare(tf_ctx *ctx, const tf_segment *s)
{
    tf_conn *c = conn_for(ctx, s->stream);
    bool plain_syn = (s->flags & (TF_SYN | TF_ACK)) == TF_SYN;
    if (!c) {
        c = calloc(1, sizeof *c);
        if (!c)
            abort();
        ctx->conns[s->stream] = c;
        if (plain_syn)
            set_client(c, s, true, false);
        else
            infer_roles(c, s);
    } else if (plain_syn && c->roles_inferred) {
        /* The first real SYN settles roles that were only guessed. */
        set_client(c, s, true, false);
        conn_restart(c);
    } else if (plain_syn && c->hs.syn && s->seq != c->hs.client_isn) {
        conn_restart(c);     /* a new connection attempt with a new ISN */
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
    r->ts_ns = s->ts_ns;
    return ctx->nrecs++;
}

static void expect_ack(tf_record *r, uint32_t expected, uint32_t ack)
{
    r->hs_expected = expected;
    r->bits |= TF_R_HS_EXPECTED;
    if (ack == expected)
        r->bits |= TF_R_HS_ACK_OK;
}

static void handshake(tf_conn *c, const tf_segment *s, tf_record *r, uint32_t idx)
{
    tf_handshake *h = &c->hs;
    uint16_t sa = s->flags & (TF_SYN | TF_ACK | TF_RST);

    if (sa == TF_SYN && r->dir == TF_DIR_TO_SERVER) {
        r->hs_step = 1;
        if (h->syn) {
            r->bits |= TF_R_HS_RETRANS;
        } else {
            h->client_isn = s->seq;
            h->client_isn_known = true;
            h->syn = idx;
        }
    } else if (sa == (TF_SYN | TF_ACK) && r->dir == TF_DIR_TO_CLIENT) {
        r->hs_step = 2;
        if (h->synack && s->seq == h->server_isn) {
            r->bits |= TF_R_HS_RETRANS;
        } else if (!h->synack) {
            h->server_isn = s->seq;
            h->server_isn_known = true;
            h->synack = idx;
        }
        if (h->client_isn_known)
            expect_ack(r, h->client_isn + 1, s->ack);
    } else if (sa == TF_ACK && r->dir == TF_DIR_TO_SERVER && h->synack && !h->ack) {
        r->hs_step = 3;
        h->ack = idx;
        expect_ack(r, h->server_isn + 1, s->ack);
    }
}

/* Places the segment in its sender's sequence space. */
static void sequence(tf_flow *f, const tf_segment *s, tf_record *r, uint32_t idx)
{
    uint32_t syn = (s->flags & TF_SYN) ? 1 : 0;
    uint32_t fin = (s->flags & TF_FIN) ? 1 : 0;

    flow_set_base(f, syn ? s->seq : s->seq - 1);
    int64_t start = flow_pos(f, s->seq);
    if (!f->seen) {
        f->seen = true;
        f->first = start;
        if (!f->acked_known || f->acked < start)
            f->next = start;
    }
    if (syn && start == 0)
        f->syn_seen = true;

    int64_t data = start + syn;
    if (s->payload_len) {
        int64_t end = data + s->payload_len;
        r->bits |= TF_R_HAS_DATA;
        r->len = s->payload_len;
        r->seq_rel = (uint32_t)data;
        if (data < f->next)
            r->retrans_bytes = (uint32_t)((end < f->next ? end : f->next) - data);
    }
    if (fin) {
        f->fin_seen = true;
        f->fin_pos = data + s->payload_len;
    }

    uint32_t space = s->payload_len + syn + fin;
    if (!space || (s->flags & TF_RST))
        return;                     /* nothing that will be acknowledged */
    tf_pending e = { start + space, idx };
    if (e.end > f->next) {
        fifo_push(&f->fifo, e);
        f->next = e.end;
    } else {
        side_push(&f->side, e);
    }
}

static bool covers(int64_t from, int64_t to, int64_t pos)
{
    return from <= pos && pos < to;
}

/* Payload bytes in (from, to]: SYN and FIN take a sequence number each. */
static uint32_t payload_between(const tf_flow *p, int64_t from, int64_t to)
{
    int64_t n = to - from;
    if (p->syn_seen && covers(from, to, 0))
        n--;
    if (p->fin_seen && covers(from, to, p->fin_pos))
        n--;
    return n > 0 ? (uint32_t)(n > UINT32_MAX ? UINT32_MAX : n) : 0;
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

/* Applies the ACK field of a segment to what the peer `p` has sent. */
static void acknowledge(tf_ctx *ctx, tf_flow *p, const tf_segment *s, uint32_t idx)
{
    flow_set_base(p, s->ack - 1);
    int64_t a = flow_pos(p, s->ack);
    if (!p->acked_known) {           /* the first ACK is the baseline */
        p->acked = p->seen && p->first < a ? p->first : a;
        p->acked_known = true;
    }
    uint32_t first = ctx->nlinks;
    uint32_t acked_bytes = 0, unseen = 0;

    side_take(ctx, &p->side, a);
    if (a > p->acked) {
        fifo_take(ctx, &p->fifo, a);
        acked_bytes = payload_between(p, p->acked, a);
        if (a > p->next) {
            unseen = payload_between(p, p->next > p->acked ? p->next : p->acked, a);
            p->next = a;
        }
        p->acked = a;
    }

    tf_record *r = &ctx->recs[idx];
    r->links_first = first;
    r->links_count = ctx->nlinks - first;
    r->acked_bytes = acked_bytes;
    r->unseen_bytes = unseen;
    if (r->links_count || acked_bytes)
        r->bits |= TF_R_NEW_ACK;
    sort_links(ctx->links + first, r->links_count);
    for (uint32_t i = first; i < ctx->nlinks; i++) {
        tf_record *d = &ctx->recs[ctx->links[i]];
        if (!d->acked_in)
            d->acked_in = idx;
    }
}

/* ---- public API -------------------------------------------------------- */

tf_ctx *tf_new(void)
{
    tf_ctx *ctx = calloc(1, sizeof *ctx);
    if (!ctx)
        abort();
    ctx->nrecs = 1;                  /* record 0 stands for "none" */
    ctx->recs = grow(NULL, &ctx->caprecs, 1, sizeof *ctx->recs);
    memset(ctx->recs, 0, sizeof *ctx->recs);
    return ctx;
}

void tf_free(tf_ctx *ctx)
{
    if (!ctx)
        return;
    for (uint32_t i = 0; i < ctx->nconns; i++) {
        if (ctx->conns[i]) {
            conn_restart(ctx->conns[i]);
            free(ctx->conns[i]);
        }
    }
    free(ctx->conns);
    free(ctx->recs);
    free(ctx->links);
    free(ctx);
}

uint32_t tf_analyze(tf_ctx *ctx, const tf_segment *seg)
{
    if (ctx->nrecs > 1 && seg->frame < ctx->recs[ctx->nrecs - 1].frame)
        return 0;
    tf_conn *c = conn_prepare(ctx, seg);
    uint32_t idx = new_record(ctx, seg);
    tf_record *r = &ctx->recs[idx];
    bool from_client = src_is_client(c, seg);

    r->dir = from_client ? TF_DIR_TO_SERVER : TF_DIR_TO_CLIENT;
    if (c->roles_inferred)
        r->bits |= TF_R_ROLES_INFERRED;
    handshake(c, seg, r, idx);
    sequence(&c->flow[from_client ? 0 : 1], seg, r, idx);
    if (seg->flags & TF_ACK)
        acknowledge(ctx, &c->flow[from_client ? 1 : 0], seg, idx);
    return idx;
}

uint32_t tf_find(const tf_ctx *ctx, uint32_t frame, unsigned k)
{
    uint32_t lo = 1, hi = ctx->nrecs;   /* first record with .frame >= frame */
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (ctx->recs[mid].frame < frame)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo + k < ctx->nrecs && ctx->recs[lo + k].frame == frame)
        return lo + k;
    return 0;
}

const tf_record *tf_record_at(const tf_ctx *ctx, uint32_t rec)
{
    return rec && rec < ctx->nrecs ? &ctx->recs[rec] : NULL;
}

const tf_handshake *tf_handshake_of(const tf_ctx *ctx, const tf_record *r)
{
    return &ctx->conns[r->stream]->hs;
}

const uint32_t *tf_links(const tf_ctx *ctx, const tf_record *r)
{
    return ctx->links + r->links_first;
}

uint32_t tf_newest_link(const tf_ctx *ctx, const tf_record *r)
{
    return r->links_count ? ctx->links[r->links_first + r->links_count - 1] : 0;
}
