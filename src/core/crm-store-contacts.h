/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "crm-contact.h"
#include "crm-store.h"

G_BEGIN_DECLS

/* Adds a client. Uses the contact's kind, name, company-id (or, when that is
 * 0, company-name: an existing company of that name is linked, otherwise a
 * company is created), owner-id (0: the current user), is-key, source,
 * notes, birthday, tag list, phones (each raw text is normalised here with
 * the store's default country; a number that cannot be understood fails the
 * whole add with the reason) and e-mails. A phone or e-mail that another
 * client has already fails with CRM_STORE_ERROR_DUPLICATE naming that
 * client. Sets the new id on @contact and returns it, 0 on error. */
gint64      crm_store_add_contact            (CrmStore    *self,
                                              CrmContact  *contact,
                                              GError     **error);
/* Writes every field of @contact (by its id) and records one history row
 * per field that changed. */
gboolean    crm_store_update_contact         (CrmStore    *self,
                                              CrmContact  *contact,
                                              GError     **error);
/* The whole contact: phones, e-mails, tags, company-name, owner-name,
 * primary-phone (formatted) and primary-email filled in. Trashed contacts
 * are found too (deleted-at set). */
CrmContact *crm_store_get_contact            (CrmStore    *self,
                                              gint64       id,
                                              GError     **error);
gboolean    crm_store_delete_contact         (CrmStore    *self,
                                              gint64       id,
                                              GError     **error);
gboolean    crm_store_restore_contact        (CrmStore    *self,
                                              gint64       id,
                                              GError     **error);
/* Hands a client to another employee (history keeps who had it). */
gboolean    crm_store_transfer_contact       (CrmStore    *self,
                                              gint64       id,
                                              gint64       new_owner_id,
                                              GError     **error);
/* The live company whose name folds to the same text, 0 when none. */
gint64      crm_store_find_company           (CrmStore    *self,
                                              const char  *name,
                                              GError     **error);
/* Live clients that have this phone number (in any format) or e-mail
 * address; for duplicate warnings while typing. */
GArray     *crm_store_find_contacts_by_phone (CrmStore    *self,
                                              const char  *phone,
                                              GError     **error);
GArray     *crm_store_find_contacts_by_email (CrmStore    *self,
                                              const char  *email,
                                              GError     **error);
gint64      crm_store_count_contacts         (CrmStore    *self,
                                              GError     **error);
gboolean    crm_store_has_contacts           (CrmStore    *self);

G_END_DECLS
