/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crm-store.h"

G_BEGIN_DECLS

#define CRM_TYPE_REMINDERS_VIEW (crm_reminders_view_get_type ())
G_DECLARE_FINAL_TYPE (CrmRemindersView, crm_reminders_view, CRM, REMINDERS_VIEW, AdwBin)

CrmRemindersView *crm_reminders_view_new (CrmStore *store);

G_END_DECLS
