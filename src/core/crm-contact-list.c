/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "crm-contact-list"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "crm-contact-list.h"
#include "crm-paged-list-private.h"
#include "crm-phone.h"

/**
 * CrmContactList:
 *
 * A [iface@Gio.ListModel] of the live [class@Contact]s (people and
 * companies) that match a [struct@ContactFilter], sorted by a
 * [enum@ContactSort].
 *
 * Sorting and filtering happen in SQL and rows are read 64 at a time (see
 * [class@PagedList]). The list follows the store's `changing` and
 * `changed` signals with exact items-changed ranges, and a row read again
 * updates the item views hold.
 */
struct _CrmContactList
{
  CrmPagedList parent_instance;
};

G_DEFINE_FINAL_TYPE (CrmContactList, crm_contact_list, CRM_TYPE_PAGED_LIST)

G_DEFINE_ENUM_TYPE (CrmContactSort, crm_contact_sort,
                    G_DEFINE_ENUM_VALUE (CRM_CONTACT_SORT_NAME, "name"),
                    G_DEFINE_ENUM_VALUE (CRM_CONTACT_SORT_UPDATED, "updated"),
                    G_DEFINE_ENUM_VALUE (CRM_CONTACT_SORT_CREATED, "created"),
                    G_DEFINE_ENUM_VALUE (CRM_CONTACT_SORT_COMPANY, "company"),
                    G_DEFINE_ENUM_VALUE (CRM_CONTACT_SORT_OWNER, "owner"))

/* Everything a row shows, for one contact; the first phone and e-mail by
 * position, as crm_store_get_contact() picks them. */
#define CONTACT_ROW_SQL \
  "SELECT c.kind, c.name, c.company_id, co.name, c.owner_id, u.name, c.is_key, " \
  "       c.source, c.notes, c.birthday, c.created_at, c.updated_at, c.deleted_at, " \
  "       ph.e164, ph.extension, " \
  "       (SELECT e.address FROM emails e WHERE e.contact_id = c.id " \
  "         ORDER BY e.position, e.id LIMIT 1), " \
  "       (SELECT group_concat (tag.name, ', ') FROM " \
  "          (SELECT t.name AS name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id " \
  "            WHERE ct.contact_id = c.id ORDER BY t.folded) AS tag) " \
  "FROM contacts c " \
  "LEFT JOIN contacts co ON co.id = c.company_id " \
  "LEFT JOIN users u ON u.id = c.owner_id " \
  "LEFT JOIN phones ph ON ph.id = (SELECT p.id FROM phones p WHERE p.contact_id = c.id " \
  "                                 ORDER BY p.position, p.id LIMIT 1) " \
  "WHERE c.id = ?1"

/* Keys over contacts c, each a column with an index on (key, id) over
 * live contacts; created is the id itself. The company and owner keys are
 * copies the store keeps in step with the company and user rows (see
 * schema_v2 in crm-migrations.c). */
static const CrmSortColumn sorts[] = {
  [CRM_CONTACT_SORT_NAME] = { "c.name_folded", FALSE },
  [CRM_CONTACT_SORT_UPDATED] = { "c.updated_at", FALSE },
  [CRM_CONTACT_SORT_CREATED] = { NULL, FALSE },
  [CRM_CONTACT_SORT_COMPANY] = { "c.company_sort", TRUE },
  [CRM_CONTACT_SORT_OWNER] = { "c.owner_sort", TRUE },
};

G_STATIC_ASSERT (G_N_ELEMENTS (sorts) == CRM_CONTACT_SORT_OWNER + 1);

/* The parameters are ?1 to ?4: the paged query numbers its own from ?20. */
static const CrmListFilterField filter_fields[] = {
  /* Any other value than a person or a company lets both through. */
  { G_STRUCT_OFFSET (CrmContactFilter, kind), CRM_LIST_FILTER_ENUM, 1,
    "c.kind = ?1", -1, CRM_CONTACT_COMPANY + 1 },
  { G_STRUCT_OFFSET (CrmContactFilter, owner_id), CRM_LIST_FILTER_INT64, 2,
    "c.owner_id = ?2" },
  { G_STRUCT_OFFSET (CrmContactFilter, tag), CRM_LIST_FILTER_TAG, 3,
    "c.id IN (SELECT ct.contact_id FROM contact_tags ct "
    "JOIN tags t ON t.id = ct.tag_id WHERE t.folded = ?3)" },
  { G_STRUCT_OFFSET (CrmContactFilter, key_only), CRM_LIST_FILTER_BOOLEAN, 0,
    "c.is_key <> 0" },
  { G_STRUCT_OFFSET (CrmContactFilter, company_id), CRM_LIST_FILTER_INT64, 4,
    "c.company_id = ?4" },
};

static const CrmListFilterInfo filter_info = {
  sizeof (CrmContactFilter), NULL, filter_fields, G_N_ELEMENTS (filter_fields),
};

/**
 * crm_contact_filter_init:
 * @filter: a filter to set up
 *
 * Sets @filter to let every live contact through.
 */
void
crm_contact_filter_init (CrmContactFilter *filter)
{
  g_return_if_fail (filter != NULL);

  _crm_list_filter_init (&filter_info, filter);
}

/**
 * crm_contact_filter_clear:
 * @filter: a filter
 *
 * Frees what @filter holds and sets it up again as
 * crm_contact_filter_init() does.
 */
void
crm_contact_filter_clear (CrmContactFilter *filter)
{
  g_return_if_fail (filter != NULL);

  _crm_list_filter_clear (&filter_info, filter);
}

/**
 * crm_contact_filter_copy:
 * @src: a filter
 * @dest: a filter set up with crm_contact_filter_init(); what it held is
 *   freed
 *
 * Makes @dest a copy of @src.
 */
void
crm_contact_filter_copy (const CrmContactFilter *src,
                         CrmContactFilter       *dest)
{
  g_return_if_fail (src != NULL);
  g_return_if_fail (dest != NULL);

  _crm_list_filter_copy (&filter_info, src, dest);
}

static gboolean
fill_contact (CrmStore *store,
              gint64    id,
              GObject  *item,
              gpointer  user_data)
{
  g_autoptr(CrmStatement) stmt = _crm_paged_list_read_row (store, CONTACT_ROW_SQL, id, "contact");
  g_autofree char *phone = NULL;
  CrmContact *contact = CRM_CONTACT (item);
  const char *e164;
  const char *extension;

  if (stmt == NULL)
    return FALSE;

  e164 = crm_statement_get_text (stmt, 13);
  extension = crm_statement_get_text (stmt, 14);
  if (e164 != NULL)
    {
      phone = crm_phone_format (e164);
      if (extension != NULL)
        {
          char *with_extension = g_strdup_printf (_("%s ext. %s"), phone, extension);

          g_free (phone);
          phone = with_extension;
        }
    }

  crm_contact_set_id (contact, id);
  crm_contact_set_kind (contact, (CrmContactKind)crm_statement_get_int64 (stmt, 0));
  crm_contact_set_name (contact, crm_statement_get_text (stmt, 1));
  crm_contact_set_company_id (contact, crm_statement_get_int64 (stmt, 2));
  crm_contact_set_company_name (contact, crm_statement_get_text (stmt, 3));
  crm_contact_set_owner_id (contact, crm_statement_get_int64 (stmt, 4));
  crm_contact_set_owner_name (contact, crm_statement_get_text (stmt, 5));
  crm_contact_set_is_key (contact, crm_statement_get_int64 (stmt, 6) != 0);
  crm_contact_set_source (contact, crm_statement_get_text (stmt, 7));
  crm_contact_set_notes (contact, crm_statement_get_text (stmt, 8));
  crm_contact_set_birthday (contact, crm_statement_get_text (stmt, 9));
  crm_contact_set_created_at (contact, crm_statement_get_int64 (stmt, 10));
  crm_contact_set_updated_at (contact, crm_statement_get_int64 (stmt, 11));
  crm_contact_set_deleted_at (contact, crm_statement_get_int64 (stmt, 12));
  crm_contact_set_primary_phone (contact, phone);
  crm_contact_set_primary_email (contact, crm_statement_get_text (stmt, 15));
  crm_contact_set_tags (contact, crm_statement_get_text (stmt, 16));

  return TRUE;
}

static const CrmPagedListInfo list_info = {
  .item_type = crm_contact_get_type,
  .table = "contacts",
  .alias = "c",
  .kind = CRM_ENTITY_CONTACT,
  .fill = fill_contact,
  .sorts = sorts,
  .n_sorts = G_N_ELEMENTS (sorts),
  .descending = FALSE,
  .filter = &filter_info,
  /* A company's people show its name and may be sorted by it; likewise
   * every contact its owner's. Phones, e-mails and tags are written with
   * their contact and come as a contact change. */
  .contact_condition = "c.company_id = ?20",
  .user_condition = "c.owner_id = ?20",
};

static void
crm_contact_list_class_init (CrmContactListClass *klass)
{
  CrmPagedListClass *list_class = CRM_PAGED_LIST_CLASS (klass);

  _crm_paged_list_class_set_info (list_class, &list_info);

  /**
   * CrmContactList:sort-key:
   *
   * What the contacts are sorted by, [enum@ContactSort].
   */
  /**
   * CrmContactList:sort-descending:
   *
   * Whether the latest or last in the alphabet come first.
   */
  _crm_paged_list_class_install_sort_properties (list_class, CRM_TYPE_CONTACT_SORT);
}

static void
crm_contact_list_init (CrmContactList *self)
{
}

/**
 * crm_contact_list_new:
 * @store: a #CrmStore
 *
 * Creates a list of the live contacts by name. It follows the store's
 * changes by itself.
 *
 * Returns: (transfer full): a new #CrmContactList
 */
CrmContactList *
crm_contact_list_new (CrmStore *store)
{
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);

  return g_object_new (CRM_TYPE_CONTACT_LIST,
                       "store", store,
                       NULL);
}

CrmStore *
crm_contact_list_get_store (CrmContactList *self)
{
  g_return_val_if_fail (CRM_IS_CONTACT_LIST (self), NULL);

  return _crm_paged_list_get_store (CRM_PAGED_LIST (self));
}

/**
 * crm_contact_list_set_sort:
 * @self: a #CrmContactList
 * @key: what to sort by
 * @descending: %TRUE for the latest or last first
 *
 * Sorts the list again: items-changed (0, n, n) unless nothing changed.
 */
void
crm_contact_list_set_sort (CrmContactList *self,
                           CrmContactSort  key,
                           gboolean        descending)
{
  g_return_if_fail (CRM_IS_CONTACT_LIST (self));
  g_return_if_fail (key <= CRM_CONTACT_SORT_OWNER);

  _crm_paged_list_set_sort (CRM_PAGED_LIST (self), key, descending);
}

CrmContactSort
crm_contact_list_get_sort_key (CrmContactList *self)
{
  g_return_val_if_fail (CRM_IS_CONTACT_LIST (self), CRM_CONTACT_SORT_NAME);

  return (CrmContactSort)_crm_paged_list_get_sort_key (CRM_PAGED_LIST (self));
}

gboolean
crm_contact_list_get_sort_descending (CrmContactList *self)
{
  g_return_val_if_fail (CRM_IS_CONTACT_LIST (self), FALSE);

  return _crm_paged_list_get_sort_descending (CRM_PAGED_LIST (self));
}

/**
 * crm_contact_list_set_filter:
 * @self: a #CrmContactList
 * @filter: (nullable): which contacts to show; %NULL for all live contacts
 *
 * Filters the list again: items-changed (0, old_n, new_n) unless nothing
 * changed.
 */
void
crm_contact_list_set_filter (CrmContactList         *self,
                             const CrmContactFilter *filter)
{
  g_return_if_fail (CRM_IS_CONTACT_LIST (self));

  _crm_paged_list_set_filter (CRM_PAGED_LIST (self), filter);
}

/**
 * crm_contact_list_get_filter:
 * @self: a #CrmContactList
 *
 * Returns: (transfer none): the filter in use
 */
const CrmContactFilter *
crm_contact_list_get_filter (CrmContactList *self)
{
  g_return_val_if_fail (CRM_IS_CONTACT_LIST (self), NULL);

  return _crm_paged_list_get_filter (CRM_PAGED_LIST (self));
}

gint64
crm_contact_list_find (CrmContactList *self,
                       gint64          contact_id)
{
  g_return_val_if_fail (CRM_IS_CONTACT_LIST (self), -1);

  return _crm_paged_list_find (CRM_PAGED_LIST (self), contact_id);
}

/**
 * crm_contact_list_dup_query_plan:
 * @self: a #CrmContactList
 *
 * Returns: (transfer full): SQLite's plan for reading one page, one step a
 *   line, for the current sort and filter
 */
char *
crm_contact_list_dup_query_plan (CrmContactList *self)
{
  g_return_val_if_fail (CRM_IS_CONTACT_LIST (self), NULL);

  return _crm_paged_list_dup_query_plan (CRM_PAGED_LIST (self));
}
