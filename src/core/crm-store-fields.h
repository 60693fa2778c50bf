/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "crm-store.h"

G_BEGIN_DECLS

/* Custom details: fields a business defines for its client cards ("Hair
 * colour", "Preferred stylist") and the text each client has in them. */

#define CRM_CUSTOM_FIELD_MAX_NAME  60
#define CRM_CUSTOM_VALUE_MAX_CHARS 1000

typedef struct
{
  gint64  id;
  char   *name;
  int     position;
} CrmCustomField;

#define CRM_TYPE_CUSTOM_FIELD (crm_custom_field_get_type ())

GType           crm_custom_field_get_type      (void) G_GNUC_CONST;
CrmCustomField *crm_custom_field_copy          (const CrmCustomField *field);
void            crm_custom_field_free          (CrmCustomField       *field);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmCustomField, crm_custom_field_free)

/* The live fields of @kind (only CRM_ENTITY_CONTACT is used so far), in
 * their order. Element type CrmCustomField. */
GPtrArray      *crm_store_list_custom_fields   (CrmStore       *self,
                                                CrmEntityKind   kind,
                                                GError        **error);
/* The live field of @kind whose name folds like @name, or NULL (no error)
 * when there is none. */
CrmCustomField *crm_store_find_custom_field    (CrmStore       *self,
                                                CrmEntityKind   kind,
                                                const char     *name,
                                                GError        **error);
/* Adds a field at the end. The name is cleaned, required, at most
 * CRM_CUSTOM_FIELD_MAX_NAME characters and unique among the live fields of
 * @kind ignoring case and diacritics. Returns the new id, 0 on error. */
gint64          crm_store_add_custom_field     (CrmStore       *self,
                                                CrmEntityKind   kind,
                                                const char     *name,
                                                GError        **error);
gboolean        crm_store_rename_custom_field  (CrmStore       *self,
                                                gint64          id,
                                                const char     *name,
                                                GError        **error);
/* Moves a field to @new_position (0-based among the live fields of its
 * kind; out of range moves it to the end). */
gboolean        crm_store_move_custom_field    (CrmStore       *self,
                                                gint64          id,
                                                int             new_position,
                                                GError        **error);
/* Hides a field; the values entered in it are kept. */
gboolean        crm_store_delete_custom_field  (CrmStore       *self,
                                                gint64          id,
                                                GError        **error);

/* The values of one row: field id (gint64 *) → value (char *), for live
 * fields only. */
GHashTable     *crm_store_get_custom_values    (CrmStore       *self,
                                                gint64          entity_id,
                                                GError        **error);
/* Sets or (with NULL or blank @value) clears one value, records it in the
 * row's history as "detail:NAME" and announces the row as changed. For
 * contact fields the contact must exist and not be in the trash. */
gboolean        crm_store_set_custom_value     (CrmStore       *self,
                                                gint64          field_id,
                                                gint64          entity_id,
                                                const char     *value,
                                                GError        **error);

G_END_DECLS
