/* benchgen — writes large, deterministic loopback-style captures for the
 * benchmark and the memory tests.
 *
 *   tcpflow-benchgen KIND PACKETS OUT.pcap
 *
 * KIND:
 *   short     many short HTTP-like connections, 48 open at once, interleaved
 *   bulk      one transfer, delayed ACKs each covering two segments
 *   onesided  one transfer seen from the sender only: data, no ACKs
 *   lossy     a transfer losing one segment in 50 after the capture point:
 *             duplicate ACKs with SACK blocks, then the retransmission
 *   synflood  SYNs to distinct ports, never answered (a stream each)
 *   jumps     one stream whose sequence numbers jump by ~1e9 every segment
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcapwrite.h"

#define MSS 1448

typedef struct gen {
    FILE    *out;
    uint64_t packets, limit;
    uint64_t t_us;           /* capture time, microseconds */
    packet   p;
    uint8_t  frame[MAX_FRAME];
} gen;

static void endpoint_at(endpoint *e, uint32_t addr, uint16_t port)
{
    e->family = 4;
    memset(e->addr, 0, sizeof e->addr);
    e->addr[0] = 127;
    e->addr[1] = (uint8_t)(addr >> 16);
    e->addr[2] = (uint8_t)(addr >> 8);
    e->addr[3] = (uint8_t)addr;
    e->port = port;
}

/* Emits one segment from a to b; flags in tcpdump letters' bit order. */
static void emit(gen *g, const endpoint *a, const endpoint *b, uint16_t flags, uint32_t seq, uint32_t ack,
                 uint32_t len, const uint8_t *opts, size_t optlen)
{
    if (g->packets >= g->limit)
        return;
    packet *p = &g->p;
    p->src = *a;
    p->dst = *b;
    p->flags = flags;
    p->seq = seq;
    p->ack = ack;
    p->win = 512;
    p->optlen = optlen;
    memcpy(p->opts, opts, optlen);
    p->datalen = len;                        /* payload bytes stay zero: only lengths matter */
    g->t_us += 7;
    pcap_record(g->out, (uint32_t)(1700000000 + g->t_us / 1000000), (uint32_t)(g->t_us % 1000000), g->frame,
                build_frame(p, g->frame), -1);
    g->packets++;
}

enum { F = 0x01, S = 0x02, R = 0x04, P = 0x08, A = 0x10 };

/* One short HTTP-like exchange, step by step: each call emits the next packet. */
typedef struct conn {
    endpoint c, s;
    uint32_t cs, ss;         /* next client and server sequence numbers */
    int      step;
} conn;

static void conn_step(gen *g, conn *k)
{
    static const uint8_t none[1];
    switch (k->step++) {
    case 0: emit(g, &k->c, &k->s, S, k->cs++, 0, 0, none, 0); break;
    case 1: emit(g, &k->s, &k->c, S | A, k->ss++, k->cs, 0, none, 0); break;
    case 2: emit(g, &k->c, &k->s, A, k->cs, k->ss, 0, none, 0); break;
    case 3: emit(g, &k->c, &k->s, P | A, k->cs, k->ss, 300, none, 0); k->cs += 300; break;
    case 4: emit(g, &k->s, &k->c, A, k->ss, k->cs, 0, none, 0); break;
    case 5: emit(g, &k->s, &k->c, A, k->ss, k->cs, MSS, none, 0); k->ss += MSS; break;
    case 6: emit(g, &k->s, &k->c, P | A, k->ss, k->cs, 900, none, 0); k->ss += 900; break;
    case 7: emit(g, &k->c, &k->s, A, k->cs, k->ss, 0, none, 0); break;
    case 8: emit(g, &k->c, &k->s, F | A, k->cs++, k->ss, 0, none, 0); break;
    case 9: emit(g, &k->s, &k->c, F | A, k->ss++, k->cs, 0, none, 0); break;
    case 10: emit(g, &k->c, &k->s, A, k->cs, k->ss, 0, none, 0); break;
    }
}

static void gen_short(gen *g)
{
    enum { OPEN = 48 };
    conn live[OPEN];
    uint32_t next = 0;
    for (int i = 0; i < OPEN; i++)
        live[i].step = 11;                   /* finished: restart below */
    while (g->packets < g->limit) {
        for (int i = 0; i < OPEN; i++) {
            conn *k = &live[i];
            if (k->step > 10) {
                next++;
                endpoint_at(&k->c, 1 + next / 28000, (uint16_t)(32768 + next % 28000));
                endpoint_at(&k->s, 0x10001, 80);
                k->cs = next * 2654435761u;
                k->ss = next * 40503u + 7;
                k->step = 0;
            }
            conn_step(g, k);
        }
    }
}

/* A transfer from the server; `every` segments per ACK, `ack` false for one-sided. */
static void gen_transfer(gen *g, int every, int acks, int lossy)
{
    static const uint8_t none[1];
    endpoint c, s;
    endpoint_at(&c, 1, 40000);
    endpoint_at(&s, 2, 8080);
    uint32_t cs = 1000, ss = 4000000000u;    /* wraps through 2^32 on the way */
    emit(g, &c, &s, S, cs++, 0, 0, none, 0);
    emit(g, &s, &c, S | A, ss++, cs, 0, none, 0);
    emit(g, &c, &s, A, cs, ss, 0, none, 0);
    for (uint64_t n = 1; g->packets < g->limit; n++) {
        if (lossy && n % 50 == 0) {
            /* this segment is lost after the capture point: the receiver keeps
             * acknowledging `acked` and SACKs what arrives beyond it */
            uint32_t hole = ss;
            emit(g, &s, &c, A, ss, cs, MSS, none, 0);
            ss += MSS;
            for (int d = 1; d <= 3; d++) {
                emit(g, &s, &c, A, ss, cs, MSS, none, 0);
                ss += MSS;
                uint8_t sack[12] = { 1, 1, 5, 10 };
                put32(sack + 4, hole + MSS);
                put32(sack + 8, ss);
                emit(g, &c, &s, A, cs, hole, 0, sack, sizeof sack);
            }
            emit(g, &s, &c, A, hole, cs, MSS, none, 0);       /* fast retransmission */
            emit(g, &c, &s, A, cs, ss, 0, none, 0);
            continue;
        }
        emit(g, &s, &c, A, ss, cs, MSS, none, 0);
        ss += MSS;
        if (acks && n % (uint64_t)every == 0)
            emit(g, &c, &s, A, cs, ss, 0, none, 0);
    }
}

static void gen_synflood(gen *g)
{
    static const uint8_t none[1];
    endpoint c, s;
    for (uint32_t i = 0; g->packets < g->limit; i++) {
        endpoint_at(&c, 1 + i / 60000, (uint16_t)(1024 + i % 60000));
        endpoint_at(&s, 2, 443);
        emit(g, &c, &s, S, i * 2654435761u, 0, 0, none, 0);
    }
}

static void gen_jumps(gen *g)
{
    static const uint8_t none[1];
    endpoint c, s;
    endpoint_at(&c, 1, 40000);
    endpoint_at(&s, 2, 8080);
    emit(g, &c, &s, S, 1, 0, 0, none, 0);
    emit(g, &s, &c, S | A, 1, 2, 0, none, 0);
    uint32_t seq = 2;
    for (uint32_t i = 0; g->packets < g->limit; i++) {
        emit(g, &c, &s, A, seq, 2, 100, none, 0);
        seq += 1000000007u;                  /* a huge jump: a gap each time */
        if (i % 4 == 3)
            emit(g, &s, &c, A, 2, seq - 1000000007u * 2, 0, none, 0);
    }
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: %s short|bulk|onesided|lossy|synflood|jumps PACKETS OUT.pcap\n", argv[0]);
        return 2;
    }
    static gen g;
    g.limit = strtoull(argv[2], NULL, 10);
    g.out = fopen(argv[3], "wb");
    if (!g.out) {
        perror(argv[3]);
        return 1;
    }
    pcap_begin(g.out);
    const char *kind = argv[1];
    if (strcmp(kind, "short") == 0)
        gen_short(&g);
    else if (strcmp(kind, "bulk") == 0)
        gen_transfer(&g, 2, 1, 0);
    else if (strcmp(kind, "onesided") == 0)
        gen_transfer(&g, 2, 0, 0);
    else if (strcmp(kind, "lossy") == 0)
        gen_transfer(&g, 2, 1, 1);
    else if (strcmp(kind, "synflood") == 0)
        gen_synflood(&g);
    else if (strcmp(kind, "jumps") == 0)
        gen_jumps(&g);
    else {
        fprintf(stderr, "unknown kind %s\n", kind);
        return 2;
    }
    return fclose(g.out) == 0 ? 0 : 1;
}
