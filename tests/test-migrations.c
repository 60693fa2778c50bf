/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <sqlite3.h>

#include "crm-database.h"
#include "crm-migrations.h"

static char *
temp_path (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("clientele-test-XXXXXX", &error);

  g_assert_no_error (error);
  return g_build_filename (dir, name, NULL);
}

static gint64
query_int (CrmDatabase *db,
           const char  *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStatement) stmt = crm_database_prepare (db, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (crm_statement_step (stmt, &error), ==, CRM_STEP_ROW);
  return crm_statement_get_int64 (stmt, 0);
}

static void
test_migrations_fresh (void)
{
  static const char *tables[] = {
    "meta", "users", "contacts", "phones", "emails", "tags", "contact_tags",
    "pipelines", "stages", "deals", "deal_tags", "attachments", "activities",
    "activity_tags", "reminders", "history", "deal_stage_history", "trash",
    "contacts_words", "contacts_trigrams", "deals_words", "deals_trigrams",
    "custom_fields", "custom_values", "kept_counts",
  };
  g_autofree char *path = temp_path ("fresh.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmDatabase) db = crm_database_open (path, &error);

  g_assert_no_error (error);
  g_assert_cmpint (crm_database_get_schema_version (db), ==, CRM_SCHEMA_VERSION);

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autoptr(CrmStatement) stmt = NULL;

      stmt = crm_database_prepare (db, "SELECT count(*) FROM sqlite_master WHERE name = ?1", &error);
      crm_statement_bind_text (stmt, 1, tables[i]);
      g_assert_cmpint (crm_statement_step (stmt, &error), ==, CRM_STEP_ROW);
      if (crm_statement_get_int64 (stmt, 0) != 1)
        g_error ("table %s is missing", tables[i]);
    }

  /* The whole schema holds together as SQLite sees it. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
  {
    g_autoptr(CrmStatement) check = crm_database_prepare (db, "PRAGMA integrity_check", &error);
    g_assert_cmpint (crm_statement_step (check, &error), ==, CRM_STEP_ROW);
    g_assert_cmpstr (crm_statement_get_text (check, 0), ==, "ok");
  }
}

static void
test_migrations_reopen_keeps_data (void)
{
  g_autofree char *path = temp_path ("reopen.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmDatabase) db = crm_database_open (path, &error);

  g_assert_true (crm_database_set_meta (db, "kept", "yes", &error));
  g_clear_object (&db);

  /* Opening again runs no migration twice and loses nothing. */
  db = crm_database_open (path, &error);
  g_assert_no_error (error);
  {
    g_autofree char *value = crm_database_get_meta (db, "kept");
    g_assert_cmpstr (value, ==, "yes");
  }
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM sqlite_master WHERE name = 'contacts'"), ==, 1);
}

static void
test_migrations_empty_file (void)
{
  g_autofree char *path = temp_path ("empty.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmDatabase) db = NULL;

  /* A zero-byte file (as left by `touch`) is a new database. */
  g_file_set_contents (path, "", 0, &error);
  g_assert_no_error (error);

  db = crm_database_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_database_get_schema_version (db), ==, CRM_SCHEMA_VERSION);
}

static void
test_migrations_failure_leaves_file_unchanged (void)
{
  g_autofree char *path = temp_path ("blocked.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmDatabase) db = NULL;
  sqlite3 *other = NULL;
  sqlite3_stmt *stmt = NULL;

  /* Another program holds a write lock while the schema is created: the
   * migration fails as a whole and leaves no half-made schema behind. */
  g_assert_cmpint (sqlite3_open (path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "PRAGMA journal_mode=WAL; BEGIN IMMEDIATE; CREATE TEMP TABLE t (x)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  db = crm_database_open (path, &error);
  g_assert_null (db);
  g_assert_error (error, CRM_DATABASE_ERROR, CRM_DATABASE_ERROR_LOCKED);

  sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL);
  g_assert_cmpint (sqlite3_prepare_v2 (other, "SELECT count(*) FROM sqlite_master", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (other);

  g_clear_error (&error);
  db = crm_database_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_database_get_schema_version (db), ==, CRM_SCHEMA_VERSION);
}

static char *
query_text (CrmDatabase *db,
            const char  *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStatement) stmt = crm_database_prepare (db, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (crm_statement_step (stmt, &error), ==, CRM_STEP_ROW);
  return crm_statement_dup_text (stmt, 0);
}

static void
test_migrations_upgrade_from_v1 (void)
{
  static const char * const v2_indexes[] = {
    "calls_by_user", "deals_by_client", "deals_by_stage_order", "deals_by_owner_name",
    "deals_by_expected_close", "deals_trashed", "contacts_by_company_name",
    "contacts_by_owner_name", "contacts_trashed",
  };
  g_autofree char *path = temp_path ("v1.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmDatabase) db = crm_database_open (path, &error);

  /* Make the file look as version 1 left it: without what version 2 adds,
   * and with rows whose sort keys the upgrade has to fill in. */
  for (guint i = 0; i < G_N_ELEMENTS (v2_indexes); i++)
    {
      g_autofree char *sql = g_strdup_printf ("DROP INDEX %s", v2_indexes[i]);

      g_assert_true (crm_database_exec (db, sql, &error));
      g_assert_no_error (error);
    }
  g_assert_true (crm_database_exec (db,
                                    "ALTER TABLE deals DROP COLUMN client_sort;"
                                    "ALTER TABLE deals DROP COLUMN stage_sort;"
                                    "ALTER TABLE deals DROP COLUMN owner_sort;"
                                    "ALTER TABLE contacts DROP COLUMN company_sort;"
                                    "ALTER TABLE contacts DROP COLUMN owner_sort;"
                                    "INSERT INTO meta VALUES ('from-v1', 'kept');"
                                    "INSERT INTO users (id, login, name, created_at) "
                                    "  VALUES (1, 'oskars', 'Ōskars Bērziņš', 0);"
                                    "INSERT INTO pipelines (id, name, position, created_at) "
                                    "  VALUES (10, 'Sales', 1, 0), (11, 'Salon', 3, 0);"
                                    "INSERT INTO stages (id, pipeline_id, name, position, created_at) "
                                    "  VALUES (20, 10, 'New', 4, 0), (21, 11, 'Booked', 2, 0);"
                                    "INSERT INTO contacts (id, kind, name, name_folded, created_at, updated_at) "
                                    "  VALUES (30, 1, 'Ēlektra', 'elektra', 0, 0);"
                                    "INSERT INTO contacts (id, name, name_folded, company_id, owner_id, "
                                    "                      created_at, updated_at) "
                                    "  VALUES (31, 'Zane', 'zane', 30, 1, 0, 0);"
                                    "INSERT INTO deals (id, title, title_folded, contact_id, stage_id, owner_id, "
                                    "                   created_at, updated_at, stage_changed_at) "
                                    "  VALUES (40, 'Hair', 'hair', 31, 21, 1, 0, 0, 0), "
                                    "         (41, 'Walk-in', 'walk-in', NULL, 20, NULL, 0, 0, 0);"
                                    "PRAGMA user_version = 1;",
                                    &error));
  g_assert_no_error (error);
  g_clear_object (&db);

  db = crm_database_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_database_get_schema_version (db), ==, CRM_SCHEMA_VERSION);
  for (guint i = 0; i < G_N_ELEMENTS (v2_indexes); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM sqlite_master WHERE name = '%s'",
                                              v2_indexes[i]);

      if (query_int (db, sql) != 1)
        g_error ("index %s is missing after the upgrade", v2_indexes[i]);
    }
  {
    g_autofree char *value = crm_database_get_meta (db, "from-v1");
    g_assert_cmpstr (value, ==, "kept");
  }

  /* The sort keys of the rows that were there. */
  {
    g_autofree char *client = query_text (db, "SELECT client_sort FROM deals WHERE id = 40");
    g_autofree char *owner = query_text (db, "SELECT owner_sort FROM deals WHERE id = 40");
    g_autofree char *company = query_text (db, "SELECT company_sort FROM contacts WHERE id = 31");
    g_autofree char *contact_owner = query_text (db, "SELECT owner_sort FROM contacts WHERE id = 31");

    g_assert_cmpstr (client, ==, "zane");
    g_assert_cmpstr (owner, ==, "oskars berzins");
    g_assert_cmpstr (company, ==, "elektra");
    g_assert_cmpstr (contact_owner, ==, "oskars berzins");
  }
  g_assert_cmpint (query_int (db, "SELECT stage_sort FROM deals WHERE id = 40"), ==, 3 * 1000000 + 2);
  g_assert_cmpint (query_int (db, "SELECT stage_sort FROM deals WHERE id = 41"), ==, 1 * 1000000 + 4);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM deals "
                                  "WHERE id = 41 AND client_sort IS NULL AND owner_sort IS NULL"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM contacts "
                                  "WHERE id = 30 AND company_sort IS NULL AND owner_sort IS NULL"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
}

/* Makes the file at @path look as an older version left it (@sql takes
 * away what came since and sets user_version), then opens it as this
 * version does, which brings it up to date. */
static CrmDatabase *
open_upgraded (const char *path,
               const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmDatabase) db = crm_database_open (path, &error);

  g_assert_no_error (error);
  g_assert_true (crm_database_exec (db, sql, &error));
  g_assert_no_error (error);
  g_clear_object (&db);

  db = crm_database_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_database_get_schema_version (db), ==, CRM_SCHEMA_VERSION);

  return g_steal_pointer (&db);
}

static void
test_migrations_upgrade_from_v3 (void)
{
  g_autofree char *path = temp_path ("v3.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmDatabase) db = NULL;

  /* A file as version 3 left it: without the custom details. */
  db = open_upgraded (path,
                      "DROP TABLE custom_values;"
                      "DROP TABLE custom_fields;"
                      "INSERT INTO meta VALUES ('from-v3', 'kept');"
                      "INSERT INTO contacts (id, name, name_folded, created_at, updated_at) "
                      "  VALUES (30, 'Zane', 'zane', 0, 0);"
                      "PRAGMA user_version = 3;");
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM sqlite_master WHERE name IN "
                                  "('custom_fields', 'custom_values', 'custom_values_by_entity')"), ==, 3);
  {
    g_autofree char *value = crm_database_get_meta (db, "from-v3");
    g_assert_cmpstr (value, ==, "kept");
  }
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM contacts WHERE id = 30"), ==, 1);

  /* The new tables work: a value refers to its field. */
  g_assert_true (crm_database_exec (db,
                                    "INSERT INTO custom_fields (id, entity_kind, name, position, created_at) "
                                    "  VALUES (1, 2, 'Hair colour', 0, 0);"
                                    "INSERT INTO custom_values VALUES (1, 30, 'Auburn');",
                                    &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM custom_values WHERE entity_id = 30"), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
}

static void
test_migrations_upgrade_from_v4 (void)
{
  g_autofree char *path = temp_path ("v4.db");
  g_autoptr(CrmDatabase) db = NULL;

  /* A file as version 4 left it: stage moves without the index of each
   * deal's path. */
  db = open_upgraded (path,
                      "DROP INDEX deal_stage_history_paths;"
                      "INSERT INTO meta VALUES ('from-v4', 'kept');"
                      "INSERT INTO pipelines (id, name, position, created_at) "
                      "  VALUES (10, 'Sales', 0, 0);"
                      "INSERT INTO stages (id, pipeline_id, name, position, created_at) "
                      "  VALUES (20, 10, 'New', 0, 0), (21, 10, 'Offer', 1, 0);"
                      "INSERT INTO deals (id, title, title_folded, stage_id, "
                      "                   created_at, updated_at, stage_changed_at) "
                      "  VALUES (40, 'Hair', 'hair', 21, 0, 0, 5);"
                      "INSERT INTO deal_stage_history (id, deal_id, to_stage_id, at) "
                      "  VALUES (50, 40, 20, 0);"
                      "INSERT INTO deal_stage_history (id, deal_id, from_stage_id, to_stage_id, at) "
                      "  VALUES (51, 40, 20, 21, 5);"
                      "PRAGMA user_version = 4;");
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM sqlite_master "
                                  "WHERE name = 'deal_stage_history_paths'"), ==, 1);
  {
    g_autofree char *value = crm_database_get_meta (db, "from-v4");
    g_assert_cmpstr (value, ==, "kept");
  }

  /* The index holds the moves that were there, in each deal's order. */
  {
    g_autofree char *path_of_deal = query_text (db, "SELECT group_concat (to_stage_id) FROM "
                                                    "(SELECT to_stage_id FROM deal_stage_history "
                                                    " INDEXED BY deal_stage_history_paths "
                                                    " WHERE deal_id = 40 ORDER BY deal_id, at)");
    g_autofree char *integrity = query_text (db, "PRAGMA integrity_check");

    g_assert_cmpstr (path_of_deal, ==, "20,21");
    g_assert_cmpstr (integrity, ==, "ok");
  }
}

/* The number of live calls the triggers keep, and the count itself. */
static void
assert_live_calls (CrmDatabase *db,
                   gint64       expected)
{
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM activities "
                                  "WHERE kind = 0 AND deleted_at IS NULL"), ==, expected);
  g_assert_cmpint (query_int (db, "SELECT n FROM kept_counts WHERE name = 'live_calls'"), ==, expected);
}

static void
exec_ok (CrmDatabase *db,
         const char  *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (crm_database_exec (db, sql, &error));
  g_assert_no_error (error);
}

static void
test_migrations_upgrade_from_v5 (void)
{
  g_autofree char *path = temp_path ("v5.db");
  g_autoptr(CrmDatabase) db = NULL;

  /* A file as version 5 left it: calls (two live, one trashed) and a
   * note, without the index of live calls or their kept number. */
  db = open_upgraded (path,
                      "DROP TRIGGER live_calls_added;"
                      "DROP TRIGGER live_calls_removed;"
                      "DROP TRIGGER live_calls_changed;"
                      "DROP TABLE kept_counts;"
                      "DROP INDEX calls_by_time;"
                      "INSERT INTO meta VALUES ('from-v5', 'kept');"
                      "INSERT INTO activities (id, kind, started_at, created_at, updated_at, deleted_at) "
                      "  VALUES (1, 0, 30, 0, 0, NULL), (2, 0, 10, 0, 0, NULL), "
                      "         (3, 0, 20, 0, 0, 5), (4, 1, 20, 0, 0, NULL);"
                      "PRAGMA user_version = 5;");
  {
    g_autofree char *value = crm_database_get_meta (db, "from-v5");
    g_assert_cmpstr (value, ==, "kept");
  }
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM sqlite_master WHERE name IN "
                                  "('calls_by_time', 'kept_counts', 'live_calls_added', "
                                  " 'live_calls_removed', 'live_calls_changed')"), ==, 5);
  assert_live_calls (db, 2);

  /* The index holds the live calls alone, newest first read backwards. */
  {
    g_autofree char *ids = query_text (db, "SELECT group_concat (id) FROM "
                                           "(SELECT id FROM activities INDEXED BY calls_by_time "
                                           " WHERE kind = 0 AND deleted_at IS NULL "
                                           " ORDER BY started_at DESC, id DESC)");

    g_assert_cmpstr (ids, ==, "1,2");
  }

  /* Every write that makes or unmakes a live call moves the number, in
   * its own transaction; the others leave it. */
  exec_ok (db, "INSERT INTO activities (id, kind, started_at, created_at, updated_at) "
               "  VALUES (5, 0, 40, 0, 0), (6, 2, 40, 0, 0)");
  assert_live_calls (db, 3);
  exec_ok (db, "INSERT INTO activities (id, kind, started_at, created_at, updated_at, deleted_at) "
               "  VALUES (7, 0, 40, 0, 0, 9)");
  assert_live_calls (db, 3);
  exec_ok (db, "UPDATE activities SET deleted_at = 9 WHERE id = 1");
  assert_live_calls (db, 2);
  exec_ok (db, "UPDATE activities SET deleted_at = 10 WHERE id = 1");
  assert_live_calls (db, 2);
  exec_ok (db, "UPDATE activities SET deleted_at = NULL WHERE id IN (1, 3)");
  assert_live_calls (db, 4);
  exec_ok (db, "UPDATE activities SET kind = 1 WHERE id = 2");
  assert_live_calls (db, 3);
  exec_ok (db, "UPDATE activities SET kind = 0 WHERE id IN (2, 4)");
  assert_live_calls (db, 5);
  exec_ok (db, "UPDATE activities SET started_at = 50, outcome = 'Reached', kind = 0 WHERE id = 5");
  assert_live_calls (db, 5);
  exec_ok (db, "DELETE FROM activities WHERE id IN (5, 7)");
  assert_live_calls (db, 4);
  exec_ok (db, "BEGIN; DELETE FROM activities WHERE id = 1; ROLLBACK");
  assert_live_calls (db, 4);
  exec_ok (db, "DELETE FROM activities");
  assert_live_calls (db, 0);

  {
    g_autofree char *integrity = query_text (db, "PRAGMA integrity_check");

    g_assert_cmpstr (integrity, ==, "ok");
  }
}

/* A second connection for reports in a worker thread reads the file as
 * crm_database_open() left it, never writes, and refuses a file at
 * another schema version instead of migrating it. */
static void
test_migrations_reader (void)
{
  g_autofree char *path = temp_path ("reader.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmDatabase) db = crm_database_open (path, &error);
  g_autoptr(CrmDatabase) reader = NULL;

  g_assert_no_error (error);
  g_assert_true (crm_database_set_meta (db, "seen", "yes", &error));
  g_assert_no_error (error);

  reader = crm_database_open_reader (path, &error);
  g_assert_no_error (error);
  {
    g_autofree char *value = crm_database_get_meta (reader, "seen");
    g_assert_cmpstr (value, ==, "yes");
  }
  g_assert_false (crm_database_set_meta (reader, "written", "no", &error));
  g_assert_error (error, CRM_DATABASE_ERROR, CRM_DATABASE_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_clear_object (&reader);

  g_assert_true (crm_database_exec (db, "PRAGMA user_version = 4", &error));
  reader = crm_database_open_reader (path, &error);
  g_assert_error (error, CRM_DATABASE_ERROR, CRM_DATABASE_ERROR_NOT_A_DATABASE);
  g_assert_null (reader);
  g_clear_error (&error);
  g_assert_cmpint (crm_database_get_schema_version (db), ==, 4);

  reader = crm_database_open_reader (":memory:", &error);
  g_assert_error (error, CRM_DATABASE_ERROR, CRM_DATABASE_ERROR_INVALID);
  g_assert_null (reader);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/migrations/fresh", test_migrations_fresh);
  g_test_add_func ("/migrations/reopen-keeps-data", test_migrations_reopen_keeps_data);
  g_test_add_func ("/migrations/empty-file", test_migrations_empty_file);
  g_test_add_func ("/migrations/upgrade-from-v1", test_migrations_upgrade_from_v1);
  g_test_add_func ("/migrations/upgrade-from-v3", test_migrations_upgrade_from_v3);
  g_test_add_func ("/migrations/upgrade-from-v4", test_migrations_upgrade_from_v4);
  g_test_add_func ("/migrations/upgrade-from-v5", test_migrations_upgrade_from_v5);
  g_test_add_func ("/migrations/reader", test_migrations_reader);
  g_test_add_func ("/migrations/failure-leaves-file-unchanged", test_migrations_failure_leaves_file_unchanged);

  return g_test_run ();
}
