/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "crm-database.h"
#include "crm-deal.h"
#include "crm-id.h"
#include "crm-pipeline.h"
#include "crm-search.h"
#include "crm-stage.h"
#include "crm-store-deals.h"
#include "crm-store.h"
#include "crm-time.h"

/* 2024-03-01 09:00:00 UTC: every test runs on a stopped clock. */
#define T0 ((gint64) 1709283600000)

typedef struct
{
  char     *folder;
  char     *path;
  CrmStore *store;
  gint64    pipeline_id;
  gint64    new_lead;
  gint64    contacted;
  gint64    proposal;
  gint64    negotiation;
  gint64    won;
  gint64    lost;
} Fixture;

static gint64
find_stage (Fixture    *fixture,
            const char *name)
{
  g_autoptr(GError) error = NULL;
  gint64 id = crm_store_find_stage (fixture->store, 0, name, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  crm_time_set_fake_now (T0);

  fixture->folder = g_dir_make_tmp ("clientele-deals-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->folder, "test.db", NULL);
  fixture->store = crm_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);

  fixture->pipeline_id = crm_store_get_default_pipeline (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fixture->pipeline_id, >, 0);

  fixture->new_lead = find_stage (fixture, "New lead");
  fixture->contacted = find_stage (fixture, "Contacted");
  fixture->proposal = find_stage (fixture, "Proposal");
  fixture->negotiation = find_stage (fixture, "Negotiation");
  fixture->won = find_stage (fixture, "Won");
  fixture->lost = find_stage (fixture, "Lost");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  g_clear_object (&fixture->store);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (fixture->path, suffixes[i], NULL);
      g_remove (file);
    }
  g_rmdir (fixture->folder);
  g_clear_pointer (&fixture->path, g_free);
  g_clear_pointer (&fixture->folder, g_free);

  crm_time_set_fake_now (0);
}

/* Helpers that look at the tables directly, so the tests do not take the
 * store's word for what it wrote. */

static gint64
sql_int (Fixture    *fixture,
         const char *sql,
         gint64      param)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStatement) stmt = NULL;

  stmt = crm_database_prepare (crm_store_get_database (fixture->store), sql, &error);
  g_assert_no_error (error);
  if (strstr (sql, "?1") != NULL)
    crm_statement_bind_int64 (stmt, 1, param);
  g_assert_cmpint (crm_statement_step (stmt, &error), ==, CRM_STEP_ROW);
  g_assert_no_error (error);
  return crm_statement_get_int64 (stmt, 0);
}

static gint64
count_deals (Fixture *fixture)
{
  return sql_int (fixture, "SELECT count(*) FROM deals", 0);
}

/* The live deals of a stage in board order. */
static GArray *
stage_order (Fixture *fixture,
             gint64   stage_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStatement) stmt = NULL;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  stmt = crm_database_prepare (crm_store_get_database (fixture->store),
                               "SELECT id FROM deals WHERE stage_id = ?1 AND deleted_at IS NULL "
                               "ORDER BY position, id",
                               &error);
  g_assert_no_error (error);
  crm_statement_bind_int64 (stmt, 1, stage_id);
  while (crm_statement_step (stmt, &error) == CRM_STEP_ROW)
    {
      gint64 id = crm_statement_get_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  g_assert_no_error (error);
  return ids;
}

static void
assert_order (Fixture      *fixture,
              gint64        stage_id,
              const gint64 *expected,
              guint         n_expected)
{
  g_autoptr(GArray) ids = stage_order (fixture, stage_id);

  g_assert_cmpuint (ids->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    g_assert_cmpint (g_array_index (ids, gint64, i), ==, expected[i]);
}

static gint64
insert_contact (Fixture    *fixture,
                const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStatement) stmt = NULL;
  gint64 id = crm_id_new ();

  stmt = crm_database_prepare (crm_store_get_database (fixture->store),
                               "INSERT INTO contacts (id, name, name_folded, created_at, updated_at) "
                               "VALUES (?1, ?2, lower (?2), 0, 0)",
                               &error);
  g_assert_no_error (error);
  crm_statement_bind_int64 (stmt, 1, id);
  crm_statement_bind_text (stmt, 2, name);
  g_assert_true (crm_statement_run (stmt, &error));
  g_assert_no_error (error);
  return id;
}

static void
insert_reminder (Fixture *fixture,
                 gint64   deal_id,
                 gint64   due_at,
                 gint64   snoozed_until,
                 gboolean done)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStatement) stmt = NULL;

  stmt = crm_database_prepare (crm_store_get_database (fixture->store),
                               "INSERT INTO reminders (id, deal_id, due_at, snoozed_until, done_at, "
                               "  created_at, updated_at) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, 0, 0)",
                               &error);
  g_assert_no_error (error);
  crm_statement_bind_int64 (stmt, 1, crm_id_new ());
  crm_statement_bind_int64 (stmt, 2, deal_id);
  crm_statement_bind_int64 (stmt, 3, due_at);
  if (snoozed_until != 0)
    crm_statement_bind_int64 (stmt, 4, snoozed_until);
  if (done)
    crm_statement_bind_int64 (stmt, 5, due_at);
  g_assert_true (crm_statement_run (stmt, &error));
  g_assert_no_error (error);
}

static gint64
add_deal_full (Fixture    *fixture,
               const char *title,
               gint64      stage_id,
               gint64      amount,
               const char *currency)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmDeal) deal = crm_deal_new ();
  gint64 id;

  crm_deal_set_title (deal, title);
  crm_deal_set_stage_id (deal, stage_id);
  crm_deal_set_amount (deal, amount);
  crm_deal_set_currency (deal, currency);
  id = crm_store_add_deal (fixture->store, deal, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (crm_deal_get_id (deal), ==, id);
  return id;
}

static gint64
add_deal (Fixture    *fixture,
          const char *title,
          gint64      stage_id)
{
  return add_deal_full (fixture, title, stage_id, 0, NULL);
}

static void
move (Fixture *fixture,
      gint64   id,
      gint64   stage_id,
      gint64   before_id)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (crm_store_move_deal (fixture->store, id, stage_id, before_id, &error));
  g_assert_no_error (error);
}

/* The history rows of one field of a row, oldest first. */
static GPtrArray *
history_of (Fixture    *fixture,
            gint64      id,
            const char *field)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = crm_store_list_history (fixture->store, id, &error);
  GPtrArray *matching = g_ptr_array_new ();

  g_assert_no_error (error);
  g_assert_nonnull (all);
  /* The store lists newest first. */
  for (guint i = all->len; i > 0; i--)
    {
      CrmHistoryEntry *entry = g_ptr_array_index (all, i - 1);

      if (g_strcmp0 (entry->field, field) == 0)
        g_ptr_array_add (matching, g_ptr_array_steal_index (all, i - 1));
    }
  g_ptr_array_set_free_func (matching, (GDestroyNotify)crm_history_entry_free);
  return matching;
}

/* Tests */

static void
test_add_get (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmDeal) deal = crm_deal_new ();
  g_autoptr(CrmDeal) stored = NULL;
  g_autoptr(GPtrArray) moves = NULL;
  const char *tags[] = { "vip", "Spring sale", NULL };
  gint64 contact_id = insert_contact (fixture, "Anna Bērziņa");
  gint64 admin = crm_store_get_current_user (fixture->store);
  gint64 id;
  char **stored_tags;

  g_assert_cmpint (admin, >, 0);

  crm_deal_set_title (deal, "  Wedding   make-up  ");
  crm_deal_set_contact_id (deal, contact_id);
  crm_deal_set_amount (deal, 15050);
  crm_deal_set_expected_close (deal, "2024-06-30");
  crm_deal_set_tag_list (deal, tags);

  id = crm_store_add_deal (fixture->store, deal, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (crm_deal_get_id (deal), ==, id);
  g_assert_cmpstr (crm_deal_get_title (deal), ==, "Wedding make-up");

  insert_reminder (fixture, id, T0 + 5000, 0, TRUE);           /* done: ignored */
  insert_reminder (fixture, id, T0 + 1000, T0 + 9000, FALSE);  /* snoozed to 9000 */
  insert_reminder (fixture, id, T0 + 7000, 0, FALSE);          /* the next one */

  stored = crm_store_get_deal (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored);

  g_assert_cmpint (crm_deal_get_id (stored), ==, id);
  g_assert_cmpstr (crm_deal_get_title (stored), ==, "Wedding make-up");
  g_assert_cmpint (crm_deal_get_contact_id (stored), ==, contact_id);
  g_assert_cmpstr (crm_deal_get_contact_name (stored), ==, "Anna Bērziņa");
  g_assert_cmpint (crm_deal_get_amount (stored), ==, 15050);
  g_assert_cmpstr (crm_deal_get_currency (stored), ==, "EUR");
  g_assert_cmpint (crm_deal_get_stage_id (stored), ==, fixture->new_lead);
  g_assert_cmpstr (crm_deal_get_stage_name (stored), ==, "New lead");
  g_assert_cmpint (crm_deal_get_stage_kind (stored), ==, CRM_STAGE_OPEN);
  g_assert_cmpint (crm_deal_get_pipeline_id (stored), ==, fixture->pipeline_id);
  g_assert_cmpint (crm_deal_get_owner_id (stored), ==, admin);
  g_assert_cmpstr (crm_deal_get_owner_name (stored), ==, "Administrator");
  g_assert_cmpstr (crm_deal_get_expected_close (stored), ==, "2024-06-30");
  g_assert_null (crm_deal_get_lost_reason (stored));
  g_assert_cmpint (crm_deal_get_created_at (stored), ==, T0);
  g_assert_cmpint (crm_deal_get_updated_at (stored), ==, T0);
  g_assert_cmpint (crm_deal_get_stage_changed_at (stored), ==, T0);
  g_assert_cmpint (crm_deal_get_deleted_at (stored), ==, 0);
  g_assert_cmpint (crm_deal_get_next_reminder_at (stored), ==, T0 + 7000);
  g_assert_cmpstr (crm_deal_get_tags (stored), ==, "Spring sale, vip");

  stored_tags = crm_deal_get_tag_list (stored);
  g_assert_cmpuint (g_strv_length (stored_tags), ==, 2);
  g_assert_true (g_strv_contains ((const char * const *)stored_tags, "vip"));
  g_assert_true (g_strv_contains ((const char * const *)stored_tags, "Spring sale"));

  /* The defaults were written back to the caller's object too. */
  g_assert_cmpint (crm_deal_get_stage_id (deal), ==, fixture->new_lead);
  g_assert_cmpint (crm_deal_get_owner_id (deal), ==, admin);
  g_assert_cmpstr (crm_deal_get_currency (deal), ==, "EUR");

  /* The path through the funnel starts at creation. */
  moves = crm_store_list_stage_moves (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (moves->len, ==, 1);
  {
    CrmStageMove *first = g_ptr_array_index (moves, 0);

    g_assert_cmpint (first->from_stage_id, ==, 0);
    g_assert_null (first->from_stage_name);
    g_assert_cmpint (first->to_stage_id, ==, fixture->new_lead);
    g_assert_cmpstr (first->to_stage_name, ==, "New lead");
    g_assert_cmpint (first->at, ==, T0);
    g_assert_cmpint (first->left_at, ==, 0);
    g_assert_cmpint (first->user_id, ==, admin);
    g_assert_cmpstr (first->user_name, ==, "Administrator");
  }

  /* A given stage, owner and a lower-case currency. */
  {
    g_autoptr(CrmDeal) other = crm_deal_new ();
    g_autoptr(CrmDeal) other_stored = NULL;
    gint64 other_id;
    gint64 stylist = crm_store_add_user (fixture->store, "ilze", "Ilze", CRM_ROLE_SALES, &error);

    g_assert_no_error (error);
    crm_deal_set_title (other, "Hair colouring");
    crm_deal_set_stage_id (other, fixture->proposal);
    crm_deal_set_owner_id (other, stylist);
    crm_deal_set_currency (other, "usd");
    crm_deal_set_amount (other, 0);
    other_id = crm_store_add_deal (fixture->store, other, &error);
    g_assert_no_error (error);

    other_stored = crm_store_get_deal (fixture->store, other_id, &error);
    g_assert_no_error (error);
    g_assert_cmpint (crm_deal_get_stage_id (other_stored), ==, fixture->proposal);
    g_assert_cmpstr (crm_deal_get_stage_name (other_stored), ==, "Proposal");
    g_assert_cmpint (crm_deal_get_owner_id (other_stored), ==, stylist);
    g_assert_cmpstr (crm_deal_get_owner_name (other_stored), ==, "Ilze");
    g_assert_cmpstr (crm_deal_get_currency (other_stored), ==, "USD");
    g_assert_cmpint (crm_deal_get_contact_id (other_stored), ==, 0);
    g_assert_null (crm_deal_get_contact_name (other_stored));
    g_assert_cmpint (crm_deal_get_next_reminder_at (other_stored), ==, 0);
    g_assert_cmpuint (g_strv_length (crm_deal_get_tag_list (other_stored)), ==, 0);
  }

  /* An unknown id is an error, not an empty deal. */
  g_clear_object (&stored);
  stored = crm_store_get_deal (fixture->store, 12345, &error);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
  g_assert_null (stored);
}

static void
expect_add_error (Fixture    *fixture,
                  CrmDeal    *deal,
                  int         code,
                  const char *in_message)
{
  g_autoptr(GError) error = NULL;
  gint64 before = count_deals (fixture);

  g_assert_cmpint (crm_store_add_deal (fixture->store, deal, &error), ==, 0);
  g_assert_error (error, CRM_STORE_ERROR, code);
  if (in_message != NULL && strstr (error->message, in_message) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, in_message);
  g_assert_cmpint (count_deals (fixture), ==, before);
  g_assert_cmpint (crm_deal_get_id (deal), ==, 0);
}

static CrmDeal *
valid_deal (void)
{
  CrmDeal *deal = crm_deal_new ();

  crm_deal_set_title (deal, "Manicure");
  crm_deal_set_amount (deal, 2500);
  return deal;
}

static void
test_validation (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmDeal) deal = NULL;
  g_autofree char *long_title = g_strnfill (201, 'x');
  g_autofree char *max_title = NULL;
  gint64 trashed_contact = insert_contact (fixture, "Gone Client");
  gint64 id;

  deal = valid_deal ();
  crm_deal_set_title (deal, "");
  expect_add_error (fixture, deal, CRM_STORE_ERROR_INVALID, "title");
  crm_deal_set_title (deal, " \t ");
  expect_add_error (fixture, deal, CRM_STORE_ERROR_INVALID, "title");
  crm_deal_set_title (deal, NULL);
  expect_add_error (fixture, deal, CRM_STORE_ERROR_INVALID, "title");
  crm_deal_set_title (deal, long_title);
  expect_add_error (fixture, deal, CRM_STORE_ERROR_INVALID, NULL);
  g_clear_object (&deal);

  deal = valid_deal ();
  crm_deal_set_amount (deal, -1);
  expect_add_error (fixture, deal, CRM_STORE_ERROR_INVALID, "negative");
  g_clear_object (&deal);

  deal = valid_deal ();
  crm_deal_set_currency (deal, "XXX1");
  expect_add_error (fixture, deal, CRM_STORE_ERROR_INVALID, "XXX1");
  crm_deal_set_currency (deal, "eur1");
  expect_add_error (fixture, deal, CRM_STORE_ERROR_INVALID, "eur1");
  crm_deal_set_currency (deal, "EU");
  expect_add_error (fixture, deal, CRM_STORE_ERROR_INVALID, NULL);
  g_clear_object (&deal);

  deal = valid_deal ();
  crm_deal_set_contact_id (deal, 987654321);
  expect_add_error (fixture, deal, CRM_STORE_ERROR_NOT_FOUND, "987654321");
  g_clear_object (&deal);

  /* A client in the trash cannot get new deals. */
  {
    g_autoptr(CrmStatement) stmt = NULL;

    stmt = crm_database_prepare (crm_store_get_database (fixture->store),
                                 "UPDATE contacts SET deleted_at = 1 WHERE id = ?1", &error);
    g_assert_no_error (error);
    crm_statement_bind_int64 (stmt, 1, trashed_contact);
    g_assert_true (crm_statement_run (stmt, &error));
  }
  deal = valid_deal ();
  crm_deal_set_contact_id (deal, trashed_contact);
  expect_add_error (fixture, deal, CRM_STORE_ERROR_NOT_FOUND, "Gone Client");
  g_clear_object (&deal);

  deal = valid_deal ();
  crm_deal_set_stage_id (deal, 55555);
  expect_add_error (fixture, deal, CRM_STORE_ERROR_NOT_FOUND, "55555");
  g_clear_object (&deal);

  deal = valid_deal ();
  crm_deal_set_owner_id (deal, 44444);
  expect_add_error (fixture, deal, CRM_STORE_ERROR_NOT_FOUND, "44444");
  g_clear_object (&deal);

  deal = valid_deal ();
  crm_deal_set_expected_close (deal, "2023-02-29");
  expect_add_error (fixture, deal, CRM_STORE_ERROR_INVALID, "2023-02-29");
  crm_deal_set_expected_close (deal, "2024-13-01");
  expect_add_error (fixture, deal, CRM_STORE_ERROR_INVALID, NULL);
  crm_deal_set_expected_close (deal, "2024-4-1");
  expect_add_error (fixture, deal, CRM_STORE_ERROR_INVALID, NULL);
  crm_deal_set_expected_close (deal, "tomorrow");
  expect_add_error (fixture, deal, CRM_STORE_ERROR_INVALID, NULL);
  crm_deal_set_expected_close (deal, "2024-02-29");   /* a leap day is fine */
  id = crm_store_add_deal (fixture->store, deal, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_clear_object (&deal);

  /* Exactly 200 characters (not bytes) is allowed. */
  {
    GString *title = g_string_new (NULL);

    for (guint i = 0; i < 200; i++)
      g_string_append (title, "ž");
    max_title = g_string_free (title, FALSE);
  }
  deal = valid_deal ();
  crm_deal_set_title (deal, max_title);
  g_assert_cmpint (crm_store_add_deal (fixture->store, deal, &error), >, 0);
  g_assert_no_error (error);
  g_clear_object (&deal);

  g_assert_cmpint (count_deals (fixture), ==, 2);

  /* Update checks the same things and leaves the stored deal alone. */
  deal = crm_store_get_deal (fixture->store, id, &error);
  g_assert_no_error (error);
  crm_deal_set_title (deal, "Changed");
  crm_deal_set_expected_close (deal, "2024-02-30");
  g_assert_false (crm_store_update_deal (fixture->store, deal, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  crm_deal_set_expected_close (deal, NULL);
  crm_deal_set_amount (deal, -100);
  g_assert_false (crm_store_update_deal (fixture->store, deal, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_object (&deal);

  deal = crm_store_get_deal (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (crm_deal_get_title (deal), ==, "Manicure");
  g_assert_cmpint (crm_deal_get_amount (deal), ==, 2500);
  g_assert_cmpstr (crm_deal_get_expected_close (deal), ==, "2024-02-29");
}

static void
test_move_between_stages (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) moves = NULL;
  g_autoptr(GPtrArray) stage_history = NULL;
  g_autoptr(CrmDeal) deal = NULL;
  gint64 id, other;

  id = add_deal (fixture, "Facial", 0);
  other = add_deal (fixture, "Pedicure", fixture->contacted);

  crm_time_set_fake_now (T0 + 60000);
  move (fixture, id, fixture->contacted, 0);
  crm_time_set_fake_now (T0 + 3600000);
  move (fixture, id, fixture->proposal, 0);

  g_assert_cmpint (sql_int (fixture, "SELECT count(*) FROM deal_stage_history WHERE deal_id = ?1", id),
                   ==, 3);

  stage_history = history_of (fixture, id, "stage");
  g_assert_cmpuint (stage_history->len, ==, 2);
  {
    CrmHistoryEntry *first = g_ptr_array_index (stage_history, 0);
    CrmHistoryEntry *second = g_ptr_array_index (stage_history, 1);

    g_assert_cmpstr (first->old_value, ==, "New lead");
    g_assert_cmpstr (first->new_value, ==, "Contacted");
    g_assert_cmpint (first->at, ==, T0 + 60000);
    g_assert_cmpstr (second->old_value, ==, "Contacted");
    g_assert_cmpstr (second->new_value, ==, "Proposal");
    g_assert_cmpint (second->at, ==, T0 + 3600000);
  }

  moves = crm_store_list_stage_moves (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (moves->len, ==, 3);
  {
    CrmStageMove *m0 = g_ptr_array_index (moves, 0);
    CrmStageMove *m1 = g_ptr_array_index (moves, 1);
    CrmStageMove *m2 = g_ptr_array_index (moves, 2);

    g_assert_cmpint (m0->from_stage_id, ==, 0);
    g_assert_cmpint (m0->to_stage_id, ==, fixture->new_lead);
    g_assert_cmpint (m0->at, ==, T0);
    g_assert_cmpint (m0->left_at, ==, T0 + 60000);

    g_assert_cmpint (m1->from_stage_id, ==, fixture->new_lead);
    g_assert_cmpstr (m1->from_stage_name, ==, "New lead");
    g_assert_cmpint (m1->to_stage_id, ==, fixture->contacted);
    g_assert_cmpstr (m1->to_stage_name, ==, "Contacted");
    g_assert_cmpint (m1->at, ==, T0 + 60000);
    g_assert_cmpint (m1->left_at, ==, T0 + 3600000);
    g_assert_cmpstr (m1->user_name, ==, "Administrator");

    g_assert_cmpint (m2->from_stage_id, ==, fixture->contacted);
    g_assert_cmpint (m2->to_stage_id, ==, fixture->proposal);
    g_assert_cmpstr (m2->to_stage_name, ==, "Proposal");
    g_assert_cmpint (m2->at, ==, T0 + 3600000);
    g_assert_cmpint (m2->left_at, ==, 0);
  }

  deal = crm_store_get_deal (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_deal_get_stage_id (deal), ==, fixture->proposal);
  g_assert_cmpint (crm_deal_get_stage_changed_at (deal), ==, T0 + 3600000);
  g_assert_cmpint (crm_deal_get_updated_at (deal), ==, T0 + 3600000);
  g_assert_cmpint (crm_deal_get_created_at (deal), ==, T0);
  g_clear_object (&deal);

  /* The other deal's path was not touched. */
  g_clear_pointer (&moves, g_ptr_array_unref);
  moves = crm_store_list_stage_moves (fixture->store, other, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (moves->len, ==, 1);

  /* A move lands at the end of the stage when no deal is named. */
  {
    const gint64 expected[] = { other, id };

    crm_time_set_fake_now (T0 + 7200000);
    move (fixture, id, fixture->contacted, 0);
    assert_order (fixture, fixture->contacted, expected, G_N_ELEMENTS (expected));
  }

  /* Moving into a lost stage keeps the reason the board asked for. */
  deal = crm_store_get_deal (fixture->store, id, &error);
  g_assert_no_error (error);
  crm_deal_set_lost_reason (deal, "Went to a competitor");
  g_assert_true (crm_store_update_deal (fixture->store, deal, &error));
  g_assert_no_error (error);
  g_clear_object (&deal);
  move (fixture, id, fixture->lost, 0);
  deal = crm_store_get_deal (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_deal_get_stage_kind (deal), ==, CRM_STAGE_LOST);
  g_assert_cmpstr (crm_deal_get_lost_reason (deal), ==, "Went to a competitor");

  /* Refused moves. */
  g_assert_false (crm_store_move_deal (fixture->store, id, 777, 0, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (crm_store_move_deal (fixture->store, 778, fixture->won, 0, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (sql_int (fixture, "SELECT count(*) FROM deal_stage_history WHERE deal_id = ?1", id),
                   ==, 5);
}

static void
test_move_within_stage (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) moves = NULL;
  g_autoptr(GPtrArray) stage_history = NULL;
  g_autoptr(CrmDeal) deal = NULL;
  gint64 a, b, c, elsewhere;
  gint64 stage_rows;

  a = add_deal (fixture, "A", fixture->contacted);
  b = add_deal (fixture, "B", fixture->contacted);
  c = add_deal (fixture, "C", fixture->contacted);
  elsewhere = add_deal (fixture, "D", fixture->proposal);

  {
    const gint64 expected[] = { a, b, c };
    assert_order (fixture, fixture->contacted, expected, 3);
  }

  stage_rows = sql_int (fixture, "SELECT count(*) FROM deal_stage_history", 0);

  crm_time_set_fake_now (T0 + 1000);
  move (fixture, c, fixture->contacted, a);
  {
    const gint64 expected[] = { c, a, b };
    assert_order (fixture, fixture->contacted, expected, 3);
  }

  move (fixture, a, fixture->contacted, 0);
  {
    const gint64 expected[] = { c, b, a };
    assert_order (fixture, fixture->contacted, expected, 3);
  }

  /* 0 as the stage means the stage the deal is in. */
  move (fixture, a, 0, b);
  {
    const gint64 expected[] = { c, a, b };
    assert_order (fixture, fixture->contacted, expected, 3);
  }

  /* Dropping a card onto itself changes nothing. */
  move (fixture, a, fixture->contacted, a);
  {
    const gint64 expected[] = { c, a, b };
    assert_order (fixture, fixture->contacted, expected, 3);
  }

  /* None of this is a change of stage. */
  g_assert_cmpint (sql_int (fixture, "SELECT count(*) FROM deal_stage_history", 0), ==, stage_rows);
  stage_history = history_of (fixture, c, "stage");
  g_assert_cmpuint (stage_history->len, ==, 0);
  moves = crm_store_list_stage_moves (fixture->store, c, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (moves->len, ==, 1);
  deal = crm_store_get_deal (fixture->store, c, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_deal_get_stage_changed_at (deal), ==, T0);

  /* The deal to go before must be in the target stage. */
  g_assert_false (crm_store_move_deal (fixture->store, a, fixture->contacted, elsewhere, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (crm_store_move_deal (fixture->store, a, fixture->contacted, 424242, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  {
    const gint64 expected[] = { c, a, b };
    assert_order (fixture, fixture->contacted, expected, 3);
  }

  /* Into another stage before a given deal. */
  move (fixture, b, fixture->proposal, elsewhere);
  {
    const gint64 expected_proposal[] = { b, elsewhere };
    const gint64 expected_contacted[] = { c, a };

    assert_order (fixture, fixture->proposal, expected_proposal, 2);
    assert_order (fixture, fixture->contacted, expected_contacted, 2);
  }
  g_assert_cmpint (sql_int (fixture, "SELECT count(*) FROM deal_stage_history", 0), ==, stage_rows + 1);
}

static void
test_renumber (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) ids = NULL;
  gint64 first, last, last_position;
  gint64 previous = G_MININT64;

  first = add_deal (fixture, "First", fixture->negotiation);
  last = add_deal (fixture, "Last", fixture->negotiation);
  last_position = sql_int (fixture, "SELECT position FROM deals WHERE id = ?1", last);

  g_array_append_val (expected, first);

  /* Each new deal goes just before the last one, so all of them fall into
   * the one gap between the previous new deal and "Last". */
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *title = g_strdup_printf ("Squeezed %u", i);
      gint64 id = add_deal (fixture, title, fixture->proposal);

      move (fixture, id, fixture->negotiation, last);
      g_array_append_val (expected, id);
    }
  g_array_append_val (expected, last);

  /* And some at the very top, before the first deal each time. */
  for (guint i = 0; i < 15; i++)
    {
      g_autofree char *title = g_strdup_printf ("Top %u", i);
      gint64 id = add_deal (fixture, title, fixture->negotiation);
      gint64 top = g_array_index (expected, gint64, 0);

      move (fixture, id, 0, top);
      g_array_prepend_val (expected, id);
    }

  assert_order (fixture, fixture->negotiation, (const gint64 *)(void *)expected->data, expected->len);

  /* A gap of 1024 halves ten times at most, so the stage was renumbered,
   * and afterwards no two deals share a position. */
  g_assert_cmpint (sql_int (fixture, "SELECT position FROM deals WHERE id = ?1", last),
                   !=, last_position);
  ids = stage_order (fixture, fixture->negotiation);
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 position = sql_int (fixture, "SELECT position FROM deals WHERE id = ?1",
                                 g_array_index (ids, gint64, i));

      g_assert_cmpint (position, >, previous);
      previous = position;
    }
}

static CrmStage *
stage_in (GPtrArray *stages,
          gint64     id)
{
  for (guint i = 0; i < stages->len; i++)
    {
      CrmStage *stage = g_ptr_array_index (stages, i);

      if (crm_stage_get_id (stage) == id)
        return stage;
    }

  return NULL;
}

static void
test_list_stages (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(CrmStage) single = NULL;
  const char *names[] = { "New lead", "Contacted", "Proposal", "Negotiation", "Won", "Lost" };
  const CrmStageKind kinds[] = {
    CRM_STAGE_OPEN, CRM_STAGE_OPEN, CRM_STAGE_OPEN, CRM_STAGE_OPEN, CRM_STAGE_WON, CRM_STAGE_LOST
  };
  gint64 trashed;

  add_deal_full (fixture, "One", fixture->new_lead, 10000, NULL);
  add_deal_full (fixture, "Two", fixture->new_lead, 2550, "EUR");
  add_deal_full (fixture, "Dollars", fixture->new_lead, 99999, "USD");
  add_deal_full (fixture, "Three", fixture->won, 70000, NULL);
  trashed = add_deal_full (fixture, "Trashed", fixture->won, 5000, NULL);
  g_assert_true (crm_store_delete_deal (fixture->store, trashed, &error));
  g_assert_no_error (error);

  stages = crm_store_list_stages (fixture->store, fixture->pipeline_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stages->len, ==, G_N_ELEMENTS (names));

  for (guint i = 0; i < stages->len; i++)
    {
      CrmStage *stage = g_ptr_array_index (stages, i);

      g_assert_cmpstr (crm_stage_get_name (stage), ==, names[i]);
      g_assert_cmpint (crm_stage_get_kind (stage), ==, kinds[i]);
      g_assert_cmpint (crm_stage_get_position (stage), ==, (int)i);
      g_assert_cmpint (crm_stage_get_pipeline_id (stage), ==, fixture->pipeline_id);
      g_assert_cmpint (crm_stage_get_deleted_at (stage), ==, 0);
    }

  /* Counts are of live deals; totals are of those in the default currency. */
  g_assert_cmpint (crm_stage_get_deal_count (stage_in (stages, fixture->new_lead)), ==, 3);
  g_assert_cmpint (crm_stage_get_amount_total (stage_in (stages, fixture->new_lead)), ==, 12550);
  g_assert_cmpint (crm_stage_get_deal_count (stage_in (stages, fixture->won)), ==, 1);
  g_assert_cmpint (crm_stage_get_amount_total (stage_in (stages, fixture->won)), ==, 70000);
  g_assert_cmpint (crm_stage_get_deal_count (stage_in (stages, fixture->contacted)), ==, 0);
  g_assert_cmpint (crm_stage_get_amount_total (stage_in (stages, fixture->contacted)), ==, 0);

  /* Pipeline 0 is the default pipeline. */
  g_clear_pointer (&stages, g_ptr_array_unref);
  stages = crm_store_list_stages (fixture->store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stages->len, ==, G_N_ELEMENTS (names));

  /* Without counting: the same stages in the same order, counts left 0. */
  {
    g_autoptr(GPtrArray) uncounted = crm_store_list_stages_uncounted (fixture->store, 0, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (uncounted->len, ==, stages->len);
    for (guint i = 0; i < uncounted->len; i++)
      {
        CrmStage *stage = g_ptr_array_index (uncounted, i);
        CrmStage *counted = g_ptr_array_index (stages, i);

        g_assert_cmpint (crm_stage_get_id (stage), ==, crm_stage_get_id (counted));
        g_assert_cmpstr (crm_stage_get_name (stage), ==, crm_stage_get_name (counted));
        g_assert_cmpstr (crm_stage_get_color (stage), ==, crm_stage_get_color (counted));
        g_assert_cmpint (crm_stage_get_kind (stage), ==, crm_stage_get_kind (counted));
        g_assert_cmpint (crm_stage_get_position (stage), ==, crm_stage_get_position (counted));
        g_assert_cmpint (crm_stage_get_deal_count (stage), ==, 0);
        g_assert_cmpint (crm_stage_get_amount_total (stage), ==, 0);
      }
    g_assert_cmpint (crm_stage_get_deal_count (stage_in (stages, fixture->new_lead)), ==, 3);
  }

  single = crm_store_get_stage (fixture->store, fixture->new_lead, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (crm_stage_get_name (single), ==, "New lead");
  g_assert_cmpint (crm_stage_get_deal_count (single), ==, 3);
  g_assert_cmpint (crm_stage_get_amount_total (single), ==, 12550);
  g_assert_cmpstr (crm_stage_get_color (single), ==, "#62a0ea");

  /* Moving a deal moves its amount. */
  {
    g_autoptr(GArray) ids = stage_order (fixture, fixture->new_lead);
    g_autoptr(CrmStage) after = NULL;

    move (fixture, g_array_index (ids, gint64, 0), fixture->won, 0);
    after = crm_store_get_stage (fixture->store, fixture->won, &error);
    g_assert_no_error (error);
    g_assert_cmpint (crm_stage_get_deal_count (after), ==, 2);
    g_assert_cmpint (crm_stage_get_amount_total (after), ==, 80000);
  }
}

static void
assert_stage_names (Fixture     *fixture,
                    gint64       pipeline_id,
                    const char **names)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stages = crm_store_list_stages (fixture->store, pipeline_id, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (stages->len, ==, g_strv_length ((char **)names));
  for (guint i = 0; i < stages->len; i++)
    {
      CrmStage *stage = g_ptr_array_index (stages, i);

      g_assert_cmpstr (crm_stage_get_name (stage), ==, names[i]);
      g_assert_cmpint (crm_stage_get_position (stage), ==, (int)i);
    }
}

static void
test_stage_editing (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStage) stage = NULL;
  g_autoptr(GPtrArray) name_history = NULL;
  g_autofree char *long_name = g_strnfill (61, 'n');
  gint64 demo, archived, first;

  demo = crm_store_add_stage (fixture->store, fixture->pipeline_id, "Demo",
                              CRM_STAGE_OPEN, "#ABCDEF", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (demo, >, 0);
  {
    const char *names[] = { "New lead", "Contacted", "Proposal", "Negotiation", "Demo",
                            "Won", "Lost", NULL };
    assert_stage_names (fixture, fixture->pipeline_id, names);
  }

  stage = crm_store_get_stage (fixture->store, demo, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (crm_stage_get_color (stage), ==, "#abcdef");
  g_assert_cmpint (crm_stage_get_kind (stage), ==, CRM_STAGE_OPEN);
  g_clear_object (&stage);

  archived = crm_store_add_stage (fixture->store, 0, "Archived", CRM_STAGE_WON, NULL, -1, &error);
  g_assert_no_error (error);
  first = crm_store_add_stage (fixture->store, 0, "Walk-in", CRM_STAGE_OPEN, NULL, 0, &error);
  g_assert_no_error (error);
  {
    const char *names[] = { "Walk-in", "New lead", "Contacted", "Proposal", "Negotiation",
                            "Demo", "Won", "Lost", "Archived", NULL };
    assert_stage_names (fixture, fixture->pipeline_id, names);
  }
  stage = crm_store_get_stage (fixture->store, archived, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (crm_stage_get_color (stage), ==, "#3584e4");
  g_clear_object (&stage);

  /* Names are unique inside the pipeline, whatever the case and accents. */
  g_assert_cmpint (crm_store_add_stage (fixture->store, 0, "DĒMO", CRM_STAGE_OPEN, NULL, -1, &error),
                   ==, 0);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_DUPLICATE);
  g_clear_error (&error);
  g_assert_cmpint (crm_store_add_stage (fixture->store, 0, "  ", CRM_STAGE_OPEN, NULL, -1, &error),
                   ==, 0);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (crm_store_add_stage (fixture->store, 0, long_name, CRM_STAGE_OPEN, NULL, -1, &error),
                   ==, 0);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (crm_store_add_stage (fixture->store, 0, "Red", CRM_STAGE_OPEN, "red", -1, &error),
                   ==, 0);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (crm_store_add_stage (fixture->store, 0, "Red", CRM_STAGE_OPEN, "#ff00gg", -1, &error),
                   ==, 0);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (sql_int (fixture, "SELECT count(*) FROM stages WHERE pipeline_id = ?1",
                            fixture->pipeline_id), ==, 9);

  /* Rename, with a history row on the stage. */
  g_assert_true (crm_store_rename_stage (fixture->store, demo, "Presentation", &error));
  g_assert_no_error (error);
  name_history = history_of (fixture, demo, "name");
  g_assert_cmpuint (name_history->len, ==, 1);
  g_assert_cmpstr (((CrmHistoryEntry *)g_ptr_array_index (name_history, 0))->old_value, ==, "Demo");
  g_assert_cmpstr (((CrmHistoryEntry *)g_ptr_array_index (name_history, 0))->new_value, ==, "Presentation");
  g_assert_false (crm_store_rename_stage (fixture->store, demo, "won", &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_DUPLICATE);
  g_clear_error (&error);
  g_assert_false (crm_store_rename_stage (fixture->store, demo, "", &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  /* Its own name in other letters is not a clash. */
  g_assert_true (crm_store_rename_stage (fixture->store, demo, "PRESENTATION", &error));
  g_assert_no_error (error);
  g_assert_cmpint (crm_store_find_stage (fixture->store, 0, "presentation", &error), ==, demo);
  g_assert_no_error (error);

  /* Recolor. */
  g_assert_true (crm_store_set_stage_color (fixture->store, demo, "#FF0000", &error));
  g_assert_no_error (error);
  g_assert_false (crm_store_set_stage_color (fixture->store, demo, "#f00", &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  stage = crm_store_get_stage (fixture->store, demo, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (crm_stage_get_color (stage), ==, "#ff0000");
  g_assert_cmpstr (crm_stage_get_name (stage), ==, "PRESENTATION");
  g_clear_object (&stage);

  /* Reorder: positions stay 0..n-1. */
  g_assert_true (crm_store_reorder_stage (fixture->store, demo, 0, &error));
  g_assert_no_error (error);
  {
    const char *names[] = { "PRESENTATION", "Walk-in", "New lead", "Contacted", "Proposal",
                            "Negotiation", "Won", "Lost", "Archived", NULL };
    assert_stage_names (fixture, fixture->pipeline_id, names);
  }
  g_assert_true (crm_store_reorder_stage (fixture->store, first, 3, &error));
  g_assert_no_error (error);
  {
    const char *names[] = { "PRESENTATION", "New lead", "Contacted", "Walk-in", "Proposal",
                            "Negotiation", "Won", "Lost", "Archived", NULL };
    assert_stage_names (fixture, fixture->pipeline_id, names);
  }
  g_assert_true (crm_store_reorder_stage (fixture->store, first, 100, &error));
  g_assert_no_error (error);
  {
    const char *names[] = { "PRESENTATION", "New lead", "Contacted", "Proposal",
                            "Negotiation", "Won", "Lost", "Archived", "Walk-in", NULL };
    assert_stage_names (fixture, fixture->pipeline_id, names);
  }

  /* An empty stage is deleted without a target. */
  g_assert_true (crm_store_delete_stage (fixture->store, archived, 0, &error));
  g_assert_no_error (error);
  stage = crm_store_get_stage (fixture->store, archived, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_stage_get_deleted_at (stage), ==, T0);
  g_clear_object (&stage);
  g_assert_false (crm_store_rename_stage (fixture->store, archived, "Back", &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (crm_store_delete_stage (fixture->store, archived, 0, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* Its name is free again. */
  archived = crm_store_add_stage (fixture->store, 0, "Archived", CRM_STAGE_LOST, NULL, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (archived, >, 0);
}

static void
test_delete_stage_with_deals (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(GArray) before_order = NULL;
  g_autoptr(GArray) moved_order = NULL;
  gint64 ids[5];
  gint64 total = 0;
  gint64 stage_rows;
  gint64 other_pipeline, other_stage;

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *title = g_strdup_printf ("Deal %u", i);
      ids[i] = add_deal_full (fixture, title, fixture->proposal, 1000 * (i + 1), NULL);
      total += 1000 * (i + 1);
    }
  add_deal (fixture, "Already there", fixture->negotiation);
  before_order = stage_order (fixture, fixture->proposal);
  g_assert_cmpint (count_deals (fixture), ==, 6);
  stage_rows = sql_int (fixture, "SELECT count(*) FROM deal_stage_history", 0);

  g_assert_false (crm_store_delete_stage (fixture->store, fixture->proposal, 0, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_IN_USE);
  g_assert_nonnull (strstr (error->message, "Proposal"));
  g_clear_error (&error);
  g_assert_cmpint (sql_int (fixture, "SELECT count(*) FROM stages WHERE id = ?1 AND deleted_at IS NULL",
                            fixture->proposal), ==, 1);

  /* Not into itself, nor into another pipeline. */
  g_assert_false (crm_store_delete_stage (fixture->store, fixture->proposal, fixture->proposal, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  other_pipeline = crm_store_add_pipeline (fixture->store, "Courses", &error);
  g_assert_no_error (error);
  other_stage = crm_store_find_stage (fixture->store, other_pipeline, "New", &error);
  g_assert_no_error (error);
  g_assert_false (crm_store_delete_stage (fixture->store, fixture->proposal, other_stage, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (sql_int (fixture, "SELECT count(*) FROM deals WHERE stage_id = ?1",
                            fixture->proposal), ==, 5);

  crm_time_set_fake_now (T0 + 5000);
  g_assert_true (crm_store_delete_stage (fixture->store, fixture->proposal, fixture->negotiation, &error));
  g_assert_no_error (error);

  /* Nothing lost: every deal is in the target, after its own, in order. */
  g_assert_cmpint (count_deals (fixture), ==, 6);
  g_assert_cmpint (sql_int (fixture, "SELECT count(*) FROM deals WHERE stage_id = ?1",
                            fixture->proposal), ==, 0);
  moved_order = stage_order (fixture, fixture->negotiation);
  g_assert_cmpuint (moved_order->len, ==, 6);
  for (guint i = 0; i < before_order->len; i++)
    g_assert_cmpint (g_array_index (moved_order, gint64, i + 1), ==,
                     g_array_index (before_order, gint64, i));

  /* Each was recorded as a stage move. */
  g_assert_cmpint (sql_int (fixture, "SELECT count(*) FROM deal_stage_history", 0), ==, stage_rows + 5);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(GPtrArray) moves = crm_store_list_stage_moves (fixture->store, ids[i], &error);
      CrmStageMove *last;

      g_assert_no_error (error);
      g_assert_cmpuint (moves->len, ==, 2);
      last = g_ptr_array_index (moves, 1);
      g_assert_cmpint (last->from_stage_id, ==, fixture->proposal);
      g_assert_cmpint (last->to_stage_id, ==, fixture->negotiation);
      g_assert_cmpstr (last->from_stage_name, ==, "Proposal");
      g_assert_cmpint (last->at, ==, T0 + 5000);
      g_assert_cmpint (((CrmStageMove *)g_ptr_array_index (moves, 0))->left_at, ==, T0 + 5000);
    }

  stages = crm_store_list_stages (fixture->store, fixture->pipeline_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stages->len, ==, 5);
  g_assert_null (stage_in (stages, fixture->proposal));
  g_assert_cmpint (crm_stage_get_deal_count (stage_in (stages, fixture->negotiation)), ==, 6);
  g_assert_cmpint (crm_stage_get_amount_total (stage_in (stages, fixture->negotiation)), ==, total);

  /* The last open stage of a pipeline stays. */
  g_assert_false (crm_store_delete_stage (fixture->store, other_stage, 0, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  /* Won and lost stages are not open stages, and may go. */
  g_assert_true (crm_store_delete_stage (fixture->store,
                                         crm_store_find_stage (fixture->store, other_pipeline, "Won", NULL),
                                         0, &error));
  g_assert_no_error (error);
  g_assert_true (crm_store_delete_stage (fixture->store, fixture->new_lead, 0, &error));
  g_assert_no_error (error);
  g_assert_true (crm_store_delete_stage (fixture->store, fixture->contacted, 0, &error));
  g_assert_no_error (error);
  g_assert_false (crm_store_delete_stage (fixture->store, fixture->negotiation, fixture->won, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (count_deals (fixture), ==, 6);
}

static void
test_pipelines (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pipelines = NULL;
  g_autoptr(GPtrArray) stages = NULL;
  g_autofree char *long_name = g_strnfill (101, 'p');
  gint64 salon, found;

  salon = crm_store_add_pipeline (fixture->store, "  Salon  services ", &error);
  g_assert_no_error (error);
  g_assert_cmpint (salon, >, 0);

  pipelines = crm_store_list_pipelines (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pipelines->len, ==, 2);
  g_assert_cmpint (crm_pipeline_get_id (g_ptr_array_index (pipelines, 0)), ==, fixture->pipeline_id);
  g_assert_cmpstr (crm_pipeline_get_name (g_ptr_array_index (pipelines, 0)), ==, "Sales");
  g_assert_cmpint (crm_pipeline_get_id (g_ptr_array_index (pipelines, 1)), ==, salon);
  g_assert_cmpstr (crm_pipeline_get_name (g_ptr_array_index (pipelines, 1)), ==, "Salon services");
  g_assert_cmpint (crm_pipeline_get_position (g_ptr_array_index (pipelines, 0)), <,
                   crm_pipeline_get_position (g_ptr_array_index (pipelines, 1)));

  /* A new pipeline is usable at once. */
  stages = crm_store_list_stages (fixture->store, salon, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stages->len, ==, 3);
  g_assert_cmpstr (crm_stage_get_name (g_ptr_array_index (stages, 0)), ==, "New");
  g_assert_cmpint (crm_stage_get_kind (g_ptr_array_index (stages, 0)), ==, CRM_STAGE_OPEN);
  g_assert_cmpstr (crm_stage_get_name (g_ptr_array_index (stages, 1)), ==, "Won");
  g_assert_cmpint (crm_stage_get_kind (g_ptr_array_index (stages, 1)), ==, CRM_STAGE_WON);
  g_assert_cmpstr (crm_stage_get_name (g_ptr_array_index (stages, 2)), ==, "Lost");
  g_assert_cmpint (crm_stage_get_kind (g_ptr_array_index (stages, 2)), ==, CRM_STAGE_LOST);

  found = crm_store_find_pipeline (fixture->store, "SALON SERVICES", &error);
  g_assert_no_error (error);
  g_assert_cmpint (found, ==, salon);
  found = crm_store_find_pipeline (fixture->store, "sales", &error);
  g_assert_no_error (error);
  g_assert_cmpint (found, ==, fixture->pipeline_id);
  found = crm_store_find_pipeline (fixture->store, "Nails", &error);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
  g_assert_cmpint (found, ==, 0);
  g_clear_error (&error);

  g_assert_cmpint (crm_store_add_pipeline (fixture->store, "SÁLES", &error), ==, 0);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_DUPLICATE);
  g_clear_error (&error);
  g_assert_cmpint (crm_store_add_pipeline (fixture->store, "", &error), ==, 0);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (crm_store_add_pipeline (fixture->store, long_name, &error), ==, 0);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (sql_int (fixture, "SELECT count(*) FROM pipelines", 0), ==, 2);

  g_assert_cmpint (crm_store_get_default_pipeline (fixture->store, &error), ==, fixture->pipeline_id);
  g_assert_no_error (error);

  /* Stage names are per pipeline: both have a "Won". */
  g_assert_cmpint (crm_store_find_stage (fixture->store, salon, "won", &error), !=, fixture->won);
  g_assert_no_error (error);
  g_assert_cmpint (crm_store_find_stage (fixture->store, 0, "won", &error), ==, fixture->won);
  g_assert_no_error (error);
  g_assert_cmpint (crm_store_find_stage (fixture->store, salon, "New lead", &error), ==, 0);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A deal put into the new pipeline reports it. */
  {
    g_autoptr(CrmDeal) deal = NULL;
    gint64 id = add_deal (fixture, "Course", crm_store_find_stage (fixture->store, salon, "New", NULL));

    deal = crm_store_get_deal (fixture->store, id, &error);
    g_assert_no_error (error);
    g_assert_cmpint (crm_deal_get_pipeline_id (deal), ==, salon);
  }
}

static gboolean
search_finds (Fixture    *fixture,
              const char *query,
              gint64      id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = crm_search_run (fixture->store, query, 20, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < results->len; i++)
    {
      CrmSearchResult *result = g_ptr_array_index (results, i);

      if (result->kind == CRM_ENTITY_DEAL && result->id == id)
        return TRUE;
    }

  return FALSE;
}

static void
test_trash (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) trash = NULL;
  g_autoptr(CrmDeal) deal = NULL;
  g_autoptr(CrmStage) stage = NULL;
  gint64 keep, gone;
  gboolean listed = FALSE;

  keep = add_deal_full (fixture, "Keep", fixture->contacted, 100, NULL);
  gone = add_deal_full (fixture, "Gone", fixture->contacted, 200, NULL);

  g_assert_true (search_finds (fixture, "Gone", gone));

  crm_time_set_fake_now (T0 + 1000);
  g_assert_true (crm_store_delete_deal (fixture->store, gone, &error));
  g_assert_no_error (error);
  g_assert_false (search_finds (fixture, "Gone", gone));

  deal = crm_store_get_deal (fixture->store, gone, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_deal_get_deleted_at (deal), ==, T0 + 1000);
  g_clear_object (&deal);

  trash = crm_store_list_trash (fixture->store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < trash->len; i++)
    {
      CrmTrashItem *item = g_ptr_array_index (trash, i);

      if (item->id == gone)
        {
          g_assert_cmpint (item->kind, ==, CRM_ENTITY_DEAL);
          g_assert_cmpstr (item->title, ==, "Gone");
          listed = TRUE;
        }
      g_assert_cmpint (item->id, !=, keep);
    }
  g_assert_true (listed);
  g_clear_pointer (&trash, g_ptr_array_unref);

  stage = crm_store_get_stage (fixture->store, fixture->contacted, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_stage_get_deal_count (stage), ==, 1);
  g_assert_cmpint (crm_stage_get_amount_total (stage), ==, 100);
  g_clear_object (&stage);

  /* A trashed deal cannot be moved, changed or trashed again. */
  g_assert_false (crm_store_move_deal (fixture->store, gone, fixture->won, 0, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (crm_store_move_deal (fixture->store, keep, fixture->contacted, gone, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  deal = crm_store_get_deal (fixture->store, gone, &error);
  g_assert_no_error (error);
  crm_deal_set_title (deal, "Changed while gone");
  g_assert_false (crm_store_update_deal (fixture->store, deal, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&deal);
  g_assert_false (crm_store_delete_deal (fixture->store, gone, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* A live deal cannot be restored. */
  g_assert_false (crm_store_restore_deal (fixture->store, keep, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (crm_store_restore_deal (fixture->store, gone, &error));
  g_assert_no_error (error);
  g_assert_true (search_finds (fixture, "Gone", gone));
  deal = crm_store_get_deal (fixture->store, gone, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_deal_get_deleted_at (deal), ==, 0);
  g_assert_cmpstr (crm_deal_get_title (deal), ==, "Gone");
  g_assert_cmpint (crm_deal_get_stage_id (deal), ==, fixture->contacted);
  g_clear_object (&deal);

  trash = crm_store_list_trash (fixture->store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < trash->len; i++)
    g_assert_cmpint (((CrmTrashItem *)g_ptr_array_index (trash, i))->id, !=, gone);
  g_clear_pointer (&trash, g_ptr_array_unref);

  stage = crm_store_get_stage (fixture->store, fixture->contacted, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_stage_get_deal_count (stage), ==, 2);
  g_clear_object (&stage);

  /* A deal whose stage went away while it was in the trash comes back to
   * the first open stage, and the path says so. */
  g_assert_true (crm_store_delete_deal (fixture->store, gone, &error));
  g_assert_no_error (error);
  g_assert_true (crm_store_delete_stage (fixture->store, fixture->contacted, fixture->proposal, &error));
  g_assert_no_error (error);
  g_assert_true (crm_store_restore_deal (fixture->store, gone, &error));
  g_assert_no_error (error);
  deal = crm_store_get_deal (fixture->store, gone, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_deal_get_stage_id (deal), ==, fixture->new_lead);
  {
    g_autoptr(GPtrArray) moves = crm_store_list_stage_moves (fixture->store, gone, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (moves->len, ==, 2);
    g_assert_cmpint (((CrmStageMove *)g_ptr_array_index (moves, 1))->to_stage_id, ==, fixture->new_lead);
  }

  g_assert_false (crm_store_restore_deal (fixture->store, 31337, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
}

typedef struct
{
  guint  changing;
  guint  changed;
  int    last_kind;
  gint64 last_id;
  gint64 changing_id;
} SignalCount;

static void
changing_cb (CrmStore    *store,
             int          kind,
             gint64       id,
             SignalCount *count)
{
  if (kind != CRM_ENTITY_DEAL)
    return;
  count->changing++;
  count->changing_id = id;
}

static void
changed_cb (CrmStore    *store,
            int          kind,
            gint64       id,
            SignalCount *count)
{
  count->changed++;
  count->last_kind = kind;
  count->last_id = id;
}

static void
test_signals (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmDeal) deal = valid_deal ();
  g_autoptr(CrmDeal) bad = valid_deal ();
  SignalCount count = { 0 };
  gint64 id, other;

  g_signal_connect (fixture->store, "changing", G_CALLBACK (changing_cb), &count);
  g_signal_connect (fixture->store, "changed", G_CALLBACK (changed_cb), &count);

  id = crm_store_add_deal (fixture->store, deal, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count.changing, ==, 1);
  g_assert_cmpint (count.changing_id, ==, 0);
  g_assert_cmpuint (count.changed, ==, 1);
  g_assert_cmpint (count.last_kind, ==, CRM_ENTITY_DEAL);
  g_assert_cmpint (count.last_id, ==, id);

  move (fixture, id, fixture->won, 0);
  g_assert_cmpuint (count.changing, ==, 2);
  g_assert_cmpint (count.changing_id, ==, id);
  g_assert_cmpuint (count.changed, ==, 2);
  g_assert_cmpint (count.last_id, ==, id);

  g_clear_object (&deal);
  deal = crm_store_get_deal (fixture->store, id, &error);
  g_assert_no_error (error);
  crm_deal_set_amount (deal, 99);
  g_assert_true (crm_store_update_deal (fixture->store, deal, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count.changed, ==, 3);
  g_assert_cmpint (count.last_kind, ==, CRM_ENTITY_DEAL);

  /* Refused writes announce nothing. */
  crm_deal_set_amount (bad, -5);
  g_assert_cmpint (crm_store_add_deal (fixture->store, bad, &error), ==, 0);
  g_clear_error (&error);
  g_assert_false (crm_store_move_deal (fixture->store, id, 999, 0, &error));
  g_clear_error (&error);
  g_assert_cmpuint (count.changed, ==, 3);

  other = add_deal (fixture, "Other", fixture->won);
  g_assert_cmpuint (count.changed, ==, 4);
  g_assert_true (crm_store_delete_deal (fixture->store, other, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count.changed, ==, 5);
  g_assert_cmpint (count.last_id, ==, other);
  g_assert_true (crm_store_restore_deal (fixture->store, other, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count.changed, ==, 6);

  /* A stage edit is announced as the stage. */
  g_assert_true (crm_store_rename_stage (fixture->store, fixture->won, "Paid", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count.changed, ==, 7);
  g_assert_cmpint (count.last_kind, ==, CRM_ENTITY_STAGE);
  g_assert_cmpint (count.last_id, ==, fixture->won);

  /* Signals wait for the outermost commit, and go when it is rolled back. */
  g_assert_true (crm_store_begin (fixture->store, &error));
  move (fixture, id, fixture->lost, 0);
  g_assert_cmpuint (count.changed, ==, 7);
  crm_store_rollback (fixture->store);
  g_assert_cmpuint (count.changed, ==, 7);
  g_assert_cmpint (sql_int (fixture, "SELECT stage_id FROM deals WHERE id = ?1", id), ==, fixture->won);
}

static void
test_no_partial_writes (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmDeal) deal = valid_deal ();
  g_autoptr(CrmDeal) stored = NULL;
  g_autofree char *long_tag = g_strnfill (300, 't');
  const char *bad_tags[] = { "fine", long_tag, NULL };
  const char *good_tags[] = { "fine", NULL };
  gint64 history_rows, stage_rows, tag_rows, id;

  history_rows = sql_int (fixture, "SELECT count(*) FROM history", 0);
  stage_rows = sql_int (fixture, "SELECT count(*) FROM deal_stage_history", 0);
  tag_rows = sql_int (fixture, "SELECT count(*) FROM tags", 0);

  /* The tag is refused after the deal row was written: all of it goes. */
  crm_deal_set_tag_list (deal, bad_tags);
  g_assert_cmpint (crm_store_add_deal (fixture->store, deal, &error), ==, 0);
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (count_deals (fixture), ==, 0);
  g_assert_cmpint (sql_int (fixture, "SELECT count(*) FROM deal_tags", 0), ==, 0);
  g_assert_cmpint (sql_int (fixture, "SELECT count(*) FROM tags", 0), ==, tag_rows);
  g_assert_cmpint (sql_int (fixture, "SELECT count(*) FROM history", 0), ==, history_rows);
  g_assert_cmpint (sql_int (fixture, "SELECT count(*) FROM deal_stage_history", 0), ==, stage_rows);
  g_assert_cmpint (crm_deal_get_id (deal), ==, 0);

  /* The store is usable afterwards. */
  crm_deal_set_tag_list (deal, good_tags);
  id = crm_store_add_deal (fixture->store, deal, &error);
  g_assert_no_error (error);
  history_rows = sql_int (fixture, "SELECT count(*) FROM history", 0);
  stage_rows = sql_int (fixture, "SELECT count(*) FROM deal_stage_history", 0);

  /* An update that fails on its tags keeps the old title, stage and tags. */
  crm_deal_set_title (deal, "Renamed");
  crm_deal_set_stage_id (deal, fixture->won);
  crm_deal_set_tag_list (deal, bad_tags);
  g_assert_false (crm_store_update_deal (fixture->store, deal, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  stored = crm_store_get_deal (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (crm_deal_get_title (stored), ==, "Manicure");
  g_assert_cmpint (crm_deal_get_stage_id (stored), ==, fixture->new_lead);
  g_assert_cmpstr (crm_deal_get_tags (stored), ==, "fine");
  g_assert_cmpint (sql_int (fixture, "SELECT count(*) FROM history", 0), ==, history_rows);
  g_assert_cmpint (sql_int (fixture, "SELECT count(*) FROM deal_stage_history", 0), ==, stage_rows);

  /* A stage delete that cannot complete leaves the deals where they were. */
  g_assert_false (crm_store_delete_stage (fixture->store, fixture->new_lead, 4242, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (sql_int (fixture, "SELECT stage_id FROM deals WHERE id = ?1", id), ==, fixture->new_lead);
  g_assert_cmpint (sql_int (fixture, "SELECT deleted_at IS NULL FROM stages WHERE id = ?1",
                            fixture->new_lead), ==, 1);
}

static void
test_update (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmDeal) deal = NULL;
  g_autoptr(CrmDeal) stored = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  const char *tags[] = { "repeat", NULL };
  gint64 contact = insert_contact (fixture, "Olga");
  gint64 stylist, id, waiting;

  stylist = crm_store_add_user (fixture->store, "marta", "Marta", CRM_ROLE_SALES, &error);
  g_assert_no_error (error);
  waiting = add_deal (fixture, "Waiting", fixture->negotiation);
  id = add_deal_full (fixture, "Haircut", fixture->new_lead, 2000, NULL);

  crm_time_set_fake_now (T0 + 10000);
  deal = crm_store_get_deal (fixture->store, id, &error);
  g_assert_no_error (error);
  crm_deal_set_title (deal, "Haircut and styling");
  crm_deal_set_amount (deal, 3550);
  crm_deal_set_contact_id (deal, contact);
  crm_deal_set_owner_id (deal, stylist);
  crm_deal_set_expected_close (deal, "2024-04-01");
  crm_deal_set_tag_list (deal, tags);
  crm_deal_set_stage_id (deal, fixture->negotiation);
  g_assert_true (crm_store_update_deal (fixture->store, deal, &error));
  g_assert_no_error (error);

  stored = crm_store_get_deal (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (crm_deal_get_title (stored), ==, "Haircut and styling");
  g_assert_cmpint (crm_deal_get_amount (stored), ==, 3550);
  g_assert_cmpstr (crm_deal_get_contact_name (stored), ==, "Olga");
  g_assert_cmpstr (crm_deal_get_owner_name (stored), ==, "Marta");
  g_assert_cmpstr (crm_deal_get_expected_close (stored), ==, "2024-04-01");
  g_assert_cmpstr (crm_deal_get_tags (stored), ==, "repeat");
  g_assert_cmpint (crm_deal_get_stage_id (stored), ==, fixture->negotiation);
  g_assert_cmpint (crm_deal_get_updated_at (stored), ==, T0 + 10000);
  g_assert_cmpint (crm_deal_get_stage_changed_at (stored), ==, T0 + 10000);
  g_clear_object (&stored);
  g_assert_true (search_finds (fixture, "styling", id));
  g_assert_true (search_finds (fixture, "Olga", id));

  /* A stage change through update goes to the end of the new stage and
   * into the path. */
  {
    const gint64 expected[] = { waiting, id };
    g_autoptr(GPtrArray) moves = crm_store_list_stage_moves (fixture->store, id, &error);

    assert_order (fixture, fixture->negotiation, expected, 2);
    g_assert_no_error (error);
    g_assert_cmpuint (moves->len, ==, 2);
  }

  /* One history row per changed field. */
  {
    const struct { const char *field; const char *old_value; const char *new_value; } rows[] = {
      { "title", "Haircut", "Haircut and styling" },
      { "amount", "20.00 EUR", "35.50 EUR" },
      { "contact", NULL, "Olga" },
      { "owner", "Administrator", "Marta" },
      { "expected_close", NULL, "2024-04-01" },
      { "tags", NULL, "repeat" },
      { "stage", "New lead", "Negotiation" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
      {
        g_autoptr(GPtrArray) field = history_of (fixture, id, rows[i].field);
        CrmHistoryEntry *entry;

        g_assert_cmpuint (field->len, ==, 1);
        entry = g_ptr_array_index (field, 0);
        g_assert_cmpstr (entry->old_value, ==, rows[i].old_value);
        g_assert_cmpstr (entry->new_value, ==, rows[i].new_value);
        g_assert_cmpint (entry->at, ==, T0 + 10000);
      }
  }

  /* Writing the same values again records nothing and keeps updated_at. */
  entries = crm_store_list_history (fixture->store, id, &error);
  g_assert_no_error (error);
  crm_time_set_fake_now (T0 + 20000);
  g_assert_true (crm_store_update_deal (fixture->store, deal, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) again = crm_store_list_history (fixture->store, id, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (again->len, ==, entries->len);
  }
  stored = crm_store_get_deal (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_deal_get_updated_at (stored), ==, T0 + 10000);
  g_clear_object (&stored);

  /* Currency alone changes the amount text; owner 0 means nobody. */
  crm_deal_set_currency (deal, "USD");
  crm_deal_set_owner_id (deal, 0);
  crm_deal_set_lost_reason (deal, "  Too expensive\r\nfor now  ");
  g_assert_true (crm_store_update_deal (fixture->store, deal, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) amount = history_of (fixture, id, "amount");
    g_autoptr(GPtrArray) owner = history_of (fixture, id, "owner");
    g_autoptr(GPtrArray) reason = history_of (fixture, id, "lost_reason");

    g_assert_cmpuint (amount->len, ==, 2);
    g_assert_cmpstr (((CrmHistoryEntry *)g_ptr_array_index (amount, 1))->new_value, ==, "35.50 USD");
    g_assert_cmpuint (owner->len, ==, 2);
    g_assert_null (((CrmHistoryEntry *)g_ptr_array_index (owner, 1))->new_value);
    g_assert_cmpuint (reason->len, ==, 1);
    g_assert_cmpstr (((CrmHistoryEntry *)g_ptr_array_index (reason, 0))->new_value, ==, "Too expensive\nfor now");
  }
  stored = crm_store_get_deal (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_deal_get_owner_id (stored), ==, 0);
  g_assert_cmpstr (crm_deal_get_currency (stored), ==, "USD");
  g_assert_cmpint (crm_deal_get_updated_at (stored), ==, T0 + 20000);
  g_assert_cmpint (crm_deal_get_stage_changed_at (stored), ==, T0 + 10000);

  /* An unknown id. */
  crm_deal_set_id (deal, 1234);
  g_assert_false (crm_store_update_deal (fixture->store, deal, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
}

static void
test_deals_of_contact (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) deals = NULL;
  gint64 contact = insert_contact (fixture, "Ieva");
  gint64 ids[3];

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(CrmDeal) deal = valid_deal ();

      crm_time_set_fake_now (T0 + i * 1000);
      crm_deal_set_contact_id (deal, contact);
      ids[i] = crm_store_add_deal (fixture->store, deal, &error);
      g_assert_no_error (error);
    }
  add_deal (fixture, "Someone else's", 0);
  g_assert_true (crm_store_delete_deal (fixture->store, ids[1], &error));
  g_assert_no_error (error);

  deals = crm_store_list_deals_of_contact (fixture->store, contact, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (deals->len, ==, 2);
  g_assert_cmpint (crm_deal_get_id (g_ptr_array_index (deals, 0)), ==, ids[2]);
  g_assert_cmpint (crm_deal_get_id (g_ptr_array_index (deals, 1)), ==, ids[0]);
  g_assert_cmpstr (crm_deal_get_contact_name (g_ptr_array_index (deals, 0)), ==, "Ieva");
  g_assert_cmpstr (crm_deal_get_stage_name (g_ptr_array_index (deals, 0)), ==, "New lead");
}

/* The board's promise: with 10,000 open deals a drag stays far below a
 * frame. A bulk insert stands in for a busy database. */
/* Many random drops among 10k deals keep every deal and leave no two deals
 * of a stage on the same position. (Timings belong to tests/bench.) */
static void
test_many_moves (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const gint64 stages[] = { fixture->new_lead, fixture->contacted, fixture->proposal, fixture->negotiation };
  const guint n_deals = 10000;
  const guint n_moves = 300;
  GRand *rand = g_rand_new_with_seed (42);
  g_autoptr(GArray) ids = NULL;

  g_assert_true (crm_store_begin (fixture->store, &error));
  for (guint i = 0; i < n_deals; i++)
    {
      g_autoptr(CrmStatement) stmt = NULL;

      stmt = crm_database_prepare (crm_store_get_database (fixture->store),
                                   "INSERT INTO deals (id, title, title_folded, amount, currency, "
                                   "  stage_id, position, created_at, updated_at, stage_changed_at) "
                                   "VALUES (?1, 'Bulk', 'bulk', 100, 'EUR', ?2, ?3, 0, 0, 0)",
                                   &error);
      g_assert_no_error (error);
      crm_statement_bind_int64 (stmt, 1, crm_id_new ());
      crm_statement_bind_int64 (stmt, 2, stages[i % G_N_ELEMENTS (stages)]);
      crm_statement_bind_int64 (stmt, 3, (i / G_N_ELEMENTS (stages) + 1) * 1024);
      g_assert_true (crm_statement_run (stmt, &error));
    }
  g_assert_true (crm_store_commit (fixture->store, &error));

  ids = stage_order (fixture, fixture->new_lead);
  for (guint i = 1; i < G_N_ELEMENTS (stages); i++)
    {
      g_autoptr(GArray) more = stage_order (fixture, stages[i]);
      g_array_append_vals (ids, more->data, more->len);
    }
  g_assert_cmpuint (ids->len, ==, n_deals);

  for (guint i = 0; i < n_moves; i++)
    {
      gint64 deal_id = g_array_index (ids, gint64, g_rand_int_range (rand, 0, n_deals));
      gint64 before = g_array_index (ids, gint64, g_rand_int_range (rand, 0, n_deals));
      gint64 to;

      /* Half the drops land on a card, half at the end of a column. */
      if (i % 2 == 0 && before != deal_id)
        {
          to = sql_int (fixture, "SELECT stage_id FROM deals WHERE id = ?1", before);
        }
      else
        {
          to = stages[g_rand_int_range (rand, 0, G_N_ELEMENTS (stages))];
          before = 0;
        }
      move (fixture, deal_id, to, before);
    }
  g_rand_free (rand);

  g_assert_cmpint (count_deals (fixture), ==, n_deals);
  g_assert_cmpint (sql_int (fixture,
                            "SELECT count(*) FROM (SELECT stage_id, position FROM deals "
                            "WHERE deleted_at IS NULL GROUP BY stage_id, position HAVING count(*) > 1) "
                            "WHERE ?1 = ?1", 0), ==, 0);
}

/* The reasons the board offers when a deal is dropped on a lost stage. */
static void
test_lost_reasons (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) defaults = crm_store_list_lost_reasons (fixture->store);
  g_auto(GStrv) edited = NULL;
  g_auto(GStrv) empty = NULL;
  g_auto(GStrv) reopened_reasons = NULL;
  const char *reasons[] = { "  Too   expensive ", "", "Budget cut", "too expensive", "Bērns slims", NULL };
  const char *none[] = { NULL };

  /* Until edited: the four defaults (untranslated under C.UTF-8). */
  g_assert_cmpuint (g_strv_length (defaults), ==, 4);
  g_assert_cmpstr (defaults[0], ==, "Too expensive");
  g_assert_cmpstr (defaults[3], ==, "No answer");

  /* Cleaned, blanks and repeats (case ignored) left out, order kept. */
  g_assert_true (crm_store_set_lost_reasons (fixture->store, reasons, &error));
  g_assert_no_error (error);
  edited = crm_store_list_lost_reasons (fixture->store);
  g_assert_cmpuint (g_strv_length (edited), ==, 3);
  g_assert_cmpstr (edited[0], ==, "Too expensive");
  g_assert_cmpstr (edited[1], ==, "Budget cut");
  g_assert_cmpstr (edited[2], ==, "Bērns slims");

  /* Kept in the file, for every program that opens it. */
  g_clear_object (&fixture->store);
  fixture->store = crm_store_open (fixture->path, &error);
  g_assert_no_error (error);
  reopened_reasons = crm_store_list_lost_reasons (fixture->store);
  g_assert_true (g_strv_equal ((const char * const *)reopened_reasons, (const char * const *)edited));

  /* An emptied list stays empty rather than coming back as the defaults. */
  g_assert_true (crm_store_set_lost_reasons (fixture->store, none, &error));
  g_assert_no_error (error);
  empty = crm_store_list_lost_reasons (fixture->store);
  g_assert_cmpuint (g_strv_length (empty), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/deals/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("add-get", test_add_get);
  ADD ("validation", test_validation);
  ADD ("move-between-stages", test_move_between_stages);
  ADD ("move-within-stage", test_move_within_stage);
  ADD ("renumber", test_renumber);
  ADD ("list-stages", test_list_stages);
  ADD ("stage-editing", test_stage_editing);
  ADD ("delete-stage-with-deals", test_delete_stage_with_deals);
  ADD ("pipelines", test_pipelines);
  ADD ("trash", test_trash);
  ADD ("signals", test_signals);
  ADD ("no-partial-writes", test_no_partial_writes);
  ADD ("update", test_update);
  ADD ("lost-reasons", test_lost_reasons);
  ADD ("deals-of-contact", test_deals_of_contact);
  ADD ("many-moves", test_many_moves);

#undef ADD

  return g_test_run ();
}
