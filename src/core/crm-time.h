/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CRM_TIME_ERROR (crm_time_error_quark ())

typedef enum
{
  CRM_TIME_ERROR_EMPTY,
  CRM_TIME_ERROR_INVALID,
} CrmTimeError;

GQuark    crm_time_error_quark     (void);

gint64    crm_time_now_ms          (void);
void      crm_time_set_fake_now    (gint64       ms);

gboolean  crm_time_parse           (const char  *text,
                                    gint64      *out_ms,
                                    GError     **error);
char     *crm_time_to_iso8601      (gint64       ms);
char     *crm_time_format_short    (gint64       ms);
char     *crm_time_format_date     (gint64       ms);

gint64    crm_time_start_of_day    (gint64       ms);
gint64    crm_time_start_of_week   (gint64       ms);
gint64    crm_time_start_of_month  (gint64       ms);

G_END_DECLS
