/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* What the fields of the forms share: how a field shows what is wrong
 * with it, and dates typed as YYYY-MM-DD and times as HH:MM, in local
 * time, with a calendar to pick the date from. */

void     crm_form_mark_field       (GtkWidget   *field,
                                    const char  *message);
void     crm_form_show_message     (GtkLabel    *label,
                                    const char  *message);
void     crm_form_set_message      (GtkWidget   *field,
                                    GtkLabel    *label,
                                    const char  *message);

gboolean crm_form_parse_date       (const char  *text,
                                    int         *year,
                                    int         *month,
                                    int         *day);
gboolean crm_form_parse_time       (const char  *text,
                                    int         *hour,
                                    int         *minute);
gboolean crm_form_read_date_time   (GtkEditable *date,
                                    GtkEditable *time,
                                    gint64      *out_ms);
void     crm_form_show_date_time   (GtkEditable *date,
                                    GtkEditable *time,
                                    gint64       ms);
void     crm_form_attach_calendar  (GtkEditable *date,
                                    GtkCalendar *calendar);

G_END_DECLS
