/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crm-editor-window.h"
#include "crm-store.h"

G_BEGIN_DECLS

#define CRM_TYPE_CALL_EDITOR (crm_call_editor_get_type ())
G_DECLARE_FINAL_TYPE (CrmCallEditor, crm_call_editor, CRM, CALL_EDITOR, CrmEditorWindow)

/* The form to log a call with @contact_id (0: the form asks) and
 * optionally one of the client's deals, and to set the next reminder in
 * the same go. */
CrmCallEditor *crm_call_editor_new             (GtkWindow     *parent,
                                                CrmStore      *store,
                                                gint64         contact_id,
                                                gint64         deal_id);
gint64         crm_call_editor_get_activity_id (CrmCallEditor *self);

G_END_DECLS
