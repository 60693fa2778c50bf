/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "crm-phone.h"
#include "crm-preferences-window.h"
#include "crm-store-fields.h"
#include "crm-text.h"

struct _CrmPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  CrmStore             *store;
  GSettings            *settings;

  /* Template children */
  GtkSwitch            *background_switch;
  GtkSwitch            *login_switch;
  AdwEntryRow          *country_row;
  GtkLabel             *country_error;
  GtkListBox           *fields_list;
  AdwEntryRow          *add_field_row;
  GtkButton            *add_field_button;
  GtkLabel             *fields_error;

  guint                 fields_idle;
};

G_DEFINE_FINAL_TYPE (CrmPreferencesWindow, crm_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
show_country_error (CrmPreferencesWindow *self,
                    const char           *message)
{
  gtk_label_set_text (self->country_error, message);
  gtk_widget_set_visible (GTK_WIDGET (self->country_error), message != NULL);

  if (message != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->country_row), "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->country_row),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->country_row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                      -1);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->country_row), "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (self->country_row), GTK_ACCESSIBLE_STATE_INVALID);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->country_row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

static void
country_changed_cb (CrmPreferencesWindow *self)
{
  /* The message was about what was typed before. */
  show_country_error (self, NULL);
}

static void
country_apply_cb (CrmPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->country_row));

  crm_preferences_window_set_country (self, text);
}

/* Client details: the custom fields of client cards. Each is a row with
 * its name (edit and apply to rename), up, down and delete; the list is
 * read again whenever the store says anything may have changed, which it
 * does after every change of a field, ours or another program's. */

enum {
  FOCUS_NONE,
  FOCUS_NAME,
  FOCUS_UP,
  FOCUS_DOWN,
  FOCUS_DELETE,
};

static void
show_fields_error (CrmPreferencesWindow *self,
                   const char           *message)
{
  gtk_label_set_text (self->fields_error, message);
  gtk_widget_set_visible (GTK_WIDGET (self->fields_error), message != NULL);
  if (message != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->fields_list),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self->fields_list),
                                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

static gint64
widget_field_id (GtkWidget *widget)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_ENTRY_ROW);
  const gint64 *id = row != NULL ? g_object_get_data (G_OBJECT (row), "field-id") : NULL;

  return id != NULL ? *id : 0;
}

static void
field_rename_cb (AdwEntryRow          *row,
                 CrmPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  gint64 id = widget_field_id (GTK_WIDGET (row));

  if (!crm_store_rename_custom_field (self->store, id,
                                      gtk_editable_get_text (GTK_EDITABLE (row)), &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      show_fields_error (self, error->message);
      return;
    }

  show_fields_error (self, NULL);
}

static void
field_text_changed_cb (AdwEntryRow          *row,
                       CrmPreferencesWindow *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  show_fields_error (self, NULL);
}

static void
field_move (CrmPreferencesWindow *self,
            GtkWidget            *button,
            int                   step)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *row = gtk_widget_get_ancestor (button, ADW_TYPE_ENTRY_ROW);
  int index = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row));

  if (!crm_store_move_custom_field (self->store, widget_field_id (button), index + step, &error))
    show_fields_error (self, error->message);
  else
    show_fields_error (self, NULL);
}

static void
field_up_cb (GtkButton            *button,
             CrmPreferencesWindow *self)
{
  field_move (self, GTK_WIDGET (button), -1);
}

static void
field_down_cb (GtkButton            *button,
               CrmPreferencesWindow *self)
{
  field_move (self, GTK_WIDGET (button), 1);
}

static void
delete_field_response_cb (AdwMessageDialog     *dialog,
                          const char           *response,
                          CrmPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  const gint64 *id = g_object_get_data (G_OBJECT (dialog), "field-id");

  if (g_strcmp0 (response, "delete") != 0 || id == NULL)
    return;

  if (!crm_store_delete_custom_field (self->store, *id, &error))
    show_fields_error (self, error->message);
  else
    show_fields_error (self, NULL);
}

static void
field_delete_cb (GtkButton            *button,
                 CrmPreferencesWindow *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_ENTRY_ROW);
  const char *name = g_object_get_data (G_OBJECT (row), "field-name");
  gint64 id = widget_field_id (GTK_WIDGET (button));
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL);
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Delete “%s”?"), name);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("The detail disappears from every client card. What clients "
                                 "have in it is kept, but no longer shown."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "field-id", g_memdup2 (&id, sizeof id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_field_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
field_button_new (CrmPreferencesWindow *self,
                  const char           *icon_name,
                  const char           *tooltip,
                  const char           *label,
                  gboolean              sensitive,
                  GCallback             callback)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (button, sensitive);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  g_signal_connect_object (button, "clicked", callback, self, 0);
  return button;
}

static void
load_fields (CrmPreferencesWindow *self)
{
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GError) error = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *child;
  GtkWidget *focus_target = NULL;
  gint64 focus_id = 0;
  int focus_kind = FOCUS_NONE;

  /* Keep the keyboard where it was: on the same button of the same field. */
  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->fields_list)))
    {
      GtkWidget *button = GTK_IS_BUTTON (focus) ? focus : gtk_widget_get_ancestor (focus, GTK_TYPE_BUTTON);

      focus_id = widget_field_id (focus);
      focus_kind = button != NULL ? GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "focus-kind"))
                                  : FOCUS_NAME;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->fields_list))) != NULL)
    gtk_list_box_remove (self->fields_list, child);

  fields = crm_store_list_custom_fields (self->store, CRM_ENTITY_CONTACT, &error);
  if (fields == NULL)
    {
      show_fields_error (self, error->message);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->fields_list), fields->len > 0);

  for (guint i = 0; i < fields->len; i++)
    {
      const CrmCustomField *field = g_ptr_array_index (fields, i);
      g_autofree char *up_label = g_strdup_printf (_("Move “%s” up"), field->name);
      g_autofree char *down_label = g_strdup_printf (_("Move “%s” down"), field->name);
      g_autofree char *delete_label = g_strdup_printf (_("Delete “%s”"), field->name);
      GtkWidget *row = adw_entry_row_new ();
      GtkWidget *up, *down, *delete;

      /* Translators: the title above a client detail's name, which can be edited. */
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Name"));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
      gtk_editable_set_text (GTK_EDITABLE (row), field->name);
      g_object_set_data_full (G_OBJECT (row), "field-id",
                              g_memdup2 (&field->id, sizeof field->id), g_free);
      g_object_set_data_full (G_OBJECT (row), "field-name", g_strdup (field->name), g_free);
      g_signal_connect_object (row, "apply", G_CALLBACK (field_rename_cb), self, 0);
      g_signal_connect_object (row, "changed", G_CALLBACK (field_text_changed_cb), self, 0);

      up = field_button_new (self, "go-up-symbolic", _("Move up"), up_label, i > 0,
                             G_CALLBACK (field_up_cb));
      down = field_button_new (self, "go-down-symbolic", _("Move down"), down_label, i + 1 < fields->len,
                               G_CALLBACK (field_down_cb));
      delete = field_button_new (self, "user-trash-symbolic", _("Delete…"), delete_label, TRUE,
                                 G_CALLBACK (field_delete_cb));
      g_object_set_data (G_OBJECT (up), "focus-kind", GINT_TO_POINTER (FOCUS_UP));
      g_object_set_data (G_OBJECT (down), "focus-kind", GINT_TO_POINTER (FOCUS_DOWN));
      g_object_set_data (G_OBJECT (delete), "focus-kind", GINT_TO_POINTER (FOCUS_DELETE));
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), up);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), down);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), delete);

      gtk_list_box_append (self->fields_list, row);

      if (field->id == focus_id)
        {
          switch (focus_kind)
            {
            case FOCUS_UP:     focus_target = i > 0 ? up : row; break;
            case FOCUS_DOWN:   focus_target = i + 1 < fields->len ? down : row; break;
            case FOCUS_DELETE: focus_target = delete; break;
            case FOCUS_NAME:
            case FOCUS_NONE:
            default:           focus_target = row; break;
            }
        }
    }

  if (focus_target != NULL)
    gtk_widget_grab_focus (focus_target);
  else if (focus_id != 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->add_field_row));
}

static gboolean
load_fields_idle_cb (gpointer user_data)
{
  CrmPreferencesWindow *self = user_data;

  self->fields_idle = 0;
  load_fields (self);
  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (CrmPreferencesWindow *self,
                  int                   kind,
                  gint64                id)
{
  /* Not at once: the change may come from a handler of a row that the
   * new list replaces. */
  if (kind == CRM_ENTITY_ANY && self->fields_idle == 0)
    self->fields_idle = g_idle_add (load_fields_idle_cb, self);
}

static void
field_name_changed_cb (CrmPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->add_field_row));

  gtk_widget_set_sensitive (GTK_WIDGET (self->add_field_button), !crm_text_is_blank (text));
  gtk_widget_remove_css_class (GTK_WIDGET (self->add_field_row), "error");
  show_fields_error (self, NULL);
}

static void
add_field_cb (CrmPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->add_field_row));

  if (crm_text_is_blank (text))
    return;

  if (crm_preferences_window_add_field (self, text))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->add_field_row), "");
      gtk_widget_grab_focus (GTK_WIDGET (self->add_field_row));
    }
}

static void
crm_preferences_window_dispose (GObject *object)
{
  CrmPreferencesWindow *self = (CrmPreferencesWindow *)object;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_handle_id (&self->fields_idle, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (crm_preferences_window_parent_class)->dispose (object);
}

static void
crm_preferences_window_finalize (GObject *object)
{
  CrmPreferencesWindow *self = (CrmPreferencesWindow *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (crm_preferences_window_parent_class)->finalize (object);
}

static void
crm_preferences_window_class_init (CrmPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crm_preferences_window_dispose;
  object_class->finalize = crm_preferences_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/crm-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmPreferencesWindow, background_switch);
  gtk_widget_class_bind_template_child (widget_class, CrmPreferencesWindow, login_switch);
  gtk_widget_class_bind_template_child (widget_class, CrmPreferencesWindow, country_row);
  gtk_widget_class_bind_template_child (widget_class, CrmPreferencesWindow, country_error);
  gtk_widget_class_bind_template_child (widget_class, CrmPreferencesWindow, fields_list);
  gtk_widget_class_bind_template_child (widget_class, CrmPreferencesWindow, add_field_row);
  gtk_widget_class_bind_template_child (widget_class, CrmPreferencesWindow, add_field_button);
  gtk_widget_class_bind_template_child (widget_class, CrmPreferencesWindow, fields_error);
  gtk_widget_class_bind_template_callback (widget_class, country_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, country_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_field_cb);
  gtk_widget_class_bind_template_callback (widget_class, field_name_changed_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
crm_preferences_window_init (CrmPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APPLICATION_ID);
  g_settings_bind (self->settings, "run-in-background",
                   self->background_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "start-at-login",
                   self->login_switch, "active", G_SETTINGS_BIND_DEFAULT);
}

/**
 * crm_preferences_window_new:
 * @parent: (nullable): the window it belongs to
 * @store: the store whose settings it edits
 *
 * Returns: (transfer none): a new preferences window, not shown yet
 */
CrmPreferencesWindow *
crm_preferences_window_new (GtkWindow *parent,
                            CrmStore  *store)
{
  CrmPreferencesWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);

  self = g_object_new (CRM_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "application", parent ? gtk_window_get_application (parent) : NULL,
                       NULL);
  self->store = g_object_ref (store);

  /* Kept in the database, so clientele-cli reads numbers the same way. */
  gtk_editable_set_text (GTK_EDITABLE (self->country_row), crm_store_get_default_country (store));
  show_country_error (self, NULL);

  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  load_fields (self);

  return self;
}

/**
 * crm_preferences_window_set_country:
 * @self: a #CrmPreferencesWindow
 * @text: what was typed: an ISO 3166 code such as "LV"
 *
 * Saves @text as the default country, or shows below the entry why it
 * cannot be.
 *
 * Returns: %TRUE if it was saved
 */
gboolean
crm_preferences_window_set_country (CrmPreferencesWindow *self,
                                    const char           *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  g_return_val_if_fail (CRM_IS_PREFERENCES_WINDOW (self), FALSE);

  code = g_strstrip (g_ascii_strup (text ? text : "", -1));

  /* Typed in lower case is fine as it is; set from elsewhere, show it. */
  if (g_ascii_strcasecmp (gtk_editable_get_text (GTK_EDITABLE (self->country_row)), code) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->country_row), code);

  if (code[0] != '\0' && strlen (code) == 2 && crm_phone_country_calling_code (code) == NULL)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is what was typed, such as "XY". */
      message = g_strdup_printf (_("“%s” is not a country whose phone numbers Clientele knows"), code);
      show_country_error (self, message);
      return FALSE;
    }

  if (!crm_store_set_default_country (self->store, code, &error))
    {
      show_country_error (self, error->message);
      return FALSE;
    }

  show_country_error (self, NULL);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (_("Default country saved")));
  return TRUE;
}

/**
 * crm_preferences_window_add_field:
 * @self: a #CrmPreferencesWindow
 * @name: the name of a new client detail
 *
 * Adds a detail to client cards as if typed and added, or shows below the
 * list why it cannot be.
 *
 * Returns: %TRUE if it was added
 */
gboolean
crm_preferences_window_add_field (CrmPreferencesWindow *self,
                                  const char           *name)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (CRM_IS_PREFERENCES_WINDOW (self), FALSE);

  if (crm_store_add_custom_field (self->store, CRM_ENTITY_CONTACT, name, &error) == 0)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->add_field_row), "error");
      show_fields_error (self, error->message);
      return FALSE;
    }

  show_fields_error (self, NULL);
  return TRUE;
}
