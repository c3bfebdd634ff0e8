/* pcapwrite — builds Ethernet/IP/TCP frames (checksums included) and writes
 * them to a classic pcap file.  Shared by tcpflow-pcapgen (readable
 * scenarios) and tcpflow-benchgen (large benchmark captures).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef PCAPWRITE_H
#define PCAPWRITE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define MAX_FRAME 65600

typedef struct endpoint {
    int      family;             /* 4 or 6 */
    uint8_t  addr[16];
    uint16_t port;
} endpoint;

typedef struct packet {
    endpoint src, dst;
    int      udp;
    uint16_t flags;
    uint32_t seq, ack, win, urg;
    uint8_t  opts[40];
    size_t   optlen;
    uint8_t  data[65000];
    size_t   datalen;
    long     caplen;             /* -1: whole frame */
    uint8_t  ecn;                /* the IP header's ECN field, 0..3 */
    int      icmp_unreach;
    int      tunnel;             /* 0, 4 (IP-in-IP) or 47 (GRE) */
    endpoint outer_src, outer_dst;
} packet;


void put16(uint8_t *p, uint32_t v);
void put32(uint8_t *p, uint32_t v);

/* Builds the whole frame of `p` into `frame` (MAX_FRAME bytes); returns its length. */
size_t build_frame(const packet *p, uint8_t *frame);

/* The pcap file header (Ethernet, microseconds), and one record. */
void pcap_begin(FILE *out);
void pcap_record(FILE *out, uint32_t sec, uint32_t usec, const uint8_t *frame, size_t len, long caplen);

#endif
