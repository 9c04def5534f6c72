/* tls.c — Transport Layer Security record layer and handshake (RFC 5246,
 * RFC 8446), SSL 3.0 framing, JA3/JA3S fingerprints. No decryption:
 * records after ChangeCipherSpec are shown encrypted, as tshark does
 * without keys. Records spanning TCP segments use TCP's desegmentation. */
#include "../core/alloc.h"
#include "../engine/conv.h"
#include "../engine/dissector.h"
#include "tcp.h"
#include "tls.h"

#include <stdio.h>
#include <string.h>

/* ---- MD5 (RFC 1321) -------------------------------------------------------- */

struct md5 {
	uint32_t h[4];
	uint64_t n;
	uint8_t buf[64];
};

static uint32_t rol(uint32_t x, int c) { return (x << c) | (x >> (32 - c)); }

static void md5_block(struct md5 *m, const uint8_t *b)
{
	static const uint32_t K[64] = {
		0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a,
		0xa8304613, 0xfd469501, 0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be,
		0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340,
		0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
		0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8,
		0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
		0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa,
		0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
		0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92,
		0xffeff47d, 0x85845dd1, 0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
		0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
	};
	static const int R[64] = {
		7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
		5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
		4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
		6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
	};
	uint32_t w[16];
	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)b[i * 4] | ((uint32_t)b[i * 4 + 1] << 8) |
		       ((uint32_t)b[i * 4 + 2] << 16) | ((uint32_t)b[i * 4 + 3] << 24);
	uint32_t a = m->h[0], bb = m->h[1], c = m->h[2], d = m->h[3];
	for (int i = 0; i < 64; i++) {
		uint32_t f;
		int g;
		if (i < 16) { f = (bb & c) | (~bb & d); g = i; }
		else if (i < 32) { f = (d & bb) | (~d & c); g = (5 * i + 1) & 15; }
		else if (i < 48) { f = bb ^ c ^ d; g = (3 * i + 5) & 15; }
		else { f = c ^ (bb | ~d); g = (7 * i) & 15; }
		uint32_t t = d;
		d = c;
		c = bb;
		bb = bb + rol(a + f + K[i] + w[g], R[i]);
		a = t;
	}
	m->h[0] += a;
	m->h[1] += bb;
	m->h[2] += c;
	m->h[3] += d;
}

void tls_md5(const uint8_t *p, size_t n, uint8_t out[16])
{
	struct md5 m = { { 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476 }, 0, { 0 } };
	size_t i = 0;
	for (; i + 64 <= n; i += 64)
		md5_block(&m, p + i);
	size_t r = n - i;
	uint8_t tail[128];
	memset(tail, 0, sizeof(tail));
	memcpy(tail, p + i, r);
	tail[r] = 0x80;
	size_t tl = r + 1 + 8 <= 64 ? 64 : 128;
	uint64_t bits = (uint64_t)n * 8;
	for (int k = 0; k < 8; k++)
		tail[tl - 8 + k] = (uint8_t)(bits >> (8 * k));
	md5_block(&m, tail);
	if (tl == 128)
		md5_block(&m, tail + 64);
	for (int k = 0; k < 4; k++)
		for (int j = 0; j < 4; j++)
			out[k * 4 + j] = (uint8_t)(m.h[k] >> (8 * j));
}

/* ---- names ---------------------------------------------------------------- */

static const struct tok ct_vals[] = {
	{ 20, "Change Cipher Spec" }, { 21, "Alert" }, { 22, "Handshake" },
	{ 23, "Application Data" }, { 24, "Heartbeat" }, { 0, NULL },
};

static const struct tok hs_vals[] = {
	{ 0, "Hello Request" }, { 1, "Client Hello" }, { 2, "Server Hello" },
	{ 3, "Hello Verify Request" }, { 4, "New Session Ticket" },
	{ 5, "End of Early Data" }, { 6, "Hello Retry Request" },
	{ 8, "Encrypted Extensions" }, { 11, "Certificate" },
	{ 12, "Server Key Exchange" }, { 13, "Certificate Request" },
	{ 14, "Server Hello Done" }, { 15, "Certificate Verify" },
	{ 16, "Client Key Exchange" }, { 20, "Finished" },
	{ 21, "Certificate URL" }, { 22, "Certificate Status" },
	{ 23, "Supplemental Data" }, { 24, "Key Update" },
	{ 25, "Compressed Certificate" }, { 67, "Next Protocol" },
	{ 254, "Message Hash" }, { 0, NULL },
};

static const struct tok version_vals[] = {
	{ 0x0002, "SSL 2.0" }, { 0x0300, "SSL 3.0" }, { 0x0301, "TLS 1.0" },
	{ 0x0302, "TLS 1.1" }, { 0x0303, "TLS 1.2" }, { 0x0304, "TLS 1.3" },
	{ 0, NULL },
};

/* Protocol column per version. */
static const char *proto_col(uint16_t v)
{
	switch (v) {
	case 0x0300: return "SSLv3";
	case 0x0301: return "TLSv1";
	case 0x0302: return "TLSv1.1";
	case 0x0303: return "TLSv1.2";
	case 0x0304: return "TLSv1.3";
	default: return "SSL";
	}
}

static const struct tok alert_level_vals[] = { { 1, "Warning" }, { 2, "Fatal" }, { 0, NULL } };
static const struct tok alert_desc_vals[] = {
	{ 0, "Close Notify" }, { 10, "Unexpected Message" }, { 20, "Bad Record MAC" },
	{ 21, "Decryption Failed" }, { 22, "Record Overflow" },
	{ 30, "Decompression Failure" }, { 40, "Handshake Failure" },
	{ 42, "Bad Certificate" }, { 43, "Unsupported Certificate" },
	{ 44, "Certificate Revoked" }, { 45, "Certificate Expired" },
	{ 46, "Certificate Unknown" }, { 47, "Illegal Parameter" },
	{ 48, "Unknown CA" }, { 49, "Access Denied" }, { 50, "Decode Error" },
	{ 51, "Decrypt Error" }, { 70, "Protocol Version" },
	{ 71, "Insufficient Security" }, { 80, "Internal Error" },
	{ 86, "Inappropriate Fallback" }, { 90, "User Canceled" },
	{ 100, "No Renegotiation" }, { 109, "Missing Extension" },
	{ 110, "Unsupported Extension" }, { 112, "Unrecognized Name" },
	{ 116, "Certificate Required" }, { 120, "No Application Protocol" },
	{ 0, NULL },
};

/* ---- fields ---------------------------------------------------------------- */

#define F(var, abbrev, name, type, base, flags) \
	static struct field var = { abbrev, name, type, base, flags, 0, NULL, 0, false, NULL }

F(hf_tls, "tls", "Transport Layer Security", FT_PROTOCOL, BASE_NONE, 0);
F(hf_record, "tls.record", "Record Layer", FT_NONE, BASE_NONE, 0);
F(hf_rec_ct, "tls.record.content_type", "Content Type", FT_UINT8, BASE_DEC, 0);
F(hf_rec_opaque, "tls.record.opaque_type", "Opaque Type", FT_UINT8, BASE_DEC, 0);
static struct field hf_rec_version = { "tls.record.version", "Version", FT_UINT16, BASE_HEX, 0, 0, version_vals, 0, false, NULL };
F(hf_rec_len, "tls.record.length", "Length", FT_UINT16, BASE_DEC, 0);
F(hf_ccs, "tls.change_cipher_spec", "Change Cipher Spec Message", FT_NONE, BASE_NONE, 0);
F(hf_alert, "tls.alert_message", "Alert Message", FT_NONE, BASE_NONE, 0);
F(hf_alert_level, "tls.alert_message.level", "Level", FT_UINT8, BASE_DEC, 0);
F(hf_alert_desc, "tls.alert_message.desc", "Description", FT_UINT8, BASE_DEC, 0);
F(hf_app_data, "tls.app_data", "Encrypted Application Data", FT_BYTES, BASE_NONE, 0);
F(hf_app_proto, "tls.app_data_proto", "Application Data Protocol", FT_STRING, BASE_NONE, 0);
F(hf_hs, "tls.handshake", "Handshake Protocol", FT_NONE, BASE_NONE, 0);
F(hf_hs_type, "tls.handshake.type", "Handshake Type", FT_UINT8, BASE_DEC, 0);
F(hf_hs_len, "tls.handshake.length", "Length", FT_UINT24, BASE_DEC, 0);
static struct field hf_hs_version = { "tls.handshake.version", "Version", FT_UINT16, BASE_HEX, 0, 0, version_vals, 0, false, NULL };
F(hf_random, "tls.handshake.random", "Random", FT_BYTES, BASE_NONE, 0);
F(hf_random_time, "tls.handshake.random_time", "GMT Unix Time", FT_ABSOLUTE_TIME, BASE_TIME_UTC, 0);
F(hf_random_bytes, "tls.handshake.random_bytes", "Random Bytes", FT_BYTES, BASE_NONE, 0);
F(hf_sid_len, "tls.handshake.session_id_length", "Session ID Length", FT_UINT8, BASE_DEC, 0);
F(hf_sid, "tls.handshake.session_id", "Session ID", FT_BYTES, BASE_NONE, 0);
F(hf_cs_len, "tls.handshake.cipher_suites_length", "Cipher Suites Length", FT_UINT16, BASE_DEC, 0);
F(hf_css, "tls.handshake.ciphersuites", "Cipher Suites", FT_NONE, BASE_NONE, 0);
F(hf_cs, "tls.handshake.ciphersuite", "Cipher Suite", FT_UINT16, BASE_HEX, 0);
F(hf_cm_len, "tls.handshake.comp_methods_length", "Compression Methods Length", FT_UINT8, BASE_DEC, 0);
F(hf_cms, "tls.handshake.comp_methods", "Compression Methods", FT_NONE, BASE_NONE, 0);
F(hf_cm, "tls.handshake.comp_method", "Compression Method", FT_UINT8, BASE_DEC, 0);
F(hf_ext_len, "tls.handshake.extensions_length", "Extensions Length", FT_UINT16, BASE_DEC, 0);
F(hf_ext_type, "tls.handshake.extension.type", "Type", FT_UINT16, BASE_DEC, 0);
F(hf_ext_elen, "tls.handshake.extension.len", "Length", FT_UINT16, BASE_DEC, 0);
F(hf_ext_data, "tls.handshake.extension.data", "Data", FT_BYTES, BASE_NONE, 0);
F(hf_sni_list_len, "tls.handshake.extensions_server_name_list_len", "Server Name list length", FT_UINT16, BASE_DEC, 0);
F(hf_sni_type, "tls.handshake.extensions_server_name_type", "Server Name Type", FT_UINT8, BASE_DEC, 0);
F(hf_sni_len, "tls.handshake.extensions_server_name_len", "Server Name length", FT_UINT16, BASE_DEC, 0);
F(hf_sni, "tls.handshake.extensions_server_name", "Server Name", FT_STRING, BASE_NONE, 0);
F(hf_groups_len, "tls.handshake.extensions_supported_groups_length", "Supported Groups List Length", FT_UINT16, BASE_DEC, 0);
F(hf_groups, "tls.handshake.extensions_supported_groups", "Supported Groups List", FT_NONE, BASE_NONE, 0);
F(hf_group, "tls.handshake.extensions_supported_group", "Supported Group", FT_UINT16, BASE_HEX, 0);
F(hf_ecpf_len, "tls.handshake.extensions_ec_point_formats_length", "EC point formats Length", FT_UINT8, BASE_DEC, 0);
F(hf_ecpfs, "tls.handshake.extensions_ec_point_formats", "Elliptic curves point formats", FT_NONE, BASE_NONE, 0);
F(hf_ecpf, "tls.handshake.extensions_ec_point_format", "EC point format", FT_UINT8, BASE_DEC, 0);
F(hf_alpn_len, "tls.handshake.extensions_alpn_len", "ALPN Extension Length", FT_UINT16, BASE_DEC, 0);
F(hf_alpn_list, "tls.handshake.extensions_alpn_list", "ALPN Protocol", FT_NONE, BASE_NONE, 0);
F(hf_alpn_str_len, "tls.handshake.extensions_alpn_str_len", "ALPN string length", FT_UINT8, BASE_DEC, 0);
F(hf_alpn_str, "tls.handshake.extensions_alpn_str", "ALPN Next Protocol", FT_STRING, BASE_NONE, 0);
F(hf_sha_len, "tls.handshake.sig_hash_alg_len", "Signature Hash Algorithms Length", FT_UINT16, BASE_DEC, 0);
F(hf_shas, "tls.handshake.sig_hash_algs", "Signature Hash Algorithms", FT_NONE, BASE_NONE, 0);
F(hf_sha, "tls.handshake.sig_hash_alg", "Signature Algorithm", FT_UINT16, BASE_HEX, 0);
F(hf_sha_hash, "tls.handshake.sig_hash_hash", "Signature Hash Algorithm Hash", FT_UINT8, BASE_DEC, 0);
F(hf_sha_sig, "tls.handshake.sig_hash_sig", "Signature Hash Algorithm Signature", FT_UINT8, BASE_DEC, 0);
F(hf_sr_type, "tls.handshake.extensions_status_request_type", "Certificate Status Type", FT_UINT8, BASE_DEC, 0);
F(hf_sr_rid_len, "tls.handshake.extensions_status_request_responder_ids_len", "Responder ID list Length", FT_UINT16, BASE_DEC, 0);
F(hf_sr_exts_len, "tls.handshake.extensions_status_request_exts_len", "Request Extensions Length", FT_UINT16, BASE_DEC, 0);
F(hf_reneg_len, "tls.handshake.extensions_reneg_info_len", "Renegotiation info extension length", FT_UINT8, BASE_DEC, 0);
F(hf_padding, "tls.handshake.extensions_padding_data", "Padding Data", FT_BYTES, BASE_NONE, 0);
F(hf_ks_client_len, "tls.handshake.extensions_key_share_client_length", "Client Key Share Length", FT_UINT16, BASE_DEC, 0);
F(hf_ks_group, "tls.handshake.extensions_key_share_group", "Group", FT_UINT16, BASE_DEC, 0);
F(hf_ks_kex_len, "tls.handshake.extensions_key_share_key_exchange_length", "Key Exchange Length", FT_UINT16, BASE_DEC, 0);
F(hf_ks_kex, "tls.handshake.extensions_key_share_key_exchange", "Key Exchange", FT_BYTES, BASE_NONE, 0);
F(hf_sv_len, "tls.handshake.extensions.supported_versions_len", "Supported Versions length", FT_UINT8, BASE_DEC, 0);
F(hf_sv, "tls.handshake.extensions.supported_version", "Supported Version", FT_UINT16, BASE_HEX, 0);
F(hf_pskm_len, "tls.extension.psk_ke_modes_length", "PSK Key Exchange Modes Length", FT_UINT8, BASE_DEC, 0);
F(hf_pskm, "tls.extension.psk_ke_mode", "PSK Key Exchange Mode", FT_UINT8, BASE_DEC, 0);
F(hf_hb_mode, "tls.handshake.extension.heartbeat.mode", "Mode", FT_UINT8, BASE_DEC, 0);
F(hf_ja3_full, "tls.handshake.ja3_full", "JA3 Fullstring", FT_STRING, BASE_NONE, 0);
F(hf_ja3, "tls.handshake.ja3", "JA3", FT_STRING, BASE_NONE, 0);
F(hf_ja3s_full, "tls.handshake.ja3s_full", "JA3S Fullstring", FT_STRING, BASE_NONE, 0);
F(hf_ja3s, "tls.handshake.ja3s", "JA3S", FT_STRING, BASE_NONE, 0);
F(hf_certs_len, "tls.handshake.certificates_length", "Certificates Length", FT_UINT24, BASE_DEC, 0);
F(hf_certs, "tls.handshake.certificates", "Certificates", FT_NONE, BASE_NONE, 0);
F(hf_cert_len, "tls.handshake.certificate_length", "Certificate Length", FT_UINT24, BASE_DEC, 0);
F(hf_cert, "tls.handshake.certificate", "Certificate", FT_BYTES, BASE_NONE, 0);
F(hf_curve_type, "tls.handshake.server_curve_type", "Curve Type", FT_UINT8, BASE_HEX, 0);
F(hf_named_curve, "tls.handshake.server_named_curve", "Named Curve", FT_UINT16, BASE_HEX, 0);
F(hf_spoint_len, "tls.handshake.server_point_len", "Pubkey Length", FT_UINT8, BASE_DEC, 0);
F(hf_spoint, "tls.handshake.server_point", "Pubkey", FT_BYTES, BASE_NONE, 0);
F(hf_sig_len, "tls.handshake.sig_len", "Signature Length", FT_UINT16, BASE_DEC, 0);
F(hf_sig, "tls.handshake.sig", "Signature", FT_BYTES, BASE_NONE, 0);
F(hf_cpoint_len, "tls.handshake.client_point_len", "Pubkey Length", FT_UINT8, BASE_DEC, 0);
F(hf_cpoint, "tls.handshake.client_point", "Pubkey", FT_BYTES, BASE_NONE, 0);
F(hf_epms_len, "tls.handshake.epms_len", "Encrypted PreMaster length", FT_UINT16, BASE_DEC, 0);
F(hf_epms, "tls.handshake.epms", "Encrypted PreMaster", FT_BYTES, BASE_NONE, 0);
F(hf_tkt_hint, "tls.handshake.session_ticket_lifetime_hint", "Session Ticket Lifetime Hint", FT_UINT32, BASE_DEC, 0);
F(hf_tkt_len, "tls.handshake.session_ticket_length", "Session Ticket Length", FT_UINT16, BASE_DEC, 0);
F(hf_tkt, "tls.handshake.session_ticket", "Session Ticket", FT_BYTES, BASE_NONE, 0);
F(hf_ocsp_len, "tls.handshake.ocsp_response_len", "OCSP Response Length", FT_UINT24, BASE_DEC, 0);
F(hf_resumed, "tls.resumed", "This session reuses previously negotiated keys (Session resumption)", FT_NONE, BASE_NONE, FF_GENERATED);
F(hf_sct_list_len, "tls.sct.scts_length", "Serialized SCT List Length", FT_UINT16, BASE_DEC, 0);
F(hf_sct_len, "tls.sct.sct_length", "Serialized SCT Length", FT_UINT16, BASE_DEC, 0);
F(hf_sct_version, "tls.sct.sct_version", "SCT Version", FT_UINT8, BASE_DEC, 0);
F(hf_sct_logid, "tls.sct.sct_logid", "Log ID", FT_BYTES, BASE_NONE, 0);
F(hf_sct_ts, "tls.sct.sct_timestamp", "Timestamp", FT_ABSOLUTE_TIME, BASE_TIME_UTC, 0);
F(hf_sct_ext_len, "tls.sct.sct_extensions_length", "Extensions length", FT_UINT16, BASE_DEC, 0);
F(hf_sct_sig_len, "tls.sct.sct_signature_length", "Signature Length", FT_UINT16, BASE_DEC, 0);
F(hf_sct_sig, "tls.sct.sct_signature", "Signature", FT_BYTES, BASE_NONE, 0);
F(hf_sr_list_len, "tls.handshake.extensions_status_request_list_len", "Certificate Status List Length", FT_UINT16, BASE_DEC, 0);
F(hf_sr_len, "tls.handshake.extensions_status_request_len", "Certificate Status Length", FT_UINT16, BASE_DEC, 0);

static struct field *const fields[] = {
	&hf_tls, &hf_record, &hf_rec_ct, &hf_rec_opaque, &hf_rec_version,
	&hf_rec_len, &hf_ccs, &hf_alert, &hf_alert_level, &hf_alert_desc,
	&hf_app_data, &hf_app_proto, &hf_hs, &hf_hs_type, &hf_hs_len,
	&hf_hs_version, &hf_random, &hf_random_time, &hf_random_bytes,
	&hf_sid_len, &hf_sid, &hf_cs_len, &hf_css, &hf_cs, &hf_cm_len, &hf_cms,
	&hf_cm, &hf_ext_len, &hf_ext_type, &hf_ext_elen, &hf_ext_data,
	&hf_sni_list_len, &hf_sni_type, &hf_sni_len, &hf_sni, &hf_groups_len,
	&hf_groups, &hf_group, &hf_ecpf_len, &hf_ecpfs, &hf_ecpf, &hf_alpn_len,
	&hf_alpn_list, &hf_alpn_str_len, &hf_alpn_str, &hf_sha_len, &hf_shas,
	&hf_sha, &hf_sha_hash, &hf_sha_sig, &hf_sr_type, &hf_sr_rid_len,
	&hf_sr_exts_len, &hf_reneg_len, &hf_padding, &hf_ks_client_len,
	&hf_ks_group, &hf_ks_kex_len, &hf_ks_kex, &hf_sv_len, &hf_sv,
	&hf_pskm_len, &hf_pskm, &hf_hb_mode, &hf_ja3_full, &hf_ja3,
	&hf_ja3s_full, &hf_ja3s, &hf_certs_len, &hf_certs, &hf_cert_len,
	&hf_cert, &hf_curve_type, &hf_named_curve, &hf_spoint_len, &hf_spoint,
	&hf_sig_len, &hf_sig, &hf_cpoint_len, &hf_cpoint, &hf_epms_len,
	&hf_epms, &hf_tkt_hint, &hf_tkt_len, &hf_tkt, &hf_ocsp_len, &hf_resumed,
	&hf_sct_list_len, &hf_sct_len, &hf_sct_version, &hf_sct_logid,
	&hf_sct_ts, &hf_sct_ext_len, &hf_sct_sig_len, &hf_sct_sig,
	&hf_sr_list_len, &hf_sr_len, NULL,
};

/* ---- per-conversation state ------------------------------------------------ */

struct tls_conv {
	uint16_t version;      /* negotiated (ServerHello), 0 unknown */
	uint16_t cipher;       /* negotiated cipher suite */
	bool ccs[2];           /* ChangeCipherSpec seen, per direction */
	bool client_sid;       /* the ClientHello offered a session id */
	uint8_t sid[32];
	uint8_t sid_len;
	int client_dir;        /* direction of the ClientHello, -1 unknown */
	bool h2;               /* the server selected ALPN "h2" */
	/* A handshake message split over records, per direction: */
	uint8_t *hs_buf[2];    /* xmalloc'd, hs_need bytes */
	uint32_t hs_have[2], hs_need[2];
};

static int tls_slot = -1;

static void tls_conv_free(struct conv *c, void *state)
{
	(void)c;
	struct tls_conv *t = state;
	xfree(t->hs_buf[0]);
	xfree(t->hs_buf[1]);
	xfree(t);
}

/* Messages longer than this are not reassembled across records. */
#define TLS_MAX_HS_MSG (1u << 20)

static void tls_init(void) { tls_slot = conv_ext_register("tls", tls_conv_free); }

static struct tls_conv *tls_conv_of(struct conv *c)
{
	if (!c || tls_slot < 0)
		return NULL;
	if (!c->ext[tls_slot]) {
		struct tls_conv *t = xcalloc(1, sizeof(*t));
		t->client_dir = -1;
		c->ext[tls_slot] = t;
	}
	return c->ext[tls_slot];
}

struct tctx {
	struct packet *pk;
	struct bv *bv;
	struct tls_conv *tc;   /* may be NULL */
	int dir;
	bool quic;             /* messages from QUIC CRYPTO frames */
	bool any_info;
};

static void info_add(struct tctx *c, const char *s)
{
	col_info_append_sep(c->pk, c->any_info ? ", " : NULL, "%s", s);
	c->any_info = true;
}

/* GREASE values (RFC 8701) are left out of JA3. */
static bool grease(uint16_t v) { return (v & 0x0f0f) == 0x0a0a && (v >> 8) == (v & 0xff); }

struct sbuf {
	char *p;
	size_t n, cap;
};

static void sb_add(struct sbuf *s, const char *fmt, unsigned v, bool *first)
{
	if (s->n + 16 >= s->cap)
		return;
	int k = snprintf(s->p + s->n, s->cap - s->n, *first ? fmt + 1 : fmt, v);
	if (k > 0)
		s->n += (size_t)k;
	*first = false;
}

static void sb_putc(struct sbuf *s, char ch)
{
	if (s->n + 1 < s->cap)
		s->p[s->n++] = ch;
	s->p[s->n] = '\0';
}

static void add_ja3(struct tctx *c, struct field *full, struct field *hash,
		    struct sbuf *s, uint32_t off)
{
	struct packet *pk = c->pk;
	if (!pk_wants(pk, full) && !pk_wants(pk, hash))
		return;
	char *cp = arena_strndup(&pk->arena, s->p, s->n);
	pk_add_bytes(pk, full, c->bv, off, 0, (const uint8_t *)cp, (uint32_t)s->n);
	uint8_t md[16];
	tls_md5((const uint8_t *)s->p, s->n, md);
	char *hex = arena_alloc(&pk->arena, 33);
	for (int i = 0; i < 16; i++)
		snprintf(hex + i * 2, 3, "%02x", md[i]);
	pk_add_bytes(pk, hash, c->bv, off, 0, (const uint8_t *)hex, 32);
}

/* A SignedCertificateTimestampList (RFC 6962 3.3) at [off, end): from the
 * ServerHello extension or from a certificate's X.509 extension. */
static void dissect_sct_list(struct tctx *c, uint32_t d, uint32_t e)
{
	struct packet *pk = c->pk;
	struct bv *bv = c->bv;
	pk_add_uint(pk, &hf_sct_list_len, bv, d, 2, bv_be16(bv, d));
	for (uint32_t p = d + 2; p + 2 <= e && bv_has(bv, p, 2);) {
		uint16_t sl = bv_be16(bv, p);
		uint32_t q = p + 2;
		pk_add_uint(pk, &hf_sct_len, bv, p, 2, sl);
		pk_add_uint(pk, &hf_sct_version, bv, q, 1, bv_u8(bv, q));
		pk_add_view(pk, &hf_sct_logid, bv, q + 1, 32);
		uint64_t ms = bv_be64(bv, q + 33);
		pk_add_time(pk, &hf_sct_ts, bv, q + 33, 8, (int64_t)(ms * 1000000));
		uint16_t xl = bv_be16(bv, q + 41);
		pk_add_uint(pk, &hf_sct_ext_len, bv, q + 41, 2, xl);
		uint32_t r = q + 43 + xl;
		uint16_t a = bv_be16(bv, r);
		pk_add_uint(pk, &hf_sha, bv, r, 2, a);
		pk_push(pk);
		pk_add_uint(pk, &hf_sha_hash, bv, r, 1, a >> 8);
		pk_add_uint(pk, &hf_sha_sig, bv, r + 1, 1, a & 0xff);
		pk_pop(pk);
		uint16_t gl = bv_be16(bv, r + 2);
		pk_add_uint(pk, &hf_sct_sig_len, bv, r + 2, 2, gl);
		pk_add_view(pk, &hf_sct_sig, bv, r + 4, gl);
		if (bv->trunc)
			break;
		p += 2u + sl;
	}
}

/* DER length at off: returns the header size (tag excluded) or 0. */
static uint32_t der_len(struct bv *bv, uint32_t off, uint32_t *len)
{
	uint8_t b = bv_u8(bv, off);
	if (b < 0x80) {
		*len = b;
		return 1;
	}
	uint32_t n = b & 0x7f, v = 0;
	if (n == 0 || n > 3)
		return 0;
	for (uint32_t i = 0; i < n; i++)
		v = (v << 8) | bv_u8(bv, off + 1 + i);
	*len = v;
	return 1 + n;
}

/* The SCT list extension of an X.509 certificate [off, end): tshark's
 * x509 dissector hands it to TLS. Found by its OID (1.3.6.1.4.1.11129.2.4.2)
 * followed by an optional critical flag and two nested OCTET STRINGs. */
static void cert_scts(struct tctx *c, uint32_t off, uint32_t end)
{
	static const uint8_t oid[] = { 0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01,
				       0xd6, 0x79, 0x02, 0x04, 0x02 };
	struct bv *bv = c->bv;
	if (!bv_has(bv, off, end - off))
		return;
	const uint8_t *b = bv->p + off;
	size_t n = end - off;
	const uint8_t *hit = memmem(b, n, oid, sizeof(oid));
	if (!hit)
		return;
	uint32_t p = off + (uint32_t)(hit - b) + sizeof(oid);
	if (bv_u8(bv, p) == 0x01) /* BOOLEAN critical */
		p += 3;
	uint32_t l1, l2, h;
	if (bv_u8(bv, p) != 0x04 || !(h = der_len(bv, p + 1, &l1)))
		return;
	p += 1 + h;
	if (bv_u8(bv, p) != 0x04 || !(h = der_len(bv, p + 1, &l2)))
		return;
	p += 1 + h;
	if (p + l2 > end || l2 > l1)
		return;
	dissect_sct_list(c, p, p + l2);
}

/* Extensions block at [off, end). hello: 1 client, 2 server. Appends the
 * JA3 pieces to s (extensions list, then groups and formats for client). */
static void dissect_extensions(struct tctx *c, uint32_t off, uint32_t end,
			       int hello, struct sbuf *ext_s, struct sbuf *grp_s,
			       struct sbuf *fmt_s, uint16_t *sel_version)
{
	struct packet *pk = c->pk;
	struct bv *bv = c->bv;
	bool fe = true, fg = true, ff = true;
	while (off + 4 <= end && bv_has(bv, off, 4)) {
		uint16_t type = bv_be16(bv, off), len = bv_be16(bv, off + 2);
		uint32_t d = off + 4, e = d + len;
		if (e > end)
			e = end;
		if (!grease(type))
			sb_add(ext_s, "-%u", type, &fe);
		pk_add_text(pk, bv, off, 4u + len, "Extension: %u (len=%u)", type, len);
		pk_push(pk);
		pk_add_uint(pk, &hf_ext_type, bv, off, 2, type);
		pk_add_uint(pk, &hf_ext_elen, bv, off + 2, 2, len);
		switch (type) {
		case 0: /* server_name */
			if (len >= 2) {
				pk_add_uint(pk, &hf_sni_list_len, bv, d, 2, bv_be16(bv, d));
				for (uint32_t p = d + 2; p + 3 <= e;) {
					uint16_t nl = bv_be16(bv, p + 1);
					pk_add_uint(pk, &hf_sni_type, bv, p, 1, bv_u8(bv, p));
					pk_add_uint(pk, &hf_sni_len, bv, p + 1, 2, nl);
					pk_add_view(pk, &hf_sni, bv, p + 3, nl);
					p += 3u + nl;
				}
			}
			break;
		case 10: { /* supported_groups */
			uint16_t gl = bv_be16(bv, d);
			pk_add_uint(pk, &hf_groups_len, bv, d, 2, gl);
			pk_add_none(pk, &hf_groups, bv, d + 2, gl);
			pk_push(pk);
			for (uint32_t p = d + 2; p + 2 <= d + 2u + gl && p + 2 <= e; p += 2) {
				uint16_t g = bv_be16(bv, p);
				pk_add_uint(pk, &hf_group, bv, p, 2, g);
				if (!grease(g))
					sb_add(grp_s, "-%u", g, &fg);
			}
			pk_pop(pk);
			break;
		}
		case 11: { /* ec_point_formats */
			uint8_t fl = bv_u8(bv, d);
			pk_add_uint(pk, &hf_ecpf_len, bv, d, 1, fl);
			pk_add_none(pk, &hf_ecpfs, bv, d + 1, fl);
			pk_push(pk);
			for (uint32_t p = d + 1; p < d + 1u + fl && p < e; p++) {
				pk_add_uint(pk, &hf_ecpf, bv, p, 1, bv_u8(bv, p));
				sb_add(fmt_s, "-%u", bv_u8(bv, p), &ff);
			}
			pk_pop(pk);
			break;
		}
		case 13: /* signature_algorithms */
		case 50: { /* signature_algorithms_cert */
			uint16_t sl = bv_be16(bv, d);
			pk_add_uint(pk, &hf_sha_len, bv, d, 2, sl);
			pk_add_none(pk, &hf_shas, bv, d + 2, sl);
			pk_push(pk);
			for (uint32_t p = d + 2; p + 2 <= d + 2u + sl && p + 2 <= e; p += 2) {
				pk_add_uint(pk, &hf_sha, bv, p, 2, bv_be16(bv, p));
				pk_push(pk);
				pk_add_uint(pk, &hf_sha_hash, bv, p, 1, bv_u8(bv, p));
				pk_add_uint(pk, &hf_sha_sig, bv, p + 1, 1, bv_u8(bv, p + 1));
				pk_pop(pk);
			}
			pk_pop(pk);
			break;
		}
		case 16: { /* ALPN */
			uint16_t al = bv_be16(bv, d);
			pk_add_uint(pk, &hf_alpn_len, bv, d, 2, al);
			pk_add_none(pk, &hf_alpn_list, bv, d + 2, al);
			pk_push(pk);
			for (uint32_t p = d + 2; p < e && bv_has(bv, p, 1);) {
				uint8_t l = bv_u8(bv, p);
				pk_add_uint(pk, &hf_alpn_str_len, bv, p, 1, l);
				pk_add_view(pk, &hf_alpn_str, bv, p + 1, l);
				if (hello == 2 && c->tc && l == 2 && bv_has(bv, p + 1, 2) &&
				    memcmp(bv->p + p + 1, "h2", 2) == 0)
					c->tc->h2 = true;
				p += 1u + l;
			}
			pk_pop(pk);
			break;
		}
		case 17: /* status_request_v2 (RFC 6961) */
			if (hello == 1 && len >= 2) {
				pk_add_uint(pk, &hf_sr_list_len, bv, d, 2, bv_be16(bv, d));
				for (uint32_t p = d + 2; p + 3 <= e;) {
					uint16_t il = bv_be16(bv, p + 1);
					pk_add_uint(pk, &hf_sr_type, bv, p, 1, bv_u8(bv, p));
					pk_add_uint(pk, &hf_sr_len, bv, p + 1, 2, il);
					uint16_t rl = bv_be16(bv, p + 3);
					pk_add_uint(pk, &hf_sr_rid_len, bv, p + 3, 2, rl);
					pk_add_uint(pk, &hf_sr_exts_len, bv, p + 5 + rl, 2,
						    bv_be16(bv, p + 5 + rl));
					p += 3u + il;
				}
			}
			break;
		case 5: /* status_request */
			if (hello == 1 && len >= 5) {
				pk_add_uint(pk, &hf_sr_type, bv, d, 1, bv_u8(bv, d));
				uint16_t rl = bv_be16(bv, d + 1);
				pk_add_uint(pk, &hf_sr_rid_len, bv, d + 1, 2, rl);
				pk_add_uint(pk, &hf_sr_exts_len, bv, d + 3 + rl, 2, bv_be16(bv, d + 3 + rl));
			}
			break;
		case 65281: /* renegotiation_info */
			pk_add_uint(pk, &hf_reneg_len, bv, d, 1, bv_u8(bv, d));
			break;
		case 21: /* padding */
			pk_add_view(pk, &hf_padding, bv, d, len);
			break;
		case 51: /* key_share */
			if (hello == 1) {
				uint16_t kl = bv_be16(bv, d);
				pk_add_uint(pk, &hf_ks_client_len, bv, d, 2, kl);
				for (uint32_t p = d + 2; p + 4 <= e;) {
					uint16_t xl = bv_be16(bv, p + 2);
					pk_add_uint(pk, &hf_ks_group, bv, p, 2, bv_be16(bv, p));
					pk_add_uint(pk, &hf_ks_kex_len, bv, p + 2, 2, xl);
					pk_add_view(pk, &hf_ks_kex, bv, p + 4, xl);
					p += 4u + xl;
				}
			} else if (len >= 4) {
				uint16_t xl = bv_be16(bv, d + 2);
				pk_add_uint(pk, &hf_ks_group, bv, d, 2, bv_be16(bv, d));
				pk_add_uint(pk, &hf_ks_kex_len, bv, d + 2, 2, xl);
				pk_add_view(pk, &hf_ks_kex, bv, d + 4, xl);
			} else if (len == 2) {
				pk_add_uint(pk, &hf_ks_group, bv, d, 2, bv_be16(bv, d));
			}
			break;
		case 43: /* supported_versions */
			if (hello == 1) {
				uint8_t vl = bv_u8(bv, d);
				pk_add_uint(pk, &hf_sv_len, bv, d, 1, vl);
				for (uint32_t p = d + 1; p + 2 <= d + 1u + vl && p + 2 <= e; p += 2)
					pk_add_uint(pk, &hf_sv, bv, p, 2, bv_be16(bv, p));
			} else {
				uint16_t v = bv_be16(bv, d);
				pk_add_uint(pk, &hf_sv, bv, d, 2, v);
				if (sel_version)
					*sel_version = v;
			}
			break;
		case 45: { /* psk_key_exchange_modes */
			uint8_t ml = bv_u8(bv, d);
			pk_add_uint(pk, &hf_pskm_len, bv, d, 1, ml);
			for (uint32_t p = d + 1; p < d + 1u + ml && p < e; p++)
				pk_add_uint(pk, &hf_pskm, bv, p, 1, bv_u8(bv, p));
			break;
		}
		case 15: /* heartbeat */
			pk_add_uint(pk, &hf_hb_mode, bv, d, 1, bv_u8(bv, d));
			break;
		case 18: /* signed_certificate_timestamp */
			if (hello == 2 && len >= 2)
				dissect_sct_list(c, d, e);
			break;
		case 23: /* extended_master_secret: no data */
		case 22: /* encrypt_then_mac */
		case 49: /* post_handshake_auth */
			break;
		default:
			pk_add_view(pk, &hf_ext_data, bv, d, len);
		}
		pk_pop(pk);
		off = d + len;
	}
}

static bool kex_is_ecdhe(uint16_t cs)
{
	/* ECDHE suites: 0xc006..0xc03x ECDHE_*, 0xc072.., 0xcca8/0xcca9/0xccac */
	if (cs >= 0xc006 && cs <= 0xc00a) return true;
	if (cs >= 0xc010 && cs <= 0xc014) return true;
	if (cs >= 0xc023 && cs <= 0xc024) return true;
	if (cs >= 0xc027 && cs <= 0xc028) return true;
	if (cs >= 0xc02b && cs <= 0xc02c) return true;
	if (cs >= 0xc02f && cs <= 0xc030) return true;
	if (cs >= 0xc033 && cs <= 0xc03b) return true;
	if (cs == 0xcca8 || cs == 0xcca9 || cs == 0xccac) return true;
	return false;
}

static bool kex_is_rsa(uint16_t cs)
{
	return (cs >= 0x0001 && cs <= 0x000a) || cs == 0x002f || cs == 0x0035 ||
	       cs == 0x003c || cs == 0x003d || cs == 0x0041 || cs == 0x0084 ||
	       cs == 0x0096 || cs == 0x009c || cs == 0x009d || cs == 0x00ff;
}

/* The version a ServerHello body [d, e) selects: supported_versions when
 * present, else the legacy version field. */
static uint16_t sh_version(struct bv *bv, uint32_t d, uint32_t e)
{
	uint32_t p = d + 34;
	p += 1u + bv_u8(bv, p); /* session id */
	p += 3;                 /* cipher suite, compression */
	if (p + 2 > e)
		return bv_be16(bv, d);
	uint32_t end = p + 2 + bv_be16(bv, p);
	if (end > e)
		end = e;
	for (p += 2; p + 4 <= end && bv_has(bv, p, 4);) {
		uint16_t t = bv_be16(bv, p), l = bv_be16(bv, p + 2);
		if (t == 43 && l == 2)
			return bv_be16(bv, p + 4);
		p += 4u + l;
	}
	return bv_be16(bv, d);
}

/* One handshake message body [d, d+len) of type t. */
static void dissect_hs_body(struct tctx *c, uint8_t t, uint32_t d, uint32_t len)
{
	struct packet *pk = c->pk;
	struct bv *bv = c->bv;
	uint32_t e = d + len;
	switch (t) {
	case 1:
	case 2: {
		uint16_t v = bv_be16(bv, d);
		pk_add_uint(pk, &hf_hs_version, bv, d, 2, v);
		pk_add_view(pk, &hf_random, bv, d + 2, 32);
		/* tshark splits the random into time + bytes except for a
		 * TLS 1.3 ServerHello (it looks ahead at supported_versions). */
		if (t == 1 || sh_version(bv, d, e) != 0x0304) {
			pk_push(pk);
			pk_add_time(pk, &hf_random_time, bv, d + 2, 4, (int64_t)bv_be32(bv, d + 2) * 1000000000);
			pk_add_view(pk, &hf_random_bytes, bv, d + 6, 28);
			pk_pop(pk);
		}
		uint32_t p = d + 34;
		uint8_t sl = bv_u8(bv, p);
		pk_add_uint(pk, &hf_sid_len, bv, p, 1, sl);
		if (sl)
			pk_add_view(pk, &hf_sid, bv, p + 1, sl);
		const uint8_t *sid = bv_ptr(bv, p + 1, sl);
		p += 1u + sl;
		char bufs[4][2048];
		struct sbuf cs_s = { bufs[0], 0, sizeof(bufs[0]) }, ext_s = { bufs[1], 0, sizeof(bufs[1]) },
			    grp_s = { bufs[2], 0, sizeof(bufs[2]) }, fmt_s = { bufs[3], 0, sizeof(bufs[3]) };
		for (int i = 0; i < 4; i++)
			bufs[i][0] = '\0';
		bool fc = true;
		uint16_t cipher = 0;
		if (t == 1) {
			uint16_t cl = bv_be16(bv, p);
			pk_add_uint(pk, &hf_cs_len, bv, p, 2, cl);
			struct item *it = pk_add_none(pk, &hf_css, bv, p + 2, cl);
			pk_item_text(pk, it, "Cipher Suites (%u suites)", cl / 2u);
			pk_push(pk);
			for (uint32_t q = p + 2; q + 2 <= p + 2u + cl && bv_has(bv, q, 2); q += 2) {
				uint16_t cs = bv_be16(bv, q);
				pk_add_uint(pk, &hf_cs, bv, q, 2, cs);
				if (!grease(cs))
					sb_add(&cs_s, "-%u", cs, &fc);
			}
			pk_pop(pk);
			p += 2u + cl;
			uint8_t ml = bv_u8(bv, p);
			pk_add_uint(pk, &hf_cm_len, bv, p, 1, ml);
			pk_add_none(pk, &hf_cms, bv, p + 1, ml);
			pk_push(pk);
			for (uint32_t q = p + 1; q < p + 1u + ml && bv_has(bv, q, 1); q++)
				pk_add_uint(pk, &hf_cm, bv, q, 1, bv_u8(bv, q));
			pk_pop(pk);
			p += 1u + ml;
			if (c->tc && sid && sl <= 32) {
				c->tc->sid_len = sl;
				memcpy(c->tc->sid, sid, sl);
				c->tc->client_dir = c->dir;
			}
		} else {
			cipher = bv_be16(bv, p);
			pk_add_uint(pk, &hf_cs, bv, p, 2, cipher);
			pk_add_uint(pk, &hf_cm, bv, p + 2, 1, bv_u8(bv, p + 2));
			sb_add(&cs_s, "-%u", cipher, &fc);
			p += 3;
		}
		uint16_t sel = 0;
		if (p + 2 <= e) {
			uint16_t el = bv_be16(bv, p);
			pk_add_uint(pk, &hf_ext_len, bv, p, 2, el);
			dissect_extensions(c, p + 2, e < p + 2u + el ? e : p + 2u + el, t,
					   &ext_s, &grp_s, &fmt_s, &sel);
		}
		/* JA3 (client): version,ciphers,extensions,groups,formats;
		 * JA3S (server): version,cipher,extensions. */
		char full[8192];
		struct sbuf fs = { full, 0, sizeof(full) };
		full[0] = '\0';
		fs.n = (size_t)snprintf(full, sizeof(full), "%u,%s,%s", v, bufs[0], bufs[1]);
		if (fs.n >= sizeof(full))
			fs.n = sizeof(full) - 1;
		if (t == 1) {
			sb_putc(&fs, ',');
			for (const char *s = bufs[2]; *s; s++)
				sb_putc(&fs, *s);
			sb_putc(&fs, ',');
			for (const char *s = bufs[3]; *s; s++)
				sb_putc(&fs, *s);
			add_ja3(c, &hf_ja3_full, &hf_ja3, &fs, d);
		} else {
			add_ja3(c, &hf_ja3s_full, &hf_ja3s, &fs, d);
			if (c->tc) {
				c->tc->version = sel ? sel : v;
				c->tc->cipher = cipher;
				/* Resumption: the server echoes the client's
				 * non-empty session id (tshark's tls.resumed). */
				if (sl && sid && sl == c->tc->sid_len &&
				    memcmp(sid, c->tc->sid, sl) == 0 && !c->quic) {
					pk_add_none(pk, &hf_resumed, bv, d, 0);
				}
			}
		}
		break;
	}
	case 11: {
		uint32_t tl = bv_be24(bv, d);
		pk_add_uint(pk, &hf_certs_len, bv, d, 3, tl);
		pk_add_none(pk, &hf_certs, bv, d + 3, tl);
		pk_push(pk);
		for (uint32_t p = d + 3; p + 3 <= e && bv_has(bv, p, 3);) {
			uint32_t cl = bv_be24(bv, p);
			pk_add_uint(pk, &hf_cert_len, bv, p, 3, cl);
			pk_add_view(pk, &hf_cert, bv, p + 3, cl);
			if (p + 3 + cl <= e)
				cert_scts(c, p + 3, p + 3 + cl);
			p += 3u + cl;
		}
		pk_pop(pk);
		break;
	}
	case 12: /* ServerKeyExchange */
		if (c->tc && kex_is_ecdhe(c->tc->cipher)) {
			pk_add_uint(pk, &hf_curve_type, bv, d, 1, bv_u8(bv, d));
			pk_add_uint(pk, &hf_named_curve, bv, d + 1, 2, bv_be16(bv, d + 1));
			uint8_t pl = bv_u8(bv, d + 3);
			pk_add_uint(pk, &hf_spoint_len, bv, d + 3, 1, pl);
			pk_add_view(pk, &hf_spoint, bv, d + 4, pl);
			uint32_t p = d + 4 + pl;
			if (c->tc->version >= 0x0303) {
				uint16_t a = bv_be16(bv, p);
				pk_add_uint(pk, &hf_sha, bv, p, 2, a);
				pk_push(pk);
				pk_add_uint(pk, &hf_sha_hash, bv, p, 1, a >> 8);
				pk_add_uint(pk, &hf_sha_sig, bv, p + 1, 1, a & 0xff);
				pk_pop(pk);
				p += 2;
			}
			uint16_t sl = bv_be16(bv, p);
			pk_add_uint(pk, &hf_sig_len, bv, p, 2, sl);
			pk_add_view(pk, &hf_sig, bv, p + 2, sl);
		}
		break;
	case 16: /* ClientKeyExchange */
		if (c->tc && kex_is_ecdhe(c->tc->cipher)) {
			uint8_t pl = bv_u8(bv, d);
			pk_add_uint(pk, &hf_cpoint_len, bv, d, 1, pl);
			pk_add_view(pk, &hf_cpoint, bv, d + 1, pl);
		} else if (c->tc && kex_is_rsa(c->tc->cipher)) {
			uint16_t pl = bv_be16(bv, d);
			pk_add_uint(pk, &hf_epms_len, bv, d, 2, pl);
			pk_add_view(pk, &hf_epms, bv, d + 2, pl);
		}
		break;
	case 4: /* NewSessionTicket (TLS 1.2) */
		if (!c->tc || c->tc->version != 0x0304) {
			pk_add_uint(pk, &hf_tkt_hint, bv, d, 4, bv_be32(bv, d));
			uint16_t tl = bv_be16(bv, d + 4);
			pk_add_uint(pk, &hf_tkt_len, bv, d + 4, 2, tl);
			pk_add_view(pk, &hf_tkt, bv, d + 6, tl);
		}
		break;
	case 22: /* CertificateStatus */
		if (bv_u8(bv, d) == 1) {
			pk_add_uint(pk, &hf_sr_type, bv, d, 1, 1);
			pk_add_uint(pk, &hf_ocsp_len, bv, d + 1, 3, bv_be24(bv, d + 1));
		}
		break;
	default:
		break;
	}
}

/* Handshake messages in [off, end) of one record (or a CRYPTO stream).
 * Returns bytes of whole messages. */
static uint32_t dissect_hs_msgs(struct tctx *c, uint32_t off, uint32_t end,
				bool encrypted)
{
	struct packet *pk = c->pk;
	struct bv *bv = c->bv;
	if (encrypted) {
		struct item *it = pk_add_none(pk, &hf_hs, bv, off, end - off);
		pk_item_text(pk, it, "Handshake Protocol: Encrypted Handshake Message");
		info_add(c, "Encrypted Handshake Message");
		return end - off;
	}
	uint32_t start = off;
	struct tls_conv *tc = c->tc;
	int dir = c->dir;
	if (tc && tc->hs_need[dir]) {
		/* Continue a message begun in an earlier record. */
		uint32_t take = tc->hs_need[dir] - tc->hs_have[dir];
		if (take > end - off)
			take = end - off;
		if (!bv_has(bv, off, take))
			take = bv_remaining(bv, off);
		memcpy(tc->hs_buf[dir] + tc->hs_have[dir], bv->p + off, take);
		tc->hs_have[dir] += take;
		off += take;
		if (tc->hs_have[dir] == tc->hs_need[dir]) {
			uint32_t n = tc->hs_need[dir];
			uint8_t *cp = arena_alloc(&pk->arena, n);
			memcpy(cp, tc->hs_buf[dir], n);
			xfree(tc->hs_buf[dir]);
			tc->hs_buf[dir] = NULL;
			tc->hs_need[dir] = tc->hs_have[dir] = 0;
			struct bv mb = bv_make(cp, n, n);
			mb.base = bv->base + start;
			struct tctx mc = *c;
			mc.bv = &mb;
			dissect_hs_msgs(&mc, 0, n, false);
			c->any_info = mc.any_info;
		}
	}
	while (off + 4 <= end && bv_has(bv, off, 4)) {
		uint8_t t = bv_u8(bv, off);
		uint32_t len = bv_be24(bv, off + 1);
		const char *name = tok_find(hs_vals, t);
		if (!name || (off + 4 + len > end && (!tc || len + 4 > TLS_MAX_HS_MSG))) {
			/* Not a plausible message: encrypted (e.g. after a
			 * resumed handshake's CCS we did not see). */
			if (off == start) {
				struct item *it = pk_add_none(pk, &hf_hs, bv, off, end - off);
				pk_item_text(pk, it, "Handshake Protocol: Encrypted Handshake Message");
				info_add(c, "Encrypted Handshake Message");
			}
			return end - start;
		}
		if (off + 4 + len > end) {
			/* The rest comes in the next record(s) (tshark
			 * reassembles handshake messages across records). */
			if (tc && bv_has(bv, off, end - off)) {
				xfree(tc->hs_buf[dir]);
				tc->hs_buf[dir] = xmalloc(len + 4);
				tc->hs_need[dir] = len + 4;
				tc->hs_have[dir] = end - off;
				memcpy(tc->hs_buf[dir], bv->p + off, end - off);
				off = end;
			}
			break;
		}
		struct item *it = pk_add_none(pk, &hf_hs, bv, off, 4 + len);
		pk_item_text(pk, it, "Handshake Protocol: %s", name);
		pk_push(pk);
		pk_add_uint(pk, &hf_hs_type, bv, off, 1, t);
		pk_add_uint(pk, &hf_hs_len, bv, off + 1, 3, len);
		dissect_hs_body(c, t, off + 4, len);
		pk_pop(pk);
		info_add(c, name);
		off += 4 + len;
	}
	return off - start;
}

int tls_dissect_handshake_msgs(struct packet *pk, struct bv *bv)
{
	struct tctx c = { pk, bv, NULL, 0, true, false };
	pk_layer_begin(pk, "tls", &hf_tls, bv, 0, bv->len);
	uint32_t n = dissect_hs_msgs(&c, 0, bv->len, false);
	pk_layer_end(pk);
	return (int)n;
}

/* The protocol tshark would hand decrypted data to: from ALPN, else from
 * the server port (tls.port associations). */
static const char *app_proto(const struct packet *pk, const struct tls_conv *tc)
{
	static const struct { uint16_t port; const char *name; } assoc[] = {
		{ 443, "Hypertext Transfer Protocol" },
		{ 465, "Simple Mail Transfer Protocol" },
		{ 993, "Internet Message Access Protocol" },
		{ 995, "Post Office Protocol" },
		{ 636, "Lightweight Directory Access Protocol" },
		{ 5061, "Session Initiation Protocol" },
		{ 8883, "MQ Telemetry Transport Protocol" },
		{ 5671, "Advanced Message Queuing Protocol" },
		{ 853, "Domain Name System" },
		{ 0, NULL },
	};
	if (tc && tc->h2)
		return "HyperText Transfer Protocol 2";
	for (int i = 0; assoc[i].name; i++)
		if (pk->srcport == assoc[i].port || pk->dstport == assoc[i].port)
			return assoc[i].name;
	return NULL;
}

static bool plausible_record(struct bv *bv, uint32_t off)
{
	uint8_t ct = bv_u8(bv, off);
	uint8_t maj = bv_u8(bv, off + 1);
	return ct >= 20 && ct <= 24 && (maj == 3 || maj == 0xfe);
}

static bool tls_port(uint16_t p)
{
	static const uint16_t ports[] = { 3249, 1300, 465, 3250, 3251, 3252, 27017,
		5671, 853, 5868, 5684, 2443, 19999, 324, 5061, 802, 3496, 993,
		8883, 995, 11207, 443, 636, 2221, 0 };
	for (int i = 0; ports[i]; i++)
		if (ports[i] == p)
			return true;
	return false;
}

static int dissect_tls(struct packet *pk, struct bv *bv, void *data)
{
	struct tcp_pdu_ctx *tcx = pk->ipproto == 6 ? data : NULL;
	if (!tls_port(pk->srcport) && !tls_port(pk->dstport)) {
		/* Called as a TCP heuristic: take conversations already
		 * seen as TLS, and new ones that open with a hello record
		 * (tshark's tls heuristic then claims the conversation). */
		bool known = tcx && tls_slot >= 0 && tcx->conv->ext[tls_slot];
		if (!known) {
			if (!tcx || !bv_has(bv, 0, 6) || bv_u8(bv, 0) != 22 ||
			    bv_u8(bv, 1) != 3 || bv_u8(bv, 2) > 4 ||
			    (bv_u8(bv, 5) != 1 && bv_u8(bv, 5) != 2))
				return -1;
		}
	}
	struct tls_conv *tc = tcx ? tls_conv_of(tcx->conv) : NULL;
	struct tctx c = { pk, bv, tc, tcx ? tcx->dir : 0, false, false };
	uint32_t off = 0;
	bool layer = false;
	uint16_t first_ver = 0;
	while (off < bv->len) {
		uint32_t have = bv->len - off;
		if (have < 5 || !plausible_record(bv, off)) {
			if (have < 5 && tcx && bv->len == bv->rlen && plausible_record(bv, off)) {
				tcx->desegment_offset = off;
				tcx->desegment_len = TCP_DESEGMENT_ONE_MORE;
				if (!layer)
					pk_add_layer_name(pk, "tls");
				break;
			}
			if (off == 0) {
				pk_layer_begin(pk, "tls", &hf_tls, bv, 0, bv->len);
				pk_layer_end(pk);
				col_set_proto(pk, "SSL");
				col_info_printf(pk, "Continuation Data");
				return (int)bv->len;
			}
			break;
		}
		uint8_t ct = bv_u8(bv, off);
		uint16_t ver = bv_be16(bv, off + 1);
		uint16_t len = bv_be16(bv, off + 3);
		if (5u + len > have && tcx && bv->len == bv->rlen) {
			tcx->desegment_offset = off;
			tcx->desegment_len = 5u + len - have;
			/* tshark's TLS has added its protocol item before it
			 * asks for more, so the segment lists "tls". */
			if (!layer)
				pk_add_layer_name(pk, "tls");
			break;
		}
		if (!layer) {
			pk_layer_begin(pk, "tls", &hf_tls, bv, off, bv->len - off);
			layer = true;
			first_ver = ver;
			/* TCP may call us twice for one frame (a reassembled
			 * PDU, then the rest of the segment): the second call
			 * continues the Info column of the first. */
			static uint64_t info_frame;
			if (info_frame == pk->num && pk->num) {
				c.any_info = true;
			} else {
				col_info_printf(pk, "%s", "");
				info_frame = pk->num;
			}
		}
		uint32_t d = off + 5, e = d + len;
		if (e > bv->len)
			e = bv->len;
		bool enc = tc && tc->ccs[c.dir];
		struct item *rit = pk_add_none(pk, &hf_record, bv, off, 5u + len);
		pk_item_text(pk, rit, "%s Record Layer: %s", proto_col(ver),
			     tok_str(ct_vals, ct, "Unknown"));
		pk_push(pk);
		pk_add_uint(pk, (tc && tc->version == 0x0304 && ct == 23) ? &hf_rec_opaque : &hf_rec_ct,
			    bv, off, 1, ct);
		pk_add_uint(pk, &hf_rec_version, bv, off + 1, 2, ver);
		pk_add_uint(pk, &hf_rec_len, bv, off + 3, 2, len);
		switch (ct) {
		case 20:
			pk_add_none(pk, &hf_ccs, bv, d, len);
			info_add(&c, "Change Cipher Spec");
			if (tc)
				tc->ccs[c.dir] = true;
			break;
		case 21:
			if (enc || len != 2) {
				struct item *it = pk_add_none(pk, &hf_alert, bv, d, len);
				pk_item_text(pk, it, "Alert Message: Encrypted Alert");
				info_add(&c, "Encrypted Alert");
			} else {
				uint8_t lv = bv_u8(bv, d), ds = bv_u8(bv, d + 1);
				pk_add_none(pk, &hf_alert, bv, d, 2);
				pk_push(pk);
				pk_add_uint(pk, &hf_alert_level, bv, d, 1, lv);
				pk_add_uint(pk, &hf_alert_desc, bv, d + 1, 1, ds);
				pk_pop(pk);
				char s[96];
				snprintf(s, sizeof(s), "Alert (Level: %s, Description: %s)",
					 tok_str(alert_level_vals, lv, "Unknown"),
					 tok_str(alert_desc_vals, ds, "Unknown"));
				info_add(&c, s);
			}
			break;
		case 22:
			dissect_hs_msgs(&c, d, e, enc);
			break;
		case 23: {
			pk_add_view(pk, &hf_app_data, bv, d, e - d);
			const char *ap = app_proto(pk, tc);
			if (ap)
				pk_add_bytes(pk, &hf_app_proto, bv, d, e - d,
					     (const uint8_t *)ap, (uint32_t)strlen(ap));
			info_add(&c, "Application Data");
			break;
		}
		case 24:
			info_add(&c, enc ? "Encrypted Heartbeat" : "Heartbeat");
			break;
		}
		pk_pop(pk);
		off = d + len;
	}
	if (layer) {
		pk_layer_end(pk);
		uint16_t v = tc && tc->version ? tc->version : first_ver;
		col_set_proto(pk, proto_col(v));
	}
	return (int)bv->len;
}

/* tshark's tcp.port decode-as table for tls (tshark -G decodes). */
static const struct handoff handoffs[] = {
	{ DT_TCP_PORT, 3249 }, { DT_TCP_PORT, 1300 }, { DT_TCP_PORT, 465 },
	{ DT_TCP_PORT, 3250 }, { DT_TCP_PORT, 3251 }, { DT_TCP_PORT, 3252 },
	{ DT_TCP_PORT, 27017 }, { DT_TCP_PORT, 5671 }, { DT_TCP_PORT, 853 },
	{ DT_TCP_PORT, 5868 }, { DT_TCP_PORT, 5684 }, { DT_TCP_PORT, 2443 },
	{ DT_TCP_PORT, 19999 }, { DT_TCP_PORT, 324 }, { DT_TCP_PORT, 5061 },
	{ DT_TCP_PORT, 802 }, { DT_TCP_PORT, 3496 }, { DT_TCP_PORT, 993 },
	{ DT_TCP_PORT, 8883 }, { DT_TCP_PORT, 995 }, { DT_TCP_PORT, 11207 },
	{ DT_TCP_PORT, 443 }, { DT_TCP_PORT, 636 }, { DT_TCP_PORT, 2221 },
	{ DT_NONE, 0 },
};

const struct dissector dissector_tls = {
	.name = "tls",
	.long_name = "Transport Layer Security",
	.app = true,
	.fields = fields,
	.handoffs = handoffs,
	.heur_table = DT_TCP_PORT,
	.min_len = 1,
	.dissect = dissect_tls,
	.init = tls_init,
};
