/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "crm-phone.h"
#include "crm-preferences-window.h"

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

static void
crm_preferences_window_dispose (GObject *object)
{
  CrmPreferencesWindow *self = (CrmPreferencesWindow *)object;

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
  gtk_widget_class_bind_template_callback (widget_class, country_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, country_changed_cb);

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
