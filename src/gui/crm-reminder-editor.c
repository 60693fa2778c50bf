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
  CrmEditorWindow    parent_instance;

  gint64             reminder_id;
  gint64             preset_deal_id;
  CrmReminder       *reminder;

  /* Template children */
  CrmClientPicker   *client_picker;
  CrmReminderFields *fields;

  gboolean           load_failed;
};

G_DEFINE_FINAL_TYPE (CrmReminderEditor, crm_reminder_editor, CRM_TYPE_EDITOR_WINDOW)

enum {
  PROP_0,
  PROP_REMINDER_ID,
  PROP_DEAL_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static CrmStore *
get_store (CrmReminderEditor *self)
{
  return crm_editor_window_get_store (CRM_EDITOR_WINDOW (self));
}

static void
changed_cb (CrmReminderEditor *self)
{
  crm_editor_window_validate (CRM_EDITOR_WINDOW (self));
}

static void
activate_cb (CrmReminderEditor *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "editor.save", NULL);
}

/* Saving */

static gboolean
save_changes (CrmReminderEditor  *self,
              GError            **error)
{
  CrmStore *store = get_store (self);
  g_autoptr(CrmReminder) copy = crm_reminder_copy (self->reminder);
  gint64 old_due = crm_reminder_get_effective_due (self->reminder);
  gint64 due = 0;

  crm_reminder_fields_get_due (self->fields, &due);

  if (!crm_store_begin (store, error))
    return FALSE;

  /* A new time is a rescheduling, which also ends a snooze; what is shown
   * as "when" is the snoozed time, so leaving it alone keeps the snooze. */
  if (due != old_due)
    {
      if (!crm_store_reschedule_reminder (store, self->reminder_id, due, error))
        goto failed;
      crm_reminder_set_due_at (copy, due);
    }

  crm_reminder_set_contact_id (copy, crm_client_picker_get_contact_id (self->client_picker));
  crm_reminder_set_deal_id (copy, crm_client_picker_get_deal_id (self->client_picker));
  crm_reminder_set_assignee_id (copy, crm_reminder_fields_get_assignee (self->fields));
  crm_reminder_set_note (copy, crm_reminder_fields_get_note (self->fields));
  if (!crm_store_update_reminder (store, copy, error))
    goto failed;

  return crm_store_commit (store, error);

failed:
  crm_store_rollback (store);
  return FALSE;
}

/* Loading */

static void
load (CrmReminderEditor *self)
{
  CrmEditorWindow *editor = CRM_EDITOR_WINDOW (self);
  CrmStore *store = get_store (self);
  g_autoptr(GError) error = NULL;

  gtk_window_set_title (GTK_WINDOW (self),
                        self->reminder_id != 0 ? _("Reschedule Reminder") : _("Set Reminder"));

  crm_client_picker_set_store (self->client_picker, store);
  crm_reminder_fields_set_store (self->fields, store);

  if (self->reminder_id != 0)
    {
      self->reminder = crm_store_get_reminder (store, self->reminder_id, &error);
      if (self->reminder == NULL)
        {
          self->load_failed = TRUE;
          crm_editor_window_show_error (editor, error->message);
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
      crm_editor_window_set_subtitle (editor, crm_reminder_get_contact_name (self->reminder));

      if (crm_reminder_get_is_done (self->reminder))
        crm_editor_window_show_error (editor, _("This reminder is done. Its note and employee can be "
                                                "changed, but not its time."));
    }
  else if (!self->load_failed)
    {
      crm_client_picker_set_client (self->client_picker,
                                    crm_editor_window_get_contact_id (editor),
                                    self->preset_deal_id);
    }

  crm_editor_window_validate (editor);
}

/* CrmEditorWindow */

static CrmEditorCheck
crm_reminder_editor_check (CrmEditorWindow *editor)
{
  CrmReminderEditor *self = CRM_REMINDER_EDITOR (editor);
  gboolean client_ok, fields_ok;

  /* A missing client is only pointed out once the user tried to save, so
   * Save stays available until then to say so. */
  client_ok = crm_client_picker_validate (self->client_picker, crm_editor_window_get_tried_to_save (editor));
  fields_ok = crm_reminder_fields_validate (self->fields);

  if (self->load_failed || !fields_ok)
    return CRM_EDITOR_INVALID;

  return client_ok ? CRM_EDITOR_VALID : CRM_EDITOR_INCOMPLETE;
}

static gint64
crm_reminder_editor_save (CrmEditorWindow  *editor,
                          GError          **error)
{
  CrmReminderEditor *self = CRM_REMINDER_EDITOR (editor);
  g_autoptr(CrmReminder) reminder = NULL;
  gint64 id;

  if (self->reminder_id != 0)
    return save_changes (self, error) ? self->reminder_id : 0;

  reminder = crm_reminder_fields_new_reminder (self->fields,
                                               crm_client_picker_get_contact_id (self->client_picker),
                                               crm_client_picker_get_deal_id (self->client_picker));
  id = crm_store_add_reminder (get_store (self), reminder, error);
  if (id != 0)
    self->reminder_id = id;

  return id;
}

static char *
crm_reminder_editor_dup_state (CrmEditorWindow *editor)
{
  CrmReminderEditor *self = CRM_REMINDER_EDITOR (editor);
  gint64 due = 0;
  gboolean due_ok = crm_reminder_fields_get_due (self->fields, &due);

  /* The time as it reads, so that 9.15 and 09:15 are the same time. */
  return g_strdup_printf ("%" G_GINT64_FORMAT "\x1f%" G_GINT64_FORMAT "\x1f"
                          "%d:%" G_GINT64_FORMAT "\x1f%" G_GINT64_FORMAT "\x1f%s",
                          crm_client_picker_get_contact_id (self->client_picker),
                          crm_client_picker_get_deal_id (self->client_picker),
                          due_ok, due,
                          crm_reminder_fields_get_assignee (self->fields),
                          crm_reminder_fields_get_note (self->fields));
}

static void
crm_reminder_editor_focus_problem (CrmEditorWindow *editor)
{
  CrmReminderEditor *self = CRM_REMINDER_EDITOR (editor);

  if (crm_client_picker_get_contact_id (self->client_picker) == 0)
    crm_client_picker_focus (self->client_picker);
}

/* GObject */

static void
crm_reminder_editor_constructed (GObject *object)
{
  CrmReminderEditor *self = (CrmReminderEditor *)object;

  G_OBJECT_CLASS (crm_reminder_editor_parent_class)->constructed (object);

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
    case PROP_REMINDER_ID:
      g_value_set_int64 (value, self->reminder_id);
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
    case PROP_REMINDER_ID:
      self->reminder_id = g_value_get_int64 (value);
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
  CrmEditorWindowClass *editor_class = CRM_EDITOR_WINDOW_CLASS (klass);

  object_class->constructed = crm_reminder_editor_constructed;
  object_class->dispose = crm_reminder_editor_dispose;
  object_class->finalize = crm_reminder_editor_finalize;
  object_class->get_property = crm_reminder_editor_get_property;
  object_class->set_property = crm_reminder_editor_set_property;

  editor_class->check = crm_reminder_editor_check;
  editor_class->save = crm_reminder_editor_save;
  editor_class->focus_problem = crm_reminder_editor_focus_problem;
  editor_class->dup_state = crm_reminder_editor_dup_state;

  /**
   * CrmReminderEditor:reminder-id:
   *
   * The reminder to change, or 0 while a new one is set; the new one's
   * once it is saved.
   */
  properties[PROP_REMINDER_ID] =
    g_param_spec_int64 ("reminder-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * CrmReminderEditor:deal-id:
   *
   * The deal a new reminder starts with, or 0.
   */
  properties[PROP_DEAL_ID] =
    g_param_spec_int64 ("deal-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CRM_TYPE_CLIENT_PICKER);
  g_type_ensure (CRM_TYPE_REMINDER_FIELDS);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/crm-reminder-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmReminderEditor, client_picker);
  gtk_widget_class_bind_template_child (widget_class, CrmReminderEditor, fields);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);
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
 * Returns: (transfer none): a new modal editor; present it. It emits
 *   #CrmEditorWindow::saved with the reminder's id when the store took it.
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
