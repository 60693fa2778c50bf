/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "crm-types.h"
#include "crm-database.h"

G_BEGIN_DECLS

#define CRM_STORE_ERROR (crm_store_error_quark ())

/* Errors about what a user asked for, as opposed to CRM_DATABASE_ERROR for
 * what went wrong underneath. Messages are translated and name the problem. */
typedef enum
{
  CRM_STORE_ERROR_INVALID,
  CRM_STORE_ERROR_NOT_FOUND,
  CRM_STORE_ERROR_DUPLICATE,
  CRM_STORE_ERROR_IN_USE,
  CRM_STORE_ERROR_PERMISSION,
} CrmStoreError;

/* One row of a change history: who changed which field, when, from what to
 * what. Values are text as the user would read them. */
typedef struct
{
  gint64  id;
  gint64  at;
  gint64  user_id;
  char   *user_name;
  char   *field;
  char   *old_value;
  char   *new_value;
} CrmHistoryEntry;

/* One step of a deal through the funnel. left_at is 0 while the deal is
 * still in that stage. */
typedef struct
{
  gint64  at;
  gint64  left_at;
  gint64  from_stage_id;
  gint64  to_stage_id;
  char   *from_stage_name;
  char   *to_stage_name;
  gint64  user_id;
  char   *user_name;
} CrmStageMove;

typedef struct
{
  gint64  id;
  char   *login;
  char   *name;
  CrmRole role;
  gboolean active;
} CrmUser;

typedef struct
{
  CrmEntityKind kind;
  gint64        id;
  char         *title;
  gint64        deleted_at;
  char         *deleted_by;
} CrmTrashItem;

void crm_history_entry_free (CrmHistoryEntry *entry);
void crm_stage_move_free    (CrmStageMove    *move);
void crm_user_free          (CrmUser         *user);
void crm_trash_item_free    (CrmTrashItem    *item);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmHistoryEntry, crm_history_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmStageMove, crm_stage_move_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmUser, crm_user_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmTrashItem, crm_trash_item_free)

#define CRM_TYPE_STORE (crm_store_get_type ())
G_DECLARE_FINAL_TYPE (CrmStore, crm_store, CRM, STORE, GObject)

GQuark        crm_store_error_quark          (void);

CrmStore     *crm_store_open                 (const char     *path,
                                              GError        **error);
char         *crm_store_default_path         (void);
CrmDatabase  *crm_store_get_database         (CrmStore       *self);
const char   *crm_store_get_data_folder      (CrmStore       *self);

/* Settings kept in the database, so every program on the file agrees. */
const char   *crm_store_get_default_country  (CrmStore       *self);
gboolean      crm_store_set_default_country  (CrmStore       *self,
                                              const char     *iso_country,
                                              GError        **error);
const char   *crm_store_get_default_currency (CrmStore       *self);

/* The employee on whose behalf changes are made and recorded. */
gint64        crm_store_get_current_user     (CrmStore       *self);
gboolean      crm_store_set_current_user     (CrmStore       *self,
                                              const char     *login,
                                              GError        **error);

/* Change notification. `changing` is emitted before a write to one row
 * (so list models can note where the row was) and `changed` after it was
 * committed. Kind CRM_ENTITY_ANY with id 0 means "anything may have
 * changed", for example after another process wrote to the file. */
void          crm_store_emit_changing        (CrmStore       *self,
                                              CrmEntityKind   kind,
                                              gint64          id);
void          crm_store_emit_changed         (CrmStore       *self,
                                              CrmEntityKind   kind,
                                              gint64          id);
gboolean      crm_store_check_external_changes (CrmStore     *self);
void          crm_store_watch_external_changes (CrmStore     *self,
                                                guint         interval_ms);

/* Transactions for a group of store calls; nested calls join the outer
 * one, and `changed` signals wait until the outermost commit. */
gboolean      crm_store_begin                (CrmStore       *self,
                                              GError        **error);
gboolean      crm_store_commit               (CrmStore       *self,
                                              GError        **error);
void          crm_store_rollback             (CrmStore       *self);

/* Users */
gint64        crm_store_add_user             (CrmStore       *self,
                                              const char     *login,
                                              const char     *name,
                                              CrmRole         role,
                                              GError        **error);
gint64        crm_store_find_user            (CrmStore       *self,
                                              const char     *login,
                                              GError        **error);
CrmUser      *crm_store_get_user             (CrmStore       *self,
                                              gint64          id,
                                              GError        **error);
GPtrArray    *crm_store_list_users           (CrmStore       *self,
                                              GError        **error);

/* History and trash */
gboolean      crm_store_record_history       (CrmStore       *self,
                                              CrmEntityKind   kind,
                                              gint64          entity_id,
                                              const char     *field,
                                              const char     *old_value,
                                              const char     *new_value,
                                              GError        **error);
GPtrArray    *crm_store_list_history         (CrmStore       *self,
                                              gint64          entity_id,
                                              GError        **error);
gint64        crm_store_count_trash          (CrmStore       *self,
                                              GError        **error);
GPtrArray    *crm_store_list_trash           (CrmStore       *self,
                                              GError        **error);
gboolean      crm_store_empty_trash          (CrmStore       *self,
                                              gint64          older_than_ms,
                                              GError        **error);

const char   *crm_entity_kind_to_string      (CrmEntityKind   kind);

G_END_DECLS
