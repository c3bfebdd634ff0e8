/* Unit tests of the flow analysis layer (no Wireshark involved). */
#include <stdio.h>
#include <string.h>

#include "tcpflow-analysis.h"
#include "tcpflow-text.h"

static int passed, failed;

#define CHECK(cond, ...)                                                   \
    do {                                                                   \
        if (cond) {                                                        \
            passed++;                                                      \
        } else {                                                           \
            failed++;                                                      \
            printf("FAIL %s:%d: ", __FILE__, __LINE__);                    \
            printf(__VA_ARGS__);                                           \
            printf("\n");                                                  \
        }                                                                  \
    } while (0)

enum { C = 1, S = 0 };   /* who sends: client or server */
#define US 1000LL        /* nanoseconds in a microsecond */

typedef struct conn {
    tf_ctx  *ctx;
    uint32_t stream;
    uint16_t cport, sport;
    uint32_t frame;
} conn;

static conn open_conn(uint16_t cport, uint16_t sport)
{
    conn c = { tf_new(), 0, cport, sport, 0 };
    return c;
}

/* Feeds the next frame of connection c; returns its record. */
static const tf_record *send_seg(conn *c, int from_client, uint16_t flags, uint32_t seq, uint32_t ack,
                                 uint32_t len, int64_t t_us)
{
    tf_segment s;
    memset(&s, 0, sizeof s);
    s.frame = ++c->frame;
    s.ts_ns = t_us * US;
    s.stream = c->stream;
    s.addr_len = 4;
    memcpy(s.src_addr, "\x7f\0\0\1", 4);
    memcpy(s.dst_addr, "\x7f\0\0\1", 4);
    s.src_port = from_client ? c->cport : c->sport;
    s.dst_port = from_client ? c->sport : c->cport;
    s.seq = seq;
    s.ack = ack;
    s.flags = flags;
    s.window = 512;
    s.payload_len = len;
    return tf_record_at(c->ctx, tf_analyze(c->ctx, &s));
}

static uint32_t link_frame(const tf_ctx *ctx, const tf_record *r, uint32_t i)
{
    return tf_record_at(ctx, tf_links(ctx, r)[i])->frame;
}

static uint32_t acked_in_frame(const tf_ctx *ctx, uint32_t frame)
{
    const tf_record *r = tf_record_at(ctx, tf_find(ctx, frame, 0));
    const tf_record *a = r ? tf_record_at(ctx, r->acked_in) : NULL;
    return a ? a->frame : 0;
}

static const char *summary(const tf_ctx *ctx, uint32_t frame)
{
    static char buf[200];
    return tf_summary(ctx, tf_find(ctx, frame, 0), buf, sizeof buf);
}

#define J 2927179378u
#define K 1721825043u

static void test_seed(void)
{
    conn c = open_conn(39870, 9502);
    const tf_record *r1 = send_seg(&c, C, TF_SYN, J, 0, 0, 0);
    CHECK(r1->hs_step == 1 && r1->dir == TF_DIR_TO_SERVER, "SYN is step 1 from the client");
    CHECK(!(r1->bits & TF_R_ROLES_INFERRED), "a SYN settles the roles");
    const tf_record *r2 = send_seg(&c, S, TF_SYN | TF_ACK, K, J + 1, 0, 14);
    CHECK(r2->hs_step == 2 && r2->dir == TF_DIR_TO_CLIENT, "SYN+ACK is step 2 from the server");
    CHECK(r2->hs_expected == J + 1 && (r2->bits & TF_R_HS_ACK_OK), "step 2 expects j+1 and has it");
    CHECK(r2->links_count == 1 && link_frame(c.ctx, r2, 0) == 1, "SYN+ACK acknowledges the SYN");
    CHECK(r2->acked_bytes == 0, "acknowledging a SYN acknowledges no payload");
    const tf_record *r3 = send_seg(&c, C, TF_ACK, J + 1, K + 1, 0, 24);
    CHECK(r3->hs_step == 3 && r3->hs_expected == K + 1 && (r3->bits & TF_R_HS_ACK_OK), "step 3 acks k+1");
    const tf_handshake *h = tf_handshake_of(c.ctx, r3);
    CHECK(h->syn && h->synack && h->ack, "handshake frames linked");
    CHECK(h->client_isn == J && h->server_isn == K, "ISNs remembered");
    const tf_record *r4 = send_seg(&c, C, TF_PSH | TF_ACK, J + 1, K + 1, 7, 16310720);
    CHECK(r4->hs_step == 0 && r4->seq_rel == 1 && tf_next_rel(r4) == 8, "push is seq 1:8");
    CHECK(!(r4->bits & TF_R_NEW_ACK), "the push acknowledges nothing new");
    const tf_record *r5 = send_seg(&c, S, TF_ACK, K + 1, J + 8, 0, 16310745);
    CHECK(r5->links_count == 1 && link_frame(c.ctx, r5, 0) == 4 && r5->acked_bytes == 7, "ack 8 covers frame 4");
    send_seg(&c, S, TF_PSH | TF_ACK, K + 1, J + 8, 18, 16311060);
    send_seg(&c, C, TF_ACK, J + 8, K + 19, 0, 16311070);
    CHECK(acked_in_frame(c.ctx, 4) == 5 && acked_in_frame(c.ctx, 6) == 7, "both pushes paired");
    CHECK(strcmp(summary(c.ctx, 1), "handshake 1/3 (SYN)") == 0, "summary 1: %s", summary(c.ctx, 1));
    CHECK(strcmp(summary(c.ctx, 2), "handshake 2/3 (SYN+ACK)") == 0, "summary 2: %s", summary(c.ctx, 2));
    CHECK(strcmp(summary(c.ctx, 4), "data 7 bytes, acked in #5") == 0, "summary 4: %s", summary(c.ctx, 4));
    CHECK(strcmp(summary(c.ctx, 5), "ACK of #4 (7 bytes)") == 0, "summary 5: %s", summary(c.ctx, 5));
    tf_free(c.ctx);
}

static void handshake(conn *c, uint32_t cisn, uint32_t sisn)
{
    send_seg(c, C, TF_SYN, cisn, 0, 0, 0);
    send_seg(c, S, TF_SYN | TF_ACK, sisn, cisn + 1, 0, 10);
    send_seg(c, C, TF_ACK, cisn + 1, sisn + 1, 0, 20);
}

static void test_cumulative_ack(void)
{
    conn c = open_conn(41000, 8080);
    handshake(&c, 1000, 5000);
    send_seg(&c, C, TF_ACK, 1001, 5001, 100, 100);
    send_seg(&c, C, TF_ACK, 1101, 5001, 100, 110);
    send_seg(&c, C, TF_ACK, 1201, 5001, 100, 120);
    const tf_record *a = send_seg(&c, S, TF_ACK, 5001, 1301, 0, 200);
    CHECK(a->links_count == 3 && link_frame(c.ctx, a, 0) == 4 && link_frame(c.ctx, a, 2) == 6,
          "one ACK covers frames 4, 5, 6");
    CHECK(a->acked_bytes == 300, "300 bytes newly acknowledged (got %u)", a->acked_bytes);
    CHECK(tf_record_at(c.ctx, tf_newest_link(c.ctx, a))->frame == 6, "RTT counts from frame 6");
    CHECK(strcmp(summary(c.ctx, 7), "ACK of #4, #5, #6 (300 bytes)") == 0, "summary: %s", summary(c.ctx, 7));
    const tf_record *d = send_seg(&c, S, TF_PSH | TF_ACK, 5001, 1301, 10, 300);
    CHECK(!(d->bits & TF_R_NEW_ACK), "a repeated ack is nothing new");
    tf_free(c.ctx);
}

static void test_partial_then_full(void)
{
    conn c = open_conn(41000, 8080);
    handshake(&c, 0, 0);
    send_seg(&c, C, TF_ACK, 1, 1, 100, 100);
    const tf_record *p = send_seg(&c, S, TF_ACK, 1, 51, 0, 110);
    CHECK(p->links_count == 0 && p->acked_bytes == 50, "a partial ACK covers no frame but 50 bytes");
    CHECK(acked_in_frame(c.ctx, 4) == 0, "half-acknowledged data is not yet acked");
    const tf_record *f = send_seg(&c, S, TF_ACK, 1, 101, 0, 120);
    CHECK(f->links_count == 1 && f->acked_bytes == 50, "the rest completes frame 4");
    CHECK(acked_in_frame(c.ctx, 4) == 6, "acked in the ACK that covers its end");
    tf_free(c.ctx);
}

static void test_retransmission(void)
{
    conn c = open_conn(41000, 8080);
    handshake(&c, 0, 0);
    const tf_record *o = send_seg(&c, C, TF_ACK, 1, 1, 100, 100);
    CHECK(o->retrans_bytes == 0, "first transmission");
    const tf_record *r = send_seg(&c, C, TF_ACK, 1, 1, 100, 300);
    CHECK(r->retrans_bytes == 100, "retransmission: 100 bytes sent before");
    const tf_record *p = send_seg(&c, C, TF_ACK, 51, 1, 100, 310);
    CHECK(p->retrans_bytes == 50, "overlapping segment: 50 bytes sent before (got %u)", p->retrans_bytes);
    const tf_record *a = send_seg(&c, S, TF_ACK, 1, 151, 0, 320);
    CHECK(a->links_count == 3, "the ACK covers the original and both resends (got %u)", a->links_count);
    CHECK(acked_in_frame(c.ctx, 4) == 7 && acked_in_frame(c.ctx, 5) == 7 && acked_in_frame(c.ctx, 6) == 7,
          "all copies acked in frame 7");
    CHECK(a->acked_bytes == 150, "150 bytes newly acknowledged (got %u)", a->acked_bytes);
    const tf_record *late = send_seg(&c, C, TF_ACK, 1, 1, 100, 400);
    const tf_record *dup = send_seg(&c, S, TF_ACK, 1, 151, 0, 410);
    CHECK(late->retrans_bytes == 100 && dup->links_count == 1 && dup->acked_bytes == 0,
          "a resend of acknowledged data is covered by the next ACK, with no new bytes");
    tf_free(c.ctx);
}

static void test_seq_wrap(void)
{
    conn c = open_conn(42000, 9000);
    handshake(&c, 0xFFFFFED8u, 0xFFFFFFFAu);
    const tf_record *d1 = send_seg(&c, C, TF_ACK, 0xFFFFFED9u, 0xFFFFFFFBu, 200, 100);
    const tf_record *d2 = send_seg(&c, C, TF_ACK, 0xFFFFFFA1u, 0xFFFFFFFBu, 200, 110);
    CHECK(d1->seq_rel == 1 && d2->seq_rel == 201 && tf_next_rel(d2) == 401, "relative numbers go on through 2^32");
    CHECK(d2->retrans_bytes == 0, "wrapping is not a retransmission");
    const tf_record *a = send_seg(&c, S, TF_ACK, 0xFFFFFFFBu, 0xFFFFFFA1u + 200, 0, 120);
    CHECK(a->links_count == 2 && a->acked_bytes == 400 && a->unseen_bytes == 0, "ack past zero covers both");
    const tf_record *sd = send_seg(&c, S, TF_ACK, 0xFFFFFFFBu, 105, 100, 130);
    const tf_record *sa = send_seg(&c, C, TF_ACK, 105, 0xFFFFFFFBu + 100, 0, 140);
    CHECK(sd->seq_rel == 1 && sa->links_count == 1 && sa->acked_bytes == 100, "server data across zero paired");
    tf_free(c.ctx);
}

static void test_roles_inferred(void)
{
    conn c = open_conn(51000, 80);
    const tf_record *d = send_seg(&c, C, TF_PSH | TF_ACK, 7000000, 9000000, 50, 0);
    CHECK(d->dir == TF_DIR_TO_SERVER && (d->bits & TF_R_ROLES_INFERRED), "port 80 is the server");
    CHECK(d->seq_rel == 1 && !(d->bits & TF_R_NEW_ACK), "first byte is 1; first ACK is a baseline");
    const tf_record *a = send_seg(&c, S, TF_ACK, 9000000, 7000050, 0, 10);
    CHECK(a->links_count == 1 && a->unseen_bytes == 0 && a->acked_bytes == 50, "no unseen bytes mid-connection");
    tf_free(c.ctx);

    conn s = open_conn(51000, 80);
    const tf_record *sa = send_seg(&s, S, TF_SYN | TF_ACK, 500, 101, 0, 0);
    CHECK(sa->dir == TF_DIR_TO_CLIENT && sa->hs_step == 2 && !(sa->bits & TF_R_HS_EXPECTED),
          "a lone SYN+ACK: its sender is the server, the ack cannot be checked");
    const tf_record *ack = send_seg(&s, C, TF_ACK, 101, 501, 0, 10);
    CHECK(ack->hs_step == 3 && (ack->bits & TF_R_HS_ACK_OK), "the client's ACK still completes it");
    tf_free(s.ctx);

    conn e = open_conn(7000, 7000);
    e.sport = 7000;
    const tf_record *first = send_seg(&e, C, TF_ACK, 1, 1, 10, 0);
    CHECK(first->dir == TF_DIR_TO_SERVER, "equal ports: the first sender is the client");
    tf_free(e.ctx);

    conn h = open_conn(80, 51000);   /* a client on the lower port: only a SYN tells */
    send_seg(&h, S, TF_ACK, 10, 10, 0, 0);
    const tf_record *syn = send_seg(&h, C, TF_SYN, 1000, 0, 0, 10);
    CHECK(syn->dir == TF_DIR_TO_SERVER && syn->hs_step == 1 && !(syn->bits & TF_R_ROLES_INFERRED),
          "a later SYN settles guessed roles");
    tf_free(h.ctx);
}

static void test_unseen(void)
{
    conn c = open_conn(41000, 8080);
    handshake(&c, 0, 0);
    send_seg(&c, C, TF_ACK, 1, 1, 100, 100);
    const tf_record *a = send_seg(&c, S, TF_ACK, 1, 301, 0, 110);
    CHECK(a->links_count == 1 && a->acked_bytes == 300 && a->unseen_bytes == 200,
          "ack 301 after 100 bytes: 200 unseen (got %u)", a->unseen_bytes);
    CHECK(strstr(summary(c.ctx, 5), "ACK of #4 (300 bytes)") != NULL, "summary: %s", summary(c.ctx, 5));
    const tf_record *later = send_seg(&c, C, TF_ACK, 101, 1, 200, 120);
    CHECK(later->retrans_bytes == 200, "bytes the peer acknowledged were sent before");
    tf_free(c.ctx);
}

static void test_handshake_variants(void)
{
    conn c = open_conn(41000, 8080);
    send_seg(&c, C, TF_SYN, 100, 0, 0, 0);
    const tf_record *again = send_seg(&c, C, TF_SYN, 100, 0, 0, 1000000);
    CHECK(again->hs_step == 1 && (again->bits & TF_R_HS_RETRANS), "a repeated SYN is step 1, retransmitted");
    const tf_record *sa = send_seg(&c, S, TF_SYN | TF_ACK, 900, 106, 0, 1000010);
    CHECK(sa->hs_expected == 101 && !(sa->bits & TF_R_HS_ACK_OK), "a wrong ack is flagged");
    CHECK(sa->links_count == 2, "SYN+ACK covers both SYNs (got %u)", sa->links_count);
    const tf_record *sa2 = send_seg(&c, S, TF_SYN | TF_ACK, 900, 106, 0, 1000020);
    CHECK(sa2->hs_step == 2 && (sa2->bits & TF_R_HS_RETRANS), "a repeated SYN+ACK is step 2, retransmitted");
    tf_free(c.ctx);

    conn r = open_conn(41000, 8081);
    send_seg(&r, C, TF_SYN, 100, 0, 0, 0);
    const tf_record *rst = send_seg(&r, S, TF_RST | TF_ACK, 0, 101, 0, 5);
    CHECK(rst->hs_step == 0 && rst->links_count == 1, "a refusing RST+ACK acknowledges the SYN");
    tf_free(r.ctx);
}

static void test_lookup(void)
{
    tf_ctx *ctx = tf_new();
    tf_segment s;
    memset(&s, 0, sizeof s);
    s.addr_len = 4;
    s.frame = 3;
    s.src_port = 1000;
    s.dst_port = 80;
    s.flags = TF_SYN;
    uint32_t a = tf_analyze(ctx, &s);
    s.stream = 1;                       /* a tunnelled segment in the same frame */
    uint32_t b = tf_analyze(ctx, &s);
    CHECK(tf_find(ctx, 3, 0) == a && tf_find(ctx, 3, 1) == b && tf_find(ctx, 3, 2) == 0, "two records in frame 3");
    CHECK(tf_find(ctx, 2, 0) == 0 && tf_find(ctx, 4, 0) == 0, "no record for other frames");
    s.frame = 2;
    CHECK(tf_analyze(ctx, &s) == 0, "a frame older than the last one is refused");
    s.frame = 9;
    s.stream = 100000;                  /* sparse stream numbers */
    CHECK(tf_analyze(ctx, &s) != 0 && tf_find(ctx, 9, 0) != 0, "large stream index");
    tf_free(ctx);
}

static void test_bounded_backlog(void)
{
    conn c = open_conn(41000, 8080);
    handshake(&c, 0, 0);
    uint32_t n = 70000;
    for (uint32_t i = 0; i < n; i++)
        send_seg(&c, C, TF_ACK, 1 + i * 10, 1, 10, 100 + i);
    const tf_record *a = send_seg(&c, S, TF_ACK, 1, 1 + n * 10, 0, 200000);
    CHECK(a->links_count == 65536, "at most 65536 segments wait for an ACK (got %u)", a->links_count);
    CHECK(a->acked_bytes == n * 10, "all bytes still counted");
    CHECK(acked_in_frame(c.ctx, 4) == 0 && acked_in_frame(c.ctx, 3 + n) == 4 + n,
          "the oldest were dropped, the newest paired");
    CHECK(strstr(summary(c.ctx, 4 + n), "65536 frames") != NULL, "summary: %s", summary(c.ctx, 4 + n));
    tf_free(c.ctx);
}

int main(void)
{
    test_seed();
    test_cumulative_ack();
    test_partial_then_full();
    test_retransmission();
    test_seq_wrap();
    test_roles_inferred();
    test_unseen();
    test_handshake_variants();
    test_lookup();
    test_bounded_backlog();
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
