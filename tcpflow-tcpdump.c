/* tcpflow-tcpdump.c — the tcpdump line (what `tcpdump -nn` prints for a
 * segment, tf_tcpdump_line) and the same line decoded part by part, in
 * English or Chinese (tf_tcpdump_parts).
 *
 * The line follows tcpdump 4.99's print-tcp.c and print-mptcp.c to the
 * byte, malformed options included; tests/tcpdump_match compares them.
 * The sequence numbers come relative or absolute as tcpdump shows them,
 * from the analysis (tf_tcpdump_numbers); the header is read with
 * tcpflow-wire.h, the parts' phrases are the rows of tcpflow-phrases.h,
 * and everything is written with tcpflow-printf.h's engine.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tcpflow-words.h"
#include "tcpflow-wire.h"

#include <inttypes.h>

tf_tcpdump_fields tf_tcpdump_fields_of(const tf_ctx *ctx, uint32_t rec, const tf_wire *wire)
{
    tf_tcpdump_fields h;
    h.sport = tf_be16(wire->tcp);
    h.dport = tf_be16(wire->tcp + 2);
    h.flags = wire->tcp[13];
    h.win = tf_be16(wire->tcp + 14);
    h.urp = tf_be16(wire->tcp + 18);
    bool rev = tf_tcpdump_reversed(h.sport, h.dport, wire->src_raw, wire->dst_raw, wire->addr_len);
    tf_tcpdump_rel rel = { 0, 0, 0 };           /* no record: absolute numbers (a SYN, a RST) */
    if (rec)
        rel = tf_tcpdump_numbers(ctx, rec, h.flags, rev);
    h.seq = tf_be32(wire->tcp + 4) - rel.seq_sub;
    h.ack = tf_be32(wire->tcp + 8) - rel.ack_sub;
    h.relative = rel.seq_sub || rel.ack_sub;
    h.sack_sub = rel.sack_sub;
    return h;
}

bool tf_subject_of(tf_subject *sub, const tf_ctx *ctx, uint32_t rec, const tf_wire *wire, tf_lang lang)
{
    sub->ctx = ctx;
    sub->rec = rec;
    sub->r = tf_record_at(ctx, rec);
    sub->w = tf_words(lang);
    if (!sub->r || wire->hlen < TF_TCP_MIN_HEADER)
        return false;
    sub->h = tf_tcpdump_fields_of(ctx, rec, wire);
    return true;
}

static const char tcpdump_flag_letters[] = "FSRP.UEW";
static const char *const flag_names[] = { "FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR" };

static void put_flag_letters(tf_text *t, uint8_t flags)
{
    if (!flags)
        tf_put_str(t, "none");
    for (int i = 0; i < 8; i++)
        if (flags & (1u << i))
            tf_put_bytes(t, &tcpdump_flag_letters[i], 1);
}

static void put_hex(tf_text *t, const uint8_t *p, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        tf_put(t, "%02x", p[i]);
}

static void put_fastopen(tf_text *t, const uint8_t *p, unsigned n)
{
    if (n == 0) {
        tf_put_str(t, " cookiereq");
    } else if (n % 2 || n < 4 || n > 16) {
        tf_put_str(t, " (invalid)");
    } else {
        tf_put_str(t, " cookie ");
        put_hex(t, p, n);
    }
}

/* An IPv6 address as tcpdump's addrtostr6 writes it: the first longest run
 * of two or more zero words as "::", an IPv4 tail after ::/96 or ::ffff:0:0/96. */
static void put_ip6(tf_text *t, const uint8_t *a)
{
    int best = -1, best_len = 1;
    for (int i = 0, n; i < 8; i += n ? n : 1) {
        for (n = 0; i + n < 8 && !tf_be16(a + 2 * (i + n)); n++)
            ;
        if (n > best_len) {
            best = i;
            best_len = n;
        }
    }
    for (int i = 0; i < 8; i++) {
        if (best >= 0 && i >= best && i < best + best_len) {
            tf_put_str(t, i == best ? ":" : "");
            continue;
        }
        if (i)
            tf_put_str(t, ":");
        if (i == 6 && best == 0 && (best_len == 6 || (best_len == 5 && tf_be16(a + 10) == 0xffff))) {
            tf_put(t, "%u.%u.%u.%u", a[12], a[13], a[14], a[15]);
            return;
        }
        tf_put(t, "%x", tf_be16(a + 2 * i));
    }
    tf_put_str(t, best >= 0 && best + best_len == 8 ? ":" : "");
}

/* ---- MPTCP options, as tcpdump 4.99's print-mptcp.c prints them ----------- *
 * Each printer gets the whole option (kind and length bytes included), its
 * length and the segment's flags; false where tcpdump prints "[bad opt]"
 * (after what was already printed). */

static bool mp_capable(tf_text *t, const uint8_t *o, unsigned len, uint8_t flags)
{
    bool syn = flags & TF_SYN, ack = (flags & (TF_SYN | TF_ACK)) == TF_ACK;
    if (!((len == 12 || len == 4) && syn) && !((len == 20 || len == 22) && ack))
        return false;
    unsigned version = o[2] & 0xf;
    if (version > 1) {
        tf_put(t, " Unknown Version (%u)", version);
        return true;
    }
    tf_put(t, " v%u%s", version, (o[3] & 0x80) ? " csum" : "");
    if (len == 12 || len >= 20) {
        tf_put(t, " {0x%" PRIx64, tf_be64(o + 4));
        if (len >= 20)
            tf_put(t, ",0x%" PRIx64, tf_be64(o + 12));
        tf_put_str(t, "}");
    }
    return true;
}

static bool mp_join(tf_text *t, const uint8_t *o, unsigned len, uint8_t flags)
{
    uint8_t syn_ack = flags & (TF_SYN | TF_ACK);
    if (!(len == 12 && (flags & TF_SYN)) && !(len == 16 && syn_ack == (TF_SYN | TF_ACK)) &&
        !(len == 24 && (flags & TF_ACK)))
        return false;
    if (len != 24)
        tf_put(t, "%s id %u", (o[2] & 1) ? " backup" : "", o[3]);
    if (len == 12) {
        tf_put(t, " token 0x%x nonce 0x%x", tf_be32(o + 4), tf_be32(o + 8));
    } else if (len == 16) {
        tf_put(t, " hmac 0x%" PRIx64 " nonce 0x%x", tf_be64(o + 4), tf_be32(o + 12));
    } else {
        tf_put_str(t, " hmac 0x");
        put_hex(t, o + 4, 20);
    }
    return true;
}

/* A DSS number of 8 bytes (wide) or 4 at *p, if that many are left. */
static bool dss_number(tf_text *t, const uint8_t **p, unsigned *left, bool wide)
{
    unsigned n = wide ? 8 : 4;
    if (*left < n)
        return false;
    tf_put(t, "%" PRIu64, wide ? tf_be64(*p) : tf_be32(*p));
    *p += n;
    *left -= n;
    return true;
}

/* The DSS mapping: data sequence number, subflow sequence number, data-level
 * length and, when two bytes are left, the checksum. */
static bool dss_mapping(tf_text *t, const uint8_t **p, unsigned *left, bool wide)
{
    tf_put_str(t, " seq ");
    if (!dss_number(t, p, left, wide) || *left < 4)
        return false;
    tf_put(t, " subseq %u", tf_be32(*p));
    if (*left < 6)
        return false;
    tf_put(t, " len %u", tf_be16(*p + 4));
    *p += 6;
    *left -= 6;
    if (*left >= 2) {
        tf_put(t, " csum 0x%x", tf_be16(*p));
        *left -= 2;
    }
    return true;
}

enum { DSS_ACK = 0x01, DSS_ACK8 = 0x02, DSS_MAP = 0x04, DSS_MAP8 = 0x08, DSS_FIN = 0x10 };

static bool mp_dss(tf_text *t, const uint8_t *o, unsigned len, uint8_t flags)
{
    if (len < 4 || (flags & TF_SYN))
        return false;
    uint8_t f = o[3];
    const uint8_t *p = o + 4;
    unsigned left = len - 4;
    tf_put_str(t, (f & DSS_FIN) ? " fin" : "");
    if (f & DSS_ACK) {
        tf_put_str(t, " ack ");
        if (!dss_number(t, &p, &left, f & DSS_ACK8))
            return false;
    }
    if ((f & DSS_MAP) && !dss_mapping(t, &p, &left, f & DSS_MAP8))
        return false;
    return left == 0;
}

static const char *const add_addr_kinds[16] = { [0] = "v1", [1] = "v1-echo", [4] = "v0-ip4", [6] = "v0-ip6" };

/* The address (4 or 16 bytes), then a port (2 bytes) and an HMAC (8 bytes),
 * each there or not: tcpdump tells them apart by the length alone. */
static bool mp_add_addr(tf_text *t, const uint8_t *o, unsigned len, uint8_t flags)
{
    (void)flags;
    unsigned size = len >= 20 ? 16 : 4, rest = len - 4 - size;
    if (len < 8 || len > 30 || (rest != 0 && rest != 2 && rest != 8 && rest != 10))
        return false;
    const char *kind = add_addr_kinds[o[2] & 0xf];
    tf_put(t, " %s id %u ", kind ? kind : "[bad version/echo]", o[3]);
    if (size == 4)
        tf_put(t, "%u.%u.%u.%u", o[4], o[5], o[6], o[7]);
    else
        put_ip6(t, o + 4);
    const uint8_t *after = o + 4 + size;
    if (rest & 2)
        tf_put(t, ":%u", tf_be16(after));
    if (rest & 8)
        tf_put(t, " hmac 0x%" PRIx64, tf_be64(after + (rest & 2)));
    return true;
}

static bool mp_rem_addr(tf_text *t, const uint8_t *o, unsigned len, uint8_t flags)
{
    (void)flags;
    if (len < 4)
        return false;
    tf_put_str(t, " id");
    for (unsigned i = 3; i < len; i++)
        tf_put(t, " %u", o[i]);
    return true;
}

static bool mp_prio(tf_text *t, const uint8_t *o, unsigned len, uint8_t flags)
{
    (void)flags;
    if (len != 3 && len != 4)
        return false;
    tf_put_str(t, (o[2] & 1) ? " backup" : " non-backup");
    if (len == 4)
        tf_put(t, " id %u", o[3]);
    return true;
}

/* MP_FAIL: a data sequence number, 8 bytes at 4 of a 12-byte option. */
static bool mp_fail(tf_text *t, const uint8_t *o, unsigned len, uint8_t flags)
{
    (void)flags;
    if (len == 12)
        tf_put(t, " seq %" PRIu64, tf_be64(o + 4));
    return len == 12;
}

/* MP_FASTCLOSE: the receiver's key, where MP_FAIL has its number. */
static bool mp_fast_close(tf_text *t, const uint8_t *o, unsigned len, uint8_t flags)
{
    (void)flags;
    if (len == 12)
        tf_put(t, " key 0x%" PRIx64, tf_be64(o + 4));
    return len == 12;
}

static const struct {
    const char *name;
    bool (*print)(tf_text *t, const uint8_t *o, unsigned len, uint8_t flags);   /* NULL: nothing more */
} mptcp_subtypes[] = {
    { "capable", mp_capable }, { "join", mp_join }, { "dss", mp_dss }, { "add-addr", mp_add_addr },
    { "rem-addr", mp_rem_addr }, { "prio", mp_prio }, { "fail", mp_fail }, { "fast-close", mp_fast_close },
    { "unknown", NULL },
};

/* " <length> <subtype> ...": tcpdump 4.99.2 and later print the length first. */
static bool put_mptcp(tf_text *t, const uint8_t *o, unsigned len, uint8_t flags)
{
    if (len < 3)
        return false;
    unsigned sub = o[2] >> 4;
    if (sub >= sizeof mptcp_subtypes / sizeof *mptcp_subtypes)
        sub = sizeof mptcp_subtypes / sizeof *mptcp_subtypes - 1;
    tf_put(t, " %u %s", len, mptcp_subtypes[sub].name);
    return !mptcp_subtypes[sub].print || mptcp_subtypes[sub].print(t, o, len, flags);
}

/* ---- the options, as print-tcp.c prints them ------------------------------- *
 * A printer gets an option's value: `n` bytes, the size tcpdump reads for
 * the kind whatever the length byte says, or the option's length - 2.  It
 * returns false where tcpdump prints "[bad opt]" (after what was already
 * printed). */

/* The kinds tcpflow-wire.h leaves out: the analysis does not read them. */
enum { OPT_TCP_AO = 29, OPT_MPTCP = 30, OPT_FASTOPEN = 34, OPT_EXPERIMENTAL = 254 };

typedef struct option_value {
    uint8_t                  kind;
    const uint8_t           *p;
    unsigned                 n;
    const tf_tcpdump_fields *h;      /* the segment's flags; SACK's base */
} option_value;

/* The kinds of a fixed size: mss, wscale, echo, cc... print one number as
 * wide as the value. */
static bool opt_fixed(tf_text *t, const option_value *v)
{
    const uint8_t *p = v->p;
    unsigned uto;
    switch (v->kind) {
    case TF_OPT_TIMESTAMP:
        tf_put(t, " val %u ecr %u", tf_be32(p), tf_be32(p + 4));
        break;
    case 19:                 /* md5: Debian's tcpdump has libcrypto but no -M secret */
        tf_put_str(t, " shared secret not supplied with -M, can't check - ");
        put_hex(t, p, v->n);
        break;
    case 20:                 /* scps */
        tf_put(t, " cap %02x id %u", p[0], p[1]);
        break;
    case 28:                 /* the user timeout: in minutes when the low bit is set, else seconds */
        uto = tf_be16(p);
        tf_put(t, " 0x%x %u", uto, (uto & 1) ? (uto >> 1) * 60 : uto >> 1);
        break;
    default:
        tf_put(t, " %u", v->n == 1 ? p[0] : v->n == 2 ? tf_be16(p) : tf_be32(p));
        break;
    }
    return true;
}

/* The blocks, relative where the ack is (tcpdump subtracts the same base). */
static bool opt_sack(tf_text *t, const option_value *v)
{
    if (v->n % 8) {
        tf_put_str(t, " invalid sack");
        return true;
    }
    tf_put(t, " %u ", v->n / 8);
    for (unsigned i = 0; i < v->n; i += 8)
        tf_put(t, "{%u:%u}", tf_be32(v->p + i) - v->h->sack_sub, tf_be32(v->p + i + 4) - v->h->sack_sub);
    return true;
}

/* TCP-AO (RFC 5925): key ids and the MAC; tcpdump calls a shorter one invalid. */
static bool opt_tcp_ao(tf_text *t, const option_value *v)
{
    if (v->n < 2) {
        tf_put_str(t, " (invalid)");
        return true;
    }
    tf_put(t, " keyid %u rnextkeyid %u", v->p[0], v->p[1]);
    if (v->n > 2) {
        tf_put_str(t, " mac 0x");
        put_hex(t, v->p + 2, v->n - 2);
    }
    return true;
}

static bool opt_mptcp(tf_text *t, const option_value *v)
{
    return put_mptcp(t, v->p - 2, v->n + 2, v->h->flags);
}

/* TCP Fast Open's cookie; an experimental option (kind 254): its 16-bit
 * ExID, or Fast Open's from before it had a kind. */
static bool opt_fastopen(tf_text *t, const option_value *v)
{
    if (v->kind == OPT_FASTOPEN) {
        tf_put_str(t, " ");
        put_fastopen(t, v->p, v->n);
    } else if (v->n < 2) {
        return false;
    } else if (tf_be16(v->p) == 0xf989) {
        tf_put_str(t, "-tfo");
        put_fastopen(t, v->p + 2, v->n - 2);
    } else {
        tf_put(t, "-%04x", tf_be16(v->p));
    }
    return true;
}

static bool opt_unknown(tf_text *t, const option_value *v)
{
    tf_put_str(t, v->n ? " 0x" : "");
    put_hex(t, v->p, v->n);
    return true;
}

#define VALUE_LEN 0xff       /* the value is the option's length - 2 bytes */

typedef struct option_kind {
    const char *name;        /* NULL: "unknown-<kind>" */
    uint8_t     size;        /* the value's bytes tcpdump reads whatever the length says, or VALUE_LEN */
    bool      (*print)(tf_text *t, const option_value *v);   /* NULL: nothing after the name */
} option_kind;

static const option_kind option_kinds[] = {
    [TF_OPT_EOL] = { "eol", 0, NULL }, [TF_OPT_NOP] = { "nop", 0, NULL },
    [TF_OPT_MSS] = { "mss", 2, opt_fixed }, [TF_OPT_WSCALE] = { "wscale", 1, opt_fixed },
    [TF_OPT_SACK_OK] = { "sackOK", 0, NULL }, [TF_OPT_SACK] = { "sack", VALUE_LEN, opt_sack },
    [6] = { "echo", 4, opt_fixed }, [7] = { "echoreply", 4, opt_fixed },
    [TF_OPT_TIMESTAMP] = { "TS", 8, opt_fixed }, [11] = { "cc", 4, opt_fixed },
    [12] = { "ccnew", 4, opt_fixed }, [13] = { "", 4, opt_fixed }, [19] = { "md5", 16, opt_fixed },
    [20] = { "scps", 2, opt_fixed }, [28] = { "uto", 2, opt_fixed },
    [OPT_TCP_AO] = { "tcp-ao", VALUE_LEN, opt_tcp_ao }, [OPT_MPTCP] = { "mptcp", VALUE_LEN, opt_mptcp },
    [OPT_FASTOPEN] = { "tfo", VALUE_LEN, opt_fastopen },
    [OPT_EXPERIMENTAL] = { "exp", VALUE_LEN, opt_fastopen },
};

static const option_kind unknown_kind = { NULL, VALUE_LEN, opt_unknown };

static const option_kind *option_kind_of(uint8_t kind)
{
    if (kind < sizeof option_kinds / sizeof *option_kinds && option_kinds[kind].name)
        return &option_kinds[kind];
    return &unknown_kind;
}

/* One option's name and value; returns the value bytes tcpdump read, or -1
 * where it prints "[bad opt]".  `left`: the bytes after the option's kind
 * and length, to the end of the list. */
static int put_option(tf_text *t, const tf_tcpdump_fields *h, const tf_option *o, size_t left)
{
    const option_kind *k = option_kind_of(o->kind);
    if (k->name)
        tf_put_str(t, k->name);
    else
        tf_put(t, "unknown-%u", o->kind);
    option_value v = { o->kind, o->value, k->size == VALUE_LEN ? o->len - 2 : k->size, h };
    if (v.n > left || (k->print && !k->print(t, &v)))
        return -1;
    return (int)v.n;
}

/* Where tcpdump gives up on the list: it closes the brackets only if an
 * option came before. */
static bool put_bad_option(tf_text *t, bool first)
{
    tf_put_str(t, first ? "[bad opt]" : "[bad opt]]");
    return false;
}

/* ", options [...]" following print-tcp.c's loop; false where tcpdump gives
 * up on a malformed option (and so prints no length either).  Like
 * tcpdump, it reads on after the bytes an option's printer read, which is
 * not the option's end where its length is not the kind's ("[len N]"). */
static bool put_options(tf_text *t, const tf_tcpdump_fields *h, const uint8_t *opts, size_t size)
{
    size_t at = 0;
    tf_option o = { 0, 0, NULL };
    tf_put_str(t, ", options [");
    for (bool first = true;; first = false) {
        size_t start = at;
        tf_option_read read = tf_option_next(opts, size, &at, &o);
        if (read == TF_OPTION_END)
            break;
        tf_put_str(t, first ? "" : ",");
        if (read == TF_OPTION_BAD)
            return put_bad_option(t, first);
        unsigned head = o.len == 1 ? 1 : 2;            /* the kind byte, and the length byte */
        int n = put_option(t, h, &o, size - start - head);
        if (n < 0)
            return put_bad_option(t, first);
        at = start + head + (unsigned)n;
        if (head + (unsigned)n != o.len)
            tf_put(t, "[len %u]", o.len);
        if (o.kind == TF_OPT_EOL)
            break;
    }
    tf_put_str(t, "]");
    return true;
}

char *tf_tcpdump_line(const tf_ctx *ctx, uint32_t rec, const tf_wire *wire, char *buf, size_t size)
{
    tf_text t = tf_text_on(buf, size);
    if (wire->hlen < TF_TCP_MIN_HEADER)
        return buf;
    tf_tcpdump_fields h = tf_tcpdump_fields_of(ctx, rec, wire);

    tf_put(&t, "%s %s.%u > %s.%u: Flags [", wire->ip_version == 6 ? "IP6" : "IP", wire->src, h.sport, wire->dst,
           h.dport);
    put_flag_letters(&t, h.flags);
    tf_put_str(&t, "]");
    if (wire->payload_len > 0 || (h.flags & (TF_SYN | TF_FIN | TF_RST))) {
        tf_put(&t, ", seq %u", h.seq);
        if (wire->payload_len > 0)
            tf_put(&t, ":%u", h.seq + wire->payload_len);
    }
    if (h.flags & TF_ACK)
        tf_put(&t, ", ack %u", h.ack);
    tf_put(&t, ", win %u", h.win);
    if (h.flags & TF_URG)
        tf_put(&t, ", urg %u", h.urp);
    size_t options = wire->hlen - TF_TCP_MIN_HEADER;
    if (options && !put_options(&t, &h, wire->tcp + TF_TCP_MIN_HEADER, options))
        return buf;
    tf_put(&t, ", length %u", wire->payload_len);
    return buf;
}

/* ---- the tcpdump line, part by part ---------------------------------------- */

/* The parts being told: the segment, its bytes, and where each part goes. */
typedef struct parts {
    tf_subject     sub;
    const tf_wire *wire;
    tf_part_fn     fn;
    void          *user;
} parts;

/* One part: a phrase (PH) and its arguments. */
static void emit(const parts *ps, const char *phrase, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, phrase);
    tf_vformat(buf, sizeof buf, phrase, ap);
    va_end(ap);
    ps->fn(ps->user, buf);
}

static void part_flags(const parts *ps)
{
    char letters[16], names[64], meanings[256];
    tf_text l = tf_text_on(letters, sizeof letters), n = tf_text_on(names, sizeof names),
            m = tf_text_on(meanings, sizeof meanings);
    if (!ps->sub.h.flags) {
        ps->fn(ps->user, ps->sub.w->p_no_flags);
        return;
    }
    put_flag_letters(&l, ps->sub.h.flags);
    for (int i = 0; i < 8; i++) {
        if (!(ps->sub.h.flags & (1u << i)))
            continue;
        tf_put_str(&n, n.len ? "+" : "");
        tf_put_str(&n, flag_names[i]);
        tf_put_str(&m, m.len ? ps->sub.w->meaning_sep : "");
        tf_put_str(&m, ps->sub.w->flag_meaning[i]);
    }
    emit(ps, PH(ps->sub.w, p_flags, letters, names, meanings));
}

static void part_seq(const parts *ps)
{
    const words *w = ps->sub.w;
    const char *rel = ps->sub.h.relative ? w->relative : w->absolute;
    uint32_t len = ps->wire->payload_len, seq = ps->sub.h.seq;
    if (len > 0)
        emit(ps, PH(w, p_seq_range, seq, seq + len, seq, seq + len - 1, rel));
    else if (ps->sub.h.flags & TF_SYN)
        emit(ps, PH(w, p_seq_isn, seq, w->side[tf_sender(ps->sub.r)], rel));
    else if (ps->sub.h.flags & (TF_FIN | TF_RST))
        emit(ps, PH(w, p_seq_plain, seq, (ps->sub.h.flags & TF_FIN) ? "FIN" : "RST", rel));
}

static void part_window(const parts *ps)
{
    const words *w = ps->sub.w;
    char scaled[160];
    const char *scale;
    uint32_t win = ps->sub.h.win;
    int shift = tf_window_shift(ps->sub.ctx, ps->sub.rec, ps->sub.h.flags);
    if (ps->sub.h.flags & TF_SYN)
        scale = w->w_syn;
    else if (shift == TF_WSCALE_UNKNOWN)
        scale = w->w_unknown;
    else if (shift == TF_WSCALE_NONE || shift == 0)
        scale = tf_say_into(scaled, sizeof scaled, PH(w, w_none, win));
    else
        scale = tf_say_into(scaled, sizeof scaled, PH(w, w_scaled, shift, 1u << shift, win << shift));
    emit(ps, PH(w, p_win, win, w->side[tf_sender(ps->sub.r)], scale));
}

static const char *option_meaning(const words *w, uint8_t kind)
{
    switch (kind) {
    case TF_OPT_EOL: return w->opt_eol;
    case TF_OPT_NOP: return w->opt_nop;
    case TF_OPT_MSS: return w->opt_mss;
    case TF_OPT_SACK_OK: return w->opt_sackok;
    case TF_OPT_SACK: return w->opt_sack;
    case TF_OPT_TIMESTAMP: return w->opt_ts;
    case OPT_TCP_AO: return w->opt_tcp_ao;
    case OPT_MPTCP: return w->opt_mptcp;
    case OPT_FASTOPEN: return w->opt_tfo;
    default: return NULL;
    }
}

/* One part per kind of option, each explained once, in the order the
 * options' own lengths lay them out.  Where the list is malformed this is
 * not always tcpdump's reading (it reads on after the bytes a kind's
 * printer takes, and stops at "[bad opt]"): a length byte that is missing
 * or below 2 is passed over, and the walk goes on from the next byte. */
static void part_option_kinds(const parts *ps, const uint8_t *opts, size_t size)
{
    bool seen[256] = { false };
    tf_option o;
    for (size_t at = 0;;) {
        size_t start = at;
        tf_option_read read = tf_option_next(opts, size, &at, &o);
        if (read == TF_OPTION_END)
            break;
        uint8_t kind = opts[start];          /* a bad option's too (the reader leaves *o alone) */
        const char *meaning = option_meaning(ps->sub.w, kind);
        if (!seen[kind] && kind == TF_OPT_WSCALE && read == TF_OPTION_OK && o.len == 3) {
            unsigned n = o.value[0] > 14 ? 14 : o.value[0];     /* RFC 7323: a larger shift counts as 14 */
            emit(ps, PH(ps->sub.w, opt_wscale, o.value[0], n, 1u << n));
        } else if (!seen[kind] && meaning)
            ps->fn(ps->user, meaning);
        else if (!seen[kind])
            emit(ps, PH(ps->sub.w, opt_other, kind));
        seen[kind] = true;
        if (kind == TF_OPT_EOL || (read == TF_OPTION_BAD && start + 1 < size && opts[start + 1] >= 2))
            break;                           /* the end, or an option reaching past it */
        if (read == TF_OPTION_BAD)
            at = start + 1;
    }
}

/* "options [mss 16396,sackOK,...] = the TCP options:", then what each kind
 * of option is. */
static void part_options(const parts *ps)
{
    char line[512];
    tf_text list = tf_text_on(line, sizeof line);
    const uint8_t *opts = ps->wire->tcp + TF_TCP_MIN_HEADER;
    size_t size = ps->wire->hlen - TF_TCP_MIN_HEADER;

    put_options(&list, &ps->sub.h, opts, size);      /* ", options [...]" */
    const char *open = strchr(line, '['), *close = strrchr(line, ']');
    if (!open || !close || close < open)
        return;
    emit(ps, PH(ps->sub.w, p_options, (int)(close - open - 1), open + 1));
    part_option_kinds(ps, opts, size);
}

void tf_tcpdump_parts(const tf_ctx *ctx, uint32_t rec, const tf_wire *wire, tf_lang lang, tf_part_fn fn, void *user)
{
    parts ps = { .wire = wire, .fn = fn, .user = user };
    if (!tf_subject_of(&ps.sub, ctx, rec, wire, lang))
        return;
    const words *w = ps.sub.w;
    tf_side me = tf_sender(ps.sub.r);

    emit(&ps, PH(w, p_addr, wire->ip_version == 6 ? "IP6" : "IP", wire->src, ps.sub.h.sport, wire->dst, ps.sub.h.dport,
                 w->side[me], ps.sub.h.sport, w->side[tf_peer(me)], ps.sub.h.dport));
    part_flags(&ps);
    part_seq(&ps);
    if (ps.sub.h.flags & TF_ACK)
        emit(&ps, PH(w, p_ack, ps.sub.h.ack, w->side[me], ps.sub.h.relative ? w->relative : w->absolute));
    part_window(&ps);
    if (ps.sub.h.flags & TF_URG)
        emit(&ps, PH(w, p_urg, ps.sub.h.urp));
    if (wire->hlen > TF_TCP_MIN_HEADER)
        part_options(&ps);
    if (wire->payload_len)
        emit(&ps, PH(w, p_length, wire->payload_len));
    else
        ps.fn(ps.user, w->p_length0);
}
