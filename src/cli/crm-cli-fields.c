/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "crm-cli-private.h"
#include "crm-store-fields.h"

/* Custom details of client cards: `field …` defines them, and `contact
 * add/edit --detail NAME=VALUE` and `contact show` use them. */

typedef struct
{
  gint64  field_id;
  char   *value;
} DetailPair;

static void
detail_pair_free (DetailPair *pair)
{
  g_free (pair->value);
  g_free (pair);
}

/* Finds a contact field by name, or fails with a message that says how to
 * see the fields there are. */
static CrmCustomField *
find_field (CrmCli      *cli,
            const char  *name,
            GError     **error)
{
  GError *local_error = NULL;
  CrmCustomField *field;

  field = crm_store_find_custom_field (cli->store, CRM_ENTITY_CONTACT, name, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (field == NULL)
    g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND,
                 _("No client detail is named “%s”; “field list” shows them and “field add” adds one"),
                 name);
  return field;
}

/**
 * crm_cli_parse_details:
 * @cli: the command line
 * @details: (nullable): NAME=VALUE texts
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the field ids and values to set, or
 *   %NULL with @error set when a text has no “=” or names no field
 */
GPtrArray *
crm_cli_parse_details (CrmCli      *cli,
                       char       **details,
                       GError     **error)
{
  g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func ((GDestroyNotify)detail_pair_free);

  for (guint i = 0; details != NULL && details[i] != NULL; i++)
    {
      const char *equals = strchr (details[i], '=');
      g_autofree char *name = NULL;
      g_autoptr(CrmCustomField) field = NULL;
      DetailPair *pair;

      if (equals == NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--detail is NAME=VALUE, not “%s”"), details[i]);
          return NULL;
        }

      name = g_strndup (details[i], equals - details[i]);
      field = find_field (cli, name, error);
      if (field == NULL)
        return NULL;

      pair = g_new0 (DetailPair, 1);
      pair->field_id = field->id;
      pair->value = g_strdup (equals + 1);
      g_ptr_array_add (pairs, pair);
    }

  return g_steal_pointer (&pairs);
}

/* Sets the values of crm_cli_parse_details() on a contact, inside the
 * caller's transaction. */
gboolean
crm_cli_set_details (CrmCli     *cli,
                     GPtrArray  *pairs,
                     gint64      contact_id,
                     GError    **error)
{
  for (guint i = 0; pairs != NULL && i < pairs->len; i++)
    {
      DetailPair *pair = g_ptr_array_index (pairs, i);

      if (!crm_store_set_custom_value (cli->store, pair->field_id, contact_id, pair->value, error))
        return FALSE;
    }

  return TRUE;
}

/* The contact's details as (name, value) in field order, only the fields
 * that have a value; NULL on error. */
static GPtrArray *
list_details (CrmCli     *cli,
              gint64      contact_id,
              GError    **error)
{
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func (g_free);

  fields = crm_store_list_custom_fields (cli->store, CRM_ENTITY_CONTACT, error);
  if (fields == NULL)
    return NULL;
  values = crm_store_get_custom_values (cli->store, contact_id, error);
  if (values == NULL)
    return NULL;

  for (guint i = 0; i < fields->len; i++)
    {
      CrmCustomField *field = g_ptr_array_index (fields, i);
      const char *value = g_hash_table_lookup (values, &field->id);

      if (value == NULL)
        continue;
      g_ptr_array_add (result, g_strdup (field->name));
      g_ptr_array_add (result, g_strdup (value));
    }

  return g_steal_pointer (&result);
}

void
crm_cli_add_details_json (CrmCli     *cli,
                          JsonObject *object,
                          gint64      contact_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) details = list_details (cli, contact_id, &error);
  JsonObject *member = json_object_new ();

  if (details == NULL)
    crm_cli_fail (cli, error);

  for (guint i = 0; details != NULL && i + 1 < details->len; i += 2)
    json_object_set_string_member (member,
                                   g_ptr_array_index (details, i),
                                   g_ptr_array_index (details, i + 1));
  json_object_set_object_member (object, "details", member);
}

void
crm_cli_print_details (CrmCli *cli,
                       gint64  contact_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) details = list_details (cli, contact_id, &error);

  if (details == NULL)
    {
      crm_cli_fail (cli, error);
      return;
    }

  for (guint i = 0; i + 1 < details->len; i += 2)
    printf ("%s: %s\n", (char *)g_ptr_array_index (details, i), (char *)g_ptr_array_index (details, i + 1));
}

static void
print_field (CrmCli         *cli,
             CrmCustomField *field)
{
  if (cli->json)
    {
      g_autoptr(JsonObject) object = json_object_new ();

      json_object_set_int_member (object, "id", field->id);
      json_object_set_string_member (object, "name", field->name);
      json_object_set_int_member (object, "position", field->position);
      crm_cli_print_object (object);
    }
}

static int
field_list (CrmCli  *cli,
            int      argc,
            char   **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GError) error = NULL;

  if (!crm_cli_parse_options (cli, "field list", NULL, entries, &argc, &argv))
    return CRM_CLI_USAGE;
  if (argc > 1)
    return crm_cli_usage_error (cli, _("field list takes no argument “%s”"), argv[1]);

  fields = crm_store_list_custom_fields (cli->store, CRM_ENTITY_CONTACT, &error);
  if (fields == NULL)
    return crm_cli_fail (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < fields->len; i++)
        {
          const CrmCustomField *field = g_ptr_array_index (fields, i);
          JsonObject *object = json_object_new ();

          json_object_set_int_member (object, "id", field->id);
          json_object_set_string_member (object, "name", field->name);
          json_object_set_int_member (object, "position", field->position);
          json_array_add_object_element (array, object);
        }
      json_node_take_array (node, array);
      crm_cli_print_json (node);
      return CRM_CLI_OK;
    }

  for (guint i = 0; i < fields->len; i++)
    {
      const CrmCustomField *field = g_ptr_array_index (fields, i);

      printf ("%s\n", field->name);
    }

  return CRM_CLI_OK;
}

static int
field_add (CrmCli  *cli,
           int      argc,
           char   **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmCustomField) field = NULL;
  gint64 id;

  if (!crm_cli_parse_options (cli, "field add", "NAME", entries, &argc, &argv))
    return CRM_CLI_USAGE;
  if (argc != 2)
    return crm_cli_usage_error (cli, _("field add needs one name"));

  id = crm_store_add_custom_field (cli->store, CRM_ENTITY_CONTACT, argv[1], &error);
  if (id == 0)
    return crm_cli_fail (cli, error);

  field = crm_store_find_custom_field (cli->store, CRM_ENTITY_CONTACT, argv[1], &error);
  if (field == NULL)
    return crm_cli_fail (cli, error);

  if (cli->json)
    print_field (cli, field);
  else
    printf (_("Added the client detail “%s”\n"), field->name);
  return CRM_CLI_OK;
}

static int
field_rename (CrmCli  *cli,
              int      argc,
              char   **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmCustomField) field = NULL;
  g_autoptr(CrmCustomField) renamed = NULL;

  if (!crm_cli_parse_options (cli, "field rename", "NAME NEW-NAME", entries, &argc, &argv))
    return CRM_CLI_USAGE;
  if (argc != 3)
    return crm_cli_usage_error (cli, _("field rename needs the name and the new name"));

  field = find_field (cli, argv[1], &error);
  if (field == NULL)
    return crm_cli_fail (cli, error);

  if (!crm_store_rename_custom_field (cli->store, field->id, argv[2], &error))
    return crm_cli_fail (cli, error);

  renamed = crm_store_find_custom_field (cli->store, CRM_ENTITY_CONTACT, argv[2], &error);
  if (renamed == NULL)
    return crm_cli_fail (cli, error);

  if (cli->json)
    print_field (cli, renamed);
  else
    printf (_("Renamed the client detail “%s” to “%s”\n"), field->name, renamed->name);
  return CRM_CLI_OK;
}

static int
field_delete (CrmCli  *cli,
              int      argc,
              char   **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmCustomField) field = NULL;

  if (!crm_cli_parse_options (cli, "field delete", "NAME", entries, &argc, &argv))
    return CRM_CLI_USAGE;
  if (argc != 2)
    return crm_cli_usage_error (cli, _("field delete needs one name"));

  field = find_field (cli, argv[1], &error);
  if (field == NULL)
    return crm_cli_fail (cli, error);

  if (!crm_store_delete_custom_field (cli->store, field->id, &error))
    return crm_cli_fail (cli, error);

  if (cli->json)
    {
      g_autoptr(JsonObject) object = json_object_new ();

      json_object_set_int_member (object, "id", field->id);
      json_object_set_string_member (object, "name", field->name);
      json_object_set_boolean_member (object, "deleted", TRUE);
      crm_cli_print_object (object);
    }
  else
    printf (_("Deleted the client detail “%s”; what clients had in it is kept\n"), field->name);
  return CRM_CLI_OK;
}

const CrmCliCommand crm_cli_field_commands[] = {
  { "field", "list", field_list, N_("List the details client cards have") },
  { "field", "add", field_add, N_("Add a detail to client cards") },
  { "field", "rename", field_rename, N_("Rename a detail of client cards") },
  { "field", "delete", field_delete, N_("Remove a detail from client cards") },
  { NULL }
};
