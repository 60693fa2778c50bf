/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crm-deal-list.h"
#include "crm-store.h"

G_BEGIN_DECLS

#define CRM_TYPE_DEAL_BOARD (crm_deal_board_get_type ())
G_DECLARE_FINAL_TYPE (CrmDealBoard, crm_deal_board, CRM, DEAL_BOARD, AdwBin)

CrmDealBoard  *crm_deal_board_new              (CrmStore            *store);
CrmStore      *crm_deal_board_get_store        (CrmDealBoard        *self);

gint64         crm_deal_board_get_pipeline     (CrmDealBoard        *self);
void           crm_deal_board_set_pipeline     (CrmDealBoard        *self,
                                                gint64               pipeline_id);
/* The deal list's filter: owner, tag, amount, last change and client
 * apply to every column; a pipeline picks the board's pipeline. The
 * stage and "open only" choices are the columns themselves. */
void           crm_deal_board_set_filter       (CrmDealBoard        *self,
                                                const CrmDealFilter *filter);

/* Moves a deal as a drop does: saved at once, recorded in the deal's
 * history, undoable. @lost_reason sets the deal's lost reason in the same
 * transaction (a drop on a lost stage asks for it first). */
gboolean       crm_deal_board_move_deal        (CrmDealBoard        *self,
                                                gint64               deal_id,
                                                gint64               stage_id,
                                                gint64               before_deal_id,
                                                const char          *lost_reason,
                                                GError             **error);
/* Undoes the last move made on the board; FALSE with no error when there
 * is none. */
gboolean       crm_deal_board_undo             (CrmDealBoard        *self,
                                                GError             **error);
gboolean       crm_deal_board_can_undo         (CrmDealBoard        *self);
/* Scrolls to a deal's card and gives it keyboard focus, now or as soon
 * as the card is built. */
gboolean       crm_deal_board_focus_deal       (CrmDealBoard        *self,
                                                gint64               deal_id);

/* The parts of a column, for tests and benchmarks. */
GListModel    *crm_deal_board_get_column_model (CrmDealBoard        *self,
                                                gint64               stage_id);
GtkWidget     *crm_deal_board_get_column       (CrmDealBoard        *self,
                                                gint64               stage_id);
GtkDropTarget *crm_deal_board_get_drop_target  (CrmDealBoard        *self,
                                                gint64               stage_id);
char          *crm_deal_board_dup_column_summary (CrmDealBoard      *self,
                                                  gint64             stage_id);
GtkWidget     *crm_deal_board_get_funnel       (CrmDealBoard        *self);
/* How many cards are built and bound right now, over all columns. */
guint          crm_deal_board_count_bound_cards (CrmDealBoard       *self);

G_END_DECLS
