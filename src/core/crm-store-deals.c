/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "crm-store"

#include "config.h"

#include <inttypes.h>

#include <string.h>

#include <glib/gi18n-lib.h>

#include "crm-deal.h"
#include "crm-id.h"
#include "crm-money.h"
#include "crm-pipeline.h"
#include "crm-search.h"
#include "crm-stage.h"
#include "crm-store-deals.h"
#include "crm-store-private.h"
#include "crm-text.h"
#include "crm-time.h"

/* Deals inside a stage are ordered by (position, id). Positions are sparse
 * so that a drag on the board usually writes the moved row only: a deal
 * dropped between two others takes the middle of their gap, and only when
 * the gap is used up is the stage renumbered. */
#define POSITION_STEP ((gint64) 1024)

/* Far enough from the ends of gint64 that a gap between two positions, or
 * one more step, can never overflow. */
#define POSITION_LIMIT (G_MAXINT64 / 4)

#define TITLE_MAX_CHARS         200
#define STAGE_NAME_MAX_CHARS    60
#define PIPELINE_NAME_MAX_CHARS 100
#define LOST_REASON_MAX_CHARS   1000
#define DEFAULT_STAGE_COLOR     "#3584e4"

/* What the store needs to know about a stage to place deals in it. */
typedef struct
{
  gint64        id;
  gint64        pipeline_id;
  char         *name;
  CrmStageKind  kind;
  gint64        deleted_at;
} StageInfo;

static void
stage_info_clear (StageInfo *info)
{
  g_clear_pointer (&info->name, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (StageInfo, stage_info_clear)

/* The columns of a deal as crm_store_get_deal() fills them; deal_from_row()
 * reads them in this order. The next reminder is the earliest pending one,
 * with a snooze counting instead of the original time. */
#define DEAL_SELECT \
  "SELECT d.id, d.title, d.contact_id, c.name, d.amount, d.currency, " \
  "       d.stage_id, s.name, s.kind, s.pipeline_id, d.position, " \
  "       d.owner_id, u.name, d.expected_close, d.lost_reason, " \
  "       d.created_at, d.updated_at, d.stage_changed_at, d.deleted_at, " \
  "       (SELECT min (coalesce (r.snoozed_until, r.due_at)) FROM reminders r " \
  "         WHERE r.deal_id = d.id AND r.done_at IS NULL AND r.deleted_at IS NULL) " \
  "FROM deals d " \
  "JOIN stages s ON s.id = d.stage_id " \
  "LEFT JOIN contacts c ON c.id = d.contact_id " \
  "LEFT JOIN users u ON u.id = d.owner_id "

/* Stages with the number and the total amount of their live deals, counted
 * in one grouped pass over deals_stage_totals. Only amounts in the store's
 * default currency (?2) are summed: adding euros to roubles means nothing. */
#define STAGE_SELECT_HEAD \
  "SELECT s.id, s.pipeline_id, s.name, s.position, s.color, s.kind, s.deleted_at, " \
  "       coalesce (t.n, 0), coalesce (t.total, 0) " \
  "FROM stages s " \
  "LEFT JOIN (SELECT d.stage_id AS stage_id, count (*) AS n, " \
  "                  sum (CASE WHEN d.currency = ?2 THEN d.amount ELSE 0 END) AS total " \
  "           FROM deals d " \
  "           WHERE d.deleted_at IS NULL AND d.stage_id IN ("
#define STAGE_SELECT_TAIL \
  ")          GROUP BY d.stage_id) t ON t.stage_id = s.id "

#define STAGE_SELECT_FOR_PIPELINE \
  STAGE_SELECT_HEAD "SELECT id FROM stages WHERE pipeline_id = ?1" STAGE_SELECT_TAIL \
  "WHERE s.pipeline_id = ?1 AND s.deleted_at IS NULL ORDER BY s.position, s.id"

#define STAGE_SELECT_FOR_PIPELINE_UNCOUNTED \
  "SELECT s.id, s.pipeline_id, s.name, s.position, s.color, s.kind, s.deleted_at, 0, 0 " \
  "FROM stages s WHERE s.pipeline_id = ?1 AND s.deleted_at IS NULL ORDER BY s.position, s.id"

#define STAGE_SELECT_BY_ID \
  STAGE_SELECT_HEAD "?1" STAGE_SELECT_TAIL "WHERE s.id = ?1"

/* Helpers */

/* Runs a query with one id parameter; ROW if it found something. */
static CrmStepResult
lookup_id (CrmStore    *self,
           const char  *sql,
           gint64       id,
           GError     **error)
{
  g_autoptr(CrmStatement) stmt = NULL;

  stmt = crm_database_prepare (crm_store_get_database (self), sql, error);
  if (stmt == NULL)
    return CRM_STEP_ERROR;

  crm_statement_bind_int64 (stmt, 1, id);
  return crm_statement_step (stmt, error);
}

/* crm_text_validate() speaks G_IO_ERROR; what a user typed wrong is a
 * CRM_STORE_ERROR_INVALID to the callers of the store. */
static gboolean
validate_text (const char  *text,
               const char  *label,
               gsize        max_chars,
               gboolean     multiline,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (crm_text_validate (text, label, max_chars, multiline, &local_error))
    return TRUE;

  g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                       local_error->message);
  return FALSE;
}

/* Notes keep their line breaks, but Windows line ends become plain ones
 * (crm_text_validate() refuses carriage returns) and the ends are trimmed. */
static char *
clean_multiline (const char *text)
{
  GString *result;

  if (text == NULL || crm_text_is_blank (text))
    return NULL;

  result = g_string_new (text);
  g_string_replace (result, "\r\n", "\n", 0);
  g_strstrip (result->str);
  result->len = strlen (result->str);
  return g_string_free (result, FALSE);
}

/* A calendar date written as YYYY-MM-DD that really exists. */
static gboolean
is_valid_date (const char *text)
{
  guint64 year, month, day;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;

  for (guint i = 0; i < 10; i++)
    {
      if (i == 4 || i == 7)
        continue;
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
    }

  year = g_ascii_strtoull (text, NULL, 10);
  month = g_ascii_strtoull (text + 5, NULL, 10);
  day = g_ascii_strtoull (text + 8, NULL, 10);

  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= 31 &&
         g_date_valid_dmy ((GDateDay)day, (GDateMonth)month, (GDateYear)year);
}

/* "#rrggbb", returned lower case; %NULL when @text is not such a color. */
static char *
normalize_color (const char *text)
{
  if (text == NULL || strlen (text) != 7 || text[0] != '#')
    return NULL;

  for (guint i = 1; i < 7; i++)
    {
      if (!g_ascii_isxdigit (text[i]))
        return NULL;
    }

  return g_ascii_strdown (text, -1);
}

static gboolean
check_color (const char  *color,
             char       **out_color,
             GError     **error)
{
  char *normalized = normalize_color (color);

  if (normalized == NULL)
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                   _("“%s” is not a color; write it as #rrggbb, for example #3584e4"),
                   color ? color : "");
      return FALSE;
    }

  *out_color = normalized;
  return TRUE;
}

static char *
amount_text (gint64      amount,
             const char *currency)
{
  g_autofree char *decimal = crm_money_to_decimal (amount, currency);

  return g_strdup_printf ("%s %s", decimal, currency);
}

/* History shows "no tags" as no value rather than as an empty one. */
static const char *
empty_to_null (const char *text)
{
  return text != NULL && *text != '\0' ? text : NULL;
}

static gboolean
load_stage_info (CrmStore   *self,
                 gint64      id,
                 gboolean    live_only,
                 StageInfo  *info,
                 GError    **error)
{
  g_autoptr(CrmStatement) stmt = NULL;

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "SELECT id, pipeline_id, name, kind, deleted_at FROM stages WHERE id = ?1",
                               error);
  if (stmt == NULL)
    return FALSE;

  crm_statement_bind_int64 (stmt, 1, id);
  switch (crm_statement_step (stmt, error))
    {
    case CRM_STEP_ROW:
      if (live_only && !crm_statement_get_is_null (stmt, 4))
        {
          g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND,
                       _("The stage “%s” was deleted"), crm_statement_get_text (stmt, 2));
          return FALSE;
        }
      info->id = crm_statement_get_int64 (stmt, 0);
      info->pipeline_id = crm_statement_get_int64 (stmt, 1);
      info->name = crm_statement_dup_text (stmt, 2);
      info->kind = (CrmStageKind)crm_statement_get_int64 (stmt, 3);
      info->deleted_at = crm_statement_get_int64 (stmt, 4);
      return TRUE;
    case CRM_STEP_DONE:
      _crm_store_set_not_found (CRM_ENTITY_STAGE, id, error);
      return FALSE;
    case CRM_STEP_ERROR:
    default:
      return FALSE;
    }
}

static gboolean
check_live_pipeline (CrmStore  *self,
                     gint64     pipeline_id,
                     GError   **error)
{
  switch (lookup_id (self, "SELECT 1 FROM pipelines WHERE id = ?1 AND deleted_at IS NULL",
                     pipeline_id, error))
    {
    case CRM_STEP_ROW:
      return TRUE;
    case CRM_STEP_DONE:
      _crm_store_set_not_found (CRM_ENTITY_PIPELINE, pipeline_id, error);
      return FALSE;
    case CRM_STEP_ERROR:
    default:
      return FALSE;
    }
}

/* 0 means the default pipeline wherever a pipeline id is asked for. */
static gint64
resolve_pipeline (CrmStore  *self,
                  gint64     pipeline_id,
                  GError   **error)
{
  if (pipeline_id == 0)
    return crm_store_get_default_pipeline (self, error);

  if (!check_live_pipeline (self, pipeline_id, error))
    return 0;

  return pipeline_id;
}

/* The first open stage of a pipeline: where new deals start. */
static gint64
first_open_stage (CrmStore  *self,
                  gint64     pipeline_id,
                  GError   **error)
{
  g_autoptr(CrmStatement) stmt = NULL;

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "SELECT id FROM stages "
                               "WHERE pipeline_id = ?1 AND deleted_at IS NULL "
                               "ORDER BY kind != 0, position, id LIMIT 1",
                               error);
  if (stmt == NULL)
    return 0;

  crm_statement_bind_int64 (stmt, 1, pipeline_id);
  switch (crm_statement_step (stmt, error))
    {
    case CRM_STEP_ROW:
      return crm_statement_get_int64 (stmt, 0);
    case CRM_STEP_DONE:
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND,
                   _("The pipeline has no stages"));
      return 0;
    case CRM_STEP_ERROR:
    default:
      return 0;
    }
}

static gboolean
check_contact (CrmStore  *self,
               gint64     contact_id,
               GError   **error)
{
  g_autoptr(CrmStatement) stmt = NULL;

  if (contact_id == 0)
    return TRUE;

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "SELECT name, deleted_at FROM contacts WHERE id = ?1",
                               error);
  if (stmt == NULL)
    return FALSE;

  crm_statement_bind_int64 (stmt, 1, contact_id);
  switch (crm_statement_step (stmt, error))
    {
    case CRM_STEP_ROW:
      if (crm_statement_get_is_null (stmt, 1))
        return TRUE;
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND,
                   _("The client “%s” is in the trash; restore the client first"),
                   crm_statement_get_text (stmt, 0));
      return FALSE;
    case CRM_STEP_DONE:
      _crm_store_set_not_found (CRM_ENTITY_CONTACT, contact_id, error);
      return FALSE;
    case CRM_STEP_ERROR:
    default:
      return FALSE;
    }
}

static gboolean
check_user (CrmStore  *self,
            gint64     user_id,
            GError   **error)
{
  switch (lookup_id (self, "SELECT 1 FROM users WHERE id = ?1", user_id, error))
    {
    case CRM_STEP_ROW:
      return TRUE;
    case CRM_STEP_DONE:
      _crm_store_set_not_found (CRM_ENTITY_USER, user_id, error);
      return FALSE;
    case CRM_STEP_ERROR:
    default:
      return FALSE;
    }
}

static char *
lookup_name (CrmStore   *self,
             const char *sql,
             gint64      id)
{
  g_autoptr(CrmStatement) stmt = NULL;

  if (id == 0)
    return NULL;

  stmt = crm_database_prepare (crm_store_get_database (self), sql, NULL);
  if (stmt == NULL)
    return NULL;

  crm_statement_bind_int64 (stmt, 1, id);
  if (crm_statement_step (stmt, NULL) != CRM_STEP_ROW)
    return NULL;

  return crm_statement_dup_text (stmt, 0);
}

/* Tag names of a deal, sorted the way _crm_store_get_tags() sorts them. */
static char **
load_tag_list (CrmStore *self,
               gint64    deal_id)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "SELECT t.name FROM deal_tags l JOIN tags t ON t.id = l.tag_id "
                               "WHERE l.deal_id = ?1 ORDER BY t.folded",
                               NULL);
  if (stmt != NULL)
    {
      crm_statement_bind_int64 (stmt, 1, deal_id);
      while (crm_statement_step (stmt, NULL) == CRM_STEP_ROW)
        g_strv_builder_add (builder, crm_statement_get_text (stmt, 0));
    }

  return g_strv_builder_end (builder);
}

static CrmDeal *
deal_from_row (CrmStatement *stmt)
{
  CrmDeal *deal = crm_deal_new ();

  crm_deal_set_id (deal, crm_statement_get_int64 (stmt, 0));
  crm_deal_set_title (deal, crm_statement_get_text (stmt, 1));
  crm_deal_set_contact_id (deal, crm_statement_get_int64 (stmt, 2));
  crm_deal_set_contact_name (deal, crm_statement_get_text (stmt, 3));
  crm_deal_set_amount (deal, crm_statement_get_int64 (stmt, 4));
  crm_deal_set_currency (deal, crm_statement_get_text (stmt, 5));
  crm_deal_set_stage_id (deal, crm_statement_get_int64 (stmt, 6));
  crm_deal_set_stage_name (deal, crm_statement_get_text (stmt, 7));
  crm_deal_set_stage_kind (deal, (CrmStageKind)crm_statement_get_int64 (stmt, 8));
  crm_deal_set_pipeline_id (deal, crm_statement_get_int64 (stmt, 9));
  crm_deal_set_position (deal, crm_statement_get_int64 (stmt, 10));
  crm_deal_set_owner_id (deal, crm_statement_get_int64 (stmt, 11));
  crm_deal_set_owner_name (deal, crm_statement_get_text (stmt, 12));
  crm_deal_set_expected_close (deal, crm_statement_get_text (stmt, 13));
  crm_deal_set_lost_reason (deal, crm_statement_get_text (stmt, 14));
  crm_deal_set_created_at (deal, crm_statement_get_int64 (stmt, 15));
  crm_deal_set_updated_at (deal, crm_statement_get_int64 (stmt, 16));
  crm_deal_set_stage_changed_at (deal, crm_statement_get_int64 (stmt, 17));
  crm_deal_set_deleted_at (deal, crm_statement_get_int64 (stmt, 18));
  crm_deal_set_next_reminder_at (deal, crm_statement_get_int64 (stmt, 19));
  return deal;
}

static void
deal_load_tags (CrmStore *self,
                CrmDeal  *deal)
{
  g_auto(GStrv) tags = load_tag_list (self, crm_deal_get_id (deal));

  crm_deal_set_tag_list (deal, (const char * const *)tags);
}

static CrmStage *
stage_from_row (CrmStatement *stmt)
{
  CrmStage *stage = crm_stage_new ();

  crm_stage_set_id (stage, crm_statement_get_int64 (stmt, 0));
  crm_stage_set_pipeline_id (stage, crm_statement_get_int64 (stmt, 1));
  crm_stage_set_name (stage, crm_statement_get_text (stmt, 2));
  crm_stage_set_position (stage, (int)crm_statement_get_int64 (stmt, 3));
  crm_stage_set_color (stage, crm_statement_get_text (stmt, 4));
  crm_stage_set_kind (stage, (CrmStageKind)crm_statement_get_int64 (stmt, 5));
  crm_stage_set_deleted_at (stage, crm_statement_get_int64 (stmt, 6));
  crm_stage_set_deal_count (stage, crm_statement_get_int64 (stmt, 7));
  crm_stage_set_amount_total (stage, crm_statement_get_int64 (stmt, 8));
  return stage;
}

/* Positions */

/* Gives the live deals of a stage the positions STEP, 2 STEP, 3 STEP ... in
 * their current order, in one statement. */
static gboolean
renumber_stage (CrmStore  *self,
                gint64     stage_id,
                GError   **error)
{
  g_autoptr(CrmStatement) stmt = NULL;

  g_debug ("Renumbering the deals of stage %" G_GINT64_FORMAT, stage_id);

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "UPDATE deals SET position = r.n * ?2 "
                               "FROM (SELECT id, row_number () OVER (ORDER BY position, id) AS n "
                               "      FROM deals WHERE stage_id = ?1 AND deleted_at IS NULL) AS r "
                               "WHERE deals.id = r.id",
                               error);
  if (stmt == NULL)
    return FALSE;

  crm_statement_bind_int64 (stmt, 1, stage_id);
  crm_statement_bind_int64 (stmt, 2, POSITION_STEP);
  return crm_statement_run (stmt, error);
}

/* The last position in a stage, not counting @deal_id. FALSE with no error
 * when the stage is empty. */
static gboolean
last_position (CrmStore  *self,
               gint64     stage_id,
               gint64     deal_id,
               gint64    *out_position,
               GError   **error)
{
  g_autoptr(CrmStatement) stmt = NULL;

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "SELECT position FROM deals "
                               "WHERE stage_id = ?1 AND deleted_at IS NULL AND id != ?2 "
                               "ORDER BY position DESC, id DESC LIMIT 1",
                               error);
  if (stmt == NULL)
    return FALSE;

  crm_statement_bind_int64 (stmt, 1, stage_id);
  crm_statement_bind_int64 (stmt, 2, deal_id);
  if (crm_statement_step (stmt, error) != CRM_STEP_ROW)
    return FALSE;

  *out_position = crm_statement_get_int64 (stmt, 0);
  return TRUE;
}

/* The position of the deal just before (@position, @id) in a stage, not
 * counting @deal_id. FALSE with no error when there is none. */
static gboolean
previous_position (CrmStore  *self,
                   gint64     stage_id,
                   gint64     deal_id,
                   gint64     position,
                   gint64     id,
                   gint64    *out_position,
                   GError   **error)
{
  g_autoptr(CrmStatement) stmt = NULL;

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "SELECT position FROM deals "
                               "WHERE stage_id = ?1 AND deleted_at IS NULL AND id != ?2 "
                               "  AND (position, id) < (?3, ?4) "
                               "ORDER BY position DESC, id DESC LIMIT 1",
                               error);
  if (stmt == NULL)
    return FALSE;

  crm_statement_bind_int64 (stmt, 1, stage_id);
  crm_statement_bind_int64 (stmt, 2, deal_id);
  crm_statement_bind_int64 (stmt, 3, position);
  crm_statement_bind_int64 (stmt, 4, id);
  if (crm_statement_step (stmt, error) != CRM_STEP_ROW)
    return FALSE;

  *out_position = crm_statement_get_int64 (stmt, 0);
  return TRUE;
}

static gboolean
anchor_position (CrmStore  *self,
                 gint64     stage_id,
                 gint64     deal_id,
                 gint64     before_id,
                 gint64    *out_position,
                 GError   **error)
{
  g_autoptr(CrmStatement) stmt = NULL;

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "SELECT position FROM deals "
                               "WHERE id = ?1 AND stage_id = ?2 AND deleted_at IS NULL",
                               error);
  if (stmt == NULL)
    return FALSE;

  crm_statement_bind_int64 (stmt, 1, before_id);
  crm_statement_bind_int64 (stmt, 2, stage_id);
  switch (crm_statement_step (stmt, error))
    {
    case CRM_STEP_ROW:
      if (before_id == deal_id)
        break;
      *out_position = crm_statement_get_int64 (stmt, 0);
      return TRUE;
    case CRM_STEP_DONE:
      break;
    case CRM_STEP_ERROR:
    default:
      return FALSE;
    }

  g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
               _("A deal can only be placed before another deal of the same stage"));
  return FALSE;
}

/* Finds the position for @deal_id in @stage_id, before @before_id or at the
 * end. Usually that is a free number between two neighbours; when there is
 * none the stage is renumbered once and the search repeated. */
static gboolean
find_slot (CrmStore  *self,
           gint64     stage_id,
           gint64     deal_id,
           gint64     before_id,
           gint64    *out_position,
           GError   **error)
{
  for (guint attempt = 0; attempt < 2; attempt++)
    {
      GError *local_error = NULL;
      gint64 next, previous;

      if (before_id == 0)
        {
          if (!last_position (self, stage_id, deal_id, &previous, &local_error))
            {
              if (local_error != NULL)
                {
                  g_propagate_error (error, local_error);
                  return FALSE;
                }
              *out_position = POSITION_STEP;
              return TRUE;
            }

          if (previous < POSITION_LIMIT)
            {
              *out_position = MAX (previous, -POSITION_LIMIT) + POSITION_STEP;
              return TRUE;
            }
        }
      else
        {
          if (!anchor_position (self, stage_id, deal_id, before_id, &next, error))
            return FALSE;

          if (!previous_position (self, stage_id, deal_id, next, before_id,
                                  &previous, &local_error))
            {
              if (local_error != NULL)
                {
                  g_propagate_error (error, local_error);
                  return FALSE;
                }
              if (next > -POSITION_LIMIT)
                {
                  *out_position = MIN (next, POSITION_LIMIT) - POSITION_STEP;
                  return TRUE;
                }
            }
          else if (next - previous >= 2 &&
                   previous > -POSITION_LIMIT && next < POSITION_LIMIT)
            {
              *out_position = previous + (next - previous) / 2;
              return TRUE;
            }
        }

      if (attempt == 0 && !renumber_stage (self, stage_id, error))
        return FALSE;
    }

  /* Renumbering always leaves a gap of POSITION_STEP between neighbours. */
  g_assert_not_reached ();
  g_set_error (error, CRM_DATABASE_ERROR, CRM_DATABASE_ERROR_FAILED,
               _("The order of the deals in a stage could not be kept"));
  return FALSE;
}

static gboolean
add_stage_move (CrmStore   *self,
                gint64      deal_id,
                gint64      from_stage_id,
                gint64      to_stage_id,
                gint64      at,
                GError    **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  gint64 user_id = crm_store_get_current_user (self);

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "INSERT INTO deal_stage_history (id, deal_id, from_stage_id, to_stage_id, user_id, at) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                               error);
  if (stmt == NULL)
    return FALSE;

  crm_statement_bind_int64 (stmt, 1, crm_id_new ());
  crm_statement_bind_int64 (stmt, 2, deal_id);
  if (from_stage_id != 0)
    crm_statement_bind_int64 (stmt, 3, from_stage_id);
  else
    crm_statement_bind_null (stmt, 3);
  crm_statement_bind_int64 (stmt, 4, to_stage_id);
  if (user_id != 0)
    crm_statement_bind_int64 (stmt, 5, user_id);
  else
    crm_statement_bind_null (stmt, 5);
  crm_statement_bind_int64 (stmt, 6, at);
  return crm_statement_run (stmt, error);
}

/* Moves a live deal inside the caller's transaction; emits nothing. */
static gboolean
place_deal (CrmStore         *self,
            gint64            deal_id,
            const StageInfo  *from,
            const StageInfo  *to,
            gint64            before_id,
            GError          **error)
{
  gint64 position;

  if (!find_slot (self, to->id, deal_id, before_id, &position, error))
    return FALSE;

  if (from->id == to->id)
    {
      g_autoptr(CrmStatement) stmt = NULL;

      /* A new place in the same column is not a change of the deal. */
      stmt = crm_database_prepare (crm_store_get_database (self),
                                   "UPDATE deals SET position = ?2 WHERE id = ?1",
                                   error);
      if (stmt == NULL)
        return FALSE;

      crm_statement_bind_int64 (stmt, 1, deal_id);
      crm_statement_bind_int64 (stmt, 2, position);
      return crm_statement_run (stmt, error);
    }
  else
    {
      g_autoptr(CrmStatement) stmt = NULL;
      gint64 now = crm_time_now_ms ();

      stmt = crm_database_prepare (crm_store_get_database (self),
                                   "UPDATE deals SET stage_id = ?2, position = ?3, "
                                   "  stage_changed_at = ?4, updated_at = ?4, "
                                   "  stage_sort = " CRM_SORT_KEY_STAGE ("?2") " "
                                   "WHERE id = ?1",
                                   error);
      if (stmt == NULL)
        return FALSE;

      crm_statement_bind_int64 (stmt, 1, deal_id);
      crm_statement_bind_int64 (stmt, 2, to->id);
      crm_statement_bind_int64 (stmt, 3, position);
      crm_statement_bind_int64 (stmt, 4, now);
      if (!crm_statement_run (stmt, error))
        return FALSE;

      /* The search index holds the title and the client, not the stage,
       * so a move leaves it alone. */
      return add_stage_move (self, deal_id, from->id, to->id, now, error) &&
             crm_store_record_history (self, CRM_ENTITY_DEAL, deal_id, "stage",
                                       from->name, to->name, error);
    }
}

/* The stage a live deal is in; NOT_FOUND for a missing or trashed deal. */
static gint64
live_deal_stage (CrmStore  *self,
                 gint64     deal_id,
                 GError   **error)
{
  g_autoptr(CrmStatement) stmt = NULL;

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "SELECT stage_id FROM deals WHERE id = ?1 AND deleted_at IS NULL",
                               error);
  if (stmt == NULL)
    return 0;

  crm_statement_bind_int64 (stmt, 1, deal_id);
  switch (crm_statement_step (stmt, error))
    {
    case CRM_STEP_ROW:
      return crm_statement_get_int64 (stmt, 0);
    case CRM_STEP_DONE:
      _crm_store_set_not_found (CRM_ENTITY_DEAL, deal_id, error);
      return 0;
    case CRM_STEP_ERROR:
    default:
      return 0;
    }
}

/* Pipelines */

static CrmPipeline *
pipeline_from_row (CrmStatement *stmt)
{
  CrmPipeline *pipeline = crm_pipeline_new ();

  crm_pipeline_set_id (pipeline, crm_statement_get_int64 (stmt, 0));
  crm_pipeline_set_name (pipeline, crm_statement_get_text (stmt, 1));
  crm_pipeline_set_position (pipeline, (int)crm_statement_get_int64 (stmt, 2));
  crm_pipeline_set_deleted_at (pipeline, crm_statement_get_int64 (stmt, 3));
  return pipeline;
}

/**
 * crm_store_list_pipelines:
 * @self: a #CrmStore
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type CrmPipeline): the live pipelines
 *   in their order
 */
GPtrArray *
crm_store_list_pipelines (CrmStore  *self,
                          GError   **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autoptr(GPtrArray) pipelines = NULL;
  CrmStepResult result;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "SELECT id, name, position, deleted_at FROM pipelines "
                               "WHERE deleted_at IS NULL ORDER BY position, id",
                               error);
  if (stmt == NULL)
    return NULL;

  pipelines = g_ptr_array_new_with_free_func (g_object_unref);
  while ((result = crm_statement_step (stmt, error)) == CRM_STEP_ROW)
    g_ptr_array_add (pipelines, pipeline_from_row (stmt));

  if (result == CRM_STEP_ERROR)
    return NULL;

  return g_steal_pointer (&pipelines);
}

static gint64
find_pipeline_folded (CrmStore    *self,
                      const char  *folded,
                      GError     **error)
{
  g_autoptr(CrmStatement) stmt = NULL;

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "SELECT id FROM pipelines "
                               "WHERE deleted_at IS NULL AND crm_fold (name) = ?1 "
                               "ORDER BY position, id LIMIT 1",
                               error);
  if (stmt == NULL)
    return -1;

  crm_statement_bind_text (stmt, 1, folded);
  switch (crm_statement_step (stmt, error))
    {
    case CRM_STEP_ROW:
      return crm_statement_get_int64 (stmt, 0);
    case CRM_STEP_DONE:
      return 0;
    case CRM_STEP_ERROR:
    default:
      return -1;
    }
}

/**
 * crm_store_add_pipeline:
 * @self: a #CrmStore
 * @name: the name, unique among live pipelines
 * @error: return location for a #GError
 *
 * Adds a pipeline after the others, with the stages "New", "Won" and
 * "Lost" so that deals can be put in it at once.
 *
 * Returns: the new pipeline's id, 0 on error
 */
gint64
crm_store_add_pipeline (CrmStore    *self,
                        const char  *name,
                        GError     **error)
{
  static const struct {
    const char   *name;
    const char   *color;
    CrmStageKind  kind;
  } stages[] = {
    { N_("New"),  "#62a0ea", CRM_STAGE_OPEN },
    { N_("Won"),  "#2ec27e", CRM_STAGE_WON },
    { N_("Lost"), "#c01c28", CRM_STAGE_LOST },
  };
  CrmDatabase *db;
  g_autoptr(CrmStatement) stmt = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *folded = NULL;
  gint64 existing;
  gint64 id;
  gint64 now;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);

  db = crm_store_get_database (self);
  clean = crm_text_clean (name);
  if (clean == NULL)
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                   _("A pipeline needs a name"));
      return 0;
    }
  if (!validate_text (clean, _("Pipeline name"), PIPELINE_NAME_MAX_CHARS, FALSE, error))
    return 0;

  folded = crm_text_fold (clean);
  existing = find_pipeline_folded (self, folded, error);
  if (existing < 0)
    return 0;
  if (existing > 0)
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_DUPLICATE,
                   _("A pipeline named “%s” exists already"), clean);
      return 0;
    }

  crm_store_emit_changing (self, CRM_ENTITY_PIPELINE, 0);

  if (!crm_store_begin (self, error))
    return 0;

  id = crm_id_new ();
  now = crm_time_now_ms ();
  stmt = crm_database_prepare (db,
                               "INSERT INTO pipelines (id, name, position, created_at) "
                               "VALUES (?1, ?2, "
                               "  (SELECT coalesce (max (position) + 1, 0) FROM pipelines WHERE deleted_at IS NULL), "
                               "  ?3)",
                               error);
  if (stmt == NULL)
    goto failed;

  crm_statement_bind_int64 (stmt, 1, id);
  crm_statement_bind_text (stmt, 2, clean);
  crm_statement_bind_int64 (stmt, 3, now);
  if (!crm_statement_run (stmt, error))
    goto failed;

  for (guint i = 0; i < G_N_ELEMENTS (stages); i++)
    {
      g_autoptr(CrmStatement) insert = NULL;
      gint64 stage_id = crm_id_new ();

      insert = crm_database_prepare (db,
                                     "INSERT INTO stages (id, pipeline_id, name, position, color, kind, created_at) "
                                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                                     error);
      if (insert == NULL)
        goto failed;

      crm_statement_bind_int64 (insert, 1, stage_id);
      crm_statement_bind_int64 (insert, 2, id);
      crm_statement_bind_text (insert, 3, _(stages[i].name));
      crm_statement_bind_int64 (insert, 4, i);
      crm_statement_bind_text (insert, 5, stages[i].color);
      crm_statement_bind_int64 (insert, 6, stages[i].kind);
      crm_statement_bind_int64 (insert, 7, now);
      if (!crm_statement_run (insert, error))
        goto failed;

      crm_store_emit_changed (self, CRM_ENTITY_STAGE, stage_id);
    }

  if (!crm_store_record_history (self, CRM_ENTITY_PIPELINE, id, "created", NULL, clean, error))
    goto failed;

  crm_store_emit_changed (self, CRM_ENTITY_PIPELINE, id);
  if (!crm_store_commit (self, error))
    return 0;

  return id;

failed:
  crm_store_rollback (self);
  return 0;
}

gint64
crm_store_find_pipeline (CrmStore    *self,
                         const char  *name,
                         GError     **error)
{
  g_autofree char *folded = NULL;
  gint64 id;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);

  folded = crm_text_fold (name);
  id = find_pipeline_folded (self, folded, error);
  if (id < 0)
    return 0;
  if (id == 0)
    g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND,
                 _("There is no pipeline named “%s”"), name ? name : "");

  return id;
}

gint64
crm_store_get_default_pipeline (CrmStore  *self,
                                GError   **error)
{
  g_autoptr(CrmStatement) stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "SELECT id FROM pipelines WHERE deleted_at IS NULL "
                               "ORDER BY position, id LIMIT 1",
                               error);
  if (stmt == NULL)
    return 0;

  switch (crm_statement_step (stmt, error))
    {
    case CRM_STEP_ROW:
      return crm_statement_get_int64 (stmt, 0);
    case CRM_STEP_DONE:
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND,
                   _("There is no pipeline; add one first"));
      return 0;
    case CRM_STEP_ERROR:
    default:
      return 0;
    }
}

/* Stages */

static GPtrArray *
list_stages (CrmStore  *self,
             gint64     pipeline_id,
             gboolean   counted,
             GError   **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autoptr(GPtrArray) stages = NULL;
  CrmStepResult result;

  pipeline_id = resolve_pipeline (self, pipeline_id, error);
  if (pipeline_id == 0)
    return NULL;

  stmt = crm_database_prepare (crm_store_get_database (self),
                               counted ? STAGE_SELECT_FOR_PIPELINE : STAGE_SELECT_FOR_PIPELINE_UNCOUNTED,
                               error);
  if (stmt == NULL)
    return NULL;

  crm_statement_bind_int64 (stmt, 1, pipeline_id);
  if (counted)
    crm_statement_bind_text (stmt, 2, crm_store_get_default_currency (self));
  stages = g_ptr_array_new_with_free_func (g_object_unref);
  while ((result = crm_statement_step (stmt, error)) == CRM_STEP_ROW)
    g_ptr_array_add (stages, stage_from_row (stmt));

  if (result == CRM_STEP_ERROR)
    return NULL;

  return g_steal_pointer (&stages);
}

/**
 * crm_store_list_stages:
 * @self: a #CrmStore
 * @pipeline_id: a pipeline, or 0 for the default one
 * @error: return location for a #GError
 *
 * Lists the live stages of a pipeline in order. deal-count counts the live
 * deals of each stage; amount-total sums those of them that are in the
 * default currency, in its minor units.
 *
 * Returns: (transfer full) (element-type CrmStage): the stages
 */
GPtrArray *
crm_store_list_stages (CrmStore  *self,
                       gint64     pipeline_id,
                       GError   **error)
{
  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  return list_stages (self, pipeline_id, TRUE, error);
}

/**
 * crm_store_list_stages_uncounted:
 * @self: a #CrmStore
 * @pipeline_id: a pipeline, or 0 for the default one
 * @error: return location for a #GError
 *
 * Lists the live stages of a pipeline in order, as crm_store_list_stages()
 * does, without counting their deals (deal-count and amount-total are 0):
 * for menus, names and colours. Counting reads every live deal of the
 * pipeline, tens of milliseconds for 200,000 deals; this reads the stages
 * only.
 *
 * Returns: (transfer full) (element-type CrmStage): the stages
 */
GPtrArray *
crm_store_list_stages_uncounted (CrmStore  *self,
                                 gint64     pipeline_id,
                                 GError   **error)
{
  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  return list_stages (self, pipeline_id, FALSE, error);
}

/**
 * crm_store_get_stage:
 * @self: a #CrmStore
 * @id: a stage id
 * @error: return location for a #GError
 *
 * Finds a stage, deleted ones too (deleted-at set), with the count and
 * total of its live deals.
 *
 * Returns: (transfer full): the stage, or %NULL with @error set
 */
CrmStage *
crm_store_get_stage (CrmStore  *self,
                     gint64     id,
                     GError   **error)
{
  g_autoptr(CrmStatement) stmt = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  stmt = crm_database_prepare (crm_store_get_database (self), STAGE_SELECT_BY_ID, error);
  if (stmt == NULL)
    return NULL;

  crm_statement_bind_int64 (stmt, 1, id);
  crm_statement_bind_text (stmt, 2, crm_store_get_default_currency (self));
  switch (crm_statement_step (stmt, error))
    {
    case CRM_STEP_ROW:
      return stage_from_row (stmt);
    case CRM_STEP_DONE:
      _crm_store_set_not_found (CRM_ENTITY_STAGE, id, error);
      return NULL;
    case CRM_STEP_ERROR:
    default:
      return NULL;
    }
}

/* The live stage of @pipeline_id whose name folds to @folded, other than
 * @except_id: its id, 0 when none, -1 on error. */
static gint64
find_stage_folded (CrmStore    *self,
                   gint64       pipeline_id,
                   const char  *folded,
                   gint64       except_id,
                   GError     **error)
{
  g_autoptr(CrmStatement) stmt = NULL;

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "SELECT id FROM stages "
                               "WHERE pipeline_id = ?1 AND deleted_at IS NULL "
                               "  AND crm_fold (name) = ?2 AND id != ?3 "
                               "ORDER BY position, id LIMIT 1",
                               error);
  if (stmt == NULL)
    return -1;

  crm_statement_bind_int64 (stmt, 1, pipeline_id);
  crm_statement_bind_text (stmt, 2, folded);
  crm_statement_bind_int64 (stmt, 3, except_id);
  switch (crm_statement_step (stmt, error))
    {
    case CRM_STEP_ROW:
      return crm_statement_get_int64 (stmt, 0);
    case CRM_STEP_DONE:
      return 0;
    case CRM_STEP_ERROR:
    default:
      return -1;
    }
}

gint64
crm_store_find_stage (CrmStore    *self,
                      gint64       pipeline_id,
                      const char  *name,
                      GError     **error)
{
  g_autofree char *folded = NULL;
  gint64 id;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);

  pipeline_id = resolve_pipeline (self, pipeline_id, error);
  if (pipeline_id == 0)
    return 0;

  folded = crm_text_fold (name);
  id = find_stage_folded (self, pipeline_id, folded, 0, error);
  if (id < 0)
    return 0;
  if (id == 0)
    g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND,
                 _("There is no stage named “%s”"), name ? name : "");

  return id;
}

/* A cleaned stage name that is valid and free inside the pipeline. */
static char *
check_stage_name (CrmStore    *self,
                  gint64       pipeline_id,
                  const char  *name,
                  gint64       except_id,
                  GError     **error)
{
  g_autofree char *clean = crm_text_clean (name);
  g_autofree char *folded = NULL;
  gint64 existing;

  if (clean == NULL)
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                   _("A stage needs a name"));
      return NULL;
    }
  if (!validate_text (clean, _("Stage name"), STAGE_NAME_MAX_CHARS, FALSE, error))
    return NULL;

  folded = crm_text_fold (clean);
  existing = find_stage_folded (self, pipeline_id, folded, except_id, error);
  if (existing < 0)
    return NULL;
  if (existing > 0)
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_DUPLICATE,
                   _("This pipeline has a stage named “%s” already"), clean);
      return NULL;
    }

  return g_steal_pointer (&clean);
}

typedef struct
{
  gint64       id;
  CrmStageKind kind;
} StageSlot;

/* The live stages of a pipeline in their order. */
static GArray *
load_stage_order (CrmStore  *self,
                  gint64     pipeline_id,
                  GError   **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (StageSlot));
  CrmStepResult result;

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "SELECT id, kind FROM stages "
                               "WHERE pipeline_id = ?1 AND deleted_at IS NULL "
                               "ORDER BY position, id",
                               error);
  if (stmt == NULL)
    return NULL;

  crm_statement_bind_int64 (stmt, 1, pipeline_id);
  while ((result = crm_statement_step (stmt, error)) == CRM_STEP_ROW)
    {
      StageSlot slot = {
        crm_statement_get_int64 (stmt, 0),
        (CrmStageKind)crm_statement_get_int64 (stmt, 1),
      };
      g_array_append_val (order, slot);
    }

  if (result == CRM_STEP_ERROR)
    return NULL;

  return g_steal_pointer (&order);
}

/* Numbers the stages 0..n-1 in the order of @order. */
static gboolean
write_stage_order (CrmStore  *self,
                   GArray    *order,
                   GError   **error)
{
  for (guint i = 0; i < order->len; i++)
    {
      g_autoptr(CrmStatement) stmt = NULL;

      stmt = crm_database_prepare (crm_store_get_database (self),
                                   "UPDATE stages SET position = ?2 WHERE id = ?1 AND position != ?2",
                                   error);
      if (stmt == NULL)
        return FALSE;

      crm_statement_bind_int64 (stmt, 1, g_array_index (order, StageSlot, i).id);
      crm_statement_bind_int64 (stmt, 2, i);
      if (!crm_statement_run (stmt, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * crm_store_add_stage:
 * @self: a #CrmStore
 * @pipeline_id: the pipeline, or 0 for the default one
 * @name: the name, unique inside the pipeline
 * @kind: open, won or lost
 * @color: (nullable): "#rrggbb", or %NULL for the default color
 * @position: the index among the pipeline's stages, or -1
 * @error: return location for a #GError
 *
 * Returns: the new stage's id, 0 on error
 */
gint64
crm_store_add_stage (CrmStore      *self,
                     gint64         pipeline_id,
                     const char    *name,
                     CrmStageKind   kind,
                     const char    *color,
                     int            position,
                     GError       **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autoptr(GArray) order = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *clean_color = NULL;
  StageSlot slot;
  guint index;
  gint64 id;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);

  if (kind != CRM_STAGE_OPEN && kind != CRM_STAGE_WON && kind != CRM_STAGE_LOST)
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                   _("A stage is open, won or lost; %d is none of these"), (int)kind);
      return 0;
    }

  pipeline_id = resolve_pipeline (self, pipeline_id, error);
  if (pipeline_id == 0)
    return 0;

  clean = check_stage_name (self, pipeline_id, name, 0, error);
  if (clean == NULL)
    return 0;

  if (color == NULL)
    clean_color = g_strdup (DEFAULT_STAGE_COLOR);
  else if (!check_color (color, &clean_color, error))
    return 0;

  crm_store_emit_changing (self, CRM_ENTITY_STAGE, 0);

  if (!crm_store_begin (self, error))
    return 0;

  order = load_stage_order (self, pipeline_id, error);
  if (order == NULL)
    goto failed;

  if (position >= 0)
    {
      index = MIN ((guint)position, order->len);
    }
  else if (kind == CRM_STAGE_OPEN)
    {
      index = 0;
      for (guint i = 0; i < order->len; i++)
        {
          if (g_array_index (order, StageSlot, i).kind == CRM_STAGE_OPEN)
            index = i + 1;
        }
    }
  else
    {
      index = order->len;
    }

  id = crm_id_new ();
  stmt = crm_database_prepare (crm_store_get_database (self),
                               "INSERT INTO stages (id, pipeline_id, name, position, color, kind, created_at) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                               error);
  if (stmt == NULL)
    goto failed;

  crm_statement_bind_int64 (stmt, 1, id);
  crm_statement_bind_int64 (stmt, 2, pipeline_id);
  crm_statement_bind_text (stmt, 3, clean);
  crm_statement_bind_int64 (stmt, 4, index);
  crm_statement_bind_text (stmt, 5, clean_color);
  crm_statement_bind_int64 (stmt, 6, kind);
  crm_statement_bind_int64 (stmt, 7, crm_time_now_ms ());
  if (!crm_statement_run (stmt, error))
    goto failed;

  slot.id = id;
  slot.kind = kind;
  g_array_insert_val (order, index, slot);

  if (!write_stage_order (self, order, error) ||
      !_crm_store_restage_sort_keys (self, pipeline_id, error) ||
      !crm_store_record_history (self, CRM_ENTITY_STAGE, id, "created", NULL, clean, error))
    goto failed;

  crm_store_emit_changed (self, CRM_ENTITY_STAGE, id);
  if (!crm_store_commit (self, error))
    return 0;

  return id;

failed:
  crm_store_rollback (self);
  return 0;
}

/* Sets one text column of a stage and records the change. */
static gboolean
set_stage_text (CrmStore    *self,
                gint64       id,
                const char  *sql,
                const char  *field,
                const char  *old_value,
                const char  *new_value,
                GError     **error)
{
  g_autoptr(CrmStatement) stmt = NULL;

  if (g_strcmp0 (old_value, new_value) == 0)
    return TRUE;

  crm_store_emit_changing (self, CRM_ENTITY_STAGE, id);

  if (!crm_store_begin (self, error))
    return FALSE;

  stmt = crm_database_prepare (crm_store_get_database (self), sql, error);
  if (stmt == NULL)
    goto failed;

  crm_statement_bind_int64 (stmt, 1, id);
  crm_statement_bind_text (stmt, 2, new_value);
  if (!crm_statement_run (stmt, error) ||
      !crm_store_record_history (self, CRM_ENTITY_STAGE, id, field, old_value, new_value, error))
    goto failed;

  crm_store_emit_changed (self, CRM_ENTITY_STAGE, id);
  return crm_store_commit (self, error);

failed:
  crm_store_rollback (self);
  return FALSE;
}

gboolean
crm_store_rename_stage (CrmStore    *self,
                        gint64       id,
                        const char  *name,
                        GError     **error)
{
  g_auto(StageInfo) info = { 0 };
  g_autofree char *clean = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if (!load_stage_info (self, id, TRUE, &info, error))
    return FALSE;

  clean = check_stage_name (self, info.pipeline_id, name, id, error);
  if (clean == NULL)
    return FALSE;

  return set_stage_text (self, id, "UPDATE stages SET name = ?2 WHERE id = ?1",
                         "name", info.name, clean, error);
}

gboolean
crm_store_set_stage_color (CrmStore    *self,
                           gint64       id,
                           const char  *color,
                           GError     **error)
{
  g_auto(StageInfo) info = { 0 };
  g_autofree char *clean = NULL;
  g_autofree char *old_color = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if (!load_stage_info (self, id, TRUE, &info, error) ||
      !check_color (color, &clean, error))
    return FALSE;

  old_color = lookup_name (self, "SELECT color FROM stages WHERE id = ?1", id);
  return set_stage_text (self, id, "UPDATE stages SET color = ?2 WHERE id = ?1",
                         "color", old_color, clean, error);
}

/**
 * crm_store_reorder_stage:
 * @self: a #CrmStore
 * @id: a live stage
 * @new_position: its new index among the live stages of its pipeline; a
 *   negative or too large index puts it at the end
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
crm_store_reorder_stage (CrmStore  *self,
                         gint64     id,
                         int        new_position,
                         GError   **error)
{
  g_auto(StageInfo) info = { 0 };
  g_autoptr(GArray) order = NULL;
  g_autofree char *old_text = NULL;
  g_autofree char *new_text = NULL;
  StageSlot slot = { 0 };
  guint old_index = G_MAXUINT;
  guint new_index;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if (!load_stage_info (self, id, TRUE, &info, error))
    return FALSE;

  crm_store_emit_changing (self, CRM_ENTITY_STAGE, id);

  if (!crm_store_begin (self, error))
    return FALSE;

  order = load_stage_order (self, info.pipeline_id, error);
  if (order == NULL)
    goto failed;

  for (guint i = 0; i < order->len; i++)
    {
      if (g_array_index (order, StageSlot, i).id == id)
        {
          old_index = i;
          slot = g_array_index (order, StageSlot, i);
        }
    }
  g_assert (old_index != G_MAXUINT);

  g_array_remove_index (order, old_index);
  if (new_position < 0 || (guint)new_position > order->len)
    new_index = order->len;
  else
    new_index = (guint)new_position;
  g_array_insert_val (order, new_index, slot);

  old_text = g_strdup_printf ("%u", old_index + 1);
  new_text = g_strdup_printf ("%u", new_index + 1);
  if (!write_stage_order (self, order, error) ||
      !_crm_store_restage_sort_keys (self, info.pipeline_id, error) ||
      !crm_store_record_history (self, CRM_ENTITY_STAGE, id, "position",
                                 old_text, new_text, error))
    goto failed;

  crm_store_emit_changed (self, CRM_ENTITY_STAGE, id);
  return crm_store_commit (self, error);

failed:
  crm_store_rollback (self);
  return FALSE;
}

/* Runs a query with one id parameter and reads one integer from it. */
static CrmStepResult
query_int64 (CrmStore    *self,
             const char  *sql,
             gint64       id,
             gint64      *out_value,
             GError     **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  CrmStepResult result;

  stmt = crm_database_prepare (crm_store_get_database (self), sql, error);
  if (stmt == NULL)
    return CRM_STEP_ERROR;

  crm_statement_bind_int64 (stmt, 1, id);
  result = crm_statement_step (stmt, error);
  if (result == CRM_STEP_ROW)
    *out_value = crm_statement_get_int64 (stmt, 0);

  return result;
}

/* Ids of the live deals of a stage, in board order. */
static GArray *
load_stage_deals (CrmStore  *self,
                  gint64     stage_id,
                  GError   **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  CrmStepResult result;

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "SELECT id FROM deals WHERE stage_id = ?1 AND deleted_at IS NULL "
                               "ORDER BY position, id",
                               error);
  if (stmt == NULL)
    return NULL;

  crm_statement_bind_int64 (stmt, 1, stage_id);
  while ((result = crm_statement_step (stmt, error)) == CRM_STEP_ROW)
    {
      gint64 id = crm_statement_get_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }

  if (result == CRM_STEP_ERROR)
    return NULL;

  return g_steal_pointer (&ids);
}

gboolean
crm_store_delete_stage (CrmStore  *self,
                        gint64     id,
                        gint64     move_deals_to,
                        GError   **error)
{
  g_auto(StageInfo) info = { 0 };
  g_auto(StageInfo) target = { 0 };
  g_autoptr(CrmStatement) stmt = NULL;
  g_autoptr(GArray) deals = NULL;
  gint64 n_deals = 0;
  gint64 n_open = 0;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  if (!load_stage_info (self, id, TRUE, &info, error))
    return FALSE;

  if (info.kind == CRM_STAGE_OPEN)
    {
      if (query_int64 (self,
                       "SELECT count (*) FROM stages "
                       "WHERE pipeline_id = ?1 AND deleted_at IS NULL AND kind = 0",
                       info.pipeline_id, &n_open, error) != CRM_STEP_ROW)
        return FALSE;

      if (n_open <= 1)
        {
          g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                       _("“%s” is the last open stage of its pipeline and cannot be deleted; "
                         "a pipeline needs at least one open stage"),
                       info.name);
          return FALSE;
        }
    }

  if (move_deals_to != 0)
    {
      if (move_deals_to == id)
        {
          g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                       _("The deals of a deleted stage must go to another stage"));
          return FALSE;
        }
      if (!load_stage_info (self, move_deals_to, TRUE, &target, error))
        return FALSE;
      if (target.pipeline_id != info.pipeline_id)
        {
          g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                       _("The stage “%s” is in another pipeline; the deals of “%s” can only "
                         "move to a stage of the same pipeline"),
                       target.name, info.name);
          return FALSE;
        }
    }

  if (query_int64 (self,
                   "SELECT count (*) FROM deals WHERE stage_id = ?1 AND deleted_at IS NULL",
                   id, &n_deals, error) != CRM_STEP_ROW)
    return FALSE;

  if (n_deals > 0 && move_deals_to == 0)
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_IN_USE,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The stage “%s” holds %" PRId64 " deal; "
                                "choose a stage to move it to",
                                "The stage “%s” holds %" PRId64 " deals; "
                                "choose a stage to move them to",
                                n_deals),
                   info.name, n_deals);
      return FALSE;
    }

  crm_store_emit_changing (self, CRM_ENTITY_STAGE, id);

  if (!crm_store_begin (self, error))
    return FALSE;

  if (n_deals > 0)
    {
      deals = load_stage_deals (self, id, error);
      if (deals == NULL)
        goto failed;

      for (guint i = 0; i < deals->len; i++)
        {
          gint64 deal_id = g_array_index (deals, gint64, i);

          crm_store_emit_changing (self, CRM_ENTITY_DEAL, deal_id);
          if (!place_deal (self, deal_id, &info, &target, 0, error))
            goto failed;
          crm_store_emit_changed (self, CRM_ENTITY_DEAL, deal_id);
        }
    }

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "UPDATE stages SET deleted_at = ?2 WHERE id = ?1",
                               error);
  if (stmt == NULL)
    goto failed;

  crm_statement_bind_int64 (stmt, 1, id);
  crm_statement_bind_int64 (stmt, 2, crm_time_now_ms ());
  if (!crm_statement_run (stmt, error) ||
      !crm_store_record_history (self, CRM_ENTITY_STAGE, id, "deleted", NULL, "1", error))
    goto failed;

  crm_store_emit_changed (self, CRM_ENTITY_STAGE, id);
  return crm_store_commit (self, error);

failed:
  crm_store_rollback (self);
  return FALSE;
}

/* Deals */

/* The fields of a deal as they will be stored, checked. */
typedef struct
{
  char *title;
  char *currency;
  char *expected_close;
  char *lost_reason;
} DealFields;

static void
deal_fields_clear (DealFields *fields)
{
  g_clear_pointer (&fields->title, g_free);
  g_clear_pointer (&fields->currency, g_free);
  g_clear_pointer (&fields->expected_close, g_free);
  g_clear_pointer (&fields->lost_reason, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DealFields, deal_fields_clear)

static gboolean
check_deal_fields (CrmStore    *self,
                   CrmDeal     *deal,
                   const char  *fallback_currency,
                   DealFields  *fields,
                   GError     **error)
{
  const char *currency = crm_deal_get_currency (deal);
  const char *expected_close = crm_deal_get_expected_close (deal);

  fields->title = crm_text_clean (crm_deal_get_title (deal));
  if (fields->title == NULL)
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                   _("A deal needs a title"));
      return FALSE;
    }
  if (!validate_text (fields->title, _("Title"), TITLE_MAX_CHARS, FALSE, error))
    return FALSE;

  if (crm_deal_get_amount (deal) < 0)
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                   _("The amount of a deal cannot be negative"));
      return FALSE;
    }

  if (currency == NULL || crm_text_is_blank (currency))
    fields->currency = g_strdup (fallback_currency);
  else
    fields->currency = g_strstrip (g_ascii_strup (currency, -1));

  if (!crm_money_currency_is_valid (fields->currency))
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                   _("“%s” is not a known currency; use a three-letter ISO 4217 code such as EUR"),
                   currency ? currency : fields->currency ? fields->currency : "");
      return FALSE;
    }

  if (expected_close != NULL && !crm_text_is_blank (expected_close))
    {
      fields->expected_close = g_strstrip (g_strdup (expected_close));
      if (!is_valid_date (fields->expected_close))
        {
          g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                       _("The expected close date “%s” is not a date; write it as YYYY-MM-DD"),
                       expected_close);
          return FALSE;
        }
    }

  fields->lost_reason = clean_multiline (crm_deal_get_lost_reason (deal));
  if (!validate_text (fields->lost_reason, _("Lost reason"), LOST_REASON_MAX_CHARS, TRUE, error))
    return FALSE;

  return check_contact (self, crm_deal_get_contact_id (deal), error);
}

static void
bind_optional_id (CrmStatement *stmt,
                  int           index,
                  gint64        id)
{
  if (id != 0)
    crm_statement_bind_int64 (stmt, index, id);
  else
    crm_statement_bind_null (stmt, index);
}

/**
 * crm_store_add_deal:
 * @self: a #CrmStore
 * @deal: the deal to add
 * @error: return location for a #GError
 *
 * Adds a deal at the end of its stage and starts its path through the
 * funnel there. On success the id, stage, owner, currency, position and
 * times are set on @deal.
 *
 * Returns: the new id, 0 on error
 */
gint64
crm_store_add_deal (CrmStore  *self,
                    CrmDeal   *deal,
                    GError   **error)
{
  g_auto(DealFields) fields = { 0 };
  g_auto(StageInfo) stage = { 0 };
  g_autoptr(CrmStatement) stmt = NULL;
  g_autofree char *folded = NULL;
  gint64 stage_id, owner_id, id, now, position;

  g_return_val_if_fail (CRM_IS_STORE (self), 0);
  g_return_val_if_fail (CRM_IS_DEAL (deal), 0);

  if (!check_deal_fields (self, deal, crm_store_get_default_currency (self), &fields, error))
    return 0;

  stage_id = crm_deal_get_stage_id (deal);
  if (stage_id == 0)
    {
      gint64 pipeline_id = crm_store_get_default_pipeline (self, error);

      if (pipeline_id == 0)
        return 0;
      stage_id = first_open_stage (self, pipeline_id, error);
      if (stage_id == 0)
        return 0;
    }
  if (!load_stage_info (self, stage_id, TRUE, &stage, error))
    return 0;

  owner_id = crm_deal_get_owner_id (deal);
  if (owner_id == 0)
    owner_id = crm_store_get_current_user (self);
  if (owner_id != 0 && !check_user (self, owner_id, error))
    return 0;

  crm_store_emit_changing (self, CRM_ENTITY_DEAL, 0);

  if (!crm_store_begin (self, error))
    return 0;

  id = crm_id_new ();
  now = crm_time_now_ms ();
  if (!find_slot (self, stage_id, id, 0, &position, error))
    goto failed;

  folded = crm_text_fold (fields.title);
  stmt = crm_database_prepare (crm_store_get_database (self),
                               "INSERT INTO deals (id, title, title_folded, contact_id, amount, currency, "
                               "  stage_id, position, owner_id, expected_close, lost_reason, "
                               "  created_at, updated_at, stage_changed_at, "
                               "  client_sort, stage_sort, owner_sort) "
                               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?12, "
                               "  " CRM_SORT_KEY_CONTACT ("?4") ", " CRM_SORT_KEY_STAGE ("?7") ", "
                               "  " CRM_SORT_KEY_USER ("?9") ")",
                               error);
  if (stmt == NULL)
    goto failed;

  crm_statement_bind_int64 (stmt, 1, id);
  crm_statement_bind_text (stmt, 2, fields.title);
  crm_statement_bind_text (stmt, 3, folded);
  bind_optional_id (stmt, 4, crm_deal_get_contact_id (deal));
  crm_statement_bind_int64 (stmt, 5, crm_deal_get_amount (deal));
  crm_statement_bind_text (stmt, 6, fields.currency);
  crm_statement_bind_int64 (stmt, 7, stage_id);
  crm_statement_bind_int64 (stmt, 8, position);
  bind_optional_id (stmt, 9, owner_id);
  crm_statement_bind_text (stmt, 10, fields.expected_close);
  crm_statement_bind_text (stmt, 11, fields.lost_reason);
  crm_statement_bind_int64 (stmt, 12, now);
  if (!crm_statement_run (stmt, error))
    goto failed;

  if (!_crm_store_set_tags (self, "deal_tags", "deal_id", id,
                            (const char * const *)crm_deal_get_tag_list (deal), error) ||
      !add_stage_move (self, id, 0, stage_id, now, error) ||
      !crm_store_record_history (self, CRM_ENTITY_DEAL, id, "created", NULL, fields.title, error) ||
      !crm_search_index_deal (self, id, error))
    goto failed;

  crm_store_emit_changed (self, CRM_ENTITY_DEAL, id);
  if (!crm_store_commit (self, error))
    return 0;

  crm_deal_set_id (deal, id);
  crm_deal_set_title (deal, fields.title);
  crm_deal_set_stage_id (deal, stage_id);
  crm_deal_set_stage_name (deal, stage.name);
  crm_deal_set_stage_kind (deal, stage.kind);
  crm_deal_set_pipeline_id (deal, stage.pipeline_id);
  crm_deal_set_owner_id (deal, owner_id);
  crm_deal_set_currency (deal, fields.currency);
  crm_deal_set_position (deal, position);
  crm_deal_set_created_at (deal, now);
  crm_deal_set_updated_at (deal, now);
  crm_deal_set_stage_changed_at (deal, now);
  return id;

failed:
  crm_store_rollback (self);
  return 0;
}

/**
 * crm_store_update_deal:
 * @self: a #CrmStore
 * @deal: the deal, by its id, with every field as it should be
 * @error: return location for a #GError
 *
 * Writes title, contact-id, amount, currency (%NULL keeps the stored one),
 * owner-id (0: nobody), expected-close, lost-reason and the tag list, and
 * records one history row per changed field. A new stage-id (0 keeps the
 * stage) moves the deal to the end of that stage, as crm_store_move_deal()
 * does.
 *
 * Returns: %TRUE on success
 */
gboolean
crm_store_update_deal (CrmStore  *self,
                       CrmDeal   *deal,
                       GError   **error)
{
  g_autoptr(CrmDeal) old = NULL;
  g_auto(DealFields) fields = { 0 };
  g_auto(StageInfo) from = { 0 };
  g_auto(StageInfo) to = { 0 };
  g_autoptr(CrmStatement) stmt = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *old_amount = NULL;
  g_autofree char *new_amount = NULL;
  g_autofree char *new_contact = NULL;
  g_autofree char *new_owner = NULL;
  g_autofree char *old_tags = NULL;
  g_autofree char *new_tags = NULL;
  gint64 id, stage_id, owner_id, contact_id;
  gboolean changed;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (CRM_IS_DEAL (deal), FALSE);

  id = crm_deal_get_id (deal);
  old = crm_store_get_deal (self, id, error);
  if (old == NULL)
    return FALSE;
  if (crm_deal_get_deleted_at (old) != 0)
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND,
                   _("The deal “%s” is in the trash; restore it before changing it"),
                   crm_deal_get_title (old));
      return FALSE;
    }

  if (!check_deal_fields (self, deal, crm_deal_get_currency (old), &fields, error))
    return FALSE;

  stage_id = crm_deal_get_stage_id (deal);
  if (stage_id == 0)
    stage_id = crm_deal_get_stage_id (old);
  if (stage_id != crm_deal_get_stage_id (old))
    {
      if (!load_stage_info (self, crm_deal_get_stage_id (old), FALSE, &from, error) ||
          !load_stage_info (self, stage_id, TRUE, &to, error))
        return FALSE;
    }

  owner_id = crm_deal_get_owner_id (deal);
  if (owner_id != 0 && !check_user (self, owner_id, error))
    return FALSE;
  contact_id = crm_deal_get_contact_id (deal);

  crm_store_emit_changing (self, CRM_ENTITY_DEAL, id);

  if (!crm_store_begin (self, error))
    return FALSE;

  folded = crm_text_fold (fields.title);
  stmt = crm_database_prepare (crm_store_get_database (self),
                               "UPDATE deals SET title = ?2, title_folded = ?3, contact_id = ?4, "
                               "  amount = ?5, currency = ?6, owner_id = ?7, expected_close = ?8, "
                               "  lost_reason = ?9, "
                               "  client_sort = " CRM_SORT_KEY_CONTACT ("?4") ", "
                               "  owner_sort = " CRM_SORT_KEY_USER ("?7") " "
                               "WHERE id = ?1",
                               error);
  if (stmt == NULL)
    goto failed;

  crm_statement_bind_int64 (stmt, 1, id);
  crm_statement_bind_text (stmt, 2, fields.title);
  crm_statement_bind_text (stmt, 3, folded);
  bind_optional_id (stmt, 4, contact_id);
  crm_statement_bind_int64 (stmt, 5, crm_deal_get_amount (deal));
  crm_statement_bind_text (stmt, 6, fields.currency);
  bind_optional_id (stmt, 7, owner_id);
  crm_statement_bind_text (stmt, 8, fields.expected_close);
  crm_statement_bind_text (stmt, 9, fields.lost_reason);
  if (!crm_statement_run (stmt, error))
    goto failed;
  g_clear_pointer (&stmt, crm_statement_release);

  old_tags = _crm_store_get_tags (self, "deal_tags", "deal_id", id);
  if (!_crm_store_set_tags (self, "deal_tags", "deal_id", id,
                            (const char * const *)crm_deal_get_tag_list (deal), error))
    goto failed;

  old_amount = amount_text (crm_deal_get_amount (old), crm_deal_get_currency (old));
  new_amount = amount_text (crm_deal_get_amount (deal), fields.currency);
  new_contact = lookup_name (self, "SELECT name FROM contacts WHERE id = ?1", contact_id);
  new_owner = lookup_name (self, "SELECT name FROM users WHERE id = ?1", owner_id);
  new_tags = _crm_store_get_tags (self, "deal_tags", "deal_id", id);

  changed = g_strcmp0 (crm_deal_get_title (old), fields.title) != 0 ||
            g_strcmp0 (old_amount, new_amount) != 0 ||
            crm_deal_get_contact_id (old) != contact_id ||
            crm_deal_get_owner_id (old) != owner_id ||
            g_strcmp0 (crm_deal_get_expected_close (old), fields.expected_close) != 0 ||
            g_strcmp0 (old_tags, new_tags) != 0 ||
            g_strcmp0 (crm_deal_get_lost_reason (old), fields.lost_reason) != 0;

  if (!crm_store_record_history (self, CRM_ENTITY_DEAL, id, "title",
                                 crm_deal_get_title (old), fields.title, error) ||
      !crm_store_record_history (self, CRM_ENTITY_DEAL, id, "amount",
                                 old_amount, new_amount, error) ||
      !crm_store_record_history (self, CRM_ENTITY_DEAL, id, "contact",
                                 crm_deal_get_contact_name (old), new_contact, error) ||
      !crm_store_record_history (self, CRM_ENTITY_DEAL, id, "owner",
                                 crm_deal_get_owner_name (old), new_owner, error) ||
      !crm_store_record_history (self, CRM_ENTITY_DEAL, id, "expected_close",
                                 crm_deal_get_expected_close (old), fields.expected_close, error) ||
      !crm_store_record_history (self, CRM_ENTITY_DEAL, id, "tags",
                                 empty_to_null (old_tags), empty_to_null (new_tags), error) ||
      !crm_store_record_history (self, CRM_ENTITY_DEAL, id, "lost_reason",
                                 crm_deal_get_lost_reason (old), fields.lost_reason, error))
    goto failed;

  if (changed)
    {
      stmt = crm_database_prepare (crm_store_get_database (self),
                                   "UPDATE deals SET updated_at = ?2 WHERE id = ?1",
                                   error);
      if (stmt == NULL)
        goto failed;

      crm_statement_bind_int64 (stmt, 1, id);
      crm_statement_bind_int64 (stmt, 2, crm_time_now_ms ());
      if (!crm_statement_run (stmt, error))
        goto failed;
    }

  if (to.id != 0 && !place_deal (self, id, &from, &to, 0, error))
    goto failed;

  if (!crm_search_index_deal (self, id, error))
    goto failed;

  crm_store_emit_changed (self, CRM_ENTITY_DEAL, id);
  return crm_store_commit (self, error);

failed:
  crm_store_rollback (self);
  return FALSE;
}

/**
 * crm_store_get_deal:
 * @self: a #CrmStore
 * @id: a deal id
 * @error: return location for a #GError
 *
 * The whole deal: contact-name, stage-name, stage-kind, pipeline-id,
 * owner-name, tags and next-reminder-at filled in. Trashed deals are found
 * too (deleted-at set).
 *
 * Returns: (transfer full): the deal, or %NULL with @error set
 */
CrmDeal *
crm_store_get_deal (CrmStore  *self,
                    gint64     id,
                    GError   **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  CrmDeal *deal;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  stmt = crm_database_prepare (crm_store_get_database (self),
                               DEAL_SELECT "WHERE d.id = ?1",
                               error);
  if (stmt == NULL)
    return NULL;

  crm_statement_bind_int64 (stmt, 1, id);
  switch (crm_statement_step (stmt, error))
    {
    case CRM_STEP_ROW:
      deal = deal_from_row (stmt);
      break;
    case CRM_STEP_DONE:
      _crm_store_set_not_found (CRM_ENTITY_DEAL, id, error);
      return NULL;
    case CRM_STEP_ERROR:
    default:
      return NULL;
    }

  g_clear_pointer (&stmt, crm_statement_release);
  deal_load_tags (self, deal);
  return deal;
}

/**
 * crm_store_move_deal:
 * @self: a #CrmStore
 * @id: a live deal
 * @stage_id: the stage to put it in (0: the stage it is in)
 * @before_deal_id: a deal of that stage to place it before, or 0 for the end
 * @error: return location for a #GError
 *
 * Usually writes one row; a change of stage adds a row to the deal's stage
 * path and to its history. The lost reason is left as it is.
 *
 * Returns: %TRUE on success
 */
gboolean
crm_store_move_deal (CrmStore  *self,
                     gint64     id,
                     gint64     stage_id,
                     gint64     before_deal_id,
                     GError   **error)
{
  g_auto(StageInfo) from = { 0 };
  g_auto(StageInfo) to = { 0 };
  gint64 from_id;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  from_id = live_deal_stage (self, id, error);
  if (from_id == 0)
    return FALSE;
  if (stage_id == 0)
    stage_id = from_id;

  /* Dropping a card onto itself changes nothing. */
  if (before_deal_id == id && stage_id == from_id)
    return TRUE;

  if (!load_stage_info (self, from_id, FALSE, &from, error) ||
      !load_stage_info (self, stage_id, TRUE, &to, error))
    return FALSE;

  crm_store_emit_changing (self, CRM_ENTITY_DEAL, id);

  if (!crm_store_begin (self, error))
    return FALSE;

  if (!place_deal (self, id, &from, &to, before_deal_id, error))
    {
      crm_store_rollback (self);
      return FALSE;
    }

  crm_store_emit_changed (self, CRM_ENTITY_DEAL, id);
  return crm_store_commit (self, error);
}

gboolean
crm_store_delete_deal (CrmStore  *self,
                       gint64     id,
                       GError   **error)
{
  g_autofree char *title = NULL;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  title = lookup_name (self, "SELECT title FROM deals WHERE id = ?1 AND deleted_at IS NULL", id);
  if (title == NULL)
    {
      _crm_store_set_not_found (CRM_ENTITY_DEAL, id, error);
      return FALSE;
    }

  crm_store_emit_changing (self, CRM_ENTITY_DEAL, id);

  if (!crm_store_begin (self, error))
    return FALSE;

  if (!_crm_store_trash_row (self, CRM_ENTITY_DEAL, "deals", id, title, error) ||
      !crm_search_index_deal (self, id, error))
    {
      crm_store_rollback (self);
      return FALSE;
    }

  crm_store_emit_changed (self, CRM_ENTITY_DEAL, id);
  return crm_store_commit (self, error);
}

/**
 * crm_store_restore_deal:
 * @self: a #CrmStore
 * @id: a trashed deal
 * @error: return location for a #GError
 *
 * Takes a deal out of the trash. If its stage was deleted meanwhile, it
 * goes to the first open stage of its pipeline (recorded as a stage move).
 *
 * Returns: %TRUE on success
 */
gboolean
crm_store_restore_deal (CrmStore  *self,
                        gint64     id,
                        GError   **error)
{
  g_auto(StageInfo) from = { 0 };
  g_auto(StageInfo) to = { 0 };
  gint64 stage_id = 0;

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);

  switch (query_int64 (self, "SELECT stage_id FROM deals WHERE id = ?1", id, &stage_id, error))
    {
    case CRM_STEP_ROW:
      break;
    case CRM_STEP_DONE:
      _crm_store_set_not_found (CRM_ENTITY_DEAL, id, error);
      return FALSE;
    case CRM_STEP_ERROR:
    default:
      return FALSE;
    }

  crm_store_emit_changing (self, CRM_ENTITY_DEAL, id);

  if (!crm_store_begin (self, error))
    return FALSE;

  if (!_crm_store_untrash_row (self, CRM_ENTITY_DEAL, "deals", id, error) ||
      !load_stage_info (self, stage_id, FALSE, &from, error))
    goto failed;

  if (from.deleted_at != 0)
    {
      gint64 pipeline_id = from.pipeline_id;
      gint64 target_id;

      if (!check_live_pipeline (self, pipeline_id, NULL))
        pipeline_id = crm_store_get_default_pipeline (self, error);
      if (pipeline_id == 0)
        goto failed;

      target_id = first_open_stage (self, pipeline_id, error);
      if (target_id == 0 ||
          !load_stage_info (self, target_id, TRUE, &to, error) ||
          !place_deal (self, id, &from, &to, 0, error))
        goto failed;
    }

  if (!crm_search_index_deal (self, id, error))
    goto failed;

  crm_store_emit_changed (self, CRM_ENTITY_DEAL, id);
  return crm_store_commit (self, error);

failed:
  crm_store_rollback (self);
  return FALSE;
}

/**
 * crm_store_list_stage_moves:
 * @self: a #CrmStore
 * @deal_id: a deal
 * @error: return location for a #GError
 *
 * The path of a deal through the funnel, from the stage it was created in.
 * Each move's left_at is the time of the next move, 0 for the stage the
 * deal is in now.
 *
 * Returns: (transfer full) (element-type CrmStageMove): the moves, oldest
 *   first
 */
GPtrArray *
crm_store_list_stage_moves (CrmStore  *self,
                            gint64     deal_id,
                            GError   **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autoptr(GPtrArray) moves = NULL;
  CrmStepResult result;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  switch (lookup_id (self, "SELECT 1 FROM deals WHERE id = ?1", deal_id, error))
    {
    case CRM_STEP_ROW:
      break;
    case CRM_STEP_DONE:
      _crm_store_set_not_found (CRM_ENTITY_DEAL, deal_id, error);
      return NULL;
    case CRM_STEP_ERROR:
    default:
      return NULL;
    }

  stmt = crm_database_prepare (crm_store_get_database (self),
                               "SELECT h.at, lead (h.at, 1, 0) OVER (ORDER BY h.at, h.id), "
                               "       h.from_stage_id, h.to_stage_id, fs.name, ts.name, "
                               "       h.user_id, u.name "
                               "FROM deal_stage_history h "
                               "LEFT JOIN stages fs ON fs.id = h.from_stage_id "
                               "JOIN stages ts ON ts.id = h.to_stage_id "
                               "LEFT JOIN users u ON u.id = h.user_id "
                               "WHERE h.deal_id = ?1 "
                               "ORDER BY h.at, h.id",
                               error);
  if (stmt == NULL)
    return NULL;

  crm_statement_bind_int64 (stmt, 1, deal_id);
  moves = g_ptr_array_new_with_free_func ((GDestroyNotify)crm_stage_move_free);
  while ((result = crm_statement_step (stmt, error)) == CRM_STEP_ROW)
    {
      CrmStageMove *move = g_new0 (CrmStageMove, 1);

      move->at = crm_statement_get_int64 (stmt, 0);
      move->left_at = crm_statement_get_int64 (stmt, 1);
      move->from_stage_id = crm_statement_get_int64 (stmt, 2);
      move->to_stage_id = crm_statement_get_int64 (stmt, 3);
      move->from_stage_name = crm_statement_dup_text (stmt, 4);
      move->to_stage_name = crm_statement_dup_text (stmt, 5);
      move->user_id = crm_statement_get_int64 (stmt, 6);
      move->user_name = crm_statement_dup_text (stmt, 7);
      g_ptr_array_add (moves, move);
    }

  if (result == CRM_STEP_ERROR)
    return NULL;

  return g_steal_pointer (&moves);
}

/**
 * crm_store_list_deals_of_contact:
 * @self: a #CrmStore
 * @contact_id: a contact
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type CrmDeal): the live deals of a
 *   client, newest first, filled in as by crm_store_get_deal()
 */
GPtrArray *
crm_store_list_deals_of_contact (CrmStore  *self,
                                 gint64     contact_id,
                                 GError   **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autoptr(GPtrArray) deals = NULL;
  CrmStepResult result;

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  stmt = crm_database_prepare (crm_store_get_database (self),
                               DEAL_SELECT
                               "WHERE d.contact_id = ?1 AND d.deleted_at IS NULL "
                               "ORDER BY d.created_at DESC, d.id DESC",
                               error);
  if (stmt == NULL)
    return NULL;

  crm_statement_bind_int64 (stmt, 1, contact_id);
  deals = g_ptr_array_new_with_free_func (g_object_unref);
  while ((result = crm_statement_step (stmt, error)) == CRM_STEP_ROW)
    g_ptr_array_add (deals, deal_from_row (stmt));

  if (result == CRM_STEP_ERROR)
    return NULL;

  g_clear_pointer (&stmt, crm_statement_release);
  for (guint i = 0; i < deals->len; i++)
    deal_load_tags (self, g_ptr_array_index (deals, i));

  return g_steal_pointer (&deals);
}

/* Lost reasons */

#define LOST_REASONS_KEY "lost_reasons"

/**
 * crm_store_list_lost_reasons:
 * @self: a #CrmStore
 *
 * The reasons offered when a deal is lost. Until they are set they are
 * "Too expensive", "Chose a competitor", "No longer needed" and "No
 * answer", in the user's language.
 *
 * Returns: (transfer full): the reasons, in order
 */
GStrv
crm_store_list_lost_reasons (CrmStore *self)
{
  static const char * const defaults[] = {
    N_("Too expensive"),
    N_("Chose a competitor"),
    N_("No longer needed"),
    N_("No answer"),
  };
  g_autofree char *stored = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (CRM_IS_STORE (self), NULL);

  stored = crm_database_get_meta (crm_store_get_database (self), LOST_REASONS_KEY);
  if (stored == NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (defaults); i++)
        g_strv_builder_add (builder, _(defaults[i]));
    }
  else
    {
      g_auto(GStrv) lines = g_strsplit (stored, "\n", -1);

      /* An empty text is an emptied list, not one empty reason. */
      for (guint i = 0; lines[i] != NULL; i++)
        {
          if (lines[i][0] != '\0')
            g_strv_builder_add (builder, lines[i]);
        }
    }

  return g_strv_builder_end (builder);
}

/**
 * crm_store_set_lost_reasons:
 * @self: a #CrmStore
 * @reasons: (array zero-terminated=1): the reasons in order; each is
 *   cleaned, and blank ones and repeats (case and diacritics ignored) are
 *   left out
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success
 */
gboolean
crm_store_set_lost_reasons (CrmStore            *self,
                            const char * const  *reasons,
                            GError             **error)
{
  g_autoptr(GPtrArray) folded = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (CRM_IS_STORE (self), FALSE);
  g_return_val_if_fail (reasons != NULL, FALSE);

  for (guint i = 0; reasons[i] != NULL; i++)
    {
      g_autofree char *clean = crm_text_clean (reasons[i]);
      g_autofree char *key = NULL;

      if (clean == NULL || clean[0] == '\0')
        continue;
      if (!validate_text (clean, _("Lost reason"), LOST_REASON_MAX_CHARS, FALSE, error))
        return FALSE;

      key = crm_text_fold (clean);
      if (g_ptr_array_find_with_equal_func (folded, key, g_str_equal, NULL))
        continue;
      g_ptr_array_add (folded, g_steal_pointer (&key));

      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, clean);
    }

  return crm_database_set_meta (crm_store_get_database (self), LOST_REASONS_KEY, text->str, error);
}
