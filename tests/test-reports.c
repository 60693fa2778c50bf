/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "crm-reports.h"
#include "crm-store-activities.h"
#include "crm-store-contacts.h"
#include "crm-store-deals.h"
#include "crm-store.h"
#include "crm-time.h"

#define SECOND ((gint64) 1000)
#define MINUTE (60 * SECOND)
#define HOUR   (60 * MINUTE)
#define DAY    (24 * HOUR)

typedef struct
{
  char     *folder;
  char     *path;
  CrmStore *store;
  gint64    client;

  /* Wednesday 2026-03-18 12:00 in Riga, the fixed "now" of every test. */
  gint64    now;
  gint64    today;       /* start of that day */
  gint64    tomorrow;
  gint64    week;        /* Monday 2026-03-16 00:00 */
  gint64    next_week;
  gint64    month;       /* 2026-03-01 00:00 */
  gint64    next_month;
  gint64    last_month;  /* 2026-02-01 00:00 */
} Fixture;

static gint64
local_ms (int year,
          int month,
          int day,
          int hour,
          int minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Riga");
  g_autoptr(GDateTime) dt = NULL;

  g_assert_nonnull (tz);
  dt = g_date_time_new (tz, year, month, day, hour, minute, 0);
  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt) * SECOND;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmContact) contact = crm_contact_new ();

  fixture->now = local_ms (2026, 3, 18, 12, 0);
  fixture->today = local_ms (2026, 3, 18, 0, 0);
  fixture->tomorrow = local_ms (2026, 3, 19, 0, 0);
  fixture->week = local_ms (2026, 3, 16, 0, 0);
  fixture->next_week = local_ms (2026, 3, 23, 0, 0);
  fixture->month = local_ms (2026, 3, 1, 0, 0);
  fixture->next_month = local_ms (2026, 4, 1, 0, 0);
  fixture->last_month = local_ms (2026, 2, 1, 0, 0);

  /* The periods the reports page asks for come from crm-time; check that
   * they are the ones these tests place things around. */
  g_assert_cmpint (crm_time_start_of_day (fixture->now), ==, fixture->today);
  g_assert_cmpint (crm_time_start_of_week (fixture->now), ==, fixture->week);
  g_assert_cmpint (crm_time_start_of_month (fixture->now), ==, fixture->month);

  crm_time_set_fake_now (fixture->now);

  fixture->folder = g_dir_make_tmp ("clientele-reports-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->folder, "test.db", NULL);
  fixture->store = crm_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);

  crm_contact_set_name (contact, "Līga Bērziņa");
  fixture->client = crm_store_add_contact (fixture->store, contact, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fixture->client, >, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  g_clear_object (&fixture->store);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (fixture->path, suffixes[i], NULL);
      g_remove (file);
    }
  g_rmdir (fixture->folder);
  g_clear_pointer (&fixture->path, g_free);
  g_clear_pointer (&fixture->folder, g_free);

  crm_time_set_fake_now (0);
}

static gint64
add_user (Fixture    *fixture,
          const char *login,
          const char *name)
{
  g_autoptr(GError) error = NULL;
  gint64 id = crm_store_add_user (fixture->store, login, name, CRM_ROLE_SALES, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
deactivate_user (Fixture *fixture,
                 gint64   user_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStatement) stmt = NULL;

  /* The store has no call for this yet; the column is what the report
   * reads. */
  stmt = crm_database_prepare (crm_store_get_database (fixture->store),
                               "UPDATE users SET active = 0 WHERE id = ?1", &error);
  g_assert_no_error (error);
  crm_statement_bind_int64 (stmt, 1, user_id);
  g_assert_true (crm_statement_run (stmt, &error));
  g_assert_no_error (error);
}

static gint64
add_activity (Fixture          *fixture,
              CrmActivityKind   kind,
              gint64            user_id,
              CrmCallDirection  direction,
              gint64            started_at,
              gint64            duration_s)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmActivity) activity = crm_activity_new ();
  gint64 id;

  crm_activity_set_kind (activity, kind);
  crm_activity_set_contact_id (activity, fixture->client);
  crm_activity_set_user_id (activity, user_id);
  crm_activity_set_direction (activity, direction);
  crm_activity_set_started_at (activity, started_at);
  crm_activity_set_duration (activity, duration_s);
  if (kind != CRM_ACTIVITY_CALL)
    crm_activity_set_key_points (activity, "Asked about prices");

  id = crm_store_add_activity (fixture->store, activity, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static gint64
add_call (Fixture          *fixture,
          gint64            user_id,
          CrmCallDirection  direction,
          gint64            started_at,
          gint64            duration_s)
{
  return add_activity (fixture, CRM_ACTIVITY_CALL, user_id, direction, started_at, duration_s);
}

static GPtrArray *
calls_per_employee (Fixture *fixture,
                    gint64   from,
                    gint64   to)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = crm_report_calls_per_employee (fixture->store, from, to, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rows);
  return rows;
}

static const CrmReportCalls *
find_row (GPtrArray *rows,
          gint64     user_id)
{
  for (guint i = 0; i < rows->len; i++)
    {
      const CrmReportCalls *row = g_ptr_array_index (rows, i);

      if (row->user_id == user_id)
        return row;
    }

  return NULL;
}

static void
assert_row (GPtrArray  *rows,
            gint64      user_id,
            const char *name,
            gint64      calls,
            gint64      duration_s,
            gint64      outgoing,
            gint64      incoming)
{
  const CrmReportCalls *row = find_row (rows, user_id);

  g_assert_nonnull (row);
  g_assert_cmpstr (row->user_name, ==, name);
  g_assert_cmpint (row->calls, ==, calls);
  g_assert_cmpint (row->duration_s, ==, duration_s);
  g_assert_cmpint (row->outgoing, ==, outgoing);
  g_assert_cmpint (row->incoming, ==, incoming);
}

static void
test_calls_per_employee (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) today = NULL;
  g_autoptr(GPtrArray) week = NULL;
  g_autoptr(GPtrArray) month = NULL;
  gint64 admin = crm_store_get_current_user (fixture->store);
  gint64 anna = add_user (fixture, "anna", "Anna Ozola");
  gint64 boris = add_user (fixture, "boris", "Boriss Kalniņš");
  gint64 carl = add_user (fixture, "carl", "Carl Liepa");
  gint64 dina = add_user (fixture, "dina", "Dina Egle");
  gint64 erik = add_user (fixture, "erik", "Ēriks Kļava");
  gint64 trashed;
  const char *names[5];

  g_assert_cmpint (admin, >, 0);

  /* Anna: two calls today, one on Monday, one last Sunday (last week) and
   * a note today that is not a call. */
  add_call (fixture, anna, CRM_CALL_OUTGOING, fixture->today + 9 * HOUR, 60);
  add_call (fixture, anna, CRM_CALL_INCOMING, fixture->now - 5 * MINUTE, 120);
  add_call (fixture, anna, CRM_CALL_OUTGOING, fixture->week + 10 * HOUR, 30);
  add_call (fixture, anna, CRM_CALL_OUTGOING, fixture->week - 2 * HOUR, 600);
  add_activity (fixture, CRM_ACTIVITY_NOTE, anna, CRM_CALL_OUTGOING, fixture->now - HOUR, 0);

  /* Boris: one call at the first instant of today, one at the last
   * instant of yesterday, and one today that went to the trash. */
  add_call (fixture, boris, CRM_CALL_INCOMING, fixture->today, 45);
  add_call (fixture, boris, CRM_CALL_OUTGOING, fixture->today - 1, 15);
  trashed = add_call (fixture, boris, CRM_CALL_OUTGOING, fixture->today + HOUR, 300);
  g_assert_true (crm_store_delete_activity (fixture->store, trashed, &error));
  g_assert_no_error (error);

  /* The administrator logs a call with no employee named: it is theirs. */
  add_call (fixture, 0, CRM_CALL_OUTGOING, fixture->today + 8 * HOUR, 10);

  /* Erik made a call today and left; Dina left without calls; Carl made
   * none. */
  add_call (fixture, erik, CRM_CALL_OUTGOING, fixture->today + 11 * HOUR, 20);
  deactivate_user (fixture, erik);
  deactivate_user (fixture, dina);

  today = calls_per_employee (fixture, fixture->today, fixture->tomorrow);
  week = calls_per_employee (fixture, fixture->week, fixture->next_week);
  month = calls_per_employee (fixture, fixture->month, fixture->next_month);

  /* Every active employee, zeros included; Erik because he has calls;
   * Dina not. Sorted by name. */
  g_assert_cmpuint (today->len, ==, 5);
  names[0] = "Administrator";
  names[1] = "Anna Ozola";
  names[2] = "Boriss Kalniņš";
  names[3] = "Carl Liepa";
  names[4] = "Ēriks Kļava";
  for (guint i = 0; i < today->len; i++)
    {
      const CrmReportCalls *row = g_ptr_array_index (today, i);

      g_assert_cmpstr (row->user_name, ==, names[i]);
    }
  g_assert_null (find_row (today, dina));

  assert_row (today, admin, "Administrator", 1, 10, 1, 0);
  assert_row (today, anna, "Anna Ozola", 2, 180, 1, 1);
  assert_row (today, boris, "Boriss Kalniņš", 1, 45, 0, 1);
  assert_row (today, carl, "Carl Liepa", 0, 0, 0, 0);
  assert_row (today, erik, "Ēriks Kļava", 1, 20, 1, 0);
  g_assert_true (find_row (today, carl)->active);
  g_assert_false (find_row (today, erik)->active);

  assert_row (week, anna, "Anna Ozola", 3, 210, 2, 1);
  assert_row (week, boris, "Boriss Kalniņš", 2, 60, 1, 1);
  assert_row (week, carl, "Carl Liepa", 0, 0, 0, 0);

  assert_row (month, anna, "Anna Ozola", 4, 810, 3, 1);

  /* The end of a period is not in it: yesterday has Boris's last-instant
   * call and not the one at the first instant of today. */
  g_clear_pointer (&week, g_ptr_array_unref);
  week = calls_per_employee (fixture, fixture->today - DAY, fixture->today);
  assert_row (week, boris, "Boriss Kalniņš", 1, 15, 1, 0);
  assert_row (week, anna, "Anna Ozola", 0, 0, 0, 0);

  /* Restoring the trashed call brings it back into the figures. */
  g_assert_true (crm_store_restore_activity (fixture->store, trashed, &error));
  g_assert_no_error (error);
  g_clear_pointer (&today, g_ptr_array_unref);
  today = calls_per_employee (fixture, fixture->today, fixture->tomorrow);
  assert_row (today, boris, "Boriss Kalniņš", 2, 345, 1, 1);

  /* An empty period gives zeros for the active employees only. */
  g_clear_pointer (&today, g_ptr_array_unref);
  today = calls_per_employee (fixture, fixture->tomorrow, fixture->tomorrow);
  g_assert_cmpuint (today->len, ==, 4);
  for (guint i = 0; i < today->len; i++)
    {
      const CrmReportCalls *row = g_ptr_array_index (today, i);

      g_assert_cmpint (row->calls, ==, 0);
      g_assert_cmpint (row->duration_s, ==, 0);
    }
}

static void
test_calls_without_employee (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(CrmStatement) stmt = NULL;
  gint64 anna = add_user (fixture, "anna", "Anna Ozola");
  gint64 call = add_call (fixture, anna, CRM_CALL_INCOMING, fixture->today + HOUR, 90);
  const CrmReportCalls *last;

  /* An imported call may name no employee at all. */
  stmt = crm_database_prepare (crm_store_get_database (fixture->store),
                               "UPDATE activities SET user_id = NULL WHERE id = ?1", &error);
  g_assert_no_error (error);
  crm_statement_bind_int64 (stmt, 1, call);
  g_assert_true (crm_statement_run (stmt, &error));

  rows = calls_per_employee (fixture, fixture->today, fixture->tomorrow);
  g_assert_cmpuint (rows->len, ==, 3);
  last = g_ptr_array_index (rows, rows->len - 1);
  g_assert_cmpint (last->user_id, ==, 0);
  g_assert_null (last->user_name);
  g_assert_cmpint (last->calls, ==, 1);
  g_assert_cmpint (last->duration_s, ==, 90);
  g_assert_cmpint (last->incoming, ==, 1);
  assert_row (rows, anna, "Anna Ozola", 0, 0, 0, 0);
}

static void
test_bad_period (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gint64 count = -1;

  rows = crm_report_calls_per_employee (fixture->store, fixture->tomorrow, fixture->today, &error);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_assert_null (rows);
  g_clear_error (&error);

  g_assert_false (crm_report_won_deals (fixture->store, fixture->tomorrow, fixture->today,
                                        &count, NULL, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
}

static gint64
stage_of_kind (Fixture      *fixture,
               CrmStageKind  kind,
               guint         nth)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stages = crm_store_list_stages (fixture->store, 0, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < stages->len; i++)
    {
      CrmStage *stage = g_ptr_array_index (stages, i);

      if (crm_stage_get_kind (stage) == kind && nth-- == 0)
        return crm_stage_get_id (stage);
    }

  g_assert_not_reached ();
  return 0;
}

static gint64
add_deal (Fixture    *fixture,
          const char *title,
          gint64      amount,
          const char *currency,
          gint64      stage_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmDeal) deal = crm_deal_new ();
  gint64 id;

  crm_deal_set_title (deal, title);
  crm_deal_set_contact_id (deal, fixture->client);
  crm_deal_set_amount (deal, amount);
  crm_deal_set_currency (deal, currency);
  crm_deal_set_stage_id (deal, stage_id);
  id = crm_store_add_deal (fixture->store, deal, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
move_at (Fixture *fixture,
         gint64   deal_id,
         gint64   stage_id,
         gint64   at)
{
  g_autoptr(GError) error = NULL;

  crm_time_set_fake_now (at);
  g_assert_true (crm_store_move_deal (fixture->store, deal_id, stage_id, 0, &error));
  g_assert_no_error (error);
  crm_time_set_fake_now (fixture->now);
}

/* The default pipeline and its stages as a new database has them. */
typedef struct
{
  gint64 pipeline;
  gint64 s0, s1, s2, s3;
  gint64 won;
  gint64 lost;
} Stages;

static void
get_stages (Fixture *fixture,
            Stages  *stages)
{
  g_autoptr(GError) error = NULL;

  stages->pipeline = crm_store_get_default_pipeline (fixture->store, &error);
  g_assert_no_error (error);
  stages->s0 = stage_of_kind (fixture, CRM_STAGE_OPEN, 0);
  stages->s1 = stage_of_kind (fixture, CRM_STAGE_OPEN, 1);
  stages->s2 = stage_of_kind (fixture, CRM_STAGE_OPEN, 2);
  stages->s3 = stage_of_kind (fixture, CRM_STAGE_OPEN, 3);
  stages->won = stage_of_kind (fixture, CRM_STAGE_WON, 0);
  stages->lost = stage_of_kind (fixture, CRM_STAGE_LOST, 0);
}

static void
won_deals (Fixture *fixture,
           gint64   from,
           gint64   to,
           gint64  *count,
           gint64  *amount)
{
  g_autoptr(GError) error = NULL;

  *count = -1;
  *amount = -1;
  g_assert_true (crm_report_won_deals (fixture->store, from, to, count, amount, &error));
  g_assert_no_error (error);
}

static void
test_won_deals (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 first = stage_of_kind (fixture, CRM_STAGE_OPEN, 0);
  gint64 negotiation = stage_of_kind (fixture, CRM_STAGE_OPEN, 3);
  gint64 won = stage_of_kind (fixture, CRM_STAGE_WON, 0);
  gint64 lost = stage_of_kind (fixture, CRM_STAGE_LOST, 0);
  gint64 paid, a, b, c, d, e, f, g, h, i, count, amount;
  gint64 feb = local_ms (2026, 2, 20, 14, 0);

  /* A second won stage, to see that moving between won stages is not a
   * new win. */
  paid = crm_store_add_stage (fixture->store, 0, "Paid", CRM_STAGE_WON, "#26a269", -1, &error);
  g_assert_no_error (error);

  crm_time_set_fake_now (local_ms (2026, 2, 10, 10, 0));
  a = add_deal (fixture, "A won last month", 10000, NULL, first);
  b = add_deal (fixture, "B won this month", 25050, NULL, first);
  c = add_deal (fixture, "C won in dollars", 70000, "USD", first);
  d = add_deal (fixture, "D won and reopened", 40000, NULL, first);
  e = add_deal (fixture, "E won twice", 1234, NULL, first);
  f = add_deal (fixture, "F won and trashed", 50000, NULL, first);
  h = add_deal (fixture, "H won, then paid", 30000, NULL, first);
  i = add_deal (fixture, "I lost", 80000, NULL, first);
  crm_time_set_fake_now (fixture->now);

  move_at (fixture, a, won, feb);
  move_at (fixture, b, negotiation, feb);
  move_at (fixture, b, won, fixture->month);  /* the first instant counts */
  move_at (fixture, c, won, fixture->month + 2 * DAY);
  move_at (fixture, d, won, fixture->month + 3 * DAY);
  move_at (fixture, d, negotiation, fixture->month + 4 * DAY);
  move_at (fixture, e, won, feb);
  move_at (fixture, e, first, fixture->month + DAY);
  move_at (fixture, e, won, fixture->month + 5 * DAY);
  move_at (fixture, f, won, fixture->month + 6 * DAY);
  move_at (fixture, h, won, feb);
  move_at (fixture, h, paid, fixture->month + 7 * DAY);
  move_at (fixture, i, lost, fixture->month + 8 * DAY);
  g_assert_true (crm_store_delete_deal (fixture->store, f, &error));
  g_assert_no_error (error);

  /* Made right in a won stage today: a win now. */
  g = add_deal (fixture, "G sold at the counter", 2500, NULL, won);

  /* This month: B, C, E and G. The sum leaves out C, which is in
   * dollars. */
  won_deals (fixture, fixture->month, fixture->next_month, &count, &amount);
  g_assert_cmpint (count, ==, 4);
  g_assert_cmpint (amount, ==, 25050 + 1234 + 2500);

  /* Last month: A and H; E's win then was undone and won again in March,
   * so it belongs to March. */
  won_deals (fixture, fixture->last_month, fixture->month, &count, &amount);
  g_assert_cmpint (count, ==, 2);
  g_assert_cmpint (amount, ==, 10000 + 30000);

  /* Today only G; this week nothing more. */
  won_deals (fixture, fixture->today, fixture->tomorrow, &count, &amount);
  g_assert_cmpint (count, ==, 1);
  g_assert_cmpint (amount, ==, 2500);
  won_deals (fixture, fixture->week, fixture->next_week, &count, &amount);
  g_assert_cmpint (count, ==, 1);

  /* Restoring F brings its win back; reopening B takes it away. */
  g_assert_true (crm_store_restore_deal (fixture->store, f, &error));
  g_assert_no_error (error);
  move_at (fixture, b, negotiation, fixture->now);
  won_deals (fixture, fixture->month, fixture->next_month, &count, &amount);
  g_assert_cmpint (count, ==, 4);
  g_assert_cmpint (amount, ==, 50000 + 1234 + 2500);

  /* A won deal put in the trash is no longer counted. */
  g_assert_true (crm_store_delete_deal (fixture->store, g, &error));
  g_assert_no_error (error);
  won_deals (fixture, fixture->month, fixture->next_month, &count, &amount);
  g_assert_cmpint (count, ==, 3);
  g_assert_cmpint (amount, ==, 50000 + 1234);

  /* Out parameters are optional. */
  g_assert_true (crm_report_won_deals (fixture->store, fixture->month, fixture->next_month,
                                       NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_empty_database (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = NULL;
  const CrmReportCalls *row;
  gint64 count, amount;

  /* A new database has its administrator and nothing else. */
  rows = calls_per_employee (fixture, fixture->week, fixture->next_week);
  g_assert_cmpuint (rows->len, ==, 1);
  row = g_ptr_array_index (rows, 0);
  g_assert_cmpint (row->user_id, ==, crm_store_get_current_user (fixture->store));
  g_assert_cmpint (row->calls, ==, 0);
  g_assert_cmpint (row->duration_s, ==, 0);

  won_deals (fixture, fixture->month, fixture->next_month, &count, &amount);
  g_assert_cmpint (count, ==, 0);
  g_assert_cmpint (amount, ==, 0);
}

/* The page shows deals per stage from crm_store_list_stages(); check that
 * it gives what the page promises: live deals only, sums in the default
 * currency. */
static void
test_deals_per_stage (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stages = NULL;
  gint64 first = stage_of_kind (fixture, CRM_STAGE_OPEN, 0);
  gint64 won = stage_of_kind (fixture, CRM_STAGE_WON, 0);
  gint64 trashed;

  add_deal (fixture, "One", 1000, NULL, first);
  add_deal (fixture, "Two", 2000, NULL, first);
  add_deal (fixture, "Dollars", 5000, "USD", first);
  add_deal (fixture, "Won", 7000, NULL, won);
  trashed = add_deal (fixture, "Trashed", 9000, NULL, first);
  g_assert_true (crm_store_delete_deal (fixture->store, trashed, &error));
  g_assert_no_error (error);

  stages = crm_store_list_stages (fixture->store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stages->len, ==, 6);
  for (guint i = 0; i < stages->len; i++)
    {
      CrmStage *stage = g_ptr_array_index (stages, i);

      if (crm_stage_get_id (stage) == first)
        {
          g_assert_cmpint (crm_stage_get_deal_count (stage), ==, 3);
          g_assert_cmpint (crm_stage_get_amount_total (stage), ==, 3000);
        }
      else if (crm_stage_get_id (stage) == won)
        {
          g_assert_cmpint (crm_stage_get_deal_count (stage), ==, 1);
          g_assert_cmpint (crm_stage_get_amount_total (stage), ==, 7000);
        }
      else
        {
          g_assert_cmpint (crm_stage_get_deal_count (stage), ==, 0);
          g_assert_cmpint (crm_stage_get_amount_total (stage), ==, 0);
        }
    }
}

static const CrmReportFunnelStage *
funnel_stage (GArray *rows,
              gint64  stage_id)
{
  for (guint i = 0; i < rows->len; i++)
    {
      const CrmReportFunnelStage *row = &g_array_index (rows, CrmReportFunnelStage, i);

      if (row->stage_id == stage_id)
        return row;
    }

  g_assert_not_reached ();
  return NULL;
}

#define assert_funnel(rows, stage, n_entered, n_moved_on) \
  G_STMT_START { \
    const CrmReportFunnelStage *row_ = funnel_stage ((rows), (stage)); \
    g_assert_cmpint (row_->entered, ==, (n_entered)); \
    g_assert_cmpint (row_->moved_on, ==, (n_moved_on)); \
  } G_STMT_END

/* The funnel strip above the board: per stage, the deals that entered it
 * in the period and how many of them went on to a later stage. */
static void
test_funnel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rows = NULL;
  Stages st;
  gint64 day = fixture->month;
  gint64 a, b, c, d, f, g, other_pipeline;

  get_stages (fixture, &st);

  /* A was made in February, so it entered its first stage before the
   * period; in March it goes from the second to the fourth. */
  crm_time_set_fake_now (local_ms (2026, 2, 10, 10, 0));
  a = add_deal (fixture, "A", 100, NULL, st.s0);
  move_at (fixture, a, st.s1, fixture->month + HOUR);
  move_at (fixture, a, st.s3, fixture->month + 2 * HOUR);

  crm_time_set_fake_now (day + DAY);
  b = add_deal (fixture, "B all the way", 100, NULL, st.s0);
  c = add_deal (fixture, "C lost at once", 100, NULL, st.s0);
  d = add_deal (fixture, "D skips, then goes back", 100, NULL, st.s0);
  add_deal (fixture, "E stays", 100, NULL, st.s0);
  f = add_deal (fixture, "F trashed", 100, NULL, st.s0);
  g = add_deal (fixture, "G goes on in April", 100, NULL, st.s0);
  crm_time_set_fake_now (fixture->now);

  move_at (fixture, b, st.s1, day + 2 * DAY);
  move_at (fixture, b, st.s2, day + 3 * DAY);
  move_at (fixture, b, st.won, day + 4 * DAY);
  move_at (fixture, c, st.lost, day + 2 * DAY);
  move_at (fixture, d, st.s2, day + 2 * DAY);
  move_at (fixture, d, st.s1, day + 3 * DAY);
  move_at (fixture, f, st.s1, day + 2 * DAY);
  move_at (fixture, g, st.s1, day + 5 * DAY);
  move_at (fixture, g, st.s2, fixture->next_month + DAY);
  g_assert_true (crm_store_delete_deal (fixture->store, f, &error));
  g_assert_no_error (error);

  /* Deals of another pipeline stay out of this one's funnel. */
  other_pipeline = crm_store_add_pipeline (fixture->store, "Renewals", &error);
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) stages = crm_store_list_stages (fixture->store, other_pipeline, &error);

    g_assert_no_error (error);
    add_deal (fixture, "Elsewhere", 100, NULL,
              crm_stage_get_id (g_ptr_array_index (stages, 0)));
  }

  rows = crm_report_funnel (fixture->store, st.pipeline, fixture->month, fixture->next_month, &error);
  g_assert_no_error (error);
  g_assert_nonnull (rows);
  g_assert_cmpuint (rows->len, ==, 6);
  g_assert_cmpint (g_array_index (rows, CrmReportFunnelStage, 0).stage_id, ==, st.s0);
  g_assert_cmpint (g_array_index (rows, CrmReportFunnelStage, 4).kind, ==, CRM_STAGE_WON);

  /* B, C, D, E, G entered the first stage; B, D and G went on, C was lost. */
  assert_funnel (rows, st.s0, 5, 3);
  /* A, B, D (coming back) and G; A, B and G went on, G only in April. */
  assert_funnel (rows, st.s1, 4, 3);
  /* B and D; D went back, which is not going on. */
  assert_funnel (rows, st.s2, 2, 1);
  assert_funnel (rows, st.s3, 1, 0);
  assert_funnel (rows, st.won, 1, 0);
  assert_funnel (rows, st.lost, 1, 0);
  g_clear_pointer (&rows, g_array_unref);

  /* February: A was made then and went on in March. */
  rows = crm_report_funnel (fixture->store, st.pipeline, fixture->last_month, fixture->month, &error);
  g_assert_no_error (error);
  assert_funnel (rows, st.s0, 1, 1);
  assert_funnel (rows, st.s1, 0, 0);
  g_clear_pointer (&rows, g_array_unref);

  rows = crm_report_funnel (fixture->store, st.pipeline, fixture->month, fixture->last_month, &error);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_assert_null (rows);
}

/* What the funnel counts when deals go back and forth, are won, reopened
 * and won again, move from one won stage to another, are lost and come
 * back, make two moves in the same millisecond, or were in the trash. */
static void
test_funnel_edges (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rows = NULL;
  Stages st;
  gint64 paid;
  gint64 d1 = fixture->month + DAY, d2 = d1 + DAY, d3 = d2 + DAY, d4 = d3 + DAY;
  gint64 h, i, j, k, l, m, n, p;

  get_stages (fixture, &st);
  paid = crm_store_add_stage (fixture->store, st.pipeline, "Paid", CRM_STAGE_WON, "#26a269", -1, &error);
  g_assert_no_error (error);

  crm_time_set_fake_now (d1);
  h = add_deal (fixture, "H won, reopened, won again", 100, NULL, st.s0);
  i = add_deal (fixture, "I won, then paid", 100, NULL, st.s0);
  j = add_deal (fixture, "J two moves at once", 100, NULL, st.s0);
  k = add_deal (fixture, "K lost, back, won", 100, NULL, st.s0);
  l = add_deal (fixture, "L lost and back", 100, NULL, st.s0);
  m = add_deal (fixture, "M trashed and restored", 100, NULL, st.s0);
  n = add_deal (fixture, "N trashed", 100, NULL, st.s0);
  p = add_deal (fixture, "P lost and won at once", 100, NULL, st.s0);
  add_deal (fixture, "O stays", 100, NULL, st.s0);
  crm_time_set_fake_now (fixture->now);

  move_at (fixture, h, st.won, d2);
  move_at (fixture, h, st.s1, d3);
  move_at (fixture, h, st.won, d4);
  move_at (fixture, i, st.won, d2);
  move_at (fixture, i, paid, d3);
  move_at (fixture, j, st.s2, d2);
  move_at (fixture, j, st.s1, d2);
  move_at (fixture, k, st.lost, d2);
  move_at (fixture, k, st.s1, d3);
  move_at (fixture, k, st.won, d4);
  move_at (fixture, l, st.lost, d2);
  move_at (fixture, l, st.s1, d3);
  move_at (fixture, m, st.s1, d2);
  move_at (fixture, n, st.s1, d2);
  /* Stage ids are in the order the stages were made: the index holds
   * these two moves with the win first, yet the win counts after the
   * loss as much as before it. */
  move_at (fixture, p, st.lost, d2);
  move_at (fixture, p, st.won, d2);
  g_assert_true (crm_store_delete_deal (fixture->store, m, &error));
  g_assert_true (crm_store_delete_deal (fixture->store, n, &error));
  g_assert_true (crm_store_restore_deal (fixture->store, m, &error));
  g_assert_no_error (error);

  rows = crm_report_funnel (fixture->store, st.pipeline, fixture->month, fixture->next_month, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 7);
  /* All but O went on from the first stage. */
  assert_funnel (rows, st.s0, 8, 7);
  /* H and K were won afterwards and J went on to s2 in the same
   * millisecond; L and M did not go on. */
  assert_funnel (rows, st.s1, 5, 3);
  /* J came back from it to s1 in that millisecond. */
  assert_funnel (rows, st.s2, 1, 0);
  assert_funnel (rows, st.s3, 0, 0);
  /* H, won twice, counts once, and went on by its second win; I went on
   * to another won stage; K's and P's wins are their last moves. */
  assert_funnel (rows, st.won, 4, 2);
  assert_funnel (rows, paid, 1, 0);
  /* K was won after it was lost, P in the same millisecond; L only came
   * back to an earlier stage. */
  assert_funnel (rows, st.lost, 3, 2);
  g_clear_pointer (&rows, g_array_unref);

  /* Entries count up to the end of the period; what came after it
   * counts as going on. */
  rows = crm_report_funnel (fixture->store, st.pipeline, fixture->month, d3, &error);
  g_assert_no_error (error);
  assert_funnel (rows, st.s0, 8, 7);
  assert_funnel (rows, st.s1, 2, 1);
  assert_funnel (rows, st.s2, 1, 0);
  assert_funnel (rows, st.won, 3, 2);
  assert_funnel (rows, paid, 0, 0);
  assert_funnel (rows, st.lost, 3, 2);
  g_clear_pointer (&rows, g_array_unref);

  /* From the start of a period on, what came before it does not count:
   * H's second win is its last move. */
  rows = crm_report_funnel (fixture->store, st.pipeline, d3, fixture->next_month, &error);
  g_assert_no_error (error);
  assert_funnel (rows, st.s0, 0, 0);
  assert_funnel (rows, st.s1, 3, 2);
  assert_funnel (rows, st.won, 2, 0);
  assert_funnel (rows, paid, 1, 0);
  assert_funnel (rows, st.lost, 0, 0);
}

/* The funnel as it was computed before it was made fast, with a lookup of
 * the later moves for each move of the period: the reference the report
 * must agree with to the deal. */
#define SQL_FUNNEL_REFERENCE \
  "SELECT h.to_stage_id, count (DISTINCT h.deal_id), " \
  "       count (DISTINCT CASE WHEN EXISTS (" \
  "         SELECT 1 FROM deal_stage_history n JOIN stages ns ON ns.id = n.to_stage_id " \
  "         WHERE n.deal_id = h.deal_id AND n.at >= h.at AND n.id <> h.id " \
  "           AND ns.kind <> 2 AND (ns.kind = 1 OR ns.position > s.position)) " \
  "       THEN h.deal_id END) " \
  "FROM deal_stage_history h " \
  "JOIN stages s ON s.id = h.to_stage_id " \
  "JOIN deals d ON d.id = h.deal_id " \
  "WHERE h.at >= ?2 AND h.at < ?3 AND s.pipeline_id = ?1 AND s.deleted_at IS NULL " \
  "  AND d.deleted_at IS NULL " \
  "GROUP BY h.to_stage_id"

static void
assert_funnel_as_reference (Fixture *fixture,
                            gint64   pipeline,
                            gint64   from,
                            gint64   to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rows = crm_report_funnel (fixture->store, pipeline, from, to, &error);
  g_autoptr(CrmStatement) stmt = NULL;
  CrmStepResult step;
  guint matched = 0;

  g_assert_no_error (error);
  stmt = crm_database_prepare (crm_store_get_database (fixture->store), SQL_FUNNEL_REFERENCE, &error);
  g_assert_no_error (error);
  crm_statement_bind_int64 (stmt, 1, pipeline);
  crm_statement_bind_int64 (stmt, 2, from);
  crm_statement_bind_int64 (stmt, 3, to);
  while ((step = crm_statement_step (stmt, &error)) == CRM_STEP_ROW)
    {
      const CrmReportFunnelStage *row = funnel_stage (rows, crm_statement_get_int64 (stmt, 0));

      g_assert_cmpint (row->entered, ==, crm_statement_get_int64 (stmt, 1));
      g_assert_cmpint (row->moved_on, ==, crm_statement_get_int64 (stmt, 2));
      matched++;
    }
  g_assert_cmpint (step, ==, CRM_STEP_DONE);

  /* The stages the reference has no row for saw no deal enter. */
  for (guint i = 0; i < rows->len; i++)
    {
      const CrmReportFunnelStage *row = &g_array_index (rows, CrmReportFunnelStage, i);

      if (row->entered == 0)
        g_assert_cmpint (row->moved_on, ==, 0);
      else
        matched--;
    }
  g_assert_cmpuint (matched, ==, 0);
}

/* Random paths through two pipelines, many of them made in the same
 * millisecond, with deals trashed and restored and a stage deleted: the
 * report agrees with the reference for every period. */
static void
test_funnel_random (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) stages = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) instants = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 pipelines[2];
  gint64 deleted;

  pipelines[0] = crm_store_get_default_pipeline (fixture->store, &error);
  g_assert_no_error (error);
  crm_store_add_stage (fixture->store, pipelines[0], "Paid", CRM_STAGE_WON, "#26a269", -1, &error);
  g_assert_no_error (error);
  pipelines[1] = crm_store_add_pipeline (fixture->store, "Renewals", &error);
  g_assert_no_error (error);
  for (guint p = 0; p < G_N_ELEMENTS (pipelines); p++)
    {
      g_autoptr(GPtrArray) list = crm_store_list_stages (fixture->store, pipelines[p], &error);

      g_assert_no_error (error);
      for (guint i = 0; i < list->len; i++)
        {
          gint64 id = crm_stage_get_id (g_ptr_array_index (list, i));

          g_array_append_val (stages, id);
        }
    }

  /* Few instants, so that moves often share one. */
  for (guint i = 0; i < 24; i++)
    {
      gint64 at = fixture->last_month + i * 3 * DAY;

      g_array_append_val (instants, at);
    }

  for (guint d = 0; d < 80; d++)
    {
      guint when = g_test_rand_int_range (0, instants->len);
      guint n_moves = g_test_rand_int_range (0, 7);
      gint64 deal;

      crm_time_set_fake_now (g_array_index (instants, gint64, when));
      deal = add_deal (fixture, "Deal", 100, NULL,
                       g_array_index (stages, gint64, g_test_rand_int_range (0, stages->len)));
      for (guint i = 0; i < n_moves; i++)
        {
          gint64 to = g_array_index (stages, gint64, g_test_rand_int_range (0, stages->len));

          when = g_test_rand_int_range (when, MIN (when + 3, instants->len));
          move_at (fixture, deal, to, g_array_index (instants, gint64, when));
        }

      if (g_test_rand_int_range (0, 8) == 0)
        {
          g_assert_true (crm_store_delete_deal (fixture->store, deal, &error));
          g_assert_no_error (error);
          if (g_test_rand_bit ())
            g_assert_true (crm_store_restore_deal (fixture->store, deal, &error));
          g_assert_no_error (error);
        }
    }
  crm_time_set_fake_now (fixture->now);

  /* The moves into a deleted stage stop counting as entries, and still
   * count as going on. */
  deleted = stage_of_kind (fixture, CRM_STAGE_OPEN, 2);
  g_assert_true (crm_store_delete_stage (fixture->store, deleted,
                                         stage_of_kind (fixture, CRM_STAGE_OPEN, 3), &error));
  g_assert_no_error (error);

  for (guint p = 0; p < G_N_ELEMENTS (pipelines); p++)
    {
      assert_funnel_as_reference (fixture, pipelines[p], 0, G_MAXINT64);
      for (guint i = 0; i < instants->len; i += 2)
        for (guint j = i; j < instants->len; j += 3)
          assert_funnel_as_reference (fixture, pipelines[p],
                                      g_array_index (instants, gint64, i),
                                      g_array_index (instants, gint64, j) + (j % 2));
    }
}

typedef struct
{
  GArray *rows;
  GError *error;
  gboolean done;
} FunnelResult;

static void
funnel_ready_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  FunnelResult *out = user_data;

  out->rows = crm_report_funnel_finish (CRM_STORE (source), result, &out->error);
  out->done = TRUE;
}

static gboolean
too_long_cb (gpointer user_data)
{
  g_error ("The funnel did not arrive");
  return G_SOURCE_REMOVE;
}

/* Runs crm_report_funnel_async() and the main loop until its result came. */
static void
funnel_async (CrmStore     *store,
              gint64        pipeline,
              gint64        from,
              gint64        to,
              GCancellable *cancellable,
              FunnelResult *out)
{
  guint guard = g_timeout_add_seconds (60, too_long_cb, NULL);

  *out = (FunnelResult) { 0 };
  crm_report_funnel_async (store, pipeline, from, to, cancellable, funnel_ready_cb, out);
  while (!out->done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
}

static void
assert_same_funnel (GArray *a,
                    GArray *b)
{
  g_assert_nonnull (a);
  g_assert_nonnull (b);
  g_assert_cmpmem (a->data, a->len * sizeof (CrmReportFunnelStage),
                   b->data, b->len * sizeof (CrmReportFunnelStage));
}

/* In a worker thread on a connection of its own, the funnel is the same;
 * a cancelled run says so; an in-memory store computes it at once. */
static void
test_funnel_async (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) expected = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(CrmStore) memory = NULL;
  FunnelResult result;
  Stages st;

  get_stages (fixture, &st);
  add_deal (fixture, "Stays", 100, NULL, st.s0);
  move_at (fixture, add_deal (fixture, "Won", 100, NULL, st.s0), st.won, fixture->now + MINUTE);

  expected = crm_report_funnel (fixture->store, st.pipeline, fixture->month, fixture->next_month, &error);
  g_assert_no_error (error);
  assert_funnel (expected, st.s0, 2, 1);

  funnel_async (fixture->store, st.pipeline, fixture->month, fixture->next_month, NULL, &result);
  g_assert_no_error (result.error);
  assert_same_funnel (expected, result.rows);
  g_clear_pointer (&result.rows, g_array_unref);

  g_cancellable_cancel (cancellable);
  funnel_async (fixture->store, st.pipeline, fixture->month, fixture->next_month, cancellable, &result);
  g_assert_error (result.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (result.rows);
  g_clear_error (&result.error);

  funnel_async (fixture->store, st.pipeline, fixture->next_month, fixture->month, NULL, &result);
  g_assert_error (result.error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_assert_null (result.rows);
  g_clear_error (&result.error);

  memory = crm_store_open (":memory:", &error);
  g_assert_no_error (error);
  g_clear_pointer (&expected, g_array_unref);
  expected = crm_report_funnel (memory, crm_store_get_default_pipeline (memory, NULL), 0, G_MAXINT64, &error);
  g_assert_no_error (error);
  funnel_async (memory, crm_store_get_default_pipeline (memory, NULL), 0, G_MAXINT64, NULL, &result);
  g_assert_no_error (result.error);
  assert_same_funnel (expected, result.rows);
  g_clear_pointer (&result.rows, g_array_unref);
}

/* Every report reads through an index, never a whole table of calls,
 * deals or stage moves, and none sorts in a temporary B-tree. The funnel
 * reads all stage moves in the order of one index that holds all it needs
 * of them, which is what makes it fast (see SQL_FUNNEL_MOVES). */
static void
test_query_plans (Fixture       *fixture,
                  gconstpointer  data)
{
  static const char * const indexes[] = {
    "INDEX calls_by_user", "INDEX deal_stage_history_by_time",
    "INDEX deal_stage_history_paths", "INDEX stages_by_pipeline",
    "INDEX deals_trashed", "INTEGER PRIMARY KEY (rowid=?)",
  };
  const char * const *statements = crm_reports_get_statements ();
  CrmDatabase *db = crm_store_get_database (fixture->store);
  gboolean reads_paths = FALSE;
  guint n = 0;

  for (guint i = 0; statements[i] != NULL; i++, n++)
    {
      g_autofree char *sql = g_strconcat ("EXPLAIN QUERY PLAN ", statements[i], NULL);
      g_autoptr(CrmStatement) plan = NULL;
      g_autoptr(GError) error = NULL;
      CrmStepResult step;
      gboolean uses_index = FALSE;

      plan = crm_database_prepare (db, sql, &error);
      g_assert_no_error (error);

      while ((step = crm_statement_step (plan, &error)) == CRM_STEP_ROW)
        {
          const char *detail = crm_statement_get_text (plan, 3);

          g_test_message ("%s\n  %s", statements[i], detail);
          if (g_str_equal (detail, "SCAN deal_stage_history USING COVERING INDEX deal_stage_history_paths"))
            {
              reads_paths = uses_index = TRUE;
              continue;
            }
          /* Only the short list of employees may be read whole. */
          if ((g_str_has_prefix (detail, "SCAN ") && !g_str_equal (detail, "SCAN u")) ||
              strstr (detail, "TEMP B-TREE") != NULL)
            g_error ("A report reads a whole table or sorts:\n%s\n  %s", statements[i], detail);
          for (guint j = 0; j < G_N_ELEMENTS (indexes); j++)
            uses_index |= strstr (detail, indexes[j]) != NULL;
        }
      g_assert_cmpint (step, ==, CRM_STEP_DONE);
      if (!uses_index)
        g_error ("A report reads no index:\n%s", statements[i]);
    }

  g_assert_cmpuint (n, ==, 7);
  g_assert_true (reads_paths);
}

int
main (int   argc,
      char *argv[])
{
  /* The periods are local days, weeks and months. */
  g_setenv ("TZ", "Europe/Riga", TRUE);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/reports/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("calls-per-employee", test_calls_per_employee);
  ADD ("calls-without-employee", test_calls_without_employee);
  ADD ("bad-period", test_bad_period);
  ADD ("won-deals", test_won_deals);
  ADD ("empty-database", test_empty_database);
  ADD ("deals-per-stage", test_deals_per_stage);
  ADD ("funnel", test_funnel);
  ADD ("funnel-edges", test_funnel_edges);
  ADD ("funnel-random", test_funnel_random);
  ADD ("funnel-async", test_funnel_async);
  ADD ("query-plans", test_query_plans);

#undef ADD

  return g_test_run ();
}
