/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "crm-store"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "crm-id.h"
#include "crm-store-fields.h"
#include "crm-store-private.h"
#include "crm-text.h"
#include "crm-time.h"

/* Field definitions are few and change rarely; a change to them is
 * announced as "anything may have changed" so that every card and editor
 * reads them again. */

CrmCustomField *
crm_custom_field_copy (const CrmCustomField *field)
{
  CrmCustomField *copy;

  if (field == NULL)
    return NULL;

  copy = g_new0 (CrmCustomField, 1);
  copy->id = field->id;
  copy->name = g_strdup (field->name);
  copy->position = field->position;
  return copy;
}

void
crm_custom_field_free (CrmCustomField *field)
{
  if (field == NULL)
    return;
  g_free (field->name);
  g_free (field);
}

G_DEFINE_BOXED_TYPE (CrmCustomField, crm_custom_field,
                     crm_custom_field_copy, crm_custom_field_free)

typedef struct
{
  gint64         id;
  CrmEntityKind  kind;
  char          *name;
} FieldInfo;

static void
field_info_clear (FieldInfo *info)
{
  g_clear_pointer (&info->name, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FieldInfo, field_info_clear)

/* Reads a live field. */
static gboolean
load_field (CrmStore   *self,
            gint64      id,
            FieldInfo  *info,
            GError    **error)
{
  g_autoptr(CrmStatement) stmt = NULL;

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "SELECT entity_kind, name FROM custom_fields "
                               "WHERE id = ?1 AND deleted_at IS NULL",
                               error);
  if (stmt == NULL)
    return FALSE;

  crm_statement_bind_int64 (stmt, 1, id);
  switch (crm_statement_step (stmt, error))
    {
    case CRM_STEP_ROW:
      info->id = id;
      info->kind = (CrmEntityKind)crm_statement_get_int64 (stmt, 0);
      info->name = crm_statement_dup_text (stmt, 1);
      return TRUE;
    case CRM_STEP_DONE:
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND,
                   _("No client detail has the id %" PRId64), id);
      return FALSE;
    case CRM_STEP_ERROR:
    default:
      return FALSE;
    }
}

/* Cleans and checks a field name; returns NULL with @error set when it
 * cannot be used, or when another live field of @kind (other than
 * @except_id) has a name that folds the same. */
static char *
check_name (CrmStore       *self,
            CrmEntityKind   kind,
            const char     *name,
            gint64          except_id,
            GError        **error)
{
  g_autofree char *clean = crm_text_clean (name);
  g_autofree char *folded = NULL;
  g_autoptr(CrmStatement) stmt = NULL;
  CrmStepResult result;
  GError *local_error = NULL;

  if (clean == NULL)
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                   _("A client detail needs a name"));
      return NULL;
    }
  if (g_utf8_strlen (clean, -1) > CRM_CUSTOM_FIELD_MAX_NAME)
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The name of a client detail can be at most %d character long",
                                "The name of a client detail can be at most %d characters long",
                                CRM_CUSTOM_FIELD_MAX_NAME),
                   CRM_CUSTOM_FIELD_MAX_NAME);
      return NULL;
    }
  if (!crm_text_validate (clean, _("Name"), CRM_CUSTOM_FIELD_MAX_NAME, FALSE, &local_error))
    {
      g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID, local_error->message);
      g_error_free (local_error);
      return NULL;
    }

  folded = crm_text_fold (clean);
  stmt = crm_database_prepare (crm_store_get_database (self),
                               "SELECT id, name FROM custom_fields "
                               "WHERE entity_kind = ?1 AND deleted_at IS NULL AND id != ?2",
                               error);
  if (stmt == NULL)
    return NULL;

  crm_statement_bind_int64 (stmt, 1, kind);
  crm_statement_bind_int64 (stmt, 2, except_id);
  while ((result = crm_statement_step (stmt, error)) == CRM_STEP_ROW)
    {
      g_autofree char *other = crm_text_fold (crm_statement_get_text (stmt, 1));

      if (g_strcmp0 (other, folded) == 0)
        {
          g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_DUPLICATE,
                       _("A client detail named “%s” exists already"),
                       crm_statement_get_text (stmt, 1));
          return NULL;
        }
    }
  if (result == CRM_STEP_ERROR)
    return NULL;

  return g_steal_pointer (&clean);
}

static CrmCustomField *
field_from_row (CrmStatement *stmt)
{
  CrmCustomField *field = g_new0 (CrmCustomField, 1);

  field->id = crm_statement_get_int64 (stmt, 0);
  field->name = crm_statement_dup_text (stmt, 1);
  field->position = (int)crm_statement_get_int64 (stmt, 2);
  return field;
}

/**
 * crm_store_list_custom_fields:
 * @self: a #CrmStore
 * @kind: the kind of row the fields belong to
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type CrmCustomField): the live fields,
 *   in their order, or %NULL on error
 */
GPtrArray *
crm_store_list_custom_fields (CrmStore       *self,
                              CrmEntityKind   kind,
                              GError        **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  CrmStepResult result;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "SELECT id, name, position FROM custom_fields "
                               "WHERE entity_kind = ?1 AND deleted_at IS NULL "
                               "ORDER BY position, id",
                               error);
  if (stmt == NULL)
    return NULL;

  crm_statement_bind_int64 (stmt, 1, kind);
  fields = g_ptr_array_new_with_free_func ((GDestroyNotify)crm_custom_field_free);
  while ((result = crm_statement_step (stmt, error)) == CRM_STEP_ROW)
    g_ptr_array_add (fields, field_from_row (stmt));

  if (result == CRM_STEP_ERROR)
    return NULL;

  return g_steal_pointer (&fields);
}

/**
 * crm_store_find_custom_field:
 * @self: a #CrmStore
 * @kind: the kind of row the field belongs to
 * @name: a name as a person typed it
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the live field whose name folds
 *   like @name; %NULL without an error when there is none
 */
CrmCustomField *
crm_store_find_custom_field (CrmStore       *self,
                             CrmEntityKind   kind,
                             const char     *name,
                             GError        **error)
{
  g_autoptr(GPtrArray) fields = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *folded = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  clean = crm_text_clean (name);
  if (clean == NULL)
    return NULL;

  fields = crm_store_list_custom_fields (self, kind, error);
  if (fields == NULL)
    return NULL;

  folded = crm_text_fold (clean);
  for (guint i = 0; i < fields->len; i++)
    {
      CrmCustomField *field = g_ptr_array_index (fields, i);
      g_autofree char *other = crm_text_fold (field->name);

      if (g_strcmp0 (other, folded) == 0)
        return crm_custom_field_copy (field);
    }

  return NULL;
}

gint64
crm_store_add_custom_field (CrmStore       *self,
                            CrmEntityKind   kind,
                            const char     *name,
                            GError        **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autofree char *clean = NULL;
  gint64 id;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);

  if (!crm_store_begin (self, error))
    return 0;

  clean = check_name (self, kind, name, 0, error);
  if (clean == NULL)
    goto failed;

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "INSERT INTO custom_fields (id, entity_kind, name, position, created_at) "
                               "VALUES (?1, ?2, ?3, "
                               "        (SELECT coalesce (max (position) + 1, 0) FROM custom_fields "
                               "         WHERE entity_kind = ?2 AND deleted_at IS NULL), ?4)",
                               error);
  if (stmt == NULL)
    goto failed;

  id = crm_id_new ();
  crm_statement_bind_int64 (stmt, 1, id);
  crm_statement_bind_int64 (stmt, 2, kind);
  crm_statement_bind_text (stmt, 3, clean);
  crm_statement_bind_int64 (stmt, 4, crm_time_now_ms ());
  if (!crm_statement_run (stmt, error))
    goto failed;

  crm_store_emit_changed (self, CRM_ENTITY_ANY, 0);
  if (!crm_store_commit (self, error))
    return 0;
  return id;

failed:
  crm_store_rollback (self);
  return 0;
}

gboolean
crm_store_rename_custom_field (CrmStore    *self,
                               gint64       id,
                               const char  *name,
                               GError     **error)
{
  g_auto(FieldInfo) info = { 0 };
  g_autoptr(CrmStatement) stmt = NULL;
  g_autofree char *clean = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if (!crm_store_begin (self, error))
    return FALSE;

  if (!load_field (self, id, &info, error))
    goto failed;

  clean = check_name (self, info.kind, name, id, error);
  if (clean == NULL)
    goto failed;

  if (g_strcmp0 (clean, info.name) == 0)
    return crm_store_commit (self, error);

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "UPDATE custom_fields SET name = ?2 WHERE id = ?1",
                               error);
  if (stmt == NULL)
    goto failed;

  crm_statement_bind_int64 (stmt, 1, id);
  crm_statement_bind_text (stmt, 2, clean);
  if (!crm_statement_run (stmt, error))
    goto failed;

  crm_store_emit_changed (self, CRM_ENTITY_ANY, 0);
  return crm_store_commit (self, error);

failed:
  crm_store_rollback (self);
  return FALSE;
}

/* Writes positions 0, 1, 2… in the order of @ids. */
static gboolean
write_order (CrmStore  *self,
             GArray    *ids,
             GError   **error)
{
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(CrmStatement) stmt = NULL;

      stmt = crm_database_prepare (crm_store_get_database (self),
                                   "UPDATE custom_fields SET position = ?2 WHERE id = ?1",
                                   error);
      if (stmt == NULL)
        return FALSE;

      crm_statement_bind_int64 (stmt, 1, g_array_index (ids, gint64, i));
      crm_statement_bind_int64 (stmt, 2, i);
      if (!crm_statement_run (stmt, error))
        return FALSE;
    }

  return TRUE;
}

static GArray *
load_order (CrmStore       *self,
            CrmEntityKind   kind,
            GError        **error)
{
  g_autoptr(GPtrArray) fields = crm_store_list_custom_fields (self, kind, error);
  GArray *ids;

  if (fields == NULL)
    return NULL;

  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), fields->len);
  for (guint i = 0; i < fields->len; i++)
    {
      CrmCustomField *field = g_ptr_array_index (fields, i);

      g_array_append_val (ids, field->id);
    }

  return ids;
}

gboolean
crm_store_move_custom_field (CrmStore  *self,
                             gint64     id,
                             int        new_position,
                             GError   **error)
{
  g_auto(FieldInfo) info = { 0 };
  g_autoptr(GArray) ids = NULL;
  guint new_index;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if (!crm_store_begin (self, error))
    return FALSE;

  if (!load_field (self, id, &info, error))
    goto failed;

  ids = load_order (self, info.kind, error);
  if (ids == NULL)
    goto failed;

  for (guint i = 0; i < ids->len; i++)
    {
      if (g_array_index (ids, gint64, i) == id)
        {
          g_array_remove_index (ids, i);
          break;
        }
    }

  if (new_position < 0 || (guint)new_position > ids->len)
    new_index = ids->len;
  else
    new_index = (guint)new_position;
  g_array_insert_val (ids, new_index, id);

  if (!write_order (self, ids, error))
    goto failed;

  crm_store_emit_changed (self, CRM_ENTITY_ANY, 0);
  return crm_store_commit (self, error);

failed:
  crm_store_rollback (self);
  return FALSE;
}

gboolean
crm_store_delete_custom_field (CrmStore  *self,
                               gint64     id,
                               GError   **error)
{
  g_auto(FieldInfo) info = { 0 };
  g_autoptr(CrmStatement) stmt = NULL;
  g_autoptr(GArray) ids = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if (!crm_store_begin (self, error))
    return FALSE;

  if (!load_field (self, id, &info, error))
    goto failed;

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "UPDATE custom_fields SET deleted_at = ?2 WHERE id = ?1",
                               error);
  if (stmt == NULL)
    goto failed;

  crm_statement_bind_int64 (stmt, 1, id);
  crm_statement_bind_int64 (stmt, 2, crm_time_now_ms ());
  if (!crm_statement_run (stmt, error))
    goto failed;

  /* Close the gap the field leaves. */
  ids = load_order (self, info.kind, error);
  if (ids == NULL || !write_order (self, ids, error))
    goto failed;

  crm_store_emit_changed (self, CRM_ENTITY_ANY, 0);
  return crm_store_commit (self, error);

failed:
  crm_store_rollback (self);
  return FALSE;
}

/**
 * crm_store_get_custom_values:
 * @self: a #CrmStore
 * @entity_id: a row's id
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type gint64 utf8): the values of the
 *   row's live fields, keyed by a pointer to the field id; %NULL on error
 */
GHashTable *
crm_store_get_custom_values (CrmStore  *self,
                             gint64     entity_id,
                             GError   **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autoptr(GHashTable) values = NULL;
  CrmStepResult result;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "SELECT v.field_id, v.value FROM custom_values v "
                               "JOIN custom_fields f ON f.id = v.field_id "
                               "WHERE v.entity_id = ?1 AND f.deleted_at IS NULL",
                               error);
  if (stmt == NULL)
    return NULL;

  crm_statement_bind_int64 (stmt, 1, entity_id);
  values = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  while ((result = crm_statement_step (stmt, error)) == CRM_STEP_ROW)
    {
      gint64 field_id = crm_statement_get_int64 (stmt, 0);

      g_hash_table_insert (values,
                           g_memdup2 (&field_id, sizeof field_id),
                           crm_statement_dup_text (stmt, 1));
    }

  if (result == CRM_STEP_ERROR)
    return NULL;

  return g_steal_pointer (&values);
}

static gboolean
check_live_contact (CrmStore  *self,
                    gint64     contact_id,
                    GError   **error)
{
  g_autoptr(CrmStatement) stmt = NULL;

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "SELECT deleted_at IS NOT NULL FROM contacts WHERE id = ?1",
                               error);
  if (stmt == NULL)
    return FALSE;

  crm_statement_bind_int64 (stmt, 1, contact_id);
  switch (crm_statement_step (stmt, error))
    {
    case CRM_STEP_ROW:
      if (crm_statement_get_int64 (stmt, 0) != 0)
        {
          g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                       _("The client is in the trash; restore it to change its details"));
          return FALSE;
        }
      return TRUE;
    case CRM_STEP_DONE:
      _crm_store_set_not_found (CRM_ENTITY_CONTACT, contact_id, error);
      return FALSE;
    case CRM_STEP_ERROR:
    default:
      return FALSE;
    }
}

gboolean
crm_store_set_custom_value (CrmStore    *self,
                            gint64       field_id,
                            gint64       entity_id,
                            const char  *value,
                            GError     **error)
{
  g_auto(FieldInfo) info = { 0 };
  g_autoptr(CrmStatement) read = NULL;
  g_autoptr(CrmStatement) write = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *old_value = NULL;
  g_autofree char *history_field = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  clean = crm_text_clean (value);
  if (clean != NULL &&
      !crm_text_validate (clean, _("Detail"), CRM_CUSTOM_VALUE_MAX_CHARS, FALSE, &local_error))
    {
      g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID, local_error->message);
      g_error_free (local_error);
      return FALSE;
    }

  if (!crm_store_begin (self, error))
    return FALSE;

  if (!load_field (self, field_id, &info, error))
    goto failed;

  if (info.kind == CRM_ENTITY_CONTACT && !check_live_contact (self, entity_id, error))
    goto failed;

  read = crm_database_prepare (crm_store_get_database (self),
                               "SELECT value FROM custom_values WHERE field_id = ?1 AND entity_id = ?2",
                               error);
  if (read == NULL)
    goto failed;

  crm_statement_bind_int64 (read, 1, field_id);
  crm_statement_bind_int64 (read, 2, entity_id);
  switch (crm_statement_step (read, error))
    {
    case CRM_STEP_ROW:
      old_value = crm_statement_dup_text (read, 0);
      break;
    case CRM_STEP_DONE:
      break;
    case CRM_STEP_ERROR:
    default:
      goto failed;
    }
  g_clear_pointer (&read, crm_statement_release);

  if (g_strcmp0 (old_value, clean) == 0)
    return crm_store_commit (self, error);

  crm_store_emit_changing (self, info.kind, entity_id);

  if (clean != NULL)
    write = crm_database_prepare (crm_store_get_database (self),
                                  "INSERT INTO custom_values (field_id, entity_id, value) "
                                  "VALUES (?1, ?2, ?3) "
                                  "ON CONFLICT (field_id, entity_id) DO UPDATE SET value = excluded.value",
                                  error);
  else
    write = crm_database_prepare (crm_store_get_database (self),
                                  "DELETE FROM custom_values WHERE field_id = ?1 AND entity_id = ?2",
                                  error);
  if (write == NULL)
    goto failed;

  crm_statement_bind_int64 (write, 1, field_id);
  crm_statement_bind_int64 (write, 2, entity_id);
  if (clean != NULL)
    crm_statement_bind_text (write, 3, clean);
  if (!crm_statement_run (write, error))
    goto failed;

  if (info.kind == CRM_ENTITY_CONTACT)
    {
      g_autoptr(CrmStatement) touch = NULL;

      touch = crm_database_prepare (crm_store_get_database (self),
                                    "UPDATE contacts SET updated_at = ?2 WHERE id = ?1",
                                    error);
      if (touch == NULL)
        goto failed;
      crm_statement_bind_int64 (touch, 1, entity_id);
      crm_statement_bind_int64 (touch, 2, crm_time_now_ms ());
      if (!crm_statement_run (touch, error))
        goto failed;
    }

  history_field = g_strdup_printf ("detail:%s", info.name);
  if (!crm_store_record_history (self, info.kind, entity_id, history_field,
                                 old_value, clean, error))
    goto failed;

  crm_store_emit_changed (self, info.kind, entity_id);
  return crm_store_commit (self, error);

failed:
  crm_store_rollback (self);
  return FALSE;
}
