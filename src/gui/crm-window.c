/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-calls-view.h"
#include "crm-contact-card.h"
#include "crm-contact-editor.h"
#include "crm-contacts-view.h"
#include "crm-deals-view.h"
#include "crm-demo.h"
#include "crm-idle-after-frame.h"
#include "crm-import-dialog.h"
#include "crm-preferences-window.h"
#include "crm-reminders-view.h"
#include "crm-reports-view.h"
#include "crm-search-results.h"
#include "crm-store-activities.h"
#include "crm-store-contacts.h"
#include "crm-store-deals.h"
#include "crm-time.h"
#include "crm-trash-view.h"
#include "crm-window.h"

struct _CrmWindow
{
  AdwApplicationWindow  parent_instance;

  CrmStore             *store;
  GSettings            *settings;

  /* Template children */
  AdwLeaflet           *leaflet;
  GtkListBox           *sidebar;
  GtkWidget            *sidebar_box;
  GtkWidget            *sidebar_separator;
  GtkWidget            *sidebar_toggle;
  gboolean              sidebar_collapsed;
  GtkStack             *stack;
  GtkSearchEntry       *search_entry;
  AdwToastOverlay      *toast_overlay;
  GtkButton            *back_button;

  CrmSearchResults     *search_results;
  CrmContactCard       *contact_card;

  /* The list view to return to from a card or from search, and the cards
   * opened one from another (a company's person, a person's company). */
  char                 *list_view;
  GArray               *card_trail;
  gulong                changed_handler;
  guint                 count_idle;
  guint                 minute_timer;
  guint                 prepare_idle;
};

G_DEFINE_FINAL_TYPE (CrmWindow, crm_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_SIDEBAR_COLLAPSED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The left menu, most used first. Each section's view is built the first
 * time it is shown: on a large database building them all would hold the
 * first frame back by seconds. */
typedef struct
{
  const char *name;
  const char *icon;
  const char *label;
  gboolean    starts_group;
  GType     (*get_view_type) (void);
} Section;

static const Section sections[] = {
  { "deals",     "view-list-symbolic",            N_("Deals"),     FALSE, crm_deals_view_get_type },
  { "contacts",  "system-users-symbolic",         N_("Contacts"),  FALSE, crm_contacts_view_get_type },
  { "calls",     "call-start-symbolic",           N_("Calls"),     FALSE, crm_calls_view_get_type },
  { "reminders", "alarm-symbolic",                N_("Reminders"), FALSE, crm_reminders_view_get_type },
  { "reports",   "x-office-spreadsheet-symbolic", N_("Reports"),   TRUE,  crm_reports_view_get_type },
  { "trash",     "user-trash-symbolic",           N_("Trash"),     FALSE, crm_trash_view_get_type },
};

static GtkWidget *
section_row_new (const Section *section)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name (section->icon);
  GtkWidget *label = gtk_label_new (_(section->label));
  GtkWidget *count = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (count, "dim-label");
  gtk_widget_add_css_class (count, "numeric");
  gtk_widget_set_visible (count, FALSE);

  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), count);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_name (row, section->name);
  g_object_set_data (G_OBJECT (row), "count-label", count);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(section->label),
                                  -1);

  return row;
}

static void
sidebar_header_func (GtkListBoxRow *row,
                     GtkListBoxRow *before,
                     gpointer       user_data)
{
  int index = gtk_list_box_row_get_index (row);

  if (before != NULL && index >= 0 && index < (int)G_N_ELEMENTS (sections) && sections[index].starts_group)
    gtk_list_box_row_set_header (row, gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  else
    gtk_list_box_row_set_header (row, NULL);
}

static const Section *
find_section (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      if (g_strcmp0 (sections[i].name, name) == 0)
        return &sections[i];
    }

  return NULL;
}

static GtkListBoxRow *
find_section_row (CrmWindow  *self,
                  const char *name)
{
  const Section *section = find_section (name);

  return section != NULL ? gtk_list_box_get_row_at_index (self->sidebar, section - sections) : NULL;
}

static void
set_section_count (CrmWindow  *self,
                   const char *name,
                   gint64      count)
{
  GtkListBoxRow *row = find_section_row (self, name);
  GtkLabel *label;
  g_autofree char *text = NULL;

  if (row == NULL)
    return;

  label = g_object_get_data (G_OBJECT (row), "count-label");
  text = g_strdup_printf ("%" G_GINT64_FORMAT, count);
  gtk_label_set_text (label, text);
  gtk_widget_set_visible (GTK_WIDGET (label), count > 0);
}

/* A count that asks to be looked at (overdue reminders) stands out. */
static void
set_section_alert (CrmWindow  *self,
                   const char *name,
                   gboolean    alert,
                   const char *description)
{
  GtkListBoxRow *row = find_section_row (self, name);
  GtkWidget *label;

  if (row == NULL)
    return;

  label = g_object_get_data (G_OBJECT (row), "count-label");
  if (alert)
    {
      gtk_widget_remove_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "count-alert");
      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                      -1);
    }
  else
    {
      gtk_widget_remove_css_class (label, "count-alert");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

static gboolean
database_is_empty (CrmWindow *self)
{
  return !crm_store_has_contacts (self->store);
}

static void search_result_activated_cb (CrmWindow     *self,
                                        CrmEntityKind  kind,
                                        gint64         id);


/* Builds a page of the stack the first time it is asked for. */
static GtkWidget *
ensure_page (CrmWindow  *self,
             const char *name)
{
  GtkWidget *page = gtk_stack_get_child_by_name (self->stack, name);
  const Section *section;

  if (page != NULL)
    return page;

  if (g_strcmp0 (name, "search") == 0)
    {
      self->search_results = crm_search_results_new (self->store);
      g_signal_connect_object (self->search_results, "result-activated",
                               G_CALLBACK (search_result_activated_cb), self, G_CONNECT_SWAPPED);
      page = GTK_WIDGET (self->search_results);
      gtk_stack_add_named (self->stack, page, name);
    }
  else if (g_strcmp0 (name, "card") == 0)
    {
      self->contact_card = crm_contact_card_new (self->store);
      page = GTK_WIDGET (self->contact_card);
      gtk_stack_add_named (self->stack, page, name);
    }
  else if ((section = find_section (name)) != NULL)
    {
      page = g_object_new (section->get_view_type (), "store", self->store, NULL);
      gtk_stack_add_titled (self->stack, page, name, _(section->label));
    }

  return page;
}

static gint64
shown_contact_id (CrmWindow *self)
{
  return self->contact_card != NULL ? crm_contact_card_get_contact_id (self->contact_card) : 0;
}

static gboolean
update_counts_cb (gpointer user_data)
{
  CrmWindow *self = user_data;
  gint64 overdue;

  self->count_idle = 0;

  set_section_count (self, "contacts", crm_store_count_contacts (self->store, NULL));
  set_section_count (self, "trash", MAX (crm_store_count_trash (self->store, NULL), 0));

  /* Everybody's overdue reminders: in a small business whoever looks
   * picks up what a colleague let slip. */
  overdue = crm_store_count_overdue_reminders (self->store, 0, crm_time_now_ms (), NULL);
  set_section_count (self, "reminders", MAX (overdue, 0));
  {
    g_autofree char *description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                 "%d overdue reminder",
                                                                 "%d overdue reminders",
                                                                 (gulong)MAX (overdue, 0)),
                                                    (int)MAX (overdue, 0));

    set_section_alert (self, "reminders", overdue > 0, description);
  }

  /* The welcome page stays only while there is nothing to show. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "welcome") == 0 &&
      !database_is_empty (self))
    crm_window_show_view (self, self->list_view);

  return G_SOURCE_REMOVE;
}

static void schedule_minute_timer (CrmWindow *self);

/* Reminders fall overdue as time passes, with nothing written: count
 * again at the start of every minute. */
static gboolean
minute_cb (gpointer user_data)
{
  CrmWindow *self = user_data;

  self->minute_timer = 0;
  update_counts_cb (self);
  schedule_minute_timer (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_minute_timer (CrmWindow *self)
{
  gint64 now = crm_time_now_ms ();

  g_clear_handle_id (&self->minute_timer, g_source_remove);
  self->minute_timer = g_timeout_add ((guint)(60000 - now % 60000) + 200, minute_cb, self);
}

static void
store_changed_cb (CrmWindow *self,
                  int        kind,
                  gint64     id)
{
  /* Many rows may change at once (an import, the demo); count them once. */
  if (self->count_idle == 0)
    self->count_idle = g_idle_add_full (G_PRIORITY_LOW, update_counts_cb, self, NULL);

  if (shown_contact_id (self) == 0)
    return;

  if (kind == CRM_ENTITY_CONTACT && id != 0 && id == shown_contact_id (self))
    crm_contact_card_reload (self->contact_card);
  else if (kind == CRM_ENTITY_ANY || kind == CRM_ENTITY_DEAL || kind == CRM_ENTITY_ACTIVITY ||
           kind == CRM_ENTITY_REMINDER || kind == CRM_ENTITY_ATTACHMENT)
    crm_contact_card_reload (self->contact_card);
}

static void
update_header (CrmWindow *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);
  gboolean in_card = g_strcmp0 (page, "card") == 0;

  gtk_widget_set_visible (GTK_WIDGET (self->back_button), in_card);
}

static void
select_section (CrmWindow  *self,
                const char *name)
{
  GtkListBoxRow *row = find_section_row (self, name);

  if (row != NULL)
    gtk_list_box_select_row (self->sidebar, row);
}

static void
sidebar_row_activated_cb (GtkListBox    *box,
                          GtkListBoxRow *row,
                          CrmWindow     *self)
{
  crm_window_show_view (self, gtk_widget_get_name (GTK_WIDGET (row)));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
search_changed_cb (CrmWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (text[0] == '\0')
    {
      if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "search") == 0)
        crm_window_show_view (self, self->list_view);
      return;
    }

  ensure_page (self, "search");
  crm_search_results_set_query (self->search_results, text);
  gtk_stack_set_visible_child_name (self->stack, "search");
  update_header (self);
}

static gboolean
search_entry_has_focus (CrmWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  return focus != NULL &&
         (focus == GTK_WIDGET (self->search_entry) ||
          gtk_widget_is_ancestor (focus, GTK_WIDGET (self->search_entry)));
}

/* Typed anywhere in the window, the text goes to the entry (its key
 * capture) while the keyboard focus stays where it was, and Enter or
 * Backspace would go there: the focus follows the text. */
static void
search_text_changed_cb (CrmWindow *self)
{
  GtkEditable *entry = GTK_EDITABLE (self->search_entry);

  if (gtk_editable_get_text (entry)[0] == '\0' || search_entry_has_focus (self))
    return;

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  /* Focus selects the text; the next letter must add to it. */
  gtk_editable_set_position (entry, -1);
}

static void
search_activate_cb (CrmWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  /* The entry listens to keys typed anywhere in the window; Enter on a
   * focused row elsewhere belongs to that row, not to the search. */
  if (!search_entry_has_focus (self))
    return;

  /* The entry waits a moment before it reports a change; Enter pressed
   * right after typing must open a result for what is typed now. */
  if (text[0] == '\0')
    return;

  ensure_page (self, "search");
  crm_search_results_set_query (self->search_results, text);
  gtk_stack_set_visible_child_name (self->stack, "search");
  crm_search_results_activate_first (self->search_results);
}

static gboolean
search_key_pressed_cb (GtkEventControllerKey *controller,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       CrmWindow             *self)
{
  /* Down from the search entry walks into the results. */
  if ((keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down) &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "search") == 0)
    {
      crm_search_results_focus_first (self->search_results);
      return GDK_EVENT_STOP;
    }

  return GDK_EVENT_PROPAGATE;
}

static void
search_stop_cb (CrmWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  crm_window_show_view (self, self->list_view);
}

static void
search_result_activated_cb (CrmWindow     *self,
                            CrmEntityKind  kind,
                            gint64         id)
{
  if (kind == CRM_ENTITY_DEAL)
    crm_window_open_deal (self, id);
  else
    crm_window_open_contact (self, id);
}

static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  crm_window_show_view (CRM_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
open_contact_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  crm_window_open_contact (CRM_WINDOW (widget), g_variant_get_int64 (parameter));
}

static void
open_deal_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  crm_window_open_deal (CRM_WINDOW (widget), g_variant_get_int64 (parameter));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CrmWindow *self = CRM_WINDOW (widget);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "card") == 0 &&
      self->card_trail->len > 0)
    {
      gint64 previous = g_array_index (self->card_trail, gint64, self->card_trail->len - 1);

      g_array_set_size (self->card_trail, self->card_trail->len - 1);
      crm_contact_card_set_contact_id (self->contact_card, previous);
      return;
    }

  crm_window_show_view (self, self->list_view);
}

/* The left menu can be put away on a wide window (F9); a narrow window
 * folds it behind the content anyway, so there the setting has no say. */
static void
update_sidebar (CrmWindow *self)
{
  gboolean folded = adw_leaflet_get_folded (self->leaflet);
  gboolean shown = folded || !self->sidebar_collapsed;

  gtk_widget_set_visible (self->sidebar_box, shown);
  gtk_widget_set_visible (self->sidebar_separator, shown);
  gtk_widget_set_visible (self->sidebar_toggle, !folded);
  gtk_widget_set_tooltip_text (self->sidebar_toggle,
                               self->sidebar_collapsed ? _("Show the Sections (F9)")
                                                       : _("Hide the Sections (F9)"));
}

static void
crm_window_set_sidebar_collapsed (CrmWindow *self,
                                  gboolean   collapsed)
{
  collapsed = !!collapsed;
  if (self->sidebar_collapsed == collapsed)
    return;

  self->sidebar_collapsed = collapsed;
  update_sidebar (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIDEBAR_COLLAPSED]);
}

static void
show_sidebar_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CrmWindow *self = CRM_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CrmWindow *self = CRM_WINDOW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
contact_saved_cb (CrmWindow *self,
                  gint64     id)
{
  crm_window_open_contact (self, id);
}

static void
new_contact_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CrmWindow *self = CRM_WINDOW (widget);
  CrmContactEditor *editor = crm_contact_editor_new (GTK_WINDOW (self), self->store, 0);

  g_signal_connect_object (editor, "saved", G_CALLBACK (contact_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CrmWindow *self = CRM_WINDOW (widget);
  CrmImportDialog *dialog = crm_import_dialog_new (GTK_WINDOW (self), self->store);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
demo_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CrmWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      crm_window_add_toast (self, adw_toast_new (error->message));
      return;
    }

  crm_store_emit_changed (self->store, CRM_ENTITY_ANY, 0);
  crm_window_add_toast (self, adw_toast_new (_("Demo data loaded")));
  crm_window_show_view (self, "deals");
}

static void
demo_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(CrmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  CrmDemoOptions options;

  /* Long work gets a connection of its own, so the window stays live; the
   * window hears about it as a change made elsewhere. */
  store = crm_store_open (path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  crm_demo_options_init (&options);
  if (!crm_demo_generate (store, &options, NULL, NULL, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
load_demo_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CrmWindow *self = CRM_WINDOW (widget);
  g_autoptr(GTask) task = NULL;
  const char *path = crm_database_get_path (crm_store_get_database (self->store));

  if (!database_is_empty (self))
    {
      crm_window_add_toast (self, adw_toast_new (_("Demo data can only be loaded into an empty database")));
      return;
    }

  gtk_widget_action_set_enabled (widget, "win.load-demo", FALSE);
  task = g_task_new (NULL, NULL, demo_done_cb, g_object_ref (self));
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, demo_thread);
}

static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CrmWindow *self = CRM_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (crm_preferences_window_new (GTK_WINDOW (self), self->store)));
}

static void
crm_window_set_store (CrmWindow *self,
                      CrmStore  *store)
{
  self->store = g_object_ref (store);
  self->changed_handler = g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb),
                                                   self, G_CONNECT_SWAPPED);

  update_counts_cb (self);
  schedule_minute_timer (self);
}

static void
crm_window_constructed (GObject *object)
{
  CrmWindow *self = (CrmWindow *)object;
  g_autofree char *last_view = NULL;

  G_OBJECT_CLASS (crm_window_parent_class)->constructed (object);

  last_view = g_settings_get_string (self->settings, "last-view");
  if (find_section_row (self, last_view) == NULL)
    {
      g_free (last_view);
      last_view = g_strdup ("deals");
    }

  self->list_view = g_strdup (last_view);
  if (database_is_empty (self))
    {
      gtk_stack_set_visible_child_name (self->stack, "welcome");
      select_section (self, last_view);
    }
  else
    crm_window_show_view (self, last_view);
}

/* Typing anywhere starts a search: its page is made ready once the
 * window has drawn its first frame, so that the first keystroke need not
 * build it. */
static gboolean
prepare_search_cb (gpointer user_data)
{
  CrmWindow *self = user_data;

  self->prepare_idle = 0;
  ensure_page (self, "search");

  return G_SOURCE_REMOVE;
}

static void
crm_window_map (GtkWidget *widget)
{
  CrmWindow *self = CRM_WINDOW (widget);

  GTK_WIDGET_CLASS (crm_window_parent_class)->map (widget);

  if (self->search_results == NULL && self->prepare_idle == 0)
    self->prepare_idle = crm_idle_after_frame_add (widget, prepare_search_cb, self, NULL);
}

static gboolean
crm_window_close_request (GtkWindow *window)
{
  CrmWindow *self = CRM_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  g_settings_set_string (self->settings, "last-view", self->list_view);

  return GTK_WINDOW_CLASS (crm_window_parent_class)->close_request (window);
}

static void
crm_window_dispose (GObject *object)
{
  CrmWindow *self = (CrmWindow *)object;

  g_clear_handle_id (&self->count_idle, g_source_remove);
  g_clear_handle_id (&self->minute_timer, g_source_remove);
  g_clear_handle_id (&self->prepare_idle, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_WINDOW);

  G_OBJECT_CLASS (crm_window_parent_class)->dispose (object);
}

static void
crm_window_finalize (GObject *object)
{
  CrmWindow *self = (CrmWindow *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->list_view, g_free);
  g_clear_pointer (&self->card_trail, g_array_unref);

  G_OBJECT_CLASS (crm_window_parent_class)->finalize (object);
}

static void
crm_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  CrmWindow *self = CRM_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SIDEBAR_COLLAPSED:
      g_value_set_boolean (value, self->sidebar_collapsed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  CrmWindow *self = CRM_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      crm_window_set_store (self, g_value_get_object (value));
      break;
    case PROP_SIDEBAR_COLLAPSED:
      crm_window_set_sidebar_collapsed (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_window_class_init (CrmWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = crm_window_constructed;
  object_class->dispose = crm_window_dispose;
  object_class->finalize = crm_window_finalize;
  object_class->get_property = crm_window_get_property;
  object_class->set_property = crm_window_set_property;
  window_class->close_request = crm_window_close_request;
  widget_class->map = crm_window_map;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         CRM_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIDEBAR_COLLAPSED] =
    g_param_spec_boolean ("sidebar-collapsed", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/crm-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, sidebar_box);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, sidebar_separator);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, sidebar_toggle);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CrmWindow, back_button);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_text_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stop_cb);

  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);
  gtk_widget_class_install_action (widget_class, "win.open-contact", "x", open_contact_action);
  gtk_widget_class_install_action (widget_class, "win.open-deal", "x", open_deal_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.show-sidebar", NULL, show_sidebar_action);
  gtk_widget_class_install_property_action (widget_class, "win.collapse-sidebar", "sidebar-collapsed");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.collapse-sidebar", NULL);
  gtk_widget_class_install_action (widget_class, "win.focus-search", NULL, focus_search_action);
  gtk_widget_class_install_action (widget_class, "win.new-contact", NULL, new_contact_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.load-demo", NULL, load_demo_action);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.focus-search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-contact", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "win.show-view", "s", "deals");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_CONTROL_MASK, "win.show-view", "s", "contacts");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_CONTROL_MASK, "win.show-view", "s", "calls");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_4, GDK_CONTROL_MASK, "win.show-view", "s", "reminders");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_5, GDK_CONTROL_MASK, "win.show-view", "s", "reports");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_6, GDK_CONTROL_MASK, "win.show-view", "s", "trash");
}

static void
crm_window_init (CrmWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APPLICATION_ID);
  self->card_trail = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_settings_bind (self->settings, "sidebar-collapsed", self, "sidebar-collapsed", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->leaflet, "notify::folded", G_CALLBACK (update_sidebar), self, G_CONNECT_SWAPPED);
  update_sidebar (self);

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    gtk_list_box_append (self->sidebar, section_row_new (&sections[i]));
  gtk_list_box_set_header_func (self->sidebar, sidebar_header_func, NULL, NULL);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  /* Typing anywhere in the window goes to the search. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    g_signal_connect (keys, "key-pressed", G_CALLBACK (search_key_pressed_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);
  }

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

CrmWindow *
crm_window_new (CrmApplication *application,
                CrmStore       *store)
{
  g_return_val_if_fail (CRM_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);

  return g_object_new (CRM_TYPE_WINDOW,
                       "application", application,
                       "store", store,
                       NULL);
}

CrmStore *
crm_window_get_store (CrmWindow *self)
{
  g_return_val_if_fail (CRM_IS_WINDOW (self), NULL);

  return self->store;
}

/**
 * crm_window_get_view:
 * @self: a #CrmWindow
 *
 * Returns: the name of the page shown: a section ("deals", "contacts",
 *   "calls", "reminders", "reports", "trash"), "welcome", "search" or
 *   "card"
 */
const char *
crm_window_get_view (CrmWindow *self)
{
  g_return_val_if_fail (CRM_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

void
crm_window_show_view (CrmWindow  *self,
                      const char *name)
{
  g_return_if_fail (CRM_IS_WINDOW (self));

  if (find_section_row (self, name) == NULL)
    return;

  if (self->list_view != name)
    {
      g_free (self->list_view);
      self->list_view = g_strdup (name);
    }

  /* An empty database shows the welcome page for lists of clients and
   * deals; reports and the trash speak for themselves. */
  if (database_is_empty (self) && (g_str_equal (name, "deals") || g_str_equal (name, "contacts")))
    gtk_stack_set_visible_child_name (self->stack, "welcome");
  else
    {
      ensure_page (self, name);
      gtk_stack_set_visible_child_name (self->stack, name);
    }

  select_section (self, name);
  update_header (self);
}

void
crm_window_open_contact (CrmWindow *self,
                         gint64     contact_id)
{
  g_return_if_fail (CRM_IS_WINDOW (self));

  ensure_page (self, "card");

  /* Opening a card from a card remembers the way back. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "card") == 0)
    {
      gint64 current = crm_contact_card_get_contact_id (self->contact_card);

      if (current != 0 && current != contact_id)
        g_array_append_val (self->card_trail, current);
    }
  else
    g_array_set_size (self->card_trail, 0);

  crm_contact_card_set_contact_id (self->contact_card, contact_id);
  gtk_stack_set_visible_child_name (self->stack, "card");
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  update_header (self);
}

void
crm_window_open_deal (CrmWindow *self,
                      gint64     deal_id)
{
  g_autoptr(CrmDeal) deal = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CRM_IS_WINDOW (self));

  deal = crm_store_get_deal (self->store, deal_id, &error);
  if (deal == NULL)
    {
      crm_window_add_toast (self, adw_toast_new (error->message));
      return;
    }

  if (crm_deal_get_contact_id (deal) == 0)
    {
      crm_window_add_toast (self, adw_toast_new (_("This deal has no client yet")));
      return;
    }

  crm_window_open_contact (self, crm_deal_get_contact_id (deal));
  crm_contact_card_show_deal (self->contact_card, deal_id);
}

/**
 * crm_window_get_page:
 * @self: a #CrmWindow
 * @name: a section ("deals", "contacts", "calls", "reminders", "reports",
 *   "trash"), "search" or "card"
 *
 * Finds a page of the window, building it if it was never shown. The page
 * shown does not change.
 *
 * Returns: (transfer none) (nullable): the page, or %NULL for an unknown name
 */
GtkWidget *
crm_window_get_page (CrmWindow  *self,
                     const char *name)
{
  g_return_val_if_fail (CRM_IS_WINDOW (self), NULL);

  return ensure_page (self, name);
}

void
crm_window_add_toast (CrmWindow *self,
                      AdwToast  *toast)
{
  g_return_if_fail (CRM_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * crm_window_toast:
 * @widget: a widget in a #CrmWindow
 * @toast: (transfer full): what to say
 *
 * Shows @toast in the window that holds @widget. A widget that is in no
 * such window (not yet added to one, or in a test) has nowhere to say it:
 * the toast is dropped.
 */
void
crm_window_toast (GtkWidget *widget,
                  AdwToast  *toast)
{
  GtkWidget *window;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (ADW_IS_TOAST (toast));

  window = gtk_widget_get_ancestor (widget, CRM_TYPE_WINDOW);
  if (window != NULL)
    crm_window_add_toast (CRM_WINDOW (window), toast);
  else
    {
      g_debug ("No window to show “%s” in", adw_toast_get_title (toast));
      g_object_unref (toast);
    }
}
