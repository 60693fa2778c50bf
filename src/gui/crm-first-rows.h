/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GListModel *crm_first_rows_model_new (GListModel *model,
                                      GtkWidget  *list_widget);
void        crm_first_rows_show_all  (GListModel *first_rows);
void        crm_first_rows_reach     (GListModel *first_rows,
                                      guint       position);

G_END_DECLS
