/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include <string.h>

#include "crm-call-editor.h"
#include "crm-contact-card.h"
#include "crm-deal-editor.h"
#include "crm-reminder-editor.h"
#include "crm-store-activities.h"
#include "crm-store-contacts.h"
#include "crm-store-deals.h"
#include "crm-time.h"
#include "gui-test-utils.h"

/* The forms that log a call (with the next reminder), set a reminder and
 * add a deal, opened from a client card as a user opens them: typing in
 * their fields, seeing them checked as they are typed, saving with Ctrl+S
 * or the Save button, a store that refuses, and leaving them with Escape,
 * Cancel or the window's close button, which asks before throwing away
 * what was typed. Each test checks what the form shows and what the
 * database holds. */

#define ANNA        "Anna Bērziņa"
#define ANNA_DEAL   "Wedding make-up"
#define BORIS       "Boris Ozols"

#define CALL_POINTS "Wants a trial session on Friday"
#define NEXT_NOTE   "Send the price list"
#define NEXT_DATE   "2030-05-04"
#define NEXT_TIME   "10:30"

#define DISCARD     "Discard changes?"
#define KEEP        "_Keep Editing"
#define THROW_AWAY  "_Discard"

#define IN_TRASH    "The client “" ANNA "” is in the trash"
#define NO_CLIENT   "Type a client’s name or phone number and choose the client"
#define NOT_CHOSEN  "Choose a client from the list, or clear the field for a deal without a client"

typedef struct
{
  GuiFixture gui;
  gint64     anna;
  gint64     boris;
  gint64     deal;
  gint64     saved_id;
} Fixture;

typedef void (*Body) (Fixture *fixture);

static void
run_filled (Body body)
{
  g_autoptr(CrmDeal) deal = crm_deal_new ();
  g_autoptr(GError) error = NULL;
  Fixture fixture;

  memset (&fixture, 0, sizeof fixture);
  gui_fixture_set_up (&fixture.gui);

  fixture.anna = gui_add_person (fixture.gui.store, ANNA, "+371 26 123 456");
  fixture.boris = gui_add_person (fixture.gui.store, BORIS, "+371 2900 1122");

  crm_deal_set_title (deal, ANNA_DEAL);
  crm_deal_set_contact_id (deal, fixture.anna);
  fixture.deal = crm_store_add_deal (fixture.gui.store, deal, &error);
  g_assert_no_error (error);

  gui_fixture_run (&fixture.gui, (GuiBody)body, &fixture);
  gui_fixture_tear_down (&fixture.gui);
}

/* Helpers */

static gint64
local_ms (const char *date,
          const char *time)
{
  g_autofree char *text = g_strdup_printf ("%s %s", date, time);
  gint64 ms = 0;

  g_assert_true (crm_time_parse (text, &ms, NULL));
  return ms;
}

static GtkWidget *
entry_row (GtkWidget  *form,
           const char *title)
{
  GtkWidget *row = gui_find_row (form, ADW_TYPE_ENTRY_ROW, title);

  g_assert_nonnull (row);
  return row;
}

static void
type_into (GtkWidget  *form,
           const char *title,
           const char *text)
{
  GtkWidget *row = entry_row (form, title);

  gtk_widget_grab_focus (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static const char *
text_of (GtkWidget  *form,
         const char *title)
{
  return gtk_editable_get_text (GTK_EDITABLE (entry_row (form, title)));
}

static gboolean
save_is_on (GtkWidget *form)
{
  GtkWidget *save = gui_find_button_for_action (form, "editor.save");

  g_assert_nonnull (save);
  return gtk_widget_get_mapped (save) && gtk_widget_is_sensitive (save);
}

static gboolean
label_starts_with (GtkWidget     *widget,
                   gconstpointer  data)
{
  return gtk_widget_get_mapped (widget) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), data);
}

static gboolean
has_tooltip (GtkWidget     *widget,
             gconstpointer  data)
{
  return gtk_widget_get_mapped (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), data) == 0;
}

static void
saved_cb (GtkWidget *form,
          gint64     id,
          Fixture   *fixture)
{
  fixture->saved_id = id;
}

/* Opens Anna's card and presses the card's button for @action, which
 * opens a form of @type titled @title, with Anna as its client. @form
 * points to the form while it is open, and NULL once it is gone. */
static void
open_form (Fixture     *fixture,
           const char  *action,
           GType        type,
           const char  *title,
           GtkWidget  **form)
{
  GtkWidget *window = GTK_WIDGET (fixture->gui.window);
  GtkWidget *card = gui_window_get_contact_card (fixture->gui.window);
  GtkWidget *button;

  g_assert_true (gtk_widget_activate_action (window, "win.open-contact", "x", fixture->anna));
  GUI_WAIT_UNTIL (g_strcmp0 (crm_window_get_view (fixture->gui.window), "card") == 0 &&
                  crm_contact_card_get_contact_id (CRM_CONTACT_CARD (card)) == fixture->anna &&
                  gui_find_label (card, ANNA) != NULL);

  button = gui_find_button_for_action (card, action);
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_mapped (button) && gtk_widget_is_sensitive (button));
  gtk_widget_activate (button);

  GUI_WAIT_UNTIL ((*form = gui_find_toplevel (type)) != NULL && gtk_widget_get_mapped (*form));
  g_object_add_weak_pointer (G_OBJECT (*form), (gpointer *)form);
  g_signal_connect (*form, "saved", G_CALLBACK (saved_cb), fixture);

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (*form)), ==, title);
  g_assert_cmpstr (text_of (*form, "Name or phone"), ==, ANNA);
}

static GPtrArray *
pending_reminders (CrmStore *store)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *reminders = crm_store_list_reminders (store, 0, FALSE, &error);

  g_assert_no_error (error);
  return reminders;
}

static GPtrArray *
activities_of (CrmStore *store,
               gint64    contact_id)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *activities = crm_store_list_activities_of_contact (store, contact_id, &error);

  g_assert_no_error (error);
  return activities;
}

/* The question whether to discard what was typed in @form, while it is
 * on screen. */
static GtkWidget *
find_question (GtkWidget *form)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) &&
          gtk_window_get_transient_for (GTK_WINDOW (window)) == GTK_WINDOW (form) &&
          gtk_widget_get_mapped (window))
        return window;
    }

  return NULL;
}

static guint
count_questions (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window))
        n++;
    }

  return n;
}

/* Waits for the question over @form, checks it asks whether to discard
 * and that @form is still there under it, and returns it. */
static GtkWidget *
wait_for_question (GtkWidget **form)
{
  GtkWidget *question = NULL;

  GUI_WAIT_UNTIL ((question = find_question (*form)) != NULL);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (question)), ==, DISCARD);
  g_assert_nonnull (*form);
  g_assert_true (gtk_widget_get_mapped (*form));

  return question;
}

/* Presses the question's button labelled @label, which closes it. */
static void
answer (GtkWidget  *question,
        const char *label)
{
  GtkWidget *button = gui_find_button_labelled (question, label);

  g_assert_nonnull (button);
  g_object_add_weak_pointer (G_OBJECT (question), (gpointer *)&question);
  gtk_widget_activate (button);
  GUI_WAIT_UNTIL (question == NULL || !gtk_widget_get_mapped (question));
  if (question != NULL)
    g_object_remove_weak_pointer (G_OBJECT (question), (gpointer *)&question);
}

/* Escape closes @form at once, asking nothing. */
static void
escape_closes (GtkWidget **form)
{
  g_assert_true (gui_press_keys (*form, GDK_KEY_Escape, 0));
  GUI_WAIT_UNTIL (*form == NULL);
  g_assert_cmpuint (count_questions (), ==, 0);
}

/* Types @text as the user would: into the entry row titled @field, or,
 * with no @field, into the first text view (a call's key points). */
static void
type_something (GtkWidget  *form,
                const char *field,
                const char *text)
{
  GtkWidget *view;

  if (field != NULL)
    {
      type_into (form, field, text);
      return;
    }

  view = gui_find (form, GTK_TYPE_TEXT_VIEW, NULL, NULL);
  g_assert_nonnull (view);
  gtk_widget_grab_focus (view);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
}

static char *
dup_something (GtkWidget  *form,
               const char *field)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  if (field != NULL)
    return g_strdup (text_of (form, field));

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (gui_find (form, GTK_TYPE_TEXT_VIEW, NULL, NULL)));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Opens a form with the card's @action: untouched, Escape closes it at
 * once. Opened again with something typed into @field, Escape, Cancel
 * and the window's close button each ask whether to discard it, and
 * "Keep Editing" goes back to the form as it was; "Discard" closes it
 * without storing anything, which @check_nothing_stored checks. */
static void
leave_form (Fixture     *fixture,
            const char  *action,
            GType        type,
            const char  *title,
            const char  *field,
            void       (*check_nothing_stored) (Fixture *fixture))
{
  g_autofree char *kept = NULL;
  GtkWidget *form = NULL;
  GtkWidget *question;

  /* What the form filled in itself (the client, the date, the owner) is
   * not a change. */
  open_form (fixture, action, type, title, &form);
  escape_closes (&form);

  open_form (fixture, action, type, title, &form);
  type_something (form, field, "Not to be kept");

  g_assert_true (gui_press_keys (form, GDK_KEY_Escape, 0));
  question = wait_for_question (&form);
  answer (question, KEEP);
  gui_drain ();
  g_assert_nonnull (form);
  g_assert_true (gtk_widget_get_mapped (form));
  kept = dup_something (form, field);
  g_assert_cmpstr (kept, ==, "Not to be kept");

  gtk_widget_activate (gui_find_button_for_action (form, "editor.cancel"));
  question = wait_for_question (&form);
  answer (question, KEEP);

  /* The close button of the window; asked twice, it asks once. */
  gtk_window_close (GTK_WINDOW (form));
  gtk_window_close (GTK_WINDOW (form));
  question = wait_for_question (&form);
  g_assert_cmpuint (count_questions (), ==, 1);
  answer (question, KEEP);
  gui_drain ();
  g_assert_true (gtk_widget_get_mapped (form));

  g_assert_true (gui_press_keys (form, GDK_KEY_Escape, 0));
  question = wait_for_question (&form);
  answer (question, THROW_AWAY);
  GUI_WAIT_UNTIL (form == NULL);
  g_assert_cmpuint (count_questions (), ==, 0);
  g_assert_cmpint (fixture->saved_id, ==, 0);

  check_nothing_stored (fixture);
}

/* Saves @form while Anna is in the trash: the store refuses, the form
 * says why at the top and stays open, and nothing is stored. Anna is
 * back afterwards. */
static void
save_refused (Fixture   *fixture,
              GtkWidget *form)
{
  g_autoptr(GPtrArray) reminders = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(GError) error = NULL;

  crm_store_delete_contact (fixture->gui.store, fixture->anna, &error);
  g_assert_no_error (error);

  g_assert_true (gui_press_keys (form, GDK_KEY_s, GDK_CONTROL_MASK));
  GUI_WAIT_UNTIL (gui_find (form, GTK_TYPE_LABEL, label_starts_with, IN_TRASH) != NULL);
  g_assert_true (gtk_widget_get_mapped (form));
  g_assert_cmpint (fixture->saved_id, ==, 0);

  reminders = pending_reminders (fixture->gui.store);
  g_assert_cmpuint (reminders->len, ==, 0);
  calls = activities_of (fixture->gui.store, fixture->anna);
  g_assert_cmpuint (calls->len, ==, 0);

  crm_store_restore_contact (fixture->gui.store, fixture->anna, &error);
  g_assert_no_error (error);
}

/* 1. A call with the next reminder */

static void
call_with_reminder_body (Fixture *fixture)
{
  CrmStore *store = fixture->gui.store;
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(GPtrArray) reminders = NULL;
  GtkWidget *form = NULL;
  GtkWidget *key_points;
  GtkWidget *reminder_switch;
  GtkTextBuffer *buffer;
  CrmActivity *call;
  CrmReminder *reminder;

  open_form (fixture, "card.log-call", CRM_TYPE_CALL_EDITOR, "Log Call", &form);
  g_assert_true (save_is_on (form));

  key_points = gui_find (form, GTK_TYPE_TEXT_VIEW, NULL, NULL);
  g_assert_nonnull (key_points);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (key_points));
  gtk_text_buffer_set_text (buffer, CALL_POINTS, -1);

  /* The next reminder's fields are checked as they are typed. */
  reminder_switch = gui_find (form, GTK_TYPE_SWITCH, NULL, NULL);
  g_assert_nonnull (reminder_switch);
  gtk_switch_set_active (GTK_SWITCH (reminder_switch), TRUE);
  GUI_WAIT_UNTIL (gtk_widget_get_mapped (entry_row (form, "What to do")));
  type_into (form, "What to do", NEXT_NOTE);
  type_into (form, "Date (YYYY-MM-DD)", "2030-13-04");
  g_assert_false (save_is_on (form));
  g_assert_true (gtk_widget_has_css_class (entry_row (form, "Date (YYYY-MM-DD)"), "error"));
  GUI_WAIT_UNTIL (gui_find (form, GTK_TYPE_LABEL, label_starts_with, "Write the date as YYYY-MM-DD") != NULL);
  type_into (form, "Date (YYYY-MM-DD)", NEXT_DATE);
  type_into (form, "Time (HH:MM)", "25:00");
  g_assert_false (save_is_on (form));
  type_into (form, "Time (HH:MM)", NEXT_TIME);
  g_assert_true (save_is_on (form));
  g_assert_false (gtk_widget_has_css_class (entry_row (form, "Date (YYYY-MM-DD)"), "error"));

  /* What the store refuses is said at the top; neither the call nor the
   * reminder is stored, and the form keeps everything typed. */
  gtk_widget_grab_focus (entry_row (form, "What to do"));
  save_refused (fixture, form);
  g_assert_cmpstr (text_of (form, "What to do"), ==, NEXT_NOTE);
  g_assert_cmpstr (text_of (form, "Date (YYYY-MM-DD)"), ==, NEXT_DATE);
  g_assert_cmpstr (text_of (form, "Time (HH:MM)"), ==, NEXT_TIME);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (reminder_switch)));

  /* Once the store takes it, Ctrl+S logs the call and sets the reminder,
   * and the form goes. */
  g_assert_true (gui_press_keys (form, GDK_KEY_s, GDK_CONTROL_MASK));
  GUI_WAIT_UNTIL (form == NULL);

  calls = activities_of (store, fixture->anna);
  g_assert_cmpuint (calls->len, ==, 1);
  call = g_ptr_array_index (calls, 0);
  g_assert_cmpint (fixture->saved_id, ==, crm_activity_get_id (call));
  g_assert_cmpint (crm_activity_get_kind (call), ==, CRM_ACTIVITY_CALL);
  g_assert_cmpint (crm_activity_get_direction (call), ==, CRM_CALL_OUTGOING);
  g_assert_cmpstr (crm_activity_get_key_points (call), ==, CALL_POINTS);

  reminders = pending_reminders (store);
  g_assert_cmpuint (reminders->len, ==, 1);
  reminder = g_ptr_array_index (reminders, 0);
  g_assert_cmpint (crm_reminder_get_contact_id (reminder), ==, fixture->anna);
  g_assert_cmpint (crm_reminder_get_deal_id (reminder), ==, crm_activity_get_deal_id (call));
  g_assert_cmpint (crm_reminder_get_due_at (reminder), ==, local_ms (NEXT_DATE, NEXT_TIME));
  g_assert_cmpstr (crm_reminder_get_note (reminder), ==, NEXT_NOTE);
  g_assert_cmpint (crm_reminder_get_assignee_id (reminder), ==, crm_store_get_current_user (store));
}

static void
test_call_with_reminder (void)
{
  run_filled (call_with_reminder_body);
}

/* 2. A reminder */

static void
reminder_body (Fixture *fixture)
{
  CrmStore *store = fixture->gui.store;
  g_autoptr(GPtrArray) reminders = NULL;
  GtkWidget *form = NULL;
  GtkWidget *calendar_button;
  GtkWidget *popover;
  GtkWidget *calendar;
  CrmReminder *reminder;

  open_form (fixture, "card.set-reminder", CRM_TYPE_REMINDER_EDITOR, "Set Reminder", &form);

  type_into (form, "What to do", "Call back about the offer");
  type_into (form, "Date (YYYY-MM-DD)", "2030-02-30");
  g_assert_false (save_is_on (form));

  /* The calendar opens on the date typed (today for one that cannot be
   * read) and a day chosen in it is written into the field. */
  type_into (form, "Date (YYYY-MM-DD)", "2030-06-20");
  calendar_button = gui_find (entry_row (form, "Date (YYYY-MM-DD)"), GTK_TYPE_MENU_BUTTON, NULL, NULL);
  g_assert_nonnull (calendar_button);
  gtk_menu_button_popup (GTK_MENU_BUTTON (calendar_button));
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (calendar_button)));
  calendar = gui_find (popover, GTK_TYPE_CALENDAR, NULL, NULL);
  GUI_WAIT_UNTIL (gtk_widget_get_mapped (calendar));
  {
    g_autoptr(GDateTime) shown = gtk_calendar_get_date (GTK_CALENDAR (calendar));
    g_autoptr(GDateTime) chosen = g_date_time_new_local (2030, 6, 1, 12, 0, 0);

    g_assert_cmpint (g_date_time_get_year (shown), ==, 2030);
    g_assert_cmpint (g_date_time_get_month (shown), ==, 6);
    g_assert_cmpint (g_date_time_get_day_of_month (shown), ==, 20);
    g_assert_cmpstr (text_of (form, "Date (YYYY-MM-DD)"), ==, "2030-06-20");

    gtk_calendar_select_day (GTK_CALENDAR (calendar), chosen);
  }
  g_assert_cmpstr (text_of (form, "Date (YYYY-MM-DD)"), ==, "2030-06-01");
  GUI_WAIT_UNTIL (!gtk_widget_get_visible (popover));

  type_into (form, "Time (HH:MM)", "9.15");
  g_assert_true (save_is_on (form));

  /* Refused: the form stays with what was typed. */
  gtk_widget_grab_focus (entry_row (form, "Time (HH:MM)"));
  save_refused (fixture, form);
  g_assert_cmpstr (text_of (form, "What to do"), ==, "Call back about the offer");
  g_assert_cmpstr (text_of (form, "Time (HH:MM)"), ==, "9.15");

  /* The Save button saves too. */
  gtk_widget_activate (gui_find_button_for_action (form, "editor.save"));
  GUI_WAIT_UNTIL (form == NULL);

  reminders = pending_reminders (store);
  g_assert_cmpuint (reminders->len, ==, 1);
  reminder = g_ptr_array_index (reminders, 0);
  g_assert_cmpint (fixture->saved_id, ==, crm_reminder_get_id (reminder));
  g_assert_cmpint (crm_reminder_get_contact_id (reminder), ==, fixture->anna);
  g_assert_cmpint (crm_reminder_get_due_at (reminder), ==, local_ms ("2030-06-01", "09:15"));
  g_assert_cmpstr (crm_reminder_get_note (reminder), ==, "Call back about the offer");

  /* Opened again, the form reschedules it: it shows what is stored, and
   * saves the new time into the same reminder. */
  form = GTK_WIDGET (crm_reminder_editor_new (GTK_WINDOW (fixture->gui.window), store,
                                              crm_reminder_get_id (reminder), 0, 0));
  g_object_add_weak_pointer (G_OBJECT (form), (gpointer *)&form);
  gtk_window_present (GTK_WINDOW (form));
  GUI_WAIT_UNTIL (gtk_widget_get_mapped (form));
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (form)), ==, "Reschedule Reminder");
  g_assert_cmpstr (text_of (form, "Name or phone"), ==, ANNA);
  g_assert_cmpstr (text_of (form, "Date (YYYY-MM-DD)"), ==, "2030-06-01");
  g_assert_cmpstr (text_of (form, "Time (HH:MM)"), ==, "09:15");
  g_assert_cmpstr (text_of (form, "What to do"), ==, "Call back about the offer");
  type_into (form, "Time (HH:MM)", "11:45");
  g_assert_true (gui_press_keys (form, GDK_KEY_s, GDK_CONTROL_MASK));
  GUI_WAIT_UNTIL (form == NULL);

  g_clear_pointer (&reminders, g_ptr_array_unref);
  reminders = pending_reminders (store);
  g_assert_cmpuint (reminders->len, ==, 1);
  reminder = g_ptr_array_index (reminders, 0);
  g_assert_cmpint (crm_reminder_get_due_at (reminder), ==, local_ms ("2030-06-01", "11:45"));

  /* What the form shows of a stored reminder is no change: Escape closes
   * it without asking. So is a time typed as it was, in other words. */
  form = GTK_WIDGET (crm_reminder_editor_new (GTK_WINDOW (fixture->gui.window), store,
                                              crm_reminder_get_id (reminder), 0, 0));
  g_object_add_weak_pointer (G_OBJECT (form), (gpointer *)&form);
  gtk_window_present (GTK_WINDOW (form));
  GUI_WAIT_UNTIL (gtk_widget_get_mapped (form));
  type_into (form, "Time (HH:MM)", "11.45");
  escape_closes (&form);
}

static void
test_reminder (void)
{
  run_filled (reminder_body);
}

/* 3. A client is needed; Escape */

static void
reminder_needs_client_body (Fixture *fixture)
{
  g_autoptr(GPtrArray) reminders = NULL;
  GtkWidget *form = NULL;
  GtkWidget *client_row;
  GtkWidget *clear;

  open_form (fixture, "card.set-reminder", CRM_TYPE_REMINDER_EDITOR, "Set Reminder", &form);
  client_row = entry_row (form, "Name or phone");

  /* Without a client Save stays on, to say what is missing; pressed, it
   * says so, goes off and takes the keyboard to the field. */
  clear = gui_find (form, GTK_TYPE_BUTTON, has_tooltip, "Choose Another Client");
  g_assert_nonnull (clear);
  gtk_widget_activate (clear);
  GUI_WAIT_UNTIL (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (client_row)), "") == 0);
  g_assert_true (save_is_on (form));
  gtk_widget_grab_focus (entry_row (form, "What to do"));
  gtk_widget_activate (gui_find_button_for_action (form, "editor.save"));
  GUI_WAIT_UNTIL (gui_find_label (form, NO_CLIENT) != NULL);
  g_assert_false (save_is_on (form));
  g_assert_true (gui_has_focus_within (client_row));

  /* Enter in the field takes the best match. */
  gtk_editable_set_text (GTK_EDITABLE (client_row), "Bori");
  g_signal_emit_by_name (client_row, "entry-activated");
  GUI_WAIT_UNTIL (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (client_row)), BORIS) == 0);
  g_assert_true (save_is_on (form));

  /* Another client is a change: Escape asks first, and "Discard" leaves
   * without storing anything. */
  g_assert_true (gui_press_keys (form, GDK_KEY_Escape, 0));
  answer (wait_for_question (&form), THROW_AWAY);
  GUI_WAIT_UNTIL (form == NULL);
  reminders = pending_reminders (fixture->gui.store);
  g_assert_cmpuint (reminders->len, ==, 0);
}

static void
test_reminder_needs_client (void)
{
  run_filled (reminder_needs_client_body);
}

/* 4. A deal's client */

static void
deal_client_body (Fixture *fixture)
{
  g_autoptr(GPtrArray) deals = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *form = NULL;
  GtkWidget *client_row;
  GtkWidget *deal_row;

  open_form (fixture, "card.new-deal", CRM_TYPE_DEAL_EDITOR, "New Deal", &form);
  client_row = entry_row (form, "Name or phone");

  /* A deal chooses no deal of its client. */
  deal_row = gui_find_row (form, ADW_TYPE_COMBO_ROW, "Deal");
  g_assert_true (deal_row == NULL || !gtk_widget_get_mapped (deal_row));

  /* No title, no Save. */
  g_assert_false (save_is_on (form));
  type_into (form, "Title", "Bridal hair");
  g_assert_true (save_is_on (form));

  /* A client typed but not chosen is wrong at once. */
  gtk_editable_set_text (GTK_EDITABLE (client_row), "Bor");
  g_assert_false (save_is_on (form));
  g_assert_nonnull (gui_find_label (form, NOT_CHOSEN));

  /* No client at all is fine for a deal. */
  gtk_editable_set_text (GTK_EDITABLE (client_row), "");
  g_assert_true (save_is_on (form));

  gtk_editable_set_text (GTK_EDITABLE (client_row), "Bor");
  g_signal_emit_by_name (client_row, "entry-activated");
  GUI_WAIT_UNTIL (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (client_row)), BORIS) == 0);
  g_assert_true (save_is_on (form));
  g_assert_null (gui_find_label (form, NOT_CHOSEN));

  gtk_widget_grab_focus (entry_row (form, "Title"));
  g_assert_true (gui_press_keys (form, GDK_KEY_s, GDK_CONTROL_MASK));
  GUI_WAIT_UNTIL (form == NULL);

  deals = crm_store_list_deals_of_contact (fixture->gui.store, fixture->boris, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (deals->len, ==, 1);
  g_assert_cmpstr (crm_deal_get_title (g_ptr_array_index (deals, 0)), ==, "Bridal hair");
  g_assert_cmpint (crm_deal_get_id (g_ptr_array_index (deals, 0)), ==, fixture->saved_id);
}

static void
test_deal_client (void)
{
  run_filled (deal_client_body);
}

/* 5. Leaving a form */

static void
no_call_stored (Fixture *fixture)
{
  g_autoptr(GPtrArray) calls = activities_of (fixture->gui.store, fixture->anna);
  g_autoptr(GPtrArray) reminders = pending_reminders (fixture->gui.store);

  g_assert_cmpuint (calls->len, ==, 0);
  g_assert_cmpuint (reminders->len, ==, 0);
}

static void
no_reminder_stored (Fixture *fixture)
{
  g_autoptr(GPtrArray) reminders = pending_reminders (fixture->gui.store);

  g_assert_cmpuint (reminders->len, ==, 0);
}

/* Anna has only the deal she started with. */
static void
no_deal_stored (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) deals = crm_store_list_deals_of_contact (fixture->gui.store, fixture->anna, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (deals->len, ==, 1);
  g_assert_cmpint (crm_deal_get_id (g_ptr_array_index (deals, 0)), ==, fixture->deal);
  g_assert_cmpstr (crm_deal_get_title (g_ptr_array_index (deals, 0)), ==, ANNA_DEAL);
}

static void
leave_call_body (Fixture *fixture)
{
  leave_form (fixture, "card.log-call", CRM_TYPE_CALL_EDITOR, "Log Call", NULL, no_call_stored);
}

static void
test_leave_call (void)
{
  run_filled (leave_call_body);
}

static void
leave_reminder_body (Fixture *fixture)
{
  leave_form (fixture, "card.set-reminder", CRM_TYPE_REMINDER_EDITOR, "Set Reminder", "What to do",
              no_reminder_stored);
}

static void
test_leave_reminder (void)
{
  run_filled (leave_reminder_body);
}

static void
leave_deal_body (Fixture *fixture)
{
  GtkWidget *form = NULL;

  leave_form (fixture, "card.new-deal", CRM_TYPE_DEAL_EDITOR, "New Deal", "Title", no_deal_stored);

  /* A stored deal shown as it is, or typed over and put back, is no
   * change. */
  form = GTK_WIDGET (crm_deal_editor_new (GTK_WINDOW (fixture->gui.window), fixture->gui.store,
                                          fixture->deal, 0));
  g_object_add_weak_pointer (G_OBJECT (form), (gpointer *)&form);
  gtk_window_present (GTK_WINDOW (form));
  GUI_WAIT_UNTIL (gtk_widget_get_mapped (form));
  g_assert_cmpstr (text_of (form, "Title"), ==, ANNA_DEAL);
  type_into (form, "Title", "Wedding");
  type_into (form, "Title", ANNA_DEAL);
  escape_closes (&form);
  no_deal_stored (fixture);
}

static void
test_leave_deal (void)
{
  run_filled (leave_deal_body);
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  gui_test_add ("/editors/call-with-reminder", test_call_with_reminder);
  gui_test_add ("/editors/reminder", test_reminder);
  gui_test_add ("/editors/reminder-needs-client", test_reminder_needs_client);
  gui_test_add ("/editors/deal-client", test_deal_client);
  gui_test_add ("/editors/leave-call", test_leave_call);
  gui_test_add ("/editors/leave-reminder", test_leave_reminder);
  gui_test_add ("/editors/leave-deal", test_leave_deal);

  return g_test_run ();
}
