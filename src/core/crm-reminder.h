/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "crm-types.h"

G_BEGIN_DECLS

#define CRM_TYPE_REMINDER (crm_reminder_get_type ())
G_DECLARE_FINAL_TYPE (CrmReminder, crm_reminder, CRM, REMINDER, GObject)

CrmReminder *crm_reminder_new               (void);
CrmReminder *crm_reminder_copy              (CrmReminder *self);

gint64       crm_reminder_get_id            (CrmReminder *self);
void         crm_reminder_set_id            (CrmReminder *self,
                                             gint64       id);

gint64       crm_reminder_get_contact_id    (CrmReminder *self);
void         crm_reminder_set_contact_id    (CrmReminder *self,
                                             gint64       contact_id);

const char  *crm_reminder_get_contact_name  (CrmReminder *self);
void         crm_reminder_set_contact_name  (CrmReminder *self,
                                             const char  *contact_name);

const char  *crm_reminder_get_contact_phone (CrmReminder *self);
void         crm_reminder_set_contact_phone (CrmReminder *self,
                                             const char  *contact_phone);

gint64       crm_reminder_get_deal_id       (CrmReminder *self);
void         crm_reminder_set_deal_id       (CrmReminder *self,
                                             gint64       deal_id);

const char  *crm_reminder_get_deal_title    (CrmReminder *self);
void         crm_reminder_set_deal_title    (CrmReminder *self,
                                             const char  *deal_title);

gint64       crm_reminder_get_assignee_id   (CrmReminder *self);
void         crm_reminder_set_assignee_id   (CrmReminder *self,
                                             gint64       assignee_id);

const char  *crm_reminder_get_assignee_name (CrmReminder *self);
void         crm_reminder_set_assignee_name (CrmReminder *self,
                                             const char  *assignee_name);

gint64       crm_reminder_get_due_at        (CrmReminder *self);
void         crm_reminder_set_due_at        (CrmReminder *self,
                                             gint64       due_at);

const char  *crm_reminder_get_note          (CrmReminder *self);
void         crm_reminder_set_note          (CrmReminder *self,
                                             const char  *note);

gint64       crm_reminder_get_done_at       (CrmReminder *self);
void         crm_reminder_set_done_at       (CrmReminder *self,
                                             gint64       done_at);

gint64       crm_reminder_get_snoozed_until (CrmReminder *self);
void         crm_reminder_set_snoozed_until (CrmReminder *self,
                                             gint64       snoozed_until);

gint64       crm_reminder_get_notified_at   (CrmReminder *self);
void         crm_reminder_set_notified_at   (CrmReminder *self,
                                             gint64       notified_at);

gint64       crm_reminder_get_created_by    (CrmReminder *self);
void         crm_reminder_set_created_by    (CrmReminder *self,
                                             gint64       created_by);

gint64       crm_reminder_get_created_at    (CrmReminder *self);
void         crm_reminder_set_created_at    (CrmReminder *self,
                                             gint64       created_at);

gint64       crm_reminder_get_updated_at    (CrmReminder *self);
void         crm_reminder_set_updated_at    (CrmReminder *self,
                                             gint64       updated_at);

gint64       crm_reminder_get_deleted_at    (CrmReminder *self);
void         crm_reminder_set_deleted_at    (CrmReminder *self,
                                             gint64       deleted_at);

gint64       crm_reminder_get_effective_due (CrmReminder *self);
gboolean     crm_reminder_get_is_done       (CrmReminder *self);

G_END_DECLS
