/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "crm-types.h"

G_BEGIN_DECLS

/**
 * CrmPhone:
 * @id: the row id, 0 for a phone not saved yet
 * @kind: what kind of phone it is
 * @raw: the number as it was typed
 * @e164: (nullable): the normalised number, country code and digits without
 *   '+', or %NULL when it could not be normalised
 * @extension: (nullable): an extension to dial after the number
 *
 * One phone number of a [class@Contact].
 */
typedef struct
{
  gint64        id;
  CrmPhoneKind  kind;
  char         *raw;
  char         *e164;
  char         *extension;
} CrmPhone;

/**
 * CrmEmail:
 * @id: the row id, 0 for an address not saved yet
 * @kind: what kind of address it is
 * @address: the e-mail address
 *
 * One e-mail address of a [class@Contact].
 */
typedef struct
{
  gint64        id;
  CrmEmailKind  kind;
  char         *address;
} CrmEmail;

#define CRM_TYPE_PHONE_ENTRY (crm_phone_entry_get_type ())
#define CRM_TYPE_EMAIL_ENTRY (crm_email_entry_get_type ())

GType     crm_phone_entry_get_type (void);
CrmPhone *crm_phone_entry_new      (CrmPhoneKind    kind,
                                    const char     *raw,
                                    const char     *e164,
                                    const char     *extension);
CrmPhone *crm_phone_entry_copy     (const CrmPhone *phone);
void      crm_phone_entry_free     (CrmPhone       *phone);

GType     crm_email_entry_get_type (void);
CrmEmail *crm_email_entry_new      (CrmEmailKind    kind,
                                    const char     *address);
CrmEmail *crm_email_entry_copy     (const CrmEmail *email);
void      crm_email_entry_free     (CrmEmail       *email);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmPhone, crm_phone_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmEmail, crm_email_entry_free)

#define CRM_TYPE_CONTACT (crm_contact_get_type ())
G_DECLARE_FINAL_TYPE (CrmContact, crm_contact, CRM, CONTACT, GObject)

CrmContact      *crm_contact_new               (void);
CrmContact      *crm_contact_copy              (CrmContact         *self);

gint64           crm_contact_get_id            (CrmContact         *self);
void             crm_contact_set_id            (CrmContact         *self,
                                                gint64              id);

CrmContactKind   crm_contact_get_kind          (CrmContact         *self);
void             crm_contact_set_kind          (CrmContact         *self,
                                                CrmContactKind      kind);

const char      *crm_contact_get_name          (CrmContact         *self);
void             crm_contact_set_name          (CrmContact         *self,
                                                const char         *name);

gint64           crm_contact_get_company_id    (CrmContact         *self);
void             crm_contact_set_company_id    (CrmContact         *self,
                                                gint64              company_id);

const char      *crm_contact_get_company_name  (CrmContact         *self);
void             crm_contact_set_company_name  (CrmContact         *self,
                                                const char         *company_name);

gint64           crm_contact_get_owner_id      (CrmContact         *self);
void             crm_contact_set_owner_id      (CrmContact         *self,
                                                gint64              owner_id);

const char      *crm_contact_get_owner_name    (CrmContact         *self);
void             crm_contact_set_owner_name    (CrmContact         *self,
                                                const char         *owner_name);

gboolean         crm_contact_get_is_key        (CrmContact         *self);
void             crm_contact_set_is_key        (CrmContact         *self,
                                                gboolean            is_key);

const char      *crm_contact_get_source        (CrmContact         *self);
void             crm_contact_set_source        (CrmContact         *self,
                                                const char         *source);

const char      *crm_contact_get_notes         (CrmContact         *self);
void             crm_contact_set_notes         (CrmContact         *self,
                                                const char         *notes);

const char      *crm_contact_get_birthday      (CrmContact         *self);
void             crm_contact_set_birthday      (CrmContact         *self,
                                                const char         *birthday);

const char      *crm_contact_get_tags          (CrmContact         *self);
void             crm_contact_set_tags          (CrmContact         *self,
                                                const char         *tags);

const char      *crm_contact_get_primary_phone (CrmContact         *self);
void             crm_contact_set_primary_phone (CrmContact         *self,
                                                const char         *primary_phone);

const char      *crm_contact_get_primary_email (CrmContact         *self);
void             crm_contact_set_primary_email (CrmContact         *self,
                                                const char         *primary_email);

gint64           crm_contact_get_created_at    (CrmContact         *self);
void             crm_contact_set_created_at    (CrmContact         *self,
                                                gint64              created_at);

gint64           crm_contact_get_updated_at    (CrmContact         *self);
void             crm_contact_set_updated_at    (CrmContact         *self,
                                                gint64              updated_at);

gint64           crm_contact_get_deleted_at    (CrmContact         *self);
void             crm_contact_set_deleted_at    (CrmContact         *self,
                                                gint64              deleted_at);

char           **crm_contact_get_tag_list      (CrmContact         *self);
void             crm_contact_set_tag_list      (CrmContact         *self,
                                                const char * const *tags);

GPtrArray       *crm_contact_get_phones        (CrmContact         *self);
void             crm_contact_add_phone         (CrmContact         *self,
                                                CrmPhone           *phone);
void             crm_contact_clear_phones      (CrmContact         *self);

GPtrArray       *crm_contact_get_emails        (CrmContact         *self);
void             crm_contact_add_email         (CrmContact         *self,
                                                CrmEmail           *email);
void             crm_contact_clear_emails      (CrmContact         *self);

G_END_DECLS
