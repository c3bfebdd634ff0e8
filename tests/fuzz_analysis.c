/* libFuzzer harness for the analysis and text layers.
 *
 * The input is read as a sequence of 24-byte segment descriptions; each
 * picks a stream, a side, flags, sequence and ack numbers (near the running
 * values, or anything at all), a length, a window, options and a time step
 * that may go backwards.  Every segment is analysed, and every string
 * tcpflow can build is built for it and for an earlier frame picked by the
 * input, as random access in the GUI would.
 *
 *   clang -fsanitize=fuzzer,address,undefined ...   (see tests/CMakeLists.txt)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tcpflow-analysis.h"
#include "tcpflow-text.h"

#define STEP 24

typedef struct side_state {
    uint32_t seq, ack;
} side_state;

static uint32_t u32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* A value near `running` (most inputs) or any 32-bit value. */
static uint32_t pick(uint8_t mode, const uint8_t *raw, uint32_t running)
{
    switch (mode & 3) {
    case 0: return running;
    case 1: return running + (int8_t)raw[0];
    case 2: return running + (uint32_t)(raw[0] << 8 | raw[1]) * 97u;
    default: return u32(raw);
    }
}

static void ignore_part(void *user, const char *text)
{
    (*(size_t *)user) += strlen(text);
}

static void exercise_words(const tf_ctx *ctx, uint32_t rec, const tf_segment *s, const uint8_t *opts,
                           size_t optlen, bool whole)
{
    uint8_t hdr[60] = { 0 };
    char buf[1024];
    size_t total = 0;
    unsigned hlen = 20 + (unsigned)optlen;

    hdr[0] = (uint8_t)(s->src_port >> 8); hdr[1] = (uint8_t)s->src_port;
    hdr[2] = (uint8_t)(s->dst_port >> 8); hdr[3] = (uint8_t)s->dst_port;
    for (int i = 0; i < 4; i++) {
        hdr[4 + i] = (uint8_t)(s->seq >> (24 - 8 * i));
        hdr[8 + i] = (uint8_t)(s->ack >> (24 - 8 * i));
    }
    hdr[12] = (uint8_t)((hlen / 4) << 4 | (s->flags >> 8));
    hdr[13] = (uint8_t)s->flags;
    hdr[14] = (uint8_t)(s->window >> 8); hdr[15] = (uint8_t)s->window;
    memcpy(hdr + 20, opts, hlen - 20);

    tf_wire w = { 4, "127.0.0.1", "127.0.0.2", s->src_addr, s->dst_addr, 4, hdr, hlen, s->payload_len };
    for (int lang = TF_LANG_EN; lang <= TF_LANG_ZH; lang++) {
        tf_summary(ctx, rec, (tf_lang)lang, buf, sizeof buf);
        tf_explain(ctx, rec, &w, (tf_lang)lang, whole, buf, sizeof buf);
        tf_tcpdump_parts(ctx, rec, &w, (tf_lang)lang, ignore_part, &total);
    }
    tf_tcpdump_line(ctx, rec, &w, buf, sizeof buf);
    tf_summary(ctx, rec, TF_LANG_EN, buf, 7);          /* a buffer too small */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tf_ctx *ctx = tf_new();
    side_state st[4][2] = { { { 0, 0 } } };
    uint32_t frame = 1;
    int64_t ts = 1000000000;

    for (size_t off = 0; off + STEP <= size; off += STEP) {
        const uint8_t *d = data + off;
        tf_segment s;
        memset(&s, 0, sizeof s);
        unsigned stream = d[0] & 3, side = (d[0] >> 2) & 1;
        s.stream = stream;
        if (d[0] & 0x80)
            frame = frame > 2 ? frame - 2 : frame;       /* out of order: must be refused */
        else if (d[0] & 0x40)
            frame++;
        s.frame = frame;
        ts += (int8_t)d[1] * 1000;                         /* time may go backwards */
        s.ts_ns = ts;
        s.addr_len = 4;
        memcpy(s.src_addr, side ? "\x7f\0\0\2" : "\x7f\0\0\1", 4);
        memcpy(s.dst_addr, side ? "\x7f\0\0\1" : "\x7f\0\0\2", 4);
        s.src_port = (uint16_t)(side ? 80 : 40000 + stream);
        s.dst_port = (uint16_t)(side ? 40000 + stream : 80);
        s.flags = (uint16_t)(d[2] | ((d[3] & 1) << 8));
        s.seq = pick(d[3] >> 1, d + 4, st[stream][side].seq);
        s.ack = pick(d[3] >> 3, d + 8, st[stream][!side].seq);
        s.payload_len = (d[3] & 0x40) ? u32(d + 12) & 0xfffff : d[12];
        s.window = (uint16_t)(d[13] << 8 | d[14]);
        unsigned optlen = (d[23] >> 2) & 3;              /* 0, 4 or 8 option bytes: d[15..22] */
        optlen = optlen > 2 ? 8 : optlen * 4;
        s.options = d + 15;
        s.options_len = (uint16_t)optlen;
        uint32_t rec = tf_analyze(ctx, &s);
        st[stream][side].seq = s.seq + s.payload_len + ((s.flags & (TF_SYN | TF_FIN)) ? 1 : 0);
        if (!rec)
            continue;
        exercise_words(ctx, rec, &s, d + 15, optlen, false);
        uint32_t back_frame = frame > d[15] ? frame - d[15] : 1;
        uint32_t back = tf_find(ctx, back_frame, d[16] & 1, 0);
        if (tf_find(ctx, back_frame, d[16] & 1, rec > d[17] ? rec - d[17] : 1) != back)
            abort();                                     /* a hint never changes the answer */
        if (back)
            exercise_words(ctx, back, &s, d + 15, 0, true);
    }
    tf_free(ctx);
    return 0;
}
