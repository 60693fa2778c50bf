/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include <string.h>

#include "crm-contact-list.h"
#include "crm-contacts-view.h"
#include "crm-deal-list.h"
#include "crm-deals-view.h"
#include "crm-sql-sorter.h"
#include "crm-store-contacts.h"
#include "crm-store-deals.h"
#include "gui-test-utils.h"

/* The deal and contact lists keep how they are sorted and which columns
 * they show, in which order and how wide, across a restart. The settings
 * live in a key file in a folder of the test's own, and the application
 * runs twice in two processes, so nothing but that file can carry them
 * from one start to the next. */

/* In the order they are added, which is not the order of their amounts. */
static const gint64 amounts[] = { 5000, 120000, 750, 30000, 9900, 45000 };

#define N_DEALS G_N_ELEMENTS (amounts)

/* Not the default size (1100 × 720), so that only a kept size passes. */
#define WINDOW_WIDTH  1010
#define WINDOW_HEIGHT 690

static GtkColumnView *
view_column_view (CrmWindow *window,
                  GType      view_type)
{
  GtkWidget *view = gui_window_get_view_widget (window, view_type);
  GtkWidget *column_view = gui_find (view, GTK_TYPE_COLUMN_VIEW, NULL, NULL);

  g_assert_nonnull (column_view);
  return GTK_COLUMN_VIEW (column_view);
}

static GtkColumnView *
deals_column_view (CrmWindow *window)
{
  return view_column_view (window, CRM_TYPE_DEALS_VIEW);
}

static GListModel *
deals_model (CrmWindow *window)
{
  return crm_deals_view_get_model (CRM_DEALS_VIEW (gui_window_get_view_widget (window, CRM_TYPE_DEALS_VIEW)));
}

static GtkColumnViewColumn *
find_column (GtkColumnView *view,
             const char    *title)
{
  GListModel *columns = gtk_column_view_get_columns (view);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), title) == 0)
        return column;
    }

  return NULL;
}

static gboolean
check_button_has_label (GtkWidget     *widget,
                        gconstpointer  data)
{
  return g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)), data) == 0;
}

/* The check button of a column in a list's Columns menu. */
static GtkCheckButton *
view_column_check (CrmWindow  *window,
                   GType       view_type,
                   const char *title)
{
  GtkWidget *view = gui_window_get_view_widget (window, view_type);
  GtkWidget *check = gui_find (view, GTK_TYPE_CHECK_BUTTON, check_button_has_label, title);

  g_assert_nonnull (check);
  return GTK_CHECK_BUTTON (check);
}

static GtkCheckButton *
column_check (CrmWindow  *window,
              const char *title)
{
  return view_column_check (window, CRM_TYPE_DEALS_VIEW, title);
}

static gboolean
sorted_by_amount (GListModel *model)
{
  guint n = g_list_model_get_n_items (model);

  if (n != N_DEALS)
    return FALSE;

  for (guint i = 1; i < n; i++)
    {
      g_autoptr(CrmDeal) before = g_list_model_get_item (model, i - 1);
      g_autoptr(CrmDeal) after = g_list_model_get_item (model, i);

      if (crm_deal_get_amount (before) > crm_deal_get_amount (after))
        return FALSE;
    }

  return TRUE;
}

/* The table shows: sorted by amount, smallest first, without the client. */
static void
assert_layout_kept (CrmWindow *window)
{
  GtkColumnView *view = deals_column_view (window);
  GListModel *model = deals_model (window);
  int key = -1;
  gboolean descending = TRUE;
  g_autoptr(CrmDeal) first = NULL;

  g_assert_cmpstr (crm_window_get_view (window), ==, "deals");
  {
    int width = 0;
    int height = 0;

    gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
    g_assert_cmpint (width, ==, WINDOW_WIDTH);
    g_assert_cmpint (height, ==, WINDOW_HEIGHT);
  }

  /* The arrow is on the amount's header. */
  g_assert_true (crm_sql_sorter_get_primary (view, &key, &descending));
  g_assert_cmpint (key, ==, CRM_DEAL_SORT_AMOUNT);
  g_assert_false (descending);

  g_assert_false (gtk_column_view_column_get_visible (find_column (view, "Client")));
  g_assert_false (gtk_check_button_get_active (column_check (window, "Client")));
  g_assert_true (gtk_column_view_column_get_visible (find_column (view, "Title")));
  g_assert_true (gtk_column_view_column_get_visible (find_column (view, "Amount")));

  /* And the rows are in that order. */
  GUI_WAIT_UNTIL (sorted_by_amount (model));
  first = g_list_model_get_item (model, 0);
  g_assert_cmpint (crm_deal_get_amount (first), ==, 750);
}

static void
change_body (gpointer user_data)
{
  GuiFixture *fixture = user_data;
  GtkColumnView *view = deals_column_view (fixture->window);
  GListModel *model = deals_model (fixture->window);
  GtkColumnViewColumn *amount = find_column (view, "Amount");
  GtkCheckButton *client_check = column_check (fixture->window, "Client");
  int key = -1;

  /* The first start: the newest change first, every usual column shown. */
  g_assert_cmpstr (crm_window_get_view (fixture->window), ==, "deals");
  GUI_WAIT_UNTIL (g_list_model_get_n_items (model) == N_DEALS);
  g_assert_true (crm_sql_sorter_get_primary (view, &key, NULL));
  g_assert_cmpint (key, ==, CRM_DEAL_SORT_UPDATED);
  g_assert_false (sorted_by_amount (model));
  g_assert_true (gtk_column_view_column_get_visible (find_column (view, "Client")));
  g_assert_true (gtk_check_button_get_active (client_check));

  /* A click on the amount's header, as GTK makes it, and the client's
   * column unticked in the Columns menu. */
  g_assert_nonnull (amount);
  gtk_column_view_sort_by_column (view, amount, GTK_SORT_ASCENDING);
  GUI_WAIT_UNTIL (sorted_by_amount (model));
  gtk_widget_activate (GTK_WIDGET (client_check));
  g_assert_false (gtk_check_button_get_active (client_check));
  g_assert_false (gtk_column_view_column_get_visible (find_column (view, "Client")));

  /* The window's size, as a user leaves it. */
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), WINDOW_WIDTH, WINDOW_HEIGHT);

  /* Closing saves; another window of the same run shows it all again. */
  gui_fixture_close_window (fixture);
  gui_fixture_open_window (fixture);
  assert_layout_kept (fixture->window);
  gui_fixture_close_window (fixture);
}

static void
check_body (gpointer user_data)
{
  GuiFixture *fixture = user_data;

  /* The next start, in a new process. */
  assert_layout_kept (fixture->window);
}

/* The contact list */

/* Each client works at a company of another name; the companies are
 * clients too, and have none. */
static const struct
{
  const char *name;
  const char *company;
} clients[] = {
  { "Anna Kalniņa",  "Mežs" },
  { "Boriss Orlovs", "Zvaigzne" },
  { "Dace Liepa",    "Ābele" },
  { "Ēriks Ozols",   "Kalns" },
};

static GListModel *
contacts_model (CrmWindow *window)
{
  return G_LIST_MODEL (gtk_column_view_get_model (view_column_view (window, CRM_TYPE_CONTACTS_VIEW)));
}

static char **
column_titles (GtkColumnView *view)
{
  GListModel *columns = gtk_column_view_get_columns (view);
  g_autoptr(GStrvBuilder) titles = g_strv_builder_new ();

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      g_strv_builder_add (titles, gtk_column_view_column_get_title (column));
    }

  return g_strv_builder_end (titles);
}

static void
assert_titles (GtkColumnView *view,
               const char    *expected)
{
  g_auto(GStrv) titles = column_titles (view);
  g_autofree char *joined = g_strjoinv (", ", titles);

  g_assert_cmpstr (joined, ==, expected);
}

static int
find_contact (GListModel *model,
              const char *name)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(CrmContact) contact = g_list_model_get_item (model, i);

      if (g_strcmp0 (crm_contact_get_name (contact), name) == 0)
        return (int)i;
    }

  return -1;
}

/* The clients of companies come first, the company that comes last in
 * the alphabet first; the companies themselves, which have none, after. */
static gboolean
sorted_by_company_descending (GListModel *model)
{
  static const char * const order[] = { "Zvaigzne", "Mežs", "Kalns", "Ābele" };

  if (g_list_model_get_n_items (model) != 2 * G_N_ELEMENTS (clients))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      g_autoptr(CrmContact) contact = g_list_model_get_item (model, i);

      if (g_strcmp0 (crm_contact_get_company_name (contact), order[i]) != 0)
        return FALSE;
    }

  return TRUE;
}

static gboolean
shows_contacts (CrmWindow *window)
{
  return g_strcmp0 (crm_window_get_view (window), "contacts") == 0;
}

/* The table shows: sorted by company, the last first; the owner moved
 * next to the name; no phone, but the creation date; a wider e-mail. */
static void
assert_contacts_layout_kept (CrmWindow *window)
{
  GtkColumnView *view = view_column_view (window, CRM_TYPE_CONTACTS_VIEW);
  GListModel *model = contacts_model (window);
  int key = -1;
  gboolean descending = FALSE;

  g_assert_true (shows_contacts (window));

  /* The arrow is on the company's header. */
  g_assert_true (crm_sql_sorter_get_primary (view, &key, &descending));
  g_assert_cmpint (key, ==, CRM_CONTACT_SORT_COMPANY);
  g_assert_true (descending);

  assert_titles (view, "Name, Owner, Phone, E-mail, Company, Created");
  g_assert_false (gtk_column_view_column_get_visible (find_column (view, "Phone")));
  g_assert_false (gtk_check_button_get_active (view_column_check (window, CRM_TYPE_CONTACTS_VIEW, "Phone")));
  g_assert_true (gtk_column_view_column_get_visible (find_column (view, "Created")));
  g_assert_true (gtk_check_button_get_active (view_column_check (window, CRM_TYPE_CONTACTS_VIEW, "Created")));
  g_assert_cmpint (gtk_column_view_column_get_fixed_width (find_column (view, "E-mail")), ==, 260);

  /* The name cannot be hidden. */
  g_assert_true (gtk_column_view_column_get_visible (find_column (view, "Name")));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (view_column_check (window, CRM_TYPE_CONTACTS_VIEW, "Name"))));

  /* And the rows are in that order. */
  GUI_WAIT_UNTIL (sorted_by_company_descending (model));
}

static void
contacts_change_body (gpointer user_data)
{
  GuiFixture *fixture = user_data;
  CrmWindow *window = fixture->window;
  GtkColumnView *view;
  GListModel *model;
  GtkColumnViewColumn *company;
  int key = -1;
  int dace;

  /* The first start: by name, the usual columns. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "contacts"));
  GUI_WAIT_UNTIL (shows_contacts (window));
  view = view_column_view (window, CRM_TYPE_CONTACTS_VIEW);
  model = contacts_model (window);
  GUI_WAIT_UNTIL (g_list_model_get_n_items (model) == 2 * G_N_ELEMENTS (clients));
  g_assert_true (crm_sql_sorter_get_primary (view, &key, NULL));
  g_assert_cmpint (key, ==, CRM_CONTACT_SORT_NAME);
  assert_titles (view, "Name, Phone, E-mail, Company, Owner, Created");
  g_assert_true (gtk_column_view_column_get_visible (find_column (view, "Phone")));
  g_assert_false (gtk_column_view_column_get_visible (find_column (view, "Created")));

  /* A client picked before the order changes stays picked after it. */
  dace = find_contact (model, "Dace Liepa");
  g_assert_cmpint (dace, >=, 0);
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (model), (guint)dace, TRUE);

  /* A click on the company's header, twice; the owner's header dragged
   * next to the name's, as GTK moves it; the phone unticked and the date
   * ticked in the Columns menu; the e-mail's edge dragged. */
  company = find_column (view, "Company");
  gtk_column_view_sort_by_column (view, company, GTK_SORT_ASCENDING);
  gtk_column_view_sort_by_column (view, company, GTK_SORT_DESCENDING);
  GUI_WAIT_UNTIL (sorted_by_company_descending (model));
  dace = find_contact (model, "Dace Liepa");
  g_assert_cmpint (dace, ==, 3);
  g_assert_true (gtk_selection_model_is_selected (GTK_SELECTION_MODEL (model), (guint)dace));

  gtk_column_view_insert_column (view, 1, find_column (view, "Owner"));
  gtk_widget_activate (GTK_WIDGET (view_column_check (window, CRM_TYPE_CONTACTS_VIEW, "Phone")));
  gtk_widget_activate (GTK_WIDGET (view_column_check (window, CRM_TYPE_CONTACTS_VIEW, "Created")));
  gtk_column_view_column_set_fixed_width (find_column (view, "E-mail"), 260);
  g_assert_false (gtk_column_view_column_get_visible (find_column (view, "Phone")));
  g_assert_true (gtk_column_view_column_get_visible (find_column (view, "Created")));

  /* Unticking the name does nothing. */
  gtk_widget_activate (GTK_WIDGET (view_column_check (window, CRM_TYPE_CONTACTS_VIEW, "Name")));
  g_assert_true (gtk_column_view_column_get_visible (find_column (view, "Name")));

  /* Closing at once saves; another window of the same run shows it all
   * again. */
  gui_fixture_close_window (fixture);
  gui_fixture_open_window (fixture);
  assert_contacts_layout_kept (fixture->window);
  gui_fixture_close_window (fixture);
}

static void
contacts_check_body (gpointer user_data)
{
  GuiFixture *fixture = user_data;

  /* The next start, in a new process, opens where the last one closed. */
  assert_contacts_layout_kept (fixture->window);
}

static void
add_clients (const char *database)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) store = crm_store_open (database, &error);

  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (clients); i++)
    {
      g_autoptr(CrmContact) contact = crm_contact_new ();

      crm_contact_set_name (contact, clients[i].name);
      crm_contact_set_company_name (contact, clients[i].company);
      crm_store_add_contact (store, contact, &error);
      g_assert_no_error (error);
    }
}

/* Running the application twice */

static void
run_phase (const char *database,
           GuiBody     body)
{
  GuiFixture fixture;

  gui_fixture_set_up_for (&fixture, database);
  gui_fixture_run (&fixture, body, &fixture);
  gui_fixture_tear_down (&fixture);
  g_settings_sync ();
}

/* Fills a database with @add, then starts the application on it twice,
 * each in a process of its own: the first time it runs @change, the
 * second @check. */
static void
run_twice (void    (*add) (const char *database),
           GuiBody   change,
           GuiBody   check)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *config = NULL;
  g_autofree char *database = NULL;
  g_autofree char *keyfile = NULL;

  /* Each start is a process of its own, run from here. */
  if (g_test_subprocess ())
    {
      const char *phase = g_getenv ("CLIENTELE_TEST_PHASE");

      run_phase (g_getenv ("CLIENTELE_TEST_DATABASE"),
                 g_strcmp0 (phase, "change") == 0 ? change : check);
      return;
    }

  dir = g_dir_make_tmp ("clientele-columns-XXXXXX", &error);
  g_assert_no_error (error);
  config = g_build_filename (dir, "config", NULL);
  database = g_build_filename (dir, "clientele.db", NULL);
  keyfile = g_build_filename (config, "glib-2.0", "settings", "keyfile", NULL);
  add (database);

  /* Settings are read from and written to a key file under this folder,
   * as they would be to dconf on a desktop. */
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("CLIENTELE_TEST_DATABASE", database, TRUE);

  g_setenv ("CLIENTELE_TEST_PHASE", "change", TRUE);
  g_test_trap_subprocess (NULL, 50 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_assert_true (g_file_test (keyfile, G_FILE_TEST_IS_REGULAR));

  g_setenv ("CLIENTELE_TEST_PHASE", "check", TRUE);
  g_test_trap_subprocess (NULL, 50 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();

  gui_remove_tree (dir);
}

static void
add_deals (const char *database)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStore) store = crm_store_open (database, &error);
  gint64 client;

  g_assert_no_error (error);
  client = gui_add_person (store, "Līga Ozola", NULL);

  for (guint i = 0; i < N_DEALS; i++)
    {
      g_autoptr(CrmDeal) deal = crm_deal_new ();
      g_autofree char *title = g_strdup_printf ("Deal %u", i + 1);

      crm_deal_set_title (deal, title);
      crm_deal_set_contact_id (deal, client);
      crm_deal_set_amount (deal, amounts[i]);
      crm_store_add_deal (store, deal, &error);
      g_assert_no_error (error);
    }
}

static void
test_kept_after_restart (void)
{
  run_twice (add_deals, change_body, check_body);
}

static void
test_contacts_kept_after_restart (void)
{
  run_twice (add_clients, contacts_change_body, contacts_check_body);
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  gui_test_add ("/window-columns/kept-after-restart", test_kept_after_restart);
  gui_test_add ("/window-columns/contacts-kept-after-restart", test_contacts_kept_after_restart);

  return g_test_run ();
}
