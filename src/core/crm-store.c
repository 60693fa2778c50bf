/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "crm-store"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "crm-id.h"
#include "crm-store-private.h"
#include "crm-text.h"
#include "crm-time.h"

typedef struct
{
  CrmEntityKind kind;
  gint64        id;
} PendingChange;

struct _CrmStore
{
  GObject      parent_instance;

  CrmDatabase *db;
  char        *data_folder;
  char        *default_country;
  char        *default_currency;
  gint64       current_user;

  /* Changes made inside a transaction are announced after it commits. */
  guint        depth;
  GArray      *pending;

  gint64       data_version;
  guint        watch_source;
};

G_DEFINE_FINAL_TYPE (CrmStore, crm_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (crm-store-error-quark, crm_store_error)

enum {
  CHANGING,
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
crm_history_entry_free (CrmHistoryEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->user_name);
  g_free (entry->field);
  g_free (entry->old_value);
  g_free (entry->new_value);
  g_free (entry);
}

void
crm_stage_move_free (CrmStageMove *move)
{
  if (move == NULL)
    return;
  g_free (move->from_stage_name);
  g_free (move->to_stage_name);
  g_free (move->user_name);
  g_free (move);
}

void
crm_user_free (CrmUser *user)
{
  if (user == NULL)
    return;
  g_free (user->login);
  g_free (user->name);
  g_free (user);
}

void
crm_trash_item_free (CrmTrashItem *item)
{
  if (item == NULL)
    return;
  g_free (item->title);
  g_free (item->deleted_by);
  g_free (item);
}

const char *
crm_entity_kind_to_string (CrmEntityKind kind)
{
  switch (kind)
    {
    case CRM_ENTITY_USER:       return "user";
    case CRM_ENTITY_CONTACT:    return "contact";
    case CRM_ENTITY_PIPELINE:   return "pipeline";
    case CRM_ENTITY_STAGE:      return "stage";
    case CRM_ENTITY_DEAL:       return "deal";
    case CRM_ENTITY_ACTIVITY:   return "activity";
    case CRM_ENTITY_REMINDER:   return "reminder";
    case CRM_ENTITY_ATTACHMENT: return "attachment";
    case CRM_ENTITY_ANY:
    default:                    return "any";
    }
}

void
_crm_store_set_not_found (CrmEntityKind   kind,
                          gint64          id,
                          GError        **error)
{
  switch (kind)
    {
    case CRM_ENTITY_CONTACT:
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND,
                   _("No client has the id %" PRId64), id);
      break;
    case CRM_ENTITY_DEAL:
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND,
                   _("No deal has the id %" PRId64), id);
      break;
    case CRM_ENTITY_STAGE:
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND,
                   _("No stage has the id %" PRId64), id);
      break;
    case CRM_ENTITY_REMINDER:
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND,
                   _("No reminder has the id %" PRId64), id);
      break;
    case CRM_ENTITY_ACTIVITY:
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND,
                   _("No call or activity has the id %" PRId64), id);
      break;
    case CRM_ENTITY_USER:
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND,
                   _("No employee has the id %" PRId64), id);
      break;
    case CRM_ENTITY_PIPELINE:
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND,
                   _("No pipeline has the id %" PRId64), id);
      break;
    case CRM_ENTITY_ANY:
    case CRM_ENTITY_ATTACHMENT:
    default:
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND,
                   _("Nothing has the id %" PRId64), id);
      break;
    }
}

static void
crm_store_dispose (GObject *object)
{
  CrmStore *self = (CrmStore *)object;

  g_clear_handle_id (&self->watch_source, g_source_remove);

  G_OBJECT_CLASS (crm_store_parent_class)->dispose (object);
}

static void
crm_store_finalize (GObject *object)
{
  CrmStore *self = (CrmStore *)object;

  g_clear_object (&self->db);
  g_clear_pointer (&self->data_folder, g_free);
  g_clear_pointer (&self->default_country, g_free);
  g_clear_pointer (&self->default_currency, g_free);
  g_clear_pointer (&self->pending, g_array_unref);

  G_OBJECT_CLASS (crm_store_parent_class)->finalize (object);
}

static void
crm_store_class_init (CrmStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = crm_store_dispose;
  object_class->finalize = crm_store_finalize;

  /**
   * CrmStore::changing:
   * @kind: a #CrmEntityKind
   * @id: the row about to change, or 0 for a row about to be created
   *
   * Emitted before a single row is written.
   */
  signals[CHANGING] = g_signal_new ("changing",
                                    G_TYPE_FROM_CLASS (klass),
                                    G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_INT64);

  /**
   * CrmStore::changed:
   * @kind: a #CrmEntityKind
   * @id: the row that changed, or 0 with %CRM_ENTITY_ANY
   *
   * Emitted after a write was committed.
   */
  signals[CHANGED] = g_signal_new ("changed",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_INT64);
}

static void
crm_store_init (CrmStore *self)
{
  self->pending = g_array_new (FALSE, FALSE, sizeof (PendingChange));
}

/* The node part of every id made here. Chosen at random the first time a
 * database is created, so two branches' files can later be merged. */
static gboolean
load_node_id (CrmStore  *self,
              GError   **error)
{
  g_autofree char *value = crm_database_get_meta (self->db, "node_id");
  guint node;

  if (value == NULL)
    {
      g_autofree char *text = NULL;

      node = g_random_int_range (0, CRM_ID_MAX_NODE + 1);
      text = g_strdup_printf ("%u", node);
      if (!crm_database_set_meta (self->db, "node_id", text, error))
        return FALSE;
    }
  else
    {
      node = (guint)g_ascii_strtoull (value, NULL, 10) & CRM_ID_MAX_NODE;
    }

  crm_id_set_node (node);
  return TRUE;
}

static gboolean
insert_stage (CrmStore      *self,
              gint64         pipeline_id,
              const char    *name,
              int            position,
              const char    *color,
              CrmStageKind   kind,
              GError       **error)
{
  g_autoptr(CrmStatement) stmt = NULL;

  stmt = crm_database_prepare (self->db,
                               "INSERT INTO stages (id, pipeline_id, name, position, color, kind, created_at) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                               error);
  if (stmt == NULL)
    return FALSE;

  crm_statement_bind_int64 (stmt, 1, crm_id_new ());
  crm_statement_bind_int64 (stmt, 2, pipeline_id);
  crm_statement_bind_text (stmt, 3, name);
  crm_statement_bind_int64 (stmt, 4, position);
  crm_statement_bind_text (stmt, 5, color);
  crm_statement_bind_int64 (stmt, 6, kind);
  crm_statement_bind_int64 (stmt, 7, crm_time_now_ms ());
  return crm_statement_run (stmt, error);
}

/* A new database gets an administrator and a sales pipeline, so that the
 * first start is usable without any set-up. */
static gboolean
create_first_start_rows (CrmStore  *self,
                         GError   **error)
{
  static const struct {
    const char   *name;
    const char   *color;
    CrmStageKind  kind;
  } stages[] = {
    { N_("New lead"),    "#62a0ea", CRM_STAGE_OPEN },
    { N_("Contacted"),   "#57e389", CRM_STAGE_OPEN },
    { N_("Proposal"),    "#f8e45c", CRM_STAGE_OPEN },
    { N_("Negotiation"), "#ffa348", CRM_STAGE_OPEN },
    { N_("Won"),         "#2ec27e", CRM_STAGE_WON },
    { N_("Lost"),        "#c01c28", CRM_STAGE_LOST },
  };
  g_autoptr(CrmStatement) count = NULL;
  g_autoptr(CrmStatement) pipeline = NULL;
  gint64 pipeline_id;

  count = crm_database_prepare (self->db, "SELECT count(*) FROM users", error);
  if (count == NULL || crm_statement_step (count, error) != CRM_STEP_ROW)
    return FALSE;
  if (crm_statement_get_int64 (count, 0) > 0)
    return TRUE;

  if (crm_store_add_user (self, "admin", _("Administrator"), CRM_ROLE_ADMINISTRATOR, error) == 0)
    return FALSE;

  pipeline = crm_database_prepare (self->db,
                                   "INSERT INTO pipelines (id, name, position, created_at) "
                                   "VALUES (?1, ?2, 0, ?3)",
                                   error);
  if (pipeline == NULL)
    return FALSE;

  pipeline_id = crm_id_new ();
  crm_statement_bind_int64 (pipeline, 1, pipeline_id);
  crm_statement_bind_text (pipeline, 2, _("Sales"));
  crm_statement_bind_int64 (pipeline, 3, crm_time_now_ms ());
  if (!crm_statement_run (pipeline, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (stages); i++)
    {
      if (!insert_stage (self, pipeline_id, _(stages[i].name), i,
                         stages[i].color, stages[i].kind, error))
        return FALSE;
    }

  return TRUE;
}

static char *
load_setting (CrmStore   *self,
              const char *key,
              const char *fallback)
{
  char *value = crm_database_get_meta (self->db, key);

  return value != NULL ? value : g_strdup (fallback);
}

/**
 * crm_store_default_path:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/clientele/clientele.db`
 */
char *
crm_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "clientele", "clientele.db", NULL);
}

/**
 * crm_store_open:
 * @path: (nullable): the database file, or %NULL for the default one
 * @error: return location for a #GError
 *
 * Opens (creating when needed) a Clientele database. The default location's
 * folder is created; a folder given explicitly must exist.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
CrmStore *
crm_store_open (const char  *path,
                GError     **error)
{
  g_autoptr(CrmStore) self = NULL;
  g_autofree char *default_path = NULL;

  if (path == NULL)
    {
      g_autofree char *folder = NULL;

      default_path = crm_store_default_path ();
      folder = g_path_get_dirname (default_path);
      g_mkdir_with_parents (folder, 0700);
      path = default_path;
    }

  self = g_object_new (CRM_TYPE_STORE, NULL);
  self->db = crm_database_open (path, error);
  if (self->db == NULL)
    return NULL;

  if (g_strcmp0 (path, ":memory:") == 0)
    self->data_folder = g_build_filename (g_get_tmp_dir (), "clientele-memory", NULL);
  else
    self->data_folder = g_path_get_dirname (path);

  if (!crm_store_begin (self, error))
    return NULL;

  if (!load_node_id (self, error) ||
      !create_first_start_rows (self, error))
    {
      crm_store_rollback (self);
      return NULL;
    }

  if (!crm_store_commit (self, error))
    return NULL;

  self->default_country = load_setting (self, "default_country", "LV");
  self->default_currency = load_setting (self, "default_currency", "EUR");
  self->current_user = crm_store_find_user (self, "admin", NULL);
  self->data_version = crm_database_get_data_version (self->db);

  return g_steal_pointer (&self);
}

CrmDatabase *
crm_store_get_database (CrmStore *self)
{
  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  return self->db;
}

/**
 * crm_store_get_data_folder:
 * @self: a #CrmStore
 *
 * Returns: the folder beside the database that holds attachments
 */
const char *
crm_store_get_data_folder (CrmStore *self)
{
  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  return self->data_folder;
}

const char *
crm_store_get_default_country (CrmStore *self)
{
  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  return self->default_country;
}

gboolean
crm_store_set_default_country (CrmStore    *self,
                               const char  *iso_country,
                               GError     **error)
{
  g_autofree char *upper = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if (iso_country == NULL || strlen (iso_country) != 2 ||
      !g_ascii_isalpha (iso_country[0]) || !g_ascii_isalpha (iso_country[1]))
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                   _("“%s” is not a two-letter country code such as LV"),
                   iso_country ? iso_country : "");
      return FALSE;
    }

  upper = g_ascii_strup (iso_country, -1);
  if (!crm_database_set_meta (self->db, "default_country", upper, error))
    return FALSE;

  g_free (self->default_country);
  self->default_country = g_steal_pointer (&upper);
  return TRUE;
}

const char *
crm_store_get_default_currency (CrmStore *self)
{
  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  return self->default_currency;
}

gint64
crm_store_get_current_user (CrmStore *self)
{
  g_return_val_if_fail (CRM_IS_STORE (self), 0);

  return self->current_user;
}

gboolean
crm_store_set_current_user (CrmStore    *self,
                            const char  *login,
                            GError     **error)
{
  gint64 id;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  id = crm_store_find_user (self, login, error);
  if (id == 0)
    return FALSE;

  self->current_user = id;
  return TRUE;
}

void
crm_store_emit_changing (CrmStore      *self,
                         CrmEntityKind  kind,
                         gint64         id)
{
  g_return_if_fail (CRM_IS_STORE (self));

  g_signal_emit (self, signals[CHANGING], 0, (int)kind, id);
}

void
crm_store_emit_changed (CrmStore      *self,
                        CrmEntityKind  kind,
                        gint64         id)
{
  g_return_if_fail (CRM_IS_STORE (self));

  if (self->depth > 0)
    {
      PendingChange change = { kind, id };

      g_array_append_val (self->pending, change);
      return;
    }

  g_signal_emit (self, signals[CHANGED], 0, (int)kind, id);
}

/**
 * crm_store_check_external_changes:
 * @self: a #CrmStore
 *
 * Asks SQLite whether another connection committed since the last check and
 * emits `changed` (%CRM_ENTITY_ANY, 0) if so.
 *
 * Returns: %TRUE if another process changed the file
 */
gboolean
crm_store_check_external_changes (CrmStore *self)
{
  gint64 version;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if (self->depth > 0)
    return FALSE;

  version = crm_database_get_data_version (self->db);
  if (version == self->data_version)
    return FALSE;

  self->data_version = version;
  g_signal_emit (self, signals[CHANGED], 0, (int)CRM_ENTITY_ANY, (gint64)0);
  return TRUE;
}

static gboolean
watch_cb (gpointer user_data)
{
  crm_store_check_external_changes (CRM_STORE (user_data));
  return G_SOURCE_CONTINUE;
}

/**
 * crm_store_watch_external_changes:
 * @self: a #CrmStore
 * @interval_ms: how often to look, 0 to stop
 *
 * Polls PRAGMA data_version in the thread-default main context, so that
 * views notice what clientele-cli or another window wrote.
 */
void
crm_store_watch_external_changes (CrmStore *self,
                                  guint     interval_ms)
{
  g_return_if_fail (CRM_IS_STORE (self));

  g_clear_handle_id (&self->watch_source, g_source_remove);
  if (interval_ms > 0)
    self->watch_source = g_timeout_add (interval_ms, watch_cb, self);
}

gboolean
crm_store_begin (CrmStore  *self,
                 GError   **error)
{
  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if (!crm_database_begin (self->db, error))
    return FALSE;

  self->depth++;
  return TRUE;
}

gboolean
crm_store_commit (CrmStore  *self,
                  GError   **error)
{
  g_autoptr(GArray) pending = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->depth > 0, FALSE);

  if (!crm_database_commit (self->db, error))
    {
      /* The database rolled back already; forget what it would have told. */
      self->depth--;
      if (self->depth == 0)
        g_array_set_size (self->pending, 0);
      return FALSE;
    }

  self->depth--;
  if (self->depth > 0)
    return TRUE;

  /* Our own commits do not move data_version for this connection, but read
   * it anyway so a concurrent external write is not mistaken for ours. */
  pending = g_steal_pointer (&self->pending);
  self->pending = g_array_new (FALSE, FALSE, sizeof (PendingChange));

  for (guint i = 0; i < pending->len; i++)
    {
      const PendingChange *change = &g_array_index (pending, PendingChange, i);
      gboolean seen = FALSE;

      /* A row written several times in one transaction is announced once. */
      for (guint j = 0; j < i && !seen; j++)
        {
          const PendingChange *other = &g_array_index (pending, PendingChange, j);
          seen = other->kind == change->kind && other->id == change->id;
        }

      if (!seen)
        g_signal_emit (self, signals[CHANGED], 0, (int)change->kind, change->id);
    }

  return TRUE;
}

void
crm_store_rollback (CrmStore *self)
{
  g_return_if_fail (CRM_IS_STORE (self));
  g_return_if_fail (self->depth > 0);

  crm_database_rollback (self->db);
  self->depth--;
  if (self->depth == 0)
    g_array_set_size (self->pending, 0);
}

gint64
crm_store_add_user (CrmStore    *self,
                    const char  *login,
                    const char  *name,
                    CrmRole      role,
                    GError     **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autofree char *clean_login = NULL;
  g_autofree char *clean_name = NULL;
  gint64 id;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);

  clean_login = crm_text_clean (login);
  clean_name = crm_text_clean (name);
  if (clean_login == NULL || strchr (clean_login, ' ') != NULL || strlen (clean_login) > 64)
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                   _("A login is one word of at most 64 characters"));
      return 0;
    }
  if (clean_name == NULL)
    clean_name = g_strdup (clean_login);
  if (!crm_text_validate (clean_name, _("Name"), 200, FALSE, error))
    return 0;

  if (crm_store_find_user (self, clean_login, NULL) != 0)
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_DUPLICATE,
                   _("An employee with the login “%s” exists already"), clean_login);
      return 0;
    }

  stmt = crm_database_prepare (self->db,
                               "INSERT INTO users (id, login, name, role, created_at) "
                               "VALUES (?1, ?2, ?3, ?4, ?5)",
                               error);
  if (stmt == NULL)
    return 0;

  id = crm_id_new ();
  crm_statement_bind_int64 (stmt, 1, id);
  crm_statement_bind_text (stmt, 2, clean_login);
  crm_statement_bind_text (stmt, 3, clean_name);
  crm_statement_bind_int64 (stmt, 4, role);
  crm_statement_bind_int64 (stmt, 5, crm_time_now_ms ());
  if (!crm_statement_run (stmt, error))
    return 0;

  crm_store_emit_changed (self, CRM_ENTITY_USER, id);
  return id;
}

gint64
crm_store_find_user (CrmStore    *self,
                     const char  *login,
                     GError     **error)
{
  g_autoptr(CrmStatement) stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);

  stmt = crm_database_prepare (self->db, "SELECT id FROM users WHERE login = ?1", error);
  if (stmt == NULL)
    return 0;

  crm_statement_bind_text (stmt, 1, login);
  switch (crm_statement_step (stmt, error))
    {
    case CRM_STEP_ROW:
      return crm_statement_get_int64 (stmt, 0);
    case CRM_STEP_DONE:
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND,
                   _("No employee has the login “%s”"), login ? login : "");
      return 0;
    case CRM_STEP_ERROR:
    default:
      return 0;
    }
}

static CrmUser *
user_from_row (CrmStatement *stmt)
{
  CrmUser *user = g_new0 (CrmUser, 1);

  user->id = crm_statement_get_int64 (stmt, 0);
  user->login = crm_statement_dup_text (stmt, 1);
  user->name = crm_statement_dup_text (stmt, 2);
  user->role = (CrmRole)crm_statement_get_int64 (stmt, 3);
  user->active = crm_statement_get_int64 (stmt, 4) != 0;
  return user;
}

CrmUser *
crm_store_get_user (CrmStore  *self,
                    gint64     id,
                    GError   **error)
{
  g_autoptr(CrmStatement) stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  stmt = crm_database_prepare (self->db,
                               "SELECT id, login, name, role, active FROM users WHERE id = ?1",
                               error);
  if (stmt == NULL)
    return NULL;

  crm_statement_bind_int64 (stmt, 1, id);
  switch (crm_statement_step (stmt, error))
    {
    case CRM_STEP_ROW:
      return user_from_row (stmt);
    case CRM_STEP_DONE:
      _crm_store_set_not_found (CRM_ENTITY_USER, id, error);
      return NULL;
    case CRM_STEP_ERROR:
    default:
      return NULL;
    }
}

GPtrArray *
crm_store_list_users (CrmStore  *self,
                      GError   **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autoptr(GPtrArray) users = NULL;
  CrmStepResult result;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  stmt = crm_database_prepare (self->db,
                               "SELECT id, login, name, role, active FROM users ORDER BY name, id",
                               error);
  if (stmt == NULL)
    return NULL;

  users = g_ptr_array_new_with_free_func ((GDestroyNotify)crm_user_free);
  while ((result = crm_statement_step (stmt, error)) == CRM_STEP_ROW)
    g_ptr_array_add (users, user_from_row (stmt));

  if (result == CRM_STEP_ERROR)
    return NULL;

  return g_steal_pointer (&users);
}

/**
 * crm_store_record_history:
 * @self: a #CrmStore
 * @kind: what kind of row changed
 * @entity_id: its id
 * @field: the field's machine name ("name", "phones", "stage", "created")
 * @old_value: (nullable): the value before, as text
 * @new_value: (nullable): the value after, as text
 * @error: return location for a #GError
 *
 * Records one change by the current user, now. Nothing is recorded when the
 * value did not change.
 *
 * Returns: %TRUE on success
 */
gboolean
crm_store_record_history (CrmStore       *self,
                          CrmEntityKind   kind,
                          gint64          entity_id,
                          const char     *field,
                          const char     *old_value,
                          const char     *new_value,
                          GError        **error)
{
  g_autoptr(CrmStatement) stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  if (g_strcmp0 (old_value, new_value) == 0)
    return TRUE;

  stmt = crm_database_prepare (self->db,
                               "INSERT INTO history (id, entity_kind, entity_id, user_id, at, field, old_value, new_value) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                               error);
  if (stmt == NULL)
    return FALSE;

  crm_statement_bind_int64 (stmt, 1, crm_id_new ());
  crm_statement_bind_int64 (stmt, 2, kind);
  crm_statement_bind_int64 (stmt, 3, entity_id);
  if (self->current_user != 0)
    crm_statement_bind_int64 (stmt, 4, self->current_user);
  crm_statement_bind_int64 (stmt, 5, crm_time_now_ms ());
  crm_statement_bind_text (stmt, 6, field);
  crm_statement_bind_text (stmt, 7, old_value);
  crm_statement_bind_text (stmt, 8, new_value);
  return crm_statement_run (stmt, error);
}

/**
 * crm_store_list_history:
 * @self: a #CrmStore
 * @entity_id: a row's id (ids are unique across tables)
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type CrmHistoryEntry): the changes of
 *   one row, newest first
 */
GPtrArray *
crm_store_list_history (CrmStore  *self,
                        gint64     entity_id,
                        GError   **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  CrmStepResult result;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  stmt = crm_database_prepare (self->db,
                               "SELECT h.id, h.at, h.user_id, u.name, h.field, h.old_value, h.new_value "
                               "FROM history h LEFT JOIN users u ON u.id = h.user_id "
                               "WHERE h.entity_id = ?1 ORDER BY h.at DESC, h.id DESC",
                               error);
  if (stmt == NULL)
    return NULL;

  crm_statement_bind_int64 (stmt, 1, entity_id);
  entries = g_ptr_array_new_with_free_func ((GDestroyNotify)crm_history_entry_free);
  while ((result = crm_statement_step (stmt, error)) == CRM_STEP_ROW)
    {
      CrmHistoryEntry *entry = g_new0 (CrmHistoryEntry, 1);

      entry->id = crm_statement_get_int64 (stmt, 0);
      entry->at = crm_statement_get_int64 (stmt, 1);
      entry->user_id = crm_statement_get_int64 (stmt, 2);
      entry->user_name = crm_statement_dup_text (stmt, 3);
      entry->field = crm_statement_dup_text (stmt, 4);
      entry->old_value = crm_statement_dup_text (stmt, 5);
      entry->new_value = crm_statement_dup_text (stmt, 6);
      g_ptr_array_add (entries, entry);
    }

  if (result == CRM_STEP_ERROR)
    return NULL;

  return g_steal_pointer (&entries);
}

gboolean
_crm_store_trash_row (CrmStore       *self,
                      CrmEntityKind   kind,
                      const char     *table,
                      gint64          id,
                      const char     *title,
                      GError        **error)
{
  g_autoptr(CrmStatement) update = NULL;
  g_autoptr(CrmStatement) insert = NULL;
  g_autofree char *sql = NULL;
  gint64 now = crm_time_now_ms ();

  sql = g_strdup_printf ("UPDATE %s SET deleted_at = ?2 WHERE id = ?1 AND deleted_at IS NULL", table);
  update = crm_database_prepare (self->db, sql, error);
  if (update == NULL)
    return FALSE;

  crm_statement_bind_int64 (update, 1, id);
  crm_statement_bind_int64 (update, 2, now);
  if (!crm_statement_run (update, error))
    return FALSE;

  if (crm_database_changes (self->db) == 0)
    {
      _crm_store_set_not_found (kind, id, error);
      return FALSE;
    }

  insert = crm_database_prepare (self->db,
                                 "INSERT OR REPLACE INTO trash (entity_kind, entity_id, title, deleted_at, deleted_by) "
                                 "VALUES (?1, ?2, ?3, ?4, ?5)",
                                 error);
  if (insert == NULL)
    return FALSE;

  crm_statement_bind_int64 (insert, 1, kind);
  crm_statement_bind_int64 (insert, 2, id);
  crm_statement_bind_text (insert, 3, title ? title : "");
  crm_statement_bind_int64 (insert, 4, now);
  if (self->current_user != 0)
    crm_statement_bind_int64 (insert, 5, self->current_user);
  if (!crm_statement_run (insert, error))
    return FALSE;

  return crm_store_record_history (self, kind, id, "deleted", NULL, "1", error);
}

gboolean
_crm_store_untrash_row (CrmStore       *self,
                        CrmEntityKind   kind,
                        const char     *table,
                        gint64          id,
                        GError        **error)
{
  g_autoptr(CrmStatement) update = NULL;
  g_autoptr(CrmStatement) remove = NULL;
  g_autofree char *sql = NULL;

  sql = g_strdup_printf ("UPDATE %s SET deleted_at = NULL WHERE id = ?1 AND deleted_at IS NOT NULL", table);
  update = crm_database_prepare (self->db, sql, error);
  if (update == NULL)
    return FALSE;

  crm_statement_bind_int64 (update, 1, id);
  if (!crm_statement_run (update, error))
    return FALSE;

  if (crm_database_changes (self->db) == 0)
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND,
                   _("Nothing with the id %" PRId64 " is in the trash"), id);
      return FALSE;
    }

  remove = crm_database_prepare (self->db,
                                 "DELETE FROM trash WHERE entity_kind = ?1 AND entity_id = ?2",
                                 error);
  if (remove == NULL)
    return FALSE;

  crm_statement_bind_int64 (remove, 1, kind);
  crm_statement_bind_int64 (remove, 2, id);
  if (!crm_statement_run (remove, error))
    return FALSE;

  /* Sort keys are only kept in step for live rows. */
  if ((kind == CRM_ENTITY_DEAL || kind == CRM_ENTITY_CONTACT) &&
      !_crm_store_refresh_sort_keys (self, kind, id, error))
    return FALSE;

  return crm_store_record_history (self, kind, id, "deleted", "1", NULL, error);
}

static gboolean
run_with_id (CrmStore    *self,
             const char  *sql,
             gint64       id,
             GError     **error)
{
  g_autoptr(CrmStatement) stmt = crm_database_prepare (self->db, sql, error);

  if (stmt == NULL)
    return FALSE;

  crm_statement_bind_int64 (stmt, 1, id);
  return crm_statement_run (stmt, error);
}

gboolean
_crm_store_refresh_sort_keys (CrmStore       *self,
                              CrmEntityKind   kind,
                              gint64          id,
                              GError        **error)
{
  switch (kind)
    {
    case CRM_ENTITY_DEAL:
      return run_with_id (self,
                          "UPDATE deals SET "
                          "  client_sort = " CRM_SORT_KEY_CONTACT ("deals.contact_id") ", "
                          "  stage_sort = " CRM_SORT_KEY_STAGE ("deals.stage_id") ", "
                          "  owner_sort = " CRM_SORT_KEY_USER ("deals.owner_id") " "
                          "WHERE id = ?1",
                          id, error);

    case CRM_ENTITY_CONTACT:
      return run_with_id (self,
                          "UPDATE contacts SET "
                          "  company_sort = " CRM_SORT_KEY_CONTACT ("contacts.company_id") ", "
                          "  owner_sort = " CRM_SORT_KEY_USER ("contacts.owner_id") " "
                          "WHERE id = ?1",
                          id, error);

    case CRM_ENTITY_ANY:
    case CRM_ENTITY_USER:
    case CRM_ENTITY_PIPELINE:
    case CRM_ENTITY_STAGE:
    case CRM_ENTITY_ACTIVITY:
    case CRM_ENTITY_REMINDER:
    case CRM_ENTITY_ATTACHMENT:
    default:
      g_assert_not_reached ();
      return TRUE;
    }
}

gboolean
_crm_store_rename_sort_keys (CrmStore  *self,
                             gint64     contact_id,
                             GError   **error)
{
  /* Through deals_by_contact and contacts_by_company; the IS NOT keeps
   * rows that hold the name already from being written again. */
  return run_with_id (self,
                      "UPDATE deals SET client_sort = " CRM_SORT_KEY_CONTACT ("?1") " "
                      "WHERE contact_id = ?1 AND client_sort IS NOT " CRM_SORT_KEY_CONTACT ("?1"),
                      contact_id, error) &&
         run_with_id (self,
                      "UPDATE contacts SET company_sort = " CRM_SORT_KEY_CONTACT ("?1") " "
                      "WHERE company_id = ?1 AND company_sort IS NOT " CRM_SORT_KEY_CONTACT ("?1"),
                      contact_id, error);
}

gboolean
_crm_store_restage_sort_keys (CrmStore  *self,
                              gint64     pipeline_id,
                              GError   **error)
{
  /* Only the deals of stages whose place changed are written, each stage's
   * through deals_by_stage. */
  return run_with_id (self,
                      "UPDATE deals SET stage_sort = k.key "
                      "FROM (SELECT s.id AS stage_id, " CRM_SORT_KEY_STAGE ("s.id") " AS key "
                      "      FROM stages s WHERE s.pipeline_id = ?1) AS k "
                      "WHERE deals.stage_id = k.stage_id AND deals.deleted_at IS NULL "
                      "  AND deals.stage_sort != k.key",
                      pipeline_id, error);
}

/**
 * crm_store_count_trash:
 * @self: a #CrmStore
 * @error: return location for a #GError
 *
 * Returns: how many clients, deals and other rows are in the trash, as
 *   crm_store_list_trash() would list them, without reading them; -1 on
 *   error
 */
gint64
crm_store_count_trash (CrmStore  *self,
                       GError   **error)
{
  g_autoptr(CrmStatement) stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), -1);

  stmt = crm_database_prepare (self->db, "SELECT count(*) FROM trash", error);
  if (stmt == NULL || crm_statement_step (stmt, error) != CRM_STEP_ROW)
    return -1;

  return crm_statement_get_int64 (stmt, 0);
}

/**
 * crm_store_list_trash:
 * @self: a #CrmStore
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type CrmTrashItem): what is in the
 *   trash, most recently deleted first
 */
GPtrArray *
crm_store_list_trash (CrmStore  *self,
                      GError   **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autoptr(GPtrArray) items = NULL;
  CrmStepResult result;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  stmt = crm_database_prepare (self->db,
                               "SELECT t.entity_kind, t.entity_id, t.title, t.deleted_at, u.name "
                               "FROM trash t LEFT JOIN users u ON u.id = t.deleted_by "
                               "ORDER BY t.deleted_at DESC, t.entity_id DESC",
                               error);
  if (stmt == NULL)
    return NULL;

  items = g_ptr_array_new_with_free_func ((GDestroyNotify)crm_trash_item_free);
  while ((result = crm_statement_step (stmt, error)) == CRM_STEP_ROW)
    {
      CrmTrashItem *item = g_new0 (CrmTrashItem, 1);

      item->kind = (CrmEntityKind)crm_statement_get_int64 (stmt, 0);
      item->id = crm_statement_get_int64 (stmt, 1);
      item->title = crm_statement_dup_text (stmt, 2);
      item->deleted_at = crm_statement_get_int64 (stmt, 3);
      item->deleted_by = crm_statement_dup_text (stmt, 4);
      g_ptr_array_add (items, item);
    }

  if (result == CRM_STEP_ERROR)
    return NULL;

  return g_steal_pointer (&items);
}

/* What removing trashed rows for good takes with it. Calls, reminders and
 * documents of a deleted client go too; a deal of a deleted client stays and
 * just loses its client; a call that outlives its deal loses the link. */
static const char *purge_statements[] = {
  "DELETE FROM reminders WHERE id IN (SELECT entity_id FROM purge) "
  "  OR contact_id IN (SELECT entity_id FROM purge) "
  "  OR deal_id IN (SELECT entity_id FROM purge)",
  "DELETE FROM activities WHERE id IN (SELECT entity_id FROM purge) "
  "  OR contact_id IN (SELECT entity_id FROM purge) "
  "  OR (contact_id IS NULL AND deal_id IN (SELECT entity_id FROM purge))",
  "UPDATE activities SET deal_id = NULL WHERE deal_id IN (SELECT entity_id FROM purge)",
  "UPDATE activities SET recording_id = NULL WHERE recording_id IN "
  "  (SELECT id FROM attachments WHERE id IN (SELECT entity_id FROM purge) "
  "     OR contact_id IN (SELECT entity_id FROM purge) "
  "     OR deal_id IN (SELECT entity_id FROM purge))",
  "DELETE FROM attachments WHERE id IN (SELECT entity_id FROM purge) "
  "  OR contact_id IN (SELECT entity_id FROM purge) "
  "  OR deal_id IN (SELECT entity_id FROM purge)",
  "UPDATE deals SET contact_id = NULL, client_sort = NULL "
  "  WHERE contact_id IN (SELECT entity_id FROM purge)",
  "UPDATE contacts SET company_id = NULL, company_sort = NULL "
  "  WHERE company_id IN (SELECT entity_id FROM purge)",
  "DELETE FROM deal_stage_history WHERE deal_id IN (SELECT entity_id FROM purge)",
  "DELETE FROM deals WHERE id IN (SELECT entity_id FROM purge)",
  "DELETE FROM contacts WHERE id IN (SELECT entity_id FROM purge)",
  "DELETE FROM contacts_words WHERE rowid IN (SELECT entity_id FROM purge)",
  "DELETE FROM contacts_trigrams WHERE rowid IN (SELECT entity_id FROM purge)",
  "DELETE FROM deals_words WHERE rowid IN (SELECT entity_id FROM purge)",
  "DELETE FROM deals_trigrams WHERE rowid IN (SELECT entity_id FROM purge)",
  "DELETE FROM history WHERE entity_id IN (SELECT entity_id FROM purge)",
  "DELETE FROM custom_values WHERE entity_id IN (SELECT entity_id FROM purge)",
  "DELETE FROM trash WHERE entity_id IN (SELECT entity_id FROM purge)",
};

/**
 * crm_store_empty_trash:
 * @self: a #CrmStore
 * @older_than_ms: remove what was deleted before this time; G_MAXINT64
 *   empties the whole trash
 * @error: return location for a #GError
 *
 * Removes trashed rows for good. This cannot be undone.
 *
 * Returns: %TRUE on success
 */
gboolean
crm_store_empty_trash (CrmStore  *self,
                       gint64     older_than_ms,
                       GError   **error)
{
  g_autoptr(CrmStatement) fill = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if (!crm_store_begin (self, error))
    return FALSE;

  if (!crm_database_exec (self->db,
                          "CREATE TEMP TABLE IF NOT EXISTS purge (entity_id INTEGER PRIMARY KEY);"
                          "DELETE FROM temp.purge;",
                          error))
    goto failed;

  fill = crm_database_prepare (self->db,
                               "INSERT INTO temp.purge SELECT entity_id FROM trash WHERE deleted_at < ?1",
                               error);
  if (fill == NULL)
    goto failed;

  crm_statement_bind_int64 (fill, 1, older_than_ms);
  if (!crm_statement_run (fill, error))
    goto failed;

  for (guint i = 0; i < G_N_ELEMENTS (purge_statements); i++)
    {
      if (!crm_database_exec (self->db, purge_statements[i], error))
        goto failed;
    }

  crm_store_emit_changed (self, CRM_ENTITY_ANY, 0);
  return crm_store_commit (self, error);

failed:
  crm_store_rollback (self);
  return FALSE;
}

gboolean
_crm_store_set_tags (CrmStore            *self,
                     const char          *link_table,
                     const char          *column,
                     gint64               owner_id,
                     const char * const  *tags,
                     GError             **error)
{
  g_autoptr(CrmStatement) clear = NULL;
  g_autofree char *clear_sql = NULL;
  g_autofree char *link_sql = NULL;

  clear_sql = g_strdup_printf ("DELETE FROM %s WHERE %s = ?1", link_table, column);
  clear = crm_database_prepare (self->db, clear_sql, error);
  if (clear == NULL)
    return FALSE;

  crm_statement_bind_int64 (clear, 1, owner_id);
  if (!crm_statement_run (clear, error))
    return FALSE;

  if (tags == NULL)
    return TRUE;

  link_sql = g_strdup_printf ("INSERT OR IGNORE INTO %s (%s, tag_id) VALUES (?1, ?2)", link_table, column);

  for (guint i = 0; tags[i] != NULL; i++)
    {
      g_autoptr(CrmStatement) find = NULL;
      g_autoptr(CrmStatement) link = NULL;
      g_autofree char *name = crm_text_clean (tags[i]);
      g_autofree char *folded = NULL;
      gint64 tag_id = 0;

      if (name == NULL)
        continue;
      if (!crm_text_validate (name, _("Tag"), 100, FALSE, error))
        return FALSE;

      folded = crm_text_fold (name);
      find = crm_database_prepare (self->db, "SELECT id FROM tags WHERE folded = ?1", error);
      if (find == NULL)
        return FALSE;

      crm_statement_bind_text (find, 1, folded);
      switch (crm_statement_step (find, error))
        {
        case CRM_STEP_ROW:
          tag_id = crm_statement_get_int64 (find, 0);
          break;
        case CRM_STEP_DONE:
          {
            g_autoptr(CrmStatement) insert = NULL;

            insert = crm_database_prepare (self->db,
                                           "INSERT INTO tags (id, name, folded) VALUES (?1, ?2, ?3)",
                                           error);
            if (insert == NULL)
              return FALSE;

            tag_id = crm_id_new ();
            crm_statement_bind_int64 (insert, 1, tag_id);
            crm_statement_bind_text (insert, 2, name);
            crm_statement_bind_text (insert, 3, folded);
            if (!crm_statement_run (insert, error))
              return FALSE;
          }
          break;
        case CRM_STEP_ERROR:
        default:
          return FALSE;
        }

      link = crm_database_prepare (self->db, link_sql, error);
      if (link == NULL)
        return FALSE;

      crm_statement_bind_int64 (link, 1, owner_id);
      crm_statement_bind_int64 (link, 2, tag_id);
      if (!crm_statement_run (link, error))
        return FALSE;
    }

  return TRUE;
}

char *
_crm_store_get_tags (CrmStore   *self,
                     const char *link_table,
                     const char *column,
                     gint64      owner_id)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autofree char *sql = NULL;
  GString *joined = g_string_new (NULL);

  sql = g_strdup_printf ("SELECT t.name FROM %s l JOIN tags t ON t.id = l.tag_id "
                         "WHERE l.%s = ?1 ORDER BY t.folded",
                         link_table, column);
  stmt = crm_database_prepare (self->db, sql, NULL);
  if (stmt == NULL)
    return g_string_free (joined, FALSE);

  crm_statement_bind_int64 (stmt, 1, owner_id);
  while (crm_statement_step (stmt, NULL) == CRM_STEP_ROW)
    {
      if (joined->len > 0)
        g_string_append (joined, ", ");
      g_string_append (joined, crm_statement_get_text (stmt, 0));
    }

  return g_string_free (joined, FALSE);
}
