/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "crm-store.h"

G_BEGIN_DECLS

/**
 * CrmDemoOptions:
 * @contacts: how many clients, people and companies together
 * @deals: how many deals; needs @contacts
 * @calls: how many calls over the last 90 days; needs @contacts
 * @reminders: how many reminders over the last and the next 30 days;
 *   needs @contacts
 * @seed: the same seed makes the same data; only its times follow the
 *   clock
 *
 * What crm_demo_generate() makes.
 */
typedef struct
{
  guint   contacts;
  guint   deals;
  guint   calls;
  guint   reminders;
  guint64 seed;
} CrmDemoOptions;

/* The largest @contacts: the demo phone numbers are unique, and the
 * national number plans it draws them from hold about this many. */
#define CRM_DEMO_MAX_CONTACTS 10000000

/**
 * CrmDemoProgress:
 * @fraction: how much is done, from 0 to 1; 1 is reported once, last
 * @user_data: the data given to crm_demo_generate()
 *
 * Called now and then while demo data is written, at most about a
 * hundred times.
 */
typedef void (*CrmDemoProgress) (double   fraction,
                                 gpointer user_data);

void     crm_demo_options_init (CrmDemoOptions        *options);
gboolean crm_demo_generate     (CrmStore              *store,
                                const CrmDemoOptions  *options,
                                CrmDemoProgress        progress,
                                gpointer               user_data,
                                GError               **error);

G_END_DECLS
