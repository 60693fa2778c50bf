/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crm-editor-window.h"
#include "crm-store.h"

G_BEGIN_DECLS

#define CRM_TYPE_DEAL_EDITOR (crm_deal_editor_get_type ())
G_DECLARE_FINAL_TYPE (CrmDealEditor, crm_deal_editor, CRM, DEAL_EDITOR, CrmEditorWindow)

CrmDealEditor *crm_deal_editor_new         (GtkWindow     *parent,
                                            CrmStore      *store,
                                            gint64         deal_id,
                                            gint64         contact_id);
gint64         crm_deal_editor_get_deal_id (CrmDealEditor *self);

G_END_DECLS
