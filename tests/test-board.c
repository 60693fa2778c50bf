/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "crm-deal-board.h"
#include "crm-deal-card.h"
#include "crm-funnel-strip.h"
#include "crm-stage-editor.h"
#include "crm-stage.h"
#include "crm-store-contacts.h"
#include "crm-store-deals.h"

/* The funnel board in a real window under Xvfb: a card dropped on another
 * column (through the column's drop target, with a position), moved from
 * the keyboard, the move undone, a stage deleted with its deals moved on,
 * a move made by clientele-cli on the same file, and the conversion of the
 * funnel strip, counted in a thread while the board is shown only. */

#define WAIT_MS 10000

typedef struct
{
  char         *dir;
  char         *path;
  CrmStore     *store;
  GtkWidget    *window;
  CrmDealBoard *board;
  gint64        stages[6];   /* New lead, Contacted, Proposal, Negotiation, Won, Lost */
  gint64        deals[7];    /* 0-4 in the first stage, 5-6 in the second */
} Fixture;

static void
iterate (void)
{
  g_main_context_iteration (NULL, FALSE);
  g_usleep (2000);
}

#define WAIT_UNTIL(expr) \
  G_STMT_START { \
    gint64 deadline_ = g_get_monotonic_time () + WAIT_MS * 1000; \
    while (!(expr)) \
      { \
        if (g_get_monotonic_time () > deadline_) \
          g_error ("Line %d: timed out waiting for %s", __LINE__, #expr); \
        iterate (); \
      } \
  } G_STMT_END

static void
drain (void)
{
  gint64 until = g_get_monotonic_time () + 50 * 1000;

  while (g_get_monotonic_time () < until)
    iterate ();
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}

static gint64
add_deal (Fixture    *f,
          const char *title,
          gint64      contact,
          gint64      stage)
{
  g_autoptr(CrmDeal) deal = crm_deal_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  crm_deal_set_title (deal, title);
  crm_deal_set_contact_id (deal, contact);
  crm_deal_set_amount (deal, 10000);
  crm_deal_set_stage_id (deal, stage);
  id = crm_store_add_deal (f->store, deal, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  return id;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static const char *titles[] = { "Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(CrmContact) contact = crm_contact_new ();
  gint64 contact_id;

  f->dir = g_dir_make_tmp ("clientele-board-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "board.db", NULL);
  f->store = crm_store_open (f->path, &error);
  g_assert_no_error (error);

  stages = crm_store_list_stages (f->store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stages->len, ==, G_N_ELEMENTS (f->stages));
  for (guint i = 0; i < stages->len; i++)
    f->stages[i] = crm_stage_get_id (g_ptr_array_index (stages, i));

  crm_contact_set_name (contact, "Ilze Bērziņa");
  contact_id = crm_store_add_contact (f->store, contact, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (f->deals); i++)
    f->deals[i] = add_deal (f, titles[i], contact_id, f->stages[i < 5 ? 0 : 1]);

  f->board = crm_deal_board_new (f->store);
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1400, 800);
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->board));
  gtk_window_present (GTK_WINDOW (f->window));

  /* Rows are bound before they are laid out; drops need the layout. */
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (f->board)) &&
              crm_deal_board_count_bound_cards (f->board) == G_N_ELEMENTS (f->deals) &&
              gtk_widget_get_height (crm_deal_board_get_column (f->board, f->stages[1])) > 100);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  drain ();
  g_clear_object (&f->store);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static gint64
stage_of (Fixture *f,
          gint64   deal_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmDeal) deal = crm_store_get_deal (f->store, deal_id, &error);

  g_assert_no_error (error);
  return crm_deal_get_stage_id (deal);
}

static gint64
column_item (Fixture *f,
             gint64   stage_id,
             guint    position)
{
  GListModel *model = crm_deal_board_get_column_model (f->board, stage_id);
  g_autoptr(CrmDeal) deal = g_list_model_get_item (model, position);

  return deal != NULL ? crm_deal_get_id (deal) : 0;
}

static guint
column_n (Fixture *f,
          gint64   stage_id)
{
  return g_list_model_get_n_items (crm_deal_board_get_column_model (f->board, stage_id));
}

static gboolean
summary_has (Fixture    *f,
             gint64      stage_id,
             const char *text)
{
  g_autofree char *summary = crm_deal_board_dup_column_summary (f->board, stage_id);

  return summary != NULL && strstr (summary, text) != NULL;
}

static CrmDealCard *
find_card (GtkWidget *widget,
           gint64     deal_id)
{
  if (CRM_IS_DEAL_CARD (widget) && crm_deal_card_get_deal_id (CRM_DEAL_CARD (widget)) == deal_id)
    return CRM_DEAL_CARD (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      CrmDealCard *card = find_card (child, deal_id);

      if (card != NULL)
        return card;
    }

  return NULL;
}

/* Drops @deal_id at (x, y) of the column of @stage_id, as GTK does at the
 * end of a drag: through the column's drop target, with the deal id as
 * the value. */
static gboolean
drop_on (Fixture *f,
         gint64   stage_id,
         gint64   deal_id,
         double   x,
         double   y)
{
  GtkDropTarget *target = crm_deal_board_get_drop_target (f->board, stage_id);
  GValue value = G_VALUE_INIT;
  gboolean handled = FALSE;

  g_assert_nonnull (target);
  g_value_init (&value, G_TYPE_INT64);
  g_value_set_int64 (&value, deal_id);
  g_signal_emit_by_name (target, "drop", &value, x, y, &handled);
  g_value_unset (&value);

  return handled;
}

static void
assert_last_move (Fixture *f,
                  gint64   deal_id,
                  gint64   from_stage,
                  gint64   to_stage,
                  guint    n_moves)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) moves = crm_store_list_stage_moves (f->store, deal_id, &error);
  const CrmStageMove *last;

  g_assert_no_error (error);
  g_assert_cmpuint (moves->len, ==, n_moves);
  last = g_ptr_array_index (moves, moves->len - 1);
  g_assert_cmpint (last->from_stage_id, ==, from_stage);
  g_assert_cmpint (last->to_stage_id, ==, to_stage);
  g_assert_cmpint (last->left_at, ==, 0);
}

static void
test_drop (Fixture       *f,
           gconstpointer  data)
{
  gint64 alpha = f->deals[0], bravo = f->deals[1];
  gint64 contacted = f->stages[1];
  GtkWidget *column = crm_deal_board_get_column (f->board, contacted);
  CrmDealCard *card;
  graphene_rect_t bounds;

  g_assert_true (summary_has (f, contacted, "2"));

  /* On the column's header: the top of the column. */
  g_assert_true (drop_on (f, contacted, alpha, 20, 5));
  g_assert_cmpint (stage_of (f, alpha), ==, contacted);
  g_assert_cmpint (column_item (f, contacted, 0), ==, alpha);
  g_assert_cmpuint (column_n (f, contacted), ==, 3);
  g_assert_cmpuint (column_n (f, f->stages[0]), ==, 4);
  assert_last_move (f, alpha, f->stages[0], contacted, 2);
  g_assert_true (crm_deal_board_can_undo (f->board));

  /* The headers count again once the drop is handled. */
  WAIT_UNTIL (summary_has (f, contacted, "3") && summary_has (f, f->stages[0], "4"));

  /* Below the middle of Alpha's card: right after it, once the column
   * is laid out again with Alpha on top. */
  WAIT_UNTIL ((card = find_card (column, alpha)) != NULL && gtk_widget_get_mapped (GTK_WIDGET (card)));
  drain ();
  WAIT_UNTIL (gtk_widget_compute_bounds (gtk_widget_get_parent (GTK_WIDGET (card)), column, &bounds) &&
              bounds.size.height > 0);
  g_assert_true (drop_on (f, contacted, bravo, bounds.origin.x + 20,
                          bounds.origin.y + bounds.size.height - 3));
  g_assert_cmpint (column_item (f, contacted, 0), ==, alpha);
  g_assert_cmpint (column_item (f, contacted, 1), ==, bravo);
  assert_last_move (f, bravo, f->stages[0], contacted, 2);

  /* Below every card: the end. */
  g_assert_true (drop_on (f, contacted, alpha, 20, gtk_widget_get_height (column) - 5));
  g_assert_cmpint (column_item (f, contacted, column_n (f, contacted) - 1), ==, alpha);
  /* A move inside the column is no change of stage. */
  assert_last_move (f, alpha, f->stages[0], contacted, 2);

  /* Something that is not a deal is refused. */
  {
    GtkDropTarget *target = crm_deal_board_get_drop_target (f->board, contacted);
    GValue value = G_VALUE_INIT;
    gboolean handled = TRUE;

    g_value_init (&value, G_TYPE_STRING);
    g_value_set_string (&value, "not a deal");
    g_signal_emit_by_name (target, "drop", &value, 20.0, 5.0, &handled);
    g_value_unset (&value);
    g_assert_false (handled);
  }
}

static gboolean
card_has_focus (Fixture *f,
                gint64   deal_id)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));

  for (; focus != NULL; focus = gtk_widget_get_parent (focus))
    {
      GtkWidget *child = gtk_widget_get_first_child (focus);

      if (CRM_IS_DEAL_CARD (focus))
        return crm_deal_card_get_deal_id (CRM_DEAL_CARD (focus)) == deal_id;
      if (child != NULL && CRM_IS_DEAL_CARD (child))
        return crm_deal_card_get_deal_id (CRM_DEAL_CARD (child)) == deal_id;
    }

  return FALSE;
}

static void
test_keyboard (Fixture       *f,
               gconstpointer  data)
{
  gint64 charlie = f->deals[2];
  gint64 contacted = f->stages[1];

  /* Focus Charlie's card, then Ctrl+Right: the next stage, at its end. */
  crm_deal_board_focus_deal (f->board, charlie);
  WAIT_UNTIL (card_has_focus (f, charlie));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->board), "board.move-next", NULL));
  g_assert_cmpint (stage_of (f, charlie), ==, contacted);
  g_assert_cmpint (column_item (f, contacted, 2), ==, charlie);
  assert_last_move (f, charlie, f->stages[0], contacted, 2);

  /* The focus follows the card to its new column; Ctrl+Up from there. */
  WAIT_UNTIL (card_has_focus (f, charlie));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->board), "board.move-up", NULL));
  g_assert_cmpint (column_item (f, contacted, 1), ==, charlie);
  g_assert_cmpint (column_item (f, contacted, 2), ==, f->deals[6]);

  /* The same from the "Move to Stage" menu's action: to Proposal. */
  WAIT_UNTIL (card_has_focus (f, charlie));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->board), "board.move-to-stage",
                                             "x", f->stages[2]));
  g_assert_cmpint (stage_of (f, charlie), ==, f->stages[2]);
  assert_last_move (f, charlie, contacted, f->stages[2], 3);

  /* Ctrl+Left back; at the first stage there is nowhere further left. */
  WAIT_UNTIL (card_has_focus (f, charlie));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->board), "board.move-previous", NULL));
  g_assert_cmpint (stage_of (f, charlie), ==, contacted);
}

static void
test_undo (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 delta = f->deals[3], echo = f->deals[4];
  gint64 first = f->stages[0], proposal = f->stages[2], lost = f->stages[5];

  g_assert_false (crm_deal_board_can_undo (f->board));
  g_assert_cmpint (column_item (f, first, 3), ==, delta);
  g_assert_cmpint (column_item (f, first, 4), ==, echo);

  g_assert_true (crm_deal_board_move_deal (f->board, delta, proposal, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stage_of (f, delta), ==, proposal);

  /* Ctrl+Z: back in its stage, before Echo as it was. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->board), "board.undo", NULL));
  g_assert_cmpint (stage_of (f, delta), ==, first);
  g_assert_cmpint (column_item (f, first, 3), ==, delta);
  g_assert_cmpint (column_item (f, first, 4), ==, echo);
  assert_last_move (f, delta, proposal, first, 3);
  g_assert_false (crm_deal_board_can_undo (f->board));

  /* Lost, with a reason, in one go; undone, the reason goes too. */
  g_assert_true (crm_deal_board_move_deal (f->board, delta, lost, 0, "Too expensive", &error));
  g_assert_no_error (error);
  {
    g_autoptr(CrmDeal) deal = crm_store_get_deal (f->store, delta, &error);

    g_assert_cmpint (crm_deal_get_stage_id (deal), ==, lost);
    g_assert_cmpstr (crm_deal_get_lost_reason (deal), ==, "Too expensive");
  }
  g_assert_true (crm_deal_board_undo (f->board, &error));
  g_assert_no_error (error);
  {
    g_autoptr(CrmDeal) deal = crm_store_get_deal (f->store, delta, &error);

    g_assert_cmpint (crm_deal_get_stage_id (deal), ==, first);
    g_assert_null (crm_deal_get_lost_reason (deal));
    g_assert_cmpint (column_item (f, first, 3), ==, delta);
  }

  /* Nothing left to undo. */
  g_assert_false (crm_deal_board_undo (f->board, &error));
  g_assert_no_error (error);
}

static void
test_delete_stage (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  CrmStageEditor *editor;
  gint64 contacted = f->stages[1], proposal = f->stages[2];

  editor = crm_stage_editor_new (GTK_WINDOW (f->window), f->store, crm_deal_board_get_pipeline (f->board));
  gtk_window_present (GTK_WINDOW (editor));
  drain ();

  /* A stage with deals needs somewhere to put them. */
  g_assert_false (crm_stage_editor_delete_stage (editor, contacted, 0, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_IN_USE);
  g_clear_error (&error);

  g_assert_true (crm_stage_editor_delete_stage (editor, contacted, proposal, &error));
  g_assert_no_error (error);

  /* The board drops the column; the deals are in Proposal, none lost. */
  WAIT_UNTIL (crm_deal_board_get_column (f->board, contacted) == NULL);
  g_assert_cmpuint (column_n (f, proposal), ==, 2);
  g_assert_cmpint (stage_of (f, f->deals[5]), ==, proposal);
  g_assert_cmpint (stage_of (f, f->deals[6]), ==, proposal);
  assert_last_move (f, f->deals[5], contacted, proposal, 2);
  g_assert_cmpuint (column_n (f, f->stages[0]) + column_n (f, proposal), ==, G_N_ELEMENTS (f->deals));
  WAIT_UNTIL (summary_has (f, proposal, "2"));

  gtk_window_destroy (GTK_WINDOW (editor));
}

static void
test_cli_move (Fixture       *f,
               gconstpointer  data)
{
  const char *cli = g_getenv ("CLIENTELE_CLI");
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, f->deals[0]);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = -1;
  const char *argv[] = { cli, "--database", f->path, "deal", "move", id, "--stage", "Negotiation", NULL };

  if (cli == NULL)
    {
      g_test_skip ("CLIENTELE_CLI is not set");
      return;
    }

  crm_store_watch_external_changes (f->store, 200);
  g_assert_cmpuint (column_n (f, f->stages[3]), ==, 0);

  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  if (status != 0)
    g_error ("clientele-cli failed: %s%s", out, err);

  /* Another program wrote: the board sees it within the polling interval. */
  WAIT_UNTIL (column_n (f, f->stages[3]) == 1 && summary_has (f, f->stages[3], "1"));
  g_assert_cmpint (column_item (f, f->stages[3], 0), ==, f->deals[0]);
  g_assert_cmpuint (column_n (f, f->stages[0]), ==, 4);
  WAIT_UNTIL (summary_has (f, f->stages[0], "4"));
  WAIT_UNTIL (crm_deal_board_count_bound_cards (f->board) == G_N_ELEMENTS (f->deals));

  crm_store_watch_external_changes (f->store, 0);
}

static CrmFunnelStrip *
get_strip (CrmDealBoard *board)
{
  return CRM_FUNNEL_STRIP (crm_deal_board_get_funnel (board));
}

/* The share of the deals that entered @stage_name and went on, as the
 * strip says it once its count has arrived, or NULL. */
static char *
dup_share (CrmDealBoard *board,
           const char   *stage_name)
{
  g_autofree char *description = crm_funnel_strip_dup_description (get_strip (board));
  g_autofree char *name = g_strconcat (stage_name, ": ", NULL);
  const char *start = strstr (description, name);
  const char *end;

  if (crm_funnel_strip_get_busy (get_strip (board)) || start == NULL)
    return NULL;

  /* "New lead: 5 deals, €500.00. 20% of the deals that entered it …" */
  start = strstr (start, ". ");
  end = start != NULL ? strstr (start, " of the deals") : NULL;
  if (end == NULL)
    return NULL;

  return g_strndup (start + 2, end - start - 2);
}

static gboolean
share_is (CrmDealBoard *board,
          const char   *stage_name,
          const char   *share)
{
  g_autofree char *shown = dup_share (board, stage_name);

  return g_strcmp0 (shown, share) == 0;
}

static void
test_funnel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  CrmFunnelStrip *strip = get_strip (f->board);

  /* Shown, the board counts the conversion of the period: five deals
   * entered the first stage, none went on yet. */
  WAIT_UNTIL (share_is (f->board, "New lead", "0%"));

  /* A move is counted after a short pause, in the background. */
  g_assert_true (crm_deal_board_move_deal (f->board, f->deals[0], f->stages[1], 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (crm_funnel_strip_get_busy (strip));
  WAIT_UNTIL (share_is (f->board, "New lead", "20%"));
  g_assert_true (share_is (f->board, "Contacted", "0%"));

  /* Hidden, it counts nothing and keeps the figures it had. */
  gtk_widget_set_visible (GTK_WIDGET (f->board), FALSE);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (f->board)));
  g_assert_true (crm_store_move_deal (f->store, f->deals[1], f->stages[1], 0, &error));
  g_assert_no_error (error);
  g_assert_false (crm_funnel_strip_get_busy (strip));
  drain ();
  g_assert_false (crm_funnel_strip_get_busy (strip));
  g_assert_true (share_is (f->board, "New lead", "20%"));

  /* Shown again, it counts what changed meanwhile. */
  gtk_widget_set_visible (GTK_WIDGET (f->board), TRUE);
  WAIT_UNTIL (share_is (f->board, "New lead", "40%"));
}

/* A board that was built but is not shown, as at start-up with the deal
 * list in front, counts nothing, before or after a change. */
static void
test_funnel_hidden (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  CrmDealBoard *board = g_object_ref_sink (crm_deal_board_new (f->store));
  g_autofree char *description = NULL;

  g_assert_false (crm_funnel_strip_get_busy (get_strip (board)));
  g_assert_true (crm_store_move_deal (f->store, f->deals[0], f->stages[1], 0, &error));
  g_assert_no_error (error);
  g_assert_false (crm_funnel_strip_get_busy (get_strip (board)));
  drain ();
  g_assert_false (crm_funnel_strip_get_busy (get_strip (board)));

  /* The counts of the stages are there; the shares are not. */
  description = crm_funnel_strip_dup_description (get_strip (board));
  g_assert_nonnull (strstr (description, "New lead: 4 deals"));
  g_assert_null (strstr (description, "went on"));

  g_object_unref (board);
}

static void
test_no_display (void)
{
  g_test_skip ("No display; run under Xvfb");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_add_func ("/board/no-display", test_no_display);
      return g_test_run ();
    }

  gtk_init ();
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/board/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("drop", test_drop);
  ADD ("keyboard", test_keyboard);
  ADD ("undo", test_undo);
  ADD ("delete-stage", test_delete_stage);
  ADD ("cli-move", test_cli_move);
  ADD ("funnel", test_funnel);
  ADD ("funnel-hidden", test_funnel_hidden);

#undef ADD

  return g_test_run ();
}
