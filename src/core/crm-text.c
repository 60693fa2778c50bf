/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "crm-text"

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "crm-text.h"

/* What one character is to folding and cleaning. */
typedef enum
{
  CHAR_KEEP,      /* part of a word */
  CHAR_SPACE,     /* separates words */
  CHAR_INVISIBLE, /* a format character such as a soft hyphen: dropped */
} CharKind;

static CharKind
classify (gunichar c)
{
  if (c < 0x80)
    {
      /* Control characters are treated as spaces so that "a\vb" stays two
       * words rather than becoming one. */
      if (c <= 0x20 || c == 0x7F)
        return CHAR_SPACE;
      return CHAR_KEEP;
    }

  if (g_unichar_isspace (c))
    return CHAR_SPACE;

  switch ((int) g_unichar_type (c))
    {
    case G_UNICODE_CONTROL:
      return CHAR_SPACE;

    case G_UNICODE_FORMAT:
      return CHAR_INVISIBLE;

    default:
      return CHAR_KEEP;
    }
}

/* Letters that people write without their stroke or as two letters, but that
 * Unicode does not decompose.  Each is given in lower case, as it is looked
 * up after lowering. */
static const char *
fold_letter (gunichar c)
{
  switch (c)
    {
    case 0x00DF: return "ss";  /* ß, and ẞ after lowering */
    case 0x00E6: return "ae";  /* æ */
    case 0x00F0: return "d";   /* ð */
    case 0x00F8: return "o";   /* ø */
    case 0x0111: return "d";   /* đ */
    case 0x0127: return "h";   /* ħ */
    case 0x0142: return "l";   /* ł */
    case 0x0153: return "oe";  /* œ */
    case 0x0167: return "t";   /* ŧ */
    case 0x03C2: return "σ";   /* final sigma folds to sigma, as in case folding */
    default: return NULL;
    }
}

static gboolean
is_dropped_mark (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  /* Spacing marks are vowel signs in Indic scripts and carry meaning;
   * only the accents that sit on a letter are dropped. */
  return type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_ENCLOSING_MARK;
}

static gboolean
is_ascii (const char *text,
          gsize      *len)
{
  const char *p;

  for (p = text; *p != '\0'; p++)
    {
      if ((guchar) *p >= 0x80)
        return FALSE;
    }

  *len = p - text;

  return TRUE;
}

/* Most names and notes are plain ASCII: fold them in one pass into one
 * allocation. */
static char *
fold_ascii (const char *text,
            gsize       len)
{
  char *result = g_malloc (len + 1);
  gsize n = 0;
  gboolean pending_space = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if ((guchar) *p <= 0x20 || *p == 0x7F)
        {
          pending_space = n > 0;
          continue;
        }

      if (pending_space)
        {
          result[n++] = ' ';
          pending_space = FALSE;
        }
      result[n++] = g_ascii_tolower (*p);
    }

  result[n] = '\0';

  return result;
}

static void
append_folded (GString  *result,
               gunichar  c)
{
  const char *special;

  if (c < 0x80)
    {
      g_string_append_c (result, g_ascii_tolower ((char) c));
      return;
    }

  c = g_unichar_tolower (c);

  /* Case folding takes a few lower-case letters further than lowering does:
   * the old Cyrillic letter variants become their modern letters, and the
   * Cherokee small letters become the capitals, which Unicode treats as the
   * base form. */
  if (c >= 0x1C80 && c <= 0x1C88)
    {
      static const gunichar old_cyrillic[] = {
        0x0432, 0x0434, 0x043E, 0x0441, 0x0442, 0x0442, 0x044A, 0x0463, 0xA64B,
      };

      c = old_cyrillic[c - 0x1C80];
    }
  else if (c >= 0xAB70 && c <= 0xABBF)
    {
      c = c - 0xAB70 + 0x13A0;
    }
  else if (c >= 0x13F8 && c <= 0x13FD)
    {
      c = c - 0x13F8 + 0x13F0;
    }

  special = fold_letter (c);
  if (special != NULL)
    g_string_append (result, special);
  else
    g_string_append_unichar (result, c);
}

/**
 * crm_text_fold:
 * @text: (nullable): text to fold
 *
 * Folds @text for searching and sorting, so that what people type matches
 * what they stored however it was accented or capitalised.
 *
 * Characters are decomposed as in Unicode NFKD, accents and other
 * non-spacing marks are dropped ("Bērziņš" becomes "berzins", "ё" becomes
 * "е"), letters are lowered as in case folding ("ЕЛЕНА" becomes "елена"),
 * and a few letters without a decomposition are spelled out: "ß" as "ss",
 * "æ" as "ae", "œ" as "oe", and "ø", "đ", "ð", "ł", "ħ", "ŧ" as their base
 * letter.  Runs of white space and control characters become one space and
 * are trimmed at both ends; invisible format characters (soft hyphens,
 * zero-width spaces and joiners) are dropped.
 *
 * Returns: (transfer full): the folded text, "" for %NULL
 */
char *
crm_text_fold (const char *text)
{
  g_autofree char *valid = NULL;
  GString *result;
  gboolean pending_space = FALSE;
  gsize len;

  if (text == NULL)
    return g_strdup ("");

  if (is_ascii (text, &len))
    return fold_ascii (text, len);

  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  result = g_string_sized_new (strlen (text) + 16);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar decomposed[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
      gunichar c = g_utf8_get_char (p);
      gsize n_decomposed;

      if (c < 0x80)
        {
          decomposed[0] = c;
          n_decomposed = 1;
        }
      else
        {
          n_decomposed = g_unichar_fully_decompose (c, TRUE, decomposed,
                                                    G_N_ELEMENTS (decomposed));
        }

      /* A decomposition can itself hold a space: "¨" is a space and a
       * combining diaeresis. */
      for (gsize i = 0; i < n_decomposed; i++)
        {
          gunichar d = decomposed[i];

          switch (classify (d))
            {
            case CHAR_SPACE:
              pending_space = result->len > 0;
              break;

            case CHAR_INVISIBLE:
              break;

            case CHAR_KEEP:
            default:
              if (d >= 0x80 && is_dropped_mark (d))
                break;
              if (pending_space)
                {
                  g_string_append_c (result, ' ');
                  pending_space = FALSE;
                }
              append_folded (result, d);
              break;
            }
        }
    }

  return g_string_free (result, FALSE);
}

/**
 * crm_text_is_blank:
 * @text: (nullable): text to look at
 *
 * Returns: %TRUE if @text is %NULL, empty or only white space
 */
gboolean
crm_text_is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      /* Bytes that are not text are still not blank. */
      if (c == (gunichar) -1 || c == (gunichar) -2 || !g_unichar_isspace (c))
        return FALSE;
    }

  return TRUE;
}

/**
 * crm_text_clean:
 * @text: (nullable): text as a person typed it into a one-line field
 *
 * Trims white space from both ends of @text and turns every run of white
 * space inside it, line breaks and no-break spaces included, into one
 * plain space.  Use it for names and other one-line fields, not for notes,
 * whose line breaks matter.  Bytes that are not valid UTF-8 are replaced by
 * U+FFFD.
 *
 * Returns: (transfer full) (nullable): the cleaned text, or %NULL if @text is
 *   blank
 */
char *
crm_text_clean (const char *text)
{
  g_autofree char *valid = NULL;
  GString *result;
  gboolean pending_space = FALSE;

  if (crm_text_is_blank (text))
    return NULL;

  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);

  result = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          pending_space = result->len > 0;
          continue;
        }

      if (pending_space)
        {
          g_string_append_c (result, ' ');
          pending_space = FALSE;
        }
      g_string_append_len (result, p, g_utf8_next_char (p) - p);
    }

  return g_string_free (result, FALSE);
}

/**
 * crm_text_validate:
 * @text: (nullable): text a person entered, %NULL counting as empty
 * @field_label: the label of the field, as the person sees it
 * @max_chars: the most characters allowed, or 0 for no limit
 * @multiline: whether line breaks and tabs are allowed
 * @error: return location for a #GError
 *
 * Checks that @text can be stored in a field: that it is valid UTF-8, holds
 * no control characters (but line feeds and tabs when @multiline is %TRUE;
 * carriage returns are never allowed, so turn "\r\n" into "\n" first) and no
 * more than @max_chars characters.  Line and paragraph separators (U+2028,
 * U+2029) count as line breaks.
 *
 * Returns: %TRUE if @text is acceptable; otherwise %FALSE with @error set to
 *   %G_IO_ERROR_INVALID_DATA and a message naming @field_label
 */
gboolean
crm_text_validate (const char  *text,
                   const char  *field_label,
                   gsize        max_chars,
                   gboolean     multiline,
                   GError     **error)
{
  gsize n_chars = 0;

  g_return_val_if_fail (field_label != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (text == NULL)
    return TRUE;

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s: the text is not valid UTF-8"), field_label);
      return FALSE;
    }

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      n_chars++;

      if (c == '\n' || c == 0x2028 || c == 0x2029)
        {
          if (!multiline)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("%s: line breaks are not allowed here"), field_label);
              return FALSE;
            }
        }
      else if (c == '\t' && multiline)
        {
          continue;
        }
      else if (g_unichar_iscntrl (c))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("%s: the text contains a control character (U+%04X)"),
                       field_label, (guint) c);
          return FALSE;
        }
    }

  if (max_chars > 0 && n_chars > max_chars)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%s: the text is too long; at most %lu character is allowed",
                                "%s: the text is too long; at most %lu characters are allowed",
                                max_chars),
                   field_label, (unsigned long) max_chars);
      return FALSE;
    }

  return TRUE;
}

/**
 * crm_text_fts_quote:
 * @text: (nullable): a user string
 *
 * Makes @text one FTS5 string: wrapped in double quotes, with each double
 * quote inside doubled, so that nothing in it is read as FTS5 syntax
 * (AND, OR, NEAR, '*', '^', column filters).  %NULL gives "\"\"".
 *
 * Returns: (transfer full): the quoted string
 */
char *
crm_text_fts_quote (const char *text)
{
  GString *result;

  if (text == NULL)
    text = "";

  result = g_string_sized_new (strlen (text) + 8);
  g_string_append_c (result, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (result, '"');
      g_string_append_c (result, *p);
    }
  g_string_append_c (result, '"');

  return g_string_free (result, FALSE);
}

/* Letters, digits and marks make words; so do private-use characters, as in
 * SQLite's unicode61 tokenizer.  Everything else separates them. */
static gboolean
is_word_char (gunichar c)
{
  if (c < 0x80)
    return g_ascii_isalnum ((char) c);

  switch ((int) g_unichar_type (c))
    {
    case G_UNICODE_LOWERCASE_LETTER:
    case G_UNICODE_MODIFIER_LETTER:
    case G_UNICODE_OTHER_LETTER:
    case G_UNICODE_TITLECASE_LETTER:
    case G_UNICODE_UPPERCASE_LETTER:
    case G_UNICODE_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK:
    case G_UNICODE_NON_SPACING_MARK:
    case G_UNICODE_DECIMAL_NUMBER:
    case G_UNICODE_LETTER_NUMBER:
    case G_UNICODE_OTHER_NUMBER:
    case G_UNICODE_PRIVATE_USE:
      return TRUE;

    default:
      return FALSE;
    }
}

/**
 * crm_text_split_words:
 * @folded: (nullable): text folded with crm_text_fold()
 *
 * Splits @folded into the words of a search query, at white space and at
 * every character that is not a letter, a digit or a mark:
 * "o'brien-smith 42" gives "o", "brien", "smith" and "42".
 *
 * Returns: (transfer full) (array zero-terminated=1): the words, an empty
 *   array when there are none
 */
char **
crm_text_split_words (const char *folded)
{
  g_autofree char *valid = NULL;
  GPtrArray *words;
  const char *word_start = NULL;
  const char *p;

  words = g_ptr_array_new ();

  if (folded == NULL)
    folded = "";
  if (!g_utf8_validate (folded, -1, NULL))
    folded = valid = g_utf8_make_valid (folded, -1);

  for (p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (is_word_char (g_utf8_get_char (p)))
        {
          if (word_start == NULL)
            word_start = p;
        }
      else if (word_start != NULL)
        {
          g_ptr_array_add (words, g_strndup (word_start, p - word_start));
          word_start = NULL;
        }
    }

  if (word_start != NULL)
    g_ptr_array_add (words, g_strndup (word_start, p - word_start));

  g_ptr_array_add (words, NULL);

  return (char **) g_ptr_array_free (words, FALSE);
}
