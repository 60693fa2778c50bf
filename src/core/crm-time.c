/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-time"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "crm-time.h"

#define MS_PER_SECOND ((gint64) 1000)
#define MS_PER_MINUTE (60 * MS_PER_SECOND)
#define MS_PER_HOUR   (60 * MS_PER_MINUTE)
#define SECONDS_PER_DAY ((gint64) 86400)

/* Days from 0001-01-01 to 1970-01-01 in the proleptic Gregorian calendar. */
#define DAYS_BEFORE_EPOCH ((gint64) 719162)

/* The instants parsing may produce: years 1 to 9999, as in GDateTime. */
#define MIN_MS ((gint64) -62135596800000)  /* 0001-01-01T00:00:00Z */
#define MAX_MS ((gint64) 253402300799999)  /* 9999-12-31T23:59:59.999Z */

/* A broken-down local time, and the UTC offset that applied to it. */
typedef struct
{
  gint64 days;   /* local days since 1970-01-01 */
  gint64 year;
  int    month;
  int    day;
  int    hour;
  int    minute;
  int    second;
  int    ms;
  int    offset; /* seconds east of UTC */
} LocalTime;

G_LOCK_DEFINE_STATIC (fake_now);
static gint64 fake_now_ms;

/* The local time zone, kept: with TZ unset, g_time_zone_new_local() of
 * GLib 2.74 reads /etc/localtime again on every call, which cost 15 of the
 * 16 µs of formatting a time, and a list formats one for every row it
 * draws. It is looked up again when TZ changes, and at most once a second
 * otherwise, so that a change of the system's zone still shows at once. */
G_LOCK_DEFINE_STATIC (local_zone);
static GTimeZone *local_zone;
static char *local_zone_tz;          /* TZ when it was looked up */
static gint64 local_zone_checked_at; /* monotonic µs */

#define LOCAL_ZONE_RECHECK_US G_USEC_PER_SEC

G_DEFINE_QUARK (crm-time-error-quark, crm_time_error)

static gint64
floor_div (gint64 a,
           gint64 b)
{
  gint64 q = a / b;

  if ((a % b != 0) && ((a < 0) != (b < 0)))
    q--;

  return q;
}

static GTimeZone *
get_local_zone (void)
{
  const char *tz = g_getenv ("TZ");
  gint64 now = g_get_monotonic_time ();
  GTimeZone *zone;

  G_LOCK (local_zone);

  if (local_zone == NULL ||
      g_strcmp0 (tz, local_zone_tz) != 0 ||
      now - local_zone_checked_at >= LOCAL_ZONE_RECHECK_US)
    {
      g_clear_pointer (&local_zone, g_time_zone_unref);
      g_clear_pointer (&local_zone_tz, g_free);
      local_zone = g_time_zone_new_local ();
      local_zone_tz = g_strdup (tz);
      local_zone_checked_at = now;
    }

  zone = g_time_zone_ref (local_zone);

  G_UNLOCK (local_zone);

  return zone;
}

static gboolean
is_leap_year (gint64 year)
{
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int
days_in_month (gint64 year,
               int    month)
{
  static const int lengths[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  if (month == 2 && is_leap_year (year))
    return 29;

  return lengths[month - 1];
}

/* Days before the first of each month in a common year. */
static const int days_before_month[] = {
  0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334,
};

static gint64
days_from_civil (gint64 year,
                 int    month,
                 int    day)
{
  gint64 y = year - 1;
  gint64 days;

  days = 365 * y + floor_div (y, 4) - floor_div (y, 100) + floor_div (y, 400);
  days += days_before_month[month - 1] + (month > 2 && is_leap_year (year));
  days += day - 1;

  return days - DAYS_BEFORE_EPOCH;
}

static void
civil_from_days (gint64  days,
                 gint64 *year,
                 int    *month,
                 int    *day)
{
  /* Count in whole 400, 100, 4 and 1 year cycles from 0001-01-01; the last
   * year of a 100 or 4 year cycle is one day longer, hence the MIN(). */
  gint64 n = days + DAYS_BEFORE_EPOCH;
  gint64 n400 = floor_div (n, 146097);
  gint64 rest = n - n400 * 146097;
  gint64 n100 = MIN (rest / 36524, 3);
  gint64 n4;
  gint64 n1;
  int m;

  rest -= n100 * 36524;
  n4 = rest / 1461;
  rest -= n4 * 1461;
  n1 = MIN (rest / 365, 3);
  rest -= n1 * 365;

  *year = n400 * 400 + n100 * 100 + n4 * 4 + n1 + 1;

  for (m = 12; m > 1; m--)
    {
      int before = days_before_month[m - 1] + (m > 2 && is_leap_year (*year));

      if (rest >= before)
        {
          rest -= before;
          break;
        }
    }

  *month = m;
  *day = (int) rest + 1;
}

/* The ISO weekday, 1 for Monday to 7 for Sunday; 1970-01-01 was a Thursday. */
static int
weekday_from_days (gint64 days)
{
  gint64 since_monday = days + 3;

  return (int) (since_monday - floor_div (since_monday, 7) * 7) + 1;
}

static int
offset_at (GTimeZone *tz,
           gint64     utc_seconds)
{
  /* Universal time never skips or repeats, so this lookup always succeeds. */
  int interval = g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, utc_seconds);

  return g_time_zone_get_offset (tz, interval);
}

static void
to_local (GTimeZone *tz,
          gint64     ms,
          LocalTime *local)
{
  gint64 utc_seconds = floor_div (ms, MS_PER_SECOND);
  gint64 local_seconds;
  gint64 second_of_day;

  local->ms = (int) (ms - utc_seconds * MS_PER_SECOND);
  local->offset = offset_at (tz, utc_seconds);

  local_seconds = utc_seconds + local->offset;
  local->days = floor_div (local_seconds, SECONDS_PER_DAY);
  second_of_day = local_seconds - local->days * SECONDS_PER_DAY;

  civil_from_days (local->days, &local->year, &local->month, &local->day);
  local->hour = (int) (second_of_day / 3600);
  local->minute = (int) (second_of_day / 60 % 60);
  local->second = (int) (second_of_day % 60);
}

/* Turns a local wall-clock time into UTC seconds.
 *
 * A wall-clock time that happens twice, when clocks go back, is taken at its
 * first occurrence.  One that never happens, when clocks go forward, is read
 * with the offset in force before the change, which moves it forward by the
 * length of the gap: in Europe/Riga, 2026-03-29 03:30 becomes 04:30 EEST.
 * That is what people mean by "half an hour after three" on that night, and
 * what GLib, Java and Python do too. */
static gint64
from_local (GTimeZone *tz,
            gint64     days,
            int        hour,
            int        minute,
            int        second)
{
  gint64 wall = days * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second;
  int offset_before = offset_at (tz, wall - SECONDS_PER_DAY);
  int offset_after = offset_at (tz, wall + SECONDS_PER_DAY);
  gint64 early = wall - offset_before;
  gint64 late = wall - offset_after;
  gboolean early_ok = offset_at (tz, early) == offset_before;
  gboolean late_ok = offset_at (tz, late) == offset_after;

  if (early_ok && late_ok)
    return MIN (early, late);
  if (late_ok)
    return late;

  return early;
}

/**
 * crm_time_now_ms:
 *
 * Returns: the current time in UTC milliseconds since 1970, or the time set
 *   with crm_time_set_fake_now()
 */
gint64
crm_time_now_ms (void)
{
  gint64 fake;

  G_LOCK (fake_now);
  fake = fake_now_ms;
  G_UNLOCK (fake_now);

  if (fake != 0)
    return fake;

  return g_get_real_time () / 1000;
}

/**
 * crm_time_set_fake_now:
 * @ms: the time crm_time_now_ms() should return, or 0 for the real clock
 *
 * Stops the clock at @ms, for tests and for the reminder scheduler's tests.
 */
void
crm_time_set_fake_now (gint64 ms)
{
  G_LOCK (fake_now);
  fake_now_ms = ms;
  G_UNLOCK (fake_now);
}

/* Reads exactly @n ASCII digits. */
static gboolean
read_number (const char **p,
             guint        n,
             int         *value)
{
  int result = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      result = result * 10 + ((*p)[i] - '0');
    }

  *p += n;
  *value = result;

  return TRUE;
}

static gboolean
parse_relative (GTimeZone   *tz,
                const char  *text,
                const char  *shown,
                gint64      *out_ms,
                GError     **error)
{
  const char *p = text + 1;
  gint64 now = crm_time_now_ms ();
  gint64 amount = 0;
  gint64 result;
  guint n_digits = 0;
  int sign = *text == '-' ? -1 : 1;

  for (; g_ascii_isdigit (*p); p++, n_digits++)
    {
      /* Nine digits of weeks already reach far past the year 9999. */
      if (n_digits == 9)
        goto out_of_range;
      amount = amount * 10 + (*p - '0');
    }

  if (n_digits == 0)
    {
      g_set_error (error, CRM_TIME_ERROR, CRM_TIME_ERROR_INVALID,
                   _("“%s” needs a number after the sign, like +10m"), shown);
      return FALSE;
    }

  if (p[0] == '\0' || p[1] != '\0' || strchr ("smhdw", p[0]) == NULL)
    {
      g_set_error (error, CRM_TIME_ERROR, CRM_TIME_ERROR_INVALID,
                   _("“%s” has no known unit; use s, m, h, d or w, like +2h"), shown);
      return FALSE;
    }

  amount *= sign;

  switch (p[0])
    {
    case 's':
      result = now + amount * MS_PER_SECOND;
      break;

    case 'm':
      result = now + amount * MS_PER_MINUTE;
      break;

    case 'h':
      result = now + amount * MS_PER_HOUR;
      break;

    default:
      {
        LocalTime local;

        /* Days and weeks move the calendar, not the stopwatch: "+1d" is the
         * same wall-clock time tomorrow even when tomorrow has 23 or 25
         * hours. */
        if (p[0] == 'w')
          amount *= 7;
        if (amount == 0)
          {
            result = now;
            break;
          }

        to_local (tz, now, &local);
        result = from_local (tz, local.days + amount,
                             local.hour, local.minute, local.second) * MS_PER_SECOND
                 + local.ms;
      }
      break;
    }

  if (result < MIN_MS || result > MAX_MS)
    goto out_of_range;

  *out_ms = result;

  return TRUE;

out_of_range:
  g_set_error (error, CRM_TIME_ERROR, CRM_TIME_ERROR_INVALID,
               _("“%s” is too far from now"), shown);
  return FALSE;
}

static gboolean
parse_iso8601 (GTimeZone   *tz,
               const char  *text,
               const char  *shown,
               gint64      *out_ms,
               GError     **error)
{
  const char *p = text;
  int year, month, day;
  int hour = 0, minute = 0, second = 0, ms = 0;
  int zone_hours = 0, zone_minutes = 0;
  gboolean has_zone = FALSE;
  gint64 days;
  gint64 seconds;

  if (!read_number (&p, 4, &year) || *p++ != '-' ||
      !read_number (&p, 2, &month) || *p++ != '-' ||
      !read_number (&p, 2, &day))
    goto invalid;

  if (year < 1 || month < 1 || month > 12 || day < 1 ||
      day > days_in_month (year, month))
    {
      g_set_error (error, CRM_TIME_ERROR, CRM_TIME_ERROR_INVALID,
                   _("“%s” is not a valid date"), shown);
      return FALSE;
    }

  if (*p == 'T' || *p == 't' || *p == ' ')
    {
      p++;
      if (!read_number (&p, 2, &hour) || *p++ != ':' ||
          !read_number (&p, 2, &minute))
        goto invalid;

      if (*p == ':')
        {
          p++;
          if (!read_number (&p, 2, &second))
            goto invalid;

          /* Fractions of a second are kept to the millisecond and the rest
           * is dropped, as the store keeps no more. */
          if (*p == '.' || *p == ',')
            {
              int scale = 100;

              p++;
              if (!g_ascii_isdigit (*p))
                goto invalid;
              for (; g_ascii_isdigit (*p); p++, scale /= 10)
                ms += (*p - '0') * scale;
            }
        }

      if (hour > 23 || minute > 59 || second > 59)
        {
          g_set_error (error, CRM_TIME_ERROR, CRM_TIME_ERROR_INVALID,
                       _("“%s” is not a valid time of day"), shown);
          return FALSE;
        }

      if (*p == 'Z' || *p == 'z')
        {
          has_zone = TRUE;
          p++;
        }
      else if (*p == '+' || *p == '-')
        {
          int sign = *p++ == '-' ? -1 : 1;

          has_zone = TRUE;
          if (!read_number (&p, 2, &zone_hours))
            goto invalid;
          if (*p == ':')
            {
              p++;
              if (!read_number (&p, 2, &zone_minutes))
                goto invalid;
            }
          else if (g_ascii_isdigit (*p) && !read_number (&p, 2, &zone_minutes))
            {
              goto invalid;
            }

          if (zone_hours > 23 || zone_minutes > 59)
            {
              g_set_error (error, CRM_TIME_ERROR, CRM_TIME_ERROR_INVALID,
                           _("“%s” has an invalid time zone offset"), shown);
              return FALSE;
            }

          zone_hours *= sign;
          zone_minutes *= sign;
        }
    }

  if (*p != '\0')
    goto invalid;

  days = days_from_civil (year, month, day);
  if (has_zone)
    seconds = days * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second
              - zone_hours * 3600 - zone_minutes * 60;
  else
    seconds = from_local (tz, days, hour, minute, second);

  *out_ms = seconds * MS_PER_SECOND + ms;

  return TRUE;

invalid:
  g_set_error (error, CRM_TIME_ERROR, CRM_TIME_ERROR_INVALID,
               _("“%s” is not a date or time; write it like 2026-11-27 14:30, +2h or now"),
               shown);
  return FALSE;
}

/**
 * crm_time_parse:
 * @text: (nullable): a date or time as a person or a script wrote it
 * @out_ms: (out) (optional): where to store the time in UTC milliseconds
 * @error: return location for a #GError in the %CRM_TIME_ERROR domain
 *
 * Reads an ISO 8601 date or time, or a time relative to crm_time_now_ms().
 *
 * ISO forms are "2026-11-27" (local midnight), "2026-11-27T14:30" or
 * "2026-11-27 14:30", optionally with seconds (":05") and a fraction of a
 * second (".250"), and optionally followed by a zone: "Z", "+02:00", "+0200"
 * or "+02".  Without a zone the time is local.  A local time that happens
 * twice when clocks go back is taken at its first occurrence; one that does
 * not exist because clocks go forward is moved forward by the length of the
 * gap ("2026-03-29T03:30" in Europe/Riga is 04:30 EEST, 01:30 UTC).
 *
 * Relative forms are "now" and a sign, a number and a unit: "+90s", "+10m",
 * "+2h" move by exact seconds, minutes and hours; "+1d", "-1d" and "+1w" move
 * by calendar days and weeks and keep the wall-clock time across changes of
 * daylight saving time.
 *
 * White space around @text is ignored.
 *
 * Returns: %TRUE if @text was understood
 */
gboolean
crm_time_parse (const char  *text,
                gint64      *out_ms,
                GError     **error)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autofree char *shown = NULL;
  gint64 result = 0;
  gboolean ok;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (text == NULL)
    text = "";

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, CRM_TIME_ERROR, CRM_TIME_ERROR_INVALID,
                           _("The date is not valid text"));
      return FALSE;
    }

  shown = g_strstrip (g_strdup (text));

  if (*shown == '\0')
    {
      g_set_error_literal (error, CRM_TIME_ERROR, CRM_TIME_ERROR_EMPTY,
                           _("No date or time was given"));
      return FALSE;
    }

  tz = get_local_zone ();

  if (g_ascii_strcasecmp (shown, "now") == 0)
    {
      result = crm_time_now_ms ();
      ok = TRUE;
    }
  else if (*shown == '+' || *shown == '-')
    ok = parse_relative (tz, shown, shown, &result, error);
  else
    ok = parse_iso8601 (tz, shown, shown, &result, error);

  if (ok && out_ms != NULL)
    *out_ms = result;

  return ok;
}

/**
 * crm_time_to_iso8601:
 * @ms: a time in UTC milliseconds
 *
 * Writes @ms in local time as ISO 8601 with the UTC offset, for machine
 * output: "2026-11-27T14:30:00+02:00".  Milliseconds are written only when
 * there are some ("2026-11-27T14:30:00.250+02:00"), so that the text reads
 * back to the same instant.
 *
 * Returns: (transfer full): the time
 */
char *
crm_time_to_iso8601 (gint64 ms)
{
  g_autoptr(GTimeZone) tz = get_local_zone ();
  LocalTime local;
  char fraction[8] = "";
  int offset_minutes;

  to_local (tz, ms, &local);

  if (local.ms != 0)
    g_snprintf (fraction, sizeof fraction, ".%03d", local.ms);

  offset_minutes = ABS (local.offset) / 60;

  return g_strdup_printf ("%04" G_GINT64_FORMAT "-%02d-%02dT%02d:%02d:%02d%s%c%02d:%02d",
                          local.year, local.month, local.day,
                          local.hour, local.minute, local.second, fraction,
                          local.offset < 0 ? '-' : '+',
                          offset_minutes / 60, offset_minutes % 60);
}

/**
 * crm_time_format_date:
 * @ms: a time in UTC milliseconds
 *
 * Returns: (transfer full): the local date of @ms as "2026-11-27"
 */
char *
crm_time_format_date (gint64 ms)
{
  g_autoptr(GTimeZone) tz = get_local_zone ();
  LocalTime local;

  to_local (tz, ms, &local);

  return g_strdup_printf ("%04" G_GINT64_FORMAT "-%02d-%02d",
                          local.year, local.month, local.day);
}

/**
 * crm_time_format_short:
 * @ms: a time in UTC milliseconds
 *
 * Writes @ms for people, in local time and as briefly as the distance from
 * crm_time_now_ms() allows: the time alone today ("14:30"), the day, month
 * and time within the current year ("27 Nov 14:30"), and the day, month and
 * year otherwise ("27 Nov 2025").  The forms are translatable.
 *
 * Returns: (transfer full): the time
 */
char *
crm_time_format_short (gint64 ms)
{
  g_autoptr(GTimeZone) tz = get_local_zone ();
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) datetime = NULL;
  LocalTime local;
  LocalTime now;
  const char *format;
  char *result;

  to_local (tz, ms, &local);
  to_local (tz, crm_time_now_ms (), &now);

  if (local.days == now.days)
    {
      /* Translators: a time today, in g_date_time_format() syntax. */
      format = C_("time format", "%H:%M");
    }
  else if (local.year == now.year)
    {
      /* Translators: a day and time this year, in g_date_time_format()
       * syntax. */
      format = C_("time format", "%-d %b %H:%M");
    }
  else
    {
      /* Translators: a date in another year, in g_date_time_format() syntax. */
      format = C_("time format", "%-d %b %Y");
    }

  /* GDateTime covers only the years 1 to 9999, and a broken translation can
   * make g_date_time_format() fail; the plain date still says when. */
  utc = g_date_time_new_from_unix_utc (floor_div (ms, MS_PER_SECOND));
  if (utc != NULL)
    datetime = g_date_time_to_timezone (utc, tz);
  if (datetime == NULL)
    return crm_time_format_date (ms);

  result = g_date_time_format (datetime, format);
  if (result == NULL)
    return crm_time_format_date (ms);

  return result;
}

/**
 * crm_time_start_of_day:
 * @ms: a time in UTC milliseconds
 *
 * Returns: the first instant of the local day containing @ms; that is local
 *   midnight, or the first time after it where midnight does not exist
 */
gint64
crm_time_start_of_day (gint64 ms)
{
  g_autoptr(GTimeZone) tz = get_local_zone ();
  LocalTime local;

  to_local (tz, ms, &local);

  return from_local (tz, local.days, 0, 0, 0) * MS_PER_SECOND;
}

/**
 * crm_time_start_of_week:
 * @ms: a time in UTC milliseconds
 *
 * Returns: the first instant of the local week containing @ms; weeks start
 *   on Monday
 */
gint64
crm_time_start_of_week (gint64 ms)
{
  g_autoptr(GTimeZone) tz = get_local_zone ();
  LocalTime local;

  to_local (tz, ms, &local);

  return from_local (tz, local.days - (weekday_from_days (local.days) - 1),
                     0, 0, 0) * MS_PER_SECOND;
}

/**
 * crm_time_start_of_month:
 * @ms: a time in UTC milliseconds
 *
 * Returns: the first instant of the local month containing @ms
 */
gint64
crm_time_start_of_month (gint64 ms)
{
  g_autoptr(GTimeZone) tz = get_local_zone ();
  LocalTime local;

  to_local (tz, ms, &local);

  return from_local (tz, local.days - (local.day - 1), 0, 0, 0) * MS_PER_SECOND;
}
