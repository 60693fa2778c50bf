/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "crm-database.h"

G_BEGIN_DECLS

/* The schema version this build writes; a file with a higher user_version
 * was written by a newer Clientele and is refused. */
#define CRM_SCHEMA_VERSION 6

gboolean crm_migrations_run (CrmDatabase  *db,
                             GError      **error);

G_END_DECLS
