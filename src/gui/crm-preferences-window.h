/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crm-store.h"

G_BEGIN_DECLS

#define CRM_TYPE_PREFERENCES_WINDOW (crm_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (CrmPreferencesWindow, crm_preferences_window, CRM, PREFERENCES_WINDOW, AdwPreferencesWindow)

CrmPreferencesWindow *crm_preferences_window_new         (GtkWindow            *parent,
                                                          CrmStore             *store);
/* Sets the default country as if typed and applied; for tests. */
gboolean              crm_preferences_window_set_country (CrmPreferencesWindow *self,
                                                          const char           *text);
/* Adds a client detail as if typed and added; for tests. */
gboolean              crm_preferences_window_add_field   (CrmPreferencesWindow *self,
                                                          const char           *name);

G_END_DECLS
