/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "crm-database"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "crm-database-private.h"
#include "crm-migrations.h"

struct _CrmStatement
{
  CrmDatabase  *db;
  sqlite3_stmt *stmt;
  char         *sql;
  gboolean      in_use;
  gboolean      cached;
};

struct _CrmDatabase
{
  GObject     parent_instance;

  sqlite3    *handle;
  char       *path;
  GHashTable *statements;  /* SQL text -> CrmStatement */
  guint       transaction_depth;
  guint       read_depth;
  gboolean    read_open;   /* crm_database_begin_read() began a transaction */
};

G_DEFINE_FINAL_TYPE (CrmDatabase, crm_database, G_TYPE_OBJECT)

G_DEFINE_QUARK (crm-database-error-quark, crm_database_error)

static CrmDatabaseError
error_code_for_sqlite (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return CRM_DATABASE_ERROR_LOCKED;
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return CRM_DATABASE_ERROR_READ_ONLY;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return CRM_DATABASE_ERROR_NOT_A_DATABASE;
    case SQLITE_CANTOPEN:
      return CRM_DATABASE_ERROR_NO_FOLDER;
    case SQLITE_CONSTRAINT:
      return CRM_DATABASE_ERROR_CONSTRAINT;
    default:
      return CRM_DATABASE_ERROR_FAILED;
    }
}

void
_crm_database_set_error (CrmDatabase  *self,
                         int           rc,
                         GError      **error)
{
  CrmDatabaseError code = error_code_for_sqlite (rc);
  const char *detail = self->handle ? sqlite3_errmsg (self->handle) : sqlite3_errstr (rc);

  switch (code)
    {
    case CRM_DATABASE_ERROR_LOCKED:
      g_set_error (error, CRM_DATABASE_ERROR, code,
                   _("The database “%s” is in use by another program and stayed locked"),
                   self->path);
      break;
    case CRM_DATABASE_ERROR_READ_ONLY:
      g_set_error (error, CRM_DATABASE_ERROR, code,
                   _("The database “%s” cannot be written to: %s"), self->path, detail);
      break;
    case CRM_DATABASE_ERROR_NOT_A_DATABASE:
      g_set_error (error, CRM_DATABASE_ERROR, code,
                   _("The file “%s” is not a Clientele database or is damaged"), self->path);
      break;
    case CRM_DATABASE_ERROR_FAILED:
    case CRM_DATABASE_ERROR_NO_FOLDER:
    case CRM_DATABASE_ERROR_TOO_NEW:
    case CRM_DATABASE_ERROR_CONSTRAINT:
    case CRM_DATABASE_ERROR_NOT_FOUND:
    case CRM_DATABASE_ERROR_INVALID:
    default:
      g_set_error (error, CRM_DATABASE_ERROR, code, _("Database error: %s"), detail);
      break;
    }
}

static void
crm_statement_free (CrmStatement *stmt)
{
  sqlite3_finalize (stmt->stmt);
  g_free (stmt->sql);
  g_free (stmt);
}

static void
crm_database_finalize (GObject *object)
{
  CrmDatabase *self = (CrmDatabase *)object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->handle != NULL)
    sqlite3_close_v2 (self->handle);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (crm_database_parent_class)->finalize (object);
}

static void
crm_database_class_init (CrmDatabaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = crm_database_finalize;
}

/* Statements are looked up by their SQL for every use, and the SQL of a
 * list row is a kilobyte long: g_str_hash() over all of it took a tenth of
 * the time of reading a page. The length and the two ends tell SQL texts
 * apart well enough for a hash; g_str_equal() settles the rest. */
static guint
sql_hash (gconstpointer key)
{
  const char *sql = key;
  gsize len = strlen (sql);
  guint hash = (guint)len;
  gsize ends = MIN (len, 32);

  for (gsize i = 0; i < ends; i++)
    hash = hash * 33 + (guchar)sql[i];
  for (gsize i = len - ends; i < len; i++)
    hash = hash * 33 + (guchar)sql[i];

  return hash;
}

static void
crm_database_init (CrmDatabase *self)
{
  self->statements = g_hash_table_new_full (sql_hash, g_str_equal, NULL,
                                            (GDestroyNotify)crm_statement_free);
}

static gboolean
check_location (const char  *path,
                GError     **error)
{
  g_autofree char *folder = NULL;

  if (g_strcmp0 (path, ":memory:") == 0)
    return TRUE;

  folder = g_path_get_dirname (path);
  if (!g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, CRM_DATABASE_ERROR, CRM_DATABASE_ERROR_NO_FOLDER,
                   _("The folder “%s” does not exist"), folder);
      return FALSE;
    }

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, CRM_DATABASE_ERROR, CRM_DATABASE_ERROR_NOT_A_DATABASE,
                   _("“%s” is a folder, not a database file"), path);
      return FALSE;
    }

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (g_access (path, R_OK | W_OK) != 0)
        {
          g_set_error (error, CRM_DATABASE_ERROR, CRM_DATABASE_ERROR_READ_ONLY,
                       _("The database “%s” cannot be written to: %s"),
                       path, g_strerror (errno));
          return FALSE;
        }
    }
  else if (g_access (folder, W_OK) != 0)
    {
      g_set_error (error, CRM_DATABASE_ERROR, CRM_DATABASE_ERROR_READ_ONLY,
                   _("A database cannot be created in “%s”: %s"),
                   folder, g_strerror (errno));
      return FALSE;
    }

  return TRUE;
}

/* Folds text for the `crm_fold` SQL function so that search queries and the
 * folded columns use exactly the same rules as the C side. */
static void
sql_fold_cb (sqlite3_context  *context,
             int               argc,
             sqlite3_value   **argv)
{
  const char *text = (const char *)sqlite3_value_text (argv[0]);
  char *folded;

  if (text == NULL)
    {
      sqlite3_result_null (context);
      return;
    }

  folded = crm_text_fold (text);
  sqlite3_result_text (context, folded, -1, g_free);
}

/* What every connection needs, the main one and the readers, before it
 * reads anything; then the schema is read, which fails on a file that is
 * damaged or not a database. */
static gboolean
set_up_connection (CrmDatabase  *self,
                   GError      **error)
{
  sqlite3_extended_result_codes (self->handle, 1);
  sqlite3_busy_timeout (self->handle, 5000);
  sqlite3_create_function (self->handle, "crm_fold", 1,
                           SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                           NULL, sql_fold_cb, NULL, NULL);

  return crm_database_exec (self, "SELECT count(*) FROM sqlite_master", error) &&
         crm_database_exec (self,
                            "PRAGMA temp_store=MEMORY;"
                            "PRAGMA cache_size=-32000;",
                            error);
}

/**
 * crm_database_open:
 * @path: the database file, created when missing, or ":memory:"
 * @error: return location for a #GError
 *
 * Opens the database, sets the pragmas every connection needs and brings the
 * schema up to date. A database written by a newer Clientele is refused and
 * left untouched.
 *
 * Returns: (transfer full): the database, or %NULL with @error set
 */
CrmDatabase *
crm_database_open (const char  *path,
                   GError     **error)
{
  g_autoptr(CrmDatabase) self = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  if (!check_location (path, error))
    return NULL;

  self = g_object_new (CRM_TYPE_DATABASE, NULL);
  self->path = g_strdup (path);

  rc = sqlite3_open_v2 (path, &self->handle,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      _crm_database_set_error (self, rc, error);
      return NULL;
    }

  /* Reading the schema first tells a damaged or foreign file apart before
   * anything is written to it. */
  if (!set_up_connection (self, error))
    return NULL;

  if (!crm_database_exec (self,
                          "PRAGMA journal_mode=WAL;"
                          "PRAGMA synchronous=NORMAL;"
                          "PRAGMA foreign_keys=ON;",
                          error))
    return NULL;

  if (!crm_migrations_run (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * crm_database_open_reader:
 * @path: a database file that crm_database_open() has brought up to date
 * @error: return location for a #GError
 *
 * Opens another, read-only connection to a database, for long reads in a
 * worker thread (a report over a large range) while the main connection
 * goes on serving the window; with the file in WAL mode, neither waits for
 * the other. Use it from one thread at a time. Nothing is migrated: a file
 * at another schema version is refused. An in-memory database cannot be
 * opened twice, since another connection would see an empty one.
 *
 * Returns: (transfer full): the connection, or %NULL with @error set
 */
CrmDatabase *
crm_database_open_reader (const char  *path,
                          GError     **error)
{
  g_autoptr(CrmDatabase) self = NULL;
  int version;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_strcmp0 (path, ":memory:") == 0)
    {
      g_set_error (error, CRM_DATABASE_ERROR, CRM_DATABASE_ERROR_INVALID,
                   _("An in-memory database cannot be opened a second time"));
      return NULL;
    }

  self = g_object_new (CRM_TYPE_DATABASE, NULL);
  self->path = g_strdup (path);

  rc = sqlite3_open_v2 (path, &self->handle, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      _crm_database_set_error (self, rc, error);
      return NULL;
    }

  if (!set_up_connection (self, error))
    return NULL;

  version = crm_database_get_schema_version (self);
  if (version != CRM_SCHEMA_VERSION)
    {
      g_set_error (error, CRM_DATABASE_ERROR,
                   version > CRM_SCHEMA_VERSION ? CRM_DATABASE_ERROR_TOO_NEW
                                                : CRM_DATABASE_ERROR_NOT_A_DATABASE,
                   _("The database “%s” has schema %d; this version reads %d"),
                   path, version, CRM_SCHEMA_VERSION);
      return NULL;
    }

  return g_steal_pointer (&self);
}

const char *
crm_database_get_path (CrmDatabase *self)
{
  g_return_val_if_fail (CRM_IS_DATABASE (self), NULL);

  return self->path;
}

sqlite3 *
_crm_database_get_handle (CrmDatabase *self)
{
  return self->handle;
}

int
crm_database_get_schema_version (CrmDatabase *self)
{
  g_autoptr(CrmStatement) stmt = NULL;

  g_return_val_if_fail (CRM_IS_DATABASE (self), -1);

  stmt = crm_database_prepare (self, "PRAGMA user_version", NULL);
  if (stmt == NULL || crm_statement_step (stmt, NULL) != CRM_STEP_ROW)
    return -1;

  return (int)crm_statement_get_int64 (stmt, 0);
}

gboolean
crm_database_exec (CrmDatabase  *self,
                   const char   *sql,
                   GError      **error)
{
  int rc;

  g_return_val_if_fail (CRM_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (sql != NULL, FALSE);

  rc = sqlite3_exec (self->handle, sql, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      _crm_database_set_error (self, rc, error);
      return FALSE;
    }

  return TRUE;
}

/**
 * crm_database_prepare:
 * @self: a #CrmDatabase
 * @sql: one SQL statement with `?` or `?N` parameters
 * @error: return location for a #GError
 *
 * Returns a prepared statement from the connection's cache, preparing it the
 * first time. The same SQL may be prepared again while a previous one is
 * still in use (a nested query); that one is not cached.
 *
 * Returns: (transfer full): a statement to release with crm_statement_release()
 */
CrmStatement *
crm_database_prepare (CrmDatabase  *self,
                      const char   *sql,
                      GError      **error)
{
  CrmStatement *stmt;
  int rc;

  g_return_val_if_fail (CRM_IS_DATABASE (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL && !stmt->in_use)
    {
      stmt->in_use = TRUE;
      return stmt;
    }

  stmt = g_new0 (CrmStatement, 1);
  stmt->db = self;
  stmt->sql = g_strdup (sql);
  rc = sqlite3_prepare_v3 (self->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt->stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _crm_database_set_error (self, rc, error);
      crm_statement_free (stmt);
      return NULL;
    }

  stmt->in_use = TRUE;
  if (!g_hash_table_contains (self->statements, sql))
    {
      g_hash_table_insert (self->statements, stmt->sql, stmt);
      stmt->cached = TRUE;
    }

  return stmt;
}

/* Transactions nest: only the outermost begin and commit reach SQLite, so a
 * store function can call another one that opens its own transaction. */
gboolean
crm_database_begin (CrmDatabase  *self,
                    GError      **error)
{
  g_return_val_if_fail (CRM_IS_DATABASE (self), FALSE);

  /* A write inside reads that belong together: the reads go on in the
   * write's transaction. */
  if (self->transaction_depth == 0 && self->read_open)
    {
      self->read_open = FALSE;
      sqlite3_exec (self->handle, "COMMIT", NULL, NULL, NULL);
    }

  if (self->transaction_depth == 0 &&
      !crm_database_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  self->transaction_depth++;
  return TRUE;
}

gboolean
crm_database_commit (CrmDatabase  *self,
                     GError      **error)
{
  g_return_val_if_fail (CRM_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (self->transaction_depth > 0, FALSE);

  if (self->transaction_depth == 1 && !crm_database_exec (self, "COMMIT", error))
    {
      crm_database_rollback (self);
      return FALSE;
    }

  self->transaction_depth--;
  return TRUE;
}

void
crm_database_rollback (CrmDatabase *self)
{
  g_return_if_fail (CRM_IS_DATABASE (self));

  if (self->transaction_depth == 0)
    return;

  /* An inner failure dooms the whole transaction: roll back at once and let
   * the outer levels unwind without touching SQLite again. */
  if (sqlite3_get_autocommit (self->handle) == 0)
    sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);

  self->transaction_depth--;
}

/* Runs BEGIN or COMMIT from the statement cache. */
static gboolean
run_cached (CrmDatabase *self,
            const char  *sql)
{
  g_autoptr(CrmStatement) stmt = crm_database_prepare (self, sql, NULL);

  return stmt != NULL && crm_statement_step (stmt, NULL) == CRM_STEP_DONE;
}

/**
 * crm_database_begin_read:
 * @self: a #CrmDatabase
 *
 * Starts reads that belong together, such as a page of a list and its rows,
 * up to the matching crm_database_end_read(); calls nest. Outside a
 * transaction, SQLite takes and drops its read lock, with system calls on
 * the WAL index, around every statement: for a page of 64 rows read one by
 * one, a third of the time. In one read transaction that happens once, and
 * all the reads see the same state of the file. No writes in between: a
 * write ends the reads' transaction and begins its own.
 */
void
crm_database_begin_read (CrmDatabase *self)
{
  g_return_if_fail (CRM_IS_DATABASE (self));

  if (self->read_depth++ > 0 || self->transaction_depth > 0 ||
      !sqlite3_get_autocommit (self->handle))
    return;

  self->read_open = run_cached (self, "BEGIN");
}

void
crm_database_end_read (CrmDatabase *self)
{
  g_return_if_fail (CRM_IS_DATABASE (self));
  g_return_if_fail (self->read_depth > 0);

  if (--self->read_depth > 0 || !self->read_open)
    return;

  self->read_open = FALSE;
  run_cached (self, "COMMIT");
}

gboolean
crm_database_in_transaction (CrmDatabase *self)
{
  g_return_val_if_fail (CRM_IS_DATABASE (self), FALSE);

  return self->transaction_depth > 0;
}

/**
 * crm_database_get_data_version:
 * @self: a #CrmDatabase
 *
 * Returns: a number that changes when another connection (another process)
 *   commits a change to the file
 */
gint64
crm_database_get_data_version (CrmDatabase *self)
{
  g_autoptr(CrmStatement) stmt = NULL;

  g_return_val_if_fail (CRM_IS_DATABASE (self), 0);

  stmt = crm_database_prepare (self, "PRAGMA data_version", NULL);
  if (stmt == NULL || crm_statement_step (stmt, NULL) != CRM_STEP_ROW)
    return 0;

  return crm_statement_get_int64 (stmt, 0);
}

int
crm_database_changes (CrmDatabase *self)
{
  g_return_val_if_fail (CRM_IS_DATABASE (self), 0);

  return sqlite3_changes (self->handle);
}

char *
crm_database_get_meta (CrmDatabase *self,
                       const char  *key)
{
  g_autoptr(CrmStatement) stmt = NULL;

  g_return_val_if_fail (CRM_IS_DATABASE (self), NULL);

  stmt = crm_database_prepare (self, "SELECT value FROM meta WHERE key = ?1", NULL);
  if (stmt == NULL)
    return NULL;

  crm_statement_bind_text (stmt, 1, key);
  if (crm_statement_step (stmt, NULL) != CRM_STEP_ROW)
    return NULL;

  return crm_statement_dup_text (stmt, 0);
}

gboolean
crm_database_set_meta (CrmDatabase  *self,
                       const char   *key,
                       const char   *value,
                       GError      **error)
{
  g_autoptr(CrmStatement) stmt = NULL;

  g_return_val_if_fail (CRM_IS_DATABASE (self), FALSE);

  stmt = crm_database_prepare (self,
                               "INSERT INTO meta (key, value) VALUES (?1, ?2) "
                               "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                               error);
  if (stmt == NULL)
    return FALSE;

  crm_statement_bind_text (stmt, 1, key);
  crm_statement_bind_text (stmt, 2, value);
  return crm_statement_run (stmt, error);
}

void
crm_statement_bind_int64 (CrmStatement *self,
                          int           index,
                          gint64        value)
{
  g_return_if_fail (self != NULL);

  sqlite3_bind_int64 (self->stmt, index, value);
}

void
crm_statement_bind_text (CrmStatement *self,
                         int           index,
                         const char   *value)
{
  g_return_if_fail (self != NULL);

  if (value == NULL)
    sqlite3_bind_null (self->stmt, index);
  else
    sqlite3_bind_text (self->stmt, index, value, -1, SQLITE_TRANSIENT);
}

void
crm_statement_bind_null (CrmStatement *self,
                         int           index)
{
  g_return_if_fail (self != NULL);

  sqlite3_bind_null (self->stmt, index);
}

CrmStepResult
crm_statement_step (CrmStatement  *self,
                    GError       **error)
{
  int rc;

  g_return_val_if_fail (self != NULL, CRM_STEP_ERROR);

  rc = sqlite3_step (self->stmt);
  if (rc == SQLITE_ROW)
    return CRM_STEP_ROW;
  if (rc == SQLITE_DONE)
    return CRM_STEP_DONE;

  _crm_database_set_error (self->db, rc, error);
  return CRM_STEP_ERROR;
}

/* Steps a statement that returns no rows (or whose rows do not matter). */
gboolean
crm_statement_run (CrmStatement  *self,
                   GError       **error)
{
  CrmStepResult result;

  g_return_val_if_fail (self != NULL, FALSE);

  while ((result = crm_statement_step (self, error)) == CRM_STEP_ROW)
    ;

  return result == CRM_STEP_DONE;
}

gint64
crm_statement_get_int64 (CrmStatement *self,
                         int           column)
{
  g_return_val_if_fail (self != NULL, 0);

  return sqlite3_column_int64 (self->stmt, column);
}

const char *
crm_statement_get_text (CrmStatement *self,
                        int           column)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char *)sqlite3_column_text (self->stmt, column);
}

char *
crm_statement_dup_text (CrmStatement *self,
                        int           column)
{
  return g_strdup (crm_statement_get_text (self, column));
}

gboolean
crm_statement_get_is_null (CrmStatement *self,
                           int           column)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return sqlite3_column_type (self->stmt, column) == SQLITE_NULL;
}

void
crm_statement_release (CrmStatement *self)
{
  if (self == NULL)
    return;

  sqlite3_reset (self->stmt);
  sqlite3_clear_bindings (self->stmt);

  /* Only the cached copy of a SQL text is kept; a second, nested copy was
   * prepared for one use and goes now. */
  if (self->cached)
    self->in_use = FALSE;
  else
    crm_statement_free (self);
}
