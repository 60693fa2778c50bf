/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crm-store.h"

G_BEGIN_DECLS

#define CRM_TYPE_CONTACT_EDITOR (crm_contact_editor_get_type ())
G_DECLARE_FINAL_TYPE (CrmContactEditor, crm_contact_editor, CRM, CONTACT_EDITOR, AdwWindow)

CrmContactEditor *crm_contact_editor_new            (GtkWindow        *parent,
                                                     CrmStore         *store,
                                                     gint64            contact_id);
gint64            crm_contact_editor_get_contact_id (CrmContactEditor *self);

G_END_DECLS
