/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "crm-reports"

#include "config.h"

#include <string.h>

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

/* The funnel: the live stages of pipeline ?1 in its order, one row each. */
#define SQL_FUNNEL_STAGES \
  "SELECT id, kind, position FROM stages WHERE pipeline_id = ?1 AND deleted_at IS NULL " \
  "ORDER BY position, id"

/* Any other stage a deal went to, looked up once: a later move counts as
 * going on by its stage's kind and position, whatever its pipeline. */
#define SQL_FUNNEL_STAGE \
  "SELECT kind, position FROM stages WHERE id = ?1"

/* Deals in the trash count in no funnel; there are few, from a small
 * index. */
#define SQL_FUNNEL_TRASHED \
  "SELECT id FROM deals WHERE deleted_at IS NOT NULL"

/* Every move since the start of the period ?1, deal by deal and in time
 * order: the moves into a stage in the period and all that came after
 * them, which are never earlier than the period. It reads the
 * deal_stage_history_paths index alone, from end to end: the moves of one
 * deal follow each other, so whether a deal went on is decided in C while
 * reading, with no lookup per move. Looking up each move of the period and
 * then the later moves of its deal took 30 times as long. */
#define SQL_FUNNEL_MOVES \
  "SELECT deal_id, at, to_stage_id FROM deal_stage_history " \
  "WHERE at >= ?1 ORDER BY deal_id, at"

static const char * const statements[] = {
  SQL_CALLS_PER_EMPLOYEE,
  SQL_CALLS_WITHOUT_EMPLOYEE,
  SQL_WON_DEALS,
  SQL_FUNNEL_STAGES,
  SQL_FUNNEL_STAGE,
  SQL_FUNNEL_TRASHED,
  SQL_FUNNEL_MOVES,
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

/* What the funnel knows of a stage a deal went to. */
typedef struct
{
  CrmStageKind kind;
  gint64       position;
  int          row;       /* its row in the result, or -1 outside the funnel */
} FunnelStage;

typedef struct
{
  gint64             at;
  const FunnelStage *stage;
} FunnelMove;

enum {
  FUNNEL_ENTERED = 1 << 0,
  FUNNEL_WENT_ON = 1 << 1,
};

typedef struct
{
  CrmDatabase *db;
  gint64       to_ms;
  GArray      *rows;      /* CrmReportFunnelStage */
  GHashTable  *stages;    /* stage id -> FunnelStage */
  GHashTable  *trashed;   /* ids of deals in the trash */
  GArray      *moves;     /* FunnelMove: the moves of one deal, in time order */
  guint8      *marks;     /* FUNNEL_ENTERED | FUNNEL_WENT_ON, per row, for one deal */
} Funnel;

static void
funnel_clear (Funnel *f)
{
  g_clear_pointer (&f->rows, g_array_unref);
  g_clear_pointer (&f->stages, g_hash_table_unref);
  g_clear_pointer (&f->trashed, g_hash_table_unref);
  g_clear_pointer (&f->moves, g_array_unref);
  g_clear_pointer (&f->marks, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Funnel, funnel_clear)

static FunnelStage *
funnel_add_stage (Funnel       *f,
                  gint64        stage_id,
                  CrmStageKind  kind,
                  gint64        position,
                  int           row)
{
  FunnelStage *stage = g_new (FunnelStage, 1);

  stage->kind = kind;
  stage->position = position;
  stage->row = row;
  g_hash_table_insert (f->stages, g_memdup2 (&stage_id, sizeof stage_id), stage);

  return stage;
}

static gboolean
funnel_load_stages (Funnel   *f,
                    gint64    pipeline_id,
                    GError  **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  CrmStepResult result;

  stmt = crm_database_prepare (f->db, SQL_FUNNEL_STAGES, error);
  if (stmt == NULL)
    return FALSE;

  crm_statement_bind_int64 (stmt, 1, pipeline_id);
  while ((result = crm_statement_step (stmt, error)) == CRM_STEP_ROW)
    {
      CrmReportFunnelStage row = { 0 };

      row.stage_id = crm_statement_get_int64 (stmt, 0);
      row.kind = (CrmStageKind)crm_statement_get_int64 (stmt, 1);
      funnel_add_stage (f, row.stage_id, row.kind, crm_statement_get_int64 (stmt, 2), f->rows->len);
      g_array_append_val (f->rows, row);
    }

  return result == CRM_STEP_DONE;
}

static gboolean
funnel_load_trashed (Funnel   *f,
                     GError  **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  CrmStepResult result;

  stmt = crm_database_prepare (f->db, SQL_FUNNEL_TRASHED, error);
  if (stmt == NULL)
    return FALSE;

  while ((result = crm_statement_step (stmt, error)) == CRM_STEP_ROW)
    {
      gint64 id = crm_statement_get_int64 (stmt, 0);

      g_hash_table_add (f->trashed, g_memdup2 (&id, sizeof id));
    }

  return result == CRM_STEP_DONE;
}

/* The stage a move went to, looked up the first time. A stage that is
 * not there (foreign keys keep it from happening) leaves the move out, as
 * a join would; NULL then, with @error unset. */
static const FunnelStage *
funnel_get_stage (Funnel   *f,
                  gint64    stage_id,
                  GError  **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  gpointer stage;

  if (g_hash_table_lookup_extended (f->stages, &stage_id, NULL, &stage))
    return stage;

  stmt = crm_database_prepare (f->db, SQL_FUNNEL_STAGE, error);
  if (stmt == NULL)
    return NULL;

  crm_statement_bind_int64 (stmt, 1, stage_id);
  switch (crm_statement_step (stmt, error))
    {
    case CRM_STEP_ROW:
      return funnel_add_stage (f, stage_id,
                               (CrmStageKind)crm_statement_get_int64 (stmt, 0),
                               crm_statement_get_int64 (stmt, 1), -1);
    case CRM_STEP_DONE:
      g_hash_table_insert (f->stages, g_memdup2 (&stage_id, sizeof stage_id), NULL);
      return NULL;
    case CRM_STEP_ERROR:
    default:
      return NULL;
    }
}

/* Counts the deal whose moves f->moves holds. They are gone through from
 * the last back, so that at each move into a stage of the funnel what came
 * then or later is known: how many moves went to a won stage, and the
 * furthest open stage one went to. The deal went on from a stage when
 * another of those moves went to a won stage or to an open stage further
 * on; a move to a lost stage is not going on, wherever that stage stands.
 * A deal counts once per stage however often it came back to it. */
static void
funnel_count_deal (Funnel *f)
{
  gint64 won = 0;
  gint64 furthest = G_MININT64;
  guint end = f->moves->len;

  if (end == 0)
    return;

  memset (f->marks, 0, f->rows->len);
  while (end > 0)
    {
      gint64 at = g_array_index (f->moves, FunnelMove, end - 1).at;
      guint start = end;

      /* Moves made at the same time all count as coming after each other,
       * so they join what is known before any of them is looked at. */
      while (start > 0 && g_array_index (f->moves, FunnelMove, start - 1).at == at)
        {
          const FunnelStage *stage = g_array_index (f->moves, FunnelMove, --start).stage;

          if (stage->kind == CRM_STAGE_WON)
            won++;
          else if (stage->kind == CRM_STAGE_OPEN)
            furthest = MAX (furthest, stage->position);
        }

      for (guint i = start; at < f->to_ms && i < end; i++)
        {
          const FunnelStage *stage = g_array_index (f->moves, FunnelMove, i).stage;
          /* A move into a won stage is one of the won moves itself. */
          gint64 won_after = won - (stage->kind == CRM_STAGE_WON ? 1 : 0);

          if (stage->row < 0)
            continue;

          f->marks[stage->row] |= FUNNEL_ENTERED;
          if (won_after > 0 || furthest > stage->position)
            f->marks[stage->row] |= FUNNEL_WENT_ON;
        }

      end = start;
    }

  for (guint i = 0; i < f->rows->len; i++)
    {
      CrmReportFunnelStage *row = &g_array_index (f->rows, CrmReportFunnelStage, i);

      row->entered += (f->marks[i] & FUNNEL_ENTERED) != 0;
      row->moved_on += (f->marks[i] & FUNNEL_WENT_ON) != 0;
    }

  g_array_set_size (f->moves, 0);
}

static gboolean
funnel_count_moves (Funnel        *f,
                    gint64         from_ms,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  CrmStepResult result;
  gint64 deal_id = 0;
  gboolean skip = FALSE;
  guint n = 0;

  stmt = crm_database_prepare (f->db, SQL_FUNNEL_MOVES, error);
  if (stmt == NULL)
    return FALSE;

  crm_statement_bind_int64 (stmt, 1, from_ms);
  while ((result = crm_statement_step (stmt, error)) == CRM_STEP_ROW)
    {
      gint64 id = crm_statement_get_int64 (stmt, 0);
      g_autoptr(GError) local_error = NULL;
      FunnelMove move;

      if ((++n & 0x3fff) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if (id != deal_id)
        {
          funnel_count_deal (f);
          deal_id = id;
          skip = g_hash_table_contains (f->trashed, &deal_id);
        }
      if (skip)
        continue;

      move.at = crm_statement_get_int64 (stmt, 1);
      move.stage = funnel_get_stage (f, crm_statement_get_int64 (stmt, 2), &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (move.stage != NULL)
        g_array_append_val (f->moves, move);
    }

  if (result == CRM_STEP_ERROR)
    return FALSE;

  funnel_count_deal (f);
  return TRUE;
}

/* crm_report_funnel() on any connection: the store's, or a reader's in a
 * worker thread. */
static GArray *
run_funnel (CrmDatabase   *db,
            gint64         pipeline_id,
            gint64         from_ms,
            gint64         to_ms,
            GCancellable  *cancellable,
            GError       **error)
{
  g_auto(Funnel) f = { 0 };
  gboolean ok;

  f.db = db;
  f.to_ms = to_ms;
  f.rows = g_array_new (FALSE, TRUE, sizeof (CrmReportFunnelStage));
  f.stages = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  f.trashed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  f.moves = g_array_new (FALSE, FALSE, sizeof (FunnelMove));

  /* All of it from one state of the file, whatever is written meanwhile. */
  crm_database_begin_read (db);
  ok = funnel_load_stages (&f, pipeline_id, error) &&
       funnel_load_trashed (&f, error);
  if (ok)
    {
      f.marks = g_new0 (guint8, MAX (f.rows->len, 1));
      ok = funnel_count_moves (&f, from_ms, cancellable, error);
    }
  crm_database_end_read (db);

  return ok ? g_steal_pointer (&f.rows) : NULL;
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
 * It reads an index of all stage moves from end to end, 60–70 ms for
 * 460,000 moves; the window uses crm_report_funnel_async().
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
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_period (from_ms, to_ms, error))
    return NULL;

  return run_funnel (crm_store_get_database (store), pipeline_id, from_ms, to_ms, NULL, error);
}

typedef struct
{
  char   *path;
  gint64  pipeline_id;
  gint64  from_ms;
  gint64  to_ms;
} FunnelTask;

static void
funnel_task_free (FunnelTask *data)
{
  g_free (data->path);
  g_free (data);
}

static void
funnel_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  FunnelTask *data = task_data;
  g_autoptr(CrmDatabase) db = NULL;
  GError *error = NULL;
  GArray *rows = NULL;

  /* Superseded before its turn in the thread pool came. */
  if (g_task_return_error_if_cancelled (task))
    return;

  db = crm_database_open_reader (data->path, &error);
  if (db != NULL)
    rows = run_funnel (db, data->pipeline_id, data->from_ms, data->to_ms, cancellable, &error);

  if (rows == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, rows, (GDestroyNotify)g_array_unref);
}

/**
 * crm_report_funnel_async:
 * @store: a #CrmStore
 * @pipeline_id: a pipeline
 * @from_ms: the start of the period (included), UTC milliseconds
 * @to_ms: its end (excluded)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called in the thread-default main context of the caller
 * @user_data: data for @callback
 *
 * Computes crm_report_funnel() in a worker thread, on a connection of its
 * own to the store's file, so that the main thread never waits for it. An
 * in-memory store has no second connection; its funnel (a test's or a
 * demo's, small) is computed at once on the store's.
 */
void
crm_report_funnel_async (CrmStore            *store,
                         gint64               pipeline_id,
                         gint64               from_ms,
                         gint64               to_ms,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  const char *path;
  FunnelTask *data;

  g_return_if_fail (CRM_IS_STORE (store));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, crm_report_funnel_async);

  if (!check_period (from_ms, to_ms, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  path = crm_database_get_path (crm_store_get_database (store));
  if (g_strcmp0 (path, ":memory:") == 0)
    {
      GArray *rows = crm_report_funnel (store, pipeline_id, from_ms, to_ms, &error);

      if (rows == NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_pointer (task, rows, (GDestroyNotify)g_array_unref);
      return;
    }

  data = g_new0 (FunnelTask, 1);
  data->path = g_strdup (path);
  data->pipeline_id = pipeline_id;
  data->from_ms = from_ms;
  data->to_ms = to_ms;
  g_task_set_task_data (task, data, (GDestroyNotify)funnel_task_free);
  g_task_run_in_thread (task, funnel_thread);
}

/**
 * crm_report_funnel_finish:
 * @store: a #CrmStore
 * @result: the result given to the callback of crm_report_funnel_async()
 * @error: return location for a #GError; %G_IO_ERROR_CANCELLED when the
 *   computation was cancelled
 *
 * Returns: (transfer full) (element-type CrmReportFunnelStage): as
 *   crm_report_funnel() does, or %NULL with @error set
 */
GArray *
crm_report_funnel_finish (CrmStore      *store,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == crm_report_funnel_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
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
