/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "crm-store"

#include "config.h"

#include <inttypes.h>

#include <errno.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "crm-id.h"
#include "crm-phone.h"
#include "crm-store-activities.h"
#include "crm-store-private.h"
#include "crm-text.h"
#include "crm-time.h"

/* Limits of what a person can enter; the messages name them. */
#define MAX_CALL_SECONDS     ((gint64) 24 * 60 * 60)
#define MAX_OUTCOME_CHARS    100
#define MAX_KEY_POINTS_CHARS 10000
#define MAX_NOTE_CHARS       1000
#define MS_PER_DAY           ((gint64) 24 * 60 * 60 * 1000)
#define COPY_CHUNK_SIZE      (64 * 1024)
#define SHA256_HEX_LENGTH    64

/* The stored form of a call, note, meeting or task, once checked. */
typedef struct
{
  CrmActivityKind   kind;
  gint64            contact_id;
  gint64            deal_id;
  gint64            user_id;
  CrmCallDirection  direction;
  gint64            started_at;
  gint64            duration;
  char             *outcome;
  char             *key_points;
  gint64            recording_id;
} ActivityRow;

/* The columns of a reminder that its state changes look at. */
typedef struct
{
  gint64  contact_id;
  gint64  due_at;
  gint64  done_at;
  gint64  snoozed_until;
  gint64  deleted_at;
} ReminderState;

/* A file copied into the data folder by this call, to be removed again if
 * the transaction that references it does not commit. */
typedef struct
{
  char     *path;
  gboolean  created;
} StoredFile;

static void
activity_row_clear (ActivityRow *row)
{
  g_clear_pointer (&row->outcome, g_free);
  g_clear_pointer (&row->key_points, g_free);
}

static void
stored_file_discard (StoredFile *file)
{
  if (file->created && file->path != NULL)
    g_unlink (file->path);

  file->created = FALSE;
  g_clear_pointer (&file->path, g_free);
}

static const char *
activity_kind_to_string (CrmActivityKind kind)
{
  switch (kind)
    {
    case CRM_ACTIVITY_CALL:    return "call";
    case CRM_ACTIVITY_NOTE:    return "note";
    case CRM_ACTIVITY_MEETING: return "meeting";
    case CRM_ACTIVITY_TASK:    return "task";
    default:                   return NULL;
    }
}

static const char *
direction_to_string (CrmCallDirection direction)
{
  switch (direction)
    {
    case CRM_CALL_OUTGOING: return "outgoing";
    case CRM_CALL_INCOMING: return "incoming";
    default:                return NULL;
    }
}

/* What the trash lists for a deleted activity. */
static char *
activity_title (CrmActivityKind  kind,
                const char      *contact_name)
{
  if (contact_name == NULL)
    {
      switch (kind)
        {
        case CRM_ACTIVITY_NOTE:    return g_strdup (_("Note"));
        case CRM_ACTIVITY_MEETING: return g_strdup (_("Meeting"));
        case CRM_ACTIVITY_TASK:    return g_strdup (_("Task"));
        case CRM_ACTIVITY_CALL:
        default:                   return g_strdup (_("Call"));
        }
    }

  switch (kind)
    {
    case CRM_ACTIVITY_NOTE:    return g_strdup_printf (_("Note about %s"), contact_name);
    case CRM_ACTIVITY_MEETING: return g_strdup_printf (_("Meeting with %s"), contact_name);
    case CRM_ACTIVITY_TASK:    return g_strdup_printf (_("Task for %s"), contact_name);
    case CRM_ACTIVITY_CALL:
    default:                   return g_strdup_printf (_("Call with %s"), contact_name);
    }
}

static char *
time_text (gint64 ms)
{
  return ms != 0 ? crm_time_to_iso8601 (ms) : NULL;
}

static char *
number_text (gint64 value)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, value);
}

/* crm_text_validate() speaks of the text; the store reports what the user
 * asked for in its own domain, keeping the message. */
static gboolean
check_text (const char  *text,
            const char  *label,
            gsize        max_chars,
            gboolean     multiline,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (crm_text_validate (text, label, max_chars, multiline, &local_error))
    return TRUE;

  g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                       local_error->message);
  return FALSE;
}

/* Text whose line breaks matter (key points, notes): line ends become "\n"
 * and white space at both ends goes; NULL when nothing is left. */
static char *
clean_multiline (const char *text)
{
  GString *result;

  if (crm_text_is_blank (text))
    return NULL;

  result = g_string_sized_new (strlen (text));
  for (const char *p = text; *p != '\0'; p++)
    {
      if (p[0] == '\r')
        {
          g_string_append_c (result, '\n');
          if (p[1] == '\n')
            p++;
        }
      else
        {
          g_string_append_c (result, p[0]);
        }
    }

  g_strstrip (result->str);
  result->len = strlen (result->str);
  return g_string_free (result, FALSE);
}

/* One name or title by id, for history rows; NULL when there is none. */
static char *
lookup_text (CrmStore   *self,
             const char *sql,
             gint64      id)
{
  g_autoptr(CrmStatement) stmt = NULL;

  if (id == 0)
    return NULL;

  stmt = crm_database_prepare (crm_store_get_database (self), sql, NULL);
  if (stmt == NULL)
    return NULL;

  crm_statement_bind_int64 (stmt, 1, id);
  if (crm_statement_step (stmt, NULL) != CRM_STEP_ROW)
    return NULL;

  return crm_statement_dup_text (stmt, 0);
}

static char *
contact_name (CrmStore *self,
              gint64    id)
{
  return lookup_text (self, "SELECT name FROM contacts WHERE id = ?1", id);
}

static char *
deal_title (CrmStore *self,
            gint64    id)
{
  return lookup_text (self, "SELECT title FROM deals WHERE id = ?1", id);
}

static char *
user_name (CrmStore *self,
           gint64    id)
{
  return lookup_text (self, "SELECT name FROM users WHERE id = ?1", id);
}

static gboolean
check_contact (CrmStore  *self,
               gint64     contact_id,
               GError   **error)
{
  g_autoptr(CrmStatement) stmt = NULL;

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "SELECT name, deleted_at FROM contacts WHERE id = ?1",
                               error);
  if (stmt == NULL)
    return FALSE;

  crm_statement_bind_int64 (stmt, 1, contact_id);
  switch (crm_statement_step (stmt, error))
    {
    case CRM_STEP_ROW:
      if (!crm_statement_get_is_null (stmt, 1))
        {
          g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                       _("The client “%s” is in the trash; restore the client first"),
                       crm_statement_get_text (stmt, 0));
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

/* Checks that a deal is live and gives its client, when that client is
 * live too, so that a call about a deal shows on the client's card. */
static gboolean
check_deal (CrmStore  *self,
            gint64     deal_id,
            gint64    *out_client_id,
            GError   **error)
{
  g_autoptr(CrmStatement) stmt = NULL;

  *out_client_id = 0;

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "SELECT d.title, d.deleted_at, c.id "
                               "FROM deals d "
                               "LEFT JOIN contacts c ON c.id = d.contact_id AND c.deleted_at IS NULL "
                               "WHERE d.id = ?1",
                               error);
  if (stmt == NULL)
    return FALSE;

  crm_statement_bind_int64 (stmt, 1, deal_id);
  switch (crm_statement_step (stmt, error))
    {
    case CRM_STEP_ROW:
      if (!crm_statement_get_is_null (stmt, 1))
        {
          g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                       _("The deal “%s” is in the trash; restore the deal first"),
                       crm_statement_get_text (stmt, 0));
          return FALSE;
        }
      *out_client_id = crm_statement_get_int64 (stmt, 2);
      return TRUE;
    case CRM_STEP_DONE:
      _crm_store_set_not_found (CRM_ENTITY_DEAL, deal_id, error);
      return FALSE;
    case CRM_STEP_ERROR:
    default:
      return FALSE;
    }
}

static gboolean
check_user (CrmStore  *self,
            gint64     user_id,
            GError   **error)
{
  g_autoptr(CrmStatement) stmt = NULL;

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "SELECT 1 FROM users WHERE id = ?1",
                               error);
  if (stmt == NULL)
    return FALSE;

  crm_statement_bind_int64 (stmt, 1, user_id);
  switch (crm_statement_step (stmt, error))
    {
    case CRM_STEP_ROW:
      return TRUE;
    case CRM_STEP_DONE:
      _crm_store_set_not_found (CRM_ENTITY_USER, user_id, error);
      return FALSE;
    case CRM_STEP_ERROR:
    default:
      return FALSE;
    }
}

/* The client and deal of an activity, reminder or document: at least one,
 * both live; the deal's client fills in a missing client. */
static gboolean
check_owner (CrmStore    *self,
             gint64      *contact_id,
             gint64       deal_id,
             const char  *missing_message,
             GError     **error)
{
  if (*contact_id < 0 || deal_id < 0 || (*contact_id == 0 && deal_id == 0))
    {
      g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                           missing_message);
      return FALSE;
    }

  if (deal_id != 0)
    {
      gint64 client_id;

      if (!check_deal (self, deal_id, &client_id, error))
        return FALSE;
      if (*contact_id == 0)
        *contact_id = client_id;
    }

  if (*contact_id != 0 && !check_contact (self, *contact_id, error))
    return FALSE;

  return TRUE;
}

static void
bind_id_or_null (CrmStatement *stmt,
                 int           index,
                 gint64        id)
{
  if (id != 0)
    crm_statement_bind_int64 (stmt, index, id);
  else
    crm_statement_bind_null (stmt, index);
}

/* Attachments */

static gboolean
is_content_hash (const char *hash)
{
  if (hash == NULL || strlen (hash) != SHA256_HEX_LENGTH)
    return FALSE;

  for (const char *p = hash; *p != '\0'; p++)
    {
      if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
        return FALSE;
    }

  return TRUE;
}

static char *
attachments_folder (CrmStore *self)
{
  return g_build_filename (crm_store_get_data_folder (self), "attachments", NULL);
}

/* Where the file with this content lives: attachments/<2 hex>/<sha256>. */
static char *
content_path (CrmStore   *self,
              const char *hash)
{
  g_autofree char *folder = attachments_folder (self);
  char prefix[3] = { hash[0], hash[1], '\0' };

  return g_build_filename (folder, prefix, hash, NULL);
}

/* Turns a failure to open the source into a message that names the file
 * and the reason, keeping the GIO error code. */
static void
set_source_error (GError     **error,
                  GError      *local_error,
                  const char  *display_name)
{
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 _("The file “%s” does not exist"), display_name);
  else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                 _("“%s” is a folder, not a file"), display_name);
  else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                 _("The file “%s” cannot be read: permission denied"), display_name);
  else
    g_set_error (error, local_error->domain, local_error->code,
                 _("The file “%s” cannot be read: %s"), display_name, local_error->message);
}

/* Copies @source_path into the data folder under its SHA-256, hashing while
 * copying into a temporary file beside the destination and renaming it
 * into place, so that a file that is there is always complete. When the
 * same content is stored already, the copy is dropped. */
static gboolean
store_file (CrmStore     *self,
            const char   *source_path,
            char        **out_hash,
            gint64       *out_size,
            char        **out_mime_type,
            StoredFile   *out_file,
            GError      **error)
{
  g_autoptr(GFile) source = NULL;
  g_autoptr(GFile) temp = NULL;
  g_autoptr(GFileInputStream) input = NULL;
  g_autoptr(GFileOutputStream) output = NULL;
  g_autoptr(GChecksum) checksum = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree guchar *buffer = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *temp_name = NULL;
  g_autofree char *content_type = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *target_folder = NULL;
  g_autofree char *target = NULL;
  gint64 size = 0;

  source = g_file_new_for_path (source_path);
  display_name = g_path_get_basename (source_path);

  input = g_file_read (source, NULL, &local_error);
  if (input == NULL)
    {
      set_source_error (error, local_error, display_name);
      return FALSE;
    }

  folder = attachments_folder (self);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("The documents folder “%s” cannot be created: %s"),
                   folder, g_strerror (saved_errno));
      return FALSE;
    }

  temp_name = g_strdup_printf (".incoming-%08x%08x", g_random_int (), g_random_int ());
  temp = g_file_new_build_filename (folder, temp_name, NULL);
  output = g_file_create (temp, G_FILE_CREATE_PRIVATE, NULL, error);
  if (output == NULL)
    return FALSE;

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  buffer = g_malloc (COPY_CHUNK_SIZE);

  for (;;)
    {
      gssize n_read;

      n_read = g_input_stream_read (G_INPUT_STREAM (input), buffer, COPY_CHUNK_SIZE,
                                    NULL, &local_error);
      if (n_read < 0)
        {
          set_source_error (error, local_error, display_name);
          goto failed;
        }
      if (n_read == 0)
        break;

      /* The first bytes tell the type better than the name alone. */
      if (size == 0)
        content_type = g_content_type_guess (display_name, buffer, n_read, NULL);

      g_checksum_update (checksum, buffer, n_read);
      if (!g_output_stream_write_all (G_OUTPUT_STREAM (output), buffer, n_read,
                                      NULL, NULL, error))
        goto failed;

      size += n_read;
    }

  if (!g_output_stream_close (G_OUTPUT_STREAM (output), NULL, error))
    goto failed;

  if (content_type == NULL)
    content_type = g_content_type_guess (display_name, NULL, 0, NULL);

  hash = g_strdup (g_checksum_get_string (checksum));
  target = content_path (self, hash);
  target_folder = g_path_get_dirname (target);

  if (g_file_test (target, G_FILE_TEST_IS_REGULAR))
    {
      g_file_delete (temp, NULL, NULL);
      out_file->created = FALSE;
    }
  else
    {
      g_autofree char *temp_path = g_file_get_path (temp);

      if (g_mkdir_with_parents (target_folder, 0700) != 0 ||
          g_rename (temp_path, target) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("The file “%s” cannot be stored in the documents folder: %s"),
                       display_name, g_strerror (saved_errno));
          goto failed;
        }
      out_file->created = TRUE;
    }

  out_file->path = g_steal_pointer (&target);
  *out_hash = g_steal_pointer (&hash);
  *out_size = size;
  *out_mime_type = content_type != NULL ? g_content_type_get_mime_type (content_type) : NULL;
  if (*out_mime_type == NULL)
    *out_mime_type = g_strdup ("application/octet-stream");

  return TRUE;

failed:
  g_output_stream_close (G_OUTPUT_STREAM (output), NULL, NULL);
  g_file_delete (temp, NULL, NULL);
  return FALSE;
}

/* Copies the file and adds its row, inside the caller's transaction. The
 * owner must have been checked. On failure after the copy, @out_file still
 * names a new file for the caller to discard. */
static gint64
insert_attachment (CrmStore     *self,
                   gint64        contact_id,
                   gint64        deal_id,
                   const char   *source_path,
                   StoredFile   *out_file,
                   GError      **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *mime_type = NULL;
  g_autofree char *file_name = NULL;
  gint64 current_user = crm_store_get_current_user (self);
  gint64 size = 0;
  gint64 id;

  file_name = g_path_get_basename (source_path);
  if (!g_utf8_validate (file_name, -1, NULL))
    {
      g_free (file_name);
      file_name = g_filename_display_basename (source_path);
    }

  if (!store_file (self, source_path, &hash, &size, &mime_type, out_file, error))
    return 0;

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "INSERT INTO attachments (id, contact_id, deal_id, file_name, content_hash, "
                               "                         size, mime_type, created_by, created_at) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                               error);
  if (stmt == NULL)
    return 0;

  crm_store_emit_changing (self, CRM_ENTITY_ATTACHMENT, 0);

  id = crm_id_new ();
  crm_statement_bind_int64 (stmt, 1, id);
  bind_id_or_null (stmt, 2, contact_id);
  bind_id_or_null (stmt, 3, deal_id);
  crm_statement_bind_text (stmt, 4, file_name);
  crm_statement_bind_text (stmt, 5, hash);
  crm_statement_bind_int64 (stmt, 6, size);
  crm_statement_bind_text (stmt, 7, mime_type);
  bind_id_or_null (stmt, 8, current_user);
  crm_statement_bind_int64 (stmt, 9, crm_time_now_ms ());
  if (!crm_statement_run (stmt, error))
    return 0;

  if (!crm_store_record_history (self, CRM_ENTITY_ATTACHMENT, id, "created", NULL, file_name, error))
    return 0;

  crm_store_emit_changed (self, CRM_ENTITY_ATTACHMENT, id);
  return id;
}

/**
 * crm_store_add_attachment:
 * @self: a #CrmStore
 * @contact_id: the client the document belongs to, or 0
 * @deal_id: the deal it belongs to, or 0; its client fills in a missing
 *   @contact_id
 * @source_path: the file to copy into the data folder
 * @error: return location for a #GError
 *
 * Copies a document into the data folder, stored once per content, and
 * lists it with the client or deal under its original name. A file that
 * cannot be read leaves nothing behind.
 *
 * Returns: the new attachment's id, or 0 with @error set
 */
gint64
crm_store_add_attachment (CrmStore    *self,
                          gint64       contact_id,
                          gint64       deal_id,
                          const char  *source_path,
                          GError     **error)
{
  StoredFile file = { NULL, FALSE };
  gint64 id;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (source_path == NULL || *source_path == '\0')
    {
      g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                           _("Choose a file to attach"));
      return 0;
    }

  if (!crm_store_begin (self, error))
    return 0;

  if (!check_owner (self, &contact_id, deal_id,
                    _("A document must belong to a client or a deal"), error))
    goto failed;

  id = insert_attachment (self, contact_id, deal_id, source_path, &file, error);
  if (id == 0)
    goto failed;

  if (contact_id != 0)
    crm_store_emit_changed (self, CRM_ENTITY_CONTACT, contact_id);
  if (deal_id != 0)
    crm_store_emit_changed (self, CRM_ENTITY_DEAL, deal_id);

  if (!crm_store_commit (self, error))
    {
      stored_file_discard (&file);
      return 0;
    }

  g_free (file.path);
  return id;

failed:
  crm_store_rollback (self);
  stored_file_discard (&file);
  return 0;
}

/**
 * crm_store_get_attachment_path:
 * @self: a #CrmStore
 * @id: an attachment's id
 * @error: return location for a #GError
 *
 * Returns: (transfer full): where the document's content is stored, or
 *   %NULL with @error set
 */
char *
crm_store_get_attachment_path (CrmStore  *self,
                               gint64     id,
                               GError   **error)
{
  g_autoptr(CrmStatement) stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "SELECT content_hash, file_name FROM attachments WHERE id = ?1",
                               error);
  if (stmt == NULL)
    return NULL;

  crm_statement_bind_int64 (stmt, 1, id);
  switch (crm_statement_step (stmt, error))
    {
    case CRM_STEP_ROW:
      /* The hash becomes a path: never let a damaged row point elsewhere. */
      if (!is_content_hash (crm_statement_get_text (stmt, 0)))
        {
          g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                       _("The stored document “%s” is damaged in the database"),
                       crm_statement_get_text (stmt, 1));
          return NULL;
        }
      return content_path (self, crm_statement_get_text (stmt, 0));
    case CRM_STEP_DONE:
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND,
                   _("No document has the id %" PRId64), id);
      return NULL;
    case CRM_STEP_ERROR:
    default:
      return NULL;
    }
}

/**
 * crm_attachment_info_free:
 * @info: (nullable): a #CrmAttachmentInfo
 */
void
crm_attachment_info_free (CrmAttachmentInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->file_name);
  g_free (info->mime_type);
  g_free (info->created_by_name);
  g_free (info->path);
  g_free (info);
}

/**
 * crm_store_list_attachments:
 * @self: a #CrmStore
 * @contact_id: a client's id, or 0
 * @deal_id: a deal's id, or 0
 * @error: return location for a #GError
 *
 * Lists the documents of a client (with those of its deals) or of a deal,
 * newest first. Call recordings are listed too.
 *
 * Returns: (transfer full) (element-type CrmAttachmentInfo): the documents,
 *   or %NULL with @error set
 */
GPtrArray *
crm_store_list_attachments (CrmStore  *self,
                            gint64     contact_id,
                            gint64     deal_id,
                            GError   **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autoptr(GPtrArray) items = NULL;
  CrmStepResult result;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "SELECT t.id, t.contact_id, t.deal_id, t.file_name, t.content_hash, "
                               "       t.size, t.mime_type, t.created_by, u.name, t.created_at "
                               "FROM attachments t "
                               "LEFT JOIN users u ON u.id = t.created_by "
                               "WHERE t.deleted_at IS NULL "
                               "  AND (t.contact_id = ?1 OR t.deal_id = ?2 "
                               "       OR t.deal_id IN (SELECT d.id FROM deals d "
                               "                        WHERE d.contact_id = ?1 AND d.deleted_at IS NULL)) "
                               "ORDER BY t.created_at DESC, t.id DESC",
                               error);
  if (stmt == NULL)
    return NULL;

  crm_statement_bind_int64 (stmt, 1, contact_id);
  crm_statement_bind_int64 (stmt, 2, deal_id);

  items = g_ptr_array_new_with_free_func ((GDestroyNotify)crm_attachment_info_free);
  while ((result = crm_statement_step (stmt, error)) == CRM_STEP_ROW)
    {
      CrmAttachmentInfo *info = g_new0 (CrmAttachmentInfo, 1);
      const char *hash = crm_statement_get_text (stmt, 4);

      info->id = crm_statement_get_int64 (stmt, 0);
      info->contact_id = crm_statement_get_int64 (stmt, 1);
      info->deal_id = crm_statement_get_int64 (stmt, 2);
      info->file_name = crm_statement_dup_text (stmt, 3);
      info->path = is_content_hash (hash) ? content_path (self, hash) : NULL;
      info->size = crm_statement_get_int64 (stmt, 5);
      info->mime_type = crm_statement_dup_text (stmt, 6);
      info->created_by = crm_statement_get_int64 (stmt, 7);
      info->created_by_name = crm_statement_dup_text (stmt, 8);
      info->created_at = crm_statement_get_int64 (stmt, 9);
      g_ptr_array_add (items, info);
    }

  if (result == CRM_STEP_ERROR)
    return NULL;

  return g_steal_pointer (&items);
}

/**
 * crm_store_delete_attachment:
 * @self: a #CrmStore
 * @id: an attachment's id
 * @error: return location for a #GError
 *
 * Moves a document to the trash. Its file stays in the data folder, since
 * the trash can be restored and other rows may share the same content.
 *
 * Returns: %TRUE on success
 */
gboolean
crm_store_delete_attachment (CrmStore  *self,
                             gint64     id,
                             GError   **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autofree char *file_name = NULL;
  gint64 contact_id = 0;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!crm_store_begin (self, error))
    return FALSE;

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "SELECT file_name, contact_id FROM attachments WHERE id = ?1",
                               error);
  if (stmt == NULL)
    goto failed;

  crm_statement_bind_int64 (stmt, 1, id);
  switch (crm_statement_step (stmt, error))
    {
    case CRM_STEP_ROW:
      file_name = crm_statement_dup_text (stmt, 0);
      contact_id = crm_statement_get_int64 (stmt, 1);
      break;
    case CRM_STEP_DONE:
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND,
                   _("No document has the id %" PRId64), id);
      goto failed;
    case CRM_STEP_ERROR:
    default:
      goto failed;
    }
  g_clear_pointer (&stmt, crm_statement_release);

  crm_store_emit_changing (self, CRM_ENTITY_ATTACHMENT, id);
  if (!_crm_store_trash_row (self, CRM_ENTITY_ATTACHMENT, "attachments", id, file_name, error))
    goto failed;

  crm_store_emit_changed (self, CRM_ENTITY_ATTACHMENT, id);
  if (contact_id != 0)
    crm_store_emit_changed (self, CRM_ENTITY_CONTACT, contact_id);

  return crm_store_commit (self, error);

failed:
  crm_store_rollback (self);
  return FALSE;
}

/* Activities */

#define ACTIVITY_SELECT \
  "SELECT a.id, a.kind, a.contact_id, c.name, a.deal_id, a.user_id, u.name, " \
  "       a.direction, a.started_at, a.duration_s, a.outcome, a.key_points, " \
  "       a.recording_id, r.content_hash, a.created_at, a.updated_at, a.deleted_at " \
  "FROM activities a " \
  "LEFT JOIN contacts c ON c.id = a.contact_id " \
  "LEFT JOIN users u ON u.id = a.user_id " \
  "LEFT JOIN attachments r ON r.id = a.recording_id "

enum {
  ACTIVITY_ID,
  ACTIVITY_KIND,
  ACTIVITY_CONTACT_ID,
  ACTIVITY_CONTACT_NAME,
  ACTIVITY_DEAL_ID,
  ACTIVITY_USER_ID,
  ACTIVITY_USER_NAME,
  ACTIVITY_DIRECTION,
  ACTIVITY_STARTED_AT,
  ACTIVITY_DURATION,
  ACTIVITY_OUTCOME,
  ACTIVITY_KEY_POINTS,
  ACTIVITY_RECORDING_ID,
  ACTIVITY_RECORDING_HASH,
  ACTIVITY_CREATED_AT,
  ACTIVITY_UPDATED_AT,
  ACTIVITY_DELETED_AT,
};

static CrmActivity *
activity_from_row (CrmStore     *self,
                   CrmStatement *stmt)
{
  CrmActivity *activity = crm_activity_new ();
  const char *hash = crm_statement_get_text (stmt, ACTIVITY_RECORDING_HASH);
  g_autofree char *tags = NULL;
  gint64 kind = crm_statement_get_int64 (stmt, ACTIVITY_KIND);
  gint64 direction = crm_statement_get_int64 (stmt, ACTIVITY_DIRECTION);
  gint64 id = crm_statement_get_int64 (stmt, ACTIVITY_ID);

  crm_activity_set_id (activity, id);
  if (kind >= CRM_ACTIVITY_CALL && kind <= CRM_ACTIVITY_TASK)
    crm_activity_set_kind (activity, (CrmActivityKind)kind);
  crm_activity_set_contact_id (activity, crm_statement_get_int64 (stmt, ACTIVITY_CONTACT_ID));
  crm_activity_set_contact_name (activity, crm_statement_get_text (stmt, ACTIVITY_CONTACT_NAME));
  crm_activity_set_deal_id (activity, crm_statement_get_int64 (stmt, ACTIVITY_DEAL_ID));
  crm_activity_set_user_id (activity, crm_statement_get_int64 (stmt, ACTIVITY_USER_ID));
  crm_activity_set_user_name (activity, crm_statement_get_text (stmt, ACTIVITY_USER_NAME));
  if (direction == CRM_CALL_INCOMING)
    crm_activity_set_direction (activity, CRM_CALL_INCOMING);
  else
    crm_activity_set_direction (activity, CRM_CALL_OUTGOING);
  crm_activity_set_started_at (activity, crm_statement_get_int64 (stmt, ACTIVITY_STARTED_AT));
  crm_activity_set_duration (activity, crm_statement_get_int64 (stmt, ACTIVITY_DURATION));
  crm_activity_set_outcome (activity, crm_statement_get_text (stmt, ACTIVITY_OUTCOME));
  crm_activity_set_key_points (activity, crm_statement_get_text (stmt, ACTIVITY_KEY_POINTS));
  crm_activity_set_recording_id (activity, crm_statement_get_int64 (stmt, ACTIVITY_RECORDING_ID));
  if (is_content_hash (hash))
    {
      g_autofree char *path = content_path (self, hash);

      crm_activity_set_recording_path (activity, path);
    }
  crm_activity_set_created_at (activity, crm_statement_get_int64 (stmt, ACTIVITY_CREATED_AT));
  crm_activity_set_updated_at (activity, crm_statement_get_int64 (stmt, ACTIVITY_UPDATED_AT));
  crm_activity_set_deleted_at (activity, crm_statement_get_int64 (stmt, ACTIVITY_DELETED_AT));

  tags = _crm_store_get_tags (self, "activity_tags", "activity_id", id);
  crm_activity_set_tags (activity, tags);

  return activity;
}

/* Reads and checks what a person entered for an activity. */
static gboolean
read_activity (CrmStore     *self,
               CrmActivity  *activity,
               ActivityRow  *row,
               GError      **error)
{
  gint64 now = crm_time_now_ms ();

  row->kind = crm_activity_get_kind (activity);
  row->contact_id = crm_activity_get_contact_id (activity);
  row->deal_id = crm_activity_get_deal_id (activity);
  row->user_id = crm_activity_get_user_id (activity);
  row->direction = crm_activity_get_direction (activity);
  row->started_at = crm_activity_get_started_at (activity);
  row->duration = crm_activity_get_duration (activity);
  row->outcome = crm_text_clean (crm_activity_get_outcome (activity));
  row->key_points = clean_multiline (crm_activity_get_key_points (activity));

  if (activity_kind_to_string (row->kind) == NULL)
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                   _("Unknown kind of activity (%d)"), (int)row->kind);
      return FALSE;
    }

  if (!check_owner (self, &row->contact_id, row->deal_id,
                    row->kind == CRM_ACTIVITY_CALL
                      ? _("A call must belong to a client or a deal")
                      : _("An activity must belong to a client or a deal"),
                    error))
    return FALSE;

  if (row->user_id == 0)
    row->user_id = crm_store_get_current_user (self);
  if (row->user_id != 0 && !check_user (self, row->user_id, error))
    return FALSE;

  if (row->kind == CRM_ACTIVITY_CALL && direction_to_string (row->direction) == NULL)
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                   _("A call is either outgoing or incoming"));
      return FALSE;
    }

  if (row->started_at == 0)
    row->started_at = now;
  if (row->started_at < 0)
    {
      g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                           _("The start time is not a valid time"));
      return FALSE;
    }
  if (row->kind == CRM_ACTIVITY_CALL && row->started_at > now + MS_PER_DAY)
    {
      g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                           _("A call cannot start more than a day from now; "
                             "to plan a call, set a reminder"));
      return FALSE;
    }

  if (row->duration < 0 || row->duration > MAX_CALL_SECONDS)
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                   _("The duration must be between 0 seconds and 24 hours, not %" PRId64 " seconds"),
                   row->duration);
      return FALSE;
    }

  if (!check_text (row->outcome, _("Outcome"), MAX_OUTCOME_CHARS, FALSE, error) ||
      !check_text (row->key_points, _("Key points"), MAX_KEY_POINTS_CHARS, TRUE, error))
    return FALSE;

  return TRUE;
}

static void
bind_activity (CrmStatement      *stmt,
               const ActivityRow *row)
{
  crm_statement_bind_int64 (stmt, 2, row->kind);
  bind_id_or_null (stmt, 3, row->contact_id);
  bind_id_or_null (stmt, 4, row->deal_id);
  bind_id_or_null (stmt, 5, row->user_id);
  if (row->kind == CRM_ACTIVITY_CALL)
    crm_statement_bind_int64 (stmt, 6, row->direction);
  else
    crm_statement_bind_null (stmt, 6);
  crm_statement_bind_int64 (stmt, 7, row->started_at);
  crm_statement_bind_int64 (stmt, 8, row->duration);
  crm_statement_bind_text (stmt, 9, row->outcome);
  crm_statement_bind_text (stmt, 10, row->key_points);
  bind_id_or_null (stmt, 11, row->recording_id);
}

/**
 * crm_store_add_activity:
 * @self: a #CrmStore
 * @activity: the call, note, meeting or task to log
 * @error: return location for a #GError
 *
 * Logs an activity. On success @activity gets its id, the client filled
 * in from the deal, the user, the start time, and the stored recording.
 *
 * Returns: the new id, or 0 with @error set
 */
gint64
crm_store_add_activity (CrmStore     *self,
                        CrmActivity  *activity,
                        GError      **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  ActivityRow row = { 0, };
  StoredFile recording = { NULL, FALSE };
  const char *recording_path;
  gint64 now = crm_time_now_ms ();
  gint64 id = 0;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);
  g_return_val_if_fail (CRM_IS_ACTIVITY (activity), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  if (!crm_store_begin (self, error))
    return 0;

  if (!read_activity (self, activity, &row, error))
    goto failed;

  crm_store_emit_changing (self, CRM_ENTITY_ACTIVITY, 0);

  recording_path = crm_activity_get_recording_path (activity);
  if (recording_path != NULL && *recording_path != '\0')
    {
      row.recording_id = insert_attachment (self, row.contact_id, row.deal_id,
                                            recording_path, &recording, error);
      if (row.recording_id == 0)
        goto failed;
    }

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "INSERT INTO activities (id, kind, contact_id, deal_id, user_id, direction, "
                               "                        started_at, duration_s, outcome, key_points, "
                               "                        recording_id, created_at, updated_at) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
                               error);
  if (stmt == NULL)
    goto failed;

  id = crm_id_new ();
  crm_statement_bind_int64 (stmt, 1, id);
  bind_activity (stmt, &row);
  crm_statement_bind_int64 (stmt, 12, now);
  if (!crm_statement_run (stmt, error))
    goto failed;

  if (!_crm_store_set_tags (self, "activity_tags", "activity_id", id,
                            (const char * const *)crm_activity_get_tag_list (activity),
                            error))
    goto failed;

  if (!crm_store_record_history (self, CRM_ENTITY_ACTIVITY, id, "created", NULL,
                                 activity_kind_to_string (row.kind), error))
    goto failed;

  crm_store_emit_changed (self, CRM_ENTITY_ACTIVITY, id);
  if (row.contact_id != 0)
    crm_store_emit_changed (self, CRM_ENTITY_CONTACT, row.contact_id);
  if (row.deal_id != 0)
    crm_store_emit_changed (self, CRM_ENTITY_DEAL, row.deal_id);

  if (!crm_store_commit (self, error))
    {
      stored_file_discard (&recording);
      activity_row_clear (&row);
      return 0;
    }

  g_object_freeze_notify (G_OBJECT (activity));
  crm_activity_set_id (activity, id);
  crm_activity_set_contact_id (activity, row.contact_id);
  crm_activity_set_user_id (activity, row.user_id);
  crm_activity_set_started_at (activity, row.started_at);
  crm_activity_set_outcome (activity, row.outcome);
  crm_activity_set_key_points (activity, row.key_points);
  crm_activity_set_recording_id (activity, row.recording_id);
  if (recording.path != NULL)
    crm_activity_set_recording_path (activity, recording.path);
  crm_activity_set_created_at (activity, now);
  crm_activity_set_updated_at (activity, now);
  crm_activity_set_deleted_at (activity, 0);
  g_object_thaw_notify (G_OBJECT (activity));

  g_free (recording.path);
  activity_row_clear (&row);
  return id;

failed:
  crm_store_rollback (self);
  stored_file_discard (&recording);
  activity_row_clear (&row);
  return 0;
}

/**
 * crm_store_get_activity:
 * @self: a #CrmStore
 * @id: an activity's id
 * @error: return location for a #GError
 *
 * Reads one activity with its client's and user's names, its tags and the
 * path of its stored recording. Trashed activities are found too.
 *
 * Returns: (transfer full): the activity, or %NULL with @error set
 */
CrmActivity *
crm_store_get_activity (CrmStore  *self,
                        gint64     id,
                        GError   **error)
{
  g_autoptr(CrmStatement) stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = crm_database_prepare (crm_store_get_database (self),
                               ACTIVITY_SELECT "WHERE a.id = ?1",
                               error);
  if (stmt == NULL)
    return NULL;

  crm_statement_bind_int64 (stmt, 1, id);
  switch (crm_statement_step (stmt, error))
    {
    case CRM_STEP_ROW:
      return activity_from_row (self, stmt);
    case CRM_STEP_DONE:
      _crm_store_set_not_found (CRM_ENTITY_ACTIVITY, id, error);
      return NULL;
    case CRM_STEP_ERROR:
    default:
      return NULL;
    }
}

static char *
recording_name (CrmStore *self,
                gint64    attachment_id)
{
  return lookup_text (self, "SELECT file_name FROM attachments WHERE id = ?1", attachment_id);
}

/* One history row per field of an activity that changed. */
static gboolean
record_activity_changes (CrmStore          *self,
                         gint64             id,
                         const ActivityRow *old,
                         const ActivityRow *row,
                         GError           **error)
{
  g_autofree char *old_contact = NULL;
  g_autofree char *new_contact = NULL;
  g_autofree char *old_deal = NULL;
  g_autofree char *new_deal = NULL;
  g_autofree char *old_user = NULL;
  g_autofree char *new_user = NULL;
  g_autofree char *old_started = NULL;
  g_autofree char *new_started = NULL;
  g_autofree char *old_duration = NULL;
  g_autofree char *new_duration = NULL;
  g_autofree char *old_recording = NULL;
  g_autofree char *new_recording = NULL;

  if (!crm_store_record_history (self, CRM_ENTITY_ACTIVITY, id, "kind",
                                 activity_kind_to_string (old->kind),
                                 activity_kind_to_string (row->kind), error))
    return FALSE;

  if (old->contact_id != row->contact_id)
    {
      old_contact = contact_name (self, old->contact_id);
      new_contact = contact_name (self, row->contact_id);
      if (!crm_store_record_history (self, CRM_ENTITY_ACTIVITY, id, "contact",
                                     old_contact, new_contact, error))
        return FALSE;
    }

  if (old->deal_id != row->deal_id)
    {
      old_deal = deal_title (self, old->deal_id);
      new_deal = deal_title (self, row->deal_id);
      if (!crm_store_record_history (self, CRM_ENTITY_ACTIVITY, id, "deal",
                                     old_deal, new_deal, error))
        return FALSE;
    }

  if (old->user_id != row->user_id)
    {
      old_user = user_name (self, old->user_id);
      new_user = user_name (self, row->user_id);
      if (!crm_store_record_history (self, CRM_ENTITY_ACTIVITY, id, "user",
                                     old_user, new_user, error))
        return FALSE;
    }

  if (!crm_store_record_history (self, CRM_ENTITY_ACTIVITY, id, "direction",
                                 old->kind == CRM_ACTIVITY_CALL ? direction_to_string (old->direction) : NULL,
                                 row->kind == CRM_ACTIVITY_CALL ? direction_to_string (row->direction) : NULL,
                                 error))
    return FALSE;

  old_started = time_text (old->started_at);
  new_started = time_text (row->started_at);
  old_duration = number_text (old->duration);
  new_duration = number_text (row->duration);
  if (!crm_store_record_history (self, CRM_ENTITY_ACTIVITY, id, "started_at",
                                 old_started, new_started, error) ||
      !crm_store_record_history (self, CRM_ENTITY_ACTIVITY, id, "duration",
                                 old_duration, new_duration, error) ||
      !crm_store_record_history (self, CRM_ENTITY_ACTIVITY, id, "outcome",
                                 old->outcome, row->outcome, error) ||
      !crm_store_record_history (self, CRM_ENTITY_ACTIVITY, id, "key_points",
                                 old->key_points, row->key_points, error))
    return FALSE;

  if (old->recording_id != row->recording_id)
    {
      old_recording = recording_name (self, old->recording_id);
      new_recording = recording_name (self, row->recording_id);
      if (!crm_store_record_history (self, CRM_ENTITY_ACTIVITY, id, "recording",
                                     old_recording, new_recording, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * crm_store_update_activity:
 * @self: a #CrmStore
 * @activity: the activity, by its id, with the fields to write
 * @error: return location for a #GError
 *
 * Writes every field of @activity and records one history row per field
 * that changed. A recording-path other than the stored recording's path
 * stores a new recording; an empty one unlinks the recording.
 *
 * Returns: %TRUE on success
 */
gboolean
crm_store_update_activity (CrmStore     *self,
                           CrmActivity  *activity,
                           GError      **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autoptr(CrmStatement) update = NULL;
  g_autoptr(CrmActivity) old_activity = NULL;
  g_autofree char *old_tags = NULL;
  g_autofree char *new_tags = NULL;
  ActivityRow old = { 0, };
  ActivityRow row = { 0, };
  StoredFile recording = { NULL, FALSE };
  const char *old_path;
  const char *new_path;
  gint64 id;
  gint64 now = crm_time_now_ms ();

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (CRM_IS_ACTIVITY (activity), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  id = crm_activity_get_id (activity);

  if (!crm_store_begin (self, error))
    return FALSE;

  old_activity = crm_store_get_activity (self, id, error);
  if (old_activity == NULL)
    goto failed;

  if (crm_activity_get_deleted_at (old_activity) != 0)
    {
      g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                           _("This call or activity is in the trash; restore it before changing it"));
      goto failed;
    }

  old.kind = crm_activity_get_kind (old_activity);
  old.contact_id = crm_activity_get_contact_id (old_activity);
  old.deal_id = crm_activity_get_deal_id (old_activity);
  old.user_id = crm_activity_get_user_id (old_activity);
  old.direction = crm_activity_get_direction (old_activity);
  old.started_at = crm_activity_get_started_at (old_activity);
  old.duration = crm_activity_get_duration (old_activity);
  old.outcome = g_strdup (crm_activity_get_outcome (old_activity));
  old.key_points = g_strdup (crm_activity_get_key_points (old_activity));
  old.recording_id = crm_activity_get_recording_id (old_activity);
  old_tags = g_strdup (crm_activity_get_tags (old_activity));

  if (!read_activity (self, activity, &row, error))
    goto failed;

  crm_store_emit_changing (self, CRM_ENTITY_ACTIVITY, id);

  old_path = crm_activity_get_recording_path (old_activity);
  new_path = crm_activity_get_recording_path (activity);
  if (new_path == NULL || *new_path == '\0')
    row.recording_id = 0;
  else if (old.recording_id != 0 && g_strcmp0 (old_path, new_path) == 0)
    row.recording_id = old.recording_id;
  else
    {
      row.recording_id = insert_attachment (self, row.contact_id, row.deal_id,
                                            new_path, &recording, error);
      if (row.recording_id == 0)
        goto failed;
    }

  update = crm_database_prepare (crm_store_get_database (self),
                                 "UPDATE activities SET kind = ?2, contact_id = ?3, deal_id = ?4, "
                                 "  user_id = ?5, direction = ?6, started_at = ?7, duration_s = ?8, "
                                 "  outcome = ?9, key_points = ?10, recording_id = ?11, updated_at = ?12 "
                                 "WHERE id = ?1",
                                 error);
  if (update == NULL)
    goto failed;

  crm_statement_bind_int64 (update, 1, id);
  bind_activity (update, &row);
  crm_statement_bind_int64 (update, 12, now);
  if (!crm_statement_run (update, error))
    goto failed;

  if (!_crm_store_set_tags (self, "activity_tags", "activity_id", id,
                            (const char * const *)crm_activity_get_tag_list (activity),
                            error))
    goto failed;

  new_tags = _crm_store_get_tags (self, "activity_tags", "activity_id", id);
  if (!crm_store_record_history (self, CRM_ENTITY_ACTIVITY, id, "tags",
                                 (old_tags && *old_tags) ? old_tags : NULL,
                                 *new_tags ? new_tags : NULL, error))
    goto failed;

  if (!record_activity_changes (self, id, &old, &row, error))
    goto failed;

  crm_store_emit_changed (self, CRM_ENTITY_ACTIVITY, id);
  if (old.contact_id != 0)
    crm_store_emit_changed (self, CRM_ENTITY_CONTACT, old.contact_id);
  if (row.contact_id != 0)
    crm_store_emit_changed (self, CRM_ENTITY_CONTACT, row.contact_id);

  if (!crm_store_commit (self, error))
    {
      stored_file_discard (&recording);
      activity_row_clear (&old);
      activity_row_clear (&row);
      return FALSE;
    }

  g_object_freeze_notify (G_OBJECT (activity));
  crm_activity_set_contact_id (activity, row.contact_id);
  crm_activity_set_user_id (activity, row.user_id);
  crm_activity_set_started_at (activity, row.started_at);
  crm_activity_set_outcome (activity, row.outcome);
  crm_activity_set_key_points (activity, row.key_points);
  crm_activity_set_recording_id (activity, row.recording_id);
  if (recording.path != NULL)
    crm_activity_set_recording_path (activity, recording.path);
  else if (row.recording_id == 0)
    crm_activity_set_recording_path (activity, NULL);
  crm_activity_set_tags (activity, new_tags);
  crm_activity_set_updated_at (activity, now);
  g_object_thaw_notify (G_OBJECT (activity));

  g_free (recording.path);
  activity_row_clear (&old);
  activity_row_clear (&row);
  return TRUE;

failed:
  crm_store_rollback (self);
  stored_file_discard (&recording);
  activity_row_clear (&old);
  activity_row_clear (&row);
  return FALSE;
}

/**
 * crm_store_delete_activity:
 * @self: a #CrmStore
 * @id: an activity's id
 * @error: return location for a #GError
 *
 * Moves an activity to the trash.
 *
 * Returns: %TRUE on success
 */
gboolean
crm_store_delete_activity (CrmStore  *self,
                           gint64     id,
                           GError   **error)
{
  g_autoptr(CrmActivity) activity = NULL;
  g_autofree char *title = NULL;
  gint64 contact_id;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!crm_store_begin (self, error))
    return FALSE;

  activity = crm_store_get_activity (self, id, error);
  if (activity == NULL)
    goto failed;

  contact_id = crm_activity_get_contact_id (activity);
  title = activity_title (crm_activity_get_kind (activity),
                          crm_activity_get_contact_name (activity));

  crm_store_emit_changing (self, CRM_ENTITY_ACTIVITY, id);
  if (!_crm_store_trash_row (self, CRM_ENTITY_ACTIVITY, "activities", id, title, error))
    goto failed;

  crm_store_emit_changed (self, CRM_ENTITY_ACTIVITY, id);
  if (contact_id != 0)
    crm_store_emit_changed (self, CRM_ENTITY_CONTACT, contact_id);

  return crm_store_commit (self, error);

failed:
  crm_store_rollback (self);
  return FALSE;
}

/**
 * crm_store_restore_activity:
 * @self: a #CrmStore
 * @id: a trashed activity's id
 * @error: return location for a #GError
 *
 * Takes an activity back out of the trash.
 *
 * Returns: %TRUE on success
 */
gboolean
crm_store_restore_activity (CrmStore  *self,
                            gint64     id,
                            GError   **error)
{
  g_autoptr(CrmActivity) activity = NULL;
  gint64 contact_id;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!crm_store_begin (self, error))
    return FALSE;

  crm_store_emit_changing (self, CRM_ENTITY_ACTIVITY, id);
  if (!_crm_store_untrash_row (self, CRM_ENTITY_ACTIVITY, "activities", id, error))
    {
      crm_store_rollback (self);
      return FALSE;
    }

  activity = crm_store_get_activity (self, id, NULL);
  contact_id = activity != NULL ? crm_activity_get_contact_id (activity) : 0;
  crm_store_emit_changed (self, CRM_ENTITY_ACTIVITY, id);
  if (contact_id != 0)
    crm_store_emit_changed (self, CRM_ENTITY_CONTACT, contact_id);

  return crm_store_commit (self, error);
}

/**
 * crm_store_list_activities_of_contact:
 * @self: a #CrmStore
 * @contact_id: a client's id
 * @error: return location for a #GError
 *
 * Lists the live activities of a client and of the client's deals, newest
 * first, with names and tags filled in.
 *
 * Returns: (transfer full) (element-type CrmActivity): the activities, or
 *   %NULL with @error set
 */
GPtrArray *
crm_store_list_activities_of_contact (CrmStore  *self,
                                      gint64     contact_id,
                                      GError   **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autoptr(GPtrArray) activities = NULL;
  CrmStepResult result;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = crm_database_prepare (crm_store_get_database (self),
                               ACTIVITY_SELECT
                               "WHERE a.deleted_at IS NULL "
                               "  AND (a.contact_id = ?1 "
                               "       OR a.deal_id IN (SELECT d.id FROM deals d "
                               "                        WHERE d.contact_id = ?1 AND d.deleted_at IS NULL)) "
                               "ORDER BY a.started_at DESC, a.id DESC",
                               error);
  if (stmt == NULL)
    return NULL;

  crm_statement_bind_int64 (stmt, 1, contact_id);

  activities = g_ptr_array_new_with_free_func (g_object_unref);
  while ((result = crm_statement_step (stmt, error)) == CRM_STEP_ROW)
    g_ptr_array_add (activities, activity_from_row (self, stmt));

  if (result == CRM_STEP_ERROR)
    return NULL;

  return g_steal_pointer (&activities);
}

/* Reminders */

/* A reminder's client is its own or its deal's. Reminders about a client
 * or deal in the trash keep quiet until it is restored. */
#define REMINDER_SELECT \
  "SELECT r.id, coalesce (r.contact_id, d.contact_id), c.name, " \
  "       (SELECT p.e164 FROM phones p " \
  "        WHERE p.contact_id = coalesce (r.contact_id, d.contact_id) " \
  "        ORDER BY p.position, p.id LIMIT 1), " \
  "       r.deal_id, d.title, r.assignee_id, u.name, r.due_at, r.note, r.done_at, " \
  "       r.snoozed_until, r.notified_at, r.created_by, r.created_at, r.updated_at, " \
  "       r.deleted_at " \
  "FROM reminders r " \
  "LEFT JOIN deals d ON d.id = r.deal_id " \
  "LEFT JOIN contacts c ON c.id = coalesce (r.contact_id, d.contact_id) " \
  "LEFT JOIN users u ON u.id = r.assignee_id "

#define REMINDER_PENDING \
  "r.done_at IS NULL AND r.deleted_at IS NULL " \
  "AND c.deleted_at IS NULL AND d.deleted_at IS NULL "

#define REMINDER_NOT_NOTIFIED \
  "(r.notified_at IS NULL OR r.notified_at < coalesce (r.snoozed_until, r.due_at)) "

#define REMINDER_ORDER \
  "ORDER BY coalesce (r.snoozed_until, r.due_at), r.id"

/* What crm_store_count_reminders() counts: pending reminders due before
 * ?2 (now), before ?3 (soon) and later; and done ones. */
#define REMINDER_COUNTS \
  "SELECT count(*) FILTER (WHERE r.done_at IS NULL AND coalesce (r.snoozed_until, r.due_at) < ?2), " \
  "       count(*) FILTER (WHERE r.done_at IS NULL AND coalesce (r.snoozed_until, r.due_at) >= ?2 " \
  "                          AND coalesce (r.snoozed_until, r.due_at) < ?3), " \
  "       count(*) FILTER (WHERE r.done_at IS NULL AND coalesce (r.snoozed_until, r.due_at) >= ?3), " \
  "       count(*) FILTER (WHERE r.done_at IS NOT NULL) " \
  "FROM reminders r " \
  "LEFT JOIN deals d ON d.id = r.deal_id " \
  "LEFT JOIN contacts c ON c.id = coalesce (r.contact_id, d.contact_id) "

enum {
  REMINDER_ID,
  REMINDER_CONTACT_ID,
  REMINDER_CONTACT_NAME,
  REMINDER_CONTACT_PHONE,
  REMINDER_DEAL_ID,
  REMINDER_DEAL_TITLE,
  REMINDER_ASSIGNEE_ID,
  REMINDER_ASSIGNEE_NAME,
  REMINDER_DUE_AT,
  REMINDER_NOTE,
  REMINDER_DONE_AT,
  REMINDER_SNOOZED_UNTIL,
  REMINDER_NOTIFIED_AT,
  REMINDER_CREATED_BY,
  REMINDER_CREATED_AT,
  REMINDER_UPDATED_AT,
  REMINDER_DELETED_AT,
};

static CrmReminder *
reminder_from_row (CrmStatement *stmt)
{
  CrmReminder *reminder = crm_reminder_new ();
  const char *e164 = crm_statement_get_text (stmt, REMINDER_CONTACT_PHONE);

  crm_reminder_set_id (reminder, crm_statement_get_int64 (stmt, REMINDER_ID));
  crm_reminder_set_contact_id (reminder, crm_statement_get_int64 (stmt, REMINDER_CONTACT_ID));
  crm_reminder_set_contact_name (reminder, crm_statement_get_text (stmt, REMINDER_CONTACT_NAME));
  if (e164 != NULL && *e164 != '\0')
    {
      g_autofree char *phone = crm_phone_format (e164);

      crm_reminder_set_contact_phone (reminder, phone);
    }
  crm_reminder_set_deal_id (reminder, crm_statement_get_int64 (stmt, REMINDER_DEAL_ID));
  crm_reminder_set_deal_title (reminder, crm_statement_get_text (stmt, REMINDER_DEAL_TITLE));
  crm_reminder_set_assignee_id (reminder, crm_statement_get_int64 (stmt, REMINDER_ASSIGNEE_ID));
  crm_reminder_set_assignee_name (reminder, crm_statement_get_text (stmt, REMINDER_ASSIGNEE_NAME));
  crm_reminder_set_due_at (reminder, crm_statement_get_int64 (stmt, REMINDER_DUE_AT));
  crm_reminder_set_note (reminder, crm_statement_get_text (stmt, REMINDER_NOTE));
  crm_reminder_set_done_at (reminder, crm_statement_get_int64 (stmt, REMINDER_DONE_AT));
  crm_reminder_set_snoozed_until (reminder, crm_statement_get_int64 (stmt, REMINDER_SNOOZED_UNTIL));
  crm_reminder_set_notified_at (reminder, crm_statement_get_int64 (stmt, REMINDER_NOTIFIED_AT));
  crm_reminder_set_created_by (reminder, crm_statement_get_int64 (stmt, REMINDER_CREATED_BY));
  crm_reminder_set_created_at (reminder, crm_statement_get_int64 (stmt, REMINDER_CREATED_AT));
  crm_reminder_set_updated_at (reminder, crm_statement_get_int64 (stmt, REMINDER_UPDATED_AT));
  crm_reminder_set_deleted_at (reminder, crm_statement_get_int64 (stmt, REMINDER_DELETED_AT));

  return reminder;
}

/* The reminders @sql selects, with ?1, ?2… bound to @parameters. */
static GPtrArray *
list_reminders_bound (CrmStore      *self,
                      const char    *sql,
                      const gint64  *parameters,
                      guint          n_parameters,
                      GError       **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autoptr(GPtrArray) reminders = NULL;
  CrmStepResult result;

  stmt = crm_database_prepare (crm_store_get_database (self), sql, error);
  if (stmt == NULL)
    return NULL;

  for (guint i = 0; i < n_parameters; i++)
    crm_statement_bind_int64 (stmt, i + 1, parameters[i]);

  reminders = g_ptr_array_new_with_free_func (g_object_unref);
  while ((result = crm_statement_step (stmt, error)) == CRM_STEP_ROW)
    g_ptr_array_add (reminders, reminder_from_row (stmt));

  if (result == CRM_STEP_ERROR)
    return NULL;

  return g_steal_pointer (&reminders);
}

static GPtrArray *
list_reminders_with (CrmStore    *self,
                     const char  *sql,
                     gint64       parameter,
                     GError     **error)
{
  return list_reminders_bound (self, sql, &parameter, 1, error);
}

/* Reads the state of a reminder that is to change; a trashed one cannot. */
static gboolean
load_reminder_state (CrmStore       *self,
                     gint64          id,
                     ReminderState  *state,
                     GError        **error)
{
  g_autoptr(CrmStatement) stmt = NULL;

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "SELECT contact_id, due_at, done_at, snoozed_until, deleted_at "
                               "FROM reminders WHERE id = ?1",
                               error);
  if (stmt == NULL)
    return FALSE;

  crm_statement_bind_int64 (stmt, 1, id);
  switch (crm_statement_step (stmt, error))
    {
    case CRM_STEP_ROW:
      state->contact_id = crm_statement_get_int64 (stmt, 0);
      state->due_at = crm_statement_get_int64 (stmt, 1);
      state->done_at = crm_statement_get_int64 (stmt, 2);
      state->snoozed_until = crm_statement_get_int64 (stmt, 3);
      state->deleted_at = crm_statement_get_int64 (stmt, 4);
      if (state->deleted_at != 0)
        {
          g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                               _("This reminder is in the trash; restore it before changing it"));
          return FALSE;
        }
      return TRUE;
    case CRM_STEP_DONE:
      _crm_store_set_not_found (CRM_ENTITY_REMINDER, id, error);
      return FALSE;
    case CRM_STEP_ERROR:
    default:
      return FALSE;
    }
}

/**
 * crm_store_add_reminder:
 * @self: a #CrmStore
 * @reminder: the reminder to set: contact-id or deal-id, due-at, note and
 *   assignee-id (0: the current user)
 * @error: return location for a #GError
 *
 * Sets a reminder. On success @reminder gets its id, its client filled in
 * from the deal, its assignee and creator.
 *
 * Returns: the new id, or 0 with @error set
 */
gint64
crm_store_add_reminder (CrmStore     *self,
                        CrmReminder  *reminder,
                        GError      **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autofree char *note = NULL;
  g_autofree char *due_text = NULL;
  gint64 contact_id;
  gint64 deal_id;
  gint64 assignee_id;
  gint64 due_at;
  gint64 current_user = crm_store_get_current_user (self);
  gint64 now = crm_time_now_ms ();
  gint64 id;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);
  g_return_val_if_fail (CRM_IS_REMINDER (reminder), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  contact_id = crm_reminder_get_contact_id (reminder);
  deal_id = crm_reminder_get_deal_id (reminder);
  assignee_id = crm_reminder_get_assignee_id (reminder);
  due_at = crm_reminder_get_due_at (reminder);
  note = clean_multiline (crm_reminder_get_note (reminder));

  if (!crm_store_begin (self, error))
    return 0;

  if (!check_owner (self, &contact_id, deal_id,
                    _("A reminder must belong to a client or a deal"), error))
    goto failed;

  if (due_at <= 0)
    {
      g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                           _("A reminder needs the time it is due"));
      goto failed;
    }

  if (!check_text (note, _("Note"), MAX_NOTE_CHARS, TRUE, error))
    goto failed;

  if (assignee_id == 0)
    assignee_id = current_user;
  if (assignee_id == 0)
    {
      g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                           _("A reminder needs an employee to remind"));
      goto failed;
    }
  if (!check_user (self, assignee_id, error))
    goto failed;

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "INSERT INTO reminders (id, contact_id, deal_id, assignee_id, due_at, note, "
                               "                       created_by, created_at, updated_at) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
                               error);
  if (stmt == NULL)
    goto failed;

  crm_store_emit_changing (self, CRM_ENTITY_REMINDER, 0);

  id = crm_id_new ();
  crm_statement_bind_int64 (stmt, 1, id);
  bind_id_or_null (stmt, 2, contact_id);
  bind_id_or_null (stmt, 3, deal_id);
  crm_statement_bind_int64 (stmt, 4, assignee_id);
  crm_statement_bind_int64 (stmt, 5, due_at);
  crm_statement_bind_text (stmt, 6, note);
  bind_id_or_null (stmt, 7, current_user);
  crm_statement_bind_int64 (stmt, 8, now);
  if (!crm_statement_run (stmt, error))
    goto failed;

  due_text = time_text (due_at);
  if (!crm_store_record_history (self, CRM_ENTITY_REMINDER, id, "created", NULL, due_text, error))
    goto failed;

  crm_store_emit_changed (self, CRM_ENTITY_REMINDER, id);
  if (contact_id != 0)
    crm_store_emit_changed (self, CRM_ENTITY_CONTACT, contact_id);
  if (deal_id != 0)
    crm_store_emit_changed (self, CRM_ENTITY_DEAL, deal_id);

  if (!crm_store_commit (self, error))
    return 0;

  g_object_freeze_notify (G_OBJECT (reminder));
  crm_reminder_set_id (reminder, id);
  crm_reminder_set_contact_id (reminder, contact_id);
  crm_reminder_set_assignee_id (reminder, assignee_id);
  crm_reminder_set_note (reminder, note);
  crm_reminder_set_done_at (reminder, 0);
  crm_reminder_set_snoozed_until (reminder, 0);
  crm_reminder_set_notified_at (reminder, 0);
  crm_reminder_set_created_by (reminder, current_user);
  crm_reminder_set_created_at (reminder, now);
  crm_reminder_set_updated_at (reminder, now);
  crm_reminder_set_deleted_at (reminder, 0);
  g_object_thaw_notify (G_OBJECT (reminder));

  return id;

failed:
  crm_store_rollback (self);
  return 0;
}

/**
 * crm_store_update_reminder:
 * @self: a #CrmStore
 * @reminder: the reminder, by its id, with contact-id, deal-id,
 *   assignee-id, due-at and note to write
 * @error: return location for a #GError
 *
 * Edits a reminder and records one history row per changed field. A new
 * due time clears the snooze and the notification, as rescheduling does.
 *
 * Returns: %TRUE on success
 */
gboolean
crm_store_update_reminder (CrmStore     *self,
                           CrmReminder  *reminder,
                           GError      **error)
{
  g_autoptr(CrmReminder) old = NULL;
  g_autoptr(CrmStatement) stmt = NULL;
  g_autofree char *note = NULL;
  g_autofree char *old_due = NULL;
  g_autofree char *new_due = NULL;
  g_autofree char *old_contact = NULL;
  g_autofree char *new_contact = NULL;
  g_autofree char *new_assignee = NULL;
  g_autofree char *new_deal = NULL;
  ReminderState state;
  gint64 id;
  gint64 contact_id;
  gint64 deal_id;
  gint64 assignee_id;
  gint64 due_at;
  gboolean due_changed;
  gint64 now = crm_time_now_ms ();

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (CRM_IS_REMINDER (reminder), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  id = crm_reminder_get_id (reminder);
  contact_id = crm_reminder_get_contact_id (reminder);
  deal_id = crm_reminder_get_deal_id (reminder);
  assignee_id = crm_reminder_get_assignee_id (reminder);
  due_at = crm_reminder_get_due_at (reminder);
  note = clean_multiline (crm_reminder_get_note (reminder));

  if (!crm_store_begin (self, error))
    return FALSE;

  if (!load_reminder_state (self, id, &state, error))
    goto failed;

  old = crm_store_get_reminder (self, id, error);
  if (old == NULL)
    goto failed;

  if (!check_owner (self, &contact_id, deal_id,
                    _("A reminder must belong to a client or a deal"), error))
    goto failed;

  if (due_at <= 0)
    {
      g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                           _("A reminder needs the time it is due"));
      goto failed;
    }

  if (!check_text (note, _("Note"), MAX_NOTE_CHARS, TRUE, error))
    goto failed;

  if (assignee_id == 0)
    assignee_id = crm_store_get_current_user (self);
  if (!check_user (self, assignee_id, error))
    goto failed;

  due_changed = due_at != state.due_at;

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "UPDATE reminders SET contact_id = ?2, deal_id = ?3, assignee_id = ?4, "
                               "  note = ?5, due_at = ?6, updated_at = ?7, "
                               "  snoozed_until = CASE WHEN ?8 THEN NULL ELSE snoozed_until END, "
                               "  notified_at = CASE WHEN ?8 THEN NULL ELSE notified_at END "
                               "WHERE id = ?1",
                               error);
  if (stmt == NULL)
    goto failed;

  crm_store_emit_changing (self, CRM_ENTITY_REMINDER, id);

  crm_statement_bind_int64 (stmt, 1, id);
  bind_id_or_null (stmt, 2, contact_id);
  bind_id_or_null (stmt, 3, deal_id);
  crm_statement_bind_int64 (stmt, 4, assignee_id);
  crm_statement_bind_text (stmt, 5, note);
  crm_statement_bind_int64 (stmt, 6, due_at);
  crm_statement_bind_int64 (stmt, 7, now);
  crm_statement_bind_int64 (stmt, 8, due_changed);
  if (!crm_statement_run (stmt, error))
    goto failed;

  old_due = time_text (state.due_at);
  new_due = time_text (due_at);
  if (!crm_store_record_history (self, CRM_ENTITY_REMINDER, id, "due", old_due, new_due, error) ||
      !crm_store_record_history (self, CRM_ENTITY_REMINDER, id, "note",
                                 crm_reminder_get_note (old), note, error))
    goto failed;

  if (crm_reminder_get_assignee_id (old) != assignee_id)
    {
      new_assignee = user_name (self, assignee_id);
      if (!crm_store_record_history (self, CRM_ENTITY_REMINDER, id, "assignee",
                                     crm_reminder_get_assignee_name (old), new_assignee, error))
        goto failed;
    }

  if (state.contact_id != contact_id)
    {
      old_contact = contact_name (self, state.contact_id);
      new_contact = contact_name (self, contact_id);
      if (!crm_store_record_history (self, CRM_ENTITY_REMINDER, id, "contact",
                                     old_contact, new_contact, error))
        goto failed;
    }

  if (crm_reminder_get_deal_id (old) != deal_id)
    {
      new_deal = deal_title (self, deal_id);
      if (!crm_store_record_history (self, CRM_ENTITY_REMINDER, id, "deal",
                                     crm_reminder_get_deal_title (old), new_deal, error))
        goto failed;
    }

  crm_store_emit_changed (self, CRM_ENTITY_REMINDER, id);
  if (state.contact_id != 0)
    crm_store_emit_changed (self, CRM_ENTITY_CONTACT, state.contact_id);
  if (contact_id != 0)
    crm_store_emit_changed (self, CRM_ENTITY_CONTACT, contact_id);

  if (!crm_store_commit (self, error))
    return FALSE;

  g_object_freeze_notify (G_OBJECT (reminder));
  crm_reminder_set_contact_id (reminder, contact_id);
  crm_reminder_set_assignee_id (reminder, assignee_id);
  crm_reminder_set_note (reminder, note);
  if (due_changed)
    {
      crm_reminder_set_snoozed_until (reminder, 0);
      crm_reminder_set_notified_at (reminder, 0);
    }
  crm_reminder_set_updated_at (reminder, now);
  g_object_thaw_notify (G_OBJECT (reminder));

  return TRUE;

failed:
  crm_store_rollback (self);
  return FALSE;
}

/**
 * crm_store_get_reminder:
 * @self: a #CrmStore
 * @id: a reminder's id
 * @error: return location for a #GError
 *
 * Reads one reminder with its client's name and first phone, its deal's
 * title and its assignee's name. Trashed reminders are found too.
 *
 * Returns: (transfer full): the reminder, or %NULL with @error set
 */
CrmReminder *
crm_store_get_reminder (CrmStore  *self,
                        gint64     id,
                        GError   **error)
{
  g_autoptr(CrmStatement) stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = crm_database_prepare (crm_store_get_database (self),
                               REMINDER_SELECT "WHERE r.id = ?1",
                               error);
  if (stmt == NULL)
    return NULL;

  crm_statement_bind_int64 (stmt, 1, id);
  switch (crm_statement_step (stmt, error))
    {
    case CRM_STEP_ROW:
      return reminder_from_row (stmt);
    case CRM_STEP_DONE:
      _crm_store_set_not_found (CRM_ENTITY_REMINDER, id, error);
      return NULL;
    case CRM_STEP_ERROR:
    default:
      return NULL;
    }
}

/**
 * crm_store_list_reminders:
 * @self: a #CrmStore
 * @assignee_id: an employee's id, or 0 for everybody's reminders
 * @include_done: whether to list done reminders too
 * @error: return location for a #GError
 *
 * Lists reminders by effective due time (the snooze time when snoozed).
 * Reminders about a client or deal in the trash are left out.
 *
 * Returns: (transfer full) (element-type CrmReminder): the reminders, or
 *   %NULL with @error set
 */
GPtrArray *
crm_store_list_reminders (CrmStore  *self,
                          gint64     assignee_id,
                          gboolean   include_done,
                          GError   **error)
{
  const char *sql;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Four fixed texts rather than one with optional conditions, so that
   * the pending lists walk the reminders_pending index in order. */
  if (include_done && assignee_id != 0)
    sql = REMINDER_SELECT
          "WHERE r.deleted_at IS NULL AND c.deleted_at IS NULL AND d.deleted_at IS NULL "
          "  AND r.assignee_id = ?1 "
          REMINDER_ORDER;
  else if (include_done)
    sql = REMINDER_SELECT
          "WHERE r.deleted_at IS NULL AND c.deleted_at IS NULL AND d.deleted_at IS NULL "
          "  AND ?1 = 0 "
          REMINDER_ORDER;
  else if (assignee_id != 0)
    sql = REMINDER_SELECT
          "WHERE " REMINDER_PENDING "AND r.assignee_id = ?1 "
          REMINDER_ORDER;
  else
    sql = REMINDER_SELECT
          "WHERE " REMINDER_PENDING "AND ?1 = 0 "
          REMINDER_ORDER;

  return list_reminders_with (self, sql, assignee_id, error);
}

/**
 * crm_store_count_reminders:
 * @self: a #CrmStore
 * @assignee_id: an employee's id, or 0 to count everybody's reminders
 * @include_done: whether to count done reminders too
 * @now: the time before which a pending reminder is overdue
 * @soon: a later time, such as the start of tomorrow
 * @counts: (out caller-allocates): where to put the counts
 * @error: return location for a #GError
 *
 * Counts the reminders that crm_store_list_reminders() would list, in one
 * pass and without reading them: the pending ones whose effective due
 * time (the snooze time when snoozed) lies before @now, from @now until
 * @soon, and at @soon or later; and the done ones when @include_done
 * (0 otherwise).
 *
 * Returns: %TRUE on success, %FALSE with @error set
 */
gboolean
crm_store_count_reminders (CrmStore          *self,
                           gint64             assignee_id,
                           gboolean           include_done,
                           gint64             now,
                           gint64             soon,
                           CrmReminderCounts *counts,
                           GError           **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  const char *sql;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (soon >= now, FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* The same four conditions as crm_store_list_reminders(): without done
   * ones, only the reminders_pending index is walked. */
  if (include_done && assignee_id != 0)
    sql = REMINDER_COUNTS
          "WHERE r.deleted_at IS NULL AND c.deleted_at IS NULL AND d.deleted_at IS NULL "
          "  AND r.assignee_id = ?1";
  else if (include_done)
    sql = REMINDER_COUNTS
          "WHERE r.deleted_at IS NULL AND c.deleted_at IS NULL AND d.deleted_at IS NULL "
          "  AND ?1 = 0";
  else if (assignee_id != 0)
    sql = REMINDER_COUNTS
          "WHERE " REMINDER_PENDING "AND r.assignee_id = ?1";
  else
    sql = REMINDER_COUNTS
          "WHERE " REMINDER_PENDING "AND ?1 = 0";

  stmt = crm_database_prepare (crm_store_get_database (self), sql, error);
  if (stmt == NULL)
    return FALSE;

  crm_statement_bind_int64 (stmt, 1, assignee_id);
  crm_statement_bind_int64 (stmt, 2, now);
  crm_statement_bind_int64 (stmt, 3, soon);
  if (crm_statement_step (stmt, error) != CRM_STEP_ROW)
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, CRM_DATABASE_ERROR, CRM_DATABASE_ERROR_FAILED,
                             _("The reminders could not be counted"));
      return FALSE;
    }

  counts->overdue = (guint)crm_statement_get_int64 (stmt, 0);
  counts->soon = (guint)crm_statement_get_int64 (stmt, 1);
  counts->later = (guint)crm_statement_get_int64 (stmt, 2);
  counts->done = (guint)crm_statement_get_int64 (stmt, 3);

  return TRUE;
}

/**
 * crm_store_list_pending_reminders_between:
 * @self: a #CrmStore
 * @assignee_id: an employee's id, or 0 for everybody's reminders
 * @from_ms: the earliest effective due time to list
 * @until_ms: the effective due time from which on none are listed
 * @limit: how many to list at most, 0 for all
 * @error: return location for a #GError
 *
 * Lists one stretch of what crm_store_list_reminders() lists without done
 * reminders: those whose effective due time lies in [@from_ms,
 * @until_ms), in the same order (by effective due time, oldest first).
 * G_MININT64 and G_MAXINT64 leave a side open.
 *
 * Returns: (transfer full) (element-type CrmReminder): the reminders, or
 *   %NULL with @error set
 */
GPtrArray *
crm_store_list_pending_reminders_between (CrmStore  *self,
                                          gint64     assignee_id,
                                          gint64     from_ms,
                                          gint64     until_ms,
                                          guint      limit,
                                          GError   **error)
{
  gint64 parameters[] = { assignee_id, from_ms, until_ms, limit > 0 ? (gint64)limit : -1 };
  const char *sql;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* A range of the reminders_pending index, walked in order. */
  if (assignee_id != 0)
    sql = REMINDER_SELECT
          "WHERE " REMINDER_PENDING "AND r.assignee_id = ?1 "
          "  AND coalesce (r.snoozed_until, r.due_at) >= ?2 "
          "  AND coalesce (r.snoozed_until, r.due_at) < ?3 "
          REMINDER_ORDER " LIMIT ?4";
  else
    sql = REMINDER_SELECT
          "WHERE " REMINDER_PENDING "AND ?1 = 0 "
          "  AND coalesce (r.snoozed_until, r.due_at) >= ?2 "
          "  AND coalesce (r.snoozed_until, r.due_at) < ?3 "
          REMINDER_ORDER " LIMIT ?4";

  return list_reminders_bound (self, sql, parameters, G_N_ELEMENTS (parameters), error);
}

/**
 * crm_store_list_done_reminders:
 * @self: a #CrmStore
 * @assignee_id: an employee's id, or 0 for everybody's reminders
 * @limit: how many to list at most, 0 for all
 * @error: return location for a #GError
 *
 * Lists the done reminders that crm_store_list_reminders() lists when
 * asked for done ones, in its reverse order: the latest effective due
 * time first, so that a limit keeps the latest.
 *
 * Returns: (transfer full) (element-type CrmReminder): the reminders, or
 *   %NULL with @error set
 */
GPtrArray *
crm_store_list_done_reminders (CrmStore  *self,
                               gint64     assignee_id,
                               guint      limit,
                               GError   **error)
{
  gint64 parameters[] = { assignee_id, limit > 0 ? (gint64)limit : -1 };
  const char *sql;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (assignee_id != 0)
    sql = REMINDER_SELECT
          "WHERE r.done_at IS NOT NULL AND r.deleted_at IS NULL "
          "  AND c.deleted_at IS NULL AND d.deleted_at IS NULL "
          "  AND r.assignee_id = ?1 "
          "ORDER BY coalesce (r.snoozed_until, r.due_at) DESC, r.id DESC LIMIT ?2";
  else
    sql = REMINDER_SELECT
          "WHERE r.done_at IS NOT NULL AND r.deleted_at IS NULL "
          "  AND c.deleted_at IS NULL AND d.deleted_at IS NULL "
          "  AND ?1 = 0 "
          "ORDER BY coalesce (r.snoozed_until, r.due_at) DESC, r.id DESC LIMIT ?2";

  return list_reminders_bound (self, sql, parameters, G_N_ELEMENTS (parameters), error);
}

/**
 * crm_store_list_due_reminders:
 * @self: a #CrmStore
 * @until_ms: the time up to which reminders are due, usually now
 * @error: return location for a #GError
 *
 * Lists the reminders to show: not done, not in the trash, due (or
 * snoozed until) at or before @until_ms, and not shown yet for that time.
 * A reminder that was shown and then snoozed is due again after its
 * snooze.
 *
 * Returns: (transfer full) (element-type CrmReminder): the due reminders,
 *   oldest first, or %NULL with @error set
 */
GPtrArray *
crm_store_list_due_reminders (CrmStore  *self,
                              gint64     until_ms,
                              GError   **error)
{
  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return list_reminders_with (self,
                              REMINDER_SELECT
                              "WHERE " REMINDER_PENDING
                              "  AND coalesce (r.snoozed_until, r.due_at) <= ?1 "
                              "  AND " REMINDER_NOT_NOTIFIED
                              REMINDER_ORDER,
                              until_ms, error);
}

/**
 * crm_store_get_next_due_time:
 * @self: a #CrmStore
 * @error: return location for a #GError
 *
 * Tells when the next reminder falls due, for a timer: the earliest
 * effective due time of a pending reminder that was not shown for that
 * time yet. It may lie in the past when reminders are overdue.
 *
 * Returns: the time in UTC milliseconds, or 0 when no reminder is pending
 *   (or on error, with @error set)
 */
gint64
crm_store_get_next_due_time (CrmStore  *self,
                             GError   **error)
{
  g_autoptr(CrmStatement) stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  /* Walking the index in order and stopping at the first match beats
   * min(), which would have to look at every pending row. */
  stmt = crm_database_prepare (crm_store_get_database (self),
                               "SELECT coalesce (r.snoozed_until, r.due_at) "
                               "FROM reminders r "
                               "LEFT JOIN deals d ON d.id = r.deal_id "
                               "LEFT JOIN contacts c ON c.id = coalesce (r.contact_id, d.contact_id) "
                               "WHERE " REMINDER_PENDING
                               "  AND " REMINDER_NOT_NOTIFIED
                               REMINDER_ORDER " LIMIT 1",
                               error);
  if (stmt == NULL)
    return 0;

  switch (crm_statement_step (stmt, error))
    {
    case CRM_STEP_ROW:
      return crm_statement_get_int64 (stmt, 0);
    case CRM_STEP_DONE:
    case CRM_STEP_ERROR:
    default:
      return 0;
    }
}

/* Writes one change of state to a reminder and announces it. */
static gboolean
change_reminder (CrmStore    *self,
                 gint64       id,
                 const char  *sql,
                 gint64       value,
                 gint64       now,
                 GError     **error)
{
  g_autoptr(CrmStatement) stmt = NULL;

  stmt = crm_database_prepare (crm_store_get_database (self), sql, error);
  if (stmt == NULL)
    return FALSE;

  crm_store_emit_changing (self, CRM_ENTITY_REMINDER, id);

  crm_statement_bind_int64 (stmt, 1, id);
  crm_statement_bind_int64 (stmt, 2, value);
  crm_statement_bind_int64 (stmt, 3, now);
  return crm_statement_run (stmt, error);
}

static gboolean
finish_reminder_change (CrmStore             *self,
                        gint64                id,
                        const ReminderState  *state,
                        GError              **error)
{
  crm_store_emit_changed (self, CRM_ENTITY_REMINDER, id);
  if (state->contact_id != 0)
    crm_store_emit_changed (self, CRM_ENTITY_CONTACT, state->contact_id);

  return crm_store_commit (self, error);
}

/**
 * crm_store_complete_reminder:
 * @self: a #CrmStore
 * @id: a reminder's id
 * @error: return location for a #GError
 *
 * Marks a reminder done, now. A reminder that is done already is refused.
 *
 * Returns: %TRUE on success
 */
gboolean
crm_store_complete_reminder (CrmStore  *self,
                             gint64     id,
                             GError   **error)
{
  g_autofree char *done_text = NULL;
  ReminderState state;
  gint64 now = crm_time_now_ms ();

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!crm_store_begin (self, error))
    return FALSE;

  if (!load_reminder_state (self, id, &state, error))
    goto failed;

  if (state.done_at != 0)
    {
      g_autofree char *when = crm_time_format_short (state.done_at);

      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                   _("This reminder was already marked done (%s)"), when);
      goto failed;
    }

  if (!change_reminder (self, id,
                        "UPDATE reminders SET done_at = ?2, updated_at = ?3 WHERE id = ?1",
                        now, now, error))
    goto failed;

  done_text = time_text (now);
  if (!crm_store_record_history (self, CRM_ENTITY_REMINDER, id, "done", NULL, done_text, error))
    goto failed;

  return finish_reminder_change (self, id, &state, error);

failed:
  crm_store_rollback (self);
  return FALSE;
}

/**
 * crm_store_snooze_reminder:
 * @self: a #CrmStore
 * @id: a reminder's id
 * @until_ms: when to remind again; must be in the future
 * @error: return location for a #GError
 *
 * Puts a reminder off until @until_ms, keeping its original due time. It
 * is due, and shown, again then.
 *
 * Returns: %TRUE on success
 */
gboolean
crm_store_snooze_reminder (CrmStore  *self,
                           gint64     id,
                           gint64     until_ms,
                           GError   **error)
{
  g_autofree char *old_text = NULL;
  g_autofree char *new_text = NULL;
  ReminderState state;
  gint64 now = crm_time_now_ms ();

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!crm_store_begin (self, error))
    return FALSE;

  if (!load_reminder_state (self, id, &state, error))
    goto failed;

  if (state.done_at != 0)
    {
      g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                           _("This reminder is done already; a done reminder cannot be snoozed"));
      goto failed;
    }

  if (until_ms <= now)
    {
      g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                           _("A reminder can only be snoozed to a time that has not passed yet"));
      goto failed;
    }

  /* The note that it was shown stays, unless the clock was set back since:
   * a note from "later" than the snooze would keep it quiet for good. */
  if (!change_reminder (self, id,
                        "UPDATE reminders SET snoozed_until = ?2, updated_at = ?3, "
                        "  notified_at = CASE WHEN notified_at >= ?2 THEN NULL ELSE notified_at END "
                        "WHERE id = ?1",
                        until_ms, now, error))
    goto failed;

  old_text = time_text (state.snoozed_until);
  new_text = time_text (until_ms);
  if (!crm_store_record_history (self, CRM_ENTITY_REMINDER, id, "snoozed", old_text, new_text, error))
    goto failed;

  return finish_reminder_change (self, id, &state, error);

failed:
  crm_store_rollback (self);
  return FALSE;
}

/**
 * crm_store_reschedule_reminder:
 * @self: a #CrmStore
 * @id: a reminder's id
 * @due_at: the new due time
 * @error: return location for a #GError
 *
 * Moves a pending reminder to a new due time. Its snooze and the note that
 * it was shown are cleared, so it is shown at the new time.
 *
 * Returns: %TRUE on success
 */
gboolean
crm_store_reschedule_reminder (CrmStore  *self,
                               gint64     id,
                               gint64     due_at,
                               GError   **error)
{
  g_autofree char *old_text = NULL;
  g_autofree char *new_text = NULL;
  ReminderState state;
  gint64 now = crm_time_now_ms ();

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!crm_store_begin (self, error))
    return FALSE;

  if (!load_reminder_state (self, id, &state, error))
    goto failed;

  if (state.done_at != 0)
    {
      g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                           _("This reminder is done already; set a new reminder instead"));
      goto failed;
    }

  if (due_at <= 0)
    {
      g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                           _("A reminder needs the time it is due"));
      goto failed;
    }

  if (!change_reminder (self, id,
                        "UPDATE reminders SET due_at = ?2, snoozed_until = NULL, notified_at = NULL, "
                        "  updated_at = ?3 WHERE id = ?1",
                        due_at, now, error))
    goto failed;

  old_text = time_text (state.due_at);
  new_text = time_text (due_at);
  if (!crm_store_record_history (self, CRM_ENTITY_REMINDER, id, "due", old_text, new_text, error))
    goto failed;

  return finish_reminder_change (self, id, &state, error);

failed:
  crm_store_rollback (self);
  return FALSE;
}

/**
 * crm_store_mark_reminder_notified:
 * @self: a #CrmStore
 * @id: a reminder's id
 * @at: when it was shown, or 0 for now
 * @error: return location for a #GError
 *
 * Notes that a reminder was shown, so that it is not shown again for the
 * same due time. This is bookkeeping, not an edit: no history is kept.
 *
 * Returns: %TRUE on success
 */
gboolean
crm_store_mark_reminder_notified (CrmStore  *self,
                                  gint64     id,
                                  gint64     at,
                                  GError   **error)
{
  g_autoptr(CrmStatement) stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (at == 0)
    at = crm_time_now_ms ();

  if (!crm_store_begin (self, error))
    return FALSE;

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "UPDATE reminders SET notified_at = ?2 WHERE id = ?1",
                               error);
  if (stmt == NULL)
    goto failed;

  crm_store_emit_changing (self, CRM_ENTITY_REMINDER, id);

  crm_statement_bind_int64 (stmt, 1, id);
  crm_statement_bind_int64 (stmt, 2, at);
  if (!crm_statement_run (stmt, error))
    goto failed;

  if (crm_database_changes (crm_store_get_database (self)) == 0)
    {
      _crm_store_set_not_found (CRM_ENTITY_REMINDER, id, error);
      goto failed;
    }

  crm_store_emit_changed (self, CRM_ENTITY_REMINDER, id);
  return crm_store_commit (self, error);

failed:
  crm_store_rollback (self);
  return FALSE;
}

/**
 * crm_store_delete_reminder:
 * @self: a #CrmStore
 * @id: a reminder's id
 * @error: return location for a #GError
 *
 * Moves a reminder to the trash; it is no longer due.
 *
 * Returns: %TRUE on success
 */
gboolean
crm_store_delete_reminder (CrmStore  *self,
                           gint64     id,
                           GError   **error)
{
  g_autoptr(CrmReminder) reminder = NULL;
  g_autofree char *title = NULL;
  const char *name;
  gint64 contact_id;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!crm_store_begin (self, error))
    return FALSE;

  reminder = crm_store_get_reminder (self, id, error);
  if (reminder == NULL)
    goto failed;

  contact_id = crm_reminder_get_contact_id (reminder);
  name = crm_reminder_get_contact_name (reminder);
  if (name == NULL)
    name = crm_reminder_get_deal_title (reminder);
  title = name != NULL ? g_strdup_printf (_("Reminder about %s"), name)
                       : g_strdup (_("Reminder"));

  crm_store_emit_changing (self, CRM_ENTITY_REMINDER, id);
  if (!_crm_store_trash_row (self, CRM_ENTITY_REMINDER, "reminders", id, title, error))
    goto failed;

  crm_store_emit_changed (self, CRM_ENTITY_REMINDER, id);
  if (contact_id != 0)
    crm_store_emit_changed (self, CRM_ENTITY_CONTACT, contact_id);

  return crm_store_commit (self, error);

failed:
  crm_store_rollback (self);
  return FALSE;
}

/**
 * crm_store_restore_reminder:
 * @self: a #CrmStore
 * @id: a trashed reminder's id
 * @error: return location for a #GError
 *
 * Takes a reminder back out of the trash; if it is pending, it is due
 * again as before.
 *
 * Returns: %TRUE on success
 */
gboolean
crm_store_restore_reminder (CrmStore  *self,
                            gint64     id,
                            GError   **error)
{
  g_autoptr(CrmReminder) reminder = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!crm_store_begin (self, error))
    return FALSE;

  crm_store_emit_changing (self, CRM_ENTITY_REMINDER, id);
  if (!_crm_store_untrash_row (self, CRM_ENTITY_REMINDER, "reminders", id, error))
    {
      crm_store_rollback (self);
      return FALSE;
    }

  reminder = crm_store_get_reminder (self, id, NULL);
  crm_store_emit_changed (self, CRM_ENTITY_REMINDER, id);
  if (reminder != NULL && crm_reminder_get_contact_id (reminder) != 0)
    crm_store_emit_changed (self, CRM_ENTITY_CONTACT, crm_reminder_get_contact_id (reminder));

  return crm_store_commit (self, error);
}

/**
 * crm_store_count_overdue_reminders:
 * @self: a #CrmStore
 * @assignee_id: an employee's id, or 0 to count everybody's
 * @now: the time to compare with, usually crm_time_now_ms()
 * @error: return location for a #GError
 *
 * Counts the reminders that are overdue at @now: not done, not in the
 * trash, about a client or deal that is not in the trash, and whose
 * effective due time (the snooze time when snoozed) lies before @now.
 * Whether a notification was shown for them does not matter.
 *
 * Returns: the count, or -1 with @error set
 */
gint64
crm_store_count_overdue_reminders (CrmStore  *self,
                                   gint64     assignee_id,
                                   gint64     now,
                                   GError   **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  const char *sql;

  g_return_val_if_fail (CRM_IS_STORE (self), -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  /* The range of reminders_pending below @now; the assignee is checked
   * on those rows only. */
  if (assignee_id != 0)
    sql = "SELECT count(*) FROM reminders r "
          "LEFT JOIN deals d ON d.id = r.deal_id "
          "LEFT JOIN contacts c ON c.id = coalesce (r.contact_id, d.contact_id) "
          "WHERE " REMINDER_PENDING
          "  AND coalesce (r.snoozed_until, r.due_at) < ?1 AND r.assignee_id = ?2";
  else
    sql = "SELECT count(*) FROM reminders r "
          "LEFT JOIN deals d ON d.id = r.deal_id "
          "LEFT JOIN contacts c ON c.id = coalesce (r.contact_id, d.contact_id) "
          "WHERE " REMINDER_PENDING
          "  AND coalesce (r.snoozed_until, r.due_at) < ?1 AND ?2 = 0";

  stmt = crm_database_prepare (crm_store_get_database (self), sql, error);
  if (stmt == NULL)
    return -1;

  crm_statement_bind_int64 (stmt, 1, now);
  crm_statement_bind_int64 (stmt, 2, assignee_id);
  if (crm_statement_step (stmt, error) != CRM_STEP_ROW)
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, CRM_DATABASE_ERROR, CRM_DATABASE_ERROR_FAILED,
                             _("The reminders could not be counted"));
      return -1;
    }

  return crm_statement_get_int64 (stmt, 0);
}

/* Call outcomes */

#define CALL_OUTCOMES_KEY "call_outcomes"
#define MAX_CALL_OUTCOMES 50

/* What a new database offers; once edited, the list is stored as typed. */
static const char * const default_call_outcomes[] = {
  N_("Reached"),
  N_("No answer"),
  N_("Call back later"),
  N_("Not interested"),
  N_("Deal agreed"),
};

/**
 * crm_store_list_call_outcomes:
 * @self: a #CrmStore
 *
 * Lists the outcomes offered when a call is logged, in the order they are
 * offered. Until the list is edited, these are the translated defaults
 * (Reached, No answer, Call back later, Not interested, Deal agreed). The
 * outcome of a call is free text, so calls logged with an outcome that was
 * later removed from the list keep it.
 *
 * Returns: (transfer full) (array zero-terminated=1): the outcomes, never
 *   %NULL
 */
GStrv
crm_store_list_call_outcomes (CrmStore *self)
{
  g_autofree char *stored = NULL;
  GStrvBuilder *builder;
  char **outcomes;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  builder = g_strv_builder_new ();
  stored = crm_database_get_meta (crm_store_get_database (self), CALL_OUTCOMES_KEY);
  if (stored == NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (default_call_outcomes); i++)
        g_strv_builder_add (builder, _(default_call_outcomes[i]));
    }
  else
    {
      g_auto(GStrv) lines = g_strsplit (stored, "\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        {
          if (lines[i][0] != '\0')
            g_strv_builder_add (builder, lines[i]);
        }
    }

  outcomes = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return outcomes;
}

/**
 * crm_store_set_call_outcomes:
 * @self: a #CrmStore
 * @outcomes: (array zero-terminated=1) (nullable): the outcomes to offer,
 *   in order
 * @error: return location for a #GError
 *
 * Replaces the list of outcomes offered when a call is logged. Each one is
 * cleaned as a one-line field; blank ones are dropped, and so are repeats
 * (case and diacritics ignored). Calls already logged keep their outcome.
 *
 * Returns: %TRUE on success
 */
gboolean
crm_store_set_call_outcomes (CrmStore            *self,
                             const char * const  *outcomes,
                             GError             **error)
{
  g_autoptr(GPtrArray) clean = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *value = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; outcomes != NULL && outcomes[i] != NULL; i++)
    {
      g_autofree char *outcome = crm_text_clean (outcomes[i]);
      g_autofree char *folded = NULL;

      if (outcome == NULL)
        continue;

      if (!check_text (outcome, _("Outcome"), MAX_OUTCOME_CHARS, FALSE, error))
        return FALSE;

      folded = crm_text_fold (outcome);
      if (g_hash_table_contains (seen, folded))
        continue;

      g_hash_table_add (seen, g_steal_pointer (&folded));
      g_ptr_array_add (clean, g_steal_pointer (&outcome));
    }

  if (clean->len > MAX_CALL_OUTCOMES)
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                   _("A list of outcomes can hold at most %d entries"), MAX_CALL_OUTCOMES);
      return FALSE;
    }

  g_ptr_array_add (clean, NULL);
  value = g_strjoinv ("\n", (char **)clean->pdata);

  return crm_database_set_meta (crm_store_get_database (self), CALL_OUTCOMES_KEY, value, error);
}

/**
 * crm_store_list_used_call_outcomes:
 * @self: a #CrmStore
 * @limit: the most outcomes to list
 * @error: return location for a #GError
 *
 * Lists the different outcomes that live calls were logged with, in
 * alphabetical order (by their bytes), for filtering calls: they include
 * outcomes that are no longer offered and outcomes that calls were
 * imported with.
 *
 * Returns: (transfer full) (array zero-terminated=1): the outcomes, or
 *   %NULL with @error set
 */
GStrv
crm_store_list_used_call_outcomes (CrmStore  *self,
                                   guint      limit,
                                   GError   **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  GStrvBuilder *builder;
  CrmStepResult result;
  char **outcomes;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* A million calls have a few dozen outcomes: hop from one to the next
   * through calls_by_outcome instead of reading every call. */
  stmt = crm_database_prepare (crm_store_get_database (self),
                               "WITH RECURSIVE used (outcome) AS ("
                               "  SELECT min (outcome) FROM activities "
                               "  WHERE kind = 0 AND deleted_at IS NULL AND outcome IS NOT NULL "
                               "  UNION ALL "
                               "  SELECT (SELECT min (a.outcome) FROM activities a "
                               "          WHERE a.kind = 0 AND a.deleted_at IS NULL "
                               "            AND a.outcome > used.outcome) "
                               "  FROM used WHERE used.outcome IS NOT NULL) "
                               "SELECT outcome FROM used WHERE outcome IS NOT NULL LIMIT ?1",
                               error);
  if (stmt == NULL)
    return NULL;

  crm_statement_bind_int64 (stmt, 1, limit);

  builder = g_strv_builder_new ();
  while ((result = crm_statement_step (stmt, error)) == CRM_STEP_ROW)
    g_strv_builder_add (builder, crm_statement_get_text (stmt, 0));

  outcomes = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  if (result == CRM_STEP_ERROR)
    {
      g_strfreev (outcomes);
      return NULL;
    }

  return outcomes;
}
