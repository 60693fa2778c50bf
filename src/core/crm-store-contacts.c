/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "crm-store"

#include "config.h"

#include <inttypes.h>

#include <string.h>

#include <glib/gi18n-lib.h>

#include "crm-contact.h"
#include "crm-id.h"
#include "crm-phone.h"
#include "crm-search.h"
#include "crm-store-contacts.h"
#include "crm-store-private.h"
#include "crm-text.h"
#include "crm-time.h"

#define MAX_NAME_CHARS      200
#define MAX_SOURCE_CHARS    200
#define MAX_NOTES_CHARS     10000
#define MAX_PHONE_CHARS     100
#define MAX_EXTENSION_CHARS 20
#define MAX_EMAIL_CHARS     254

/* One phone number as it goes into the phones table. */
typedef struct
{
  gint64        id;
  CrmPhoneKind  kind;
  char         *raw;
  char         *e164;
  char         *digits_rev;
  char         *extension;
} PhoneRow;

typedef struct
{
  gint64        id;
  CrmEmailKind  kind;
  char         *address;
  char         *folded;
} EmailRow;

/* Everything a contact's row and its satellite rows will hold, checked and
 * normalised, before anything is written. */
typedef struct
{
  CrmContactKind   kind;
  char            *name;
  char            *name_folded;
  gint64           company_id;
  char            *company_name;
  gint64           owner_id;
  gboolean         is_key;
  char            *source;
  char            *notes;
  char            *birthday;
  char           **tags;
  GPtrArray       *phones;
  GPtrArray       *emails;
} ContactInput;

static void
phone_row_free (PhoneRow *row)
{
  g_free (row->raw);
  g_free (row->e164);
  g_free (row->digits_rev);
  g_free (row->extension);
  g_free (row);
}

static void
email_row_free (EmailRow *row)
{
  g_free (row->address);
  g_free (row->folded);
  g_free (row);
}

static void
contact_input_clear (ContactInput *input)
{
  g_clear_pointer (&input->name, g_free);
  g_clear_pointer (&input->name_folded, g_free);
  g_clear_pointer (&input->company_name, g_free);
  g_clear_pointer (&input->source, g_free);
  g_clear_pointer (&input->notes, g_free);
  g_clear_pointer (&input->birthday, g_free);
  g_clear_pointer (&input->tags, g_strfreev);
  g_clear_pointer (&input->phones, g_ptr_array_unref);
  g_clear_pointer (&input->emails, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ContactInput, contact_input_clear)

static const char *
kind_to_text (CrmContactKind kind)
{
  return kind == CRM_CONTACT_COMPANY ? _("Company") : _("Person");
}

static const char *
flag_to_text (gboolean value)
{
  return value ? _("Yes") : _("No");
}

/* crm_text_validate() reports in G_IO_ERROR; callers of the store expect
 * the store's own domain for everything a user typed. */
static gboolean
validate_text (const char  *text,
               const char  *label,
               gsize        max_chars,
               gboolean     multiline,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (crm_text_validate (text, label, max_chars, multiline, &local_error))
    return TRUE;

  g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                       local_error->message);
  return FALSE;
}

static gboolean
check_birthday (const char  *birthday,
                GError     **error)
{
  g_autoptr(GDateTime) now = NULL;
  guint year = 0, month = 0, day = 0;
  gboolean shape_ok = strlen (birthday) == 10 && birthday[4] == '-' && birthday[7] == '-';

  for (guint i = 0; shape_ok && i < 10; i++)
    {
      if (i != 4 && i != 7 && !g_ascii_isdigit (birthday[i]))
        shape_ok = FALSE;
    }

  if (shape_ok)
    {
      year = (guint)g_ascii_strtoull (birthday, NULL, 10);
      month = (guint)g_ascii_strtoull (birthday + 5, NULL, 10);
      day = (guint)g_ascii_strtoull (birthday + 8, NULL, 10);
      shape_ok = year > 0 && g_date_valid_dmy (day, month, year);
    }

  if (!shape_ok)
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                   _("The birthday “%s” is not a real date written as YYYY-MM-DD"),
                   birthday);
      return FALSE;
    }

  now = g_date_time_new_from_unix_local (crm_time_now_ms () / 1000);
  if (now != NULL)
    {
      guint this_year = g_date_time_get_year (now);
      guint this_month = g_date_time_get_month (now);
      guint this_day = g_date_time_get_day_of_month (now);

      if (year > this_year ||
          (year == this_year && (month > this_month ||
                                 (month == this_month && day > this_day))))
        {
          g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                       _("The birthday %s is in the future"), birthday);
          return FALSE;
        }
    }

  return TRUE;
}

/* A deliberately loose check: it catches typing mistakes (a missing '@' or
 * domain, a space) without rejecting the many unusual addresses that are
 * real. */
static gboolean
email_looks_valid (const char *address)
{
  const char *at = strchr (address, '@');
  const char *domain;
  const char *dot;

  if (at == NULL || at == address || strchr (at + 1, '@') != NULL)
    return FALSE;

  if (g_utf8_strlen (address, -1) > MAX_EMAIL_CHARS)
    return FALSE;

  for (const char *p = address; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        return FALSE;
    }

  domain = at + 1;
  dot = strchr (domain, '.');
  if (dot == NULL || dot == domain)
    return FALSE;

  /* The domain must not end with its dot ("anna@example."). */
  if (domain[strlen (domain) - 1] == '.')
    return FALSE;

  return TRUE;
}

static char *
join_phones (GPtrArray *rows)
{
  GString *joined;

  if (rows == NULL || rows->len == 0)
    return NULL;

  joined = g_string_new (NULL);
  for (guint i = 0; i < rows->len; i++)
    {
      const PhoneRow *row = g_ptr_array_index (rows, i);

      if (i > 0)
        g_string_append (joined, ", ");
      g_string_append (joined, row->raw);
    }

  return g_string_free (joined, FALSE);
}

static char *
join_emails (GPtrArray *rows)
{
  GString *joined;

  if (rows == NULL || rows->len == 0)
    return NULL;

  joined = g_string_new (NULL);
  for (guint i = 0; i < rows->len; i++)
    {
      const EmailRow *row = g_ptr_array_index (rows, i);

      if (i > 0)
        g_string_append (joined, ", ");
      g_string_append (joined, row->address);
    }

  return g_string_free (joined, FALSE);
}

static char *
join_contact_phones (CrmContact *contact)
{
  GPtrArray *phones = crm_contact_get_phones (contact);
  GString *joined;

  if (phones->len == 0)
    return NULL;

  joined = g_string_new (NULL);
  for (guint i = 0; i < phones->len; i++)
    {
      const CrmPhone *phone = g_ptr_array_index (phones, i);

      if (i > 0)
        g_string_append (joined, ", ");
      g_string_append (joined, phone->raw);
    }

  return g_string_free (joined, FALSE);
}

static char *
join_contact_emails (CrmContact *contact)
{
  GPtrArray *emails = crm_contact_get_emails (contact);
  GString *joined;

  if (emails->len == 0)
    return NULL;

  joined = g_string_new (NULL);
  for (guint i = 0; i < emails->len; i++)
    {
      const CrmEmail *email = g_ptr_array_index (emails, i);

      if (i > 0)
        g_string_append (joined, ", ");
      g_string_append (joined, email->address);
    }

  return g_string_free (joined, FALSE);
}

static gboolean
read_phones (CrmStore      *self,
             CrmContact    *contact,
             ContactInput  *input,
             GError       **error)
{
  GPtrArray *phones = crm_contact_get_phones (contact);
  const char *country = crm_store_get_default_country (self);

  input->phones = g_ptr_array_new_with_free_func ((GDestroyNotify)phone_row_free);

  for (guint i = 0; i < phones->len; i++)
    {
      const CrmPhone *phone = g_ptr_array_index (phones, i);
      g_autoptr(GError) local_error = NULL;
      g_autofree char *raw = NULL;
      g_autofree char *digits = NULL;
      g_autofree char *extension = NULL;
      PhoneRow *row;

      raw = crm_text_clean (phone->raw);
      if (raw == NULL && phone->e164 != NULL && *phone->e164 != '\0')
        raw = g_strconcat ("+", phone->e164, NULL);

      /* An empty row of a form is no number at all. */
      if (raw == NULL)
        continue;

      if (!validate_text (raw, _("Phone"), MAX_PHONE_CHARS, FALSE, error))
        return FALSE;

      if (!crm_phone_normalize (raw, country, &digits, &extension, &local_error))
        {
          g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                       _("The phone number “%s” cannot be saved: %s"),
                       raw, local_error->message);
          return FALSE;
        }

      if (extension == NULL)
        extension = crm_text_clean (phone->extension);
      if (extension != NULL &&
          !validate_text (extension, _("Extension"), MAX_EXTENSION_CHARS, FALSE, error))
        return FALSE;

      for (guint j = 0; j < input->phones->len; j++)
        {
          const PhoneRow *other = g_ptr_array_index (input->phones, j);

          if (g_strcmp0 (other->e164, digits) == 0 &&
              g_strcmp0 (other->extension, extension) == 0)
            {
              g_autofree char *formatted = crm_phone_format (digits);

              g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                           _("The phone number %s is listed twice"), formatted);
              return FALSE;
            }
        }

      row = g_new0 (PhoneRow, 1);
      row->id = phone->id;
      row->kind = phone->kind;
      row->raw = g_steal_pointer (&raw);
      row->digits_rev = g_strreverse (g_strdup (digits));
      row->e164 = g_steal_pointer (&digits);
      row->extension = g_steal_pointer (&extension);
      g_ptr_array_add (input->phones, row);
    }

  return TRUE;
}

static gboolean
read_emails (CrmContact    *contact,
             ContactInput  *input,
             GError       **error)
{
  GPtrArray *emails = crm_contact_get_emails (contact);

  input->emails = g_ptr_array_new_with_free_func ((GDestroyNotify)email_row_free);

  for (guint i = 0; i < emails->len; i++)
    {
      const CrmEmail *email = g_ptr_array_index (emails, i);
      g_autofree char *address = NULL;
      g_autofree char *folded = NULL;
      EmailRow *row;

      /* Only the ends are trimmed: a space inside is a mistake to report. */
      address = g_strstrip (g_strdup (email->address ? email->address : ""));
      if (*address == '\0')
        continue;

      if (!g_utf8_validate (address, -1, NULL) || !email_looks_valid (address))
        {
          g_autofree char *shown = g_utf8_make_valid (address, -1);

          g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                       _("“%s” does not look like an e-mail address"), shown);
          return FALSE;
        }

      folded = g_utf8_strdown (address, -1);

      for (guint j = 0; j < input->emails->len; j++)
        {
          const EmailRow *other = g_ptr_array_index (input->emails, j);

          if (g_strcmp0 (other->folded, folded) == 0)
            {
              g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                           _("The e-mail address %s is listed twice"), address);
              return FALSE;
            }
        }

      row = g_new0 (EmailRow, 1);
      row->id = email->id;
      row->kind = email->kind;
      row->address = g_steal_pointer (&address);
      row->folded = g_steal_pointer (&folded);
      g_ptr_array_add (input->emails, row);
    }

  return TRUE;
}

static gboolean
user_exists (CrmStore  *self,
             gint64     user_id,
             gboolean  *exists,
             GError   **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  CrmStepResult result;

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "SELECT 1 FROM users WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  crm_statement_bind_int64 (stmt, 1, user_id);
  result = crm_statement_step (stmt, error);
  if (result == CRM_STEP_ERROR)
    return FALSE;

  *exists = result == CRM_STEP_ROW;
  return TRUE;
}

static char *
get_user_name (CrmStore *self,
               gint64    user_id)
{
  g_autoptr(CrmStatement) stmt = NULL;

  if (user_id == 0)
    return NULL;

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "SELECT name FROM users WHERE id = ?1", NULL);
  if (stmt == NULL)
    return NULL;

  crm_statement_bind_int64 (stmt, 1, user_id);
  if (crm_statement_step (stmt, NULL) != CRM_STEP_ROW)
    return NULL;

  return crm_statement_dup_text (stmt, 0);
}

/* Checks and normalises every field of @contact without writing anything.
 * The company is only resolved later, since creating one is a write. */
static gboolean
read_input (CrmStore      *self,
            CrmContact    *contact,
            ContactInput  *input,
            GError       **error)
{
  g_autofree char *notes = NULL;
  char **tags;
  gboolean exists = FALSE;

  input->kind = crm_contact_get_kind (contact) == CRM_CONTACT_COMPANY
                  ? CRM_CONTACT_COMPANY : CRM_CONTACT_PERSON;

  input->name = crm_text_clean (crm_contact_get_name (contact));
  if (input->name == NULL)
    {
      g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                           _("A client needs a name"));
      return FALSE;
    }
  if (!validate_text (input->name, _("Name"), MAX_NAME_CHARS, FALSE, error))
    return FALSE;
  input->name_folded = crm_text_fold (input->name);

  input->company_id = crm_contact_get_company_id (contact);
  if (input->company_id == 0)
    {
      input->company_name = crm_text_clean (crm_contact_get_company_name (contact));
      if (input->company_name != NULL &&
          !validate_text (input->company_name, _("Company"), MAX_NAME_CHARS, FALSE, error))
        return FALSE;
    }

  input->owner_id = crm_contact_get_owner_id (contact);
  if (input->owner_id == 0)
    input->owner_id = crm_store_get_current_user (self);
  else
    {
      if (!user_exists (self, input->owner_id, &exists, error))
        return FALSE;
      if (!exists)
        {
          g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                       _("The client cannot be given to employee %" PRId64
                         ": no such employee exists"),
                       input->owner_id);
          return FALSE;
        }
    }

  input->is_key = crm_contact_get_is_key (contact);

  input->source = crm_text_clean (crm_contact_get_source (contact));
  if (input->source != NULL &&
      !validate_text (input->source, _("Source"), MAX_SOURCE_CHARS, FALSE, error))
    return FALSE;

  /* Notes keep their line breaks; only Windows line ends are unified. */
  if (!crm_text_is_blank (crm_contact_get_notes (contact)))
    {
      g_auto(GStrv) lines = g_strsplit (crm_contact_get_notes (contact), "\r\n", -1);

      notes = g_strjoinv ("\n", lines);
      g_strdelimit (notes, "\r", '\n');
      input->notes = g_strdup (g_strstrip (notes));
      if (!validate_text (input->notes, _("Notes"), MAX_NOTES_CHARS, TRUE, error))
        return FALSE;
    }

  input->birthday = crm_text_clean (crm_contact_get_birthday (contact));
  if (input->birthday != NULL && !check_birthday (input->birthday, error))
    return FALSE;

  tags = crm_contact_get_tag_list (contact);
  input->tags = g_strdupv (tags);
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      if (!validate_text (tags[i], _("Tag"), 100, FALSE, error))
        return FALSE;
    }

  if (!read_phones (self, contact, input, error))
    return FALSE;

  if (!read_emails (contact, input, error))
    return FALSE;

  return TRUE;
}

/* Another live client that has one of the phones or e-mails of @input. */
static gboolean
check_duplicates (CrmStore      *self,
                  ContactInput  *input,
                  gint64         own_id,
                  GError       **error)
{
  CrmDatabase *db = crm_store_get_database (self);

  for (guint i = 0; i < input->phones->len; i++)
    {
      const PhoneRow *row = g_ptr_array_index (input->phones, i);
      g_autoptr(CrmStatement) stmt = NULL;

      /* Colleagues share a switchboard number and differ by extension. */
      stmt = crm_database_prepare (db,
                                   "SELECT c.name FROM phones p "
                                   "CROSS JOIN contacts c ON c.id = p.contact_id "
                                   "WHERE p.e164 = ?1 AND p.extension IS ?2 "
                                   "AND p.contact_id != ?3 AND c.deleted_at IS NULL "
                                   "LIMIT 1",
                                   error);
      if (stmt == NULL)
        return FALSE;

      crm_statement_bind_text (stmt, 1, row->e164);
      crm_statement_bind_text (stmt, 2, row->extension);
      crm_statement_bind_int64 (stmt, 3, own_id);
      switch (crm_statement_step (stmt, error))
        {
        case CRM_STEP_ROW:
          {
            g_autofree char *formatted = crm_phone_format (row->e164);

            g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_DUPLICATE,
                         _("The phone number %s belongs to %s already"),
                         formatted, crm_statement_get_text (stmt, 0));
            return FALSE;
          }
        case CRM_STEP_DONE:
          break;
        case CRM_STEP_ERROR:
        default:
          return FALSE;
        }
    }

  for (guint i = 0; i < input->emails->len; i++)
    {
      const EmailRow *row = g_ptr_array_index (input->emails, i);
      g_autoptr(CrmStatement) stmt = NULL;

      stmt = crm_database_prepare (db,
                                   "SELECT c.name FROM emails e "
                                   "CROSS JOIN contacts c ON c.id = e.contact_id "
                                   "WHERE e.folded = ?1 AND e.contact_id != ?2 "
                                   "AND c.deleted_at IS NULL LIMIT 1",
                                   error);
      if (stmt == NULL)
        return FALSE;

      crm_statement_bind_text (stmt, 1, row->folded);
      crm_statement_bind_int64 (stmt, 2, own_id);
      switch (crm_statement_step (stmt, error))
        {
        case CRM_STEP_ROW:
          g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_DUPLICATE,
                       _("The e-mail address %s belongs to %s already"),
                       row->address, crm_statement_get_text (stmt, 0));
          return FALSE;
        case CRM_STEP_DONE:
          break;
        case CRM_STEP_ERROR:
        default:
          return FALSE;
        }
    }

  return TRUE;
}

/* Makes input->company_id point to a live company: checks a given id, or
 * finds or creates the company named in input->company_name. */
static gboolean
resolve_company (CrmStore      *self,
                 ContactInput  *input,
                 gint64         own_id,
                 GError       **error)
{
  if (input->company_id == 0 && input->company_name != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      input->company_id = crm_store_find_company (self, input->company_name, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      if (input->company_id == 0)
        {
          g_autoptr(CrmContact) company = crm_contact_new ();

          crm_contact_set_kind (company, CRM_CONTACT_COMPANY);
          crm_contact_set_name (company, input->company_name);
          crm_contact_set_owner_id (company, input->owner_id);
          input->company_id = crm_store_add_contact (self, company, error);
          return input->company_id != 0;
        }
    }

  if (input->company_id == 0)
    return TRUE;

  if (input->company_id == own_id)
    {
      g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                           _("A client cannot be their own company"));
      return FALSE;
    }

  {
    g_autoptr(CrmStatement) stmt = NULL;

    stmt = crm_database_prepare (crm_store_get_database (self),
                                 "SELECT kind, name, deleted_at IS NOT NULL FROM contacts WHERE id = ?1",
                                 error);
    if (stmt == NULL)
      return FALSE;

    crm_statement_bind_int64 (stmt, 1, input->company_id);
    switch (crm_statement_step (stmt, error))
      {
      case CRM_STEP_ROW:
        break;
      case CRM_STEP_DONE:
        g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                     _("No company has the id %" PRId64), input->company_id);
        return FALSE;
      case CRM_STEP_ERROR:
      default:
        return FALSE;
      }

    if (crm_statement_get_int64 (stmt, 0) != CRM_CONTACT_COMPANY)
      {
        g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                     _("%s is a person, not a company"),
                     crm_statement_get_text (stmt, 1));
        return FALSE;
      }

    if (crm_statement_get_int64 (stmt, 2) != 0)
      {
        g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                     _("The company %s is in the trash"),
                     crm_statement_get_text (stmt, 1));
        return FALSE;
      }
  }

  return TRUE;
}

static char *
get_contact_name (CrmStore *self,
                  gint64    id)
{
  g_autoptr(CrmStatement) stmt = NULL;

  if (id == 0)
    return NULL;

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "SELECT name FROM contacts WHERE id = ?1", NULL);
  if (stmt == NULL)
    return NULL;

  crm_statement_bind_int64 (stmt, 1, id);
  if (crm_statement_step (stmt, NULL) != CRM_STEP_ROW)
    return NULL;

  return crm_statement_dup_text (stmt, 0);
}

/* Ids of the phone or e-mail rows a contact has now, so that rows written
 * again keep their ids (which matters when files are merged later). */
static GHashTable *
get_row_ids (CrmStore    *self,
             const char  *sql,
             gint64       contact_id,
             GError     **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autoptr(GHashTable) ids = NULL;
  CrmStepResult result;

  stmt = crm_database_prepare (crm_store_get_database (self), sql, error);
  if (stmt == NULL)
    return NULL;

  ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  crm_statement_bind_int64 (stmt, 1, contact_id);
  while ((result = crm_statement_step (stmt, error)) == CRM_STEP_ROW)
    {
      gint64 *id = g_new (gint64, 1);

      *id = crm_statement_get_int64 (stmt, 0);
      g_hash_table_add (ids, id);
    }

  if (result == CRM_STEP_ERROR)
    return NULL;

  return g_steal_pointer (&ids);
}

static gboolean
write_phones (CrmStore      *self,
              gint64         contact_id,
              ContactInput  *input,
              GError       **error)
{
  CrmDatabase *db = crm_store_get_database (self);
  g_autoptr(GHashTable) old_ids = NULL;
  g_autoptr(CrmStatement) clear = NULL;

  old_ids = get_row_ids (self, "SELECT id FROM phones WHERE contact_id = ?1", contact_id, error);
  if (old_ids == NULL)
    return FALSE;

  clear = crm_database_prepare (db, "DELETE FROM phones WHERE contact_id = ?1", error);
  if (clear == NULL)
    return FALSE;
  crm_statement_bind_int64 (clear, 1, contact_id);
  if (!crm_statement_run (clear, error))
    return FALSE;

  for (guint i = 0; i < input->phones->len; i++)
    {
      const PhoneRow *row = g_ptr_array_index (input->phones, i);
      g_autoptr(CrmStatement) insert = NULL;
      gint64 id = row->id;

      if (id == 0 || !g_hash_table_remove (old_ids, &id))
        id = crm_id_new ();

      insert = crm_database_prepare (db,
                                     "INSERT INTO phones (id, contact_id, kind, raw, e164, digits_rev, extension, position) "
                                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                                     error);
      if (insert == NULL)
        return FALSE;

      crm_statement_bind_int64 (insert, 1, id);
      crm_statement_bind_int64 (insert, 2, contact_id);
      crm_statement_bind_int64 (insert, 3, row->kind);
      crm_statement_bind_text (insert, 4, row->raw);
      crm_statement_bind_text (insert, 5, row->e164);
      crm_statement_bind_text (insert, 6, row->digits_rev);
      crm_statement_bind_text (insert, 7, row->extension);
      crm_statement_bind_int64 (insert, 8, i);
      if (!crm_statement_run (insert, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
write_emails (CrmStore      *self,
              gint64         contact_id,
              ContactInput  *input,
              GError       **error)
{
  CrmDatabase *db = crm_store_get_database (self);
  g_autoptr(GHashTable) old_ids = NULL;
  g_autoptr(CrmStatement) clear = NULL;

  old_ids = get_row_ids (self, "SELECT id FROM emails WHERE contact_id = ?1", contact_id, error);
  if (old_ids == NULL)
    return FALSE;

  clear = crm_database_prepare (db, "DELETE FROM emails WHERE contact_id = ?1", error);
  if (clear == NULL)
    return FALSE;
  crm_statement_bind_int64 (clear, 1, contact_id);
  if (!crm_statement_run (clear, error))
    return FALSE;

  for (guint i = 0; i < input->emails->len; i++)
    {
      const EmailRow *row = g_ptr_array_index (input->emails, i);
      g_autoptr(CrmStatement) insert = NULL;
      gint64 id = row->id;

      if (id == 0 || !g_hash_table_remove (old_ids, &id))
        id = crm_id_new ();

      insert = crm_database_prepare (db,
                                     "INSERT INTO emails (id, contact_id, kind, address, folded, position) "
                                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                     error);
      if (insert == NULL)
        return FALSE;

      crm_statement_bind_int64 (insert, 1, id);
      crm_statement_bind_int64 (insert, 2, contact_id);
      crm_statement_bind_int64 (insert, 3, row->kind);
      crm_statement_bind_text (insert, 4, row->address);
      crm_statement_bind_text (insert, 5, row->folded);
      crm_statement_bind_int64 (insert, 6, i);
      if (!crm_statement_run (insert, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
write_tags (CrmStore      *self,
            gint64         contact_id,
            ContactInput  *input,
            GError       **error)
{
  return _crm_store_set_tags (self, "contact_tags", "contact_id", contact_id,
                              (const char * const *)input->tags, error);
}

/* The search index of a client's deals holds the client's name, and the
 * index of a company's people holds the company's name. */
static gboolean
reindex_dependents (CrmStore  *self,
                    gint64     id,
                    GError   **error)
{
  static const char * const queries[] = {
    "SELECT id FROM contacts WHERE company_id = ?1",
    "SELECT id FROM deals WHERE contact_id = ?1",
  };

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr(CrmStatement) stmt = NULL;
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      CrmStepResult result;

      stmt = crm_database_prepare (crm_store_get_database (self), queries[q], error);
      if (stmt == NULL)
        return FALSE;

      crm_statement_bind_int64 (stmt, 1, id);
      while ((result = crm_statement_step (stmt, error)) == CRM_STEP_ROW)
        {
          gint64 other = crm_statement_get_int64 (stmt, 0);

          g_array_append_val (ids, other);
        }
      if (result == CRM_STEP_ERROR)
        return FALSE;

      for (guint i = 0; i < ids->len; i++)
        {
          gint64 other = g_array_index (ids, gint64, i);
          gboolean ok = q == 0 ? crm_search_index_contact (self, other, error)
                               : crm_search_index_deal (self, other, error);

          if (!ok)
            return FALSE;
        }
    }

  return TRUE;
}

static gint64
add_contact_in_transaction (CrmStore    *self,
                            CrmContact  *contact,
                            gint64      *out_now,
                            gint64      *out_company_id,
                            gint64      *out_owner_id,
                            GError     **error)
{
  g_auto(ContactInput) input = { 0 };
  g_autoptr(CrmStatement) insert = NULL;
  gint64 id;
  gint64 now;

  if (!read_input (self, contact, &input, error) ||
      !check_duplicates (self, &input, 0, error) ||
      !resolve_company (self, &input, 0, error))
    return 0;

  crm_store_emit_changing (self, CRM_ENTITY_CONTACT, 0);

  id = crm_id_new ();
  now = crm_time_now_ms ();

  insert = crm_database_prepare (crm_store_get_database (self),
                                 "INSERT INTO contacts (id, kind, name, name_folded, company_id, owner_id, "
                                 "is_key, source, notes, birthday, created_at, updated_at, "
                                 "company_sort, owner_sort) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, "
                                 CRM_SORT_KEY_CONTACT ("?5") ", " CRM_SORT_KEY_USER ("?6") ")",
                                 error);
  if (insert == NULL)
    return 0;

  crm_statement_bind_int64 (insert, 1, id);
  crm_statement_bind_int64 (insert, 2, input.kind);
  crm_statement_bind_text (insert, 3, input.name);
  crm_statement_bind_text (insert, 4, input.name_folded);
  if (input.company_id != 0)
    crm_statement_bind_int64 (insert, 5, input.company_id);
  if (input.owner_id != 0)
    crm_statement_bind_int64 (insert, 6, input.owner_id);
  crm_statement_bind_int64 (insert, 7, input.is_key ? 1 : 0);
  crm_statement_bind_text (insert, 8, input.source);
  crm_statement_bind_text (insert, 9, input.notes);
  crm_statement_bind_text (insert, 10, input.birthday);
  crm_statement_bind_int64 (insert, 11, now);
  if (!crm_statement_run (insert, error))
    return 0;

  if (!write_phones (self, id, &input, error) ||
      !write_emails (self, id, &input, error) ||
      !write_tags (self, id, &input, error) ||
      !crm_store_record_history (self, CRM_ENTITY_CONTACT, id, "created", NULL, input.name, error) ||
      !crm_search_index_contact (self, id, error))
    return 0;

  crm_store_emit_changed (self, CRM_ENTITY_CONTACT, id);

  *out_now = now;
  *out_company_id = input.company_id;
  *out_owner_id = input.owner_id;
  return id;
}

/**
 * crm_store_add_contact:
 * @self: a #CrmStore
 * @contact: the client to add
 * @error: return location for a #GError
 *
 * Adds a client with its phones, e-mails and tags in one transaction: when
 * anything is wrong, nothing is written. See crm-store-contacts.h for
 * which fields are used.
 *
 * Returns: the new id, also set on @contact, or 0 with @error set
 */
gint64
crm_store_add_contact (CrmStore    *self,
                       CrmContact  *contact,
                       GError     **error)
{
  gint64 id;
  gint64 now = 0;
  gint64 company_id = 0;
  gint64 owner_id = 0;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);
  g_return_val_if_fail (CRM_IS_CONTACT (contact), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!crm_store_begin (self, error))
    return 0;

  id = add_contact_in_transaction (self, contact, &now, &company_id, &owner_id, error);
  if (id == 0)
    {
      crm_store_rollback (self);
      return 0;
    }

  if (!crm_store_commit (self, error))
    return 0;

  crm_contact_set_id (contact, id);
  crm_contact_set_company_id (contact, company_id);
  crm_contact_set_owner_id (contact, owner_id);
  crm_contact_set_created_at (contact, now);
  crm_contact_set_updated_at (contact, now);
  return id;
}

static gboolean
has_live_people (CrmStore  *self,
                 gint64     company_id,
                 gboolean  *result,
                 GError   **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  CrmStepResult step;

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "SELECT 1 FROM contacts WHERE company_id = ?1 AND deleted_at IS NULL LIMIT 1",
                               error);
  if (stmt == NULL)
    return FALSE;

  crm_statement_bind_int64 (stmt, 1, company_id);
  step = crm_statement_step (stmt, error);
  if (step == CRM_STEP_ERROR)
    return FALSE;

  *result = step == CRM_STEP_ROW;
  return TRUE;
}

static gboolean
update_contact_in_transaction (CrmStore    *self,
                               CrmContact  *contact,
                               gint64      *out_now,
                               GError     **error)
{
  CrmDatabase *db = crm_store_get_database (self);
  gint64 id = crm_contact_get_id (contact);
  g_auto(ContactInput) input = { 0 };
  g_autoptr(CrmContact) old = NULL;
  g_autoptr(CrmStatement) update = NULL;
  g_autofree char *old_tags = NULL;
  g_autofree char *new_tags = NULL;
  g_autofree char *old_phones = NULL;
  g_autofree char *new_phones = NULL;
  g_autofree char *old_emails = NULL;
  g_autofree char *new_emails = NULL;
  g_autofree char *new_company = NULL;
  g_autofree char *old_owner = NULL;
  g_autofree char *new_owner = NULL;
  gint64 now;

  old = crm_store_get_contact (self, id, error);
  if (old == NULL)
    return FALSE;

  if (crm_contact_get_deleted_at (old) != 0)
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                   _("%s is in the trash; restore the client before changing it"),
                   crm_contact_get_name (old));
      return FALSE;
    }

  if (!read_input (self, contact, &input, error))
    return FALSE;

  if (crm_contact_get_kind (old) == CRM_CONTACT_COMPANY && input.kind != CRM_CONTACT_COMPANY)
    {
      gboolean in_use = FALSE;

      if (!has_live_people (self, id, &in_use, error))
        return FALSE;
      if (in_use)
        {
          g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_IN_USE,
                       _("%s cannot become a person while people work there"),
                       crm_contact_get_name (old));
          return FALSE;
        }
    }

  if (!check_duplicates (self, &input, id, error) ||
      !resolve_company (self, &input, id, error))
    return FALSE;

  crm_store_emit_changing (self, CRM_ENTITY_CONTACT, id);

  old_tags = _crm_store_get_tags (self, "contact_tags", "contact_id", id);
  old_phones = join_contact_phones (old);
  old_emails = join_contact_emails (old);
  now = crm_time_now_ms ();

  update = crm_database_prepare (db,
                                 "UPDATE contacts SET kind = ?2, name = ?3, name_folded = ?4, "
                                 "company_id = ?5, owner_id = ?6, is_key = ?7, source = ?8, "
                                 "notes = ?9, birthday = ?10, updated_at = ?11, "
                                 "company_sort = " CRM_SORT_KEY_CONTACT ("?5") ", "
                                 "owner_sort = " CRM_SORT_KEY_USER ("?6") " "
                                 "WHERE id = ?1",
                                 error);
  if (update == NULL)
    return FALSE;

  crm_statement_bind_int64 (update, 1, id);
  crm_statement_bind_int64 (update, 2, input.kind);
  crm_statement_bind_text (update, 3, input.name);
  crm_statement_bind_text (update, 4, input.name_folded);
  if (input.company_id != 0)
    crm_statement_bind_int64 (update, 5, input.company_id);
  if (input.owner_id != 0)
    crm_statement_bind_int64 (update, 6, input.owner_id);
  crm_statement_bind_int64 (update, 7, input.is_key ? 1 : 0);
  crm_statement_bind_text (update, 8, input.source);
  crm_statement_bind_text (update, 9, input.notes);
  crm_statement_bind_text (update, 10, input.birthday);
  crm_statement_bind_int64 (update, 11, now);
  if (!crm_statement_run (update, error))
    return FALSE;

  if (!write_phones (self, id, &input, error) ||
      !write_emails (self, id, &input, error) ||
      !write_tags (self, id, &input, error))
    return FALSE;

  new_tags = _crm_store_get_tags (self, "contact_tags", "contact_id", id);
  new_phones = join_phones (input.phones);
  new_emails = join_emails (input.emails);
  new_company = get_contact_name (self, input.company_id);
  old_owner = get_user_name (self, crm_contact_get_owner_id (old));
  new_owner = get_user_name (self, input.owner_id);

  /* Empty values are recorded as NULL on both sides, so that "no notes"
   * before and after is no change. */
  if (old_tags != NULL && *old_tags == '\0')
    g_clear_pointer (&old_tags, g_free);
  if (new_tags != NULL && *new_tags == '\0')
    g_clear_pointer (&new_tags, g_free);

  if (!crm_store_record_history (self, CRM_ENTITY_CONTACT, id, "name",
                                 crm_contact_get_name (old), input.name, error) ||
      !crm_store_record_history (self, CRM_ENTITY_CONTACT, id, "kind",
                                 kind_to_text (crm_contact_get_kind (old)),
                                 kind_to_text (input.kind), error) ||
      !crm_store_record_history (self, CRM_ENTITY_CONTACT, id, "company",
                                 crm_contact_get_company_name (old), new_company, error) ||
      !crm_store_record_history (self, CRM_ENTITY_CONTACT, id, "owner",
                                 old_owner, new_owner, error) ||
      !crm_store_record_history (self, CRM_ENTITY_CONTACT, id, "key",
                                 flag_to_text (crm_contact_get_is_key (old)),
                                 flag_to_text (input.is_key), error) ||
      !crm_store_record_history (self, CRM_ENTITY_CONTACT, id, "source",
                                 crm_contact_get_source (old), input.source, error) ||
      !crm_store_record_history (self, CRM_ENTITY_CONTACT, id, "notes",
                                 crm_contact_get_notes (old), input.notes, error) ||
      !crm_store_record_history (self, CRM_ENTITY_CONTACT, id, "birthday",
                                 crm_contact_get_birthday (old), input.birthday, error) ||
      !crm_store_record_history (self, CRM_ENTITY_CONTACT, id, "tags",
                                 old_tags, new_tags, error) ||
      !crm_store_record_history (self, CRM_ENTITY_CONTACT, id, "phones",
                                 old_phones, new_phones, error) ||
      !crm_store_record_history (self, CRM_ENTITY_CONTACT, id, "emails",
                                 old_emails, new_emails, error))
    return FALSE;

  if (!crm_search_index_contact (self, id, error))
    return FALSE;

  if (g_strcmp0 (crm_contact_get_name (old), input.name) != 0 &&
      (!reindex_dependents (self, id, error) ||
       !_crm_store_rename_sort_keys (self, id, error)))
    return FALSE;

  crm_store_emit_changed (self, CRM_ENTITY_CONTACT, id);

  *out_now = now;
  return TRUE;
}

/**
 * crm_store_update_contact:
 * @self: a #CrmStore
 * @contact: the client, with the id of an existing one
 * @error: return location for a #GError
 *
 * Writes every field of @contact and records one history row per field
 * that changed, in one transaction.
 *
 * Returns: %TRUE on success
 */
gboolean
crm_store_update_contact (CrmStore    *self,
                          CrmContact  *contact,
                          GError     **error)
{
  gint64 now = 0;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (CRM_IS_CONTACT (contact), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!crm_store_begin (self, error))
    return FALSE;

  if (!update_contact_in_transaction (self, contact, &now, error))
    {
      crm_store_rollback (self);
      return FALSE;
    }

  if (!crm_store_commit (self, error))
    return FALSE;

  crm_contact_set_updated_at (contact, now);
  return TRUE;
}

static gboolean
load_phones (CrmStore    *self,
             CrmContact  *contact,
             GError     **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  CrmStepResult result;
  gboolean first = TRUE;

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "SELECT id, kind, raw, e164, extension FROM phones "
                               "WHERE contact_id = ?1 ORDER BY position, id",
                               error);
  if (stmt == NULL)
    return FALSE;

  crm_statement_bind_int64 (stmt, 1, crm_contact_get_id (contact));
  while ((result = crm_statement_step (stmt, error)) == CRM_STEP_ROW)
    {
      CrmPhone *phone = crm_phone_entry_new ((CrmPhoneKind)crm_statement_get_int64 (stmt, 1),
                                             crm_statement_get_text (stmt, 2),
                                             crm_statement_get_text (stmt, 3),
                                             crm_statement_get_text (stmt, 4));

      phone->id = crm_statement_get_int64 (stmt, 0);

      if (first)
        {
          g_autofree char *formatted = crm_phone_format (phone->e164);

          if (phone->extension != NULL)
            {
              g_autofree char *with_extension =
                g_strdup_printf (_("%s ext. %s"), formatted, phone->extension);

              crm_contact_set_primary_phone (contact, with_extension);
            }
          else
            {
              crm_contact_set_primary_phone (contact, formatted);
            }
          first = FALSE;
        }

      crm_contact_add_phone (contact, phone);
    }

  return result != CRM_STEP_ERROR;
}

static gboolean
load_emails (CrmStore    *self,
             CrmContact  *contact,
             GError     **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  CrmStepResult result;
  gboolean first = TRUE;

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "SELECT id, kind, address FROM emails "
                               "WHERE contact_id = ?1 ORDER BY position, id",
                               error);
  if (stmt == NULL)
    return FALSE;

  crm_statement_bind_int64 (stmt, 1, crm_contact_get_id (contact));
  while ((result = crm_statement_step (stmt, error)) == CRM_STEP_ROW)
    {
      CrmEmail *email = crm_email_entry_new ((CrmEmailKind)crm_statement_get_int64 (stmt, 1),
                                             crm_statement_get_text (stmt, 2));

      email->id = crm_statement_get_int64 (stmt, 0);
      if (first)
        {
          crm_contact_set_primary_email (contact, email->address);
          first = FALSE;
        }
      crm_contact_add_email (contact, email);
    }

  return result != CRM_STEP_ERROR;
}

static gboolean
load_tags (CrmStore    *self,
           CrmContact  *contact,
           GError     **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autoptr(GPtrArray) names = NULL;
  CrmStepResult result;

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "SELECT t.name FROM contact_tags l JOIN tags t ON t.id = l.tag_id "
                               "WHERE l.contact_id = ?1 ORDER BY t.folded",
                               error);
  if (stmt == NULL)
    return FALSE;

  names = g_ptr_array_new_with_free_func (g_free);
  crm_statement_bind_int64 (stmt, 1, crm_contact_get_id (contact));
  while ((result = crm_statement_step (stmt, error)) == CRM_STEP_ROW)
    g_ptr_array_add (names, crm_statement_dup_text (stmt, 0));

  if (result == CRM_STEP_ERROR)
    return FALSE;

  g_ptr_array_add (names, NULL);
  crm_contact_set_tag_list (contact, (const char * const *)names->pdata);
  return TRUE;
}

/**
 * crm_store_get_contact:
 * @self: a #CrmStore
 * @id: a client's id
 * @error: return location for a #GError
 *
 * Reads a whole client, trashed ones included.
 *
 * Returns: (transfer full): the client, or %NULL with @error set
 */
CrmContact *
crm_store_get_contact (CrmStore  *self,
                       gint64     id,
                       GError   **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autoptr(CrmContact) contact = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "SELECT c.id, c.kind, c.name, c.company_id, co.name, c.owner_id, u.name, "
                               "c.is_key, c.source, c.notes, c.birthday, c.created_at, c.updated_at, "
                               "c.deleted_at "
                               "FROM contacts c "
                               "LEFT JOIN contacts co ON co.id = c.company_id "
                               "LEFT JOIN users u ON u.id = c.owner_id "
                               "WHERE c.id = ?1",
                               error);
  if (stmt == NULL)
    return NULL;

  crm_statement_bind_int64 (stmt, 1, id);
  switch (crm_statement_step (stmt, error))
    {
    case CRM_STEP_ROW:
      break;
    case CRM_STEP_DONE:
      _crm_store_set_not_found (CRM_ENTITY_CONTACT, id, error);
      return NULL;
    case CRM_STEP_ERROR:
    default:
      return NULL;
    }

  contact = crm_contact_new ();
  crm_contact_set_id (contact, crm_statement_get_int64 (stmt, 0));
  crm_contact_set_kind (contact, (CrmContactKind)crm_statement_get_int64 (stmt, 1));
  crm_contact_set_name (contact, crm_statement_get_text (stmt, 2));
  crm_contact_set_company_id (contact, crm_statement_get_int64 (stmt, 3));
  crm_contact_set_company_name (contact, crm_statement_get_text (stmt, 4));
  crm_contact_set_owner_id (contact, crm_statement_get_int64 (stmt, 5));
  crm_contact_set_owner_name (contact, crm_statement_get_text (stmt, 6));
  crm_contact_set_is_key (contact, crm_statement_get_int64 (stmt, 7) != 0);
  crm_contact_set_source (contact, crm_statement_get_text (stmt, 8));
  crm_contact_set_notes (contact, crm_statement_get_text (stmt, 9));
  crm_contact_set_birthday (contact, crm_statement_get_text (stmt, 10));
  crm_contact_set_created_at (contact, crm_statement_get_int64 (stmt, 11));
  crm_contact_set_updated_at (contact, crm_statement_get_int64 (stmt, 12));
  crm_contact_set_deleted_at (contact, crm_statement_get_int64 (stmt, 13));
  g_clear_pointer (&stmt, crm_statement_release);

  if (!load_phones (self, contact, error) ||
      !load_emails (self, contact, error) ||
      !load_tags (self, contact, error))
    return NULL;

  return g_steal_pointer (&contact);
}

/* Reads what the trash and restore checks need about one client. */
static gboolean
get_state (CrmStore  *self,
           gint64     id,
           char     **out_name,
           gboolean  *out_trashed,
           GError   **error)
{
  g_autoptr(CrmStatement) stmt = NULL;

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "SELECT name, deleted_at IS NOT NULL FROM contacts WHERE id = ?1",
                               error);
  if (stmt == NULL)
    return FALSE;

  crm_statement_bind_int64 (stmt, 1, id);
  switch (crm_statement_step (stmt, error))
    {
    case CRM_STEP_ROW:
      *out_name = crm_statement_dup_text (stmt, 0);
      *out_trashed = crm_statement_get_int64 (stmt, 1) != 0;
      return TRUE;
    case CRM_STEP_DONE:
      _crm_store_set_not_found (CRM_ENTITY_CONTACT, id, error);
      return FALSE;
    case CRM_STEP_ERROR:
    default:
      return FALSE;
    }
}

static gboolean
touch_contact (CrmStore  *self,
               gint64     id,
               GError   **error)
{
  g_autoptr(CrmStatement) stmt = NULL;

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "UPDATE contacts SET updated_at = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  crm_statement_bind_int64 (stmt, 1, id);
  crm_statement_bind_int64 (stmt, 2, crm_time_now_ms ());
  return crm_statement_run (stmt, error);
}

static gboolean
delete_contact_in_transaction (CrmStore  *self,
                               gint64     id,
                               GError   **error)
{
  g_autofree char *name = NULL;
  gboolean trashed = FALSE;

  if (!get_state (self, id, &name, &trashed, error))
    return FALSE;

  if (trashed)
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                   _("%s is in the trash already"), name);
      return FALSE;
    }

  crm_store_emit_changing (self, CRM_ENTITY_CONTACT, id);

  if (!touch_contact (self, id, error) ||
      !_crm_store_trash_row (self, CRM_ENTITY_CONTACT, "contacts", id, name, error) ||
      !crm_search_index_contact (self, id, error))
    return FALSE;

  crm_store_emit_changed (self, CRM_ENTITY_CONTACT, id);
  return TRUE;
}

/**
 * crm_store_delete_contact:
 * @self: a #CrmStore
 * @id: a client's id
 * @error: return location for a #GError
 *
 * Moves a client to the trash, from where it can be restored.
 *
 * Returns: %TRUE on success
 */
gboolean
crm_store_delete_contact (CrmStore  *self,
                          gint64     id,
                          GError   **error)
{
  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!crm_store_begin (self, error))
    return FALSE;

  if (!delete_contact_in_transaction (self, id, error))
    {
      crm_store_rollback (self);
      return FALSE;
    }

  return crm_store_commit (self, error);
}

static gboolean
restore_contact_in_transaction (CrmStore  *self,
                                gint64     id,
                                GError   **error)
{
  g_autoptr(CrmContact) contact = NULL;
  g_auto(ContactInput) input = { 0 };
  g_autofree char *name = NULL;
  gboolean trashed = FALSE;

  if (!get_state (self, id, &name, &trashed, error))
    return FALSE;

  if (!trashed)
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                   _("%s is not in the trash"), name);
      return FALSE;
    }

  /* While the client was in the trash, someone else may have been given
   * its phone or e-mail; two live clients must not share one. */
  contact = crm_store_get_contact (self, id, error);
  if (contact == NULL)
    return FALSE;

  input.phones = g_ptr_array_new_with_free_func ((GDestroyNotify)phone_row_free);
  for (guint i = 0; i < crm_contact_get_phones (contact)->len; i++)
    {
      const CrmPhone *phone = g_ptr_array_index (crm_contact_get_phones (contact), i);
      PhoneRow *row = g_new0 (PhoneRow, 1);

      row->e164 = g_strdup (phone->e164);
      row->extension = g_strdup (phone->extension);
      g_ptr_array_add (input.phones, row);
    }

  input.emails = g_ptr_array_new_with_free_func ((GDestroyNotify)email_row_free);
  for (guint i = 0; i < crm_contact_get_emails (contact)->len; i++)
    {
      const CrmEmail *email = g_ptr_array_index (crm_contact_get_emails (contact), i);
      EmailRow *row = g_new0 (EmailRow, 1);

      row->address = g_strdup (email->address);
      row->folded = g_utf8_strdown (email->address, -1);
      g_ptr_array_add (input.emails, row);
    }

  if (!check_duplicates (self, &input, id, error))
    return FALSE;

  crm_store_emit_changing (self, CRM_ENTITY_CONTACT, id);

  if (!_crm_store_untrash_row (self, CRM_ENTITY_CONTACT, "contacts", id, error) ||
      !touch_contact (self, id, error) ||
      !crm_search_index_contact (self, id, error))
    return FALSE;

  crm_store_emit_changed (self, CRM_ENTITY_CONTACT, id);
  return TRUE;
}

/**
 * crm_store_restore_contact:
 * @self: a #CrmStore
 * @id: the id of a client in the trash
 * @error: return location for a #GError
 *
 * Brings a client back from the trash.
 *
 * Returns: %TRUE on success
 */
gboolean
crm_store_restore_contact (CrmStore  *self,
                           gint64     id,
                           GError   **error)
{
  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!crm_store_begin (self, error))
    return FALSE;

  if (!restore_contact_in_transaction (self, id, error))
    {
      crm_store_rollback (self);
      return FALSE;
    }

  return crm_store_commit (self, error);
}

static gboolean
transfer_contact_in_transaction (CrmStore  *self,
                                 gint64     id,
                                 gint64     new_owner_id,
                                 GError   **error)
{
  g_autoptr(CrmStatement) read = NULL;
  g_autoptr(CrmStatement) update = NULL;
  g_autofree char *name = NULL;
  g_autofree char *old_owner = NULL;
  g_autofree char *new_owner = NULL;
  gint64 old_owner_id;
  gboolean exists = FALSE;

  read = crm_database_prepare (crm_store_get_database (self),
                               "SELECT name, owner_id, deleted_at IS NOT NULL FROM contacts WHERE id = ?1",
                               error);
  if (read == NULL)
    return FALSE;

  crm_statement_bind_int64 (read, 1, id);
  switch (crm_statement_step (read, error))
    {
    case CRM_STEP_ROW:
      break;
    case CRM_STEP_DONE:
      _crm_store_set_not_found (CRM_ENTITY_CONTACT, id, error);
      return FALSE;
    case CRM_STEP_ERROR:
    default:
      return FALSE;
    }

  name = crm_statement_dup_text (read, 0);
  old_owner_id = crm_statement_get_int64 (read, 1);
  if (crm_statement_get_int64 (read, 2) != 0)
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                   _("%s is in the trash; restore the client before handing it over"),
                   name);
      return FALSE;
    }
  g_clear_pointer (&read, crm_statement_release);

  if (!user_exists (self, new_owner_id, &exists, error))
    return FALSE;
  if (!exists)
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                   _("%s cannot be handed to employee %" PRId64
                     ": no such employee exists"),
                   name, new_owner_id);
      return FALSE;
    }

  if (old_owner_id == new_owner_id)
    return TRUE;

  crm_store_emit_changing (self, CRM_ENTITY_CONTACT, id);

  update = crm_database_prepare (crm_store_get_database (self),
                                 "UPDATE contacts SET owner_id = ?2, updated_at = ?3, "
                                 "  owner_sort = " CRM_SORT_KEY_USER ("?2") " "
                                 "WHERE id = ?1",
                                 error);
  if (update == NULL)
    return FALSE;

  crm_statement_bind_int64 (update, 1, id);
  crm_statement_bind_int64 (update, 2, new_owner_id);
  crm_statement_bind_int64 (update, 3, crm_time_now_ms ());
  if (!crm_statement_run (update, error))
    return FALSE;

  old_owner = get_user_name (self, old_owner_id);
  new_owner = get_user_name (self, new_owner_id);
  if (!crm_store_record_history (self, CRM_ENTITY_CONTACT, id, "owner",
                                 old_owner, new_owner, error))
    return FALSE;

  crm_store_emit_changed (self, CRM_ENTITY_CONTACT, id);
  return TRUE;
}

/**
 * crm_store_transfer_contact:
 * @self: a #CrmStore
 * @id: a client's id
 * @new_owner_id: the employee who takes the client over; 0 for the
 *   current user
 * @error: return location for a #GError
 *
 * Hands a client to another employee; the history keeps who had it.
 *
 * Returns: %TRUE on success
 */
gboolean
crm_store_transfer_contact (CrmStore  *self,
                            gint64     id,
                            gint64     new_owner_id,
                            GError   **error)
{
  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (new_owner_id == 0)
    new_owner_id = crm_store_get_current_user (self);

  if (!crm_store_begin (self, error))
    return FALSE;

  if (!transfer_contact_in_transaction (self, id, new_owner_id, error))
    {
      crm_store_rollback (self);
      return FALSE;
    }

  return crm_store_commit (self, error);
}

/**
 * crm_store_find_company:
 * @self: a #CrmStore
 * @name: a company's name, as typed
 * @error: return location for a #GError
 *
 * Finds a live company whose name is the same once case, accents and
 * spacing are ignored.
 *
 * Returns: its id; 0 when there is none (@error stays unset) or on error
 */
gint64
crm_store_find_company (CrmStore    *self,
                        const char  *name,
                        GError     **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autofree char *folded = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (crm_text_is_blank (name))
    return 0;

  folded = crm_text_fold (name);
  stmt = crm_database_prepare (crm_store_get_database (self),
                               "SELECT id FROM contacts "
                               "WHERE name_folded = ?1 AND deleted_at IS NULL AND kind = 1 "
                               "ORDER BY id LIMIT 1",
                               error);
  if (stmt == NULL)
    return 0;

  crm_statement_bind_text (stmt, 1, folded);
  if (crm_statement_step (stmt, error) != CRM_STEP_ROW)
    return 0;

  return crm_statement_get_int64 (stmt, 0);
}

static GArray *
collect_ids (CrmStatement  *stmt,
             GError       **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  CrmStepResult result;

  while ((result = crm_statement_step (stmt, error)) == CRM_STEP_ROW)
    {
      gint64 id = crm_statement_get_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }

  if (result == CRM_STEP_ERROR)
    return NULL;

  return g_steal_pointer (&ids);
}

/**
 * crm_store_find_contacts_by_phone:
 * @self: a #CrmStore
 * @phone: a phone number in any format
 * @error: return location for a #GError
 *
 * Text that is not (yet) a whole phone number matches nobody, so this can
 * be called on every key press.
 *
 * Returns: (transfer full) (element-type gint64): the ids of live clients
 *   with that number, or %NULL on error
 */
GArray *
crm_store_find_contacts_by_phone (CrmStore    *self,
                                  const char  *phone,
                                  GError     **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autofree char *digits = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (phone == NULL ||
      !crm_phone_normalize (phone, crm_store_get_default_country (self), &digits, NULL, NULL))
    return g_array_new (FALSE, FALSE, sizeof (gint64));

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "SELECT DISTINCT p.contact_id FROM phones p "
                               "CROSS JOIN contacts c ON c.id = p.contact_id "
                               "WHERE p.e164 = ?1 AND c.deleted_at IS NULL "
                               "ORDER BY p.contact_id",
                               error);
  if (stmt == NULL)
    return NULL;

  crm_statement_bind_text (stmt, 1, digits);
  return collect_ids (stmt, error);
}

/**
 * crm_store_find_contacts_by_email:
 * @self: a #CrmStore
 * @email: an e-mail address, in any case
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type gint64): the ids of live clients
 *   with that address, or %NULL on error
 */
GArray *
crm_store_find_contacts_by_email (CrmStore    *self,
                                  const char  *email,
                                  GError     **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *folded = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (email == NULL || !g_utf8_validate (email, -1, NULL))
    return g_array_new (FALSE, FALSE, sizeof (gint64));

  trimmed = g_strstrip (g_strdup (email));
  folded = g_utf8_strdown (trimmed, -1);

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "SELECT DISTINCT e.contact_id FROM emails e "
                               "CROSS JOIN contacts c ON c.id = e.contact_id "
                               "WHERE e.folded = ?1 AND c.deleted_at IS NULL "
                               "ORDER BY e.contact_id",
                               error);
  if (stmt == NULL)
    return NULL;

  crm_statement_bind_text (stmt, 1, folded);
  return collect_ids (stmt, error);
}

/**
 * crm_store_count_contacts:
 * @self: a #CrmStore
 * @error: return location for a #GError
 *
 * Returns: how many clients (people and companies) are not in the trash,
 *   or -1 on error
 */
gint64
crm_store_count_contacts (CrmStore  *self,
                          GError   **error)
{
  g_autoptr(CrmStatement) stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "SELECT count(*) FROM contacts WHERE deleted_at IS NULL",
                               error);
  if (stmt == NULL || crm_statement_step (stmt, error) != CRM_STEP_ROW)
    return -1;

  return crm_statement_get_int64 (stmt, 0);
}

/**
 * crm_store_has_contacts:
 * @self: a #CrmStore
 *
 * Whether any client is not in the trash: what crm_store_count_contacts()
 * would answer with more than 0, without counting them all.
 *
 * Returns: %TRUE if there is a live client; %FALSE if there is none or the
 *   database cannot be read
 */
gboolean
crm_store_has_contacts (CrmStore *self)
{
  g_autoptr(CrmStatement) stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "SELECT 1 FROM contacts WHERE deleted_at IS NULL LIMIT 1",
                               NULL);

  return stmt != NULL && crm_statement_step (stmt, NULL) == CRM_STEP_ROW;
}
