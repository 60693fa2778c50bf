/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "crm-deal.h"
#include "crm-pipeline.h"
#include "crm-stage.h"
#include "crm-store.h"

G_BEGIN_DECLS

/* Pipelines */
GPtrArray *crm_store_list_pipelines        (CrmStore      *self,
                                            GError       **error);
gint64     crm_store_add_pipeline          (CrmStore      *self,
                                            const char    *name,
                                            GError       **error);
/* By name, case and diacritics ignored; 0 with an error when none. */
gint64     crm_store_find_pipeline         (CrmStore      *self,
                                            const char    *name,
                                            GError       **error);
/* The first live pipeline. */
gint64     crm_store_get_default_pipeline  (CrmStore      *self,
                                            GError       **error);

/* Stages, in order, with deal-count and amount-total of live deals. */
GPtrArray *crm_store_list_stages           (CrmStore      *self,
                                            gint64         pipeline_id,
                                            GError       **error);
/* The same without counting deals: names, colours and kinds only. */
GPtrArray *crm_store_list_stages_uncounted (CrmStore      *self,
                                            gint64         pipeline_id,
                                            GError       **error);
CrmStage  *crm_store_get_stage             (CrmStore      *self,
                                            gint64         id,
                                            GError       **error);
/* By name inside a pipeline (0: the default pipeline). */
gint64     crm_store_find_stage            (CrmStore      *self,
                                            gint64         pipeline_id,
                                            const char    *name,
                                            GError       **error);
/* @position -1 puts an open stage after the last open stage, a won or lost
 * stage at the end. */
gint64     crm_store_add_stage             (CrmStore      *self,
                                            gint64         pipeline_id,
                                            const char    *name,
                                            CrmStageKind   kind,
                                            const char    *color,
                                            int            position,
                                            GError       **error);
gboolean   crm_store_rename_stage          (CrmStore      *self,
                                            gint64         id,
                                            const char    *name,
                                            GError       **error);
gboolean   crm_store_set_stage_color       (CrmStore      *self,
                                            gint64         id,
                                            const char    *color,
                                            GError       **error);
gboolean   crm_store_reorder_stage         (CrmStore      *self,
                                            gint64         id,
                                            int            new_position,
                                            GError       **error);
/* A stage that holds deals is only deleted when @move_deals_to names
 * another stage of the same pipeline; its deals move there (recorded as
 * stage moves). Otherwise CRM_STORE_ERROR_IN_USE. */
gboolean   crm_store_delete_stage          (CrmStore      *self,
                                            gint64         id,
                                            gint64         move_deals_to,
                                            GError       **error);

/* Deals. add uses title, contact-id, amount, currency (NULL: the default
 * currency), stage-id (0: the first stage of the default pipeline),
 * owner-id (0: the current user), expected-close and the tag list. */
gint64     crm_store_add_deal              (CrmStore      *self,
                                            CrmDeal       *deal,
                                            GError       **error);
gboolean   crm_store_update_deal           (CrmStore      *self,
                                            CrmDeal       *deal,
                                            GError       **error);
CrmDeal   *crm_store_get_deal              (CrmStore      *self,
                                            gint64         id,
                                            GError       **error);
/* Moves a deal to a stage (maybe the same one), placed before
 * @before_deal_id or at the end of the stage when that is 0. A change of
 * stage is recorded in the deal's stage path and history. */
gboolean   crm_store_move_deal             (CrmStore      *self,
                                            gint64         id,
                                            gint64         stage_id,
                                            gint64         before_deal_id,
                                            GError       **error);
gboolean   crm_store_delete_deal           (CrmStore      *self,
                                            gint64         id,
                                            GError       **error);
gboolean   crm_store_restore_deal          (CrmStore      *self,
                                            gint64         id,
                                            GError       **error);
/* (element-type CrmStageMove) oldest first, with the time in each stage. */
GPtrArray *crm_store_list_stage_moves      (CrmStore      *self,
                                            gint64         deal_id,
                                            GError       **error);
/* (element-type CrmDeal) newest first. */
GPtrArray *crm_store_list_deals_of_contact (CrmStore      *self,
                                            gint64         contact_id,
                                            GError       **error);

/* Lost reasons: the choices offered when a deal is lost, in order. Kept
 * in the database, so every workstation on the file offers the same;
 * translated defaults until someone edits them. */
GStrv      crm_store_list_lost_reasons     (CrmStore      *self);
gboolean   crm_store_set_lost_reasons      (CrmStore      *self,
                                            const char * const *reasons,
                                            GError       **error);

G_END_DECLS
