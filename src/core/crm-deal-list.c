/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "crm-deal-list"

#include "config.h"

#include <string.h>

#include "crm-database.h"
#include "crm-deal-list.h"
#include "crm-paged-query.h"
#include "crm-text.h"

/**
 * CrmDealList:
 *
 * A [iface@Gio.ListModel] of the live [class@Deal]s that match a
 * [struct@DealFilter], sorted by a [enum@DealSort].
 *
 * Sorting and filtering happen in SQL and rows are read 64 at a time, so a
 * list of 200,000 deals costs a count and the pages a view shows. The list
 * follows the store's `changing` and `changed` signals with exact
 * items-changed ranges, and a row read again updates the item views hold.
 */
struct _CrmDealList
{
  GObject        parent_instance;

  CrmStore      *store;
  CrmPagedQuery *query;

  CrmDealSort    sort_key;
  gboolean       descending;
  CrmDealFilter  filter;
  char          *tag_folded;

  /* Client names as they were before a write, to tell a rename. */
  GHashTable    *contact_names;

  gulong         changing_handler;
  gulong         changed_handler;
};

static void crm_deal_list_list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CrmDealList, crm_deal_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      crm_deal_list_list_model_iface_init))

G_DEFINE_ENUM_TYPE (CrmDealSort, crm_deal_sort,
                    G_DEFINE_ENUM_VALUE (CRM_DEAL_SORT_UPDATED, "updated"),
                    G_DEFINE_ENUM_VALUE (CRM_DEAL_SORT_TITLE, "title"),
                    G_DEFINE_ENUM_VALUE (CRM_DEAL_SORT_AMOUNT, "amount"),
                    G_DEFINE_ENUM_VALUE (CRM_DEAL_SORT_CREATED, "created"),
                    G_DEFINE_ENUM_VALUE (CRM_DEAL_SORT_STAGE, "stage"),
                    G_DEFINE_ENUM_VALUE (CRM_DEAL_SORT_CLIENT, "client"),
                    G_DEFINE_ENUM_VALUE (CRM_DEAL_SORT_OWNER, "owner"),
                    G_DEFINE_ENUM_VALUE (CRM_DEAL_SORT_NEXT_REMINDER, "next-reminder"),
                    G_DEFINE_ENUM_VALUE (CRM_DEAL_SORT_EXPECTED_CLOSE, "expected-close"),
                    G_DEFINE_ENUM_VALUE (CRM_DEAL_SORT_POSITION, "position"))

enum {
  PROP_0,
  PROP_STORE,
  PROP_ITEM_TYPE,
  PROP_N_ITEMS,
  PROP_SORT_KEY,
  PROP_SORT_DESCENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The earliest pending reminder of deal d; a snooze counts instead of the
 * original time. Read through reminders_by_deal. */
#define NEXT_REMINDER_SQL \
  "(SELECT min (coalesce (r.snoozed_until, r.due_at)) FROM reminders r " \
  "  WHERE r.deal_id = d.id AND r.done_at IS NULL AND r.deleted_at IS NULL)"

/* Everything a row shows, for one deal: the joins run for the rows of a
 * page only, never for the rows a page query steps over. */
#define DEAL_ROW_SQL \
  "SELECT d.title, d.contact_id, c.name, d.amount, d.currency, " \
  "       d.stage_id, s.name, s.kind, s.pipeline_id, d.position, " \
  "       d.owner_id, u.name, d.expected_close, d.lost_reason, " \
  "       d.created_at, d.updated_at, d.stage_changed_at, d.deleted_at, " \
  "       " NEXT_REMINDER_SQL ", " \
  "       (SELECT group_concat (tag.name, ', ') FROM " \
  "          (SELECT t.name AS name FROM deal_tags dt JOIN tags t ON t.id = dt.tag_id " \
  "            WHERE dt.deal_id = d.id ORDER BY t.folded) AS tag) " \
  "FROM deals d " \
  "LEFT JOIN stages s ON s.id = d.stage_id " \
  "LEFT JOIN contacts c ON c.id = d.contact_id " \
  "LEFT JOIN users u ON u.id = d.owner_id " \
  "WHERE d.id = ?1"

typedef struct
{
  const char    *joins;
  CrmSortColumn  columns[1];
  guint          n_columns;
} SortSpec;

/* Keys over deals d. Every key but the next reminder is a column with an
 * index on (key, id) over live deals (created is the id itself), so SQLite
 * reads a page of those straight from a B-tree. The client, stage and
 * owner keys are copies the store keeps in step with the contact, stage
 * and user rows (see schema_v2 in crm-migrations.c). The next reminder is
 * a subquery per deal; its lists read the sorted ids once (see
 * crm-paged-query.c): reminders change too often, and belong to too few
 * deals, for a copy in every deal to pay off. */
static const SortSpec sort_specs[] = {
  [CRM_DEAL_SORT_UPDATED] = { "", { { "d.updated_at", FALSE } }, 1 },
  [CRM_DEAL_SORT_TITLE] = { "", { { "d.title_folded", FALSE } }, 1 },
  [CRM_DEAL_SORT_AMOUNT] = { "", { { "d.amount", FALSE } }, 1 },
  [CRM_DEAL_SORT_CREATED] = { "", { { NULL, FALSE } }, 0 },
  [CRM_DEAL_SORT_STAGE] = { "", { { "d.stage_sort", FALSE } }, 1 },
  [CRM_DEAL_SORT_CLIENT] = { "", { { "d.client_sort", TRUE } }, 1 },
  [CRM_DEAL_SORT_OWNER] = { "", { { "d.owner_sort", TRUE } }, 1 },
  [CRM_DEAL_SORT_NEXT_REMINDER] = { "", { { NEXT_REMINDER_SQL, TRUE } }, 1 },
  [CRM_DEAL_SORT_EXPECTED_CLOSE] = { "", { { "d.expected_close", TRUE } }, 1 },
  /* Inside one stage (d.stage_id = ?), deals_by_stage is in this order. */
  [CRM_DEAL_SORT_POSITION] = { "", { { "d.position", FALSE } }, 1 },
};

G_STATIC_ASSERT (G_N_ELEMENTS (sort_specs) == CRM_DEAL_SORT_POSITION + 1);

/* Filter parameters; the paged query numbers its own from ?20. */
enum {
  PARAM_PIPELINE = 1,
  PARAM_STAGE,
  PARAM_OWNER,
  PARAM_AMOUNT_MIN,
  PARAM_AMOUNT_MAX,
  PARAM_UPDATED_FROM,
  PARAM_UPDATED_TO,
  PARAM_TAG,
  PARAM_CONTACT,
};

G_STATIC_ASSERT (PARAM_CONTACT < CRM_PAGED_QUERY_FIRST_PARAM);

/**
 * crm_deal_filter_init:
 * @filter: a filter to set up
 *
 * Sets @filter to let every live deal through.
 */
void
crm_deal_filter_init (CrmDealFilter *filter)
{
  g_return_if_fail (filter != NULL);

  memset (filter, 0, sizeof *filter);
  filter->amount_min = -1;
  filter->amount_max = -1;
}

/**
 * crm_deal_filter_clear:
 * @filter: a filter
 *
 * Frees what @filter holds and sets it up again as crm_deal_filter_init()
 * does.
 */
void
crm_deal_filter_clear (CrmDealFilter *filter)
{
  g_return_if_fail (filter != NULL);

  g_clear_pointer (&filter->tag, g_free);
  crm_deal_filter_init (filter);
}

/**
 * crm_deal_filter_copy:
 * @src: a filter
 * @dest: a filter set up with crm_deal_filter_init(); what it held is freed
 *
 * Makes @dest a copy of @src.
 */
void
crm_deal_filter_copy (const CrmDealFilter *src,
                      CrmDealFilter       *dest)
{
  char *tag;

  g_return_if_fail (src != NULL);
  g_return_if_fail (dest != NULL);

  if (src == dest)
    return;

  tag = g_strdup (src->tag);
  g_free (dest->tag);
  *dest = *src;
  dest->tag = tag;
}

static gboolean
filter_equal (const CrmDealFilter *a,
              const CrmDealFilter *b)
{
  return a->pipeline_id == b->pipeline_id &&
         a->stage_id == b->stage_id &&
         a->owner_id == b->owner_id &&
         a->amount_min == b->amount_min &&
         a->amount_max == b->amount_max &&
         a->updated_from == b->updated_from &&
         a->updated_to == b->updated_to &&
         g_strcmp0 (a->tag, b->tag) == 0 &&
         !a->open_only == !b->open_only &&
         a->contact_id == b->contact_id;
}

static void
add_condition (GString    *sql,
               const char *condition)
{
  if (sql->len > 0)
    g_string_append (sql, " AND ");
  g_string_append (sql, condition);
}

/* Only conditions that are in use go into the SQL, so that SQLite plans
 * each combination on its own (and the statement cache keeps each). */
static char *
build_filter_sql (CrmDealList *self)
{
  const CrmDealFilter *filter = &self->filter;
  GString *sql = g_string_new (NULL);

  if (filter->pipeline_id != 0)
    add_condition (sql, "d.stage_id IN (SELECT ps.id FROM stages ps WHERE ps.pipeline_id = ?1)");
  if (filter->stage_id != 0)
    add_condition (sql, "d.stage_id = ?2");
  if (filter->owner_id != 0)
    add_condition (sql, "d.owner_id = ?3");
  if (filter->amount_min != -1)
    add_condition (sql, "d.amount >= ?4");
  if (filter->amount_max != -1)
    add_condition (sql, "d.amount <= ?5");
  if (filter->updated_from != 0)
    add_condition (sql, "d.updated_at >= ?6");
  if (filter->updated_to != 0)
    add_condition (sql, "d.updated_at < ?7");
  if (self->tag_folded != NULL)
    add_condition (sql, "d.id IN (SELECT dt.deal_id FROM deal_tags dt "
                        "JOIN tags t ON t.id = dt.tag_id WHERE t.folded = ?8)");
  if (filter->open_only)
    add_condition (sql, "d.stage_id IN (SELECT os.id FROM stages os WHERE os.kind = 0)");
  if (filter->contact_id != 0)
    add_condition (sql, "d.contact_id = ?9");

  return g_string_free (sql, sql->len == 0);
}

static void
bind_filter (CrmStatement *stmt,
             gpointer      user_data)
{
  CrmDealList *self = user_data;
  const CrmDealFilter *filter = &self->filter;

  if (filter->pipeline_id != 0)
    crm_statement_bind_int64 (stmt, PARAM_PIPELINE, filter->pipeline_id);
  if (filter->stage_id != 0)
    crm_statement_bind_int64 (stmt, PARAM_STAGE, filter->stage_id);
  if (filter->owner_id != 0)
    crm_statement_bind_int64 (stmt, PARAM_OWNER, filter->owner_id);
  if (filter->amount_min != -1)
    crm_statement_bind_int64 (stmt, PARAM_AMOUNT_MIN, filter->amount_min);
  if (filter->amount_max != -1)
    crm_statement_bind_int64 (stmt, PARAM_AMOUNT_MAX, filter->amount_max);
  if (filter->updated_from != 0)
    crm_statement_bind_int64 (stmt, PARAM_UPDATED_FROM, filter->updated_from);
  if (filter->updated_to != 0)
    crm_statement_bind_int64 (stmt, PARAM_UPDATED_TO, filter->updated_to);
  if (self->tag_folded != NULL)
    crm_statement_bind_text (stmt, PARAM_TAG, self->tag_folded);
  if (filter->contact_id != 0)
    crm_statement_bind_int64 (stmt, PARAM_CONTACT, filter->contact_id);
}

static gboolean
fill_deal (CrmStore *store,
           gint64    id,
           GObject  *item,
           gpointer  user_data)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autoptr(GError) error = NULL;
  CrmDeal *deal = CRM_DEAL (item);

  stmt = crm_database_prepare (crm_store_get_database (store), DEAL_ROW_SQL, &error);
  if (stmt == NULL)
    {
      g_critical ("Cannot read deal %" G_GINT64_FORMAT ": %s", id, error->message);
      return FALSE;
    }

  crm_statement_bind_int64 (stmt, 1, id);
  switch (crm_statement_step (stmt, &error))
    {
    case CRM_STEP_ROW:
      break;
    case CRM_STEP_ERROR:
      g_warning ("Cannot read deal %" G_GINT64_FORMAT ": %s", id, error->message);
      return FALSE;
    case CRM_STEP_DONE:
    default:
      return FALSE;
    }

  crm_deal_set_id (deal, id);
  crm_deal_set_title (deal, crm_statement_get_text (stmt, 0));
  crm_deal_set_contact_id (deal, crm_statement_get_int64 (stmt, 1));
  crm_deal_set_contact_name (deal, crm_statement_get_text (stmt, 2));
  crm_deal_set_amount (deal, crm_statement_get_int64 (stmt, 3));
  crm_deal_set_currency (deal, crm_statement_get_text (stmt, 4));
  crm_deal_set_stage_id (deal, crm_statement_get_int64 (stmt, 5));
  crm_deal_set_stage_name (deal, crm_statement_get_text (stmt, 6));
  crm_deal_set_stage_kind (deal, (CrmStageKind)crm_statement_get_int64 (stmt, 7));
  crm_deal_set_pipeline_id (deal, crm_statement_get_int64 (stmt, 8));
  crm_deal_set_position (deal, crm_statement_get_int64 (stmt, 9));
  crm_deal_set_owner_id (deal, crm_statement_get_int64 (stmt, 10));
  crm_deal_set_owner_name (deal, crm_statement_get_text (stmt, 11));
  crm_deal_set_expected_close (deal, crm_statement_get_text (stmt, 12));
  crm_deal_set_lost_reason (deal, crm_statement_get_text (stmt, 13));
  crm_deal_set_created_at (deal, crm_statement_get_int64 (stmt, 14));
  crm_deal_set_updated_at (deal, crm_statement_get_int64 (stmt, 15));
  crm_deal_set_stage_changed_at (deal, crm_statement_get_int64 (stmt, 16));
  crm_deal_set_deleted_at (deal, crm_statement_get_int64 (stmt, 17));
  crm_deal_set_next_reminder_at (deal, crm_statement_get_int64 (stmt, 18));
  crm_deal_set_tags (deal, crm_statement_get_text (stmt, 19));

  return TRUE;
}

/* The deal a reminder belongs to, 0 for a client's reminder. */
static gint64
get_reminder_deal (CrmDealList *self,
                   gint64       reminder_id)
{
  g_autoptr(CrmStatement) stmt = NULL;

  stmt = crm_database_prepare (crm_store_get_database (self->store),
                               "SELECT deal_id FROM reminders WHERE id = ?1", NULL);
  if (stmt == NULL)
    return 0;

  crm_statement_bind_int64 (stmt, 1, reminder_id);
  if (crm_statement_step (stmt, NULL) != CRM_STEP_ROW)
    return 0;

  return crm_statement_get_int64 (stmt, 0);
}

static char *
dup_contact_name (CrmDealList *self,
                  gint64       contact_id)
{
  g_autoptr(CrmStatement) stmt = NULL;

  stmt = crm_database_prepare (crm_store_get_database (self->store),
                               "SELECT name FROM contacts WHERE id = ?1", NULL);
  if (stmt == NULL)
    return NULL;

  crm_statement_bind_int64 (stmt, 1, contact_id);
  if (crm_statement_step (stmt, NULL) != CRM_STEP_ROW)
    return NULL;

  return crm_statement_dup_text (stmt, 0);
}

static void
note_contact_name (CrmDealList *self,
                   gint64       contact_id)
{
  gint64 *key;

  /* The first write of a transaction has the name the list shows. */
  if (g_hash_table_contains (self->contact_names, &contact_id))
    return;

  key = g_new (gint64, 1);
  *key = contact_id;
  g_hash_table_insert (self->contact_names, key, dup_contact_name (self, contact_id));
}

/* Whether a contact written since note_contact_name() has another name
 * now; FALSE for a contact that was not written itself (a call or a
 * reminder added to it). */
static gboolean
contact_renamed (CrmDealList *self,
                 gint64       contact_id)
{
  g_autofree char *name = NULL;
  g_autofree char *old_name = NULL;
  gpointer key, value;

  if (!g_hash_table_steal_extended (self->contact_names, &contact_id, &key, &value))
    return FALSE;

  g_free (key);
  old_name = value;
  name = dup_contact_name (self, contact_id);

  return g_strcmp0 (name, old_name) != 0;
}

static void
store_changing_cb (CrmStore    *store,
                   int          kind,
                   gint64       id,
                   CrmDealList *self)
{
  gint64 deal_id;

  crm_paged_query_begin_change (self->query);

  switch ((CrmEntityKind)kind)
    {
    case CRM_ENTITY_DEAL:
      /* Note where the deal is now; 0 is a deal about to be added. */
      if (id != 0)
        crm_paged_query_row_changing (self->query, id);
      break;

    case CRM_ENTITY_REMINDER:
      /* In a list sorted by the next reminder, a reminder moves its deal. */
      if (id != 0 && self->sort_key == CRM_DEAL_SORT_NEXT_REMINDER)
        {
          deal_id = get_reminder_deal (self, id);
          if (deal_id != 0)
            crm_paged_query_row_changing (self->query, deal_id);
        }
      break;

    case CRM_ENTITY_CONTACT:
      if (id != 0)
        note_contact_name (self, id);
      break;

    case CRM_ENTITY_ANY:
    case CRM_ENTITY_USER:
    case CRM_ENTITY_PIPELINE:
    case CRM_ENTITY_STAGE:
    case CRM_ENTITY_ACTIVITY:
    case CRM_ENTITY_ATTACHMENT:
    default:
      break;
    }
}

static void
store_changed_cb (CrmStore    *store,
                  int          kind,
                  gint64       id,
                  CrmDealList *self)
{
  gint64 deal_id;

  switch ((CrmEntityKind)kind)
    {
    case CRM_ENTITY_DEAL:
      /* The deal itself: removed (trashed, or no longer matching), inserted
       * (added, restored, or matching now), moved (a sort key changed:
       * removal, then insertion) or changed in place (pos, 1, 1). */
      if (id != 0)
        crm_paged_query_row_changed (self->query, id);
      else
        crm_paged_query_reload (self->query);
      break;

    case CRM_ENTITY_CONTACT:
      /* Deals show their client's name, and may be sorted by it; which
       * deals match cannot change, as the filter names clients by id. Only
       * when the client was renamed and the list shows one of their deals:
       * (0, n, n). */
      if (id == 0 ||
          (contact_renamed (self, id) &&
           crm_paged_query_any (self->query, "d.contact_id = ?20", id)))
        crm_paged_query_refresh (self->query);
      break;

    case CRM_ENTITY_USER:
      /* Likewise for the owner's name. */
      if (id == 0 || crm_paged_query_any (self->query, "d.owner_id = ?20", id))
        crm_paged_query_refresh (self->query);
      break;

    case CRM_ENTITY_REMINDER:
      /* The next reminder a deal shows: a move when the list is sorted by
       * it, otherwise a change in place. A client's reminder is not shown. */
      deal_id = id != 0 ? get_reminder_deal (self, id) : 0;
      if (id == 0)
        crm_paged_query_refresh (self->query);
      else if (deal_id != 0 && self->sort_key == CRM_DEAL_SORT_NEXT_REMINDER)
        crm_paged_query_row_changed (self->query, deal_id);
      else if (deal_id != 0)
        crm_paged_query_row_refreshed (self->query, deal_id);
      break;

    case CRM_ENTITY_STAGE:
    case CRM_ENTITY_PIPELINE:
      /* A stage renamed, reordered, turned won or lost, or deleted with its
       * deals moved on, or a pipeline reordered or deleted: names, the stage
       * order and what "open only" and the pipeline filter let through may
       * all change. Rare enough to count again: (0, old_n, new_n). */
      crm_paged_query_reload (self->query);
      break;

    case CRM_ENTITY_ANY:
      /* Anything, e.g. another process wrote: (0, old_n, new_n). */
      crm_paged_query_reload (self->query);
      break;

    case CRM_ENTITY_ACTIVITY:
    case CRM_ENTITY_ATTACHMENT:
    default:
      /* Not shown in a deal's row. */
      break;
    }
}

static void
apply_sort (CrmDealList *self)
{
  const SortSpec *spec = &sort_specs[self->sort_key];

  crm_paged_query_set_order (self->query, spec->joins, spec->columns,
                             spec->n_columns, self->descending);
}

static void
apply_filter (CrmDealList *self)
{
  g_autofree char *clean = crm_text_clean (self->filter.tag);
  g_autofree char *sql = NULL;

  g_clear_pointer (&self->tag_folded, g_free);
  if (clean != NULL)
    self->tag_folded = crm_text_fold (clean);

  sql = build_filter_sql (self);
  crm_paged_query_set_filter (self->query, sql);
}

static GType
crm_deal_list_get_item_type (GListModel *model)
{
  return CRM_TYPE_DEAL;
}

static guint
crm_deal_list_get_n_items (GListModel *model)
{
  CrmDealList *self = CRM_DEAL_LIST (model);

  return self->query != NULL ? crm_paged_query_get_n_items (self->query) : 0;
}

static gpointer
crm_deal_list_get_item (GListModel *model,
                        guint       position)
{
  CrmDealList *self = CRM_DEAL_LIST (model);

  return self->query != NULL ? crm_paged_query_get_item (self->query, position) : NULL;
}

static void
crm_deal_list_list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = crm_deal_list_get_item_type;
  iface->get_n_items = crm_deal_list_get_n_items;
  iface->get_item = crm_deal_list_get_item;
}

static void
crm_deal_list_constructed (GObject *object)
{
  CrmDealList *self = (CrmDealList *)object;

  G_OBJECT_CLASS (crm_deal_list_parent_class)->constructed (object);

  g_assert (CRM_IS_STORE (self->store));

  self->query = crm_paged_query_new (G_LIST_MODEL (self), properties[PROP_N_ITEMS],
                                     self->store, CRM_TYPE_DEAL, "deals", "d",
                                     fill_deal, bind_filter, self);
  apply_sort (self);
  apply_filter (self);
  crm_paged_query_reload (self->query);

  self->changing_handler = g_signal_connect (self->store, "changing",
                                             G_CALLBACK (store_changing_cb), self);
  self->changed_handler = g_signal_connect (self->store, "changed",
                                            G_CALLBACK (store_changed_cb), self);
}

static void
crm_deal_list_dispose (GObject *object)
{
  CrmDealList *self = (CrmDealList *)object;

  if (self->store != NULL)
    {
      g_clear_signal_handler (&self->changing_handler, self->store);
      g_clear_signal_handler (&self->changed_handler, self->store);
    }
  g_clear_pointer (&self->query, crm_paged_query_free);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (crm_deal_list_parent_class)->dispose (object);
}

static void
crm_deal_list_finalize (GObject *object)
{
  CrmDealList *self = (CrmDealList *)object;

  crm_deal_filter_clear (&self->filter);
  g_clear_pointer (&self->tag_folded, g_free);
  g_clear_pointer (&self->contact_names, g_hash_table_unref);

  G_OBJECT_CLASS (crm_deal_list_parent_class)->finalize (object);
}

static void
crm_deal_list_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CrmDealList *self = CRM_DEAL_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, CRM_TYPE_DEAL);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, crm_deal_list_get_n_items (G_LIST_MODEL (self)));
      break;

    case PROP_SORT_KEY:
      g_value_set_enum (value, self->sort_key);
      break;

    case PROP_SORT_DESCENDING:
      g_value_set_boolean (value, self->descending);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_deal_list_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  CrmDealList *self = CRM_DEAL_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_SORT_KEY:
      crm_deal_list_set_sort (self, g_value_get_enum (value), self->descending);
      break;

    case PROP_SORT_DESCENDING:
      crm_deal_list_set_sort (self, self->sort_key, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_deal_list_class_init (CrmDealListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = crm_deal_list_constructed;
  object_class->dispose = crm_deal_list_dispose;
  object_class->finalize = crm_deal_list_finalize;
  object_class->get_property = crm_deal_list_get_property;
  object_class->set_property = crm_deal_list_set_property;

  /**
   * CrmDealList:store:
   *
   * The store the deals are read from.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         CRM_TYPE_STORE,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * CrmDealList:item-type:
   *
   * The type of the items, [class@Deal].
   */
  properties[PROP_ITEM_TYPE] =
    g_param_spec_gtype ("item-type", NULL, NULL,
                        G_TYPE_OBJECT,
                        (G_PARAM_READABLE |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmDealList:n-items:
   *
   * The number of deals in the list.
   */
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  /**
   * CrmDealList:sort-key:
   *
   * What the deals are sorted by.
   */
  properties[PROP_SORT_KEY] =
    g_param_spec_enum ("sort-key", NULL, NULL,
                       CRM_TYPE_DEAL_SORT,
                       CRM_DEAL_SORT_UPDATED,
                       (G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  /**
   * CrmDealList:sort-descending:
   *
   * Whether the largest, latest or last in the alphabet come first.
   */
  properties[PROP_SORT_DESCENDING] =
    g_param_spec_boolean ("sort-descending", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
crm_deal_list_init (CrmDealList *self)
{
  self->sort_key = CRM_DEAL_SORT_UPDATED;
  self->descending = TRUE;
  crm_deal_filter_init (&self->filter);
  self->contact_names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
}

/**
 * crm_deal_list_new:
 * @store: a #CrmStore
 *
 * Creates a list of the live deals, latest change first. It follows the
 * store's changes by itself.
 *
 * Returns: (transfer full): a new #CrmDealList
 */
CrmDealList *
crm_deal_list_new (CrmStore *store)
{
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);

  return g_object_new (CRM_TYPE_DEAL_LIST,
                       "store", store,
                       NULL);
}

CrmStore *
crm_deal_list_get_store (CrmDealList *self)
{
  g_return_val_if_fail (CRM_IS_DEAL_LIST (self), NULL);

  return self->store;
}

/**
 * crm_deal_list_set_sort:
 * @self: a #CrmDealList
 * @key: what to sort by
 * @descending: %TRUE for the largest, latest or last first
 *
 * Sorts the list again: items-changed (0, n, n) unless nothing changed.
 */
void
crm_deal_list_set_sort (CrmDealList *self,
                        CrmDealSort  key,
                        gboolean     descending)
{
  gboolean key_changed, direction_changed;

  g_return_if_fail (CRM_IS_DEAL_LIST (self));
  g_return_if_fail (key <= CRM_DEAL_SORT_POSITION);

  descending = !!descending;
  key_changed = self->sort_key != key;
  direction_changed = self->descending != descending;
  if (!key_changed && !direction_changed)
    return;

  self->sort_key = key;
  self->descending = descending;

  if (self->query != NULL)
    {
      apply_sort (self);
      crm_paged_query_reload (self->query);
    }

  if (key_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT_KEY]);
  if (direction_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT_DESCENDING]);
}

CrmDealSort
crm_deal_list_get_sort_key (CrmDealList *self)
{
  g_return_val_if_fail (CRM_IS_DEAL_LIST (self), CRM_DEAL_SORT_UPDATED);

  return self->sort_key;
}

gboolean
crm_deal_list_get_sort_descending (CrmDealList *self)
{
  g_return_val_if_fail (CRM_IS_DEAL_LIST (self), FALSE);

  return self->descending;
}

/**
 * crm_deal_list_set_filter:
 * @self: a #CrmDealList
 * @filter: (nullable): which deals to show; %NULL for all live deals
 *
 * Filters the list again: items-changed (0, old_n, new_n) unless nothing
 * changed.
 */
void
crm_deal_list_set_filter (CrmDealList         *self,
                          const CrmDealFilter *filter)
{
  CrmDealFilter all;

  g_return_if_fail (CRM_IS_DEAL_LIST (self));

  if (filter == NULL)
    {
      crm_deal_filter_init (&all);
      filter = &all;
    }

  if (filter_equal (&self->filter, filter))
    return;

  crm_deal_filter_copy (filter, &self->filter);

  if (self->query != NULL)
    {
      apply_filter (self);
      crm_paged_query_reload (self->query);
    }
}

/**
 * crm_deal_list_get_filter:
 * @self: a #CrmDealList
 *
 * Returns: (transfer none): the filter in use
 */
const CrmDealFilter *
crm_deal_list_get_filter (CrmDealList *self)
{
  g_return_val_if_fail (CRM_IS_DEAL_LIST (self), NULL);

  return &self->filter;
}

gint64
crm_deal_list_find (CrmDealList *self,
                    gint64       deal_id)
{
  g_return_val_if_fail (CRM_IS_DEAL_LIST (self), -1);

  if (self->query == NULL || deal_id == 0)
    return -1;

  return crm_paged_query_find (self->query, deal_id);
}

/**
 * crm_deal_list_dup_query_plan:
 * @self: a #CrmDealList
 *
 * Returns: (transfer full): SQLite's plan for reading one page, one step a
 *   line, for the current sort and filter
 */
char *
crm_deal_list_dup_query_plan (CrmDealList *self)
{
  g_return_val_if_fail (CRM_IS_DEAL_LIST (self), NULL);
  g_return_val_if_fail (self->query != NULL, NULL);

  return crm_paged_query_dup_plan (self->query);
}

/**
 * crm_deal_list_sum_amount:
 * @self: a #CrmDealList
 * @currency: an ISO 4217 code; deals in other currencies are left out,
 *   since amounts in different currencies do not add up
 * @error: return location for a #GError
 *
 * Adds up the amounts of the deals the list shows, in one pass over the
 * deals that match its filter.
 *
 * Returns: the total in the minor units of @currency, 0 with @error set
 */
gint64
crm_deal_list_sum_amount (CrmDealList  *self,
                          const char   *currency,
                          GError      **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autofree char *filter_sql = NULL;
  g_autofree char *sql = NULL;

  g_return_val_if_fail (CRM_IS_DEAL_LIST (self), 0);
  g_return_val_if_fail (currency != NULL, 0);

  /* ?10 is free: the filter uses ?1 to ?9. */
  filter_sql = build_filter_sql (self);
  sql = g_strdup_printf ("SELECT coalesce (sum (d.amount), 0) FROM deals d "
                         "WHERE d.deleted_at IS NULL AND d.currency = ?10%s%s%s",
                         filter_sql != NULL ? " AND (" : "",
                         filter_sql != NULL ? filter_sql : "",
                         filter_sql != NULL ? ")" : "");

  stmt = crm_database_prepare (crm_store_get_database (self->store), sql, error);
  if (stmt == NULL)
    return 0;

  bind_filter (stmt, self);
  crm_statement_bind_text (stmt, 10, currency);
  if (crm_statement_step (stmt, error) != CRM_STEP_ROW)
    return 0;

  return crm_statement_get_int64 (stmt, 0);
}
