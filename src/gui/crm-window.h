/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crm-application.h"
#include "crm-store.h"

G_BEGIN_DECLS

#define CRM_TYPE_WINDOW (crm_window_get_type ())
G_DECLARE_FINAL_TYPE (CrmWindow, crm_window, CRM, WINDOW, AdwApplicationWindow)

CrmWindow  *crm_window_new            (CrmApplication *application,
                                       CrmStore       *store);
CrmStore   *crm_window_get_store      (CrmWindow      *self);
const char *crm_window_get_view       (CrmWindow      *self);
GtkWidget  *crm_window_get_page       (CrmWindow      *self,
                                       const char     *name);
void        crm_window_show_view      (CrmWindow      *self,
                                       const char     *name);
void        crm_window_open_contact   (CrmWindow      *self,
                                       gint64          contact_id);
void        crm_window_open_deal      (CrmWindow      *self,
                                       gint64          deal_id);
void        crm_window_add_toast      (CrmWindow      *self,
                                       AdwToast       *toast);
void        crm_window_toast          (GtkWidget      *widget,
                                       AdwToast       *toast);

G_END_DECLS
