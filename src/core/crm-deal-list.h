/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "crm-deal.h"
#include "crm-paged-list.h"
#include "crm-store.h"

G_BEGIN_DECLS

/**
 * CrmDealSort:
 * @CRM_DEAL_SORT_UPDATED: last change (the default, newest first)
 * @CRM_DEAL_SORT_TITLE: title, case and diacritics ignored
 * @CRM_DEAL_SORT_AMOUNT: amount in minor units, whatever the currency
 * @CRM_DEAL_SORT_CREATED: creation, which is the order of the ids
 * @CRM_DEAL_SORT_STAGE: pipeline position, then stage position
 * @CRM_DEAL_SORT_CLIENT: the client's name, case and diacritics ignored
 * @CRM_DEAL_SORT_OWNER: the owner's name, case and diacritics ignored
 * @CRM_DEAL_SORT_NEXT_REMINDER: the next pending reminder
 * @CRM_DEAL_SORT_EXPECTED_CLOSE: the expected closing date
 * @CRM_DEAL_SORT_POSITION: the order of the cards in a board column; meant
 *   for a list filtered to one stage, where it walks deals_by_stage
 *
 * What a [class@DealList] is sorted by. Ties are broken by id, in the same
 * direction, so the order is total. Deals without a client, owner,
 * reminder or expected date come last in both directions.
 */
typedef enum
{
  CRM_DEAL_SORT_UPDATED,
  CRM_DEAL_SORT_TITLE,
  CRM_DEAL_SORT_AMOUNT,
  CRM_DEAL_SORT_CREATED,
  CRM_DEAL_SORT_STAGE,
  CRM_DEAL_SORT_CLIENT,
  CRM_DEAL_SORT_OWNER,
  CRM_DEAL_SORT_NEXT_REMINDER,
  CRM_DEAL_SORT_EXPECTED_CLOSE,
  CRM_DEAL_SORT_POSITION,
} CrmDealSort;

#define CRM_TYPE_DEAL_SORT (crm_deal_sort_get_type ())
GType crm_deal_sort_get_type (void);

/**
 * CrmDealFilter:
 * @pipeline_id: only deals in this pipeline, or 0
 * @stage_id: only deals in this stage, or 0
 * @owner_id: only deals of this employee, or 0
 * @amount_min: only deals of at least this amount, or -1
 * @amount_max: only deals of at most this amount, or -1
 * @updated_from: only deals changed at or after this time (UTC ms), or 0
 * @updated_to: only deals changed before this time (UTC ms), or 0
 * @tag: (nullable): only deals with this tag (case and diacritics ignored)
 * @open_only: only deals in open stages (not won, not lost)
 * @contact_id: only deals of this client, or 0
 *
 * Which deals a [class@DealList] shows; trashed deals never are. Start
 * with crm_deal_filter_init() and end with crm_deal_filter_clear().
 */
typedef struct
{
  gint64    pipeline_id;
  gint64    stage_id;
  gint64    owner_id;
  gint64    amount_min;
  gint64    amount_max;
  gint64    updated_from;
  gint64    updated_to;
  char     *tag;
  gboolean  open_only;
  gint64    contact_id;
} CrmDealFilter;

void crm_deal_filter_init  (CrmDealFilter       *filter);
void crm_deal_filter_clear (CrmDealFilter       *filter);
void crm_deal_filter_copy  (const CrmDealFilter *src,
                            CrmDealFilter       *dest);

#define CRM_TYPE_DEAL_LIST (crm_deal_list_get_type ())
G_DECLARE_FINAL_TYPE (CrmDealList, crm_deal_list, CRM, DEAL_LIST, CrmPagedList)

CrmDealList         *crm_deal_list_new                (CrmStore            *store);
CrmStore            *crm_deal_list_get_store          (CrmDealList         *self);

void                 crm_deal_list_set_sort           (CrmDealList         *self,
                                                       CrmDealSort          key,
                                                       gboolean             descending);
CrmDealSort          crm_deal_list_get_sort_key       (CrmDealList         *self);
gboolean             crm_deal_list_get_sort_descending (CrmDealList        *self);

void                 crm_deal_list_set_filter         (CrmDealList         *self,
                                                       const CrmDealFilter *filter);
const CrmDealFilter *crm_deal_list_get_filter         (CrmDealList         *self);

/* The position of a deal in the list, or -1 when the list does not show
 * it; for selecting a deal that was just added or searched for. */
gint64               crm_deal_list_find               (CrmDealList         *self,
                                                       gint64               deal_id);

/* The plan SQLite chose for reading one page, one step a line; for tests
 * and benchmarks. */
char                *crm_deal_list_dup_query_plan     (CrmDealList         *self);

/* The total amount of the deals in the list that are in @currency, in its
 * minor units; for the header of a board column. */
gint64               crm_deal_list_sum_amount         (CrmDealList         *self,
                                                       const char          *currency,
                                                       GError             **error);

G_END_DECLS
