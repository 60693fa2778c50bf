/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include "crm-calls-view.h"
#include "crm-contact-card.h"
#include "crm-deal-list.h"
#include "crm-deals-view.h"
#include "crm-first-rows.h"
#include "crm-idle-after-frame.h"
#include "crm-reports-view.h"
#include "crm-store-deals.h"
#include "crm-trash-view.h"
#include "gui-test-utils.h"

/* How the window starts fast on a large database: a long list shows a
 * screenful of rows first and the rest after its first frame, and each
 * page of the window is built the first time it is shown. */

#define N_ROWS 300
#define N_DEALS 150

static void
count_added_cb (guint *added,
                guint  position,
                guint  removed,
                guint  n_added)
{
  *added += n_added;
}

static gboolean
has_all_rows (GListModel *model)
{
  return g_list_model_get_n_items (model) == N_ROWS;
}

static GtkStringList *
numbers_new (void)
{
  GtkStringList *numbers = gtk_string_list_new (NULL);

  for (guint i = 0; i < N_ROWS; i++)
    {
      g_autofree char *text = g_strdup_printf ("%u", i);

      gtk_string_list_append (numbers, text);
    }

  return numbers;
}

static void
setup_label_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item)
{
  gtk_list_item_set_child (item, gtk_label_new (NULL));
}

static void
test_first_rows_then_all (void)
{
  g_autoptr(GtkStringList) numbers = numbers_new ();
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *list = gtk_list_view_new (NULL, factory);
  g_autoptr(GListModel) first_rows = crm_first_rows_model_new (G_LIST_MODEL (numbers), list);
  guint added = 0;
  guint first;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_label_cb), NULL);
  g_signal_connect_swapped (first_rows, "items-changed", G_CALLBACK (count_added_cb), &added);
  gtk_list_view_set_model (GTK_LIST_VIEW (list),
                           GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (first_rows))));

  /* Until the list is on screen it offers a first screenful, in order:
   * more than a tall window shows, far fewer than all. */
  first = g_list_model_get_n_items (first_rows);
  g_assert_cmpuint (first, >=, 40);
  g_assert_cmpuint (first, <=, 100);
  {
    g_autoptr(GtkStringObject) top = g_list_model_get_item (first_rows, 0);
    g_autoptr(GtkStringObject) bottom = g_list_model_get_item (first_rows, first - 1);
    g_autofree char *expected = g_strdup_printf ("%u", first - 1);

    g_assert_cmpstr (gtk_string_object_get_string (top), ==, "0");
    g_assert_cmpstr (gtk_string_object_get_string (bottom), ==, expected);
    g_assert_null (g_list_model_get_item (first_rows, first));
  }
  gui_drain ();
  g_assert_cmpuint (g_list_model_get_n_items (first_rows), ==, first);

  /* Once it has drawn a frame, every row, announced to the list. */
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  gtk_window_set_default_size (GTK_WINDOW (window), 300, 400);
  gtk_window_present (GTK_WINDOW (window));
  GUI_WAIT_UNTIL (has_all_rows (first_rows));
  g_assert_cmpuint (added, ==, N_ROWS - first);

  /* Later changes of the list pass through. */
  gtk_string_list_remove (numbers, 0);
  g_assert_cmpuint (g_list_model_get_n_items (first_rows), ==, N_ROWS - 1);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_show_all_at_once (void)
{
  g_autoptr(GtkStringList) numbers = numbers_new ();
  GtkWidget *list = g_object_ref_sink (gtk_list_view_new (NULL, NULL));
  g_autoptr(GListModel) first_rows = crm_first_rows_model_new (G_LIST_MODEL (numbers), list);

  /* A row among the first ones is there already; one further down
   * brings all of them. */
  crm_first_rows_reach (first_rows, 0);
  g_assert_cmpuint (g_list_model_get_n_items (first_rows), <, N_ROWS);
  crm_first_rows_reach (first_rows, g_list_model_get_n_items (first_rows) - 1);
  g_assert_cmpuint (g_list_model_get_n_items (first_rows), <, N_ROWS);
  crm_first_rows_reach (first_rows, N_ROWS - 1);
  g_assert_true (has_all_rows (first_rows));

  /* What selects a row further down asks for all of them first. */
  crm_first_rows_show_all (first_rows);
  g_assert_true (has_all_rows (first_rows));
  crm_first_rows_show_all (first_rows);
  g_assert_true (has_all_rows (first_rows));

  g_object_unref (list);
}

typedef struct
{
  guint painted;        /* frames drawn so far */
  guint painted_at_run; /* frames drawn when the callback ran */
  guint runs;
} AfterFrame;

static void
count_paint_cb (GdkFrameClock *clock,
                AfterFrame    *after)
{
  after->painted++;
}

static gboolean
after_frame_cb (gpointer user_data)
{
  AfterFrame *after = user_data;

  after->runs++;
  if (after->runs == 1)
    after->painted_at_run = after->painted;

  /* Until it says so, it runs again, as an idle does. */
  return after->runs < 3 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static gboolean
after_frame_never_cb (gpointer user_data)
{
  g_assert_not_reached ();
}

static void
test_idle_after_frame (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *label = gtk_label_new ("Anna");
  GtkWidget *unshown = g_object_ref_sink (gtk_label_new ("Boris"));
  AfterFrame after = { 0 };
  AfterFrame plain = { 0 };
  GdkFrameClock *clock;
  guint cancelled;

  gtk_window_set_child (GTK_WINDOW (window), label);
  gtk_window_present (GTK_WINDOW (window));
  GUI_WAIT_UNTIL (gtk_widget_get_mapped (label));
  gui_drain ();

  clock = gtk_widget_get_frame_clock (label);
  g_signal_connect (clock, "after-paint", G_CALLBACK (count_paint_cb), &after);

  /* It waits for the next frame even with nothing else to do... */
  crm_idle_after_frame_add (label, after_frame_cb, &after, NULL);
  cancelled = crm_idle_after_frame_add (label, after_frame_never_cb, NULL, NULL);
  g_source_remove (cancelled);
  gtk_widget_queue_draw (label);
  GUI_WAIT_UNTIL (after.runs == 3);
  g_assert_cmpuint (after.painted_at_run, >=, 1);

  /* ... and a widget that is not shown has no frame to wait for. */
  crm_idle_after_frame_add (unshown, after_frame_cb, &plain, NULL);
  GUI_WAIT_UNTIL (plain.runs == 3);
  g_assert_cmpuint (plain.painted_at_run, ==, 0);

  /* One still waiting when its window goes is removed quietly. */
  cancelled = crm_idle_after_frame_add (label, after_frame_never_cb, NULL, NULL);
  g_signal_handlers_disconnect_by_data (clock, &after);
  g_object_unref (unshown);
  gtk_window_destroy (GTK_WINDOW (window));
  gui_drain ();
  g_source_remove (cancelled);
}

/* The deal list: a deal far down is selected before the list was drawn. */
static void
test_deals_select_far_down (void)
{
  GuiFixture fixture;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) deal_ids = g_ptr_array_new ();
  CrmDealsView *view;
  GListModel *model;
  gint64 client;
  gint64 wanted;
  gint64 position;

  gui_fixture_set_up (&fixture);
  client = gui_add_person (fixture.store, "Anna Bērziņa", NULL);
  for (guint i = 0; i < N_DEALS; i++)
    {
      g_autoptr(CrmDeal) deal = crm_deal_new ();
      g_autofree char *title = g_strdup_printf ("Deal %03u", i);

      crm_deal_set_title (deal, title);
      crm_deal_set_contact_id (deal, client);
      crm_deal_set_amount (deal, 100 * (i + 1));
      g_assert_cmpint (crm_store_add_deal (fixture.store, deal, &error), !=, 0);
      g_assert_no_error (error);
    }

  /* Not in a window: nothing has been drawn. */
  view = g_object_ref_sink (crm_deals_view_new (fixture.store));
  model = crm_deals_view_get_model (view);
  g_assert_cmpuint (g_list_model_get_n_items (model), <, N_DEALS);

  /* The deal near the end, read from the list behind the first rows. */
  position = N_DEALS - 5;
  {
    GListModel *first_rows = gtk_single_selection_get_model (GTK_SINGLE_SELECTION (model));
    GListModel *deals = gtk_slice_list_model_get_model (GTK_SLICE_LIST_MODEL (first_rows));
    g_autoptr(CrmDeal) deal = g_list_model_get_item (deals, (guint)position);

    g_assert_cmpuint (g_list_model_get_n_items (deals), ==, N_DEALS);
    wanted = crm_deal_get_id (deal);
  }

  g_assert_true (crm_deals_view_select_deal (view, wanted));
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (model)), ==, (guint)position);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_DEALS);

  g_object_unref (view);
  gui_fixture_tear_down (&fixture);
}

static void
pages_body (gpointer user_data)
{
  GuiFixture *fixture = user_data;
  GtkWidget *window = GTK_WIDGET (fixture->window);

  /* The window opened on the deal list, and built nothing else. */
  g_assert_cmpstr (crm_window_get_view (fixture->window), ==, "deals");
  g_assert_nonnull (gui_find (window, CRM_TYPE_DEALS_VIEW, NULL, NULL));
  g_assert_null (gui_find (window, CRM_TYPE_CALLS_VIEW, NULL, NULL));
  g_assert_null (gui_find (window, CRM_TYPE_REPORTS_VIEW, NULL, NULL));
  g_assert_null (gui_find (window, CRM_TYPE_TRASH_VIEW, NULL, NULL));
  g_assert_null (gui_find (window, CRM_TYPE_CONTACT_CARD, NULL, NULL));

  /* Each is there once shown, and stays. */
  crm_window_show_view (fixture->window, "calls");
  g_assert_cmpstr (crm_window_get_view (fixture->window), ==, "calls");
  g_assert_nonnull (gui_find (window, CRM_TYPE_CALLS_VIEW, NULL, NULL));
  crm_window_show_view (fixture->window, "reports");
  g_assert_nonnull (gui_find (window, CRM_TYPE_REPORTS_VIEW, NULL, NULL));
  g_assert_nonnull (gui_find (window, CRM_TYPE_CALLS_VIEW, NULL, NULL));

  /* Asking for a page builds it without showing it. */
  g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (crm_window_get_page (fixture->window, "trash"), CRM_TYPE_TRASH_VIEW));
  g_assert_cmpstr (crm_window_get_view (fixture->window), ==, "reports");
  g_assert_null (crm_window_get_page (fixture->window, "no such page"));
}

static void
test_pages_built_when_shown (void)
{
  GuiFixture fixture;

  gui_fixture_set_up (&fixture);
  gui_add_person (fixture.store, "Anna Bērziņa", NULL);
  gui_fixture_run (&fixture, pages_body, &fixture);
  gui_fixture_tear_down (&fixture);
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  gui_test_add ("/lists/first-rows-then-all", test_first_rows_then_all);
  gui_test_add ("/lists/show-all-at-once", test_show_all_at_once);
  gui_test_add ("/lists/idle-after-frame", test_idle_after_frame);
  gui_test_add ("/lists/deals-select-far-down", test_deals_select_far_down);
  gui_test_add ("/lists/pages-built-when-shown", test_pages_built_when_shown);

  return g_test_run ();
}
