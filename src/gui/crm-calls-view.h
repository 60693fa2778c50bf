/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crm-store.h"

G_BEGIN_DECLS

#define CRM_TYPE_CALLS_VIEW (crm_calls_view_get_type ())
G_DECLARE_FINAL_TYPE (CrmCallsView, crm_calls_view, CRM, CALLS_VIEW, AdwBin)

CrmCallsView *crm_calls_view_new (CrmStore *store);

G_END_DECLS
