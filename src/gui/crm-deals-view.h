/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crm-store.h"

G_BEGIN_DECLS

#define CRM_TYPE_DEALS_VIEW (crm_deals_view_get_type ())
G_DECLARE_FINAL_TYPE (CrmDealsView, crm_deals_view, CRM, DEALS_VIEW, AdwBin)

CrmDealsView *crm_deals_view_new         (CrmStore     *store);
CrmStore     *crm_deals_view_get_store   (CrmDealsView *self);
GListModel   *crm_deals_view_get_model   (CrmDealsView *self);
gboolean      crm_deals_view_select_deal (CrmDealsView *self,
                                          gint64        deal_id);

G_END_DECLS
