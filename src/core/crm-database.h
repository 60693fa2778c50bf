/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "crm-types.h"

G_BEGIN_DECLS

#define CRM_DATABASE_ERROR (crm_database_error_quark ())

typedef enum
{
  CRM_DATABASE_ERROR_FAILED,
  CRM_DATABASE_ERROR_NO_FOLDER,
  CRM_DATABASE_ERROR_READ_ONLY,
  CRM_DATABASE_ERROR_NOT_A_DATABASE,
  CRM_DATABASE_ERROR_LOCKED,
  CRM_DATABASE_ERROR_TOO_NEW,
  CRM_DATABASE_ERROR_CONSTRAINT,
  CRM_DATABASE_ERROR_NOT_FOUND,
  CRM_DATABASE_ERROR_INVALID,
} CrmDatabaseError;

/* The result of one step of a statement, so that "no more rows" and
 * "something went wrong" can never be confused. */
typedef enum
{
  CRM_STEP_ERROR,
  CRM_STEP_ROW,
  CRM_STEP_DONE,
} CrmStepResult;

#define CRM_TYPE_DATABASE (crm_database_get_type ())
G_DECLARE_FINAL_TYPE (CrmDatabase, crm_database, CRM, DATABASE, GObject)

GQuark         crm_database_error_quark        (void);

CrmDatabase   *crm_database_open               (const char    *path,
                                                GError       **error);
CrmDatabase   *crm_database_open_reader        (const char    *path,
                                                GError       **error);
const char    *crm_database_get_path           (CrmDatabase   *self);
int            crm_database_get_schema_version (CrmDatabase   *self);
gboolean       crm_database_exec               (CrmDatabase   *self,
                                                const char    *sql,
                                                GError       **error);
CrmStatement  *crm_database_prepare            (CrmDatabase   *self,
                                                const char    *sql,
                                                GError       **error);
gboolean       crm_database_begin              (CrmDatabase   *self,
                                                GError       **error);
gboolean       crm_database_commit             (CrmDatabase   *self,
                                                GError       **error);
void           crm_database_rollback           (CrmDatabase   *self);
gboolean       crm_database_in_transaction     (CrmDatabase   *self);
void           crm_database_begin_read         (CrmDatabase   *self);
void           crm_database_end_read           (CrmDatabase   *self);
gint64         crm_database_get_data_version   (CrmDatabase   *self);
int            crm_database_changes            (CrmDatabase   *self);
char          *crm_database_get_meta           (CrmDatabase   *self,
                                                const char    *key);
gboolean       crm_database_set_meta           (CrmDatabase   *self,
                                                const char    *key,
                                                const char    *value,
                                                GError       **error);

/* Statements come from a per-connection cache: release one when done and it
 * is reset and kept for the next caller of the same SQL. */
void           crm_statement_bind_int64        (CrmStatement  *self,
                                                int            index,
                                                gint64         value);
void           crm_statement_bind_text         (CrmStatement  *self,
                                                int            index,
                                                const char    *value);
void           crm_statement_bind_null         (CrmStatement  *self,
                                                int            index);
CrmStepResult  crm_statement_step              (CrmStatement  *self,
                                                GError       **error);
gboolean       crm_statement_run               (CrmStatement  *self,
                                                GError       **error);
gint64         crm_statement_get_int64         (CrmStatement  *self,
                                                int            column);
const char    *crm_statement_get_text          (CrmStatement  *self,
                                                int            column);
char          *crm_statement_dup_text          (CrmStatement  *self,
                                                int            column);
gboolean       crm_statement_get_is_null       (CrmStatement  *self,
                                                int            column);
void           crm_statement_release           (CrmStatement  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmStatement, crm_statement_release)

G_END_DECLS
