/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-money.h"
#include "crm-reports-view.h"
#include "crm-reports.h"
#include "crm-store-deals.h"
#include "crm-time.h"

/* Changes come in bursts (an import, a client moved with its deals); the
 * figures are counted again once the burst is over. */
#define REFRESH_DELAY_MS 300

/* CrmReportsBar: one horizontal bar of the deals-per-stage chart, drawn
 * with Cairo in the stage's colour. It is private to this page. */

#define CRM_TYPE_REPORTS_BAR (crm_reports_bar_get_type ())
G_DECLARE_FINAL_TYPE (CrmReportsBar, crm_reports_bar, CRM, REPORTS_BAR, GtkWidget)

struct _CrmReportsBar
{
  GtkWidget  parent_instance;

  double     fraction;
  GdkRGBA    color;
};

G_DEFINE_FINAL_TYPE (CrmReportsBar, crm_reports_bar, GTK_TYPE_WIDGET)

static void
crm_reports_bar_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 48;
      *natural = 240;
    }
  else
    {
      *minimum = 14;
      *natural = 14;
    }
}

static void
rounded_rectangle (cairo_t *cr,
                   double   width,
                   double   height)
{
  double radius = MIN (height / 2, width / 2);

  cairo_new_sub_path (cr);
  cairo_arc (cr, width - radius, radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, width - radius, height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, radius, height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, radius, radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
crm_reports_bar_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  CrmReportsBar *self = CRM_REPORTS_BAR (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GdkRGBA track;
  double filled;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (widget, &track);
#else
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &track);
#endif
  track.alpha *= 0.12f;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  gdk_cairo_set_source_rgba (cr, &track);
  rounded_rectangle (cr, width, height);
  cairo_fill (cr);

  /* A stage with any deal gets at least a round dot, so it never looks
   * empty next to a big one. */
  filled = self->fraction > 0 ? MAX (self->fraction * width, (double)height) : 0;
  if (filled > 0)
    {
      gdk_cairo_set_source_rgba (cr, &self->color);
      rounded_rectangle (cr, MIN (filled, (double)width), height);
      cairo_fill (cr);
    }

  cairo_destroy (cr);
}

static void
crm_reports_bar_class_init (CrmReportsBarClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->measure = crm_reports_bar_measure;
  widget_class->snapshot = crm_reports_bar_snapshot;

  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_METER);
}

static void
crm_reports_bar_init (CrmReportsBar *self)
{
  gdk_rgba_parse (&self->color, "#3584e4");
}

static GtkWidget *
crm_reports_bar_new (double      fraction,
                     const char *color,
                     const char *accessible_label)
{
  CrmReportsBar *self = g_object_new (CRM_TYPE_REPORTS_BAR, NULL);

  self->fraction = CLAMP (fraction, 0.0, 1.0);
  if (color == NULL || !gdk_rgba_parse (&self->color, color))
    gdk_rgba_parse (&self->color, "#3584e4");

  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 0.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, 100.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, self->fraction * 100.0,
                                  -1);

  return GTK_WIDGET (self);
}

/* CrmReportsView */

struct _CrmReportsView
{
  AdwBin          parent_instance;

  CrmStore       *store;
  CrmStore       *worker_store;   /* the counting thread's own connection */
  GCancellable   *cancellable;
  guint           refresh_timeout;
  guint           midnight_timeout;
  gboolean        stale;          /* the store changed while unmapped */
  gboolean        counting;       /* a count runs in the thread */
  gboolean        count_again;    /* the store changed while it ran */
  gint64          shown_day;      /* the start of the day the figures are for */

  /* Template children */
  GtkLabel       *date_label;
  GtkLabel       *error_label;
  GtkLabel       *calls_today_label;
  GtkLabel       *calls_today_detail;
  GtkLabel       *calls_week_label;
  GtkLabel       *calls_week_detail;
  GtkLabel       *won_label;
  GtkLabel       *won_detail;
  GtkGrid        *calls_grid;
  GtkBox         *stages_box;

  /* The charts of all pipelines share their columns, so bars line up. */
  GtkSizeGroup   *stage_names;
  GtkSizeGroup   *stage_counts;
  GtkSizeGroup   *stage_sums;
};

G_DEFINE_FINAL_TYPE (CrmReportsView, crm_reports_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void schedule_midnight (CrmReportsView *self);

/* Talk time for people: "1 h 05 min", "12 min", "40 s". */
static char *
format_duration (gint64 seconds)
{
  gint64 minutes = (seconds + 30) / 60;

  if (seconds <= 0)
    return g_strdup (C_("talk time", "0 min"));
  if (seconds < 60)
    return g_strdup_printf (C_("talk time", "%d s"), (int)seconds);
  if (minutes < 60)
    return g_strdup_printf (C_("talk time", "%d min"), (int)minutes);

  return g_strdup_printf (C_("talk time", "%d h %02d min"), (int)(minutes / 60), (int)(minutes % 60));
}

/* Counts with the locale's digit grouping, "24 457" where it has one. */
static char *
format_count (gint64 count)
{
  return g_strdup_printf ("%'" G_GINT64_FORMAT, count);
}

static void
clear_container (GtkWidget *container)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (container)) != NULL)
    gtk_widget_unparent (child);
}

static GtkWidget *
cell_label (const char *text,
            float       xalign,
            const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

static GtkWidget *
number_label (gint64 value)
{
  g_autofree char *text = format_count (value);
  GtkWidget *label = cell_label (text, 1.0f, "numeric");

  if (value == 0)
    gtk_widget_add_css_class (label, "dim-label");

  return label;
}

static int
compare_by_week_calls (gconstpointer a,
                       gconstpointer b)
{
  const CrmReportCalls *ra = *(const CrmReportCalls * const *)a;
  const CrmReportCalls *rb = *(const CrmReportCalls * const *)b;

  if (ra->calls != rb->calls)
    return ra->calls > rb->calls ? -1 : 1;

  /* The core sorted by name; keep that among equals. */
  return 0;
}

static void
fill_tile (GtkLabel   *number,
           GtkLabel   *detail,
           gint64      count,
           const char *detail_text)
{
  g_autofree char *text = format_count (count);

  gtk_label_set_text (number, text);
  gtk_label_set_text (detail, detail_text);
}

/* Everything the page shows, counted in a thread: with a million calls a
 * week of them takes longer than a frame, and the window must not stall. */
typedef struct
{
  CrmStore   *store;
  char       *path;
  gint64      now;
  char       *currency;
  GPtrArray  *today;          /* (element-type CrmReportCalls) */
  GPtrArray  *week;           /* (element-type CrmReportCalls) */
  gboolean    won_ok;
  gint64      won_count;
  gint64      won_amount;
  GPtrArray  *pipelines;      /* (element-type CrmPipeline) */
  GPtrArray  *stages;         /* (element-type GPtrArray of CrmStage), one per pipeline */
  GError     *error;          /* the first thing that went wrong */
} Figures;

static void
figures_free (Figures *figures)
{
  g_clear_object (&figures->store);
  g_free (figures->path);
  g_free (figures->currency);
  g_clear_pointer (&figures->today, g_ptr_array_unref);
  g_clear_pointer (&figures->week, g_ptr_array_unref);
  g_clear_pointer (&figures->pipelines, g_ptr_array_unref);
  g_clear_pointer (&figures->stages, g_ptr_array_unref);
  g_clear_error (&figures->error);
  g_free (figures);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Figures, figures_free)

static void
keep_first_error (Figures *figures,
                  GError  *error)
{
  if (figures->error == NULL)
    figures->error = error;
  else
    g_error_free (error);
}

/* Periods run to the end of the day, week and month, not to now: a call
 * logged with a later time today still belongs to today. */
static void
count_figures (Figures *figures)
{
  gint64 day_start = crm_time_start_of_day (figures->now);
  gint64 day_end = crm_time_start_of_day (day_start + 36 * 3600 * (gint64)1000);
  gint64 week_start = crm_time_start_of_week (figures->now);
  gint64 week_end = crm_time_start_of_week (week_start + 8 * 24 * 3600 * (gint64)1000);
  gint64 month_start = crm_time_start_of_month (figures->now);
  gint64 month_end = crm_time_start_of_month (month_start + 32 * 24 * 3600 * (gint64)1000);
  GError *error = NULL;

  figures->currency = g_strdup (crm_store_get_default_currency (figures->store));

  figures->today = crm_report_calls_per_employee (figures->store, day_start, day_end, &error);
  if (figures->today == NULL)
    keep_first_error (figures, g_steal_pointer (&error));

  figures->week = crm_report_calls_per_employee (figures->store, week_start, week_end, &error);
  if (figures->week == NULL)
    keep_first_error (figures, g_steal_pointer (&error));

  figures->won_ok = crm_report_won_deals (figures->store, month_start, month_end,
                                          &figures->won_count, &figures->won_amount, &error);
  if (!figures->won_ok)
    keep_first_error (figures, g_steal_pointer (&error));

  figures->pipelines = crm_store_list_pipelines (figures->store, &error);
  if (figures->pipelines == NULL)
    {
      keep_first_error (figures, g_steal_pointer (&error));
      return;
    }

  figures->stages = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  for (guint i = 0; i < figures->pipelines->len; i++)
    {
      CrmPipeline *pipeline = g_ptr_array_index (figures->pipelines, i);
      GPtrArray *stages = crm_store_list_stages (figures->store, crm_pipeline_get_id (pipeline), &error);

      if (stages == NULL)
        {
          keep_first_error (figures, g_steal_pointer (&error));
          stages = g_ptr_array_new_with_free_func (g_object_unref);
        }
      g_ptr_array_add (figures->stages, stages);
    }
}

static void
count_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Figures *figures = task_data;

  /* The first count opens the thread's connection; later ones reuse it. */
  if (figures->store == NULL)
    {
      figures->store = crm_store_open (figures->path, &figures->error);
      if (figures->store == NULL)
        {
          g_task_return_boolean (task, TRUE);
          return;
        }
    }

  count_figures (figures);
  g_task_return_boolean (task, TRUE);
}

static void
show_calls (CrmReportsView *self,
            Figures        *figures)
{
  g_autoptr(GHashTable) today_by_user = NULL;
  GPtrArray *today = figures->today;
  GPtrArray *week = figures->week;
  gint64 today_calls = 0, today_seconds = 0;
  gint64 week_calls = 0, week_seconds = 0;
  g_autofree char *today_time = NULL;
  g_autofree char *week_time = NULL;
  g_autofree char *today_detail = NULL;
  g_autofree char *week_detail = NULL;
  const char *headers[] = {
    C_("calls table", "Employee"),
    C_("calls table", "Today"),
    C_("calls table", "This week"),
    C_("calls table", "Talk time this week"),
  };

  clear_container (GTK_WIDGET (self->calls_grid));

  if (today == NULL || week == NULL)
    {
      fill_tile (self->calls_today_label, self->calls_today_detail, 0, "");
      fill_tile (self->calls_week_label, self->calls_week_detail, 0, "");
      return;
    }

  today_by_user = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < today->len; i++)
    {
      CrmReportCalls *row = g_ptr_array_index (today, i);

      g_hash_table_insert (today_by_user, &row->user_id, row);
      today_calls += row->calls;
      today_seconds += row->duration_s;
    }

  for (guint i = 0; i < week->len; i++)
    {
      const CrmReportCalls *row = g_ptr_array_index (week, i);

      week_calls += row->calls;
      week_seconds += row->duration_s;
    }

  today_time = format_duration (today_seconds);
  week_time = format_duration (week_seconds);
  /* Translators: the talk time under the number of calls, "1 h 05 min talk time" */
  today_detail = today_calls > 0 ? g_strdup_printf (_("%s talk time"), today_time) : g_strdup (_("No calls yet"));
  week_detail = week_calls > 0 ? g_strdup_printf (_("%s talk time"), week_time) : g_strdup (_("No calls yet"));
  fill_tile (self->calls_today_label, self->calls_today_detail, today_calls, today_detail);
  fill_tile (self->calls_week_label, self->calls_week_detail, week_calls, week_detail);

  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    {
      GtkWidget *label = cell_label (headers[c], c == 0 ? 0.0f : 1.0f, "caption-heading");

      gtk_widget_add_css_class (label, "dim-label");
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_justify (GTK_LABEL (label), c == 0 ? GTK_JUSTIFY_LEFT : GTK_JUSTIFY_RIGHT);
      gtk_widget_set_valign (label, GTK_ALIGN_END);
      gtk_grid_attach (self->calls_grid, label, c, 0, 1, 1);
    }

  /* Most calls first: the head of the department reads from the top. */
  g_ptr_array_sort (week, compare_by_week_calls);

  for (guint i = 0; i < week->len; i++)
    {
      const CrmReportCalls *row = g_ptr_array_index (week, i);
      const CrmReportCalls *day = g_hash_table_lookup (today_by_user, &row->user_id);
      GtkWidget *name_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      GtkWidget *name;
      GtkWidget *split;
      g_autofree char *split_text = NULL;
      g_autofree char *outgoing = format_count (row->outgoing);
      g_autofree char *incoming = format_count (row->incoming);
      g_autofree char *talk = format_duration (row->duration_s);
      GtkWidget *talk_label;
      int r = (int)i + 1;

      name = cell_label (row->user_name != NULL ? row->user_name : _("No employee named"), 0.0f, NULL);
      gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (name_box, TRUE);
      if (!row->active)
        gtk_widget_add_css_class (name, "dim-label");

      if (row->calls == 0)
        split_text = g_strdup (_("No calls this week"));
      else
        /* Translators: outgoing and incoming calls of an employee this week */
        split_text = g_strdup_printf (_("%s outgoing · %s incoming"), outgoing, incoming);
      split = cell_label (split_text, 0.0f, "caption");
      gtk_widget_add_css_class (split, "dim-label");
      gtk_label_set_ellipsize (GTK_LABEL (split), PANGO_ELLIPSIZE_END);

      gtk_box_append (GTK_BOX (name_box), name);
      gtk_box_append (GTK_BOX (name_box), split);
      gtk_grid_attach (self->calls_grid, name_box, 0, r, 1, 1);
      gtk_grid_attach (self->calls_grid, number_label (day != NULL ? day->calls : 0), 1, r, 1, 1);
      gtk_grid_attach (self->calls_grid, number_label (row->calls), 2, r, 1, 1);

      talk_label = cell_label (talk, 1.0f, "numeric");
      if (row->duration_s == 0)
        gtk_widget_add_css_class (talk_label, "dim-label");
      gtk_grid_attach (self->calls_grid, talk_label, 3, r, 1, 1);
    }
}

static void
show_won (CrmReportsView *self,
          Figures        *figures)
{
  g_autofree char *sum = NULL;

  if (!figures->won_ok)
    {
      fill_tile (self->won_label, self->won_detail, 0, "");
      return;
    }

  sum = crm_money_format (figures->won_amount, figures->currency);
  fill_tile (self->won_label, self->won_detail, figures->won_count, sum != NULL ? sum : "");
}

static void
add_pipeline_chart (CrmReportsView *self,
                    CrmPipeline    *pipeline,
                    GPtrArray      *stages,
                    const char     *currency,
                    gboolean        show_name)
{
  GtkWidget *heading;
  GtkWidget *card;
  GtkWidget *grid;
  g_autofree char *title = NULL;
  gint64 max_count = 0;

  if (show_name)
    /* Translators: a heading; %s is the name of a pipeline */
    title = g_strdup_printf (_("Deals per Stage: %s"), crm_pipeline_get_name (pipeline));
  else
    title = g_strdup (_("Deals per Stage"));

  heading = cell_label (title, 0.0f, "title-4");
  gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
  gtk_widget_set_margin_top (heading, 12);
  gtk_box_append (self->stages_box, heading);

  card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (card, "card");
  grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 8);
  gtk_widget_set_margin_top (grid, 12);
  gtk_widget_set_margin_bottom (grid, 12);
  gtk_widget_set_margin_start (grid, 12);
  gtk_widget_set_margin_end (grid, 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (grid),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  gtk_box_append (GTK_BOX (card), grid);
  gtk_box_append (self->stages_box, card);

  for (guint i = 0; i < stages->len; i++)
    max_count = MAX (max_count, crm_stage_get_deal_count (g_ptr_array_index (stages, i)));

  for (guint i = 0; i < stages->len; i++)
    {
      CrmStage *stage = g_ptr_array_index (stages, i);
      gint64 count = crm_stage_get_deal_count (stage);
      g_autofree char *sum = crm_money_format (crm_stage_get_amount_total (stage), currency);
      g_autofree char *accessible = NULL;
      GtkWidget *name;
      GtkWidget *count_label;
      GtkWidget *sum_label;

      /* Translators: what a screen reader says for one bar of the chart:
       * a stage, its number of deals and their sum */
      accessible = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %d deal, %s", "%s: %d deals, %s",
                                                 (gulong)count),
                                    crm_stage_get_name (stage), (int)count, sum != NULL ? sum : "");

      name = cell_label (crm_stage_get_name (stage), 0.0f, NULL);
      gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (name), 24);
      gtk_label_set_width_chars (GTK_LABEL (name), 8);
      gtk_size_group_add_widget (self->stage_names, name);
      gtk_grid_attach (GTK_GRID (grid), name, 0, i, 1, 1);

      gtk_grid_attach (GTK_GRID (grid),
                       crm_reports_bar_new (max_count > 0 ? (double)count / (double)max_count : 0.0,
                                            crm_stage_get_color (stage), accessible),
                       1, i, 1, 1);
      count_label = number_label (count);
      gtk_size_group_add_widget (self->stage_counts, count_label);
      gtk_grid_attach (GTK_GRID (grid), count_label, 2, i, 1, 1);

      sum_label = cell_label (sum, 1.0f, "numeric");
      gtk_widget_add_css_class (sum_label, "dim-label");
      gtk_size_group_add_widget (self->stage_sums, sum_label);
      gtk_grid_attach (GTK_GRID (grid), sum_label, 3, i, 1, 1);
    }
}

static void
show_stages (CrmReportsView *self,
             Figures        *figures)
{
  clear_container (GTK_WIDGET (self->stages_box));

  if (figures->pipelines == NULL || figures->stages == NULL)
    return;

  for (guint i = 0; i < figures->pipelines->len; i++)
    add_pipeline_chart (self,
                        g_ptr_array_index (figures->pipelines, i),
                        g_ptr_array_index (figures->stages, i),
                        figures->currency,
                        figures->pipelines->len > 1);
}

static void
refresh_date (CrmReportsView *self,
              gint64          now)
{
  g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (now / 1000);
  /* Translators: the date the figures are for, as in "Wednesday, 18 March";
   * see g_date_time_format() for the codes */
  g_autofree char *text = g_date_time_format (local, _("%A, %-d %B"));

  gtk_label_set_text (self->date_label, text);
}

static void
show_figures (CrmReportsView *self,
              Figures        *figures)
{
  self->shown_day = crm_time_start_of_day (figures->now);

  if (figures->error != NULL)
    gtk_label_set_text (self->error_label, figures->error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), figures->error != NULL);

  refresh_date (self, figures->now);
  show_calls (self, figures);
  show_won (self, figures);
  show_stages (self, figures);

  schedule_midnight (self);
}

static void start_count (CrmReportsView *self);

static void
count_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  CrmReportsView *self = CRM_REPORTS_VIEW (source);
  GTask *task = G_TASK (result);
  Figures *figures = g_task_get_task_data (task);

  /* A page that went away keeps nothing. */
  if (!g_task_propagate_boolean (task, NULL) || g_cancellable_is_cancelled (self->cancellable))
    return;

  self->counting = FALSE;
  if (self->worker_store == NULL)
    self->worker_store = g_steal_pointer (&figures->store);

  show_figures (self, figures);

  if (self->count_again)
    start_count (self);
}

static gboolean
is_shared_memory_path (const char *path)
{
  return path == NULL || path[0] == '\0' || g_str_equal (path, ":memory:");
}

static void
start_count (CrmReportsView *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(Figures) figures = g_new0 (Figures, 1);
  const char *path = crm_database_get_path (crm_store_get_database (self->store));

  g_clear_handle_id (&self->refresh_timeout, g_source_remove);
  self->stale = FALSE;
  self->count_again = FALSE;
  figures->now = crm_time_now_ms ();

  /* A database in memory cannot be opened a second time; it is small. */
  if (is_shared_memory_path (path))
    {
      figures->store = g_object_ref (self->store);
      count_figures (figures);
      show_figures (self, figures);
      return;
    }

  if (self->counting)
    {
      self->count_again = TRUE;
      return;
    }

  self->counting = TRUE;
  figures->path = g_strdup (path);
  figures->store = g_steal_pointer (&self->worker_store);

  task = g_task_new (self, self->cancellable, count_done_cb, NULL);
  g_task_set_source_tag (task, start_count);
  g_task_set_task_data (task, g_steal_pointer (&figures), (GDestroyNotify)figures_free);
  g_task_run_in_thread (task, count_thread);
}

/**
 * crm_reports_view_refresh:
 * @self: a #CrmReportsView
 *
 * Counts every figure again. The counting runs in a thread and the page
 * shows the figures when it is done. The page does this by itself when
 * it is shown, when the store changes and when the day changes.
 */
void
crm_reports_view_refresh (CrmReportsView *self)
{
  g_return_if_fail (CRM_IS_REPORTS_VIEW (self));

  start_count (self);
}

static gboolean
refresh_timeout_cb (gpointer user_data)
{
  CrmReportsView *self = user_data;

  self->refresh_timeout = 0;
  crm_reports_view_refresh (self);

  return G_SOURCE_REMOVE;
}

static gboolean
midnight_cb (gpointer user_data)
{
  CrmReportsView *self = user_data;

  self->midnight_timeout = 0;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    crm_reports_view_refresh (self);
  else
    self->stale = TRUE;

  return G_SOURCE_REMOVE;
}

/* "Today" ends at midnight; the figures move to the new day then. */
static void
schedule_midnight (CrmReportsView *self)
{
  gint64 now = crm_time_now_ms ();
  gint64 next_day = crm_time_start_of_day (crm_time_start_of_day (now) + 36 * 3600 * (gint64)1000);
  gint64 seconds = (next_day - now) / 1000 + 1;

  g_clear_handle_id (&self->midnight_timeout, g_source_remove);
  self->midnight_timeout = g_timeout_add_seconds ((guint)CLAMP (seconds, 1, 26 * 3600),
                                                  midnight_cb, self);
}

static void
store_changed_cb (CrmReportsView *self,
                  int             kind,
                  gint64          id)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }

  if (self->refresh_timeout == 0)
    self->refresh_timeout = g_timeout_add (REFRESH_DELAY_MS, refresh_timeout_cb, self);
}

static void
crm_reports_view_map (GtkWidget *widget)
{
  CrmReportsView *self = CRM_REPORTS_VIEW (widget);

  GTK_WIDGET_CLASS (crm_reports_view_parent_class)->map (widget);

  /* Also after a suspend across midnight, when the timer ran late. */
  if (self->stale || crm_time_start_of_day (crm_time_now_ms ()) != self->shown_day)
    crm_reports_view_refresh (self);
}

static void
crm_reports_view_dispose (GObject *object)
{
  CrmReportsView *self = CRM_REPORTS_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->refresh_timeout, g_source_remove);
  g_clear_handle_id (&self->midnight_timeout, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_REPORTS_VIEW);

  G_OBJECT_CLASS (crm_reports_view_parent_class)->dispose (object);
}

static void
crm_reports_view_finalize (GObject *object)
{
  CrmReportsView *self = CRM_REPORTS_VIEW (object);

  g_clear_object (&self->store);
  g_clear_object (&self->worker_store);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->stage_names);
  g_clear_object (&self->stage_counts);
  g_clear_object (&self->stage_sums);

  G_OBJECT_CLASS (crm_reports_view_parent_class)->finalize (object);
}

static void
crm_reports_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CrmReportsView *self = CRM_REPORTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_reports_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CrmReportsView *self = CRM_REPORTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      g_signal_connect_object (self->store, "changed", G_CALLBACK (store_changed_cb),
                               self, G_CONNECT_SWAPPED);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_reports_view_constructed (GObject *object)
{
  CrmReportsView *self = CRM_REPORTS_VIEW (object);

  G_OBJECT_CLASS (crm_reports_view_parent_class)->constructed (object);

  /* Counted when first shown, not when the window is built. */
  self->stale = TRUE;
}

static void
crm_reports_view_class_init (CrmReportsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = crm_reports_view_constructed;
  object_class->dispose = crm_reports_view_dispose;
  object_class->finalize = crm_reports_view_finalize;
  object_class->get_property = crm_reports_view_get_property;
  object_class->set_property = crm_reports_view_set_property;
  widget_class->map = crm_reports_view_map;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         CRM_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/crm-reports-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmReportsView, date_label);
  gtk_widget_class_bind_template_child (widget_class, CrmReportsView, error_label);
  gtk_widget_class_bind_template_child (widget_class, CrmReportsView, calls_today_label);
  gtk_widget_class_bind_template_child (widget_class, CrmReportsView, calls_today_detail);
  gtk_widget_class_bind_template_child (widget_class, CrmReportsView, calls_week_label);
  gtk_widget_class_bind_template_child (widget_class, CrmReportsView, calls_week_detail);
  gtk_widget_class_bind_template_child (widget_class, CrmReportsView, won_label);
  gtk_widget_class_bind_template_child (widget_class, CrmReportsView, won_detail);
  gtk_widget_class_bind_template_child (widget_class, CrmReportsView, calls_grid);
  gtk_widget_class_bind_template_child (widget_class, CrmReportsView, stages_box);
}

static void
crm_reports_view_init (CrmReportsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->stage_names = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  self->stage_counts = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  self->stage_sums = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
}

CrmReportsView *
crm_reports_view_new (CrmStore *store)
{
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);

  return g_object_new (CRM_TYPE_REPORTS_VIEW,
                       "store", store,
                       NULL);
}
