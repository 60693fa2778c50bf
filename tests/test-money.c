/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib.h>

#include "crm-money.h"

#define NNBSP "\xe2\x80\xaf" /* U+202F NARROW NO-BREAK SPACE */
#define NBSP  "\xc2\xa0"     /* U+00A0 NO-BREAK SPACE */

static void
test_currency_exponent (void)
{
  static const struct {
    const char *code;
    int exponent;
  } vectors[] = {
    { "EUR", 2 }, { "USD", 2 }, { "RUB", 2 }, { "GBP", 2 }, { "CHF", 2 },
    { "SEK", 2 }, { "PLN", 2 }, { "UAH", 2 }, { "KZT", 2 }, { "CNY", 2 },
    { "JPY", 0 }, { "KRW", 0 }, { "ISK", 0 }, { "VND", 0 }, { "CLP", 0 },
    { "KWD", 3 }, { "BHD", 3 }, { "JOD", 3 }, { "OMR", 3 }, { "TND", 3 },
    { "CLF", 4 },
    /* The first and last entries of the table, so that a missorted table
     * or an off-by-one in the search shows. */
    { "AED", 2 }, { "ZWL", 2 }, { "ZWG", 2 },
    { "XXX", -1 }, { "XAU", -1 }, { "ABC", -1 }, { "LVL", -1 },
    { "eur", -1 }, { "Eur", -1 }, { "EURO", -1 }, { "EU", -1 },
    { "", -1 }, { " EUR", -1 }, { "EUR ", -1 }, { "E1R", -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_test_message ("currency %s", vectors[i].code);
      g_assert_cmpint (crm_money_currency_exponent (vectors[i].code), ==, vectors[i].exponent);
      g_assert_cmpint (crm_money_currency_is_valid (vectors[i].code), ==, vectors[i].exponent >= 0);
    }

  g_assert_cmpint (crm_money_currency_exponent (NULL), ==, -1);
  g_assert_false (crm_money_currency_is_valid (NULL));
}

static void
test_parse_good (void)
{
  static const struct {
    const char *text;
    const char *currency;
    gint64 minor;
  } vectors[] = {
    { "12.50", "EUR", 1250 },
    { "12,50", "EUR", 1250 },
    { "12.5", "EUR", 1250 },
    { "12,5", "EUR", 1250 },
    { "12", "EUR", 1200 },
    { "0", "EUR", 0 },
    { "-0", "EUR", 0 },
    { "0.01", "EUR", 1 },
    { ".5", "EUR", 50 },
    { ",05", "EUR", 5 },
    { "-3", "EUR", -300 },
    { "+7.1", "EUR", 710 },
    { "\xe2\x88\x92" "4.20", "EUR", -420 },  /* U+2212 MINUS SIGN */
    { "007", "EUR", 700 },
    { "  12.50  ", "EUR", 1250 },
    { "\t12.50\n", "EUR", 1250 },
    { NBSP "12.50" NBSP, "EUR", 1250 },
    { "1 234.5", "EUR", 123450 },
    { "1 234,56", "EUR", 123456 },
    { "1" NBSP "234,56", "EUR", 123456 },
    { "1" NNBSP "234" NNBSP "567.89", "EUR", 123456789 },
    { "1\xe2\x80\x89" "234", "EUR", 123400 },  /* U+2009 THIN SPACE */
    { "1'234.50", "CHF", 123450 },
    { "1\xe2\x80\x99" "234.50", "CHF", 123450 },  /* U+2019 */
    { "1,234.50", "USD", 123450 },
    { "1.234,50", "EUR", 123450 },
    { "1,234,567", "USD", 123456700 },
    { "1.234.567", "EUR", 123456700 },
    { "1,234,567.8", "USD", 123456780 },
    { "1.234.567,89", "EUR", 123456789 },
    { "999", "EUR", 99900 },
    { "100 000", "RUB", 10000000 },
    /* Currencies without a minor unit: a lone separator before exactly
     * three digits groups thousands. */
    { "7", "JPY", 7 },
    { "1,234", "JPY", 1234 },
    { "1.234", "JPY", 1234 },
    { "12,345,678", "JPY", 12345678 },
    { "-1 000", "JPY", -1000 },
    /* Three decimals. */
    { "1.234", "KWD", 1234 },
    { "1,5", "KWD", 1500 },
    { "0.001", "KWD", 1 },
    { "12.3456", "CLF", 123456 },
    /* The limits of int64. */
    { "92233720368547758.07", "EUR", G_MAXINT64 },
    { "-92233720368547758.07", "EUR", -G_MAXINT64 },
    { "92233720368547758", "EUR", G_GINT64_CONSTANT (9223372036854775800) },
    { "9223372036854775807", "JPY", G_MAXINT64 },
    { "9 223 372 036 854 775 807", "JPY", G_MAXINT64 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 minor = 42424242;

      g_test_message ("parse “%s” %s", vectors[i].text, vectors[i].currency);
      g_assert_true (crm_money_parse (vectors[i].text, vectors[i].currency, &minor, &error));
      g_assert_no_error (error);
      g_assert_cmpint (minor, ==, vectors[i].minor);
    }

  /* The result is optional, for callers that only validate. */
  g_assert_true (crm_money_parse ("5", "EUR", NULL, NULL));
}

static void
test_parse_bad (void)
{
  static const struct {
    const char *text;
    const char *currency;
    CrmMoneyError code;
  } vectors[] = {
    { NULL, "EUR", CRM_MONEY_ERROR_EMPTY },
    { "", "EUR", CRM_MONEY_ERROR_EMPTY },
    { "   ", "EUR", CRM_MONEY_ERROR_EMPTY },
    { NBSP "\t", "EUR", CRM_MONEY_ERROR_EMPTY },
    { "12.5.3", "EUR", CRM_MONEY_ERROR_INVALID },
    { "1e3", "EUR", CRM_MONEY_ERROR_INVALID },
    { "1E3", "EUR", CRM_MONEY_ERROR_INVALID },
    { "abc", "EUR", CRM_MONEY_ERROR_INVALID },
    { "NaN", "EUR", CRM_MONEY_ERROR_INVALID },
    { "nan", "EUR", CRM_MONEY_ERROR_INVALID },
    { "inf", "EUR", CRM_MONEY_ERROR_INVALID },
    { "-", "EUR", CRM_MONEY_ERROR_INVALID },
    { "+", "EUR", CRM_MONEY_ERROR_INVALID },
    { "--5", "EUR", CRM_MONEY_ERROR_INVALID },
    { "+-5", "EUR", CRM_MONEY_ERROR_INVALID },
    { "- 5", "EUR", CRM_MONEY_ERROR_INVALID },
    { "5-", "EUR", CRM_MONEY_ERROR_INVALID },
    { ".", "EUR", CRM_MONEY_ERROR_INVALID },
    { ",", "EUR", CRM_MONEY_ERROR_INVALID },
    { "5.", "EUR", CRM_MONEY_ERROR_INVALID },
    { "5,", "EUR", CRM_MONEY_ERROR_INVALID },
    { "0x10", "EUR", CRM_MONEY_ERROR_INVALID },
    { "12.50 EUR", "EUR", CRM_MONEY_ERROR_INVALID },
    { "€12", "EUR", CRM_MONEY_ERROR_INVALID },
    { "$5", "USD", CRM_MONEY_ERROR_INVALID },
    { "12..5", "EUR", CRM_MONEY_ERROR_INVALID },
    { "1,,234", "USD", CRM_MONEY_ERROR_INVALID },
    { "12 50", "EUR", CRM_MONEY_ERROR_INVALID },
    { "1 2345", "EUR", CRM_MONEY_ERROR_INVALID },
    { "1234 567", "EUR", CRM_MONEY_ERROR_INVALID },
    { "1  234", "EUR", CRM_MONEY_ERROR_INVALID },
    { " 1 234 ,5", "EUR", CRM_MONEY_ERROR_INVALID },
    { "1 234'567", "EUR", CRM_MONEY_ERROR_INVALID },
    { "1,23,456.00", "INR", CRM_MONEY_ERROR_INVALID },
    { "1.234,567.89", "USD", CRM_MONEY_ERROR_INVALID },
    { "1,234.567,89", "USD", CRM_MONEY_ERROR_INVALID },
    { "1.5,", "EUR", CRM_MONEY_ERROR_INVALID },
    { "١٢", "EUR", CRM_MONEY_ERROR_INVALID },  /* Arabic-Indic digits */
    { "12\xff", "EUR", CRM_MONEY_ERROR_INVALID },
    { "12.505", "EUR", CRM_MONEY_ERROR_TOO_PRECISE },
    { "12.500", "EUR", CRM_MONEY_ERROR_TOO_PRECISE },
    { "0.001", "EUR", CRM_MONEY_ERROR_TOO_PRECISE },
    /* A lone separator with three digits after it could mean 1.234 or
     * 1234; in a two-decimal currency it is refused, never guessed. */
    { "1,234", "EUR", CRM_MONEY_ERROR_TOO_PRECISE },
    { "1.234", "USD", CRM_MONEY_ERROR_TOO_PRECISE },
    { "1.5", "JPY", CRM_MONEY_ERROR_TOO_PRECISE },
    { "1,00", "JPY", CRM_MONEY_ERROR_TOO_PRECISE },
    { ".123", "JPY", CRM_MONEY_ERROR_TOO_PRECISE },
    { "1.2345", "KWD", CRM_MONEY_ERROR_TOO_PRECISE },
    { "99999999999999999999", "EUR", CRM_MONEY_ERROR_TOO_LARGE },
    { "99999999999999999999", "JPY", CRM_MONEY_ERROR_TOO_LARGE },
    { "92233720368547758.08", "EUR", CRM_MONEY_ERROR_TOO_LARGE },
    { "-92233720368547758.08", "EUR", CRM_MONEY_ERROR_TOO_LARGE },
    { "9223372036854775808", "JPY", CRM_MONEY_ERROR_TOO_LARGE },
    { "92233720368547759", "EUR", CRM_MONEY_ERROR_TOO_LARGE },
    { "100000000000000000000000000000", "EUR", CRM_MONEY_ERROR_TOO_LARGE },
    { "12.50", "XXX", CRM_MONEY_ERROR_UNKNOWN_CURRENCY },
    { "12.50", "eur", CRM_MONEY_ERROR_UNKNOWN_CURRENCY },
    { "12.50", "", CRM_MONEY_ERROR_UNKNOWN_CURRENCY },
  };

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 minor = 42;

      g_test_message ("parse “%s” %s", vectors[i].text, vectors[i].currency);
      g_assert_false (crm_money_parse (vectors[i].text, vectors[i].currency, &minor, &error));
      g_assert_error (error, CRM_MONEY_ERROR, (int) vectors[i].code);
      g_assert_nonnull (error->message);
      g_assert_cmpstr (error->message, !=, "");
      /* A failed parse leaves the result alone. */
      g_assert_cmpint (minor, ==, 42);
    }
}

static void
test_parse_messages (void)
{
  g_autoptr(GError) invalid = NULL;
  g_autoptr(GError) precise = NULL;
  g_autoptr(GError) large = NULL;
  g_autoptr(GError) currency = NULL;

  /* Messages name what was typed (trimmed), so a person sees which field
   * and which value is wrong. */
  g_assert_false (crm_money_parse ("  12.5.3 ", "EUR", NULL, &invalid));
  g_assert_nonnull (strstr (invalid->message, "“12.5.3”"));

  g_assert_false (crm_money_parse ("12.505", "EUR", NULL, &precise));
  g_assert_nonnull (strstr (precise->message, "12.505"));
  g_assert_nonnull (strstr (precise->message, "EUR"));
  g_assert_nonnull (strstr (precise->message, "2"));

  g_assert_false (crm_money_parse ("99999999999999999999", "EUR", NULL, &large));
  g_assert_nonnull (strstr (large->message, "99999999999999999999"));

  g_assert_false (crm_money_parse ("1", "ZZZ", NULL, &currency));
  g_assert_nonnull (strstr (currency->message, "ZZZ"));
}

static void
test_to_decimal (void)
{
  static const struct {
    gint64 minor;
    const char *currency;
    const char *text;
  } vectors[] = {
    { 1250, "EUR", "12.50" },
    { -5, "EUR", "-0.05" },
    { 5, "EUR", "0.05" },
    { 0, "EUR", "0.00" },
    { -100, "EUR", "-1.00" },
    { 123456789, "EUR", "1234567.89" },
    { 7, "JPY", "7" },
    { -7, "JPY", "-7" },
    { 0, "JPY", "0" },
    { 1, "KWD", "0.001" },
    { -1234, "KWD", "-1.234" },
    { 123456, "CLF", "12.3456" },
    { G_MAXINT64, "EUR", "92233720368547758.07" },
    { -G_MAXINT64, "EUR", "-92233720368547758.07" },
    { G_MININT64, "EUR", "-92233720368547758.08" },
    { G_MININT64, "JPY", "-9223372036854775808" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autofree char *text = crm_money_to_decimal (vectors[i].minor, vectors[i].currency);

      g_assert_cmpstr (text, ==, vectors[i].text);
    }
}

static void
test_round_trip (void)
{
  static const char *currencies[] = { "EUR", "JPY", "KWD", "CLF" };
  static const gint64 amounts[] = {
    0, 1, -1, 9, 10, 99, 100, 101, 999, 1000, 1001, 12345, -12345,
    999999, 1000000, 123456789, -987654321, G_GINT64_CONSTANT (1) << 40,
    G_MAXINT64, -G_MAXINT64,
  };

  for (guint c = 0; c < G_N_ELEMENTS (currencies); c++)
    for (guint i = 0; i < G_N_ELEMENTS (amounts); i++)
      {
        g_autoptr(GError) error = NULL;
        g_autofree char *decimal = crm_money_to_decimal (amounts[i], currencies[c]);
        g_autofree char *formatted = crm_money_format (amounts[i], currencies[c]);
        g_autofree char *number = NULL;
        g_autofree char *suffix = g_strconcat (NBSP, currencies[c], NULL);
        gint64 back = 0;

        g_assert_true (crm_money_parse (decimal, currencies[c], &back, &error));
        g_assert_no_error (error);
        g_assert_cmpint (back, ==, amounts[i]);

        /* What people see reads back too, once the code is taken off. */
        g_assert_true (g_str_has_suffix (formatted, suffix));
        number = g_strndup (formatted, strlen (formatted) - strlen (suffix));
        g_assert_true (crm_money_parse (number, currencies[c], &back, &error));
        g_assert_no_error (error);
        g_assert_cmpint (back, ==, amounts[i]);
      }
}

static void
test_format_c_locale (void)
{
  static const struct {
    gint64 minor;
    const char *currency;
    const char *text;
  } vectors[] = {
    { 123456789, "EUR", "1" NNBSP "234" NNBSP "567.89" NBSP "EUR" },
    { 1250, "EUR", "12.50" NBSP "EUR" },
    { 0, "EUR", "0.00" NBSP "EUR" },
    { -5, "EUR", "-0.05" NBSP "EUR" },
    { 99999, "EUR", "999.99" NBSP "EUR" },
    { 100000, "EUR", "1" NNBSP "000.00" NBSP "EUR" },
    { -123456, "USD", "-1" NNBSP "234.56" NBSP "USD" },
    { 7, "JPY", "7" NBSP "JPY" },
    { 1234567, "JPY", "1" NNBSP "234" NNBSP "567" NBSP "JPY" },
    { -1000, "JPY", "-1" NNBSP "000" NBSP "JPY" },
    { 1234, "KWD", "1.234" NBSP "KWD" },
    { 12345678, "RUB", "123" NNBSP "456.78" NBSP "RUB" },
    { G_MAXINT64, "EUR", "92" NNBSP "233" NNBSP "720" NNBSP "368" NNBSP "547" NNBSP "758.07" NBSP "EUR" },
    { G_MININT64, "JPY", "-9" NNBSP "223" NNBSP "372" NNBSP "036" NNBSP "854" NNBSP "775" NNBSP "808" NBSP "JPY" },
  };
  g_autofree char *saved = g_strdup (setlocale (LC_NUMERIC, NULL));

  g_assert_nonnull (setlocale (LC_NUMERIC, "C"));

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autofree char *text = crm_money_format (vectors[i].minor, vectors[i].currency);

      g_assert_cmpstr (text, ==, vectors[i].text);
    }

  setlocale (LC_NUMERIC, saved);
}

/* Locales are not installed everywhere; where one with a decimal comma is,
 * check that the locale's separators are used. */
static void
test_format_locale (void)
{
  static const char *locales[] = { "de_DE.UTF-8", "de_DE.utf8", "lv_LV.UTF-8", "ru_RU.UTF-8", "fr_FR.UTF-8" };
  g_autofree char *saved = g_strdup (setlocale (LC_NUMERIC, NULL));
  const char *found = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (locales) && found == NULL; i++)
    {
      if (setlocale (LC_NUMERIC, locales[i]) != NULL)
        found = locales[i];
    }

  if (found == NULL)
    {
      g_test_skip ("No locale with a decimal comma is installed");
      return;
    }

  {
    const struct lconv *conv = localeconv ();
    g_autofree char *expected = NULL;
    g_autofree char *text = crm_money_format (123456789, "EUR");
    g_autofree char *number = NULL;
    const char *group = conv->thousands_sep;
    gint64 back = 0;

    if (*group == '\0' || g_str_equal (group, " "))
      group = NNBSP;
    expected = g_strdup_printf ("1%s234%s567%s89" NBSP "EUR", group, group, conv->decimal_point);

    g_test_message ("locale %s", found);
    g_assert_cmpstr (conv->decimal_point, ==, ",");
    g_assert_cmpstr (text, ==, expected);

    /* Whatever the locale chose, parsing reads it back. */
    number = g_strndup (text, strlen (text) - strlen (NBSP "EUR"));
    g_assert_true (crm_money_parse (number, "EUR", &back, NULL));
    g_assert_cmpint (back, ==, 123456789);

    /* The machine form never follows the locale. */
    g_clear_pointer (&text, g_free);
    text = crm_money_to_decimal (123456789, "EUR");
    g_assert_cmpstr (text, ==, "1234567.89");
  }

  setlocale (LC_NUMERIC, saved);
}

static void
test_bad_currency_output (void)
{
  if (g_test_subprocess ())
    {
      char *text = crm_money_to_decimal (1, "XXX");

      g_assert_null (text);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*exponent >= 0*");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/money/currency-exponent", test_currency_exponent);
  g_test_add_func ("/money/parse/good", test_parse_good);
  g_test_add_func ("/money/parse/bad", test_parse_bad);
  g_test_add_func ("/money/parse/messages", test_parse_messages);
  g_test_add_func ("/money/to-decimal", test_to_decimal);
  g_test_add_func ("/money/round-trip", test_round_trip);
  g_test_add_func ("/money/format/c-locale", test_format_c_locale);
  g_test_add_func ("/money/format/locale", test_format_locale);
  g_test_add_func ("/money/bad-currency-output", test_bad_currency_output);

  return g_test_run ();
}
