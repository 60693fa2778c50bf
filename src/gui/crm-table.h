/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * CRM_TABLE_NO_SORT:
 *
 * The sort key of a column that SQL cannot sort by.
 */
#define CRM_TABLE_NO_SORT (-1)

/**
 * CrmTableColumn:
 * @id: the column's name in the layout setting
 * @title: the header, untranslated (marked with N_())
 * @cell: what the view's cells show in it, in the view's own terms
 * @property: the property of a row's item the cell shows, or %NULL
 * @sort_key: the SQL sort key of the column (see [class@SqlSorter]), or
 *   %CRM_TABLE_NO_SORT
 * @expand: whether the column takes a share of the room left
 * @width: the width in pixels the column starts with, or -1 for the width
 *   of its cells
 * @width_chars: the width of the cell's label in characters, or -1
 * @always_shown: why the column cannot be hidden, untranslated (marked
 *   with N_()), shown as the tooltip of its entry in the Columns menu;
 *   %NULL for a column that can be hidden
 *
 * A column of a [class@Table]. Views keep them in a static array, in the
 * default order.
 */
typedef struct
{
  const char *id;
  const char *title;
  int         cell;
  const char *property;
  int         sort_key;
  gboolean    expand;
  int         width;
  int         width_chars;
  const char *always_shown;
} CrmTableColumn;

typedef GtkWidget  *(*CrmTableSetupFunc) (const CrmTableColumn *column,
                                          GtkListItem          *list_item,
                                          gpointer              user_data);
typedef void        (*CrmTableBindFunc)  (const CrmTableColumn *column,
                                          GtkListItem          *list_item,
                                          GtkWidget            *child,
                                          gpointer              item,
                                          gpointer              user_data);
typedef void        (*CrmTableCellFunc)  (const CrmTableColumn *column,
                                          GtkListItem          *list_item,
                                          GtkWidget            *child,
                                          gpointer              user_data);
typedef gint64      (*CrmTableFindFunc)  (GListModel           *rows,
                                          gint64                id);
typedef void        (*CrmTableSortFunc)  (int                   key,
                                          gboolean              descending,
                                          gpointer              user_data);
typedef GMenuModel *(*CrmTableMenuFunc)  (gpointer              item,
                                          gpointer              user_data);

#define CRM_TYPE_TABLE (crm_table_get_type ())
G_DECLARE_FINAL_TYPE (CrmTable, crm_table, CRM, TABLE, GObject)

CrmTable             *crm_table_new                (GtkWidget             *owner,
                                                    GtkColumnView         *view,
                                                    const CrmTableColumn  *columns,
                                                    guint                  n_columns,
                                                    CrmTableSetupFunc      setup,
                                                    CrmTableBindFunc       bind,
                                                    gpointer               user_data);
void                  crm_table_keep_layout        (CrmTable              *self,
                                                    GSettings             *settings,
                                                    const char            *key,
                                                    GtkBox                *columns_box);
void                  crm_table_set_rows           (CrmTable              *self,
                                                    GListModel            *rows,
                                                    CrmTableFindFunc       find,
                                                    gboolean               autoselect);
void                  crm_table_keep_sort          (CrmTable              *self,
                                                    GSettings             *settings,
                                                    const char            *key,
                                                    const char            *descending_key,
                                                    GType                  sort_type,
                                                    CrmTableSortFunc       apply);
void                  crm_table_set_context_menu   (CrmTable              *self,
                                                    GMenuModel            *model,
                                                    CrmTableMenuFunc       build);
void                  crm_table_popup_context_menu (CrmTable              *self);

GtkSingleSelection   *crm_table_get_selection      (CrmTable              *self);
gpointer              crm_table_get_selected_item  (CrmTable              *self);
gint64                crm_table_get_selected_id    (CrmTable              *self);
void                  crm_table_hold_selection     (CrmTable              *self);
void                  crm_table_restore_selection  (CrmTable              *self);
void                  crm_table_select_position    (CrmTable              *self,
                                                    guint                  position,
                                                    gboolean               focus);
gboolean              crm_table_select_id          (CrmTable              *self,
                                                    gint64                 id,
                                                    gboolean               focus);
gboolean              crm_table_has_focus          (CrmTable              *self);
void                  crm_table_foreach_cell       (CrmTable              *self,
                                                    CrmTableCellFunc       func,
                                                    gpointer               user_data);

GtkWidget            *crm_table_label_new          (int                    width_chars);
GtkWidget            *crm_table_icon_new           (const char            *icon_name,
                                                    const char            *label);
void                  crm_table_cell_bind          (GtkListItem           *list_item,
                                                    gpointer               item,
                                                    const char            *property,
                                                    gpointer               target,
                                                    const char            *target_property,
                                                    GBindingTransformFunc  transform);
void                  crm_table_cell_connect       (GtkListItem           *list_item,
                                                    gpointer               item,
                                                    const char            *signal,
                                                    GCallback              callback,
                                                    gpointer               data);
const CrmTableColumn *crm_table_cell_get_column    (GtkListItem           *list_item);

G_END_DECLS
