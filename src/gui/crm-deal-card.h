/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crm-deal.h"

G_BEGIN_DECLS

#define CRM_TYPE_DEAL_CARD (crm_deal_card_get_type ())
G_DECLARE_FINAL_TYPE (CrmDealCard, crm_deal_card, CRM, DEAL_CARD, GtkWidget)

CrmDealCard *crm_deal_card_new         (void);
CrmDeal     *crm_deal_card_get_deal    (CrmDealCard *self);
void         crm_deal_card_set_deal    (CrmDealCard *self,
                                        CrmDeal     *deal);
gint64       crm_deal_card_get_deal_id (CrmDealCard *self);
/* Reads the time-dependent parts again: whether the reminder is overdue. */
void         crm_deal_card_refresh     (CrmDealCard *self);

G_END_DECLS
