/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <gio/gio.h>
#include <sqlite3.h>

#include "crm-text.h"

#define NBSP "\xc2\xa0"

static void
test_fold (void)
{
  static const struct {
    const char *text;
    const char *folded;
  } vectors[] = {
    { "", "" },
    { "Bērziņš", "berzins" },
    { "BĒRZIŅŠ", "berzins" },
    { "Ēriks", "eriks" },
    { "Jānis Ķēniņš", "janis kenins" },
    { "Ģirts Čakste", "girts cakste" },
    { "ЕЛЕНА", "елена" },
    { "Ёлка", "елка" },
    { "ёж", "еж" },
    { "Йошкар-Ола", "иошкар-ола" },
    { "Straße", "strasse" },
    { "STRAẞE", "strasse" },
    { "Øre", "ore" },
    { "Đorđe Đoković", "dorde dokovic" },
    { "Łódź", "lodz" },
    { "Æsir", "aesir" },
    { "Cœur", "coeur" },
    { "ŒUVRE", "oeuvre" },
    { "Ðóra", "dora" },
    { "Ħamrun", "hamrun" },
    { "İstanbul", "istanbul" },
    { "ΣΟΦΟΣ", "σοφοσ" },
    { "σοφός", "σοφοσ" },
    { "café", "cafe" },
    { "cafe\xcc\x81", "cafe" },         /* already decomposed */
    { "ﬁne ﬂow", "fine flow" },         /* ligatures */
    { "Ｆｕｌｌ", "full" },             /* full width */
    { "№ 5", "no 5" },
    { "x² ½", "x2 1⁄2" },
    { "Ⅻ", "xii" },
    { "Ω", "ω" },                       /* OHM SIGN */
    { "Å", "a" },                       /* ANGSTROM SIGN */
    { "  Anna   Maria\t\nSmith  ", "anna maria smith" },
    { "Jānis" NBSP "Bērziņš", "janis berzins" },
    { "Jānis\xe2\x80\xaf" "Bērziņš", "janis berzins" },   /* narrow no-break space */
    { "\xe3\x80\x80" "東京" "\xe3\x80\x80", "東京" },        /* ideographic space */
    { "Bēr\xc2\xad" "ziņš", "berzins" },                     /* soft hyphen */
    { "Bēr\xe2\x80\x8b" "ziņš", "berzins" },                 /* zero-width space */
    { "a\x01" "b", "a b" },
    { "a\x7f" "b", "a b" },
    { "Hello World", "hello world" },
    { "  MiXeD 123  ", "mixed 123" },
    { "\t\n \r", "" },
    { "O'Brien-Smith", "o'brien-smith" },
    { "日本語", "日本語" },
    { "Sí¨Nó", "si no" },               /* the spacing diaeresis is a space */
  };

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autofree char *folded = crm_text_fold (vectors[i].text);

      g_test_message ("fold “%s”", vectors[i].text);
      g_assert_cmpstr (folded, ==, vectors[i].folded);
    }

  {
    g_autofree char *folded = crm_text_fold (NULL);

    g_assert_cmpstr (folded, ==, "");
  }

  /* Broken bytes become U+FFFD and never make invalid output. */
  {
    g_autofree char *folded = crm_text_fold ("ABC\xff" "Dē");

    g_assert_true (g_utf8_validate (folded, -1, NULL));
    g_assert_cmpstr (folded, ==, "abc\xef\xbf\xbd" "de");
  }
}

/* The reference is the definition itself, written the slow way: NFKD, drop
 * non-spacing and enclosing marks and invisible format characters, case
 * fold, and spell out the letters Unicode does not decompose. */
static char *
reference_fold (const char *text)
{
  g_autofree char *decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFKD);
  g_autofree char *folded = NULL;
  g_autofree char *again = NULL;
  GString *stripped = g_string_new (NULL);
  GString *result = g_string_new (NULL);

  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (type != G_UNICODE_NON_SPACING_MARK && type != G_UNICODE_ENCLOSING_MARK &&
          type != G_UNICODE_FORMAT)
        g_string_append_unichar (stripped, c);
    }

  folded = g_utf8_casefold (stripped->str, -1);
  g_string_free (stripped, TRUE);

  /* Case folding may produce letters with marks ("İ" folds to "i̇"). */
  again = g_utf8_normalize (folded, -1, G_NORMALIZE_NFKD);
  for (const char *p = again; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_ENCLOSING_MARK)
        continue;

      switch (c)
        {
        case 0x00DF: g_string_append (result, "ss"); break;
        case 0x00E6: g_string_append (result, "ae"); break;
        case 0x0153: g_string_append (result, "oe"); break;
        case 0x00F0: case 0x0111: g_string_append (result, "d"); break;
        case 0x00F8: g_string_append (result, "o"); break;
        case 0x0127: g_string_append (result, "h"); break;
        case 0x0142: g_string_append (result, "l"); break;
        case 0x0167: g_string_append (result, "t"); break;
        default: g_string_append_unichar (result, c); break;
        }
    }

  return g_string_free (result, FALSE);
}

/* Checks every assigned code point outside the private use planes against
 * the definition, so that no shortcut in the fast code changes a result. */
static void
test_fold_all_characters (void)
{
  guint n_checked = 0;

  for (gunichar c = 0x21; c < 0x40000; c++)
    {
      char text[16] = "a";
      g_autofree char *folded = NULL;
      g_autofree char *expected = NULL;
      g_autofree char *twice = NULL;
      GUnicodeType type = g_unichar_type (c);
      int len;

      if (type == G_UNICODE_UNASSIGNED || type == G_UNICODE_SURROGATE ||
          type == G_UNICODE_PRIVATE_USE || type == G_UNICODE_CONTROL ||
          g_unichar_isspace (c))
        continue;

      /* g_utf8_casefold() maps Cherokee small letters to capitals but
       * capitals to small letters, so it does not make the two cases equal;
       * crm_text_fold() maps both to capitals.  See test_fold_cherokee(). */
      if ((c >= 0x13A0 && c <= 0x13F5) || (c >= 0x13F8 && c <= 0x13FD) ||
          (c >= 0xAB70 && c <= 0xABBF))
        continue;

      /* Surround the character with letters so that it is never at either
       * end, where white space would be trimmed. */
      len = g_unichar_to_utf8 (c, text + 1);
      text[1 + len] = 'b';
      text[2 + len] = '\0';

      folded = crm_text_fold (text);
      expected = reference_fold (text);
      if (g_strcmp0 (folded, expected) != 0)
        g_error ("U+%04X folds to “%s”, expected “%s”", c, folded, expected);

      /* Folding folded text changes nothing. */
      twice = crm_text_fold (folded);
      if (g_strcmp0 (twice, folded) != 0)
        g_error ("U+%04X folds to “%s”, then to “%s”", c, folded, twice);

      n_checked++;
    }

  g_assert_cmpuint (n_checked, >, 100000);
}

static void
test_fold_cherokee (void)
{
  for (gunichar upper = 0x13A0; upper <= 0x13F5; upper++)
    {
      char upper_text[8] = { 0 };
      char lower_text[8] = { 0 };
      gunichar lower = g_unichar_tolower (upper);
      g_autofree char *from_upper = NULL;
      g_autofree char *from_lower = NULL;

      g_unichar_to_utf8 (upper, upper_text);
      g_unichar_to_utf8 (lower, lower_text);
      g_assert_cmpuint (lower, !=, upper);

      from_upper = crm_text_fold (upper_text);
      from_lower = crm_text_fold (lower_text);
      g_assert_cmpstr (from_upper, ==, upper_text);
      g_assert_cmpstr (from_lower, ==, upper_text);
    }
}

static void
test_is_blank (void)
{
  static const struct {
    const char *text;
    gboolean blank;
  } vectors[] = {
    { "", TRUE },
    { " ", TRUE },
    { " \t\n\r\f", TRUE },
    { NBSP, TRUE },
    { "\xe2\x80\x83", TRUE },        /* EM SPACE */
    { "\xe3\x80\x80", TRUE },        /* IDEOGRAPHIC SPACE */
    { "\xe2\x80\xa8", TRUE },        /* LINE SEPARATOR */
    { "a", FALSE },
    { "  a  ", FALSE },
    { ".", FALSE },
    { "\xe2\x80\x8b", FALSE },       /* ZERO WIDTH SPACE is a format character */
    { "\x01", FALSE },
    { " \xff ", FALSE },
    { "\xc3", FALSE },               /* truncated sequence */
  };

  g_assert_true (crm_text_is_blank (NULL));

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_test_message ("is_blank “%s”", vectors[i].text);
      g_assert_cmpint (crm_text_is_blank (vectors[i].text), ==, vectors[i].blank);
    }
}

static void
test_clean (void)
{
  static const struct {
    const char *text;
    const char *clean;
  } vectors[] = {
    { "Anna", "Anna" },
    { "  Anna   Maria \n", "Anna Maria" },
    { "Jānis" NBSP " Bērziņš", "Jānis Bērziņš" },
    { "\tSIA\n\n“Rīgas  Ūdens”\r\n", "SIA “Rīgas Ūdens”" },
    { "a b", "a b" },
    { "Straße", "Straße" },
    { "", NULL },
    { "   ", NULL },
    { NBSP "\t", NULL },
  };

  g_assert_null (crm_text_clean (NULL));

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autofree char *clean = crm_text_clean (vectors[i].text);

      g_assert_cmpstr (clean, ==, vectors[i].clean);
    }

  {
    g_autofree char *clean = crm_text_clean (" a\xff b ");

    g_assert_cmpstr (clean, ==, "a\xef\xbf\xbd b");
  }
}

static void
assert_invalid (const char *text,
                gsize       max_chars,
                gboolean    multiline,
                const char *message_part)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (crm_text_validate (text, "Company name", max_chars, multiline, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "Company name"));
  if (message_part != NULL)
    g_assert_nonnull (strstr (error->message, message_part));
}

static void
assert_valid (const char *text,
              gsize       max_chars,
              gboolean    multiline)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (crm_text_validate (text, "Company name", max_chars, multiline, &error));
  g_assert_no_error (error);
}

static void
test_validate (void)
{
  g_autofree char *long_text = g_strnfill (10000, 'x');

  assert_valid (NULL, 10, FALSE);
  assert_valid ("", 10, FALSE);
  assert_valid ("SIA Ābols", 10, FALSE);
  assert_valid ("0123456789", 10, FALSE);
  assert_valid ("ēēēēēēēēēē", 10, FALSE);       /* 10 characters, 20 bytes */
  assert_valid ("日本語日本語日本語日", 10, FALSE);
  assert_valid ("👩‍💻", 3, FALSE);              /* three code points joined */
  assert_valid (long_text, 0, FALSE);           /* 0 is no limit */
  assert_valid (long_text, 10000, FALSE);
  assert_valid ("line one\nline two\n\tindented", 100, TRUE);
  assert_valid ("a\xe2\x80\xa8" "b", 10, TRUE);   /* LINE SEPARATOR */
  assert_valid ("soft\xc2\xad" "hyphen", 20, FALSE);

  assert_invalid ("01234567890", 10, FALSE, "10");
  assert_invalid ("ēēēēēēēēēēē", 10, FALSE, "10");
  assert_invalid (long_text, 9999, TRUE, "9999");
  assert_invalid ("ab", 1, FALSE, "1 character");
  assert_invalid ("a\nb", 10, FALSE, NULL);
  assert_invalid ("a\xe2\x80\xa8" "b", 10, FALSE, NULL);
  assert_invalid ("a\xe2\x80\xa9" "b", 10, FALSE, NULL);
  assert_invalid ("a\tb", 10, FALSE, "U+0009");
  assert_invalid ("a\rb", 10, FALSE, "U+000D");
  assert_invalid ("a\r\nb", 10, TRUE, "U+000D");
  assert_invalid ("a\x01" "b", 10, TRUE, "U+0001");
  assert_invalid ("a\x1b[31m", 10, TRUE, "U+001B");
  assert_invalid ("a\x7f", 10, TRUE, "U+007F");
  assert_invalid ("a\xc2\x85" "b", 10, TRUE, "U+0085");   /* NEXT LINE, a C1 control */
  assert_invalid ("a\xff" "b", 10, TRUE, "UTF-8");
  assert_invalid ("\xc3", 10, TRUE, "UTF-8");
  assert_invalid ("\xed\xa0\x80", 10, TRUE, "UTF-8");       /* a surrogate */
}

static void
test_fts_quote (void)
{
  static const struct {
    const char *text;
    const char *quoted;
  } vectors[] = {
    { "", "\"\"" },
    { "abc", "\"abc\"" },
    { "a\"b", "\"a\"\"b\"" },
    { "\"", "\"\"\"\"" },
    { "\"\"", "\"\"\"\"\"\"" },
    { "foo OR bar*", "\"foo OR bar*\"" },
    { "Bērziņš", "\"Bērziņš\"" },
    { "it's", "\"it's\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autofree char *quoted = crm_text_fts_quote (vectors[i].text);

      g_assert_cmpstr (quoted, ==, vectors[i].quoted);
    }

  {
    g_autofree char *quoted = crm_text_fts_quote (NULL);

    g_assert_cmpstr (quoted, ==, "\"\"");
  }
}

static int
count_matches (sqlite3    *db,
               const char *query)
{
  sqlite3_stmt *stmt = NULL;
  int count = -1;
  int rc;

  rc = sqlite3_prepare_v2 (db, "SELECT count(*) FROM t WHERE t MATCH ?", -1, &stmt, NULL);
  g_assert_cmpint (rc, ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, query, -1, SQLITE_TRANSIENT);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    count = sqlite3_column_int (stmt, 0);
  else
    g_test_message ("%s: %s", query, sqlite3_errmsg (db));

  sqlite3_finalize (stmt);

  return count;
}

/* Whatever a person types, the quoted string is one FTS5 phrase: operators,
 * prefixes, column filters and stray quotes are matched as text or ignored,
 * never obeyed and never a syntax error. */
static void
test_fts_quote_in_sqlite (void)
{
  static const char *hostile[] = {
    "\"", "\"\"", "a\"b", "OR", "AND", "NOT", "NEAR(a b)", "*", "^anna",
    "name:anna", "anna*", "(anna", "anna)", "-anna", "+anna", "anna OR 1",
    "'; DROP TABLE t; --", "{name}: anna", "anna \" OR \" maria",
  };
  sqlite3 *db = NULL;
  char *message = NULL;
  int rc;

  rc = sqlite3_open (":memory:", &db);
  g_assert_cmpint (rc, ==, SQLITE_OK);

  rc = sqlite3_exec (db,
                     "CREATE VIRTUAL TABLE t USING fts5(name, tokenize = 'unicode61 remove_diacritics 2');"
                     "INSERT INTO t (name) VALUES ('anna maria'), ('anna or maria'), ('o''brien'), ('maria');",
                     NULL, NULL, &message);
  if (rc != SQLITE_OK && message != NULL && strstr (message, "fts5") != NULL)
    {
      sqlite3_free (message);
      sqlite3_close (db);
      g_test_skip ("SQLite was built without FTS5");
      return;
    }
  g_assert_cmpstr (message, ==, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autofree char *quoted = crm_text_fts_quote (hostile[i]);

      g_test_message ("MATCH %s", quoted);
      g_assert_cmpint (count_matches (db, quoted), >=, 0);
    }

  /* Quoted text is a phrase: "anna OR maria" only finds those three words in
   * that order, and OR is not an operator. */
  {
    g_autofree char *phrase = crm_text_fts_quote ("anna or maria");
    g_autofree char *word = crm_text_fts_quote ("maria");
    g_autofree char *apostrophe = crm_text_fts_quote ("o'brien");

    g_assert_cmpint (count_matches (db, phrase), ==, 1);
    g_assert_cmpint (count_matches (db, word), ==, 3);
    g_assert_cmpint (count_matches (db, apostrophe), ==, 1);
  }

  /* Unquoted, the same input is a syntax error; this is what quoting is for. */
  g_assert_cmpint (count_matches (db, "a\"b"), ==, -1);

  sqlite3_close (db);
}

static void
assert_words (const char  *text,
              const char **expected)
{
  g_auto(GStrv) words = crm_text_split_words (text);

  g_test_message ("split “%s”", text);
  g_assert_nonnull (words);
  g_assert_cmpstrv (words, expected);
}

static void
test_split_words (void)
{
  assert_words (NULL, (const char *[]) { NULL });
  assert_words ("", (const char *[]) { NULL });
  assert_words ("   ", (const char *[]) { NULL });
  assert_words (" ,.;-'\"() ", (const char *[]) { NULL });
  assert_words ("anna", (const char *[]) { "anna", NULL });
  assert_words ("anna maria", (const char *[]) { "anna", "maria", NULL });
  assert_words ("  anna \t maria  ", (const char *[]) { "anna", "maria", NULL });
  assert_words ("o'brien-smith 42", (const char *[]) { "o", "brien", "smith", "42", NULL });
  assert_words ("+371 2000 0000", (const char *[]) { "371", "2000", "0000", NULL });
  assert_words ("anna@example.lv", (const char *[]) { "anna", "example", "lv", NULL });
  assert_words ("a_b/c\\d", (const char *[]) { "a", "b", "c", "d", NULL });
  assert_words ("елена берзиня", (const char *[]) { "елена", "берзиня", NULL });
  assert_words ("bērziņš", (const char *[]) { "bērziņš", NULL });
  assert_words ("cafe\xcc\x81 bar", (const char *[]) { "cafe\xcc\x81", "bar", NULL });
  assert_words ("東京 タワー", (const char *[]) { "東京", "タワー", NULL });
  assert_words ("a«b»c—d…e", (const char *[]) { "a", "b", "c", "d", "e", NULL });
  assert_words ("x²", (const char *[]) { "x²", NULL });
  assert_words ("a+b=c", (const char *[]) { "a", "b", "c", NULL });
  assert_words ("50%", (const char *[]) { "50", NULL });

  /* Folding and splitting together give what a search box needs. */
  {
    g_autofree char *folded = crm_text_fold ("  Bērziņš, JĀNIS  (SIA “Ābols”) ");

    assert_words (folded, (const char *[]) { "berzins", "janis", "sia", "abols", NULL });
  }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/fold", test_fold);
  g_test_add_func ("/text/fold/all-characters", test_fold_all_characters);
  g_test_add_func ("/text/fold/cherokee", test_fold_cherokee);
  g_test_add_func ("/text/is-blank", test_is_blank);
  g_test_add_func ("/text/clean", test_clean);
  g_test_add_func ("/text/validate", test_validate);
  g_test_add_func ("/text/fts-quote", test_fts_quote);
  g_test_add_func ("/text/fts-quote/sqlite", test_fts_quote_in_sqlite);
  g_test_add_func ("/text/split-words", test_split_words);

  return g_test_run ();
}
