/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib.h>

#include "crm-time.h"

#define HOUR_MS ((gint64) 3600 * 1000)
#define DAY_MS  (24 * HOUR_MS)

/* Reads a UTC time with GLib's own parser, so expectations do not depend on
 * the code under test. */
static gint64
utc (const char *iso)
{
  g_autoptr(GDateTime) datetime = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (datetime);

  return g_date_time_to_unix (datetime) * 1000 + g_date_time_get_microsecond (datetime) / 1000;
}

static gint64
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  gint64 ms = G_MININT64;

  g_test_message ("parse “%s”", text);
  g_assert_true (crm_time_parse (text, &ms, &error));
  g_assert_no_error (error);

  return ms;
}

static void
test_clock (void)
{
  gint64 before = g_get_real_time () / 1000;
  gint64 now = crm_time_now_ms ();
  gint64 after = g_get_real_time () / 1000;

  g_assert_cmpint (now, >=, before);
  g_assert_cmpint (now, <=, after);

  crm_time_set_fake_now (utc ("2026-11-27T12:30:00Z"));
  g_assert_cmpint (crm_time_now_ms (), ==, G_GINT64_CONSTANT (1795782600000));
  g_usleep (2000);
  g_assert_cmpint (crm_time_now_ms (), ==, G_GINT64_CONSTANT (1795782600000));

  crm_time_set_fake_now (-1);
  g_assert_cmpint (crm_time_now_ms (), ==, -1);

  crm_time_set_fake_now (0);
  before = g_get_real_time () / 1000;
  now = crm_time_now_ms ();
  g_assert_cmpint (now, >=, before);
  g_assert_cmpint (now, <=, g_get_real_time () / 1000);
}

static void
test_parse_iso (void)
{
  static const struct {
    const char *text;
    const char *utc;
  } vectors[] = {
    /* Local time: Europe/Riga is UTC+2 in winter, UTC+3 in summer. */
    { "2026-11-27T14:30", "2026-11-27T12:30:00Z" },
    { "2026-11-27t14:30", "2026-11-27T12:30:00Z" },
    { "2026-11-27 14:30", "2026-11-27T12:30:00Z" },
    { "2026-11-27 14:30:05", "2026-11-27T12:30:05Z" },
    { "2026-11-27T14:30:05.250", "2026-11-27T12:30:05.250Z" },
    { "2026-11-27T14:30:05,5", "2026-11-27T12:30:05.500Z" },
    { "2026-11-27T14:30:05.123456", "2026-11-27T12:30:05.123Z" },
    { "2026-07-01T09:00", "2026-07-01T06:00:00Z" },
    { "2026-11-27", "2026-11-26T22:00:00Z" },
    { "2026-07-01", "2026-06-30T21:00:00Z" },
    { "2028-02-29", "2028-02-28T22:00:00Z" },
    { "2000-02-29", "2000-02-28T22:00:00Z" },
    { "  2026-11-27T14:30  ", "2026-11-27T12:30:00Z" },
    /* Explicit zones. */
    { "2026-11-27T14:30:00Z", "2026-11-27T14:30:00Z" },
    { "2026-11-27T14:30z", "2026-11-27T14:30:00Z" },
    { "2026-11-27T14:30+02:00", "2026-11-27T12:30:00Z" },
    { "2026-11-27T14:30:00+0200", "2026-11-27T12:30:00Z" },
    { "2026-11-27T14:30+02", "2026-11-27T12:30:00Z" },
    { "2026-11-27T14:30-05:30", "2026-11-27T20:00:00Z" },
    { "2026-11-27T00:30+03:00", "2026-11-26T21:30:00Z" },
    { "2026-07-01T09:00+00:00", "2026-07-01T09:00:00Z" },
    { "1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z" },
    { "1969-12-31T23:59:59.999Z", "1969-12-31T23:59:59.999Z" },
    { "0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z" },
    { "9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    g_assert_cmpint (parse_ok (vectors[i].text), ==, utc (vectors[i].utc));

  /* The result is optional. */
  g_assert_true (crm_time_parse ("2026-11-27", NULL, NULL));
}

static void
test_parse_dst (void)
{
  /* On 2026-03-29 Riga moves from 03:00 EET to 04:00 EEST: the local times
   * 03:00 to 03:59 do not exist.  They are moved forward by the hour that
   * was skipped, so 03:30 is read as 04:30 EEST. */
  g_assert_cmpint (parse_ok ("2026-03-29T02:59"), ==, utc ("2026-03-29T00:59:00Z"));
  g_assert_cmpint (parse_ok ("2026-03-29T03:00"), ==, utc ("2026-03-29T01:00:00Z"));
  g_assert_cmpint (parse_ok ("2026-03-29T03:30"), ==, utc ("2026-03-29T01:30:00Z"));
  g_assert_cmpint (parse_ok ("2026-03-29T03:59:59"), ==, utc ("2026-03-29T01:59:59Z"));
  g_assert_cmpint (parse_ok ("2026-03-29T04:00"), ==, utc ("2026-03-29T01:00:00Z"));
  g_assert_cmpint (parse_ok ("2026-03-29T04:30"), ==, utc ("2026-03-29T01:30:00Z"));
  g_assert_cmpint (parse_ok ("2026-03-29"), ==, utc ("2026-03-28T22:00:00Z"));
  {
    g_autofree char *shown = crm_time_to_iso8601 (parse_ok ("2026-03-29T03:30"));

    g_assert_cmpstr (shown, ==, "2026-03-29T04:30:00+03:00");
  }

  /* On 2026-10-25 Riga goes back from 04:00 EEST to 03:00 EET: the local
   * times 03:00 to 03:59 happen twice.  Without a zone the first is taken;
   * an explicit offset picks either. */
  g_assert_cmpint (parse_ok ("2026-10-25T02:59"), ==, utc ("2026-10-24T23:59:00Z"));
  g_assert_cmpint (parse_ok ("2026-10-25T03:00"), ==, utc ("2026-10-25T00:00:00Z"));
  g_assert_cmpint (parse_ok ("2026-10-25T03:30"), ==, utc ("2026-10-25T00:30:00Z"));
  g_assert_cmpint (parse_ok ("2026-10-25T03:30+03:00"), ==, utc ("2026-10-25T00:30:00Z"));
  g_assert_cmpint (parse_ok ("2026-10-25T03:30+02:00"), ==, utc ("2026-10-25T01:30:00Z"));
  g_assert_cmpint (parse_ok ("2026-10-25T04:00"), ==, utc ("2026-10-25T02:00:00Z"));
  g_assert_cmpint (parse_ok ("2026-10-25"), ==, utc ("2026-10-24T21:00:00Z"));
}

static void
test_parse_relative (void)
{
  static const struct {
    const char *text;
    gint64 delta;
  } vectors[] = {
    { "now", 0 },
    { "NOW", 0 },
    { " now ", 0 },
    { "+90s", 90 * 1000 },
    { "-90s", -90 * 1000 },
    { "+0s", 0 },
    { "+10m", 10 * 60 * 1000 },
    { "+2h", 2 * HOUR_MS },
    { "-36h", -36 * HOUR_MS },
    { "+1d", DAY_MS },
    { "-1d", -DAY_MS },
    { "+0d", 0 },
    { "+30d", 30 * DAY_MS },
    { "+1w", 7 * DAY_MS },
    { "-2w", -14 * DAY_MS },
    { "+007m", 7 * 60 * 1000 },
    { "  +10m\n", 10 * 60 * 1000 },
  };
  /* 14:30:00.250 local, with no change of clocks for the next month. */
  gint64 now = utc ("2026-11-27T12:30:00.250Z");

  crm_time_set_fake_now (now);

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    g_assert_cmpint (parse_ok (vectors[i].text), ==, now + vectors[i].delta);

  /* Days and weeks keep the wall-clock time when clocks change: the day
   * before the spring change to summer time is 23 hours long... */
  crm_time_set_fake_now (utc ("2026-03-28T08:00:00Z")); /* 10:00 EET */
  g_assert_cmpint (parse_ok ("+1d"), ==, utc ("2026-03-29T07:00:00Z"));
  g_assert_cmpint (parse_ok ("+24h"), ==, utc ("2026-03-29T08:00:00Z"));
  g_assert_cmpint (parse_ok ("+1w"), ==, utc ("2026-04-04T07:00:00Z"));

  /* ...and the autumn day is 25. */
  crm_time_set_fake_now (utc ("2026-10-25T10:00:00Z")); /* 12:00 EET */
  g_assert_cmpint (parse_ok ("-1d"), ==, utc ("2026-10-24T09:00:00Z"));
  g_assert_cmpint (parse_ok ("-24h"), ==, utc ("2026-10-24T10:00:00Z"));
  g_assert_cmpint (parse_ok ("+1d"), ==, utc ("2026-10-26T10:00:00Z"));

  /* Landing in the skipped hour moves forward like a typed time does. */
  crm_time_set_fake_now (utc ("2026-03-28T01:30:00Z")); /* 03:30 EET */
  g_assert_cmpint (parse_ok ("+1d"), ==, utc ("2026-03-29T01:30:00Z"));

  crm_time_set_fake_now (0);
}

static void
test_parse_bad (void)
{
  static const struct {
    const char *text;
    CrmTimeError code;
  } vectors[] = {
    { NULL, CRM_TIME_ERROR_EMPTY },
    { "", CRM_TIME_ERROR_EMPTY },
    { "  \t\n", CRM_TIME_ERROR_EMPTY },
    { "tomorrowish", CRM_TIME_ERROR_INVALID },
    { "yesterday", CRM_TIME_ERROR_INVALID },
    { "nowish", CRM_TIME_ERROR_INVALID },
    { "2026-13-01", CRM_TIME_ERROR_INVALID },
    { "2026-00-10", CRM_TIME_ERROR_INVALID },
    { "2026-11-00", CRM_TIME_ERROR_INVALID },
    { "2026-11-31", CRM_TIME_ERROR_INVALID },
    { "2026-02-29", CRM_TIME_ERROR_INVALID },
    { "2100-02-29", CRM_TIME_ERROR_INVALID },
    { "0000-01-01", CRM_TIME_ERROR_INVALID },
    { "26-11-27", CRM_TIME_ERROR_INVALID },
    { "2026-1-5", CRM_TIME_ERROR_INVALID },
    { "2026/11/27", CRM_TIME_ERROR_INVALID },
    { "27.11.2026", CRM_TIME_ERROR_INVALID },
    { "20261127", CRM_TIME_ERROR_INVALID },
    { "2026-11-27Z", CRM_TIME_ERROR_INVALID },
    { "2026-11-27T", CRM_TIME_ERROR_INVALID },
    { "2026-11-27T14", CRM_TIME_ERROR_INVALID },
    { "2026-11-27T1430", CRM_TIME_ERROR_INVALID },
    { "2026-11-27T24:00", CRM_TIME_ERROR_INVALID },
    { "2026-11-27T14:60", CRM_TIME_ERROR_INVALID },
    { "2026-11-27T14:30:60", CRM_TIME_ERROR_INVALID },
    { "2026-11-27T14:30:00.", CRM_TIME_ERROR_INVALID },
    { "2026-11-27T14:30Z5", CRM_TIME_ERROR_INVALID },
    { "2026-11-27T14:30+25:00", CRM_TIME_ERROR_INVALID },
    { "2026-11-27T14:30+02:60", CRM_TIME_ERROR_INVALID },
    { "2026-11-27T14:30+02:", CRM_TIME_ERROR_INVALID },
    { "2026-11-27T14:30+2", CRM_TIME_ERROR_INVALID },
    { "2026-11-27T14:30 +02:00", CRM_TIME_ERROR_INVALID },
    { "2026-11-27  14:30", CRM_TIME_ERROR_INVALID },
    { "14:30", CRM_TIME_ERROR_INVALID },
    { "+", CRM_TIME_ERROR_INVALID },
    { "-", CRM_TIME_ERROR_INVALID },
    { "+5x", CRM_TIME_ERROR_INVALID },
    { "+5", CRM_TIME_ERROR_INVALID },
    { "+5M", CRM_TIME_ERROR_INVALID },
    { "+1y", CRM_TIME_ERROR_INVALID },
    { "+5mm", CRM_TIME_ERROR_INVALID },
    { "+1.5h", CRM_TIME_ERROR_INVALID },
    { "+ 5m", CRM_TIME_ERROR_INVALID },
    { "++5m", CRM_TIME_ERROR_INVALID },
    { "+-5m", CRM_TIME_ERROR_INVALID },
    { "5m", CRM_TIME_ERROR_INVALID },
    { "+d", CRM_TIME_ERROR_INVALID },
    { "+999999999w", CRM_TIME_ERROR_INVALID },
    { "+9999999999s", CRM_TIME_ERROR_INVALID },
    { "-99999999d", CRM_TIME_ERROR_INVALID },
    { "2026-11-27\xff", CRM_TIME_ERROR_INVALID },
  };

  crm_time_set_fake_now (utc ("2026-11-27T12:30:00Z"));

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 ms = 42;

      g_test_message ("parse “%s”", vectors[i].text);
      g_assert_false (crm_time_parse (vectors[i].text, &ms, &error));
      g_assert_error (error, CRM_TIME_ERROR, (int) vectors[i].code);
      g_assert_cmpint (ms, ==, 42);

      /* Every reason names the text it refuses, so a person sees what to fix. */
      if (vectors[i].code == CRM_TIME_ERROR_INVALID &&
          g_utf8_validate (vectors[i].text, -1, NULL))
        {
          g_autofree char *quoted = g_strdup_printf ("“%s”", vectors[i].text);

          g_assert_nonnull (strstr (error->message, quoted));
        }
    }

  crm_time_set_fake_now (0);
}

static void
test_parse_messages (void)
{
  static const struct {
    const char *text;
    const char *message_part;
  } vectors[] = {
    { "tomorrowish", "“tomorrowish”" },
    { "2026-13-01", "“2026-13-01”" },
    { "2026-11-27T25:00", "“2026-11-27T25:00”" },
    { "2026-11-27T10:00+30:00", "“2026-11-27T10:00+30:00”" },
    { "+5x", "“+5x”" },
    { "+", "“+”" },
    { " +999999999w ", "“+999999999w”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (crm_time_parse (vectors[i].text, NULL, &error));
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, vectors[i].message_part));
    }
}

static void
test_iso8601 (void)
{
  static const struct {
    const char *utc;
    const char *local;
  } vectors[] = {
    { "2026-11-27T12:30:00Z", "2026-11-27T14:30:00+02:00" },
    { "2026-07-01T06:00:00Z", "2026-07-01T09:00:00+03:00" },
    { "2026-11-27T12:30:00.250Z", "2026-11-27T14:30:00.250+02:00" },
    { "2026-11-27T12:30:00.001Z", "2026-11-27T14:30:00.001+02:00" },
    { "2026-12-31T22:00:00Z", "2027-01-01T00:00:00+02:00" },
    { "2026-03-29T00:59:59Z", "2026-03-29T02:59:59+02:00" },
    { "2026-03-29T01:00:00Z", "2026-03-29T04:00:00+03:00" },
    { "2026-10-25T00:30:00Z", "2026-10-25T03:30:00+03:00" },
    { "2026-10-25T01:30:00Z", "2026-10-25T03:30:00+02:00" },
    /* Riga kept Moscow time in 1970. */
    { "1970-01-01T00:00:00Z", "1970-01-01T03:00:00+03:00" },
    { "1969-12-31T23:59:59.999Z", "1970-01-01T02:59:59.999+03:00" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autofree char *text = crm_time_to_iso8601 (utc (vectors[i].utc));

      g_assert_cmpstr (text, ==, vectors[i].local);
    }

  /* Every instant reads back as itself, through both changes of clocks. */
  for (gint64 ms = utc ("2026-01-01T00:00:00Z"); ms < utc ("2027-01-01T00:00:00Z");
       ms += 7 * HOUR_MS + 13 * 60 * 1000 + 17 * 1000 + 3)
    {
      g_autofree char *text = crm_time_to_iso8601 (ms);
      gint64 back = 0;

      g_assert_true (crm_time_parse (text, &back, NULL));
      g_assert_cmpint (back, ==, ms);
    }
}

static void
test_format_date (void)
{
  static const struct {
    const char *utc;
    const char *date;
  } vectors[] = {
    { "2026-11-27T12:30:00Z", "2026-11-27" },
    { "2026-11-27T21:59:59Z", "2026-11-27" },
    { "2026-11-27T22:00:00Z", "2026-11-28" },
    { "2026-06-30T21:00:00Z", "2026-07-01" },
    { "2026-06-30T20:59:59Z", "2026-06-30" },
    { "2026-12-31T22:00:00Z", "2027-01-01" },
    { "2028-02-29T12:00:00Z", "2028-02-29" },
    { "1969-12-31T21:00:00Z", "1970-01-01" },
    { "0001-01-01T12:00:00Z", "0001-01-01" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autofree char *text = crm_time_format_date (utc (vectors[i].utc));

      g_assert_cmpstr (text, ==, vectors[i].date);
    }

  /* Dates are stored as local midnight and read back as the same date. */
  for (gint64 ms = utc ("2026-01-01T12:00:00Z"); ms < utc ("2027-01-01T00:00:00Z"); ms += DAY_MS)
    {
      g_autofree char *date = crm_time_format_date (ms);
      g_autofree char *again = crm_time_format_date (parse_ok (date));

      g_assert_cmpstr (date, ==, again);
    }
}

static void
test_format_short (void)
{
  static const struct {
    const char *utc;
    const char *text;
  } vectors[] = {
    /* Today, local time. */
    { "2026-11-27T12:30:00Z", "14:30" },
    { "2026-11-27T06:05:00Z", "08:05" },
    { "2026-11-26T22:00:00Z", "00:00" },
    { "2026-11-27T21:59:00Z", "23:59" },
    /* This year. */
    { "2026-11-27T22:00:00Z", "28 Nov 00:00" },
    { "2026-11-26T21:59:00Z", "26 Nov 23:59" },
    { "2026-07-04T06:00:00Z", "4 Jul 09:00" },
    { "2025-12-31T22:00:00Z", "1 Jan 00:00" },
    { "2026-12-31T21:59:00Z", "31 Dec 23:59" },
    /* Other years. */
    { "2025-11-27T12:30:00Z", "27 Nov 2025" },
    { "2025-12-31T21:59:00Z", "31 Dec 2025" },
    { "2026-12-31T22:00:00Z", "1 Jan 2027" },
    { "1999-05-09T12:00:00Z", "9 May 1999" },
  };

  crm_time_set_fake_now (utc ("2026-11-27T12:30:00Z")); /* 14:30 local */

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autofree char *text = crm_time_format_short (utc (vectors[i].utc));

      g_assert_cmpstr (text, ==, vectors[i].text);
    }

  /* "Today" follows the fake clock, in local time. */
  crm_time_set_fake_now (utc ("2026-11-27T22:30:00Z")); /* 00:30 on the 28th */
  {
    g_autofree char *today = crm_time_format_short (utc ("2026-11-27T22:10:00Z"));
    g_autofree char *yesterday = crm_time_format_short (utc ("2026-11-27T21:50:00Z"));

    g_assert_cmpstr (today, ==, "00:10");
    g_assert_cmpstr (yesterday, ==, "27 Nov 23:50");
  }

  crm_time_set_fake_now (0);
}

static void
check_start (gint64 (*start_of) (gint64),
             const char *from,
             const char *to,
             const char *expected_start,
             gint64      expected_length)
{
  gint64 first = utc (from);
  gint64 last = utc (to);
  gint64 start = utc (expected_start);

  for (gint64 ms = first; ms <= last; ms += 60 * 1000)
    {
      gint64 result = start_of (ms);

      if (result != start)
        {
          g_autofree char *at = crm_time_to_iso8601 (ms);
          g_autofree char *got = crm_time_to_iso8601 (result);

          g_error ("start of %s is %s, expected %s", at, got, expected_start);
        }
    }

  /* The start is its own start, and the period before it ends there. */
  g_assert_cmpint (start_of (start), ==, start);
  g_assert_cmpint (start_of (start - 1), <, start);
  g_assert_cmpint (start_of (start + expected_length), ==, start + expected_length);
  g_assert_cmpint (start_of (start + expected_length - 1), ==, start);
}

static void
test_start_of_day (void)
{
  /* An ordinary winter day: 24 hours from 00:00 EET. */
  check_start (crm_time_start_of_day, "2026-11-26T22:00:00Z", "2026-11-27T21:59:00Z",
               "2026-11-26T22:00:00Z", 24 * HOUR_MS);
  /* The spring change: the day starts at 00:00 EET and has 23 hours. */
  check_start (crm_time_start_of_day, "2026-03-28T22:00:00Z", "2026-03-29T20:59:00Z",
               "2026-03-28T22:00:00Z", 23 * HOUR_MS);
  /* The next day starts at 00:00 EEST. */
  check_start (crm_time_start_of_day, "2026-03-29T21:00:00Z", "2026-03-30T20:59:00Z",
               "2026-03-29T21:00:00Z", 24 * HOUR_MS);
  /* The autumn change: the day starts at 00:00 EEST and has 25 hours. */
  check_start (crm_time_start_of_day, "2026-10-24T21:00:00Z", "2026-10-25T21:59:00Z",
               "2026-10-24T21:00:00Z", 25 * HOUR_MS);
  check_start (crm_time_start_of_day, "2026-10-25T22:00:00Z", "2026-10-26T21:59:00Z",
               "2026-10-25T22:00:00Z", 24 * HOUR_MS);
  /* Before 1970 too. */
  g_assert_cmpint (crm_time_start_of_day (utc ("1969-12-31T12:00:00Z")), ==,
                   utc ("1969-12-30T21:00:00Z"));
  g_assert_cmpint (crm_time_start_of_day (-1), ==, utc ("1969-12-31T21:00:00Z"));
}

static void
test_start_of_week (void)
{
  /* 2026-03-29 is the Sunday of the spring change, so its week started on
   * Monday 2026-03-23 in winter time and lasted 167 hours. */
  check_start (crm_time_start_of_week, "2026-03-22T22:00:00Z", "2026-03-29T20:59:00Z",
               "2026-03-22T22:00:00Z", 167 * HOUR_MS);
  check_start (crm_time_start_of_week, "2026-03-29T21:00:00Z", "2026-04-05T20:59:00Z",
               "2026-03-29T21:00:00Z", 168 * HOUR_MS);
  /* The autumn week, Monday 2026-10-19 to Sunday 2026-10-25, has 169. */
  check_start (crm_time_start_of_week, "2026-10-18T21:00:00Z", "2026-10-25T21:59:00Z",
               "2026-10-18T21:00:00Z", 169 * HOUR_MS);
  /* A week across the turn of the year. */
  g_assert_cmpint (crm_time_start_of_week (utc ("2027-01-01T12:00:00Z")), ==,
                   utc ("2026-12-27T22:00:00Z"));
  /* 1970-01-01 was a Thursday. */
  g_assert_cmpint (crm_time_start_of_week (0), ==, utc ("1969-12-28T21:00:00Z"));
}

static void
test_start_of_month (void)
{
  static const struct {
    const char *at;
    const char *start;
  } vectors[] = {
    { "2026-03-15T12:00:00Z", "2026-02-28T22:00:00Z" },
    { "2026-03-31T20:59:59Z", "2026-02-28T22:00:00Z" },
    { "2026-03-31T21:00:00Z", "2026-03-31T21:00:00Z" },
    { "2026-10-31T21:59:59Z", "2026-09-30T21:00:00Z" },
    { "2026-10-31T22:00:00Z", "2026-10-31T22:00:00Z" },
    { "2026-12-31T21:59:59Z", "2026-11-30T22:00:00Z" },
    { "2026-12-31T22:00:00Z", "2026-12-31T22:00:00Z" },
    { "2028-02-29T12:00:00Z", "2028-01-31T22:00:00Z" },
    { "2026-01-01T00:30:00Z", "2025-12-31T22:00:00Z" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    g_assert_cmpint (crm_time_start_of_month (utc (vectors[i].at)), ==, utc (vectors[i].start));

  /* March 2026 loses an hour, October gains one. */
  check_start (crm_time_start_of_month, "2026-02-28T22:00:00Z", "2026-03-01T12:00:00Z",
               "2026-02-28T22:00:00Z", (31 * 24 - 1) * HOUR_MS);
  check_start (crm_time_start_of_month, "2026-09-30T21:00:00Z", "2026-10-01T12:00:00Z",
               "2026-09-30T21:00:00Z", (31 * 24 + 1) * HOUR_MS);
}

/* In Santiago de Chile clocks go from 24:00 to 01:00 when summer time
 * starts, so on 2026-09-06 there is no midnight and the day begins at 01:00. */
static void
test_missing_midnight (void)
{
  g_autoptr(GTimeZone) santiago = g_time_zone_new_identifier ("America/Santiago");

  if (santiago == NULL)
    {
      g_test_skip ("No time zone data for America/Santiago");
      return;
    }

  g_setenv ("TZ", "America/Santiago", TRUE);

  g_assert_cmpint (crm_time_start_of_day (utc ("2026-09-06T15:00:00Z")), ==,
                   utc ("2026-09-06T04:00:00Z"));
  g_assert_cmpint (parse_ok ("2026-09-06"), ==, utc ("2026-09-06T04:00:00Z"));
  g_assert_cmpint (crm_time_start_of_day (utc ("2026-09-06T03:59:59Z")), ==,
                   utc ("2026-09-05T04:00:00Z"));
  {
    g_autofree char *text = crm_time_to_iso8601 (utc ("2026-09-06T04:00:00Z"));

    g_assert_cmpstr (text, ==, "2026-09-06T01:00:00-03:00");
  }

  g_setenv ("TZ", "Europe/Riga", TRUE);

  /* The local zone follows TZ again. */
  g_assert_cmpint (parse_ok ("2026-09-06"), ==, utc ("2026-09-05T21:00:00Z"));
}

/* The local zone is kept between calls, but not past a change of TZ. */
static void
test_format_short_zone (void)
{
  gint64 instant = utc ("2026-01-15T10:00:00Z");
  g_autoptr(GTimeZone) tokyo = g_time_zone_new_identifier ("Asia/Tokyo");

  if (tokyo == NULL)
    {
      g_test_skip ("No time zone data for Asia/Tokyo");
      return;
    }

  crm_time_set_fake_now (instant);

  for (guint round = 0; round < 2; round++)
    {
      g_autofree char *riga = NULL;
      g_autofree char *riga_again = NULL;
      g_autofree char *in_tokyo = NULL;

      g_setenv ("TZ", "Europe/Riga", TRUE);
      riga = crm_time_format_short (instant);
      riga_again = crm_time_format_short (instant);
      g_setenv ("TZ", "Asia/Tokyo", TRUE);
      in_tokyo = crm_time_format_short (instant);

      g_assert_cmpstr (riga, ==, "12:00");
      g_assert_cmpstr (riga_again, ==, "12:00");
      g_assert_cmpstr (in_tokyo, ==, "19:00");
    }

  g_setenv ("TZ", "Europe/Riga", TRUE);
  crm_time_set_fake_now (0);
}

int
main (int   argc,
      char *argv[])
{
  /* The expectations below are written for Riga, where the clocks change on
   * the last Sundays of March and October. */
  g_setenv ("TZ", "Europe/Riga", TRUE);
  setlocale (LC_ALL, "");
  setlocale (LC_TIME, "C");

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/time/clock", test_clock);
  g_test_add_func ("/time/parse/iso", test_parse_iso);
  g_test_add_func ("/time/parse/dst", test_parse_dst);
  g_test_add_func ("/time/parse/relative", test_parse_relative);
  g_test_add_func ("/time/parse/bad", test_parse_bad);
  g_test_add_func ("/time/parse/messages", test_parse_messages);
  g_test_add_func ("/time/iso8601", test_iso8601);
  g_test_add_func ("/time/format-date", test_format_date);
  g_test_add_func ("/time/format-short", test_format_short);
  g_test_add_func ("/time/format-short-zone", test_format_short_zone);
  g_test_add_func ("/time/start-of-day", test_start_of_day);
  g_test_add_func ("/time/start-of-week", test_start_of_week);
  g_test_add_func ("/time/start-of-month", test_start_of_month);
  g_test_add_func ("/time/missing-midnight", test_missing_midnight);

  return g_test_run ();
}
