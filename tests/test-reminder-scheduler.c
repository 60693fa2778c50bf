/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>

#include "crm-id.h"
#include "crm-reminder-scheduler.h"
#include "crm-store-activities.h"
#include "crm-time.h"

#define MINUTE ((gint64) 60 * 1000)
#define HOUR   (60 * MINUTE)

/* 2026-03-02 10:00:00 UTC */
#define NOW ((gint64) 1772445600000)

typedef struct
{
  char                 *dir;
  CrmStore             *store;
  CrmReminderScheduler *scheduler;
  gint64                client;
  GArray               *announced;
  guint                 next_due_notifications;
  GMainLoop            *loop;
} Fixture;

static void
reminder_due_cb (CrmReminderScheduler *scheduler,
                 CrmReminder          *reminder,
                 Fixture              *fixture)
{
  gint64 id = crm_reminder_get_id (reminder);

  /* The reminder is marked before it is announced. */
  g_assert_cmpint (crm_reminder_get_notified_at (reminder), ==, crm_time_now_ms ());
  g_assert_cmpstr (crm_reminder_get_contact_name (reminder), ==, "Inese Kalniņa");
  g_array_append_val (fixture->announced, id);

  if (fixture->loop != NULL)
    g_main_loop_quit (fixture->loop);
}

static void
next_due_cb (GObject    *object,
             GParamSpec *pspec,
             Fixture    *fixture)
{
  fixture->next_due_notifications++;
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

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStatement) stmt = NULL;
  g_autofree char *path = NULL;

  crm_time_set_fake_now (NOW);

  fixture->dir = g_dir_make_tmp ("clientele-scheduler-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "clientele.db", NULL);
  fixture->store = crm_store_open (path, &error);
  g_assert_no_error (error);

  fixture->client = crm_id_new ();
  stmt = crm_database_prepare (crm_store_get_database (fixture->store),
                               "INSERT INTO contacts (id, name, name_folded, created_at, updated_at) "
                               "VALUES (?1, 'Inese Kalniņa', 'inese kalnina', ?2, ?2)",
                               &error);
  g_assert_no_error (error);
  crm_statement_bind_int64 (stmt, 1, fixture->client);
  crm_statement_bind_int64 (stmt, 2, NOW);
  g_assert_true (crm_statement_run (stmt, &error));

  fixture->announced = g_array_new (FALSE, FALSE, sizeof (gint64));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->scheduler);
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->announced, g_array_unref);
  g_clear_pointer (&fixture->loop, g_main_loop_unref);
  remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  crm_time_set_fake_now (0);
}

static void
make_scheduler (Fixture *fixture)
{
  fixture->scheduler = crm_reminder_scheduler_new (fixture->store);
  g_signal_connect (fixture->scheduler, "reminder-due", G_CALLBACK (reminder_due_cb), fixture);
  g_signal_connect (fixture->scheduler, "notify::next-due", G_CALLBACK (next_due_cb), fixture);
}

static gint64
add_reminder (Fixture *fixture,
              gint64   due_at)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmReminder) reminder = crm_reminder_new ();
  gint64 id;

  crm_reminder_set_contact_id (reminder, fixture->client);
  crm_reminder_set_due_at (reminder, due_at);
  id = crm_store_add_reminder (fixture->store, reminder, &error);
  g_assert_no_error (error);
  return id;
}

static void
test_check_with_fake_clock (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 first, second;

  make_scheduler (fixture);
  g_assert_cmpint (crm_reminder_scheduler_get_next_due (fixture->scheduler), ==, 0);

  second = add_reminder (fixture, NOW + 2 * HOUR);
  first = add_reminder (fixture, NOW + HOUR);
  /* The scheduler follows the store without being asked. */
  g_assert_cmpint (crm_reminder_scheduler_get_next_due (fixture->scheduler), ==, NOW + HOUR);
  g_assert_cmpuint (fixture->next_due_notifications, ==, 2);

  g_assert_cmpuint (crm_reminder_scheduler_check (fixture->scheduler), ==, 0);
  g_assert_cmpuint (fixture->announced->len, ==, 0);

  crm_time_set_fake_now (NOW + HOUR);
  g_assert_cmpuint (crm_reminder_scheduler_check (fixture->scheduler), ==, 1);
  g_assert_cmpuint (fixture->announced->len, ==, 1);
  g_assert_cmpint (g_array_index (fixture->announced, gint64, 0), ==, first);
  g_assert_cmpint (crm_reminder_scheduler_get_next_due (fixture->scheduler), ==, NOW + 2 * HOUR);

  /* Announced once only. */
  crm_time_set_fake_now (NOW + HOUR + MINUTE);
  g_assert_cmpuint (crm_reminder_scheduler_check (fixture->scheduler), ==, 0);

  /* Snoozed: announced again when the snooze ends. */
  g_assert_true (crm_store_snooze_reminder (fixture->store, first, NOW + HOUR + 10 * MINUTE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (crm_reminder_scheduler_get_next_due (fixture->scheduler), ==, NOW + HOUR + 10 * MINUTE);
  crm_time_set_fake_now (NOW + HOUR + 10 * MINUTE);
  g_assert_cmpuint (crm_reminder_scheduler_check (fixture->scheduler), ==, 1);
  g_assert_cmpint (g_array_index (fixture->announced, gint64, 1), ==, first);

  /* Done reminders are never announced; the next one is. */
  g_assert_true (crm_store_complete_reminder (fixture->store, second, &error));
  g_assert_no_error (error);
  g_assert_cmpint (crm_reminder_scheduler_get_next_due (fixture->scheduler), ==, 0);
  crm_time_set_fake_now (NOW + 3 * HOUR);
  g_assert_cmpuint (crm_reminder_scheduler_check (fixture->scheduler), ==, 0);
  g_assert_cmpuint (fixture->announced->len, ==, 2);
}

static gboolean
give_up_cb (gpointer user_data)
{
  g_error ("The scheduler did not announce the overdue reminder");
  return G_SOURCE_REMOVE;
}

static void
test_start_announces_overdue (Fixture       *fixture,
                              gconstpointer  data)
{
  gint64 overdue = add_reminder (fixture, NOW - 30 * MINUTE);
  guint give_up;

  add_reminder (fixture, NOW + HOUR);
  make_scheduler (fixture);

  /* Stopped: the timer is not armed, nothing is announced. */
  g_assert_false (crm_reminder_scheduler_get_running (fixture->scheduler));
  g_assert_cmpint (crm_reminder_scheduler_get_next_due (fixture->scheduler), ==, NOW - 30 * MINUTE);
  g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (fixture->announced->len, ==, 0);

  fixture->loop = g_main_loop_new (NULL, FALSE);
  give_up = g_timeout_add_seconds (5, give_up_cb, NULL);
  crm_reminder_scheduler_start (fixture->scheduler);
  g_assert_true (crm_reminder_scheduler_get_running (fixture->scheduler));
  /* Announced from the main loop, not from start(). */
  g_assert_cmpuint (fixture->announced->len, ==, 0);
  g_main_loop_run (fixture->loop);
  g_source_remove (give_up);

  g_assert_cmpuint (fixture->announced->len, ==, 1);
  g_assert_cmpint (g_array_index (fixture->announced, gint64, 0), ==, overdue);
  g_assert_cmpint (crm_reminder_scheduler_get_next_due (fixture->scheduler), ==, NOW + HOUR);

  crm_reminder_scheduler_stop (fixture->scheduler);
  g_assert_false (crm_reminder_scheduler_get_running (fixture->scheduler));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/reminder-scheduler/check", Fixture, NULL,
              fixture_set_up, test_check_with_fake_clock, fixture_tear_down);
  g_test_add ("/reminder-scheduler/start", Fixture, NULL,
              fixture_set_up, test_start_announces_overdue, fixture_tear_down);

  return g_test_run ();
}
