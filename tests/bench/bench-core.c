/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-core"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "crm-call-list.h"
#include "crm-deal-list.h"
#include "crm-demo.h"
#include "crm-id.h"
#include "crm-phone.h"
#include "crm-search.h"
#include "crm-store-contacts.h"
#include "crm-store-deals.h"
#include "crm-text.h"
#include "crm-time.h"

/* What the benchmark measures and why is in README.md beside this file.
 *
 * Every figure is paired with the same work done through the SQLite C API
 * on a second connection to the same file: the statements the core runs,
 * with the same values bound, but with what a result shows read in the
 * same statement. The ratio of the two is what our layers cost: the
 * statement cache, the objects, the lookups the core makes per result. */

#define SEARCH_LIMIT   50
#define PAGE_SIZE      64
#define TARGET_MS      10.0
#define TARGET_RATIO   2.0
#define WARM_UP_RUNS   5

/* The upper end of the index range of every text that starts with a
 * prefix, as crm-search.c builds it. */
#define PREFIX_END "\xf4\x8f\xbf\xbf"

/* The search steps of crm_search_run(), in its order, each reading what
 * the core then looks up per result. */
#define CONTACT_COLUMNS \
  "c.id, c.kind, c.name, co.name, " \
  "(SELECT p2.e164 FROM phones p2 WHERE p2.contact_id = c.id ORDER BY p2.position LIMIT 1) "
#define CONTACT_JOIN "LEFT JOIN contacts co ON co.id = c.company_id "
#define DEAL_COLUMNS "d.id, d.title, c.name, s.name "
#define DEAL_JOIN \
  "LEFT JOIN contacts c ON c.id = d.contact_id LEFT JOIN stages s ON s.id = d.stage_id "

/* Every column a row of the deal list shows, for the deals of a page
 * (page.id) only. */
#define DEAL_ROW_COLUMNS \
  "d.id, d.title, d.contact_id, c.name, d.amount, d.currency, " \
  "d.stage_id, s.name, s.kind, s.pipeline_id, d.position, " \
  "d.owner_id, u.name, d.expected_close, d.lost_reason, " \
  "d.created_at, d.updated_at, d.stage_changed_at, d.deleted_at, " \
  "(SELECT min (coalesce (r.snoozed_until, r.due_at)) FROM reminders r " \
  "  WHERE r.deal_id = d.id AND r.done_at IS NULL AND r.deleted_at IS NULL), " \
  "(SELECT group_concat (tag.name, ', ') FROM " \
  "   (SELECT t.name AS name FROM deal_tags dt JOIN tags t ON t.id = dt.tag_id " \
  "     WHERE dt.deal_id = d.id ORDER BY t.folded) AS tag) "
#define DEAL_ROW_JOINS \
  "CROSS JOIN deals d ON d.id = page.id " \
  "LEFT JOIN stages s ON s.id = d.stage_id " \
  "LEFT JOIN contacts c ON c.id = d.contact_id " \
  "LEFT JOIN users u ON u.id = d.owner_id "

/* Every column a row of the call list shows, for the calls of a page
 * (page.id) only. */
#define CALL_ROW_COLUMNS \
  "a.id, a.kind, a.contact_id, c.name, a.deal_id, a.user_id, u.name, " \
  "a.direction, a.started_at, a.duration_s, a.outcome, a.key_points, " \
  "a.recording_id, r.content_hash, a.created_at, a.updated_at, a.deleted_at, " \
  "(SELECT group_concat (tag.name, ', ') FROM " \
  "   (SELECT t.name AS name FROM activity_tags at JOIN tags t ON t.id = at.tag_id " \
  "     WHERE at.activity_id = a.id ORDER BY t.folded) AS tag) "
#define CALL_ROW_JOINS \
  "CROSS JOIN activities a ON a.id = page.id " \
  "LEFT JOIN contacts c ON c.id = a.contact_id " \
  "LEFT JOIN users u ON u.id = a.user_id " \
  "LEFT JOIN attachments r ON r.id = a.recording_id "

static const char * const raw_search_sql[] = {
#define RAW_PHONE_EXACT 0
  "SELECT " CONTACT_COLUMNS "FROM phones p CROSS JOIN contacts c ON c.id = p.contact_id "
  CONTACT_JOIN "WHERE p.e164 IN (?1, ?2) AND c.deleted_at IS NULL LIMIT ?3",
#define RAW_PHONE_END 1
  "SELECT " CONTACT_COLUMNS "FROM phones p CROSS JOIN contacts c ON c.id = p.contact_id "
  CONTACT_JOIN "WHERE p.digits_rev >= ?1 AND p.digits_rev < ?2 AND c.deleted_at IS NULL "
  "ORDER BY p.digits_rev LIMIT ?3",
#define RAW_CONTACT_PREFIX 2
  "SELECT " CONTACT_COLUMNS "FROM contacts c " CONTACT_JOIN
  "WHERE c.name_folded >= ?1 AND c.name_folded < ?2 AND c.deleted_at IS NULL "
  "ORDER BY c.name_folded, c.id LIMIT ?3",
#define RAW_DEAL_PREFIX 3
  "SELECT " DEAL_COLUMNS "FROM deals d " DEAL_JOIN
  "WHERE d.title_folded >= ?1 AND d.title_folded < ?2 AND d.deleted_at IS NULL "
  "ORDER BY d.title_folded, d.id LIMIT ?3",
#define RAW_CONTACT_WORDS 4
  "SELECT " CONTACT_COLUMNS "FROM contacts_words CROSS JOIN contacts c ON c.id = contacts_words.rowid "
  CONTACT_JOIN "WHERE contacts_words MATCH ?1 AND c.deleted_at IS NULL LIMIT ?2",
#define RAW_DEAL_WORDS 5
  "SELECT " DEAL_COLUMNS "FROM deals_words CROSS JOIN deals d ON d.id = deals_words.rowid "
  DEAL_JOIN "WHERE deals_words MATCH ?1 AND d.deleted_at IS NULL LIMIT ?2",
#define RAW_CONTACT_TRIGRAMS 6
  "SELECT " CONTACT_COLUMNS "FROM contacts_trigrams CROSS JOIN contacts c ON c.id = contacts_trigrams.rowid "
  CONTACT_JOIN "WHERE contacts_trigrams MATCH ?1 AND c.deleted_at IS NULL LIMIT ?2",
#define RAW_DEAL_TRIGRAMS 7
  "SELECT " DEAL_COLUMNS "FROM deals_trigrams CROSS JOIN deals d ON d.id = deals_trigrams.rowid "
  DEAL_JOIN "WHERE deals_trigrams MATCH ?1 AND d.deleted_at IS NULL LIMIT ?2",
  /* All deals, counted from the pages of the smallest index, less the
   * trashed ones from their own index: what the list counts. */
#define RAW_DEAL_COUNT 8
  "SELECT (SELECT count(*) FROM deals) - (SELECT count(*) FROM deals WHERE deleted_at IS NOT NULL)",
  /* A page of the deal list in its default order (last change first),
   * with every column a row shows: the ids of the page from the index
   * with LIMIT and OFFSET, then the joins for those rows only. */
#define RAW_DEAL_PAGE 9
  "SELECT " DEAL_ROW_COLUMNS
  "FROM (SELECT id FROM deals WHERE deleted_at IS NULL "
  "      ORDER BY updated_at DESC, id DESC LIMIT ?1 OFFSET ?2) AS page "
  DEAL_ROW_JOINS
  "ORDER BY d.updated_at DESC, d.id DESC",
  /* A move of a deal to the end of another stage, as the store writes it. */
#define RAW_LAST_POSITION 10
  "SELECT position FROM deals WHERE stage_id = ?1 AND deleted_at IS NULL AND id != ?2 "
  "ORDER BY position DESC, id DESC LIMIT 1",
#define RAW_MOVE 11
  "UPDATE deals SET stage_id = ?2, position = ?3, stage_changed_at = ?4, updated_at = ?4, "
  "  stage_sort = (SELECT p.position * 1000000 + s.position FROM stages s "
  "                JOIN pipelines p ON p.id = s.pipeline_id WHERE s.id = ?2) "
  "WHERE id = ?1",
#define RAW_STAGE_MOVE 12
  "INSERT INTO deal_stage_history (id, deal_id, from_stage_id, to_stage_id, user_id, at) "
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
#define RAW_HISTORY 13
  "INSERT INTO history (id, entity_kind, entity_id, user_id, at, field, old_value, new_value) "
  "VALUES (?1, ?2, ?3, ?4, ?5, 'stage', ?6, ?7)",
  /* The number of live calls, which the database keeps (schema 6), and a
   * page of the call list (newest first) from the index of live calls. */
#define RAW_CALL_COUNT 14
  "SELECT n FROM kept_counts WHERE name = 'live_calls'",
#define RAW_CALL_PAGE 15
  "SELECT " CALL_ROW_COLUMNS
  "FROM (SELECT id FROM activities WHERE kind = 0 AND deleted_at IS NULL "
  "      ORDER BY started_at DESC, id DESC LIMIT ?1 OFFSET ?2) AS page "
  CALL_ROW_JOINS
  "ORDER BY a.started_at DESC, a.id DESC",
#define N_RAW 16
};

G_STATIC_ASSERT (G_N_ELEMENTS (raw_search_sql) == N_RAW);

typedef struct
{
  CrmStore     *store;
  sqlite3      *raw;
  sqlite3_stmt *stmts[N_RAW];
  GRand        *rand;
  guint         runs;
  const char   *country;
} Bench;

typedef struct
{
  char   *name;
  char   *example;
  GArray *ours;  /* double, ms */
  GArray *raw;
  gboolean has_target;
} Measure;

static double
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static Measure *
measure_new (const char *name,
             const char *example,
             gboolean    has_target)
{
  Measure *measure = g_new0 (Measure, 1);

  measure->name = g_strdup (name);
  measure->example = g_strdup (example);
  measure->ours = g_array_new (FALSE, FALSE, sizeof (double));
  measure->raw = g_array_new (FALSE, FALSE, sizeof (double));
  measure->has_target = has_target;
  return measure;
}

static void
measure_free (Measure *measure)
{
  g_free (measure->name);
  g_free (measure->example);
  g_array_unref (measure->ours);
  g_array_unref (measure->raw);
  g_free (measure);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a;
  double y = *(const double *)b;

  return (x > y) - (x < y);
}

/* The value below which @fraction of the samples lie (nearest rank). */
static double
percentile (GArray *samples,
            double  fraction)
{
  g_autoptr(GArray) sorted = g_array_copy (samples);
  guint rank;

  if (sorted->len == 0)
    return 0;

  g_array_sort (sorted, compare_doubles);
  rank = (guint)(fraction * sorted->len + 0.999999);
  rank = CLAMP (rank, 1, sorted->len);
  return g_array_index (sorted, double, rank - 1);
}

static void
die (const char   *what,
     const GError *error)
{
  g_printerr ("bench-core: %s: %s\n", what, error ? error->message : "failed");
  exit (1);
}

static void
die_sqlite (Bench      *bench,
            const char *what)
{
  g_printerr ("bench-core: %s: %s\n", what, sqlite3_errmsg (bench->raw));
  exit (1);
}

/* Raw queries */

/* Steps @stmt to the end reading every column as text, as showing the
 * rows would; returns the number of rows. */
static guint
raw_read_all (Bench        *bench,
              sqlite3_stmt *stmt)
{
  guint rows = 0;
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int n = sqlite3_column_count (stmt);

      for (int i = 0; i < n; i++)
        (void)sqlite3_column_text (stmt, i);
      rows++;
    }

  if (rc != SQLITE_DONE)
    die_sqlite (bench, "raw query");

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return rows;
}

static guint
raw_run_range (Bench      *bench,
               int         which,
               const char *low,
               const char *high,
               guint       limit)
{
  sqlite3_stmt *stmt = bench->stmts[which];

  sqlite3_bind_text (stmt, 1, low, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, high, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, limit);
  return raw_read_all (bench, stmt);
}

static guint
raw_run_match (Bench      *bench,
               int         which,
               const char *match,
               guint       limit)
{
  sqlite3_stmt *stmt = bench->stmts[which];

  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, limit);
  return raw_read_all (bench, stmt);
}

/* The steps crm_search_run() takes for @query, straight on the raw
 * connection, stopping as it does once @limit rows are found. */
static guint
raw_search (Bench      *bench,
            const char *query,
            guint       limit)
{
  g_autofree char *folded = crm_text_fold (query);
  g_autofree char *upper = g_strconcat (folded, PREFIX_END, NULL);
  g_autofree char *national = NULL;
  guint found = 0;

  if (crm_phone_looks_like_number (query))
    {
      g_autofree char *digits = crm_phone_digits_only (query);
      g_autofree char *e164 = NULL;
      const char *international = NULL;

      if (!crm_phone_normalize (query, bench->country, &e164, NULL, NULL))
        g_clear_pointer (&e164, g_free);

      /* A whole number is looked for inside text by its national digits. */
      if (e164 != NULL && crm_phone_calling_code_length (e164) > 0 &&
          crm_phone_calling_code_length (e164) < strlen (e164))
        national = g_strdup (e164 + crm_phone_calling_code_length (e164));

      if (digits[0] != '0' && crm_phone_calling_code_length (digits) > 0)
        international = digits;

      if (e164 != NULL || international != NULL)
        found += raw_run_range (bench, RAW_PHONE_EXACT, e164, international, limit);

      if (strlen (digits) >= 4 && found < limit)
        {
          g_autofree char *reversed = g_strreverse (g_strdup (digits));
          g_autofree char *end = g_strconcat (reversed, ":", NULL);

          found += raw_run_range (bench, RAW_PHONE_END, reversed, end, limit - found);
        }
    }

  if (found < limit)
    found += raw_run_range (bench, RAW_CONTACT_PREFIX, folded, upper, limit - found);
  if (found < limit)
    found += raw_run_range (bench, RAW_DEAL_PREFIX, folded, upper, limit - found);

  if (g_utf8_strlen (folded, -1) <= 2)
    return found;

  if (found < limit)
    {
      g_auto(GStrv) words = crm_text_split_words (folded);
      g_autoptr(GString) match = g_string_new (NULL);

      for (guint i = 0; words != NULL && words[i] != NULL; i++)
        {
          g_autofree char *quoted = crm_text_fts_quote (words[i]);

          if (i > 0)
            g_string_append (match, " AND ");
          g_string_append (match, quoted);
          g_string_append_c (match, '*');
        }

      if (match->len > 0)
        {
          found += raw_run_match (bench, RAW_CONTACT_WORDS, match->str, limit - found);
          if (found < limit)
            found += raw_run_match (bench, RAW_DEAL_WORDS, match->str, limit - found);
        }
    }

  if (found < limit)
    {
      g_autofree char *quoted = crm_text_fts_quote (national != NULL ? national : folded);

      found += raw_run_match (bench, RAW_CONTACT_TRIGRAMS, quoted, limit - found);
      if (found < limit)
        found += raw_run_match (bench, RAW_DEAL_TRIGRAMS, quoted, limit - found);
    }

  return found;
}

static gint64
raw_int (Bench      *bench,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = 0;

  if (sqlite3_prepare_v2 (bench->raw, sql, -1, &stmt, NULL) != SQLITE_OK)
    die_sqlite (bench, sql);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* Every row of @sql, first column, as text. */
static GPtrArray *
raw_texts (Bench      *bench,
           const char *sql)
{
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (bench->raw, sql, -1, &stmt, NULL) != SQLITE_OK)
    die_sqlite (bench, sql);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (texts, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  return texts;
}

static char *
first_text (Bench      *bench,
            const char *sql)
{
  g_autoptr(GPtrArray) texts = raw_texts (bench, sql);

  if (texts->len == 0)
    return NULL;

  return g_strdup (g_ptr_array_index (texts, 0));
}

/* Searches */

typedef char *(*MakeQuery) (Bench *bench, guint run, gpointer data);

static void
bench_search (Bench     *bench,
              Measure   *measure,
              MakeQuery  make_query,
              gpointer   data)
{
  for (guint run = 0; run < bench->runs + WARM_UP_RUNS; run++)
    {
      g_autofree char *query = make_query (bench, run, data);
      g_autoptr(GPtrArray) results = NULL;
      g_autoptr(GError) error = NULL;
      double t0, t1, t2;
      guint raw_found;

      t0 = now_ms ();
      results = crm_search_run (bench->store, query, SEARCH_LIMIT, &error);
      t1 = now_ms ();
      raw_found = raw_search (bench, query, SEARCH_LIMIT);
      t2 = now_ms ();

      if (results == NULL)
        die (query, error);
      if (results->len == 0)
        {
          g_printerr ("bench-core: “%s” found nothing; the benchmark would measure nothing\n", query);
          exit (1);
        }
      if (raw_found == 0)
        {
          g_printerr ("bench-core: “%s” found nothing on the raw connection\n", query);
          exit (1);
        }

      if (run >= WARM_UP_RUNS)
        {
          double ours = t1 - t0;
          double raw = t2 - t1;

          g_array_append_val (measure->ours, ours);
          g_array_append_val (measure->raw, raw);
        }
    }
}

static char *
fixed_query_cb (Bench    *bench,
                guint     run,
                gpointer  data)
{
  return g_strdup (data);
}

typedef enum
{
  PHONE_LATVIAN_SPACED,   /* +371 2X XXX XXX */
  PHONE_LATVIAN_NATIONAL, /* 2XXXXXXX */
  PHONE_LATVIAN_ZEROS,    /* 00371 2XXXXXXX */
  PHONE_RUSSIAN_EIGHT,    /* 8 (9XX) XXX-XX-XX */
  PHONE_LAST_FOUR,        /* XXXX */
} PhoneForm;

typedef struct
{
  GPtrArray *latvian;  /* e164 of Latvian mobiles */
  GPtrArray *russian;  /* e164 of Russian mobiles */
  PhoneForm  form;
} PhoneQueries;

/* A different number each run, so the figures are not those of one
 * cached page. */
static char *
phone_query_cb (Bench    *bench,
                guint     run,
                gpointer  data)
{
  PhoneQueries *queries = data;
  GPtrArray *numbers = queries->form == PHONE_RUSSIAN_EIGHT ? queries->russian : queries->latvian;
  const char *e164 = g_ptr_array_index (numbers, run % numbers->len);
  const char *d = e164 + 3;

  switch (queries->form)
    {
    case PHONE_LATVIAN_SPACED:
      return g_strdup_printf ("+371 %.2s %.3s %.3s", d, d + 2, d + 5);
    case PHONE_LATVIAN_NATIONAL:
      return g_strdup (d);
    case PHONE_LATVIAN_ZEROS:
      return g_strdup_printf ("00%s", e164);
    case PHONE_RUSSIAN_EIGHT:
      d = e164 + 1;
      return g_strdup_printf ("8 (%.3s) %.3s-%.2s-%.2s", d, d + 3, d + 6, d + 8);
    case PHONE_LAST_FOUR:
    default:
      return g_strdup (e164 + strlen (e164) - 4);
    }
}

/* Lists */

/* What the benchmark needs of a kind of list: a new one, and the raw
 * statements that count its rows and read one of its pages. */
typedef struct
{
  const char   *name;
  GListModel *(*new_list) (CrmStore *store);
  guint         raw_count;
  guint         raw_page;
} ListKind;

static GListModel *
new_deal_list (CrmStore *store)
{
  return G_LIST_MODEL (crm_deal_list_new (store));
}

static GListModel *
new_call_list (CrmStore *store)
{
  return G_LIST_MODEL (crm_call_list_new (store));
}

static const ListKind deal_lists = { "deal", new_deal_list, RAW_DEAL_COUNT, RAW_DEAL_PAGE };
static const ListKind call_lists = { "call", new_call_list, RAW_CALL_COUNT, RAW_CALL_PAGE };

static void
raw_page (Bench          *bench,
          const ListKind *kind,
          guint           offset,
          guint           len)
{
  sqlite3_stmt *stmt = bench->stmts[kind->raw_page];

  sqlite3_bind_int64 (stmt, 1, len);
  sqlite3_bind_int64 (stmt, 2, offset);
  if (raw_read_all (bench, stmt) != len)
    {
      g_printerr ("bench-core: the raw %s page at %u is short\n", kind->name, offset);
      exit (1);
    }
}

static guint
raw_count (Bench          *bench,
           const ListKind *kind)
{
  sqlite3_stmt *stmt = bench->stmts[kind->raw_count];
  guint n = 0;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = (guint)sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

/* Runs what the main loop has to do, as a window would between frames:
 * here, a list finding its anchors for far jumps. */
static void
run_idle (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
add_sample (Measure *measure,
            guint    run,
            double   ours,
            double   raw)
{
  if (run < WARM_UP_RUNS)
    return;

  g_array_append_val (measure->ours, ours);
  g_array_append_val (measure->raw, raw);
}

/* A fresh list, as when the deal list or the Calls page is opened: count,
 * then the first page. */
static void
bench_first_page (Bench          *bench,
                  Measure        *measure,
                  const ListKind *kind)
{
  for (guint run = 0; run < bench->runs + WARM_UP_RUNS; run++)
    {
      g_autoptr(GListModel) list = NULL;
      g_autoptr(GObject) item = NULL;
      double t0, t1, t2;
      guint n;

      t0 = now_ms ();
      list = kind->new_list (bench->store);
      n = g_list_model_get_n_items (list);
      item = g_list_model_get_item (list, 0);
      t1 = now_ms ();
      n = MIN (raw_count (bench, kind), PAGE_SIZE);
      raw_page (bench, kind, 0, n);
      t2 = now_ms ();

      if (item == NULL)
        {
          g_printerr ("bench-core: the %s list is empty\n", kind->name);
          exit (1);
        }

      add_sample (measure, run, t1 - t0, t2 - t1);
    }
}

typedef enum
{
  JUMPS_IN_ONE_LIST,    /* one list, with no main loop run */
  JUMPS_AFTER_IDLE,     /* one list, after its idle time */
  JUMPS_FROM_NEW_LISTS, /* each the first jump of a new list */
} Jumps;

/* Jumps to a random place of a list, as dragging the scroll bar does,
 * each to a page the list has not read. After idle time, as in the window
 * once a list is read, the list found its anchors for far jumps (see
 * crm-paged-query.c); the first jump of a new list comes before that. */
static void
bench_random_page (Bench          *bench,
                   Measure        *measure,
                   const ListKind *kind,
                   Jumps           jumps,
                   guint           runs)
{
  g_autoptr(GListModel) list = kind->new_list (bench->store);
  guint n = g_list_model_get_n_items (list);
  guint n_pages = (n + PAGE_SIZE - 1) / PAGE_SIZE;

  if (n_pages < 2)
    return;

  if (jumps == JUMPS_AFTER_IDLE)
    run_idle ();

  for (guint run = 0; run < runs + WARM_UP_RUNS; run++)
    {
      g_autoptr(GObject) item = NULL;
      guint page = 1 + g_rand_int_range (bench->rand, 0, n_pages - 1);
      guint in_page = g_rand_int_range (bench->rand, 0, PAGE_SIZE);
      guint position = MIN (page * PAGE_SIZE + in_page, n - 1);
      guint start = position - position % PAGE_SIZE;
      double t0, t1, t2;

      if (jumps == JUMPS_FROM_NEW_LISTS)
        {
          g_clear_object (&list);
          list = kind->new_list (bench->store);
        }

      t0 = now_ms ();
      item = g_list_model_get_item (list, position);
      t1 = now_ms ();
      raw_page (bench, kind, start, MIN (PAGE_SIZE, n - start));
      t2 = now_ms ();

      if (item == NULL)
        {
          g_printerr ("bench-core: no %s at %u of %u\n", kind->name, position, n);
          exit (1);
        }

      add_sample (measure, run, t1 - t0, t2 - t1);
    }
}

/* A click on a column header: the open list sorted by another key, its
 * count and its first page. On the raw side, the first page in that order
 * from the key's index. Each run switches back to the default order first,
 * untimed. */
static void
bench_deal_sort_switch (Bench       *bench,
                        Measure     *measure,
                        CrmDealSort  key,
                        const char  *column,
                        guint        runs)
{
  g_autoptr(CrmDealList) list = crm_deal_list_new (bench->store);
  g_autofree char *sql = g_strdup_printf ("SELECT " DEAL_ROW_COLUMNS
                                          "FROM (SELECT id, %s AS k FROM deals WHERE deleted_at IS NULL "
                                          "      ORDER BY %s NULLS LAST, id LIMIT ?1 OFFSET 0) AS page "
                                          DEAL_ROW_JOINS
                                          "ORDER BY page.k NULLS LAST, page.id",
                                          column, column);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (bench->raw, sql, -1, &stmt, NULL) != SQLITE_OK)
    die_sqlite (bench, sql);

  for (guint run = 0; run < runs + WARM_UP_RUNS; run++)
    {
      g_autoptr(GObject) item = NULL;
      double t0, t1, t2;
      guint n;

      crm_deal_list_set_sort (list, CRM_DEAL_SORT_UPDATED, TRUE);
      item = g_list_model_get_item (G_LIST_MODEL (list), 0);
      g_clear_object (&item);

      t0 = now_ms ();
      crm_deal_list_set_sort (list, key, FALSE);
      n = g_list_model_get_n_items (G_LIST_MODEL (list));
      item = g_list_model_get_item (G_LIST_MODEL (list), 0);
      t1 = now_ms ();
      n = MIN (raw_count (bench, &deal_lists), PAGE_SIZE);
      sqlite3_bind_int64 (stmt, 1, n);
      if (raw_read_all (bench, stmt) != n)
        {
          g_printerr ("bench-core: the raw page by %s is short\n", column);
          exit (1);
        }
      t2 = now_ms ();

      if (item == NULL)
        {
          g_printerr ("bench-core: the deal list by %s is empty\n", column);
          exit (1);
        }

      if (run >= WARM_UP_RUNS)
        {
          double ours = t1 - t0;
          double raw = t2 - t1;

          g_array_append_val (measure->ours, ours);
          g_array_append_val (measure->raw, raw);
        }
    }

  sqlite3_finalize (stmt);
}

/* Deal moves */

typedef struct
{
  gint64  id;
  gint64  stage_id;
  char   *stage_name;
} DealPlace;

static void
raw_exec (Bench      *bench,
          const char *sql)
{
  if (sqlite3_exec (bench->raw, sql, NULL, NULL, NULL) != SQLITE_OK)
    die_sqlite (bench, sql);
}

/* What crm_store_move_deal() writes for a move to the end of @to, with
 * the same reads it needs, in one transaction. */
static void
raw_move (Bench      *bench,
          gint64      deal_id,
          gint64      from_id,
          const char *from_name,
          gint64      to_id,
          const char *to_name,
          gint64      user_id)
{
  sqlite3_stmt *stmt;
  gint64 position = 1024;
  gint64 now = g_get_real_time () / 1000;

  raw_exec (bench, "BEGIN IMMEDIATE");

  stmt = bench->stmts[RAW_LAST_POSITION];
  sqlite3_bind_int64 (stmt, 1, to_id);
  sqlite3_bind_int64 (stmt, 2, deal_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    position = sqlite3_column_int64 (stmt, 0) + 1024;
  sqlite3_reset (stmt);

  stmt = bench->stmts[RAW_MOVE];
  sqlite3_bind_int64 (stmt, 1, deal_id);
  sqlite3_bind_int64 (stmt, 2, to_id);
  sqlite3_bind_int64 (stmt, 3, position);
  sqlite3_bind_int64 (stmt, 4, now);
  raw_read_all (bench, stmt);

  stmt = bench->stmts[RAW_STAGE_MOVE];
  sqlite3_bind_int64 (stmt, 1, crm_id_new ());
  sqlite3_bind_int64 (stmt, 2, deal_id);
  sqlite3_bind_int64 (stmt, 3, from_id);
  sqlite3_bind_int64 (stmt, 4, to_id);
  sqlite3_bind_int64 (stmt, 5, user_id);
  sqlite3_bind_int64 (stmt, 6, now);
  raw_read_all (bench, stmt);

  stmt = bench->stmts[RAW_HISTORY];
  sqlite3_bind_int64 (stmt, 1, crm_id_new ());
  sqlite3_bind_int64 (stmt, 2, CRM_ENTITY_DEAL);
  sqlite3_bind_int64 (stmt, 3, deal_id);
  sqlite3_bind_int64 (stmt, 4, user_id);
  sqlite3_bind_int64 (stmt, 5, now);
  sqlite3_bind_text (stmt, 6, from_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, to_name, -1, SQLITE_TRANSIENT);
  raw_read_all (bench, stmt);

  raw_exec (bench, "COMMIT");
}

/* Each run moves one open deal to the next stage and back (two moves,
 * two samples), through the store; and another deal the same way on the
 * raw connection. */
static void
bench_deal_move (Bench   *bench,
                 Measure *measure)
{
  g_autoptr(GPtrArray) ids = NULL;
  gint64 pipeline_id = raw_int (bench, "SELECT id FROM pipelines WHERE deleted_at IS NULL ORDER BY position, id LIMIT 1");
  gint64 user_id = crm_store_get_current_user (bench->store);
  g_autofree char *first_sql = g_strdup_printf ("SELECT id FROM stages WHERE pipeline_id = %" G_GINT64_FORMAT
                                                " AND kind = 0 AND deleted_at IS NULL ORDER BY position, id LIMIT 1",
                                                pipeline_id);
  g_autofree char *second_sql = g_strdup_printf ("SELECT id FROM stages WHERE pipeline_id = %" G_GINT64_FORMAT
                                                 " AND kind = 0 AND deleted_at IS NULL ORDER BY position, id LIMIT 1 OFFSET 1",
                                                 pipeline_id);
  gint64 first = raw_int (bench, first_sql);
  gint64 second = raw_int (bench, second_sql);
  g_autofree char *ids_sql = g_strdup_printf ("SELECT id FROM deals WHERE stage_id = %" G_GINT64_FORMAT
                                              " AND deleted_at IS NULL ORDER BY id LIMIT %u",
                                              first, 2 * (bench->runs + WARM_UP_RUNS));
  g_autofree char *first_name = NULL;
  g_autofree char *second_name = NULL;
  g_autofree char *name_sql = NULL;

  if (first == 0 || second == 0)
    return;

  name_sql = g_strdup_printf ("SELECT name FROM stages WHERE id = %" G_GINT64_FORMAT, first);
  first_name = first_text (bench, name_sql);
  g_free (name_sql);
  name_sql = g_strdup_printf ("SELECT name FROM stages WHERE id = %" G_GINT64_FORMAT, second);
  second_name = first_text (bench, name_sql);

  ids = raw_texts (bench, ids_sql);
  if (ids->len < 2 * (bench->runs + WARM_UP_RUNS))
    {
      g_printerr ("bench-core: not enough deals in the first stage to move\n");
      return;
    }

  for (guint run = 0; run < bench->runs + WARM_UP_RUNS; run++)
    {
      gint64 ours_id = g_ascii_strtoll (g_ptr_array_index (ids, 2 * run), NULL, 10);
      gint64 raw_id = g_ascii_strtoll (g_ptr_array_index (ids, 2 * run + 1), NULL, 10);
      double t[5];
      g_autoptr(GError) error = NULL;

      t[0] = now_ms ();
      if (!crm_store_move_deal (bench->store, ours_id, second, 0, &error))
        die ("moving a deal", error);
      t[1] = now_ms ();
      if (!crm_store_move_deal (bench->store, ours_id, first, 0, &error))
        die ("moving a deal back", error);
      t[2] = now_ms ();
      raw_move (bench, raw_id, first, first_name, second, second_name, user_id);
      t[3] = now_ms ();
      raw_move (bench, raw_id, second, second_name, first, first_name, user_id);
      t[4] = now_ms ();

      if (run >= WARM_UP_RUNS)
        {
          for (guint i = 0; i < 2; i++)
            {
              double ours = t[i + 1] - t[i];
              double raw = t[i + 3] - t[i + 2];

              g_array_append_val (measure->ours, ours);
              g_array_append_val (measure->raw, raw);
            }
        }
    }
}

/* Report */

/* printf pads by bytes; names with “quotes” or ā need padding by
 * characters. */
static void
print_padded (const char *text,
              int         width)
{
  glong n = g_utf8_strlen (text, -1);

  g_print ("%s", text);
  for (glong i = n; i < width; i++)
    g_print (" ");
  g_print (" ");
}

static gboolean
print_table (GPtrArray *measures)
{
  gboolean all_met = TRUE;

  g_print ("\n%-34s %-22s %9s %9s %9s %9s %7s  %s\n",
           "query", "example", "ours p50", "ours p95", "raw p50", "raw p95", "ratio", "target");
  g_print ("%-34s %-22s %9s %9s %9s %9s %7s  %s\n",
           "", "", "ms", "ms", "ms", "ms", "p50", "");
  for (guint i = 0; i < 110; i++)
    g_print ("-");
  g_print ("\n");

  for (guint i = 0; i < measures->len; i++)
    {
      Measure *m = g_ptr_array_index (measures, i);
      double ours50 = percentile (m->ours, 0.50);
      double ours95 = percentile (m->ours, 0.95);
      double raw50 = percentile (m->raw, 0.50);
      double raw95 = percentile (m->raw, 0.95);
      double ratio = raw50 > 0 ? ours50 / raw50 : 0;
      g_autofree char *verdict = NULL;

      print_padded (m->name, 34);
      print_padded (m->example, 22);
      if (m->ours->len == 0)
        {
          g_print ("%9s\n", "skipped");
          continue;
        }

      if (!m->has_target)
        verdict = g_strdup ("-");
      else if (ours95 >= TARGET_MS && ratio >= TARGET_RATIO)
        verdict = g_strdup ("MISSED: p95 and ratio");
      else if (ours95 >= TARGET_MS)
        verdict = g_strdup ("MISSED: p95");
      else if (ratio >= TARGET_RATIO)
        verdict = g_strdup ("MISSED: ratio");
      else
        verdict = g_strdup ("ok");

      if (m->has_target && strcmp (verdict, "ok") != 0)
        all_met = FALSE;

      g_print ("%9.3f %9.3f %9.3f %9.3f %7.2f  %s\n",
               ours50, ours95, raw50, raw95, ratio, verdict);
    }

  g_print ("\nTargets: every search and page under %.0f ms at p95, and under %.0f× the raw "
           "median. Moves are writes and have no target.\n", TARGET_MS, TARGET_RATIO);
  return all_met;
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  if (!isatty (STDERR_FILENO))
    return;

  g_printerr ("\rbuilding demo data… %3d%%", (int)(fraction * 100));
  if (fraction >= 1.0)
    g_printerr ("\n");
}

static gboolean
parse_count (const char  *text,
             guint       *out,
             GError     **error)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &value, error))
    return FALSE;
  *out = (guint)value;
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *contacts_text = NULL;
  g_autofree char *deals_text = NULL;
  g_autofree char *calls_text = NULL;
  g_autofree char *reminders_text = NULL;
  g_autofree char *keep = NULL;
  int runs = 200;
  gint64 seed = 1;
  GOptionEntry entries[] = {
    { "contacts", 0, 0, G_OPTION_ARG_STRING, &contacts_text, "Clients to make (100000)", "N" },
    { "deals", 0, 0, G_OPTION_ARG_STRING, &deals_text, "Deals to make (200000)", "N" },
    { "calls", 0, 0, G_OPTION_ARG_STRING, &calls_text, "Calls to make (1000000)", "N" },
    { "reminders", 0, 0, G_OPTION_ARG_STRING, &reminders_text, "Reminders to make (5000)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed of the demo data (1)", "S" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Timed runs of each query (200)", "N" },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep,
      "Build the database at PATH and keep it; an existing one with clients is used as it is", "PATH" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) measures = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  CrmDemoOptions options;
  Bench bench = { 0 };
  gboolean reuse = FALSE;
  gboolean met;

  setlocale (LC_ALL, "");

  context = g_option_context_new ("— time the core's searches, list pages and deal moves");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    die ("options", error);

  crm_demo_options_init (&options);
  options.contacts = 100000;
  options.deals = 200000;
  options.calls = 1000000;
  options.reminders = 5000;
  options.seed = (guint64)seed;
  if ((contacts_text != NULL && !parse_count (contacts_text, &options.contacts, &error)) ||
      (deals_text != NULL && !parse_count (deals_text, &options.deals, &error)) ||
      (calls_text != NULL && !parse_count (calls_text, &options.calls, &error)) ||
      (reminders_text != NULL && !parse_count (reminders_text, &options.reminders, &error)))
    die ("options", error);
  if (runs < 1)
    runs = 1;
  if (options.contacts == 0 || options.deals == 0)
    {
      g_printerr ("bench-core: needs clients and deals to measure\n");
      return 1;
    }

  if (keep != NULL)
    {
      path = g_strdup (keep);
      reuse = g_file_test (path, G_FILE_TEST_EXISTS);
    }
  else
    {
      dir = g_dir_make_tmp ("clientele-bench-XXXXXX", &error);
      if (dir == NULL)
        die ("temporary folder", error);
      path = g_build_filename (dir, "bench.db", NULL);
    }

  bench.store = crm_store_open (path, &error);
  if (bench.store == NULL)
    die (path, error);
  bench.country = crm_store_get_default_country (bench.store);

  g_print ("Clientele core benchmark — SQLite %s, %u CPUs\n", sqlite3_libversion (), g_get_num_processors ());
  g_print ("database: %s\n", path);

  if (reuse && crm_store_count_contacts (bench.store, NULL) > 0)
    {
      g_print ("using the data already there (--keep names an existing database)\n");
    }
  else
    {
      double t0, t1;

      t0 = now_ms ();
      if (!crm_demo_generate (bench.store, &options, progress_cb, NULL, &error))
        die ("demo data", error);
      t1 = now_ms ();
      g_print ("demo data: %u clients, %u deals, %u calls, %u reminders in %.1f s\n",
               options.contacts, options.deals, options.calls, options.reminders,
               (t1 - t0) / 1000.0);
    }

  if (sqlite3_open_v2 (path, &bench.raw, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    die_sqlite (&bench, path);
  sqlite3_busy_timeout (bench.raw, 5000);
  raw_exec (&bench, "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-32000;");
  for (guint i = 0; i < N_RAW; i++)
    {
      if (sqlite3_prepare_v3 (bench.raw, raw_search_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
                              &bench.stmts[i], NULL) != SQLITE_OK)
        die_sqlite (&bench, raw_search_sql[i]);
    }

  bench.rand = g_rand_new_with_seed (1);
  bench.runs = (guint)runs;

  g_print ("%" G_GINT64_FORMAT " clients, %" G_GINT64_FORMAT " deals, %" G_GINT64_FORMAT " calls; "
           "%u timed runs per query after %u to warm up\n",
           raw_int (&bench, "SELECT count(*) FROM contacts"),
           raw_int (&bench, "SELECT count(*) FROM deals"),
           raw_int (&bench, "SELECT count(*) FROM activities"),
           bench.runs, WARM_UP_RUNS);

  measures = g_ptr_array_new_with_free_func ((GDestroyNotify)measure_free);

  /* Names: the three-letter start of the most common first name, its
   * first letter, and four letters from inside a common surname, which
   * only the trigram index finds. */
  {
    g_autofree char *prefix3 = first_text (&bench,
                                           "SELECT substr (name_folded, 1, 3) FROM contacts WHERE kind = 0 "
                                           "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1");
    g_autofree char *prefix1 = g_utf8_substring (prefix3, 0, 1);
    g_autofree char *inside = first_text (&bench,
                                          "SELECT substr (w, 2, 4) FROM (SELECT substr (name_folded, instr (name_folded, ' ') + 1) AS w "
                                          "  FROM contacts WHERE kind = 0 AND name_folded GLOB '[a-z]* [a-z]*') "
                                          "WHERE length (w) >= 6 GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1");
    g_autofree char *example3 = g_strdup_printf ("“%s”", prefix3);
    g_autofree char *example1 = g_strdup_printf ("“%s”", prefix1);
    g_autofree char *example_inside = g_strdup_printf ("“%s”", inside);
    Measure *m;

    m = measure_new ("search: name prefix, 3 letters", example3, TRUE);
    bench_search (&bench, m, fixed_query_cb, prefix3);
    g_ptr_array_add (measures, m);

    m = measure_new ("search: name prefix, 1 letter", example1, TRUE);
    bench_search (&bench, m, fixed_query_cb, prefix1);
    g_ptr_array_add (measures, m);

    m = measure_new ("search: substring inside a name", example_inside, TRUE);
    bench_search (&bench, m, fixed_query_cb, inside);
    g_ptr_array_add (measures, m);
  }

  /* Phones: a different demo number each run, typed another way. */
  {
    static const struct {
      const char *name;
      const char *example;
      PhoneForm   form;
    } phone_cases[] = {
      { "search: phone +371 2X XXX XXX", "+371 2X XXX XXX", PHONE_LATVIAN_SPACED },
      { "search: phone 2XXXXXXX", "2XXXXXXX", PHONE_LATVIAN_NATIONAL },
      { "search: phone 00371…", "003712XXXXXXX", PHONE_LATVIAN_ZEROS },
      { "search: phone 8 (9XX) XXX-XX-XX", "8 (9XX) XXX-XX-XX", PHONE_RUSSIAN_EIGHT },
      { "search: phone, last 4 digits", "XXXX", PHONE_LAST_FOUR },
    };
    g_autofree char *latvian_sql = g_strdup_printf ("SELECT e164 FROM phones WHERE e164 LIKE '3712%%' "
                                                    "ORDER BY id %% 7919, id LIMIT %u", bench.runs + WARM_UP_RUNS);
    g_autofree char *russian_sql = g_strdup_printf ("SELECT e164 FROM phones WHERE e164 LIKE '79%%' "
                                                    "ORDER BY id %% 7919, id LIMIT %u", bench.runs + WARM_UP_RUNS);
    PhoneQueries queries = { raw_texts (&bench, latvian_sql), raw_texts (&bench, russian_sql), 0 };

    for (guint i = 0; i < G_N_ELEMENTS (phone_cases); i++)
      {
        Measure *m = measure_new (phone_cases[i].name, phone_cases[i].example, TRUE);

        queries.form = phone_cases[i].form;
        if ((queries.form == PHONE_RUSSIAN_EIGHT ? queries.russian : queries.latvian)->len > 0)
          bench_search (&bench, m, phone_query_cb, &queries);
        g_ptr_array_add (measures, m);
      }

    g_ptr_array_unref (queries.latvian);
    g_ptr_array_unref (queries.russian);
  }

  {
    Measure *m;

    m = measure_new ("deal list: first page, new list", "count + page 0", TRUE);
    bench_first_page (&bench, m, &deal_lists);
    g_ptr_array_add (measures, m);

    m = measure_new ("deal list: random page", "get_item (random)", TRUE);
    bench_random_page (&bench, m, &deal_lists, JUMPS_IN_ONE_LIST, bench.runs);
    g_ptr_array_add (measures, m);

    m = measure_new ("deal list: sort by client", "set_sort + page 0", TRUE);
    bench_deal_sort_switch (&bench, m, CRM_DEAL_SORT_CLIENT, "client_sort", bench.runs);
    g_ptr_array_add (measures, m);

    m = measure_new ("deal list: sort by stage", "set_sort + page 0", TRUE);
    bench_deal_sort_switch (&bench, m, CRM_DEAL_SORT_STAGE, "stage_sort", bench.runs);
    g_ptr_array_add (measures, m);

    m = measure_new ("deal list: sort by owner", "set_sort + page 0", TRUE);
    bench_deal_sort_switch (&bench, m, CRM_DEAL_SORT_OWNER, "owner_sort", bench.runs);
    g_ptr_array_add (measures, m);

    /* The next reminder is not kept in the deals (see crm-deal-list.c):
     * such a list reads all its ids sorted, once. Shown, without a target,
     * over a few runs. */
    m = measure_new ("deal list: sort by next reminder", "set_sort + page 0", FALSE);
    bench_deal_sort_switch (&bench, m, CRM_DEAL_SORT_NEXT_REMINDER,
                            "(SELECT min (coalesce (r.snoozed_until, r.due_at)) FROM reminders r "
                            " WHERE r.deal_id = deals.id AND r.done_at IS NULL AND r.deleted_at IS NULL)",
                            MIN (bench.runs, 10));
    g_ptr_array_add (measures, m);

    m = measure_new ("deal move to another stage", "and back: 2 samples", FALSE);
    bench_deal_move (&bench, m);
    g_ptr_array_add (measures, m);
  }

  if (raw_count (&bench, &call_lists) > 0)
    {
      Measure *m;

      m = measure_new ("call list: first page, new list", "count + page 0", TRUE);
      bench_first_page (&bench, m, &call_lists);
      g_ptr_array_add (measures, m);

      m = measure_new ("call list: random page", "get_item (random)", TRUE);
      bench_random_page (&bench, m, &call_lists, JUMPS_AFTER_IDLE, bench.runs);
      g_ptr_array_add (measures, m);

      /* Before the list had idle time: no target, a few runs. */
      m = measure_new ("call list: first jump, no idle", "new list, get_item", FALSE);
      bench_random_page (&bench, m, &call_lists, JUMPS_FROM_NEW_LISTS, MIN (bench.runs, 20));
      g_ptr_array_add (measures, m);
    }

  met = print_table (measures);

  for (guint i = 0; i < N_RAW; i++)
    sqlite3_finalize (bench.stmts[i]);
  sqlite3_close (bench.raw);
  g_rand_free (bench.rand);
  g_clear_object (&bench.store);

  if (dir != NULL)
    {
      static const char * const suffixes[] = { "", "-wal", "-shm" };

      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

          g_remove (file);
        }
      g_rmdir (dir);
    }

  return met ? 0 : 2;
}
