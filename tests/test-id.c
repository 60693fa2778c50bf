/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "crm-id.h"

static void
test_id_ordered_and_unique (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree gint64 *ids = g_new (gint64, 100000);

  crm_id_set_node (5);

  /* Far more ids than fit in one millisecond's counter. */
  for (guint i = 0; i < 100000; i++)
    {
      ids[i] = crm_id_new ();
      g_assert_cmpint (ids[i], >, 0);
      if (i > 0)
        g_assert_cmpint (ids[i], >, ids[i - 1]);
      g_assert_true (g_hash_table_add (seen, &ids[i]));
    }
}

static void
test_id_parts (void)
{
  gint64 before = g_get_real_time () / 1000;
  gint64 id;
  gint64 after;

  crm_id_set_node (CRM_ID_MAX_NODE);
  id = crm_id_new ();
  after = g_get_real_time () / 1000;

  g_assert_cmpuint (crm_id_get_node_of (id), ==, CRM_ID_MAX_NODE);
  g_assert_cmpuint (crm_id_get_node (), ==, CRM_ID_MAX_NODE);
  /* The time part may run ahead of the clock by the ids borrowed from
   * later milliseconds in the test above, never behind it. */
  g_assert_cmpint (crm_id_get_time_ms (id), >=, before);
  g_assert_cmpint (crm_id_get_time_ms (id), <=, after + 100);
}

static void
test_id_nodes_differ (void)
{
  gint64 a, b;

  crm_id_set_node (1);
  a = crm_id_new ();
  crm_id_set_node (2);
  b = crm_id_new ();

  g_assert_cmpint (a, !=, b);
  g_assert_cmpuint (crm_id_get_node_of (a), ==, 1);
  g_assert_cmpuint (crm_id_get_node_of (b), ==, 2);
}

static gpointer
make_ids_thread (gpointer data)
{
  gint64 *ids = data;

  for (guint i = 0; i < 20000; i++)
    ids[i] = crm_id_new ();

  return NULL;
}

static void
test_id_threads (void)
{
  g_autofree gint64 *a = g_new (gint64, 20000);
  g_autofree gint64 *b = g_new (gint64, 20000);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  GThread *ta = g_thread_new ("ids-a", make_ids_thread, a);
  GThread *tb = g_thread_new ("ids-b", make_ids_thread, b);

  g_thread_join (ta);
  g_thread_join (tb);

  for (guint i = 0; i < 20000; i++)
    {
      g_assert_true (g_hash_table_add (seen, &a[i]));
      g_assert_true (g_hash_table_add (seen, &b[i]));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/id/ordered-and-unique", test_id_ordered_and_unique);
  g_test_add_func ("/id/parts", test_id_parts);
  g_test_add_func ("/id/nodes-differ", test_id_nodes_differ);
  g_test_add_func ("/id/threads", test_id_threads);

  return g_test_run ();
}
