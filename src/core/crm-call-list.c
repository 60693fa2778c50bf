/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "crm-call-list"

#include "config.h"

#include <string.h>

#include "crm-call-list.h"
#include "crm-database.h"
#include "crm-paged-query.h"
#include "crm-store-activities.h"
#include "crm-text.h"

/**
 * CrmCallList:
 *
 * A [iface@Gio.ListModel] of the live calls ([class@Activity]s of kind
 * call) that match a [struct@CallFilter], newest first.
 *
 * Filtering happens in SQL and rows are read 64 at a time through the
 * shared paging of the other lists, so a million calls cost a count and the
 * pages a view shows. The list follows the store's `changing` and `changed`
 * signals with exact items-changed ranges.
 */
struct _CrmCallList
{
  GObject        parent_instance;

  CrmStore      *store;
  CrmPagedQuery *query;

  CrmCallFilter  filter;
  char          *tag_folded;
  char          *outcome_clean;

  /* Client names as they were before a write, to tell a rename. */
  GHashTable    *contact_names;

  gulong         changing_handler;
  gulong         changed_handler;
};

static void crm_call_list_list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CrmCallList, crm_call_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      crm_call_list_list_model_iface_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_ITEM_TYPE,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Newest first. activities_by_time is an index on (started_at, id) over
 * live activities, so a page of the unfiltered list is read straight from
 * it; a client's calls come from activities_by_contact. */
static const CrmSortColumn sort_columns[] = {
  { "a.started_at", FALSE },
};

/* Filter parameters; the paged query numbers its own from ?20. */
enum {
  PARAM_USER = 1,
  PARAM_FROM,
  PARAM_TO,
  PARAM_OUTCOME,
  PARAM_TAG,
  PARAM_CONTACT,
};

G_STATIC_ASSERT (PARAM_CONTACT < CRM_PAGED_QUERY_FIRST_PARAM);

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

  memset (filter, 0, sizeof *filter);
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

  g_clear_pointer (&filter->outcome, g_free);
  g_clear_pointer (&filter->tag, g_free);
  crm_call_filter_init (filter);
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
  char *outcome;
  char *tag;

  g_return_if_fail (src != NULL);
  g_return_if_fail (dest != NULL);

  if (src == dest)
    return;

  outcome = g_strdup (src->outcome);
  tag = g_strdup (src->tag);
  g_free (dest->outcome);
  g_free (dest->tag);
  *dest = *src;
  dest->outcome = outcome;
  dest->tag = tag;
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

  return a->user_id == b->user_id &&
         a->from_ms == b->from_ms &&
         a->to_ms == b->to_ms &&
         g_strcmp0 (a->outcome, b->outcome) == 0 &&
         g_strcmp0 (a->tag, b->tag) == 0 &&
         a->contact_id == b->contact_id;
}

static void
add_condition (GString    *sql,
               const char *condition)
{
  g_string_append (sql, " AND ");
  g_string_append (sql, condition);
}

/* Only conditions that are in use go into the SQL, so that SQLite plans
 * each combination on its own. */
static char *
build_filter_sql (CrmCallList *self)
{
  const CrmCallFilter *filter = &self->filter;
  GString *sql = g_string_new ("a.kind = 0");

  if (filter->user_id != 0)
    add_condition (sql, "a.user_id = ?1");
  if (filter->from_ms != 0)
    add_condition (sql, "a.started_at >= ?2");
  if (filter->to_ms != 0)
    add_condition (sql, "a.started_at < ?3");
  if (self->outcome_clean != NULL)
    add_condition (sql, "a.outcome = ?4");
  if (self->tag_folded != NULL)
    add_condition (sql, "a.id IN (SELECT at.activity_id FROM activity_tags at "
                        "JOIN tags t ON t.id = at.tag_id WHERE t.folded = ?5)");
  if (filter->contact_id != 0)
    add_condition (sql, "a.contact_id = ?6");

  return g_string_free (sql, FALSE);
}

static void
bind_filter (CrmStatement *stmt,
             gpointer      user_data)
{
  CrmCallList *self = user_data;
  const CrmCallFilter *filter = &self->filter;

  if (filter->user_id != 0)
    crm_statement_bind_int64 (stmt, PARAM_USER, filter->user_id);
  if (filter->from_ms != 0)
    crm_statement_bind_int64 (stmt, PARAM_FROM, filter->from_ms);
  if (filter->to_ms != 0)
    crm_statement_bind_int64 (stmt, PARAM_TO, filter->to_ms);
  if (self->outcome_clean != NULL)
    crm_statement_bind_text (stmt, PARAM_OUTCOME, self->outcome_clean);
  if (self->tag_folded != NULL)
    crm_statement_bind_text (stmt, PARAM_TAG, self->tag_folded);
  if (filter->contact_id != 0)
    crm_statement_bind_int64 (stmt, PARAM_CONTACT, filter->contact_id);
}

/* The store reads a call as everywhere else (names, tags, the stored
 * recording); the item a view holds takes over the fields, notifying only
 * those that changed. */
static gboolean
fill_call (CrmStore *store,
           gint64    id,
           GObject  *item,
           gpointer  user_data)
{
  g_autoptr(CrmActivity) call = NULL;
  g_autoptr(GError) error = NULL;
  CrmActivity *activity = CRM_ACTIVITY (item);

  call = crm_store_get_activity (store, id, &error);
  if (call == NULL)
    {
      if (!g_error_matches (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND))
        g_warning ("Cannot read call %" G_GINT64_FORMAT ": %s", id, error->message);
      return FALSE;
    }

  if (crm_activity_get_deleted_at (call) != 0 ||
      crm_activity_get_kind (call) != CRM_ACTIVITY_CALL)
    return FALSE;

  g_object_freeze_notify (item);
  crm_activity_set_id (activity, id);
  crm_activity_set_kind (activity, CRM_ACTIVITY_CALL);
  crm_activity_set_contact_id (activity, crm_activity_get_contact_id (call));
  crm_activity_set_contact_name (activity, crm_activity_get_contact_name (call));
  crm_activity_set_deal_id (activity, crm_activity_get_deal_id (call));
  crm_activity_set_user_id (activity, crm_activity_get_user_id (call));
  crm_activity_set_user_name (activity, crm_activity_get_user_name (call));
  crm_activity_set_direction (activity, crm_activity_get_direction (call));
  crm_activity_set_started_at (activity, crm_activity_get_started_at (call));
  crm_activity_set_duration (activity, crm_activity_get_duration (call));
  crm_activity_set_outcome (activity, crm_activity_get_outcome (call));
  crm_activity_set_key_points (activity, crm_activity_get_key_points (call));
  crm_activity_set_recording_id (activity, crm_activity_get_recording_id (call));
  crm_activity_set_recording_path (activity, crm_activity_get_recording_path (call));
  crm_activity_set_tags (activity, crm_activity_get_tags (call));
  crm_activity_set_created_at (activity, crm_activity_get_created_at (call));
  crm_activity_set_updated_at (activity, crm_activity_get_updated_at (call));
  crm_activity_set_deleted_at (activity, 0);
  g_object_thaw_notify (item);

  return TRUE;
}

static char *
dup_contact_name (CrmCallList *self,
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
note_contact_name (CrmCallList *self,
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
contact_renamed (CrmCallList *self,
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
                   CrmCallList *self)
{
  crm_paged_query_begin_change (self->query);

  switch ((CrmEntityKind)kind)
    {
    case CRM_ENTITY_ACTIVITY:
      /* Note where the call is now; 0 is an activity about to be added. */
      if (id != 0)
        crm_paged_query_row_changing (self->query, id);
      break;

    case CRM_ENTITY_CONTACT:
      if (id != 0)
        note_contact_name (self, id);
      break;

    case CRM_ENTITY_ANY:
    case CRM_ENTITY_USER:
    case CRM_ENTITY_PIPELINE:
    case CRM_ENTITY_STAGE:
    case CRM_ENTITY_DEAL:
    case CRM_ENTITY_REMINDER:
    case CRM_ENTITY_ATTACHMENT:
    default:
      break;
    }
}

static void
store_changed_cb (CrmStore    *store,
                  int          kind,
                  gint64       id,
                  CrmCallList *self)
{
  switch ((CrmEntityKind)kind)
    {
    case CRM_ENTITY_ACTIVITY:
      /* The call itself: removed (trashed, or no longer matching),
       * inserted (logged, restored, or matching now), moved (its start
       * time changed) or changed in place (pos, 1, 1). Notes, meetings and
       * tasks never match, so they signal nothing. */
      if (id != 0)
        crm_paged_query_row_changed (self->query, id);
      else
        crm_paged_query_reload (self->query);
      break;

    case CRM_ENTITY_CONTACT:
      /* Calls show their client's name; which calls match cannot change,
       * as the filter names clients by id. Only when the client was
       * renamed and the list shows one of their calls: (0, n, n). */
      if (id == 0 ||
          (contact_renamed (self, id) &&
           crm_paged_query_any (self->query, "a.contact_id = ?20", id)))
        crm_paged_query_refresh (self->query);
      break;

    case CRM_ENTITY_USER:
      /* Likewise for the employee's name. */
      if (id == 0 || crm_paged_query_any (self->query, "a.user_id = ?20", id))
        crm_paged_query_refresh (self->query);
      break;

    case CRM_ENTITY_ANY:
      /* Anything, e.g. another process wrote: (0, old_n, new_n). */
      crm_paged_query_reload (self->query);
      break;

    case CRM_ENTITY_PIPELINE:
    case CRM_ENTITY_STAGE:
    case CRM_ENTITY_DEAL:
    case CRM_ENTITY_REMINDER:
    case CRM_ENTITY_ATTACHMENT:
    default:
      /* Not shown in a call's row. */
      break;
    }
}

static void
apply_filter (CrmCallList *self)
{
  g_autofree char *tag = crm_text_clean (self->filter.tag);
  g_autofree char *sql = NULL;

  g_clear_pointer (&self->tag_folded, g_free);
  if (tag != NULL)
    self->tag_folded = crm_text_fold (tag);

  /* Outcomes are stored cleaned, so a filter typed with stray spaces still
   * finds them. */
  g_clear_pointer (&self->outcome_clean, g_free);
  self->outcome_clean = crm_text_clean (self->filter.outcome);

  sql = build_filter_sql (self);
  crm_paged_query_set_filter (self->query, sql);
}

static GType
crm_call_list_get_item_type (GListModel *model)
{
  return CRM_TYPE_ACTIVITY;
}

static guint
crm_call_list_get_n_items (GListModel *model)
{
  CrmCallList *self = CRM_CALL_LIST (model);

  return self->query != NULL ? crm_paged_query_get_n_items (self->query) : 0;
}

static gpointer
crm_call_list_get_item (GListModel *model,
                        guint       position)
{
  CrmCallList *self = CRM_CALL_LIST (model);

  return self->query != NULL ? crm_paged_query_get_item (self->query, position) : NULL;
}

static void
crm_call_list_list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = crm_call_list_get_item_type;
  iface->get_n_items = crm_call_list_get_n_items;
  iface->get_item = crm_call_list_get_item;
}

static void
crm_call_list_constructed (GObject *object)
{
  CrmCallList *self = (CrmCallList *)object;

  G_OBJECT_CLASS (crm_call_list_parent_class)->constructed (object);

  g_assert (CRM_IS_STORE (self->store));

  self->query = crm_paged_query_new (G_LIST_MODEL (self), properties[PROP_N_ITEMS],
                                     self->store, CRM_TYPE_ACTIVITY, "activities", "a",
                                     fill_call, bind_filter, self);
  crm_paged_query_set_order (self->query, "", sort_columns, G_N_ELEMENTS (sort_columns), TRUE);
  apply_filter (self);
  crm_paged_query_reload (self->query);

  self->changing_handler = g_signal_connect (self->store, "changing",
                                             G_CALLBACK (store_changing_cb), self);
  self->changed_handler = g_signal_connect (self->store, "changed",
                                            G_CALLBACK (store_changed_cb), self);
}

static void
crm_call_list_dispose (GObject *object)
{
  CrmCallList *self = (CrmCallList *)object;

  if (self->store != NULL)
    {
      g_clear_signal_handler (&self->changing_handler, self->store);
      g_clear_signal_handler (&self->changed_handler, self->store);
    }
  g_clear_pointer (&self->query, crm_paged_query_free);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (crm_call_list_parent_class)->dispose (object);
}

static void
crm_call_list_finalize (GObject *object)
{
  CrmCallList *self = (CrmCallList *)object;

  crm_call_filter_clear (&self->filter);
  g_clear_pointer (&self->tag_folded, g_free);
  g_clear_pointer (&self->outcome_clean, g_free);
  g_clear_pointer (&self->contact_names, g_hash_table_unref);

  G_OBJECT_CLASS (crm_call_list_parent_class)->finalize (object);
}

static void
crm_call_list_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CrmCallList *self = CRM_CALL_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, CRM_TYPE_ACTIVITY);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, crm_call_list_get_n_items (G_LIST_MODEL (self)));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_call_list_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  CrmCallList *self = CRM_CALL_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_call_list_class_init (CrmCallListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = crm_call_list_constructed;
  object_class->dispose = crm_call_list_dispose;
  object_class->finalize = crm_call_list_finalize;
  object_class->get_property = crm_call_list_get_property;
  object_class->set_property = crm_call_list_set_property;

  /**
   * CrmCallList:store:
   *
   * The store the calls are read from.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         CRM_TYPE_STORE,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * CrmCallList:item-type:
   *
   * The type of the items, [class@Activity].
   */
  properties[PROP_ITEM_TYPE] =
    g_param_spec_gtype ("item-type", NULL, NULL,
                        G_TYPE_OBJECT,
                        (G_PARAM_READABLE |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmCallList:n-items:
   *
   * The number of calls in the list.
   */
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
crm_call_list_init (CrmCallList *self)
{
  crm_call_filter_init (&self->filter);
  self->contact_names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
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

  return self->store;
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
  CrmCallFilter all;

  g_return_if_fail (CRM_IS_CALL_LIST (self));

  if (filter == NULL)
    {
      crm_call_filter_init (&all);
      filter = &all;
    }

  if (crm_call_filter_equal (&self->filter, filter))
    return;

  crm_call_filter_copy (filter, &self->filter);

  if (self->query != NULL)
    {
      apply_filter (self);
      crm_paged_query_reload (self->query);
    }
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

  return &self->filter;
}

gint64
crm_call_list_find (CrmCallList *self,
                    gint64       activity_id)
{
  g_return_val_if_fail (CRM_IS_CALL_LIST (self), -1);

  if (self->query == NULL || activity_id == 0)
    return -1;

  return crm_paged_query_find (self->query, activity_id);
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
  g_return_val_if_fail (self->query != NULL, NULL);

  return crm_paged_query_dup_plan (self->query);
}
