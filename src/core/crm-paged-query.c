/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "crm-paged-query"

#include "config.h"

#include <string.h>

#include "crm-database.h"
#include "crm-paged-query.h"

/* How a list is paged.
 *
 * The rows of a list are the live rows of one table that match the model's
 * filter, in the order of the sort keys and then the id. Nothing but the
 * count is read up front; get_item() reads the page of 64 rows that holds
 * the position and keeps the last few pages it read.
 *
 * When SQLite can walk an index in the list's order (the usual sorts), a
 * page is read with ORDER BY ... LIMIT 64 OFFSET n. A page next to one in
 * the cache starts from that page's edge row instead ("keyset" paging), so
 * scrolling costs the same at the end of 200,000 rows as at the top; a jump
 * starts from whichever known row or end of the list is nearest.
 *
 * Every order but creation has one key before the id, and a page from a
 * known row is read in runs rather than with one row value comparison:
 * SQLite 3.40 seeks on the key of "(key, id) > (?, ?)" but not on the id,
 * when the id is the rowid, so it stepped through all the rows that share
 * the key (40,000 deals of one owner or stage) to find the next page. The
 * runs are the rows with the known row's key after it (a seek on key and
 * id), then the rows with keys after its key (a seek on the key). A key
 * that can be NULL (a deal without a client) puts those rows last in both
 * directions, as a third run. Each read is an index range.
 *
 * A far jump (a dragged scroll bar) would make SQLite step over hundreds
 * of thousands of rows to the nearest known one: 10-30 ms in a million
 * calls from an index alone (some 30 ns a row), 100-450 ms when each row
 * was read from the table. So the list keeps anchors, the ids of rows
 * whose place it knows, about every `anchor_spacing` rows (a multiple of
 * the page size, chosen so that there are at most 256 of them): a jump
 * starts from the nearest anchor, at most half a spacing away. Anchors are
 * found by hops of one spacing from the last one (one read each, with an
 * OFFSET): on the way to a far position when that costs no more than
 * reading it from the nearest known row, and in idle time, a couple of
 * milliseconds at a time, until the end of the list, after the first far
 * jump or, in a list long enough for a jump to cost milliseconds, as soon
 * as it is read (a million calls: some 40 ms in all, in 2 ms slices).
 *
 * A single-row change moves the anchors after it by one place, and drops
 * the anchor of the row itself, so anchors stay exact without being read
 * again; anything else (a reload, a refresh that may reorder) drops them
 * all. New anchors are found only outside of a change: from a `changing`
 * of the store to the next main loop iteration, the file may hold writes
 * the list has not been told of yet. Anchors also tell where a row is (to
 * signal its change) from the ids between the two anchors around it,
 * instead of counting all the rows before it.
 *
 * When the plan has to sort every matching row (a key that is a subquery,
 * or a filter that makes SQLite pick another index), reading a page means
 * sorting everything again, hundreds of milliseconds on 200,000 deals. Such
 * a list reads its sorted ids once ("snapshot") and pages through those.
 *
 * Single-row changes are turned into exact items-changed signals: the
 * store's `changing` lets us note where the row was, `changed` where it is
 * now. Anything less certain becomes items-changed (0, old_n, new_n). */

#define PAGE_SIZE CRM_PAGED_QUERY_PAGE_SIZE
#define N_PAGES   CRM_PAGED_QUERY_N_PAGES

typedef enum
{
  PAGE_FROM_START,
  PAGE_AFTER_ANCHOR,
  PAGE_FROM_END,
  PAGE_BEFORE_ANCHOR,
  N_PAGE_QUERIES
} PageQuery;

/* Anchors: at most this many (the spacing doubles until they fit), found
 * for this long at a time in idle time, and the ids between two of them
 * read to place a row while the gap is no wider than this many spacings. */
#define MAX_ANCHORS        256
#define ANCHOR_SLICE_US    2000
#define MAX_GAP_SPACINGS   4

/* From this many rows on, a far jump without anchors would step over
 * enough rows to take milliseconds, so the anchors are found in idle time
 * as soon as the list is read, before the first jump. */
#define EAGER_ANCHOR_ROWS  65536

/* The runs a page of a list sorted by one key is read in, from a known
 * row ?20 (the anchor), in the list's order or backwards. */
typedef enum
{
  RUN_SAME_AFTER,        /* rows with the anchor's key, after it */
  RUN_KEYS_AFTER,        /* rows with a key after the anchor's */
  RUN_NULLS_FROM_START,  /* rows without a key, from their first */
  RUN_NULLS_AFTER,       /* rows without a key, after the keyless anchor */
  RUN_SAME_BEFORE,       /* backwards: rows with the anchor's key before it */
  RUN_KEYS_BEFORE,       /* rows with a key before the anchor's */
  RUN_NULLS_BEFORE,      /* rows without a key before the keyless anchor */
  RUN_KEYS_FROM_END,     /* rows with a key, from their last */
  N_RUNS
} Run;

typedef struct
{
  guint      index;      /* the page holds positions index * PAGE_SIZE ... */
  guint64    last_used;
  GArray    *ids;        /* gint64, one per item */
  GPtrArray *items;
  gboolean   complete;   /* every row was found, so its ids can anchor a query */
} Page;

typedef struct
{
  gint64  position;      /* -1 when the row was not in the list */
  guint64 generation;
} PendingRow;

/* A row of the list whose place is known. */
typedef struct
{
  guint   position;
  gint64  id;
} Anchor;

/* Where a window of rows is read from: the start or the end of the list,
 * or a known row (after it, or before it backwards), skipping `offset`. */
typedef struct
{
  PageQuery kind;
  gint64    anchor;
  guint     offset;
} Origin;

struct _CrmPagedQuery
{
  GListModel            *model;
  GParamSpec            *n_items_pspec;
  CrmStore              *store;
  CrmDatabase           *db;
  GType                  item_type;
  char                  *table;
  char                  *alias;
  CrmPagedQueryFillFunc  fill;
  CrmPagedQueryBindFunc  bind;
  gpointer               user_data;

  char                  *joins;
  CrmSortColumn         *columns;
  guint                  n_columns;
  gboolean               descending;
  char                  *filter_sql;

  char                  *kept_count_sql;

  /* Built from the above by build_sql(). */
  gboolean               sql_valid;
  char                  *count_sql;
  char                  *member_sql;
  char                  *before_sql;
  char                  *precedes_sql;
  char                  *all_sql;
  char                  *page_sql[N_PAGE_QUERIES];
  /* Lists sorted by one key only: a page and a count of each run, and
   * whether the anchor has no key. */
  gboolean               single_key;
  char                  *run_sql[N_RUNS];
  char                  *run_count_sql[N_RUNS];
  char                  *anchor_is_null_sql;
  int                    sorts_all;   /* whether the plan sorts; -1 until read */

  /* Rows in the database's order right now. While a move is being told
   * (between its removal and its insertion), the list shows one row less:
   * the one at `hole`. */
  guint                  n;
  gint64                 hole;
  GArray                *snapshot;

  Page                  *pages[N_PAGES];
  guint64                clock;

  /* Anchors for far jumps, by position; see the top of this file. */
  GArray                *anchors;
  guint                  anchor_spacing;
  gboolean               anchors_complete;
  guint                  anchor_source;
  /* Between a `changing` of the store and the next main loop iteration:
   * no new anchors. */
  gboolean               in_change;
  guint                  change_source;

  /* Where rows were when the store said they were about to change. Entries
   * of a transaction share the generation, which moves on with every
   * items-changed we emit. */
  GHashTable            *pending;
  GHashTable            *settled;
  gboolean               all_settled;
  guint64                generation;

  /* Every item handed out and still alive, so that a row read again updates
   * the object views already hold (keeping their selection) instead of
   * replacing it. Weak: the pages and the views keep the items alive. */
  GHashTable            *items_by_id;
  GHashTable            *ids_by_item;

  guint                  resync_source;
  guint                  unsettle_source;
};

static gboolean resync_cb         (gpointer user_data);
static gboolean unsettle_cb       (gpointer user_data);
static gboolean build_anchors_cb  (gpointer user_data);
static gboolean change_done_cb    (gpointer user_data);

/* SQL */

static void
append_where (CrmPagedQuery *self,
              GString       *sql)
{
  g_string_append_printf (sql, "%s.deleted_at IS NULL", self->alias);
  if (self->filter_sql != NULL && self->filter_sql[0] != '\0')
    g_string_append_printf (sql, " AND (%s)", self->filter_sql);
}

static void
append_order_by (CrmPagedQuery *self,
                 GString       *sql,
                 gboolean       reversed)
{
  const char *direction = (self->descending != reversed) ? "DESC" : "ASC";

  g_string_append (sql, " ORDER BY ");
  for (guint i = 0; i < self->n_columns; i++)
    {
      const CrmSortColumn *column = &self->columns[i];

      /* NULLs go last whichever way the list is sorted, so they go first
       * when we read it backwards. A NULLS clause on a key that cannot be
       * NULL would only keep SQLite from using an index. */
      g_string_append_printf (sql, "(%s) %s%s, ", column->expr, direction,
                              !column->nullable ? "" :
                              reversed ? " NULLS FIRST" : " NULLS LAST");
    }
  g_string_append_printf (sql, "%s.id %s", self->alias, direction);
}

/* A subquery giving key @column (or all keys and the id, for -1) of the
 * row whose id is ?20. The aliases inside shadow the outer ones. */
static void
append_anchor_value (CrmPagedQuery *self,
                     GString       *sql,
                     int            column)
{
  g_string_append (sql, "(SELECT ");
  if (column >= 0)
    {
      g_string_append_printf (sql, "(%s)", self->columns[column].expr);
    }
  else
    {
      for (guint i = 0; i < self->n_columns; i++)
        g_string_append_printf (sql, "(%s), ", self->columns[i].expr);
      g_string_append_printf (sql, "%s.id", self->alias);
    }
  g_string_append_printf (sql, " FROM %s %s%s WHERE %s.id = ?20)",
                          self->table, self->alias, self->joins, self->alias);
}

/* Whether the list is sorted by one key and pages are read in runs (see
 * the top of this file). */
static gboolean
is_single_key (CrmPagedQuery *self)
{
  return self->n_columns == 1;
}

/* An expression that is true for rows that come before the row ?20 in the
 * list's order, or in the reversed order (for rows after it). */
static void
append_precedes (CrmPagedQuery *self,
                 GString       *sql,
                 gboolean       reversed)
{
  const char *op = (self->descending != reversed) ? ">" : "<";
  gboolean nullable = FALSE;

  for (guint i = 0; i < self->n_columns; i++)
    nullable |= self->columns[i].nullable;

  if (!nullable)
    {
      /* A row value comparison lets SQLite seek in an index on the keys
       * (on the keys before the id, which is the rowid). */
      g_string_append (sql, "(");
      for (guint i = 0; i < self->n_columns; i++)
        g_string_append_printf (sql, "(%s), ", self->columns[i].expr);
      g_string_append_printf (sql, "%s.id) %s ", self->alias, op);
      append_anchor_value (self, sql, -1);
      return;
    }

  /* Key by key: before on this key, or equal on it and before on the rest.
   * A NULL key is after every value (before it, reading backwards). */
  for (guint i = 0; i < self->n_columns; i++)
    {
      const CrmSortColumn *column = &self->columns[i];

      g_string_append_printf (sql, "((%s) %s ", column->expr, op);
      append_anchor_value (self, sql, i);
      if (column->nullable)
        {
          g_string_append_printf (sql, " OR ((%s) IS %sNULL AND ",
                                  column->expr, reversed ? "" : "NOT ");
          append_anchor_value (self, sql, i);
          g_string_append_printf (sql, " IS %sNULL)", reversed ? "NOT " : "");
          g_string_append_printf (sql, " OR ((%s) IS ", column->expr);
        }
      else
        {
          g_string_append_printf (sql, " OR ((%s) = ", column->expr);
        }
      append_anchor_value (self, sql, i);
      g_string_append (sql, " AND ");
    }

  g_string_append_printf (sql, "%s.id %s ?20", self->alias, op);
  for (guint i = 0; i < self->n_columns; i++)
    g_string_append (sql, "))");
}

static char *
build_page_sql (CrmPagedQuery *self,
                PageQuery      kind)
{
  GString *sql = g_string_new (NULL);
  gboolean reversed = kind == PAGE_FROM_END || kind == PAGE_BEFORE_ANCHOR;

  g_string_append_printf (sql, "SELECT %s.id FROM %s %s%s WHERE ",
                          self->alias, self->table, self->alias, self->joins);
  append_where (self, sql);

  /* After the anchor in the list's order is before it in the reversed
   * order, and the other way round. (Lists sorted by one key read these in
   * runs instead.) */
  if (kind == PAGE_AFTER_ANCHOR || kind == PAGE_BEFORE_ANCHOR)
    {
      g_string_append (sql, " AND ");
      append_precedes (self, sql, kind == PAGE_AFTER_ANCHOR);
    }

  append_order_by (self, sql, reversed);
  g_string_append (sql, " LIMIT ?21 OFFSET ?22");

  return g_string_free (sql, FALSE);
}

/* "SELECT count(*) (or the id) FROM <table> <alias><joins> WHERE <the
 * row is live and matches the filter>" */
static GString *
select_where (CrmPagedQuery *self,
              gboolean       count)
{
  GString *sql = g_string_new ("SELECT ");

  if (count)
    g_string_append (sql, "count(*)");
  else
    g_string_append_printf (sql, "%s.id", self->alias);
  g_string_append_printf (sql, " FROM %s %s%s WHERE ", self->table, self->alias, self->joins);
  append_where (self, sql);
  return sql;
}

/* The condition and the order of a run; see Run. */
static void
append_run (CrmPagedQuery *self,
            GString       *sql,
            Run            run,
            gboolean       with_order)
{
  const char *key = self->columns[0].expr;
  const char *alias = self->alias;
  gboolean backwards = run >= RUN_SAME_BEFORE;
  const char *direction = (self->descending != backwards) ? "DESC" : "ASC";
  const char *op = (self->descending != backwards) ? "<" : ">";

  g_string_append (sql, " AND ");
  switch (run)
    {
    case RUN_SAME_AFTER:
    case RUN_SAME_BEFORE:
      g_string_append_printf (sql, "(%s) = ", key);
      append_anchor_value (self, sql, 0);
      g_string_append_printf (sql, " AND %s.id %s ?20", alias, op);
      break;

    case RUN_KEYS_AFTER:
    case RUN_KEYS_BEFORE:
      g_string_append_printf (sql, "(%s) %s ", key, op);
      append_anchor_value (self, sql, 0);
      break;

    case RUN_NULLS_AFTER:
    case RUN_NULLS_BEFORE:
      g_string_append_printf (sql, "(%s) IS NULL AND %s.id %s ?20", key, alias, op);
      break;

    case RUN_NULLS_FROM_START:
      g_string_append_printf (sql, "(%s) IS NULL", key);
      break;

    case RUN_KEYS_FROM_END:
      g_string_append_printf (sql, "(%s) IS NOT NULL", key);
      break;

    case N_RUNS:
    default:
      g_assert_not_reached ();
    }

  if (!with_order)
    return;

  /* Inside the runs of rows with one key, or without one, the id is the
   * order. */
  if (run == RUN_KEYS_AFTER || run == RUN_KEYS_BEFORE || run == RUN_KEYS_FROM_END)
    g_string_append_printf (sql, " ORDER BY (%s) %s, %s.id %s", key, direction, alias, direction);
  else
    g_string_append_printf (sql, " ORDER BY %s.id %s", alias, direction);
  g_string_append (sql, " LIMIT ?21 OFFSET ?22");
}

static void
build_run_sql (CrmPagedQuery *self)
{
  GString *sql;

  for (guint i = 0; i < N_RUNS; i++)
    {
      gboolean about_nulls = i == RUN_NULLS_FROM_START || i == RUN_NULLS_AFTER ||
                             i == RUN_NULLS_BEFORE || i == RUN_KEYS_FROM_END;

      if (about_nulls && !self->columns[0].nullable)
        continue;

      sql = select_where (self, FALSE);
      append_run (self, sql, i, TRUE);
      self->run_sql[i] = g_string_free (sql, FALSE);

      sql = select_where (self, TRUE);
      append_run (self, sql, i, FALSE);
      self->run_count_sql[i] = g_string_free (sql, FALSE);
    }

  sql = g_string_new (NULL);
  g_string_append_printf (sql, "SELECT (%s) IS NULL FROM %s %s%s WHERE %s.id = ?20",
                          self->columns[0].expr, self->table, self->alias,
                          self->joins, self->alias);
  self->anchor_is_null_sql = g_string_free (sql, FALSE);
}

/* How many rows come before the row ?20 in a list sorted by one key: the
 * rows with a key before its key and those with its key before it; for a
 * row without a key, all rows with one and the keyless rows before it.
 * Each count is an index range. */
static char *
build_single_key_before_sql (CrmPagedQuery *self)
{
  GString *sql = g_string_new ("SELECT ");
  g_autoptr(GString) keys = select_where (self, TRUE);
  g_autoptr(GString) same = select_where (self, TRUE);

  append_run (self, keys, RUN_KEYS_BEFORE, FALSE);
  append_run (self, same, RUN_SAME_BEFORE, FALSE);

  if (self->columns[0].nullable)
    {
      g_autoptr(GString) all_keys = select_where (self, TRUE);
      g_autoptr(GString) nulls = select_where (self, TRUE);

      append_run (self, all_keys, RUN_KEYS_FROM_END, FALSE);
      append_run (self, nulls, RUN_NULLS_BEFORE, FALSE);

      g_string_append (sql, "CASE WHEN ");
      append_anchor_value (self, sql, 0);
      g_string_append_printf (sql, " IS NULL THEN (%s) + (%s) ELSE (%s) + (%s) END",
                              all_keys->str, nulls->str, keys->str, same->str);
    }
  else
    {
      g_string_append_printf (sql, "(%s) + (%s)", keys->str, same->str);
    }

  return g_string_free (sql, FALSE);
}

static void
clear_sql (CrmPagedQuery *self)
{
  g_clear_pointer (&self->count_sql, g_free);
  g_clear_pointer (&self->member_sql, g_free);
  g_clear_pointer (&self->before_sql, g_free);
  g_clear_pointer (&self->precedes_sql, g_free);
  g_clear_pointer (&self->all_sql, g_free);
  for (guint i = 0; i < N_PAGE_QUERIES; i++)
    g_clear_pointer (&self->page_sql[i], g_free);
  for (guint i = 0; i < N_RUNS; i++)
    {
      g_clear_pointer (&self->run_sql[i], g_free);
      g_clear_pointer (&self->run_count_sql[i], g_free);
    }
  g_clear_pointer (&self->anchor_is_null_sql, g_free);
  self->single_key = FALSE;
  self->sorts_all = -1;
  self->sql_valid = FALSE;
}

static void
build_sql (CrmPagedQuery *self)
{
  GString *sql;

  if (self->sql_valid)
    return;

  clear_sql (self);

  /* The filter only names columns of the table itself, so counting needs
   * none of the joins that some sort keys bring. Stepping through the live
   * rows of a whole table takes 12 ms for 200,000 deals; SQLite counts all
   * rows of a table, without a WHERE, from the pages of its smallest index
   * in 2, and the trashed rows are few and have an index of their own
   * (deals_trashed, contacts_trashed). A count the database keeps (the
   * live calls among all activities) is read as it is. */
  if (self->kept_count_sql != NULL)
    {
      self->count_sql = g_strdup (self->kept_count_sql);
    }
  else if (self->filter_sql == NULL || self->filter_sql[0] == '\0')
    {
      self->count_sql = g_strdup_printf ("SELECT (SELECT count(*) FROM %s) - "
                                         "(SELECT count(*) FROM %s WHERE deleted_at IS NOT NULL)",
                                         self->table, self->table);
    }
  else
    {
      sql = g_string_new ("SELECT count(*) FROM ");
      g_string_append_printf (sql, "%s %s WHERE ", self->table, self->alias);
      append_where (self, sql);
      self->count_sql = g_string_free (sql, FALSE);
    }

  self->single_key = is_single_key (self);

  sql = g_string_new ("SELECT count(*) FROM ");
  g_string_append_printf (sql, "%s %s WHERE %s.id = ?20 AND ",
                          self->table, self->alias, self->alias);
  append_where (self, sql);
  self->member_sql = g_string_free (sql, FALSE);

  /* Where the row ?20 is, or would be: how many rows come before it. */
  if (self->single_key)
    {
      self->before_sql = build_single_key_before_sql (self);
    }
  else
    {
      sql = select_where (self, TRUE);
      g_string_append (sql, " AND ");
      append_precedes (self, sql, FALSE);
      self->before_sql = g_string_free (sql, FALSE);
    }

  /* Whether the row ?21 comes before the row ?20. */
  sql = g_string_new ("SELECT count(*) FROM ");
  g_string_append_printf (sql, "%s %s%s WHERE %s.id = ?21 AND ",
                          self->table, self->alias, self->joins, self->alias);
  append_precedes (self, sql, FALSE);
  self->precedes_sql = g_string_free (sql, FALSE);

  sql = g_string_new (NULL);
  g_string_append_printf (sql, "SELECT %s.id FROM %s %s%s WHERE ",
                          self->alias, self->table, self->alias, self->joins);
  append_where (self, sql);
  append_order_by (self, sql, FALSE);
  self->all_sql = g_string_free (sql, FALSE);

  for (guint i = 0; i < N_PAGE_QUERIES; i++)
    self->page_sql[i] = build_page_sql (self, i);

  if (self->single_key)
    build_run_sql (self);

  self->sql_valid = TRUE;
}

static CrmStatement *
prepare (CrmPagedQuery *self,
         const char    *sql)
{
  g_autoptr(GError) error = NULL;
  CrmStatement *stmt;

  stmt = crm_database_prepare (self->db, sql, &error);
  if (stmt == NULL)
    {
      g_critical ("Cannot read a list: %s", error->message);
      return NULL;
    }

  if (self->bind != NULL)
    self->bind (stmt, self->user_data);

  return stmt;
}

/* Runs a query that returns one number; -1 on error. */
static gint64
query_number (CrmPagedQuery *self,
              const char    *sql,
              gint64         param_20,
              gint64         param_21)
{
  g_autoptr(CrmStatement) stmt = prepare (self, sql);
  g_autoptr(GError) error = NULL;

  if (stmt == NULL)
    return -1;

  crm_statement_bind_int64 (stmt, 20, param_20);
  crm_statement_bind_int64 (stmt, 21, param_21);
  if (crm_statement_step (stmt, &error) != CRM_STEP_ROW)
    {
      if (error != NULL)
        g_warning ("Cannot read a list: %s", error->message);
      return -1;
    }

  return crm_statement_get_int64 (stmt, 0);
}

static GArray *
query_ids (CrmPagedQuery *self,
           const char    *sql,
           gint64         anchor,
           gint64         limit,
           gint64         offset)
{
  g_autoptr(CrmStatement) stmt = prepare (self, sql);
  g_autoptr(GError) error = NULL;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  CrmStepResult result;

  if (stmt == NULL)
    return ids;

  crm_statement_bind_int64 (stmt, 20, anchor);
  crm_statement_bind_int64 (stmt, 21, limit);
  crm_statement_bind_int64 (stmt, 22, offset);

  while ((result = crm_statement_step (stmt, &error)) == CRM_STEP_ROW)
    {
      gint64 id = crm_statement_get_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }

  if (result == CRM_STEP_ERROR)
    g_warning ("Cannot read a list: %s", error->message);

  return ids;
}

static char *
explain (CrmPagedQuery *self,
         const char    *sql)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autofree char *explain_sql = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  GString *plan = g_string_new (NULL);

  stmt = crm_database_prepare (self->db, explain_sql, NULL);
  if (stmt == NULL)
    return g_string_free (plan, FALSE);

  while (crm_statement_step (stmt, NULL) == CRM_STEP_ROW)
    {
      const char *detail = crm_statement_get_text (stmt, 3);

      if (plan->len > 0)
        g_string_append_c (plan, '\n');
      g_string_append (plan, detail ? detail : "");
    }

  return g_string_free (plan, FALSE);
}

/* Pages and items */

static void
page_free (Page *page)
{
  g_clear_pointer (&page->ids, g_array_unref);
  g_clear_pointer (&page->items, g_ptr_array_unref);
  g_free (page);
}

/* Forgets the pages that hold @position or anything after it. */
static void
drop_pages_from (CrmPagedQuery *self,
                 guint          position)
{
  for (guint i = 0; i < N_PAGES; i++)
    {
      Page *page = self->pages[i];

      if (page != NULL && (page->index + 1) * PAGE_SIZE > position)
        g_clear_pointer (&self->pages[i], page_free);
    }
}

static void
drop_page_at (CrmPagedQuery *self,
              guint          position)
{
  for (guint i = 0; i < N_PAGES; i++)
    {
      Page *page = self->pages[i];

      if (page != NULL && page->index == position / PAGE_SIZE)
        g_clear_pointer (&self->pages[i], page_free);
    }
}

static void
item_finalized_cb (gpointer  data,
                   GObject  *where_the_object_was)
{
  CrmPagedQuery *self = data;
  gint64 *key = g_hash_table_lookup (self->ids_by_item, where_the_object_was);

  if (key == NULL)
    return;

  g_hash_table_remove (self->ids_by_item, where_the_object_was);
  g_hash_table_remove (self->items_by_id, key);
}

/* The item for row @id, read now; an empty item when the row is gone. */
static GObject *
load_item (CrmPagedQuery *self,
           gint64         id,
           gboolean      *found)
{
  GObject *item = g_hash_table_lookup (self->items_by_id, &id);
  gint64 *key;

  if (item != NULL)
    {
      g_object_ref (item);
      g_object_freeze_notify (item);
      *found = self->fill (self->store, id, item, self->user_data);
      g_object_thaw_notify (item);
      if (*found)
        return item;

      g_object_unref (item);
      return g_object_new (self->item_type, NULL);
    }

  item = g_object_new (self->item_type, NULL);
  *found = self->fill (self->store, id, item, self->user_data);
  if (!*found)
    return item;

  key = g_new (gint64, 1);
  *key = id;
  g_hash_table_insert (self->items_by_id, key, item);
  g_hash_table_insert (self->ids_by_item, item, key);
  g_object_weak_ref (item, item_finalized_cb, self);

  return item;
}

/* Rows changed under us without a signal yet (another process wrote and
 * the store has not looked at data_version): show what we have and read
 * everything again once the current signal handlers have run. */
static void
schedule_resync (CrmPagedQuery *self)
{
  if (self->resync_source == 0)
    self->resync_source = g_idle_add (resync_cb, self);
}

/* Reads @len ids of a list sorted by one key, skipping @offset, after the
 * row @anchor in the list's order or before it backwards, run by run (see
 * Run). */
static GArray *
query_runs (CrmPagedQuery *self,
            gboolean       after,
            gint64         anchor,
            guint          len,
            guint          offset)
{
  static const Run after_key[] = { RUN_SAME_AFTER, RUN_KEYS_AFTER, RUN_NULLS_FROM_START };
  static const Run after_null[] = { RUN_NULLS_AFTER };
  static const Run before_key[] = { RUN_SAME_BEFORE, RUN_KEYS_BEFORE };
  static const Run before_null[] = { RUN_NULLS_BEFORE, RUN_KEYS_FROM_END };
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  const Run *runs;
  guint n_runs;
  gint64 anchor_is_null;

  anchor_is_null = query_number (self, self->anchor_is_null_sql, anchor, 0);
  if (anchor_is_null < 0)
    {
      /* The anchor is gone: an incomplete page, read again later. */
      return ids;
    }

  if (after)
    {
      runs = anchor_is_null ? after_null : after_key;
      n_runs = anchor_is_null ? G_N_ELEMENTS (after_null) : G_N_ELEMENTS (after_key);
    }
  else
    {
      runs = anchor_is_null ? before_null : before_key;
      n_runs = anchor_is_null ? G_N_ELEMENTS (before_null) : G_N_ELEMENTS (before_key);
    }

  for (guint i = 0; i < n_runs && ids->len < len; i++)
    {
      g_autoptr(GArray) found = NULL;

      /* Only keys that can be NULL have a run of rows without one. */
      if (self->run_sql[runs[i]] == NULL)
        break;

      found = query_ids (self, self->run_sql[runs[i]], anchor, len - ids->len, offset);
      g_array_append_vals (ids, found->data, found->len);

      /* Rows that were found used up the offset. When none were, the run
       * held at most @offset rows, and the rest of the offset falls in the
       * next run. */
      if (found->len > 0)
        {
          offset = 0;
        }
      else if (offset > 0 && ids->len < len && i + 1 < n_runs)
        {
          gint64 n_run = query_number (self, self->run_count_sql[runs[i]], anchor, 0);

          offset -= (guint)CLAMP (n_run, 0, (gint64)offset);
        }
    }

  return ids;
}

/* Reads @len ids from @origin, in the order of reading: backwards for
 * PAGE_FROM_END and PAGE_BEFORE_ANCHOR. */
static GArray *
read_ids (CrmPagedQuery *self,
          const Origin  *origin,
          guint          len)
{
  if (self->single_key && (origin->kind == PAGE_AFTER_ANCHOR || origin->kind == PAGE_BEFORE_ANCHOR))
    return query_runs (self, origin->kind == PAGE_AFTER_ANCHOR, origin->anchor, len, origin->offset);

  return query_ids (self, self->page_sql[origin->kind], origin->anchor, len, origin->offset);
}

/* Anchors */

static guint
anchor_spacing_for (guint n)
{
  guint spacing = PAGE_SIZE;

  while (n / spacing > MAX_ANCHORS)
    spacing *= 2;

  return spacing;
}

/* Finds the rest of the anchors in idle time, once no change is being
 * told. */
static void
schedule_anchors (CrmPagedQuery *self)
{
  if (self->anchor_source == 0 && self->snapshot == NULL && !self->anchors_complete &&
      self->anchor_spacing > 0)
    self->anchor_source = g_idle_add_full (G_PRIORITY_LOW, build_anchors_cb, self, NULL);
}

static void
drop_anchors (CrmPagedQuery *self)
{
  g_array_set_size (self->anchors, 0);
  self->anchors_complete = FALSE;
  g_clear_handle_id (&self->anchor_source, g_source_remove);

  /* A long list finds them again before the next jump needs them. */
  if (self->n >= EAGER_ANCHOR_ROWS)
    schedule_anchors (self);
}

/* The index of the first anchor at @position or after it. */
static guint
first_anchor_from (CrmPagedQuery *self,
                   guint          position)
{
  guint lo = 0, hi = self->anchors->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->anchors, Anchor, mid).position < position)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

/* Where the last anchor is, -1 with none. */
static gint64
last_anchor_position (CrmPagedQuery *self)
{
  if (self->anchors->len == 0)
    return -1;

  return g_array_index (self->anchors, Anchor, self->anchors->len - 1).position;
}

/* Finds the row one spacing after the last anchor (or the first anchor);
 * FALSE when there is none, and the anchors reach the end. */
static gboolean
add_anchor (CrmPagedQuery *self)
{
  gint64 last = last_anchor_position (self);
  gint64 position = last + self->anchor_spacing;
  g_autoptr(GArray) ids = NULL;
  Origin origin = { PAGE_FROM_START, 0, self->anchor_spacing - 1 };
  Anchor anchor;

  if (self->anchors_complete || position >= (gint64)self->n)
    {
      self->anchors_complete = TRUE;
      return FALSE;
    }

  if (last >= 0)
    {
      origin.kind = PAGE_AFTER_ANCHOR;
      origin.anchor = g_array_index (self->anchors, Anchor, self->anchors->len - 1).id;
    }

  ids = read_ids (self, &origin, 1);
  if (ids->len == 0)
    {
      /* Fewer rows than the list counted: the file changed under us. */
      self->anchors_complete = TRUE;
      schedule_resync (self);
      return FALSE;
    }

  anchor.position = (guint)position;
  anchor.id = g_array_index (ids, gint64, 0);
  g_array_append_val (self->anchors, anchor);

  return TRUE;
}

/* Whether new anchors may be found now: not while a change is being told,
 * nor for a list that pages through a snapshot. */
static gboolean
may_add_anchors (CrmPagedQuery *self)
{
  return !self->in_change && self->snapshot == NULL && !self->anchors_complete &&
         self->anchor_spacing > 0;
}

/* Row @id moved from @old_position to @new_position (-1: not in the
 * list): the anchors after either place move by one, and the row's own
 * anchor goes, unless it kept its place. */
static void
move_anchors (CrmPagedQuery *self,
              gint64         id,
              gint64         old_position,
              gint64         new_position)
{
  guint i = 0;

  if (old_position == new_position)
    return;

  while (i < self->anchors->len)
    {
      Anchor *anchor = &g_array_index (self->anchors, Anchor, i);

      if (anchor->id == id)
        {
          g_array_remove_index (self->anchors, i);
          continue;
        }

      if (old_position >= 0 && anchor->position > old_position)
        anchor->position--;
      if (new_position >= 0 && anchor->position >= new_position)
        anchor->position++;
      i++;
    }
}

/* Where to read the window at @start, @len long, from: the nearest row
 * whose place is known, or the nearest end. SQLite steps over `offset`
 * rows to get there. */
static Origin
nearest_origin (CrmPagedQuery *self,
                guint          start,
                guint          len)
{
  guint end = start + len;
  Origin origin = { PAGE_FROM_START, 0, start };
  guint i;

  if (self->n - end < origin.offset)
    {
      origin.kind = PAGE_FROM_END;
      origin.offset = self->n - end;
    }

  for (i = 0; i < N_PAGES; i++)
    {
      Page *page = self->pages[i];
      guint page_start, page_end;

      if (page == NULL || !page->complete || page->ids->len == 0)
        continue;

      page_start = page->index * PAGE_SIZE;
      page_end = page_start + page->ids->len;

      if (page_end <= start && start - page_end < origin.offset)
        {
          origin.kind = PAGE_AFTER_ANCHOR;
          origin.anchor = g_array_index (page->ids, gint64, page->ids->len - 1);
          origin.offset = start - page_end;
        }
      else if (page_start >= end && page_start - end < origin.offset)
        {
          origin.kind = PAGE_BEFORE_ANCHOR;
          origin.anchor = g_array_index (page->ids, gint64, 0);
          origin.offset = page_start - end;
        }
    }

  /* The last anchor before the window and the first one after it. */
  i = first_anchor_from (self, start);
  if (i > 0)
    {
      const Anchor *before = &g_array_index (self->anchors, Anchor, i - 1);

      if (start - before->position - 1 < origin.offset)
        {
          origin.kind = PAGE_AFTER_ANCHOR;
          origin.anchor = before->id;
          origin.offset = start - before->position - 1;
        }
    }

  i = first_anchor_from (self, end);
  if (i < self->anchors->len)
    {
      const Anchor *after = &g_array_index (self->anchors, Anchor, i);

      if (after->position - end < origin.offset)
        {
          origin.kind = PAGE_BEFORE_ANCHOR;
          origin.anchor = after->id;
          origin.offset = after->position - end;
        }
    }

  return origin;
}

static GArray *
query_window (CrmPagedQuery *self,
              guint          start,
              guint          len)
{
  Origin origin = nearest_origin (self, start, len);
  GArray *ids;

  /* A far jump. When hopping from the last anchor to the window costs
   * about what reading it from the nearest known row would (up to a
   * spacing more), it does so and leaves anchors for the next jump; the
   * rest of the list gets its anchors in idle time. */
  if (origin.offset > self->anchor_spacing)
    {
      gint64 hops = (gint64)start - last_anchor_position (self);

      if (may_add_anchors (self) && hops <= (gint64)origin.offset + self->anchor_spacing)
        {
          while (last_anchor_position (self) + self->anchor_spacing <= (gint64)start &&
                 add_anchor (self))
            ;
          origin = nearest_origin (self, start, len);
        }

      schedule_anchors (self);
    }

  ids = read_ids (self, &origin, len);

  if (origin.kind == PAGE_FROM_END || origin.kind == PAGE_BEFORE_ANCHOR)
    {
      for (guint i = 0; i < ids->len / 2; i++)
        {
          gint64 tmp = g_array_index (ids, gint64, i);

          g_array_index (ids, gint64, i) = g_array_index (ids, gint64, ids->len - 1 - i);
          g_array_index (ids, gint64, ids->len - 1 - i) = tmp;
        }
    }

  return ids;
}

static Page *
fetch_page (CrmPagedQuery *self,
            guint          index)
{
  guint start = index * PAGE_SIZE;
  guint len = MIN (PAGE_SIZE, self->n - start);
  Page *page;
  guint slot = 0;

  page = g_new0 (Page, 1);
  page->index = index;
  page->complete = TRUE;
  page->items = g_ptr_array_new_full (len, g_object_unref);

  /* The ids and the rows of the page, as of one moment. */
  crm_database_begin_read (self->db);

  if (self->snapshot != NULL)
    {
      page->ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), len);
      g_array_append_vals (page->ids, &g_array_index (self->snapshot, gint64, start), len);
    }
  else
    {
      page->ids = query_window (self, start, len);
    }

  if (page->ids->len != len)
    {
      page->complete = FALSE;
      g_array_set_size (page->ids, len);
    }

  for (guint i = 0; i < len; i++)
    {
      gint64 id = g_array_index (page->ids, gint64, i);
      gboolean found = FALSE;

      if (id != 0)
        g_ptr_array_add (page->items, load_item (self, id, &found));
      else
        g_ptr_array_add (page->items, g_object_new (self->item_type, NULL));

      if (!found)
        page->complete = FALSE;
    }

  crm_database_end_read (self->db);

  if (!page->complete)
    schedule_resync (self);

  /* Least recently used out. */
  for (guint i = 0; i < N_PAGES; i++)
    {
      if (self->pages[i] == NULL)
        {
          slot = i;
          break;
        }
      if (self->pages[i]->last_used < self->pages[slot]->last_used)
        slot = i;
    }

  g_clear_pointer (&self->pages[slot], page_free);
  self->pages[slot] = page;

  return page;
}

/* Counting */

static guint
get_shown_n_items (CrmPagedQuery *self)
{
  return self->hole >= 0 ? self->n - 1 : self->n;
}

/* Whether SQLite has to sort all matching rows to find one page. */
static gboolean
plan_sorts (const char *plan)
{
  g_auto(GStrv) lines = g_strsplit (plan, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (strstr (lines[i], "TEMP B-TREE") != NULL && strstr (lines[i], "ORDER BY") != NULL)
        return TRUE;
    }

  return FALSE;
}

/* Reads the count, or the sorted ids when paging needs them. */
static void
load_rows (CrmPagedQuery *self)
{
  g_autofree char *plan = NULL;

  build_sql (self);
  g_clear_pointer (&self->snapshot, g_array_unref);
  crm_database_begin_read (self->db);

  /* The plan stays what it is as long as the SQL does. */
  if (self->sorts_all < 0)
    {
      plan = explain (self, self->page_sql[PAGE_FROM_START]);
      self->sorts_all = plan_sorts (plan);
    }

  if (self->sorts_all)
    {
      self->snapshot = query_ids (self, self->all_sql, 0, 0, 0);
      self->n = self->snapshot->len;
    }
  else
    {
      /* MAX() would run the count twice. */
      gint64 n = query_number (self, self->count_sql, 0, 0);

      self->n = (guint)MAX (n, 0);
    }

  crm_database_end_read (self->db);

  /* Kept as it is while single-row changes come and go. */
  self->anchor_spacing = anchor_spacing_for (self->n);
}

static void
emit_items_changed (CrmPagedQuery *self,
                    guint          position,
                    guint          removed,
                    guint          added)
{
  self->generation++;
  if (removed > 0 || added > 0)
    g_list_model_items_changed (self->model, position, removed, added);
}

static void
reload (CrmPagedQuery *self,
        gboolean       settle)
{
  guint old_n = get_shown_n_items (self);

  for (guint i = 0; i < N_PAGES; i++)
    g_clear_pointer (&self->pages[i], page_free);

  self->hole = -1;
  load_rows (self);
  drop_anchors (self);

  /* Whatever was noted for rows about to change is in the list now. While
   * the store is announcing the changes of one transaction, so is every
   * change it announces next: they are ignored until the next `changing`
   * or the next main loop iteration, so that a transaction that wrote a
   * thousand rows costs one count and not a thousand. */
  g_hash_table_remove_all (self->pending);
  g_hash_table_remove_all (self->settled);
  if (settle)
    {
      self->all_settled = TRUE;
      if (self->unsettle_source == 0)
        self->unsettle_source = g_idle_add (unsettle_cb, self);
    }

  emit_items_changed (self, 0, old_n, self->n);
  if (old_n != self->n)
    g_object_notify_by_pspec (G_OBJECT (self->model), self->n_items_pspec);
}

static guint
count_pending_of_generation (CrmPagedQuery *self,
                             guint64        generation)
{
  GHashTableIter iter;
  PendingRow *pending;
  guint count = 0;

  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *)&pending))
    {
      if (pending->generation == generation)
        count++;
    }

  return count;
}

static void
mark_settled (CrmPagedQuery *self,
              gint64         id)
{
  gint64 *key = g_new (gint64, 1);

  *key = id;
  g_hash_table_add (self->settled, key);
}

/* Row positions */

static gboolean
is_member (CrmPagedQuery *self,
           gint64         id)
{
  return query_number (self, self->member_sql, id, 0) > 0;
}

static gint64
find_in_pages (CrmPagedQuery *self,
               gint64         id)
{
  for (guint i = 0; i < N_PAGES; i++)
    {
      Page *page = self->pages[i];

      if (page == NULL)
        continue;

      for (guint j = 0; j < page->ids->len; j++)
        {
          if (g_array_index (page->ids, gint64, j) == id)
            return (gint64)page->index * PAGE_SIZE + j;
        }
    }

  return -1;
}

static gint64
find_in_snapshot (CrmPagedQuery *self,
                  gint64         id)
{
  const gint64 *ids = (const gint64 *)(gpointer)self->snapshot->data;

  for (guint i = 0; i < self->snapshot->len; i++)
    {
      if (ids[i] == id)
        return i;
    }

  return -1;
}

/* Where row @id, a row of the list, belongs in the database as it is now,
 * from the anchors: the last anchor before it, by a binary search over
 * whether the row comes before each, and then the ids up to the next
 * anchor. The list shows the row at @skip (-1: not at all), which the
 * anchors still count. -1 when the anchors do not tell. */
static gint64
locate_near_anchors (CrmPagedQuery *self,
                     gint64         id,
                     gint64         skip)
{
  g_autoptr(GArray) anchors = NULL;
  g_autoptr(GArray) ids = NULL;
  guint n_others = self->n - (skip >= 0 ? 1 : 0);
  guint lo = 0, hi;
  guint gap_start, gap_end;
  Origin origin = { PAGE_FROM_START, 0, 0 };

  if (self->anchors->len == 0)
    return -1;

  /* The anchors as the database has them now, without the row. */
  anchors = g_array_sized_new (FALSE, FALSE, sizeof (Anchor), self->anchors->len);
  for (guint i = 0; i < self->anchors->len; i++)
    {
      Anchor anchor = g_array_index (self->anchors, Anchor, i);

      if (anchor.id == id)
        continue;
      if (skip >= 0 && anchor.position > skip)
        anchor.position--;
      g_array_append_val (anchors, anchor);
    }

  hi = anchors->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (query_number (self, self->precedes_sql, g_array_index (anchors, Anchor, mid).id, id) > 0)
        hi = mid;
      else
        lo = mid + 1;
    }

  /* The row is after anchor lo - 1 and before anchor lo. */
  gap_start = lo > 0 ? g_array_index (anchors, Anchor, lo - 1).position + 1 : 0;
  gap_end = lo < anchors->len ? g_array_index (anchors, Anchor, lo).position : n_others;
  if (gap_end < gap_start || gap_end - gap_start >= MAX_GAP_SPACINGS * self->anchor_spacing)
    return -1;

  if (lo > 0)
    {
      origin.kind = PAGE_AFTER_ANCHOR;
      origin.anchor = g_array_index (anchors, Anchor, lo - 1).id;
    }

  /* The rows of the gap, and the row among them. */
  ids = read_ids (self, &origin, gap_end - gap_start + 1);
  for (guint i = 0; i < ids->len; i++)
    {
      if (g_array_index (ids, gint64, i) == id)
        return gap_start + i;
    }

  return -1;
}

/* Where row @id belongs in the database as it is now, leaving out its
 * own current place (@skip); -1 when it is not in the list. */
static gint64
locate (CrmPagedQuery *self,
        gint64         id,
        gint64         skip)
{
  gint64 lo = 0, hi;

  if (!is_member (self, id))
    return -1;

  if (self->snapshot == NULL)
    {
      gint64 position = locate_near_anchors (self, id, skip);

      if (position >= 0)
        return position;

      return query_number (self, self->before_sql, id, 0);
    }

  /* Binary search over the ids in list order, asking SQLite whether the
   * row comes before each probe: about 18 lookups for 200,000 rows where
   * counting would sort them all. */
  hi = self->snapshot->len - (skip >= 0 ? 1 : 0);
  while (lo < hi)
    {
      gint64 mid = lo + (hi - lo) / 2;
      gint64 probe_index = (skip >= 0 && mid >= skip) ? mid + 1 : mid;
      gint64 probe = g_array_index (self->snapshot, gint64, probe_index);

      if (query_number (self, self->precedes_sql, probe, id) > 0)
        hi = mid;
      else
        lo = mid + 1;
    }

  return lo;
}

/* Where row @id is in the database's order, -1 when not in the list. */
static gint64
find_row (CrmPagedQuery *self,
          gint64         id)
{
  gint64 position;

  /* Rows being edited are usually on screen, so in a cached page. */
  position = find_in_pages (self, id);
  if (position >= 0)
    return position;

  if (self->snapshot != NULL)
    return find_in_snapshot (self, id);

  build_sql (self);
  return locate (self, id, -1);
}

/* Tells views that the row @id moved from @old_position to @new_position
 * (-1: not in the list), in the database's order before and after. */
static void
apply_row_change (CrmPagedQuery *self,
                  gint64         id,
                  gint64         old_position,
                  gint64         new_position)
{
  guint old_n = self->n;
  guint new_n = old_n - (old_position >= 0 ? 1 : 0) + (new_position >= 0 ? 1 : 0);
  gint64 lowest;

  if (old_position < 0 && new_position < 0)
    return;

  /* A position that cannot be is a list that fell out of step with the
   * database; start over rather than send views out of bounds. */
  if (old_position >= (gint64)old_n || new_position >= (gint64)new_n)
    {
      reload (self, TRUE);
      return;
    }

  if (old_position == new_position)
    {
      drop_page_at (self, old_position);
      emit_items_changed (self, old_position, 1, 1);
      return;
    }

  if (old_position < 0)
    lowest = new_position;
  else if (new_position < 0)
    lowest = old_position;
  else
    lowest = MIN (old_position, new_position);

  drop_pages_from (self, lowest);
  move_anchors (self, id, old_position, new_position);

  if (self->snapshot != NULL)
    {
      if (old_position >= 0)
        g_array_remove_index (self->snapshot, old_position);
      if (new_position >= 0)
        g_array_insert_val (self->snapshot, new_position, id);
    }

  self->n = new_n;

  if (old_position >= 0 && new_position >= 0)
    {
      /* A move is a removal and then an insertion. In between, the list
       * is the new order without the row at its new place. */
      self->hole = new_position;
      emit_items_changed (self, old_position, 1, 0);
      self->hole = -1;
      emit_items_changed (self, new_position, 0, 1);
    }
  else if (old_position >= 0)
    {
      emit_items_changed (self, old_position, 1, 0);
      g_object_notify_by_pspec (G_OBJECT (self->model), self->n_items_pspec);
    }
  else
    {
      emit_items_changed (self, new_position, 0, 1);
      g_object_notify_by_pspec (G_OBJECT (self->model), self->n_items_pspec);
    }
}

static gboolean
resync_cb (gpointer user_data)
{
  CrmPagedQuery *self = user_data;

  self->resync_source = 0;
  reload (self, FALSE);

  return G_SOURCE_REMOVE;
}

/* A slice of finding the anchors of the whole list. */
static gboolean
build_anchors_cb (gpointer user_data)
{
  CrmPagedQuery *self = user_data;
  gint64 deadline = g_get_monotonic_time () + ANCHOR_SLICE_US;

  /* Not during a change: change_done_cb() runs first and lets us go on. */
  if (self->in_change)
    return G_SOURCE_CONTINUE;

  if (!may_add_anchors (self))
    {
      self->anchor_source = 0;
      return G_SOURCE_REMOVE;
    }

  crm_database_begin_read (self->db);
  while (add_anchor (self) && g_get_monotonic_time () < deadline)
    ;
  crm_database_end_read (self->db);

  if (self->anchors_complete)
    {
      self->anchor_source = 0;
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
change_done_cb (gpointer user_data)
{
  CrmPagedQuery *self = user_data;

  self->change_source = 0;
  self->in_change = FALSE;

  return G_SOURCE_REMOVE;
}

/* A change is being told: the file may hold writes the list does not know
 * of yet until the next main loop iteration. */
static void
note_change (CrmPagedQuery *self)
{
  self->in_change = TRUE;
  if (self->change_source == 0)
    self->change_source = g_idle_add (change_done_cb, self);
}

static gboolean
unsettle_cb (gpointer user_data)
{
  CrmPagedQuery *self = user_data;

  self->unsettle_source = 0;
  g_hash_table_remove_all (self->settled);
  self->all_settled = FALSE;

  return G_SOURCE_REMOVE;
}

/* Public (to src/core) */

/**
 * crm_paged_query_new:
 * @model: the list model that owns the query; items-changed is emitted on it
 * @n_items_pspec: its "n-items" property
 * @store: the store to read from
 * @item_type: the type of the items
 * @table: the table of the rows ("deals")
 * @alias: the name the SQL of the order and filter gives it ("d")
 * @fill: fills an item from a row
 * @bind: (nullable): binds the filter's parameters
 * @user_data: for @fill and @bind
 *
 * Returns: (transfer full): a query with no order and no filter; nothing is
 *   read before crm_paged_query_reload()
 */
CrmPagedQuery *
crm_paged_query_new (GListModel            *model,
                     GParamSpec            *n_items_pspec,
                     CrmStore              *store,
                     GType                  item_type,
                     const char            *table,
                     const char            *alias,
                     CrmPagedQueryFillFunc  fill,
                     CrmPagedQueryBindFunc  bind,
                     gpointer               user_data)
{
  CrmPagedQuery *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);
  g_return_val_if_fail (g_type_is_a (item_type, G_TYPE_OBJECT), NULL);
  g_return_val_if_fail (table != NULL && alias != NULL, NULL);
  g_return_val_if_fail (fill != NULL, NULL);

  self = g_new0 (CrmPagedQuery, 1);
  self->model = model;
  self->n_items_pspec = n_items_pspec;
  self->store = g_object_ref (store);
  self->db = crm_store_get_database (store);
  self->item_type = item_type;
  self->table = g_strdup (table);
  self->alias = g_strdup (alias);
  self->fill = fill;
  self->bind = bind;
  self->user_data = user_data;
  self->joins = g_strdup ("");
  self->hole = -1;
  self->pending = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->settled = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->items_by_id = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->ids_by_item = g_hash_table_new (NULL, NULL);
  self->anchors = g_array_new (FALSE, FALSE, sizeof (Anchor));

  return self;
}

void
crm_paged_query_free (CrmPagedQuery *self)
{
  GHashTableIter iter;
  gpointer item;

  if (self == NULL)
    return;

  g_clear_handle_id (&self->resync_source, g_source_remove);
  g_clear_handle_id (&self->unsettle_source, g_source_remove);
  g_clear_handle_id (&self->anchor_source, g_source_remove);
  g_clear_handle_id (&self->change_source, g_source_remove);

  for (guint i = 0; i < N_PAGES; i++)
    g_clear_pointer (&self->pages[i], page_free);

  /* Items that views still hold outlive us. */
  g_hash_table_iter_init (&iter, self->ids_by_item);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    g_object_weak_unref (item, item_finalized_cb, self);

  g_clear_pointer (&self->ids_by_item, g_hash_table_unref);
  g_clear_pointer (&self->items_by_id, g_hash_table_unref);
  g_clear_pointer (&self->pending, g_hash_table_unref);
  g_clear_pointer (&self->settled, g_hash_table_unref);
  g_clear_pointer (&self->snapshot, g_array_unref);
  g_clear_pointer (&self->anchors, g_array_unref);

  clear_sql (self);
  for (guint i = 0; i < self->n_columns; i++)
    g_free ((char *)self->columns[i].expr);
  g_free (self->columns);
  g_free (self->joins);
  g_free (self->filter_sql);
  g_free (self->kept_count_sql);
  g_free (self->table);
  g_free (self->alias);
  g_clear_object (&self->store);
  g_free (self);
}

/**
 * crm_paged_query_set_order:
 * @self: a #CrmPagedQuery
 * @joins: (nullable): joins the keys need, each starting with a space
 * @columns: (array length=n_columns): the sort keys before the id
 * @n_columns: how many
 * @descending: %TRUE for largest first (NULLs stay last)
 */
void
crm_paged_query_set_order (CrmPagedQuery       *self,
                           const char          *joins,
                           const CrmSortColumn *columns,
                           guint                n_columns,
                           gboolean             descending)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (n_columns == 0 || columns != NULL);

  for (guint i = 0; i < self->n_columns; i++)
    g_free ((char *)self->columns[i].expr);
  g_free (self->columns);

  self->columns = g_new0 (CrmSortColumn, MAX (n_columns, 1));
  for (guint i = 0; i < n_columns; i++)
    {
      self->columns[i].expr = g_strdup (columns[i].expr);
      self->columns[i].nullable = columns[i].nullable;
    }
  self->n_columns = n_columns;
  self->descending = !!descending;

  g_free (self->joins);
  self->joins = g_strdup (joins ? joins : "");
  self->sql_valid = FALSE;
}

/**
 * crm_paged_query_set_filter:
 * @self: a #CrmPagedQuery
 * @filter_sql: (nullable): an SQL condition over the table alias, with
 *   parameters ?1 to ?19 bound by the query's bind function
 * @count_sql: (nullable): a query without parameters that reads how many
 *   live rows meet @filter_sql, from a count the database keeps; %NULL to
 *   count them
 */
void
crm_paged_query_set_filter (CrmPagedQuery *self,
                            const char    *filter_sql,
                            const char    *count_sql)
{
  g_return_if_fail (self != NULL);

  g_free (self->filter_sql);
  self->filter_sql = g_strdup (filter_sql);
  g_free (self->kept_count_sql);
  self->kept_count_sql = g_strdup (count_sql);
  self->sql_valid = FALSE;
}

guint
crm_paged_query_get_n_items (CrmPagedQuery *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return get_shown_n_items (self);
}

/**
 * crm_paged_query_get_item:
 * @self: a #CrmPagedQuery
 * @position: a position in the list
 *
 * Returns: (transfer full) (nullable): the item, or %NULL past the end
 */
gpointer
crm_paged_query_get_item (CrmPagedQuery *self,
                          guint          position)
{
  guint row;
  Page *page = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  if (position >= get_shown_n_items (self))
    return NULL;

  row = (self->hole >= 0 && position >= self->hole) ? position + 1 : position;

  for (guint i = 0; i < N_PAGES && page == NULL; i++)
    {
      if (self->pages[i] != NULL && self->pages[i]->index == row / PAGE_SIZE)
        page = self->pages[i];
    }

  if (page == NULL)
    page = fetch_page (self, row / PAGE_SIZE);

  page->last_used = ++self->clock;

  return g_object_ref (g_ptr_array_index (page->items, row % PAGE_SIZE));
}

void
crm_paged_query_reload (CrmPagedQuery *self)
{
  g_return_if_fail (self != NULL);

  reload (self, FALSE);
}

void
crm_paged_query_refresh (CrmPagedQuery *self)
{
  g_return_if_fail (self != NULL);

  /* A snapshot has to be read again for the new order. Rows of ours
   * about to change in the same transaction: their noted places may not
   * survive a new order, so count everything again. */
  if (count_pending_of_generation (self, self->generation) > 0 || self->snapshot != NULL)
    {
      reload (self, TRUE);
      return;
    }

  /* The order may have changed, and with it where the anchors are. */
  note_change (self);
  for (guint i = 0; i < N_PAGES; i++)
    g_clear_pointer (&self->pages[i], page_free);
  drop_anchors (self);

  emit_items_changed (self, 0, self->n, self->n);
}

/* The store sends `changing` for every row of a transaction before the
 * `changed` signals of all of them; a new `changing` starts a new round. */
void
crm_paged_query_begin_change (CrmPagedQuery *self)
{
  g_return_if_fail (self != NULL);

  note_change (self);
  g_hash_table_remove_all (self->settled);
  self->all_settled = FALSE;
}

void
crm_paged_query_row_changing (CrmPagedQuery *self,
                              gint64         id)
{
  PendingRow *pending;
  gint64 *key;

  g_return_if_fail (self != NULL);

  crm_paged_query_begin_change (self);

  /* A row written twice in one transaction keeps its first place: that is
   * where the list still shows it. */
  pending = g_hash_table_lookup (self->pending, &id);
  if (pending != NULL && pending->generation == self->generation)
    return;

  pending = g_new (PendingRow, 1);
  pending->position = find_row (self, id);
  pending->generation = self->generation;

  key = g_new (gint64, 1);
  *key = id;
  g_hash_table_replace (self->pending, key, pending);
}

void
crm_paged_query_row_changed (CrmPagedQuery *self,
                             gint64         id)
{
  PendingRow *pending;
  gint64 old_position, new_position;

  g_return_if_fail (self != NULL);

  note_change (self);

  if (self->all_settled || g_hash_table_contains (self->settled, &id))
    {
      /* Already read in its final state: counted again after another row,
       * or announced twice. */
      g_hash_table_remove (self->pending, &id);
      return;
    }

  pending = g_hash_table_lookup (self->pending, &id);
  if (pending != NULL)
    {
      /* Several rows of ours changed in one transaction: each row's place
       * was noted with the others not yet written, and the others are not
       * told yet, so no single-row signal would be exact. */
      if (count_pending_of_generation (self, pending->generation) > 1)
        {
          reload (self, TRUE);
          return;
        }

      old_position = pending->position;
      g_hash_table_remove (self->pending, &id);
      new_position = locate (self, id, old_position);
    }
  else if (self->snapshot != NULL)
    {
      /* No `changing` (a new row, or a change we were not warned of): the
       * snapshot knows where the row was. */
      old_position = find_in_snapshot (self, id);
      new_position = locate (self, id, old_position);
    }
  else if ((old_position = find_in_pages (self, id)) >= 0)
    {
      /* No `changing`, but the row is on a page we read before the write,
       * so we know where it was. */
      new_position = locate (self, id, old_position);
    }
  else
    {
      /* No `changing`: a new row (adding announces no id beforehand), or a
       * row that was not written itself but shows something that was (a
       * call or a reminder added to it), or a row of no concern to us.
       * Count to tell them apart. */
      gint64 n = query_number (self, self->count_sql, 0, 0);

      new_position = locate (self, id, -1);
      if (new_position >= 0 && n == (gint64)self->n + 1)
        old_position = -1;
      else if (new_position >= 0 && n == (gint64)self->n)
        old_position = new_position;
      else if (new_position < 0 && n == (gint64)self->n)
        old_position = -1;
      else
        {
          reload (self, TRUE);
          return;
        }
    }

  mark_settled (self, id);
  apply_row_change (self, id, old_position, new_position);
}

void
crm_paged_query_row_refreshed (CrmPagedQuery *self,
                               gint64         id)
{
  PendingRow *pending;
  gint64 position;

  g_return_if_fail (self != NULL);

  note_change (self);

  /* Read in its final state already, or about to be told of as a change
   * of its own (written in this transaction). */
  pending = g_hash_table_lookup (self->pending, &id);
  if (self->all_settled || g_hash_table_contains (self->settled, &id) ||
      (pending != NULL && pending->generation == self->generation))
    return;

  /* A `changed` of the row itself may follow (a reminder added to a deal
   * announces both); the row is read in its final state from here on. */
  mark_settled (self, id);

  position = find_row (self, id);
  if (position < 0)
    return;

  drop_page_at (self, position);
  emit_items_changed (self, position, 1, 1);
}

gint64
crm_paged_query_find (CrmPagedQuery *self,
                      gint64         id)
{
  gint64 position;

  g_return_val_if_fail (self != NULL, -1);

  position = find_row (self, id);

  /* Asked from a handler of the removal half of a move: the moved row is
   * not shown yet, and the rows after it are one place further up. */
  if (self->hole >= 0 && position == self->hole)
    return -1;
  if (self->hole >= 0 && position > self->hole)
    return position - 1;

  return position;
}

gboolean
crm_paged_query_any (CrmPagedQuery *self,
                     const char    *condition,
                     gint64         value)
{
  g_autoptr(GString) sql = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (condition != NULL, FALSE);

  sql = g_string_new ("SELECT EXISTS (SELECT 1 FROM ");
  g_string_append_printf (sql, "%s %s WHERE ", self->table, self->alias);
  append_where (self, sql);
  g_string_append_printf (sql, " AND (%s))", condition);

  return query_number (self, sql->str, value, 0) > 0;
}

char *
crm_paged_query_dup_plan (CrmPagedQuery *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  build_sql (self);
  return explain (self, self->page_sql[PAGE_FROM_START]);
}

guint
crm_paged_query_get_anchor_spacing (CrmPagedQuery *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->anchor_spacing;
}

guint
crm_paged_query_get_n_anchors (CrmPagedQuery *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->anchors->len;
}

gint64
crm_paged_query_get_anchor (CrmPagedQuery *self,
                            guint          index,
                            guint         *position)
{
  const Anchor *anchor;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (index < self->anchors->len, 0);

  anchor = &g_array_index (self->anchors, Anchor, index);
  if (position != NULL)
    *position = anchor->position;

  return anchor->id;
}
