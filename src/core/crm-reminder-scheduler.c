/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "crm-reminder-scheduler"

#include "config.h"

#include "crm-reminder-scheduler.h"
#include "crm-store-activities.h"
#include "crm-time.h"

/* GLib's timers run on the monotonic clock, which stands still while the
 * computer sleeps and knows nothing of the wall clock being set. Never
 * waiting longer than this bounds how late a reminder can be after such a
 * jump, even when nobody calls crm_reminder_scheduler_check(). */
#define MAX_WAIT_MS (60 * 1000)

/* After the database refused a read or a write (locked by another program,
 * a full disk), wait this long before trying again rather than spinning. */
#define RETRY_WAIT_MS (5 * 1000)

struct _CrmReminderScheduler
{
  GObject   parent_instance;

  CrmStore *store;
  gulong    changed_handler;
  guint     timer;
  gint64    next_due;
  gboolean  running;
  gboolean  checking;
  gboolean  failed;
};

G_DEFINE_FINAL_TYPE (CrmReminderScheduler, crm_reminder_scheduler, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_NEXT_DUE,
  PROP_RUNNING,
  N_PROPS
};

enum {
  REMINDER_DUE,
  REMINDERS_DUE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
set_next_due (CrmReminderScheduler *self,
              gint64                next_due)
{
  if (self->next_due == next_due)
    return;

  self->next_due = next_due;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_DUE]);
}

static gboolean
timer_cb (gpointer user_data)
{
  CrmReminderScheduler *self = CRM_REMINDER_SCHEDULER (user_data);

  self->timer = 0;
  crm_reminder_scheduler_check (self);
  return G_SOURCE_REMOVE;
}

/* Reads the next due time and sets the timer for it. */
static void
rearm (CrmReminderScheduler *self)
{
  g_autoptr(GError) error = NULL;
  gint64 next_due;
  gint64 wait;

  g_clear_handle_id (&self->timer, g_source_remove);

  next_due = crm_store_get_next_due_time (self->store, &error);
  if (error != NULL)
    {
      g_warning ("Cannot tell when the next reminder is due: %s", error->message);
      self->failed = TRUE;
      if (self->running)
        self->timer = g_timeout_add_full (G_PRIORITY_DEFAULT, RETRY_WAIT_MS, timer_cb,
                                          g_object_ref (self), g_object_unref);
      /* Keep the last known time: the reminders are still there. */
      return;
    }

  set_next_due (self, next_due);

  if (!self->running || next_due == 0)
    return;

  /* Timers run on the monotonic clock, the due time is on the wall clock:
   * waking a little early is harmless, as check() compares with the wall
   * clock and re-arms for the rest. */
  wait = CLAMP (next_due - crm_time_now_ms (), 0, MAX_WAIT_MS);
  if (self->failed)
    wait = MAX (wait, RETRY_WAIT_MS);
  self->timer = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint)wait, timer_cb,
                                    g_object_ref (self), g_object_unref);
}

static void
store_changed_cb (CrmStore             *store,
                  int                   kind,
                  gint64                id,
                  CrmReminderScheduler *self)
{
  /* Trashing or restoring a client or deal silences or wakes its
   * reminders, and another process may have written anything. */
  switch ((CrmEntityKind)kind)
    {
    case CRM_ENTITY_ANY:
    case CRM_ENTITY_CONTACT:
    case CRM_ENTITY_DEAL:
    case CRM_ENTITY_REMINDER:
      if (!self->checking)
        rearm (self);
      break;

    case CRM_ENTITY_USER:
    case CRM_ENTITY_PIPELINE:
    case CRM_ENTITY_STAGE:
    case CRM_ENTITY_ACTIVITY:
    case CRM_ENTITY_ATTACHMENT:
    default:
      break;
    }
}

static void
crm_reminder_scheduler_dispose (GObject *object)
{
  CrmReminderScheduler *self = (CrmReminderScheduler *)object;

  g_clear_handle_id (&self->timer, g_source_remove);
  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_handler, self->store);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (crm_reminder_scheduler_parent_class)->dispose (object);
}

static void
crm_reminder_scheduler_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  CrmReminderScheduler *self = CRM_REMINDER_SCHEDULER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_NEXT_DUE:
      g_value_set_int64 (value, self->next_due);
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_reminder_scheduler_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  CrmReminderScheduler *self = CRM_REMINDER_SCHEDULER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_reminder_scheduler_constructed (GObject *object)
{
  CrmReminderScheduler *self = (CrmReminderScheduler *)object;

  G_OBJECT_CLASS (crm_reminder_scheduler_parent_class)->constructed (object);

  g_assert (CRM_IS_STORE (self->store));

  self->changed_handler = g_signal_connect (self->store, "changed",
                                            G_CALLBACK (store_changed_cb), self);
  rearm (self);
}

static void
crm_reminder_scheduler_class_init (CrmReminderSchedulerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = crm_reminder_scheduler_constructed;
  object_class->dispose = crm_reminder_scheduler_dispose;
  object_class->get_property = crm_reminder_scheduler_get_property;
  object_class->set_property = crm_reminder_scheduler_set_property;

  /**
   * CrmReminderScheduler:store:
   *
   * The store whose reminders are watched.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         CRM_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * CrmReminderScheduler:next-due:
   *
   * When the next pending reminder falls due (UTC ms), 0 when none is.
   */
  properties[PROP_NEXT_DUE] =
    g_param_spec_int64 ("next-due", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * CrmReminderScheduler:running:
   *
   * Whether the timer is armed.
   */
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CrmReminderScheduler::reminder-due:
   * @self: the scheduler
   * @reminder: the reminder that fell due, names and phone filled in
   *
   * Emitted once for each reminder when it falls due, or again when a
   * snooze ends. It was marked notified already.
   */
  signals[REMINDER_DUE] =
    g_signal_new ("reminder-due",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CRM_TYPE_REMINDER);

  /**
   * CrmReminderScheduler::reminders-due:
   * @self: the scheduler
   * @reminders: (element-type CrmReminder): the reminders that fell due
   *   at this check, oldest first
   *
   * Emitted once for each check that found reminders due, after
   * #CrmReminderScheduler::reminder-due was emitted for each of them, so
   * that many reminders falling due at once (after a suspend, or at the
   * first start of the day) can be announced together rather than as a
   * flood of pop-ups.
   */
  signals[REMINDERS_DUE] =
    g_signal_new ("reminders-due",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY);
}

static void
crm_reminder_scheduler_init (CrmReminderScheduler *self)
{
}

/**
 * crm_reminder_scheduler_new:
 * @store: the store to watch
 *
 * Returns: (transfer full): a stopped scheduler
 */
CrmReminderScheduler *
crm_reminder_scheduler_new (CrmStore *store)
{
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);

  return g_object_new (CRM_TYPE_REMINDER_SCHEDULER, "store", store, NULL);
}

CrmStore *
crm_reminder_scheduler_get_store (CrmReminderScheduler *self)
{
  g_return_val_if_fail (CRM_IS_REMINDER_SCHEDULER (self), NULL);

  return self->store;
}

/**
 * crm_reminder_scheduler_start:
 * @self: a #CrmReminderScheduler
 *
 * Arms the timer in the thread-default main context. Reminders that are
 * overdue already are announced as soon as the main loop runs.
 */
void
crm_reminder_scheduler_start (CrmReminderScheduler *self)
{
  g_return_if_fail (CRM_IS_REMINDER_SCHEDULER (self));

  if (self->running)
    return;

  self->running = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  rearm (self);
}

void
crm_reminder_scheduler_stop (CrmReminderScheduler *self)
{
  g_return_if_fail (CRM_IS_REMINDER_SCHEDULER (self));

  if (!self->running)
    return;

  self->running = FALSE;
  g_clear_handle_id (&self->timer, g_source_remove);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

gboolean
crm_reminder_scheduler_get_running (CrmReminderScheduler *self)
{
  g_return_val_if_fail (CRM_IS_REMINDER_SCHEDULER (self), FALSE);

  return self->running;
}

/**
 * crm_reminder_scheduler_check:
 * @self: a #CrmReminderScheduler
 *
 * Announces every reminder that is due now and not announced yet for its
 * due time, marking them notified in one transaction first, and re-arms
 * the timer.
 *
 * Returns: how many reminders were announced
 */
guint
crm_reminder_scheduler_check (CrmReminderScheduler *self)
{
  g_autoptr(CrmReminderScheduler) hold = NULL;
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now;

  g_return_val_if_fail (CRM_IS_REMINDER_SCHEDULER (self), 0);

  /* A handler may drop the last reference to us. */
  hold = g_object_ref (self);
  now = crm_time_now_ms ();

  due = crm_store_list_due_reminders (self->store, now, &error);
  if (due == NULL)
    {
      g_warning ("Cannot read the due reminders: %s", error->message);
      self->failed = TRUE;
      rearm (self);
      return 0;
    }

  if (due->len > 0)
    {
      self->checking = TRUE;

      if (crm_store_begin (self->store, &error))
        {
          for (guint i = 0; i < due->len && error == NULL; i++)
            crm_store_mark_reminder_notified (self->store,
                                              crm_reminder_get_id (g_ptr_array_index (due, i)),
                                              now, &error);
          if (error == NULL)
            crm_store_commit (self->store, &error);
          else
            crm_store_rollback (self->store);
        }

      self->checking = FALSE;

      /* Announcing without the mark would repeat the pop-up forever. */
      if (error != NULL)
        {
          g_warning ("Cannot mark reminders as shown: %s", error->message);
          self->failed = TRUE;
          rearm (self);
          return 0;
        }
    }

  self->failed = FALSE;
  rearm (self);

  if (due->len == 0)
    return 0;

  for (guint i = 0; i < due->len; i++)
    {
      CrmReminder *reminder = g_ptr_array_index (due, i);

      crm_reminder_set_notified_at (reminder, now);
      g_signal_emit (self, signals[REMINDER_DUE], 0, reminder);
    }

  g_signal_emit (self, signals[REMINDERS_DUE], 0, due);

  return due->len;
}

gint64
crm_reminder_scheduler_get_next_due (CrmReminderScheduler *self)
{
  g_return_val_if_fail (CRM_IS_REMINDER_SCHEDULER (self), 0);

  return self->next_due;
}
