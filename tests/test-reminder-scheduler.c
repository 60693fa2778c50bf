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
  GPtrArray            *batches;
  guint                 next_due_notifications;
  GMainLoop            *loop;
  guint                 loop_timeout;
} Fixture;

/* When the store considers a reminder due: the end of its snooze if it
 * was snoozed (even to before its due time, after the clock was set
 * back), else its due time. */
static gint64
due_for_store (CrmReminder *reminder)
{
  if (crm_reminder_get_snoozed_until (reminder) != 0)
    return crm_reminder_get_snoozed_until (reminder);

  return crm_reminder_get_due_at (reminder);
}

static void
reminder_due_cb (CrmReminderScheduler *scheduler,
                 CrmReminder          *reminder,
                 Fixture              *fixture)
{
  gint64 id = crm_reminder_get_id (reminder);

  /* The reminder is marked before it is announced, and never early. */
  g_assert_cmpint (crm_reminder_get_notified_at (reminder), !=, 0);
  g_assert_cmpint (crm_reminder_get_notified_at (reminder), <=, crm_time_now_ms ());
  g_assert_cmpint (due_for_store (reminder), <=, crm_reminder_get_notified_at (reminder));
  g_assert_cmpstr (crm_reminder_get_contact_name (reminder), ==, "Inese Kalniņa");
  g_array_append_val (fixture->announced, id);
}

static void
reminders_due_cb (CrmReminderScheduler *scheduler,
                  GPtrArray            *reminders,
                  Fixture              *fixture)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  /* The batch comes after each reminder was announced on its own. */
  g_assert_cmpuint (reminders->len, >, 0);
  g_assert_cmpuint (fixture->announced->len, >=, reminders->len);
  for (guint i = 0; i < reminders->len; i++)
    {
      CrmReminder *reminder = g_ptr_array_index (reminders, i);
      gint64 id = crm_reminder_get_id (reminder);

      g_assert_cmpint (g_array_index (fixture->announced, gint64,
                                      fixture->announced->len - reminders->len + i), ==, id);
      if (i > 0)
        g_assert_cmpint (due_for_store (g_ptr_array_index (reminders, i - 1)), <=,
                         due_for_store (reminder));
      g_array_append_val (ids, id);
    }
  g_ptr_array_add (fixture->batches, ids);

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
  fixture->batches = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->scheduler);
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->announced, g_array_unref);
  g_clear_pointer (&fixture->batches, g_ptr_array_unref);
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
  g_signal_connect (fixture->scheduler, "reminders-due", G_CALLBACK (reminders_due_cb), fixture);
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


/* The ids announced so far, for comparing with what a test expects. */
static void
assert_announced (Fixture      *fixture,
                  const gint64 *expected,
                  guint         n_expected)
{
  g_assert_cmpuint (fixture->announced->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    g_assert_cmpint (g_array_index (fixture->announced, gint64, i), ==, expected[i]);
}

static guint
count_announced (Fixture *fixture,
                 gint64   id)
{
  guint n = 0;

  for (guint i = 0; i < fixture->announced->len; i++)
    if (g_array_index (fixture->announced, gint64, i) == id)
      n++;

  return n;
}

static gint64
utc_ms (int year,
        int month,
        int day,
        int hour,
        int minute)
{
  g_autoptr(GDateTime) datetime = g_date_time_new_utc (year, month, day, hour, minute, 0);

  return g_date_time_to_unix (datetime) * 1000;
}

/* Moves the fake clock from @from to @to in @step steps, checking at each,
 * and remembers at which step each reminder was first announced. */
static void
walk_clock (Fixture    *fixture,
            gint64      from,
            gint64      to,
            gint64      step,
            GHashTable *announced_at)
{
  for (gint64 t = from; t <= to; t += step)
    {
      guint before = fixture->announced->len;

      crm_time_set_fake_now (t);
      crm_reminder_scheduler_check (fixture->scheduler);

      for (guint i = before; i < fixture->announced->len; i++)
        {
          gint64 id = g_array_index (fixture->announced, gint64, i);

          g_assert_false (g_hash_table_contains (announced_at, &id));
          g_hash_table_insert (announced_at, g_memdup2 (&id, sizeof id), g_memdup2 (&t, sizeof t));
        }
    }
}

static gint64
announced_at (GHashTable *table,
              gint64      id)
{
  gint64 *at = g_hash_table_lookup (table, &id);

  g_assert_nonnull (at);
  return *at;
}

static void
test_order (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GHashTable) at = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  gint64 third, first, second, tie;

  make_scheduler (fixture);

  /* Added out of order; a tie goes by id, that is by the order of adding. */
  third = add_reminder (fixture, NOW + 3 * HOUR);
  first = add_reminder (fixture, NOW + HOUR);
  second = add_reminder (fixture, NOW + 2 * HOUR);
  tie = add_reminder (fixture, NOW + HOUR);
  g_assert_cmpint (crm_reminder_scheduler_get_next_due (fixture->scheduler), ==, NOW + HOUR);

  walk_clock (fixture, NOW, NOW + 4 * HOUR, 5 * MINUTE, at);
  assert_announced (fixture, (gint64[]) { first, tie, second, third }, 4);

  /* Each at the first check at or after its time: not early, not late. */
  g_assert_cmpint (announced_at (at, first), ==, NOW + HOUR);
  g_assert_cmpint (announced_at (at, tie), ==, NOW + HOUR);
  g_assert_cmpint (announced_at (at, second), ==, NOW + 2 * HOUR);
  g_assert_cmpint (announced_at (at, third), ==, NOW + 3 * HOUR);
  g_assert_cmpuint (fixture->batches->len, ==, 3);
  g_assert_cmpint (crm_reminder_scheduler_get_next_due (fixture->scheduler), ==, 0);

  /* After they were all shown, jumping over them again shows none. */
  crm_time_set_fake_now (NOW + 10 * HOUR);
  g_assert_cmpuint (crm_reminder_scheduler_check (fixture->scheduler), ==, 0);
}

static void
test_snooze (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) at = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  gint64 early, shown;

  make_scheduler (fixture);

  /* Snoozed before it fell due: quiet at the due time, shown at the end
   * of the snooze. */
  early = add_reminder (fixture, NOW + HOUR);
  g_assert_true (crm_store_snooze_reminder (fixture->store, early, NOW + 2 * HOUR, &error));
  g_assert_no_error (error);
  g_assert_cmpint (crm_reminder_scheduler_get_next_due (fixture->scheduler), ==, NOW + 2 * HOUR);
  walk_clock (fixture, NOW, NOW + 3 * HOUR, MINUTE, at);
  assert_announced (fixture, (gint64[]) { early }, 1);
  g_assert_cmpint (announced_at (at, early), ==, NOW + 2 * HOUR);

  /* "Snooze 10 min" twice from the pop-up: shown three times in all, each
   * time ten minutes after the button was pressed. */
  crm_time_set_fake_now (NOW + 4 * HOUR);
  shown = add_reminder (fixture, NOW + 4 * HOUR);
  g_assert_cmpuint (crm_reminder_scheduler_check (fixture->scheduler), ==, 1);
  for (int round = 1; round <= 2; round++)
    {
      gint64 pressed = crm_time_now_ms () + 30 * 1000;
      gint64 until = pressed + 10 * MINUTE;

      crm_time_set_fake_now (pressed);
      g_assert_true (crm_store_snooze_reminder (fixture->store, shown, until, &error));
      g_assert_no_error (error);
      g_assert_cmpint (crm_reminder_scheduler_get_next_due (fixture->scheduler), ==, until);

      crm_time_set_fake_now (until - 1);
      g_assert_cmpuint (crm_reminder_scheduler_check (fixture->scheduler), ==, 0);
      crm_time_set_fake_now (until);
      g_assert_cmpuint (crm_reminder_scheduler_check (fixture->scheduler), ==, 1);
    }
  g_assert_cmpuint (count_announced (fixture, shown), ==, 3);

  /* A snooze cannot end in the past. */
  g_assert_false (crm_store_snooze_reminder (fixture->store, shown, crm_time_now_ms () - 1, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
}

static void
test_done (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 before, after, kept;

  make_scheduler (fixture);

  before = add_reminder (fixture, NOW + HOUR);
  after = add_reminder (fixture, NOW + 2 * HOUR);
  kept = add_reminder (fixture, NOW + 3 * HOUR);

  /* Done before it fell due: never shown. */
  g_assert_true (crm_store_complete_reminder (fixture->store, before, &error));
  g_assert_no_error (error);
  g_assert_cmpint (crm_reminder_scheduler_get_next_due (fixture->scheduler), ==, NOW + 2 * HOUR);

  /* Done from the pop-up while snoozed: not shown again. */
  crm_time_set_fake_now (NOW + 2 * HOUR);
  g_assert_cmpuint (crm_reminder_scheduler_check (fixture->scheduler), ==, 1);
  g_assert_true (crm_store_snooze_reminder (fixture->store, after, NOW + 2 * HOUR + 10 * MINUTE, &error));
  g_assert_no_error (error);
  g_assert_true (crm_store_complete_reminder (fixture->store, after, &error));
  g_assert_no_error (error);

  /* Trashed: not shown either; restored: due again. */
  g_assert_true (crm_store_delete_reminder (fixture->store, kept, &error));
  g_assert_no_error (error);
  g_assert_cmpint (crm_reminder_scheduler_get_next_due (fixture->scheduler), ==, 0);
  crm_time_set_fake_now (NOW + 5 * HOUR);
  g_assert_cmpuint (crm_reminder_scheduler_check (fixture->scheduler), ==, 0);
  g_assert_true (crm_store_restore_reminder (fixture->store, kept, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (crm_reminder_scheduler_check (fixture->scheduler), ==, 1);

  assert_announced (fixture, (gint64[]) { after, kept }, 2);
  g_assert_cmpint (crm_reminder_scheduler_get_next_due (fixture->scheduler), ==, 0);
}

static gboolean
quit_loop_cb (gpointer user_data)
{
  Fixture *fixture = user_data;

  fixture->loop_timeout = 0;
  g_main_loop_quit (fixture->loop);
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until a batch is announced, or for @ms at most. */
static void
run_loop_for (Fixture *fixture,
              guint    ms)
{
  if (fixture->loop == NULL)
    fixture->loop = g_main_loop_new (NULL, FALSE);
  fixture->loop_timeout = g_timeout_add (ms, quit_loop_cb, fixture);
  g_main_loop_run (fixture->loop);
  g_clear_handle_id (&fixture->loop_timeout, g_source_remove);
}

static void
test_missed_on_start (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "clientele.db", NULL);
  gint64 yesterday, morning, snoozed, done, later;

  /* What fell due while the program was not running: yesterday's call,
   * this morning's, one snoozed past its time, and one done already. */
  yesterday = add_reminder (fixture, NOW - 24 * HOUR);
  morning = add_reminder (fixture, NOW - 2 * HOUR);
  snoozed = add_reminder (fixture, NOW - 3 * HOUR);
  crm_time_set_fake_now (NOW - 3 * HOUR + MINUTE);
  g_assert_true (crm_store_snooze_reminder (fixture->store, snoozed, NOW - HOUR, &error));
  g_assert_no_error (error);
  done = add_reminder (fixture, NOW - 4 * HOUR);
  g_assert_true (crm_store_complete_reminder (fixture->store, done, &error));
  g_assert_no_error (error);
  crm_time_set_fake_now (NOW);
  later = add_reminder (fixture, NOW + HOUR);

  /* First start: the missed ones are shown together, oldest first. */
  make_scheduler (fixture);
  crm_reminder_scheduler_start (fixture->scheduler);
  run_loop_for (fixture, 5000);
  assert_announced (fixture, (gint64[]) { yesterday, morning, snoozed }, 3);
  g_assert_cmpuint (fixture->batches->len, ==, 1);
  g_assert_cmpint (crm_reminder_scheduler_get_next_due (fixture->scheduler), ==, NOW + HOUR);

  /* Quit and start again a minute later, with a new connection to the
   * file: nothing is shown twice. */
  g_clear_object (&fixture->scheduler);
  g_clear_object (&fixture->store);
  crm_time_set_fake_now (NOW + MINUTE);
  fixture->store = crm_store_open (path, &error);
  g_assert_no_error (error);
  make_scheduler (fixture);
  g_assert_cmpint (crm_reminder_scheduler_get_next_due (fixture->scheduler), ==, NOW + HOUR);
  crm_reminder_scheduler_start (fixture->scheduler);
  run_loop_for (fixture, 200);
  g_assert_cmpuint (crm_reminder_scheduler_check (fixture->scheduler), ==, 0);
  g_assert_cmpuint (fixture->announced->len, ==, 3);

  /* The one still ahead is not lost either. */
  crm_time_set_fake_now (NOW + HOUR);
  g_assert_cmpuint (crm_reminder_scheduler_check (fixture->scheduler), ==, 1);
  g_assert_cmpint (g_array_index (fixture->announced, gint64, 3), ==, later);
}

static void
test_dst_spring (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) at = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autofree char *shown = NULL;
  gint64 before_change, after_change, in_gap, day_after;
  gint64 due;

  /* In Riga the clocks go from 03:00 EET to 04:00 EEST on 29 March 2026,
   * at 01:00 UTC. */
  g_assert_true (crm_time_parse ("2026-03-29T02:30", &due, &error));
  g_assert_no_error (error);
  g_assert_cmpint (due, ==, utc_ms (2026, 3, 29, 0, 30));
  before_change = add_reminder (fixture, due);

  g_assert_true (crm_time_parse ("2026-03-29T04:30", &due, &error));
  g_assert_cmpint (due, ==, utc_ms (2026, 3, 29, 1, 30));
  after_change = add_reminder (fixture, due);

  /* A time that the change skips counts from the new offset. */
  g_assert_true (crm_time_parse ("2026-03-29T03:30", &due, &error));
  g_assert_cmpint (due, ==, utc_ms (2026, 3, 29, 1, 30));
  in_gap = add_reminder (fixture, due);

  g_assert_true (crm_time_parse ("2026-03-30T10:00", &due, &error));
  g_assert_cmpint (due, ==, utc_ms (2026, 3, 30, 7, 0));
  day_after = add_reminder (fixture, due);

  crm_time_set_fake_now (utc_ms (2026, 3, 28, 22, 0));
  make_scheduler (fixture);
  g_assert_cmpint (crm_reminder_scheduler_get_next_due (fixture->scheduler), ==, utc_ms (2026, 3, 29, 0, 30));

  walk_clock (fixture, utc_ms (2026, 3, 28, 22, 0), utc_ms (2026, 3, 30, 12, 0), 5 * MINUTE, at);

  /* Each shown once, at its UTC time: the change of offset moves none. */
  g_assert_cmpuint (fixture->announced->len, ==, 4);
  g_assert_cmpint (announced_at (at, before_change), ==, utc_ms (2026, 3, 29, 0, 30));
  g_assert_cmpint (announced_at (at, after_change), ==, utc_ms (2026, 3, 29, 1, 30));
  g_assert_cmpint (announced_at (at, in_gap), ==, utc_ms (2026, 3, 29, 1, 30));
  g_assert_cmpint (announced_at (at, day_after), ==, utc_ms (2026, 3, 30, 7, 0));

  /* And the pop-up names the wall-clock time with the new offset. */
  crm_time_set_fake_now (utc_ms (2026, 3, 29, 1, 30));
  shown = crm_time_format_short (utc_ms (2026, 3, 29, 1, 30));
  g_assert_cmpstr (shown, ==, "04:30");
}

static void
test_dst_autumn (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) at = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autofree char *first_text = NULL;
  g_autofree char *second_text = NULL;
  gint64 first_pass, second_pass, after;
  gint64 due;

  /* On 25 October 2026 Riga goes from 04:00 EEST back to 03:00 EET at
   * 01:00 UTC, so 03:30 happens twice: 00:30 and 01:30 UTC. A reminder for
   * either is shown once, at its own instant. */
  first_pass = add_reminder (fixture, utc_ms (2026, 10, 25, 0, 30));
  second_pass = add_reminder (fixture, utc_ms (2026, 10, 25, 1, 30));
  g_assert_true (crm_time_parse ("2026-10-25T05:00", &due, &error));
  g_assert_no_error (error);
  g_assert_cmpint (due, ==, utc_ms (2026, 10, 25, 3, 0));
  after = add_reminder (fixture, due);

  crm_time_set_fake_now (utc_ms (2026, 10, 24, 22, 0));
  make_scheduler (fixture);
  walk_clock (fixture, utc_ms (2026, 10, 24, 22, 0), utc_ms (2026, 10, 25, 6, 0), 5 * MINUTE, at);

  g_assert_cmpuint (fixture->announced->len, ==, 3);
  g_assert_cmpint (announced_at (at, first_pass), ==, utc_ms (2026, 10, 25, 0, 30));
  g_assert_cmpint (announced_at (at, second_pass), ==, utc_ms (2026, 10, 25, 1, 30));
  g_assert_cmpint (announced_at (at, after), ==, utc_ms (2026, 10, 25, 3, 0));

  /* Both read 03:30 on the wall clock. */
  crm_time_set_fake_now (utc_ms (2026, 10, 25, 6, 0));
  first_text = crm_time_format_short (utc_ms (2026, 10, 25, 0, 30));
  second_text = crm_time_format_short (utc_ms (2026, 10, 25, 1, 30));
  g_assert_cmpstr (first_text, ==, "03:30");
  g_assert_cmpstr (second_text, ==, "03:30");
}

static void
test_time_zone_change (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *riga_text = NULL;
  g_autofree char *tokyo_text = NULL;
  g_autofree char *old_tz = g_strdup (g_getenv ("TZ"));
  gint64 id;

  id = add_reminder (fixture, NOW + HOUR);
  make_scheduler (fixture);
  riga_text = crm_time_format_short (NOW + HOUR);

  /* The manager flies to Tokyo: the call stays at the same instant. */
  g_setenv ("TZ", "Asia/Tokyo", TRUE);
  tokyo_text = crm_time_format_short (NOW + HOUR);
  g_assert_cmpstr (riga_text, ==, "13:00");
  g_assert_cmpstr (tokyo_text, ==, "20:00");

  crm_time_set_fake_now (NOW + HOUR - MINUTE);
  g_assert_cmpuint (crm_reminder_scheduler_check (fixture->scheduler), ==, 0);
  g_assert_cmpint (crm_reminder_scheduler_get_next_due (fixture->scheduler), ==, NOW + HOUR);
  crm_time_set_fake_now (NOW + HOUR);
  g_assert_cmpuint (crm_reminder_scheduler_check (fixture->scheduler), ==, 1);
  crm_time_set_fake_now (NOW + 2 * HOUR);
  g_assert_cmpuint (crm_reminder_scheduler_check (fixture->scheduler), ==, 0);
  assert_announced (fixture, &id, 1);

  if (old_tz != NULL)
    g_setenv ("TZ", old_tz, TRUE);
  else
    g_unsetenv ("TZ");
}

static void
test_clock_back (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 shown, ahead;

  make_scheduler (fixture);
  shown = add_reminder (fixture, NOW + 10 * MINUTE);
  ahead = add_reminder (fixture, NOW + 30 * MINUTE);

  crm_time_set_fake_now (NOW + 10 * MINUTE);
  g_assert_cmpuint (crm_reminder_scheduler_check (fixture->scheduler), ==, 1);

  /* The clock is set an hour back: the shown one is not shown again, the
   * one ahead is not shown early. */
  crm_time_set_fake_now (NOW - 50 * MINUTE);
  g_assert_cmpuint (crm_reminder_scheduler_check (fixture->scheduler), ==, 0);
  g_assert_cmpint (crm_reminder_scheduler_get_next_due (fixture->scheduler), ==, NOW + 30 * MINUTE);
  for (gint64 t = NOW - 50 * MINUTE; t < NOW + 30 * MINUTE; t += MINUTE)
    {
      crm_time_set_fake_now (t);
      g_assert_cmpuint (crm_reminder_scheduler_check (fixture->scheduler), ==, 0);
    }
  crm_time_set_fake_now (NOW + 30 * MINUTE);
  g_assert_cmpuint (crm_reminder_scheduler_check (fixture->scheduler), ==, 1);
  assert_announced (fixture, (gint64[]) { shown, ahead }, 2);

  /* Snoozing while the clock is behind the time it was shown at still
   * brings it back after ten minutes, not never. */
  crm_time_set_fake_now (NOW);
  g_assert_true (crm_store_snooze_reminder (fixture->store, ahead, NOW + 10 * MINUTE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (crm_reminder_scheduler_get_next_due (fixture->scheduler), ==, NOW + 10 * MINUTE);
  crm_time_set_fake_now (NOW + 10 * MINUTE);
  g_assert_cmpuint (crm_reminder_scheduler_check (fixture->scheduler), ==, 1);
  crm_time_set_fake_now (NOW + 40 * MINUTE);
  g_assert_cmpuint (crm_reminder_scheduler_check (fixture->scheduler), ==, 0);
  assert_announced (fixture, (gint64[]) { shown, ahead, ahead }, 3);
}

static void
test_clock_forward (Fixture       *fixture,
                    gconstpointer  data)
{
  gint64 a, b, c, d;
  GArray *batch;

  make_scheduler (fixture);
  a = add_reminder (fixture, NOW + 10 * MINUTE);
  b = add_reminder (fixture, NOW + 20 * MINUTE);
  c = add_reminder (fixture, NOW + 30 * MINUTE);
  d = add_reminder (fixture, NOW + 2 * HOUR);

  /* The lid was closed for an hour: on waking, the three that fell due
   * meanwhile are shown at once, in order, and the fourth waits. */
  g_assert_cmpuint (crm_reminder_scheduler_check (fixture->scheduler), ==, 0);
  crm_time_set_fake_now (NOW + HOUR);
  g_assert_cmpuint (crm_reminder_scheduler_check (fixture->scheduler), ==, 3);
  assert_announced (fixture, (gint64[]) { a, b, c }, 3);
  g_assert_cmpuint (fixture->batches->len, ==, 1);
  batch = g_ptr_array_index (fixture->batches, 0);
  g_assert_cmpuint (batch->len, ==, 3);
  g_assert_cmpint (crm_reminder_scheduler_get_next_due (fixture->scheduler), ==, NOW + 2 * HOUR);

  /* A second check right after (the resume signal and the timer both
   * fire) shows nothing twice. */
  g_assert_cmpuint (crm_reminder_scheduler_check (fixture->scheduler), ==, 0);

  crm_time_set_fake_now (NOW + 5 * HOUR);
  g_assert_cmpuint (crm_reminder_scheduler_check (fixture->scheduler), ==, 1);
  assert_announced (fixture, (gint64[]) { a, b, c, d }, 4);
}

static void
test_many_at_once (Fixture       *fixture,
                   gconstpointer  data)
{
  gint64 ids[7];
  GArray *batch;

  make_scheduler (fixture);

  /* A manager plans a morning of calls for nine o'clock sharp. */
  for (guint i = 0; i < 6; i++)
    ids[i] = add_reminder (fixture, NOW + HOUR + i * 1000);
  ids[6] = add_reminder (fixture, NOW + 2 * HOUR);

  crm_time_set_fake_now (NOW + HOUR + 10 * 1000);
  g_assert_cmpuint (crm_reminder_scheduler_check (fixture->scheduler), ==, 6);

  /* One batch of six for the notifier to sum up, not six separate checks. */
  g_assert_cmpuint (fixture->batches->len, ==, 1);
  batch = g_ptr_array_index (fixture->batches, 0);
  g_assert_cmpuint (batch->len, ==, 6);
  for (guint i = 0; i < 6; i++)
    g_assert_cmpint (g_array_index (batch, gint64, i), ==, ids[i]);

  /* A check that finds nothing announces no empty batch. */
  g_assert_cmpuint (crm_reminder_scheduler_check (fixture->scheduler), ==, 0);
  g_assert_cmpuint (fixture->batches->len, ==, 1);

  crm_time_set_fake_now (NOW + 2 * HOUR);
  g_assert_cmpuint (crm_reminder_scheduler_check (fixture->scheduler), ==, 1);
  g_assert_cmpuint (fixture->batches->len, ==, 2);
  batch = g_ptr_array_index (fixture->batches, 1);
  g_assert_cmpuint (batch->len, ==, 1);
  g_assert_cmpint (g_array_index (batch, gint64, 0), ==, ids[6]);
}

static void
test_external_change (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) other = NULL;
  g_autoptr(CrmReminder) reminder = crm_reminder_new ();
  g_autofree char *path = g_build_filename (fixture->dir, "clientele.db", NULL);
  gint64 id;

  make_scheduler (fixture);
  g_assert_cmpint (crm_reminder_scheduler_get_next_due (fixture->scheduler), ==, 0);

  /* clientele-cli sets a reminder through its own connection while the
   * window is open. */
  other = crm_store_open (path, &error);
  g_assert_no_error (error);
  crm_reminder_set_contact_id (reminder, fixture->client);
  crm_reminder_set_due_at (reminder, NOW + 5 * MINUTE);
  id = crm_store_add_reminder (other, reminder, &error);
  g_assert_no_error (error);

  /* The window's store notices it and the scheduler re-arms for it. */
  g_assert_cmpint (crm_reminder_scheduler_get_next_due (fixture->scheduler), ==, 0);
  g_assert_true (crm_store_check_external_changes (fixture->store));
  g_assert_cmpint (crm_reminder_scheduler_get_next_due (fixture->scheduler), ==, NOW + 5 * MINUTE);

  crm_time_set_fake_now (NOW + 5 * MINUTE);
  g_assert_cmpuint (crm_reminder_scheduler_check (fixture->scheduler), ==, 1);
  assert_announced (fixture, &id, 1);

  /* Snoozed from the command line: re-armed for the new time. */
  g_assert_true (crm_store_snooze_reminder (other, id, NOW + 15 * MINUTE, &error));
  g_assert_no_error (error);
  g_assert_true (crm_store_check_external_changes (fixture->store));
  g_assert_cmpint (crm_reminder_scheduler_get_next_due (fixture->scheduler), ==, NOW + 15 * MINUTE);
}

static void
test_real_timer (Fixture       *fixture,
                 gconstpointer  data)
{
  gint64 due, id;

  /* The real clock and a real timer: shown when due, not before. */
  crm_time_set_fake_now (0);
  due = crm_time_now_ms () + 300;
  id = add_reminder (fixture, due);
  make_scheduler (fixture);
  crm_reminder_scheduler_start (fixture->scheduler);
  run_loop_for (fixture, 5000);

  assert_announced (fixture, &id, 1);
  g_assert_cmpint (crm_time_now_ms (), >=, due);
  g_assert_cmpint (crm_reminder_scheduler_get_next_due (fixture->scheduler), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  /* Daylight-saving tests are written for Riga, whatever runs them. */
  g_setenv ("TZ", "Europe/Riga", TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/reminder-scheduler/check", Fixture, NULL,
              fixture_set_up, test_check_with_fake_clock, fixture_tear_down);
  g_test_add ("/reminder-scheduler/start", Fixture, NULL,
              fixture_set_up, test_start_announces_overdue, fixture_tear_down);
  g_test_add ("/reminder-scheduler/order", Fixture, NULL,
              fixture_set_up, test_order, fixture_tear_down);
  g_test_add ("/reminder-scheduler/snooze", Fixture, NULL,
              fixture_set_up, test_snooze, fixture_tear_down);
  g_test_add ("/reminder-scheduler/done", Fixture, NULL,
              fixture_set_up, test_done, fixture_tear_down);
  g_test_add ("/reminder-scheduler/missed-on-start", Fixture, NULL,
              fixture_set_up, test_missed_on_start, fixture_tear_down);
  g_test_add ("/reminder-scheduler/dst-spring", Fixture, NULL,
              fixture_set_up, test_dst_spring, fixture_tear_down);
  g_test_add ("/reminder-scheduler/dst-autumn", Fixture, NULL,
              fixture_set_up, test_dst_autumn, fixture_tear_down);
  g_test_add ("/reminder-scheduler/time-zone-change", Fixture, NULL,
              fixture_set_up, test_time_zone_change, fixture_tear_down);
  g_test_add ("/reminder-scheduler/clock-back", Fixture, NULL,
              fixture_set_up, test_clock_back, fixture_tear_down);
  g_test_add ("/reminder-scheduler/clock-forward", Fixture, NULL,
              fixture_set_up, test_clock_forward, fixture_tear_down);
  g_test_add ("/reminder-scheduler/many-at-once", Fixture, NULL,
              fixture_set_up, test_many_at_once, fixture_tear_down);
  g_test_add ("/reminder-scheduler/external-change", Fixture, NULL,
              fixture_set_up, test_external_change, fixture_tear_down);
  g_test_add ("/reminder-scheduler/real-timer", Fixture, NULL,
              fixture_set_up, test_real_timer, fixture_tear_down);

  return g_test_run ();
}
