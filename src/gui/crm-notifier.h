/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "crm-reminder-scheduler.h"
#include "crm-store.h"

G_BEGIN_DECLS

/* More reminders than this falling due at one check are summed up in one
 * notification instead of one each. */
#define CRM_NOTIFIER_GROUP_LIMIT 3

#define CRM_TYPE_NOTIFIER (crm_notifier_get_type ())
G_DECLARE_FINAL_TYPE (CrmNotifier, crm_notifier, CRM, NOTIFIER, GObject)

/* Pops up the reminders of @store as desktop notifications (libnotify,
 * or GNotification when no notification server answers) with the actions
 * Open, Snooze 10 min and Done, and re-checks when the clock jumps. Adds
 * the actions app.reminder-open, app.reminder-snooze, app.reminder-done
 * (int64 reminder id) and app.reminder-list to @application. */
CrmNotifier          *crm_notifier_new               (GtkApplication *application,
                                                      CrmStore       *store);
void                  crm_notifier_start             (CrmNotifier    *self);
CrmReminderScheduler *crm_notifier_get_scheduler     (CrmNotifier    *self);

/* Whether a reminder is still to fall due, or one is on screen waiting
 * for an answer: the application keeps running in the background while
 * it is (the `busy` property notifies). */
gboolean              crm_notifier_get_busy          (CrmNotifier    *self);

/* What the notification actions do, also for tests. */
void                  crm_notifier_open_reminder     (CrmNotifier    *self,
                                                      gint64          reminder_id);
gboolean              crm_notifier_snooze_reminder   (CrmNotifier    *self,
                                                      gint64          reminder_id,
                                                      GError        **error);
gboolean              crm_notifier_complete_reminder (CrmNotifier    *self,
                                                      gint64          reminder_id,
                                                      GError        **error);
void                  crm_notifier_show_reminders    (CrmNotifier    *self);

/* Looks for due reminders now; for a clock that jumped. */
void                  crm_notifier_clock_changed     (CrmNotifier    *self);

/* The reminders that have a notification on screen (a summary counts
 * for each reminder it sums up), for tests. */
gboolean              crm_notifier_is_shown          (CrmNotifier    *self,
                                                      gint64          reminder_id);
guint                 crm_notifier_get_n_shown       (CrmNotifier    *self);

G_END_DECLS
