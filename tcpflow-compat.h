/* tcpflow-compat.h — everything that differs between the Wireshark releases
 * tcpflow builds against (4.0, 4.2, 4.4, 4.6), in one place.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TCPFLOW_COMPAT_H
#define TCPFLOW_COMPAT_H

#include <stdbool.h>
#include <stdint.h>
#include <ws_version.h>
#if __has_include(<wsutil/plugins.h>)             /* 4.2 and later */
#include <wsutil/plugins.h>
#endif

#define TCPFLOW_WS_AT_LEAST(major, minor) \
    (WIRESHARK_VERSION_MAJOR > (major) || (WIRESHARK_VERSION_MAJOR == (major) && WIRESHARK_VERSION_MINOR >= (minor)))

/* Boolean preferences: gboolean until 4.0, bool since 4.2. */
#if TCPFLOW_WS_AT_LEAST(4, 2)
typedef bool pref_bool;
#else
typedef gboolean pref_bool;
#endif

/* -z initialisers: void until 4.4, a success flag since 4.6.  Before 4.6 a
 * failure (its message printed) leaves tshark running without the table:
 * a plugin does not end the program. */
#if TCPFLOW_WS_AT_LEAST(4, 6)
#define TCPFLOW_STAT_INIT_TYPE bool
#define TCPFLOW_STAT_INIT_DONE(ok) return (ok)
#else
#define TCPFLOW_STAT_INIT_TYPE void
#define TCPFLOW_STAT_INIT_DONE(ok) do { (void)(ok); return; } while (0)
#endif

/* How the plugin tells Wireshark what it is.  4.0: version symbols only;
 * 4.2 and 4.4 add plugin_describe(); 4.6 replaces them all with a module
 * structure registered by WIRESHARK_PLUGIN_REGISTER_EPAN. */
#define TCPFLOW_PLUGIN_BLURB "TCP Flow Analysis: handshakes, data/ACK pairing, teardowns and resets explained"

#if defined(WIRESHARK_PLUGIN_REGISTER)
#define TCPFLOW_PLUGIN_ENTRY_POINTS                                                           \
    static struct ws_module tcpflow_module = {                                                \
        .flags = WS_PLUGIN_DESC_DISSECTOR | WS_PLUGIN_DESC_TAP_LISTENER,                       \
        .version = TCPFLOW_VERSION,                                                            \
        .spdx_id = "GPL-2.0-or-later",                                                         \
        .home_url = "",                                                                        \
        .blurb = TCPFLOW_PLUGIN_BLURB,                                                         \
        .register_cb = &plugin_register,                                                       \
    };                                                                                         \
    WIRESHARK_PLUGIN_REGISTER_EPAN(&tcpflow_module, 0)
#elif defined(WS_PLUGIN_DESC_DISSECTOR)
#define TCPFLOW_PLUGIN_ENTRY_POINTS                                                           \
    WS_DLL_PUBLIC_DEF const char plugin_version[] = TCPFLOW_VERSION;                          \
    WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;                  \
    WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;                  \
    WS_DLL_PUBLIC uint32_t plugin_describe(void);                                             \
    uint32_t plugin_describe(void) { return WS_PLUGIN_DESC_DISSECTOR | WS_PLUGIN_DESC_TAP_LISTENER; }
#else
#define TCPFLOW_PLUGIN_ENTRY_POINTS                                                           \
    WS_DLL_PUBLIC_DEF const gchar plugin_version[] = TCPFLOW_VERSION;                         \
    WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;                  \
    WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;
#endif

#endif
