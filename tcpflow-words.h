/* tcpflow-words.h — what tcpflow-text.c (the summary and the explanation)
 * and tcpflow-tcpdump.c (the tcpdump line and its parts) share, inside the
 * core: the phrase tables of tcpflow-phrases.h as a struct per language,
 * PH() to use a phrase with checked arguments, and the header fields as
 * tcpdump prints them.  Not installed, not for the Wireshark glue.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TCPFLOW_WORDS_H
#define TCPFLOW_WORDS_H

#include "tcpflow-printf.h"
#include "tcpflow-text.h"

/* One language's phrases, by the names of tcpflow-phrases.h. */
typedef struct words {
#define WORD(name, en, zh) const char *name;
#define PHRASE(name, args, en, zh) const char *name;
#define LIST(name, count) const char *name[count];
#define WORD_AT(name, nth, en, zh)
#define PHRASE_AT(name, nth, args, en, zh)
#include "tcpflow-phrases.h"
} words;

G_GNUC_INTERNAL extern const words tf_words_en, tf_words_zh;

static inline const words *tf_words(tf_lang lang)
{
    return lang == TF_LANG_ZH ? &tf_words_zh : &tf_words_en;
}

/* For each phrase, a function declared (never defined, never called) with
 * the phrase's argument types, so that PH() can have the compiler check a
 * use's arguments in sizeof, which evaluates nothing.  The elements of a
 * list declare the same function: their types must agree. */
#define WORD(name, en, zh)
#define PHRASE(name, args, en, zh) void tf_phrase_args_##name args;
#define LIST(name, count)
#define WORD_AT(name, nth, en, zh)
#define PHRASE_AT(name, nth, args, en, zh) void tf_phrase_args_##name args;
#include "tcpflow-phrases.h"

/* A phrase of `w` and its arguments, as the format and the arguments of a
 * phrase writer: say(t, PH(w, sum_data, 7, "bytes")) is say(t, w->sum_data,
 * 7, "bytes") once the arguments have been checked against the row's types.
 * PH_AT picks an element of a list. */
#define PH(w, name, ...) \
    ((void)sizeof(tf_phrase_args_##name(__VA_ARGS__), 0), (w)->name), __VA_ARGS__
#define PH_AT(w, name, nth, ...) \
    ((void)sizeof(tf_phrase_args_##name(__VA_ARGS__), 0), (w)->name[nth]), __VA_ARGS__

/* A phrase printed with its arguments (PH) after what `t` holds.  Phrase
 * writers take no printf attribute: the format is a table's, not a literal,
 * and tcpflow-text.c checks the tables' formats instead. */
G_GNUC_INTERNAL void tf_say(tf_text *t, const char *phrase, ...);
/* The same into a buffer of its own (returned), to be the argument of
 * another phrase. */
G_GNUC_INTERNAL char *tf_say_into(char *buf, size_t size, const char *phrase, ...);

/* The fields of a TCP header that tcpdump prints, its sequence and ack
 * numbers relative or absolute as tcpdump shows them. */
typedef struct tf_tcpdump_fields {
    uint16_t sport, dport, win, urp;
    uint32_t seq, ack;
    uint8_t  flags;          /* tcpdump looks at the low 8 flag bits only */
    bool     relative;
    uint32_t sack_sub;       /* subtracted from SACK blocks */
} tf_tcpdump_fields;

G_GNUC_INTERNAL tf_tcpdump_fields tf_tcpdump_fields_of(const tf_ctx *ctx, uint32_t rec, const tf_wire *wire);

/* The segment the words are about: its record, its header as tcpdump
 * prints it, and the language's phrases. */
typedef struct tf_subject {
    const tf_ctx    *ctx;
    uint32_t         rec;
    const tf_record *r;
    const words     *w;
    tf_tcpdump_fields h;
} tf_subject;

/* False where there is nothing to say: no record, or no whole TCP header. */
G_GNUC_INTERNAL bool tf_subject_of(tf_subject *sub, const tf_ctx *ctx, uint32_t rec, const tf_wire *wire,
                                   tf_lang lang);

static inline tf_side tf_sender(const tf_record *r)
{
    return (tf_side)r->sender;
}

#endif /* TCPFLOW_WORDS_H */
