/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "crm-store.h"

G_BEGIN_DECLS

/* The paging, caching and change tracking shared by the list models.
 * Internal to src/core: CrmPagedList, the base of the models, owns one
 * CrmPagedQuery and forwards its GListModel calls and the store's signals
 * to it. */

#define CRM_PAGED_QUERY_PAGE_SIZE 64
#define CRM_PAGED_QUERY_N_PAGES   8

/* The filter a model gives may use the parameters ?1 up to ?19; the paged
 * query numbers its own parameters from ?20 on. */
#define CRM_PAGED_QUERY_FIRST_PARAM 20

/**
 * CrmSortColumn:
 * @expr: an SQL expression over the table alias and the joins of the order
 * @nullable: whether @expr can be NULL; NULLs sort last in both directions
 *
 * One key of a sort order. The row id always follows as the last key, so
 * that the order is total.
 */
typedef struct
{
  const char *expr;
  gboolean    nullable;
} CrmSortColumn;

typedef struct _CrmPagedQuery CrmPagedQuery;

/* Binds the parameters of the model's filter (?1 to ?19). */
typedef void     (*CrmPagedQueryBindFunc) (CrmStatement  *stmt,
                                           gpointer       user_data);

/* Fills @item (a new object, or one handed out before for the same row)
 * from the row @id; FALSE when the row is gone. */
typedef gboolean (*CrmPagedQueryFillFunc) (CrmStore      *store,
                                           gint64         id,
                                           GObject       *item,
                                           gpointer       user_data);

CrmPagedQuery *crm_paged_query_new           (GListModel            *model,
                                              GParamSpec            *n_items_pspec,
                                              CrmStore              *store,
                                              GType                  item_type,
                                              const char            *table,
                                              const char            *alias,
                                              CrmPagedQueryFillFunc  fill,
                                              CrmPagedQueryBindFunc  bind,
                                              gpointer               user_data);
void           crm_paged_query_free          (CrmPagedQuery         *self);

/* Setting the order or the filter takes effect with the next
 * crm_paged_query_reload(). @count_sql, when not %NULL, reads the number of
 * rows that match @filter_sql faster than counting them would (a count the
 * database keeps); it has no parameters. */
void           crm_paged_query_set_order     (CrmPagedQuery         *self,
                                              const char            *joins,
                                              const CrmSortColumn   *columns,
                                              guint                  n_columns,
                                              gboolean               descending);
void           crm_paged_query_set_filter    (CrmPagedQuery         *self,
                                              const char            *filter_sql,
                                              const char            *count_sql);

guint          crm_paged_query_get_n_items   (CrmPagedQuery         *self);
gpointer       crm_paged_query_get_item      (CrmPagedQuery         *self,
                                              guint                  position);

/* Counts again and replaces everything: items-changed (0, old_n, new_n). */
void           crm_paged_query_reload        (CrmPagedQuery         *self);
/* Shown fields of any row may have changed and, with a sort on such a
 * field, the order too, but not which rows match: items-changed (0, n, n)
 * without counting again. A list that pages through sorted ids reads them
 * again instead, as crm_paged_query_reload() does. */
void           crm_paged_query_refresh       (CrmPagedQuery         *self);

/* Single-row changes, from the store's `changing` and `changed` signals. */
void           crm_paged_query_begin_change  (CrmPagedQuery         *self);
void           crm_paged_query_row_changing  (CrmPagedQuery         *self,
                                              gint64                 id);
void           crm_paged_query_row_changed   (CrmPagedQuery         *self,
                                              gint64                 id);
/* The row's shown fields changed but neither its place nor whether it
 * matches: items-changed (pos, 1, 1) when it is in the list. */
void           crm_paged_query_row_refreshed (CrmPagedQuery         *self,
                                              gint64                 id);

/* The position of a row in the list, or -1. */
gint64         crm_paged_query_find          (CrmPagedQuery         *self,
                                              gint64                 id);
/* Whether any row of the list meets @condition, an SQL expression over the
 * table alias in which ?20 is @value. */
gboolean       crm_paged_query_any           (CrmPagedQuery         *self,
                                              const char            *condition,
                                              gint64                 value);

/* The plan SQLite chose for one page, one step a line. When it has to
 * sort every matching row, the query pages through a sorted copy of the
 * ids instead. For tests and benchmarks. */
char          *crm_paged_query_dup_plan      (CrmPagedQuery         *self);

/* How many rows apart the anchors of far jumps are, how many there are
 * now, and which row anchor @index is, at which position (see
 * crm-paged-query.c). For tests and benchmarks. */
guint          crm_paged_query_get_anchor_spacing (CrmPagedQuery    *self);
guint          crm_paged_query_get_n_anchors      (CrmPagedQuery    *self);
gint64         crm_paged_query_get_anchor         (CrmPagedQuery    *self,
                                                   guint             index,
                                                   guint            *position);

G_END_DECLS
