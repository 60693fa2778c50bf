/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-activity.h"
#include "crm-call-editor.h"
#include "crm-client-picker.h"
#include "crm-contact.h"
#include "crm-form.h"
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
  CrmEditorWindow    parent_instance;

  gint64             preset_deal_id;
  gint64             activity_id;

  /* Template children */
  CrmClientPicker   *client_picker;
  GtkToggleButton   *outgoing_button;
  GtkToggleButton   *incoming_button;
  AdwEntryRow       *date_row;
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
  gboolean           start_touched;
};

G_DEFINE_FINAL_TYPE (CrmCallEditor, crm_call_editor, CRM_TYPE_EDITOR_WINDOW)

enum {
  PROP_0,
  PROP_DEAL_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static CrmStore *
get_store (CrmCallEditor *self)
{
  return crm_editor_window_get_store (CRM_EDITOR_WINDOW (self));
}

static const char *
get_text (gpointer editable)
{
  return gtk_editable_get_text (GTK_EDITABLE (editable));
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

/* The start the form shows, to the minute. */
static gboolean
get_shown_start (CrmCallEditor *self,
                 gint64        *out_ms)
{
  return crm_form_read_date_time (GTK_EDITABLE (self->date_row), GTK_EDITABLE (self->time_row), out_ms);
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
  self->setting_start = TRUE;
  crm_form_show_date_time (GTK_EDITABLE (self->date_row), GTK_EDITABLE (self->time_row), ms);
  self->setting_start = FALSE;
}

/* Checking */

static void
validate (CrmCallEditor *self)
{
  crm_editor_window_validate (CRM_EDITOR_WINDOW (self));
}

static CrmEditorCheck
crm_call_editor_check (CrmEditorWindow *editor)
{
  CrmCallEditor *self = CRM_CALL_EDITOR (editor);
  g_autofree char *key_points = dup_key_points (self);
  const char *call_message = NULL;
  GtkWidget *call_field = NULL;
  gboolean client_ok, valid = TRUE;
  gint64 start;
  int year, month, day, hour, minute;

  /* A missing client is only pointed out once the user tried to save, so
   * Save stays available until then to say so. */
  client_ok = crm_client_picker_validate (self->client_picker, crm_editor_window_get_tried_to_save (editor));

  if (!crm_form_parse_date (get_text (self->date_row), &year, &month, &day))
    {
      call_message = _("Write the date as YYYY-MM-DD");
      call_field = GTK_WIDGET (self->date_row);
    }
  else if (!crm_form_parse_time (get_text (self->time_row), &hour, &minute))
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

  crm_form_mark_field (GTK_WIDGET (self->date_row),
                       call_field == GTK_WIDGET (self->date_row) ? call_message : NULL);
  crm_form_mark_field (GTK_WIDGET (self->time_row),
                       call_field == GTK_WIDGET (self->time_row) ? call_message : NULL);
  crm_form_mark_field (GTK_WIDGET (self->minutes_spin),
                       call_field == GTK_WIDGET (self->minutes_spin) ? call_message : NULL);
  crm_form_show_message (self->call_message, call_message);
  if (call_message != NULL)
    valid = FALSE;

  if (g_utf8_strlen (key_points, -1) > MAX_KEY_POINTS_CHARS)
    {
      g_autofree char *message = g_strdup_printf (_("Key points can be at most %d characters long"),
                                                  MAX_KEY_POINTS_CHARS);

      crm_form_mark_field (GTK_WIDGET (self->key_points_view), message);
      crm_form_show_message (self->key_points_message, message);
      valid = FALSE;
    }
  else
    {
      crm_form_mark_field (GTK_WIDGET (self->key_points_view), NULL);
      crm_form_show_message (self->key_points_message, NULL);
    }

  if (gtk_switch_get_active (self->reminder_switch) &&
      !crm_reminder_fields_validate (self->reminder_fields))
    valid = FALSE;

  if (!valid)
    return CRM_EDITOR_INVALID;

  return client_ok ? CRM_EDITOR_VALID : CRM_EDITOR_INCOMPLETE;
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
  gint64 contact_id = crm_client_picker_get_contact_id (self->client_picker);

  if (contact_id != 0)
    {
      g_autoptr(CrmContact) contact = crm_store_get_contact (get_store (self), contact_id, NULL);

      crm_editor_window_set_subtitle (CRM_EDITOR_WINDOW (self),
                                      contact != NULL ? crm_contact_get_name (contact) : NULL);
    }
  else
    crm_editor_window_set_subtitle (CRM_EDITOR_WINDOW (self), NULL);

  validate (self);
}

static void
reminder_switch_cb (CrmCallEditor *self)
{
  gboolean active = gtk_switch_get_active (self->reminder_switch);

  gtk_revealer_set_reveal_child (self->reminder_revealer, active);
  validate (self);
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
  g_auto(GStrv) outcomes = crm_store_list_call_outcomes (get_store (self));
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

  if (!crm_store_set_call_outcomes (get_store (self), (const char * const *)outcomes->pdata, &error))
    {
      crm_editor_window_show_error (CRM_EDITOR_WINDOW (self), error->message);
      return;
    }

  crm_editor_window_show_error (CRM_EDITOR_WINDOW (self), NULL);
  load_outcomes (self, keep);
}

static void
edit_outcomes_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CrmCallEditor *self = CRM_CALL_EDITOR (widget);
  g_auto(GStrv) outcomes = crm_store_list_call_outcomes (get_store (self));
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
        crm_editor_window_show_error (CRM_EDITOR_WINDOW (self),
                                      _("Only files on this computer can be attached as a recording"));
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
  CrmStore *store = get_store (self);
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

  if (!crm_store_begin (store, error))
    return 0;

  id = crm_store_add_activity (store, call, error);
  if (id == 0)
    goto failed;

  if (gtk_switch_get_active (self->reminder_switch))
    {
      g_autoptr(CrmReminder) reminder = crm_reminder_fields_new_reminder (self->reminder_fields,
                                                                          contact_id, deal_id);

      if (crm_store_add_reminder (store, reminder, error) == 0)
        goto failed;
    }

  if (!crm_store_commit (store, error))
    return 0;

  return id;

failed:
  crm_store_rollback (store);
  return 0;
}

/* CrmEditorWindow */

static gint64
crm_call_editor_save (CrmEditorWindow  *editor,
                      GError          **error)
{
  CrmCallEditor *self = CRM_CALL_EDITOR (editor);
  g_autoptr(GError) local_error = NULL;
  gint64 id;

  id = log_call (self, &local_error);
  if (id == 0)
    {
      if (local_error == NULL)
        g_set_error_literal (&local_error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The call could not be logged"));
      g_propagate_error (error, g_steal_pointer (&local_error));
      return 0;
    }

  self->activity_id = id;
  return id;
}

static char *
crm_call_editor_dup_state (CrmEditorWindow *editor)
{
  CrmCallEditor *self = CRM_CALL_EDITOR (editor);
  g_autofree char *outcome = dup_selected_outcome (self);
  g_autofree char *key_points = dup_key_points (self);
  gint64 due = 0;
  gboolean due_ok = crm_reminder_fields_get_due (self->reminder_fields, &due);

  /* The start is taken as shown; until the user sets it, it moves only
   * with the duration, which is a change of its own. */
  return g_strdup_printf ("%" G_GINT64_FORMAT "\x1f%" G_GINT64_FORMAT "\x1f%d\x1f%s\x1f%s\x1f"
                          "%" G_GINT64_FORMAT "\x1f%s\x1f%s\x1f%s\x1f%s\x1f%d\x1f"
                          "%d:%" G_GINT64_FORMAT "\x1f%" G_GINT64_FORMAT "\x1f%s",
                          crm_client_picker_get_contact_id (self->client_picker),
                          crm_client_picker_get_deal_id (self->client_picker),
                          gtk_toggle_button_get_active (self->incoming_button),
                          get_text (self->date_row),
                          get_text (self->time_row),
                          get_duration (self),
                          outcome != NULL ? outcome : "",
                          get_text (self->tags_row),
                          key_points,
                          self->recording_path != NULL ? self->recording_path : "",
                          gtk_switch_get_active (self->reminder_switch),
                          due_ok, due,
                          crm_reminder_fields_get_assignee (self->reminder_fields),
                          crm_reminder_fields_get_note (self->reminder_fields));
}

static void
crm_call_editor_focus_problem (CrmEditorWindow *editor)
{
  CrmCallEditor *self = CRM_CALL_EDITOR (editor);

  if (crm_client_picker_get_contact_id (self->client_picker) == 0)
    crm_client_picker_focus (self->client_picker);
}

/* GObject */

static void
crm_call_editor_constructed (GObject *object)
{
  CrmCallEditor *self = (CrmCallEditor *)object;

  G_OBJECT_CLASS (crm_call_editor_parent_class)->constructed (object);

  crm_client_picker_set_store (self->client_picker, get_store (self));
  crm_reminder_fields_set_store (self->reminder_fields, get_store (self));
  load_outcomes (self, NULL);
  show_start (self, get_start (self));
  show_recording (self);

  crm_client_picker_set_client (self->client_picker,
                                crm_editor_window_get_contact_id (CRM_EDITOR_WINDOW (self)),
                                self->preset_deal_id);
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
  CrmEditorWindowClass *editor_class = CRM_EDITOR_WINDOW_CLASS (klass);

  object_class->constructed = crm_call_editor_constructed;
  object_class->dispose = crm_call_editor_dispose;
  object_class->finalize = crm_call_editor_finalize;
  object_class->get_property = crm_call_editor_get_property;
  object_class->set_property = crm_call_editor_set_property;

  /* #CrmEditorWindow::saved comes with the call that was logged, once the
   * store took it and the reminder. */
  editor_class->check = crm_call_editor_check;
  editor_class->save = crm_call_editor_save;
  editor_class->focus_problem = crm_call_editor_focus_problem;
  editor_class->dup_state = crm_call_editor_dup_state;

  /**
   * CrmCallEditor:deal-id:
   *
   * The deal the call starts out being about, or 0.
   */
  properties[PROP_DEAL_ID] =
    g_param_spec_int64 ("deal-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CRM_TYPE_CLIENT_PICKER);
  g_type_ensure (CRM_TYPE_REMINDER_FIELDS);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/crm-call-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmCallEditor, client_picker);
  gtk_widget_class_bind_template_child (widget_class, CrmCallEditor, outgoing_button);
  gtk_widget_class_bind_template_child (widget_class, CrmCallEditor, incoming_button);
  gtk_widget_class_bind_template_child (widget_class, CrmCallEditor, date_row);
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

  gtk_widget_class_install_action (widget_class, "editor.edit-outcomes", NULL, edit_outcomes_action);
  gtk_widget_class_install_action (widget_class, "editor.choose-recording", NULL, choose_recording_action);
  gtk_widget_class_install_action (widget_class, "editor.clear-recording", NULL, clear_recording_action);
}

static void
crm_call_editor_init (CrmCallEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->outcome_names = gtk_string_list_new (NULL);
  adw_combo_row_set_model (self->outcome_row, G_LIST_MODEL (self->outcome_names));
  crm_form_attach_calendar (GTK_EDITABLE (self->date_row), self->calendar);

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
 * Returns: (transfer none): a new modal editor; present it. It emits
 *   #CrmEditorWindow::saved with the call's id when the store took it.
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
