/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "crm-cli-private.h"
#include "crm-store-activities.h"
#include "crm-time.h"

static JsonObject *
activity_to_json (CrmActivity *activity)
{
  JsonObject *object = json_object_new ();
  static const char *kinds[] = { "call", "note", "meeting", "task" };

  json_object_set_int_member (object, "id", crm_activity_get_id (activity));
  json_object_set_string_member (object, "kind", kinds[CLAMP (crm_activity_get_kind (activity), 0, 3)]);
  if (crm_activity_get_contact_id (activity) != 0)
    json_object_set_int_member (object, "contact_id", crm_activity_get_contact_id (activity));
  else
    json_object_set_null_member (object, "contact_id");
  crm_cli_json_set_string (object, "contact", crm_activity_get_contact_name (activity));
  if (crm_activity_get_deal_id (activity) != 0)
    json_object_set_int_member (object, "deal_id", crm_activity_get_deal_id (activity));
  else
    json_object_set_null_member (object, "deal_id");
  crm_cli_json_set_string (object, "user", crm_activity_get_user_name (activity));
  json_object_set_string_member (object, "direction",
                                 crm_activity_get_direction (activity) == CRM_CALL_INCOMING ? "in" : "out");
  crm_cli_json_set_time (object, "at", crm_activity_get_started_at (activity));
  json_object_set_int_member (object, "duration", crm_activity_get_duration (activity));
  crm_cli_json_set_string (object, "outcome", crm_activity_get_outcome (activity));
  crm_cli_json_set_string (object, "key_points", crm_activity_get_key_points (activity));
  json_object_set_array_member (object, "tags",
                                crm_cli_json_string_list ((const char * const *)crm_activity_get_tag_list (activity)));
  crm_cli_json_set_string (object, "recording", crm_activity_get_recording_path (activity));

  return object;
}

/* A call may name its client and its deal; a reminder is about one of
 * them. */
static gboolean
parse_target (CrmCli      *cli,
              const char  *contact,
              const char  *deal,
              gboolean     both_allowed,
              const char  *command,
              gint64      *out_contact,
              gint64      *out_deal,
              int         *status)
{
  g_autoptr(GError) error = NULL;

  *out_contact = 0;
  *out_deal = 0;

  if ((contact == NULL && deal == NULL) ||
      (!both_allowed && contact != NULL && deal != NULL))
    {
      *status = crm_cli_usage_error (cli, _("%s needs either --contact or --deal"), command);
      return FALSE;
    }

  if ((contact != NULL && !crm_cli_parse_id (contact, out_contact, &error)) ||
      (deal != NULL && !crm_cli_parse_id (deal, out_deal, &error)))
    {
      *status = crm_cli_fail (cli, error);
      return FALSE;
    }

  return TRUE;
}

static int
call_log (CrmCli  *cli,
          int      argc,
          char   **argv)
{
  g_autofree char *contact = NULL;
  g_autofree char *deal = NULL;
  g_autofree char *direction = NULL;
  g_autofree char *at = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *outcome = NULL;
  g_autofree char *points = NULL;
  g_autofree char *recording = NULL;
  g_autofree char *user = NULL;
  g_auto(GStrv) tags = NULL;
  GOptionEntry entries[] = {
    { "contact", 0, 0, G_OPTION_ARG_STRING, &contact, N_("The client’s id"), N_("ID") },
    { "deal", 0, 0, G_OPTION_ARG_STRING, &deal, N_("The deal’s id"), N_("ID") },
    { "direction", 0, 0, G_OPTION_ARG_STRING, &direction, N_("out (the default) or in"), N_("DIRECTION") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("When the call started (default: now)"), N_("TIME") },
    { "duration", 0, 0, G_OPTION_ARG_STRING, &duration, N_("How long: 90, 5m, 1h30m or 1:30"), N_("DURATION") },
    { "outcome", 0, 0, G_OPTION_ARG_STRING, &outcome, N_("How it ended"), N_("TEXT") },
    { "points", 0, 0, G_OPTION_ARG_STRING, &points, N_("Key points of the conversation"), N_("TEXT") },
    { "tag", 0, 0, G_OPTION_ARG_STRING_ARRAY, &tags, N_("A tag, e.g. a competitor’s name"), N_("TAG") },
    { "recording", 0, 0, G_OPTION_ARG_FILENAME, &recording, N_("An audio recording of the call"), N_("FILE") },
    { "by", 0, 0, G_OPTION_ARG_STRING, &user, N_("The employee who called (default: you)"), N_("LOGIN") },
    { NULL }
  };
  g_autoptr(CrmActivity) call = crm_activity_new ();
  g_autoptr(GError) error = NULL;
  gint64 contact_id, deal_id;
  int status = CRM_CLI_OK;

  if (!crm_cli_parse_options (cli, "call log", NULL, entries, &argc, &argv))
    return CRM_CLI_USAGE;
  if (argc > 1)
    return crm_cli_usage_error (cli, _("call log takes no argument “%s”"), argv[1]);
  if (!parse_target (cli, contact, deal, TRUE, "call log", &contact_id, &deal_id, &status))
    return status;

  crm_activity_set_kind (call, CRM_ACTIVITY_CALL);
  crm_activity_set_contact_id (call, contact_id);
  crm_activity_set_deal_id (call, deal_id);
  crm_activity_set_outcome (call, outcome);
  crm_activity_set_key_points (call, points);
  crm_activity_set_tag_list (call, (const char * const *)tags);
  crm_activity_set_recording_path (call, recording);

  if (direction == NULL || g_str_equal (direction, "out"))
    crm_activity_set_direction (call, CRM_CALL_OUTGOING);
  else if (g_str_equal (direction, "in"))
    crm_activity_set_direction (call, CRM_CALL_INCOMING);
  else
    return crm_cli_fail_message (cli, _("--direction is “in” or “out”, not “%s”"), direction);

  if (at != NULL)
    {
      gint64 ms;

      if (!crm_time_parse (at, &ms, &error))
        return crm_cli_fail (cli, error);
      crm_activity_set_started_at (call, ms);
    }

  if (duration != NULL)
    {
      gint64 seconds;

      if (!crm_cli_parse_duration (duration, &seconds, &error))
        return crm_cli_fail (cli, error);
      crm_activity_set_duration (call, seconds);
    }

  if (user != NULL)
    {
      gint64 user_id = crm_cli_find_user (cli, user, &error);

      if (user_id == 0)
        return crm_cli_fail (cli, error);
      crm_activity_set_user_id (call, user_id);
    }

  if (crm_store_add_activity (cli->store, call, &error) == 0)
    return crm_cli_fail (cli, error);

  if (cli->json)
    {
      g_autoptr(CrmActivity) stored = crm_store_get_activity (cli->store, crm_activity_get_id (call), &error);
      g_autoptr(JsonObject) object = NULL;

      if (stored == NULL)
        return crm_cli_fail (cli, error);
      object = activity_to_json (stored);
      crm_cli_print_object (object);
    }
  else
    printf ("%" G_GINT64_FORMAT "\n", crm_activity_get_id (call));

  return CRM_CLI_OK;
}

static int
call_list (CrmCli  *cli,
           int      argc,
           char   **argv)
{
  g_autofree char *contact = NULL;
  GOptionEntry entries[] = {
    { "contact", 0, 0, G_OPTION_ARG_STRING, &contact, N_("The client’s id"), N_("ID") },
    { NULL }
  };
  g_autoptr(GPtrArray) calls = NULL;
  g_autoptr(GError) error = NULL;
  gint64 contact_id;

  if (!crm_cli_parse_options (cli, "call list", "--contact ID", entries, &argc, &argv))
    return CRM_CLI_USAGE;
  if (contact == NULL)
    return crm_cli_usage_error (cli, _("call list needs --contact"));
  if (!crm_cli_parse_id (contact, &contact_id, &error))
    return crm_cli_fail (cli, error);

  calls = crm_store_list_activities_of_contact (cli->store, contact_id, &error);
  if (calls == NULL)
    return crm_cli_fail (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < calls->len; i++)
        json_array_add_object_element (array, activity_to_json (g_ptr_array_index (calls, i)));
      json_node_take_array (node, array);
      crm_cli_print_json (node);
      return CRM_CLI_OK;
    }

  if (calls->len == 0)
    {
      printf ("%s\n", _("No calls"));
      return CRM_CLI_OK;
    }

  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);

    g_ptr_array_add (rows, g_strdupv ((char *[]) { _("ID"), _("WHEN"), _("DIRECTION"), _("MINUTES"),
                                                   _("BY"), _("OUTCOME"), _("KEY POINTS"), NULL }));
    for (guint i = 0; i < calls->len; i++)
      {
        CrmActivity *call = g_ptr_array_index (calls, i);
        g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, crm_activity_get_id (call));
        g_autofree char *when = crm_time_format_short (crm_activity_get_started_at (call));
        g_autofree char *minutes = g_strdup_printf ("%" G_GINT64_FORMAT, (crm_activity_get_duration (call) + 59) / 60);
        g_autofree char *points = g_strdup (crm_activity_get_key_points (call) ? crm_activity_get_key_points (call) : "");

        g_strdelimit (points, "\n", ' ');
        g_ptr_array_add (rows, g_strdupv ((char *[]) {
          id, when,
          crm_activity_get_direction (call) == CRM_CALL_INCOMING ? _("in") : _("out"),
          minutes,
          (char *)(crm_activity_get_user_name (call) ? crm_activity_get_user_name (call) : ""),
          (char *)(crm_activity_get_outcome (call) ? crm_activity_get_outcome (call) : ""),
          points, NULL }));
      }
    crm_cli_print_table (rows, 7);
  }

  return CRM_CLI_OK;
}

static JsonObject *
reminder_to_json (CrmReminder *reminder)
{
  JsonObject *object = json_object_new ();

  json_object_set_int_member (object, "id", crm_reminder_get_id (reminder));
  if (crm_reminder_get_contact_id (reminder) != 0)
    json_object_set_int_member (object, "contact_id", crm_reminder_get_contact_id (reminder));
  else
    json_object_set_null_member (object, "contact_id");
  crm_cli_json_set_string (object, "contact", crm_reminder_get_contact_name (reminder));
  crm_cli_json_set_string (object, "phone", crm_reminder_get_contact_phone (reminder));
  if (crm_reminder_get_deal_id (reminder) != 0)
    json_object_set_int_member (object, "deal_id", crm_reminder_get_deal_id (reminder));
  else
    json_object_set_null_member (object, "deal_id");
  crm_cli_json_set_string (object, "deal", crm_reminder_get_deal_title (reminder));
  crm_cli_json_set_string (object, "for", crm_reminder_get_assignee_name (reminder));
  crm_cli_json_set_time (object, "due", crm_reminder_get_due_at (reminder));
  crm_cli_json_set_time (object, "snoozed_until", crm_reminder_get_snoozed_until (reminder));
  crm_cli_json_set_string (object, "note", crm_reminder_get_note (reminder));
  json_object_set_boolean_member (object, "done", crm_reminder_get_is_done (reminder));
  crm_cli_json_set_time (object, "done_at", crm_reminder_get_done_at (reminder));

  return object;
}

static int
remind_add (CrmCli  *cli,
            int      argc,
            char   **argv)
{
  g_autofree char *contact = NULL;
  g_autofree char *deal = NULL;
  g_autofree char *at = NULL;
  g_autofree char *note = NULL;
  g_autofree char *assignee = NULL;
  GOptionEntry entries[] = {
    { "contact", 0, 0, G_OPTION_ARG_STRING, &contact, N_("The client’s id"), N_("ID") },
    { "deal", 0, 0, G_OPTION_ARG_STRING, &deal, N_("The deal’s id"), N_("ID") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("When: 2026-12-01T10:00, +10m, +2h, +1d"), N_("TIME") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("What to do"), N_("TEXT") },
    { "for", 0, 0, G_OPTION_ARG_STRING, &assignee, N_("The employee to remind (default: you)"), N_("LOGIN") },
    { NULL }
  };
  g_autoptr(CrmReminder) reminder = crm_reminder_new ();
  g_autoptr(GError) error = NULL;
  gint64 contact_id, deal_id, due;
  int status = CRM_CLI_OK;

  if (!crm_cli_parse_options (cli, "remind add", NULL, entries, &argc, &argv))
    return CRM_CLI_USAGE;
  if (argc > 1)
    return crm_cli_usage_error (cli, _("remind add takes no argument “%s”"), argv[1]);
  if (!parse_target (cli, contact, deal, FALSE, "remind add", &contact_id, &deal_id, &status))
    return status;
  if (at == NULL)
    return crm_cli_usage_error (cli, _("remind add needs --at"));

  if (!crm_time_parse (at, &due, &error))
    return crm_cli_fail (cli, error);

  crm_reminder_set_contact_id (reminder, contact_id);
  crm_reminder_set_deal_id (reminder, deal_id);
  crm_reminder_set_due_at (reminder, due);
  crm_reminder_set_note (reminder, note);

  if (assignee != NULL)
    {
      gint64 user_id = crm_cli_find_user (cli, assignee, &error);

      if (user_id == 0)
        return crm_cli_fail (cli, error);
      crm_reminder_set_assignee_id (reminder, user_id);
    }

  if (crm_store_add_reminder (cli->store, reminder, &error) == 0)
    return crm_cli_fail (cli, error);

  if (cli->json)
    {
      g_autoptr(CrmReminder) stored = crm_store_get_reminder (cli->store, crm_reminder_get_id (reminder), &error);
      g_autoptr(JsonObject) object = NULL;

      if (stored == NULL)
        return crm_cli_fail (cli, error);
      object = reminder_to_json (stored);
      crm_cli_print_object (object);
    }
  else
    printf ("%" G_GINT64_FORMAT "\n", crm_reminder_get_id (reminder));

  return CRM_CLI_OK;
}

static int
remind_list (CrmCli  *cli,
             int      argc,
             char   **argv)
{
  g_autofree char *assignee = NULL;
  gboolean everybody = FALSE;
  gboolean done = FALSE;
  GOptionEntry entries[] = {
    { "for", 0, 0, G_OPTION_ARG_STRING, &assignee, N_("Reminders of this employee (default: yours)"), N_("LOGIN") },
    { "everybody", 0, 0, G_OPTION_ARG_NONE, &everybody, N_("Reminders of all employees"), NULL },
    { "done", 0, 0, G_OPTION_ARG_NONE, &done, N_("Include those marked done"), NULL },
    { NULL }
  };
  g_autoptr(GPtrArray) reminders = NULL;
  g_autoptr(GError) error = NULL;
  gint64 assignee_id;
  gint64 now = crm_time_now_ms ();

  if (!crm_cli_parse_options (cli, "remind list", NULL, entries, &argc, &argv))
    return CRM_CLI_USAGE;
  if (argc > 1)
    return crm_cli_usage_error (cli, _("remind list takes no argument “%s”"), argv[1]);

  if (everybody)
    assignee_id = 0;
  else if (assignee != NULL)
    {
      assignee_id = crm_cli_find_user (cli, assignee, &error);
      if (assignee_id == 0)
        return crm_cli_fail (cli, error);
    }
  else
    assignee_id = crm_store_get_current_user (cli->store);

  reminders = crm_store_list_reminders (cli->store, assignee_id, done, &error);
  if (reminders == NULL)
    return crm_cli_fail (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < reminders->len; i++)
        json_array_add_object_element (array, reminder_to_json (g_ptr_array_index (reminders, i)));
      json_node_take_array (node, array);
      crm_cli_print_json (node);
      return CRM_CLI_OK;
    }

  if (reminders->len == 0)
    {
      printf ("%s\n", _("No reminders"));
      return CRM_CLI_OK;
    }

  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);

    g_ptr_array_add (rows, g_strdupv ((char *[]) { _("ID"), _("DUE"), _("STATE"), _("CLIENT"), _("PHONE"),
                                                   _("FOR"), _("NOTE"), NULL }));
    for (guint i = 0; i < reminders->len; i++)
      {
        CrmReminder *reminder = g_ptr_array_index (reminders, i);
        g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, crm_reminder_get_id (reminder));
        g_autofree char *due = crm_time_format_short (crm_reminder_get_effective_due (reminder));
        const char *state;
        const char *client = crm_reminder_get_contact_name (reminder);

        if (crm_reminder_get_is_done (reminder))
          state = _("Done");
        else if (crm_reminder_get_effective_due (reminder) < now)
          state = _("Overdue");
        else if (crm_reminder_get_snoozed_until (reminder) != 0)
          state = _("Snoozed");
        else
          state = _("Pending");

        if (client == NULL)
          client = crm_reminder_get_deal_title (reminder);

        g_ptr_array_add (rows, g_strdupv ((char *[]) {
          id, due, (char *)state,
          (char *)(client ? client : ""),
          (char *)(crm_reminder_get_contact_phone (reminder) ? crm_reminder_get_contact_phone (reminder) : ""),
          (char *)(crm_reminder_get_assignee_name (reminder) ? crm_reminder_get_assignee_name (reminder) : ""),
          (char *)(crm_reminder_get_note (reminder) ? crm_reminder_get_note (reminder) : ""),
          NULL }));
      }
    crm_cli_print_table (rows, 7);
  }

  return CRM_CLI_OK;
}

static int
remind_done (CrmCli  *cli,
             int      argc,
             char   **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (!crm_cli_parse_options (cli, "remind done", "ID", entries, &argc, &argv))
    return CRM_CLI_USAGE;
  if (argc != 2)
    return crm_cli_usage_error (cli, _("remind done needs one reminder id"));

  if (!crm_cli_parse_id (argv[1], &id, &error) ||
      !crm_store_complete_reminder (cli->store, id, &error))
    return crm_cli_fail (cli, error);

  if (cli->json)
    {
      g_autoptr(CrmReminder) stored = crm_store_get_reminder (cli->store, id, &error);
      g_autoptr(JsonObject) object = NULL;

      if (stored == NULL)
        return crm_cli_fail (cli, error);
      object = reminder_to_json (stored);
      crm_cli_print_object (object);
    }

  return CRM_CLI_OK;
}

static int
remind_snooze (CrmCli  *cli,
               int      argc,
               char   **argv)
{
  g_autofree char *until = NULL;
  GOptionEntry entries[] = {
    { "until", 0, 0, G_OPTION_ARG_STRING, &until, N_("Until when (default: +10m)"), N_("TIME") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  gint64 id;
  gint64 until_ms;

  if (!crm_cli_parse_options (cli, "remind snooze", "ID", entries, &argc, &argv))
    return CRM_CLI_USAGE;
  if (argc != 2)
    return crm_cli_usage_error (cli, _("remind snooze needs one reminder id"));

  if (!crm_cli_parse_id (argv[1], &id, &error) ||
      !crm_time_parse (until ? until : "+10m", &until_ms, &error) ||
      !crm_store_snooze_reminder (cli->store, id, until_ms, &error))
    return crm_cli_fail (cli, error);

  return CRM_CLI_OK;
}

const CrmCliCommand crm_cli_activity_commands[] = {
  { "call", "log", call_log, N_("Log a call with a client") },
  { "call", "list", call_list, N_("List the calls of a client") },
  { "remind", "add", remind_add, N_("Set a reminder to call a client") },
  { "remind", "list", remind_list, N_("List reminders") },
  { "remind", "done", remind_done, N_("Mark a reminder done") },
  { "remind", "snooze", remind_snooze, N_("Snooze a reminder") },
  { NULL }
};
