/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include "crm-contact-card.h"
#include "crm-reminders-view.h"
#include "crm-store-activities.h"
#include "crm-time.h"
#include "gui-test-utils.h"

/* The list of reminders in the window: its sections and their counts,
 * the first rows of a long section and the rest on request, Done, Snooze,
 * Only mine, reminders added while it is open (by this program or by
 * clientele-cli), and a row opening the client's card.
 *
 * The clock is fixed at a Monday morning (crm_time_set_fake_now), so that
 * what is overdue, today and upcoming does not depend on when the tests
 * run. */

#define ANNA  "Anna Bērziņa"
#define BORIS "Boris Petrovs"
#define CAROL "Carol Ozola"
#define DACE  "Dace Kalniņa"
#define ERIKS "Ēriks Liepa"

#define MINUTE ((gint64) 60 * 1000)
#define HOUR   (60 * MINUTE)
#define DAY    (24 * HOUR)

typedef struct
{
  GuiFixture gui;
  gint64     now;
  gint64     anna;
  gint64     boris;
  gint64     carol;
  gint64     dace;
  gint64     eriks;
  gint64     marked[2];   /* reminders a test looks at in the store */
} Fixture;

typedef void (*Body) (Fixture *fixture);
typedef void (*Fill) (Fixture *fixture);

static gint64
local_time_ms (int year,
               int month,
               int day,
               int hour,
               int minute)
{
  g_autoptr(GDateTime) time = g_date_time_new_local (year, month, day, hour, minute, 0);

  return g_date_time_to_unix (time) * 1000;
}

static gint64
add_reminder_for (Fixture    *fixture,
                  gint64      contact_id,
                  gint64      due_at,
                  const char *note,
                  gint64      assignee_id)
{
  g_autoptr(CrmReminder) reminder = crm_reminder_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  crm_reminder_set_contact_id (reminder, contact_id);
  crm_reminder_set_due_at (reminder, due_at);
  crm_reminder_set_note (reminder, note);
  crm_reminder_set_assignee_id (reminder, assignee_id);
  id = crm_store_add_reminder (fixture->gui.store, reminder, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  return id;
}

static gint64
add_reminder (Fixture    *fixture,
              gint64      contact_id,
              gint64      due_at,
              const char *note)
{
  return add_reminder_for (fixture, contact_id, due_at, note, 0);
}

/* Starts the application on a database with five clients and what @fill
 * adds, on the list of reminders (the window opens on the view it showed
 * last), and runs @body once the list is on screen. */
static void
run_test (Fill fill,
          Body body)
{
  g_autoptr(GSettings) settings = NULL;
  Fixture fixture;

  memset (&fixture, 0, sizeof fixture);

  /* Monday 2 March 2026, 10:00 in Riga (the tests' time zone). */
  fixture.now = local_time_ms (2026, 3, 2, 10, 0);
  crm_time_set_fake_now (fixture.now);

  gui_fixture_set_up (&fixture.gui);
  fixture.anna = gui_add_person (fixture.gui.store, ANNA, NULL);
  fixture.boris = gui_add_person (fixture.gui.store, BORIS, NULL);
  fixture.carol = gui_add_person (fixture.gui.store, CAROL, NULL);
  fixture.dace = gui_add_person (fixture.gui.store, DACE, NULL);
  fixture.eriks = gui_add_person (fixture.gui.store, ERIKS, NULL);
  if (fill != NULL)
    fill (&fixture);

  settings = g_settings_new (APPLICATION_ID);
  g_settings_set_string (settings, "last-view", "reminders");

  gui_fixture_run (&fixture.gui, (GuiBody)body, &fixture);
  gui_fixture_tear_down (&fixture.gui);
  crm_time_set_fake_now (0);
}

/* Finding the parts of the view */

static GtkWidget *
view_of (Fixture *fixture)
{
  GtkWidget *view = gui_window_get_view_widget (fixture->gui.window, CRM_TYPE_REMINDERS_VIEW);

  GUI_WAIT_UNTIL (g_strcmp0 (crm_window_get_view (fixture->gui.window), "reminders") == 0);
  GUI_WAIT_UNTIL (gtk_widget_get_mapped (view));

  return view;
}

static gboolean
has_accessible_label (GtkWidget     *widget,
                      gconstpointer  data)
{
  g_autofree char *mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                                  (const char *)data);

  return mismatch == NULL;
}

/* The list of a section, which screen readers know by the section's
 * name. */
static GtkWidget *
section_list (GtkWidget  *view,
              const char *name)
{
  GtkWidget *list = gui_find (view, GTK_TYPE_LIST_BOX, has_accessible_label, name);

  g_assert_nonnull (list);
  return list;
}

static gboolean
is_reminder_row (GtkWidget *row)
{
  return ADW_IS_ACTION_ROW (row) && gtk_widget_get_visible (row);
}

/* The rows of the reminders a section shows, top to bottom. */
static GPtrArray *
section_rows (GtkWidget  *view,
              const char *name)
{
  GtkWidget *list = section_list (view, name);
  GPtrArray *rows = g_ptr_array_new ();

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      if (is_reminder_row (row))
        g_ptr_array_add (rows, row);
    }

  return rows;
}

static guint
n_section_rows (GtkWidget  *view,
                const char *name)
{
  g_autoptr(GPtrArray) rows = section_rows (view, name);

  return rows->len;
}

/* What a user sees of a section: "hidden", or the count its header shows
 * and the titles of its rows, such as "2: Anna; Boris". */
static char *
describe_section (GtkWidget  *view,
                  const char *name)
{
  GtkWidget *list = section_list (view, name);
  GtkWidget *header = gtk_widget_get_prev_sibling (list);
  GtkWidget *title = header != NULL ? gtk_widget_get_first_child (header) : NULL;
  GtkWidget *count = title != NULL ? gtk_widget_get_next_sibling (title) : NULL;
  g_autoptr(GPtrArray) rows = NULL;
  GString *text;

  /* The header above the list names the section. */
  g_assert_true (GTK_IS_LABEL (title));
  g_assert_true (GTK_IS_LABEL (count));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (title)), ==, name);

  if (!gtk_widget_get_mapped (list))
    return g_strdup ("hidden");

  text = g_string_new (gtk_label_get_text (GTK_LABEL (count)));
  g_string_append (text, ":");
  rows = section_rows (view, name);
  for (guint i = 0; i < rows->len; i++)
    g_string_append_printf (text, "%s %s", i > 0 ? ";" : "",
                            adw_preferences_row_get_title (g_ptr_array_index (rows, i)));

  return g_string_free (text, FALSE);
}

/* Runs the main loop until the section shows @expected (as
 * describe_section() words it), and fails with what it shows when it
 * does not within the helpers' time-out. */
static void
wait_for_section (GtkWidget  *view,
                  const char *name,
                  const char *expected)
{
  gint64 deadline = g_get_monotonic_time () + GUI_TIMEOUT_MS * 1000;

  for (;;)
    {
      g_autofree char *shown = describe_section (view, name);

      if (g_strcmp0 (shown, expected) == 0)
        return;
      if (g_get_monotonic_time () > deadline)
        {
          g_assert_cmpstr (shown, ==, expected);
          return;
        }
      gui_iterate ();
    }
}

/* The number in a section's header. */
static const char *
section_count (GtkWidget  *view,
               const char *name)
{
  GtkWidget *header = gtk_widget_get_prev_sibling (section_list (view, name));

  return gtk_label_get_text (GTK_LABEL (gtk_widget_get_next_sibling (gtk_widget_get_first_child (header))));
}

/* The id of the pending reminder with @note. */
static gint64
find_reminder_id (Fixture    *fixture,
                  const char *note)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) reminders = crm_store_list_reminders (fixture->gui.store, 0, FALSE, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < reminders->len; i++)
    {
      if (g_strcmp0 (crm_reminder_get_note (g_ptr_array_index (reminders, i)), note) == 0)
        return crm_reminder_get_id (g_ptr_array_index (reminders, i));
    }

  g_assert_not_reached ();
}

static GtkWidget *
find_reminder_row (GtkWidget  *view,
                   const char *section,
                   const char *title)
{
  return gui_find_row (section_list (view, section), ADW_TYPE_ACTION_ROW, title);
}

static gboolean
has_css_class (GtkWidget     *widget,
               gconstpointer  data)
{
  return gtk_widget_has_css_class (widget, data);
}

/* When a row says its reminder is due. */
static const char *
row_time (GtkWidget *row)
{
  GtkWidget *label = gui_find (row, GTK_TYPE_LABEL, has_css_class, "numeric");

  g_assert_nonnull (label);
  return gtk_label_get_text (GTK_LABEL (label));
}

static CrmReminder *
read_reminder (Fixture *fixture,
               gint64   id)
{
  g_autoptr(GError) error = NULL;
  CrmReminder *reminder = crm_store_get_reminder (fixture->gui.store, id, &error);

  g_assert_no_error (error);
  return reminder;
}

static gboolean
reminder_is_done (Fixture *fixture,
                  gint64   id)
{
  g_autoptr(CrmReminder) reminder = read_reminder (fixture, id);

  return crm_reminder_get_is_done (reminder);
}

static gint64
snoozed_until (Fixture *fixture,
               gint64   id)
{
  g_autoptr(CrmReminder) reminder = read_reminder (fixture, id);

  return crm_reminder_get_snoozed_until (reminder);
}

static void
assert_named (GtkWidget  *widget,
              const char *label)
{
  g_autofree char *mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                                  label);

  if (mismatch != NULL)
    g_error ("%s: %s", G_OBJECT_TYPE_NAME (widget), mismatch);
}

/* 1. Sections */

static void
sections_fill (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  gint64 done;

  add_reminder (fixture, fixture->boris, fixture->now - HOUR, "Send the price list");
  add_reminder (fixture, fixture->anna, fixture->now - 2 * HOUR, "Call about the offer");
  add_reminder (fixture, fixture->carol, fixture->now + 3 * HOUR, "Confirm the visit");
  add_reminder (fixture, fixture->dace, fixture->now + 2 * DAY, "Birthday discount");
  done = add_reminder (fixture, fixture->eriks, fixture->now - DAY, "Ask for feedback");
  g_assert_true (crm_store_complete_reminder (fixture->gui.store, done, &error));
  g_assert_no_error (error);
}

static void
sections_body (Fixture *fixture)
{
  GtkWidget *view = view_of (fixture);
  GtkWidget *anna_row;
  GtkWidget *carol_row;
  GtkWidget *done_toggle;

  /* Each reminder under its header, by due time; the counts beside. */
  wait_for_section (view, "Overdue", "2: " ANNA "; " BORIS);
  wait_for_section (view, "Today", "1: " CAROL);
  wait_for_section (view, "Upcoming", "1: " DACE);
  wait_for_section (view, "Done", "hidden");

  /* What to do, and the buttons named after it for screen readers; only
   * what is overdue can be snoozed. */
  anna_row = find_reminder_row (view, "Overdue", ANNA);
  g_assert_nonnull (anna_row);
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (anna_row)),
                                   "Call about the offer"));
  assert_named (gui_find_button_for_action (anna_row, "reminders.done"), "Mark “Call about the offer” done");
  assert_named (gui_find_button_for_action (anna_row, "reminders.reschedule"), "Reschedule “Call about the offer”");
  assert_named (gui_find (anna_row, GTK_TYPE_MENU_BUTTON, NULL, NULL), "Snooze “Call about the offer”");
  carol_row = find_reminder_row (view, "Today", CAROL);
  g_assert_nonnull (carol_row);
  g_assert_null (gui_find (carol_row, GTK_TYPE_MENU_BUTTON, NULL, NULL));
  g_assert_nonnull (gui_find_button_for_action (carol_row, "reminders.done"));

  /* Done ones on request, without buttons. */
  done_toggle = gui_find_button_labelled (view, "Show _Done");
  g_assert_nonnull (done_toggle);
  gtk_widget_activate (done_toggle);
  wait_for_section (view, "Done", "1: " ERIKS);
  g_assert_null (gui_find_button_for_action (find_reminder_row (view, "Done", ERIKS), "reminders.done"));
  wait_for_section (view, "Overdue", "2: " ANNA "; " BORIS);
  gtk_widget_activate (done_toggle);
  wait_for_section (view, "Done", "hidden");

  /* Four hours on, Carol's is overdue: the view, shown again, moves it. */
  crm_time_set_fake_now (fixture->now + 4 * HOUR);
  crm_window_show_view (fixture->gui.window, "deals");
  GUI_WAIT_UNTIL (!gtk_widget_get_mapped (view));
  crm_window_show_view (fixture->gui.window, "reminders");
  wait_for_section (view, "Overdue", "3: " ANNA "; " BORIS "; " CAROL);
  wait_for_section (view, "Today", "hidden");
  wait_for_section (view, "Upcoming", "1: " DACE);
  g_assert_nonnull (gui_find (find_reminder_row (view, "Overdue", CAROL), GTK_TYPE_MENU_BUTTON, NULL, NULL));
  g_assert_cmpstr (row_time (find_reminder_row (view, "Overdue", ANNA)), ==, "08:00");

  /* The next morning nothing changed sections, yet yesterday's times now
   * say which day. */
  crm_time_set_fake_now (fixture->now + DAY - HOUR);
  crm_window_show_view (fixture->gui.window, "deals");
  GUI_WAIT_UNTIL (!gtk_widget_get_mapped (view));
  crm_window_show_view (fixture->gui.window, "reminders");
  GUI_WAIT_UNTIL (g_strcmp0 (row_time (find_reminder_row (view, "Overdue", ANNA)), "2 Mar 08:00") == 0);
  wait_for_section (view, "Overdue", "3: " ANNA "; " BORIS "; " CAROL);
  wait_for_section (view, "Upcoming", "1: " DACE);
}

static void
test_sections (void)
{
  run_test (sections_fill, sections_body);
}

/* 2. A long section */

#define MANY 40

static void
many_fill (Fixture *fixture)
{
  for (guint i = 0; i < MANY; i++)
    {
      g_autofree char *note = g_strdup_printf ("Call %u", i + 1);

      add_reminder (fixture, fixture->anna, fixture->now - (MANY - i) * MINUTE, note);
    }
  add_reminder (fixture, fixture->boris, fixture->now + DAY, "After the long list");
}

static const char *
row_note (GPtrArray *rows,
          guint      index)
{
  return adw_action_row_get_subtitle (g_ptr_array_index (rows, index));
}

static gboolean
show_all_button_is_mapped (GtkWidget  *view,
                           const char *label)
{
  GtkWidget *button = gui_find_button_labelled (view, label);

  return button != NULL && gtk_widget_get_mapped (button);
}

static void
many_body (Fixture *fixture)
{
  GtkWidget *view = view_of (fixture);
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *expected_count = g_strdup_printf ("%u", MANY);
  GtkWidget *show_all;
  guint first;

  /* The oldest first, up to the section's limit, then a row to show them
   * all; the next section follows. */
  GUI_WAIT_UNTIL (show_all_button_is_mapped (view, "Show All 40 Reminders"));
  wait_for_section (view, "Upcoming", "1: " BORIS);
  rows = section_rows (view, "Overdue");
  first = rows->len;
  g_assert_cmpuint (first, >=, 10);
  g_assert_cmpuint (first, <, MANY);
  for (guint i = 0; i < first; i++)
    {
      g_autofree char *prefix = g_strdup_printf ("Call %u ", i + 1);

      g_assert_true (g_str_has_prefix (row_note (rows, i), prefix));
    }
  g_assert_cmpstr (section_count (view, "Overdue"), ==, expected_count);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Clicked: all of them, in order, and the keyboard on the first new. */
  show_all = gui_find_button_labelled (view, "Show All 40 Reminders");
  gtk_widget_grab_focus (show_all);
  gtk_widget_activate (show_all);
  GUI_WAIT_UNTIL (!show_all_button_is_mapped (view, "Show All 40 Reminders"));
  GUI_WAIT_UNTIL (n_section_rows (view, "Overdue") == MANY);
  rows = section_rows (view, "Overdue");
  for (guint i = 0; i < MANY; i++)
    {
      g_autofree char *prefix = g_strdup_printf ("Call %u ", i + 1);

      g_assert_true (g_str_has_prefix (row_note (rows, i), prefix));
    }
  GUI_WAIT_UNTIL (gui_has_focus_within (g_ptr_array_index (rows, first)));
  wait_for_section (view, "Upcoming", "1: " BORIS);

  /* Marking one done keeps all shown. */
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = section_rows (view, "Overdue");
  gtk_widget_activate (gui_find_button_for_action (g_ptr_array_index (rows, 0), "reminders.done"));
  GUI_WAIT_UNTIL (g_strcmp0 (section_count (view, "Overdue"), "39") == 0);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = section_rows (view, "Overdue");
  g_assert_cmpuint (rows->len, ==, MANY - 1);
  g_assert_true (g_str_has_prefix (row_note (rows, 0), "Call 2 "));
}

static void
test_many (void)
{
  run_test (many_fill, many_body);
}

/* 3. Done */

static void
done_fill (Fixture *fixture)
{
  add_reminder (fixture, fixture->anna, fixture->now - 3 * HOUR, "Call about the offer");
  fixture->marked[0] = add_reminder (fixture, fixture->boris, fixture->now - 2 * HOUR, "Send the price list");
  add_reminder (fixture, fixture->carol, fixture->now - HOUR, "Confirm the visit");
}

static void
done_body (Fixture *fixture)
{
  GtkWidget *view = view_of (fixture);
  GtkWidget *anna_row;
  GtkWidget *boris_row;
  GtkWidget *carol_row;
  GtkWidget *done;

  wait_for_section (view, "Overdue", "3: " ANNA "; " BORIS "; " CAROL);
  anna_row = find_reminder_row (view, "Overdue", ANNA);
  boris_row = find_reminder_row (view, "Overdue", BORIS);
  carol_row = find_reminder_row (view, "Overdue", CAROL);
  done = gui_find_button_labelled (boris_row, "Done");
  g_assert_nonnull (done);
  gtk_widget_grab_focus (done);

  /* Clicked: done in the store, gone from the list. */
  gtk_widget_activate (done);
  GUI_WAIT_UNTIL (reminder_is_done (fixture, fixture->marked[0]));
  wait_for_section (view, "Overdue", "2: " ANNA "; " CAROL);

  /* The other rows stayed as they were, not built or filled again, and
   * the keyboard goes on with the row that took its place. */
  g_assert_true (find_reminder_row (view, "Overdue", ANNA) == anna_row);
  g_assert_true (find_reminder_row (view, "Overdue", CAROL) == carol_row);
  g_assert_true (gui_has_focus_within (carol_row));

  /* With nothing left, the list says so. */
  gtk_widget_activate (gui_find_button_labelled (find_reminder_row (view, "Overdue", CAROL), "Done"));
  wait_for_section (view, "Overdue", "1: " ANNA);
  gtk_widget_activate (gui_find_button_labelled (find_reminder_row (view, "Overdue", ANNA), "Done"));
  GUI_WAIT_UNTIL (gui_find_label (view, "No Reminders") != NULL);
}

static void
test_done (void)
{
  run_test (done_fill, done_body);
}

/* 4. Snooze */

static void
snooze_fill (Fixture *fixture)
{
  fixture->marked[0] = add_reminder (fixture, fixture->anna, fixture->now - HOUR, "Ask about the visit");
  add_reminder (fixture, fixture->boris, fixture->now - 30 * MINUTE, "Send the price list");
  add_reminder (fixture, fixture->carol, fixture->now + 3 * HOUR, "Confirm the visit");
}

static gboolean
is_menu_item (GtkWidget     *widget,
              gconstpointer  data)
{
  return gui_find_label (widget, data) != NULL;
}

static GtkWidget *
open_snooze_menu (GtkWidget *row)
{
  GtkWidget *snooze = gui_find (row, GTK_TYPE_MENU_BUTTON, NULL, NULL);
  GtkWidget *popover;

  g_assert_nonnull (snooze);
  gtk_menu_button_popup (GTK_MENU_BUTTON (snooze));
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (snooze)));
  g_assert_nonnull (popover);
  GUI_WAIT_UNTIL (gtk_widget_get_mapped (popover));

  return popover;
}

/* Clicks the item of an open menu that reads @label. */
static void
choose_menu_item (GtkWidget  *popover,
                  const char *label)
{
  GType model_button_type = g_type_from_name ("GtkModelButton");
  GtkWidget *item;

  g_assert_cmpuint (model_button_type, !=, 0);
  item = gui_find (popover, model_button_type, is_menu_item, label);
  g_assert_nonnull (item);
  g_signal_emit_by_name (item, "clicked");
}

static void
snooze_body (Fixture *fixture)
{
  GtkWidget *window = GTK_WIDGET (fixture->gui.window);
  GtkWidget *view = view_of (fixture);
  g_autofree char *until = crm_time_format_short (fixture->now + 10 * MINUTE);
  g_autofree char *was_due = crm_time_format_short (fixture->now - HOUR);
  g_autofree char *toast = g_strdup_printf ("Snoozed until %s", until);
  g_autofree char *note = g_strdup_printf ("snoozed, was due %s", was_due);
  GtkWidget *popover;
  GtkWidget *anna_row;

  wait_for_section (view, "Overdue", "2: " ANNA "; " BORIS);
  wait_for_section (view, "Today", "1: " CAROL);

  /* Its menu, opened: put off for ten minutes. */
  popover = open_snooze_menu (find_reminder_row (view, "Overdue", ANNA));
  g_assert_nonnull (gui_find_label (popover, "For 1 Hour"));
  g_assert_nonnull (gui_find_label (popover, "Until Tomorrow Morning"));
  choose_menu_item (popover, "For 10 Minutes");

  /* Snoozed in the store, said in a toast, and due today now. */
  GUI_WAIT_UNTIL (snoozed_until (fixture, fixture->marked[0]) == fixture->now + 10 * MINUTE);
  GUI_WAIT_UNTIL (gui_find_label (window, toast) != NULL);
  wait_for_section (view, "Overdue", "1: " BORIS);
  wait_for_section (view, "Today", "2: " ANNA "; " CAROL);
  anna_row = find_reminder_row (view, "Today", ANNA);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (anna_row)), note));
  g_assert_null (gui_find (anna_row, GTK_TYPE_MENU_BUTTON, NULL, NULL));

  /* An hour for the other. */
  popover = open_snooze_menu (find_reminder_row (view, "Overdue", BORIS));
  choose_menu_item (popover, "For 1 Hour");
  wait_for_section (view, "Overdue", "hidden");
  wait_for_section (view, "Today", "3: " ANNA "; " BORIS "; " CAROL);
}

static void
test_snooze (void)
{
  run_test (snooze_fill, snooze_body);
}

/* 5. Only mine */

static void
only_mine_fill (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  gint64 liga = crm_store_add_user (fixture->gui.store, "liga", "Līga", CRM_ROLE_SALES, &error);

  g_assert_no_error (error);
  fixture->marked[1] = add_reminder_for (fixture, fixture->boris, fixture->now - 2 * HOUR, "Send the price list", liga);
  fixture->marked[0] = add_reminder (fixture, fixture->anna, fixture->now - HOUR, "Call about the offer");
  add_reminder_for (fixture, fixture->carol, fixture->now + 2 * HOUR, "Confirm the visit", liga);
}

static void
only_mine_body (Fixture *fixture)
{
  GtkWidget *view = view_of (fixture);
  GtkWidget *first_row;
  GtkWidget *popover;

  /* Everybody's, a colleague's saying whose. */
  wait_for_section (view, "Overdue", "2: " BORIS "; " ANNA);
  wait_for_section (view, "Today", "1: " CAROL);
  first_row = find_reminder_row (view, "Overdue", BORIS);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (first_row)), "for Līga"));
  g_assert_null (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (find_reminder_row (view, "Overdue", ANNA))),
                         "for Līga"));
  /* Its snooze menu was opened once. */
  popover = open_snooze_menu (first_row);
  gtk_popover_popdown (GTK_POPOVER (popover));
  GUI_WAIT_UNTIL (!gtk_widget_get_mapped (popover));

  /* Only mine: the colleague's go. */
  gtk_widget_activate (gui_find_button_labelled (view, "Only _Mine"));
  wait_for_section (view, "Overdue", "1: " ANNA);
  wait_for_section (view, "Today", "hidden");

  /* The first row's snooze menu now snoozes mine, whatever row shows it. */
  popover = open_snooze_menu (find_reminder_row (view, "Overdue", ANNA));
  choose_menu_item (popover, "For 10 Minutes");
  GUI_WAIT_UNTIL (snoozed_until (fixture, fixture->marked[0]) == fixture->now + 10 * MINUTE);
  g_assert_cmpint (snoozed_until (fixture, fixture->marked[1]), ==, 0);
  wait_for_section (view, "Overdue", "hidden");
  wait_for_section (view, "Today", "1: " ANNA);

  /* Everybody's again. */
  gtk_widget_activate (gui_find_button_labelled (view, "_Everybody"));
  wait_for_section (view, "Overdue", "1: " BORIS);
  wait_for_section (view, "Today", "2: " ANNA "; " CAROL);
}

static void
test_only_mine (void)
{
  run_test (only_mine_fill, only_mine_body);
}

/* 6. Reminders added while the list is open */

static void
run_cli (Fixture            *fixture,
         const char * const *args)
{
  const char *cli = g_getenv ("CLIENTELE_CLI");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer)cli);
  g_ptr_array_add (argv, (gpointer)"--database");
  g_ptr_array_add (argv, fixture->gui.path);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer)args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_test_message ("clientele-cli said: %s", err);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
}

static void
added_body (Fixture *fixture)
{
  GtkWidget *view = view_of (fixture);
  g_autofree char *anna = g_strdup_printf ("%" G_GINT64_FORMAT, fixture->anna);
  const char * const add_args[] = {
    "remind", "add", "--contact", anna, "--at", "2026-03-05T09:00", "--note", "From the command line", NULL,
  };
  g_autoptr(GPtrArray) rows = NULL;
  gint64 id;

  /* Nothing to do yet. */
  GUI_WAIT_UNTIL (gui_find_label (view, "No Reminders") != NULL);

  /* Set by this program. */
  add_reminder (fixture, fixture->boris, fixture->now + HOUR, "Send the price list");
  wait_for_section (view, "Today", "1: " BORIS);
  g_assert_null (gui_find_label (view, "No Reminders"));

  /* Set by clientele-cli, another process on the same file. */
  run_cli (fixture, add_args);
  wait_for_section (view, "Upcoming", "1: " ANNA);
  rows = section_rows (view, "Upcoming");
  g_assert_true (g_str_has_prefix (row_note (rows, 0), "From the command line"));

  /* And marked done there. */
  id = find_reminder_id (fixture, "From the command line");
  {
    g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
    const char * const done_args[] = { "remind", "done", id_text, NULL };

    run_cli (fixture, done_args);
  }
  wait_for_section (view, "Upcoming", "hidden");
  wait_for_section (view, "Today", "1: " BORIS);
}

static void
test_added (void)
{
  run_test (NULL, added_body);
}

/* 7. A row opens the client's card */

static void
card_fill (Fixture *fixture)
{
  add_reminder (fixture, fixture->anna, fixture->now - HOUR, "Call about the offer");
  add_reminder (fixture, fixture->boris, fixture->now + HOUR, "Send the price list");
}

static gboolean
card_shows (Fixture *fixture,
            gint64   contact_id)
{
  GtkWidget *card = gui_window_get_contact_card (fixture->gui.window);

  return g_strcmp0 (crm_window_get_view (fixture->gui.window), "card") == 0 &&
         crm_contact_card_get_contact_id (CRM_CONTACT_CARD (card)) == contact_id &&
         gui_find_label (card, BORIS) != NULL;
}

static void
card_body (Fixture *fixture)
{
  GtkWidget *view = view_of (fixture);
  GtkWidget *row;

  wait_for_section (view, "Today", "1: " BORIS);
  row = find_reminder_row (view, "Today", BORIS);
  g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));
  gtk_widget_activate (row);
  GUI_WAIT_UNTIL (card_shows (fixture, fixture->boris));
}

static void
test_card (void)
{
  run_test (card_fill, card_body);
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  gui_test_add ("/reminders-view/sections", test_sections);
  gui_test_add ("/reminders-view/many", test_many);
  gui_test_add ("/reminders-view/done", test_done);
  gui_test_add ("/reminders-view/snooze", test_snooze);
  gui_test_add ("/reminders-view/only-mine", test_only_mine);
  gui_test_add ("/reminders-view/added", test_added);
  gui_test_add ("/reminders-view/card", test_card);

  return g_test_run ();
}
