/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "crm-activity.h"
#include "crm-reminder.h"
#include "crm-store.h"

G_BEGIN_DECLS

/* Calls and other activities. A call needs a contact-id or a deal-id (the
 * deal's client is filled in), a direction, started-at (0: now), a duration
 * in seconds, an outcome, key points and tags; user-id 0 is the current
 * user. recording-path, when set, names an audio file that is copied into
 * the data folder as an attachment. */
gint64       crm_store_add_activity            (CrmStore     *self,
                                                CrmActivity  *activity,
                                                GError      **error);
CrmActivity *crm_store_get_activity            (CrmStore     *self,
                                                gint64        id,
                                                GError      **error);
gboolean     crm_store_update_activity         (CrmStore     *self,
                                                CrmActivity  *activity,
                                                GError      **error);
gboolean     crm_store_delete_activity         (CrmStore     *self,
                                                gint64        id,
                                                GError      **error);
gboolean     crm_store_restore_activity        (CrmStore     *self,
                                                gint64        id,
                                                GError      **error);
/* (element-type CrmActivity) of a contact (and its deals), newest first. */
GPtrArray   *crm_store_list_activities_of_contact (CrmStore  *self,
                                                   gint64     contact_id,
                                                   GError   **error);

/* Attachments: the file is copied into the data folder under its SHA-256,
 * so the same document attached twice is stored once. */
gint64       crm_store_add_attachment          (CrmStore     *self,
                                                gint64        contact_id,
                                                gint64        deal_id,
                                                const char   *source_path,
                                                GError      **error);
char        *crm_store_get_attachment_path     (CrmStore     *self,
                                                gint64        id,
                                                GError      **error);

/* One document as a client card lists it; path is where its content is
 * stored. */
typedef struct
{
  gint64  id;
  gint64  contact_id;
  gint64  deal_id;
  char   *file_name;
  gint64  size;
  char   *mime_type;
  gint64  created_by;
  char   *created_by_name;
  gint64  created_at;
  char   *path;
} CrmAttachmentInfo;

void         crm_attachment_info_free          (CrmAttachmentInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmAttachmentInfo, crm_attachment_info_free)

/* (element-type CrmAttachmentInfo) of a client (with its deals' documents)
 * or of a deal, newest first; call recordings included. */
GPtrArray   *crm_store_list_attachments        (CrmStore     *self,
                                                gint64        contact_id,
                                                gint64        deal_id,
                                                GError      **error);
/* Trashes the row; the stored file stays (the trash can be restored and
 * other rows may share the content). */
gboolean     crm_store_delete_attachment       (CrmStore     *self,
                                                gint64        id,
                                                GError      **error);

/* Reminders need a contact-id or a deal-id and a due-at; assignee-id 0 is
 * the current user. */
gint64       crm_store_add_reminder            (CrmStore     *self,
                                                CrmReminder  *reminder,
                                                GError      **error);
CrmReminder *crm_store_get_reminder            (CrmStore     *self,
                                                gint64        id,
                                                GError      **error);
/* Writes contact-id, deal-id, assignee-id, due-at and note of @reminder (by
 * its id); a new due-at clears the snooze and the notification. */
gboolean     crm_store_update_reminder         (CrmStore     *self,
                                                CrmReminder  *reminder,
                                                GError      **error);
/* (element-type CrmReminder) by effective due time; @assignee_id 0 lists
 * everybody's. */
GPtrArray   *crm_store_list_reminders          (CrmStore     *self,
                                                gint64        assignee_id,
                                                gboolean      include_done,
                                                GError      **error);

/* How many of the reminders crm_store_list_reminders() lists fall where:
 * pending ones by their effective due time, around two moments. */
typedef struct
{
  guint overdue;   /* pending, due before now */
  guint soon;      /* pending, due from now until soon */
  guint later;     /* pending, due at soon or later */
  guint done;      /* done, when asked for */
} CrmReminderCounts;

gboolean     crm_store_count_reminders         (CrmStore          *self,
                                                gint64             assignee_id,
                                                gboolean           include_done,
                                                gint64             now,
                                                gint64             soon,
                                                CrmReminderCounts *counts,
                                                GError           **error);
/* (element-type CrmReminder) The pending reminders crm_store_list_reminders()
 * lists whose effective due time lies in [@from_ms, @until_ms), in its
 * order, at most @limit (0: all). */
GPtrArray   *crm_store_list_pending_reminders_between (CrmStore  *self,
                                                       gint64     assignee_id,
                                                       gint64     from_ms,
                                                       gint64     until_ms,
                                                       guint      limit,
                                                       GError   **error);
/* (element-type CrmReminder) The done reminders crm_store_list_reminders()
 * lists, in its reverse order (the latest due first), at most @limit (0:
 * all). */
GPtrArray   *crm_store_list_done_reminders     (CrmStore     *self,
                                                gint64        assignee_id,
                                                guint         limit,
                                                GError      **error);

/* Pending reminders whose effective due time is at or before @until_ms
 * and that were not notified yet, oldest first. */
GPtrArray   *crm_store_list_due_reminders      (CrmStore     *self,
                                                gint64        until_ms,
                                                GError      **error);
/* The earliest effective due time of a pending reminder, 0 when none. */
gint64       crm_store_get_next_due_time       (CrmStore     *self,
                                                GError      **error);
gboolean     crm_store_complete_reminder       (CrmStore     *self,
                                                gint64        id,
                                                GError      **error);
gboolean     crm_store_snooze_reminder         (CrmStore     *self,
                                                gint64        id,
                                                gint64        until_ms,
                                                GError      **error);
gboolean     crm_store_reschedule_reminder     (CrmStore     *self,
                                                gint64        id,
                                                gint64        due_at,
                                                GError      **error);
gboolean     crm_store_mark_reminder_notified  (CrmStore     *self,
                                                gint64        id,
                                                gint64        at,
                                                GError      **error);
gboolean     crm_store_delete_reminder         (CrmStore     *self,
                                                gint64        id,
                                                GError      **error);
gboolean     crm_store_restore_reminder        (CrmStore     *self,
                                                gint64        id,
                                                GError      **error);

/* The number of pending reminders whose effective due time lies before
 * @now (not done, not trashed, their client or deal not trashed);
 * @assignee_id 0 counts everybody's. -1 on error. */
gint64       crm_store_count_overdue_reminders (CrmStore     *self,
                                                gint64        assignee_id,
                                                gint64        now,
                                                GError      **error);

/* The outcomes offered when a call is logged, in order: translated
 * defaults until the list is edited. A call's outcome is free text, so old
 * calls keep theirs when the list changes. */
GStrv        crm_store_list_call_outcomes      (CrmStore     *self);
gboolean     crm_store_set_call_outcomes       (CrmStore            *self,
                                                const char * const  *outcomes,
                                                GError             **error);
/* The different outcomes live calls were logged with, in alphabetical
 * order, at most @limit. */
GStrv        crm_store_list_used_call_outcomes (CrmStore     *self,
                                                guint         limit,
                                                GError      **error);

G_END_DECLS
