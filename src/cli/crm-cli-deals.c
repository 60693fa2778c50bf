/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele-cli"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <stdio.h>

#include "crm-cli-private.h"
#include "crm-deal-list.h"
#include "crm-money.h"
#include "crm-store-deals.h"
#include "crm-time.h"

static const char *
stage_kind_name (CrmStageKind kind)
{
  switch (kind)
    {
    case CRM_STAGE_WON:  return "won";
    case CRM_STAGE_LOST: return "lost";
    case CRM_STAGE_OPEN:
    default:             return "open";
    }
}

static JsonObject *
deal_to_json (CrmDeal *deal)
{
  JsonObject *object = json_object_new ();
  g_autofree char *amount = crm_money_to_decimal (crm_deal_get_amount (deal), crm_deal_get_currency (deal));

  json_object_set_int_member (object, "id", crm_deal_get_id (deal));
  crm_cli_json_set_string (object, "title", crm_deal_get_title (deal));
  if (crm_deal_get_contact_id (deal) != 0)
    json_object_set_int_member (object, "contact_id", crm_deal_get_contact_id (deal));
  else
    json_object_set_null_member (object, "contact_id");
  crm_cli_json_set_string (object, "contact", crm_deal_get_contact_name (deal));
  /* Exact decimal text, never a binary float: 12.50, not 12.5. */
  json_object_set_string_member (object, "amount", amount);
  json_object_set_int_member (object, "amount_minor", crm_deal_get_amount (deal));
  crm_cli_json_set_string (object, "currency", crm_deal_get_currency (deal));
  json_object_set_int_member (object, "stage_id", crm_deal_get_stage_id (deal));
  crm_cli_json_set_string (object, "stage", crm_deal_get_stage_name (deal));
  json_object_set_string_member (object, "stage_kind", stage_kind_name (crm_deal_get_stage_kind (deal)));
  json_object_set_int_member (object, "pipeline_id", crm_deal_get_pipeline_id (deal));
  json_object_set_int_member (object, "position", crm_deal_get_position (deal));
  crm_cli_json_set_string (object, "owner", crm_deal_get_owner_name (deal));
  crm_cli_json_set_string (object, "expected_close", crm_deal_get_expected_close (deal));
  crm_cli_json_set_string (object, "lost_reason", crm_deal_get_lost_reason (deal));
  json_object_set_array_member (object, "tags",
                                crm_cli_json_string_list ((const char * const *)crm_deal_get_tag_list (deal)));
  crm_cli_json_set_time (object, "next_reminder", crm_deal_get_next_reminder_at (deal));
  crm_cli_json_set_time (object, "created", crm_deal_get_created_at (deal));
  crm_cli_json_set_time (object, "updated", crm_deal_get_updated_at (deal));
  crm_cli_json_set_time (object, "stage_changed", crm_deal_get_stage_changed_at (deal));
  crm_cli_json_set_time (object, "deleted", crm_deal_get_deleted_at (deal));

  return object;
}

static void
print_deal (CrmCli  *cli,
            CrmDeal *deal)
{
  const char *labels[] = {
    _("Id"), _("Title"), _("Client"), _("Amount"), _("Stage"), _("Owner"),
    _("Expected close"), _("Lost reason"), _("Tags"), _("Next reminder"),
    _("Created"), _("Updated"), _("In the trash since"),
  };
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, crm_deal_get_id (deal));
  g_autofree char *amount = crm_money_format (crm_deal_get_amount (deal), crm_deal_get_currency (deal));
  g_autofree char *reminder = NULL;
  g_autofree char *created = crm_time_format_short (crm_deal_get_created_at (deal));
  g_autofree char *updated = crm_time_format_short (crm_deal_get_updated_at (deal));
  g_autofree char *deleted = NULL;

  if (cli->json)
    {
      g_autoptr(JsonObject) object = deal_to_json (deal);

      crm_cli_print_object (object);
      return;
    }

  if (crm_deal_get_next_reminder_at (deal) != 0)
    reminder = crm_time_format_short (crm_deal_get_next_reminder_at (deal));
  if (crm_deal_get_deleted_at (deal) != 0)
    deleted = crm_time_format_short (crm_deal_get_deleted_at (deal));

  {
    const char *values[] = {
      id, crm_deal_get_title (deal), crm_deal_get_contact_name (deal), amount,
      crm_deal_get_stage_name (deal), crm_deal_get_owner_name (deal),
      crm_deal_get_expected_close (deal), crm_deal_get_lost_reason (deal),
      crm_deal_get_tags (deal), reminder, created, updated, deleted,
    };

    G_STATIC_ASSERT (G_N_ELEMENTS (labels) == G_N_ELEMENTS (values));
    crm_cli_print_fields (labels, values, G_N_ELEMENTS (labels));
  }
}

/* The pipeline named by --pipeline, or the default one. */
static gint64
resolve_pipeline (CrmCli      *cli,
                  const char  *name,
                  GError     **error)
{
  if (name == NULL)
    return crm_store_get_default_pipeline (cli->store, error);

  return crm_store_find_pipeline (cli->store, name, error);
}

/* A stage by name inside the pipeline, or by id. */
static gint64
resolve_stage (CrmCli      *cli,
               gint64       pipeline_id,
               const char  *text,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gint64 id = crm_store_find_stage (cli->store, pipeline_id, text, &local_error);
  guint64 number;

  if (id != 0)
    return id;

  if (g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &number, NULL))
    {
      g_autoptr(CrmStage) stage = crm_store_get_stage (cli->store, (gint64)number, NULL);

      if (stage != NULL)
        return crm_stage_get_id (stage);
    }

  g_propagate_error (error, g_steal_pointer (&local_error));
  return 0;
}

static int
deal_add (CrmCli  *cli,
          int      argc,
          char   **argv)
{
  g_autofree char *title = NULL;
  g_autofree char *contact = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *currency = NULL;
  g_autofree char *pipeline = NULL;
  g_autofree char *stage = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *close = NULL;
  g_auto(GStrv) tags = NULL;
  GOptionEntry entries[] = {
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("What is being sold"), N_("TITLE") },
    { "contact", 0, 0, G_OPTION_ARG_STRING, &contact, N_("The client’s id"), N_("ID") },
    { "amount", 0, 0, G_OPTION_ARG_STRING, &amount, N_("The amount, e.g. 12.50"), N_("AMOUNT") },
    { "currency", 0, 0, G_OPTION_ARG_STRING, &currency, N_("ISO 4217 code (default EUR)"), N_("CODE") },
    { "pipeline", 0, 0, G_OPTION_ARG_STRING, &pipeline, N_("The pipeline (default: the first)"), N_("NAME") },
    { "stage", 0, 0, G_OPTION_ARG_STRING, &stage, N_("The stage (default: the first)"), N_("NAME") },
    { "owner", 0, 0, G_OPTION_ARG_STRING, &owner, N_("The employee responsible"), N_("LOGIN") },
    { "close", 0, 0, G_OPTION_ARG_STRING, &close, N_("Expected close date"), N_("YYYY-MM-DD") },
    { "tag", 0, 0, G_OPTION_ARG_STRING_ARRAY, &tags, N_("A tag"), N_("TAG") },
    { NULL }
  };
  g_autoptr(CrmDeal) deal = crm_deal_new ();
  g_autoptr(GError) error = NULL;
  gint64 pipeline_id = 0;

  if (!crm_cli_parse_options (cli, "deal add", NULL, entries, &argc, &argv))
    return CRM_CLI_USAGE;
  if (argc > 1)
    return crm_cli_usage_error (cli, _("deal add takes no argument “%s”; use --title"), argv[1]);
  if (title == NULL)
    return crm_cli_usage_error (cli, _("deal add needs --title"));

  crm_deal_set_title (deal, title);
  crm_deal_set_expected_close (deal, close);
  crm_deal_set_tag_list (deal, (const char * const *)tags);

  if (currency != NULL)
    {
      g_autofree char *upper = g_ascii_strup (currency, -1);

      if (!crm_money_currency_is_valid (upper))
        return crm_cli_fail_message (cli, _("“%s” is not a currency code such as EUR"), currency);
      crm_deal_set_currency (deal, upper);
    }
  else
    crm_deal_set_currency (deal, crm_store_get_default_currency (cli->store));

  if (amount != NULL)
    {
      gint64 minor;

      if (!crm_money_parse (amount, crm_deal_get_currency (deal), &minor, &error))
        return crm_cli_fail (cli, error);
      crm_deal_set_amount (deal, minor);
    }

  if (contact != NULL)
    {
      gint64 contact_id;

      if (!crm_cli_parse_id (contact, &contact_id, &error))
        return crm_cli_fail (cli, error);
      crm_deal_set_contact_id (deal, contact_id);
    }

  if (pipeline != NULL || stage != NULL)
    {
      pipeline_id = resolve_pipeline (cli, pipeline, &error);
      if (pipeline_id == 0)
        return crm_cli_fail (cli, error);
    }

  if (stage != NULL)
    {
      gint64 stage_id = resolve_stage (cli, pipeline_id, stage, &error);

      if (stage_id == 0)
        return crm_cli_fail (cli, error);
      crm_deal_set_stage_id (deal, stage_id);
    }
  else if (pipeline != NULL)
    {
      g_autoptr(GPtrArray) stages = crm_store_list_stages_uncounted (cli->store, pipeline_id, &error);

      if (stages == NULL)
        return crm_cli_fail (cli, error);
      if (stages->len > 0)
        crm_deal_set_stage_id (deal, crm_stage_get_id (g_ptr_array_index (stages, 0)));
    }

  if (owner != NULL)
    {
      gint64 owner_id = crm_cli_find_user (cli, owner, &error);

      if (owner_id == 0)
        return crm_cli_fail (cli, error);
      crm_deal_set_owner_id (deal, owner_id);
    }

  if (crm_store_add_deal (cli->store, deal, &error) == 0)
    return crm_cli_fail (cli, error);

  if (cli->json)
    {
      g_autoptr(CrmDeal) stored = crm_store_get_deal (cli->store, crm_deal_get_id (deal), &error);

      if (stored == NULL)
        return crm_cli_fail (cli, error);
      print_deal (cli, stored);
    }
  else
    printf ("%" G_GINT64_FORMAT "\n", crm_deal_get_id (deal));

  return CRM_CLI_OK;
}

static CrmDeal *
load_deal_argument (CrmCli      *cli,
                    int          argc,
                    char       **argv,
                    const char  *command,
                    int         *status)
{
  return crm_cli_load_argument (cli, argc, argv, (CrmCliLoadFunc)crm_store_get_deal, status,
                                _("%s needs one deal id"), command);
}

static int
deal_show (CrmCli  *cli,
           int      argc,
           char   **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(CrmDeal) deal = NULL;
  g_autoptr(GPtrArray) moves = NULL;
  g_autoptr(GError) error = NULL;
  int status = CRM_CLI_OK;

  if (!crm_cli_parse_options (cli, "deal show", "ID", entries, &argc, &argv))
    return CRM_CLI_USAGE;

  deal = load_deal_argument (cli, argc, argv, "deal show", &status);
  if (deal == NULL)
    return status;

  moves = crm_store_list_stage_moves (cli->store, crm_deal_get_id (deal), &error);
  if (moves == NULL)
    return crm_cli_fail (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonObject) object = deal_to_json (deal);
      JsonArray *path = json_array_new ();

      for (guint i = 0; i < moves->len; i++)
        {
          CrmStageMove *move = g_ptr_array_index (moves, i);
          JsonObject *step = json_object_new ();

          crm_cli_json_set_string (step, "stage", move->to_stage_name);
          crm_cli_json_set_string (step, "from", move->from_stage_name);
          crm_cli_json_set_time (step, "at", move->at);
          crm_cli_json_set_time (step, "left", move->left_at);
          crm_cli_json_set_string (step, "by", move->user_name);
          json_array_add_object_element (path, step);
        }
      json_object_set_array_member (object, "path", path);
      crm_cli_print_object (object);
      return CRM_CLI_OK;
    }

  print_deal (cli, deal);
  if (moves->len > 0)
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);

      printf ("\n%s\n", _("Path through the funnel:"));
      g_ptr_array_add (rows, g_strdupv ((char *[]) { _("STAGE"), _("SINCE"), _("TIME THERE"), _("BY"), NULL }));
      for (guint i = 0; i < moves->len; i++)
        {
          CrmStageMove *move = g_ptr_array_index (moves, i);
          gint64 end = move->left_at != 0 ? move->left_at : crm_time_now_ms ();
          g_autofree char *since = crm_time_format_short (move->at);
          g_autofree char *spent = NULL;
          gint64 minutes = MAX (0, (end - move->at) / 60000);

          if (minutes >= 24 * 60)
            spent = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " day",
                                                  "%" PRId64 " days", minutes / (24 * 60)),
                                     minutes / (24 * 60));
          else if (minutes >= 60)
            spent = g_strdup_printf (_("%" PRId64 " h %" PRId64 " min"),
                                     minutes / 60, minutes % 60);
          else
            spent = g_strdup_printf (_("%" PRId64 " min"), minutes);

          g_ptr_array_add (rows, g_strdupv ((char *[]) {
            move->to_stage_name, since, spent, move->user_name ? move->user_name : (char *)"", NULL }));
        }
      crm_cli_print_table (rows, 4);
    }

  return CRM_CLI_OK;
}

static int
deal_move (CrmCli  *cli,
           int      argc,
           char   **argv)
{
  g_autofree char *stage = NULL;
  g_autofree char *before = NULL;
  GOptionEntry entries[] = {
    { "stage", 0, 0, G_OPTION_ARG_STRING, &stage, N_("The stage to move the deal to"), N_("NAME") },
    { "before", 0, 0, G_OPTION_ARG_STRING, &before, N_("Place it before this deal (default: last)"), N_("ID") },
    { NULL }
  };
  g_autoptr(CrmDeal) deal = NULL;
  g_autoptr(CrmDeal) moved = NULL;
  g_autoptr(GError) error = NULL;
  gint64 stage_id;
  gint64 before_id = 0;
  int status = CRM_CLI_OK;

  if (!crm_cli_parse_options (cli, "deal move", "ID", entries, &argc, &argv))
    return CRM_CLI_USAGE;
  if (stage == NULL)
    return crm_cli_usage_error (cli, _("deal move needs --stage"));

  deal = load_deal_argument (cli, argc, argv, "deal move", &status);
  if (deal == NULL)
    return status;

  stage_id = resolve_stage (cli, crm_deal_get_pipeline_id (deal), stage, &error);
  if (stage_id == 0)
    return crm_cli_fail (cli, error);

  if (before != NULL && !crm_cli_parse_id (before, &before_id, &error))
    return crm_cli_fail (cli, error);

  if (!crm_store_move_deal (cli->store, crm_deal_get_id (deal), stage_id, before_id, &error))
    return crm_cli_fail (cli, error);

  moved = crm_store_get_deal (cli->store, crm_deal_get_id (deal), &error);
  if (moved == NULL)
    return crm_cli_fail (cli, error);

  if (cli->json)
    print_deal (cli, moved);
  else
    printf (_("“%s” is now in %s\n"), crm_deal_get_title (moved), crm_deal_get_stage_name (moved));

  return CRM_CLI_OK;
}

/* Both `deal delete` and `deal restore`; argv[0] is the verb. */
static int
deal_trash_or_restore (CrmCli  *cli,
                       int      argc,
                       char   **argv)
{
  GOptionEntry entries[] = { { NULL } };
  gboolean restore = g_str_equal (argv[0], "restore");
  const char *command = restore ? "deal restore" : "deal delete";
  g_autoptr(CrmDeal) deal = NULL;
  int status = CRM_CLI_OK;

  if (!crm_cli_parse_options (cli, command, "ID", entries, &argc, &argv))
    return CRM_CLI_USAGE;

  deal = load_deal_argument (cli, argc, argv, command, &status);
  if (deal == NULL)
    return status;

  return crm_cli_trash_or_restore (cli, restore ? crm_store_restore_deal : crm_store_delete_deal,
                                   restore, crm_deal_get_id (deal),
                                   "title", crm_deal_get_title (deal));
}

static gboolean
parse_deal_sort (const char   *text,
                 CrmDealSort  *out_sort,
                 GError      **error)
{
  static const struct { const char *name; CrmDealSort sort; } sorts[] = {
    { "updated", CRM_DEAL_SORT_UPDATED },
    { "title", CRM_DEAL_SORT_TITLE },
    { "amount", CRM_DEAL_SORT_AMOUNT },
    { "created", CRM_DEAL_SORT_CREATED },
    { "stage", CRM_DEAL_SORT_STAGE },
    { "client", CRM_DEAL_SORT_CLIENT },
    { "owner", CRM_DEAL_SORT_OWNER },
    { "reminder", CRM_DEAL_SORT_NEXT_REMINDER },
    { "close", CRM_DEAL_SORT_EXPECTED_CLOSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (sorts); i++)
    {
      if (g_strcmp0 (text, sorts[i].name) == 0)
        {
          *out_sort = sorts[i].sort;
          return TRUE;
        }
    }

  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("--sort is one of updated, title, amount, created, stage, client, owner, reminder, close; not “%s”"),
               text);
  return FALSE;
}

static char **
deal_to_row (gpointer item)
{
  CrmDeal *deal = item;
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, crm_deal_get_id (deal));
  g_autofree char *amount = crm_money_format (crm_deal_get_amount (deal), crm_deal_get_currency (deal));

  return g_strdupv ((char *[]) {
    id,
    (char *)crm_deal_get_title (deal),
    (char *)(crm_deal_get_contact_name (deal) ? crm_deal_get_contact_name (deal) : ""),
    (char *)(crm_deal_get_stage_name (deal) ? crm_deal_get_stage_name (deal) : ""),
    amount,
    (char *)(crm_deal_get_owner_name (deal) ? crm_deal_get_owner_name (deal) : ""),
    NULL });
}

static int
deal_list (CrmCli  *cli,
           int      argc,
           char   **argv)
{
  g_autofree char *pipeline = NULL;
  g_autofree char *stage = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *contact = NULL;
  g_autofree char *tag = NULL;
  g_autofree char *min_amount = NULL;
  g_autofree char *max_amount = NULL;
  g_autofree char *sort = NULL;
  gboolean open_only = FALSE;
  gboolean ascending = FALSE;
  gboolean descending = FALSE;
  GOptionEntry entries[] = {
    { "pipeline", 0, 0, G_OPTION_ARG_STRING, &pipeline, N_("Only deals of this pipeline"), N_("NAME") },
    { "stage", 0, 0, G_OPTION_ARG_STRING, &stage, N_("Only deals in this stage"), N_("NAME") },
    { "owner", 0, 0, G_OPTION_ARG_STRING, &owner, N_("Only deals of this employee"), N_("LOGIN") },
    { "contact", 0, 0, G_OPTION_ARG_STRING, &contact, N_("Only deals of this client"), N_("ID") },
    { "tag", 0, 0, G_OPTION_ARG_STRING, &tag, N_("Only deals with this tag"), N_("TAG") },
    { "min-amount", 0, 0, G_OPTION_ARG_STRING, &min_amount, N_("Only deals of at least this amount"), N_("AMOUNT") },
    { "max-amount", 0, 0, G_OPTION_ARG_STRING, &max_amount, N_("Only deals of at most this amount"), N_("AMOUNT") },
    { "open", 0, 0, G_OPTION_ARG_NONE, &open_only, N_("Only open deals (not won or lost)"), NULL },
    { "sort", 0, 0, G_OPTION_ARG_STRING, &sort, N_("updated, title, amount, created, stage, client, owner, reminder or close"), N_("KEY") },
    { "ascending", 0, 0, G_OPTION_ARG_NONE, &ascending, N_("Smallest or oldest first"), NULL },
    { "descending", 0, 0, G_OPTION_ARG_NONE, &descending, N_("Largest or newest first"), NULL },
    { NULL }
  };
  g_auto(CrmCliPage) page = CRM_CLI_PAGE_INIT;
  g_autoptr(CrmDealList) list = NULL;
  g_autoptr(GError) error = NULL;
  CrmDealFilter filter;
  CrmDealSort sort_key = CRM_DEAL_SORT_UPDATED;
  gboolean sort_descending;

  if (!crm_cli_parse_list_options (cli, "deal list", entries, &page, &argc, &argv))
    return CRM_CLI_USAGE;
  if (argc > 1)
    return crm_cli_usage_error (cli, _("deal list takes no argument “%s”"), argv[1]);
  if (ascending && descending)
    return crm_cli_usage_error (cli, _("--ascending and --descending contradict each other"));

  if (!crm_cli_page_parse (&page, &error) ||
      (sort != NULL && !parse_deal_sort (sort, &sort_key, &error)))
    return crm_cli_fail (cli, error);

  /* Recently changed deals come first; names read best A to Z. */
  sort_descending = sort_key == CRM_DEAL_SORT_UPDATED || sort_key == CRM_DEAL_SORT_CREATED ||
                    sort_key == CRM_DEAL_SORT_AMOUNT;
  if (ascending)
    sort_descending = FALSE;
  else if (descending)
    sort_descending = TRUE;

  crm_deal_filter_init (&filter);
  filter.open_only = open_only;
  filter.tag = g_strdup (tag);

  if (pipeline != NULL || stage != NULL)
    {
      filter.pipeline_id = resolve_pipeline (cli, pipeline, &error);
      if (filter.pipeline_id == 0)
        goto failed;
    }
  if (stage != NULL)
    {
      filter.stage_id = resolve_stage (cli, filter.pipeline_id, stage, &error);
      if (filter.stage_id == 0)
        goto failed;
    }
  if (owner != NULL)
    {
      filter.owner_id = crm_cli_find_user (cli, owner, &error);
      if (filter.owner_id == 0)
        goto failed;
    }
  if (contact != NULL && !crm_cli_parse_id (contact, &filter.contact_id, &error))
    goto failed;
  if (min_amount != NULL &&
      !crm_money_parse (min_amount, crm_store_get_default_currency (cli->store), &filter.amount_min, &error))
    goto failed;
  if (max_amount != NULL &&
      !crm_money_parse (max_amount, crm_store_get_default_currency (cli->store), &filter.amount_max, &error))
    goto failed;

  list = crm_deal_list_new (cli->store);
  crm_deal_list_set_sort (list, sort_key, sort_descending);
  crm_deal_list_set_filter (list, &filter);
  crm_deal_filter_clear (&filter);

  crm_cli_print_list (cli, G_LIST_MODEL (list), &page, (CrmCliJsonFunc)deal_to_json, deal_to_row,
                      (const char *[]) { _("ID"), _("TITLE"), _("CLIENT"), _("STAGE"), _("AMOUNT"), _("OWNER"), NULL },
                      _("No deals"));
  return CRM_CLI_OK;

failed:
  crm_deal_filter_clear (&filter);
  return crm_cli_fail (cli, error);
}

static JsonObject *
stage_to_json (CrmStage *stage)
{
  JsonObject *object = json_object_new ();
  g_autofree char *amount = crm_money_to_decimal (crm_stage_get_amount_total (stage), "EUR");

  json_object_set_int_member (object, "id", crm_stage_get_id (stage));
  json_object_set_int_member (object, "pipeline_id", crm_stage_get_pipeline_id (stage));
  crm_cli_json_set_string (object, "name", crm_stage_get_name (stage));
  json_object_set_int_member (object, "position", crm_stage_get_position (stage));
  crm_cli_json_set_string (object, "color", crm_stage_get_color (stage));
  json_object_set_string_member (object, "kind", stage_kind_name (crm_stage_get_kind (stage)));
  json_object_set_int_member (object, "deals", crm_stage_get_deal_count (stage));
  json_object_set_string_member (object, "amount", amount);

  return object;
}

static int
stage_list (CrmCli  *cli,
            int      argc,
            char   **argv)
{
  g_autofree char *pipeline = NULL;
  GOptionEntry entries[] = {
    { "pipeline", 0, 0, G_OPTION_ARG_STRING, &pipeline, N_("The pipeline (default: the first)"), N_("NAME") },
    { NULL }
  };
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(GError) error = NULL;
  gint64 pipeline_id;

  if (!crm_cli_parse_options (cli, "stage list", NULL, entries, &argc, &argv))
    return CRM_CLI_USAGE;
  if (argc > 1)
    return crm_cli_usage_error (cli, _("stage list takes no argument “%s”"), argv[1]);

  pipeline_id = resolve_pipeline (cli, pipeline, &error);
  if (pipeline_id == 0)
    return crm_cli_fail (cli, error);

  stages = crm_store_list_stages (cli->store, pipeline_id, &error);
  if (stages == NULL)
    return crm_cli_fail (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < stages->len; i++)
        json_array_add_object_element (array, stage_to_json (g_ptr_array_index (stages, i)));
      json_node_take_array (node, array);
      crm_cli_print_json (node);
    }
  else
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);

      g_ptr_array_add (rows, g_strdupv ((char *[]) { _("ID"), _("STAGE"), _("KIND"), _("DEALS"), _("AMOUNT"), NULL }));
      for (guint i = 0; i < stages->len; i++)
        {
          CrmStage *stage = g_ptr_array_index (stages, i);
          g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, crm_stage_get_id (stage));
          g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, crm_stage_get_deal_count (stage));
          g_autofree char *amount = crm_money_format (crm_stage_get_amount_total (stage),
                                                      crm_store_get_default_currency (cli->store));
          const char *kind = crm_stage_get_kind (stage) == CRM_STAGE_WON ? _("won")
                           : crm_stage_get_kind (stage) == CRM_STAGE_LOST ? _("lost") : _("open");

          g_ptr_array_add (rows, g_strdupv ((char *[]) {
            id, (char *)crm_stage_get_name (stage), (char *)kind, count, amount, NULL }));
        }
      crm_cli_print_table (rows, 5);
    }

  return CRM_CLI_OK;
}

static gboolean
parse_stage_kind (const char    *text,
                  CrmStageKind  *out_kind,
                  GError       **error)
{
  if (g_strcmp0 (text, "open") == 0)
    *out_kind = CRM_STAGE_OPEN;
  else if (g_strcmp0 (text, "won") == 0)
    *out_kind = CRM_STAGE_WON;
  else if (g_strcmp0 (text, "lost") == 0)
    *out_kind = CRM_STAGE_LOST;
  else
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--kind is open, won or lost; not “%s”"), text);
      return FALSE;
    }

  return TRUE;
}

static int
stage_add (CrmCli  *cli,
           int      argc,
           char   **argv)
{
  g_autofree char *pipeline = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *color = NULL;
  g_autofree char *position_text = NULL;
  GOptionEntry entries[] = {
    { "pipeline", 0, 0, G_OPTION_ARG_STRING, &pipeline, N_("The pipeline (default: the first)"), N_("NAME") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_("open (the default), won or lost"), N_("KIND") },
    { "color", 0, 0, G_OPTION_ARG_STRING, &color, N_("Colour as #rrggbb"), N_("COLOR") },
    { "position", 0, 0, G_OPTION_ARG_STRING, &position_text, N_("Place (0 is first); default after the open stages"), N_("N") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  CrmStageKind stage_kind = CRM_STAGE_OPEN;
  gint64 pipeline_id;
  gint64 position = -1;
  gint64 id;

  if (!crm_cli_parse_options (cli, "stage add", "NAME", entries, &argc, &argv))
    return CRM_CLI_USAGE;
  if (argc != 2)
    return crm_cli_usage_error (cli, _("stage add needs the new stage’s name"));

  if ((kind != NULL && !parse_stage_kind (kind, &stage_kind, &error)) ||
      (position_text != NULL && !crm_cli_parse_count (position_text, "--position", 1000, &position, &error)))
    return crm_cli_fail (cli, error);

  pipeline_id = resolve_pipeline (cli, pipeline, &error);
  if (pipeline_id == 0)
    return crm_cli_fail (cli, error);

  id = crm_store_add_stage (cli->store, pipeline_id, argv[1], stage_kind,
                            color ? color : "#3584e4", (int)position, &error);
  if (id == 0)
    return crm_cli_fail (cli, error);

  if (cli->json)
    {
      g_autoptr(CrmStage) stage = crm_store_get_stage (cli->store, id, &error);
      g_autoptr(JsonObject) object = NULL;

      if (stage == NULL)
        return crm_cli_fail (cli, error);
      object = stage_to_json (stage);
      crm_cli_print_object (object);
    }
  else
    printf ("%" G_GINT64_FORMAT "\n", id);

  return CRM_CLI_OK;
}

static int
stage_rename (CrmCli  *cli,
              int      argc,
              char   **argv)
{
  g_autofree char *pipeline = NULL;
  GOptionEntry entries[] = {
    { "pipeline", 0, 0, G_OPTION_ARG_STRING, &pipeline, N_("The pipeline (default: the first)"), N_("NAME") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  gint64 pipeline_id;
  gint64 stage_id;

  if (!crm_cli_parse_options (cli, "stage rename", "STAGE NEW-NAME", entries, &argc, &argv))
    return CRM_CLI_USAGE;
  if (argc != 3)
    return crm_cli_usage_error (cli, _("stage rename needs the stage and its new name"));

  pipeline_id = resolve_pipeline (cli, pipeline, &error);
  if (pipeline_id == 0 ||
      (stage_id = resolve_stage (cli, pipeline_id, argv[1], &error)) == 0 ||
      !crm_store_rename_stage (cli->store, stage_id, argv[2], &error))
    return crm_cli_fail (cli, error);

  return CRM_CLI_OK;
}

static int
stage_reorder (CrmCli  *cli,
               int      argc,
               char   **argv)
{
  g_autofree char *pipeline = NULL;
  g_autofree char *position_text = NULL;
  GOptionEntry entries[] = {
    { "pipeline", 0, 0, G_OPTION_ARG_STRING, &pipeline, N_("The pipeline (default: the first)"), N_("NAME") },
    { "position", 0, 0, G_OPTION_ARG_STRING, &position_text, N_("The new place, 0 is first"), N_("N") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  gint64 pipeline_id;
  gint64 stage_id;
  gint64 position;

  if (!crm_cli_parse_options (cli, "stage reorder", "STAGE --position N", entries, &argc, &argv))
    return CRM_CLI_USAGE;
  if (argc != 2)
    return crm_cli_usage_error (cli, _("stage reorder needs the stage"));
  if (position_text == NULL)
    return crm_cli_usage_error (cli, _("stage reorder needs --position"));

  if (!crm_cli_parse_count (position_text, "--position", 1000, &position, &error))
    return crm_cli_fail (cli, error);

  pipeline_id = resolve_pipeline (cli, pipeline, &error);
  if (pipeline_id == 0 ||
      (stage_id = resolve_stage (cli, pipeline_id, argv[1], &error)) == 0 ||
      !crm_store_reorder_stage (cli->store, stage_id, (int)position, &error))
    return crm_cli_fail (cli, error);

  return CRM_CLI_OK;
}

static int
stage_delete (CrmCli  *cli,
              int      argc,
              char   **argv)
{
  g_autofree char *pipeline = NULL;
  g_autofree char *move_to = NULL;
  GOptionEntry entries[] = {
    { "pipeline", 0, 0, G_OPTION_ARG_STRING, &pipeline, N_("The pipeline (default: the first)"), N_("NAME") },
    { "move-to", 0, 0, G_OPTION_ARG_STRING, &move_to, N_("Move the stage’s deals to this stage"), N_("STAGE") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  gint64 pipeline_id;
  gint64 stage_id;
  gint64 target_id = 0;

  if (!crm_cli_parse_options (cli, "stage delete", "STAGE", entries, &argc, &argv))
    return CRM_CLI_USAGE;
  if (argc != 2)
    return crm_cli_usage_error (cli, _("stage delete needs the stage"));

  pipeline_id = resolve_pipeline (cli, pipeline, &error);
  if (pipeline_id == 0 ||
      (stage_id = resolve_stage (cli, pipeline_id, argv[1], &error)) == 0 ||
      (move_to != NULL && (target_id = resolve_stage (cli, pipeline_id, move_to, &error)) == 0) ||
      !crm_store_delete_stage (cli->store, stage_id, target_id, &error))
    return crm_cli_fail (cli, error);

  return CRM_CLI_OK;
}

static int
pipeline_list (CrmCli  *cli,
               int      argc,
               char   **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(GPtrArray) pipelines = NULL;
  g_autoptr(GError) error = NULL;

  if (!crm_cli_parse_options (cli, "pipeline list", NULL, entries, &argc, &argv))
    return CRM_CLI_USAGE;

  pipelines = crm_store_list_pipelines (cli->store, &error);
  if (pipelines == NULL)
    return crm_cli_fail (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < pipelines->len; i++)
        {
          CrmPipeline *pipeline = g_ptr_array_index (pipelines, i);
          JsonObject *object = json_object_new ();

          json_object_set_int_member (object, "id", crm_pipeline_get_id (pipeline));
          json_object_set_string_member (object, "name", crm_pipeline_get_name (pipeline));
          json_array_add_object_element (array, object);
        }
      json_node_take_array (node, array);
      crm_cli_print_json (node);
    }
  else
    {
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);

      g_ptr_array_add (rows, g_strdupv ((char *[]) { _("ID"), _("PIPELINE"), NULL }));
      for (guint i = 0; i < pipelines->len; i++)
        {
          CrmPipeline *pipeline = g_ptr_array_index (pipelines, i);
          g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, crm_pipeline_get_id (pipeline));

          g_ptr_array_add (rows, g_strdupv ((char *[]) { id, (char *)crm_pipeline_get_name (pipeline), NULL }));
        }
      crm_cli_print_table (rows, 2);
    }

  return CRM_CLI_OK;
}

static int
pipeline_add (CrmCli  *cli,
              int      argc,
              char   **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (!crm_cli_parse_options (cli, "pipeline add", "NAME", entries, &argc, &argv))
    return CRM_CLI_USAGE;
  if (argc != 2)
    return crm_cli_usage_error (cli, _("pipeline add needs the new pipeline’s name"));

  id = crm_store_add_pipeline (cli->store, argv[1], &error);
  if (id == 0)
    return crm_cli_fail (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonObject) object = json_object_new ();

      json_object_set_int_member (object, "id", id);
      json_object_set_string_member (object, "name", argv[1]);
      crm_cli_print_object (object);
    }
  else
    printf ("%" G_GINT64_FORMAT "\n", id);

  return CRM_CLI_OK;
}

const CrmCliCommand crm_cli_deal_commands[] = {
  { "deal", "add", deal_add, N_("Add a deal") },
  { "deal", "list", deal_list, N_("List deals") },
  { "deal", "show", deal_show, N_("Show a deal and its path through the funnel") },
  { "deal", "move", deal_move, N_("Move a deal to another stage") },
  { "deal", "delete", deal_trash_or_restore, N_("Move a deal to the trash") },
  { "deal", "restore", deal_trash_or_restore, N_("Bring a deal back from the trash") },
  { "stage", "list", stage_list, N_("List the stages of a pipeline") },
  { "stage", "add", stage_add, N_("Add a stage") },
  { "stage", "rename", stage_rename, N_("Rename a stage") },
  { "stage", "reorder", stage_reorder, N_("Move a stage to another place") },
  { "stage", "delete", stage_delete, N_("Delete a stage, moving its deals") },
  { "pipeline", "list", pipeline_list, N_("List pipelines") },
  { "pipeline", "add", pipeline_add, N_("Add a pipeline") },
  { NULL }
};
