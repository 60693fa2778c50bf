/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Tag lists shared by the domain objects that carry tags. A list is a
 * NULL-terminated vector of trimmed, non-empty, distinct names; its display
 * form is the names joined with ", ". */

char     **_crm_tag_list_parse     (const char          *text);
char     **_crm_tag_list_normalize (const char * const  *tags);
char      *_crm_tag_list_join      (const char * const  *tags);
gboolean   _crm_tag_list_update    (char              ***list,
                                    char               **text,
                                    char               **new_list);

G_END_DECLS
