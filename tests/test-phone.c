/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-phone"

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib.h>

#include "crm-phone.h"

/* Expected error code of a vector that must succeed. */
#define OK (-1)

typedef struct
{
  const char *input;
  const char *country;
  const char *digits;
  const char *extension;
  int         error_code;
} Vector;

static const Vector vectors[] = {
  /* The promises DESIGN.md makes, with Latvia as the default country. */
  { "8 (912) 345-67-89", "LV", "79123456789", NULL, OK },
  { "+7 912 3456789", "LV", "79123456789", NULL, OK },
  { "89123456789", "LV", "79123456789", NULL, OK },
  { "+371 20 000 000", "LV", "37120000000", NULL, OK },
  { "00371 20000000", "LV", "37120000000", NULL, OK },
  { "20000000", "LV", "37120000000", NULL, OK },
  /* ...and with Russia. */
  { "8 (912) 345-67-89", "RU", "79123456789", NULL, OK },
  { "+371 20000000", "RU", "37120000000", NULL, OK },

  /* Latvia: separators, blanks and pasted decorations. */
  { "67 123 456", "LV", "37167123456", NULL, OK },
  { "6712-3456", "LV", "37167123456", NULL, OK },
  { "67.123.456", "LV", "37167123456", NULL, OK },
  { "67/123/456", "LV", "37167123456", NULL, OK },
  { "(67) 123456", "LV", "37167123456", NULL, OK },
  { "20\u00a0000\u00a0000", "LV", "37120000000", NULL, OK },
  { "20\u202f000\u202f000", "LV", "37120000000", NULL, OK },
  { "20\u201300\u20130000", "LV", "37120000000", NULL, OK },
  { "  20000000 \t", "LV", "37120000000", NULL, OK },
  { "(+371) 20000000", "LV", "37120000000", NULL, OK },
  { "\u202a+371 20 000 000\u202c", "LV", "37120000000", NULL, OK },
  { "2000\u200b0000", "LV", "37120000000", NULL, OK },
  { "\uff12\uff10\uff10\uff10\uff10\uff10\uff10\uff10", "LV", "37120000000", NULL, OK },
  { "20000000", "lv", "37120000000", NULL, OK },
  { "+ 371 2000 0000", "LV", "37120000000", NULL, OK },

  /* Latvia: extensions. */
  { "+371 67 123 456 ext. 12", "LV", "37167123456", "12", OK },
  { "+371 67123456 ext 7", "LV", "37167123456", "7", OK },
  { "+371 67123456 EXT.12", "LV", "37167123456", "12", OK },
  { "+371 67123456 x 305", "LV", "37167123456", "305", OK },
  { "67123456x305", "LV", "37167123456", "305", OK },
  { "67123456 X305", "LV", "37167123456", "305", OK },
  { "+371 67123456 доб. 45", "LV", "37167123456", "45", OK },
  { "67123456 ДОБ 45", "LV", "37167123456", "45", OK },
  { "67123456#12", "LV", "37167123456", "12", OK },
  { "67123456 # 12", "LV", "37167123456", "12", OK },
  { "67123456, 12", "LV", "37167123456", "12", OK },
  { "67123456;12", "LV", "37167123456", "12", OK },
  { "+371 67123456 ext. 12345678901", "LV", NULL, NULL, CRM_PHONE_ERROR_TOO_LONG },
  { "20 000 000 ext", "LV", NULL, NULL, CRM_PHONE_ERROR_INVALID_CHARACTER },
  { "20 000 000 next 12", "LV", NULL, NULL, CRM_PHONE_ERROR_INVALID_CHARACTER },
  { "ext. 12", "LV", NULL, NULL, CRM_PHONE_ERROR_TOO_SHORT },

  /* Latvia: other countries' numbers, with and without '+'. */
  { "79123456789", "LV", "79123456789", NULL, OK },
  { "371 20000000", "LV", "37120000000", NULL, OK },
  { "8 800 555-35-35", "LV", "78005553535", NULL, OK },
  { "8 (727) 123-45-67", "LV", "77271234567", NULL, OK },
  { "8 (495) 123-45-67", "LV", "74951234567", NULL, OK },
  { "+49 30 123456", "LV", "4930123456", NULL, OK },
  { "0049 30 123456", "LV", "4930123456", NULL, OK },
  { "+44 (0)20 7946 0000", "LV", "442079460000", NULL, OK },
  { "+1 (202) 555-0143", "LV", "12025550143", NULL, OK },
  { "+380 44 123 4567", "LV", "380441234567", NULL, OK },
  { "+358 40 1234567", "LV", "358401234567", NULL, OK },
  { "+86 10 1234 5678", "LV", "861012345678", NULL, OK },
  { "+800 1234 5678", "LV", "80012345678", NULL, OK },

  /* Latvia: lengths. */
  { "2000000", "LV", NULL, NULL, CRM_PHONE_ERROR_TOO_SHORT },
  { "200000000", "LV", NULL, NULL, CRM_PHONE_ERROR_TOO_LONG },
  { "+371 2000000", "LV", NULL, NULL, CRM_PHONE_ERROR_TOO_SHORT },
  { "+371 200000000", "LV", NULL, NULL, CRM_PHONE_ERROR_TOO_LONG },
  { "+371 20000000 12", "LV", NULL, NULL, CRM_PHONE_ERROR_TOO_LONG },
  { "80123456789", "LV", NULL, NULL, CRM_PHONE_ERROR_TOO_LONG },
  { "2000000012", "LV", NULL, NULL, CRM_PHONE_ERROR_TOO_LONG },
  { "12345678901234567890", "LV", NULL, NULL, CRM_PHONE_ERROR_TOO_LONG },
  { "+1234567890123456", "LV", NULL, NULL, CRM_PHONE_ERROR_TOO_LONG },
  { "+86 1234 5678 9012 34", "LV", NULL, NULL, CRM_PHONE_ERROR_TOO_LONG },
  { "+690 12", "LV", NULL, NULL, CRM_PHONE_ERROR_TOO_SHORT },

  /* Garbage. */
  { "abc", "LV", NULL, NULL, CRM_PHONE_ERROR_INVALID_CHARACTER },
  { "12", "LV", NULL, NULL, CRM_PHONE_ERROR_TOO_SHORT },
  { "1234", "LV", NULL, NULL, CRM_PHONE_ERROR_TOO_SHORT },
  { "+", "LV", NULL, NULL, CRM_PHONE_ERROR_TOO_SHORT },
  { "()-.", "LV", NULL, NULL, CRM_PHONE_ERROR_TOO_SHORT },
  { "++371 20000000", "LV", NULL, NULL, CRM_PHONE_ERROR_INVALID_CHARACTER },
  { "371+20000000", "LV", NULL, NULL, CRM_PHONE_ERROR_INVALID_CHARACTER },
  { "8-800-CALL-NOW", "LV", NULL, NULL, CRM_PHONE_ERROR_INVALID_CHARACTER },
  { "; DROP TABLE contacts", "LV", NULL, NULL, CRM_PHONE_ERROR_INVALID_CHARACTER },
  { "20000000; DROP TABLE contacts", "LV", NULL, NULL, CRM_PHONE_ERROR_INVALID_CHARACTER },
  { "📞 20000000", "LV", NULL, NULL, CRM_PHONE_ERROR_INVALID_CHARACTER },
  { "20*000*000", "LV", NULL, NULL, CRM_PHONE_ERROR_INVALID_CHARACTER },
  { "fax 20000000", "LV", NULL, NULL, CRM_PHONE_ERROR_INVALID_CHARACTER },
  { "2000\x01" "0000", "LV", NULL, NULL, CRM_PHONE_ERROR_INVALID_CHARACTER },
  { "\xff" "20000000", "LV", NULL, NULL, CRM_PHONE_ERROR_INVALID_CHARACTER },
  { "20000000²", "LV", NULL, NULL, CRM_PHONE_ERROR_INVALID_CHARACTER },
  { "", "LV", NULL, NULL, CRM_PHONE_ERROR_EMPTY },
  { "   \t\n ", "LV", NULL, NULL, CRM_PHONE_ERROR_EMPTY },
  { "\u00a0\u200b", "LV", NULL, NULL, CRM_PHONE_ERROR_EMPTY },
  { NULL, "LV", NULL, NULL, CRM_PHONE_ERROR_EMPTY },

  /* Countries. */
  { "+999 1234567", "LV", NULL, NULL, CRM_PHONE_ERROR_UNKNOWN_COUNTRY },
  { "+384 1234567", "LV", NULL, NULL, CRM_PHONE_ERROR_UNKNOWN_COUNTRY },
  { "+00371 20000000", "LV", NULL, NULL, CRM_PHONE_ERROR_UNKNOWN_COUNTRY },
  { "20000000", "XX", NULL, NULL, CRM_PHONE_ERROR_UNKNOWN_COUNTRY },
  { "20000000", NULL, NULL, NULL, CRM_PHONE_ERROR_UNKNOWN_COUNTRY },
  { "20000000", "", NULL, NULL, CRM_PHONE_ERROR_UNKNOWN_COUNTRY },
  { "+371 20000000", NULL, "37120000000", NULL, OK },
  { "0037120000000", NULL, "37120000000", NULL, OK },
  { "+7 912 345 67 89", "XX", "79123456789", NULL, OK },

  /* Russia. */
  { "89123456789", "RU", "79123456789", NULL, OK },
  { "9123456789", "RU", "79123456789", NULL, OK },
  { "79123456789", "RU", "79123456789", NULL, OK },
  { "+7 (495) 123-45-67", "RU", "74951234567", NULL, OK },
  { "8 (812) 123-45-67", "RU", "78121234567", NULL, OK },
  { "812 123 45 67", "RU", "78121234567", NULL, OK },
  { "8 10 371 20000000", "RU", "37120000000", NULL, OK },
  { "810 49 30 123456", "RU", "4930123456", NULL, OK },
  { "00 7 912 345 67 89", "RU", "79123456789", NULL, OK },
  { "+7 912 345 67 89 доб. 123", "RU", "79123456789", "123", OK },
  { "8 912 345 67", "RU", NULL, NULL, CRM_PHONE_ERROR_TOO_SHORT },
  { "8 912 345 67 89 0", "RU", NULL, NULL, CRM_PHONE_ERROR_TOO_LONG },
  { "+7 912 345 67 890", "RU", NULL, NULL, CRM_PHONE_ERROR_TOO_LONG },
  { "8 (727) 123-45-67", "KZ", "77271234567", NULL, OK },

  /* Lithuania. */
  { "8 612 34567", "LT", "37061234567", NULL, OK },
  { "0 612 34567", "LT", "37061234567", NULL, OK },
  { "+370 612 34567", "LT", "37061234567", NULL, OK },
  { "8 5 212 3456", "LT", "37052123456", NULL, OK },
  { "61234567", "LT", "37061234567", NULL, OK },
  { "8 912 345 67 89", "LT", "79123456789", NULL, OK },
  { "8 612 345", "LT", NULL, NULL, CRM_PHONE_ERROR_TOO_SHORT },
  { "8 612 345678", "LT", NULL, NULL, CRM_PHONE_ERROR_TOO_LONG },

  /* Estonia. */
  { "5123 4567", "EE", "37251234567", NULL, OK },
  { "612 3456", "EE", "3726123456", NULL, OK },
  { "+372 5123 4567", "EE", "37251234567", NULL, OK },
  { "372 5123 4567", "EE", "37251234567", NULL, OK },
  { "8 912 345-67-89", "EE", "79123456789", NULL, OK },
  { "512345", "EE", NULL, NULL, CRM_PHONE_ERROR_TOO_SHORT },
  { "512345678", "EE", NULL, NULL, CRM_PHONE_ERROR_TOO_LONG },

  /* Germany. */
  { "030 123456", "DE", "4930123456", NULL, OK },
  { "0151 12345678", "DE", "4915112345678", NULL, OK },
  { "+49 (0)30 123456", "DE", "4930123456", NULL, OK },
  { "0049 30 123456", "DE", "4930123456", NULL, OK },
  { "4930123456", "DE", "4930123456", NULL, OK },
  { "030 123456-78", "DE", "493012345678", NULL, OK },
  { "30123456", "DE", NULL, NULL, CRM_PHONE_ERROR_INVALID },
  { "+49 301 23", "DE", NULL, NULL, CRM_PHONE_ERROR_TOO_SHORT },

  /* Britain. */
  { "07700 900123", "GB", "447700900123", NULL, OK },
  { "+44 7700 900123", "GB", "447700900123", NULL, OK },
  { "020 7946 0000", "GB", "442079460000", NULL, OK },
  { "+44 (0) 7700 900123", "GB", "447700900123", NULL, OK },
  { "0044 7700 900123", "GB", "447700900123", NULL, OK },
  { "447700900123", "GB", "447700900123", NULL, OK },
  { "7700 900123", "GB", NULL, NULL, CRM_PHONE_ERROR_INVALID },
  { "07700 9001234", "GB", NULL, NULL, CRM_PHONE_ERROR_TOO_LONG },

  /* United States. */
  { "(202) 555-0143", "US", "12025550143", NULL, OK },
  { "1-202-555-0143", "US", "12025550143", NULL, OK },
  { "202.555.0143", "US", "12025550143", NULL, OK },
  { "+1 202 555 0143 ext. 42", "US", "12025550143", "42", OK },
  { "011 371 20000000", "US", "37120000000", NULL, OK },
  { "(123) 555-0143", "US", NULL, NULL, CRM_PHONE_ERROR_INVALID },
  { "+1 202 055 0143", "LV", NULL, NULL, CRM_PHONE_ERROR_INVALID },
  { "555-0143", "US", NULL, NULL, CRM_PHONE_ERROR_TOO_SHORT },
  { "202 555 01434", "US", NULL, NULL, CRM_PHONE_ERROR_TOO_LONG },
  { "1 800 FLOWERS", "US", NULL, NULL, CRM_PHONE_ERROR_INVALID_CHARACTER },
  { "(604) 555-0199", "CA", "16045550199", NULL, OK },

  /* Other former Soviet republics, which share the habit of "8". */
  { "044 123 4567", "UA", "380441234567", NULL, OK },
  { "8 912 345 67 89", "UA", "79123456789", NULL, OK },
  { "8 029 123-45-67", "BY", "375291234567", NULL, OK },
  { "8 (912) 345-67-89", "BY", "79123456789", NULL, OK },
  { "+375 29 123-45-67", "LV", "375291234567", NULL, OK },
};

static void
test_phone_vectors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      const Vector *v = &vectors[i];
      g_autoptr(GError) error = NULL;
      g_autofree char *digits = NULL;
      g_autofree char *extension = NULL;
      gboolean ok;

      ok = crm_phone_normalize (v->input, v->country, &digits, &extension, &error);

      if (v->error_code == OK)
        {
          if (!ok)
            g_test_fail_printf ("“%s” (%s): expected %s, got error %d: %s",
                                v->input, v->country, v->digits,
                                error->code, error->message);
          else if (g_strcmp0 (digits, v->digits) != 0 ||
                   g_strcmp0 (extension, v->extension) != 0)
            g_test_fail_printf ("“%s” (%s): expected %s ext %s, got %s ext %s",
                                v->input, v->country, v->digits, v->extension,
                                digits, extension);
          else
            g_assert_no_error (error);
        }
      else
        {
          if (ok)
            g_test_fail_printf ("“%s” (%s): expected error %d, got %s ext %s",
                                v->input, v->country, v->error_code,
                                digits, extension);
          else if (!g_error_matches (error, CRM_PHONE_ERROR, v->error_code))
            g_test_fail_printf ("“%s” (%s): expected error %d, got %s %d: %s",
                                v->input, v->country, v->error_code,
                                g_quark_to_string (error->domain),
                                error->code, error->message);
          else
            {
              /* Failures clear the outputs and always explain themselves. */
              g_assert_null (digits);
              g_assert_null (extension);
              g_assert_nonnull (error->message);
              g_assert_cmpuint (strlen (error->message), >, 10);
            }
        }
    }
}

static void
test_phone_vector_count (void)
{
  guint n_ok = 0;
  guint n_errors = 0;

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      if (vectors[i].error_code == OK)
        n_ok++;
      else
        n_errors++;
    }

  /* The table is the specification; keep it from quietly shrinking. */
  g_assert_cmpuint (G_N_ELEMENTS (vectors), >=, 80);
  g_assert_cmpuint (n_ok, >=, 40);
  g_assert_cmpuint (n_errors, >=, 30);
}

static void
assert_bad_character (const char *input,
                      const char *named)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *digits = NULL;
  g_autofree char *quoted = g_strdup_printf ("“%s”", named);

  g_assert_false (crm_phone_normalize (input, "LV", &digits, NULL, &error));
  g_assert_error (error, CRM_PHONE_ERROR, CRM_PHONE_ERROR_INVALID_CHARACTER);
  if (strstr (error->message, quoted) == NULL)
    g_test_fail_printf ("“%s”: message “%s” does not name %s",
                        input, error->message, quoted);
  g_assert_null (digits);
}

static void
test_phone_messages (void)
{
  g_autoptr(GError) short_error = NULL;
  g_autoptr(GError) control_error = NULL;

  /* The first offending character is the one named. */
  assert_bad_character ("abc", "a");
  assert_bad_character ("8-800-CALL-NOW", "C");
  assert_bad_character ("; DROP TABLE contacts", ";");
  assert_bad_character ("20000000; DROP TABLE contacts", ";");
  assert_bad_character ("📞 20000000", "📞");
  assert_bad_character ("20*000*000", "*");
  assert_bad_character ("++371 20000000", "+");
  assert_bad_character ("20 000 000 ext", "e");
  assert_bad_character ("Bērziņš 20000000", "B");
  assert_bad_character ("2000 ž 0000", "ž");

  g_assert_false (crm_phone_normalize ("12", "LV", NULL, NULL, &short_error));
  g_assert_error (short_error, CRM_PHONE_ERROR, CRM_PHONE_ERROR_TOO_SHORT);
  g_assert_cmpstr (short_error->message, ==, "A phone number needs at least 5 digits");

  /* A control character cannot be shown, so it is not quoted. */
  g_assert_false (crm_phone_normalize ("2000\x01" "0000", "LV", NULL, NULL, &control_error));
  g_assert_error (control_error, CRM_PHONE_ERROR, CRM_PHONE_ERROR_INVALID_CHARACTER);
  g_assert_null (strstr (control_error->message, "\x01"));
}

static void
test_phone_length_messages (void)
{
  g_autoptr(GError) lv_error = NULL;
  g_autoptr(GError) de_error = NULL;
  g_autoptr(GError) e164_error = NULL;

  g_assert_false (crm_phone_normalize ("2000000", "LV", NULL, NULL, &lv_error));
  g_assert_error (lv_error, CRM_PHONE_ERROR, CRM_PHONE_ERROR_TOO_SHORT);
  g_assert_nonnull (strstr (lv_error->message, "+371"));
  g_assert_nonnull (strstr (lv_error->message, "8 digits"));

  g_assert_false (crm_phone_normalize ("+49 301 23", "LV", NULL, NULL, &de_error));
  g_assert_error (de_error, CRM_PHONE_ERROR, CRM_PHONE_ERROR_TOO_SHORT);
  g_assert_nonnull (strstr (de_error->message, "+49"));
  g_assert_nonnull (strstr (de_error->message, "6 to 13 digits"));

  g_assert_false (crm_phone_normalize ("+86 1234 5678 9012 34", "LV", NULL, NULL, &e164_error));
  g_assert_error (e164_error, CRM_PHONE_ERROR, CRM_PHONE_ERROR_TOO_LONG);
  g_assert_nonnull (strstr (e164_error->message, "15"));
}

static void
test_phone_optional_outputs (void)
{
  g_autofree char *digits = NULL;

  /* Validation alone, without asking for the results. */
  g_assert_true (crm_phone_normalize ("20000000", "LV", NULL, NULL, NULL));
  g_assert_false (crm_phone_normalize ("abc", "LV", NULL, NULL, NULL));

  /* The extension is dropped when nobody asks for it. */
  g_assert_true (crm_phone_normalize ("67123456 ext. 5", "LV", &digits, NULL, NULL));
  g_assert_cmpstr (digits, ==, "37167123456");
}

static void
test_phone_round_trip (void)
{
  /* Whatever normalising produces, formatting must show in a way that
   * normalises back to the same digits, wherever the reader is. */
  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      const char *countries[] = { "LV", "RU", "US", "GB", NULL };

      if (vectors[i].error_code != OK)
        continue;

      for (guint j = 0; j < G_N_ELEMENTS (countries); j++)
        {
          g_autoptr(GError) error = NULL;
          g_autofree char *shown = crm_phone_format (vectors[i].digits);
          g_autofree char *again = NULL;

          g_assert_true (g_str_has_prefix (shown, "+"));
          crm_phone_normalize (shown, countries[j], &again, NULL, &error);
          g_assert_no_error (error);
          g_assert_cmpstr (again, ==, vectors[i].digits);
        }
    }
}

static void
test_phone_format (void)
{
  static const struct
  {
    const char *digits;
    const char *shown;
  } cases[] = {
    { "79123456789", "+7 912 345-67-89" },
    { "+79123456789", "+7 912 345-67-89" },
    { "77271234567", "+7 727 123-45-67" },
    { "37120000000", "+371 20 000 000" },
    { "37167123456", "+371 67 123 456" },
    { "4930123456", "+49 30123456" },
    { "12025550143", "+1 202-555-0143" },
    { "37061234567", "+370 612 34567" },
    { "37052123456", "+370 5 212 3456" },
    { "3726123456", "+372 612 3456" },
    { "37251234567", "+372 5123 4567" },
    { "447700900123", "+44 7700 900123" },
    { "442079460000", "+44 20 7946 0000" },
    { "443001234567", "+44 300 123 4567" },
    { "380441234567", "+380 441234567" },
    { "358401234567", "+358 401234567" },
    /* Shapes it does not know. */
    { "9991234567", "+9991234567" },
    { "0371", "+0371" },
    { "7912", "+7 912" },
    { "7", "+7" },
    { "371", "+371" },
    /* Not digits at all: left alone. */
    { "", "" },
    { "+", "+" },
    { "abc", "abc" },
    { "+7 912", "+7 912" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *shown = crm_phone_format (cases[i].digits);

      g_assert_cmpstr (shown, ==, cases[i].shown);
    }

  {
    g_autofree char *shown = crm_phone_format (NULL);

    g_assert_cmpstr (shown, ==, "");
  }
}

static void
test_phone_digits_only (void)
{
  static const struct
  {
    const char *text;
    const char *digits;
  } cases[] = {
    { "+7 (912) 345-67-89", "79123456789" },
    { "8 (912) 345-67-89", "89123456789" },
    { "tel: 2000-0000", "20000000" },
    { "67123456 ext. 12", "6712345612" },
    { "\uff12\uff10", "20" },
    { "\u0662\u0660", "20" },
    { "0", "0" },
    { "abc", NULL },
    { "", NULL },
    { "+ ( ) -", NULL },
    { "²³", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *digits = crm_phone_digits_only (cases[i].text);

      g_assert_cmpstr (digits, ==, cases[i].digits);
    }

  g_assert_null (crm_phone_digits_only (NULL));

  {
    /* Invalid UTF-8 keeps the digits before the damage. */
    g_autofree char *digits = crm_phone_digits_only ("12\xff" "34");

    g_assert_cmpstr (digits, ==, "12");
  }
}

static void
test_phone_looks_like_number (void)
{
  static const char * const yes[] = {
    "123",
    "2000",
    "+371 20 000 000",
    "(912) 345-67-89",
    "8 912 345-67-89",
    "67.12.34",
    "20/00",
    "\u00a0123\u00a0",
    "20\u201300",
    "\uff11\uff12\uff13",
  };
  static const char * const no[] = {
    "",
    "12",
    "1 2",
    "+",
    "+ ( ) -",
    "Anna",
    "Anna 2000",
    "Bērziņš",
    "Krasta 12",
    "2000@",
    "20 000 000 ext. 5",
    "12#34",
    "\xff" "123",
  };

  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    {
      if (!crm_phone_looks_like_number (yes[i]))
        g_test_fail_printf ("“%s” should look like a number", yes[i]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (no); i++)
    {
      if (crm_phone_looks_like_number (no[i]))
        g_test_fail_printf ("“%s” should not look like a number", no[i]);
    }

  g_assert_false (crm_phone_looks_like_number (NULL));
}

static void
test_phone_calling_codes (void)
{
  static const struct
  {
    const char *iso;
    const char *code;
  } known[] = {
    { "LV", "371" }, { "lv", "371" }, { "RU", "7" }, { "KZ", "7" },
    { "LT", "370" }, { "EE", "372" }, { "DE", "49" }, { "GB", "44" },
    { "US", "1" }, { "CA", "1" }, { "UA", "380" }, { "BY", "375" },
    { "FI", "358" }, { "SE", "46" }, { "NO", "47" }, { "PL", "48" },
    { "CH", "41" }, { "IL", "972" }, { "TR", "90" }, { "CN", "86" },
    { "IN", "91" }, { "FR", "33" }, { "IT", "39" }, { "ES", "34" },
    { "HU", "36" }, { "IE", "353" }, { "CZ", "420" }, { "GE", "995" },
  };
  /* Every member of the European Union must be known. */
  static const char * const eu[] = {
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR",
    "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK",
    "SI", "ES", "SE",
  };
  static const char * const unknown[] = { "XX", "", "L", "LVA", "ZZ" };

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    g_assert_cmpstr (crm_phone_country_calling_code (known[i].iso), ==, known[i].code);

  for (guint i = 0; i < G_N_ELEMENTS (eu); i++)
    {
      const char *code = crm_phone_country_calling_code (eu[i]);

      g_assert_nonnull (code);
      /* The country table and the ITU split must agree, or a '+' number
       * of that country would be cut in the wrong place. */
      g_assert_cmpuint (crm_phone_calling_code_length (code), ==, strlen (code));
    }

  for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
    g_assert_null (crm_phone_country_calling_code (unknown[i]));

  g_assert_null (crm_phone_country_calling_code (NULL));
}

static void
test_phone_calling_code_length (void)
{
  static const struct
  {
    const char *digits;
    guint       length;
  } cases[] = {
    { "79123456789", 1 },
    { "12025550143", 1 },
    { "4930123456", 2 },
    { "442079460000", 2 },
    { "20123456", 2 },
    { "98123456", 2 },
    { "37120000000", 3 },
    { "380441234567", 3 },
    { "99812345678", 3 },
    { "80012345678", 3 },
    { "9991234567", 0 },
    { "3841234567", 0 },
    { "2101234567", 0 },
    { "0371", 0 },
    { "", 0 },
    { "3", 0 },
    { "38", 0 },
    { "+371", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpuint (crm_phone_calling_code_length (cases[i].digits), ==, cases[i].length);

  g_assert_cmpuint (crm_phone_calling_code_length (NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  /* Messages are compared in English. */
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/phone/vectors", test_phone_vectors);
  g_test_add_func ("/phone/vector-count", test_phone_vector_count);
  g_test_add_func ("/phone/messages", test_phone_messages);
  g_test_add_func ("/phone/length-messages", test_phone_length_messages);
  g_test_add_func ("/phone/optional-outputs", test_phone_optional_outputs);
  g_test_add_func ("/phone/round-trip", test_phone_round_trip);
  g_test_add_func ("/phone/format", test_phone_format);
  g_test_add_func ("/phone/digits-only", test_phone_digits_only);
  g_test_add_func ("/phone/looks-like-number", test_phone_looks_like_number);
  g_test_add_func ("/phone/calling-codes", test_phone_calling_codes);
  g_test_add_func ("/phone/calling-code-length", test_phone_calling_code_length);

  return g_test_run ();
}
