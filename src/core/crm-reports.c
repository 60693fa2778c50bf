/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "crm-reports"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "crm-reports.h"

/* Calls of each employee in [?1, ?2). Every active employee gets a row,
 * zeros included, so that the one who made no calls shows up in the
 * report; a former employee only when they have calls in the period.
 * Calls recorded without an employee come last, as user id 0. The join on
 * (user_id, started_at) reads only the calls_by_user index. */
#define SQL_CALLS_PER_EMPLOYEE \
  "SELECT u.id, u.name, u.active, count (a.id), " \
  "       coalesce (sum (a.duration_s), 0), " \
  "       coalesce (sum (a.direction = 0), 0), " \
  "       coalesce (sum (a.direction = 1), 0) " \
  "FROM users u " \
  "LEFT JOIN activities a ON a.user_id = u.id " \
  "                      AND a.started_at >= ?1 AND a.started_at < ?2 " \
  "                      AND a.kind = 0 AND a.deleted_at IS NULL " \
  "GROUP BY u.id"

#define SQL_CALLS_WITHOUT_EMPLOYEE \
  "SELECT count (*), coalesce (sum (duration_s), 0), " \
  "       coalesce (sum (direction = 0), 0), coalesce (sum (direction = 1), 0) " \
  "FROM activities " \
  "WHERE user_id IS NULL AND started_at >= ?1 AND started_at < ?2 " \
  "  AND kind = 0 AND deleted_at IS NULL"

/* A deal counts as won in [?1, ?2) when it is live, sits in a won stage
 * now, and the move that last brought it into a won stage from a stage
 * that is not won (or its creation right in a won stage) happened in the
 * period. So a deal reopened after its win is not counted; one won,
 * reopened and won again counts once, in the period of its last win; a
 * move between two won stages is not a new win. Candidates come from
 * deal_stage_history_by_time, so the work grows with the moves of the
 * period, not with all won deals ever. Amounts are summed only for deals in
 * the currency ?3 (the default one); the count has all of them. */
#define SQL_WIN_MOVE(h, t, f) \
  "deal_stage_history " h " " \
  "JOIN stages " t " ON " t ".id = " h ".to_stage_id AND " t ".kind = 1 " \
  "LEFT JOIN stages " f " ON " f ".id = " h ".from_stage_id "

#define SQL_WON_DEALS \
  "SELECT count (*), " \
  "       coalesce (sum (CASE WHEN d.currency = ?3 THEN d.amount ELSE 0 END), 0) " \
  "FROM deals d " \
  "JOIN stages s ON s.id = d.stage_id " \
  "WHERE d.id IN (SELECT h.deal_id FROM " SQL_WIN_MOVE ("h", "t", "f") \
  "               WHERE h.at >= ?1 AND h.at < ?2 AND coalesce (f.kind, 0) <> 1) " \
  "  AND d.deleted_at IS NULL AND s.kind = 1 " \
  "  AND NOT EXISTS (SELECT 1 FROM " SQL_WIN_MOVE ("l", "lt", "lf") \
  "                  WHERE l.deal_id = d.id AND l.at >= ?2 " \
  "                    AND coalesce (lf.kind, 0) <> 1)"

/* The funnel of pipeline ?1 over [?2, ?3): each entry of a live deal into
 * a stage in the period, and whether the deal went on afterwards (at the
 * same time or later) to a stage further on that is not lost, or to a won
 * stage. Entries are counted per deal in C: DISTINCT and GROUP BY would
 * sort in a temporary B-tree. The moves of the period come from
 * deal_stage_history_by_time; "went on" looks at the later moves of one
 * deal through deal_stage_history_by_deal. Lost stages sit at the end too,
 * so position alone would count a loss as progress. */
#define SQL_FUNNEL \
  "SELECT h.to_stage_id, h.deal_id, EXISTS (" \
  "         SELECT 1 FROM deal_stage_history n " \
  "         JOIN stages ns ON ns.id = n.to_stage_id " \
  "         WHERE n.deal_id = h.deal_id AND n.at >= h.at AND n.id <> h.id " \
  "           AND ns.kind <> 2 AND (ns.kind = 1 OR ns.position > s.position)) " \
  "FROM deal_stage_history h " \
  "JOIN stages s ON s.id = h.to_stage_id " \
  "JOIN deals d ON d.id = h.deal_id " \
  "WHERE h.at >= ?2 AND h.at < ?3 AND s.pipeline_id = ?1 AND s.deleted_at IS NULL " \
  "  AND d.deleted_at IS NULL"

#define SQL_FUNNEL_STAGES \
  "SELECT id, kind FROM stages WHERE pipeline_id = ?1 AND deleted_at IS NULL " \
  "ORDER BY position, id"

static const char * const statements[] = {
  SQL_CALLS_PER_EMPLOYEE,
  SQL_CALLS_WITHOUT_EMPLOYEE,
  SQL_WON_DEALS,
  SQL_FUNNEL,
  NULL
};

void
crm_report_calls_free (CrmReportCalls *row)
{
  if (row == NULL)
    return;

  g_free (row->user_name);
  g_free (row);
}

static gboolean
check_period (gint64   from_ms,
              gint64   to_ms,
              GError **error)
{
  if (from_ms > to_ms)
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                   _("A report period cannot end before it starts"));
      return FALSE;
    }

  return TRUE;
}

/* Steps a statement that always gives one row (an aggregate without
 * GROUP BY), so that "no row" is reported rather than taken as success. */
static gboolean
step_one_row (CrmStatement  *stmt,
              GError       **error)
{
  switch (crm_statement_step (stmt, error))
    {
    case CRM_STEP_ROW:
      return TRUE;
    case CRM_STEP_DONE:
      g_set_error (error, CRM_DATABASE_ERROR, CRM_DATABASE_ERROR_FAILED,
                   _("A report query gave no result"));
      return FALSE;
    case CRM_STEP_ERROR:
    default:
      return FALSE;
    }
}

static int
compare_calls_rows (gconstpointer a,
                    gconstpointer b)
{
  const CrmReportCalls *ra = *(const CrmReportCalls * const *)a;
  const CrmReportCalls *rb = *(const CrmReportCalls * const *)b;
  int result;

  /* Calls without an employee go last. */
  if ((ra->user_id == 0) != (rb->user_id == 0))
    return ra->user_id == 0 ? 1 : -1;

  result = g_utf8_collate (ra->user_name ? ra->user_name : "",
                           rb->user_name ? rb->user_name : "");
  if (result != 0)
    return result;

  return (ra->user_id > rb->user_id) - (ra->user_id < rb->user_id);
}

/**
 * crm_report_calls_per_employee:
 * @store: a #CrmStore
 * @from_ms: the start of the period (included), UTC milliseconds
 * @to_ms: its end (excluded)
 * @error: return location for a #GError
 *
 * Counts the calls each employee made or took in a period, with their
 * total talk time. Every active employee is listed, with zeros when they
 * had no calls; a deactivated employee only when they had calls. Calls in
 * the trash are not counted; a call stays counted when its client is in
 * the trash, since the work was done. Calls stored without an employee
 * come last as one row with user id 0 and no name, and only when there are
 * any. Rows are sorted by name.
 *
 * Returns: (transfer full) (element-type CrmReportCalls): the rows, or
 *   %NULL with @error set
 */
GPtrArray *
crm_report_calls_per_employee (CrmStore  *store,
                               gint64     from_ms,
                               gint64     to_ms,
                               GError   **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autoptr(CrmStatement) orphans = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  CrmDatabase *db;
  CrmStepResult result;

  g_return_val_if_fail (CRM_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_period (from_ms, to_ms, error))
    return NULL;

  db = crm_store_get_database (store);
  stmt = crm_database_prepare (db, SQL_CALLS_PER_EMPLOYEE, error);
  if (stmt == NULL)
    return NULL;

  crm_statement_bind_int64 (stmt, 1, from_ms);
  crm_statement_bind_int64 (stmt, 2, to_ms);

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify)crm_report_calls_free);
  while ((result = crm_statement_step (stmt, error)) == CRM_STEP_ROW)
    {
      g_autoptr(CrmReportCalls) row = g_new0 (CrmReportCalls, 1);

      row->user_id = crm_statement_get_int64 (stmt, 0);
      row->user_name = crm_statement_dup_text (stmt, 1);
      row->active = crm_statement_get_int64 (stmt, 2) != 0;
      row->calls = crm_statement_get_int64 (stmt, 3);
      row->duration_s = crm_statement_get_int64 (stmt, 4);
      row->outgoing = crm_statement_get_int64 (stmt, 5);
      row->incoming = crm_statement_get_int64 (stmt, 6);

      if (row->active || row->calls > 0)
        g_ptr_array_add (rows, g_steal_pointer (&row));
    }

  if (result == CRM_STEP_ERROR)
    return NULL;

  orphans = crm_database_prepare (db, SQL_CALLS_WITHOUT_EMPLOYEE, error);
  if (orphans == NULL)
    return NULL;

  crm_statement_bind_int64 (orphans, 1, from_ms);
  crm_statement_bind_int64 (orphans, 2, to_ms);
  if (!step_one_row (orphans, error))
    return NULL;

  if (crm_statement_get_int64 (orphans, 0) > 0)
    {
      CrmReportCalls *row = g_new0 (CrmReportCalls, 1);

      row->active = TRUE;
      row->calls = crm_statement_get_int64 (orphans, 0);
      row->duration_s = crm_statement_get_int64 (orphans, 1);
      row->outgoing = crm_statement_get_int64 (orphans, 2);
      row->incoming = crm_statement_get_int64 (orphans, 3);
      g_ptr_array_add (rows, row);
    }

  g_ptr_array_sort (rows, compare_calls_rows);

  return g_steal_pointer (&rows);
}

/**
 * crm_report_won_deals:
 * @store: a #CrmStore
 * @from_ms: the start of the period (included), UTC milliseconds
 * @to_ms: its end (excluded)
 * @out_count: (out) (optional): how many deals were won
 * @out_amount_minor: (out) (optional): their total in the default
 *   currency, in its minor units
 * @error: return location for a #GError
 *
 * Counts the deals won in a period, in every pipeline. A deal is won when
 * it was moved into a won stage; the time of the win is the last time it
 * entered a won stage from a stage that is not won. A deal counts only
 * while it is still won and not in the trash: a deal won and then moved
 * back to an open stage (or lost) is not counted for any period, and one
 * won again later counts once, for the period of its last win. The count
 * has deals in every currency; the total sums those in the default
 * currency only, since amounts in different currencies do not add up.
 *
 * Returns: %TRUE on success
 */
gboolean
crm_report_won_deals (CrmStore  *store,
                      gint64     from_ms,
                      gint64     to_ms,
                      gint64    *out_count,
                      gint64    *out_amount_minor,
                      GError   **error)
{
  g_autoptr(CrmStatement) stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_period (from_ms, to_ms, error))
    return FALSE;

  stmt = crm_database_prepare (crm_store_get_database (store), SQL_WON_DEALS, error);
  if (stmt == NULL)
    return FALSE;

  crm_statement_bind_int64 (stmt, 1, from_ms);
  crm_statement_bind_int64 (stmt, 2, to_ms);
  crm_statement_bind_text (stmt, 3, crm_store_get_default_currency (store));
  if (!step_one_row (stmt, error))
    return FALSE;

  if (out_count != NULL)
    *out_count = crm_statement_get_int64 (stmt, 0);
  if (out_amount_minor != NULL)
    *out_amount_minor = crm_statement_get_int64 (stmt, 1);

  return TRUE;
}

/* Adds a deal to a set of deal ids; TRUE when it was not there. */
static gboolean
add_deal_once (GHashTable *set,
               gint64      deal_id)
{
  if (g_hash_table_contains (set, &deal_id))
    return FALSE;

  g_hash_table_add (set, g_memdup2 (&deal_id, sizeof deal_id));
  return TRUE;
}

/**
 * crm_report_funnel:
 * @store: a #CrmStore
 * @pipeline_id: a pipeline
 * @from_ms: the start of the period (included), UTC milliseconds
 * @to_ms: its end (excluded)
 * @error: return location for a #GError
 *
 * How deals went through the stages of a pipeline in a period. For every
 * live stage, in order: how many deals entered it in the period (a deal
 * created in a stage enters it then), and how many of those went on, then
 * or later, to a stage further on that is not a lost stage, or to a won
 * stage. A deal that went back and forth counts once per stage. Deals in
 * the trash are not counted.
 *
 * Returns: (transfer full) (element-type CrmReportFunnelStage): one entry
 *   per stage, in the pipeline's order, or %NULL with @error set
 */
GArray *
crm_report_funnel (CrmStore  *store,
                   gint64     pipeline_id,
                   gint64     from_ms,
                   gint64     to_ms,
                   GError   **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GPtrArray) entered = NULL;
  g_autoptr(GPtrArray) moved_on = NULL;
  CrmDatabase *db;
  CrmStepResult result;

  g_return_val_if_fail (CRM_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_period (from_ms, to_ms, error))
    return NULL;

  db = crm_store_get_database (store);
  stmt = crm_database_prepare (db, SQL_FUNNEL_STAGES, error);
  if (stmt == NULL)
    return NULL;

  crm_statement_bind_int64 (stmt, 1, pipeline_id);
  rows = g_array_new (FALSE, TRUE, sizeof (CrmReportFunnelStage));
  while ((result = crm_statement_step (stmt, error)) == CRM_STEP_ROW)
    {
      CrmReportFunnelStage row = { 0 };

      row.stage_id = crm_statement_get_int64 (stmt, 0);
      row.kind = (CrmStageKind)crm_statement_get_int64 (stmt, 1);
      g_array_append_val (rows, row);
    }

  if (result == CRM_STEP_ERROR)
    return NULL;
  g_clear_pointer (&stmt, crm_statement_release);

  stmt = crm_database_prepare (db, SQL_FUNNEL, error);
  if (stmt == NULL)
    return NULL;

  crm_statement_bind_int64 (stmt, 1, pipeline_id);
  crm_statement_bind_int64 (stmt, 2, from_ms);
  crm_statement_bind_int64 (stmt, 3, to_ms);
  /* A deal that went back and forth counts once per stage. */
  entered = g_ptr_array_new_with_free_func ((GDestroyNotify)g_hash_table_unref);
  moved_on = g_ptr_array_new_with_free_func ((GDestroyNotify)g_hash_table_unref);
  for (guint i = 0; i < rows->len; i++)
    {
      g_ptr_array_add (entered, g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL));
      g_ptr_array_add (moved_on, g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL));
    }

  while ((result = crm_statement_step (stmt, error)) == CRM_STEP_ROW)
    {
      gint64 stage_id = crm_statement_get_int64 (stmt, 0);
      gint64 deal_id = crm_statement_get_int64 (stmt, 1);
      gboolean went_on = crm_statement_get_int64 (stmt, 2) != 0;

      for (guint i = 0; i < rows->len; i++)
        {
          CrmReportFunnelStage *row = &g_array_index (rows, CrmReportFunnelStage, i);

          if (row->stage_id != stage_id)
            continue;

          if (add_deal_once (g_ptr_array_index (entered, i), deal_id))
            row->entered++;
          if (went_on && add_deal_once (g_ptr_array_index (moved_on, i), deal_id))
            row->moved_on++;
          break;
        }
    }

  if (result == CRM_STEP_ERROR)
    return NULL;

  return g_steal_pointer (&rows);
}

/**
 * crm_reports_get_statements:
 *
 * Returns: (transfer none) (array zero-terminated=1): the SQL of every
 *   report query, for index checks in tests and benchmarks
 */
const char * const *
crm_reports_get_statements (void)
{
  return statements;
}
