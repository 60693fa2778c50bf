/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele-cli"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <stdio.h>
#include <unistd.h>

#include "crm-cli-private.h"
#include "crm-demo.h"
#include "crm-search.h"
#include "crm-time.h"

static const char *
match_name (CrmSearchMatch match)
{
  switch (match)
    {
    case CRM_SEARCH_MATCH_PHONE:       return "phone";
    case CRM_SEARCH_MATCH_PHONE_END:   return "phone-end";
    case CRM_SEARCH_MATCH_NAME_PREFIX: return "name-prefix";
    case CRM_SEARCH_MATCH_WORD:        return "word";
    case CRM_SEARCH_MATCH_SUBSTRING:
    default:                           return "substring";
    }
}

static const char *
result_kind_name (const CrmSearchResult *result)
{
  if (result->kind == CRM_ENTITY_DEAL)
    return "deal";
  return result->contact_kind == CRM_CONTACT_COMPANY ? "company" : "contact";
}

static int
search (CrmCli  *cli,
        int      argc,
        char   **argv)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) words = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *query = NULL;
  const char *limit_text = NULL;
  gboolean only_words = FALSE;
  gint64 limit = 20;

  /* What people search for may itself start with a dash ("-x", "--"), so
   * only --limit and --help are options here; everything else is text. */
  for (int i = 1; i < argc; i++)
    {
      if (!only_words && g_str_equal (argv[i], "--"))
        only_words = TRUE;
      else if (!only_words && (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h")))
        {
          printf ("%s\n", _("Usage: clientele-cli search [--limit N] QUERY…"));
          return CRM_CLI_OK;
        }
      else if (!only_words && g_str_equal (argv[i], "--limit"))
        {
          if (i + 1 >= argc)
            return crm_cli_usage_error (cli, _("%s needs a value"), "--limit");
          limit_text = argv[++i];
        }
      else if (!only_words && g_str_has_prefix (argv[i], "--limit="))
        limit_text = argv[i] + strlen ("--limit=");
      else
        g_ptr_array_add (words, argv[i]);
    }
  g_ptr_array_add (words, NULL);

  if (words->len < 2)
    return crm_cli_usage_error (cli, _("search needs what to look for"));
  if (limit_text != NULL && !crm_cli_parse_count (limit_text, "--limit", 1000, &limit, &error))
    return crm_cli_fail (cli, error);

  /* `search anna berzina` and `search "anna berzina"` mean the same. */
  query = g_strjoinv (" ", (char **)words->pdata);
  results = crm_search_run (cli->store, query, (guint)limit, &error);
  if (results == NULL)
    return crm_cli_fail (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < results->len; i++)
        {
          const CrmSearchResult *result = g_ptr_array_index (results, i);
          JsonObject *object = json_object_new ();

          json_object_set_int_member (object, "id", result->id);
          json_object_set_string_member (object, "kind", result_kind_name (result));
          crm_cli_json_set_string (object, result->kind == CRM_ENTITY_DEAL ? "title" : "name", result->title);
          crm_cli_json_set_string (object, "subtitle", result->subtitle);
          json_object_set_string_member (object, "match", match_name (result->match));
          json_array_add_object_element (array, object);
        }
      json_node_take_array (node, array);
      crm_cli_print_json (node);
      return CRM_CLI_OK;
    }

  if (results->len == 0)
    {
      printf (_("Nothing found for “%s”\n"), query);
      return CRM_CLI_OK;
    }

  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);

    g_ptr_array_add (rows, g_strdupv ((char *[]) { _("ID"), _("KIND"), _("NAME"), _("DETAILS"), NULL }));
    for (guint i = 0; i < results->len; i++)
      {
        const CrmSearchResult *result = g_ptr_array_index (results, i);
        g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, result->id);
        const char *kind = result->kind == CRM_ENTITY_DEAL ? _("deal")
                         : result->contact_kind == CRM_CONTACT_COMPANY ? _("company") : _("client");

        g_ptr_array_add (rows, g_strdupv ((char *[]) {
          id, (char *)kind, result->title, result->subtitle ? result->subtitle : (char *)"", NULL }));
      }
    crm_cli_print_table (rows, 4);
  }

  return CRM_CLI_OK;
}

static int
history (CrmCli  *cli,
         int      argc,
         char   **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(GPtrArray) entries_list = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (!crm_cli_parse_options (cli, "history", "ID", entries, &argc, &argv))
    return CRM_CLI_USAGE;
  if (argc != 2)
    return crm_cli_usage_error (cli, _("history needs the id of a client, deal, call or reminder"));
  if (!crm_cli_parse_id (argv[1], &id, &error))
    return crm_cli_fail (cli, error);

  entries_list = crm_store_list_history (cli->store, id, &error);
  if (entries_list == NULL)
    return crm_cli_fail (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < entries_list->len; i++)
        {
          const CrmHistoryEntry *entry = g_ptr_array_index (entries_list, i);
          JsonObject *object = json_object_new ();

          json_object_set_int_member (object, "id", entry->id);
          crm_cli_json_set_time (object, "at", entry->at);
          crm_cli_json_set_string (object, "by", entry->user_name);
          crm_cli_json_set_string (object, "field", entry->field);
          crm_cli_json_set_string (object, "old", entry->old_value);
          crm_cli_json_set_string (object, "new", entry->new_value);
          json_array_add_object_element (array, object);
        }
      json_node_take_array (node, array);
      crm_cli_print_json (node);
      return CRM_CLI_OK;
    }

  if (entries_list->len == 0)
    {
      printf (_("No history for %" PRId64 "\n"), id);
      return CRM_CLI_OK;
    }

  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);

    g_ptr_array_add (rows, g_strdupv ((char *[]) { _("WHEN"), _("BY"), _("FIELD"), _("FROM"), _("TO"), NULL }));
    for (guint i = 0; i < entries_list->len; i++)
      {
        const CrmHistoryEntry *entry = g_ptr_array_index (entries_list, i);
        g_autofree char *when = crm_time_format_short (entry->at);

        g_ptr_array_add (rows, g_strdupv ((char *[]) {
          when,
          entry->user_name ? entry->user_name : (char *)"",
          entry->field,
          entry->old_value ? entry->old_value : (char *)"",
          entry->new_value ? entry->new_value : (char *)"",
          NULL }));
      }
    crm_cli_print_table (rows, 5);
  }

  return CRM_CLI_OK;
}

static gboolean
parse_role (const char  *text,
            CrmRole     *out_role,
            GError     **error)
{
  static const char *names[] = { "admin", "head", "sales", "trainee" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (g_strcmp0 (text, names[i]) == 0)
        {
          *out_role = (CrmRole)i;
          return TRUE;
        }
    }

  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("--role is admin, head, sales or trainee; not “%s”"), text);
  return FALSE;
}

static int
user_add (CrmCli  *cli,
          int      argc,
          char   **argv)
{
  g_autofree char *name = NULL;
  g_autofree char *role = NULL;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("The employee’s full name"), N_("NAME") },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role, N_("admin, head, sales (the default) or trainee"), N_("ROLE") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  CrmRole user_role = CRM_ROLE_SALES;
  gint64 id;

  if (!crm_cli_parse_options (cli, "user add", "LOGIN", entries, &argc, &argv))
    return CRM_CLI_USAGE;
  if (argc != 2)
    return crm_cli_usage_error (cli, _("user add needs the new employee’s login"));
  if (role != NULL && !parse_role (role, &user_role, &error))
    return crm_cli_fail (cli, error);

  id = crm_store_add_user (cli->store, argv[1], name, user_role, &error);
  if (id == 0)
    return crm_cli_fail (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonObject) object = json_object_new ();

      json_object_set_int_member (object, "id", id);
      json_object_set_string_member (object, "login", argv[1]);
      crm_cli_json_set_string (object, "name", name ? name : argv[1]);
      crm_cli_print_object (object);
    }
  else
    printf ("%" G_GINT64_FORMAT "\n", id);

  return CRM_CLI_OK;
}

static int
user_list (CrmCli  *cli,
           int      argc,
           char   **argv)
{
  static const char *role_names[] = { "admin", "head", "sales", "trainee" };
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GError) error = NULL;

  if (!crm_cli_parse_options (cli, "user list", NULL, entries, &argc, &argv))
    return CRM_CLI_USAGE;

  users = crm_store_list_users (cli->store, &error);
  if (users == NULL)
    return crm_cli_fail (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < users->len; i++)
        {
          const CrmUser *user = g_ptr_array_index (users, i);
          JsonObject *object = json_object_new ();

          json_object_set_int_member (object, "id", user->id);
          json_object_set_string_member (object, "login", user->login);
          json_object_set_string_member (object, "name", user->name);
          json_object_set_string_member (object, "role", role_names[CLAMP (user->role, 0, 3)]);
          json_array_add_object_element (array, object);
        }
      json_node_take_array (node, array);
      crm_cli_print_json (node);
      return CRM_CLI_OK;
    }

  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);

    g_ptr_array_add (rows, g_strdupv ((char *[]) { _("LOGIN"), _("NAME"), _("ROLE"), NULL }));
    for (guint i = 0; i < users->len; i++)
      {
        const CrmUser *user = g_ptr_array_index (users, i);

        g_ptr_array_add (rows, g_strdupv ((char *[]) {
          user->login, user->name, (char *)role_names[CLAMP (user->role, 0, 3)], NULL }));
      }
    crm_cli_print_table (rows, 3);
  }

  return CRM_CLI_OK;
}

/* The kind of a trashed row in words for people; --json keeps the
 * machine names. */
static const char *
trash_kind_label (CrmEntityKind kind)
{
  switch (kind)
    {
    case CRM_ENTITY_CONTACT:    return _("client");
    case CRM_ENTITY_DEAL:       return _("deal");
    case CRM_ENTITY_ACTIVITY:   return _("call");
    case CRM_ENTITY_REMINDER:   return _("reminder");
    case CRM_ENTITY_ATTACHMENT: return _("document");
    case CRM_ENTITY_STAGE:      return _("stage");
    case CRM_ENTITY_PIPELINE:   return _("pipeline");
    case CRM_ENTITY_USER:       return _("employee");
    case CRM_ENTITY_ANY:
    default:                    return _("other");
    }
}

static int
trash_list (CrmCli  *cli,
            int      argc,
            char   **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  if (!crm_cli_parse_options (cli, "trash list", NULL, entries, &argc, &argv))
    return CRM_CLI_USAGE;

  items = crm_store_list_trash (cli->store, &error);
  if (items == NULL)
    return crm_cli_fail (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < items->len; i++)
        {
          const CrmTrashItem *item = g_ptr_array_index (items, i);
          JsonObject *object = json_object_new ();

          json_object_set_int_member (object, "id", item->id);
          json_object_set_string_member (object, "kind", crm_entity_kind_to_string (item->kind));
          json_object_set_string_member (object, "title", item->title);
          crm_cli_json_set_time (object, "deleted", item->deleted_at);
          crm_cli_json_set_string (object, "by", item->deleted_by);
          json_array_add_object_element (array, object);
        }
      json_node_take_array (node, array);
      crm_cli_print_json (node);
      return CRM_CLI_OK;
    }

  if (items->len == 0)
    {
      printf ("%s\n", _("The trash is empty"));
      return CRM_CLI_OK;
    }

  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);

    g_ptr_array_add (rows, g_strdupv ((char *[]) { _("ID"), _("KIND"), _("NAME"), _("DELETED"), _("BY"), NULL }));
    for (guint i = 0; i < items->len; i++)
      {
        const CrmTrashItem *item = g_ptr_array_index (items, i);
        g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, item->id);
        g_autofree char *when = crm_time_format_short (item->deleted_at);

        g_ptr_array_add (rows, g_strdupv ((char *[]) {
          id, (char *)trash_kind_label (item->kind), item->title, when,
          item->deleted_by ? item->deleted_by : (char *)"", NULL }));
      }
    crm_cli_print_table (rows, 5);
  }

  return CRM_CLI_OK;
}

static int
trash_empty (CrmCli  *cli,
             int      argc,
             char   **argv)
{
  g_autofree char *older = NULL;
  GOptionEntry entries[] = {
    { "older-than", 0, 0, G_OPTION_ARG_STRING, &older, N_("Only what was deleted before this time, e.g. -30d"), N_("TIME") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  gint64 before = G_MAXINT64;

  if (!crm_cli_parse_options (cli, "trash empty", NULL, entries, &argc, &argv))
    return CRM_CLI_USAGE;
  if (older != NULL && !crm_time_parse (older, &before, &error))
    return crm_cli_fail (cli, error);

  if (!crm_store_empty_trash (cli->store, before, &error))
    return crm_cli_fail (cli, error);

  return CRM_CLI_OK;
}

static void
demo_progress_cb (double   fraction,
                  gpointer user_data)
{
  gboolean *terminal = user_data;

  if (*terminal)
    {
      fprintf (stderr, "\r%s %3d%%", _("Creating demo data…"), (int)(fraction * 100));
      if (fraction >= 1.0)
        fputc ('\n', stderr);
    }
}

static int
demo (CrmCli  *cli,
      int      argc,
      char   **argv)
{
  g_autofree char *contacts = NULL;
  g_autofree char *deals = NULL;
  g_autofree char *calls = NULL;
  g_autofree char *reminders = NULL;
  g_autofree char *seed = NULL;
  GOptionEntry entries[] = {
    { "contacts", 0, 0, G_OPTION_ARG_STRING, &contacts, N_("How many clients (people and companies)"), N_("N") },
    { "deals", 0, 0, G_OPTION_ARG_STRING, &deals, N_("How many deals"), N_("N") },
    { "calls", 0, 0, G_OPTION_ARG_STRING, &calls, N_("How many calls"), N_("N") },
    { "reminders", 0, 0, G_OPTION_ARG_STRING, &reminders, N_("How many reminders"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed, N_("The same seed makes the same data"), N_("S") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  CrmDemoOptions options;
  gboolean terminal = isatty (STDERR_FILENO) && !cli->json;
  gint64 value;

  if (!crm_cli_parse_options (cli, "demo", NULL, entries, &argc, &argv))
    return CRM_CLI_USAGE;
  if (argc > 1)
    return crm_cli_usage_error (cli, _("demo takes no argument “%s”"), argv[1]);

  crm_demo_options_init (&options);
  if (contacts != NULL)
    {
      if (!crm_cli_parse_count (contacts, "--contacts", 10000000, &value, &error))
        return crm_cli_fail (cli, error);
      options.contacts = (guint)value;
    }
  if (deals != NULL)
    {
      if (!crm_cli_parse_count (deals, "--deals", 10000000, &value, &error))
        return crm_cli_fail (cli, error);
      options.deals = (guint)value;
    }
  if (calls != NULL)
    {
      if (!crm_cli_parse_count (calls, "--calls", 100000000, &value, &error))
        return crm_cli_fail (cli, error);
      options.calls = (guint)value;
    }
  if (reminders != NULL)
    {
      if (!crm_cli_parse_count (reminders, "--reminders", 10000000, &value, &error))
        return crm_cli_fail (cli, error);
      options.reminders = (guint)value;
    }
  if (seed != NULL)
    {
      if (!crm_cli_parse_count (seed, "--seed", G_MAXINT64, &value, &error))
        return crm_cli_fail (cli, error);
      options.seed = (guint64)value;
    }

  if (!crm_demo_generate (cli->store, &options, demo_progress_cb, &terminal, &error))
    return crm_cli_fail (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonObject) object = json_object_new ();

      json_object_set_int_member (object, "contacts", options.contacts);
      json_object_set_int_member (object, "deals", options.deals);
      json_object_set_int_member (object, "calls", options.calls);
      json_object_set_int_member (object, "reminders", options.reminders);
      json_object_set_int_member (object, "seed", (gint64)options.seed);
      crm_cli_print_object (object);
    }
  else
    printf (_("Added %u clients, %u deals, %u calls and %u reminders\n"),
            options.contacts, options.deals, options.calls, options.reminders);

  return CRM_CLI_OK;
}

const CrmCliCommand crm_cli_misc_commands[] = {
  { "search", NULL, search, N_("Find clients, companies and deals; phones in any format") },
  { "history", NULL, history, N_("Show who changed what, and when") },
  { "user", "add", user_add, N_("Add an employee") },
  { "user", "list", user_list, N_("List employees") },
  { "trash", "list", trash_list, N_("List what is in the trash") },
  { "trash", "empty", trash_empty, N_("Remove what is in the trash for good") },
  { "demo", NULL, demo, N_("Fill the database with realistic demo data") },
  { NULL }
};
