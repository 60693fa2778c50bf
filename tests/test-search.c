/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "crm-contact.h"
#include "crm-id.h"
#include "crm-phone.h"
#include "crm-search.h"
#include "crm-store-contacts.h"
#include "crm-store.h"
#include "crm-text.h"
#include "crm-time.h"

typedef struct
{
  char     *dir;
  CrmStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("clientele-search-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "test.db", NULL);
  f->store = crm_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
  g_assert_cmpstr (crm_store_get_default_country (f->store), ==, "LV");
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
  g_free (f->dir);
}

static gint64
add_contact (CrmStore       *store,
             CrmContactKind  kind,
             const char     *name,
             const char     *phone,
             const char     *email,
             const char     *company)
{
  g_autoptr(CrmContact) contact = crm_contact_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  crm_contact_set_kind (contact, kind);
  crm_contact_set_name (contact, name);
  crm_contact_set_company_name (contact, company);
  if (phone != NULL)
    crm_contact_add_phone (contact, crm_phone_entry_new (CRM_PHONE_MOBILE, phone, NULL, NULL));
  if (email != NULL)
    crm_contact_add_email (contact, crm_email_entry_new (CRM_EMAIL_WORK, email));

  id = crm_store_add_contact (store, contact, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static gint64
add_person (CrmStore   *store,
            const char *name,
            const char *phone)
{
  return add_contact (store, CRM_CONTACT_PERSON, name, phone, NULL, NULL);
}

static GPtrArray *
search (CrmStore   *store,
        const char *query)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *results;

  results = crm_search_run (store, query, 20, &error);
  g_assert_no_error (error);
  g_assert_nonnull (results);
  return results;
}

/* The result for @id, or NULL when the search did not find it. */
static CrmSearchResult *
find_result (GPtrArray *results,
             gint64     id)
{
  for (guint i = 0; i < results->len; i++)
    {
      CrmSearchResult *result = g_ptr_array_index (results, i);

      if (result->id == id)
        return result;
    }

  return NULL;
}

static void
assert_finds (CrmStore       *store,
              const char     *query,
              gint64          id,
              CrmSearchMatch  match)
{
  g_autoptr(GPtrArray) results = search (store, query);
  CrmSearchResult *result = find_result (results, id);

  if (result == NULL)
    g_error ("“%s” did not find %" G_GINT64_FORMAT, query, id);
  g_assert_cmpint (result->match, ==, match);
}

static void
assert_misses (CrmStore   *store,
               const char *query,
               gint64      id)
{
  g_autoptr(GPtrArray) results = search (store, query);

  if (find_result (results, id) != NULL)
    g_error ("“%s” found %" G_GINT64_FORMAT " but should not", query, id);
}

static void
test_diacritics_and_case (Fixture       *f,
                          gconstpointer  data)
{
  gint64 janis = add_person (f->store, "Jānis Bērziņš", NULL);
  gint64 elena = add_person (f->store, "Елена Смирнова", NULL);
  gint64 other = add_person (f->store, "Pēteris Kalniņš", NULL);

  assert_finds (f->store, "berzins", janis, CRM_SEARCH_MATCH_WORD);
  assert_finds (f->store, "BĒRZIŅŠ", janis, CRM_SEARCH_MATCH_WORD);
  assert_finds (f->store, "janis", janis, CRM_SEARCH_MATCH_NAME_PREFIX);
  assert_finds (f->store, "Janis Berz", janis, CRM_SEARCH_MATCH_NAME_PREFIX);
  assert_finds (f->store, "berz jan", janis, CRM_SEARCH_MATCH_WORD);
  assert_finds (f->store, "ЕЛЕНА", elena, CRM_SEARCH_MATCH_NAME_PREFIX);
  assert_finds (f->store, "смирнова", elena, CRM_SEARCH_MATCH_WORD);
  assert_misses (f->store, "berzins", other);
  assert_misses (f->store, "berzins", elena);

  {
    g_autoptr(GPtrArray) results = search (f->store, "Jānis");
    CrmSearchResult *result = g_ptr_array_index (results, 0);

    g_assert_cmpuint (results->len, ==, 1);
    g_assert_cmpint (result->kind, ==, CRM_ENTITY_CONTACT);
    g_assert_cmpint (result->contact_kind, ==, CRM_CONTACT_PERSON);
    g_assert_cmpstr (result->title, ==, "Jānis Bērziņš");
  }
}

static void
test_phone_formats (Fixture       *f,
                    gconstpointer  data)
{
  const char *latvian[] = { "+371 20 000 000", "00371 20000000", "20000000" };
  g_autoptr(GError) error = NULL;
  gint64 russian;

  russian = add_person (f->store, "Ivan Petrov", "+7 (912) 345 67 89");
  assert_finds (f->store, "8 912 345-67-89", russian, CRM_SEARCH_MATCH_PHONE);
  assert_finds (f->store, "89123456789", russian, CRM_SEARCH_MATCH_PHONE);
  assert_finds (f->store, "+7 912 3456789", russian, CRM_SEARCH_MATCH_PHONE);

  /* Each way of writing the number finds it stored in each other way. */
  for (guint i = 0; i < G_N_ELEMENTS (latvian); i++)
    {
      gint64 id = add_person (f->store, "Līga Ozola", latvian[i]);

      for (guint j = 0; j < G_N_ELEMENTS (latvian); j++)
        {
          g_autoptr(GPtrArray) results = search (f->store, latvian[j]);
          CrmSearchResult *first;

          g_assert_cmpuint (results->len, >=, 1);
          first = g_ptr_array_index (results, 0);
          g_assert_cmpint (first->id, ==, id);
          g_assert_cmpint (first->match, ==, CRM_SEARCH_MATCH_PHONE);
        }

      /* The subtitle shows the number in its international form. */
      {
        g_autoptr(GPtrArray) results = search (f->store, "liga");
        g_autofree char *formatted = crm_phone_format ("37120000000");
        CrmSearchResult *result = find_result (results, id);

        g_assert_nonnull (result);
        g_assert_cmpstr (result->subtitle, ==, formatted);
      }

      g_assert_true (crm_store_delete_contact (f->store, id, &error));
      g_assert_no_error (error);
      assert_misses (f->store, "20000000", id);
    }
}

static void
test_phone_end (Fixture       *f,
                gconstpointer  data)
{
  gint64 ivan = add_person (f->store, "Ivan Petrov", "+7 912-345-67-89");
  gint64 liga = add_person (f->store, "Līga Ozola", "+371 2612 3456");

  assert_finds (f->store, "6789", ivan, CRM_SEARCH_MATCH_PHONE_END);
  assert_finds (f->store, "67-89", ivan, CRM_SEARCH_MATCH_PHONE_END);
  assert_finds (f->store, "345 67 89", ivan, CRM_SEARCH_MATCH_PHONE_END);
  assert_finds (f->store, "912 345 67 89", ivan, CRM_SEARCH_MATCH_PHONE_END);
  assert_misses (f->store, "6789", liga);
  assert_finds (f->store, "3456", liga, CRM_SEARCH_MATCH_PHONE_END);
  /* Ivan's number has 3456 inside it, not at its end. */
  assert_finds (f->store, "3456", ivan, CRM_SEARCH_MATCH_SUBSTRING);

  /* Digits in the middle of a number are a substring match. */
  assert_finds (f->store, "2345", ivan, CRM_SEARCH_MATCH_SUBSTRING);
  /* So is the national part, as people read it off a business card. */
  assert_finds (f->store, "912345", ivan, CRM_SEARCH_MATCH_SUBSTRING);
}

static void
test_substring (Fixture       *f,
                gconstpointer  data)
{
  gint64 janis = add_person (f->store, "Jānis Bērziņš", NULL);
  gint64 email = add_contact (f->store, CRM_CONTACT_PERSON, "Marta", NULL,
                              "marta.kalnina@example.com", NULL);

  assert_finds (f->store, "erzi", janis, CRM_SEARCH_MATCH_SUBSTRING);
  assert_finds (f->store, "ĒRZIŅ", janis, CRM_SEARCH_MATCH_SUBSTRING);
  assert_misses (f->store, "erzu", janis);

  /* E-mail addresses: by their words and by substrings. */
  assert_finds (f->store, "kalnina", email, CRM_SEARCH_MATCH_WORD);
  assert_finds (f->store, "marta.kalnina@example.com", email, CRM_SEARCH_MATCH_WORD);
  assert_finds (f->store, "lnina@exa", email, CRM_SEARCH_MATCH_SUBSTRING);

  /* One or two letters only look at the start of names. */
  assert_finds (f->store, "jā", janis, CRM_SEARCH_MATCH_NAME_PREFIX);
  assert_finds (f->store, "m", email, CRM_SEARCH_MATCH_NAME_PREFIX);
  assert_misses (f->store, "er", janis);
}

static void
test_company (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) results = NULL;
  CrmSearchResult *result;
  gint64 company;
  gint64 anna;
  gint64 boris;

  anna = add_contact (f->store, CRM_CONTACT_PERSON, "Anna Liepa", "+371 26 111 111", NULL, "Ziedu Nams");
  boris = add_contact (f->store, CRM_CONTACT_PERSON, "Boris Egle", NULL, NULL, "Ziedu Nams");
  add_person (f->store, "Ziedonis Kļava", NULL);
  company = crm_store_find_company (f->store, "Ziedu Nams", NULL);
  g_assert_cmpint (company, >, 0);

  results = search (f->store, "ziedu nams");
  g_assert_cmpuint (results->len, ==, 3);

  result = g_ptr_array_index (results, 0);
  g_assert_cmpint (result->id, ==, company);
  g_assert_cmpint (result->contact_kind, ==, CRM_CONTACT_COMPANY);
  g_assert_cmpint (result->match, ==, CRM_SEARCH_MATCH_NAME_PREFIX);
  g_assert_cmpstr (result->title, ==, "Ziedu Nams");

  result = find_result (results, anna);
  g_assert_nonnull (result);
  g_assert_cmpint (result->match, ==, CRM_SEARCH_MATCH_WORD);
  g_assert_cmpint (result->contact_kind, ==, CRM_CONTACT_PERSON);
  /* A person's subtitle gives the phone and the company. */
  g_assert_nonnull (strstr (result->subtitle, "Ziedu Nams"));
  g_assert_nonnull (strstr (result->subtitle, "+371"));

  result = find_result (results, boris);
  g_assert_nonnull (result);
  g_assert_cmpint (result->match, ==, CRM_SEARCH_MATCH_WORD);
  g_assert_cmpstr (result->subtitle, ==, "Ziedu Nams");
}

static gint64
insert_deal (CrmStore   *store,
             const char *title,
             gint64      contact_id)
{
  CrmDatabase *db = crm_store_get_database (store);
  g_autoptr(CrmStatement) stage = NULL;
  g_autoptr(CrmStatement) insert = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *folded = crm_text_fold (title);
  gint64 stage_id;
  gint64 id = crm_id_new ();

  /* The deals store is not what is tested here: write the row directly and
   * index it the way that store does. */
  stage = crm_database_prepare (db, "SELECT id FROM stages ORDER BY position LIMIT 1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_statement_step (stage, &error), ==, CRM_STEP_ROW);
  stage_id = crm_statement_get_int64 (stage, 0);

  insert = crm_database_prepare (db,
                                 "INSERT INTO deals (id, title, title_folded, contact_id, stage_id, "
                                 "created_at, updated_at, stage_changed_at) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5, 0, 0, 0)",
                                 &error);
  g_assert_no_error (error);
  crm_statement_bind_int64 (insert, 1, id);
  crm_statement_bind_text (insert, 2, title);
  crm_statement_bind_text (insert, 3, folded);
  crm_statement_bind_int64 (insert, 4, contact_id);
  crm_statement_bind_int64 (insert, 5, stage_id);
  g_assert_true (crm_statement_run (insert, &error));
  g_assert_no_error (error);

  g_assert_true (crm_search_index_deal (store, id, &error));
  g_assert_no_error (error);
  return id;
}

static void
test_deal (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(CrmStatement) trash = NULL;
  g_autoptr(GError) error = NULL;
  CrmSearchResult *result;
  gint64 anna;
  gint64 deal;

  anna = add_person (f->store, "Anna Liepa", NULL);
  deal = insert_deal (f->store, "Wedding flowers", anna);

  results = search (f->store, "Wedd");
  g_assert_cmpuint (results->len, ==, 1);
  result = g_ptr_array_index (results, 0);
  g_assert_cmpint (result->kind, ==, CRM_ENTITY_DEAL);
  g_assert_cmpint (result->id, ==, deal);
  g_assert_cmpint (result->match, ==, CRM_SEARCH_MATCH_NAME_PREFIX);
  g_assert_cmpstr (result->title, ==, "Wedding flowers");
  /* Client and stage. */
  g_assert_nonnull (strstr (result->subtitle, "Anna Liepa"));
  g_assert_nonnull (strstr (result->subtitle, " · "));

  assert_finds (f->store, "flowers", deal, CRM_SEARCH_MATCH_WORD);
  assert_finds (f->store, "edding", deal, CRM_SEARCH_MATCH_SUBSTRING);

  /* A search for the client lists the client first, then the deal. */
  g_clear_pointer (&results, g_ptr_array_unref);
  results = search (f->store, "anna liepa");
  g_assert_cmpuint (results->len, ==, 2);
  g_assert_cmpint (((CrmSearchResult *)g_ptr_array_index (results, 0))->id, ==, anna);
  g_assert_cmpint (((CrmSearchResult *)g_ptr_array_index (results, 1))->id, ==, deal);

  /* Renaming the client renames it in the deal's index. */
  {
    g_autoptr(CrmContact) contact = crm_store_get_contact (f->store, anna, &error);

    crm_contact_set_name (contact, "Anna Kalna");
    g_assert_true (crm_store_update_contact (f->store, contact, &error));
    g_assert_no_error (error);
    assert_finds (f->store, "kalna", deal, CRM_SEARCH_MATCH_WORD);
    assert_misses (f->store, "liepa", deal);
  }

  trash = crm_database_prepare (crm_store_get_database (f->store),
                                "UPDATE deals SET deleted_at = 1 WHERE id = ?1", &error);
  crm_statement_bind_int64 (trash, 1, deal);
  g_assert_true (crm_statement_run (trash, &error));
  g_assert_true (crm_search_index_deal (f->store, deal, &error));
  g_assert_no_error (error);
  assert_misses (f->store, "wedding", deal);
  assert_misses (f->store, "edding", deal);
}

static void
test_ranking (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) results = NULL;
  const CrmSearchMatch expected_match[] = {
    CRM_SEARCH_MATCH_PHONE,
    CRM_SEARCH_MATCH_PHONE_END,
    CRM_SEARCH_MATCH_NAME_PREFIX,
    CRM_SEARCH_MATCH_SUBSTRING,
  };
  gint64 expected[4];

  /* Added worst first, so that the order found cannot come from the ids. */
  expected[3] = add_person (f->store, "Club 120000000x", NULL);
  expected[2] = add_person (f->store, "20000000 Club", NULL);
  expected[1] = add_person (f->store, "Ivan Petrov", "+7 912 000 0000");
  expected[0] = add_person (f->store, "Līga Ozola", "20000000");
  add_person (f->store, "Unrelated", "+371 26 000 001");

  results = search (f->store, "20000000");
  g_assert_cmpuint (results->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      CrmSearchResult *result = g_ptr_array_index (results, i);

      g_assert_cmpint (result->id, ==, expected[i]);
      g_assert_cmpint (result->match, ==, expected_match[i]);
    }

  /* Name prefix before word before substring. */
  {
    g_autoptr(GPtrArray) by_name = NULL;
    gint64 prefix = add_person (f->store, "Kalns Andris", NULL);
    gint64 word = add_person (f->store, "Andris Kalns", NULL);
    gint64 inside = add_person (f->store, "Akalnsons", NULL);

    by_name = search (f->store, "kalns");
    g_assert_cmpuint (by_name->len, ==, 3);
    g_assert_cmpint (((CrmSearchResult *)g_ptr_array_index (by_name, 0))->id, ==, prefix);
    g_assert_cmpint (((CrmSearchResult *)g_ptr_array_index (by_name, 1))->id, ==, word);
    g_assert_cmpint (((CrmSearchResult *)g_ptr_array_index (by_name, 2))->id, ==, inside);
  }

  /* The limit cuts the list at the worst end. */
  {
    g_autoptr(GPtrArray) limited = crm_search_run (f->store, "20000000", 2, NULL);

    g_assert_nonnull (limited);
    g_assert_cmpuint (limited->len, ==, 2);
    g_assert_cmpint (((CrmSearchResult *)g_ptr_array_index (limited, 0))->id, ==, expected[0]);
    g_assert_cmpint (((CrmSearchResult *)g_ptr_array_index (limited, 1))->id, ==, expected[1]);
  }
}

/* A whole number finds the same, in whatever form it is typed: inside
 * other text too, by its national digits. */
static void
test_whole_number (Fixture       *f,
                   gconstpointer  data)
{
  static const char * const forms[] = {
    "20000000", "+371 20 000 000", "0037120000000", "00371 20000000", "+37120000000",
  };
  gint64 owner = add_person (f->store, "Līga Ozola", "+371 20000000");
  gint64 inside = add_person (f->store, "Club 120000000x", NULL);

  add_person (f->store, "Unrelated", "+371 26 000 001");

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autoptr(GPtrArray) results = search (f->store, forms[i]);
      CrmSearchResult *first, *second;

      g_test_message ("%s", forms[i]);
      g_assert_cmpuint (results->len, ==, 2);
      first = g_ptr_array_index (results, 0);
      second = g_ptr_array_index (results, 1);
      g_assert_cmpint (first->id, ==, owner);
      g_assert_cmpint (first->match, ==, CRM_SEARCH_MATCH_PHONE);
      g_assert_cmpint (second->id, ==, inside);
      g_assert_cmpint (second->match, ==, CRM_SEARCH_MATCH_SUBSTRING);
    }
}

static void
test_injection (Fixture       *f,
                gconstpointer  data)
{
  const char *queries[] = {
    "\"", "\"\"", "*", "**", "'", "'; DROP TABLE contacts; --", "NEAR(", "NEAR(a b)",
    "a OR b", "a AND b", "NOT a", "-x", "^", "^anna", "(", ")", "((anna", "anna))",
    "text:anna", "{text}: anna", "anna*", "\"anna\"*", "%", "_", "\\", "a\"b", "+",
    "x'F4'", "?1", "anna; SELECT 1", "\xff\xfe broken utf-8",
  };
  gint64 anna = add_person (f->store, "Anna O'Brien", NULL);
  gint64 beta = add_person (f->store, "Beta", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) results = crm_search_run (f->store, queries[i], 20, &error);

      g_assert_no_error (error);
      g_assert_nonnull (results);
    }

  g_assert_cmpint (crm_store_count_contacts (f->store, NULL), ==, 2);

  /* Operators are words like any other: "a OR b" does not mean either. */
  {
    g_autoptr(GPtrArray) results = search (f->store, "a OR b");
    g_assert_cmpuint (results->len, ==, 0);
  }
  {
    g_autoptr(GPtrArray) results = search (f->store, "NOT beta");
    g_assert_null (find_result (results, beta));
  }

  assert_finds (f->store, "o'brien", anna, CRM_SEARCH_MATCH_WORD);
  assert_finds (f->store, "anna o'b", anna, CRM_SEARCH_MATCH_NAME_PREFIX);
  assert_finds (f->store, "\"anna", anna, CRM_SEARCH_MATCH_WORD);
  assert_finds (f->store, "anna)", anna, CRM_SEARCH_MATCH_WORD);
  assert_finds (f->store, "na o'br", anna, CRM_SEARCH_MATCH_SUBSTRING);
}

static void
test_blank_and_long (Fixture       *f,
                     gconstpointer  data)
{
  const char *blank[] = { "", " ", "   \t\n ", "\xc2\xa0" };
  g_autofree char *long_query = g_strnfill (201, 'a');
  g_autofree char *longest = g_strnfill (200, 'a');
  g_autoptr(GString) long_letters = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;

  add_person (f->store, "Anna", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (blank); i++)
    {
      results = crm_search_run (f->store, blank[i], 20, &error);
      g_assert_no_error (error);
      g_assert_nonnull (results);
      g_assert_cmpuint (results->len, ==, 0);
      g_clear_pointer (&results, g_ptr_array_unref);
    }

  results = crm_search_run (f->store, NULL, 20, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 0);
  g_clear_pointer (&results, g_ptr_array_unref);

  results = crm_search_run (f->store, long_query, 20, &error);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "200"));
  g_assert_null (results);
  g_clear_error (&error);

  results = crm_search_run (f->store, longest, 20, &error);
  g_assert_no_error (error);
  g_assert_nonnull (results);
  g_clear_pointer (&results, g_ptr_array_unref);

  /* The limit counts characters, not bytes. */
  for (guint i = 0; i < 200; i++)
    g_string_append (long_letters, "ā");
  results = crm_search_run (f->store, long_letters->str, 20, &error);
  g_assert_no_error (error);
  g_assert_nonnull (results);
}

/* Every step of a search must read an index, never a whole table. */
static void
assert_plans_use_indexes (CrmStore *store)
{
  const char * const *statements = crm_search_get_statements ();
  CrmDatabase *db = crm_store_get_database (store);
  guint n = 0;

  for (guint i = 0; statements[i] != NULL; i++, n++)
    {
      g_autofree char *sql = g_strconcat ("EXPLAIN QUERY PLAN ", statements[i], NULL);
      g_autoptr(CrmStatement) plan = NULL;
      g_autoptr(GError) error = NULL;
      CrmStepResult step;
      guint rows = 0;

      plan = crm_database_prepare (db, sql, &error);
      g_assert_no_error (error);

      while ((step = crm_statement_step (plan, &error)) == CRM_STEP_ROW)
        {
          const char *detail = crm_statement_get_text (plan, 3);

          rows++;
          g_test_message ("%s\n  %s", statements[i], detail);
          if ((g_str_has_prefix (detail, "SCAN ") && strstr (detail, "VIRTUAL TABLE") == NULL) ||
              strstr (detail, "TEMP B-TREE") != NULL)
            g_error ("A search step reads a whole table or sorts:\n%s\n  %s",
                     statements[i], detail);
        }
      g_assert_cmpint (step, ==, CRM_STEP_DONE);
      g_assert_cmpuint (rows, >, 0);
    }

  g_assert_cmpuint (n, >=, 8);
}

static void
bulk_insert (CrmStore *store,
             guint     n_contacts)
{
  static const char *first[] = { "Anna", "Jānis", "Елена", "Pēteris", "Līga", "Ivan", "Marta", "Andris" };
  static const char *last[] = { "Bērziņa", "Kalniņš", "Смирнова", "Ozols", "Liepa", "Petrov", "Egle", "Kļava" };
  CrmDatabase *db = crm_store_get_database (store);
  g_autoptr(GError) error = NULL;

  g_assert_true (crm_store_begin (store, &error));
  for (guint i = 0; i < n_contacts; i++)
    {
      g_autoptr(CrmStatement) contact = NULL;
      g_autoptr(CrmStatement) phone = NULL;
      g_autoptr(CrmStatement) words = NULL;
      g_autoptr(CrmStatement) trigrams = NULL;
      g_autofree char *name = g_strdup_printf ("%s %s %u", first[i % 8], last[(i / 8) % 8], i);
      g_autofree char *folded = crm_text_fold (name);
      g_autofree char *e164 = g_strdup_printf ("3712%07u", i);
      g_autofree char *rev = g_strreverse (g_strdup (e164));
      g_autofree char *trigram_text = g_strdup_printf ("%s\n%s\n%s", folded, e164, e164 + 3);
      gint64 id = crm_id_new ();

      contact = crm_database_prepare (db,
                                      "INSERT INTO contacts (id, name, name_folded, created_at, updated_at) "
                                      "VALUES (?1, ?2, ?3, 0, 0)", &error);
      crm_statement_bind_int64 (contact, 1, id);
      crm_statement_bind_text (contact, 2, name);
      crm_statement_bind_text (contact, 3, folded);
      g_assert_true (crm_statement_run (contact, &error));

      phone = crm_database_prepare (db,
                                    "INSERT INTO phones (id, contact_id, raw, e164, digits_rev) "
                                    "VALUES (?1, ?2, ?3, ?3, ?4)", &error);
      crm_statement_bind_int64 (phone, 1, crm_id_new ());
      crm_statement_bind_int64 (phone, 2, id);
      crm_statement_bind_text (phone, 3, e164);
      crm_statement_bind_text (phone, 4, rev);
      g_assert_true (crm_statement_run (phone, &error));

      words = crm_database_prepare (db, "INSERT INTO contacts_words (rowid, text) VALUES (?1, ?2)", &error);
      crm_statement_bind_int64 (words, 1, id);
      crm_statement_bind_text (words, 2, folded);
      g_assert_true (crm_statement_run (words, &error));

      trigrams = crm_database_prepare (db, "INSERT INTO contacts_trigrams (rowid, text) VALUES (?1, ?2)", &error);
      crm_statement_bind_int64 (trigrams, 1, id);
      crm_statement_bind_text (trigrams, 2, trigram_text);
      g_assert_true (crm_statement_run (trigrams, &error));
      g_assert_no_error (error);
    }
  g_assert_true (crm_store_commit (store, &error));
  g_assert_no_error (error);
}

static void
test_query_plans (Fixture       *f,
                  gconstpointer  data)
{
  /* Before and after the tables hold rows: the plan must not depend on
   * SQLite guessing that a table is small. */
  assert_plans_use_indexes (f->store);
  bulk_insert (f->store, 2000);
  g_assert_true (crm_database_exec (crm_store_get_database (f->store), "ANALYZE", NULL));
  assert_plans_use_indexes (f->store);
}

/* On 100k contacts every kind of query still answers, within its limit.
 * How fast it answers is measured by tests/bench, not here. */
static void
test_large (Fixture       *f,
            gconstpointer  data)
{
  const char *queries[] = {
    "a", "an", "ann", "anna", "berzina", "елена", "erzi", "iņš 12",
    "+371 20 012 345", "20012345", "2345", "kalnins ozols", "zzzz", "ozols",
    "petrov 9", "123", "a 1", "ивано", "'; DROP TABLE contacts; --",
  };
  guint n_contacts = 100000;

  bulk_insert (f->store, n_contacts);
  g_assert_cmpint (crm_store_count_contacts (f->store, NULL), ==, n_contacts);

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) results = NULL;

      results = crm_search_run (f->store, queries[i], 50, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (results->len, <=, 50);
    }

  /* The phone of contact 12345 is +371 20012345. */
  {
    g_autoptr(GPtrArray) results = search (f->store, "+371 20 012 345");
    CrmSearchResult *result = g_ptr_array_index (results, 0);

    g_assert_cmpint (result->match, ==, CRM_SEARCH_MATCH_PHONE);
    g_assert_nonnull (strstr (result->title, " 12345"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/search/diacritics-and-case", test_diacritics_and_case);
  ADD ("/search/phone-formats", test_phone_formats);
  ADD ("/search/phone-end", test_phone_end);
  ADD ("/search/substring", test_substring);
  ADD ("/search/company", test_company);
  ADD ("/search/deal", test_deal);
  ADD ("/search/ranking", test_ranking);
  ADD ("/search/whole-number", test_whole_number);
  ADD ("/search/injection", test_injection);
  ADD ("/search/blank-and-long", test_blank_and_long);
  ADD ("/search/query-plans", test_query_plans);
  ADD ("/search/large", test_large);

#undef ADD

  return g_test_run ();
}
