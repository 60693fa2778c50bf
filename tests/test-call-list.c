/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "crm-activity.h"
#include "crm-call-list.h"
#include "crm-contact.h"
#include "crm-database.h"
#include "crm-deal.h"
#include "crm-paged-list-private.h"
#include "crm-reminder.h"
#include "crm-store-activities.h"
#include "crm-store-contacts.h"
#include "crm-store-deals.h"
#include "crm-text.h"
#include "crm-time.h"

#define MINUTE ((gint64) 60 * 1000)
#define HOUR   (60 * MINUTE)
#define DAY    (24 * HOUR)

/* 2026-03-02 10:00:00 UTC */
#define NOW ((gint64) 1772445600000)

static const char * const outcomes[] = { "Reached", "No answer", "Call back later", NULL };
static const char * const tag_sets[][3] = {
  { NULL, },
  { "Bērziņš", NULL, },
  { "competitor", "Bērziņš", NULL },
  { "Competitor", NULL, },
};

/* What the test logged, to work out what a list must show. */
typedef struct
{
  gint64   id;
  gint64   started_at;
  gint64   user_id;
  gint64   contact_id;
  char    *outcome;
  guint    tag_set;
  gboolean is_call;
  gboolean trashed;
} Logged;

typedef struct
{
  char     *dir;
  char     *path;
  CrmStore *store;
  gint64    admin;
  gint64    users[2];
  gint64    contacts[4];
  gint64    deal;        /* a deal of contacts[1] */
  GArray   *logged;      /* Logged */
  GRand    *rand;
} Fixture;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR))
            remove_tree (child);
          else
            g_unlink (child);
        }
    }

  g_rmdir (path);
}

static gint64
add_contact (Fixture    *f,
             const char *name)
{
  g_autoptr(CrmContact) contact = crm_contact_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  crm_contact_set_name (contact, name);
  id = crm_store_add_contact (f->store, contact, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  return id;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(CrmDeal) deal = crm_deal_new ();
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("clientele-calls-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "clientele.db", NULL);

  crm_time_set_fake_now (NOW);
  f->store = crm_store_open (f->path, &error);
  g_assert_no_error (error);

  f->rand = g_rand_new_with_seed (20260302);
  f->logged = g_array_new (FALSE, TRUE, sizeof (Logged));

  f->admin = crm_store_get_current_user (f->store);
  f->users[0] = crm_store_add_user (f->store, "anna", "Anna", CRM_ROLE_SALES, &error);
  g_assert_no_error (error);
  f->users[1] = crm_store_add_user (f->store, "bob", "Bob", CRM_ROLE_SALES, &error);
  g_assert_no_error (error);

  f->contacts[0] = add_contact (f, "Zane Bērziņa");
  f->contacts[1] = add_contact (f, "Acme");
  f->contacts[2] = add_contact (f, "Ōskars");
  f->contacts[3] = add_contact (f, "Bob Stone");

  stages = crm_store_list_stages (f->store, crm_store_get_default_pipeline (f->store, NULL), &error);
  g_assert_no_error (error);
  crm_deal_set_title (deal, "Windows");
  crm_deal_set_contact_id (deal, f->contacts[1]);
  crm_deal_set_stage_id (deal, crm_stage_get_id (g_ptr_array_index (stages, 0)));
  f->deal = crm_store_add_deal (f->store, deal, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  crm_time_set_fake_now (0);
  for (guint i = 0; i < f->logged->len; i++)
    g_free (g_array_index (f->logged, Logged, i).outcome);
  g_clear_pointer (&f->logged, g_array_unref);
  g_clear_pointer (&f->rand, g_rand_free);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static Logged *
find_logged (Fixture *f,
             gint64   id)
{
  for (guint i = 0; i < f->logged->len; i++)
    {
      Logged *logged = &g_array_index (f->logged, Logged, i);

      if (logged->id == id)
        return logged;
    }

  g_assert_not_reached ();
  return NULL;
}

/* Logs an activity with the store; a call by default. */
static gint64
log_activity (Fixture         *f,
              CrmActivityKind  kind,
              gint64           started_at,
              gint64           user_id,
              gint64           contact_id,
              gint64           deal_id,
              const char      *outcome,
              guint            tag_set)
{
  g_autoptr(CrmActivity) activity = crm_activity_new ();
  g_autoptr(GError) error = NULL;
  Logged logged = { 0, };

  crm_activity_set_kind (activity, kind);
  crm_activity_set_contact_id (activity, contact_id);
  crm_activity_set_deal_id (activity, deal_id);
  crm_activity_set_user_id (activity, user_id);
  crm_activity_set_direction (activity, started_at % 2 == 0 ? CRM_CALL_OUTGOING : CRM_CALL_INCOMING);
  crm_activity_set_started_at (activity, started_at);
  crm_activity_set_duration (activity, 90);
  crm_activity_set_outcome (activity, outcome);
  crm_activity_set_key_points (activity, "Talked about the price");
  crm_activity_set_tag_list (activity, tag_sets[tag_set]);

  logged.id = crm_store_add_activity (f->store, activity, &error);
  g_assert_no_error (error);
  g_assert_cmpint (logged.id, >, 0);

  logged.started_at = started_at;
  logged.user_id = user_id != 0 ? user_id : f->admin;
  logged.contact_id = crm_activity_get_contact_id (activity);
  logged.outcome = g_strdup (outcome);
  logged.tag_set = tag_set;
  logged.is_call = kind == CRM_ACTIVITY_CALL;
  g_array_append_val (f->logged, logged);

  return logged.id;
}

static gint64
log_random_call (Fixture *f)
{
  gint64 users[] = { 0, f->users[0], f->users[1] };
  guint contact = g_rand_int_range (f->rand, 0, 4);
  /* Whole minutes over 60 days, so that several calls share a time. */
  gint64 started = NOW - g_rand_int_range (f->rand, 0, 60 * 24 * 60 / 97) * 97 * MINUTE;

  return log_activity (f, CRM_ACTIVITY_CALL, started,
                       users[g_rand_int_range (f->rand, 0, 3)],
                       contact == 1 && g_rand_boolean (f->rand) ? 0 : f->contacts[contact],
                       contact == 1 ? f->deal : 0,
                       outcomes[g_rand_int_range (f->rand, 0, 3)],
                       g_rand_int_range (f->rand, 0, G_N_ELEMENTS (tag_sets)));
}

static gboolean
tag_set_has (guint       tag_set,
             const char *tag)
{
  g_autofree char *wanted = crm_text_fold (tag);

  for (guint i = 0; tag_sets[tag_set][i] != NULL; i++)
    {
      g_autofree char *folded = crm_text_fold (tag_sets[tag_set][i]);

      if (g_strcmp0 (folded, wanted) == 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
matches (const Logged        *logged,
         const CrmCallFilter *filter)
{
  return logged->is_call && !logged->trashed &&
         (filter->user_id == 0 || logged->user_id == filter->user_id) &&
         (filter->from_ms == 0 || logged->started_at >= filter->from_ms) &&
         (filter->to_ms == 0 || logged->started_at < filter->to_ms) &&
         (filter->outcome == NULL || g_strcmp0 (logged->outcome, filter->outcome) == 0) &&
         (filter->tag == NULL || tag_set_has (logged->tag_set, filter->tag)) &&
         (filter->contact_id == 0 || logged->contact_id == filter->contact_id);
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const Logged *la = a;
  const Logged *lb = b;

  if (la->started_at != lb->started_at)
    return la->started_at > lb->started_at ? -1 : 1;
  return la->id > lb->id ? -1 : la->id < lb->id ? 1 : 0;
}

static GArray *
expected_ids (Fixture             *f,
              const CrmCallFilter *filter)
{
  g_autoptr(GArray) sorted = g_array_copy (f->logged);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_array_sort (sorted, compare_newest_first);
  for (guint i = 0; i < sorted->len; i++)
    {
      const Logged *logged = &g_array_index (sorted, Logged, i);

      if (matches (logged, filter))
        g_array_append_val (ids, logged->id);
    }

  return ids;
}

static GArray *
model_ids (GListModel *model)
{
  guint n = g_list_model_get_n_items (model);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CrmActivity) call = g_list_model_get_item (model, i);
      gint64 id;

      g_assert_nonnull (call);
      g_assert_cmpint (crm_activity_get_kind (call), ==, CRM_ACTIVITY_CALL);
      id = crm_activity_get_id (call);
      g_array_append_val (ids, id);
    }
  g_assert_null (g_list_model_get_item (model, n));

  return ids;
}

static void
assert_ids_equal (GArray *got,
                  GArray *expected)
{
  for (guint i = 0; i < MIN (got->len, expected->len); i++)
    {
      gint64 a = g_array_index (got, gint64, i);
      gint64 b = g_array_index (expected, gint64, i);

      if (a != b)
        g_error ("Position %u holds %" G_GINT64_FORMAT ", expected %" G_GINT64_FORMAT
                 " (%u and %u items)", i, a, b, got->len, expected->len);
    }
  g_assert_cmpuint (got->len, ==, expected->len);
}

static void
assert_list (Fixture     *f,
             CrmCallList *list)
{
  g_autoptr(GArray) expected = expected_ids (f, crm_call_list_get_filter (list));
  g_autoptr(GArray) got = model_ids (G_LIST_MODEL (list));

  assert_ids_equal (got, expected);
}

static void
set_filter (CrmCallList *list,
            gint64       user_id,
            gint64       from_ms,
            gint64       to_ms,
            const char  *outcome,
            const char  *tag,
            gint64       contact_id)
{
  CrmCallFilter filter;

  crm_call_filter_init (&filter);
  filter.user_id = user_id;
  filter.from_ms = from_ms;
  filter.to_ms = to_ms;
  filter.outcome = g_strdup (outcome);
  filter.tag = g_strdup (tag);
  filter.contact_id = contact_id;
  crm_call_list_set_filter (list, &filter);
  crm_call_filter_clear (&filter);
}

/* Tests: what a list shows */

static void
test_filter (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(CrmCallList) list = NULL;
  g_autoptr(GError) error = NULL;
  gint64 trashed;

  for (guint i = 0; i < 300; i++)
    log_random_call (f);

  /* Notes are not calls; trashed calls are gone. */
  log_activity (f, CRM_ACTIVITY_NOTE, NOW - HOUR, 0, f->contacts[0], 0, NULL, 1);
  trashed = log_activity (f, CRM_ACTIVITY_CALL, NOW - 2 * HOUR, 0, f->contacts[0], 0, "Reached", 1);
  g_assert_true (crm_store_delete_activity (f->store, trashed, &error));
  g_assert_no_error (error);
  find_logged (f, trashed)->trashed = TRUE;

  list = crm_call_list_new (f->store);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 300);
  assert_list (f, list);

  set_filter (list, f->users[0], 0, 0, NULL, NULL, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >, 0);
  assert_list (f, list);

  set_filter (list, f->admin, 0, 0, NULL, NULL, 0);
  assert_list (f, list);

  set_filter (list, 0, NOW - 7 * DAY, NOW - DAY, NULL, NULL, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >, 0);
  assert_list (f, list);

  set_filter (list, 0, 0, 0, "No answer", NULL, 0);
  assert_list (f, list);

  /* Outcomes are stored cleaned; a filter with stray spaces finds them. */
  set_filter (list, 0, 0, 0, "  Call   back later ", NULL, 0);
  {
    g_autoptr(GArray) got = model_ids (G_LIST_MODEL (list));
    g_autoptr(GArray) expected = NULL;
    CrmCallFilter clean;

    crm_call_filter_init (&clean);
    clean.outcome = g_strdup ("Call back later");
    expected = expected_ids (f, &clean);
    crm_call_filter_clear (&clean);
    g_assert_cmpuint (expected->len, >, 0);
    assert_ids_equal (got, expected);
  }

  /* Tags match with case and diacritics ignored. */
  set_filter (list, 0, 0, 0, NULL, "berzins", 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >, 0);
  assert_list (f, list);
  set_filter (list, 0, 0, 0, NULL, "COMPETITOR", 0);
  assert_list (f, list);

  /* A client's calls include those logged for the client's deal. */
  set_filter (list, 0, 0, 0, NULL, NULL, f->contacts[1]);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >, 0);
  assert_list (f, list);

  set_filter (list, f->users[1], NOW - 30 * DAY, 0, "Reached", "competitor", f->contacts[2]);
  assert_list (f, list);

  set_filter (list, 0, NOW + DAY, 0, NULL, NULL, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);

  crm_call_list_set_filter (list, NULL);
  assert_list (f, list);
}

static void
test_fields (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(CrmCallList) list = NULL;
  g_autoptr(CrmActivity) call = NULL;
  gint64 id;

  id = log_activity (f, CRM_ACTIVITY_CALL, NOW - HOUR, f->users[0], 0, f->deal, "Reached", 2);

  list = crm_call_list_new (f->store);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  call = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpint (crm_activity_get_id (call), ==, id);
  g_assert_cmpint (crm_activity_get_contact_id (call), ==, f->contacts[1]);
  g_assert_cmpstr (crm_activity_get_contact_name (call), ==, "Acme");
  g_assert_cmpint (crm_activity_get_deal_id (call), ==, f->deal);
  g_assert_cmpint (crm_activity_get_user_id (call), ==, f->users[0]);
  g_assert_cmpstr (crm_activity_get_user_name (call), ==, "Anna");
  g_assert_cmpint (crm_activity_get_started_at (call), ==, NOW - HOUR);
  g_assert_cmpint (crm_activity_get_duration (call), ==, 90);
  g_assert_cmpstr (crm_activity_get_outcome (call), ==, "Reached");
  g_assert_cmpstr (crm_activity_get_key_points (call), ==, "Talked about the price");
  g_assert_cmpstr (crm_activity_get_tags (call), ==, "Bērziņš, competitor");
  g_assert_cmpint (crm_call_list_find (list, id), ==, 0);
  g_assert_cmpint (crm_call_list_find (list, f->deal), ==, -1);

  /* A call with a stored recording, and one without tags: the list's
   * items read what the store reads. */
  {
    g_autofree char *audio = g_build_filename (f->dir, "call.ogg", NULL);
    g_autoptr(CrmActivity) recorded = crm_activity_new ();
    g_autoptr(GError) error = NULL;
    gint64 ids[2];

    g_assert_true (g_file_set_contents (audio, "OggS fake audio", -1, &error));
    g_assert_no_error (error);
    crm_activity_set_kind (recorded, CRM_ACTIVITY_CALL);
    crm_activity_set_contact_id (recorded, f->contacts[2]);
    crm_activity_set_direction (recorded, CRM_CALL_INCOMING);
    crm_activity_set_started_at (recorded, NOW - 2 * HOUR);
    crm_activity_set_duration (recorded, 30);
    crm_activity_set_recording_path (recorded, audio);
    ids[0] = crm_store_add_activity (f->store, recorded, &error);
    g_assert_no_error (error);
    ids[1] = log_activity (f, CRM_ACTIVITY_CALL, NOW - 3 * HOUR, 0, f->contacts[0], 0, NULL, 0);

    for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
      {
        g_autoptr(CrmActivity) stored = crm_store_get_activity (f->store, ids[i], &error);
        g_autoptr(CrmActivity) item = g_list_model_get_item (G_LIST_MODEL (list), i + 1);
        g_autofree GParamSpec **pspecs = NULL;
        guint n_pspecs;

        g_assert_no_error (error);
        g_assert_cmpint (crm_activity_get_id (item), ==, ids[i]);
        if (i == 0)
          {
            g_assert_nonnull (crm_activity_get_recording_path (item));
            g_assert_true (g_file_test (crm_activity_get_recording_path (item), G_FILE_TEST_IS_REGULAR));
            g_assert_cmpint (crm_activity_get_direction (item), ==, CRM_CALL_INCOMING);
          }

        pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (item), &n_pspecs);
        for (guint k = 0; k < n_pspecs; k++)
          {
            g_auto(GValue) a = G_VALUE_INIT;
            g_auto(GValue) b = G_VALUE_INIT;
            g_autofree char *text_a = NULL;
            g_autofree char *text_b = NULL;

            if (!(pspecs[k]->flags & G_PARAM_READABLE))
              continue;
            g_value_init (&a, pspecs[k]->value_type);
            g_value_init (&b, pspecs[k]->value_type);
            g_object_get_property (G_OBJECT (item), pspecs[k]->name, &a);
            g_object_get_property (G_OBJECT (stored), pspecs[k]->name, &b);
            text_a = g_strdup_value_contents (&a);
            text_b = g_strdup_value_contents (&b);
            if (g_strcmp0 (text_a, text_b) != 0)
              g_error ("Call %u: %s is %s in the list, %s in the store", i, pspecs[k]->name, text_a, text_b);
          }
      }
  }
}

/* Tests: paging and the plan */

static void
test_paging (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(CrmCallList) list = NULL;
  g_autoptr(GArray) expected = NULL;
  g_autofree char *plan = NULL;
  CrmCallFilter all;
  guint n;

  /* More than the pages the list keeps. */
  for (guint i = 0; i < 700; i++)
    log_random_call (f);

  list = crm_call_list_new (f->store);
  crm_call_filter_init (&all);
  expected = expected_ids (f, &all);
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (n, ==, 700);

  /* From the end backwards, and jumps, as a scrolled view reads. */
  for (guint i = n; i > 0; i--)
    {
      g_autoptr(CrmActivity) call = g_list_model_get_item (G_LIST_MODEL (list), i - 1);

      g_assert_cmpint (crm_activity_get_id (call), ==, g_array_index (expected, gint64, i - 1));
    }
  for (guint i = 0; i < 50; i++)
    {
      guint position = g_rand_int_range (f->rand, 0, n);
      g_autoptr(CrmActivity) call = g_list_model_get_item (G_LIST_MODEL (list), position);

      g_assert_cmpint (crm_activity_get_id (call), ==, g_array_index (expected, gint64, position));
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), n));

  /* The unfiltered list walks the index of live calls in time order; no
   * sort of every call, and no row of the table read to skip notes. */
  plan = crm_call_list_dup_query_plan (list);
  g_test_message ("%s", plan);
  g_assert_nonnull (strstr (plan, "calls_by_time"));
  g_assert_null (strstr (plan, "TEMP B-TREE"));

  /* One outcome's calls come in time order from their own index. */
  set_filter (list, 0, 0, 0, "No answer", NULL, 0);
  assert_list (f, list);
  {
    g_autofree char *outcome_plan = crm_call_list_dup_query_plan (list);

    g_test_message ("%s", outcome_plan);
    g_assert_nonnull (strstr (outcome_plan, "calls_by_outcome"));
    g_assert_null (strstr (outcome_plan, "TEMP B-TREE"));
  }

  /* The outcomes a filter offers are read from that index too. */
  {
    g_autoptr(CrmStatement) stmt = NULL;
    g_autoptr(GError) error = NULL;
    g_auto(GStrv) used = crm_store_list_used_call_outcomes (f->store, 10, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (g_strv_length (used), ==, 3);
    g_assert_cmpstr (used[0], ==, "Call back later");
    g_assert_cmpstr (used[1], ==, "No answer");
    g_assert_cmpstr (used[2], ==, "Reached");

    stmt = crm_database_prepare (crm_store_get_database (f->store),
                                 "EXPLAIN QUERY PLAN SELECT min (outcome) FROM activities "
                                 "WHERE kind = 0 AND deleted_at IS NULL AND outcome > 'A'",
                                 &error);
    g_assert_no_error (error);
    g_assert_cmpint (crm_statement_step (stmt, &error), ==, CRM_STEP_ROW);
    g_assert_nonnull (strstr (crm_statement_get_text (stmt, 3), "calls_by_outcome"));
  }
}

/* Tests: items-changed */

typedef struct
{
  guint position;
  guint removed;
  guint added;
} Change;

typedef struct
{
  GListModel *model;
  GArray     *changes;
  GArray     *mirror;
} Recorder;

static void
recorder_items_changed_cb (GListModel *model,
                           guint       position,
                           guint       removed,
                           guint       added,
                           Recorder   *r)
{
  Change change = { position, removed, added };

  g_array_append_val (r->changes, change);
  g_assert_cmpuint (position + removed, <=, r->mirror->len);
  g_array_remove_range (r->mirror, position, removed);
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(CrmActivity) call = g_list_model_get_item (model, position + i);
      gint64 id = crm_activity_get_id (call);

      g_array_insert_val (r->mirror, position + i, id);
    }
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, r->mirror->len);
}

static Recorder *
recorder_new (GListModel *model)
{
  Recorder *r = g_new0 (Recorder, 1);

  r->model = g_object_ref (model);
  r->changes = g_array_new (FALSE, FALSE, sizeof (Change));
  r->mirror = model_ids (model);
  g_signal_connect (model, "items-changed", G_CALLBACK (recorder_items_changed_cb), r);

  return r;
}

static void
recorder_free (Recorder *r)
{
  g_signal_handlers_disconnect_by_data (r->model, r);
  g_object_unref (r->model);
  g_array_unref (r->changes);
  g_array_unref (r->mirror);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Recorder, recorder_free)

/* The list signalled exactly @expected, and shows what a fresh list with
 * its filter shows. */
static void
assert_changes (Fixture      *f,
                Recorder     *r,
                const Change *expected,
                guint         n_expected)
{
  g_autoptr(CrmCallList) fresh = crm_call_list_new (f->store);
  g_autoptr(GArray) fresh_ids = NULL;

  for (guint i = 0; i < MIN (r->changes->len, n_expected); i++)
    {
      const Change *c = &g_array_index (r->changes, Change, i);

      if (c->position != expected[i].position || c->removed != expected[i].removed ||
          c->added != expected[i].added)
        g_error ("Signal %u was (%u, %u, %u), expected (%u, %u, %u)", i,
                 c->position, c->removed, c->added,
                 expected[i].position, expected[i].removed, expected[i].added);
    }
  g_assert_cmpuint (r->changes->len, ==, n_expected);

  crm_call_list_set_filter (fresh, crm_call_list_get_filter (CRM_CALL_LIST (r->model)));
  fresh_ids = model_ids (G_LIST_MODEL (fresh));
  assert_ids_equal (r->mirror, fresh_ids);
  assert_list (f, CRM_CALL_LIST (r->model));

  g_array_set_size (r->changes, 0);
}

static gint64
position_of (GArray *ids,
             gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    {
      if (g_array_index (ids, gint64, i) == id)
        return i;
    }

  return -1;
}

static void
test_changes (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(CrmCallList) list = NULL;
  g_autoptr(CrmCallList) filtered = NULL;
  g_autoptr(Recorder) r = NULL;
  g_autoptr(Recorder) rf = NULL;
  g_autoptr(CrmActivity) call = NULL;
  g_autoptr(CrmContact) contact = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) before = NULL;
  gint64 id;
  gint64 position;

  for (guint i = 0; i < 200; i++)
    log_random_call (f);

  list = crm_call_list_new (f->store);
  r = recorder_new (G_LIST_MODEL (list));

  /* Only Zane's calls. */
  filtered = crm_call_list_new (f->store);
  set_filter (filtered, 0, 0, 0, NULL, NULL, f->contacts[0]);
  rf = recorder_new (G_LIST_MODEL (filtered));

  /* A new call goes where its time puts it. */
  id = log_activity (f, CRM_ACTIVITY_CALL, NOW - 10 * DAY - 1, f->users[1], f->contacts[2], 0, "Reached", 0);
  {
    g_autoptr(GArray) ids = model_ids (G_LIST_MODEL (list));

    position = position_of (ids, id);
    g_assert_cmpint (position, >, 0);
    assert_changes (f, r, (Change[]) { { position, 0, 1 } }, 1);
    assert_changes (f, rf, NULL, 0);
  }

  /* A note signals nothing. */
  log_activity (f, CRM_ACTIVITY_NOTE, NOW - HOUR, 0, f->contacts[0], 0, NULL, 0);
  assert_changes (f, r, NULL, 0);
  assert_changes (f, rf, NULL, 0);

  /* New key points: the row changes in place. */
  call = crm_store_get_activity (f->store, id, &error);
  g_assert_no_error (error);
  crm_activity_set_key_points (call, "They want a discount");
  g_assert_true (crm_store_update_activity (f->store, call, &error));
  g_assert_no_error (error);
  assert_changes (f, r, (Change[]) { { position, 1, 1 } }, 1);
  {
    g_autoptr(CrmActivity) item = g_list_model_get_item (G_LIST_MODEL (list), position);

    g_assert_cmpstr (crm_activity_get_key_points (item), ==, "They want a discount");
  }

  /* A new start time moves it to the top; a new client moves it into the
   * filtered list. */
  before = model_ids (G_LIST_MODEL (filtered));
  crm_activity_set_started_at (call, NOW - MINUTE);
  crm_activity_set_contact_id (call, f->contacts[0]);
  g_assert_true (crm_store_update_activity (f->store, call, &error));
  g_assert_no_error (error);
  find_logged (f, id)->started_at = NOW - MINUTE;
  find_logged (f, id)->contact_id = f->contacts[0];
  assert_changes (f, r, (Change[]) { { position, 1, 0 }, { 0, 0, 1 } }, 2);
  assert_changes (f, rf, (Change[]) { { 0, 0, 1 } }, 1);

  /* Trashed and restored. */
  g_assert_true (crm_store_delete_activity (f->store, id, &error));
  g_assert_no_error (error);
  find_logged (f, id)->trashed = TRUE;
  assert_changes (f, r, (Change[]) { { 0, 1, 0 } }, 1);
  assert_changes (f, rf, (Change[]) { { 0, 1, 0 } }, 1);

  g_assert_true (crm_store_restore_activity (f->store, id, &error));
  g_assert_no_error (error);
  find_logged (f, id)->trashed = FALSE;
  assert_changes (f, r, (Change[]) { { 0, 0, 1 } }, 1);
  assert_changes (f, rf, (Change[]) { { 0, 0, 1 } }, 1);

  /* Renaming a client refreshes the lists that show their calls, and
   * only those. */
  contact = crm_store_get_contact (f->store, f->contacts[0], &error);
  g_assert_no_error (error);
  crm_contact_set_name (contact, "Zane Kalniņa");
  g_assert_true (crm_store_update_contact (f->store, contact, &error));
  g_assert_no_error (error);
  {
    guint n = g_list_model_get_n_items (G_LIST_MODEL (list));
    guint nf = g_list_model_get_n_items (G_LIST_MODEL (filtered));
    g_autoptr(CrmActivity) item = g_list_model_get_item (G_LIST_MODEL (filtered), 0);

    assert_changes (f, r, (Change[]) { { 0, n, n } }, 1);
    assert_changes (f, rf, (Change[]) { { 0, nf, nf } }, 1);
    g_assert_cmpstr (crm_activity_get_contact_name (item), ==, "Zane Kalniņa");
  }

  set_filter (filtered, 0, 0, 0, NULL, NULL, f->contacts[3]);
  g_array_set_size (rf->changes, 0);
  g_array_unref (rf->mirror);
  rf->mirror = model_ids (G_LIST_MODEL (filtered));
  g_clear_object (&contact);
  contact = crm_store_get_contact (f->store, f->contacts[0], &error);
  g_assert_no_error (error);
  crm_contact_set_name (contact, "Zane Bērziņa");
  g_assert_true (crm_store_update_contact (f->store, contact, &error));
  g_assert_no_error (error);
  assert_changes (f, rf, NULL, 0);
  g_array_set_size (r->changes, 0);

  /* Another process wrote: everything again. */
  {
    guint n = g_list_model_get_n_items (G_LIST_MODEL (list));

    crm_store_emit_changed (f->store, CRM_ENTITY_ANY, 0);
    assert_changes (f, r, (Change[]) { { 0, n, n } }, 1);
  }
}

/* Tests: far jumps and the kept count */

static CrmPagedQuery *
query_of (CrmCallList *list)
{
  return _crm_paged_list_get_query (CRM_PAGED_LIST (list));
}

/* The ids of the live calls in the list's order, by SQL alone. */
static GArray *
reference_ids (Fixture *f)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autoptr(GError) error = NULL;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  stmt = crm_database_prepare (crm_store_get_database (f->store),
                               "SELECT id FROM activities WHERE kind = 0 AND deleted_at IS NULL "
                               "ORDER BY started_at DESC, id DESC",
                               &error);
  g_assert_no_error (error);
  while (crm_statement_step (stmt, &error) == CRM_STEP_ROW)
    {
      gint64 id = crm_statement_get_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  g_assert_no_error (error);

  return ids;
}

/* The call at @position, by a plain ORDER BY, LIMIT and OFFSET. */
static gint64
reference_id_at (Fixture *f,
                 guint    position)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autoptr(GError) error = NULL;

  stmt = crm_database_prepare (crm_store_get_database (f->store),
                               "SELECT id FROM activities WHERE kind = 0 AND deleted_at IS NULL "
                               "ORDER BY started_at DESC, id DESC LIMIT 1 OFFSET ?1",
                               &error);
  g_assert_no_error (error);
  crm_statement_bind_int64 (stmt, 1, position);
  g_assert_cmpint (crm_statement_step (stmt, &error), ==, CRM_STEP_ROW);

  return crm_statement_get_int64 (stmt, 0);
}

static void
run_idle (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Every anchor of @list is the row the reference has at its position. */
static void
assert_anchors (CrmCallList *list,
                GArray      *expected)
{
  CrmPagedQuery *query = query_of (list);

  for (guint i = 0; i < crm_paged_query_get_n_anchors (query); i++)
    {
      guint position;
      gint64 id = crm_paged_query_get_anchor (query, i, &position);

      g_assert_cmpuint (position, <, expected->len);
      if (g_array_index (expected, gint64, position) != id)
        g_error ("Anchor %u says %" G_GINT64_FORMAT " is at %u; it is at %" G_GINT64_FORMAT,
                 i, id, position, position_of (expected, id));
    }
}

/* Jumps to a place in every page of @list, pages in random order, and
 * finds random rows, as the reference has them; the count and the anchors
 * are the reference's too. */
static void
assert_jumps (Fixture     *f,
              CrmCallList *list,
              guint        n_finds)
{
  g_autoptr(GArray) expected = reference_ids (f);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (list));
  guint n_pages = (n + 63) / 64;
  g_autofree guint *pages = g_new (guint, n_pages);

  g_assert_cmpuint (n, ==, expected->len);
  assert_anchors (list, expected);

  for (guint i = 0; i < n_pages; i++)
    pages[i] = i;
  for (guint i = n_pages; i > 1; i--)
    {
      guint j = g_rand_int_range (f->rand, 0, i);
      guint tmp = pages[i - 1];

      pages[i - 1] = pages[j];
      pages[j] = tmp;
    }

  for (guint i = 0; i < n_pages; i++)
    {
      guint in_page = g_rand_int_range (f->rand, 0, 64);
      guint position = MIN (pages[i] * 64 + in_page, n - 1);
      g_autoptr(CrmActivity) call = g_list_model_get_item (G_LIST_MODEL (list), position);

      g_assert_nonnull (call);
      if (crm_activity_get_id (call) != g_array_index (expected, gint64, position))
        g_error ("Position %u of %u holds %" G_GINT64_FORMAT ", expected %" G_GINT64_FORMAT,
                 position, n, crm_activity_get_id (call), g_array_index (expected, gint64, position));
      if (i % 4 == 0)
        g_assert_cmpint (crm_activity_get_id (call), ==, reference_id_at (f, position));
    }

  for (guint i = 0; i < n_finds; i++)
    {
      gint64 found = g_rand_int_range (f->rand, 0, n);

      g_assert_cmpint (crm_call_list_find (list, g_array_index (expected, gint64, found)), ==, found);
    }
}

/* What @r recorded for a change of row @id is exactly a removal where the
 * reference had it, an insertion where it has it now, or (pos, 1, 1). */
static void
assert_reference_change (Fixture  *f,
                         Recorder *r,
                         GArray   *before,
                         gint64    id)
{
  g_autoptr(GArray) after = reference_ids (f);
  gint64 old_position = position_of (before, id);
  gint64 new_position = position_of (after, id);
  Change expected[2];
  guint n = 0;

  if (old_position >= 0 && old_position == new_position)
    {
      expected[n++] = (Change) { old_position, 1, 1 };
    }
  else
    {
      if (old_position >= 0)
        expected[n++] = (Change) { old_position, 1, 0 };
      if (new_position >= 0)
        expected[n++] = (Change) { new_position, 0, 1 };
    }

  assert_changes (f, r, expected, n);
  assert_ids_equal (r->mirror, after);
}

/* Writes a new start time (unless 0) and kind of activity @id through the
 * store. */
static void
rewrite_call (Fixture         *f,
              gint64           id,
              gint64           started_at,
              CrmActivityKind  kind)
{
  g_autoptr(CrmActivity) activity = NULL;
  g_autoptr(GError) error = NULL;
  Logged *logged = find_logged (f, id);

  activity = crm_store_get_activity (f->store, id, &error);
  g_assert_no_error (error);
  if (started_at != 0)
    crm_activity_set_started_at (activity, started_at);
  crm_activity_set_kind (activity, kind);
  g_assert_true (crm_store_update_activity (f->store, activity, &error));
  g_assert_no_error (error);

  logged->started_at = crm_activity_get_started_at (activity);
  logged->is_call = kind == CRM_ACTIVITY_CALL;
}

/* A far jump starts from the nearest anchor, a row whose place the list
 * knows (see crm-paged-query.c). Anchors are found on the way to far
 * jumps and in idle time; changes move them rather than drop them, and
 * they also tell where a changed row is. Whatever the list knows, it
 * pages, counts, finds and signals exactly as plain SQL orders the rows. */
static void
test_jumps (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(CrmCallList) list = NULL;
  g_autoptr(Recorder) r = NULL;
  g_autoptr(GError) error = NULL;
  CrmPagedQuery *query;
  guint n, spacing;

  /* 1,500 calls over 900 different times: many share one. */
  for (guint i = 0; i < 1500; i++)
    log_random_call (f);
  log_activity (f, CRM_ACTIVITY_NOTE, NOW - HOUR, 0, f->contacts[0], 0, NULL, 0);

  list = crm_call_list_new (f->store);
  query = query_of (list);
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (n, ==, 1500);
  spacing = crm_paged_query_get_anchor_spacing (query);
  g_assert_cmpuint (spacing, ==, 64);
  g_assert_cmpuint (crm_paged_query_get_n_anchors (query), ==, 0);

  /* A far jump finds anchors on its way, a third into the list (nearer
   * the start than the end), without a main loop; the next jumps read
   * from them. */
  {
    g_autoptr(CrmActivity) call = g_list_model_get_item (G_LIST_MODEL (list), 500);

    g_assert_cmpint (crm_activity_get_id (call), ==, reference_id_at (f, 500));
    g_assert_cmpuint (crm_paged_query_get_n_anchors (query), ==, 7);
  }
  assert_jumps (f, list, 30);

  /* Idle time finds the rest: every 64th row. */
  run_idle ();
  g_assert_cmpuint (crm_paged_query_get_n_anchors (query), ==, n / spacing);
  assert_jumps (f, list, 60);

  r = recorder_new (G_LIST_MODEL (list));

  /* Each change: the exact signal, with the row's places found from the
   * anchors, which move with it; then jumps and finds from the moved
   * anchors. Some changes run the main loop afterwards, so that new
   * anchors are found too. */
  for (guint round = 0; round < 16; round++)
    {
      g_autoptr(GArray) before = reference_ids (f);
      guint n_before = before->len;
      guint n_anchors = crm_paged_query_get_n_anchors (query);
      guint anchor_position = 0;
      gint64 anchor = crm_paged_query_get_anchor (query, 3 + round % 7, &anchor_position);
      gint64 id, other;

      switch (round % 8)
        {
        case 0:
          /* New calls: the newest, one at the time the middle call has (so
           * among equal times, by id). */
          id = log_activity (f, CRM_ACTIVITY_CALL, NOW + round * MINUTE, f->users[0],
                             f->contacts[1], 0, "Reached", 0);
          break;

        case 1:
          id = log_activity (f, CRM_ACTIVITY_CALL,
                             find_logged (f, g_array_index (before, gint64, n_before / 2))->started_at,
                             f->users[1], f->contacts[2], 0, "No answer", 1);
          break;

        case 2:
          /* From near the end to the top. */
          id = g_array_index (before, gint64, n_before - 3 - round);
          rewrite_call (f, id, NOW + HOUR + round * MINUTE, CRM_ACTIVITY_CALL);
          break;

        case 3:
          /* An anchor's row to the end. */
          id = anchor;
          rewrite_call (f, id, NOW - 61 * DAY - round * MINUTE, CRM_ACTIVITY_CALL);
          break;

        case 4:
          /* A row further down, over anchors, among calls of one time. */
          id = g_array_index (before, gint64, anchor_position + 5);
          other = g_array_index (before, gint64, 3 * n_before / 4);
          rewrite_call (f, id, find_logged (f, other)->started_at, CRM_ACTIVITY_CALL);
          break;

        case 5:
          /* An anchor's row up, past other anchors, to the time of a row
           * above. */
          id = anchor;
          other = g_array_index (before, gint64, anchor_position / 3);
          rewrite_call (f, id, find_logged (f, other)->started_at, CRM_ACTIVITY_CALL);
          break;

        case 6:
          /* An anchor's row trashed, then restored in the next step. */
          id = anchor;
          g_assert_true (crm_store_delete_activity (f->store, id, &error));
          g_assert_no_error (error);
          find_logged (f, id)->trashed = TRUE;
          assert_reference_change (f, r, before, id);
          g_assert_cmpuint (crm_paged_query_get_n_anchors (query), ==, n_anchors - 1);
          assert_jumps (f, list, 20);

          g_array_unref (before);
          before = reference_ids (f);
          g_assert_true (crm_store_restore_activity (f->store, id, &error));
          g_assert_no_error (error);
          find_logged (f, id)->trashed = FALSE;
          break;

        case 7:
        default:
          /* A call that becomes a note leaves the list; it comes back as
           * a call again. */
          id = g_array_index (before, gint64, anchor_position - 1);
          rewrite_call (f, id, 0, CRM_ACTIVITY_NOTE);
          assert_reference_change (f, r, before, id);
          assert_jumps (f, list, 20);

          g_array_unref (before);
          before = reference_ids (f);
          rewrite_call (f, id, 0, CRM_ACTIVITY_CALL);
          break;
        }

      assert_reference_change (f, r, before, id);

      /* The anchors moved with the change, less the one of a row that
       * moved; none was read again. */
      if (round % 2 == 0)
        g_assert_cmpuint (crm_paged_query_get_n_anchors (query), >=, n_anchors - 1);
      assert_jumps (f, list, 30);

      if (round % 2 == 1)
        run_idle ();
    }

  /* Calls written behind the store's back (another program): counted by
   * the database's triggers, and paged from new anchors. */
  g_assert_true (crm_database_exec (crm_store_get_database (f->store),
                                    "INSERT INTO activities (id, kind, started_at, created_at, updated_at) "
                                    "  VALUES (11, 0, 5, 0, 0), (12, 0, 5, 0, 0), (13, 1, 5, 0, 0), "
                                    "         (14, 0, 6, 0, 0);"
                                    "UPDATE activities SET deleted_at = 1 WHERE id = 14;"
                                    "DELETE FROM activities WHERE id = 12;",
                                    &error));
  g_assert_no_error (error);
  crm_store_emit_changed (f->store, CRM_ENTITY_ANY, 0);
  g_assert_cmpuint (crm_paged_query_get_n_anchors (query), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1505);
  {
    g_autoptr(CrmActivity) last = g_list_model_get_item (G_LIST_MODEL (list), 1504);

    g_assert_cmpint (crm_activity_get_id (last), ==, 11);
  }
  assert_jumps (f, list, 30);
  run_idle ();
  g_assert_cmpuint (crm_paged_query_get_n_anchors (query), ==, 1505 / spacing);
  assert_jumps (f, list, 30);
}

typedef struct
{
  CrmCallList *other;
  guint        position;
  guint        n_jumps;
} Jumper;

static void
jump_other_cb (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               Jumper     *jumper)
{
  g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (jumper->other), jumper->position);

  g_assert_nonnull (item);
  jumper->n_jumps++;
}

/* The store tells one list of a change after the other. A view of the
 * second list may jump far while the first is told, and the second does
 * not know of the change yet: its new anchors would then be counted from
 * the file as it is after the change, and moved by the change once more.
 * It finds none until the change is over. */
static void
test_jumps_during_change (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(CrmCallList) first = NULL;
  g_autoptr(CrmCallList) second = NULL;
  g_autoptr(GArray) expected = NULL;
  Jumper jumper = { NULL, 700, 0 };

  for (guint i = 0; i < 1500; i++)
    log_random_call (f);
  run_idle ();

  first = crm_call_list_new (f->store);
  second = crm_call_list_new (f->store);
  jumper.other = second;
  g_signal_connect (first, "items-changed", G_CALLBACK (jump_other_cb), &jumper);
  g_assert_cmpuint (crm_paged_query_get_n_anchors (query_of (second)), ==, 0);

  /* The newest call, before every anchor the jump would find. */
  log_activity (f, CRM_ACTIVITY_CALL, NOW, f->users[0], f->contacts[1], 0, "Reached", 0);
  g_assert_cmpuint (jumper.n_jumps, ==, 1);

  expected = reference_ids (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (second)), ==, 1501);
  assert_anchors (second, expected);
  assert_jumps (f, second, 30);
  assert_list (f, second);

  /* Once the change is over, the jump finds anchors. */
  run_idle ();
  g_clear_object (&second);
  second = crm_call_list_new (f->store);
  g_object_unref (g_list_model_get_item (G_LIST_MODEL (second), 700));
  g_assert_cmpuint (crm_paged_query_get_n_anchors (query_of (second)), >, 0);
  g_signal_handlers_disconnect_by_data (first, &jumper);
}

/* A filtered list counts its calls and has anchors of its own. */
static void
test_jumps_filtered (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CrmCallList) list = NULL;
  g_autoptr(CrmCallList) all = NULL;
  g_autoptr(GArray) expected = NULL;
  CrmPagedQuery *query;
  guint n;

  for (guint i = 0; i < 900; i++)
    log_random_call (f);
  run_idle ();

  list = crm_call_list_new (f->store);
  set_filter (list, 0, NOW - 50 * DAY, NOW - 2 * DAY, NULL, NULL, 0);
  query = query_of (list);
  expected = expected_ids (f, crm_call_list_get_filter (list));
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (n, ==, expected->len);
  g_assert_cmpuint (n, >, 4 * 64);

  for (guint i = 0; i < 40; i++)
    {
      guint position = g_rand_int_range (f->rand, 0, n);
      g_autoptr(CrmActivity) call = g_list_model_get_item (G_LIST_MODEL (list), position);

      g_assert_cmpint (crm_activity_get_id (call), ==, g_array_index (expected, gint64, position));
    }
  run_idle ();
  g_assert_cmpuint (crm_paged_query_get_n_anchors (query), ==, n / 64);
  assert_list (f, list);

  /* The unfiltered list beside it reads the kept count. */
  all = crm_call_list_new (f->store);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (all)), ==, 900);
  crm_call_list_set_filter (list, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 900);
  g_assert_cmpuint (crm_paged_query_get_n_anchors (query), ==, 0);
}

/* Tests: what the call list shares with the other lists */

static void
test_shared (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(CrmCallList) list = NULL;
  g_autoptr(CrmCallList) of_bob = NULL;
  g_autoptr(Recorder) r = NULL;
  g_autoptr(Recorder) r_bob = NULL;
  g_autoptr(CrmStore) store = NULL;
  CrmCallFilter a, b;
  GType item_type = G_TYPE_INVALID;
  guint n_items = 0;
  guint n;

  for (guint i = 0; i < 100; i++)
    log_random_call (f);
  log_activity (f, CRM_ACTIVITY_CALL, NOW - DAY, f->users[1], f->contacts[3], 0, "Reached", 0);

  list = crm_call_list_new (f->store);
  g_object_get (list, "store", &store, "item-type", &item_type, "n-items", &n_items, NULL);
  g_assert_true (store == f->store);
  g_assert_true (item_type == CRM_TYPE_ACTIVITY);
  g_assert_cmpuint (n_items, ==, 101);

  /* Newest first, always. */
  g_assert_null (g_object_class_find_property (G_OBJECT_GET_CLASS (list), "sort-key"));
  g_assert_null (g_object_class_find_property (G_OBJECT_GET_CLASS (list), "sort-descending"));

  /* Filters: strings compare by value, copies have their own. */
  crm_call_filter_init (&a);
  crm_call_filter_init (&b);
  g_assert_true (crm_call_filter_equal (&a, &b));
  a.outcome = g_strdup ("Reached");
  a.tag = g_strdup ("VIP");
  a.from_ms = NOW - DAY;
  g_assert_false (crm_call_filter_equal (&a, &b));
  b.tag = g_strdup ("old");
  crm_call_filter_copy (&a, &b);
  g_assert_true (crm_call_filter_equal (&a, &b));
  g_assert_true (a.outcome != b.outcome);
  g_assert_cmpstr (b.tag, ==, "VIP");
  g_free (b.outcome);
  b.outcome = g_strdup ("No answer");
  g_assert_false (crm_call_filter_equal (&a, &b));
  crm_call_filter_clear (&b);
  g_assert_null (b.outcome);
  g_assert_null (b.tag);
  g_assert_cmpint (b.from_ms, ==, 0);
  crm_call_filter_clear (&a);

  /* An employee whose calls a list shows: read again in place; a list
   * without them hears nothing. */
  of_bob = crm_call_list_new (f->store);
  set_filter (of_bob, f->users[1], 0, 0, NULL, NULL, f->contacts[3]);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (of_bob)), >, 0);
  r = recorder_new (G_LIST_MODEL (list));
  r_bob = recorder_new (G_LIST_MODEL (of_bob));
  n = g_list_model_get_n_items (G_LIST_MODEL (list));

  crm_store_emit_changed (f->store, CRM_ENTITY_USER, f->users[0]);
  assert_changes (f, r, (Change[]) { { 0, n, n } }, 1);
  assert_changes (f, r_bob, NULL, 0);
}

/* Tests: outcomes */

static void
test_outcomes (Fixture       *f,
               gconstpointer  data)
{
  g_auto(GStrv) defaults = crm_store_list_call_outcomes (f->store);
  g_auto(GStrv) cleaned = NULL;
  g_auto(GStrv) still = NULL;
  g_auto(GStrv) reopened = NULL;
  g_auto(GStrv) empty = NULL;
  g_autoptr(CrmActivity) call = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *too_long = g_strnfill (101, 'x');
  const char *edited[] = { "  Reached ", "Voicemail", "", "reached", "Ne-atbild", "   ", NULL };
  const char *bad[] = { "Fine", too_long, NULL };
  gint64 id;

  /* Tests run with LC_ALL=C.UTF-8: the untranslated defaults. */
  g_assert_cmpuint (g_strv_length (defaults), ==, 5);
  g_assert_cmpstr (defaults[0], ==, "Reached");
  g_assert_cmpstr (defaults[1], ==, "No answer");
  g_assert_cmpstr (defaults[2], ==, "Call back later");
  g_assert_cmpstr (defaults[3], ==, "Not interested");
  g_assert_cmpstr (defaults[4], ==, "Deal agreed");

  id = log_activity (f, CRM_ACTIVITY_CALL, NOW - HOUR, 0, f->contacts[0], 0, "Not interested", 0);

  /* Cleaned, blanks dropped, repeats dropped (case ignored), order kept. */
  g_assert_true (crm_store_set_call_outcomes (f->store, edited, &error));
  g_assert_no_error (error);
  cleaned = crm_store_list_call_outcomes (f->store);
  g_assert_cmpuint (g_strv_length (cleaned), ==, 3);
  g_assert_cmpstr (cleaned[0], ==, "Reached");
  g_assert_cmpstr (cleaned[1], ==, "Voicemail");
  g_assert_cmpstr (cleaned[2], ==, "Ne-atbild");

  /* Too long: refused, the list stays. */
  g_assert_false (crm_store_set_call_outcomes (f->store, bad, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  still = crm_store_list_call_outcomes (f->store);
  g_assert_cmpstrv (still, cleaned);

  /* An old call keeps the outcome that left the list. */
  call = crm_store_get_activity (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (crm_activity_get_outcome (call), ==, "Not interested");

  /* The list is kept in the file. */
  g_clear_object (&f->store);
  f->store = crm_store_open (f->path, &error);
  g_assert_no_error (error);
  reopened = crm_store_list_call_outcomes (f->store);
  g_assert_cmpstrv (reopened, cleaned);

  /* Filters offer what calls were logged with, each once, in order. */
  log_activity (f, CRM_ACTIVITY_CALL, NOW - 2 * HOUR, 0, f->contacts[1], 0, "Voicemail", 0);
  log_activity (f, CRM_ACTIVITY_CALL, NOW - 3 * HOUR, 0, f->contacts[2], 0, "Voicemail", 0);
  log_activity (f, CRM_ACTIVITY_NOTE, NOW - 3 * HOUR, 0, f->contacts[2], 0, "Noted", 0);
  {
    g_auto(GStrv) used = crm_store_list_used_call_outcomes (f->store, 10, &error);
    g_auto(GStrv) one = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (g_strv_length (used), ==, 2);
    g_assert_cmpstr (used[0], ==, "Not interested");
    g_assert_cmpstr (used[1], ==, "Voicemail");

    one = crm_store_list_used_call_outcomes (f->store, 1, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_strv_length (one), ==, 1);
  }

  /* An emptied list stays empty rather than coming back as the defaults. */
  g_assert_true (crm_store_set_call_outcomes (f->store, NULL, &error));
  g_assert_no_error (error);
  empty = crm_store_list_call_outcomes (f->store);
  g_assert_nonnull (empty);
  g_assert_cmpuint (g_strv_length (empty), ==, 0);
}

/* Tests: overdue reminders */

static gint64
add_reminder (Fixture *f,
              gint64   contact_id,
              gint64   deal_id,
              gint64   assignee_id,
              gint64   due_at)
{
  g_autoptr(CrmReminder) reminder = crm_reminder_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  crm_reminder_set_contact_id (reminder, contact_id);
  crm_reminder_set_deal_id (reminder, deal_id);
  crm_reminder_set_assignee_id (reminder, assignee_id);
  crm_reminder_set_due_at (reminder, due_at);
  crm_reminder_set_note (reminder, "Call back");
  id = crm_store_add_reminder (f->store, reminder, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  return id;
}

static gint64
count_overdue (Fixture *f,
               gint64   assignee_id,
               gint64   now)
{
  g_autoptr(GError) error = NULL;
  gint64 n = crm_store_count_overdue_reminders (f->store, assignee_id, now, &error);

  g_assert_no_error (error);
  return n;
}

static void
test_overdue (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 snoozed, done, trashed;

  g_assert_cmpint (count_overdue (f, 0, NOW), ==, 0);

  /* Overdue: Anna's two (one about a deal), Bob's one. */
  add_reminder (f, f->contacts[0], 0, f->users[0], NOW - DAY);
  add_reminder (f, 0, f->deal, f->users[0], NOW - MINUTE);
  add_reminder (f, f->contacts[2], 0, f->users[1], NOW - HOUR);

  /* Not overdue: due right now, due later, snoozed past now, done,
   * trashed, about a client in the trash. */
  add_reminder (f, f->contacts[0], 0, f->users[0], NOW);
  add_reminder (f, f->contacts[0], 0, f->users[1], NOW + HOUR);
  snoozed = add_reminder (f, f->contacts[0], 0, f->users[0], NOW - 2 * HOUR);
  g_assert_true (crm_store_snooze_reminder (f->store, snoozed, NOW + 10 * MINUTE, &error));
  g_assert_no_error (error);
  done = add_reminder (f, f->contacts[0], 0, f->users[0], NOW - 2 * HOUR);
  g_assert_true (crm_store_complete_reminder (f->store, done, &error));
  g_assert_no_error (error);
  trashed = add_reminder (f, f->contacts[0], 0, f->users[1], NOW - 2 * HOUR);
  g_assert_true (crm_store_delete_reminder (f->store, trashed, &error));
  g_assert_no_error (error);
  add_reminder (f, f->contacts[3], 0, f->users[1], NOW - 2 * HOUR);
  g_assert_true (crm_store_delete_contact (f->store, f->contacts[3], &error));
  g_assert_no_error (error);

  g_assert_cmpint (count_overdue (f, 0, NOW), ==, 3);
  g_assert_cmpint (count_overdue (f, f->users[0], NOW), ==, 2);
  g_assert_cmpint (count_overdue (f, f->users[1], NOW), ==, 1);
  g_assert_cmpint (count_overdue (f, f->admin, NOW), ==, 0);

  /* Time passes: the one due now, then the snoozed one, fall overdue. */
  g_assert_cmpint (count_overdue (f, 0, NOW + 1), ==, 4);
  g_assert_cmpint (count_overdue (f, f->users[0], NOW + 11 * MINUTE), ==, 4);
  g_assert_cmpint (count_overdue (f, 0, NOW + 2 * HOUR), ==, 6);

  /* Restoring the client brings its reminder back. */
  g_assert_true (crm_store_restore_contact (f->store, f->contacts[3], &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_overdue (f, f->users[1], NOW), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/call-list/filter", Fixture, NULL, fixture_set_up, test_filter, fixture_tear_down);
  g_test_add ("/call-list/fields", Fixture, NULL, fixture_set_up, test_fields, fixture_tear_down);
  g_test_add ("/call-list/paging", Fixture, NULL, fixture_set_up, test_paging, fixture_tear_down);
  g_test_add ("/call-list/changes", Fixture, NULL, fixture_set_up, test_changes, fixture_tear_down);
  g_test_add ("/call-list/jumps", Fixture, NULL, fixture_set_up, test_jumps, fixture_tear_down);
  g_test_add ("/call-list/jumps-during-change", Fixture, NULL, fixture_set_up, test_jumps_during_change, fixture_tear_down);
  g_test_add ("/call-list/jumps-filtered", Fixture, NULL, fixture_set_up, test_jumps_filtered, fixture_tear_down);
  g_test_add ("/call-list/shared", Fixture, NULL, fixture_set_up, test_shared, fixture_tear_down);
  g_test_add ("/call-list/outcomes", Fixture, NULL, fixture_set_up, test_outcomes, fixture_tear_down);
  g_test_add ("/call-list/overdue-reminders", Fixture, NULL, fixture_set_up, test_overdue, fixture_tear_down);

  return g_test_run ();
}
