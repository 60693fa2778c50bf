/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "crm-cli-private.h"
#include "crm-contact-list.h"
#include "crm-phone.h"
#include "crm-store-contacts.h"
#include "crm-text.h"
#include "crm-time.h"

static const char *phone_kind_names[] = { "mobile", "work", "home", "other" };
static const char *email_kind_names[] = { "work", "home", "other" };

/* "work:+371 67 123 456" gives a work phone; without a prefix, mobile. */
static const char *
split_kind (const char         *text,
            const char * const *names,
            guint               n_names,
            guint              *out_kind)
{
  *out_kind = 0;

  for (guint i = 0; i < n_names; i++)
    {
      gsize len = strlen (names[i]);

      if (g_ascii_strncasecmp (text, names[i], len) == 0 && text[len] == ':')
        {
          *out_kind = i;
          return text + len + 1;
        }
    }

  return text;
}

static void
add_phones (CrmContact  *contact,
            char       **phones)
{
  for (guint i = 0; phones != NULL && phones[i] != NULL; i++)
    {
      guint kind;
      const char *raw = split_kind (phones[i], phone_kind_names, G_N_ELEMENTS (phone_kind_names), &kind);

      crm_contact_add_phone (contact, crm_phone_entry_new ((CrmPhoneKind)kind, raw, NULL, NULL));
    }
}

static void
add_emails (CrmContact  *contact,
            char       **emails)
{
  for (guint i = 0; emails != NULL && emails[i] != NULL; i++)
    {
      guint kind;
      const char *address = split_kind (emails[i], email_kind_names, G_N_ELEMENTS (email_kind_names), &kind);

      crm_contact_add_email (contact, crm_email_entry_new ((CrmEmailKind)kind, address));
    }
}

static JsonObject *
contact_to_json (CrmContact *contact)
{
  JsonObject *object = json_object_new ();
  GPtrArray *phones = crm_contact_get_phones (contact);
  GPtrArray *emails = crm_contact_get_emails (contact);
  JsonArray *phone_array = json_array_new ();
  JsonArray *email_array = json_array_new ();

  json_object_set_int_member (object, "id", crm_contact_get_id (contact));
  json_object_set_string_member (object, "kind",
                                 crm_contact_get_kind (contact) == CRM_CONTACT_COMPANY ? "company" : "person");
  crm_cli_json_set_string (object, "name", crm_contact_get_name (contact));
  if (crm_contact_get_company_id (contact) != 0)
    json_object_set_int_member (object, "company_id", crm_contact_get_company_id (contact));
  else
    json_object_set_null_member (object, "company_id");
  crm_cli_json_set_string (object, "company", crm_contact_get_company_name (contact));
  crm_cli_json_set_string (object, "owner", crm_contact_get_owner_name (contact));
  json_object_set_boolean_member (object, "key", crm_contact_get_is_key (contact));
  crm_cli_json_set_string (object, "phone", crm_contact_get_primary_phone (contact));
  crm_cli_json_set_string (object, "email", crm_contact_get_primary_email (contact));

  for (guint i = 0; i < phones->len; i++)
    {
      CrmPhone *phone = g_ptr_array_index (phones, i);
      JsonObject *item = json_object_new ();
      g_autofree char *formatted = phone->e164 ? crm_phone_format (phone->e164) : NULL;

      json_object_set_string_member (item, "kind", phone_kind_names[CLAMP (phone->kind, 0, 3)]);
      crm_cli_json_set_string (item, "number", phone->raw);
      crm_cli_json_set_string (item, "e164", phone->e164);
      crm_cli_json_set_string (item, "formatted", formatted);
      crm_cli_json_set_string (item, "extension", phone->extension);
      json_array_add_object_element (phone_array, item);
    }
  json_object_set_array_member (object, "phones", phone_array);

  for (guint i = 0; i < emails->len; i++)
    {
      CrmEmail *email = g_ptr_array_index (emails, i);
      JsonObject *item = json_object_new ();

      json_object_set_string_member (item, "kind", email_kind_names[CLAMP (email->kind, 0, 2)]);
      crm_cli_json_set_string (item, "address", email->address);
      json_array_add_object_element (email_array, item);
    }
  json_object_set_array_member (object, "emails", email_array);

  json_object_set_array_member (object, "tags",
                                crm_cli_json_string_list ((const char * const *)crm_contact_get_tag_list (contact)));
  crm_cli_json_set_string (object, "source", crm_contact_get_source (contact));
  crm_cli_json_set_string (object, "notes", crm_contact_get_notes (contact));
  crm_cli_json_set_string (object, "birthday", crm_contact_get_birthday (contact));
  crm_cli_json_set_time (object, "created", crm_contact_get_created_at (contact));
  crm_cli_json_set_time (object, "updated", crm_contact_get_updated_at (contact));
  crm_cli_json_set_time (object, "deleted", crm_contact_get_deleted_at (contact));

  return object;
}

static void
print_contact (CrmCli     *cli,
               CrmContact *contact)
{
  const char *labels[] = {
    _("Id"), _("Name"), _("Kind"), _("Company"), _("Phones"), _("E-mails"),
    _("Owner"), _("Key client"), _("Tags"), _("Source"), _("Birthday"),
    _("Notes"), _("Created"), _("Updated"), _("In the trash since"),
  };
  g_autoptr(GString) phones = g_string_new (NULL);
  g_autoptr(GString) emails = g_string_new (NULL);
  g_autofree char *id = NULL;
  g_autofree char *created = NULL;
  g_autofree char *updated = NULL;
  g_autofree char *deleted = NULL;
  GPtrArray *phone_list;
  GPtrArray *email_list;

  if (cli->json)
    {
      g_autoptr(JsonObject) object = contact_to_json (contact);

      crm_cli_add_details_json (cli, object, crm_contact_get_id (contact));
      crm_cli_print_object (object);
      return;
    }

  phone_list = crm_contact_get_phones (contact);
  for (guint i = 0; i < phone_list->len; i++)
    {
      CrmPhone *phone = g_ptr_array_index (phone_list, i);
      g_autofree char *formatted = phone->e164 ? crm_phone_format (phone->e164) : g_strdup (phone->raw);

      if (phones->len > 0)
        g_string_append (phones, ", ");
      g_string_append (phones, formatted);
      if (phone->extension != NULL)
        g_string_append_printf (phones, _(" ext. %s"), phone->extension);
    }

  email_list = crm_contact_get_emails (contact);
  for (guint i = 0; i < email_list->len; i++)
    {
      CrmEmail *email = g_ptr_array_index (email_list, i);

      if (emails->len > 0)
        g_string_append (emails, ", ");
      g_string_append (emails, email->address);
    }

  id = g_strdup_printf ("%" G_GINT64_FORMAT, crm_contact_get_id (contact));
  created = crm_time_format_short (crm_contact_get_created_at (contact));
  updated = crm_time_format_short (crm_contact_get_updated_at (contact));
  if (crm_contact_get_deleted_at (contact) != 0)
    deleted = crm_time_format_short (crm_contact_get_deleted_at (contact));

  {
    const char *values[] = {
      id,
      crm_contact_get_name (contact),
      crm_contact_get_kind (contact) == CRM_CONTACT_COMPANY ? _("Company") : _("Person"),
      crm_contact_get_company_name (contact),
      phones->str,
      emails->str,
      crm_contact_get_owner_name (contact),
      crm_contact_get_is_key (contact) ? _("Yes") : NULL,
      crm_contact_get_tags (contact),
      crm_contact_get_source (contact),
      crm_contact_get_birthday (contact),
      crm_contact_get_notes (contact),
      created,
      updated,
      deleted,
    };

    G_STATIC_ASSERT (G_N_ELEMENTS (labels) == G_N_ELEMENTS (values));
    crm_cli_print_fields (labels, values, G_N_ELEMENTS (labels));
  }
  crm_cli_print_details (cli, crm_contact_get_id (contact));
}

static gboolean
parse_kind (const char      *text,
            CrmContactKind  *out_kind,
            GError         **error)
{
  if (g_strcmp0 (text, "person") == 0)
    *out_kind = CRM_CONTACT_PERSON;
  else if (g_strcmp0 (text, "company") == 0)
    *out_kind = CRM_CONTACT_COMPANY;
  else
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--kind is “person” or “company”, not “%s”"), text);
      return FALSE;
    }

  return TRUE;
}

static int
contact_add (CrmCli  *cli,
             int      argc,
             char   **argv)
{
  g_autofree char *name = NULL;
  g_autofree char *company = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *source = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *birthday = NULL;
  g_auto(GStrv) phones = NULL;
  g_auto(GStrv) emails = NULL;
  g_auto(GStrv) tags = NULL;
  g_auto(GStrv) details = NULL;
  gboolean key = FALSE;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("The client’s name"), N_("NAME") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_("person (the default) or company"), N_("KIND") },
    { "phone", 0, 0, G_OPTION_ARG_STRING_ARRAY, &phones, N_("A phone number, in any format; kind: prefix optional (work:…)"), N_("PHONE") },
    { "email", 0, 0, G_OPTION_ARG_STRING_ARRAY, &emails, N_("An e-mail address"), N_("ADDRESS") },
    { "company", 0, 0, G_OPTION_ARG_STRING, &company, N_("The company the person works for (created if new)"), N_("NAME") },
    { "owner", 0, 0, G_OPTION_ARG_STRING, &owner, N_("The employee responsible for the client"), N_("LOGIN") },
    { "key", 0, 0, G_OPTION_ARG_NONE, &key, N_("Mark as a key client"), NULL },
    { "tag", 0, 0, G_OPTION_ARG_STRING_ARRAY, &tags, N_("A tag"), N_("TAG") },
    { "source", 0, 0, G_OPTION_ARG_STRING, &source, N_("Where the client came from"), N_("TEXT") },
    { "notes", 0, 0, G_OPTION_ARG_STRING, &notes, N_("Notes"), N_("TEXT") },
    { "birthday", 0, 0, G_OPTION_ARG_STRING, &birthday, N_("Birthday"), N_("YYYY-MM-DD") },
    { "detail", 0, 0, G_OPTION_ARG_STRING_ARRAY, &details, N_("A client detail (see “field list”)"), N_("NAME=VALUE") },
    { NULL }
  };
  g_autoptr(CrmContact) contact = crm_contact_new ();
  g_autoptr(CrmContact) stored = NULL;
  g_autoptr(GPtrArray) detail_pairs = NULL;
  g_autoptr(GError) error = NULL;
  CrmContactKind contact_kind = CRM_CONTACT_PERSON;

  if (!crm_cli_parse_options (cli, "contact add", NULL, entries, &argc, &argv))
    return CRM_CLI_USAGE;
  if (argc > 1)
    return crm_cli_usage_error (cli, _("contact add takes no argument “%s”; use --name"), argv[1]);
  if (name == NULL)
    return crm_cli_usage_error (cli, _("contact add needs --name"));

  if (kind != NULL && !parse_kind (kind, &contact_kind, &error))
    return crm_cli_fail (cli, error);
  detail_pairs = crm_cli_parse_details (cli, details, &error);
  if (detail_pairs == NULL)
    return crm_cli_fail (cli, error);

  crm_contact_set_kind (contact, contact_kind);
  crm_contact_set_name (contact, name);
  crm_contact_set_company_name (contact, company);
  crm_contact_set_is_key (contact, key);
  crm_contact_set_source (contact, source);
  crm_contact_set_notes (contact, notes);
  crm_contact_set_birthday (contact, birthday);
  crm_contact_set_tag_list (contact, (const char * const *)tags);
  add_phones (contact, phones);
  add_emails (contact, emails);

  if (owner != NULL)
    {
      gint64 owner_id = crm_cli_find_user (cli, owner, &error);

      if (owner_id == 0)
        return crm_cli_fail (cli, error);
      crm_contact_set_owner_id (contact, owner_id);
    }

  if (!crm_store_begin (cli->store, &error))
    return crm_cli_fail (cli, error);
  if (crm_store_add_contact (cli->store, contact, &error) == 0 ||
      !crm_cli_set_details (cli, detail_pairs, crm_contact_get_id (contact), &error))
    {
      crm_store_rollback (cli->store);
      return crm_cli_fail (cli, error);
    }
  if (!crm_store_commit (cli->store, &error))
    return crm_cli_fail (cli, error);

  if (!cli->json)
    {
      printf ("%" G_GINT64_FORMAT "\n", crm_contact_get_id (contact));
      return CRM_CLI_OK;
    }

  stored = crm_store_get_contact (cli->store, crm_contact_get_id (contact), &error);
  if (stored == NULL)
    return crm_cli_fail (cli, error);

  print_contact (cli, stored);
  return CRM_CLI_OK;
}

static CrmContact *
load_contact_argument (CrmCli     *cli,
                       int         argc,
                       char      **argv,
                       const char *command,
                       int        *status)
{
  return crm_cli_load_argument (cli, argc, argv, (CrmCliLoadFunc)crm_store_get_contact, status,
                                _("%s needs one client id"), command);
}

static int
contact_show (CrmCli  *cli,
              int      argc,
              char   **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(CrmContact) contact = NULL;
  int status = CRM_CLI_OK;

  if (!crm_cli_parse_options (cli, "contact show", "ID", entries, &argc, &argv))
    return CRM_CLI_USAGE;

  contact = load_contact_argument (cli, argc, argv, "contact show", &status);
  if (contact == NULL)
    return status;

  print_contact (cli, contact);
  return CRM_CLI_OK;
}

static gboolean
same_phone (CrmCli     *cli,
            CrmPhone   *phone,
            const char *text)
{
  g_autofree char *digits = NULL;

  if (g_strcmp0 (phone->raw, text) == 0)
    return TRUE;

  if (!crm_phone_normalize (text, crm_store_get_default_country (cli->store), &digits, NULL, NULL))
    return FALSE;

  return g_strcmp0 (phone->e164, digits) == 0;
}

static int
contact_edit (CrmCli  *cli,
              int      argc,
              char   **argv)
{
  g_autofree char *name = NULL;
  g_autofree char *company = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *source = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *birthday = NULL;
  g_auto(GStrv) phones = NULL;
  g_auto(GStrv) add_phone = NULL;
  g_auto(GStrv) remove_phone = NULL;
  g_auto(GStrv) emails = NULL;
  g_auto(GStrv) add_email = NULL;
  g_auto(GStrv) remove_email = NULL;
  g_auto(GStrv) tags = NULL;
  g_auto(GStrv) details = NULL;
  gboolean key = FALSE;
  gboolean no_key = FALSE;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("A new name"), N_("NAME") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_("person or company"), N_("KIND") },
    { "phone", 0, 0, G_OPTION_ARG_STRING_ARRAY, &phones, N_("Replace all phone numbers with these"), N_("PHONE") },
    { "add-phone", 0, 0, G_OPTION_ARG_STRING_ARRAY, &add_phone, N_("Add a phone number"), N_("PHONE") },
    { "remove-phone", 0, 0, G_OPTION_ARG_STRING_ARRAY, &remove_phone, N_("Remove a phone number (any format)"), N_("PHONE") },
    { "email", 0, 0, G_OPTION_ARG_STRING_ARRAY, &emails, N_("Replace all e-mail addresses with these"), N_("ADDRESS") },
    { "add-email", 0, 0, G_OPTION_ARG_STRING_ARRAY, &add_email, N_("Add an e-mail address"), N_("ADDRESS") },
    { "remove-email", 0, 0, G_OPTION_ARG_STRING_ARRAY, &remove_email, N_("Remove an e-mail address"), N_("ADDRESS") },
    { "company", 0, 0, G_OPTION_ARG_STRING, &company, N_("The company (empty to unlink)"), N_("NAME") },
    { "owner", 0, 0, G_OPTION_ARG_STRING, &owner, N_("Hand the client to this employee"), N_("LOGIN") },
    { "key", 0, 0, G_OPTION_ARG_NONE, &key, N_("Mark as a key client"), NULL },
    { "no-key", 0, 0, G_OPTION_ARG_NONE, &no_key, N_("Unmark as a key client"), NULL },
    { "tag", 0, 0, G_OPTION_ARG_STRING_ARRAY, &tags, N_("Replace the tags with these"), N_("TAG") },
    { "source", 0, 0, G_OPTION_ARG_STRING, &source, N_("Where the client came from"), N_("TEXT") },
    { "notes", 0, 0, G_OPTION_ARG_STRING, &notes, N_("Notes"), N_("TEXT") },
    { "birthday", 0, 0, G_OPTION_ARG_STRING, &birthday, N_("Birthday (empty to clear)"), N_("YYYY-MM-DD") },
    { "detail", 0, 0, G_OPTION_ARG_STRING_ARRAY, &details, N_("Set a client detail (NAME= clears it)"), N_("NAME=VALUE") },
    { NULL }
  };
  g_autoptr(CrmContact) contact = NULL;
  g_autoptr(GPtrArray) detail_pairs = NULL;
  g_autoptr(GError) error = NULL;
  int status = CRM_CLI_OK;

  if (!crm_cli_parse_options (cli, "contact edit", "ID", entries, &argc, &argv))
    return CRM_CLI_USAGE;
  if (key && no_key)
    return crm_cli_usage_error (cli, _("--key and --no-key contradict each other"));

  contact = load_contact_argument (cli, argc, argv, "contact edit", &status);
  if (contact == NULL)
    return status;
  detail_pairs = crm_cli_parse_details (cli, details, &error);
  if (detail_pairs == NULL)
    return crm_cli_fail (cli, error);

  if (name != NULL)
    crm_contact_set_name (contact, name);
  if (kind != NULL)
    {
      CrmContactKind contact_kind;

      if (!parse_kind (kind, &contact_kind, &error))
        return crm_cli_fail (cli, error);
      crm_contact_set_kind (contact, contact_kind);
    }
  if (company != NULL)
    {
      crm_contact_set_company_id (contact, 0);
      crm_contact_set_company_name (contact, company[0] != '\0' ? company : NULL);
    }
  if (owner != NULL)
    {
      gint64 owner_id = crm_cli_find_user (cli, owner, &error);

      if (owner_id == 0)
        return crm_cli_fail (cli, error);
      crm_contact_set_owner_id (contact, owner_id);
    }
  if (key || no_key)
    crm_contact_set_is_key (contact, key);
  if (tags != NULL)
    crm_contact_set_tag_list (contact, (const char * const *)tags);
  if (source != NULL)
    crm_contact_set_source (contact, source[0] != '\0' ? source : NULL);
  if (notes != NULL)
    crm_contact_set_notes (contact, notes[0] != '\0' ? notes : NULL);
  if (birthday != NULL)
    crm_contact_set_birthday (contact, birthday[0] != '\0' ? birthday : NULL);

  if (phones != NULL)
    crm_contact_clear_phones (contact);
  add_phones (contact, phones);
  add_phones (contact, add_phone);
  for (guint i = 0; remove_phone != NULL && remove_phone[i] != NULL; i++)
    {
      GPtrArray *list = crm_contact_get_phones (contact);
      gboolean found = FALSE;

      for (guint j = list->len; j > 0; j--)
        {
          if (same_phone (cli, g_ptr_array_index (list, j - 1), remove_phone[i]))
            {
              g_ptr_array_remove_index (list, j - 1);
              found = TRUE;
            }
        }
      if (!found)
        return crm_cli_fail_message (cli, _("The client has no phone number “%s”"), remove_phone[i]);
    }

  if (emails != NULL)
    crm_contact_clear_emails (contact);
  add_emails (contact, emails);
  add_emails (contact, add_email);
  for (guint i = 0; remove_email != NULL && remove_email[i] != NULL; i++)
    {
      GPtrArray *list = crm_contact_get_emails (contact);
      gboolean found = FALSE;

      for (guint j = list->len; j > 0; j--)
        {
          CrmEmail *email = g_ptr_array_index (list, j - 1);

          if (g_ascii_strcasecmp (email->address, remove_email[i]) == 0)
            {
              g_ptr_array_remove_index (list, j - 1);
              found = TRUE;
            }
        }
      if (!found)
        return crm_cli_fail_message (cli, _("The client has no e-mail address “%s”"), remove_email[i]);
    }

  if (!crm_store_begin (cli->store, &error))
    return crm_cli_fail (cli, error);
  if (!crm_store_update_contact (cli->store, contact, &error) ||
      !crm_cli_set_details (cli, detail_pairs, crm_contact_get_id (contact), &error))
    {
      crm_store_rollback (cli->store);
      return crm_cli_fail (cli, error);
    }
  if (!crm_store_commit (cli->store, &error))
    return crm_cli_fail (cli, error);

  if (cli->json)
    {
      g_autoptr(CrmContact) stored = crm_store_get_contact (cli->store, crm_contact_get_id (contact), &error);

      if (stored == NULL)
        return crm_cli_fail (cli, error);
      print_contact (cli, stored);
    }

  return CRM_CLI_OK;
}

/* Both `contact delete` and `contact restore`; argv[0] is the verb. */
static int
contact_trash_or_restore (CrmCli  *cli,
                          int      argc,
                          char   **argv)
{
  GOptionEntry entries[] = { { NULL } };
  gboolean restore = g_str_equal (argv[0], "restore");
  const char *command = restore ? "contact restore" : "contact delete";
  g_autoptr(CrmContact) contact = NULL;
  int status = CRM_CLI_OK;

  if (!crm_cli_parse_options (cli, command, "ID", entries, &argc, &argv))
    return CRM_CLI_USAGE;

  contact = load_contact_argument (cli, argc, argv, command, &status);
  if (contact == NULL)
    return status;

  return crm_cli_trash_or_restore (cli, restore ? crm_store_restore_contact : crm_store_delete_contact,
                                   restore, crm_contact_get_id (contact),
                                   "name", crm_contact_get_name (contact));
}

static gboolean
parse_contact_sort (const char      *text,
                    CrmContactSort  *out_sort,
                    GError         **error)
{
  static const struct { const char *name; CrmContactSort sort; } sorts[] = {
    { "name", CRM_CONTACT_SORT_NAME },
    { "updated", CRM_CONTACT_SORT_UPDATED },
    { "created", CRM_CONTACT_SORT_CREATED },
    { "company", CRM_CONTACT_SORT_COMPANY },
    { "owner", CRM_CONTACT_SORT_OWNER },
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
               _("--sort is one of name, updated, created, company, owner; not “%s”"), text);
  return FALSE;
}

static char **
contact_to_row (gpointer item)
{
  CrmContact *contact = item;
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, crm_contact_get_id (contact));

  return g_strdupv ((char *[]) {
    id,
    (char *)crm_contact_get_name (contact),
    (char *)(crm_contact_get_primary_phone (contact) ? crm_contact_get_primary_phone (contact) : ""),
    (char *)(crm_contact_get_company_name (contact) ? crm_contact_get_company_name (contact) : ""),
    (char *)(crm_contact_get_owner_name (contact) ? crm_contact_get_owner_name (contact) : ""),
    NULL });
}

static int
contact_list (CrmCli  *cli,
              int      argc,
              char   **argv)
{
  g_autofree char *owner = NULL;
  g_autofree char *tag = NULL;
  g_autofree char *sort = NULL;
  gboolean companies = FALSE;
  gboolean people = FALSE;
  gboolean key = FALSE;
  gboolean descending = FALSE;
  GOptionEntry entries[] = {
    { "companies", 0, 0, G_OPTION_ARG_NONE, &companies, N_("Only companies"), NULL },
    { "people", 0, 0, G_OPTION_ARG_NONE, &people, N_("Only people"), NULL },
    { "owner", 0, 0, G_OPTION_ARG_STRING, &owner, N_("Only the clients of this employee"), N_("LOGIN") },
    { "tag", 0, 0, G_OPTION_ARG_STRING, &tag, N_("Only clients with this tag"), N_("TAG") },
    { "key", 0, 0, G_OPTION_ARG_NONE, &key, N_("Only key clients"), NULL },
    { "sort", 0, 0, G_OPTION_ARG_STRING, &sort, N_("name, updated, created, company or owner"), N_("KEY") },
    { "descending", 0, 0, G_OPTION_ARG_NONE, &descending, N_("Reverse the order"), NULL },
    { NULL }
  };
  g_auto(CrmCliPage) page = CRM_CLI_PAGE_INIT;
  g_autoptr(CrmContactList) list = NULL;
  g_autoptr(GError) error = NULL;
  CrmContactFilter filter;
  CrmContactSort sort_key = CRM_CONTACT_SORT_NAME;

  if (!crm_cli_parse_list_options (cli, "contact list", entries, &page, &argc, &argv))
    return CRM_CLI_USAGE;
  if (argc > 1)
    return crm_cli_usage_error (cli, _("contact list takes no argument “%s”"), argv[1]);
  if (companies && people)
    return crm_cli_usage_error (cli, _("--companies and --people contradict each other"));

  if (!crm_cli_page_parse (&page, &error) ||
      (sort != NULL && !parse_contact_sort (sort, &sort_key, &error)))
    return crm_cli_fail (cli, error);

  crm_contact_filter_init (&filter);
  if (companies)
    filter.kind = CRM_CONTACT_COMPANY;
  else if (people)
    filter.kind = CRM_CONTACT_PERSON;
  filter.key_only = key;
  filter.tag = g_strdup (tag);
  if (owner != NULL)
    {
      filter.owner_id = crm_cli_find_user (cli, owner, &error);
      if (filter.owner_id == 0)
        {
          crm_contact_filter_clear (&filter);
          return crm_cli_fail (cli, error);
        }
    }

  list = crm_contact_list_new (cli->store);
  crm_contact_list_set_sort (list, sort_key, descending);
  crm_contact_list_set_filter (list, &filter);
  crm_contact_filter_clear (&filter);

  crm_cli_print_list (cli, G_LIST_MODEL (list), &page, (CrmCliJsonFunc)contact_to_json, contact_to_row,
                      (const char *[]) { _("ID"), _("NAME"), _("PHONE"), _("COMPANY"), _("OWNER"), NULL },
                      _("No clients"));
  return CRM_CLI_OK;
}

const CrmCliCommand crm_cli_contact_commands[] = {
  { "contact", "add", contact_add, N_("Add a client (person or company)") },
  { "contact", "list", contact_list, N_("List clients") },
  { "contact", "show", contact_show, N_("Show everything about a client") },
  { "contact", "edit", contact_edit, N_("Change a client") },
  { "contact", "delete", contact_trash_or_restore, N_("Move a client to the trash") },
  { "contact", "restore", contact_trash_or_restore, N_("Bring a client back from the trash") },
  { NULL }
};
