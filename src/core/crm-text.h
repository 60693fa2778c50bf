/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char      *crm_text_fold         (const char  *text);
gboolean   crm_text_is_blank     (const char  *text);
char      *crm_text_clean        (const char  *text);
gboolean   crm_text_validate     (const char  *text,
                                  const char  *field_label,
                                  gsize        max_chars,
                                  gboolean     multiline,
                                  GError     **error);
char      *crm_text_fts_quote    (const char  *text);
char     **crm_text_split_words  (const char  *folded);

G_END_DECLS
