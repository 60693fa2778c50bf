/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-reminder-editor.h"
#include "crm-reminder-fields.h"
#include "crm-reminder.h"
#include "crm-reminders-view.h"
#include "crm-store-activities.h"
#include "crm-text.h"
#include "crm-time.h"
#include "crm-window.h"

/**
 * CrmRemindersView:
 *
 * The reminders of everybody (or only the current user's) in three
 * sections: overdue, today and upcoming, and done ones on request. Each
 * can be marked done, snoozed (when overdue) or rescheduled. A few
 * hundred reminders at most are pending in a small business, so the view
 * reads them all and shows them as rows; it reads them again when the
 * store changes, and once a minute moves those whose time came.
 */

#define MS_PER_MINUTE ((gint64) 60 * 1000)
#define MS_PER_DAY    ((gint64) 24 * 60 * 60 * 1000)

typedef enum
{
  SECTION_OVERDUE,
  SECTION_TODAY,
  SECTION_UPCOMING,
  SECTION_DONE,
  N_SECTIONS
} Section;

struct _CrmRemindersView
{
  AdwBin           parent_instance;

  CrmStore        *store;

  /* Template children */
  GtkToggleButton *everybody_button;
  GtkToggleButton *mine_button;
  GtkToggleButton *done_button;
  GtkStack        *stack;
  AdwStatusPage   *empty_page;
  GtkWidget       *section_boxes[N_SECTIONS];
  GtkLabel        *section_counts[N_SECTIONS];
  GtkListBox      *section_lists[N_SECTIONS];

  /* The section each shown reminder is in (gint64 id → Section), to tell
   * whether the clock moved any. */
  GHashTable      *shown;

  guint            reload_idle;
  guint            minute_timer;
  gboolean         needs_reload;
  gboolean         show_all;
};

/* Thousands of reminders would mean tens of thousands of widgets; each
 * section shows this many until the user asks for all. */
#define SECTION_ROWS_LIMIT 100

G_DEFINE_FINAL_TYPE (CrmRemindersView, crm_reminders_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void schedule_minute_timer (CrmRemindersView *self);

/* Helpers */

static void
show_toast (CrmRemindersView *self,
            const char       *title)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), CRM_TYPE_WINDOW);

  if (window != NULL)
    crm_window_add_toast (CRM_WINDOW (window), adw_toast_new (title));
}

static gboolean
is_blank (const char *text)
{
  return crm_text_is_blank (text);
}

static Section
section_of (CrmReminder *reminder,
            gint64       now,
            gint64       tomorrow)
{
  gint64 due = crm_reminder_get_effective_due (reminder);

  if (crm_reminder_get_is_done (reminder))
    return SECTION_DONE;
  if (due < now)
    return SECTION_OVERDUE;
  if (due < tomorrow)
    return SECTION_TODAY;
  return SECTION_UPCOMING;
}

static gint64
start_of_tomorrow (gint64 now)
{
  g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (now / 1000);
  g_autoptr(GDateTime) next = g_date_time_add_days (local, 1);
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (next),
                                                         g_date_time_get_month (next),
                                                         g_date_time_get_day_of_month (next),
                                                         0, 0, 0);

  return g_date_time_to_unix (midnight) * 1000;
}

static gint64
shown_assignee (CrmRemindersView *self)
{
  return gtk_toggle_button_get_active (self->mine_button)
         ? crm_store_get_current_user (self->store) : 0;
}

static void
list_box_clear (GtkListBox *list)
{
  GtkWidget *child;

  /* gtk_list_box_remove_all() is GTK 4.12. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
icon_button_new (const char *icon_name,
                 const char *tooltip,
                 const char *accessible_label,
                 const char *action_name,
                 gint64      id)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label,
                                  -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (id));

  return button;
}

static GtkWidget *
snooze_button_new (gint64      id,
                   const char *accessible_label)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  GtkWidget *button = gtk_menu_button_new ();
  struct {
    const char *label;
    const char *action;
  } choices[] = {
    { N_("For 10 Minutes"), "reminders.snooze-10-minutes" },
    { N_("For 1 Hour"), "reminders.snooze-1-hour" },
    { N_("Until Tomorrow Morning"), "reminders.snooze-tomorrow" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (choices); i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_(choices[i].label), NULL);

      g_menu_item_set_action_and_target_value (item, choices[i].action, g_variant_new_int64 (id));
      g_menu_append_item (menu, item);
    }

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "alarm-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Snooze"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label,
                                  -1);

  return button;
}

static GtkWidget *
reminder_row_new (CrmReminder *reminder,
                  Section      section)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *time_label;
  g_autofree char *when = crm_time_format_short (crm_reminder_get_effective_due (reminder));
  g_autoptr(GString) title = g_string_new (NULL);
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autofree char *accessible = NULL;
  const char *note = crm_reminder_get_note (reminder);
  const char *what = !is_blank (note) ? note : _("Reminder");
  gint64 id = crm_reminder_get_id (reminder);

  /* Who to call and how: the client and the phone. */
  g_string_append (title, !is_blank (crm_reminder_get_contact_name (reminder))
                          ? crm_reminder_get_contact_name (reminder) : _("No client"));
  if (!is_blank (crm_reminder_get_contact_phone (reminder)))
    g_string_append_printf (title, " · %s", crm_reminder_get_contact_phone (reminder));

  /* What to do, about which deal, for whom. */
  g_string_append (subtitle, what);
  if (!is_blank (crm_reminder_get_deal_title (reminder)))
    {
      g_string_append (subtitle, " · ");
      /* Translators: %s is a deal's title. */
      g_string_append_printf (subtitle, _("Deal “%s”"), crm_reminder_get_deal_title (reminder));
    }
  if (!is_blank (crm_reminder_get_assignee_name (reminder)))
    {
      g_string_append (subtitle, " · ");
      /* Translators: %s is the employee a reminder is for. */
      g_string_append_printf (subtitle, _("for %s"), crm_reminder_get_assignee_name (reminder));
    }
  if (section != SECTION_DONE && crm_reminder_get_snoozed_until (reminder) != 0)
    {
      g_autofree char *due = crm_time_format_short (crm_reminder_get_due_at (reminder));

      g_string_append (subtitle, " · ");
      /* Translators: %s is the time a snoozed reminder was first due. */
      g_string_append_printf (subtitle, _("snoozed, was due %s"), due);
    }

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title->str);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);

  time_label = gtk_label_new (when);
  gtk_widget_add_css_class (time_label, "numeric");
  gtk_widget_add_css_class (time_label, "heading");
  gtk_label_set_width_chars (GTK_LABEL (time_label), 12);
  gtk_label_set_xalign (GTK_LABEL (time_label), 0);
  if (section == SECTION_OVERDUE)
    gtk_widget_add_css_class (time_label, "error");
  else if (section == SECTION_DONE)
    gtk_widget_add_css_class (time_label, "dim-label");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), time_label);

  if (section != SECTION_DONE)
    {
      g_autofree char *done_label = g_strdup_printf (_("Mark “%s” done"), what);
      g_autofree char *snooze_label = g_strdup_printf (_("Snooze “%s”"), what);
      g_autofree char *reschedule_label = g_strdup_printf (_("Reschedule “%s”"), what);
      GtkWidget *done;

      /* Snoozing puts off what is due; for what is not due yet it would
       * only bring it forward. */
      if (section == SECTION_OVERDUE)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), snooze_button_new (id, snooze_label));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 icon_button_new ("x-office-calendar-symbolic", _("Reschedule"),
                                                  reschedule_label, "reminders.reschedule", id));
      done = gtk_button_new_with_label (_("Done"));
      gtk_widget_set_valign (done, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (done, _("Mark done"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (done),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, done_label,
                                      -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (done), "reminders.done");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (done), g_variant_new_int64 (id));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), done);
    }
  else
    gtk_widget_add_css_class (row, "dim-label");

  /* The row opens the client's card. */
  if (crm_reminder_get_contact_id (reminder) != 0)
    {
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.open-contact");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row),
                                              g_variant_new_int64 (crm_reminder_get_contact_id (reminder)));
    }

  accessible = g_strdup_printf ("%s, %s, %s", when, title->str, subtitle->str);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  g_object_set_data_full (G_OBJECT (row), "crm-reminder-id", g_memdup2 (&id, sizeof id), g_free);

  return row;
}

/* Filling */

static gint64
focused_reminder (CrmRemindersView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  for (GtkWidget *w = focus; w != NULL && w != GTK_WIDGET (self); w = gtk_widget_get_parent (w))
    {
      gint64 *id = g_object_get_data (G_OBJECT (w), "crm-reminder-id");

      if (id != NULL)
        return *id;
    }

  return 0;
}

static void
focus_reminder (CrmRemindersView *self,
                gint64            id)
{
  for (guint i = 0; i < N_SECTIONS; i++)
    {
      for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->section_lists[i]));
           row != NULL;
           row = gtk_widget_get_next_sibling (row))
        {
          gint64 *row_id = g_object_get_data (G_OBJECT (row), "crm-reminder-id");

          if (row_id != NULL && *row_id == id)
            {
              gtk_widget_grab_focus (row);
              return;
            }
        }
    }
}

/* Where a reminder's row is: its section and its index there. */
static gboolean
find_row (CrmRemindersView *self,
          gint64            id,
          Section          *section,
          int              *index)
{
  for (guint i = 0; i < N_SECTIONS; i++)
    {
      int n = 0;

      for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->section_lists[i]));
           row != NULL;
           row = gtk_widget_get_next_sibling (row), n++)
        {
          gint64 *row_id = g_object_get_data (G_OBJECT (row), "crm-reminder-id");

          if (row_id != NULL && *row_id == id)
            {
              *section = i;
              *index = n;
              return TRUE;
            }
        }
    }

  return FALSE;
}

/* After a row was done or snoozed away, the keyboard stays where it was:
 * on the row that took its place, so that the next can be dealt with. */
static void
focus_place (CrmRemindersView *self,
             Section           section,
             int               index)
{
  GtkListBox *list = self->section_lists[section];
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, index);

  for (int i = index - 1; row == NULL && i >= 0; i--)
    row = gtk_list_box_get_row_at_index (list, i);

  for (guint i = 0; row == NULL && i < N_SECTIONS; i++)
    row = gtk_list_box_get_row_at_index (self->section_lists[i], 0);

  if (row != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (row));
}

static GtkWidget *show_all_row_new (CrmRemindersView *self,
                                    guint             count);

static void
reload (CrmRemindersView *self)
{
  g_autoptr(GPtrArray) reminders = NULL;
  g_autoptr(GError) error = NULL;
  gboolean show_done = gtk_toggle_button_get_active (self->done_button);
  gboolean only_mine = gtk_toggle_button_get_active (self->mine_button);
  gint64 now = crm_time_now_ms ();
  gint64 tomorrow = start_of_tomorrow (now);
  gint64 focus_id = focused_reminder (self);
  guint counts[N_SECTIONS] = { 0, };
  guint total = 0;

  self->needs_reload = FALSE;
  g_clear_handle_id (&self->reload_idle, g_source_remove);

  for (guint i = 0; i < N_SECTIONS; i++)
    list_box_clear (self->section_lists[i]);
  g_hash_table_remove_all (self->shown);

  reminders = crm_store_list_reminders (self->store, shown_assignee (self), show_done, &error);
  if (reminders == NULL)
    {
      adw_status_page_set_icon_name (self->empty_page, "dialog-warning-symbolic");
      adw_status_page_set_title (self->empty_page, _("The reminders could not be read"));
      adw_status_page_set_description (self->empty_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  for (guint i = 0; i < reminders->len; i++)
    counts[section_of (g_ptr_array_index (reminders, i), now, tomorrow)]++;

  /* The store lists by due time, oldest first; done ones are shown the
   * latest first. Past the limit a section ends with a row to show all. */
  {
    guint built[N_SECTIONS] = { 0, };
    guint seen_done = 0;

    for (guint i = 0; i < reminders->len; i++)
      {
        CrmReminder *reminder = g_ptr_array_index (reminders, i);
        Section section = section_of (reminder, now, tomorrow);
        gint64 id = crm_reminder_get_id (reminder);

        g_hash_table_insert (self->shown, g_memdup2 (&id, sizeof id), GINT_TO_POINTER (section));
        total++;

        if (section == SECTION_DONE)
          {
            /* Only the latest done ones: skip the oldest. */
            if (!self->show_all && counts[section] - seen_done++ > SECTION_ROWS_LIMIT)
              continue;
            gtk_list_box_prepend (self->section_lists[section], reminder_row_new (reminder, section));
          }
        else
          {
            if (!self->show_all && built[section] >= SECTION_ROWS_LIMIT)
              continue;
            gtk_list_box_append (self->section_lists[section], reminder_row_new (reminder, section));
          }
        built[section]++;
      }

    for (guint i = 0; i < N_SECTIONS; i++)
      {
        if (built[i] < counts[i])
          gtk_list_box_append (self->section_lists[i], show_all_row_new (self, counts[i]));
      }
  }

  for (guint i = 0; i < N_SECTIONS; i++)
    {
      g_autofree char *count = g_strdup_printf ("%u", counts[i]);

      gtk_label_set_text (self->section_counts[i], count);
      gtk_widget_set_visible (self->section_boxes[i], counts[i] > 0);
    }

  if (total == 0)
    {
      adw_status_page_set_icon_name (self->empty_page, "alarm-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Reminders"));
      adw_status_page_set_description (self->empty_page,
                                       only_mine
                                       ? _("Nothing to do for you. Reminders set for you on a client or a deal show up here.")
                                       : _("Reminders set on a client or a deal show up here, and pop up when they fall due."));
    }
  gtk_stack_set_visible_child_name (self->stack, total > 0 ? "list" : "empty");

  if (focus_id != 0)
    focus_reminder (self, focus_id);
}

static gboolean
reload_idle_cb (gpointer user_data);

static void
show_all_clicked_cb (GtkButton        *button,
                     CrmRemindersView *self)
{
  self->show_all = TRUE;
  g_clear_handle_id (&self->reload_idle, g_source_remove);
  self->reload_idle = g_idle_add (reload_idle_cb, self);
}

static GtkWidget *
show_all_row_new (CrmRemindersView *self,
                  guint             count)
{
  g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                         "Show All %u Reminder",
                                                         "Show All %u Reminders",
                                                         count),
                                            count);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_margin_top (button, 6);
  gtk_widget_set_margin_bottom (button, 6);
  g_signal_connect (button, "clicked", G_CALLBACK (show_all_clicked_cb), self);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), button);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);

  return row;
}

static gboolean
reload_idle_cb (gpointer user_data)
{
  CrmRemindersView *self = user_data;

  self->reload_idle = 0;
  reload (self);

  return G_SOURCE_REMOVE;
}

static void
queue_reload (CrmRemindersView *self)
{
  /* A hidden view reads again when it is shown. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->needs_reload = TRUE;
      return;
    }

  if (self->reload_idle == 0)
    self->reload_idle = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, reload_idle_cb, self, NULL);
}

/* Whether the clock moved a shown reminder into another section. */
static gboolean
sections_moved (CrmRemindersView *self)
{
  g_autoptr(GPtrArray) reminders = NULL;
  gint64 now = crm_time_now_ms ();
  gint64 tomorrow = start_of_tomorrow (now);
  gpointer value;

  reminders = crm_store_list_reminders (self->store, shown_assignee (self),
                                        gtk_toggle_button_get_active (self->done_button), NULL);
  if (reminders == NULL || reminders->len != g_hash_table_size (self->shown))
    return TRUE;

  for (guint i = 0; i < reminders->len; i++)
    {
      CrmReminder *reminder = g_ptr_array_index (reminders, i);
      gint64 id = crm_reminder_get_id (reminder);

      if (!g_hash_table_lookup_extended (self->shown, &id, NULL, &value) ||
          GPOINTER_TO_INT (value) != (int)section_of (reminder, now, tomorrow))
        return TRUE;
    }

  return FALSE;
}

static gboolean
minute_cb (gpointer user_data)
{
  CrmRemindersView *self = user_data;

  self->minute_timer = 0;
  if (sections_moved (self))
    reload (self);
  schedule_minute_timer (self);

  return G_SOURCE_REMOVE;
}

/* Wakes at the start of each minute, when reminders fall due. */
static void
schedule_minute_timer (CrmRemindersView *self)
{
  gint64 now = crm_time_now_ms ();
  guint delay = (guint)(MS_PER_MINUTE - now % MS_PER_MINUTE) + 200;

  g_clear_handle_id (&self->minute_timer, g_source_remove);
  self->minute_timer = g_timeout_add (delay, minute_cb, self);
}

/* Callbacks */

static void
store_changed_cb (CrmRemindersView *self,
                  CrmEntityKind     kind,
                  gint64            id)
{
  switch (kind)
    {
    case CRM_ENTITY_ANY:
    case CRM_ENTITY_REMINDER:
    case CRM_ENTITY_CONTACT:
    case CRM_ENTITY_DEAL:
    case CRM_ENTITY_USER:
      queue_reload (self);
      break;

    case CRM_ENTITY_PIPELINE:
    case CRM_ENTITY_STAGE:
    case CRM_ENTITY_ACTIVITY:
    case CRM_ENTITY_ATTACHMENT:
    default:
      break;
    }
}

static void
filter_toggled_cb (CrmRemindersView *self)
{
  if (self->store != NULL)
    reload (self);
}

static void
map_cb (CrmRemindersView *self)
{
  if (self->needs_reload || sections_moved (self))
    reload (self);
  schedule_minute_timer (self);
}

static void
unmap_cb (CrmRemindersView *self)
{
  g_clear_handle_id (&self->minute_timer, g_source_remove);
}

/* Actions */

static void
done_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CrmRemindersView *self = CRM_REMINDERS_VIEW (widget);
  g_autoptr(GError) error = NULL;

  gint64 id = g_variant_get_int64 (parameter);
  Section section;
  int index;
  gboolean found = find_row (self, id, &section, &index);

  if (!crm_store_complete_reminder (self->store, id, &error))
    {
      show_toast (self, error->message);
      return;
    }

  reload (self);
  if (found)
    focus_place (self, section, index);
}

static void
snooze (CrmRemindersView *self,
        gint64            id,
        CrmQuickTime      choice)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *when = NULL;
  g_autofree char *message = NULL;
  gint64 until = crm_quick_time_compute (choice, crm_time_now_ms ());
  Section section;
  int index;
  gboolean found = find_row (self, id, &section, &index);

  if (!crm_store_snooze_reminder (self->store, id, until, &error))
    {
      show_toast (self, error->message);
      return;
    }

  when = crm_time_format_short (until);
  /* Translators: %s is a time, such as 14:40 or 28 Nov 09:00. */
  message = g_strdup_printf (_("Snoozed until %s"), when);
  show_toast (self, message);
  reload (self);
  if (found)
    focus_place (self, section, index);
}

static void
snooze_10_minutes_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  snooze (CRM_REMINDERS_VIEW (widget), g_variant_get_int64 (parameter), CRM_QUICK_TIME_IN_10_MINUTES);
}

static void
snooze_1_hour_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  snooze (CRM_REMINDERS_VIEW (widget), g_variant_get_int64 (parameter), CRM_QUICK_TIME_IN_1_HOUR);
}

static void
snooze_tomorrow_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  snooze (CRM_REMINDERS_VIEW (widget), g_variant_get_int64 (parameter), CRM_QUICK_TIME_TOMORROW_MORNING);
}

static void
reschedule_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CrmRemindersView *self = CRM_REMINDERS_VIEW (widget);
  CrmReminderEditor *editor;

  editor = crm_reminder_editor_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->store,
                                    g_variant_get_int64 (parameter), 0, 0);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  CrmRemindersView *self = CRM_REMINDERS_VIEW (widget);
  CrmReminderEditor *editor;

  editor = crm_reminder_editor_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->store, 0, 0, 0);
  gtk_window_present (GTK_WINDOW (editor));
}

/* GObject */

static void
crm_reminders_view_set_store (CrmRemindersView *self,
                              CrmStore         *store)
{
  g_assert (self->store == NULL);

  self->store = g_object_ref (store);
  g_signal_connect_object (store, "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  reload (self);
}

static void
crm_reminders_view_dispose (GObject *object)
{
  CrmRemindersView *self = (CrmRemindersView *)object;

  g_clear_handle_id (&self->reload_idle, g_source_remove);
  g_clear_handle_id (&self->minute_timer, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_REMINDERS_VIEW);

  G_OBJECT_CLASS (crm_reminders_view_parent_class)->dispose (object);
}

static void
crm_reminders_view_finalize (GObject *object)
{
  CrmRemindersView *self = (CrmRemindersView *)object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->shown, g_hash_table_unref);

  G_OBJECT_CLASS (crm_reminders_view_parent_class)->finalize (object);
}

static void
crm_reminders_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  CrmRemindersView *self = CRM_REMINDERS_VIEW (object);

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
crm_reminders_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  CrmRemindersView *self = CRM_REMINDERS_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      crm_reminders_view_set_store (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_reminders_view_class_init (CrmRemindersViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crm_reminders_view_dispose;
  object_class->finalize = crm_reminders_view_finalize;
  object_class->get_property = crm_reminders_view_get_property;
  object_class->set_property = crm_reminders_view_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         CRM_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/crm-reminders-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmRemindersView, everybody_button);
  gtk_widget_class_bind_template_child (widget_class, CrmRemindersView, mine_button);
  gtk_widget_class_bind_template_child (widget_class, CrmRemindersView, done_button);
  gtk_widget_class_bind_template_child (widget_class, CrmRemindersView, stack);
  gtk_widget_class_bind_template_child (widget_class, CrmRemindersView, empty_page);
  gtk_widget_class_bind_template_child_full (widget_class, "overdue_box", FALSE,
                                             G_STRUCT_OFFSET (CrmRemindersView, section_boxes[SECTION_OVERDUE]));
  gtk_widget_class_bind_template_child_full (widget_class, "today_box", FALSE,
                                             G_STRUCT_OFFSET (CrmRemindersView, section_boxes[SECTION_TODAY]));
  gtk_widget_class_bind_template_child_full (widget_class, "upcoming_box", FALSE,
                                             G_STRUCT_OFFSET (CrmRemindersView, section_boxes[SECTION_UPCOMING]));
  gtk_widget_class_bind_template_child_full (widget_class, "done_box", FALSE,
                                             G_STRUCT_OFFSET (CrmRemindersView, section_boxes[SECTION_DONE]));
  gtk_widget_class_bind_template_child_full (widget_class, "overdue_count", FALSE,
                                             G_STRUCT_OFFSET (CrmRemindersView, section_counts[SECTION_OVERDUE]));
  gtk_widget_class_bind_template_child_full (widget_class, "today_count", FALSE,
                                             G_STRUCT_OFFSET (CrmRemindersView, section_counts[SECTION_TODAY]));
  gtk_widget_class_bind_template_child_full (widget_class, "upcoming_count", FALSE,
                                             G_STRUCT_OFFSET (CrmRemindersView, section_counts[SECTION_UPCOMING]));
  gtk_widget_class_bind_template_child_full (widget_class, "done_count", FALSE,
                                             G_STRUCT_OFFSET (CrmRemindersView, section_counts[SECTION_DONE]));
  gtk_widget_class_bind_template_child_full (widget_class, "overdue_list", FALSE,
                                             G_STRUCT_OFFSET (CrmRemindersView, section_lists[SECTION_OVERDUE]));
  gtk_widget_class_bind_template_child_full (widget_class, "today_list", FALSE,
                                             G_STRUCT_OFFSET (CrmRemindersView, section_lists[SECTION_TODAY]));
  gtk_widget_class_bind_template_child_full (widget_class, "upcoming_list", FALSE,
                                             G_STRUCT_OFFSET (CrmRemindersView, section_lists[SECTION_UPCOMING]));
  gtk_widget_class_bind_template_child_full (widget_class, "done_list", FALSE,
                                             G_STRUCT_OFFSET (CrmRemindersView, section_lists[SECTION_DONE]));
  gtk_widget_class_bind_template_callback (widget_class, filter_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, map_cb);
  gtk_widget_class_bind_template_callback (widget_class, unmap_cb);

  gtk_widget_class_install_action (widget_class, "reminders.done", "x", done_action);
  gtk_widget_class_install_action (widget_class, "reminders.snooze-10-minutes", "x", snooze_10_minutes_action);
  gtk_widget_class_install_action (widget_class, "reminders.snooze-1-hour", "x", snooze_1_hour_action);
  gtk_widget_class_install_action (widget_class, "reminders.snooze-tomorrow", "x", snooze_tomorrow_action);
  gtk_widget_class_install_action (widget_class, "reminders.reschedule", "x", reschedule_action);
  gtk_widget_class_install_action (widget_class, "reminders.new", NULL, new_action);
}

static void
crm_reminders_view_init (CrmRemindersView *self)
{
  self->shown = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * crm_reminders_view_new:
 * @store: the store to show the reminders of
 *
 * Returns: (transfer floating): a new list of reminders
 */
CrmRemindersView *
crm_reminders_view_new (CrmStore *store)
{
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);

  return g_object_new (CRM_TYPE_REMINDERS_VIEW,
                       "store", store,
                       NULL);
}
