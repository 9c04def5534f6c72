/* frame.c — the frame pseudo-protocol: capture metadata (frame.*), then the
 * link-layer dissector chosen by the interface's LINKTYPE. Wireshark's
 * packet-frame.c field names. */
#include "../engine/dissector.h"
#include "../engine/fvalue.h"
#include "../engine/tap.h"
#include "../io/source.h"

#include <stdio.h>
#include <string.h>

static const struct tok encap_names[] = {
	{ 1, "Ethernet" }, { 7, "Raw IP" }, { 15, "NULL/Loopback" },
	{ 25, "Linux cooked-mode capture v1" }, { 210, "Linux cooked-mode capture v2" },
	{ 4, "PPP" }, { 0, NULL },
};

static struct field hf_frame = { "frame", "Frame", FT_PROTOCOL, BASE_NONE, 0, 0, NULL, 0, false, NULL };
static struct field hf_iface = { "frame.interface_id", "Interface id", FT_UINT32, BASE_DEC, 0, 0, NULL, 0, false, NULL };
static struct field hf_encap = { "frame.encap_type", "Encapsulation type", FT_INT16, BASE_DEC, 0, 0, encap_names, 0, false, NULL };
static struct field hf_time = { "frame.time", "Arrival Time", FT_ABSOLUTE_TIME, BASE_TIME_LOCAL, 0, 0, NULL, 0, false, NULL };
static struct field hf_time_utc = { "frame.time_utc", "UTC Arrival Time", FT_ABSOLUTE_TIME, BASE_TIME_UTC, FF_HIDDEN, 0, NULL, 0, false, NULL };
/* Wireshark's --time-shift offset; tapir shifts nothing, so it is 0. */
static struct field hf_shift = { "frame.offset_shift", "Time shift for this packet", FT_RELATIVE_TIME, BASE_NONE, FF_GENERATED, 0, NULL, 0, false, NULL };
static struct field hf_time_epoch = { "frame.time_epoch", "Epoch Time", FT_ABSOLUTE_TIME, BASE_TIME_UNIX, 0, 0, NULL, 0, false, NULL };
static struct field hf_time_delta = { "frame.time_delta", "Time delta from previous captured frame", FT_RELATIVE_TIME, BASE_NONE, FF_GENERATED, 0, NULL, 0, false, NULL };
static struct field hf_time_delta_disp = { "frame.time_delta_displayed", "Time delta from previous displayed frame", FT_RELATIVE_TIME, BASE_NONE, FF_GENERATED, 0, NULL, 0, false, NULL };
static struct field hf_time_rel = { "frame.time_relative", "Time since reference or first frame", FT_RELATIVE_TIME, BASE_NONE, FF_GENERATED, 0, NULL, 0, false, NULL };
static struct field hf_number = { "frame.number", "Frame Number", FT_UINT32, BASE_DEC, 0, 0, NULL, 0, false, NULL };
static struct field hf_len = { "frame.len", "Frame Length", FT_UINT32, BASE_DEC, 0, 0, NULL, 0, false, NULL };
static struct field hf_cap_len = { "frame.cap_len", "Capture Length", FT_UINT32, BASE_DEC, 0, 0, NULL, 0, false, NULL };
static struct field hf_marked = { "frame.marked", "Frame is marked", FT_BOOLEAN, BASE_NONE, FF_GENERATED, 0, NULL, 0, false, NULL };
static struct field hf_ignored = { "frame.ignored", "Frame is ignored", FT_BOOLEAN, BASE_NONE, FF_GENERATED, 0, NULL, 0, false, NULL };
static struct field hf_protocols = { "frame.protocols", "Protocols in frame", FT_STRING, BASE_NONE, FF_GENERATED, 0, NULL, 0, false, NULL };
static struct field hf_comment = { "frame.comment", "Comment", FT_STRING, BASE_NONE, 0, 0, NULL, 0, false, NULL };
static struct field hf_section = { "frame.section_number", "Section number", FT_UINT32, BASE_DEC, 0, 0, NULL, 0, false, NULL };
static struct field hf_if_name = { "frame.interface_name", "Interface name", FT_STRING, BASE_NONE, 0, 0, NULL, 0, false, NULL };
static struct field hf_if_desc = { "frame.interface_description", "Interface description", FT_STRING, BASE_NONE, 0, 0, NULL, 0, false, NULL };
/* The "Packet comments" tree tshark shows above the frame. */
static struct field hf_pkt_comment = { "pkt_comment", "Packet comments", FT_PROTOCOL, BASE_NONE, 0, 0, NULL, 0, false, NULL };
static struct expert_field ei_comment = {
	{ "frame.comment.expert", "Formatted comment", FT_NONE, BASE_NONE, 0, 0, NULL, 0, false, NULL },
	PI_COMMENTS_GROUP, PI_COMMENT,
};

static struct field *const fields[] = {
	&hf_frame, &hf_iface, &hf_encap, &hf_time, &hf_time_utc, &hf_shift, &hf_time_epoch,
	&hf_time_delta, &hf_time_delta_disp, &hf_time_rel, &hf_number, &hf_len,
	&hf_cap_len, &hf_marked, &hf_ignored, &hf_protocols, &hf_comment,
	&hf_section, &hf_if_name, &hf_if_desc, &hf_pkt_comment, NULL,
};

static struct expert_field *const experts[] = { &ei_comment, NULL };

/* Wireshark's WTAP_ENCAP_* for the LINKTYPEs we know (frame.encap_type). */
static int encap_of(uint32_t lt)
{
	switch (lt) {
	case LINKTYPE_ETHERNET: return 1;
	case LINKTYPE_RAW: case LINKTYPE_IPV4: return 7;
	case LINKTYPE_IPV6: return 130; /* WTAP_ENCAP_RAW_IP6 */
	case LINKTYPE_NULL: return 15;
	case LINKTYPE_LOOP: return 26;
	case LINKTYPE_LINUX_SLL: return 25;
	case LINKTYPE_LINUX_SLL2: return 210;
	case LINKTYPE_PPP: return 4;
	case LINKTYPE_PPP_HDLC: return 4; /* tshark maps it to WTAP_ENCAP_PPP */
	case LINKTYPE_IEEE802_11: return 20;
	case LINKTYPE_IEEE802_11_RADIOTAP: return 23;
	default: return 0;
	}
}

static int dissect_frame(struct packet *pk, struct bv *bv, void *data)
{
	(void)data;
	/* A pcapng packet comment: its own top-level tree before the frame,
	 * with a Comment expert (-z expert lists it under "Frame"); not a
	 * layer of frame.protocols. */
	if (pk->comment) {
		uint32_t n = (uint32_t)strlen(pk->comment);
		pk_add_none(pk, &hf_pkt_comment, NULL, 0, 0);
		pk_push(pk);
		struct item *ci = pk_add_bytes(pk, &hf_comment, NULL, 0, 0,
					       (const uint8_t *)pk->comment, n);
		lbl_text(pk, ci, "%s", pk->comment);
		pk_push(pk);
		pk_expert(pk, &ei_comment, "Frame", NULL, 0, 0, "%s", pk->comment);
		pk_pop(pk);
		pk_pop(pk);
	}
	struct item *fr = pk_layer_begin(pk, "frame", &hf_frame, bv, 0, bv->len);
	if (pk->custom_block)
		/* tshark goes on with ", PEN <enterprise> (<number>), copying
		 * (not) allowed", which the reader does not hand over. */
		lbl_text(pk, fr,
			     "PCAPNG Custom Block %llu: %u bytes (%u bits) of custom data and options",
			     (unsigned long long)pk->num, pk->caplen, pk->caplen * 8);
	else if (pk->pcapng)
		lbl_text(pk, fr,
			     "Frame %llu: %u bytes on wire (%u bits), %u bytes captured (%u bits) on interface %s, id %u",
			     (unsigned long long)pk->num, pk->len, pk->len * 8,
			     pk->caplen, pk->caplen * 8,
			     pk->ifname && pk->ifname[0] ? pk->ifname : "unknown", pk->ifid);
	else
		lbl_text(pk, fr,
			     "Frame %llu: %u bytes on wire (%u bits), %u bytes captured (%u bits)",
			     (unsigned long long)pk->num, pk->len, pk->len * 8,
			     pk->caplen, pk->caplen * 8);
	/* tshark shows the section and interface only for pcapng files; a
	 * nameless interface is "unknown". */
	if (pk->pcapng && !pk->custom_block) {
		const char *ifn = pk->ifname && pk->ifname[0] ? pk->ifname : "unknown";
		pk_add_uint(pk, &hf_section, NULL, 0, 0, pk->section);
		struct item *ii = pk_add_uint(pk, &hf_iface, NULL, 0, 0, pk->ifid);
		lbl_text(pk, ii, "Interface id: %u (%s)", pk->ifid, ifn);
		pk_push(pk);
		pk_add_bytes(pk, &hf_if_name, NULL, 0, 0, (const uint8_t *)ifn,
			     (uint32_t)strlen(ifn));
		if (pk->ifdesc && pk->ifdesc[0])
			pk_add_bytes(pk, &hf_if_desc, NULL, 0, 0,
				     (const uint8_t *)pk->ifdesc,
				     (uint32_t)strlen(pk->ifdesc));
		pk_pop(pk);
	}
	if (!pk->custom_block)
		pk_add_int(pk, &hf_encap, NULL, 0, 0, encap_of(pk->linktype));
	if (!pk->no_ts) {
		pk_add_time(pk, &hf_time, NULL, 0, 0, pk->ts);
		pk_add_time(pk, &hf_time_utc, NULL, 0, 0, pk->ts);
		pk_add_time(pk, &hf_shift, NULL, 0, 0, 0);
		pk_add_time(pk, &hf_time_epoch, NULL, 0, 0, pk->ts);
		pk_add_time(pk, &hf_time_delta, NULL, 0, 0,
			    pk->num > 1 ? pk->ts - pk->ts_prev_cap : 0);
		pk_add_time(pk, &hf_time_delta_disp, NULL, 0, 0,
			    pk->num > 1 ? pk->ts - pk->ts_prev_disp : 0);
		pk_add_time(pk, &hf_time_rel, NULL, 0, 0, pk->ts - pk->ts_first);
	}
	pk_add_uint(pk, &hf_number, NULL, 0, 0, pk->num);
	struct item *it = pk_add_uint(pk, &hf_len, NULL, 0, 0, pk->len);
	lbl_text(pk, it, "Frame Length: %u bytes (%u bits)", pk->len,
		     pk->len * 8);
	it = pk_add_uint(pk, &hf_cap_len, NULL, 0, 0, pk->caplen);
	lbl_text(pk, it, "Capture Length: %u bytes (%u bits)", pk->caplen,
		     pk->caplen * 8);
	pk_add_uint(pk, &hf_marked, NULL, 0, 0, 0);
	pk_add_uint(pk, &hf_ignored, NULL, 0, 0, 0);
	struct item *pit = pk_add_bytes(pk, &hf_protocols, NULL, 0, 0,
				       (const uint8_t *)pk->protos, 0);
	if (pit)
		pk->protos_idx = (uint32_t)(pit - pk->items) + 1;
	pk_layer_end(pk);
	/* frame.protocols does not list "frame" itself. */
	pk->protos_len = 0;
	pk->protos[0] = '\0';
	pk->nlayers = 0;

	int r = dissect_table(pk, DT_LINKTYPE, pk->linktype, bv, NULL);
	if (r < 0)
		dissect_data(pk, bv);
	/* The "frame" tap (no payload: listeners read pk), queued after the
	 * whole frame as Wireshark's packet-frame.c does. */
	static int frame_tap;
	tap_queue_named(&frame_tap, "frame", pk, NULL);
	return (int)bv->len;
}

const struct dissector dissector_frame = {
	.name = "frame",
	.long_name = "Frame",
	.fields = fields,
	.experts = experts,
	.dissect = dissect_frame,
};
