/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "crm-deal"

#include "config.h"

#include "crm-deal.h"
#include "crm-tag-list.h"

/**
 * CrmDeal:
 *
 * A deal with a client, in one stage of a pipeline.
 *
 * Amounts are integers in the minor units of [property@Deal:currency].
 */
struct _CrmDeal
{
  GObject        parent_instance;

  gint64         id;
  char          *title;
  gint64         contact_id;
  char          *contact_name;
  gint64         amount;
  char          *currency;
  gint64         stage_id;
  char          *stage_name;
  CrmStageKind   stage_kind;
  gint64         pipeline_id;
  gint64         position;
  gint64         owner_id;
  char          *owner_name;
  char          *expected_close;
  char          *lost_reason;
  gint64         next_reminder_at;
  char          *tags;
  gint64         created_at;
  gint64         updated_at;
  gint64         stage_changed_at;
  gint64         deleted_at;
  char         **tag_list;
};

G_DEFINE_FINAL_TYPE (CrmDeal, crm_deal, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_CONTACT_ID,
  PROP_CONTACT_NAME,
  PROP_AMOUNT,
  PROP_CURRENCY,
  PROP_STAGE_ID,
  PROP_STAGE_NAME,
  PROP_STAGE_KIND,
  PROP_PIPELINE_ID,
  PROP_POSITION,
  PROP_OWNER_ID,
  PROP_OWNER_NAME,
  PROP_EXPECTED_CLOSE,
  PROP_LOST_REASON,
  PROP_NEXT_REMINDER_AT,
  PROP_TAGS,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_STAGE_CHANGED_AT,
  PROP_DELETED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
crm_deal_finalize (GObject *object)
{
  CrmDeal *self = (CrmDeal *)object;

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->contact_name, g_free);
  g_clear_pointer (&self->currency, g_free);
  g_clear_pointer (&self->stage_name, g_free);
  g_clear_pointer (&self->owner_name, g_free);
  g_clear_pointer (&self->expected_close, g_free);
  g_clear_pointer (&self->lost_reason, g_free);
  g_clear_pointer (&self->tags, g_free);
  g_clear_pointer (&self->tag_list, g_strfreev);

  G_OBJECT_CLASS (crm_deal_parent_class)->finalize (object);
}

static void
crm_deal_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  CrmDeal *self = CRM_DEAL (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, crm_deal_get_id (self));
      break;

    case PROP_TITLE:
      g_value_set_string (value, crm_deal_get_title (self));
      break;

    case PROP_CONTACT_ID:
      g_value_set_int64 (value, crm_deal_get_contact_id (self));
      break;

    case PROP_CONTACT_NAME:
      g_value_set_string (value, crm_deal_get_contact_name (self));
      break;

    case PROP_AMOUNT:
      g_value_set_int64 (value, crm_deal_get_amount (self));
      break;

    case PROP_CURRENCY:
      g_value_set_string (value, crm_deal_get_currency (self));
      break;

    case PROP_STAGE_ID:
      g_value_set_int64 (value, crm_deal_get_stage_id (self));
      break;

    case PROP_STAGE_NAME:
      g_value_set_string (value, crm_deal_get_stage_name (self));
      break;

    case PROP_STAGE_KIND:
      g_value_set_int (value, crm_deal_get_stage_kind (self));
      break;

    case PROP_PIPELINE_ID:
      g_value_set_int64 (value, crm_deal_get_pipeline_id (self));
      break;

    case PROP_POSITION:
      g_value_set_int64 (value, crm_deal_get_position (self));
      break;

    case PROP_OWNER_ID:
      g_value_set_int64 (value, crm_deal_get_owner_id (self));
      break;

    case PROP_OWNER_NAME:
      g_value_set_string (value, crm_deal_get_owner_name (self));
      break;

    case PROP_EXPECTED_CLOSE:
      g_value_set_string (value, crm_deal_get_expected_close (self));
      break;

    case PROP_LOST_REASON:
      g_value_set_string (value, crm_deal_get_lost_reason (self));
      break;

    case PROP_NEXT_REMINDER_AT:
      g_value_set_int64 (value, crm_deal_get_next_reminder_at (self));
      break;

    case PROP_TAGS:
      g_value_set_string (value, crm_deal_get_tags (self));
      break;

    case PROP_CREATED_AT:
      g_value_set_int64 (value, crm_deal_get_created_at (self));
      break;

    case PROP_UPDATED_AT:
      g_value_set_int64 (value, crm_deal_get_updated_at (self));
      break;

    case PROP_STAGE_CHANGED_AT:
      g_value_set_int64 (value, crm_deal_get_stage_changed_at (self));
      break;

    case PROP_DELETED_AT:
      g_value_set_int64 (value, crm_deal_get_deleted_at (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_deal_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  CrmDeal *self = CRM_DEAL (object);

  switch (prop_id)
    {
    case PROP_ID:
      crm_deal_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_TITLE:
      crm_deal_set_title (self, g_value_get_string (value));
      break;

    case PROP_CONTACT_ID:
      crm_deal_set_contact_id (self, g_value_get_int64 (value));
      break;

    case PROP_CONTACT_NAME:
      crm_deal_set_contact_name (self, g_value_get_string (value));
      break;

    case PROP_AMOUNT:
      crm_deal_set_amount (self, g_value_get_int64 (value));
      break;

    case PROP_CURRENCY:
      crm_deal_set_currency (self, g_value_get_string (value));
      break;

    case PROP_STAGE_ID:
      crm_deal_set_stage_id (self, g_value_get_int64 (value));
      break;

    case PROP_STAGE_NAME:
      crm_deal_set_stage_name (self, g_value_get_string (value));
      break;

    case PROP_STAGE_KIND:
      crm_deal_set_stage_kind (self, g_value_get_int (value));
      break;

    case PROP_PIPELINE_ID:
      crm_deal_set_pipeline_id (self, g_value_get_int64 (value));
      break;

    case PROP_POSITION:
      crm_deal_set_position (self, g_value_get_int64 (value));
      break;

    case PROP_OWNER_ID:
      crm_deal_set_owner_id (self, g_value_get_int64 (value));
      break;

    case PROP_OWNER_NAME:
      crm_deal_set_owner_name (self, g_value_get_string (value));
      break;

    case PROP_EXPECTED_CLOSE:
      crm_deal_set_expected_close (self, g_value_get_string (value));
      break;

    case PROP_LOST_REASON:
      crm_deal_set_lost_reason (self, g_value_get_string (value));
      break;

    case PROP_NEXT_REMINDER_AT:
      crm_deal_set_next_reminder_at (self, g_value_get_int64 (value));
      break;

    case PROP_TAGS:
      crm_deal_set_tags (self, g_value_get_string (value));
      break;

    case PROP_CREATED_AT:
      crm_deal_set_created_at (self, g_value_get_int64 (value));
      break;

    case PROP_UPDATED_AT:
      crm_deal_set_updated_at (self, g_value_get_int64 (value));
      break;

    case PROP_STAGE_CHANGED_AT:
      crm_deal_set_stage_changed_at (self, g_value_get_int64 (value));
      break;

    case PROP_DELETED_AT:
      crm_deal_set_deleted_at (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_deal_class_init (CrmDealClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = crm_deal_finalize;
  object_class->get_property = crm_deal_get_property;
  object_class->set_property = crm_deal_set_property;

  /**
   * CrmDeal:id:
   *
   * The row id, 0 for a deal not saved yet.
   */
  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmDeal:title:
   *
   * What the deal is about.
   */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * CrmDeal:contact-id:
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
   * CrmDeal:contact-name:
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
   * CrmDeal:amount:
   *
   * The value of the deal in minor units of the currency.
   */
  properties[PROP_AMOUNT] =
    g_param_spec_int64 ("amount", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmDeal:currency:
   *
   * The ISO 4217 code of the currency, `EUR` unless set.
   */
  properties[PROP_CURRENCY] =
    g_param_spec_string ("currency", NULL, NULL,
                         "EUR",
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * CrmDeal:stage-id:
   *
   * The id of the stage the deal is in.
   */
  properties[PROP_STAGE_ID] =
    g_param_spec_int64 ("stage-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmDeal:stage-name:
   *
   * The name of the stage, for display.
   */
  properties[PROP_STAGE_NAME] =
    g_param_spec_string ("stage-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * CrmDeal:stage-kind:
   *
   * Whether the stage is open, won or lost, a #CrmStageKind.
   */
  properties[PROP_STAGE_KIND] =
    g_param_spec_int ("stage-kind", NULL, NULL,
                      CRM_STAGE_OPEN, CRM_STAGE_LOST, CRM_STAGE_OPEN,
                      (G_PARAM_READWRITE |
                       G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS));

  /**
   * CrmDeal:pipeline-id:
   *
   * The id of the pipeline of the stage.
   */
  properties[PROP_PIPELINE_ID] =
    g_param_spec_int64 ("pipeline-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmDeal:position:
   *
   * The order of the deal within its stage on the board.
   */
  properties[PROP_POSITION] =
    g_param_spec_int64 ("position", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmDeal:owner-id:
   *
   * The id of the employee responsible for the deal, or 0.
   */
  properties[PROP_OWNER_ID] =
    g_param_spec_int64 ("owner-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmDeal:owner-name:
   *
   * The name of the responsible employee, for display.
   */
  properties[PROP_OWNER_NAME] =
    g_param_spec_string ("owner-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * CrmDeal:expected-close:
   *
   * When the deal is expected to close, as `YYYY-MM-DD`, or %NULL.
   */
  properties[PROP_EXPECTED_CLOSE] =
    g_param_spec_string ("expected-close", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * CrmDeal:lost-reason:
   *
   * Why the deal was lost, or %NULL.
   */
  properties[PROP_LOST_REASON] =
    g_param_spec_string ("lost-reason", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * CrmDeal:next-reminder-at:
   *
   * When the next open reminder about the deal is due, in UTC milliseconds, or 0 for none.
   */
  properties[PROP_NEXT_REMINDER_AT] =
    g_param_spec_int64 ("next-reminder-at", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmDeal:tags:
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
   * CrmDeal:created-at:
   *
   * When the deal was created, in UTC milliseconds.
   */
  properties[PROP_CREATED_AT] =
    g_param_spec_int64 ("created-at", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmDeal:updated-at:
   *
   * When the deal was last changed, in UTC milliseconds.
   */
  properties[PROP_UPDATED_AT] =
    g_param_spec_int64 ("updated-at", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmDeal:stage-changed-at:
   *
   * When the deal entered its current stage, in UTC milliseconds.
   */
  properties[PROP_STAGE_CHANGED_AT] =
    g_param_spec_int64 ("stage-changed-at", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmDeal:deleted-at:
   *
   * When the deal was moved to the trash, in UTC milliseconds, or 0.
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
crm_deal_init (CrmDeal *self)
{
  self->currency = g_strdup ("EUR");
  self->tag_list = g_new0 (char *, 1);
}

/**
 * crm_deal_new:
 *
 * Creates an empty deal with every property at its default.
 *
 * Returns: (transfer full): a new [class@Deal]
 */
CrmDeal *
crm_deal_new (void)
{
  return g_object_new (CRM_TYPE_DEAL, NULL);
}

/**
 * crm_deal_copy:
 * @self: a [class@Deal]
 *
 * Makes a new deal with the same values, for example for an edit
 * form to change without touching the original.
 *
 * Returns: (transfer full): a deep copy of @self
 */
CrmDeal *
crm_deal_copy (CrmDeal *self)
{
  CrmDeal *copy;

  g_return_val_if_fail (CRM_IS_DEAL (self), NULL);

  copy = crm_deal_new ();

  copy->id = self->id;
  copy->title = g_strdup (self->title);
  copy->contact_id = self->contact_id;
  copy->contact_name = g_strdup (self->contact_name);
  copy->amount = self->amount;
  g_free (copy->currency);
  copy->currency = g_strdup (self->currency);
  copy->stage_id = self->stage_id;
  copy->stage_name = g_strdup (self->stage_name);
  copy->stage_kind = self->stage_kind;
  copy->pipeline_id = self->pipeline_id;
  copy->position = self->position;
  copy->owner_id = self->owner_id;
  copy->owner_name = g_strdup (self->owner_name);
  copy->expected_close = g_strdup (self->expected_close);
  copy->lost_reason = g_strdup (self->lost_reason);
  copy->next_reminder_at = self->next_reminder_at;
  copy->tags = g_strdup (self->tags);
  copy->created_at = self->created_at;
  copy->updated_at = self->updated_at;
  copy->stage_changed_at = self->stage_changed_at;
  copy->deleted_at = self->deleted_at;

  g_strfreev (copy->tag_list);
  copy->tag_list = g_strdupv (self->tag_list);

  return copy;
}

gint64
crm_deal_get_id (CrmDeal *self)
{
  g_return_val_if_fail (CRM_IS_DEAL (self), 0);

  return self->id;
}

void
crm_deal_set_id (CrmDeal *self,
                 gint64   id)
{
  g_return_if_fail (CRM_IS_DEAL (self));

  if (self->id == id)
    return;

  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
crm_deal_get_title (CrmDeal *self)
{
  g_return_val_if_fail (CRM_IS_DEAL (self), NULL);

  return self->title;
}

void
crm_deal_set_title (CrmDeal    *self,
                    const char *title)
{
  g_return_if_fail (CRM_IS_DEAL (self));

  if (g_strcmp0 (self->title, title) != 0)
    {
      char *old = g_steal_pointer (&self->title);

      self->title = g_strdup (title);
      g_free (old);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
    }
}

gint64
crm_deal_get_contact_id (CrmDeal *self)
{
  g_return_val_if_fail (CRM_IS_DEAL (self), 0);

  return self->contact_id;
}

void
crm_deal_set_contact_id (CrmDeal *self,
                         gint64   contact_id)
{
  g_return_if_fail (CRM_IS_DEAL (self));

  if (self->contact_id == contact_id)
    return;

  self->contact_id = contact_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTACT_ID]);
}

const char *
crm_deal_get_contact_name (CrmDeal *self)
{
  g_return_val_if_fail (CRM_IS_DEAL (self), NULL);

  return self->contact_name;
}

void
crm_deal_set_contact_name (CrmDeal    *self,
                           const char *contact_name)
{
  g_return_if_fail (CRM_IS_DEAL (self));

  if (g_strcmp0 (self->contact_name, contact_name) != 0)
    {
      char *old = g_steal_pointer (&self->contact_name);

      self->contact_name = g_strdup (contact_name);
      g_free (old);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTACT_NAME]);
    }
}

gint64
crm_deal_get_amount (CrmDeal *self)
{
  g_return_val_if_fail (CRM_IS_DEAL (self), 0);

  return self->amount;
}

void
crm_deal_set_amount (CrmDeal *self,
                     gint64   amount)
{
  g_return_if_fail (CRM_IS_DEAL (self));

  if (self->amount == amount)
    return;

  self->amount = amount;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AMOUNT]);
}

const char *
crm_deal_get_currency (CrmDeal *self)
{
  g_return_val_if_fail (CRM_IS_DEAL (self), NULL);

  return self->currency;
}

void
crm_deal_set_currency (CrmDeal    *self,
                       const char *currency)
{
  g_return_if_fail (CRM_IS_DEAL (self));

  if (g_strcmp0 (self->currency, currency) != 0)
    {
      char *old = g_steal_pointer (&self->currency);

      self->currency = g_strdup (currency);
      g_free (old);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENCY]);
    }
}

gint64
crm_deal_get_stage_id (CrmDeal *self)
{
  g_return_val_if_fail (CRM_IS_DEAL (self), 0);

  return self->stage_id;
}

void
crm_deal_set_stage_id (CrmDeal *self,
                       gint64   stage_id)
{
  g_return_if_fail (CRM_IS_DEAL (self));

  if (self->stage_id == stage_id)
    return;

  self->stage_id = stage_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STAGE_ID]);
}

const char *
crm_deal_get_stage_name (CrmDeal *self)
{
  g_return_val_if_fail (CRM_IS_DEAL (self), NULL);

  return self->stage_name;
}

void
crm_deal_set_stage_name (CrmDeal    *self,
                         const char *stage_name)
{
  g_return_if_fail (CRM_IS_DEAL (self));

  if (g_strcmp0 (self->stage_name, stage_name) != 0)
    {
      char *old = g_steal_pointer (&self->stage_name);

      self->stage_name = g_strdup (stage_name);
      g_free (old);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STAGE_NAME]);
    }
}

CrmStageKind
crm_deal_get_stage_kind (CrmDeal *self)
{
  g_return_val_if_fail (CRM_IS_DEAL (self), CRM_STAGE_OPEN);

  return self->stage_kind;
}

void
crm_deal_set_stage_kind (CrmDeal      *self,
                         CrmStageKind  stage_kind)
{
  g_return_if_fail (CRM_IS_DEAL (self));
  g_return_if_fail ((guint) stage_kind <= CRM_STAGE_LOST);

  if (self->stage_kind == stage_kind)
    return;

  self->stage_kind = stage_kind;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STAGE_KIND]);
}

gint64
crm_deal_get_pipeline_id (CrmDeal *self)
{
  g_return_val_if_fail (CRM_IS_DEAL (self), 0);

  return self->pipeline_id;
}

void
crm_deal_set_pipeline_id (CrmDeal *self,
                          gint64   pipeline_id)
{
  g_return_if_fail (CRM_IS_DEAL (self));

  if (self->pipeline_id == pipeline_id)
    return;

  self->pipeline_id = pipeline_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PIPELINE_ID]);
}

gint64
crm_deal_get_position (CrmDeal *self)
{
  g_return_val_if_fail (CRM_IS_DEAL (self), 0);

  return self->position;
}

void
crm_deal_set_position (CrmDeal *self,
                       gint64   position)
{
  g_return_if_fail (CRM_IS_DEAL (self));

  if (self->position == position)
    return;

  self->position = position;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

gint64
crm_deal_get_owner_id (CrmDeal *self)
{
  g_return_val_if_fail (CRM_IS_DEAL (self), 0);

  return self->owner_id;
}

void
crm_deal_set_owner_id (CrmDeal *self,
                       gint64   owner_id)
{
  g_return_if_fail (CRM_IS_DEAL (self));

  if (self->owner_id == owner_id)
    return;

  self->owner_id = owner_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OWNER_ID]);
}

const char *
crm_deal_get_owner_name (CrmDeal *self)
{
  g_return_val_if_fail (CRM_IS_DEAL (self), NULL);

  return self->owner_name;
}

void
crm_deal_set_owner_name (CrmDeal    *self,
                         const char *owner_name)
{
  g_return_if_fail (CRM_IS_DEAL (self));

  if (g_strcmp0 (self->owner_name, owner_name) != 0)
    {
      char *old = g_steal_pointer (&self->owner_name);

      self->owner_name = g_strdup (owner_name);
      g_free (old);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OWNER_NAME]);
    }
}

const char *
crm_deal_get_expected_close (CrmDeal *self)
{
  g_return_val_if_fail (CRM_IS_DEAL (self), NULL);

  return self->expected_close;
}

void
crm_deal_set_expected_close (CrmDeal    *self,
                             const char *expected_close)
{
  g_return_if_fail (CRM_IS_DEAL (self));

  if (g_strcmp0 (self->expected_close, expected_close) != 0)
    {
      char *old = g_steal_pointer (&self->expected_close);

      self->expected_close = g_strdup (expected_close);
      g_free (old);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPECTED_CLOSE]);
    }
}

const char *
crm_deal_get_lost_reason (CrmDeal *self)
{
  g_return_val_if_fail (CRM_IS_DEAL (self), NULL);

  return self->lost_reason;
}

void
crm_deal_set_lost_reason (CrmDeal    *self,
                          const char *lost_reason)
{
  g_return_if_fail (CRM_IS_DEAL (self));

  if (g_strcmp0 (self->lost_reason, lost_reason) != 0)
    {
      char *old = g_steal_pointer (&self->lost_reason);

      self->lost_reason = g_strdup (lost_reason);
      g_free (old);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOST_REASON]);
    }
}

gint64
crm_deal_get_next_reminder_at (CrmDeal *self)
{
  g_return_val_if_fail (CRM_IS_DEAL (self), 0);

  return self->next_reminder_at;
}

void
crm_deal_set_next_reminder_at (CrmDeal *self,
                               gint64   next_reminder_at)
{
  g_return_if_fail (CRM_IS_DEAL (self));

  if (self->next_reminder_at == next_reminder_at)
    return;

  self->next_reminder_at = next_reminder_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_REMINDER_AT]);
}

const char *
crm_deal_get_tags (CrmDeal *self)
{
  g_return_val_if_fail (CRM_IS_DEAL (self), NULL);

  return self->tags;
}

void
crm_deal_set_tags (CrmDeal    *self,
                   const char *tags)
{
  g_return_if_fail (CRM_IS_DEAL (self));

  if (_crm_tag_list_update (&self->tag_list, &self->tags,
                            _crm_tag_list_parse (tags)))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TAGS]);
}

gint64
crm_deal_get_created_at (CrmDeal *self)
{
  g_return_val_if_fail (CRM_IS_DEAL (self), 0);

  return self->created_at;
}

void
crm_deal_set_created_at (CrmDeal *self,
                         gint64   created_at)
{
  g_return_if_fail (CRM_IS_DEAL (self));

  if (self->created_at == created_at)
    return;

  self->created_at = created_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED_AT]);
}

gint64
crm_deal_get_updated_at (CrmDeal *self)
{
  g_return_val_if_fail (CRM_IS_DEAL (self), 0);

  return self->updated_at;
}

void
crm_deal_set_updated_at (CrmDeal *self,
                         gint64   updated_at)
{
  g_return_if_fail (CRM_IS_DEAL (self));

  if (self->updated_at == updated_at)
    return;

  self->updated_at = updated_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED_AT]);
}

gint64
crm_deal_get_stage_changed_at (CrmDeal *self)
{
  g_return_val_if_fail (CRM_IS_DEAL (self), 0);

  return self->stage_changed_at;
}

void
crm_deal_set_stage_changed_at (CrmDeal *self,
                               gint64   stage_changed_at)
{
  g_return_if_fail (CRM_IS_DEAL (self));

  if (self->stage_changed_at == stage_changed_at)
    return;

  self->stage_changed_at = stage_changed_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STAGE_CHANGED_AT]);
}

gint64
crm_deal_get_deleted_at (CrmDeal *self)
{
  g_return_val_if_fail (CRM_IS_DEAL (self), 0);

  return self->deleted_at;
}

void
crm_deal_set_deleted_at (CrmDeal *self,
                         gint64   deleted_at)
{
  g_return_if_fail (CRM_IS_DEAL (self));

  if (self->deleted_at == deleted_at)
    return;

  self->deleted_at = deleted_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELETED_AT]);
}

/**
 * crm_deal_get_tag_list:
 * @self: a [class@Deal]
 *
 * Gets the names of the tags of @self, in the order they were given.
 *
 * Returns: (transfer none) (array zero-terminated=1): the tag names,
 *   never %NULL
 */
char **
crm_deal_get_tag_list (CrmDeal *self)
{
  g_return_val_if_fail (CRM_IS_DEAL (self), NULL);

  return self->tag_list;
}

/**
 * crm_deal_set_tag_list:
 * @self: a [class@Deal]
 * @tags: (nullable) (array zero-terminated=1): tag names
 *
 * Replaces the tags of @self. Names are trimmed, empty and repeated
 * names dropped, and [property@Deal:tags] is updated to match.
 */
void
crm_deal_set_tag_list (CrmDeal            *self,
                       const char * const *tags)
{
  g_return_if_fail (CRM_IS_DEAL (self));

  if (_crm_tag_list_update (&self->tag_list, &self->tags,
                            _crm_tag_list_normalize (tags)))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TAGS]);
}
