/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crm-application.h"
#include "crm-store.h"
#include "crm-window.h"

G_BEGIN_DECLS

/* How long a test waits for the window to show something before it fails.
 * Generous, for a loaded machine; a passing test waits far less. */
#define GUI_TIMEOUT_MS 10000

/* Runs the main loop until @expr holds, failing the test with the text of
 * @expr when it does not within GUI_TIMEOUT_MS. */
#define GUI_WAIT_UNTIL(expr)                                                  \
  G_STMT_START {                                                              \
    gint64 gui_deadline_ = g_get_monotonic_time () + GUI_TIMEOUT_MS * 1000;   \
    while (!(expr))                                                           \
      {                                                                       \
        if (g_get_monotonic_time () > gui_deadline_)                          \
          {                                                                   \
            g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC, \
                                 "timed out waiting for: " #expr);            \
            break;                                                            \
          }                                                                   \
        gui_iterate ();                                                       \
      }                                                                       \
  } G_STMT_END

/* A database with the real application on it. */
typedef struct
{
  char           *dir;            /* the temporary folder, if ours */
  char           *path;
  CrmStore       *store;
  CrmApplication *app;
  CrmWindow      *window;
} GuiFixture;

void        gui_test_init              (int          *argc,
                                        char       ***argv);
void        gui_test_add               (const char   *path,
                                        GTestFunc     func);

void        gui_iterate                (void);
void        gui_drain                  (void);

typedef void (*GuiBody) (gpointer user_data);

void        gui_fixture_set_up         (GuiFixture   *fixture);
void        gui_fixture_set_up_for     (GuiFixture   *fixture,
                                        const char   *path);
void        gui_fixture_run            (GuiFixture   *fixture,
                                        GuiBody       body,
                                        gpointer      user_data);
void        gui_fixture_open_window    (GuiFixture   *fixture);
void        gui_fixture_close_window   (GuiFixture   *fixture);
void        gui_fixture_tear_down      (GuiFixture   *fixture);

void        gui_remove_tree            (const char   *path);

gint64      gui_add_person             (CrmStore     *store,
                                        const char   *name,
                                        const char   *phone);

/* Finding widgets the way a user sees them. */
typedef gboolean (*GuiMatchFunc) (GtkWidget     *widget,
                                  gconstpointer  data);

GtkWidget  *gui_find                      (GtkWidget       *root,
                                           GType            type,
                                           GuiMatchFunc     match,
                                           gconstpointer    data);
GPtrArray  *gui_find_all                  (GtkWidget       *root,
                                           GType            type,
                                           GuiMatchFunc     match,
                                           gconstpointer    data);
GtkWidget  *gui_find_label                (GtkWidget       *root,
                                           const char      *text);
GtkWidget  *gui_find_button_for_action    (GtkWidget       *root,
                                           const char      *action_name);
GtkWidget  *gui_find_button_labelled      (GtkWidget       *root,
                                           const char      *label);
GtkWidget  *gui_find_row                  (GtkWidget       *root,
                                           GType            type,
                                           const char      *title);
GtkWidget  *gui_find_group                (GtkWidget       *root,
                                           const char      *title);
GtkWidget  *gui_find_toplevel             (GType            type);
GtkWidget  *gui_get_focus                 (GtkWidget       *widget);
gboolean    gui_has_focus_within          (GtkWidget       *widget);

gboolean    gui_press_keys                (GtkWidget       *widget,
                                           guint            keyval,
                                           GdkModifierType  modifiers);

/* Parts of the main window. */
GtkWidget  *gui_window_get_search_entry   (CrmWindow       *window);
GtkWidget  *gui_window_get_view_widget    (CrmWindow       *window,
                                           GType            type);
GtkWidget  *gui_window_get_contact_card   (CrmWindow       *window);
GtkWidget  *gui_window_get_search_results (CrmWindow       *window);

G_END_DECLS
