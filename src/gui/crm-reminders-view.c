/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "crm-idle-after-frame.h"
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
 * can be marked done, snoozed (when overdue) or rescheduled.
 *
 * A database can hold thousands of pending reminders, so the view counts
 * them per section and reads only the first few of each until it is asked
 * for all. It builds the rows of the first screen before it is drawn and
 * the others after that frame. Reading again, when the store changes,
 * keeps the rows of the reminders still shown: marking one done removes
 * one row rather than rebuilding the list. Once a minute it counts again,
 * to move the reminders whose time came.
 */

#define MS_PER_MINUTE ((gint64) 60 * 1000)

/* Each section shows this many reminders until the user asks for all. */
#define SECTION_ROWS_LIMIT 25

/* What the first screen needs: the least height of a row, and how many
 * rows to build while the view cannot tell its height yet. */
#define MIN_ROW_HEIGHT         50
#define ROWS_BEFORE_ALLOCATION 24

/* How long building the rows below the first screen may hold the main
 * loop at a time. */
#define BUILD_SLICE_US 8000

typedef enum
{
  SECTION_OVERDUE,
  SECTION_TODAY,
  SECTION_UPCOMING,
  SECTION_DONE,
  N_SECTIONS
} Section;

/* The parameters of reminders.show-all. */
static const char * const section_names[N_SECTIONS] = {
  "overdue", "today", "upcoming", "done",
};

/* One section. Its list box has a row for each of reminders[0, n_rows),
 * none yet for the rest of reminders (they come after the next frame),
 * and last the show-all row, shown while it lists fewer than it counts.
 * The box, the count label and the list come from the template. */
typedef struct
{
  GtkWidget  *box;
  GtkLabel   *count_label;
  GtkListBox *list;
  GPtrArray  *reminders;      /* (element-type CrmReminder) */
  guint       count;
  guint       n_rows;
  GtkWidget  *show_all_row;
  GtkWidget  *show_all_button;
  gboolean    show_all;
} SectionView;

/* The parts of a reminder's row that change when it shows another one,
 * and what it shows. */
typedef struct
{
  CrmReminder *shown;
  gint64       shown_today;   /* the day its times are written for */
  gint64       id;
  gint64       contact_id;
  char        *what;
  char        *accessible;
  GtkLabel    *time_label;
  GtkWidget   *snooze_button;
  GtkWidget   *reschedule_button;
  GtkWidget   *done_button;
} ReminderRow;

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

  SectionView      sections[N_SECTIONS];

  /* Whose reminders the rows show: -1 before the first reading. */
  gint64           shown_assignee;
  /* The start of the day the rows were read on. */
  gint64           today;

  /* A row to give the keyboard focus once it has its place on screen. */
  GtkWidget       *focus_later;
  guint            focus_idle;

  guint            reload_idle;
  guint            build_idle;
  guint            minute_timer;
  gboolean         needs_reload;
};

G_DEFINE_FINAL_TYPE (CrmRemindersView, crm_reminders_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void schedule_minute_timer (CrmRemindersView *self);

/* Helpers */

static gboolean
is_blank (const char *text)
{
  return crm_text_is_blank (text);
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

/* How many rows the view can show at once. Before it was ever allocated,
 * the window it is in tells, or what the window is about to be. */
static guint
rows_on_screen (CrmRemindersView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));

  if (height <= 0 && root != NULL)
    height = gtk_widget_get_height (GTK_WIDGET (root));
  if (height <= 0 && GTK_IS_WINDOW (root))
    gtk_window_get_default_size (GTK_WINDOW (root), NULL, &height);
  if (height <= 0)
    return ROWS_BEFORE_ALLOCATION;

  return (guint)(height / MIN_ROW_HEIGHT) + 1;
}

/* Rows */

static ReminderRow *
reminder_row_get (GtkWidget *row)
{
  return g_object_get_data (G_OBJECT (row), "crm-reminder-row");
}

static void
reminder_row_free (gpointer data)
{
  ReminderRow *parts = data;

  g_clear_object (&parts->shown);
  g_free (parts->what);
  g_free (parts->accessible);
  g_free (parts);
}

static void
update_accessible_label (GtkWidget  *widget,
                         const char *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

/* The snooze menu is made when it is opened: a popover for every overdue
 * row would cost more than the row. */
static void
snooze_popup_cb (GtkMenuButton *button,
                 gpointer       user_data)
{
  ReminderRow *parts = user_data;
  g_autoptr(GMenu) menu = g_menu_new ();
  static const struct {
    const char *label;
    const char *action;
  } choices[] = {
    { N_("For 10 Minutes"), "reminders.snooze-10-minutes" },
    { N_("For 1 Hour"), "reminders.snooze-1-hour" },
    { N_("Until Tomorrow Morning"), "reminders.snooze-tomorrow" },
  };

  if (gtk_menu_button_get_popover (button) != NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (choices); i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_(choices[i].label), NULL);

      g_menu_item_set_action_and_target_value (item, choices[i].action, g_variant_new_int64 (parts->id));
      g_menu_append_item (menu, item);
    }

  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (menu));
}

static GtkWidget *
icon_button_new (const char *icon_name,
                 const char *tooltip,
                 const char *action_name)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);

  return button;
}

/* A row for a reminder of @section, empty until reminder_row_fill(). */
static GtkWidget *
reminder_row_new (Section section)
{
  GtkWidget *row = adw_action_row_new ();
  ReminderRow *parts = g_new0 (ReminderRow, 1);
  GtkWidget *time_label = gtk_label_new (NULL);

  /* Nothing shown yet: the first filling sets everything. */
  parts->id = -1;
  parts->contact_id = -1;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);

  gtk_widget_add_css_class (time_label, "numeric");
  gtk_widget_add_css_class (time_label, "heading");
  gtk_label_set_width_chars (GTK_LABEL (time_label), 12);
  gtk_label_set_xalign (GTK_LABEL (time_label), 0);
  if (section == SECTION_OVERDUE)
    gtk_widget_add_css_class (time_label, "error");
  else if (section == SECTION_DONE)
    gtk_widget_add_css_class (time_label, "dim-label");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), time_label);
  parts->time_label = GTK_LABEL (time_label);

  if (section != SECTION_DONE)
    {
      /* Snoozing puts off what is due; for what is not due yet it would
       * only bring it forward. */
      if (section == SECTION_OVERDUE)
        {
          parts->snooze_button = gtk_menu_button_new ();
          gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (parts->snooze_button), "alarm-symbolic");
          gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (parts->snooze_button),
                                                 snooze_popup_cb, parts, NULL);
          gtk_widget_set_valign (parts->snooze_button, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (parts->snooze_button, "flat");
          gtk_widget_set_tooltip_text (parts->snooze_button, _("Snooze"));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), parts->snooze_button);
        }

      parts->reschedule_button = icon_button_new ("x-office-calendar-symbolic", _("Reschedule"),
                                                  "reminders.reschedule");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), parts->reschedule_button);

      parts->done_button = gtk_button_new_with_label (_("Done"));
      gtk_widget_set_valign (parts->done_button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (parts->done_button, _("Mark done"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (parts->done_button), "reminders.done");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), parts->done_button);
    }
  else
    gtk_widget_add_css_class (row, "dim-label");

  g_object_set_data_full (G_OBJECT (row), "crm-reminder-row", parts, reminder_row_free);

  return row;
}

/* Whether @a and @b look the same in a row. */
static gboolean
same_in_row (CrmReminder *a,
             CrmReminder *b)
{
  return crm_reminder_get_id (a) == crm_reminder_get_id (b) &&
         crm_reminder_get_contact_id (a) == crm_reminder_get_contact_id (b) &&
         crm_reminder_get_due_at (a) == crm_reminder_get_due_at (b) &&
         crm_reminder_get_snoozed_until (a) == crm_reminder_get_snoozed_until (b) &&
         g_strcmp0 (crm_reminder_get_note (a), crm_reminder_get_note (b)) == 0 &&
         g_strcmp0 (crm_reminder_get_contact_name (a), crm_reminder_get_contact_name (b)) == 0 &&
         g_strcmp0 (crm_reminder_get_contact_phone (a), crm_reminder_get_contact_phone (b)) == 0 &&
         g_strcmp0 (crm_reminder_get_deal_title (a), crm_reminder_get_deal_title (b)) == 0 &&
         g_strcmp0 (crm_reminder_get_assignee_name (a), crm_reminder_get_assignee_name (b)) == 0;
}

/* Shows @reminder in @row, its times written as seen on @today. What did
 * not change is left as it is, so that filling a row again with the
 * reminder it shows costs next to nothing. */
static void
reminder_row_fill (GtkWidget   *row,
                   CrmReminder *reminder,
                   Section      section,
                   gint64       today)
{
  ReminderRow *parts = reminder_row_get (row);
  g_autofree char *when = NULL;
  g_autoptr(GString) title = NULL;
  g_autoptr(GString) subtitle = NULL;
  g_autofree char *accessible = NULL;
  const char *note = crm_reminder_get_note (reminder);
  const char *what = !is_blank (note) ? note : _("Reminder");
  gint64 id = crm_reminder_get_id (reminder);
  gint64 contact_id = crm_reminder_get_contact_id (reminder);

  if (parts->shown != NULL && parts->shown_today == today && same_in_row (parts->shown, reminder))
    return;
  g_set_object (&parts->shown, reminder);
  parts->shown_today = today;

  when = crm_time_format_short (crm_reminder_get_effective_due (reminder));
  title = g_string_new (NULL);
  subtitle = g_string_new (NULL);

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

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title->str);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  gtk_label_set_text (parts->time_label, when);

  accessible = g_strdup_printf ("%s, %s, %s", when, title->str, subtitle->str);
  if (g_strcmp0 (accessible, parts->accessible) != 0)
    {
      update_accessible_label (row, accessible);
      g_free (parts->accessible);
      parts->accessible = g_steal_pointer (&accessible);
    }

  /* The buttons act on the reminder by its id and are named after it. */
  if (id != parts->id || g_strcmp0 (what, parts->what) != 0)
    {
      GVariant *target = g_variant_ref_sink (g_variant_new_int64 (id));

      if (parts->snooze_button != NULL)
        {
          g_autofree char *label = g_strdup_printf (_("Snooze “%s”"), what);

          update_accessible_label (parts->snooze_button, label);
          /* Its menu names the reminder it was made for. */
          if (id != parts->id)
            gtk_menu_button_set_popover (GTK_MENU_BUTTON (parts->snooze_button), NULL);
        }
      if (parts->reschedule_button != NULL)
        {
          g_autofree char *label = g_strdup_printf (_("Reschedule “%s”"), what);

          update_accessible_label (parts->reschedule_button, label);
          gtk_actionable_set_action_target_value (GTK_ACTIONABLE (parts->reschedule_button), target);
        }
      if (parts->done_button != NULL)
        {
          g_autofree char *label = g_strdup_printf (_("Mark “%s” done"), what);

          update_accessible_label (parts->done_button, label);
          gtk_actionable_set_action_target_value (GTK_ACTIONABLE (parts->done_button), target);
        }

      g_variant_unref (target);
      parts->id = id;
      g_free (parts->what);
      parts->what = g_strdup (what);
    }

  /* The row opens the client's card. */
  if (contact_id != parts->contact_id)
    {
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), contact_id != 0);
      if (contact_id != 0)
        gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row), g_variant_new_int64 (contact_id));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), contact_id != 0 ? "win.open-contact" : NULL);
      parts->contact_id = contact_id;
    }
}

/* Sections */

static guint
rows_built (CrmRemindersView *self)
{
  guint n = 0;

  for (guint i = 0; i < N_SECTIONS; i++)
    n += self->sections[i].n_rows;

  return n;
}

static guint
rows_read (CrmRemindersView *self)
{
  guint n = 0;

  for (guint i = 0; i < N_SECTIONS; i++)
    n += self->sections[i].reminders->len;

  return n;
}

static gboolean
rows_to_come (CrmRemindersView *self)
{
  for (guint i = 0; i < N_SECTIONS; i++)
    {
      if (self->sections[i].n_rows < self->sections[i].reminders->len)
        return TRUE;
    }

  return FALSE;
}

/* Builds the row of the next reminder of @section that has none. */
static void
build_row (CrmRemindersView *self,
           Section           section)
{
  SectionView *sv = &self->sections[section];
  GtkWidget *row = reminder_row_new (section);

  g_assert (sv->n_rows < sv->reminders->len);

  reminder_row_fill (row, g_ptr_array_index (sv->reminders, sv->n_rows), section, self->today);
  gtk_list_box_insert (sv->list, row, (int)sv->n_rows);
  sv->n_rows++;
}

/* Builds rows from the top until @total rows are built (or all are). */
static void
build_rows (CrmRemindersView *self,
            guint             total)
{
  guint built = rows_built (self);

  for (guint i = 0; i < N_SECTIONS && built < total; i++)
    {
      SectionView *sv = &self->sections[i];

      for (; sv->n_rows < sv->reminders->len && built < total; built++)
        build_row (self, i);
    }
}

/* Builds the rows of @section down to the one at @index. */
static void
build_rows_through (CrmRemindersView *self,
                    Section           section,
                    guint             index)
{
  SectionView *sv = &self->sections[section];

  while (sv->n_rows <= index && sv->n_rows < sv->reminders->len)
    build_row (self, section);
}

/* The rows below the first screen follow once the frame showing the first
 * screen is drawn, a slice at a time, each in a pass of the main loop of
 * its own, so that clicks and keys never wait long for them. */
static gboolean
build_rest_cb (gpointer user_data)
{
  CrmRemindersView *self = user_data;
  gint64 until = g_get_monotonic_time () + BUILD_SLICE_US;

  do
    {
      if (!rows_to_come (self))
        {
          self->build_idle = 0;
          return G_SOURCE_REMOVE;
        }
      build_rows (self, rows_built (self) + 1);
    }
  while (g_get_monotonic_time () < until);

  return G_SOURCE_CONTINUE;
}

/* Only while the view is on screen: hidden, it has no frames to wait for,
 * and its window's frame clock may go before it. */
static void
queue_build_rest (CrmRemindersView *self)
{
  if (self->build_idle == 0 && rows_to_come (self) && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->build_idle = crm_idle_after_frame_add (GTK_WIDGET (self), build_rest_cb, self, NULL);
}

static GtkWidget *
show_all_row_new (CrmRemindersView *self,
                  Section           section)
{
  SectionView *sv = &self->sections[section];
  GtkWidget *row = gtk_list_box_row_new ();

  sv->show_all_button = gtk_button_new ();
  gtk_widget_add_css_class (sv->show_all_button, "flat");
  gtk_widget_set_margin_top (sv->show_all_button, 6);
  gtk_widget_set_margin_bottom (sv->show_all_button, 6);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (sv->show_all_button), "reminders.show-all");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (sv->show_all_button),
                                          g_variant_new_string (section_names[section]));
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), sv->show_all_button);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);

  return row;
}

/* The show-all row stays in its list and hides when not needed, so that
 * the button that asks for all is not destroyed while it is clicked. */
static void
update_show_all_row (CrmRemindersView *self,
                     Section           section)
{
  SectionView *sv = &self->sections[section];
  gboolean needed = sv->reminders->len < sv->count;

  if (needed)
    {
      g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "Show All %u Reminder",
                                                             "Show All %u Reminders",
                                                             sv->count),
                                                sv->count);

      if (sv->show_all_row == NULL)
        {
          sv->show_all_row = show_all_row_new (self, section);
          gtk_list_box_append (sv->list, sv->show_all_row);
        }
      gtk_button_set_label (GTK_BUTTON (sv->show_all_button), label);
    }

  if (sv->show_all_row != NULL)
    gtk_widget_set_visible (sv->show_all_row, needed);
}

/* Makes the rows of @section show @reminders (taking it). The rows of
 * reminders that stay are kept and refilled; a gone reminder's row goes,
 * and a new reminder gets a new row in its place, so that marking one
 * done does not touch the others. When the reminders are another set
 * altogether (@by_id FALSE, as when the filter changed), rows are refilled
 * by their place. Reminders past the last row get theirs later. */
static void
sync_section (CrmRemindersView *self,
              Section           section,
              GPtrArray        *reminders,
              gboolean          by_id)
{
  SectionView *sv = &self->sections[section];
  g_autoptr(GHashTable) old_ahead = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) new_ahead = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree gint64 *new_ids = g_new (gint64, MAX (reminders->len, 1));
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (sv->list));
  guint kept = 0;

  for (guint i = 0; i < reminders->len; i++)
    {
      new_ids[i] = crm_reminder_get_id (g_ptr_array_index (reminders, i));
      g_hash_table_add (new_ahead, &new_ids[i]);
    }
  for (GtkWidget *row = child; row != NULL && row != sv->show_all_row; row = gtk_widget_get_next_sibling (row))
    g_hash_table_add (old_ahead, &reminder_row_get (row)->id);

  /* Rows before @child show reminders[0, kept). */
  while (child != NULL && child != sv->show_all_row && kept < reminders->len)
    {
      ReminderRow *parts = reminder_row_get (child);
      GtkWidget *next = gtk_widget_get_next_sibling (child);
      gint64 new_id = new_ids[kept];
      gboolean old_stays = g_hash_table_contains (new_ahead, &parts->id);
      gboolean new_has_row = g_hash_table_contains (old_ahead, &new_id);

      if (parts->id == new_id || !by_id || old_stays == new_has_row)
        {
          /* The same reminder, or one in place of another. */
          g_hash_table_remove (old_ahead, &parts->id);
          g_hash_table_remove (new_ahead, &new_id);
          reminder_row_fill (child, g_ptr_array_index (reminders, kept), section, self->today);
          child = next;
          kept++;
        }
      else if (new_has_row)
        {
          /* This row's reminder left the section. */
          g_hash_table_remove (old_ahead, &parts->id);
          gtk_list_box_remove (sv->list, child);
          child = next;
        }
      else
        {
          /* A reminder that had no row comes before this one. */
          GtkWidget *row = reminder_row_new (section);

          g_hash_table_remove (new_ahead, &new_id);
          reminder_row_fill (row, g_ptr_array_index (reminders, kept), section, self->today);
          gtk_list_box_insert (sv->list, row, (int)kept);
          kept++;
        }
    }

  /* Rows past the reminders go. */
  while (child != NULL && child != sv->show_all_row)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      gtk_list_box_remove (sv->list, child);
      child = next;
    }

  g_ptr_array_unref (sv->reminders);
  sv->reminders = reminders;
  sv->n_rows = kept;
  update_show_all_row (self, section);
}

static void
clear_sections (CrmRemindersView *self)
{
  g_clear_handle_id (&self->build_idle, g_source_remove);

  for (guint i = 0; i < N_SECTIONS; i++)
    {
      SectionView *sv = &self->sections[i];

      sync_section (self, i, g_ptr_array_new_with_free_func (g_object_unref), FALSE);
      sv->count = 0;
      update_show_all_row (self, i);
      gtk_widget_set_visible (sv->box, FALSE);
    }
}

/* Focus */

static gint64
focused_reminder (CrmRemindersView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  for (GtkWidget *w = focus; w != NULL && w != GTK_WIDGET (self); w = gtk_widget_get_parent (w))
    {
      ReminderRow *parts = reminder_row_get (w);

      if (parts != NULL)
        return parts->id;
    }

  return 0;
}

/* Where a reminder's row is: its section and its index there. */
static GtkWidget *
find_row (CrmRemindersView *self,
          gint64            id,
          Section          *section,
          guint            *index)
{
  for (guint i = 0; i < N_SECTIONS; i++)
    {
      guint n = 0;

      for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sections[i].list));
           row != NULL && n < self->sections[i].n_rows;
           row = gtk_widget_get_next_sibling (row), n++)
        {
          if (reminder_row_get (row)->id == id)
            {
              if (section != NULL)
                *section = i;
              if (index != NULL)
                *index = n;
              return row;
            }
        }
    }

  return NULL;
}

static gboolean
focus_later_cb (gpointer user_data)
{
  CrmRemindersView *self = user_data;

  self->focus_idle = 0;
  if (self->focus_later != NULL)
    gtk_widget_grab_focus (self->focus_later);
  g_clear_weak_pointer (&self->focus_later);

  return G_SOURCE_REMOVE;
}

/* Gives a row the keyboard focus. One that was just built gets it once it
 * was laid out: focused before, it would make the list scroll to where it
 * has no place yet, the top. */
static void
focus_row (CrmRemindersView *self,
           GtkWidget        *row)
{
  if (gtk_widget_get_height (row) > 0 || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      g_clear_weak_pointer (&self->focus_later);
      gtk_widget_grab_focus (row);
      return;
    }

  g_set_weak_pointer (&self->focus_later, row);
  if (self->focus_idle == 0)
    self->focus_idle = crm_idle_after_frame_add (GTK_WIDGET (self), focus_later_cb, self, NULL);
}

/* After a row was done or snoozed away, the keyboard stays where it was:
 * on the row that took its place, so that the next can be dealt with. */
static void
focus_place (CrmRemindersView *self,
             Section           section,
             guint             index)
{
  SectionView *sv = &self->sections[section];
  GtkListBoxRow *row = NULL;

  if (sv->n_rows > 0)
    row = gtk_list_box_get_row_at_index (sv->list, (int)MIN (index, sv->n_rows - 1));
  else if (sv->show_all_row != NULL && gtk_widget_get_visible (sv->show_all_row))
    row = GTK_LIST_BOX_ROW (sv->show_all_row);

  for (guint i = 0; row == NULL && i < N_SECTIONS; i++)
    {
      if (self->sections[i].n_rows > 0)
        row = gtk_list_box_get_row_at_index (self->sections[i].list, 0);
    }

  if (row != NULL)
    focus_row (self, GTK_WIDGET (row));
}

/* Filling */

/* What @section lists of @count reminders: the first few, or all. */
static GPtrArray *
read_section (CrmRemindersView  *self,
              Section            section,
              guint              count,
              gint64             assignee,
              gint64             now,
              gint64             tomorrow,
              GError           **error)
{
  guint limit = self->sections[section].show_all ? 0 : SECTION_ROWS_LIMIT;

  if (count == 0)
    return g_ptr_array_new_with_free_func (g_object_unref);

  switch (section)
    {
    case SECTION_OVERDUE:
      return crm_store_list_pending_reminders_between (self->store, assignee, G_MININT64, now, limit, error);
    case SECTION_TODAY:
      return crm_store_list_pending_reminders_between (self->store, assignee, now, tomorrow, limit, error);
    case SECTION_UPCOMING:
      return crm_store_list_pending_reminders_between (self->store, assignee, tomorrow, G_MAXINT64, limit, error);
    case SECTION_DONE:
      return crm_store_list_done_reminders (self->store, assignee, limit, error);
    case N_SECTIONS:
    default:
      g_assert_not_reached ();
    }
}

static void
reload (CrmRemindersView *self)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *lists[N_SECTIONS] = { NULL, };
  CrmReminderCounts counts;
  gboolean show_done = gtk_toggle_button_get_active (self->done_button);
  gboolean only_mine = gtk_toggle_button_get_active (self->mine_button);
  gint64 assignee = shown_assignee (self);
  gint64 now = crm_time_now_ms ();
  gint64 tomorrow = start_of_tomorrow (now);
  gint64 focus_id = focused_reminder (self);
  gint64 started = g_get_monotonic_time ();
  guint rows_before = rows_built (self);
  guint total = 0;

  self->needs_reload = FALSE;
  self->today = crm_time_start_of_day (now);
  g_clear_handle_id (&self->reload_idle, g_source_remove);

  /* The counts, and the reminders each section shows: the first few, by
   * due time (done ones the latest first). */
  if (crm_store_count_reminders (self->store, assignee, show_done, now, tomorrow, &counts, &error))
    {
      guint section_counts[N_SECTIONS] = { counts.overdue, counts.soon, counts.later, counts.done };

      for (guint i = 0; i < N_SECTIONS && error == NULL; i++)
        {
          self->sections[i].count = section_counts[i];
          total += section_counts[i];
          lists[i] = read_section (self, i, section_counts[i], assignee, now, tomorrow, &error);
        }
    }

  if (error != NULL)
    {
      for (guint i = 0; i < N_SECTIONS; i++)
        g_clear_pointer (&lists[i], g_ptr_array_unref);
      clear_sections (self);
      self->shown_assignee = -1;
      adw_status_page_set_icon_name (self->empty_page, "dialog-warning-symbolic");
      adw_status_page_set_title (self->empty_page, _("The reminders could not be read"));
      adw_status_page_set_description (self->empty_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  for (guint i = 0; i < N_SECTIONS; i++)
    sync_section (self, i, g_steal_pointer (&lists[i]), assignee == self->shown_assignee);
  self->shown_assignee = assignee;

  /* Rows for the first screen now, or for as many as there were, so that
   * the list keeps its place; the others after the next frame. */
  build_rows (self, MAX (rows_on_screen (self), rows_before));
  queue_build_rest (self);
  g_debug ("Counted %u reminders, read %u and built %u rows at once in %.1f ms",
           total, rows_read (self), rows_built (self), (g_get_monotonic_time () - started) / 1000.0);

  for (guint i = 0; i < N_SECTIONS; i++)
    {
      g_autofree char *count = g_strdup_printf ("%u", self->sections[i].count);

      gtk_label_set_text (self->sections[i].count_label, count);
      gtk_widget_set_visible (self->sections[i].box, self->sections[i].count > 0);
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

  /* The keyboard stays on the reminder it was on, wherever it went. */
  if (focus_id != 0 && focused_reminder (self) != focus_id)
    {
      for (guint i = 0; i < N_SECTIONS; i++)
        {
          SectionView *sv = &self->sections[i];

          for (guint j = sv->n_rows; j < sv->reminders->len; j++)
            {
              if (crm_reminder_get_id (g_ptr_array_index (sv->reminders, j)) == focus_id)
                build_rows_through (self, i, j);
            }
        }

      {
        GtkWidget *row = find_row (self, focus_id, NULL, NULL);

        if (row != NULL)
          focus_row (self, row);
      }
    }
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

/* Whether the clock moved a reminder into another section: as time only
 * moves on (or back), a reminder that changed sections changes a count.
 * A new day changes how times are written too (14:30 becomes 2 Mar
 * 14:30). */
static gboolean
sections_moved (CrmRemindersView *self)
{
  CrmReminderCounts counts;
  gint64 now = crm_time_now_ms ();

  if (crm_time_start_of_day (now) != self->today)
    return TRUE;

  if (!crm_store_count_reminders (self->store, shown_assignee (self), FALSE,
                                  now, start_of_tomorrow (now), &counts, NULL))
    return TRUE;

  return counts.overdue != self->sections[SECTION_OVERDUE].count ||
         counts.soon != self->sections[SECTION_TODAY].count ||
         counts.later != self->sections[SECTION_UPCOMING].count;
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
filter_toggled_cb (CrmRemindersView *self,
                   GtkToggleButton  *button)
{
  /* Of the two whose-reminders buttons, the one turned on reads. */
  if (button != self->done_button && !gtk_toggle_button_get_active (button))
    return;

  if (self->store != NULL)
    reload (self);
}

static void
map_cb (CrmRemindersView *self)
{
  if (self->needs_reload || sections_moved (self))
    reload (self);
  else
    queue_build_rest (self);
  schedule_minute_timer (self);
}

/* What waits for a frame waits until the view is shown again. */
static void
unmap_cb (CrmRemindersView *self)
{
  g_clear_handle_id (&self->minute_timer, g_source_remove);
  g_clear_handle_id (&self->build_idle, g_source_remove);
  g_clear_handle_id (&self->focus_idle, g_source_remove);
  g_clear_weak_pointer (&self->focus_later);
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
  guint index;
  gboolean found = find_row (self, id, &section, &index) != NULL;

  if (!crm_store_complete_reminder (self->store, id, &error))
    {
      crm_window_toast (GTK_WIDGET (self), adw_toast_new (error->message));
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
  guint index;
  gboolean found = find_row (self, id, &section, &index) != NULL;

  if (!crm_store_snooze_reminder (self->store, id, until, &error))
    {
      crm_window_toast (GTK_WIDGET (self), adw_toast_new (error->message));
      return;
    }

  when = crm_time_format_short (until);
  /* Translators: %s is a time, such as 14:40 or 28 Nov 09:00. */
  message = g_strdup_printf (_("Snoozed until %s"), when);
  crm_window_toast (GTK_WIDGET (self), adw_toast_new (message));
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
show_all_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CrmRemindersView *self = CRM_REMINDERS_VIEW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  for (guint i = 0; i < N_SECTIONS; i++)
    {
      SectionView *sv = &self->sections[i];
      guint first_new = sv->reminders->len;
      gboolean had_focus;

      if (strcmp (name, section_names[i]) != 0)
        continue;

      had_focus = sv->show_all_row != NULL && gtk_widget_has_focus (sv->show_all_button);
      /* The button goes: meanwhile the keyboard waits on the row above,
       * lest the list scroll to the top with the focus gone. */
      if (had_focus && sv->n_rows > 0)
        gtk_widget_grab_focus (GTK_WIDGET (gtk_list_box_get_row_at_index (sv->list, (int)sv->n_rows - 1)));
      sv->show_all = TRUE;
      reload (self);

      /* The keyboard goes on with the first of the reminders now shown. */
      if (had_focus && first_new < sv->reminders->len)
        {
          build_rows_through (self, i, first_new);
          focus_row (self, GTK_WIDGET (gtk_list_box_get_row_at_index (sv->list, (int)first_new)));
        }
      return;
    }
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

  /* Read when first shown, when the view knows how much fits. */
  self->needs_reload = TRUE;
}

static void
crm_reminders_view_dispose (GObject *object)
{
  CrmRemindersView *self = (CrmRemindersView *)object;

  g_clear_handle_id (&self->reload_idle, g_source_remove);
  g_clear_handle_id (&self->build_idle, g_source_remove);
  g_clear_handle_id (&self->focus_idle, g_source_remove);
  g_clear_handle_id (&self->minute_timer, g_source_remove);
  g_clear_weak_pointer (&self->focus_later);
  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_REMINDERS_VIEW);

  for (guint i = 0; i < N_SECTIONS; i++)
    {
      self->sections[i].show_all_row = NULL;
      self->sections[i].show_all_button = NULL;
      self->sections[i].n_rows = 0;
    }

  G_OBJECT_CLASS (crm_reminders_view_parent_class)->dispose (object);
}

static void
crm_reminders_view_finalize (GObject *object)
{
  CrmRemindersView *self = (CrmRemindersView *)object;

  g_clear_object (&self->store);
  for (guint i = 0; i < N_SECTIONS; i++)
    g_clear_pointer (&self->sections[i].reminders, g_ptr_array_unref);

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

#define BIND_SECTION(widget_class, name, section, field) \
  gtk_widget_class_bind_template_child_full (widget_class, name, FALSE, \
                                             G_STRUCT_OFFSET (CrmRemindersView, sections[section].field))

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
  BIND_SECTION (widget_class, "overdue_box", SECTION_OVERDUE, box);
  BIND_SECTION (widget_class, "today_box", SECTION_TODAY, box);
  BIND_SECTION (widget_class, "upcoming_box", SECTION_UPCOMING, box);
  BIND_SECTION (widget_class, "done_box", SECTION_DONE, box);
  BIND_SECTION (widget_class, "overdue_count", SECTION_OVERDUE, count_label);
  BIND_SECTION (widget_class, "today_count", SECTION_TODAY, count_label);
  BIND_SECTION (widget_class, "upcoming_count", SECTION_UPCOMING, count_label);
  BIND_SECTION (widget_class, "done_count", SECTION_DONE, count_label);
  BIND_SECTION (widget_class, "overdue_list", SECTION_OVERDUE, list);
  BIND_SECTION (widget_class, "today_list", SECTION_TODAY, list);
  BIND_SECTION (widget_class, "upcoming_list", SECTION_UPCOMING, list);
  BIND_SECTION (widget_class, "done_list", SECTION_DONE, list);
  gtk_widget_class_bind_template_callback (widget_class, filter_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, map_cb);
  gtk_widget_class_bind_template_callback (widget_class, unmap_cb);

  gtk_widget_class_install_action (widget_class, "reminders.done", "x", done_action);
  gtk_widget_class_install_action (widget_class, "reminders.snooze-10-minutes", "x", snooze_10_minutes_action);
  gtk_widget_class_install_action (widget_class, "reminders.snooze-1-hour", "x", snooze_1_hour_action);
  gtk_widget_class_install_action (widget_class, "reminders.snooze-tomorrow", "x", snooze_tomorrow_action);
  gtk_widget_class_install_action (widget_class, "reminders.reschedule", "x", reschedule_action);
  gtk_widget_class_install_action (widget_class, "reminders.show-all", "s", show_all_action);
  gtk_widget_class_install_action (widget_class, "reminders.new", NULL, new_action);
}

#undef BIND_SECTION

static void
crm_reminders_view_init (CrmRemindersView *self)
{
  self->shown_assignee = -1;
  for (guint i = 0; i < N_SECTIONS; i++)
    self->sections[i].reminders = g_ptr_array_new_with_free_func (g_object_unref);

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
