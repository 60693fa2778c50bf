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
 * then the row by its id. Each step reads what a result shows in the same
 * statement, by joins on the rows it found, rather than looking up each
 * result on its own afterwards: for fifty results that second round of
 * statements cost more than the search. */

/* What a contact result shows: id, kind, name, company, first phone. */
#define CONTACT_COLUMNS \
  "c.id, c.kind, c.name, co.name, " \
  "(SELECT p2.e164 FROM phones p2 WHERE p2.contact_id = c.id ORDER BY p2.position LIMIT 1) "
#define CONTACT_JOIN "LEFT JOIN contacts co ON co.id = c.company_id "

/* What a deal result shows: id, title, client, stage. */
#define DEAL_COLUMNS "d.id, d.title, c.name, s.name "
#define DEAL_JOIN \
  "LEFT JOIN contacts c ON c.id = d.contact_id LEFT JOIN stages s ON s.id = d.stage_id "

#define SQL_PHONE_EXACT \
  "SELECT " CONTACT_COLUMNS "FROM phones p " \
  "CROSS JOIN contacts c ON c.id = p.contact_id " CONTACT_JOIN \
  "WHERE p.e164 IN (?1, ?2) AND c.deleted_at IS NULL " \
  "LIMIT ?3"

/* digits_rev holds the number's digits reversed, so "ends with 6789" is
 * "starts with 9876": a range on its index. ':' follows '9' in ASCII. */
#define SQL_PHONE_END \
  "SELECT " CONTACT_COLUMNS "FROM phones p " \
  "CROSS JOIN contacts c ON c.id = p.contact_id " CONTACT_JOIN \
  "WHERE p.digits_rev >= ?1 AND p.digits_rev < ?2 AND c.deleted_at IS NULL " \
  "ORDER BY p.digits_rev LIMIT ?3"

#define SQL_CONTACT_PREFIX \
  "SELECT " CONTACT_COLUMNS "FROM contacts c " CONTACT_JOIN \
  "WHERE c.name_folded >= ?1 AND c.name_folded < ?2 AND c.deleted_at IS NULL " \
  "ORDER BY c.name_folded, c.id LIMIT ?3"

#define SQL_DEAL_PREFIX \
  "SELECT " DEAL_COLUMNS "FROM deals d " DEAL_JOIN \
  "WHERE d.title_folded >= ?1 AND d.title_folded < ?2 AND d.deleted_at IS NULL " \
  "ORDER BY d.title_folded, d.id LIMIT ?3"

/* No ORDER BY rank: ranking means reading every match, and the first few
 * matches in id order (oldest first) are as good for a list of results. */
#define SQL_CONTACT_WORDS \
  "SELECT " CONTACT_COLUMNS "FROM contacts_words " \
  "CROSS JOIN contacts c ON c.id = contacts_words.rowid " CONTACT_JOIN \
  "WHERE contacts_words MATCH ?1 AND c.deleted_at IS NULL LIMIT ?2"

#define SQL_CONTACT_TRIGRAMS \
  "SELECT " CONTACT_COLUMNS "FROM contacts_trigrams " \
  "CROSS JOIN contacts c ON c.id = contacts_trigrams.rowid " CONTACT_JOIN \
  "WHERE contacts_trigrams MATCH ?1 AND c.deleted_at IS NULL LIMIT ?2"

#define SQL_DEAL_WORDS \
  "SELECT " DEAL_COLUMNS "FROM deals_words " \
  "CROSS JOIN deals d ON d.id = deals_words.rowid " DEAL_JOIN \
  "WHERE deals_words MATCH ?1 AND d.deleted_at IS NULL LIMIT ?2"

#define SQL_DEAL_TRIGRAMS \
  "SELECT " DEAL_COLUMNS "FROM deals_trigrams " \
  "CROSS JOIN deals d ON d.id = deals_trigrams.rowid " DEAL_JOIN \
  "WHERE deals_trigrams MATCH ?1 AND d.deleted_at IS NULL LIMIT ?2"

static const char * const search_statements[] = {
  SQL_PHONE_EXACT,
  SQL_PHONE_END,
  SQL_CONTACT_PREFIX,
  SQL_DEAL_PREFIX,
  SQL_CONTACT_WORDS,
  SQL_DEAL_WORDS,
  SQL_CONTACT_TRIGRAMS,
  SQL_DEAL_TRIGRAMS,
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
  char       *national;  /* of a query that reads as a whole phone number */
} Search;

/* The results and the ids seen belong to crm_search_run(). */
static void
search_clear (Search *search)
{
  g_clear_pointer (&search->national, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Search, search_clear)

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

/* A result from the current row of a step that reads CONTACT_COLUMNS. */
static CrmSearchResult *
contact_result_from_row (CrmStatement   *stmt,
                         CrmSearchMatch  match)
{
  g_autofree char *phone = NULL;
  CrmSearchResult *result;

  if (!crm_statement_get_is_null (stmt, 4))
    phone = crm_phone_format (crm_statement_get_text (stmt, 4));

  result = g_new0 (CrmSearchResult, 1);
  result->kind = CRM_ENTITY_CONTACT;
  result->id = crm_statement_get_int64 (stmt, 0);
  result->contact_kind = crm_statement_get_int64 (stmt, 1) == CRM_CONTACT_COMPANY
                           ? CRM_CONTACT_COMPANY : CRM_CONTACT_PERSON;
  result->title = crm_statement_dup_text (stmt, 2);
  result->subtitle = join_subtitle (phone, crm_statement_get_text (stmt, 3));
  result->match = match;
  return result;
}

/* A result from the current row of a step that reads DEAL_COLUMNS. */
static CrmSearchResult *
deal_result_from_row (CrmStatement   *stmt,
                      CrmSearchMatch  match)
{
  CrmSearchResult *result = g_new0 (CrmSearchResult, 1);

  result->kind = CRM_ENTITY_DEAL;
  result->id = crm_statement_get_int64 (stmt, 0);
  result->contact_kind = CRM_CONTACT_PERSON;
  result->title = crm_statement_dup_text (stmt, 1);
  result->subtitle = join_subtitle (crm_statement_get_text (stmt, 2),
                                    crm_statement_get_text (stmt, 3));
  result->match = match;
  return result;
}

/* Steps a statement that reads CONTACT_COLUMNS or DEAL_COLUMNS and adds
 * each row not found by an earlier step as a result, until the search is
 * full; takes @stmt over. Contact and deal ids never collide, as ids are
 * unique across tables. */
static gboolean
add_results_from (Search          *search,
                  CrmStatement    *stmt,
                  CrmEntityKind    kind,
                  CrmSearchMatch   match,
                  GError         **error)
{
  g_autoptr(CrmStatement) owned = stmt;
  CrmStepResult step = CRM_STEP_DONE;

  while (!search_is_full (search) &&
         (step = crm_statement_step (owned, error)) == CRM_STEP_ROW)
    {
      gint64 id = crm_statement_get_int64 (owned, 0);

      if (g_hash_table_contains (search->seen, &id))
        continue;

      g_ptr_array_add (search->results,
                       kind == CRM_ENTITY_DEAL ? deal_result_from_row (owned, match)
                                               : contact_result_from_row (owned, match));
      g_hash_table_add (search->seen, g_memdup2 (&id, sizeof id));
    }

  return search_is_full (search) || step != CRM_STEP_ERROR;
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

  /* The number without its country code, as the contacts' trigrams hold
   * it next to the whole one (see crm_search_index_contact()). */
  if (e164 != NULL)
    {
      guint code_length = crm_phone_calling_code_length (e164);

      if (code_length > 0 && code_length < strlen (e164))
        search->national = g_strdup (e164 + code_length);
    }

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

/* The steps of a search, best matches first, until it is full. */
static gboolean
search_steps (Search      *search,
              const char  *valid,
              const char  *folded,
              GError     **error)
{
  g_autofree char *words = NULL;
  g_autofree char *substring = NULL;

  if (!search_phones (search, valid, error))
    return FALSE;

  if (!search_prefix (search, SQL_CONTACT_PREFIX, CRM_ENTITY_CONTACT, folded, error) ||
      !search_prefix (search, SQL_DEAL_PREFIX, CRM_ENTITY_DEAL, folded, error))
    return FALSE;

  if (g_utf8_strlen (folded, -1) <= MAX_SHORT_QUERY_CHARS)
    return TRUE;

  words = make_words_query (folded);
  if (words != NULL &&
      (!search_fts (search, SQL_CONTACT_WORDS, CRM_ENTITY_CONTACT,
                    CRM_SEARCH_MATCH_WORD, words, error) ||
       !search_fts (search, SQL_DEAL_WORDS, CRM_ENTITY_DEAL,
                    CRM_SEARCH_MATCH_WORD, words, error)))
    return FALSE;

  /* A whole phone number, in whatever form it was typed, is looked for
   * inside other text by its national digits: what "20000000" finds,
   * "+371 20 000 000" and "0037120000000" find too. It is also what keeps
   * the step fast: the trigrams of "0037120000000" include "371" and
   * "712", which nearly every Latvian number holds. */
  substring = crm_text_fts_quote (search->national != NULL ? search->national : folded);

  return search_fts (search, SQL_CONTACT_TRIGRAMS, CRM_ENTITY_CONTACT,
                     CRM_SEARCH_MATCH_SUBSTRING, substring, error) &&
         search_fts (search, SQL_DEAL_TRIGRAMS, CRM_ENTITY_DEAL,
                     CRM_SEARCH_MATCH_SUBSTRING, substring, error);
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
  g_auto(Search) search = { 0 };
  gboolean ok;

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

  /* The steps, as of one moment, taking SQLite's read lock once. */
  crm_database_begin_read (crm_store_get_database (store));
  ok = search_steps (&search, valid, folded, error);
  crm_database_end_read (crm_store_get_database (store));

  if (!ok)
    return NULL;

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
