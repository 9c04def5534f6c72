/* dissectors.c — the list of every dissector; one line per protocol.
 * dissector_frame must stay first: dissect_packet() starts there. */
#include "../engine/dissector.h"

extern const struct dissector dissector_frame, dissector_eth, dissector_ip,
	dissector_udp;

const struct dissector *const dissector_list[] = {
	&dissector_frame,
	&dissector_eth,
	&dissector_ip,
	&dissector_udp,
	NULL,
};
