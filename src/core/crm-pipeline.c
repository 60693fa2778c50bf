/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "crm-pipeline"

#include "config.h"

#include "crm-pipeline.h"

/**
 * CrmPipeline:
 *
 * A sales funnel: an ordered set of stages deals move through.
 */
struct _CrmPipeline
{
  GObject  parent_instance;

  gint64   id;
  char    *name;
  int      position;
  gint64   deleted_at;
};

G_DEFINE_FINAL_TYPE (CrmPipeline, crm_pipeline, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_POSITION,
  PROP_DELETED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
crm_pipeline_finalize (GObject *object)
{
  CrmPipeline *self = (CrmPipeline *)object;

  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (crm_pipeline_parent_class)->finalize (object);
}

static void
crm_pipeline_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CrmPipeline *self = CRM_PIPELINE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, crm_pipeline_get_id (self));
      break;

    case PROP_NAME:
      g_value_set_string (value, crm_pipeline_get_name (self));
      break;

    case PROP_POSITION:
      g_value_set_int (value, crm_pipeline_get_position (self));
      break;

    case PROP_DELETED_AT:
      g_value_set_int64 (value, crm_pipeline_get_deleted_at (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_pipeline_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  CrmPipeline *self = CRM_PIPELINE (object);

  switch (prop_id)
    {
    case PROP_ID:
      crm_pipeline_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_NAME:
      crm_pipeline_set_name (self, g_value_get_string (value));
      break;

    case PROP_POSITION:
      crm_pipeline_set_position (self, g_value_get_int (value));
      break;

    case PROP_DELETED_AT:
      crm_pipeline_set_deleted_at (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_pipeline_class_init (CrmPipelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = crm_pipeline_finalize;
  object_class->get_property = crm_pipeline_get_property;
  object_class->set_property = crm_pipeline_set_property;

  /**
   * CrmPipeline:id:
   *
   * The row id, 0 for a pipeline not saved yet.
   */
  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmPipeline:name:
   *
   * The name of the pipeline.
   */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * CrmPipeline:position:
   *
   * Where the pipeline is in the list of pipelines.
   */
  properties[PROP_POSITION] =
    g_param_spec_int ("position", NULL, NULL,
                      G_MININT, G_MAXINT, 0,
                      (G_PARAM_READWRITE |
                       G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS));

  /**
   * CrmPipeline:deleted-at:
   *
   * When the pipeline was moved to the trash, in UTC milliseconds, or 0.
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
crm_pipeline_init (CrmPipeline *self)
{
}

/**
 * crm_pipeline_new:
 *
 * Creates an empty pipeline with every property at its default.
 *
 * Returns: (transfer full): a new [class@Pipeline]
 */
CrmPipeline *
crm_pipeline_new (void)
{
  return g_object_new (CRM_TYPE_PIPELINE, NULL);
}

/**
 * crm_pipeline_copy:
 * @self: a [class@Pipeline]
 *
 * Makes a new pipeline with the same values, for example for an edit
 * form to change without touching the original.
 *
 * Returns: (transfer full): a deep copy of @self
 */
CrmPipeline *
crm_pipeline_copy (CrmPipeline *self)
{
  CrmPipeline *copy;

  g_return_val_if_fail (CRM_IS_PIPELINE (self), NULL);

  copy = crm_pipeline_new ();

  copy->id = self->id;
  copy->name = g_strdup (self->name);
  copy->position = self->position;
  copy->deleted_at = self->deleted_at;

  return copy;
}

gint64
crm_pipeline_get_id (CrmPipeline *self)
{
  g_return_val_if_fail (CRM_IS_PIPELINE (self), 0);

  return self->id;
}

void
crm_pipeline_set_id (CrmPipeline *self,
                     gint64       id)
{
  g_return_if_fail (CRM_IS_PIPELINE (self));

  if (self->id == id)
    return;

  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
crm_pipeline_get_name (CrmPipeline *self)
{
  g_return_val_if_fail (CRM_IS_PIPELINE (self), NULL);

  return self->name;
}

void
crm_pipeline_set_name (CrmPipeline *self,
                       const char  *name)
{
  g_return_if_fail (CRM_IS_PIPELINE (self));

  if (g_strcmp0 (self->name, name) != 0)
    {
      char *old = g_steal_pointer (&self->name);

      self->name = g_strdup (name);
      g_free (old);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
    }
}

int
crm_pipeline_get_position (CrmPipeline *self)
{
  g_return_val_if_fail (CRM_IS_PIPELINE (self), 0);

  return self->position;
}

void
crm_pipeline_set_position (CrmPipeline *self,
                           int          position)
{
  g_return_if_fail (CRM_IS_PIPELINE (self));

  if (self->position == position)
    return;

  self->position = position;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSITION]);
}

gint64
crm_pipeline_get_deleted_at (CrmPipeline *self)
{
  g_return_val_if_fail (CRM_IS_PIPELINE (self), 0);

  return self->deleted_at;
}

void
crm_pipeline_set_deleted_at (CrmPipeline *self,
                             gint64       deleted_at)
{
  g_return_if_fail (CRM_IS_PIPELINE (self));

  if (self->deleted_at == deleted_at)
    return;

  self->deleted_at = deleted_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELETED_AT]);
}
