/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "crm-contact-card.h"
#include "crm-search-results.h"
#include "crm-store-contacts.h"
#include "gui-test-utils.h"

/* Helpers of the GUI tests: they start the real application and window on
 * a database of the test's own, wait for the window to show things by running the
 * main loop (never by sleeping), and find widgets by what a user sees:
 * their type, text, title or the action they run. */

static gboolean have_display;

void
gui_test_init (int    *argc,
               char ***argv)
{
  /* No screen reader listens here. GTK's test backend still keeps every
   * accessible property, so the tests can read them, and does not look
   * for an accessibility bus, which would warn. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  /* The tests find widgets by their English text. */
  g_unsetenv ("LANGUAGE");

  g_test_init (argc, argv, NULL);

  have_display = g_getenv ("DISPLAY") != NULL && *g_getenv ("DISPLAY") != '\0' && gtk_init_check ();
  if (have_display)
    adw_init ();
}

static void
run_gui_test (gconstpointer data)
{
  GTestFunc func = (GTestFunc)data;

  if (!have_display)
    {
      g_test_skip ("No display: run build-aux/test, which starts Xvfb");
      return;
    }

  func ();
}

/* Registers a test that skips when there is no display to show a window
 * on, as under a plain `meson test` without X. */
void
gui_test_add (const char *path,
              GTestFunc   func)
{
  g_test_add_data_func (path, (gconstpointer)func, run_gui_test);
}

/* Main loop */

static gboolean
wake_cb (gpointer user_data)
{
  gboolean *fired = user_data;

  *fired = TRUE;
  return G_SOURCE_REMOVE;
}

/* One iteration of the main loop, waiting at most 10 ms for something to
 * happen. */
void
gui_iterate (void)
{
  gboolean fired = FALSE;
  guint source = g_timeout_add (10, wake_cb, &fired);

  g_main_context_iteration (NULL, TRUE);
  if (!fired)
    g_source_remove (source);
}

/* Runs what is ready to run, for checks that something did not happen. */
void
gui_drain (void)
{
  for (guint i = 0; i < 1000 && g_main_context_pending (NULL); i++)
    g_main_context_iteration (NULL, FALSE);
}

/* Fixture */

/* Removes a folder and everything in it. */
void
gui_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            gui_remove_tree (child);
          else
            g_unlink (child);
        }
    }

  g_rmdir (path);
}

/* Every setting back to its default, so that no test sees what another
 * test of the same program left (the memory backend lives as long as the
 * process). */
static void
reset_settings (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
  g_settings_sync ();
}

/* A new database in a folder of its own, removed by the tear-down. */
void
gui_fixture_set_up (GuiFixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("clientele-gui-XXXXXX", &error);
  g_autofree char *path = NULL;

  g_assert_no_error (error);
  path = g_build_filename (dir, "clientele.db", NULL);
  gui_fixture_set_up_for (fixture, path);
  fixture->dir = g_steal_pointer (&dir);
}

/* The database at @path, which the tear-down leaves where it is. */
void
gui_fixture_set_up_for (GuiFixture *fixture,
                        const char *path)
{
  g_autoptr(GError) error = NULL;

  memset (fixture, 0, sizeof *fixture);

  fixture->path = g_strdup (path);
  fixture->store = crm_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);

  if (g_strcmp0 (g_getenv ("GSETTINGS_BACKEND"), "memory") == 0)
    reset_settings ();
}

typedef struct
{
  GuiFixture *fixture;
  GuiBody     body;
  gpointer    user_data;
} RunData;

static void
destroy_all_windows (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  /* One at a time, holding no reference: a window takes the ones that
   * belong to it (such as its shortcuts window) along with it. */
  for (guint i = 0; i < 100 && g_list_model_get_n_items (toplevels) > 0; i++)
    {
      GtkWindow *window = g_list_model_get_item (toplevels, 0);

      g_object_unref (window);
      gtk_window_destroy (window);
    }

  g_assert_cmpuint (g_list_model_get_n_items (toplevels), ==, 0);
}

static void
activate_cb (GApplication *app,
             RunData      *run)
{
  GuiFixture *fixture = run->fixture;

  /* The application made its window on activation, as it does when
   * started from the desktop. */
  fixture->window = CRM_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (fixture->window);
  g_assert_true (crm_window_get_store (fixture->window) == fixture->store);
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *)&fixture->window);
  GUI_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (fixture->window)));
  gui_drain ();

  run->body (run->user_data);

  /* Editors and dialogs a test left open go too, and the application
   * quits, as from its menu: it may otherwise stay for its reminders. */
  destroy_all_windows ();
  GUI_WAIT_UNTIL (fixture->window == NULL);
  g_application_quit (app);
}

/**
 * gui_fixture_run:
 * @fixture: a fixture set up with gui_fixture_set_up()
 * @body: the test
 * @user_data: passed to @body
 *
 * Runs the application on the fixture's database as main.c does with
 * --database: g_application_run() starts it, which opens its window, and
 * @body runs once the window is on screen. The application ends when the
 * test is over, and must not outlive it.
 */
void
gui_fixture_run (GuiFixture *fixture,
                 GuiBody     body,
                 gpointer    user_data)
{
  RunData run = { fixture, body, user_data };
  gpointer app;
  int status;

  fixture->app = crm_application_new_for_store (fixture->store);
  g_signal_connect_after (fixture->app, "activate", G_CALLBACK (activate_cb), &run);

  status = g_application_run (G_APPLICATION (fixture->app), 0, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_null (fixture->window);

  app = fixture->app;
  g_object_add_weak_pointer (G_OBJECT (app), &app);
  g_clear_object (&fixture->app);
  GUI_WAIT_UNTIL (app == NULL);
}

/* Opens another window of the running application, as a second window or
 * the next start does. Without one, the application is started (registered,
 * not run) on the fixture's database first. */
void
gui_fixture_open_window (GuiFixture *fixture)
{
  g_autoptr(GError) error = NULL;

  if (fixture->app == NULL)
    {
      fixture->app = crm_application_new_for_store (fixture->store);
      g_application_register (G_APPLICATION (fixture->app), NULL, &error);
      g_assert_no_error (error);
    }

  g_assert_null (fixture->window);

  fixture->window = crm_window_new (fixture->app, fixture->store);
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *)&fixture->window);
  gtk_window_present (GTK_WINDOW (fixture->window));

  GUI_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (fixture->window)));
  gui_drain ();
}

/* Closes the window as its close button does; it saves its state and goes
 * away for good. */
void
gui_fixture_close_window (GuiFixture *fixture)
{
  g_assert_nonnull (fixture->window);

  gtk_window_close (GTK_WINDOW (fixture->window));
  GUI_WAIT_UNTIL (fixture->window == NULL);
}

void
gui_fixture_tear_down (GuiFixture *fixture)
{
  /* A test that started the application by itself, rather than with
   * gui_fixture_run(), leaves it here with what it opened. */
  if (fixture->app != NULL)
    {
      destroy_all_windows ();
      gui_drain ();
      g_clear_object (&fixture->app);
    }

  crm_store_watch_external_changes (fixture->store, 0);
  g_clear_object (&fixture->store);
  if (fixture->dir != NULL)
    gui_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_pointer (&fixture->path, g_free);
}

gint64
gui_add_person (CrmStore   *store,
                const char *name,
                const char *phone)
{
  g_autoptr(CrmContact) contact = crm_contact_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  crm_contact_set_name (contact, name);
  if (phone != NULL)
    crm_contact_add_phone (contact, crm_phone_entry_new (CRM_PHONE_MOBILE, phone, NULL, NULL));

  id = crm_store_add_contact (store, contact, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, !=, 0);

  return id;
}

/* Finding widgets */

static void
find_all (GtkWidget     *widget,
          GType          type,
          GuiMatchFunc   match,
          gconstpointer  data,
          GPtrArray     *found,
          gboolean       first_only)
{
  if (first_only && found->len > 0)
    return;

  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && (match == NULL || match (widget, data)))
    g_ptr_array_add (found, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    find_all (child, type, match, data, found, first_only);
}

/* The first widget of @type under @root (itself included), depth first,
 * for which @match (when not %NULL) returns %TRUE. */
GtkWidget *
gui_find (GtkWidget     *root,
          GType          type,
          GuiMatchFunc   match,
          gconstpointer  data)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  find_all (root, type, match, data, found, TRUE);

  return found->len > 0 ? g_ptr_array_index (found, 0) : NULL;
}

GPtrArray *
gui_find_all (GtkWidget     *root,
              GType          type,
              GuiMatchFunc   match,
              gconstpointer  data)
{
  GPtrArray *found = g_ptr_array_new ();

  find_all (root, type, match, data, found, FALSE);

  return found;
}

static gboolean
label_shows_text (GtkWidget     *widget,
                  gconstpointer  data)
{
  return gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), data) == 0;
}

/* A label on screen (mapped) whose whole text is @text. */
GtkWidget *
gui_find_label (GtkWidget  *root,
                const char *text)
{
  return gui_find (root, GTK_TYPE_LABEL, label_shows_text, text);
}

static gboolean
runs_action (GtkWidget     *widget,
             gconstpointer  data)
{
  return GTK_IS_ACTIONABLE (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), data) == 0;
}

GtkWidget *
gui_find_button_for_action (GtkWidget  *root,
                            const char *action_name)
{
  return gui_find (root, GTK_TYPE_WIDGET, runs_action, action_name);
}

static gboolean
button_has_label (GtkWidget     *widget,
                  gconstpointer  data)
{
  return gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), data) == 0;
}

/* A button on screen with the label @label, mnemonic underscores and all. */
GtkWidget *
gui_find_button_labelled (GtkWidget  *root,
                          const char *label)
{
  return gui_find (root, GTK_TYPE_BUTTON, button_has_label, label);
}

static gboolean
row_has_title (GtkWidget     *widget,
               gconstpointer  data)
{
  return g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), data) == 0;
}

/* A row of libadwaita (an AdwPreferencesRow or a subclass) with @title. */
GtkWidget *
gui_find_row (GtkWidget  *root,
              GType       type,
              const char *title)
{
  g_return_val_if_fail (g_type_is_a (type, ADW_TYPE_PREFERENCES_ROW), NULL);

  return gui_find (root, type, row_has_title, title);
}

static gboolean
group_has_title (GtkWidget     *widget,
                 gconstpointer  data)
{
  return g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (widget)), data) == 0;
}

/* A section of a page, such as "Calls" of a client card. */
GtkWidget *
gui_find_group (GtkWidget  *root,
                const char *title)
{
  return gui_find (root, ADW_TYPE_PREFERENCES_GROUP, group_has_title, title);
}

GtkWidget *
gui_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }

  return NULL;
}

GtkWidget *
gui_get_focus (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);

  return root != NULL ? gtk_root_get_focus (root) : NULL;
}

/* Whether the keyboard focus is on @widget or inside it. */
gboolean
gui_has_focus_within (GtkWidget *widget)
{
  GtkWidget *focus = gui_get_focus (widget);

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* Keys */

static gboolean
trigger_matches (GtkShortcutTrigger *trigger,
                 guint               keyval,
                 GdkModifierType     modifiers)
{
  if (GTK_IS_KEYVAL_TRIGGER (trigger))
    return gdk_keyval_to_lower (gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger))) ==
             gdk_keyval_to_lower (keyval) &&
           gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers;

  if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    return trigger_matches (gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger)),
                            keyval, modifiers) ||
           trigger_matches (gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)),
                            keyval, modifiers);

  return FALSE;
}

static gboolean
activate_shortcuts_of (GtkWidget           *widget,
                       GtkPropagationPhase  phase,
                       guint                keyval,
                       GdkModifierType      modifiers)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller) ||
          gtk_event_controller_get_propagation_phase (controller) != phase)
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *keys = NULL;
          g_autofree char *action = NULL;
          const char *type_name;

          if (!trigger_matches (gtk_shortcut_get_trigger (shortcut), keyval, modifiers))
            continue;

          keys = gtk_accelerator_name (keyval, modifiers);
          action = gtk_shortcut_action_to_string (gtk_shortcut_get_action (shortcut));
          type_name = G_OBJECT_TYPE_NAME (widget);

          /* The action may well destroy the widget, a dialog for one. */
          if (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget,
                                            gtk_shortcut_get_arguments (shortcut)))
            {
              g_test_message ("%s ran %s on %s", keys, action, type_name);
              return TRUE;
            }

          g_test_message ("%s found %s on %s, which did not run", keys, action, type_name);
        }
    }

  return FALSE;
}

/**
 * gui_press_keys:
 * @widget: a widget of the window
 * @keyval: the key, such as GDK_KEY_f
 * @modifiers: the modifiers held, such as GDK_CONTROL_MASK
 *
 * Presses a shortcut the way GTK hands a key press on: shortcuts of the
 * capture phase from the window down to the widget with the keyboard
 * focus, then those of the bubble phase from that widget up to the window;
 * the first shortcut bound to these keys whose action runs wins. It needs
 * no X input device, so nothing else on the display can take the keys, yet
 * a key bound to the wrong action, bound on a widget the focus is not in,
 * or taken by a widget on the way does not work here either.
 *
 * Returns: %TRUE if a shortcut ran
 */
gboolean
gui_press_keys (GtkWidget       *widget,
                guint            keyval,
                GdkModifierType  modifiers)
{
  g_autoptr(GPtrArray) chain = g_ptr_array_new ();
  GtkWidget *target = gui_get_focus (widget);

  if (target == NULL)
    target = GTK_WIDGET (gtk_widget_get_root (widget));

  for (GtkWidget *w = target; w != NULL; w = gtk_widget_get_parent (w))
    g_ptr_array_insert (chain, 0, w);

  for (guint i = 0; i < chain->len; i++)
    {
      if (activate_shortcuts_of (g_ptr_array_index (chain, i), GTK_PHASE_CAPTURE, keyval, modifiers))
        return TRUE;
    }

  if (activate_shortcuts_of (target, GTK_PHASE_TARGET, keyval, modifiers))
    return TRUE;

  for (guint i = chain->len; i > 0; i--)
    {
      if (activate_shortcuts_of (g_ptr_array_index (chain, i - 1), GTK_PHASE_BUBBLE, keyval, modifiers))
        return TRUE;
    }

  return FALSE;
}

/* Parts of the window */

static gboolean
in_header_bar (GtkWidget     *widget,
               gconstpointer  data)
{
  return gtk_widget_get_ancestor (widget, ADW_TYPE_HEADER_BAR) != NULL;
}

GtkWidget *
gui_window_get_search_entry (CrmWindow *window)
{
  GtkWidget *entry = gui_find (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY, in_header_bar, NULL);

  g_assert_nonnull (entry);
  return entry;
}

GtkWidget *
gui_window_get_view_widget (CrmWindow *window,
                            GType      type)
{
  static const char * const pages[] = {
    "deals", "contacts", "calls", "reminders", "reports", "trash", "search", "card",
  };

  /* The window builds a page when it is first shown or asked for. */
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      GtkWidget *page = crm_window_get_page (window, pages[i]);

      g_assert_nonnull (page);
      if (G_TYPE_CHECK_INSTANCE_TYPE (page, type))
        return page;
    }

  g_assert_not_reached ();
}

GtkWidget *
gui_window_get_contact_card (CrmWindow *window)
{
  return gui_window_get_view_widget (window, CRM_TYPE_CONTACT_CARD);
}

GtkWidget *
gui_window_get_search_results (CrmWindow *window)
{
  return gui_window_get_view_widget (window, CRM_TYPE_SEARCH_RESULTS);
}
