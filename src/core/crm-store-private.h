/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "crm-store.h"

G_BEGIN_DECLS

/* Shared by the files that make up CrmStore (crm-store-*.c). */

/* Moves a row to the trash: sets deleted_at on @table and lists it in the
 * trash table, inside the caller's transaction. */
gboolean _crm_store_trash_row   (CrmStore       *self,
                                 CrmEntityKind   kind,
                                 const char     *table,
                                 gint64          id,
                                 const char     *title,
                                 GError        **error);
gboolean _crm_store_untrash_row (CrmStore       *self,
                                 CrmEntityKind   kind,
                                 const char     *table,
                                 gint64          id,
                                 GError        **error);

/* Sets a translated CRM_STORE_ERROR_NOT_FOUND for an id of @kind. */
void     _crm_store_set_not_found (CrmEntityKind   kind,
                                   gint64          id,
                                   GError        **error);

/* Finds or creates tags by name and links them to a row in @link_table
 * (contact_tags, deal_tags, activity_tags) whose owner column is @column,
 * replacing the links it had. */
gboolean _crm_store_set_tags    (CrmStore            *self,
                                 const char          *link_table,
                                 const char          *column,
                                 gint64               owner_id,
                                 const char * const  *tags,
                                 GError             **error);
/* Tag names of one row, sorted, joined with ", " (never NULL). */
char    *_crm_store_get_tags    (CrmStore       *self,
                                 const char     *link_table,
                                 const char     *column,
                                 gint64          owner_id);

G_END_DECLS
