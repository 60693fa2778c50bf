/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Ids are 64-bit, positive, time-ordered and unique across installations:
 * 42 bits of milliseconds since 1970, 10 bits of node (one per
 * installation) and an 11-bit counter for ids made in the same millisecond. */
#define CRM_ID_NODE_BITS    10
#define CRM_ID_COUNTER_BITS 11
#define CRM_ID_MAX_NODE     ((1 << CRM_ID_NODE_BITS) - 1)

gint64 crm_id_new          (void);
void   crm_id_set_node     (guint   node);
guint  crm_id_get_node     (void);
gint64 crm_id_get_time_ms  (gint64  id);
guint  crm_id_get_node_of  (gint64  id);

G_END_DECLS
