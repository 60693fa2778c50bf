/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "crm-types.h"

G_BEGIN_DECLS

typedef struct _CrmPagedListInfo CrmPagedListInfo;

#define CRM_TYPE_PAGED_LIST (crm_paged_list_get_type ())
G_DECLARE_DERIVABLE_TYPE (CrmPagedList, crm_paged_list, CRM, PAGED_LIST, GObject)

/**
 * CrmPagedListClass:
 * @parent_class: the parent class
 * @store_changing: the store is about to write a row of a kind the list
 *   does not follow by itself
 * @store_changed: the store wrote such a row
 *
 * The list models of the core ([class@DealList], [class@ContactList],
 * [class@CallList]) derive from this abstract class: a [iface@Gio.ListModel]
 * of the live rows of one table that match a filter, in one of a few
 * orders, read a page at a time and kept in step with the store. A
 * subclass describes its rows, orders and filter with a
 * `CrmPagedListInfo` (crm-paged-list-private.h); the vfuncs are for rows
 * that show more than their own table and the names of their client and
 * employee.
 */
struct _CrmPagedListClass
{
  GObjectClass parent_class;

  void (*store_changing) (CrmPagedList  *self,
                          CrmEntityKind  kind,
                          gint64         id);
  void (*store_changed)  (CrmPagedList  *self,
                          CrmEntityKind  kind,
                          gint64         id);

  /*< private >*/
  const CrmPagedListInfo *info;
  GParamSpec             *sort_key_pspec;
  GParamSpec             *sort_descending_pspec;
};

G_END_DECLS
