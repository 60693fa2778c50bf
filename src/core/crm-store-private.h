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

/* The sort keys that deals and contacts keep of their client, company,
 * owner and stage (see schema_v2 in crm-migrations.c), as SQL over the id
 * that @id_sql names: a parameter or a column. The demo generator writes
 * rows with the same expressions. */
#define CRM_SORT_KEY_CONTACT(id_sql) \
  "(SELECT sk_c.name_folded FROM contacts sk_c WHERE sk_c.id = " id_sql ")"
#define CRM_SORT_KEY_USER(id_sql) \
  "(SELECT crm_fold (sk_u.name) FROM users sk_u WHERE sk_u.id = " id_sql ")"
/* Pipelines never share a position, and a pipeline has far fewer than a
 * million stages. */
#define CRM_SORT_KEY_STAGE(id_sql) \
  "coalesce ((SELECT sk_p.position * 1000000 + sk_s.position FROM stages sk_s " \
  "           JOIN pipelines sk_p ON sk_p.id = sk_s.pipeline_id " \
  "           WHERE sk_s.id = " id_sql "), 0)"

/* Writes the sort keys of one deal or contact from what they follow;
 * for rows whose keys may be out of date (restored from the trash). */
gboolean _crm_store_refresh_sort_keys (CrmStore       *self,
                                       CrmEntityKind   kind,
                                       gint64          id,
                                       GError        **error);
/* After the contact @contact_id was renamed: the client key of its deals
 * and the company key of its people. */
gboolean _crm_store_rename_sort_keys  (CrmStore       *self,
                                       gint64          contact_id,
                                       GError        **error);
/* After stages of the pipeline @pipeline_id were reordered or added: the
 * stage key of its live deals. */
gboolean _crm_store_restage_sort_keys (CrmStore       *self,
                                       gint64          pipeline_id,
                                       GError        **error);

G_END_DECLS
