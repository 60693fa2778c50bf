/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crm-store.h"

G_BEGIN_DECLS

#define CRM_TYPE_STAGE_EDITOR (crm_stage_editor_get_type ())
G_DECLARE_FINAL_TYPE (CrmStageEditor, crm_stage_editor, CRM, STAGE_EDITOR, AdwWindow)

CrmStageEditor *crm_stage_editor_new          (GtkWindow      *parent,
                                               CrmStore       *store,
                                               gint64          pipeline_id);
gint64          crm_stage_editor_get_pipeline (CrmStageEditor *self);
/* What the editor does when a stage is deleted: its deals, if any, go to
 * @move_deals_to (a stage of the same pipeline); nothing is lost. */
gboolean        crm_stage_editor_delete_stage (CrmStageEditor *self,
                                               gint64          stage_id,
                                               gint64          move_deals_to,
                                               GError        **error);

G_END_DECLS
