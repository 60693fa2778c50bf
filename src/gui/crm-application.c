/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-application.h"
#include "crm-autostart.h"
#include "crm-notifier.h"
#include "crm-window.h"

struct _CrmApplication
{
  AdwApplication  parent_instance;

  char           *database_path;
  CrmStore       *store;
  GError         *open_error;

  /* Reminders, and running without a window for them. */
  GSettings      *settings;
  CrmNotifier    *notifier;
  gboolean        started_in_background;
  gboolean        skip_activation;
  gboolean        held;
};

G_DEFINE_FINAL_TYPE (CrmApplication, crm_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "database", 'd', 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Open this database file instead of the default one"), N_("PATH") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and quit"), NULL },
  { "background", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Start without a window, to pop up reminders (as at login)"), NULL },
  { NULL }
};

static int
crm_application_handle_local_options (GApplication *application,
                                      GVariantDict *options)
{
  CrmApplication *self = CRM_APPLICATION (application);
  const char *path = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("clientele %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "database", "^&ay", &path))
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);

      /* Another file is another instance: it must not be handed to the
       * window that already shows the default database. */
      self->database_path = g_file_get_path (file);
      g_application_set_flags (application,
                               g_application_get_flags (application) | G_APPLICATION_NON_UNIQUE);
    }

  /* An instance that is running already pops up the reminders; asking it
   * to "start in the background" must not open its window. */
  if (g_variant_dict_contains (options, "background"))
    {
      g_autoptr(GError) error = NULL;

      if (!g_application_register (application, NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      if (g_application_get_is_remote (application))
        return 0;

      self->started_in_background = TRUE;
      self->skip_activation = TRUE;
    }

  return -1;
}

/* Keeps the application running without a window while it has reminders
 * to pop up (or was started at login for them) and the user lets it run
 * in the background; lets it quit with its last window otherwise. */
static void
update_hold (CrmApplication *self)
{
  gboolean want = FALSE;

  if (self->notifier != NULL && g_settings_get_boolean (self->settings, "run-in-background"))
    want = self->started_in_background || crm_notifier_get_busy (self->notifier);

  if (want == self->held)
    return;

  self->held = want;
  if (want)
    g_application_hold (G_APPLICATION (self));
  else
    g_application_release (G_APPLICATION (self));
}

static void
report_error (CrmApplication *self,
              const GError   *error)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (ADW_IS_PREFERENCES_WINDOW (window))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (window), adw_toast_new (error->message));
  else if (CRM_IS_WINDOW (window))
    crm_window_add_toast (CRM_WINDOW (window), adw_toast_new (error->message));
  else
    g_warning ("%s", error->message);
}

static void
start_at_login_changed_cb (CrmApplication *self)
{
  g_autoptr(GError) error = NULL;

  if (!crm_autostart_set_enabled (g_settings_get_boolean (self->settings, "start-at-login"), &error))
    report_error (self, error);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  CrmApplication *self = user_data;
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Closing windows first lets each one save its state. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);

  g_application_quit (G_APPLICATION (self));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = user_data;
  const char *developers[] = { _("The Clientele developers"), NULL };
  GtkWindow *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-name", _("Clientele"),
                        "application-icon", APPLICATION_ID,
                        "developer-name", _("The Clientele developers"),
                        "version", PACKAGE_VERSION,
                        "website", "https://github.com/clientele/clientele",
                        "developers", developers,
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (about);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
};

static void
crm_application_startup (GApplication *application)
{
  CrmApplication *self = CRM_APPLICATION (application);
  GtkApplication *app = GTK_APPLICATION (application);
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  G_APPLICATION_CLASS (crm_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (app, "app.quit", (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (app, "win.preferences", (const char *[]) { "<Control>comma", NULL });
  gtk_application_set_accels_for_action (app, "win.show-help-overlay", (const char *[]) { "<Control>question", NULL });

  gtk_css_provider_load_from_resource (css, RESOURCE_PREFIX "/ui/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  if (self->store == NULL)
    self->store = crm_store_open (self->database_path, &self->open_error);
  if (self->store != NULL)
    crm_store_watch_external_changes (self->store, 1000);

  self->settings = g_settings_new (APPLICATION_ID);
  g_signal_connect_swapped (self->settings, "changed::run-in-background", G_CALLBACK (update_hold), self);
  g_signal_connect_swapped (self->settings, "changed::start-at-login", G_CALLBACK (start_at_login_changed_cb), self);

  /* The entry may have been lost (a new home folder); the setting says
   * what the user asked for. It is only removed when the user says so. */
  if (g_settings_get_boolean (self->settings, "start-at-login") && !crm_autostart_get_enabled ())
    start_at_login_changed_cb (self);

  if (self->store != NULL)
    {
      /* What fell due while the program was not running pops up now. */
      self->notifier = crm_notifier_new (app, self->store);
      g_signal_connect_swapped (self->notifier, "notify::busy", G_CALLBACK (update_hold), self);
      crm_notifier_start (self->notifier);
    }

  update_hold (self);
}

static void
open_error_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        CrmApplication   *self)
{
  g_application_release (G_APPLICATION (self));
}

static void
crm_application_activate (GApplication *application)
{
  CrmApplication *self = CRM_APPLICATION (application);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  /* Started at login: reminders only, no window until one is asked for. */
  if (self->skip_activation)
    {
      self->skip_activation = FALSE;
      if (self->store != NULL)
        return;
    }

  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  if (self->store == NULL)
    {
      GtkWidget *dialog;

      /* Without its database there is nothing to show; say why, plainly,
       * and leave the file as it is. */
      dialog = adw_message_dialog_new (NULL, _("The Database Cannot Be Opened"),
                                       self->open_error ? self->open_error->message : NULL);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
      g_application_hold (application);
      g_signal_connect (dialog, "response", G_CALLBACK (open_error_response_cb), self);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  window = GTK_WINDOW (crm_window_new (self, self->store));
  gtk_window_present (window);
}

static void
crm_application_shutdown (GApplication *application)
{
  CrmApplication *self = CRM_APPLICATION (application);

  if (self->store != NULL)
    crm_store_watch_external_changes (self->store, 0);

  /* Pop-ups whose buttons nobody would answer go with the program. */
  if (self->notifier != NULL)
    g_signal_handlers_disconnect_by_data (self->notifier, self);
  g_clear_object (&self->notifier);
  if (self->held)
    {
      self->held = FALSE;
      g_application_release (application);
    }

  G_APPLICATION_CLASS (crm_application_parent_class)->shutdown (application);
}

static void
crm_application_dispose (GObject *object)
{
  CrmApplication *self = (CrmApplication *)object;

  if (self->notifier != NULL)
    g_signal_handlers_disconnect_by_data (self->notifier, self);
  g_clear_object (&self->notifier);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (crm_application_parent_class)->dispose (object);
}

static void
crm_application_finalize (GObject *object)
{
  CrmApplication *self = (CrmApplication *)object;

  g_clear_object (&self->store);
  g_clear_error (&self->open_error);
  g_clear_pointer (&self->database_path, g_free);

  G_OBJECT_CLASS (crm_application_parent_class)->finalize (object);
}

static void
crm_application_class_init (CrmApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = crm_application_dispose;
  object_class->finalize = crm_application_finalize;
  app_class->handle_local_options = crm_application_handle_local_options;
  app_class->startup = crm_application_startup;
  app_class->activate = crm_application_activate;
  app_class->shutdown = crm_application_shutdown;
}

static void
crm_application_init (CrmApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
}

CrmApplication *
crm_application_new (void)
{
  return g_object_new (CRM_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}

/**
 * crm_application_new_for_store:
 * @store: an open database
 *
 * Makes an application that shows @store instead of opening a file, and
 * that is not unique, so it runs beside any other instance. The GUI tests
 * drive the real window this way.
 *
 * Returns: (transfer full): a new application
 */
CrmApplication *
crm_application_new_for_store (CrmStore *store)
{
  CrmApplication *self;

  g_return_val_if_fail (CRM_IS_STORE (store), NULL);

  self = g_object_new (CRM_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
  self->store = g_object_ref (store);

  return self;
}

/**
 * crm_application_get_store:
 * @self: a #CrmApplication
 *
 * Returns: (transfer none) (nullable): the open database, %NULL when it
 *   could not be opened
 */
CrmStore *
crm_application_get_store (CrmApplication *self)
{
  g_return_val_if_fail (CRM_IS_APPLICATION (self), NULL);

  return self->store;
}

/**
 * crm_application_get_notifier:
 * @self: a #CrmApplication
 *
 * Returns: (transfer none) (nullable): what pops up the reminders, %NULL
 *   before startup or when the database could not be opened
 */
CrmNotifier *
crm_application_get_notifier (CrmApplication *self)
{
  g_return_val_if_fail (CRM_IS_APPLICATION (self), NULL);

  return self->notifier;
}

/**
 * crm_application_get_in_background:
 * @self: a #CrmApplication
 *
 * Returns: whether the application keeps itself running without a window,
 *   for the reminders
 */
gboolean
crm_application_get_in_background (CrmApplication *self)
{
  g_return_val_if_fail (CRM_IS_APPLICATION (self), FALSE);

  return self->held;
}
