/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CRM_PHONE_ERROR (crm_phone_error_quark ())

typedef enum
{
  CRM_PHONE_ERROR_EMPTY,
  CRM_PHONE_ERROR_INVALID_CHARACTER,
  CRM_PHONE_ERROR_TOO_SHORT,
  CRM_PHONE_ERROR_TOO_LONG,
  CRM_PHONE_ERROR_UNKNOWN_COUNTRY,
  CRM_PHONE_ERROR_INVALID,
} CrmPhoneError;

GQuark      crm_phone_error_quark          (void);

/**
 * crm_phone_normalize:
 * @input: the number as the user typed it
 * @default_country: (nullable): ISO 3166 alpha-2 code used for national
 *   forms, such as "LV"; %NULL accepts only international forms
 * @out_digits: (out) (optional): E.164 digits without '+', such as
 *   "79123456789"
 * @out_extension: (out) (optional) (nullable): the extension digits, or %NULL
 * @error: return location for a #CrmPhoneError
 *
 * Turns a typed phone number into the digit string the database stores.
 * On failure both outputs are set to %NULL and the error message is a
 * short translated reason that can be shown next to the entry.
 *
 * Returns: %TRUE if @input is a phone number
 */
gboolean    crm_phone_normalize            (const char  *input,
                                            const char  *default_country,
                                            char       **out_digits,
                                            char       **out_extension,
                                            GError     **error);

/**
 * crm_phone_country_calling_code:
 * @iso_country: ISO 3166 alpha-2 code, in either case
 *
 * Returns: (nullable): the calling code without '+' ("LV" gives "371"),
 *   or %NULL if the country is not known
 */
const char *crm_phone_country_calling_code (const char  *iso_country);

/**
 * crm_phone_calling_code_length:
 * @e164_digits: E.164 digits without '+'
 *
 * Tells how many leading digits of @e164_digits are the country calling
 * code, following the ITU assignment of one-, two- and three-digit codes.
 *
 * Returns: 1, 2 or 3, or 0 if the digits start with no assigned code
 */
guint       crm_phone_calling_code_length  (const char  *e164_digits);

/**
 * crm_phone_format:
 * @e164_digits: E.164 digits without '+'
 *
 * Makes the international form shown to people, such as
 * "+7 912 345-67-89". Numbers of a shape it does not know become
 * "+" and the digits; text that is not digits is returned unchanged.
 *
 * Returns: (transfer full): the formatted number
 */
char       *crm_phone_format               (const char  *e164_digits);

/**
 * crm_phone_digits_only:
 * @text: (nullable): any text
 *
 * Returns: (transfer full) (nullable): the decimal digits of @text as ASCII,
 *   or %NULL if it has none
 */
char       *crm_phone_digits_only          (const char  *text);

/**
 * crm_phone_looks_like_number:
 * @text: (nullable): a search query
 *
 * Returns: %TRUE if @text holds only digits and the separators people type
 *   in phone numbers, with at least three digits
 */
gboolean    crm_phone_looks_like_number    (const char  *text);

G_END_DECLS
