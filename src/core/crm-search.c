/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "crm-search"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "crm-phone.h"
#include "crm-search.h"
#include "crm-text.h"

#define MAX_QUERY_CHARS 200

/* Fewer phone digits than this say too little about a number to look for
 * it by its end. */
#define MIN_PHONE_END_DIGITS 4

/* Queries this short or shorter are only looked up in the name indexes:
 * ranking the thousands of words that start with one or two letters would
 * take longer than a frame, and people typing a name expect names. */
#define MAX_SHORT_QUERY_CHARS 2

/* The largest code point, as UTF-8. Appended to a folded prefix it gives
 * the upper end of the index range of every text that starts with it. */
#define PREFIX_END "\xf4\x8f\xbf\xbf"

/* Every step is an index range or an FTS lookup with a LIMIT, so a search
 * reads about as many rows as it returns, however large the file is. The
 * joins are CROSS JOINs so that SQLite keeps the order given: index first,
 * then the row by its id. */
#define SQL_PHONE_EXACT \
  "SELECT p.contact_id FROM phones p " \
  "CROSS JOIN contacts c ON c.id = p.contact_id " \
  "WHERE p.e164 IN (?1, ?2) AND c.deleted_at IS NULL " \
  "LIMIT ?3"

/* digits_rev holds the number's digits reversed, so "ends with 6789" is
 * "starts with 9876": a range on its index. ':' follows '9' in ASCII. */
#define SQL_PHONE_END \
  "SELECT p.contact_id FROM phones p " \
  "CROSS JOIN contacts c ON c.id = p.contact_id " \
  "WHERE p.digits_rev >= ?1 AND p.digits_rev < ?2 AND c.deleted_at IS NULL " \
  "ORDER BY p.digits_rev LIMIT ?3"

#define SQL_CONTACT_PREFIX \
  "SELECT id FROM contacts " \
  "WHERE name_folded >= ?1 AND name_folded < ?2 AND deleted_at IS NULL " \
  "ORDER BY name_folded, id LIMIT ?3"

#define SQL_DEAL_PREFIX \
  "SELECT id FROM deals " \
  "WHERE title_folded >= ?1 AND title_folded < ?2 AND deleted_at IS NULL " \
  "ORDER BY title_folded, id LIMIT ?3"

/* No ORDER BY rank: ranking means reading every match, and the first few
 * matches in id order (oldest first) are as good for a list of results. */
#define SQL_CONTACT_WORDS \
  "SELECT contacts_words.rowid FROM contacts_words " \
  "CROSS JOIN contacts c ON c.id = contacts_words.rowid " \
  "WHERE contacts_words MATCH ?1 AND c.deleted_at IS NULL LIMIT ?2"

#define SQL_CONTACT_TRIGRAMS \
  "SELECT contacts_trigrams.rowid FROM contacts_trigrams " \
  "CROSS JOIN contacts c ON c.id = contacts_trigrams.rowid " \
  "WHERE contacts_trigrams MATCH ?1 AND c.deleted_at IS NULL LIMIT ?2"

#define SQL_DEAL_WORDS \
  "SELECT deals_words.rowid FROM deals_words " \
  "CROSS JOIN deals d ON d.id = deals_words.rowid " \
  "WHERE deals_words MATCH ?1 AND d.deleted_at IS NULL LIMIT ?2"

#define SQL_DEAL_TRIGRAMS \
  "SELECT deals_trigrams.rowid FROM deals_trigrams " \
  "CROSS JOIN deals d ON d.id = deals_trigrams.rowid " \
  "WHERE deals_trigrams MATCH ?1 AND d.deleted_at IS NULL LIMIT ?2"

#define SQL_CONTACT_DETAILS \
  "SELECT c.kind, c.name, co.name, " \
  "  (SELECT p.e164 FROM phones p WHERE p.contact_id = c.id ORDER BY p.position LIMIT 1) " \
  "FROM contacts c LEFT JOIN contacts co ON co.id = c.company_id " \
  "WHERE c.id = ?1 AND c.deleted_at IS NULL"

#define SQL_DEAL_DETAILS \
  "SELECT d.title, c.name, s.name FROM deals d " \
  "LEFT JOIN contacts c ON c.id = d.contact_id " \
  "LEFT JOIN stages s ON s.id = d.stage_id " \
  "WHERE d.id = ?1 AND d.deleted_at IS NULL"

static const char * const search_statements[] = {
  SQL_PHONE_EXACT,
  SQL_PHONE_END,
  SQL_CONTACT_PREFIX,
  SQL_DEAL_PREFIX,
  SQL_CONTACT_WORDS,
  SQL_DEAL_WORDS,
  SQL_CONTACT_TRIGRAMS,
  SQL_DEAL_TRIGRAMS,
  SQL_CONTACT_DETAILS,
  SQL_DEAL_DETAILS,
  NULL
};

/* What one search collects: results in the order found, which is the
 * order of the match kinds, and the ids seen so far. */
typedef struct
{
  CrmStore   *store;
  GPtrArray  *results;
  GHashTable *seen;
  guint       limit;
} Search;

void
crm_search_result_free (CrmSearchResult *result)
{
  if (result == NULL)
    return;

  g_free (result->title);
  g_free (result->subtitle);
  g_free (result);
}

/**
 * crm_search_get_statements:
 *
 * The SQL of every step of crm_search_run(), for tests and benchmarks that
 * check the query plans use indexes.
 *
 * Returns: (transfer none) (array zero-terminated=1): the statements
 */
const char * const *
crm_search_get_statements (void)
{
  return search_statements;
}

static gboolean
search_is_full (Search *search)
{
  return search->results->len >= search->limit;
}

static char *
join_subtitle (const char *first,
               const char *second)
{
  if (first != NULL && *first != '\0' && second != NULL && *second != '\0')
    return g_strdup_printf ("%s · %s", first, second);
  if (first != NULL && *first != '\0')
    return g_strdup (first);
  if (second != NULL && *second != '\0')
    return g_strdup (second);
  return NULL;
}

static gboolean
add_contact_result (Search          *search,
                    gint64           id,
                    CrmSearchMatch   match,
                    GError         **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autofree char *phone = NULL;
  CrmSearchResult *result;

  if (search_is_full (search) || g_hash_table_contains (search->seen, &id))
    return TRUE;

  stmt = crm_database_prepare (crm_store_get_database (search->store),
                               SQL_CONTACT_DETAILS, error);
  if (stmt == NULL)
    return FALSE;

  crm_statement_bind_int64 (stmt, 1, id);
  switch (crm_statement_step (stmt, error))
    {
    case CRM_STEP_ROW:
      break;
    case CRM_STEP_DONE:
      return TRUE;
    case CRM_STEP_ERROR:
    default:
      return FALSE;
    }

  if (!crm_statement_get_is_null (stmt, 3))
    phone = crm_phone_format (crm_statement_get_text (stmt, 3));

  result = g_new0 (CrmSearchResult, 1);
  result->kind = CRM_ENTITY_CONTACT;
  result->id = id;
  result->contact_kind = crm_statement_get_int64 (stmt, 0) == CRM_CONTACT_COMPANY
                           ? CRM_CONTACT_COMPANY : CRM_CONTACT_PERSON;
  result->title = crm_statement_dup_text (stmt, 1);
  result->subtitle = join_subtitle (phone, crm_statement_get_text (stmt, 2));
  result->match = match;

  g_ptr_array_add (search->results, result);
  g_hash_table_add (search->seen, g_memdup2 (&id, sizeof id));
  return TRUE;
}

static gboolean
add_deal_result (Search          *search,
                 gint64           id,
                 CrmSearchMatch   match,
                 GError         **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  CrmSearchResult *result;

  if (search_is_full (search) || g_hash_table_contains (search->seen, &id))
    return TRUE;

  stmt = crm_database_prepare (crm_store_get_database (search->store),
                               SQL_DEAL_DETAILS, error);
  if (stmt == NULL)
    return FALSE;

  crm_statement_bind_int64 (stmt, 1, id);
  switch (crm_statement_step (stmt, error))
    {
    case CRM_STEP_ROW:
      break;
    case CRM_STEP_DONE:
      return TRUE;
    case CRM_STEP_ERROR:
    default:
      return FALSE;
    }

  result = g_new0 (CrmSearchResult, 1);
  result->kind = CRM_ENTITY_DEAL;
  result->id = id;
  result->contact_kind = CRM_CONTACT_PERSON;
  result->title = crm_statement_dup_text (stmt, 0);
  result->subtitle = join_subtitle (crm_statement_get_text (stmt, 1),
                                    crm_statement_get_text (stmt, 2));
  result->match = match;

  g_ptr_array_add (search->results, result);
  g_hash_table_add (search->seen, g_memdup2 (&id, sizeof id));
  return TRUE;
}

/* Steps a statement whose first column is an id and adds each row as a
 * result; takes @stmt over. The ids are gathered first so that looking up
 * their details never runs while the step's statement is still reading. */
static gboolean
add_results_from (Search          *search,
                  CrmStatement    *stmt,
                  CrmEntityKind    kind,
                  CrmSearchMatch   match,
                  GError         **error)
{
  g_autoptr(CrmStatement) owned = stmt;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  CrmStepResult step;

  while ((step = crm_statement_step (owned, error)) == CRM_STEP_ROW)
    {
      gint64 id = crm_statement_get_int64 (owned, 0);

      g_array_append_val (ids, id);
    }

  if (step == CRM_STEP_ERROR)
    return FALSE;

  g_clear_pointer (&owned, crm_statement_release);

  for (guint i = 0; i < ids->len && !search_is_full (search); i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      gboolean ok = kind == CRM_ENTITY_DEAL ? add_deal_result (search, id, match, error)
                                            : add_contact_result (search, id, match, error);

      if (!ok)
        return FALSE;
    }

  return TRUE;
}

static gboolean
search_phones (Search      *search,
               const char  *query,
               GError     **error)
{
  CrmDatabase *db = crm_store_get_database (search->store);
  g_autofree char *digits = NULL;
  g_autofree char *e164 = NULL;
  const char *international = NULL;

  if (!crm_phone_looks_like_number (query))
    return TRUE;

  digits = crm_phone_digits_only (query);
  if (digits == NULL)
    return TRUE;

  if (!crm_phone_normalize (query, crm_store_get_default_country (search->store),
                            &e164, NULL, NULL))
    g_clear_pointer (&e164, g_free);

  /* "37120000000" typed without a '+' is read as a national number first;
   * it may just as well be the whole international one. */
  if (digits[0] != '0' && crm_phone_calling_code_length (digits) > 0)
    international = digits;

  if (e164 != NULL || international != NULL)
    {
      CrmStatement *stmt = crm_database_prepare (db, SQL_PHONE_EXACT, error);

      if (stmt == NULL)
        return FALSE;

      crm_statement_bind_text (stmt, 1, e164);
      crm_statement_bind_text (stmt, 2, international);
      crm_statement_bind_int64 (stmt, 3, search->limit);
      if (!add_results_from (search, stmt, CRM_ENTITY_CONTACT, CRM_SEARCH_MATCH_PHONE, error))
        return FALSE;
    }

  if (strlen (digits) >= MIN_PHONE_END_DIGITS && !search_is_full (search))
    {
      g_autofree char *reversed = g_strreverse (g_strdup (digits));
      g_autofree char *upper = g_strconcat (reversed, ":", NULL);
      CrmStatement *stmt = crm_database_prepare (db, SQL_PHONE_END, error);

      if (stmt == NULL)
        return FALSE;

      crm_statement_bind_text (stmt, 1, reversed);
      crm_statement_bind_text (stmt, 2, upper);
      crm_statement_bind_int64 (stmt, 3, search->limit);
      if (!add_results_from (search, stmt, CRM_ENTITY_CONTACT, CRM_SEARCH_MATCH_PHONE_END, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
search_prefix (Search         *search,
               const char     *sql,
               CrmEntityKind   kind,
               const char     *folded,
               GError        **error)
{
  g_autofree char *upper = g_strconcat (folded, PREFIX_END, NULL);
  CrmStatement *stmt;

  if (search_is_full (search))
    return TRUE;

  stmt = crm_database_prepare (crm_store_get_database (search->store), sql, error);
  if (stmt == NULL)
    return FALSE;

  crm_statement_bind_text (stmt, 1, folded);
  crm_statement_bind_text (stmt, 2, upper);
  crm_statement_bind_int64 (stmt, 3, search->limit);
  return add_results_from (search, stmt, kind, CRM_SEARCH_MATCH_NAME_PREFIX, error);
}

static gboolean
search_fts (Search          *search,
            const char      *sql,
            CrmEntityKind    kind,
            CrmSearchMatch   match,
            const char      *fts_query,
            GError         **error)
{
  CrmStatement *stmt;

  if (search_is_full (search))
    return TRUE;

  stmt = crm_database_prepare (crm_store_get_database (search->store), sql, error);
  if (stmt == NULL)
    return FALSE;

  crm_statement_bind_text (stmt, 1, fts_query);
  crm_statement_bind_int64 (stmt, 2, search->limit);
  return add_results_from (search, stmt, kind, match, error);
}

/* Every word of the query as a quoted prefix term: `"anna"* AND "berz"*`. NULL when the query has no
 * words at all (only punctuation). */
static char *
make_words_query (const char *folded)
{
  g_auto(GStrv) words = crm_text_split_words (folded);
  GString *fts;

  if (words == NULL || words[0] == NULL)
    return NULL;

  fts = g_string_new (NULL);
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *quoted = crm_text_fts_quote (words[i]);

      if (i > 0)
        g_string_append (fts, " AND ");
      g_string_append (fts, quoted);
      g_string_append_c (fts, '*');
    }

  return g_string_free (fts, FALSE);
}

/**
 * crm_search_run:
 * @store: a #CrmStore
 * @query: what the user typed
 * @limit: the most results to return
 * @error: return location for a #GError
 *
 * Finds clients and deals, best matches first: whole phone numbers, then
 * numbers by their last digits, then names and titles that start with the
 * query, then records in which every query word starts a word, then those
 * that hold the query anywhere. A record found several ways is listed once,
 * for its best match. A blank query finds nothing.
 *
 * Returns: (transfer full) (element-type CrmSearchResult): the results,
 *   or %NULL with @error set
 */
GPtrArray *
crm_search_run (CrmStore    *store,
                const char  *query,
                guint        limit,
                GError     **error)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autofree char *valid = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *words = NULL;
  Search search;
  glong n_chars;

  g_return_val_if_fail (CRM_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  results = g_ptr_array_new_with_free_func ((GDestroyNotify)crm_search_result_free);

  if (query == NULL || limit == 0)
    return g_steal_pointer (&results);

  valid = g_utf8_make_valid (query, -1);
  if (g_utf8_strlen (valid, -1) > MAX_QUERY_CHARS)
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The search text is too long; at most %d character is allowed",
                                "The search text is too long; at most %d characters are allowed",
                                MAX_QUERY_CHARS),
                   MAX_QUERY_CHARS);
      return NULL;
    }

  folded = crm_text_fold (valid);
  if (*folded == '\0')
    return g_steal_pointer (&results);

  seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  search.store = store;
  search.results = results;
  search.seen = seen;
  search.limit = limit;

  if (!search_phones (&search, valid, error))
    return NULL;

  if (!search_prefix (&search, SQL_CONTACT_PREFIX, CRM_ENTITY_CONTACT, folded, error) ||
      !search_prefix (&search, SQL_DEAL_PREFIX, CRM_ENTITY_DEAL, folded, error))
    return NULL;

  n_chars = g_utf8_strlen (folded, -1);
  if (n_chars <= MAX_SHORT_QUERY_CHARS)
    return g_steal_pointer (&results);

  words = make_words_query (folded);
  if (words != NULL &&
      (!search_fts (&search, SQL_CONTACT_WORDS, CRM_ENTITY_CONTACT,
                    CRM_SEARCH_MATCH_WORD, words, error) ||
       !search_fts (&search, SQL_DEAL_WORDS, CRM_ENTITY_DEAL,
                    CRM_SEARCH_MATCH_WORD, words, error)))
    return NULL;

  {
    g_autofree char *substring = crm_text_fts_quote (folded);

    if (!search_fts (&search, SQL_CONTACT_TRIGRAMS, CRM_ENTITY_CONTACT,
                     CRM_SEARCH_MATCH_SUBSTRING, substring, error) ||
        !search_fts (&search, SQL_DEAL_TRIGRAMS, CRM_ENTITY_DEAL,
                     CRM_SEARCH_MATCH_SUBSTRING, substring, error))
      return NULL;
  }

  return g_steal_pointer (&results);
}

static void
append_part (GString    *text,
             const char *part)
{
  if (part == NULL || *part == '\0')
    return;

  if (text->len > 0)
    g_string_append_c (text, '\n');
  g_string_append (text, part);
}

static gboolean
delete_index_rows (CrmDatabase  *db,
                   const char   *words_sql,
                   const char   *trigrams_sql,
                   gint64        rowid,
                   GError      **error)
{
  const char *sql[] = { words_sql, trigrams_sql };

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      g_autoptr(CrmStatement) stmt = crm_database_prepare (db, sql[i], error);

      if (stmt == NULL)
        return FALSE;

      crm_statement_bind_int64 (stmt, 1, rowid);
      if (!crm_statement_run (stmt, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
insert_index_rows (CrmDatabase  *db,
                   const char   *words_sql,
                   const char   *trigrams_sql,
                   gint64        rowid,
                   const char   *words,
                   const char   *trigrams,
                   GError      **error)
{
  const char *sql[] = { words_sql, trigrams_sql };
  const char *text[] = { words, trigrams };

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      g_autoptr(CrmStatement) stmt = crm_database_prepare (db, sql[i], error);

      if (stmt == NULL)
        return FALSE;

      crm_statement_bind_int64 (stmt, 1, rowid);
      crm_statement_bind_text (stmt, 2, text[i]);
      if (!crm_statement_run (stmt, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
gather_contact_texts (CrmDatabase  *db,
                      gint64        contact_id,
                      GString      *words,
                      GString      *trigrams,
                      GError      **error)
{
  g_autoptr(CrmStatement) emails = NULL;
  g_autoptr(CrmStatement) tags = NULL;
  g_autoptr(CrmStatement) phones = NULL;
  CrmStepResult step;

  emails = crm_database_prepare (db,
                                 "SELECT folded FROM emails WHERE contact_id = ?1 ORDER BY position",
                                 error);
  if (emails == NULL)
    return FALSE;

  crm_statement_bind_int64 (emails, 1, contact_id);
  while ((step = crm_statement_step (emails, error)) == CRM_STEP_ROW)
    {
      const char *address = crm_statement_get_text (emails, 0);
      const char *at = strchr (address, '@');
      g_autofree char *local = g_strndup (address, at ? (gsize)(at - address) : strlen (address));

      /* "anna.berzina@" is also found as "anna" and "berzina". */
      g_strdelimit (local, "._-+", ' ');
      append_part (words, address);
      append_part (words, local);
      append_part (trigrams, address);
    }
  if (step == CRM_STEP_ERROR)
    return FALSE;

  tags = crm_database_prepare (db,
                               "SELECT t.folded FROM contact_tags l JOIN tags t ON t.id = l.tag_id "
                               "WHERE l.contact_id = ?1",
                               error);
  if (tags == NULL)
    return FALSE;

  crm_statement_bind_int64 (tags, 1, contact_id);
  while ((step = crm_statement_step (tags, error)) == CRM_STEP_ROW)
    append_part (words, crm_statement_get_text (tags, 0));
  if (step == CRM_STEP_ERROR)
    return FALSE;

  phones = crm_database_prepare (db,
                                 "SELECT e164 FROM phones WHERE contact_id = ?1 ORDER BY position",
                                 error);
  if (phones == NULL)
    return FALSE;

  crm_statement_bind_int64 (phones, 1, contact_id);
  while ((step = crm_statement_step (phones, error)) == CRM_STEP_ROW)
    {
      const char *e164 = crm_statement_get_text (phones, 0);
      guint code_length = crm_phone_calling_code_length (e164);

      append_part (trigrams, e164);
      if (code_length > 0 && code_length < strlen (e164))
        append_part (trigrams, e164 + code_length);
    }
  if (step == CRM_STEP_ERROR)
    return FALSE;

  return TRUE;
}

/**
 * crm_search_index_contact:
 * @store: a #CrmStore
 * @contact_id: the client whose row was written
 * @error: return location for a #GError
 *
 * Writes a client's search index rows again from its row, phones, e-mails
 * and tags; a trashed or removed client is taken out of the index. Called
 * inside the transaction of the write.
 *
 * Returns: %TRUE on success
 */
gboolean
crm_search_index_contact (CrmStore  *store,
                          gint64     contact_id,
                          GError   **error)
{
  CrmDatabase *db;
  g_autoptr(CrmStatement) stmt = NULL;
  g_autoptr(GString) words = NULL;
  g_autoptr(GString) trigrams = NULL;
  g_autofree char *company = NULL;

  g_return_val_if_fail (CRM_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  db = crm_store_get_database (store);

  if (!delete_index_rows (db,
                          "DELETE FROM contacts_words WHERE rowid = ?1",
                          "DELETE FROM contacts_trigrams WHERE rowid = ?1",
                          contact_id, error))
    return FALSE;

  stmt = crm_database_prepare (db,
                               "SELECT c.name_folded, co.name FROM contacts c "
                               "LEFT JOIN contacts co ON co.id = c.company_id "
                               "WHERE c.id = ?1 AND c.deleted_at IS NULL",
                               error);
  if (stmt == NULL)
    return FALSE;

  crm_statement_bind_int64 (stmt, 1, contact_id);
  switch (crm_statement_step (stmt, error))
    {
    case CRM_STEP_ROW:
      break;
    case CRM_STEP_DONE:
      return TRUE;
    case CRM_STEP_ERROR:
    default:
      return FALSE;
    }

  words = g_string_new (NULL);
  trigrams = g_string_new (NULL);
  company = crm_text_fold (crm_statement_get_text (stmt, 1));

  append_part (words, crm_statement_get_text (stmt, 0));
  append_part (words, company);
  append_part (trigrams, crm_statement_get_text (stmt, 0));
  append_part (trigrams, company);
  g_clear_pointer (&stmt, crm_statement_release);

  if (!gather_contact_texts (db, contact_id, words, trigrams, error))
    return FALSE;

  return insert_index_rows (db,
                            "INSERT INTO contacts_words (rowid, text) VALUES (?1, ?2)",
                            "INSERT INTO contacts_trigrams (rowid, text) VALUES (?1, ?2)",
                            contact_id, words->str, trigrams->str, error);
}

/**
 * crm_search_index_deal:
 * @store: a #CrmStore
 * @deal_id: the deal whose row was written
 * @error: return location for a #GError
 *
 * Writes a deal's search index rows again from its title and its client's
 * name; a trashed or removed deal is taken out of the index. Called inside
 * the transaction of the write.
 *
 * Returns: %TRUE on success
 */
gboolean
crm_search_index_deal (CrmStore  *store,
                       gint64     deal_id,
                       GError   **error)
{
  CrmDatabase *db;
  g_autoptr(CrmStatement) stmt = NULL;
  g_autoptr(GString) text = NULL;
  g_autofree char *client = NULL;

  g_return_val_if_fail (CRM_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  db = crm_store_get_database (store);

  if (!delete_index_rows (db,
                          "DELETE FROM deals_words WHERE rowid = ?1",
                          "DELETE FROM deals_trigrams WHERE rowid = ?1",
                          deal_id, error))
    return FALSE;

  stmt = crm_database_prepare (db,
                               "SELECT d.title_folded, c.name FROM deals d "
                               "LEFT JOIN contacts c ON c.id = d.contact_id "
                               "WHERE d.id = ?1 AND d.deleted_at IS NULL",
                               error);
  if (stmt == NULL)
    return FALSE;

  crm_statement_bind_int64 (stmt, 1, deal_id);
  switch (crm_statement_step (stmt, error))
    {
    case CRM_STEP_ROW:
      break;
    case CRM_STEP_DONE:
      return TRUE;
    case CRM_STEP_ERROR:
    default:
      return FALSE;
    }

  text = g_string_new (NULL);
  client = crm_text_fold (crm_statement_get_text (stmt, 1));
  append_part (text, crm_statement_get_text (stmt, 0));
  append_part (text, client);
  g_clear_pointer (&stmt, crm_statement_release);

  return insert_index_rows (db,
                            "INSERT INTO deals_words (rowid, text) VALUES (?1, ?2)",
                            "INSERT INTO deals_trigrams (rowid, text) VALUES (?1, ?2)",
                            deal_id, text->str, text->str, error);
}
