/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-deal-board.h"
#include "crm-deal-editor.h"
#include "crm-deal-list.h"
#include "crm-deals-view.h"
#include "crm-money.h"
#include "crm-store-deals.h"
#include "crm-table.h"
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

/* Columns get a width from the start rather than from the rows on screen,
 * so they do not jump while scrolling and rows are measured once. The ids
 * are those of the 'deal-columns' key; the sort keys' nicks are the values
 * of 'deal-sort'. */
static const CrmTableColumn columns[N_COLUMNS] = {
  [COLUMN_TITLE] = { "title", N_("Title"), COLUMN_TITLE, "title", CRM_DEAL_SORT_TITLE, TRUE, 150, -1, NULL },
  [COLUMN_CLIENT] = { "client", N_("Client"), COLUMN_CLIENT, "contact-name", CRM_DEAL_SORT_CLIENT, TRUE, 130, -1, NULL },
  [COLUMN_STAGE] = { "stage", N_("Stage"), COLUMN_STAGE, "stage-name", CRM_DEAL_SORT_STAGE, FALSE, 120, -1, NULL },
  [COLUMN_AMOUNT] = { "amount", N_("Amount"), COLUMN_AMOUNT, "amount", CRM_DEAL_SORT_AMOUNT, FALSE, 110, -1, NULL },
  [COLUMN_OWNER] = { "owner", N_("Owner"), COLUMN_OWNER, "owner-name", CRM_DEAL_SORT_OWNER, FALSE, 110, -1, NULL },
  [COLUMN_NEXT_CALL] = { "next-call", N_("Next Reminder"), COLUMN_NEXT_CALL, "next-reminder-at",
                         CRM_DEAL_SORT_NEXT_REMINDER, FALSE, 100, -1, NULL },
  [COLUMN_UPDATED] = { "updated", N_("Updated"), COLUMN_UPDATED, "updated-at", CRM_DEAL_SORT_UPDATED, FALSE, 100, -1, NULL },
  [COLUMN_CREATED] = { "created", N_("Created"), COLUMN_CREATED, "created-at", CRM_DEAL_SORT_CREATED, FALSE, 100, -1, NULL },
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
#define MS_PER_DAY             (G_GINT64_CONSTANT (24) * 60 * 60 * 1000)

struct _CrmDealsView
{
  AdwBin               parent_instance;

  CrmStore            *store;
  CrmDealList         *deals;
  CrmTable            *table;
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

  guint                times_timeout;
  guint                filter_timeout;
  guint                refresh_idle;
  gboolean             updating_filters;
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
show_error (CrmDealsView *self,
            const GError *error)
{
  crm_window_toast (GTK_WIDGET (self), adw_toast_new (error->message));
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
  return crm_table_get_selected_item (self->table);
}

static gint64
get_selected_deal_id (CrmDealsView *self)
{
  CrmDeal *deal = get_selected_deal (self);

  return deal != NULL ? crm_deal_get_id (deal) : 0;
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

/* Whether a cell of @column shows the deal's @property. */
static gboolean
cell_shows (const CrmTableColumn *column,
            const char           *property)
{
  if (g_str_equal (property, column->property))
    return TRUE;

  switch ((ColumnId)column->cell)
    {
    case COLUMN_STAGE:
      return g_str_equal (property, "stage-id");

    case COLUMN_AMOUNT:
      return g_str_equal (property, "currency");

    case COLUMN_TITLE:
    case COLUMN_CLIENT:
    case COLUMN_OWNER:
    case COLUMN_NEXT_CALL:
    case COLUMN_UPDATED:
    case COLUMN_CREATED:
    case N_COLUMNS:
    default:
      return FALSE;
    }
}

static void
deal_notify_cb (CrmDeal     *deal,
                GParamSpec  *pspec,
                GtkListItem *list_item)
{
  CrmDealsView *self = g_object_get_data (G_OBJECT (list_item), "crm-view");
  const CrmTableColumn *column = crm_table_cell_get_column (list_item);

  /* A deal re-read from the database notifies each field that changed;
   * a cell redraws only for its own. */
  if (cell_shows (column, pspec->name))
    update_cell (self, column->cell, gtk_list_item_get_child (list_item), deal);
}

/* Times are shown relative to now ("14:30" today, "27 Nov 14:30" later)
 * and a reminder falls overdue while it is on screen: once a minute the
 * rows on screen write their times again. */
static void
refresh_time_cb (const CrmTableColumn *column,
                 GtkListItem          *list_item,
                 GtkWidget            *child,
                 gpointer              user_data)
{
  if (column->cell == COLUMN_NEXT_CALL || column->cell == COLUMN_UPDATED || column->cell == COLUMN_CREATED)
    update_cell (user_data, column->cell, child, gtk_list_item_get_item (list_item));
}

static gboolean
refresh_times_cb (gpointer user_data)
{
  CrmDealsView *self = user_data;

  crm_table_foreach_cell (self->table, refresh_time_cb, self);

  return G_SOURCE_CONTINUE;
}

static GtkWidget *
cell_setup_cb (const CrmTableColumn *info,
               GtkListItem          *list_item,
               gpointer              user_data)
{
  ColumnId column = info->cell;
  GtkWidget *label = crm_table_label_new (info->width_chars);
  GtkWidget *child = label;

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

  /* For the deal's notifications, which come to the list item. */
  g_object_set_data (G_OBJECT (list_item), "crm-view", user_data);

  return child;
}

static void
cell_bind_cb (const CrmTableColumn *column,
              GtkListItem          *list_item,
              GtkWidget            *child,
              gpointer              item,
              gpointer              user_data)
{
  update_cell (user_data, column->cell, child, item);
  crm_table_cell_connect (list_item, item, "notify", G_CALLBACK (deal_notify_cb), list_item);
}

static gint64
find_deal (GListModel *rows,
           gint64      deal_id)
{
  return crm_deal_list_find (CRM_DEAL_LIST (rows), deal_id);
}

/* Sorting, in SQL: the column headers only name the key. */

static void
apply_sort_cb (int      key,
               gboolean descending,
               gpointer user_data)
{
  CrmDealsView *self = user_data;

  crm_deal_list_set_sort (self->deals, (CrmDealSort)key, descending);
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
selection_items_changed_cb (CrmDealsView *self)
{
  update_state (self);
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
  crm_table_hold_selection (self->table);
  crm_deal_list_set_filter (self->deals, &filter);
  crm_table_restore_selection (self->table);
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
build_context_menu_cb (gpointer selected,
                       gpointer user_data)
{
  CrmDealsView *self = user_data;
  CrmDeal *deal = selected;
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
    crm_window_toast (GTK_WIDGET (self), adw_toast_new (_("The deal was saved; the filter hides it")));
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
  guint position = gtk_single_selection_get_selected (crm_table_get_selection (self->table));
  gint64 id = get_selected_deal_id (self);
  g_autoptr(GError) error = NULL;
  gboolean had_focus;
  AdwToast *toast;
  guint n;

  if (id == 0)
    return;

  had_focus = crm_table_has_focus (self->table);

  if (!crm_store_delete_deal (self->store, id, &error))
    {
      show_error (self, error);
      return;
    }

  g_array_append_val (self->deleted_ids, id);

  /* The next deal takes the place, so Delete can be pressed again. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->deals));
  if (n > 0)
    crm_table_select_position (self->table, MIN (position, n - 1), had_focus);

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

  crm_window_toast (GTK_WIDGET (self), toast);
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
  crm_table_popup_context_menu (CRM_DEALS_VIEW (widget)->table);
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
  GtkSingleSelection *selection;

  G_OBJECT_CLASS (crm_deals_view_parent_class)->constructed (object);

  g_assert (CRM_IS_STORE (self->store));

  self->deals = crm_deal_list_new (self->store);
  /* Nothing is selected until the user picks a deal. */
  crm_table_set_rows (self->table, G_LIST_MODEL (self->deals), find_deal, FALSE);

  selection = crm_table_get_selection (self->table);
  g_signal_connect_object (selection, "items-changed",
                           G_CALLBACK (selection_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (selection, "notify::selected-item",
                           G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);

  crm_table_keep_sort (self->table, self->settings, "deal-sort", "deal-sort-descending",
                       CRM_TYPE_DEAL_SORT, apply_sort_cb);

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

  /* The table saves its layout before the column view is torn down. */
  g_clear_object (&self->table);
  g_clear_handle_id (&self->filter_timeout, g_source_remove);
  g_clear_handle_id (&self->refresh_idle, g_source_remove);
  g_clear_handle_id (&self->times_timeout, g_source_remove);
  if (self->delete_toast != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->delete_toast), (gpointer *)&self->delete_toast);
  self->delete_toast = NULL;

  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_DEALS_VIEW);

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

  self->table = crm_table_new (GTK_WIDGET (self), self->column_view, columns, N_COLUMNS,
                               cell_setup_cb, cell_bind_cb, self);
  crm_table_keep_layout (self->table, self->settings, "deal-columns", self->columns_box);
  crm_table_set_context_menu (self->table, NULL, build_context_menu_cb);
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

  return G_LIST_MODEL (crm_table_get_selection (self->table));
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
  g_return_val_if_fail (CRM_IS_DEALS_VIEW (self), FALSE);

  return crm_table_select_id (self->table, deal_id, TRUE);
}
