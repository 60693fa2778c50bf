/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crm-store.h"

G_BEGIN_DECLS

#define CRM_TYPE_REPORTS_VIEW (crm_reports_view_get_type ())
G_DECLARE_FINAL_TYPE (CrmReportsView, crm_reports_view, CRM, REPORTS_VIEW, AdwBin)

CrmReportsView *crm_reports_view_new     (CrmStore       *store);
void            crm_reports_view_refresh (CrmReportsView *self);

G_END_DECLS
