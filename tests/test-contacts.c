/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "crm-contact.h"
#include "crm-phone.h"
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

  f->dir = g_dir_make_tmp ("clientele-contacts-XXXXXX", &error);
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

  crm_time_set_fake_now (0);
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

static gint64
count_rows (CrmStore   *store,
            const char *sql)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autoptr(GError) error = NULL;

  stmt = crm_database_prepare (crm_store_get_database (store), sql, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_statement_step (stmt, &error), ==, CRM_STEP_ROW);
  g_assert_no_error (error);
  return crm_statement_get_int64 (stmt, 0);
}

static char *
query_text (CrmStore   *store,
            const char *sql,
            gint64      id)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autoptr(GError) error = NULL;

  stmt = crm_database_prepare (crm_store_get_database (store), sql, &error);
  g_assert_no_error (error);
  crm_statement_bind_int64 (stmt, 1, id);
  if (crm_statement_step (stmt, &error) != CRM_STEP_ROW)
    return NULL;
  return crm_statement_dup_text (stmt, 0);
}

static CrmContact *
make_person (const char *name,
             const char *phone,
             const char *email)
{
  CrmContact *contact = crm_contact_new ();

  crm_contact_set_name (contact, name);
  if (phone != NULL)
    crm_contact_add_phone (contact, crm_phone_entry_new (CRM_PHONE_MOBILE, phone, NULL, NULL));
  if (email != NULL)
    crm_contact_add_email (contact, crm_email_entry_new (CRM_EMAIL_WORK, email));
  return contact;
}

static gint64
add_person (CrmStore   *store,
            const char *name,
            const char *phone,
            const char *email)
{
  g_autoptr(CrmContact) contact = make_person (name, phone, email);
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = crm_store_add_contact (store, contact, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
assert_nothing_stored (CrmStore *store)
{
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM contacts"), ==, 0);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM phones"), ==, 0);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM emails"), ==, 0);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM contact_tags"), ==, 0);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM tags"), ==, 0);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM history"), ==, 0);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM contacts_words"), ==, 0);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM contacts_trigrams"), ==, 0);
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CrmContact) contact = crm_contact_new ();
  g_autoptr(CrmContact) read = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *formatted = crm_phone_format ("37120000000");
  g_autofree char *folded_email = NULL;
  g_autofree char *digits_rev = NULL;
  const char *tags[] = { "VIP", "Salon", NULL };
  CrmPhone *phone;
  CrmEmail *email;
  char **tag_list;
  gint64 id;

  crm_time_set_fake_now (1700000000000);

  crm_contact_set_name (contact, "  Anna   Bērziņa ");
  crm_contact_set_is_key (contact, TRUE);
  crm_contact_set_source (contact, "Website");
  crm_contact_set_notes (contact, "Line one\r\nLine two");
  crm_contact_set_birthday (contact, "1990-05-17");
  crm_contact_set_tag_list (contact, tags);
  crm_contact_add_phone (contact, crm_phone_entry_new (CRM_PHONE_MOBILE, "+371 20 000 000", NULL, NULL));
  crm_contact_add_phone (contact, crm_phone_entry_new (CRM_PHONE_WORK, "8 (912) 345-67-89", NULL, NULL));
  crm_contact_add_email (contact, crm_email_entry_new (CRM_EMAIL_WORK, "Anna.Berzina@Example.com"));
  crm_contact_add_email (contact, crm_email_entry_new (CRM_EMAIL_HOME, "anna@home.lv"));

  id = crm_store_add_contact (f->store, contact, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (crm_contact_get_id (contact), ==, id);
  g_assert_cmpint (crm_store_count_contacts (f->store, &error), ==, 1);

  read = crm_store_get_contact (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (read);

  g_assert_cmpint (crm_contact_get_id (read), ==, id);
  g_assert_cmpint (crm_contact_get_kind (read), ==, CRM_CONTACT_PERSON);
  g_assert_cmpstr (crm_contact_get_name (read), ==, "Anna Bērziņa");
  g_assert_true (crm_contact_get_is_key (read));
  g_assert_cmpstr (crm_contact_get_source (read), ==, "Website");
  g_assert_cmpstr (crm_contact_get_notes (read), ==, "Line one\nLine two");
  g_assert_cmpstr (crm_contact_get_birthday (read), ==, "1990-05-17");
  g_assert_cmpint (crm_contact_get_owner_id (read), ==, crm_store_get_current_user (f->store));
  g_assert_cmpstr (crm_contact_get_owner_name (read), ==, "Administrator");
  g_assert_cmpint (crm_contact_get_company_id (read), ==, 0);
  g_assert_null (crm_contact_get_company_name (read));
  g_assert_cmpint (crm_contact_get_created_at (read), ==, 1700000000000);
  g_assert_cmpint (crm_contact_get_updated_at (read), ==, 1700000000000);
  g_assert_cmpint (crm_contact_get_deleted_at (read), ==, 0);

  tag_list = crm_contact_get_tag_list (read);
  g_assert_cmpuint (g_strv_length (tag_list), ==, 2);
  g_assert_cmpstr (tag_list[0], ==, "Salon");
  g_assert_cmpstr (tag_list[1], ==, "VIP");

  g_assert_cmpuint (crm_contact_get_phones (read)->len, ==, 2);
  phone = g_ptr_array_index (crm_contact_get_phones (read), 0);
  g_assert_cmpint (phone->id, >, 0);
  g_assert_cmpint (phone->kind, ==, CRM_PHONE_MOBILE);
  g_assert_cmpstr (phone->raw, ==, "+371 20 000 000");
  g_assert_cmpstr (phone->e164, ==, "37120000000");
  phone = g_ptr_array_index (crm_contact_get_phones (read), 1);
  g_assert_cmpint (phone->kind, ==, CRM_PHONE_WORK);
  g_assert_cmpstr (phone->raw, ==, "8 (912) 345-67-89");
  g_assert_cmpstr (phone->e164, ==, "79123456789");
  g_assert_cmpstr (crm_contact_get_primary_phone (read), ==, formatted);

  g_assert_cmpuint (crm_contact_get_emails (read)->len, ==, 2);
  email = g_ptr_array_index (crm_contact_get_emails (read), 0);
  g_assert_cmpstr (email->address, ==, "Anna.Berzina@Example.com");
  g_assert_cmpint (email->kind, ==, CRM_EMAIL_WORK);
  email = g_ptr_array_index (crm_contact_get_emails (read), 1);
  g_assert_cmpstr (email->address, ==, "anna@home.lv");
  g_assert_cmpint (email->kind, ==, CRM_EMAIL_HOME);
  g_assert_cmpstr (crm_contact_get_primary_email (read), ==, "Anna.Berzina@Example.com");

  /* What the search relies on is stored beside the typed text. */
  folded_email = query_text (f->store, "SELECT folded FROM emails WHERE contact_id = ?1 ORDER BY position", id);
  g_assert_cmpstr (folded_email, ==, "anna.berzina@example.com");
  digits_rev = query_text (f->store, "SELECT digits_rev FROM phones WHERE contact_id = ?1 ORDER BY position", id);
  g_assert_cmpstr (digits_rev, ==, "00000002173");
  g_clear_pointer (&digits_rev, g_free);
  digits_rev = query_text (f->store, "SELECT name_folded FROM contacts WHERE id = ?1", id);
  g_assert_cmpstr (digits_rev, ==, "anna berzina");

  /* An unknown id is a clear error. */
  g_clear_object (&read);
  read = crm_store_get_contact (f->store, 12345, &error);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
  g_assert_null (read);
}

static void
assert_add_fails (CrmStore    *store,
                  CrmContact  *contact,
                  int          code,
                  const char  *message_part)
{
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = crm_store_add_contact (store, contact, &error);
  g_assert_cmpint (id, ==, 0);
  g_assert_error (error, CRM_STORE_ERROR, code);
  if (message_part != NULL && strstr (error->message, message_part) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, message_part);
  g_assert_cmpint (crm_contact_get_id (contact), ==, 0);
}

static void
test_validation (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) phone_error = NULL;
  g_autofree char *long_name = g_strnfill (201, 'a');
  g_autofree char *long_notes = g_strnfill (10001, 'n');
  const char *bad_emails[] = {
    "anna", "anna@", "@example.com", "anna@example", "anna@@example.com",
    "anna@ex@ample.com", "anna berzina@example.com", "anna@example.", "anna@.lv",
  };
  const char *bad_birthdays[] = {
    "2023-02-30", "17.05.1990", "1990-5-17", "1990-13-01", "2999-01-01", "yesterday",
  };

  crm_time_set_fake_now (1700000000000); /* 2023-11-14 */

  {
    g_autoptr(CrmContact) contact = make_person ("   ", NULL, NULL);
    assert_add_fails (f->store, contact, CRM_STORE_ERROR_INVALID, "A client needs a name");
  }
  {
    g_autoptr(CrmContact) contact = make_person (NULL, NULL, NULL);
    assert_add_fails (f->store, contact, CRM_STORE_ERROR_INVALID, "A client needs a name");
  }
  {
    g_autoptr(CrmContact) contact = make_person (long_name, NULL, NULL);
    assert_add_fails (f->store, contact, CRM_STORE_ERROR_INVALID, "200");
  }
  {
    g_autoptr(CrmContact) contact = make_person ("Anna", NULL, NULL);
    crm_contact_set_notes (contact, long_notes);
    assert_add_fails (f->store, contact, CRM_STORE_ERROR_INVALID, "10000");
  }
  {
    g_autoptr(CrmContact) contact = make_person ("Anna", "12", NULL);

    /* The store's message carries the phone module's reason. */
    g_assert_false (crm_phone_normalize ("12", "LV", NULL, NULL, &phone_error));
    g_assert_nonnull (phone_error);
    assert_add_fails (f->store, contact, CRM_STORE_ERROR_INVALID, "“12”");
    assert_add_fails (f->store, contact, CRM_STORE_ERROR_INVALID, phone_error->message);
  }
  {
    g_autoptr(CrmContact) contact = make_person ("Anna", "call me maybe", NULL);
    assert_add_fails (f->store, contact, CRM_STORE_ERROR_INVALID, "call me maybe");
  }
  for (guint i = 0; i < G_N_ELEMENTS (bad_emails); i++)
    {
      g_autoptr(CrmContact) contact = make_person ("Anna", NULL, bad_emails[i]);
      assert_add_fails (f->store, contact, CRM_STORE_ERROR_INVALID, bad_emails[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_birthdays); i++)
    {
      g_autoptr(CrmContact) contact = make_person ("Anna", NULL, NULL);
      crm_contact_set_birthday (contact, bad_birthdays[i]);
      assert_add_fails (f->store, contact, CRM_STORE_ERROR_INVALID, bad_birthdays[i]);
    }
  {
    g_autoptr(CrmContact) contact = make_person ("Anna", NULL, NULL);
    crm_contact_set_owner_id (contact, 424242);
    assert_add_fails (f->store, contact, CRM_STORE_ERROR_INVALID, "424242");
  }
  {
    g_autoptr(CrmContact) contact = make_person ("Anna", NULL, NULL);
    crm_contact_set_company_id (contact, 424242);
    assert_add_fails (f->store, contact, CRM_STORE_ERROR_INVALID, "424242");
  }
  {
    /* The same number twice on one card is a typing mistake. */
    g_autoptr(CrmContact) contact = make_person ("Anna", "+371 20 000 000", NULL);
    crm_contact_add_phone (contact, crm_phone_entry_new (CRM_PHONE_WORK, "20000000", NULL, NULL));
    assert_add_fails (f->store, contact, CRM_STORE_ERROR_INVALID, "twice");
  }

  /* Nothing of any failed add was kept. */
  assert_nothing_stored (f->store);

  /* The limits themselves are allowed. */
  {
    g_autofree char *name = g_strnfill (200, 'a');
    g_autofree char *notes = g_strnfill (10000, 'n');
    g_autoptr(CrmContact) contact = make_person (name, NULL, "a.b-c+d@mail.example.lv");
    g_autoptr(GError) error = NULL;

    crm_contact_set_notes (contact, notes);
    crm_contact_set_birthday (contact, "2023-11-14");
    g_assert_cmpint (crm_store_add_contact (f->store, contact, &error), >, 0);
    g_assert_no_error (error);
  }
}

static void
test_failed_add_leaves_nothing (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(CrmContact) contact = make_person ("Anna", "+371 20 000 000", "anna@example.com");
  const char *tags[] = { "VIP", NULL };

  /* Everything is fine but the last e-mail: no phone, tag or company may
   * be left behind. */
  crm_contact_set_tag_list (contact, tags);
  crm_contact_set_company_name (contact, "SIA Ziedi");
  crm_contact_add_email (contact, crm_email_entry_new (CRM_EMAIL_HOME, "not an address"));
  assert_add_fails (f->store, contact, CRM_STORE_ERROR_INVALID, "not an address");
  assert_nothing_stored (f->store);
  g_assert_cmpint (crm_store_count_contacts (f->store, NULL), ==, 0);
}

static void
test_duplicates (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) found = NULL;
  g_autofree char *formatted = crm_phone_format ("37120000000");
  g_autofree char *expected = g_strdup_printf ("The phone number %s belongs to Anna Bērziņa already", formatted);
  gint64 anna;
  gint64 boris;

  anna = add_person (f->store, "Anna Bērziņa", "+371 20 000 000", "anna@example.com");

  {
    g_autoptr(CrmContact) contact = make_person ("Boris", "00371 20000000", NULL);

    g_assert_cmpint (crm_store_add_contact (f->store, contact, &error), ==, 0);
    g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_DUPLICATE);
    g_assert_cmpstr (error->message, ==, expected);
    g_clear_error (&error);
  }
  {
    g_autoptr(CrmContact) contact = make_person ("Boris", NULL, "ANNA@Example.COM");
    assert_add_fails (f->store, contact, CRM_STORE_ERROR_DUPLICATE, "Anna Bērziņa");
  }
  g_assert_cmpint (crm_store_count_contacts (f->store, NULL), ==, 1);

  /* Boris may not take Anna's number by editing his card either. */
  boris = add_person (f->store, "Boris", "+371 26 123 456", NULL);
  {
    g_autoptr(CrmContact) contact = crm_store_get_contact (f->store, boris, &error);

    g_assert_no_error (error);
    crm_contact_add_phone (contact, crm_phone_entry_new (CRM_PHONE_WORK, "20000000", NULL, NULL));
    g_assert_false (crm_store_update_contact (f->store, contact, &error));
    g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_DUPLICATE);
    g_assert_nonnull (strstr (error->message, "Anna Bērziņa"));
    g_clear_error (&error);
  }

  /* Saving Anna with her own number again is no duplicate. */
  {
    g_autoptr(CrmContact) contact = crm_store_get_contact (f->store, anna, &error);

    g_assert_no_error (error);
    crm_contact_set_source (contact, "Phone call");
    g_assert_true (crm_store_update_contact (f->store, contact, &error));
    g_assert_no_error (error);
  }

  found = crm_store_find_contacts_by_phone (f->store, "+371 2000 0000", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (g_array_index (found, gint64, 0), ==, anna);
  g_clear_pointer (&found, g_array_unref);

  found = crm_store_find_contacts_by_phone (f->store, "2000", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_array_unref);

  found = crm_store_find_contacts_by_email (f->store, " Anna@EXAMPLE.com ", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (g_array_index (found, gint64, 0), ==, anna);
  g_clear_pointer (&found, g_array_unref);

  /* A client in the trash does not hold on to its number... */
  g_assert_true (crm_store_delete_contact (f->store, anna, &error));
  g_assert_no_error (error);
  {
    g_autoptr(CrmContact) contact = make_person ("Carla", "20000000", NULL);

    g_assert_cmpint (crm_store_add_contact (f->store, contact, &error), >, 0);
    g_assert_no_error (error);
  }

  /* ...but coming back while someone else has it is refused. */
  g_assert_false (crm_store_restore_contact (f->store, anna, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_DUPLICATE);
  g_assert_nonnull (strstr (error->message, "Carla"));
  g_clear_error (&error);

  found = crm_store_find_contacts_by_phone (f->store, "20000000", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (g_array_index (found, gint64, 0), !=, anna);
}

typedef struct
{
  const char *field;
  const char *old_value;
  const char *new_value;
} ExpectedChange;

static void
assert_history (CrmStore             *store,
                gint64                id,
                const ExpectedChange *expected,
                guint                 n_expected)
{
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;

  history = crm_store_list_history (store, id, &error);
  g_assert_no_error (error);

  if (history->len != n_expected)
    {
      for (guint i = 0; i < history->len; i++)
        {
          CrmHistoryEntry *entry = g_ptr_array_index (history, i);
          g_test_message ("history: %s: %s -> %s", entry->field,
                          entry->old_value, entry->new_value);
        }
    }
  g_assert_cmpuint (history->len, ==, n_expected);

  for (guint i = 0; i < n_expected; i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < history->len && !found; j++)
        {
          CrmHistoryEntry *entry = g_ptr_array_index (history, j);

          if (g_strcmp0 (entry->field, expected[i].field) != 0)
            continue;
          g_assert_cmpstr (entry->old_value, ==, expected[i].old_value);
          g_assert_cmpstr (entry->new_value, ==, expected[i].new_value);
          g_assert_cmpint (entry->user_id, ==, crm_store_get_current_user (store));
          found = TRUE;
        }

      if (!found)
        g_error ("no history row for “%s”", expected[i].field);
    }
}

static void
test_update_history (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CrmContact) contact = NULL;
  g_autoptr(CrmContact) read = NULL;
  g_autoptr(GError) error = NULL;
  const char *tags[] = { "VIP", NULL };
  const char *new_tags[] = { "VIP", "Salon", NULL };
  const ExpectedChange after_add[] = {
    { "created", NULL, "Anna" },
  };
  const ExpectedChange after_update[] = {
    { "created", NULL, "Anna" },
    { "name", "Anna", "Anna Bērziņa" },
    { "key", "No", "Yes" },
    { "source", NULL, "Instagram" },
    { "tags", "VIP", "Salon, VIP" },
    { "phones", "+371 20 000 000", "+371 20 000 000, 8 912 345-67-89" },
    { "birthday", "1990-05-17", NULL },
  };
  gint64 id;

  crm_time_set_fake_now (1700000000000);

  contact = make_person ("Anna", "+371 20 000 000", "anna@example.com");
  crm_contact_set_tag_list (contact, tags);
  crm_contact_set_notes (contact, "Prefers mornings");
  crm_contact_set_birthday (contact, "1990-05-17");
  id = crm_store_add_contact (f->store, contact, &error);
  g_assert_no_error (error);
  assert_history (f->store, id, after_add, G_N_ELEMENTS (after_add));

  crm_time_set_fake_now (1700000100000);

  read = crm_store_get_contact (f->store, id, &error);
  g_assert_no_error (error);
  crm_contact_set_name (read, "Anna Bērziņa");
  crm_contact_set_is_key (read, TRUE);
  crm_contact_set_source (read, "Instagram");
  crm_contact_set_tag_list (read, new_tags);
  crm_contact_set_birthday (read, NULL);
  crm_contact_add_phone (read, crm_phone_entry_new (CRM_PHONE_WORK, "8 912 345-67-89", NULL, NULL));
  g_assert_true (crm_store_update_contact (f->store, read, &error));
  g_assert_no_error (error);
  g_assert_cmpint (crm_contact_get_updated_at (read), ==, 1700000100000);

  assert_history (f->store, id, after_update, G_N_ELEMENTS (after_update));

  g_clear_object (&read);
  read = crm_store_get_contact (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (crm_contact_get_name (read), ==, "Anna Bērziņa");
  g_assert_cmpstr (crm_contact_get_notes (read), ==, "Prefers mornings");
  g_assert_null (crm_contact_get_birthday (read));
  g_assert_cmpuint (crm_contact_get_phones (read)->len, ==, 2);
  g_assert_cmpint (crm_contact_get_created_at (read), ==, 1700000000000);
  g_assert_cmpint (crm_contact_get_updated_at (read), ==, 1700000100000);

  /* Saving again without a change records nothing. */
  g_assert_true (crm_store_update_contact (f->store, read, &error));
  g_assert_no_error (error);
  assert_history (f->store, id, after_update, G_N_ELEMENTS (after_update));

  /* An update that fails changes nothing and records nothing. */
  crm_contact_set_name (read, "Anna B.");
  crm_contact_add_email (read, crm_email_entry_new (CRM_EMAIL_HOME, "broken@"));
  g_assert_false (crm_store_update_contact (f->store, read, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  assert_history (f->store, id, after_update, G_N_ELEMENTS (after_update));
  g_clear_object (&read);
  read = crm_store_get_contact (f->store, id, &error);
  g_assert_cmpstr (crm_contact_get_name (read), ==, "Anna Bērziņa");

  /* Updating an id that does not exist is a clear error. */
  crm_contact_set_id (read, 987654321);
  g_assert_false (crm_store_update_contact (f->store, read, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
}

static void
test_trash (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) trash = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(CrmContact) read = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_assert_false (crm_store_has_contacts (f->store));
  id = add_person (f->store, "Anna Bērziņa", "+371 20 000 000", NULL);
  g_assert_true (crm_store_has_contacts (f->store));
  results = crm_search_run (f->store, "anna", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 1);
  g_clear_pointer (&results, g_ptr_array_unref);

  g_assert_true (crm_store_delete_contact (f->store, id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (crm_store_count_contacts (f->store, NULL), ==, 0);
  /* A client in the trash does not count as one. */
  g_assert_false (crm_store_has_contacts (f->store));

  trash = crm_store_list_trash (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (trash->len, ==, 1);
  g_assert_cmpint (crm_store_count_trash (f->store, NULL), ==, 1);
  {
    CrmTrashItem *item = g_ptr_array_index (trash, 0);

    g_assert_cmpint (item->kind, ==, CRM_ENTITY_CONTACT);
    g_assert_cmpint (item->id, ==, id);
    g_assert_cmpstr (item->title, ==, "Anna Bērziņa");
  }
  g_clear_pointer (&trash, g_ptr_array_unref);

  /* Still readable, marked as trashed, and found by no search. */
  read = crm_store_get_contact (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_contact_get_deleted_at (read), >, 0);
  g_clear_object (&read);

  for (guint i = 0; i < 3; i++)
    {
      const char *queries[] = { "anna", "erzi", "20000000" };

      results = crm_search_run (f->store, queries[i], 10, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (results->len, ==, 0);
      g_clear_pointer (&results, g_ptr_array_unref);
    }

  /* Twice is an error that names the client. */
  g_assert_false (crm_store_delete_contact (f->store, id, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Anna Bērziņa"));
  g_clear_error (&error);

  /* Trashed clients cannot be edited. */
  read = crm_store_get_contact (f->store, id, &error);
  crm_contact_set_source (read, "Whatever");
  g_assert_false (crm_store_update_contact (f->store, read, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_object (&read);

  g_assert_true (crm_store_restore_contact (f->store, id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (crm_store_count_contacts (f->store, NULL), ==, 1);
  g_assert_true (crm_store_has_contacts (f->store));

  trash = crm_store_list_trash (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (trash->len, ==, 0);
  g_assert_cmpint (crm_store_count_trash (f->store, NULL), ==, 0);

  read = crm_store_get_contact (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_contact_get_deleted_at (read), ==, 0);

  results = crm_search_run (f->store, "erzi", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 1);
  g_assert_cmpint (((CrmSearchResult *)g_ptr_array_index (results, 0))->id, ==, id);

  g_assert_false (crm_store_restore_contact (f->store, id, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "not in the trash"));
  g_clear_error (&error);

  g_assert_false (crm_store_delete_contact (f->store, 555, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (crm_store_restore_contact (f->store, 555, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
}

static void
test_transfer (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(CrmContact) read = NULL;
  g_autoptr(GError) error = NULL;
  const ExpectedChange expected[] = {
    { "created", NULL, "Anna" },
    { "owner", "Administrator", "Boris Ozols" },
  };
  gint64 boris;
  gint64 id;

  boris = crm_store_add_user (f->store, "boris", "Boris Ozols", CRM_ROLE_SALES, &error);
  g_assert_no_error (error);
  id = add_person (f->store, "Anna", NULL, NULL);

  g_assert_true (crm_store_transfer_contact (f->store, id, boris, &error));
  g_assert_no_error (error);

  read = crm_store_get_contact (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_contact_get_owner_id (read), ==, boris);
  g_assert_cmpstr (crm_contact_get_owner_name (read), ==, "Boris Ozols");
  assert_history (f->store, id, expected, G_N_ELEMENTS (expected));

  /* To the same owner again: nothing to record. */
  g_assert_true (crm_store_transfer_contact (f->store, id, boris, &error));
  g_assert_no_error (error);
  assert_history (f->store, id, expected, G_N_ELEMENTS (expected));

  g_assert_false (crm_store_transfer_contact (f->store, id, 31337, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "31337"));
  g_clear_error (&error);

  g_assert_false (crm_store_transfer_contact (f->store, 31337, boris, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* An owner can also be chosen when adding. */
  {
    g_autoptr(CrmContact) contact = make_person ("Dace", NULL, NULL);
    g_autoptr(CrmContact) dace = NULL;
    gint64 dace_id;

    crm_contact_set_owner_id (contact, boris);
    dace_id = crm_store_add_contact (f->store, contact, &error);
    g_assert_no_error (error);
    dace = crm_store_get_contact (f->store, dace_id, &error);
    g_assert_cmpint (crm_contact_get_owner_id (dace), ==, boris);
  }
}

static void
test_company (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(CrmContact) anna = make_person ("Anna", NULL, NULL);
  g_autoptr(CrmContact) boris = make_person ("Boris", NULL, NULL);
  g_autoptr(CrmContact) read = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  gint64 company;
  gint64 anna_id;

  crm_contact_set_company_name (anna, " SIA  Ziedi ");
  anna_id = crm_store_add_contact (f->store, anna, &error);
  g_assert_no_error (error);

  company = crm_store_find_company (f->store, "sia ziedi", &error);
  g_assert_no_error (error);
  g_assert_cmpint (company, >, 0);
  g_assert_cmpint (company, !=, anna_id);
  g_assert_cmpint (crm_contact_get_company_id (anna), ==, company);

  read = crm_store_get_contact (f->store, company, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_contact_get_kind (read), ==, CRM_CONTACT_COMPANY);
  g_assert_cmpstr (crm_contact_get_name (read), ==, "SIA Ziedi");
  g_clear_object (&read);

  read = crm_store_get_contact (f->store, anna_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_contact_get_company_id (read), ==, company);
  g_assert_cmpstr (crm_contact_get_company_name (read), ==, "SIA Ziedi");

  /* The same name in other letters links to the same company. */
  crm_contact_set_company_name (boris, "sia ZIEDI");
  g_assert_cmpint (crm_store_add_contact (f->store, boris, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (crm_contact_get_company_id (boris), ==, company);
  g_assert_cmpint (count_rows (f->store, "SELECT count(*) FROM contacts WHERE kind = 1"), ==, 1);
  g_assert_cmpint (crm_store_count_contacts (f->store, NULL), ==, 3);

  /* Nobody is their own company, and a person is no company. */
  crm_contact_set_company_id (read, anna_id);
  g_assert_false (crm_store_update_contact (f->store, read, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_clear_error (&error);

  {
    g_autoptr(CrmContact) carla = make_person ("Carla", NULL, NULL);

    crm_contact_set_company_id (carla, anna_id);
    assert_add_fails (f->store, carla, CRM_STORE_ERROR_INVALID, "Anna");
  }
  {
    g_autoptr(CrmContact) self_company = NULL;

    self_company = crm_store_get_contact (f->store, company, &error);
    crm_contact_set_company_id (self_company, company);
    g_assert_false (crm_store_update_contact (f->store, self_company, &error));
    g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "own company"));
    g_clear_error (&error);
  }

  /* A company that has people cannot become a person. */
  {
    g_autoptr(CrmContact) as_person = crm_store_get_contact (f->store, company, &error);

    crm_contact_set_kind (as_person, CRM_CONTACT_PERSON);
    g_assert_false (crm_store_update_contact (f->store, as_person, &error));
    g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_IN_USE);
    g_clear_error (&error);
  }

  /* Renaming the company renames it in its people's search entries. */
  {
    g_autoptr(CrmContact) renamed = crm_store_get_contact (f->store, company, &error);
    gboolean found_anna = FALSE;

    crm_contact_set_name (renamed, "Ziedu Pasaule");
    g_assert_true (crm_store_update_contact (f->store, renamed, &error));
    g_assert_no_error (error);

    results = crm_search_run (f->store, "pasaule", 10, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < results->len; i++)
      {
        CrmSearchResult *result = g_ptr_array_index (results, i);
        if (result->id == anna_id)
          found_anna = TRUE;
      }
    g_assert_true (found_anna);
    g_assert_cmpuint (results->len, ==, 3);
  }

  /* A trashed company cannot be linked to. */
  g_assert_true (crm_store_delete_contact (f->store, company, &error));
  g_assert_no_error (error);
  g_assert_cmpint (crm_store_find_company (f->store, "Ziedu Pasaule", &error), ==, 0);
  g_assert_no_error (error);
  {
    g_autoptr(CrmContact) dace = make_person ("Dace", NULL, NULL);

    crm_contact_set_company_id (dace, company);
    assert_add_fails (f->store, dace, CRM_STORE_ERROR_INVALID, "trash");
  }

  /* By name, a new company is made in place of the trashed one. */
  {
    g_autoptr(CrmContact) dace = make_person ("Dace", NULL, NULL);

    crm_contact_set_company_name (dace, "Ziedu Pasaule");
    g_assert_cmpint (crm_store_add_contact (f->store, dace, &error), >, 0);
    g_assert_no_error (error);
    g_assert_cmpint (crm_contact_get_company_id (dace), !=, company);
    g_assert_cmpint (crm_contact_get_company_id (dace), ==,
                     crm_store_find_company (f->store, "ziedu pasaule", NULL));
  }
}

typedef struct
{
  GArray *changing;
  GArray *changed;
  CrmStore *store;
  gboolean readable_when_changed;
} SignalLog;

static void
changing_cb (CrmStore  *store,
             int        kind,
             gint64     id,
             SignalLog *log)
{
  g_assert_cmpint (kind, ==, CRM_ENTITY_CONTACT);
  g_array_append_val (log->changing, id);
}

static void
changed_cb (CrmStore  *store,
            int        kind,
            gint64     id,
            SignalLog *log)
{
  g_autoptr(CrmContact) contact = NULL;

  g_assert_cmpint (kind, ==, CRM_ENTITY_CONTACT);
  g_array_append_val (log->changed, id);

  /* By the time views hear of it, the change is there to be read. */
  contact = crm_store_get_contact (store, id, NULL);
  log->readable_when_changed = contact != NULL;
}

static void
test_signals (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(CrmContact) contact = make_person ("Anna", "+371 20 000 000", NULL);
  g_autoptr(GError) error = NULL;
  SignalLog log = { 0 };
  gint64 id;

  log.changing = g_array_new (FALSE, FALSE, sizeof (gint64));
  log.changed = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_signal_connect (f->store, "changing", G_CALLBACK (changing_cb), &log);
  g_signal_connect (f->store, "changed", G_CALLBACK (changed_cb), &log);

  id = crm_store_add_contact (f->store, contact, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (log.changing->len, ==, 1);
  g_assert_cmpint (g_array_index (log.changing, gint64, 0), ==, 0);
  g_assert_cmpuint (log.changed->len, ==, 1);
  g_assert_cmpint (g_array_index (log.changed, gint64, 0), ==, id);
  g_assert_true (log.readable_when_changed);

  crm_contact_set_source (contact, "Referral");
  g_assert_true (crm_store_update_contact (f->store, contact, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (log.changing->len, ==, 2);
  g_assert_cmpint (g_array_index (log.changing, gint64, 1), ==, id);
  g_assert_cmpuint (log.changed->len, ==, 2);
  g_assert_cmpint (g_array_index (log.changed, gint64, 1), ==, id);

  /* A failed write announces no change. */
  {
    g_autoptr(CrmContact) bad = make_person ("Boris", "20000000", NULL);

    g_assert_cmpint (crm_store_add_contact (f->store, bad, &error), ==, 0);
    g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_DUPLICATE);
    g_clear_error (&error);
  }
  g_assert_cmpuint (log.changed->len, ==, 2);

  g_assert_true (crm_store_delete_contact (f->store, id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (log.changed->len, ==, 3);
  g_assert_cmpint (g_array_index (log.changed, gint64, 2), ==, id);

  g_assert_true (crm_store_restore_contact (f->store, id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (log.changed->len, ==, 4);
  g_assert_cmpuint (log.changing->len, ==, 4);

  /* Inside an outer transaction, changed waits for the commit. */
  g_assert_true (crm_store_begin (f->store, &error));
  crm_contact_set_source (contact, "Website");
  g_assert_true (crm_store_update_contact (f->store, contact, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (log.changed->len, ==, 4);
  g_assert_true (crm_store_commit (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (log.changed->len, ==, 5);

  g_signal_handlers_disconnect_by_data (f->store, &log);
  g_array_unref (log.changing);
  g_array_unref (log.changed);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/contacts/round-trip", test_round_trip);
  ADD ("/contacts/validation", test_validation);
  ADD ("/contacts/failed-add-leaves-nothing", test_failed_add_leaves_nothing);
  ADD ("/contacts/duplicates", test_duplicates);
  ADD ("/contacts/update-history", test_update_history);
  ADD ("/contacts/trash", test_trash);
  ADD ("/contacts/transfer", test_transfer);
  ADD ("/contacts/company", test_company);
  ADD ("/contacts/signals", test_signals);

#undef ADD

  return g_test_run ();
}
