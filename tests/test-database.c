/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "crm-database.h"
#include "crm-migrations.h"

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("clientele-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
test_database_create (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "new.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmDatabase) db = NULL;
  g_autoptr(CrmStatement) stmt = NULL;

  db = crm_database_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (db);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (crm_database_get_schema_version (db), ==, CRM_SCHEMA_VERSION);
  g_assert_cmpstr (crm_database_get_path (db), ==, path);

  stmt = crm_database_prepare (db, "PRAGMA journal_mode", &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_statement_step (stmt, &error), ==, CRM_STEP_ROW);
  g_assert_cmpstr (crm_statement_get_text (stmt, 0), ==, "wal");
  g_clear_pointer (&stmt, crm_statement_release);

  stmt = crm_database_prepare (db, "PRAGMA foreign_keys", &error);
  g_assert_cmpint (crm_statement_step (stmt, &error), ==, CRM_STEP_ROW);
  g_assert_cmpint (crm_statement_get_int64 (stmt, 0), ==, 1);
  g_clear_pointer (&stmt, crm_statement_release);

  stmt = crm_database_prepare (db, "PRAGMA synchronous", &error);
  g_assert_cmpint (crm_statement_step (stmt, &error), ==, CRM_STEP_ROW);
  g_assert_cmpint (crm_statement_get_int64 (stmt, 0), ==, 1); /* NORMAL */
}

static void
test_database_missing_folder (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmDatabase) db = NULL;

  db = crm_database_open ("/nonexistent-folder-for-clientele/x.db", &error);
  g_assert_null (db);
  g_assert_error (error, CRM_DATABASE_ERROR, CRM_DATABASE_ERROR_NO_FOLDER);
  g_assert_nonnull (strstr (error->message, "/nonexistent-folder-for-clientele"));
}

static void
test_database_not_a_database (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "notes.txt", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmDatabase) db = NULL;
  g_autofree char *contents = NULL;
  const char *text = "These are my notes, not a database. They must stay as they are.\n"
                     "Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n";

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);

  db = crm_database_open (path, &error);
  g_assert_null (db);
  g_assert_error (error, CRM_DATABASE_ERROR, CRM_DATABASE_ERROR_NOT_A_DATABASE);

  /* Nothing was written to the file. */
  g_clear_error (&error);
  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, text);
}

static void
test_database_foreign_sqlite (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "other.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmDatabase) db = NULL;
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (path, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, "CREATE TABLE recipes (name TEXT)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (handle);

  db = crm_database_open (path, &error);
  g_assert_null (db);
  g_assert_error (error, CRM_DATABASE_ERROR, CRM_DATABASE_ERROR_NOT_A_DATABASE);

  /* The other program's file still has only its own table. */
  g_assert_cmpint (sqlite3_open (path, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (handle, "SELECT count(*) FROM sqlite_master", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (handle);
}

static void
test_database_read_only (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "ro.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmDatabase) db = NULL;

  if (getuid () == 0)
    {
      /* Root ignores file modes, so check the refusal of a folder instead:
       * a path naming a folder can never be opened as a database. */
      db = crm_database_open (dir, &error);
      g_assert_null (db);
      g_assert_error (error, CRM_DATABASE_ERROR, CRM_DATABASE_ERROR_NOT_A_DATABASE);
      return;
    }

  db = crm_database_open (path, &error);
  g_assert_no_error (error);
  g_clear_object (&db);
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);

  db = crm_database_open (path, &error);
  g_assert_null (db);
  g_assert_error (error, CRM_DATABASE_ERROR, CRM_DATABASE_ERROR_READ_ONLY);
}

static void
test_database_locked (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "locked.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmDatabase) db = NULL;
  sqlite3 *other = NULL;
  gint64 start;

  db = crm_database_open (path, &error);
  g_assert_no_error (error);

  g_assert_cmpint (sqlite3_open (path, &other), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (other, "BEGIN EXCLUSIVE", NULL, NULL, NULL), ==, SQLITE_OK);

  /* Waits for the busy timeout, then reports a lock, not a failure. */
  start = g_get_monotonic_time ();
  g_assert_false (crm_database_begin (db, &error));
  g_assert_error (error, CRM_DATABASE_ERROR, CRM_DATABASE_ERROR_LOCKED);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, G_USEC_PER_SEC);
  g_assert_false (crm_database_in_transaction (db));

  sqlite3_exec (other, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (other);

  g_clear_error (&error);
  g_assert_true (crm_database_begin (db, &error));
  g_assert_no_error (error);
  crm_database_rollback (db);
}

static void
test_database_too_new (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "future.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmDatabase) db = NULL;
  g_autofree char *sql = NULL;
  sqlite3 *handle = NULL;

  db = crm_database_open (path, &error);
  g_assert_no_error (error);
  g_clear_object (&db);

  g_assert_cmpint (sqlite3_open (path, &handle), ==, SQLITE_OK);
  sql = g_strdup_printf ("PRAGMA user_version = %d", CRM_SCHEMA_VERSION + 1);
  g_assert_cmpint (sqlite3_exec (handle, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (handle);

  db = crm_database_open (path, &error);
  g_assert_null (db);
  g_assert_error (error, CRM_DATABASE_ERROR, CRM_DATABASE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer"));

  /* Refused, not modified: the version stays what the newer program wrote. */
  g_assert_cmpint (sqlite3_open (path, &handle), ==, SQLITE_OK);
  {
    sqlite3_stmt *stmt = NULL;

    sqlite3_prepare_v2 (handle, "PRAGMA user_version", -1, &stmt, NULL);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, CRM_SCHEMA_VERSION + 1);
    sqlite3_finalize (stmt);
  }
  sqlite3_close (handle);
}

static void
test_database_statement_cache (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmDatabase) db = crm_database_open (":memory:", &error);
  const char *sql = "SELECT ?1 + 1";
  CrmStatement *first;
  CrmStatement *nested;
  CrmStatement *again;

  g_assert_no_error (error);

  first = crm_database_prepare (db, sql, &error);
  g_assert_no_error (error);
  crm_statement_bind_int64 (first, 1, 41);
  g_assert_cmpint (crm_statement_step (first, &error), ==, CRM_STEP_ROW);
  g_assert_cmpint (crm_statement_get_int64 (first, 0), ==, 42);

  /* The same SQL while the first is still in use gets its own statement. */
  nested = crm_database_prepare (db, sql, &error);
  g_assert_no_error (error);
  g_assert_true (nested != first);
  crm_statement_bind_int64 (nested, 1, 1);
  g_assert_cmpint (crm_statement_step (nested, &error), ==, CRM_STEP_ROW);
  g_assert_cmpint (crm_statement_get_int64 (nested, 0), ==, 2);
  crm_statement_release (nested);

  crm_statement_release (first);

  /* Released statements come back reset, with no old bindings. */
  again = crm_database_prepare (db, sql, &error);
  g_assert_true (again == first);
  g_assert_cmpint (crm_statement_step (again, &error), ==, CRM_STEP_ROW);
  g_assert_true (crm_statement_get_is_null (again, 0));
  crm_statement_release (again);
}

static void
test_database_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmDatabase) db = crm_database_open (":memory:", &error);
  CrmStatement *stmt;

  g_assert_no_error (error);

  stmt = crm_database_prepare (db, "SELECT * FROM no_such_table", &error);
  g_assert_null (stmt);
  g_assert_error (error, CRM_DATABASE_ERROR, CRM_DATABASE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "no_such_table"));
  g_clear_error (&error);

  g_assert_false (crm_database_exec (db, "INSERT INTO users (id) VALUES (1)", &error));
  g_assert_error (error, CRM_DATABASE_ERROR, CRM_DATABASE_ERROR_CONSTRAINT);
}

static void
test_database_nested_transactions (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmDatabase) db = crm_database_open (":memory:", &error);
  g_autoptr(CrmStatement) count = NULL;

  g_assert_true (crm_database_begin (db, &error));
  g_assert_true (crm_database_exec (db, "INSERT INTO meta VALUES ('a', '1')", &error));
  g_assert_true (crm_database_begin (db, &error));
  g_assert_true (crm_database_exec (db, "INSERT INTO meta VALUES ('b', '2')", &error));
  /* An inner failure rolls back everything, the outer part included. */
  crm_database_rollback (db);
  g_assert_true (crm_database_in_transaction (db));
  crm_database_rollback (db);
  g_assert_false (crm_database_in_transaction (db));

  count = crm_database_prepare (db, "SELECT count(*) FROM meta WHERE key IN ('a', 'b')", &error);
  g_assert_cmpint (crm_statement_step (count, &error), ==, CRM_STEP_ROW);
  g_assert_cmpint (crm_statement_get_int64 (count, 0), ==, 0);
  g_clear_pointer (&count, crm_statement_release);

  g_assert_true (crm_database_begin (db, &error));
  g_assert_true (crm_database_begin (db, &error));
  g_assert_true (crm_database_set_meta (db, "c", "3", &error));
  g_assert_true (crm_database_commit (db, &error));
  g_assert_true (crm_database_commit (db, &error));
  g_assert_no_error (error);

  {
    g_autofree char *value = crm_database_get_meta (db, "c");
    g_assert_cmpstr (value, ==, "3");
  }
}

/* Reads that belong together see one state of the file, whatever another
 * connection commits meanwhile; calls nest; and a write in between still
 * works. */
static void
test_database_reads (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "reads.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmDatabase) db = crm_database_open (path, &error);
  g_autoptr(CrmDatabase) other = crm_database_open (path, &error);

  g_assert_no_error (error);
  g_assert_true (crm_database_set_meta (db, "x", "1", &error));

  crm_database_begin_read (db);
  crm_database_begin_read (db);
  {
    g_autofree char *value = crm_database_get_meta (db, "x");
    g_assert_cmpstr (value, ==, "1");
  }
  g_assert_true (crm_database_set_meta (other, "x", "2", &error));
  g_assert_no_error (error);
  crm_database_end_read (db);
  {
    g_autofree char *value = crm_database_get_meta (db, "x");
    g_assert_cmpstr (value, ==, "1");
  }
  crm_database_end_read (db);
  {
    g_autofree char *value = crm_database_get_meta (db, "x");
    g_assert_cmpstr (value, ==, "2");
  }

  /* A write inside reads ends the reads' transaction and takes its own. */
  crm_database_begin_read (db);
  {
    g_autofree char *value = crm_database_get_meta (db, "x");
    g_assert_cmpstr (value, ==, "2");
  }
  g_assert_true (crm_database_begin (db, &error));
  g_assert_true (crm_database_set_meta (db, "x", "3", &error));
  g_assert_true (crm_database_commit (db, &error));
  g_assert_no_error (error);
  crm_database_end_read (db);
  g_assert_false (crm_database_in_transaction (db));
  {
    g_autofree char *value = crm_database_get_meta (other, "x");
    g_assert_cmpstr (value, ==, "3");
  }

  /* Inside a write's transaction there is nothing to begin or end. */
  g_assert_true (crm_database_begin (db, &error));
  crm_database_begin_read (db);
  g_assert_true (crm_database_set_meta (db, "x", "4", &error));
  crm_database_end_read (db);
  g_assert_true (crm_database_in_transaction (db));
  g_assert_true (crm_database_commit (db, &error));
  g_assert_no_error (error);
  {
    g_autofree char *value = crm_database_get_meta (other, "x");
    g_assert_cmpstr (value, ==, "4");
  }
}

static void
test_database_data_version (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "dv.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmDatabase) db = crm_database_open (path, &error);
  g_autoptr(CrmDatabase) other = crm_database_open (path, &error);
  gint64 before;

  g_assert_no_error (error);
  before = crm_database_get_data_version (db);

  /* Own writes do not count as outside changes... */
  g_assert_true (crm_database_set_meta (db, "x", "1", &error));
  g_assert_cmpint (crm_database_get_data_version (db), ==, before);

  /* ... another connection's do. */
  g_assert_true (crm_database_set_meta (other, "x", "2", &error));
  g_assert_cmpint (crm_database_get_data_version (db), !=, before);
}

static void
test_database_fold_function (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmDatabase) db = crm_database_open (":memory:", &error);
  g_autoptr(CrmStatement) stmt = NULL;

  stmt = crm_database_prepare (db, "SELECT crm_fold (?1)", &error);
  g_assert_no_error (error);
  crm_statement_bind_text (stmt, 1, "Bērziņš ЕЛЕНА");
  g_assert_cmpint (crm_statement_step (stmt, &error), ==, CRM_STEP_ROW);
  g_assert_cmpstr (crm_statement_get_text (stmt, 0), ==, "berzins елена");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/database/create", test_database_create);
  g_test_add_func ("/database/missing-folder", test_database_missing_folder);
  g_test_add_func ("/database/not-a-database", test_database_not_a_database);
  g_test_add_func ("/database/foreign-sqlite", test_database_foreign_sqlite);
  g_test_add_func ("/database/read-only", test_database_read_only);
  g_test_add_func ("/database/locked", test_database_locked);
  g_test_add_func ("/database/too-new", test_database_too_new);
  g_test_add_func ("/database/statement-cache", test_database_statement_cache);
  g_test_add_func ("/database/errors", test_database_errors);
  g_test_add_func ("/database/nested-transactions", test_database_nested_transactions);
  g_test_add_func ("/database/data-version", test_database_data_version);
  g_test_add_func ("/database/reads", test_database_reads);
  g_test_add_func ("/database/fold-function", test_database_fold_function);

  return g_test_run ();
}
