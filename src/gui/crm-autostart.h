/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Starting at login: an XDG autostart entry in the user's configuration
 * folder, ~/.config/autostart/APPLICATION_ID.desktop, that starts the
 * program in the background (clientele --background). */
char     *crm_autostart_get_path    (void);
gboolean  crm_autostart_get_enabled (void);
gboolean  crm_autostart_set_enabled (gboolean   enabled,
                                     GError   **error);

G_END_DECLS
