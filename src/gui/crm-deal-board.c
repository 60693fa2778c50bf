/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "crm-deal-board.h"
#include "crm-deal-card.h"
#include "crm-funnel-strip.h"
#include "crm-money.h"
#include "crm-pipeline.h"
#include "crm-reports.h"
#include "crm-stage-editor.h"
#include "crm-stage.h"
#include "crm-store-deals.h"
#include "crm-time.h"
#include "crm-window.h"

/**
 * CrmDealBoard:
 *
 * The funnel board: one column per stage of a pipeline, in order, each a
 * GtkListView over a paged CrmDealList of that stage sorted by the board
 * order, so only the cards on screen are built. Won and lost stages are
 * drop zones at the end. Cards are dragged between and inside columns, or
 * moved from the keyboard (Ctrl+arrows) and their context menu; every move
 * is saved at once and can be undone from its toast or with Ctrl+Z.
 */

#define COLUMN_WIDTH         272
#define END_COLUMN_WIDTH     180
#define UNDO_LIMIT           50
#define FUNNEL_DELAY_MS      700
#define FOCUS_TRIES          6
#define MS_PER_DAY           (G_GINT64_CONSTANT (24) * 60 * 60 * 1000)

typedef enum
{
  PERIOD_30_DAYS,
  PERIOD_90_DAYS,
  PERIOD_12_MONTHS,
  PERIOD_ALL,
} Period;

typedef struct
{
  CrmDealBoard  *board;
  gint64         stage_id;
  CrmStageKind   kind;
  char          *name;
  GdkRGBA        color;

  GtkWidget     *widget;
  GtkWidget     *name_label;
  GtkWidget     *count_label;
  GtkWidget     *sum_label;
  GtkWidget     *list_view;     /* NULL for won and lost stages */
  GtkDropTarget *drop_target;
  CrmDealList   *deals;
  GtkSliceListModel *shown;     /* the first cards of deals, grown on scroll */
  GtkAdjustment *vadjustment;

  gint64         count;
  gint64         total;
  gboolean       dirty;
  GtkWidget     *marked_row;
} Column;

typedef struct
{
  gint64    deal_id;
  char     *title;
  gint64    from_stage_id;
  gint64    from_before_id;
  gint64    to_stage_id;
  gboolean  reason_changed;
  char     *old_reason;
} UndoEntry;

struct _CrmDealBoard
{
  AdwBin           parent_instance;

  CrmStore        *store;
  gint64           pipeline_id;
  CrmDealFilter    filter;

  GPtrArray       *columns;        /* Column */
  GArray          *conversion;     /* CrmReportFunnelStage, or NULL */
  char            *stage_signature;
  GtkStringList   *pipeline_names;
  GArray          *pipeline_ids;
  GArray          *undo;           /* UndoEntry */
  AdwToast        *undo_toast;
  GtkWidget       *context_menu;
  gint64           menu_deal_id;

  gint64           focus_deal_id;
  guint            focus_tries;
  guint            focus_tick;
  guint            headers_idle;
  guint            refresh_idle;
  guint            funnel_source;   /* a count of the conversion is due */
  GCancellable    *funnel_cancellable;  /* the count under way, or NULL */
  gboolean         funnel_stale;    /* the conversion does not follow the data */
  guint            clear_menu_idle;
  gboolean         updating_pipelines;

  /* Template children */
  GtkDropDown     *pipeline_dropdown;
  GtkMenuButton   *pipeline_menu_button;
  GtkDropDown     *period_dropdown;
  GtkLabel        *total_label;
  CrmFunnelStrip  *funnel;
  GtkStack        *stack;
  GtkWidget       *board_scroller;
  GtkBox          *columns_box;
};

G_DEFINE_FINAL_TYPE (CrmDealBoard, crm_deal_board, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  PROP_PIPELINE_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void request_move (CrmDealBoard *self,
                          gint64        deal_id,
                          gint64        stage_id,
                          gint64        before_id);

/* Helpers */

static void
show_error (CrmDealBoard *self,
            const GError *error)
{
  crm_window_toast (GTK_WIDGET (self), adw_toast_new (error->message));
}

static GtkWindow *
get_window (CrmDealBoard *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* Menu labels take "_" for mnemonics; names from users must show theirs. */
static char *
escape_mnemonics (const char *text)
{
  GString *escaped = g_string_new (text);

  g_string_replace (escaped, "_", "__", 0);

  return g_string_free (escaped, FALSE);
}

static void
undo_entry_clear (UndoEntry *entry)
{
  g_clear_pointer (&entry->title, g_free);
  g_clear_pointer (&entry->old_reason, g_free);
}

static void
column_free (Column *column)
{
  if (column->vadjustment != NULL)
    g_signal_handlers_disconnect_by_data (column->vadjustment, column);
  g_clear_object (&column->vadjustment);
  g_clear_object (&column->shown);
  g_clear_object (&column->deals);
  g_clear_pointer (&column->name, g_free);
  g_free (column);
}

static Column *
find_column (CrmDealBoard *self,
             gint64        stage_id)
{
  for (guint i = 0; i < self->columns->len; i++)
    {
      Column *column = g_ptr_array_index (self->columns, i);

      if (column->stage_id == stage_id)
        return column;
    }

  return NULL;
}

static int
column_index (CrmDealBoard *self,
              gint64        stage_id)
{
  for (guint i = 0; i < self->columns->len; i++)
    {
      if (((Column *)g_ptr_array_index (self->columns, i))->stage_id == stage_id)
        return (int)i;
    }

  return -1;
}

static gint64
item_id_at (GListModel *model,
            guint       position)
{
  g_autoptr(CrmDeal) deal = NULL;

  if (position >= g_list_model_get_n_items (model))
    return 0;

  deal = g_list_model_get_item (model, position);
  return deal != NULL ? crm_deal_get_id (deal) : 0;
}

/* The card a widget belongs to: the card itself, one of its children, or
 * the list row that holds it. */
static CrmDealCard *
card_from_widget (GtkWidget *widget,
                  GtkWidget *stop)
{
  for (; widget != NULL && widget != stop; widget = gtk_widget_get_parent (widget))
    {
      GtkWidget *child;

      if (CRM_IS_DEAL_CARD (widget))
        return CRM_DEAL_CARD (widget);

      child = gtk_widget_get_first_child (widget);
      if (child != NULL && CRM_IS_DEAL_CARD (child))
        return CRM_DEAL_CARD (child);
    }

  return NULL;
}

static guint
card_position (CrmDealCard *card)
{
  GtkListItem *item = g_object_get_data (G_OBJECT (card), "crm-list-item");

  return item != NULL ? gtk_list_item_get_position (item) : GTK_INVALID_LIST_POSITION;
}

static CrmDealCard *
find_card (Column *column,
           gint64  deal_id,
           guint   position)
{
  if (column->list_view == NULL)
    return NULL;

  for (GtkWidget *row = gtk_widget_get_first_child (column->list_view);
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *child = gtk_widget_get_first_child (row);

      if (child == NULL || !CRM_IS_DEAL_CARD (child))
        continue;
      if (deal_id != 0 && crm_deal_card_get_deal_id (CRM_DEAL_CARD (child)) == deal_id)
        return CRM_DEAL_CARD (child);
      if (deal_id == 0 && card_position (CRM_DEAL_CARD (child)) == position)
        return CRM_DEAL_CARD (child);
    }

  return NULL;
}

static CrmDealCard *
get_focused_card (CrmDealBoard *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
    return NULL;

  return card_from_widget (focus, GTK_WIDGET (self));
}

/* The deal a command acts on: the one whose menu is open, or the one
 * whose card has keyboard focus. */
static gint64
get_target_deal (CrmDealBoard *self)
{
  CrmDealCard *card;

  if (self->menu_deal_id != 0)
    return self->menu_deal_id;

  card = get_focused_card (self);
  return card != NULL ? crm_deal_card_get_deal_id (card) : 0;
}

static Column *
find_column_of_deal (CrmDealBoard *self,
                     gint64        deal_id,
                     gint64       *out_position)
{
  for (guint i = 0; i < self->columns->len; i++)
    {
      Column *column = g_ptr_array_index (self->columns, i);
      gint64 position = crm_deal_list_find (column->deals, deal_id);

      if (position >= 0)
        {
          if (out_position != NULL)
            *out_position = position;
          return column;
        }
    }

  return NULL;
}

/* Headers and the funnel */

static void
update_funnel_data (CrmDealBoard *self)
{
  g_autoptr(GPtrArray) stages = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->columns->len; i++)
    {
      Column *column = g_ptr_array_index (self->columns, i);
      CrmStage *stage = crm_stage_new ();
      g_autofree char *color = gdk_rgba_to_string (&column->color);

      crm_stage_set_id (stage, column->stage_id);
      crm_stage_set_name (stage, column->name);
      crm_stage_set_kind (stage, column->kind);
      crm_stage_set_color (stage, color);
      crm_stage_set_deal_count (stage, column->count);
      crm_stage_set_amount_total (stage, column->total);
      g_ptr_array_add (stages, stage);
    }

  crm_funnel_strip_set_data (self->funnel, stages, self->conversion,
                             crm_store_get_default_currency (self->store));
}

/* The conversion of the period reads every stage move since its start:
 * it is counted in a worker thread, and only while the board is on
 * screen, so that a board built at start-up and not shown costs nothing.
 * A count that a newer one supersedes, or that the board being hidden
 * makes useless, is cancelled. */

static gint64
period_start (CrmDealBoard *self,
              gint64        now)
{
  switch ((Period)gtk_drop_down_get_selected (self->period_dropdown))
    {
    case PERIOD_30_DAYS:
      return crm_time_start_of_day (now) - 29 * MS_PER_DAY;
    case PERIOD_90_DAYS:
      return crm_time_start_of_day (now) - 89 * MS_PER_DAY;
    case PERIOD_12_MONTHS:
      return crm_time_start_of_day (now) - 364 * MS_PER_DAY;
    case PERIOD_ALL:
    default:
      return 0;
    }
}

static void
update_funnel_busy (CrmDealBoard *self)
{
  crm_funnel_strip_set_busy (self->funnel,
                             self->funnel_source != 0 || self->funnel_cancellable != NULL);
}

static void
cancel_funnel (CrmDealBoard *self)
{
  g_clear_handle_id (&self->funnel_source, g_source_remove);
  if (self->funnel_cancellable != NULL)
    g_cancellable_cancel (self->funnel_cancellable);
  g_clear_object (&self->funnel_cancellable);
}

static void
funnel_ready_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CrmDealBoard) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rows = crm_report_funnel_finish (CRM_STORE (source), result, &error);

  /* A cancelled count was superseded or is not wanted; the board may be
   * gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->funnel_cancellable);
  update_funnel_busy (self);
  if (rows == NULL)
    {
      show_error (self, error);
      return;
    }

  g_clear_pointer (&self->conversion, g_array_unref);
  self->conversion = g_steal_pointer (&rows);
  update_funnel_data (self);
}

static void
start_funnel (CrmDealBoard *self)
{
  gint64 now = crm_time_now_ms ();

  cancel_funnel (self);
  self->funnel_stale = FALSE;
  if (self->pipeline_id != 0)
    {
      self->funnel_cancellable = g_cancellable_new ();
      crm_report_funnel_async (self->store, self->pipeline_id, period_start (self, now), now + 1,
                               self->funnel_cancellable, funnel_ready_cb, g_object_ref (self));
    }
  update_funnel_busy (self);
}

static gboolean
funnel_source_cb (gpointer user_data)
{
  CrmDealBoard *self = user_data;

  self->funnel_source = 0;
  start_funnel (self);

  return G_SOURCE_REMOVE;
}

/* Counts the conversion @delay_ms from now, or with 0 once the frame in
 * progress is drawn; hidden, the board only notes that it is due. */
static void
schedule_funnel (CrmDealBoard *self,
                 guint         delay_ms)
{
  self->funnel_stale = TRUE;
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;

  g_clear_handle_id (&self->funnel_source, g_source_remove);
  if (delay_ms == 0)
    self->funnel_source = g_idle_add_full (G_PRIORITY_LOW, funnel_source_cb, self, NULL);
  else
    self->funnel_source = g_timeout_add (delay_ms, funnel_source_cb, self);
  update_funnel_busy (self);
}

/* The figures shown were those of another period or pipeline. */
static void
refresh_funnel (CrmDealBoard *self)
{
  cancel_funnel (self);
  g_clear_pointer (&self->conversion, g_array_unref);
  update_funnel_data (self);
  schedule_funnel (self, 0);
  update_funnel_busy (self);
}

static void
queue_funnel (CrmDealBoard *self)
{
  /* A burst of changes (another program writing, a stage deleted) counts
   * once. */
  schedule_funnel (self, FUNNEL_DELAY_MS);
}

/* Counts and adds up the columns whose deals changed (all with @all). */
static void
update_headers (CrmDealBoard *self,
                gboolean      all)
{
  const char *currency = crm_store_get_default_currency (self->store);
  gint64 open_count = 0, open_total = 0;
  g_autofree char *open_text = NULL;
  g_autofree char *total_text = NULL;

  g_clear_handle_id (&self->headers_idle, g_source_remove);

  for (guint i = 0; i < self->columns->len; i++)
    {
      Column *column = g_ptr_array_index (self->columns, i);
      g_autoptr(GError) error = NULL;
      g_autofree char *count = NULL;
      g_autofree char *sum = NULL;
      g_autofree char *description = NULL;

      if (!column->dirty && !all)
        goto counted;
      column->dirty = FALSE;

      column->count = g_list_model_get_n_items (G_LIST_MODEL (column->deals));
      column->total = crm_deal_list_sum_amount (column->deals, currency, &error);
      if (error != NULL)
        g_warning ("Cannot add up the deals of a stage: %s", error->message);

      count = g_strdup_printf ("%" PRId64, column->count);
      sum = crm_money_format (column->total, currency);
      gtk_label_set_text (GTK_LABEL (column->count_label), count);
      gtk_label_set_text (GTK_LABEL (column->sum_label), sum);

      /* Translators: what a screen reader says for a board column: the
       * stage, how many deals it holds, and their total. */
      description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "%s, %" PRId64 " deal, %s",
                                                  "%s, %" PRId64 " deals, %s",
                                                  column->count),
                                     column->name, column->count, sum);
      gtk_accessible_update_property (GTK_ACCESSIBLE (column->widget),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                      -1);
      gtk_widget_set_tooltip_text (column->name_label, description);

    counted:
      if (column->kind == CRM_STAGE_OPEN)
        {
          open_count += column->count;
          open_total += column->total;
        }
    }

  total_text = crm_money_format (open_total, currency);
  /* Translators: above the board: how many deals are open, and their total. */
  open_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%" PRId64 " open deal · %s",
                                            "%" PRId64 " open deals · %s",
                                            open_count),
                               open_count, total_text);
  gtk_label_set_text (self->total_label, open_text);

  /* The counts change at once; the conversion of the period follows. */
  update_funnel_data (self);
}

static gboolean
headers_idle_cb (gpointer user_data)
{
  CrmDealBoard *self = user_data;

  self->headers_idle = 0;
  update_headers (self, FALSE);

  return G_SOURCE_REMOVE;
}

static void
column_items_changed_cb (GListModel *model,
                         guint       position,
                         guint       removed,
                         guint       added,
                         Column     *column)
{
  CrmDealBoard *self = column->board;

  /* A move is a removal from one column and an insertion into another:
   * the two headers are counted once, after both, and before the next
   * frame is drawn (redrawing waits for G_PRIORITY_HIGH_IDLE + 20). */
  column->dirty = TRUE;
  if (self->headers_idle == 0)
    self->headers_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE, headers_idle_cb, self, NULL);
}

/* Drop marker */

static void
clear_marker (Column *column)
{
  if (column->marked_row != NULL)
    {
      gtk_widget_remove_css_class (column->marked_row, "drop-before");
      gtk_widget_remove_css_class (column->marked_row, "drop-after");
      g_object_remove_weak_pointer (G_OBJECT (column->marked_row), (gpointer *)&column->marked_row);
      column->marked_row = NULL;
    }
  gtk_widget_remove_css_class (column->widget, "drop-hover");
}

static void
set_marker (Column     *column,
            GtkWidget  *row,
            const char *css_class)
{
  clear_marker (column);
  gtk_widget_add_css_class (column->widget, "drop-hover");
  if (row == NULL)
    return;

  column->marked_row = row;
  g_object_add_weak_pointer (G_OBJECT (row), (gpointer *)&column->marked_row);
  gtk_widget_add_css_class (row, css_class);
}

/* Where a card dropped at (x, y) of the column lands: the index in the
 * column's list it will have, with the rows of the cards on screen to
 * judge by. Above the middle of a card is before it; below, after it;
 * the header is the top; empty space below the cards is the end. */
static guint
drop_index (Column *column,
            double  x,
            double  y)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (column->deals));
  GtkWidget *picked;
  CrmDealCard *card;
  graphene_rect_t bounds;
  guint position;

  if (column->list_view == NULL || n == 0)
    return n;

  picked = gtk_widget_pick (column->widget, x, y, GTK_PICK_DEFAULT);
  card = picked != NULL ? card_from_widget (picked, column->widget) : NULL;

  if (card == NULL)
    {
      graphene_rect_t list_bounds;

      /* Above the list (the header) is the top of the column. */
      if (gtk_widget_compute_bounds (column->list_view, column->widget, &list_bounds) &&
          y < list_bounds.origin.y)
        return 0;
      return n;
    }

  position = card_position (card);
  if (position == GTK_INVALID_LIST_POSITION)
    return n;

  if (gtk_widget_compute_bounds (gtk_widget_get_parent (GTK_WIDGET (card)), column->widget, &bounds) &&
      y > bounds.origin.y + bounds.size.height / 2)
    position++;

  return MIN (position, n);
}

static void
show_marker (Column *column,
             guint   index)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (column->deals));
  CrmDealCard *card;

  if (column->list_view == NULL || n == 0)
    {
      set_marker (column, NULL, NULL);
      return;
    }

  if (index < n && (card = find_card (column, 0, index)) != NULL)
    set_marker (column, gtk_widget_get_parent (GTK_WIDGET (card)), "drop-before");
  else if (index >= n && (card = find_card (column, 0, n - 1)) != NULL)
    set_marker (column, gtk_widget_get_parent (GTK_WIDGET (card)), "drop-after");
  else
    set_marker (column, NULL, NULL);
}

static GdkDragAction
drop_motion_cb (GtkDropTarget *target,
                double         x,
                double         y,
                Column        *column)
{
  show_marker (column, drop_index (column, x, y));

  return GDK_ACTION_MOVE;
}

static void
drop_leave_cb (GtkDropTarget *target,
               Column        *column)
{
  clear_marker (column);
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         Column        *column)
{
  CrmDealBoard *self = column->board;
  gint64 deal_id;
  guint index;

  clear_marker (column);

  if (!G_VALUE_HOLDS_INT64 (value))
    return FALSE;

  deal_id = g_value_get_int64 (value);
  index = drop_index (column, x, y);
  request_move (self, deal_id, column->stage_id,
                item_id_at (G_LIST_MODEL (column->deals), index));

  return TRUE;
}

/* Cards */

static void
card_pressed_cb (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 CrmDealCard     *card);

static void
setup_card_cb (GtkListItemFactory *factory,
               GtkListItem        *list_item,
               CrmDealBoard       *self)
{
  CrmDealCard *card = crm_deal_card_new ();
  GtkGesture *gesture = gtk_gesture_click_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (card_pressed_cb), card);
  gtk_widget_add_controller (GTK_WIDGET (card), GTK_EVENT_CONTROLLER (gesture));

  g_object_set_data (G_OBJECT (card), "crm-list-item", list_item);
  gtk_list_item_set_child (list_item, GTK_WIDGET (card));
}

static void
bind_card_cb (GtkListItemFactory *factory,
              GtkListItem        *list_item,
              CrmDealBoard       *self)
{
  CrmDealCard *card = CRM_DEAL_CARD (gtk_list_item_get_child (list_item));

  crm_deal_card_set_deal (card, gtk_list_item_get_item (list_item));
}

static void
unbind_card_cb (GtkListItemFactory *factory,
                GtkListItem        *list_item,
                CrmDealBoard       *self)
{
  CrmDealCard *card = CRM_DEAL_CARD (gtk_list_item_get_child (list_item));

  crm_deal_card_set_deal (card, NULL);
}

static void
list_activate_cb (GtkListView *list_view,
                  guint        position,
                  Column      *column)
{
  gint64 deal_id = item_id_at (G_LIST_MODEL (column->deals), position);

  if (deal_id != 0)
    gtk_widget_activate_action (GTK_WIDGET (column->board), "win.open-deal", "x", deal_id);
}

/* Columns */

static void
color_bar_draw (GtkDrawingArea *area,
                cairo_t        *cr,
                int             width,
                int             height,
                gpointer        user_data)
{
  Column *column = user_data;
  double radius = height / 2.0;

  gdk_cairo_set_source_rgba (cr, &column->color);
  cairo_new_sub_path (cr);
  cairo_arc (cr, radius, radius, radius, G_PI / 2, 3 * G_PI / 2);
  cairo_arc (cr, width - radius, radius, radius, -G_PI / 2, G_PI / 2);
  cairo_close_path (cr);
  cairo_fill (cr);
}

static void
apply_column_filter (CrmDealBoard *self,
                     Column       *column)
{
  CrmDealFilter filter;

  crm_deal_filter_init (&filter);
  crm_deal_filter_copy (&self->filter, &filter);
  filter.pipeline_id = 0;
  filter.stage_id = column->stage_id;
  filter.open_only = FALSE;
  crm_deal_list_set_filter (column->deals, &filter);
  crm_deal_filter_clear (&filter);
}

/* GTK 4.8's list view builds up to two hundred rows whatever the height of
 * the window, so four columns of a large pipeline would make some eight
 * hundred cards before the board first shows. Each column offers its list
 * view only the first cards of its stage and more as the user scrolls near
 * their end; positions are the same in both, the shown cards being the
 * first ones. */
#define SHOWN_CARDS_STEP 40

static void
column_reveal (Column *column,
               guint   position)
{
  guint size = gtk_slice_list_model_get_size (column->shown);

  if (position < size)
    return;

  gtk_slice_list_model_set_size (column->shown, (position / SHOWN_CARDS_STEP + 2) * SHOWN_CARDS_STEP);
}

static void
column_scrolled_cb (GtkAdjustment *adjustment,
                    Column        *column)
{
  double value = gtk_adjustment_get_value (adjustment);
  double page = gtk_adjustment_get_page_size (adjustment);
  double upper = gtk_adjustment_get_upper (adjustment);
  guint size = gtk_slice_list_model_get_size (column->shown);

  /* Within a screen of the last shown card, show the next ones. */
  if (value + 2 * page >= upper &&
      size < g_list_model_get_n_items (G_LIST_MODEL (column->deals)))
    gtk_slice_list_model_set_size (column->shown, size + SHOWN_CARDS_STEP);
}

static Column *
column_new (CrmDealBoard *self,
            CrmStage     *stage)
{
  Column *column = g_new0 (Column, 1);
  GtkWidget *header, *title_row, *bar;

  column->board = self;
  column->stage_id = crm_stage_get_id (stage);
  column->kind = crm_stage_get_kind (stage);
  column->name = g_strdup (crm_stage_get_name (stage));
  if (!gdk_rgba_parse (&column->color, crm_stage_get_color (stage)))
    gdk_rgba_parse (&column->color, "#3584e4");

  /* The stage first: sorted by position before it is filtered, the list
   * would sort every deal of the file once. */
  column->deals = crm_deal_list_new (self->store);
  apply_column_filter (self, column);
  crm_deal_list_set_sort (column->deals, CRM_DEAL_SORT_POSITION, FALSE);
  g_signal_connect (column->deals, "items-changed",
                    G_CALLBACK (column_items_changed_cb), column);

  column->widget = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (column->widget, "board-column");
  gtk_widget_set_size_request (column->widget,
                               column->kind == CRM_STAGE_OPEN ? COLUMN_WIDTH : END_COLUMN_WIDTH, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (column->widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, column->name,
                                  -1);

  header = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_add_css_class (header, "board-column-header");

  bar = gtk_drawing_area_new ();
  gtk_widget_set_size_request (bar, -1, 4);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (bar), color_bar_draw, column, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (bar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Stage colour"),
                                  -1);
  gtk_box_append (GTK_BOX (header), bar);

  title_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  column->name_label = gtk_label_new (column->name);
  gtk_label_set_xalign (GTK_LABEL (column->name_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (column->name_label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (column->name_label, TRUE);
  gtk_widget_add_css_class (column->name_label, "heading");
  gtk_box_append (GTK_BOX (title_row), column->name_label);

  column->count_label = gtk_label_new ("0");
  gtk_widget_add_css_class (column->count_label, "board-count");
  gtk_widget_add_css_class (column->count_label, "numeric");
  gtk_box_append (GTK_BOX (title_row), column->count_label);
  gtk_box_append (GTK_BOX (header), title_row);

  column->sum_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (column->sum_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (column->sum_label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (column->sum_label, "dim-label");
  gtk_widget_add_css_class (column->sum_label, "numeric");
  gtk_box_append (GTK_BOX (header), column->sum_label);
  gtk_box_append (GTK_BOX (column->widget), header);

  if (column->kind == CRM_STAGE_OPEN)
    {
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
      GtkNoSelection *selection;
      GtkWidget *scroller = gtk_scrolled_window_new ();

      column->shown = gtk_slice_list_model_new (g_object_ref (G_LIST_MODEL (column->deals)),
                                                0, SHOWN_CARDS_STEP);
      selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (column->shown)));

      g_signal_connect (factory, "setup", G_CALLBACK (setup_card_cb), self);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_card_cb), self);
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_card_cb), self);

      /* The factory before the model: the other way round, GTK 4.8 would
       * build its rows twice. */
      column->list_view = gtk_list_view_new (NULL, g_object_ref (factory));
      gtk_list_view_set_model (GTK_LIST_VIEW (column->list_view), GTK_SELECTION_MODEL (selection));
      g_object_unref (selection);
      gtk_list_view_set_single_click_activate (GTK_LIST_VIEW (column->list_view), TRUE);
      gtk_widget_add_css_class (column->list_view, "board-list");
      gtk_accessible_update_property (GTK_ACCESSIBLE (column->list_view),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, column->name,
                                      -1);
      g_signal_connect (column->list_view, "activate", G_CALLBACK (list_activate_cb), column);

      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller),
                                      GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), column->list_view);
      column->vadjustment = g_object_ref (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller)));
      g_signal_connect (column->vadjustment, "value-changed", G_CALLBACK (column_scrolled_cb), column);
      g_signal_connect (column->vadjustment, "changed", G_CALLBACK (column_scrolled_cb), column);
      gtk_widget_set_vexpand (scroller, TRUE);
      gtk_box_append (GTK_BOX (column->widget), scroller);
    }
  else
    {
      GtkWidget *zone = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *icon = gtk_image_new_from_icon_name (column->kind == CRM_STAGE_WON
                                                      ? "object-select-symbolic"
                                                      : "window-close-symbolic");
      GtkWidget *label = gtk_label_new (column->kind == CRM_STAGE_WON
                                        ? _("Drop a deal here when it is won")
                                        : _("Drop a deal here when it is lost"));

      gtk_image_set_pixel_size (GTK_IMAGE (icon), 32);
      gtk_widget_add_css_class (icon, "dim-label");
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_valign (zone, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (zone), icon);
      gtk_box_append (GTK_BOX (zone), label);

      {
        GtkWidget *frame = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

        gtk_widget_add_css_class (frame, "board-drop-zone");
        gtk_widget_add_css_class (column->widget, column->kind == CRM_STAGE_WON ? "won" : "lost");
        gtk_widget_set_vexpand (frame, TRUE);
        gtk_box_append (GTK_BOX (frame), zone);
        gtk_box_append (GTK_BOX (column->widget), frame);
      }
    }

  column->drop_target = gtk_drop_target_new (G_TYPE_INT64, GDK_ACTION_MOVE);
  g_signal_connect (column->drop_target, "motion", G_CALLBACK (drop_motion_cb), column);
  g_signal_connect (column->drop_target, "enter", G_CALLBACK (drop_motion_cb), column);
  g_signal_connect (column->drop_target, "leave", G_CALLBACK (drop_leave_cb), column);
  g_signal_connect (column->drop_target, "drop", G_CALLBACK (drop_cb), column);
  gtk_widget_add_controller (column->widget, GTK_EVENT_CONTROLLER (column->drop_target));

  return column;
}

static void
clear_columns (CrmDealBoard *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->columns_box))) != NULL)
    gtk_box_remove (self->columns_box, child);

  for (guint i = 0; i < self->columns->len; i++)
    {
      Column *column = g_ptr_array_index (self->columns, i);

      g_signal_handlers_disconnect_by_func (column->deals, column_items_changed_cb, column);
    }
  g_ptr_array_set_size (self->columns, 0);
}

static char *
stage_signature (GPtrArray *stages)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; stages != NULL && i < stages->len; i++)
    {
      CrmStage *stage = g_ptr_array_index (stages, i);

      g_string_append_printf (text, "%" G_GINT64_FORMAT "\x1f%s\x1f%s\x1f%d\x1e",
                              crm_stage_get_id (stage), crm_stage_get_name (stage),
                              crm_stage_get_color (stage), (int)crm_stage_get_kind (stage));
    }

  return g_string_free (text, FALSE);
}

/* Builds the columns again when the pipeline's stages differ from the
 * ones shown (another pipeline, a stage added, renamed, recoloured,
 * reordered or deleted); otherwise leaves them, with their scroll and
 * focus, as they are. */
static void
load_stages (CrmDealBoard *self,
             gboolean      force)
{
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *signature = NULL;

  if (self->pipeline_id == 0)
    {
      clear_columns (self);
      g_clear_pointer (&self->stage_signature, g_free);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      refresh_funnel (self);
      gtk_label_set_text (self->total_label, "");
      return;
    }

  stages = crm_store_list_stages (self->store, self->pipeline_id, &error);
  if (stages == NULL)
    {
      show_error (self, error);
      return;
    }

  signature = stage_signature (stages);
  if (!force && g_strcmp0 (signature, self->stage_signature) == 0)
    return;

  clear_columns (self);
  g_free (self->stage_signature);
  self->stage_signature = g_steal_pointer (&signature);

  for (guint i = 0; i < stages->len; i++)
    {
      Column *column = column_new (self, g_ptr_array_index (stages, i));

      g_ptr_array_add (self->columns, column);
      gtk_box_append (self->columns_box, column->widget);
    }

  gtk_stack_set_visible_child_name (self->stack, "columns");
  update_headers (self, TRUE);
}

/* Pipelines */

static void
load_pipelines (CrmDealBoard *self)
{
  g_autoptr(GPtrArray) pipelines = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  guint selected = GTK_INVALID_LIST_POSITION;

  pipelines = crm_store_list_pipelines (self->store, &error);
  if (pipelines == NULL)
    {
      show_error (self, error);
      return;
    }

  self->updating_pipelines = TRUE;
  g_array_set_size (self->pipeline_ids, 0);
  for (guint i = 0; i < pipelines->len; i++)
    {
      CrmPipeline *pipeline = g_ptr_array_index (pipelines, i);
      gint64 id = crm_pipeline_get_id (pipeline);

      g_array_append_val (self->pipeline_ids, id);
      g_ptr_array_add (names, (gpointer)crm_pipeline_get_name (pipeline));
      if (id == self->pipeline_id)
        selected = i;
    }
  g_ptr_array_add (names, NULL);

  gtk_string_list_splice (self->pipeline_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->pipeline_names)),
                          (const char * const *)names->pdata);

  /* A pipeline that is gone gives way to the first one. */
  if (selected == GTK_INVALID_LIST_POSITION)
    {
      self->pipeline_id = self->pipeline_ids->len > 0 ? g_array_index (self->pipeline_ids, gint64, 0) : 0;
      selected = self->pipeline_ids->len > 0 ? 0 : GTK_INVALID_LIST_POSITION;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PIPELINE_ID]);
    }
  gtk_drop_down_set_selected (self->pipeline_dropdown, selected);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "board.edit-stages", self->pipeline_id != 0);
  self->updating_pipelines = FALSE;
}

static void
pipeline_selected_cb (CrmDealBoard *self)
{
  guint selected;

  if (self->updating_pipelines)
    return;

  selected = gtk_drop_down_get_selected (self->pipeline_dropdown);
  if (selected < self->pipeline_ids->len)
    crm_deal_board_set_pipeline (self, g_array_index (self->pipeline_ids, gint64, selected));
}

static void
period_changed_cb (CrmDealBoard *self)
{
  if (self->store != NULL)
    refresh_funnel (self);
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  CrmDealBoard *self = user_data;

  self->refresh_idle = 0;
  load_pipelines (self);
  load_stages (self, FALSE);

  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (CrmDealBoard  *self,
                  int            kind,
                  gint64         id)
{
  switch ((CrmEntityKind)kind)
    {
    case CRM_ENTITY_ANY:
    case CRM_ENTITY_PIPELINE:
    case CRM_ENTITY_STAGE:
      /* The lists follow by themselves; the columns follow the stages. */
      if (self->refresh_idle == 0)
        self->refresh_idle = g_idle_add (refresh_idle_cb, self);
      queue_funnel (self);
      break;

    case CRM_ENTITY_DEAL:
      queue_funnel (self);
      break;

    case CRM_ENTITY_USER:
    case CRM_ENTITY_CONTACT:
    case CRM_ENTITY_ACTIVITY:
    case CRM_ENTITY_REMINDER:
    case CRM_ENTITY_ATTACHMENT:
    default:
      break;
    }
}

/* Focus */

static gboolean
try_focus (CrmDealBoard *self)
{
  gint64 position = -1;
  Column *column = find_column_of_deal (self, self->focus_deal_id, &position);
  CrmDealCard *card;

  if (column == NULL || column->list_view == NULL)
    return TRUE;  /* nothing to wait for */

  card = find_card (column, self->focus_deal_id, 0);
  if (card == NULL)
    {
      column_reveal (column, (guint)position);
      gtk_widget_activate_action (column->list_view, "list.scroll-to-item", "u", (guint)position);
      return FALSE;
    }

  /* A row that is not laid out yet cannot take the focus. */
  return gtk_widget_get_mapped (GTK_WIDGET (card)) &&
         gtk_widget_grab_focus (gtk_widget_get_parent (GTK_WIDGET (card)));
}

static gboolean
focus_tick_cb (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       user_data)
{
  CrmDealBoard *self = CRM_DEAL_BOARD (widget);

  /* The rows of a place scrolled to are built at the next layout. */
  if (!try_focus (self) && ++self->focus_tries < FOCUS_TRIES)
    return G_SOURCE_CONTINUE;

  self->focus_tick = 0;
  return G_SOURCE_REMOVE;
}

/* Undo */

static void
update_undo_action (CrmDealBoard *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "board.undo", self->undo->len > 0);
}

static void
undo_toast_clicked_cb (AdwToast     *toast,
                       CrmDealBoard *self)
{
  g_autoptr(GError) error = NULL;

  if (!crm_deal_board_undo (self, &error) && error != NULL)
    show_error (self, error);
}

static void
show_move_toast (CrmDealBoard *self,
                 const char   *title,
                 const char   *stage_name)
{
  g_autofree char *text = NULL;
  AdwToast *toast;

  /* Translators: a toast after a deal was moved on the board. */
  text = g_strdup_printf (_("“%s” moved to %s"), title, stage_name);
  toast = adw_toast_new (text);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_toast_clicked_cb), self, 0);

  /* The toast undoes the last move; an older one would undo the wrong one. */
  if (self->undo_toast != NULL)
    {
      adw_toast_dismiss (self->undo_toast);
      g_object_remove_weak_pointer (G_OBJECT (self->undo_toast), (gpointer *)&self->undo_toast);
    }
  self->undo_toast = toast;
  g_object_add_weak_pointer (G_OBJECT (toast), (gpointer *)&self->undo_toast);

  crm_window_toast (GTK_WIDGET (self), toast);
}

/* Moves the deal back; the deal that followed it may have gone since, then
 * it goes to the end of its old stage. */
static gboolean
restore_move (CrmDealBoard    *self,
              const UndoEntry *entry,
              gint64           before_id,
              GError         **error)
{
  if (!entry->reason_changed)
    return crm_store_move_deal (self->store, entry->deal_id, entry->from_stage_id, before_id, error);

  if (!crm_store_begin (self->store, error))
    return FALSE;

  {
    g_autoptr(CrmDeal) deal = crm_store_get_deal (self->store, entry->deal_id, error);

    if (deal == NULL)
      goto failed;

    crm_deal_set_lost_reason (deal, entry->old_reason);
    if (!crm_store_update_deal (self->store, deal, error) ||
        !crm_store_move_deal (self->store, entry->deal_id, entry->from_stage_id, before_id, error))
      goto failed;
  }

  return crm_store_commit (self->store, error);

failed:
  crm_store_rollback (self->store);
  return FALSE;
}

/* Moves */

static gint64
next_deal_in_column (CrmDealBoard *self,
                     gint64        stage_id,
                     gint64        deal_id)
{
  Column *column = find_column (self, stage_id);
  gint64 position;

  if (column == NULL)
    return 0;

  position = crm_deal_list_find (column->deals, deal_id);
  if (position < 0)
    return 0;

  return item_id_at (G_LIST_MODEL (column->deals), (guint)position + 1);
}

typedef struct
{
  CrmDealBoard *board;
  gint64        deal_id;
  gint64        stage_id;
  gint64        before_id;
  GtkWidget    *entry;
  GtkWidget    *other_check;
  GtkWidget    *list_box;
  GSList       *checks;
} LostRequest;

static void
lost_request_free (LostRequest *request)
{
  g_clear_object (&request->board);
  g_slist_free (request->checks);
  g_free (request);
}

static char *
lost_dialog_dup_reason (LostRequest *request)
{
  for (GSList *l = request->checks; l != NULL; l = l->next)
    {
      if (gtk_check_button_get_active (l->data))
        return g_strdup (g_object_get_data (l->data, "crm-reason"));
    }

  if (gtk_check_button_get_active (GTK_CHECK_BUTTON (request->other_check)))
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (request->entry));
      g_autofree char *clean = g_strstrip (g_strdup (text));

      if (*clean != '\0')
        return g_steal_pointer (&clean);
    }

  return NULL;
}

static void
lost_dialog_update (AdwMessageDialog *dialog,
                    LostRequest      *request)
{
  g_autofree char *reason = lost_dialog_dup_reason (request);

  adw_message_dialog_set_response_enabled (dialog, "lost", reason != NULL);
}

/* Typing another reason picks "Other". */
static void
lost_entry_changed_cb (GtkEditable      *entry,
                       AdwMessageDialog *dialog)
{
  LostRequest *request = g_object_get_data (G_OBJECT (dialog), "crm-request");

  if (*gtk_editable_get_text (entry) != '\0')
    gtk_check_button_set_active (GTK_CHECK_BUTTON (request->other_check), TRUE);
  lost_dialog_update (dialog, request);
}

static void
lost_check_toggled_cb (GtkCheckButton   *check,
                       AdwMessageDialog *dialog)
{
  lost_dialog_update (dialog, g_object_get_data (G_OBJECT (dialog), "crm-request"));
}

/* Takes a reason off the list the dialog offers, for this and later
 * drops: the list is edited where it is used. */
static void
remove_reason_clicked_cb (GtkButton        *button,
                          AdwMessageDialog *dialog)
{
  LostRequest *request = g_object_get_data (G_OBJECT (dialog), "crm-request");
  GtkWidget *check = g_object_get_data (G_OBJECT (button), "crm-check");
  const char *reason = g_object_get_data (G_OBJECT (check), "crm-reason");
  g_auto(GStrv) reasons = crm_store_list_lost_reasons (request->board->store);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) kept = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; reasons[i] != NULL; i++)
    {
      if (g_strcmp0 (reasons[i], reason) != 0)
        g_strv_builder_add (builder, reasons[i]);
    }
  kept = g_strv_builder_end (builder);

  if (!crm_store_set_lost_reasons (request->board->store, (const char * const *)kept, &error))
    {
      show_error (request->board, error);
      return;
    }

  if (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)))
    gtk_check_button_set_active (GTK_CHECK_BUTTON (request->other_check), TRUE);
  request->checks = g_slist_remove (request->checks, check);
  gtk_list_box_remove (GTK_LIST_BOX (request->list_box),
                       gtk_widget_get_ancestor (check, GTK_TYPE_LIST_BOX_ROW));
  lost_dialog_update (dialog, request);
}

static void
remember_reason (CrmDealBoard *self,
                 const char   *reason)
{
  g_auto(GStrv) reasons = crm_store_list_lost_reasons (self->store);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) all = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strv_contains ((const char * const *)reasons, reason))
    return;

  g_strv_builder_addv (builder, (const char **)reasons);
  g_strv_builder_add (builder, reason);
  all = g_strv_builder_end (builder);
  if (!crm_store_set_lost_reasons (self->store, (const char * const *)all, &error))
    show_error (self, error);
}

static void
lost_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  LostRequest      *request)
{
  g_autofree char *reason = NULL;
  g_autoptr(GError) error = NULL;
  CrmDealBoard *self = request->board;

  if (g_strcmp0 (response, "lost") != 0)
    return;

  reason = lost_dialog_dup_reason (request);
  if (reason == NULL)
    return;

  /* A reason typed in is offered next time too. */
  if (gtk_check_button_get_active (GTK_CHECK_BUTTON (request->other_check)))
    remember_reason (self, reason);

  if (!crm_deal_board_move_deal (self, request->deal_id, request->stage_id,
                                 request->before_id, reason, &error))
    show_error (self, error);
}

static void
ask_lost_reason (CrmDealBoard *self,
                 gint64        deal_id,
                 gint64        stage_id,
                 gint64        before_id)
{
  g_autoptr(CrmDeal) deal = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) reasons = NULL;
  LostRequest *request;
  GtkWidget *dialog, *box, *list_box, *other_row, *other_box;
  GtkCheckButton *group = NULL;

  deal = crm_store_get_deal (self->store, deal_id, &error);
  if (deal == NULL)
    {
      show_error (self, error);
      return;
    }

  request = g_new0 (LostRequest, 1);
  request->board = g_object_ref (self);
  request->deal_id = deal_id;
  request->stage_id = stage_id;
  request->before_id = before_id;

  dialog = adw_message_dialog_new (get_window (self), _("Why Was the Deal Lost?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  /* Translators: %s is the title of a deal. */
                                  _("“%s” will be marked as lost. The reason is kept with the deal."),
                                  crm_deal_get_title (deal));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "lost", _("_Mark as Lost"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "lost",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "lost");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  list_box = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list_box), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list_box, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Lost reason"),
                                  -1);
  request->list_box = list_box;

  reasons = crm_store_list_lost_reasons (self->store);
  for (guint i = 0; reasons[i] != NULL; i++)
    {
      GtkWidget *row_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *check = gtk_check_button_new_with_label (reasons[i]);
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      g_autofree char *remove_label = g_strdup_printf (_("Remove “%s” From the List"), reasons[i]);

      g_object_set_data_full (G_OBJECT (check), "crm-reason", g_strdup (reasons[i]), g_free);
      gtk_widget_set_hexpand (check, TRUE);
      if (group != NULL)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
      else
        group = GTK_CHECK_BUTTON (check);
      if (i == 0)
        gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      g_signal_connect (check, "toggled", G_CALLBACK (lost_check_toggled_cb), dialog);

      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, remove_label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label,
                                      -1);
      g_object_set_data (G_OBJECT (remove), "crm-check", check);
      g_signal_connect (remove, "clicked", G_CALLBACK (remove_reason_clicked_cb), dialog);

      gtk_box_append (GTK_BOX (row_box), check);
      gtk_box_append (GTK_BOX (row_box), remove);
      gtk_widget_set_margin_start (row_box, 6);
      gtk_widget_set_margin_end (row_box, 6);
      gtk_list_box_append (GTK_LIST_BOX (list_box), row_box);
      request->checks = g_slist_append (request->checks, check);
    }

  other_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  request->other_check = gtk_check_button_new_with_mnemonic (_("_Other:"));
  if (group != NULL)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (request->other_check), group);
  else
    gtk_check_button_set_active (GTK_CHECK_BUTTON (request->other_check), TRUE);
  g_signal_connect (request->other_check, "toggled", G_CALLBACK (lost_check_toggled_cb), dialog);
  request->entry = gtk_entry_new ();
  gtk_widget_set_hexpand (request->entry, TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (request->entry), _("Another reason"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (request->entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Another reason"),
                                  -1);
  gtk_entry_set_activates_default (GTK_ENTRY (request->entry), TRUE);
  g_signal_connect (request->entry, "changed", G_CALLBACK (lost_entry_changed_cb), dialog);
  gtk_box_append (GTK_BOX (other_box), request->other_check);
  gtk_box_append (GTK_BOX (other_box), request->entry);
  gtk_widget_set_margin_start (other_box, 6);
  gtk_widget_set_margin_end (other_box, 6);
  gtk_widget_set_margin_top (other_box, 6);
  gtk_widget_set_margin_bottom (other_box, 6);
  other_row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (other_row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (other_row), other_box);
  gtk_list_box_append (GTK_LIST_BOX (list_box), other_row);

  gtk_box_append (GTK_BOX (box), list_box);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);

  g_object_set_data_full (G_OBJECT (dialog), "crm-request", request, (GDestroyNotify)lost_request_free);
  g_signal_connect (dialog, "response", G_CALLBACK (lost_response_cb), request);
  lost_dialog_update (ADW_MESSAGE_DIALOG (dialog), request);

  gtk_window_present (GTK_WINDOW (dialog));
}

/* What every way of moving a card ends in: a drop on a lost stage asks
 * for the reason first, anything else moves at once. */
static void
request_move (CrmDealBoard *self,
              gint64        deal_id,
              gint64        stage_id,
              gint64        before_id)
{
  g_autoptr(GError) error = NULL;
  Column *column = find_column (self, stage_id);

  if (column != NULL && column->kind == CRM_STAGE_LOST)
    {
      g_autoptr(CrmDeal) deal = crm_store_get_deal (self->store, deal_id, NULL);

      /* Already lost: only its place changes, no new reason. */
      if (deal == NULL || crm_deal_get_stage_id (deal) != stage_id)
        {
          ask_lost_reason (self, deal_id, stage_id, before_id);
          return;
        }
    }

  if (!crm_deal_board_move_deal (self, deal_id, stage_id, before_id, NULL, &error))
    show_error (self, error);
}

/* Actions */

static void
move_by (CrmDealBoard *self,
         int           stage_step,
         int           place_step)
{
  gint64 deal_id = get_target_deal (self);
  gint64 position = -1;
  Column *column;
  int index;

  if (deal_id == 0)
    return;

  column = find_column_of_deal (self, deal_id, &position);
  if (column == NULL)
    return;

  if (stage_step != 0)
    {
      index = column_index (self, column->stage_id) + stage_step;
      if (index < 0 || index >= (int)self->columns->len)
        {
          gtk_widget_error_bell (GTK_WIDGET (self));
          return;
        }
      request_move (self, deal_id, ((Column *)g_ptr_array_index (self->columns, index))->stage_id, 0);
    }
  else
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (column->deals));
      gint64 before_id;

      if ((place_step < 0 && position == 0) || (place_step > 0 && position + 1 >= n))
        {
          gtk_widget_error_bell (GTK_WIDGET (self));
          return;
        }

      /* Up: before the one above. Down: before the one after the next. */
      before_id = place_step < 0
                  ? item_id_at (G_LIST_MODEL (column->deals), (guint)position - 1)
                  : item_id_at (G_LIST_MODEL (column->deals), (guint)position + 2);
      request_move (self, deal_id, column->stage_id, before_id);
    }

  /* The card is in another row now, maybe another column. */
  if (self->menu_deal_id == 0)
    crm_deal_board_focus_deal (self, deal_id);
}

static void
move_next_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  move_by (CRM_DEAL_BOARD (widget), 1, 0);
}

static void
move_previous_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  move_by (CRM_DEAL_BOARD (widget), -1, 0);
}

static void
move_up_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  move_by (CRM_DEAL_BOARD (widget), 0, -1);
}

static void
move_down_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  move_by (CRM_DEAL_BOARD (widget), 0, 1);
}

static void
move_to_stage_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CrmDealBoard *self = CRM_DEAL_BOARD (widget);
  gint64 deal_id = get_target_deal (self);

  if (deal_id == 0)
    return;

  request_move (self, deal_id, g_variant_get_int64 (parameter), 0);
  if (self->menu_deal_id == 0)
    crm_deal_board_focus_deal (self, deal_id);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CrmDealBoard *self = CRM_DEAL_BOARD (widget);
  gint64 deal_id = get_target_deal (self);

  if (deal_id != 0)
    gtk_widget_activate_action (widget, "win.open-deal", "x", deal_id);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CrmDealBoard *self = CRM_DEAL_BOARD (widget);
  g_autoptr(GError) error = NULL;

  if (!crm_deal_board_undo (self, &error) && error != NULL)
    show_error (self, error);
}

static GMenuModel *
build_context_menu (CrmDealBoard *self,
                    gint64        deal_id)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) open = g_menu_new ();
  g_autoptr(GMenu) move = g_menu_new ();
  g_autoptr(GMenu) stages = g_menu_new ();
  g_autoptr(GMenu) order = g_menu_new ();
  gint64 position = -1;
  Column *current = find_column_of_deal (self, deal_id, &position);
  struct {
    GMenu      *section;
    const char *label;
    const char *action;
    const char *accel;
  } items[] = {
    { open, N_("_Open"), "board.open", "Return" },
    { move, N_("Move to _Next Stage"), "board.move-next", "<Control>Right" },
    { move, N_("Move to _Previous Stage"), "board.move-previous", "<Control>Left" },
    { order, N_("Move _Up"), "board.move-up", "<Control>Up" },
    { order, N_("Move _Down"), "board.move-down", "<Control>Down" },
  };

  for (guint i = 0; i < self->columns->len; i++)
    {
      Column *column = g_ptr_array_index (self->columns, i);
      g_autofree char *label = escape_mnemonics (column->name);
      g_autoptr(GMenuItem) item = NULL;

      if (column == current)
        continue;

      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target_value (item, "board.move-to-stage",
                                               g_variant_new_int64 (column->stage_id));
      g_menu_append_item (stages, item);
    }

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_(items[i].label), items[i].action);

      g_menu_item_set_attribute (item, "accel", "s", items[i].accel);
      g_menu_append_item (items[i].section, item);
      if (i == 0)
        g_menu_append_submenu (move, _("Move to _Stage"), G_MENU_MODEL (stages));
    }

  g_menu_append_section (menu, NULL, G_MENU_MODEL (open));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (move));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (order));

  return G_MENU_MODEL (g_steal_pointer (&menu));
}

static void
popup_context_menu (CrmDealBoard *self,
                    CrmDealCard  *card,
                    double        x,
                    double        y)
{
  g_autoptr(GMenuModel) model = NULL;
  graphene_point_t point;
  gint64 deal_id = crm_deal_card_get_deal_id (card);

  if (deal_id == 0)
    return;

  g_clear_handle_id (&self->clear_menu_idle, g_source_remove);
  self->menu_deal_id = deal_id;

  model = build_context_menu (self, deal_id);
  gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->context_menu), model);
  if (!gtk_widget_compute_point (GTK_WIDGET (card), GTK_WIDGET (self),
                                 &GRAPHENE_POINT_INIT (x, y), &point))
    point = GRAPHENE_POINT_INIT (0, 0);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu),
                               &(GdkRectangle) { (int)point.x, (int)point.y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->context_menu));
}

static void
card_pressed_cb (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 CrmDealCard     *card)
{
  CrmDealBoard *self = CRM_DEAL_BOARD (gtk_widget_get_ancestor (GTK_WIDGET (card), CRM_TYPE_DEAL_BOARD));

  if (self == NULL)
    return;

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_widget_grab_focus (gtk_widget_get_parent (GTK_WIDGET (card)));
  popup_context_menu (self, card, x, y);
}

static void
context_menu_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CrmDealBoard *self = CRM_DEAL_BOARD (widget);
  CrmDealCard *card = get_focused_card (self);

  if (card != NULL)
    popup_context_menu (self, card,
                        gtk_widget_get_width (GTK_WIDGET (card)) / 2.0,
                        gtk_widget_get_height (GTK_WIDGET (card)) / 2.0);
}

static gboolean
clear_menu_idle_cb (gpointer user_data)
{
  CrmDealBoard *self = user_data;
  gint64 deal_id = self->menu_deal_id;

  self->clear_menu_idle = 0;
  self->menu_deal_id = 0;

  /* Back to the card, wherever its move put it. */
  if (deal_id != 0)
    crm_deal_board_focus_deal (self, deal_id);

  return G_SOURCE_REMOVE;
}

static void
context_menu_closed_cb (CrmDealBoard *self)
{
  /* The menu closes before its action runs; the action still needs to
   * know which card the menu was for. */
  g_clear_handle_id (&self->clear_menu_idle, g_source_remove);
  self->clear_menu_idle = g_idle_add (clear_menu_idle_cb, self);
}

static gboolean
shortcut_cb (GtkWidget *widget,
             GVariant  *args,
             gpointer   user_data)
{
  CrmDealBoard *self = CRM_DEAL_BOARD (widget);
  const char *action = user_data;

  /* Without a card in focus the keys keep their usual meaning. */
  if (get_focused_card (self) == NULL)
    return FALSE;

  return gtk_widget_activate_action (widget, action, NULL);
}

static void
new_pipeline_response_cb (AdwMessageDialog *dialog,
                          const char       *response,
                          CrmDealBoard     *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "crm-entry");
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (g_strcmp0 (response, "create") != 0)
    return;

  id = crm_store_add_pipeline (self->store, gtk_editable_get_text (entry), &error);
  if (id == 0)
    {
      show_error (self, error);
      return;
    }

  load_pipelines (self);
  crm_deal_board_set_pipeline (self, id);
}

static void
new_pipeline_name_changed_cb (GtkEditable      *entry,
                              AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "create", *text != '\0');
}

static void
new_pipeline_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CrmDealBoard *self = CRM_DEAL_BOARD (widget);
  GtkWidget *dialog, *entry;

  dialog = adw_message_dialog_new (get_window (self), _("New Pipeline"),
                                   _("A pipeline starts with the stages New, Won and Lost; "
                                     "add your own with Edit Stages."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "create", _("C_reate"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "create",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "create");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "create", FALSE);

  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Name, such as “Salon visits”"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Pipeline name"),
                                  -1);
  g_signal_connect (entry, "changed", G_CALLBACK (new_pipeline_name_changed_cb), dialog);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  g_object_set_data (G_OBJECT (dialog), "crm-entry", entry);

  g_signal_connect_object (dialog, "response", G_CALLBACK (new_pipeline_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
edit_stages_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CrmDealBoard *self = CRM_DEAL_BOARD (widget);
  CrmStageEditor *editor;

  if (self->pipeline_id == 0)
    return;

  editor = crm_stage_editor_new (get_window (self), self->store, self->pipeline_id);
  gtk_window_present (GTK_WINDOW (editor));
}

/* GObject */

static void
crm_deal_board_constructed (GObject *object)
{
  CrmDealBoard *self = (CrmDealBoard *)object;
  g_autoptr(GError) error = NULL;

  G_OBJECT_CLASS (crm_deal_board_parent_class)->constructed (object);

  g_assert (CRM_IS_STORE (self->store));

  if (self->pipeline_id == 0)
    self->pipeline_id = crm_store_get_default_pipeline (self->store, NULL);

  load_pipelines (self);
  load_stages (self, TRUE);
  update_undo_action (self);

  /* The conversion is counted when the board is first shown. */
  self->funnel_stale = TRUE;

  g_signal_connect_object (self->store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
crm_deal_board_dispose (GObject *object)
{
  CrmDealBoard *self = (CrmDealBoard *)object;

  g_clear_handle_id (&self->headers_idle, g_source_remove);
  g_clear_handle_id (&self->refresh_idle, g_source_remove);
  cancel_funnel (self);
  g_clear_handle_id (&self->clear_menu_idle, g_source_remove);
  if (self->focus_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->focus_tick);
  self->focus_tick = 0;
  if (self->undo_toast != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->undo_toast), (gpointer *)&self->undo_toast);
  self->undo_toast = NULL;

  if (self->columns != NULL)
    clear_columns (self);
  g_clear_pointer (&self->context_menu, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_DEAL_BOARD);

  G_OBJECT_CLASS (crm_deal_board_parent_class)->dispose (object);
}

static void
crm_deal_board_finalize (GObject *object)
{
  CrmDealBoard *self = (CrmDealBoard *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->pipeline_names);
  g_clear_pointer (&self->columns, g_ptr_array_unref);
  g_clear_pointer (&self->pipeline_ids, g_array_unref);
  g_clear_pointer (&self->undo, g_array_unref);
  g_clear_pointer (&self->conversion, g_array_unref);
  g_clear_pointer (&self->stage_signature, g_free);
  crm_deal_filter_clear (&self->filter);

  G_OBJECT_CLASS (crm_deal_board_parent_class)->finalize (object);
}

static void
crm_deal_board_map (GtkWidget *widget)
{
  CrmDealBoard *self = CRM_DEAL_BOARD (widget);

  GTK_WIDGET_CLASS (crm_deal_board_parent_class)->map (widget);

  if (self->funnel_stale)
    schedule_funnel (self, 0);
}

static void
crm_deal_board_unmap (GtkWidget *widget)
{
  CrmDealBoard *self = CRM_DEAL_BOARD (widget);

  /* Figures nobody sees are not counted; they are when the board comes
   * back. */
  if (self->funnel_source != 0 || self->funnel_cancellable != NULL)
    self->funnel_stale = TRUE;
  cancel_funnel (self);
  update_funnel_busy (self);

  GTK_WIDGET_CLASS (crm_deal_board_parent_class)->unmap (widget);
}

static void
crm_deal_board_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CrmDealBoard *self = CRM_DEAL_BOARD (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_PIPELINE_ID:
      g_value_set_int64 (value, self->pipeline_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_deal_board_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CrmDealBoard *self = CRM_DEAL_BOARD (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_PIPELINE_ID:
      if (self->store == NULL || self->columns == NULL)
        self->pipeline_id = g_value_get_int64 (value);
      else
        crm_deal_board_set_pipeline (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
add_shortcut (GtkEventController *controller,
              guint               keyval,
              GdkModifierType     modifiers,
              const char         *action)
{
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (keyval, modifiers),
                                                          gtk_callback_action_new (shortcut_cb,
                                                                                   (gpointer)action,
                                                                                   NULL)));
}

static void
crm_deal_board_class_init (CrmDealBoardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = crm_deal_board_constructed;
  object_class->dispose = crm_deal_board_dispose;
  object_class->finalize = crm_deal_board_finalize;
  object_class->get_property = crm_deal_board_get_property;
  object_class->set_property = crm_deal_board_set_property;
  widget_class->map = crm_deal_board_map;
  widget_class->unmap = crm_deal_board_unmap;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         CRM_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PIPELINE_ID] =
    g_param_spec_int64 ("pipeline-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CRM_TYPE_FUNNEL_STRIP);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/crm-deal-board.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmDealBoard, pipeline_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CrmDealBoard, pipeline_menu_button);
  gtk_widget_class_bind_template_child (widget_class, CrmDealBoard, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CrmDealBoard, total_label);
  gtk_widget_class_bind_template_child (widget_class, CrmDealBoard, funnel);
  gtk_widget_class_bind_template_child (widget_class, CrmDealBoard, stack);
  gtk_widget_class_bind_template_child (widget_class, CrmDealBoard, board_scroller);
  gtk_widget_class_bind_template_child (widget_class, CrmDealBoard, columns_box);
  gtk_widget_class_bind_template_callback (widget_class, pipeline_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, period_changed_cb);

  gtk_widget_class_install_action (widget_class, "board.move-next", NULL, move_next_action);
  gtk_widget_class_install_action (widget_class, "board.move-previous", NULL, move_previous_action);
  gtk_widget_class_install_action (widget_class, "board.move-up", NULL, move_up_action);
  gtk_widget_class_install_action (widget_class, "board.move-down", NULL, move_down_action);
  gtk_widget_class_install_action (widget_class, "board.move-to-stage", "x", move_to_stage_action);
  gtk_widget_class_install_action (widget_class, "board.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "board.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "board.context-menu", NULL, context_menu_action);
  gtk_widget_class_install_action (widget_class, "board.new-pipeline", NULL, new_pipeline_action);
  gtk_widget_class_install_action (widget_class, "board.edit-stages", NULL, edit_stages_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "board.undo", NULL);
}

static void
crm_deal_board_init (CrmDealBoard *self)
{
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));

  crm_deal_filter_init (&self->filter);
  self->columns = g_ptr_array_new_with_free_func ((GDestroyNotify)column_free);
  self->pipeline_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->undo = g_array_new (FALSE, TRUE, sizeof (UndoEntry));
  g_array_set_clear_func (self->undo, (GDestroyNotify)undo_entry_clear);
  self->pipeline_names = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->pipeline_dropdown, G_LIST_MODEL (self->pipeline_names));

  /* Ctrl+arrows would move the focus inside a list; on a card they move
   * the card, so the board hears them first. */
  controller = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  add_shortcut (controller, GDK_KEY_Right, GDK_CONTROL_MASK, "board.move-next");
  add_shortcut (controller, GDK_KEY_Left, GDK_CONTROL_MASK, "board.move-previous");
  add_shortcut (controller, GDK_KEY_Up, GDK_CONTROL_MASK, "board.move-up");
  add_shortcut (controller, GDK_KEY_Down, GDK_CONTROL_MASK, "board.move-down");
  add_shortcut (controller, GDK_KEY_Menu, 0, "board.context-menu");
  add_shortcut (controller, GDK_KEY_F10, GDK_SHIFT_MASK, "board.context-menu");
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  self->context_menu = gtk_popover_menu_new_from_model (NULL);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
  gtk_widget_set_halign (self->context_menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->context_menu, GTK_WIDGET (self));
  g_signal_connect_object (self->context_menu, "closed",
                           G_CALLBACK (context_menu_closed_cb), self, G_CONNECT_SWAPPED);
}

/* Public */

/**
 * crm_deal_board_new:
 * @store: the store to show the deals of
 *
 * Returns: (transfer floating): a board of the default pipeline
 */
CrmDealBoard *
crm_deal_board_new (CrmStore *store)
{
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);

  return g_object_new (CRM_TYPE_DEAL_BOARD, "store", store, NULL);
}

CrmStore *
crm_deal_board_get_store (CrmDealBoard *self)
{
  g_return_val_if_fail (CRM_IS_DEAL_BOARD (self), NULL);

  return self->store;
}

gint64
crm_deal_board_get_pipeline (CrmDealBoard *self)
{
  g_return_val_if_fail (CRM_IS_DEAL_BOARD (self), 0);

  return self->pipeline_id;
}

/**
 * crm_deal_board_set_pipeline:
 * @self: a board
 * @pipeline_id: the pipeline whose stages become the columns
 */
void
crm_deal_board_set_pipeline (CrmDealBoard *self,
                             gint64        pipeline_id)
{
  g_return_if_fail (CRM_IS_DEAL_BOARD (self));

  if (self->pipeline_id == pipeline_id)
    return;

  self->pipeline_id = pipeline_id;
  load_pipelines (self);
  load_stages (self, TRUE);
  refresh_funnel (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PIPELINE_ID]);
}

void
crm_deal_board_set_filter (CrmDealBoard        *self,
                           const CrmDealFilter *filter)
{
  g_return_if_fail (CRM_IS_DEAL_BOARD (self));

  if (filter == NULL)
    crm_deal_filter_clear (&self->filter);
  else
    crm_deal_filter_copy (filter, &self->filter);

  if (self->filter.pipeline_id != 0 && self->filter.pipeline_id != self->pipeline_id)
    crm_deal_board_set_pipeline (self, self->filter.pipeline_id);

  for (guint i = 0; i < self->columns->len; i++)
    apply_column_filter (self, g_ptr_array_index (self->columns, i));
}

/**
 * crm_deal_board_move_deal:
 * @self: a board
 * @deal_id: a live deal
 * @stage_id: the stage to move it to
 * @before_deal_id: the deal of that stage it goes before, or 0 for the end
 * @lost_reason: (nullable): the reason, for a move to a lost stage
 * @error: return location for a #GError
 *
 * Moves a deal and remembers where it was, so that the move can be undone.
 * A change of stage shows a toast with an Undo button.
 *
 * Returns: %TRUE when the deal was moved
 */
gboolean
crm_deal_board_move_deal (CrmDealBoard  *self,
                          gint64         deal_id,
                          gint64         stage_id,
                          gint64         before_deal_id,
                          const char    *lost_reason,
                          GError       **error)
{
  g_autoptr(CrmDeal) deal = NULL;
  UndoEntry entry = { 0 };
  Column *target;

  g_return_val_if_fail (CRM_IS_DEAL_BOARD (self), FALSE);

  deal = crm_store_get_deal (self->store, deal_id, error);
  if (deal == NULL)
    return FALSE;

  entry.deal_id = deal_id;
  entry.title = g_strdup (crm_deal_get_title (deal));
  entry.from_stage_id = crm_deal_get_stage_id (deal);
  entry.from_before_id = next_deal_in_column (self, entry.from_stage_id, deal_id);
  entry.to_stage_id = stage_id;

  if (before_deal_id == deal_id ||
      (entry.from_stage_id == stage_id && before_deal_id == entry.from_before_id))
    {
      /* Dropped where it was. */
      undo_entry_clear (&entry);
      return TRUE;
    }

  if (lost_reason != NULL)
    {
      entry.reason_changed = TRUE;
      entry.old_reason = g_strdup (crm_deal_get_lost_reason (deal));

      if (!crm_store_begin (self->store, error))
        goto failed;

      crm_deal_set_lost_reason (deal, lost_reason);
      if (!crm_store_update_deal (self->store, deal, error) ||
          !crm_store_move_deal (self->store, deal_id, stage_id, before_deal_id, error) ||
          !crm_store_commit (self->store, error))
        {
          crm_store_rollback (self->store);
          goto failed;
        }
    }
  else if (!crm_store_move_deal (self->store, deal_id, stage_id, before_deal_id, error))
    {
      goto failed;
    }

  if (self->undo->len >= UNDO_LIMIT)
    g_array_remove_index (self->undo, 0);
  g_array_append_val (self->undo, entry);
  update_undo_action (self);

  target = find_column (self, stage_id);
  if (stage_id != entry.from_stage_id)
    show_move_toast (self, entry.title, target != NULL ? target->name : "");

  return TRUE;

failed:
  undo_entry_clear (&entry);
  return FALSE;
}

gboolean
crm_deal_board_can_undo (CrmDealBoard *self)
{
  g_return_val_if_fail (CRM_IS_DEAL_BOARD (self), FALSE);

  return self->undo->len > 0;
}

/**
 * crm_deal_board_undo:
 * @self: a board
 * @error: return location for a #GError
 *
 * Puts the deal of the last move back in the stage and place it came
 * from; a lost reason the move set is taken back too.
 *
 * Returns: %TRUE when a move was undone
 */
gboolean
crm_deal_board_undo (CrmDealBoard  *self,
                     GError       **error)
{
  UndoEntry entry;
  gboolean ok;

  g_return_val_if_fail (CRM_IS_DEAL_BOARD (self), FALSE);

  if (self->undo->len == 0)
    return FALSE;

  /* Take the entry off first: a failed undo is not tried again. */
  entry = g_array_index (self->undo, UndoEntry, self->undo->len - 1);
  g_array_index (self->undo, UndoEntry, self->undo->len - 1) = (UndoEntry) { 0 };
  g_array_set_size (self->undo, self->undo->len - 1);
  update_undo_action (self);

  if (self->undo_toast != NULL)
    adw_toast_dismiss (self->undo_toast);

  ok = restore_move (self, &entry, entry.from_before_id, NULL);
  if (!ok)
    ok = restore_move (self, &entry, 0, error);

  if (ok)
    crm_deal_board_focus_deal (self, entry.deal_id);

  undo_entry_clear (&entry);
  return ok;
}

gboolean
crm_deal_board_focus_deal (CrmDealBoard *self,
                           gint64        deal_id)
{
  g_return_val_if_fail (CRM_IS_DEAL_BOARD (self), FALSE);

  self->focus_deal_id = deal_id;
  self->focus_tries = 0;
  if (try_focus (self))
    return TRUE;

  if (self->focus_tick == 0)
    self->focus_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), focus_tick_cb, NULL, NULL);

  return FALSE;
}

/**
 * crm_deal_board_get_column_model:
 * @self: a board
 * @stage_id: a stage shown on it
 *
 * Returns: (transfer none) (nullable): the deals of the column, a
 *   `CrmDealList`
 */
GListModel *
crm_deal_board_get_column_model (CrmDealBoard *self,
                                 gint64        stage_id)
{
  Column *column;

  g_return_val_if_fail (CRM_IS_DEAL_BOARD (self), NULL);

  column = find_column (self, stage_id);
  return column != NULL ? G_LIST_MODEL (column->deals) : NULL;
}

/**
 * crm_deal_board_get_column:
 * @self: a board
 * @stage_id: a stage shown on it
 *
 * Returns: (transfer none) (nullable): the column's widget
 */
GtkWidget *
crm_deal_board_get_column (CrmDealBoard *self,
                           gint64        stage_id)
{
  Column *column;

  g_return_val_if_fail (CRM_IS_DEAL_BOARD (self), NULL);

  column = find_column (self, stage_id);
  return column != NULL ? column->widget : NULL;
}

/**
 * crm_deal_board_get_drop_target:
 * @self: a board
 * @stage_id: a stage shown on it
 *
 * Returns: (transfer none) (nullable): what cards are dropped on
 */
GtkDropTarget *
crm_deal_board_get_drop_target (CrmDealBoard *self,
                                gint64        stage_id)
{
  Column *column;

  g_return_val_if_fail (CRM_IS_DEAL_BOARD (self), NULL);

  column = find_column (self, stage_id);
  return column != NULL ? column->drop_target : NULL;
}

/**
 * crm_deal_board_dup_column_summary:
 * @self: a board
 * @stage_id: a stage shown on it
 *
 * Returns: (transfer full) (nullable): what the column's header says: its
 *   name, count and total
 */
char *
crm_deal_board_dup_column_summary (CrmDealBoard *self,
                                   gint64        stage_id)
{
  Column *column;

  g_return_val_if_fail (CRM_IS_DEAL_BOARD (self), NULL);

  column = find_column (self, stage_id);
  if (column == NULL)
    return NULL;

  return g_strdup_printf ("%s %s %s",
                          gtk_label_get_text (GTK_LABEL (column->name_label)),
                          gtk_label_get_text (GTK_LABEL (column->count_label)),
                          gtk_label_get_text (GTK_LABEL (column->sum_label)));
}

/**
 * crm_deal_board_get_funnel:
 * @self: a board
 *
 * Returns: (transfer none): the funnel strip above the columns
 */
GtkWidget *
crm_deal_board_get_funnel (CrmDealBoard *self)
{
  g_return_val_if_fail (CRM_IS_DEAL_BOARD (self), NULL);

  return GTK_WIDGET (self->funnel);
}

guint
crm_deal_board_count_bound_cards (CrmDealBoard *self)
{
  guint n = 0;

  g_return_val_if_fail (CRM_IS_DEAL_BOARD (self), 0);

  for (guint i = 0; i < self->columns->len; i++)
    {
      Column *column = g_ptr_array_index (self->columns, i);

      if (column->list_view == NULL)
        continue;

      for (GtkWidget *row = gtk_widget_get_first_child (column->list_view);
           row != NULL;
           row = gtk_widget_get_next_sibling (row))
        {
          GtkWidget *child = gtk_widget_get_first_child (row);

          if (child != NULL && CRM_IS_DEAL_CARD (child) &&
              crm_deal_card_get_deal_id (CRM_DEAL_CARD (child)) != 0)
            n++;
        }
    }

  return n;
}
