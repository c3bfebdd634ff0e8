/* tcpflow-text.c — the words tcpflow puts on a segment: the summary, the
 * tcpdump line and its decoding, and the explanation.
 *
 * Every phrase comes from one table per language (`english`, `chinese`).
 * Where the two languages order their arguments differently, the Chinese
 * format uses positional arguments (%1$u), which glibc's printf supports.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tcpflow-text.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ---- the phrase tables --------------------------------------------------- */

typedef struct words {
    const char *side[2];          /* the client, the server (in a sentence) */
    const char *role[2];          /* client, server (as a label) */
    const char *sentence_sep;     /* between sentences */
    const char *bytes[2];         /* unit: one, several */
    const char *sep;              /* between summary parts */
    const char *list_and;         /* "4, 5 and 6" */
    const char *list_comma;

    /* summary */
    const char *sum_hs, *sum_sim_open, *sum_retrans;
    const char *sum_td, *sum_td_fin, *sum_td_ack, *sum_sim_close;
    const char *sum_data, *sum_retrans_of, *sum_retrans_plain, *sum_ooo, *sum_acked_in;
    const char *sum_ack_of, *sum_ack_unseen, *sum_ack_partial, *sum_ack_bytes, *sum_ack_many;
    const char *sum_rst, *sum_refused, *sum_rst_phase[4], *sum_rst_unacked;
    const char *sum_dup, *sum_keepalive, *sum_zwp, *sum_nothing;
    const char *sum_isn_changed, *sum_spurious, *sum_answers[3], *sum_after_rst, *sum_fin, *sum_ack_beyond;

    /* tcpdump parts */
    const char *p_addr, *p_flags, *p_no_flags, *flag_meaning[8], *meaning_sep;
    const char *p_seq_range, *p_seq_isn, *p_seq_plain, *relative, *absolute;
    const char *p_ack, *p_win, *w_scaled, *w_syn, *w_none, *w_unknown, *p_urg;
    const char *p_options, *opt_mss, *opt_wscale, *opt_sackok, *opt_sack, *opt_ts, *opt_nop,
               *opt_eol, *opt_tfo, *opt_mptcp, *opt_tcp_ao, *opt_other;
    const char *p_length, *p_length0;

    /* explanation */
    const char *e_hs1, *e_hs1_retrans, *e_hs1_sim;
    const char *e_hs2, *e_hs2_retrans, *e_hs_sim, *c_isn_client, *c_isn_server, *c_tfo, *c_wrong;
    const char *e_hs3, *e_hs3_time, *e_hs3_time_copy, *e_hs3_done, *e_hs3_done_plain, *e_hs3_not_done, *e_hs3_unseen, *e_established;
    const char *e_earlier, *e_hs2_isn;
    const char *e_td1, *e_td2, *e_td3, *e_td23, *e_td4, *e_td_sim, *e_td_retrans, *e_may_send, *e_states;
    const char *e_data, *e_data_retrans, *e_data_retrans_of, *e_data_ooo, *e_data_spurious;
    const char *e_acked, *e_later, *e_not_timed, *e_never_acked, *e_end;
    const char *e_ack_not_timed, *e_answers_keepalive, *e_answers_zwp[2], *e_answers_spurious, *e_after_rst, *e_fin, *e_rst_again, *e_ack_beyond;
    const char *e_ack, *e_ack_one, *e_ack_list, *e_ack_many, *e_ack_phantom, *e_ack_partial, *e_unseen;
    const char *e_dup, *e_keepalive, *e_zwp;
    const char *e_refused, *e_rst, *e_rst_phase[4], *e_rst_inflight, *e_rst_clean;
    const char *e_nothing, *e_inferred, *e_incomplete;
} words;

static const words english = {
    .side = { "the client", "the server" }, .role = { "client", "server" }, .sentence_sep = " ",
    .bytes = { "byte", "bytes" },
    .sep = "; ", .list_and = " and ", .list_comma = ", ",

    .sum_hs = "handshake %u/3 (%s%s%s)", .sum_sim_open = ", simultaneous open", .sum_retrans = ", retransmission",
    .sum_td = "teardown ", .sum_td_fin = " (FIN%s%s)", .sum_td_ack = " (ACK of FIN)",
    .sum_sim_close = ", simultaneous close",
    .sum_data = "data %u %s", .sum_retrans_of = " (retransmission of #%u)", .sum_retrans_plain = " (retransmission)",
    .sum_ooo = " (out of order)", .sum_acked_in = ", acked in #%u",
    .sum_ack_of = "ACK of", .sum_ack_unseen = "ACK of unseen data",
    .sum_ack_partial = "partial ACK", .sum_ack_bytes = " (%u %s)",
    .sum_ack_many = "ACK of #%u … #%u (%u frames, %u %s)",
    .sum_rst = "RST from %s", .sum_refused = ": connection refused",
    .sum_rst_phase = { "", " during the handshake", " on an established connection", " while closing" },
    .sum_rst_unacked = ", %u %s unacknowledged",
    .sum_dup = "duplicate ACK %u of #%u", .sum_keepalive = "keep-alive", .sum_zwp = "zero-window probe",
    .sum_nothing = "no new data or acknowledgement",
    .sum_isn_changed = ", new ISN", .sum_spurious = " (spurious retransmission)",
    .sum_answers = { "answers keep-alive #%u", "answers zero-window probe #%u",
                     "answers spurious retransmission #%u" },
    .sum_after_rst = ", after the reset in #%u", .sum_fin = "FIN",
    .sum_ack_beyond = "invalid ACK (beyond anything sent)",

    .p_addr = "%s %s.%u > %s.%u = from %s (port %u) to %s (port %u)",
    .p_flags = "Flags [%s] = %s: %s", .p_no_flags = "Flags [none] = no flag set",
    .flag_meaning = { "finish", "synchronize", "reset", "push", "acknowledge", "urgent", "ECN echo",
                      "congestion window reduced" },
    .meaning_sep = ", ",
    .p_seq_range = "seq %u:%u = bytes %u to %u of this direction (%s)",
    .p_seq_isn = "seq %u = the initial sequence number (ISN) %s chose (%s)",
    .p_seq_plain = "seq %u = the sequence number of this %s (%s)",
    .relative = "relative", .absolute = "absolute",
    .p_ack = "ack %u = the next byte %s expects from its peer: everything before it has arrived (%s)",
    .p_win = "win %u = the receive window %s advertises%s",
    .w_scaled = " (wscale %d: ×%u = %u bytes)", .w_syn = " (a SYN's window is never scaled)",
    .w_none = " (no window scaling: %u bytes)", .w_unknown = " (scale unknown: the handshake is not in the capture)",
    .p_urg = "urg %u = the urgent pointer",
    .p_options = "options [%.*s] = the TCP options, one by one:",
    .opt_mss = "mss: the largest segment the sender accepts", .opt_wscale = "wscale: window scale, windows count ×2^n",
    .opt_sackok = "sackOK: selective acknowledgements allowed",
    .opt_sack = "sack: blocks received beyond the ack (selective acknowledgement)",
    .opt_ts = "TS: timestamps (val: the sender's clock, ecr: the peer's echoed)", .opt_nop = "nop: padding",
    .opt_eol = "eol: end of options", .opt_tfo = "tfo: TCP Fast Open cookie",
    .opt_mptcp = "mptcp: Multipath TCP (the option's length, its subtype, then the subtype's fields)",
    .opt_tcp_ao = "tcp-ao: TCP Authentication Option (key ids and the message authentication code)",
    .opt_other = "option %u: not explained here",
    .p_length = "length %u = payload bytes carried", .p_length0 = "length 0 = no payload",

    .e_hs1 = "Handshake step 1 of 3: the client (port %u) asks the server (port %u) to open a connection "
             "with a SYN; its initial sequence number is j = %u.",
    .e_hs1_retrans = "The client sends its SYN again (first sent in frame %u%s): no SYN+ACK has come back yet.",
    .e_earlier = ", %s earlier",
    .e_hs1_sim = "The server (port %u) sends a SYN of its own at the same time (ISN %u): a simultaneous open.",
    .e_hs2 = "Handshake step 2 of 3: the server (port %u) accepts the client's SYN — ack %u%s — and sends its "
             "own SYN with initial sequence number k = %u.",
    .e_hs2_retrans = "The server sends its SYN+ACK again (first sent in frame %u).",
    .e_hs2_isn = " Its initial sequence number differs from the SYN+ACK's before it: the handshake was restarted, "
                 "and k is the server's ISN from now on.",
    .e_hs_sim = "Simultaneous open: %s acknowledges the other side's SYN with ack %u%s and repeats its own SYN.",
    .c_isn_client = " = client ISN %u + 1", .c_isn_server = " = server ISN %u + 1",
    .c_tfo = " = client ISN %u + 1 + the SYN's %u data bytes (TCP Fast Open)",
    .c_wrong = ", but it should be ISN + 1 = %u",
    .e_hs3 = "Handshake step 3 of 3: the client acknowledges the server's SYN — ack %u%s (tcpdump prints it "
             "relative: ack %u)",
    .e_hs3_done = " — and the connection is established%s.",
    .e_hs3_not_done = ": the server cannot take it as the end of the handshake.",
    .e_hs3_time = ", %s after the SYN",
    .e_hs3_time_copy = ", %s after the SYN in frame %u (the last copy sent before the SYN+ACK)",
    .e_hs3_unseen = "Handshake step 3 of 3: the client acknowledges a SYN+ACK the capture does not show (ack %u)",
    .e_hs3_done_plain = " — which completes the handshake%s.",
    .e_established = " Both sides are now established.",
    .e_td1 = "Teardown step 1 of 4: %s sends a FIN: it has no more data to send and closes its side.",
    .e_td2 = "Teardown step 2 of 4: %s acknowledges the FIN of %s (ack %u)%s",
    .e_may_send = "; it may still send data of its own.",
    .e_td3 = "Teardown step 3 of 4: %s closes its side too, with a FIN.",
    .e_td23 = "Teardown steps 2 and 3 of 4: %s acknowledges the FIN of %s (ack %u) and closes its own side with a "
              "FIN in the same segment.",
    .e_td4 = "Teardown step 4 of 4: %s acknowledges the FIN of %s (ack %u).",
    .e_states = " Now the client is in %s and the server in %s.",
    .e_td_sim = " Both FINs crossed on the way: a simultaneous close.",
    .e_td_retrans = "%s sends its FIN again.",
    .e_data = "%s sends %u %s (seq %u:%u)",
    .e_data_retrans = "%s sends %u %s again (seq %u:%u): a retransmission",
    .e_data_retrans_of = "%s sends %u %s again (seq %u:%u), first sent in frame %u: a retransmission",
    .e_data_ooo = "%s sends %u %s (seq %u:%u) that fill a gap below data it already sent: out of order",
    .e_data_spurious = "%s sends %u %s again (seq %u:%u), though %s had acknowledged all of them before: a "
                       "spurious retransmission, which nothing acknowledges anew",
    .e_acked = "; %s acknowledges them in frame %u%s.", .e_later = ", %s later",
    .e_not_timed = " (not timed: these bytes were sent more than once, and an ACK cannot tell which copy it "
                   "answers — Karn's rule)",
    .e_never_acked = "; %s never acknowledges them "
               "in this capture.", .e_end = ".",
    .e_ack = "%s confirms it received everything up to byte %u: %s.",
    .e_ack_one = "the %1$u %2$s from frame %3$u",
    .e_ack_list = "the %1$u %2$s from frames %3$s",
    .e_ack_many = "the %1$u %2$s from frames %3$u to %4$u (%5$u frames)",
    .e_ack_phantom = "It acknowledges frame %u.",
    .e_ack_partial = "%s confirms it received everything up to byte %u (%u more %s), not yet a whole segment.",
    .e_unseen = " It also acknowledges %u %s the capture never showed.",
    .e_ack_not_timed = "It gives no round-trip time: everything it newly covers was sent more than once, and it "
                       "cannot tell which copy it answers (Karn's rule).",
    .e_answers_keepalive = "%s answers the keep-alive in frame %u (ack %u): it is still there.",
    .e_answers_zwp = { "%s answers the zero-window probe in frame %u: its window is still closed (win 0).",
                       "%s answers the zero-window probe in frame %u: its window has opened (win %u)." },
    .e_answers_spurious = "%s answers the spurious retransmission in frame %u (ack %u): it had all of it already.",
    .e_after_rst = "It comes after the reset in frame %u: the connection is already closed, so it changes nothing.",
    .e_fin = "%s sends a FIN: it has no more data to send.", .e_rst_again = "%s sends another RST.",
    .e_ack_beyond = "Its ack %u lies further beyond anything %s was seen sending than any TCP window reaches "
                    "(2^30 bytes): no peer could send it (a corrupt or forged segment), so it is ignored.",
    .e_dup = "Duplicate ACK %u: %s repeats the ACK of frame %u (ack %u): it still waits for byte %u, though "
             "later data may have arrived.",
    .e_keepalive = "A keep-alive: %s checks that %s is still there; it carries no new data.",
    .e_zwp = "A zero-window probe: the receive window of %s is full, so %s sends one byte to see whether it has "
             "opened.",
    .e_refused = "The server refuses the connection with a RST: nothing listens on port %u.",
    .e_rst = "%s resets the connection%s with a RST%s.",
    .e_rst_phase = { "", " during the handshake", " while it was established", " while it was closing" },
    .e_rst_inflight = "; %u %s were still unacknowledged, so data was in flight: an abort, not a close",
    .e_rst_clean = "; no data was in flight",
    .e_nothing = "%s acknowledges nothing new (ack %u): a window update or a repeated ACK.",
    .e_inferred = " (No SYN of this connection was captured: client and server were inferred.)",
    .e_incomplete = " This SYN never led to an established connection in this capture.",
};

static const words chinese = {
    .side = { "客户端", "服务器" }, .role = { "客户端", "服务器" }, .sentence_sep = "",
    .bytes = { "字节", "字节" },
    .sep = "；", .list_and = "和", .list_comma = "、",

    .sum_hs = "握手 %u/3（%s%s%s）", .sum_sim_open = "，同时打开", .sum_retrans = "，重传",
    .sum_td = "挥手 ", .sum_td_fin = "（FIN%s%s）", .sum_td_ack = "（确认 FIN）", .sum_sim_close = "，同时关闭",
    .sum_data = "数据 %u %s", .sum_retrans_of = "（重传 #%u）", .sum_retrans_plain = "（重传）",
    .sum_ooo = "（乱序）", .sum_acked_in = "，确认于 #%u",
    .sum_ack_of = "确认", .sum_ack_unseen = "确认未见数据",
    .sum_ack_partial = "部分确认", .sum_ack_bytes = "（%u %s）",
    .sum_ack_many = "确认 #%u … #%u（%u 帧，%u %s）",
    .sum_rst = "%s发送 RST", .sum_refused = "：连接被拒绝",
    .sum_rst_phase = { "", "（握手期间）", "（连接已建立）", "（关闭过程中）" },
    .sum_rst_unacked = "，%u %s未确认",
    .sum_dup = "重复确认 %u（#%u）", .sum_keepalive = "保活", .sum_zwp = "零窗口探测",
    .sum_nothing = "无新数据或确认",
    .sum_isn_changed = "，新的 ISN", .sum_spurious = "（虚假重传）",
    .sum_answers = { "回应保活 #%u", "回应零窗口探测 #%u", "回应虚假重传 #%u" },
    .sum_after_rst = "，在 #%u 的复位之后", .sum_fin = "FIN",
    .sum_ack_beyond = "无效确认（超出已发送的一切）",

    .p_addr = "%s %s.%u > %s.%u = 从%s（端口 %u）发往%s（端口 %u）",
    .p_flags = "Flags [%s] = %s：%s", .p_no_flags = "Flags [none] = 未设置任何标志",
    .flag_meaning = { "结束", "同步", "复位", "推送", "确认", "紧急", "ECN 回显", "拥塞窗口已减小" },
    .meaning_sep = "、",
    .p_seq_range = "seq %u:%u = 本方向第 %u 到第 %u 字节（%s）",
    .p_seq_isn = "seq %u = %s选择的初始序列号 ISN（%s）",
    .p_seq_plain = "seq %u = 这个 %s 的序列号（%s）",
    .relative = "相对序号", .absolute = "绝对序号",
    .p_ack = "ack %u = %s期望对方发送的下一个字节：此前的字节都已收到（%s）",
    .p_win = "win %u = %s通告的接收窗口%s",
    .w_scaled = "（wscale %d：×%u = %u 字节）", .w_syn = "（SYN 中的窗口从不放大）",
    .w_none = "（未启用窗口放大：%u 字节）", .w_unknown = "（放大倍数未知：抓包中没有握手）",
    .p_urg = "urg %u = 紧急指针",
    .p_options = "options [%.*s] = TCP 选项，逐个说明如下：",
    .opt_mss = "mss：发送方能接收的最大报文段长度", .opt_wscale = "wscale：窗口放大因子，窗口值乘以 2^n",
    .opt_sackok = "sackOK：允许选择确认", .opt_sack = "sack：已收到的、ack 之后的数据块（选择确认）",
    .opt_ts = "TS：时间戳（val 为发送方时钟，ecr 回显对方的值）", .opt_nop = "nop：填充",
    .opt_eol = "eol：选项结束", .opt_tfo = "tfo：TCP Fast Open cookie",
    .opt_mptcp = "mptcp：多路径 TCP（依次为选项长度、子类型和该子类型的字段）",
    .opt_tcp_ao = "tcp-ao：TCP 认证选项（密钥编号和消息认证码）", .opt_other = "选项 %u：此处不作说明",
    .p_length = "length %u = 携带的载荷字节数", .p_length0 = "length 0 = 没有载荷",

    .e_hs1 = "第一次握手（三步中的第 1 步）：客户端（端口 %u）向服务器（端口 %u）发送 SYN，请求建立连接；"
             "它的初始序列号 j = %u。",
    .e_hs1_retrans = "客户端再次发送 SYN（首次发送于第 %u 帧%s）：还没有收到 SYN+ACK。",
    .e_earlier = "，%s之前",
    .e_hs1_sim = "服务器（端口 %u）同时也发送了自己的 SYN（ISN %u）：这是同时打开。",
    .e_hs2 = "第二次握手：服务器（端口 %u）以 ack %u%s接受客户端的 SYN，并发送自己的 SYN，初始序列号 k = %u。",
    .e_hs2_retrans = "服务器再次发送 SYN+ACK（首次发送于第 %u 帧）。",
    .e_hs2_isn = "它的初始序列号与之前的 SYN+ACK 不同：握手重新开始，从此 k 是服务器的 ISN。",
    .e_hs_sim = "同时打开：%s以 ack %u%s确认对方的 SYN，并重复自己的 SYN。",
    .c_isn_client = "（= 客户端 ISN %u + 1）", .c_isn_server = "（= 服务器 ISN %u + 1）",
    .c_tfo = "（= 客户端 ISN %u + 1 + SYN 携带的 %u 字节数据，TCP Fast Open）",
    .c_wrong = "（但应为 ISN + 1 = %u）",
    .e_hs3 = "第三次握手：客户端以 ack %u%s确认服务器的 SYN（tcpdump 显示为相对值 ack %u）",
    .e_hs3_done = "；连接建立%s。",
    .e_hs3_not_done = "：服务器不能把它当作握手的完成。",
    .e_hs3_time = "，距 SYN %s",
    .e_hs3_time_copy = "，距第 %2$u 帧的 SYN（SYN+ACK 之前发出的最后一份）%1$s",
    .e_hs3_unseen = "第三次握手：客户端确认了一个抓包中没有出现的 SYN+ACK（ack %u）",
    .e_hs3_done_plain = "；握手完成%s。",
    .e_established = "双方都已进入 ESTABLISHED 状态。",
    .e_td1 = "第一次挥手：%s发送 FIN：它没有更多数据要发送，关闭自己这一侧。",
    .e_td2 = "第二次挥手：%s确认%s的 FIN（ack %u）%s",
    .e_may_send = "；它自己仍然可以继续发送数据。",
    .e_td3 = "第三次挥手：%s也发送 FIN，关闭自己这一侧。",
    .e_td23 = "第二、三次挥手：%s确认%s的 FIN（ack %u），并在同一报文段中发送自己的 FIN。",
    .e_td4 = "第四次挥手：%s确认%s的 FIN（ack %u）。",
    .e_states = "现在客户端处于 %s 状态，服务器处于 %s 状态。",
    .e_td_sim = "双方的 FIN 在途中交错：这是同时关闭。",
    .e_td_retrans = "%s再次发送 FIN。",
    .e_data = "%s发送 %u %s数据（seq %u:%u）",
    .e_data_retrans = "%s重新发送 %u %s数据（seq %u:%u）：这是重传",
    .e_data_retrans_of = "%s重新发送 %u %s数据（seq %u:%u），首次发送于第 %u 帧：这是重传",
    .e_data_ooo = "%s发送 %u %s数据（seq %u:%u），填补了之前的空缺：这是乱序到达",
    .e_data_spurious = "%s重新发送 %u %s数据（seq %u:%u），而%s此前已经确认了全部这些数据：这是虚假重传，"
                       "不会再被重新确认",
    .e_acked = "；%s在第 %u 帧确认了这些数据%s。", .e_later = "，用时 %s",
    .e_not_timed = "（不计时：这些字节发送了不止一次，ACK 无法分辨回应的是哪一份——Karn 算法）", .e_never_acked = "；%s在本次抓包中始终没有确认这些数据。",
    .e_end = "。",
    .e_ack = "%s确认已收到第 %u 字节之前的全部数据：%s。",
    .e_ack_one = "即第 %3$u 帧的 %1$u %2$s",
    .e_ack_list = "即第 %3$s 帧的 %1$u %2$s",
    .e_ack_many = "即第 %3$u 到 %4$u 帧（共 %5$u 帧）的 %1$u %2$s",
    .e_ack_phantom = "它确认了第 %u 帧。",
    .e_ack_partial = "%s确认已收到第 %u 字节之前的全部数据（新增 %u %s），但还不是一个完整的报文段。",
    .e_unseen = "它还确认了 %u %s抓包中没有出现的数据。",
    .e_ack_not_timed = "它不给出往返时间：它新确认的数据都发送了不止一次，无法分辨回应的是哪一份（Karn 算法）。",
    .e_answers_keepalive = "%s回应第 %u 帧的保活报文（ack %u）：它还在。",
    .e_answers_zwp = { "%s回应第 %u 帧的零窗口探测：它的窗口仍然关闭（win 0）。",
                       "%s回应第 %u 帧的零窗口探测：它的窗口已经打开（win %u）。" },
    .e_answers_spurious = "%s回应第 %u 帧的虚假重传（ack %u）：这些数据它早已收到。",
    .e_after_rst = "它在第 %u 帧的复位之后到达：连接已经关闭，它不改变任何状态。",
    .e_fin = "%s发送 FIN：它没有更多数据要发送。", .e_rst_again = "%s再次发送 RST。",
    .e_ack_beyond = "它的 ack %u 超出%s已发送的一切，超过任何 TCP 窗口所能达到的范围（2^30 字节）："
                    "对方不可能发出这样的确认（损坏或伪造的报文段），因此忽略它。",
    .e_dup = "重复确认 %u：%s重复第 %u 帧的确认（ack %u）：它仍在等待第 %u 字节，后面的数据可能已经到达。",
    .e_keepalive = "保活报文：%s检查%s是否还在；不携带新数据。",
    .e_zwp = "零窗口探测：%s的接收窗口已满，%s发送 1 个字节，试探窗口是否已经打开。",
    .e_refused = "服务器用 RST 拒绝连接：端口 %u 上没有程序在监听。",
    .e_rst = "%s%s用 RST 强制断开连接%s。",
    .e_rst_phase = { "", "在握手期间", "在连接建立后", "在关闭过程中" },
    .e_rst_inflight = "；还有 %u %s未被确认，数据仍在传输中：这是异常中止，而不是正常关闭",
    .e_rst_clean = "；没有未确认的数据",
    .e_nothing = "%s没有确认新的数据（ack %u）：这是窗口更新或重复的确认。",
    .e_inferred = "（抓包中没有这个连接的 SYN：客户端和服务器是推断出来的。）",
    .e_incomplete = "这个 SYN 在本次抓包中始终没有建立起连接。",
};

static const words *words_for(tf_lang lang)
{
    return lang == TF_LANG_ZH ? &chinese : &english;
}

/* ---- writing ------------------------------------------------------------- */

typedef struct text {
    char  *buf;
    size_t size, len;
} text;

static void put_bytes(text *t, const char *p, size_t n)
{
    if (t->len + 1 >= t->size)
        return;
    if (n > t->size - 1 - t->len)
        n = t->size - 1 - t->len;
    memcpy(t->buf + t->len, p, n);
    t->len += n;
    t->buf[t->len] = '\0';
}

static void put_str(text *t, const char *s)
{
    put_bytes(t, s, strlen(s));
}

/* The common case of put_number, in 32 bits. */
static void put_uint(text *t, uint32_t v)
{
    char digits[10];
    size_t n = 0;
    do {
        digits[sizeof digits - 1 - n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    put_bytes(t, digits + sizeof digits - n, n);
}

static void put_number(text *t, unsigned long long v, unsigned base, unsigned width, bool negative)
{
    char digits[24];
    size_t n = 0;
    do {                                     /* base 10 spelled out: a division by a constant is cheap */
        unsigned d = base == 10 ? (unsigned)(v % 10) : (unsigned)(v % 16);
        digits[sizeof digits - 1 - n++] = "0123456789abcdef"[d];
        v = base == 10 ? v / 10 : v / 16;
    } while (v && n < sizeof digits - 1);
    while (n < width && n < sizeof digits - 1)
        digits[sizeof digits - 1 - n++] = '0';
    if (negative)
        digits[sizeof digits - 1 - n++] = '-';
    put_bytes(t, digits + sizeof digits - n, n);
}

/* A small printf for the phrase tables and the tcpdump line: %s %u %d %x %c,
 * a zero-padded width (%02x), %.*s and positional arguments (%2$s).  It is
 * several times faster than vsnprintf, which matters for the Info column. */
typedef struct spec {
    char     conv;           /* s u d x c, or '*' for a precision argument */
    uint8_t  pos, width;     /* small: a compiled format keeps one per conversion */
    bool     star;           /* %.*s: the precision is the argument before */
} spec;

typedef union arg {
    long long   i;
    const char *s;
} arg;

static const char *parse_spec(const char *p, spec *sp, unsigned *next)
{
    sp->pos = 0;
    sp->width = 0;
    sp->star = false;
    if (*p >= '1' && *p <= '9' && p[1] == '$') {
        sp->pos = (uint8_t)(*p - '0');
        p += 2;
    }
    if (*p == '0')
        p++;
    while (*p >= '0' && *p <= '9')
        sp->width = (uint8_t)(sp->width * 10 + (*p++ - '0'));
    if (p[0] == '.' && p[1] == '*') {
        sp->star = true;
        p += 2;
    }
    sp->conv = *p ? *p++ : 's';
    if (!sp->pos) {
        if (sp->star)
            (*next)++;
        sp->pos = (uint8_t)(*next)++;
    }
    return p;
}

/* The conversions of a format in argument order, e.g. "us" for "%u %s" or
 * for "%2$s %1$u" ('u' also for %d and for a %.* precision).  False if it
 * cannot tell.  vput fetches positional arguments by it; tf_text_check
 * compares the languages by it. */
static bool conversions(const char *fmt, char *out, size_t size)
{
    char by_pos[12] = { 0 };
    unsigned next = 1, top = 0;
    spec sp;
    for (const char *p = fmt; (p = strchr(p, '%')) != NULL;) {
        if (*++p == '%') {
            p++;
            continue;
        }
        p = parse_spec(p, &sp, &next);
        if (sp.pos >= sizeof by_pos)
            return false;
        if (sp.star)
            by_pos[sp.pos - 1] = 'u';
        by_pos[sp.pos] = sp.conv == 'd' ? 'u' : sp.conv;
        top = sp.pos > top ? sp.pos : top;
    }
    if (top + 1 > size)
        return false;
    for (unsigned i = 1; i <= top; i++)
        out[i - 1] = by_pos[i] ? by_pos[i] : '?';
    out[top] = '\0';
    return true;
}

/* A format taken apart once: the literal text before each conversion, and
 * the conversion.  The formats are the phrase tables' and literals, so a
 * format's address identifies it, and each is parsed only the first time. */
#define MAX_CONVERSIONS 11

typedef struct fmt_op {
    uint16_t lit, lit_len;   /* the text before the conversion: offset in the format, length */
    spec     sp;             /* sp.conv is 0 for the text after the last conversion */
} fmt_op;

typedef struct compiled {
    const char *fmt;
    bool        positional;
    uint8_t     nops;
    char        convs[12];   /* the conversions in argument order (positional formats) */
    fmt_op      ops[MAX_CONVERSIONS + 1];
} compiled;

static fmt_op text_op(const char *fmt, const char *from, size_t len)
{
    return (fmt_op){ (uint16_t)(from - fmt), (uint16_t)len, { 0, 0, 0, false } };
}

/* False when the format has more conversions than a compiled one holds
 * (tf_text_check makes sure every phrase compiles). */
static bool compile(const char *fmt, compiled *c)
{
    unsigned next = 1;
    c->fmt = fmt;
    c->nops = 0;
    c->positional = strchr(fmt, '$') != NULL;
    if (strlen(fmt) > UINT16_MAX || (c->positional && !conversions(fmt, c->convs, sizeof c->convs)))
        return false;
    for (const char *lit = fmt;;) {
        const char *pct = strchr(lit, '%');
        if (c->nops == MAX_CONVERSIONS + 1)
            return false;
        if (!pct || pct[1] == '\0') {       /* the rest is text */
            c->ops[c->nops++] = text_op(fmt, lit, strlen(lit));
            return true;
        }
        if (pct[1] == '%') {                 /* "%%": the text runs on to the first '%' */
            c->ops[c->nops++] = text_op(fmt, lit, (size_t)(pct + 1 - lit));
            lit = pct + 2;
            continue;
        }
        fmt_op *op = &c->ops[c->nops++];
        *op = text_op(fmt, lit, (size_t)(pct - lit));
        lit = parse_spec(pct + 1, &op->sp, &next);
    }
}

/* The compiled format, from a cache that holds every phrase of both
 * languages (epan dissects on one thread at a time); NULL if it cannot be
 * compiled.  A format that finds no room is compiled into *scratch. */
#define FORMAT_CACHE 512
#define FORMAT_PROBES 8

static const compiled *compiled_for(const char *fmt, compiled *scratch)
{
    static compiled cache[FORMAT_CACHE];
    uint64_t h = (uint64_t)(uintptr_t)fmt * 0x9e3779b97f4a7c15u;
    for (unsigned i = 0; i < FORMAT_PROBES; i++) {
        compiled *slot = &cache[((h >> 32) + i) % FORMAT_CACHE];
        if (slot->fmt == fmt)
            return slot;
        if (!slot->fmt) {
            if (compile(fmt, slot))
                return slot;
            slot->fmt = NULL;
            return NULL;
        }
    }
    return compile(fmt, scratch) ? scratch : NULL;
}

static void put_conversion(text *t, const spec *sp, const arg *a, long long precision)
{
    switch (sp->conv) {
    case 's': {
        const char *str = a->s ? a->s : "";
        if (!*str)                           /* an option left out: "%s%s" with "" */
            break;
        size_t n = strlen(str);
        if (precision >= 0 && (size_t)precision < n)
            n = (size_t)precision;
        put_bytes(t, str, n);
        break;
    }
    case 'c': {
        char c = (char)a->i;
        put_bytes(t, &c, 1);
        break;
    }
    case 'x': put_number(t, (unsigned)a->i, 16, sp->width, false); break;
    case 'd': put_number(t, (unsigned long long)(a->i < 0 ? -a->i : a->i), 10, sp->width, a->i < 0); break;
    default:
        if (sp->width)
            put_number(t, (unsigned)a->i, 10, sp->width, false);
        else
            put_uint(t, (uint32_t)a->i);
        break;
    }
}

static void vput(text *t, const char *fmt, va_list ap)
{
    compiled scratch;
    const compiled *c = compiled_for(fmt, &scratch);
    if (!c)
        return;
    /* Positional formats (the Chinese tables) need every argument's type
     * before the first is printed; the others are printed in one go. */
    arg args[12];
    for (unsigned i = 1; c->positional && c->convs[i - 1]; i++) {
        if (c->convs[i - 1] == 's')
            args[i].s = va_arg(ap, const char *);
        else
            args[i].i = va_arg(ap, int);     /* every integer argument here is int-sized */
    }
    for (unsigned k = 0; k < c->nops; k++) {
        const fmt_op *op = &c->ops[k];
        if (op->lit_len)                     /* empty text between conversions is common */
            put_bytes(t, c->fmt + op->lit, op->lit_len);
        if (!op->sp.conv)
            continue;
        arg a, star;
        if (c->positional) {
            a = args[op->sp.pos];
            star.i = op->sp.star ? args[op->sp.pos - 1].i : -1;
        } else {                             /* fetch this conversion's arguments now */
            star.i = op->sp.star ? va_arg(ap, int) : -1;
            if (op->sp.conv == 's')
                a.s = va_arg(ap, const char *);
            else
                a.i = va_arg(ap, int);
        }
        put_conversion(t, &op->sp, &a, star.i);
    }
}

static void put(text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vput(t, fmt, ap);
    va_end(ap);
}

static text text_on(char *buf, size_t size)
{
    text t = { buf, size, 0 };
    if (size)
        buf[0] = '\0';
    return t;
}

/* snprintf through vput: the phrase tables' formats (positional ones too). */
static char *format(char *buf, size_t size, const char *fmt, ...)
{
    text t = text_on(buf, size);
    va_list ap;
    va_start(ap, fmt);
    vput(&t, fmt, ap);
    va_end(ap);
    return buf;
}

static void separate(text *t, const words *w)
{
    if (t->len)
        put_str(t, w->sep);
}

static uint32_t frame_of(const tf_ctx *ctx, uint32_t rec)
{
    const tf_record *r = tf_record_at(ctx, rec);
    return r ? r->frame : 0;
}

static const char *unit(const words *w, uint32_t n)
{
    return w->bytes[n != 1];
}

static tf_side sender(const tf_record *r)
{
    return (tf_side)r->sender;
}

/* "25 µs", "1.250 ms", "2.000 s" (ns >= 0: see tf_elapsed) */
static const char *duration(int64_t ns, char *buf, size_t size)
{
    if (ns < 1000000)
        snprintf(buf, size, "%lld µs", (long long)((ns + 500) / 1000));
    else if (ns < 1000000000)
        snprintf(buf, size, "%.3f ms", ns / 1e6);
    else
        snprintf(buf, size, "%.3f s", ns / 1e9);
    return buf;
}

/* A phrase with the time from one record to another ("%s later"), or
 * nothing where the capture's clock runs backwards between them. */
static const char *elapsed(const char *phrase, const tf_record *from, const tf_record *to, char *buf, size_t size)
{
    int64_t ns;
    char d[32];
    buf[0] = '\0';
    if (tf_elapsed(from, to, &ns))
        format(buf, size, phrase, duration(ns, d, sizeof d));
    return buf;
}

/* What an answered segment was: 0 a keep-alive, 1 a zero-window probe, 2 a
 * spurious retransmission (tf_extra.answers). */
static unsigned answer_kind(const tf_record *probe)
{
    return (probe->bits & TF_R_KEEPALIVE) ? 0 : (probe->bits & TF_R_ZERO_WIN_PROBE) ? 1 : 2;
}

/* ---- the summary --------------------------------------------------------- */

static const char *const step_flags[] = { "", "SYN", "SYN+ACK", "ACK" };

static void summary_teardown(text *t, const words *w, const tf_record *r, bool fin)
{
    separate(t, w);
    put_str(t, w->sum_td);
    for (unsigned step = 1, n = 0; step <= 4; step++)
        if (tf_teardown_step(r, step)) {
            put_str(t, n++ ? "+" : "");
            put_uint(t, step);
        }
    put_str(t, "/4");
    if (fin)
        put(t, w->sum_td_fin, (r->bits & TF_R_SIM_CLOSE) ? w->sum_sim_close : "",
            (r->bits & TF_R_FIN_RETRANS) ? w->sum_retrans : "");
    else
        put_str(t, w->sum_td_ack);
}

static void summary_data(const tf_ctx *ctx, text *t, const words *w, uint32_t rec)
{
    const tf_record *r = tf_record_at(ctx, rec);
    const tf_extra *x = tf_extra_of(ctx, rec);
    separate(t, w);
    put(t, w->sum_data, r->len, unit(w, r->len));
    if (r->marks & TF_M_SPURIOUS)
        put_str(t, w->sum_spurious);
    else if (x->retrans_bytes && x->original)
        put(t, w->sum_retrans_of, frame_of(ctx, x->original));
    else if (x->retrans_bytes)
        put_str(t, w->sum_retrans_plain);
    if (r->bits & TF_R_OUT_OF_ORDER)
        put_str(t, w->sum_ooo);
    if (r->acked_in)
        put(t, w->sum_acked_in, frame_of(ctx, r->acked_in));
}

/* "ACK of #4", "ACK of #4, #5 (2896 bytes)", "ACK of #4 … #9 (6 frames, 8688 bytes)" */
/* A step's ACK of the SYN or FIN, or a RST's, is told by the step itself. */
static bool ack_told_by_step(const tf_record *r)
{
    return (r->hs_step || r->td_steps || r->rst_phase) && !r->acked_bytes;
}

static void summary_ack(const tf_ctx *ctx, text *t, const words *w, uint32_t rec)
{
    const tf_record *r = tf_record_at(ctx, rec);
    uint32_t n;
    const uint32_t *links = tf_links(ctx, rec, &n);

    separate(t, w);
    if (n > 3) {
        put(t, w->sum_ack_many, frame_of(ctx, links[0]), frame_of(ctx, links[n - 1]), n, r->acked_bytes,
            unit(w, r->acked_bytes));
        return;
    }
    put_str(t, n ? w->sum_ack_of : tf_extra_of(ctx, rec)->unseen_bytes ? w->sum_ack_unseen : w->sum_ack_partial);
    for (uint32_t i = 0; i < n; i++) {
        put_str(t, i ? ", #" : " #");
        put_uint(t, frame_of(ctx, links[i]));
    }
    if (r->acked_bytes)
        put(t, w->sum_ack_bytes, r->acked_bytes, unit(w, r->acked_bytes));
}

static void summary_rst(const tf_ctx *ctx, text *t, const words *w, uint32_t rec)
{
    const tf_record *r = tf_record_at(ctx, rec);
    const tf_extra *x = tf_extra_of(ctx, rec);
    uint32_t unacked = x->rst_unacked[TF_CLIENT] + x->rst_unacked[TF_SERVER];
    separate(t, w);
    put(t, w->sum_rst, w->role[sender(r)]);
    if (r->marks & TF_M_AFTER_RST)
        return;                              /* said after it: "after the reset in #N" */
    put_str(t, (r->bits & TF_R_RST_REFUSED) ? w->sum_refused : w->sum_rst_phase[r->rst_phase]);
    if (unacked)
        put(t, w->sum_rst_unacked, unacked, unit(w, unacked));
}

static void summary_flag(text *t, const words *w, bool on, const char *phrase)
{
    if (on) {
        separate(t, w);
        put_str(t, phrase);
    }
}

char *tf_summary(const tf_ctx *ctx, uint32_t rec, tf_lang lang, char *buf, size_t size)
{
    const tf_record *r = tf_record_at(ctx, rec);
    const words *w = words_for(lang);
    text t = text_on(buf, size);

    if (!r || !size)
        return buf;
    if (r->hs_step)
        put(&t, w->sum_hs, r->hs_step, step_flags[r->hs_step], (r->bits & TF_R_SIM_OPEN) ? w->sum_sim_open : "",
            (r->bits & TF_R_HS_RETRANS) ? w->sum_retrans : (r->marks & TF_M_ISN_CHANGED) ? w->sum_isn_changed : "");
    bool fin = r->td_steps & (1u << 0 | 1u << 2);
    if (fin)
        summary_teardown(&t, w, r, true);
    if (r->bits & TF_R_HAS_DATA)
        summary_data(ctx, &t, w, rec);
    if (r->td_steps && !fin)
        summary_teardown(&t, w, r, false);
    if ((r->bits & TF_R_NEW_ACK) && !ack_told_by_step(r))
        summary_ack(ctx, &t, w, rec);
    const tf_extra *x = tf_extra_of(ctx, rec);
    if (x->dup_count) {
        separate(&t, w);
        put(&t, w->sum_dup, x->dup_count, frame_of(ctx, x->dup_of));
    }
    summary_flag(&t, w, r->bits & TF_R_KEEPALIVE, w->sum_keepalive);
    summary_flag(&t, w, r->bits & TF_R_ZERO_WIN_PROBE, w->sum_zwp);
    const tf_record *probe = tf_record_at(ctx, x->answers);
    if (probe) {
        separate(&t, w);
        put(&t, w->sum_answers[answer_kind(probe)], probe->frame);
    }
    summary_flag(&t, w, (r->marks & TF_M_AFTER_RST) && (r->marks & TF_M_FIN), w->sum_fin);
    summary_flag(&t, w, r->marks & TF_M_ACK_BEYOND, w->sum_ack_beyond);
    if (r->rst_phase)
        summary_rst(ctx, &t, w, rec);
    if (!t.len)
        put_str(&t, w->sum_nothing);
    if (r->marks & TF_M_AFTER_RST)
        put(&t, w->sum_after_rst, frame_of(ctx, x->after_rst));
    return buf;
}

/* ---- the tcpdump line ------------------------------------------------------ */

static uint32_t be32(const uint8_t *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }
static uint16_t be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }

typedef struct header {      /* the fields of a TCP header tcpdump prints */
    uint16_t sport, dport, win, urp;
    uint32_t seq, ack;       /* as tcpdump prints them (relative or absolute) */
    uint8_t  flags;          /* tcpdump looks at the low 8 flag bits only */
    bool     relative;
    uint32_t sack_sub;
} header;

static header tcpdump_header(const tf_ctx *ctx, uint32_t rec, const tf_wire *w)
{
    header h;
    h.sport = be16(w->tcp);
    h.dport = be16(w->tcp + 2);
    h.flags = w->tcp[13];
    h.win = be16(w->tcp + 14);
    h.urp = be16(w->tcp + 18);
    bool rev = tf_tcpdump_reversed(h.sport, h.dport, w->src_raw, w->dst_raw, w->addr_len);
    tf_tcpdump_rel rel = { 0, 0, 0 };           /* no record: absolute numbers (a SYN, a RST) */
    if (rec)
        rel = tf_tcpdump_numbers(ctx, rec, h.flags, rev);
    h.seq = be32(w->tcp + 4) - rel.seq_sub;
    h.ack = be32(w->tcp + 8) - rel.ack_sub;
    h.relative = rel.seq_sub || rel.ack_sub;
    h.sack_sub = rel.sack_sub;
    return h;
}

static const char tcpdump_flag_letters[] = "FSRP.UEW";
static const char *const flag_names[] = { "FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR" };

static void put_flag_letters(text *t, uint8_t flags)
{
    if (!flags)
        put(t, "none");
    for (int i = 0; i < 8; i++)
        if (flags & (1u << i))
            put(t, "%c", tcpdump_flag_letters[i]);
}

static const char *const option_names[] = {
    [0] = "eol", [1] = "nop", [2] = "mss", [3] = "wscale", [4] = "sackOK", [5] = "sack", [6] = "echo",
    [7] = "echoreply", [8] = "TS", [11] = "cc", [12] = "ccnew", [13] = "", [19] = "md5", [20] = "scps",
    [28] = "uto", [29] = "tcp-ao", [30] = "mptcp", [34] = "tfo", [254] = "exp",
};

static const char *option_name(uint8_t kind, char *buf, size_t size)
{
    if (kind < sizeof option_names / sizeof *option_names && option_names[kind])
        return option_names[kind];
    format(buf, size, "unknown-%u", kind);
    return buf;
}

static void put_hex(text *t, const uint8_t *p, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        put(t, "%02x", p[i]);
}

static void put_fastopen(text *t, const uint8_t *p, unsigned n)
{
    if (n == 0) {
        put(t, " cookiereq");
    } else if (n % 2 || n < 4 || n > 16) {
        put(t, " (invalid)");
    } else {
        put(t, " cookie ");
        put_hex(t, p, n);
    }
}

static uint64_t be64(const uint8_t *p) { return (uint64_t)be32(p) << 32 | be32(p + 4); }

static void put_u64(text *t, uint64_t v, unsigned base)
{
    put_number(t, v, base, 0, false);
}

/* An IPv6 address as tcpdump's addrtostr6 writes it: the first longest run
 * of two or more zero words as "::", an IPv4 tail after ::/96 or ::ffff:0:0/96. */
static void put_ip6(text *t, const uint8_t *a)
{
    int best = -1, best_len = 1;
    for (int i = 0, n; i < 8; i += n ? n : 1) {
        for (n = 0; i + n < 8 && !be16(a + 2 * (i + n)); n++)
            ;
        if (n > best_len) {
            best = i;
            best_len = n;
        }
    }
    for (int i = 0; i < 8; i++) {
        if (best >= 0 && i >= best && i < best + best_len) {
            put(t, i == best ? ":" : "");
            continue;
        }
        if (i)
            put(t, ":");
        if (i == 6 && best == 0 && (best_len == 6 || (best_len == 5 && be16(a + 10) == 0xffff))) {
            put(t, "%u.%u.%u.%u", a[12], a[13], a[14], a[15]);
            return;
        }
        put(t, "%x", be16(a + 2 * i));
    }
    put(t, best >= 0 && best + best_len == 8 ? ":" : "");
}

/* ---- MPTCP options, as tcpdump 4.99's print-mptcp.c prints them ----------- *
 * Each printer gets the whole option (kind and length bytes included), its
 * length and the segment's flags; false where tcpdump prints "[bad opt]"
 * (after what was already printed). */

static bool mp_capable(text *t, const uint8_t *o, unsigned len, uint8_t flags)
{
    bool syn = flags & TF_SYN, ack = (flags & (TF_SYN | TF_ACK)) == TF_ACK;
    if (!((len == 12 || len == 4) && syn) && !((len == 20 || len == 22) && ack))
        return false;
    unsigned version = o[2] & 0xf;
    if (version > 1) {
        put(t, " Unknown Version (%u)", version);
        return true;
    }
    put(t, " v%u%s", version, (o[3] & 0x80) ? " csum" : "");
    if (len == 12 || len >= 20) {
        put(t, " {0x");
        put_u64(t, be64(o + 4), 16);
        if (len >= 20) {
            put(t, ",0x");
            put_u64(t, be64(o + 12), 16);
        }
        put(t, "}");
    }
    return true;
}

static bool mp_join(text *t, const uint8_t *o, unsigned len, uint8_t flags)
{
    uint8_t syn_ack = flags & (TF_SYN | TF_ACK);
    if (!(len == 12 && (flags & TF_SYN)) && !(len == 16 && syn_ack == (TF_SYN | TF_ACK)) &&
        !(len == 24 && (flags & TF_ACK)))
        return false;
    if (len != 24)
        put(t, "%s id %u", (o[2] & 1) ? " backup" : "", o[3]);
    if (len == 12) {
        put(t, " token 0x%x nonce 0x%x", be32(o + 4), be32(o + 8));
    } else if (len == 16) {
        put(t, " hmac 0x");
        put_u64(t, be64(o + 4), 16);
        put(t, " nonce 0x%x", be32(o + 12));
    } else {
        put(t, " hmac 0x");
        put_hex(t, o + 4, 20);
    }
    return true;
}

/* A DSS number of 8 bytes (wide) or 4 at *p, if that many are left. */
static bool dss_number(text *t, const uint8_t **p, unsigned *left, bool wide)
{
    unsigned n = wide ? 8 : 4;
    if (*left < n)
        return false;
    put_u64(t, wide ? be64(*p) : be32(*p), 10);
    *p += n;
    *left -= n;
    return true;
}

/* The DSS mapping: data sequence number, subflow sequence number, data-level
 * length and, when two bytes are left, the checksum. */
static bool dss_mapping(text *t, const uint8_t **p, unsigned *left, bool wide)
{
    put(t, " seq ");
    if (!dss_number(t, p, left, wide) || *left < 4)
        return false;
    put(t, " subseq %u", be32(*p));
    if (*left < 6)
        return false;
    put(t, " len %u", be16(*p + 4));
    *p += 6;
    *left -= 6;
    if (*left >= 2) {
        put(t, " csum 0x%x", be16(*p));
        *left -= 2;
    }
    return true;
}

enum { DSS_ACK = 0x01, DSS_ACK8 = 0x02, DSS_MAP = 0x04, DSS_MAP8 = 0x08, DSS_FIN = 0x10 };

static bool mp_dss(text *t, const uint8_t *o, unsigned len, uint8_t flags)
{
    if (len < 4 || (flags & TF_SYN))
        return false;
    uint8_t f = o[3];
    const uint8_t *p = o + 4;
    unsigned left = len - 4;
    put(t, (f & DSS_FIN) ? " fin" : "");
    if (f & DSS_ACK) {
        put(t, " ack ");
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
static bool mp_add_addr(text *t, const uint8_t *o, unsigned len, uint8_t flags)
{
    (void)flags;
    unsigned size = len >= 20 ? 16 : 4, rest = len - 4 - size;
    if (len < 8 || len > 30 || (rest != 0 && rest != 2 && rest != 8 && rest != 10))
        return false;
    const char *kind = add_addr_kinds[o[2] & 0xf];
    put(t, " %s id %u ", kind ? kind : "[bad version/echo]", o[3]);
    if (size == 4)
        put(t, "%u.%u.%u.%u", o[4], o[5], o[6], o[7]);
    else
        put_ip6(t, o + 4);
    const uint8_t *after = o + 4 + size;
    if (rest & 2)
        put(t, ":%u", be16(after));
    if (rest & 8) {
        put(t, " hmac 0x");
        put_u64(t, be64(after + (rest & 2)), 16);
    }
    return true;
}

static bool mp_rem_addr(text *t, const uint8_t *o, unsigned len, uint8_t flags)
{
    (void)flags;
    if (len < 4)
        return false;
    put(t, " id");
    for (unsigned i = 3; i < len; i++)
        put(t, " %u", o[i]);
    return true;
}

static bool mp_prio(text *t, const uint8_t *o, unsigned len, uint8_t flags)
{
    (void)flags;
    if (len != 3 && len != 4)
        return false;
    put(t, (o[2] & 1) ? " backup" : " non-backup");
    if (len == 4)
        put(t, " id %u", o[3]);
    return true;
}

/* MP_FAIL's data sequence number and MP_FASTCLOSE's key: 8 bytes at 4 of a
 * 12-byte option. */
static bool put_eight_at_four(text *t, const uint8_t *o, unsigned len, const char *label, unsigned base)
{
    if (len != 12)
        return false;
    put_str(t, label);
    put_u64(t, be64(o + 4), base);
    return true;
}

static bool mp_fail(text *t, const uint8_t *o, unsigned len, uint8_t flags)
{
    (void)flags;
    return put_eight_at_four(t, o, len, " seq ", 10);
}

static bool mp_fast_close(text *t, const uint8_t *o, unsigned len, uint8_t flags)
{
    (void)flags;
    return put_eight_at_four(t, o, len, " key 0x", 16);
}

static const struct {
    const char *name;
    bool (*print)(text *t, const uint8_t *o, unsigned len, uint8_t flags);   /* NULL: nothing more */
} mptcp_subtypes[] = {
    { "capable", mp_capable }, { "join", mp_join }, { "dss", mp_dss }, { "add-addr", mp_add_addr },
    { "rem-addr", mp_rem_addr }, { "prio", mp_prio }, { "fail", mp_fail }, { "fast-close", mp_fast_close },
    { "unknown", NULL },
};

/* " <length> <subtype> ...": tcpdump 4.99.2 and later print the length first. */
static bool put_mptcp(text *t, const uint8_t *o, unsigned len, uint8_t flags)
{
    if (len < 3)
        return false;
    unsigned sub = o[2] >> 4;
    if (sub >= sizeof mptcp_subtypes / sizeof *mptcp_subtypes)
        sub = sizeof mptcp_subtypes / sizeof *mptcp_subtypes - 1;
    put(t, " %u %s", len, mptcp_subtypes[sub].name);
    return !mptcp_subtypes[sub].print || mptcp_subtypes[sub].print(t, o, len, flags);
}

/* TCP-AO (RFC 5925): key ids and the MAC; tcpdump calls a shorter one invalid. */
static void put_tcp_ao(text *t, const uint8_t *p, unsigned n)
{
    if (n < 2) {
        put(t, " (invalid)");
        return;
    }
    put(t, " keyid %u rnextkeyid %u", p[0], p[1]);
    if (n > 2) {
        put(t, " mac 0x");
        put_hex(t, p + 2, n - 2);
    }
}

/* The value part of one option, as tcpdump prints it; returns the bytes it
 * consumed, or -1 where tcpdump would print "[bad opt]". */
static int put_option_value(text *t, const header *h, uint8_t kind, const uint8_t *p, unsigned len, unsigned left)
{
    unsigned datalen = 0;
#define NEED(n) do { if ((n) > left) return -1; } while (0)
    switch (kind) {
    case 2:  datalen = 2; NEED(datalen); put(t, " %u", be16(p)); break;
    case 3:  datalen = 1; NEED(datalen); put(t, " %u", p[0]); break;
    case 5:
        datalen = len - 2;
        if (datalen % 8) {
            put(t, " invalid sack");
            break;
        }
        put(t, " %u ", datalen / 8);
        for (unsigned i = 0; i < datalen; i += 8) {
            NEED(i + 8);
            put(t, "{%u:%u}", be32(p + i) - h->sack_sub, be32(p + i + 4) - h->sack_sub);
        }
        break;
    case 6: case 7: case 11: case 12: case 13:
        datalen = 4; NEED(datalen); put(t, " %u", be32(p)); break;
    case 8:  datalen = 8; NEED(datalen); put(t, " val %u ecr %u", be32(p), be32(p + 4)); break;
    case 19:                 /* Debian's tcpdump has libcrypto but no -M secret */
        datalen = 16; NEED(datalen); put(t, " shared secret not supplied with -M, can't check - "); put_hex(t, p, 16); break;
    case 20: datalen = 2; NEED(datalen); put(t, " cap %02x id %u", p[0], p[1]); break;
    case 28: {
        datalen = 2;
        NEED(datalen);
        unsigned uto = be16(p);
        put(t, " 0x%x %u", uto, (uto & 1) ? (uto >> 1) * 60 : uto >> 1);
        break;
    }
    case 29: datalen = len - 2; NEED(datalen); put_tcp_ao(t, p, datalen); break;
    case 30:
        datalen = len - 2;
        NEED(datalen);
        if (!put_mptcp(t, p - 2, len, h->flags))
            return -1;
        break;
    case 34: datalen = len - 2; NEED(datalen); put(t, " "); put_fastopen(t, p, datalen); break;
    case 254:
        datalen = len - 2;
        NEED(datalen);
        if (datalen < 2)
            return -1;
        put(t, "-");
        if (be16(p) == 0xf989) {
            put(t, "tfo");
            put_fastopen(t, p + 2, datalen - 2);
        } else {
            put(t, "%04x", be16(p));
        }
        break;
    case 0: case 1: case 4:
        break;
    default:
        datalen = len - 2;
        NEED(datalen);
        if (datalen)
            put(t, " 0x");
        put_hex(t, p, datalen);
        break;
    }
#undef NEED
    return (int)datalen;
}

/* ", options [...]" following print-tcp.c's loop; false where tcpdump gives
 * up on a malformed option (and so prints no length either). */
static bool put_options(text *t, const header *h, const uint8_t *p, unsigned left)
{
    char name[16];
    bool done_one = false;
    put(t, ", options [");
    while (left > 0) {
        if (done_one)
            put(t, ",");
        uint8_t kind = *p++;
        unsigned len = 1;
        if (kind > 1) {
            len = *p++;
            if (len < 2 || len > left)
                goto bad;
            left--;
        }
        left--;
        put_str(t, option_name(kind, name, sizeof name));
        int datalen = put_option_value(t, h, kind, p, len, left);
        if (datalen < 0)
            goto bad;
        p += datalen;
        left -= (unsigned)datalen;
        if ((unsigned)datalen + 1 + (kind > 1) != len)
            put(t, "[len %u]", len);
        done_one = true;
        if (kind == 0)
            break;
    }
    put(t, "]");
    return true;
bad:
    put(t, "[bad opt]%s", done_one ? "]" : "");
    return false;
}

char *tf_tcpdump_line(const tf_ctx *ctx, uint32_t rec, const tf_wire *w, char *buf, size_t size)
{
    text t = text_on(buf, size);
    if (w->hlen < 20)
        return buf;
    header h = tcpdump_header(ctx, rec, w);

    put(&t, "%s %s.%u > %s.%u: Flags [", w->ip_version == 6 ? "IP6" : "IP", w->src, h.sport, w->dst, h.dport);
    put_flag_letters(&t, h.flags);
    put(&t, "]");
    if (w->payload_len > 0 || (h.flags & (TF_SYN | TF_FIN | TF_RST))) {
        put(&t, ", seq %u", h.seq);
        if (w->payload_len > 0)
            put(&t, ":%u", h.seq + w->payload_len);
    }
    if (h.flags & TF_ACK)
        put(&t, ", ack %u", h.ack);
    put(&t, ", win %u", h.win);
    if (h.flags & TF_URG)
        put(&t, ", urg %u", h.urp);
    if (w->hlen > 20 && !put_options(&t, &h, w->tcp + 20, w->hlen - 20))
        return buf;
    put(&t, ", length %u", w->payload_len);
    return buf;
}

/* ---- the tcpdump line, part by part ---------------------------------------- */

typedef struct parts {
    const tf_ctx *ctx;
    uint32_t rec;
    const tf_record *r;
    const tf_wire *wire;
    const words *w;
    header h;
    tf_part_fn fn;
    void *user;
} parts;

static void emit(const parts *ps, const char *fmt, ...)
{
    char buf[512];
    text t = text_on(buf, sizeof buf);
    va_list ap;
    va_start(ap, fmt);
    vput(&t, fmt, ap);
    va_end(ap);
    ps->fn(ps->user, buf);
}

static void part_flags(const parts *ps)
{
    char letters[16], names[64], meanings[256];
    text l = text_on(letters, sizeof letters), n = text_on(names, sizeof names), m = text_on(meanings, sizeof meanings);
    if (!ps->h.flags) {
        emit(ps, "%s", ps->w->p_no_flags);
        return;
    }
    put_flag_letters(&l, ps->h.flags);
    for (int i = 0; i < 8; i++) {
        if (!(ps->h.flags & (1u << i)))
            continue;
        put(&n, "%s%s", n.len ? "+" : "", flag_names[i]);
        put(&m, "%s%s", m.len ? ps->w->meaning_sep : "", ps->w->flag_meaning[i]);
    }
    emit(ps, ps->w->p_flags, letters, names, meanings);
}

static void part_seq(const parts *ps)
{
    const words *w = ps->w;
    const char *rel = ps->h.relative ? w->relative : w->absolute;
    uint32_t len = ps->wire->payload_len;
    const char *who = w->side[sender(ps->r)];
    if (len > 0)
        emit(ps, w->p_seq_range, ps->h.seq, ps->h.seq + len, ps->h.seq, ps->h.seq + len - 1, rel);
    else if (ps->h.flags & TF_SYN)
        emit(ps, w->p_seq_isn, ps->h.seq, who, rel);
    else if (ps->h.flags & (TF_FIN | TF_RST))
        emit(ps, w->p_seq_plain, ps->h.seq, (ps->h.flags & TF_FIN) ? "FIN" : "RST", rel);
}

static void part_window(const parts *ps)
{
    const words *w = ps->w;
    char suffix[160];
    int shift = tf_window_shift(ps->ctx, ps->rec, ps->h.flags);
    if (ps->h.flags & TF_SYN)
        format(suffix, sizeof suffix, "%s", w->w_syn);
    else if (shift == TF_WSCALE_UNKNOWN)
        format(suffix, sizeof suffix, "%s", w->w_unknown);
    else if (shift == TF_WSCALE_NONE || shift == 0)
        format(suffix, sizeof suffix, w->w_none, ps->h.win);
    else
        format(suffix, sizeof suffix, w->w_scaled, shift, 1u << shift, (uint32_t)ps->h.win << shift);
    emit(ps, w->p_win, ps->h.win, w->side[sender(ps->r)], suffix);
}

static const char *option_meaning(const words *w, uint8_t kind)
{
    switch (kind) {
    case 0: return w->opt_eol;
    case 1: return w->opt_nop;
    case 2: return w->opt_mss;
    case 3: return w->opt_wscale;
    case 4: return w->opt_sackok;
    case 5: return w->opt_sack;
    case 8: return w->opt_ts;
    case 29: return w->opt_tcp_ao;
    case 30: return w->opt_mptcp;
    case 34: return w->opt_tfo;
    default: return NULL;
    }
}

/* "options [mss 16396,sackOK,...] = the TCP options:", then one part per
 * kind of option, each explained once. */
static void part_options(const parts *ps)
{
    char line[512];
    text list = text_on(line, sizeof line);
    bool seen[256] = { false };
    const uint8_t *p = ps->wire->tcp + 20, *end = ps->wire->tcp + ps->wire->hlen;

    put_options(&list, &ps->h, p, ps->wire->hlen - 20);      /* ", options [...]" */
    const char *open = strchr(line, '['), *close = strrchr(line, ']');
    if (!open || !close || close < open)
        return;
    emit(ps, ps->w->p_options, (int)(close - open - 1), open + 1);
    while (p < end) {
        uint8_t kind = p[0];
        if (!seen[kind]) {
            const char *meaning = option_meaning(ps->w, kind);
            seen[kind] = true;
            if (meaning)
                emit(ps, "%s", meaning);
            else
                emit(ps, ps->w->opt_other, kind);
        }
        if (kind == 0)
            break;
        p += (kind == 1 || p + 1 >= end || p[1] < 2) ? 1 : p[1];
    }
}

void tf_tcpdump_parts(const tf_ctx *ctx, uint32_t rec, const tf_wire *wire, tf_lang lang, tf_part_fn fn, void *user)
{
    const tf_record *r = tf_record_at(ctx, rec);
    if (!r || wire->hlen < 20)
        return;
    parts ps = { ctx, rec, r, wire, words_for(lang), tcpdump_header(ctx, rec, wire), fn, user };
    const words *w = ps.w;
    tf_side me = sender(r);

    emit(&ps, w->p_addr, wire->ip_version == 6 ? "IP6" : "IP", wire->src, ps.h.sport, wire->dst, ps.h.dport,
         w->side[me], ps.h.sport, w->side[tf_peer(me)], ps.h.dport);
    part_flags(&ps);
    part_seq(&ps);
    if (ps.h.flags & TF_ACK)
        emit(&ps, w->p_ack, ps.h.ack, w->side[me], ps.h.relative ? w->relative : w->absolute);
    part_window(&ps);
    if (ps.h.flags & TF_URG)
        emit(&ps, w->p_urg, ps.h.urp);
    if (wire->hlen > 20)
        part_options(&ps);
    if (wire->payload_len)
        emit(&ps, w->p_length, wire->payload_len);
    else
        emit(&ps, "%s", w->p_length0);
}

/* ---- the explanation ------------------------------------------------------- */

typedef struct say {
    const tf_ctx *ctx;
    uint32_t rec;
    const tf_record *r;
    const tf_handshake *hs;
    const words *w;
    header h;
    uint32_t raw_ack;
    bool whole;
    text t;
} say;

static void explain_step1(say *s)
{
    const words *w = s->w;
    const tf_record *syn = tf_record_at(s->ctx, s->hs->syn);
    char when[64];
    if (s->r->bits & TF_R_SIM_OPEN)
        put(&s->t, w->e_hs1_sim, s->h.sport, s->hs->server_isn);
    else if ((s->r->bits & TF_R_HS_RETRANS) && syn)
        put(&s->t, w->e_hs1_retrans, syn->frame, elapsed(w->e_earlier, syn, s->r, when, sizeof when));
    else
        put(&s->t, w->e_hs1, s->h.sport, s->h.dport, s->hs->client_isn);
    if (s->whole && tf_handshake_incomplete(s->ctx, s->rec))
        put_str(&s->t, w->e_incomplete);
}

/* " = client ISN j + 1", the TFO variant, or why the ack is wrong. */
static void arithmetic(say *s, char *buf, size_t size, bool client_isn)
{
    const words *w = s->w;
    uint32_t isn = client_isn ? s->hs->client_isn : s->hs->server_isn;
    const tf_record *syn = tf_record_at(s->ctx, s->hs->syn);
    buf[0] = '\0';
    if (!(s->r->bits & TF_R_HS_EXPECTED))
        return;
    if (!(s->r->bits & TF_R_HS_ACK_OK))
        format(buf, size, w->c_wrong, tf_hs_expected(s->ctx, s->rec, s->raw_ack));
    else if (client_isn && syn && s->raw_ack != isn + 1)      /* right, and not ISN + 1 */
        format(buf, size, w->c_tfo, isn, syn->len);
    else
        format(buf, size, client_isn ? w->c_isn_client : w->c_isn_server, isn);
}

static bool both_established(const tf_record *r)
{
    return tf_client_state(r) == TF_ST_ESTABLISHED && tf_server_state(r) == TF_ST_ESTABLISHED;
}

static void explain_handshake(say *s)
{
    const words *w = s->w;
    const tf_record *r = s->r;
    char why[160], d[32], when[160] = "";
    if (r->hs_step == 1) {
        explain_step1(s);
        return;
    }
    if (r->bits & TF_R_SIM_OPEN) {
        arithmetic(s, why, sizeof why, r->sender == TF_SERVER);
        put(&s->t, w->e_hs_sim, w->side[sender(r)], s->raw_ack, why);
        if ((r->bits & TF_R_HS_COMPLETE) && both_established(r))
            put_str(&s->t, w->e_established);
        return;
    }
    if (r->hs_step == 2) {
        const tf_record *first = tf_record_at(s->ctx, s->hs->synack);
        if ((r->bits & TF_R_HS_RETRANS) && first)
            put(&s->t, w->e_hs2_retrans, first->frame);
        arithmetic(s, why, sizeof why, true);
        put_str(&s->t, s->t.len ? w->sentence_sep : "");
        put(&s->t, w->e_hs2, s->h.sport, s->raw_ack, why, s->h.seq);    /* a SYN's seq is its ISN */
        if (r->marks & TF_M_ISN_CHANGED)
            put_str(&s->t, w->e_hs2_isn);
        return;
    }
    /* "established" only where the tree shows it (a FIN may ride on step 3) */
    const char *done = both_established(r) ? w->e_hs3_done : w->e_hs3_done_plain;
    if (!(r->bits & TF_R_HS_EXPECTED)) {
        put(&s->t, w->e_hs3_unseen, s->h.ack);
        put(&s->t, done, "");
        return;
    }
    arithmetic(s, why, sizeof why, false);
    put(&s->t, w->e_hs3, s->raw_ack, why, s->h.ack);
    if (!(r->bits & TF_R_HS_COMPLETE)) {
        put_str(&s->t, w->e_hs3_not_done);
        return;
    }
    /* Timed from the SYN the SYN+ACK answered: the newest copy before it. */
    const tf_record *syn = tf_record_at(s->ctx, s->hs->syn_last);
    int64_t ns;
    if (tf_elapsed(syn, r, &ns) && s->hs->syn_last == s->hs->syn)
        format(when, sizeof when, w->e_hs3_time, duration(ns, d, sizeof d));
    else if (tf_elapsed(syn, r, &ns))
        format(when, sizeof when, w->e_hs3_time_copy, duration(ns, d, sizeof d), syn->frame);
    put(&s->t, done, when);
}

static void sentence(say *s, const char *fmt, ...)
{
    va_list ap;
    if (s->t.len)
        put_str(&s->t, s->w->sentence_sep);
    va_start(ap, fmt);
    vput(&s->t, fmt, ap);
    va_end(ap);
}

static const char *const state_names[] = {
    "CLOSED", "LISTEN", "SYN-SENT", "SYN-RECEIVED", "ESTABLISHED", "FIN-WAIT-1", "FIN-WAIT-2", "CLOSE-WAIT",
    "CLOSING", "LAST-ACK", "TIME-WAIT",
};

/* Each teardown step ends with the states the tree shows after it, so the
 * words never name another state than the tree. */
static void explain_teardown(say *s)
{
    const words *w = s->w;
    const tf_record *r = s->r;
    const char *me = w->side[sender(r)], *peer = w->side[tf_peer(sender(r))];
    tf_state mine = sender(r) ? tf_server_state(r) : tf_client_state(r);
    if (r->bits & TF_R_FIN_RETRANS)
        sentence(s, w->e_td_retrans, me);
    else if (tf_teardown_step(r, 2) && tf_teardown_step(r, 3))
        sentence(s, w->e_td23, me, peer, s->h.ack);
    else if (tf_teardown_step(r, 1))
        sentence(s, w->e_td1, me);
    else if (tf_teardown_step(r, 2))      /* only a side that has not sent its FIN may still send */
        sentence(s, w->e_td2, me, peer, s->h.ack, mine == TF_ST_CLOSE_WAIT ? w->e_may_send : w->e_end);
    else if (tf_teardown_step(r, 3))
        sentence(s, w->e_td3, me);
    else if (tf_teardown_step(r, 4))
        sentence(s, w->e_td4, me, peer, s->h.ack);
    if (r->bits & TF_R_SIM_CLOSE)
        put_str(&s->t, w->e_td_sim);
    put(&s->t, w->e_states, state_names[tf_client_state(r)], state_names[tf_server_state(r)]);
}

static void explain_data(say *s)
{
    const words *w = s->w;
    const tf_record *r = s->r;
    const char *me = w->side[sender(r)];
    const tf_record *acker = tf_record_at(s->ctx, r->acked_in);
    const tf_extra *x = tf_extra_of(s->ctx, s->rec);
    const tf_record *original = tf_record_at(s->ctx, x->original);
    uint32_t seq = r->seq_rel, next = tf_next_rel(r);
    char when[64];

    if (r->marks & TF_M_SPURIOUS)
        sentence(s, w->e_data_spurious, me, r->len, unit(w, r->len), seq, next, w->side[tf_peer(sender(r))]);
    else if (x->retrans_bytes && original)
        sentence(s, w->e_data_retrans_of, me, r->len, unit(w, r->len), seq, next, original->frame);
    else if (x->retrans_bytes)
        sentence(s, w->e_data_retrans, me, r->len, unit(w, r->len), seq, next);
    else if (r->bits & TF_R_OUT_OF_ORDER)
        sentence(s, w->e_data_ooo, me, r->len, unit(w, r->len), seq, next);
    else
        sentence(s, w->e_data, me, r->len, unit(w, r->len), seq, next);
    if (acker)
        put(&s->t, w->e_acked, w->side[tf_peer(sender(r))], acker->frame,
            tf_ack_timed(r) ? elapsed(w->e_later, r, acker, when, sizeof when) : w->e_not_timed);
    else if (s->whole && tf_never_acked(r))
        put(&s->t, w->e_never_acked, w->side[tf_peer(sender(r))]);
    else
        put_str(&s->t, w->e_end);
}

/* "the 7 bytes from frame 4", "the 300 bytes from frames 4, 5 and 6" */
static void what_acked(say *s, char *buf, size_t size)
{
    const words *w = s->w;
    const tf_record *r = s->r;
    uint32_t n, b = r->acked_bytes;
    const uint32_t *links = tf_links(s->ctx, s->rec, &n);
    if (n == 1) {
        format(buf, size, w->e_ack_one, b, unit(w, b), frame_of(s->ctx, links[0]));
    } else if (n <= 4) {
        char list[96];
        text l = text_on(list, sizeof list);
        for (uint32_t i = 0; i < n; i++)
            put(&l, "%s%u", i == 0 ? "" : i + 1 == n ? w->list_and : w->list_comma, frame_of(s->ctx, links[i]));
        format(buf, size, w->e_ack_list, b, unit(w, b), list);
    } else {
        format(buf, size, w->e_ack_many, b, unit(w, b), frame_of(s->ctx, links[0]),
                 frame_of(s->ctx, links[n - 1]), n);
    }
}

static void explain_ack(say *s)
{
    const words *w = s->w;
    const tf_record *r = s->r;
    const char *me = w->side[sender(r)];
    char what[256];
    uint32_t nlinks;
    if (ack_told_by_step(r))
        return;
    tf_links(s->ctx, s->rec, &nlinks);
    if (r->acked_bytes && nlinks) {
        what_acked(s, what, sizeof what);
        sentence(s, w->e_ack, me, s->h.ack, what);
    } else if (r->acked_bytes) {
        sentence(s, w->e_ack_partial, me, s->h.ack, r->acked_bytes, unit(w, r->acked_bytes));
    } else if (nlinks) {
        sentence(s, w->e_ack_phantom, frame_of(s->ctx, tf_newest_link(s->ctx, s->rec)));
    }
    uint32_t unseen = tf_extra_of(s->ctx, s->rec)->unseen_bytes;
    if (unseen)
        put(&s->t, w->e_unseen, unseen, unit(w, unseen));
    if (nlinks && !tf_rtt_link(s->ctx, s->rec))
        sentence(s, w->e_ack_not_timed);
}

static void explain_answer(say *s, const tf_record *probe)
{
    const words *w = s->w;
    const char *me = w->side[sender(s->r)];
    unsigned kind = answer_kind(probe);
    if (kind == 1)
        sentence(s, w->e_answers_zwp[s->h.win != 0], me, probe->frame, s->h.win);
    else
        sentence(s, kind ? w->e_answers_spurious : w->e_answers_keepalive, me, probe->frame, s->h.ack);
}

static void explain_rst(say *s)
{
    const words *w = s->w;
    const tf_record *r = s->r;
    const tf_extra *x = tf_extra_of(s->ctx, s->rec);
    uint32_t unacked = x->rst_unacked[TF_CLIENT] + x->rst_unacked[TF_SERVER];
    char tail[160];
    if (r->marks & TF_M_AFTER_RST) {
        sentence(s, w->e_rst_again, w->side[sender(r)]);
        return;
    }
    if (r->bits & TF_R_RST_REFUSED) {
        sentence(s, w->e_refused, s->h.sport);
        return;
    }
    if (unacked)
        format(tail, sizeof tail, w->e_rst_inflight, unacked, unit(w, unacked));
    else
        format(tail, sizeof tail, "%s", w->e_rst_clean);
    sentence(s, w->e_rst, w->side[sender(r)], w->e_rst_phase[r->rst_phase], tail);
}

/* English sentences start with a capital: "the client" -> "The client". */
static void capitalize_start(text *t, size_t at)
{
    if (at < t->len && t->buf[at] >= 'a' && t->buf[at] <= 'z')
        t->buf[at] = (char)(t->buf[at] - 'a' + 'A');
}

char *tf_explain(const tf_ctx *ctx, uint32_t rec, const tf_wire *wire, tf_lang lang, bool whole,
                 char *buf, size_t size)
{
    const tf_record *r = tf_record_at(ctx, rec);
    say s;
    s.t = text_on(buf, size);
    if (!r || wire->hlen < 20)
        return buf;
    s.ctx = ctx;
    s.rec = rec;
    s.r = r;
    s.hs = tf_handshake_of(ctx, rec);
    s.w = words_for(lang);
    s.h = tcpdump_header(ctx, rec, wire);
    s.raw_ack = be32(wire->tcp + 8);
    s.whole = whole;
    const words *w = s.w;

    if (r->hs_step)
        explain_handshake(&s);
    if (r->td_steps)
        explain_teardown(&s);
    if (r->bits & TF_R_HAS_DATA)
        explain_data(&s);
    if (r->bits & TF_R_NEW_ACK)
        explain_ack(&s);
    const tf_extra *x = tf_extra_of(ctx, rec);
    if (x->dup_count) {
        const tf_record *of = tf_record_at(ctx, x->dup_of);
        sentence(&s, w->e_dup, x->dup_count, w->side[sender(r)], of ? of->frame : 0, s.h.ack, s.h.ack);
    }
    if (r->bits & TF_R_KEEPALIVE)
        sentence(&s, w->e_keepalive, w->side[sender(r)], w->side[tf_peer(sender(r))]);
    if (r->bits & TF_R_ZERO_WIN_PROBE)
        sentence(&s, w->e_zwp, w->side[tf_peer(sender(r))], w->side[sender(r)]);
    const tf_record *probe = tf_record_at(ctx, x->answers);
    if (probe)
        explain_answer(&s, probe);
    if ((r->marks & TF_M_AFTER_RST) && (r->marks & TF_M_FIN))
        sentence(&s, w->e_fin, w->side[sender(r)]);
    if (r->marks & TF_M_ACK_BEYOND)
        sentence(&s, w->e_ack_beyond, s.h.ack, w->side[tf_peer(sender(r))]);
    if (r->rst_phase)
        explain_rst(&s);
    if (!s.t.len)
        sentence(&s, w->e_nothing, w->side[sender(r)], s.h.ack);
    if (r->marks & TF_M_AFTER_RST)
        sentence(&s, w->e_after_rst, frame_of(ctx, x->after_rst));
    if (r->bits & TF_R_ROLES_INFERRED)
        put_str(&s.t, w->e_inferred);
    if (lang == TF_LANG_EN) {          /* every sentence begins at the start or after ". " */
        capitalize_start(&s.t, 0);
        for (size_t i = 0; i + 2 < s.t.len; i++)
            if (buf[i] == '.' && buf[i + 1] == ' ')
                capitalize_start(&s.t, i + 2);
    }
    return buf;
}

/* ---- checking the tables --------------------------------------------------- */

bool tf_text_check(char *why, size_t size)
{
    const char *const *en = (const char *const *)&english, *const *zh = (const char *const *)&chinese;
    size_t n = sizeof(words) / sizeof(const char *);
    for (size_t i = 0; i < n; i++) {
        char a[16], b[16];
        compiled c;
        if (!en[i] || !zh[i] || !conversions(en[i], a, sizeof a) || !conversions(zh[i], b, sizeof b) ||
            strcmp(a, b) != 0 || !compile(en[i], &c) || !compile(zh[i], &c)) {
            snprintf(why, size, "phrase %zu: \"%s\" vs \"%s\"", i, en[i] ? en[i] : "(none)", zh[i] ? zh[i] : "(none)");
            return false;
        }
    }
    return true;
}
