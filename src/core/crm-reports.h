/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "crm-store.h"

G_BEGIN_DECLS

/**
 * CrmReportCalls:
 * @user_id: the employee
 * @user_name: the employee's name
 * @active: whether the employee is still active
 * @calls: calls made or taken in the period
 * @duration_s: their total talk time, in seconds
 * @outgoing: how many of them the employee made
 * @incoming: how many of them the employee took
 *
 * The calls of one employee in a period.
 */
typedef struct
{
  gint64    user_id;
  char     *user_name;
  gboolean  active;
  gint64    calls;
  gint64    duration_s;
  gint64    outgoing;
  gint64    incoming;
} CrmReportCalls;

void        crm_report_calls_free           (CrmReportCalls  *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CrmReportCalls, crm_report_calls_free)

GPtrArray  *crm_report_calls_per_employee   (CrmStore        *store,
                                             gint64           from_ms,
                                             gint64           to_ms,
                                             GError         **error);

gboolean    crm_report_won_deals            (CrmStore        *store,
                                             gint64           from_ms,
                                             gint64           to_ms,
                                             gint64          *out_count,
                                             gint64          *out_amount_minor,
                                             GError         **error);

/**
 * CrmReportFunnelStage:
 * @stage_id: a live stage of the pipeline
 * @kind: whether it is open, won or lost
 * @entered: live deals that entered the stage in the period (created in
 *   it or moved into it)
 * @moved_on: how many of those later went on to a later stage that is not
 *   lost, or to a won stage
 *
 * One step of a funnel: @moved_on / @entered is the conversion from this
 * stage to the next ones.
 */
typedef struct
{
  gint64        stage_id;
  CrmStageKind  kind;
  gint64        entered;
  gint64        moved_on;
} CrmReportFunnelStage;

GArray     *crm_report_funnel               (CrmStore        *store,
                                             gint64           pipeline_id,
                                             gint64           from_ms,
                                             gint64           to_ms,
                                             GError         **error);
/* The same in a worker thread with its own connection; cancelling
 * @cancellable ends it early with G_IO_ERROR_CANCELLED. */
void        crm_report_funnel_async         (CrmStore            *store,
                                             gint64               pipeline_id,
                                             gint64               from_ms,
                                             gint64               to_ms,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
GArray     *crm_report_funnel_finish        (CrmStore            *store,
                                             GAsyncResult        *result,
                                             GError             **error);

/* The SQL of every report, NULL-terminated, so that tests and benchmarks
 * can check with EXPLAIN QUERY PLAN that each one uses an index. */
const char * const *crm_reports_get_statements (void);

G_END_DECLS
