/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-window"

#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <adwaita.h>
#include <glib/gi18n.h>
#include <sqlite3.h>

#include "crm-application.h"
#include "crm-demo.h"
#include "crm-search-results.h"
#include "crm-search.h"
#include "crm-store-contacts.h"
#include "crm-window.h"
#include "gui-test-utils.h"

/* The main window on a big database: how long from starting the program
 * to the first frame that shows the deals, and how long from a keystroke
 * in the search entry (once the entry reports it) to a frame that shows
 * its results. What it measures and why is in README.md beside this file.
 *
 * Each start is a fresh process: the benchmark runs itself with
 * --child-start, as a user starts the program, so nothing the previous
 * start loaded is still in memory. The operating system's page cache is
 * still warm from the previous start (and from building the database):
 * these are warm starts. */

#define FIRST_FRAME_TARGET_MS 500.0
#define KEYSTROKE_TARGET_MS   16.0
/* What the window's search shows at most (crm-search-results.c). */
#define SEARCH_LIMIT          50
/* A pause between keystrokes with the main loop running, for the blink
 * of the cursor and whatever else the window does while a user types. */
#define TYPING_PAUSE_MS       60
#define CHILD_TIMEOUT_S       900

/* What is typed, one character at a time; the entry is emptied before
 * each. Names without their diacritics (as most people type them), a
 * Russian surname in Latin letters, the end of a phone number, a Russian
 * number as it is dialled, a piece of a surname and a deal title. */
static const char * const typed_words[] = {
  "berzin",
  "ivanov",
  "2912",
  "+7 912",
  "kaln",
  "manik",
};

static double
us_to_ms (gint64 us)
{
  return us / 1000.0;
}

static double
now_ms (void)
{
  return us_to_ms (g_get_monotonic_time ());
}

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
  g_printerr ("bench-window: %s: %s\n", what, error ? error->message : "failed");
  exit (1);
}

static GArray *
samples_new (void)
{
  return g_array_new (FALSE, FALSE, sizeof (double));
}

static void
add_sample (GArray *samples,
            double  value)
{
  g_array_append_val (samples, value);
}

/* The child: one start of the program */

/* A list row on screen that shows some text: the view has its data. */
static gboolean
label_in_list_row (GtkWidget     *widget,
                   gconstpointer  data)
{
  GType row_type = GPOINTER_TO_SIZE (data);
  const char *text = gtk_label_get_text (GTK_LABEL (widget));

  return text != NULL && text[0] != '\0' && gtk_widget_get_mapped (widget) &&
         gtk_widget_get_ancestor (widget, row_type) != NULL;
}

static gboolean
is_mapped (GtkWidget     *widget,
           gconstpointer  data)
{
  return gtk_widget_get_mapped (widget);
}

/* Whether the window shows what it opened on: the rows of its list view
 * (the deals, by default), or, for a view that has no list, anything. */
static gboolean
window_populated (GtkWidget *window,
                  guint     *n_rows)
{
  /* The row widget of GtkListView and GtkColumnView is private; its name
   * is stable through GTK 4.8–4.12. */
  GType row_type = g_type_from_name ("GtkListItemWidget");
  g_autoptr(GPtrArray) labels = NULL;
  gboolean has_list;

  *n_rows = 0;
  if (row_type == 0)
    row_type = GTK_TYPE_LIST_BOX_ROW;

  has_list = gui_find (window, GTK_TYPE_COLUMN_VIEW, is_mapped, NULL) != NULL ||
             gui_find (window, GTK_TYPE_LIST_VIEW, is_mapped, NULL) != NULL;
  if (!has_list)
    return TRUE;

  labels = gui_find_all (window, GTK_TYPE_LABEL, label_in_list_row, GSIZE_TO_POINTER (row_type));
  *n_rows = labels->len;
  return labels->len > 0;
}

typedef struct
{
  gint64      main_us;
  gint64      run_us;
  gint64      startup_us;
  gint64      window_us;
  gint64      activated_us;
  gint64      mapped_us;
  gint64      first_paint_us;
  gint64      populated_us;
  gint64      settled_us;
  guint       labels;
  guint       frames;
  char       *renderer;
  char       *view;
  GtkWidget  *window;
  GApplication *app;
} Child;

static void child_after_paint_cb (GdkFrameClock *clock,
                                  Child         *child);

/* Asks for a frame, which draws only what changed. */
static gboolean
frame_tick_cb (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       user_data)
{
  return G_SOURCE_REMOVE;
}

/* Everything the program left for after its first frame (at
 * G_PRIORITY_LOW, such as the rest of a list's rows) has run; the frame
 * that lays it out comes next. A tick callback asks for that frame even
 * when nothing changed. */
static gboolean
child_idle_cb (gpointer user_data)
{
  Child *child = user_data;

  g_signal_connect (gtk_widget_get_frame_clock (child->window), "after-paint",
                    G_CALLBACK (child_after_paint_cb), child);
  gtk_widget_add_tick_callback (child->window, frame_tick_cb, NULL, NULL);

  return G_SOURCE_REMOVE;
}

static void
child_after_paint_cb (GdkFrameClock *clock,
                      Child         *child)
{
  gint64 now = g_get_monotonic_time ();

  child->frames++;
  if (child->first_paint_us == 0)
    child->first_paint_us = now;

  if (child->populated_us != 0)
    {
      child->settled_us = now;
      g_signal_handlers_disconnect_by_data (clock, child);
      g_application_quit (child->app);
      return;
    }

  if (!window_populated (child->window, &child->labels))
    return;

  child->populated_us = now;
  child->renderer = g_strdup (G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (child->window))));
  child->view = g_strdup (crm_window_get_view (CRM_WINDOW (child->window)));
  g_signal_handlers_disconnect_by_data (clock, child);
  g_idle_add_full (G_PRIORITY_LOW + 10, child_idle_cb, child, NULL);
}

static void
child_map_cb (GtkWidget *window,
              Child     *child)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  if (child->mapped_us != 0)
    return;

  child->mapped_us = g_get_monotonic_time ();
  g_signal_connect (clock, "after-paint", G_CALLBACK (child_after_paint_cb), child);
}

static void
child_window_added_cb (GtkApplication *app,
                       GtkWindow      *window,
                       Child          *child)
{
  if (!CRM_IS_WINDOW (window) || child->window != NULL)
    return;

  child->window_us = g_get_monotonic_time ();
  child->window = GTK_WIDGET (window);
  g_signal_connect_after (window, "map", G_CALLBACK (child_map_cb), child);
}

static void
child_startup_cb (GApplication *app,
                  Child        *child)
{
  child->startup_us = g_get_monotonic_time ();
}

static void
child_activate_cb (GApplication *app,
                   Child        *child)
{
  child->activated_us = g_get_monotonic_time ();
}

static gboolean
child_timeout_cb (gpointer user_data)
{
  g_printerr ("bench-window: the window showed no rows within %d s\n", CHILD_TIMEOUT_S);
  exit (1);
}

/* Starts the program on @path as main.c does (`clientele --database
 * PATH`) and prints when each step was done, in microseconds of the
 * monotonic clock, which the parent shares. */
static int
child_start (const char *self_path,
             const char *path,
             gint64      main_us)
{
  g_autoptr(CrmApplication) app = NULL;
  char *app_argv[] = { (char *)self_path, (char *)"--database", (char *)path, NULL };
  Child child = { 0 };
  int status;

  child.main_us = main_us;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = crm_application_new ();
  child.app = G_APPLICATION (app);
  g_signal_connect_after (app, "startup", G_CALLBACK (child_startup_cb), &child);
  g_signal_connect_after (app, "activate", G_CALLBACK (child_activate_cb), &child);
  g_signal_connect (app, "window-added", G_CALLBACK (child_window_added_cb), &child);
  g_timeout_add_seconds (CHILD_TIMEOUT_S, child_timeout_cb, NULL);

  child.run_us = g_get_monotonic_time ();
  status = g_application_run (G_APPLICATION (app), 3, app_argv);
  if (status != 0 || child.populated_us == 0)
    {
      g_printerr ("bench-window: the program ended (status %d) before it showed its window\n", status);
      return 1;
    }

  printf ("main=%" G_GINT64_FORMAT " run=%" G_GINT64_FORMAT " startup=%" G_GINT64_FORMAT
          " window=%" G_GINT64_FORMAT " activated=%" G_GINT64_FORMAT " mapped=%" G_GINT64_FORMAT
          " first_paint=%" G_GINT64_FORMAT " populated=%" G_GINT64_FORMAT
          " settled=%" G_GINT64_FORMAT " labels=%u frames=%u renderer=%s view=%s\n",
          child.main_us, child.run_us, child.startup_us, child.window_us, child.activated_us,
          child.mapped_us, child.first_paint_us, child.populated_us, child.settled_us,
          child.labels, child.frames, child.renderer, child.view);
  fflush (stdout);
  g_free (child.renderer);
  g_free (child.view);

  return 0;
}

/* The parent: starts */

typedef struct
{
  GArray *total;        /* spawn → frame with rows */
  GArray *from_main;    /* main () → frame with rows */
  GArray *exec;         /* spawn → main () */
  GArray *startup;      /* main () → application started (database open) */
  GArray *window;       /* → window built, its views made */
  GArray *mapped;       /* → window mapped */
  GArray *first_paint;  /* → first frame drawn */
  GArray *populated;    /* → first frame with rows */
  GArray *settled;      /* → what was left for later done, and its frame */
  char   *renderer;
  char   *view;
  char   *child_stderr;
  guint   labels;
} Starts;

static gint64
field (GHashTable *fields,
       const char *name)
{
  const char *value = g_hash_table_lookup (fields, name);

  if (value == NULL)
    {
      g_printerr ("bench-window: the child did not report “%s”\n", name);
      exit (1);
    }

  return g_ascii_strtoll (value, NULL, 10);
}

/* Starts the program once; @run counts from 0, G_MAXUINT for the start
 * that warms up. */
static void
run_start (const char *self_path,
           const char *path,
           guint       run,
           Starts     *starts)
{
  const char *argv[] = { self_path, "--child-start", path, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) words = NULL;
  gint64 spawn_us, main_us, startup_us, window_us, mapped_us, paint_us, populated_us, settled_us;
  int status;

  spawn_us = g_get_monotonic_time ();
  if (!g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     &out, &err, &status, &error))
    die ("starting the program", error);
  if (!g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("%s", err);
      die ("the program", error);
    }

  words = g_strsplit_set (g_strstrip (out), " \n", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      char *eq = strchr (words[i], '=');

      if (eq != NULL)
        g_hash_table_insert (fields, g_strndup (words[i], eq - words[i]), g_strdup (eq + 1));
    }

  main_us = field (fields, "main");
  startup_us = field (fields, "startup");
  window_us = field (fields, "window");
  mapped_us = field (fields, "mapped");
  paint_us = field (fields, "first_paint");
  populated_us = field (fields, "populated");
  settled_us = field (fields, "settled");

  add_sample (starts->total, us_to_ms (populated_us - spawn_us));
  add_sample (starts->from_main, us_to_ms (populated_us - main_us));
  add_sample (starts->exec, us_to_ms (main_us - spawn_us));
  add_sample (starts->startup, us_to_ms (startup_us - main_us));
  add_sample (starts->window, us_to_ms (window_us - startup_us));
  add_sample (starts->mapped, us_to_ms (mapped_us - window_us));
  add_sample (starts->first_paint, us_to_ms (paint_us - mapped_us));
  add_sample (starts->populated, us_to_ms (populated_us - paint_us));
  add_sample (starts->settled, us_to_ms (settled_us - populated_us));

  if (starts->renderer == NULL)
    {
      starts->renderer = g_strdup (g_hash_table_lookup (fields, "renderer"));
      starts->view = g_strdup (g_hash_table_lookup (fields, "view"));
      starts->labels = (guint)field (fields, "labels");
      starts->child_stderr = g_strdup (err);
    }

  if (run == G_MAXUINT)
    printf ("  warm-up:  ");
  else
    printf ("  start %2u:", run + 1);
  printf (" %7.1f ms to the first frame with rows (%.1f from main); "
          "%u frame%s drawn by then\n",
          us_to_ms (populated_us - spawn_us), us_to_ms (populated_us - main_us),
          (guint)field (fields, "frames"), field (fields, "frames") == 1 ? "" : "s");
  fflush (stdout);
}

/* The parent: typing */

typedef struct
{
  char   *text;
  guint   n_results;
  double  handler;      /* search-changed: the window's handler, set_query */
  double  between;      /* handler done → the frame starts */
  double  frame;        /* the frame: update, layout, paint */
  double  total;        /* search-changed → frame drawn */
  double  busy;         /* of it, the main thread's CPU time */
} Keystroke;

typedef enum
{
  TYPING_IDLE,
  TYPING_IN_HANDLER,
  TYPING_WAIT_FRAME,
  TYPING_IN_FRAME,
  TYPING_DONE,
} TypingState;

typedef struct
{
  GuiFixture    *fixture;
  GtkWidget     *entry;
  guint          rounds;
  TypingState    state;
  gint64         changed_us;
  gint64         changed_cpu_us;
  gint64         painted_cpu_us;
  gint64         handled_us;
  gint64         frame_us;
  gint64         painted_us;
  GArray        *keystrokes;  /* Keystroke */
  guint          search_delay;
  char          *renderer;
} Typing;

/* The CPU time of the calling thread: the main thread's work, without the
 * time it sat waiting (for the frame clock's next frame, for instance). */
static gint64
thread_cpu_us (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return (gint64)now.tv_sec * G_USEC_PER_SEC + now.tv_nsec / 1000;
}

static gboolean
search_changed_hook (GSignalInvocationHint *hint,
                     guint                  n_values,
                     const GValue          *values,
                     gpointer               user_data)
{
  Typing *typing = user_data;

  if (g_value_get_object (&values[0]) == (gpointer)typing->entry && typing->state == TYPING_IDLE)
    {
      typing->state = TYPING_IN_HANDLER;
      typing->changed_us = g_get_monotonic_time ();
      typing->changed_cpu_us = thread_cpu_us ();
    }

  return TRUE;
}

static void
search_changed_after_cb (GtkSearchEntry *entry,
                         Typing         *typing)
{
  if (typing->state != TYPING_IN_HANDLER)
    return;

  typing->handled_us = g_get_monotonic_time ();
  typing->state = TYPING_WAIT_FRAME;

  /* Results that leave the screen as it was ("+7" and "+7 " find
   * nothing) need no drawing, and GTK draws no frame for them; a tick
   * callback asks for one, which draws nothing that did not change. */
  gtk_widget_add_tick_callback (GTK_WIDGET (entry), frame_tick_cb, NULL, NULL);
}

static void
before_paint_cb (GdkFrameClock *clock,
                 Typing        *typing)
{
  if (typing->state != TYPING_WAIT_FRAME)
    return;

  typing->frame_us = g_get_monotonic_time ();
  typing->state = TYPING_IN_FRAME;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Typing        *typing)
{
  if (typing->state != TYPING_IN_FRAME)
    return;

  typing->painted_us = g_get_monotonic_time ();
  typing->painted_cpu_us = thread_cpu_us ();
  typing->state = TYPING_DONE;
}

/* Lets the window do what it does while a user types: draw the entry,
 * blink the cursor, run its idles. */
static void
pause_typing (void)
{
  gint64 until = g_get_monotonic_time () + TYPING_PAUSE_MS * 1000;

  while (g_get_monotonic_time () < until)
    gui_iterate ();
  gui_drain ();
}

static void
type_character (Typing     *typing,
                const char *character,
                gsize       length)
{
  CrmSearchResults *results = CRM_SEARCH_RESULTS (gui_window_get_search_results (typing->fixture->window));
  GtkEditable *editable = GTK_EDITABLE (typing->entry);
  int position = (int)g_utf8_strlen (gtk_editable_get_text (editable), -1);
  gint64 deadline;
  Keystroke keystroke;

  pause_typing ();

  typing->state = TYPING_IDLE;
  gtk_editable_insert_text (editable, character, (int)length, &position);
  gtk_editable_set_position (editable, position);

  deadline = g_get_monotonic_time () + GUI_TIMEOUT_MS * 1000;
  while (typing->state != TYPING_DONE)
    {
      if (g_get_monotonic_time () > deadline)
        {
          g_printerr ("bench-window: no frame showed the results of “%s”\n", gtk_editable_get_text (editable));
          exit (1);
        }
      gui_iterate ();
    }

  keystroke.text = g_strdup (gtk_editable_get_text (editable));
  keystroke.n_results = crm_search_results_get_n_results (results);
  keystroke.handler = us_to_ms (typing->handled_us - typing->changed_us);
  keystroke.between = us_to_ms (typing->frame_us - typing->handled_us);
  keystroke.frame = us_to_ms (typing->painted_us - typing->frame_us);
  keystroke.total = us_to_ms (typing->painted_us - typing->changed_us);
  keystroke.busy = us_to_ms (typing->painted_cpu_us - typing->changed_cpu_us);
  g_array_append_val (typing->keystrokes, keystroke);

  if (g_strcmp0 (crm_window_get_view (typing->fixture->window), "search") != 0)
    {
      g_printerr ("bench-window: typing “%s” did not show the search results\n", keystroke.text);
      exit (1);
    }
}

static void
typing_body (gpointer user_data)
{
  Typing *typing = user_data;
  CrmWindow *window = typing->fixture->window;
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  guint hook;

  typing->entry = gui_window_get_search_entry (window);
  typing->search_delay = gtk_search_entry_get_search_delay (GTK_SEARCH_ENTRY (typing->entry));
  typing->renderer = g_strdup (G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))));
  hook = g_signal_add_emission_hook (g_signal_lookup ("search-changed", GTK_TYPE_SEARCH_ENTRY), 0,
                                     search_changed_hook, typing, NULL);
  g_signal_connect_after (typing->entry, "search-changed", G_CALLBACK (search_changed_after_cb), typing);
  g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), typing);
  g_signal_connect_after (clock, "after-paint", G_CALLBACK (after_paint_cb), typing);

  /* Ctrl+F, as a user starts a search. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.focus-search", NULL);
  gui_drain ();

  for (guint round = 0; round < typing->rounds; round++)
    {
      for (guint w = 0; w < G_N_ELEMENTS (typed_words); w++)
        {
          const char *p = typed_words[w];

          /* Back to the list, as Escape does. */
          typing->state = TYPING_DONE;
          gtk_editable_set_text (GTK_EDITABLE (typing->entry), "");
          pause_typing ();

          while (*p != '\0')
            {
              const char *next = g_utf8_next_char (p);

              type_character (typing, p, next - p);
              p = next;
            }
        }
    }

  typing->state = TYPING_DONE;
  g_signal_remove_emission_hook (g_signal_lookup ("search-changed", GTK_TYPE_SEARCH_ENTRY), hook);
  g_signal_handlers_disconnect_by_data (clock, typing);
  g_signal_handlers_disconnect_by_data (typing->entry, typing);
}

/* Report */

static gboolean any_missed;

static void
print_row (const char *what,
           GArray     *samples,
           double      target)
{
  double p50 = percentile (samples, 0.50);
  double p95 = percentile (samples, 0.95);
  double max = percentile (samples, 1.0);
  glong pad = 46 - g_utf8_strlen (what, -1);
  const char *verdict = "";
  g_autofree char *target_text = NULL;

  if (target > 0)
    {
      verdict = p95 < target ? "OK" : "MISSED";
      if (p95 >= target)
        any_missed = TRUE;
      target_text = g_strdup_printf ("< %.0f", target);
    }
  else
    target_text = g_strdup ("");

  printf ("%s%*s %5u %9.2f %9.2f %9.2f %8s  %s\n", what, (int)MAX (pad, 0), "",
          samples->len, p50, p95, max, target_text, verdict);
}

static void
print_header (const char *title)
{
  printf ("\n%-46s %5s %9s %9s %9s %8s  %s\n", title, "n", "p50 ms", "p95 ms", "max ms", "target", "");
  for (guint i = 0; i < 100; i++)
    printf ("-");
  printf ("\n");
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  if (!isatty (STDERR_FILENO))
    return;

  g_printerr ("\rbuilding demo data… %3d%%", (int)(fraction * 100));
  if (fraction >= 1.0)
    g_printerr ("\n");
}

static gboolean
parse_count (const char  *text,
             guint       *out,
             GError     **error)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &value, error))
    return FALSE;
  *out = (guint)value;
  return TRUE;
}

/* The session bus this benchmark started, if any. */
static GPid private_bus;

static void
stop_private_bus (void)
{
  if (private_bus == 0)
    return;

  kill (private_bus, SIGTERM);
  waitpid (private_bus, NULL, 0);
  g_spawn_close_pid (private_bus);
  private_bus = 0;
}

/* A session bus of our own, quiet, for as long as the benchmark runs;
 * what it starts on demand (the accessibility bus, a notification
 * daemon for the reminders) goes with it. */
static void
start_private_bus (void)
{
  const char *argv[] = {
    "dbus-daemon", "--session", "--nofork", "--nosyslog", "--print-address=1", NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) address = g_string_new (NULL);
  int out = -1;
  char c;

  if (!g_spawn_async_with_pipes (NULL, (char **)argv, NULL,
                                 G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDERR_TO_DEV_NULL,
                                 NULL, NULL, &private_bus, NULL, &out, NULL, &error))
    die ("starting a session bus (dbus-daemon)", error);
  atexit (stop_private_bus);

  while (read (out, &c, 1) == 1 && c != '\n')
    g_string_append_c (address, c);
  close (out);

  if (address->len == 0)
    die ("starting a session bus (dbus-daemon)", NULL);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", address->str, TRUE);
}

static void
print_load (const char *when)
{
  g_autofree char *loadavg = NULL;

  if (g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL))
    printf ("%s: %s", when, loadavg);
}

static gint64
count_rows (const char *path,
            const char *table)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  gint64 count = -1;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return count;
}

/* Makes (or finds) the database at @path. */
static void
prepare_database (const char     *path,
                  gboolean        reuse,
                  CrmDemoOptions *options)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) store = crm_store_open (path, &error);

  if (store == NULL)
    die (path, error);

  if (reuse && crm_store_count_contacts (store, NULL) > 0)
    {
      printf ("using the data already there (--keep names an existing database)\n");
    }
  else
    {
      double t0 = now_ms ();

      if (!crm_demo_generate (store, options, progress_cb, NULL, &error))
        die ("demo data", error);
      printf ("demo data: %u clients, %u deals, %u calls, %u reminders in %.1f s\n",
              options->contacts, options->deals, options->calls, options->reminders,
              (now_ms () - t0) / 1000.0);
    }
}

int
main (int   argc,
      char *argv[])
{
  /* First thing: when this process started, for a child start. */
  gint64 main_us = g_get_monotonic_time ();
  g_autofree char *contacts_text = NULL;
  g_autofree char *deals_text = NULL;
  g_autofree char *calls_text = NULL;
  g_autofree char *reminders_text = NULL;
  g_autofree char *keep = NULL;
  int runs = 10;
  int rounds = 3;
  gint64 seed = 1;
  GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Starts of the program to time (10; 0 skips them)", "N" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "Times the search words are typed (3)", "N" },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep,
      "Build the database at PATH and keep it; an existing one with clients is used as it is", "PATH" },
    { "contacts", 0, 0, G_OPTION_ARG_STRING, &contacts_text, "Clients to make (100000)", "N" },
    { "deals", 0, 0, G_OPTION_ARG_STRING, &deals_text, "Deals to make (200000)", "N" },
    { "calls", 0, 0, G_OPTION_ARG_STRING, &calls_text, "Calls to make (1000000)", "N" },
    { "reminders", 0, 0, G_OPTION_ARG_STRING, &reminders_text, "Reminders to make (5000)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed of the demo data (1)", "S" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *self_path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  CrmDemoOptions options;
  Starts starts = { 0 };
  Typing typing = { 0 };
  GuiFixture fixture;
  g_autoptr(GArray) total = samples_new ();
  g_autoptr(GArray) handler = samples_new ();
  g_autoptr(GArray) frame = samples_new ();
  g_autoptr(GArray) between = samples_new ();
  g_autoptr(GArray) busy = samples_new ();
  g_autoptr(GArray) waiting = samples_new ();
  g_autoptr(GArray) worst = samples_new ();
  g_autoptr(GArray) search_only = samples_new ();
  g_autoptr(GHashTable) search_ms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                           (GDestroyNotify)g_array_unref);
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();
  Keystroke *slowest = NULL;
  gboolean reuse = FALSE;

  self_path = g_file_read_link ("/proc/self/exe", NULL);
  if (self_path == NULL)
    self_path = g_strdup (argv[0]);

  if (argc == 3 && strcmp (argv[1], "--child-start") == 0)
    return child_start (self_path, argv[2], main_us);

  setlocale (LC_ALL, "");

  context = g_option_context_new ("— time the main window's start and search-as-you-type");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    die ("options", error);

  crm_demo_options_init (&options);
  options.contacts = 100000;
  options.deals = 200000;
  options.calls = 1000000;
  options.reminders = 5000;
  options.seed = (guint64)seed;
  if ((contacts_text != NULL && !parse_count (contacts_text, &options.contacts, &error)) ||
      (deals_text != NULL && !parse_count (deals_text, &options.deals, &error)) ||
      (calls_text != NULL && !parse_count (calls_text, &options.calls, &error)) ||
      (reminders_text != NULL && !parse_count (reminders_text, &options.reminders, &error)))
    die ("options", error);
  runs = MAX (runs, 0);
  rounds = MAX (rounds, 1);

  if ((g_getenv ("DISPLAY") == NULL || g_getenv ("DISPLAY")[0] == '\0') &&
      g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("bench-window needs a display to open the window on; run it under Xvfb:\n"
                  "  Xvfb :60 -screen 0 1280x800x24 &\n"
                  "  DISPLAY=:60 GSETTINGS_SCHEMA_DIR=<build>/data GSETTINGS_BACKEND=memory %s\n",
                  argv[0]);
      return 77;
    }

  /* A desktop session has a session bus, and with it the accessibility
   * bus, which GTK tells about every widget it makes: that is part of
   * what a start and a keystroke cost. Without a bus, GIO would start one
   * for the display that outlives the benchmark; use a private one. */
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    start_private_bus ();

  /* Under Xvfb, GL is Mesa's software rasterizer (llvmpipe), whose
   * threads take the cores the program needs: the figures would measure
   * drawing on a CPU without a GPU rather than our work. Cairo draws in
   * the program's own thread. GSK_RENDERER=gl measures with GL. */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);

  if (keep != NULL)
    {
      path = g_strdup (keep);
      reuse = g_file_test (path, G_FILE_TEST_EXISTS);
    }
  else
    {
      dir = g_dir_make_tmp ("clientele-bench-window-XXXXXX", &error);
      if (dir == NULL)
        die ("temporary folder", error);
      path = g_build_filename (dir, "bench.db", NULL);
    }

  printf ("Clientele main window benchmark — GTK %u.%u.%u, libadwaita %u.%u.%u, SQLite %s, %u CPUs\n",
          gtk_get_major_version (), gtk_get_minor_version (), gtk_get_micro_version (),
          adw_get_major_version (), adw_get_minor_version (), adw_get_micro_version (),
          sqlite3_libversion (), g_get_num_processors ());
  printf ("session bus: %s; accessibility: %s; renderer: GSK_RENDERER=%s\n",
          private_bus != 0 ? "a private one" : "the session's",
          g_getenv ("GTK_A11Y") != NULL ? g_getenv ("GTK_A11Y") : "GTK's default (AT-SPI)",
          g_getenv ("GSK_RENDERER"));
  print_load ("load average at the start");
  printf ("database: %s\n", path);
  /* The store is closed again before the starts, which open it anew. */
  prepare_database (path, reuse, &options);
  printf ("%" G_GINT64_FORMAT " clients, %" G_GINT64_FORMAT " deals, %" G_GINT64_FORMAT " calls\n",
          count_rows (path, "contacts"), count_rows (path, "deals"), count_rows (path, "activities"));

  /* 1. Starts, each in a process of its own. This process has not opened
   * the display yet, so it stays small to spawn. */
  if (runs > 0)
    printf ("\nStarting the program %d times after one start not counted (a fresh process each; "
            "the page cache stays warm)\n", runs);
  fflush (stdout);
  starts.total = samples_new ();
  starts.from_main = samples_new ();
  starts.exec = samples_new ();
  starts.startup = samples_new ();
  starts.window = samples_new ();
  starts.mapped = samples_new ();
  starts.first_paint = samples_new ();
  starts.populated = samples_new ();
  starts.settled = samples_new ();

  /* A first start brings the program, its libraries and the database's
   * pages into the page cache, which the starts to time find warm; it is
   * not counted. */
  if (runs > 0)
    {
      GArray *all[] = { starts.total, starts.from_main, starts.exec, starts.startup, starts.window,
                        starts.mapped, starts.first_paint, starts.populated, starts.settled };

      run_start (self_path, path, G_MAXUINT, &starts);
      for (guint i = 0; i < G_N_ELEMENTS (all); i++)
        g_array_set_size (all[i], 0);
    }

  for (guint i = 0; i < (guint)runs; i++)
    {
      run_start (self_path, path, i, &starts);

      /* Starts ten times over the target all tell the same; three are
       * enough, and spare a shared machine. */
      if (i + 1 >= 3 && i + 1 < (guint)runs &&
          percentile (starts.total, 0.5) > 10 * FIRST_FRAME_TARGET_MS)
        {
          printf ("  stopping after %u starts: each takes more than %.0f s\n",
                  i + 1, 10 * FIRST_FRAME_TARGET_MS / 1000);
          break;
        }
    }

  /* 2. Typing in the search entry of one window. */
  printf ("\nTyping %u words %d times into the search entry\n", (guint)G_N_ELEMENTS (typed_words), rounds);
  fflush (stdout);
  gtk_init ();
  adw_init ();
  gui_fixture_set_up_for (&fixture, path);
  typing.fixture = &fixture;
  typing.rounds = (guint)rounds;
  typing.keystrokes = g_array_new (FALSE, FALSE, sizeof (Keystroke));
  gui_fixture_run (&fixture, typing_body, &typing);

  /* 3. The same texts searched by the core alone, on the same
   * connection, in the order typed. */
  for (guint i = 0; i < typing.keystrokes->len; i++)
    {
      Keystroke *k = &g_array_index (typing.keystrokes, Keystroke, i);

      if (!g_hash_table_contains (search_ms, k->text))
        {
          g_hash_table_insert (search_ms, g_strdup (k->text), samples_new ());
          g_ptr_array_add (texts, k->text);
        }
    }
  for (guint round = 0; round < (guint)rounds; round++)
    {
      for (guint i = 0; i < texts->len; i++)
        {
          const char *text = g_ptr_array_index (texts, i);
          g_autoptr(GPtrArray) results = NULL;
          double t0, t1;

          t0 = now_ms ();
          results = crm_search_run (fixture.store, text, SEARCH_LIMIT, &error);
          t1 = now_ms ();
          if (results == NULL)
            die (text, error);
          add_sample (g_hash_table_lookup (search_ms, text), t1 - t0);
          add_sample (search_only, t1 - t0);
        }
    }

  for (guint i = 0; i < typing.keystrokes->len; i++)
    {
      Keystroke *k = &g_array_index (typing.keystrokes, Keystroke, i);

      add_sample (total, k->total);
      add_sample (busy, k->busy);
      add_sample (waiting, MAX (k->total - k->busy, 0));
      add_sample (handler, k->handler);
      add_sample (frame, k->frame);
      add_sample (between, k->between);
      if (slowest == NULL || k->busy > slowest->busy)
        slowest = k;
    }
  add_sample (worst, slowest->busy);

  /* Report */
  if (starts.total->len > 0)
    {
      printf ("\nrenderer %s; the window opened on “%s” with %u labels of list rows in its first frame\n",
              starts.renderer, starts.view, starts.labels);
      if (starts.child_stderr != NULL && starts.child_stderr[0] != '\0')
        printf ("the program said on its first start:\n%s", starts.child_stderr);

      print_header ("window start (fresh process, warm page cache)");
      print_row ("start → first frame showing the deals", starts.total, FIRST_FRAME_TARGET_MS);
      print_row ("  the same from main ()", starts.from_main, 0);
      print_row ("  spawn → main (exec, linking the libraries)", starts.exec, 0);
      print_row ("  main → application started (database open)", starts.startup, 0);
      print_row ("  → window built with its views", starts.window, 0);
      print_row ("  → window mapped", starts.mapped, 0);
      print_row ("  → first frame drawn", starts.first_paint, 0);
      print_row ("  → first frame with rows", starts.populated, 0);
      print_row ("then: the work left for after it, and a frame", starts.settled, 0);
    }
  else
    printf ("\nwindow start: not measured (--runs 0)\n");

  printf ("\nsearch as you type: %u keystrokes in %u words, %u rounds; renderer %s\n",
          typing.keystrokes->len, (guint)G_N_ELEMENTS (typed_words), typing.rounds, typing.renderer);
  print_header ("search as you type (per keystroke)");
  print_row ("keystroke → its results drawn: work (CPU)", busy, KEYSTROKE_TARGET_MS);
  {
    g_autofree char *what = g_strdup_printf ("  the keystroke with the most work: “%s”", slowest->text);

    /* The target is at p95, as for the first frame; the worst one is
     * shown for what it is. */
    print_row (what, worst, 0);
  }
  print_row ("the same, wall clock", total, 0);
  print_row ("  of it, waiting (frame clock, X server)", waiting, 0);
  print_row ("  search-changed handler (set_query)", handler, 0);
  print_row ("  then, until the frame begins", between, 0);
  print_row ("  the frame: layout and paint", frame, 0);
  print_row ("crm_search_run alone, the same texts", search_only, 0);

  /* Every text typed, for finding the slow ones. */
  printf ("\n%-10s %8s %10s %10s %10s %10s %10s %10s %10s\n", "typed", "results", "set_query", "before",
          "frame", "total", "work", "work", "search");
  printf ("%-10s %8s %10s %10s %10s %10s %10s %10s %10s\n", "", "", "p50 ms", "p50 ms", "p50 ms", "max ms",
          "p50 ms", "max ms", "p50 ms");
  for (guint i = 0; i < texts->len; i++)
    {
      const char *text = g_ptr_array_index (texts, i);
      g_autoptr(GArray) h = samples_new ();
      g_autoptr(GArray) b = samples_new ();
      g_autoptr(GArray) f = samples_new ();
      g_autoptr(GArray) o = samples_new ();
      g_autoptr(GArray) w = samples_new ();
      g_autofree char *quoted = g_strdup_printf ("“%s”", text);
      guint n_results = 0;

      for (guint j = 0; j < typing.keystrokes->len; j++)
        {
          Keystroke *k = &g_array_index (typing.keystrokes, Keystroke, j);

          if (g_strcmp0 (k->text, text) != 0)
            continue;
          add_sample (h, k->handler);
          add_sample (b, k->between);
          add_sample (f, k->frame);
          add_sample (o, k->total);
          add_sample (w, k->busy);
          n_results = k->n_results;
        }

      printf ("%s%*s %8u %10.2f %10.2f %10.2f %10.2f %10.2f %10.2f %10.2f\n", quoted,
              (int)MAX (10 - g_utf8_strlen (quoted, -1), 0), "", n_results,
              percentile (h, 0.5), percentile (b, 0.5), percentile (f, 0.5), percentile (o, 1.0),
              percentile (w, 0.5), percentile (w, 1.0),
              percentile (g_hash_table_lookup (search_ms, text), 0.5));
    }

  printf ("\n");
  print_load ("load average at the end");
  printf ("\nTargets: the first frame under %.0f ms and every keystroke's results under %.0f ms "
          "(one frame at 60 Hz), at p95;\n"
          "a keystroke counts from the entry's search-changed to the end of the frame that shows "
          "its results,\n"
          "as the main thread's CPU time: the wall clock adds the wait for the frame clock's next "
          "frame (up to a frame)\n"
          "and for the X server, which no work of the program shortens.\n"
          "The entry waits %u ms after a keystroke before it reports it; that pause is "
          "deliberate and not counted.\n",
          FIRST_FRAME_TARGET_MS, KEYSTROKE_TARGET_MS, typing.search_delay);

  for (guint i = 0; i < typing.keystrokes->len; i++)
    g_free (g_array_index (typing.keystrokes, Keystroke, i).text);
  g_array_unref (typing.keystrokes);
  g_free (typing.renderer);
  gui_fixture_tear_down (&fixture);

  if (dir != NULL)
    gui_remove_tree (dir);

  return any_missed ? 2 : 0;
}
