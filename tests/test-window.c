/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include "crm-contact-card.h"
#include "crm-contact-editor.h"
#include "crm-contacts-view.h"
#include "crm-deals-view.h"
#include "crm-phone.h"
#include "crm-preferences-window.h"
#include "crm-search-results.h"
#include "crm-store-activities.h"
#include "crm-store-contacts.h"
#include "crm-store-deals.h"
#include "crm-store-fields.h"
#include "crm-time.h"
#include "gui-test-utils.h"

/* The main window, driven as a user drives it: typing in the search bar,
 * opening a client card, editing and saving, deleting and undoing, and
 * seeing what another program writes to the database. Each test starts
 * the application on a fresh database and checks both what the window
 * shows and what the database holds. */

#define ANNA         "Anna Bērziņa"
#define ANNA_PHONE   "+7 (912) 345 67 89"
#define ANNA_DIGITS  "79123456789"
#define ANNA_DEAL    "Wedding make-up"
#define ANNA_CALL    "Wants a trial session on Friday"
#define BORIS        "Boris Ozols"
#define IVAN         "Ivan Petrov"
#define IVAN_PHONE   "+371 2900 1122"

typedef struct
{
  GuiFixture gui;
  gint64     anna;
  gint64     boris;
  gint64     ivan;
  gint64     deal;
  gint64     call;
} Fixture;

static void
fixture_fill (Fixture *fixture)
{
  g_autoptr(CrmDeal) deal = crm_deal_new ();
  g_autoptr(CrmActivity) call = crm_activity_new ();
  g_autoptr(GError) error = NULL;
  CrmStore *store;

  gui_fixture_set_up (&fixture->gui);
  store = fixture->gui.store;

  fixture->anna = gui_add_person (store, ANNA, ANNA_PHONE);
  fixture->boris = gui_add_person (store, BORIS, "+371 2612 3456");
  fixture->ivan = gui_add_person (store, IVAN, IVAN_PHONE);

  crm_deal_set_title (deal, ANNA_DEAL);
  crm_deal_set_contact_id (deal, fixture->anna);
  crm_deal_set_amount (deal, 25000);
  fixture->deal = crm_store_add_deal (store, deal, &error);
  g_assert_no_error (error);

  crm_activity_set_kind (call, CRM_ACTIVITY_CALL);
  crm_activity_set_contact_id (call, fixture->anna);
  crm_activity_set_direction (call, CRM_CALL_OUTGOING);
  crm_activity_set_started_at (call, crm_time_now_ms () - 60 * 60 * 1000);
  crm_activity_set_duration (call, 300);
  crm_activity_set_key_points (call, ANNA_CALL);
  fixture->call = crm_store_add_activity (store, call, &error);
  g_assert_no_error (error);
}

typedef void (*Body) (Fixture *fixture);

/* Runs a test on the application started on a database with a few clients,
 * a deal and a call. */
static void
run_filled (Body body)
{
  Fixture fixture;

  memset (&fixture, 0, sizeof fixture);

  fixture_fill (&fixture);
  gui_fixture_run (&fixture.gui, (GuiBody)body, &fixture);
  gui_fixture_tear_down (&fixture.gui);
}

/* Runs a test on the application started on a new, empty database. */
static void
run_empty (Body body)
{
  Fixture fixture;

  memset (&fixture, 0, sizeof fixture);

  gui_fixture_set_up (&fixture.gui);
  gui_fixture_run (&fixture.gui, (GuiBody)body, &fixture);
  gui_fixture_tear_down (&fixture.gui);
}

static const char *
view_of (Fixture *fixture)
{
  return crm_window_get_view (fixture->gui.window);
}

static gboolean
view_is (Fixture    *fixture,
         const char *name)
{
  return g_strcmp0 (view_of (fixture), name) == 0;
}

static gboolean
has_css_class (GtkWidget     *widget,
               gconstpointer  data)
{
  return gtk_widget_has_css_class (widget, data);
}

/* The title of the n-th search result as the results page shows it. */
static const char *
result_title (GtkWidget *results,
              int        index)
{
  GtkWidget *list = gui_find (results, GTK_TYPE_LIST_BOX, NULL, NULL);
  GtkListBoxRow *row = list != NULL ? gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), index) : NULL;

  GtkWidget *title;

  if (row == NULL || !gtk_widget_get_mapped (GTK_WIDGET (row)))
    return NULL;

  title = gui_find (GTK_WIDGET (row), GTK_TYPE_LABEL, has_css_class, "result-title");
  return title != NULL ? gtk_label_get_text (GTK_LABEL (title)) : NULL;
}

static gboolean
search_shows (Fixture    *fixture,
              const char *query)
{
  CrmSearchResults *results = CRM_SEARCH_RESULTS (gui_window_get_search_results (fixture->gui.window));

  return view_is (fixture, "search") &&
         gtk_widget_get_mapped (GTK_WIDGET (results)) &&
         g_strcmp0 (crm_search_results_get_query (results), query) == 0;
}

static GtkWidget *
card_of (Fixture *fixture)
{
  return gui_window_get_contact_card (fixture->gui.window);
}

/* The card shows this client: the page is up and her name is its title. */
static gboolean
card_shows (Fixture    *fixture,
            gint64      contact_id,
            const char *name)
{
  GtkWidget *card = card_of (fixture);

  return view_is (fixture, "card") &&
         crm_contact_card_get_contact_id (CRM_CONTACT_CARD (card)) == contact_id &&
         gui_find_label (card, name) != NULL;
}

static GtkSelectionModel *
contacts_model (CrmWindow *window)
{
  GtkWidget *view = gui_window_get_view_widget (window, CRM_TYPE_CONTACTS_VIEW);
  GtkWidget *column_view = gui_find (view, GTK_TYPE_COLUMN_VIEW, NULL, NULL);

  g_assert_nonnull (column_view);
  return gtk_column_view_get_model (GTK_COLUMN_VIEW (column_view));
}

static int
find_contact (GtkSelectionModel *model,
              gint64             contact_id)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_autoptr(CrmContact) contact = g_list_model_get_item (G_LIST_MODEL (model), i);

      if (crm_contact_get_id (contact) == contact_id)
        return (int)i;
    }

  return -1;
}

static char *
contact_name_in_list (GtkSelectionModel *model,
                      gint64             contact_id)
{
  int position = find_contact (model, contact_id);
  g_autoptr(CrmContact) contact = NULL;

  if (position < 0)
    return NULL;

  contact = g_list_model_get_item (G_LIST_MODEL (model), (guint)position);
  return g_strdup (crm_contact_get_name (contact));
}

static gboolean
in_trash (CrmStore      *store,
          CrmEntityKind  kind,
          gint64         id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) trash = crm_store_list_trash (store, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < trash->len; i++)
    {
      const CrmTrashItem *item = g_ptr_array_index (trash, i);

      if (item->kind == kind && item->id == id)
        return TRUE;
    }

  return FALSE;
}

static gint64
contact_deleted_at (CrmStore *store,
                    gint64    contact_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmContact) contact = crm_store_get_contact (store, contact_id, &error);

  g_assert_no_error (error);
  return crm_contact_get_deleted_at (contact);
}

static char *
stored_name (CrmStore *store,
             gint64    contact_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmContact) contact = crm_store_get_contact (store, contact_id, &error);

  g_assert_no_error (error);
  return g_strdup (crm_contact_get_name (contact));
}

static void
show_view_by_keys (Fixture    *fixture,
                   guint       keyval,
                   const char *name)
{
  g_assert_true (gui_press_keys (GTK_WIDGET (fixture->gui.window), keyval, GDK_CONTROL_MASK));
  GUI_WAIT_UNTIL (view_is (fixture, name));
}

/* 1. Search */

static void
search_body (Fixture *fixture)
{
  GtkWidget *window;
  GtkWidget *entry;
  GtkWidget *results;

  window = GTK_WIDGET (fixture->gui.window);
  entry = gui_window_get_search_entry (fixture->gui.window);
  results = gui_window_get_search_results (fixture->gui.window);

  g_assert_cmpstr (view_of (fixture), ==, "deals");

  /* Diacritics and case do not matter, and part of a word is enough. Her
   * deal is found by her name too, after her. */
  gtk_widget_grab_focus (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "berzin");
  GUI_WAIT_UNTIL (search_shows (fixture, "berzin"));
  GUI_WAIT_UNTIL (result_title (results, 0) != NULL);
  g_assert_cmpstr (result_title (results, 0), ==, ANNA);
  g_assert_cmpstr (result_title (results, 1), ==, ANNA_DEAL);
  g_assert_null (result_title (results, 2));
  g_assert_cmpuint (crm_search_results_get_n_results (CRM_SEARCH_RESULTS (results)), ==, 2);
  g_assert_nonnull (gui_find_label (results, "2 results"));

  /* Escape in the search bar goes back to the list it came from. */
  g_assert_true (gui_has_focus_within (entry));
  g_assert_true (gui_press_keys (window, GDK_KEY_Escape, 0));
  GUI_WAIT_UNTIL (view_is (fixture, "deals"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");

  /* A phone number in another format than it was typed in. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "8 912 345-67-89");
  GUI_WAIT_UNTIL (search_shows (fixture, "8 912 345-67-89"));
  GUI_WAIT_UNTIL (result_title (results, 0) != NULL);
  g_assert_cmpstr (result_title (results, 0), ==, ANNA);

  /* Nothing found says so. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "zzqx");
  GUI_WAIT_UNTIL (search_shows (fixture, "zzqx"));
  g_assert_cmpuint (crm_search_results_get_n_results (CRM_SEARCH_RESULTS (results)), ==, 0);
  g_assert_null (result_title (results, 0));
  GUI_WAIT_UNTIL (gui_find_label (results, "No Results") != NULL);

  /* Enter, right after typing, opens the best result. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "89123456789");
  g_assert_true (gui_has_focus_within (entry));
  g_assert_true (gui_press_keys (window, GDK_KEY_Return, 0));
  GUI_WAIT_UNTIL (card_shows (fixture, fixture->anna, ANNA));
  g_assert_true (gtk_widget_get_mapped (gui_find_button_for_action (window, "win.back")));

  /* Back returns to the list. */
  g_assert_true (gui_press_keys (window, GDK_KEY_Left, GDK_ALT_MASK));
  GUI_WAIT_UNTIL (view_is (fixture, "deals"));
  g_assert_false (gtk_widget_get_mapped (gui_find_button_for_action (window, "win.back")));
}

static void
test_search (void)
{
  run_filled (search_body);
}

/* 2. Client card */

static void
card_body (Fixture *fixture)
{
  GtkWidget *window;
  GtkWidget *card;
  GtkWidget *group;
  GtkWidget *deal_row;
  g_autofree char *formatted = crm_phone_format (ANNA_DIGITS);

  window = GTK_WIDGET (fixture->gui.window);
  card = card_of (fixture);

  g_assert_true (gtk_widget_activate_action (window, "win.open-contact", "x", fixture->anna));
  GUI_WAIT_UNTIL (card_shows (fixture, fixture->anna, ANNA));

  /* The number as people read it, not as it was typed. */
  g_assert_cmpstr (formatted, !=, ANNA_PHONE);
  group = gui_find_group (card, "Phones");
  g_assert_nonnull (group);
  g_assert_nonnull (gui_find_label (group, formatted));

  group = gui_find_group (card, "Deals");
  g_assert_nonnull (group);
  deal_row = gui_find_row (group, ADW_TYPE_EXPANDER_ROW, ANNA_DEAL);
  g_assert_nonnull (deal_row);
  g_assert_true (gtk_widget_get_mapped (deal_row));
  g_assert_false (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (deal_row)));

  group = gui_find_group (card, "Calls");
  g_assert_nonnull (group);
  g_assert_nonnull (gui_find_label (group, ANNA_CALL));

  /* Another client replaces her. */
  g_assert_true (gtk_widget_activate_action (window, "win.open-contact", "x", fixture->boris));
  GUI_WAIT_UNTIL (card_shows (fixture, fixture->boris, BORIS));
  g_assert_null (gui_find_label (card, ANNA));
  g_assert_null (gui_find_row (card, ADW_TYPE_EXPANDER_ROW, ANNA_DEAL));

  /* Opening a deal opens its client's card with the deal shown. */
  g_assert_true (gtk_widget_activate_action (window, "win.open-deal", "x", fixture->deal));
  GUI_WAIT_UNTIL (card_shows (fixture, fixture->anna, ANNA));
  deal_row = gui_find_row (card, ADW_TYPE_EXPANDER_ROW, ANNA_DEAL);
  g_assert_nonnull (deal_row);
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (deal_row)));
}

static void
test_card (void)
{
  run_filled (card_body);
}

/* 3. Edit and save */

static gboolean
history_has (CrmStore   *store,
             gint64      contact_id,
             const char *field,
             const char *old_value,
             const char *new_value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = crm_store_list_history (store, contact_id, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < history->len; i++)
    {
      const CrmHistoryEntry *entry = g_ptr_array_index (history, i);

      if (g_strcmp0 (entry->field, field) == 0 &&
          g_strcmp0 (entry->old_value, old_value) == 0 &&
          g_strcmp0 (entry->new_value, new_value) == 0)
        return TRUE;
    }

  return FALSE;
}

static GtkWidget *
wait_for_editor (void)
{
  GtkWidget *editor = NULL;

  GUI_WAIT_UNTIL ((editor = gui_find_toplevel (CRM_TYPE_CONTACT_EDITOR)) != NULL);
  GUI_WAIT_UNTIL (gtk_widget_get_mapped (editor));

  return editor;
}

static void
edit_body (Fixture *fixture)
{
  GtkWidget *window;
  GtkWidget *card;
  GtkWidget *edit_button;
  GtkWidget *editor;
  GtkWidget *name_row;
  GtkWidget *save_button;
  g_autofree char *name = NULL;

  window = GTK_WIDGET (fixture->gui.window);
  card = card_of (fixture);

  g_assert_true (gtk_widget_activate_action (window, "win.open-contact", "x", fixture->ivan));
  GUI_WAIT_UNTIL (card_shows (fixture, fixture->ivan, IVAN));

  /* The card's Edit button opens the form with the client in it. */
  edit_button = gui_find_button_for_action (card, "card.edit");
  g_assert_nonnull (edit_button);
  g_assert_true (gtk_widget_get_mapped (edit_button) && gtk_widget_is_sensitive (edit_button));
  gtk_widget_activate (edit_button);
  editor = wait_for_editor ();
  g_assert_cmpint (crm_contact_editor_get_contact_id (CRM_CONTACT_EDITOR (editor)), ==, fixture->ivan);
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *)&editor);

  name_row = gui_find_row (editor, ADW_TYPE_ENTRY_ROW, "Name");
  g_assert_nonnull (name_row);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), ==, IVAN);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (gui_find_row (editor, ADW_TYPE_ENTRY_ROW, "Phone"))),
                   ==, IVAN_PHONE);

  save_button = gui_find_button_for_action (editor, "editor.save");
  g_assert_nonnull (save_button);

  gtk_widget_grab_focus (name_row);
  gtk_editable_set_text (GTK_EDITABLE (name_row), "Ivan Petrovs");
  g_assert_true (gtk_widget_is_sensitive (save_button));
  gtk_widget_activate (save_button);
  GUI_WAIT_UNTIL (editor == NULL);

  /* Saved, with a line in the history. */
  name = stored_name (fixture->gui.store, fixture->ivan);
  g_assert_cmpstr (name, ==, "Ivan Petrovs");
  g_assert_true (history_has (fixture->gui.store, fixture->ivan, "name", IVAN, "Ivan Petrovs"));

  /* The card reads the client again by itself. */
  GUI_WAIT_UNTIL (gui_find_label (card, "Ivan Petrovs") != NULL);
  g_assert_null (gui_find_label (card, IVAN));
  g_assert_true (view_is (fixture, "card"));

  /* So does the list of clients. */
  show_view_by_keys (fixture, GDK_KEY_2, "contacts");
  g_clear_pointer (&name, g_free);
  name = contact_name_in_list (contacts_model (fixture->gui.window), fixture->ivan);
  g_assert_cmpstr (name, ==, "Ivan Petrovs");
}

static void
test_edit (void)
{
  run_filled (edit_body);
}

static void
edit_bad_phone_body (Fixture *fixture)
{
  GtkWidget *window;
  GtkWidget *card;
  GtkWidget *editor;
  GtkWidget *name_row;
  GtkWidget *phone_row;
  GtkWidget *save_button;
  g_autofree char *name = NULL;

  window = GTK_WIDGET (fixture->gui.window);
  card = card_of (fixture);

  g_assert_true (gtk_widget_activate_action (window, "win.open-contact", "x", fixture->ivan));
  GUI_WAIT_UNTIL (card_shows (fixture, fixture->ivan, IVAN));

  /* Ctrl+E on the card opens the form too. */
  gtk_widget_grab_focus (gui_find_button_for_action (card, "card.edit"));
  g_assert_true (gui_has_focus_within (card));
  g_assert_true (gui_press_keys (window, GDK_KEY_e, GDK_CONTROL_MASK));
  editor = wait_for_editor ();

  name_row = gui_find_row (editor, ADW_TYPE_ENTRY_ROW, "Name");
  phone_row = gui_find_row (editor, ADW_TYPE_ENTRY_ROW, "Phone");
  save_button = gui_find_button_for_action (editor, "editor.save");
  g_assert_nonnull (name_row);
  g_assert_nonnull (phone_row);
  g_assert_nonnull (save_button);
  g_assert_true (gtk_widget_is_sensitive (save_button));

  gtk_editable_set_text (GTK_EDITABLE (name_row), "Ivan Wrong");
  gtk_editable_set_text (GTK_EDITABLE (phone_row), "call me maybe");
  g_assert_false (gtk_widget_is_sensitive (save_button));

  /* Neither the button nor Ctrl+S saves it. */
  gtk_widget_grab_focus (name_row);
  gtk_widget_activate (save_button);
  g_assert_false (gui_press_keys (editor, GDK_KEY_s, GDK_CONTROL_MASK));
  gui_drain ();
  g_assert_true (gtk_widget_get_mapped (editor));
  name = stored_name (fixture->gui.store, fixture->ivan);
  g_assert_cmpstr (name, ==, IVAN);
  g_assert_false (history_has (fixture->gui.store, fixture->ivan, "name", IVAN, "Ivan Wrong"));

  /* Too short a number is a mistake too; a good one lets Save work. */
  gtk_editable_set_text (GTK_EDITABLE (phone_row), "12");
  g_assert_false (gtk_widget_is_sensitive (save_button));
  gtk_editable_set_text (GTK_EDITABLE (phone_row), "2900 1133");
  g_assert_true (gtk_widget_is_sensitive (save_button));

  /* Ctrl+S saves from the keyboard. */
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *)&editor);
  gtk_widget_grab_focus (name_row);
  g_assert_true (gui_press_keys (editor, GDK_KEY_s, GDK_CONTROL_MASK));
  GUI_WAIT_UNTIL (editor == NULL);
  g_clear_pointer (&name, g_free);
  name = stored_name (fixture->gui.store, fixture->ivan);
  g_assert_cmpstr (name, ==, "Ivan Wrong");
  GUI_WAIT_UNTIL (gui_find_label (card, "Ivan Wrong") != NULL);
  {
    g_autofree char *formatted = crm_phone_format ("37129001133");

    GUI_WAIT_UNTIL (gui_find_label (gui_find_group (card, "Phones"), formatted) != NULL);
  }
}

static void
test_edit_bad_phone (void)
{
  run_filled (edit_bad_phone_body);
}

/* 4. Delete and undo */

static void
select_contact_row (Fixture *fixture,
                    gint64   contact_id)
{
  GtkSelectionModel *model = contacts_model (fixture->gui.window);
  GtkWidget *view = gui_window_get_view_widget (fixture->gui.window, CRM_TYPE_CONTACTS_VIEW);
  int position = find_contact (model, contact_id);

  g_assert_cmpint (position, >=, 0);
  gtk_selection_model_select_item (model, (guint)position, TRUE);
  gtk_widget_grab_focus (gui_find (view, GTK_TYPE_COLUMN_VIEW, NULL, NULL));
  g_assert_true (gui_has_focus_within (view));
}

static void
delete_undo_body (Fixture *fixture)
{
  GtkWidget *window;
  GtkSelectionModel *model;
  GtkWidget *undo_button = NULL;

  window = GTK_WIDGET (fixture->gui.window);

  show_view_by_keys (fixture, GDK_KEY_2, "contacts");
  model = contacts_model (fixture->gui.window);
  GUI_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (model)) == 3);

  /* Delete on a selected row moves the client to the trash. */
  select_contact_row (fixture, fixture->boris);
  g_assert_true (gui_press_keys (window, GDK_KEY_Delete, 0));
  g_assert_true (in_trash (fixture->gui.store, CRM_ENTITY_CONTACT, fixture->boris));
  g_assert_cmpint (contact_deleted_at (fixture->gui.store, fixture->boris), !=, 0);
  GUI_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (model)) == 2);
  g_assert_cmpint (find_contact (model, fixture->boris), <, 0);

  /* The toast's Undo brings the client back. */
  GUI_WAIT_UNTIL ((undo_button = gui_find_button_labelled (window, "_Undo")) != NULL);
  g_assert_nonnull (gui_find_label (window, "“" BORIS "” moved to the trash"));
  gtk_widget_activate (undo_button);
  GUI_WAIT_UNTIL (find_contact (model, fixture->boris) >= 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);
  g_assert_cmpint (contact_deleted_at (fixture->gui.store, fixture->boris), ==, 0);
  g_assert_false (in_trash (fixture->gui.store, CRM_ENTITY_CONTACT, fixture->boris));
  g_assert_true (gtk_selection_model_is_selected (model, (guint)find_contact (model, fixture->boris)));

  /* Ctrl+Z does too, with the focus still in the list after Delete. */
  select_contact_row (fixture, fixture->ivan);
  g_assert_true (gui_press_keys (window, GDK_KEY_Delete, 0));
  GUI_WAIT_UNTIL (find_contact (model, fixture->ivan) < 0);
  g_assert_true (in_trash (fixture->gui.store, CRM_ENTITY_CONTACT, fixture->ivan));
  gui_drain ();
  g_assert_true (gui_has_focus_within (gui_window_get_view_widget (fixture->gui.window, CRM_TYPE_CONTACTS_VIEW)));
  g_assert_true (gui_press_keys (window, GDK_KEY_z, GDK_CONTROL_MASK));
  GUI_WAIT_UNTIL (find_contact (model, fixture->ivan) >= 0);
  g_assert_cmpint (contact_deleted_at (fixture->gui.store, fixture->ivan), ==, 0);
  g_assert_false (in_trash (fixture->gui.store, CRM_ENTITY_CONTACT, fixture->ivan));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);
}

static void
test_delete_undo (void)
{
  run_filled (delete_undo_body);
}

/* 5. Changes made elsewhere */

static void
run_cli (const char *database,
         const char *name)
{
  const char *cli = g_getenv ("CLIENTELE_CLI");
  const char *argv[] = { cli, "--database", database, "contact", "add", "--name", name, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_nonnull (cli);
  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_test_message ("clientele-cli said: %s", err);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
}

static gboolean
sidebar_count_is (Fixture    *fixture,
                  const char *section,
                  const char *count)
{
  GtkWidget *row = NULL;
  g_autoptr(GPtrArray) rows = gui_find_all (GTK_WIDGET (fixture->gui.window), GTK_TYPE_LIST_BOX_ROW, NULL, NULL);

  /* The rows of the left menu are named after their sections. */
  for (guint i = 0; i < rows->len && row == NULL; i++)
    {
      if (g_strcmp0 (gtk_widget_get_name (g_ptr_array_index (rows, i)), section) == 0)
        row = g_ptr_array_index (rows, i);
    }

  return row != NULL && gui_find_label (row, count) != NULL;
}

static void
external_changes_body (Fixture *fixture)
{
  GtkSelectionModel *model;
  GtkWidget *entry;
  GtkWidget *results;
  GListModel *deals;
  g_autoptr(CrmStore) other = NULL;
  g_autoptr(CrmDeal) deal = crm_deal_new ();
  g_autoptr(GError) error = NULL;

  show_view_by_keys (fixture, GDK_KEY_2, "contacts");
  model = contacts_model (fixture->gui.window);
  GUI_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (model)) == 3);
  GUI_WAIT_UNTIL (sidebar_count_is (fixture, "contacts", "3"));

  /* clientele-cli adds a client while the window is open. */
  run_cli (fixture->gui.path, "From CLI");
  GUI_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (model)) == 4);
  GUI_WAIT_UNTIL (sidebar_count_is (fixture, "contacts", "4"));

  entry = gui_window_get_search_entry (fixture->gui.window);
  results = gui_window_get_search_results (fixture->gui.window);
  gtk_editable_set_text (GTK_EDITABLE (entry), "From CLI");
  GUI_WAIT_UNTIL (search_shows (fixture, "From CLI"));
  GUI_WAIT_UNTIL (g_strcmp0 (result_title (results, 0), "From CLI") == 0);

  /* Results on screen follow too. */
  run_cli (fixture->gui.path, "From CLI Again");
  GUI_WAIT_UNTIL (crm_search_results_get_n_results (CRM_SEARCH_RESULTS (results)) == 2);
  GUI_WAIT_UNTIL (result_title (results, 1) != NULL);

  /* Another connection to the file, as another window has, adds a deal. */
  show_view_by_keys (fixture, GDK_KEY_1, "deals");
  deals = crm_deals_view_get_model (CRM_DEALS_VIEW (gui_window_get_view_widget (fixture->gui.window,
                                                                                CRM_TYPE_DEALS_VIEW)));
  GUI_WAIT_UNTIL (g_list_model_get_n_items (deals) == 1);

  other = crm_store_open (fixture->gui.path, &error);
  g_assert_no_error (error);
  crm_deal_set_title (deal, "Deal from elsewhere");
  crm_deal_set_contact_id (deal, fixture->boris);
  crm_store_add_deal (other, deal, &error);
  g_assert_no_error (error);
  GUI_WAIT_UNTIL (g_list_model_get_n_items (deals) == 2);
}

static void
test_external_changes (void)
{
  run_filled (external_changes_body);
}

/* 6. An empty database */

static GtkWidget *
welcome_page (CrmWindow *window)
{
  g_autoptr(GPtrArray) pages = gui_find_all (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE, NULL, NULL);

  for (guint i = 0; i < pages->len; i++)
    {
      if (g_strcmp0 (adw_status_page_get_title (g_ptr_array_index (pages, i)), "Welcome to Clientele") == 0)
        return g_ptr_array_index (pages, i);
    }

  return NULL;
}

static void
welcome_store_body (Fixture *fixture)
{
  gint64 id;

  g_assert_cmpstr (crm_window_get_view (fixture->gui.window), ==, "welcome");
  g_assert_nonnull (welcome_page (fixture->gui.window));
  g_assert_true (gtk_widget_get_mapped (welcome_page (fixture->gui.window)));

  /* The first client, from wherever, replaces the welcome. */
  id = gui_add_person (fixture->gui.store, "First Client", NULL);
  GUI_WAIT_UNTIL (g_strcmp0 (crm_window_get_view (fixture->gui.window), "deals") == 0);
  GUI_WAIT_UNTIL (!gtk_widget_get_mapped (welcome_page (fixture->gui.window)));

  gtk_widget_activate_action (GTK_WIDGET (fixture->gui.window), "win.show-view", "s", "contacts");
  GUI_WAIT_UNTIL (g_strcmp0 (crm_window_get_view (fixture->gui.window), "contacts") == 0);
  g_assert_cmpint (find_contact (contacts_model (fixture->gui.window), id), ==, 0);
}

static void
test_welcome_store (void)
{
  run_empty (welcome_store_body);
}

static void
welcome_add_body (Fixture *fixture)
{
  GtkWidget *add_button;
  GtkWidget *editor;
  GtkWidget *name_row;
  GtkWidget *card;

  g_assert_cmpstr (crm_window_get_view (fixture->gui.window), ==, "welcome");

  /* Add a Client opens an empty form; Save adds the client and shows the
   * card. */
  add_button = gui_find_button_labelled (welcome_page (fixture->gui.window), "_Add a Client");
  g_assert_nonnull (add_button);
  gtk_widget_activate (add_button);
  editor = wait_for_editor ();
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *)&editor);
  g_assert_cmpint (crm_contact_editor_get_contact_id (CRM_CONTACT_EDITOR (editor)), ==, 0);

  name_row = gui_find_row (editor, ADW_TYPE_ENTRY_ROW, "Name");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name_row)), ==, "");
  gtk_editable_set_text (GTK_EDITABLE (name_row), "First Client");
  gtk_editable_set_text (GTK_EDITABLE (gui_find_row (editor, ADW_TYPE_ENTRY_ROW, "Phone")), "2000 0001");
  gtk_widget_activate (gui_find_button_for_action (editor, "editor.save"));
  GUI_WAIT_UNTIL (editor == NULL);

  g_assert_cmpint (crm_store_count_contacts (fixture->gui.store, NULL), ==, 1);
  card = gui_window_get_contact_card (fixture->gui.window);
  GUI_WAIT_UNTIL (g_strcmp0 (crm_window_get_view (fixture->gui.window), "card") == 0);
  GUI_WAIT_UNTIL (gui_find_label (card, "First Client") != NULL);

  /* Back leads to the list, not to the welcome. */
  gtk_widget_activate (gui_find_button_for_action (GTK_WIDGET (fixture->gui.window), "win.back"));
  GUI_WAIT_UNTIL (g_strcmp0 (crm_window_get_view (fixture->gui.window), "deals") == 0);
}

static void
test_welcome_add (void)
{
  run_empty (welcome_add_body);
}

/* 7. Keyboard and accessibility */

static void
focus_search_body (Fixture *fixture)
{
  GtkWidget *window;
  GtkWidget *entry;
  GtkWidget *view;

  window = GTK_WIDGET (fixture->gui.window);
  entry = gui_window_get_search_entry (fixture->gui.window);

  /* From the deal list, where the focus usually is. */
  view = gui_window_get_view_widget (fixture->gui.window, CRM_TYPE_DEALS_VIEW);
  gtk_widget_grab_focus (gui_find (view, GTK_TYPE_COLUMN_VIEW, NULL, NULL));
  g_assert_true (gui_has_focus_within (view));
  g_assert_false (gui_has_focus_within (entry));

  g_assert_true (gui_press_keys (window, GDK_KEY_f, GDK_CONTROL_MASK));
  g_assert_true (gui_has_focus_within (entry));

  /* And from a client card. */
  g_assert_true (gtk_widget_activate_action (window, "win.open-contact", "x", fixture->anna));
  GUI_WAIT_UNTIL (card_shows (fixture, fixture->anna, ANNA));
  gtk_widget_grab_focus (gui_find_button_for_action (card_of (fixture), "card.edit"));
  g_assert_false (gui_has_focus_within (entry));
  g_assert_true (gui_press_keys (window, GDK_KEY_f, GDK_CONTROL_MASK));
  g_assert_true (gui_has_focus_within (entry));

  /* Letters typed anywhere go to the entry (its key capture puts them
   * there while the focus stays put); the focus follows them, after the
   * last letter, so that Enter opens the first result. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  crm_window_show_view (fixture->gui.window, "deals");
  gtk_widget_grab_focus (gui_find (view, GTK_TYPE_COLUMN_VIEW, NULL, NULL));
  g_assert_false (gui_has_focus_within (entry));
  {
    int position = 0;

    gtk_editable_insert_text (GTK_EDITABLE (entry), "anna", -1, &position);
  }
  g_assert_true (gui_has_focus_within (entry));
  g_assert_cmpint (gtk_editable_get_position (GTK_EDITABLE (entry)), ==, 4);
  {
    int start = -1;
    int end = -1;

    g_assert_false (gtk_editable_get_selection_bounds (GTK_EDITABLE (entry), &start, &end));
  }
  g_signal_emit_by_name (entry, "activate");
  GUI_WAIT_UNTIL (card_shows (fixture, fixture->anna, ANNA));
}

static void
test_focus_search (void)
{
  run_filled (focus_search_body);
}

/* Compound widgets label the button they are built of. */
static gboolean
is_part_of_compound (GtkWidget *button)
{
  GtkWidget *parent = gtk_widget_get_parent (button);

  return GTK_IS_MENU_BUTTON (parent) || GTK_IS_DROP_DOWN (parent) || GTK_IS_SPIN_BUTTON (parent) ||
         GTK_IS_SCALE_BUTTON (parent) || ADW_IS_SPLIT_BUTTON (parent);
}

static gboolean
outside_popovers (GtkWidget     *label,
                  gconstpointer  data)
{
  GtkWidget *popover = gtk_widget_get_ancestor (label, GTK_TYPE_POPOVER);

  /* A menu button's menu is not its name. */
  return popover == NULL || !gtk_widget_is_ancestor (popover, (GtkWidget *)data);
}

static gboolean
has_visible_text (GtkWidget *widget)
{
  g_autoptr(GPtrArray) labels = gui_find_all (widget, GTK_TYPE_LABEL, outside_popovers, widget);

  if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL &&
      *gtk_button_get_label (GTK_BUTTON (widget)) != '\0')
    return TRUE;
  if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_label (GTK_MENU_BUTTON (widget)) != NULL &&
      *gtk_menu_button_get_label (GTK_MENU_BUTTON (widget)) != '\0')
    return TRUE;

  for (guint i = 0; i < labels->len; i++)
    {
      const char *text = gtk_label_get_text (g_ptr_array_index (labels, i));

      if (text != NULL && *text != '\0')
        return TRUE;
    }

  return FALSE;
}

static gboolean
has_accessible_name (GtkWidget *widget)
{
  return gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL) ||
         gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

/* Where a widget is, for a message: its type, its action and those of
 * its parents up to the page of the window it is on. */
static char *
describe (GtkWidget *widget)
{
  GString *path = g_string_new (NULL);

  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    {
      const char *action = GTK_IS_ACTIONABLE (w) ? gtk_actionable_get_action_name (GTK_ACTIONABLE (w)) : NULL;
      g_autofree char *part = action != NULL ? g_strdup_printf ("%s[%s]", G_OBJECT_TYPE_NAME (w), action)
                                             : g_strdup (G_OBJECT_TYPE_NAME (w));

      if (path->len > 0)
        g_string_prepend (path, " > ");
      g_string_prepend (path, part);
      if (CRM_IS_WINDOW (w) || GTK_IS_STACK (gtk_widget_get_parent (w)))
        break;
    }

  return g_string_free (path, FALSE);
}

/* Every button shown on any page of the window says what it does, in
 * words or to a screen reader: a tooltip alone does not reach a screen
 * reader in GTK 4.8. */
static void
check_buttons (GtkWidget  *window,
               GHashTable *seen,
               GString    *nameless)
{
  g_autoptr(GPtrArray) widgets = gui_find_all (window, GTK_TYPE_WIDGET, NULL, NULL);

  for (guint i = 0; i < widgets->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (widgets, i);
      g_autofree char *where = NULL;

      if (!GTK_IS_BUTTON (button) && !GTK_IS_MENU_BUTTON (button))
        continue;
      /* A hidden button is named when it is shown, such as the card's
       * link to a company, hidden for a client without one. */
      if (is_part_of_compound (button) || !gtk_widget_get_visible (button))
        continue;
      if (!g_hash_table_add (seen, button))
        continue;

      if (has_visible_text (button) || has_accessible_name (button))
        continue;

      where = describe (button);
      if (gtk_widget_get_tooltip_text (button) != NULL)
        g_string_append_printf (nameless, "\n  %s (only the tooltip “%s”)",
                                where, gtk_widget_get_tooltip_text (button));
      else
        g_string_append_printf (nameless, "\n  %s", where);
    }
}

static void
buttons_named_body (Fixture *fixture)
{
  GtkWidget *window = GTK_WIDGET (fixture->gui.window);
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  g_autoptr(GString) nameless = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmContact) ivan = NULL;

  /* Buttons are made as they are needed: on a card with every section
   * filled, on a person's card with a link to her company, with results,
   * and with a toast. */
  g_assert_true (gtk_widget_activate_action (window, "win.open-deal", "x", fixture->deal));
  GUI_WAIT_UNTIL (card_shows (fixture, fixture->anna, ANNA));
  check_buttons (window, seen, nameless);

  ivan = crm_store_get_contact (fixture->gui.store, fixture->ivan, &error);
  g_assert_no_error (error);
  crm_contact_set_company_name (ivan, "Salons Rīga");
  crm_store_update_contact (fixture->gui.store, ivan, &error);
  g_assert_no_error (error);
  g_assert_true (gtk_widget_activate_action (window, "win.open-contact", "x", fixture->ivan));
  GUI_WAIT_UNTIL (card_shows (fixture, fixture->ivan, IVAN));
  GUI_WAIT_UNTIL (gui_find_label (card_of (fixture), "Salons Rīga") != NULL);
  check_buttons (window, seen, nameless);

  gtk_editable_set_text (GTK_EDITABLE (gui_window_get_search_entry (fixture->gui.window)), "an");
  GUI_WAIT_UNTIL (search_shows (fixture, "an"));
  check_buttons (window, seen, nameless);

  show_view_by_keys (fixture, GDK_KEY_2, "contacts");
  select_contact_row (fixture, fixture->boris);
  g_assert_true (gui_press_keys (window, GDK_KEY_Delete, 0));
  GUI_WAIT_UNTIL (gui_find_button_labelled (window, "_Undo") != NULL);
  check_buttons (window, seen, nameless);

  g_test_message ("%u buttons checked", g_hash_table_size (seen));
  g_assert_cmpuint (g_hash_table_size (seen), >, 20);
  if (nameless->len > 0)
    g_test_fail_printf ("Buttons without a label or an accessible label:%s", nameless->str);
}

static void
test_buttons_named (void)
{
  run_filled (buttons_named_body);
}

/* 9. The left menu can be put away on a wide window, and comes back. */

static gboolean
is_sections_list (GtkWidget     *widget,
                  gconstpointer  data)
{
  return gtk_widget_has_css_class (widget, "navigation-sidebar");
}

static void
sidebar_body (Fixture *fixture)
{
  GtkWidget *window = GTK_WIDGET (fixture->gui.window);
  GtkWidget *sections = gui_find (window, GTK_TYPE_LIST_BOX, is_sections_list, NULL);
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

  g_assert_nonnull (sections);
  GUI_WAIT_UNTIL (gtk_widget_get_mapped (sections));

  g_assert_true (gui_press_keys (window, GDK_KEY_F9, 0));
  GUI_WAIT_UNTIL (!gtk_widget_is_visible (sections));
  g_assert_true (g_settings_get_boolean (settings, "sidebar-collapsed"));
  /* The views stay where they were. */
  g_assert_cmpstr (crm_window_get_view (fixture->gui.window), ==, "deals");

  g_assert_true (gui_press_keys (window, GDK_KEY_F9, 0));
  GUI_WAIT_UNTIL (gtk_widget_is_visible (sections));
  g_assert_false (g_settings_get_boolean (settings, "sidebar-collapsed"));
}

static void
test_sidebar (void)
{
  run_filled (sidebar_body);
}

static char *
custom_value (CrmStore *store,
              gint64    field_id,
              gint64    contact_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) values = crm_store_get_custom_values (store, contact_id, &error);

  g_assert_no_error (error);
  return g_strdup (g_hash_table_lookup (values, &field_id));
}

static gboolean
entry_text_is (GtkWidget     *widget,
               gconstpointer  data)
{
  return gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (widget)), data) == 0;
}

/* Custom details: shown on the card in the fields' order, edited in the
 * client form, and defined in Preferences. */
static void
custom_details_body (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  CrmStore *store = fixture->gui.store;
  GtkWidget *window = GTK_WIDGET (fixture->gui.window);
  GtkWidget *card = card_of (fixture);
  GtkWidget *editor;
  GtkWidget *row;
  GtkWidget *prefs;
  gint64 hair, stylist;

  hair = crm_store_add_custom_field (store, CRM_ENTITY_CONTACT, "Hair colour", &error);
  g_assert_no_error (error);
  stylist = crm_store_add_custom_field (store, CRM_ENTITY_CONTACT, "Preferred stylist", &error);
  g_assert_no_error (error);
  g_assert_true (crm_store_set_custom_value (store, hair, fixture->anna, "Auburn", &error));
  g_assert_no_error (error);

  g_assert_true (gtk_widget_activate_action (window, "win.open-contact", "x", fixture->anna));
  GUI_WAIT_UNTIL (card_shows (fixture, fixture->anna, ANNA));
  GUI_WAIT_UNTIL (gui_find_label (card, "Auburn") != NULL);
  /* A field without a value has no row. */
  g_assert_null (gui_find_label (card, "Preferred stylist"));

  /* The form has a row per field, filled in; saving writes the values. */
  gtk_widget_activate (gui_find_button_for_action (card, "card.edit"));
  editor = wait_for_editor ();
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *)&editor);
  row = gui_find_row (editor, ADW_TYPE_ENTRY_ROW, "Hair colour");
  g_assert_nonnull (row);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "Auburn");
  gtk_editable_set_text (GTK_EDITABLE (row), "");
  row = gui_find_row (editor, ADW_TYPE_ENTRY_ROW, "Preferred stylist");
  g_assert_nonnull (row);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "");
  gtk_editable_set_text (GTK_EDITABLE (row), "Līga");
  gtk_widget_activate (gui_find_button_for_action (editor, "editor.save"));
  GUI_WAIT_UNTIL (editor == NULL);

  value = custom_value (store, hair, fixture->anna);
  g_assert_null (value);
  value = custom_value (store, stylist, fixture->anna);
  g_assert_cmpstr (value, ==, "Līga");
  g_assert_true (history_has (store, fixture->anna, "detail:Hair colour", "Auburn", NULL));
  GUI_WAIT_UNTIL (gui_find_label (card, "Līga") != NULL);
  g_assert_null (gui_find_label (card, "Auburn"));

  /* Preferences: a duplicate is refused with the reason below the list;
   * a new field appears in the list. */
  g_assert_true (gtk_widget_activate_action (window, "win.preferences", NULL));
  GUI_WAIT_UNTIL ((prefs = gui_find_toplevel (CRM_TYPE_PREFERENCES_WINDOW)) != NULL &&
                  gtk_widget_get_mapped (prefs));
  g_assert_nonnull (gui_find_group (prefs, "Client details"));
  g_assert_false (crm_preferences_window_add_field (CRM_PREFERENCES_WINDOW (prefs), "HAIR COLOUR"));
  g_assert_nonnull (gui_find_label (prefs, "A client detail named “Hair colour” exists already"));
  g_assert_true (crm_preferences_window_add_field (CRM_PREFERENCES_WINDOW (prefs), "Allergies"));
  GUI_WAIT_UNTIL (gui_find (prefs, ADW_TYPE_ENTRY_ROW, entry_text_is, "Allergies") != NULL);
  {
    g_autoptr(GPtrArray) fields = crm_store_list_custom_fields (store, CRM_ENTITY_CONTACT, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (fields->len, ==, 3);
    g_assert_cmpstr (((CrmCustomField *)g_ptr_array_index (fields, 2))->name, ==, "Allergies");
  }
  gtk_window_destroy (GTK_WINDOW (prefs));
}

static void
test_custom_details (void)
{
  run_filled (custom_details_body);
}

int
main (int   argc,
      char *argv[])
{
  gui_test_init (&argc, &argv);

  gui_test_add ("/window/search", test_search);
  gui_test_add ("/window/card", test_card);
  gui_test_add ("/window/edit", test_edit);
  gui_test_add ("/window/edit-bad-phone", test_edit_bad_phone);
  gui_test_add ("/window/delete-undo", test_delete_undo);
  gui_test_add ("/window/external-changes", test_external_changes);
  gui_test_add ("/window/welcome/store", test_welcome_store);
  gui_test_add ("/window/welcome/add", test_welcome_add);
  gui_test_add ("/window/focus-search", test_focus_search);
  gui_test_add ("/window/buttons-named", test_buttons_named);
  gui_test_add ("/window/sidebar", test_sidebar);
  gui_test_add ("/window/custom-details", test_custom_details);

  return g_test_run ();
}
