/* stats_tree.h — counter trees on top of taps (Wireshark's stats_tree API):
 * a statistic declares a tap, an abbreviation and a menu name; its init
 * creates nodes, its packet callback ticks them, and the library prints the
 * tree in tshark's text layout (Topic / Item, Count, Average, Min Val,
 * Max Val, Rate (ms), Percent, Burst Rate, Burst Start).
 *
 * Registering a tree also registers `-z ABBR,tree[,filter]`:
 *
 *   static int node_len;
 *   static void foo_init(struct stats_tree *st)
 *   {
 *       node_len = st_create_range_node(st, "Lengths", 0,
 *                                       "0-99", "100-", NULL);
 *   }
 *   static bool foo_packet(struct stats_tree *st, struct packet *pk,
 *                          const void *data)
 *   {
 *       const struct foo_info *f = data;
 *       st_tick_node(st, "Lengths", 0, false);
 *       st_tick_range(st, "Lengths", 0, f->len);
 *       st_tick_pivot(st, node_type, f->is_req ? "Request" : "Reply");
 *       return true;
 *   }
 *   const struct stats_tree_cfg st_foo = {
 *       .tap = "foo", .abbr = "foo", .name = "FOO/Summary",
 *       .packet = foo_packet, .init = foo_init,
 *   };
 *
 * plus one line naming st_foo in src/stats/stat_list.c.
 *
 * Names: a node is found by name among the children of its parent when the
 * parent was created "with hash" (pivots, nodes created with with_hash), else
 * among the tree's named nodes (those created with with_hash or by the
 * st_create_* calls). Ids: 0 is the (unprinted) root; the st_create_* calls
 * and ticks of with_hash nodes return ids usable as parents. Node names in
 * the menu name: '/' separates levels, "//" is a literal '/'.
 *
 * Memory: nodes live until the tree is freed; ticking an existing node does
 * not allocate (burst buckets are pooled). Not thread-safe.
 */
#ifndef TAPIR_STATS_STATS_TREE_H
#define TAPIR_STATS_STATS_TREE_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/outbuf.h"
#include "../engine/packet.h"

struct stats_tree;

/* Value type of a node's average/min/max columns. */
enum st_datatype { ST_DT_INT, ST_DT_FLOAT };

/* Node and tree flags (Wireshark's values). */
enum {
	ST_FLG_AVERAGE = 0x10000000,   /* node shows Average/Min/Max */
	ST_FLG_ROOTCHILD = 0x20000000, /* child of the root: display name */
	ST_FLG_DEF_NOEXPAND = 0x01000000, /* GUI hint only */
	ST_FLG_SORT_TOP = 0x00400000,  /* sorts before its siblings */
};

/* Default sort column of a tree (cfg.sort_col); tshark sorts by count,
 * descending, and always keeps ranges in ascending range order. */
enum st_sort_col {
	ST_SORT_COUNT = 0,
	ST_SORT_NAME,
	ST_SORT_AVG,
	ST_SORT_MIN,
	ST_SORT_MAX,
	ST_SORT_BURSTRATE,
};

/* Returns true when the tree changed. data is the tap's per-packet struct. */
typedef bool (*st_packet_fn)(struct stats_tree *st, struct packet *pk,
			     const void *data);
typedef void (*st_init_fn)(struct stats_tree *st);
typedef void (*st_cleanup_fn)(struct stats_tree *st);

struct stats_tree_cfg {
	const char *tap;        /* tap the tree listens to ("frame", "ip") */
	const char *abbr;       /* -z ABBR,tree */
	const char *name;       /* "IPv4 Statistics/All Addresses" */
	uint8_t sort_col;       /* enum st_sort_col (default: count) */
	bool sort_ascending;    /* default: descending, as tshark */
	st_packet_fn packet;    /* required */
	st_init_fn init;        /* creates the fixed nodes, or NULL */
	st_cleanup_fn cleanup;  /* frees user data, or NULL */
};

/* Registers cfg (valid for the whole run) and its `-z ABBR,tree[,filter]`
 * statistic. Trees are listed in src/stats/stat_list.c, which stat_init()
 * registers. */
void stats_tree_register(const struct stats_tree_cfg *cfg);
/* The registered tree with this abbreviation, or NULL. */
const struct stats_tree_cfg *stats_tree_find(const char *abbr);

/* A tree instance: created by the -z handler (or tests), fed through
 * st_packet(), printed by st_format(). filter is only remembered. */
struct stats_tree *stats_tree_new(const struct stats_tree_cfg *cfg);
void stats_tree_free(struct stats_tree *st);
/* Per-packet entry: updates the clock (time since the first frame, in ms)
 * and calls cfg->packet. */
bool stats_tree_packet(struct stats_tree *st, struct packet *pk,
		       const void *data);
/* Appends tshark's plain-text rendering of the tree to o. */
void stats_tree_format(const struct stats_tree *st, struct outbuf *o);
/* The tree's user pointer, for init/packet/cleanup state. */
void **stats_tree_user(struct stats_tree *st);

/* --- building and ticking nodes (ids as described above) --- */
int st_create_node(struct stats_tree *st, const char *name, int parent_id,
		   enum st_datatype dt, bool with_hash);
int st_create_node_by_pname(struct stats_tree *st, const char *name,
			    const char *parent_name, enum st_datatype dt,
			    bool with_hash);
/* A pivot: counts its ticks and one child per distinct value. */
int st_create_pivot(struct stats_tree *st, const char *name, int parent_id);
/* A range node with children named by ranges "A-B", "A-", "-B", "A";
 * the list ends with NULL. */
int st_create_range_node(struct stats_tree *st, const char *name,
			 int parent_id, ...);
/* Same with an array; the last range, if a single number, is open-ended
 * ("5120 and greater"). */
int st_create_range_node_strings(struct stats_tree *st, const char *name,
				 int parent_id, int n, const char *const *ranges);
/* Id of a named node, 0 (root) if none. */
int st_parent_id_by_name(struct stats_tree *st, const char *name);

/* Adds value to the node's count, creating it under parent_id if needed
 * (with_hash: the new node keeps a name index of its children and gets an
 * id). Returns the node's id (-1 for nodes without one). */
int st_increase_node(struct stats_tree *st, const char *name, int parent_id,
		     bool with_hash, int value);
static inline int st_tick_node(struct stats_tree *st, const char *name,
			       int parent_id, bool with_hash)
{
	return st_increase_node(st, name, parent_id, with_hash, 1);
}
/* Sets the count. */
int st_set_node(struct stats_tree *st, const char *name, int parent_id,
		bool with_hash, int value);
/* Ticks the node and adds value to its average/min/max (tick=false: only
 * the average columns). */
int st_avg_node(struct stats_tree *st, const char *name, int parent_id,
		bool with_hash, int value, bool tick);
int st_avg_node_float(struct stats_tree *st, const char *name, int parent_id,
		      bool with_hash, float value, bool tick);
/* Counts value in the matching range child of the range node `name` and
 * adds it to the node's average/min/max (tick the node itself first). */
int st_tick_range(struct stats_tree *st, const char *name, int parent_id,
		  int value);
/* Ticks the pivot and its child named value. */
int st_tick_pivot(struct stats_tree *st, int pivot_id, const char *value);
/* Sets / clears ST_FLG_* flags of a node (created if needed). */
int st_node_set_flags(struct stats_tree *st, const char *name, int parent_id,
		      bool with_hash, unsigned flags);
int st_node_clear_flags(struct stats_tree *st, const char *name,
			int parent_id, bool with_hash, unsigned flags);

/* Wireshark's default burst settings: 5 ms buckets, 100 ms window. */
#define ST_BURST_RESOLUTION_MS 5
#define ST_BURST_WINDOW_MS 100

#endif
