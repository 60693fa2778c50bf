/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CRM_TYPE_FUNNEL_STRIP (crm_funnel_strip_get_type ())
G_DECLARE_FINAL_TYPE (CrmFunnelStrip, crm_funnel_strip, CRM, FUNNEL_STRIP, GtkWidget)

GtkWidget *crm_funnel_strip_new             (void);
/* @stages: (element-type CrmStage) the pipeline's stages in order, with
 * the deal-count and amount-total to show; @conversion: (nullable)
 * (element-type CrmReportFunnelStage) crm_report_funnel() over the period. */
void       crm_funnel_strip_set_data        (CrmFunnelStrip *self,
                                             GPtrArray      *stages,
                                             GArray         *conversion,
                                             const char     *currency);
/* Whether new conversion figures are being counted; the strip keeps
 * showing those it has meanwhile. */
void       crm_funnel_strip_set_busy        (CrmFunnelStrip *self,
                                             gboolean        busy);
gboolean   crm_funnel_strip_get_busy        (CrmFunnelStrip *self);
/* What the strip says to a screen reader; the figures it draws. */
char      *crm_funnel_strip_dup_description (CrmFunnelStrip *self);
/* Draws the strip on any cairo context (a widget, a PDF page). */
void       crm_funnel_strip_draw            (CrmFunnelStrip *self,
                                             cairo_t        *cr,
                                             int             width,
                                             int             height);

G_END_DECLS
