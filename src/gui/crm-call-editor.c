/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "crm-activity.h"
#include "crm-call-editor.h"
#include "crm-client-picker.h"
#include "crm-contact.h"
#include "crm-reminder-fields.h"
#include "crm-reminder.h"
#include "crm-store-activities.h"
#include "crm-store-contacts.h"
#include "crm-text.h"
#include "crm-time.h"

/**
 * CrmCallEditor:
 *
 * The form to log a call: the client (and deal), direction, when it
 * started and how long it took, the outcome from an editable list, key
 * points, tags and an audio recording; and, with one switch, the next
 * reminder. Saving logs the call and sets the reminder together, so
 * either both are stored or neither.
 */

#define MAX_KEY_POINTS_CHARS 10000
#define MAX_CALL_SECONDS     (24 * 60 * 60)
#define MS_PER_DAY           ((gint64) 24 * 60 * 60 * 1000)

struct _CrmCallEditor
{
  AdwWindow          parent_instance;

  CrmStore          *store;
  gint64             preset_contact_id;
  gint64             preset_deal_id;
  gint64             activity_id;

  /* Template children */
  AdwWindowTitle    *window_title;
  GtkRevealer       *error_revealer;
  GtkLabel          *error_label;
  CrmClientPicker   *client_picker;
  GtkToggleButton   *outgoing_button;
  GtkToggleButton   *incoming_button;
  AdwEntryRow       *date_row;
  GtkPopover        *calendar_popover;
  GtkCalendar       *calendar;
  AdwEntryRow       *time_row;
  GtkSpinButton     *minutes_spin;
  GtkSpinButton     *seconds_spin;
  GtkLabel          *call_message;
  AdwComboRow       *outcome_row;
  AdwEntryRow       *tags_row;
  GtkTextView       *key_points_view;
  GtkLabel          *key_points_message;
  AdwActionRow      *recording_row;
  GtkButton         *recording_clear_button;
  GtkSwitch         *reminder_switch;
  GtkRevealer       *reminder_revealer;
  CrmReminderFields *reminder_fields;

  GtkStringList     *outcome_names;   /* "Not set", then the outcomes */
  char              *recording_path;
  GtkFileChooserNative *chooser;

  gboolean           setting_start;
  gboolean           setting_calendar;
  gboolean           start_touched;
  gboolean           tried_to_save;
};

G_DEFINE_FINAL_TYPE (CrmCallEditor, crm_call_editor, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_CONTACT_ID,
  PROP_DEAL_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers */

static const char *
get_text (gpointer editable)
{
  return gtk_editable_get_text (GTK_EDITABLE (editable));
}

static void
show_error (CrmCallEditor *self,
            const char    *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

static void
mark_field (GtkWidget  *field,
            const char *message)
{
  if (message != NULL)
    {
      gtk_widget_add_css_class (field, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (field),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (field),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                      -1);
    }
  else
    {
      gtk_widget_remove_css_class (field, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_STATE_INVALID);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

static void
set_label_message (GtkLabel   *label,
                   const char *message)
{
  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

static gint64
get_duration (CrmCallEditor *self)
{
  return (gint64)gtk_spin_button_get_value_as_int (self->minutes_spin) * 60 +
         gtk_spin_button_get_value_as_int (self->seconds_spin);
}

static char *
dup_key_points (CrmCallEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->key_points_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
parse_date (const char *text,
            int        *year,
            int        *month,
            int        *day)
{
  g_autofree char *clean = g_strstrip (g_strdup (text));

  if (strlen (clean) != 10 || clean[4] != '-' || clean[7] != '-')
    return FALSE;

  for (guint i = 0; i < 10; i++)
    {
      if (i != 4 && i != 7 && !g_ascii_isdigit (clean[i]))
        return FALSE;
    }

  *year = (int)g_ascii_strtoull (clean, NULL, 10);
  *month = (int)g_ascii_strtoull (clean + 5, NULL, 10);
  *day = (int)g_ascii_strtoull (clean + 8, NULL, 10);

  return *year >= 1 && *year <= 9999 && *month >= 1 && *month <= 12 && *day >= 1 && *day <= 31 &&
         g_date_valid_dmy ((GDateDay)*day, (GDateMonth)*month, (GDateYear)*year);
}

static gboolean
parse_time (const char *text,
            int        *hour,
            int        *minute)
{
  g_autofree char *clean = g_strstrip (g_strdup (text));
  const char *sep = strpbrk (clean, ":.");
  gsize hour_len;

  if (sep == NULL)
    return FALSE;

  hour_len = sep - clean;
  if (hour_len < 1 || hour_len > 2 || strlen (sep + 1) != 2)
    return FALSE;

  for (const char *p = clean; *p != '\0'; p++)
    {
      if (p != sep && !g_ascii_isdigit (*p))
        return FALSE;
    }

  *hour = (int)g_ascii_strtoull (clean, NULL, 10);
  *minute = (int)g_ascii_strtoull (sep + 1, NULL, 10);

  return *hour <= 23 && *minute <= 59;
}

/* The start the form shows, to the minute. */
static gboolean
get_shown_start (CrmCallEditor *self,
                 gint64        *out_ms)
{
  g_autofree char *text = NULL;
  int year, month, day, hour, minute;

  if (!parse_date (get_text (self->date_row), &year, &month, &day) ||
      !parse_time (get_text (self->time_row), &hour, &minute))
    return FALSE;

  text = g_strdup_printf ("%04d-%02d-%02d %02d:%02d", year, month, day, hour, minute);
  return crm_time_parse (text, out_ms, NULL);
}

/* Until the user sets the start, the call is taken to have just ended:
 * it started its duration ago. */
static gint64
get_start (CrmCallEditor *self)
{
  gint64 start = 0;

  if (!self->start_touched)
    return crm_time_now_ms () - get_duration (self) * 1000;

  get_shown_start (self, &start);
  return start;
}

static void
show_start (CrmCallEditor *self,
            gint64         ms)
{
  g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (ms / 1000);
  g_autofree char *date = g_date_time_format (local, "%Y-%m-%d");
  g_autofree char *time = g_date_time_format (local, "%H:%M");

  self->setting_start = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), date);
  gtk_editable_set_text (GTK_EDITABLE (self->time_row), time);
  self->setting_start = FALSE;
}

/* Checking */

static gboolean
validate (CrmCallEditor *self)
{
  g_autofree char *key_points = dup_key_points (self);
  const char *call_message = NULL;
  GtkWidget *call_field = NULL;
  gboolean client_ok, valid = TRUE;
  gint64 start;
  int year, month, day, hour, minute;

  /* A missing client is only pointed out once the user tried to save, so
   * Save stays available until then to say so. */
  client_ok = crm_client_picker_validate (self->client_picker, self->tried_to_save);

  if (!parse_date (get_text (self->date_row), &year, &month, &day))
    {
      call_message = _("Write the date as YYYY-MM-DD");
      call_field = GTK_WIDGET (self->date_row);
    }
  else if (!parse_time (get_text (self->time_row), &hour, &minute))
    {
      call_message = _("Write the time as HH:MM on a 24-hour clock, for example 14:30");
      call_field = GTK_WIDGET (self->time_row);
    }
  else if (self->start_touched && (!get_shown_start (self, &start) ||
                                   start > crm_time_now_ms () + MS_PER_DAY))
    {
      call_message = _("A call cannot start more than a day from now; to plan a call, set a reminder");
      call_field = GTK_WIDGET (self->date_row);
    }
  else if (get_duration (self) > MAX_CALL_SECONDS)
    {
      call_message = _("A call lasts at most 24 hours");
      call_field = GTK_WIDGET (self->minutes_spin);
    }

  mark_field (GTK_WIDGET (self->date_row), call_field == GTK_WIDGET (self->date_row) ? call_message : NULL);
  mark_field (GTK_WIDGET (self->time_row), call_field == GTK_WIDGET (self->time_row) ? call_message : NULL);
  mark_field (GTK_WIDGET (self->minutes_spin), call_field == GTK_WIDGET (self->minutes_spin) ? call_message : NULL);
  set_label_message (self->call_message, call_message);
  if (call_message != NULL)
    valid = FALSE;

  if (g_utf8_strlen (key_points, -1) > MAX_KEY_POINTS_CHARS)
    {
      g_autofree char *message = g_strdup_printf (_("Key points can be at most %d characters long"),
                                                  MAX_KEY_POINTS_CHARS);

      mark_field (GTK_WIDGET (self->key_points_view), message);
      set_label_message (self->key_points_message, message);
      valid = FALSE;
    }
  else
    {
      mark_field (GTK_WIDGET (self->key_points_view), NULL);
      set_label_message (self->key_points_message, NULL);
    }

  if (gtk_switch_get_active (self->reminder_switch) &&
      !crm_reminder_fields_validate (self->reminder_fields))
    valid = FALSE;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save",
                                 valid && (client_ok || !self->tried_to_save));

  return valid && client_ok;
}

static void
changed_cb (CrmCallEditor *self)
{
  validate (self);
}

static void
start_changed_cb (CrmCallEditor *self)
{
  if (!self->setting_start)
    self->start_touched = TRUE;
  validate (self);
}

static void
duration_changed_cb (CrmCallEditor *self)
{
  if (!self->start_touched)
    show_start (self, get_start (self));
  validate (self);
}

static void
activate_cb (CrmCallEditor *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "editor.save", NULL);
}

static void
client_changed_cb (CrmCallEditor *self)
{
  g_autoptr(GError) error = NULL;
  gint64 contact_id = crm_client_picker_get_contact_id (self->client_picker);

  if (contact_id != 0)
    {
      g_autoptr(CrmContact) contact = crm_store_get_contact (self->store, contact_id, NULL);

      adw_window_title_set_subtitle (self->window_title,
                                     contact != NULL ? crm_contact_get_name (contact) : NULL);
    }
  else
    adw_window_title_set_subtitle (self->window_title, NULL);

  validate (self);
}

static void
reminder_switch_cb (CrmCallEditor *self)
{
  gboolean active = gtk_switch_get_active (self->reminder_switch);

  gtk_revealer_set_reveal_child (self->reminder_revealer, active);
  validate (self);
}

/* The start date's calendar */

static void
calendar_shown_cb (CrmCallEditor *self)
{
  g_autoptr(GDateTime) date = NULL;
  int year, month, day;

  if (parse_date (get_text (self->date_row), &year, &month, &day))
    date = g_date_time_new_local (year, month, day, 12, 0, 0);
  if (date == NULL)
    date = g_date_time_new_now_local ();

  self->setting_calendar = TRUE;
  gtk_calendar_select_day (self->calendar, date);
  self->setting_calendar = FALSE;
}

static void
calendar_day_selected_cb (CrmCallEditor *self)
{
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *text = NULL;

  if (self->setting_calendar)
    return;

  date = gtk_calendar_get_date (self->calendar);
  text = g_date_time_format (date, "%Y-%m-%d");
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), text);
  gtk_popover_popdown (self->calendar_popover);
}

/* Outcomes */

static char *
dup_selected_outcome (CrmCallEditor *self)
{
  guint selected = adw_combo_row_get_selected (self->outcome_row);

  /* The first entry is "Not set". */
  if (selected == GTK_INVALID_LIST_POSITION || selected == 0)
    return NULL;

  return g_strdup (gtk_string_list_get_string (self->outcome_names, selected));
}

static void
load_outcomes (CrmCallEditor *self,
               const char    *keep)
{
  g_auto(GStrv) outcomes = crm_store_list_call_outcomes (self->store);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  guint selected = 0;

  g_ptr_array_add (names, (gpointer)C_("outcome", "Not set"));
  for (guint i = 0; outcomes[i] != NULL; i++)
    {
      if (g_strcmp0 (outcomes[i], keep) == 0)
        selected = names->len;
      g_ptr_array_add (names, outcomes[i]);
    }
  g_ptr_array_add (names, NULL);

  gtk_string_list_splice (self->outcome_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->outcome_names)),
                          (const char * const *)names->pdata);
  adw_combo_row_set_selected (self->outcome_row, selected);
}

static void
remove_outcome_cb (GtkButton *button,
                   GtkWidget *row)
{
  GtkWidget *list = gtk_widget_get_parent (row);
  GtkWidget *next = gtk_widget_get_next_sibling (row);

  /* The keyboard stays in the list, on the row that moves up. */
  if (next == NULL)
    next = gtk_widget_get_prev_sibling (row);
  gtk_list_box_remove (GTK_LIST_BOX (list), row);
  if (next != NULL)
    gtk_widget_grab_focus (next);
}

static GtkWidget *
outcome_row_new (const char *text)
{
  GtkWidget *row = adw_entry_row_new ();
  g_autofree char *remove_label = g_strdup_printf (_("Remove “%s”"), text);
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Outcome"));
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label,
                                  -1);
  g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_outcome_cb), row, 0);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), remove);

  return row;
}

static void
add_outcome (GtkListBox  *list,
             AdwEntryRow *new_row)
{
  g_autofree char *text = crm_text_clean (get_text (new_row));

  if (text == NULL)
    return;

  /* Added above the row for new ones, which stays last. */
  gtk_list_box_insert (list, outcome_row_new (text),
                       gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (new_row)));
  gtk_editable_set_text (GTK_EDITABLE (new_row), "");
}

static void
new_outcome_activated_cb (AdwEntryRow *new_row,
                          GtkListBox  *list)
{
  add_outcome (list, new_row);
}

static void
add_outcome_clicked_cb (GtkButton   *button,
                        AdwEntryRow *new_row)
{
  add_outcome (GTK_LIST_BOX (gtk_widget_get_parent (GTK_WIDGET (new_row))), new_row);
  gtk_widget_grab_focus (GTK_WIDGET (new_row));
}

static void
outcomes_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      CrmCallEditor    *self)
{
  GtkListBox *list = g_object_get_data (G_OBJECT (dialog), "crm-list");
  g_autoptr(GPtrArray) outcomes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *keep = dup_selected_outcome (self);

  if (g_strcmp0 (response, "save") != 0)
    return;

  /* Each row is an outcome, renamed as typed; what is typed in the row
   * for a new one, and not added yet, counts too. */
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      if (ADW_IS_ENTRY_ROW (row))
        g_ptr_array_add (outcomes, g_strdup (get_text (row)));
    }
  g_ptr_array_add (outcomes, NULL);

  if (!crm_store_set_call_outcomes (self->store, (const char * const *)outcomes->pdata, &error))
    {
      show_error (self, error->message);
      return;
    }

  show_error (self, NULL);
  load_outcomes (self, keep);
}

static void
edit_outcomes_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CrmCallEditor *self = CRM_CALL_EDITOR (widget);
  g_auto(GStrv) outcomes = crm_store_list_call_outcomes (self->store);
  GtkWidget *dialog;
  GtkWidget *list;
  GtkWidget *new_row;
  GtkWidget *add;
  GtkWidget *scroller;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Call Outcomes"),
                                   _("The outcomes offered when a call is logged. "
                                     "Calls logged before keep the outcome they have."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Call outcomes"),
                                  -1);
  for (guint i = 0; outcomes[i] != NULL; i++)
    gtk_list_box_append (GTK_LIST_BOX (list), outcome_row_new (outcomes[i]));

  new_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (new_row), _("New outcome"));
  add = gtk_button_new_from_icon_name ("list-add-symbolic");
  gtk_widget_set_valign (add, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (add, "flat");
  gtk_widget_set_tooltip_text (add, _("Add"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (add),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Add the outcome"),
                                  -1);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (new_row), add);
  g_signal_connect_object (add, "clicked", G_CALLBACK (add_outcome_clicked_cb), new_row, 0);
  g_signal_connect_object (new_row, "entry-activated", G_CALLBACK (new_outcome_activated_cb), list, 0);
  gtk_list_box_append (GTK_LIST_BOX (list), new_row);

  /* A long list scrolls inside the dialog. */
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 400);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);

  g_object_set_data (G_OBJECT (dialog), "crm-list", list);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);
  g_signal_connect_object (dialog, "response", G_CALLBACK (outcomes_response_cb), self, 0);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (new_row);
}

/* The recording */

static void
show_recording (CrmCallEditor *self)
{
  if (self->recording_path != NULL)
    {
      g_autofree char *name = g_path_get_basename (self->recording_path);

      adw_action_row_set_subtitle (self->recording_row, name);
    }
  else
    adw_action_row_set_subtitle (self->recording_row, _("No file chosen; a recording is optional"));

  gtk_widget_set_visible (GTK_WIDGET (self->recording_clear_button), self->recording_path != NULL);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     CrmCallEditor   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        {
          g_free (self->recording_path);
          self->recording_path = g_steal_pointer (&path);
        }
      else if (file != NULL)
        show_error (self, _("Only files on this computer can be attached as a recording"));
    }

  show_recording (self);
  g_clear_object (&self->chooser);
}

static void
choose_recording_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  CrmCallEditor *self = CRM_CALL_EDITOR (widget);
  g_autoptr(GtkFileFilter) audio = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;

  gtk_file_filter_set_name (audio, _("Audio"));
  gtk_file_filter_add_mime_type (audio, "audio/*");
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");

  self->chooser = gtk_file_chooser_native_new (_("Choose a Recording"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), audio);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (self->chooser), audio);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
clear_recording_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CrmCallEditor *self = CRM_CALL_EDITOR (widget);

  g_clear_pointer (&self->recording_path, g_free);
  show_recording (self);
}

/* Saving */

static gint64
log_call (CrmCallEditor  *self,
          GError        **error)
{
  g_autoptr(CrmActivity) call = crm_activity_new ();
  g_autofree char *outcome = dup_selected_outcome (self);
  g_autofree char *key_points = dup_key_points (self);
  gint64 contact_id = crm_client_picker_get_contact_id (self->client_picker);
  gint64 deal_id = crm_client_picker_get_deal_id (self->client_picker);
  gint64 id;

  crm_activity_set_kind (call, CRM_ACTIVITY_CALL);
  crm_activity_set_contact_id (call, contact_id);
  crm_activity_set_deal_id (call, deal_id);
  crm_activity_set_direction (call, gtk_toggle_button_get_active (self->incoming_button)
                                    ? CRM_CALL_INCOMING : CRM_CALL_OUTGOING);
  crm_activity_set_started_at (call, get_start (self));
  crm_activity_set_duration (call, get_duration (self));
  crm_activity_set_outcome (call, outcome);
  crm_activity_set_key_points (call, key_points);
  crm_activity_set_tags (call, get_text (self->tags_row));
  crm_activity_set_recording_path (call, self->recording_path);

  if (!crm_store_begin (self->store, error))
    return 0;

  id = crm_store_add_activity (self->store, call, error);
  if (id == 0)
    goto failed;

  if (gtk_switch_get_active (self->reminder_switch))
    {
      g_autoptr(CrmReminder) reminder = crm_reminder_new ();
      gint64 due = 0;

      crm_reminder_fields_get_due (self->reminder_fields, &due);
      crm_reminder_set_contact_id (reminder, contact_id);
      crm_reminder_set_deal_id (reminder, deal_id);
      crm_reminder_set_assignee_id (reminder, crm_reminder_fields_get_assignee (self->reminder_fields));
      crm_reminder_set_due_at (reminder, due);
      crm_reminder_set_note (reminder, crm_reminder_fields_get_note (self->reminder_fields));
      if (crm_store_add_reminder (self->store, reminder, error) == 0)
        goto failed;
    }

  if (!crm_store_commit (self->store, error))
    return 0;

  return id;

failed:
  crm_store_rollback (self->store);
  return 0;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CrmCallEditor *self = CRM_CALL_EDITOR (widget);
  g_autoptr(GError) error = NULL;
  gint64 id;

  self->tried_to_save = TRUE;
  if (!validate (self))
    {
      if (crm_client_picker_get_contact_id (self->client_picker) == 0)
        crm_client_picker_focus (self->client_picker);
      return;
    }

  id = log_call (self, &error);
  if (id == 0)
    {
      show_error (self, error != NULL ? error->message : _("The call could not be logged"));
      return;
    }

  show_error (self, NULL);
  self->activity_id = id;
  g_signal_emit (self, signals[SAVED], 0, id);
  gtk_window_close (GTK_WINDOW (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

/* GObject */

static void
crm_call_editor_constructed (GObject *object)
{
  CrmCallEditor *self = (CrmCallEditor *)object;

  G_OBJECT_CLASS (crm_call_editor_parent_class)->constructed (object);

  g_assert (CRM_IS_STORE (self->store));

  crm_client_picker_set_store (self->client_picker, self->store);
  crm_reminder_fields_set_store (self->reminder_fields, self->store);
  load_outcomes (self, NULL);
  show_start (self, get_start (self));
  show_recording (self);

  crm_client_picker_set_client (self->client_picker, self->preset_contact_id, self->preset_deal_id);
  validate (self);

  if (crm_client_picker_get_contact_id (self->client_picker) == 0)
    crm_client_picker_focus (self->client_picker);
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->outgoing_button));
}

static void
crm_call_editor_dispose (GObject *object)
{
  CrmCallEditor *self = (CrmCallEditor *)object;

  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_CALL_EDITOR);

  G_OBJECT_CLASS (crm_call_editor_parent_class)->dispose (object);
}

static void
crm_call_editor_finalize (GObject *object)
{
  CrmCallEditor *self = (CrmCallEditor *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->outcome_names);
  g_clear_pointer (&self->recording_path, g_free);

  G_OBJECT_CLASS (crm_call_editor_parent_class)->finalize (object);
}

static void
crm_call_editor_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CrmCallEditor *self = CRM_CALL_EDITOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_CONTACT_ID:
      g_value_set_int64 (value, self->preset_contact_id);
      break;

    case PROP_DEAL_ID:
      g_value_set_int64 (value, self->preset_deal_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_call_editor_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CrmCallEditor *self = CRM_CALL_EDITOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_CONTACT_ID:
      self->preset_contact_id = g_value_get_int64 (value);
      break;

    case PROP_DEAL_ID:
      self->preset_deal_id = g_value_get_int64 (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_call_editor_class_init (CrmCallEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = crm_call_editor_constructed;
  object_class->dispose = crm_call_editor_dispose;
  object_class->finalize = crm_call_editor_finalize;
  object_class->get_property = crm_call_editor_get_property;
  object_class->set_property = crm_call_editor_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         CRM_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONTACT_ID] =
    g_param_spec_int64 ("contact-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEAL_ID] =
    g_param_spec_int64 ("deal-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CrmCallEditor::saved:
   * @self: the editor
   * @activity_id: the call that was logged
   *
   * Emitted when the store took the call (and the reminder), just before
   * the editor closes.
   */
  signals[SAVED] = g_signal_new ("saved",
                                 G_TYPE_FROM_CLASS (klass),
                                 G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (CRM_TYPE_CLIENT_PICKER);
  g_type_ensure (CRM_TYPE_REMINDER_FIELDS);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/crm-call-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmCallEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, CrmCallEditor, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, CrmCallEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, CrmCallEditor, client_picker);
  gtk_widget_class_bind_template_child (widget_class, CrmCallEditor, outgoing_button);
  gtk_widget_class_bind_template_child (widget_class, CrmCallEditor, incoming_button);
  gtk_widget_class_bind_template_child (widget_class, CrmCallEditor, date_row);
  gtk_widget_class_bind_template_child (widget_class, CrmCallEditor, calendar_popover);
  gtk_widget_class_bind_template_child (widget_class, CrmCallEditor, calendar);
  gtk_widget_class_bind_template_child (widget_class, CrmCallEditor, time_row);
  gtk_widget_class_bind_template_child (widget_class, CrmCallEditor, minutes_spin);
  gtk_widget_class_bind_template_child (widget_class, CrmCallEditor, seconds_spin);
  gtk_widget_class_bind_template_child (widget_class, CrmCallEditor, call_message);
  gtk_widget_class_bind_template_child (widget_class, CrmCallEditor, outcome_row);
  gtk_widget_class_bind_template_child (widget_class, CrmCallEditor, tags_row);
  gtk_widget_class_bind_template_child (widget_class, CrmCallEditor, key_points_view);
  gtk_widget_class_bind_template_child (widget_class, CrmCallEditor, key_points_message);
  gtk_widget_class_bind_template_child (widget_class, CrmCallEditor, recording_row);
  gtk_widget_class_bind_template_child (widget_class, CrmCallEditor, recording_clear_button);
  gtk_widget_class_bind_template_child (widget_class, CrmCallEditor, reminder_switch);
  gtk_widget_class_bind_template_child (widget_class, CrmCallEditor, reminder_revealer);
  gtk_widget_class_bind_template_child (widget_class, CrmCallEditor, reminder_fields);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, start_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, duration_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, client_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, reminder_switch_cb);
  gtk_widget_class_bind_template_callback (widget_class, calendar_shown_cb);
  gtk_widget_class_bind_template_callback (widget_class, calendar_day_selected_cb);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "editor.edit-outcomes", NULL, edit_outcomes_action);
  gtk_widget_class_install_action (widget_class, "editor.choose-recording", NULL, choose_recording_action);
  gtk_widget_class_install_action (widget_class, "editor.clear-recording", NULL, clear_recording_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "editor.cancel", NULL);
}

static void
crm_call_editor_init (CrmCallEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->outcome_names = gtk_string_list_new (NULL);
  adw_combo_row_set_model (self->outcome_row, G_LIST_MODEL (self->outcome_names));

  g_signal_connect_object (gtk_text_view_get_buffer (self->key_points_view), "changed",
                           G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
}

/**
 * crm_call_editor_new:
 * @parent: (nullable): the window the editor belongs to
 * @store: the store to log the call in
 * @contact_id: the client who called or was called, or 0 to ask
 * @deal_id: the deal the call was about, or 0
 *
 * Returns: (transfer none): a new modal editor; present it
 */
CrmCallEditor *
crm_call_editor_new (GtkWindow *parent,
                     CrmStore  *store,
                     gint64     contact_id,
                     gint64     deal_id)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);

  return g_object_new (CRM_TYPE_CALL_EDITOR,
                       "transient-for", parent,
                       "store", store,
                       "contact-id", contact_id,
                       "deal-id", deal_id,
                       NULL);
}

gint64
crm_call_editor_get_activity_id (CrmCallEditor *self)
{
  g_return_val_if_fail (CRM_IS_CALL_EDITOR (self), 0);

  return self->activity_id;
}
