/* packet-tcpflow.c — TCP Flow Analysis: the Wireshark plugin's entry.
 *
 * Registers the protocol, its preferences and its tap, and the
 * post-dissector that runs after TCP on every frame: it takes the TCP
 * headers the hook saw (tcpflow-input.c), analyses each segment once, on
 * the first and in-order pass (tcpflow-analysis.c), and shows the stored
 * result on every pass (tcpflow-tree.c), so that the GUI can show any frame
 * in any order and get the same answer.  The statistics (tcpflow-stats.c)
 * read the same records through the tap.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <epan/packet.h>
#include <epan/prefs.h>
#include <epan/prefs-int.h>
#include <epan/tap.h>

#include "packet-tcpflow.h"
#include "tcpflow-compat.h"
#include "tcpflow-input.h"
#include "tcpflow-tree.h"

void proto_register_tcpflow(void);
void proto_reg_handoff_tcpflow(void);

static int proto_tcpflow = -1;
static int tcpflow_tap = -1;

static pref_bool pref_info_summary = TRUE;
static gint pref_language = TF_LANG_EN;

static const enum_val_t language_vals[] = {
    { "en", "English", TF_LANG_EN },
    { "zh", "\xe7\xae\x80\xe4\xbd\x93\xe4\xb8\xad\xe6\x96\x87 (Simplified Chinese)", TF_LANG_ZH },
    { NULL, NULL, -1 }
};

static gboolean tcp_analysis_on;    /* TCP's tcp.analyze_sequence_numbers, read as a file is opened */
static tf_ctx *analysis;
static guint32 find_hint;    /* where the next frame's records start, when frames are read in order */

/* The record of the k-th usable TCP header of the frame, made on the first
 * pass (a placeholder when TCP keeps no stream for it, so that the k-th
 * usable header of a frame is always its k-th record); 0 when there is no
 * analysed record for it. */
static guint32 record_of(packet_info *pinfo, tcpflow_header *hdr, guint k)
{
    guint32 rec = pinfo->num <= tf_last_frame(analysis) ? tf_find(analysis, pinfo->num, k, find_hint) : 0;
    if (!rec && !pinfo->fd->visited) {
        tf_segment seg;
        rec = tcpflow_read_segment(pinfo, hdr, &seg) ? tf_analyze(analysis, &seg) : tf_skip(analysis, pinfo->num);
    }
    find_hint = rec ? rec + 1 : 0;
    const tf_record *r = tf_record_at(analysis, rec);
    return r && !(r->bits & TF_R_SKIPPED) ? rec : 0;
}

static void tap_record(packet_info *pinfo, const tcpflow_header *hdr, guint32 rec)
{
    if (!have_tap_listener(tcpflow_tap))
        return;
    tcpflow_tap_data *td = wmem_new(pinfo->pool, tcpflow_tap_data);
    td->rec = rec;
    td->hdr = hdr;
    tap_queue_packet(tcpflow_tap, pinfo, td);
}

static int dissect_tcpflow(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    tcpflow_header *headers;
    guint n = analysis ? tcpflow_take_headers(pinfo, &headers) : 0;
    if (!n)
        return 0;
    tcpflow_view view = { pref_info_summary, (tf_lang)pref_language, tcp_analysis_on };
    tree = tcpflow_tree_begin(tree, analysis, &view);
    for (guint i = 0, k = 0; i < n; i++) {
        guint32 rec = tcpflow_header_read(&headers[i]) ? record_of(pinfo, &headers[i], k++) : 0;
        if (rec) {
            tcpflow_tree_show(tree, pinfo, tvb, &headers[i], rec);
            tap_record(pinfo, &headers[i], rec);
        } else {
            tcpflow_tree_not_analysed(tree, pinfo, tvb, &headers[i]);
        }
    }
    return tvb_captured_length(tvb);
}

tf_ctx *tcpflow_analysis(void)
{
    return analysis;
}

tf_lang tcpflow_language(void)
{
    return (tf_lang)pref_language;
}

/* Whether TCP's sequence analysis is on (its own expert labels then come
 * with every frame); on where it cannot be read, as it is by default. */
static gboolean tcp_analysis_enabled(void)
{
    module_t *tcp = prefs_find_module("tcp");
    pref_t *pref = tcp ? prefs_find_preference(tcp, "analyze_sequence_numbers") : NULL;
    return !pref || prefs_get_bool_value(pref, pref_current);
}

static void tcpflow_init(void)
{
    tcp_analysis_on = tcp_analysis_enabled();
    analysis = tf_new();
    find_hint = 0;
    tcpflow_input_init();
}

static void tcpflow_cleanup(void)
{
    tf_free(analysis);
    analysis = NULL;
}

/* ---- registration -------------------------------------------------------- */

void proto_register_tcpflow(void)
{
    proto_tcpflow = proto_register_protocol("TCP Flow Analysis", "tcpflow", "tcpflow");
    tcpflow_tree_register(proto_tcpflow);

    module_t *module = prefs_register_protocol(proto_tcpflow, NULL);
    prefs_register_bool_preference(module, "info_summary", "Show the summary in the Info column",
                                   "Put tcpflow's one-line summary, in brackets, at the start of the Info column",
                                   &pref_info_summary);
    prefs_register_enum_preference(module, "language", "Language",
                                   "Language of the summary, the tcpdump line's decoding and the explanation",
                                   &pref_language, language_vals, FALSE);

    tcpflow_tap = register_tap(TCPFLOW_TAP);
    register_init_routine(tcpflow_init);
    register_cleanup_routine(tcpflow_cleanup);
}

void proto_reg_handoff_tcpflow(void)
{
    tcpflow_input_handoff(proto_tcpflow);
    register_postdissector(create_dissector_handle(dissect_tcpflow, proto_tcpflow));
}

/* ---- plugin entry points ------------------------------------------------- */

WS_DLL_PUBLIC void plugin_register(void);

void plugin_register(void)
{
    static proto_plugin plug;
    static tap_plugin stats;
    plug.register_protoinfo = proto_register_tcpflow;
    plug.register_handoff = proto_reg_handoff_tcpflow;
    proto_register_plugin(&plug);
    stats.register_tap_listener = tcpflow_register_stats;
    tap_register_plugin(&stats);
}

TCPFLOW_PLUGIN_ENTRY_POINTS
