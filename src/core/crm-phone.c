/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-phone"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "crm-phone.h"

/* E.164 allows at most fifteen digits including the country code. */
#define E164_MAX_DIGITS 15

/* Countries without their own rule: shorter than this is never a full
 * international number (the smallest plans, such as Saint Helena's four
 * digits after +290, reach exactly seven). */
#define GENERIC_MIN_DIGITS 7

/* Fewer typed digits than this are a fragment, whatever the country. */
#define MIN_TYPED_DIGITS 5

/* The longest international prefix we recognise is "810". */
#define MAX_TYPED_DIGITS (E164_MAX_DIGITS + 3)

#define MAX_EXTENSION_DIGITS 10

typedef enum
{
  /* A national number must begin with the trunk prefix: without it the
   * area code is missing (Germany, Britain). */
  PLAN_TRUNK_REQUIRED = 1 << 0,
  /* Many people here keep in touch with Russia and Kazakhstan and write
   * those numbers the way they are dialled there, "8" and ten digits. */
  PLAN_SOVIET_EIGHT   = 1 << 1,
  /* "810" is the international prefix (Russia, Kazakhstan). */
  PLAN_PREFIX_810     = 1 << 2,
  /* "011" is the international prefix (North America). */
  PLAN_PREFIX_011     = 1 << 3,
  /* Area codes and exchanges never start with 0 or 1. */
  PLAN_NANP           = 1 << 4,
} PlanFlags;

typedef struct
{
  const char *iso;
  const char *code;
  /* The prefix dialled before national numbers inside the country, which
   * is not part of the international form. */
  const char *trunk;
  const char *trunk_alt;
  /* Digits after the country code; 0 means the country has no rule of its
   * own and only the generic 7 to 15 digits in total apply. */
  guint8      national_min;
  guint8      national_max;
  PlanFlags   flags;
} CountryPlan;

/* Sorted by ISO code. The countries the application is sold in, and their
 * neighbours, have exact rules; for the rest we know the calling code and
 * the trunk prefix, which is enough to store their numbers correctly. */
static const CountryPlan country_plans[] = {
  { "AD", "376", NULL, NULL, 0, 0, 0 },
  { "AE", "971", "0", NULL, 0, 0, 0 },
  { "AL", "355", "0", NULL, 0, 0, 0 },
  { "AM", "374", "0", NULL, 0, 0, PLAN_SOVIET_EIGHT },
  { "AR", "54", "0", NULL, 0, 0, 0 },
  { "AT", "43", "0", NULL, 0, 0, 0 },
  { "AU", "61", "0", NULL, 0, 0, 0 },
  { "AZ", "994", "0", NULL, 0, 0, PLAN_SOVIET_EIGHT },
  { "BA", "387", "0", NULL, 0, 0, 0 },
  { "BE", "32", "0", NULL, 0, 0, 0 },
  { "BG", "359", "0", NULL, 0, 0, 0 },
  { "BR", "55", "0", NULL, 0, 0, 0 },
  { "BY", "375", "80", NULL, 0, 0, PLAN_SOVIET_EIGHT },
  { "CA", "1", "1", NULL, 10, 10, PLAN_NANP | PLAN_PREFIX_011 },
  { "CH", "41", "0", NULL, 0, 0, 0 },
  { "CN", "86", "0", NULL, 0, 0, 0 },
  { "CY", "357", NULL, NULL, 0, 0, 0 },
  { "CZ", "420", NULL, NULL, 0, 0, 0 },
  { "DE", "49", "0", NULL, 6, 13, PLAN_TRUNK_REQUIRED },
  { "DK", "45", NULL, NULL, 0, 0, 0 },
  { "EE", "372", NULL, NULL, 7, 8, PLAN_SOVIET_EIGHT },
  { "EG", "20", "0", NULL, 0, 0, 0 },
  { "ES", "34", NULL, NULL, 0, 0, 0 },
  { "FI", "358", "0", NULL, 0, 0, 0 },
  { "FR", "33", "0", NULL, 0, 0, 0 },
  { "GB", "44", "0", NULL, 9, 10, PLAN_TRUNK_REQUIRED },
  { "GE", "995", "0", NULL, 0, 0, PLAN_SOVIET_EIGHT },
  { "GR", "30", NULL, NULL, 0, 0, 0 },
  { "HK", "852", NULL, NULL, 0, 0, 0 },
  { "HR", "385", "0", NULL, 0, 0, 0 },
  { "HU", "36", "06", NULL, 0, 0, 0 },
  { "ID", "62", "0", NULL, 0, 0, 0 },
  { "IE", "353", "0", NULL, 0, 0, 0 },
  { "IL", "972", "0", NULL, 0, 0, 0 },
  { "IN", "91", "0", NULL, 0, 0, 0 },
  { "IS", "354", NULL, NULL, 0, 0, 0 },
  { "IT", "39", NULL, NULL, 0, 0, 0 },
  { "JP", "81", "0", NULL, 0, 0, 0 },
  { "KG", "996", "0", NULL, 0, 0, PLAN_SOVIET_EIGHT },
  { "KR", "82", "0", NULL, 0, 0, 0 },
  { "KZ", "7", "8", NULL, 10, 10, PLAN_PREFIX_810 },
  { "LI", "423", NULL, NULL, 0, 0, 0 },
  { "LT", "370", "8", "0", 8, 8, PLAN_SOVIET_EIGHT },
  { "LU", "352", NULL, NULL, 0, 0, 0 },
  { "LV", "371", NULL, NULL, 8, 8, PLAN_SOVIET_EIGHT },
  { "MC", "377", NULL, NULL, 0, 0, 0 },
  { "MD", "373", "0", NULL, 0, 0, PLAN_SOVIET_EIGHT },
  { "ME", "382", "0", NULL, 0, 0, 0 },
  { "MK", "389", "0", NULL, 0, 0, 0 },
  { "MT", "356", NULL, NULL, 0, 0, 0 },
  { "MX", "52", NULL, NULL, 0, 0, 0 },
  { "MY", "60", "0", NULL, 0, 0, 0 },
  { "NG", "234", "0", NULL, 0, 0, 0 },
  { "NL", "31", "0", NULL, 0, 0, 0 },
  { "NO", "47", NULL, NULL, 0, 0, 0 },
  { "NZ", "64", "0", NULL, 0, 0, 0 },
  { "PH", "63", "0", NULL, 0, 0, 0 },
  { "PK", "92", "0", NULL, 0, 0, 0 },
  { "PL", "48", NULL, NULL, 0, 0, 0 },
  { "PT", "351", NULL, NULL, 0, 0, 0 },
  { "RO", "40", "0", NULL, 0, 0, 0 },
  { "RS", "381", "0", NULL, 0, 0, 0 },
  { "RU", "7", "8", NULL, 10, 10, PLAN_PREFIX_810 },
  { "SA", "966", "0", NULL, 0, 0, 0 },
  { "SE", "46", "0", NULL, 0, 0, 0 },
  { "SG", "65", NULL, NULL, 0, 0, 0 },
  { "SI", "386", "0", NULL, 0, 0, 0 },
  { "SK", "421", "0", NULL, 0, 0, 0 },
  { "SM", "378", NULL, NULL, 0, 0, 0 },
  { "TH", "66", "0", NULL, 0, 0, 0 },
  { "TJ", "992", NULL, NULL, 0, 0, PLAN_SOVIET_EIGHT },
  { "TM", "993", NULL, NULL, 0, 0, PLAN_SOVIET_EIGHT },
  { "TR", "90", "0", NULL, 0, 0, 0 },
  { "UA", "380", "0", NULL, 0, 0, PLAN_SOVIET_EIGHT },
  { "US", "1", "1", NULL, 10, 10, PLAN_NANP | PLAN_PREFIX_011 },
  { "UZ", "998", NULL, NULL, 0, 0, PLAN_SOVIET_EIGHT },
  { "VN", "84", "0", NULL, 0, 0, 0 },
  { "XK", "383", "0", NULL, 0, 0, 0 },
  { "ZA", "27", "0", NULL, 0, 0, 0 },
};

/* The ITU gives 1 (North America) and 7 (Russia, Kazakhstan) one digit,
 * these codes two digits, and everything else three. */
static const guint8 two_digit_codes[] = {
  20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49,
  51, 52, 53, 54, 55, 56, 57, 58, 60, 61, 62, 63, 64, 65, 66, 81, 82, 84,
  86, 90, 91, 92, 93, 94, 95, 98,
};

/* Three-digit codes that are assigned, as inclusive ranges. Knowing the
 * gaps lets "+999 …" be refused instead of stored as a number nobody can
 * call. Global services (+800 freephone, +870 Inmarsat, +881–883
 * satellite and international networks) are assigned codes too. */
static const struct
{
  guint16 first;
  guint16 last;
} three_digit_codes[] = {
  { 211, 213 }, { 216, 216 }, { 218, 218 }, { 220, 258 }, { 260, 269 },
  { 290, 291 }, { 297, 299 }, { 350, 359 }, { 370, 383 }, { 385, 387 },
  { 389, 389 }, { 420, 421 }, { 423, 423 }, { 500, 509 }, { 590, 599 },
  { 670, 670 }, { 672, 683 }, { 685, 692 }, { 800, 800 }, { 808, 808 },
  { 850, 850 }, { 852, 853 }, { 855, 856 }, { 870, 870 }, { 880, 883 },
  { 886, 886 }, { 888, 888 }, { 960, 968 }, { 970, 977 }, { 979, 979 },
  { 992, 996 }, { 998, 998 },
};

/* Matched against the lower-cased text before trailing digits. */
static const char * const extension_markers[] = {
  "ext.", "ext", "доб.", "доб", "x", "#", ",", ";",
};

G_DEFINE_QUARK (crm-phone-error-quark, crm_phone_error)

static const CountryPlan *
plan_for_country (const char *iso_country)
{
  if (iso_country == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (country_plans); i++)
    {
      if (g_ascii_strcasecmp (iso_country, country_plans[i].iso) == 0)
        return &country_plans[i];
    }

  return NULL;
}

/* Several countries can share a code (+7, +1); the one with exact length
 * rules speaks for all of them, since they share one numbering plan. */
static const CountryPlan *
plan_for_code (const char *digits,
               gsize       code_len)
{
  const CountryPlan *found = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (country_plans); i++)
    {
      const CountryPlan *plan = &country_plans[i];

      if (strlen (plan->code) != code_len ||
          strncmp (plan->code, digits, code_len) != 0)
        continue;

      if (plan->national_min > 0)
        return plan;

      if (found == NULL)
        found = plan;
    }

  return found;
}

static gboolean
is_ignorable (gunichar c)
{
  /* Format characters are invisible: messengers wrap numbers in
   * direction marks (U+202A … U+202C) and web pages add zero-width
   * spaces, so a pasted number carries them without the user knowing. */
  return g_unichar_isspace (c) || g_unichar_type (c) == G_UNICODE_FORMAT;
}

static gboolean
is_separator (gunichar c)
{
  switch (c)
    {
    case '-':
    case '.':
    case '/':
    case '(':
    case ')':
    /* Word processors turn hyphens into dashes, and numbers get pasted
     * from documents. */
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2212:
      return TRUE;

    default:
      return FALSE;
    }
}

/* Gathers the decimal digits between @start and @end as ASCII. Any
 * script's digits count, so that numbers typed with full-width or
 * Arabic-Indic digits are stored like everyone else's. */
static char *
collect_digits (const char *start,
                const char *end)
{
  g_autoptr(GString) digits = g_string_new (NULL);

  for (const char *p = start; p < end; p = g_utf8_next_char (p))
    {
      int value = g_unichar_digit_value (g_utf8_get_char (p));

      if (value >= 0)
        g_string_append_c (digits, '0' + value);
    }

  if (digits->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&digits), FALSE);
}

/* Returns the start of @marker if the text between @start and @end ends
 * with it, ignoring case, and NULL otherwise. */
static const char *
find_marker_before (const char *start,
                    const char *end,
                    const char *marker)
{
  g_autofree char *lower = NULL;
  glong n_chars = g_utf8_strlen (marker, -1);
  const char *p = end;

  for (glong i = 0; i < n_chars; i++)
    {
      if (p <= start)
        return NULL;
      p = g_utf8_find_prev_char (start, p);
      if (p == NULL)
        return NULL;
    }

  lower = g_utf8_strdown (p, end - p);
  if (strcmp (lower, marker) != 0)
    return NULL;

  /* A word marker glued to a word ("fax 12") is not a marker. */
  if (g_unichar_isalpha (g_utf8_get_char (marker)) && p > start)
    {
      const char *prev = g_utf8_find_prev_char (start, p);

      if (prev != NULL && g_unichar_isalpha (g_utf8_get_char (prev)))
        return NULL;
    }

  return p;
}

/* Splits a trailing extension off the text between @start and @end.
 * Returns where the number itself ends, and sets @extension to the
 * extension digits (or leaves it NULL). */
static const char *
split_extension (const char  *start,
                 const char  *end,
                 char       **extension)
{
  const char *digits_end;
  const char *digits_start;
  const char *p;

  /* Trailing blanks are not part of anything. */
  while (end > start)
    {
      const char *prev = g_utf8_find_prev_char (start, end);

      if (!is_ignorable (g_utf8_get_char (prev)))
        break;
      end = prev;
    }

  digits_end = end;
  digits_start = end;
  while (digits_start > start)
    {
      const char *prev = g_utf8_find_prev_char (start, digits_start);

      if (g_unichar_digit_value (g_utf8_get_char (prev)) < 0)
        break;
      digits_start = prev;
    }

  if (digits_start == digits_end)
    return end;

  p = digits_start;
  while (p > start)
    {
      const char *prev = g_utf8_find_prev_char (start, p);

      if (!is_ignorable (g_utf8_get_char (prev)))
        break;
      p = prev;
    }

  for (guint i = 0; i < G_N_ELEMENTS (extension_markers); i++)
    {
      const char *marker_start = find_marker_before (start, p, extension_markers[i]);

      if (marker_start != NULL)
        {
          *extension = collect_digits (digits_start, digits_end);
          return marker_start;
        }
    }

  return end;
}

static gboolean
national_fits (const CountryPlan *plan,
               gsize              national_len)
{
  gsize total = strlen (plan->code) + national_len;

  if (total > E164_MAX_DIGITS)
    return FALSE;

  if (plan->national_min > 0)
    return national_len >= plan->national_min && national_len <= plan->national_max;

  return total >= GENERIC_MIN_DIGITS;
}

static void
set_national_length_error (GError            **error,
                           const char         *code,
                           const CountryPlan  *plan,
                           gsize               national_len)
{
  guint min = plan->national_min;
  guint max = plan->national_max;

  if (national_len < min && min == max)
    g_set_error (error, CRM_PHONE_ERROR, CRM_PHONE_ERROR_TOO_SHORT,
                 /* Translators: %s is a country calling code such as 371. */
                 g_dngettext (GETTEXT_PACKAGE,
                              "Too few digits: a number with the country code +%s has %u digit after it",
                              "Too few digits: a number with the country code +%s has %u digits after it",
                              min),
                 code, min);
  else if (national_len < min)
    g_set_error (error, CRM_PHONE_ERROR, CRM_PHONE_ERROR_TOO_SHORT,
                 /* Translators: %s is a country calling code such as 49. */
                 g_dngettext (GETTEXT_PACKAGE,
                              "Too few digits: a number with the country code +%s has %u to %u digit after it",
                              "Too few digits: a number with the country code +%s has %u to %u digits after it",
                              max),
                 code, min, max);
  else if (min == max)
    g_set_error (error, CRM_PHONE_ERROR, CRM_PHONE_ERROR_TOO_LONG,
                 /* Translators: %s is a country calling code such as 371. */
                 g_dngettext (GETTEXT_PACKAGE,
                              "Too many digits: a number with the country code +%s has %u digit after it",
                              "Too many digits: a number with the country code +%s has %u digits after it",
                              max),
                 code, max);
  else
    g_set_error (error, CRM_PHONE_ERROR, CRM_PHONE_ERROR_TOO_LONG,
                 /* Translators: %s is a country calling code such as 49. */
                 g_dngettext (GETTEXT_PACKAGE,
                              "Too many digits: a number with the country code +%s has %u to %u digit after it",
                              "Too many digits: a number with the country code +%s has %u to %u digits after it",
                              max),
                 code, min, max);
}

static void
set_e164_too_long_error (GError **error)
{
  g_set_error (error, CRM_PHONE_ERROR, CRM_PHONE_ERROR_TOO_LONG,
               g_dngettext (GETTEXT_PACKAGE,
                            "A phone number can have at most %u digit",
                            "A phone number can have at most %u digits",
                            E164_MAX_DIGITS),
               E164_MAX_DIGITS);
}

/* Checks the national part of a number against what its country allows
 * and returns the E.164 digits. */
static char *
finish_number (const char         *code,
               const char         *national,
               const CountryPlan  *plan,
               GError            **error)
{
  gsize national_len = strlen (national);
  gsize total = strlen (code) + national_len;

  if (plan != NULL && plan->national_min > 0)
    {
      if (national_len < plan->national_min || national_len > plan->national_max)
        {
          set_national_length_error (error, code, plan, national_len);
          return NULL;
        }

      if ((plan->flags & PLAN_NANP) != 0 &&
          (national[0] < '2' || national[3] < '2'))
        {
          g_set_error_literal (error, CRM_PHONE_ERROR, CRM_PHONE_ERROR_INVALID,
                               _("North American area codes and exchanges cannot start with 0 or 1"));
          return NULL;
        }
    }
  else if (total < GENERIC_MIN_DIGITS)
    {
      g_set_error (error, CRM_PHONE_ERROR, CRM_PHONE_ERROR_TOO_SHORT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "A phone number with its country code needs at least %u digit",
                                "A phone number with its country code needs at least %u digits",
                                GENERIC_MIN_DIGITS),
                   GENERIC_MIN_DIGITS);
      return NULL;
    }

  if (total > E164_MAX_DIGITS)
    {
      set_e164_too_long_error (error);
      return NULL;
    }

  return g_strconcat (code, national, NULL);
}

/* @digits start with a country calling code. */
static char *
parse_international (const char  *digits,
                     GError     **error)
{
  g_autofree char *code = NULL;
  const CountryPlan *plan;
  const char *national;
  guint code_len;

  code_len = crm_phone_calling_code_length (digits);
  if (code_len == 0)
    {
      if (digits[0] == '0')
        g_set_error_literal (error, CRM_PHONE_ERROR, CRM_PHONE_ERROR_UNKNOWN_COUNTRY,
                             _("No country calling code starts with 0"));
      else if (strlen (digits) < 3)
        g_set_error (error, CRM_PHONE_ERROR, CRM_PHONE_ERROR_TOO_SHORT,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "A phone number with its country code needs at least %u digit",
                                  "A phone number with its country code needs at least %u digits",
                                  GENERIC_MIN_DIGITS),
                     GENERIC_MIN_DIGITS);
      else
        g_set_error (error, CRM_PHONE_ERROR, CRM_PHONE_ERROR_UNKNOWN_COUNTRY,
                     /* Translators: %.3s is three digits, such as 999. */
                     _("No country has the calling code +%.3s"),
                     digits);
      return NULL;
    }

  code = g_strndup (digits, code_len);
  national = digits + code_len;
  plan = plan_for_code (digits, code_len);

  /* Britons and Germans write "+44 (0)20 …": the trunk prefix in
   * brackets for people calling from inside the country. Where the trunk
   * prefix is 0 no national number starts with 0, so it can go. */
  if (plan != NULL && national[0] == '0' &&
      (g_strcmp0 (plan->trunk, "0") == 0 || g_strcmp0 (plan->trunk_alt, "0") == 0))
    national++;

  return finish_number (code, national, plan, error);
}

/* @digits are written the way people dial inside the default country. */
static char *
parse_national (const char         *digits,
                const CountryPlan  *plan,
                GError            **error)
{
  g_autoptr(GError) national_error = NULL;
  const char *stripped = NULL;
  const char *national = NULL;
  gboolean trunk_missing = FALSE;
  gsize len = strlen (digits);
  char *result;

  /* People in the Baltics and the other former Soviet republics copy
   * Russian and Kazakh numbers the way they are dialled there: trunk
   * prefix 8 and the ten national digits, "8 912 345-67-89". The flag is
   * only set for countries where no national number has that shape
   * (Latvia has 8 digits, Lithuania 8, or 9 with its own trunk 8, Estonia
   * 7–8, Ukraine 10 with its trunk 0; Belarus does have 8 and ten digits,
   * but they always start "80"), so an "8" followed by ten digits whose
   * first is a Russian or Kazakh area-code digit (3, 4, 8, 9 in Russia,
   * 6, 7 in Kazakhstan; never 0, 1, 2 or 5) can only mean +7. */
  if ((plan->flags & PLAN_SOVIET_EIGHT) != 0 && len == 11 &&
      digits[0] == '8' && strchr ("346789", digits[1]) != NULL)
    return finish_number ("7", digits + 1, plan_for_code ("7", 1), error);

  if (plan->trunk != NULL && g_str_has_prefix (digits, plan->trunk))
    stripped = digits + strlen (plan->trunk);
  else if (plan->trunk_alt != NULL && g_str_has_prefix (digits, plan->trunk_alt))
    stripped = digits + strlen (plan->trunk_alt);

  /* Where the trunk prefix may be left out, digits that begin like it
   * can still be the national number itself (Saint Petersburg is
   * 812 …), so the reading that fits the length wins. */
  if (stripped != NULL && national_fits (plan, strlen (stripped)))
    national = stripped;
  else if ((plan->flags & PLAN_TRUNK_REQUIRED) == 0 && national_fits (plan, len))
    national = digits;
  else if (stripped != NULL)
    national = stripped;
  else if ((plan->flags & PLAN_TRUNK_REQUIRED) != 0)
    trunk_missing = TRUE;
  else
    national = digits;

  if (trunk_missing)
    {
      g_set_error (&national_error, CRM_PHONE_ERROR, CRM_PHONE_ERROR_INVALID,
                   /* Translators: %s is the trunk prefix, such as 0. */
                   _("Start the number with %s and the area code, or with + and the country code"),
                   plan->trunk);
      result = NULL;
    }
  else
    {
      result = finish_number (plan->code, national, plan, &national_error);
    }

  if (result != NULL)
    return result;

  /* People leave out the '+' ("371 20000000", "7 912 …"). When the digits
   * are too many for a national number, or lack the trunk prefix, and
   * they read as a complete number of a country whose plan we know
   * exactly, that is what was meant. Countries without exact rules are
   * not tried: with them a mistyped local number would pass as foreign. */
  if (trunk_missing ||
      g_error_matches (national_error, CRM_PHONE_ERROR, CRM_PHONE_ERROR_TOO_LONG))
    {
      guint code_len = crm_phone_calling_code_length (digits);
      const CountryPlan *other = code_len > 0 ? plan_for_code (digits, code_len) : NULL;

      if (other != NULL && other->national_min > 0)
        {
          result = parse_international (digits, NULL);
          if (result != NULL)
            return result;
        }
    }

  g_propagate_error (error, g_steal_pointer (&national_error));
  return NULL;
}

static void
set_invalid_character_error (GError   **error,
                             gunichar   c)
{
  char utf8[7] = { 0 };

  if (c == '+')
    {
      g_set_error_literal (error, CRM_PHONE_ERROR, CRM_PHONE_ERROR_INVALID_CHARACTER,
                           _("“+” can only stand at the start of a phone number"));
      return;
    }

  /* Naming a control character would show nothing. */
  if (!g_unichar_isprint (c))
    {
      g_set_error_literal (error, CRM_PHONE_ERROR, CRM_PHONE_ERROR_INVALID_CHARACTER,
                           _("The phone number contains an invisible character"));
      return;
    }

  g_unichar_to_utf8 (c, utf8);
  g_set_error (error, CRM_PHONE_ERROR, CRM_PHONE_ERROR_INVALID_CHARACTER,
               /* Translators: %s is the character that is not allowed. */
               _("“%s” cannot be part of a phone number"),
               utf8);
}

gboolean
crm_phone_normalize (const char  *input,
                     const char  *default_country,
                     char       **out_digits,
                     char       **out_extension,
                     GError     **error)
{
  g_autoptr(GString) digits = NULL;
  g_autofree char *extension = NULL;
  g_autofree char *result = NULL;
  const CountryPlan *plan;
  const char *end = NULL;
  const char *number_end;
  gboolean seen_plus = FALSE;
  gboolean blank = TRUE;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (out_digits != NULL)
    *out_digits = NULL;
  if (out_extension != NULL)
    *out_extension = NULL;

  /* An entry that was never filled in is simply empty. */
  if (input == NULL)
    input = "";

  if (!g_utf8_validate (input, -1, &end))
    {
      g_set_error_literal (error, CRM_PHONE_ERROR, CRM_PHONE_ERROR_INVALID_CHARACTER,
                           _("The phone number is not valid text"));
      return FALSE;
    }

  for (const char *p = input; p < end; p = g_utf8_next_char (p))
    {
      if (!is_ignorable (g_utf8_get_char (p)))
        {
          blank = FALSE;
          break;
        }
    }

  if (blank)
    {
      g_set_error_literal (error, CRM_PHONE_ERROR, CRM_PHONE_ERROR_EMPTY,
                           _("Enter a phone number"));
      return FALSE;
    }

  number_end = split_extension (input, end, &extension);

  digits = g_string_new (NULL);
  for (const char *p = input; p < number_end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      int value = g_unichar_digit_value (c);

      if (value >= 0)
        {
          g_string_append_c (digits, '0' + value);
        }
      else if (c == '+' && !seen_plus && digits->len == 0)
        {
          /* "(+371) …" is common, so brackets and blanks may come first. */
          seen_plus = TRUE;
        }
      else if (!is_separator (c) && !is_ignorable (c))
        {
          set_invalid_character_error (error, c);
          return FALSE;
        }
    }

  if (extension != NULL && strlen (extension) > MAX_EXTENSION_DIGITS)
    {
      g_set_error (error, CRM_PHONE_ERROR, CRM_PHONE_ERROR_TOO_LONG,
                   g_dngettext (GETTEXT_PACKAGE,
                                "An extension can have at most %u digit",
                                "An extension can have at most %u digits",
                                MAX_EXTENSION_DIGITS),
                   MAX_EXTENSION_DIGITS);
      return FALSE;
    }

  if (digits->len < MIN_TYPED_DIGITS)
    {
      g_set_error (error, CRM_PHONE_ERROR, CRM_PHONE_ERROR_TOO_SHORT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "A phone number needs at least %u digit",
                                "A phone number needs at least %u digits",
                                MIN_TYPED_DIGITS),
                   MIN_TYPED_DIGITS);
      return FALSE;
    }

  if (digits->len > MAX_TYPED_DIGITS)
    {
      set_e164_too_long_error (error);
      return FALSE;
    }

  plan = plan_for_country (default_country);

  if (seen_plus)
    result = parse_international (digits->str, error);
  else if (g_str_has_prefix (digits->str, "00"))
    result = parse_international (digits->str + 2, error);
  else if (plan != NULL && (plan->flags & PLAN_PREFIX_810) != 0 &&
           g_str_has_prefix (digits->str, "810"))
    result = parse_international (digits->str + 3, error);
  else if (plan != NULL && (plan->flags & PLAN_PREFIX_011) != 0 &&
           g_str_has_prefix (digits->str, "011"))
    result = parse_international (digits->str + 3, error);
  else if (plan != NULL)
    result = parse_national (digits->str, plan, error);
  else if (default_country == NULL || default_country[0] == '\0')
    g_set_error_literal (error, CRM_PHONE_ERROR, CRM_PHONE_ERROR_UNKNOWN_COUNTRY,
                         _("Start the number with + and the country code"));
  else
    g_set_error (error, CRM_PHONE_ERROR, CRM_PHONE_ERROR_UNKNOWN_COUNTRY,
                 /* Translators: %s is what should have been a country code, such as LV. */
                 _("“%s” is not a country this program knows"),
                 default_country);

  if (result == NULL)
    return FALSE;

  if (out_digits != NULL)
    *out_digits = g_steal_pointer (&result);
  if (out_extension != NULL)
    *out_extension = g_steal_pointer (&extension);

  return TRUE;
}

const char *
crm_phone_country_calling_code (const char *iso_country)
{
  const CountryPlan *plan = plan_for_country (iso_country);

  return plan != NULL ? plan->code : NULL;
}

guint
crm_phone_calling_code_length (const char *e164_digits)
{
  guint value;

  if (e164_digits == NULL || !g_ascii_isdigit (e164_digits[0]) || e164_digits[0] == '0')
    return 0;

  if (e164_digits[0] == '1' || e164_digits[0] == '7')
    return 1;

  if (!g_ascii_isdigit (e164_digits[1]))
    return 0;

  value = (e164_digits[0] - '0') * 10 + (e164_digits[1] - '0');
  for (guint i = 0; i < G_N_ELEMENTS (two_digit_codes); i++)
    {
      if (two_digit_codes[i] == value)
        return 2;
    }

  if (!g_ascii_isdigit (e164_digits[2]))
    return 0;

  value = value * 10 + (e164_digits[2] - '0');
  for (guint i = 0; i < G_N_ELEMENTS (three_digit_codes); i++)
    {
      if (value >= three_digit_codes[i].first && value <= three_digit_codes[i].last)
        return 3;
    }

  return 0;
}

static gboolean
is_ascii_digits (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
    }

  return TRUE;
}

char *
crm_phone_format (const char *e164_digits)
{
  const char *digits;
  const char *national;
  gsize national_len;
  guint code_len;

  if (e164_digits == NULL)
    return g_strdup ("");

  digits = e164_digits[0] == '+' ? e164_digits + 1 : e164_digits;

  /* Whatever this is, it is not ours to rewrite. */
  if (digits[0] == '\0' || !is_ascii_digits (digits))
    return g_strdup (e164_digits);

  code_len = crm_phone_calling_code_length (digits);
  if (code_len == 0 || digits[code_len] == '\0')
    return g_strconcat ("+", digits, NULL);

  national = digits + code_len;
  national_len = strlen (national);

  /* Each country groups digits the way its people read them aloud. */
  if (code_len == 1 && digits[0] == '7' && national_len == 10)
    return g_strdup_printf ("+7 %.3s %.3s-%.2s-%.2s",
                            national, national + 3, national + 6, national + 8);

  if (code_len == 1 && digits[0] == '1' && national_len == 10)
    return g_strdup_printf ("+1 %.3s-%.3s-%.4s",
                            national, national + 3, national + 6);

  if (code_len == 3 && strncmp (digits, "371", 3) == 0 && national_len == 8)
    return g_strdup_printf ("+371 %.2s %.3s %.3s",
                            national, national + 2, national + 5);

  if (code_len == 3 && strncmp (digits, "370", 3) == 0 && national_len == 8)
    {
      /* Vilnius has a one-digit area code; mobiles and the other towns
       * are read as three digits and five. */
      if (national[0] == '5')
        return g_strdup_printf ("+370 5 %.3s %.4s", national + 1, national + 4);
      return g_strdup_printf ("+370 %.3s %.5s", national, national + 3);
    }

  if (code_len == 3 && strncmp (digits, "372", 3) == 0 && national_len == 7)
    return g_strdup_printf ("+372 %.3s %.4s", national, national + 3);

  if (code_len == 3 && strncmp (digits, "372", 3) == 0 && national_len == 8)
    return g_strdup_printf ("+372 %.4s %.4s", national, national + 4);

  if (code_len == 2 && strncmp (digits, "44", 2) == 0 && national_len == 10)
    {
      /* London is 20, non-geographic and freephone numbers are three
       * digits, and the rest (mobiles 7…, towns 1…) four. */
      if (national[0] == '2')
        return g_strdup_printf ("+44 %.2s %.4s %.4s", national, national + 2, national + 6);
      if (national[0] == '3' || national[0] == '8')
        return g_strdup_printf ("+44 %.3s %.3s %.4s", national, national + 3, national + 6);
      return g_strdup_printf ("+44 %.4s %.6s", national, national + 4);
    }

  /* Area codes elsewhere vary in length, so only the country code is set
   * apart, which is never wrong. */
  return g_strdup_printf ("+%.*s %s", (int) code_len, digits, national);
}

char *
crm_phone_digits_only (const char *text)
{
  const char *end = NULL;

  if (text == NULL)
    return NULL;

  /* Stored text is valid UTF-8, but search may see anything; only the
   * valid start can be read as characters. */
  g_utf8_validate (text, -1, &end);

  return collect_digits (text, end);
}

gboolean
crm_phone_looks_like_number (const char *text)
{
  const char *end = NULL;
  guint n_digits = 0;

  if (text == NULL || !g_utf8_validate (text, -1, &end))
    return FALSE;

  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_digit_value (c) >= 0)
        n_digits++;
      else if (c != '+' && !is_separator (c) && !is_ignorable (c))
        return FALSE;
    }

  return n_digits >= 3;
}
