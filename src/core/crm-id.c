/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "crm-id"

#include "config.h"

#include "crm-id.h"

static GMutex id_lock;
static guint id_node;
static gint64 last_ms;
static guint counter;

void
crm_id_set_node (guint node)
{
  g_return_if_fail (node <= CRM_ID_MAX_NODE);

  g_mutex_lock (&id_lock);
  id_node = node;
  g_mutex_unlock (&id_lock);
}

guint
crm_id_get_node (void)
{
  return id_node;
}

/**
 * crm_id_new:
 *
 * Returns a new id, greater than every id this process made before, even
 * when the wall clock steps back: the clock is then treated as standing
 * still until it catches up.
 *
 * Returns: a new id
 */
gint64
crm_id_new (void)
{
  gint64 now = g_get_real_time () / 1000;
  gint64 id;

  g_mutex_lock (&id_lock);

  if (now > last_ms)
    {
      last_ms = now;
      counter = 0;
    }
  else if (++counter >= (1u << CRM_ID_COUNTER_BITS))
    {
      /* More ids in one millisecond than the counter holds: borrow the
       * next millisecond rather than repeat an id. */
      last_ms++;
      counter = 0;
    }

  id = (last_ms << (CRM_ID_NODE_BITS + CRM_ID_COUNTER_BITS))
       | ((gint64)id_node << CRM_ID_COUNTER_BITS)
       | counter;

  g_mutex_unlock (&id_lock);

  return id;
}

gint64
crm_id_get_time_ms (gint64 id)
{
  return id >> (CRM_ID_NODE_BITS + CRM_ID_COUNTER_BITS);
}

guint
crm_id_get_node_of (gint64 id)
{
  return (id >> CRM_ID_COUNTER_BITS) & CRM_ID_MAX_NODE;
}
