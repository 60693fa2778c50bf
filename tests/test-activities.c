/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "crm-id.h"
#include "crm-store-activities.h"
#include "crm-store.h"
#include "crm-time.h"

#define MINUTE ((gint64) 60 * 1000)
#define HOUR   (60 * MINUTE)
#define DAY    (24 * HOUR)

/* 2026-03-02 10:00:00 UTC: a fixed "now" for every test. */
#define NOW ((gint64) 1772445600000)

typedef struct
{
  CrmEntityKind kind;
  gint64        id;
} Change;

typedef struct
{
  char     *dir;
  CrmStore *store;
  gint64    anna;      /* a client with two phones */
  gint64    boris;     /* a client with a deal */
  gint64    deal;      /* Boris's deal */
  GArray   *changing;
  GArray   *changed;
} Fixture;

/* Test data goes in with plain SQL, so that these tests do not depend on
 * the contact and deal parts of the store. */
static void
exec_with_ids (CrmStore   *store,
               const char *sql,
               gint64      a,
               gint64      b,
               const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStatement) stmt = NULL;

  stmt = crm_database_prepare (crm_store_get_database (store), sql, &error);
  g_assert_no_error (error);
  crm_statement_bind_int64 (stmt, 1, a);
  crm_statement_bind_int64 (stmt, 2, b);
  crm_statement_bind_text (stmt, 3, text);
  crm_statement_bind_int64 (stmt, 4, NOW);
  crm_statement_run (stmt, &error);
  g_assert_no_error (error);
}

static gint64
add_contact (CrmStore   *store,
             const char *name)
{
  gint64 id = crm_id_new ();

  exec_with_ids (store,
                 "INSERT INTO contacts (id, kind, name, name_folded, created_at, updated_at) "
                 "VALUES (?1, ?2, ?3, lower (?3), ?4, ?4)",
                 id, 0, name);
  return id;
}

static void
add_phone (CrmStore   *store,
           gint64      contact_id,
           int         position,
           const char *e164)
{
  g_autofree char *sql = g_strdup_printf ("INSERT INTO phones (id, contact_id, kind, raw, e164, digits_rev, position) "
                                          "VALUES (%" G_GINT64_FORMAT ", ?1, 0, ?3, ?3, ?3, %d)",
                                          crm_id_new (), position);

  exec_with_ids (store, sql, contact_id, 0, e164);
}

static gint64
add_deal (CrmStore   *store,
          gint64      contact_id,
          const char *title)
{
  gint64 id = crm_id_new ();

  exec_with_ids (store,
                 "INSERT INTO deals (id, title, title_folded, contact_id, stage_id, created_at, "
                 "                   updated_at, stage_changed_at) "
                 "VALUES (?1, ?3, lower (?3), ?2, (SELECT id FROM stages ORDER BY position LIMIT 1), ?4, ?4, ?4)",
                 id, contact_id, title);
  return id;
}

static void
set_deleted (CrmStore   *store,
             const char *table,
             gint64      id,
             gboolean    deleted)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE %s SET deleted_at = CASE WHEN ?2 THEN ?4 END "
                                          "WHERE id = ?1", table);

  exec_with_ids (store, sql, id, deleted, NULL);
}

static gint64
count_rows (CrmStore   *store,
            const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStatement) stmt = NULL;

  stmt = crm_database_prepare (crm_store_get_database (store), sql, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_statement_step (stmt, &error), ==, CRM_STEP_ROW);
  return crm_statement_get_int64 (stmt, 0);
}

static gint64
count_history (CrmStore   *store,
               gint64      entity_id,
               const char *field)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = crm_store_list_history (store, entity_id, &error);
  gint64 n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      CrmHistoryEntry *entry = g_ptr_array_index (entries, i);

      if (g_strcmp0 (entry->field, field) == 0)
        n++;
    }

  return n;
}

/* Counts the regular files under @path, whatever their depth. */
static guint
count_files (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint n = 0;

  if (dir == NULL)
    return 0;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        n += count_files (child);
      else
        n++;
    }

  return n;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            remove_tree (child);
          else
            g_unlink (child);
        }
    }

  g_rmdir (path);
}

static void
log_change (GArray *log,
            int     kind,
            gint64  id)
{
  Change change = { (CrmEntityKind)kind, id };

  g_array_append_val (log, change);
}

static void
changing_cb (CrmStore *store,
             int       kind,
             gint64    id,
             Fixture  *fixture)
{
  log_change (fixture->changing, kind, id);
}

static void
changed_cb (CrmStore *store,
            int       kind,
            gint64    id,
            Fixture  *fixture)
{
  log_change (fixture->changed, kind, id);
}

static gboolean
has_change (GArray        *log,
            CrmEntityKind  kind,
            gint64         id)
{
  for (guint i = 0; i < log->len; i++)
    {
      const Change *change = &g_array_index (log, Change, i);

      if (change->kind == kind && change->id == id)
        return TRUE;
    }

  return FALSE;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  crm_time_set_fake_now (NOW);

  fixture->dir = g_dir_make_tmp ("clientele-activities-XXXXXX", &error);
  g_assert_no_error (error);

  path = g_build_filename (fixture->dir, "clientele.db", NULL);
  fixture->store = crm_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);

  fixture->anna = add_contact (fixture->store, "Anna Bērziņa");
  add_phone (fixture->store, fixture->anna, 1, "37120000001");
  add_phone (fixture->store, fixture->anna, 0, "37129123456");
  fixture->boris = add_contact (fixture->store, "Борис Петров");
  fixture->deal = add_deal (fixture->store, fixture->boris, "Salon chairs");

  fixture->changing = g_array_new (FALSE, FALSE, sizeof (Change));
  fixture->changed = g_array_new (FALSE, FALSE, sizeof (Change));
  g_signal_connect (fixture->store, "changing", G_CALLBACK (changing_cb), fixture);
  g_signal_connect (fixture->store, "changed", G_CALLBACK (changed_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  g_clear_pointer (&fixture->changing, g_array_unref);
  g_clear_pointer (&fixture->changed, g_array_unref);
  remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  crm_time_set_fake_now (0);
}

static char *
write_file (Fixture    *fixture,
            const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_build_filename (fixture->dir, "outside", NULL);
  char *path = g_build_filename (folder, name, NULL);

  g_mkdir_with_parents (folder, 0700);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static char *
attachments_folder (Fixture *fixture)
{
  return g_build_filename (fixture->dir, "attachments", NULL);
}

static CrmActivity *
new_call (gint64 contact_id,
          gint64 deal_id)
{
  CrmActivity *call = crm_activity_new ();

  crm_activity_set_kind (call, CRM_ACTIVITY_CALL);
  crm_activity_set_contact_id (call, contact_id);
  crm_activity_set_deal_id (call, deal_id);
  crm_activity_set_direction (call, CRM_CALL_OUTGOING);
  crm_activity_set_started_at (call, NOW - HOUR);
  crm_activity_set_duration (call, 60);
  return call;
}

static gint64
add_call_at (Fixture *fixture,
             gint64   contact_id,
             gint64   deal_id,
             gint64   started_at)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmActivity) call = new_call (contact_id, deal_id);
  gint64 id;

  crm_activity_set_started_at (call, started_at);
  id = crm_store_add_activity (fixture->store, call, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
test_log_call (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmActivity) call = crm_activity_new ();
  g_autoptr(CrmActivity) read = NULL;
  const char *tags[] = { "vip", "price", NULL };
  char **tag_list;
  gint64 id;

  crm_activity_set_kind (call, CRM_ACTIVITY_CALL);
  crm_activity_set_contact_id (call, fixture->anna);
  crm_activity_set_direction (call, CRM_CALL_INCOMING);
  crm_activity_set_started_at (call, NOW - 2 * HOUR);
  crm_activity_set_duration (call, 125);
  crm_activity_set_outcome (call, "  Interested ");
  crm_activity_set_key_points (call, "Packaging of B is better.\r\nWants delivery at once.\n\n");
  crm_activity_set_tag_list (call, tags);

  id = crm_store_add_activity (fixture->store, call, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (crm_activity_get_id (call), ==, id);
  g_assert_cmpint (crm_activity_get_user_id (call), ==, crm_store_get_current_user (fixture->store));

  /* The client card hears about the new call once the write committed. */
  g_assert_true (has_change (fixture->changing, CRM_ENTITY_ACTIVITY, 0));
  g_assert_true (has_change (fixture->changed, CRM_ENTITY_ACTIVITY, id));
  g_assert_true (has_change (fixture->changed, CRM_ENTITY_CONTACT, fixture->anna));

  read = crm_store_get_activity (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_activity_get_kind (read), ==, CRM_ACTIVITY_CALL);
  g_assert_cmpint (crm_activity_get_contact_id (read), ==, fixture->anna);
  g_assert_cmpstr (crm_activity_get_contact_name (read), ==, "Anna Bērziņa");
  g_assert_cmpint (crm_activity_get_deal_id (read), ==, 0);
  g_assert_cmpint (crm_activity_get_user_id (read), ==, crm_store_get_current_user (fixture->store));
  g_assert_nonnull (crm_activity_get_user_name (read));
  g_assert_cmpint (crm_activity_get_direction (read), ==, CRM_CALL_INCOMING);
  g_assert_cmpint (crm_activity_get_started_at (read), ==, NOW - 2 * HOUR);
  g_assert_cmpint (crm_activity_get_duration (read), ==, 125);
  g_assert_cmpstr (crm_activity_get_outcome (read), ==, "Interested");
  g_assert_cmpstr (crm_activity_get_key_points (read), ==,
                   "Packaging of B is better.\nWants delivery at once.");
  g_assert_cmpstr (crm_activity_get_tags (read), ==, "price, vip");
  tag_list = crm_activity_get_tag_list (read);
  g_assert_cmpuint (g_strv_length (tag_list), ==, 2);
  g_assert_true (g_strv_contains ((const char * const *)tag_list, "vip"));
  g_assert_true (g_strv_contains ((const char * const *)tag_list, "price"));
  g_assert_cmpint (crm_activity_get_recording_id (read), ==, 0);
  g_assert_null (crm_activity_get_recording_path (read));
  g_assert_cmpint (crm_activity_get_created_at (read), ==, NOW);
  g_assert_cmpint (crm_activity_get_deleted_at (read), ==, 0);

  g_assert_cmpint (count_history (fixture->store, id, "created"), ==, 1);

  /* A note keeps no direction; started-at 0 means now. */
  {
    g_autoptr(CrmActivity) note = crm_activity_new ();
    gint64 note_id;

    crm_activity_set_kind (note, CRM_ACTIVITY_NOTE);
    crm_activity_set_contact_id (note, fixture->anna);
    crm_activity_set_key_points (note, "Prefers mornings");
    note_id = crm_store_add_activity (fixture->store, note, &error);
    g_assert_no_error (error);
    g_assert_cmpint (crm_activity_get_started_at (note), ==, NOW);
    g_assert_cmpint (count_rows (fixture->store,
                                 "SELECT count(*) FROM activities WHERE kind = 1 AND direction IS NULL"),
                     ==, 1);
    g_assert_cmpint (note_id, !=, id);
  }
}

static void
test_call_via_deal (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmActivity) call = new_call (0, fixture->deal);
  g_autoptr(CrmActivity) read = NULL;
  gint64 id;

  id = crm_store_add_activity (fixture->store, call, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_activity_get_contact_id (call), ==, fixture->boris);
  g_assert_true (has_change (fixture->changed, CRM_ENTITY_CONTACT, fixture->boris));

  read = crm_store_get_activity (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_activity_get_contact_id (read), ==, fixture->boris);
  g_assert_cmpint (crm_activity_get_deal_id (read), ==, fixture->deal);
  g_assert_cmpstr (crm_activity_get_contact_name (read), ==, "Борис Петров");

  /* A deal in the trash takes no new calls. */
  set_deleted (fixture->store, "deals", fixture->deal, TRUE);
  g_clear_object (&call);
  call = new_call (0, fixture->deal);
  g_assert_cmpint (crm_store_add_activity (fixture->store, call, &error), ==, 0);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Salon chairs"));
  g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM activities"), ==, 1);
}

static void
test_list_of_contact (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) anna_list = NULL;
  gint64 oldest, newest, middle, about_deal, deleted, other;

  oldest = add_call_at (fixture, fixture->boris, 0, NOW - 3 * DAY);
  newest = add_call_at (fixture, fixture->boris, 0, NOW - MINUTE);
  middle = add_call_at (fixture, fixture->boris, 0, NOW - DAY);
  /* Anna called about Boris's deal: it belongs on both cards. */
  about_deal = add_call_at (fixture, fixture->anna, fixture->deal, NOW - 2 * DAY);
  deleted = add_call_at (fixture, fixture->boris, 0, NOW - 2 * HOUR);
  other = add_call_at (fixture, fixture->anna, 0, NOW - 5 * MINUTE);

  g_assert_true (crm_store_delete_activity (fixture->store, deleted, &error));
  g_assert_no_error (error);

  list = crm_store_list_activities_of_contact (fixture->store, fixture->boris, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 4);
  g_assert_cmpint (crm_activity_get_id (g_ptr_array_index (list, 0)), ==, newest);
  g_assert_cmpint (crm_activity_get_id (g_ptr_array_index (list, 1)), ==, middle);
  g_assert_cmpint (crm_activity_get_id (g_ptr_array_index (list, 2)), ==, about_deal);
  g_assert_cmpint (crm_activity_get_id (g_ptr_array_index (list, 3)), ==, oldest);
  g_assert_cmpstr (crm_activity_get_contact_name (g_ptr_array_index (list, 2)), ==, "Anna Bērziņa");
  g_assert_nonnull (crm_activity_get_user_name (g_ptr_array_index (list, 0)));

  anna_list = crm_store_list_activities_of_contact (fixture->store, fixture->anna, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (anna_list->len, ==, 2);
  g_assert_cmpint (crm_activity_get_id (g_ptr_array_index (anna_list, 0)), ==, other);
  g_assert_cmpint (crm_activity_get_id (g_ptr_array_index (anna_list, 1)), ==, about_deal);
}

static void
expect_invalid_activity (Fixture     *fixture,
                         CrmActivity *activity,
                         GQuark       domain,
                         int          code,
                         const char  *message_part)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (crm_store_add_activity (fixture->store, activity, &error), ==, 0);
  g_assert_error (error, domain, code);
  if (message_part != NULL && strstr (error->message, message_part) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, message_part);
  g_assert_cmpint (crm_activity_get_id (activity), ==, 0);
  g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM activities"), ==, 0);
  g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM activity_tags"), ==, 0);
}

static void
test_validation (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(CrmActivity) call = NULL;
  g_autoptr(GString) long_text = g_string_new (NULL);
  const char *tags[] = { "lost", NULL };

  call = new_call (0, 0);
  crm_activity_set_tag_list (call, tags);
  expect_invalid_activity (fixture, call, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID, "client");
  g_clear_object (&call);

  call = new_call (424242, 0);
  expect_invalid_activity (fixture, call, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND, "424242");
  g_clear_object (&call);

  call = new_call (0, 535353);
  expect_invalid_activity (fixture, call, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND, "535353");
  g_clear_object (&call);

  set_deleted (fixture->store, "contacts", fixture->anna, TRUE);
  call = new_call (fixture->anna, 0);
  expect_invalid_activity (fixture, call, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID, "trash");
  set_deleted (fixture->store, "contacts", fixture->anna, FALSE);
  g_clear_object (&call);

  call = new_call (fixture->anna, 0);
  crm_activity_set_duration (call, -1);
  expect_invalid_activity (fixture, call, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID, "duration");
  crm_activity_set_duration (call, 86401);
  expect_invalid_activity (fixture, call, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID, "duration");
  g_clear_object (&call);

  for (int i = 0; i < 10001; i++)
    g_string_append_c (long_text, i % 80 == 79 ? '\n' : 'x');
  call = new_call (fixture->anna, 0);
  crm_activity_set_key_points (call, long_text->str);
  expect_invalid_activity (fixture, call, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID, "Key points");
  g_clear_object (&call);

  g_string_truncate (long_text, 101);
  memset (long_text->str, 'y', 101);
  call = new_call (fixture->anna, 0);
  crm_activity_set_outcome (call, long_text->str);
  expect_invalid_activity (fixture, call, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID, "Outcome");
  crm_activity_set_outcome (call, "Agreed\a");
  expect_invalid_activity (fixture, call, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID, "Outcome");
  g_clear_object (&call);

  /* A planned call is a reminder, not a call. */
  call = new_call (fixture->anna, 0);
  crm_activity_set_started_at (call, NOW + 2 * DAY);
  expect_invalid_activity (fixture, call, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID, "reminder");
  g_clear_object (&call);

  call = new_call (fixture->anna, 0);
  crm_activity_set_user_id (call, 777);
  expect_invalid_activity (fixture, call, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND, "777");
  g_clear_object (&call);

  /* The limits themselves are allowed. */
  {
    g_autoptr(GError) error = NULL;

    g_string_set_size (long_text, 10000);
    memset (long_text->str, 'z', 10000);
    call = new_call (fixture->anna, 0);
    crm_activity_set_duration (call, 86400);
    crm_activity_set_key_points (call, long_text->str);
    crm_activity_set_started_at (call, NOW + DAY);
    g_assert_cmpint (crm_store_add_activity (fixture->store, call, &error), >, 0);
    g_assert_no_error (error);
  }
}

static void
test_update_and_delete (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmActivity) call = NULL;
  g_autoptr(CrmActivity) read = NULL;
  g_autoptr(GPtrArray) trash = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gint64 id;

  id = add_call_at (fixture, fixture->anna, 0, NOW - HOUR);
  call = crm_store_get_activity (fixture->store, id, &error);
  g_assert_no_error (error);

  crm_time_set_fake_now (NOW + MINUTE);
  crm_activity_set_duration (call, 300);
  crm_activity_set_outcome (call, "Will buy");
  crm_activity_set_tags (call, "hot, follow-up");
  g_assert_true (crm_store_update_activity (fixture->store, call, &error));
  g_assert_no_error (error);
  g_assert_true (has_change (fixture->changing, CRM_ENTITY_ACTIVITY, id));
  g_assert_true (has_change (fixture->changed, CRM_ENTITY_ACTIVITY, id));

  read = crm_store_get_activity (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_activity_get_duration (read), ==, 300);
  g_assert_cmpstr (crm_activity_get_outcome (read), ==, "Will buy");
  g_assert_cmpstr (crm_activity_get_tags (read), ==, "follow-up, hot");
  g_assert_cmpint (crm_activity_get_updated_at (read), ==, NOW + MINUTE);
  g_assert_cmpint (count_history (fixture->store, id, "duration"), ==, 1);
  g_assert_cmpint (count_history (fixture->store, id, "outcome"), ==, 1);
  g_assert_cmpint (count_history (fixture->store, id, "tags"), ==, 1);
  g_assert_cmpint (count_history (fixture->store, id, "started_at"), ==, 0);
  g_assert_cmpint (count_history (fixture->store, id, "key_points"), ==, 0);

  /* A bad update changes nothing. */
  crm_activity_set_duration (read, 100000);
  crm_activity_set_outcome (read, "Changed my mind");
  g_assert_false (crm_store_update_activity (fixture->store, read, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_object (&read);
  read = crm_store_get_activity (fixture->store, id, &error);
  g_assert_cmpstr (crm_activity_get_outcome (read), ==, "Will buy");

  g_assert_true (crm_store_delete_activity (fixture->store, id, &error));
  g_assert_no_error (error);
  g_assert_true (has_change (fixture->changed, CRM_ENTITY_CONTACT, fixture->anna));

  trash = crm_store_list_trash (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (trash->len, ==, 1);
  g_assert_cmpint (((CrmTrashItem *)g_ptr_array_index (trash, 0))->kind, ==, CRM_ENTITY_ACTIVITY);
  g_assert_cmpint (((CrmTrashItem *)g_ptr_array_index (trash, 0))->id, ==, id);
  g_assert_nonnull (strstr (((CrmTrashItem *)g_ptr_array_index (trash, 0))->title, "Anna"));

  g_clear_object (&read);
  read = crm_store_get_activity (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_activity_get_deleted_at (read), ==, NOW + MINUTE);

  list = crm_store_list_activities_of_contact (fixture->store, fixture->anna, &error);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);

  g_assert_false (crm_store_delete_activity (fixture->store, id, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (crm_store_update_activity (fixture->store, read, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (crm_store_restore_activity (fixture->store, id, &error));
  g_assert_no_error (error);
  list = crm_store_list_activities_of_contact (fixture->store, fixture->anna, &error);
  g_assert_cmpuint (list->len, ==, 1);

  g_assert_null (crm_store_get_activity (fixture->store, 99, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
}

static void
test_attachments (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *first = write_file (fixture, "offer.txt", "Price list: 10 EUR a chair\n");
  g_autofree char *second = write_file (fixture, "offer copy.txt", "Price list: 10 EUR a chair\n");
  g_autofree char *other = write_file (fixture, "contract.txt", "Contract text\n");
  g_autofree char *missing = g_build_filename (fixture->dir, "outside", "nothing.pdf", NULL);
  g_autofree char *folder = attachments_folder (fixture);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256,
                                                         "Price list: 10 EUR a chair\n", -1);
  g_autofree char *expected = NULL;
  g_autofree char *path1 = NULL;
  g_autofree char *path2 = NULL;
  g_autofree char *contents = NULL;
  gint64 id1, id2, id3;

  expected = g_build_filename (folder, (char[]) { hash[0], hash[1], '\0' }, hash, NULL);

  id1 = crm_store_add_attachment (fixture->store, fixture->anna, 0, first, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id1, >, 0);
  id2 = crm_store_add_attachment (fixture->store, fixture->anna, 0, second, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id2, >, id1);
  g_assert_true (has_change (fixture->changed, CRM_ENTITY_ATTACHMENT, id2));
  g_assert_true (has_change (fixture->changed, CRM_ENTITY_CONTACT, fixture->anna));

  /* Two rows, one stored file. */
  g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM attachments"), ==, 2);
  g_assert_cmpuint (count_files (folder), ==, 1);

  path1 = crm_store_get_attachment_path (fixture->store, id1, &error);
  g_assert_no_error (error);
  path2 = crm_store_get_attachment_path (fixture->store, id2, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (path1, ==, expected);
  g_assert_cmpstr (path2, ==, expected);
  g_assert_true (g_file_get_contents (path1, &contents, NULL, &error));
  g_assert_cmpstr (contents, ==, "Price list: 10 EUR a chair\n");

  list = crm_store_list_attachments (fixture->store, fixture->anna, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpstr (((CrmAttachmentInfo *)g_ptr_array_index (list, 0))->file_name, ==, "offer copy.txt");
  g_assert_cmpstr (((CrmAttachmentInfo *)g_ptr_array_index (list, 1))->file_name, ==, "offer.txt");
  g_assert_cmpint (((CrmAttachmentInfo *)g_ptr_array_index (list, 1))->size, ==, 27);
  g_assert_cmpstr (((CrmAttachmentInfo *)g_ptr_array_index (list, 1))->mime_type, ==, "text/plain");
  g_assert_cmpstr (((CrmAttachmentInfo *)g_ptr_array_index (list, 1))->path, ==, expected);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* A missing file: a clear error, and nothing written anywhere. */
  g_assert_cmpint (crm_store_add_attachment (fixture->store, fixture->anna, 0, missing, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "nothing.pdf"));
  g_clear_error (&error);
  g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM attachments"), ==, 2);
  g_assert_cmpuint (count_files (folder), ==, 1);

  /* A folder is not a document. */
  g_assert_cmpint (crm_store_add_attachment (fixture->store, fixture->anna, 0, fixture->dir, &error), ==, 0);
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpuint (count_files (folder), ==, 1);

  /* Without a client or deal the copy is undone as well. */
  g_assert_cmpint (crm_store_add_attachment (fixture->store, 0, 0, other, &error), ==, 0);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (crm_store_add_attachment (fixture->store, 31337, 0, other, &error), ==, 0);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM attachments"), ==, 2);
  g_assert_cmpuint (count_files (folder), ==, 1);

  /* A deal's document is the client's too. */
  id3 = crm_store_add_attachment (fixture->store, 0, fixture->deal, other, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_files (folder), ==, 2);
  list = crm_store_list_attachments (fixture->store, fixture->boris, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (((CrmAttachmentInfo *)g_ptr_array_index (list, 0))->id, ==, id3);
  g_assert_cmpint (((CrmAttachmentInfo *)g_ptr_array_index (list, 0))->contact_id, ==, fixture->boris);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Trashing a document hides it but keeps the shared file. */
  g_assert_true (crm_store_delete_attachment (fixture->store, id1, &error));
  g_assert_no_error (error);
  list = crm_store_list_attachments (fixture->store, fixture->anna, 0, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_true (g_file_test (expected, G_FILE_TEST_IS_REGULAR));

  g_assert_null (crm_store_get_attachment_path (fixture->store, 12345, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
}

static void
test_recording (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmActivity) call = new_call (fixture->anna, 0);
  g_autoptr(CrmActivity) read = NULL;
  g_autoptr(CrmActivity) broken = NULL;
  g_autofree char *audio = write_file (fixture, "call-0931.ogg", "OggS fake audio data");
  g_autofree char *missing = g_build_filename (fixture->dir, "outside", "lost.ogg", NULL);
  g_autofree char *folder = attachments_folder (fixture);
  g_autofree char *contents = NULL;
  g_autofree char *attachment_path = NULL;
  gint64 id;

  crm_activity_set_recording_path (call, audio);
  id = crm_store_add_activity (fixture->store, call, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_activity_get_recording_id (call), >, 0);

  read = crm_store_get_activity (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_activity_get_recording_id (read), ==, crm_activity_get_recording_id (call));
  g_assert_nonnull (crm_activity_get_recording_path (read));
  g_assert_cmpstr (crm_activity_get_recording_path (read), !=, audio);
  g_assert_true (g_str_has_prefix (crm_activity_get_recording_path (read), folder));
  g_assert_true (g_file_get_contents (crm_activity_get_recording_path (read), &contents, NULL, &error));
  g_assert_cmpstr (contents, ==, "OggS fake audio data");

  attachment_path = crm_store_get_attachment_path (fixture->store, crm_activity_get_recording_id (read), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (attachment_path, ==, crm_activity_get_recording_path (read));
  g_assert_cmpint (count_rows (fixture->store,
                               "SELECT count(*) FROM attachments a JOIN activities c ON c.recording_id = a.id "
                               "WHERE a.file_name = 'call-0931.ogg' AND a.contact_id = c.contact_id"),
                   ==, 1);

  /* Updating without touching the recording keeps it. */
  crm_activity_set_outcome (read, "Called back");
  g_assert_true (crm_store_update_activity (fixture->store, read, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM attachments"), ==, 1);
  g_assert_cmpint (count_history (fixture->store, id, "recording"), ==, 0);

  /* A recording that cannot be read stops the whole call. */
  broken = new_call (fixture->anna, 0);
  crm_activity_set_recording_path (broken, missing);
  g_assert_cmpint (crm_store_add_activity (fixture->store, broken, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "lost.ogg"));
  g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM activities"), ==, 1);
  g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM attachments"), ==, 1);
  g_assert_cmpuint (count_files (folder), ==, 1);
  g_clear_error (&error);

  /* A call that fails after its recording was copied leaves no file. */
  {
    g_autofree char *fresh = write_file (fixture, "call-1015.ogg", "OggS other audio");
    const char *bad_tags[] = { "bad\atag", NULL };

    g_clear_object (&broken);
    broken = new_call (fixture->anna, 0);
    crm_activity_set_recording_path (broken, fresh);
    crm_activity_set_tag_list (broken, bad_tags);
    g_assert_cmpint (crm_store_add_activity (fixture->store, broken, &error), ==, 0);
    g_assert_nonnull (error);
    g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM activities"), ==, 1);
    g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM attachments"), ==, 1);
    g_assert_cmpuint (count_files (folder), ==, 1);
  }
}

static CrmReminder *
new_reminder (gint64 contact_id,
              gint64 deal_id,
              gint64 due_at)
{
  CrmReminder *reminder = crm_reminder_new ();

  crm_reminder_set_contact_id (reminder, contact_id);
  crm_reminder_set_deal_id (reminder, deal_id);
  crm_reminder_set_due_at (reminder, due_at);
  return reminder;
}

static gint64
add_reminder (Fixture *fixture,
              gint64   contact_id,
              gint64   deal_id,
              gint64   due_at)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmReminder) reminder = new_reminder (contact_id, deal_id, due_at);
  gint64 id;

  id = crm_store_add_reminder (fixture->store, reminder, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static gint64
reminder_id_at (GPtrArray *list,
                guint      index)
{
  return crm_reminder_get_id (g_ptr_array_index (list, index));
}

static void
test_reminders_list (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmReminder) reminder = new_reminder (fixture->anna, 0, NOW + 3 * HOUR);
  g_autoptr(CrmReminder) read = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gint64 later, soon, via_deal, snoozed, done, mine;
  gint64 helper;

  crm_reminder_set_note (reminder, "Call about the\r\nnew offer");
  later = crm_store_add_reminder (fixture->store, reminder, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_reminder_get_assignee_id (reminder), ==, crm_store_get_current_user (fixture->store));
  g_assert_true (has_change (fixture->changing, CRM_ENTITY_REMINDER, 0));
  g_assert_true (has_change (fixture->changed, CRM_ENTITY_REMINDER, later));
  g_assert_true (has_change (fixture->changed, CRM_ENTITY_CONTACT, fixture->anna));
  g_assert_cmpint (count_history (fixture->store, later, "created"), ==, 1);

  soon = add_reminder (fixture, fixture->anna, 0, NOW + HOUR);
  via_deal = add_reminder (fixture, 0, fixture->deal, NOW + 2 * HOUR);
  snoozed = add_reminder (fixture, fixture->anna, 0, NOW - HOUR);
  g_assert_true (crm_store_snooze_reminder (fixture->store, snoozed, NOW + 150 * MINUTE, &error));
  g_assert_no_error (error);
  done = add_reminder (fixture, fixture->boris, 0, NOW - 2 * HOUR);
  g_assert_true (crm_store_complete_reminder (fixture->store, done, &error));
  g_assert_no_error (error);

  read = crm_store_get_reminder (fixture->store, later, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (crm_reminder_get_note (read), ==, "Call about the\nnew offer");
  g_assert_cmpstr (crm_reminder_get_contact_name (read), ==, "Anna Bērziņa");
  /* The phone at the first position, formatted. */
  g_assert_nonnull (crm_reminder_get_contact_phone (read));
  g_assert_nonnull (strstr (crm_reminder_get_contact_phone (read), "29"));
  g_assert_null (strstr (crm_reminder_get_contact_phone (read), "20000001"));
  g_assert_true (g_str_has_prefix (crm_reminder_get_contact_phone (read), "+371"));
  g_assert_nonnull (crm_reminder_get_assignee_name (read));
  g_assert_cmpint (crm_reminder_get_created_by (read), ==, crm_store_get_current_user (fixture->store));
  g_clear_object (&read);

  read = crm_store_get_reminder (fixture->store, via_deal, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_reminder_get_contact_id (read), ==, fixture->boris);
  g_assert_cmpstr (crm_reminder_get_contact_name (read), ==, "Борис Петров");
  g_assert_cmpstr (crm_reminder_get_deal_title (read), ==, "Salon chairs");
  g_assert_null (crm_reminder_get_contact_phone (read));

  list = crm_store_list_reminders (fixture->store, 0, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 4);
  g_assert_cmpint (reminder_id_at (list, 0), ==, soon);
  g_assert_cmpint (reminder_id_at (list, 1), ==, via_deal);
  g_assert_cmpint (reminder_id_at (list, 2), ==, snoozed);
  g_assert_cmpint (reminder_id_at (list, 3), ==, later);
  g_clear_pointer (&list, g_ptr_array_unref);

  list = crm_store_list_reminders (fixture->store, 0, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 5);
  g_assert_cmpint (reminder_id_at (list, 0), ==, done);
  g_assert_true (crm_reminder_get_is_done (g_ptr_array_index (list, 0)));
  g_clear_pointer (&list, g_ptr_array_unref);

  /* One employee's reminders. */
  helper = crm_store_add_user (fixture->store, "liga", "Līga", CRM_ROLE_SALES, &error);
  g_assert_no_error (error);
  g_clear_object (&reminder);
  reminder = new_reminder (fixture->boris, 0, NOW + 4 * HOUR);
  crm_reminder_set_assignee_id (reminder, helper);
  mine = crm_store_add_reminder (fixture->store, reminder, &error);
  g_assert_no_error (error);

  list = crm_store_list_reminders (fixture->store, helper, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpint (reminder_id_at (list, 0), ==, mine);
  g_assert_cmpstr (crm_reminder_get_assignee_name (g_ptr_array_index (list, 0)), ==, "Līga");
  g_clear_pointer (&list, g_ptr_array_unref);

  list = crm_store_list_reminders (fixture->store, crm_store_get_current_user (fixture->store), TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 5);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* A client in the trash: its reminders keep quiet. */
  set_deleted (fixture->store, "contacts", fixture->boris, TRUE);
  list = crm_store_list_reminders (fixture->store, 0, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
}

static void
test_reminders_validation (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmReminder) reminder = NULL;
  g_autoptr(GString) note = g_string_new (NULL);

  reminder = new_reminder (0, 0, NOW + HOUR);
  g_assert_cmpint (crm_store_add_reminder (fixture->store, reminder, &error), ==, 0);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_object (&reminder);

  reminder = new_reminder (fixture->anna, 0, 0);
  g_assert_cmpint (crm_store_add_reminder (fixture->store, reminder, &error), ==, 0);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "due"));
  g_clear_error (&error);
  g_clear_object (&reminder);

  reminder = new_reminder (0, 9999, NOW + HOUR);
  g_assert_cmpint (crm_store_add_reminder (fixture->store, reminder, &error), ==, 0);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&reminder);

  for (int i = 0; i < 1001; i++)
    g_string_append_c (note, 'n');
  reminder = new_reminder (fixture->anna, 0, NOW + HOUR);
  crm_reminder_set_note (reminder, note->str);
  g_assert_cmpint (crm_store_add_reminder (fixture->store, reminder, &error), ==, 0);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_clear_error (&error);

  crm_reminder_set_note (reminder, "fine");
  crm_reminder_set_assignee_id (reminder, 4711);
  g_assert_cmpint (crm_store_add_reminder (fixture->store, reminder, &error), ==, 0);
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpint (count_rows (fixture->store, "SELECT count(*) FROM reminders"), ==, 0);
  g_assert_cmpint (crm_store_get_next_due_time (fixture->store, &error), ==, 0);
  g_assert_no_error (error);
}

static guint
count_due (Fixture *fixture,
           gint64   until,
           gint64   expected_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) due = crm_store_list_due_reminders (fixture->store, until, &error);

  g_assert_no_error (error);
  if (due->len > 0 && expected_id != 0)
    g_assert_cmpint (reminder_id_at (due, 0), ==, expected_id);
  return due->len;
}

static gint64
next_due (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  gint64 next = crm_store_get_next_due_time (fixture->store, &error);

  g_assert_no_error (error);
  return next;
}

static void
test_reminders_due (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmReminder) read = NULL;
  gint64 due_at = NOW + HOUR;
  gint64 id;

  g_assert_cmpint (next_due (fixture), ==, 0);

  id = add_reminder (fixture, fixture->anna, 0, due_at);
  g_assert_cmpint (next_due (fixture), ==, due_at);

  /* Not due a moment before, due at the time itself. */
  crm_time_set_fake_now (due_at - 1);
  g_assert_cmpuint (count_due (fixture, due_at - 1, 0), ==, 0);
  crm_time_set_fake_now (due_at);
  g_assert_cmpuint (count_due (fixture, due_at, id), ==, 1);

  /* Shown once: not due again, and no timer needed. */
  g_assert_true (crm_store_mark_reminder_notified (fixture->store, id, due_at, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_due (fixture, due_at + MINUTE, 0), ==, 0);
  g_assert_cmpint (next_due (fixture), ==, 0);

  /* Snoozed: quiet until the snooze ends, then due again. */
  crm_time_set_fake_now (due_at + MINUTE);
  g_assert_true (crm_store_snooze_reminder (fixture->store, id, due_at + 11 * MINUTE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_history (fixture->store, id, "snoozed"), ==, 1);
  g_assert_cmpint (next_due (fixture), ==, due_at + 11 * MINUTE);
  g_assert_cmpuint (count_due (fixture, due_at + 10 * MINUTE, 0), ==, 0);
  g_assert_cmpuint (count_due (fixture, due_at + 11 * MINUTE, id), ==, 1);

  read = crm_store_get_reminder (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_reminder_get_due_at (read), ==, due_at);
  g_assert_cmpint (crm_reminder_get_snoozed_until (read), ==, due_at + 11 * MINUTE);
  g_assert_cmpint (crm_reminder_get_effective_due (read), ==, due_at + 11 * MINUTE);
  g_assert_cmpint (crm_reminder_get_notified_at (read), ==, due_at);
  g_clear_object (&read);

  g_assert_true (crm_store_mark_reminder_notified (fixture->store, id, due_at + 11 * MINUTE, &error));
  g_assert_cmpuint (count_due (fixture, due_at + 12 * MINUTE, 0), ==, 0);

  /* Done: never due again. */
  crm_time_set_fake_now (due_at + 12 * MINUTE);
  g_assert_true (crm_store_snooze_reminder (fixture->store, id, due_at + 20 * MINUTE, &error));
  g_assert_true (crm_store_complete_reminder (fixture->store, id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_history (fixture->store, id, "done"), ==, 1);
  g_assert_cmpuint (count_due (fixture, G_MAXINT64, 0), ==, 0);
  g_assert_cmpint (next_due (fixture), ==, 0);

  read = crm_store_get_reminder (fixture->store, id, &error);
  g_assert_true (crm_reminder_get_is_done (read));
  g_assert_cmpint (crm_reminder_get_done_at (read), ==, due_at + 12 * MINUTE);

  g_assert_false (crm_store_mark_reminder_notified (fixture->store, 1234, 0, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
}

static void
test_reminders_due_order (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) due = NULL;
  gint64 first, second, future;

  /* Overdue reminders that fell due while the program was closed. */
  second = add_reminder (fixture, fixture->anna, 0, NOW - HOUR);
  first = add_reminder (fixture, 0, fixture->deal, NOW - 2 * HOUR);
  future = add_reminder (fixture, fixture->anna, 0, NOW + DAY);

  g_assert_cmpint (next_due (fixture), ==, NOW - 2 * HOUR);
  due = crm_store_list_due_reminders (fixture->store, NOW, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, ==, 2);
  g_assert_cmpint (reminder_id_at (due, 0), ==, first);
  g_assert_cmpint (reminder_id_at (due, 1), ==, second);
  g_assert_cmpstr (crm_reminder_get_contact_name (g_ptr_array_index (due, 0)), ==, "Борис Петров");
  g_assert_cmpstr (crm_reminder_get_deal_title (g_ptr_array_index (due, 0)), ==, "Salon chairs");

  g_assert_true (crm_store_mark_reminder_notified (fixture->store, first, NOW, &error));
  g_assert_cmpint (next_due (fixture), ==, NOW - HOUR);
  g_assert_true (crm_store_mark_reminder_notified (fixture->store, second, NOW, &error));
  g_assert_cmpint (next_due (fixture), ==, NOW + DAY);
  g_assert_cmpuint (count_due (fixture, NOW + DAY, future), ==, 1);
}

static void
test_reminders_refused (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmReminder) read = NULL;
  gint64 id = add_reminder (fixture, fixture->anna, 0, NOW + HOUR);

  /* Snoozing into the past. */
  g_assert_false (crm_store_snooze_reminder (fixture->store, id, NOW - MINUTE, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "passed"));
  g_clear_error (&error);
  g_assert_false (crm_store_snooze_reminder (fixture->store, id, NOW, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  read = crm_store_get_reminder (fixture->store, id, &error);
  g_assert_cmpint (crm_reminder_get_snoozed_until (read), ==, 0);
  g_clear_object (&read);

  /* Rescheduling clears the snooze and the notification. */
  crm_time_set_fake_now (NOW + HOUR);
  g_assert_true (crm_store_mark_reminder_notified (fixture->store, id, NOW + HOUR, &error));
  g_assert_true (crm_store_snooze_reminder (fixture->store, id, NOW + 2 * HOUR, &error));
  g_assert_no_error (error);
  g_assert_true (crm_store_reschedule_reminder (fixture->store, id, NOW + 5 * HOUR, &error));
  g_assert_no_error (error);
  g_assert_true (has_change (fixture->changed, CRM_ENTITY_REMINDER, id));
  read = crm_store_get_reminder (fixture->store, id, &error);
  g_assert_cmpint (crm_reminder_get_due_at (read), ==, NOW + 5 * HOUR);
  g_assert_cmpint (crm_reminder_get_snoozed_until (read), ==, 0);
  g_assert_cmpint (crm_reminder_get_notified_at (read), ==, 0);
  g_assert_cmpint (crm_reminder_get_updated_at (read), ==, NOW + HOUR);
  g_clear_object (&read);
  g_assert_cmpint (count_history (fixture->store, id, "due"), ==, 1);
  g_assert_cmpint (next_due (fixture), ==, NOW + 5 * HOUR);
  g_assert_cmpuint (count_due (fixture, NOW + 4 * HOUR, 0), ==, 0);
  g_assert_cmpuint (count_due (fixture, NOW + 5 * HOUR, id), ==, 1);

  /* Completing twice. */
  g_assert_true (crm_store_complete_reminder (fixture->store, id, &error));
  g_assert_no_error (error);
  g_assert_false (crm_store_complete_reminder (fixture->store, id, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "already"));
  g_clear_error (&error);
  g_assert_cmpint (count_history (fixture->store, id, "done"), ==, 1);

  g_assert_false (crm_store_reschedule_reminder (fixture->store, id, NOW + 6 * HOUR, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (crm_store_snooze_reminder (fixture->store, id, NOW + 6 * HOUR, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (crm_store_complete_reminder (fixture->store, 5555, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
}

static void
test_reminders_update (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmReminder) reminder = NULL;
  g_autoptr(CrmReminder) read = NULL;
  gint64 id = add_reminder (fixture, fixture->anna, 0, NOW + HOUR);

  crm_time_set_fake_now (NOW + HOUR);
  g_assert_true (crm_store_mark_reminder_notified (fixture->store, id, 0, &error));

  reminder = crm_store_get_reminder (fixture->store, id, &error);
  g_assert_no_error (error);
  crm_reminder_set_note (reminder, "Bring the catalogue");
  crm_reminder_set_contact_id (reminder, 0);
  crm_reminder_set_deal_id (reminder, fixture->deal);
  crm_reminder_set_due_at (reminder, NOW + 3 * HOUR);
  g_assert_true (crm_store_update_reminder (fixture->store, reminder, &error));
  g_assert_no_error (error);

  read = crm_store_get_reminder (fixture->store, id, &error);
  g_assert_cmpstr (crm_reminder_get_note (read), ==, "Bring the catalogue");
  g_assert_cmpint (crm_reminder_get_contact_id (read), ==, fixture->boris);
  g_assert_cmpint (crm_reminder_get_deal_id (read), ==, fixture->deal);
  g_assert_cmpint (crm_reminder_get_due_at (read), ==, NOW + 3 * HOUR);
  g_assert_cmpint (crm_reminder_get_notified_at (read), ==, 0);
  g_assert_cmpint (count_history (fixture->store, id, "note"), ==, 1);
  g_assert_cmpint (count_history (fixture->store, id, "due"), ==, 1);
  g_assert_cmpint (count_history (fixture->store, id, "contact"), ==, 1);
  g_assert_cmpint (count_history (fixture->store, id, "deal"), ==, 1);
  g_assert_true (has_change (fixture->changed, CRM_ENTITY_CONTACT, fixture->anna));
  g_assert_true (has_change (fixture->changed, CRM_ENTITY_CONTACT, fixture->boris));
}

static void
test_reminders_delete (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmReminder) read = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) trash = NULL;
  gint64 id = add_reminder (fixture, fixture->anna, 0, NOW - MINUTE);

  g_assert_cmpuint (count_due (fixture, NOW, id), ==, 1);

  g_assert_true (crm_store_delete_reminder (fixture->store, id, &error));
  g_assert_no_error (error);
  g_assert_true (has_change (fixture->changing, CRM_ENTITY_REMINDER, id));
  g_assert_true (has_change (fixture->changed, CRM_ENTITY_REMINDER, id));
  g_assert_cmpuint (count_due (fixture, NOW, 0), ==, 0);
  g_assert_cmpint (next_due (fixture), ==, 0);
  list = crm_store_list_reminders (fixture->store, 0, TRUE, &error);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);

  trash = crm_store_list_trash (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (trash->len, ==, 1);
  g_assert_cmpint (((CrmTrashItem *)g_ptr_array_index (trash, 0))->kind, ==, CRM_ENTITY_REMINDER);
  g_assert_nonnull (strstr (((CrmTrashItem *)g_ptr_array_index (trash, 0))->title, "Anna"));

  read = crm_store_get_reminder (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (crm_reminder_get_deleted_at (read), ==, NOW);

  g_assert_false (crm_store_complete_reminder (fixture->store, id, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (crm_store_delete_reminder (fixture->store, id, &error));
  g_assert_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (crm_store_restore_reminder (fixture->store, id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_due (fixture, NOW, id), ==, 1);
}

/* The ids of @list whose reminders are done (or not), in its order. */
static GArray *
ids_where (GPtrArray *list,
           gboolean   done,
           gint64     from,
           gint64     until)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < list->len; i++)
    {
      CrmReminder *reminder = g_ptr_array_index (list, i);
      gint64 due = crm_reminder_get_effective_due (reminder);
      gint64 id = crm_reminder_get_id (reminder);

      if (crm_reminder_get_is_done (reminder) == done && due >= from && due < until)
        g_array_append_val (ids, id);
    }

  return ids;
}

static void
assert_same_ids (GPtrArray *list,
                 GArray    *expected,
                 gboolean   reversed,
                 guint      limit)
{
  guint n = limit > 0 ? MIN (limit, expected->len) : expected->len;

  g_assert_cmpuint (list->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      guint j = reversed ? expected->len - 1 - i : i;

      g_assert_cmpint (reminder_id_at (list, i), ==, g_array_index (expected, gint64, j));
    }
}

/* What the reminders view reads, section by section, against what
 * crm_store_list_reminders() lists for the same employee. */
static void
assert_sections_match (Fixture *fixture,
                       gint64   assignee_id,
                       gint64   now,
                       gint64   soon)
{
  static const guint limits[] = { 0, 1, 2, 100 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = crm_store_list_reminders (fixture->store, assignee_id, TRUE, &error);
  g_autoptr(GArray) overdue = ids_where (all, FALSE, G_MININT64, now);
  g_autoptr(GArray) today = ids_where (all, FALSE, now, soon);
  g_autoptr(GArray) later = ids_where (all, FALSE, soon, G_MAXINT64);
  g_autoptr(GArray) done = ids_where (all, TRUE, G_MININT64, G_MAXINT64);
  CrmReminderCounts counts;

  g_assert_no_error (error);

  g_assert_true (crm_store_count_reminders (fixture->store, assignee_id, TRUE, now, soon, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.overdue, ==, overdue->len);
  g_assert_cmpuint (counts.soon, ==, today->len);
  g_assert_cmpuint (counts.later, ==, later->len);
  g_assert_cmpuint (counts.done, ==, done->len);
  g_assert_cmpuint (counts.overdue + counts.soon + counts.later + counts.done, ==, all->len);

  /* Without done ones, the pending counts stay and no done are counted. */
  memset (&counts, 0xff, sizeof counts);
  g_assert_true (crm_store_count_reminders (fixture->store, assignee_id, FALSE, now, soon, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.overdue, ==, overdue->len);
  g_assert_cmpuint (counts.soon, ==, today->len);
  g_assert_cmpuint (counts.later, ==, later->len);
  g_assert_cmpuint (counts.done, ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (limits); i++)
    {
      g_autoptr(GPtrArray) list = NULL;

      list = crm_store_list_pending_reminders_between (fixture->store, assignee_id, G_MININT64, now,
                                                       limits[i], &error);
      g_assert_no_error (error);
      assert_same_ids (list, overdue, FALSE, limits[i]);
      g_clear_pointer (&list, g_ptr_array_unref);

      list = crm_store_list_pending_reminders_between (fixture->store, assignee_id, now, soon,
                                                       limits[i], &error);
      g_assert_no_error (error);
      assert_same_ids (list, today, FALSE, limits[i]);
      g_clear_pointer (&list, g_ptr_array_unref);

      list = crm_store_list_pending_reminders_between (fixture->store, assignee_id, soon, G_MAXINT64,
                                                       limits[i], &error);
      g_assert_no_error (error);
      assert_same_ids (list, later, FALSE, limits[i]);
      g_clear_pointer (&list, g_ptr_array_unref);

      /* Done ones the latest first, so that a limit keeps the latest. */
      list = crm_store_list_done_reminders (fixture->store, assignee_id, limits[i], &error);
      g_assert_no_error (error);
      assert_same_ids (list, done, TRUE, limits[i]);
      g_clear_pointer (&list, g_ptr_array_unref);
    }

  /* The objects are read as crm_store_list_reminders() reads them. */
  if (overdue->len > 0)
    {
      g_autoptr(GPtrArray) list = crm_store_list_pending_reminders_between (fixture->store, assignee_id,
                                                                            G_MININT64, now, 1, &error);
      CrmReminder *a = g_ptr_array_index (list, 0);
      CrmReminder *b = NULL;

      for (guint i = 0; i < all->len && b == NULL; i++)
        {
          if (crm_reminder_get_id (g_ptr_array_index (all, i)) == crm_reminder_get_id (a))
            b = g_ptr_array_index (all, i);
        }
      g_assert_nonnull (b);
      g_assert_cmpstr (crm_reminder_get_contact_name (a), ==, crm_reminder_get_contact_name (b));
      g_assert_cmpstr (crm_reminder_get_contact_phone (a), ==, crm_reminder_get_contact_phone (b));
      g_assert_cmpstr (crm_reminder_get_deal_title (a), ==, crm_reminder_get_deal_title (b));
      g_assert_cmpstr (crm_reminder_get_assignee_name (a), ==, crm_reminder_get_assignee_name (b));
      g_assert_cmpstr (crm_reminder_get_note (a), ==, crm_reminder_get_note (b));
      g_assert_cmpint (crm_reminder_get_snoozed_until (a), ==, crm_reminder_get_snoozed_until (b));
      g_assert_cmpint (crm_reminder_get_contact_id (a), ==, crm_reminder_get_contact_id (b));
    }
}

static void
test_reminders_sections (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmReminder) reminder = NULL;
  CrmReminderCounts counts;
  gint64 soon = NOW + 14 * HOUR;
  gint64 carol, snoozed, done_early, done_late, done_snoozed, helper, helpers;

  /* Nothing yet. */
  g_assert_true (crm_store_count_reminders (fixture->store, 0, TRUE, NOW, soon, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.overdue + counts.soon + counts.later + counts.done, ==, 0);
  assert_sections_match (fixture, 0, NOW, soon);

  /* Overdue: two by due time, one via a deal; the same due time twice,
   * ordered by id. */
  add_reminder (fixture, fixture->anna, 0, NOW - 2 * HOUR);
  add_reminder (fixture, 0, fixture->deal, NOW - HOUR);
  add_reminder (fixture, fixture->boris, 0, NOW - HOUR);
  /* At now exactly: today, not overdue; at soon exactly: later. */
  add_reminder (fixture, fixture->anna, 0, NOW);
  add_reminder (fixture, fixture->anna, 0, soon);
  add_reminder (fixture, fixture->anna, 0, NOW + HOUR);
  add_reminder (fixture, fixture->boris, 0, NOW + 3 * DAY);
  /* Snoozed from overdue to today, by its snooze time. */
  snoozed = add_reminder (fixture, fixture->anna, 0, NOW - 3 * HOUR);
  g_assert_true (crm_store_snooze_reminder (fixture->store, snoozed, NOW + 2 * HOUR, &error));
  g_assert_no_error (error);
  /* Done ones, one of them due later than it was done, one snoozed past
   * the others first: by its snooze time, it is the latest. */
  done_early = add_reminder (fixture, fixture->boris, 0, NOW - DAY);
  done_late = add_reminder (fixture, fixture->anna, 0, NOW + DAY);
  done_snoozed = add_reminder (fixture, fixture->anna, 0, NOW - 2 * DAY);
  g_assert_true (crm_store_snooze_reminder (fixture->store, done_snoozed, NOW + 2 * DAY, &error));
  g_assert_true (crm_store_complete_reminder (fixture->store, done_early, &error));
  g_assert_true (crm_store_complete_reminder (fixture->store, done_late, &error));
  g_assert_true (crm_store_complete_reminder (fixture->store, done_snoozed, &error));
  g_assert_no_error (error);
  /* A client in the trash keeps its reminders quiet; a trashed reminder
   * is not counted. */
  carol = add_contact (fixture->store, "Carol");
  add_reminder (fixture, carol, 0, NOW - HOUR);
  add_reminder (fixture, carol, 0, NOW + HOUR);
  set_deleted (fixture->store, "contacts", carol, TRUE);
  g_assert_true (crm_store_delete_reminder (fixture->store,
                                            add_reminder (fixture, fixture->anna, 0, NOW - HOUR),
                                            &error));
  g_assert_no_error (error);

  /* Another employee's. */
  helper = crm_store_add_user (fixture->store, "liga", "Līga", CRM_ROLE_SALES, &error);
  g_assert_no_error (error);
  reminder = new_reminder (fixture->anna, 0, NOW - 5 * MINUTE);
  crm_reminder_set_assignee_id (reminder, helper);
  helpers = crm_store_add_reminder (fixture->store, reminder, &error);
  g_assert_no_error (error);

  g_assert_true (crm_store_count_reminders (fixture->store, 0, TRUE, NOW, soon, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.overdue, ==, 4);
  g_assert_cmpuint (counts.soon, ==, 3);
  g_assert_cmpuint (counts.later, ==, 2);
  g_assert_cmpuint (counts.done, ==, 3);
  {
    g_autoptr(GPtrArray) list = crm_store_list_done_reminders (fixture->store, 0, 0, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, 3);
    g_assert_cmpint (reminder_id_at (list, 0), ==, done_snoozed);
    g_assert_cmpint (reminder_id_at (list, 1), ==, done_late);
    g_assert_cmpint (reminder_id_at (list, 2), ==, done_early);
  }

  g_assert_true (crm_store_count_reminders (fixture->store, helper, FALSE, NOW, soon, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.overdue, ==, 1);
  g_assert_cmpuint (counts.soon + counts.later + counts.done, ==, 0);
  {
    g_autoptr(GPtrArray) list = crm_store_list_pending_reminders_between (fixture->store, helper,
                                                                          G_MININT64, NOW, 0, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, 1);
    g_assert_cmpint (reminder_id_at (list, 0), ==, helpers);
  }

  assert_sections_match (fixture, 0, NOW, soon);
  assert_sections_match (fixture, helper, NOW, soon);
  assert_sections_match (fixture, crm_store_get_current_user (fixture->store), NOW, soon);
  /* Other moments, as the clock moves: no gap and no overlap. */
  assert_sections_match (fixture, 0, NOW - 90 * MINUTE, soon);
  assert_sections_match (fixture, 0, NOW + 2 * HOUR, NOW + 2 * HOUR);
  assert_sections_match (fixture, 0, NOW + 4 * DAY, NOW + 5 * DAY);

  /* A deal in the trash keeps its reminders quiet too. */
  set_deleted (fixture->store, "deals", fixture->deal, TRUE);
  assert_sections_match (fixture, 0, NOW, soon);
  g_assert_true (crm_store_count_reminders (fixture->store, 0, FALSE, NOW, soon, &counts, &error));
  g_assert_cmpuint (counts.overdue, ==, 3);
}

/* The scheduler asks for due reminders and the next due time often, over
 * a table that keeps every done reminder: both must walk the partial
 * reminders_pending index rather than scan the table. The SQL here has
 * the shape of the store's queries. */
static void
test_reminders_query_plan (Fixture       *fixture,
                           gconstpointer  data)
{
  static const char *queries[] = {
    "EXPLAIN QUERY PLAN "
    "SELECT r.id FROM reminders r "
    "LEFT JOIN deals d ON d.id = r.deal_id "
    "LEFT JOIN contacts c ON c.id = coalesce (r.contact_id, d.contact_id) "
    "WHERE r.done_at IS NULL AND r.deleted_at IS NULL "
    "AND c.deleted_at IS NULL AND d.deleted_at IS NULL "
    "  AND coalesce (r.snoozed_until, r.due_at) <= ?1 "
    "  AND (r.notified_at IS NULL OR r.notified_at < coalesce (r.snoozed_until, r.due_at)) "
    "ORDER BY coalesce (r.snoozed_until, r.due_at), r.id",
    "EXPLAIN QUERY PLAN "
    "SELECT coalesce (r.snoozed_until, r.due_at) FROM reminders r "
    "LEFT JOIN deals d ON d.id = r.deal_id "
    "LEFT JOIN contacts c ON c.id = coalesce (r.contact_id, d.contact_id) "
    "WHERE r.done_at IS NULL AND r.deleted_at IS NULL "
    "AND c.deleted_at IS NULL AND d.deleted_at IS NULL "
    "  AND (r.notified_at IS NULL OR r.notified_at < coalesce (r.snoozed_until, r.due_at)) "
    "ORDER BY coalesce (r.snoozed_until, r.due_at), r.id LIMIT 1",
    /* One section of the reminders view. */
    "EXPLAIN QUERY PLAN "
    "SELECT r.id FROM reminders r "
    "LEFT JOIN deals d ON d.id = r.deal_id "
    "LEFT JOIN contacts c ON c.id = coalesce (r.contact_id, d.contact_id) "
    "WHERE r.done_at IS NULL AND r.deleted_at IS NULL "
    "AND c.deleted_at IS NULL AND d.deleted_at IS NULL AND ?1 = 0 "
    "  AND coalesce (r.snoozed_until, r.due_at) >= ?2 "
    "  AND coalesce (r.snoozed_until, r.due_at) < ?3 "
    "ORDER BY coalesce (r.snoozed_until, r.due_at), r.id LIMIT ?4",
    /* Its counts. */
    "EXPLAIN QUERY PLAN "
    "SELECT count(*) FILTER (WHERE r.done_at IS NULL AND coalesce (r.snoozed_until, r.due_at) < ?2) "
    "FROM reminders r "
    "LEFT JOIN deals d ON d.id = r.deal_id "
    "LEFT JOIN contacts c ON c.id = coalesce (r.contact_id, d.contact_id) "
    "WHERE r.done_at IS NULL AND r.deleted_at IS NULL "
    "AND c.deleted_at IS NULL AND d.deleted_at IS NULL AND r.assignee_id = ?1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CrmStatement) stmt = NULL;
      g_autoptr(GString) plan = g_string_new (NULL);
      CrmStepResult result;

      stmt = crm_database_prepare (crm_store_get_database (fixture->store), queries[i], &error);
      g_assert_no_error (error);
      while ((result = crm_statement_step (stmt, &error)) == CRM_STEP_ROW)
        g_string_append_printf (plan, "%s\n", crm_statement_get_text (stmt, 3));
      g_assert_cmpint (result, ==, CRM_STEP_DONE);

      g_test_message ("%s", plan->str);
      g_assert_nonnull (strstr (plan->str, "reminders_pending"));
      g_assert_null (strstr (plan->str, "SCAN r\n"));
      g_assert_null (strstr (plan->str, "TEMP B-TREE"));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/activities/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("call", test_log_call);
  ADD ("call-via-deal", test_call_via_deal);
  ADD ("list-of-contact", test_list_of_contact);
  ADD ("validation", test_validation);
  ADD ("update-and-delete", test_update_and_delete);
  ADD ("attachments", test_attachments);
  ADD ("recording", test_recording);
  ADD ("reminders/list", test_reminders_list);
  ADD ("reminders/validation", test_reminders_validation);
  ADD ("reminders/due", test_reminders_due);
  ADD ("reminders/due-order", test_reminders_due_order);
  ADD ("reminders/refused", test_reminders_refused);
  ADD ("reminders/update", test_reminders_update);
  ADD ("reminders/delete", test_reminders_delete);
  ADD ("reminders/sections", test_reminders_sections);
  ADD ("reminders/query-plan", test_reminders_query_plan);

#undef ADD

  return g_test_run ();
}
