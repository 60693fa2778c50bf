/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-money"

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "crm-money.h"

/* Amounts are whole numbers of minor units, so the largest amount that can be
 * stored is G_MAXINT64 minor units.  Parsing refuses G_MININT64 as well, so
 * that every parsed amount can be negated safely. */
#define MAX_MAGNITUDE ((guint64) G_MAXINT64)

#define NARROW_NO_BREAK_SPACE "\xe2\x80\xaf"
#define NO_BREAK_SPACE        "\xc2\xa0"

typedef struct
{
  char  code[4];
  gint8 exponent;
} CurrencyInfo;

/* ISO 4217 codes in use, with the number of digits after the decimal point
 * of their minor unit.  A few codes withdrawn only recently (HRK, CUC, SLL,
 * ZWL, ANG) stay so that old records and imports still load.  Funds codes
 * and precious metals without a minor unit (XAU, XDR, XXX, ...) are left out
 * because an amount in them cannot be written in minor units.
 *
 * Keep this sorted: lookups use bsearch(). */
static const CurrencyInfo currencies[] = {
  { "AED", 2 }, { "AFN", 2 }, { "ALL", 2 }, { "AMD", 2 }, { "ANG", 2 },
  { "AOA", 2 }, { "ARS", 2 }, { "AUD", 2 }, { "AWG", 2 }, { "AZN", 2 },
  { "BAM", 2 }, { "BBD", 2 }, { "BDT", 2 }, { "BGN", 2 }, { "BHD", 3 },
  { "BIF", 0 }, { "BMD", 2 }, { "BND", 2 }, { "BOB", 2 }, { "BOV", 2 },
  { "BRL", 2 }, { "BSD", 2 }, { "BTN", 2 }, { "BWP", 2 }, { "BYN", 2 },
  { "BZD", 2 }, { "CAD", 2 }, { "CDF", 2 }, { "CHE", 2 }, { "CHF", 2 },
  { "CHW", 2 }, { "CLF", 4 }, { "CLP", 0 }, { "CNY", 2 }, { "COP", 2 },
  { "COU", 2 }, { "CRC", 2 }, { "CUC", 2 }, { "CUP", 2 }, { "CVE", 2 },
  { "CZK", 2 }, { "DJF", 0 }, { "DKK", 2 }, { "DOP", 2 }, { "DZD", 2 },
  { "EGP", 2 }, { "ERN", 2 }, { "ETB", 2 }, { "EUR", 2 }, { "FJD", 2 },
  { "FKP", 2 }, { "GBP", 2 }, { "GEL", 2 }, { "GHS", 2 }, { "GIP", 2 },
  { "GMD", 2 }, { "GNF", 0 }, { "GTQ", 2 }, { "GYD", 2 }, { "HKD", 2 },
  { "HNL", 2 }, { "HRK", 2 }, { "HTG", 2 }, { "HUF", 2 }, { "IDR", 2 },
  { "ILS", 2 }, { "INR", 2 }, { "IQD", 3 }, { "IRR", 2 }, { "ISK", 0 },
  { "JMD", 2 }, { "JOD", 3 }, { "JPY", 0 }, { "KES", 2 }, { "KGS", 2 },
  { "KHR", 2 }, { "KMF", 0 }, { "KPW", 2 }, { "KRW", 0 }, { "KWD", 3 },
  { "KYD", 2 }, { "KZT", 2 }, { "LAK", 2 }, { "LBP", 2 }, { "LKR", 2 },
  { "LRD", 2 }, { "LSL", 2 }, { "LYD", 3 }, { "MAD", 2 }, { "MDL", 2 },
  { "MGA", 2 }, { "MKD", 2 }, { "MMK", 2 }, { "MNT", 2 }, { "MOP", 2 },
  { "MRU", 2 }, { "MUR", 2 }, { "MVR", 2 }, { "MWK", 2 }, { "MXN", 2 },
  { "MXV", 2 }, { "MYR", 2 }, { "MZN", 2 }, { "NAD", 2 }, { "NGN", 2 },
  { "NIO", 2 }, { "NOK", 2 }, { "NPR", 2 }, { "NZD", 2 }, { "OMR", 3 },
  { "PAB", 2 }, { "PEN", 2 }, { "PGK", 2 }, { "PHP", 2 }, { "PKR", 2 },
  { "PLN", 2 }, { "PYG", 0 }, { "QAR", 2 }, { "RON", 2 }, { "RSD", 2 },
  { "RUB", 2 }, { "RWF", 0 }, { "SAR", 2 }, { "SBD", 2 }, { "SCR", 2 },
  { "SDG", 2 }, { "SEK", 2 }, { "SGD", 2 }, { "SHP", 2 }, { "SLE", 2 },
  { "SLL", 2 }, { "SOS", 2 }, { "SRD", 2 }, { "SSP", 2 }, { "STN", 2 },
  { "SVC", 2 }, { "SYP", 2 }, { "SZL", 2 }, { "THB", 2 }, { "TJS", 2 },
  { "TMT", 2 }, { "TND", 3 }, { "TOP", 2 }, { "TRY", 2 }, { "TTD", 2 },
  { "TWD", 2 }, { "TZS", 2 }, { "UAH", 2 }, { "UGX", 0 }, { "USD", 2 },
  { "USN", 2 }, { "UYI", 0 }, { "UYU", 2 }, { "UYW", 4 }, { "UZS", 2 },
  { "VED", 2 }, { "VES", 2 }, { "VND", 0 }, { "VUV", 0 }, { "WST", 2 },
  { "XAF", 0 }, { "XCD", 2 }, { "XCG", 2 }, { "XOF", 0 }, { "XPF", 0 },
  { "YER", 2 }, { "ZAR", 2 }, { "ZMW", 2 }, { "ZWG", 2 }, { "ZWL", 2 },
};

/* The separators an amount may contain, after every character of the input
 * has been reduced to one byte by normalize_amount(). */
#define SEP_SPACE      ' '
#define SEP_APOSTROPHE '\''

G_DEFINE_QUARK (crm-money-error-quark, crm_money_error)

static int
compare_currency (const void *key,
                  const void *member)
{
  const CurrencyInfo *info = member;

  return strcmp (key, info->code);
}

static const CurrencyInfo *
find_currency (const char *currency)
{
  if (currency == NULL)
    return NULL;

  /* Refuse anything but three upper-case ASCII letters before searching, so
   * that "eur" or "EURO" are never mistaken for a code. */
  for (guint i = 0; i < 3; i++)
    {
      if (currency[i] < 'A' || currency[i] > 'Z')
        return NULL;
    }
  if (currency[3] != '\0')
    return NULL;

  return bsearch (currency, currencies, G_N_ELEMENTS (currencies),
                  sizeof currencies[0], compare_currency);
}

static guint64
power_of_ten (int exponent)
{
  guint64 result = 1;

  g_assert (exponent >= 0 && exponent < 19);

  while (exponent-- > 0)
    result *= 10;

  return result;
}

/* Reduces the body of an amount (after the sign) to one byte per character:
 * ASCII digits, '.' and ',' stay, every kind of space used to group digits
 * becomes SEP_SPACE and every apostrophe becomes SEP_APOSTROPHE.  Returns
 * FALSE at the first character that has no place in an amount. */
static gboolean
normalize_amount (const char *start,
                  const char *end,
                  char       *out,
                  gsize      *out_len)
{
  gsize n = 0;

  for (const char *p = start; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case '0': case '1': case '2': case '3': case '4':
        case '5': case '6': case '7': case '8': case '9':
        case '.':
        case ',':
          out[n++] = (char) c;
          break;

        case ' ':
        case 0x00A0: /* NO-BREAK SPACE */
        case 0x2009: /* THIN SPACE */
        case 0x202F: /* NARROW NO-BREAK SPACE */
          out[n++] = SEP_SPACE;
          break;

        case '\'':
        case 0x2019: /* RIGHT SINGLE QUOTATION MARK, as typed on Swiss keyboards */
          out[n++] = SEP_APOSTROPHE;
          break;

        default:
          return FALSE;
        }
    }

  out[n] = '\0';
  *out_len = n;

  return TRUE;
}

/* Checks that the integer part of an amount is a run of digits, or groups of
 * three digits after a first group of one to three, all separated by the
 * same separator.  Strict grouping catches typing slips such as "12 50". */
static gboolean
integer_part_is_valid (const char *digits,
                       gsize       len)
{
  char separator = '\0';
  gsize group = 0;
  gsize n_groups = 0;

  for (gsize i = 0; i < len; i++)
    {
      char c = digits[i];

      if (g_ascii_isdigit (c))
        {
          group++;
          continue;
        }

      if (separator == '\0')
        separator = c;
      else if (c != separator)
        return FALSE;

      if (n_groups == 0 ? (group < 1 || group > 3) : group != 3)
        return FALSE;

      n_groups++;
      group = 0;
    }

  return n_groups == 0 || group == 3;
}

/* Adds digits to a magnitude, failing once it no longer fits. */
static gboolean
accumulate_digits (guint64    *magnitude,
                   const char *digits,
                   gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      guint digit;

      if (!g_ascii_isdigit (digits[i]))
        continue;

      digit = (guint) (digits[i] - '0');
      if (*magnitude > (MAX_MAGNITUDE - digit) / 10)
        return FALSE;

      *magnitude = *magnitude * 10 + digit;
    }

  return TRUE;
}

/**
 * crm_money_currency_exponent:
 * @currency: an ISO 4217 code such as "EUR"
 *
 * Tells how many digits the minor unit of @currency has: 2 for EUR, USD and
 * RUB, 0 for JPY, 3 for KWD.
 *
 * Returns: the exponent, or -1 if @currency is not a known code
 */
int
crm_money_currency_exponent (const char *currency)
{
  const CurrencyInfo *info = find_currency (currency);

  return info != NULL ? info->exponent : -1;
}

/**
 * crm_money_currency_is_valid:
 * @currency: (nullable): a string that may be an ISO 4217 code
 *
 * Returns: %TRUE if @currency is a known ISO 4217 code, written as three
 *   upper-case letters
 */
gboolean
crm_money_currency_is_valid (const char *currency)
{
  return find_currency (currency) != NULL;
}

/**
 * crm_money_parse:
 * @text: (nullable): an amount as a person typed it
 * @currency: the ISO 4217 code the amount is in
 * @out_minor: (out) (optional): where to store the amount in minor units
 * @error: return location for a #GError in the %CRM_MONEY_ERROR domain
 *
 * Reads an amount without ever going through floating point.
 *
 * White space around the amount is ignored.  A leading '+', '-' or U+2212
 * MINUS SIGN gives the sign.  Digits may be grouped by spaces (plain, no-break,
 * narrow no-break or thin), apostrophes, or by whichever of '.' and ',' is not
 * the decimal separator; groups after the first must have exactly three
 * digits, and one amount uses one kind of group separator.
 *
 * The decimal separator is '.' or ',':
 *
 * - when both appear, the last one is the decimal separator and the other
 *   groups digits ("1,234.50" and "1.234,50" are both 1234.50);
 * - when one of them appears more than once, it groups digits ("1,234,567");
 * - when one of them appears once, it is the decimal separator ("12,50"),
 *   except in currencies without a minor unit, where it groups digits if
 *   exactly three digits follow it ("1,234" JPY is 1234).
 *
 * So "1,234" in EUR is refused as %CRM_MONEY_ERROR_TOO_PRECISE rather than
 * silently read as either 1.234 or 1234.  Amounts with more decimals than
 * the currency has are refused even when the extra digits are zeros.
 *
 * Returns: %TRUE if @text was an amount
 */
gboolean
crm_money_parse (const char  *text,
                 const char  *currency,
                 gint64      *out_minor,
                 GError     **error)
{
  g_autofree char *shown = NULL;
  g_autofree char *body = NULL;
  const char *start;
  const char *end;
  const char *decimal = NULL;
  const char *last_dot;
  const char *last_comma;
  gboolean negative = FALSE;
  guint64 magnitude = 0;
  gsize body_len = 0;
  gsize integer_len;
  gsize fraction_len = 0;
  guint n_dots = 0;
  guint n_commas = 0;
  int exponent;

  g_return_val_if_fail (currency != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (text == NULL)
    text = "";

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error_literal (error, CRM_MONEY_ERROR, CRM_MONEY_ERROR_INVALID,
                           _("The amount is not valid text"));
      return FALSE;
    }

  start = text;
  while (*start != '\0' && g_unichar_isspace (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  end = start + strlen (start);
  while (end > start)
    {
      const char *prev = g_utf8_prev_char (end);

      if (!g_unichar_isspace (g_utf8_get_char (prev)))
        break;
      end = prev;
    }

  if (start == end)
    {
      g_set_error_literal (error, CRM_MONEY_ERROR, CRM_MONEY_ERROR_EMPTY,
                           _("No amount was given"));
      return FALSE;
    }

  shown = g_strndup (start, end - start);

  exponent = crm_money_currency_exponent (currency);
  if (exponent < 0)
    {
      g_set_error (error, CRM_MONEY_ERROR, CRM_MONEY_ERROR_UNKNOWN_CURRENCY,
                   _("“%s” is not a known currency code"), currency);
      return FALSE;
    }

  if (*start == '-' || *start == '+')
    {
      negative = *start == '-';
      start++;
    }
  else if (g_utf8_get_char (start) == 0x2212) /* MINUS SIGN */
    {
      negative = TRUE;
      start = g_utf8_next_char (start);
    }

  /* Every character shrinks to one byte, so the body fits in the input's
   * length. */
  body = g_malloc (end - start + 1);
  if (start == end || !normalize_amount (start, end, body, &body_len))
    goto invalid;

  last_dot = strrchr (body, '.');
  last_comma = strrchr (body, ',');
  for (const char *p = body; *p != '\0'; p++)
    {
      n_dots += *p == '.';
      n_commas += *p == ',';
    }

  if (n_dots > 0 && n_commas > 0)
    {
      decimal = MAX (last_dot, last_comma);
      if ((*decimal == '.' ? n_dots : n_commas) != 1)
        goto invalid;
    }
  else if (n_dots == 1 || n_commas == 1)
    {
      decimal = n_dots == 1 ? last_dot : last_comma;

      /* A currency without a minor unit can have no decimal separator, so
       * "1.234" can only mean grouped thousands there. */
      if (exponent == 0 && decimal > body && strlen (decimal + 1) == 3)
        decimal = NULL;
    }

  integer_len = decimal != NULL ? (gsize) (decimal - body) : body_len;

  if (decimal != NULL)
    {
      fraction_len = strlen (decimal + 1);
      if (fraction_len == 0)
        goto invalid;
      for (gsize i = 1; i <= fraction_len; i++)
        {
          if (!g_ascii_isdigit (decimal[i]))
            goto invalid;
        }
    }

  if (integer_len == 0 && decimal == NULL)
    goto invalid;
  if (!integer_part_is_valid (body, integer_len))
    goto invalid;

  if (fraction_len > (gsize) exponent)
    {
      if (exponent == 0)
        g_set_error (error, CRM_MONEY_ERROR, CRM_MONEY_ERROR_TOO_PRECISE,
                     _("“%s” has decimals, but amounts in %s are whole numbers"),
                     shown, currency);
      else
        g_set_error (error, CRM_MONEY_ERROR, CRM_MONEY_ERROR_TOO_PRECISE,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "“%s” has too many decimals: %s has %d decimal place",
                                  "“%s” has too many decimals: %s has %d decimal places",
                                  exponent),
                     shown, currency, exponent);
      return FALSE;
    }

  if (!accumulate_digits (&magnitude, body, integer_len) ||
      (decimal != NULL && !accumulate_digits (&magnitude, decimal + 1, fraction_len)))
    goto too_large;

  for (gsize i = fraction_len; i < (gsize) exponent; i++)
    {
      if (magnitude > MAX_MAGNITUDE / 10)
        goto too_large;
      magnitude *= 10;
    }

  if (out_minor != NULL)
    *out_minor = negative ? -(gint64) magnitude : (gint64) magnitude;

  return TRUE;

invalid:
  g_set_error (error, CRM_MONEY_ERROR, CRM_MONEY_ERROR_INVALID,
               _("“%s” is not an amount; write it like 1234.50 or 1 234,50"),
               shown);
  return FALSE;

too_large:
  g_set_error (error, CRM_MONEY_ERROR, CRM_MONEY_ERROR_TOO_LARGE,
               _("“%s” is too large an amount"), shown);
  return FALSE;
}

/* Splits an amount into its sign, whole units and minor units. */
static void
split_amount (gint64    minor,
              int       exponent,
              gboolean *negative,
              guint64  *whole,
              guint64  *fraction)
{
  /* Negating in unsigned arithmetic keeps G_MININT64 well defined. */
  guint64 magnitude = minor < 0 ? (guint64) 0 - (guint64) minor : (guint64) minor;
  guint64 divisor = power_of_ten (exponent);

  *negative = minor < 0;
  *whole = magnitude / divisor;
  *fraction = magnitude % divisor;
}

/**
 * crm_money_to_decimal:
 * @minor: an amount in minor units
 * @currency: the ISO 4217 code of the amount
 *
 * Writes an amount in the plain form machines read: an optional '-', the
 * digits, and '.' followed by exactly as many digits as the currency has
 * (1250 EUR is "12.50", -5 EUR is "-0.05", 7 JPY is "7").  The form does not
 * depend on the locale and crm_money_parse() reads it back.
 *
 * Returns: (transfer full): the amount, or %NULL if @currency is unknown
 */
char *
crm_money_to_decimal (gint64      minor,
                      const char *currency)
{
  int exponent = crm_money_currency_exponent (currency);
  gboolean negative;
  guint64 whole;
  guint64 fraction;

  g_return_val_if_fail (exponent >= 0, NULL);

  split_amount (minor, exponent, &negative, &whole, &fraction);

  if (exponent == 0)
    return g_strdup_printf ("%s%" G_GUINT64_FORMAT, negative ? "-" : "", whole);

  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%0*" G_GUINT64_FORMAT,
                          negative ? "-" : "", whole, exponent, fraction);
}

/* Picks the decimal point and digit group separator of the current LC_NUMERIC
 * locale.  Where the locale has no group separator (the C locale) or uses a
 * plain space, a narrow no-break space is used so that an amount never breaks
 * across lines. */
static void
get_separators (char **decimal_point,
                char **group_separator)
{
  const struct lconv *conv = localeconv ();
  const char *point = conv->decimal_point;
  const char *group = conv->thousands_sep;

  if (point == NULL || *point == '\0' || !g_utf8_validate (point, -1, NULL))
    point = ".";

  if (group == NULL || *group == '\0' || strcmp (group, " ") == 0 ||
      strcmp (group, point) == 0 || !g_utf8_validate (group, -1, NULL))
    group = NARROW_NO_BREAK_SPACE;

  /* localeconv() may overwrite its strings on the next call from any thread,
   * so keep copies. */
  *decimal_point = g_strdup (point);
  *group_separator = g_strdup (group);
}

/**
 * crm_money_format:
 * @minor: an amount in minor units
 * @currency: the ISO 4217 code of the amount
 *
 * Writes an amount for people: an optional '-', the whole units with their
 * digits grouped by three, the locale's decimal point and every digit of the
 * minor unit, then a no-break space (U+00A0) and the currency code.  Codes are
 * shown rather than symbols because "$" or "kr" do not say which currency
 * they are.
 *
 * Digits are grouped with the locale's thousands separator, or with U+202F
 * NARROW NO-BREAK SPACE where the locale has none or uses a plain space.  In
 * the C locale, 123456789 EUR is "1 234 567.89 EUR" with U+202F between
 * groups; 7 JPY is "7 JPY".
 *
 * Returns: (transfer full): the amount, or %NULL if @currency is unknown
 */
char *
crm_money_format (gint64      minor,
                  const char *currency)
{
  g_autofree char *decimal_point = NULL;
  g_autofree char *group_separator = NULL;
  char digits[24];
  int exponent = crm_money_currency_exponent (currency);
  gboolean negative;
  guint64 whole;
  guint64 fraction;
  GString *result;
  int n_digits;

  g_return_val_if_fail (exponent >= 0, NULL);

  split_amount (minor, exponent, &negative, &whole, &fraction);
  get_separators (&decimal_point, &group_separator);

  n_digits = g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, whole);

  result = g_string_sized_new (n_digits * 2 + 16);
  if (negative)
    g_string_append_c (result, '-');

  for (int i = 0; i < n_digits; i++)
    {
      if (i > 0 && (n_digits - i) % 3 == 0)
        g_string_append (result, group_separator);
      g_string_append_c (result, digits[i]);
    }

  if (exponent > 0)
    {
      g_string_append (result, decimal_point);
      g_string_append_printf (result, "%0*" G_GUINT64_FORMAT, exponent, fraction);
    }

  g_string_append (result, NO_BREAK_SPACE);
  g_string_append (result, currency);

  return g_string_free (result, FALSE);
}
