/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include "crm-editor-window.h"

/**
 * CrmEditorWindow:
 *
 * What the forms that log a call, set a reminder or add a deal share: the
 * header bar with Cancel and Save, the banner for what the store refuses,
 * the scrolling column the fields stand in, and how saving goes. A form
 * subclasses it, gives its fields as #CrmEditorWindow:form in its
 * template, calls crm_editor_window_validate() whenever a field changes,
 * and implements #CrmEditorWindowClass.check and .save.
 */

typedef struct
{
  CrmStore       *store;
  gint64          contact_id;
  gboolean        tried_to_save;

  /* Template children */
  AdwWindowTitle *window_title;
  GtkRevealer    *error_revealer;
  GtkLabel       *error_label;
  AdwClamp       *clamp;
} CrmEditorWindowPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (CrmEditorWindow, crm_editor_window, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_CONTACT_ID,
  PROP_FORM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Actions */

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CrmEditorWindow *self = CRM_EDITOR_WINDOW (widget);
  CrmEditorWindowPrivate *priv = crm_editor_window_get_instance_private (self);
  CrmEditorWindowClass *klass = CRM_EDITOR_WINDOW_GET_CLASS (self);
  g_autoptr(GError) error = NULL;
  gint64 id;

  /* From now on whatever is missing is pointed out. */
  priv->tried_to_save = TRUE;
  if (!crm_editor_window_validate (self))
    {
      if (klass->focus_problem != NULL)
        klass->focus_problem (self);
      return;
    }

  id = klass->save (self, &error);
  if (id == 0)
    {
      g_return_if_fail (error != NULL);
      crm_editor_window_show_error (self, error->message);
      return;
    }

  crm_editor_window_show_error (self, NULL);
  g_signal_emit (self, signals[SAVED], 0, id);
  gtk_window_close (GTK_WINDOW (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

/* GObject */

static CrmEditorCheck
crm_editor_window_real_check (CrmEditorWindow *self)
{
  return CRM_EDITOR_VALID;
}

static void
crm_editor_window_constructed (GObject *object)
{
  CrmEditorWindow *self = CRM_EDITOR_WINDOW (object);
  CrmEditorWindowPrivate *priv = crm_editor_window_get_instance_private (self);

  G_OBJECT_CLASS (crm_editor_window_parent_class)->constructed (object);

  /* A form reads and writes the store from its own constructed() on. */
  g_assert (CRM_IS_STORE (priv->store));
}

static void
crm_editor_window_dispose (GObject *object)
{
  CrmEditorWindow *self = CRM_EDITOR_WINDOW (object);
  CrmEditorWindowPrivate *priv = crm_editor_window_get_instance_private (self);

  /* Not gtk_widget_dispose_template(): GTK 4.8 looks the children of a
   * parent type's template up under the instance's own type, finds none
   * and aborts. The template holds its children until the window is
   * finalized, and AdwWindow drops its content, so forgetting them is
   * enough. */
  priv->window_title = NULL;
  priv->error_revealer = NULL;
  priv->error_label = NULL;
  priv->clamp = NULL;

  G_OBJECT_CLASS (crm_editor_window_parent_class)->dispose (object);
}

static void
crm_editor_window_finalize (GObject *object)
{
  CrmEditorWindow *self = CRM_EDITOR_WINDOW (object);
  CrmEditorWindowPrivate *priv = crm_editor_window_get_instance_private (self);

  g_clear_object (&priv->store);

  G_OBJECT_CLASS (crm_editor_window_parent_class)->finalize (object);
}

static void
crm_editor_window_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CrmEditorWindow *self = CRM_EDITOR_WINDOW (object);
  CrmEditorWindowPrivate *priv = crm_editor_window_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, priv->store);
      break;

    case PROP_CONTACT_ID:
      g_value_set_int64 (value, priv->contact_id);
      break;

    case PROP_FORM:
      g_value_set_object (value, priv->clamp != NULL ? adw_clamp_get_child (priv->clamp) : NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_editor_window_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CrmEditorWindow *self = CRM_EDITOR_WINDOW (object);
  CrmEditorWindowPrivate *priv = crm_editor_window_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_STORE:
      priv->store = g_value_dup_object (value);
      break;

    case PROP_CONTACT_ID:
      priv->contact_id = g_value_get_int64 (value);
      break;

    case PROP_FORM:
      g_return_if_fail (priv->clamp != NULL);
      if (adw_clamp_get_child (priv->clamp) != g_value_get_object (value))
        {
          adw_clamp_set_child (priv->clamp, g_value_get_object (value));
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_editor_window_class_init (CrmEditorWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = crm_editor_window_constructed;
  object_class->dispose = crm_editor_window_dispose;
  object_class->finalize = crm_editor_window_finalize;
  object_class->get_property = crm_editor_window_get_property;
  object_class->set_property = crm_editor_window_set_property;

  klass->check = crm_editor_window_real_check;

  /**
   * CrmEditorWindow:store:
   *
   * The store the form reads and writes.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         CRM_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * CrmEditorWindow:contact-id:
   *
   * The client a new form starts with, or 0.
   */
  properties[PROP_CONTACT_ID] =
    g_param_spec_int64 ("contact-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * CrmEditorWindow:form:
   *
   * The fields, shown under the header bar in a column that scrolls.
   */
  properties[PROP_FORM] =
    g_param_spec_object ("form", NULL, NULL,
                         GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CrmEditorWindow::saved:
   * @self: the editor
   * @id: what was stored: the call, the reminder or the deal
   *
   * Emitted when the store took the form, just before the editor closes.
   */
  signals[SAVED] = g_signal_new ("saved",
                                 G_TYPE_FROM_CLASS (klass),
                                 G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/crm-editor-window.ui");
  gtk_widget_class_bind_template_child_private (widget_class, CrmEditorWindow, window_title);
  gtk_widget_class_bind_template_child_private (widget_class, CrmEditorWindow, error_revealer);
  gtk_widget_class_bind_template_child_private (widget_class, CrmEditorWindow, error_label);
  gtk_widget_class_bind_template_child_private (widget_class, CrmEditorWindow, clamp);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.cancel", NULL, cancel_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "editor.cancel", NULL);
}

static void
crm_editor_window_init (CrmEditorWindow *self)
{
  CrmEditorWindowPrivate *priv = crm_editor_window_get_instance_private (self);

  gtk_widget_init_template (GTK_WIDGET (self));

  g_object_bind_property (self, "title", priv->window_title, "title", G_BINDING_SYNC_CREATE);
}

CrmStore *
crm_editor_window_get_store (CrmEditorWindow *self)
{
  CrmEditorWindowPrivate *priv = crm_editor_window_get_instance_private (self);

  g_return_val_if_fail (CRM_IS_EDITOR_WINDOW (self), NULL);

  return priv->store;
}

/**
 * crm_editor_window_get_contact_id:
 * @self: a #CrmEditorWindow
 *
 * Returns: the client the form was opened with, or 0
 */
gint64
crm_editor_window_get_contact_id (CrmEditorWindow *self)
{
  CrmEditorWindowPrivate *priv = crm_editor_window_get_instance_private (self);

  g_return_val_if_fail (CRM_IS_EDITOR_WINDOW (self), 0);

  return priv->contact_id;
}

/**
 * crm_editor_window_get_tried_to_save:
 * @self: a #CrmEditorWindow
 *
 * Returns: whether the user asked to save, so that a check points out
 *   what is missing, not only what is wrong
 */
gboolean
crm_editor_window_get_tried_to_save (CrmEditorWindow *self)
{
  CrmEditorWindowPrivate *priv = crm_editor_window_get_instance_private (self);

  g_return_val_if_fail (CRM_IS_EDITOR_WINDOW (self), FALSE);

  return priv->tried_to_save;
}

/**
 * crm_editor_window_validate:
 * @self: a #CrmEditorWindow
 *
 * Checks the form again, as a field changed, and turns Save on or off.
 *
 * Returns: whether the form can be saved
 */
gboolean
crm_editor_window_validate (CrmEditorWindow *self)
{
  CrmEditorWindowPrivate *priv = crm_editor_window_get_instance_private (self);
  CrmEditorCheck check;

  g_return_val_if_fail (CRM_IS_EDITOR_WINDOW (self), FALSE);

  check = CRM_EDITOR_WINDOW_GET_CLASS (self)->check (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save",
                                 check == CRM_EDITOR_VALID ||
                                 (check == CRM_EDITOR_INCOMPLETE && !priv->tried_to_save));

  return check == CRM_EDITOR_VALID;
}

/**
 * crm_editor_window_show_error:
 * @self: a #CrmEditorWindow
 * @message: (nullable): what went wrong, or %NULL to hide the banner
 */
void
crm_editor_window_show_error (CrmEditorWindow *self,
                              const char      *message)
{
  CrmEditorWindowPrivate *priv = crm_editor_window_get_instance_private (self);

  g_return_if_fail (CRM_IS_EDITOR_WINDOW (self));

  /* Something may still answer once the window is gone. */
  if (priv->error_label == NULL)
    return;

  gtk_label_set_text (priv->error_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (priv->error_revealer, message != NULL);
}

/**
 * crm_editor_window_set_subtitle:
 * @self: a #CrmEditorWindow
 * @subtitle: (nullable): what the form is about, such as the client
 */
void
crm_editor_window_set_subtitle (CrmEditorWindow *self,
                                const char      *subtitle)
{
  CrmEditorWindowPrivate *priv = crm_editor_window_get_instance_private (self);

  g_return_if_fail (CRM_IS_EDITOR_WINDOW (self));

  if (priv->window_title != NULL)
    adw_window_title_set_subtitle (priv->window_title, subtitle);
}
