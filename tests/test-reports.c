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
  gint64 pipeline = crm_store_get_default_pipeline (fixture->store, &error);
  gint64 s0 = stage_of_kind (fixture, CRM_STAGE_OPEN, 0);
  gint64 s1 = stage_of_kind (fixture, CRM_STAGE_OPEN, 1);
  gint64 s2 = stage_of_kind (fixture, CRM_STAGE_OPEN, 2);
  gint64 s3 = stage_of_kind (fixture, CRM_STAGE_OPEN, 3);
  gint64 won = stage_of_kind (fixture, CRM_STAGE_WON, 0);
  gint64 lost = stage_of_kind (fixture, CRM_STAGE_LOST, 0);
  gint64 day = fixture->month;
  gint64 a, b, c, d, f, g, other_pipeline;

  g_assert_no_error (error);

  /* A was made in February, so it entered its first stage before the
   * period; in March it goes from the second to the fourth. */
  crm_time_set_fake_now (local_ms (2026, 2, 10, 10, 0));
  a = add_deal (fixture, "A", 100, NULL, s0);
  move_at (fixture, a, s1, fixture->month + HOUR);
  move_at (fixture, a, s3, fixture->month + 2 * HOUR);

  crm_time_set_fake_now (day + DAY);
  b = add_deal (fixture, "B all the way", 100, NULL, s0);
  c = add_deal (fixture, "C lost at once", 100, NULL, s0);
  d = add_deal (fixture, "D skips, then goes back", 100, NULL, s0);
  add_deal (fixture, "E stays", 100, NULL, s0);
  f = add_deal (fixture, "F trashed", 100, NULL, s0);
  g = add_deal (fixture, "G goes on in April", 100, NULL, s0);
  crm_time_set_fake_now (fixture->now);

  move_at (fixture, b, s1, day + 2 * DAY);
  move_at (fixture, b, s2, day + 3 * DAY);
  move_at (fixture, b, won, day + 4 * DAY);
  move_at (fixture, c, lost, day + 2 * DAY);
  move_at (fixture, d, s2, day + 2 * DAY);
  move_at (fixture, d, s1, day + 3 * DAY);
  move_at (fixture, f, s1, day + 2 * DAY);
  move_at (fixture, g, s1, day + 5 * DAY);
  move_at (fixture, g, s2, fixture->next_month + DAY);
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

  rows = crm_report_funnel (fixture->store, pipeline, fixture->month, fixture->next_month, &error);
  g_assert_no_error (error);
  g_assert_nonnull (rows);
  g_assert_cmpuint (rows->len, ==, 6);
  g_assert_cmpint (g_array_index (rows, CrmReportFunnelStage, 0).stage_id, ==, s0);
  g_assert_cmpint (g_array_index (rows, CrmReportFunnelStage, 4).kind, ==, CRM_STAGE_WON);

  /* B, C, D, E, G entered the first stage; B, D and G went on, C was lost. */
  assert_funnel (rows, s0, 5, 3);
  /* A, B, D (coming back) and G; A, B and G went on, G only in April. */
  assert_funnel (rows, s1, 4, 3);
  /* B and D; D went back, which is not going on. */
  assert_funnel (rows, s2, 2, 1);
  assert_funnel (rows, s3, 1, 0);
  assert_funnel (rows, won, 1, 0);
  assert_funnel (rows, lost, 1, 0);
  g_clear_pointer (&rows, g_array_unref);

  /* February: A was made then and went on in March. */
  rows = crm_report_funnel (fixture->store, pipeline, fixture->last_month, fixture->month, &error);
  g_assert_no_error (error);
  assert_funnel (rows, s0, 1, 1);
  assert_funnel (rows, s1, 0, 0);
  g_clear_pointer (&rows, g_array_unref);

  rows = crm_report_funnel (fixture->store, pipeline, fixture->month, fixture->last_month, &error);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_assert_null (rows);
}

/* Every report reads through an index, never a whole table of calls,
 * deals or stage moves, and none sorts in a temporary B-tree. */
static void
test_query_plans (Fixture       *fixture,
                  gconstpointer  data)
{
  const char * const *statements = crm_reports_get_statements ();
  CrmDatabase *db = crm_store_get_database (fixture->store);
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
          /* Only the short list of employees may be read whole. */
          if ((g_str_has_prefix (detail, "SCAN ") && !g_str_equal (detail, "SCAN u")) ||
              strstr (detail, "TEMP B-TREE") != NULL)
            g_error ("A report reads a whole table or sorts:\n%s\n  %s", statements[i], detail);
          if (strstr (detail, "INDEX calls_by_user") != NULL ||
              strstr (detail, "INDEX deal_stage_history_by_time") != NULL)
            uses_index = TRUE;
        }
      g_assert_cmpint (step, ==, CRM_STEP_DONE);
      g_assert_true (uses_index);
    }

  g_assert_cmpuint (n, ==, 4);
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
  ADD ("query-plans", test_query_plans);

#undef ADD

  return g_test_run ();
}
