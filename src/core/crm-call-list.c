/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "crm-call-list"

#include "config.h"

#include "crm-call-list.h"
#include "crm-paged-list-private.h"
#include "crm-store-activities.h"

/**
 * CrmCallList:
 *
 * A [iface@Gio.ListModel] of the live calls ([class@Activity]s of kind
 * call) that match a [struct@CallFilter], newest first.
 *
 * Filtering happens in SQL and rows are read 64 at a time through the
 * shared paging of the other lists ([class@PagedList]), so a million calls
 * cost the number of calls the database keeps and the pages a view shows,
 * and a jump of the scroll bar reads from the nearest of a few hundred rows
 * whose place the list knows. The list follows the store's `changing` and
 * `changed` signals with exact items-changed ranges.
 */
struct _CrmCallList
{
  CrmPagedList parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmCallList, crm_call_list, CRM_TYPE_PAGED_LIST)

/* Newest first. calls_by_time is an index on (started_at, id) over live
 * calls, so a page of the unfiltered list, and the rows a jump skips, are
 * read from it alone; a client's calls come from activities_by_contact. */
static const CrmSortColumn sorts[] = {
  { "a.started_at", FALSE },
};

/* The parameters are ?1 to ?6: the paged query numbers its own from ?20. */
static const CrmListFilterField filter_fields[] = {
  { G_STRUCT_OFFSET (CrmCallFilter, user_id), CRM_LIST_FILTER_INT64, 1,
    "a.user_id = ?1" },
  { G_STRUCT_OFFSET (CrmCallFilter, from_ms), CRM_LIST_FILTER_INT64, 2,
    "a.started_at >= ?2" },
  { G_STRUCT_OFFSET (CrmCallFilter, to_ms), CRM_LIST_FILTER_INT64, 3,
    "a.started_at < ?3" },
  { G_STRUCT_OFFSET (CrmCallFilter, outcome), CRM_LIST_FILTER_TEXT, 4,
    "a.outcome = ?4" },
  { G_STRUCT_OFFSET (CrmCallFilter, tag), CRM_LIST_FILTER_TAG, 5,
    "a.id IN (SELECT at.activity_id FROM activity_tags at "
    "JOIN tags t ON t.id = at.tag_id WHERE t.folded = ?5)" },
  { G_STRUCT_OFFSET (CrmCallFilter, contact_id), CRM_LIST_FILTER_INT64, 6,
    "a.contact_id = ?6" },
};

/* Notes, meetings and tasks never match. */
static const CrmListFilterInfo filter_info = {
  sizeof (CrmCallFilter), "a.kind = 0", filter_fields, G_N_ELEMENTS (filter_fields),
};

/**
 * crm_call_filter_init:
 * @filter: a filter to set up
 *
 * Sets @filter to let every live call through.
 */
void
crm_call_filter_init (CrmCallFilter *filter)
{
  g_return_if_fail (filter != NULL);

  _crm_list_filter_init (&filter_info, filter);
}

/**
 * crm_call_filter_clear:
 * @filter: a filter
 *
 * Frees what @filter holds and sets it up again as crm_call_filter_init()
 * does.
 */
void
crm_call_filter_clear (CrmCallFilter *filter)
{
  g_return_if_fail (filter != NULL);

  _crm_list_filter_clear (&filter_info, filter);
}

/**
 * crm_call_filter_copy:
 * @src: a filter
 * @dest: a filter set up with crm_call_filter_init(); what it held is freed
 *
 * Makes @dest a copy of @src.
 */
void
crm_call_filter_copy (const CrmCallFilter *src,
                      CrmCallFilter       *dest)
{
  g_return_if_fail (src != NULL);
  g_return_if_fail (dest != NULL);

  _crm_list_filter_copy (&filter_info, src, dest);
}

/**
 * crm_call_filter_equal:
 * @a: a filter
 * @b: another filter
 *
 * Returns: whether @a and @b let the same calls through
 */
gboolean
crm_call_filter_equal (const CrmCallFilter *a,
                       const CrmCallFilter *b)
{
  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  return _crm_list_filter_equal (&filter_info, a, b);
}

/* Everything a row shows, for one call, in one statement: the joins and
 * the tags run for the rows of a page only. A stored recording's path is
 * asked of the store, for the few calls that have one. */
#define CALL_ROW_SQL \
  "SELECT a.kind, a.contact_id, c.name, a.deal_id, a.user_id, u.name, " \
  "       a.direction, a.started_at, a.duration_s, a.outcome, a.key_points, " \
  "       a.recording_id, a.created_at, a.updated_at, a.deleted_at, " \
  "       (SELECT group_concat (tag.name, ', ') FROM " \
  "          (SELECT t.name AS name FROM activity_tags at JOIN tags t ON t.id = at.tag_id " \
  "            WHERE at.activity_id = a.id ORDER BY t.folded) AS tag) " \
  "FROM activities a " \
  "LEFT JOIN contacts c ON c.id = a.contact_id " \
  "LEFT JOIN users u ON u.id = a.user_id " \
  "WHERE a.id = ?1"

/* The item a view holds takes over the fields, notifying only those that
 * changed. */
static gboolean
fill_call (CrmStore *store,
           gint64    id,
           GObject  *item,
           gpointer  user_data)
{
  g_autoptr(CrmStatement) stmt = _crm_paged_list_read_row (store, CALL_ROW_SQL, id, "call");
  CrmActivity *activity = CRM_ACTIVITY (item);
  g_autofree char *recording_path = NULL;
  gint64 recording_id;

  if (stmt == NULL ||
      crm_statement_get_int64 (stmt, 0) != CRM_ACTIVITY_CALL ||
      crm_statement_get_int64 (stmt, 14) != 0)
    return FALSE;

  recording_id = crm_statement_get_int64 (stmt, 11);
  if (recording_id != 0)
    recording_path = crm_store_get_attachment_path (store, recording_id, NULL);

  g_object_freeze_notify (item);
  crm_activity_set_id (activity, id);
  crm_activity_set_kind (activity, CRM_ACTIVITY_CALL);
  crm_activity_set_contact_id (activity, crm_statement_get_int64 (stmt, 1));
  crm_activity_set_contact_name (activity, crm_statement_get_text (stmt, 2));
  crm_activity_set_deal_id (activity, crm_statement_get_int64 (stmt, 3));
  crm_activity_set_user_id (activity, crm_statement_get_int64 (stmt, 4));
  crm_activity_set_user_name (activity, crm_statement_get_text (stmt, 5));
  crm_activity_set_direction (activity, crm_statement_get_int64 (stmt, 6) == CRM_CALL_INCOMING
                                        ? CRM_CALL_INCOMING : CRM_CALL_OUTGOING);
  crm_activity_set_started_at (activity, crm_statement_get_int64 (stmt, 7));
  crm_activity_set_duration (activity, crm_statement_get_int64 (stmt, 8));
  crm_activity_set_outcome (activity, crm_statement_get_text (stmt, 9));
  crm_activity_set_key_points (activity, crm_statement_get_text (stmt, 10));
  crm_activity_set_recording_id (activity, recording_id);
  crm_activity_set_recording_path (activity, recording_path);
  crm_activity_set_tags (activity, crm_statement_get_text (stmt, 15));
  crm_activity_set_created_at (activity, crm_statement_get_int64 (stmt, 12));
  crm_activity_set_updated_at (activity, crm_statement_get_int64 (stmt, 13));
  crm_activity_set_deleted_at (activity, 0);
  g_object_thaw_notify (item);

  return TRUE;
}

static const CrmPagedListInfo list_info = {
  .item_type = crm_activity_get_type,
  .table = "activities",
  .alias = "a",
  .kind = CRM_ENTITY_ACTIVITY,
  .fill = fill_call,
  .sorts = sorts,
  .n_sorts = G_N_ELEMENTS (sorts),
  .descending = TRUE,
  .filter = &filter_info,
  /* Counting a million calls takes 50 ms; triggers keep their number in
   * the transaction of every write (crm-migrations.c, version 6). */
  .kept_count = "SELECT n FROM kept_counts WHERE name = 'live_calls'",
  /* Calls show their client's and employee's names. */
  .contact_condition = "a.contact_id = ?20",
  .user_condition = "a.user_id = ?20",
};

static void
crm_call_list_class_init (CrmCallListClass *klass)
{
  _crm_paged_list_class_set_info (CRM_PAGED_LIST_CLASS (klass), &list_info);
}

static void
crm_call_list_init (CrmCallList *self)
{
}

/**
 * crm_call_list_new:
 * @store: a #CrmStore
 *
 * Creates a list of the live calls, newest first. It follows the store's
 * changes by itself.
 *
 * Returns: (transfer full): a new #CrmCallList
 */
CrmCallList *
crm_call_list_new (CrmStore *store)
{
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);

  return g_object_new (CRM_TYPE_CALL_LIST,
                       "store", store,
                       NULL);
}

CrmStore *
crm_call_list_get_store (CrmCallList *self)
{
  g_return_val_if_fail (CRM_IS_CALL_LIST (self), NULL);

  return _crm_paged_list_get_store (CRM_PAGED_LIST (self));
}

/**
 * crm_call_list_set_filter:
 * @self: a #CrmCallList
 * @filter: (nullable): which calls to show; %NULL for all live calls
 *
 * Filters the list again: items-changed (0, old_n, new_n) unless nothing
 * changed.
 */
void
crm_call_list_set_filter (CrmCallList         *self,
                          const CrmCallFilter *filter)
{
  g_return_if_fail (CRM_IS_CALL_LIST (self));

  _crm_paged_list_set_filter (CRM_PAGED_LIST (self), filter);
}

/**
 * crm_call_list_get_filter:
 * @self: a #CrmCallList
 *
 * Returns: (transfer none): the filter in use
 */
const CrmCallFilter *
crm_call_list_get_filter (CrmCallList *self)
{
  g_return_val_if_fail (CRM_IS_CALL_LIST (self), NULL);

  return _crm_paged_list_get_filter (CRM_PAGED_LIST (self));
}

gint64
crm_call_list_find (CrmCallList *self,
                    gint64       activity_id)
{
  g_return_val_if_fail (CRM_IS_CALL_LIST (self), -1);

  return _crm_paged_list_find (CRM_PAGED_LIST (self), activity_id);
}

/**
 * crm_call_list_dup_query_plan:
 * @self: a #CrmCallList
 *
 * Returns: (transfer full): SQLite's plan for reading one page, one step a
 *   line, for the current filter
 */
char *
crm_call_list_dup_query_plan (CrmCallList *self)
{
  g_return_val_if_fail (CRM_IS_CALL_LIST (self), NULL);

  return _crm_paged_list_dup_query_plan (CRM_PAGED_LIST (self));
}
