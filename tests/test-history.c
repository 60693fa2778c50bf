/* SPDX-License-Identifier: GPL-3.0-or-later */

/* History and the trash across all kinds of rows: every write is recorded
 * with who and when, and emptying the trash removes exactly what was in it
 * and what hangs on it, leaving everything else whole. */

#include "config.h"

#include <glib/gstdio.h>

#include "crm-store-activities.h"
#include "crm-store-contacts.h"
#include "crm-store-deals.h"
#include "crm-time.h"

typedef struct
{
  char     *folder;
  CrmStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->folder = g_dir_make_tmp ("clientele-history-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->folder, "history.db", NULL);
  f->store = crm_store_open (path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  crm_time_set_fake_now (0);
  g_clear_object (&f->store);
  g_free (f->folder);
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CrmStatement) stmt = crm_database_prepare (crm_store_get_database (f->store), sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (crm_statement_step (stmt, &error), ==, CRM_STEP_ROW);
  return crm_statement_get_int64 (stmt, 0);
}

static gint64
add_contact (Fixture    *f,
             const char *name,
             const char *phone)
{
  g_autoptr(CrmContact) contact = crm_contact_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  crm_contact_set_name (contact, name);
  if (phone != NULL)
    crm_contact_add_phone (contact, crm_phone_entry_new (CRM_PHONE_MOBILE, phone, NULL, NULL));
  id = crm_store_add_contact (f->store, contact, &error);
  g_assert_no_error (error);
  return id;
}

static gint64
add_deal (Fixture    *f,
          const char *title,
          gint64      contact_id)
{
  g_autoptr(CrmDeal) deal = crm_deal_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  crm_deal_set_title (deal, title);
  crm_deal_set_contact_id (deal, contact_id);
  crm_deal_set_amount (deal, 10000);
  id = crm_store_add_deal (f->store, deal, &error);
  g_assert_no_error (error);
  return id;
}

static gint64
add_call (Fixture *f,
          gint64   contact_id,
          gint64   deal_id,
          const char *recording)
{
  g_autoptr(CrmActivity) call = crm_activity_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  crm_activity_set_kind (call, CRM_ACTIVITY_CALL);
  crm_activity_set_contact_id (call, contact_id);
  crm_activity_set_deal_id (call, deal_id);
  crm_activity_set_duration (call, 120);
  crm_activity_set_key_points (call, "Asked about prices");
  crm_activity_set_recording_path (call, recording);
  id = crm_store_add_activity (f->store, call, &error);
  g_assert_no_error (error);
  return id;
}

static gint64
add_reminder (Fixture *f,
              gint64   contact_id,
              gint64   deal_id)
{
  g_autoptr(CrmReminder) reminder = crm_reminder_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  crm_reminder_set_contact_id (reminder, contact_id);
  crm_reminder_set_deal_id (reminder, deal_id);
  crm_reminder_set_due_at (reminder, crm_time_now_ms () + 3600 * 1000);
  crm_reminder_set_note (reminder, "Call back");
  id = crm_store_add_reminder (f->store, reminder, &error);
  g_assert_no_error (error);
  return id;
}

static gboolean
history_has (GPtrArray  *entries,
             const char *field,
             const char *old_value,
             const char *new_value)
{
  for (guint i = 0; i < entries->len; i++)
    {
      CrmHistoryEntry *entry = g_ptr_array_index (entries, i);

      if (g_strcmp0 (entry->field, field) == 0 &&
          (old_value == NULL || g_strcmp0 (entry->old_value, old_value) == 0) &&
          (new_value == NULL || g_strcmp0 (entry->new_value, new_value) == 0))
        return TRUE;
    }

  return FALSE;
}

static void
test_every_write_is_recorded (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(CrmContact) contact = NULL;
  gint64 olga, contact_id, deal_id, call_id, reminder_id, proposal;

  olga = crm_store_add_user (f->store, "olga", "Olga Sokolova", CRM_ROLE_SALES, &error);
  g_assert_true (crm_store_set_current_user (f->store, "olga", &error));

  contact_id = add_contact (f, "Marta Liepa", "+371 29 000 001");
  deal_id = add_deal (f, "Wedding make-up", contact_id);
  call_id = add_call (f, contact_id, deal_id, NULL);
  reminder_id = add_reminder (f, contact_id, 0);

  /* Each new row says who created it. */
  entries = crm_store_list_history (f->store, contact_id, &error);
  g_assert_true (history_has (entries, "created", NULL, NULL));
  g_assert_cmpint (((CrmHistoryEntry *)g_ptr_array_index (entries, 0))->user_id, ==, olga);
  g_clear_pointer (&entries, g_ptr_array_unref);
  for (guint i = 0; i < 3; i++)
    {
      gint64 ids[] = { deal_id, call_id, reminder_id };

      entries = crm_store_list_history (f->store, ids[i], &error);
      g_assert_no_error (error);
      g_assert_true (history_has (entries, "created", NULL, NULL));
      g_clear_pointer (&entries, g_ptr_array_unref);
    }

  /* Changes keep the old and the new value. */
  contact = crm_store_get_contact (f->store, contact_id, &error);
  crm_contact_set_name (contact, "Marta Liepiņa");
  g_assert_true (crm_store_update_contact (f->store, contact, &error));
  entries = crm_store_list_history (f->store, contact_id, &error);
  g_assert_true (history_has (entries, "name", "Marta Liepa", "Marta Liepiņa"));
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* A stage move is a history row and a row of its own. */
  proposal = crm_store_find_stage (f->store, 0, "Proposal", &error);
  g_assert_no_error (error);
  g_assert_true (crm_store_move_deal (f->store, deal_id, proposal, 0, &error));
  entries = crm_store_list_history (f->store, deal_id, &error);
  g_assert_true (history_has (entries, "stage", "New lead", "Proposal"));
  g_clear_pointer (&entries, g_ptr_array_unref);
  g_assert_cmpint (count (f, "SELECT count(*) FROM deal_stage_history"), ==, 2);

  g_assert_true (crm_store_complete_reminder (f->store, reminder_id, &error));
  entries = crm_store_list_history (f->store, reminder_id, &error);
  g_assert_true (history_has (entries, "done", NULL, NULL));
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* Handing the client over keeps who had it. */
  {
    gint64 janis = crm_store_add_user (f->store, "janis", "Jānis Ozols", CRM_ROLE_SALES, &error);

    g_assert_true (crm_store_transfer_contact (f->store, contact_id, janis, &error));
    entries = crm_store_list_history (f->store, contact_id, &error);
    g_assert_true (history_has (entries, "owner", "Olga Sokolova", "Jānis Ozols"));
  }
}

static void
test_empty_trash (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *recording = g_build_filename (f->folder, "call.ogg", NULL);
  gint64 gone, kept, gone_deal, kept_deal, kept_call, lone_reminder;

  g_file_set_contents (recording, "not really audio, but bytes", -1, &error);
  g_assert_no_error (error);

  gone = add_contact (f, "Trashed Client", "+371 29 000 002");
  kept = add_contact (f, "Kept Client", "+371 29 000 003");
  gone_deal = add_deal (f, "Trashed deal", kept);
  kept_deal = add_deal (f, "Kept deal of a trashed client", gone);
  add_call (f, gone, 0, recording);
  kept_call = add_call (f, kept, gone_deal, recording);
  add_reminder (f, gone, 0);
  add_reminder (f, kept, gone_deal);
  lone_reminder = add_reminder (f, kept, 0);

  g_assert_true (crm_store_delete_contact (f->store, gone, &error));
  g_assert_true (crm_store_delete_deal (f->store, gone_deal, &error));
  g_assert_true (crm_store_delete_reminder (f->store, lone_reminder, &error));
  g_assert_no_error (error);

  g_assert_true (crm_store_empty_trash (f->store, G_MAXINT64, &error));
  g_assert_no_error (error);

  g_assert_cmpint (count (f, "SELECT count(*) FROM trash"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM contacts WHERE name = 'Trashed Client'"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM contacts WHERE name = 'Kept Client'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM deals"), ==, 1);
  /* The deal of the removed client stays, without a client. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM deals WHERE contact_id IS NULL AND title LIKE 'Kept%'"), ==, 1);
  /* The kept client's call stays, without the removed deal. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM activities"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM activities WHERE deal_id IS NULL"), ==, 1);
  g_assert_cmpint (kept_call, !=, 0);
  /* Reminders of removed rows and the lone trashed reminder are gone. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM reminders"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM phones"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM pragma_foreign_key_check"), ==, 0);
  g_assert_cmpint (kept_deal, !=, 0);

  /* What is left still works. */
  {
    g_autoptr(CrmContact) contact = crm_store_get_contact (f->store, kept, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (crm_contact_get_name (contact), ==, "Kept Client");
  }
}

static void
test_empty_trash_older_than (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 now = crm_time_now_ms ();
  gint64 old, recent;

  old = add_contact (f, "Deleted Long Ago", NULL);
  recent = add_contact (f, "Deleted Today", NULL);

  crm_time_set_fake_now (now - 40LL * 24 * 3600 * 1000);
  g_assert_true (crm_store_delete_contact (f->store, old, &error));
  crm_time_set_fake_now (now);
  g_assert_true (crm_store_delete_contact (f->store, recent, &error));

  /* A retention of 30 days removes only the old one. */
  g_assert_true (crm_store_empty_trash (f->store, now - 30LL * 24 * 3600 * 1000, &error));
  g_assert_cmpint (count (f, "SELECT count(*) FROM contacts"), ==, 1);
  g_assert_true (crm_store_restore_contact (f->store, recent, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/history/every-write-is-recorded", test_every_write_is_recorded);
  ADD ("/history/empty-trash", test_empty_trash);
  ADD ("/history/empty-trash-older-than", test_empty_trash_older_than);
#undef ADD

  return g_test_run ();
}
