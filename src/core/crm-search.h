/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "crm-store.h"

G_BEGIN_DECLS

/* How a result matched; results are ranked in this order. */
typedef enum
{
  CRM_SEARCH_MATCH_PHONE,        /* the whole number, in any format */
  CRM_SEARCH_MATCH_PHONE_END,    /* the last digits of a number */
  CRM_SEARCH_MATCH_NAME_PREFIX,  /* the name starts with the query */
  CRM_SEARCH_MATCH_WORD,         /* every query word starts a word */
  CRM_SEARCH_MATCH_SUBSTRING,    /* the query stands inside the text */
} CrmSearchMatch;

typedef struct
{
  CrmEntityKind   kind;          /* CRM_ENTITY_CONTACT or CRM_ENTITY_DEAL */
  gint64          id;
  CrmContactKind  contact_kind;
  char           *title;         /* name or deal title */
  char           *subtitle;      /* phone, company, stage ... */
  CrmSearchMatch  match;
} CrmSearchResult;

void       crm_search_result_free (CrmSearchResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmSearchResult, crm_search_result_free)

/* Finds contacts, companies and deals for what a user typed: words and
 * prefixes with diacritics and case ignored, substrings of three or more
 * characters, phone numbers in any format or by their last 4+ digits.
 * Trashed rows are not found. At most @limit results, best first. */
GPtrArray *crm_search_run         (CrmStore        *store,
                                   const char      *query,
                                   guint            limit,
                                   GError         **error);

/* Keep the search indexes in step; called by the store inside the write's
 * transaction. */
gboolean   crm_search_index_contact (CrmStore      *store,
                                     gint64         contact_id,
                                     GError       **error);
gboolean   crm_search_index_deal    (CrmStore      *store,
                                     gint64         deal_id,
                                     GError       **error);

/* The SQL of every step of crm_search_run(), NULL-terminated, so that tests
 * and benchmarks can check with EXPLAIN QUERY PLAN that each uses an index. */
const char * const *crm_search_get_statements (void);

G_END_DECLS
