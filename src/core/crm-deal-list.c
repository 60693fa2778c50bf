/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "crm-deal-list"

#include "config.h"

#include "crm-deal-list.h"
#include "crm-paged-list-private.h"

/**
 * CrmDealList:
 *
 * A [iface@Gio.ListModel] of the live [class@Deal]s that match a
 * [struct@DealFilter], sorted by a [enum@DealSort].
 *
 * Sorting and filtering happen in SQL and rows are read 64 at a time (see
 * [class@PagedList]), so a list of 200,000 deals costs a count and the
 * pages a view shows. The list follows the store's `changing` and
 * `changed` signals with exact items-changed ranges, and a row read again
 * updates the item views hold.
 */
struct _CrmDealList
{
  CrmPagedList parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmDealList, crm_deal_list, CRM_TYPE_PAGED_LIST)

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

/* Keys over deals d. Every key but the next reminder is a column with an
 * index on (key, id) over live deals (created is the id itself), so SQLite
 * reads a page of those straight from a B-tree. The client, stage and
 * owner keys are copies the store keeps in step with the contact, stage
 * and user rows (see schema_v2 in crm-migrations.c). The next reminder is
 * a subquery per deal; its lists read the sorted ids once (see
 * crm-paged-query.c): reminders change too often, and belong to too few
 * deals, for a copy in every deal to pay off. */
static const CrmSortColumn sorts[] = {
  [CRM_DEAL_SORT_UPDATED] = { "d.updated_at", FALSE },
  [CRM_DEAL_SORT_TITLE] = { "d.title_folded", FALSE },
  [CRM_DEAL_SORT_AMOUNT] = { "d.amount", FALSE },
  [CRM_DEAL_SORT_CREATED] = { NULL, FALSE },
  [CRM_DEAL_SORT_STAGE] = { "d.stage_sort", FALSE },
  [CRM_DEAL_SORT_CLIENT] = { "d.client_sort", TRUE },
  [CRM_DEAL_SORT_OWNER] = { "d.owner_sort", TRUE },
  [CRM_DEAL_SORT_NEXT_REMINDER] = { NEXT_REMINDER_SQL, TRUE },
  [CRM_DEAL_SORT_EXPECTED_CLOSE] = { "d.expected_close", TRUE },
  /* Inside one stage (d.stage_id = ?), deals_by_stage is in this order. */
  [CRM_DEAL_SORT_POSITION] = { "d.position", FALSE },
};

G_STATIC_ASSERT (G_N_ELEMENTS (sorts) == CRM_DEAL_SORT_POSITION + 1);

/* The parameters are ?1 to ?9: the paged query numbers its own from ?20,
 * and crm_deal_list_sum_amount() binds the currency to ?10. */
static const CrmListFilterField filter_fields[] = {
  { G_STRUCT_OFFSET (CrmDealFilter, pipeline_id), CRM_LIST_FILTER_INT64, 1,
    "d.stage_id IN (SELECT ps.id FROM stages ps WHERE ps.pipeline_id = ?1)" },
  { G_STRUCT_OFFSET (CrmDealFilter, stage_id), CRM_LIST_FILTER_INT64, 2,
    "d.stage_id = ?2" },
  { G_STRUCT_OFFSET (CrmDealFilter, owner_id), CRM_LIST_FILTER_INT64, 3,
    "d.owner_id = ?3" },
  { G_STRUCT_OFFSET (CrmDealFilter, amount_min), CRM_LIST_FILTER_INT64, 4,
    "d.amount >= ?4", -1 },
  { G_STRUCT_OFFSET (CrmDealFilter, amount_max), CRM_LIST_FILTER_INT64, 5,
    "d.amount <= ?5", -1 },
  { G_STRUCT_OFFSET (CrmDealFilter, updated_from), CRM_LIST_FILTER_INT64, 6,
    "d.updated_at >= ?6" },
  { G_STRUCT_OFFSET (CrmDealFilter, updated_to), CRM_LIST_FILTER_INT64, 7,
    "d.updated_at < ?7" },
  { G_STRUCT_OFFSET (CrmDealFilter, tag), CRM_LIST_FILTER_TAG, 8,
    "d.id IN (SELECT dt.deal_id FROM deal_tags dt "
    "JOIN tags t ON t.id = dt.tag_id WHERE t.folded = ?8)" },
  { G_STRUCT_OFFSET (CrmDealFilter, open_only), CRM_LIST_FILTER_BOOLEAN, 0,
    "d.stage_id IN (SELECT os.id FROM stages os WHERE os.kind = 0)" },
  { G_STRUCT_OFFSET (CrmDealFilter, contact_id), CRM_LIST_FILTER_INT64, 9,
    "d.contact_id = ?9" },
};

static const CrmListFilterInfo filter_info = {
  sizeof (CrmDealFilter), NULL, filter_fields, G_N_ELEMENTS (filter_fields),
};

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

  _crm_list_filter_init (&filter_info, filter);
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

  _crm_list_filter_clear (&filter_info, filter);
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
  g_return_if_fail (src != NULL);
  g_return_if_fail (dest != NULL);

  _crm_list_filter_copy (&filter_info, src, dest);
}

static gboolean
fill_deal (CrmStore *store,
           gint64    id,
           GObject  *item,
           gpointer  user_data)
{
  g_autoptr(CrmStatement) stmt = _crm_paged_list_read_row (store, DEAL_ROW_SQL, id, "deal");
  CrmDeal *deal = CRM_DEAL (item);

  if (stmt == NULL)
    return FALSE;

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

  stmt = _crm_paged_list_read_row (_crm_paged_list_get_store (CRM_PAGED_LIST (self)),
                                   "SELECT deal_id FROM reminders WHERE id = ?1",
                                   reminder_id, NULL);

  return stmt != NULL ? crm_statement_get_int64 (stmt, 0) : 0;
}

static void
crm_deal_list_store_changing (CrmPagedList  *list,
                              CrmEntityKind  kind,
                              gint64         id)
{
  CrmDealList *self = CRM_DEAL_LIST (list);
  gint64 deal_id;

  /* In a list sorted by the next reminder, a reminder moves its deal. */
  if (kind == CRM_ENTITY_REMINDER && id != 0 &&
      _crm_paged_list_get_sort_key (list) == CRM_DEAL_SORT_NEXT_REMINDER)
    {
      deal_id = get_reminder_deal (self, id);
      if (deal_id != 0)
        crm_paged_query_row_changing (_crm_paged_list_get_query (list), deal_id);
    }
}

static void
crm_deal_list_store_changed (CrmPagedList  *list,
                             CrmEntityKind  kind,
                             gint64         id)
{
  CrmDealList *self = CRM_DEAL_LIST (list);
  CrmPagedQuery *query = _crm_paged_list_get_query (list);
  gint64 deal_id;

  switch (kind)
    {
    case CRM_ENTITY_REMINDER:
      /* The next reminder a deal shows: a move when the list is sorted by
       * it, otherwise a change in place. A client's reminder is not shown. */
      deal_id = id != 0 ? get_reminder_deal (self, id) : 0;
      if (id == 0)
        crm_paged_query_refresh (query);
      else if (deal_id != 0 && _crm_paged_list_get_sort_key (list) == CRM_DEAL_SORT_NEXT_REMINDER)
        crm_paged_query_row_changed (query, deal_id);
      else if (deal_id != 0)
        crm_paged_query_row_refreshed (query, deal_id);
      break;

    case CRM_ENTITY_STAGE:
    case CRM_ENTITY_PIPELINE:
      /* A stage renamed, reordered, turned won or lost, or deleted with its
       * deals moved on, or a pipeline reordered or deleted: names, the stage
       * order and what "open only" and the pipeline filter let through may
       * all change. Rare enough to count again: (0, old_n, new_n). */
      crm_paged_query_reload (query);
      break;

    case CRM_ENTITY_ANY:
    case CRM_ENTITY_USER:
    case CRM_ENTITY_CONTACT:
    case CRM_ENTITY_DEAL:
    case CRM_ENTITY_ACTIVITY:
    case CRM_ENTITY_ATTACHMENT:
    default:
      /* Followed by CrmPagedList, or not shown in a deal's row. */
      break;
    }
}

static const CrmPagedListInfo list_info = {
  .item_type = crm_deal_get_type,
  .table = "deals",
  .alias = "d",
  .kind = CRM_ENTITY_DEAL,
  .fill = fill_deal,
  .sorts = sorts,
  .n_sorts = G_N_ELEMENTS (sorts),
  .descending = TRUE,
  .filter = &filter_info,
  /* Deals show their client's and owner's names, and may be sorted by
   * them. */
  .contact_condition = "d.contact_id = ?20",
  .user_condition = "d.owner_id = ?20",
};

static void
crm_deal_list_class_init (CrmDealListClass *klass)
{
  CrmPagedListClass *list_class = CRM_PAGED_LIST_CLASS (klass);

  list_class->store_changing = crm_deal_list_store_changing;
  list_class->store_changed = crm_deal_list_store_changed;

  _crm_paged_list_class_set_info (list_class, &list_info);

  /**
   * CrmDealList:sort-key:
   *
   * What the deals are sorted by, [enum@DealSort].
   */
  /**
   * CrmDealList:sort-descending:
   *
   * Whether the largest, latest or last in the alphabet come first; the
   * default.
   */
  _crm_paged_list_class_install_sort_properties (list_class, CRM_TYPE_DEAL_SORT);
}

static void
crm_deal_list_init (CrmDealList *self)
{
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

  return _crm_paged_list_get_store (CRM_PAGED_LIST (self));
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
  g_return_if_fail (CRM_IS_DEAL_LIST (self));
  g_return_if_fail (key <= CRM_DEAL_SORT_POSITION);

  _crm_paged_list_set_sort (CRM_PAGED_LIST (self), key, descending);
}

CrmDealSort
crm_deal_list_get_sort_key (CrmDealList *self)
{
  g_return_val_if_fail (CRM_IS_DEAL_LIST (self), CRM_DEAL_SORT_UPDATED);

  return (CrmDealSort)_crm_paged_list_get_sort_key (CRM_PAGED_LIST (self));
}

gboolean
crm_deal_list_get_sort_descending (CrmDealList *self)
{
  g_return_val_if_fail (CRM_IS_DEAL_LIST (self), FALSE);

  return _crm_paged_list_get_sort_descending (CRM_PAGED_LIST (self));
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
  g_return_if_fail (CRM_IS_DEAL_LIST (self));

  _crm_paged_list_set_filter (CRM_PAGED_LIST (self), filter);
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

  return _crm_paged_list_get_filter (CRM_PAGED_LIST (self));
}

gint64
crm_deal_list_find (CrmDealList *self,
                    gint64       deal_id)
{
  g_return_val_if_fail (CRM_IS_DEAL_LIST (self), -1);

  return _crm_paged_list_find (CRM_PAGED_LIST (self), deal_id);
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

  return _crm_paged_list_dup_query_plan (CRM_PAGED_LIST (self));
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
  g_autofree char *sql = NULL;
  const char *filter_sql;

  g_return_val_if_fail (CRM_IS_DEAL_LIST (self), 0);
  g_return_val_if_fail (currency != NULL, 0);

  /* ?10 is free: the filter uses ?1 to ?9. */
  filter_sql = _crm_paged_list_get_filter_sql (CRM_PAGED_LIST (self));
  sql = g_strdup_printf ("SELECT coalesce (sum (d.amount), 0) FROM deals d "
                         "WHERE d.deleted_at IS NULL AND d.currency = ?10%s%s%s",
                         filter_sql != NULL ? " AND (" : "",
                         filter_sql != NULL ? filter_sql : "",
                         filter_sql != NULL ? ")" : "");

  stmt = crm_database_prepare (crm_store_get_database (crm_deal_list_get_store (self)),
                               sql, error);
  if (stmt == NULL)
    return 0;

  _crm_paged_list_bind_filter (CRM_PAGED_LIST (self), stmt);
  crm_statement_bind_text (stmt, 10, currency);
  if (crm_statement_step (stmt, error) != CRM_STEP_ROW)
    return 0;

  return crm_statement_get_int64 (stmt, 0);
}
