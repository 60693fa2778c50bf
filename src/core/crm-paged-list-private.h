/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "crm-database.h"
#include "crm-paged-list.h"
#include "crm-paged-query.h"
#include "crm-store.h"

G_BEGIN_DECLS

/* What the subclasses of CrmPagedList share. Internal to src/core. */

/**
 * CrmListFilterType:
 * @CRM_LIST_FILTER_INT64: a #gint64 that filters unless it is `unset`
 * @CRM_LIST_FILTER_ENUM: an enum that filters when it is one of the
 *   `n_values` values from 0 up; init sets it to `unset`
 * @CRM_LIST_FILTER_BOOLEAN: a #gboolean that filters when %TRUE; no
 *   parameter
 * @CRM_LIST_FILTER_TEXT: a string that filters when not blank; its value
 *   is cleaned (crm_text_clean())
 * @CRM_LIST_FILTER_TAG: a string that filters when not blank; its value is
 *   cleaned and folded (crm_text_fold()), as tags are matched
 *
 * The kinds of members a public filter struct is made of.
 */
typedef enum
{
  CRM_LIST_FILTER_INT64,
  CRM_LIST_FILTER_ENUM,
  CRM_LIST_FILTER_BOOLEAN,
  CRM_LIST_FILTER_TEXT,
  CRM_LIST_FILTER_TAG,
} CrmListFilterType;

/**
 * CrmListFilterField:
 * @offset: where the member is in the filter struct (G_STRUCT_OFFSET())
 * @type: what it holds
 * @param: the parameter of @condition its value is bound to (1 to 19), or 0
 * @condition: SQL over the table alias that rows meet while it filters
 * @unset: for INT64 and ENUM, the value that lets every row through
 * @n_values: for ENUM, how many values it has
 *
 * One member of a filter struct.
 */
typedef struct
{
  gsize              offset;
  CrmListFilterType  type;
  int                param;
  const char        *condition;
  gint64             unset;
  int                n_values;
} CrmListFilterField;

/**
 * CrmListFilterInfo:
 * @size: the size of the filter struct
 * @base: (nullable): a condition that every row of the list meets
 * @fields: (array length=n_fields): its members that filter
 * @n_fields: how many
 *
 * A filter struct (such as #CrmDealFilter): which rows each member lets
 * through. Only conditions in use go into the SQL, so that SQLite plans
 * each combination on its own (and the statement cache keeps each).
 */
typedef struct
{
  gsize                     size;
  const char               *base;
  const CrmListFilterField *fields;
  guint                     n_fields;
} CrmListFilterInfo;

void     _crm_list_filter_init  (const CrmListFilterInfo *info,
                                 gpointer                 filter);
void     _crm_list_filter_clear (const CrmListFilterInfo *info,
                                 gpointer                 filter);
void     _crm_list_filter_copy  (const CrmListFilterInfo *info,
                                 gconstpointer            src,
                                 gpointer                 dest);
gboolean _crm_list_filter_equal (const CrmListFilterInfo *info,
                                 gconstpointer            a,
                                 gconstpointer            b);

/**
 * CrmPagedListInfo:
 * @item_type: the get_type function of the items
 * @table: the table of the rows ("deals")
 * @alias: the name the SQL of the orders and the filter gives it ("d")
 * @kind: the kind of the rows in the store's signals
 * @fill: fills an item from a row; its user data is the list
 * @sorts: (array length=n_sorts): the orders, by sort key; a column
 *   without an expression sorts by the id alone. The first is the default.
 * @n_sorts: how many
 * @descending: the default direction
 * @filter: the filter struct
 * @kept_count: (nullable): a query without parameters that reads the
 *   number of rows while no member of the filter is in use, from a count
 *   the database keeps in step with every write, instead of counting them
 * @contact_condition: (nullable): rows (?20 a contact's id) that show the
 *   name of that contact, or are sorted by it
 * @user_condition: (nullable): likewise for an employee
 *
 * What a subclass of #CrmPagedList lists.
 */
struct _CrmPagedListInfo
{
  GType                   (*item_type) (void);
  const char               *table;
  const char               *alias;
  CrmEntityKind             kind;
  CrmPagedQueryFillFunc     fill;

  const CrmSortColumn      *sorts;
  guint                     n_sorts;
  gboolean                  descending;

  const CrmListFilterInfo  *filter;
  const char               *kept_count;

  const char               *contact_condition;
  const char               *user_condition;
};

void           _crm_paged_list_class_set_info                (CrmPagedListClass      *klass,
                                                              const CrmPagedListInfo *info);
void           _crm_paged_list_class_install_sort_properties (CrmPagedListClass      *klass,
                                                              GType                   sort_type);

CrmStore      *_crm_paged_list_get_store                     (CrmPagedList           *self);
CrmPagedQuery *_crm_paged_list_get_query                     (CrmPagedList           *self);

void           _crm_paged_list_set_sort                      (CrmPagedList           *self,
                                                              guint                   key,
                                                              gboolean                descending);
guint          _crm_paged_list_get_sort_key                  (CrmPagedList           *self);
gboolean       _crm_paged_list_get_sort_descending           (CrmPagedList           *self);

void           _crm_paged_list_set_filter                    (CrmPagedList           *self,
                                                              gconstpointer           filter);
gconstpointer  _crm_paged_list_get_filter                    (CrmPagedList           *self);
const char    *_crm_paged_list_get_filter_sql                (CrmPagedList           *self);
void           _crm_paged_list_bind_filter                   (CrmPagedList           *self,
                                                              CrmStatement           *stmt);

CrmStatement  *_crm_paged_list_read_row                      (CrmStore               *store,
                                                              const char             *sql,
                                                              gint64                  id,
                                                              const char             *what);

gint64         _crm_paged_list_find                          (CrmPagedList           *self,
                                                              gint64                  id);
char          *_crm_paged_list_dup_query_plan                (CrmPagedList           *self);

G_END_DECLS
