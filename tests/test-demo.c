/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-demo"

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>

#include "crm-demo.h"
#include "crm-phone.h"
#include "crm-search.h"
#include "crm-store-contacts.h"
#include "crm-store-deals.h"
#include "crm-time.h"

/* 2024-03-15 10:30 in Riga (TZ is set by the test environment). */
#define FAKE_NOW ((gint64) 1710491400000)
#define MS_PER_DAY ((gint64) 24 * 60 * 60 * 1000)

/* A store in a folder of its own, removed again at the end. */
typedef struct
{
  char     *dir;
  char     *path;
  CrmStore *store;
} TempStore;

static void
temp_store_open (TempStore *temp)
{
  g_autoptr(GError) error = NULL;

  temp->dir = g_dir_make_tmp ("clientele-demo-XXXXXX", &error);
  g_assert_no_error (error);
  temp->path = g_build_filename (temp->dir, "demo.db", NULL);
  temp->store = crm_store_open (temp->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (temp->store);
}

static void
temp_store_close (TempStore *temp)
{
  static const char * const suffixes[] = { "", "-wal", "-shm" };

  g_clear_object (&temp->store);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (temp->path, suffixes[i], NULL);

      g_remove (file);
    }
  g_rmdir (temp->dir);
  g_clear_pointer (&temp->path, g_free);
  g_clear_pointer (&temp->dir, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TempStore, temp_store_close)

static gint64
query_int (CrmStore   *store,
           const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStatement) stmt = crm_database_prepare (crm_store_get_database (store), sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (crm_statement_step (stmt, &error), ==, CRM_STEP_ROW);
  g_assert_no_error (error);
  return crm_statement_get_int64 (stmt, 0);
}

/* Every row of @sql as its columns joined with '|', one string a row. */
static GPtrArray *
query_rows (CrmStore   *store,
            const char *sql,
            int         n_columns)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStatement) stmt = crm_database_prepare (crm_store_get_database (store), sql, &error);
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);
  CrmStepResult step;

  g_assert_no_error (error);
  while ((step = crm_statement_step (stmt, &error)) == CRM_STEP_ROW)
    {
      GString *row = g_string_new (NULL);

      for (int i = 0; i < n_columns; i++)
        {
          const char *text = crm_statement_get_text (stmt, i);

          if (i > 0)
            g_string_append_c (row, '|');
          g_string_append (row, text != NULL ? text : "∅");
        }
      g_ptr_array_add (rows, g_string_free (row, FALSE));
    }
  g_assert_cmpint (step, ==, CRM_STEP_DONE);
  g_assert_no_error (error);

  return rows;
}

static void
generate (CrmStore             *store,
          const CrmDemoOptions *options)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (crm_demo_generate (store, options, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
small_options (CrmDemoOptions *options,
               guint64         seed)
{
  crm_demo_options_init (options);
  options->seed = seed;
}

static void
test_demo_options_init (void)
{
  CrmDemoOptions options;

  memset (&options, 0xff, sizeof options);
  crm_demo_options_init (&options);
  g_assert_cmpuint (options.contacts, ==, 200);
  g_assert_cmpuint (options.deals, ==, 150);
  g_assert_cmpuint (options.calls, ==, 600);
  g_assert_cmpuint (options.reminders, ==, 40);
  g_assert_cmpuint (options.seed, ==, 1);
}

typedef struct
{
  guint  calls;
  guint  ones;
  double last;
} Progress;

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  Progress *progress = user_data;

  g_assert_cmpfloat (fraction, >=, progress->last);
  g_assert_cmpfloat (fraction, <=, 1.0);
  progress->last = fraction;
  progress->calls++;
  if (fraction == 1.0)
    progress->ones++;
}

static void
changed_cb (CrmStore *store,
            int       kind,
            gint64    id,
            gpointer  user_data)
{
  guint *counts = user_data;

  counts[kind == CRM_ENTITY_ANY ? 0 : 1]++;
}

/* --contacts counts people and companies together; everything asked for
 * is there, and nothing else. */
static void
test_demo_counts (void)
{
  g_auto(TempStore) temp = { 0 };
  g_autoptr(GError) error = NULL;
  CrmDemoOptions options;
  Progress progress = { 0 };
  guint changes[2] = { 0, 0 };
  gint64 now;

  crm_time_set_fake_now (FAKE_NOW);
  now = crm_time_now_ms ();
  temp_store_open (&temp);
  small_options (&options, 7);
  g_signal_connect (temp.store, "changed", G_CALLBACK (changed_cb), changes);

  g_assert_true (crm_demo_generate (temp.store, &options, progress_cb, &progress, &error));
  g_assert_no_error (error);

  /* Progress goes up, ends at 1 once and is not reported for every row. */
  g_assert_cmpuint (progress.ones, ==, 1);
  g_assert_cmpfloat (progress.last, ==, 1.0);
  g_assert_cmpuint (progress.calls, <=, 102);
  g_assert_cmpuint (progress.calls, >=, 10);

  /* Views hear of the rows once, not once a row. */
  g_assert_cmpuint (changes[0], ==, 1);
  g_assert_cmpuint (changes[1], <, 50);

  g_assert_cmpint (query_int (temp.store, "SELECT count(*) FROM contacts"), ==, 200);
  g_assert_cmpint (query_int (temp.store, "SELECT count(*) FROM contacts WHERE kind = 1"), >, 10);
  g_assert_cmpint (query_int (temp.store, "SELECT count(*) FROM contacts WHERE company_id IS NOT NULL"), >, 10);
  g_assert_cmpint (query_int (temp.store, "SELECT count(*) FROM deals"), ==, 150);
  g_assert_cmpint (query_int (temp.store, "SELECT count(*) FROM activities WHERE kind = 0"), ==, 600);
  g_assert_cmpint (query_int (temp.store, "SELECT count(*) FROM activities"), ==, 600);
  g_assert_cmpint (query_int (temp.store, "SELECT count(*) FROM reminders"), ==, 40);

  /* Employees with roles, and the clients are spread over them. */
  g_assert_cmpint (query_int (temp.store,
                              "SELECT count(*) FROM users WHERE login IN "
                              "('anna', 'janis', 'olga', 'dmitrijs', 'ilze')"), ==, 5);
  g_assert_cmpint (query_int (temp.store, "SELECT role FROM users WHERE login = 'janis'"), ==, CRM_ROLE_HEAD);
  g_assert_cmpint (query_int (temp.store, "SELECT role FROM users WHERE login = 'ilze'"), ==, CRM_ROLE_TRAINEE);
  g_assert_cmpint (query_int (temp.store, "SELECT role FROM users WHERE login = 'olga'"), ==, CRM_ROLE_SALES);
  g_assert_cmpint (query_int (temp.store, "SELECT count(DISTINCT owner_id) FROM contacts"), ==, 5);

  /* Both pipelines hold deals, in open, won and lost stages. */
  g_assert_cmpint (query_int (temp.store, "SELECT count(*) FROM pipelines"), ==, 2);
  g_assert_cmpint (query_int (temp.store,
                              "SELECT count(*) FROM stages s JOIN pipelines p ON p.id = s.pipeline_id "
                              "WHERE p.name = 'Salon'"), ==, 5);
  g_assert_cmpint (query_int (temp.store,
                              "SELECT count(DISTINCT s.pipeline_id) FROM deals d "
                              "JOIN stages s ON s.id = d.stage_id"), ==, 2);
  for (int kind = CRM_STAGE_OPEN; kind <= CRM_STAGE_LOST; kind++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM deals d JOIN stages s ON s.id = d.stage_id "
                                              "WHERE s.kind = %d", kind);

      g_assert_cmpint (query_int (temp.store, sql), >, 5);
    }
  g_assert_cmpint (query_int (temp.store,
                              "SELECT count(*) FROM deals d JOIN stages s ON s.id = d.stage_id "
                              "WHERE (s.kind = 2) != (d.lost_reason IS NOT NULL)"), ==, 0);
  g_assert_cmpint (query_int (temp.store, "SELECT count(*) FROM deals WHERE amount % 100 != 0"), >, 0);
  g_assert_cmpint (query_int (temp.store, "SELECT count(*) FROM deals WHERE currency != 'EUR'"), ==, 0);
  /* Deals in one stage keep distinct places, as the store keeps them. */
  g_assert_cmpint (query_int (temp.store, "SELECT count(DISTINCT stage_id || ':' || position) FROM deals"), ==, 150);

  /* Phones and e-mails are unique, as the store demands. */
  g_assert_cmpint (query_int (temp.store, "SELECT count(*) - count(DISTINCT e164) FROM phones"), ==, 0);
  g_assert_cmpint (query_int (temp.store, "SELECT count(*) - count(DISTINCT folded) FROM emails"), ==, 0);
  g_assert_cmpint (query_int (temp.store, "SELECT count(*) FROM phones WHERE e164 LIKE '7%'"), >, 0);
  g_assert_cmpint (query_int (temp.store, "SELECT count(*) FROM phones WHERE raw LIKE '8 (%'"), >, 0);
  g_assert_cmpint (query_int (temp.store, "SELECT count(*) FROM phones WHERE raw LIKE '00371%'"), >, 0);
  g_assert_cmpint (query_int (temp.store, "SELECT count(*) FROM phones WHERE raw LIKE '+371 2_ ___ ___'"), >, 0);
  g_assert_cmpint (query_int (temp.store, "SELECT count(*) FROM phones WHERE raw GLOB '2[0-9][0-9][0-9][0-9][0-9][0-9][0-9]'"), >, 0);
  {
    g_autoptr(GPtrArray) rows = query_rows (temp.store, "SELECT e164, digits_rev FROM phones", 2);

    g_assert_cmpuint (rows->len, >=, 200);
    for (guint i = 0; i < rows->len; i++)
      {
        g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (rows, i), "|", 2);

        g_assert_cmpstr (g_strreverse (parts[0]), ==, parts[1]);
      }
  }

  /* Calls in the last 90 days and none in the future; reminders in the
   * month either side, some overdue and some done. */
  g_assert_cmpint (query_int (temp.store, "SELECT min(started_at) FROM activities"), >=, now - 91 * MS_PER_DAY);
  g_assert_cmpint (query_int (temp.store, "SELECT max(started_at + duration_s * 1000) FROM activities"), <=, now);
  g_assert_cmpint (query_int (temp.store, "SELECT count(*) FROM activities WHERE duration_s = 0"), >, 0);
  g_assert_cmpint (query_int (temp.store, "SELECT count(*) FROM activities WHERE key_points IS NOT NULL"), >, 100);
  g_assert_cmpint (query_int (temp.store, "SELECT count(*) FROM activity_tags"), >, 10);
  g_assert_cmpint (query_int (temp.store, "SELECT count(DISTINCT direction) FROM activities"), ==, 2);
  g_assert_cmpint (query_int (temp.store, "SELECT min(due_at) FROM reminders"), >=, now - 31 * MS_PER_DAY);
  g_assert_cmpint (query_int (temp.store, "SELECT max(due_at) FROM reminders"), <=, now + 31 * MS_PER_DAY);
  {
    g_autofree char *overdue = g_strdup_printf ("SELECT count(*) FROM reminders "
                                                "WHERE done_at IS NULL AND due_at < %" G_GINT64_FORMAT, now);
    g_autofree char *future = g_strdup_printf ("SELECT count(*) FROM reminders "
                                               "WHERE done_at IS NULL AND due_at > %" G_GINT64_FORMAT, now);

    g_assert_cmpint (query_int (temp.store, overdue), >, 0);
    g_assert_cmpint (query_int (temp.store, future), >, 0);
    g_assert_cmpint (query_int (temp.store, "SELECT count(*) FROM reminders WHERE done_at IS NOT NULL"), >, 0);
  }

  /* Latvian and Russian names, in both scripts. */
  g_assert_cmpint (query_int (temp.store, "SELECT count(*) FROM contacts WHERE name GLOB '*[ĀāČčĒēĢģĪīĶķĻļŅņŠšŪūŽž]*'"), >, 10);
  g_assert_cmpint (query_int (temp.store, "SELECT count(*) FROM contacts WHERE name GLOB '*[а-яА-Я]*'"), >, 10);
  g_assert_cmpint (query_int (temp.store, "SELECT count(*) FROM contacts WHERE name LIKE 'SIA %' OR name LIKE 'AS %'"), >, 5);
  g_assert_cmpint (query_int (temp.store, "SELECT count(*) FROM contacts WHERE name_folded != crm_fold (name)"), ==, 0);
  g_assert_cmpint (query_int (temp.store, "SELECT count(*) FROM deals WHERE title_folded != crm_fold (title)"), ==, 0);

  /* The sort keys the store keeps, from the rows they follow. */
  g_assert_cmpint (query_int (temp.store,
                              "SELECT count(*) FROM deals d "
                              "LEFT JOIN contacts c ON c.id = d.contact_id "
                              "LEFT JOIN users u ON u.id = d.owner_id "
                              "JOIN stages s ON s.id = d.stage_id "
                              "JOIN pipelines p ON p.id = s.pipeline_id "
                              "WHERE d.client_sort IS NOT c.name_folded "
                              "   OR d.owner_sort IS NOT crm_fold (u.name) "
                              "   OR d.stage_sort != p.position * 1000000 + s.position"), ==, 0);
  g_assert_cmpint (query_int (temp.store,
                              "SELECT count(*) FROM contacts c "
                              "LEFT JOIN contacts co ON co.id = c.company_id "
                              "LEFT JOIN users u ON u.id = c.owner_id "
                              "WHERE c.company_sort IS NOT co.name_folded "
                              "   OR c.owner_sort IS NOT crm_fold (u.name)"), ==, 0);
  g_assert_cmpint (query_int (temp.store, "SELECT count(*) FROM deals WHERE client_sort IS NOT NULL"), >, 0);
  g_assert_cmpint (query_int (temp.store, "SELECT count(*) FROM contacts WHERE company_sort IS NOT NULL"), >, 0);
}

/* Every row has the history the store would have written. */
static void
test_demo_history (void)
{
  g_auto(TempStore) temp = { 0 };
  CrmDemoOptions options;
  gint64 deal_id;

  crm_time_set_fake_now (FAKE_NOW);
  temp_store_open (&temp);
  small_options (&options, 3);
  generate (temp.store, &options);

  g_assert_cmpint (query_int (temp.store,
                              "SELECT count(*) FROM contacts c WHERE NOT EXISTS "
                              "(SELECT 1 FROM history h WHERE h.entity_id = c.id AND h.field = 'created' "
                              " AND h.new_value = c.name AND h.at = c.created_at AND h.user_id = c.owner_id)"), ==, 0);
  g_assert_cmpint (query_int (temp.store,
                              "SELECT count(*) FROM deals d WHERE NOT EXISTS "
                              "(SELECT 1 FROM history h WHERE h.entity_id = d.id AND h.field = 'created' "
                              " AND h.new_value = d.title AND h.at = d.created_at)"), ==, 0);
  g_assert_cmpint (query_int (temp.store,
                              "SELECT count(*) FROM activities a WHERE NOT EXISTS "
                              "(SELECT 1 FROM history h WHERE h.entity_id = a.id AND h.field = 'created' "
                              " AND h.new_value = 'call')"), ==, 0);
  g_assert_cmpint (query_int (temp.store,
                              "SELECT count(*) FROM reminders r WHERE NOT EXISTS "
                              "(SELECT 1 FROM history h WHERE h.entity_id = r.id AND h.field = 'created')"), ==, 0);
  g_assert_cmpint (query_int (temp.store,
                              "SELECT count(*) FROM reminders r WHERE (done_at IS NOT NULL) != EXISTS "
                              "(SELECT 1 FROM history h WHERE h.entity_id = r.id AND h.field = 'done')"), ==, 0);

  /* Each deal's stage path starts where it was created (from nowhere),
   * ends in its stage, and every move has its history row. */
  g_assert_cmpint (query_int (temp.store,
                              "SELECT count(*) FROM deals d WHERE "
                              "(SELECT count(*) FROM deal_stage_history m "
                              " WHERE m.deal_id = d.id AND m.from_stage_id IS NULL AND m.at = d.created_at) != 1"), ==, 0);
  g_assert_cmpint (query_int (temp.store,
                              "SELECT count(*) FROM deals d WHERE "
                              "(SELECT m.to_stage_id FROM deal_stage_history m WHERE m.deal_id = d.id "
                              " ORDER BY m.at DESC, m.id DESC LIMIT 1) != d.stage_id "
                              "OR (SELECT max(m.at) FROM deal_stage_history m WHERE m.deal_id = d.id) != d.stage_changed_at"), ==, 0);
  g_assert_cmpint (query_int (temp.store,
                              "SELECT (SELECT count(*) FROM deal_stage_history WHERE from_stage_id IS NOT NULL) "
                              "     - (SELECT count(*) FROM history WHERE field = 'stage')"), ==, 0);
  g_assert_cmpint (query_int (temp.store, "SELECT count(*) FROM history WHERE field = 'stage'"), >, 50);

  /* The store reads that path back. */
  deal_id = query_int (temp.store,
                       "SELECT deal_id FROM deal_stage_history GROUP BY deal_id "
                       "ORDER BY count(*) DESC, deal_id LIMIT 1");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) moves = crm_store_list_stage_moves (temp.store, deal_id, &error);
    g_autoptr(CrmDeal) deal = crm_store_get_deal (temp.store, deal_id, &error);
    const CrmStageMove *last;

    g_assert_no_error (error);
    g_assert_cmpuint (moves->len, >=, 3);
    last = g_ptr_array_index (moves, moves->len - 1);
    g_assert_cmpint (last->to_stage_id, ==, crm_deal_get_stage_id (deal));
    g_assert_cmpint (((CrmStageMove *)g_ptr_array_index (moves, 0))->from_stage_id, ==, 0);
  }
}

/* The same seed and clock make the same content; ids differ. */
static void
test_demo_deterministic (void)
{
  static const struct {
    const char *sql;
    int         n_columns;
  } queries[] = {
    { "SELECT name, kind, is_key, source, birthday, created_at, "
      "  (SELECT name FROM contacts co WHERE co.id = c.company_id), "
      "  (SELECT login FROM users u WHERE u.id = c.owner_id) "
      "FROM contacts c ORDER BY id", 8 },
    { "SELECT raw, e164, kind FROM phones ORDER BY id", 3 },
    { "SELECT address FROM emails ORDER BY id", 1 },
    { "SELECT d.title, d.amount, s.name, d.created_at, d.expected_close, d.lost_reason, c.name "
      "FROM deals d JOIN stages s ON s.id = d.stage_id JOIN contacts c ON c.id = d.contact_id "
      "ORDER BY d.id", 7 },
    { "SELECT started_at, duration_s, direction, outcome, key_points FROM activities ORDER BY id", 5 },
    { "SELECT due_at, done_at, note FROM reminders ORDER BY id", 3 },
  };
  g_auto(TempStore) first = { 0 };
  g_auto(TempStore) second = { 0 };
  g_auto(TempStore) other = { 0 };
  CrmDemoOptions options;

  crm_time_set_fake_now (FAKE_NOW);
  temp_store_open (&first);
  temp_store_open (&second);
  temp_store_open (&other);

  small_options (&options, 42);
  generate (first.store, &options);
  generate (second.store, &options);
  small_options (&options, 43);
  generate (other.store, &options);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr(GPtrArray) a = query_rows (first.store, queries[q].sql, queries[q].n_columns);
      g_autoptr(GPtrArray) b = query_rows (second.store, queries[q].sql, queries[q].n_columns);
      g_autoptr(GPtrArray) c = query_rows (other.store, queries[q].sql, queries[q].n_columns);
      gboolean differs = a->len != c->len;

      g_assert_cmpuint (a->len, >, 0);
      g_assert_cmpuint (a->len, ==, b->len);
      for (guint i = 0; i < a->len; i++)
        {
          g_assert_cmpstr (g_ptr_array_index (a, i), ==, g_ptr_array_index (b, i));
          if (i < c->len && g_strcmp0 (g_ptr_array_index (a, i), g_ptr_array_index (c, i)) != 0)
            differs = TRUE;
        }
      g_assert_true (differs);
    }

  /* Ids are made afresh. */
  g_assert_cmpint (query_int (first.store, "SELECT min(id) FROM contacts"), !=,
                   query_int (second.store, "SELECT min(id) FROM contacts"));
}

/* At another time of day the times move, but who the clients are, their
 * numbers, the deals and what was said stay the same: `clientele-cli
 * demo --seed` gives the same people whenever it runs. */
static void
test_demo_clock (void)
{
  static const struct {
    const char *sql;
    int         n_columns;
  } queries[] = {
    { "SELECT name, kind, is_key, source, birthday FROM contacts ORDER BY id", 5 },
    { "SELECT raw FROM phones ORDER BY id", 1 },
    { "SELECT address FROM emails ORDER BY id", 1 },
    { "SELECT d.title, d.amount, s.name, d.lost_reason FROM deals d "
      "JOIN stages s ON s.id = d.stage_id ORDER BY d.id", 4 },
    { "SELECT duration_s, direction, outcome, key_points FROM activities ORDER BY id", 4 },
    { "SELECT note FROM reminders ORDER BY id", 1 },
  };
  g_auto(TempStore) morning = { 0 };
  g_auto(TempStore) night = { 0 };
  CrmDemoOptions options;

  small_options (&options, 42);
  crm_time_set_fake_now (FAKE_NOW);
  temp_store_open (&morning);
  generate (morning.store, &options);
  crm_time_set_fake_now (FAKE_NOW + 12 * 60 * 60 * 1000 + 17 * 60 * 1000 + 3456);
  temp_store_open (&night);
  generate (night.store, &options);
  crm_time_set_fake_now (FAKE_NOW);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr(GPtrArray) a = query_rows (morning.store, queries[q].sql, queries[q].n_columns);
      g_autoptr(GPtrArray) b = query_rows (night.store, queries[q].sql, queries[q].n_columns);

      g_assert_cmpuint (a->len, >, 0);
      g_assert_cmpuint (a->len, ==, b->len);
      for (guint i = 0; i < a->len; i++)
        g_assert_cmpstr (g_ptr_array_index (a, i), ==, g_ptr_array_index (b, i));
    }

  g_assert_cmpint (query_int (morning.store, "SELECT max(started_at) FROM activities"), !=,
                   query_int (night.store, "SELECT max(started_at) FROM activities"));
}

/* "8 (912) 345-67-89" from "79123456789", and the like: the forms the
 * demo did not necessarily store. */
static GPtrArray *
other_forms (const char *e164)
{
  GPtrArray *forms = g_ptr_array_new_with_free_func (g_free);
  gsize len = strlen (e164);

  g_ptr_array_add (forms, g_strdup_printf ("+%s", e164));
  g_ptr_array_add (forms, g_strdup_printf ("00%s", e164));
  if (g_str_has_prefix (e164, "371"))
    {
      const char *d = e164 + 3;

      g_ptr_array_add (forms, g_strdup (d));
      g_ptr_array_add (forms, g_strdup_printf ("+371 %.2s %.3s %.3s", d, d + 2, d + 5));
      g_ptr_array_add (forms, g_strdup_printf ("%.4s-%.4s", d, d + 4));
    }
  else
    {
      const char *d = e164 + 1;

      g_assert_true (g_str_has_prefix (e164, "7"));
      g_ptr_array_add (forms, g_strdup_printf ("8 (%.3s) %.3s-%.2s-%.2s", d, d + 3, d + 6, d + 8));
      g_ptr_array_add (forms, g_strdup_printf ("8%s", d));
      g_ptr_array_add (forms, g_strdup_printf ("+7 %.3s %.3s %.2s %.2s", d, d + 3, d + 6, d + 8));
    }
  /* The last four digits. */
  g_ptr_array_add (forms, g_strdup (e164 + len - 4));

  return forms;
}

static gboolean
results_contain (GPtrArray *results,
                 gint64     id)
{
  for (guint i = 0; i < results->len; i++)
    {
      const CrmSearchResult *result = g_ptr_array_index (results, i);

      if (result->kind == CRM_ENTITY_CONTACT && result->id == id)
        return TRUE;
    }

  return FALSE;
}

static char *
index_text (CrmStore   *store,
            const char *table,
            gint64      id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT text FROM %s WHERE rowid = ?1", table);
  g_autoptr(CrmStatement) stmt = crm_database_prepare (crm_store_get_database (store), sql, &error);

  g_assert_no_error (error);
  crm_statement_bind_int64 (stmt, 1, id);
  if (crm_statement_step (stmt, &error) != CRM_STEP_ROW)
    return NULL;

  return crm_statement_dup_text (stmt, 0);
}

/* Demo clients are found like clients the store added: by their phones
 * typed another way, by the end of a number, by names without their
 * diacritics; and their index rows are what the store would write. */
static void
test_demo_search (void)
{
  g_auto(TempStore) temp = { 0 };
  g_autoptr(GPtrArray) phones = NULL;
  CrmDemoOptions options;
  guint russian = 0;

  crm_time_set_fake_now (FAKE_NOW);
  temp_store_open (&temp);
  small_options (&options, 11);
  generate (temp.store, &options);

  /* Every tenth phone, and all Russian ones. */
  phones = query_rows (temp.store,
                       "SELECT e164, contact_id FROM phones "
                       "WHERE id % 10 = 0 OR e164 LIKE '7%' ORDER BY e164", 2);
  g_assert_cmpuint (phones->len, >=, 10);

  for (guint i = 0; i < phones->len; i++)
    {
      g_auto(GStrv) parts = g_strsplit (g_ptr_array_index (phones, i), "|", 2);
      gint64 contact_id = g_ascii_strtoll (parts[1], NULL, 10);
      g_autoptr(GPtrArray) forms = other_forms (parts[0]);

      if (parts[0][0] == '7')
        russian++;

      for (guint f = 0; f < forms->len; f++)
        {
          g_autoptr(GError) error = NULL;
          const char *query = g_ptr_array_index (forms, f);
          g_autoptr(GPtrArray) results = crm_search_run (temp.store, query, 50, &error);

          g_assert_no_error (error);
          if (!results_contain (results, contact_id))
            g_error ("Searching for %s did not find the client with %s", query, parts[0]);
        }
    }
  g_assert_cmpuint (russian, >, 0);

  /* A Latvian surname typed without diacritics, a Russian name in
   * capitals. */
  {
    g_autoptr(GPtrArray) latvian = query_rows (temp.store,
                                               "SELECT id, crm_fold (name) FROM contacts "
                                               "WHERE name LIKE '% Bērziņ%' OR name LIKE '% Kalniņ%' "
                                               "   OR name LIKE '% Ozoliņ%' OR name LIKE '% Liepiņ%' "
                                               "ORDER BY id LIMIT 1", 2);
    g_autoptr(GPtrArray) russian_names = query_rows (temp.store,
                                                     "SELECT id, name FROM contacts "
                                                     "WHERE name GLOB '*[а-я]*' ORDER BY id LIMIT 1", 2);
    GPtrArray *samples[] = { latvian, russian_names };

    for (guint s = 0; s < G_N_ELEMENTS (samples); s++)
      {
        g_auto(GStrv) parts = NULL;
        g_autofree char *query = NULL;
        g_autoptr(GPtrArray) results = NULL;
        g_autoptr(GError) error = NULL;

        g_assert_cmpuint (samples[s]->len, ==, 1);
        parts = g_strsplit (g_ptr_array_index (samples[s], 0), "|", 2);
        query = g_utf8_strup (parts[1], -1);
        if (s == 0)
          g_assert_true (g_str_is_ascii (parts[1]));

        results = crm_search_run (temp.store, query, 50, &error);
        g_assert_no_error (error);
        g_assert_true (results_contain (results, g_ascii_strtoll (parts[0], NULL, 10)));
      }
  }

  /* Writing the index again, as the store does after a change, gives the
   * same rows the demo wrote. */
  {
    g_autoptr(GPtrArray) contacts = query_rows (temp.store, "SELECT id FROM contacts WHERE id % 7 = 0 OR company_id IS NOT NULL", 1);
    g_autoptr(GPtrArray) deals = query_rows (temp.store, "SELECT id FROM deals WHERE id % 5 = 0", 1);

    g_assert_cmpuint (contacts->len, >, 10);
    g_assert_cmpuint (deals->len, >, 5);
    for (guint i = 0; i < contacts->len + deals->len; i++)
      {
        gboolean is_contact = i < contacts->len;
        const char *text_id = is_contact ? g_ptr_array_index (contacts, i)
                                         : g_ptr_array_index (deals, i - contacts->len);
        gint64 id = g_ascii_strtoll (text_id, NULL, 10);
        const char *words = is_contact ? "contacts_words" : "deals_words";
        const char *trigrams = is_contact ? "contacts_trigrams" : "deals_trigrams";
        g_autofree char *words_before = index_text (temp.store, words, id);
        g_autofree char *trigrams_before = index_text (temp.store, trigrams, id);
        g_autofree char *words_after = NULL;
        g_autofree char *trigrams_after = NULL;
        g_autoptr(GError) error = NULL;

        g_assert_nonnull (words_before);
        if (is_contact)
          g_assert_true (crm_search_index_contact (temp.store, id, &error));
        else
          g_assert_true (crm_search_index_deal (temp.store, id, &error));
        g_assert_no_error (error);

        words_after = index_text (temp.store, words, id);
        trigrams_after = index_text (temp.store, trigrams, id);
        g_assert_cmpstr (words_before, ==, words_after);
        g_assert_cmpstr (trigrams_before, ==, trigrams_after);
      }
  }
}

/* The store reads demo clients whole, and saving one unchanged records
 * no change: the rows are what the store itself would have written. */
static void
test_demo_store_reads (void)
{
  g_auto(TempStore) temp = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmContact) contact = NULL;
  CrmDemoOptions options;
  gint64 id;
  gint64 history_before;

  crm_time_set_fake_now (FAKE_NOW);
  temp_store_open (&temp);
  small_options (&options, 5);
  generate (temp.store, &options);

  id = query_int (temp.store,
                  "SELECT c.id FROM contacts c WHERE company_id IS NOT NULL "
                  "AND (SELECT count(*) FROM phones p WHERE p.contact_id = c.id) > 0 "
                  "AND EXISTS (SELECT 1 FROM emails e WHERE e.contact_id = c.id) "
                  "ORDER BY c.id LIMIT 1");
  g_assert_cmpint (id, >, 0);

  contact = crm_store_get_contact (temp.store, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (crm_contact_get_company_name (contact));
  g_assert_nonnull (crm_contact_get_owner_name (contact));
  g_assert_cmpuint (crm_contact_get_phones (contact)->len, >, 0);
  g_assert_cmpuint (crm_contact_get_emails (contact)->len, >, 0);

  history_before = query_int (temp.store, "SELECT count(*) FROM history");
  g_assert_true (crm_store_update_contact (temp.store, contact, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (temp.store, "SELECT count(*) FROM history"), ==, history_before);
}

static void
test_demo_refuses_clients (void)
{
  g_auto(TempStore) temp = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmContact) contact = crm_contact_new ();
  CrmDemoOptions options;

  crm_time_set_fake_now (FAKE_NOW);
  temp_store_open (&temp);
  crm_contact_set_name (contact, "Līga Zariņa");
  g_assert_cmpint (crm_store_add_contact (temp.store, contact, &error), >, 0);
  g_assert_no_error (error);

  crm_demo_options_init (&options);
  g_assert_false (crm_demo_generate (temp.store, &options, NULL, NULL, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "empty"));
  g_assert_cmpint (query_int (temp.store, "SELECT count(*) FROM contacts"), ==, 1);
  g_assert_cmpint (query_int (temp.store, "SELECT count(*) FROM users"), ==, 1);
}

/* Nothing asked for, nothing made. */
static void
test_demo_nothing (void)
{
  g_auto(TempStore) temp = { 0 };
  g_autoptr(GError) error = NULL;
  CrmDemoOptions options = { 0, 0, 0, 0, 9 };
  Progress progress = { 0 };

  crm_time_set_fake_now (FAKE_NOW);
  temp_store_open (&temp);
  g_assert_true (crm_demo_generate (temp.store, &options, progress_cb, &progress, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (progress.ones, ==, 1);
  g_assert_cmpint (query_int (temp.store, "SELECT count(*) FROM contacts"), ==, 0);
  g_assert_cmpint (query_int (temp.store, "SELECT count(*) FROM users"), ==, 1);
  g_assert_cmpint (query_int (temp.store, "SELECT count(*) FROM pipelines"), ==, 1);
}

/* Deals, calls and reminders need clients to belong to. */
static void
test_demo_needs_clients (void)
{
  g_auto(TempStore) temp = { 0 };
  CrmDemoOptions cases[] = {
    { 0, 5, 0, 0, 1 },
    { 0, 0, 5, 0, 1 },
    { 0, 0, 0, 5, 1 },
  };

  crm_time_set_fake_now (FAKE_NOW);
  temp_store_open (&temp);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (crm_demo_generate (temp.store, &cases[i], NULL, NULL, &error));
      g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
    }

  {
    g_autoptr(GError) error = NULL;
    CrmDemoOptions too_many = { CRM_DEMO_MAX_CONTACTS + 1, 0, 0, 0, 1 };

    g_assert_false (crm_demo_generate (temp.store, &too_many, NULL, NULL, &error));
    g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  }

  g_assert_cmpint (query_int (temp.store, "SELECT count(*) FROM users"), ==, 1);
  g_assert_cmpint (query_int (temp.store, "SELECT count(*) FROM pipelines"), ==, 1);
}

/* Clients only, and a single client: small cases still work. */
static void
test_demo_small (void)
{
  for (guint contacts = 1; contacts <= 9; contacts += 8)
    {
      g_auto(TempStore) temp = { 0 };
      CrmDemoOptions options = { contacts, 3, 4, 5, 1 };

      crm_time_set_fake_now (FAKE_NOW);
      temp_store_open (&temp);
      generate (temp.store, &options);
      g_assert_cmpint (query_int (temp.store, "SELECT count(*) FROM contacts"), ==, contacts);
      g_assert_cmpint (query_int (temp.store, "SELECT count(*) FROM deals"), ==, 3);
      g_assert_cmpint (query_int (temp.store, "SELECT count(*) FROM activities"), ==, 4);
      g_assert_cmpint (query_int (temp.store, "SELECT count(*) FROM reminders"), ==, 5);
    }
}

/* With users and a "Salon" pipeline in place (a second demo after the
 * clients were emptied), they are used again, not doubled. */
static void
test_demo_reuses_setup (void)
{
  g_auto(TempStore) temp = { 0 };
  g_autoptr(GError) error = NULL;
  CrmDemoOptions options = { 20, 10, 0, 0, 1 };

  crm_time_set_fake_now (FAKE_NOW);
  temp_store_open (&temp);
  g_assert_cmpint (crm_store_add_user (temp.store, "olga", "Olga Ivanova", CRM_ROLE_HEAD, &error), >, 0);
  g_assert_no_error (error);

  generate (temp.store, &options);
  g_assert_true (crm_database_exec (crm_store_get_database (temp.store),
                                    "DELETE FROM reminders; DELETE FROM activities; "
                                    "DELETE FROM deal_stage_history; DELETE FROM deals; "
                                    "DELETE FROM contact_tags; DELETE FROM contacts_words; "
                                    "DELETE FROM contacts_trigrams; DELETE FROM deals_words; "
                                    "DELETE FROM deals_trigrams; DELETE FROM phones; "
                                    "DELETE FROM emails; UPDATE contacts SET company_id = NULL; "
                                    "DELETE FROM contacts;",
                                    &error));
  g_assert_no_error (error);
  generate (temp.store, &options);

  g_assert_cmpint (query_int (temp.store, "SELECT count(*) FROM users"), ==, 6);
  {
    g_autoptr(GPtrArray) olga = query_rows (temp.store, "SELECT name FROM users WHERE login = 'olga'", 1);

    g_assert_cmpstr (g_ptr_array_index (olga, 0), ==, "Olga Ivanova");
  }
  g_assert_cmpint (query_int (temp.store, "SELECT count(*) FROM pipelines"), ==, 2);
  g_assert_cmpint (query_int (temp.store, "SELECT count(*) FROM stages"), ==, 11);
  g_assert_cmpint (query_int (temp.store, "SELECT count(*) FROM deals"), ==, 10);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo/options-init", test_demo_options_init);
  g_test_add_func ("/demo/counts", test_demo_counts);
  g_test_add_func ("/demo/history", test_demo_history);
  g_test_add_func ("/demo/deterministic", test_demo_deterministic);
  g_test_add_func ("/demo/clock", test_demo_clock);
  g_test_add_func ("/demo/search", test_demo_search);
  g_test_add_func ("/demo/store-reads", test_demo_store_reads);
  g_test_add_func ("/demo/refuses-clients", test_demo_refuses_clients);
  g_test_add_func ("/demo/nothing", test_demo_nothing);
  g_test_add_func ("/demo/needs-clients", test_demo_needs_clients);
  g_test_add_func ("/demo/small", test_demo_small);
  g_test_add_func ("/demo/reuses-setup", test_demo_reuses_setup);

  return g_test_run ();
}
