/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "crm-types.h"

G_BEGIN_DECLS

#define CRM_TYPE_DEAL (crm_deal_get_type ())
G_DECLARE_FINAL_TYPE (CrmDeal, crm_deal, CRM, DEAL, GObject)

CrmDeal       *crm_deal_new                  (void);
CrmDeal       *crm_deal_copy                 (CrmDeal            *self);

gint64         crm_deal_get_id               (CrmDeal            *self);
void           crm_deal_set_id               (CrmDeal            *self,
                                              gint64              id);

const char    *crm_deal_get_title            (CrmDeal            *self);
void           crm_deal_set_title            (CrmDeal            *self,
                                              const char         *title);

gint64         crm_deal_get_contact_id       (CrmDeal            *self);
void           crm_deal_set_contact_id       (CrmDeal            *self,
                                              gint64              contact_id);

const char    *crm_deal_get_contact_name     (CrmDeal            *self);
void           crm_deal_set_contact_name     (CrmDeal            *self,
                                              const char         *contact_name);

gint64         crm_deal_get_amount           (CrmDeal            *self);
void           crm_deal_set_amount           (CrmDeal            *self,
                                              gint64              amount);

const char    *crm_deal_get_currency         (CrmDeal            *self);
void           crm_deal_set_currency         (CrmDeal            *self,
                                              const char         *currency);

gint64         crm_deal_get_stage_id         (CrmDeal            *self);
void           crm_deal_set_stage_id         (CrmDeal            *self,
                                              gint64              stage_id);

const char    *crm_deal_get_stage_name       (CrmDeal            *self);
void           crm_deal_set_stage_name       (CrmDeal            *self,
                                              const char         *stage_name);

CrmStageKind   crm_deal_get_stage_kind       (CrmDeal            *self);
void           crm_deal_set_stage_kind       (CrmDeal            *self,
                                              CrmStageKind        stage_kind);

gint64         crm_deal_get_pipeline_id      (CrmDeal            *self);
void           crm_deal_set_pipeline_id      (CrmDeal            *self,
                                              gint64              pipeline_id);

gint64         crm_deal_get_position         (CrmDeal            *self);
void           crm_deal_set_position         (CrmDeal            *self,
                                              gint64              position);

gint64         crm_deal_get_owner_id         (CrmDeal            *self);
void           crm_deal_set_owner_id         (CrmDeal            *self,
                                              gint64              owner_id);

const char    *crm_deal_get_owner_name       (CrmDeal            *self);
void           crm_deal_set_owner_name       (CrmDeal            *self,
                                              const char         *owner_name);

const char    *crm_deal_get_expected_close   (CrmDeal            *self);
void           crm_deal_set_expected_close   (CrmDeal            *self,
                                              const char         *expected_close);

const char    *crm_deal_get_lost_reason      (CrmDeal            *self);
void           crm_deal_set_lost_reason      (CrmDeal            *self,
                                              const char         *lost_reason);

gint64         crm_deal_get_next_reminder_at (CrmDeal            *self);
void           crm_deal_set_next_reminder_at (CrmDeal            *self,
                                              gint64              next_reminder_at);

const char    *crm_deal_get_tags             (CrmDeal            *self);
void           crm_deal_set_tags             (CrmDeal            *self,
                                              const char         *tags);

gint64         crm_deal_get_created_at       (CrmDeal            *self);
void           crm_deal_set_created_at       (CrmDeal            *self,
                                              gint64              created_at);

gint64         crm_deal_get_updated_at       (CrmDeal            *self);
void           crm_deal_set_updated_at       (CrmDeal            *self,
                                              gint64              updated_at);

gint64         crm_deal_get_stage_changed_at (CrmDeal            *self);
void           crm_deal_set_stage_changed_at (CrmDeal            *self,
                                              gint64              stage_changed_at);

gint64         crm_deal_get_deleted_at       (CrmDeal            *self);
void           crm_deal_set_deleted_at       (CrmDeal            *self,
                                              gint64              deleted_at);

char         **crm_deal_get_tag_list         (CrmDeal            *self);
void           crm_deal_set_tag_list         (CrmDeal            *self,
                                              const char * const *tags);

G_END_DECLS
