/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crm-editor-window.h"
#include "crm-store.h"

G_BEGIN_DECLS

#define CRM_TYPE_REMINDER_EDITOR (crm_reminder_editor_get_type ())
G_DECLARE_FINAL_TYPE (CrmReminderEditor, crm_reminder_editor, CRM, REMINDER_EDITOR, CrmEditorWindow)

/* @reminder_id 0 sets a new reminder about @contact_id and @deal_id (either
 * may be 0: the form asks); otherwise the reminder is rescheduled or
 * changed. */
CrmReminderEditor *crm_reminder_editor_new             (GtkWindow         *parent,
                                                        CrmStore          *store,
                                                        gint64             reminder_id,
                                                        gint64             contact_id,
                                                        gint64             deal_id);
gint64             crm_reminder_editor_get_reminder_id (CrmReminderEditor *self);

G_END_DECLS
