/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "crm-contact.h"
#include "crm-import.h"
#include "crm-search.h"
#include "crm-store-contacts.h"
#include "crm-store.h"
#include "crm-time.h"

typedef struct
{
  char     *dir;
  char     *path;
  CrmStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("clientele-import-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.db", NULL);
  f->store = crm_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&f->store);

  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (f->dir, name, NULL);
      g_unlink (file);
    }
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static char *
write_bytes (Fixture    *f,
             const char *name,
             const char *data,
             gssize      length)
{
  g_autoptr(GError) error = NULL;
  char *file = g_build_filename (f->dir, name, NULL);

  g_file_set_contents (file, data, length, &error);
  g_assert_no_error (error);
  return file;
}

static char *
write_text (Fixture    *f,
            const char *name,
            const char *text)
{
  return write_bytes (f, name, text, -1);
}

static gint64
count_contacts (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  gint64 count = crm_store_count_contacts (f->store, &error);

  g_assert_no_error (error);
  return count;
}

/* The id of the one live person of that exact name, 0 if there is none. */
static gint64
find_person (Fixture    *f,
             const char *name)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  stmt = crm_database_prepare (crm_store_get_database (f->store),
                               "SELECT id FROM contacts WHERE name = ?1 AND kind = 0 "
                               "AND deleted_at IS NULL",
                               &error);
  g_assert_no_error (error);
  crm_statement_bind_text (stmt, 1, name);
  if (crm_statement_step (stmt, &error) == CRM_STEP_ROW)
    {
      id = crm_statement_get_int64 (stmt, 0);
      g_assert_cmpint (crm_statement_step (stmt, &error), ==, CRM_STEP_DONE);
    }
  g_assert_no_error (error);
  return id;
}

static CrmContact *
get_person (Fixture    *f,
            const char *name)
{
  g_autoptr(GError) error = NULL;
  gint64 id = find_person (f, name);
  CrmContact *contact;

  if (id == 0)
    g_error ("No client “%s” was imported", name);

  contact = crm_store_get_contact (f->store, id, &error);
  g_assert_no_error (error);
  return contact;
}

static CrmImportReport *
import_file (Fixture    *f,
             const char *file)
{
  g_autoptr(GError) error = NULL;
  CrmImportReport *report;

  report = crm_import_run (f->store, file, NULL, 0, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static CrmImportReport *
import_text (Fixture    *f,
             const char *text)
{
  g_autofree char *file = write_text (f, "clients.csv", text);

  return import_file (f, file);
}

static const CrmPhone *
phone_at (CrmContact *contact,
          guint       index)
{
  GPtrArray *phones = crm_contact_get_phones (contact);

  g_assert_cmpuint (index, <, phones->len);
  return g_ptr_array_index (phones, index);
}

static const CrmImportProblem *
problem_at (CrmImportReport *report,
            guint            index)
{
  g_assert_cmpuint (index, <, report->problems->len);
  return g_ptr_array_index (report->problems, index);
}

static void
test_comma (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(CrmImportReport) report = NULL;
  g_autoptr(CrmContact) anna = NULL;
  g_autoptr(CrmContact) peter = NULL;
  GPtrArray *emails;

  report = import_text (f,
                        "Name,Phone,E-mail,Company,Notes,Tags,Source,Birthday,Key client\n"
                        "Anna Bērziņa,+371 20 000 001,anna@example.lv,Salons Rīga,Likes tea,\"vip, colour\",Instagram,15.03.1985,yes\n"
                        "Peter Smith,20000002,PETER@example.com,,,,,1990-07-01,\n");

  g_assert_cmpuint (report->imported, ==, 2);
  g_assert_cmpuint (report->skipped, ==, 0);
  g_assert_cmpuint (report->total, ==, 2);
  g_assert_false (report->cancelled);
  g_assert_cmpuint (report->problems->len, ==, 0);

  /* Two people and the company the first one works for. */
  g_assert_cmpint (count_contacts (f), ==, 3);
  g_assert_cmpint (crm_store_find_company (f->store, "Salons Rīga", NULL), !=, 0);

  anna = get_person (f, "Anna Bērziņa");
  g_assert_cmpstr (phone_at (anna, 0)->e164, ==, "37120000001");
  emails = crm_contact_get_emails (anna);
  g_assert_cmpuint (emails->len, ==, 1);
  g_assert_cmpstr (((CrmEmail *)g_ptr_array_index (emails, 0))->address, ==, "anna@example.lv");
  g_assert_cmpstr (crm_contact_get_company_name (anna), ==, "Salons Rīga");
  g_assert_cmpstr (crm_contact_get_notes (anna), ==, "Likes tea");
  g_assert_cmpstr (crm_contact_get_tags (anna), ==, "colour, vip");
  g_assert_cmpstr (crm_contact_get_source (anna), ==, "Instagram");
  g_assert_cmpstr (crm_contact_get_birthday (anna), ==, "1985-03-15");
  g_assert_true (crm_contact_get_is_key (anna));

  peter = get_person (f, "Peter Smith");
  g_assert_cmpstr (phone_at (peter, 0)->e164, ==, "37120000002");
  g_assert_cmpstr (crm_contact_get_birthday (peter), ==, "1990-07-01");
  g_assert_false (crm_contact_get_is_key (peter));
  g_assert_null (crm_contact_get_company_name (peter));
}

static void
test_semicolon_latvian (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(CrmImportReport) report = NULL;
  g_autoptr(CrmImportPreview) preview = NULL;
  g_autoptr(CrmContact) janis = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *file = NULL;
  const char *text =
    "Vārds, uzvārds;Tālrunis;E-pasts;Uzņēmums;Piezīmes;Birkas;Avots;Dzimšanas diena;Atbildīgais\n"
    "Jānis Kalniņš;29 123 456;janis@example.lv;SIA Ziedi;Krāsošana, griešana;pastāvīgs;Ieteica draugs;01.02.1979;admin\n"
    "Līga Ozola;29 123 457;;;;;;;\n";

  file = write_text (f, "klienti.csv", text);
  preview = crm_import_preview (file, &error);
  g_assert_no_error (error);

  /* The comma inside the first header must not split it. */
  g_assert_cmpint (preview->delimiter, ==, ';');
  g_assert_cmpstr (preview->encoding, ==, "UTF-8");
  g_assert_cmpuint (preview->n_columns, ==, 9);
  g_assert_cmpuint (preview->n_rows, ==, 2);
  g_assert_cmpstr (preview->headers[0], ==, "Vārds, uzvārds");
  g_assert_cmpint (preview->fields[0], ==, CRM_IMPORT_FIELD_NAME);
  g_assert_cmpint (preview->fields[1], ==, CRM_IMPORT_FIELD_PHONE);
  g_assert_cmpint (preview->fields[2], ==, CRM_IMPORT_FIELD_EMAIL);
  g_assert_cmpint (preview->fields[3], ==, CRM_IMPORT_FIELD_COMPANY);
  g_assert_cmpint (preview->fields[4], ==, CRM_IMPORT_FIELD_NOTES);
  g_assert_cmpint (preview->fields[5], ==, CRM_IMPORT_FIELD_TAGS);
  g_assert_cmpint (preview->fields[6], ==, CRM_IMPORT_FIELD_SOURCE);
  g_assert_cmpint (preview->fields[7], ==, CRM_IMPORT_FIELD_BIRTHDAY);
  g_assert_cmpint (preview->fields[8], ==, CRM_IMPORT_FIELD_OWNER);
  g_assert_cmpuint (preview->rows->len, ==, 2);
  g_assert_cmpstr (((char **)g_ptr_array_index (preview->rows, 1))[0], ==, "Līga Ozola");

  report = import_file (f, file);
  g_assert_cmpuint (report->imported, ==, 2);
  g_assert_cmpuint (report->skipped, ==, 0);

  janis = get_person (f, "Jānis Kalniņš");
  g_assert_cmpstr (phone_at (janis, 0)->e164, ==, "37129123456");
  g_assert_cmpstr (crm_contact_get_company_name (janis), ==, "SIA Ziedi");
  g_assert_cmpstr (crm_contact_get_notes (janis), ==, "Krāsošana, griešana");
  g_assert_cmpstr (crm_contact_get_tags (janis), ==, "pastāvīgs");
  g_assert_cmpstr (crm_contact_get_source (janis), ==, "Ieteica draugs");
  g_assert_cmpstr (crm_contact_get_birthday (janis), ==, "1979-02-01");
  g_assert_cmpint (crm_contact_get_owner_id (janis), ==, crm_store_find_user (f->store, "admin", NULL));
  g_assert_cmpint (find_person (f, "Līga Ozola"), !=, 0);
}

static void
test_tab_russian (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(CrmImportReport) report = NULL;
  g_autoptr(CrmImportPreview) preview = NULL;
  g_autoptr(CrmContact) elena = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *file = NULL;

  file = write_text (f, "клиенты.tsv",
                     "Фамилия\tИмя\tОтчество\tТелефон\tПочта\tКомпания\tЗаметки\tТеги\tИсточник\tДень рождения\n"
                     "Петрова\tЕлена\tИвановна\t+7 912 345-67-89\telena@example.ru\tООО Ромашка\tМаникюр\tпостоянная\tсайт\t05.11.1988\n");

  preview = crm_import_preview (file, &error);
  g_assert_no_error (error);
  g_assert_cmpint (preview->delimiter, ==, '\t');
  g_assert_cmpint (preview->fields[0], ==, CRM_IMPORT_FIELD_LAST_NAME);
  /* "Имя" beside "Фамилия" is the first name, not the whole name. */
  g_assert_cmpint (preview->fields[1], ==, CRM_IMPORT_FIELD_FIRST_NAME);
  g_assert_cmpint (preview->fields[2], ==, CRM_IMPORT_FIELD_MIDDLE_NAME);
  g_assert_cmpint (preview->fields[3], ==, CRM_IMPORT_FIELD_PHONE);
  g_assert_cmpint (preview->fields[4], ==, CRM_IMPORT_FIELD_EMAIL);
  g_assert_cmpint (preview->fields[5], ==, CRM_IMPORT_FIELD_COMPANY);
  g_assert_cmpint (preview->fields[6], ==, CRM_IMPORT_FIELD_NOTES);
  g_assert_cmpint (preview->fields[7], ==, CRM_IMPORT_FIELD_TAGS);
  g_assert_cmpint (preview->fields[8], ==, CRM_IMPORT_FIELD_SOURCE);
  g_assert_cmpint (preview->fields[9], ==, CRM_IMPORT_FIELD_BIRTHDAY);

  report = import_file (f, file);
  g_assert_cmpuint (report->imported, ==, 1);

  elena = get_person (f, "Елена Ивановна Петрова");
  g_assert_cmpstr (phone_at (elena, 0)->e164, ==, "79123456789");
  g_assert_cmpstr (crm_contact_get_primary_email (elena), ==, "elena@example.ru");
  g_assert_cmpstr (crm_contact_get_company_name (elena), ==, "ООО Ромашка");
  g_assert_cmpstr (crm_contact_get_notes (elena), ==, "Маникюр");
  g_assert_cmpstr (crm_contact_get_tags (elena), ==, "постоянная");
  g_assert_cmpstr (crm_contact_get_source (elena), ==, "сайт");
  g_assert_cmpstr (crm_contact_get_birthday (elena), ==, "1988-11-05");
}

static void
test_quotes (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(CrmImportReport) report = NULL;
  g_autoptr(CrmContact) anna = NULL;
  g_autoptr(CrmContact) ilze = NULL;

  report = import_text (f,
                        "Name,Phone,Notes\n"
                        "\"Anna \"\"Annija\"\" Bērziņa\",20000011,\"First line\n"
                        "second line, with a comma\n"
                        "third line\"\n"
                        "\"Kalniņš, Jānis\",20000012,\"He said \"\"hi\"\"\"\n"
                        "Broken,abc,\n"
                        "Ilze,\"20000013\",\"\"\n");

  g_assert_cmpuint (report->imported, ==, 3);
  g_assert_cmpuint (report->skipped, ==, 1);

  anna = get_person (f, "Anna \"Annija\" Bērziņa");
  g_assert_cmpstr (crm_contact_get_notes (anna), ==,
                   "First line\nsecond line, with a comma\nthird line");
  g_assert_cmpstr (phone_at (anna, 0)->e164, ==, "37120000011");

  g_assert_cmpint (find_person (f, "Kalniņš, Jānis"), !=, 0);
  ilze = get_person (f, "Ilze");
  g_assert_null (crm_contact_get_notes (ilze));

  /* The record with line breaks spans lines 2–4, so "Broken" is on line 6. */
  g_assert_cmpuint (problem_at (report, 0)->line, ==, 6);
  g_assert_true (problem_at (report, 0)->skipped);
  g_assert_nonnull (strstr (problem_at (report, 0)->message, "abc"));
}

static void
test_bom_crlf (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(CrmImportReport) report = NULL;
  g_autoptr(CrmImportPreview) preview = NULL;
  g_autoptr(CrmContact) marta = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *file = NULL;

  file = write_text (f, "excel.csv",
                     "\xEF\xBB\xBFName;Phone;Notes\r\n"
                     "Marta Liepa;20000021;\"Line one\r\nLine two\"\r\n"
                     "\r\n"
                     ";;\r\n"
                     "Bad Phone;12;\r\n");

  preview = crm_import_preview (file, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (preview->encoding, ==, "UTF-8");
  /* The byte order mark is not part of the first column's name. */
  g_assert_cmpstr (preview->headers[0], ==, "Name");
  g_assert_cmpint (preview->fields[0], ==, CRM_IMPORT_FIELD_NAME);
  /* Blank rows are not clients. */
  g_assert_cmpuint (preview->n_rows, ==, 2);

  report = import_file (f, file);
  g_assert_cmpuint (report->imported, ==, 1);
  g_assert_cmpuint (report->skipped, ==, 1);
  g_assert_cmpuint (report->total, ==, 2);
  g_assert_cmpuint (problem_at (report, 0)->line, ==, 6);

  marta = get_person (f, "Marta Liepa");
  g_assert_cmpstr (crm_contact_get_notes (marta), ==, "Line one\nLine two");
}

static void
test_windows_1257 (Fixture       *f,
                   gconstpointer  data)
{
  /* "Vārds, uzvārds;Tālrunis;E-pasts;Piezīmes" and two Latvian clients,
   * written by Excel on Latvian Windows. */
  static const char bytes[] =
    "V\xE2" "rds, uzv\xE2" "rds;T\xE2" "lrunis;E-pasts;Piez\xEE" "mes\r\n"
    "J\xE2" "nis B\xE7" "rzi\xF2" "\xF0" ";20000001;janis@example.lv;\xD0" "\xED" "\xE7" "res, \xEF" "oti \xE2" "tri\r\n"
    "\xCF" "ena \xCD" "\xE7" "ni\xF2" "a;20000002;;\xDB" "dens\r\n";
  g_autoptr(CrmImportReport) report = NULL;
  g_autoptr(CrmImportPreview) preview = NULL;
  g_autoptr(CrmContact) janis = NULL;
  g_autoptr(CrmContact) lena = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *file = NULL;

  file = write_bytes (f, "baltic.csv", bytes, sizeof bytes - 1);
  preview = crm_import_preview (file, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (preview->encoding, ==, "WINDOWS-1257");
  g_assert_cmpstr (preview->headers[1], ==, "Tālrunis");
  g_assert_cmpint (preview->fields[3], ==, CRM_IMPORT_FIELD_NOTES);

  report = import_file (f, file);
  g_assert_cmpuint (report->imported, ==, 2);

  janis = get_person (f, "Jānis Bērziņš");
  g_assert_cmpstr (crm_contact_get_notes (janis), ==, "Šķēres, ļoti ātri");
  lena = get_person (f, "Ļena Ķēniņa");
  g_assert_cmpstr (crm_contact_get_notes (lena), ==, "Ūdens");
}

static void
test_windows_1251 (Fixture       *f,
                   gconstpointer  data)
{
  /* "Фамилия;Имя;Телефон;Заметки" and two clients, from Russian Windows. */
  static const char bytes[] =
    "\xD4" "\xE0" "\xEC" "\xE8" "\xEB" "\xE8" "\xFF" ";\xC8" "\xEC" "\xFF" ";\xD2" "\xE5" "\xEB" "\xE5" "\xF4" "\xEE" "\xED" ";\xC7" "\xE0" "\xEC" "\xE5" "\xF2" "\xEA" "\xE8" "\r\n"
    "\xCF" "\xE5" "\xF2" "\xF0" "\xEE" "\xE2" "\xE0" ";\xC5" "\xEB" "\xE5" "\xED" "\xE0" ";+7 912 345-67-89;\xD1" "\xF2" "\xF0" "\xE8" "\xE6" "\xEA" "\xE0" ", \xEE" "\xEA" "\xF0" "\xE0" "\xF8" "\xE8" "\xE2" "\xE0" "\xED" "\xE8" "\xE5" "\r\n"
    "\xC8" "\xE2" "\xE0" "\xED" "\xEE" "\xE2" ";\xD1" "\xE5" "\xF0" "\xE3" "\xE5" "\xE9" ";+7 912 345-67-80;\xA8" "\xEB" "\xEA" "\xE0" "\r\n";
  g_autoptr(CrmImportReport) report = NULL;
  g_autoptr(CrmImportPreview) preview = NULL;
  g_autoptr(CrmContact) elena = NULL;
  g_autoptr(CrmContact) sergey = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *file = NULL;

  file = write_bytes (f, "cyrillic.csv", bytes, sizeof bytes - 1);
  preview = crm_import_preview (file, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (preview->encoding, ==, "WINDOWS-1251");
  g_assert_cmpstr (preview->headers[0], ==, "Фамилия");
  g_assert_cmpint (preview->fields[0], ==, CRM_IMPORT_FIELD_LAST_NAME);
  g_assert_cmpint (preview->fields[1], ==, CRM_IMPORT_FIELD_FIRST_NAME);

  report = import_file (f, file);
  g_assert_cmpuint (report->imported, ==, 2);

  elena = get_person (f, "Елена Петрова");
  g_assert_cmpstr (crm_contact_get_notes (elena), ==, "Стрижка, окрашивание");
  g_assert_cmpstr (phone_at (elena, 0)->e164, ==, "79123456789");
  sergey = get_person (f, "Сергей Иванов");
  g_assert_cmpstr (crm_contact_get_notes (sergey), ==, "Ёлка");
}

static void
test_first_last_names (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(CrmImportReport) report = NULL;

  report = import_text (f,
                        "Vārds;Uzvārds;Tālrunis\n"
                        "Anna;Bērziņa;20000031\n"
                        ";Ozols;20000032\n"
                        "Ieva;;20000033\n");
  g_assert_cmpuint (report->imported, ==, 3);
  g_assert_cmpint (find_person (f, "Anna Bērziņa"), !=, 0);
  g_assert_cmpint (find_person (f, "Ozols"), !=, 0);
  g_assert_cmpint (find_person (f, "Ieva"), !=, 0);
  g_clear_pointer (&report, crm_import_report_free);

  report = import_text (f,
                        "First Name,Last Name,Mobile\n"
                        "John,Doe,+44 20 7946 0001\n");
  g_assert_cmpuint (report->imported, ==, 1);
  g_assert_cmpint (find_person (f, "John Doe"), !=, 0);
}

static void
test_several_phones (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CrmImportReport) report = NULL;
  g_autoptr(CrmContact) anna = NULL;
  GPtrArray *phones;

  report = import_text (f,
                        "Name;Phone;Phone 2;Mobile;Work phone;Mājas tālrunis;E-mail;E-mail 2\n"
                        "Anna;20000041;+371 20000042, 20000043;20 000 041;67000044;67000045;a@example.lv;A@EXAMPLE.LV\n");

  g_assert_cmpuint (report->imported, ==, 1);
  g_assert_cmpuint (report->problems->len, ==, 0);

  anna = get_person (f, "Anna");
  phones = crm_contact_get_phones (anna);
  /* "20 000 041" in the Mobile column is the first number again. */
  g_assert_cmpuint (phones->len, ==, 5);
  g_assert_cmpstr (phone_at (anna, 0)->e164, ==, "37120000041");
  g_assert_cmpint (phone_at (anna, 0)->kind, ==, CRM_PHONE_MOBILE);
  g_assert_cmpstr (phone_at (anna, 1)->e164, ==, "37120000042");
  g_assert_cmpstr (phone_at (anna, 2)->e164, ==, "37120000043");
  g_assert_cmpstr (phone_at (anna, 3)->e164, ==, "37167000044");
  g_assert_cmpint (phone_at (anna, 3)->kind, ==, CRM_PHONE_WORK);
  g_assert_cmpstr (phone_at (anna, 4)->e164, ==, "37167000045");
  g_assert_cmpint (phone_at (anna, 4)->kind, ==, CRM_PHONE_HOME);
  g_assert_cmpuint (crm_contact_get_emails (anna)->len, ==, 1);
}

static void
test_skipped_rows (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(CrmImportReport) report = NULL;
  g_autoptr(CrmContact) existing = crm_contact_new ();
  g_autoptr(GError) error = NULL;
  const CrmImportProblem *problem;

  crm_contact_set_name (existing, "Olga Existing");
  crm_contact_add_phone (existing, crm_phone_entry_new (CRM_PHONE_MOBILE, "+371 29 000 000", NULL, NULL));
  crm_contact_add_email (existing, crm_email_entry_new (CRM_EMAIL_WORK, "olga@example.lv"));
  crm_store_add_contact (f->store, existing, &error);
  g_assert_no_error (error);

  report = import_text (f,
                        "Name,Phone,E-mail\n"
                        "Good One,20000051,\n"                /* 2 */
                        "Bad Phone,12ab,\n"                   /* 3 */
                        "Same Phone,29000000,\n"              /* 4: Olga's number */
                        "Same Mail,,OLGA@example.lv\n"        /* 5 */
                        ",20000055,nobody@example.lv\n"       /* 6: no name */
                        "Good Two,20000056,two@example.lv\n"  /* 7 */
                        "Twin,20000056,\n"                    /* 8: Good Two's number */
                        "Bad Mail,,not-an-address\n"          /* 9 */
                        "Good Three,,three@example.lv\n");    /* 10 */

  g_assert_cmpuint (report->imported, ==, 3);
  g_assert_cmpuint (report->skipped, ==, 6);
  g_assert_cmpuint (report->total, ==, 9);
  g_assert_cmpuint (report->problems->len, ==, 6);
  g_assert_cmpint (count_contacts (f), ==, 4);

  g_assert_cmpint (find_person (f, "Good One"), !=, 0);
  g_assert_cmpint (find_person (f, "Good Two"), !=, 0);
  g_assert_cmpint (find_person (f, "Good Three"), !=, 0);
  g_assert_cmpint (find_person (f, "Bad Phone"), ==, 0);
  g_assert_cmpint (find_person (f, "Same Phone"), ==, 0);
  g_assert_cmpint (find_person (f, "Twin"), ==, 0);

  problem = problem_at (report, 0);
  g_assert_cmpuint (problem->line, ==, 3);
  g_assert_true (problem->skipped);
  g_assert_nonnull (strstr (problem->message, "12ab"));

  problem = problem_at (report, 1);
  g_assert_cmpuint (problem->line, ==, 4);
  g_assert_nonnull (strstr (problem->message, "Olga Existing"));

  problem = problem_at (report, 2);
  g_assert_cmpuint (problem->line, ==, 5);
  g_assert_nonnull (strstr (problem->message, "Olga Existing"));

  problem = problem_at (report, 3);
  g_assert_cmpuint (problem->line, ==, 6);
  g_assert_cmpstr (problem->message, ==, "A client needs a name");

  problem = problem_at (report, 4);
  g_assert_cmpuint (problem->line, ==, 8);
  g_assert_nonnull (strstr (problem->message, "Good Two"));

  problem = problem_at (report, 5);
  g_assert_cmpuint (problem->line, ==, 9);
  g_assert_nonnull (strstr (problem->message, "not-an-address"));
}

/* Failures in the middle of large batches must not undo the good rows
 * around them. */
static void
test_many_rows (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(CrmImportReport) report = NULL;
  g_autoptr(GString) text = g_string_new ("Name;Phone\n");
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  guint expected_bad = 0;

  for (guint i = 0; i < 1200; i++)
    {
      if (i % 97 == 13)
        {
          g_string_append_printf (text, "Client %u;bad%u\n", i, i);
          expected_bad++;
        }
      else
        g_string_append_printf (text, "Client %u;2%07u\n", i, 1000000 + i);
    }

  report = import_text (f, text->str);
  g_assert_cmpuint (report->total, ==, 1200);
  g_assert_cmpuint (report->skipped, ==, expected_bad);
  g_assert_cmpuint (report->imported, ==, 1200 - expected_bad);
  g_assert_cmpint (count_contacts (f), ==, 1200 - expected_bad);
  g_assert_cmpuint (problem_at (report, 0)->line, ==, 15);

  /* Search indexes are kept as for typed clients: by phone in another
   * format, and by name. */
  results = crm_search_run (f->store, "+371 2100 0500", 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, >=, 1);
  g_assert_cmpstr (((CrmSearchResult *)g_ptr_array_index (results, 0))->title, ==, "Client 500");
}

static void
test_search_and_history (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(CrmImportReport) report = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  report = import_text (f, "Vārds;Tālrunis\nBērziņš Ģirts;+371 20 000 061\n");
  g_assert_cmpuint (report->imported, ==, 1);
  id = find_person (f, "Bērziņš Ģirts");

  results = crm_search_run (f->store, "girts", 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 1);
  g_assert_cmpint (((CrmSearchResult *)g_ptr_array_index (results, 0))->id, ==, id);
  g_clear_pointer (&results, g_ptr_array_unref);

  results = crm_search_run (f->store, "20000061", 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 1);
  g_assert_cmpint (((CrmSearchResult *)g_ptr_array_index (results, 0))->id, ==, id);

  history = crm_store_list_history (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, >=, 1);
  g_assert_cmpstr (((CrmHistoryEntry *)g_ptr_array_index (history, history->len - 1))->field, ==, "created");
}

static void
test_owner_and_birthday (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(CrmImportReport) report = NULL;
  g_autoptr(CrmContact) a = NULL;
  g_autoptr(CrmContact) b = NULL;
  g_autoptr(CrmContact) c = NULL;
  g_autoptr(CrmContact) d = NULL;
  g_autoptr(GError) error = NULL;
  gint64 inga;
  gint64 admin = crm_store_find_user (f->store, "admin", NULL);

  inga = crm_store_add_user (f->store, "inga", "Inga Bērziņa", CRM_ROLE_SALES, &error);
  g_assert_no_error (error);

  report = import_text (f,
                        "Name,Owner,Birthday\n"
                        "A,inga,1980-01-31\n"
                        "B,INGA BERZINA,31/12/1975\n"
                        "C,Nobody Here,31.02.1990\n"
                        "D,,1.2.85\n");

  g_assert_cmpuint (report->imported, ==, 4);
  g_assert_cmpuint (report->skipped, ==, 0);
  g_assert_cmpuint (report->problems->len, ==, 2);

  a = get_person (f, "A");
  g_assert_cmpint (crm_contact_get_owner_id (a), ==, inga);
  g_assert_cmpstr (crm_contact_get_birthday (a), ==, "1980-01-31");

  b = get_person (f, "B");
  g_assert_cmpint (crm_contact_get_owner_id (b), ==, inga);
  g_assert_cmpstr (crm_contact_get_birthday (b), ==, "1975-12-31");

  /* An owner or a birthday that cannot be understood is left out, the
   * client is imported, and the report says what was left out. */
  c = get_person (f, "C");
  g_assert_cmpint (crm_contact_get_owner_id (c), ==, admin);
  g_assert_null (crm_contact_get_birthday (c));
  g_assert_cmpuint (problem_at (report, 0)->line, ==, 4);
  g_assert_false (problem_at (report, 0)->skipped);
  g_assert_cmpuint (problem_at (report, 1)->line, ==, 4);
  g_assert_false (problem_at (report, 1)->skipped);
  g_assert_true (strstr (problem_at (report, 0)->message, "Nobody Here") != NULL ||
                 strstr (problem_at (report, 1)->message, "Nobody Here") != NULL);
  g_assert_true (strstr (problem_at (report, 0)->message, "31.02.1990") != NULL ||
                 strstr (problem_at (report, 1)->message, "31.02.1990") != NULL);

  d = get_person (f, "D");
  g_assert_cmpstr (crm_contact_get_birthday (d), ==, "1985-02-01");
}

static void
test_mapping (Fixture       *f,
              gconstpointer  data)
{
  const CrmImportField fields[] = {
    CRM_IMPORT_FIELD_NAME, CRM_IMPORT_FIELD_IGNORE, CRM_IMPORT_FIELD_PHONE, CRM_IMPORT_FIELD_NOTES,
    CRM_IMPORT_FIELD_NOTES,
  };
  g_autoptr(CrmImportReport) report = NULL;
  g_autoptr(CrmImportPreview) preview = NULL;
  g_autoptr(CrmContact) anna = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *file = NULL;

  file = write_text (f, "odd.csv",
                     "Klients,E-pasts,Numurs,Alerģijas,Mīļākā meistare\n"
                     "Anna,not-an-address,20000071,Rieksti,Ilze\n");

  preview = crm_import_preview (file, &error);
  g_assert_no_error (error);
  g_assert_cmpint (preview->fields[0], ==, CRM_IMPORT_FIELD_NAME);
  g_assert_cmpint (preview->fields[1], ==, CRM_IMPORT_FIELD_EMAIL);
  g_assert_cmpint (preview->fields[2], ==, CRM_IMPORT_FIELD_IGNORE);
  g_assert_cmpint (preview->fields[3], ==, CRM_IMPORT_FIELD_IGNORE);

  report = crm_import_run (f->store, file, fields, G_N_ELEMENTS (fields), NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->imported, ==, 1);

  anna = get_person (f, "Anna");
  g_assert_cmpuint (crm_contact_get_emails (anna)->len, ==, 0);
  g_assert_cmpstr (phone_at (anna, 0)->e164, ==, "37120000071");
  /* Several note columns keep their names. */
  g_assert_cmpstr (crm_contact_get_notes (anna), ==, "Alerģijas: Rieksti\nMīļākā meistare: Ilze");
}

static void
test_guess_field (void)
{
  static const struct { const char *header; CrmImportField field; } cases[] = {
    { "Name", CRM_IMPORT_FIELD_NAME },
    { "  FULL NAME ", CRM_IMPORT_FIELD_NAME },
    { "Vārds, uzvārds", CRM_IMPORT_FIELD_NAME },
    { "VARDS", CRM_IMPORT_FIELD_NAME },
    { "ФИО", CRM_IMPORT_FIELD_NAME },
    { "Имя", CRM_IMPORT_FIELD_NAME },
    { "First name", CRM_IMPORT_FIELD_FIRST_NAME },
    { "Uzvārds", CRM_IMPORT_FIELD_LAST_NAME },
    { "Фамилия", CRM_IMPORT_FIELD_LAST_NAME },
    { "Phone 2", CRM_IMPORT_FIELD_PHONE },
    { "tālrunis", CRM_IMPORT_FIELD_PHONE },
    { "Tālrunis (mob.)", CRM_IMPORT_FIELD_PHONE },
    { "Телефон", CRM_IMPORT_FIELD_PHONE },
    { "Мобильный", CRM_IMPORT_FIELD_PHONE },
    { "Work Phone", CRM_IMPORT_FIELD_WORK_PHONE },
    { "Darba tālrunis", CRM_IMPORT_FIELD_WORK_PHONE },
    { "Рабочий телефон", CRM_IMPORT_FIELD_WORK_PHONE },
    { "Home phone", CRM_IMPORT_FIELD_HOME_PHONE },
    { "E-mail", CRM_IMPORT_FIELD_EMAIL },
    { "email", CRM_IMPORT_FIELD_EMAIL },
    { "E-pasts", CRM_IMPORT_FIELD_EMAIL },
    { "Почта", CRM_IMPORT_FIELD_EMAIL },
    { "Эл. почта", CRM_IMPORT_FIELD_EMAIL },
    { "Company", CRM_IMPORT_FIELD_COMPANY },
    { "Uzņēmums", CRM_IMPORT_FIELD_COMPANY },
    { "Компания", CRM_IMPORT_FIELD_COMPANY },
    { "Notes", CRM_IMPORT_FIELD_NOTES },
    { "Piezīmes", CRM_IMPORT_FIELD_NOTES },
    { "Заметки", CRM_IMPORT_FIELD_NOTES },
    { "Tags", CRM_IMPORT_FIELD_TAGS },
    { "Birkas", CRM_IMPORT_FIELD_TAGS },
    { "Теги", CRM_IMPORT_FIELD_TAGS },
    { "Source", CRM_IMPORT_FIELD_SOURCE },
    { "Avots", CRM_IMPORT_FIELD_SOURCE },
    { "Источник", CRM_IMPORT_FIELD_SOURCE },
    { "Birthday", CRM_IMPORT_FIELD_BIRTHDAY },
    { "Dzimšanas diena", CRM_IMPORT_FIELD_BIRTHDAY },
    { "День рождения", CRM_IMPORT_FIELD_BIRTHDAY },
    { "Owner", CRM_IMPORT_FIELD_OWNER },
    { "Atbildīgais", CRM_IMPORT_FIELD_OWNER },
    { "Ответственный", CRM_IMPORT_FIELD_OWNER },
    { "Key client", CRM_IMPORT_FIELD_KEY_CLIENT },
    { "Shoe size", CRM_IMPORT_FIELD_IGNORE },
    { "", CRM_IMPORT_FIELD_IGNORE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      CrmImportField field = crm_import_guess_field (cases[i].header);

      if (field != cases[i].field)
        g_error ("“%s” was taken for %s, not %s", cases[i].header,
                 crm_import_field_get_label (field), crm_import_field_get_label (cases[i].field));
    }
}

static void
assert_import_fails (Fixture    *f,
                     const char *file,
                     GQuark      domain,
                     int         code)
{
  g_autoptr(CrmImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = crm_import_run (f->store, file, NULL, 0, NULL, NULL, NULL, &error);
  g_assert_error (error, domain, code);
  g_assert_null (report);
  g_assert_cmpuint (strlen (error->message), >, 10);
  g_assert_cmpint (count_contacts (f), ==, 0);
}

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0";
  static const char xlsx[] = "PK\x03\x04\x14\0\x06\0\x08\0\0\0!\0";
  g_autofree char *missing = g_build_filename (f->dir, "missing.csv", NULL);
  g_autofree char *empty = write_text (f, "empty.csv", "");
  g_autofree char *blank = write_text (f, "blank.csv", "\r\n\r\n;;;\r\n");
  g_autofree char *header_only = write_text (f, "header.csv", "Name;Phone\r\n\r\n");
  g_autofree char *binary = write_bytes (f, "picture.csv", png, sizeof png - 1);
  g_autofree char *workbook = write_bytes (f, "clients.xlsx", xlsx, sizeof xlsx - 1);
  g_autofree char *no_name = write_text (f, "noname.csv", "Phone;E-mail\n20000081;a@example.lv\n");
  g_autoptr(CrmImportPreview) preview = NULL;
  g_autoptr(GError) error = NULL;

  assert_import_fails (f, missing, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  assert_import_fails (f, empty, CRM_IMPORT_ERROR, CRM_IMPORT_ERROR_EMPTY);
  assert_import_fails (f, blank, CRM_IMPORT_ERROR, CRM_IMPORT_ERROR_EMPTY);
  assert_import_fails (f, header_only, CRM_IMPORT_ERROR, CRM_IMPORT_ERROR_NO_ROWS);
  assert_import_fails (f, binary, CRM_IMPORT_ERROR, CRM_IMPORT_ERROR_NOT_TEXT);
  assert_import_fails (f, workbook, CRM_IMPORT_ERROR, CRM_IMPORT_ERROR_SPREADSHEET);
  assert_import_fails (f, no_name, CRM_IMPORT_ERROR, CRM_IMPORT_ERROR_NO_NAME_COLUMN);

  preview = crm_import_preview (header_only, &error);
  g_assert_error (error, CRM_IMPORT_ERROR, CRM_IMPORT_ERROR_NO_ROWS);
  g_assert_null (preview);
  g_clear_error (&error);

  /* A file without a name column can be previewed, so that a person can
   * say which column holds the names. */
  preview = crm_import_preview (no_name, &error);
  g_assert_no_error (error);
  g_assert_false (crm_import_fields_have_name (preview->fields, preview->n_columns));
}

typedef struct
{
  GCancellable *cancellable;
  guint         calls;
  guint         cancel_after;
  double        last;
  gboolean      went_back;
} ProgressData;

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  ProgressData *data = user_data;

  data->calls++;
  if (fraction < data->last)
    data->went_back = TRUE;
  data->last = fraction;

  if (data->cancel_after > 0 && data->calls == data->cancel_after)
    g_cancellable_cancel (data->cancellable);
}

static char *
write_numbered_clients (Fixture *f,
                        guint    n)
{
  g_autoptr(GString) text = g_string_new ("Name;Phone\n");

  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, "Client %u;2%07u\n", i, 2000000 + i);

  return write_text (f, "numbered.csv", text->str);
}

static void
test_progress (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(CrmImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *file = write_numbered_clients (f, 40);
  ProgressData progress = { 0 };

  report = crm_import_run (f->store, file, NULL, 0, progress_cb, &progress, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->imported, ==, 40);
  g_assert_cmpuint (progress.calls, ==, 40);
  g_assert_false (progress.went_back);
  g_assert_cmpfloat (progress.last, ==, 1.0);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(CrmImportReport) report = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *file = write_numbered_clients (f, 100);
  ProgressData progress = { cancellable, 0, 7, 0.0, FALSE };

  report = crm_import_run (f->store, file, NULL, 0, progress_cb, &progress, cancellable, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_true (report->cancelled);
  /* Cancelled while reporting row 7: the import stops before row 8. */
  g_assert_cmpuint (report->imported, ==, 7);
  g_assert_cmpuint (report->total, ==, 100);
  g_assert_cmpint (count_contacts (f), ==, report->imported);
  g_assert_cmpint (find_person (f, "Client 6"), !=, 0);
  g_assert_cmpint (find_person (f, "Client 7"), ==, 0);
}

typedef struct
{
  GMainLoop       *loop;
  CrmImportReport *report;
  GError          *error;
  GThread         *main_thread;
  gboolean         progress_in_main_thread;
} AsyncData;

static void
async_progress_cb (double   fraction,
                   gpointer user_data)
{
  AsyncData *data = user_data;

  if (g_thread_self () == data->main_thread)
    data->progress_in_main_thread = TRUE;
}

static void
async_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncData *data = user_data;

  data->report = crm_import_run_finish (result, &data->error);
  g_main_loop_quit (data->loop);
}

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *file = write_numbered_clients (f, 30);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  AsyncData async = { loop, NULL, NULL, g_thread_self (), FALSE };
  gint64 inga;

  /* The import works on behalf of the store's current user. */
  inga = crm_store_add_user (f->store, "inga", "Inga", CRM_ROLE_SALES, &error);
  g_assert_no_error (error);
  crm_store_set_current_user (f->store, "inga", &error);
  g_assert_no_error (error);

  crm_import_run_async (f->store, file, NULL, 0, async_progress_cb, &async, NULL, async_done_cb, &async);
  g_main_loop_run (loop);

  g_assert_no_error (async.error);
  g_assert_nonnull (async.report);
  g_assert_cmpuint (async.report->imported, ==, 30);
  g_assert_false (async.progress_in_main_thread);

  /* The rows came through another connection: the store notices. */
  g_assert_true (crm_store_check_external_changes (f->store));
  g_assert_cmpint (count_contacts (f), ==, 30);
  {
    g_autoptr(CrmContact) client = get_person (f, "Client 3");

    g_assert_cmpint (crm_contact_get_owner_id (client), ==, inga);
  }
  crm_import_report_free (async.report);

  /* An error comes back as an error. */
  {
    g_autofree char *empty = write_text (f, "empty.csv", "");

    async.report = NULL;
    crm_import_run_async (f->store, empty, NULL, 0, NULL, NULL, NULL, async_done_cb, &async);
    g_main_loop_run (loop);
    g_assert_error (async.error, CRM_IMPORT_ERROR, CRM_IMPORT_ERROR_EMPTY);
    g_assert_null (async.report);
    g_clear_error (&async.error);
  }
}

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  const char *cli = g_getenv ("CLIENTELE_CLI");
  g_autofree char *file = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  JsonArray *problems;
  int status = 0;

  if (cli == NULL || !g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("CLIENTELE_CLI is not set");
      return;
    }

  file = write_text (f, "cli.csv", "Name;Phone\nAnna;20000091\nBad;xyz\nIlze;20000092\n");

  {
    const char *argv[] = { cli, "--database", f->path, "import", file, NULL };

    g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_nonnull (strstr (out, "Imported 2 clients, skipped 1"));
    g_assert_nonnull (strstr (err, "3: "));
    g_assert_nonnull (strstr (err, "xyz"));
  }

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_unlink (file);
  g_free (file);
  file = write_text (f, "cli.csv", "Name;Phone\nAnna;20000091\nPeter;20000093\n");

  {
    const char *argv[] = { cli, "--database", f->path, "--json", "import", file, NULL };

    g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    json_parser_load_from_data (parser, out, -1, &error);
    g_assert_no_error (error);
    object = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpint (json_object_get_int_member (object, "imported"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (object, "skipped"), ==, 1);
    problems = json_object_get_array_member (object, "problems");
    g_assert_cmpuint (json_array_get_length (problems), ==, 1);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (problems, 0), "line"), ==, 2);
    g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (problems, 0), "message"),
                              "Anna"));
  }

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  {
    g_autofree char *missing = g_build_filename (f->dir, "missing.csv", NULL);
    const char *argv[] = { cli, "--database", f->path, "import", missing, NULL };

    g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
    g_assert_no_error (error);
    g_assert_true (WIFEXITED (status));
    g_assert_cmpint (WEXITSTATUS (status), ==, 1);
    g_assert_nonnull (strstr (err, "missing.csv"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/import/comma", test_comma);
  ADD ("/import/semicolon-latvian", test_semicolon_latvian);
  ADD ("/import/tab-russian", test_tab_russian);
  ADD ("/import/quotes", test_quotes);
  ADD ("/import/bom-crlf", test_bom_crlf);
  ADD ("/import/windows-1257", test_windows_1257);
  ADD ("/import/windows-1251", test_windows_1251);
  ADD ("/import/first-last-names", test_first_last_names);
  ADD ("/import/several-phones", test_several_phones);
  ADD ("/import/skipped-rows", test_skipped_rows);
  ADD ("/import/many-rows", test_many_rows);
  ADD ("/import/search-and-history", test_search_and_history);
  ADD ("/import/owner-and-birthday", test_owner_and_birthday);
  ADD ("/import/mapping", test_mapping);
  ADD ("/import/errors", test_errors);
  ADD ("/import/progress", test_progress);
  ADD ("/import/cancel", test_cancel);
  ADD ("/import/async", test_async);
  ADD ("/import/cli", test_cli);
  g_test_add_func ("/import/guess-field", test_guess_field);

#undef ADD

  return g_test_run ();
}
