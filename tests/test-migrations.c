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

static void
test_migrations_upgrade_from_v1 (void)
{
  g_autofree char *path = temp_path ("v1.db");
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmDatabase) db = crm_database_open (path, &error);

  /* Make the file look as version 1 left it, with a row in it. */
  g_assert_true (crm_database_exec (db,
                                    "DROP INDEX calls_by_user;"
                                    "INSERT INTO meta VALUES ('from-v1', 'kept');"
                                    "PRAGMA user_version = 1;",
                                    &error));
  g_clear_object (&db);

  db = crm_database_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_database_get_schema_version (db), ==, 2);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM sqlite_master WHERE name = 'calls_by_user'"), ==, 1);
  {
    g_autofree char *value = crm_database_get_meta (db, "from-v1");
    g_assert_cmpstr (value, ==, "kept");
  }
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
  g_test_add_func ("/migrations/failure-leaves-file-unchanged", test_migrations_failure_leaves_file_unchanged);

  return g_test_run ();
}
