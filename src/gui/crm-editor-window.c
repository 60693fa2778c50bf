/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-editor-window.h"

/**
 * CrmEditorWindow:
 *
 * What the forms that log a call, set a reminder or add a deal share: the
 * header bar with Cancel and Save, the banner for what the store refuses,
 * the scrolling column the fields stand in, and how saving goes. A form
 * subclasses it, gives its fields as #CrmEditorWindow:form in its
 * template, calls crm_editor_window_validate() whenever a field changes,
 * and implements #CrmEditorWindowClass.check and .save, and .dup_state so
 * that what was typed is not thrown away without asking.
 */

typedef struct
{
  CrmStore       *store;
  gint64          contact_id;
  gboolean        tried_to_save;

  /* The form as it was first shown, to tell whether anything was changed;
   * NULL until then. */
  char           *initial_state;
  /* Set once the form was saved or the user chose to discard it, so that
   * closing no longer asks. */
  gboolean        may_close;
  /* The question whether to discard the changes, while it is shown. */
  GtkWidget      *question;

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

/* Closing */

static gboolean
is_changed (CrmEditorWindow *self)
{
  CrmEditorWindowPrivate *priv = crm_editor_window_get_instance_private (self);
  CrmEditorWindowClass *klass = CRM_EDITOR_WINDOW_GET_CLASS (self);
  g_autofree char *state = NULL;

  /* A form never shown holds nothing anybody typed. */
  if (klass->dup_state == NULL || priv->initial_state == NULL)
    return FALSE;

  state = klass->dup_state (self);
  return g_strcmp0 (state, priv->initial_state) != 0;
}

static gboolean
destroy_idle_cb (gpointer user_data)
{
  gtk_window_destroy (GTK_WINDOW (user_data));
  return G_SOURCE_REMOVE;
}

static void
discard_response_cb (CrmEditorWindow *self,
                     const char      *response)
{
  CrmEditorWindowPrivate *priv = crm_editor_window_get_instance_private (self);

  if (g_strcmp0 (response, "discard") != 0)
    return;

  /* The question closes itself after this; the form goes once it has, so
   * that the question does not outlive the window it belongs to. */
  priv->may_close = TRUE;
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, destroy_idle_cb, g_object_ref (self), g_object_unref);
}

static void
ask_discard (CrmEditorWindow *self)
{
  CrmEditorWindowPrivate *priv = crm_editor_window_get_instance_private (self);

  /* Asked again while the question is up, it is only brought forward. */
  if (priv->question == NULL)
    {
      priv->question = GTK_WIDGET (crm_editor_window_new_discard_question (GTK_WINDOW (self)));
      g_object_add_weak_pointer (G_OBJECT (priv->question), (gpointer *)&priv->question);
      g_signal_connect_object (priv->question, "response",
                               G_CALLBACK (discard_response_cb), self, G_CONNECT_SWAPPED);
    }

  gtk_window_present (GTK_WINDOW (priv->question));
}

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
  priv->may_close = TRUE;
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

/* GtkWindow */

static gboolean
crm_editor_window_close_request (GtkWindow *window)
{
  CrmEditorWindow *self = CRM_EDITOR_WINDOW (window);
  CrmEditorWindowPrivate *priv = crm_editor_window_get_instance_private (self);

  if (!priv->may_close && is_changed (self))
    {
      ask_discard (self);
      return TRUE;
    }

  return GTK_WINDOW_CLASS (crm_editor_window_parent_class)->close_request (window);
}

/* GtkWidget */

static void
crm_editor_window_map (GtkWidget *widget)
{
  CrmEditorWindow *self = CRM_EDITOR_WINDOW (widget);
  CrmEditorWindowPrivate *priv = crm_editor_window_get_instance_private (self);
  CrmEditorWindowClass *klass = CRM_EDITOR_WINDOW_GET_CLASS (self);

  GTK_WIDGET_CLASS (crm_editor_window_parent_class)->map (widget);

  /* A form fills itself in from its constructed() on, and whoever opened
   * it may fill in more before showing it; none of that is a change. */
  if (priv->initial_state == NULL && klass->dup_state != NULL)
    priv->initial_state = klass->dup_state (self);
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

  /* The question belongs to this form and goes with it. */
  if (priv->question != NULL)
    {
      GtkWidget *question = priv->question;

      g_clear_weak_pointer (&priv->question);
      gtk_window_destroy (GTK_WINDOW (question));
    }

  G_OBJECT_CLASS (crm_editor_window_parent_class)->dispose (object);
}

static void
crm_editor_window_finalize (GObject *object)
{
  CrmEditorWindow *self = CRM_EDITOR_WINDOW (object);
  CrmEditorWindowPrivate *priv = crm_editor_window_get_instance_private (self);

  g_clear_object (&priv->store);
  g_clear_pointer (&priv->initial_state, g_free);

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
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = crm_editor_window_constructed;
  object_class->dispose = crm_editor_window_dispose;
  object_class->finalize = crm_editor_window_finalize;
  object_class->get_property = crm_editor_window_get_property;
  object_class->set_property = crm_editor_window_set_property;
  widget_class->map = crm_editor_window_map;
  window_class->close_request = crm_editor_window_close_request;

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

/**
 * crm_editor_window_new_discard_question:
 * @form: the form that would be thrown away
 *
 * Asks whether to throw away what was typed in @form: "Keep Editing"
 * (the response "keep", also on Escape) or "Discard" ("discard"). Every
 * form asks in these words, the client form too.
 *
 * Returns: (transfer none): a new modal question; connect to its
 *   #AdwMessageDialog::response and present it
 */
AdwMessageDialog *
crm_editor_window_new_discard_question (GtkWindow *form)
{
  AdwMessageDialog *question;

  g_return_val_if_fail (GTK_IS_WINDOW (form), NULL);

  question = ADW_MESSAGE_DIALOG (adw_message_dialog_new (form,
                                                         _("Discard changes?"),
                                                         _("What you typed in this form will be lost.")));
  adw_message_dialog_add_responses (question,
                                    "keep", _("_Keep Editing"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (question, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (question, "keep");
  adw_message_dialog_set_close_response (question, "keep");
  gtk_window_set_destroy_with_parent (GTK_WINDOW (question), TRUE);

  return question;
}
