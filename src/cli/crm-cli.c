/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele-cli"

#include "config.h"

#include <inttypes.h>

#include <errno.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "crm-cli-private.h"
#include "crm-time.h"

static const CrmCliCommand *command_tables[] = {
  crm_cli_contact_commands,
  crm_cli_field_commands,
  crm_cli_deal_commands,
  crm_cli_activity_commands,
  crm_cli_import_commands,
  crm_cli_misc_commands,
};

static void
print_commands (FILE *out)
{
  fprintf (out, "%s\n", _("Commands:"));
  for (guint t = 0; t < G_N_ELEMENTS (command_tables); t++)
    {
      for (const CrmCliCommand *c = command_tables[t]; c->noun != NULL; c++)
        {
          g_autofree char *name = c->verb ? g_strdup_printf ("%s %s", c->noun, c->verb)
                                          : g_strdup (c->noun);
          fprintf (out, "  %-18s %s\n", name, _(c->summary));
        }
    }
}

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n\n",
           _("Usage: clientele-cli [--database PATH] [--json] [--as LOGIN] COMMAND [OPTIONS…]"));
  print_commands (out);
  fprintf (out, "\n%s\n", _("Run “clientele-cli COMMAND --help” for the options of a command."));
}

static void
print_error_valist (CrmCli     *cli,
                    const char *format,
                    va_list     args)
{
  g_autofree char *message = g_strdup_vprintf (format, args);

  fprintf (stderr, "%s: %s\n", cli->program, message);
}

int
crm_cli_usage_error (CrmCli     *cli,
                     const char *format,
                     ...)
{
  va_list args;

  va_start (args, format);
  print_error_valist (cli, format, args);
  va_end (args);

  return CRM_CLI_USAGE;
}

int
crm_cli_fail (CrmCli       *cli,
              const GError *error)
{
  g_autofree char *line = g_strdup (error ? error->message : _("Unknown error"));

  /* One line, so that scripts can show it as it is. */
  g_strdelimit (line, "\n", ' ');
  fprintf (stderr, "%s: %s\n", cli->program, line);
  return CRM_CLI_ERROR;
}

int
crm_cli_fail_message (CrmCli     *cli,
                      const char *format,
                      ...)
{
  va_list args;

  va_start (args, format);
  print_error_valist (cli, format, args);
  va_end (args);

  return CRM_CLI_ERROR;
}

/* @more_entries, when not NULL, are added after @entries, so that --help
 * lists them last. */
static gboolean
parse_options (CrmCli         *cli,
               const char     *command,
               const char     *parameters,
               GOptionEntry   *entries,
               GOptionEntry   *more_entries,
               int            *argc,
               char         ***argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = g_strdup_printf ("%s %s", command, parameters ? parameters : "");

  context = g_option_context_new (title);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (more_entries != NULL)
    g_option_context_add_main_entries (context, more_entries, GETTEXT_PACKAGE);
  g_option_context_set_strict_posix (context, FALSE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      fprintf (stderr, "%s %s: %s\n", cli->program, command, error->message);
      return FALSE;
    }

  return TRUE;
}

gboolean
crm_cli_parse_options (CrmCli         *cli,
                       const char     *command,
                       const char     *parameters,
                       GOptionEntry   *entries,
                       int            *argc,
                       char         ***argv)
{
  return parse_options (cli, command, parameters, entries, NULL, argc, argv);
}

gboolean
crm_cli_parse_list_options (CrmCli         *cli,
                            const char     *command,
                            GOptionEntry   *entries,
                            CrmCliPage     *page,
                            int            *argc,
                            char         ***argv)
{
  GOptionEntry page_entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_STRING, &page->limit_text, N_("Show at most this many (default 100, 0 for all)"), N_("N") },
    { "offset", 0, 0, G_OPTION_ARG_STRING, &page->offset_text, N_("Skip this many first"), N_("N") },
    { NULL }
  };

  return parse_options (cli, command, NULL, entries, page_entries, argc, argv);
}

gboolean
crm_cli_page_parse (CrmCliPage  *page,
                    GError     **error)
{
  return (page->limit_text == NULL ||
          crm_cli_parse_count (page->limit_text, "--limit", G_MAXINT32, &page->limit, error)) &&
         (page->offset_text == NULL ||
          crm_cli_parse_count (page->offset_text, "--offset", G_MAXINT32, &page->offset, error));
}

void
crm_cli_page_clear (CrmCliPage *page)
{
  g_clear_pointer (&page->limit_text, g_free);
  g_clear_pointer (&page->offset_text, g_free);
}

gpointer
crm_cli_load_argument (CrmCli         *cli,
                       int             argc,
                       char          **argv,
                       CrmCliLoadFunc  load,
                       int            *status,
                       const char     *usage_format,
                       ...)
{
  g_autoptr(GError) error = NULL;
  gpointer record;
  gint64 id;

  if (argc != 2)
    {
      va_list args;

      va_start (args, usage_format);
      print_error_valist (cli, usage_format, args);
      va_end (args);
      *status = CRM_CLI_USAGE;
      return NULL;
    }

  if (!crm_cli_parse_id (argv[1], &id, &error))
    {
      *status = crm_cli_fail (cli, error);
      return NULL;
    }

  record = load (cli->store, id, &error);
  if (record == NULL)
    *status = crm_cli_fail (cli, error);

  return record;
}

int
crm_cli_trash_or_restore (CrmCli          *cli,
                          CrmCliTrashFunc  change,
                          gboolean         restore,
                          gint64           id,
                          const char      *name_member,
                          const char      *name)
{
  g_autoptr(GError) error = NULL;

  if (!change (cli->store, id, &error))
    return crm_cli_fail (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonObject) object = json_object_new ();

      json_object_set_int_member (object, "id", id);
      json_object_set_string_member (object, name_member, name);
      json_object_set_boolean_member (object, "deleted", !restore);
      crm_cli_print_object (object);
    }
  else if (restore)
    printf (_("Restored “%s” from the trash\n"), name);
  else
    printf (_("Moved “%s” to the trash\n"), name);

  return CRM_CLI_OK;
}

gboolean
crm_cli_parse_id (const char  *text,
                  gint64      *out_id,
                  GError     **error)
{
  guint64 value = 0;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("“%s” is not an id; ids are the positive numbers that add and list print"),
                   text ? text : "");
      return FALSE;
    }

  *out_id = (gint64)value;
  return TRUE;
}

gboolean
crm_cli_parse_count (const char  *text,
                     const char  *option,
                     gint64       max,
                     gint64      *out_value,
                     GError     **error)
{
  guint64 value = 0;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, max, &value, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s takes a whole number from 0 to %" PRId64 ", not “%s”"),
                   option, max, text ? text : "");
      return FALSE;
    }

  *out_value = (gint64)value;
  return TRUE;
}

gint64
crm_cli_find_user (CrmCli      *cli,
                   const char  *login,
                   GError     **error)
{
  return crm_store_find_user (cli->store, login, error);
}

/* "90", "90s", "5m", "1h30m", "1:30" (minutes:seconds) */
gboolean
crm_cli_parse_duration (const char  *text,
                        gint64      *out_seconds,
                        GError     **error)
{
  gint64 total = 0;
  const char *p = text;

  if (text == NULL || *text == '\0')
    goto invalid;

  if (strchr (text, ':') != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (text, ":", -1);
      guint64 minutes, seconds;

      if (g_strv_length (parts) != 2 ||
          !g_ascii_string_to_unsigned (parts[0], 10, 0, 1440, &minutes, NULL) ||
          !g_ascii_string_to_unsigned (parts[1], 10, 0, 59, &seconds, NULL))
        goto invalid;

      *out_seconds = (gint64)(minutes * 60 + seconds);
      return TRUE;
    }

  while (*p != '\0')
    {
      gint64 number = 0;
      guint digits = 0;

      while (g_ascii_isdigit (*p) && digits < 7)
        {
          number = number * 10 + (*p - '0');
          p++;
          digits++;
        }
      if (digits == 0 || g_ascii_isdigit (*p))
        goto invalid;

      switch (*p)
        {
        case 'h': total += number * 3600; p++; break;
        case 'm': total += number * 60; p++; break;
        case 's': total += number; p++; break;
        case '\0': total += number; break;
        default: goto invalid;
        }
    }

  *out_seconds = total;
  return TRUE;

invalid:
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("“%s” is not a duration; write seconds (90), 5m, 1h30m or 1:30"),
               text ? text : "");
  return FALSE;
}

void
crm_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
}

void
crm_cli_print_object (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  crm_cli_print_json (node);
}

void
crm_cli_json_set_time (JsonObject *object,
                       const char *member,
                       gint64      ms)
{
  if (ms == 0)
    {
      json_object_set_null_member (object, member);
      return;
    }

  {
    g_autofree char *iso = crm_time_to_iso8601 (ms);

    json_object_set_string_member (object, member, iso);
  }
}

void
crm_cli_json_set_string (JsonObject *object,
                         const char *member,
                         const char *value)
{
  if (value == NULL)
    json_object_set_null_member (object, member);
  else
    json_object_set_string_member (object, member, value);
}

JsonArray *
crm_cli_json_string_list (const char * const *strings)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; strings != NULL && strings[i] != NULL; i++)
    json_array_add_string_element (array, strings[i]);

  return array;
}

static glong
display_width (const char *text)
{
  return text ? g_utf8_strlen (text, -1) : 0;
}

/* Rows are NULL-terminated arrays of @n_columns cells; the first row is the
 * header. The last column is not padded, so lines carry no trailing space. */
void
crm_cli_print_table (GPtrArray *rows,
                     guint      n_columns)
{
  g_autofree glong *widths = g_new0 (glong, n_columns);
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint r = 0; r < rows->len; r++)
    {
      char **cells = g_ptr_array_index (rows, r);

      for (guint c = 0; c < n_columns; c++)
        widths[c] = MAX (widths[c], display_width (cells[c]));
    }

  for (guint r = 0; r < rows->len; r++)
    {
      char **cells = g_ptr_array_index (rows, r);

      g_string_truncate (line, 0);
      for (guint c = 0; c < n_columns; c++)
        {
          const char *cell = cells[c] ? cells[c] : "";

          g_string_append (line, cell);
          if (c + 1 < n_columns)
            {
              for (glong pad = display_width (cell); pad < widths[c] + 2; pad++)
                g_string_append_c (line, ' ');
            }
        }

      while (line->len > 0 && line->str[line->len - 1] == ' ')
        g_string_truncate (line, line->len - 1);
      printf ("%s\n", line->str);
    }
}

void
crm_cli_print_fields (const char * const *labels,
                      const char * const *values,
                      guint               n_fields)
{
  glong width = 0;

  for (guint i = 0; i < n_fields; i++)
    width = MAX (width, display_width (labels[i]));

  for (guint i = 0; i < n_fields; i++)
    {
      if (values[i] == NULL || values[i][0] == '\0')
        continue;

      printf ("%s:", labels[i]);
      for (glong pad = display_width (labels[i]); pad < width + 1; pad++)
        putchar (' ');
      printf ("%s\n", values[i]);
    }
}

void
crm_cli_print_list (CrmCli             *cli,
                    GListModel         *model,
                    const CrmCliPage   *page,
                    CrmCliJsonFunc      to_json,
                    CrmCliRowFunc       to_row,
                    const char * const *header,
                    const char         *empty)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  g_autoptr(JsonArray) array = json_array_new ();
  guint n_items = g_list_model_get_n_items (model);
  gint64 offset = page->offset;
  gint64 limit = page->limit;

  if (limit == 0 || offset + limit > n_items)
    limit = (gint64)n_items - offset;

  if (!cli->json)
    g_ptr_array_add (rows, g_strdupv ((char **)header));

  for (gint64 i = offset; i < offset + limit; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, (guint)i);

      if (item == NULL)
        break;

      if (cli->json)
        json_array_add_object_element (array, to_json (item));
      else
        g_ptr_array_add (rows, to_row (item));
    }

  if (cli->json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

      json_node_set_array (node, array);
      crm_cli_print_json (node);
    }
  else if (rows->len > 1)
    crm_cli_print_table (rows, g_strv_length ((char **)header));
  else
    printf ("%s\n", empty);
}

static const CrmCliCommand *
find_command (const char *noun,
              const char *verb,
              gboolean   *noun_known)
{
  *noun_known = FALSE;

  for (guint t = 0; t < G_N_ELEMENTS (command_tables); t++)
    {
      for (const CrmCliCommand *c = command_tables[t]; c->noun != NULL; c++)
        {
          if (g_strcmp0 (c->noun, noun) != 0)
            continue;

          *noun_known = TRUE;
          if (c->verb == NULL || g_strcmp0 (c->verb, verb) == 0)
            return c;
        }
    }

  return NULL;
}

static void
replace_string (char       **target,
                const char  *value)
{
  g_free (*target);
  *target = g_strdup (value);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *database = NULL;
  g_autofree char *as_user = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) store = NULL;
  gboolean json = FALSE;
  gboolean version = FALSE;
  const CrmCliCommand *command;
  gboolean noun_known;
  CrmCli cli = { NULL, FALSE, "clientele-cli" };
  int first;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Global options come before the command; everything after the command
   * belongs to it. */
  for (first = 1; first < argc; first++)
    {
      const char *arg = argv[first];

      if (g_str_equal (arg, "--json"))
        json = TRUE;
      else if (g_str_equal (arg, "--version"))
        version = TRUE;
      else if (g_str_equal (arg, "--help") || g_str_equal (arg, "-h"))
        {
          print_usage (stdout);
          return CRM_CLI_OK;
        }
      else if (g_str_equal (arg, "--database") || g_str_equal (arg, "--as"))
        {
          if (first + 1 >= argc)
            return crm_cli_usage_error (&cli, _("%s needs a value"), arg);
          if (g_str_equal (arg, "--database"))
            replace_string (&database, argv[++first]);
          else
            replace_string (&as_user, argv[++first]);
        }
      else if (g_str_has_prefix (arg, "--database="))
        replace_string (&database, arg + strlen ("--database="));
      else if (g_str_has_prefix (arg, "--as="))
        replace_string (&as_user, arg + strlen ("--as="));
      else if (arg[0] == '-')
        return crm_cli_usage_error (&cli, _("Unknown option “%s”; see clientele-cli --help"), arg);
      else
        break;
    }

  if (version)
    {
      printf ("clientele-cli %s\n", PACKAGE_VERSION);
      return CRM_CLI_OK;
    }

  if (first >= argc)
    {
      print_usage (stderr);
      return CRM_CLI_USAGE;
    }

  command = find_command (argv[first], first + 1 < argc ? argv[first + 1] : NULL, &noun_known);
  if (command == NULL)
    {
      if (noun_known)
        return crm_cli_usage_error (&cli, _("“%s” needs one of its commands; see clientele-cli --help"),
                                    argv[first]);
      return crm_cli_usage_error (&cli, _("Unknown command “%s”; see clientele-cli --help"), argv[first]);
    }

  if (database == NULL)
    database = g_strdup (g_getenv ("CLIENTELE_DATABASE"));

  store = crm_store_open (database, &error);
  if (store == NULL)
    return crm_cli_fail (&cli, error);

  if (as_user != NULL && !crm_store_set_current_user (store, as_user, &error))
    return crm_cli_fail (&cli, error);

  cli.store = store;
  cli.json = json;

  /* The handler sees its own words first: "add --name …" or "search …". */
  if (command->verb != NULL)
    first++;

  return command->handler (&cli, argc - first, argv + first);
}
