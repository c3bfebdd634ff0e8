/* Unit tests of the flow analysis layer (no Wireshark involved). */
#include <stdio.h>
#include <inttypes.h>
#include <string.h>

#include "tcpflow-analysis.h"
#include "tcpflow-text.h"
#include "tcpflow-wire.h"

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

#define C TF_CLIENT   /* who sends */
#define S TF_SERVER
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

/* The window and TCP options of the next segments send_seg feeds. */
static uint16_t next_window = 512;
static const uint8_t *next_options;
static uint16_t next_options_len;
static uint8_t next_ecn;          /* the IP header's ECN field */

/* Feeds the next frame of connection c from the given side; returns its
 * record's index (read it with at(): the table may move as it grows). */
static uint32_t send_seg(conn *c, tf_side from, uint16_t flags, uint32_t seq, uint32_t ack, uint32_t len,
                         int64_t t_us)
{
    tf_segment s;
    memset(&s, 0, sizeof s);
    s.frame = ++c->frame;
    s.ts_ns = t_us * US;
    s.stream = c->stream;
    s.addr_len = 4;
    memcpy(s.src_addr, "\x7f\0\0\1", 4);
    memcpy(s.dst_addr, "\x7f\0\0\1", 4);
    s.src_port = from == TF_CLIENT ? c->cport : c->sport;
    s.dst_port = from == TF_CLIENT ? c->sport : c->cport;
    s.seq = seq;
    s.ack = ack;
    s.flags = flags;
    s.window = next_window;
    s.payload_len = len;
    s.options = next_options;
    s.options_len = next_options_len;
    s.ip_ecn = next_ecn;
    return tf_analyze(c->ctx, &s);
}

/* Record rec of connection c, as it stands now. */
static const tf_record *at(const conn *c, uint32_t rec)
{
    return tf_record_at(c->ctx, rec);
}

static uint32_t nlinks(const tf_ctx *ctx, uint32_t rec)
{
    uint32_t n;
    tf_links(ctx, rec, &n);
    return n;
}

static const tf_pace_note *note(const tf_ctx *ctx, uint32_t rec)
{
    return tf_pace_of(ctx, rec);
}

static const tf_extra *extra(const tf_ctx *ctx, uint32_t rec)
{
    return tf_extra_of(ctx, rec);
}

static uint32_t expected_ack(const tf_ctx *ctx, uint32_t rec, uint32_t carried)
{
    return tf_hs_expected(ctx, rec, carried);
}

static uint32_t link_frame(const tf_ctx *ctx, uint32_t rec, uint32_t i)
{
    uint32_t n;
    return tf_record_at(ctx, tf_links(ctx, rec, &n)[i])->frame;
}

static uint32_t acked_in_frame(const tf_ctx *ctx, uint32_t frame)
{
    const tf_record *r = tf_record_at(ctx, tf_find(ctx, frame, 0, 0));
    const tf_record *a = r ? tf_record_at(ctx, r->acked_in) : NULL;
    return a ? a->frame : 0;
}

static const char *summary(const tf_ctx *ctx, uint32_t frame)
{
    static char buf[200];
    return tf_summary(ctx, tf_find(ctx, frame, 0, 0), TF_LANG_EN, buf, sizeof buf);
}

#define J 2927179378u
#define K 1721825043u

static void test_seed(void)
{
    conn c = open_conn(39870, 9502);
    uint32_t r1 = send_seg(&c, C, TF_SYN, J, 0, 0, 0);
    CHECK(at(&c, r1)->hs_step == 1 && at(&c, r1)->sender == TF_CLIENT, "SYN is step 1 from the client");
    CHECK(!(at(&c, r1)->bits & TF_R_ROLES_INFERRED), "a SYN settles the roles");
    uint32_t r2 = send_seg(&c, S, TF_SYN | TF_ACK, K, J + 1, 0, 14);
    CHECK(at(&c, r2)->hs_step == 2 && at(&c, r2)->sender == TF_SERVER, "SYN+ACK is step 2 from the server");
    CHECK((at(&c, r2)->bits & TF_R_HS_EXPECTED) && (at(&c, r2)->bits & TF_R_HS_ACK_OK) && expected_ack(c.ctx, r2, J + 1) == J + 1,
          "step 2 expects j+1 and has it");
    CHECK(nlinks(c.ctx, r2) == 1 && link_frame(c.ctx, r2, 0) == 1, "SYN+ACK acknowledges the SYN");
    CHECK(at(&c, r2)->acked_bytes == 0, "acknowledging a SYN acknowledges no payload");
    uint32_t r3 = send_seg(&c, C, TF_ACK, J + 1, K + 1, 0, 24);
    CHECK(at(&c, r3)->hs_step == 3 && (at(&c, r3)->bits & TF_R_HS_ACK_OK) && !at(&c, r3)->has_extra, "step 3 acks k+1, nothing kept aside");
    const tf_handshake *h = tf_handshake_of(c.ctx, r3);
    CHECK(h->syn && h->synack && h->ack, "handshake frames linked");
    CHECK(h->client_isn == J && h->server_isn == K, "ISNs remembered");
    uint32_t r4 = send_seg(&c, C, TF_PSH | TF_ACK, J + 1, K + 1, 7, 16310720);
    CHECK(at(&c, r4)->hs_step == 0 && at(&c, r4)->seq_rel == 1 && tf_next_rel(at(&c, r4)) == 8, "push is seq 1:8");
    CHECK(!(at(&c, r4)->bits & TF_R_NEW_ACK), "the push acknowledges nothing new");
    uint32_t r5 = send_seg(&c, S, TF_ACK, K + 1, J + 8, 0, 16310745);
    CHECK(nlinks(c.ctx, r5) == 1 && link_frame(c.ctx, r5, 0) == 4 && at(&c, r5)->acked_bytes == 7, "ack 8 covers frame 4");
    send_seg(&c, S, TF_PSH | TF_ACK, K + 1, J + 8, 18, 16311060);
    send_seg(&c, C, TF_ACK, J + 8, K + 19, 0, 16311070);
    CHECK(acked_in_frame(c.ctx, 4) == 5 && acked_in_frame(c.ctx, 6) == 7, "both pushes paired");
    CHECK(strcmp(summary(c.ctx, 1), "handshake 1/3 (SYN)") == 0, "summary 1: %s", summary(c.ctx, 1));
    CHECK(strcmp(summary(c.ctx, 2), "handshake 2/3 (SYN+ACK)") == 0, "summary 2: %s", summary(c.ctx, 2));
    CHECK(strcmp(summary(c.ctx, 4), "data 7 bytes, acked in #5; after 16.311 s idle") == 0, "summary 4: %s", summary(c.ctx, 4));
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
    uint32_t a = send_seg(&c, S, TF_ACK, 5001, 1301, 0, 200);
    CHECK(nlinks(c.ctx, a) == 3 && link_frame(c.ctx, a, 0) == 4 && link_frame(c.ctx, a, 2) == 6,
          "one ACK covers frames 4, 5, 6");
    CHECK(at(&c, a)->acked_bytes == 300, "300 bytes newly acknowledged (got %u)", at(&c, a)->acked_bytes);
    CHECK(tf_record_at(c.ctx, tf_newest_link(c.ctx, a))->frame == 6, "RTT counts from frame 6");
    CHECK(strcmp(summary(c.ctx, 7), "ACK of #4, #5, #6 (300 bytes)") == 0, "summary: %s", summary(c.ctx, 7));
    uint32_t d = send_seg(&c, S, TF_PSH | TF_ACK, 5001, 1301, 10, 300);
    CHECK(!(at(&c, d)->bits & TF_R_NEW_ACK), "a repeated ack is nothing new");
    tf_free(c.ctx);
}

static void test_partial_then_full(void)
{
    conn c = open_conn(41000, 8080);
    handshake(&c, 0, 0);
    send_seg(&c, C, TF_ACK, 1, 1, 100, 100);
    uint32_t p = send_seg(&c, S, TF_ACK, 1, 51, 0, 110);
    CHECK(nlinks(c.ctx, p) == 0 && at(&c, p)->acked_bytes == 50, "a partial ACK covers no frame but 50 bytes");
    CHECK(acked_in_frame(c.ctx, 4) == 0, "half-acknowledged data is not yet acked");
    uint32_t f = send_seg(&c, S, TF_ACK, 1, 101, 0, 120);
    CHECK(nlinks(c.ctx, f) == 1 && at(&c, f)->acked_bytes == 50, "the rest completes frame 4");
    CHECK(acked_in_frame(c.ctx, 4) == 6, "acked in the ACK that covers its end");
    tf_free(c.ctx);
}

static void test_retransmission(void)
{
    conn c = open_conn(41000, 8080);
    handshake(&c, 0, 0);
    uint32_t o = send_seg(&c, C, TF_ACK, 1, 1, 100, 100);
    CHECK(extra(c.ctx, o)->retrans_bytes == 0, "first transmission");
    uint32_t r = send_seg(&c, C, TF_ACK, 1, 1, 100, 300);
    CHECK(extra(c.ctx, r)->retrans_bytes == 100, "retransmission: 100 bytes sent before");
    uint32_t p = send_seg(&c, C, TF_ACK, 51, 1, 100, 310);
    CHECK(extra(c.ctx, p)->retrans_bytes == 50, "overlapping segment: 50 bytes sent before (got %u)", extra(c.ctx, p)->retrans_bytes);
    uint32_t a = send_seg(&c, S, TF_ACK, 1, 151, 0, 320);
    CHECK(nlinks(c.ctx, a) == 3, "the ACK covers the original and both resends (got %u)", nlinks(c.ctx, a));
    CHECK(acked_in_frame(c.ctx, 4) == 7 && acked_in_frame(c.ctx, 5) == 7 && acked_in_frame(c.ctx, 6) == 7,
          "all copies acked in frame 7");
    CHECK(at(&c, a)->acked_bytes == 150, "150 bytes newly acknowledged (got %u)", at(&c, a)->acked_bytes);
    uint32_t late = send_seg(&c, C, TF_ACK, 1, 1, 100, 400);
    uint32_t dup = send_seg(&c, S, TF_ACK, 1, 151, 0, 410);
    CHECK(extra(c.ctx, late)->retrans_bytes == 100 && (at(&c, late)->marks & TF_M_SPURIOUS),
          "a resend of data acknowledged before it was sent is spurious");
    CHECK(nlinks(c.ctx, dup) == 0 && at(&c, dup)->acked_bytes == 0 && acked_in_frame(c.ctx, 8) == 0,
          "the next ACK covers nothing for the first time: the spurious copy has no acked_in");
    CHECK(tf_rtt_link(c.ctx, a) == 0,
          "an ACK covering only copies (Karn's rule) is not timed: its newest first transmission was resent");
    tf_free(c.ctx);
}

static void test_seq_wrap(void)
{
    conn c = open_conn(42000, 9000);
    handshake(&c, 0xFFFFFED8u, 0xFFFFFFFAu);
    uint32_t d1 = send_seg(&c, C, TF_ACK, 0xFFFFFED9u, 0xFFFFFFFBu, 200, 100);
    uint32_t d2 = send_seg(&c, C, TF_ACK, 0xFFFFFFA1u, 0xFFFFFFFBu, 200, 110);
    CHECK(at(&c, d1)->seq_rel == 1 && at(&c, d2)->seq_rel == 201 && tf_next_rel(at(&c, d2)) == 401, "relative numbers go on through 2^32");
    CHECK(extra(c.ctx, d2)->retrans_bytes == 0, "wrapping is not a retransmission");
    uint32_t a = send_seg(&c, S, TF_ACK, 0xFFFFFFFBu, 0xFFFFFFA1u + 200, 0, 120);
    CHECK(nlinks(c.ctx, a) == 2 && at(&c, a)->acked_bytes == 400 && extra(c.ctx, a)->unseen_bytes == 0, "ack past zero covers both");
    uint32_t sd = send_seg(&c, S, TF_ACK, 0xFFFFFFFBu, 105, 100, 130);
    uint32_t sa = send_seg(&c, C, TF_ACK, 105, 0xFFFFFFFBu + 100, 0, 140);
    CHECK(at(&c, sd)->seq_rel == 1 && nlinks(c.ctx, sa) == 1 && at(&c, sa)->acked_bytes == 100, "server data across zero paired");
    tf_free(c.ctx);
}

static void test_roles_inferred(void)
{
    conn c = open_conn(51000, 80);
    uint32_t d = send_seg(&c, C, TF_PSH | TF_ACK, 7000000, 9000000, 50, 0);
    CHECK(at(&c, d)->sender == TF_CLIENT && (at(&c, d)->bits & TF_R_ROLES_INFERRED), "port 80 is the server");
    CHECK(at(&c, d)->seq_rel == 1 && !(at(&c, d)->bits & TF_R_NEW_ACK), "first byte is 1; first ACK is a baseline");
    uint32_t a = send_seg(&c, S, TF_ACK, 9000000, 7000050, 0, 10);
    CHECK(nlinks(c.ctx, a) == 1 && extra(c.ctx, a)->unseen_bytes == 0 && at(&c, a)->acked_bytes == 50, "no unseen bytes mid-connection");
    tf_free(c.ctx);

    conn s = open_conn(51000, 80);
    uint32_t sa = send_seg(&s, S, TF_SYN | TF_ACK, 500, 101, 0, 0);
    CHECK(at(&s, sa)->sender == TF_SERVER && at(&s, sa)->hs_step == 2 && !(at(&s, sa)->bits & TF_R_HS_EXPECTED),
          "a lone SYN+ACK: its sender is the server, the ack cannot be checked");
    uint32_t ack = send_seg(&s, C, TF_ACK, 101, 501, 0, 10);
    CHECK(at(&s, ack)->hs_step == 3 && (at(&s, ack)->bits & TF_R_HS_ACK_OK), "the client's ACK still completes it");
    tf_free(s.ctx);

    conn e = open_conn(7000, 7000);
    e.sport = 7000;
    uint32_t first = send_seg(&e, C, TF_ACK, 1, 1, 10, 0);
    CHECK(at(&e, first)->sender == TF_CLIENT, "equal ports: the first sender is the client");
    tf_free(e.ctx);

    conn h = open_conn(80, 51000);   /* a client on the lower port: only a SYN tells */
    send_seg(&h, S, TF_ACK, 10, 10, 0, 0);
    uint32_t syn = send_seg(&h, C, TF_SYN, 1000, 0, 0, 10);
    CHECK(at(&h, syn)->sender == TF_CLIENT && at(&h, syn)->hs_step == 1 && !(at(&h, syn)->bits & TF_R_ROLES_INFERRED),
          "a later SYN settles guessed roles");
    tf_free(h.ctx);
}

static void test_unseen(void)
{
    conn c = open_conn(41000, 8080);
    handshake(&c, 0, 0);
    send_seg(&c, C, TF_ACK, 1, 1, 100, 100);
    uint32_t a = send_seg(&c, S, TF_ACK, 1, 301, 0, 110);
    CHECK(nlinks(c.ctx, a) == 1 && at(&c, a)->acked_bytes == 300 && extra(c.ctx, a)->unseen_bytes == 200,
          "ack 301 after 100 bytes: 200 unseen (got %u)", extra(c.ctx, a)->unseen_bytes);
    CHECK(strstr(summary(c.ctx, 5), "ACK of #4 (300 bytes)") != NULL, "summary: %s", summary(c.ctx, 5));
    uint32_t later = send_seg(&c, C, TF_ACK, 101, 1, 200, 120);
    CHECK(extra(c.ctx, later)->retrans_bytes == 200, "bytes the peer acknowledged were sent before");
    tf_free(c.ctx);
}

static void test_handshake_variants(void)
{
    conn c = open_conn(41000, 8080);
    send_seg(&c, C, TF_SYN, 100, 0, 0, 0);
    uint32_t again = send_seg(&c, C, TF_SYN, 100, 0, 0, 1000000);
    CHECK(at(&c, again)->hs_step == 1 && (at(&c, again)->bits & TF_R_HS_RETRANS), "a repeated SYN is step 1, retransmitted");
    uint32_t sa = send_seg(&c, S, TF_SYN | TF_ACK, 900, 106, 0, 1000010);
    CHECK(expected_ack(c.ctx, sa, 106) == 101 && (at(&c, sa)->bits & TF_R_HS_EXPECTED) && !(at(&c, sa)->bits & TF_R_HS_ACK_OK),
          "a wrong ack is flagged, and the right one kept");
    CHECK(nlinks(c.ctx, sa) == 2, "SYN+ACK covers both SYNs (got %u)", nlinks(c.ctx, sa));
    uint32_t sa2 = send_seg(&c, S, TF_SYN | TF_ACK, 900, 106, 0, 1000020);
    CHECK(at(&c, sa2)->hs_step == 2 && (at(&c, sa2)->bits & TF_R_HS_RETRANS), "a repeated SYN+ACK is step 2, retransmitted");
    tf_free(c.ctx);

    conn r = open_conn(41000, 8081);
    send_seg(&r, C, TF_SYN, 100, 0, 0, 0);
    uint32_t rst = send_seg(&r, S, TF_RST | TF_ACK, 0, 101, 0, 5);
    CHECK(at(&r, rst)->hs_step == 0 && nlinks(r.ctx, rst) == 1, "a refusing RST+ACK acknowledges the SYN");
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
    CHECK(tf_find(ctx, 3, 0, 0) == a && tf_find(ctx, 3, 1, 0) == b && tf_find(ctx, 3, 2, 0) == 0, "two records in frame 3");
    CHECK(tf_find(ctx, 2, 0, 0) == 0 && tf_find(ctx, 4, 0, 0) == 0, "no record for other frames");
    CHECK(tf_find(ctx, 3, 0, a) == a && tf_find(ctx, 3, 1, a) == b && tf_find(ctx, 3, 0, b) == a &&
          tf_find(ctx, 3, 1, 9999) == b && tf_find(ctx, 4, 0, b + 1) == 0, "a hint saves the search, a wrong one is ignored");
    s.frame = 2;
    CHECK(tf_analyze(ctx, &s) == 0, "a frame older than the last one is refused");
    s.frame = 9;
    s.stream = 100000;                  /* sparse stream numbers */
    CHECK(tf_analyze(ctx, &s) != 0 && tf_find(ctx, 9, 0, 0) != 0, "large stream index");
    uint32_t skipped = tf_skip(ctx, 9);
    CHECK(skipped && tf_find(ctx, 9, 1, 0) == skipped && (tf_record_at(ctx, skipped)->bits & TF_R_SKIPPED) &&
          tf_last_frame(ctx) == 9, "a placeholder keeps the second segment of frame 9 in its place");
    CHECK(tf_skip(ctx, 8) == 0, "a placeholder for an older frame is refused too");
    tf_free(ctx);
}

static void test_bounded_backlog(void)
{
    conn c = open_conn(41000, 8080);
    handshake(&c, 0, 0);
    uint32_t n = 70000;
    for (uint32_t i = 0; i < n; i++)
        send_seg(&c, C, TF_ACK, 1 + i * 10, 1, 10, 100 + i);
    uint32_t a = send_seg(&c, S, TF_ACK, 1, 1 + n * 10, 0, 200000);
    CHECK(nlinks(c.ctx, a) == 65536, "at most 65536 segments wait for an ACK (got %u)", nlinks(c.ctx, a));
    CHECK(at(&c, a)->acked_bytes == n * 10, "all bytes still counted");
    CHECK(acked_in_frame(c.ctx, 4) == 0 && acked_in_frame(c.ctx, 3 + n) == 4 + n,
          "the oldest were dropped, the newest paired");
    CHECK(strstr(summary(c.ctx, 4 + n), "65536 frames") != NULL, "summary: %s", summary(c.ctx, 4 + n));
    tf_free(c.ctx);
}

static unsigned steps(const tf_record *r)
{
    unsigned v = 0;
    for (unsigned step = 1; step <= 4; step++)
        if (tf_teardown_step(r, step))
            v = v * 10 + step;
    return v;
}

static int states_are(const tf_record *r, tf_state client, tf_state server)
{
    return tf_client_state(r) == client && tf_server_state(r) == server;
}

static void test_orderly_close(void)
{
    conn c = open_conn(39870, 9502);
    uint32_t syn = send_seg(&c, C, TF_SYN, J, 0, 0, 0);
    CHECK(states_are(at(&c, syn), TF_ST_SYN_SENT, TF_ST_LISTEN), "after the SYN: SYN-SENT / LISTEN");
    uint32_t sa = send_seg(&c, S, TF_SYN | TF_ACK, K, J + 1, 0, 1);
    CHECK(states_are(at(&c, sa), TF_ST_ESTABLISHED, TF_ST_SYN_RECEIVED), "after the SYN+ACK: ESTABLISHED / SYN-RECEIVED");
    uint32_t a = send_seg(&c, C, TF_ACK, J + 1, K + 1, 0, 2);
    CHECK(states_are(at(&c, a), TF_ST_ESTABLISHED, TF_ST_ESTABLISHED), "after step 3: both ESTABLISHED");
    send_seg(&c, C, TF_PSH | TF_ACK, J + 1, K + 1, 7, 3);
    send_seg(&c, S, TF_ACK, K + 1, J + 8, 0, 4);
    uint32_t f1 = send_seg(&c, C, TF_FIN | TF_ACK, J + 8, K + 1, 0, 5);
    CHECK(steps(at(&c, f1)) == 1 && states_are(at(&c, f1), TF_ST_FIN_WAIT_1, TF_ST_CLOSE_WAIT), "FIN: step 1, FIN-WAIT-1 / CLOSE-WAIT");
    uint32_t a1 = send_seg(&c, S, TF_ACK, K + 1, J + 9, 0, 6);
    CHECK(steps(at(&c, a1)) == 2 && states_are(at(&c, a1), TF_ST_FIN_WAIT_2, TF_ST_CLOSE_WAIT), "its ACK: step 2, FIN-WAIT-2");
    CHECK(at(&c, a1)->acked_bytes == 0 && nlinks(c.ctx, a1) == 1, "a FIN carries no payload");
    uint32_t d = send_seg(&c, S, TF_PSH | TF_ACK, K + 1, J + 9, 100, 7);
    uint32_t da = send_seg(&c, C, TF_ACK, J + 9, K + 101, 0, 8);
    CHECK(acked_in_frame(c.ctx, at(&c, d)->frame) == at(&c, da)->frame && nlinks(c.ctx, da) == 1 && at(&c, da)->acked_bytes == 100,
          "half-close: data after the FIN is paired");
    uint32_t f2 = send_seg(&c, S, TF_FIN | TF_ACK, K + 101, J + 9, 0, 9);
    CHECK(steps(at(&c, f2)) == 3 && states_are(at(&c, f2), TF_ST_TIME_WAIT, TF_ST_LAST_ACK), "peer's FIN: step 3, TIME-WAIT / LAST-ACK");
    uint32_t a2 = send_seg(&c, C, TF_ACK, J + 9, K + 102, 0, 10);
    CHECK(steps(at(&c, a2)) == 4 && states_are(at(&c, a2), TF_ST_TIME_WAIT, TF_ST_CLOSED), "final ACK: step 4, server CLOSED");
    const tf_teardown *td = tf_teardown_of(c.ctx, a2);
    CHECK(td->started && td->initiator == TF_CLIENT && td->fin[0] && td->fin[1] && td->ack[0] && td->ack[1],
          "the client closed first; both FINs and their ACKs linked");
    CHECK(at(&c, a2)->hist_len == 8 && memcmp(tf_history(c.ctx, a2), "ShADaFdf", 8) == 0, "history ShADaFdf");
    CHECK(at(&c, f1)->hist_len == 6, "history as it stood at the first FIN: ShADaF");
    tf_free(c.ctx);
}

static void test_fin_ack_combined(void)
{
    conn c = open_conn(41000, 8080);
    handshake(&c, 0, 0);
    send_seg(&c, S, TF_FIN | TF_ACK, 1, 1, 0, 100);
    uint32_t r = send_seg(&c, C, TF_FIN | TF_ACK, 1, 2, 0, 110);
    CHECK(steps(at(&c, r)) == 23, "a FIN+ACK of the first FIN is steps 2 and 3 (got %u)", steps(at(&c, r)));
    CHECK(!(at(&c, r)->bits & TF_R_SIM_CLOSE), "it is not a simultaneous close");
    CHECK(tf_teardown_of(c.ctx, r)->initiator == TF_SERVER, "the server closed first");
    CHECK(strcmp(summary(c.ctx, 5), "teardown 2+3/4 (FIN)") == 0, "summary: %s", summary(c.ctx, 5));
    uint32_t again = send_seg(&c, C, TF_FIN | TF_ACK, 1, 2, 0, 300);
    CHECK(steps(at(&c, again)) == 3 && (at(&c, again)->bits & TF_R_FIN_RETRANS), "a repeated FIN keeps its step");
    tf_free(c.ctx);
}

static void test_simultaneous(void)
{
    conn c = open_conn(5001, 5002);
    send_seg(&c, C, TF_SYN, 100, 0, 0, 0);
    uint32_t s2 = send_seg(&c, S, TF_SYN, 300, 0, 0, 10);
    CHECK(at(&c, s2)->hs_step == 1 && (at(&c, s2)->bits & TF_R_SIM_OPEN), "the second SYN: simultaneous open");
    CHECK(states_are(at(&c, s2), TF_ST_SYN_RECEIVED, TF_ST_SYN_RECEIVED), "both SYN-RECEIVED");
    uint32_t a1 = send_seg(&c, C, TF_SYN | TF_ACK, 100, 301, 0, 20);
    uint32_t a2 = send_seg(&c, S, TF_SYN | TF_ACK, 300, 101, 0, 30);
    CHECK(at(&c, a1)->hs_step == 2 && (at(&c, a1)->bits & TF_R_HS_ACK_OK) && !(at(&c, a1)->bits & TF_R_HS_COMPLETE), "first SYN+ACK");
    CHECK(at(&c, a2)->hs_step == 2 && (at(&c, a2)->bits & TF_R_HS_COMPLETE), "the second SYN+ACK completes the handshake");
    CHECK(states_are(at(&c, a2), TF_ST_ESTABLISHED, TF_ST_ESTABLISHED), "both ESTABLISHED");
    uint32_t f1 = send_seg(&c, C, TF_FIN | TF_ACK, 101, 301, 0, 40);
    uint32_t f2 = send_seg(&c, S, TF_FIN | TF_ACK, 301, 101, 0, 41);
    CHECK(steps(at(&c, f1)) == 1 && steps(at(&c, f2)) == 3 && (at(&c, f2)->bits & TF_R_SIM_CLOSE), "the FINs cross: simultaneous close");
    CHECK(states_are(at(&c, f2), TF_ST_CLOSING, TF_ST_CLOSING), "both CLOSING");
    uint32_t k1 = send_seg(&c, S, TF_ACK, 302, 102, 0, 50);
    uint32_t k2 = send_seg(&c, C, TF_ACK, 102, 302, 0, 51);
    CHECK(steps(at(&c, k1)) == 2 && steps(at(&c, k2)) == 4, "their ACKs are steps 2 and 4");
    CHECK(states_are(at(&c, k2), TF_ST_TIME_WAIT, TF_ST_TIME_WAIT), "both TIME-WAIT");
    tf_free(c.ctx);
}

static void test_resets(void)
{
    conn c = open_conn(41000, 8081);
    uint32_t syn = send_seg(&c, C, TF_SYN, 100, 0, 0, 0);
    uint32_t rst = send_seg(&c, S, TF_RST | TF_ACK, 0, 101, 0, 5);
    CHECK((at(&c, rst)->bits & TF_R_RST_REFUSED) && at(&c, rst)->rst_phase == TF_RST_HANDSHAKE, "a RST answering a SYN: refused");
    CHECK(states_are(at(&c, rst), TF_ST_CLOSED, TF_ST_CLOSED), "both CLOSED");
    CHECK(tf_handshake_incomplete(c.ctx, syn), "the SYN never led to a connection");
    CHECK(strcmp(summary(c.ctx, 2), "RST from server: connection refused") == 0, "summary: %s", summary(c.ctx, 2));
    tf_free(c.ctx);

    conn a = open_conn(41000, 8080);
    handshake(&a, 0, 0);
    send_seg(&a, C, TF_ACK, 1, 1, 300, 100);
    send_seg(&a, S, TF_ACK, 1, 101, 0, 110);
    send_seg(&a, S, TF_ACK, 1, 101, 50, 120);
    uint32_t r = send_seg(&a, C, TF_RST | TF_ACK, 301, 1, 0, 130);
    const tf_extra *x = extra(a.ctx, r);
    CHECK(at(&a, r)->rst_phase == TF_RST_ESTABLISHED && !(at(&a, r)->bits & TF_R_RST_REFUSED), "an abort on an established connection");
    CHECK(x->rst_unacked[0] == 200 && x->rst_unacked[1] == 50, "unacknowledged: 200 from the client, 50 from the server "
          "(got %u, %u)", x->rst_unacked[0], x->rst_unacked[1]);
    tf_free(a.ctx);

    conn f = open_conn(41000, 8080);
    handshake(&f, 0, 0);
    send_seg(&f, C, TF_FIN | TF_ACK, 1, 1, 0, 100);
    uint32_t late = send_seg(&f, S, TF_RST, 1, 0, 0, 110);
    CHECK(at(&f, late)->rst_phase == TF_RST_CLOSING, "a RST after a FIN comes while closing");
    tf_free(f.ctx);
}

static void test_anomalies(void)
{
    conn c = open_conn(47000, 8000);
    handshake(&c, 0, 0);
    send_seg(&c, C, TF_ACK, 1, 1, 100, 100);                     /* 4: 1-100 */
    send_seg(&c, C, TF_ACK, 201, 1, 100, 110);                   /* 5: 201-300, a gap before it */
    send_seg(&c, S, TF_ACK, 1, 101, 0, 120);                     /* 6 */
    uint32_t d1 = send_seg(&c, S, TF_ACK, 1, 101, 0, 130);
    uint32_t d2 = send_seg(&c, S, TF_ACK, 1, 101, 0, 140);
    CHECK(extra(c.ctx, d1)->dup_count == 1 && extra(c.ctx, d2)->dup_count == 2 && extra(c.ctx, d2)->dup_of == tf_find(c.ctx, 6, 0, 0),
          "duplicate ACKs 1 and 2 of frame 6");
    uint32_t ooo = send_seg(&c, C, TF_ACK, 101, 1, 100, 150);
    CHECK((at(&c, ooo)->bits & TF_R_OUT_OF_ORDER) && extra(c.ctx, ooo)->retrans_bytes == 0, "filling the gap is out of order, not a resend");
    uint32_t re = send_seg(&c, C, TF_ACK, 201, 1, 100, 160);
    CHECK(extra(c.ctx, re)->retrans_bytes == 100 && extra(c.ctx, re)->original == tf_find(c.ctx, 5, 0, 0),
          "the resend links to frame 5");
    uint32_t a = send_seg(&c, S, TF_ACK, 1, 301, 0, 170);
    CHECK(nlinks(c.ctx, a) == 3 && !extra(c.ctx, a)->dup_count, "one ACK covers the original, the gap filler and the resend");
    uint32_t again = send_seg(&c, S, TF_ACK, 1, 301, 0, 180);
    CHECK(!extra(c.ctx, again)->dup_count, "the same ACK with nothing outstanding is no duplicate");
    tf_free(c.ctx);

    conn p = open_conn(47000, 8000);
    handshake(&p, 0, 0);
    send_seg(&p, C, TF_ACK, 1, 1, 50, 100);
    send_seg(&p, S, TF_ACK, 1, 51, 0, 110);
    uint32_t k = send_seg(&p, C, TF_ACK, 50, 1, 0, 200);
    CHECK((at(&p, k)->bits & TF_R_KEEPALIVE) && !(at(&p, k)->bits & TF_R_HAS_DATA), "a zero-byte segment at next-1 is a keep-alive");
    uint32_t k1 = send_seg(&p, C, TF_ACK, 50, 1, 1, 300);
    CHECK((at(&p, k1)->bits & TF_R_KEEPALIVE) && extra(p.ctx, k1)->retrans_bytes == 0, "so is a one-byte one, and it is no retransmission");
    uint32_t ka = send_seg(&p, S, TF_ACK, 1, 51, 0, 310);
    CHECK(!extra(p.ctx, ka)->dup_count && !nlinks(p.ctx, ka), "its answer is no duplicate ACK and acknowledges nothing");
    uint32_t d = send_seg(&p, C, TF_ACK, 51, 1, 40, 400);
    CHECK(tf_never_acked(at(&p, d)), "40 bytes never acknowledged");
    tf_free(p.ctx);
}

static void test_zero_window_probe(void)
{
    conn c = open_conn(47000, 8000);
    tf_segment s;
    handshake(&c, 0, 0);
    send_seg(&c, C, TF_ACK, 1, 1, 100, 100);
    memset(&s, 0, sizeof s);
    s.frame = ++c.frame;
    s.addr_len = 4;
    s.src_port = 8000;
    s.dst_port = 47000;
    s.seq = 1;
    s.ack = 101;
    s.flags = TF_ACK;
    s.window = 0;                                       /* the server's window closes */
    tf_analyze(c.ctx, &s);
    uint32_t probe = send_seg(&c, C, TF_ACK, 101, 1, 1, 200);
    CHECK((at(&c, probe)->bits & TF_R_ZERO_WIN_PROBE) && !(at(&c, probe)->bits & TF_R_HAS_DATA), "one byte into a closed window");
    uint32_t real = send_seg(&c, C, TF_ACK, 101, 1, 100, 300);
    CHECK(extra(c.ctx, real)->retrans_bytes == 0 && (at(&c, real)->bits & TF_R_HAS_DATA), "the probed byte sent for real is new data");
    tf_free(c.ctx);
}

/* A segment advertising window `win` (the connections here do not scale). */
static uint32_t send_win(conn *c, tf_side from, uint16_t flags, uint32_t seq, uint32_t ack, uint32_t len,
                         int64_t t_us, uint16_t win)
{
    next_window = win;
    uint32_t rec = send_seg(c, from, flags, seq, ack, len, t_us);
    next_window = 512;
    return rec;
}

static void test_window_events(void)
{
    conn c = open_conn(47100, 8000);
    handshake(&c, 0, 0);
    send_win(&c, S, TF_ACK, 1, 1, 0, 30, 300);                  /* the server offers 300 bytes */
    send_seg(&c, C, TF_ACK, 1, 1, 200, 100);
    uint32_t full = send_seg(&c, C, TF_ACK, 201, 1, 100, 110);
    CHECK(extra(c.ctx, full)->win_events == TF_W_FULL && extra(c.ctx, full)->win_in_flight == 300 &&
          extra(c.ctx, full)->win_offered == 300, "data up to ack + window fills it: 300 bytes in flight");
    uint32_t zero = send_win(&c, S, TF_ACK, 1, 301, 0, 200, 0);
    CHECK((extra(c.ctx, zero)->win_events & (TF_W_ZERO | TF_W_SHRUNK)) == TF_W_ZERO && extra(c.ctx, zero)->win_size == 0,
          "a zero window at the edge the sender reached does not shrink it");
    uint32_t again = send_win(&c, S, TF_ACK, 1, 301, 0, 300, 0);
    CHECK(extra(c.ctx, again)->win_events == TF_W_ZERO && !(at(&c, again)->bits & TF_R_NEW_ACK),
          "every zero-window segment says so");
    uint32_t open = send_win(&c, S, TF_ACK, 1, 301, 0, 1300, 400);
    const tf_extra *x = extra(c.ctx, open);
    CHECK(x->win_events == (TF_W_REOPENED | TF_W_UPDATE | TF_W_RELIEVED) && x->zero_since == zero &&
          x->win_previous == 0 && x->win_size == 400 && x->full_since == full,
          "the window reopens (from the first zero) in an update, and gives the room the full window took");
    uint32_t up = send_win(&c, S, TF_ACK, 1, 301, 0, 1400, 500);
    CHECK(extra(c.ctx, up)->win_events == TF_W_UPDATE && extra(c.ctx, up)->win_previous == 400, "an update 400 -> 500");
    uint32_t same = send_win(&c, S, TF_ACK, 1, 301, 0, 1500, 500);
    CHECK(!at(&c, same)->has_extra, "the same window again is no event (got %x)", extra(c.ctx, same)->win_events);
    uint32_t back = send_win(&c, S, TF_ACK, 1, 301, 0, 1600, 100);
    CHECK(extra(c.ctx, back)->win_events == (TF_W_UPDATE | TF_W_SHRUNK) && extra(c.ctx, back)->shrunk_by == 400,
          "a right edge moving back by 400 bytes shrinks the window");
    uint32_t data = send_win(&c, S, TF_ACK, 1, 301, 10, 1700, 100);
    CHECK(!at(&c, data)->has_extra, "data with the same window is no window event");
    tf_free(c.ctx);
}

static const tf_extra *sent_again(conn *c, uint32_t seq, uint32_t len, int64_t t_us, uint32_t *rec)
{
    *rec = send_seg(c, C, TF_ACK, seq, 1, len, t_us);
    return extra(c->ctx, *rec);
}

static void test_retransmission_kinds(void)
{
    conn c = open_conn(47200, 8000);
    handshake(&c, 0, 0);
    uint32_t first = send_seg(&c, C, TF_ACK, 1, 1, 100, 100), rec;
    for (uint32_t i = 1; i < 6; i++)
        send_seg(&c, C, TF_ACK, 1 + 100 * i, 1, 100, 100 + i);
    uint32_t ack = send_seg(&c, S, TF_ACK, 1, 101, 0, 200);        /* frame 10: the first is lost */
    for (int i = 0; i < 3; i++)
        send_seg(&c, S, TF_ACK, 1, 101, 0, 201 + i);
    const tf_extra *x = sent_again(&c, 101, 100, 210, &rec);
    uint32_t dups[4], n = tf_dup_acks(c.ctx, rec, dups, 4);
    CHECK(x->resend == TF_RS_FAST && x->dup_acks == 3 && x->trigger == ack && x->copy == 2 && x->previous == first + 1,
          "after 3 duplicate ACKs: fast (kind %u, %u dups)", x->resend, x->dup_acks);
    CHECK(n == 3 && at(&c, dups[0])->frame == 11 && at(&c, dups[2])->frame == 13, "its duplicates are frames 11-13");
    send_seg(&c, S, TF_ACK, 1, 201, 0, 220);                        /* a partial ACK */
    x = sent_again(&c, 201, 100, 221, &rec);
    CHECK(x->resend == TF_RS_RECOVERY, "at the ack after a partial ACK in recovery (kind %u)", x->resend);
    send_seg(&c, S, TF_ACK, 1, 601, 0, 230);                        /* all acknowledged: recovery ends */
    send_seg(&c, C, TF_ACK, 601, 1, 100, 300);
    x = sent_again(&c, 601, 100, 400, &rec);
    CHECK(x->resend == TF_RS_TLP && x->copy == 2, "the tail resent 100 µs later, unprompted: a probe (kind %u)",
          x->resend);
    x = sent_again(&c, 601, 100, 300400, &rec);
    CHECK(x->resend == TF_RS_TIMEOUT && x->copy == 3, "300 ms later: a timeout, copy 3 (kind %u, copy %u)",
          x->resend, x->copy);
    double ratio = 0;
    x = sent_again(&c, 601, 100, 900400, &rec);
    CHECK(x->resend == TF_RS_TIMEOUT && x->copy == 4 && tf_backoff(c.ctx, rec, &ratio) && ratio > 1.99 && ratio < 2.01,
          "600 ms after 300 ms: the timer doubled (ratio %.2f)", ratio);
    x = sent_again(&c, 1, 100, 900500, &rec);
    CHECK(x->resend == TF_RS_SPURIOUS && (at(&c, rec)->marks & TF_M_SPURIOUS), "acknowledged before: spurious");
    tf_free(c.ctx);
}

/* A timeout after lost ACKs resends a whole window the receiver already
 * holds; each D-SACK names its own spurious copy, however many there are. */
static void test_dsack_window(void)
{
    enum { N = 40 };
    conn c = open_conn(47301, 8000);
    handshake(&c, 0, 0);
    for (uint32_t i = 0; i < N; i++)
        send_seg(&c, C, TF_ACK, 1 + 100 * i, 1, 100, 100 + i);
    send_seg(&c, S, TF_ACK, 1, 1 + 100 * N, 0, 200);
    uint32_t copy[N], rec, named = 0;
    for (uint32_t i = 0; i < N; i++) {
        sent_again(&c, 1 + 100 * i, 100, 300000 + i, &rec);
        copy[i] = rec;
    }
    for (uint32_t i = 0; i < N; i++) {
        uint32_t left = 1 + 100 * i, right = left + 100;
        const uint8_t block[] = { 1, 1, 5, 10, left >> 24, left >> 16 & 255, left >> 8 & 255, left & 255,
                                  right >> 24, right >> 16 & 255, right >> 8 & 255, right & 255 };
        next_options = block;
        next_options_len = sizeof block;
        uint32_t ack = send_seg(&c, S, TF_ACK, 1, 1 + 100 * N, 0, 300100 + i);
        named += extra(c.ctx, ack)->dsack_of == copy[i] && extra(c.ctx, copy[i])->dsack_in == ack;
    }
    next_options = NULL;
    next_options_len = 0;
    CHECK(named == N, "%u spurious copies at once: each D-SACK names its own (%u did)", N, named);
    tf_free(c.ctx);
}

static void test_sack_and_gaps(void)
{
    static const uint8_t sack[] = { 1, 1, 5, 10, 0, 0, 0x01, 0x2d, 0, 0, 0x01, 0x91 };   /* SACK 301:401 */
    static const uint8_t dsack[] = { 1, 1, 5, 10, 0, 0, 0, 0x65, 0, 0, 0, 0xc9 };         /* SACK 101:201 */
    conn c = open_conn(47300, 8000);
    handshake(&c, 0, 0);
    uint32_t seg[4];
    for (uint32_t i = 0; i < 4; i++)
        seg[i] = send_seg(&c, C, TF_ACK, 1 + 100 * i, 1, 100, 100 + i);
    next_options = sack;
    next_options_len = sizeof sack;
    uint32_t ack = send_seg(&c, S, TF_ACK, 1, 101, 0, 200);
    next_options = NULL;
    next_options_len = 0;
    uint32_t rec;
    const tf_extra *x = sent_again(&c, 101, 100, 210, &rec);
    CHECK(x->resend == TF_RS_SACK && x->trigger == ack, "a hole below SACKed data: SACK-guided (kind %u)", x->resend);
    x = extra(c.ctx, ack);
    CHECK(x->sack_held == 100 && x->sack_missing == 200 && x->sack_first == seg[3] && x->sack_last == seg[3] &&
          x->sack_hole == seg[1], "the SACK holds frame 8's 100 bytes, 200 missing from frame 6's (%u, %u)",
          x->sack_held, x->sack_missing);
    uint32_t resent = rec;
    send_seg(&c, S, TF_ACK, 1, 401, 0, 220);
    next_options = dsack;
    next_options_len = sizeof dsack;
    uint32_t twice = send_seg(&c, S, TF_ACK, 1, 401, 0, 221);
    next_options = NULL;
    next_options_len = 0;
    CHECK((extra(c.ctx, twice)->loss_flags & TF_L_DSACK) && extra(c.ctx, twice)->dsack_of == resent &&
          extra(c.ctx, resent)->dsack_in == twice && !extra(c.ctx, twice)->sack_held,
          "a block below the ack is a D-SACK: the resent copy was not needed, and learns it");
    uint32_t gap = send_seg(&c, C, TF_ACK, 501, 1, 100, 300);       /* 401:501 never seen */
    CHECK(extra(c.ctx, gap)->gap == 100 && !(extra(c.ctx, gap)->loss_flags & TF_L_GAP_ACKED), "100 bytes never seen");
    for (int i = 0; i < 3; i++)
        send_seg(&c, S, TF_ACK, 1, 401, 0, 310 + i);
    uint32_t fill = send_seg(&c, C, TF_ACK, 401, 1, 100, 320);
    CHECK(extra(c.ctx, fill)->fills_gap_of == gap && extra(c.ctx, gap)->gap_filled_in == fill &&
          extra(c.ctx, fill)->resend == TF_RS_FAST && extra(c.ctx, fill)->copy == 0,
          "the filler after 3 duplicate ACKs is a fast retransmission of bytes lost before the capture");
    send_seg(&c, S, TF_ACK, 1, 801, 0, 400);                        /* acknowledges 601:801 unseen */
    uint32_t late = send_seg(&c, C, TF_ACK, 801, 1, 100, 410);
    CHECK(extra(c.ctx, late)->gap == 200 && (extra(c.ctx, late)->loss_flags & TF_L_GAP_ACKED),
          "bytes acknowledged before they were seen: a gap of the capture only");
    tf_free(c.ctx);
}

static void test_fast_open_and_one_sided(void)
{
    conn c = open_conn(48000, 443);
    uint32_t syn = send_seg(&c, C, TF_SYN, 1000, 0, 20, 0);
    CHECK(at(&c, syn)->hs_step == 1 && (at(&c, syn)->bits & TF_R_HAS_DATA) && at(&c, syn)->seq_rel == 1, "a SYN with 20 bytes (TFO)");
    uint32_t sa = send_seg(&c, S, TF_SYN | TF_ACK, 5000, 1021, 0, 10);
    CHECK(expected_ack(c.ctx, sa, 1021) == 1021 && (at(&c, sa)->bits & TF_R_HS_ACK_OK), "the SYN+ACK may acknowledge the SYN's data");
    CHECK(at(&c, sa)->acked_bytes == 20 && acked_in_frame(c.ctx, 1) == 2, "the SYN's data is acked in frame 2");
    tf_free(c.ctx);

    conn o = open_conn(49000, 25);
    send_seg(&o, C, TF_SYN, 400, 0, 0, 0);
    uint32_t a = send_seg(&o, C, TF_ACK, 401, 8001, 0, 10);
    CHECK(at(&o, a)->hs_step == 3 && (at(&o, a)->bits & TF_R_HS_COMPLETE) && !(at(&o, a)->bits & TF_R_HS_EXPECTED),
          "one direction only: the client's ACK completes a handshake whose SYN+ACK is unseen");
    CHECK(states_are(at(&o, a), TF_ST_ESTABLISHED, TF_ST_ESTABLISHED), "both taken as ESTABLISHED");
    uint32_t d = send_seg(&o, C, TF_PSH | TF_ACK, 401, 8001, 13, 20);
    CHECK(tf_never_acked(at(&o, d)) && !tf_handshake_incomplete(o.ctx, tf_find(o.ctx, 1, 0, 0)),
          "its data is never acked; its SYN did lead somewhere");
    tf_free(o.ctx);
}

static void test_phrase_tables(void)
{
    char why[512] = "";
    CHECK(tf_text_check(why, sizeof why), "both languages take the same arguments: %s", why);
}

static const char *state_of(conn *c)
{
    static tf_conn_info info;
    return tf_conn_info_of(c->ctx, c->stream, &info) ? info.conn_state : "none";
}

static void test_conn_info(void)
{
    conn c = open_conn(41000, 8080);
    CHECK(strcmp(state_of(&c), "none") == 0, "no segment, no connection");
    send_seg(&c, C, TF_SYN, 100, 0, 0, 0);
    CHECK(strcmp(state_of(&c), "S0") == 0, "a SYN alone: S0 (got %s)", state_of(&c));
    send_seg(&c, S, TF_SYN | TF_ACK, 500, 101, 0, 10);
    send_seg(&c, C, TF_ACK, 101, 501, 0, 30);
    CHECK(strcmp(state_of(&c), "S1") == 0, "established: S1");
    send_seg(&c, C, TF_ACK, 101, 501, 300, 40);
    send_seg(&c, S, TF_ACK, 501, 401, 1000, 50);
    send_seg(&c, C, TF_FIN | TF_ACK, 401, 1501, 0, 60);
    CHECK(strcmp(state_of(&c), "S2") == 0, "the client's FIN only: S2");
    send_seg(&c, S, TF_FIN | TF_ACK, 1501, 402, 0, 70);
    send_seg(&c, C, TF_ACK, 402, 1502, 0, 80);
    tf_conn_info info;
    CHECK(tf_conn_info_of(c.ctx, 0, &info) && strcmp(info.conn_state, "SF") == 0 &&
          tf_conn_outcome(&info) == TF_OUT_CLOSED_BY_CLIENT, "both FINs, the client's first: SF");
    CHECK(info.first_frame == 1 && info.last_frame == 8 && info.last_ns - info.first_ns == 80 * US, "first and last");
    CHECK(info.segments[0] == 5 && info.segments[1] == 3 && info.bytes[0] == 300 && info.bytes[1] == 1000,
          "segments and bytes each way (got %u %u %llu %llu)", info.segments[0], info.segments[1],
          (unsigned long long)info.bytes[0], (unsigned long long)info.bytes[1]);
    CHECK(info.hs_rtt_ns == 30 * US && strcmp(info.history, "ShADdFf") == 0 && info.client_port == 41000 &&
          info.server_port == 8080 && !info.unacked[0] && !info.unacked[1],
          "RTT, history, ports, nothing unacknowledged (history %s)", info.history);
    tf_free(c.ctx);

    static const struct { uint16_t first, second; int second_from; const char *state; tf_outcome outcome; } ends[] = {
        { TF_SYN, TF_RST | TF_ACK, S, "REJ", TF_OUT_REFUSED }, { TF_SYN, TF_RST, C, "RSTOS0", TF_OUT_RST_HANDSHAKE },
        { TF_SYN, TF_FIN, C, "SH", TF_OUT_NEVER_ANSWERED },
    };
    for (unsigned i = 0; i < sizeof ends / sizeof ends[0]; i++) {
        conn e = open_conn(41000, 8080);
        send_seg(&e, C, ends[i].first, 100, 0, 0, 0);
        send_seg(&e, ends[i].second_from, ends[i].second, ends[i].second_from == C ? 101 : 0, 101, 0, 5);
        tf_conn_info ei;
        CHECK(tf_conn_info_of(e.ctx, 0, &ei) && strcmp(ei.conn_state, ends[i].state) == 0 &&
              tf_conn_outcome(&ei) == ends[i].outcome, "%s (got %s)", ends[i].state, ei.conn_state);
        tf_free(e.ctx);
    }
    conn m = open_conn(41000, 80);
    send_seg(&m, C, TF_ACK, 100, 900, 10, 0);
    CHECK(strcmp(state_of(&m), "OTH") == 0, "midstream: OTH");
    tf_free(m.ctx);
    conn r = open_conn(41000, 80);
    handshake(&r, 0, 0);
    send_seg(&r, C, TF_ACK, 1, 1, 200, 30);
    send_seg(&r, S, TF_RST, 1, 0, 0, 40);
    tf_conn_info ri;
    CHECK(tf_conn_info_of(r.ctx, 0, &ri) && strcmp(ri.conn_state, "RSTR") == 0 && ri.unacked[0] == 200,
          "the server resets with 200 bytes unacknowledged: RSTR");
    CHECK(tf_conn_outcome(&ri) == TF_OUT_RST_ESTABLISHED, "a reset of an established connection");
    tf_free(r.ctx);
}

/* After a RST nothing moves a state; a SYN after it starts a new connection,
 * whose records do not change the old ones' handshake. */
static void test_after_reset(void)
{
    conn c = open_conn(43000, 8000);
    handshake(&c, 100, 500);
    uint32_t rst = send_seg(&c, S, TF_RST | TF_ACK, 501, 101, 0, 30);
    uint32_t late = send_seg(&c, C, TF_PSH | TF_ACK, 101, 501, 23, 35);
    uint32_t fin = send_seg(&c, C, TF_FIN | TF_ACK, 124, 501, 0, 36);
    CHECK(tf_client_state(at(&c, rst)) == TF_ST_CLOSED && tf_server_state(at(&c, rst)) == TF_ST_CLOSED, "a RST closes both");
    CHECK(tf_client_state(at(&c, late)) == TF_ST_CLOSED && tf_server_state(at(&c, fin)) == TF_ST_CLOSED && !at(&c, fin)->td_steps,
          "data and a FIN after it move no state and take no teardown step");
    CHECK((at(&c, late)->marks & TF_M_AFTER_RST) && extra(c.ctx, late)->after_rst == tf_find(c.ctx, 4, 0, 0),
          "they name the RST");
    CHECK(strcmp(summary(c.ctx, 5), "data 23 bytes, after the reset in #4") == 0, "summary: %s", summary(c.ctx, 5));
    CHECK(!tf_never_acked(at(&c, late)), "data after the reset is not 'never acknowledged'");
    uint32_t syn = send_seg(&c, C, TF_SYN, 100, 0, 0, 40);
    CHECK(at(&c, syn)->hs_step == 1 && !(at(&c, syn)->bits & TF_R_HS_RETRANS) && tf_client_state(at(&c, syn)) == TF_ST_SYN_SENT,
          "a SYN after the reset is a new attempt, even with the same ISN");
    send_seg(&c, S, TF_SYN | TF_ACK, 9000, 101, 0, 50);
    CHECK(tf_handshake_of(c.ctx, rst)->server_isn == 500 &&
          tf_handshake_of(c.ctx, syn)->server_isn == 9000,
          "the old connection's records keep its handshake");
    tf_free(c.ctx);
    conn h = open_conn(43010, 8010);
    send_seg(&h, C, TF_SYN, 1000, 0, 0, 0);
    send_seg(&h, S, TF_SYN | TF_ACK, 5000, 1001, 0, 10);
    send_seg(&h, S, TF_RST | TF_ACK, 5001, 1001, 0, 20);
    uint32_t late_ack = send_seg(&h, C, TF_ACK, 1001, 5001, 0, 30);
    CHECK(!at(&h, late_ack)->hs_step && !(at(&h, late_ack)->bits & TF_R_HS_COMPLETE), "an ACK after the reset completes nothing");
    for (unsigned i = 0; i < 300; i++) {           /* SYN, RST, again: the connections kept apart are bounded */
        send_seg(&h, C, TF_SYN, 1000, 0, 0, 100 + i * 10);
        send_seg(&h, S, TF_RST | TF_ACK, 0, 1001, 0, 105 + i * 10);
    }
    tf_conn_info info;
    CHECK(tf_conn_info_of(h.ctx, 0, &info) && strcmp(info.history, "ShrA") == 0 && info.segments[0] == 302,
          "a stream of 300 refused attempts: one row, its history merged (%s)", info.history);
    tf_free(h.ctx);
}

/* A SYN+ACK with a new ISN after the close is a new connection; during the
 * handshake it is a restarted handshake, flagged. */
static void test_synack_new_isn(void)
{
    conn c = open_conn(43001, 8001);
    handshake(&c, 1000, 3000000000u);
    send_seg(&c, C, TF_FIN | TF_ACK, 1001, 3000000001u, 0, 30);
    send_seg(&c, S, TF_FIN | TF_ACK, 3000000001u, 1002, 0, 40);
    send_seg(&c, C, TF_ACK, 1002, 3000000002u, 0, 50);
    uint32_t sa = send_seg(&c, S, TF_SYN | TF_ACK, 2443000000u, 400000001u, 0, 60);
    CHECK(at(&c, sa)->hs_step == 2 && tf_server_state(at(&c, sa)) == TF_ST_SYN_RECEIVED && (at(&c, sa)->bits & TF_R_ROLES_INFERRED),
          "a SYN+ACK after the close starts a new connection");
    uint32_t ack = send_seg(&c, C, TF_ACK, 400000001u, 2443000001u, 0, 70);
    uint32_t d = send_seg(&c, S, TF_PSH | TF_ACK, 2443000001u, 400000001u, 20, 80);
    CHECK((at(&c, ack)->bits & TF_R_HS_COMPLETE) && at(&c, d)->seq_rel == 1 && at(&c, ack)->acked_bytes == 0 && !at(&c, ack)->has_extra,
          "numbers count from the new ISNs, nothing unseen");

    conn r = open_conn(43002, 8002);
    send_seg(&r, C, TF_SYN, 7000, 0, 0, 0);
    send_seg(&r, S, TF_SYN | TF_ACK, 100000, 7001, 0, 10);
    uint32_t again = send_seg(&r, S, TF_SYN | TF_ACK, 900000, 7001, 0, 20);
    CHECK((at(&r, again)->marks & TF_M_ISN_CHANGED) && !(at(&r, again)->bits & TF_R_HS_RETRANS), "a changed ISN is flagged");
    uint32_t done = send_seg(&r, C, TF_ACK, 7001, 900001, 0, 30);
    uint32_t data = send_seg(&r, S, TF_PSH | TF_ACK, 900001, 7001, 40, 40);
    CHECK((at(&r, done)->bits & TF_R_HS_COMPLETE) && at(&r, data)->seq_rel == 1 && !(at(&r, data)->bits & TF_R_OUT_OF_ORDER) &&
          !extra(r.ctx, data)->retrans_bytes, "the new ISN is the server's: its data is in order");

    /* Wireshark 4.4 and later put the SYN+ACK with the new ISN in a new stream. */
    conn w = open_conn(43004, 8004);
    uint32_t syn = send_seg(&w, C, TF_SYN, 7000, 0, 0, 0);
    send_seg(&w, S, TF_SYN | TF_ACK, 100000, 7001, 0, 10);
    w.stream = 1;
    uint32_t moved = send_seg(&w, S, TF_SYN | TF_ACK, 900000, 7001, 0, 20);
    uint32_t ends = send_seg(&w, C, TF_ACK, 7001, 900001, 0, 30);
    CHECK((at(&w, moved)->marks & TF_M_ISN_CHANGED) && !(at(&w, moved)->bits & TF_R_ROLES_INFERRED) &&
          (at(&w, moved)->bits & TF_R_HS_ACK_OK), "a new stream's SYN+ACK with a new ISN carries the handshake on");
    CHECK((at(&w, ends)->bits & TF_R_HS_COMPLETE) && tf_handshake_of(w.ctx, ends)->syn_last ==
          tf_find(w.ctx, 1, 0, 0) && !tf_handshake_incomplete(w.ctx, syn),
          "it completes the handshake begun by the SYN of the other stream");
    w.stream = 2;                      /* a third SYN+ACK carries on from the second */
    conn t = open_conn(43005, 8005);
    send_seg(&t, C, TF_SYN, 1000, 0, 0, 0);
    send_seg(&t, S, TF_SYN | TF_ACK, 5000, 1001, 0, 10);
    t.stream = 1;
    send_seg(&t, S, TF_SYN | TF_ACK, 7000, 1001, 0, 20);
    t.stream = 2;
    uint32_t third = send_seg(&t, S, TF_SYN | TF_ACK, 9000, 1001, 0, 30);
    uint32_t fin = send_seg(&t, C, TF_ACK, 1001, 9001, 0, 40);
    const tf_handshake *th = tf_handshake_of(t.ctx, fin);
    CHECK((at(&t, third)->marks & TF_M_ISN_CHANGED) && (at(&t, fin)->bits & TF_R_HS_COMPLETE) && th->server_isn == 9000 &&
          tf_handshake_of(t.ctx, tf_find(t.ctx, 1, 0, 0))->server_isn == 9000,
          "a third SYN+ACK carries the handshake on from the second, and the first stream sees where it ended");
    tf_free(t.ctx);
    tf_free(w.ctx);
    tf_free(c.ctx);
    tf_free(r.ctx);
}

/* Karn's rule, answers to probes, and a clock that runs backwards. */
static void test_karn_and_answers(void)
{
    conn c = open_conn(43003, 8003);
    handshake(&c, 0, 0);
    send_seg(&c, C, TF_ACK, 1, 1, 100, 1000);
    uint32_t b = send_seg(&c, C, TF_ACK, 101, 1, 100, 1010);
    uint8_t b_marks_when_sent = at(&c, b)->marks;
    uint32_t copy = send_seg(&c, C, TF_ACK, 101, 1, 100, 1132);
    uint32_t a = send_seg(&c, S, TF_ACK, 1, 201, 0, 1145);
    CHECK((b_marks_when_sent & TF_M_AMBIGUOUS) == 0 && (at(&c, b)->marks & TF_M_AMBIGUOUS) &&
          (at(&c, copy)->marks & TF_M_AMBIGUOUS), "a resent segment and its copy cannot be timed");
    const tf_record *from = tf_record_at(c.ctx, tf_rtt_link(c.ctx, a));
    CHECK(nlinks(c.ctx, a) == 3 && from && from->frame == 4, "the ACK is timed from frame 4, sent once");
    uint32_t k = send_seg(&c, C, TF_ACK, 200, 1, 0, 5000);
    uint32_t ans = send_seg(&c, S, TF_ACK, 1, 201, 0, 5010);
    CHECK((at(&c, k)->bits & TF_R_KEEPALIVE) && extra(c.ctx, ans)->answers == tf_find(c.ctx, 8, 0, 0),
          "the ACK after a keep-alive answers it");
    uint32_t finned = send_seg(&c, C, TF_FIN | TF_ACK, 101, 1, 100, 6000);
    send_seg(&c, S, TF_ACK, 1, 202, 0, 6010);
    CHECK(!(at(&c, finned)->marks & TF_M_SPURIOUS) && acked_in_frame(c.ctx, 10) == 11,
          "acknowledged data sent again with a new FIN is not spurious: the FIN waits for its ACK");
    int64_t ns = 0;
    CHECK(!tf_elapsed(at(&c, ans), at(&c, k), &ns) && ns == 0 &&
          tf_elapsed(at(&c, k), at(&c, ans), &ns) && ns == 10 * US,
          "no time runs backwards");
    tf_free(c.ctx);
}

/* One walk of a TCP options list serves every reader: it stops at the end,
 * returns EOL for the caller to stop at, and refuses a length that is
 * missing, below 2 or past the end. */
static void test_option_walker(void)
{
    static const uint8_t good[] = { 2, 4, 0x40, 0x0c, 1, 3, 3, 7, 4, 2, 0 };
    size_t at = 0;
    tf_option o;
    unsigned kinds[8], n = 0;
    while (n < 8 && tf_option_next(good, sizeof good, &at, &o) == TF_OPTION_OK && o.kind != TF_OPT_EOL)
        kinds[n++] = o.kind;
    CHECK(n == 4 && kinds[0] == TF_OPT_MSS && kinds[1] == TF_OPT_NOP && kinds[2] == TF_OPT_WSCALE &&
          kinds[3] == TF_OPT_SACK_OK, "mss, nop, wscale, sackOK read in order (%u options)", n);
    at = 0;
    tf_option_next(good, sizeof good, &at, &o);
    CHECK(o.len == 4 && tf_be16(o.value) == 16396 && at == 4, "mss 16396, 4 bytes");
    at = 10;
    CHECK(tf_option_next(good, sizeof good, &at, &o) == TF_OPTION_OK && o.kind == TF_OPT_EOL && at == 11 &&
          tf_option_next(good, sizeof good, &at, &o) == TF_OPTION_END, "EOL is returned, then the end");
    static const uint8_t cut[] = { 1, 8, 10, 0, 0 };       /* a timestamp whose 10 bytes are not all there */
    static const uint8_t tiny[] = { 5, 1 };                 /* a length below 2 */
    static const uint8_t lone[] = { 1, 3 };                 /* a kind without its length byte */
    at = 1;
    CHECK(tf_option_next(cut, sizeof cut, &at, &o) == TF_OPTION_BAD && at == 1, "an option reaching past the end is bad");
    at = 0;
    CHECK(tf_option_next(tiny, sizeof tiny, &at, &o) == TF_OPTION_BAD, "a length below 2 is bad");
    at = 1;
    CHECK(tf_option_next(lone, sizeof lone, &at, &o) == TF_OPTION_BAD, "a missing length byte is bad");
    CHECK(tf_be32((const uint8_t *)"\x01\x02\x03\x04") == 0x01020304u &&
          tf_be64((const uint8_t *)"\x00\x00\x00\x01\x00\x00\x00\x02") == 0x100000002ull, "network byte order");
}

/* Delayed ACKs against the quickest round trip, Nagle stalls, idle time. */
static void test_timing(void)
{
    conn c = open_conn(47700, 8000);
    handshake(&c, 0, 0);                                       /* round trips of 10 us each way */
    send_seg(&c, C, TF_ACK | TF_PSH, 1, 1, 100, 1000);
    uint32_t late = send_seg(&c, S, TF_ACK, 1, 101, 0, 1000 + 30010);
    const tf_extra *x = extra(c.ctx, late);
    int64_t delay, held;
    CHECK((x->timing & TF_T_DELAYED_ACK) && note(c.ctx, late)->delack_base == 10 * US && tf_ack_held(c.ctx, late, &delay, &held) &&
          delay == 30010 * US && held == 30000 * US, "an ACK of one segment held 30 ms beyond the round trip is delayed");
    uint32_t b = send_seg(&c, C, TF_ACK | TF_PSH, 101, 1, 100, 31010 + 2021);
    CHECK(!(extra(c.ctx, b)->timing & TF_T_NAGLE), "a segment more than 2 ms + 2 round trips after it is not Nagle's");
    uint32_t soon = send_seg(&c, S, TF_ACK, 1, 201, 0, 33031 + 30009);
    CHECK(!extra(c.ctx, soon)->timing, "29.999 ms beyond the round trip is not (got %x)", extra(c.ctx, soon)->timing);
    send_seg(&c, C, TF_ACK, 201, 1, 100, 70000);
    send_seg(&c, C, TF_ACK, 301, 1, 100, 70010);
    uint32_t two = send_seg(&c, S, TF_ACK, 1, 401, 0, 120000);
    CHECK(!extra(c.ctx, two)->timing, "an ACK of two segments is not a delayed ACK");
    send_seg(&c, C, TF_ACK, 401, 1, 100, 130000);
    uint32_t data = send_seg(&c, S, TF_ACK | TF_PSH, 1, 501, 10, 180000);
    CHECK(!extra(c.ctx, data)->timing, "an ACK riding on data is not a delayed ACK");
    send_seg(&c, C, TF_ACK, 501, 11, 100, 190000);
    uint32_t d = send_seg(&c, S, TF_ACK, 11, 601, 0, 230000);
    uint32_t nagle = send_seg(&c, C, TF_ACK, 601, 11, 50, 230030);
    x = extra(c.ctx, nagle);
    CHECK((extra(c.ctx, d)->timing & TF_T_DELAYED_ACK) && (x->timing & TF_T_NAGLE) &&
          note(c.ctx, nagle)->nagle_ack == d && at(&c, note(c.ctx, nagle)->nagle_after)->frame == c.frame - 2,
          "the small segment right after the delayed ACK of the small one before it: a Nagle stall");
    send_seg(&c, S, TF_ACK, 11, 651, 0, 230040);
    uint32_t idle = send_seg(&c, C, TF_ACK, 651, 11, 10, 230040 + 200000);
    CHECK((extra(c.ctx, idle)->timing & TF_T_IDLE) && at(&c, note(c.ctx, idle)->idle_since)->frame == c.frame - 1,
          "200 ms with nothing outstanding before it: idle time");
    uint32_t busy = send_seg(&c, S, TF_ACK, 11, 661, 0, 230040 + 200000 + 300000);
    CHECK(!(extra(c.ctx, busy)->timing & TF_T_IDLE), "300 ms while data was outstanding is not idle time");
    uint32_t short_gap = send_seg(&c, C, TF_ACK, 661, 11, 10, 730040 + 199999);
    CHECK(!(extra(c.ctx, short_gap)->timing & TF_T_IDLE), "199.999 ms is not");
    tf_free(c.ctx);

    /* a path with a 200 ms round trip: 40 ms more is within its jitter */
    conn w = open_conn(47701, 8000);
    send_seg(&w, C, TF_SYN, 0, 0, 0, 0);
    send_seg(&w, S, TF_SYN | TF_ACK, 0, 1, 0, 200000);
    send_seg(&w, C, TF_ACK, 1, 1, 0, 400000);
    send_seg(&w, C, TF_ACK, 1, 1, 100, 500000);
    uint32_t jitter = send_seg(&w, S, TF_ACK, 1, 101, 0, 740000);
    CHECK(!extra(w.ctx, jitter)->timing, "40 ms beyond a 200 ms round trip is not called a delayed ACK");
    tf_free(w.ctx);

    /* the MSS the SYN offered says which segments are small */
    static const uint8_t mss100[] = { 2, 4, 0, 100 };
    conn m = open_conn(47702, 8000);
    send_seg(&m, C, TF_SYN, 0, 0, 0, 0);
    next_options = mss100, next_options_len = sizeof mss100;
    send_seg(&m, S, TF_SYN | TF_ACK, 0, 1, 0, 10);
    next_options = NULL, next_options_len = 0;
    send_seg(&m, C, TF_ACK, 1, 1, 0, 20);
    send_seg(&m, C, TF_ACK, 1, 1, 50, 1000);
    send_seg(&m, S, TF_ACK, 1, 51, 0, 41000);
    uint32_t big = send_seg(&m, C, TF_ACK, 51, 1, 60, 41010);
    CHECK(!(extra(m.ctx, big)->timing & TF_T_NAGLE), "60 bytes against an MSS of 100 is a full segment: not Nagle's");
    tf_free(m.ctx);
}

/* ECN: the handshake, CE marks, ECE runs and CWR; Accurate ECN's counter. */
static void test_ecn(void)
{
    conn c = open_conn(47800, 8000);
    uint32_t ask = send_seg(&c, C, TF_SYN | TF_ECE | TF_CWR, 0, 0, 0, 0);
    uint32_t agree = send_seg(&c, S, TF_SYN | TF_ACK | TF_ECE, 0, 1, 0, 10);
    uint32_t again = send_seg(&c, S, TF_SYN | TF_ACK, 0, 1, 0, 15);
    CHECK(note(c.ctx, ask)->ecn_setup == TF_ES_ASK && note(c.ctx, agree)->ecn_setup == TF_ES_AGREE &&
          !note(c.ctx, again)->ecn_setup, "ECE+CWR on the SYN asks for ECN, ECE alone on the SYN+ACK agrees, "
          "and a SYN+ACK again does not take it back");
    send_seg(&c, C, TF_ACK, 1, 1, 0, 20);
    next_ecn = TF_IP_CE;
    uint32_t ce = send_seg(&c, C, TF_ACK, 1, 1, 100, 100);
    next_ecn = TF_IP_ECT0;
    send_seg(&c, C, TF_ACK, 101, 1, 100, 110);
    next_ecn = 0;
    uint32_t ece = send_seg(&c, S, TF_ACK | TF_ECE, 1, 101, 0, 120);
    uint32_t more = send_seg(&c, S, TF_ACK | TF_ECE, 1, 201, 0, 130);
    uint32_t cwr = send_seg(&c, C, TF_ACK | TF_CWR, 201, 1, 100, 140);
    uint32_t in_flight = send_seg(&c, S, TF_ACK | TF_ECE, 1, 201, 0, 145);
    CHECK(extra(c.ctx, in_flight)->ecn == TF_E_ECE_MORE && note(c.ctx, in_flight)->ecn_link == ece,
          "an ECE whose ack stops short of the CWR segment was sent before it arrived: the same run");
    uint32_t after = send_seg(&c, S, TF_ACK | TF_ECE, 1, 301, 0, 150);
    CHECK(extra(c.ctx, ce)->ecn == TF_E_CE && extra(c.ctx, ece)->ecn == TF_E_ECE && note(c.ctx, ece)->ecn_link == ce &&
          extra(c.ctx, more)->ecn == TF_E_ECE_MORE && note(c.ctx, more)->ecn_link == ece &&
          extra(c.ctx, cwr)->ecn == TF_E_CWR && note(c.ctx, cwr)->cwr_of == ece,
          "a CE mark, its echo, the echo again, and the CWR that answers the run");
    CHECK(extra(c.ctx, after)->ecn == TF_E_ECE && !note(c.ctx, after)->ecn_link,
          "an ECE after the CWR starts a new run, with no mark seen");
    tf_free(c.ctx);

    conn a = open_conn(47801, 8000);
    uint32_t acc = send_seg(&a, C, TF_SYN | TF_AE | TF_ECE | TF_CWR, 0, 0, 0, 0);
    uint32_t yes = send_seg(&a, S, TF_SYN | TF_ACK | TF_AE, 0, 1, 0, 10);
    uint32_t resent = send_seg(&a, S, TF_SYN | TF_ACK, 0, 1, 0, 15);
    send_seg(&a, C, TF_ACK | TF_CWR, 1, 1, 0, 20);
    send_seg(&a, C, TF_ACK | TF_AE | TF_ECE, 1, 1, 100, 100);
    uint32_t first = send_seg(&a, S, TF_ACK | TF_AE | TF_ECE, 1, 101, 0, 110);
    uint32_t six = send_seg(&a, S, TF_ACK | TF_AE | TF_CWR, 1, 101, 0, 115);
    uint32_t up = send_seg(&a, S, TF_ACK | TF_ECE, 1, 101, 0, 120);
    CHECK(note(a.ctx, acc)->ecn_setup == TF_ES_ASK_ACCECN && note(a.ctx, yes)->ecn_setup == TF_ES_AGREE_ACCECN &&
          !note(a.ctx, resent)->ecn_setup && !extra(a.ctx, first)->ecn && note(a.ctx, six)->ace_delta == 1 &&
          extra(a.ctx, up)->ecn == TF_E_ACE && note(a.ctx, up)->ace == 1 && note(a.ctx, up)->ace_delta == 3,
          "Accurate ECN: a SYN+ACK again changes nothing; ACE starts at 5, and 6 to 1 is 3 more CE marks (mod 8)");
    tf_free(a.ctx);

    conn m = open_conn(47803, 8000);                   /* no handshake: AE says Accurate ECN */
    send_seg(&m, C, TF_ACK | TF_AE | TF_ECE, 1, 1, 100, 0);
    uint32_t moved = send_seg(&m, C, TF_ACK | TF_AE | TF_CWR, 101, 1, 100, 10);
    CHECK(extra(m.ctx, moved)->ecn == TF_E_ACE && note(m.ctx, moved)->ace_delta == 1,
          "without the handshake, AE after it means Accurate ECN: its bits are a counter");
    tf_free(m.ctx);

    conn q = open_conn(47804, 8000);                   /* the SYN+ACK not captured */
    send_seg(&q, C, TF_SYN | TF_ECE | TF_CWR, 0, 0, 0, 0);
    send_seg(&q, C, TF_ACK, 1, 1, 0, 20);
    uint32_t heard = send_seg(&q, S, TF_ACK | TF_ECE, 1, 1, 0, 30);
    CHECK(extra(q.ctx, heard)->ecn == TF_E_ECE, "a SYN that asked, with no answer captured: ECE is read as ECN's");
    tf_free(q.ctx);

    conn n = open_conn(47802, 8000);
    send_seg(&n, C, TF_SYN | TF_ECE | TF_CWR, 0, 0, 0, 0);
    uint32_t no = send_seg(&n, S, TF_SYN | TF_ACK, 0, 1, 0, 10);
    send_seg(&n, C, TF_ACK, 1, 1, 0, 20);
    uint32_t stray = send_seg(&n, S, TF_ACK | TF_ECE, 1, 1, 0, 30);
    CHECK(note(n.ctx, no)->ecn_setup == TF_ES_DECLINE && !extra(n.ctx, stray)->ecn,
          "a SYN+ACK without ECE declines, and ECE means nothing after it");
    tf_free(n.ctx);
}

/* The parts of a connection's time add up to its duration. */
static int64_t parts_sum(const tf_times *t)
{
    int64_t sum = 0;
    for (int p = 0; p < TF_PART_COUNT; p++)
        sum += tf_part_total(t, (tf_part)p);
    return sum;
}

static tf_times times_of(const conn *c)
{
    tf_times t;
    memset(&t, 0, sizeof t);
    tf_times_of(c->ctx, c->stream, &t);
    return t;
}

#define MS 1000

static void test_times(void)
{
    /* handshake 20 µs; 1 ms idle; data acked 100 µs later; 1 ms idle; a teardown of 200 µs */
    conn c = open_conn(47400, 8000);
    handshake(&c, 0, 0);
    send_seg(&c, C, TF_ACK, 1, 1, 100, 1020);
    uint32_t ack = send_seg(&c, S, TF_ACK, 1, 101, 0, 1120);
    CHECK(!tf_times_at_end(c.ctx, ack - 1, &(tf_times){ 0 }) && tf_times_at_end(c.ctx, ack, &(tf_times){ 0 }),
          "the connection's times are given on its last segment so far");
    send_seg(&c, C, TF_FIN | TF_ACK, 101, 1, 0, 2120);
    send_seg(&c, S, TF_FIN | TF_ACK, 1, 102, 0, 2220);
    uint32_t last = send_seg(&c, C, TF_ACK, 102, 2, 0, 2320);
    CHECK(!tf_times_at_end(c.ctx, ack, &(tf_times){ 0 }) && tf_times_at_end(c.ctx, last, &(tf_times){ 0 }),
          "a later segment takes them over (a live capture shows them on the newest one)");
    tf_times t = times_of(&c);
    CHECK(t.part[TF_PART_HANDSHAKE][TF_CLIENT] == 20 * US && t.part[TF_PART_SENDING][TF_CLIENT] == 100 * US &&
          t.part[TF_PART_IDLE][TF_CLIENT] == 2000 * US && t.part[TF_PART_TEARDOWN][TF_CLIENT] == 200 * US &&
          t.duration == 2320 * US && parts_sum(&t) == t.duration,
          "handshake, sending, idle and teardown add up to the duration (%" PRId64 " of %" PRId64 " ns)",
          parts_sum(&t), t.duration);
    tf_side side;
    CHECK(t.verdict == TF_V_IDLE && tf_verdict_of(&t, &side) == TF_V_IDLE && t.open_after == -1,
          "mostly idle: the applications' time (verdict %u)", t.verdict);
    tf_free(c.ctx);

    /* a zero window for 10 ms, then a timeout of 300 ms and its recovery */
    c = open_conn(47401, 8000);
    handshake(&c, 0, 0);
    send_seg(&c, C, TF_ACK, 1, 1, 100, 100);
    send_win(&c, S, TF_ACK, 1, 101, 0, 200, 0);
    send_win(&c, S, TF_ACK, 1, 101, 0, 10 * MS + 200, 512);
    send_seg(&c, C, TF_ACK, 101, 1, 100, 10 * MS + 300);
    uint32_t rec;
    sent_again(&c, 101, 100, 310 * MS + 300, &rec);
    CHECK(extra(c.ctx, rec)->resend == TF_RS_TIMEOUT, "a resend nothing prompted: the timer");
    send_seg(&c, S, TF_ACK, 1, 201, 0, 310 * MS + 400);
    t = times_of(&c);
    CHECK(t.part[TF_PART_RECEIVER][TF_CLIENT] == 10 * MS * US && t.part[TF_PART_TIMEOUT][TF_CLIENT] == 300100 * US &&
          t.timeouts[TF_CLIENT] == 1 && t.retrans_bytes[TF_CLIENT] == 100 && parts_sum(&t) == t.duration,
          "10 ms receiver-limited, 300.1 ms waiting for the timer and its repair (%" PRId64 ", %" PRId64 ")",
          t.part[TF_PART_RECEIVER][TF_CLIENT], t.part[TF_PART_TIMEOUT][TF_CLIENT]);
    CHECK(t.verdict == TF_V_LOSS && t.verdict_side == TF_CLIENT && t.open_after == 0,
          "the verdict: loss of the client's data; the connection is still open");
    send_seg(&c, C, TF_ACK, 201, 1, 100, 310 * MS + 500);
    send_seg(&c, S, TF_ACK, 1, 301, 0, 310 * MS + 600);
    t = times_of(&c);
    CHECK(t.part[TF_PART_SENDING][TF_CLIENT] == 200 * US, "the repair acknowledged, data in flight is sending again");
    tf_free(c.ctx);

    /* a half close: the client's FIN, then the server's answer after a pause: not a teardown */
    c = open_conn(47402, 8000);
    handshake(&c, 0, 0);
    send_seg(&c, C, TF_FIN | TF_ACK, 1, 1, 10, 100);
    send_seg(&c, S, TF_ACK, 1, 12, 0, 200);
    send_seg(&c, S, TF_ACK, 1, 12, 100, 5200);
    t = times_of(&c);
    CHECK(t.part[TF_PART_IDLE][TF_CLIENT] == 5000 * US + 80 * US && t.part[TF_PART_TEARDOWN][TF_CLIENT] == 0,
          "data after a FIN gives the pause back to idle (%" PRId64 ", teardown %" PRId64 ")",
          t.part[TF_PART_IDLE][TF_CLIENT], t.part[TF_PART_TEARDOWN][TF_CLIENT]);
    tf_free(c.ctx);
}

/* What the capture cannot show well: a clock that runs backwards, a
 * stream that holds two connections, one direction only, a handshake whose
 * last ACK is missing, a delayed ACK nobody waited for. */
static void test_times_odd(void)
{
    conn c = open_conn(47410, 8000);                                 /* joined mid-connection */
    send_seg(&c, C, TF_ACK, 1, 1, 100, 0);
    send_seg(&c, S, TF_ACK, 1, 101, 0, 10 * MS);
    send_seg(&c, C, TF_ACK, 101, 1, 100, 5 * MS);                    /* stamped 5 ms back */
    send_seg(&c, S, TF_ACK, 1, 201, 0, 20 * MS);
    tf_times t = times_of(&c);
    CHECK(t.duration == 20 * MS * US && parts_sum(&t) == t.duration,
          "a stamp that runs backwards counts nothing twice (%" PRId64 " of %" PRId64 " ns)", parts_sum(&t), t.duration);
    tf_free(c.ctx);

    c = open_conn(47411, 8000);
    handshake(&c, 0, 0);
    send_seg(&c, C, TF_FIN | TF_ACK, 1, 1, 0, 100);
    send_seg(&c, S, TF_ACK, 1, 2, 0, 200);
    send_seg(&c, S, TF_FIN | TF_ACK, 1, 2, 0, 5 * MS * 1000 + 200);    /* the server closes 5 s later */
    uint32_t old_last = send_seg(&c, C, TF_ACK, 2, 2, 0, 5 * MS * 1000 + 300);
    send_seg(&c, C, TF_SYN, 90000, 0, 0, 6 * MS * 1000);             /* a new connection in the stream */
    send_seg(&c, S, TF_SYN | TF_ACK, 70000, 90001, 0, 6 * MS * 1000 + 10);
    send_seg(&c, C, TF_ACK, 90001, 70001, 0, 6 * MS * 1000 + 20);
    send_seg(&c, C, TF_FIN | TF_ACK, 90001, 70001, 0, 6 * MS * 1000 + 30);
    send_seg(&c, S, TF_ACK, 70001, 90002, 0, 6 * MS * 1000 + 40);
    send_seg(&c, S, TF_ACK, 70001, 90002, 10, 7 * MS * 1000);         /* half-closed, the server still sends */
    tf_times old;
    t = times_of(&c);
    CHECK(tf_times_at_end(c.ctx, old_last, &old) && old.part[TF_PART_TEARDOWN][TF_CLIENT] >= 5 * MS * 1000 * US &&
          parts_sum(&old) == old.duration && t.duration == (1 * MS * 1000 - 0) * US && parts_sum(&t) == t.duration &&
          !t.part[TF_PART_TEARDOWN][TF_CLIENT],
          "each connection of a stream has its own time: the first's teardown stays its own (%" PRId64 "), the "
          "second's %" PRId64 " ns are its own", old.part[TF_PART_TEARDOWN][TF_CLIENT], t.duration);
    tf_free(c.ctx);

    c = open_conn(47412, 8000);                                      /* only the client's direction */
    send_seg(&c, C, TF_ACK, 1, 1, 100, 0);
    send_seg(&c, C, TF_ACK, 201, 1, 100, 1 * MS);                    /* 101:201 never seen */
    send_seg(&c, C, TF_ACK, 301, 1, 100, 100 * MS);
    t = times_of(&c);
    CHECK(!tf_verdict_ns(&t, TF_V_LOSS) && parts_sum(&t) == t.duration,
          "no ACK in the capture: a gap starts no recovery that nothing could end (loss %" PRId64 ")",
          tf_verdict_ns(&t, TF_V_LOSS));
    tf_free(c.ctx);

    c = open_conn(47413, 8000);                                      /* only the server's direction */
    send_seg(&c, S, TF_SYN | TF_ACK, 5000, 1001, 0, 0);
    send_seg(&c, S, TF_ACK, 5001, 1001, 100, 1 * MS);
    send_seg(&c, S, TF_ACK, 5101, 1001, 100, 100 * MS);
    t = times_of(&c);
    CHECK(t.part[TF_PART_HANDSHAKE][TF_CLIENT] == 1 * MS * US,
          "data ends a handshake whose last ACK the capture missed (%" PRId64 ")", t.part[TF_PART_HANDSHAKE][TF_CLIENT]);
    tf_free(c.ctx);

    c = open_conn(47415, 8000);                                      /* two holes, the second past the first */
    handshake(&c, 0, 0);
    send_seg(&c, C, TF_ACK, 1, 1, 100, 100);
    send_seg(&c, C, TF_ACK, 201, 1, 100, 110);                       /* 101:201 never seen: a recovery */
    send_seg(&c, C, TF_ACK, 301, 1, 100, 120);
    send_seg(&c, C, TF_ACK, 501, 1, 100, 130);                       /* 401:501 never seen, past 301 */
    send_seg(&c, S, TF_ACK, 1, 101, 0, 140);
    send_seg(&c, C, TF_ACK, 101, 1, 100, 150);
    send_seg(&c, S, TF_ACK, 1, 401, 0, 160);                         /* the first hole repaired */
    send_seg(&c, C, TF_ACK, 401, 1, 100, 500 * MS);                  /* the second, half a second later */
    send_seg(&c, S, TF_ACK, 1, 601, 0, 500 * MS + 100);
    t = times_of(&c);
    CHECK(t.part[TF_PART_FAST][TF_CLIENT] >= 499 * MS * US && t.recoveries[TF_CLIENT] == 1,
          "a loss past the recovery's point keeps it going until that loss is repaired too (%" PRId64 ", %u)",
          t.part[TF_PART_FAST][TF_CLIENT], t.recoveries[TF_CLIENT]);
    tf_free(c.ctx);

    c = open_conn(47414, 8000);                                      /* a request, a delayed ACK, the answer */
    handshake(&c, 0, 0);
    send_seg(&c, C, TF_PSH | TF_ACK, 1, 1, 100, 1 * MS);
    uint32_t late = send_seg(&c, S, TF_ACK, 1, 101, 0, 41 * MS);
    send_seg(&c, S, TF_PSH | TF_ACK, 1, 101, 100, 100 * MS);
    send_seg(&c, C, TF_ACK, 101, 101, 0, 100 * MS + 100);
    t = times_of(&c);
    CHECK((extra(c.ctx, late)->timing & TF_T_DELAYED_ACK) && !t.part[TF_PART_STALL][TF_CLIENT] &&
          t.part[TF_PART_IDLE][TF_CLIENT] >= 40 * MS * US,
          "a delayed ACK nothing waited for is the application's time, not a stall (stall %" PRId64 ")",
          t.part[TF_PART_STALL][TF_CLIENT]);
    tf_free(c.ctx);
}

/* The explanation's pieces and the ladder's lines. */
static void test_text_layout(void)
{
    const char *en = "The client sends 7 bytes (seq 1:8); the server acknowledges them. Before it nothing was "
                     "outstanding either way for 16.311 s (since frame 3), as far as the capture shows: no data "
                     "waited for an ACK.";
    size_t n = tf_sentence_length(en);
    CHECK(!strncmp(en + n - 2, ". ", 2) && n == strlen("The client sends 7 bytes (seq 1:8); the server acknowledges them. "),
          "a piece ends after its sentence, not at a decimal point or a short clause (%zu)", n);
    size_t m = tf_sentence_length(en + n);
    CHECK(!strncmp(en + n + m - 2, ": ", 2) && m > 60, "a long sentence breaks after a clause (%zu)", m);
    const char *zh = "客户端发送 7 字节。服务器确认。";
    CHECK(tf_sentence_length(zh) == strlen("客户端发送 7 字节。"), "a Chinese sentence ends after 。");
    CHECK(tf_sentence_length("no end") == 6, "the last piece is the rest");
    const char *paren = "The ACK completes it (tcpdump prints it relative: it is the long one, read as ack 1) - and the "
                        "connection is established. Next.";
    CHECK(tf_sentence_length(paren) == strlen(paren) - strlen("Next."), "no piece ends inside brackets");
    const char *zh_paren = "这是第三步（抓包中没有这个连接的 SYN：角色是推断出来的。）然后。结束";
    CHECK(tf_sentence_length(zh_paren) == strlen("这是第三步（抓包中没有这个连接的 SYN：角色是推断出来的。）然后。"),
          "nor inside Chinese brackets, whose closing one stays with its sentence");

    char buf[256];
    CHECK(!strcmp(tf_ladder_label("IP 127.0.0.1.39870 > 127.0.0.1.9502: Flags [P.], seq 1:8, ack 1, win 4099, "
                                  "options [nop,nop,TS val 1 ecr 2], length 7", buf, sizeof buf),
                  "[P.], seq 1:8, ack 1, win 4099, length 7"),
          "a ladder label is the tcpdump line from its flags on, without the options: %s", buf);
    CHECK(!strcmp(tf_ladder_label("IP 1.2.3.4.1 > 5.6.7.8.2: Flags [S], seq 1, win 5, options [mss 1460,[bad opt]], length 0",
                                  buf, sizeof buf), "[S], seq 1, win 5, length 0"),
          "nested brackets end the options where they close: %s", buf);
    CHECK(!strcmp(tf_ladder_arrow(TF_CLIENT, "[S]", 12, buf, sizeof buf), "|-- [S] ---->|") &&
          !strcmp(tf_ladder_arrow(TF_SERVER, "[S.]", 12, buf + 64, sizeof buf - 64), "|<-- [S.] ---|"),
          "arrows point from the sender, 12 columns between the bars: %s %s", buf, buf + 64);
    CHECK(strlen(tf_ladder_arrow(TF_CLIENT, "a label longer than the width", 10, buf, sizeof buf)) ==
          strlen("a label longer than the width") + 8, "a long label widens its arrow: %s", buf);
}

int main(void)
{
    test_seed();
    test_option_walker();
    test_cumulative_ack();
    test_partial_then_full();
    test_retransmission();
    test_seq_wrap();
    test_roles_inferred();
    test_unseen();
    test_handshake_variants();
    test_lookup();
    test_bounded_backlog();
    test_orderly_close();
    test_fin_ack_combined();
    test_simultaneous();
    test_resets();
    test_anomalies();
    test_zero_window_probe();
    test_window_events();
    test_retransmission_kinds();
    test_sack_and_gaps();
    test_dsack_window();
    test_times();
    test_times_odd();
    test_fast_open_and_one_sided();
    test_phrase_tables();
    test_conn_info();
    test_after_reset();
    test_synack_new_isn();
    test_karn_and_answers();
    test_timing();
    test_ecn();
    test_text_layout();
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
