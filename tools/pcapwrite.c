/* pcapwrite — Ethernet/IP/TCP frames and classic pcap files.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "pcapwrite.h"

#include <string.h>

static uint16_t ip_id = 0x4d2;

void put16(uint8_t *p, uint32_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
void put32(uint8_t *p, uint32_t v) { put16(p, v >> 16); put16(p + 2, v); }
static void le32(uint8_t *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i)); }
static void le16(uint8_t *p, uint32_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }

static uint32_t sum16(const uint8_t *p, size_t n, uint32_t acc)
{
    for (size_t i = 0; i + 1 < n; i += 2)
        acc += (uint32_t)(p[i] << 8 | p[i + 1]);
    if (n & 1)
        acc += (uint32_t)(p[n - 1] << 8);
    return acc;
}

static uint16_t fold(uint32_t acc)
{
    while (acc >> 16)
        acc = (acc & 0xffff) + (acc >> 16);
    return (uint16_t)~acc;
}

/* Transport header plus payload; returns its length. */
static size_t build_transport(const packet *p, uint8_t *out)
{
    size_t hlen = p->udp ? 8 : 20 + p->optlen;
    memset(out, 0, hlen);
    put16(out, p->src.port);
    put16(out + 2, p->dst.port);
    if (p->udp) {
        put16(out + 4, (uint32_t)(8 + p->datalen));
    } else {
        put32(out + 4, p->seq);
        put32(out + 8, (p->flags & 0x10) ? p->ack : 0);
        put16(out + 12, (uint32_t)((hlen / 4) << 12 | p->flags));
        put16(out + 14, p->win);
        put16(out + 18, p->urg);
        memcpy(out + 20, p->opts, p->optlen);
    }
    memcpy(out + hlen, p->data, p->datalen);
    return hlen + p->datalen;
}

/* Wraps `l4` in an IP header from a to b, with ECN field `ecn`; returns the packet length. */
static size_t build_ip(const endpoint *a, const endpoint *b, int proto, uint8_t *l4, size_t n, uint8_t *out,
                       uint8_t ecn)
{
    size_t iph = a->family == 4 ? 20 : 40;
    uint32_t acc;
    int csum_at = proto == 6 ? 16 : proto == 17 ? 6 : 2;   /* TCP, UDP, ICMP/ICMPv6 */

    memmove(out + iph, l4, n);
    memset(out, 0, iph);
    if (a->family == 4) {
        out[0] = 0x45;
        out[1] = ecn & 3;
        put16(out + 2, (uint32_t)(iph + n));
        put16(out + 4, ip_id++);
        put16(out + 6, 0x4000);                 /* don't fragment */
        out[8] = 64;
        out[9] = (uint8_t)proto;
        memcpy(out + 12, a->addr, 4);
        memcpy(out + 16, b->addr, 4);
        put16(out + 10, fold(sum16(out, 20, 0)));
        acc = proto == 1 ? 0 : sum16(out + 12, 8, (uint32_t)(proto + n));
    } else {
        out[0] = 0x60;
        out[1] = (uint8_t)((ecn & 3) << 4);          /* the traffic class's low bits */
        put16(out + 4, (uint32_t)n);
        out[6] = (uint8_t)proto;
        out[7] = 64;
        memcpy(out + 8, a->addr, 16);
        memcpy(out + 24, b->addr, 16);
        acc = sum16(out + 8, 32, (uint32_t)(proto + n));
    }
    if (proto == 4 || proto == 41 || proto == 47)
        return iph + n;                          /* tunnels: the payload has its own checksums */
    uint16_t c = fold(sum16(out + iph, n, acc));
    put16(out + iph + csum_at, proto == 17 && c == 0 ? 0xffff : c);
    return iph + n;
}

size_t build_frame(const packet *p, uint8_t *frame)
{
    static uint8_t l4[MAX_FRAME], ip[MAX_FRAME];
    uint8_t *eth = frame;
    memset(eth, 0, 12);
    put16(eth + 12, p->src.family == 4 ? 0x0800 : 0x86dd);

    size_t n = build_transport(p, l4);
    n = build_ip(&p->src, &p->dst, p->udp ? 17 : 6, l4, n, ip, p->ecn);
    if (p->icmp_unreach) {
        /* the destination answers with the IP header and 8 bytes of TCP */
        size_t quote = (p->src.family == 4 ? 28 : 48);
        memset(l4, 0, 8);
        l4[0] = p->src.family == 4 ? 3 : 1;       /* destination unreachable */
        l4[1] = p->src.family == 4 ? 3 : 4;       /* port unreachable */
        memcpy(l4 + 8, ip, quote);
        n = build_ip(&p->dst, &p->src, p->src.family == 4 ? 1 : 58, l4, 8 + quote, ip, 0);
    }
    if (p->tunnel) {
        size_t hdr = p->tunnel == 47 ? 4 : 0;      /* GRE: no flags, protocol IPv4/IPv6 */
        memset(l4, 0, hdr);
        if (hdr)
            put16(l4 + 2, p->src.family == 4 ? 0x0800 : 0x86dd);
        memcpy(l4 + hdr, ip, n);
        n = build_ip(&p->outer_src, &p->outer_dst, p->tunnel == 4 && p->src.family == 6 ? 41 : p->tunnel,
                     l4, hdr + n, ip, 0);
        put16(eth + 12, 0x0800);
    }
    memcpy(frame + 14, ip, n);
    return 14 + n;
}

void pcap_begin(FILE *out)
{
    uint8_t hdr[24] = { 0 };
    le32(hdr, 0xa1b2c3d4);
    le16(hdr + 4, 2);
    le16(hdr + 6, 4);
    le32(hdr + 16, 262144);
    le32(hdr + 20, 1);                              /* LINKTYPE_ETHERNET */
    fwrite(hdr, 1, sizeof hdr, out);
}

void pcap_record(FILE *out, uint32_t sec, uint32_t usec, const uint8_t *frame, size_t len, long caplen)
{
    uint8_t rec[16];
    size_t cap = caplen >= 0 && (size_t)caplen < len ? (size_t)caplen : len;
    le32(rec, sec);
    le32(rec + 4, usec);
    le32(rec + 8, (uint32_t)cap);
    le32(rec + 12, (uint32_t)len);
    fwrite(rec, 1, 16, out);
    fwrite(frame, 1, cap, out);
}
