/* SPDX-License-Identifier: GPL-3.0-or-later */

/* Runs the built clientele-cli as a user or a script would, and checks its
 * output, its exit status and what it left in the database. */

#include "config.h"

#include <json-glib/json-glib.h>

typedef struct
{
  char *database;
  char *folder;
} Fixture;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->folder = g_dir_make_tmp ("clientele-cli-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->database = g_build_filename (fixture->folder, "cli.db", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_free (fixture->database);
  g_free (fixture->folder);
}

/* Runs clientele-cli --database <fixture db> ARGS… (NULL-terminated). */
static void
run_cli_argv (Fixture     *fixture,
              Run         *run,
              const char **args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("CLIENTELE_CLI");
  int wait_status = 0;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (char *)cli);
  if (fixture != NULL)
    {
      g_ptr_array_add (argv, (char *)"--database");
      g_ptr_array_add (argv, fixture->database);
    }
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *)args[i]);
  g_ptr_array_add (argv, NULL);

  run->out = NULL;
  run->err = NULL;
  g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
}

#define RUN(fixture, run, ...) run_cli_argv ((fixture), (run), (const char *[]) { __VA_ARGS__, NULL })

/* The error contract: exit 1 and exactly one line on stderr. */
static void
assert_input_error (Run        *run,
                    const char *expected_fragment)
{
  g_autofree char *err = g_strdup (run->err);

  if (run->status != 1)
    g_error ("expected exit status 1, got %d; stdout: %s; stderr: %s", run->status, run->out, run->err);
  g_strchomp (err);
  g_assert_cmpstr (err, !=, "");
  g_assert_null (strchr (err, '\n'));
  if (expected_fragment != NULL && strstr (err, expected_fragment) == NULL)
    g_error ("stderr “%s” does not mention “%s”", err, expected_fragment);
}

static void
assert_ok (Run *run)
{
  if (run->status != 0)
    g_error ("expected success, got %d; stdout: %s; stderr: %s", run->status, run->out, run->err);
}

static gint64
parse_printed_id (Run *run)
{
  g_autofree char *out = g_strdup (run->out);
  guint64 id = 0;

  assert_ok (run);
  g_strstrip (out);
  g_assert_true (g_ascii_string_to_unsigned (out, 10, 1, G_MAXINT64, &id, NULL));
  return (gint64)id;
}

static JsonNode *
parse_json (Run *run)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  assert_ok (run);
  node = json_from_string (run->out, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static char *
id_text (gint64 id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, id);
}

static void
test_cli_usage (Fixture       *fixture,
                gconstpointer  data)
{
  g_auto(Run) run = { 0 };

  RUN (fixture, &run, "--help");
  assert_ok (&run);
  g_assert_nonnull (strstr (run.out, "contact add"));
  run_clear (&run);

  run_cli_argv (fixture, &run, (const char *[]) { NULL });
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);

  RUN (fixture, &run, "frobnicate");
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "frobnicate"));
  run_clear (&run);

  RUN (fixture, &run, "contact");
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);

  RUN (fixture, &run, "contact", "add");
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--name"));
  run_clear (&run);

  RUN (fixture, &run, "contact", "add", "--name", "A", "--bogus");
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);

  RUN (fixture, &run, "--bogus", "contact", "list");
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);

  RUN (fixture, &run, "deal", "move", "1");
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--stage"));
}

static void
test_cli_contact_round_trip (Fixture       *fixture,
                             gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *id = NULL;
  JsonObject *object;
  JsonArray *phones;
  gint64 contact_id;

  RUN (fixture, &run, "contact", "add", "--name", "Anna Bērziņa",
       "--phone", "+371 20 000 000", "--phone", "work:67 123 456",
       "--email", "anna@example.lv", "--company", "SIA Skaistums",
       "--key", "--tag", "salon", "--tag", "vip");
  contact_id = parse_printed_id (&run);
  id = id_text (contact_id);
  run_clear (&run);

  RUN (fixture, &run, "--json", "contact", "show", id);
  node = parse_json (&run);
  object = json_node_get_object (node);
  g_assert_cmpint (json_object_get_int_member (object, "id"), ==, contact_id);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "Anna Bērziņa");
  g_assert_cmpstr (json_object_get_string_member (object, "company"), ==, "SIA Skaistums");
  g_assert_true (json_object_get_boolean_member (object, "key"));
  phones = json_object_get_array_member (object, "phones");
  g_assert_cmpuint (json_array_get_length (phones), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (phones, 0), "e164"),
                   ==, "37120000000");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (phones, 1), "kind"),
                   ==, "work");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "tags")), ==, 2);
  run_clear (&run);

  /* Plain output is for people: labels and the values. */
  RUN (fixture, &run, "contact", "show", id);
  assert_ok (&run);
  g_assert_nonnull (strstr (run.out, "Anna Bērziņa"));
  g_assert_nonnull (strstr (run.out, "SIA Skaistums"));
  run_clear (&run);

  /* The company was created as a client of its own. */
  RUN (fixture, &run, "--json", "contact", "list", "--companies");
  {
    g_autoptr(JsonNode) list = parse_json (&run);
    JsonArray *array = json_node_get_array (list);

    g_assert_cmpuint (json_array_get_length (array), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "name"),
                     ==, "SIA Skaistums");
  }
  run_clear (&run);

  RUN (fixture, &run, "contact", "edit", id, "--name", "Anna Kalniņa", "--add-phone", "+7 912 345 67 89",
       "--remove-phone", "20000000");
  assert_ok (&run);
  run_clear (&run);

  RUN (fixture, &run, "--json", "contact", "show", id);
  {
    g_autoptr(JsonNode) edited = parse_json (&run);
    JsonObject *o = json_node_get_object (edited);
    JsonArray *p = json_object_get_array_member (o, "phones");

    g_assert_cmpstr (json_object_get_string_member (o, "name"), ==, "Anna Kalniņa");
    g_assert_cmpuint (json_array_get_length (p), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (p, 0), "e164"),
                     ==, "37167123456");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (p, 1), "e164"),
                     ==, "79123456789");
  }
  run_clear (&run);

  /* The edit is in the history, with the old and the new name. */
  RUN (fixture, &run, "--json", "history", id);
  {
    g_autoptr(JsonNode) history = parse_json (&run);
    JsonArray *array = json_node_get_array (history);
    gboolean found = FALSE;

    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        JsonObject *entry = json_array_get_object_element (array, i);

        if (g_strcmp0 (json_object_get_string_member (entry, "field"), "name") == 0)
          {
            g_assert_cmpstr (json_object_get_string_member (entry, "old"), ==, "Anna Bērziņa");
            g_assert_cmpstr (json_object_get_string_member (entry, "new"), ==, "Anna Kalniņa");
            g_assert_cmpstr (json_object_get_string_member (entry, "by"), ==, "Administrator");
            found = TRUE;
          }
      }
    g_assert_true (found);
  }
}

static void
test_cli_contact_bad_input (Fixture       *fixture,
                            gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_autofree char *long_name = g_strnfill (300, 'a');
  g_autofree char *id = NULL;

  RUN (fixture, &run, "contact", "add", "--name", "");
  assert_input_error (&run, NULL);
  run_clear (&run);

  RUN (fixture, &run, "contact", "add", "--name", "   ");
  assert_input_error (&run, NULL);
  run_clear (&run);

  RUN (fixture, &run, "contact", "add", "--name", long_name);
  assert_input_error (&run, NULL);
  run_clear (&run);

  RUN (fixture, &run, "contact", "add", "--name", "Bad Phone", "--phone", "call me maybe");
  assert_input_error (&run, NULL);
  run_clear (&run);

  RUN (fixture, &run, "contact", "add", "--name", "Bad Mail", "--email", "not-an-address");
  assert_input_error (&run, NULL);
  run_clear (&run);

  RUN (fixture, &run, "contact", "add", "--name", "Bad Owner", "--owner", "nobody");
  assert_input_error (&run, "nobody");
  run_clear (&run);

  RUN (fixture, &run, "contact", "add", "--name", "Bad Kind", "--kind", "robot");
  assert_input_error (&run, "robot");
  run_clear (&run);

  RUN (fixture, &run, "contact", "show", "abc");
  assert_input_error (&run, "abc");
  run_clear (&run);

  RUN (fixture, &run, "contact", "show", "-5");
  g_assert_cmpint (run.status, !=, 0);
  run_clear (&run);

  RUN (fixture, &run, "contact", "show", "12345");
  assert_input_error (&run, "12345");
  run_clear (&run);

  RUN (fixture, &run, "contact", "delete", "99999999");
  assert_input_error (&run, NULL);
  run_clear (&run);

  /* Nothing of the above was stored. */
  RUN (fixture, &run, "--json", "contact", "list");
  {
    g_autoptr(JsonNode) node = parse_json (&run);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 0);
  }
  run_clear (&run);

  /* A duplicate phone names the client who has it. */
  RUN (fixture, &run, "contact", "add", "--name", "Jānis Ozols", "--phone", "20000001");
  id = id_text (parse_printed_id (&run));
  run_clear (&run);
  RUN (fixture, &run, "contact", "add", "--name", "Someone Else", "--phone", "+371 2000 0001");
  assert_input_error (&run, "Jānis Ozols");
  run_clear (&run);

  /* Delete, restore, and errors for doing either twice. */
  RUN (fixture, &run, "contact", "delete", id);
  assert_ok (&run);
  run_clear (&run);
  RUN (fixture, &run, "contact", "delete", id);
  assert_input_error (&run, NULL);
  run_clear (&run);
  RUN (fixture, &run, "--json", "trash", "list");
  {
    g_autoptr(JsonNode) node = parse_json (&run);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 1);
  }
  run_clear (&run);
  RUN (fixture, &run, "contact", "restore", id);
  assert_ok (&run);
  run_clear (&run);
  RUN (fixture, &run, "contact", "restore", id);
  assert_input_error (&run, NULL);
}

static void
test_cli_search (Fixture       *fixture,
                 gconstpointer  data)
{
  static const char *hostile[] = {
    "\"", "*", "'; DROP TABLE contacts; --", "NEAR(a b)", "a OR b", "-x", "^", "(((", "\"unbalanced",
    "a AND", "%", "_", "\\",
  };
  g_auto(Run) run = { 0 };
  g_autofree char *anna = NULL;
  g_autofree char *ivan = NULL;

  RUN (fixture, &run, "contact", "add", "--name", "Anna Bērziņa", "--phone", "+371 20 000 000");
  anna = id_text (parse_printed_id (&run));
  run_clear (&run);
  RUN (fixture, &run, "contact", "add", "--name", "Иван Петров", "--phone", "+7 (912) 345 67 89");
  ivan = id_text (parse_printed_id (&run));
  run_clear (&run);

  RUN (fixture, &run, "--json", "search", "berzina");
  {
    g_autoptr(JsonNode) node = parse_json (&run);
    JsonArray *array = json_node_get_array (node);
    g_autofree char *first = NULL;

    g_assert_cmpuint (json_array_get_length (array), >=, 1);
    first = id_text (json_object_get_int_member (json_array_get_object_element (array, 0), "id"));
    g_assert_cmpstr (first, ==, anna);
  }
  run_clear (&run);

  /* A Russian number written with the trunk 8 on a Latvian desktop. */
  RUN (fixture, &run, "--json", "search", "8 912 345-67-89");
  {
    g_autoptr(JsonNode) node = parse_json (&run);
    JsonArray *array = json_node_get_array (node);
    g_autofree char *first = NULL;

    g_assert_cmpuint (json_array_get_length (array), >=, 1);
    first = id_text (json_object_get_int_member (json_array_get_object_element (array, 0), "id"));
    g_assert_cmpstr (first, ==, ivan);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "match"),
                     ==, "phone");
  }
  run_clear (&run);

  RUN (fixture, &run, "search", "ИВАН");
  assert_ok (&run);
  g_assert_nonnull (strstr (run.out, "Иван Петров"));
  run_clear (&run);

  RUN (fixture, &run, "search", "6789");
  assert_ok (&run);
  g_assert_nonnull (strstr (run.out, "Иван Петров"));
  run_clear (&run);

  /* Search syntax typed by a user is only text: no error, no damage. */
  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      RUN (fixture, &run, "search", hostile[i]);
      if (run.status != 0)
        g_error ("search “%s” failed: %s", hostile[i], run.err);
      run_clear (&run);
    }

  RUN (fixture, &run, "--json", "contact", "list");
  {
    g_autoptr(JsonNode) node = parse_json (&run);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 2);
  }
  run_clear (&run);

  RUN (fixture, &run, "search");
  g_assert_cmpint (run.status, ==, 2);
}

static void
test_cli_deals (Fixture       *fixture,
                gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_autofree char *contact = NULL;
  g_autofree char *deal = NULL;

  RUN (fixture, &run, "contact", "add", "--name", "SIA Koks", "--kind", "company");
  contact = id_text (parse_printed_id (&run));
  run_clear (&run);

  RUN (fixture, &run, "--json", "deal", "add", "--title", "Office chairs", "--contact", contact,
       "--amount", "1234.50", "--currency", "EUR");
  {
    g_autoptr(JsonNode) node = parse_json (&run);
    JsonObject *object = json_node_get_object (node);

    deal = id_text (json_object_get_int_member (object, "id"));
    g_assert_cmpstr (json_object_get_string_member (object, "title"), ==, "Office chairs");
    g_assert_cmpstr (json_object_get_string_member (object, "amount"), ==, "1234.50");
    g_assert_cmpstr (json_object_get_string_member (object, "currency"), ==, "EUR");
    g_assert_cmpstr (json_object_get_string_member (object, "stage"), ==, "New lead");
  }
  run_clear (&run);

  RUN (fixture, &run, "deal", "move", deal, "--stage", "Proposal");
  assert_ok (&run);
  run_clear (&run);

  RUN (fixture, &run, "--json", "deal", "list");
  {
    g_autoptr(JsonNode) node = parse_json (&run);
    JsonArray *array = json_node_get_array (node);

    g_assert_cmpuint (json_array_get_length (array), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "stage"),
                     ==, "Proposal");
  }
  run_clear (&run);

  /* The path through the funnel. */
  RUN (fixture, &run, "--json", "deal", "show", deal);
  {
    g_autoptr(JsonNode) node = parse_json (&run);
    JsonArray *path = json_object_get_array_member (json_node_get_object (node), "path");

    g_assert_cmpuint (json_array_get_length (path), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (path, 1), "stage"),
                     ==, "Proposal");
  }
  run_clear (&run);

  /* Bad input. */
  RUN (fixture, &run, "deal", "add", "--title", "X", "--amount", "12.345");
  assert_input_error (&run, NULL);
  run_clear (&run);
  RUN (fixture, &run, "deal", "add", "--title", "X", "--amount", "lots");
  assert_input_error (&run, NULL);
  run_clear (&run);
  RUN (fixture, &run, "deal", "add", "--title", "X", "--currency", "EURO");
  assert_input_error (&run, "EURO");
  run_clear (&run);
  RUN (fixture, &run, "deal", "add", "--title", "X", "--contact", "424242");
  assert_input_error (&run, NULL);
  run_clear (&run);
  RUN (fixture, &run, "deal", "add", "--title", "X", "--stage", "Nowhere");
  assert_input_error (&run, "Nowhere");
  run_clear (&run);
  RUN (fixture, &run, "deal", "move", deal, "--stage", "Nowhere");
  assert_input_error (&run, "Nowhere");
  run_clear (&run);
  RUN (fixture, &run, "deal", "show", "0");
  assert_input_error (&run, NULL);
  run_clear (&run);

  RUN (fixture, &run, "--json", "deal", "list");
  {
    g_autoptr(JsonNode) node = parse_json (&run);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 1);
  }
  run_clear (&run);

  RUN (fixture, &run, "deal", "delete", deal);
  assert_ok (&run);
  run_clear (&run);
  RUN (fixture, &run, "--json", "deal", "list");
  {
    g_autoptr(JsonNode) node = parse_json (&run);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 0);
  }
}

static void
test_cli_stages (Fixture       *fixture,
                 gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_autofree char *deal = NULL;

  RUN (fixture, &run, "stage", "add", "Demo visit");
  parse_printed_id (&run);
  run_clear (&run);

  RUN (fixture, &run, "stage", "rename", "Demo visit", "Showroom visit");
  assert_ok (&run);
  run_clear (&run);

  RUN (fixture, &run, "stage", "reorder", "Showroom visit", "--position", "0");
  assert_ok (&run);
  run_clear (&run);

  RUN (fixture, &run, "--json", "stage", "list");
  {
    g_autoptr(JsonNode) node = parse_json (&run);
    JsonArray *array = json_node_get_array (node);

    g_assert_cmpuint (json_array_get_length (array), ==, 7);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "name"),
                     ==, "Showroom visit");
  }
  run_clear (&run);

  RUN (fixture, &run, "deal", "add", "--title", "Kitchen", "--stage", "Showroom visit");
  deal = id_text (parse_printed_id (&run));
  run_clear (&run);

  /* A stage with deals is only deleted when they have somewhere to go. */
  RUN (fixture, &run, "stage", "delete", "Showroom visit");
  assert_input_error (&run, NULL);
  run_clear (&run);
  RUN (fixture, &run, "stage", "delete", "Showroom visit", "--move-to", "Contacted");
  assert_ok (&run);
  run_clear (&run);

  RUN (fixture, &run, "--json", "deal", "show", deal);
  {
    g_autoptr(JsonNode) node = parse_json (&run);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "stage"), ==, "Contacted");
  }
  run_clear (&run);

  RUN (fixture, &run, "stage", "add", "Contacted");
  assert_input_error (&run, NULL);
  run_clear (&run);
  RUN (fixture, &run, "stage", "add", "X", "--kind", "maybe");
  assert_input_error (&run, "maybe");
  run_clear (&run);
  RUN (fixture, &run, "stage", "reorder", "Contacted", "--position", "x");
  assert_input_error (&run, NULL);
}

static void
test_cli_calls_and_reminders (Fixture       *fixture,
                              gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_autofree char *contact = NULL;
  g_autofree char *reminder = NULL;

  RUN (fixture, &run, "contact", "add", "--name", "Olga Sokolova", "--phone", "29 123 456");
  contact = id_text (parse_printed_id (&run));
  run_clear (&run);

  RUN (fixture, &run, "call", "log", "--contact", contact, "--direction", "in", "--duration", "5m",
       "--outcome", "Interested", "--points", "Wants a quote by Friday", "--tag", "competitor-b");
  parse_printed_id (&run);
  run_clear (&run);

  /* A call can name both the client and the deal it was about. */
  {
    g_autofree char *deal = NULL;

    RUN (fixture, &run, "deal", "add", "--title", "Spring colouring", "--contact", contact);
    deal = id_text (parse_printed_id (&run));
    run_clear (&run);
    RUN (fixture, &run, "--json", "call", "log", "--contact", contact, "--deal", deal, "--duration", "90");
    {
      g_autoptr(JsonNode) node = parse_json (&run);
      g_autofree char *logged_deal = id_text (json_object_get_int_member (json_node_get_object (node), "deal_id"));

      g_assert_cmpstr (logged_deal, ==, deal);
    }
    run_clear (&run);
  }

  RUN (fixture, &run, "--json", "call", "list", "--contact", contact);
  {
    g_autoptr(JsonNode) node = parse_json (&run);
    JsonArray *array = json_node_get_array (node);
    JsonObject *call;

    g_assert_cmpuint (json_array_get_length (array), ==, 2);
    /* Newest first: the one logged with the deal came later. */
    call = json_array_get_object_element (array, 1);
    g_assert_cmpint (json_object_get_int_member (call, "duration"), ==, 300);
    g_assert_cmpstr (json_object_get_string_member (call, "direction"), ==, "in");
    g_assert_cmpstr (json_object_get_string_member (call, "key_points"), ==, "Wants a quote by Friday");
  }
  run_clear (&run);

  RUN (fixture, &run, "--json", "remind", "add", "--contact", contact, "--at", "+2h", "--note", "Send the quote");
  {
    g_autoptr(JsonNode) node = parse_json (&run);
    JsonObject *object = json_node_get_object (node);

    reminder = id_text (json_object_get_int_member (object, "id"));
    g_assert_cmpstr (json_object_get_string_member (object, "contact"), ==, "Olga Sokolova");
    g_assert_false (json_object_get_boolean_member (object, "done"));
  }
  run_clear (&run);

  RUN (fixture, &run, "remind", "list");
  assert_ok (&run);
  g_assert_nonnull (strstr (run.out, "Send the quote"));
  run_clear (&run);

  RUN (fixture, &run, "remind", "done", reminder);
  assert_ok (&run);
  run_clear (&run);
  RUN (fixture, &run, "remind", "done", reminder);
  assert_input_error (&run, NULL);
  run_clear (&run);

  RUN (fixture, &run, "--json", "remind", "list");
  {
    g_autoptr(JsonNode) node = parse_json (&run);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 0);
  }
  run_clear (&run);

  /* Bad input. */
  RUN (fixture, &run, "remind", "add", "--contact", contact, "--at", "tomorrowish");
  assert_input_error (&run, "tomorrowish");
  run_clear (&run);
  RUN (fixture, &run, "remind", "add", "--at", "+1h");
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);
  RUN (fixture, &run, "remind", "add", "--contact", "777", "--at", "+1h");
  assert_input_error (&run, NULL);
  run_clear (&run);
  RUN (fixture, &run, "call", "log", "--contact", contact, "--duration", "forever");
  assert_input_error (&run, "forever");
  run_clear (&run);
  RUN (fixture, &run, "call", "log", "--contact", contact, "--direction", "sideways");
  assert_input_error (&run, "sideways");
  run_clear (&run);
  RUN (fixture, &run, "call", "log", "--contact", contact, "--recording", "/no/such/file.ogg");
  assert_input_error (&run, NULL);
}

static void
test_cli_database_errors (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_dir_make_tmp ("clientele-cli-XXXXXX", &error);
  g_autofree char *text_file = g_build_filename (folder, "notes.txt", NULL);

  RUN (NULL, &run, "--database", "/no/such/folder/x.db", "contact", "list");
  assert_input_error (&run, "/no/such/folder");
  run_clear (&run);

  g_file_set_contents (text_file, "shopping list: milk, bread\n", -1, &error);
  g_assert_no_error (error);
  RUN (NULL, &run, "--database", text_file, "contact", "list");
  assert_input_error (&run, NULL);
}

static char *
names_of_demo (const char *database)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GString) names = g_string_new (NULL);
  JsonArray *array;

  RUN (NULL, &run, "--database", database, "--json", "contact", "list", "--limit", "0");
  node = parse_json (&run);
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      g_string_append_printf (names, "%s|%s\n",
                              json_object_get_string_member (object, "name"),
                              json_object_get_null_member (object, "phone")
                                ? "" : json_object_get_string_member (object, "phone"));
    }

  return g_string_free (g_steal_pointer (&names), FALSE);
}

static void
test_cli_demo (Fixture       *fixture,
               gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_autofree char *second = g_build_filename (fixture->folder, "second.db", NULL);
  g_autofree char *third = g_build_filename (fixture->folder, "third.db", NULL);
  g_autofree char *names_a = NULL;
  g_autofree char *names_b = NULL;
  g_autofree char *names_c = NULL;

  RUN (fixture, &run, "demo", "--contacts", "60", "--deals", "40", "--calls", "80", "--seed", "7");
  assert_ok (&run);
  run_clear (&run);

  RUN (fixture, &run, "--json", "deal", "list", "--limit", "0");
  {
    g_autoptr(JsonNode) node = parse_json (&run);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (node)), ==, 40);
  }
  run_clear (&run);

  RUN (NULL, &run, "--database", second, "demo", "--contacts", "60", "--deals", "40", "--calls", "80", "--seed", "7");
  assert_ok (&run);
  run_clear (&run);
  RUN (NULL, &run, "--database", third, "demo", "--contacts", "60", "--deals", "40", "--calls", "80", "--seed", "8");
  assert_ok (&run);
  run_clear (&run);

  names_a = names_of_demo (fixture->database);
  names_b = names_of_demo (second);
  names_c = names_of_demo (third);
  g_assert_cmpuint (strlen (names_a), >, 0);
  g_assert_cmpstr (names_a, ==, names_b);
  g_assert_cmpstr (names_a, !=, names_c);

  RUN (fixture, &run, "demo", "--contacts", "many");
  assert_input_error (&run, "many");
}

static void
test_cli_custom_fields (Fixture       *fixture,
                        gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *id = NULL;
  JsonObject *details;

  RUN (fixture, &run, "field", "add", "Hair colour");
  assert_ok (&run);
  run_clear (&run);
  RUN (fixture, &run, "field", "add", "Preferred stylist");
  assert_ok (&run);
  run_clear (&run);
  RUN (fixture, &run, "field", "add", "HAIR COLOUR");
  assert_input_error (&run, "Hair colour");
  run_clear (&run);

  RUN (fixture, &run, "field", "list");
  assert_ok (&run);
  g_assert_cmpstr (run.out, ==, "Hair colour\nPreferred stylist\n");
  run_clear (&run);

  RUN (fixture, &run, "contact", "add", "--name", "Anna Ozola", "--detail", "Hair colour=Auburn");
  id = id_text (parse_printed_id (&run));
  run_clear (&run);
  RUN (fixture, &run, "contact", "edit", id, "--detail", "preferred stylist=Līga");
  assert_ok (&run);
  run_clear (&run);

  RUN (fixture, &run, "--json", "contact", "show", id);
  node = parse_json (&run);
  details = json_object_get_object_member (json_node_get_object (node), "details");
  g_assert_nonnull (details);
  g_assert_cmpuint (json_object_get_size (details), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (details, "Hair colour"), ==, "Auburn");
  g_assert_cmpstr (json_object_get_string_member (details, "Preferred stylist"), ==, "Līga");
  g_clear_pointer (&node, json_node_unref);
  run_clear (&run);

  RUN (fixture, &run, "contact", "show", id);
  assert_ok (&run);
  g_assert_nonnull (strstr (run.out, "Hair colour: Auburn\n"));
  run_clear (&run);

  /* An empty value clears. */
  RUN (fixture, &run, "contact", "edit", id, "--detail", "Hair colour=");
  assert_ok (&run);
  run_clear (&run);
  RUN (fixture, &run, "--json", "contact", "show", id);
  node = parse_json (&run);
  details = json_object_get_object_member (json_node_get_object (node), "details");
  g_assert_cmpuint (json_object_get_size (details), ==, 1);
  g_assert_false (json_object_has_member (details, "Hair colour"));
  g_clear_pointer (&node, json_node_unref);
  run_clear (&run);

  /* Unknown fields and texts without "=" are refused, and nothing changes. */
  RUN (fixture, &run, "contact", "edit", id, "--name", "Anna Bērziņa", "--detail", "Shoe size=38");
  assert_input_error (&run, "Shoe size");
  run_clear (&run);
  RUN (fixture, &run, "contact", "add", "--name", "Zane", "--detail", "Shoe size");
  assert_input_error (&run, "NAME=VALUE");
  run_clear (&run);
  RUN (fixture, &run, "field", "rename", "Shoe size", "Size");
  assert_input_error (&run, "Shoe size");
  run_clear (&run);
  RUN (fixture, &run, "--json", "contact", "show", id);
  node = parse_json (&run);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "name"), ==, "Anna Ozola");
  g_clear_pointer (&node, json_node_unref);
  run_clear (&run);

  RUN (fixture, &run, "field", "rename", "Preferred stylist", "Stylist");
  assert_ok (&run);
  run_clear (&run);
  RUN (fixture, &run, "field", "delete", "Stylist");
  assert_ok (&run);
  run_clear (&run);
  RUN (fixture, &run, "field", "list");
  assert_ok (&run);
  g_assert_cmpstr (run.out, ==, "Hair colour\n");
}

/* The list, show, delete and restore plumbing that contacts and deals share. */
static void
test_cli_paging_and_trash (Fixture       *fixture,
                           gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *ilze = NULL;
  g_autofree char *deal = NULL;
  JsonObject *object;
  JsonArray *array;

  RUN (fixture, &run, "contact", "add", "--name", "Anna");
  assert_ok (&run);
  run_clear (&run);
  RUN (fixture, &run, "contact", "add", "--name", "Ilze");
  ilze = id_text (parse_printed_id (&run));
  run_clear (&run);
  RUN (fixture, &run, "contact", "add", "--name", "Zane");
  assert_ok (&run);
  run_clear (&run);

  /* A page in the middle: the header and one row. */
  RUN (fixture, &run, "contact", "list", "--limit", "1", "--offset", "1");
  assert_ok (&run);
  {
    g_auto(GStrv) lines = g_strsplit (run.out, "\n", -1);

    g_assert_cmpuint (g_strv_length (lines), ==, 3);
    g_assert_true (g_str_has_prefix (lines[0], "ID"));
    g_assert_nonnull (strstr (lines[0], "OWNER"));
    g_assert_true (g_str_has_prefix (lines[1], ilze));
    g_assert_nonnull (strstr (lines[1], "Ilze"));
    g_assert_cmpstr (lines[2], ==, "");
  }
  run_clear (&run);

  /* --limit 0 is all that is left after the offset. */
  RUN (fixture, &run, "--json", "contact", "list", "--offset", "1", "--limit", "0");
  node = parse_json (&run);
  array = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 1), "name"), ==, "Zane");
  g_clear_pointer (&node, json_node_unref);
  run_clear (&run);

  RUN (fixture, &run, "contact", "list", "--offset", "3");
  assert_ok (&run);
  g_assert_cmpstr (run.out, ==, "No clients\n");
  run_clear (&run);

  RUN (fixture, &run, "contact", "list", "--limit", "many");
  assert_input_error (&run, "--limit");
  run_clear (&run);
  RUN (fixture, &run, "deal", "list", "--offset", "-1");
  assert_input_error (&run, "--offset");
  run_clear (&run);

  /* One id, no more and no less, is a usage error. */
  RUN (fixture, &run, "contact", "show");
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "contact show needs one client id"));
  run_clear (&run);
  RUN (fixture, &run, "deal", "restore", "1", "2");
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "deal restore needs one deal id"));
  run_clear (&run);

  RUN (fixture, &run, "contact", "delete", ilze);
  assert_ok (&run);
  g_assert_cmpstr (run.out, ==, "Moved “Ilze” to the trash\n");
  run_clear (&run);
  RUN (fixture, &run, "--json", "contact", "restore", ilze);
  node = parse_json (&run);
  object = json_node_get_object (node);
  g_assert_cmpint (json_object_get_int_member (object, "id"), ==, g_ascii_strtoll (ilze, NULL, 10));
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "Ilze");
  g_assert_false (json_object_get_boolean_member (object, "deleted"));
  g_clear_pointer (&node, json_node_unref);
  run_clear (&run);

  RUN (fixture, &run, "deal", "add", "--title", "Haircut");
  deal = id_text (parse_printed_id (&run));
  run_clear (&run);
  RUN (fixture, &run, "--json", "deal", "delete", deal);
  node = parse_json (&run);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "title"), ==, "Haircut");
  g_assert_false (json_object_has_member (object, "name"));
  g_assert_true (json_object_get_boolean_member (object, "deleted"));
  g_clear_pointer (&node, json_node_unref);
  run_clear (&run);
  RUN (fixture, &run, "deal", "list");
  assert_ok (&run);
  g_assert_cmpstr (run.out, ==, "No deals\n");
  run_clear (&run);
  RUN (fixture, &run, "deal", "restore", deal);
  assert_ok (&run);
  g_assert_cmpstr (run.out, ==, "Restored “Haircut” from the trash\n");
  run_clear (&run);
  RUN (fixture, &run, "deal", "list");
  assert_ok (&run);
  g_assert_nonnull (strstr (run.out, "TITLE"));
  g_assert_nonnull (strstr (run.out, "Haircut"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/cli/usage", test_cli_usage);
  ADD ("/cli/contact-round-trip", test_cli_contact_round_trip);
  ADD ("/cli/contact-bad-input", test_cli_contact_bad_input);
  ADD ("/cli/search", test_cli_search);
  ADD ("/cli/deals", test_cli_deals);
  ADD ("/cli/stages", test_cli_stages);
  ADD ("/cli/calls-and-reminders", test_cli_calls_and_reminders);
  ADD ("/cli/demo", test_cli_demo);
  ADD ("/cli/custom-fields", test_cli_custom_fields);
  ADD ("/cli/paging-and-trash", test_cli_paging_and_trash);
#undef ADD
  g_test_add_func ("/cli/database-errors", test_cli_database_errors);

  return g_test_run ();
}
