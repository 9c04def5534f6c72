/* dissectors.c — the list of every dissector; one line per protocol.
 * dissector_frame must stay first: dissect_packet() starts there. */
#include "../engine/dissector.h"

extern const struct dissector dissector_frame, dissector_eth, dissector_ip,
	dissector_udp;
extern const struct dissector dissector_arp, dissector_vlan, dissector_ieee8021ad;
extern const struct dissector dissector_sll, dissector_sll2;
extern const struct dissector dissector_null, dissector_loop, dissector_raw;
extern const struct dissector dissector_ipv6;
extern const struct dissector dissector_icmp, dissector_icmpv6;
extern const struct dissector dissector_gre, dissector_vxlan, dissector_geneve;
extern const struct dissector dissector_gtp, dissector_teredo, dissector_mpls;
extern const struct dissector dissector_pppoes, dissector_pppoed, dissector_ppp;
extern const struct dissector dissector_ppp_hdlc, dissector_ppp_link, dissector_lcp;
extern const struct dissector dissector_vntag, dissector_llc, dissector_loop_ctp;
extern const struct dissector dissector_cmd;
extern const struct dissector dissector_stp, dissector_cdp, dissector_dtp;
extern const struct dissector dissector_dns;
extern const struct dissector dissector_ftp, dissector_ftp_data, dissector_text_lines;
extern const struct dissector dissector_smtp;
extern const struct dissector dissector_http, dissector_media;
extern const struct dissector dissector_tls;
extern const struct dissector dissector_quic;
extern const struct dissector dissector_dhcp;
extern const struct dissector dissector_ntp;
extern const struct dissector dissector_sctp;
extern const struct dissector dissector_tcp;

const struct dissector *const dissector_list[] = {
	&dissector_frame,
	&dissector_eth,
	&dissector_ip,
	&dissector_udp,
	&dissector_arp,
	&dissector_vlan,
	&dissector_ieee8021ad,
	&dissector_sll,
	&dissector_sll2,
	&dissector_null,
	&dissector_loop,
	&dissector_raw,
	&dissector_ipv6,
	&dissector_icmp,
	&dissector_icmpv6,
	&dissector_gre,
	&dissector_vxlan,
	&dissector_geneve,
	&dissector_gtp,
	&dissector_teredo,
	&dissector_mpls,
	&dissector_pppoes,
	&dissector_pppoed,
	&dissector_ppp,
	&dissector_ppp_hdlc,
	&dissector_ppp_link,
	&dissector_lcp,
	&dissector_vntag,
	&dissector_llc,
	&dissector_loop_ctp,
	&dissector_cmd,
	&dissector_stp,
	&dissector_cdp,
	&dissector_dtp,
	&dissector_dns,
	&dissector_ftp,
	&dissector_ftp_data,
	&dissector_text_lines,
	&dissector_smtp,
	&dissector_http,
	&dissector_media,
	&dissector_tls,
	&dissector_quic,
	&dissector_dhcp,
	&dissector_ntp,
	&dissector_sctp,
	&dissector_tcp,
	NULL,
};
