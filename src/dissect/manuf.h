/* manuf.h — Ethernet address names the way Wireshark 4.0 resolves them
 * (epan/addr_resolv.c): "Broadcast", "Apple_96:d2:a0", "IPv4mcast_7f:ff:fa".
 *
 * Names come from Wireshark's data files: `manuf` (OUIs with short and long
 * names, plus /28 and /36 blocks) and `wka` (well-known addresses and
 * ranges), read from $TAPIR_WIRESHARK_DIR or /usr/share/wireshark (Debian
 * package libwireshark-data), and /etc/ethers. Without them every address
 * resolves to its plain colon form and no OUI has a name.
 */
#ifndef TAPIR_DISSECT_MANUF_H
#define TAPIR_DISSECT_MANUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Writes the resolved name of mac into dst (NUL-terminated, at most dstlen
 * bytes; 64 is always enough) and returns its length. Loads the tables on
 * first use; not thread safe on that first call. */
size_t manuf_eth_name(const uint8_t mac[6], char *dst, size_t dstlen);

/* Name resolution switch (tshark -n turns it off): when off,
 * manuf_eth_name gives the plain colon form and labels show no name.
 * Vendor (OUI) lookups are not affected, as in tshark. */
void manuf_set_resolution(bool on);
bool manuf_resolution(void);

/* Long vendor name of mac's OUI ("Apple, Inc."), or NULL when the OUI is not
 * in the manuf table (Wireshark's get_manuf_name_if_known: the group bit is
 * ignored when the exact OUI is unknown). The string lives until exit. */
const char *manuf_oui_longname(const uint8_t mac[6]);

/* Short vendor name of the OUI ("Apple") or NULL; same lookup rules. */
const char *manuf_oui_name(const uint8_t mac[6]);

#endif
