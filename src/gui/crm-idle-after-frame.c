/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include "crm-idle-after-frame.h"

/* Work that a user is not waiting for: it runs after the frame they are
 * waiting for is drawn. An idle of its own would run while the main loop
 * waits for that frame's turn, and hold the frame back if it overran. */

typedef struct
{
  GSource        source;
  GdkFrameClock *clock;
  gulong         handler;
} IdleAfterFrame;

static void
after_paint_cb (GdkFrameClock *clock,
                GSource       *source)
{
  IdleAfterFrame *idle = (IdleAfterFrame *)source;

  g_clear_signal_handler (&idle->handler, clock);
  /* Ready from now on: a callback that returns G_SOURCE_CONTINUE runs in
   * each pass of the main loop, as an idle does. */
  g_source_set_ready_time (source, 0);
}

static gboolean
idle_after_frame_dispatch (GSource     *source,
                           GSourceFunc  callback,
                           gpointer     data)
{
  return callback (data);
}

static void
idle_after_frame_finalize (GSource *source)
{
  IdleAfterFrame *idle = (IdleAfterFrame *)source;

  /* A clock whose window was destroyed has dropped its handlers already. */
  if (idle->clock != NULL && idle->handler != 0 &&
      g_signal_handler_is_connected (idle->clock, idle->handler))
    g_signal_handler_disconnect (idle->clock, idle->handler);
  idle->handler = 0;
  g_clear_object (&idle->clock);
}

static GSourceFuncs idle_after_frame_funcs = {
  .dispatch = idle_after_frame_dispatch,
  .finalize = idle_after_frame_finalize,
};

/**
 * crm_idle_after_frame_add:
 * @widget: the widget whose next frame comes first
 * @func: what to run, as for g_idle_add()
 * @data: passed to @func
 * @notify: (nullable): called with @data when the source goes
 *
 * Runs @func at %G_PRIORITY_LOW once @widget's window has drawn its next
 * frame, then again in each pass of the main loop for as long as it
 * returns %G_SOURCE_CONTINUE. A widget not in a shown window has no
 * frames to wait for: @func runs as an idle.
 *
 * Returns: the source's id, for g_source_remove()
 */
guint
crm_idle_after_frame_add (GtkWidget      *widget,
                          GSourceFunc     func,
                          gpointer        data,
                          GDestroyNotify  notify)
{
  GdkFrameClock *clock;
  GSource *source;
  IdleAfterFrame *idle;
  guint id;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), 0);
  g_return_val_if_fail (func != NULL, 0);

  source = g_source_new (&idle_after_frame_funcs, sizeof (IdleAfterFrame));
  idle = (IdleAfterFrame *)source;
  g_source_set_priority (source, G_PRIORITY_LOW);
  g_source_set_callback (source, func, data, notify);
  g_source_set_static_name (source, "[clientele] idle after frame");

  clock = gtk_widget_get_frame_clock (widget);
  if (clock != NULL)
    {
      idle->clock = g_object_ref (clock);
      idle->handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), source);
    }
  else
    g_source_set_ready_time (source, 0);

  id = g_source_attach (source, NULL);
  g_source_unref (source);

  return id;
}
