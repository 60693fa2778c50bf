/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crm-store.h"

G_BEGIN_DECLS

#define CRM_TYPE_CLIENT_PICKER (crm_client_picker_get_type ())
G_DECLARE_FINAL_TYPE (CrmClientPicker, crm_client_picker, CRM, CLIENT_PICKER, AdwBin)

CrmClientPicker *crm_client_picker_new            (void);
void             crm_client_picker_set_store      (CrmClientPicker *self,
                                                   CrmStore        *store);
/* Chooses a client (0: none) and one of the client's deals (0: none). */
void             crm_client_picker_set_client     (CrmClientPicker *self,
                                                   gint64           contact_id,
                                                   gint64           deal_id);
gint64           crm_client_picker_get_contact_id (CrmClientPicker *self);
gint64           crm_client_picker_get_deal_id    (CrmClientPicker *self);
/* Whether the form can do without a client (a deal can); FALSE at first. */
void             crm_client_picker_set_optional   (CrmClientPicker *self,
                                                   gboolean         optional);
/* Whether one of the client's deals can be chosen too; TRUE at first. */
void             crm_client_picker_set_choose_deal (CrmClientPicker *self,
                                                   gboolean         choose_deal);
/* Shows what is wrong under the field: a client typed but not chosen, or
 * (with @require) none at all. Returns whether a client is chosen, or
 * (when optional) none typed. */
gboolean         crm_client_picker_validate       (CrmClientPicker *self,
                                                   gboolean         require);
void             crm_client_picker_focus          (CrmClientPicker *self);

G_END_DECLS
