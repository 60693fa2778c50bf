/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "crm-store.h"

G_BEGIN_DECLS

/* Exit codes: what scripts calling clientele-cli can rely on. */
#define CRM_CLI_OK    0
#define CRM_CLI_ERROR 1
#define CRM_CLI_USAGE 2

typedef struct
{
  CrmStore   *store;
  gboolean    json;
  const char *program;
} CrmCli;

/* One command: `clientele-cli NOUN VERB ...` (verb NULL for one-word
 * commands such as `search`). argv[0] is the verb (or the noun). */
typedef int (*CrmCliHandler) (CrmCli  *cli,
                              int      argc,
                              char   **argv);

typedef struct
{
  const char    *noun;
  const char    *verb;
  CrmCliHandler  handler;
  const char    *summary;
} CrmCliCommand;

extern const CrmCliCommand crm_cli_contact_commands[];
extern const CrmCliCommand crm_cli_deal_commands[];
extern const CrmCliCommand crm_cli_activity_commands[];
extern const CrmCliCommand crm_cli_import_commands[];
extern const CrmCliCommand crm_cli_misc_commands[];
extern const CrmCliCommand crm_cli_field_commands[];

/* Parses a command's options; on failure prints the reason and the usage
 * and returns FALSE (the caller exits with CRM_CLI_USAGE). Positional
 * arguments stay in argv, options are removed. */
gboolean    crm_cli_parse_options   (CrmCli        *cli,
                                     const char    *command,
                                     const char    *parameters,
                                     GOptionEntry  *entries,
                                     int           *argc,
                                     char        ***argv);
int         crm_cli_usage_error     (CrmCli        *cli,
                                     const char    *format,
                                     ...) G_GNUC_PRINTF (2, 3);
int         crm_cli_fail            (CrmCli        *cli,
                                     const GError  *error);
int         crm_cli_fail_message    (CrmCli        *cli,
                                     const char    *format,
                                     ...) G_GNUC_PRINTF (2, 3);

/* Loads the record a `NOUN VERB ID` command names, with @load (such as
 * crm_store_get_contact). Without exactly one argument it prints
 * @usage_format, formatted with the arguments that follow, as a usage error.
 * On failure returns NULL and sets *status to the exit code. */
typedef gpointer (*CrmCliLoadFunc) (CrmStore  *store,
                                    gint64     id,
                                    GError   **error);

gpointer    crm_cli_load_argument   (CrmCli        *cli,
                                     int            argc,
                                     char         **argv,
                                     CrmCliLoadFunc load,
                                     int           *status,
                                     const char    *usage_format,
                                     ...) G_GNUC_PRINTF (6, 7);

/* `NOUN delete ID` and `NOUN restore ID` once the record is loaded: @change
 * is the store's delete or restore function, @name_member the JSON member
 * that carries @name ("name", "title"). */
typedef gboolean (*CrmCliTrashFunc) (CrmStore  *store,
                                     gint64     id,
                                     GError   **error);

int         crm_cli_trash_or_restore (CrmCli         *cli,
                                      CrmCliTrashFunc change,
                                      gboolean        restore,
                                      gint64          id,
                                      const char     *name_member,
                                      const char     *name);

/* The --limit and --offset options that list commands share. */
typedef struct
{
  char   *limit_text;
  char   *offset_text;
  gint64  limit;
  gint64  offset;
} CrmCliPage;

#define CRM_CLI_PAGE_INIT { NULL, NULL, 100, 0 }

void        crm_cli_page_clear      (CrmCliPage    *page);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CrmCliPage, crm_cli_page_clear)

/* crm_cli_parse_options() with --limit and --offset after @entries. */
gboolean    crm_cli_parse_list_options (CrmCli        *cli,
                                        const char    *command,
                                        GOptionEntry  *entries,
                                        CrmCliPage    *page,
                                        int           *argc,
                                        char        ***argv);
gboolean    crm_cli_page_parse      (CrmCliPage    *page,
                                     GError       **error);

/* Prints the page of @model: a JSON array of @to_json objects, or a table
 * of @to_row cells under @header, or @empty when the page has no items. */
typedef JsonObject *(*CrmCliJsonFunc) (gpointer item);
typedef char      **(*CrmCliRowFunc)  (gpointer item);

void        crm_cli_print_list      (CrmCli              *cli,
                                     GListModel          *model,
                                     const CrmCliPage    *page,
                                     CrmCliJsonFunc       to_json,
                                     CrmCliRowFunc        to_row,
                                     const char * const  *header,
                                     const char          *empty);

/* Argument conversions; each sets a clear error naming the bad text. */
gboolean    crm_cli_parse_id        (const char    *text,
                                     gint64        *out_id,
                                     GError       **error);
gboolean    crm_cli_parse_count     (const char    *text,
                                     const char    *option,
                                     gint64         max,
                                     gint64        *out_value,
                                     GError       **error);
gint64      crm_cli_find_user       (CrmCli        *cli,
                                     const char    *login,
                                     GError       **error);
gboolean    crm_cli_parse_duration  (const char    *text,
                                     gint64        *out_seconds,
                                     GError       **error);

/* Output: JSON to stdout, or aligned plain text. */
void        crm_cli_print_json      (JsonNode      *node);
void        crm_cli_print_object    (JsonObject    *object);
void        crm_cli_print_table     (GPtrArray     *rows,
                                     guint          n_columns);
void        crm_cli_print_fields    (const char * const *labels,
                                     const char * const *values,
                                     guint               n_fields);
void        crm_cli_json_set_time   (JsonObject    *object,
                                     const char    *member,
                                     gint64         ms);
void        crm_cli_json_set_string (JsonObject    *object,
                                     const char    *member,
                                     const char    *value);
JsonArray  *crm_cli_json_string_list (const char * const *strings);

/* Custom details (crm-cli-fields.c): --detail NAME=VALUE texts resolved to
 * fields, set on a contact, and shown. */
GPtrArray  *crm_cli_parse_details   (CrmCli        *cli,
                                     char         **details,
                                     GError       **error);
gboolean    crm_cli_set_details     (CrmCli        *cli,
                                     GPtrArray     *pairs,
                                     gint64         contact_id,
                                     GError       **error);
void        crm_cli_add_details_json (CrmCli       *cli,
                                      JsonObject   *object,
                                      gint64        contact_id);
void        crm_cli_print_details   (CrmCli        *cli,
                                     gint64         contact_id);

G_END_DECLS
