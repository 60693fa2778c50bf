/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "crm-contact-list"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "crm-contact-list.h"
#include "crm-database.h"
#include "crm-paged-query.h"
#include "crm-phone.h"
#include "crm-text.h"

/**
 * CrmContactList:
 *
 * A [iface@Gio.ListModel] of the live [class@Contact]s (people and
 * companies) that match a [struct@ContactFilter], sorted by a
 * [enum@ContactSort].
 *
 * Sorting and filtering happen in SQL and rows are read 64 at a time. The
 * list follows the store's `changing` and `changed` signals with exact
 * items-changed ranges, and a row read again updates the item views hold.
 */
struct _CrmContactList
{
  GObject           parent_instance;

  CrmStore         *store;
  CrmPagedQuery    *query;

  CrmContactSort    sort_key;
  gboolean          descending;
  CrmContactFilter  filter;
  char             *tag_folded;

  /* Names as they were before a write, to tell a company's rename. */
  GHashTable       *contact_names;

  gulong            changing_handler;
  gulong            changed_handler;
};

static void crm_contact_list_list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CrmContactList, crm_contact_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      crm_contact_list_list_model_iface_init))

G_DEFINE_ENUM_TYPE (CrmContactSort, crm_contact_sort,
                    G_DEFINE_ENUM_VALUE (CRM_CONTACT_SORT_NAME, "name"),
                    G_DEFINE_ENUM_VALUE (CRM_CONTACT_SORT_UPDATED, "updated"),
                    G_DEFINE_ENUM_VALUE (CRM_CONTACT_SORT_CREATED, "created"),
                    G_DEFINE_ENUM_VALUE (CRM_CONTACT_SORT_COMPANY, "company"),
                    G_DEFINE_ENUM_VALUE (CRM_CONTACT_SORT_OWNER, "owner"))

enum {
  PROP_0,
  PROP_STORE,
  PROP_ITEM_TYPE,
  PROP_N_ITEMS,
  PROP_SORT_KEY,
  PROP_SORT_DESCENDING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

typedef struct
{
  const char    *joins;
  CrmSortColumn  columns[1];
  guint          n_columns;
} SortSpec;

/* Keys over contacts c, each a column with an index on (key, id) over
 * live contacts; created is the id itself. The company and owner keys are
 * copies the store keeps in step with the company and user rows (see
 * schema_v2 in crm-migrations.c). */
static const SortSpec sort_specs[] = {
  [CRM_CONTACT_SORT_NAME] = { "", { { "c.name_folded", FALSE } }, 1 },
  [CRM_CONTACT_SORT_UPDATED] = { "", { { "c.updated_at", FALSE } }, 1 },
  [CRM_CONTACT_SORT_CREATED] = { "", { { NULL, FALSE } }, 0 },
  [CRM_CONTACT_SORT_COMPANY] = { "", { { "c.company_sort", TRUE } }, 1 },
  [CRM_CONTACT_SORT_OWNER] = { "", { { "c.owner_sort", TRUE } }, 1 },
};

G_STATIC_ASSERT (G_N_ELEMENTS (sort_specs) == CRM_CONTACT_SORT_OWNER + 1);

/* Filter parameters; the paged query numbers its own from ?20. */
enum {
  PARAM_KIND = 1,
  PARAM_OWNER,
  PARAM_TAG,
  PARAM_COMPANY,
};

G_STATIC_ASSERT (PARAM_COMPANY < CRM_PAGED_QUERY_FIRST_PARAM);

static gboolean
filter_has_kind (const CrmContactFilter *filter)
{
  return filter->kind == CRM_CONTACT_PERSON || filter->kind == CRM_CONTACT_COMPANY;
}

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

  memset (filter, 0, sizeof *filter);
  filter->kind = (CrmContactKind)-1;
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

  g_clear_pointer (&filter->tag, g_free);
  crm_contact_filter_init (filter);
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
  char *tag;

  g_return_if_fail (src != NULL);
  g_return_if_fail (dest != NULL);

  if (src == dest)
    return;

  tag = g_strdup (src->tag);
  g_free (dest->tag);
  *dest = *src;
  dest->tag = tag;
}

static gboolean
filter_equal (const CrmContactFilter *a,
              const CrmContactFilter *b)
{
  if (filter_has_kind (a) != filter_has_kind (b) ||
      (filter_has_kind (a) && a->kind != b->kind))
    return FALSE;

  return a->owner_id == b->owner_id &&
         g_strcmp0 (a->tag, b->tag) == 0 &&
         !a->key_only == !b->key_only &&
         a->company_id == b->company_id;
}

static void
add_condition (GString    *sql,
               const char *condition)
{
  if (sql->len > 0)
    g_string_append (sql, " AND ");
  g_string_append (sql, condition);
}

static char *
build_filter_sql (CrmContactList *self)
{
  const CrmContactFilter *filter = &self->filter;
  GString *sql = g_string_new (NULL);

  if (filter_has_kind (filter))
    add_condition (sql, "c.kind = ?1");
  if (filter->owner_id != 0)
    add_condition (sql, "c.owner_id = ?2");
  if (self->tag_folded != NULL)
    add_condition (sql, "c.id IN (SELECT ct.contact_id FROM contact_tags ct "
                        "JOIN tags t ON t.id = ct.tag_id WHERE t.folded = ?3)");
  if (filter->key_only)
    add_condition (sql, "c.is_key <> 0");
  if (filter->company_id != 0)
    add_condition (sql, "c.company_id = ?4");

  return g_string_free (sql, sql->len == 0);
}

static void
bind_filter (CrmStatement *stmt,
             gpointer      user_data)
{
  CrmContactList *self = user_data;
  const CrmContactFilter *filter = &self->filter;

  if (filter_has_kind (filter))
    crm_statement_bind_int64 (stmt, PARAM_KIND, filter->kind);
  if (filter->owner_id != 0)
    crm_statement_bind_int64 (stmt, PARAM_OWNER, filter->owner_id);
  if (self->tag_folded != NULL)
    crm_statement_bind_text (stmt, PARAM_TAG, self->tag_folded);
  if (filter->company_id != 0)
    crm_statement_bind_int64 (stmt, PARAM_COMPANY, filter->company_id);
}

static gboolean
fill_contact (CrmStore *store,
              gint64    id,
              GObject  *item,
              gpointer  user_data)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *phone = NULL;
  CrmContact *contact = CRM_CONTACT (item);
  const char *e164;
  const char *extension;

  stmt = crm_database_prepare (crm_store_get_database (store), CONTACT_ROW_SQL, &error);
  if (stmt == NULL)
    {
      g_critical ("Cannot read contact %" G_GINT64_FORMAT ": %s", id, error->message);
      return FALSE;
    }

  crm_statement_bind_int64 (stmt, 1, id);
  switch (crm_statement_step (stmt, &error))
    {
    case CRM_STEP_ROW:
      break;
    case CRM_STEP_ERROR:
      g_warning ("Cannot read contact %" G_GINT64_FORMAT ": %s", id, error->message);
      return FALSE;
    case CRM_STEP_DONE:
    default:
      return FALSE;
    }

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

static char *
dup_contact_name (CrmContactList *self,
                  gint64          contact_id)
{
  g_autoptr(CrmStatement) stmt = NULL;

  stmt = crm_database_prepare (crm_store_get_database (self->store),
                               "SELECT name FROM contacts WHERE id = ?1", NULL);
  if (stmt == NULL)
    return NULL;

  crm_statement_bind_int64 (stmt, 1, contact_id);
  if (crm_statement_step (stmt, NULL) != CRM_STEP_ROW)
    return NULL;

  return crm_statement_dup_text (stmt, 0);
}

static void
note_contact_name (CrmContactList *self,
                   gint64          contact_id)
{
  gint64 *key;

  /* The first write of a transaction has the name the list shows. */
  if (g_hash_table_contains (self->contact_names, &contact_id))
    return;

  key = g_new (gint64, 1);
  *key = contact_id;
  g_hash_table_insert (self->contact_names, key, dup_contact_name (self, contact_id));
}

/* Whether a contact written since note_contact_name() has another name
 * now; FALSE for a contact that was not written itself (a call or a
 * reminder added to it). */
static gboolean
contact_renamed (CrmContactList *self,
                 gint64          contact_id)
{
  g_autofree char *name = NULL;
  g_autofree char *old_name = NULL;
  gpointer key, value;

  if (!g_hash_table_steal_extended (self->contact_names, &contact_id, &key, &value))
    return FALSE;

  g_free (key);
  old_name = value;
  name = dup_contact_name (self, contact_id);

  return g_strcmp0 (name, old_name) != 0;
}

static void
store_changing_cb (CrmStore       *store,
                   int             kind,
                   gint64          id,
                   CrmContactList *self)
{
  crm_paged_query_begin_change (self->query);

  /* Note where the contact is now, and its name; 0 is a contact about to
   * be added. */
  if (kind == CRM_ENTITY_CONTACT && id != 0)
    {
      crm_paged_query_row_changing (self->query, id);
      note_contact_name (self, id);
    }
}

static void
store_changed_cb (CrmStore       *store,
                  int             kind,
                  gint64          id,
                  CrmContactList *self)
{
  switch ((CrmEntityKind)kind)
    {
    case CRM_ENTITY_CONTACT:
      if (id == 0)
        {
          crm_paged_query_reload (self->query);
          break;
        }

      /* A company's people show its name and may be sorted by it. When it
       * was renamed and the list shows one of them, their places changed
       * with it, unannounced: telling the company's own change first would
       * let a view read them in their new places while it still expects
       * the old ones. Everything is read again: (0, old_n, new_n). */
      if (contact_renamed (self, id) &&
          crm_paged_query_any (self->query, "c.company_id = ?20", id))
        {
          crm_paged_query_reload (self->query);
          break;
        }

      /* The contact itself: removed (trashed, or no longer matching),
       * inserted (added, restored, or matching now), moved (a sort key
       * changed: removal, then insertion) or changed in place (pos, 1, 1). */
      crm_paged_query_row_changed (self->query, id);
      break;

    case CRM_ENTITY_USER:
      /* The owner's name, likewise. */
      if (id == 0 || crm_paged_query_any (self->query, "c.owner_id = ?20", id))
        crm_paged_query_refresh (self->query);
      break;

    case CRM_ENTITY_ANY:
      /* Anything, e.g. another process wrote: (0, old_n, new_n). */
      crm_paged_query_reload (self->query);
      break;

    case CRM_ENTITY_PIPELINE:
    case CRM_ENTITY_STAGE:
    case CRM_ENTITY_DEAL:
    case CRM_ENTITY_ACTIVITY:
    case CRM_ENTITY_REMINDER:
    case CRM_ENTITY_ATTACHMENT:
    default:
      /* Not shown in a contact's row. Phones, e-mails and tags are written
       * with their contact and come as a contact change. */
      break;
    }
}

static void
apply_sort (CrmContactList *self)
{
  const SortSpec *spec = &sort_specs[self->sort_key];

  crm_paged_query_set_order (self->query, spec->joins, spec->columns,
                             spec->n_columns, self->descending);
}

static void
apply_filter (CrmContactList *self)
{
  g_autofree char *clean = crm_text_clean (self->filter.tag);
  g_autofree char *sql = NULL;

  g_clear_pointer (&self->tag_folded, g_free);
  if (clean != NULL)
    self->tag_folded = crm_text_fold (clean);

  sql = build_filter_sql (self);
  crm_paged_query_set_filter (self->query, sql);
}

static GType
crm_contact_list_get_item_type (GListModel *model)
{
  return CRM_TYPE_CONTACT;
}

static guint
crm_contact_list_get_n_items (GListModel *model)
{
  CrmContactList *self = CRM_CONTACT_LIST (model);

  return self->query != NULL ? crm_paged_query_get_n_items (self->query) : 0;
}

static gpointer
crm_contact_list_get_item (GListModel *model,
                           guint       position)
{
  CrmContactList *self = CRM_CONTACT_LIST (model);

  return self->query != NULL ? crm_paged_query_get_item (self->query, position) : NULL;
}

static void
crm_contact_list_list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = crm_contact_list_get_item_type;
  iface->get_n_items = crm_contact_list_get_n_items;
  iface->get_item = crm_contact_list_get_item;
}

static void
crm_contact_list_constructed (GObject *object)
{
  CrmContactList *self = (CrmContactList *)object;

  G_OBJECT_CLASS (crm_contact_list_parent_class)->constructed (object);

  g_assert (CRM_IS_STORE (self->store));

  self->query = crm_paged_query_new (G_LIST_MODEL (self), properties[PROP_N_ITEMS],
                                     self->store, CRM_TYPE_CONTACT, "contacts", "c",
                                     fill_contact, bind_filter, self);
  apply_sort (self);
  apply_filter (self);
  crm_paged_query_reload (self->query);

  self->changing_handler = g_signal_connect (self->store, "changing",
                                             G_CALLBACK (store_changing_cb), self);
  self->changed_handler = g_signal_connect (self->store, "changed",
                                            G_CALLBACK (store_changed_cb), self);
}

static void
crm_contact_list_dispose (GObject *object)
{
  CrmContactList *self = (CrmContactList *)object;

  if (self->store != NULL)
    {
      g_clear_signal_handler (&self->changing_handler, self->store);
      g_clear_signal_handler (&self->changed_handler, self->store);
    }
  g_clear_pointer (&self->query, crm_paged_query_free);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (crm_contact_list_parent_class)->dispose (object);
}

static void
crm_contact_list_finalize (GObject *object)
{
  CrmContactList *self = (CrmContactList *)object;

  crm_contact_filter_clear (&self->filter);
  g_clear_pointer (&self->tag_folded, g_free);
  g_clear_pointer (&self->contact_names, g_hash_table_unref);

  G_OBJECT_CLASS (crm_contact_list_parent_class)->finalize (object);
}

static void
crm_contact_list_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CrmContactList *self = CRM_CONTACT_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, CRM_TYPE_CONTACT);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, crm_contact_list_get_n_items (G_LIST_MODEL (self)));
      break;

    case PROP_SORT_KEY:
      g_value_set_enum (value, self->sort_key);
      break;

    case PROP_SORT_DESCENDING:
      g_value_set_boolean (value, self->descending);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_contact_list_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CrmContactList *self = CRM_CONTACT_LIST (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_SORT_KEY:
      crm_contact_list_set_sort (self, g_value_get_enum (value), self->descending);
      break;

    case PROP_SORT_DESCENDING:
      crm_contact_list_set_sort (self, self->sort_key, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_contact_list_class_init (CrmContactListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = crm_contact_list_constructed;
  object_class->dispose = crm_contact_list_dispose;
  object_class->finalize = crm_contact_list_finalize;
  object_class->get_property = crm_contact_list_get_property;
  object_class->set_property = crm_contact_list_set_property;

  /**
   * CrmContactList:store:
   *
   * The store the contacts are read from.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         CRM_TYPE_STORE,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * CrmContactList:item-type:
   *
   * The type of the items, [class@Contact].
   */
  properties[PROP_ITEM_TYPE] =
    g_param_spec_gtype ("item-type", NULL, NULL,
                        G_TYPE_OBJECT,
                        (G_PARAM_READABLE |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmContactList:n-items:
   *
   * The number of contacts in the list.
   */
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  /**
   * CrmContactList:sort-key:
   *
   * What the contacts are sorted by.
   */
  properties[PROP_SORT_KEY] =
    g_param_spec_enum ("sort-key", NULL, NULL,
                       CRM_TYPE_CONTACT_SORT,
                       CRM_CONTACT_SORT_NAME,
                       (G_PARAM_READWRITE |
                        G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));

  /**
   * CrmContactList:sort-descending:
   *
   * Whether the latest or last in the alphabet come first.
   */
  properties[PROP_SORT_DESCENDING] =
    g_param_spec_boolean ("sort-descending", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
crm_contact_list_init (CrmContactList *self)
{
  self->sort_key = CRM_CONTACT_SORT_NAME;
  self->descending = FALSE;
  crm_contact_filter_init (&self->filter);
  self->contact_names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
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

  return self->store;
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
  gboolean key_changed, direction_changed;

  g_return_if_fail (CRM_IS_CONTACT_LIST (self));
  g_return_if_fail (key <= CRM_CONTACT_SORT_OWNER);

  descending = !!descending;
  key_changed = self->sort_key != key;
  direction_changed = self->descending != descending;
  if (!key_changed && !direction_changed)
    return;

  self->sort_key = key;
  self->descending = descending;

  if (self->query != NULL)
    {
      apply_sort (self);
      crm_paged_query_reload (self->query);
    }

  if (key_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT_KEY]);
  if (direction_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT_DESCENDING]);
}

CrmContactSort
crm_contact_list_get_sort_key (CrmContactList *self)
{
  g_return_val_if_fail (CRM_IS_CONTACT_LIST (self), CRM_CONTACT_SORT_NAME);

  return self->sort_key;
}

gboolean
crm_contact_list_get_sort_descending (CrmContactList *self)
{
  g_return_val_if_fail (CRM_IS_CONTACT_LIST (self), FALSE);

  return self->descending;
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
  CrmContactFilter all;

  g_return_if_fail (CRM_IS_CONTACT_LIST (self));

  if (filter == NULL)
    {
      crm_contact_filter_init (&all);
      filter = &all;
    }

  if (filter_equal (&self->filter, filter))
    return;

  crm_contact_filter_copy (filter, &self->filter);

  if (self->query != NULL)
    {
      apply_filter (self);
      crm_paged_query_reload (self->query);
    }
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

  return &self->filter;
}

gint64
crm_contact_list_find (CrmContactList *self,
                       gint64          contact_id)
{
  g_return_val_if_fail (CRM_IS_CONTACT_LIST (self), -1);

  if (self->query == NULL || contact_id == 0)
    return -1;

  return crm_paged_query_find (self->query, contact_id);
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
  g_return_val_if_fail (self->query != NULL, NULL);

  return crm_paged_query_dup_plan (self->query);
}
