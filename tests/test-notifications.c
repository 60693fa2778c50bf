/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "crm-autostart.h"
#include "crm-contact-card.h"
#include "crm-notifier.h"
#include "crm-preferences-window.h"
#include "crm-store-activities.h"
#include "crm-time.h"
#include "gui-test-utils.h"

/* Reminders that pop up: through the real dunst of the test session (the
 * program started in the background, as at login), and through a
 * notification server of our own on a private bus, whose buttons the test
 * presses by sending ActionInvoked as a server does when a user clicks.
 * Each test runs in a process of its own, so that each can choose the
 * session bus and the configuration folder before anything uses them. */

#define SECOND ((gint64) 1000)
#define MINUTE (60 * SECOND)

#define ANNA        "Anna Bērziņa"
#define ANNA_PHONE  "+371 26 123 456"
#define JANIS       "Jānis Ozols"
#define OLGA        "Ольга Петрова"
#define MARTA       "Marta Liepa"

/* A notification server */

static const char server_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.Notifications'>"
  "    <method name='Notify'>"
  "      <arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='as' direction='in'/>"
  "      <arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "      <arg type='u' direction='out'/>"
  "    </method>"
  "    <method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "    <method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "    <method name='GetServerInformation'>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "    </method>"
  "    <signal name='NotificationClosed'><arg type='u'/><arg type='u'/></signal>"
  "    <signal name='ActionInvoked'><arg type='u'/><arg type='s'/></signal>"
  "  </interface>"
  "</node>";

/* One Notify call as the server received it. */
typedef struct
{
  guint32   id;
  char     *app_name;
  guint32   replaces_id;
  char     *app_icon;
  char     *summary;
  char     *body;
  char    **actions;
  GVariant *hints;
  gint32    timeout;
} Note;

/* The server runs in a thread of its own with its own connection: the
 * application's libnotify calls Notify synchronously, so a server in the
 * main thread would never answer. */
typedef struct
{
  GMutex           lock;
  GCond            cond;
  gboolean         ready;
  char            *address;
  GThread         *thread;
  GMainContext    *context;
  GMainLoop       *loop;
  GDBusConnection *connection;
  GPtrArray       *notes;
  GArray          *closed;
  guint32          last_id;
} Server;

static void
note_free (Note *note)
{
  g_free (note->app_name);
  g_free (note->app_icon);
  g_free (note->summary);
  g_free (note->body);
  g_strfreev (note->actions);
  g_clear_pointer (&note->hints, g_variant_unref);
  g_free (note);
}

static void
server_method_cb (GDBusConnection       *connection,
                  const char            *sender,
                  const char            *object_path,
                  const char            *interface_name,
                  const char            *method_name,
                  GVariant              *parameters,
                  GDBusMethodInvocation *invocation,
                  gpointer               user_data)
{
  Server *server = user_data;

  if (g_str_equal (method_name, "Notify"))
    {
      Note *note = g_new0 (Note, 1);

      g_variant_get (parameters, "(susss^as@a{sv}i)",
                     &note->app_name, &note->replaces_id, &note->app_icon,
                     &note->summary, &note->body, &note->actions, &note->hints,
                     &note->timeout);

      g_mutex_lock (&server->lock);
      note->id = note->replaces_id != 0 ? note->replaces_id : ++server->last_id;
      g_ptr_array_add (server->notes, note);
      g_mutex_unlock (&server->lock);

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", note->id));
    }
  else if (g_str_equal (method_name, "CloseNotification"))
    {
      guint32 id;

      g_variant_get (parameters, "(u)", &id);
      g_mutex_lock (&server->lock);
      g_array_append_val (server->closed, id);
      g_mutex_unlock (&server->lock);

      g_dbus_connection_emit_signal (connection, NULL, "/org/freedesktop/Notifications",
                                     "org.freedesktop.Notifications", "NotificationClosed",
                                     g_variant_new ("(uu)", id, 3), NULL);
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_str_equal (method_name, "GetCapabilities"))
    {
      const char *caps[] = { "actions", "body", "body-markup", "persistence", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else if (g_str_equal (method_name, "GetServerInformation"))
    g_dbus_method_invocation_return_value (invocation,
                                           g_variant_new ("(ssss)", "test-server", "Clientele",
                                                          "1.0", "1.2"));
  else
    g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD,
                                           "No method %s", method_name);
}

static void
name_acquired_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  Server *server = user_data;

  g_mutex_lock (&server->lock);
  server->ready = TRUE;
  g_cond_signal (&server->cond);
  g_mutex_unlock (&server->lock);
}

static void
name_lost_cb (GDBusConnection *connection,
              const char      *name,
              gpointer         user_data)
{
  Server *server = user_data;

  g_mutex_lock (&server->lock);
  if (!server->ready)
    g_error ("Another notification server owns %s on the test bus", name);
  g_mutex_unlock (&server->lock);
}

static gpointer
server_thread (gpointer user_data)
{
  static const GDBusInterfaceVTable vtable = { server_method_cb, NULL, NULL, { 0 } };
  Server *server = user_data;
  g_autoptr(GDBusNodeInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  guint owner;

  g_main_context_push_thread_default (server->context);

  server->connection =
    g_dbus_connection_new_for_address_sync (server->address,
                                            G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                            G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                            NULL, NULL, &error);
  g_assert_no_error (error);

  info = g_dbus_node_info_new_for_xml (server_xml, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (server->connection, "/org/freedesktop/Notifications",
                                     info->interfaces[0], &vtable, server, NULL, &error);
  g_assert_no_error (error);

  owner = g_bus_own_name_on_connection (server->connection, "org.freedesktop.Notifications",
                                        G_BUS_NAME_OWNER_FLAGS_DO_NOT_QUEUE,
                                        name_acquired_cb, name_lost_cb, server, NULL);

  g_main_loop_run (server->loop);

  g_bus_unown_name (owner);
  g_dbus_connection_flush_sync (server->connection, NULL, NULL);
  g_dbus_connection_close_sync (server->connection, NULL, NULL);
  g_clear_object (&server->connection);
  g_main_context_pop_thread_default (server->context);

  return NULL;
}

static Server *
server_start (const char *address)
{
  Server *server = g_new0 (Server, 1);

  g_mutex_init (&server->lock);
  g_cond_init (&server->cond);
  server->address = g_strdup (address);
  server->context = g_main_context_new ();
  server->loop = g_main_loop_new (server->context, FALSE);
  server->notes = g_ptr_array_new_with_free_func ((GDestroyNotify) note_free);
  server->closed = g_array_new (FALSE, FALSE, sizeof (guint32));
  server->thread = g_thread_new ("notification-server", server_thread, server);

  g_mutex_lock (&server->lock);
  while (!server->ready)
    g_cond_wait (&server->cond, &server->lock);
  g_mutex_unlock (&server->lock);

  return server;
}

static void
server_stop (Server *server)
{
  g_main_loop_quit (server->loop);
  g_thread_join (server->thread);
  g_main_loop_unref (server->loop);
  g_main_context_unref (server->context);
  g_ptr_array_unref (server->notes);
  g_array_unref (server->closed);
  g_free (server->address);
  g_mutex_clear (&server->lock);
  g_cond_clear (&server->cond);
  g_free (server);
}

static guint
server_count (Server *server)
{
  guint n;

  g_mutex_lock (&server->lock);
  n = server->notes->len;
  g_mutex_unlock (&server->lock);

  return n;
}

/* The last notification shown under @summary, or NULL. Notes are never
 * changed once received, so the pointer can be read without the lock. */
static Note *
server_find (Server     *server,
             const char *summary)
{
  Note *found = NULL;

  g_mutex_lock (&server->lock);
  for (guint i = 0; i < server->notes->len; i++)
    {
      Note *note = g_ptr_array_index (server->notes, i);

      if (g_strcmp0 (note->summary, summary) == 0)
        found = note;
    }
  g_mutex_unlock (&server->lock);

  return found;
}

static gboolean
server_was_closed (Server  *server,
                   guint32  id)
{
  gboolean closed = FALSE;

  g_mutex_lock (&server->lock);
  for (guint i = 0; i < server->closed->len; i++)
    if (g_array_index (server->closed, guint32, i) == id)
      closed = TRUE;
  g_mutex_unlock (&server->lock);

  return closed;
}

/* What a server sends when the user clicks a button of a pop-up. */
static void
server_invoke (Server     *server,
               guint32     id,
               const char *action)
{
  g_autoptr(GError) error = NULL;

  g_dbus_connection_emit_signal (server->connection, NULL, "/org/freedesktop/Notifications",
                                 "org.freedesktop.Notifications", "ActionInvoked",
                                 g_variant_new ("(us)", id, action), &error);
  g_assert_no_error (error);
}

/* Helpers */

static gint64
add_reminder (CrmStore   *store,
              gint64      contact_id,
              gint64      due_at,
              const char *note)
{
  g_autoptr(CrmReminder) reminder = crm_reminder_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  crm_reminder_set_contact_id (reminder, contact_id);
  crm_reminder_set_due_at (reminder, due_at);
  crm_reminder_set_note (reminder, note);
  id = crm_store_add_reminder (store, reminder, &error);
  g_assert_no_error (error);

  return id;
}

static CrmReminder *
get_reminder (CrmStore *store,
              gint64    id)
{
  g_autoptr(GError) error = NULL;
  CrmReminder *reminder = crm_store_get_reminder (store, id, &error);

  g_assert_no_error (error);
  return reminder;
}

static gint64
notified_at (CrmStore *store,
             gint64    id)
{
  g_autoptr(CrmReminder) reminder = get_reminder (store, id);

  return crm_reminder_get_notified_at (reminder);
}

static gint64
snoozed_until (CrmStore *store,
               gint64    id)
{
  g_autoptr(CrmReminder) reminder = get_reminder (store, id);

  return crm_reminder_get_snoozed_until (reminder);
}

static gint64
done_at (CrmStore *store,
         gint64    id)
{
  g_autoptr(CrmReminder) reminder = get_reminder (store, id);

  return crm_reminder_get_done_at (reminder);
}

static CrmWindow *
app_window (CrmApplication *app)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    {
      if (CRM_IS_WINDOW (l->data))
        return l->data;
    }

  return NULL;
}

static gboolean
window_shows_card_of (CrmApplication *app,
                      gint64          contact_id)
{
  CrmWindow *window = app_window (app);
  GtkWidget *card;

  if (window == NULL || g_strcmp0 (crm_window_get_view (window), "card") != 0)
    return FALSE;

  card = gui_window_get_contact_card (window);
  return card != NULL && crm_contact_card_get_contact_id (CRM_CONTACT_CARD (card)) == contact_id;
}

static gboolean
has_action (Note       *note,
            const char *key,
            const char *label)
{
  for (guint i = 0; note->actions[i] != NULL && note->actions[i + 1] != NULL; i += 2)
    {
      if (g_str_equal (note->actions[i], key))
        return g_str_equal (note->actions[i + 1], label);
    }

  return FALSE;
}

/* Runs the test body in a process of its own, on a private session bus
 * of its own, so that our server is the notification server and nothing
 * reaches the test session's dunst; returns TRUE in that process. The bus
 * is started here, before the process starts: GTK and libadwaita connect
 * to the session bus as they start. */
static GPtrArray *stopped_buses;

static gboolean
in_own_process (void)
{
  g_autofree char *session_bus = NULL;
  g_autofree char *display = NULL;
  GTestDBus *bus;

  if (g_test_subprocess ())
    return TRUE;

  session_bus = g_strdup (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));
  display = g_strdup (g_getenv ("DISPLAY"));
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  /* It unsets DISPLAY too, against autolaunching; the window needs it. */
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);

  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);

  /* This process never used that bus: stop it, and keep the object, whose
   * finalization would wait for this process's own session bus (the
   * test session's) to go away. */
  g_test_dbus_stop (bus);
  if (stopped_buses == NULL)
    stopped_buses = g_ptr_array_new ();
  g_ptr_array_add (stopped_buses, bus);
  if (session_bus != NULL)
    g_setenv ("DBUS_SESSION_BUS_ADDRESS", session_bus, TRUE);
  else
    g_unsetenv ("DBUS_SESSION_BUS_ADDRESS");

  g_test_trap_assert_passed ();
  return FALSE;
}

static void
start_app (GuiFixture *fixture)
{
  g_autoptr(GError) error = NULL;

  fixture->app = crm_application_new_for_store (fixture->store);
  g_application_register (G_APPLICATION (fixture->app), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (crm_application_get_notifier (fixture->app));
}

/* Tests */

/* Open, Snooze 10 min and Done pressed on the pop-ups, a reminder answered
 * elsewhere, a reminder set from another program while the program runs,
 * many at once summed up, and running in the background meanwhile. */
static void
test_actions (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(CrmStore) other = NULL;
  GuiFixture fixture;
  Server *server;
  CrmNotifier *notifier;
  gint64 anna, janis, olga, marta;
  gint64 r_open, r_snooze, r_done, r_elsewhere;
  gint64 due, pressed, many[5];
  Note *note;
  guint before;

  if (!in_own_process ())
    return;

  server = server_start (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));

  gui_fixture_set_up (&fixture);
  settings = g_settings_new (APPLICATION_ID);
  anna = gui_add_person (fixture.store, ANNA, ANNA_PHONE);
  janis = gui_add_person (fixture.store, JANIS, "+371 29 000 001");
  olga = gui_add_person (fixture.store, OLGA, "+7 912 345-67-89");
  marta = gui_add_person (fixture.store, MARTA, NULL);

  due = crm_time_now_ms () + 2 * SECOND;
  r_open = add_reminder (fixture.store, anna, due, "Offer the <spring> colour & cut");
  r_snooze = add_reminder (fixture.store, janis, due, "Call back about the invoice");
  r_done = add_reminder (fixture.store, olga, due, "Confirm Saturday");

  /* Started without a window, as at login. */
  start_app (&fixture);
  notifier = crm_application_get_notifier (fixture.app);
  g_assert_null (app_window (fixture.app));
  g_assert_true (crm_notifier_get_busy (notifier));
  g_assert_true (crm_application_get_in_background (fixture.app));

  /* Nothing early. */
  gui_drain ();
  g_assert_cmpuint (server_count (server), ==, 0);

  GUI_WAIT_UNTIL (server_count (server) == 3);
  g_assert_cmpint (crm_time_now_ms (), >=, due);
  g_assert_cmpint (notified_at (fixture.store, r_open), >=, due);

  note = server_find (server, ANNA);
  g_assert_nonnull (note);
  g_assert_cmpstr (note->app_name, ==, APPLICATION_ID);
  g_assert_cmpstr (note->app_icon, ==, APPLICATION_ID);
  g_assert_nonnull (strstr (note->body, ANNA_PHONE));
  /* The server reads markup: the note is escaped, not interpreted. */
  g_assert_nonnull (strstr (note->body, "Offer the &lt;spring&gt; colour &amp; cut"));
  g_assert_nonnull (strstr (note->body, "Due at "));
  g_assert_true (has_action (note, "open", "Open"));
  g_assert_true (has_action (note, "snooze", "Snooze 10 min"));
  g_assert_true (has_action (note, "done", "Done"));
  g_assert_true (has_action (note, "default", "Open"));
  /* It stays until answered, and belongs to our desktop entry. */
  g_assert_cmpint (note->timeout, ==, 0);
  {
    g_autoptr(GVariant) urgency = g_variant_lookup_value (note->hints, "urgency", G_VARIANT_TYPE_BYTE);
    g_autoptr(GVariant) entry = g_variant_lookup_value (note->hints, "desktop-entry", G_VARIANT_TYPE_STRING);
    g_autoptr(GVariant) resident = g_variant_lookup_value (note->hints, "resident", G_VARIANT_TYPE_BOOLEAN);

    g_assert_nonnull (urgency);
    g_assert_cmpint (g_variant_get_byte (urgency), ==, 2);
    g_assert_nonnull (entry);
    g_assert_cmpstr (g_variant_get_string (entry, NULL), ==, APPLICATION_ID);
    g_assert_nonnull (resident);
    g_assert_true (g_variant_get_boolean (resident));
  }
  g_assert_nonnull (server_find (server, JANIS));
  g_assert_nonnull (server_find (server, OLGA));
  g_assert_true (crm_notifier_is_shown (notifier, r_open));

  /* Open: the window comes up at Anna's card. */
  server_invoke (server, note->id, "open");
  GUI_WAIT_UNTIL (window_shows_card_of (fixture.app, anna));
  GUI_WAIT_UNTIL (server_was_closed (server, note->id));
  g_assert_false (crm_notifier_is_shown (notifier, r_open));
  g_assert_cmpint (done_at (fixture.store, r_open), ==, 0);

  /* Snooze 10 min: due again ten minutes from the press. */
  note = server_find (server, JANIS);
  pressed = crm_time_now_ms ();
  server_invoke (server, note->id, "snooze");
  GUI_WAIT_UNTIL (snoozed_until (fixture.store, r_snooze) != 0);
  g_assert_cmpint (snoozed_until (fixture.store, r_snooze), >=, pressed + 10 * MINUTE);
  g_assert_cmpint (snoozed_until (fixture.store, r_snooze), <=, crm_time_now_ms () + 10 * MINUTE);
  GUI_WAIT_UNTIL (server_was_closed (server, note->id));
  g_assert_cmpint (crm_reminder_scheduler_get_next_due (crm_notifier_get_scheduler (notifier)), ==,
                   snoozed_until (fixture.store, r_snooze));

  /* Done. */
  note = server_find (server, OLGA);
  server_invoke (server, note->id, "done");
  GUI_WAIT_UNTIL (done_at (fixture.store, r_done) != 0);
  GUI_WAIT_UNTIL (server_was_closed (server, note->id));
  g_assert_cmpuint (crm_notifier_get_n_shown (notifier), ==, 0);

  /* Set from clientele-cli (another connection) while the window is
   * open: it pops up on time; marked done there, its pop-up goes. */
  other = crm_store_open (fixture.path, &error);
  g_assert_no_error (error);
  before = server_count (server);
  due = crm_time_now_ms () + 1500;
  r_elsewhere = add_reminder (other, marta, due, "Ask about the wedding date");
  GUI_WAIT_UNTIL (server_find (server, MARTA) != NULL);
  g_assert_cmpint (crm_time_now_ms (), >=, due);
  g_assert_cmpuint (server_count (server), ==, before + 1);
  note = server_find (server, MARTA);
  g_assert_true (crm_store_complete_reminder (other, r_elsewhere, &error));
  g_assert_no_error (error);
  GUI_WAIT_UNTIL (server_was_closed (server, note->id));
  g_assert_false (crm_notifier_is_shown (notifier, r_elsewhere));

  /* Five at once: one pop-up sums them up, not five. */
  before = server_count (server);
  due = crm_time_now_ms () + 1500;
  for (guint i = 0; i < G_N_ELEMENTS (many); i++)
    many[i] = add_reminder (other, i % 2 ? marta : anna, due, "Morning round of calls");
  GUI_WAIT_UNTIL (crm_notifier_get_n_shown (notifier) == G_N_ELEMENTS (many));
  gui_drain ();
  g_assert_cmpuint (server_count (server), ==, before + 1);
  note = server_find (server, "5 reminders are due");
  g_assert_nonnull (note);
  g_assert_nonnull (strstr (note->body, ANNA));
  g_assert_nonnull (strstr (note->body, "and 1 more"));
  g_assert_true (has_action (note, "open", "Open"));
  for (guint i = 0; i < G_N_ELEMENTS (many); i++)
    g_assert_true (crm_notifier_is_shown (notifier, many[i]));

  /* Two of them answered elsewhere: the count follows, in place. */
  g_assert_true (crm_store_complete_reminder (other, many[0], &error));
  g_assert_true (crm_store_complete_reminder (other, many[1], &error));
  g_assert_no_error (error);
  GUI_WAIT_UNTIL (crm_notifier_get_n_shown (notifier) == 3);
  GUI_WAIT_UNTIL (server_find (server, "3 reminders are due") != NULL);
  g_assert_cmpuint (server_find (server, "3 reminders are due")->replaces_id, ==, note->id);

  /* Its Open shows the list of reminders. */
  server_invoke (server, note->id, "open");
  GUI_WAIT_UNTIL (server_was_closed (server, note->id));
  g_assert_cmpuint (crm_notifier_get_n_shown (notifier), ==, 0);
  if (g_type_from_name ("CrmRemindersView") != 0)
    GUI_WAIT_UNTIL (g_strcmp0 (crm_window_get_view (app_window (fixture.app)), "reminders") == 0);

  /* Background: kept running while the snoozed reminder is pending, as
   * long as the setting allows it. */
  g_assert_true (crm_notifier_get_busy (notifier));
  g_assert_true (crm_application_get_in_background (fixture.app));
  g_settings_set_boolean (settings, "run-in-background", FALSE);
  g_assert_false (crm_application_get_in_background (fixture.app));
  g_settings_set_boolean (settings, "run-in-background", TRUE);
  g_assert_true (crm_application_get_in_background (fixture.app));

  /* Nothing left to pop up: it quits with its window again. */
  g_assert_true (crm_store_complete_reminder (fixture.store, r_snooze, &error));
  g_assert_no_error (error);
  g_assert_false (crm_notifier_get_busy (notifier));
  g_assert_false (crm_application_get_in_background (fixture.app));

  g_clear_object (&other);
  gui_fixture_tear_down (&fixture);
  server_stop (server);
}

/* A reminder falling due in two seconds while the program runs in the
 * background (clientele --background, as the autostart entry starts it):
 * dunst shows a pop-up headed with the client's name. */
static void
test_dunst (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) app = NULL;
  g_autoptr(GSubprocess) dunstctl = NULL;
  g_autofree char *program = NULL;
  g_autofree char *dunstctl_path = NULL;
  g_autofree char *name = NULL;
  GuiFixture fixture;
  gint64 contact, reminder, due;
  gboolean found = FALSE;
  gint64 deadline;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("No session bus: run build-aux/test, which starts one with dunst");
      return;
    }

  dunstctl_path = g_find_program_in_path ("dunstctl");
  program = g_test_build_filename (G_TEST_BUILT, "..", "src", "clientele", NULL);
  if (dunstctl_path == NULL || !g_file_test (program, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("dunstctl or the clientele program is missing");
      return;
    }

  /* dunst must be the one answering; it is when dunstctl can ask it. */
  dunstctl = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                               &error, dunstctl_path, "count", "history", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait (dunstctl, NULL, &error));
  if (!g_subprocess_get_successful (dunstctl))
    {
      g_test_skip ("dunst is not running on this session bus");
      return;
    }
  g_clear_object (&dunstctl);

  gui_fixture_set_up (&fixture);
  name = g_strdup_printf ("Līga Kalniņa %u", (guint) getpid ());
  contact = gui_add_person (fixture.store, name, ANNA_PHONE);
  due = crm_time_now_ms () + 2 * SECOND;
  reminder = add_reminder (fixture.store, contact, due, "Bring the new price list");

  app = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error,
                          program, "--background", "--database", fixture.path, NULL);
  g_assert_no_error (error);

  GUI_WAIT_UNTIL (notified_at (fixture.store, reminder) != 0);
  g_assert_cmpint (notified_at (fixture.store, reminder), >=, due);

  /* dunst lists a pop-up once it is gone from the screen: take them all
   * down as a user would, and look for ours in its history. */
  deadline = g_get_monotonic_time () + GUI_TIMEOUT_MS * 1000;
  while (!found && g_get_monotonic_time () < deadline)
    {
      g_autoptr(GSubprocess) close_all = NULL;
      g_autoptr(GSubprocess) history = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autofree char *out = NULL;
      JsonArray *outer, *entries;

      close_all = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, dunstctl_path, "close-all", NULL);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_wait (close_all, NULL, &error));

      history = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, dunstctl_path, "history", NULL);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_communicate_utf8 (history, NULL, NULL, &out, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
      g_assert_no_error (error);

      outer = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "data");
      entries = json_array_get_array_element (outer, 0);
      for (guint i = 0; i < json_array_get_length (entries); i++)
        {
          JsonObject *entry = json_array_get_object_element (entries, i);
          const char *summary = json_object_get_string_member (json_object_get_object_member (entry, "summary"), "data");
          const char *body = json_object_get_string_member (json_object_get_object_member (entry, "body"), "data");
          const char *appname = json_object_get_string_member (json_object_get_object_member (entry, "appname"), "data");

          if (g_strcmp0 (summary, name) != 0)
            continue;

          found = TRUE;
          g_assert_nonnull (strstr (body, ANNA_PHONE));
          g_assert_nonnull (strstr (body, "Bring the new price list"));
          g_assert_cmpstr (appname, ==, APPLICATION_ID);
        }

      if (!found)
        gui_iterate ();
    }
  g_assert_true (found);

  /* Dismissed on screen, the program keeps running in the background. */
  gui_drain ();
  g_assert_nonnull (g_subprocess_get_identifier (app));

  g_subprocess_send_signal (app, SIGTERM);
  g_assert_true (g_subprocess_wait (app, NULL, &error));
  g_assert_no_error (error);

  gui_fixture_tear_down (&fixture);
}

static GtkWidget *
find_preferences (void)
{
  return gui_find_toplevel (CRM_TYPE_PREFERENCES_WINDOW);
}

/* Start at login and the other preferences, from the window. */
static void
test_preferences (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GKeyFile) entry = g_key_file_new ();
  g_autofree char *config = NULL;
  g_autofree char *path = NULL;
  g_autofree char *exec = NULL;
  GuiFixture fixture;
  GtkWidget *prefs;
  GtkWidget *row;
  GtkWidget *error_label;

  if (!in_own_process ())
    return;

  gui_fixture_set_up (&fixture);
  settings = g_settings_new (APPLICATION_ID);

  /* main() gave this process a configuration folder of its own. */
  config = g_strdup (g_get_user_config_dir ());
  g_assert_cmpstr (config, ==, g_getenv ("XDG_CONFIG_HOME"));
  path = crm_autostart_get_path ();
  g_assert_true (g_str_has_prefix (path, config));

  /* The setting is what the user asked for: an entry lost meanwhile (a
   * new home folder) is written again at the start. */
  g_settings_set_boolean (settings, "start-at-login", TRUE);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  start_app (&fixture);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_settings_set_boolean (settings, "start-at-login", FALSE);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  gui_fixture_open_window (&fixture);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.preferences", NULL));
  GUI_WAIT_UNTIL ((prefs = find_preferences ()) != NULL && gtk_widget_get_mapped (prefs));

  /* The switches are labelled by their rows and follow the settings. */
  row = gui_find_row (prefs, ADW_TYPE_ACTION_ROW, "Start Clientele at login");
  g_assert_nonnull (row);
  g_assert_nonnull (gui_find_row (prefs, ADW_TYPE_ACTION_ROW, "Run in the background while reminders are pending"));
  {
    GtkWidget *login = gui_find (row, GTK_TYPE_SWITCH, NULL, NULL);

    g_assert_false (gtk_switch_get_active (GTK_SWITCH (login)));
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

    /* Switched on: the autostart entry starts it in the background. */
    gtk_widget_activate (row);
    GUI_WAIT_UNTIL (g_file_test (path, G_FILE_TEST_EXISTS));
    g_assert_true (gtk_switch_get_active (GTK_SWITCH (login)));
    g_assert_true (g_settings_get_boolean (settings, "start-at-login"));
    g_assert_true (g_key_file_load_from_file (entry, path, G_KEY_FILE_NONE, &error));
    g_assert_no_error (error);
    exec = g_key_file_get_string (entry, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_EXEC, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (exec, ==, "clientele --background");
    g_assert_true (g_key_file_get_boolean (entry, G_KEY_FILE_DESKTOP_GROUP, "X-GNOME-Autostart-enabled", &error));
    g_assert_no_error (error);

    /* Switched off: gone. */
    gtk_widget_activate (row);
    GUI_WAIT_UNTIL (!g_file_test (path, G_FILE_TEST_EXISTS));
    g_assert_false (g_settings_get_boolean (settings, "start-at-login"));
  }

  /* The default country: a wrong code is said so, below the entry; a
   * right one is saved in the database. */
  error_label = gui_find_label (prefs, "“XY” is not a country whose phone numbers Clientele knows");
  g_assert_null (error_label);
  g_assert_false (crm_preferences_window_set_country (CRM_PREFERENCES_WINDOW (prefs), "xy"));
  error_label = gui_find_label (prefs, "“XY” is not a country whose phone numbers Clientele knows");
  g_assert_nonnull (error_label);
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_cmpstr (crm_store_get_default_country (fixture.store), ==, "LV");
  g_assert_false (crm_preferences_window_set_country (CRM_PREFERENCES_WINDOW (prefs), "Latvia"));
  g_assert_cmpstr (crm_store_get_default_country (fixture.store), ==, "LV");
  g_assert_true (crm_preferences_window_set_country (CRM_PREFERENCES_WINDOW (prefs), "ee"));
  g_assert_cmpstr (crm_store_get_default_country (fixture.store), ==, "EE");
  g_assert_false (gtk_widget_get_visible (error_label));

  gtk_window_close (GTK_WINDOW (prefs));
  GUI_WAIT_UNTIL (find_preferences () == NULL);

  gui_fixture_tear_down (&fixture);
}

/* The window closed with a reminder pending: the application stays; no
 * reminder left: it goes with the window. */
static void
test_window_closed (void)
{
  g_autoptr(GError) error = NULL;
  GuiFixture fixture;
  Server *server;
  gint64 anna, reminder;

  if (!in_own_process ())
    return;

  server = server_start (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));
  gui_fixture_set_up (&fixture);
  anna = gui_add_person (fixture.store, ANNA, ANNA_PHONE);

  start_app (&fixture);
  gui_fixture_open_window (&fixture);
  g_assert_false (crm_application_get_in_background (fixture.app));

  reminder = add_reminder (fixture.store, anna, crm_time_now_ms () + 30 * MINUTE, "Call back");
  g_assert_true (crm_application_get_in_background (fixture.app));
  gui_fixture_close_window (&fixture);
  g_assert_true (crm_application_get_in_background (fixture.app));

  g_assert_true (crm_store_delete_reminder (fixture.store, reminder, &error));
  g_assert_no_error (error);
  g_assert_false (crm_application_get_in_background (fixture.app));

  gui_fixture_tear_down (&fixture);
  server_stop (server);
}

static guint
count_titled (Server     *server,
              const char *summary)
{
  guint n = 0;

  g_mutex_lock (&server->lock);
  for (guint i = 0; i < server->notes->len; i++)
    if (g_strcmp0 (((Note *) g_ptr_array_index (server->notes, i))->summary, summary) == 0)
      n++;
  g_mutex_unlock (&server->lock);

  return n;
}

/* A reminder that fell due while Clientele was not running pops up at the
 * next start, once: not again at the start after. Two runs of the real
 * program, started as at login. */
static void
test_missed_on_start (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) first = NULL;
  g_autoptr(GSubprocess) second = NULL;
  g_autofree char *program = NULL;
  GuiFixture fixture;
  Server *server;
  gint64 anna, marta;
  Note *note;

  if (!in_own_process ())
    return;

  program = g_test_build_filename (G_TEST_BUILT, "..", "src", "clientele", NULL);
  if (!g_file_test (program, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("The clientele program was not built");
      return;
    }

  server = server_start (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));
  gui_fixture_set_up (&fixture);
  anna = gui_add_person (fixture.store, ANNA, ANNA_PHONE);
  marta = gui_add_person (fixture.store, MARTA, NULL);
  add_reminder (fixture.store, anna, crm_time_now_ms () - 2 * 60 * MINUTE, "Missed call");

  first = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error,
                            program, "--background", "--database", fixture.path, NULL);
  g_assert_no_error (error);
  GUI_WAIT_UNTIL (server_find (server, ANNA) != NULL);
  note = server_find (server, ANNA);
  g_assert_nonnull (strstr (note->body, "Overdue since"));
  g_subprocess_send_signal (first, SIGTERM);
  g_assert_true (g_subprocess_wait (first, NULL, &error));

  /* The second run pops up a reminder that falls due after it started,
   * and by then it would have shown the missed one again, had it. */
  second = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error,
                             program, "--background", "--database", fixture.path, NULL);
  g_assert_no_error (error);
  add_reminder (fixture.store, marta, crm_time_now_ms () + SECOND, "Ask about the wedding date");
  GUI_WAIT_UNTIL (server_find (server, MARTA) != NULL);
  g_assert_cmpuint (count_titled (server, ANNA), ==, 1);
  g_subprocess_send_signal (second, SIGTERM);
  g_assert_true (g_subprocess_wait (second, NULL, &error));

  gui_fixture_tear_down (&fixture);
  server_stop (server);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }

  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *config = NULL;
  int status;

  /* The autostart entry goes to the configuration folder: never the
   * user's own. GTK reads it at start, so it is set before. */
  config = g_dir_make_tmp ("clientele-config-XXXXXX", NULL);
  g_assert_nonnull (config);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);

  gui_test_init (&argc, &argv);

  gui_test_add ("/notifications/actions", test_actions);
  gui_test_add ("/notifications/window-closed", test_window_closed);
  gui_test_add ("/notifications/missed-on-start", test_missed_on_start);
  gui_test_add ("/notifications/preferences", test_preferences);
  gui_test_add ("/notifications/dunst", test_dunst);

  status = g_test_run ();
  remove_tree (config);

  return status;
}
