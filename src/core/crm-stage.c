/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "crm-stage"

#include "config.h"

#include "crm-stage.h"

/**
 * CrmStage:
 *
 * One column of a sales funnel.
 *
 * [property@Stage:deal-count] and [property@Stage:amount-total] are
 * filled by queries that summarise the deals in the stage.
 */
struct _CrmStage
{
  GObject       parent_instance;

  gint64        id;
  gint64        pipeline_id;
  char         *name;
  int           position;
  char         *color;
  CrmStageKind  kind;
  gint64        deal_count;
  gint64        amount_total;
  gint64        deleted_at;
};

G_DEFINE_FINAL_TYPE (CrmStage, crm_stage, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_PIPELINE_ID,
  PROP_NAME,
  PROP_POSITION,
  PROP_COLOR,
  PROP_KIND,
  PROP_DEAL_COUNT,
  PROP_AMOUNT_TOTAL,
  PROP_DELETED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
crm_stage_finalize (GObject *object)
{
  CrmStage *self = (CrmStage *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->color, g_free);

  G_OBJECT_CLASS (crm_stage_parent_class)->finalize (object);
}

static void
crm_stage_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CrmStage *self = CRM_STAGE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, crm_stage_get_id (self));
      break;

    case PROP_PIPELINE_ID:
      g_value_set_int64 (value, crm_stage_get_pipeline_id (self));
      break;

    case PROP_NAME:
      g_value_set_string (value, crm_stage_get_name (self));
      break;

    case PROP_POSITION:
      g_value_set_int (value, crm_stage_get_position (self));
      break;

    case PROP_COLOR:
      g_value_set_string (value, crm_stage_get_color (self));
      break;

    case PROP_KIND:
      g_value_set_int (value, crm_stage_get_kind (self));
      break;

    case PROP_DEAL_COUNT:
      g_value_set_int64 (value, crm_stage_get_deal_count (self));
      break;

    case PROP_AMOUNT_TOTAL:
      g_value_set_int64 (value, crm_stage_get_amount_total (self));
      break;

    case PROP_DELETED_AT:
      g_value_set_int64 (value, crm_stage_get_deleted_at (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_stage_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  CrmStage *self = CRM_STAGE (object);

  switch (prop_id)
    {
    case PROP_ID:
      crm_stage_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_PIPELINE_ID:
      crm_stage_set_pipeline_id (self, g_value_get_int64 (value));
      break;

    case PROP_NAME:
      crm_stage_set_name (self, g_value_get_string (value));
      break;

    case PROP_POSITION:
      crm_stage_set_position (self, g_value_get_int (value));
      break;

    case PROP_COLOR:
      crm_stage_set_color (self, g_value_get_string (value));
      break;

    case PROP_KIND:
      crm_stage_set_kind (self, g_value_get_int (value));
      break;

    case PROP_DEAL_COUNT:
      crm_stage_set_deal_count (self, g_value_get_int64 (value));
      break;

    case PROP_AMOUNT_TOTAL:
      crm_stage_set_amount_total (self, g_value_get_int64 (value));
      break;

    case PROP_DELETED_AT:
      crm_stage_set_deleted_at (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_stage_class_init (CrmStageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = crm_stage_finalize;
  object_class->get_property = crm_stage_get_property;
  object_class->set_property = crm_stage_set_property;

  /**
   * CrmStage:id:
   *
   * The row id, 0 for a stage not saved yet.
   */
  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmStage:pipeline-id:
   *
   * The id of the pipeline the stage belongs to.
   */
  properties[PROP_PIPELINE_ID] =
    g_param_spec_int64 ("pipeline-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmStage:name:
   *
   * The name of the stage.
   */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * CrmStage:position:
   *
   * Where the stage is in its pipeline, from left to right.
   */
  properties[PROP_POSITION] =
    g_param_spec_int ("position", NULL, NULL,
                      G_MININT, G_MAXINT, 0,
                      (G_PARAM_READWRITE |
                       G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS));

  /**
   * CrmStage:color:
   *
   * The colour of the stage as `#rrggbb`, or %NULL for the default.
   */
  properties[PROP_COLOR] =
    g_param_spec_string ("color", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * CrmStage:kind:
   *
   * Whether deals in this stage are open, won or lost, a #CrmStageKind.
   */
  properties[PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL,
                      CRM_STAGE_OPEN, CRM_STAGE_LOST, CRM_STAGE_OPEN,
                      (G_PARAM_READWRITE |
                       G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS));

  /**
   * CrmStage:deal-count:
   *
   * How many deals are in the stage, as counted by the query that loaded it.
   */
  properties[PROP_DEAL_COUNT] =
    g_param_spec_int64 ("deal-count", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmStage:amount-total:
   *
   * The sum of the amounts of the deals in the stage, in minor units.
   */
  properties[PROP_AMOUNT_TOTAL] =
    g_param_spec_int64 ("amount-total", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmStage:deleted-at:
   *
   * When the stage was moved to the trash, in UTC milliseconds, or 0.
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
crm_stage_init (CrmStage *self)
{
}

/**
 * crm_stage_new:
 *
 * Creates an empty stage with every property at its default.
 *
 * Returns: (transfer full): a new [class@Stage]
 */
CrmStage *
crm_stage_new (void)
{
  return g_object_new (CRM_TYPE_STAGE, NULL);
}

/**
 * crm_stage_copy:
 * @self: a [class@Stage]
 *
 * Makes a new stage with the same values, for example for an edit
 * form to change without touching the original.
 *
 * Returns: (transfer full): a deep copy of @self
 */
CrmStage *
crm_stage_copy (CrmStage *self)
{
  CrmStage *copy;

  g_return_val_if_fail (CRM_IS_STAGE (self), NULL);

  copy = crm_stage_new ();

  copy->id = self->id;
  copy->pipeline_id = self->pipeline_id;
  copy->name = g_strdup (self->name);
  copy->position = self->position;
  copy->color = g_strdup (self->color);
  copy->kind = self->kind;
  copy->deal_count = self->deal_count;
  copy->amount_total = self->amount_total;
  copy->deleted_at = self->deleted_at;

  return copy;
}

gint64
crm_stage_get_id (CrmStage *self)
{
  g_return_val_if_fail (CRM_IS_STAGE (self), 0);

  return self->id;
}

void
crm_stage_set_id (CrmStage *self,
                  gint64    id)
{
  g_return_if_fail (CRM_IS_STAGE (self));

  if (self->id == id)
    return;

  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

gint64
crm_stage_get_pipeline_id (CrmStage *self)
{
  g_return_val_if_fail (CRM_IS_STAGE (self), 0);

  return self->pipeline_id;
}

void
crm_stage_set_pipeline_id (CrmStage *self,
                           gint64    pipeline_id)
{
  g_return_if_fail (CRM_IS_STAGE (self));

  if (self->pipeline_id == pipeline_id)
    return;

  self->pipeline_id = pipeline_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PIPELINE_ID]);
}

const char *
crm_stage_get_name (CrmStage *self)
{
  g_return_val_if_fail (CRM_IS_STAGE (self), NULL);

  return self->name;
}

void
crm_stage_set_name (CrmStage   *self,
                    const char *name)
{
  g_return_if_fail (CRM_IS_STAGE (self));

  if (g_strcmp0 (self->name, name) != 0)
    {
      char *old = g_steal_pointer (&self->name);

      self->name = g_strdup (name);
      g_free (old);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
    }
}

int
crm_stage_get_position (CrmStage *self)
{
  g_return_val_if_fail (CRM_IS_STAGE (self), 0);

  return self->position;
}

void
crm_stage_set_position (CrmStage *self,
                        int       position)
{
  g_return_if_fail (CRM_IS_STAGE (self));

  if (self->position == position)
    return;

  self->position = position;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

const char *
crm_stage_get_color (CrmStage *self)
{
  g_return_val_if_fail (CRM_IS_STAGE (self), NULL);

  return self->color;
}

void
crm_stage_set_color (CrmStage   *self,
                     const char *color)
{
  g_return_if_fail (CRM_IS_STAGE (self));

  if (g_strcmp0 (self->color, color) != 0)
    {
      char *old = g_steal_pointer (&self->color);

      self->color = g_strdup (color);
      g_free (old);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COLOR]);
    }
}

CrmStageKind
crm_stage_get_kind (CrmStage *self)
{
  g_return_val_if_fail (CRM_IS_STAGE (self), CRM_STAGE_OPEN);

  return self->kind;
}

void
crm_stage_set_kind (CrmStage     *self,
                    CrmStageKind  kind)
{
  g_return_if_fail (CRM_IS_STAGE (self));
  g_return_if_fail ((guint) kind <= CRM_STAGE_LOST);

  if (self->kind == kind)
    return;

  self->kind = kind;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

gint64
crm_stage_get_deal_count (CrmStage *self)
{
  g_return_val_if_fail (CRM_IS_STAGE (self), 0);

  return self->deal_count;
}

void
crm_stage_set_deal_count (CrmStage *self,
                          gint64    deal_count)
{
  g_return_if_fail (CRM_IS_STAGE (self));

  if (self->deal_count == deal_count)
    return;

  self->deal_count = deal_count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEAL_COUNT]);
}

gint64
crm_stage_get_amount_total (CrmStage *self)
{
  g_return_val_if_fail (CRM_IS_STAGE (self), 0);

  return self->amount_total;
}

void
crm_stage_set_amount_total (CrmStage *self,
                            gint64    amount_total)
{
  g_return_if_fail (CRM_IS_STAGE (self));

  if (self->amount_total == amount_total)
    return;

  self->amount_total = amount_total;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AMOUNT_TOTAL]);
}

gint64
crm_stage_get_deleted_at (CrmStage *self)
{
  g_return_val_if_fail (CRM_IS_STAGE (self), 0);

  return self->deleted_at;
}

void
crm_stage_set_deleted_at (CrmStage *self,
                          gint64    deleted_at)
{
  g_return_if_fail (CRM_IS_STAGE (self));

  if (self->deleted_at == deleted_at)
    return;

  self->deleted_at = deleted_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELETED_AT]);
}
