/* dns.c — Domain Name System (RFC 1034/1035), EDNS(0) (RFC 6891), SVCB/HTTPS
 * (RFC 9460), multicast DNS (RFC 6762, udp 5353) and LLMNR (RFC 4795, udp
 * 5355). Over TCP (RFC 7766) each message has a 2-byte length prefix.
 * Request/response matching follows tshark: per conversation and id. */
#include "../core/alloc.h"
#include "../engine/dissector.h"
#include "../engine/tap.h"
#include "dns.h"
#include "tcp.h"

#include <stdio.h>
#include <string.h>

static const struct tok type_short[] = {
	{ 1, "A" }, { 2, "NS" }, { 3, "MD" }, { 4, "MF" }, { 5, "CNAME" },
	{ 6, "SOA" }, { 7, "MB" }, { 8, "MG" }, { 9, "MR" }, { 10, "NULL" },
	{ 11, "WKS" }, { 12, "PTR" }, { 13, "HINFO" }, { 14, "MINFO" },
	{ 15, "MX" }, { 16, "TXT" }, { 17, "RP" }, { 18, "AFSDB" },
	{ 24, "SIG" }, { 25, "KEY" }, { 28, "AAAA" }, { 29, "LOC" },
	{ 33, "SRV" }, { 35, "NAPTR" }, { 36, "KX" }, { 37, "CERT" },
	{ 39, "DNAME" }, { 41, "OPT" }, { 43, "DS" }, { 44, "SSHFP" },
	{ 46, "RRSIG" }, { 47, "NSEC" }, { 48, "DNSKEY" }, { 49, "DHCID" },
	{ 50, "NSEC3" }, { 51, "NSEC3PARAM" }, { 52, "TLSA" }, { 59, "CDS" },
	{ 60, "CDNSKEY" }, { 64, "SVCB" }, { 65, "HTTPS" }, { 99, "SPF" },
	{ 249, "TKEY" }, { 250, "TSIG" }, { 251, "IXFR" }, { 252, "AXFR" },
	{ 253, "MAILB" }, { 254, "MAILA" }, { 255, "ANY" }, { 256, "URI" },
	{ 257, "CAA" }, { 0, NULL },
};

/* Descriptions shown by -V ("A (Host Address) (1)"). */
const struct tok dns_type_desc[] = {
	{ 1, "A (Host Address)" }, { 2, "NS (authoritative Name Server)" },
	{ 5, "CNAME (Canonical NAME for an alias)" },
	{ 6, "SOA (Start Of a zone of Authority)" },
	{ 12, "PTR (domain name PoinTeR)" }, { 13, "HINFO (host information)" },
	{ 15, "MX (Mail eXchange)" }, { 16, "TXT (Text strings)" },
	{ 28, "AAAA (IPv6 Address)" }, { 33, "SRV (Server Selection)" },
	{ 41, "OPT" }, { 46, "RRSIG" }, { 47, "NSEC (Next Secure)" },
	{ 64, "SVCB (General Purpose Service Endpoints)" },
	{ 65, "HTTPS (HTTPS Specific Service Endpoints)" },
	{ 255, "* (A request for all records the server/cache has available)" },
	{ 0, NULL },
};

const struct tok dns_class_vals[] = {
	{ 1, "IN" }, { 2, "CS" }, { 3, "CH" }, { 4, "HS" }, { 254, "NONE" },
	{ 255, "ANY" }, { 0, NULL },
};

const struct tok dns_opcode_vals[] = {
	{ 0, "Standard query" }, { 1, "Inverse query" },
	{ 2, "Server status request" }, { 4, "Zone change notification" },
	{ 5, "Dynamic update" }, { 6, "DNS Stateful operations (DSO)" },
	{ 0, NULL },
};

const struct tok dns_rcode_vals[] = {
	{ 0, "No error" }, { 1, "Format error" }, { 2, "Server failure" },
	{ 3, "No such name" }, { 4, "Not implemented" }, { 5, "Refused" },
	{ 6, "Name exists" }, { 7, "RRset exists" }, { 8, "RRset does not exist" },
	{ 9, "Not authoritative" }, { 10, "Name out of zone" },
	{ 11, "DSO-Type not implemented" }, { 16, "Bad OPT Version or TSIG Signature Failure" },
	{ 17, "Key not recognized" }, { 18, "Signature out of time window" },
	{ 19, "Bad TKEY mode" }, { 20, "Duplicate key name" },
	{ 21, "Algorithm not supported" }, { 22, "Bad truncation" },
	{ 23, "Bad/missing Server Cookie" }, { 0, NULL },
};

static const struct tok edns_opt_vals[] = {
	{ 1, "LLQ - Long-lived query" }, { 2, "UL - Update lease" },
	{ 3, "NSID - Name Server Identifier" }, { 4, "Owner (reserved)" },
	{ 5, "DAU - DNSSEC Algorithm Understood (RFC6975)" },
	{ 6, "DHU - DS Hash Understood (RFC6975)" },
	{ 7, "N3U - NSEC3 Hash Understood (RFC6975)" },
	{ 8, "CSUBNET - Client subnet" }, { 9, "EDNS EXPIRE (RFC7314)" },
	{ 10, "COOKIE" }, { 11, "EDNS TCP Keepalive" }, { 12, "PADDING" },
	{ 13, "CHAIN" }, { 14, "EDNS Key Tag" }, { 15, "Extended DNS Error" },
	{ 0, NULL },
};

static const struct tok svcb_key_vals[] = {
	{ 0, "mandatory" }, { 1, "alpn" }, { 2, "no-default-alpn" },
	{ 3, "port" }, { 4, "ipv4hint" }, { 5, "ech" }, { 6, "ipv6hint" },
	{ 32769, "odoh" }, { 65535, "key65535" }, { 0, NULL },
};

static const struct tok tf_response[] = { { 0, "Message is a query" }, { 1, "Message is a response" }, { 0, NULL } };
static const struct tok tf_auth[] = { { 0, "Server is not an authority for domain" }, { 1, "Server is an authority for domain" }, { 0, NULL } };
static const struct tok tf_trunc[] = { { 0, "Message is not truncated" }, { 1, "Message is truncated" }, { 0, NULL } };
static const struct tok tf_rd[] = { { 0, "Don't do query recursively" }, { 1, "Do query recursively" }, { 0, NULL } };
static const struct tok tf_ra[] = { { 0, "Server can't do recursive queries" }, { 1, "Server can do recursive queries" }, { 0, NULL } };
static const struct tok tf_z[] = { { 0, "reserved (0)" }, { 1, "reserved - incorrect!" }, { 0, NULL } };
static const struct tok tf_authn[] = { { 0, "Answer/authority portion was not authenticated by the server" }, { 1, "Answer/authority portion was authenticated by the server" }, { 0, NULL } };
static const struct tok tf_ad[] = { { 0, "Not set" }, { 1, "Set" }, { 0, NULL } };
static const struct tok tf_cd[] = { { 0, "Unacceptable" }, { 1, "Acceptable" }, { 0, NULL } };
static const struct tok tf_conflict_q[] = { { 0, "None" }, { 1, "The sender received multiple responses" }, { 0, NULL } };
static const struct tok tf_conflict_r[] = { { 0, "The name is considered unique" }, { 1, "The name is not considered unique" }, { 0, NULL } };
static const struct tok tf_tentative[] = { { 0, "Not tentative" }, { 1, "Tentative" }, { 0, NULL } };
static const struct tok tf_do[] = { { 0, "Cannot handle DNSSEC security RRs" }, { 1, "Accepts DNSSEC security RRs" }, { 0, NULL } };

#define F(var, abbrev, name, type, base, flags, mask, vals) \
	static struct field var = { abbrev, name, type, base, flags, mask, vals, 0, false, NULL }

F(hf_dns, "dns", "Domain Name System", FT_PROTOCOL, BASE_NONE, 0, 0, NULL);
F(hf_mdns, "mdns", "Multicast Domain Name System", FT_PROTOCOL, BASE_NONE, 0, 0, NULL);
F(hf_llmnr, "llmnr", "Link-local Multicast Name Resolution", FT_PROTOCOL, BASE_NONE, 0, 0, NULL);
F(hf_length, "dns.length", "Length", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_id, "dns.id", "Transaction ID", FT_UINT16, BASE_HEX, 0, 0, NULL);
F(hf_flags, "dns.flags", "Flags", FT_UINT16, BASE_HEX, 0, 0, NULL);
F(hf_fl_response, "dns.flags.response", "Response", FT_BOOLEAN, BASE_BOOL_16, 0, 0x8000, tf_response);
F(hf_fl_opcode, "dns.flags.opcode", "Opcode", FT_UINT16, BASE_DEC, 0, 0x7800, dns_opcode_vals);
F(hf_fl_auth, "dns.flags.authoritative", "Authoritative", FT_BOOLEAN, BASE_BOOL_16, 0, 0x0400, tf_auth);
F(hf_fl_conflict_q, "dns.flags.conflict", "Conflict", FT_BOOLEAN, BASE_BOOL_16, 0, 0x0400, tf_conflict_q);
F(hf_fl_conflict_r, "dns.flags.conflict", "Conflict", FT_BOOLEAN, BASE_BOOL_16, 0, 0x0400, tf_conflict_r);
F(hf_fl_trunc, "dns.flags.truncated", "Truncated", FT_BOOLEAN, BASE_BOOL_16, 0, 0x0200, tf_trunc);
F(hf_fl_rd, "dns.flags.recdesired", "Recursion desired", FT_BOOLEAN, BASE_BOOL_16, 0, 0x0100, tf_rd);
F(hf_fl_tentative, "dns.flags.tentative", "Tentative", FT_BOOLEAN, BASE_BOOL_16, 0, 0x0100, tf_tentative);
F(hf_fl_ra, "dns.flags.recavail", "Recursion available", FT_BOOLEAN, BASE_BOOL_16, 0, 0x0080, tf_ra);
F(hf_fl_z, "dns.flags.z", "Z", FT_BOOLEAN, BASE_BOOL_16, 0, 0x0040, tf_z);
F(hf_fl_authn, "dns.flags.authenticated", "Answer authenticated", FT_BOOLEAN, BASE_BOOL_16, 0, 0x0020, tf_authn);
F(hf_fl_ad, "dns.flags.authenticated", "AD bit", FT_BOOLEAN, BASE_BOOL_16, 0, 0x0020, tf_ad);
F(hf_fl_cd, "dns.flags.checkdisable", "Non-authenticated data", FT_BOOLEAN, BASE_BOOL_16, 0, 0x0010, tf_cd);
F(hf_fl_rcode, "dns.flags.rcode", "Reply code", FT_UINT16, BASE_DEC, 0, 0x000f, dns_rcode_vals);
F(hf_cnt_q, "dns.count.queries", "Questions", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_cnt_zones, "dns.count.zones", "Zones", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_cnt_ans, "dns.count.answers", "Answer RRs", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_cnt_prereq, "dns.count.prerequisites", "Prerequisites", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_cnt_auth, "dns.count.auth_rr", "Authority RRs", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_cnt_upd, "dns.count.updates", "Updates", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_cnt_add, "dns.count.add_rr", "Additional RRs", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_qry_name, "dns.qry.name", "Name", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_qry_name_len, "dns.qry.name.len", "Name Length", FT_UINT16, BASE_DEC, FF_GENERATED, 0, NULL);
F(hf_cnt_labels, "dns.count.labels", "Label Count", FT_UINT16, BASE_DEC, FF_GENERATED, 0, NULL);
F(hf_qry_type, "dns.qry.type", "Type", FT_UINT16, BASE_DEC, 0, 0, dns_type_desc);
F(hf_qry_class, "dns.qry.class", "Class", FT_UINT16, BASE_HEX, 0, 0, dns_class_vals);
F(hf_qry_class_m, "dns.qry.class", "Class", FT_UINT16, BASE_HEX, 0, 0x7fff, dns_class_vals);
F(hf_qry_qu, "dns.qry.qu", "\"QU\" question", FT_BOOLEAN, BASE_BOOL_16, 0, 0x8000, NULL);
F(hf_rr_name, "dns.resp.name", "Name", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_rr_type, "dns.resp.type", "Type", FT_UINT16, BASE_DEC, 0, 0, dns_type_desc);
F(hf_rr_class, "dns.resp.class", "Class", FT_UINT16, BASE_HEX, 0, 0, dns_class_vals);
F(hf_rr_class_m, "dns.resp.class", "Class", FT_UINT16, BASE_HEX, 0, 0x7fff, dns_class_vals);
F(hf_rr_flush, "dns.resp.cache_flush", "Cache flush", FT_BOOLEAN, BASE_BOOL_16, 0, 0x8000, NULL);
F(hf_rr_ttl, "dns.resp.ttl", "Time to live", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_rr_len, "dns.resp.len", "Data length", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_a, "dns.a", "Address", FT_IPv4, BASE_NONE, 0, 0, NULL);
F(hf_aaaa, "dns.aaaa", "AAAA Address", FT_IPv6, BASE_NONE, 0, 0, NULL);
F(hf_ns, "dns.ns", "Name Server", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_cname, "dns.cname", "CNAME", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_ptr, "dns.ptr.domain_name", "Domain Name", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_dname, "dns.dname", "Dname", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_mx_pref, "dns.mx.preference", "Preference", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_mx_name, "dns.mx.mail_exchange", "Mail Exchange", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_txt_len, "dns.txt.length", "TXT Length", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_txt, "dns.txt", "TXT", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_soa_mname, "dns.soa.mname", "Primary name server", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_soa_rname, "dns.soa.rname", "Responsible authority's mailbox", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_soa_serial, "dns.soa.serial_number", "Serial Number", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_soa_refresh, "dns.soa.refresh_interval", "Refresh Interval", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_soa_retry, "dns.soa.retry_interval", "Retry Interval", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_soa_expire, "dns.soa.expire_limit", "Expire limit", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_soa_minimum, "dns.soa.minimum_ttl", "Minimum TTL", FT_UINT32, BASE_DEC, 0, 0, NULL);
F(hf_srv_service, "dns.srv.service", "Service", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_srv_proto, "dns.srv.proto", "Protocol", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_srv_name, "dns.srv.name", "Name", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_srv_prio, "dns.srv.priority", "Priority", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_srv_weight, "dns.srv.weight", "Weight", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_srv_port, "dns.srv.port", "Port", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_srv_target, "dns.srv.target", "Target", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_nsec_next, "dns.nsec.next_domain_name", "Next Domain Name", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_data, "dns.data", "Data", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_opt_udp, "dns.rr.udp_payload_size", "UDP payload size", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_opt_ercode, "dns.resp.ext_rcode", "Higher bits in extended RCODE", FT_UINT8, BASE_HEX, 0, 0, NULL);
F(hf_opt_ver, "dns.resp.edns0_version", "EDNS0 version", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_opt_z, "dns.resp.z", "Z", FT_UINT16, BASE_HEX, 0, 0, NULL);
F(hf_opt_z_do, "dns.resp.z.do", "DO bit", FT_BOOLEAN, BASE_BOOL_16, 0, 0x8000, tf_do);
F(hf_opt_z_res, "dns.resp.z.reserved", "Reserved", FT_UINT16, BASE_HEX, 0, 0x7fff, NULL);
F(hf_opt, "dns.opt", "Option", FT_NONE, BASE_NONE, 0, 0, NULL);
F(hf_opt_code, "dns.opt.code", "Option Code", FT_UINT16, BASE_DEC, 0, 0, edns_opt_vals);
F(hf_opt_len, "dns.opt.len", "Option Length", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_opt_data, "dns.opt.data", "Option Data", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_opt_cookie_c, "dns.opt.cookie.client", "Client Cookie", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_opt_cookie_s, "dns.opt.cookie.server", "Server Cookie", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_opt_padding, "dns.opt.padding", "Padding", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_opt_cl_family, "dns.opt.client.family", "Family", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_opt_cl_netmask, "dns.opt.client.netmask", "Source Netmask", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_opt_cl_scope, "dns.opt.client.scope", "Scope Netmask", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_opt_cl_addr4, "dns.opt.client.addr4", "Client Subnet", FT_IPv4, BASE_NONE, 0, 0, NULL);
F(hf_opt_cl_addr6, "dns.opt.client.addr6", "Client Subnet", FT_IPv6, BASE_NONE, 0, 0, NULL);
F(hf_opt_cl_addr, "dns.opt.client.addr", "Client Subnet", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_svcb_prio, "dns.svcb.svcpriority", "SvcPriority", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_svcb_target, "dns.svcb.targetname", "TargetName", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_svcb_param, "dns.svcb.svcparam", "SvcParam", FT_NONE, BASE_NONE, 0, 0, NULL);
F(hf_svcb_key, "dns.svcb.svcparam.key", "SvcParamKey", FT_UINT16, BASE_DEC, 0, 0, svcb_key_vals);
F(hf_svcb_vlen, "dns.svcb.svcparam.value.length", "SvcParamValue length", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_svcb_value, "dns.svcb.svcparam.value", "SvcParamValue", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_svcb_mand, "dns.svcb.svcparam.mandatory.key", "Mandatory key", FT_UINT16, BASE_DEC, 0, 0, svcb_key_vals);
F(hf_svcb_alpn_len, "dns.svcb.svcparam.alpn.length", "ALPN length", FT_UINT8, BASE_DEC, 0, 0, NULL);
F(hf_svcb_alpn, "dns.svcb.svcparam.alpn", "ALPN", FT_STRING, BASE_NONE, 0, 0, NULL);
F(hf_svcb_port, "dns.svcb.svcparam.port", "Port", FT_UINT16, BASE_DEC, 0, 0, NULL);
F(hf_svcb_v4, "dns.svcb.svcparam.ipv4hint.ip", "IP", FT_IPv4, BASE_NONE, 0, 0, NULL);
F(hf_svcb_ech, "dns.svcb.svcparam.echconfig", "ECHConfig", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_svcb_v6, "dns.svcb.svcparam.ipv6hint.ip", "IP", FT_IPv6, BASE_NONE, 0, 0, NULL);
F(hf_response_in, "dns.response_in", "Response In", FT_FRAMENUM, BASE_NONE, FF_GENERATED, 0, NULL);
F(hf_response_to, "dns.response_to", "Request In", FT_FRAMENUM, BASE_NONE, FF_GENERATED, 0, NULL);
F(hf_time, "dns.time", "Time", FT_RELATIVE_TIME, BASE_NONE, FF_GENERATED, 0, NULL);
F(hf_retrans, "dns.retransmission", "Retransmission", FT_BOOLEAN, BASE_NONE, FF_GENERATED, 0, NULL);
F(hf_retrans_req, "dns.retransmit_request_in", "Retransmitted request. Original request in", FT_FRAMENUM, BASE_NONE, FF_GENERATED, 0, NULL);
F(hf_retrans_resp, "dns.retransmit_response_in", "Retransmitted response. Original response in", FT_FRAMENUM, BASE_NONE, FF_GENERATED, 0, NULL);
F(hf_extra_data, "dns.extraneous.data", "Extraneous Data Bytes", FT_BYTES, BASE_NONE, 0, 0, NULL);
F(hf_extra_len, "dns.extraneous.length", "Extraneous Data Length", FT_INT32, BASE_DEC, FF_GENERATED, 0, NULL);
F(hf_unsolicited, "dns.unsolicited", "Unsolicited", FT_BOOLEAN, BASE_NONE, FF_GENERATED, 0, NULL);

static struct expert_field ei_retrans_req = {
	{ "dns.retransmit_request", "DNS query retransmission", FT_NONE, BASE_NONE, 0, 0, NULL, 0, false, NULL },
	PI_PROTOCOL, PI_NOTE,
};
static struct expert_field ei_retrans_resp = {
	{ "dns.retransmit_response", "DNS response retransmission", FT_NONE, BASE_NONE, 0, 0, NULL, 0, false, NULL },
	PI_PROTOCOL, PI_NOTE,
};
static struct expert_field ei_extraneous = {
	{ "dns.extraneous", "Extraneous data", FT_NONE, BASE_NONE, 0, 0, NULL, 0, false, NULL },
	PI_UNDECODED, PI_NOTE,
};
static struct expert_field ei_name_loop = {
	{ "dns.name.loop", "Name contains a pointer that loops", FT_NONE, BASE_NONE, 0, 0, NULL, 0, false, NULL },
	PI_MALFORMED, PI_ERROR,
};
static struct expert_field ei_bad_rdlen = {
	{ "dns.rr.bad_length", "RR data length is larger than the message", FT_NONE, BASE_NONE, 0, 0, NULL, 0, false, NULL },
	PI_MALFORMED, PI_ERROR,
};

static struct field *const fields[] = {
	&hf_dns, &hf_mdns, &hf_llmnr, &hf_length, &hf_id, &hf_flags,
	&hf_fl_response, &hf_fl_opcode, &hf_fl_auth, &hf_fl_conflict_q,
	&hf_fl_conflict_r, &hf_fl_trunc, &hf_fl_rd, &hf_fl_tentative,
	&hf_fl_ra, &hf_fl_z, &hf_fl_authn, &hf_fl_ad, &hf_fl_cd, &hf_fl_rcode,
	&hf_cnt_q, &hf_cnt_zones, &hf_cnt_ans, &hf_cnt_prereq, &hf_cnt_auth,
	&hf_cnt_upd, &hf_cnt_add, &hf_qry_name, &hf_qry_name_len,
	&hf_cnt_labels, &hf_qry_type, &hf_qry_class, &hf_qry_class_m,
	&hf_qry_qu, &hf_rr_name, &hf_rr_type, &hf_rr_class, &hf_rr_class_m,
	&hf_rr_flush, &hf_rr_ttl, &hf_rr_len, &hf_a, &hf_aaaa, &hf_ns,
	&hf_cname, &hf_ptr, &hf_dname, &hf_mx_pref, &hf_mx_name, &hf_txt_len,
	&hf_txt, &hf_soa_mname, &hf_soa_rname, &hf_soa_serial,
	&hf_soa_refresh, &hf_soa_retry, &hf_soa_expire, &hf_soa_minimum,
	&hf_srv_service, &hf_srv_proto, &hf_srv_name, &hf_srv_prio,
	&hf_srv_weight, &hf_srv_port, &hf_srv_target, &hf_nsec_next, &hf_data,
	&hf_opt_udp, &hf_opt_ercode, &hf_opt_ver, &hf_opt_z, &hf_opt_z_do,
	&hf_opt_z_res, &hf_opt, &hf_opt_code, &hf_opt_len, &hf_opt_data,
	&hf_opt_cookie_c, &hf_opt_cookie_s, &hf_opt_padding,
	&hf_opt_cl_family, &hf_opt_cl_netmask, &hf_opt_cl_scope,
	&hf_opt_cl_addr4, &hf_opt_cl_addr6, &hf_opt_cl_addr, &hf_svcb_prio,
	&hf_svcb_target, &hf_svcb_param, &hf_svcb_key, &hf_svcb_vlen,
	&hf_svcb_value, &hf_svcb_mand, &hf_svcb_alpn_len, &hf_svcb_alpn,
	&hf_svcb_port, &hf_svcb_v4, &hf_svcb_ech, &hf_svcb_v6,
	&hf_response_in, &hf_response_to, &hf_time, &hf_retrans,
	&hf_retrans_req, &hf_retrans_resp, &hf_unsolicited, &hf_extra_data,
	&hf_extra_len, NULL,
};
static struct expert_field *const experts[] = {
	&ei_retrans_req, &ei_retrans_resp, &ei_extraneous, &ei_name_loop,
	&ei_bad_rdlen, NULL,
};

/* ---- names ------------------------------------------------------------ */

int dns_name(struct bv *bv, uint32_t off, char *out, size_t outsz,
	     uint32_t *nlen, uint32_t *nlabels, bool *loop)
{
	size_t w = 0;
	uint32_t labels = 0, used = 0, pos = off, jumps = 0;
	bool jumped = false;
	if (loop)
		*loop = false;
	if (outsz)
		out[0] = '\0';
	for (;;) {
		if (!bv_has(bv, pos, 1)) {
			bv->trunc = true;
			if (!jumped)
				used = pos - off;
			break;
		}
		uint8_t c = bv->p[pos];
		if (c == 0) {
			if (!jumped)
				used = pos + 1 - off;
			break;
		}
		if ((c & 0xc0) == 0xc0) {
			if (!bv_has(bv, pos, 2)) {
				bv->trunc = true;
				if (!jumped)
					used = pos - off;
				break;
			}
			uint32_t ptr = ((uint32_t)(c & 0x3f) << 8) | bv->p[pos + 1];
			if (!jumped)
				used = pos + 2 - off;
			jumped = true;
			/* Every jump must go somewhere new; a bound on the
			 * number of jumps also stops loops through several
			 * pointers (a message has at most 16383 offsets). */
			if (++jumps > 128 || ptr == pos) {
				if (loop)
					*loop = true;
				break;
			}
			pos = ptr;
			continue;
		}
		if ((c & 0xc0) != 0) {
			/* 0x40/0x80: extended label types (RFC 6891 deprecated
			 * them); tshark prints this marker and stops. */
			const char *m = "<Unknown extended label>";
			for (const char *s = m; *s; s++)
				if (w + 1 < outsz)
					out[w++] = *s;
			if (!jumped)
				used = pos + 1 - off;
			break;
		}
		if (!bv_has(bv, pos + 1, c)) {
			bv->trunc = true;
			if (!jumped)
				used = bv->len > off ? bv->len - off : 0;
			break;
		}
		if (labels && w + 1 < outsz)
			out[w++] = '.';
		for (uint32_t i = 0; i < c; i++) {
			uint8_t ch = bv->p[pos + 1 + i];
			if (w + 1 < outsz)
				out[w++] = (char)ch;
		}
		labels++;
		pos += 1u + c;
	}
	if (labels == 0 && !(loop && *loop)) {
		const char *r = "<Root>";
		w = 0;
		for (const char *s = r; *s && w + 1 < outsz; s++)
			out[w++] = *s;
	}
	if (outsz)
		out[w < outsz ? w : outsz - 1] = '\0';
	if (nlen)
		*nlen = (uint32_t)w;
	if (nlabels)
		*nlabels = labels;
	return (int)used;
}

/* ---- request/response matching ----------------------------------------- */

/* One transaction per (conversation, id); a newer query with the same id
 * replaces the old one, as tshark's lookup of the latest request at or
 * before the current frame does. */
struct dns_trans {
	uint8_t key[40];   /* normalized endpoints + proto + id */
	uint32_t req_frame, rep_frame;
	int64_t req_time;
	bool used;
};

static struct dns_trans *trans;
static uint32_t trans_cap, trans_n;

static uint32_t key_hash(const uint8_t *k)
{
	uint32_t h = 2166136261u;
	for (int i = 0; i < 40; i++)
		h = (h ^ k[i]) * 16777619u;
	return h;
}

static void make_key(const struct packet *pk, uint16_t id, uint8_t *k)
{
	memset(k, 0, 40);
	/* Only the address bytes of its type are valid (an IPv4 address
	 * leaves the rest of the 16-byte array as it was). */
	uint8_t aa[16] = { 0 }, ab[16] = { 0 };
	size_t n = pk->net_src.type == AT_IPv6 ? 16 : pk->net_src.type == AT_IPv4 ? 4 : 0;
	memcpy(aa, pk->net_src.a, n);
	memcpy(ab, pk->net_dst.a, n);
	const uint8_t *a = aa, *b = ab;
	uint16_t pa = pk->srcport, pb = pk->dstport;
	int c = memcmp(a, b, 16);
	if (c > 0 || (c == 0 && pa > pb)) {
		const uint8_t *t = a;
		a = b;
		b = t;
		uint16_t tp = pa;
		pa = pb;
		pb = tp;
	}
	memcpy(k, a, 16);
	memcpy(k + 16, b, 16);
	k[32] = (uint8_t)(pa >> 8);
	k[33] = (uint8_t)pa;
	k[34] = (uint8_t)(pb >> 8);
	k[35] = (uint8_t)pb;
	k[36] = pk->ipproto;
	k[37] = pk->net_src.type;
	k[38] = (uint8_t)(id >> 8);
	k[39] = (uint8_t)id;
}

static struct dns_trans *trans_slot(const uint8_t *k, bool create)
{
	if (create && (trans_n + 1) * 2 > trans_cap) {
		uint32_t ncap = trans_cap ? trans_cap * 2 : 1024;
		struct dns_trans *nt = xcalloc(ncap, sizeof(*nt));
		for (uint32_t i = 0; i < trans_cap; i++) {
			if (!trans[i].used)
				continue;
			uint32_t j = key_hash(trans[i].key) & (ncap - 1);
			while (nt[j].used)
				j = (j + 1) & (ncap - 1);
			nt[j] = trans[i];
		}
		xfree(trans);
		trans = nt;
		trans_cap = ncap;
	}
	if (!trans_cap)
		return NULL;
	uint32_t j = key_hash(k) & (trans_cap - 1);
	while (trans[j].used) {
		if (memcmp(trans[j].key, k, 40) == 0)
			return &trans[j];
		j = (j + 1) & (trans_cap - 1);
	}
	if (!create)
		return NULL;
	trans[j].used = true;
	memcpy(trans[j].key, k, 40);
	trans_n++;
	return &trans[j];
}

static void dns_reset(void)
{
	xfree(trans);
	trans = NULL;
	trans_cap = trans_n = 0;
}

/* tshark's retransmission window for queries (dns.retransmission_timer). */
#define DNS_RETRANS_NS 5000000000LL

/* Matches requests and responses by transaction id within the
 * conversation (tshark's dns_transaction); ti (may be NULL) gets the
 * outcome for the tap. */
static void track(struct packet *pk, struct bv *bv, uint16_t id, bool resp,
		  struct dns_tap_info *ti)
{
	uint8_t k[40];
	make_key(pk, id, k);
	struct dns_trans *t;
	bool retrans = false;
	if (!resp) {
		t = trans_slot(k, false);
		bool fresh = !t || t->rep_frame != 0 ||
			     pk->ts - t->req_time >= DNS_RETRANS_NS;
		if (t && !fresh)
			retrans = true;
		if (fresh) {
			t = trans_slot(k, true);
			t->req_frame = (uint32_t)pk->num;
			t->rep_frame = 0;
			t->req_time = pk->ts;
		}
		if (retrans) {
			if (ti)
				ti->retransmission = true;
			pk_add_uint(pk, &hf_retrans, bv, 0, 0, 1);
			pk_add_uint(pk, &hf_retrans_req, bv, 0, 0, t->req_frame);
			pk_expert(pk, &ei_retrans_req, "DNS", bv, 0, 0, NULL);
		}
		return;
	}
	t = trans_slot(k, false);
	if (!t) {
		if (ti)
			ti->unsolicited = true;
		pk_add_uint(pk, &hf_unsolicited, bv, 0, 0, 1);
		return;
	}
	if (t->rep_frame == 0)
		t->rep_frame = (uint32_t)pk->num;
	else if (t->rep_frame != pk->num)
		retrans = true;
	if (ti) {
		ti->retransmission = retrans;
		ti->have_rrt = true;
		ti->rrt_ns = pk->ts - t->req_time;
	}
	if (retrans) {
		pk_add_uint(pk, &hf_retrans, bv, 0, 0, 1);
		pk_add_uint(pk, &hf_retrans_resp, bv, 0, 0, t->rep_frame);
		pk_expert(pk, &ei_retrans_resp, "DNS", bv, 0, 0, NULL);
	}
	struct item *it = pk_add_uint(pk, &hf_response_to, bv, 0, 0, t->req_frame);
	pk_item_text(pk, it, "[Request In: %u]", t->req_frame);
	int64_t d = pk->ts - t->req_time;
	it = pk_add_time(pk, &hf_time, bv, 0, 0, d);
	pk_item_text(pk, it, "[Time: %lld.%09lld seconds]", (long long)(d / 1000000000),
		     (long long)((d < 0 ? -d : d) % 1000000000));
}

/* ---- records ----------------------------------------------------------- */

struct dns_ctx {
	struct packet *pk;
	struct bv *bv;         /* the DNS message (offset 0 = id) */
	enum dns_flavor fl;
	bool info;             /* append records to the Info column */
};

static const char *type_name(uint16_t t, char *buf, size_t n)
{
	const char *s = tok_find(type_short, t);
	if (s)
		return s;
	snprintf(buf, n, "Unknown (%u)", t);
	return buf;
}

/* Adds a name field item; returns bytes the name occupies at off. */
static uint32_t add_name(struct dns_ctx *c, struct field *f, uint32_t off,
			 char *name, size_t namesz, uint32_t *nlen,
			 uint32_t *nlabels)
{
	bool loop;
	uint32_t l = 0, lab = 0;
	int used = dns_name(c->bv, off, name, namesz, &l, &lab, &loop);
	if (loop)
		pk_expert(c->pk, &ei_name_loop, "DNS", c->bv, off, (uint32_t)used, NULL);
	struct item *it = pk_add_bytes(c->pk, f, c->bv, off, (uint32_t)used,
				       (const uint8_t *)arena_strndup(&c->pk->arena, name, l), l);
	pk_item_text(c->pk, it, "%s: %s", f->name, name);
	if (nlen)
		*nlen = l;
	if (nlabels)
		*nlabels = lab;
	return (uint32_t)used;
}

static const char *duration(uint32_t s, char *buf, size_t n)
{
	static const struct { uint32_t secs; const char *one, *many; } u[] = {
		{ 86400, "day", "days" }, { 3600, "hour", "hours" },
		{ 60, "minute", "minutes" }, { 1, "second", "seconds" },
	};
	size_t w = 0;
	buf[0] = '\0';
	if (s == 0) {
		snprintf(buf, n, "0 seconds");
		return buf;
	}
	for (int i = 0; i < 4; i++) {
		uint32_t q = s / u[i].secs;
		s %= u[i].secs;
		if (!q)
			continue;
		int k = snprintf(buf + w, n - w, "%s%u %s", w ? ", " : "", q,
				 q == 1 ? u[i].one : u[i].many);
		if (k < 0 || (size_t)k >= n - w)
			break;
		w += (size_t)k;
	}
	return buf;
}

static void dissect_opt_options(struct dns_ctx *c, uint32_t off, uint32_t end)
{
	struct packet *pk = c->pk;
	struct bv *bv = c->bv;
	while (off + 4 <= end && bv_has(bv, off, 4)) {
		uint16_t code = bv_be16(bv, off), len = bv_be16(bv, off + 2);
		struct item *it = pk_add_none(pk, &hf_opt, bv, off, 4u + len);
		pk_item_text(pk, it, "Option: %s",
			     tok_str(edns_opt_vals, code, "Unknown"));
		pk_push(pk);
		pk_add_uint(pk, &hf_opt_code, bv, off, 2, code);
		pk_add_uint(pk, &hf_opt_len, bv, off + 2, 2, len);
		uint32_t d = off + 4;
		if (len)
			pk_add_view(pk, &hf_opt_data, bv, d, len);
		switch (code) {
		case 10: /* COOKIE (RFC 7873): 8-byte client, 8..32 server */
			pk_add_view(pk, &hf_opt_cookie_c, bv, d, len < 8 ? len : 8);
			/* tshark records an absent server cookie as an empty
			 * item (shown "<MISSING>"). */
			pk_add_view(pk, &hf_opt_cookie_s, bv, d + 8, len > 8 ? len - 8u : 0);
			break;
		case 12:
			if (len)
				pk_add_view(pk, &hf_opt_padding, bv, d, len);
			break;
		case 8: { /* client subnet (RFC 7871) */
			uint16_t fam = bv_be16(bv, d);
			pk_add_uint(pk, &hf_opt_cl_family, bv, d, 2, fam);
			pk_add_uint(pk, &hf_opt_cl_netmask, bv, d + 2, 1, bv_u8(bv, d + 2));
			pk_add_uint(pk, &hf_opt_cl_scope, bv, d + 3, 1, bv_u8(bv, d + 3));
			uint32_t al = len >= 4 ? len - 4u : 0;
			uint8_t a[16] = { 0 };
			if (fam == 1 && al <= 4 && bv_has(bv, d + 4, al)) {
				memcpy(a, bv->p + d + 4, al);
				uint8_t *p = arena_alloc(&pk->arena, 4);
				memcpy(p, a, 4);
				pk_add_bytes(pk, &hf_opt_cl_addr4, bv, d + 4, al, p, 4);
			} else if (fam == 2 && al <= 16 && bv_has(bv, d + 4, al)) {
				memcpy(a, bv->p + d + 4, al);
				uint8_t *p = arena_alloc(&pk->arena, 16);
				memcpy(p, a, 16);
				pk_add_bytes(pk, &hf_opt_cl_addr6, bv, d + 4, al, p, 16);
			} else if (al) {
				pk_add_view(pk, &hf_opt_cl_addr, bv, d + 4, al);
			}
			break;
		}
		default:
			break;
		}
		pk_pop(pk);
		off = d + len;
	}
}

static void dissect_svcb(struct dns_ctx *c, uint32_t off, uint32_t end)
{
	struct packet *pk = c->pk;
	struct bv *bv = c->bv;
	char name[1024];
	uint16_t prio = bv_be16(bv, off);
	pk_add_uint(pk, &hf_svcb_prio, bv, off, 2, prio);
	uint32_t used = add_name(c, &hf_svcb_target, off + 2, name, sizeof(name), NULL, NULL);
	off += 2 + used;
	while (off + 4 <= end && bv_has(bv, off, 4)) {
		uint16_t key = bv_be16(bv, off), len = bv_be16(bv, off + 2);
		struct item *it = pk_add_none(pk, &hf_svcb_param, bv, off, 4u + len);
		pk_item_text(pk, it, "SvcParam: %s", tok_str(svcb_key_vals, key, "key"));
		pk_push(pk);
		pk_add_uint(pk, &hf_svcb_key, bv, off, 2, key);
		pk_add_uint(pk, &hf_svcb_vlen, bv, off + 2, 2, len);
		uint32_t d = off + 4, e = d + len;
		switch (key) {
		case 0:
			for (uint32_t p = d; p + 2 <= e; p += 2)
				pk_add_uint(pk, &hf_svcb_mand, bv, p, 2, bv_be16(bv, p));
			break;
		case 1:
			for (uint32_t p = d; p < e && bv_has(bv, p, 1);) {
				uint8_t l = bv_u8(bv, p);
				pk_add_uint(pk, &hf_svcb_alpn_len, bv, p, 1, l);
				pk_add_view(pk, &hf_svcb_alpn, bv, p + 1, l);
				p += 1u + l;
			}
			break;
		case 3:
			pk_add_uint(pk, &hf_svcb_port, bv, d, 2, bv_be16(bv, d));
			break;
		case 4:
			for (uint32_t p = d; p + 4 <= e && bv_has(bv, p, 4); p += 4)
				pk_add_view(pk, &hf_svcb_v4, bv, p, 4);
			break;
		case 5:
			pk_add_view(pk, &hf_svcb_ech, bv, d, len);
			break;
		case 6:
			for (uint32_t p = d; p + 16 <= e && bv_has(bv, p, 16); p += 16)
				pk_add_view(pk, &hf_svcb_v6, bv, p, 16);
			break;
		default:
			if (len)
				pk_add_view(pk, &hf_svcb_value, bv, d, len);
		}
		pk_pop(pk);
		off = e;
	}
}

/* Splits an SRV owner name "_service._proto.name" (RFC 2782). */
static void srv_owner(struct dns_ctx *c, uint32_t off, uint32_t len,
		      const char *owner)
{
	const char *d1 = strchr(owner, '.');
	if (!d1 || owner[0] != '_')
		return;
	const char *d2 = strchr(d1 + 1, '.');
	if (!d2 || d1[1] != '_')
		return;
	struct packet *pk = c->pk;
	pk_add_bytes(pk, &hf_srv_service, c->bv, off, len, (const uint8_t *)owner,
		     (uint32_t)(d1 - owner));
	pk_add_bytes(pk, &hf_srv_proto, c->bv, off, len, (const uint8_t *)d1 + 1,
		     (uint32_t)(d2 - d1 - 1));
	pk_add_bytes(pk, &hf_srv_name, c->bv, off, len, (const uint8_t *)d2 + 1,
		     (uint32_t)strlen(d2 + 1));
}

/* One resource record at off; returns its length or 0 when it cannot be
 * read (the caller stops). */
static uint32_t dissect_rr(struct dns_ctx *c, uint32_t off)
{
	struct packet *pk = c->pk;
	struct bv *bv = c->bv;
	char name[1024], tbuf[24], data[1100];
	uint32_t nlen;
	bool loop;
	int nused = dns_name(bv, off, name, sizeof(name), &nlen, NULL, &loop);
	uint32_t p = off + (uint32_t)nused;
	if (!bv_has(bv, p, 10)) {
		bv->trunc = true;
		return 0;
	}
	uint16_t type = bv_be16(bv, p), cls = bv_be16(bv, p + 2);
	uint32_t ttl = bv_be32(bv, p + 4);
	uint16_t rdlen = bv_be16(bv, p + 8);
	uint32_t rd = p + 10, end = rd + rdlen;
	uint32_t total = end - off;
	const char *tn = type_name(type, tbuf, sizeof(tbuf));
	bool flush = c->fl == FL_MDNS && (cls & 0x8000);
	uint16_t cval = c->fl == FL_MDNS ? (cls & 0x7fff) : cls;
	data[0] = '\0';

	/* The subtree label is formatted after the data is known; keep the
	 * text item to patch it. */
	uint32_t top = UINT32_MAX;
	if (pk->tree) {
		pk_add_text(pk, bv, off, total, "%s", name);
		top = pk->nitems - 1;
	}
	pk_push(pk);
	add_name(c, &hf_rr_name, off, name, sizeof(name), NULL, NULL);
	pk_add_uint(pk, &hf_rr_type, bv, p, 2, type);
	if (type == 41) {
		/* OPT pseudo-RR: class = UDP payload size, TTL = extended
		 * RCODE, version and flags (RFC 6891 6.1.3). */
		pk_add_uint(pk, &hf_opt_udp, bv, p + 2, 2, cls);
		pk_add_uint(pk, &hf_opt_ercode, bv, p + 4, 1, ttl >> 24);
		pk_add_uint(pk, &hf_opt_ver, bv, p + 5, 1, (ttl >> 16) & 0xff);
		pk_add_uint(pk, &hf_opt_z, bv, p + 6, 2, ttl & 0xffff);
		pk_push(pk);
		pk_add_bits(pk, &hf_opt_z_do, bv, p + 6, 2, ttl & 0xffff);
		pk_add_bits(pk, &hf_opt_z_res, bv, p + 6, 2, ttl & 0xffff);
		pk_pop(pk);
	} else {
		if (c->fl == FL_MDNS) {
			pk_add_bits(pk, &hf_rr_class_m, bv, p + 2, 2, cls);
			pk_add_bits(pk, &hf_rr_flush, bv, p + 2, 2, cls);
		} else {
			pk_add_uint(pk, &hf_rr_class, bv, p + 2, 2, cls);
		}
		struct item *t = pk_add_uint(pk, &hf_rr_ttl, bv, p + 4, 4, ttl);
		if (t && pk_labels(pk)) {
			char d[64];
			pk_item_text(pk, t, "Time to live: %u (%s)", ttl,
				     duration(ttl, d, sizeof(d)));
		}
	}
	pk_add_uint(pk, &hf_rr_len, bv, p + 8, 2, rdlen);
	if (end > bv->rlen) {
		pk_expert(pk, &ei_bad_rdlen, "DNS", bv, p + 8, 2, NULL);
	}

	char n2[1024];
	switch (type) {
	case 1:
		if (rdlen == 4 && bv_has(bv, rd, 4)) {
			pk_add_view(pk, &hf_a, bv, rd, 4);
			fmt_ipv4(data, bv->p + rd);
		}
		break;
	case 28:
		if (rdlen == 16 && bv_has(bv, rd, 16)) {
			pk_add_view(pk, &hf_aaaa, bv, rd, 16);
			fmt_ipv6(data, bv->p + rd);
		}
		break;
	case 2:
		add_name(c, &hf_ns, rd, n2, sizeof(n2), NULL, NULL);
		snprintf(data, sizeof(data), "%s", n2);
		break;
	case 5:
		add_name(c, &hf_cname, rd, n2, sizeof(n2), NULL, NULL);
		snprintf(data, sizeof(data), "%s", n2);
		break;
	case 12:
		add_name(c, &hf_ptr, rd, n2, sizeof(n2), NULL, NULL);
		snprintf(data, sizeof(data), "%s", n2);
		break;
	case 39:
		add_name(c, &hf_dname, rd, n2, sizeof(n2), NULL, NULL);
		snprintf(data, sizeof(data), "%s", n2);
		break;
	case 15: {
		uint16_t pref = bv_be16(bv, rd);
		pk_add_uint(pk, &hf_mx_pref, bv, rd, 2, pref);
		add_name(c, &hf_mx_name, rd + 2, n2, sizeof(n2), NULL, NULL);
		snprintf(data, sizeof(data), "%u %s", pref, n2);
		break;
	}
	case 16:
		for (uint32_t q = rd; q < end && bv_has(bv, q, 1);) {
			uint8_t l = bv_u8(bv, q);
			pk_add_uint(pk, &hf_txt_len, bv, q, 1, l);
			pk_add_view(pk, &hf_txt, bv, q + 1, l);
			q += 1u + l;
		}
		break;
	case 6: {
		uint32_t u = add_name(c, &hf_soa_mname, rd, n2, sizeof(n2), NULL, NULL);
		snprintf(data, sizeof(data), "%s", n2);
		char n3[1024];
		u += add_name(c, &hf_soa_rname, rd + u, n3, sizeof(n3), NULL, NULL);
		uint32_t q = rd + u;
		pk_add_uint(pk, &hf_soa_serial, bv, q, 4, bv_be32(bv, q));
		pk_add_uint(pk, &hf_soa_refresh, bv, q + 4, 4, bv_be32(bv, q + 4));
		pk_add_uint(pk, &hf_soa_retry, bv, q + 8, 4, bv_be32(bv, q + 8));
		pk_add_uint(pk, &hf_soa_expire, bv, q + 12, 4, bv_be32(bv, q + 12));
		pk_add_uint(pk, &hf_soa_minimum, bv, q + 16, 4, bv_be32(bv, q + 16));
		break;
	}
	case 33: {
		srv_owner(c, off, (uint32_t)nused, name);
		uint16_t pr = bv_be16(bv, rd), w = bv_be16(bv, rd + 2),
			 port = bv_be16(bv, rd + 4);
		pk_add_uint(pk, &hf_srv_prio, bv, rd, 2, pr);
		pk_add_uint(pk, &hf_srv_weight, bv, rd + 2, 2, w);
		pk_add_uint(pk, &hf_srv_port, bv, rd + 4, 2, port);
		add_name(c, &hf_srv_target, rd + 6, n2, sizeof(n2), NULL, NULL);
		snprintf(data, sizeof(data), "%u %u %u %s", pr, w, port, n2);
		break;
	}
	case 47:
		add_name(c, &hf_nsec_next, rd, n2, sizeof(n2), NULL, NULL);
		snprintf(data, sizeof(data), "%s", n2);
		break;
	case 64:
	case 65:
		dissect_svcb(c, rd, end);
		break;
	case 41:
		dissect_opt_options(c, rd, end);
		break;
	default:
		if (rdlen)
			pk_add_view(pk, &hf_data, bv, rd, rdlen);
	}
	pk_pop(pk);

	if (top != UINT32_MAX) {
		struct item *ti = &pk->items[top];
		if (type == 41)
			pk_item_text(pk, ti, "%s: type %s", name, tn);
		else
			pk_item_text(pk, ti, "%s: type %s, class %s%s%s%s%s",
				name, tn, tok_str(dns_class_vals, cval, "Unknown"),
				flush ? ", cache flush" : "",
				data[0] ? ", " : "",
				data[0] ? (type == 1 || type == 28 ? "addr " :
					   type == 2 ? "ns " : type == 5 ? "cname " :
					   type == 6 ? "mname " : type == 12 ? "" : "") : "",
				data);
	}
	if (c->info) {
		col_info_append(pk, " %s%s", tn, flush ? ", cache flush" : "");
		if (data[0] && type != 64 && type != 65)
			col_info_append(pk, " %s", data);
	}
	if (!bv_has(bv, off, total) && end > bv->len) {
		bv->trunc = true;
		return end > bv->rlen ? 0 : total;
	}
	return total;
}

/* ---- message ------------------------------------------------------------ */

static int dissect_message(struct packet *pk, struct bv *bv, enum dns_flavor fl,
			   struct bv *outer, uint32_t lenoff, bool first)
{
	const char *pname = fl == FL_MDNS ? "mdns" : fl == FL_LLMNR ? "llmnr" : "dns";
	const char *col = fl == FL_MDNS ? "MDNS" : fl == FL_LLMNR ? "LLMNR" : "DNS";
	struct field *hf_top = fl == FL_MDNS ? &hf_mdns : fl == FL_LLMNR ? &hf_llmnr : &hf_dns;
	uint16_t flags = bv_be16(bv, 2);
	bool resp = flags & 0x8000;
	uint16_t opcode = (flags >> 11) & 0xf;

	struct item *top;
	if (outer)
		top = pk_layer_begin(pk, pname, hf_top, outer, lenoff, 2 + bv->len);
	else
		top = pk_layer_begin(pk, pname, hf_top, bv, 0, bv->len);
	pk_item_text(pk, top, "%s (%s)", hf_top->name, resp ? "response" : "query");
	col_set_proto(pk, col);
	if (outer)
		pk_add_uint(pk, &hf_length, outer, lenoff, 2, bv_be16(outer, lenoff));

	if (!bv_has(bv, 0, 12)) {
		if (bv_has(bv, 0, 2))
			pk_add_uint(pk, &hf_id, bv, 0, 2, bv_be16(bv, 0));
		pk_layer_end(pk);
		pk_malformed(pk, col, bv, bv->len);
		return (int)bv->len;
	}
	uint16_t id = bv_be16(bv, 0);
	struct dns_info *di = arena_alloc(&pk->arena, sizeof(*di));
	memset(di, 0, sizeof(*di));
	di->id = id;
	di->flags = flags;
	di->qdcount = bv_be16(bv, 4);
	di->ancount = bv_be16(bv, 6);
	di->nscount = bv_be16(bv, 8);
	di->arcount = bv_be16(bv, 10);

	const char *ops = tok_str(dns_opcode_vals, opcode, "Unknown operation");
	if (first)
		col_info_printf(pk, "%s%s 0x%04x", ops, resp ? " response" : "", id);
	else
		col_info_append(pk, "; %s%s 0x%04x", ops, resp ? " response" : "", id);
	if (resp && (flags & 0xf))
		col_info_append(pk, " %s", tok_str(dns_rcode_vals, flags & 0xf, "Unknown error"));

	pk_add_uint(pk, &hf_id, bv, 0, 2, id);
	struct item *fi = pk_add_uint(pk, &hf_flags, bv, 2, 2, flags);
	if (fi && pk_labels(pk)) {
		if (resp)
			pk_item_text(pk, fi, "Flags: 0x%04x %s response, %s", flags, ops,
				     tok_str(dns_rcode_vals, flags & 0xf, "Unknown error"));
		else
			pk_item_text(pk, fi, "Flags: 0x%04x %s", flags, ops);
	}
	pk_push(pk);
	pk_add_bits(pk, &hf_fl_response, bv, 2, 2, flags);
	pk_add_bits(pk, &hf_fl_opcode, bv, 2, 2, flags);
	if (fl == FL_LLMNR) {
		pk_add_bits(pk, resp ? &hf_fl_conflict_r : &hf_fl_conflict_q, bv, 2, 2, flags);
		pk_add_bits(pk, &hf_fl_trunc, bv, 2, 2, flags);
		pk_add_bits(pk, &hf_fl_tentative, bv, 2, 2, flags);
		if (resp)
			pk_add_bits(pk, &hf_fl_rcode, bv, 2, 2, flags);
	} else if (resp) {
		pk_add_bits(pk, &hf_fl_auth, bv, 2, 2, flags);
		pk_add_bits(pk, &hf_fl_trunc, bv, 2, 2, flags);
		pk_add_bits(pk, &hf_fl_rd, bv, 2, 2, flags);
		pk_add_bits(pk, &hf_fl_ra, bv, 2, 2, flags);
		pk_add_bits(pk, &hf_fl_z, bv, 2, 2, flags);
		pk_add_bits(pk, &hf_fl_authn, bv, 2, 2, flags);
		pk_add_bits(pk, &hf_fl_cd, bv, 2, 2, flags);
		pk_add_bits(pk, &hf_fl_rcode, bv, 2, 2, flags);
	} else {
		pk_add_bits(pk, &hf_fl_trunc, bv, 2, 2, flags);
		pk_add_bits(pk, &hf_fl_rd, bv, 2, 2, flags);
		pk_add_bits(pk, &hf_fl_z, bv, 2, 2, flags);
		/* tshark shows the AD bit of a query only when it is set. */
		if (flags & 0x20)
			pk_add_bits(pk, &hf_fl_ad, bv, 2, 2, flags);
		pk_add_bits(pk, &hf_fl_cd, bv, 2, 2, flags);
	}
	pk_pop(pk);
	bool upd = opcode == 5;
	pk_add_uint(pk, upd ? &hf_cnt_zones : &hf_cnt_q, bv, 4, 2, di->qdcount);
	pk_add_uint(pk, upd ? &hf_cnt_prereq : &hf_cnt_ans, bv, 6, 2, di->ancount);
	pk_add_uint(pk, upd ? &hf_cnt_upd : &hf_cnt_auth, bv, 8, 2, di->nscount);
	pk_add_uint(pk, &hf_cnt_add, bv, 10, 2, di->arcount);

	static int dns_tap; /* "dns" tap: -z dns,tree */
	struct dns_tap_info *ti = NULL;
	/* tshark 4.0 taps DNS proper only, not mDNS or LLMNR */
	if (fl == FL_DNS && tap_has_listener(tap_cached(&dns_tap, "dns"))) {
		ti = arena_alloc(&pk->arena, sizeof(*ti));
		ti->response = resp;
		ti->opcode = (uint8_t)opcode;
		ti->rcode = (uint8_t)(flags & 0xf);
		/* over TCP, tshark's size includes the length prefix */
		ti->payload_size = bv->rlen + (outer ? 2u : 0u);
		ti->nquestions = di->qdcount;
		ti->nanswers = di->ancount;
		ti->nauthorities = di->nscount;
		ti->nadditionals = di->arcount;
	}
	struct dns_ctx c = { pk, bv, fl, true };
	uint32_t off = 12;
	bool stop = false;
	if (di->qdcount) {
		pk_add_text(pk, bv, off, 0, "%s", upd ? "Zone" : "Queries");
		pk_push(pk);
		for (uint32_t i = 0; i < di->qdcount && !stop; i++) {
			char name[1024], tbuf[24];
			uint32_t nlen, nlab;
			bool loop;
			int used = dns_name(bv, off, name, sizeof(name), &nlen, &nlab, &loop);
			uint32_t q = off + (uint32_t)used;
			if (!bv_has(bv, q, 4)) {
				bv->trunc = true;
				stop = true;
				break;
			}
			uint16_t type = bv_be16(bv, q), cls = bv_be16(bv, q + 2);
			const char *tn = type_name(type, tbuf, sizeof(tbuf));
			if (ti && i == 0) {
				ti->qtype = type;
				ti->qclass = cls;
				ti->qname_len = nlen;
				ti->qname_labels = nlab;
			}
			if (pk->tree) {
				uint16_t cv = fl == FL_MDNS ? (cls & 0x7fff) : cls;
				pk_add_text(pk, bv, off, (uint32_t)used + 4,
					    "%s: type %s, class %s%s", name, tn,
					    tok_str(dns_class_vals, cv, "Unknown"),
					    fl == FL_MDNS ? ((cls & 0x8000) ? ", \"QU\" question" : ", \"QM\" question") : "");
			}
			pk_push(pk);
			add_name(&c, &hf_qry_name, off, name, sizeof(name), NULL, NULL);
			struct item *it = pk_add_uint(pk, &hf_qry_name_len, bv, off, (uint32_t)used, nlen);
			pk_item_text(pk, it, "[Name Length: %u]", nlen);
			it = pk_add_uint(pk, &hf_cnt_labels, bv, off, (uint32_t)used, nlab);
			pk_item_text(pk, it, "[Label Count: %u]", nlab);
			pk_add_uint(pk, &hf_qry_type, bv, q, 2, type);
			if (fl == FL_MDNS) {
				pk_add_bits(pk, &hf_qry_class_m, bv, q + 2, 2, cls);
				pk_add_bits(pk, &hf_qry_qu, bv, q + 2, 2, cls);
			} else {
				pk_add_uint(pk, &hf_qry_class, bv, q + 2, 2, cls);
			}
			pk_pop(pk);
			col_info_append(pk, " %s %s", tn, name);
			if (fl == FL_MDNS)
				col_info_append(pk, ", \"%s\" question", (cls & 0x8000) ? "QU" : "QM");
			off = q + 4;
		}
		pk_pop(pk);
	}
	static const char *const sect[3] = { "Answers", "Authoritative nameservers", "Additional records" };
	static const char *const sect_upd[3] = { "Prerequisites", "Updates", "Additional records" };
	uint16_t counts[3] = { di->ancount, di->nscount, di->arcount };
	for (int s = 0; s < 3 && !stop; s++) {
		if (!counts[s])
			continue;
		pk_add_text(pk, bv, off, 0, "%s", upd ? sect_upd[s] : sect[s]);
		pk_push(pk);
		for (uint32_t i = 0; i < counts[s]; i++) {
			uint32_t l = dissect_rr(&c, off);
			if (l == 0) {
				stop = true;
				break;
			}
			off += l;
		}
		pk_pop(pk);
	}
	if (first || !outer)
		track(pk, bv, id, resp, ti);
	if (!stop && !bv->trunc && off < bv->len) {
		/* Bytes after the last record the counts announce. */
		uint32_t n = bv->len - off;
		pk_expert(pk, &ei_extraneous, "DNS", bv, off, n,
			  "Extraneous Data (%u bytes)", n);
		pk_push(pk);
		pk_add_view(pk, &hf_extra_data, bv, off, n);
		struct item *it = pk_add_int(pk, &hf_extra_len, bv, off, 0, n);
		pk_item_text(pk, it, "[Extraneous Data Length: %u]", n);
		pk_pop(pk);
	}
	pk_layer_end(pk);
	if (stop || bv->trunc) {
		pk_short(pk, col, bv, off);
	}
	if (ti)
		tap_queue(dns_tap, pk, ti);
	return (int)bv->len;
}

int dns_dissect_udp(struct packet *pk, struct bv *bv, enum dns_flavor fl)
{
	struct bv m = *bv;
	return dissect_message(pk, &m, fl, NULL, 0, true);
}

int dns_dissect_tcp(struct packet *pk, struct bv *view, struct tcp_pdu_ctx *tc)
{
	struct bv *bv = view;
	uint32_t off = 0;
	bool first = true;
	while (off < bv->len) {
		uint32_t have = bv->len - off;
		uint32_t need = have >= 2 ? 2u + bv_be16(bv, off) : 0;
		if (tc && (need == 0 || need > have)) {
			/* Ask TCP for the rest of the message (tshark's
			 * desegmentation: the frame completing it shows it). */
			tc->desegment_offset = off;
			tc->desegment_len = need ? need - have : TCP_DESEGMENT_ONE_MORE;
			return (int)bv->len;
		}
		if (need == 0)
			break;
		struct bv m = bv_sub(bv, off + 2, need - 2);
		dissect_message(pk, &m, FL_DNS, bv, off, first);
		first = false;
		off += need;
		if (need > have)
			break;
	}
	return (int)bv->len;
}

static int dissect_dns(struct packet *pk, struct bv *bv, void *data)
{
	(void)data;
	if (pk->ipproto == 6)
		return dns_dissect_tcp(pk, bv, data);
	enum dns_flavor fl = FL_DNS;
	if (pk->srcport == 5353 || pk->dstport == 5353)
		fl = FL_MDNS;
	else if (pk->srcport == 5355 || pk->dstport == 5355)
		fl = FL_LLMNR;
	return dns_dissect_udp(pk, bv, fl);
}

static const struct handoff handoffs[] = {
	{ DT_UDP_PORT, 53 },
	{ DT_TCP_PORT, 53 },
	{ DT_UDP_PORT, 5353 },
	{ DT_TCP_PORT, 5353 },
	{ DT_UDP_PORT, 5355 },
	{ DT_SCTP_PORT, 53 },
	{ DT_NONE, 0 },
};

const struct dissector dissector_dns = {
	.name = "dns",
	.long_name = "Domain Name System",
	.app = true,
	.fields = fields,
	.experts = experts,
	.handoffs = handoffs,
	.dissect = dissect_dns,
	.reset = dns_reset,
};
