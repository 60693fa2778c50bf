/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crm-store.h"

G_BEGIN_DECLS

#define CRM_TYPE_TRASH_VIEW (crm_trash_view_get_type ())
G_DECLARE_FINAL_TYPE (CrmTrashView, crm_trash_view, CRM, TRASH_VIEW, AdwBin)

CrmTrashView *crm_trash_view_new (CrmStore *store);

G_END_DECLS
