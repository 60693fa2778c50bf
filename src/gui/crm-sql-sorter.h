/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CRM_TYPE_SQL_SORTER (crm_sql_sorter_get_type ())
G_DECLARE_FINAL_TYPE (CrmSqlSorter, crm_sql_sorter, CRM, SQL_SORTER, GtkSorter)

CrmSqlSorter *crm_sql_sorter_new              (int                  key);
int           crm_sql_sorter_get_key          (CrmSqlSorter        *self);
void          crm_sql_sorter_set_key          (CrmSqlSorter        *self,
                                               int                  key);

gboolean      crm_sql_sorter_get_primary      (GtkColumnView       *view,
                                               int                 *key,
                                               gboolean            *descending);
gboolean      crm_sql_sorter_sort_view_by_key (GtkColumnView       *view,
                                               int                  key,
                                               gboolean             descending);

G_END_DECLS
