/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-first-rows.h"
#include "crm-sql-sorter.h"
#include "crm-table.h"

/**
 * CrmTable:
 *
 * What the tables of the window have in common. A view gives it the
 * [class@Gtk.ColumnView] of its template, its columns and the paged list
 * model of src/core the rows come from, sorted and filtered in SQL. The
 * table makes the columns and their cells' factories; keeps the columns'
 * order, visibility and widths and the sort in GSettings, with a Columns
 * menu of a check button a column; keeps the selected row selected, by
 * id, when the rows are replaced; selects, scrolls to and focuses a row;
 * and pops up a context menu for a row on a right click or from the
 * keyboard. The view keeps what is its own: what its cells show, its
 * filters and its actions.
 */

/* Dragging a column's edge changes its width many times a second. */
#define SAVE_LAYOUT_DELAY_MS 500
#define MIN_COLUMN_WIDTH     24
/* Room beside a header's text for its padding and its sort arrow. */
#define HEADER_PADDING       36
/* The rows of a place scrolled to are built at the next layouts. */
#define FOCUS_TRIES          3

/* Where the keyboard-opened context menu points, from the row's start. */
#define MENU_X_OFFSET        24
/* The same, below the header, when no row has the focus. */
#define MENU_Y_OFFSET        48

/* What a column's factory passes on to the view. */
typedef struct
{
  const CrmTableColumn *column;
  CrmTableSetupFunc     setup;
  CrmTableBindFunc      bind;
  gpointer              user_data;
} CellFactory;

/* Something a cell hooked onto its row's item, undone when the cell is
 * bound to another item. */
typedef struct
{
  GObject  *instance;
  gulong    handler;
  GBinding *binding;
} CellHook;

struct _CrmTable
{
  GObject               parent_instance;

  /* The view the table is part of. Not a reference: the view owns the
   * table and lets it go first in its dispose. */
  GtkWidget            *owner;
  GtkColumnView        *view;
  const CrmTableColumn *infos;
  guint                 n_columns;
  GtkColumnViewColumn **columns;     /* in the order of infos */
  gpointer              user_data;

  /* Rows and selection */
  GListModel           *rows;
  GListModel           *first_rows;
  GtkSingleSelection   *selection;
  CrmTableFindFunc      find;
  gboolean              autoselect;
  gboolean              holding;
  /* The row last selected, by id: selected again when it comes back. */
  gint64                selected_id;
  guint                 focus_tick;
  guint                 focus_tries;

  /* Column layout */
  GSettings            *layout_settings;
  char                 *layout_key;
  guint                 save_timeout;
  gboolean              restoring;

  /* Sort */
  GSettings            *sort_settings;
  char                 *sort_setting;
  char                 *descending_setting;
  GEnumClass           *sort_class;
  CrmTableSortFunc      apply_sort;
  int                   sort_key;
  gboolean              sort_descending;
  gboolean              sort_applied;
  int                   pending_key;
  gboolean              pending_descending;
  guint                 sort_tick;
  guint                 sort_frames;

  /* Context menu */
  GtkWidget            *context_menu;
  CrmTableMenuFunc      build_menu;
  GtkGesture           *click;
  /* Where the keyboard focus was when the menu opened. */
  GtkWidget            *menu_focus;
  guint                 refocus_idle;
};

G_DEFINE_FINAL_TYPE (CrmTable, crm_table, G_TYPE_OBJECT)

static GQuark list_item_quark;
static GQuark column_quark;
static GQuark hooks_quark;
static GQuark parked_width_quark;

/* Cells */

static void
cell_hook_clear (gpointer data)
{
  CellHook *hook = data;

  if (hook->binding != NULL)
    {
      g_binding_unbind (hook->binding);
      g_clear_object (&hook->binding);
    }
  if (hook->handler != 0)
    g_signal_handler_disconnect (hook->instance, hook->handler);
  hook->handler = 0;
  g_clear_object (&hook->instance);
}

static void
cell_add_hook (GtkListItem *list_item,
               CellHook    *hook)
{
  GArray *hooks = g_object_get_qdata (G_OBJECT (list_item), hooks_quark);

  g_assert (hooks != NULL);
  g_array_append_val (hooks, *hook);
}

static void
cell_clear_hooks (GtkListItem *list_item)
{
  GArray *hooks = g_object_get_qdata (G_OBJECT (list_item), hooks_quark);

  if (hooks != NULL)
    g_array_set_size (hooks, 0);
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               CellFactory              *cell)
{
  GtkWidget *child = cell->setup (cell->column, list_item, cell->user_data);
  GArray *hooks = g_array_new (FALSE, TRUE, sizeof (CellHook));

  g_array_set_clear_func (hooks, cell_hook_clear);
  g_object_set_qdata_full (G_OBJECT (list_item), hooks_quark, hooks, (GDestroyNotify)g_array_unref);
  g_object_set_qdata (G_OBJECT (list_item), column_quark, (gpointer)cell->column);

  /* A right click, or a search for the row to focus, finds the row of a
   * cell through this. */
  g_object_set_qdata (G_OBJECT (child), list_item_quark, list_item);
  gtk_list_item_set_child (list_item, child);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              CellFactory              *cell)
{
  gpointer item = gtk_list_item_get_item (list_item);

  cell_clear_hooks (list_item);
  if (item != NULL)
    cell->bind (cell->column, list_item, gtk_list_item_get_child (list_item), item, cell->user_data);
}

static void
cell_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                CellFactory              *cell)
{
  cell_clear_hooks (list_item);
}

static GtkListItemFactory *
cell_factory_new (const CrmTableColumn *column,
                  CrmTableSetupFunc     setup,
                  CrmTableBindFunc      bind,
                  gpointer              user_data)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  CellFactory *cell = g_new0 (CellFactory, 1);

  cell->column = column;
  cell->setup = setup;
  cell->bind = bind;
  cell->user_data = user_data;
  g_object_set_data_full (G_OBJECT (factory), "crm-table-cell", cell, g_free);

  g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), cell);
  g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), cell);
  g_signal_connect (factory, "unbind", G_CALLBACK (cell_unbind_cb), cell);

  return factory;
}

/* Rows */

static GtkWidget *
find_list_view (CrmTable *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_VIEW (child))
        return child;
    }

  return NULL;
}

static GtkListItem *
row_get_list_item (GtkWidget *row)
{
  for (GtkWidget *cell = gtk_widget_get_first_child (row);
       cell != NULL;
       cell = gtk_widget_get_next_sibling (cell))
    {
      GtkWidget *child = gtk_widget_get_first_child (cell);
      GtkListItem *list_item = child != NULL ? g_object_get_qdata (G_OBJECT (child), list_item_quark) : NULL;

      if (list_item != NULL)
        return list_item;
    }

  return NULL;
}

static void
scroll_to (CrmTable *self,
           guint     position)
{
  GtkWidget *list_view = find_list_view (self);

  /* GTK 4.8 has no gtk_column_view_scroll_to(); its inner list view has
   * the action that scrolls. */
  if (list_view != NULL)
    gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", position);
}

/* Moves keyboard focus to the row at @position, if it is built. Enter
 * activates the focused row, so it must be the selected one. */
static gboolean
focus_row (CrmTable *self,
           guint     position)
{
  GtkWidget *list_view = find_list_view (self);

  for (GtkWidget *row = list_view != NULL ? gtk_widget_get_first_child (list_view) : NULL;
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkListItem *list_item = row_get_list_item (row);

      if (list_item != NULL && gtk_list_item_get_position (list_item) == position)
        return gtk_widget_grab_focus (row);
    }

  return FALSE;
}

static gboolean
focus_row_tick_cb (GtkWidget     *widget,
                   GdkFrameClock *frame_clock,
                   gpointer       user_data)
{
  CrmTable *self = user_data;
  guint position = gtk_single_selection_get_selected (self->selection);

  if (position != GTK_INVALID_LIST_POSITION && !focus_row (self, position) &&
      ++self->focus_tries < FOCUS_TRIES)
    return G_SOURCE_CONTINUE;

  self->focus_tick = 0;
  return G_SOURCE_REMOVE;
}

static gint64
item_get_id (gpointer item)
{
  gint64 id = 0;

  if (item != NULL)
    g_object_get (item, "id", &id, NULL);

  return id;
}

static void
selected_item_cb (CrmTable *self)
{
  gint64 id = item_get_id (gtk_single_selection_get_selected_item (self->selection));

  /* A row that leaves the list (filtered out, moving, in the trash) is
   * remembered, so it is selected again when it comes back. */
  if (id != 0)
    self->selected_id = id;
}

static void
selection_items_changed_cb (CrmTable *self,
                            guint     position,
                            guint     removed,
                            guint     added)
{
  gint64 found;

  /* A row whose sort key changed is removed and then inserted at its new
   * place. Between the two signals the list is incomplete, so only a
   * signal that adds rows looks for it. */
  if (self->holding || added == 0 || self->selected_id == 0 ||
      crm_table_get_selected_id (self) == self->selected_id)
    return;

  found = self->find (self->rows, self->selected_id);
  if (found >= 0)
    {
      crm_first_rows_reach (self->first_rows, (guint)found);
      gtk_single_selection_set_selected (self->selection, (guint)found);
    }
}

/* Column layout */

static const CrmTableColumn *
column_get_info (GtkColumnViewColumn *column)
{
  return g_object_get_qdata (G_OBJECT (column), column_quark);
}

/* Wide enough for the translated header and its sort arrow, which GTK 4.8
 * would cut rather than ellipsize. */
static int
get_default_width (CrmTable             *self,
                   const CrmTableColumn *info)
{
  g_autoptr(PangoLayout) layout = NULL;
  PangoAttrList *attrs;
  int width;

  if (info->width <= 0)
    return -1;

  layout = gtk_widget_create_pango_layout (self->owner, _(info->title));
  attrs = pango_attr_list_new ();
  /* Headers are bold. */
  pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_get_pixel_size (layout, &width, NULL);

  return MAX (info->width, width + HEADER_PADDING);
}

static int
get_column_width (GtkColumnViewColumn *column)
{
  if (!gtk_column_view_column_get_visible (column))
    return GPOINTER_TO_INT (g_object_get_qdata (G_OBJECT (column), parked_width_quark));

  return gtk_column_view_column_get_fixed_width (column);
}

/* GTK 4.8 counts the fixed width of a hidden column when it shares out
 * the room left, so expanding columns do not fill the table. A hidden
 * column keeps its width aside and gets it back when shown. */
static void
sync_column_width (CrmTable            *self,
                   GtkColumnViewColumn *column)
{
  int width = gtk_column_view_column_get_fixed_width (column);

  if (!gtk_column_view_column_get_visible (column))
    {
      if (width > 0)
        g_object_set_qdata (G_OBJECT (column), parked_width_quark, GINT_TO_POINTER (width));
      gtk_column_view_column_set_fixed_width (column, -1);
    }
  else if (width <= 0)
    {
      width = GPOINTER_TO_INT (g_object_get_qdata (G_OBJECT (column), parked_width_quark));
      if (width <= 0)
        width = get_default_width (self, column_get_info (column));
      gtk_column_view_column_set_fixed_width (column, width);
    }
}

static GVariant *
build_layout (CrmTable *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->view);
  guint n = g_list_model_get_n_items (columns);
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(sbi)"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      const CrmTableColumn *info = column_get_info (column);
      int width;

      if (info == NULL)
        continue;

      /* A column as wide as it starts is saved without a width, so that
       * it follows a longer translation of its header. */
      width = get_column_width (column);
      if (width <= 0 || width == get_default_width (self, info))
        width = -1;

      g_variant_builder_add (&builder, "(sbi)", info->id,
                             gtk_column_view_column_get_visible (column), width);
    }

  return g_variant_builder_end (&builder);
}

static gboolean
save_layout_cb (gpointer user_data)
{
  CrmTable *self = user_data;
  g_autoptr(GVariant) layout = g_variant_ref_sink (build_layout (self));
  g_autoptr(GVariant) old = g_settings_get_value (self->layout_settings, self->layout_key);

  self->save_timeout = 0;

  if (!g_variant_equal (old, layout))
    g_settings_set_value (self->layout_settings, self->layout_key, layout);

  return G_SOURCE_REMOVE;
}

static void
flush_layout (CrmTable *self)
{
  if (self->save_timeout != 0)
    {
      g_clear_handle_id (&self->save_timeout, g_source_remove);
      save_layout_cb (self);
    }
}

static void
layout_changed_cb (CrmTable *self)
{
  if (self->restoring || self->layout_settings == NULL)
    return;

  g_clear_handle_id (&self->save_timeout, g_source_remove);
  self->save_timeout = g_timeout_add (SAVE_LAYOUT_DELAY_MS, save_layout_cb, self);
}

static void
column_visible_cb (GtkColumnViewColumn *column,
                   GParamSpec          *pspec,
                   CrmTable            *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->view);
  guint n_visible = 0;

  sync_column_width (self, column);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) other = g_list_model_get_item (columns, i);

      if (gtk_column_view_column_get_visible (other))
        n_visible++;
    }

  /* A table without columns shows nothing and cannot be fixed from the
   * table itself; keep the last one, and one that is always shown. */
  if (n_visible == 0 ||
      (!gtk_column_view_column_get_visible (column) && column_get_info (column)->always_shown != NULL))
    {
      gtk_column_view_column_set_visible (column, TRUE);
      return;
    }

  layout_changed_cb (self);
}

static int
find_column_index (CrmTable   *self,
                   const char *id)
{
  for (guint i = 0; i < self->n_columns; i++)
    {
      if (g_strcmp0 (self->infos[i].id, id) == 0)
        return (int)i;
    }

  return -1;
}

/* Sort */

static const char *
sort_key_to_nick (CrmTable *self,
                  int       key)
{
  GEnumValue *value = g_enum_get_value (self->sort_class, key);

  return value != NULL ? value->value_nick : NULL;
}

static int
sort_key_from_nick (CrmTable   *self,
                    const char *nick)
{
  GEnumValue *value = g_enum_get_value_by_nick (self->sort_class, nick);

  return value != NULL ? value->value : -1;
}

static void
apply_sort (CrmTable *self,
            int       key,
            gboolean  descending,
            gboolean  scroll)
{
  guint selected;

  gtk_widget_set_cursor (self->owner, NULL);

  if (self->sort_applied && self->sort_key == key && self->sort_descending == descending)
    return;

  self->sort_applied = TRUE;
  self->sort_key = key;
  self->sort_descending = descending;

  crm_table_hold_selection (self);
  self->apply_sort (key, descending, self->user_data);
  crm_table_restore_selection (self);

  /* The selected row stays selected and in sight; without one, a new
   * order is shown from its beginning. */
  selected = gtk_single_selection_get_selected (self->selection);
  if (scroll && g_list_model_get_n_items (self->rows) > 0)
    scroll_to (self, selected != GTK_INVALID_LIST_POSITION ? selected : 0);
}

static gboolean
sort_tick_cb (GtkWidget     *widget,
              GdkFrameClock *frame_clock,
              gpointer       user_data)
{
  CrmTable *self = user_data;

  /* The first frame shows the arrow; the next one the rows in order. */
  if (self->sort_frames++ == 0)
    return G_SOURCE_CONTINUE;

  self->sort_tick = 0;
  apply_sort (self, self->pending_key, self->pending_descending, TRUE);

  return G_SOURCE_REMOVE;
}

static void
read_default_sort (CrmTable *self,
                   int      *key,
                   gboolean *descending)
{
  g_autoptr(GVariant) nick = g_settings_get_default_value (self->sort_settings, self->sort_setting);
  g_autoptr(GVariant) desc = g_settings_get_default_value (self->sort_settings, self->descending_setting);

  *key = MAX (sort_key_from_nick (self, g_variant_get_string (nick, NULL)), 0);
  *descending = g_variant_get_boolean (desc);
}

static void
view_sorter_changed_cb (CrmTable *self)
{
  const char *nick;
  int key;
  gboolean descending;

  if (self->restoring)
    return;

  /* Without an arrow in a header the list is in its usual order. */
  if (!crm_sql_sorter_get_primary (self->view, &key, &descending))
    read_default_sort (self, &key, &descending);

  nick = sort_key_to_nick (self, key);
  if (nick != NULL)
    {
      g_settings_set_string (self->sort_settings, self->sort_setting, nick);
      g_settings_set_boolean (self->sort_settings, self->descending_setting, descending);
    }

  /* Some orders take SQLite a moment over a large list. The header shows
   * its new arrow and the pointer that it is busy first: the rows are
   * sorted after the next frame is drawn. An idle could wait long for its
   * turn while frames follow each other. */
  self->pending_key = key;
  self->pending_descending = descending;

  if (!gtk_widget_get_mapped (GTK_WIDGET (self->view)))
    {
      apply_sort (self, key, descending, TRUE);
      return;
    }

  gtk_widget_set_cursor_from_name (self->owner, "progress");
  if (self->sort_tick == 0)
    {
      self->sort_frames = 0;
      self->sort_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->view), sort_tick_cb, self, NULL);
    }
}

/* Context menu */

static void
popup_context_menu (CrmTable *self,
                    double    x,
                    double    y)
{
  gpointer item = crm_table_get_selected_item (self);
  GtkRoot *root = gtk_widget_get_root (self->owner);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (item == NULL)
    return;

  if (self->build_menu != NULL)
    {
      g_autoptr(GMenuModel) model = self->build_menu (item, self->user_data);

      gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->context_menu), model);
    }

  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->view)))
    g_set_weak_pointer (&self->menu_focus, focus);
  else
    g_clear_weak_pointer (&self->menu_focus);

  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu),
                               &(GdkRectangle) { (int)x, (int)y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->context_menu));
}

/* The row under a point of the column view: cells carry their list item;
 * between cells the point is on a cell or a row, whose children do. */
static GtkListItem *
find_list_item_at (CrmTable *self,
                   double    x,
                   double    y)
{
  GtkWidget *widget = gtk_widget_pick (GTK_WIDGET (self->view), x, y, GTK_PICK_DEFAULT);
  guint levels = 0;

  for (; widget != NULL && widget != GTK_WIDGET (self->view) && levels < 6;
       widget = gtk_widget_get_parent (widget), levels++)
    {
      GtkListItem *list_item = g_object_get_qdata (G_OBJECT (widget), list_item_quark);

      if (list_item != NULL)
        return list_item;

      for (GtkWidget *child = gtk_widget_get_first_child (widget);
           child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          GtkWidget *grandchild = gtk_widget_get_first_child (child);

          if ((list_item = g_object_get_qdata (G_OBJECT (child), list_item_quark)) != NULL)
            return list_item;
          if (grandchild != NULL &&
              (list_item = g_object_get_qdata (G_OBJECT (grandchild), list_item_quark)) != NULL)
            return list_item;
        }
    }

  return NULL;
}

static void
context_click_cb (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  CrmTable        *self)
{
  GtkListItem *list_item = find_list_item_at (self, x, y);
  graphene_point_t point;
  guint position;

  if (list_item == NULL || gtk_list_item_get_item (list_item) == NULL)
    return;

  position = gtk_list_item_get_position (list_item);
  if (position == GTK_INVALID_LIST_POSITION)
    return;

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_single_selection_set_selected (self->selection, position);
  /* The row clicked gets the focus, as a left click would give it. */
  focus_row (self, position);

  if (!gtk_widget_compute_point (GTK_WIDGET (self->view), self->owner,
                                 &GRAPHENE_POINT_INIT (x, y), &point))
    point = GRAPHENE_POINT_INIT (x, y);
  popup_context_menu (self, point.x, point.y);
}

static gboolean
refocus_idle_cb (gpointer user_data)
{
  CrmTable *self = user_data;
  GtkRoot *root = gtk_widget_get_root (self->owner);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  self->refocus_idle = 0;

  /* The menu hands focus back to the first button of the view; the
   * keyboard belongs on the row the menu was for, where Delete and F2
   * work, or else on the list. */
  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->view)))
    {
      if (self->menu_focus != NULL && gtk_widget_get_mapped (self->menu_focus) &&
          gtk_widget_is_ancestor (self->menu_focus, GTK_WIDGET (self->view)))
        gtk_widget_grab_focus (self->menu_focus);
      else
        gtk_widget_grab_focus (GTK_WIDGET (self->view));
    }
  g_clear_weak_pointer (&self->menu_focus);

  return G_SOURCE_REMOVE;
}

static void
context_menu_closed_cb (CrmTable *self)
{
  /* The menu gives focus back after "closed", before its action runs. */
  if (self->refocus_idle == 0)
    self->refocus_idle = g_idle_add (refocus_idle_cb, self);
}

/* GObject */

static void
crm_table_dispose (GObject *object)
{
  CrmTable *self = (CrmTable *)object;

  if (self->layout_settings != NULL && self->view != NULL)
    flush_layout (self);

  /* Nothing that follows is a change of the user's to keep. */
  self->restoring = TRUE;
  g_clear_handle_id (&self->save_timeout, g_source_remove);
  g_clear_handle_id (&self->refocus_idle, g_source_remove);
  g_clear_weak_pointer (&self->menu_focus);
  g_clear_pointer (&self->context_menu, gtk_widget_unparent);

  if (self->view != NULL)
    {
      if (self->focus_tick != 0)
        gtk_widget_remove_tick_callback (GTK_WIDGET (self->view), self->focus_tick);
      if (self->sort_tick != 0)
        gtk_widget_remove_tick_callback (GTK_WIDGET (self->view), self->sort_tick);
      self->focus_tick = 0;
      self->sort_tick = 0;

      g_signal_handlers_disconnect_by_data (gtk_column_view_get_sorter (self->view), self);
      g_signal_handlers_disconnect_by_data (gtk_column_view_get_columns (self->view), self);
      if (self->click != NULL)
        gtk_widget_remove_controller (GTK_WIDGET (self->view), GTK_EVENT_CONTROLLER (self->click));
      if (self->selection != NULL)
        gtk_column_view_set_model (self->view, NULL);
    }
  self->click = NULL;

  for (guint i = 0; self->columns != NULL && i < self->n_columns; i++)
    {
      if (self->columns[i] != NULL)
        g_signal_handlers_disconnect_by_data (self->columns[i], self);
      g_clear_object (&self->columns[i]);
    }

  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  g_clear_object (&self->selection);
  g_clear_object (&self->first_rows);
  g_clear_object (&self->rows);
  g_clear_object (&self->view);

  G_OBJECT_CLASS (crm_table_parent_class)->dispose (object);
}

static void
crm_table_finalize (GObject *object)
{
  CrmTable *self = (CrmTable *)object;

  g_free (self->columns);
  g_clear_object (&self->layout_settings);
  g_clear_object (&self->sort_settings);
  g_free (self->layout_key);
  g_free (self->sort_setting);
  g_free (self->descending_setting);
  g_clear_pointer (&self->sort_class, g_type_class_unref);

  G_OBJECT_CLASS (crm_table_parent_class)->finalize (object);
}

static void
crm_table_class_init (CrmTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = crm_table_dispose;
  object_class->finalize = crm_table_finalize;

  list_item_quark = g_quark_from_static_string ("crm-list-item");
  column_quark = g_quark_from_static_string ("crm-table-column");
  hooks_quark = g_quark_from_static_string ("crm-table-hooks");
  parked_width_quark = g_quark_from_static_string ("crm-table-parked-width");
}

static void
crm_table_init (CrmTable *self)
{
}

/* Public */

/**
 * crm_table_new:
 * @owner: the view the table is part of; context menus are its children
 * @view: the column view of @owner's template
 * @columns: (array length=n_columns): the columns in their default order;
 *   kept, not copied
 * @n_columns: how many
 * @setup: makes the widget of a cell of a column
 * @bind: shows a row's item in a cell, e.g. with crm_table_cell_bind()
 * @user_data: passed to @setup, @bind and the other functions the view
 *   gives the table, usually the view
 *
 * Adds @columns to @view, all shown, in their order, with a sort arrow in
 * the headers of those that SQL sorts by. The view lets go of the table
 * at the start of its dispose.
 *
 * Returns: (transfer full): the table
 */
CrmTable *
crm_table_new (GtkWidget            *owner,
               GtkColumnView        *view,
               const CrmTableColumn *columns,
               guint                 n_columns,
               CrmTableSetupFunc     setup,
               CrmTableBindFunc      bind,
               gpointer              user_data)
{
  CrmTable *self;

  g_return_val_if_fail (GTK_IS_WIDGET (owner), NULL);
  g_return_val_if_fail (GTK_IS_COLUMN_VIEW (view), NULL);
  g_return_val_if_fail (columns != NULL || n_columns == 0, NULL);
  g_return_val_if_fail (setup != NULL && bind != NULL, NULL);

  self = g_object_new (CRM_TYPE_TABLE, NULL);
  self->owner = owner;
  self->view = g_object_ref (view);
  self->infos = columns;
  self->n_columns = n_columns;
  self->columns = g_new0 (GtkColumnViewColumn *, n_columns);
  self->user_data = user_data;

  for (guint i = 0; i < n_columns; i++)
    {
      const CrmTableColumn *info = &columns[i];
      GtkColumnViewColumn *column;

      column = gtk_column_view_column_new (_(info->title), cell_factory_new (info, setup, bind, user_data));
      g_object_set_qdata (G_OBJECT (column), column_quark, (gpointer)info);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, info->expand);
      /* Columns get a width from the start rather than from the rows on
       * screen, so they do not jump while scrolling. */
      if (info->width > 0)
        gtk_column_view_column_set_fixed_width (column, get_default_width (self, info));
      if (info->sort_key != CRM_TABLE_NO_SORT)
        {
          g_autoptr(CrmSqlSorter) sorter = crm_sql_sorter_new (info->sort_key);

          gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
        }

      self->columns[i] = column;
      gtk_column_view_append_column (view, column);
    }

  return self;
}

/**
 * crm_table_keep_layout:
 * @self: a table
 * @settings: where the layout is kept
 * @key: the `a(sbi)` key that keeps it: each column's id, whether it is
 *   shown and its width in pixels (-1 for its usual width), in the
 *   order the table shows them
 * @columns_box: the box of the Columns menu, which gets a check button a
 *   column
 *
 * Shows the columns as @key says, and keeps their order, visibility and
 * widths there from now on. Unknown ids and repeats are ignored; columns
 * @key does not name come last, hidden.
 */
void
crm_table_keep_layout (CrmTable   *self,
                       GSettings  *settings,
                       const char *key,
                       GtkBox     *columns_box)
{
  g_autoptr(GVariant) saved = NULL;
  g_autofree gboolean *placed = NULL;
  guint position = 0;
  GVariantIter iter;
  const char *id;
  gboolean visible;
  int width;

  g_return_if_fail (CRM_IS_TABLE (self));
  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (key != NULL);
  g_return_if_fail (GTK_IS_BOX (columns_box));
  g_return_if_fail (self->layout_settings == NULL);

  self->layout_settings = g_object_ref (settings);
  self->layout_key = g_strdup (key);
  saved = g_settings_get_value (settings, key);
  placed = g_new0 (gboolean, self->n_columns);

  self->restoring = TRUE;

  g_variant_iter_init (&iter, saved);
  while (g_variant_iter_next (&iter, "(&sbi)", &id, &visible, &width))
    {
      int index = find_column_index (self, id);
      GtkColumnViewColumn *column;

      if (index < 0 || placed[index])
        continue;

      placed[index] = TRUE;
      column = self->columns[index];
      gtk_column_view_column_set_visible (column, visible || self->infos[index].always_shown != NULL);
      if (width > 0)
        gtk_column_view_column_set_fixed_width (column, MAX (width, MIN_COLUMN_WIDTH));
      sync_column_width (self, column);
      gtk_column_view_insert_column (self->view, position++, column);
    }

  for (guint i = 0; i < self->n_columns; i++)
    {
      if (placed[i])
        continue;

      gtk_column_view_column_set_visible (self->columns[i], self->infos[i].always_shown != NULL);
      sync_column_width (self, self->columns[i]);
      gtk_column_view_insert_column (self->view, position++, self->columns[i]);
    }

  /* The Columns menu lists them in a fixed order, whatever the table's. */
  for (guint i = 0; i < self->n_columns; i++)
    {
      GtkWidget *check = gtk_check_button_new_with_label (_(self->infos[i].title));

      g_object_bind_property (self->columns[i], "visible", check, "active",
                              G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
      if (self->infos[i].always_shown != NULL)
        {
          gtk_widget_set_sensitive (check, FALSE);
          gtk_widget_set_tooltip_text (check, _(self->infos[i].always_shown));
        }
      gtk_box_append (columns_box, check);

      g_signal_connect_object (self->columns[i], "notify::visible",
                               G_CALLBACK (column_visible_cb), self, 0);
      g_signal_connect_object (self->columns[i], "notify::fixed-width",
                               G_CALLBACK (layout_changed_cb), self, G_CONNECT_SWAPPED);
    }

  /* Reordering by dragging a header shows here. */
  g_signal_connect_object (gtk_column_view_get_columns (self->view), "items-changed",
                           G_CALLBACK (layout_changed_cb), self, G_CONNECT_SWAPPED);

  self->restoring = FALSE;
}

/**
 * crm_table_set_rows:
 * @self: a table
 * @rows: the rows to show: a paged list whose items have an int64 "id"
 * @find: finds the position of an id in @rows, or -1
 * @autoselect: %TRUE if a row is always selected (the first one to begin
 *   with); %FALSE if none is until the user picks one
 *
 * Shows @rows, a screenful first (see crm_first_rows_model_new()).
 */
void
crm_table_set_rows (CrmTable         *self,
                    GListModel       *rows,
                    CrmTableFindFunc  find,
                    gboolean          autoselect)
{
  g_return_if_fail (CRM_IS_TABLE (self));
  g_return_if_fail (G_IS_LIST_MODEL (rows));
  g_return_if_fail (find != NULL);
  g_return_if_fail (self->rows == NULL);

  self->rows = g_object_ref (rows);
  self->find = find;
  self->autoselect = autoselect;
  self->first_rows = crm_first_rows_model_new (rows, GTK_WIDGET (self->view));
  self->selection = g_object_new (GTK_TYPE_SINGLE_SELECTION,
                                  "autoselect", autoselect,
                                  "can-unselect", !autoselect,
                                  "model", self->first_rows,
                                  NULL);
  self->selected_id = crm_table_get_selected_id (self);

  /* The column view takes in a change of the rows before the table
   * selects a row in them. */
  gtk_column_view_set_model (self->view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (selection_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selected_item_cb), self, G_CONNECT_SWAPPED);
}

/**
 * crm_table_keep_sort:
 * @self: a table with rows
 * @settings: where the sort is kept
 * @key: the string key naming the sort key: a nick of @sort_type
 * @descending_key: the boolean key saying whether the order is descending
 * @sort_type: the enum type of the sort keys of the columns
 * @apply: sorts the rows
 *
 * Sorts the rows as @settings say, with the arrow on the column of the
 * key if it has one, and keeps the order the user picks by clicking a
 * header there from now on. A new order keeps the selected row selected
 * and in sight.
 */
void
crm_table_keep_sort (CrmTable         *self,
                     GSettings        *settings,
                     const char       *key,
                     const char       *descending_key,
                     GType             sort_type,
                     CrmTableSortFunc  apply)
{
  g_autofree char *nick = NULL;
  int sort_key;
  gboolean descending;

  g_return_if_fail (CRM_IS_TABLE (self));
  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (key != NULL && descending_key != NULL);
  g_return_if_fail (G_TYPE_IS_ENUM (sort_type));
  g_return_if_fail (apply != NULL);
  g_return_if_fail (self->rows != NULL);
  g_return_if_fail (self->sort_settings == NULL);

  self->sort_settings = g_object_ref (settings);
  self->sort_setting = g_strdup (key);
  self->descending_setting = g_strdup (descending_key);
  self->sort_class = g_type_class_ref (sort_type);
  self->apply_sort = apply;

  nick = g_settings_get_string (settings, key);
  sort_key = sort_key_from_nick (self, nick);
  descending = g_settings_get_boolean (settings, descending_key);
  if (sort_key < 0)
    read_default_sort (self, &sort_key, &descending);

  g_signal_connect_object (gtk_column_view_get_sorter (self->view), "changed",
                           G_CALLBACK (view_sorter_changed_cb), self, G_CONNECT_SWAPPED);

  /* The arrow shows on the column, if the key has one; a key without a
   * column (such as the last change) sorts all the same. */
  self->restoring = TRUE;
  crm_sql_sorter_sort_view_by_key (self->view, sort_key, descending);
  self->restoring = FALSE;

  apply_sort (self, sort_key, descending, FALSE);
}

/**
 * crm_table_set_context_menu:
 * @self: a table
 * @model: (nullable): the menu, or %NULL if @build makes it
 * @build: (nullable): makes the menu for the selected row's item each
 *   time it pops up
 *
 * Gives the rows a context menu: a right click on a row selects it and
 * pops the menu up beside the pointer; crm_table_popup_context_menu()
 * pops it up from the keyboard. Its actions are looked up from the view.
 */
void
crm_table_set_context_menu (CrmTable         *self,
                            GMenuModel       *model,
                            CrmTableMenuFunc  build)
{
  g_return_if_fail (CRM_IS_TABLE (self));
  g_return_if_fail (model == NULL || G_IS_MENU_MODEL (model));
  g_return_if_fail (self->context_menu == NULL);

  self->build_menu = build;

  self->context_menu = gtk_popover_menu_new_from_model (model);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
  gtk_widget_set_halign (self->context_menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->context_menu, self->owner);
  g_signal_connect_object (self->context_menu, "closed",
                           G_CALLBACK (context_menu_closed_cb), self, G_CONNECT_SWAPPED);

  self->click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (self->click), GDK_BUTTON_SECONDARY);
  g_signal_connect_object (self->click, "pressed", G_CALLBACK (context_click_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->view), GTK_EVENT_CONTROLLER (self->click));
}

/**
 * crm_table_popup_context_menu:
 * @self: a table with a context menu
 *
 * Pops the context menu of the selected row up from the keyboard: beside
 * the focused row, or at the top of the list.
 */
void
crm_table_popup_context_menu (CrmTable *self)
{
  GtkRoot *root;
  GtkWidget *focus;
  graphene_rect_t bounds;

  g_return_if_fail (CRM_IS_TABLE (self));
  g_return_if_fail (self->context_menu != NULL);

  root = gtk_widget_get_root (self->owner);
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->view)) &&
      gtk_widget_compute_bounds (focus, self->owner, &bounds))
    popup_context_menu (self, bounds.origin.x + MENU_X_OFFSET,
                        bounds.origin.y + bounds.size.height / 2);
  else if (gtk_widget_compute_bounds (GTK_WIDGET (self->view), self->owner, &bounds))
    popup_context_menu (self, bounds.origin.x + MENU_X_OFFSET, bounds.origin.y + MENU_Y_OFFSET);
}

/**
 * crm_table_get_selection:
 * @self: a table with rows
 *
 * Returns: (transfer none): the selection model the column view shows
 */
GtkSingleSelection *
crm_table_get_selection (CrmTable *self)
{
  g_return_val_if_fail (CRM_IS_TABLE (self), NULL);

  return self->selection;
}

/**
 * crm_table_get_selected_item:
 * @self: a table
 *
 * Returns: (transfer none) (nullable): the item of the selected row
 */
gpointer
crm_table_get_selected_item (CrmTable *self)
{
  g_return_val_if_fail (CRM_IS_TABLE (self), NULL);

  return self->selection != NULL ? gtk_single_selection_get_selected_item (self->selection) : NULL;
}

/**
 * crm_table_get_selected_id:
 * @self: a table
 *
 * Returns: the id of the selected row's item, or 0
 */
gint64
crm_table_get_selected_id (CrmTable *self)
{
  g_return_val_if_fail (CRM_IS_TABLE (self), 0);

  return item_get_id (crm_table_get_selected_item (self));
}

/**
 * crm_table_hold_selection:
 * @self: a table with rows
 *
 * Lets go of the selected row before the rows are replaced by a new
 * order or filter: GtkSingleSelection would read every new row looking
 * for the item it holds. crm_table_restore_selection() selects the same
 * row again by id, which the list finds with one query.
 */
void
crm_table_hold_selection (CrmTable *self)
{
  gint64 id;

  g_return_if_fail (CRM_IS_TABLE (self));
  g_return_if_fail (self->selection != NULL);

  id = crm_table_get_selected_id (self);
  if (id != 0)
    self->selected_id = id;

  self->holding = TRUE;
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
}

/**
 * crm_table_restore_selection:
 * @self: a table with rows
 *
 * Selects the row crm_table_hold_selection() let go of, if the rows still
 * have it.
 */
void
crm_table_restore_selection (CrmTable *self)
{
  gint64 position;

  g_return_if_fail (CRM_IS_TABLE (self));
  g_return_if_fail (self->selection != NULL);

  self->holding = FALSE;

  position = self->selected_id != 0 ? self->find (self->rows, self->selected_id) : -1;
  if (position >= 0)
    {
      crm_first_rows_reach (self->first_rows, (guint)position);
      gtk_single_selection_set_selected (self->selection, (guint)position);
    }

  gtk_single_selection_set_can_unselect (self->selection, !self->autoselect);
  gtk_single_selection_set_autoselect (self->selection, self->autoselect);
}

/**
 * crm_table_select_position:
 * @self: a table with rows
 * @position: a row
 * @focus: whether the keyboard focus moves to the row
 *
 * Selects a row, however far down, and scrolls to it.
 */
void
crm_table_select_position (CrmTable *self,
                           guint     position,
                           gboolean  focus)
{
  g_return_if_fail (CRM_IS_TABLE (self));
  g_return_if_fail (self->selection != NULL);

  crm_first_rows_reach (self->first_rows, position);
  gtk_single_selection_set_selected (self->selection, position);
  scroll_to (self, position);

  if (focus && !focus_row (self, position))
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->view));
      self->focus_tries = 0;
      if (self->focus_tick == 0)
        self->focus_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->view),
                                                         focus_row_tick_cb, self, NULL);
    }
}

/**
 * crm_table_select_id:
 * @self: a table with rows
 * @id: the id of a row's item
 * @focus: whether the keyboard focus moves to the row
 *
 * Selects the row of @id and scrolls to it.
 *
 * Returns: %TRUE if the rows have @id
 */
gboolean
crm_table_select_id (CrmTable *self,
                     gint64    id,
                     gboolean  focus)
{
  gint64 position;

  g_return_val_if_fail (CRM_IS_TABLE (self), FALSE);
  g_return_val_if_fail (self->selection != NULL, FALSE);

  position = self->find (self->rows, id);
  if (position < 0)
    return FALSE;

  crm_table_select_position (self, (guint)position, focus);

  return TRUE;
}

/**
 * crm_table_has_focus:
 * @self: a table
 *
 * Returns: whether the keyboard focus is in the table
 */
gboolean
crm_table_has_focus (CrmTable *self)
{
  g_return_val_if_fail (CRM_IS_TABLE (self), FALSE);

  return gtk_widget_has_focus (GTK_WIDGET (self->view)) ||
         gtk_widget_get_focus_child (GTK_WIDGET (self->view)) != NULL;
}

/**
 * crm_table_foreach_cell:
 * @self: a table
 * @func: called for each cell
 * @user_data: passed to @func
 *
 * Calls @func for each cell of the rows built, which are those on screen
 * and a few around them, that shows an item.
 */
void
crm_table_foreach_cell (CrmTable         *self,
                        CrmTableCellFunc  func,
                        gpointer          user_data)
{
  GtkWidget *list_view;

  g_return_if_fail (CRM_IS_TABLE (self));
  g_return_if_fail (func != NULL);

  list_view = find_list_view (self);

  for (GtkWidget *row = list_view != NULL ? gtk_widget_get_first_child (list_view) : NULL;
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      for (GtkWidget *cell = gtk_widget_get_first_child (row);
           cell != NULL;
           cell = gtk_widget_get_next_sibling (cell))
        {
          GtkWidget *child = gtk_widget_get_first_child (cell);
          GtkListItem *list_item = child != NULL ? g_object_get_qdata (G_OBJECT (child), list_item_quark) : NULL;

          if (list_item == NULL || gtk_list_item_get_item (list_item) == NULL)
            continue;

          func (crm_table_cell_get_column (list_item), list_item, child, user_data);
        }
    }
}

/**
 * crm_table_label_new:
 * @width_chars: the width of the label in characters, or -1
 *
 * A cell's label: one line, ellipsized at the end. A column view sizes
 * its columns by the rows on screen; labels of one width keep the columns
 * from jumping while scrolling.
 *
 * Returns: (transfer floating): a new label
 */
GtkWidget *
crm_table_label_new (int width_chars)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_label_set_width_chars (GTK_LABEL (label), width_chars);
  gtk_label_set_max_width_chars (GTK_LABEL (label), width_chars);

  return label;
}

/**
 * crm_table_icon_new:
 * @icon_name: the icon
 * @label: what it says, translated
 *
 * An icon in a cell that says something of the row, with its meaning as
 * its tooltip and its name for screen readers.
 *
 * Returns: (transfer floating): a new image
 */
GtkWidget *
crm_table_icon_new (const char *icon_name,
                    const char *label)
{
  GtkWidget *image = gtk_image_new_from_icon_name (icon_name);

  gtk_widget_set_tooltip_text (image, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);

  return image;
}

/**
 * crm_table_cell_bind:
 * @list_item: a cell's list item, being bound
 * @item: its item
 * @property: a property of @item
 * @target: a widget of the cell
 * @target_property: the property of @target that shows it
 * @transform: (nullable): turns the value of @property into one of
 *   @target_property
 *
 * Binds a property of a row's item to the cell until the cell is bound
 * to another item.
 */
void
crm_table_cell_bind (GtkListItem           *list_item,
                     gpointer               item,
                     const char            *property,
                     gpointer               target,
                     const char            *target_property,
                     GBindingTransformFunc  transform)
{
  CellHook hook = { NULL, };

  g_return_if_fail (GTK_IS_LIST_ITEM (list_item));

  hook.binding = g_object_ref (g_object_bind_property_full (item, property, target, target_property,
                                                            G_BINDING_SYNC_CREATE,
                                                            transform, NULL, NULL, NULL));
  cell_add_hook (list_item, &hook);
}

/**
 * crm_table_cell_connect:
 * @list_item: a cell's list item, being bound
 * @item: its item
 * @signal: a signal of @item
 * @callback: the handler
 * @data: passed to @callback
 *
 * Connects to a signal of a row's item until the cell is bound to another
 * item.
 */
void
crm_table_cell_connect (GtkListItem *list_item,
                        gpointer     item,
                        const char  *signal,
                        GCallback    callback,
                        gpointer     data)
{
  CellHook hook = { NULL, };

  g_return_if_fail (GTK_IS_LIST_ITEM (list_item));
  g_return_if_fail (G_IS_OBJECT (item));

  hook.instance = g_object_ref (item);
  hook.handler = g_signal_connect (item, signal, callback, data);
  cell_add_hook (list_item, &hook);
}

/**
 * crm_table_cell_get_column:
 * @list_item: a cell's list item
 *
 * Returns: (transfer none): the column of the cell
 */
const CrmTableColumn *
crm_table_cell_get_column (GtkListItem *list_item)
{
  g_return_val_if_fail (GTK_IS_LIST_ITEM (list_item), NULL);

  return g_object_get_qdata (G_OBJECT (list_item), column_quark);
}
