/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "crm-activity"

#include "config.h"

#include "crm-activity.h"
#include "crm-tag-list.h"

/**
 * CrmActivity:
 *
 * Something that happened with a client: a call, a note, a meeting or
 * a task.
 *
 * Calls keep their direction, duration and either a recording or the
 * key points of the conversation.
 */
struct _CrmActivity
{
  GObject            parent_instance;

  gint64             id;
  CrmActivityKind    kind;
  gint64             contact_id;
  char              *contact_name;
  gint64             deal_id;
  gint64             user_id;
  char              *user_name;
  CrmCallDirection   direction;
  gint64             started_at;
  gint64             duration;
  char              *outcome;
  char              *key_points;
  gint64             recording_id;
  char              *recording_path;
  char              *tags;
  gint64             created_at;
  gint64             updated_at;
  gint64             deleted_at;
  char             **tag_list;
};

G_DEFINE_FINAL_TYPE (CrmActivity, crm_activity, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_KIND,
  PROP_CONTACT_ID,
  PROP_CONTACT_NAME,
  PROP_DEAL_ID,
  PROP_USER_ID,
  PROP_USER_NAME,
  PROP_DIRECTION,
  PROP_STARTED_AT,
  PROP_DURATION,
  PROP_OUTCOME,
  PROP_KEY_POINTS,
  PROP_RECORDING_ID,
  PROP_RECORDING_PATH,
  PROP_TAGS,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_DELETED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
crm_activity_finalize (GObject *object)
{
  CrmActivity *self = (CrmActivity *)object;

  g_clear_pointer (&self->contact_name, g_free);
  g_clear_pointer (&self->user_name, g_free);
  g_clear_pointer (&self->outcome, g_free);
  g_clear_pointer (&self->key_points, g_free);
  g_clear_pointer (&self->recording_path, g_free);
  g_clear_pointer (&self->tags, g_free);
  g_clear_pointer (&self->tag_list, g_strfreev);

  G_OBJECT_CLASS (crm_activity_parent_class)->finalize (object);
}

static void
crm_activity_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CrmActivity *self = CRM_ACTIVITY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, crm_activity_get_id (self));
      break;

    case PROP_KIND:
      g_value_set_int (value, crm_activity_get_kind (self));
      break;

    case PROP_CONTACT_ID:
      g_value_set_int64 (value, crm_activity_get_contact_id (self));
      break;

    case PROP_CONTACT_NAME:
      g_value_set_string (value, crm_activity_get_contact_name (self));
      break;

    case PROP_DEAL_ID:
      g_value_set_int64 (value, crm_activity_get_deal_id (self));
      break;

    case PROP_USER_ID:
      g_value_set_int64 (value, crm_activity_get_user_id (self));
      break;

    case PROP_USER_NAME:
      g_value_set_string (value, crm_activity_get_user_name (self));
      break;

    case PROP_DIRECTION:
      g_value_set_int (value, crm_activity_get_direction (self));
      break;

    case PROP_STARTED_AT:
      g_value_set_int64 (value, crm_activity_get_started_at (self));
      break;

    case PROP_DURATION:
      g_value_set_int64 (value, crm_activity_get_duration (self));
      break;

    case PROP_OUTCOME:
      g_value_set_string (value, crm_activity_get_outcome (self));
      break;

    case PROP_KEY_POINTS:
      g_value_set_string (value, crm_activity_get_key_points (self));
      break;

    case PROP_RECORDING_ID:
      g_value_set_int64 (value, crm_activity_get_recording_id (self));
      break;

    case PROP_RECORDING_PATH:
      g_value_set_string (value, crm_activity_get_recording_path (self));
      break;

    case PROP_TAGS:
      g_value_set_string (value, crm_activity_get_tags (self));
      break;

    case PROP_CREATED_AT:
      g_value_set_int64 (value, crm_activity_get_created_at (self));
      break;

    case PROP_UPDATED_AT:
      g_value_set_int64 (value, crm_activity_get_updated_at (self));
      break;

    case PROP_DELETED_AT:
      g_value_set_int64 (value, crm_activity_get_deleted_at (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_activity_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  CrmActivity *self = CRM_ACTIVITY (object);

  switch (prop_id)
    {
    case PROP_ID:
      crm_activity_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_KIND:
      crm_activity_set_kind (self, g_value_get_int (value));
      break;

    case PROP_CONTACT_ID:
      crm_activity_set_contact_id (self, g_value_get_int64 (value));
      break;

    case PROP_CONTACT_NAME:
      crm_activity_set_contact_name (self, g_value_get_string (value));
      break;

    case PROP_DEAL_ID:
      crm_activity_set_deal_id (self, g_value_get_int64 (value));
      break;

    case PROP_USER_ID:
      crm_activity_set_user_id (self, g_value_get_int64 (value));
      break;

    case PROP_USER_NAME:
      crm_activity_set_user_name (self, g_value_get_string (value));
      break;

    case PROP_DIRECTION:
      crm_activity_set_direction (self, g_value_get_int (value));
      break;

    case PROP_STARTED_AT:
      crm_activity_set_started_at (self, g_value_get_int64 (value));
      break;

    case PROP_DURATION:
      crm_activity_set_duration (self, g_value_get_int64 (value));
      break;

    case PROP_OUTCOME:
      crm_activity_set_outcome (self, g_value_get_string (value));
      break;

    case PROP_KEY_POINTS:
      crm_activity_set_key_points (self, g_value_get_string (value));
      break;

    case PROP_RECORDING_ID:
      crm_activity_set_recording_id (self, g_value_get_int64 (value));
      break;

    case PROP_RECORDING_PATH:
      crm_activity_set_recording_path (self, g_value_get_string (value));
      break;

    case PROP_TAGS:
      crm_activity_set_tags (self, g_value_get_string (value));
      break;

    case PROP_CREATED_AT:
      crm_activity_set_created_at (self, g_value_get_int64 (value));
      break;

    case PROP_UPDATED_AT:
      crm_activity_set_updated_at (self, g_value_get_int64 (value));
      break;

    case PROP_DELETED_AT:
      crm_activity_set_deleted_at (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_activity_class_init (CrmActivityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = crm_activity_finalize;
  object_class->get_property = crm_activity_get_property;
  object_class->set_property = crm_activity_set_property;

  /**
   * CrmActivity:id:
   *
   * The row id, 0 for an activity not saved yet.
   */
  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmActivity:kind:
   *
   * What kind of activity this is, a #CrmActivityKind.
   */
  properties[PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL,
                      CRM_ACTIVITY_CALL, CRM_ACTIVITY_TASK, CRM_ACTIVITY_CALL,
                      (G_PARAM_READWRITE |
                       G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS));

  /**
   * CrmActivity:contact-id:
   *
   * The id of the client, or 0.
   */
  properties[PROP_CONTACT_ID] =
    g_param_spec_int64 ("contact-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmActivity:contact-name:
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
   * CrmActivity:deal-id:
   *
   * The id of the deal the activity is about, or 0.
   */
  properties[PROP_DEAL_ID] =
    g_param_spec_int64 ("deal-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmActivity:user-id:
   *
   * The id of the employee who did it.
   */
  properties[PROP_USER_ID] =
    g_param_spec_int64 ("user-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmActivity:user-name:
   *
   * The name of the employee, for display.
   */
  properties[PROP_USER_NAME] =
    g_param_spec_string ("user-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * CrmActivity:direction:
   *
   * For calls, who called whom, a #CrmCallDirection.
   */
  properties[PROP_DIRECTION] =
    g_param_spec_int ("direction", NULL, NULL,
                      CRM_CALL_OUTGOING, CRM_CALL_INCOMING, CRM_CALL_OUTGOING,
                      (G_PARAM_READWRITE |
                       G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS));

  /**
   * CrmActivity:started-at:
   *
   * When the activity started, in UTC milliseconds.
   */
  properties[PROP_STARTED_AT] =
    g_param_spec_int64 ("started-at", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmActivity:duration:
   *
   * How long it lasted, in seconds.
   */
  properties[PROP_DURATION] =
    g_param_spec_int64 ("duration", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmActivity:outcome:
   *
   * The result, in a few words.
   */
  properties[PROP_OUTCOME] =
    g_param_spec_string ("outcome", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * CrmActivity:key-points:
   *
   * The key points of the conversation.
   */
  properties[PROP_KEY_POINTS] =
    g_param_spec_string ("key-points", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * CrmActivity:recording-id:
   *
   * The id of the attachment holding the recording of a call, or 0.
   */
  properties[PROP_RECORDING_ID] =
    g_param_spec_int64 ("recording-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmActivity:recording-path:
   *
   * The file of the recording, or %NULL.
   */
  properties[PROP_RECORDING_PATH] =
    g_param_spec_string ("recording-path", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * CrmActivity:tags:
   *
   * The tags as one string, their names joined with ", ". Setting it
   * splits it at commas into the tag list.
   */
  properties[PROP_TAGS] =
    g_param_spec_string ("tags", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * CrmActivity:created-at:
   *
   * When the activity was recorded, in UTC milliseconds.
   */
  properties[PROP_CREATED_AT] =
    g_param_spec_int64 ("created-at", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmActivity:updated-at:
   *
   * When the activity was last changed, in UTC milliseconds.
   */
  properties[PROP_UPDATED_AT] =
    g_param_spec_int64 ("updated-at", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmActivity:deleted-at:
   *
   * When the activity was moved to the trash, in UTC milliseconds, or 0.
   */
  properties[PROP_DELETED_AT] =
    g_param_spec_int64 ("deleted-at", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
crm_activity_init (CrmActivity *self)
{
  self->tag_list = g_new0 (char *, 1);
}

/**
 * crm_activity_new:
 *
 * Creates an empty activity with every property at its default.
 *
 * Returns: (transfer full): a new [class@Activity]
 */
CrmActivity *
crm_activity_new (void)
{
  return g_object_new (CRM_TYPE_ACTIVITY, NULL);
}

/**
 * crm_activity_copy:
 * @self: a [class@Activity]
 *
 * Makes a new activity with the same values, for example for an edit
 * form to change without touching the original.
 *
 * Returns: (transfer full): a deep copy of @self
 */
CrmActivity *
crm_activity_copy (CrmActivity *self)
{
  CrmActivity *copy;

  g_return_val_if_fail (CRM_IS_ACTIVITY (self), NULL);

  copy = crm_activity_new ();

  copy->id = self->id;
  copy->kind = self->kind;
  copy->contact_id = self->contact_id;
  copy->contact_name = g_strdup (self->contact_name);
  copy->deal_id = self->deal_id;
  copy->user_id = self->user_id;
  copy->user_name = g_strdup (self->user_name);
  copy->direction = self->direction;
  copy->started_at = self->started_at;
  copy->duration = self->duration;
  copy->outcome = g_strdup (self->outcome);
  copy->key_points = g_strdup (self->key_points);
  copy->recording_id = self->recording_id;
  copy->recording_path = g_strdup (self->recording_path);
  copy->tags = g_strdup (self->tags);
  copy->created_at = self->created_at;
  copy->updated_at = self->updated_at;
  copy->deleted_at = self->deleted_at;

  g_strfreev (copy->tag_list);
  copy->tag_list = g_strdupv (self->tag_list);

  return copy;
}

gint64
crm_activity_get_id (CrmActivity *self)
{
  g_return_val_if_fail (CRM_IS_ACTIVITY (self), 0);

  return self->id;
}

void
crm_activity_set_id (CrmActivity *self,
                     gint64       id)
{
  g_return_if_fail (CRM_IS_ACTIVITY (self));

  if (self->id == id)
    return;

  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

CrmActivityKind
crm_activity_get_kind (CrmActivity *self)
{
  g_return_val_if_fail (CRM_IS_ACTIVITY (self), CRM_ACTIVITY_CALL);

  return self->kind;
}

void
crm_activity_set_kind (CrmActivity     *self,
                       CrmActivityKind  kind)
{
  g_return_if_fail (CRM_IS_ACTIVITY (self));
  g_return_if_fail ((guint) kind <= CRM_ACTIVITY_TASK);

  if (self->kind == kind)
    return;

  self->kind = kind;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

gint64
crm_activity_get_contact_id (CrmActivity *self)
{
  g_return_val_if_fail (CRM_IS_ACTIVITY (self), 0);

  return self->contact_id;
}

void
crm_activity_set_contact_id (CrmActivity *self,
                             gint64       contact_id)
{
  g_return_if_fail (CRM_IS_ACTIVITY (self));

  if (self->contact_id == contact_id)
    return;

  self->contact_id = contact_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTACT_ID]);
}

const char *
crm_activity_get_contact_name (CrmActivity *self)
{
  g_return_val_if_fail (CRM_IS_ACTIVITY (self), NULL);

  return self->contact_name;
}

void
crm_activity_set_contact_name (CrmActivity *self,
                               const char  *contact_name)
{
  g_return_if_fail (CRM_IS_ACTIVITY (self));

  if (g_strcmp0 (self->contact_name, contact_name) != 0)
    {
      char *old = g_steal_pointer (&self->contact_name);

      self->contact_name = g_strdup (contact_name);
      g_free (old);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTACT_NAME]);
    }
}

gint64
crm_activity_get_deal_id (CrmActivity *self)
{
  g_return_val_if_fail (CRM_IS_ACTIVITY (self), 0);

  return self->deal_id;
}

void
crm_activity_set_deal_id (CrmActivity *self,
                          gint64       deal_id)
{
  g_return_if_fail (CRM_IS_ACTIVITY (self));

  if (self->deal_id == deal_id)
    return;

  self->deal_id = deal_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEAL_ID]);
}

gint64
crm_activity_get_user_id (CrmActivity *self)
{
  g_return_val_if_fail (CRM_IS_ACTIVITY (self), 0);

  return self->user_id;
}

void
crm_activity_set_user_id (CrmActivity *self,
                          gint64       user_id)
{
  g_return_if_fail (CRM_IS_ACTIVITY (self));

  if (self->user_id == user_id)
    return;

  self->user_id = user_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER_ID]);
}

const char *
crm_activity_get_user_name (CrmActivity *self)
{
  g_return_val_if_fail (CRM_IS_ACTIVITY (self), NULL);

  return self->user_name;
}

void
crm_activity_set_user_name (CrmActivity *self,
                            const char  *user_name)
{
  g_return_if_fail (CRM_IS_ACTIVITY (self));

  if (g_strcmp0 (self->user_name, user_name) != 0)
    {
      char *old = g_steal_pointer (&self->user_name);

      self->user_name = g_strdup (user_name);
      g_free (old);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER_NAME]);
    }
}

CrmCallDirection
crm_activity_get_direction (CrmActivity *self)
{
  g_return_val_if_fail (CRM_IS_ACTIVITY (self), CRM_CALL_OUTGOING);

  return self->direction;
}

void
crm_activity_set_direction (CrmActivity      *self,
                            CrmCallDirection  direction)
{
  g_return_if_fail (CRM_IS_ACTIVITY (self));
  g_return_if_fail ((guint) direction <= CRM_CALL_INCOMING);

  if (self->direction == direction)
    return;

  self->direction = direction;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRECTION]);
}

gint64
crm_activity_get_started_at (CrmActivity *self)
{
  g_return_val_if_fail (CRM_IS_ACTIVITY (self), 0);

  return self->started_at;
}

void
crm_activity_set_started_at (CrmActivity *self,
                             gint64       started_at)
{
  g_return_if_fail (CRM_IS_ACTIVITY (self));

  if (self->started_at == started_at)
    return;

  self->started_at = started_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STARTED_AT]);
}

gint64
crm_activity_get_duration (CrmActivity *self)
{
  g_return_val_if_fail (CRM_IS_ACTIVITY (self), 0);

  return self->duration;
}

void
crm_activity_set_duration (CrmActivity *self,
                           gint64       duration)
{
  g_return_if_fail (CRM_IS_ACTIVITY (self));

  if (self->duration == duration)
    return;

  self->duration = duration;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
}

const char *
crm_activity_get_outcome (CrmActivity *self)
{
  g_return_val_if_fail (CRM_IS_ACTIVITY (self), NULL);

  return self->outcome;
}

void
crm_activity_set_outcome (CrmActivity *self,
                          const char  *outcome)
{
  g_return_if_fail (CRM_IS_ACTIVITY (self));

  if (g_strcmp0 (self->outcome, outcome) != 0)
    {
      char *old = g_steal_pointer (&self->outcome);

      self->outcome = g_strdup (outcome);
      g_free (old);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTCOME]);
    }
}

const char *
crm_activity_get_key_points (CrmActivity *self)
{
  g_return_val_if_fail (CRM_IS_ACTIVITY (self), NULL);

  return self->key_points;
}

void
crm_activity_set_key_points (CrmActivity *self,
                             const char  *key_points)
{
  g_return_if_fail (CRM_IS_ACTIVITY (self));

  if (g_strcmp0 (self->key_points, key_points) != 0)
    {
      char *old = g_steal_pointer (&self->key_points);

      self->key_points = g_strdup (key_points);
      g_free (old);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEY_POINTS]);
    }
}

gint64
crm_activity_get_recording_id (CrmActivity *self)
{
  g_return_val_if_fail (CRM_IS_ACTIVITY (self), 0);

  return self->recording_id;
}

void
crm_activity_set_recording_id (CrmActivity *self,
                               gint64       recording_id)
{
  g_return_if_fail (CRM_IS_ACTIVITY (self));

  if (self->recording_id == recording_id)
    return;

  self->recording_id = recording_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING_ID]);
}

const char *
crm_activity_get_recording_path (CrmActivity *self)
{
  g_return_val_if_fail (CRM_IS_ACTIVITY (self), NULL);

  return self->recording_path;
}

void
crm_activity_set_recording_path (CrmActivity *self,
                                 const char  *recording_path)
{
  g_return_if_fail (CRM_IS_ACTIVITY (self));

  if (g_strcmp0 (self->recording_path, recording_path) != 0)
    {
      char *old = g_steal_pointer (&self->recording_path);

      self->recording_path = g_strdup (recording_path);
      g_free (old);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORDING_PATH]);
    }
}

const char *
crm_activity_get_tags (CrmActivity *self)
{
  g_return_val_if_fail (CRM_IS_ACTIVITY (self), NULL);

  return self->tags;
}

void
crm_activity_set_tags (CrmActivity *self,
                       const char  *tags)
{
  g_return_if_fail (CRM_IS_ACTIVITY (self));

  if (_crm_tag_list_update (&self->tag_list, &self->tags,
                            _crm_tag_list_parse (tags)))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TAGS]);
}

gint64
crm_activity_get_created_at (CrmActivity *self)
{
  g_return_val_if_fail (CRM_IS_ACTIVITY (self), 0);

  return self->created_at;
}

void
crm_activity_set_created_at (CrmActivity *self,
                             gint64       created_at)
{
  g_return_if_fail (CRM_IS_ACTIVITY (self));

  if (self->created_at == created_at)
    return;

  self->created_at = created_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED_AT]);
}

gint64
crm_activity_get_updated_at (CrmActivity *self)
{
  g_return_val_if_fail (CRM_IS_ACTIVITY (self), 0);

  return self->updated_at;
}

void
crm_activity_set_updated_at (CrmActivity *self,
                             gint64       updated_at)
{
  g_return_if_fail (CRM_IS_ACTIVITY (self));

  if (self->updated_at == updated_at)
    return;

  self->updated_at = updated_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED_AT]);
}

gint64
crm_activity_get_deleted_at (CrmActivity *self)
{
  g_return_val_if_fail (CRM_IS_ACTIVITY (self), 0);

  return self->deleted_at;
}

void
crm_activity_set_deleted_at (CrmActivity *self,
                             gint64       deleted_at)
{
  g_return_if_fail (CRM_IS_ACTIVITY (self));

  if (self->deleted_at == deleted_at)
    return;

  self->deleted_at = deleted_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELETED_AT]);
}

/**
 * crm_activity_get_tag_list:
 * @self: a [class@Activity]
 *
 * Gets the names of the tags of @self, in the order they were given.
 *
 * Returns: (transfer none) (array zero-terminated=1): the tag names,
 *   never %NULL
 */
char **
crm_activity_get_tag_list (CrmActivity *self)
{
  g_return_val_if_fail (CRM_IS_ACTIVITY (self), NULL);

  return self->tag_list;
}

/**
 * crm_activity_set_tag_list:
 * @self: a [class@Activity]
 * @tags: (nullable) (array zero-terminated=1): tag names
 *
 * Replaces the tags of @self. Names are trimmed, empty and repeated
 * names dropped, and [property@Activity:tags] is updated to match.
 */
void
crm_activity_set_tag_list (CrmActivity        *self,
                           const char * const *tags)
{
  g_return_if_fail (CRM_IS_ACTIVITY (self));

  if (_crm_tag_list_update (&self->tag_list, &self->tags,
                            _crm_tag_list_normalize (tags)))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TAGS]);
}
