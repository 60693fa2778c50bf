/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "crm-contact.h"
#include "crm-paged-list.h"
#include "crm-store.h"

G_BEGIN_DECLS

/**
 * CrmContactSort:
 * @CRM_CONTACT_SORT_NAME: name, case and diacritics ignored (the default,
 *   A first)
 * @CRM_CONTACT_SORT_UPDATED: last change
 * @CRM_CONTACT_SORT_CREATED: creation, which is the order of the ids
 * @CRM_CONTACT_SORT_COMPANY: the company's name, case and diacritics ignored
 * @CRM_CONTACT_SORT_OWNER: the owner's name, case and diacritics ignored
 *
 * What a [class@ContactList] is sorted by. Ties are broken by id, in the
 * same direction, so the order is total. Contacts without a company or an
 * owner come last in both directions.
 */
typedef enum
{
  CRM_CONTACT_SORT_NAME,
  CRM_CONTACT_SORT_UPDATED,
  CRM_CONTACT_SORT_CREATED,
  CRM_CONTACT_SORT_COMPANY,
  CRM_CONTACT_SORT_OWNER,
} CrmContactSort;

#define CRM_TYPE_CONTACT_SORT (crm_contact_sort_get_type ())
GType crm_contact_sort_get_type (void);

/**
 * CrmContactFilter:
 * @kind: only people or only companies, or -1 for both
 * @owner_id: only clients of this employee, or 0
 * @tag: (nullable): only clients with this tag (case and diacritics ignored)
 * @key_only: only key clients
 * @company_id: only the people of this company, or 0
 *
 * Which contacts a [class@ContactList] shows; trashed contacts never are.
 * Start with crm_contact_filter_init() and end with
 * crm_contact_filter_clear().
 */
typedef struct
{
  CrmContactKind  kind;
  gint64          owner_id;
  char           *tag;
  gboolean        key_only;
  gint64          company_id;
} CrmContactFilter;

void crm_contact_filter_init  (CrmContactFilter       *filter);
void crm_contact_filter_clear (CrmContactFilter       *filter);
void crm_contact_filter_copy  (const CrmContactFilter *src,
                               CrmContactFilter       *dest);

#define CRM_TYPE_CONTACT_LIST (crm_contact_list_get_type ())
G_DECLARE_FINAL_TYPE (CrmContactList, crm_contact_list, CRM, CONTACT_LIST, CrmPagedList)

CrmContactList         *crm_contact_list_new                 (CrmStore               *store);
CrmStore               *crm_contact_list_get_store           (CrmContactList         *self);

void                    crm_contact_list_set_sort            (CrmContactList         *self,
                                                              CrmContactSort          key,
                                                              gboolean                descending);
CrmContactSort          crm_contact_list_get_sort_key        (CrmContactList         *self);
gboolean                crm_contact_list_get_sort_descending (CrmContactList         *self);

void                    crm_contact_list_set_filter          (CrmContactList         *self,
                                                              const CrmContactFilter *filter);
const CrmContactFilter *crm_contact_list_get_filter          (CrmContactList         *self);

/* The position of a contact in the list, or -1 when the list does not
 * show it. */
gint64                  crm_contact_list_find                (CrmContactList         *self,
                                                              gint64                  contact_id);

/* The plan SQLite chose for reading one page, one step a line; for tests
 * and benchmarks. */
char                   *crm_contact_list_dup_query_plan      (CrmContactList         *self);

G_END_DECLS
