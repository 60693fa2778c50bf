/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "crm-activity.h"
#include "crm-contact-list.h"
#include "crm-deal-list.h"
#include "crm-paged-list-private.h"
#include "crm-reminder.h"
#include "crm-store-activities.h"
#include "crm-store-contacts.h"
#include "crm-store-deals.h"
#include "crm-text.h"
#include "crm-time.h"

#define BASE_TIME ((gint64) 1700000000000)

/* Fixture: a temporary database with employees, two pipelines, clients
 * and deals made through the store. */

typedef struct
{
  char     *dir;
  CrmStore *store;
  gint64    admin;
  gint64    users[3];       /* "Anna", "bob", "Carl" */
  GArray   *stages;         /* the default pipeline's, in order */
  gint64    pipeline2;
  GArray   *stages2;        /* New, Won, Lost of the second pipeline */
  GArray   *contacts;       /* every contact made */
  gint64    acme;           /* a company with people */
  gint64    elektra;        /* another */
  gint64    now;            /* the fake clock */
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

static void
tick (Fixture *f,
      gint64   ms)
{
  f->now += ms;
  crm_time_set_fake_now (f->now);
}

static GArray *
list_stages (Fixture *f,
             gint64   pipeline_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stages = crm_store_list_stages (f->store, pipeline_id, &error);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_assert_no_error (error);
  g_assert_nonnull (stages);
  for (guint i = 0; i < stages->len; i++)
    {
      gint64 id = crm_stage_get_id (g_ptr_array_index (stages, i));

      g_array_append_val (ids, id);
    }

  return ids;
}

static gint64
add_contact (Fixture            *f,
             CrmContactKind      kind,
             const char         *name,
             gint64              company_id,
             gint64              owner_id,
             gboolean            is_key,
             const char * const *tags,
             const char         *phone)
{
  g_autoptr(CrmContact) contact = crm_contact_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  crm_contact_set_kind (contact, kind);
  crm_contact_set_name (contact, name);
  crm_contact_set_company_id (contact, company_id);
  crm_contact_set_owner_id (contact, owner_id);
  crm_contact_set_is_key (contact, is_key);
  crm_contact_set_tag_list (contact, tags);
  if (phone != NULL)
    crm_contact_add_phone (contact, crm_phone_entry_new (CRM_PHONE_MOBILE, phone, NULL, NULL));

  id = crm_store_add_contact (f->store, contact, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_array_append_val (f->contacts, id);

  return id;
}

static void
make_contacts (Fixture *f)
{
  const char *partner[] = { "Partner", NULL };
  const char *vip[] = { "VIP", NULL };
  const char *vip_lower[] = { "vip", "Bērziņš", NULL };

  f->acme = add_contact (f, CRM_CONTACT_COMPANY, "Acme", 0, f->users[0], TRUE, partner, NULL);
  f->elektra = add_contact (f, CRM_CONTACT_COMPANY, "Ēlektra", 0, f->users[1], FALSE, NULL, NULL);
  add_contact (f, CRM_CONTACT_PERSON, "Zane Bērziņa", f->acme, f->users[2], TRUE, vip_lower, "+371 20000001");
  add_contact (f, CRM_CONTACT_PERSON, "anna lee", f->elektra, f->users[0], FALSE, NULL, "+371 20000002");
  add_contact (f, CRM_CONTACT_PERSON, "Bob Stone", 0, f->users[1], FALSE, vip, NULL);
  add_contact (f, CRM_CONTACT_PERSON, "Élodie", f->acme, f->admin, FALSE, NULL, NULL);
  add_contact (f, CRM_CONTACT_PERSON, "carl", 0, f->users[2], TRUE, NULL, NULL);
  add_contact (f, CRM_CONTACT_PERSON, "Anna Lee", f->acme, f->users[0], FALSE, partner, NULL);
  add_contact (f, CRM_CONTACT_COMPANY, "Zeta", 0, f->users[2], FALSE, vip, NULL);
  add_contact (f, CRM_CONTACT_PERSON, "Ōskars", f->elektra, f->users[1], TRUE, NULL, NULL);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("clientele-models-XXXXXX", &error);
  g_assert_no_error (error);

  path = g_build_filename (f->dir, "clientele.db", NULL);
  f->store = crm_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);

  f->now = BASE_TIME;
  crm_time_set_fake_now (f->now);
  f->rand = g_rand_new_with_seed (20240601);

  f->admin = crm_store_get_current_user (f->store);
  f->users[0] = crm_store_add_user (f->store, "anna", "Anna", CRM_ROLE_SALES, &error);
  g_assert_no_error (error);
  f->users[1] = crm_store_add_user (f->store, "bob", "bob", CRM_ROLE_SALES, &error);
  g_assert_no_error (error);
  f->users[2] = crm_store_add_user (f->store, "carl", "Carl", CRM_ROLE_HEAD, &error);
  g_assert_no_error (error);

  f->stages = list_stages (f, crm_store_get_default_pipeline (f->store, NULL));
  g_assert_cmpuint (f->stages->len, ==, 6);

  f->pipeline2 = crm_store_add_pipeline (f->store, "Renewals", &error);
  g_assert_no_error (error);
  f->stages2 = list_stages (f, f->pipeline2);
  g_assert_cmpuint (f->stages2->len, ==, 3);

  /* The second pipeline comes first, although it was made later, so that
   * the stage order has to follow pipeline positions and not ids. */
  g_assert_true (crm_database_exec (crm_store_get_database (f->store),
                                    "UPDATE pipelines SET position = -1 WHERE name = 'Renewals'",
                                    &error));
  g_assert_no_error (error);

  f->contacts = g_array_new (FALSE, FALSE, sizeof (gint64));
  make_contacts (f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  crm_time_set_fake_now (0);
  g_clear_pointer (&f->stages, g_array_unref);
  g_clear_pointer (&f->stages2, g_array_unref);
  g_clear_pointer (&f->contacts, g_array_unref);
  g_clear_pointer (&f->rand, g_rand_free);
  remove_tree (f->dir);
  g_free (f->dir);
}

static gint64
pick (Fixture      *f,
      const gint64 *values,
      guint         n)
{
  return values[g_rand_int_range (f->rand, 0, n)];
}

static gint64
random_stage (Fixture *f)
{
  if (g_rand_int_range (f->rand, 0, 4) == 0)
    return g_array_index (f->stages2, gint64, g_rand_int_range (f->rand, 0, f->stages2->len));
  return g_array_index (f->stages, gint64, g_rand_int_range (f->rand, 0, f->stages->len));
}

static gint64
add_deal (Fixture            *f,
          const char         *title,
          gint64              amount,
          gint64              stage_id,
          gint64              contact_id,
          gint64              owner_id,
          const char         *expected_close,
          const char * const *tags)
{
  g_autoptr(CrmDeal) deal = crm_deal_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  crm_deal_set_title (deal, title);
  crm_deal_set_amount (deal, amount);
  crm_deal_set_stage_id (deal, stage_id);
  crm_deal_set_contact_id (deal, contact_id);
  crm_deal_set_owner_id (deal, owner_id);
  crm_deal_set_expected_close (deal, expected_close);
  crm_deal_set_tag_list (deal, tags);

  id = crm_store_add_deal (f->store, deal, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  return id;
}

static gint64
add_reminder (Fixture *f,
              gint64   deal_id,
              gint64   due_at)
{
  g_autoptr(CrmReminder) reminder = crm_reminder_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  crm_reminder_set_deal_id (reminder, deal_id);
  crm_reminder_set_due_at (reminder, due_at);
  id = crm_store_add_reminder (f->store, reminder, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  return id;
}

/* Deals with many equal keys (titles that fold alike, equal amounts, equal
 * times), missing clients, owners, dates and reminders. */
static void
make_deals (Fixture *f,
            guint    n)
{
  static const char *titles[] = {
    "Website redesign", "website redesign", "Ēka", "eka", "Zebra deal",
    "Apple", "apple", "Ωmega", "Mid", "Logo",
  };
  static const gint64 amounts[] = { 0, 1000, 1000, 50000, 250, 999999, 1000 };
  static const char *dates[] = { NULL, "2025-01-15", "2024-12-01", NULL, "2025-03-31" };
  static const char *tags_vip[] = { "VIP", NULL };
  static const char *tags_two[] = { "vip", "Renewal", NULL };
  static const char *tags_renewal[] = { "Renewal", NULL };
  static const char * const *tag_sets[] = { NULL, tags_vip, tags_two, tags_renewal, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_assert_true (crm_store_begin (f->store, &error));

  for (guint i = 0; i < n; i++)
    {
      gint64 contact = 0;
      gint64 owner;
      gint64 id;

      /* Every third deal shares its time with the one before. */
      if (i % 3 != 0)
        tick (f, 1000);

      if (g_rand_int_range (f->rand, 0, 5) != 0)
        contact = pick (f, (const gint64 *)(gpointer)f->contacts->data, f->contacts->len);
      owner = g_rand_int_range (f->rand, 0, 4) == 0 ? f->admin : f->users[g_rand_int_range (f->rand, 0, 3)];

      id = add_deal (f,
                     titles[g_rand_int_range (f->rand, 0, G_N_ELEMENTS (titles))],
                     pick (f, amounts, G_N_ELEMENTS (amounts)),
                     random_stage (f),
                     contact,
                     owner,
                     dates[g_rand_int_range (f->rand, 0, G_N_ELEMENTS (dates))],
                     tag_sets[g_rand_int_range (f->rand, 0, G_N_ELEMENTS (tag_sets))]);
      g_array_append_val (ids, id);
    }

  g_assert_true (crm_store_commit (f->store, &error));
  g_assert_no_error (error);

  /* Some deals with nobody as owner, and reminders: pending, done,
   * snoozed, and two on one deal. */
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autofree char *sql = NULL;

      if (i % 11 == 5)
        {
          /* With its sort key, as the store would write it. */
          sql = g_strdup_printf ("UPDATE deals SET owner_id = NULL, owner_sort = NULL "
                                 "WHERE id = %" G_GINT64_FORMAT, id);
          g_assert_true (crm_database_exec (crm_store_get_database (f->store), sql, &error));
          g_assert_no_error (error);
        }

      if (i % 4 == 1 && i < 200)
        {
          gint64 due = BASE_TIME + 86400000 * (gint64)g_rand_int_range (f->rand, 1, 6);
          gint64 reminder = add_reminder (f, id, due);

          if (i % 12 == 1)
            {
              g_assert_true (crm_store_complete_reminder (f->store, reminder, &error));
              g_assert_no_error (error);
            }
          else if (i % 12 == 5)
            {
              g_assert_true (crm_store_snooze_reminder (f->store, reminder, due + 3600000, &error));
              g_assert_no_error (error);
            }
          else if (i % 12 == 9)
            {
              add_reminder (f, id, due - 7200000);
            }
        }
    }
}

/* Expected orders, computed here from the rows rather than by SQL. */

typedef struct
{
  gint64   id;
  char    *title_folded;
  gint64   amount;
  gint64   updated_at;
  gint64   pipeline_position;
  gint64   pipeline_id;
  gint64   stage_position;
  gint64   stage_kind;
  gint64   stage_id;
  char    *client;            /* the client's folded name */
  gint64   contact_id;
  char    *owner;
  gint64   owner_id;
  gint64   next_reminder;     /* 0: none */
  char    *expected_close;
  GStrv    tags;              /* folded */
  gint64   position;          /* in its stage */
} DealRow;

static void
deal_row_free (DealRow *row)
{
  g_free (row->title_folded);
  g_free (row->client);
  g_free (row->owner);
  g_free (row->expected_close);
  g_strfreev (row->tags);
  g_free (row);
}

static GStrv
load_tags (Fixture    *f,
           const char *sql,
           gint64      id)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GError) error = NULL;

  stmt = crm_database_prepare (crm_store_get_database (f->store), sql, &error);
  g_assert_no_error (error);
  crm_statement_bind_int64 (stmt, 1, id);
  while (crm_statement_step (stmt, &error) == CRM_STEP_ROW)
    g_strv_builder_add (builder, crm_statement_get_text (stmt, 0));
  g_assert_no_error (error);

  return g_strv_builder_end (builder);
}

/* The next pending reminder, computed from all the reminders' rows. */
static gint64
next_reminder_of (Fixture *f,
                  gint64   deal_id)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autoptr(GError) error = NULL;
  gint64 next = 0;

  stmt = crm_database_prepare (crm_store_get_database (f->store),
                               "SELECT due_at, snoozed_until, done_at, deleted_at FROM reminders "
                               "WHERE deal_id = ?1",
                               &error);
  g_assert_no_error (error);
  crm_statement_bind_int64 (stmt, 1, deal_id);
  while (crm_statement_step (stmt, &error) == CRM_STEP_ROW)
    {
      gint64 due = crm_statement_get_int64 (stmt, 0);

      if (!crm_statement_get_is_null (stmt, 2) || !crm_statement_get_is_null (stmt, 3))
        continue;
      if (!crm_statement_get_is_null (stmt, 1))
        due = crm_statement_get_int64 (stmt, 1);
      if (next == 0 || due < next)
        next = due;
    }
  g_assert_no_error (error);

  return next;
}

static GPtrArray *
load_deal_rows (Fixture *f)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify)deal_row_free);

  stmt = crm_database_prepare (crm_store_get_database (f->store),
                               "SELECT d.id, d.title_folded, d.amount, d.updated_at, p.position, "
                               "       s.pipeline_id, s.position, s.kind, d.stage_id, c.name_folded, "
                               "       d.contact_id, crm_fold (u.name), d.owner_id, d.expected_close, d.position "
                               "FROM deals d "
                               "JOIN stages s ON s.id = d.stage_id "
                               "JOIN pipelines p ON p.id = s.pipeline_id "
                               "LEFT JOIN contacts c ON c.id = d.contact_id "
                               "LEFT JOIN users u ON u.id = d.owner_id "
                               "WHERE d.deleted_at IS NULL",
                               &error);
  g_assert_no_error (error);

  while (crm_statement_step (stmt, &error) == CRM_STEP_ROW)
    {
      DealRow *row = g_new0 (DealRow, 1);

      row->id = crm_statement_get_int64 (stmt, 0);
      row->title_folded = crm_statement_dup_text (stmt, 1);
      row->amount = crm_statement_get_int64 (stmt, 2);
      row->updated_at = crm_statement_get_int64 (stmt, 3);
      row->pipeline_position = crm_statement_get_int64 (stmt, 4);
      row->pipeline_id = crm_statement_get_int64 (stmt, 5);
      row->stage_position = crm_statement_get_int64 (stmt, 6);
      row->stage_kind = crm_statement_get_int64 (stmt, 7);
      row->stage_id = crm_statement_get_int64 (stmt, 8);
      row->client = crm_statement_dup_text (stmt, 9);
      row->contact_id = crm_statement_get_int64 (stmt, 10);
      row->owner = crm_statement_dup_text (stmt, 11);
      row->owner_id = crm_statement_get_int64 (stmt, 12);
      row->expected_close = crm_statement_dup_text (stmt, 13);
      row->position = crm_statement_get_int64 (stmt, 14);
      g_ptr_array_add (rows, row);
    }
  g_assert_no_error (error);

  for (guint i = 0; i < rows->len; i++)
    {
      DealRow *row = g_ptr_array_index (rows, i);

      row->tags = load_tags (f, "SELECT t.folded FROM deal_tags dt JOIN tags t ON t.id = dt.tag_id "
                                "WHERE dt.deal_id = ?1", row->id);
      row->next_reminder = next_reminder_of (f, row->id);
    }

  return rows;
}

#define CMP(a, b) ((a) < (b) ? -1 : (a) > (b) ? 1 : 0)

typedef struct
{
  int      key;
  gboolean descending;
} SortOrder;

static int
compare_deal_keys (const DealRow *a,
                   const DealRow *b,
                   CrmDealSort    key)
{
  int c = 0;

  switch (key)
    {
    case CRM_DEAL_SORT_UPDATED:
      return CMP (a->updated_at, b->updated_at);
    case CRM_DEAL_SORT_TITLE:
      return strcmp (a->title_folded, b->title_folded);
    case CRM_DEAL_SORT_AMOUNT:
      return CMP (a->amount, b->amount);
    case CRM_DEAL_SORT_CREATED:
      return 0;
    case CRM_DEAL_SORT_STAGE:
      c = CMP (a->pipeline_position, b->pipeline_position);
      if (c == 0)
        c = CMP (a->pipeline_id, b->pipeline_id);
      if (c == 0)
        c = CMP (a->stage_position, b->stage_position);
      return c;
    case CRM_DEAL_SORT_CLIENT:
      return strcmp (a->client, b->client);
    case CRM_DEAL_SORT_OWNER:
      return strcmp (a->owner, b->owner);
    case CRM_DEAL_SORT_NEXT_REMINDER:
      return CMP (a->next_reminder, b->next_reminder);
    case CRM_DEAL_SORT_EXPECTED_CLOSE:
      return strcmp (a->expected_close, b->expected_close);
    case CRM_DEAL_SORT_POSITION:
      return CMP (a->position, b->position);
    default:
      g_assert_not_reached ();
    }
}

static gboolean
deal_key_is_null (const DealRow *row,
                  CrmDealSort    key)
{
  switch ((int)key)
    {
    case CRM_DEAL_SORT_CLIENT:
      return row->client == NULL;
    case CRM_DEAL_SORT_OWNER:
      return row->owner == NULL;
    case CRM_DEAL_SORT_NEXT_REMINDER:
      return row->next_reminder == 0;
    case CRM_DEAL_SORT_EXPECTED_CLOSE:
      return row->expected_close == NULL;
    default:
      return FALSE;
    }
}

static int
compare_deal_rows (gconstpointer a,
                   gconstpointer b,
                   gpointer      user_data)
{
  const DealRow *ra = *(const DealRow **)a;
  const DealRow *rb = *(const DealRow **)b;
  const SortOrder *order = user_data;
  gboolean a_null = deal_key_is_null (ra, order->key);
  gboolean b_null = deal_key_is_null (rb, order->key);
  int c = 0;

  if (a_null != b_null)
    return a_null ? 1 : -1;
  if (!a_null)
    c = compare_deal_keys (ra, rb, order->key);
  if (c == 0)
    c = CMP (ra->id, rb->id);

  return order->descending ? -c : c;
}

static gboolean
strv_contains_folded (GStrv       tags,
                      const char *tag)
{
  g_autofree char *folded = crm_text_fold (tag);

  return g_strv_contains ((const char * const *)tags, folded);
}

static gboolean
deal_matches (const DealRow       *row,
              const CrmDealFilter *filter)
{
  if (filter == NULL)
    return TRUE;

  return (filter->pipeline_id == 0 || row->pipeline_id == filter->pipeline_id) &&
         (filter->stage_id == 0 || row->stage_id == filter->stage_id) &&
         (filter->owner_id == 0 || row->owner_id == filter->owner_id) &&
         (filter->amount_min == -1 || row->amount >= filter->amount_min) &&
         (filter->amount_max == -1 || row->amount <= filter->amount_max) &&
         (filter->updated_from == 0 || row->updated_at >= filter->updated_from) &&
         (filter->updated_to == 0 || row->updated_at < filter->updated_to) &&
         (filter->tag == NULL || strv_contains_folded (row->tags, filter->tag)) &&
         (!filter->open_only || row->stage_kind == CRM_STAGE_OPEN) &&
         (filter->contact_id == 0 || row->contact_id == filter->contact_id);
}

static GArray *
expected_deals (Fixture             *f,
                CrmDealSort          key,
                gboolean             descending,
                const CrmDealFilter *filter)
{
  g_autoptr(GPtrArray) rows = load_deal_rows (f);
  SortOrder order = { key, descending };
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_ptr_array_sort_with_data (rows, compare_deal_rows, &order);
  for (guint i = 0; i < rows->len; i++)
    {
      const DealRow *row = g_ptr_array_index (rows, i);

      if (deal_matches (row, filter))
        g_array_append_val (ids, row->id);
    }

  return ids;
}

typedef struct
{
  gint64    id;
  int       kind;
  char     *name_folded;
  gint64    updated_at;
  char     *company;
  gint64    company_id;
  char     *owner;
  gint64    owner_id;
  gboolean  is_key;
  GStrv     tags;
} ContactRow;

static void
contact_row_free (ContactRow *row)
{
  g_free (row->name_folded);
  g_free (row->company);
  g_free (row->owner);
  g_strfreev (row->tags);
  g_free (row);
}

static GPtrArray *
load_contact_rows (Fixture *f)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify)contact_row_free);

  stmt = crm_database_prepare (crm_store_get_database (f->store),
                               "SELECT c.id, c.kind, c.name_folded, c.updated_at, co.name_folded, "
                               "       c.company_id, crm_fold (u.name), c.owner_id, c.is_key "
                               "FROM contacts c "
                               "LEFT JOIN contacts co ON co.id = c.company_id "
                               "LEFT JOIN users u ON u.id = c.owner_id "
                               "WHERE c.deleted_at IS NULL",
                               &error);
  g_assert_no_error (error);

  while (crm_statement_step (stmt, &error) == CRM_STEP_ROW)
    {
      ContactRow *row = g_new0 (ContactRow, 1);

      row->id = crm_statement_get_int64 (stmt, 0);
      row->kind = crm_statement_get_int64 (stmt, 1);
      row->name_folded = crm_statement_dup_text (stmt, 2);
      row->updated_at = crm_statement_get_int64 (stmt, 3);
      row->company = crm_statement_dup_text (stmt, 4);
      row->company_id = crm_statement_get_int64 (stmt, 5);
      row->owner = crm_statement_dup_text (stmt, 6);
      row->owner_id = crm_statement_get_int64 (stmt, 7);
      row->is_key = crm_statement_get_int64 (stmt, 8) != 0;
      g_ptr_array_add (rows, row);
    }
  g_assert_no_error (error);

  for (guint i = 0; i < rows->len; i++)
    {
      ContactRow *row = g_ptr_array_index (rows, i);

      row->tags = load_tags (f, "SELECT t.folded FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id "
                                "WHERE ct.contact_id = ?1", row->id);
    }

  return rows;
}

static int
compare_contact_rows (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  const ContactRow *ra = *(const ContactRow **)a;
  const ContactRow *rb = *(const ContactRow **)b;
  const SortOrder *order = user_data;
  int c = 0;

  switch (order->key)
    {
    case CRM_CONTACT_SORT_NAME:
      c = strcmp (ra->name_folded, rb->name_folded);
      break;
    case CRM_CONTACT_SORT_UPDATED:
      c = CMP (ra->updated_at, rb->updated_at);
      break;
    case CRM_CONTACT_SORT_CREATED:
      break;
    case CRM_CONTACT_SORT_COMPANY:
      /* No company: last in both directions. */
      if ((ra->company == NULL) != (rb->company == NULL))
        return ra->company == NULL ? 1 : -1;
      if (ra->company != NULL)
        c = strcmp (ra->company, rb->company);
      break;
    case CRM_CONTACT_SORT_OWNER:
      if ((ra->owner == NULL) != (rb->owner == NULL))
        return ra->owner == NULL ? 1 : -1;
      if (ra->owner != NULL)
        c = strcmp (ra->owner, rb->owner);
      break;
    default:
      g_assert_not_reached ();
    }

  if (c == 0)
    c = CMP (ra->id, rb->id);

  return order->descending ? -c : c;
}

static gboolean
contact_matches (const ContactRow       *row,
                 const CrmContactFilter *filter)
{
  if (filter == NULL)
    return TRUE;

  return ((int)filter->kind == -1 || row->kind == (int)filter->kind) &&
         (filter->owner_id == 0 || row->owner_id == filter->owner_id) &&
         (filter->tag == NULL || strv_contains_folded (row->tags, filter->tag)) &&
         (!filter->key_only || row->is_key) &&
         (filter->company_id == 0 || row->company_id == filter->company_id);
}

static GArray *
expected_contacts (Fixture                *f,
                   CrmContactSort          key,
                   gboolean                descending,
                   const CrmContactFilter *filter)
{
  g_autoptr(GPtrArray) rows = load_contact_rows (f);
  SortOrder order = { key, descending };
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_ptr_array_sort_with_data (rows, compare_contact_rows, &order);
  for (guint i = 0; i < rows->len; i++)
    {
      const ContactRow *row = g_ptr_array_index (rows, i);

      if (contact_matches (row, filter))
        g_array_append_val (ids, row->id);
    }

  return ids;
}

/* Models */

static gint64
item_id (gpointer item)
{
  gint64 id = 0;

  g_assert_nonnull (item);
  g_object_get (item, "id", &id, NULL);
  return id;
}

static GArray *
model_ids (GListModel *model)
{
  guint n = g_list_model_get_n_items (model);
  GArray *ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      gint64 id = item_id (item);

      g_array_append_val (ids, id);
    }

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
assert_model_ids (GListModel *model,
                  GArray     *expected)
{
  g_autoptr(GArray) ids = model_ids (model);

  assert_ids_equal (ids, expected);
}

static GListModel *
clone_model (GListModel *model)
{
  if (CRM_IS_DEAL_LIST (model))
    {
      CrmDealList *list = CRM_DEAL_LIST (model);
      CrmDealList *clone = crm_deal_list_new (crm_deal_list_get_store (list));

      crm_deal_list_set_sort (clone, crm_deal_list_get_sort_key (list),
                              crm_deal_list_get_sort_descending (list));
      crm_deal_list_set_filter (clone, crm_deal_list_get_filter (list));
      return G_LIST_MODEL (clone);
    }
  else
    {
      CrmContactList *list = CRM_CONTACT_LIST (model);
      CrmContactList *clone = crm_contact_list_new (crm_contact_list_get_store (list));

      crm_contact_list_set_sort (clone, crm_contact_list_get_sort_key (list),
                                 crm_contact_list_get_sort_descending (list));
      crm_contact_list_set_filter (clone, crm_contact_list_get_filter (list));
      return G_LIST_MODEL (clone);
    }
}

/* Every plain property of two items agrees. */
static void
assert_items_equal (GObject *a,
                    GObject *b)
{
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs;

  g_assert_true (G_OBJECT_TYPE (a) == G_OBJECT_TYPE (b));

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (a), &n_pspecs);
  for (guint i = 0; i < n_pspecs; i++)
    {
      GType type = G_PARAM_SPEC_VALUE_TYPE (pspecs[i]);
      g_auto(GValue) va = G_VALUE_INIT;
      g_auto(GValue) vb = G_VALUE_INIT;
      g_autofree char *sa = NULL;
      g_autofree char *sb = NULL;

      if (!(pspecs[i]->flags & G_PARAM_READABLE) ||
          !(G_TYPE_IS_FUNDAMENTAL (type) || G_TYPE_IS_ENUM (type)) ||
          type == G_TYPE_POINTER || type == G_TYPE_BOXED || type == G_TYPE_OBJECT)
        continue;

      g_value_init (&va, type);
      g_value_init (&vb, type);
      g_object_get_property (a, pspecs[i]->name, &va);
      g_object_get_property (b, pspecs[i]->name, &vb);
      sa = g_strdup_value_contents (&va);
      sb = g_strdup_value_contents (&vb);
      if (g_strcmp0 (sa, sb) != 0)
        g_error ("Item %" G_GINT64_FORMAT ": %s is %s, expected %s",
                 item_id (a), pspecs[i]->name, sa, sb);
    }
}

/* The model holds the same items, in the same order and with the same
 * fields, as a list made afresh with its sort and filter. */
static void
assert_same_as_fresh (GListModel *model)
{
  g_autoptr(GListModel) fresh = clone_model (model);
  guint n = g_list_model_get_n_items (fresh);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) a = g_list_model_get_item (model, i);
      g_autoptr(GObject) b = g_list_model_get_item (fresh, i);

      g_assert_nonnull (a);
      g_assert_nonnull (b);
      if (item_id (a) != item_id (b))
        g_error ("Position %u holds %" G_GINT64_FORMAT ", a fresh list has %" G_GINT64_FORMAT,
                 i, item_id (a), item_id (b));
      assert_items_equal (a, b);
    }
  g_assert_null (g_list_model_get_item (model, n));
}

/* Recording items-changed, and following it in a mirror of the ids: after
 * each signal the mirror must be what the model shows. */

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
  gboolean    check_all;
  guint       notifies;
  guint       n_at_start;
} Recorder;

static gint64
index_of (GArray *ids,
          gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    {
      if (g_array_index (ids, gint64, i) == id)
        return i;
    }

  return -1;
}

static gint64
model_find (GListModel *model,
            gint64      id)
{
  if (CRM_IS_DEAL_LIST (model))
    return crm_deal_list_find (CRM_DEAL_LIST (model), id);
  return crm_contact_list_find (CRM_CONTACT_LIST (model), id);
}

static void
recorder_items_changed_cb (GListModel *model,
                           guint       position,
                           guint       removed,
                           guint       added,
                           Recorder   *r)
{
  Change change = { position, removed, added };
  g_autoptr(GArray) removed_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_array_append_val (r->changes, change);

  g_assert_cmpuint (position + removed, <=, r->mirror->len);
  g_array_append_vals (removed_ids, &g_array_index (r->mirror, gint64, position), removed);
  g_array_remove_range (r->mirror, position, removed);
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, position + i);
      gint64 id = item_id (item);

      g_array_insert_val (r->mirror, position + i, id);
    }

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, r->mirror->len);

  /* Between the removal and the insertion of a move too. */
  if (r->check_all)
    {
      assert_model_ids (model, r->mirror);

      for (guint i = 0; i < r->mirror->len; i++)
        {
          gint64 id = g_array_index (r->mirror, gint64, i);

          if (i % 5 == 0 || (i >= position && i <= position + 2))
            g_assert_cmpint (model_find (model, id), ==, i);
        }

      /* A row taken out (also the one a move takes out, until it is put
       * back) is not found. */
      for (guint i = 0; i < removed_ids->len; i++)
        {
          gint64 id = g_array_index (removed_ids, gint64, i);

          if (index_of (r->mirror, id) < 0)
            g_assert_cmpint (model_find (model, id), ==, -1);
        }
    }
}

static void
recorder_notify_cb (GObject    *object,
                    GParamSpec *pspec,
                    Recorder   *r)
{
  r->notifies++;
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *counter)
{
  (*counter)++;
}

static Recorder *
recorder_new (GListModel *model,
              GArray     *ids,
              gboolean    check_all)
{
  Recorder *r = g_new0 (Recorder, 1);

  r->model = g_object_ref (model);
  r->changes = g_array_new (FALSE, FALSE, sizeof (Change));
  r->mirror = g_array_copy (ids);
  r->check_all = check_all;
  r->n_at_start = ids->len;
  g_signal_connect (model, "items-changed", G_CALLBACK (recorder_items_changed_cb), r);
  g_signal_connect (model, "notify::n-items", G_CALLBACK (recorder_notify_cb), r);

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

static void
assert_changes (Recorder     *r,
                const Change *expected,
                guint         n_expected)
{
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
}

/* A change of row @id shows as exactly a removal where it was, an
 * insertion where it is now, both for a move, or (pos, 1, 1) when it kept
 * its place; nothing when the list never showed it. */
static void
assert_row_change (Recorder *r,
                   GArray   *before,
                   gint64    id)
{
  g_autoptr(GListModel) fresh = clone_model (r->model);
  g_autoptr(GArray) after = model_ids (fresh);
  gint64 old_position = index_of (before, id);
  gint64 new_position = index_of (after, id);
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

  assert_changes (r, expected, n);
  assert_ids_equal (r->mirror, after);
  assert_same_as_fresh (r->model);

  if (before->len != after->len)
    g_assert_cmpuint (r->notifies, >=, 1);
  else
    g_assert_cmpuint (r->notifies, ==, 0);
}

/* Runs @change with recorders on @models and on cold copies of them (no
 * page read yet), and checks each signalled exactly the change of the row
 * @change returns. */
typedef gint64 (*RowChangeFunc) (Fixture  *f,
                                 gpointer  data);

static void
check_row_change (Fixture       *f,
                  GPtrArray     *models,
                  RowChangeFunc  change,
                  gpointer       data)
{
  g_autoptr(GPtrArray) recorders = g_ptr_array_new_with_free_func ((GDestroyNotify)recorder_free);
  g_autoptr(GPtrArray) befores = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);
  g_autoptr(GPtrArray) cold = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 id;

  for (guint i = 0; i < models->len; i++)
    {
      GListModel *model = g_ptr_array_index (models, i);
      g_autoptr(GListModel) other = clone_model (model);
      GListModel *copy = clone_model (model);
      GArray *before = model_ids (other);

      /* The warm model first reads everything, as a view scrolled through
       * it would have; the cold one has read nothing. */
      assert_model_ids (model, before);
      g_ptr_array_add (cold, copy);

      g_ptr_array_add (recorders, recorder_new (model, before, TRUE));
      g_ptr_array_add (befores, g_array_ref (before));
      g_ptr_array_add (recorders, recorder_new (copy, before, FALSE));
      g_ptr_array_add (befores, before);
    }

  id = change (f, data);

  for (guint i = 0; i < recorders->len; i++)
    assert_row_change (g_ptr_array_index (recorders, i), g_ptr_array_index (befores, i), id);
}

/* Tests: sorting */

static void
test_deal_sort (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(CrmDealList) list = NULL;
  GEnumClass *sorts = g_type_class_ref (CRM_TYPE_DEAL_SORT);

  make_deals (f, 150);
  list = crm_deal_list_new (f->store);

  /* The default: newest change first. */
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == CRM_TYPE_DEAL);
  g_assert_cmpint (crm_deal_list_get_sort_key (list), ==, CRM_DEAL_SORT_UPDATED);
  g_assert_true (crm_deal_list_get_sort_descending (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 150);

  for (guint k = 0; k < sorts->n_values; k++)
    {
      for (int descending = 0; descending <= 1; descending++)
        {
          g_autoptr(GArray) expected = expected_deals (f, k, descending, NULL);

          g_test_message ("deals by %s, %s", sorts->values[k].value_nick,
                          descending ? "descending" : "ascending");
          crm_deal_list_set_sort (list, k, descending);
          g_assert_cmpint (crm_deal_list_get_sort_key (list), ==, k);
          g_assert_cmpint (crm_deal_list_get_sort_descending (list), ==, descending);
          g_assert_cmpuint (expected->len, ==, 150);
          assert_model_ids (G_LIST_MODEL (list), expected);
        }
    }

  g_type_class_unref (sorts);
}

static void
test_contact_sort (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(CrmContactList) list = crm_contact_list_new (f->store);
  GEnumClass *sorts = g_type_class_ref (CRM_TYPE_CONTACT_SORT);
  g_autoptr(GError) error = NULL;

  /* Equal times, and a contact with nobody as owner. */
  g_assert_true (crm_database_exec (crm_store_get_database (f->store),
                                    "UPDATE contacts SET updated_at = 5 WHERE name IN ('carl', 'Acme', 'Zeta');"
                                    "UPDATE contacts SET owner_id = NULL, owner_sort = NULL "
                                    "  WHERE name = 'Élodie'",
                                    &error));
  g_assert_no_error (error);
  crm_store_emit_changed (f->store, CRM_ENTITY_ANY, 0);

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == CRM_TYPE_CONTACT);
  g_assert_cmpint (crm_contact_list_get_sort_key (list), ==, CRM_CONTACT_SORT_NAME);
  g_assert_false (crm_contact_list_get_sort_descending (list));

  for (guint k = 0; k < sorts->n_values; k++)
    {
      for (int descending = 0; descending <= 1; descending++)
        {
          g_autoptr(GArray) expected = expected_contacts (f, k, descending, NULL);

          g_test_message ("contacts by %s, %s", sorts->values[k].value_nick,
                          descending ? "descending" : "ascending");
          crm_contact_list_set_sort (list, k, descending);
          g_assert_cmpuint (expected->len, ==, f->contacts->len);
          assert_model_ids (G_LIST_MODEL (list), expected);
        }
    }

  g_type_class_unref (sorts);
}

/* Paging */

static void
check_paging (Fixture     *f,
              CrmDealList *list,
              CrmDealSort  key,
              gboolean     descending)
{
  /* Jumps back and forth, to both ends, next to cached pages on either
   * side, and over more pages than the cache keeps. */
  static const guint positions[] = {
    0, 63, 64, 699, 640, 639, 300, 191, 192, 255, 256, 400, 128, 500, 575,
    576, 63, 0, 700 - 65, 1, 320, 319, 383, 384, 447, 448, 511, 512, 699, 0,
  };
  g_autoptr(GArray) expected = expected_deals (f, key, descending, NULL);

  crm_deal_list_set_sort (list, key, descending);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 700);
  g_assert_cmpuint (expected->len, ==, 700);

  for (guint i = 0; i < G_N_ELEMENTS (positions); i++)
    {
      g_autoptr(CrmDeal) deal = g_list_model_get_item (G_LIST_MODEL (list), positions[i]);

      g_assert_nonnull (deal);
      g_assert_cmpint (crm_deal_get_id (deal), ==, g_array_index (expected, gint64, positions[i]));
    }

  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 700));
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), G_MAXUINT));

  assert_model_ids (G_LIST_MODEL (list), expected);

  /* Backwards through the whole list, as a view scrolled up. */
  for (guint i = 700; i > 0; i--)
    {
      g_autoptr(CrmDeal) deal = g_list_model_get_item (G_LIST_MODEL (list), i - 1);

      g_assert_cmpint (crm_deal_get_id (deal), ==, g_array_index (expected, gint64, i - 1));
    }
}

static void
test_deal_paging (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(CrmDealList) list = NULL;
  g_autoptr(CrmDeal) first = NULL;
  g_autoptr(CrmDeal) again = NULL;

  make_deals (f, 700);
  list = crm_deal_list_new (f->store);

  /* Pages read from an index (the default, title, stage), from an index
   * in two runs, with a key and without (client, owner, expected close:
   * a fifth of the deals have no client, most no date), and from a
   * snapshot of sorted ids (next reminder). */
  check_paging (f, list, CRM_DEAL_SORT_UPDATED, TRUE);
  check_paging (f, list, CRM_DEAL_SORT_TITLE, FALSE);
  check_paging (f, list, CRM_DEAL_SORT_CREATED, FALSE);
  check_paging (f, list, CRM_DEAL_SORT_STAGE, TRUE);
  check_paging (f, list, CRM_DEAL_SORT_CLIENT, TRUE);
  check_paging (f, list, CRM_DEAL_SORT_CLIENT, FALSE);
  check_paging (f, list, CRM_DEAL_SORT_OWNER, FALSE);
  check_paging (f, list, CRM_DEAL_SORT_EXPECTED_CLOSE, FALSE);
  check_paging (f, list, CRM_DEAL_SORT_EXPECTED_CLOSE, TRUE);
  check_paging (f, list, CRM_DEAL_SORT_NEXT_REMINDER, FALSE);

  /* That is: SQLite cannot read a page by next reminder without sorting
   * everything, which is why such a list reads its sorted ids once. */
  {
    g_autofree char *plan = crm_deal_list_dup_query_plan (list);

    g_assert_nonnull (strstr (plan, "TEMP B-TREE FOR ORDER BY"));
  }

  /* A row read again is the same object, so views keep their selection. */
  first = g_list_model_get_item (G_LIST_MODEL (list), 5);
  for (guint i = 0; i < 700; i += 7)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), i));
  again = g_list_model_get_item (G_LIST_MODEL (list), 5);
  g_assert_true (first == again);

  /* The items carry what their rows show. */
  assert_same_as_fresh (G_LIST_MODEL (list));
}

static void
assert_item_at (CrmDealList *list,
                GArray      *expected,
                guint        position)
{
  g_autoptr(CrmDeal) deal = g_list_model_get_item (G_LIST_MODEL (list), position);

  g_assert_nonnull (deal);
  g_assert_cmpint (crm_deal_get_id (deal), ==, g_array_index (expected, gint64, position));
}

/* A page read from a known row is read in runs: the rows with the known
 * row's key, the rows with the keys after it, and the rows without a key
 * (see crm-paged-query.c). Pages cross from one run into the next, also
 * when a run ends before the offset to the page is used up: with 11 stages
 * for 700 deals, and with 220 dated deals and 480 without a date. */
static void
test_deal_paging_runs (Fixture       *f,
                       gconstpointer  data)
{
  static const CrmDealSort keys[] = { CRM_DEAL_SORT_EXPECTED_CLOSE, CRM_DEAL_SORT_STAGE };
  g_autoptr(GError) error = NULL;

  make_deals (f, 700);

  /* 220 deals with a date, in no particular order of ids: rows 0-219 of
   * the list, in either direction; 480 without. */
  g_assert_true (crm_database_exec (crm_store_get_database (f->store),
                                    "UPDATE deals SET expected_close = NULL;"
                                    "UPDATE deals SET expected_close = "
                                    "  printf ('2025-%02d-%02d', id % 12 + 1, id % 28 + 1) "
                                    "WHERE id IN (SELECT id FROM deals ORDER BY id % 7, id LIMIT 220)",
                                    &error));
  g_assert_no_error (error);

  for (guint k = 0; k < G_N_ELEMENTS (keys) * 2; k++)
    {
      CrmDealSort key = keys[k / 2];
      gboolean descending = k % 2;
      g_autoptr(GArray) expected = expected_deals (f, key, descending, NULL);
      g_autoptr(CrmDealList) forward = crm_deal_list_new (f->store);
      g_autoptr(CrmDealList) backward = crm_deal_list_new (f->store);

      g_assert_cmpuint (expected->len, ==, 700);

      /* Page 2 (rows 128-191) from the start; then page 4 (256-319) after
       * row 191, 64 rows on: by date, 28 of them are the rest of the dated
       * run, so the page starts 36 rows into the undated one. */
      crm_deal_list_set_sort (forward, key, descending);
      assert_item_at (forward, expected, 160);
      assert_item_at (forward, expected, 300);
      assert_item_at (forward, expected, 256);
      assert_item_at (forward, expected, 319);

      /* Page 4 from the start; then page 2 back from row 256, 64 rows
       * on: by date, 36 undated rows, and the page ends 28 rows before the
       * end of the dated run. */
      crm_deal_list_set_sort (backward, key, descending);
      assert_item_at (backward, expected, 300);
      assert_item_at (backward, expected, 130);
      assert_item_at (backward, expected, 128);
      assert_item_at (backward, expected, 191);

      /* Across the border between the runs, both ways. */
      assert_item_at (backward, expected, 200);
      assert_item_at (backward, expected, 219);
      assert_item_at (backward, expected, 220);
      assert_item_at (forward, expected, 220);
      assert_item_at (forward, expected, 219);

      assert_model_ids (G_LIST_MODEL (forward), expected);
      assert_model_ids (G_LIST_MODEL (backward), expected);
    }
}

/* Sort keys */

/* The keys the store keeps in the rows of live deals and contacts are
 * what joins over the contacts, users, stages and pipelines give. */
static void
assert_sort_keys_in_step (Fixture *f)
{
  static const char * const checks[] = {
    "SELECT count(*) FROM deals d "
    "LEFT JOIN contacts c ON c.id = d.contact_id "
    "LEFT JOIN users u ON u.id = d.owner_id "
    "JOIN stages s ON s.id = d.stage_id "
    "JOIN pipelines p ON p.id = s.pipeline_id "
    "WHERE d.deleted_at IS NULL AND (d.client_sort IS NOT c.name_folded "
    "  OR d.owner_sort IS NOT crm_fold (u.name) "
    "  OR d.stage_sort != p.position * 1000000 + s.position)",
    "SELECT count(*) FROM contacts c "
    "LEFT JOIN contacts co ON co.id = c.company_id "
    "LEFT JOIN users u ON u.id = c.owner_id "
    "WHERE c.deleted_at IS NULL AND (c.company_sort IS NOT co.name_folded "
    "  OR c.owner_sort IS NOT crm_fold (u.name))",
  };

  for (guint i = 0; i < G_N_ELEMENTS (checks); i++)
    {
      g_autoptr(CrmStatement) stmt = NULL;
      g_autoptr(GError) error = NULL;

      stmt = crm_database_prepare (crm_store_get_database (f->store), checks[i], &error);
      g_assert_no_error (error);
      g_assert_cmpint (crm_statement_step (stmt, &error), ==, CRM_STEP_ROW);
      g_assert_cmpint (crm_statement_get_int64 (stmt, 0), ==, 0);
    }
}

typedef struct
{
  CrmDealSort  key;
  gboolean     descending;
  CrmDealList *list;
} SortedDeals;

/* The lists kept open follow the changes, and a list made now reads the
 * same; both in the order a plain ORDER BY over the joins gives. */
static void
assert_deal_orders (Fixture     *f,
                    SortedDeals *sorted,
                    guint        n_sorted)
{
  assert_sort_keys_in_step (f);

  for (guint i = 0; i < n_sorted; i++)
    {
      g_autoptr(GArray) expected = expected_deals (f, sorted[i].key, sorted[i].descending, NULL);
      g_autoptr(CrmDealList) fresh = crm_deal_list_new (f->store);

      crm_deal_list_set_sort (fresh, sorted[i].key, sorted[i].descending);
      assert_model_ids (G_LIST_MODEL (sorted[i].list), expected);
      assert_model_ids (G_LIST_MODEL (fresh), expected);
    }
}

static gint64
first_deal_of_contact (Fixture *f,
                       gint64   contact_id)
{
  g_autoptr(GPtrArray) deals = NULL;
  g_autoptr(GError) error = NULL;

  deals = crm_store_list_deals_of_contact (f->store, contact_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (deals->len, >, 0);
  return crm_deal_get_id (g_ptr_array_index (deals, 0));
}

static void
rename_contact (Fixture    *f,
                gint64      id,
                const char *name)
{
  g_autoptr(CrmContact) contact = NULL;
  g_autoptr(GError) error = NULL;

  contact = crm_store_get_contact (f->store, id, &error);
  g_assert_no_error (error);
  crm_contact_set_name (contact, name);
  g_assert_true (crm_store_update_contact (f->store, contact, &error));
  g_assert_no_error (error);
}

/* Renames, moves, transfers, stage reorders and the trash change what a
 * deal is sorted by; the keys the deals keep follow, and so do the lists. */
static void
test_deal_sort_keys (Fixture       *f,
                     gconstpointer  data)
{
  SortedDeals sorted[] = {
    { CRM_DEAL_SORT_CLIENT, FALSE, NULL },
    { CRM_DEAL_SORT_CLIENT, TRUE, NULL },
    { CRM_DEAL_SORT_STAGE, FALSE, NULL },
    { CRM_DEAL_SORT_STAGE, TRUE, NULL },
    { CRM_DEAL_SORT_OWNER, FALSE, NULL },
    { CRM_DEAL_SORT_EXPECTED_CLOSE, TRUE, NULL },
  };
  gint64 zane = g_array_index (f->contacts, gint64, 2);
  gint64 bob = g_array_index (f->contacts, gint64, 4);
  g_autoptr(CrmDeal) deal = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deal_id, trashed_id, new_stage;

  make_deals (f, 120);
  for (guint i = 0; i < G_N_ELEMENTS (sorted); i++)
    {
      sorted[i].list = crm_deal_list_new (f->store);
      crm_deal_list_set_sort (sorted[i].list, sorted[i].key, sorted[i].descending);
    }
  assert_deal_orders (f, sorted, G_N_ELEMENTS (sorted));

  /* A client renamed: all of its deals move. */
  rename_contact (f, zane, "Ādams Ābele");
  assert_deal_orders (f, sorted, G_N_ELEMENTS (sorted));

  /* A deal given to another client, to none, to another owner, to
   * nobody, and a date. */
  deal_id = first_deal_of_contact (f, bob);
  deal = crm_store_get_deal (f->store, deal_id, &error);
  g_assert_no_error (error);
  crm_deal_set_contact_id (deal, zane);
  crm_deal_set_owner_id (deal, f->users[2]);
  crm_deal_set_expected_close (deal, "2031-01-01");
  g_assert_true (crm_store_update_deal (f->store, deal, &error));
  g_assert_no_error (error);
  assert_deal_orders (f, sorted, G_N_ELEMENTS (sorted));

  crm_deal_set_contact_id (deal, 0);
  crm_deal_set_owner_id (deal, 0);
  g_assert_true (crm_store_update_deal (f->store, deal, &error));
  g_assert_no_error (error);
  assert_deal_orders (f, sorted, G_N_ELEMENTS (sorted));

  /* Moves between the stages of one pipeline and into another. */
  g_assert_true (crm_store_move_deal (f->store, deal_id, g_array_index (f->stages, gint64, 3), 0, &error));
  g_assert_no_error (error);
  g_assert_true (crm_store_move_deal (f->store, first_deal_of_contact (f, zane),
                                      g_array_index (f->stages2, gint64, 1), 0, &error));
  g_assert_no_error (error);
  assert_deal_orders (f, sorted, G_N_ELEMENTS (sorted));

  /* A deal in the trash while the stages are reordered comes back in its
   * stage's new place. */
  trashed_id = first_deal_of_contact (f, g_array_index (f->contacts, gint64, 3));
  g_assert_true (crm_store_delete_deal (f->store, trashed_id, &error));
  g_assert_no_error (error);

  g_assert_true (crm_store_reorder_stage (f->store, g_array_index (f->stages, gint64, 0), 4, &error));
  g_assert_no_error (error);
  assert_deal_orders (f, sorted, G_N_ELEMENTS (sorted));

  new_stage = crm_store_add_stage (f->store, 0, "Qualified", CRM_STAGE_OPEN, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_true (crm_store_move_deal (f->store, deal_id, new_stage, 0, &error));
  g_assert_no_error (error);
  assert_deal_orders (f, sorted, G_N_ELEMENTS (sorted));

  g_assert_true (crm_store_restore_deal (f->store, trashed_id, &error));
  g_assert_no_error (error);
  assert_deal_orders (f, sorted, G_N_ELEMENTS (sorted));

  /* A stage deleted with its deals moved on. */
  g_assert_true (crm_store_delete_stage (f->store, g_array_index (f->stages, gint64, 1),
                                         g_array_index (f->stages, gint64, 2), &error));
  g_assert_no_error (error);
  assert_deal_orders (f, sorted, G_N_ELEMENTS (sorted));

  /* A client removed for good: its deals stay, without a client. */
  g_assert_true (crm_store_delete_contact (f->store, bob, &error));
  g_assert_no_error (error);
  g_assert_true (crm_store_empty_trash (f->store, G_MAXINT64, &error));
  g_assert_no_error (error);
  assert_deal_orders (f, sorted, G_N_ELEMENTS (sorted));

  for (guint i = 0; i < G_N_ELEMENTS (sorted); i++)
    g_clear_object (&sorted[i].list);
}

/* Likewise for contacts by company and by owner. */
static void
test_contact_sort_keys (Fixture       *f,
                        gconstpointer  data)
{
  static const struct {
    CrmContactSort key;
    gboolean       descending;
  } orders[] = {
    { CRM_CONTACT_SORT_COMPANY, FALSE },
    { CRM_CONTACT_SORT_COMPANY, TRUE },
    { CRM_CONTACT_SORT_OWNER, FALSE },
    { CRM_CONTACT_SORT_OWNER, TRUE },
  };
  CrmContactList *lists[G_N_ELEMENTS (orders)];
  gint64 zane = g_array_index (f->contacts, gint64, 2);
  gint64 bob = g_array_index (f->contacts, gint64, 4);
  g_autoptr(CrmContact) contact = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (orders); i++)
    {
      lists[i] = crm_contact_list_new (f->store);
      crm_contact_list_set_sort (lists[i], orders[i].key, orders[i].descending);
    }

  for (guint step = 0; step < 6; step++)
    {
      switch (step)
        {
        case 0:
          break;

        case 1:
          /* A company renamed: its people move. */
          rename_contact (f, f->elektra, "Aalto");
          break;

        case 2:
          /* A client handed to another employee. */
          g_assert_true (crm_store_transfer_contact (f->store, zane, f->users[1], &error));
          g_assert_no_error (error);
          break;

        case 3:
          /* A person given a company and an owner in one edit. */
          contact = crm_store_get_contact (f->store, bob, &error);
          g_assert_no_error (error);
          crm_contact_set_company_id (contact, f->elektra);
          crm_contact_set_owner_id (contact, f->users[2]);
          g_assert_true (crm_store_update_contact (f->store, contact, &error));
          g_assert_no_error (error);
          break;

        case 4:
          /* A company in the trash while it is renamed back is restored
           * with its people's keys as they are. */
          g_assert_true (crm_store_delete_contact (f->store, zane, &error));
          g_assert_no_error (error);
          rename_contact (f, f->acme, "Acme Group");
          g_assert_true (crm_store_restore_contact (f->store, zane, &error));
          g_assert_no_error (error);
          break;

        case 5:
          /* A company removed for good: its people have none. */
          g_assert_true (crm_store_delete_contact (f->store, f->acme, &error));
          g_assert_no_error (error);
          g_assert_true (crm_store_empty_trash (f->store, G_MAXINT64, &error));
          g_assert_no_error (error);
          break;

        default:
          g_assert_not_reached ();
        }

      assert_sort_keys_in_step (f);
      for (guint i = 0; i < G_N_ELEMENTS (orders); i++)
        {
          g_autoptr(GArray) expected = expected_contacts (f, orders[i].key, orders[i].descending, NULL);
          g_autoptr(CrmContactList) fresh = crm_contact_list_new (f->store);

          crm_contact_list_set_sort (fresh, orders[i].key, orders[i].descending);
          assert_model_ids (G_LIST_MODEL (lists[i]), expected);
          assert_model_ids (G_LIST_MODEL (fresh), expected);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (orders); i++)
    g_object_unref (lists[i]);
}

/* The cache keeps the 8 pages used last: an item lives while its page is
 * cached (or somebody holds it). */
static gpointer
weak_item_at (GListModel *list,
              guint       position,
              gpointer   *weak)
{
  g_autoptr(GObject) item = g_list_model_get_item (list, position);

  *weak = item;
  g_object_add_weak_pointer (item, weak);
  return *weak;
}

static void
test_deal_cache (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CrmDealList) list = NULL;
  gpointer first = NULL, second = NULL;

  make_deals (f, 64 * 10);
  list = crm_deal_list_new (f->store);

  weak_item_at (G_LIST_MODEL (list), 0, &first);
  weak_item_at (G_LIST_MODEL (list), 64, &second);
  for (guint page = 2; page < 8; page++)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), page * 64 + 3));
  g_assert_nonnull (first);
  g_assert_nonnull (second);

  /* Page 0 used again, then a ninth page: page 1 goes. */
  g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), 10));
  g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), 8 * 64));
  g_assert_nonnull (first);
  g_assert_null (second);

  if (first != NULL)
    g_object_remove_weak_pointer (first, &first);
}

/* Filters */

static void
check_deal_filter (Fixture             *f,
                   CrmDealList         *list,
                   const CrmDealFilter *filter,
                   CrmDealSort          key,
                   guint               *n_out)
{
  g_autoptr(GArray) expected = expected_deals (f, key, crm_deal_list_get_sort_descending (list), filter);
  g_autoptr(Recorder) r = NULL;
  g_autoptr(GArray) before = model_ids (G_LIST_MODEL (list));

  /* One signal replaces everything. */
  r = recorder_new (G_LIST_MODEL (list), before, FALSE);
  crm_deal_list_set_filter (list, filter);
  if (before->len > 0 || expected->len > 0)
    {
      Change change = { 0, before->len, expected->len };

      assert_changes (r, &change, 1);
    }
  g_assert_cmpuint (r->notifies, ==, before->len != expected->len ? 1 : 0);

  assert_model_ids (G_LIST_MODEL (list), expected);
  if (n_out != NULL)
    *n_out = expected->len;
}

static void
test_deal_filter (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(CrmDealList) list = NULL;
  CrmDealFilter filter;
  guint n, n_all;

  make_deals (f, 160);
  list = crm_deal_list_new (f->store);

  for (int pass = 0; pass < 2; pass++)
    {
      /* Indexed and joined sorts plan filtered queries differently. */
      CrmDealSort key = pass == 0 ? CRM_DEAL_SORT_UPDATED : CRM_DEAL_SORT_CLIENT;

      crm_deal_list_set_filter (list, NULL);
      crm_deal_list_set_sort (list, key, pass == 0);
      n_all = g_list_model_get_n_items (G_LIST_MODEL (list));
      g_assert_cmpuint (n_all, ==, 160);

      crm_deal_filter_init (&filter);
      filter.stage_id = g_array_index (f->stages, gint64, 1);
      check_deal_filter (f, list, &filter, key, &n);
      g_assert_cmpuint (n, >, 0);
      g_assert_cmpuint (n, <, n_all);

      crm_deal_filter_init (&filter);
      filter.pipeline_id = f->pipeline2;
      check_deal_filter (f, list, &filter, key, &n);
      g_assert_cmpuint (n, >, 0);
      g_assert_cmpuint (n, <, n_all);

      crm_deal_filter_init (&filter);
      filter.owner_id = f->users[1];
      check_deal_filter (f, list, &filter, key, &n);
      g_assert_cmpuint (n, >, 0);

      crm_deal_filter_init (&filter);
      filter.amount_min = 250;
      filter.amount_max = 1000;
      check_deal_filter (f, list, &filter, key, &n);
      g_assert_cmpuint (n, >, 0);

      crm_deal_filter_init (&filter);
      filter.amount_min = 0;
      filter.amount_max = 0;
      check_deal_filter (f, list, &filter, key, &n);
      g_assert_cmpuint (n, >, 0);

      crm_deal_filter_init (&filter);
      filter.amount_min = 50000;
      check_deal_filter (f, list, &filter, key, &n);
      g_assert_cmpuint (n, >, 0);

      crm_deal_filter_init (&filter);
      filter.updated_from = BASE_TIME + 20000;
      filter.updated_to = BASE_TIME + 60000;
      check_deal_filter (f, list, &filter, key, &n);
      g_assert_cmpuint (n, >, 0);

      crm_deal_filter_init (&filter);
      filter.tag = g_strdup ("  vip ");
      check_deal_filter (f, list, &filter, key, &n);
      g_assert_cmpuint (n, >, 0);
      crm_deal_filter_clear (&filter);

      crm_deal_filter_init (&filter);
      filter.open_only = TRUE;
      check_deal_filter (f, list, &filter, key, &n);
      g_assert_cmpuint (n, >, 0);
      g_assert_cmpuint (n, <, n_all);

      crm_deal_filter_init (&filter);
      filter.contact_id = f->acme;
      check_deal_filter (f, list, &filter, key, NULL);

      /* Everything at once. */
      crm_deal_filter_init (&filter);
      filter.open_only = TRUE;
      filter.owner_id = f->users[0];
      filter.tag = g_strdup ("Renewal");
      filter.amount_max = 1000;
      check_deal_filter (f, list, &filter, key, NULL);

      /* The same filter again changes nothing. */
      {
        g_autoptr(GArray) ids = model_ids (G_LIST_MODEL (list));
        g_autoptr(Recorder) r = recorder_new (G_LIST_MODEL (list), ids, FALSE);

        crm_deal_list_set_filter (list, &filter);
        g_assert_cmpuint (r->changes->len, ==, 0);
      }
      crm_deal_filter_clear (&filter);

      /* A tag nobody has. */
      crm_deal_filter_init (&filter);
      filter.tag = g_strdup ("nobody has this");
      check_deal_filter (f, list, &filter, key, &n);
      g_assert_cmpuint (n, ==, 0);
      crm_deal_filter_clear (&filter);
    }
}

static void
check_contact_filter (Fixture                *f,
                      CrmContactList         *list,
                      const CrmContactFilter *filter,
                      guint                  *n_out)
{
  g_autoptr(GArray) expected = expected_contacts (f, crm_contact_list_get_sort_key (list),
                                                  crm_contact_list_get_sort_descending (list),
                                                  filter);
  g_autoptr(GArray) before = model_ids (G_LIST_MODEL (list));
  g_autoptr(Recorder) r = recorder_new (G_LIST_MODEL (list), before, FALSE);
  Change change = { 0, before->len, expected->len };

  crm_contact_list_set_filter (list, filter);
  assert_changes (r, &change, 1);
  g_assert_cmpuint (r->notifies, ==, before->len != expected->len ? 1 : 0);
  assert_model_ids (G_LIST_MODEL (list), expected);
  *n_out = expected->len;
}

static void
test_contact_filter (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CrmContactList) list = crm_contact_list_new (f->store);
  CrmContactFilter filter;
  guint n;

  for (int pass = 0; pass < 2; pass++)
    {
      crm_contact_list_set_filter (list, NULL);
      crm_contact_list_set_sort (list, pass == 0 ? CRM_CONTACT_SORT_NAME : CRM_CONTACT_SORT_COMPANY,
                                 pass == 1);

      crm_contact_filter_init (&filter);
      filter.kind = CRM_CONTACT_COMPANY;
      check_contact_filter (f, list, &filter, &n);
      g_assert_cmpuint (n, ==, 3);

      crm_contact_filter_init (&filter);
      filter.kind = CRM_CONTACT_PERSON;
      check_contact_filter (f, list, &filter, &n);
      g_assert_cmpuint (n, ==, 7);

      crm_contact_filter_init (&filter);
      filter.key_only = TRUE;
      check_contact_filter (f, list, &filter, &n);
      g_assert_cmpuint (n, ==, 4);

      crm_contact_filter_init (&filter);
      filter.owner_id = f->users[0];
      check_contact_filter (f, list, &filter, &n);
      g_assert_cmpuint (n, ==, 3);

      /* "vip" and "VIP" are one tag; "berzins" finds "Bērziņš". */
      crm_contact_filter_init (&filter);
      filter.tag = g_strdup ("vip");
      check_contact_filter (f, list, &filter, &n);
      g_assert_cmpuint (n, ==, 3);
      crm_contact_filter_clear (&filter);

      crm_contact_filter_init (&filter);
      filter.tag = g_strdup ("BERZINS");
      check_contact_filter (f, list, &filter, &n);
      g_assert_cmpuint (n, ==, 1);
      crm_contact_filter_clear (&filter);

      crm_contact_filter_init (&filter);
      filter.company_id = f->acme;
      check_contact_filter (f, list, &filter, &n);
      g_assert_cmpuint (n, ==, 3);

      crm_contact_filter_init (&filter);
      filter.company_id = f->acme;
      filter.key_only = TRUE;
      filter.kind = CRM_CONTACT_PERSON;
      check_contact_filter (f, list, &filter, &n);
      g_assert_cmpuint (n, ==, 1);
    }
}

/* Changes */

typedef struct
{
  gint64      id;
  const char *title;
  gint64      amount;
  gint64      stage_id;
  gint64      contact_id;
  gint64      owner_id;
  gboolean    set_owner;
  const char *expected_close;
  gboolean    set_expected_close;
  gint64      reminder;
} DealEdit;

static gint64
add_deal_change (Fixture  *f,
                 gpointer  data)
{
  const DealEdit *edit = data;

  tick (f, 1000);
  return add_deal (f, edit->title, edit->amount, edit->stage_id, edit->contact_id,
                   edit->owner_id, NULL, NULL);
}

static gint64
update_deal_change (Fixture  *f,
                    gpointer  data)
{
  const DealEdit *edit = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmDeal) deal = crm_store_get_deal (f->store, edit->id, &error);

  g_assert_no_error (error);
  tick (f, 1000);
  if (edit->title != NULL)
    crm_deal_set_title (deal, edit->title);
  if (edit->amount >= 0)
    crm_deal_set_amount (deal, edit->amount);
  if (edit->contact_id != 0)
    crm_deal_set_contact_id (deal, edit->contact_id);
  if (edit->set_owner)
    crm_deal_set_owner_id (deal, edit->owner_id);
  if (edit->set_expected_close)
    crm_deal_set_expected_close (deal, edit->expected_close);

  g_assert_true (crm_store_update_deal (f->store, deal, &error));
  g_assert_no_error (error);

  return edit->id;
}

static gint64
move_deal_change (Fixture  *f,
                  gpointer  data)
{
  const DealEdit *edit = data;
  g_autoptr(GError) error = NULL;

  tick (f, 1000);
  g_assert_true (crm_store_move_deal (f->store, edit->id, edit->stage_id, 0, &error));
  g_assert_no_error (error);

  return edit->id;
}

static gint64
delete_deal_change (Fixture  *f,
                    gpointer  data)
{
  const DealEdit *edit = data;
  g_autoptr(GError) error = NULL;

  tick (f, 1000);
  g_assert_true (crm_store_delete_deal (f->store, edit->id, &error));
  g_assert_no_error (error);

  return edit->id;
}

static gint64
restore_deal_change (Fixture  *f,
                     gpointer  data)
{
  const DealEdit *edit = data;
  g_autoptr(GError) error = NULL;

  tick (f, 1000);
  g_assert_true (crm_store_restore_deal (f->store, edit->id, &error));
  g_assert_no_error (error);

  return edit->id;
}

static gint64
remind_deal_change (Fixture  *f,
                    gpointer  data)
{
  DealEdit *edit = data;

  edit->reminder = add_reminder (f, edit->id, BASE_TIME + 3600000);
  return edit->id;
}

/* The store tells only of the reminder (and the client) here. */
static gint64
snooze_reminder_change (Fixture  *f,
                        gpointer  data)
{
  const DealEdit *edit = data;
  g_autoptr(GError) error = NULL;

  g_assert_true (crm_store_snooze_reminder (f->store, edit->reminder,
                                            BASE_TIME + 40 * 86400000LL, &error));
  g_assert_no_error (error);

  return edit->id;
}

static gint64
complete_reminder_change (Fixture  *f,
                          gpointer  data)
{
  const DealEdit *edit = data;
  g_autoptr(GError) error = NULL;

  g_assert_true (crm_store_complete_reminder (f->store, edit->reminder, &error));
  g_assert_no_error (error);

  return edit->id;
}

/* A call on the deal: the deal's row is not written, but its list rows
 * are told (changed without changing). */
static gint64
call_deal_change (Fixture  *f,
                  gpointer  data)
{
  const DealEdit *edit = data;
  g_autoptr(CrmActivity) call = crm_activity_new ();
  g_autoptr(GError) error = NULL;

  crm_activity_set_kind (call, CRM_ACTIVITY_CALL);
  crm_activity_set_deal_id (call, edit->id);
  crm_activity_set_direction (call, CRM_CALL_OUTGOING);
  crm_activity_set_duration (call, 60);
  crm_activity_set_outcome (call, "Interested");
  g_assert_cmpint (crm_store_add_activity (f->store, call, &error), >, 0);
  g_assert_no_error (error);

  return edit->id;
}

/* One deal written twice in one transaction: the store announces it once,
 * and its place before the first write is where the list showed it. */
static gint64
update_twice_change (Fixture  *f,
                     gpointer  data)
{
  const DealEdit *edit = data;
  g_autoptr(GError) error = NULL;
  DealEdit first = { edit->id, "Aaaa first write", -1 };

  g_assert_true (crm_store_begin (f->store, &error));
  update_deal_change (f, &first);
  update_deal_change (f, data);
  g_assert_true (crm_store_commit (f->store, &error));
  g_assert_no_error (error);

  return edit->id;
}

/* A deal near the middle of @list. */
static gint64
deal_at (GListModel *list,
         guint       position)
{
  g_autoptr(GObject) item = g_list_model_get_item (list, position);

  return item_id (item);
}

static void
test_deal_changes (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) models = g_ptr_array_new_with_free_func (g_object_unref);
  CrmDealList *by_updated, *by_title, *by_amount, *by_client, *by_stage, *by_reminder, *small;
  CrmDealFilter filter;
  DealEdit edit;
  gint64 id;

  make_deals (f, 300);

  /* The default order, title and amount from an index, client, stage and
   * next reminder from a snapshot, and a filtered list. */
  by_updated = crm_deal_list_new (f->store);
  by_title = crm_deal_list_new (f->store);
  crm_deal_list_set_sort (by_title, CRM_DEAL_SORT_TITLE, FALSE);
  by_amount = crm_deal_list_new (f->store);
  crm_deal_list_set_sort (by_amount, CRM_DEAL_SORT_AMOUNT, TRUE);
  by_client = crm_deal_list_new (f->store);
  crm_deal_list_set_sort (by_client, CRM_DEAL_SORT_CLIENT, FALSE);
  by_stage = crm_deal_list_new (f->store);
  crm_deal_list_set_sort (by_stage, CRM_DEAL_SORT_STAGE, TRUE);
  by_reminder = crm_deal_list_new (f->store);
  crm_deal_list_set_sort (by_reminder, CRM_DEAL_SORT_NEXT_REMINDER, FALSE);
  small = crm_deal_list_new (f->store);
  crm_deal_filter_init (&filter);
  filter.amount_min = 500;
  filter.amount_max = 1000;
  filter.open_only = TRUE;
  crm_deal_list_set_filter (small, &filter);
  crm_deal_list_set_sort (small, CRM_DEAL_SORT_TITLE, TRUE);

  g_ptr_array_add (models, by_updated);
  g_ptr_array_add (models, by_title);
  g_ptr_array_add (models, by_amount);
  g_ptr_array_add (models, by_client);
  g_ptr_array_add (models, by_stage);
  g_ptr_array_add (models, by_reminder);
  g_ptr_array_add (models, small);

  /* Added: inserted where it lands (at the top by time, in the middle by
   * title and amount, and in the filtered list as it matches). */
  g_test_message ("add");
  edit = (DealEdit) { 0, "Mmm middle", 1000, g_array_index (f->stages, gint64, 2), f->acme, f->users[0] };
  check_row_change (f, models, add_deal_change, &edit);

  /* A deal that does not match the filter. */
  g_test_message ("add, not matching");
  edit = (DealEdit) { 0, "Large", 77777, 0, 0, f->users[1] };
  check_row_change (f, models, add_deal_change, &edit);

  /* A new title: moved by title and by time, in place by amount. */
  g_test_message ("rename");
  edit = (DealEdit) { deal_at (G_LIST_MODEL (by_title), 150), "AAA first", -1 };
  check_row_change (f, models, update_deal_change, &edit);

  /* A deal already newest keeps its place in the default order. */
  g_test_message ("rename the newest");
  edit = (DealEdit) { deal_at (G_LIST_MODEL (by_updated), 0), "Zz last", -1 };
  check_row_change (f, models, update_deal_change, &edit);

  /* An amount into and out of the filter. */
  g_test_message ("amount");
  edit = (DealEdit) { deal_at (G_LIST_MODEL (by_amount), 10), NULL, 600 };
  check_row_change (f, models, update_deal_change, &edit);
  g_test_message ("amount out of the filter");
  edit = (DealEdit) { deal_at (G_LIST_MODEL (small), 3), NULL, 5 };
  check_row_change (f, models, update_deal_change, &edit);

  /* Another client and nobody as owner: moved by client. */
  g_test_message ("client and owner");
  edit = (DealEdit) { deal_at (G_LIST_MODEL (by_client), 200), NULL, -1, 0, f->elektra, 0, TRUE };
  check_row_change (f, models, update_deal_change, &edit);

  /* To another stage, and to a won stage (out of "open only"). */
  g_test_message ("move to stage");
  edit = (DealEdit) { deal_at (G_LIST_MODEL (by_stage), 5), NULL, -1, g_array_index (f->stages, gint64, 0) };
  check_row_change (f, models, move_deal_change, &edit);
  g_test_message ("move to won");
  edit = (DealEdit) { deal_at (G_LIST_MODEL (small), 0), NULL, -1, g_array_index (f->stages, gint64, 4) };
  check_row_change (f, models, move_deal_change, &edit);

  /* Trashed: removed where it was; restored: back in. */
  g_test_message ("delete");
  id = deal_at (G_LIST_MODEL (by_title), 77);
  edit = (DealEdit) { id };
  check_row_change (f, models, delete_deal_change, &edit);
  g_test_message ("restore");
  check_row_change (f, models, restore_deal_change, &edit);

  /* A reminder moves the deal by next reminder and changes it in place
   * elsewhere. */
  g_test_message ("reminder");
  edit = (DealEdit) { deal_at (G_LIST_MODEL (by_reminder), 250) };
  check_row_change (f, models, remind_deal_change, &edit);
  g_test_message ("reminder snoozed");
  check_row_change (f, models, snooze_reminder_change, &edit);
  g_test_message ("reminder done");
  check_row_change (f, models, complete_reminder_change, &edit);

  /* A call changes nothing a row shows, but the store tells about it: at
   * most a change in place. */
  g_test_message ("call");
  edit = (DealEdit) { deal_at (G_LIST_MODEL (by_title), 120) };
  check_row_change (f, models, call_deal_change, &edit);

  g_test_message ("twice in one transaction");
  edit = (DealEdit) { deal_at (G_LIST_MODEL (by_title), 200), "Nnn second write", 800 };
  check_row_change (f, models, update_twice_change, &edit);

  /* A deal that does not change place anywhere but by time. */
  g_test_message ("expected close");
  edit = (DealEdit) { deal_at (G_LIST_MODEL (by_amount), 40), NULL, -1, 0, 0, 0, FALSE, "2030-01-01", TRUE };
  check_row_change (f, models, update_deal_change, &edit);
}

/* Anchors: rows whose place a list knows, so that a far jump reads from
 * the nearest one (see crm-paged-query.c). */

static CrmPagedQuery *
query_of (GListModel *model)
{
  return _crm_paged_list_get_query (CRM_PAGED_LIST (model));
}

static void
run_idle (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Every anchor of @model is the row a fresh list has at its position, and
 * a jump to a place in every page, pages in random order, reads what the
 * fresh list has there. */
static void
assert_anchors_and_jumps (Fixture    *f,
                          GListModel *model)
{
  g_autoptr(GListModel) fresh = clone_model (model);
  g_autoptr(GArray) expected = model_ids (fresh);
  CrmPagedQuery *query = query_of (model);
  guint n = g_list_model_get_n_items (model);
  guint n_pages = (n + 63) / 64;
  g_autofree guint *pages = g_new (guint, n_pages);

  g_assert_cmpuint (n, ==, expected->len);

  for (guint i = 0; i < crm_paged_query_get_n_anchors (query); i++)
    {
      guint position;
      gint64 id = crm_paged_query_get_anchor (query, i, &position);

      g_assert_cmpuint (position, <, n);
      if (g_array_index (expected, gint64, position) != id)
        g_error ("Anchor %u says %" G_GINT64_FORMAT " is at %u; it is at %" G_GINT64_FORMAT,
                 i, id, position, index_of (expected, id));
    }

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
      g_autoptr(GObject) item = g_list_model_get_item (model, position);

      if (item_id (item) != g_array_index (expected, gint64, position))
        g_error ("Position %u of %u holds %" G_GINT64_FORMAT ", a fresh list has %" G_GINT64_FORMAT,
                 position, n, item_id (item), g_array_index (expected, gint64, position));
    }
}

/* Lists sorted every way a deal list reads from an index (by keys that
 * can be NULL too, in both directions) find anchors on far jumps and in
 * idle time; through changes of every kind they keep them (moved with
 * each change, less the row that changed), and they page, find and signal
 * as fresh lists do. A rename that may reorder a list drops them. */
static void
test_deal_anchors (Fixture       *f,
                   gconstpointer  data)
{
  static const struct {
    CrmDealSort key;
    gboolean    descending;
  } sorts[] = {
    { CRM_DEAL_SORT_UPDATED, TRUE },
    { CRM_DEAL_SORT_TITLE, FALSE },
    { CRM_DEAL_SORT_AMOUNT, TRUE },
    { CRM_DEAL_SORT_CLIENT, TRUE },
    { CRM_DEAL_SORT_EXPECTED_CLOSE, FALSE },
    { CRM_DEAL_SORT_EXPECTED_CLOSE, TRUE },
  };
  g_autoptr(GPtrArray) models = g_ptr_array_new_with_free_func (g_object_unref);
  CrmDealList *by_title, *by_client, *by_close;
  DealEdit edit;
  gint64 anchor_row;
  guint n;

  make_deals (f, 450);

  for (guint i = 0; i < G_N_ELEMENTS (sorts); i++)
    {
      CrmDealList *list = crm_deal_list_new (f->store);

      crm_deal_list_set_sort (list, sorts[i].key, sorts[i].descending);
      g_ptr_array_add (models, list);
    }
  by_title = g_ptr_array_index (models, 1);
  by_client = g_ptr_array_index (models, 3);
  by_close = g_ptr_array_index (models, 4);

  /* A far jump finds anchors on its way (a third into the list, nearer
   * the start than the end), the next jumps read from them; idle time
   * finds the rest, every 64th row. */
  for (guint i = 0; i < models->len; i++)
    {
      GListModel *model = g_ptr_array_index (models, i);
      g_autofree char *plan = crm_deal_list_dup_query_plan (CRM_DEAL_LIST (model));
      g_autoptr(GObject) item = NULL;

      g_assert_null (strstr (plan, "TEMP B-TREE"));
      g_assert_cmpuint (crm_paged_query_get_anchor_spacing (query_of (model)), ==, 64);
      item = g_list_model_get_item (model, 150);
      g_assert_cmpuint (crm_paged_query_get_n_anchors (query_of (model)), ==, 2);
      assert_anchors_and_jumps (f, model);
    }
  run_idle ();
  n = g_list_model_get_n_items (G_LIST_MODEL (by_title));
  for (guint i = 0; i < models->len; i++)
    {
      GListModel *model = g_ptr_array_index (models, i);

      g_assert_cmpuint (crm_paged_query_get_n_anchors (query_of (model)), ==, n / 64);
      assert_anchors_and_jumps (f, model);
    }

  /* Changes, with the warm lists' recorders finding rows (from the
   * anchors) in the middle of each signal. */
  g_test_message ("add");
  edit = (DealEdit) { 0, "Mmm middle", 1000, g_array_index (f->stages, gint64, 2), f->acme, f->users[0] };
  check_row_change (f, models, add_deal_change, &edit);

  g_test_message ("rename an anchor's row");
  anchor_row = crm_paged_query_get_anchor (query_of (G_LIST_MODEL (by_title)), 3, NULL);
  edit = (DealEdit) { anchor_row, "AAA first", -1 };
  check_row_change (f, models, update_deal_change, &edit);

  g_test_message ("another client and nobody as owner");
  anchor_row = crm_paged_query_get_anchor (query_of (G_LIST_MODEL (by_client)), 4, NULL);
  edit = (DealEdit) { anchor_row, NULL, -1, 0, f->elektra, 0, TRUE };
  check_row_change (f, models, update_deal_change, &edit);

  g_test_message ("a date, where most have none");
  anchor_row = crm_paged_query_get_anchor (query_of (G_LIST_MODEL (by_close)), 6, NULL);
  edit = (DealEdit) { anchor_row, NULL, -1, 0, 0, 0, FALSE, "2024-12-31", TRUE };
  check_row_change (f, models, update_deal_change, &edit);

  for (guint i = 0; i < models->len; i++)
    {
      GListModel *model = g_ptr_array_index (models, i);

      g_assert_cmpuint (crm_paged_query_get_n_anchors (query_of (model)), >=, n / 64 - 3);
      g_assert_cmpuint (crm_paged_query_get_n_anchors (query_of (model)), >, 0);
      assert_anchors_and_jumps (f, model);
    }
  run_idle ();

  g_test_message ("delete");
  anchor_row = crm_paged_query_get_anchor (query_of (G_LIST_MODEL (by_title)), 2, NULL);
  edit = (DealEdit) { anchor_row };
  check_row_change (f, models, delete_deal_change, &edit);
  g_test_message ("restore");
  check_row_change (f, models, restore_deal_change, &edit);

  g_test_message ("move to stage");
  edit = (DealEdit) { deal_at (G_LIST_MODEL (by_title), 250), NULL, -1, g_array_index (f->stages2, gint64, 0) };
  check_row_change (f, models, move_deal_change, &edit);

  g_test_message ("twice in one transaction");
  edit = (DealEdit) { deal_at (G_LIST_MODEL (by_title), 400), "Nnn second write", 800 };
  check_row_change (f, models, update_twice_change, &edit);

  for (guint i = 0; i < models->len; i++)
    assert_anchors_and_jumps (f, g_ptr_array_index (models, i));
  run_idle ();

  /* A client renamed: rows that show the name are read again, and lists
   * that may be sorted by it (all the query knows) in another order now
   * find their anchors again, once the change is over. */
  rename_contact (f, f->acme, "Zzz Acme");
  for (guint i = 0; i < models->len; i++)
    {
      GListModel *model = g_ptr_array_index (models, i);
      g_autoptr(GObject) item = NULL;

      g_assert_cmpuint (crm_paged_query_get_n_anchors (query_of (model)), ==, 0);
      item = g_list_model_get_item (model, 150);
      g_assert_cmpuint (crm_paged_query_get_n_anchors (query_of (model)), ==, 0);
      assert_anchors_and_jumps (f, model);
    }
  run_idle ();
  for (guint i = 0; i < models->len; i++)
    {
      GListModel *model = g_ptr_array_index (models, i);

      g_assert_cmpuint (crm_paged_query_get_n_anchors (query_of (model)), ==, n / 64);
      assert_anchors_and_jumps (f, model);
    }
}

static void
test_deal_in_place (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(CrmDealList) list = NULL;
  g_autoptr(CrmDeal) held = NULL;
  g_autoptr(GArray) before = NULL;
  g_autoptr(Recorder) r = NULL;
  g_autoptr(CrmDeal) deal = NULL;
  g_autoptr(GError) error = NULL;
  Change expected;
  guint position = 17;

  make_deals (f, 100);
  list = crm_deal_list_new (f->store);
  crm_deal_list_set_sort (list, CRM_DEAL_SORT_TITLE, FALSE);

  /* A view holds the item while its row changes in place. */
  held = g_list_model_get_item (G_LIST_MODEL (list), position);
  before = model_ids (G_LIST_MODEL (list));
  r = recorder_new (G_LIST_MODEL (list), before, TRUE);

  deal = crm_store_get_deal (f->store, crm_deal_get_id (held), &error);
  g_assert_no_error (error);
  crm_deal_set_amount (deal, 123456);
  g_assert_true (crm_store_update_deal (f->store, deal, &error));
  g_assert_no_error (error);

  expected = (Change) { position, 1, 1 };
  assert_changes (r, &expected, 1);
  g_assert_cmpuint (r->notifies, ==, 0);

  /* The same object, now with the new amount: a selection stays. */
  {
    g_autoptr(CrmDeal) now = g_list_model_get_item (G_LIST_MODEL (list), position);

    g_assert_true (now == held);
    g_assert_cmpint (crm_deal_get_amount (held), ==, 123456);
  }
  assert_same_as_fresh (G_LIST_MODEL (list));
}

/* Several deals written in one transaction: each list tells once that
 * everything may have changed, and shows the end state. */
static void
test_deal_batch (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) recorders = g_ptr_array_new_with_free_func ((GDestroyNotify)recorder_free);
  g_autoptr(GPtrArray) models = g_ptr_array_new_with_free_func (g_object_unref);
  static const CrmDealSort keys[] = { CRM_DEAL_SORT_UPDATED, CRM_DEAL_SORT_TITLE, CRM_DEAL_SORT_CLIENT };
  g_autoptr(GError) error = NULL;
  DealEdit a, b;

  make_deals (f, 200);

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      CrmDealList *list = crm_deal_list_new (f->store);
      g_autoptr(GArray) ids = NULL;

      crm_deal_list_set_sort (list, keys[i], FALSE);
      ids = model_ids (G_LIST_MODEL (list));
      g_ptr_array_add (models, list);
      g_ptr_array_add (recorders, recorder_new (G_LIST_MODEL (list), ids, TRUE));
    }

  a = (DealEdit) { deal_at (g_ptr_array_index (models, 1), 20), "Zzz moved down", -1, 0, f->elektra };
  b = (DealEdit) { deal_at (g_ptr_array_index (models, 1), 180), "Aaa moved up", -1, 0, f->acme };

  g_assert_true (crm_store_begin (f->store, &error));
  update_deal_change (f, &a);
  update_deal_change (f, &b);
  g_assert_true (crm_store_commit (f->store, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < recorders->len; i++)
    {
      Recorder *r = g_ptr_array_index (recorders, i);
      Change change = { 0, 200, 200 };

      assert_changes (r, &change, 1);
      assert_same_as_fresh (r->model);
    }
}

/* The rows carry what the store's own loader reads for the same deal. */
static void
test_deal_items (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CrmDealList) list = NULL;
  guint n;

  make_deals (f, 130);
  list = crm_deal_list_new (f->store);
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (n, ==, 130);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CrmDeal) item = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_autoptr(CrmDeal) loaded = NULL;
      g_autoptr(GError) error = NULL;

      loaded = crm_store_get_deal (f->store, crm_deal_get_id (item), &error);
      g_assert_no_error (error);
      assert_items_equal (G_OBJECT (item), G_OBJECT (loaded));
    }
}

static void
test_contact_items (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(CrmContactList) list = crm_contact_list_new (f->store);
  g_autoptr(CrmContact) extra = crm_contact_new ();
  g_autoptr(GError) error = NULL;
  guint n;

  /* A second phone, with an extension, and e-mails. */
  crm_contact_set_name (extra, "Many Numbers");
  crm_contact_set_company_id (extra, f->elektra);
  crm_contact_add_phone (extra, crm_phone_entry_new (CRM_PHONE_WORK, "+7 912 345 67 89", NULL, "12"));
  crm_contact_add_phone (extra, crm_phone_entry_new (CRM_PHONE_MOBILE, "+371 29000000", NULL, NULL));
  crm_contact_add_email (extra, crm_email_entry_new (CRM_EMAIL_WORK, "many@example.com"));
  crm_contact_add_email (extra, crm_email_entry_new (CRM_EMAIL_HOME, "home@example.com"));
  g_assert_cmpint (crm_store_add_contact (f->store, extra, &error), >, 0);
  g_assert_no_error (error);

  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpuint (n, ==, f->contacts->len + 1);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CrmContact) item = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_autoptr(CrmContact) loaded = NULL;

      loaded = crm_store_get_contact (f->store, crm_contact_get_id (item), &error);
      g_assert_no_error (error);
      assert_items_equal (G_OBJECT (item), G_OBJECT (loaded));
    }
}

static void
test_deal_dependents (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(CrmDealList) by_client = NULL;
  g_autoptr(CrmDealList) by_updated = NULL;
  g_autoptr(CrmDealList) of_contact = NULL;
  g_autoptr(CrmContact) contact = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids_client = NULL;
  g_autoptr(GArray) ids_updated = NULL;
  g_autoptr(GArray) ids_contact = NULL;
  g_autoptr(Recorder) r_client = NULL;
  g_autoptr(Recorder) r_updated = NULL;
  g_autoptr(Recorder) r_contact = NULL;
  CrmDealFilter filter;
  Change change;
  guint n;

  make_deals (f, 120);

  by_client = crm_deal_list_new (f->store);
  crm_deal_list_set_sort (by_client, CRM_DEAL_SORT_CLIENT, FALSE);
  by_updated = crm_deal_list_new (f->store);
  of_contact = crm_deal_list_new (f->store);
  crm_deal_filter_init (&filter);
  filter.contact_id = f->elektra;
  crm_deal_list_set_filter (of_contact, &filter);

  ids_client = model_ids (G_LIST_MODEL (by_client));
  ids_updated = model_ids (G_LIST_MODEL (by_updated));
  ids_contact = model_ids (G_LIST_MODEL (of_contact));
  r_client = recorder_new (G_LIST_MODEL (by_client), ids_client, TRUE);
  r_updated = recorder_new (G_LIST_MODEL (by_updated), ids_updated, FALSE);
  r_contact = recorder_new (G_LIST_MODEL (of_contact), ids_contact, FALSE);

  /* Acme becomes "Zzz Acme": its deals show the new name and move to the
   * end by client, a list without its deals hears nothing. */
  contact = crm_store_get_contact (f->store, f->acme, &error);
  g_assert_no_error (error);
  crm_contact_set_name (contact, "Zzz Acme");
  g_assert_true (crm_store_update_contact (f->store, contact, &error));
  g_assert_no_error (error);

  n = ids_client->len;
  change = (Change) { 0, n, n };
  assert_changes (r_client, &change, 1);
  assert_changes (r_updated, &change, 1);
  assert_changes (r_contact, NULL, 0);
  assert_same_as_fresh (G_LIST_MODEL (by_client));
  assert_same_as_fresh (G_LIST_MODEL (by_updated));
  {
    g_autoptr(GArray) expected = expected_deals (f, CRM_DEAL_SORT_CLIENT, FALSE, NULL);

    assert_model_ids (G_LIST_MODEL (by_client), expected);
  }

  /* A change that keeps the name (a note) is not a rename. */
  g_array_set_size (r_client->changes, 0);
  g_array_set_size (r_updated->changes, 0);
  crm_contact_set_notes (contact, "Called on Monday");
  g_assert_true (crm_store_update_contact (f->store, contact, &error));
  g_assert_no_error (error);
  assert_changes (r_client, NULL, 0);
  assert_changes (r_updated, NULL, 0);

  /* A stage renamed: everything is read again. */
  g_array_set_size (r_client->changes, 0);
  g_array_set_size (r_updated->changes, 0);
  g_assert_true (crm_store_rename_stage (f->store, g_array_index (f->stages, gint64, 1),
                                         "Called back", &error));
  g_assert_no_error (error);
  change = (Change) { 0, n, n };
  assert_changes (r_client, &change, 1);
  assert_changes (r_updated, &change, 1);
  assert_same_as_fresh (G_LIST_MODEL (by_updated));
}

static void
test_deal_any (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(CrmDealList) list = NULL;
  g_autoptr(CrmDealList) by_client = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) ids_client = NULL;
  g_autoptr(Recorder) r = NULL;
  g_autoptr(Recorder) r_client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  Change change;
  guint n;

  make_deals (f, 80);
  list = crm_deal_list_new (f->store);
  by_client = crm_deal_list_new (f->store);
  crm_deal_list_set_sort (by_client, CRM_DEAL_SORT_CLIENT, TRUE);
  ids = model_ids (G_LIST_MODEL (list));
  ids_client = model_ids (G_LIST_MODEL (by_client));
  n = ids->len;
  r = recorder_new (G_LIST_MODEL (list), ids, FALSE);
  r_client = recorder_new (G_LIST_MODEL (by_client), ids_client, FALSE);

  /* Another program adds two deals and trashes one behind our back. */
  sql = g_strdup_printf ("INSERT INTO deals (id, title, title_folded, amount, stage_id, created_at, "
                         "                   updated_at, stage_changed_at) "
                         "VALUES (1, 'From elsewhere', 'from elsewhere', 5, %" G_GINT64_FORMAT ", 1, "
                         "        %" G_GINT64_FORMAT ", 1), "
                         "       (2, 'Old one', 'old one', 5, %" G_GINT64_FORMAT ", 1, 2, 1);"
                         "UPDATE deals SET deleted_at = 1 WHERE id = %" G_GINT64_FORMAT,
                         g_array_index (f->stages, gint64, 0), f->now + 5000,
                         g_array_index (f->stages, gint64, 0),
                         g_array_index (ids, gint64, 10));
  g_assert_true (crm_database_exec (crm_store_get_database (f->store), sql, &error));
  g_assert_no_error (error);

  /* Nothing is announced until the store says so. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n);
  crm_store_emit_changed (f->store, CRM_ENTITY_ANY, 0);

  change = (Change) { 0, n, n + 1 };
  assert_changes (r, &change, 1);
  assert_changes (r_client, &change, 1);
  g_assert_cmpuint (r->notifies, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n + 1);
  assert_same_as_fresh (G_LIST_MODEL (list));
  assert_same_as_fresh (G_LIST_MODEL (by_client));
  g_assert_cmpint (deal_at (G_LIST_MODEL (list), 0), ==, 1);
  g_assert_cmpint (deal_at (G_LIST_MODEL (list), n), ==, 2);
}

static void
test_deal_sort_signals (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(CrmDealList) list = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(Recorder) r = NULL;
  Change change;
  guint notified = 0;

  make_deals (f, 90);
  list = crm_deal_list_new (f->store);
  ids = model_ids (G_LIST_MODEL (list));
  r = recorder_new (G_LIST_MODEL (list), ids, FALSE);
  g_signal_connect (list, "notify::sort-key", G_CALLBACK (count_cb), &notified);

  crm_deal_list_set_sort (list, CRM_DEAL_SORT_AMOUNT, TRUE);
  change = (Change) { 0, 90, 90 };
  assert_changes (r, &change, 1);

  /* The same sort again is no change; the property sets the direction. */
  crm_deal_list_set_sort (list, CRM_DEAL_SORT_AMOUNT, TRUE);
  g_assert_cmpuint (r->changes->len, ==, 1);
  g_object_set (list, "sort-descending", FALSE, NULL);
  g_assert_cmpuint (r->changes->len, ==, 2);
  g_assert_false (crm_deal_list_get_sort_descending (list));
  g_assert_cmpuint (r->notifies, ==, 0);
  g_assert_cmpuint (notified, ==, 1);

  {
    g_autoptr(GArray) expected = expected_deals (f, CRM_DEAL_SORT_AMOUNT, FALSE, NULL);

    assert_model_ids (G_LIST_MODEL (list), expected);
  }

  g_signal_handlers_disconnect_by_data (list, &notified);
}

/* The query plans */

static void
assert_uses_index (const char *plan,
                   const char *index)
{
  g_autofree char *using = g_strdup_printf ("USING INDEX %s", index);
  g_autofree char *covering = g_strdup_printf ("USING COVERING INDEX %s", index);

  g_test_message ("%s", plan);
  if (strstr (plan, using) == NULL && strstr (plan, covering) == NULL)
    g_error ("The plan does not use %s:\n%s", index, plan);
  g_assert_null (strstr (plan, "USE TEMP B-TREE FOR ORDER BY"));
  g_assert_null (strstr (plan, "TEMP B-TREE"));
}

static void
test_deal_plan (Fixture       *f,
                gconstpointer  data)
{
  static const struct {
    CrmDealSort  key;
    const char  *index;
  } kept_keys[] = {
    { CRM_DEAL_SORT_STAGE, "deals_by_stage_order" },
    { CRM_DEAL_SORT_CLIENT, "deals_by_client" },
    { CRM_DEAL_SORT_OWNER, "deals_by_owner_name" },
    { CRM_DEAL_SORT_EXPECTED_CLOSE, "deals_by_expected_close" },
  };
  g_autoptr(CrmDealList) list = NULL;

  make_deals (f, 50);
  list = crm_deal_list_new (f->store);

  for (int descending = 0; descending <= 1; descending++)
    {
      g_autofree char *updated = NULL;
      g_autofree char *title = NULL;
      g_autofree char *amount = NULL;
      g_autofree char *created = NULL;

      crm_deal_list_set_sort (list, CRM_DEAL_SORT_UPDATED, !descending);
      updated = crm_deal_list_dup_query_plan (list);
      assert_uses_index (updated, "deals_by_updated");

      crm_deal_list_set_sort (list, CRM_DEAL_SORT_TITLE, descending);
      title = crm_deal_list_dup_query_plan (list);
      assert_uses_index (title, "deals_by_title");

      crm_deal_list_set_sort (list, CRM_DEAL_SORT_AMOUNT, descending);
      amount = crm_deal_list_dup_query_plan (list);
      assert_uses_index (amount, "deals_by_amount");

      /* The keys the deals keep of their stage, client and owner, and
       * the date: switching to them sorts nothing. Keys that can be NULL
       * put those last both ways; SQLite reads such an index in two
       * passes rather than sorting. */
      for (guint i = 0; i < G_N_ELEMENTS (kept_keys); i++)
        {
          g_autofree char *plan = NULL;

          crm_deal_list_set_sort (list, kept_keys[i].key, descending);
          plan = crm_deal_list_dup_query_plan (list);
          assert_uses_index (plan, kept_keys[i].index);
        }

      /* The ids are the table's own B-tree. */
      crm_deal_list_set_sort (list, CRM_DEAL_SORT_CREATED, descending);
      created = crm_deal_list_dup_query_plan (list);
      g_test_message ("%s", created);
      g_assert_nonnull (strstr (created, "SCAN d"));
      g_assert_null (strstr (created, "TEMP B-TREE"));
    }

  /* The default list, as it is made. */
  {
    g_autoptr(CrmDealList) fresh = crm_deal_list_new (f->store);
    g_autofree char *plan = crm_deal_list_dup_query_plan (fresh);

    assert_uses_index (plan, "deals_by_updated");
  }
}

/* A board column: the deals of one stage in their board order, read
 * straight from deals_by_stage, following moves inside the column and out
 * of it; and the total of their amounts for the column's header. */
static void
test_deal_position (Fixture       *f,
                    gconstpointer  data)
{
  const char *currency = crm_store_get_default_currency (f->store);
  gint64 stage = g_array_index (f->stages, gint64, 1);
  gint64 other = g_array_index (f->stages, gint64, 2);
  g_autoptr(CrmDealList) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) before = NULL;
  g_autofree char *plan = NULL;
  CrmDealFilter filter;
  gint64 first, last, sum = 0;

  make_deals (f, 120);

  crm_deal_filter_init (&filter);
  filter.stage_id = stage;
  list = crm_deal_list_new (f->store);
  crm_deal_list_set_sort (list, CRM_DEAL_SORT_POSITION, FALSE);
  crm_deal_list_set_filter (list, &filter);

  plan = crm_deal_list_dup_query_plan (list);
  assert_uses_index (plan, "deals_by_stage");

  before = expected_deals (f, CRM_DEAL_SORT_POSITION, FALSE, &filter);
  g_assert_cmpuint (before->len, >, 3);
  assert_model_ids (G_LIST_MODEL (list), before);

  {
    g_autoptr(GPtrArray) rows = load_deal_rows (f);

    for (guint i = 0; i < rows->len; i++)
      {
        const DealRow *row = g_ptr_array_index (rows, i);

        if (row->stage_id == stage)
          sum += row->amount;
      }
  }
  g_assert_cmpint (crm_deal_list_sum_amount (list, currency, &error), ==, sum);
  g_assert_no_error (error);
  g_assert_cmpint (crm_deal_list_sum_amount (list, "XXX", &error), ==, 0);
  g_assert_no_error (error);

  /* The last card dragged to the top of its column. */
  first = g_array_index (before, gint64, 0);
  last = g_array_index (before, gint64, before->len - 1);
  g_assert_true (crm_store_move_deal (f->store, last, stage, first, &error));
  g_assert_no_error (error);
  g_assert_cmpint (crm_deal_list_find (list, last), ==, 0);
  g_assert_cmpint (crm_deal_list_find (list, first), ==, 1);
  {
    g_autoptr(GArray) expected = expected_deals (f, CRM_DEAL_SORT_POSITION, FALSE, &filter);

    assert_model_ids (G_LIST_MODEL (list), expected);
    assert_same_as_fresh (G_LIST_MODEL (list));
  }

  /* Out of the column, to another stage, and the total follows. */
  {
    g_autoptr(CrmDeal) deal = crm_store_get_deal (f->store, last, &error);

    g_assert_no_error (error);
    g_assert_true (crm_store_move_deal (f->store, last, other, 0, &error));
    g_assert_no_error (error);
    g_assert_cmpint (crm_deal_list_find (list, last), ==, -1);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, before->len - 1);
    g_assert_cmpint (crm_deal_list_sum_amount (list, currency, &error), ==,
                     sum - crm_deal_get_amount (deal));
    g_assert_no_error (error);
  }
}

static void
test_contact_plan (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(CrmContactList) list = crm_contact_list_new (f->store);

  for (int descending = 0; descending <= 1; descending++)
    {
      g_autofree char *name = NULL;
      g_autofree char *updated = NULL;
      g_autofree char *company = NULL;
      g_autofree char *owner = NULL;

      crm_contact_list_set_sort (list, CRM_CONTACT_SORT_NAME, descending);
      name = crm_contact_list_dup_query_plan (list);
      assert_uses_index (name, "contacts_by_name");

      crm_contact_list_set_sort (list, CRM_CONTACT_SORT_UPDATED, descending);
      updated = crm_contact_list_dup_query_plan (list);
      assert_uses_index (updated, "contacts_by_updated");

      /* The keys contacts keep of their company's and owner's names. */
      crm_contact_list_set_sort (list, CRM_CONTACT_SORT_COMPANY, descending);
      company = crm_contact_list_dup_query_plan (list);
      assert_uses_index (company, "contacts_by_company_name");

      crm_contact_list_set_sort (list, CRM_CONTACT_SORT_OWNER, descending);
      owner = crm_contact_list_dup_query_plan (list);
      assert_uses_index (owner, "contacts_by_owner_name");
    }
}

/* Contact changes */

typedef struct
{
  gint64      id;
  const char *name;
  const char *notes;
  gboolean    is_key;
  gboolean    set_key;
} ContactEdit;

static gint64
add_contact_change (Fixture  *f,
                    gpointer  data)
{
  const ContactEdit *edit = data;

  tick (f, 1000);
  return add_contact (f, CRM_CONTACT_PERSON, edit->name, f->acme, f->users[0], edit->is_key, NULL, NULL);
}

static gint64
update_contact_change (Fixture  *f,
                       gpointer  data)
{
  const ContactEdit *edit = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmContact) contact = crm_store_get_contact (f->store, edit->id, &error);

  g_assert_no_error (error);
  tick (f, 1000);
  if (edit->name != NULL)
    crm_contact_set_name (contact, edit->name);
  if (edit->notes != NULL)
    crm_contact_set_notes (contact, edit->notes);
  if (edit->set_key)
    crm_contact_set_is_key (contact, edit->is_key);
  g_assert_true (crm_store_update_contact (f->store, contact, &error));
  g_assert_no_error (error);

  return edit->id;
}

static gint64
delete_contact_change (Fixture  *f,
                       gpointer  data)
{
  const ContactEdit *edit = data;
  g_autoptr(GError) error = NULL;

  tick (f, 1000);
  g_assert_true (crm_store_delete_contact (f->store, edit->id, &error));
  g_assert_no_error (error);

  return edit->id;
}

static gint64
contact_named (Fixture    *f,
               const char *name)
{
  g_autoptr(CrmStatement) stmt = NULL;

  stmt = crm_database_prepare (crm_store_get_database (f->store),
                               "SELECT id FROM contacts WHERE name = ?1", NULL);
  crm_statement_bind_text (stmt, 1, name);
  g_assert_cmpint (crm_statement_step (stmt, NULL), ==, CRM_STEP_ROW);

  return crm_statement_get_int64 (stmt, 0);
}

static void
test_contact_changes (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) models = g_ptr_array_new_with_free_func (g_object_unref);
  CrmContactList *by_name, *by_updated, *by_company, *key_people;
  CrmContactFilter filter;
  ContactEdit edit;

  /* More people, so that lists span a few pages. */
  for (guint i = 0; i < 150; i++)
    {
      g_autofree char *name = g_strdup_printf ("Client %03u", (i * 37) % 150);

      tick (f, i % 2 ? 1000 : 0);
      add_contact (f, CRM_CONTACT_PERSON, name, i % 3 ? f->acme : f->elektra,
                   f->users[i % 3], i % 4 == 0, NULL, NULL);
    }

  by_name = crm_contact_list_new (f->store);
  by_updated = crm_contact_list_new (f->store);
  crm_contact_list_set_sort (by_updated, CRM_CONTACT_SORT_UPDATED, TRUE);
  by_company = crm_contact_list_new (f->store);
  crm_contact_list_set_sort (by_company, CRM_CONTACT_SORT_COMPANY, FALSE);
  key_people = crm_contact_list_new (f->store);
  crm_contact_filter_init (&filter);
  filter.kind = CRM_CONTACT_PERSON;
  filter.key_only = TRUE;
  crm_contact_list_set_filter (key_people, &filter);
  g_ptr_array_add (models, by_name);
  g_ptr_array_add (models, by_updated);
  g_ptr_array_add (models, by_company);
  g_ptr_array_add (models, key_people);

  g_test_message ("add");
  edit = (ContactEdit) { 0, "Client 0745", NULL, TRUE };
  check_row_change (f, models, add_contact_change, &edit);

  g_test_message ("rename");
  edit = (ContactEdit) { contact_named (f, "Client 100"), "Aaron Client" };
  check_row_change (f, models, update_contact_change, &edit);

  g_test_message ("notes");
  edit = (ContactEdit) { contact_named (f, "Client 050"), NULL, "Prefers e-mail" };
  check_row_change (f, models, update_contact_change, &edit);

  g_test_message ("key client");
  edit = (ContactEdit) { contact_named (f, "Client 051"), NULL, NULL, TRUE, TRUE };
  check_row_change (f, models, update_contact_change, &edit);

  g_test_message ("delete");
  edit = (ContactEdit) { contact_named (f, "Client 052") };
  check_row_change (f, models, delete_contact_change, &edit);
}

static void
test_contact_company_rename (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(CrmContactList) by_company = crm_contact_list_new (f->store);
  g_autoptr(CrmContactList) companies = crm_contact_list_new (f->store);
  g_autoptr(CrmContact) contact = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) company_ids = NULL;
  g_autoptr(Recorder) r = NULL;
  g_autoptr(Recorder) r_companies = NULL;
  g_autoptr(GError) error = NULL;
  CrmContactFilter filter;
  Change expected[3];
  gint64 old_position, new_position;
  guint n;

  crm_contact_list_set_sort (by_company, CRM_CONTACT_SORT_COMPANY, FALSE);
  crm_contact_filter_init (&filter);
  filter.kind = CRM_CONTACT_COMPANY;
  crm_contact_list_set_filter (companies, &filter);

  ids = model_ids (G_LIST_MODEL (by_company));
  company_ids = model_ids (G_LIST_MODEL (companies));
  n = ids->len;
  r = recorder_new (G_LIST_MODEL (by_company), ids, TRUE);
  r_companies = recorder_new (G_LIST_MODEL (companies), company_ids, TRUE);

  /* Acme becomes "Zed": the company row moves by name; its people, who
   * show its name and are sorted by it, are read again. */
  contact = crm_store_get_contact (f->store, f->acme, &error);
  g_assert_no_error (error);
  crm_contact_set_name (contact, "Zed");
  g_assert_true (crm_store_update_contact (f->store, contact, &error));
  g_assert_no_error (error);

  /* Acme has no company itself: among the last, in id order, both times.
   * Its people moved with its name, so the list is read again as a whole
   * rather than row by row. */
  old_position = index_of (ids, f->acme);
  new_position = crm_contact_list_find (by_company, f->acme);
  g_assert_cmpint (old_position, >=, 0);
  g_assert_cmpint (old_position, ==, new_position);
  expected[0] = (Change) { 0, n, n };
  assert_changes (r, expected, 1);
  assert_same_as_fresh (G_LIST_MODEL (by_company));
  {
    g_autoptr(GArray) expected_ids = expected_contacts (f, CRM_CONTACT_SORT_COMPANY, FALSE, NULL);

    assert_model_ids (G_LIST_MODEL (by_company), expected_ids);
  }

  /* Companies by name: Acme moves from the top to between Ēlektra and
   * Zeta; no company has Acme as its company, so nothing else is read
   * again. */
  old_position = index_of (company_ids, f->acme);
  new_position = crm_contact_list_find (companies, f->acme);
  g_assert_cmpint (old_position, ==, 0);
  g_assert_cmpint (new_position, ==, 1);
  expected[0] = (Change) { 0, 1, 0 };
  expected[1] = (Change) { 1, 0, 1 };
  assert_changes (r_companies, expected, 2);
  assert_same_as_fresh (G_LIST_MODEL (companies));
}

/* What the lists share (CrmPagedList) */

static void
test_list_properties (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(CrmDealList) deals = NULL;
  g_autoptr(CrmContactList) contacts = crm_contact_list_new (f->store);
  g_autoptr(CrmStore) store = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) expected = NULL;
  GParamSpec *pspec;
  GType item_type = G_TYPE_INVALID;
  guint n_items = 0;
  guint notified = 0;
  int key = -1;
  gboolean descending = FALSE;

  make_deals (f, 70);
  deals = crm_deal_list_new (f->store);

  g_object_get (deals,
                "store", &store,
                "item-type", &item_type,
                "n-items", &n_items,
                "sort-key", &key,
                "sort-descending", &descending,
                NULL);
  g_assert_true (store == f->store);
  g_assert_true (item_type == CRM_TYPE_DEAL);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (deals)) == CRM_TYPE_DEAL);
  g_assert_cmpuint (n_items, ==, 70);
  g_assert_cmpint (key, ==, CRM_DEAL_SORT_UPDATED);
  g_assert_true (descending);
  g_clear_object (&store);

  g_object_get (contacts,
                "store", &store,
                "item-type", &item_type,
                "n-items", &n_items,
                "sort-key", &key,
                "sort-descending", &descending,
                NULL);
  g_assert_true (store == f->store);
  g_assert_true (item_type == CRM_TYPE_CONTACT);
  g_assert_cmpuint (n_items, ==, f->contacts->len);
  g_assert_cmpint (key, ==, CRM_CONTACT_SORT_NAME);
  g_assert_false (descending);

  /* Each list sorts by its own keys, in its own default direction. */
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (deals), "sort-key");
  g_assert_true (G_PARAM_SPEC_VALUE_TYPE (pspec) == CRM_TYPE_DEAL_SORT);
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (contacts), "sort-key");
  g_assert_true (G_PARAM_SPEC_VALUE_TYPE (pspec) == CRM_TYPE_CONTACT_SORT);
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (deals), "sort-descending");
  g_assert_true (g_value_get_boolean (g_param_spec_get_default_value (pspec)));
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (contacts), "sort-descending");
  g_assert_false (g_value_get_boolean (g_param_spec_get_default_value (pspec)));

  /* Sorted through the properties: one notification for each that
   * changed, none for a sort that is already so. */
  g_signal_connect (contacts, "notify::sort-key", G_CALLBACK (count_cb), &notified);
  g_signal_connect (contacts, "notify::sort-descending", G_CALLBACK (count_cb), &notified);
  g_object_set (contacts, "sort-key", CRM_CONTACT_SORT_COMPANY, "sort-descending", TRUE, NULL);
  g_assert_cmpuint (notified, ==, 2);
  g_assert_cmpint (crm_contact_list_get_sort_key (contacts), ==, CRM_CONTACT_SORT_COMPANY);
  g_assert_true (crm_contact_list_get_sort_descending (contacts));
  expected = expected_contacts (f, CRM_CONTACT_SORT_COMPANY, TRUE, NULL);
  assert_model_ids (G_LIST_MODEL (contacts), expected);

  crm_contact_list_set_sort (contacts, CRM_CONTACT_SORT_COMPANY, TRUE);
  g_assert_cmpuint (notified, ==, 2);
  crm_contact_list_set_sort (contacts, CRM_CONTACT_SORT_COMPANY, FALSE);
  g_assert_cmpuint (notified, ==, 3);
  g_object_get (contacts, "sort-descending", &descending, NULL);
  g_assert_false (descending);
  g_signal_handlers_disconnect_by_data (contacts, &notified);

  ids = model_ids (G_LIST_MODEL (deals));
  g_object_set (deals, "sort-key", CRM_DEAL_SORT_AMOUNT, NULL);
  g_object_get (deals, "sort-key", &key, "sort-descending", &descending, NULL);
  g_assert_cmpint (key, ==, CRM_DEAL_SORT_AMOUNT);
  g_assert_true (descending);
  g_clear_pointer (&expected, g_array_unref);
  expected = expected_deals (f, CRM_DEAL_SORT_AMOUNT, TRUE, NULL);
  assert_model_ids (G_LIST_MODEL (deals), expected);
}

static void
test_list_filters (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(CrmContactList) list = crm_contact_list_new (f->store);
  g_autoptr(GArray) ids = model_ids (G_LIST_MODEL (list));
  g_autoptr(Recorder) r = recorder_new (G_LIST_MODEL (list), ids, FALSE);
  const CrmContactFilter *in_use;
  CrmContactFilter filter;
  CrmContactFilter other;
  CrmDealFilter deal;
  CrmDealFilter deal_copy;
  char *tag;

  /* What lets every row through. */
  crm_deal_filter_init (&deal);
  g_assert_cmpint (deal.pipeline_id, ==, 0);
  g_assert_cmpint (deal.amount_min, ==, -1);
  g_assert_cmpint (deal.amount_max, ==, -1);
  g_assert_null (deal.tag);
  g_assert_false (deal.open_only);
  g_assert_cmpint (deal.contact_id, ==, 0);
  crm_contact_filter_init (&filter);
  g_assert_cmpint ((int)filter.kind, ==, -1);
  g_assert_cmpint (filter.owner_id, ==, 0);
  g_assert_null (filter.tag);

  /* A copy has strings of its own, and frees what it held. */
  deal.tag = g_strdup ("VIP");
  deal.amount_min = 5;
  deal.open_only = TRUE;
  crm_deal_filter_init (&deal_copy);
  deal_copy.tag = g_strdup ("old");
  crm_deal_filter_copy (&deal, &deal_copy);
  g_assert_cmpstr (deal_copy.tag, ==, "VIP");
  g_assert_true (deal_copy.tag != deal.tag);
  g_assert_cmpint (deal_copy.amount_min, ==, 5);
  g_assert_cmpint (deal_copy.amount_max, ==, -1);
  g_assert_true (deal_copy.open_only);
  tag = deal_copy.tag;
  crm_deal_filter_copy (&deal_copy, &deal_copy);
  g_assert_true (deal_copy.tag == tag);
  crm_deal_filter_clear (&deal);
  g_assert_null (deal.tag);
  g_assert_cmpint (deal.amount_min, ==, -1);
  g_assert_false (deal.open_only);
  crm_deal_filter_clear (&deal_copy);

  /* A kind that is neither a person nor a company lets both through, as
   * the filter in use does: no change. */
  filter.kind = (CrmContactKind)7;
  crm_contact_list_set_filter (list, &filter);
  g_assert_cmpuint (r->changes->len, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, f->contacts->len);

  filter.kind = CRM_CONTACT_COMPANY;
  filter.key_only = TRUE;
  filter.tag = g_strdup ("Partner");
  crm_contact_list_set_filter (list, &filter);
  g_assert_cmpuint (r->changes->len, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);

  /* The list keeps a copy of its own. */
  in_use = crm_contact_list_get_filter (list);
  g_assert_true (in_use != &filter);
  g_assert_true (in_use->tag != filter.tag);
  g_assert_cmpstr (in_use->tag, ==, "Partner");
  g_assert_cmpint (in_use->kind, ==, CRM_CONTACT_COMPANY);

  /* Booleans count by their truth. */
  crm_contact_filter_init (&other);
  crm_contact_filter_copy (&filter, &other);
  other.key_only = 2;
  crm_contact_list_set_filter (list, &other);
  g_assert_cmpuint (r->changes->len, ==, 1);

  other.kind = CRM_CONTACT_PERSON;
  other.key_only = FALSE;
  crm_contact_list_set_filter (list, &other);
  g_assert_cmpuint (r->changes->len, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  {
    g_autoptr(GArray) expected = expected_contacts (f, CRM_CONTACT_SORT_NAME, FALSE, &other);

    assert_model_ids (G_LIST_MODEL (list), expected);
  }

  crm_contact_filter_clear (&filter);
  crm_contact_filter_clear (&other);

  crm_contact_list_set_filter (list, NULL);
  g_assert_cmpuint (r->changes->len, ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, f->contacts->len);
  g_assert_cmpint ((int)crm_contact_list_get_filter (list)->kind, ==, -1);
  g_assert_null (crm_contact_list_get_filter (list)->tag);
}

static void
test_list_employees (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CrmDealList) deals = NULL;
  g_autoptr(CrmContactList) contacts = crm_contact_list_new (f->store);
  g_autoptr(CrmContactList) of_bob = crm_contact_list_new (f->store);
  g_autoptr(GArray) deal_ids = NULL;
  g_autoptr(GArray) contact_ids = NULL;
  g_autoptr(GArray) bob_ids = NULL;
  g_autoptr(Recorder) r_deals = NULL;
  g_autoptr(Recorder) r_contacts = NULL;
  g_autoptr(Recorder) r_bob = NULL;
  g_autoptr(GError) error = NULL;
  CrmContactFilter filter;
  Change change;
  gint64 nobody;

  make_deals (f, 90);
  deals = crm_deal_list_new (f->store);
  crm_contact_filter_init (&filter);
  filter.owner_id = f->users[1];
  crm_contact_list_set_filter (of_bob, &filter);

  deal_ids = model_ids (G_LIST_MODEL (deals));
  contact_ids = model_ids (G_LIST_MODEL (contacts));
  bob_ids = model_ids (G_LIST_MODEL (of_bob));
  r_deals = recorder_new (G_LIST_MODEL (deals), deal_ids, FALSE);
  r_contacts = recorder_new (G_LIST_MODEL (contacts), contact_ids, FALSE);
  r_bob = recorder_new (G_LIST_MODEL (of_bob), bob_ids, FALSE);

  /* An employee whose name rows show: every row is read again in place,
   * by the lists that show one of theirs. */
  crm_store_emit_changed (f->store, CRM_ENTITY_USER, f->users[0]);
  change = (Change) { 0, deal_ids->len, deal_ids->len };
  assert_changes (r_deals, &change, 1);
  change = (Change) { 0, contact_ids->len, contact_ids->len };
  assert_changes (r_contacts, &change, 1);
  assert_changes (r_bob, NULL, 0);
  g_assert_cmpuint (r_deals->notifies + r_contacts->notifies, ==, 0);

  /* A new employee shows in no row. */
  g_array_set_size (r_deals->changes, 0);
  g_array_set_size (r_contacts->changes, 0);
  nobody = crm_store_add_user (f->store, "dora", "Dora", CRM_ROLE_SALES, &error);
  g_assert_no_error (error);
  crm_store_emit_changed (f->store, CRM_ENTITY_USER, nobody);
  assert_changes (r_deals, NULL, 0);
  assert_changes (r_contacts, NULL, 0);
  assert_changes (r_bob, NULL, 0);

  /* Any employee: everything in place. */
  crm_store_emit_changed (f->store, CRM_ENTITY_USER, 0);
  change = (Change) { 0, deal_ids->len, deal_ids->len };
  assert_changes (r_deals, &change, 1);
  change = (Change) { 0, bob_ids->len, bob_ids->len };
  assert_changes (r_bob, &change, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/models/deals/sort", test_deal_sort);
  ADD ("/models/deals/sort-signals", test_deal_sort_signals);
  ADD ("/models/deals/paging", test_deal_paging);
  ADD ("/models/deals/paging-runs", test_deal_paging_runs);
  ADD ("/models/deals/sort-keys", test_deal_sort_keys);
  ADD ("/models/deals/cache", test_deal_cache);
  ADD ("/models/deals/filter", test_deal_filter);
  ADD ("/models/deals/changes", test_deal_changes);
  ADD ("/models/deals/anchors", test_deal_anchors);
  ADD ("/models/deals/in-place", test_deal_in_place);
  ADD ("/models/deals/batch", test_deal_batch);
  ADD ("/models/deals/items", test_deal_items);
  ADD ("/models/deals/dependents", test_deal_dependents);
  ADD ("/models/deals/any", test_deal_any);
  ADD ("/models/deals/plan", test_deal_plan);
  ADD ("/models/deals/position", test_deal_position);
  ADD ("/models/contacts/sort", test_contact_sort);
  ADD ("/models/contacts/filter", test_contact_filter);
  ADD ("/models/contacts/changes", test_contact_changes);
  ADD ("/models/contacts/items", test_contact_items);
  ADD ("/models/contacts/company-rename", test_contact_company_rename);
  ADD ("/models/contacts/sort-keys", test_contact_sort_keys);
  ADD ("/models/contacts/plan", test_contact_plan);
  ADD ("/models/lists/properties", test_list_properties);
  ADD ("/models/lists/filters", test_list_filters);
  ADD ("/models/lists/employees", test_list_employees);

#undef ADD

  return g_test_run ();
}
