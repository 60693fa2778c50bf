/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-idle-after-frame.h"
#include "crm-search-results.h"
#include "crm-search.h"

/* More than a screenful is never read; a longer query narrows it down. */
#define MAX_RESULTS 50

/* Results are shown while the user types, so the frame after a keystroke
 * only lays out the rows that can be on screen; the rows below follow in
 * the next frames. A row is 50 pixels tall; before anything is allocated,
 * a tall window is assumed. */
#define MIN_ROW_HEIGHT 50
#define ROWS_BEFORE_ALLOCATION 24

struct _CrmSearchResults
{
  AdwBin             parent_instance;

  CrmStore          *store;
  char              *query;
  GPtrArray         *results;        /* (element-type CrmSearchResult) */
  guint              rerun_idle;
  guint              rest_idle;      /* shows the rows below the first screen */
  guint              n_shown;        /* rows that show their result */
  gboolean           stale;          /* the store changed while unmapped */

  /* Template children */
  GtkStack          *stack;
  GtkScrolledWindow *scrolled_window;
  GtkLabel          *summary_label;
  GtkListBox        *list_box;
  GtkLabel          *more_label;
  AdwStatusPage     *error_page;
};

G_DEFINE_FINAL_TYPE (CrmSearchResults, crm_search_results, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  RESULT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
result_icon_name (const CrmSearchResult *result)
{
  if (result->kind == CRM_ENTITY_DEAL)
    return "view-list-symbolic";
  if (result->contact_kind == CRM_CONTACT_COMPANY)
    return "clientele-company-symbolic";
  return "avatar-default-symbolic";
}

static const char *
result_kind_label (const CrmSearchResult *result)
{
  if (result->kind == CRM_ENTITY_DEAL)
    return C_("search result kind", "Deal");
  if (result->contact_kind == CRM_CONTACT_COMPANY)
    return C_("search result kind", "Company");
  return C_("search result kind", "Client");
}

/* A row is made once and shows one result after another as the user
 * types: a new widget costs far more than new text in an old one. Its
 * texts are single lines cut with an ellipsis: a line that never wraps is
 * laid out once for its height, where a wrapping one is laid out again
 * for every width GTK asks about, twice a keystroke. */
static GtkWidget *
result_label_new (const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, css_class);

  return label;
}

static GtkWidget *
result_row_new (void)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *title = result_label_new ("result-title");
  GtkWidget *subtitle = result_label_new ("result-subtitle");
  GtkWidget *kind = gtk_label_new (NULL);
  GtkWidget *arrow = gtk_image_new_from_icon_name ("go-next-symbolic");

  gtk_widget_add_css_class (row, "search-result");
  gtk_widget_add_css_class (texts, "result-texts");
  gtk_widget_add_css_class (kind, "result-kind");
  gtk_widget_add_css_class (kind, "caption");
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);

  gtk_box_append (GTK_BOX (texts), title);
  gtk_box_append (GTK_BOX (texts), subtitle);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_box_append (GTK_BOX (box), kind);
  gtk_box_append (GTK_BOX (box), arrow);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  g_object_set_data (G_OBJECT (row), "crm-result-icon", icon);
  g_object_set_data (G_OBJECT (row), "crm-result-title", title);
  g_object_set_data (G_OBJECT (row), "crm-result-subtitle", subtitle);
  g_object_set_data (G_OBJECT (row), "crm-result-kind", kind);

  return row;
}

/* Sets @text on @label unless it shows it already: an unchanged label
 * needs no new layout. Names and phones are what people typed, never
 * markup. */
static void
set_label_text (GtkLabel   *label,
                const char *text)
{
  if (g_strcmp0 (gtk_label_get_text (label), text) != 0)
    gtk_label_set_text (label, text);
}

/* Shows @result in @row, touching only what differs from what it showed,
 * so that unchanged rows need no new layout. */
static void
result_row_show (GtkWidget             *row,
                 const CrmSearchResult *result)
{
  GtkImage *icon = g_object_get_data (G_OBJECT (row), "crm-result-icon");
  GtkLabel *title = g_object_get_data (G_OBJECT (row), "crm-result-title");
  GtkLabel *subtitle = g_object_get_data (G_OBJECT (row), "crm-result-subtitle");
  GtkLabel *kind = g_object_get_data (G_OBJECT (row), "crm-result-kind");
  const char *subtitle_text = result->subtitle != NULL ? result->subtitle : "";
  const char *kind_label = result_kind_label (result);
  g_autofree char *accessible = NULL;

  set_label_text (title, result->title);
  set_label_text (subtitle, subtitle_text);
  gtk_widget_set_visible (GTK_WIDGET (subtitle), subtitle_text[0] != '\0');

  if (g_strcmp0 (gtk_image_get_icon_name (icon), result_icon_name (result)) != 0)
    gtk_image_set_from_icon_name (icon, result_icon_name (result));

  if (g_strcmp0 (gtk_label_get_text (kind), kind_label) != 0)
    {
      gtk_label_set_text (kind, kind_label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, kind_label,
                                      -1);
    }

  /* "Client: Anna Bērziņa, +371 20 000 000" reads well in a screen reader. */
  if (subtitle_text[0] != '\0')
    accessible = g_strdup_printf (C_("search result", "%s: %s, %s"), kind_label, result->title, subtitle_text);
  else
    accessible = g_strdup_printf (C_("search result", "%s: %s"), kind_label, result->title);

  if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "crm-result-accessible"), accessible) != 0)
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                      -1);
      g_object_set_data_full (G_OBJECT (row), "crm-result-accessible", g_steal_pointer (&accessible), g_free);
    }
}

static void
clear_rows (CrmSearchResults *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);
  self->n_shown = 0;
}

/* Hides the rows from the @from-th on; they stay, to show later results. */
static void
hide_rows (CrmSearchResults *self,
           guint             from)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (child)) >= (int)from)
        gtk_widget_set_visible (child, FALSE);
    }

  self->n_shown = MIN (self->n_shown, from);
}

/* Shows the results from the n_shown-th up to @upto (excluded): rows that
 * showed other results take the new ones, more rows are made as needed. */
static void
show_rows (CrmSearchResults *self,
           guint             upto)
{
  upto = MIN (upto, self->results->len);

  for (guint i = self->n_shown; i < upto; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->list_box, (int)i);

      if (row == NULL)
        {
          row = GTK_LIST_BOX_ROW (result_row_new ());
          result_row_show (GTK_WIDGET (row), g_ptr_array_index (self->results, i));
          gtk_list_box_append (self->list_box, GTK_WIDGET (row));
        }
      else
        {
          result_row_show (GTK_WIDGET (row), g_ptr_array_index (self->results, i));
          gtk_widget_set_visible (GTK_WIDGET (row), TRUE);
        }
    }

  self->n_shown = MAX (self->n_shown, upto);
}

/* How many rows the results page can show at once. Before the page was
 * ever shown, the window it is in tells. */
static guint
rows_on_screen (CrmSearchResults *self)
{
  int height = gtk_widget_get_height (GTK_WIDGET (self->scrolled_window));
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (height <= 0 && root != NULL)
    height = gtk_widget_get_height (GTK_WIDGET (root));
  if (height <= 0)
    return ROWS_BEFORE_ALLOCATION;

  return (guint)(height / MIN_ROW_HEIGHT) + 1;
}

/* The rows below the first screen follow once the frame showing the first
 * screen is drawn, a screenful at a time, each in a pass of the main loop
 * of its own, so that the next keystroke never waits long for them. */
static gboolean
rest_idle_cb (gpointer user_data)
{
  CrmSearchResults *self = user_data;

  if (self->results == NULL || self->n_shown >= self->results->len)
    {
      self->rest_idle = 0;
      return G_SOURCE_REMOVE;
    }

  show_rows (self, self->n_shown + rows_on_screen (self));
  return G_SOURCE_CONTINUE;
}

/* The index of the row that has the keyboard focus, -1 when none does. */
static int
focused_row_index (CrmSearchResults *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *row;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->list_box)))
    return -1;

  row = gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX_ROW);
  return row != NULL ? gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (row)) : -1;
}

static void
run_query (CrmSearchResults *self)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  int focused = focused_row_index (self);
  guint first;

  self->stale = FALSE;
  g_clear_handle_id (&self->rest_idle, g_source_remove);
  g_clear_pointer (&self->results, g_ptr_array_unref);

  if (self->query == NULL || self->query[0] == '\0')
    {
      clear_rows (self);
      gtk_label_set_text (self->summary_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->more_label), FALSE);
      gtk_stack_set_visible_child_name (self->stack, "results");
      return;
    }

  results = crm_search_run (self->store, self->query, MAX_RESULTS, &error);
  if (results == NULL)
    {
      hide_rows (self, 0);
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }

  if (results->len == 0)
    {
      hide_rows (self, 0);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  self->results = g_steal_pointer (&results);

  /* The rows show the new results: those that can be on screen at once
   * now, the rest right after this frame; rows beyond the results hide.
   * A refresh under the keyboard shows them all, to keep the place. */
  first = focused >= 0 ? self->results->len : rows_on_screen (self);
  hide_rows (self, first);
  self->n_shown = 0;
  show_rows (self, first);
  if (self->n_shown < self->results->len)
    self->rest_idle = crm_idle_after_frame_add (GTK_WIDGET (self), rest_idle_cb, self, NULL);

  if (self->results->len >= MAX_RESULTS)
    summary = g_strdup_printf (_("The best %u results"), self->results->len);
  else
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u result", "%u results", self->results->len),
                               self->results->len);
  gtk_label_set_text (self->summary_label, summary);
  gtk_widget_set_visible (GTK_WIDGET (self->more_label), self->results->len >= MAX_RESULTS);
  gtk_stack_set_visible_child_name (self->stack, "results");

  /* A refresh under the keyboard keeps the place in the list. */
  if (focused >= 0)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->list_box,
                                                          MIN ((guint)focused, self->results->len - 1));

      gtk_widget_grab_focus (GTK_WIDGET (row));
    }
}

static gboolean
rerun_idle_cb (gpointer user_data)
{
  CrmSearchResults *self = user_data;

  self->rerun_idle = 0;
  run_query (self);

  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (CrmSearchResults *self,
                  int               kind,
                  gint64            id)
{
  switch ((CrmEntityKind)kind)
    {
    case CRM_ENTITY_ANY:
    case CRM_ENTITY_CONTACT:
    case CRM_ENTITY_DEAL:
    case CRM_ENTITY_STAGE:
    case CRM_ENTITY_PIPELINE:
      break;
    case CRM_ENTITY_USER:
    case CRM_ENTITY_ACTIVITY:
    case CRM_ENTITY_REMINDER:
    case CRM_ENTITY_ATTACHMENT:
    default:
      /* Nothing that search shows. */
      return;
    }

  if (self->query == NULL || self->query[0] == '\0')
    return;

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }

  /* An import changes many rows at once: search once, after them. */
  if (self->rerun_idle == 0)
    self->rerun_idle = g_idle_add (rerun_idle_cb, self);
}

static void
row_activated_cb (GtkListBox       *box,
                  GtkListBoxRow    *row,
                  CrmSearchResults *self)
{
  int index = gtk_list_box_row_get_index (row);
  const CrmSearchResult *result;

  if (self->results == NULL || index < 0 || (guint)index >= self->results->len)
    return;

  result = g_ptr_array_index (self->results, index);
  g_signal_emit (self, signals[RESULT_ACTIVATED], 0, (int)result->kind, result->id);
}

static gboolean
keynav_failed_cb (GtkWidget        *widget,
                  GtkDirectionType  direction,
                  CrmSearchResults *self)
{
  /* Up from the first result goes back to the search entry, as Down from
   * the entry came here. */
  if (direction == GTK_DIR_UP)
    return gtk_widget_activate_action (GTK_WIDGET (self), "win.focus-search", NULL);

  return FALSE;
}

static void
crm_search_results_map (GtkWidget *widget)
{
  CrmSearchResults *self = CRM_SEARCH_RESULTS (widget);

  GTK_WIDGET_CLASS (crm_search_results_parent_class)->map (widget);

  if (self->stale)
    run_query (self);
}

static void
crm_search_results_dispose (GObject *object)
{
  CrmSearchResults *self = CRM_SEARCH_RESULTS (object);

  g_clear_handle_id (&self->rerun_idle, g_source_remove);
  g_clear_handle_id (&self->rest_idle, g_source_remove);
  /* The stack is both the bin's child and a template child; disposing the
   * template unparents it behind the bin's back, so the bin lets go first. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_SEARCH_RESULTS);

  G_OBJECT_CLASS (crm_search_results_parent_class)->dispose (object);
}

static void
crm_search_results_finalize (GObject *object)
{
  CrmSearchResults *self = CRM_SEARCH_RESULTS (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->query, g_free);
  g_clear_pointer (&self->results, g_ptr_array_unref);

  G_OBJECT_CLASS (crm_search_results_parent_class)->finalize (object);
}

static void
crm_search_results_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  CrmSearchResults *self = CRM_SEARCH_RESULTS (object);

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
crm_search_results_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  CrmSearchResults *self = CRM_SEARCH_RESULTS (object);

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
crm_search_results_class_init (CrmSearchResultsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crm_search_results_dispose;
  object_class->finalize = crm_search_results_finalize;
  object_class->get_property = crm_search_results_get_property;
  object_class->set_property = crm_search_results_set_property;
  widget_class->map = crm_search_results_map;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         CRM_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CrmSearchResults::result-activated:
   * @self: the results
   * @kind: a #CrmEntityKind: %CRM_ENTITY_CONTACT or %CRM_ENTITY_DEAL
   * @id: the contact's or the deal's id
   *
   * Emitted when a result is clicked or activated from the keyboard.
   */
  signals[RESULT_ACTIVATED] =
    g_signal_new ("result-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/crm-search-results.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmSearchResults, stack);
  gtk_widget_class_bind_template_child (widget_class, CrmSearchResults, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, CrmSearchResults, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CrmSearchResults, list_box);
  gtk_widget_class_bind_template_child (widget_class, CrmSearchResults, more_label);
  gtk_widget_class_bind_template_child (widget_class, CrmSearchResults, error_page);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, keynav_failed_cb);
}

static void
crm_search_results_init (CrmSearchResults *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CrmSearchResults *
crm_search_results_new (CrmStore *store)
{
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);

  return g_object_new (CRM_TYPE_SEARCH_RESULTS,
                       "store", store,
                       NULL);
}

/**
 * crm_search_results_set_query:
 * @self: a #CrmSearchResults
 * @query: (nullable): what the user typed
 *
 * Searches at once and shows the results, best first. Search takes a few
 * milliseconds, so it runs on every keystroke without a delay; the frame
 * that follows lays out only the rows that fit on screen, and the others
 * follow right after it.
 */
void
crm_search_results_set_query (CrmSearchResults *self,
                              const char       *query)
{
  g_return_if_fail (CRM_IS_SEARCH_RESULTS (self));

  g_clear_handle_id (&self->rerun_idle, g_source_remove);

  /* New results start from the best one, at the top. */
  if (g_strcmp0 (self->query, query) != 0)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled_window), 0);

  g_free (self->query);
  self->query = g_strdup (query);
  run_query (self);
}

const char *
crm_search_results_get_query (CrmSearchResults *self)
{
  g_return_val_if_fail (CRM_IS_SEARCH_RESULTS (self), NULL);

  return self->query;
}

guint
crm_search_results_get_n_results (CrmSearchResults *self)
{
  g_return_val_if_fail (CRM_IS_SEARCH_RESULTS (self), 0);

  return self->results != NULL ? self->results->len : 0;
}

/**
 * crm_search_results_activate_first:
 * @self: a #CrmSearchResults
 *
 * Opens the best result, as Enter in the search entry does. Does nothing
 * when there are no results.
 */
void
crm_search_results_activate_first (CrmSearchResults *self)
{
  GtkListBoxRow *row;

  g_return_if_fail (CRM_IS_SEARCH_RESULTS (self));

  /* A change to the store may not have been searched yet. */
  if (self->stale || self->rerun_idle != 0)
    {
      g_clear_handle_id (&self->rerun_idle, g_source_remove);
      run_query (self);
    }

  row = gtk_list_box_get_row_at_index (self->list_box, 0);
  if (row != NULL)
    row_activated_cb (self->list_box, row, self);
}

/**
 * crm_search_results_focus_first:
 * @self: a #CrmSearchResults
 *
 * Moves the keyboard focus to the first result, for the Down key in the
 * search entry. Does nothing when there are no results.
 */
void
crm_search_results_focus_first (CrmSearchResults *self)
{
  GtkListBoxRow *row;

  g_return_if_fail (CRM_IS_SEARCH_RESULTS (self));

  row = gtk_list_box_get_row_at_index (self->list_box, 0);
  if (row != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (row));
}
