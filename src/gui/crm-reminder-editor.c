/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-client-picker.h"
#include "crm-reminder-editor.h"
#include "crm-reminder-fields.h"
#include "crm-reminder.h"
#include "crm-store-activities.h"

/**
 * CrmReminderEditor:
 *
 * The form to set a reminder about a client or a deal, or to reschedule
 * and change one: when (with quick choices), for whom and what to do. It
 * checks the fields as they are typed; what the store refuses is shown at
 * the top and the form stays open with everything typed.
 */

struct _CrmReminderEditor
{
  AdwWindow          parent_instance;

  CrmStore          *store;
  gint64             reminder_id;
  gint64             preset_contact_id;
  gint64             preset_deal_id;
  CrmReminder       *reminder;

  /* Template children */
  AdwWindowTitle    *window_title;
  GtkRevealer       *error_revealer;
  GtkLabel          *error_label;
  CrmClientPicker   *client_picker;
  CrmReminderFields *fields;

  gboolean           load_failed;
  gboolean           tried_to_save;
};

G_DEFINE_FINAL_TYPE (CrmReminderEditor, crm_reminder_editor, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_REMINDER_ID,
  PROP_CONTACT_ID,
  PROP_DEAL_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (CrmReminderEditor *self,
            const char        *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

static gboolean
validate (CrmReminderEditor *self)
{
  gboolean client_ok, fields_ok;

  /* A missing client is only pointed out once the user tried to save, so
   * Save stays available until then to say so. */
  client_ok = crm_client_picker_validate (self->client_picker, self->tried_to_save);
  fields_ok = crm_reminder_fields_validate (self->fields);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save",
                                 !self->load_failed && fields_ok &&
                                 (client_ok || !self->tried_to_save));

  return !self->load_failed && client_ok && fields_ok;
}

static void
changed_cb (CrmReminderEditor *self)
{
  validate (self);
}

static void
activate_cb (CrmReminderEditor *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "editor.save", NULL);
}

/* Saving */

static gboolean
save_changes (CrmReminderEditor  *self,
              gint64              due,
              GError            **error)
{
  g_autoptr(CrmReminder) copy = crm_reminder_copy (self->reminder);
  gint64 old_due = crm_reminder_get_effective_due (self->reminder);

  if (!crm_store_begin (self->store, error))
    return FALSE;

  /* A new time is a rescheduling, which also ends a snooze; what is shown
   * as "when" is the snoozed time, so leaving it alone keeps the snooze. */
  if (due != old_due)
    {
      if (!crm_store_reschedule_reminder (self->store, self->reminder_id, due, error))
        goto failed;
      crm_reminder_set_due_at (copy, due);
    }

  crm_reminder_set_contact_id (copy, crm_client_picker_get_contact_id (self->client_picker));
  crm_reminder_set_deal_id (copy, crm_client_picker_get_deal_id (self->client_picker));
  crm_reminder_set_assignee_id (copy, crm_reminder_fields_get_assignee (self->fields));
  crm_reminder_set_note (copy, crm_reminder_fields_get_note (self->fields));
  if (!crm_store_update_reminder (self->store, copy, error))
    goto failed;

  return crm_store_commit (self->store, error);

failed:
  crm_store_rollback (self->store);
  return FALSE;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CrmReminderEditor *self = CRM_REMINDER_EDITOR (widget);
  g_autoptr(GError) error = NULL;
  gint64 due = 0;
  gint64 id;

  self->tried_to_save = TRUE;
  if (!validate (self))
    {
      if (crm_client_picker_get_contact_id (self->client_picker) == 0)
        crm_client_picker_focus (self->client_picker);
      return;
    }

  crm_reminder_fields_get_due (self->fields, &due);

  if (self->reminder_id == 0)
    {
      g_autoptr(CrmReminder) reminder = crm_reminder_new ();

      crm_reminder_set_contact_id (reminder, crm_client_picker_get_contact_id (self->client_picker));
      crm_reminder_set_deal_id (reminder, crm_client_picker_get_deal_id (self->client_picker));
      crm_reminder_set_assignee_id (reminder, crm_reminder_fields_get_assignee (self->fields));
      crm_reminder_set_due_at (reminder, due);
      crm_reminder_set_note (reminder, crm_reminder_fields_get_note (self->fields));

      id = crm_store_add_reminder (self->store, reminder, &error);
      if (id == 0)
        {
          show_error (self, error->message);
          return;
        }
    }
  else
    {
      id = self->reminder_id;
      if (!save_changes (self, due, &error))
        {
          show_error (self, error->message);
          return;
        }
    }

  show_error (self, NULL);
  self->reminder_id = id;
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

/* Loading */

static void
load (CrmReminderEditor *self)
{
  g_autoptr(GError) error = NULL;
  const char *title = self->reminder_id != 0 ? _("Reschedule Reminder") : _("Set Reminder");

  adw_window_title_set_title (self->window_title, title);
  gtk_window_set_title (GTK_WINDOW (self), title);

  crm_client_picker_set_store (self->client_picker, self->store);
  crm_reminder_fields_set_store (self->fields, self->store);

  if (self->reminder_id != 0)
    {
      self->reminder = crm_store_get_reminder (self->store, self->reminder_id, &error);
      if (self->reminder == NULL)
        {
          self->load_failed = TRUE;
          show_error (self, error->message);
        }
    }

  if (self->reminder != NULL)
    {
      crm_client_picker_set_client (self->client_picker,
                                    crm_reminder_get_contact_id (self->reminder),
                                    crm_reminder_get_deal_id (self->reminder));
      crm_reminder_fields_set_due (self->fields, crm_reminder_get_effective_due (self->reminder));
      crm_reminder_fields_set_note (self->fields, crm_reminder_get_note (self->reminder));
      crm_reminder_fields_set_assignee (self->fields, crm_reminder_get_assignee_id (self->reminder));
      adw_window_title_set_subtitle (self->window_title, crm_reminder_get_contact_name (self->reminder));

      if (crm_reminder_get_is_done (self->reminder))
        show_error (self, _("This reminder is done. Its note and employee can be changed, but not its time."));
    }
  else if (!self->load_failed)
    {
      crm_client_picker_set_client (self->client_picker, self->preset_contact_id, self->preset_deal_id);
    }

  validate (self);
}

/* GObject */

static void
crm_reminder_editor_constructed (GObject *object)
{
  CrmReminderEditor *self = (CrmReminderEditor *)object;

  G_OBJECT_CLASS (crm_reminder_editor_parent_class)->constructed (object);

  g_assert (CRM_IS_STORE (self->store));

  load (self);

  if (crm_client_picker_get_contact_id (self->client_picker) == 0 && !self->load_failed)
    crm_client_picker_focus (self->client_picker);
  else
    crm_reminder_fields_focus (self->fields);
}

static void
crm_reminder_editor_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CRM_TYPE_REMINDER_EDITOR);

  G_OBJECT_CLASS (crm_reminder_editor_parent_class)->dispose (object);
}

static void
crm_reminder_editor_finalize (GObject *object)
{
  CrmReminderEditor *self = (CrmReminderEditor *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->reminder);

  G_OBJECT_CLASS (crm_reminder_editor_parent_class)->finalize (object);
}

static void
crm_reminder_editor_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  CrmReminderEditor *self = CRM_REMINDER_EDITOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_REMINDER_ID:
      g_value_set_int64 (value, self->reminder_id);
      break;

    case PROP_CONTACT_ID:
      g_value_set_int64 (value, self->preset_contact_id);
      break;

    case PROP_DEAL_ID:
      g_value_set_int64 (value, self->preset_deal_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_reminder_editor_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  CrmReminderEditor *self = CRM_REMINDER_EDITOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_REMINDER_ID:
      self->reminder_id = g_value_get_int64 (value);
      break;

    case PROP_CONTACT_ID:
      self->preset_contact_id = g_value_get_int64 (value);
      break;

    case PROP_DEAL_ID:
      self->preset_deal_id = g_value_get_int64 (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_reminder_editor_class_init (CrmReminderEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = crm_reminder_editor_constructed;
  object_class->dispose = crm_reminder_editor_dispose;
  object_class->finalize = crm_reminder_editor_finalize;
  object_class->get_property = crm_reminder_editor_get_property;
  object_class->set_property = crm_reminder_editor_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         CRM_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REMINDER_ID] =
    g_param_spec_int64 ("reminder-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONTACT_ID] =
    g_param_spec_int64 ("contact-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEAL_ID] =
    g_param_spec_int64 ("deal-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CrmReminderEditor::saved:
   * @self: the editor
   * @reminder_id: the reminder that was set or changed
   *
   * Emitted when the store took the reminder, just before the editor
   * closes.
   */
  signals[SAVED] = g_signal_new ("saved",
                                 G_TYPE_FROM_CLASS (klass),
                                 G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (CRM_TYPE_CLIENT_PICKER);
  g_type_ensure (CRM_TYPE_REMINDER_FIELDS);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/crm-reminder-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmReminderEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, CrmReminderEditor, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, CrmReminderEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, CrmReminderEditor, client_picker);
  gtk_widget_class_bind_template_child (widget_class, CrmReminderEditor, fields);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.cancel", NULL, cancel_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "editor.cancel", NULL);
}

static void
crm_reminder_editor_init (CrmReminderEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * crm_reminder_editor_new:
 * @parent: (nullable): the window the editor belongs to
 * @store: the store to read and write the reminder
 * @reminder_id: the reminder to change, or 0 for a new one
 * @contact_id: the client a new reminder is about, or 0
 * @deal_id: the deal a new reminder is about, or 0
 *
 * Returns: (transfer none): a new modal editor; present it
 */
CrmReminderEditor *
crm_reminder_editor_new (GtkWindow *parent,
                         CrmStore  *store,
                         gint64     reminder_id,
                         gint64     contact_id,
                         gint64     deal_id)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);

  return g_object_new (CRM_TYPE_REMINDER_EDITOR,
                       "transient-for", parent,
                       "store", store,
                       "reminder-id", reminder_id,
                       "contact-id", contact_id,
                       "deal-id", deal_id,
                       NULL);
}

gint64
crm_reminder_editor_get_reminder_id (CrmReminderEditor *self)
{
  g_return_val_if_fail (CRM_IS_REMINDER_EDITOR (self), 0);

  return self->reminder_id;
}
