/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crm-reminder.h"
#include "crm-store.h"

G_BEGIN_DECLS

/**
 * CrmQuickTime:
 * @CRM_QUICK_TIME_IN_10_MINUTES: ten minutes from now
 * @CRM_QUICK_TIME_IN_1_HOUR: an hour from now
 * @CRM_QUICK_TIME_TOMORROW_MORNING: tomorrow at 9:00, local time
 * @CRM_QUICK_TIME_NEXT_MONDAY: the next Monday (a week on, on a Monday) at
 *   9:00, local time
 *
 * The times a reminder can be set or snoozed to with one click.
 */
typedef enum
{
  CRM_QUICK_TIME_IN_10_MINUTES,
  CRM_QUICK_TIME_IN_1_HOUR,
  CRM_QUICK_TIME_TOMORROW_MORNING,
  CRM_QUICK_TIME_NEXT_MONDAY,
} CrmQuickTime;

/* The hour a "morning" choice stands for. */
#define CRM_QUICK_TIME_MORNING_HOUR 9

gint64             crm_quick_time_compute          (CrmQuickTime       choice,
                                                    gint64             now_ms);

#define CRM_TYPE_REMINDER_FIELDS (crm_reminder_fields_get_type ())
G_DECLARE_FINAL_TYPE (CrmReminderFields, crm_reminder_fields, CRM, REMINDER_FIELDS, AdwBin)

/* When, for whom and what to do: the fields of a reminder, shared by the
 * reminder editor and the "next reminder" part of the call editor. */
CrmReminderFields *crm_reminder_fields_new         (void);
/* Fills the list of employees; the current user is chosen. */
void               crm_reminder_fields_set_store   (CrmReminderFields *self,
                                                    CrmStore          *store);
void               crm_reminder_fields_set_due     (CrmReminderFields *self,
                                                    gint64             due_ms);
/* FALSE while the date or time cannot be read. */
gboolean           crm_reminder_fields_get_due     (CrmReminderFields *self,
                                                    gint64            *due_ms);
void               crm_reminder_fields_set_assignee (CrmReminderFields *self,
                                                    gint64             user_id);
gint64             crm_reminder_fields_get_assignee (CrmReminderFields *self);
void               crm_reminder_fields_set_note    (CrmReminderFields *self,
                                                    const char        *note);
const char        *crm_reminder_fields_get_note    (CrmReminderFields *self);
/* A new reminder about @contact_id and @deal_id, as the fields say. */
CrmReminder       *crm_reminder_fields_new_reminder (CrmReminderFields *self,
                                                    gint64             contact_id,
                                                    gint64             deal_id);
/* Whether the fields can be saved; shows what is wrong under them. */
gboolean           crm_reminder_fields_validate    (CrmReminderFields *self);
void               crm_reminder_fields_focus       (CrmReminderFields *self);

G_END_DECLS
