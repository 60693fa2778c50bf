/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crm-store.h"

G_BEGIN_DECLS

#define CRM_TYPE_SEARCH_RESULTS (crm_search_results_get_type ())
G_DECLARE_FINAL_TYPE (CrmSearchResults, crm_search_results, CRM, SEARCH_RESULTS, AdwBin)

CrmSearchResults *crm_search_results_new            (CrmStore         *store);
void              crm_search_results_set_query      (CrmSearchResults *self,
                                                     const char       *query);
const char       *crm_search_results_get_query      (CrmSearchResults *self);
guint             crm_search_results_get_n_results  (CrmSearchResults *self);
void              crm_search_results_activate_first (CrmSearchResults *self);
void              crm_search_results_focus_first    (CrmSearchResults *self);

G_END_DECLS
