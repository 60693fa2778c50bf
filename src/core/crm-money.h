/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CRM_MONEY_ERROR (crm_money_error_quark ())

typedef enum
{
  CRM_MONEY_ERROR_EMPTY,
  CRM_MONEY_ERROR_INVALID,
  CRM_MONEY_ERROR_TOO_PRECISE,
  CRM_MONEY_ERROR_TOO_LARGE,
  CRM_MONEY_ERROR_UNKNOWN_CURRENCY,
} CrmMoneyError;

GQuark    crm_money_error_quark        (void);

int       crm_money_currency_exponent  (const char  *currency);
gboolean  crm_money_currency_is_valid  (const char  *currency);

gboolean  crm_money_parse              (const char  *text,
                                        const char  *currency,
                                        gint64      *out_minor,
                                        GError     **error);
char     *crm_money_to_decimal         (gint64       minor,
                                        const char  *currency);
char     *crm_money_format             (gint64       minor,
                                        const char  *currency);

G_END_DECLS
