/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include "crm-sql-sorter.h"

/**
 * CrmSqlSorter:
 *
 * A sorter that only names a sort key for SQL. A column of a
 * [class@Gtk.ColumnView] gets one so its header becomes clickable; the
 * sorter never orders items itself (every comparison is "equal"), so the
 * view's model must not be a [class@Gtk.SortListModel]. The view instead
 * listens to the column view's sorter ("changed") and asks
 * crm_sql_sorter_get_primary() which key and direction to pass to its
 * paged list model.
 */
struct _CrmSqlSorter
{
  GtkSorter parent_instance;

  int key;
};

G_DEFINE_FINAL_TYPE (CrmSqlSorter, crm_sql_sorter, GTK_TYPE_SORTER)

enum {
  PROP_0,
  PROP_KEY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* GTK 4.8 has no public way to ask a GtkColumnViewSorter for its primary
 * column. It does, however, compare two items by asking the column sorters
 * in priority order and inverting descending ones. So two private probe
 * objects are compared through it: the first CrmSqlSorter that sees them
 * answers "smaller" and records itself, and the sign of the final answer
 * tells the direction. Everything runs on the main thread. */
static GObject      *probe_a;
static GObject      *probe_b;
static CrmSqlSorter *probe_hit;

static GtkOrdering
crm_sql_sorter_compare (GtkSorter *sorter,
                        gpointer   item1,
                        gpointer   item2)
{
  CrmSqlSorter *self = CRM_SQL_SORTER (sorter);

  if (probe_a != NULL && item1 == probe_a && item2 == probe_b)
    {
      if (probe_hit == NULL)
        probe_hit = self;
      return GTK_ORDERING_SMALLER;
    }

  return GTK_ORDERING_EQUAL;
}

static GtkSorterOrder
crm_sql_sorter_get_order (GtkSorter *sorter)
{
  /* The order is made by SQL, not here. */
  return GTK_SORTER_ORDER_NONE;
}

static void
crm_sql_sorter_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CrmSqlSorter *self = CRM_SQL_SORTER (object);

  switch (prop_id)
    {
    case PROP_KEY:
      g_value_set_int (value, self->key);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_sql_sorter_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CrmSqlSorter *self = CRM_SQL_SORTER (object);

  switch (prop_id)
    {
    case PROP_KEY:
      crm_sql_sorter_set_key (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_sql_sorter_class_init (CrmSqlSorterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkSorterClass *sorter_class = GTK_SORTER_CLASS (klass);

  object_class->get_property = crm_sql_sorter_get_property;
  object_class->set_property = crm_sql_sorter_set_property;

  sorter_class->compare = crm_sql_sorter_compare;
  sorter_class->get_order = crm_sql_sorter_get_order;

  /**
   * CrmSqlSorter:key:
   *
   * The SQL sort key this column stands for, e.g. a value of
   * `CrmDealSort` or `CrmContactSort`.
   */
  properties[PROP_KEY] =
    g_param_spec_int ("key", NULL, NULL,
                      G_MININT, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
crm_sql_sorter_init (CrmSqlSorter *self)
{
}

/**
 * crm_sql_sorter_new:
 * @key: the SQL sort key the column stands for
 *
 * Returns: (transfer full): a new sorter for gtk_column_view_column_set_sorter()
 */
CrmSqlSorter *
crm_sql_sorter_new (int key)
{
  return g_object_new (CRM_TYPE_SQL_SORTER, "key", key, NULL);
}

int
crm_sql_sorter_get_key (CrmSqlSorter *self)
{
  g_return_val_if_fail (CRM_IS_SQL_SORTER (self), 0);

  return self->key;
}

void
crm_sql_sorter_set_key (CrmSqlSorter *self,
                        int           key)
{
  g_return_if_fail (CRM_IS_SQL_SORTER (self));

  if (self->key == key)
    return;

  self->key = key;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEY]);
  gtk_sorter_changed (GTK_SORTER (self), GTK_SORTER_CHANGE_DIFFERENT);
}

/**
 * crm_sql_sorter_get_primary:
 * @view: a column view whose sortable columns have `CrmSqlSorter`s
 * @key: (out) (optional): the primary column's key
 * @descending: (out) (optional): whether the primary column sorts descending
 *
 * Learns which column the user sorts by, as shown by the arrow in its
 * header. Call it from the "changed" signal of gtk_column_view_get_sorter().
 *
 * Returns: %TRUE if a column with a `CrmSqlSorter` is the primary sort
 *   column; %FALSE (and @key, @descending untouched) if none sorts
 */
gboolean
crm_sql_sorter_get_primary (GtkColumnView *view,
                            int           *key,
                            gboolean      *descending)
{
  GtkSorter *sorter;
  CrmSqlSorter *hit = NULL;
  gboolean desc = FALSE;

  g_return_val_if_fail (GTK_IS_COLUMN_VIEW (view), FALSE);

  sorter = gtk_column_view_get_sorter (view);
  if (sorter == NULL)
    return FALSE;

#if GTK_CHECK_VERSION (4, 10, 0)
  {
    GtkColumnViewColumn *column;
    GtkSorter *column_sorter;

    column = gtk_column_view_sorter_get_primary_sort_column (GTK_COLUMN_VIEW_SORTER (sorter));
    if (column == NULL)
      return FALSE;

    column_sorter = gtk_column_view_column_get_sorter (column);
    if (!CRM_IS_SQL_SORTER (column_sorter))
      return FALSE;

    hit = CRM_SQL_SORTER (column_sorter);
    desc = gtk_column_view_sorter_get_primary_sort_order (GTK_COLUMN_VIEW_SORTER (sorter))
           == GTK_SORT_DESCENDING;
  }
#else
  {
    GtkOrdering order;

    if (probe_a == NULL)
      {
        probe_a = g_object_new (G_TYPE_OBJECT, NULL);
        probe_b = g_object_new (G_TYPE_OBJECT, NULL);
      }

    g_assert (probe_hit == NULL);
    order = gtk_sorter_compare (sorter, probe_a, probe_b);
    hit = g_steal_pointer (&probe_hit);

    if (hit == NULL || order == GTK_ORDERING_EQUAL)
      return FALSE;

    desc = order == GTK_ORDERING_LARGER;
  }
#endif

  if (key != NULL)
    *key = hit->key;
  if (descending != NULL)
    *descending = desc;

  return TRUE;
}

/**
 * crm_sql_sorter_sort_view_by_key:
 * @view: a column view whose sortable columns have `CrmSqlSorter`s
 * @key: the key to sort by
 * @descending: the direction
 *
 * Shows the sort arrow on the column whose sorter has @key, e.g. to
 * restore a saved sort. The column view's sorter emits "changed" as
 * when the user clicks the header.
 *
 * Returns: %TRUE if a column with that key was found
 */
gboolean
crm_sql_sorter_sort_view_by_key (GtkColumnView *view,
                                 int            key,
                                 gboolean       descending)
{
  GListModel *columns;
  guint n;

  g_return_val_if_fail (GTK_IS_COLUMN_VIEW (view), FALSE);

  columns = gtk_column_view_get_columns (view);
  n = g_list_model_get_n_items (columns);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      GtkSorter *sorter = gtk_column_view_column_get_sorter (column);

      if (CRM_IS_SQL_SORTER (sorter) && CRM_SQL_SORTER (sorter)->key == key)
        {
          gtk_column_view_sort_by_column (view, column,
                                          descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
          return TRUE;
        }
    }

  return FALSE;
}
