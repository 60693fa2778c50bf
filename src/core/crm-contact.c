/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "crm-contact"

#include "config.h"

#include "crm-contact.h"
#include "crm-tag-list.h"

/**
 * CrmContact:
 *
 * A client: a person or a company, with their phones, e-mail
 * addresses and tags.
 *
 * Objects are plain values loaded and saved by [class@Store]; setting a
 * property changes nothing in the database. The phone and e-mail lists
 * are not properties. [property@Contact:primary-phone] and
 * [property@Contact:primary-email] are set by whoever loads the object
 * (usually from the first phone and e-mail) and do not follow
 * changes to the lists.
 */
struct _CrmContact
{
  GObject          parent_instance;

  gint64           id;
  CrmContactKind   kind;
  char            *name;
  gint64           company_id;
  char            *company_name;
  gint64           owner_id;
  char            *owner_name;
  gboolean         is_key;
  char            *source;
  char            *notes;
  char            *birthday;
  char            *tags;
  char            *primary_phone;
  char            *primary_email;
  gint64           created_at;
  gint64           updated_at;
  gint64           deleted_at;
  char           **tag_list;
  GPtrArray       *phones;
  GPtrArray       *emails;
};

G_DEFINE_FINAL_TYPE (CrmContact, crm_contact, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (CrmPhone, crm_phone_entry, crm_phone_entry_copy, crm_phone_entry_free)
G_DEFINE_BOXED_TYPE (CrmEmail, crm_email_entry, crm_email_entry_copy, crm_email_entry_free)

enum {
  PROP_0,
  PROP_ID,
  PROP_KIND,
  PROP_NAME,
  PROP_COMPANY_ID,
  PROP_COMPANY_NAME,
  PROP_OWNER_ID,
  PROP_OWNER_NAME,
  PROP_IS_KEY,
  PROP_SOURCE,
  PROP_NOTES,
  PROP_BIRTHDAY,
  PROP_TAGS,
  PROP_PRIMARY_PHONE,
  PROP_PRIMARY_EMAIL,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_DELETED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
crm_contact_finalize (GObject *object)
{
  CrmContact *self = (CrmContact *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->company_name, g_free);
  g_clear_pointer (&self->owner_name, g_free);
  g_clear_pointer (&self->source, g_free);
  g_clear_pointer (&self->notes, g_free);
  g_clear_pointer (&self->birthday, g_free);
  g_clear_pointer (&self->tags, g_free);
  g_clear_pointer (&self->primary_phone, g_free);
  g_clear_pointer (&self->primary_email, g_free);
  g_clear_pointer (&self->tag_list, g_strfreev);
  g_clear_pointer (&self->phones, g_ptr_array_unref);
  g_clear_pointer (&self->emails, g_ptr_array_unref);

  G_OBJECT_CLASS (crm_contact_parent_class)->finalize (object);
}

static void
crm_contact_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CrmContact *self = CRM_CONTACT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, crm_contact_get_id (self));
      break;

    case PROP_KIND:
      g_value_set_int (value, crm_contact_get_kind (self));
      break;

    case PROP_NAME:
      g_value_set_string (value, crm_contact_get_name (self));
      break;

    case PROP_COMPANY_ID:
      g_value_set_int64 (value, crm_contact_get_company_id (self));
      break;

    case PROP_COMPANY_NAME:
      g_value_set_string (value, crm_contact_get_company_name (self));
      break;

    case PROP_OWNER_ID:
      g_value_set_int64 (value, crm_contact_get_owner_id (self));
      break;

    case PROP_OWNER_NAME:
      g_value_set_string (value, crm_contact_get_owner_name (self));
      break;

    case PROP_IS_KEY:
      g_value_set_boolean (value, crm_contact_get_is_key (self));
      break;

    case PROP_SOURCE:
      g_value_set_string (value, crm_contact_get_source (self));
      break;

    case PROP_NOTES:
      g_value_set_string (value, crm_contact_get_notes (self));
      break;

    case PROP_BIRTHDAY:
      g_value_set_string (value, crm_contact_get_birthday (self));
      break;

    case PROP_TAGS:
      g_value_set_string (value, crm_contact_get_tags (self));
      break;

    case PROP_PRIMARY_PHONE:
      g_value_set_string (value, crm_contact_get_primary_phone (self));
      break;

    case PROP_PRIMARY_EMAIL:
      g_value_set_string (value, crm_contact_get_primary_email (self));
      break;

    case PROP_CREATED_AT:
      g_value_set_int64 (value, crm_contact_get_created_at (self));
      break;

    case PROP_UPDATED_AT:
      g_value_set_int64 (value, crm_contact_get_updated_at (self));
      break;

    case PROP_DELETED_AT:
      g_value_set_int64 (value, crm_contact_get_deleted_at (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_contact_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  CrmContact *self = CRM_CONTACT (object);

  switch (prop_id)
    {
    case PROP_ID:
      crm_contact_set_id (self, g_value_get_int64 (value));
      break;

    case PROP_KIND:
      crm_contact_set_kind (self, g_value_get_int (value));
      break;

    case PROP_NAME:
      crm_contact_set_name (self, g_value_get_string (value));
      break;

    case PROP_COMPANY_ID:
      crm_contact_set_company_id (self, g_value_get_int64 (value));
      break;

    case PROP_COMPANY_NAME:
      crm_contact_set_company_name (self, g_value_get_string (value));
      break;

    case PROP_OWNER_ID:
      crm_contact_set_owner_id (self, g_value_get_int64 (value));
      break;

    case PROP_OWNER_NAME:
      crm_contact_set_owner_name (self, g_value_get_string (value));
      break;

    case PROP_IS_KEY:
      crm_contact_set_is_key (self, g_value_get_boolean (value));
      break;

    case PROP_SOURCE:
      crm_contact_set_source (self, g_value_get_string (value));
      break;

    case PROP_NOTES:
      crm_contact_set_notes (self, g_value_get_string (value));
      break;

    case PROP_BIRTHDAY:
      crm_contact_set_birthday (self, g_value_get_string (value));
      break;

    case PROP_TAGS:
      crm_contact_set_tags (self, g_value_get_string (value));
      break;

    case PROP_PRIMARY_PHONE:
      crm_contact_set_primary_phone (self, g_value_get_string (value));
      break;

    case PROP_PRIMARY_EMAIL:
      crm_contact_set_primary_email (self, g_value_get_string (value));
      break;

    case PROP_CREATED_AT:
      crm_contact_set_created_at (self, g_value_get_int64 (value));
      break;

    case PROP_UPDATED_AT:
      crm_contact_set_updated_at (self, g_value_get_int64 (value));
      break;

    case PROP_DELETED_AT:
      crm_contact_set_deleted_at (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_contact_class_init (CrmContactClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = crm_contact_finalize;
  object_class->get_property = crm_contact_get_property;
  object_class->set_property = crm_contact_set_property;

  /**
   * CrmContact:id:
   *
   * The row id, 0 for a contact not saved yet.
   */
  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmContact:kind:
   *
   * Whether this is a person or a company, a #CrmContactKind.
   */
  properties[PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL,
                      CRM_CONTACT_PERSON, CRM_CONTACT_COMPANY, CRM_CONTACT_PERSON,
                      (G_PARAM_READWRITE |
                       G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS));

  /**
   * CrmContact:name:
   *
   * The full name of the person or company.
   */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * CrmContact:company-id:
   *
   * The id of the company a person works for, or 0.
   */
  properties[PROP_COMPANY_ID] =
    g_param_spec_int64 ("company-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmContact:company-name:
   *
   * The name of the company a person works for, for display.
   */
  properties[PROP_COMPANY_NAME] =
    g_param_spec_string ("company-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * CrmContact:owner-id:
   *
   * The id of the employee responsible for the client, or 0.
   */
  properties[PROP_OWNER_ID] =
    g_param_spec_int64 ("owner-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmContact:owner-name:
   *
   * The name of the responsible employee, for display.
   */
  properties[PROP_OWNER_NAME] =
    g_param_spec_string ("owner-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * CrmContact:is-key:
   *
   * Whether this is a key client, hidden from trainees.
   */
  properties[PROP_IS_KEY] =
    g_param_spec_boolean ("is-key", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  /**
   * CrmContact:source:
   *
   * Where the client came from.
   */
  properties[PROP_SOURCE] =
    g_param_spec_string ("source", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * CrmContact:notes:
   *
   * Free text about the client.
   */
  properties[PROP_NOTES] =
    g_param_spec_string ("notes", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * CrmContact:birthday:
   *
   * The birthday as `YYYY-MM-DD`, or %NULL when unknown.
   */
  properties[PROP_BIRTHDAY] =
    g_param_spec_string ("birthday", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * CrmContact:tags:
   *
   * The tags as one string, their names joined with ", ". Setting it
   * splits it at commas into the tag list.
   */
  properties[PROP_TAGS] =
    g_param_spec_string ("tags", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * CrmContact:primary-phone:
   *
   * The main phone number formatted for lists, or %NULL.
   */
  properties[PROP_PRIMARY_PHONE] =
    g_param_spec_string ("primary-phone", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * CrmContact:primary-email:
   *
   * The main e-mail address for lists, or %NULL.
   */
  properties[PROP_PRIMARY_EMAIL] =
    g_param_spec_string ("primary-email", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * CrmContact:created-at:
   *
   * When the contact was created, in UTC milliseconds.
   */
  properties[PROP_CREATED_AT] =
    g_param_spec_int64 ("created-at", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmContact:updated-at:
   *
   * When the contact was last changed, in UTC milliseconds.
   */
  properties[PROP_UPDATED_AT] =
    g_param_spec_int64 ("updated-at", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  /**
   * CrmContact:deleted-at:
   *
   * When the contact was moved to the trash, in UTC milliseconds, or 0.
   */
  properties[PROP_DELETED_AT] =
    g_param_spec_int64 ("deleted-at", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
crm_contact_init (CrmContact *self)
{
  self->phones = g_ptr_array_new_with_free_func ((GDestroyNotify) crm_phone_entry_free);
  self->emails = g_ptr_array_new_with_free_func ((GDestroyNotify) crm_email_entry_free);
  self->tag_list = g_new0 (char *, 1);
}

/**
 * crm_contact_new:
 *
 * Creates an empty contact with every property at its default.
 *
 * Returns: (transfer full): a new [class@Contact]
 */
CrmContact *
crm_contact_new (void)
{
  return g_object_new (CRM_TYPE_CONTACT, NULL);
}

/**
 * crm_contact_copy:
 * @self: a [class@Contact]
 *
 * Makes a new contact with the same values, for example for an edit
 * form to change without touching the original. Phones, e-mail
 * addresses and tags are copied too.
 *
 * Returns: (transfer full): a deep copy of @self
 */
CrmContact *
crm_contact_copy (CrmContact *self)
{
  CrmContact *copy;

  g_return_val_if_fail (CRM_IS_CONTACT (self), NULL);

  copy = crm_contact_new ();

  copy->id = self->id;
  copy->kind = self->kind;
  copy->name = g_strdup (self->name);
  copy->company_id = self->company_id;
  copy->company_name = g_strdup (self->company_name);
  copy->owner_id = self->owner_id;
  copy->owner_name = g_strdup (self->owner_name);
  copy->is_key = self->is_key;
  copy->source = g_strdup (self->source);
  copy->notes = g_strdup (self->notes);
  copy->birthday = g_strdup (self->birthday);
  copy->tags = g_strdup (self->tags);
  copy->primary_phone = g_strdup (self->primary_phone);
  copy->primary_email = g_strdup (self->primary_email);
  copy->created_at = self->created_at;
  copy->updated_at = self->updated_at;
  copy->deleted_at = self->deleted_at;

  g_strfreev (copy->tag_list);
  copy->tag_list = g_strdupv (self->tag_list);

  for (guint i = 0; i < self->phones->len; i++)
    g_ptr_array_add (copy->phones, crm_phone_entry_copy (g_ptr_array_index (self->phones, i)));

  for (guint i = 0; i < self->emails->len; i++)
    g_ptr_array_add (copy->emails, crm_email_entry_copy (g_ptr_array_index (self->emails, i)));

  return copy;
}

gint64
crm_contact_get_id (CrmContact *self)
{
  g_return_val_if_fail (CRM_IS_CONTACT (self), 0);

  return self->id;
}

void
crm_contact_set_id (CrmContact *self,
                    gint64      id)
{
  g_return_if_fail (CRM_IS_CONTACT (self));

  if (self->id == id)
    return;

  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

CrmContactKind
crm_contact_get_kind (CrmContact *self)
{
  g_return_val_if_fail (CRM_IS_CONTACT (self), CRM_CONTACT_PERSON);

  return self->kind;
}

void
crm_contact_set_kind (CrmContact     *self,
                      CrmContactKind  kind)
{
  g_return_if_fail (CRM_IS_CONTACT (self));
  g_return_if_fail ((guint) kind <= CRM_CONTACT_COMPANY);

  if (self->kind == kind)
    return;

  self->kind = kind;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

const char *
crm_contact_get_name (CrmContact *self)
{
  g_return_val_if_fail (CRM_IS_CONTACT (self), NULL);

  return self->name;
}

void
crm_contact_set_name (CrmContact *self,
                      const char *name)
{
  g_return_if_fail (CRM_IS_CONTACT (self));

  if (g_strcmp0 (self->name, name) != 0)
    {
      char *old = g_steal_pointer (&self->name);

      self->name = g_strdup (name);
      g_free (old);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
    }
}

gint64
crm_contact_get_company_id (CrmContact *self)
{
  g_return_val_if_fail (CRM_IS_CONTACT (self), 0);

  return self->company_id;
}

void
crm_contact_set_company_id (CrmContact *self,
                            gint64      company_id)
{
  g_return_if_fail (CRM_IS_CONTACT (self));

  if (self->company_id == company_id)
    return;

  self->company_id = company_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPANY_ID]);
}

const char *
crm_contact_get_company_name (CrmContact *self)
{
  g_return_val_if_fail (CRM_IS_CONTACT (self), NULL);

  return self->company_name;
}

void
crm_contact_set_company_name (CrmContact *self,
                              const char *company_name)
{
  g_return_if_fail (CRM_IS_CONTACT (self));

  if (g_strcmp0 (self->company_name, company_name) != 0)
    {
      char *old = g_steal_pointer (&self->company_name);

      self->company_name = g_strdup (company_name);
      g_free (old);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPANY_NAME]);
    }
}

gint64
crm_contact_get_owner_id (CrmContact *self)
{
  g_return_val_if_fail (CRM_IS_CONTACT (self), 0);

  return self->owner_id;
}

void
crm_contact_set_owner_id (CrmContact *self,
                          gint64      owner_id)
{
  g_return_if_fail (CRM_IS_CONTACT (self));

  if (self->owner_id == owner_id)
    return;

  self->owner_id = owner_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OWNER_ID]);
}

const char *
crm_contact_get_owner_name (CrmContact *self)
{
  g_return_val_if_fail (CRM_IS_CONTACT (self), NULL);

  return self->owner_name;
}

void
crm_contact_set_owner_name (CrmContact *self,
                            const char *owner_name)
{
  g_return_if_fail (CRM_IS_CONTACT (self));

  if (g_strcmp0 (self->owner_name, owner_name) != 0)
    {
      char *old = g_steal_pointer (&self->owner_name);

      self->owner_name = g_strdup (owner_name);
      g_free (old);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OWNER_NAME]);
    }
}

gboolean
crm_contact_get_is_key (CrmContact *self)
{
  g_return_val_if_fail (CRM_IS_CONTACT (self), FALSE);

  return self->is_key;
}

void
crm_contact_set_is_key (CrmContact *self,
                        gboolean    is_key)
{
  g_return_if_fail (CRM_IS_CONTACT (self));

  is_key = !!is_key;

  if (self->is_key == is_key)
    return;

  self->is_key = is_key;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IS_KEY]);
}

const char *
crm_contact_get_source (CrmContact *self)
{
  g_return_val_if_fail (CRM_IS_CONTACT (self), NULL);

  return self->source;
}

void
crm_contact_set_source (CrmContact *self,
                        const char *source)
{
  g_return_if_fail (CRM_IS_CONTACT (self));

  if (g_strcmp0 (self->source, source) != 0)
    {
      char *old = g_steal_pointer (&self->source);

      self->source = g_strdup (source);
      g_free (old);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
    }
}

const char *
crm_contact_get_notes (CrmContact *self)
{
  g_return_val_if_fail (CRM_IS_CONTACT (self), NULL);

  return self->notes;
}

void
crm_contact_set_notes (CrmContact *self,
                       const char *notes)
{
  g_return_if_fail (CRM_IS_CONTACT (self));

  if (g_strcmp0 (self->notes, notes) != 0)
    {
      char *old = g_steal_pointer (&self->notes);

      self->notes = g_strdup (notes);
      g_free (old);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTES]);
    }
}

const char *
crm_contact_get_birthday (CrmContact *self)
{
  g_return_val_if_fail (CRM_IS_CONTACT (self), NULL);

  return self->birthday;
}

void
crm_contact_set_birthday (CrmContact *self,
                          const char *birthday)
{
  g_return_if_fail (CRM_IS_CONTACT (self));

  if (g_strcmp0 (self->birthday, birthday) != 0)
    {
      char *old = g_steal_pointer (&self->birthday);

      self->birthday = g_strdup (birthday);
      g_free (old);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BIRTHDAY]);
    }
}

const char *
crm_contact_get_tags (CrmContact *self)
{
  g_return_val_if_fail (CRM_IS_CONTACT (self), NULL);

  return self->tags;
}

void
crm_contact_set_tags (CrmContact *self,
                      const char *tags)
{
  g_return_if_fail (CRM_IS_CONTACT (self));

  if (_crm_tag_list_update (&self->tag_list, &self->tags,
                            _crm_tag_list_parse (tags)))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TAGS]);
}

const char *
crm_contact_get_primary_phone (CrmContact *self)
{
  g_return_val_if_fail (CRM_IS_CONTACT (self), NULL);

  return self->primary_phone;
}

void
crm_contact_set_primary_phone (CrmContact *self,
                               const char *primary_phone)
{
  g_return_if_fail (CRM_IS_CONTACT (self));

  if (g_strcmp0 (self->primary_phone, primary_phone) != 0)
    {
      char *old = g_steal_pointer (&self->primary_phone);

      self->primary_phone = g_strdup (primary_phone);
      g_free (old);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRIMARY_PHONE]);
    }
}

const char *
crm_contact_get_primary_email (CrmContact *self)
{
  g_return_val_if_fail (CRM_IS_CONTACT (self), NULL);

  return self->primary_email;
}

void
crm_contact_set_primary_email (CrmContact *self,
                               const char *primary_email)
{
  g_return_if_fail (CRM_IS_CONTACT (self));

  if (g_strcmp0 (self->primary_email, primary_email) != 0)
    {
      char *old = g_steal_pointer (&self->primary_email);

      self->primary_email = g_strdup (primary_email);
      g_free (old);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRIMARY_EMAIL]);
    }
}

gint64
crm_contact_get_created_at (CrmContact *self)
{
  g_return_val_if_fail (CRM_IS_CONTACT (self), 0);

  return self->created_at;
}

void
crm_contact_set_created_at (CrmContact *self,
                            gint64      created_at)
{
  g_return_if_fail (CRM_IS_CONTACT (self));

  if (self->created_at == created_at)
    return;

  self->created_at = created_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED_AT]);
}

gint64
crm_contact_get_updated_at (CrmContact *self)
{
  g_return_val_if_fail (CRM_IS_CONTACT (self), 0);

  return self->updated_at;
}

void
crm_contact_set_updated_at (CrmContact *self,
                            gint64      updated_at)
{
  g_return_if_fail (CRM_IS_CONTACT (self));

  if (self->updated_at == updated_at)
    return;

  self->updated_at = updated_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED_AT]);
}

gint64
crm_contact_get_deleted_at (CrmContact *self)
{
  g_return_val_if_fail (CRM_IS_CONTACT (self), 0);

  return self->deleted_at;
}

void
crm_contact_set_deleted_at (CrmContact *self,
                            gint64      deleted_at)
{
  g_return_if_fail (CRM_IS_CONTACT (self));

  if (self->deleted_at == deleted_at)
    return;

  self->deleted_at = deleted_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELETED_AT]);
}

/**
 * crm_contact_get_tag_list:
 * @self: a [class@Contact]
 *
 * Gets the names of the tags of @self, in the order they were given.
 *
 * Returns: (transfer none) (array zero-terminated=1): the tag names,
 *   never %NULL
 */
char **
crm_contact_get_tag_list (CrmContact *self)
{
  g_return_val_if_fail (CRM_IS_CONTACT (self), NULL);

  return self->tag_list;
}

/**
 * crm_contact_set_tag_list:
 * @self: a [class@Contact]
 * @tags: (nullable) (array zero-terminated=1): tag names
 *
 * Replaces the tags of @self. Names are trimmed, empty and repeated
 * names dropped, and [property@Contact:tags] is updated to match.
 */
void
crm_contact_set_tag_list (CrmContact         *self,
                          const char * const *tags)
{
  g_return_if_fail (CRM_IS_CONTACT (self));

  if (_crm_tag_list_update (&self->tag_list, &self->tags,
                            _crm_tag_list_normalize (tags)))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TAGS]);
}

/**
 * crm_contact_get_phones:
 * @self: a [class@Contact]
 *
 * Gets the phone numbers of @self, the primary one first.
 *
 * Returns: (transfer none) (element-type CrmPhone): the phones, never %NULL
 */
GPtrArray *
crm_contact_get_phones (CrmContact *self)
{
  g_return_val_if_fail (CRM_IS_CONTACT (self), NULL);

  return self->phones;
}

/**
 * crm_contact_add_phone:
 * @self: a [class@Contact]
 * @phone: (transfer full): the phone to add
 *
 * Adds @phone at the end of the phones of @self. This does not change
 * [property@Contact:primary-phone].
 */
void
crm_contact_add_phone (CrmContact *self,
                       CrmPhone   *phone)
{
  g_return_if_fail (CRM_IS_CONTACT (self));
  g_return_if_fail (phone != NULL);

  g_ptr_array_add (self->phones, phone);
}

/**
 * crm_contact_clear_phones:
 * @self: a [class@Contact]
 *
 * Removes every phone of @self.
 */
void
crm_contact_clear_phones (CrmContact *self)
{
  g_return_if_fail (CRM_IS_CONTACT (self));

  g_ptr_array_set_size (self->phones, 0);
}

/**
 * crm_contact_get_emails:
 * @self: a [class@Contact]
 *
 * Gets the e-mail addresses of @self, the primary one first.
 *
 * Returns: (transfer none) (element-type CrmEmail): the addresses, never %NULL
 */
GPtrArray *
crm_contact_get_emails (CrmContact *self)
{
  g_return_val_if_fail (CRM_IS_CONTACT (self), NULL);

  return self->emails;
}

/**
 * crm_contact_add_email:
 * @self: a [class@Contact]
 * @email: (transfer full): the address to add
 *
 * Adds @email at the end of the addresses of @self. This does not change
 * [property@Contact:primary-email].
 */
void
crm_contact_add_email (CrmContact *self,
                       CrmEmail   *email)
{
  g_return_if_fail (CRM_IS_CONTACT (self));
  g_return_if_fail (email != NULL);

  g_ptr_array_add (self->emails, email);
}

/**
 * crm_contact_clear_emails:
 * @self: a [class@Contact]
 *
 * Removes every e-mail address of @self.
 */
void
crm_contact_clear_emails (CrmContact *self)
{
  g_return_if_fail (CRM_IS_CONTACT (self));

  g_ptr_array_set_size (self->emails, 0);
}

/**
 * crm_phone_entry_new:
 * @kind: what kind of phone it is
 * @raw: (nullable): the number as it was typed
 * @e164: (nullable): the normalised number, or %NULL
 * @extension: (nullable): an extension, or %NULL
 *
 * Creates a phone entry with id 0, copying the strings.
 *
 * Returns: (transfer full): a new [struct@Phone]
 */
CrmPhone *
crm_phone_entry_new (CrmPhoneKind  kind,
                     const char   *raw,
                     const char   *e164,
                     const char   *extension)
{
  CrmPhone *phone = g_new0 (CrmPhone, 1);

  phone->kind = kind;
  phone->raw = g_strdup (raw);
  phone->e164 = g_strdup (e164);
  phone->extension = g_strdup (extension);

  return phone;
}

/**
 * crm_phone_entry_copy:
 * @phone: a [struct@Phone]
 *
 * Copies @phone and its strings.
 *
 * Returns: (transfer full): a new [struct@Phone]
 */
CrmPhone *
crm_phone_entry_copy (const CrmPhone *phone)
{
  CrmPhone *copy;

  g_return_val_if_fail (phone != NULL, NULL);

  copy = crm_phone_entry_new (phone->kind, phone->raw, phone->e164, phone->extension);
  copy->id = phone->id;

  return copy;
}

void
crm_phone_entry_free (CrmPhone *phone)
{
  if (phone == NULL)
    return;

  g_free (phone->raw);
  g_free (phone->e164);
  g_free (phone->extension);
  g_free (phone);
}

/**
 * crm_email_entry_new:
 * @kind: what kind of address it is
 * @address: (nullable): the address
 *
 * Creates an e-mail entry with id 0, copying @address.
 *
 * Returns: (transfer full): a new [struct@Email]
 */
CrmEmail *
crm_email_entry_new (CrmEmailKind  kind,
                     const char   *address)
{
  CrmEmail *email = g_new0 (CrmEmail, 1);

  email->kind = kind;
  email->address = g_strdup (address);

  return email;
}

/**
 * crm_email_entry_copy:
 * @email: a [struct@Email]
 *
 * Copies @email and its address.
 *
 * Returns: (transfer full): a new [struct@Email]
 */
CrmEmail *
crm_email_entry_copy (const CrmEmail *email)
{
  CrmEmail *copy;

  g_return_val_if_fail (email != NULL, NULL);

  copy = crm_email_entry_new (email->kind, email->address);
  copy->id = email->id;

  return copy;
}

void
crm_email_entry_free (CrmEmail *email)
{
  if (email == NULL)
    return;

  g_free (email->address);
  g_free (email);
}
