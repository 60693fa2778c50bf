/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-deal-card.h"
#include "crm-money.h"
#include "crm-time.h"

/**
 * CrmDealCard:
 *
 * One deal on the funnel board: its title, client, amount, the owner's
 * initials and the next reminder, red when it is overdue.
 *
 * The card draws its text itself rather than holding labels: GTK 4.8's
 * list view keeps about two hundred rows per column alive, so a board of
 * six columns builds over a thousand cards, and a card of child widgets
 * costs a hundred times more to make and bind than one drawn in its
 * snapshot. CSS still gives it its background, border and padding (node
 * "dealcard"), and it tells assistive technologies in words what it shows.
 *
 * The card is a drag source whose content is the deal id (G_TYPE_INT64);
 * the board's columns are the drop targets.
 */

#define LINE_SPACING 4
#define AVATAR_SIZE  22
#define ICON_SIZE    12

struct _CrmDealCard
{
  GtkWidget  parent_instance;

  CrmDeal   *deal;
  gulong     notify_handler;
  double     drag_x;
  double     drag_y;

  /* Built when first drawn, dropped when the deal or the style changes. */
  PangoLayout *title;
  PangoLayout *client;
  PangoLayout *amount;
  PangoLayout *reminder;
  PangoLayout *initials;
  gboolean     overdue;
  int          line_height;   /* 0 until measured */
};

G_DEFINE_FINAL_TYPE (CrmDealCard, crm_deal_card, GTK_TYPE_WIDGET)

static PangoFontDescription *cached_font;
static int                   cached_line_height;

enum {
  PROP_0,
  PROP_DEAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
clear_layouts (CrmDealCard *self)
{
  g_clear_object (&self->title);
  g_clear_object (&self->client);
  g_clear_object (&self->amount);
  g_clear_object (&self->reminder);
  g_clear_object (&self->initials);
}

static char *
dup_initials (const char *name)
{
  GString *initials = g_string_new (NULL);
  g_auto(GStrv) words = NULL;
  guint n = 0;

  if (name == NULL)
    return g_string_free (initials, FALSE);

  words = g_strsplit_set (name, " -", -1);
  for (guint i = 0; words[i] != NULL && n < 2; i++)
    {
      gunichar c = g_utf8_get_char_validated (words[i], -1);

      if (words[i][0] == '\0' || c == (gunichar)-1 || c == (gunichar)-2 || !g_unichar_isalnum (c))
        continue;
      g_string_append_unichar (initials, g_unichar_toupper (c));
      n++;
    }

  return g_string_free (initials, FALSE);
}

static PangoLayout *
make_layout (CrmDealCard *self,
             const char  *text,
             gboolean     bold,
             double       scale)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoAttrList *attrs = pango_attr_list_new ();

  if (bold)
    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  if (scale != 1.0)
    pango_attr_list_insert (attrs, pango_attr_scale_new (scale));
  /* Amounts and times line up as numbers. */
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum"));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_single_paragraph_mode (layout, TRUE);

  return layout;
}

static void
ensure_layouts (CrmDealCard *self)
{
  g_autofree char *amount = NULL;
  g_autofree char *initials = NULL;
  gint64 next;

  if (self->title != NULL || self->deal == NULL)
    return;

  next = crm_deal_get_next_reminder_at (self->deal);
  self->overdue = next != 0 && next < crm_time_now_ms ();

  self->title = make_layout (self, crm_deal_get_title (self->deal), TRUE, 1.0);
  self->client = make_layout (self, crm_deal_get_contact_name (self->deal), FALSE, 1.0);
  amount = crm_money_format (crm_deal_get_amount (self->deal), crm_deal_get_currency (self->deal));
  self->amount = make_layout (self, amount, FALSE, 1.0);
  if (next != 0)
    {
      g_autofree char *when = crm_time_format_short (next);

      self->reminder = make_layout (self, when, FALSE, 0.85);
    }
  initials = dup_initials (crm_deal_get_owner_name (self->deal));
  if (*initials != '\0')
    self->initials = make_layout (self, initials, TRUE, 0.7);
}

static int
line_height (CrmDealCard *self)
{
  PangoContext *context;
  PangoFontMetrics *metrics;

  if (self->line_height > 0)
    return self->line_height;

  /* Every card of a board has the same font: its metrics are read once. */
  context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  if (cached_font == NULL ||
      !pango_font_description_equal (cached_font, pango_context_get_font_description (context)))
    {
      g_clear_pointer (&cached_font, pango_font_description_free);
      cached_font = pango_font_description_copy (pango_context_get_font_description (context));
      metrics = pango_context_get_metrics (context, NULL, NULL);
      cached_line_height = MAX (PANGO_PIXELS (pango_font_metrics_get_height (metrics)), 1);
      pango_font_metrics_unref (metrics);
    }

  self->line_height = cached_line_height;
  return self->line_height;
}

static void
get_colors (CrmDealCard *self,
            GdkRGBA     *foreground,
            GdkRGBA     *error)
{
#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (GTK_WIDGET (self), foreground);
#else
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), foreground);
#endif

  if (adw_style_manager_get_dark (adw_style_manager_get_default ()))
    gdk_rgba_parse (error, "#ff7b63");
  else
    gdk_rgba_parse (error, "#c01c28");
}

/* A colour of its own for each owner, so that a column shows at a glance
 * whose deals it holds. */
static void
avatar_color (const char *name,
              GdkRGBA    *color)
{
  static const char * const palette[] = {
    "#3584e4", "#26a269", "#2190a4", "#e66100", "#e01b24",
    "#9141ac", "#986a44", "#1c71d8", "#26a269", "#c64600",
  };

  gdk_rgba_parse (color, palette[g_str_hash (name != NULL ? name : "") % G_N_ELEMENTS (palette)]);
}

static void
snapshot_clock (GtkSnapshot   *snapshot,
                double         x,
                double         y,
                const GdkRGBA *color)
{
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (x, y, ICON_SIZE, ICON_SIZE));
  double r = ICON_SIZE / 2.0 - 1;

  gdk_cairo_set_source_rgba (cr, color);
  cairo_set_line_width (cr, 1.4);
  cairo_arc (cr, x + ICON_SIZE / 2.0, y + ICON_SIZE / 2.0, r, 0, 2 * G_PI);
  cairo_stroke (cr);
  cairo_move_to (cr, x + ICON_SIZE / 2.0, y + 3);
  cairo_line_to (cr, x + ICON_SIZE / 2.0, y + ICON_SIZE / 2.0);
  cairo_line_to (cr, x + ICON_SIZE / 2.0 + 2.5, y + ICON_SIZE / 2.0 + 1.5);
  cairo_stroke (cr);
  cairo_destroy (cr);
}

static void
crm_deal_card_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  CrmDealCard *self = CRM_DEAL_CARD (widget);
  int width = gtk_widget_get_width (widget);
  int line = line_height (self);
  GdkRGBA foreground, dim, error;
  int y = 0, right, text_width, text_height;

  if (self->deal == NULL || width <= 0)
    return;

  ensure_layouts (self);
  get_colors (self, &foreground, &error);
  dim = foreground;
  dim.alpha *= 0.6;

  /* Title, then the client. */
  pango_layout_set_width (self->title, width * PANGO_SCALE);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, y));
  gtk_snapshot_append_layout (snapshot, self->title, &foreground);
  gtk_snapshot_restore (snapshot);
  y += line + LINE_SPACING;

  pango_layout_set_width (self->client, width * PANGO_SCALE);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, y));
  gtk_snapshot_append_layout (snapshot, self->client, &dim);
  gtk_snapshot_restore (snapshot);
  y += line + LINE_SPACING;

  /* The bottom line: the owner's initials at the right end, the next
   * reminder before them, the amount in what is left. */
  right = width;
  if (self->initials != NULL)
    {
      GdkRGBA color, white = { 1, 1, 1, 1 };
      GskRoundedRect circle;
      double top = y + (MAX (line, AVATAR_SIZE) - AVATAR_SIZE) / 2.0;

      avatar_color (crm_deal_get_owner_name (self->deal), &color);
      right -= AVATAR_SIZE;
      gsk_rounded_rect_init_from_rect (&circle, &GRAPHENE_RECT_INIT (right, top, AVATAR_SIZE, AVATAR_SIZE),
                                       AVATAR_SIZE / 2.0);
      gtk_snapshot_push_rounded_clip (snapshot, &circle);
      gtk_snapshot_append_color (snapshot, &color, &circle.bounds);
      gtk_snapshot_pop (snapshot);

      pango_layout_get_pixel_size (self->initials, &text_width, &text_height);
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot,
                              &GRAPHENE_POINT_INIT (right + (AVATAR_SIZE - text_width) / 2.0,
                                                    top + (AVATAR_SIZE - text_height) / 2.0));
      gtk_snapshot_append_layout (snapshot, self->initials, &white);
      gtk_snapshot_restore (snapshot);
      right -= 6;
    }

  if (self->reminder != NULL)
    {
      const GdkRGBA *color = self->overdue ? &error : &dim;
      double middle = y + MAX (line, AVATAR_SIZE) / 2.0;

      pango_layout_get_pixel_size (self->reminder, &text_width, &text_height);
      right -= text_width;
      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (right, middle - text_height / 2.0));
      gtk_snapshot_append_layout (snapshot, self->reminder, color);
      gtk_snapshot_restore (snapshot);
      right -= ICON_SIZE + 3;
      snapshot_clock (snapshot, right, middle - ICON_SIZE / 2.0, color);
      right -= 6;
    }

  pango_layout_set_width (self->amount, MAX (right, 1) * PANGO_SCALE);
  pango_layout_get_pixel_size (self->amount, &text_width, &text_height);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT (0, y + (MAX (line, AVATAR_SIZE) - text_height) / 2.0));
  gtk_snapshot_append_layout (snapshot, self->amount, &foreground);
  gtk_snapshot_restore (snapshot);
}

static void
crm_deal_card_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  CrmDealCard *self = CRM_DEAL_CARD (widget);

  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      int line = line_height (self);

      *minimum = *natural = 2 * (line + LINE_SPACING) + MAX (line, AVATAR_SIZE);
    }
  else
    {
      *minimum = 120;
      *natural = 240;
    }
}

static void
crm_deal_card_css_changed (GtkWidget         *widget,
                           GtkCssStyleChange *change)
{
  CrmDealCard *self = CRM_DEAL_CARD (widget);

  GTK_WIDGET_CLASS (crm_deal_card_parent_class)->css_changed (widget, change);

  /* Fonts and colours may differ now. */
  clear_layouts (self);
  self->line_height = 0;
  gtk_widget_queue_resize (widget);
}

static void
update_description (CrmDealCard *self)
{
  g_autofree char *amount = NULL;
  GString *text;
  const char *client, *owner;
  gint64 next;

  if (self->deal == NULL)
    {
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL);
      return;
    }

  client = crm_deal_get_contact_name (self->deal);
  owner = crm_deal_get_owner_name (self->deal);
  next = crm_deal_get_next_reminder_at (self->deal);
  amount = crm_money_format (crm_deal_get_amount (self->deal), crm_deal_get_currency (self->deal));

  /* What a screen reader says for the card: everything it shows, in words. */
  text = g_string_new (crm_deal_get_title (self->deal));
  if (client != NULL && *client != '\0')
    g_string_append_printf (text, ", %s", client);
  g_string_append_printf (text, ", %s", amount);
  if (owner != NULL && *owner != '\0')
    g_string_append_printf (text, ", %s", owner);
  if (next != 0)
    {
      g_autofree char *when = crm_time_format_short (next);

      g_string_append (text, ", ");
      g_string_append_printf (text,
                              next < crm_time_now_ms ()
                              /* Translators: part of what a screen reader says
                               * for a deal card; %s is a date and time. */
                              ? _("reminder overdue since %s")
                              /* Translators: part of what a screen reader says
                               * for a deal card; %s is a date and time. */
                              : _("next reminder %s"),
                              when);
    }

  /* No tooltip: setting one costs more than building the rest of the
   * card, a hundred times per column on GTK 4.8. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text->str,
                                  -1);
  g_string_free (text, TRUE);
}

static void
changed (CrmDealCard *self)
{
  clear_layouts (self);
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
deal_notify_cb (CrmDealCard *self)
{
  changed (self);
}

static GdkContentProvider *
drag_prepare_cb (GtkDragSource *source,
                 double         x,
                 double         y,
                 CrmDealCard   *self)
{
  GValue value = G_VALUE_INIT;
  GdkContentProvider *content;

  if (self->deal == NULL)
    return NULL;

  self->drag_x = x;
  self->drag_y = y;
  g_value_init (&value, G_TYPE_INT64);
  g_value_set_int64 (&value, crm_deal_get_id (self->deal));
  content = gdk_content_provider_new_for_value (&value);
  g_value_unset (&value);

  return content;
}

static void
drag_begin_cb (GtkDragSource *source,
               GdkDrag       *drag,
               CrmDealCard   *self)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (self));
  g_autoptr(GdkPaintable) image = gdk_paintable_get_current_image (paintable);

  /* The icon is a picture of the card, held where it was picked up. */
  gtk_drag_source_set_icon (source, image, (int)self->drag_x, (int)self->drag_y);
  gtk_widget_add_css_class (GTK_WIDGET (self), "dragged");
}

static void
drag_end_cb (GtkDragSource *source,
             GdkDrag       *drag,
             gboolean       delete_data,
             CrmDealCard   *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self), "dragged");
}

static void
crm_deal_card_dispose (GObject *object)
{
  CrmDealCard *self = (CrmDealCard *)object;

  crm_deal_card_set_deal (self, NULL);
  clear_layouts (self);

  G_OBJECT_CLASS (crm_deal_card_parent_class)->dispose (object);
}

static void
crm_deal_card_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CrmDealCard *self = CRM_DEAL_CARD (object);

  switch (prop_id)
    {
    case PROP_DEAL:
      g_value_set_object (value, self->deal);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_deal_card_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  CrmDealCard *self = CRM_DEAL_CARD (object);

  switch (prop_id)
    {
    case PROP_DEAL:
      crm_deal_card_set_deal (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_deal_card_class_init (CrmDealCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crm_deal_card_dispose;
  object_class->get_property = crm_deal_card_get_property;
  object_class->set_property = crm_deal_card_set_property;
  widget_class->snapshot = crm_deal_card_snapshot;
  widget_class->measure = crm_deal_card_measure;
  widget_class->css_changed = crm_deal_card_css_changed;

  properties[PROP_DEAL] =
    g_param_spec_object ("deal", NULL, NULL,
                         CRM_TYPE_DEAL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "dealcard");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
crm_deal_card_init (CrmDealCard *self)
{
  GtkDragSource *source;

  source = gtk_drag_source_new ();
  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect (source, "prepare", G_CALLBACK (drag_prepare_cb), self);
  g_signal_connect (source, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (source, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (source));
}

CrmDealCard *
crm_deal_card_new (void)
{
  return g_object_new (CRM_TYPE_DEAL_CARD, NULL);
}

/**
 * crm_deal_card_get_deal:
 * @self: a card
 *
 * Returns: (transfer none) (nullable): the deal it shows
 */
CrmDeal *
crm_deal_card_get_deal (CrmDealCard *self)
{
  g_return_val_if_fail (CRM_IS_DEAL_CARD (self), NULL);

  return self->deal;
}

gint64
crm_deal_card_get_deal_id (CrmDealCard *self)
{
  g_return_val_if_fail (CRM_IS_DEAL_CARD (self), 0);

  return self->deal != NULL ? crm_deal_get_id (self->deal) : 0;
}

/**
 * crm_deal_card_set_deal:
 * @self: a card
 * @deal: (nullable): the deal to show
 *
 * Shows @deal, and follows its changes while it is shown.
 */
void
crm_deal_card_set_deal (CrmDealCard *self,
                        CrmDeal     *deal)
{
  g_return_if_fail (CRM_IS_DEAL_CARD (self));
  g_return_if_fail (deal == NULL || CRM_IS_DEAL (deal));

  if (self->deal == deal)
    return;

  if (self->deal != NULL)
    g_clear_signal_handler (&self->notify_handler, self->deal);
  g_set_object (&self->deal, deal);
  if (self->deal != NULL)
    self->notify_handler = g_signal_connect_object (self->deal, "notify",
                                                    G_CALLBACK (deal_notify_cb), self,
                                                    G_CONNECT_SWAPPED);

  changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEAL]);
}

void
crm_deal_card_refresh (CrmDealCard *self)
{
  g_return_if_fail (CRM_IS_DEAL_CARD (self));

  changed (self);
}
