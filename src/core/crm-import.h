/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "crm-store.h"

G_BEGIN_DECLS

#define CRM_IMPORT_ERROR (crm_import_error_quark ())

/* Why a file could not be imported at all. A missing or unreadable file
 * gives the G_FILE_ERROR of reading it. */
typedef enum
{
  CRM_IMPORT_ERROR_EMPTY,           /* no bytes, or only blank lines */
  CRM_IMPORT_ERROR_NO_ROWS,         /* a header row and nothing below it */
  CRM_IMPORT_ERROR_NOT_TEXT,        /* a binary file */
  CRM_IMPORT_ERROR_SPREADSHEET,     /* an .xlsx, .xls or .ods workbook */
  CRM_IMPORT_ERROR_NO_NAME_COLUMN,  /* no column holds the clients' names */
  CRM_IMPORT_ERROR_TOO_LARGE,
  CRM_IMPORT_ERROR_FAILED,          /* the database failed part-way */
} CrmImportError;

/* What a column of the file holds. Several columns may hold phones,
 * e-mails or notes; first, middle and last names are joined. */
typedef enum
{
  CRM_IMPORT_FIELD_IGNORE,
  CRM_IMPORT_FIELD_NAME,
  CRM_IMPORT_FIELD_FIRST_NAME,
  CRM_IMPORT_FIELD_MIDDLE_NAME,
  CRM_IMPORT_FIELD_LAST_NAME,
  CRM_IMPORT_FIELD_PHONE,
  CRM_IMPORT_FIELD_WORK_PHONE,
  CRM_IMPORT_FIELD_HOME_PHONE,
  CRM_IMPORT_FIELD_EMAIL,
  CRM_IMPORT_FIELD_COMPANY,
  CRM_IMPORT_FIELD_NOTES,
  CRM_IMPORT_FIELD_TAGS,
  CRM_IMPORT_FIELD_SOURCE,
  CRM_IMPORT_FIELD_BIRTHDAY,
  CRM_IMPORT_FIELD_OWNER,
  CRM_IMPORT_FIELD_KEY_CLIENT,
  CRM_IMPORT_N_FIELDS
} CrmImportField;

/* How many rows crm_import_preview() keeps. */
#define CRM_IMPORT_PREVIEW_ROWS 5

/**
 * CrmImportPreview:
 * @path: the file
 * @encoding: the character set the file was read in: "UTF-8",
 *   "UTF-16", "WINDOWS-1257" or "WINDOWS-1251"
 * @delimiter: ',', ';' or '\t'
 * @n_columns: how many columns the header row has
 * @headers: (array length=n_columns): the header row's cells
 * @fields: (array length=n_columns): what each column was taken to hold
 * @rows: (element-type GStrv): the first client rows, each with
 *   @n_columns cells
 * @n_rows: how many client rows the file has (blank rows not counted)
 *
 * What a file looks like, so that a person can check the column mapping
 * before importing.
 */
typedef struct
{
  char            *path;
  char            *encoding;
  char             delimiter;
  guint            n_columns;
  char           **headers;
  CrmImportField  *fields;
  GPtrArray       *rows;
  guint            n_rows;
} CrmImportPreview;

/**
 * CrmImportProblem:
 * @line: the line of the file the row starts on (the header is line 1)
 * @message: the reason, translated
 * @skipped: %TRUE when the row was not imported; %FALSE when it was
 *   imported and only part of it (a birthday, an owner) was left out
 */
typedef struct
{
  guint     line;
  char     *message;
  gboolean  skipped;
} CrmImportProblem;

/**
 * CrmImportReport:
 * @imported: clients stored
 * @skipped: rows not imported
 * @total: client rows in the file
 * @cancelled: whether the import was stopped before the end; what was
 *   imported until then stays
 * @problems: (element-type CrmImportProblem): sorted by line
 */
typedef struct
{
  guint      imported;
  guint      skipped;
  guint      total;
  gboolean   cancelled;
  GPtrArray *problems;
} CrmImportReport;

/* Called from the thread that imports, with 0.0 … 1.0. */
typedef void (*CrmImportProgress) (double   fraction,
                                   gpointer user_data);

GQuark            crm_import_error_quark      (void);

const char       *crm_import_field_get_label  (CrmImportField          field);
CrmImportField    crm_import_guess_field      (const char             *header);
gboolean          crm_import_fields_have_name (const CrmImportField   *fields,
                                               guint                   n_fields);

CrmImportPreview *crm_import_preview          (const char             *path,
                                               GError                **error);
void              crm_import_preview_free     (CrmImportPreview       *preview);

CrmImportReport  *crm_import_run              (CrmStore               *store,
                                               const char             *csv_path,
                                               const CrmImportField   *fields,
                                               guint                   n_fields,
                                               CrmImportProgress       progress,
                                               gpointer                progress_data,
                                               GCancellable           *cancellable,
                                               GError                **error);
void              crm_import_run_async        (CrmStore               *store,
                                               const char             *csv_path,
                                               const CrmImportField   *fields,
                                               guint                   n_fields,
                                               CrmImportProgress       progress,
                                               gpointer                progress_data,
                                               GCancellable           *cancellable,
                                               GAsyncReadyCallback     callback,
                                               gpointer                user_data);
CrmImportReport  *crm_import_run_finish       (GAsyncResult           *result,
                                               GError                **error);
void              crm_import_report_free      (CrmImportReport        *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmImportPreview, crm_import_preview_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmImportReport, crm_import_report_free)

G_END_DECLS
