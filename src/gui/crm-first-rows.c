/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include "crm-first-rows.h"
#include "crm-idle-after-frame.h"

/* GTK 4.8's list and column views build and bind 200 rows, however few
 * fit on screen, before their first frame: for a table of eight columns
 * that is most of a window's start. A list shows first a screenful of
 * rows, then, once that frame is drawn, all of them. */

/* Rows of a tall screen: a maximised 4K window shows about 60 at most. */
#define FIRST_ROWS 60

/* The rows GTK 4.8 builds of a longer list come a few at a time, each
 * step in a pass of the main loop of its own, so that typing and frames
 * go on between them. */
#define ROWS_GTK_BUILDS 200
#define ROWS_STEP 40

static gboolean
more_rows_idle_cb (gpointer user_data)
{
  GtkSliceListModel *slice = user_data;
  guint size = gtk_slice_list_model_get_size (slice);
  guint n_rows = g_list_model_get_n_items (gtk_slice_list_model_get_model (slice));

  if (size == G_MAXUINT)
    return G_SOURCE_REMOVE;

  /* The last step offers them all: rows added later show too. */
  if (size >= n_rows || size + ROWS_STEP >= ROWS_GTK_BUILDS)
    {
      crm_first_rows_show_all (G_LIST_MODEL (slice));
      return G_SOURCE_REMOVE;
    }

  gtk_slice_list_model_set_size (slice, size + ROWS_STEP);
  return G_SOURCE_CONTINUE;
}

/* The rest of the rows come once the first screen is drawn. */
static void
list_mapped_cb (GtkWidget         *list_widget,
                GtkSliceListModel *slice)
{
  g_signal_handlers_disconnect_by_func (list_widget, list_mapped_cb, slice);

  if (gtk_slice_list_model_get_size (slice) != G_MAXUINT)
    crm_idle_after_frame_add (list_widget, more_rows_idle_cb, g_object_ref (slice), g_object_unref);
}

/**
 * crm_first_rows_model_new:
 * @model: (transfer none): the rows to show
 * @list_widget: the list or column view that will show them
 *
 * Wraps @model so that it offers a screenful of its first rows until
 * @list_widget has drawn its first frame, and all its rows from then on.
 * Positions are those of @model. Code that selects or scrolls to a row
 * that may lie further calls crm_first_rows_show_all() first.
 *
 * Returns: (transfer full): the model to give to @list_widget (or to its
 *   selection model)
 */
GListModel *
crm_first_rows_model_new (GListModel *model,
                          GtkWidget  *list_widget)
{
  GtkSliceListModel *slice;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);
  g_return_val_if_fail (GTK_IS_WIDGET (list_widget), NULL);

  slice = gtk_slice_list_model_new (g_object_ref (model), 0, FIRST_ROWS);

  if (gtk_widget_get_mapped (list_widget))
    list_mapped_cb (list_widget, slice);
  else
    g_signal_connect_object (list_widget, "map", G_CALLBACK (list_mapped_cb), slice, 0);

  return G_LIST_MODEL (slice);
}

/**
 * crm_first_rows_show_all:
 * @first_rows: a model from crm_first_rows_model_new()
 *
 * Offers every row of the wrapped model now.
 */
void
crm_first_rows_show_all (GListModel *first_rows)
{
  GtkSliceListModel *slice;

  g_return_if_fail (GTK_IS_SLICE_LIST_MODEL (first_rows));

  slice = GTK_SLICE_LIST_MODEL (first_rows);
  if (gtk_slice_list_model_get_size (slice) != G_MAXUINT)
    gtk_slice_list_model_set_size (slice, G_MAXUINT);
}

/**
 * crm_first_rows_reach:
 * @first_rows: a model from crm_first_rows_model_new()
 * @position: a position in the wrapped model
 *
 * Makes sure @first_rows offers the row at @position: all rows, when it
 * lies beyond the first ones offered so far; nothing changes otherwise.
 */
void
crm_first_rows_reach (GListModel *first_rows,
                      guint       position)
{
  g_return_if_fail (GTK_IS_SLICE_LIST_MODEL (first_rows));

  if (position >= g_list_model_get_n_items (first_rows))
    crm_first_rows_show_all (first_rows);
}
