/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "crm-import"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "crm-contact.h"
#include "crm-import.h"
#include "crm-phone.h"
#include "crm-store-contacts.h"
#include "crm-text.h"
#include "crm-time.h"

/* Reading a whole file into memory is fine for a client list; a file far
 * larger than any list of clients is more likely a mistake. */
#define MAX_FILE_SIZE (256 * 1024 * 1024)

/* Rows written in one transaction: large enough that the import is fast,
 * short enough that the window, which writes through its own connection,
 * never waits long for the lock. */
#define BATCH_ROWS 250
#define BATCH_USEC (150 * G_TIME_SPAN_MILLISECOND)

/* How many records the delimiter is guessed from. */
#define SNIFF_RECORDS 50

G_DEFINE_QUARK (crm-import-error-quark, crm_import_error)

/* One record of the file: its cells and the line it starts on. */
typedef struct
{
  guint   line;
  char  **cells;
  guint   n_cells;
} Record;

/* A decoded, parsed file. records[0] is the header row; blank records are
 * left out. */
typedef struct
{
  char      *encoding;
  char       delimiter;
  GPtrArray *records;
} Table;

typedef struct
{
  CrmStore              *store;
  const CrmImportField  *fields;
  guint                  n_fields;
  Record                *header;
  GPtrArray             *users;
  char                  *current_user_name;
  gboolean               several_notes;
} ImportContext;

/* A row added in the open transaction, waiting for its commit. */
typedef struct
{
  guint      index;
  GPtrArray *warnings;
} PendingRow;

static void
record_free (Record *record)
{
  g_strfreev (record->cells);
  g_free (record);
}

static void
table_free (Table *table)
{
  g_free (table->encoding);
  g_clear_pointer (&table->records, g_ptr_array_unref);
  g_free (table);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Table, table_free)

static void
pending_row_free (PendingRow *row)
{
  g_clear_pointer (&row->warnings, g_ptr_array_unref);
  g_free (row);
}

static void
problem_free (CrmImportProblem *problem)
{
  g_free (problem->message);
  g_free (problem);
}

static const char *
cell (const Record *record,
      guint         column)
{
  return column < record->n_cells ? record->cells[column] : "";
}

/* Spreadsheets export empty rows as ";;;" – blank whatever the delimiter
 * turns out to be. */
static gboolean
record_is_blank (const Record *record)
{
  for (guint i = 0; i < record->n_cells; i++)
    {
      for (const char *p = record->cells[i]; *p != '\0'; p++)
        {
          if (!g_ascii_isspace (*p) && *p != ',' && *p != ';')
            return FALSE;
        }
    }

  return TRUE;
}

/* Header names ------------------------------------------------------------ */

typedef struct
{
  CrmImportField  field;
  const char     *names;  /* '|'-separated, compared after normalize_header() */
} FieldNames;

/* The column names people give in English, Latvian and Russian. They are
 * folded at run time the same way as the file's headers, so they can be
 * written here with their accents. */
static const FieldNames field_names[] = {
  { CRM_IMPORT_FIELD_NAME,
    "name|full name|client|client name|customer|customer name|contact|contact name|person|"
    "name surname|first and last name|"
    "vārds|vārds uzvārds|pilns vārds|klients|klienta vārds|kontakts|kontaktpersona|"
    "имя|фио|полное имя|клиент|имя клиента|контакт|контактное лицо|фамилия имя|"
    "фамилия имя отчество|имя фамилия" },
  { CRM_IMPORT_FIELD_FIRST_NAME,
    "first name|firstname|given name|forename|priekšvārds|имя клиента первое" },
  { CRM_IMPORT_FIELD_MIDDLE_NAME,
    "middle name|patronymic|tēvvārds|отчество" },
  { CRM_IMPORT_FIELD_LAST_NAME,
    "last name|lastname|surname|family name|uzvārds|фамилия" },
  { CRM_IMPORT_FIELD_PHONE,
    "phone|telephone|tel|phone number|telephone number|mobile|mobile phone|mobile number|cell|"
    "cell phone|mob|phone mobile|"
    "tālrunis|tālr|telefons|tel nr|tālruņa numurs|telefona numurs|mobilais|mobilais tālrunis|"
    "mobilais telefons|mob tālr|"
    "телефон|тел|номер телефона|мобильный|мобильный телефон|сотовый|сотовый телефон|моб|"
    "моб тел|телефон мобильный" },
  { CRM_IMPORT_FIELD_WORK_PHONE,
    "work phone|office phone|business phone|phone work|work|"
    "darba tālrunis|darba telefons|tālrunis darba|"
    "рабочий телефон|телефон рабочий|раб тел|рабочий" },
  { CRM_IMPORT_FIELD_HOME_PHONE,
    "home phone|phone home|home|"
    "mājas tālrunis|mājas telefons|tālrunis mājas|"
    "домашний телефон|телефон домашний|дом тел|домашний" },
  { CRM_IMPORT_FIELD_EMAIL,
    "email|e mail|mail|email address|e mail address|"
    "epasts|e pasts|e pasta adrese|epasta adrese|"
    "почта|эл почта|электронная почта|email адрес|емейл|имейл|e mail адрес" },
  { CRM_IMPORT_FIELD_COMPANY,
    "company|company name|organization|organisation|firm|employer|business|"
    "uzņēmums|uzņēmuma nosaukums|firma|organizācija|darba vieta|"
    "компания|организация|фирма|название компании|место работы" },
  { CRM_IMPORT_FIELD_NOTES,
    "notes|note|comment|comments|remarks|description|"
    "piezīmes|piezīme|komentārs|komentāri|apraksts|"
    "заметки|заметка|примечание|примечания|комментарий|комментарии|описание" },
  { CRM_IMPORT_FIELD_TAGS,
    "tags|tag|labels|label|categories|category|group|groups|"
    "birkas|birka|kategorija|kategorijas|grupa|"
    "теги|тег|метки|метка|категория|категории|группа" },
  { CRM_IMPORT_FIELD_SOURCE,
    "source|lead source|channel|referral|"
    "avots|kanāls|"
    "источник|канал|откуда узнал|откуда" },
  { CRM_IMPORT_FIELD_BIRTHDAY,
    "birthday|birth date|date of birth|dob|born|"
    "dzimšanas diena|dzimšanas datums|dz diena|dzimis|"
    "день рождения|дата рождения|др" },
  { CRM_IMPORT_FIELD_OWNER,
    "owner|responsible|manager|assigned to|salesperson|employee|account manager|"
    "atbildīgais|atbildīgā persona|menedžeris|darbinieks|"
    "ответственный|менеджер|сотрудник" },
  { CRM_IMPORT_FIELD_KEY_CLIENT,
    "key client|key|vip|key customer|"
    "galvenais klients|"
    "ключевой клиент|vip клиент" },
};

/* Header names that mean the whole name alone but the first name when the
 * file has a column for the last name ("Vārds" beside "Uzvārds"). */
static const char * const ambiguous_names[] = { "name", "vārds", "имя" };

/* Folds case and accents, turns punctuation into spaces and drops a
 * trailing number, so "E-pasts 2", "Tālrunis (mob.)" and "PHONE_1" become
 * "e pasts", "talrunis mob" and "phone". */
static char *
normalize_header (const char *header)
{
  g_autofree char *folded = crm_text_fold (header);
  GString *result = g_string_new (NULL);
  gboolean pending_space = FALSE;

  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isalnum (c))
        {
          pending_space = result->len > 0;
          continue;
        }

      if (pending_space)
        g_string_append_c (result, ' ');
      pending_space = FALSE;
      g_string_append_unichar (result, c);
    }

  while (result->len > 0 &&
         (g_ascii_isdigit (result->str[result->len - 1]) || result->str[result->len - 1] == ' '))
    g_string_truncate (result, result->len - 1);

  return g_string_free (result, FALSE);
}

static gboolean
name_in_list (const char *normalized,
              const char *names)
{
  g_auto(GStrv) list = g_strsplit (names, "|", -1);

  for (guint i = 0; list[i] != NULL; i++)
    {
      g_autofree char *candidate = normalize_header (list[i]);

      if (g_str_equal (candidate, normalized))
        return TRUE;
    }

  return FALSE;
}

static gboolean
contains_any (const char         *normalized,
              const char * const *parts)
{
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *part = normalize_header (parts[i]);

      if (strstr (normalized, part) != NULL)
        return TRUE;
    }

  return FALSE;
}

/**
 * crm_import_guess_field:
 * @header: a cell of a file's header row
 *
 * Tells what a column holds from its name, in English, Latvian or Russian,
 * ignoring case, accents, punctuation and a trailing number ("Phone 2").
 * An ambiguous "Name" / "Vārds" / "Имя" gives %CRM_IMPORT_FIELD_NAME;
 * crm_import_preview() makes it the first name when the file also has a
 * last-name column.
 *
 * Returns: the field, %CRM_IMPORT_FIELD_IGNORE when the name is not known
 */
CrmImportField
crm_import_guess_field (const char *header)
{
  static const char * const phone_words[] = { "phone", "tel", "tālr", "mobil", "телефон", "мобильн", NULL };
  static const char * const work_words[] = { "work", "office", "darba", "рабоч", NULL };
  static const char * const home_words[] = { "home", "mājas", "домаш", NULL };
  static const char * const email_words[] = { "mail", "pasts", "почта", NULL };
  g_autofree char *normalized = NULL;

  if (header == NULL)
    return CRM_IMPORT_FIELD_IGNORE;

  normalized = normalize_header (header);
  if (*normalized == '\0')
    return CRM_IMPORT_FIELD_IGNORE;

  for (guint i = 0; i < G_N_ELEMENTS (field_names); i++)
    {
      if (name_in_list (normalized, field_names[i].names))
        return field_names[i].field;
    }

  /* Headers nobody listed still often name a phone or an e-mail:
   * "Tālrunis klientam", "Mobile (private)", "E-mail for invoices". */
  if (contains_any (normalized, phone_words))
    {
      if (contains_any (normalized, work_words))
        return CRM_IMPORT_FIELD_WORK_PHONE;
      if (contains_any (normalized, home_words))
        return CRM_IMPORT_FIELD_HOME_PHONE;
      return CRM_IMPORT_FIELD_PHONE;
    }

  if (contains_any (normalized, email_words))
    return CRM_IMPORT_FIELD_EMAIL;

  return CRM_IMPORT_FIELD_IGNORE;
}

static gboolean
is_ambiguous_name (const char *header)
{
  g_autofree char *normalized = normalize_header (header);

  for (guint i = 0; i < G_N_ELEMENTS (ambiguous_names); i++)
    {
      g_autofree char *candidate = normalize_header (ambiguous_names[i]);

      if (g_str_equal (candidate, normalized))
        return TRUE;
    }

  return FALSE;
}

static CrmImportField *
guess_fields (const Record *header)
{
  CrmImportField *fields = g_new0 (CrmImportField, MAX (header->n_cells, 1));
  gboolean has_last_name = FALSE;

  for (guint i = 0; i < header->n_cells; i++)
    {
      fields[i] = crm_import_guess_field (header->cells[i]);
      has_last_name |= fields[i] == CRM_IMPORT_FIELD_LAST_NAME;
    }

  if (has_last_name)
    {
      for (guint i = 0; i < header->n_cells; i++)
        {
          if (fields[i] == CRM_IMPORT_FIELD_NAME && is_ambiguous_name (header->cells[i]))
            fields[i] = CRM_IMPORT_FIELD_FIRST_NAME;
        }
    }

  return fields;
}

/**
 * crm_import_field_get_label:
 * @field: a #CrmImportField
 *
 * Returns: the field's name as shown to people, translated
 */
const char *
crm_import_field_get_label (CrmImportField field)
{
  switch (field)
    {
    case CRM_IMPORT_FIELD_NAME:        return _("Name");
    case CRM_IMPORT_FIELD_FIRST_NAME:  return _("First name");
    case CRM_IMPORT_FIELD_MIDDLE_NAME: return _("Middle name");
    case CRM_IMPORT_FIELD_LAST_NAME:   return _("Last name");
    case CRM_IMPORT_FIELD_PHONE:       return _("Phone");
    case CRM_IMPORT_FIELD_WORK_PHONE:  return _("Work phone");
    case CRM_IMPORT_FIELD_HOME_PHONE:  return _("Home phone");
    case CRM_IMPORT_FIELD_EMAIL:       return _("E-mail");
    case CRM_IMPORT_FIELD_COMPANY:     return _("Company");
    case CRM_IMPORT_FIELD_NOTES:       return _("Notes");
    case CRM_IMPORT_FIELD_TAGS:        return _("Tags");
    case CRM_IMPORT_FIELD_SOURCE:      return _("Source");
    case CRM_IMPORT_FIELD_BIRTHDAY:    return _("Birthday");
    case CRM_IMPORT_FIELD_OWNER:       return _("Owner");
    case CRM_IMPORT_FIELD_KEY_CLIENT:  return _("Key client");
    case CRM_IMPORT_FIELD_IGNORE:
    case CRM_IMPORT_N_FIELDS:
    default:                           return _("Ignore");
    }
}

/**
 * crm_import_fields_have_name:
 * @fields: (array length=n_fields): what each column holds
 * @n_fields: the number of columns
 *
 * Returns: %TRUE if some column gives the clients' names (a name, or a
 *   first, middle or last name)
 */
gboolean
crm_import_fields_have_name (const CrmImportField *fields,
                             guint                 n_fields)
{
  for (guint i = 0; fields != NULL && i < n_fields; i++)
    {
      switch (fields[i])
        {
        case CRM_IMPORT_FIELD_NAME:
        case CRM_IMPORT_FIELD_FIRST_NAME:
        case CRM_IMPORT_FIELD_MIDDLE_NAME:
        case CRM_IMPORT_FIELD_LAST_NAME:
          return TRUE;
        case CRM_IMPORT_FIELD_IGNORE:
        case CRM_IMPORT_FIELD_PHONE:
        case CRM_IMPORT_FIELD_WORK_PHONE:
        case CRM_IMPORT_FIELD_HOME_PHONE:
        case CRM_IMPORT_FIELD_EMAIL:
        case CRM_IMPORT_FIELD_COMPANY:
        case CRM_IMPORT_FIELD_NOTES:
        case CRM_IMPORT_FIELD_TAGS:
        case CRM_IMPORT_FIELD_SOURCE:
        case CRM_IMPORT_FIELD_BIRTHDAY:
        case CRM_IMPORT_FIELD_OWNER:
        case CRM_IMPORT_FIELD_KEY_CLIENT:
        case CRM_IMPORT_N_FIELDS:
        default:
          break;
        }
    }

  return FALSE;
}

/* Character sets ---------------------------------------------------------- */

/* How natural decoded text looks, to choose between the two legacy code
 * pages. Both decode almost any byte, but wrongly decoded text is easy to
 * tell: Latvian read as Windows-1251 mixes Cyrillic letters into Latin
 * words ("Bзrziтр"), and Russian read as Windows-1257 gives words made only
 * of accented Latin letters ("Åėåķą"). A word scores +1 when its letters are
 * all Cyrillic, or Latin with at least one plain ASCII letter; -1
 * otherwise. Words of ASCII letters only read the same either way. */
static gint64
naturalness (const char *text)
{
  gint64 score = 0;
  guint ascii = 0, latin = 0, cyrillic = 0, other = 0;
  const char *p = text;

  while (TRUE)
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && g_unichar_isalpha (c))
        {
          if (c < 0x80)
            ascii++;
          else if (g_unichar_get_script (c) == G_UNICODE_SCRIPT_LATIN)
            latin++;
          else if (g_unichar_get_script (c) == G_UNICODE_SCRIPT_CYRILLIC)
            cyrillic++;
          else
            other++;
        }
      else
        {
          if (latin + cyrillic + other > 0)
            {
              gboolean all_cyrillic = cyrillic > 0 && ascii == 0 && latin == 0 && other == 0;
              gboolean latin_word = cyrillic == 0 && other == 0 && ascii > 0;

              score += (all_cyrillic || latin_word) ? 1 : -1;
            }
          ascii = latin = cyrillic = other = 0;
        }

      if (c == 0)
        break;
      p = g_utf8_next_char (p);
    }

  return score;
}

static gboolean
has_prefix (const char *data,
            gsize       length,
            const char *prefix,
            gsize       prefix_length)
{
  return length >= prefix_length && memcmp (data, prefix, prefix_length) == 0;
}

/* Turns the file's bytes into UTF-8 text. The rule, in order:
 *
 *  1. a UTF-8 byte order mark: UTF-8 (the mark is dropped);
 *     a UTF-16 mark (Excel's "Unicode text"): UTF-16;
 *  2. bytes that are valid UTF-8: UTF-8;
 *  3. otherwise the older Windows code pages of the first users: each of
 *     Windows-1257 (Baltic) and Windows-1251 (Cyrillic) that converts
 *     without error is scored by naturalness() and the higher score wins;
 *     on a tie Windows-1257, the code page of Latvian Windows.
 *
 * Workbooks and binary files are refused with a reason. */
static char *
decode (const char  *path,
        const char  *data,
        gsize        length,
        char       **out_encoding,
        GError     **error)
{
  static const char zip_magic[] = "PK\x03\x04";
  static const char ole_magic[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
  g_autofree char *display = g_filename_display_basename (path);
  g_autofree char *text = NULL;
  const char *encoding = NULL;
  guint controls = 0;
  glong n_chars = 0;

  if (has_prefix (data, length, zip_magic, 4) || has_prefix (data, length, ole_magic, 8))
    {
      g_set_error (error, CRM_IMPORT_ERROR, CRM_IMPORT_ERROR_SPREADSHEET,
                   _("“%s” is a spreadsheet workbook, not a CSV file. Open it in Excel or "
                     "LibreOffice and save it as “CSV” first."),
                   display);
      return NULL;
    }

  if (has_prefix (data, length, "\xEF\xBB\xBF", 3))
    {
      data += 3;
      length -= 3;
    }
  else if (has_prefix (data, length, "\xFF\xFE", 2) || has_prefix (data, length, "\xFE\xFF", 2))
    {
      const char *from = data[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE";

      text = g_convert (data + 2, length - 2, "UTF-8", from, NULL, NULL, NULL);
      encoding = "UTF-16";
      if (text == NULL)
        goto not_text;
    }

  if (text == NULL)
    {
      if (memchr (data, '\0', length) != NULL)
        goto not_text;

      if (g_utf8_validate (data, length, NULL))
        {
          text = g_strndup (data, length);
          encoding = "UTF-8";
        }
      else
        {
          g_autofree char *baltic = g_convert (data, length, "UTF-8", "WINDOWS-1257", NULL, NULL, NULL);
          g_autofree char *cyrillic = g_convert (data, length, "UTF-8", "WINDOWS-1251", NULL, NULL, NULL);

          if (baltic != NULL && (cyrillic == NULL || naturalness (baltic) >= naturalness (cyrillic)))
            {
              text = g_steal_pointer (&baltic);
              encoding = "WINDOWS-1257";
            }
          else if (cyrillic != NULL)
            {
              text = g_steal_pointer (&cyrillic);
              encoding = "WINDOWS-1251";
            }
          else
            goto not_text;
        }
    }

  /* Text has line breaks and tabs, but hardly ever other control
   * characters; binary data without zero bytes has many. */
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      n_chars++;
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7F ||
          (c >= 0x80 && c < 0xA0))
        controls++;
    }

  if (controls > 0 && controls * 100 >= (guint)MAX (n_chars, 1))
    goto not_text;

  *out_encoding = g_strdup (encoding);
  return g_steal_pointer (&text);

not_text:
  g_set_error (error, CRM_IMPORT_ERROR, CRM_IMPORT_ERROR_NOT_TEXT,
               _("“%s” is not a CSV file: it does not hold text in UTF-8, Windows-1257 or "
                 "Windows-1251"),
               display);
  return NULL;
}

/* CSV --------------------------------------------------------------------- */

/* Parses RFC 4180 CSV: fields separated by @delimiter, records by CRLF, LF
 * or CR; a field in double quotes may hold delimiters, line breaks and
 * doubled quotes. Sloppy files are read as a person would mean them: a
 * quote inside an unquoted field is a quote, text after a closing quote is
 * kept, and a quote left open runs to the end of the file. Line breaks
 * inside fields become "\n". Blank records are dropped. At most
 * @max_records are read (0: all). */
static GPtrArray *
parse_records (const char *text,
               char        delimiter,
               guint       max_records)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify)record_free);
  const char *p = text;
  guint line = 1;

  while (*p != '\0' && (max_records == 0 || records->len < max_records))
    {
      g_autoptr(GPtrArray) cells = g_ptr_array_new ();
      Record *record;
      guint record_line = line;
      gboolean end_of_record = FALSE;

      while (!end_of_record)
        {
          GString *field = g_string_new (NULL);

          if (*p == '"')
            {
              p++;
              while (*p != '\0')
                {
                  if (*p == '"')
                    {
                      if (p[1] == '"')
                        {
                          g_string_append_c (field, '"');
                          p += 2;
                          continue;
                        }
                      p++;
                      break;
                    }

                  if (*p == '\r' || *p == '\n')
                    {
                      if (*p == '\r' && p[1] == '\n')
                        p++;
                      g_string_append_c (field, '\n');
                      line++;
                      p++;
                      continue;
                    }

                  g_string_append_c (field, *p);
                  p++;
                }
            }

          while (*p != '\0' && *p != delimiter && *p != '\r' && *p != '\n')
            {
              g_string_append_c (field, *p);
              p++;
            }

          g_ptr_array_add (cells, g_string_free (field, FALSE));

          if (*p == delimiter)
            {
              p++;
              continue;
            }

          if (*p == '\r')
            {
              p++;
              if (*p == '\n')
                p++;
            }
          else if (*p == '\n')
            p++;
          line++;
          end_of_record = TRUE;
        }

      g_ptr_array_add (cells, NULL);
      record = g_new0 (Record, 1);
      record->line = record_line;
      record->n_cells = cells->len - 1;
      record->cells = (char **)g_ptr_array_free (g_steal_pointer (&cells), FALSE);

      if (record_is_blank (record))
        record_free (record);
      else
        g_ptr_array_add (records, record);
    }

  return records;
}

static guint
count_known_headers (const Record *header)
{
  guint known = 0;

  for (guint i = 0; i < header->n_cells; i++)
    {
      if (crm_import_guess_field (header->cells[i]) != CRM_IMPORT_FIELD_IGNORE)
        known++;
    }

  return known;
}

/* Chooses the delimiter that makes the most header cells known column
 * names, then the one that gives the header more than one column, then the
 * one that gives the most rows as many cells as the header. "Vārds,
 * uzvārds;Tālrunis" is therefore split at the semicolon. */
static char
guess_delimiter (const char *text)
{
  static const char candidates[] = { ',', ';', '\t' };
  char best = ',';
  guint best_score[4] = { 0, 0, 0, 0 };

  for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
    {
      g_autoptr(GPtrArray) records = parse_records (text, candidates[c], SNIFF_RECORDS);
      const Record *header;
      guint score[4] = { 0, 0, 0, 0 };

      if (records->len == 0)
        continue;

      header = g_ptr_array_index (records, 0);
      score[0] = count_known_headers (header);
      score[1] = header->n_cells > 1;
      for (guint r = 1; r < records->len; r++)
        {
          const Record *record = g_ptr_array_index (records, r);

          if (record->n_cells == header->n_cells)
            score[2]++;
        }
      score[3] = header->n_cells;

      for (guint k = 0; k < G_N_ELEMENTS (score); k++)
        {
          if (score[k] == best_score[k])
            continue;
          if (score[k] > best_score[k])
            {
              memcpy (best_score, score, sizeof score);
              best = candidates[c];
            }
          break;
        }
    }

  return best;
}

static Table *
load_table (const char  *path,
            GError     **error)
{
  g_autoptr(Table) table = g_new0 (Table, 1);
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = g_filename_display_basename (path);
  g_autofree char *text = NULL;
  const char *body;
  gsize length;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR,
                   _("“%s” is a folder, not a CSV file"), display);
      return NULL;
    }

  file = g_mapped_file_new (path, FALSE, &local_error);
  if (file == NULL)
    {
      g_autofree char *full_name = g_filename_display_name (path);

      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                     _("There is no file “%s”"), full_name);
      else if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_ACCES))
        g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ACCES,
                     _("You are not allowed to read “%s”"), full_name);
      else
        g_set_error (error, local_error->domain, local_error->code,
                     _("“%s” cannot be read: %s"), display, local_error->message);
      return NULL;
    }

  length = g_mapped_file_get_length (file);
  if (length > MAX_FILE_SIZE)
    {
      g_set_error (error, CRM_IMPORT_ERROR, CRM_IMPORT_ERROR_TOO_LARGE,
                   _("“%s” is too large to be a list of clients"), display);
      return NULL;
    }

  if (length == 0)
    goto empty;

  text = decode (path, g_mapped_file_get_contents (file), length, &table->encoding, error);
  if (text == NULL)
    return NULL;

  body = text;

  /* Excel writes and reads a first line "sep=;" that names the delimiter. */
  if (g_ascii_strncasecmp (body, "sep=", 4) == 0 && body[4] != '\0' &&
      (body[5] == '\r' || body[5] == '\n' || body[5] == '\0'))
    {
      table->delimiter = body[4];
      body += 5;
      if (*body == '\r')
        body++;
      if (*body == '\n')
        body++;
    }
  else
    table->delimiter = guess_delimiter (body);

  table->records = parse_records (body, table->delimiter, 0);
  if (body != text)
    {
      /* Keep line numbers those of the file. */
      for (guint i = 0; i < table->records->len; i++)
        ((Record *)g_ptr_array_index (table->records, i))->line++;
    }

  if (table->records->len == 0)
    goto empty;

  if (table->records->len == 1)
    {
      g_set_error (error, CRM_IMPORT_ERROR, CRM_IMPORT_ERROR_NO_ROWS,
                   _("“%s” has a header row but no clients below it"), display);
      return NULL;
    }

  return g_steal_pointer (&table);

empty:
  g_set_error (error, CRM_IMPORT_ERROR, CRM_IMPORT_ERROR_EMPTY,
               _("“%s” is empty"), display);
  return NULL;
}

/* Preview ----------------------------------------------------------------- */

/**
 * crm_import_preview:
 * @path: a CSV file
 * @error: return location for a #GError
 *
 * Reads a file as crm_import_run() would and tells how its columns were
 * understood. A file whose columns include no name is still previewed (so
 * that a person can choose the name column); crm_import_run() refuses it.
 *
 * Returns: (transfer full): the preview, or %NULL when the file cannot be
 *   imported at all
 */
CrmImportPreview *
crm_import_preview (const char  *path,
                    GError     **error)
{
  g_autoptr(Table) table = NULL;
  CrmImportPreview *preview;
  const Record *header;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  table = load_table (path, error);
  if (table == NULL)
    return NULL;

  header = g_ptr_array_index (table->records, 0);

  preview = g_new0 (CrmImportPreview, 1);
  preview->path = g_strdup (path);
  preview->encoding = g_strdup (table->encoding);
  preview->delimiter = table->delimiter;
  preview->n_columns = header->n_cells;
  preview->headers = g_strdupv (header->cells);
  preview->fields = guess_fields (header);
  preview->rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  preview->n_rows = table->records->len - 1;

  for (guint r = 1; r < table->records->len && preview->rows->len < CRM_IMPORT_PREVIEW_ROWS; r++)
    {
      const Record *record = g_ptr_array_index (table->records, r);
      char **cells = g_new0 (char *, header->n_cells + 1);

      for (guint c = 0; c < header->n_cells; c++)
        cells[c] = g_strdup (cell (record, c));
      g_ptr_array_add (preview->rows, cells);
    }

  return preview;
}

void
crm_import_preview_free (CrmImportPreview *preview)
{
  if (preview == NULL)
    return;

  g_free (preview->path);
  g_free (preview->encoding);
  g_strfreev (preview->headers);
  g_free (preview->fields);
  g_clear_pointer (&preview->rows, g_ptr_array_unref);
  g_free (preview);
}

void
crm_import_report_free (CrmImportReport *report)
{
  if (report == NULL)
    return;

  g_clear_pointer (&report->problems, g_ptr_array_unref);
  g_free (report);
}

/* Building a client from a row -------------------------------------------- */

/* Dates as spreadsheets write them: 1985-03-15, 15.03.1985, 15/03/1985,
 * 15.03.85, 3/15/1985 (day and month told apart when one is above 12; the
 * day comes first otherwise, as in Latvia and Russia), with or without a
 * time after them. Returns YYYY-MM-DD, or NULL for anything else, for
 * dates that do not exist and for dates in the future. */
static char *
parse_birthday (const char *text)
{
  guint numbers[3] = { 0, 0, 0 };
  guint lengths[3] = { 0, 0, 0 };
  guint n = 0;
  guint year, month, day;
  const char *p = text;
  g_autoptr(GDateTime) now = NULL;

  while (*p == ' ')
    p++;

  while (n < 3)
    {
      if (!g_ascii_isdigit (*p))
        return NULL;

      while (g_ascii_isdigit (*p))
        {
          if (lengths[n] >= 4)
            return NULL;
          numbers[n] = numbers[n] * 10 + (guint)(*p - '0');
          lengths[n]++;
          p++;
        }
      n++;

      if (n < 3)
        {
          if (*p != '.' && *p != '-' && *p != '/')
            return NULL;
          p++;
          while (*p == ' ')
            p++;
        }
    }

  /* What may follow: a final dot, a time, spaces. */
  if (*p == '.')
    p++;
  if (*p != '\0' && *p != ' ' && *p != 'T')
    return NULL;

  now = g_date_time_new_from_unix_local (crm_time_now_ms () / 1000);

  if (lengths[0] == 4)
    {
      year = numbers[0];
      month = numbers[1];
      day = numbers[2];
    }
  else if (lengths[2] == 4 || lengths[2] == 2)
    {
      year = numbers[2];
      if (lengths[2] == 2)
        {
          guint this_year = now ? (guint)g_date_time_get_year (now) : 2000;

          year += 2000;
          if (year > this_year)
            year -= 100;
        }

      if (numbers[1] > 12 && numbers[0] <= 12)
        {
          month = numbers[0];
          day = numbers[1];
        }
      else
        {
          day = numbers[0];
          month = numbers[1];
        }
    }
  else
    return NULL;

  if (year < 1850 || month < 1 || month > 12 || day < 1 ||
      !g_date_valid_dmy ((GDateDay)day, (GDateMonth)month, (GDateYear)year))
    return NULL;

  if (now != NULL)
    {
      guint today = (guint)g_date_time_get_year (now) * 10000 +
                    (guint)g_date_time_get_month (now) * 100 +
                    (guint)g_date_time_get_day_of_month (now);

      if (year * 10000 + month * 100 + day > today)
        return NULL;
    }

  return g_strdup_printf ("%04u-%02u-%02u", year, month, day);
}

static gboolean
is_yes (const char *text)
{
  static const char * const yes_words[] = {
    "1", "yes", "y", "true", "x", "+", "key", "vip",
    "jā", "j", "galvenais",
    "да", "д", "ключевой",
    "✓", "✔",
    NULL
  };
  g_autofree char *folded = crm_text_fold (text);

  for (guint i = 0; yes_words[i] != NULL; i++)
    {
      g_autofree char *word = crm_text_fold (yes_words[i]);

      if (g_str_equal (folded, word))
        return TRUE;
    }

  return FALSE;
}

/* Splits a cell that may hold several values: "20000000, 29999999". */
static GStrv
split_values (const char *text,
              const char *separators)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *copy = g_strdup (text);
  g_auto(GStrv) parts = NULL;

  g_strdelimit (copy, separators, '\x1f');
  parts = g_strsplit (copy, "\x1f", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] != '\0')
        g_strv_builder_add (builder, parts[i]);
    }

  return g_strv_builder_end (builder);
}

static void
append_joined (GString    *target,
               const char *separator,
               const char *text)
{
  if (target->len > 0)
    g_string_append (target, separator);
  g_string_append (target, text);
}

static gint64
find_owner (ImportContext *ctx,
            const char    *text)
{
  g_autofree char *folded = crm_text_fold (text);

  for (guint i = 0; ctx->users != NULL && i < ctx->users->len; i++)
    {
      const CrmUser *user = g_ptr_array_index (ctx->users, i);
      g_autofree char *login = crm_text_fold (user->login);
      g_autofree char *name = crm_text_fold (user->name);

      if (g_str_equal (folded, login) || g_str_equal (folded, name))
        return user->id;
    }

  return 0;
}

/* Makes the client one row describes. What the store would refuse is left
 * for the store to refuse, so the reason is the one people get when they
 * type the client in; what only adds to a client and cannot be understood
 * (a birthday, an owner) is left out and reported in @warnings. */
static CrmContact *
build_contact (ImportContext *ctx,
               const Record  *record,
               GPtrArray     *warnings)
{
  g_autoptr(CrmContact) contact = crm_contact_new ();
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(GString) first = g_string_new (NULL);
  g_autoptr(GString) middle = g_string_new (NULL);
  g_autoptr(GString) last = g_string_new (NULL);
  g_autoptr(GString) notes = g_string_new (NULL);
  g_autoptr(GString) source = g_string_new (NULL);
  g_autoptr(GStrvBuilder) tags = g_strv_builder_new ();
  g_autoptr(GHashTable) seen_phones = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) seen_emails = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) tag_list = NULL;
  const char *birthday = NULL;
  const char *owner = NULL;
  gboolean is_key = FALSE;
  const char *country = crm_store_get_default_country (ctx->store);

  for (guint c = 0; c < ctx->n_fields; c++)
    {
      g_autofree char *value = g_strstrip (g_strdup (cell (record, c)));
      CrmPhoneKind phone_kind = CRM_PHONE_MOBILE;

      if (value[0] == '\0')
        continue;

      switch (ctx->fields[c])
        {
        case CRM_IMPORT_FIELD_NAME:
          append_joined (name, " ", value);
          break;

        case CRM_IMPORT_FIELD_FIRST_NAME:
          append_joined (first, " ", value);
          break;

        case CRM_IMPORT_FIELD_MIDDLE_NAME:
          append_joined (middle, " ", value);
          break;

        case CRM_IMPORT_FIELD_LAST_NAME:
          append_joined (last, " ", value);
          break;

        case CRM_IMPORT_FIELD_WORK_PHONE:
        case CRM_IMPORT_FIELD_HOME_PHONE:
        case CRM_IMPORT_FIELD_PHONE:
          {
            g_auto(GStrv) numbers = split_values (value, ",;\n");

            if (ctx->fields[c] == CRM_IMPORT_FIELD_WORK_PHONE)
              phone_kind = CRM_PHONE_WORK;
            else if (ctx->fields[c] == CRM_IMPORT_FIELD_HOME_PHONE)
              phone_kind = CRM_PHONE_HOME;

            for (guint i = 0; numbers[i] != NULL; i++)
              {
                g_autofree char *digits = NULL;
                g_autofree char *extension = NULL;
                char *key;

                /* The same number in two columns is one phone, not a
                 * mistake to refuse the row for. */
                if (crm_phone_normalize (numbers[i], country, &digits, &extension, NULL))
                  key = g_strconcat (digits, "x", extension ? extension : "", NULL);
                else
                  key = g_strdup (numbers[i]);

                if (!g_hash_table_add (seen_phones, key))
                  continue;

                crm_contact_add_phone (contact, crm_phone_entry_new (phone_kind, numbers[i], NULL, NULL));
              }
          }
          break;

        case CRM_IMPORT_FIELD_EMAIL:
          {
            g_auto(GStrv) addresses = split_values (value, ",; \n");

            for (guint i = 0; addresses[i] != NULL; i++)
              {
                if (!g_hash_table_add (seen_emails, g_utf8_strdown (addresses[i], -1)))
                  continue;
                crm_contact_add_email (contact, crm_email_entry_new (CRM_EMAIL_OTHER, addresses[i]));
              }
          }
          break;

        case CRM_IMPORT_FIELD_COMPANY:
          if (crm_contact_get_company_name (contact) == NULL)
            crm_contact_set_company_name (contact, value);
          break;

        case CRM_IMPORT_FIELD_NOTES:
          /* Several columns read as notes ("Allergies", "Favourite
           * master") keep their names, or they could not be told apart. */
          if (ctx->several_notes)
            {
              g_autofree char *header = g_strstrip (g_strdup (cell (ctx->header, c)));

              if (header[0] != '\0')
                {
                  g_autofree char *line = g_strdup_printf ("%s: %s", header, value);

                  append_joined (notes, "\n", line);
                  break;
                }
            }
          append_joined (notes, "\n", value);
          break;

        case CRM_IMPORT_FIELD_TAGS:
          {
            g_auto(GStrv) words = split_values (value, ",;|\n");

            g_strv_builder_addv (tags, (const char **)words);
          }
          break;

        case CRM_IMPORT_FIELD_SOURCE:
          append_joined (source, ", ", value);
          break;

        case CRM_IMPORT_FIELD_BIRTHDAY:
          if (birthday == NULL)
            birthday = cell (record, c);
          break;

        case CRM_IMPORT_FIELD_OWNER:
          if (owner == NULL)
            owner = cell (record, c);
          break;

        case CRM_IMPORT_FIELD_KEY_CLIENT:
          is_key |= is_yes (value);
          break;

        case CRM_IMPORT_FIELD_IGNORE:
        case CRM_IMPORT_N_FIELDS:
        default:
          break;
        }
    }

  /* A full-name column wins; otherwise first, middle and last names are
   * joined in the order people say them. */
  if (crm_text_is_blank (name->str))
    {
      GString *parts[] = { first, middle, last };

      g_string_truncate (name, 0);
      for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
        {
          if (parts[i]->len > 0)
            append_joined (name, " ", parts[i]->str);
        }
    }

  crm_contact_set_kind (contact, CRM_CONTACT_PERSON);
  crm_contact_set_name (contact, name->str);
  if (notes->len > 0)
    crm_contact_set_notes (contact, notes->str);
  if (source->len > 0)
    crm_contact_set_source (contact, source->str);
  crm_contact_set_is_key (contact, is_key);

  tag_list = g_strv_builder_end (tags);
  if (tag_list[0] != NULL)
    crm_contact_set_tag_list (contact, (const char * const *)tag_list);

  if (birthday != NULL)
    {
      g_autofree char *date = parse_birthday (birthday);
      g_autofree char *shown = g_strstrip (g_strdup (birthday));

      if (date != NULL)
        crm_contact_set_birthday (contact, date);
      else if (warnings != NULL)
        g_ptr_array_add (warnings,
                         g_strdup_printf (_("The birthday “%s” is not a real date in the past; "
                                            "the client was imported without it"),
                                          shown));
    }

  if (owner != NULL)
    {
      g_autofree char *shown = g_strstrip (g_strdup (owner));
      gint64 owner_id = find_owner (ctx, shown);

      if (owner_id != 0)
        crm_contact_set_owner_id (contact, owner_id);
      else if (warnings != NULL)
        g_ptr_array_add (warnings,
                         g_strdup_printf (_("No employee is called “%s”; the client was given "
                                            "to %s"),
                                          shown, ctx->current_user_name));
    }

  return g_steal_pointer (&contact);
}

/* Importing --------------------------------------------------------------- */

static void
add_problem (CrmImportReport *report,
             guint            line,
             const char      *message,
             gboolean         skipped)
{
  CrmImportProblem *problem = g_new0 (CrmImportProblem, 1);

  problem->line = line;
  problem->message = g_strdup (message);
  problem->skipped = skipped;
  g_ptr_array_add (report->problems, problem);
}

static void
add_warnings (CrmImportReport *report,
              guint            line,
              GPtrArray       *warnings)
{
  for (guint i = 0; warnings != NULL && i < warnings->len; i++)
    add_problem (report, line, g_ptr_array_index (warnings, i), FALSE);
}

/* Whether a failed add was about the row (a bad phone, a duplicate), as
 * opposed to the database failing, which stops the import. */
static gboolean
is_row_error (const GError *error)
{
  return error->domain == CRM_STORE_ERROR ||
         g_error_matches (error, CRM_DATABASE_ERROR, CRM_DATABASE_ERROR_CONSTRAINT) ||
         g_error_matches (error, CRM_DATABASE_ERROR, CRM_DATABASE_ERROR_INVALID);
}

static int
compare_problems (gconstpointer a,
                  gconstpointer b)
{
  const CrmImportProblem *pa = *(const CrmImportProblem * const *)a;
  const CrmImportProblem *pb = *(const CrmImportProblem * const *)b;

  if (pa->line != pb->line)
    return pa->line < pb->line ? -1 : 1;
  /* The reason a row was skipped before what was left out of it. */
  return (pb->skipped ? 1 : 0) - (pa->skipped ? 1 : 0);
}

/* Adds the rows of a batch that a failing row rolled back, each in its own
 * transaction, so that no later failure can undo them again. */
static gboolean
replay_rows (ImportContext    *ctx,
             Table            *table,
             GPtrArray        *pending,
             CrmImportReport  *report,
             GError          **error)
{
  for (guint i = 0; i < pending->len; i++)
    {
      const PendingRow *row = g_ptr_array_index (pending, i);
      const Record *record = g_ptr_array_index (table->records, row->index);
      g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(CrmContact) contact = build_contact (ctx, record, warnings);
      g_autoptr(GError) local_error = NULL;

      if (crm_store_add_contact (ctx->store, contact, &local_error) != 0)
        {
          report->imported++;
          add_warnings (report, record->line, warnings);
        }
      else if (is_row_error (local_error))
        {
          report->skipped++;
          add_problem (report, record->line, local_error->message, TRUE);
        }
      else
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  g_ptr_array_set_size (pending, 0);
  return TRUE;
}

static gboolean
commit_batch (ImportContext    *ctx,
              Table            *table,
              GPtrArray        *pending,
              CrmImportReport  *report,
              GError          **error)
{
  if (!crm_store_commit (ctx->store, error))
    return FALSE;

  for (guint i = 0; i < pending->len; i++)
    {
      const PendingRow *row = g_ptr_array_index (pending, i);
      const Record *record = g_ptr_array_index (table->records, row->index);

      report->imported++;
      add_warnings (report, record->line, row->warnings);
    }

  g_ptr_array_set_size (pending, 0);
  return TRUE;
}

/**
 * crm_import_run:
 * @store: the store to add the clients to
 * @csv_path: a CSV file whose first row names the columns
 * @fields: (array length=n_fields) (nullable): what each column holds, as
 *   chosen in a preview; %NULL to use the columns as their names say
 * @n_fields: the length of @fields; columns past it are ignored
 * @progress: (scope call) (nullable): told how far the import is
 * @progress_data: data for @progress
 * @cancellable: (nullable): stops the import between two rows
 * @error: return location for a #GError
 *
 * Adds one client per row through crm_store_add_contact(), so checks,
 * duplicates, history and search are as for a client typed in. A row the
 * store refuses is skipped and reported with its line and the store's
 * reason; the other rows are imported. Rows are committed in batches;
 * when cancelled, the rows committed so far stay and the report says how
 * many (report->cancelled is set, no error).
 *
 * Returns: (transfer full): the report, or %NULL when the file could not
 *   be read (nothing is stored then) or the database failed part-way
 *   (the message says how many clients were saved before)
 */
CrmImportReport *
crm_import_run (CrmStore              *store,
                const char            *csv_path,
                const CrmImportField  *fields,
                guint                  n_fields,
                CrmImportProgress      progress,
                gpointer               progress_data,
                GCancellable          *cancellable,
                GError               **error)
{
  g_autoptr(Table) table = NULL;
  g_autoptr(CrmImportReport) report = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(CrmUser) current_user = NULL;
  g_autofree CrmImportField *guessed = NULL;
  g_autoptr(GError) local_error = NULL;
  ImportContext ctx = { 0 };
  Record *header;
  gboolean in_batch = FALSE;
  gint64 batch_start = 0;
  guint n_rows;
  guint n_notes = 0;
  int last_permille = -1;
  guint line = 0;

  g_return_val_if_fail (CRM_IS_STORE (store), NULL);
  g_return_val_if_fail (csv_path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  table = load_table (csv_path, error);
  if (table == NULL)
    return NULL;

  header = g_ptr_array_index (table->records, 0);
  if (fields == NULL)
    {
      guessed = guess_fields (header);
      fields = guessed;
      n_fields = header->n_cells;
    }

  if (!crm_import_fields_have_name (fields, n_fields))
    {
      g_autofree char *display = g_filename_display_basename (csv_path);

      g_set_error (error, CRM_IMPORT_ERROR, CRM_IMPORT_ERROR_NO_NAME_COLUMN,
                   _("No column of “%s” holds the clients’ names. Name a column “Name” "
                     "(or “First name” and “Last name”) in the first row."),
                   display);
      return NULL;
    }

  users = crm_store_list_users (store, error);
  if (users == NULL)
    return NULL;
  current_user = crm_store_get_user (store, crm_store_get_current_user (store), NULL);

  for (guint c = 0; c < n_fields; c++)
    n_notes += fields[c] == CRM_IMPORT_FIELD_NOTES;

  ctx.store = store;
  ctx.fields = fields;
  ctx.n_fields = n_fields;
  ctx.header = header;
  ctx.users = users;
  ctx.current_user_name = current_user ? current_user->name : (char *)"";
  ctx.several_notes = n_notes > 1;

  report = g_new0 (CrmImportReport, 1);
  report->problems = g_ptr_array_new_with_free_func ((GDestroyNotify)problem_free);
  n_rows = table->records->len - 1;
  report->total = n_rows;

  pending = g_ptr_array_new_with_free_func ((GDestroyNotify)pending_row_free);

  for (guint r = 1; r < table->records->len; r++)
    {
      const Record *record = g_ptr_array_index (table->records, r);
      g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(CrmContact) contact = NULL;
      g_autoptr(GError) row_error = NULL;
      int permille;

      if (g_cancellable_is_cancelled (cancellable))
        {
          report->cancelled = TRUE;
          break;
        }

      line = record->line;

      if (!in_batch)
        {
          if (!crm_store_begin (store, &local_error))
            goto failed;
          in_batch = TRUE;
          batch_start = g_get_monotonic_time ();
        }

      contact = build_contact (&ctx, record, warnings);
      if (crm_store_add_contact (store, contact, &row_error) != 0)
        {
          PendingRow *row = g_new0 (PendingRow, 1);

          row->index = r;
          row->warnings = g_steal_pointer (&warnings);
          g_ptr_array_add (pending, row);
        }
      else
        {
          /* A failing write dooms the whole SQLite transaction, so the
           * rows added before it in this batch are gone too: end the
           * batch and add them again. */
          crm_store_rollback (store);
          in_batch = FALSE;

          if (!is_row_error (row_error))
            {
              local_error = g_steal_pointer (&row_error);
              goto failed;
            }

          if (!replay_rows (&ctx, table, pending, report, &local_error))
            goto failed;

          report->skipped++;
          add_problem (report, record->line, row_error->message, TRUE);
        }

      if (in_batch &&
          (pending->len >= BATCH_ROWS || g_get_monotonic_time () - batch_start >= BATCH_USEC))
        {
          in_batch = FALSE;
          if (!commit_batch (&ctx, table, pending, report, &local_error))
            goto failed;
        }

      permille = (int)((guint64)r * 1000 / n_rows);
      if (progress != NULL && permille != last_permille)
        {
          last_permille = permille;
          progress ((double)r / n_rows, progress_data);
        }
    }

  if (in_batch)
    {
      in_batch = FALSE;
      if (!commit_batch (&ctx, table, pending, report, &local_error))
        goto failed;
    }

  g_ptr_array_sort (report->problems, compare_problems);
  return g_steal_pointer (&report);

failed:
  if (in_batch)
    crm_store_rollback (store);

  g_set_error (error, CRM_IMPORT_ERROR, CRM_IMPORT_ERROR_FAILED,
               g_dngettext (GETTEXT_PACKAGE,
                            "The import stopped at line %u after %u client was saved: %s",
                            "The import stopped at line %u after %u clients were saved: %s",
                            report->imported),
               line, report->imported, local_error->message);
  return NULL;
}

typedef struct
{
  char              *database_path;
  char              *user_login;
  char              *csv_path;
  CrmImportField    *fields;
  guint              n_fields;
  CrmImportProgress  progress;
  gpointer           progress_data;
} RunData;

static void
run_data_free (RunData *data)
{
  g_free (data->database_path);
  g_free (data->user_login);
  g_free (data->csv_path);
  g_free (data->fields);
  g_free (data);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RunData *data = task_data;
  g_autoptr(CrmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  CrmImportReport *report;

  /* A connection of its own, so that the window stays live; the window
   * sees the new clients as changes made elsewhere. */
  store = crm_store_open (data->database_path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (data->user_login != NULL &&
      !crm_store_set_current_user (store, data->user_login, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  report = crm_import_run (store, data->csv_path, data->fields, data->n_fields,
                           data->progress, data->progress_data, cancellable, &error);
  if (report == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, report, (GDestroyNotify)crm_import_report_free);
}

/**
 * crm_import_run_async:
 * @store: the store the clients are for; only its file and its current
 *   user are used here, the import writes through a connection of its own
 * @csv_path: a CSV file
 * @fields: (array length=n_fields) (nullable): as for crm_import_run()
 * @n_fields: the length of @fields
 * @progress: (scope async) (nullable): called in the import's thread;
 *   @progress_data must stay valid until @callback runs
 * @progress_data: data for @progress
 * @cancellable: (nullable): a #GCancellable
 * @callback: called in the calling thread's main context when done
 * @user_data: data for @callback
 *
 * Runs crm_import_run() in a thread. The store's `changed` signal is not
 * emitted for the new rows: emit `changed` (%CRM_ENTITY_ANY, 0) in
 * @callback, or let crm_store_watch_external_changes() notice them.
 */
void
crm_import_run_async (CrmStore              *store,
                      const char            *csv_path,
                      const CrmImportField  *fields,
                      guint                  n_fields,
                      CrmImportProgress      progress,
                      gpointer               progress_data,
                      GCancellable          *cancellable,
                      GAsyncReadyCallback    callback,
                      gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(CrmUser) user = NULL;
  RunData *data;

  g_return_if_fail (CRM_IS_STORE (store));
  g_return_if_fail (csv_path != NULL);

  user = crm_store_get_user (store, crm_store_get_current_user (store), NULL);

  data = g_new0 (RunData, 1);
  data->database_path = g_strdup (crm_database_get_path (crm_store_get_database (store)));
  data->user_login = user ? g_strdup (user->login) : NULL;
  data->csv_path = g_strdup (csv_path);
  if (fields != NULL)
    {
      data->fields = g_memdup2 (fields, sizeof (CrmImportField) * n_fields);
      data->n_fields = n_fields;
    }
  data->progress = progress;
  data->progress_data = progress_data;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, crm_import_run_async);
  g_task_set_task_data (task, data, (GDestroyNotify)run_data_free);
  /* A cancelled import still has a report: how many were imported. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, run_thread);
}

/**
 * crm_import_run_finish:
 * @result: the #GAsyncResult given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the report (also when cancelled), or %NULL
 *   with @error set
 */
CrmImportReport *
crm_import_run_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
