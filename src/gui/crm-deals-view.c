/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-deal-board.h"
#include "crm-deal-editor.h"
#include "crm-deal-list.h"
#include "crm-deals-view.h"
#include "crm-first-rows.h"
#include "crm-money.h"
#include "crm-sql-sorter.h"
#include "crm-store-deals.h"
#include "crm-text.h"
#include "crm-time.h"
#include "crm-window.h"

/* The deal list: a column view over the paged CrmDealList, sorted and
 * filtered in SQL. Only the rows on screen are built and bound, so it
 * scrolls through any number of deals. */

typedef enum
{
  COLUMN_TITLE,
  COLUMN_CLIENT,
  COLUMN_STAGE,
  COLUMN_AMOUNT,
  COLUMN_OWNER,
  COLUMN_NEXT_CALL,
  COLUMN_UPDATED,
  COLUMN_CREATED,
  N_COLUMNS
} ColumnId;

typedef struct
{
  const char  *id;
  const char  *title;
  CrmDealSort  sort;
  gboolean     expand;
  int          width;
  /* The deal properties the cell shows. */
  const char  *props[3];
} ColumnInfo;

/* Columns get a width from the start rather than from the rows on screen,
 * so they do not jump while scrolling and rows are measured once. */
static const ColumnInfo column_infos[N_COLUMNS] = {
  [COLUMN_TITLE] = { "title", N_("Title"), CRM_DEAL_SORT_TITLE, TRUE, 150, { "title" } },
  [COLUMN_CLIENT] = { "client", N_("Client"), CRM_DEAL_SORT_CLIENT, TRUE, 130, { "contact-name" } },
  [COLUMN_STAGE] = { "stage", N_("Stage"), CRM_DEAL_SORT_STAGE, FALSE, 120, { "stage-name", "stage-id" } },
  [COLUMN_AMOUNT] = { "amount", N_("Amount"), CRM_DEAL_SORT_AMOUNT, FALSE, 110, { "amount", "currency" } },
  [COLUMN_OWNER] = { "owner", N_("Owner"), CRM_DEAL_SORT_OWNER, FALSE, 110, { "owner-name" } },
  [COLUMN_NEXT_CALL] = { "next-call", N_("Next Reminder"), CRM_DEAL_SORT_NEXT_REMINDER, FALSE, 100, { "next-reminder-at" } },
  [COLUMN_UPDATED] = { "updated", N_("Updated"), CRM_DEAL_SORT_UPDATED, FALSE, 100, { "updated-at" } },
  [COLUMN_CREATED] = { "created", N_("Created"), CRM_DEAL_SORT_CREATED, FALSE, 100, { "created-at" } },
};

/* The choices of the "last change" filter, by position in its drop-down,
 * with the names saved filters use. */
typedef enum
{
  UPDATED_ANY,
  UPDATED_TODAY,
  UPDATED_WEEK,
  UPDATED_MONTH,
  UPDATED_90_DAYS,
} UpdatedSince;

static const char * const updated_names[] = { "", "today", "week", "month", "90-days" };

#define FILTER_TYPING_DELAY_MS 300
#define SAVE_COLUMNS_DELAY_MS  500
#define MS_PER_DAY             (G_GINT64_CONSTANT (24) * 60 * 60 * 1000)

struct _CrmDealsView
{
  AdwBin               parent_instance;

  CrmStore            *store;
  CrmDealList         *deals;
  GtkSingleSelection  *selection;
  GListModel          *first_rows;
  GSettings           *settings;

  /* Template children */
  GtkScrolledWindow   *scrolled_window;
  GtkColumnView       *column_view;
  GtkStack            *stack;
  GtkLabel            *count_label;
  GtkBox              *columns_box;
  GtkToggleButton     *filter_button;
  GtkRevealer         *filter_revealer;
  GtkMenuButton       *saved_filters_button;
  GtkFlowBoxChild     *pipeline_child;
  GtkDropDown         *pipeline_dropdown;
  GtkDropDown         *stage_dropdown;
  GtkDropDown         *owner_dropdown;
  GtkDropDown         *updated_dropdown;
  GtkEntry            *amount_min_entry;
  GtkEntry            *amount_max_entry;
  GtkEntry            *tag_entry;
  GtkSwitch           *open_only_switch;
  GtkToggleButton     *board_toggle;
  GtkWidget           *columns_button;

  /* The funnel board, the other way to show the same deals. */
  CrmDealBoard        *board;

  GtkWidget           *context_menu;
  GtkStringList       *pipeline_names;
  GtkStringList       *stage_names;
  GtkStringList       *owner_names;
  GArray              *pipeline_ids;
  GArray              *stage_ids;
  GArray              *owner_ids;
  GHashTable          *stage_colors;

  /* Deals deleted here, newest last, for Ctrl+Z. */
  GArray              *deleted_ids;
  AdwToast            *delete_toast;

  gint64               selected_id;
  CrmDealSort          sort_key;
  gboolean             sort_descending;
  guint                sort_idle;
  guint                times_timeout;
  guint                focus_tick;
  guint                focus_tries;
  guint                filter_timeout;
  guint                save_columns_timeout;
  guint                refresh_idle;
  gboolean             updating_filters;
  gboolean             restoring;
};

G_DEFINE_FINAL_TYPE (CrmDealsView, crm_deals_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static void
show_toast (CrmDealsView *self,
            AdwToast     *toast)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), CRM_TYPE_WINDOW);

  if (window != NULL)
    crm_window_add_toast (CRM_WINDOW (window), toast);
  else
    g_object_unref (toast);
}

static void
show_error (CrmDealsView *self,
            const GError *error)
{
  show_toast (self, adw_toast_new (error->message));
}

/* Menu labels take "_" for mnemonics; names from users must show theirs. */
static char *
escape_mnemonics (const char *text)
{
  GString *escaped = g_string_new (text);

  g_string_replace (escaped, "_", "__", 0);

  return g_string_free (escaped, FALSE);
}

static gint64
array_get_id (GArray *ids,
              guint   position)
{
  if (ids == NULL || position == GTK_INVALID_LIST_POSITION || position >= ids->len)
    return 0;

  return g_array_index (ids, gint64, position);
}

static guint
array_find_id (GArray *ids,
               gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    {
      if (g_array_index (ids, gint64, i) == id)
        return i;
    }

  return 0;
}

static CrmDeal *
get_selected_deal (CrmDealsView *self)
{
  return gtk_single_selection_get_selected_item (self->selection);
}

static gint64
get_selected_deal_id (CrmDealsView *self)
{
  CrmDeal *deal = get_selected_deal (self);

  return deal != NULL ? crm_deal_get_id (deal) : 0;
}

static GtkWidget *
find_list_view (CrmDealsView *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_VIEW (child))
        return child;
    }

  return NULL;
}

/* Moves keyboard focus to the row at @position, if it is built. Enter
 * activates the focused row, so it must be the selected one. */
static gboolean
focus_row (CrmDealsView *self,
           guint         position)
{
  GtkWidget *list_view = find_list_view (self);

  if (list_view == NULL)
    return FALSE;

  for (GtkWidget *row = gtk_widget_get_first_child (list_view);
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      for (GtkWidget *cell = gtk_widget_get_first_child (row);
           cell != NULL;
           cell = gtk_widget_get_next_sibling (cell))
        {
          GtkWidget *child = gtk_widget_get_first_child (cell);
          GtkListItem *list_item = child != NULL ? g_object_get_data (G_OBJECT (child), "crm-list-item") : NULL;

          if (list_item == NULL)
            continue;

          if (gtk_list_item_get_position (list_item) != position)
            break;

          return gtk_widget_grab_focus (row);
        }
    }

  return FALSE;
}

static gboolean
focus_row_tick_cb (GtkWidget     *widget,
                   GdkFrameClock *frame_clock,
                   gpointer       user_data)
{
  CrmDealsView *self = CRM_DEALS_VIEW (widget);
  guint position = gtk_single_selection_get_selected (self->selection);

  /* The rows of a place scrolled to are built at the next layout. */
  if (position != GTK_INVALID_LIST_POSITION && !focus_row (self, position) &&
      ++self->focus_tries < 3)
    return G_SOURCE_CONTINUE;

  self->focus_tick = 0;
  return G_SOURCE_REMOVE;
}

static void
select_position (CrmDealsView *self,
                 guint         position,
                 gboolean      focus)
{
  GtkWidget *list_view = find_list_view (self);

  crm_first_rows_show_all (self->first_rows);
  gtk_single_selection_set_selected (self->selection, position);

  /* GTK 4.8 has no gtk_column_view_scroll_to(); its inner list view has
   * the action that scrolls. */
  if (list_view != NULL)
    gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", position);

  if (focus && !focus_row (self, position))
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
      self->focus_tries = 0;
      if (self->focus_tick == 0)
        self->focus_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), focus_row_tick_cb, NULL, NULL);
    }
}

/* Cells */

static void
stage_dot_draw (GtkDrawingArea *area,
                cairo_t        *cr,
                int             width,
                int             height,
                gpointer        user_data)
{
  const GdkRGBA *color = g_object_get_data (G_OBJECT (area), "crm-color");
  double radius = MIN (width, height) / 2.0;

  if (color == NULL)
    return;

  gdk_cairo_set_source_rgba (cr, color);
  cairo_arc (cr, width / 2.0, height / 2.0, radius, 0, 2 * G_PI);
  cairo_fill (cr);
}

static void
set_label_text (GtkWidget  *label,
                const char *text)
{
  gtk_label_set_text (GTK_LABEL (label), text != NULL ? text : "");
}

static void
update_cell (CrmDealsView *self,
             ColumnId      column,
             GtkWidget    *child,
             CrmDeal      *deal)
{
  g_autofree char *text = NULL;
  gint64 ms;

  switch (column)
    {
    case COLUMN_TITLE:
      set_label_text (child, crm_deal_get_title (deal));
      break;

    case COLUMN_CLIENT:
      set_label_text (child, crm_deal_get_contact_name (deal));
      break;

    case COLUMN_STAGE:
      {
        GtkWidget *dot = g_object_get_data (G_OBJECT (child), "crm-dot");
        GtkWidget *label = g_object_get_data (G_OBJECT (child), "crm-label");
        gint64 stage_id = crm_deal_get_stage_id (deal);
        const GdkRGBA *color = g_hash_table_lookup (self->stage_colors, &stage_id);
        const GdkRGBA *old = g_object_get_data (G_OBJECT (dot), "crm-color");

        set_label_text (label, crm_deal_get_stage_name (deal));
        if (color == NULL || old == NULL || !gdk_rgba_equal (color, old))
          {
            g_object_set_data_full (G_OBJECT (dot), "crm-color",
                                    color != NULL ? gdk_rgba_copy (color) : NULL,
                                    (GDestroyNotify)gdk_rgba_free);
            gtk_widget_queue_draw (dot);
          }
      }
      break;

    case COLUMN_AMOUNT:
      if (crm_money_currency_is_valid (crm_deal_get_currency (deal)))
        text = crm_money_format (crm_deal_get_amount (deal), crm_deal_get_currency (deal));
      set_label_text (child, text);
      break;

    case COLUMN_OWNER:
      set_label_text (child, crm_deal_get_owner_name (deal));
      break;

    case COLUMN_NEXT_CALL:
      ms = crm_deal_get_next_reminder_at (deal);
      if (ms != 0)
        text = crm_time_format_short (ms);
      set_label_text (child, text);
      if (ms != 0 && ms < crm_time_now_ms ())
        gtk_widget_add_css_class (child, "error");
      else
        gtk_widget_remove_css_class (child, "error");
      break;

    case COLUMN_UPDATED:
    case COLUMN_CREATED:
      ms = column == COLUMN_UPDATED ? crm_deal_get_updated_at (deal) : crm_deal_get_created_at (deal);
      if (ms != 0)
        text = crm_time_format_short (ms);
      set_label_text (child, text);
      break;

    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

/* Tooltips are asked for when the pointer rests on a cell: setting one
 * on every bind costs more than the rest of binding a row. */
static gboolean
cell_query_tooltip_cb (GtkWidget  *label,
                       int         x,
                       int         y,
                       gboolean    keyboard_mode,
                       GtkTooltip *tooltip,
                       gpointer    user_data)
{
  const char *text = gtk_label_get_text (GTK_LABEL (label));

  if (gtk_widget_has_css_class (label, "error"))
    {
      g_autofree char *overdue = g_strdup_printf (_("Overdue: %s"), text);

      gtk_tooltip_set_text (tooltip, overdue);
      return TRUE;
    }

  if (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (label))))
    {
      gtk_tooltip_set_text (tooltip, text);
      return TRUE;
    }

  return FALSE;
}

static ColumnId
get_factory_column (GtkListItemFactory *factory)
{
  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "crm-column"));
}

static void
deal_notify_cb (CrmDeal     *deal,
                GParamSpec  *pspec,
                GtkListItem *list_item)
{
  CrmDealsView *self = g_object_get_data (G_OBJECT (list_item), "crm-view");
  ColumnId column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (list_item), "crm-column"));
  const ColumnInfo *info = &column_infos[column];

  /* A deal re-read from the database notifies each field that changed;
   * a cell redraws only for its own. */
  for (guint i = 0; i < G_N_ELEMENTS (info->props) && info->props[i] != NULL; i++)
    {
      if (g_str_equal (pspec->name, info->props[i]))
        {
          update_cell (self, column, gtk_list_item_get_child (list_item), deal);
          return;
        }
    }
}

/* Times are shown relative to now ("14:30" today, "27 Nov 14:30" later)
 * and a reminder falls overdue while it is on screen: once a minute the
 * rows on screen write their times again. */
static gboolean
refresh_times_cb (gpointer user_data)
{
  CrmDealsView *self = user_data;
  GtkWidget *list_view = find_list_view (self);

  for (GtkWidget *row = list_view != NULL ? gtk_widget_get_first_child (list_view) : NULL;
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      for (GtkWidget *cell = gtk_widget_get_first_child (row);
           cell != NULL;
           cell = gtk_widget_get_next_sibling (cell))
        {
          GtkWidget *child = gtk_widget_get_first_child (cell);
          GtkListItem *list_item = child != NULL ? g_object_get_data (G_OBJECT (child), "crm-list-item") : NULL;
          ColumnId column;
          CrmDeal *deal;

          if (list_item == NULL || (deal = gtk_list_item_get_item (list_item)) == NULL)
            continue;

          column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (list_item), "crm-column"));
          if (column == COLUMN_NEXT_CALL || column == COLUMN_UPDATED || column == COLUMN_CREATED)
            update_cell (self, column, child, deal);
        }
    }

  return G_SOURCE_CONTINUE;
}

static void
cell_setup_cb (GtkListItemFactory *factory,
               GtkListItem        *list_item,
               CrmDealsView       *self)
{
  ColumnId column = get_factory_column (factory);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *child = label;

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_has_tooltip (label, TRUE);
  g_signal_connect (label, "query-tooltip", G_CALLBACK (cell_query_tooltip_cb), NULL);

  if (column == COLUMN_AMOUNT)
    {
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_widget_add_css_class (label, "numeric");
    }
  else if (column == COLUMN_NEXT_CALL || column == COLUMN_UPDATED || column == COLUMN_CREATED)
    gtk_widget_add_css_class (label, "numeric");

  if (column == COLUMN_STAGE)
    {
      /* The colour repeats the stage name beside it. */
      GtkWidget *dot = g_object_new (GTK_TYPE_DRAWING_AREA,
                                     "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                     NULL);

      gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (dot), 10);
      gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (dot), 10);
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (dot), stage_dot_draw, NULL, NULL);
      gtk_widget_set_valign (dot, GTK_ALIGN_CENTER);

      child = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      gtk_box_append (GTK_BOX (child), dot);
      gtk_box_append (GTK_BOX (child), label);
      g_object_set_data (G_OBJECT (child), "crm-dot", dot);
      g_object_set_data (G_OBJECT (child), "crm-label", label);
    }

  /* For the context menu: from a widget under the pointer to its row. */
  g_object_set_data (G_OBJECT (child), "crm-list-item", list_item);
  g_object_set_data (G_OBJECT (list_item), "crm-view", self);
  g_object_set_data (G_OBJECT (list_item), "crm-column", GUINT_TO_POINTER (column));
  gtk_list_item_set_child (list_item, child);
}

static void
cell_bind_cb (GtkListItemFactory *factory,
              GtkListItem        *list_item,
              CrmDealsView       *self)
{
  CrmDeal *deal = gtk_list_item_get_item (list_item);
  gulong handler;

  update_cell (self, get_factory_column (factory), gtk_list_item_get_child (list_item), deal);

  handler = g_signal_connect (deal, "notify", G_CALLBACK (deal_notify_cb), list_item);
  g_object_set_data (G_OBJECT (list_item), "crm-notify", GSIZE_TO_POINTER (handler));
}

static void
cell_unbind_cb (GtkListItemFactory *factory,
                GtkListItem        *list_item,
                CrmDealsView       *self)
{
  CrmDeal *deal = gtk_list_item_get_item (list_item);
  gulong handler = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (list_item), "crm-notify"));

  if (deal != NULL && handler != 0)
    g_signal_handler_disconnect (deal, handler);
  g_object_set_data (G_OBJECT (list_item), "crm-notify", NULL);
}

/* Columns: their order, visibility and width are kept per user. */

static ColumnId
get_column_id (GtkColumnViewColumn *column)
{
  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (column), "crm-column"));
}

static int
get_column_width (GtkColumnViewColumn *column)
{
  if (!gtk_column_view_column_get_visible (column))
    return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (column), "crm-width"));

  return gtk_column_view_column_get_fixed_width (column);
}

/* Wide enough for the translated header and its sort arrow, which GTK 4.8
 * would cut rather than ellipsize. */
static int
get_default_width (CrmDealsView *self,
                   ColumnId      id)
{
  const ColumnInfo *info = &column_infos[id];
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), _(info->title));
  PangoAttrList *attrs = pango_attr_list_new ();
  int width;

  /* Headers are bold. */
  pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_get_pixel_size (layout, &width, NULL);

  return MAX (info->width, width + 36);
}

/* GTK 4.8 counts the fixed width of a hidden column when it shares out
 * the room left, so expanding columns do not fill the table. A hidden
 * column keeps its width aside and gets it back when shown. */
static void
sync_column_width (CrmDealsView        *self,
                   GtkColumnViewColumn *column)
{
  int width = gtk_column_view_column_get_fixed_width (column);

  if (!gtk_column_view_column_get_visible (column))
    {
      if (width > 0)
        g_object_set_data (G_OBJECT (column), "crm-width", GINT_TO_POINTER (width));
      gtk_column_view_column_set_fixed_width (column, -1);
    }
  else if (width <= 0)
    {
      width = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (column), "crm-width"));
      if (width <= 0)
        width = get_default_width (self, get_column_id (column));
      gtk_column_view_column_set_fixed_width (column, width);
    }
}

static gboolean
save_columns_cb (gpointer user_data)
{
  CrmDealsView *self = user_data;
  GListModel *columns = gtk_column_view_get_columns (self->column_view);
  g_autoptr(GVariant) old = NULL;
  GVariantBuilder builder;
  GVariant *value;

  self->save_columns_timeout = 0;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(sbi)"));
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      const ColumnInfo *info = &column_infos[get_column_id (column)];
      int width = get_column_width (column);

      if (width <= 0 || width == get_default_width (self, get_column_id (column)))
        width = -1;

      g_variant_builder_add (&builder, "(sbi)", info->id,
                             gtk_column_view_column_get_visible (column), width);
    }

  value = g_variant_ref_sink (g_variant_builder_end (&builder));
  old = g_settings_get_value (self->settings, "deal-columns");
  if (!g_variant_equal (old, value))
    g_settings_set_value (self->settings, "deal-columns", value);
  g_variant_unref (value);

  return G_SOURCE_REMOVE;
}

static void
flush_columns (CrmDealsView *self)
{
  if (self->save_columns_timeout != 0)
    {
      g_clear_handle_id (&self->save_columns_timeout, g_source_remove);
      save_columns_cb (self);
    }
}

static void
columns_changed_cb (CrmDealsView *self)
{
  if (self->restoring)
    return;

  /* Dragging a column edge changes the width many times a second. */
  g_clear_handle_id (&self->save_columns_timeout, g_source_remove);
  self->save_columns_timeout = g_timeout_add (SAVE_COLUMNS_DELAY_MS, save_columns_cb, self);
}

static void
column_visible_cb (GtkColumnViewColumn *column,
                   GParamSpec          *pspec,
                   CrmDealsView        *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->column_view);
  guint n_visible = 0;

  sync_column_width (self, column);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) other = g_list_model_get_item (columns, i);

      if (gtk_column_view_column_get_visible (other))
        n_visible++;
    }

  /* A table without columns shows nothing and cannot be fixed from the
   * table itself; keep the last one. */
  if (n_visible == 0)
    {
      gtk_column_view_column_set_visible (column, TRUE);
      return;
    }

  columns_changed_cb (self);
}

static GtkColumnViewColumn *
create_column (CrmDealsView *self,
               ColumnId      id)
{
  const ColumnInfo *info = &column_infos[id];
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;
  g_autoptr(CrmSqlSorter) sorter = crm_sql_sorter_new (info->sort);

  g_object_set_data (G_OBJECT (factory), "crm-column", GUINT_TO_POINTER (id));
  g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (cell_unbind_cb), self);

  column = gtk_column_view_column_new (_(info->title), factory);
  g_object_set_data (G_OBJECT (column), "crm-column", GUINT_TO_POINTER (id));
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_column_set_expand (column, info->expand);
  gtk_column_view_column_set_fixed_width (column, get_default_width (self, id));
  gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));

  return column;
}

static void
restore_columns (CrmDealsView *self)
{
  g_autoptr(GVariant) saved = g_settings_get_value (self->settings, "deal-columns");
  GtkColumnViewColumn *columns[N_COLUMNS] = { NULL, };
  GVariantIter iter;
  const char *id;
  gboolean visible;
  int width;

  self->restoring = TRUE;

  for (guint i = 0; i < N_COLUMNS; i++)
    columns[i] = create_column (self, i);

  g_variant_iter_init (&iter, saved);
  while (g_variant_iter_next (&iter, "(&sbi)", &id, &visible, &width))
    {
      for (guint i = 0; i < N_COLUMNS; i++)
        {
          /* Unknown ids and repeats are ignored. */
          if (columns[i] == NULL || !g_str_equal (column_infos[i].id, id))
            continue;

          gtk_column_view_column_set_visible (columns[i], visible);
          if (width > 0)
            gtk_column_view_column_set_fixed_width (columns[i], MAX (width, 24));
          sync_column_width (self, columns[i]);
          gtk_column_view_append_column (self->column_view, columns[i]);
          g_clear_object (&columns[i]);
          break;
        }
    }

  /* Columns the setting does not know come last, hidden. */
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      if (columns[i] == NULL)
        continue;

      gtk_column_view_column_set_visible (columns[i], FALSE);
      sync_column_width (self, columns[i]);
      gtk_column_view_append_column (self->column_view, columns[i]);
      g_clear_object (&columns[i]);
    }

  /* The columns menu lists them in a fixed order, whatever the table's. */
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      GListModel *model = gtk_column_view_get_columns (self->column_view);

      for (guint j = 0; j < g_list_model_get_n_items (model); j++)
        {
          g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (model, j);
          GtkWidget *check;

          if (get_column_id (column) != i)
            continue;

          check = gtk_check_button_new_with_label (_(column_infos[i].title));
          g_object_bind_property (column, "visible", check, "active",
                                  G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
          gtk_box_append (self->columns_box, check);

          g_signal_connect_object (column, "notify::visible",
                                   G_CALLBACK (column_visible_cb), self, 0);
          g_signal_connect_object (column, "notify::fixed-width",
                                   G_CALLBACK (columns_changed_cb), self, G_CONNECT_SWAPPED);
        }
    }

  g_signal_connect_object (gtk_column_view_get_columns (self->column_view), "items-changed",
                           G_CALLBACK (columns_changed_cb), self, G_CONNECT_SWAPPED);

  self->restoring = FALSE;
}

/* A new order or filter replaces every row, and GtkSingleSelection would
 * read them all looking for the item it holds. Let go of it first: the
 * deal stays remembered by id (selected_id) and selection_items_changed_cb
 * selects it again with one query. */
static void
release_selection (CrmDealsView *self)
{
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
}

/* Sorting, in SQL: the column headers only name the key. */

static void
apply_sort (CrmDealsView *self)
{
  GtkWidget *list_view;
  guint selected;

  gtk_widget_set_cursor (GTK_WIDGET (self), NULL);

  if (self->sort_key == crm_deal_list_get_sort_key (self->deals) &&
      self->sort_descending == crm_deal_list_get_sort_descending (self->deals))
    return;

  release_selection (self);
  crm_deal_list_set_sort (self->deals, self->sort_key, self->sort_descending);

  /* The selected deal stays selected and in sight; without one, a new
   * order is shown from its beginning. */
  list_view = find_list_view (self);
  selected = gtk_single_selection_get_selected (self->selection);
  if (list_view != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->deals)) > 0)
    gtk_widget_activate_action (list_view, "list.scroll-to-item", "u",
                                selected != GTK_INVALID_LIST_POSITION ? selected : 0);
}

static gboolean
apply_sort_idle_cb (gpointer user_data)
{
  CrmDealsView *self = user_data;

  self->sort_idle = 0;
  apply_sort (self);

  return G_SOURCE_REMOVE;
}

static void
sorter_changed_cb (CrmDealsView *self)
{
  GEnumClass *enum_class;
  GEnumValue *value;
  int key;
  gboolean descending;

  if (!crm_sql_sorter_get_primary (self->column_view, &key, &descending))
    return;

  self->sort_key = key;
  self->sort_descending = descending;

  if (self->restoring)
    {
      apply_sort (self);
      return;
    }

  /* Some orders (client, stage, owner) take SQLite a moment over a large
   * list. The header shows its new arrow and the pointer that it is busy
   * first: the sort runs after the next frame is drawn. */
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "progress");
  if (self->sort_idle == 0)
    self->sort_idle = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, apply_sort_idle_cb, self, NULL);

  enum_class = g_type_class_ref (CRM_TYPE_DEAL_SORT);
  value = g_enum_get_value (enum_class, key);
  if (value != NULL)
    g_settings_set_string (self->settings, "deal-sort", value->value_nick);
  g_settings_set_boolean (self->settings, "deal-sort-descending", descending);
  g_type_class_unref (enum_class);
}

static void
restore_sort (CrmDealsView *self)
{
  g_autofree char *nick = g_settings_get_string (self->settings, "deal-sort");
  gboolean descending = g_settings_get_boolean (self->settings, "deal-sort-descending");
  GEnumClass *enum_class = g_type_class_ref (CRM_TYPE_DEAL_SORT);
  GEnumValue *value = g_enum_get_value_by_nick (enum_class, nick);
  CrmDealSort key = value != NULL ? (CrmDealSort)value->value : CRM_DEAL_SORT_UPDATED;

  g_type_class_unref (enum_class);

  self->restoring = TRUE;
  /* A key without a column (the expected close date) still sorts, without
   * an arrow in a header. */
  if (!crm_sql_sorter_sort_view_by_key (self->column_view, key, descending))
    {
      self->sort_key = key;
      self->sort_descending = descending;
      apply_sort (self);
    }
  self->restoring = FALSE;
}

/* State: the count, the empty pages, what the actions can do. */

static gboolean
filter_is_active (const CrmDealFilter *filter)
{
  return filter->pipeline_id != 0 || filter->stage_id != 0 || filter->owner_id != 0 ||
         filter->amount_min != -1 || filter->amount_max != -1 ||
         filter->updated_from != 0 || filter->updated_to != 0 ||
         filter->tag != NULL || filter->open_only || filter->contact_id != 0;
}

static void
update_actions (CrmDealsView *self)
{
  gboolean has_deal = get_selected_deal (self) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "deals.open", has_deal);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "deals.edit", has_deal);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "deals.delete", has_deal);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "deals.move-to-stage", has_deal);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "deals.context-menu", has_deal);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "deals.undo-delete",
                                 self->deleted_ids->len > 0);
}

/* The board is built the first time it is asked for: its columns read
 * their deals, which a start showing the list need not wait for. */
static void
ensure_board (CrmDealsView *self)
{
  CrmDealFilter filter;

  if (self->board != NULL)
    return;

  self->board = crm_deal_board_new (self->store);
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->board), "board");

  crm_deal_filter_init (&filter);
  crm_deal_filter_copy (crm_deal_list_get_filter (self->deals), &filter);
  crm_deal_board_set_filter (self->board, &filter);
  crm_deal_filter_clear (&filter);
}

static void
update_state (CrmDealsView *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->deals));
  gboolean filtered = filter_is_active (crm_deal_list_get_filter (self->deals));
  g_autofree char *text = NULL;

  if (filtered)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u deal matches", "%'u deals match", n), n);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%'u deal", "%'u deals", n), n);
  gtk_label_set_text (self->count_label, text);

  /* The board has its columns even when they are empty. */
  if (gtk_toggle_button_get_active (self->board_toggle))
    {
      ensure_board (self);
      gtk_stack_set_visible_child_name (self->stack, "board");
    }
  else if (n > 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
  else if (filtered)
    gtk_stack_set_visible_child_name (self->stack, "no-match");
  else
    gtk_stack_set_visible_child_name (self->stack, "empty");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "deals.clear-filter", filtered);
  update_actions (self);
}

static void
selection_items_changed_cb (CrmDealsView *self,
                            guint         position,
                            guint         removed,
                            guint         added)
{
  gint64 found;

  update_state (self);

  /* A reload replaces every row, and a deal whose sort key changed is
   * removed and then inserted at its new place; the deal that was selected
   * stays so, wherever it is now. Between the two signals of a move the
   * list is incomplete, so only a signal that adds rows looks for it. */
  if (added == 0 || self->selected_id == 0 || get_selected_deal_id (self) == self->selected_id)
    return;

  found = crm_deal_list_find (self->deals, self->selected_id);
  if (found >= 0)
    {
      crm_first_rows_show_all (self->first_rows);
      gtk_single_selection_set_selected (self->selection, (guint)found);
    }
}

static void
selected_item_cb (CrmDealsView *self)
{
  CrmDeal *deal = get_selected_deal (self);

  /* A deal that leaves the list (filtered out, moving, in the trash) is
   * remembered, so it is selected again when it comes back. */
  if (deal != NULL)
    self->selected_id = crm_deal_get_id (deal);

  update_actions (self);
}

/* Filters */

static gboolean
read_amount (CrmDealsView *self,
             GtkEntry     *entry,
             gint64       *out_minor)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autoptr(GError) error = NULL;
  gint64 minor = -1;

  *out_minor = -1;

  if (!crm_text_is_blank (text) &&
      !crm_money_parse (text, crm_store_get_default_currency (self->store), &minor, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (entry), error->message);
      gtk_accessible_update_state (GTK_ACCESSIBLE (entry),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
      return FALSE;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (entry), NULL);
  gtk_accessible_reset_state (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_STATE_INVALID);
  *out_minor = MAX (minor, -1);

  return TRUE;
}

static gint64
get_pipeline_choice (CrmDealsView *self)
{
  /* With one pipeline there is nothing to choose, but its stages are. */
  if (self->pipeline_ids->len == 2)
    return g_array_index (self->pipeline_ids, gint64, 1);

  return array_get_id (self->pipeline_ids, gtk_drop_down_get_selected (self->pipeline_dropdown));
}

static void
read_filter (CrmDealsView  *self,
             CrmDealFilter *filter)
{
  gint64 now = crm_time_now_ms ();
  g_autofree char *tag = NULL;

  crm_deal_filter_clear (filter);

  if (self->pipeline_ids->len > 2)
    filter->pipeline_id = get_pipeline_choice (self);
  filter->stage_id = array_get_id (self->stage_ids, gtk_drop_down_get_selected (self->stage_dropdown));
  filter->owner_id = array_get_id (self->owner_ids, gtk_drop_down_get_selected (self->owner_dropdown));

  /* A field that does not read as an amount does not filter; it says why. */
  read_amount (self, self->amount_min_entry, &filter->amount_min);
  read_amount (self, self->amount_max_entry, &filter->amount_max);

  switch ((UpdatedSince)gtk_drop_down_get_selected (self->updated_dropdown))
    {
    case UPDATED_TODAY:
      filter->updated_from = crm_time_start_of_day (now);
      break;
    case UPDATED_WEEK:
      filter->updated_from = crm_time_start_of_week (now);
      break;
    case UPDATED_MONTH:
      filter->updated_from = crm_time_start_of_month (now);
      break;
    case UPDATED_90_DAYS:
      filter->updated_from = crm_time_start_of_day (now) - 90 * MS_PER_DAY;
      break;
    case UPDATED_ANY:
    default:
      break;
    }

  tag = crm_text_clean (gtk_editable_get_text (GTK_EDITABLE (self->tag_entry)));
  if (tag != NULL && *tag != '\0')
    filter->tag = g_steal_pointer (&tag);

  filter->open_only = gtk_switch_get_active (self->open_only_switch);
}

static void
apply_filter (CrmDealsView *self)
{
  CrmDealFilter filter;

  g_clear_handle_id (&self->filter_timeout, g_source_remove);

  /* Drop-downs announce their first choice before there is a list. */
  if (self->deals == NULL)
    return;

  crm_deal_filter_init (&filter);
  read_filter (self, &filter);
  release_selection (self);
  crm_deal_list_set_filter (self->deals, &filter);
  if (self->board != NULL)
    crm_deal_board_set_filter (self->board, &filter);
  crm_deal_filter_clear (&filter);

  update_state (self);
}

static gboolean
filter_timeout_cb (gpointer user_data)
{
  CrmDealsView *self = user_data;

  self->filter_timeout = 0;
  apply_filter (self);

  return G_SOURCE_REMOVE;
}

static void
filter_changed_cb (CrmDealsView *self)
{
  if (self->updating_filters)
    return;

  apply_filter (self);
}

static void
text_filter_changed_cb (CrmDealsView *self)
{
  if (self->updating_filters)
    return;

  /* Wait for a pause in typing rather than count at every key. */
  g_clear_handle_id (&self->filter_timeout, g_source_remove);
  self->filter_timeout = g_timeout_add (FILTER_TYPING_DELAY_MS, filter_timeout_cb, self);
}

static void
amount_changed_cb (CrmDealsView *self,
                   GtkEntry     *entry)
{
  gint64 minor;

  /* Say at once when the text is not an amount. */
  read_amount (self, entry, &minor);
  text_filter_changed_cb (self);
}

static void
set_string_list (GtkStringList *list,
                 GPtrArray     *names)
{
  g_ptr_array_add (names, NULL);
  gtk_string_list_splice (list, 0, g_list_model_get_n_items (G_LIST_MODEL (list)),
                          (const char * const *)names->pdata);
}

static void
rebuild_stages (CrmDealsView *self,
                gint64        keep_stage_id)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) pipelines = NULL;
  gint64 pipeline_id = get_pipeline_choice (self);
  gboolean updating = self->updating_filters;
  gint64 zero = 0;

  self->updating_filters = TRUE;

  g_array_set_size (self->stage_ids, 0);
  g_array_append_val (self->stage_ids, zero);
  g_ptr_array_add (names, g_strdup (_("All stages")));

  /* With every pipeline shown, every stage can be picked; its name then
   * says which pipeline it belongs to. */
  pipelines = crm_store_list_pipelines (self->store, NULL);
  for (guint p = 0; pipelines != NULL && p < pipelines->len; p++)
    {
      CrmPipeline *pipeline = g_ptr_array_index (pipelines, p);
      g_autoptr(GPtrArray) stages = NULL;

      if (pipeline_id != 0 && crm_pipeline_get_id (pipeline) != pipeline_id)
        continue;

      stages = crm_store_list_stages_uncounted (self->store, crm_pipeline_get_id (pipeline), NULL);
      for (guint i = 0; stages != NULL && i < stages->len; i++)
        {
          CrmStage *stage = g_ptr_array_index (stages, i);
          gint64 id = crm_stage_get_id (stage);

          g_array_append_val (self->stage_ids, id);
          if (pipeline_id != 0)
            g_ptr_array_add (names, g_strdup (crm_stage_get_name (stage)));
          else
            /* Translators: a stage in a list of the stages of all pipelines:
             * the pipeline, then the stage. */
            g_ptr_array_add (names, g_strdup_printf (_("%s: %s"),
                                                     crm_pipeline_get_name (pipeline),
                                                     crm_stage_get_name (stage)));
        }
    }

  set_string_list (self->stage_names, names);
  gtk_drop_down_set_selected (self->stage_dropdown, array_find_id (self->stage_ids, keep_stage_id));
  gtk_widget_set_sensitive (GTK_WIDGET (self->stage_dropdown), self->stage_ids->len > 1);

  self->updating_filters = updating;
}

static void
pipeline_selected_cb (CrmDealsView *self)
{
  if (self->updating_filters || self->deals == NULL)
    return;

  rebuild_stages (self, 0);
  apply_filter (self);
}

static void
refresh_choices (CrmDealsView *self)
{
  g_autoptr(GPtrArray) pipelines = crm_store_list_pipelines (self->store, NULL);
  g_autoptr(GPtrArray) users = crm_store_list_users (self->store, NULL);
  g_autoptr(GPtrArray) pipeline_names = g_ptr_array_new ();
  g_autoptr(GPtrArray) owner_names = g_ptr_array_new_with_free_func (g_free);
  gint64 pipeline_id = array_get_id (self->pipeline_ids, gtk_drop_down_get_selected (self->pipeline_dropdown));
  gint64 stage_id = array_get_id (self->stage_ids, gtk_drop_down_get_selected (self->stage_dropdown));
  gint64 owner_id = array_get_id (self->owner_ids, gtk_drop_down_get_selected (self->owner_dropdown));
  const CrmDealFilter *shown = crm_deal_list_get_filter (self->deals);
  CrmDealFilter filter;
  gint64 zero = 0;

  self->updating_filters = TRUE;

  g_array_set_size (self->pipeline_ids, 0);
  g_array_append_val (self->pipeline_ids, zero);
  g_ptr_array_add (pipeline_names, (gpointer)_("All pipelines"));
  g_hash_table_remove_all (self->stage_colors);

  for (guint i = 0; pipelines != NULL && i < pipelines->len; i++)
    {
      CrmPipeline *pipeline = g_ptr_array_index (pipelines, i);
      gint64 id = crm_pipeline_get_id (pipeline);
      g_autoptr(GPtrArray) stages = crm_store_list_stages_uncounted (self->store, id, NULL);

      g_array_append_val (self->pipeline_ids, id);
      g_ptr_array_add (pipeline_names, (gpointer)crm_pipeline_get_name (pipeline));

      for (guint j = 0; stages != NULL && j < stages->len; j++)
        {
          CrmStage *stage = g_ptr_array_index (stages, j);
          GdkRGBA color;

          if (crm_stage_get_color (stage) == NULL || !gdk_rgba_parse (&color, crm_stage_get_color (stage)))
            gdk_rgba_parse (&color, "#9a9996");

          g_hash_table_insert (self->stage_colors,
                               g_memdup2 (&(gint64) { crm_stage_get_id (stage) }, sizeof (gint64)),
                               gdk_rgba_copy (&color));
        }
    }

  set_string_list (self->pipeline_names, pipeline_names);
  gtk_drop_down_set_selected (self->pipeline_dropdown, array_find_id (self->pipeline_ids, pipeline_id));
  gtk_widget_set_visible (GTK_WIDGET (self->pipeline_child), self->pipeline_ids->len > 2);

  rebuild_stages (self, stage_id);

  g_array_set_size (self->owner_ids, 0);
  g_array_append_val (self->owner_ids, zero);
  g_ptr_array_add (owner_names, g_strdup (_("All owners")));
  for (guint i = 0; users != NULL && i < users->len; i++)
    {
      CrmUser *user = g_ptr_array_index (users, i);

      g_array_append_val (self->owner_ids, user->id);
      if (user->active)
        g_ptr_array_add (owner_names, g_strdup (user->name));
      else
        /* Translators: an employee who no longer works here, in a list of owners. */
        g_ptr_array_add (owner_names, g_strdup_printf (_("%s (former)"), user->name));
    }
  set_string_list (self->owner_names, owner_names);
  gtk_drop_down_set_selected (self->owner_dropdown, array_find_id (self->owner_ids, owner_id));

  self->updating_filters = FALSE;

  /* A stage, pipeline or owner that is gone no longer filters. */
  crm_deal_filter_init (&filter);
  read_filter (self, &filter);
  if (filter.pipeline_id != shown->pipeline_id || filter.stage_id != shown->stage_id ||
      filter.owner_id != shown->owner_id)
    apply_filter (self);
  crm_deal_filter_clear (&filter);

  /* Stage colours may have changed. */
  gtk_widget_queue_draw (GTK_WIDGET (self->column_view));
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  CrmDealsView *self = user_data;

  self->refresh_idle = 0;
  refresh_choices (self);

  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (CrmDealsView *self,
                  int           kind,
                  gint64        id)
{
  /* The list follows the store by itself; the filter's choices and the
   * stage colours are read again here, once for a burst of changes. */
  switch ((CrmEntityKind)kind)
    {
    case CRM_ENTITY_ANY:
    case CRM_ENTITY_USER:
    case CRM_ENTITY_PIPELINE:
    case CRM_ENTITY_STAGE:
      if (self->refresh_idle == 0)
        self->refresh_idle = g_idle_add_full (G_PRIORITY_LOW, refresh_idle_cb, self, NULL);
      break;

    case CRM_ENTITY_CONTACT:
    case CRM_ENTITY_DEAL:
    case CRM_ENTITY_ACTIVITY:
    case CRM_ENTITY_REMINDER:
    case CRM_ENTITY_ATTACHMENT:
    default:
      break;
    }
}

/* Saved filters */

static GVariant *
dup_saved_filter (CrmDealsView *self,
                  const char   *name)
{
  g_autoptr(GVariant) filters = g_settings_get_value (self->settings, "deal-filters");
  GVariantIter iter;
  GVariant *dict;

  g_variant_iter_init (&iter, filters);
  while ((dict = g_variant_iter_next_value (&iter)) != NULL)
    {
      const char *dict_name = NULL;

      if (g_variant_lookup (dict, "name", "&s", &dict_name) && g_strcmp0 (dict_name, name) == 0)
        return dict;
      g_variant_unref (dict);
    }

  return NULL;
}

static GVariant *
build_saved_filter (CrmDealsView *self,
                    const char   *name)
{
  GVariantDict dict;
  gint64 id, amount;
  guint updated;
  g_autofree char *tag = NULL;

  g_variant_dict_init (&dict, NULL);
  g_variant_dict_insert (&dict, "name", "s", name);

  if (self->pipeline_ids->len > 2 && (id = get_pipeline_choice (self)) != 0)
    g_variant_dict_insert (&dict, "pipeline", "x", id);
  if ((id = array_get_id (self->stage_ids, gtk_drop_down_get_selected (self->stage_dropdown))) != 0)
    g_variant_dict_insert (&dict, "stage", "x", id);
  if ((id = array_get_id (self->owner_ids, gtk_drop_down_get_selected (self->owner_dropdown))) != 0)
    g_variant_dict_insert (&dict, "owner", "x", id);
  if (read_amount (self, self->amount_min_entry, &amount) && amount != -1)
    g_variant_dict_insert (&dict, "amount-min", "x", amount);
  if (read_amount (self, self->amount_max_entry, &amount) && amount != -1)
    g_variant_dict_insert (&dict, "amount-max", "x", amount);

  updated = gtk_drop_down_get_selected (self->updated_dropdown);
  if (updated > UPDATED_ANY && updated < G_N_ELEMENTS (updated_names))
    g_variant_dict_insert (&dict, "updated", "s", updated_names[updated]);

  tag = crm_text_clean (gtk_editable_get_text (GTK_EDITABLE (self->tag_entry)));
  if (tag != NULL && *tag != '\0')
    g_variant_dict_insert (&dict, "tag", "s", tag);

  if (gtk_switch_get_active (self->open_only_switch))
    g_variant_dict_insert (&dict, "open-only", "b", TRUE);

  return g_variant_dict_end (&dict);
}

static void
set_amount_entry (CrmDealsView *self,
                  GtkEntry     *entry,
                  GVariant     *dict,
                  const char   *key)
{
  const char *currency = crm_store_get_default_currency (self->store);
  g_autofree char *text = NULL;
  gint64 minor;

  if (g_variant_lookup (dict, key, "x", &minor) && minor >= 0)
    text = crm_money_to_decimal (minor, currency);

  gtk_editable_set_text (GTK_EDITABLE (entry), text != NULL ? text : "");
}

static void
show_filter (CrmDealsView *self,
             GVariant     *dict)
{
  const char *text = NULL;
  gboolean open_only = FALSE;
  gint64 id = 0;
  guint updated = UPDATED_ANY;

  self->updating_filters = TRUE;

  if (!g_variant_lookup (dict, "pipeline", "x", &id))
    id = 0;
  gtk_drop_down_set_selected (self->pipeline_dropdown, array_find_id (self->pipeline_ids, id));

  if (!g_variant_lookup (dict, "stage", "x", &id))
    id = 0;
  rebuild_stages (self, id);

  if (!g_variant_lookup (dict, "owner", "x", &id))
    id = 0;
  gtk_drop_down_set_selected (self->owner_dropdown, array_find_id (self->owner_ids, id));

  set_amount_entry (self, self->amount_min_entry, dict, "amount-min");
  set_amount_entry (self, self->amount_max_entry, dict, "amount-max");

  if (g_variant_lookup (dict, "updated", "&s", &text))
    {
      for (guint i = 0; i < G_N_ELEMENTS (updated_names); i++)
        {
          if (g_str_equal (updated_names[i], text))
            updated = i;
        }
    }
  gtk_drop_down_set_selected (self->updated_dropdown, updated);

  if (!g_variant_lookup (dict, "tag", "&s", &text))
    text = "";
  gtk_editable_set_text (GTK_EDITABLE (self->tag_entry), text);

  g_variant_lookup (dict, "open-only", "b", &open_only);
  gtk_switch_set_active (self->open_only_switch, open_only);

  self->updating_filters = FALSE;

  apply_filter (self);
}

static void
rebuild_saved_filters_menu (CrmDealsView *self)
{
  g_autoptr(GVariant) filters = g_settings_get_value (self->settings, "deal-filters");
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) list = g_menu_new ();
  g_autoptr(GMenu) manage = g_menu_new ();
  g_autoptr(GMenu) delete = g_menu_new ();
  GVariantIter iter;
  GVariant *dict;

  g_variant_iter_init (&iter, filters);
  while ((dict = g_variant_iter_next_value (&iter)) != NULL)
    {
      const char *name = NULL;

      if (g_variant_lookup (dict, "name", "&s", &name))
        {
          g_autofree char *label = escape_mnemonics (name);
          g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);
          g_autoptr(GMenuItem) delete_item = g_menu_item_new (label, NULL);

          g_menu_item_set_action_and_target_value (item, "deals.apply-saved-filter",
                                                   g_variant_new_string (name));
          g_menu_append_item (list, item);
          g_menu_item_set_action_and_target_value (delete_item, "deals.delete-saved-filter",
                                                   g_variant_new_string (name));
          g_menu_append_item (delete, delete_item);
        }
      g_variant_unref (dict);
    }

  if (g_menu_model_get_n_items (G_MENU_MODEL (list)) > 0)
    g_menu_append_section (menu, NULL, G_MENU_MODEL (list));

  g_menu_append (manage, _("_Save Current Filter…"), "deals.save-filter");
  if (g_menu_model_get_n_items (G_MENU_MODEL (delete)) > 0)
    g_menu_append_submenu (manage, _("_Delete Saved Filter"), G_MENU_MODEL (delete));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (manage));

  gtk_menu_button_set_menu_model (self->saved_filters_button, G_MENU_MODEL (menu));
}

static void
store_saved_filter (CrmDealsView *self,
                    GVariant     *new_dict,
                    const char   *remove_name)
{
  g_autoptr(GVariant) filters = g_settings_get_value (self->settings, "deal-filters");
  const char *new_name = NULL;
  gboolean placed = FALSE;
  GVariantBuilder builder;
  GVariantIter iter;
  GVariant *dict;

  if (new_dict != NULL)
    g_variant_lookup (new_dict, "name", "&s", &new_name);

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
  g_variant_iter_init (&iter, filters);
  while ((dict = g_variant_iter_next_value (&iter)) != NULL)
    {
      const char *name = NULL;

      g_variant_lookup (dict, "name", "&s", &name);
      if (new_name != NULL && g_strcmp0 (name, new_name) == 0)
        {
          /* Saving under a name in use replaces that filter, in its place. */
          if (!placed)
            g_variant_builder_add_value (&builder, new_dict);
          placed = TRUE;
        }
      else if (remove_name == NULL || g_strcmp0 (name, remove_name) != 0)
        g_variant_builder_add_value (&builder, dict);
      g_variant_unref (dict);
    }

  if (new_dict != NULL && !placed)
    g_variant_builder_add_value (&builder, new_dict);

  g_settings_set_value (self->settings, "deal-filters", g_variant_builder_end (&builder));
}

static void
save_filter_name_changed_cb (GtkEditable      *entry,
                             AdwMessageDialog *dialog)
{
  g_autofree char *name = crm_text_clean (gtk_editable_get_text (entry));

  adw_message_dialog_set_response_enabled (dialog, "save", name != NULL && *name != '\0');
}

static void
save_filter_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         CrmDealsView     *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "crm-entry");
  g_autofree char *name = crm_text_clean (gtk_editable_get_text (entry));

  if (g_strcmp0 (response, "save") != 0 || name == NULL || *name == '\0')
    return;

  store_saved_filter (self, build_saved_filter (self, name), NULL);
}

/* Context menu */

static GMenuModel *
build_context_menu (CrmDealsView *self,
                    CrmDeal      *deal)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) open = g_menu_new ();
  g_autoptr(GMenu) move = g_menu_new ();
  g_autoptr(GMenu) stages_menu = g_menu_new ();
  g_autoptr(GMenu) delete = g_menu_new ();
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(GMenuItem) item = NULL;

  g_menu_append (open, _("_Open"), "deals.open");

  item = g_menu_item_new (_("_Edit…"), "deals.edit");
  g_menu_item_set_attribute (item, "accel", "s", "F2");
  g_menu_append_item (open, item);
  g_clear_object (&item);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (open));

  stages = crm_store_list_stages_uncounted (self->store, crm_deal_get_pipeline_id (deal), NULL);
  for (guint i = 0; stages != NULL && i < stages->len; i++)
    {
      CrmStage *stage = g_ptr_array_index (stages, i);
      g_autofree char *label = escape_mnemonics (crm_stage_get_name (stage));
      g_autoptr(GMenuItem) stage_item = g_menu_item_new (label, NULL);

      /* The stage the deal is in is no place to move it to. */
      if (crm_stage_get_id (stage) == crm_deal_get_stage_id (deal))
        continue;

      g_menu_item_set_action_and_target_value (stage_item, "deals.move-to-stage",
                                               g_variant_new_int64 (crm_stage_get_id (stage)));
      g_menu_append_item (stages_menu, stage_item);
    }
  if (g_menu_model_get_n_items (G_MENU_MODEL (stages_menu)) > 0)
    {
      g_menu_append_submenu (move, _("_Move to Stage"), G_MENU_MODEL (stages_menu));
      g_menu_append_section (menu, NULL, G_MENU_MODEL (move));
    }

  item = g_menu_item_new (_("_Delete"), "deals.delete");
  g_menu_item_set_attribute (item, "accel", "s", "Delete");
  g_menu_append_item (delete, item);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (delete));

  return G_MENU_MODEL (g_steal_pointer (&menu));
}

static void
popup_context_menu (CrmDealsView *self,
                    double        x,
                    double        y)
{
  CrmDeal *deal = get_selected_deal (self);
  g_autoptr(GMenuModel) model = NULL;

  if (deal == NULL)
    return;

  model = build_context_menu (self, deal);
  gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->context_menu), model);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu),
                               &(GdkRectangle) { (int)x, (int)y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->context_menu));
}

/* The row under a point of the column view: cells carry their list item;
 * between cells the point is on a cell or a row, whose children do. */
static GtkListItem *
find_list_item_at (CrmDealsView *self,
                   double        x,
                   double        y)
{
  GtkWidget *widget = gtk_widget_pick (GTK_WIDGET (self->column_view), x, y, GTK_PICK_DEFAULT);
  guint levels = 0;

  for (; widget != NULL && widget != GTK_WIDGET (self->column_view) && levels < 6;
       widget = gtk_widget_get_parent (widget), levels++)
    {
      GtkListItem *list_item = g_object_get_data (G_OBJECT (widget), "crm-list-item");

      if (list_item != NULL)
        return list_item;

      for (GtkWidget *child = gtk_widget_get_first_child (widget);
           child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          GtkWidget *grandchild = gtk_widget_get_first_child (child);

          if ((list_item = g_object_get_data (G_OBJECT (child), "crm-list-item")) != NULL)
            return list_item;
          if (grandchild != NULL &&
              (list_item = g_object_get_data (G_OBJECT (grandchild), "crm-list-item")) != NULL)
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
                  CrmDealsView    *self)
{
  GtkListItem *list_item = find_list_item_at (self, x, y);
  graphene_point_t point;

  if (list_item == NULL || gtk_list_item_get_position (list_item) == GTK_INVALID_LIST_POSITION)
    return;

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_single_selection_set_selected (self->selection, gtk_list_item_get_position (list_item));

  if (!gtk_widget_compute_point (GTK_WIDGET (self->column_view), GTK_WIDGET (self),
                                 &GRAPHENE_POINT_INIT (x, y), &point))
    point = GRAPHENE_POINT_INIT (x, y);
  popup_context_menu (self, point.x, point.y);
}

static gboolean
refocus_list_cb (gpointer user_data)
{
  CrmDealsView *self = user_data;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  /* The menu hands focus back to the first button of the view; the
   * keyboard belongs on the list, where Delete and F2 work. */
  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->column_view)))
    gtk_widget_grab_focus (GTK_WIDGET (self->column_view));

  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

static void
context_menu_closed_cb (CrmDealsView *self)
{
  /* The menu gives focus back after "closed" and before its action runs. */
  g_idle_add (refocus_list_cb, g_object_ref (self));
}

static void
view_toggled_cb (CrmDealsView *self)
{
  gboolean board = gtk_toggle_button_get_active (self->board_toggle);

  /* Both buttons toggle; the one that went off says nothing new. */
  if (self->deals == NULL)
    return;

  gtk_widget_set_visible (self->columns_button, !board);
  update_state (self);
}

static void
row_activated_cb (CrmDealsView *self,
                  guint         position)
{
  g_autoptr(CrmDeal) deal = g_list_model_get_item (G_LIST_MODEL (self->deals), position);

  if (deal != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-deal", "x", crm_deal_get_id (deal));
}

/* Actions */

static void
deal_saved_cb (CrmDealsView *self,
               gint64        deal_id)
{
  if (!crm_deals_view_select_deal (self, deal_id))
    show_toast (self, adw_toast_new (_("The deal was saved; the filter hides it")));
}

static void
open_editor (CrmDealsView *self,
             gint64        deal_id)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  CrmDealEditor *editor;

  editor = crm_deal_editor_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                self->store, deal_id, 0);
  g_signal_connect_object (editor, "saved", G_CALLBACK (deal_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  open_editor (CRM_DEALS_VIEW (widget), 0);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CrmDealsView *self = CRM_DEALS_VIEW (widget);
  gint64 id = get_selected_deal_id (self);

  if (id != 0)
    open_editor (self, id);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CrmDealsView *self = CRM_DEALS_VIEW (widget);
  gint64 id = get_selected_deal_id (self);

  if (id != 0)
    gtk_widget_activate_action (widget, "win.open-deal", "x", id);
}

static void
move_to_stage_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CrmDealsView *self = CRM_DEALS_VIEW (widget);
  gint64 id = get_selected_deal_id (self);
  g_autoptr(GError) error = NULL;

  if (id != 0 && !crm_store_move_deal (self->store, id, g_variant_get_int64 (parameter), 0, &error))
    show_error (self, error);
}

static void
undo_delete (CrmDealsView *self,
             gint64        deal_id)
{
  g_autoptr(GError) error = NULL;

  for (guint i = self->deleted_ids->len; i > 0; i--)
    {
      if (g_array_index (self->deleted_ids, gint64, i - 1) == deal_id)
        {
          g_array_remove_index (self->deleted_ids, i - 1);
          break;
        }
    }
  update_actions (self);

  if (!crm_store_restore_deal (self->store, deal_id, &error))
    {
      show_error (self, error);
      return;
    }

  crm_deals_view_select_deal (self, deal_id);
}

static void
toast_undo_cb (AdwToast     *toast,
               CrmDealsView *self)
{
  gint64 deal_id = *(gint64 *)g_object_get_data (G_OBJECT (toast), "crm-deal-id");

  undo_delete (self, deal_id);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CrmDealsView *self = CRM_DEALS_VIEW (widget);
  guint position = gtk_single_selection_get_selected (self->selection);
  gint64 id = get_selected_deal_id (self);
  g_autoptr(GError) error = NULL;
  gboolean had_focus;
  AdwToast *toast;
  guint n;

  if (id == 0)
    return;

  had_focus = gtk_widget_has_focus (GTK_WIDGET (self->column_view)) ||
              gtk_widget_get_focus_child (GTK_WIDGET (self->column_view)) != NULL;

  if (!crm_store_delete_deal (self->store, id, &error))
    {
      show_error (self, error);
      return;
    }

  g_array_append_val (self->deleted_ids, id);

  /* The next deal takes the place, so Delete can be pressed again. */
  self->selected_id = 0;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->deals));
  if (n > 0)
    select_position (self, MIN (position, n - 1), had_focus);

  toast = adw_toast_new (_("Deal moved to the trash"));
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (toast), "crm-deal-id",
                          g_memdup2 (&id, sizeof id), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (toast_undo_cb), self, 0);

  if (self->delete_toast != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->delete_toast), (gpointer *)&self->delete_toast);
  self->delete_toast = toast;
  g_object_add_weak_pointer (G_OBJECT (toast), (gpointer *)&self->delete_toast);

  show_toast (self, toast);
  update_actions (self);
}

static void
undo_delete_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CrmDealsView *self = CRM_DEALS_VIEW (widget);
  gint64 id;

  if (self->deleted_ids->len == 0)
    return;

  id = g_array_index (self->deleted_ids, gint64, self->deleted_ids->len - 1);

  if (self->delete_toast != NULL)
    {
      gint64 *toast_id = g_object_get_data (G_OBJECT (self->delete_toast), "crm-deal-id");

      if (toast_id != NULL && *toast_id == id)
        adw_toast_dismiss (self->delete_toast);
    }

  undo_delete (self, id);
}

static void
context_menu_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CrmDealsView *self = CRM_DEALS_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  graphene_rect_t bounds;

  /* From the keyboard: beside the focused row, or at the top of the list. */
  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->column_view)) &&
      gtk_widget_compute_bounds (focus, widget, &bounds))
    popup_context_menu (self, bounds.origin.x + 32, bounds.origin.y + bounds.size.height / 2);
  else if (gtk_widget_compute_bounds (GTK_WIDGET (self->column_view), widget, &bounds))
    popup_context_menu (self, bounds.origin.x + 32, bounds.origin.y + 48);
}

static void
toggle_filter_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CrmDealsView *self = CRM_DEALS_VIEW (widget);
  gboolean reveal = !gtk_toggle_button_get_active (self->filter_button);

  gtk_toggle_button_set_active (self->filter_button, reveal);
  if (reveal)
    gtk_widget_grab_focus (gtk_widget_get_visible (GTK_WIDGET (self->pipeline_child))
                           ? GTK_WIDGET (self->pipeline_dropdown)
                           : GTK_WIDGET (self->stage_dropdown));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
clear_filter_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CrmDealsView *self = CRM_DEALS_VIEW (widget);
  g_autoptr(GVariant) empty = NULL;
  GVariantDict dict;

  g_variant_dict_init (&dict, NULL);
  empty = g_variant_ref_sink (g_variant_dict_end (&dict));
  show_filter (self, empty);
}

static void
save_filter_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CrmDealsView *self = CRM_DEALS_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;
  GtkWidget *entry;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Save Filter"),
                                   _("The filter will be listed under Saved Filters. A filter saved under a name in use replaces that one."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save", FALSE);

  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Name"));
  /* Enter presses Save, which is insensitive while there is no name. */
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Filter name"),
                                  -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  g_object_set_data (G_OBJECT (dialog), "crm-entry", entry);

  g_signal_connect (entry, "changed", G_CALLBACK (save_filter_name_changed_cb), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (save_filter_response_cb), self, 0);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
apply_saved_filter_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  CrmDealsView *self = CRM_DEALS_VIEW (widget);
  g_autoptr(GVariant) dict = dup_saved_filter (self, g_variant_get_string (parameter, NULL));

  if (dict == NULL)
    return;

  show_filter (self, dict);
  gtk_toggle_button_set_active (self->filter_button, TRUE);
}

static void
delete_saved_filter_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  store_saved_filter (CRM_DEALS_VIEW (widget), NULL, g_variant_get_string (parameter, NULL));
}

/* GObject */

static void
crm_deals_view_constructed (GObject *object)
{
  CrmDealsView *self = (CrmDealsView *)object;
  GtkSorter *sorter;

  G_OBJECT_CLASS (crm_deals_view_parent_class)->constructed (object);

  g_assert (CRM_IS_STORE (self->store));

  self->deals = crm_deal_list_new (self->store);
  self->first_rows = crm_first_rows_model_new (G_LIST_MODEL (self->deals), GTK_WIDGET (self->column_view));
  /* Nothing is selected until the user picks a deal. */
  self->selection = g_object_new (GTK_TYPE_SINGLE_SELECTION,
                                  "autoselect", FALSE,
                                  "can-unselect", TRUE,
                                  "model", self->first_rows,
                                  NULL);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (selection_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selected_item_cb), self, G_CONNECT_SWAPPED);

  restore_columns (self);

  sorter = gtk_column_view_get_sorter (self->column_view);
  g_signal_connect_object (sorter, "changed", G_CALLBACK (sorter_changed_cb), self, G_CONNECT_SWAPPED);
  restore_sort (self);

  refresh_choices (self);
  rebuild_saved_filters_menu (self);
  g_signal_connect_object (self->settings, "changed::deal-filters",
                           G_CALLBACK (rebuild_saved_filters_menu), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);

  update_state (self);

  self->times_timeout = g_timeout_add_seconds (60, refresh_times_cb, self);
}

static void
crm_deals_view_dispose (GObject *object)
{
  CrmDealsView *self = (CrmDealsView *)object;

  /* Tearing the column view down changes its sorter and its list of
   * columns; that is no new order to apply to a list that is going away,
   * nor a layout to save. */
  if (self->column_view != NULL)
    {
      g_signal_handlers_disconnect_by_func (gtk_column_view_get_sorter (self->column_view),
                                            sorter_changed_cb, self);
      g_signal_handlers_disconnect_by_func (gtk_column_view_get_columns (self->column_view),
                                            columns_changed_cb, self);
    }

  if (self->settings != NULL)
    flush_columns (self);
  g_clear_handle_id (&self->filter_timeout, g_source_remove);
  g_clear_handle_id (&self->refresh_idle, g_source_remove);
  g_clear_handle_id (&self->times_timeout, g_source_remove);
  g_clear_handle_id (&self->sort_idle, g_source_remove);
  if (self->focus_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->focus_tick);
  self->focus_tick = 0;
  if (self->delete_toast != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->delete_toast), (gpointer *)&self->delete_toast);
  self->delete_toast = NULL;

  g_clear_pointer (&self->context_menu, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_DEALS_VIEW);

  g_clear_object (&self->selection);
  g_clear_object (&self->first_rows);
  g_clear_object (&self->deals);

  G_OBJECT_CLASS (crm_deals_view_parent_class)->dispose (object);
}

static void
crm_deals_view_finalize (GObject *object)
{
  CrmDealsView *self = (CrmDealsView *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->pipeline_names);
  g_clear_object (&self->stage_names);
  g_clear_object (&self->owner_names);
  g_clear_pointer (&self->pipeline_ids, g_array_unref);
  g_clear_pointer (&self->stage_ids, g_array_unref);
  g_clear_pointer (&self->owner_ids, g_array_unref);
  g_clear_pointer (&self->deleted_ids, g_array_unref);
  g_clear_pointer (&self->stage_colors, g_hash_table_unref);

  G_OBJECT_CLASS (crm_deals_view_parent_class)->finalize (object);
}

static void
crm_deals_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CrmDealsView *self = CRM_DEALS_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_deals_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CrmDealsView *self = CRM_DEALS_VIEW (object);

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
crm_deals_view_class_init (CrmDealsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = crm_deals_view_constructed;
  object_class->dispose = crm_deals_view_dispose;
  object_class->finalize = crm_deals_view_finalize;
  object_class->get_property = crm_deals_view_get_property;
  object_class->set_property = crm_deals_view_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         CRM_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/crm-deals-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmDealsView, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, CrmDealsView, column_view);
  gtk_widget_class_bind_template_child (widget_class, CrmDealsView, stack);
  gtk_widget_class_bind_template_child (widget_class, CrmDealsView, count_label);
  gtk_widget_class_bind_template_child (widget_class, CrmDealsView, columns_box);
  gtk_widget_class_bind_template_child (widget_class, CrmDealsView, filter_button);
  gtk_widget_class_bind_template_child (widget_class, CrmDealsView, filter_revealer);
  gtk_widget_class_bind_template_child (widget_class, CrmDealsView, saved_filters_button);
  gtk_widget_class_bind_template_child (widget_class, CrmDealsView, pipeline_child);
  gtk_widget_class_bind_template_child (widget_class, CrmDealsView, pipeline_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CrmDealsView, stage_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CrmDealsView, owner_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CrmDealsView, updated_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CrmDealsView, amount_min_entry);
  gtk_widget_class_bind_template_child (widget_class, CrmDealsView, amount_max_entry);
  gtk_widget_class_bind_template_child (widget_class, CrmDealsView, tag_entry);
  gtk_widget_class_bind_template_child (widget_class, CrmDealsView, open_only_switch);
  gtk_widget_class_bind_template_child (widget_class, CrmDealsView, board_toggle);
  gtk_widget_class_bind_template_child (widget_class, CrmDealsView, columns_button);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, text_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, amount_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, pipeline_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, view_toggled_cb);

  gtk_widget_class_install_action (widget_class, "deals.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "deals.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "deals.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "deals.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "deals.move-to-stage", "x", move_to_stage_action);
  gtk_widget_class_install_action (widget_class, "deals.undo-delete", NULL, undo_delete_action);
  gtk_widget_class_install_action (widget_class, "deals.context-menu", NULL, context_menu_action);
  gtk_widget_class_install_action (widget_class, "deals.toggle-filter", NULL, toggle_filter_action);
  gtk_widget_class_install_action (widget_class, "deals.clear-filter", NULL, clear_filter_action);
  gtk_widget_class_install_action (widget_class, "deals.save-filter", NULL, save_filter_action);
  gtk_widget_class_install_action (widget_class, "deals.apply-saved-filter", "s", apply_saved_filter_action);
  gtk_widget_class_install_action (widget_class, "deals.delete-saved-filter", "s", delete_saved_filter_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "deals.undo-delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "deals.toggle-filter", NULL);
}

static GtkShortcut *
shortcut_new (guint            keyval,
              GdkModifierType  modifiers,
              const char      *action)
{
  return gtk_shortcut_new (gtk_keyval_trigger_new (keyval, modifiers), gtk_named_action_new (action));
}

static void
crm_deals_view_init (CrmDealsView *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APPLICATION_ID);
  self->pipeline_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->stage_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->owner_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->deleted_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->stage_colors = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                              g_free, (GDestroyNotify)gdk_rgba_free);

  self->pipeline_names = gtk_string_list_new (NULL);
  self->stage_names = gtk_string_list_new (NULL);
  self->owner_names = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->pipeline_dropdown, G_LIST_MODEL (self->pipeline_names));
  gtk_drop_down_set_model (self->stage_dropdown, G_LIST_MODEL (self->stage_names));
  gtk_drop_down_set_model (self->owner_dropdown, G_LIST_MODEL (self->owner_names));

  /* Keys that act on the selected deal belong to the list alone, so that
   * Delete in a filter field deletes text, not a deal. The scrolled window
   * holds them because focus may rest on it rather than on a row. */
  controller = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        shortcut_new (GDK_KEY_Delete, 0, "deals.delete"));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        shortcut_new (GDK_KEY_KP_Delete, 0, "deals.delete"));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        shortcut_new (GDK_KEY_F2, 0, "deals.edit"));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        shortcut_new (GDK_KEY_Menu, 0, "deals.context-menu"));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        shortcut_new (GDK_KEY_F10, GDK_SHIFT_MASK, "deals.context-menu"));
  gtk_widget_add_controller (GTK_WIDGET (self->scrolled_window), controller);

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (context_click_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), GTK_EVENT_CONTROLLER (gesture));

  self->context_menu = gtk_popover_menu_new_from_model (NULL);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
  gtk_widget_set_halign (self->context_menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->context_menu, GTK_WIDGET (self));
  g_signal_connect_object (self->context_menu, "closed",
                           G_CALLBACK (context_menu_closed_cb), self, G_CONNECT_SWAPPED);
}

/**
 * crm_deals_view_new:
 * @store: the store to show the deals of
 *
 * Returns: (transfer floating): a new deal list
 */
CrmDealsView *
crm_deals_view_new (CrmStore *store)
{
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);

  return g_object_new (CRM_TYPE_DEALS_VIEW, "store", store, NULL);
}

CrmStore *
crm_deals_view_get_store (CrmDealsView *self)
{
  g_return_val_if_fail (CRM_IS_DEALS_VIEW (self), NULL);

  return self->store;
}

/**
 * crm_deals_view_get_model:
 * @self: a deal list
 *
 * Returns: (transfer none): the selection model the table shows, over a
 *   `CrmDealList`
 */
GListModel *
crm_deals_view_get_model (CrmDealsView *self)
{
  g_return_val_if_fail (CRM_IS_DEALS_VIEW (self), NULL);

  return G_LIST_MODEL (self->selection);
}

/**
 * crm_deals_view_select_deal:
 * @self: a deal list
 * @deal_id: the deal to select
 *
 * Selects a deal and scrolls to it.
 *
 * Returns: %TRUE if the list shows the deal; %FALSE if it does not (it is
 *   trashed, or the filter hides it)
 */
gboolean
crm_deals_view_select_deal (CrmDealsView *self,
                            gint64        deal_id)
{
  gint64 position;

  g_return_val_if_fail (CRM_IS_DEALS_VIEW (self), FALSE);

  position = crm_deal_list_find (self->deals, deal_id);
  if (position < 0)
    return FALSE;

  self->selected_id = deal_id;
  select_position (self, (guint)position, TRUE);

  return TRUE;
}
