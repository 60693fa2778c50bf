/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "crm-autostart.h"

/**
 * crm_autostart_get_path:
 *
 * Returns: (transfer full): where the autostart entry is written
 */
char *
crm_autostart_get_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "autostart", APPLICATION_ID ".desktop", NULL);
}

/**
 * crm_autostart_get_enabled:
 *
 * Returns: whether the autostart entry exists
 */
gboolean
crm_autostart_get_enabled (void)
{
  g_autofree char *path = crm_autostart_get_path ();

  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

static char *
entry_text (void)
{
  g_autoptr(GKeyFile) entry = g_key_file_new ();
  const char *group = G_KEY_FILE_DESKTOP_GROUP;

  g_key_file_set_string (entry, group, G_KEY_FILE_DESKTOP_KEY_TYPE, G_KEY_FILE_DESKTOP_TYPE_APPLICATION);
  g_key_file_set_string (entry, group, G_KEY_FILE_DESKTOP_KEY_NAME, _("Clientele"));
  g_key_file_set_string (entry, group, G_KEY_FILE_DESKTOP_KEY_COMMENT,
                         _("Pops up call reminders in the background"));
  g_key_file_set_string (entry, group, G_KEY_FILE_DESKTOP_KEY_ICON, APPLICATION_ID);
  g_key_file_set_string (entry, group, G_KEY_FILE_DESKTOP_KEY_EXEC, "clientele --background");
  g_key_file_set_boolean (entry, group, G_KEY_FILE_DESKTOP_KEY_TERMINAL, FALSE);
  g_key_file_set_boolean (entry, group, G_KEY_FILE_DESKTOP_KEY_NO_DISPLAY, TRUE);
  g_key_file_set_boolean (entry, group, "X-GNOME-Autostart-enabled", TRUE);

  return g_key_file_to_data (entry, NULL, NULL);
}

/**
 * crm_autostart_set_enabled:
 * @enabled: whether to start at login
 * @error: return location for a #GError
 *
 * Writes the autostart entry, or removes it. Removing one that is not
 * there succeeds.
 *
 * Returns: %TRUE on success
 */
gboolean
crm_autostart_set_enabled (gboolean   enabled,
                           GError   **error)
{
  g_autofree char *path = crm_autostart_get_path ();

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (enabled)
    {
      g_autofree char *dir = g_path_get_dirname (path);
      g_autofree char *text = entry_text ();

      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Cannot create the folder %s: %s"), dir, g_strerror (saved_errno));
          return FALSE;
        }

      if (!g_file_set_contents (path, text, -1, error))
        {
          g_prefix_error (error, _("Cannot set Clientele to start at login: "));
          return FALSE;
        }

      return TRUE;
    }

  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot stop Clientele from starting at login: %s"), g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}
