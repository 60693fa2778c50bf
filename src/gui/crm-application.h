/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crm-notifier.h"
#include "crm-store.h"

G_BEGIN_DECLS

#define CRM_TYPE_APPLICATION (crm_application_get_type ())
G_DECLARE_FINAL_TYPE (CrmApplication, crm_application, CRM, APPLICATION, AdwApplication)

CrmApplication *crm_application_new           (void);
CrmApplication *crm_application_new_for_store (CrmStore       *store);
CrmStore       *crm_application_get_store     (CrmApplication *self);
/* Reminders: see crm-notifier.h. */
CrmNotifier    *crm_application_get_notifier  (CrmApplication *self);
gboolean        crm_application_get_in_background (CrmApplication *self);

G_END_DECLS
