/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crm-store.h"

G_BEGIN_DECLS

#define CRM_TYPE_CONTACT_CARD (crm_contact_card_get_type ())
G_DECLARE_FINAL_TYPE (CrmContactCard, crm_contact_card, CRM, CONTACT_CARD, GtkWidget)

CrmContactCard *crm_contact_card_new            (CrmStore       *store);
void            crm_contact_card_set_contact_id (CrmContactCard *self,
                                                 gint64          contact_id);
gint64          crm_contact_card_get_contact_id (CrmContactCard *self);
void            crm_contact_card_reload         (CrmContactCard *self);
void            crm_contact_card_show_deal      (CrmContactCard *self,
                                                 gint64          deal_id);

G_END_DECLS
