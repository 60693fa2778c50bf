/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "crm-types.h"

G_BEGIN_DECLS

#define CRM_TYPE_ACTIVITY (crm_activity_get_type ())
G_DECLARE_FINAL_TYPE (CrmActivity, crm_activity, CRM, ACTIVITY, GObject)

CrmActivity       *crm_activity_new                (void);
CrmActivity       *crm_activity_copy               (CrmActivity        *self);

gint64             crm_activity_get_id             (CrmActivity        *self);
void               crm_activity_set_id             (CrmActivity        *self,
                                                    gint64              id);

CrmActivityKind    crm_activity_get_kind           (CrmActivity        *self);
void               crm_activity_set_kind           (CrmActivity        *self,
                                                    CrmActivityKind     kind);

gint64             crm_activity_get_contact_id     (CrmActivity        *self);
void               crm_activity_set_contact_id     (CrmActivity        *self,
                                                    gint64              contact_id);

const char        *crm_activity_get_contact_name   (CrmActivity        *self);
void               crm_activity_set_contact_name   (CrmActivity        *self,
                                                    const char         *contact_name);

gint64             crm_activity_get_deal_id        (CrmActivity        *self);
void               crm_activity_set_deal_id        (CrmActivity        *self,
                                                    gint64              deal_id);

gint64             crm_activity_get_user_id        (CrmActivity        *self);
void               crm_activity_set_user_id        (CrmActivity        *self,
                                                    gint64              user_id);

const char        *crm_activity_get_user_name      (CrmActivity        *self);
void               crm_activity_set_user_name      (CrmActivity        *self,
                                                    const char         *user_name);

CrmCallDirection   crm_activity_get_direction      (CrmActivity        *self);
void               crm_activity_set_direction      (CrmActivity        *self,
                                                    CrmCallDirection    direction);

gint64             crm_activity_get_started_at     (CrmActivity        *self);
void               crm_activity_set_started_at     (CrmActivity        *self,
                                                    gint64              started_at);

gint64             crm_activity_get_duration       (CrmActivity        *self);
void               crm_activity_set_duration       (CrmActivity        *self,
                                                    gint64              duration);

const char        *crm_activity_get_outcome        (CrmActivity        *self);
void               crm_activity_set_outcome        (CrmActivity        *self,
                                                    const char         *outcome);

const char        *crm_activity_get_key_points     (CrmActivity        *self);
void               crm_activity_set_key_points     (CrmActivity        *self,
                                                    const char         *key_points);

gint64             crm_activity_get_recording_id   (CrmActivity        *self);
void               crm_activity_set_recording_id   (CrmActivity        *self,
                                                    gint64              recording_id);

const char        *crm_activity_get_recording_path (CrmActivity        *self);
void               crm_activity_set_recording_path (CrmActivity        *self,
                                                    const char         *recording_path);

const char        *crm_activity_get_tags           (CrmActivity        *self);
void               crm_activity_set_tags           (CrmActivity        *self,
                                                    const char         *tags);

gint64             crm_activity_get_created_at     (CrmActivity        *self);
void               crm_activity_set_created_at     (CrmActivity        *self,
                                                    gint64              created_at);

gint64             crm_activity_get_updated_at     (CrmActivity        *self);
void               crm_activity_set_updated_at     (CrmActivity        *self,
                                                    gint64              updated_at);

gint64             crm_activity_get_deleted_at     (CrmActivity        *self);
void               crm_activity_set_deleted_at     (CrmActivity        *self,
                                                    gint64              deleted_at);

char             **crm_activity_get_tag_list       (CrmActivity        *self);
void               crm_activity_set_tag_list       (CrmActivity        *self,
                                                    const char * const *tags);

G_END_DECLS
