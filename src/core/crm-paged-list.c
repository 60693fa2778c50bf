/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include <string.h>

#include "crm-paged-list-private.h"
#include "crm-text.h"

/**
 * CrmPagedList:
 *
 * What the list models of the core share: a [iface@Gio.ListModel] of the
 * live rows of one table that match a filter, sorted by a key and then the
 * id.
 *
 * Sorting and filtering happen in SQL and rows are read 64 at a time by a
 * CrmPagedQuery, so a list of a million rows costs a count and the pages a
 * view shows. The list follows the store's `changing` and `changed`
 * signals with exact items-changed ranges, and a row read again updates
 * the item views hold.
 */

typedef struct
{
  int     param;
  gint64  number;
  char   *text;   /* bound as text when not %NULL */
} FilterValue;

typedef struct
{
  CrmStore      *store;
  CrmPagedQuery *query;

  guint          sort_key;
  gboolean       descending;

  /* The subclass's filter struct, and what goes into the SQL for it. */
  gpointer       filter;
  char          *filter_sql;
  GArray        *filter_values;

  /* Client names as they were before a write, to tell a rename. */
  GHashTable    *contact_names;

  gulong         changing_handler;
  gulong         changed_handler;
} CrmPagedListPrivate;

static void crm_paged_list_list_model_iface_init (GListModelInterface *iface);

G_DEFINE_ABSTRACT_TYPE_WITH_CODE (CrmPagedList, crm_paged_list, G_TYPE_OBJECT,
                                  G_ADD_PRIVATE (CrmPagedList)
                                  G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                         crm_paged_list_list_model_iface_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_ITEM_TYPE,
  PROP_N_ITEMS,
  N_PROPS,

  /* Installed on the subclasses that can be sorted, with our
   * get_property and set_property. */
  PROP_SORT_KEY = N_PROPS,
  PROP_SORT_DESCENDING,
};

static GParamSpec *properties[N_PROPS];

/* Filters */

static gint64
get_int64 (gconstpointer             filter,
           const CrmListFilterField *field)
{
  return *(const gint64 *)(gconstpointer)((const guint8 *)filter + field->offset);
}

/* Enums are as wide as an int; one that can be -1 (unset) may still be
 * unsigned, so it is read as an int. */
static int
get_int (gconstpointer             filter,
         const CrmListFilterField *field)
{
  return *(const int *)(gconstpointer)((const guint8 *)filter + field->offset);
}

static const char *
get_text (gconstpointer             filter,
          const CrmListFilterField *field)
{
  return *(const char * const *)(gconstpointer)((const guint8 *)filter + field->offset);
}

static gpointer
member (gpointer                  filter,
        const CrmListFilterField *field)
{
  return (guint8 *)filter + field->offset;
}

static gboolean
is_text (const CrmListFilterField *field)
{
  return field->type == CRM_LIST_FILTER_TEXT || field->type == CRM_LIST_FILTER_TAG;
}

static gboolean
enum_filters (gconstpointer             filter,
              const CrmListFilterField *field)
{
  int value = get_int (filter, field);

  return value >= 0 && value < field->n_values;
}

/**
 * _crm_list_filter_init:
 * @info: the filter struct
 * @filter: a filter to set up
 *
 * Sets @filter to let every row through.
 */
void
_crm_list_filter_init (const CrmListFilterInfo *info,
                       gpointer                 filter)
{
  g_assert (info != NULL);
  g_assert (filter != NULL);

  memset (filter, 0, info->size);

  for (guint i = 0; i < info->n_fields; i++)
    {
      const CrmListFilterField *field = &info->fields[i];

      if (field->type == CRM_LIST_FILTER_INT64)
        *(gint64 *)member (filter, field) = field->unset;
      else if (field->type == CRM_LIST_FILTER_ENUM)
        *(int *)member (filter, field) = (int)field->unset;
    }
}

/**
 * _crm_list_filter_clear:
 * @info: the filter struct
 * @filter: a filter
 *
 * Frees the strings @filter holds and sets it up again as
 * _crm_list_filter_init() does.
 */
void
_crm_list_filter_clear (const CrmListFilterInfo *info,
                        gpointer                 filter)
{
  g_assert (info != NULL);
  g_assert (filter != NULL);

  for (guint i = 0; i < info->n_fields; i++)
    {
      if (is_text (&info->fields[i]))
        g_clear_pointer ((char **)member (filter, &info->fields[i]), g_free);
    }

  _crm_list_filter_init (info, filter);
}

/**
 * _crm_list_filter_copy:
 * @info: the filter struct
 * @src: a filter
 * @dest: a filter set up with _crm_list_filter_init(); what it held is
 *   freed
 *
 * Makes @dest a copy of @src, with strings of its own.
 */
void
_crm_list_filter_copy (const CrmListFilterInfo *info,
                       gconstpointer            src,
                       gpointer                 dest)
{
  g_autofree char **texts = NULL;

  g_assert (info != NULL);
  g_assert (src != NULL);
  g_assert (dest != NULL);

  if (src == dest)
    return;

  /* Copied before anything of @dest is freed: @src may share a string
   * with it. */
  texts = g_new0 (char *, info->n_fields);
  for (guint i = 0; i < info->n_fields; i++)
    {
      if (is_text (&info->fields[i]))
        texts[i] = g_strdup (get_text (src, &info->fields[i]));
    }

  for (guint i = 0; i < info->n_fields; i++)
    {
      if (is_text (&info->fields[i]))
        g_free (*(char **)member (dest, &info->fields[i]));
    }

  memcpy (dest, src, info->size);

  for (guint i = 0; i < info->n_fields; i++)
    {
      if (is_text (&info->fields[i]))
        *(char **)member (dest, &info->fields[i]) = texts[i];
    }
}

/**
 * _crm_list_filter_equal:
 * @info: the filter struct
 * @a: a filter
 * @b: another filter
 *
 * Returns: whether @a and @b have the same values; an enum that does not
 *   filter equals any other that does not, and booleans compare by truth
 */
gboolean
_crm_list_filter_equal (const CrmListFilterInfo *info,
                        gconstpointer            a,
                        gconstpointer            b)
{
  g_assert (info != NULL);
  g_assert (a != NULL);
  g_assert (b != NULL);

  for (guint i = 0; i < info->n_fields; i++)
    {
      const CrmListFilterField *field = &info->fields[i];
      gboolean equal = FALSE;

      switch (field->type)
        {
        case CRM_LIST_FILTER_INT64:
          equal = get_int64 (a, field) == get_int64 (b, field);
          break;

        case CRM_LIST_FILTER_ENUM:
          equal = enum_filters (a, field) == enum_filters (b, field) &&
                  (!enum_filters (a, field) || get_int (a, field) == get_int (b, field));
          break;

        case CRM_LIST_FILTER_BOOLEAN:
          equal = !get_int (a, field) == !get_int (b, field);
          break;

        case CRM_LIST_FILTER_TEXT:
        case CRM_LIST_FILTER_TAG:
          equal = g_strcmp0 (get_text (a, field), get_text (b, field)) == 0;
          break;

        default:
          g_assert_not_reached ();
        }

      if (!equal)
        return FALSE;
    }

  return TRUE;
}

static void
filter_value_clear (gpointer data)
{
  FilterValue *value = data;

  g_clear_pointer (&value->text, g_free);
}

/* The condition of @field and the value to bind, when it filters. */
static gboolean
field_filters (gconstpointer             filter,
               const CrmListFilterField *field,
               FilterValue              *value)
{
  g_autofree char *clean = NULL;

  value->param = field->param;
  value->number = 0;
  value->text = NULL;

  switch (field->type)
    {
    case CRM_LIST_FILTER_INT64:
      value->number = get_int64 (filter, field);
      return value->number != field->unset;

    case CRM_LIST_FILTER_ENUM:
      value->number = get_int (filter, field);
      return enum_filters (filter, field);

    case CRM_LIST_FILTER_BOOLEAN:
      return get_int (filter, field) != 0;

    case CRM_LIST_FILTER_TEXT:
      /* Texts are stored cleaned, so a filter typed with stray spaces
       * still finds them. */
      value->text = crm_text_clean (get_text (filter, field));
      return value->text != NULL;

    case CRM_LIST_FILTER_TAG:
      clean = crm_text_clean (get_text (filter, field));
      if (clean != NULL)
        value->text = crm_text_fold (clean);
      return value->text != NULL;

    default:
      g_assert_not_reached ();
    }
}

static void
apply_sort (CrmPagedList *self)
{
  CrmPagedListPrivate *priv = crm_paged_list_get_instance_private (self);
  const CrmPagedListInfo *info = CRM_PAGED_LIST_GET_CLASS (self)->info;
  const CrmSortColumn *column = &info->sorts[priv->sort_key];

  crm_paged_query_set_order (priv->query, NULL, column, column->expr != NULL ? 1 : 0,
                             priv->descending);
}

static void
apply_filter (CrmPagedList *self)
{
  CrmPagedListPrivate *priv = crm_paged_list_get_instance_private (self);
  const CrmPagedListInfo *list_info = CRM_PAGED_LIST_GET_CLASS (self)->info;
  const CrmListFilterInfo *info = list_info->filter;
  GString *sql = g_string_new (info->base);
  gboolean filters = FALSE;

  g_array_set_size (priv->filter_values, 0);

  for (guint i = 0; i < info->n_fields; i++)
    {
      const CrmListFilterField *field = &info->fields[i];
      FilterValue value;

      if (!field_filters (priv->filter, field, &value))
        {
          filter_value_clear (&value);
          continue;
        }

      filters = TRUE;
      if (sql->len > 0)
        g_string_append (sql, " AND ");
      g_string_append (sql, field->condition);

      if (field->param > 0)
        g_array_append_val (priv->filter_values, value);
      else
        filter_value_clear (&value);
    }

  g_free (priv->filter_sql);
  priv->filter_sql = g_string_free (sql, sql->len == 0);
  crm_paged_query_set_filter (priv->query, priv->filter_sql,
                              filters ? NULL : list_info->kept_count);
}

static void
bind_filter_cb (CrmStatement *stmt,
                gpointer      user_data)
{
  CrmPagedList *self = user_data;

  _crm_paged_list_bind_filter (self, stmt);
}

/* Contact names */

static char *
dup_contact_name (CrmPagedList *self,
                  gint64        contact_id)
{
  CrmPagedListPrivate *priv = crm_paged_list_get_instance_private (self);
  g_autoptr(CrmStatement) stmt = NULL;

  stmt = _crm_paged_list_read_row (priv->store, "SELECT name FROM contacts WHERE id = ?1",
                                   contact_id, NULL);

  return stmt != NULL ? crm_statement_dup_text (stmt, 0) : NULL;
}

static void
note_contact_name (CrmPagedList *self,
                   gint64        contact_id)
{
  CrmPagedListPrivate *priv = crm_paged_list_get_instance_private (self);
  gint64 *key;

  /* The first write of a transaction has the name the list shows. */
  if (g_hash_table_contains (priv->contact_names, &contact_id))
    return;

  key = g_new (gint64, 1);
  *key = contact_id;
  g_hash_table_insert (priv->contact_names, key, dup_contact_name (self, contact_id));
}

/* Whether a contact written since note_contact_name() has another name
 * now; FALSE for a contact that was not written itself (a call or a
 * reminder added to it). */
static gboolean
contact_renamed (CrmPagedList *self,
                 gint64        contact_id)
{
  CrmPagedListPrivate *priv = crm_paged_list_get_instance_private (self);
  g_autofree char *name = NULL;
  g_autofree char *old_name = NULL;
  gpointer key, value;

  if (!g_hash_table_steal_extended (priv->contact_names, &contact_id, &key, &value))
    return FALSE;

  g_free (key);
  old_name = value;
  name = dup_contact_name (self, contact_id);

  return g_strcmp0 (name, old_name) != 0;
}

/* Following the store */

/* Whether we follow changes of @kind ourselves, rather than the subclass. */
static gboolean
follows_kind (const CrmPagedListInfo *info,
              CrmEntityKind           kind)
{
  return kind == CRM_ENTITY_ANY || kind == info->kind ||
         (kind == CRM_ENTITY_CONTACT && info->contact_condition != NULL) ||
         (kind == CRM_ENTITY_USER && info->user_condition != NULL);
}

static void
store_changing_cb (CrmStore     *store,
                   int           kind,
                   gint64        id,
                   CrmPagedList *self)
{
  CrmPagedListClass *klass = CRM_PAGED_LIST_GET_CLASS (self);
  CrmPagedListPrivate *priv = crm_paged_list_get_instance_private (self);
  const CrmPagedListInfo *info = klass->info;

  crm_paged_query_begin_change (priv->query);

  if (!follows_kind (info, kind))
    {
      if (klass->store_changing != NULL)
        klass->store_changing (self, kind, id);
      return;
    }

  /* 0 is a row about to be added. */
  if (id == 0)
    return;

  /* Note where the row is now, and a client's name as the list shows it. */
  if ((CrmEntityKind)kind == info->kind)
    crm_paged_query_row_changing (priv->query, id);
  if ((CrmEntityKind)kind == CRM_ENTITY_CONTACT && info->contact_condition != NULL)
    note_contact_name (self, id);
}

static void
store_changed_cb (CrmStore     *store,
                  int           kind,
                  gint64        id,
                  CrmPagedList *self)
{
  CrmPagedListClass *klass = CRM_PAGED_LIST_GET_CLASS (self);
  CrmPagedListPrivate *priv = crm_paged_list_get_instance_private (self);
  const CrmPagedListInfo *info = klass->info;

  if (!follows_kind (info, kind))
    {
      if (klass->store_changed != NULL)
        klass->store_changed (self, kind, id);
      return;
    }

  /* Anything (e.g. another process wrote), or rows of ours without an id:
   * (0, old_n, new_n). */
  if ((CrmEntityKind)kind == CRM_ENTITY_ANY ||
      ((CrmEntityKind)kind == info->kind && id == 0))
    {
      crm_paged_query_reload (priv->query);
      return;
    }

  /* Rows show their client's name, and may be sorted by it; which rows
   * match cannot change, as filters name clients by id. Only when the
   * client was renamed and the list shows one of their rows: (0, n, n).
   * When those rows are contacts (a company's people), their places
   * changed unannounced, and telling the company's own change first would
   * let a view read them in their new places while it still expects the
   * old ones: (0, old_n, new_n). */
  if ((CrmEntityKind)kind == CRM_ENTITY_CONTACT && info->contact_condition != NULL &&
      (id == 0 ||
       (contact_renamed (self, id) &&
        crm_paged_query_any (priv->query, info->contact_condition, id))))
    {
      if (info->kind == CRM_ENTITY_CONTACT)
        crm_paged_query_reload (priv->query);
      else
        crm_paged_query_refresh (priv->query);
      return;
    }

  /* The row itself: removed (trashed, or no longer matching), inserted
   * (added, restored, or matching now), moved (a sort key changed:
   * removal, then insertion) or changed in place (pos, 1, 1). */
  if ((CrmEntityKind)kind == info->kind)
    {
      crm_paged_query_row_changed (priv->query, id);
      return;
    }

  /* Likewise for the employee's name. */
  if ((CrmEntityKind)kind == CRM_ENTITY_USER &&
      (id == 0 || crm_paged_query_any (priv->query, info->user_condition, id)))
    crm_paged_query_refresh (priv->query);
}

/* GListModel */

static GType
crm_paged_list_get_item_type (GListModel *model)
{
  return CRM_PAGED_LIST_GET_CLASS (model)->info->item_type ();
}

static guint
crm_paged_list_get_n_items (GListModel *model)
{
  CrmPagedList *self = CRM_PAGED_LIST (model);
  CrmPagedListPrivate *priv = crm_paged_list_get_instance_private (self);

  return priv->query != NULL ? crm_paged_query_get_n_items (priv->query) : 0;
}

static gpointer
crm_paged_list_get_item (GListModel *model,
                         guint       position)
{
  CrmPagedList *self = CRM_PAGED_LIST (model);
  CrmPagedListPrivate *priv = crm_paged_list_get_instance_private (self);

  return priv->query != NULL ? crm_paged_query_get_item (priv->query, position) : NULL;
}

static void
crm_paged_list_list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = crm_paged_list_get_item_type;
  iface->get_n_items = crm_paged_list_get_n_items;
  iface->get_item = crm_paged_list_get_item;
}

/* GObject */

static void
crm_paged_list_constructed (GObject *object)
{
  CrmPagedList *self = (CrmPagedList *)object;
  CrmPagedListPrivate *priv = crm_paged_list_get_instance_private (self);
  const CrmPagedListInfo *info = CRM_PAGED_LIST_GET_CLASS (self)->info;

  G_OBJECT_CLASS (crm_paged_list_parent_class)->constructed (object);

  g_assert (CRM_IS_STORE (priv->store));
  g_assert (info != NULL);

  /* Set here rather than in init, where the class is not the subclass's
   * yet. */
  priv->sort_key = 0;
  priv->descending = info->descending;
  priv->filter = g_malloc (info->filter->size);
  _crm_list_filter_init (info->filter, priv->filter);

  priv->query = crm_paged_query_new (G_LIST_MODEL (self), properties[PROP_N_ITEMS],
                                     priv->store, info->item_type (),
                                     info->table, info->alias,
                                     info->fill, bind_filter_cb, self);
  apply_sort (self);
  apply_filter (self);
  crm_paged_query_reload (priv->query);

  priv->changing_handler = g_signal_connect (priv->store, "changing",
                                             G_CALLBACK (store_changing_cb), self);
  priv->changed_handler = g_signal_connect (priv->store, "changed",
                                            G_CALLBACK (store_changed_cb), self);
}

static void
crm_paged_list_dispose (GObject *object)
{
  CrmPagedList *self = (CrmPagedList *)object;
  CrmPagedListPrivate *priv = crm_paged_list_get_instance_private (self);

  if (priv->store != NULL)
    {
      g_clear_signal_handler (&priv->changing_handler, priv->store);
      g_clear_signal_handler (&priv->changed_handler, priv->store);
    }
  g_clear_pointer (&priv->query, crm_paged_query_free);
  g_clear_object (&priv->store);

  G_OBJECT_CLASS (crm_paged_list_parent_class)->dispose (object);
}

static void
crm_paged_list_finalize (GObject *object)
{
  CrmPagedList *self = (CrmPagedList *)object;
  CrmPagedListPrivate *priv = crm_paged_list_get_instance_private (self);
  const CrmPagedListInfo *info = CRM_PAGED_LIST_GET_CLASS (self)->info;

  if (priv->filter != NULL)
    _crm_list_filter_clear (info->filter, priv->filter);
  g_clear_pointer (&priv->filter, g_free);
  g_clear_pointer (&priv->filter_sql, g_free);
  g_clear_pointer (&priv->filter_values, g_array_unref);
  g_clear_pointer (&priv->contact_names, g_hash_table_unref);

  G_OBJECT_CLASS (crm_paged_list_parent_class)->finalize (object);
}

static void
crm_paged_list_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CrmPagedList *self = CRM_PAGED_LIST (object);
  CrmPagedListPrivate *priv = crm_paged_list_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, priv->store);
      break;

    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, crm_paged_list_get_item_type (G_LIST_MODEL (self)));
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, crm_paged_list_get_n_items (G_LIST_MODEL (self)));
      break;

    case PROP_SORT_KEY:
      g_value_set_enum (value, priv->sort_key);
      break;

    case PROP_SORT_DESCENDING:
      g_value_set_boolean (value, priv->descending);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_paged_list_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CrmPagedList *self = CRM_PAGED_LIST (object);
  CrmPagedListPrivate *priv = crm_paged_list_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_STORE:
      priv->store = g_value_dup_object (value);
      break;

    case PROP_SORT_KEY:
      _crm_paged_list_set_sort (self, g_value_get_enum (value), priv->descending);
      break;

    case PROP_SORT_DESCENDING:
      _crm_paged_list_set_sort (self, priv->sort_key, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_paged_list_class_init (CrmPagedListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = crm_paged_list_constructed;
  object_class->dispose = crm_paged_list_dispose;
  object_class->finalize = crm_paged_list_finalize;
  object_class->get_property = crm_paged_list_get_property;
  object_class->set_property = crm_paged_list_set_property;

  /**
   * CrmPagedList:store:
   *
   * The store the rows are read from.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         CRM_TYPE_STORE,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * CrmPagedList:item-type:
   *
   * The type of the items ([class@Deal], [class@Contact],
   * [class@Activity]).
   */
  properties[PROP_ITEM_TYPE] =
    g_param_spec_gtype ("item-type", NULL, NULL,
                        G_TYPE_OBJECT,
                        (G_PARAM_READABLE |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmPagedList:n-items:
   *
   * The number of rows in the list.
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
crm_paged_list_init (CrmPagedList *self)
{
  CrmPagedListPrivate *priv = crm_paged_list_get_instance_private (self);

  priv->filter_values = g_array_new (FALSE, FALSE, sizeof (FilterValue));
  g_array_set_clear_func (priv->filter_values, filter_value_clear);
  priv->contact_names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
}

/* For the subclasses */

/**
 * _crm_paged_list_class_set_info:
 * @klass: the class of a subclass
 * @info: (transfer none): what it lists; static
 *
 * Describes the rows of a subclass; called from its class_init.
 */
void
_crm_paged_list_class_set_info (CrmPagedListClass      *klass,
                                const CrmPagedListInfo *info)
{
  g_assert (CRM_IS_PAGED_LIST_CLASS (klass));
  g_assert (info != NULL);
  g_assert (info->n_sorts > 0);
  g_assert (info->filter != NULL);

  klass->info = info;
}

/**
 * _crm_paged_list_class_install_sort_properties:
 * @klass: the class of a subclass, described already
 * @sort_type: the enum of its sort keys, in the order of its sorts
 *
 * Installs the "sort-key" and "sort-descending" properties, read and
 * written by this class, with the default order of the class.
 */
void
_crm_paged_list_class_install_sort_properties (CrmPagedListClass *klass,
                                               GType              sort_type)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  g_assert (klass->info != NULL);
  g_assert (G_TYPE_IS_ENUM (sort_type));

  /* GObject asks the class that installed a property for its value, and
   * does not let a class inherit get_property and set_property. */
  object_class->get_property = crm_paged_list_get_property;
  object_class->set_property = crm_paged_list_set_property;

  klass->sort_key_pspec =
    g_param_spec_enum ("sort-key", NULL, NULL,
                       sort_type,
                       0,
                       (G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));
  klass->sort_descending_pspec =
    g_param_spec_boolean ("sort-descending", NULL, NULL,
                          klass->info->descending,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_property (object_class, PROP_SORT_KEY, klass->sort_key_pspec);
  g_object_class_install_property (object_class, PROP_SORT_DESCENDING,
                                   klass->sort_descending_pspec);
}

CrmStore *
_crm_paged_list_get_store (CrmPagedList *self)
{
  CrmPagedListPrivate *priv = crm_paged_list_get_instance_private (self);

  g_assert (CRM_IS_PAGED_LIST (self));

  return priv->store;
}

/* (nullable): %NULL before construction ends and after dispose. */
CrmPagedQuery *
_crm_paged_list_get_query (CrmPagedList *self)
{
  CrmPagedListPrivate *priv = crm_paged_list_get_instance_private (self);

  g_assert (CRM_IS_PAGED_LIST (self));

  return priv->query;
}

/**
 * _crm_paged_list_set_sort:
 * @self: a #CrmPagedList
 * @key: the index of a sort of the class
 * @descending: %TRUE for the largest, latest or last first
 *
 * Sorts the list again: items-changed (0, n, n) unless nothing changed.
 */
void
_crm_paged_list_set_sort (CrmPagedList *self,
                          guint         key,
                          gboolean      descending)
{
  CrmPagedListClass *klass = CRM_PAGED_LIST_GET_CLASS (self);
  CrmPagedListPrivate *priv = crm_paged_list_get_instance_private (self);
  gboolean key_changed, direction_changed;

  g_assert (key < klass->info->n_sorts);

  descending = !!descending;
  key_changed = priv->sort_key != key;
  direction_changed = priv->descending != descending;
  if (!key_changed && !direction_changed)
    return;

  priv->sort_key = key;
  priv->descending = descending;

  if (priv->query != NULL)
    {
      apply_sort (self);
      crm_paged_query_reload (priv->query);
    }

  if (key_changed && klass->sort_key_pspec != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), klass->sort_key_pspec);
  if (direction_changed && klass->sort_descending_pspec != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), klass->sort_descending_pspec);
}

guint
_crm_paged_list_get_sort_key (CrmPagedList *self)
{
  CrmPagedListPrivate *priv = crm_paged_list_get_instance_private (self);

  return priv->sort_key;
}

gboolean
_crm_paged_list_get_sort_descending (CrmPagedList *self)
{
  CrmPagedListPrivate *priv = crm_paged_list_get_instance_private (self);

  return priv->descending;
}

/**
 * _crm_paged_list_set_filter:
 * @self: a #CrmPagedList
 * @filter: (nullable): a filter struct of the class; %NULL for all rows
 *
 * Filters the list again: items-changed (0, old_n, new_n) unless nothing
 * changed.
 */
void
_crm_paged_list_set_filter (CrmPagedList  *self,
                            gconstpointer  filter)
{
  CrmPagedListPrivate *priv = crm_paged_list_get_instance_private (self);
  const CrmListFilterInfo *info = CRM_PAGED_LIST_GET_CLASS (self)->info->filter;
  g_autofree gpointer all = NULL;

  if (filter == NULL)
    {
      all = g_malloc (info->size);
      _crm_list_filter_init (info, all);
      filter = all;
    }

  if (_crm_list_filter_equal (info, priv->filter, filter))
    return;

  _crm_list_filter_copy (info, filter, priv->filter);

  if (priv->query != NULL)
    {
      apply_filter (self);
      crm_paged_query_reload (priv->query);
    }
}

/* (transfer none): the filter in use */
gconstpointer
_crm_paged_list_get_filter (CrmPagedList *self)
{
  CrmPagedListPrivate *priv = crm_paged_list_get_instance_private (self);

  return priv->filter;
}

/* (nullable): the condition of the filter in use, over the table alias
 * with parameters ?1 to ?19 (_crm_paged_list_bind_filter()); %NULL when
 * it lets every row through */
const char *
_crm_paged_list_get_filter_sql (CrmPagedList *self)
{
  CrmPagedListPrivate *priv = crm_paged_list_get_instance_private (self);

  return priv->filter_sql;
}

void
_crm_paged_list_bind_filter (CrmPagedList *self,
                             CrmStatement *stmt)
{
  CrmPagedListPrivate *priv = crm_paged_list_get_instance_private (self);

  for (guint i = 0; i < priv->filter_values->len; i++)
    {
      const FilterValue *value = &g_array_index (priv->filter_values, FilterValue, i);

      if (value->text != NULL)
        crm_statement_bind_text (stmt, value->param, value->text);
      else
        crm_statement_bind_int64 (stmt, value->param, value->number);
    }
}

/**
 * _crm_paged_list_read_row:
 * @store: a #CrmStore
 * @sql: a query of one row whose id is ?1
 * @id: the id
 * @what: (nullable): what the row is, for a warning when it cannot be
 *   read; %NULL for none
 *
 * Returns: (transfer full) (nullable): the statement on the row, or %NULL
 *   when there is none
 */
CrmStatement *
_crm_paged_list_read_row (CrmStore   *store,
                          const char *sql,
                          gint64      id,
                          const char *what)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autoptr(GError) error = NULL;

  stmt = crm_database_prepare (crm_store_get_database (store), sql, &error);
  if (stmt == NULL)
    {
      if (what != NULL)
        g_critical ("Cannot read %s %" G_GINT64_FORMAT ": %s", what, id, error->message);
      return NULL;
    }

  crm_statement_bind_int64 (stmt, 1, id);
  switch (crm_statement_step (stmt, &error))
    {
    case CRM_STEP_ROW:
      return g_steal_pointer (&stmt);

    case CRM_STEP_ERROR:
      if (what != NULL)
        g_warning ("Cannot read %s %" G_GINT64_FORMAT ": %s", what, id, error->message);
      return NULL;

    case CRM_STEP_DONE:
    default:
      return NULL;
    }
}

/* The position of row @id in the list, or -1. */
gint64
_crm_paged_list_find (CrmPagedList *self,
                      gint64        id)
{
  CrmPagedListPrivate *priv = crm_paged_list_get_instance_private (self);

  if (priv->query == NULL || id == 0)
    return -1;

  return crm_paged_query_find (priv->query, id);
}

char *
_crm_paged_list_dup_query_plan (CrmPagedList *self)
{
  CrmPagedListPrivate *priv = crm_paged_list_get_instance_private (self);

  g_return_val_if_fail (priv->query != NULL, NULL);

  return crm_paged_query_dup_plan (priv->query);
}
