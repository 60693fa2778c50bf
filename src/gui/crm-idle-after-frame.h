/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

guint crm_idle_after_frame_add (GtkWidget      *widget,
                                GSourceFunc     func,
                                gpointer        data,
                                GDestroyNotify  notify);

G_END_DECLS
