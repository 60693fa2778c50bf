/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <unistd.h>

#include "crm-cli-private.h"
#include "crm-import.h"

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  /* Progress is for people watching a terminal, not for scripts. */
  fprintf (stderr, "\r%s %3d%%", _("Importing…"), (int)(fraction * 100));
  fflush (stderr);
}

static int
import (CrmCli  *cli,
        int      argc,
        char   **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(CrmImportReport) report = NULL;
  g_autoptr(GError) error = NULL;
  gboolean show_progress;

  if (!crm_cli_parse_options (cli, "import", _("FILE.csv"), entries, &argc, &argv))
    return CRM_CLI_USAGE;
  if (argc != 2)
    return crm_cli_usage_error (cli, _("import needs one CSV file, whose first row names the columns"));

  show_progress = !cli->json && isatty (STDERR_FILENO);
  report = crm_import_run (cli->store, argv[1], NULL, 0,
                           show_progress ? progress_cb : NULL, NULL, NULL, &error);
  if (show_progress)
    fprintf (stderr, "\r\033[K");
  if (report == NULL)
    return crm_cli_fail (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonObject) object = json_object_new ();
      JsonArray *problems = json_array_new ();

      json_object_set_int_member (object, "imported", report->imported);
      json_object_set_int_member (object, "skipped", report->skipped);
      for (guint i = 0; i < report->problems->len; i++)
        {
          const CrmImportProblem *problem = g_ptr_array_index (report->problems, i);
          JsonObject *item = json_object_new ();

          json_object_set_int_member (item, "line", problem->line);
          json_object_set_string_member (item, "message", problem->message);
          /* FALSE: the row was imported, but without what the message names. */
          json_object_set_boolean_member (item, "skipped", problem->skipped);
          json_array_add_object_element (problems, item);
        }
      json_object_set_array_member (object, "problems", problems);
      crm_cli_print_object (object);
      return CRM_CLI_OK;
    }

  printf (g_dngettext (GETTEXT_PACKAGE,
                       "Imported %u client, skipped %u\n",
                       "Imported %u clients, skipped %u\n",
                       report->imported),
          report->imported, report->skipped);
  fflush (stdout);

  for (guint i = 0; i < report->problems->len; i++)
    {
      const CrmImportProblem *problem = g_ptr_array_index (report->problems, i);
      g_autofree char *message = g_strdup (problem->message);

      g_strdelimit (message, "\n", ' ');
      fprintf (stderr, "%u: %s\n", problem->line, message);
    }

  return CRM_CLI_OK;
}

const CrmCliCommand crm_cli_import_commands[] = {
  { "import", NULL, import, N_("Import clients from a CSV file (Excel: save as CSV)") },
  { NULL }
};
