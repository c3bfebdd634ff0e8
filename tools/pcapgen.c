/* pcapgen — writes a pcap file from a readable, line-per-packet scenario.
 *
 *   tcpflow-pcapgen SCENARIO.txt OUT.pcap
 *
 * Scenario lines (see the .txt files in captures/), fields separated by blanks:
 *
 *   date 2014-01-08                      day of the packets that follow (UTC)
 *   TIME SRC.PORT > DST.PORT FLAGS [key=value ...]        one TCP segment
 *   TIME SRC.PORT > DST.PORT udp [data=...]               one UDP datagram
 *
 * TIME is HH:MM:SS.micro; addresses are IPv4 or IPv6 (the port follows the
 * last dot, as tcpdump prints it).  FLAGS uses tcpdump's letters: S F R P U
 * E W, '.' for ACK and e for AE (Accurate ECN).  Keys:
 *   seq=N ack=N win=N urg=N              header fields (ack only with '.')
 *   opts=mss:1460,sackOK,ts:VAL:ECR,nop,wscale:7,eol,sack:L-R/L-R,raw:KIND:HEX,...
 *   data="text with \r\n escapes"        payload, or len=N (bytes 'a'..'z')
 *   caplen=N                             keep only N bytes of the frame
 *   ecn=N                                the IP header's ECN field (3: CE)
 *   icmp=unreach                         instead of the segment, an ICMP port
 *                                        unreachable from DST quoting it
 *   tunnel=ipip:A>B  tunnel=gre:A>B      carried inside an outer IPv4 packet
 *                                        from A to B (IP-in-IP, or GRE)
 *   cut N                                (a line of its own) the file ends N
 *                                        bytes early, inside the last packet
 * Frames are Ethernet with zero MACs, as on Linux loopback; checksums are
 * computed.  Lines starting with '#' and blank lines are ignored.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pcapwrite.h"

static const char *scenario_name;
static int lineno;

static void die(const char *msg, const char *arg)
{
    fprintf(stderr, "%s:%d: %s%s%s\n", scenario_name, lineno, msg, arg ? ": " : "", arg ? arg : "");
    exit(1);
}

static unsigned long number(const char *s, const char *what)
{
    char *end;
    unsigned long v = strtoul(s, &end, 10);
    if (*s == '\0' || *end != '\0')
        die("bad number for", what);
    return v;
}

static void parse_endpoint(char *s, endpoint *e)
{
    char *dot = strrchr(s, '.');
    if (!dot)
        die("expected ADDRESS.PORT", s);
    *dot = '\0';
    e->port = (uint16_t)number(dot + 1, "port");
    if (inet_pton(AF_INET, s, e->addr) == 1)
        e->family = 4;
    else if (inet_pton(AF_INET6, s, e->addr) == 1)
        e->family = 6;
    else
        die("bad address", s);
}

static uint16_t parse_flags(const char *s)
{
    static const char letters[] = "FSRP.UEWe";     /* tcpdump's letters; e: AE (Accurate ECN) */
    uint16_t f = 0;
    for (; *s; s++) {
        const char *at = strchr(letters, *s);
        if (!at)
            die("unknown flag letter in", s);
        f |= (uint16_t)(1u << (at - letters));
    }
    return f;
}

static void add_opt(packet *p, const uint8_t *bytes, size_t n)
{
    if (p->optlen + n > sizeof p->opts)
        die("TCP options longer than 40 bytes", NULL);
    memcpy(p->opts + p->optlen, bytes, n);
    p->optlen += n;
}

/* raw:KIND:HEX (or raw:KIND): any option, its length computed; raw:KIND:HEX:LEN forces the length byte */
static void raw_opt(packet *p, char *spec)
{
    uint8_t b[40];
    char *hex = strchr(spec, ':');
    size_t n = 2;
    b[0] = (uint8_t)number(strtok_r(spec, ":", &hex), "option kind");
    char *data = strtok_r(NULL, ":", &hex), *len = strtok_r(NULL, ":", &hex);
    for (; data && data[0] && data[1] && n < sizeof b; data += 2) {
        unsigned v;
        if (sscanf(data, "%2x", &v) != 1)
            die("bad hex in raw option", data);
        b[n++] = (uint8_t)v;
    }
    b[1] = (uint8_t)(len ? number(len, "option length") : n);
    add_opt(p, b, n);
}

/* sack:L-R/L-R/...: one SACK option with up to four blocks */
static void sack_opt(packet *p, char *blocks)
{
    uint8_t b[34];
    size_t n = 2;
    for (char *save, *blk = strtok_r(blocks, "/", &save); blk; blk = strtok_r(NULL, "/", &save)) {
        unsigned long l, r;
        if (n > 26 || sscanf(blk, "%lu-%lu", &l, &r) != 2)
            die("bad sack block", blk);
        put32(b + n, (uint32_t)l);
        put32(b + n + 4, (uint32_t)r);
        n += 8;
    }
    b[0] = 5;
    b[1] = (uint8_t)n;
    add_opt(p, b, n);
}

static void parse_opts(packet *p, char *s)
{
    char *save;
    for (char *tok = strtok_r(s, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        uint8_t b[10];
        unsigned long a, c;
        if (strcmp(tok, "nop") == 0) {
            add_opt(p, (const uint8_t *)"\x01", 1);
        } else if (strcmp(tok, "eol") == 0) {
            add_opt(p, (const uint8_t *)"\x00", 1);
        } else if (strcmp(tok, "sackOK") == 0) {
            add_opt(p, (const uint8_t *)"\x04\x02", 2);
        } else if (sscanf(tok, "mss:%lu", &a) == 1) {
            b[0] = 2; b[1] = 4; put16(b + 2, (uint32_t)a);
            add_opt(p, b, 4);
        } else if (sscanf(tok, "wscale:%lu", &a) == 1) {
            b[0] = 3; b[1] = 3; b[2] = (uint8_t)a;
            add_opt(p, b, 3);
        } else if (sscanf(tok, "ts:%lu:%lu", &a, &c) == 2) {
            b[0] = 8; b[1] = 10; put32(b + 2, (uint32_t)a); put32(b + 6, (uint32_t)c);
            add_opt(p, b, 10);
        } else if (strncmp(tok, "raw:", 4) == 0) {
            raw_opt(p, tok + 4);
        } else if (strncmp(tok, "sack:", 5) == 0) {
            sack_opt(p, tok + 5);
        } else {
            die("unknown option", tok);
        }
    }
    while (p->optlen % 4)
        add_opt(p, (const uint8_t *)"\x00", 1);     /* pad with EOL */
}

static void parse_data(packet *p, const char *s)
{
    if (*s == '"')
        s++;
    for (; *s && *s != '"'; s++) {
        int c = (unsigned char)*s;
        if (c == '\\' && s[1]) {
            s++;
            c = *s == 'r' ? '\r' : *s == 'n' ? '\n' : *s == 't' ? '\t' : *s == 's' ? ' ' : *s;
        }
        if (p->datalen == sizeof p->data)
            die("payload too long", NULL);
        p->data[p->datalen++] = (uint8_t)c;
    }
}

static void parse_outer(char *s, endpoint *e)
{
    if (inet_pton(AF_INET, s, e->addr) != 1)
        die("tunnel endpoints must be IPv4", s);
    e->family = 4;
}

static void parse_tunnel(packet *p, char *v)
{
    char *colon = strchr(v, ':'), *gt = colon ? strchr(colon, '>') : NULL;
    if (!gt)
        die("expected tunnel=ipip:A>B or tunnel=gre:A>B", v);
    *colon = *gt = '\0';
    p->tunnel = strcmp(v, "ipip") == 0 ? 4 : strcmp(v, "gre") == 0 ? 47 : 0;
    if (!p->tunnel)
        die("unknown tunnel", v);
    parse_outer(colon + 1, &p->outer_src);
    parse_outer(gt + 1, &p->outer_dst);
}

static void parse_key(packet *p, char *kv)
{
    char *eq = strchr(kv, '=');
    if (!eq)
        die("expected key=value", kv);
    *eq = '\0';
    char *v = eq + 1;
    if (strcmp(kv, "seq") == 0) p->seq = (uint32_t)number(v, kv);
    else if (strcmp(kv, "ack") == 0) p->ack = (uint32_t)number(v, kv);
    else if (strcmp(kv, "win") == 0) p->win = (uint32_t)number(v, kv);
    else if (strcmp(kv, "urg") == 0) p->urg = (uint32_t)number(v, kv);
    else if (strcmp(kv, "opts") == 0) parse_opts(p, v);
    else if (strcmp(kv, "data") == 0) parse_data(p, v);
    else if (strcmp(kv, "caplen") == 0) p->caplen = (long)number(v, kv);
    else if (strcmp(kv, "ecn") == 0) p->ecn = (uint8_t)(number(v, kv) & 3);
    else if (strcmp(kv, "icmp") == 0 && strcmp(v, "unreach") == 0) p->icmp_unreach = 1;
    else if (strcmp(kv, "tunnel") == 0) parse_tunnel(p, v);
    else if (strcmp(kv, "len") == 0) {
        unsigned long n = number(v, kv);
        if (n > sizeof p->data)
            die("payload too long", NULL);
        for (p->datalen = 0; p->datalen < n; p->datalen++)
            p->data[p->datalen] = (uint8_t)('a' + p->datalen % 26);
    } else die("unknown key", kv);
}

/* Splits a line into blank-separated words, keeping "quoted text" whole. */
static int split(char *s, char **w, int max)
{
    int n = 0;
    while (*s && n < max) {
        while (isspace((unsigned char)*s))
            s++;
        if (!*s)
            break;
        w[n++] = s;
        int quoted = 0;
        for (; *s && (quoted || !isspace((unsigned char)*s)); s++) {
            if (*s == '\\' && s[1])
                s++;
            else if (*s == '"')
                quoted = !quoted;
        }
        if (*s)
            *s++ = '\0';
    }
    return n;
}

static time_t parse_date(const char *s)
{
    struct tm tm = { 0 };
    if (sscanf(s, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
        die("bad date", s);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return timegm(&tm);
}

static void write_record(FILE *out, time_t day, const char *when, const uint8_t *frame, size_t len, long caplen)
{
    unsigned h, m, s, us;
    if (sscanf(when, "%u:%u:%u.%u", &h, &m, &s, &us) != 4)
        die("bad time", when);
    pcap_record(out, (uint32_t)(day + h * 3600 + m * 60 + s), us, frame, len, caplen);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s SCENARIO.txt OUT.pcap\n", argv[0]);
        return 2;
    }
    scenario_name = argv[1];
    FILE *in = fopen(argv[1], "r");
    FILE *out = fopen(argv[2], "wb");
    if (!in || !out) {
        perror(in ? argv[2] : argv[1]);
        return 1;
    }
    pcap_begin(out);

    static char line[70000];
    static packet p;
    static uint8_t frame[MAX_FRAME];
    time_t day = 0;
    long cut = 0;
    while (fgets(line, sizeof line, in)) {
        char *w[64];
        lineno++;
        line[strcspn(line, "\r\n")] = '\0';
        int n = split(line, w, 64);
        if (n == 0 || w[0][0] == '#')
            continue;
        if (strcmp(w[0], "date") == 0 && n == 2) {
            day = parse_date(w[1]);
            continue;
        }
        if (strcmp(w[0], "cut") == 0 && n == 2) {
            cut = (long)number(w[1], "cut");
            continue;
        }
        if (n < 5 || strcmp(w[2], ">") != 0)
            die("expected TIME SRC > DST FLAGS ...", NULL);
        memset(&p, 0, sizeof p);
        p.caplen = -1;
        parse_endpoint(w[1], &p.src);
        parse_endpoint(w[3], &p.dst);
        if (p.src.family != p.dst.family)
            die("mixed address families", NULL);
        if (strcmp(w[4], "udp") == 0)
            p.udp = 1;
        else
            p.flags = parse_flags(w[4]);
        for (int i = 5; i < n; i++)
            parse_key(&p, w[i]);
        write_record(out, day, w[0], frame, build_frame(&p, frame), p.caplen);
    }
    fclose(in);
    if (cut && (fflush(out) != 0 || ftruncate(fileno(out), ftell(out) - cut) != 0)) {
        perror(argv[2]);
        return 1;
    }
    return fclose(out) == 0 ? 0 : 1;
}
