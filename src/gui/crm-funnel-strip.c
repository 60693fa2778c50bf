/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "crm-funnel-strip.h"
#include "crm-money.h"
#include "crm-reports.h"
#include "crm-stage.h"

/**
 * CrmFunnelStrip:
 *
 * The funnel above the board, drawn with Cairo: one segment per open or
 * won stage, as high as its share of the deals, with the stage's name,
 * count and total, and between two segments the share of the deals that
 * entered the first in the chosen period and went on. Lost stages are
 * summed up at the end. The same figures are the strip's accessible
 * description. While the shares are being counted and none are known
 * yet, the pills between the segments hold an ellipsis.
 */

#define STRIP_HEIGHT   92
#define MARGIN         8.0
#define TEXT_ROW       18.0
#define MIN_SHARE      0.22

typedef struct
{
  char         *name;
  GdkRGBA       color;
  CrmStageKind  kind;
  gint64        count;
  gint64        total;
  gint64        entered;
  gint64        moved_on;
} Segment;

struct _CrmFunnelStrip
{
  GtkWidget  parent_instance;

  GArray    *segments;      /* Segment, open and won stages in order */
  gint64     lost_count;
  gint64     lost_total;
  char      *currency;
  gboolean   has_conversion;
  gboolean   busy;
};

G_DEFINE_FINAL_TYPE (CrmFunnelStrip, crm_funnel_strip, GTK_TYPE_WIDGET)

static void
segment_clear (Segment *segment)
{
  g_clear_pointer (&segment->name, g_free);
}

static char *
format_percent (gint64 part,
                gint64 whole)
{
  if (whole <= 0)
    return g_strdup ("–");

  /* Translators: a share in percent; keep “%%” for the percent sign. */
  return g_strdup_printf (_("%d%%"), (int)((part * 100 + whole / 2) / whole));
}

static void
get_foreground (CrmFunnelStrip *self,
                GdkRGBA        *color)
{
#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (GTK_WIDGET (self), color);
#else
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), color);
#endif
}

/* Shows @text in the box at x, y, w wide, centred and ellipsized. */
static void
show_text (CrmFunnelStrip *self,
           cairo_t        *cr,
           const char     *text,
           double          x,
           double          y,
           double          width,
           gboolean        bold)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  int text_width, text_height;

  if (bold)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }

  pango_layout_set_width (layout, (int)(MAX (width, 1) * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_get_pixel_size (layout, &text_width, &text_height);

  cairo_move_to (cr, x, y + (TEXT_ROW - text_height) / 2);
  pango_cairo_show_layout (cr, layout);
}

static double
band_height (CrmFunnelStrip *self,
             guint           index,
             gint64          max_count,
             double          full)
{
  const Segment *segment = &g_array_index (self->segments, Segment, index);

  if (max_count <= 0)
    return full * MIN_SHARE;

  return full * (MIN_SHARE + (1 - MIN_SHARE) * (double)segment->count / (double)max_count);
}

/**
 * crm_funnel_strip_draw:
 * @self: a funnel strip
 * @cr: where to draw
 * @width: the width to fill
 * @height: the height to fill
 *
 * Draws the funnel; the widget uses it for its snapshot, and an export can
 * draw the same on a PDF surface.
 */
void
crm_funnel_strip_draw (CrmFunnelStrip *self,
                       cairo_t        *cr,
                       int             width,
                       int             height)
{
  GdkRGBA foreground;
  double segment_width, band_top, band_full, middle;
  gint64 max_count = 0;
  guint n;

  g_return_if_fail (CRM_IS_FUNNEL_STRIP (self));

  n = self->segments->len;
  if (n == 0 || width <= 2 * MARGIN)
    return;

  get_foreground (self, &foreground);

  for (guint i = 0; i < n; i++)
    max_count = MAX (max_count, g_array_index (self->segments, Segment, i).count);

  segment_width = (width - 2 * MARGIN) / n;
  band_top = MARGIN + TEXT_ROW + 2;
  band_full = MAX (height - band_top - TEXT_ROW - MARGIN - 2, 8);
  middle = band_top + band_full / 2;

  /* The band: each segment runs from its own height to the next one's. */
  for (guint i = 0; i < n; i++)
    {
      const Segment *segment = &g_array_index (self->segments, Segment, i);
      double x = MARGIN + i * segment_width;
      double left = band_height (self, i, max_count, band_full);
      double right = i + 1 < n ? band_height (self, i + 1, max_count, band_full) : left;
      double gap = i + 1 < n ? 1.5 : 0;

      cairo_move_to (cr, x, middle - left / 2);
      cairo_line_to (cr, x + segment_width - gap, middle - right / 2);
      cairo_line_to (cr, x + segment_width - gap, middle + right / 2);
      cairo_line_to (cr, x, middle + left / 2);
      cairo_close_path (cr);
      cairo_set_source_rgba (cr, segment->color.red, segment->color.green, segment->color.blue, 0.85);
      cairo_fill (cr);
    }

  /* Names above, figures below. */
  for (guint i = 0; i < n; i++)
    {
      const Segment *segment = &g_array_index (self->segments, Segment, i);
      double x = MARGIN + i * segment_width;
      g_autofree char *total = crm_money_format (segment->total, self->currency);
      g_autofree char *figures = g_strdup_printf ("%" PRId64 " · %s", segment->count, total);

      gdk_cairo_set_source_rgba (cr, &foreground);
      show_text (self, cr, segment->name, x + 2, MARGIN, segment_width - 4, TRUE);

      cairo_set_source_rgba (cr, foreground.red, foreground.green, foreground.blue, 0.7);
      show_text (self, cr, figures, x + 2, band_top + band_full + 2, segment_width - 4, FALSE);
    }

  /* The share that went on, in a pill on each boundary. */
  if (self->has_conversion || self->busy)
    {
      for (guint i = 0; i + 1 < n; i++)
        {
          const Segment *segment = &g_array_index (self->segments, Segment, i);
          g_autofree char *share = self->has_conversion ? format_percent (segment->moved_on, segment->entered)
                                                        : g_strdup ("…");
          g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), share);
          double x = MARGIN + (i + 1) * segment_width;
          int text_width, text_height;
          double pill_width, pill_height;

          pango_layout_get_pixel_size (layout, &text_width, &text_height);
          pill_width = text_width + 10;
          pill_height = text_height + 2;

          cairo_new_sub_path (cr);
          cairo_arc (cr, x - pill_width / 2 + pill_height / 2, middle, pill_height / 2, G_PI / 2, 3 * G_PI / 2);
          cairo_arc (cr, x + pill_width / 2 - pill_height / 2, middle, pill_height / 2, -G_PI / 2, G_PI / 2);
          cairo_close_path (cr);
          cairo_set_source_rgba (cr, 1, 1, 1, 0.92);
          cairo_fill_preserve (cr);
          cairo_set_source_rgba (cr, 0, 0, 0, 0.25);
          cairo_set_line_width (cr, 1);
          cairo_stroke (cr);

          cairo_set_source_rgba (cr, 0.1, 0.1, 0.1, 1);
          cairo_move_to (cr, x - text_width / 2.0, middle - text_height / 2.0);
          pango_cairo_show_layout (cr, layout);
        }
    }
}

static void
crm_funnel_strip_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  CrmFunnelStrip *self = CRM_FUNNEL_STRIP (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (self->segments->len == 0 || width <= 0 || height <= 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  crm_funnel_strip_draw (self, cr, width, height);
  cairo_destroy (cr);
}

static void
crm_funnel_strip_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  CrmFunnelStrip *self = CRM_FUNNEL_STRIP (widget);

  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      *minimum = *natural = STRIP_HEIGHT;
    }
  else
    {
      *minimum = 120;
      *natural = MAX (120, (int)self->segments->len * 140);
    }
}

static void
crm_funnel_strip_finalize (GObject *object)
{
  CrmFunnelStrip *self = (CrmFunnelStrip *)object;

  g_clear_pointer (&self->segments, g_array_unref);
  g_clear_pointer (&self->currency, g_free);

  G_OBJECT_CLASS (crm_funnel_strip_parent_class)->finalize (object);
}

static void
crm_funnel_strip_class_init (CrmFunnelStripClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = crm_funnel_strip_finalize;
  widget_class->snapshot = crm_funnel_strip_snapshot;
  widget_class->measure = crm_funnel_strip_measure;

  gtk_widget_class_set_css_name (widget_class, "funnelstrip");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
crm_funnel_strip_init (CrmFunnelStrip *self)
{
  self->segments = g_array_new (FALSE, TRUE, sizeof (Segment));
  g_array_set_clear_func (self->segments, (GDestroyNotify)segment_clear);
  self->currency = g_strdup ("EUR");

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Funnel"),
                                  -1);
}

GtkWidget *
crm_funnel_strip_new (void)
{
  return g_object_new (CRM_TYPE_FUNNEL_STRIP, NULL);
}

static const CrmReportFunnelStage *
find_conversion (GArray *conversion,
                 gint64  stage_id)
{
  for (guint i = 0; conversion != NULL && i < conversion->len; i++)
    {
      const CrmReportFunnelStage *row = &g_array_index (conversion, CrmReportFunnelStage, i);

      if (row->stage_id == stage_id)
        return row;
    }

  return NULL;
}

void
crm_funnel_strip_set_data (CrmFunnelStrip *self,
                           GPtrArray      *stages,
                           GArray         *conversion,
                           const char     *currency)
{
  g_autofree char *description = NULL;

  g_return_if_fail (CRM_IS_FUNNEL_STRIP (self));

  g_array_set_size (self->segments, 0);
  self->lost_count = 0;
  self->lost_total = 0;
  self->has_conversion = conversion != NULL;
  g_free (self->currency);
  self->currency = g_strdup (currency != NULL ? currency : "EUR");

  for (guint i = 0; stages != NULL && i < stages->len; i++)
    {
      CrmStage *stage = g_ptr_array_index (stages, i);
      const CrmReportFunnelStage *row = find_conversion (conversion, crm_stage_get_id (stage));
      Segment segment = { 0 };

      if (crm_stage_get_kind (stage) == CRM_STAGE_LOST)
        {
          self->lost_count += crm_stage_get_deal_count (stage);
          self->lost_total += crm_stage_get_amount_total (stage);
          continue;
        }

      segment.name = g_strdup (crm_stage_get_name (stage));
      if (!gdk_rgba_parse (&segment.color, crm_stage_get_color (stage)))
        gdk_rgba_parse (&segment.color, "#3584e4");
      segment.kind = crm_stage_get_kind (stage);
      segment.count = crm_stage_get_deal_count (stage);
      segment.total = crm_stage_get_amount_total (stage);
      if (row != NULL)
        {
          segment.entered = row->entered;
          segment.moved_on = row->moved_on;
        }
      g_array_append_val (self->segments, segment);
    }

  description = crm_funnel_strip_dup_description (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), description);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * crm_funnel_strip_set_busy:
 * @self: a funnel strip
 * @busy: whether the shares are being counted
 *
 * Says that new shares are on their way. The strip goes on showing the
 * ones it has until crm_funnel_strip_set_data() brings the new ones; with
 * none, it shows where they will be.
 */
void
crm_funnel_strip_set_busy (CrmFunnelStrip *self,
                           gboolean        busy)
{
  g_return_if_fail (CRM_IS_FUNNEL_STRIP (self));

  busy = !!busy;
  if (self->busy == busy)
    return;

  self->busy = busy;
  gtk_accessible_update_state (GTK_ACCESSIBLE (self),
                               GTK_ACCESSIBLE_STATE_BUSY, busy,
                               -1);
  if (!self->has_conversion)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
crm_funnel_strip_get_busy (CrmFunnelStrip *self)
{
  g_return_val_if_fail (CRM_IS_FUNNEL_STRIP (self), FALSE);

  return self->busy;
}

/**
 * crm_funnel_strip_dup_description:
 * @self: a funnel strip
 *
 * Returns: (transfer full): the figures the strip draws, in sentences
 */
char *
crm_funnel_strip_dup_description (CrmFunnelStrip *self)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (CRM_IS_FUNNEL_STRIP (self), NULL);

  for (guint i = 0; i < self->segments->len; i++)
    {
      const Segment *segment = &g_array_index (self->segments, Segment, i);
      g_autofree char *total = crm_money_format (segment->total, self->currency);

      if (text->len > 0)
        g_string_append (text, " ");
      g_string_append_printf (text,
                              /* Translators: one stage in the description of the
                               * funnel: its name, how many deals, their total. */
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%s: %" PRId64 " deal, %s.",
                                           "%s: %" PRId64 " deals, %s.",
                                           segment->count),
                              segment->name, segment->count, total);

      if (self->has_conversion && i + 1 < self->segments->len)
        {
          g_autofree char *share = format_percent (segment->moved_on, segment->entered);

          g_string_append (text, " ");
          g_string_append_printf (text,
                                  /* Translators: in the description of the funnel:
                                   * how many of the deals that entered a stage in
                                   * the period went on, as a share. */
                                  _("%s of the deals that entered it in the period went on."),
                                  share);
        }
    }

  if (self->lost_count > 0)
    {
      g_autofree char *total = crm_money_format (self->lost_total, self->currency);

      if (text->len > 0)
        g_string_append (text, " ");
      g_string_append_printf (text,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "Lost: %" PRId64 " deal, %s.",
                                           "Lost: %" PRId64 " deals, %s.",
                                           self->lost_count),
                              self->lost_count, total);
    }

  return g_string_free (text, FALSE);
}
