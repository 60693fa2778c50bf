/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "crm-reminder.h"
#include "crm-store.h"

G_BEGIN_DECLS

#define CRM_TYPE_REMINDER_SCHEDULER (crm_reminder_scheduler_get_type ())
G_DECLARE_FINAL_TYPE (CrmReminderScheduler, crm_reminder_scheduler, CRM, REMINDER_SCHEDULER, GObject)

/* Knows when the next reminder falls due and says so with the
 * `reminder-due` signal (one CrmReminder each) and then `reminders-due`
 * (a GPtrArray of all that fell due at that check), which the notifier
 * turns into notifications. A reminder is marked notified as it is
 * announced, so it is announced once per due time; snoozing it makes it
 * due again. Due times are UTC, so a time-zone or daylight-saving change
 * moves none of them. */
CrmReminderScheduler *crm_reminder_scheduler_new          (CrmStore             *store);
CrmStore             *crm_reminder_scheduler_get_store    (CrmReminderScheduler *self);

/* Starts and stops the timer. Starting announces at once (from an idle)
 * what fell due while the program was not running. */
void                  crm_reminder_scheduler_start        (CrmReminderScheduler *self);
void                  crm_reminder_scheduler_stop         (CrmReminderScheduler *self);
gboolean              crm_reminder_scheduler_get_running  (CrmReminderScheduler *self);

/* Announces what is due now and re-arms the timer; call it after the clock
 * jumped (resume from suspend, a time-zone change). Returns how many
 * reminders were announced. */
guint                 crm_reminder_scheduler_check        (CrmReminderScheduler *self);

/* The time (UTC ms) the next reminder falls due, 0 when none is pending;
 * the `next-due` property notifies when it changes, so the application
 * knows whether to keep running in the background. */
gint64                crm_reminder_scheduler_get_next_due (CrmReminderScheduler *self);

G_END_DECLS
