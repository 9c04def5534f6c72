/* dissector.c — dissector registry and dispatch tables. */
#include "dissector.h"
#include "../core/alloc.h"

#include <string.h>

/* Open-addressed map key -> dissector per table. Tables are small (tens to a
 * few hundred keys) and filled once at start-up. */
#define DT_SLOTS 1024

struct dt_slot {
	uint32_t key;
	const struct dissector *d;
};

static struct dt_slot dtab[DT_COUNT][DT_SLOTS];
static const struct dissector *heur[DT_COUNT][32];
static int nheur[DT_COUNT];

extern struct field *const pk_builtin_fields[];
extern struct field *const dissect_data_fields[];

static uint32_t dt_hash(uint32_t k) { return (k * 2654435761u) >> 22; }

static void dt_add(enum dtable t, uint32_t key, const struct dissector *d)
{
	uint32_t i = dt_hash(key) & (DT_SLOTS - 1);
	while (dtab[t][i].d && dtab[t][i].key != key)
		i = (i + 1) & (DT_SLOTS - 1);
	dtab[t][i].key = key;
	dtab[t][i].d = d;
}

static const struct dissector *dt_get(enum dtable t, uint32_t key)
{
	uint32_t i = dt_hash(key) & (DT_SLOTS - 1);
	while (dtab[t][i].d) {
		if (dtab[t][i].key == key)
			return dtab[t][i].d;
		i = (i + 1) & (DT_SLOTS - 1);
	}
	return NULL;
}

void dissect_init(void)
{
	static bool done;
	if (done)
		return;
	done = true;
	for (int i = 0; pk_builtin_fields[i]; i++)
		field_register(pk_builtin_fields[i]);
	for (int i = 0; dissect_data_fields[i]; i++)
		field_register(dissect_data_fields[i]);
	for (int i = 0; dissector_list[i]; i++) {
		const struct dissector *d = dissector_list[i];
		for (int j = 0; d->fields && d->fields[j]; j++)
			field_register(d->fields[j]);
		for (int j = 0; d->experts && d->experts[j]; j++)
			field_register(&d->experts[j]->f);
		for (int j = 0; d->handoffs && d->handoffs[j].table; j++)
			dt_add(d->handoffs[j].table, d->handoffs[j].key, d);
		if (d->heur_table && nheur[d->heur_table] < 32)
			heur[d->heur_table][nheur[d->heur_table]++] = d;
	}
	for (int i = 0; dissector_list[i]; i++)
		if (dissector_list[i]->init)
			dissector_list[i]->init();
}

/* Fields whose values depend on the application dissectors having run
 * (which protocol took the payload, what it made of it). */
static const char *const payload_fields[] = {
	"frame.protocols", "data", "data.data", "data.len", "tcp.payload",
	"tcp.segment_data", "tcp.segment", "tcp.segments", "tcp.segment.count",
	"tcp.reassembled_in", "tcp.reassembled.length", "tcp.reassembled.data",
	"tcp.pdu.size", NULL,
};

/* Stands in for a pruned dissector in its table slots (a slot cannot be
 * emptied without breaking the probe chains of the open addressing). */
static const struct dissector pruned = { .name = "pruned" };

int dissect_prune(void)
{
	for (int i = 0; payload_fields[i]; i++) {
		const struct field *f = field_lookup(payload_fields[i]);
		if (f && f->wanted)
			return 0;
	}
	/* _ws.expert, _ws.malformed ...: application dissectors raise them */
	for (int id = 1; id <= field_count(); id++) {
		const struct field *f = field_by_id(id);
		if (f && f->wanted && strncmp(f->abbrev, "_ws.", 4) == 0)
			return 0;
	}
	/* A dissector without handoffs or a heuristic is only reached by
	 * direct calls from others (HTTP's media types, SMTP's text lines):
	 * when its fields are wanted, whichever calls it must run. */
	for (int i = 0; dissector_list[i]; i++) {
		const struct dissector *d = dissector_list[i];
		struct want_cache wc = { 0, false };
		if ((!d->handoffs || !d->handoffs[0].table) && !d->heur_table &&
		    fields_any_wanted(&wc, d->fields) && strcmp(d->name, "frame") != 0)
			return 0;
	}
	int n = 0;
	for (int i = 0; dissector_list[i]; i++) {
		const struct dissector *d = dissector_list[i];
		if (!d->app)
			continue;
		struct want_cache wc = { 0, false };
		if (fields_any_wanted(&wc, d->fields))
			continue;
		bool expert_wanted = false;
		for (int j = 0; d->experts && d->experts[j]; j++)
			expert_wanted |= d->experts[j]->f.wanted;
		if (expert_wanted)
			continue;
		for (int t = 0; t < DT_COUNT; t++) {
			for (int k = 0; k < DT_SLOTS; k++)
				if (dtab[t][k].d == d)
					dtab[t][k].d = &pruned;
			int m = 0;
			for (int k = 0; k < nheur[t]; k++)
				if (heur[t][k] != d)
					heur[t][m++] = heur[t][k];
			nheur[t] = m;
		}
		n++;
	}
	return n;
}

void dissect_reset(void)
{
	for (int i = 0; dissector_list[i]; i++)
		if (dissector_list[i]->reset)
			dissector_list[i]->reset();
}

const struct dissector *dissector_find(const char *name)
{
	for (int i = 0; dissector_list[i]; i++)
		if (strcmp(dissector_list[i]->name, name) == 0)
			return dissector_list[i];
	return NULL;
}

int dissect_table(struct packet *pk, enum dtable t, uint32_t key,
		  struct bv *bv, void *data)
{
	const struct dissector *d = dt_get(t, key);
	if (!d || !d->dissect)
		return -1;
	return d->dissect(pk, bv, data);
}

int dissect_heuristics(struct packet *pk, enum dtable t, struct bv *bv,
		       void *data)
{
	for (int i = 0; i < nheur[t]; i++) {
		const struct dissector *d = heur[t][i];
		if (bv->len < d->min_len)
			continue;
		int r = d->dissect(pk, bv, data);
		if (r >= 0)
			return r;
	}
	return -1;
}

int dissect_ports(struct packet *pk, enum dtable t, uint16_t sport,
		  uint16_t dport, struct bv *bv, void *data)
{
	uint16_t lo = sport < dport ? sport : dport;
	uint16_t hi = sport < dport ? dport : sport;
	int r = dissect_table(pk, t, lo, bv, data);
	if (r >= 0)
		return r;
	if (hi != lo) {
		r = dissect_table(pk, t, hi, bv, data);
		if (r >= 0)
			return r;
	}
	return dissect_heuristics(pk, t, bv, data);
}

/* The data dissector (Wireshark's "data"): whatever no dissector took. */
static struct field hf_data = { "data", "Data", FT_PROTOCOL, BASE_NONE, 0, 0, NULL, 0, false, NULL };
static struct field hf_data_data = { "data.data", "Data", FT_BYTES, BASE_NONE, 0, 0, NULL, 0, false, NULL };
static struct field hf_data_len = { "data.len", "Length", FT_UINT32, BASE_DEC, FF_GENERATED, 0, NULL, 0, false, NULL };

struct field *const dissect_data_fields[] = { &hf_data, &hf_data_data, &hf_data_len, NULL };

int dissect_data(struct packet *pk, struct bv *bv)
{
	if (bv->len == 0)
		return 0;
	struct item *it = pk_layer_begin(pk, "data", &hf_data, bv, 0, bv->len);
	pk_item_text(pk, it, "Data (%u bytes)", bv->len);
	pk_add_view(pk, &hf_data_data, bv, 0, bv->len);
	pk_add_uint(pk, &hf_data_len, bv, 0, 0, bv->len);
	pk_layer_end(pk);
	return (int)bv->len;
}

void dissect_packet(struct packet *pk)
{
	struct bv bv = bv_make(pk->data, pk->caplen, pk->len);
	dissector_list[0]->dissect(pk, &bv, NULL);
}
