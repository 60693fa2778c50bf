/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-board"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "crm-deal-board.h"
#include "crm-demo.h"
#include "crm-reports.h"
#include "crm-stage.h"
#include "crm-store-deals.h"
#include "crm-time.h"

/* The funnel board with many open deals: how long it takes to show, and
 * how long a move takes from the store call to a board that shows it.
 * What it measures and why is in README.md beside this file. */

#define LOAD_TARGET_MS 100.0
#define MOVE_TARGET_MS 5.0
#define WARM_UP_RUNS   3
#define DAY_MS         (G_GINT64_CONSTANT (24) * 60 * 60 * 1000)

static guint    n_deals = 10000;
static guint    n_contacts = 2000;
static guint    load_runs = 30;
static guint    move_runs = 200;
static guint    funnel_runs = 20;
static gboolean funnel_only = FALSE;
static char    *keep_path = NULL;

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a;
  double y = *(const double *)b;

  return (x > y) - (x < y);
}

/* The value below which @fraction of the samples lie (nearest rank). */
static double
percentile (GArray *samples,
            double  fraction)
{
  g_autoptr(GArray) sorted = g_array_copy (samples);
  guint rank;

  if (sorted->len == 0)
    return 0;

  g_array_sort (sorted, compare_doubles);
  rank = (guint)(fraction * sorted->len + 0.999999);
  rank = CLAMP (rank, 1, sorted->len);
  return g_array_index (sorted, double, rank - 1);
}

static void
die (const char   *what,
     const GError *error)
{
  g_printerr ("bench-board: %s: %s\n", what, error ? error->message : "failed");
  exit (1);
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* The processor time of the calling thread: what it worked, not what it
 * waited for the processor on a busy machine. */
static double
thread_cpu_ms (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * 1000.0 + now.tv_nsec / 1000000.0;
}

/* Runs the main loop until nothing more is due now: the board has
 * handled every signal, idle and layout the last change caused. */
static void
settle (void)
{
  for (guint i = 0; i < 200 && g_main_context_pending (NULL); i++)
    g_main_context_iteration (NULL, FALSE);
}

static void
open_deals_of (CrmStore *store,
               GArray   *stages)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = crm_store_list_stages (store, 0, &error);

  if (list == NULL)
    die ("listing the stages", error);

  for (guint i = 0; i < list->len; i++)
    {
      CrmStage *stage = g_ptr_array_index (list, i);
      gint64 id = crm_stage_get_id (stage);

      if (crm_stage_get_kind (stage) == CRM_STAGE_OPEN)
        g_array_append_val (stages, id);
    }
}

/* Clients from the demo, then @n_deals open deals spread over the open
 * stages of the first pipeline, in one transaction. */
static void
fill (CrmStore *store)
{
  CrmDemoOptions options;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) stages = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GPtrArray) contacts = NULL;
  static const char *titles[] = {
    "Biroja remonts", "Jumta nomaiņa", "Kosmētikas piegāde", "Замена кровли",
    "Обучение персонала", "Salona aprīkojums", "Website redesign",
  };
  double started = now_ms ();

  crm_demo_options_init (&options);
  options.contacts = n_contacts;
  options.deals = 0;
  options.calls = 0;
  options.reminders = 0;
  if (!crm_demo_generate (store, &options, NULL, NULL, &error))
    die ("making demo clients", error);

  open_deals_of (store, stages);
  if (!crm_store_begin (store, &error))
    die ("starting a transaction", error);

  for (guint i = 0; i < n_deals; i++)
    {
      g_autoptr(CrmDeal) deal = crm_deal_new ();

      crm_deal_set_title (deal, titles[g_rand_int_range (rand, 0, G_N_ELEMENTS (titles))]);
      crm_deal_set_amount (deal, g_rand_int_range (rand, 1000, 5000000));
      crm_deal_set_stage_id (deal, g_array_index (stages, gint64, g_rand_int_range (rand, 0, stages->len)));
      if (crm_store_add_deal (store, deal, &error) == 0)
        die ("adding a deal", error);
    }

  if (!crm_store_commit (store, &error))
    die ("committing the deals", error);

  printf ("Made %u clients and %u open deals over %u stages in %.1f s\n",
          n_contacts, n_deals, stages->len, (now_ms () - started) / 1000);
}

static gboolean
board_ready (CrmDealBoard *board,
             gint64        first_stage)
{
  GtkWidget *column = crm_deal_board_get_column (board, first_stage);

  return column != NULL && gtk_widget_get_mapped (column) &&
         gtk_widget_get_height (column) > 100 &&
         crm_deal_board_count_bound_cards (board) > 0;
}

/* A board in a window that is already on screen (as the deal list's
 * window is when one switches to the board), from nothing to columns laid
 * out and the first cards bound. */
static double
time_load (CrmStore  *store,
           GtkWidget *window,
           gint64     first_stage)
{
  CrmDealBoard *board;
  double started = now_ms ();
  double elapsed;

  board = crm_deal_board_new (store);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (board));

  while (!board_ready (board, first_stage))
    {
      g_main_context_iteration (NULL, TRUE);
      if (now_ms () - started > 10000)
        die ("waiting for the board", NULL);
    }
  elapsed = now_ms () - started;
  if (g_getenv ("BENCH_BOARD_DEBUG") != NULL)
    g_printerr ("ready after %.1f ms with %u cards bound\n", elapsed, crm_deal_board_count_bound_cards (board));

  return elapsed;
}

typedef struct
{
  GArray *rows;
  double  ended;
} FunnelResult;

static void
funnel_ready_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  FunnelResult *out = user_data;
  g_autoptr(GError) error = NULL;

  out->rows = crm_report_funnel_finish (CRM_STORE (source), result, &error);
  if (out->rows == NULL)
    die ("computing the funnel in a thread", error);
  out->ended = now_ms ();
}

/* The start of a period of the strip, as the board reckons it; 0 days is
 * all time. */
static gint64
period_start (gint64 now,
              int    days)
{
  return days == 0 ? 0 : crm_time_start_of_day (now) - (days - 1) * DAY_MS;
}

/* crm_report_funnel() over a period, on the store's connection. */
static void
time_funnel (CrmStore *store,
             gint64    pipeline,
             int       days,
             GArray   *samples)
{
  for (guint i = 0; i < WARM_UP_RUNS + funnel_runs; i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 now = crm_time_now_ms ();
      double started = now_ms ();
      g_autoptr(GArray) rows = crm_report_funnel (store, pipeline, period_start (now, days), now + 1, &error);
      double ms = now_ms () - started;

      if (rows == NULL)
        die ("computing the funnel", error);
      if (i >= WARM_UP_RUNS)
        g_array_append_val (samples, ms);
    }
}

/* What the board does: crm_report_funnel_async() and the main loop until
 * the result is back, with a connection of the worker's own opened each
 * time; and the main thread's processor time in the call. */
static void
time_funnel_async (CrmStore *store,
                   gint64    pipeline,
                   int       days,
                   GArray   *samples,
                   GArray   *main_samples)
{
  for (guint i = 0; i < WARM_UP_RUNS + funnel_runs; i++)
    {
      FunnelResult result = { 0 };
      gint64 now = crm_time_now_ms ();
      double started = now_ms ();
      double cpu = thread_cpu_ms ();
      double ms, main_ms;

      crm_report_funnel_async (store, pipeline, period_start (now, days), now + 1, NULL,
                               funnel_ready_cb, &result);
      main_ms = thread_cpu_ms () - cpu;
      while (result.rows == NULL)
        g_main_context_iteration (NULL, TRUE);
      ms = result.ended - started;
      g_array_unref (result.rows);

      if (i >= WARM_UP_RUNS)
        {
          g_array_append_val (samples, ms);
          g_array_append_val (main_samples, main_ms);
        }
    }
}

static void
print_row (const char *what,
           GArray     *samples,
           double      target)
{
  double p50 = percentile (samples, 0.5);
  double p95 = percentile (samples, 0.95);

  printf ("%-38s %6u %9.3f %9.3f %9.3f  %s\n", what, samples->len, p50, p95,
          percentile (samples, 1.0),
          target <= 0 ? "-" : p95 <= target ? "ok" : "MISSED");
}

/* Loading the board again and again, then moving cards on the last one. */
static void
time_board (CrmStore *store,
            GArray   *stages,
            GArray   *loads,
            GArray   *moves,
            GArray   *store_moves,
            GArray   *frames)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  GtkWidget *window;
  CrmDealBoard *board;

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_set_child (GTK_WINDOW (window), gtk_label_new ("…"));
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (window))
    g_main_context_iteration (NULL, TRUE);
  settle ();

  /* Loading: a new board each time, in place of the last one. */
  for (guint i = 0; i < WARM_UP_RUNS + load_runs; i++)
    {
      double ms;

      gtk_window_set_child (GTK_WINDOW (window), NULL);
      settle ();
      ms = time_load (store, window, g_array_index (stages, gint64, 0));
      if (i >= WARM_UP_RUNS)
        g_array_append_val (loads, ms);
    }

  /* Moving: the last board stays; a random card of a column goes to the
   * top of the next column, as a drop there does. Timed from the call to
   * a board whose columns and headers show the move. */
  board = CRM_DEAL_BOARD (gtk_window_get_child (GTK_WINDOW (window)));
  for (guint i = 0; i < WARM_UP_RUNS + move_runs; i++)
    {
      guint from = g_rand_int_range (rand, 0, stages->len);
      guint to = (from + 1) % stages->len;
      GListModel *source = crm_deal_board_get_column_model (board, g_array_index (stages, gint64, from));
      GListModel *target = crm_deal_board_get_column_model (board, g_array_index (stages, gint64, to));
      guint n = g_list_model_get_n_items (source);
      g_autoptr(CrmDeal) deal = g_list_model_get_item (source, g_rand_int_range (rand, 0, MAX (n, 1)));
      g_autoptr(CrmDeal) first = g_list_model_get_item (target, 0);
      double started, stored, ms, store_ms, frame_ms;

      settle ();
      started = now_ms ();
      if (!crm_deal_board_move_deal (board, crm_deal_get_id (deal), g_array_index (stages, gint64, to),
                                     first != NULL ? crm_deal_get_id (first) : 0, NULL, &error))
        die ("moving a deal", error);
      stored = now_ms ();
      /* The column headers are counted in an idle that runs before the
       * next frame; one iteration runs it. */
      g_main_context_iteration (NULL, FALSE);
      ms = now_ms () - started;
      store_ms = stored - started;
      settle ();
      frame_ms = now_ms () - started;

      if (i >= WARM_UP_RUNS)
        {
          g_array_append_val (moves, ms);
          g_array_append_val (store_moves, store_ms);
          g_array_append_val (frames, frame_ms);
        }
    }

  gtk_window_destroy (GTK_WINDOW (window));
  settle ();
}

int
main (int   argc,
      char *argv[])
{
  GOptionEntry entries[] = {
    { "deals", 0, 0, G_OPTION_ARG_INT, &n_deals, "Open deals (default 10000)", "N" },
    { "contacts", 0, 0, G_OPTION_ARG_INT, &n_contacts, "Clients (default 2000)", "N" },
    { "load-runs", 0, 0, G_OPTION_ARG_INT, &load_runs, "Timed board loads (default 30)", "N" },
    { "move-runs", 0, 0, G_OPTION_ARG_INT, &move_runs, "Timed moves (default 200)", "N" },
    { "funnel-runs", 0, 0, G_OPTION_ARG_INT, &funnel_runs, "Timed counts of each funnel row (default 20)", "N" },
    { "funnel-only", 0, 0, G_OPTION_ARG_NONE, &funnel_only,
      "Time the funnel's conversion only, with no display (for a large existing --keep database)", NULL },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep_path, "Build the database at PATH and keep it", "PATH" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) store = NULL;
  g_autoptr(GArray) stages = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) loads = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) moves = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) store_moves = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) frames = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) funnel_30 = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) funnel_90 = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) funnel_365 = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) funnel_all = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) funnel_thread = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) funnel_main = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  gint64 pipeline;
  gboolean missed;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    die ("reading the options", error);

  if (!funnel_only && g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("bench-board needs a display; run it under Xvfb\n");
      return 77;
    }

  if (!funnel_only)
    {
      gtk_init ();
      adw_init ();
    }

  if (keep_path != NULL)
    path = g_strdup (keep_path);
  else
    {
      dir = g_dir_make_tmp ("bench-board-XXXXXX", &error);
      if (dir == NULL)
        die ("making a folder", error);
      path = g_build_filename (dir, "bench.db", NULL);
    }

  {
    gboolean exists = g_file_test (path, G_FILE_TEST_EXISTS);

    store = crm_store_open (path, &error);
    if (store == NULL)
      die ("opening the database", error);
    if (!exists)
      fill (store);
  }
  open_deals_of (store, stages);

  pipeline = crm_store_get_default_pipeline (store, &error);
  if (pipeline == 0)
    die ("finding the pipeline", error);

  if (!funnel_only)
    time_board (store, stages, loads, moves, store_moves, frames);

  /* The conversion figures of the strip, which follow a change after a
   * short pause, in a worker thread. */
  time_funnel (store, pipeline, 30, funnel_30);
  time_funnel (store, pipeline, 90, funnel_90);
  time_funnel (store, pipeline, 365, funnel_365);
  time_funnel (store, pipeline, 0, funnel_all);
  time_funnel_async (store, pipeline, 90, funnel_thread, funnel_main);

  if (funnel_only)
    printf ("\nThe funnel of the default pipeline; milliseconds\n\n");
  else
    printf ("\n%u open deals, %u stages; milliseconds\n\n", n_deals, stages->len);
  printf ("%-38s %6s %9s %9s %9s  %s\n", "what", "runs", "p50", "p95", "max", "target");
  printf ("-----------------------------------------------------------------------------------\n");
  if (!funnel_only)
    {
      print_row ("board load (to first cards laid out)", loads, LOAD_TARGET_MS);
      print_row ("move, columns and headers updated", moves, MOVE_TARGET_MS);
      print_row ("  of which the store and the lists", store_moves, 0);
      print_row ("move, up to the next frame drawn", frames, 0);
    }
  print_row ("funnel conversion, last 30 days", funnel_30, 0);
  print_row ("funnel conversion, last 90 days", funnel_90, 0);
  print_row ("funnel conversion, last 12 months", funnel_365, 0);
  print_row ("funnel conversion, all time", funnel_all, 0);
  print_row ("funnel in a thread, 90 days", funnel_thread, 0);
  print_row ("  main thread's processor time", funnel_main, 0);

  missed = !funnel_only &&
           (percentile (loads, 0.95) > LOAD_TARGET_MS || percentile (moves, 0.95) > MOVE_TARGET_MS);

  g_clear_object (&store);
  if (dir != NULL)
    {
      const char *suffixes[] = { "", "-wal", "-shm" };

      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
          g_unlink (file);
        }
      g_rmdir (dir);
    }

  return missed ? 2 : 0;
}
