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

int
crm_cli_usage_error (CrmCli     *cli,
                     const char *format,
                     ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "%s: %s\n", cli->program, message);
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
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "%s: %s\n", cli->program, message);
  return CRM_CLI_ERROR;
}

gboolean
crm_cli_parse_options (CrmCli         *cli,
                       const char     *command,
                       const char     *parameters,
                       GOptionEntry   *entries,
                       int            *argc,
                       char         ***argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = g_strdup_printf ("%s %s", command, parameters ? parameters : "");

  context = g_option_context_new (title);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_strict_posix (context, FALSE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      fprintf (stderr, "%s %s: %s\n", cli->program, command, error->message);
      return FALSE;
    }

  return TRUE;
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
