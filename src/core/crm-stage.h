/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "crm-types.h"

G_BEGIN_DECLS

#define CRM_TYPE_STAGE (crm_stage_get_type ())
G_DECLARE_FINAL_TYPE (CrmStage, crm_stage, CRM, STAGE, GObject)

CrmStage     *crm_stage_new              (void);
CrmStage     *crm_stage_copy             (CrmStage     *self);

gint64        crm_stage_get_id           (CrmStage     *self);
void          crm_stage_set_id           (CrmStage     *self,
                                          gint64        id);

gint64        crm_stage_get_pipeline_id  (CrmStage     *self);
void          crm_stage_set_pipeline_id  (CrmStage     *self,
                                          gint64        pipeline_id);

const char   *crm_stage_get_name         (CrmStage     *self);
void          crm_stage_set_name         (CrmStage     *self,
                                          const char   *name);

int           crm_stage_get_position     (CrmStage     *self);
void          crm_stage_set_position     (CrmStage     *self,
                                          int           position);

const char   *crm_stage_get_color        (CrmStage     *self);
void          crm_stage_set_color        (CrmStage     *self,
                                          const char   *color);

CrmStageKind  crm_stage_get_kind         (CrmStage     *self);
void          crm_stage_set_kind         (CrmStage     *self,
                                          CrmStageKind  kind);

gint64        crm_stage_get_deal_count   (CrmStage     *self);
void          crm_stage_set_deal_count   (CrmStage     *self,
                                          gint64        deal_count);

gint64        crm_stage_get_amount_total (CrmStage     *self);
void          crm_stage_set_amount_total (CrmStage     *self,
                                          gint64        amount_total);

gint64        crm_stage_get_deleted_at   (CrmStage     *self);
void          crm_stage_set_deleted_at   (CrmStage     *self,
                                          gint64        deleted_at);

G_END_DECLS
