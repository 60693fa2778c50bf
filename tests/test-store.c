/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "crm-id.h"
#include "crm-store.h"
#include "crm-store-deals.h"

static char *
temp_path (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("clientele-test-XXXXXX", &error);

  g_assert_no_error (error);
  return g_build_filename (dir, name, NULL);
}

static gint64
query_int (CrmStore   *store,
           const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStatement) stmt = crm_database_prepare (crm_store_get_database (store), sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (crm_statement_step (stmt, &error), ==, CRM_STEP_ROW);
  return crm_statement_get_int64 (stmt, 0);
}

typedef struct
{
  GArray *kinds;
  GArray *ids;
} Recorder;

static void
changed_cb (CrmStore *store,
            int       kind,
            gint64    id,
            Recorder *recorder)
{
  g_array_append_val (recorder->kinds, kind);
  g_array_append_val (recorder->ids, id);
}

static void
recorder_init (Recorder *recorder)
{
  recorder->kinds = g_array_new (FALSE, FALSE, sizeof (int));
  recorder->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
}

static void
recorder_clear (Recorder *recorder)
{
  g_array_unref (recorder->kinds);
  g_array_unref (recorder->ids);
}

static void
test_store_first_start (void)
{
  g_autofree char *path = temp_path ("first.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) store = crm_store_open (path, &error);
  g_autoptr(CrmUser) admin = NULL;
  g_autofree char *node = NULL;

  g_assert_no_error (error);

  /* An administrator and one pipeline with open, won and lost stages. */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM users"), ==, 1);
  g_assert_cmpint (crm_store_get_current_user (store), !=, 0);
  admin = crm_store_get_user (store, crm_store_get_current_user (store), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (admin->login, ==, "admin");
  g_assert_cmpint (admin->role, ==, CRM_ROLE_ADMINISTRATOR);

  g_assert_cmpint (query_int (store, "SELECT count(*) FROM pipelines"), ==, 1);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM stages WHERE kind = 0"), ==, 4);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM stages WHERE kind = 1"), ==, 1);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM stages WHERE kind = 2"), ==, 1);

  g_assert_cmpstr (crm_store_get_default_country (store), ==, "LV");
  g_assert_cmpstr (crm_store_get_default_currency (store), ==, "EUR");

  node = crm_database_get_meta (crm_store_get_database (store), "node_id");
  g_assert_nonnull (node);
  g_clear_object (&store);

  /* Opening again creates nothing twice and keeps the node. */
  store = crm_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM users"), ==, 1);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM pipelines"), ==, 1);
  {
    g_autofree char *again = crm_database_get_meta (crm_store_get_database (store), "node_id");
    g_assert_cmpstr (again, ==, node);
  }
  g_assert_cmpuint (crm_id_get_node (), ==, g_ascii_strtoull (node, NULL, 10));
}

static void
test_store_users (void)
{
  g_autofree char *path = temp_path ("users.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) store = crm_store_open (path, &error);
  g_autoptr(GPtrArray) users = NULL;
  gint64 id;

  id = crm_store_add_user (store, "anna", "Anna Bērziņa", CRM_ROLE_SALES, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (crm_store_find_user (store, "ANNA", &error), ==, id);

  g_assert_cmpint (crm_store_add_user (store, "anna", "Other", CRM_ROLE_SALES, &error), ==, 0);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_DUPLICATE);
  g_clear_error (&error);

  g_assert_cmpint (crm_store_add_user (store, "two words", NULL, CRM_ROLE_SALES, &error), ==, 0);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_cmpint (crm_store_add_user (store, "  ", NULL, CRM_ROLE_SALES, &error), ==, 0);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_cmpint (crm_store_find_user (store, "nobody", &error), ==, 0);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (crm_store_set_current_user (store, "nobody", &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (crm_store_set_current_user (store, "anna", &error));
  g_assert_cmpint (crm_store_get_current_user (store), ==, id);

  users = crm_store_list_users (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (users->len, ==, 2);
}

static void
test_store_history (void)
{
  g_autofree char *path = temp_path ("history.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) store = crm_store_open (path, &error);
  g_autoptr(GPtrArray) entries = NULL;
  CrmHistoryEntry *entry;
  gint64 anna;

  anna = crm_store_add_user (store, "anna", "Anna Bērziņa", CRM_ROLE_SALES, &error);
  g_assert_true (crm_store_set_current_user (store, "anna", &error));

  g_assert_true (crm_store_record_history (store, CRM_ENTITY_CONTACT, 42, "name", "Old", "New", &error));
  /* An unchanged value is not a change. */
  g_assert_true (crm_store_record_history (store, CRM_ENTITY_CONTACT, 42, "notes", "Same", "Same", &error));
  g_assert_true (crm_store_record_history (store, CRM_ENTITY_CONTACT, 42, "notes", NULL, "Text", &error));
  g_assert_true (crm_store_record_history (store, CRM_ENTITY_CONTACT, 43, "name", "X", "Y", &error));
  g_assert_no_error (error);

  entries = crm_store_list_history (store, 42, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 2);

  /* Newest first. */
  entry = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (entry->field, ==, "notes");
  g_assert_null (entry->old_value);
  g_assert_cmpstr (entry->new_value, ==, "Text");
  g_assert_cmpint (entry->user_id, ==, anna);
  g_assert_cmpstr (entry->user_name, ==, "Anna Bērziņa");

  entry = g_ptr_array_index (entries, 1);
  g_assert_cmpstr (entry->field, ==, "name");
  g_assert_cmpstr (entry->old_value, ==, "Old");
  g_assert_cmpstr (entry->new_value, ==, "New");
}

static void
test_store_changed_after_commit (void)
{
  g_autofree char *path = temp_path ("signals.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) store = crm_store_open (path, &error);
  Recorder recorder;

  recorder_init (&recorder);
  g_signal_connect (store, "changed", G_CALLBACK (changed_cb), &recorder);

  /* Outside a transaction the signal comes at once. */
  crm_store_emit_changed (store, CRM_ENTITY_CONTACT, 1);
  g_assert_cmpuint (recorder.ids->len, ==, 1);

  /* Inside one, it waits for the outermost commit, once per row. */
  g_assert_true (crm_store_begin (store, &error));
  g_assert_true (crm_store_begin (store, &error));
  crm_store_emit_changed (store, CRM_ENTITY_CONTACT, 2);
  crm_store_emit_changed (store, CRM_ENTITY_CONTACT, 2);
  crm_store_emit_changed (store, CRM_ENTITY_DEAL, 3);
  g_assert_true (crm_store_commit (store, &error));
  g_assert_cmpuint (recorder.ids->len, ==, 1);
  g_assert_true (crm_store_commit (store, &error));
  g_assert_cmpuint (recorder.ids->len, ==, 3);
  g_assert_cmpint (g_array_index (recorder.ids, gint64, 1), ==, 2);
  g_assert_cmpint (g_array_index (recorder.kinds, int, 2), ==, CRM_ENTITY_DEAL);

  /* A rolled back transaction announces nothing. */
  g_assert_true (crm_store_begin (store, &error));
  crm_store_emit_changed (store, CRM_ENTITY_CONTACT, 4);
  crm_store_rollback (store);
  g_assert_cmpuint (recorder.ids->len, ==, 3);

  g_signal_handlers_disconnect_by_data (store, &recorder);
  recorder_clear (&recorder);
}

static void
test_store_external_changes (void)
{
  g_autofree char *path = temp_path ("external.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) store = crm_store_open (path, &error);
  g_autoptr(CrmStore) other = crm_store_open (path, &error);
  Recorder recorder;

  g_assert_no_error (error);
  recorder_init (&recorder);
  g_signal_connect (store, "changed", G_CALLBACK (changed_cb), &recorder);

  g_assert_false (crm_store_check_external_changes (store));

  /* Our own writes are not news. */
  g_assert_cmpint (crm_store_add_user (store, "anna", NULL, CRM_ROLE_SALES, &error), >, 0);
  g_array_set_size (recorder.ids, 0);
  g_array_set_size (recorder.kinds, 0);
  g_assert_false (crm_store_check_external_changes (store));

  /* Another connection's (another process's) writes are. */
  g_assert_cmpint (crm_store_add_user (other, "olga", NULL, CRM_ROLE_SALES, &error), >, 0);
  g_assert_true (crm_store_check_external_changes (store));
  g_assert_cmpuint (recorder.ids->len, ==, 1);
  g_assert_cmpint (g_array_index (recorder.kinds, int, 0), ==, CRM_ENTITY_ANY);
  g_assert_false (crm_store_check_external_changes (store));

  g_signal_handlers_disconnect_by_data (store, &recorder);
  recorder_clear (&recorder);
}

static gboolean
quit_loop_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
test_store_watch (void)
{
  g_autofree char *path = temp_path ("watch.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) store = crm_store_open (path, &error);
  g_autoptr(CrmStore) other = crm_store_open (path, &error);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Recorder recorder;

  recorder_init (&recorder);
  g_signal_connect (store, "changed", G_CALLBACK (changed_cb), &recorder);
  crm_store_watch_external_changes (store, 20);

  g_assert_cmpint (crm_store_add_user (other, "ilze", NULL, CRM_ROLE_SALES, &error), >, 0);
  g_timeout_add (200, quit_loop_cb, loop);
  g_main_loop_run (loop);

  g_assert_cmpuint (recorder.ids->len, ==, 1);
  g_assert_cmpint (g_array_index (recorder.kinds, int, 0), ==, CRM_ENTITY_ANY);

  crm_store_watch_external_changes (store, 0);
  g_signal_handlers_disconnect_by_data (store, &recorder);
  recorder_clear (&recorder);
}

static void
test_store_default_country (void)
{
  g_autofree char *path = temp_path ("country.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) store = crm_store_open (path, &error);

  g_assert_true (crm_store_set_default_country (store, "ru", &error));
  g_assert_cmpstr (crm_store_get_default_country (store), ==, "RU");

  g_assert_false (crm_store_set_default_country (store, "Russia", &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (crm_store_set_default_country (store, "1x", &error));
  g_clear_error (&error);
  g_assert_cmpstr (crm_store_get_default_country (store), ==, "RU");

  /* The setting lives in the file, for every program that opens it. */
  g_clear_object (&store);
  store = crm_store_open (path, &error);
  g_assert_cmpstr (crm_store_get_default_country (store), ==, "RU");
}

static void
test_store_open_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) store = NULL;

  store = crm_store_open ("/no/such/folder/clientele.db", &error);
  g_assert_null (store);
  g_assert_error (error, CRM_DATABASE_ERROR, CRM_DATABASE_ERROR_NO_FOLDER);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/first-start", test_store_first_start);
  g_test_add_func ("/store/users", test_store_users);
  g_test_add_func ("/store/history", test_store_history);
  g_test_add_func ("/store/changed-after-commit", test_store_changed_after_commit);
  g_test_add_func ("/store/external-changes", test_store_external_changes);
  g_test_add_func ("/store/watch", test_store_watch);
  g_test_add_func ("/store/default-country", test_store_default_country);
  g_test_add_func ("/store/open-errors", test_store_open_errors);

  return g_test_run ();
}
