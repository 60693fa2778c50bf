/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "crm-types.h"

G_BEGIN_DECLS

#define CRM_TYPE_PIPELINE (crm_pipeline_get_type ())
G_DECLARE_FINAL_TYPE (CrmPipeline, crm_pipeline, CRM, PIPELINE, GObject)

CrmPipeline *crm_pipeline_new            (void);
CrmPipeline *crm_pipeline_copy           (CrmPipeline *self);

gint64       crm_pipeline_get_id         (CrmPipeline *self);
void         crm_pipeline_set_id         (CrmPipeline *self,
                                          gint64       id);

const char  *crm_pipeline_get_name       (CrmPipeline *self);
void         crm_pipeline_set_name       (CrmPipeline *self,
                                          const char  *name);

int          crm_pipeline_get_position   (CrmPipeline *self);
void         crm_pipeline_set_position   (CrmPipeline *self,
                                          int          position);

gint64       crm_pipeline_get_deleted_at (CrmPipeline *self);
void         crm_pipeline_set_deleted_at (CrmPipeline *self,
                                          gint64       deleted_at);

G_END_DECLS
