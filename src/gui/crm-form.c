/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include <string.h>

#include "crm-form.h"
#include "crm-time.h"

/* Helpers of the forms (the editors and the parts they share), so that a
 * field says what is wrong with it, and a date or a time reads, alike in
 * all of them. */

/**
 * crm_form_mark_field:
 * @field: an entry, a row or any other field
 * @message: (nullable): what is wrong with it, or %NULL if nothing is
 *
 * Draws @field as wrong and tells assistive technologies why, or takes
 * that back.
 */
void
crm_form_mark_field (GtkWidget  *field,
                     const char *message)
{
  g_return_if_fail (GTK_IS_WIDGET (field));

  if (message != NULL)
    {
      gtk_widget_add_css_class (field, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (field),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (field),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                      -1);
    }
  else
    {
      gtk_widget_remove_css_class (field, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_STATE_INVALID);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

/**
 * crm_form_show_message:
 * @label: the label under a field or a group of fields
 * @message: (nullable): the text to show, or %NULL to hide the label
 */
void
crm_form_show_message (GtkLabel   *label,
                       const char *message)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

/**
 * crm_form_set_message:
 * @field: a field
 * @label: the label under it
 * @message: (nullable): what is wrong with @field, or %NULL if nothing is
 *
 * Marks @field and says under it what is wrong with it, or takes both
 * back.
 */
void
crm_form_set_message (GtkWidget  *field,
                      GtkLabel   *label,
                      const char *message)
{
  crm_form_mark_field (field, message);
  crm_form_show_message (label, message);
}

/**
 * crm_form_parse_date:
 * @text: a date as typed, YYYY-MM-DD; white space around it is allowed
 * @year: (out): the year
 * @month: (out): the month, 1 to 12
 * @day: (out): the day of the month
 *
 * Returns: whether @text is a date that exists
 */
gboolean
crm_form_parse_date (const char *text,
                     int        *year,
                     int        *month,
                     int        *day)
{
  g_autofree char *clean = g_strstrip (g_strdup (text));

  if (strlen (clean) != 10 || clean[4] != '-' || clean[7] != '-')
    return FALSE;

  for (guint i = 0; i < 10; i++)
    {
      if (i != 4 && i != 7 && !g_ascii_isdigit (clean[i]))
        return FALSE;
    }

  *year = (int)g_ascii_strtoull (clean, NULL, 10);
  *month = (int)g_ascii_strtoull (clean + 5, NULL, 10);
  *day = (int)g_ascii_strtoull (clean + 8, NULL, 10);

  return *year >= 1 && *year <= 9999 && *month >= 1 && *month <= 12 && *day >= 1 && *day <= 31 &&
         g_date_valid_dmy ((GDateDay)*day, (GDateMonth)*month, (GDateYear)*year);
}

/**
 * crm_form_parse_time:
 * @text: a time as typed on a 24-hour clock: "9:05", "09:05" or "09.05"
 * @hour: (out): the hour, 0 to 23
 * @minute: (out): the minute, 0 to 59
 *
 * Returns: whether @text is such a time
 */
gboolean
crm_form_parse_time (const char *text,
                     int        *hour,
                     int        *minute)
{
  g_autofree char *clean = g_strstrip (g_strdup (text));
  const char *sep = strpbrk (clean, ":.");
  gsize hour_len;

  if (sep == NULL)
    return FALSE;

  hour_len = sep - clean;
  if (hour_len < 1 || hour_len > 2 || strlen (sep + 1) != 2)
    return FALSE;

  for (const char *p = clean; *p != '\0'; p++)
    {
      if (p != sep && !g_ascii_isdigit (*p))
        return FALSE;
    }

  *hour = (int)g_ascii_strtoull (clean, NULL, 10);
  *minute = (int)g_ascii_strtoull (sep + 1, NULL, 10);

  return *hour <= 23 && *minute <= 59;
}

/**
 * crm_form_read_date_time:
 * @date: the field with the date
 * @time: the field with the time
 * @out_ms: (out): the moment, in UTC milliseconds
 *
 * Returns: %FALSE while the date or the time cannot be read
 */
gboolean
crm_form_read_date_time (GtkEditable *date,
                         GtkEditable *time,
                         gint64      *out_ms)
{
  g_autofree char *text = NULL;
  int year, month, day, hour, minute;

  g_return_val_if_fail (GTK_IS_EDITABLE (date), FALSE);
  g_return_val_if_fail (GTK_IS_EDITABLE (time), FALSE);

  if (!crm_form_parse_date (gtk_editable_get_text (date), &year, &month, &day) ||
      !crm_form_parse_time (gtk_editable_get_text (time), &hour, &minute))
    return FALSE;

  /* crm_time_parse() settles times that a change of clocks skips or
   * repeats. */
  text = g_strdup_printf ("%04d-%02d-%02d %02d:%02d", year, month, day, hour, minute);
  return crm_time_parse (text, out_ms, NULL);
}

/**
 * crm_form_show_date_time:
 * @date: the field for the date
 * @time: the field for the time
 * @ms: the moment, in UTC milliseconds
 *
 * Writes @ms into the fields in local time, to the minute.
 */
void
crm_form_show_date_time (GtkEditable *date,
                         GtkEditable *time,
                         gint64       ms)
{
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *date_text = NULL;
  g_autofree char *time_text = NULL;

  g_return_if_fail (GTK_IS_EDITABLE (date));
  g_return_if_fail (GTK_IS_EDITABLE (time));

  local = g_date_time_new_from_unix_local (ms / 1000);
  date_text = g_date_time_format (local, "%Y-%m-%d");
  time_text = g_date_time_format (local, "%H:%M");
  gtk_editable_set_text (date, date_text);
  gtk_editable_set_text (time, time_text);
}

/* The calendar */

static void
calendar_day_selected_cb (GtkCalendar *calendar,
                          GtkEditable *date)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (calendar);
  g_autofree char *text = g_date_time_format (day, "%Y-%m-%d");
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (calendar), GTK_TYPE_POPOVER);

  gtk_editable_set_text (date, text);
  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
}

static void
calendar_mapped_cb (GtkCalendar *calendar,
                    GtkEditable *date)
{
  g_autoptr(GDateTime) day = NULL;
  int year, month, day_of_month;

  if (crm_form_parse_date (gtk_editable_get_text (date), &year, &month, &day_of_month))
    day = g_date_time_new_local (year, month, day_of_month, 12, 0, 0);
  if (day == NULL)
    day = g_date_time_new_now_local ();

  /* Showing the typed date is not choosing it. */
  g_signal_handlers_block_by_func (calendar, calendar_day_selected_cb, date);
  gtk_calendar_select_day (calendar, day);
  g_signal_handlers_unblock_by_func (calendar, calendar_day_selected_cb, date);
}

/**
 * crm_form_attach_calendar:
 * @date: the field for a date
 * @calendar: a calendar in a popover beside the field
 *
 * Makes @calendar open on the date typed in @date (today if none can be
 * read), and a day chosen in it the date of @date, closing its popover.
 */
void
crm_form_attach_calendar (GtkEditable *date,
                          GtkCalendar *calendar)
{
  g_return_if_fail (GTK_IS_EDITABLE (date));
  g_return_if_fail (GTK_IS_CALENDAR (calendar));

  g_signal_connect_object (calendar, "map", G_CALLBACK (calendar_mapped_cb), date, 0);
  g_signal_connect_object (calendar, "day-selected", G_CALLBACK (calendar_day_selected_cb), date, 0);
}
