/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "crm-activity.h"
#include "crm-call-editor.h"
#include "crm-call-list.h"
#include "crm-calls-view.h"
#include "crm-store-activities.h"
#include "crm-table.h"
#include "crm-text.h"
#include "crm-time.h"
#include "crm-window.h"

/**
 * CrmCallsView:
 *
 * Every call, newest first: a column view over a [class@CallList], which
 * pages and filters in SQL, with filters by employee, period, outcome and
 * tag above it. Activating a call opens its client's card.
 */

#define MS_PER_DAY       ((gint64) 24 * 60 * 60 * 1000)
#define OUTCOMES_IN_FILTER 50

typedef enum
{
  CELL_WHEN,
  CELL_CLIENT,
  CELL_DIRECTION,
  CELL_DURATION,
  CELL_EMPLOYEE,
  CELL_OUTCOME,
  CELL_KEY_POINTS,
  CELL_TAGS,
} CellKind;

/* Calls are listed newest first; SQL sorts them no other way. */
static const CrmTableColumn columns[] = {
  { "when",       N_("When"),       CELL_WHEN,       "started-at",   CRM_TABLE_NO_SORT, FALSE, -1, 11, NULL },
  { "client",     N_("Client"),     CELL_CLIENT,     "contact-name", CRM_TABLE_NO_SORT, FALSE, -1, 16, NULL },
  { "direction",  N_("Direction"),  CELL_DIRECTION,  "direction",    CRM_TABLE_NO_SORT, FALSE, -1, 0,  NULL },
  { "duration",   N_("Duration"),   CELL_DURATION,   "duration",     CRM_TABLE_NO_SORT, FALSE, -1, 5,  NULL },
  { "employee",   N_("Employee"),   CELL_EMPLOYEE,   "user-name",    CRM_TABLE_NO_SORT, FALSE, -1, 11, NULL },
  { "outcome",    N_("Outcome"),    CELL_OUTCOME,    "outcome",      CRM_TABLE_NO_SORT, FALSE, -1, 12, NULL },
  { "key-points", N_("Key points"), CELL_KEY_POINTS, "key-points",   CRM_TABLE_NO_SORT, TRUE,  -1, 18, NULL },
  { "tags",       N_("Tags"),       CELL_TAGS,       "tags",         CRM_TABLE_NO_SORT, FALSE, -1, 10, NULL },
};

/* The choices of the period filter, in the order the list shows them. */
typedef enum
{
  PERIOD_ALL,
  PERIOD_TODAY,
  PERIOD_WEEK,
  PERIOD_MONTH,
  PERIOD_90_DAYS,
} Period;

struct _CrmCallsView
{
  AdwBin               parent_instance;

  CrmStore            *store;
  CrmCallList         *calls;
  CrmTable            *table;

  /* Template children */
  GtkDropDown         *employee_dropdown;
  GtkDropDown         *period_dropdown;
  GtkDropDown         *outcome_dropdown;
  GtkSearchEntry      *tag_entry;
  GtkStack            *stack;
  GtkColumnView       *column_view;

  GtkStringList       *employee_names;
  GArray              *employee_ids;    /* gint64; 0 for "all" */
  GtkStringList       *outcome_names;   /* "All outcomes" first */

  gboolean             outcomes_dirty;
  gboolean             loading;
};

G_DEFINE_FINAL_TYPE (CrmCallsView, crm_calls_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Cells */

static GtkWidget *
setup_cell_cb (const CrmTableColumn *column,
               GtkListItem          *list_item,
               gpointer              user_data)
{
  GtkWidget *child;

  if (column->cell == CELL_DIRECTION)
    {
      GtkWidget *direction = gtk_image_new ();
      GtkWidget *recording = crm_table_icon_new ("audio-x-generic-symbolic", _("Has a recording"));

      child = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      gtk_widget_add_css_class (recording, "dim-label");
      gtk_box_append (GTK_BOX (child), direction);
      gtk_box_append (GTK_BOX (child), recording);
      g_object_set_data (G_OBJECT (child), "crm-direction", direction);
      g_object_set_data (G_OBJECT (child), "crm-recording", recording);
    }
  else
    {
      child = crm_table_label_new (column->width_chars);
      if (column->cell == CELL_WHEN || column->cell == CELL_DURATION)
        gtk_widget_add_css_class (child, "numeric");
      if (column->cell == CELL_DURATION)
        gtk_label_set_xalign (GTK_LABEL (child), 1);
      if (column->cell == CELL_KEY_POINTS || column->cell == CELL_TAGS)
        gtk_widget_add_css_class (child, "dim-label");
    }

  return child;
}

static gboolean
time_to_text (GBinding     *binding,
              const GValue *from,
              GValue       *to,
              gpointer      user_data)
{
  gint64 ms = g_value_get_int64 (from);

  g_value_take_string (to, ms > 0 ? crm_time_format_short (ms) : NULL);
  return TRUE;
}

static char *
format_duration (gint64 seconds)
{
  if (seconds >= 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d",
                            seconds / 3600, (int)(seconds / 60 % 60), (int)(seconds % 60));

  return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d", seconds / 60, (int)(seconds % 60));
}

static gboolean
duration_to_text (GBinding     *binding,
                  const GValue *from,
                  GValue       *to,
                  gpointer      user_data)
{
  g_value_take_string (to, format_duration (g_value_get_int64 (from)));
  return TRUE;
}

/* The first line of the key points, for a one-line cell; the tooltip
 * shows them all. */
static gboolean
first_line (GBinding     *binding,
            const GValue *from,
            GValue       *to,
            gpointer      user_data)
{
  const char *text = g_value_get_string (from);
  const char *end;

  if (text == NULL)
    {
      g_value_set_string (to, NULL);
      return TRUE;
    }

  end = strchr (text, '\n');
  g_value_take_string (to, end != NULL ? g_strndup (text, end - text) : g_strdup (text));
  return TRUE;
}

static gboolean
direction_to_icon (GBinding     *binding,
                   const GValue *from,
                   GValue       *to,
                   gpointer      user_data)
{
  g_value_set_string (to, g_value_get_int (from) == CRM_CALL_INCOMING
                          ? "call-incoming-symbolic" : "call-outgoing-symbolic");
  return TRUE;
}

static gboolean
direction_to_text (GBinding     *binding,
                   const GValue *from,
                   GValue       *to,
                   gpointer      user_data)
{
  g_value_set_string (to, g_value_get_int (from) == CRM_CALL_INCOMING
                          ? _("Incoming call") : _("Outgoing call"));
  return TRUE;
}

static gboolean
id_to_visible (GBinding     *binding,
               const GValue *from,
               GValue       *to,
               gpointer      user_data)
{
  g_value_set_boolean (to, g_value_get_int64 (from) != 0);
  return TRUE;
}

/* A screen reader names the icon; calls do not change direction while
 * they are shown, so setting it at bind time is enough. */
static void
update_direction_label (CrmActivity *call,
                        GtkWidget   *image)
{
  const char *text = crm_activity_get_direction (call) == CRM_CALL_INCOMING
                     ? _("Incoming call") : _("Outgoing call");

  gtk_accessible_update_property (GTK_ACCESSIBLE (image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  -1);
}

static void
bind_cell_cb (const CrmTableColumn *column,
              GtkListItem          *list_item,
              GtkWidget            *child,
              gpointer              item,
              gpointer              user_data)
{
  GtkWidget *direction;

  switch (column->cell)
    {
    case CELL_WHEN:
      crm_table_cell_bind (list_item, item, column->property, child, "label", time_to_text);
      break;

    case CELL_DIRECTION:
      direction = g_object_get_data (G_OBJECT (child), "crm-direction");
      crm_table_cell_bind (list_item, item, column->property, direction, "icon-name", direction_to_icon);
      crm_table_cell_bind (list_item, item, column->property, direction, "tooltip-text", direction_to_text);
      crm_table_cell_bind (list_item, item, "recording-id",
                           g_object_get_data (G_OBJECT (child), "crm-recording"), "visible",
                           id_to_visible);
      update_direction_label (CRM_ACTIVITY (item), direction);
      break;

    case CELL_DURATION:
      crm_table_cell_bind (list_item, item, column->property, child, "label", duration_to_text);
      break;

    case CELL_KEY_POINTS:
      crm_table_cell_bind (list_item, item, column->property, child, "label", first_line);
      crm_table_cell_bind (list_item, item, column->property, child, "tooltip-text", NULL);
      break;

    case CELL_CLIENT:
    case CELL_EMPLOYEE:
    case CELL_OUTCOME:
    case CELL_TAGS:
    default:
      crm_table_cell_bind (list_item, item, column->property, child, "label", NULL);
      break;
    }
}

static gint64
find_call (GListModel *rows,
           gint64      activity_id)
{
  return crm_call_list_find (CRM_CALL_LIST (rows), activity_id);
}

/* Filters */

static void
set_string_list (GtkStringList *list,
                 GPtrArray     *names)
{
  g_ptr_array_add (names, NULL);
  gtk_string_list_splice (list, 0, g_list_model_get_n_items (G_LIST_MODEL (list)),
                          (const char * const *)names->pdata);
}

static gboolean
filter_is_active (CrmCallsView *self)
{
  return gtk_drop_down_get_selected (self->employee_dropdown) > 0 ||
         gtk_drop_down_get_selected (self->period_dropdown) > 0 ||
         gtk_drop_down_get_selected (self->outcome_dropdown) > 0 ||
         !crm_text_is_blank (gtk_editable_get_text (GTK_EDITABLE (self->tag_entry)));
}

static void
update_empty_state (CrmCallsView *self)
{
  const char *page = "list";

  if (g_list_model_get_n_items (G_LIST_MODEL (self->calls)) == 0)
    page = filter_is_active (self) ? "no-match" : "empty";

  gtk_stack_set_visible_child_name (self->stack, page);
}

static gint64
period_start (Period period,
              gint64 now)
{
  switch (period)
    {
    case PERIOD_TODAY:
      return crm_time_start_of_day (now);
    case PERIOD_WEEK:
      return crm_time_start_of_week (now);
    case PERIOD_MONTH:
      return crm_time_start_of_month (now);
    case PERIOD_90_DAYS:
      return crm_time_start_of_day (now - 90 * MS_PER_DAY);
    case PERIOD_ALL:
    default:
      return 0;
    }
}

static void
filter_changed_cb (CrmCallsView *self)
{
  CrmCallFilter filter;
  guint employee = gtk_drop_down_get_selected (self->employee_dropdown);
  guint period = gtk_drop_down_get_selected (self->period_dropdown);
  guint outcome = gtk_drop_down_get_selected (self->outcome_dropdown);
  g_autofree char *tag = NULL;

  if (self->loading || self->calls == NULL)
    return;

  crm_call_filter_init (&filter);

  if (employee != GTK_INVALID_LIST_POSITION && employee < self->employee_ids->len)
    filter.user_id = g_array_index (self->employee_ids, gint64, employee);

  if (period != GTK_INVALID_LIST_POSITION)
    filter.from_ms = period_start ((Period)period, crm_time_now_ms ());

  if (outcome != GTK_INVALID_LIST_POSITION && outcome > 0)
    filter.outcome = g_strdup (gtk_string_list_get_string (self->outcome_names, outcome));

  tag = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->tag_entry))));
  if (*tag != '\0')
    filter.tag = g_steal_pointer (&tag);

  if (!crm_call_filter_equal (&filter, crm_call_list_get_filter (self->calls)))
    {
      crm_table_hold_selection (self->table);
      crm_call_list_set_filter (self->calls, &filter);
      crm_table_restore_selection (self->table);
    }
  crm_call_filter_clear (&filter);

  update_empty_state (self);
}

static void
reload_employees (CrmCallsView *self)
{
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  guint selected = gtk_drop_down_get_selected (self->employee_dropdown);
  gint64 selected_id = 0;
  gint64 everybody = 0;
  guint new_selected = 0;

  if (selected != GTK_INVALID_LIST_POSITION && selected < self->employee_ids->len)
    selected_id = g_array_index (self->employee_ids, gint64, selected);

  users = crm_store_list_users (self->store, &error);
  if (users == NULL)
    {
      g_warning ("Cannot list employees: %s", error->message);
      return;
    }

  g_array_set_size (self->employee_ids, 0);
  g_ptr_array_add (names, (gpointer)_("All Employees"));
  g_array_append_val (self->employee_ids, everybody);

  /* People who left still made calls, so everybody is offered. */
  for (guint i = 0; i < users->len; i++)
    {
      const CrmUser *user = g_ptr_array_index (users, i);

      if (user->id == selected_id)
        new_selected = self->employee_ids->len;
      g_ptr_array_add (names, user->name != NULL && *user->name != '\0' ? user->name : user->login);
      g_array_append_val (self->employee_ids, user->id);
    }

  self->loading = TRUE;
  set_string_list (self->employee_names, names);
  gtk_drop_down_set_selected (self->employee_dropdown, new_selected);
  self->loading = FALSE;

  if (selected_id != 0 && new_selected == 0)
    filter_changed_cb (self);
}

static gboolean
names_contain (GPtrArray  *names,
               const char *name)
{
  for (guint i = 0; i < names->len; i++)
    {
      if (g_strcmp0 (g_ptr_array_index (names, i), name) == 0)
        return TRUE;
    }

  return FALSE;
}

/* The offered outcomes first, in their order, then the others calls were
 * logged with (old ones, imported ones). */
static void
reload_outcomes (CrmCallsView *self)
{
  g_auto(GStrv) offered = crm_store_list_call_outcomes (self->store);
  g_auto(GStrv) used = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *selected_name = NULL;
  guint selected = gtk_drop_down_get_selected (self->outcome_dropdown);
  guint new_selected = 0;

  if (selected != GTK_INVALID_LIST_POSITION && selected > 0)
    selected_name = g_strdup (gtk_string_list_get_string (self->outcome_names, selected));

  used = crm_store_list_used_call_outcomes (self->store, OUTCOMES_IN_FILTER, &error);
  if (used == NULL)
    g_warning ("Cannot list the outcomes of calls: %s", error->message);

  g_ptr_array_add (names, (gpointer)_("All Outcomes"));
  for (guint i = 0; offered[i] != NULL; i++)
    {
      if (!names_contain (names, offered[i]))
        g_ptr_array_add (names, offered[i]);
    }
  for (guint i = 0; used != NULL && used[i] != NULL; i++)
    {
      if (!names_contain (names, used[i]))
        g_ptr_array_add (names, used[i]);
    }
  if (selected_name != NULL && !names_contain (names, selected_name))
    g_ptr_array_add (names, selected_name);

  for (guint i = 1; i < names->len; i++)
    {
      if (g_strcmp0 (g_ptr_array_index (names, i), selected_name) == 0)
        new_selected = i;
    }

  self->loading = TRUE;
  set_string_list (self->outcome_names, names);
  gtk_drop_down_set_selected (self->outcome_dropdown, new_selected);
  self->loading = FALSE;

  self->outcomes_dirty = FALSE;
}

/* Callbacks */

static void
column_view_activate_cb (CrmCallsView *self,
                         guint         position)
{
  g_autoptr(CrmActivity) call = g_list_model_get_item (G_LIST_MODEL (crm_table_get_selection (self->table)), position);

  if (call != NULL && crm_activity_get_contact_id (call) != 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-contact", "x",
                                crm_activity_get_contact_id (call));
}

static void
items_changed_cb (CrmCallsView *self)
{
  update_empty_state (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "calls.open",
                                 crm_table_get_selected_item (self->table) != NULL);
}

static void
store_changed_cb (CrmCallsView  *self,
                  CrmEntityKind  kind,
                  gint64         id)
{
  if (kind == CRM_ENTITY_USER || kind == CRM_ENTITY_ANY)
    reload_employees (self);

  /* A call may bring an outcome the filter does not offer yet; a hidden
   * view looks when it is shown again. */
  if (kind == CRM_ENTITY_ACTIVITY || kind == CRM_ENTITY_ANY)
    {
      if (gtk_widget_get_mapped (GTK_WIDGET (self)))
        reload_outcomes (self);
      else
        self->outcomes_dirty = TRUE;
    }
}

static void
map_cb (CrmCallsView *self)
{
  if (self->outcomes_dirty)
    reload_outcomes (self);

  /* "Today" and "this week" move on while the window stays open. */
  filter_changed_cb (self);
}

/* Actions */

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CrmCallsView *self = CRM_CALLS_VIEW (widget);
  guint position = gtk_single_selection_get_selected (crm_table_get_selection (self->table));

  if (position != GTK_INVALID_LIST_POSITION)
    column_view_activate_cb (self, position);
}

static void
call_logged_cb (CrmCallsView *self,
                gint64        activity_id)
{
  crm_table_select_id (self->table, activity_id, FALSE);
}

static void
log_call_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CrmCallsView *self = CRM_CALLS_VIEW (widget);
  CrmCallEditor *editor;

  editor = crm_call_editor_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->store, 0, 0);
  g_signal_connect_object (editor, "saved", G_CALLBACK (call_logged_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
clear_filter_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CrmCallsView *self = CRM_CALLS_VIEW (widget);

  self->loading = TRUE;
  gtk_drop_down_set_selected (self->employee_dropdown, 0);
  gtk_drop_down_set_selected (self->period_dropdown, PERIOD_ALL);
  gtk_drop_down_set_selected (self->outcome_dropdown, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->tag_entry), "");
  self->loading = FALSE;

  filter_changed_cb (self);
}

/* GObject */

static void
crm_calls_view_set_store (CrmCallsView *self,
                          CrmStore     *store)
{
  g_assert (self->store == NULL);

  self->store = g_object_ref (store);
  self->calls = crm_call_list_new (store);
  crm_table_set_rows (self->table, G_LIST_MODEL (self->calls), find_call, TRUE);

  g_signal_connect_object (self->calls, "items-changed",
                           G_CALLBACK (items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);

  reload_employees (self);
  reload_outcomes (self);
  filter_changed_cb (self);
  items_changed_cb (self);
}

static void
crm_calls_view_dispose (GObject *object)
{
  CrmCallsView *self = (CrmCallsView *)object;

  self->loading = TRUE;
  g_clear_object (&self->table);

  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_CALLS_VIEW);

  g_clear_object (&self->calls);
  g_clear_object (&self->employee_names);
  g_clear_object (&self->outcome_names);

  G_OBJECT_CLASS (crm_calls_view_parent_class)->dispose (object);
}

static void
crm_calls_view_finalize (GObject *object)
{
  CrmCallsView *self = (CrmCallsView *)object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->employee_ids, g_array_unref);

  G_OBJECT_CLASS (crm_calls_view_parent_class)->finalize (object);
}

static void
crm_calls_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CrmCallsView *self = CRM_CALLS_VIEW (object);

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
crm_calls_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CrmCallsView *self = CRM_CALLS_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      crm_calls_view_set_store (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_calls_view_class_init (CrmCallsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crm_calls_view_dispose;
  object_class->finalize = crm_calls_view_finalize;
  object_class->get_property = crm_calls_view_get_property;
  object_class->set_property = crm_calls_view_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         CRM_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/crm-calls-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmCallsView, employee_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CrmCallsView, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CrmCallsView, outcome_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CrmCallsView, tag_entry);
  gtk_widget_class_bind_template_child (widget_class, CrmCallsView, stack);
  gtk_widget_class_bind_template_child (widget_class, CrmCallsView, column_view);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, column_view_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, map_cb);

  gtk_widget_class_install_action (widget_class, "calls.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "calls.log-call", NULL, log_call_action);
  gtk_widget_class_install_action (widget_class, "calls.clear-filter", NULL, clear_filter_action);

  g_type_ensure (CRM_TYPE_ACTIVITY);
}

static void
crm_calls_view_init (CrmCallsView *self)
{
  const char *periods[] = {
    _("All Time"), _("Today"), _("This Week"), _("This Month"), _("Last 90 Days"), NULL,
  };
  g_autoptr(GtkStringList) period_names = gtk_string_list_new (periods);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->employee_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->employee_names = gtk_string_list_new (NULL);
  self->outcome_names = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->employee_dropdown, G_LIST_MODEL (self->employee_names));
  gtk_drop_down_set_model (self->outcome_dropdown, G_LIST_MODEL (self->outcome_names));

  self->loading = TRUE;
  gtk_drop_down_set_model (self->period_dropdown, G_LIST_MODEL (period_names));
  gtk_drop_down_set_selected (self->period_dropdown, PERIOD_ALL);
  self->loading = FALSE;

  self->table = crm_table_new (GTK_WIDGET (self), self->column_view, columns, G_N_ELEMENTS (columns),
                               setup_cell_cb, bind_cell_cb, self);
}

/**
 * crm_calls_view_new:
 * @store: the store to show the calls of
 *
 * Returns: (transfer floating): a new list of calls
 */
CrmCallsView *
crm_calls_view_new (CrmStore *store)
{
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);

  return g_object_new (CRM_TYPE_CALLS_VIEW,
                       "store", store,
                       NULL);
}
