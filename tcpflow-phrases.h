/* tcpflow-phrases.h — every phrase tcpflow says, one row each holding both
 * languages, English then Simplified Chinese, so that a phrase cannot exist
 * in one language only.  tcpflow-words.h makes the `words` struct of the
 * rows; tcpflow-text.c makes its two tables, one per language, and has the
 * compiler check every row's formats against its argument types, in both
 * languages.
 *
 * No include guard: this is a list, read once for each thing made from it.
 * The reader defines the five row macros first; they are undefined at the end.
 *
 *   WORD(name, English, Chinese)
 *       said as it is: put as a string or passed to a phrase for a %s
 *   PHRASE(name, (argument types), English, Chinese)
 *       a printf-style format for tf_put's engine (tcpflow-printf.h),
 *       written through PH() (tcpflow-words.h), which checks the arguments
 *       of every use against the types; a Chinese format that orders its
 *       arguments differently uses positions (%2$s)
 *   LIST(name, count), then WORD_AT(name, nth, English, Chinese) or
 *   PHRASE_AT(name, nth, (argument types), English, Chinese) per element
 *       a phrase chosen by a number (a side, a flag bit, a phase); the
 *       elements of one list all take the same arguments
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* ---- Words used throughout ------------------------------------------------- */

/* the client, the server (in a sentence; index: tf_side) */
LIST(side, 2)
WORD_AT(side, 0, "the client", "客户端")
WORD_AT(side, 1, "the server", "服务器")
/* client, server (as a label) */
LIST(role, 2)
WORD_AT(role, 0, "client", "客户端")
WORD_AT(role, 1, "server", "服务器")
/* between sentences */
WORD(sentence_sep, " ", "")
/* the unit: one byte, several */
LIST(bytes, 2)
WORD_AT(bytes, 0, "byte", "字节")
WORD_AT(bytes, 1, "bytes", "字节")
/* between the parts of a summary */
WORD(sep, "; ", "；")
/* the last separator of "4, 5 and 6" */
WORD(list_and, " and ", "和")
WORD(list_comma, ", ", "、")

/* ---- The summary (the Info column) ----------------------------------------- */

PHRASE(sum_hs, (unsigned, const char *, const char *, const char *), "handshake %u/3 (%s%s%s)", "握手 %u/3（%s%s%s）")
WORD(sum_sim_open, ", simultaneous open", "，同时打开")
WORD(sum_retrans, ", retransmission", "，重传")
WORD(sum_td, "teardown ", "挥手 ")
PHRASE(sum_td_fin, (const char *, const char *), " (FIN%s%s)", "（FIN%s%s）")
WORD(sum_td_ack, " (ACK of FIN)", "（确认 FIN）")
WORD(sum_sim_close, ", simultaneous close", "，同时关闭")
PHRASE(sum_data, (unsigned, const char *), "data %u %s", "数据 %u %s")
/* why data was sent again (index: tf_resend) */
LIST(sum_resend, 7)
WORD_AT(sum_resend, 0, "retransmission", "重传")
WORD_AT(sum_resend, 1, "fast retransmission", "快速重传")
WORD_AT(sum_resend, 2, "timeout retransmission", "超时重传")
WORD_AT(sum_resend, 3, "SACK retransmission", "SACK 重传")
WORD_AT(sum_resend, 4, "tail-loss probe", "尾部丢失探测")
WORD_AT(sum_resend, 5, "spurious retransmission", "虚假重传")
WORD_AT(sum_resend, 6, "fast-recovery retransmission", "快速恢复重传")
WORD(sum_ooo, "out of order", "乱序")
WORD(sum_open, " (", "（")
WORD(sum_close, ")", "）")
PHRASE(sum_of, (unsigned), " of #%u", " #%u")
PHRASE(sum_copy, (unsigned), ", copy %u", "，第 %u 份")
PHRASE(sum_fills, (unsigned), ", fills the gap of #%u", "，填补 #%u 之前的空缺")
PHRASE(sum_acked_in, (unsigned), ", acked in #%u", "，确认于 #%u")
WORD(sum_ack_of, "ACK of", "确认")
WORD(sum_ack_unseen, "ACK of unseen data", "确认未见数据")
WORD(sum_ack_partial, "partial ACK", "部分确认")
PHRASE(sum_ack_bytes, (unsigned, const char *), " (%u %s)", "（%u %s）")
PHRASE(sum_ack_many, (unsigned, unsigned, unsigned, unsigned, const char *),
       "ACK of #%u … #%u (%u frames, %u %s)",
       "确认 #%u … #%u（%u 帧，%u %s）")
PHRASE(sum_rst, (const char *), "RST from %s", "%s发送 RST")
/* index: tf_record.rst_phase */
LIST(sum_rst_phase, 4)
WORD_AT(sum_rst_phase, 0, "", "")
WORD_AT(sum_rst_phase, 1, " during the handshake", "（握手期间）")
WORD_AT(sum_rst_phase, 2, " on an established connection", "（连接已建立）")
WORD_AT(sum_rst_phase, 3, " while closing", "（关闭过程中）")
WORD(sum_refused, ": connection refused", "：连接被拒绝")
PHRASE(sum_rst_unacked, (unsigned, const char *), ", %u %s unacknowledged", "，%u %s未确认")
PHRASE(sum_dup, (unsigned, unsigned), "duplicate ACK %u of #%u", "重复确认 %u（#%u）")
WORD(sum_keepalive, "keep-alive", "保活")
WORD(sum_zwp, "zero-window probe", "零窗口探测")
WORD(sum_nothing, "no new data or acknowledgement", "无新数据或确认")
WORD(sum_isn_changed, ", new ISN", "，新的 ISN")
WORD(sum_zero_window, "zero window", "零窗口")
PHRASE(sum_win_update, (unsigned, unsigned), "window update %u → %u", "窗口更新 %u → %u")
PHRASE(sum_win_reopened, (const char *), "window reopened after %s", "窗口关闭 %s 后重新打开")
WORD(sum_win_reopened_plain, "window reopened", "窗口重新打开")
PHRASE(sum_win_full, (unsigned, const char *), "window full (%u %s in flight)", "窗口已满（在途 %u %s）")
PHRASE(sum_win_shrunk, (unsigned, const char *), "window shrunk by %u %s", "窗口收缩 %u %s")
PHRASE(sum_win_relieved, (const char *), "room again after %s of full window", "窗口已满 %s 后再次有空间")
PHRASE(sum_sack, (unsigned, unsigned), "SACK %u held, %u missing", "SACK 已收 %u，缺 %u")
PHRASE(sum_dsack, (unsigned), "D-SACK: #%u received twice", "D-SACK：#%u 收到两次")
WORD(sum_dsack_plain, "D-SACK", "D-SACK")
PHRASE(sum_gap, (unsigned, const char *), "%u %s never seen before it", "此前有 %u %s未见")
/* what was answered: a keep-alive, a zero-window probe, a spurious retransmission */
LIST(sum_answers, 3)
PHRASE_AT(sum_answers, 0, (unsigned), "answers keep-alive #%u", "回应保活 #%u")
PHRASE_AT(sum_answers, 1, (unsigned), "answers zero-window probe #%u", "回应零窗口探测 #%u")
PHRASE_AT(sum_answers, 2, (unsigned), "answers spurious retransmission #%u", "回应虚假重传 #%u")
PHRASE(sum_delack, (const char *), "delayed ACK (+%s)", "延迟确认（多等 %s）")
PHRASE(sum_nagle, (const char *, unsigned), "Nagle stall %s, waited for the ACK of #%u", "Nagle 停顿 %s，等待 #%u 的确认")
PHRASE(sum_idle, (const char *), "after %s idle", "空闲 %s 之后")
/* what a SYN or SYN+ACK says about ECN (index: tf_ecn_setup - 1) */
LIST(sum_ecn_setup, 5)
WORD_AT(sum_ecn_setup, 0, "asks for ECN", "请求 ECN")
WORD_AT(sum_ecn_setup, 1, "asks for Accurate ECN", "请求精确 ECN")
WORD_AT(sum_ecn_setup, 2, "agrees to ECN", "同意 ECN")
WORD_AT(sum_ecn_setup, 3, "agrees to Accurate ECN", "同意精确 ECN")
WORD_AT(sum_ecn_setup, 4, "no ECN", "不使用 ECN")
WORD(sum_ce, "CE (congestion experienced)", "CE（遭遇拥塞）")
PHRASE(sum_ece, (unsigned), "ECE: echoes the CE of #%u", "ECE：回显 #%u 的 CE")
WORD(sum_ece_plain, "ECE: echoes a CE mark", "ECE：回显 CE 标记")
PHRASE(sum_ece_more, (unsigned), "ECE again (since #%u)", "再次 ECE（自 #%u 起）")
PHRASE(sum_cwr, (unsigned), "CWR: congestion window reduced, answers ECE #%u", "CWR：已减小拥塞窗口，回应 ECE #%u")
PHRASE(sum_ace, (unsigned, unsigned), "ACE %u: %u more CE", "ACE %u：新增 %u 个 CE")
PHRASE(sum_after_rst, (unsigned), ", after the reset in #%u", "，在 #%u 的复位之后")
WORD(sum_fin, "FIN", "FIN")
WORD(sum_ack_beyond, "invalid ACK (beyond anything sent)", "无效确认（超出已发送的一切）")

/* ---- The tcpdump line, part by part ---------------------------------------- */

PHRASE(p_addr,
       (const char *, const char *, unsigned, const char *, unsigned, const char *, unsigned, const char *, unsigned),
       "%s %s.%u > %s.%u = from %s (port %u) to %s (port %u)",
       "%s %s.%u > %s.%u = 从%s（端口 %u）发往%s（端口 %u）")
PHRASE(p_flags, (const char *, const char *, const char *), "Flags [%s] = %s: %s", "Flags [%s] = %s：%s")
WORD(p_no_flags, "Flags [none] = no flag set", "Flags [none] = 未设置任何标志")
/* FIN SYN RST PSH ACK URG ECE CWR */
LIST(flag_meaning, 8)
WORD_AT(flag_meaning, 0, "finish", "结束")
WORD_AT(flag_meaning, 1, "synchronize", "同步")
WORD_AT(flag_meaning, 2, "reset", "复位")
WORD_AT(flag_meaning, 3, "push", "推送")
WORD_AT(flag_meaning, 4, "acknowledge", "确认")
WORD_AT(flag_meaning, 5, "urgent", "紧急")
WORD_AT(flag_meaning, 6, "ECN echo", "ECN 回显")
WORD_AT(flag_meaning, 7, "congestion window reduced", "拥塞窗口已减小")
WORD(meaning_sep, ", ", "、")
PHRASE(p_seq_range, (unsigned, unsigned, unsigned, unsigned, const char *),
       "seq %u:%u = bytes %u to %u of this direction (%s)",
       "seq %u:%u = 本方向第 %u 到第 %u 字节（%s）")
PHRASE(p_seq_isn, (unsigned, const char *, const char *),
       "seq %u = the initial sequence number (ISN) %s chose (%s)",
       "seq %u = %s选择的初始序列号 ISN（%s）")
PHRASE(p_seq_plain, (unsigned, const char *, const char *),
       "seq %u = the sequence number of this %s (%s)",
       "seq %u = 这个 %s 的序列号（%s）")
WORD(relative, "relative", "相对序号")
WORD(absolute, "absolute", "绝对序号")
PHRASE(p_ack, (unsigned, const char *, const char *),
       "ack %u = the next byte %s expects from its peer: everything before it has arrived (%s)",
       "ack %u = %s期望对方发送的下一个字节：此前的字节都已收到（%s）")
PHRASE(p_win, (unsigned, const char *, const char *),
       "win %u = the receive window %s advertises%s",
       "win %u = %s通告的接收窗口%s")
PHRASE(w_scaled, (int, unsigned, unsigned), " (wscale %d: ×%u = %u bytes)", "（wscale %d：×%u = %u 字节）")
WORD(w_syn, " (a SYN's window is never scaled)", "（SYN 中的窗口从不放大）")
PHRASE(w_none, (unsigned), " (no window scaling: %u bytes)", "（未启用窗口放大：%u 字节）")
WORD(w_unknown, " (scale unknown: the handshake is not in the capture)", "（放大倍数未知：抓包中没有握手）")
PHRASE(p_urg, (unsigned), "urg %u = the urgent pointer", "urg %u = 紧急指针")
PHRASE(p_options, (int, const char *),
       "options [%.*s] = the TCP options, one by one:",
       "options [%.*s] = TCP 选项，逐个说明如下：")
WORD(opt_mss, "mss: the largest segment the sender accepts", "mss：发送方能接收的最大报文段长度")
PHRASE(opt_wscale, (unsigned, unsigned, unsigned),
       "wscale %u: window scale: this side's windows after the handshake count ×2^%u = ×%u",
       "wscale %u：窗口放大因子：握手之后本方通告的窗口值乘以 2^%u = %u")
WORD(opt_sackok, "sackOK: selective acknowledgements allowed", "sackOK：允许选择确认")
WORD(opt_sack, "sack: blocks received beyond the ack (selective acknowledgement)", "sack：已收到的、ack 之后的数据块（选择确认）")
WORD(opt_ts, "TS: timestamps: val is the sender's clock, ecr echoes the peer's latest val (for RTT and PAWS)",
     "TS：时间戳：val 是发送方的时钟，ecr 回显对方最近的 val（用于测量 RTT 和 PAWS）")
WORD(opt_nop, "nop: padding", "nop：填充")
WORD(opt_eol, "eol: end of options", "eol：选项结束")
WORD(opt_tfo, "tfo: TCP Fast Open cookie", "tfo：TCP Fast Open cookie")
WORD(opt_mptcp,
     "mptcp: Multipath TCP (the option's length, its subtype, then the subtype's fields)",
     "mptcp：多路径 TCP（依次为选项长度、子类型和该子类型的字段）")
WORD(opt_tcp_ao,
     "tcp-ao: TCP Authentication Option (key ids and the message authentication code)",
     "tcp-ao：TCP 认证选项（密钥编号和消息认证码）")
PHRASE(opt_other, (unsigned), "option %u: not explained here", "选项 %u：此处不作说明")
PHRASE(p_length, (unsigned), "length %u = payload bytes carried", "length %u = 携带的载荷字节数")
WORD(p_length0, "length 0 = no payload", "length 0 = 没有载荷")

/* ---- The explanation ------------------------------------------------------- */

PHRASE(e_hs1, (unsigned, unsigned, unsigned),
       "Handshake step 1 of 3: the client (port %u) asks the server (port %u) to open a connection "
       "with a SYN; its initial sequence number is j = %u.",
       "第一次握手（三步中的第 1 步）：客户端（端口 %u）向服务器（端口 %u）发送 SYN，请求建立连接；"
       "它的初始序列号 j = %u。")
PHRASE(e_hs1_retrans, (unsigned, const char *),
       "The client sends its SYN again (first sent in frame %u%s): no SYN+ACK has come back yet.",
       "客户端再次发送 SYN（首次发送于第 %u 帧%s）：还没有收到 SYN+ACK。")
PHRASE(e_earlier, (const char *), ", %s earlier", "，%s之前")
PHRASE(e_hs1_sim, (unsigned, unsigned),
       "The server (port %u) sends a SYN of its own at the same time (ISN %u): a simultaneous open.",
       "服务器（端口 %u）同时也发送了自己的 SYN（ISN %u）：这是同时打开。")
PHRASE(e_hs2, (unsigned, unsigned, const char *, unsigned),
       "Handshake step 2 of 3: the server (port %u) accepts the client's SYN — ack %u%s — and sends its "
       "own SYN with initial sequence number k = %u.",
       "第二次握手：服务器（端口 %u）以 ack %u%s接受客户端的 SYN，并发送自己的 SYN，初始序列号 k = %u。")
PHRASE(e_hs2_retrans, (unsigned),
       "The server sends its SYN+ACK again (first sent in frame %u).",
       "服务器再次发送 SYN+ACK（首次发送于第 %u 帧）。")
WORD(e_hs2_isn,
     " Its initial sequence number differs from the SYN+ACK's before it: the handshake was restarted, "
     "and k is the server's ISN from now on.",
     "它的初始序列号与之前的 SYN+ACK 不同：握手重新开始，从此 k 是服务器的 ISN。")
PHRASE(e_hs_sim, (const char *, unsigned, const char *),
       "Simultaneous open: %s acknowledges the other side's SYN with ack %u%s and repeats its own SYN.",
       "同时打开：%s以 ack %u%s确认对方的 SYN，并重复自己的 SYN。")
PHRASE(c_isn_client, (unsigned), " = client ISN %u + 1", "（= 客户端 ISN %u + 1）")
PHRASE(c_isn_server, (unsigned), " = server ISN %u + 1", "（= 服务器 ISN %u + 1）")
PHRASE(c_tfo, (unsigned, unsigned),
       " = client ISN %u + 1 + the SYN's %u data bytes (TCP Fast Open)",
       "（= 客户端 ISN %u + 1 + SYN 携带的 %u 字节数据，TCP Fast Open）")
PHRASE(c_wrong, (unsigned), ", but it should be ISN + 1 = %u", "（但应为 ISN + 1 = %u）")
PHRASE(e_hs3, (unsigned, const char *, unsigned),
       "Handshake step 3 of 3: the client acknowledges the server's SYN — ack %u%s (tcpdump prints it "
       "relative: ack %u)",
       "第三次握手：客户端以 ack %u%s确认服务器的 SYN（tcpdump 显示为相对值 ack %u）")
PHRASE(e_hs3_done, (const char *), " — and the connection is established%s.", "；连接建立%s。")
WORD(e_hs3_not_done, ": the server cannot take it as the end of the handshake.", "：服务器不能把它当作握手的完成。")
PHRASE(e_hs3_time, (const char *), ", %s after the SYN", "，距 SYN %s")
PHRASE(e_hs3_time_copy, (const char *, unsigned),
       ", %s after the SYN in frame %u (the last copy sent before the SYN+ACK)",
       "，距第 %2$u 帧的 SYN（SYN+ACK 之前发出的最后一份）%1$s")
PHRASE(e_hs3_unseen, (unsigned),
       "Handshake step 3 of 3: the client acknowledges a SYN+ACK the capture does not show (ack %u)",
       "第三次握手：客户端确认了一个抓包中没有出现的 SYN+ACK（ack %u）")
PHRASE(e_hs3_done_plain, (const char *), " — which completes the handshake%s.", "；握手完成%s。")
WORD(e_established, " Both sides are now established.", "双方都已进入 ESTABLISHED 状态。")
PHRASE(e_td1, (const char *),
       "Teardown step 1 of 4: %s sends a FIN: it has no more data to send and closes its side.",
       "第一次挥手：%s发送 FIN：它没有更多数据要发送，关闭自己这一侧。")
PHRASE(e_td2, (const char *, const char *, unsigned, const char *),
       "Teardown step 2 of 4: %s acknowledges the FIN of %s (ack %u)%s",
       "第二次挥手：%s确认%s的 FIN（ack %u）%s")
WORD(e_may_send, "; it may still send data of its own.", "；它自己仍然可以继续发送数据。")
PHRASE(e_td3, (const char *), "Teardown step 3 of 4: %s closes its side too, with a FIN.", "第三次挥手：%s也发送 FIN，关闭自己这一侧。")
PHRASE(e_td23, (const char *, const char *, unsigned),
       "Teardown steps 2 and 3 of 4: %s acknowledges the FIN of %s (ack %u) and closes its own side with a "
       "FIN in the same segment.",
       "第二、三次挥手：%s确认%s的 FIN（ack %u），并在同一报文段中发送自己的 FIN。")
PHRASE(e_td4, (const char *, const char *, unsigned),
       "Teardown step 4 of 4: %s acknowledges the FIN of %s (ack %u).",
       "第四次挥手：%s确认%s的 FIN（ack %u）。")
PHRASE(e_states, (const char *, const char *),
       " Now the client is in %s and the server in %s.",
       "现在客户端处于 %s 状态，服务器处于 %s 状态。")
WORD(e_td_sim, " Both FINs crossed on the way: a simultaneous close.", "双方的 FIN 在途中交错：这是同时关闭。")
PHRASE(e_td_retrans, (const char *), "%s sends its FIN again.", "%s再次发送 FIN。")
PHRASE(e_data, (const char *, unsigned, const char *, unsigned, unsigned),
       "%s sends %u %s (seq %u:%u)",
       "%s发送 %u %s数据（seq %u:%u）")
PHRASE(e_data_retrans, (const char *, unsigned, const char *, unsigned, unsigned),
       "%s sends %u %s again (seq %u:%u): a retransmission",
       "%s重新发送 %u %s数据（seq %u:%u）：这是重传")
PHRASE(e_data_retrans_of, (const char *, unsigned, const char *, unsigned, unsigned, unsigned),
       "%s sends %u %s again (seq %u:%u), first sent in frame %u: a retransmission",
       "%s重新发送 %u %s数据（seq %u:%u），首次发送于第 %u 帧：这是重传")
PHRASE(e_data_ooo, (const char *, unsigned, const char *, unsigned, unsigned),
       "%s sends %u %s (seq %u:%u) that fill a gap below data it already sent: out of order",
       "%s发送 %u %s数据（seq %u:%u），填补了之前的空缺：这是乱序到达")
PHRASE(e_data_refill, (const char *, unsigned, const char *, unsigned, unsigned, unsigned),
       "%s sends %u %s (seq %u:%u) missing before frame %u: their first copy was lost before the capture point, "
       "and this one fills the gap",
       "%s发送 %u %s数据（seq %u:%u），它们是第 %u 帧之前缺失的数据：第一份在抓包点之前丢失了，这一份填补了空缺")
PHRASE(e_data_spurious, (const char *, unsigned, const char *, unsigned, unsigned, const char *),
       "%s sends %u %s again (seq %u:%u), though %s had acknowledged all of them before: a "
       "spurious retransmission, which nothing acknowledges anew",
       "%s重新发送 %u %s数据（seq %u:%u），而%s此前已经确认了全部这些数据：这是虚假重传，"
       "不会再被重新确认")
PHRASE(e_acked, (const char *, unsigned, const char *),
       "; %s acknowledges them in frame %u%s.",
       "；%s在第 %u 帧确认了这些数据%s。")
PHRASE(e_later, (const char *), ", %s later", "，用时 %s")
WORD(e_not_timed,
     " (not timed: these bytes were sent more than once, and an ACK cannot tell which copy it "
     "answers — Karn's rule)",
     "（不计时：这些字节发送了不止一次，ACK 无法分辨回应的是哪一份——Karn 算法）")
PHRASE(e_never_acked, (const char *),
       "; %s never acknowledges them "
       "in this capture.",
       "；%s在本次抓包中始终没有确认这些数据。")
WORD(e_end, ".", "。")
PHRASE(e_ack, (const char *, unsigned, const char *),
       "%s confirms it received every byte before byte %u: %s.",
       "%s确认已收到第 %u 字节之前的全部数据：%s。")
PHRASE(e_ack_one, (unsigned, const char *, unsigned), "the %1$u %2$s from frame %3$u", "即第 %3$u 帧的 %1$u %2$s")
PHRASE(e_ack_list, (unsigned, const char *, const char *), "the %1$u %2$s from frames %3$s", "即第 %3$s 帧的 %1$u %2$s")
PHRASE(e_ack_many, (unsigned, const char *, unsigned, unsigned, unsigned),
       "the %1$u %2$s from frames %3$u to %4$u (%5$u frames)",
       "即第 %3$u 到 %4$u 帧（共 %5$u 帧）的 %1$u %2$s")
PHRASE(e_ack_phantom, (unsigned), "It acknowledges frame %u.", "它确认了第 %u 帧。")
PHRASE(e_ack_partial, (const char *, unsigned, unsigned, const char *),
       "%s confirms it received every byte before byte %u (%u more %s), not yet a whole segment.",
       "%s确认已收到第 %u 字节之前的全部数据（新增 %u %s），但还不是一个完整的报文段。")
PHRASE(e_unseen, (unsigned, const char *),
       " It also acknowledges %u %s the capture never showed.",
       "它还确认了 %u %s抓包中没有出现的数据。")
WORD(e_ack_not_timed,
     "It gives no round-trip time: everything it newly covers was sent more than once, and it "
     "cannot tell which copy it answers (Karn's rule).",
     "它不给出往返时间：它新确认的数据都发送了不止一次，无法分辨回应的是哪一份（Karn 算法）。")
PHRASE(e_answers_keepalive, (const char *, unsigned, unsigned),
       "%s answers the keep-alive in frame %u (ack %u): it is still there.",
       "%s回应第 %u 帧的保活报文（ack %u）：它还在。")
PHRASE(e_answers_zwp_closed, (const char *, unsigned),
       "%s answers the zero-window probe in frame %u: its window is still closed (win 0).",
       "%s回应第 %u 帧的零窗口探测：它的窗口仍然关闭（win 0）。")
PHRASE(e_answers_zwp_open, (const char *, unsigned, unsigned),
       "%s answers the zero-window probe in frame %u: its window has opened (win %u).",
       "%s回应第 %u 帧的零窗口探测：它的窗口已经打开（win %u）。")
PHRASE(e_answers_spurious, (const char *, unsigned, unsigned),
       "%s answers the spurious retransmission in frame %u (ack %u): it had all of it already.",
       "%s回应第 %u 帧的虚假重传（ack %u）：这些数据它早已收到。")
PHRASE(e_after_rst, (unsigned),
       "It comes after the reset in frame %u: the connection is already closed, so it changes nothing.",
       "它在第 %u 帧的复位之后到达：连接已经关闭，它不改变任何状态。")
PHRASE(e_fin, (const char *), "%s sends a FIN: it has no more data to send.", "%s发送 FIN：它没有更多数据要发送。")
PHRASE(e_rst_again, (const char *), "%s sends another RST.", "%s再次发送 RST。")
PHRASE(e_ack_beyond, (unsigned, const char *),
       "Its ack %u lies further beyond anything %s was seen sending than any TCP window reaches "
       "(2^30 bytes): no peer could send it (a corrupt or forged segment), so it is ignored.",
       "它的 ack %u 超出%s已发送的一切，超过任何 TCP 窗口所能达到的范围（2^30 字节）："
       "对方不可能发出这样的确认（损坏或伪造的报文段），因此忽略它。")
PHRASE(e_dup, (unsigned, const char *, unsigned, unsigned, unsigned),
       "Duplicate ACK %u: %s repeats the ACK of frame %u (ack %u): it still waits for byte %u, though "
       "later data may have arrived.",
       "重复确认 %u：%s重复第 %u 帧的确认（ack %u）：它仍在等待第 %u 字节，后面的数据可能已经到达。")
PHRASE(e_keepalive, (const char *, const char *),
       "A keep-alive: %s checks that %s is still there; it carries no new data.",
       "保活报文：%s检查%s是否还在；不携带新数据。")
PHRASE(e_zwp, (const char *, const char *),
       "A zero-window probe: the receive window of %s is full, so %s sends one byte to see whether it has "
       "opened.",
       "零窗口探测：%s的接收窗口已满，%s发送 1 个字节，试探窗口是否已经打开。")
PHRASE(e_zwp_empty, (const char *, const char *),
       "A zero-window probe: the receive window of %s is closed, so %s sends a segment without new data (Linux's "
       "form, at seq - 1) to draw an ACK that tells whether the window has opened.",
       "零窗口探测：%s的接收窗口已关闭，%s发送一个不带新数据的报文段（Linux 的做法，位于 seq - 1），"
       "引出一个确认，以了解窗口是否已经打开。")
PHRASE(e_refused, (unsigned),
       "The server refuses the connection with a RST: nothing listens on port %u.",
       "服务器用 RST 拒绝连接：端口 %u 上没有程序在监听。")
PHRASE(e_rst, (const char *, const char *, const char *),
       "%s resets the connection%s with a RST%s.",
       "%s%s用 RST 强制断开连接%s。")
/* index: tf_record.rst_phase */
LIST(e_rst_phase, 4)
WORD_AT(e_rst_phase, 0, "", "")
WORD_AT(e_rst_phase, 1, " during the handshake", "在握手期间")
WORD_AT(e_rst_phase, 2, " while it was established", "在连接建立后")
WORD_AT(e_rst_phase, 3, " while it was closing", "在关闭过程中")
PHRASE(e_rst_inflight, (unsigned, const char *),
       "; %u %s were still unacknowledged, so data was in flight: an abort, not a close",
       "；还有 %u %s未被确认，数据仍在传输中：这是异常中止，而不是正常关闭")
WORD(e_rst_clean, "; no data was in flight", "；没有未确认的数据")
PHRASE(e_nothing, (const char *, unsigned),
       "%s acknowledges nothing new (ack %u): a window update or a repeated ACK.",
       "%s没有确认新的数据（ack %u）：这是窗口更新或重复的确认。")
PHRASE(e_zero_window, (const char *, const char *),
       "%s advertises a zero window: its receive buffer is full (its application is not reading as fast as data "
       "arrives), so %s must stop sending new data until the window opens.",
       "%s通告零窗口：它的接收缓冲区已满（应用程序读取数据的速度赶不上数据到达的速度），"
       "%s必须停止发送新数据，直到窗口重新打开。")
PHRASE(e_win_reopened, (const char *, unsigned, unsigned, const char *),
       "%s opens its window again (%u bytes), closed since frame %u%s: its application read data and made room.",
       "%s重新打开窗口（%u 字节），窗口自第 %u 帧起关闭%s：应用程序读走了数据，腾出了空间。")
PHRASE(e_for, (const char *), " (for %s)", "（共 %s）")
PHRASE(e_win_up, (const char *, unsigned, unsigned, const char *),
       "A window update: %s acknowledges nothing new and raises its window from %u to %u bytes: its "
       "application read data, so %s may send more.",
       "窗口更新：%s没有确认新数据，并把窗口从 %u 字节增大到 %u 字节：应用程序读走了数据，%s可以发送更多数据了。")
PHRASE(e_win_down, (const char *, unsigned, unsigned),
       "A window update: %s acknowledges nothing new and lowers its window from %u to %u bytes: less room "
       "is left in its receive buffer.",
       "窗口更新：%s没有确认新数据，并把窗口从 %u 字节减小到 %u 字节：它的接收缓冲区剩余空间变少了。")
PHRASE(e_win_full, (const char *, unsigned, const char *, unsigned, const char *),
       "With it %s has %u bytes unacknowledged, all of the window %s offered (%u bytes): it can send nothing new "
       "until %s acknowledges data or opens its window.",
       "加上这个报文段，%1$s有 %2$u 字节未被确认，用满了%3$s提供的窗口（%4$u 字节）："
       "在%5$s确认数据或扩大窗口之前，它不能再发送新数据。")
PHRASE(e_win_shrunk, (const char *, unsigned, unsigned, unsigned),
       "%s shrinks its window: the right edge (ack + window) moves back by %u bytes (window %u, before %u). "
       "Either it takes back room it had offered, which RFC 9293 discourages, or this is an older ACK the capture "
       "shows late (reordered on the way).",
       "%s收缩了窗口：窗口右边界（ack + 窗口）后退了 %u 字节（窗口 %u，之前 %u）。"
       "要么它收回了已经提供的空间（RFC 9293 不建议这样做），要么这是一个较早的确认，在抓包中迟到了（途中乱序）。")
PHRASE(e_win_relieved, (const char *, unsigned, const char *),
       "This ACK gives %s room to send new data again: the window was full since frame %u%s, and for that long the "
       "sender could send nothing new (a receiver that reads slowly, or a loss that holds the ack back).",
       "这个确认让%s又可以发送新数据了：窗口自第 %u 帧起就已满%s，在这段时间里发送方不能发送新数据"
       "（接收方读取较慢，或者丢包使确认停滞不前）。")
PHRASE(e_sack, (const char *, unsigned, const char *, unsigned, const char *),
       "With SACK %s reports holding %u bytes beyond the ack%s, while %u bytes below them are still missing%s: "
       "only those need to be sent again.",
       "%1$s通过 SACK 报告已收到 ack 之后的 %2$u 字节%3$s，而它们之前还缺 %4$u 字节%5$s：只需重传缺失的部分。")
PHRASE(e_sack_span, (unsigned, unsigned), " (frames %u to %u)", "（第 %u 到 %u 帧）")
PHRASE(e_sack_one, (unsigned), " (frame %u)", "（第 %u 帧）")
PHRASE(e_sack_hole, (unsigned), ", the first of them sent in frame %u", "，其中第一段发送于第 %u 帧")
PHRASE(e_dsack, (const char *, unsigned),
       "A D-SACK (RFC 2883): %s reports bytes it received twice, so the copy in frame %u was not needed.",
       "D-SACK（RFC 2883）：%s报告有数据收到了两次，因此第 %u 帧的那一份是不必要的。")
PHRASE(e_dsack_plain, (const char *),
       "A D-SACK (RFC 2883): %s reports bytes it received twice: a copy was not needed.",
       "D-SACK（RFC 2883）：%s报告有数据收到了两次：有一份是不必要的。")
PHRASE(e_dsack_in, (unsigned),
       "A D-SACK in frame %u later shows these bytes had arrived before: this copy was not needed.",
       "第 %u 帧中的 D-SACK 后来表明这些数据早已到达：这一份是不必要的。")
WORD(e_scale_unknown,
     " (Window sizes are the raw field: the handshake, which gives the scale, is not in the capture.)",
     "（窗口大小为原始字段值：抓包中没有给出放大倍数的握手。）")
PHRASE(e_gap, (unsigned, const char *, const char *),
       "%u %s just before it never appeared in the capture: %s sent them, but they were lost before the capture "
       "point or the capture missed them.",
       "它之前的 %u %s从未出现在抓包中：%s发送过这些数据，但它们在抓包点之前丢失了，或者没有被捕获。")
PHRASE(e_gap_filled, (unsigned),
       " Frame %u carries them later: they were sent again, so they were lost on the way to the capture point.",
       "第 %u 帧后来携带了这些数据：它们被重新发送，说明是在到达抓包点之前丢失的。")
PHRASE(e_gap_acked, (const char *),
       " %s had acknowledged them already: it received them, so only the capture missed them.",
       "%s早已确认了这些数据：它收到了，只是抓包没有捕获到。")
PHRASE(e_gap_late, (unsigned),
       " Frame %u carries them later: they were delayed on the way (reordered), or lost and sent again.",
       "第 %u 帧后来携带了这些数据：它们在途中被延迟（乱序），或者丢失后又被重新发送。")
WORD(e_gap_open, " No later frame carries them.", "之后没有任何帧携带这些数据。")
PHRASE(e_fills_gap, (unsigned), "It carries bytes of the gap frame %u showed.", "它携带了第 %u 帧之前空缺的数据。")
PHRASE(e_rs_fast, (const char *, unsigned, const char *, unsigned),
       "A fast retransmission: %s had sent %u duplicate ACKs (frames %s) still asking for byte %u, the sign that "
       "this segment was lost while later ones arrived, so it is sent again without waiting for the "
       "retransmission timer (RFC 5681).",
       "快速重传：%1$s已经发送了 %2$u 个重复确认（第 %3$s 帧），仍在请求第 %4$u 字节，说明这个报文段丢失了而后面的"
       "报文段已经到达，因此不等重传计时器超时就重新发送（RFC 5681）。")
PHRASE(e_rs_sack, (unsigned, const char *),
       "A retransmission guided by SACK: the ACK in frame %u reported data above this segment as received, so "
       "%s resends what is missing (RFC 6675, RFC 8985).",
       "由 SACK 引导的重传：第 %u 帧的确认通过 SACK 块报告已收到这个报文段之后的数据，因此%s重新发送缺失的部分"
       "（RFC 6675、RFC 8985）。")
PHRASE(e_rs_recovery, (const char *),
       "A retransmission in fast recovery: the newest ACK covered only part of what was outstanding (a partial "
       "ACK), so %s resends the next missing segment at once (RFC 6582).",
       "快速恢复中的重传：最新的确认只覆盖了部分未确认的数据（部分确认），因此%s立即重新发送下一个缺失的报文段"
       "（RFC 6582）。")
PHRASE(e_rs_timeout, (const char *, const char *),
       "Nothing prompted it (no duplicate ACK, no SACK): the retransmission timer of %s expired, %s after the "
       "previous copy (RFC 6298).",
       "没有任何信号促使它重传（没有重复确认，也没有 SACK）：%s的重传计时器超时了，距上一份 %s（RFC 6298）。")
PHRASE(e_rs_timeout_plain, (const char *),
       "Nothing prompted it (no duplicate ACK, no SACK): the retransmission timer of %s expired (RFC 6298).",
       "没有任何信号促使它重传（没有重复确认，也没有 SACK）：%s的重传计时器超时了（RFC 6298）。")
PHRASE(e_rs_backoff, (unsigned, const char *),
       " This is copy %u, and the wait grew ×%s over the previous one: the timer backs off, doubling after each "
       "timeout.",
       "这是第 %u 份，等待时间是上一次的 %s 倍：计时器在每次超时后退避加倍。")
PHRASE(e_rs_tlp, (const char *, const char *),
       "Probably a tail-loss probe: %s resends its last segment %s after it, with no duplicate ACK and sooner "
       "than a retransmission timeout (at least 200 ms on Linux), to draw an ACK that shows whether the tail was "
       "lost (RFC 8985).",
       "很可能是尾部丢失探测：%s在 %s 后重新发送最后一个报文段，没有收到重复确认，而且早于重传超时（Linux 上至少 "
       "200 ms），目的是引出一个确认，看尾部数据是否丢失（RFC 8985）。")
PHRASE(e_delack, (const char *, unsigned, const char *, const char *, const char *),
       "%s acknowledges the lone segment in frame %u %s after it, %s more than the quickest round trip (%s): "
       "probably its delayed-ACK timer, which waits for a second segment or for data to send with the ACK (up to "
       "500 ms, RFC 1122; 40 to 200 ms on Linux, 200 ms on Windows).",
       "%1$s在第 %2$u 帧那个单独的报文段之后 %3$s 才确认它，比最快的往返时间（%5$s）多出 %4$s：很可能是它的"
       "延迟确认计时器在等第二个报文段或可以一起发送的数据（最多 500 ms，RFC 1122；Linux 为 40 到 200 ms，Windows "
       "约 200 ms）。")
PHRASE(e_nagle, (const char *, unsigned, unsigned, const char *),
       "%s sends this small segment only now, right after the ACK in frame %u: Nagle's algorithm (RFC 896) probably "
       "held it back while the small segment in frame %u was unacknowledged, and the receiver delayed that ACK. "
       "Together they cost up to %s: the write-write-read stall (TCP_NODELAY, or writing each request at once, "
       "avoids it).",
       "%1$s直到现在才发送这个小报文段，紧跟在第 %2$u 帧的确认之后：第 %3$u 帧的小报文段尚未被确认时，Nagle 算法"
       "（RFC 896）很可能扣住了它，而接收方又延迟了那个确认。两者加起来最多耗费了 %4$s：这就是“写-写-读”停顿（设置 "
       "TCP_NODELAY，或把每个请求一次写出，即可避免）。")
PHRASE(e_idle, (const char *, unsigned),
       "Before it nothing was outstanding either way for %s (since frame %u), as far as the capture shows: no data "
       "waited for an ACK and no window was closed, so that time was most likely the applications' (working, or "
       "waiting for a user), not TCP's; a segment lost before the capture point would leave such a silence too, "
       "until its retransmission.",
       "就抓包所见，在它之前双方都没有任何未完成的数据，长达 %1$s（自第 %2$u 帧起）：没有数据在等待确认，也没有"
       "窗口关闭，所以这段时间最可能属于应用程序（在处理或等待用户），而不是 TCP；不过，在抓包点之前丢失的报文段"
       "在重传之前也会留下这样的空白。")
/* what a SYN or SYN+ACK says about ECN (index: tf_ecn_setup - 1) */
LIST(e_ecn_setup, 5)
PHRASE_AT(e_ecn_setup, 0, (const char *),
          "%s asks for ECN with ECE and CWR on its SYN (RFC 3168): if the peer agrees, routers may then mark its "
          "packets when congested instead of dropping them.",
          "%s在 SYN 上设置 ECE 和 CWR，请求使用 ECN（RFC 3168）：如果对方同意，此后路由器在拥塞时可以标记数据包，"
          "而不是丢弃它们。")
PHRASE_AT(e_ecn_setup, 1, (const char *),
          "%s asks for Accurate ECN with AE, CWR and ECE on its SYN (RFC 9768): the receiver would count every "
          "congestion mark, not only say that there was one.",
          "%s在 SYN 上设置 AE、CWR 和 ECE，请求使用精确 ECN（RFC 9768）：接收方将统计每一个拥塞标记，而不只是告知"
          "出现过标记。")
PHRASE_AT(e_ecn_setup, 2, (const char *),
          "%s agrees to ECN with ECE alone on its SYN+ACK: both sides may send ECN-capable packets, and congestion "
          "marks will be echoed.",
          "%s在 SYN+ACK 上只设置 ECE，同意使用 ECN：双方都可以发送支持 ECN 的数据包，拥塞标记将被回显。")
PHRASE_AT(e_ecn_setup, 3, (const char *),
          "%s agrees to Accurate ECN (its SYN+ACK answers with AccECN's flags): from now on AE, CWR and ECE "
          "together count the congestion marks each side received.",
          "%s同意使用精确 ECN（SYN+ACK 以 AccECN 的标志作答）：从现在起，AE、CWR 和 ECE 合起来统计各方收到的"
          "拥塞标记。")
PHRASE_AT(e_ecn_setup, 4, (const char *),
          "%s does not agree to ECN: the connection goes on without it, and congestion shows only as loss.",
          "%s不同意使用 ECN：连接不使用 ECN，拥塞只能通过丢包体现。")
PHRASE(e_ce, (const char *),
       "A router on the way marked this packet of %s Congestion Experienced (CE in the IP header's ECN field) "
       "instead of dropping it: the receiver reports the mark back (with ECE, or in Accurate ECN's counter).",
       "途中的路由器把%s的这个数据包标记为“遭遇拥塞”（IP 头 ECN 字段为 CE），而没有丢弃它：接收方会把这个标记"
       "反馈回去（用 ECE，或计入精确 ECN 的计数器）。")
PHRASE(e_ece, (const char *, unsigned, const char *),
       "%s sets ECE: it received the congestion mark in frame %u and echoes it on every ACK until %s answers with "
       "CWR (RFC 3168).",
       "%1$s设置了 ECE：它收到了第 %2$u 帧的拥塞标记，并会在每个确认上回显，直到%3$s以 CWR 作答（RFC 3168）。")
PHRASE(e_ece_plain, (const char *, const char *),
       "%s sets ECE: it received a congestion mark (on a packet marked after the capture point, or not in the "
       "capture) and echoes it on every ACK until %s answers with CWR (RFC 3168).",
       "%s设置了 ECE：它收到了一个拥塞标记（所在的数据包在抓包点之后才被标记，或不在抓包中），并会在每个确认上"
       "回显，直到%s以 CWR 作答（RFC 3168）。")
PHRASE(e_ece_more, (const char *, unsigned, const char *),
       "%s still echoes the congestion mark (ECE since frame %u): %s has not answered with CWR yet.",
       "%1$s仍在回显拥塞标记（自第 %2$u 帧起设置 ECE）：%3$s还没有以 CWR 作答。")
PHRASE(e_cwr, (const char *, unsigned),
       "%s sets CWR: it reduced its congestion window, as it would after a loss, in answer to the ECE in frame %u; "
       "the receiver stops echoing (RFC 3168).",
       "%1$s设置了 CWR：作为对第 %2$u 帧 ECE 的回应，它像遇到丢包一样减小了拥塞窗口；接收方随即停止回显"
       "（RFC 3168）。")
PHRASE(e_ace, (const char *, unsigned, unsigned),
       "Accurate ECN: the ACE counter (AE, CWR and ECE read as one number) of %s is now %u, up by %u: it received "
       "at least that many more congestion-marked (CE) packets (the counter wraps at 8, RFC 9768).",
       "精确 ECN：%1$s的 ACE 计数器（AE、CWR、ECE 合成的数字）现在是 %2$u，增加了 %3$u：它至少又收到了这么多个"
       "带拥塞标记（CE）的数据包（计数器逢 8 回绕，RFC 9768）。")
/* ---- Where a connection's time went (its last segment's explanation) ------------ */

PHRASE(v_intro, (const char *, const char *), "This connection carried %s in %s", "这个连接在 %2$s 内传输了 %1$s")
WORD(v_none, ": too little time between its segments to tell where the time went.",
     "：报文段之间几乎没有时间间隔，无法判断时间花在了哪里。")
PHRASE(v_handshake, (const char *, unsigned),
       "; %s (%u %%) went to the handshake: a SYN or SYN+ACK was sent again, answered slowly, or never answered.",
       "；其中 %s（%u%%）花在握手上：SYN 或 SYN+ACK 被重发、应答很慢，或始终没有应答。")
PHRASE(v_network, (const char *, unsigned, const char *),
       "; for %s (%u %%) %s's data was in flight with the window open: the network path (its bandwidth and round "
       "trip) was the limit.",
       "；其中 %1$s（%2$u%%）%3$s的数据在途且窗口敞开：瓶颈是网络路径（带宽和往返时间）。")
PHRASE(v_receiver, (const char *, unsigned, const char *, const char *),
       "; for %s (%u %%) %s waited because %s's receive window was full or zero: the receiving application read "
       "slowly.",
       "；其中 %1$s（%2$u%%）%3$s在等待，因为%4$s的接收窗口已满或为零：接收方的应用程序读得太慢。")
PHRASE(v_loss_timeout, (const char *, unsigned, const char *, unsigned),
       "; %s (%u %%) went to recovering %s's lost data, most of it waiting for the retransmission timer "
       "(timeouts: %u) and recovering after it.",
       "；其中 %1$s（%2$u%%）花在恢复%3$s丢失的数据上，大部分是在等待重传计时器（超时 %4$u 次）以及超时后的恢复。")
PHRASE(v_loss_fast, (const char *, unsigned, const char *, unsigned),
       "; %s (%u %%) went to recovering %s's lost data by fast retransmission (fast recoveries: %u).",
       "；其中 %1$s（%2$u%%）花在通过快速重传恢复%3$s丢失的数据上（共 %4$u 次恢复）。")
PHRASE(v_stalls, (const char *, unsigned, const char *),
       "; %s (%u %%) went to delayed-ACK and Nagle stalls of %s's small writes: TCP_NODELAY, or writing each "
       "message at once, avoids them.",
       "；其中 %1$s（%2$u%%）花在%3$s小块写入引起的延迟确认和 Nagle 停顿上：设置 TCP_NODELAY，或把每条消息一次"
       "写出，即可避免。")
PHRASE(v_idle, (const char *, unsigned),
       "; for %s (%u %%) nothing was outstanding either way: the applications were working or waiting (think "
       "time), not TCP.",
       "；其中 %s（%u%%）双方都没有未完成的数据：时间属于应用程序（在处理或等待），而不是 TCP。")
PHRASE(v_teardown, (const char *, unsigned),
       "; %s (%u %%) went to closing the connection after the last data: a side waited for the other's FIN (its "
       "application had not closed yet) or for the last ACK, or segments came after a reset.",
       "；最后的数据之后，其中 %s（%u%%）花在关闭连接（挥手）上：一方在等待另一方的 FIN（对方的应用程序还没有"
       "关闭连接）或最后的确认，或者是复位之后仍有报文段到来。")
WORD(e_inferred,
     " (No SYN of this connection was captured: client and server were inferred.)",
     "（抓包中没有这个连接的 SYN：客户端和服务器是推断出来的。）")
WORD(e_incomplete, " This SYN never led to an established connection in this capture.", "这个 SYN 在本次抓包中始终没有建立起连接。")

/* ---- The ladder diagram (-z tcpflow,ladder) ---------------------------------- */

PHRASE(l_heading, (unsigned, const char *, const char *),
       "stream %u: the client %s on the left, the server %s on the right",
       "流 %u：左边是客户端 %s，右边是服务器 %s")
WORD(l_columns, " frame    time (s)", "   帧    时间 (s)")

#undef WORD
#undef PHRASE
#undef LIST
#undef WORD_AT
#undef PHRASE_AT
