/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "crm-reminder"

#include "config.h"

#include "crm-reminder.h"

/**
 * CrmReminder:
 *
 * A reminder to call or see a client at a given time.
 *
 * A snoozed reminder falls due again at [property@Reminder:snoozed-until];
 * [property@Reminder:effective-due] is the time that counts.
 */
struct _CrmReminder
{
  GObject  parent_instance;

  gint64   id;
  gint64   contact_id;
  char    *contact_name;
  char    *contact_phone;
  gint64   deal_id;
  char    *deal_title;
  gint64   assignee_id;
  char    *assignee_name;
  gint64   due_at;
  char    *note;
  gint64   done_at;
  gint64   snoozed_until;
  gint64   notified_at;
  gint64   created_by;
  gint64   created_at;
  gint64   updated_at;
  gint64   deleted_at;
};

G_DEFINE_FINAL_TYPE (CrmReminder, crm_reminder, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CONTACT_ID,
  PROP_CONTACT_NAME,
  PROP_CONTACT_PHONE,
  PROP_DEAL_ID,
  PROP_DEAL_TITLE,
  PROP_ASSIGNEE_ID,
  PROP_ASSIGNEE_NAME,
  PROP_DUE_AT,
  PROP_NOTE,
  PROP_DONE_AT,
  PROP_SNOOZED_UNTIL,
  PROP_NOTIFIED_AT,
  PROP_CREATED_BY,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_DELETED_AT,
  PROP_EFFECTIVE_DUE,
  PROP_IS_DONE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
crm_reminder_finalize (GObject *object)
{
  CrmReminder *self = (CrmReminder *)object;

  g_clear_pointer (&self->contact_name, g_free);
  g_clear_pointer (&self->contact_phone, g_free);
  g_clear_pointer (&self->deal_title, g_free);
  g_clear_pointer (&self->assignee_name, g_free);
  g_clear_pointer (&self->note, g_free);

  G_OBJECT_CLASS (crm_reminder_parent_class)->finalize (object);
}

static void
crm_reminder_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CrmReminder *self = CRM_REMINDER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, crm_reminder_get_id (self));
      break;

    case PROP_CONTACT_ID:
      g_value_set_int64 (value, crm_reminder_get_contact_id (self));
      break;

    case PROP_CONTACT_NAME:
      g_value_set_string (value, crm_reminder_get_contact_name (self));
      break;

    case PROP_CONTACT_PHONE:
      g_value_set_string (value, crm_reminder_get_contact_phone (self));
      break;

    case PROP_DEAL_ID:
      g_value_set_int64 (value, crm_reminder_get_deal_id (self));
      break;

    case PROP_DEAL_TITLE:
      g_value_set_string (value, crm_reminder_get_deal_title (self));
      break;

    case PROP_ASSIGNEE_ID:
      g_value_set_int64 (value, crm_reminder_get_assignee_id (self));
      break;

    case PROP_ASSIGNEE_NAME:
      g_value_set_string (value, crm_reminder_get_assignee_name (self));
      break;

    case PROP_DUE_AT:
      g_value_set_int64 (value, crm_reminder_get_due_at (self));
      break;

    case PROP_NOTE:
      g_value_set_string (value, crm_reminder_get_note (self));
      break;

    case PROP_DONE_AT:
      g_value_set_int64 (value, crm_reminder_get_done_at (self));
      break;

    case PROP_SNOOZED_UNTIL:
      g_value_set_int64 (value, crm_reminder_get_snoozed_until (self));
      break;

    case PROP_NOTIFIED_AT:
      g_value_set_int64 (value, crm_reminder_get_notified_at (self));
      break;

    case PROP_CREATED_BY:
      g_value_set_int64 (value, crm_reminder_get_created_by (self));
      break;

    case PROP_CREATED_AT:
      g_value_set_int64 (value, crm_reminder_get_created_at (self));
      break;

    case PROP_UPDATED_AT:
      g_value_set_int64 (value, crm_reminder_get_updated_at (self));
      break;

    case PROP_DELETED_AT:
      g_value_set_int64 (value, crm_reminder_get_deleted_at (self));
      break;

    case PROP_EFFECTIVE_DUE:
      g_value_set_int64 (value, crm_reminder_get_effective_due (self));
      break;

    case PROP_IS_DONE:
      g_value_set_boolean (value, crm_reminder_get_is_done (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_reminder_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  CrmReminder *self = CRM_REMINDER (object);

  switch (prop_id)
    {
    case PROP_ID:
      crm_reminder_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_CONTACT_ID:
      crm_reminder_set_contact_id (self, g_value_get_int64 (value));
      break;

    case PROP_CONTACT_NAME:
      crm_reminder_set_contact_name (self, g_value_get_string (value));
      break;

    case PROP_CONTACT_PHONE:
      crm_reminder_set_contact_phone (self, g_value_get_string (value));
      break;

    case PROP_DEAL_ID:
      crm_reminder_set_deal_id (self, g_value_get_int64 (value));
      break;

    case PROP_DEAL_TITLE:
      crm_reminder_set_deal_title (self, g_value_get_string (value));
      break;

    case PROP_ASSIGNEE_ID:
      crm_reminder_set_assignee_id (self, g_value_get_int64 (value));
      break;

    case PROP_ASSIGNEE_NAME:
      crm_reminder_set_assignee_name (self, g_value_get_string (value));
      break;

    case PROP_DUE_AT:
      crm_reminder_set_due_at (self, g_value_get_int64 (value));
      break;

    case PROP_NOTE:
      crm_reminder_set_note (self, g_value_get_string (value));
      break;

    case PROP_DONE_AT:
      crm_reminder_set_done_at (self, g_value_get_int64 (value));
      break;

    case PROP_SNOOZED_UNTIL:
      crm_reminder_set_snoozed_until (self, g_value_get_int64 (value));
      break;

    case PROP_NOTIFIED_AT:
      crm_reminder_set_notified_at (self, g_value_get_int64 (value));
      break;

    case PROP_CREATED_BY:
      crm_reminder_set_created_by (self, g_value_get_int64 (value));
      break;

    case PROP_CREATED_AT:
      crm_reminder_set_created_at (self, g_value_get_int64 (value));
      break;

    case PROP_UPDATED_AT:
      crm_reminder_set_updated_at (self, g_value_get_int64 (value));
      break;

    case PROP_DELETED_AT:
      crm_reminder_set_deleted_at (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_reminder_class_init (CrmReminderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = crm_reminder_finalize;
  object_class->get_property = crm_reminder_get_property;
  object_class->set_property = crm_reminder_set_property;

  /**
   * CrmReminder:id:
   *
   * The row id, 0 for a reminder not saved yet.
   */
  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmReminder:contact-id:
   *
   * The id of the client to contact, or 0.
   */
  properties[PROP_CONTACT_ID] =
    g_param_spec_int64 ("contact-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmReminder:contact-name:
   *
   * The name of the client, for display.
   */
  properties[PROP_CONTACT_NAME] =
    g_param_spec_string ("contact-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * CrmReminder:contact-phone:
   *
   * The phone number to call, formatted for display.
   */
  properties[PROP_CONTACT_PHONE] =
    g_param_spec_string ("contact-phone", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * CrmReminder:deal-id:
   *
   * The id of the deal the reminder is about, or 0.
   */
  properties[PROP_DEAL_ID] =
    g_param_spec_int64 ("deal-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmReminder:deal-title:
   *
   * The title of the deal, for display.
   */
  properties[PROP_DEAL_TITLE] =
    g_param_spec_string ("deal-title", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * CrmReminder:assignee-id:
   *
   * The id of the employee to remind.
   */
  properties[PROP_ASSIGNEE_ID] =
    g_param_spec_int64 ("assignee-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmReminder:assignee-name:
   *
   * The name of the employee to remind, for display.
   */
  properties[PROP_ASSIGNEE_NAME] =
    g_param_spec_string ("assignee-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * CrmReminder:due-at:
   *
   * When the reminder falls due, in UTC milliseconds.
   */
  properties[PROP_DUE_AT] =
    g_param_spec_int64 ("due-at", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmReminder:note:
   *
   * What to do or say.
   */
  properties[PROP_NOTE] =
    g_param_spec_string ("note", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * CrmReminder:done-at:
   *
   * When the reminder was done, in UTC milliseconds, or 0 while it is not done.
   */
  properties[PROP_DONE_AT] =
    g_param_spec_int64 ("done-at", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmReminder:snoozed-until:
   *
   * When a snoozed reminder falls due again, in UTC milliseconds, or 0.
   */
  properties[PROP_SNOOZED_UNTIL] =
    g_param_spec_int64 ("snoozed-until", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmReminder:notified-at:
   *
   * When a notification was last shown for it, in UTC milliseconds, or 0.
   */
  properties[PROP_NOTIFIED_AT] =
    g_param_spec_int64 ("notified-at", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmReminder:created-by:
   *
   * The id of the employee who set the reminder.
   */
  properties[PROP_CREATED_BY] =
    g_param_spec_int64 ("created-by", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmReminder:created-at:
   *
   * When the reminder was created, in UTC milliseconds.
   */
  properties[PROP_CREATED_AT] =
    g_param_spec_int64 ("created-at", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmReminder:updated-at:
   *
   * When the reminder was last changed, in UTC milliseconds.
   */
  properties[PROP_UPDATED_AT] =
    g_param_spec_int64 ("updated-at", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmReminder:deleted-at:
   *
   * When the reminder was moved to the trash, in UTC milliseconds, or 0.
   */
  properties[PROP_DELETED_AT] =
    g_param_spec_int64 ("deleted-at", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmReminder:effective-due:
   *
   * When the reminder really falls due: [property@Reminder:snoozed-until]
   * when it is set and later than [property@Reminder:due-at], else
   * [property@Reminder:due-at].
   */
  properties[PROP_EFFECTIVE_DUE] =
    g_param_spec_int64 ("effective-due", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmReminder:is-done:
   *
   * Whether the reminder was done, that is whether
   * [property@Reminder:done-at] is set.
   */
  properties[PROP_IS_DONE] =
    g_param_spec_boolean ("is-done", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
crm_reminder_init (CrmReminder *self)
{
}

/**
 * crm_reminder_new:
 *
 * Creates an empty reminder with every property at its default.
 *
 * Returns: (transfer full): a new [class@Reminder]
 */
CrmReminder *
crm_reminder_new (void)
{
  return g_object_new (CRM_TYPE_REMINDER, NULL);
}

/**
 * crm_reminder_copy:
 * @self: a [class@Reminder]
 *
 * Makes a new reminder with the same values, for example for an edit
 * form to change without touching the original.
 *
 * Returns: (transfer full): a deep copy of @self
 */
CrmReminder *
crm_reminder_copy (CrmReminder *self)
{
  CrmReminder *copy;

  g_return_val_if_fail (CRM_IS_REMINDER (self), NULL);

  copy = crm_reminder_new ();

  copy->id = self->id;
  copy->contact_id = self->contact_id;
  copy->contact_name = g_strdup (self->contact_name);
  copy->contact_phone = g_strdup (self->contact_phone);
  copy->deal_id = self->deal_id;
  copy->deal_title = g_strdup (self->deal_title);
  copy->assignee_id = self->assignee_id;
  copy->assignee_name = g_strdup (self->assignee_name);
  copy->due_at = self->due_at;
  copy->note = g_strdup (self->note);
  copy->done_at = self->done_at;
  copy->snoozed_until = self->snoozed_until;
  copy->notified_at = self->notified_at;
  copy->created_by = self->created_by;
  copy->created_at = self->created_at;
  copy->updated_at = self->updated_at;
  copy->deleted_at = self->deleted_at;

  return copy;
}

gint64
crm_reminder_get_id (CrmReminder *self)
{
  g_return_val_if_fail (CRM_IS_REMINDER (self), 0);

  return self->id;
}

void
crm_reminder_set_id (CrmReminder *self,
                     gint64       id)
{
  g_return_if_fail (CRM_IS_REMINDER (self));

  if (self->id == id)
    return;

  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

gint64
crm_reminder_get_contact_id (CrmReminder *self)
{
  g_return_val_if_fail (CRM_IS_REMINDER (self), 0);

  return self->contact_id;
}

void
crm_reminder_set_contact_id (CrmReminder *self,
                             gint64       contact_id)
{
  g_return_if_fail (CRM_IS_REMINDER (self));

  if (self->contact_id == contact_id)
    return;

  self->contact_id = contact_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTACT_ID]);
}

const char *
crm_reminder_get_contact_name (CrmReminder *self)
{
  g_return_val_if_fail (CRM_IS_REMINDER (self), NULL);

  return self->contact_name;
}

void
crm_reminder_set_contact_name (CrmReminder *self,
                               const char  *contact_name)
{
  g_return_if_fail (CRM_IS_REMINDER (self));

  if (g_strcmp0 (self->contact_name, contact_name) != 0)
    {
      char *old = g_steal_pointer (&self->contact_name);

      self->contact_name = g_strdup (contact_name);
      g_free (old);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTACT_NAME]);
    }
}

const char *
crm_reminder_get_contact_phone (CrmReminder *self)
{
  g_return_val_if_fail (CRM_IS_REMINDER (self), NULL);

  return self->contact_phone;
}

void
crm_reminder_set_contact_phone (CrmReminder *self,
                                const char  *contact_phone)
{
  g_return_if_fail (CRM_IS_REMINDER (self));

  if (g_strcmp0 (self->contact_phone, contact_phone) != 0)
    {
      char *old = g_steal_pointer (&self->contact_phone);

      self->contact_phone = g_strdup (contact_phone);
      g_free (old);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTACT_PHONE]);
    }
}

gint64
crm_reminder_get_deal_id (CrmReminder *self)
{
  g_return_val_if_fail (CRM_IS_REMINDER (self), 0);

  return self->deal_id;
}

void
crm_reminder_set_deal_id (CrmReminder *self,
                          gint64       deal_id)
{
  g_return_if_fail (CRM_IS_REMINDER (self));

  if (self->deal_id == deal_id)
    return;

  self->deal_id = deal_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEAL_ID]);
}

const char *
crm_reminder_get_deal_title (CrmReminder *self)
{
  g_return_val_if_fail (CRM_IS_REMINDER (self), NULL);

  return self->deal_title;
}

void
crm_reminder_set_deal_title (CrmReminder *self,
                             const char  *deal_title)
{
  g_return_if_fail (CRM_IS_REMINDER (self));

  if (g_strcmp0 (self->deal_title, deal_title) != 0)
    {
      char *old = g_steal_pointer (&self->deal_title);

      self->deal_title = g_strdup (deal_title);
      g_free (old);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEAL_TITLE]);
    }
}

gint64
crm_reminder_get_assignee_id (CrmReminder *self)
{
  g_return_val_if_fail (CRM_IS_REMINDER (self), 0);

  return self->assignee_id;
}

void
crm_reminder_set_assignee_id (CrmReminder *self,
                              gint64       assignee_id)
{
  g_return_if_fail (CRM_IS_REMINDER (self));

  if (self->assignee_id == assignee_id)
    return;

  self->assignee_id = assignee_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ASSIGNEE_ID]);
}

const char *
crm_reminder_get_assignee_name (CrmReminder *self)
{
  g_return_val_if_fail (CRM_IS_REMINDER (self), NULL);

  return self->assignee_name;
}

void
crm_reminder_set_assignee_name (CrmReminder *self,
                                const char  *assignee_name)
{
  g_return_if_fail (CRM_IS_REMINDER (self));

  if (g_strcmp0 (self->assignee_name, assignee_name) != 0)
    {
      char *old = g_steal_pointer (&self->assignee_name);

      self->assignee_name = g_strdup (assignee_name);
      g_free (old);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ASSIGNEE_NAME]);
    }
}

gint64
crm_reminder_get_due_at (CrmReminder *self)
{
  g_return_val_if_fail (CRM_IS_REMINDER (self), 0);

  return self->due_at;
}

void
crm_reminder_set_due_at (CrmReminder *self,
                         gint64       due_at)
{
  gint64 old_due;

  g_return_if_fail (CRM_IS_REMINDER (self));

  if (self->due_at == due_at)
    return;

  old_due = crm_reminder_get_effective_due (self);
  self->due_at = due_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DUE_AT]);

  if (crm_reminder_get_effective_due (self) != old_due)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EFFECTIVE_DUE]);
}

const char *
crm_reminder_get_note (CrmReminder *self)
{
  g_return_val_if_fail (CRM_IS_REMINDER (self), NULL);

  return self->note;
}

void
crm_reminder_set_note (CrmReminder *self,
                       const char  *note)
{
  g_return_if_fail (CRM_IS_REMINDER (self));

  if (g_strcmp0 (self->note, note) != 0)
    {
      char *old = g_steal_pointer (&self->note);

      self->note = g_strdup (note);
      g_free (old);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTE]);
    }
}

gint64
crm_reminder_get_done_at (CrmReminder *self)
{
  g_return_val_if_fail (CRM_IS_REMINDER (self), 0);

  return self->done_at;
}

void
crm_reminder_set_done_at (CrmReminder *self,
                          gint64       done_at)
{
  gboolean was_done;

  g_return_if_fail (CRM_IS_REMINDER (self));

  if (self->done_at == done_at)
    return;

  was_done = crm_reminder_get_is_done (self);
  self->done_at = done_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DONE_AT]);

  if (crm_reminder_get_is_done (self) != was_done)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_DONE]);
}

gint64
crm_reminder_get_snoozed_until (CrmReminder *self)
{
  g_return_val_if_fail (CRM_IS_REMINDER (self), 0);

  return self->snoozed_until;
}

void
crm_reminder_set_snoozed_until (CrmReminder *self,
                                gint64       snoozed_until)
{
  gint64 old_due;

  g_return_if_fail (CRM_IS_REMINDER (self));

  if (self->snoozed_until == snoozed_until)
    return;

  old_due = crm_reminder_get_effective_due (self);
  self->snoozed_until = snoozed_until;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SNOOZED_UNTIL]);

  if (crm_reminder_get_effective_due (self) != old_due)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EFFECTIVE_DUE]);
}

gint64
crm_reminder_get_notified_at (CrmReminder *self)
{
  g_return_val_if_fail (CRM_IS_REMINDER (self), 0);

  return self->notified_at;
}

void
crm_reminder_set_notified_at (CrmReminder *self,
                              gint64       notified_at)
{
  g_return_if_fail (CRM_IS_REMINDER (self));

  if (self->notified_at == notified_at)
    return;

  self->notified_at = notified_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTIFIED_AT]);
}

gint64
crm_reminder_get_created_by (CrmReminder *self)
{
  g_return_val_if_fail (CRM_IS_REMINDER (self), 0);

  return self->created_by;
}

void
crm_reminder_set_created_by (CrmReminder *self,
                             gint64       created_by)
{
  g_return_if_fail (CRM_IS_REMINDER (self));

  if (self->created_by == created_by)
    return;

  self->created_by = created_by;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED_BY]);
}

gint64
crm_reminder_get_created_at (CrmReminder *self)
{
  g_return_val_if_fail (CRM_IS_REMINDER (self), 0);

  return self->created_at;
}

void
crm_reminder_set_created_at (CrmReminder *self,
                             gint64       created_at)
{
  g_return_if_fail (CRM_IS_REMINDER (self));

  if (self->created_at == created_at)
    return;

  self->created_at = created_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED_AT]);
}

gint64
crm_reminder_get_updated_at (CrmReminder *self)
{
  g_return_val_if_fail (CRM_IS_REMINDER (self), 0);

  return self->updated_at;
}

void
crm_reminder_set_updated_at (CrmReminder *self,
                             gint64       updated_at)
{
  g_return_if_fail (CRM_IS_REMINDER (self));

  if (self->updated_at == updated_at)
    return;

  self->updated_at = updated_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED_AT]);
}

gint64
crm_reminder_get_deleted_at (CrmReminder *self)
{
  g_return_val_if_fail (CRM_IS_REMINDER (self), 0);

  return self->deleted_at;
}

void
crm_reminder_set_deleted_at (CrmReminder *self,
                             gint64       deleted_at)
{
  g_return_if_fail (CRM_IS_REMINDER (self));

  if (self->deleted_at == deleted_at)
    return;

  self->deleted_at = deleted_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELETED_AT]);
}

/**
 * crm_reminder_get_effective_due:
 * @self: a [class@Reminder]
 *
 * Gets when @self really falls due: the end of its snooze when it was
 * snoozed past its due time, else its due time.
 *
 * Returns: the time in UTC milliseconds
 */
gint64
crm_reminder_get_effective_due (CrmReminder *self)
{
  g_return_val_if_fail (CRM_IS_REMINDER (self), 0);

  if (self->snoozed_until != 0 && self->snoozed_until > self->due_at)
    return self->snoozed_until;

  return self->due_at;
}

/**
 * crm_reminder_get_is_done:
 * @self: a [class@Reminder]
 *
 * Gets whether @self was done.
 *
 * Returns: %TRUE when [property@Reminder:done-at] is set
 */
gboolean
crm_reminder_get_is_done (CrmReminder *self)
{
  g_return_val_if_fail (CRM_IS_REMINDER (self), FALSE);

  return self->done_at != 0;
}
