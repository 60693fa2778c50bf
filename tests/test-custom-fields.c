/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Custom details of client cards: defining, renaming, ordering and hiding
 * fields, and the values clients have in them, with their history. */

#include "config.h"

#include "crm-store-contacts.h"
#include "crm-store-fields.h"

typedef struct
{
  char     *folder;
  CrmStore *store;
  guint     n_changed;
  gint64    last_changed_id;
  int       last_changed_kind;
} Fixture;

static void
changed_cb (CrmStore *store,
            int       kind,
            gint64    id,
            Fixture  *f)
{
  f->n_changed++;
  f->last_changed_kind = kind;
  f->last_changed_id = id;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->folder = g_dir_make_tmp ("clientele-fields-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->folder, "fields.db", NULL);
  f->store = crm_store_open (path, &error);
  g_assert_no_error (error);
  g_signal_connect (f->store, "changed", G_CALLBACK (changed_cb), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  g_free (f->folder);
}

static gint64
add_contact (Fixture    *f,
             const char *name)
{
  g_autoptr(CrmContact) contact = crm_contact_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  crm_contact_set_name (contact, name);
  id = crm_store_add_contact (f->store, contact, &error);
  g_assert_no_error (error);
  return id;
}

static gint64
add_field (Fixture    *f,
           const char *name)
{
  g_autoptr(GError) error = NULL;
  gint64 id = crm_store_add_custom_field (f->store, CRM_ENTITY_CONTACT, name, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, !=, 0);
  return id;
}

/* The names of the live contact fields, joined with "|". */
static char *
field_names (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) fields = crm_store_list_custom_fields (f->store, CRM_ENTITY_CONTACT, &error);
  GString *names = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < fields->len; i++)
    {
      CrmCustomField *field = g_ptr_array_index (fields, i);

      g_assert_cmpint (field->position, ==, i);
      if (i > 0)
        g_string_append_c (names, '|');
      g_string_append (names, field->name);
    }

  return g_string_free (names, FALSE);
}

static const char *
value_of (GHashTable *values,
          gint64      field_id)
{
  return g_hash_table_lookup (values, &field_id);
}

static void
test_fields_define (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *names = NULL;
  gint64 hair, stylist, allergies;

  hair = add_field (f, "  Hair   colour ");
  stylist = add_field (f, "Preferred stylist");
  allergies = add_field (f, "Allergies");
  g_assert_cmpint (f->n_changed, >=, 3);
  g_assert_cmpint (f->last_changed_kind, ==, CRM_ENTITY_ANY);

  names = field_names (f);
  g_assert_cmpstr (names, ==, "Hair colour|Preferred stylist|Allergies");
  g_clear_pointer (&names, g_free);

  /* Other kinds have fields of their own. */
  {
    g_autoptr(GPtrArray) deal_fields = crm_store_list_custom_fields (f->store, CRM_ENTITY_DEAL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (deal_fields->len, ==, 0);
  }

  g_assert_true (crm_store_rename_custom_field (f->store, stylist, "Stylist", &error));
  g_assert_no_error (error);
  /* A rename to a name that differs only in case is allowed for the field itself. */
  g_assert_true (crm_store_rename_custom_field (f->store, hair, "hair colour", &error));
  g_assert_no_error (error);

  g_assert_true (crm_store_move_custom_field (f->store, allergies, 0, &error));
  g_assert_no_error (error);
  names = field_names (f);
  g_assert_cmpstr (names, ==, "Allergies|hair colour|Stylist");
  g_clear_pointer (&names, g_free);

  /* Out of range moves to the end. */
  g_assert_true (crm_store_move_custom_field (f->store, allergies, 99, &error));
  g_assert_no_error (error);
  names = field_names (f);
  g_assert_cmpstr (names, ==, "hair colour|Stylist|Allergies");
  g_clear_pointer (&names, g_free);

  g_assert_true (crm_store_delete_custom_field (f->store, stylist, &error));
  g_assert_no_error (error);
  names = field_names (f);
  g_assert_cmpstr (names, ==, "hair colour|Allergies");
  g_clear_pointer (&names, g_free);

  /* A deleted field cannot be changed, and its name is free again. */
  g_assert_false (crm_store_rename_custom_field (f->store, stylist, "X", &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  add_field (f, "Stylist");

  {
    g_autoptr(CrmCustomField) found = crm_store_find_custom_field (f->store, CRM_ENTITY_CONTACT,
                                                                   "HAIR COLOUR", &error);
    g_assert_no_error (error);
    g_assert_nonnull (found);
    g_assert_cmpint (found->id, ==, hair);
  }
  {
    g_autoptr(CrmCustomField) missing = crm_store_find_custom_field (f->store, CRM_ENTITY_CONTACT,
                                                                     "Shoe size", &error);
    g_assert_no_error (error);
    g_assert_null (missing);
  }
}

static void
test_fields_bad_names (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *long_name = g_strnfill (61, 'x');
  g_autofree char *just_fits = g_strnfill (60, 'y');
  g_autofree char *names = NULL;
  gint64 colour;

  colour = add_field (f, "Krāsa");

  /* Duplicates, ignoring case and diacritics. */
  g_assert_cmpint (crm_store_add_custom_field (f->store, CRM_ENTITY_CONTACT, "KRASA", &error), ==, 0);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_DUPLICATE);
  g_assert_nonnull (strstr (error->message, "Krāsa"));
  g_clear_error (&error);

  g_assert_cmpint (crm_store_add_custom_field (f->store, CRM_ENTITY_CONTACT, "   ", &error), ==, 0);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (crm_store_add_custom_field (f->store, CRM_ENTITY_CONTACT, NULL, &error), ==, 0);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (crm_store_add_custom_field (f->store, CRM_ENTITY_CONTACT, long_name, &error), ==, 0);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "60"));
  g_clear_error (&error);
  add_field (f, just_fits);

  /* The same name for a deal field is fine. */
  g_assert_cmpint (crm_store_add_custom_field (f->store, CRM_ENTITY_DEAL, "Krasa", &error), !=, 0);
  g_assert_no_error (error);

  g_assert_false (crm_store_rename_custom_field (f->store, colour, just_fits, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_DUPLICATE);
  g_clear_error (&error);
  g_assert_false (crm_store_rename_custom_field (f->store, colour, "", &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (crm_store_move_custom_field (f->store, 12345, 0, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (crm_store_delete_custom_field (f->store, 12345, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Nothing of the refused changes was written. */
  names = field_names (f);
  g_assert_cmpstr (names, ==, "Krāsa|yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy");
}

static void
test_fields_values (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autofree char *too_long = g_strnfill (1001, 'v');
  gint64 anna, hair, stylist;
  guint changes_before;
  gboolean found_set = FALSE, found_clear = FALSE;

  anna = add_contact (f, "Anna Ozola");
  hair = add_field (f, "Hair colour");
  stylist = add_field (f, "Preferred stylist");

  changes_before = f->n_changed;
  g_assert_true (crm_store_set_custom_value (f->store, hair, anna, "  Auburn ", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->n_changed, ==, changes_before + 1);
  g_assert_cmpint (f->last_changed_kind, ==, CRM_ENTITY_CONTACT);
  g_assert_cmpint (f->last_changed_id, ==, anna);
  g_assert_true (crm_store_set_custom_value (f->store, stylist, anna, "Līga", &error));
  g_assert_no_error (error);

  values = crm_store_get_custom_values (f->store, anna, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (values), ==, 2);
  g_assert_cmpstr (value_of (values, hair), ==, "Auburn");
  g_assert_cmpstr (value_of (values, stylist), ==, "Līga");
  g_clear_pointer (&values, g_hash_table_unref);

  /* Setting the same value again changes nothing. */
  changes_before = f->n_changed;
  g_assert_true (crm_store_set_custom_value (f->store, hair, anna, "Auburn", &error));
  g_assert_cmpuint (f->n_changed, ==, changes_before);

  /* Blank clears. */
  g_assert_true (crm_store_set_custom_value (f->store, hair, anna, "  ", &error));
  g_assert_no_error (error);
  values = crm_store_get_custom_values (f->store, anna, &error);
  g_assert_null (value_of (values, hair));
  g_assert_cmpuint (g_hash_table_size (values), ==, 1);
  g_clear_pointer (&values, g_hash_table_unref);
  g_assert_true (crm_store_set_custom_value (f->store, hair, anna, "Black", &error));
  g_assert_true (crm_store_set_custom_value (f->store, hair, anna, NULL, &error));
  g_assert_no_error (error);

  g_assert_false (crm_store_set_custom_value (f->store, hair, anna, too_long, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_clear_error (&error);

  history = crm_store_list_history (f->store, anna, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < history->len; i++)
    {
      CrmHistoryEntry *entry = g_ptr_array_index (history, i);

      if (g_strcmp0 (entry->field, "detail:Hair colour") != 0)
        continue;
      if (entry->old_value == NULL && g_strcmp0 (entry->new_value, "Auburn") == 0)
        found_set = TRUE;
      if (g_strcmp0 (entry->old_value, "Auburn") == 0 && entry->new_value == NULL)
        found_clear = TRUE;
    }
  g_assert_true (found_set);
  g_assert_true (found_clear);

  /* Deleting a field hides its values but keeps them. */
  g_assert_true (crm_store_delete_custom_field (f->store, stylist, &error));
  values = crm_store_get_custom_values (f->store, anna, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (values), ==, 0);
  g_clear_pointer (&values, g_hash_table_unref);
  {
    g_autoptr(CrmStatement) stmt = NULL;

    stmt = crm_database_prepare (crm_store_get_database (f->store),
                                 "SELECT value FROM custom_values WHERE field_id = ?1 AND entity_id = ?2",
                                 &error);
    crm_statement_bind_int64 (stmt, 1, stylist);
    crm_statement_bind_int64 (stmt, 2, anna);
    g_assert_cmpint (crm_statement_step (stmt, &error), ==, CRM_STEP_ROW);
    g_assert_cmpstr (crm_statement_get_text (stmt, 0), ==, "Līga");
  }
  g_assert_false (crm_store_set_custom_value (f->store, stylist, anna, "Ieva", &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
}

static void
test_fields_values_refused (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 anna, hair;

  anna = add_contact (f, "Anna Ozola");
  hair = add_field (f, "Hair colour");

  /* An unknown contact. */
  g_assert_false (crm_store_set_custom_value (f->store, hair, 424242, "Red", &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A trashed one. */
  g_assert_true (crm_store_delete_contact (f->store, anna, &error));
  g_assert_no_error (error);
  g_assert_false (crm_store_set_custom_value (f->store, hair, anna, "Red", &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "trash"));
  g_clear_error (&error);

  /* An unknown field. */
  g_assert_true (crm_store_restore_contact (f->store, anna, &error));
  g_assert_no_error (error);
  g_assert_false (crm_store_set_custom_value (f->store, 777, anna, "Red", &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Emptying the trash removes the values of the clients in it. */
  {
    gint64 zane = add_contact (f, "Zane");

    g_assert_true (crm_store_set_custom_value (f->store, hair, zane, "Red", &error));
    g_assert_true (crm_store_delete_contact (f->store, zane, &error));
    g_assert_true (crm_store_empty_trash (f->store, G_MAXINT64, &error));
    g_assert_no_error (error);
    {
      g_autoptr(CrmStatement) stmt = NULL;

      stmt = crm_database_prepare (crm_store_get_database (f->store),
                                   "SELECT count(*) FROM custom_values WHERE entity_id = ?1", &error);
      crm_statement_bind_int64 (stmt, 1, zane);
      g_assert_cmpint (crm_statement_step (stmt, &error), ==, CRM_STEP_ROW);
      g_assert_cmpint (crm_statement_get_int64 (stmt, 0), ==, 0);
    }
  }

  /* Nothing was left behind by the refusals, and no transaction is open. */
  {
    g_autoptr(GHashTable) values = crm_store_get_custom_values (f->store, anna, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (g_hash_table_size (values), ==, 0);
  }
  g_assert_false (crm_database_in_transaction (crm_store_get_database (f->store)));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/custom-fields/define", test_fields_define);
  ADD ("/custom-fields/bad-names", test_fields_bad_names);
  ADD ("/custom-fields/values", test_fields_values);
  ADD ("/custom-fields/values-refused", test_fields_values_refused);

  return g_test_run ();
}
