/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "crm-tag-list"

#include "config.h"

#include <string.h>

#include "crm-tag-list.h"

static void
add_names (GPtrArray  *names,
           const char *text)
{
  g_auto(GStrv) parts = NULL;

  g_assert (names != NULL);

  if (text == NULL)
    return;

  /* A name never holds a comma, so the list survives a trip through its
   * display form and back unchanged. */
  parts = g_strsplit (text, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *name = g_strstrip (parts[i]);
      gboolean seen = FALSE;

      if (*name == '\0')
        continue;

      for (guint j = 0; j < names->len && !seen; j++)
        seen = strcmp (g_ptr_array_index (names, j), name) == 0;

      if (!seen)
        g_ptr_array_add (names, g_strdup (name));
    }
}

/*
 * _crm_tag_list_parse:
 * @text: (nullable): tag names separated by commas
 *
 * Splits @text at commas, trims the names and drops empty and repeated
 * ones, keeping the first occurrence of each.
 *
 * Returns: (transfer full): a tag list, empty but never %NULL
 */
char **
_crm_tag_list_parse (const char *text)
{
  GPtrArray *names = g_ptr_array_new ();

  add_names (names, text);
  g_ptr_array_add (names, NULL);

  return (char **)g_ptr_array_free (names, FALSE);
}

/*
 * _crm_tag_list_normalize:
 * @tags: (nullable): tag names
 *
 * Makes a tag list from names given one by one, cleaning them as
 * _crm_tag_list_parse() does. A name holding a comma becomes several tags.
 *
 * Returns: (transfer full): a tag list, empty but never %NULL
 */
char **
_crm_tag_list_normalize (const char * const *tags)
{
  GPtrArray *names = g_ptr_array_new ();

  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    add_names (names, tags[i]);
  g_ptr_array_add (names, NULL);

  return (char **)g_ptr_array_free (names, FALSE);
}

/*
 * _crm_tag_list_join:
 * @tags: (nullable): a tag list
 *
 * Returns: (transfer full) (nullable): the names joined with ", ", or
 *   %NULL when there are none
 */
char *
_crm_tag_list_join (const char * const *tags)
{
  if (tags == NULL || tags[0] == NULL)
    return NULL;

  return g_strjoinv (", ", (char **)tags);
}

/*
 * _crm_tag_list_update:
 * @list: the object's tag list
 * @text: the object's display string of that list
 * @new_list: (transfer full): a list from _crm_tag_list_parse() or
 *   _crm_tag_list_normalize()
 *
 * Replaces @list by @new_list and @text by its display form.
 *
 * Returns: %TRUE if the display form changed, so the owner should notify
 */
gboolean
_crm_tag_list_update (char   ***list,
                      char    **text,
                      char    **new_list)
{
  g_autofree char *new_text = NULL;

  g_assert (list != NULL);
  g_assert (text != NULL);
  g_assert (new_list != NULL);

  g_strfreev (*list);
  *list = new_list;

  /* Clean names without commas make the display form tell lists apart. */
  new_text = _crm_tag_list_join ((const char * const *)new_list);
  if (g_strcmp0 (*text, new_text) == 0)
    return FALSE;

  g_free (*text);
  *text = g_steal_pointer (&new_text);

  return TRUE;
}
