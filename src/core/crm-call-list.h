/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "crm-activity.h"
#include "crm-paged-list.h"
#include "crm-store.h"

G_BEGIN_DECLS

/**
 * CrmCallFilter:
 * @user_id: only calls made or taken by this employee, or 0
 * @from_ms: only calls that started at or after this time (UTC ms), or 0
 * @to_ms: only calls that started before this time (UTC ms), or 0
 * @outcome: (nullable): only calls with exactly this outcome
 * @tag: (nullable): only calls with this tag (case and diacritics ignored)
 * @contact_id: only calls with this client, or 0
 *
 * Which calls a [class@CallList] shows; trashed calls never are. Start
 * with crm_call_filter_init() and end with crm_call_filter_clear().
 */
typedef struct
{
  gint64  user_id;
  gint64  from_ms;
  gint64  to_ms;
  char   *outcome;
  char   *tag;
  gint64  contact_id;
} CrmCallFilter;

void     crm_call_filter_init  (CrmCallFilter       *filter);
void     crm_call_filter_clear (CrmCallFilter       *filter);
void     crm_call_filter_copy  (const CrmCallFilter *src,
                                CrmCallFilter       *dest);
gboolean crm_call_filter_equal (const CrmCallFilter *a,
                                const CrmCallFilter *b);

#define CRM_TYPE_CALL_LIST (crm_call_list_get_type ())
G_DECLARE_FINAL_TYPE (CrmCallList, crm_call_list, CRM, CALL_LIST, CrmPagedList)

CrmCallList         *crm_call_list_new            (CrmStore            *store);
CrmStore            *crm_call_list_get_store      (CrmCallList         *self);

void                 crm_call_list_set_filter     (CrmCallList         *self,
                                                   const CrmCallFilter *filter);
const CrmCallFilter *crm_call_list_get_filter     (CrmCallList         *self);

/* The position of a call in the list, or -1 when the list does not show
 * it. */
gint64               crm_call_list_find           (CrmCallList         *self,
                                                   gint64               activity_id);

/* The plan SQLite chose for reading one page, one step a line; for tests
 * and benchmarks. */
char                *crm_call_list_dup_query_plan (CrmCallList         *self);

G_END_DECLS
