/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "crm-migrations"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "crm-migrations.h"

/* Schema version 1. Every primary key is a crm_id_new() id, times are UTC
 * milliseconds, money is minor units with its currency code, and rows that
 * users delete get deleted_at instead of going away. Folded columns hold
 * crm_text_fold() of their source so that short prefixes can use an index. */
static const char schema_v1[] =
  "CREATE TABLE meta ("
  "  key   TEXT PRIMARY KEY,"
  "  value TEXT"
  ") WITHOUT ROWID;"

  "CREATE TABLE users ("
  "  id         INTEGER PRIMARY KEY,"
  "  login      TEXT NOT NULL UNIQUE COLLATE NOCASE,"
  "  name       TEXT NOT NULL,"
  "  role       INTEGER NOT NULL DEFAULT 2,"
  "  active     INTEGER NOT NULL DEFAULT 1,"
  "  created_at INTEGER NOT NULL"
  ");"

  "CREATE TABLE contacts ("
  "  id          INTEGER PRIMARY KEY,"
  "  kind        INTEGER NOT NULL DEFAULT 0 CHECK (kind IN (0, 1)),"
  "  name        TEXT NOT NULL CHECK (length(name) > 0),"
  "  name_folded TEXT NOT NULL,"
  "  company_id  INTEGER REFERENCES contacts (id) ON DELETE SET NULL,"
  "  owner_id    INTEGER REFERENCES users (id),"
  "  is_key      INTEGER NOT NULL DEFAULT 0,"
  "  source      TEXT,"
  "  notes       TEXT,"
  "  birthday    TEXT,"
  "  created_at  INTEGER NOT NULL,"
  "  updated_at  INTEGER NOT NULL,"
  "  deleted_at  INTEGER"
  ");"
  "CREATE INDEX contacts_by_name ON contacts (name_folded, id) WHERE deleted_at IS NULL;"
  "CREATE INDEX contacts_by_updated ON contacts (updated_at, id) WHERE deleted_at IS NULL;"
  "CREATE INDEX contacts_by_company ON contacts (company_id);"
  "CREATE INDEX contacts_by_owner ON contacts (owner_id);"

  "CREATE TABLE phones ("
  "  id         INTEGER PRIMARY KEY,"
  "  contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,"
  "  kind       INTEGER NOT NULL DEFAULT 0,"
  "  raw        TEXT NOT NULL,"
  "  e164       TEXT NOT NULL,"
  "  digits_rev TEXT NOT NULL,"
  "  extension  TEXT,"
  "  position   INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX phones_by_contact ON phones (contact_id, position);"
  "CREATE INDEX phones_by_e164 ON phones (e164);"
  "CREATE INDEX phones_by_digits_rev ON phones (digits_rev);"

  "CREATE TABLE emails ("
  "  id         INTEGER PRIMARY KEY,"
  "  contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,"
  "  kind       INTEGER NOT NULL DEFAULT 0,"
  "  address    TEXT NOT NULL,"
  "  folded     TEXT NOT NULL,"
  "  position   INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX emails_by_contact ON emails (contact_id, position);"
  "CREATE INDEX emails_by_folded ON emails (folded);"

  "CREATE TABLE tags ("
  "  id     INTEGER PRIMARY KEY,"
  "  name   TEXT NOT NULL,"
  "  folded TEXT NOT NULL UNIQUE"
  ");"
  "CREATE TABLE contact_tags ("
  "  contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,"
  "  tag_id     INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (contact_id, tag_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX contact_tags_by_tag ON contact_tags (tag_id);"

  "CREATE TABLE pipelines ("
  "  id         INTEGER PRIMARY KEY,"
  "  name       TEXT NOT NULL CHECK (length(name) > 0),"
  "  position   INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL,"
  "  deleted_at INTEGER"
  ");"

  "CREATE TABLE stages ("
  "  id          INTEGER PRIMARY KEY,"
  "  pipeline_id INTEGER NOT NULL REFERENCES pipelines (id),"
  "  name        TEXT NOT NULL CHECK (length(name) > 0),"
  "  position    INTEGER NOT NULL,"
  "  color       TEXT NOT NULL DEFAULT '#3584e4',"
  "  kind        INTEGER NOT NULL DEFAULT 0 CHECK (kind IN (0, 1, 2)),"
  "  created_at  INTEGER NOT NULL,"
  "  deleted_at  INTEGER"
  ");"
  "CREATE INDEX stages_by_pipeline ON stages (pipeline_id, position);"

  "CREATE TABLE deals ("
  "  id               INTEGER PRIMARY KEY,"
  "  title            TEXT NOT NULL CHECK (length(title) > 0),"
  "  title_folded     TEXT NOT NULL,"
  "  contact_id       INTEGER REFERENCES contacts (id),"
  "  amount           INTEGER NOT NULL DEFAULT 0,"
  "  currency         TEXT NOT NULL DEFAULT 'EUR',"
  "  stage_id         INTEGER NOT NULL REFERENCES stages (id),"
  "  position         INTEGER NOT NULL DEFAULT 0,"
  "  owner_id         INTEGER REFERENCES users (id),"
  "  expected_close   TEXT,"
  "  lost_reason      TEXT,"
  "  created_at       INTEGER NOT NULL,"
  "  updated_at       INTEGER NOT NULL,"
  "  stage_changed_at INTEGER NOT NULL,"
  "  deleted_at       INTEGER"
  ");"
  "CREATE INDEX deals_by_stage ON deals (stage_id, position, id) WHERE deleted_at IS NULL;"
  "CREATE INDEX deals_by_updated ON deals (updated_at, id) WHERE deleted_at IS NULL;"
  "CREATE INDEX deals_by_title ON deals (title_folded, id) WHERE deleted_at IS NULL;"
  "CREATE INDEX deals_by_amount ON deals (amount, id) WHERE deleted_at IS NULL;"
  "CREATE INDEX deals_by_contact ON deals (contact_id);"
  "CREATE INDEX deals_by_owner ON deals (owner_id);"

  "CREATE TABLE deal_tags ("
  "  deal_id INTEGER NOT NULL REFERENCES deals (id) ON DELETE CASCADE,"
  "  tag_id  INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (deal_id, tag_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX deal_tags_by_tag ON deal_tags (tag_id);"

  "CREATE TABLE attachments ("
  "  id           INTEGER PRIMARY KEY,"
  "  contact_id   INTEGER REFERENCES contacts (id),"
  "  deal_id      INTEGER REFERENCES deals (id),"
  "  file_name    TEXT NOT NULL,"
  "  content_hash TEXT NOT NULL,"
  "  size         INTEGER NOT NULL,"
  "  mime_type    TEXT,"
  "  created_by   INTEGER REFERENCES users (id),"
  "  created_at   INTEGER NOT NULL,"
  "  deleted_at   INTEGER"
  ");"
  "CREATE INDEX attachments_by_contact ON attachments (contact_id);"
  "CREATE INDEX attachments_by_deal ON attachments (deal_id);"

  /* Calls, notes, meetings and tasks share one table; the call columns are
   * NULL for the others. */
  "CREATE TABLE activities ("
  "  id           INTEGER PRIMARY KEY,"
  "  kind         INTEGER NOT NULL CHECK (kind IN (0, 1, 2, 3)),"
  "  contact_id   INTEGER REFERENCES contacts (id),"
  "  deal_id      INTEGER REFERENCES deals (id),"
  "  user_id      INTEGER REFERENCES users (id),"
  "  direction    INTEGER,"
  "  started_at   INTEGER NOT NULL,"
  "  duration_s   INTEGER NOT NULL DEFAULT 0 CHECK (duration_s >= 0),"
  "  outcome      TEXT,"
  "  key_points   TEXT,"
  "  recording_id INTEGER REFERENCES attachments (id),"
  "  created_at   INTEGER NOT NULL,"
  "  updated_at   INTEGER NOT NULL,"
  "  deleted_at   INTEGER"
  ");"
  "CREATE INDEX activities_by_time ON activities (started_at, id) WHERE deleted_at IS NULL;"
  "CREATE INDEX activities_by_contact ON activities (contact_id, started_at);"
  "CREATE INDEX activities_by_deal ON activities (deal_id, started_at);"
  "CREATE INDEX activities_by_user ON activities (user_id, started_at);"

  "CREATE TABLE activity_tags ("
  "  activity_id INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,"
  "  tag_id      INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (activity_id, tag_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX activity_tags_by_tag ON activity_tags (tag_id);"

  "CREATE TABLE reminders ("
  "  id            INTEGER PRIMARY KEY,"
  "  contact_id    INTEGER REFERENCES contacts (id),"
  "  deal_id       INTEGER REFERENCES deals (id),"
  "  assignee_id   INTEGER REFERENCES users (id),"
  "  due_at        INTEGER NOT NULL,"
  "  note          TEXT,"
  "  done_at       INTEGER,"
  "  snoozed_until INTEGER,"
  "  notified_at   INTEGER,"
  "  created_by    INTEGER REFERENCES users (id),"
  "  created_at    INTEGER NOT NULL,"
  "  updated_at    INTEGER NOT NULL,"
  "  deleted_at    INTEGER,"
  "  CHECK (contact_id IS NOT NULL OR deal_id IS NOT NULL)"
  ");"
  "CREATE INDEX reminders_pending ON reminders (coalesce (snoozed_until, due_at), id)"
  "  WHERE done_at IS NULL AND deleted_at IS NULL;"
  "CREATE INDEX reminders_by_contact ON reminders (contact_id);"
  "CREATE INDEX reminders_by_deal ON reminders (deal_id);"

  /* Who changed what: one row per changed field. */
  "CREATE TABLE history ("
  "  id          INTEGER PRIMARY KEY,"
  "  entity_kind INTEGER NOT NULL,"
  "  entity_id   INTEGER NOT NULL,"
  "  user_id     INTEGER REFERENCES users (id),"
  "  at          INTEGER NOT NULL,"
  "  field       TEXT NOT NULL,"
  "  old_value   TEXT,"
  "  new_value   TEXT"
  ");"
  "CREATE INDEX history_by_entity ON history (entity_id, at);"

  /* Stage moves get their own rows so that the path of a deal through the
   * funnel, and the time it spent in each stage, can be read directly. */
  "CREATE TABLE deal_stage_history ("
  "  id            INTEGER PRIMARY KEY,"
  "  deal_id       INTEGER NOT NULL REFERENCES deals (id),"
  "  from_stage_id INTEGER REFERENCES stages (id),"
  "  to_stage_id   INTEGER NOT NULL REFERENCES stages (id),"
  "  user_id       INTEGER REFERENCES users (id),"
  "  at            INTEGER NOT NULL"
  ");"
  "CREATE INDEX deal_stage_history_by_deal ON deal_stage_history (deal_id, at);"
  "CREATE INDEX deal_stage_history_by_time ON deal_stage_history (at);"

  /* What the trash view lists; the rows themselves carry deleted_at. */
  "CREATE TABLE trash ("
  "  entity_kind INTEGER NOT NULL,"
  "  entity_id   INTEGER NOT NULL,"
  "  title       TEXT NOT NULL,"
  "  deleted_at  INTEGER NOT NULL,"
  "  deleted_by  INTEGER REFERENCES users (id),"
  "  PRIMARY KEY (entity_kind, entity_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX trash_by_time ON trash (deleted_at);"

  /* Search: words with diacritics removed, and trigrams for substrings and
   * phone digits. Both hold folded text written by the store in the same
   * transaction as the row; the rowid is the contact's or deal's id. */
  "CREATE VIRTUAL TABLE contacts_words USING fts5 (text, tokenize = 'unicode61 remove_diacritics 2');"
  "CREATE VIRTUAL TABLE contacts_trigrams USING fts5 (text, tokenize = 'trigram');"
  "CREATE VIRTUAL TABLE deals_words USING fts5 (text, tokenize = 'unicode61 remove_diacritics 2');"
  "CREATE VIRTUAL TABLE deals_trigrams USING fts5 (text, tokenize = 'trigram');";

/* Version 2: the figures of the Reports page count calls per employee and
 * period on every change; with a million calls that must read an index
 * alone, not the calls themselves.
 *
 * The lists sort deals by their client's name, their stage in the funnel
 * and their owner's name, and contacts by their company's and owner's
 * names. Read through joins, every such order means sorting all 200,000
 * deals again whenever a list is opened or re-sorted. So each row keeps
 * a copy of the keys (NULL where there is no client, company or owner),
 * which the store writes in the transaction of every change they follow,
 * and each order is an index:
 *
 * - client_sort, company_sort: the contact's name_folded;
 * - owner_sort: crm_fold() of the user's name;
 * - stage_sort: the pipeline's position * 1000000 + the stage's position,
 *   so that a pipeline's stages keep together in its order.
 *
 * The keys of trashed rows are not kept up to date; restoring a row writes
 * them anew. Counting the live rows of a list without a filter subtracts
 * the trashed ones, read from a small index, from SQLite's fast count of
 * all rows. */
static const char schema_v2[] =
  "CREATE INDEX calls_by_user ON activities (user_id, started_at, direction, duration_s)"
  "  WHERE kind = 0 AND deleted_at IS NULL;"

  "ALTER TABLE deals ADD COLUMN client_sort TEXT;"
  "ALTER TABLE deals ADD COLUMN stage_sort INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE deals ADD COLUMN owner_sort TEXT;"
  "ALTER TABLE contacts ADD COLUMN company_sort TEXT;"
  "ALTER TABLE contacts ADD COLUMN owner_sort TEXT;"

  "UPDATE deals SET"
  "  client_sort = (SELECT c.name_folded FROM contacts c WHERE c.id = deals.contact_id),"
  "  stage_sort = coalesce ((SELECT p.position * 1000000 + s.position FROM stages s"
  "                          JOIN pipelines p ON p.id = s.pipeline_id"
  "                          WHERE s.id = deals.stage_id), 0),"
  "  owner_sort = (SELECT crm_fold (u.name) FROM users u WHERE u.id = deals.owner_id);"
  "UPDATE contacts SET"
  "  company_sort = (SELECT co.name_folded FROM contacts co WHERE co.id = contacts.company_id),"
  "  owner_sort = (SELECT crm_fold (u.name) FROM users u WHERE u.id = contacts.owner_id)"
  "  WHERE company_id IS NOT NULL OR owner_id IS NOT NULL;"

  "CREATE INDEX deals_by_client ON deals (client_sort, id) WHERE deleted_at IS NULL;"
  "CREATE INDEX deals_by_stage_order ON deals (stage_sort, id) WHERE deleted_at IS NULL;"
  "CREATE INDEX deals_by_owner_name ON deals (owner_sort, id) WHERE deleted_at IS NULL;"
  "CREATE INDEX deals_by_expected_close ON deals (expected_close, id) WHERE deleted_at IS NULL;"
  "CREATE INDEX deals_trashed ON deals (deleted_at) WHERE deleted_at IS NOT NULL;"
  "CREATE INDEX contacts_by_company_name ON contacts (company_sort, id) WHERE deleted_at IS NULL;"
  "CREATE INDEX contacts_by_owner_name ON contacts (owner_sort, id) WHERE deleted_at IS NULL;"
  "CREATE INDEX contacts_trashed ON contacts (deleted_at) WHERE deleted_at IS NOT NULL;";

/* Version 3: the Calls page filters calls by outcome and offers the
 * outcomes calls were logged with; both read this index instead of every
 * call, and a page of one outcome's calls comes in time order from it.
 * (IF NOT EXISTS: a file made by this version and marked older, as tests
 * of older upgrades do, has it already.) */
static const char schema_v3[] =
  "CREATE INDEX IF NOT EXISTS calls_by_outcome ON activities (outcome, started_at)"
  "  WHERE kind = 0 AND deleted_at IS NULL;";

/* Version 4: details a business defines for its client cards ("Hair
 * colour", "Preferred stylist") and each client's text in them. Deleting
 * a field hides it (deleted_at) and keeps what was entered. (IF NOT
 * EXISTS, as in version 3, for files marked older by tests.) */
static const char schema_v4[] =
  "CREATE TABLE IF NOT EXISTS custom_fields ("
  "  id          INTEGER PRIMARY KEY,"
  "  entity_kind INTEGER NOT NULL,"
  "  name        TEXT NOT NULL,"
  "  position    INTEGER NOT NULL,"
  "  created_at  INTEGER NOT NULL,"
  "  deleted_at  INTEGER"
  ");"
  "CREATE TABLE IF NOT EXISTS custom_values ("
  "  field_id  INTEGER NOT NULL REFERENCES custom_fields (id),"
  "  entity_id INTEGER NOT NULL,"
  "  value     TEXT NOT NULL,"
  "  PRIMARY KEY (field_id, entity_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX IF NOT EXISTS custom_values_by_entity ON custom_values (entity_id);"
  /* The board and the stage list add up each stage's amounts after every
   * move; this index holds all they read. It is not partial, since SQLite
   * 3.40 does not read a partial index alone. */
  "CREATE INDEX IF NOT EXISTS deals_stage_totals ON deals (stage_id, deleted_at, currency, amount);";

/* Version 5: the funnel strip above the board asks, for each deal that
 * entered a stage in a period, whether it went on afterwards. The report
 * reads every deal's moves in order, with the stage each went to, from
 * this index alone (SQL_FUNNEL_MOVES in crm-reports.c): one pass in index
 * order instead of, for every move of the period, lookups of the move, its
 * deal and the deal's later moves in their tables: 60–70 ms instead of
 * 1.5–2.5 s at 460,000 moves. (IF NOT EXISTS, as in version 3, for files
 * marked older by tests.) */
static const char schema_v5[] =
  "CREATE INDEX IF NOT EXISTS deal_stage_history_paths"
  "  ON deal_stage_history (deal_id, at, to_stage_id);";

/* Version 6: the Calls page on a million calls. Its pages, and the rows a
 * jump of its scroll bar skips, come from calls_by_time, which holds the
 * live calls alone in the list's order: in activities_by_time, telling
 * calls from notes meant reading every skipped row from the table
 * (100-450 ms a jump). Opening the page reads the number of live calls
 * that triggers keep in the transaction of every write, instead of
 * counting a million index entries (55 ms); the triggers also catch
 * writes that do not go through the store (a purge, the demo data,
 * another program). A row changes the count only when it becomes or stops
 * being a live call. The count is derived data: when branches exchange
 * changesets, kept_counts stays out of them (the session's table filter),
 * and the calls a changeset brings are counted where it is applied. (IF
 * NOT EXISTS and a fresh count, as in version 3, for files marked older by
 * tests.) */
static const char schema_v6[] =
  "CREATE INDEX IF NOT EXISTS calls_by_time ON activities (started_at, id)"
  "  WHERE kind = 0 AND deleted_at IS NULL;"

  "CREATE TABLE IF NOT EXISTS kept_counts ("
  "  name TEXT PRIMARY KEY,"
  "  n    INTEGER NOT NULL"
  ") WITHOUT ROWID;"
  "INSERT OR REPLACE INTO kept_counts (name, n)"
  "  SELECT 'live_calls', count(*) FROM activities WHERE kind = 0 AND deleted_at IS NULL;"

  "CREATE TRIGGER IF NOT EXISTS live_calls_added AFTER INSERT ON activities"
  "  WHEN NEW.kind = 0 AND NEW.deleted_at IS NULL "
  "BEGIN"
  "  UPDATE kept_counts SET n = n + 1 WHERE name = 'live_calls';"
  "END;"
  "CREATE TRIGGER IF NOT EXISTS live_calls_removed AFTER DELETE ON activities"
  "  WHEN OLD.kind = 0 AND OLD.deleted_at IS NULL "
  "BEGIN"
  "  UPDATE kept_counts SET n = n - 1 WHERE name = 'live_calls';"
  "END;"
  "CREATE TRIGGER IF NOT EXISTS live_calls_changed AFTER UPDATE OF kind, deleted_at ON activities"
  "  WHEN (OLD.kind = 0 AND OLD.deleted_at IS NULL) != (NEW.kind = 0 AND NEW.deleted_at IS NULL) "
  "BEGIN"
  "  UPDATE kept_counts SET n = n + (CASE WHEN NEW.kind = 0 AND NEW.deleted_at IS NULL"
  "                                  THEN 1 ELSE -1 END)"
  "    WHERE name = 'live_calls';"
  "END;";

typedef struct
{
  int         version;
  const char *sql;
} Migration;

static const Migration migrations[] = {
  { 1, schema_v1 },
  { 2, schema_v2 },
  { 3, schema_v3 },
  { 4, schema_v4 },
  { 5, schema_v5 },
  { 6, schema_v6 },
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == CRM_SCHEMA_VERSION);

static gboolean
set_user_version (CrmDatabase  *db,
                  int           version,
                  GError      **error)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA user_version = %d", version);

  return crm_database_exec (db, sql, error);
}

/* A file without a schema version may still be somebody else's SQLite
 * database; adding our tables to it would change a file we do not own. */
static gboolean
is_empty_file (CrmDatabase  *db,
               GError      **error)
{
  g_autoptr(CrmStatement) stmt = NULL;

  stmt = crm_database_prepare (db, "SELECT count(*) FROM sqlite_master", error);
  if (stmt == NULL || crm_statement_step (stmt, error) != CRM_STEP_ROW)
    return FALSE;

  if (crm_statement_get_int64 (stmt, 0) != 0)
    {
      g_set_error (error, CRM_DATABASE_ERROR, CRM_DATABASE_ERROR_NOT_A_DATABASE,
                   _("The file “%s” is not a Clientele database or is damaged"),
                   crm_database_get_path (db));
      return FALSE;
    }

  return TRUE;
}

/**
 * crm_migrations_run:
 * @db: an open database
 * @error: return location for a #GError
 *
 * Brings the schema to %CRM_SCHEMA_VERSION, one transaction per version, so
 * that a failure leaves the file at the last complete version.
 *
 * Returns: %TRUE on success
 */
gboolean
crm_migrations_run (CrmDatabase  *db,
                    GError      **error)
{
  int current = crm_database_get_schema_version (db);

  if (current < 0)
    {
      g_set_error (error, CRM_DATABASE_ERROR, CRM_DATABASE_ERROR_NOT_A_DATABASE,
                   _("The file “%s” is not a Clientele database or is damaged"),
                   crm_database_get_path (db));
      return FALSE;
    }

  if (current > CRM_SCHEMA_VERSION)
    {
      g_set_error (error, CRM_DATABASE_ERROR, CRM_DATABASE_ERROR_TOO_NEW,
                   _("The database “%s” was made by a newer version of Clientele "
                     "(schema %d; this version reads up to %d). It was not changed."),
                   crm_database_get_path (db), current, CRM_SCHEMA_VERSION);
      return FALSE;
    }

  if (current == 0 && !is_empty_file (db, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (migrations); i++)
    {
      const Migration *m = &migrations[i];

      if (m->version <= current)
        continue;

      if (!crm_database_begin (db, error))
        return FALSE;

      if (!crm_database_exec (db, m->sql, error) ||
          !set_user_version (db, m->version, error))
        {
          crm_database_rollback (db);
          return FALSE;
        }

      if (!crm_database_commit (db, error))
        return FALSE;

      current = m->version;
    }

  return TRUE;
}
