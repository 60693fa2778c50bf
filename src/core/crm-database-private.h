/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "crm-database.h"
#include "crm-text.h"

G_BEGIN_DECLS

sqlite3 *_crm_database_get_handle (CrmDatabase  *self);
void     _crm_database_set_error  (CrmDatabase  *self,
                                   int           rc,
                                   GError      **error);

G_END_DECLS
