/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <libnotify/notify.h>
#include <unistd.h>

#ifdef __linux__
# include <glib-unix.h>
# include <sys/timerfd.h>
# ifndef TFD_TIMER_CANCEL_ON_SET
#  define TFD_TIMER_CANCEL_ON_SET (1 << 1)
# endif
#endif

#include "crm-contact.h"
#include "crm-deal.h"
#include "crm-notifier.h"
#include "crm-phone.h"
#include "crm-store-activities.h"
#include "crm-store-contacts.h"
#include "crm-store-deals.h"
#include "crm-time.h"
#include "crm-window.h"

#define MINUTE_MS ((gint64) 60 * 1000)

/* What "Snooze 10 min" means. */
#define SNOOZE_MS (10 * MINUTE_MS)

/* A reminder shown this long after its time says it is overdue. */
#define OVERDUE_AFTER_MS (5 * MINUTE_MS)

/* How many reminders a summary names before "and N more". */
#define SUMMARY_NAMES 4

/* How often the wall clock is compared with the monotonic one, to notice
 * a suspend or a clock that was set where nothing else tells. */
#define DRIFT_CHECK_SECONDS 15
#define DRIFT_TOLERANCE_US (2 * G_USEC_PER_SEC)

#define REMINDER_ID_KEY "crm-reminder-id"

/* One reminder on screen: a libnotify notification, or a GNotification
 * sent under the id "reminder-ID" when no notification server answered. */
typedef struct
{
  gint64              id;
  NotifyNotification *notification;
} Shown;

struct _CrmNotifier
{
  GObject               parent_instance;

  GtkApplication       *application;
  CrmStore             *store;
  CrmReminderScheduler *scheduler;

  /* gint64 reminder id → Shown */
  GHashTable           *shown;

  /* The one notification that sums up many reminders, and those it sums
   * up (CrmReminder), oldest first. */
  NotifyNotification   *summary;
  gboolean              summary_sent;
  GPtrArray            *summed_up;

  gboolean              use_libnotify;
  gboolean              caps_known;
  gboolean              body_markup;
  gboolean              said_fallback;
  gboolean              busy;

  gulong                changed_handler;
  gulong                next_due_handler;

  /* Watching for clock jumps. */
  GCancellable         *cancellable;
  GDBusConnection      *system_bus;
  guint                 sleep_subscription;
  guint                 drift_timer;
  gint64                wall_minus_monotonic;
  GFileMonitor         *zone_monitor;
  int                   timer_fd;
  guint                 timer_fd_source;
};

G_DEFINE_FINAL_TYPE (CrmNotifier, crm_notifier, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void show_reminders_action (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data);
static void open_reminder_action  (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data);
static void snooze_reminder_action (GSimpleAction *action,
                                    GVariant      *parameter,
                                    gpointer       user_data);
static void done_reminder_action  (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data);

static const GActionEntry app_actions[] = {
  { "reminder-open", open_reminder_action, "x" },
  { "reminder-snooze", snooze_reminder_action, "x" },
  { "reminder-done", done_reminder_action, "x" },
  { "reminder-list", show_reminders_action },
};

static void
shown_free (Shown *shown)
{
  if (shown->notification != NULL)
    {
      g_signal_handlers_disconnect_matched (shown->notification, G_SIGNAL_MATCH_DATA,
                                            0, 0, NULL, NULL, shown);
      g_clear_object (&shown->notification);
    }
  g_free (shown);
}

static char *
fallback_id (gint64 reminder_id)
{
  return g_strdup_printf ("reminder-%" G_GINT64_FORMAT, reminder_id);
}

static void
update_busy (CrmNotifier *self)
{
  gboolean busy;

  busy = crm_reminder_scheduler_get_next_due (self->scheduler) != 0 ||
         g_hash_table_size (self->shown) > 0 ||
         self->summed_up->len > 0;

  if (busy == self->busy)
    return;

  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static CrmWindow *
find_window (CrmNotifier *self)
{
  for (GList *l = gtk_application_get_windows (self->application); l != NULL; l = l->next)
    {
      if (CRM_IS_WINDOW (l->data))
        return l->data;
    }

  return NULL;
}

/* Says what went wrong where the user looks: in the main window if it is
 * open; a pop-up's button has nowhere else to answer. */
static void
report_error (CrmNotifier  *self,
              const GError *error)
{
  CrmWindow *window = find_window (self);

  if (window != NULL)
    crm_window_add_toast (window, adw_toast_new (error->message));
  else
    g_warning ("%s", error->message);
}

/* Opens the main window, or raises it, with the activation token the
 * notification server gave (so the window may take the focus). */
static CrmWindow *
bring_up_window (CrmNotifier *self,
                 const char  *token)
{
  CrmWindow *window;

  g_application_activate (G_APPLICATION (self->application));
  window = find_window (self);
  if (window != NULL && token != NULL)
    gtk_window_set_startup_id (GTK_WINDOW (window), token);

  return window;
}

/* Takes a reminder's notification off the screen and forgets it. */
static void
withdraw (CrmNotifier *self,
          gint64       reminder_id)
{
  Shown *shown = g_hash_table_lookup (self->shown, &reminder_id);

  if (shown == NULL)
    return;

  if (shown->notification != NULL)
    {
      NotifyNotification *notification = g_object_ref (shown->notification);
      g_autoptr(GError) error = NULL;

      g_hash_table_remove (self->shown, &reminder_id);
      if (!notify_notification_close (notification, &error))
        g_debug ("Cannot close the notification of reminder %" G_GINT64_FORMAT ": %s",
                 reminder_id, error->message);
      g_object_unref (notification);
    }
  else
    {
      g_autofree char *id = fallback_id (reminder_id);

      g_hash_table_remove (self->shown, &reminder_id);
      g_application_withdraw_notification (G_APPLICATION (self->application), id);
    }

  update_busy (self);
}

static void
withdraw_summary (CrmNotifier *self)
{
  if (self->summary != NULL)
    {
      NotifyNotification *summary = g_steal_pointer (&self->summary);
      g_autoptr(GError) error = NULL;

      g_signal_handlers_disconnect_by_data (summary, self);
      if (!notify_notification_close (summary, &error))
        g_debug ("Cannot close the summary of reminders: %s", error->message);
      g_object_unref (summary);
    }

  if (self->summary_sent)
    {
      g_application_withdraw_notification (G_APPLICATION (self->application), "reminders");
      self->summary_sent = FALSE;
    }

  g_ptr_array_set_size (self->summed_up, 0);
  update_busy (self);
}

/* The name a pop-up is headed with: the client's, else the deal's. */
static char *
reminder_title (CrmReminder *reminder)
{
  const char *contact = crm_reminder_get_contact_name (reminder);
  const char *deal = crm_reminder_get_deal_title (reminder);

  if (contact != NULL && contact[0] != '\0')
    return g_strdup (contact);
  if (deal != NULL && deal[0] != '\0')
    return g_strdup (deal);

  return g_strdup (_("Reminder"));
}

static void
append_line (GString    *text,
             const char *line,
             gboolean    markup)
{
  if (line == NULL || line[0] == '\0')
    return;

  if (text->len > 0)
    g_string_append_c (text, '\n');

  if (markup)
    {
      g_autofree char *escaped = g_markup_escape_text (line, -1);

      g_string_append (text, escaped);
    }
  else
    g_string_append (text, line);
}

/* The phone to call, what to do, and when it was due. */
static char *
reminder_body (CrmReminder *reminder,
               gboolean     markup)
{
  GString *body = g_string_new (NULL);
  const char *phone = crm_reminder_get_contact_phone (reminder);
  const char *contact = crm_reminder_get_contact_name (reminder);
  const char *deal = crm_reminder_get_deal_title (reminder);
  gint64 due = crm_reminder_get_due_at (reminder);
  g_autofree char *when = crm_time_format_short (due);
  g_autofree char *due_line = NULL;

  if (phone != NULL && phone[0] != '\0')
    {
      g_autofree char *formatted = crm_phone_format (phone);

      append_line (body, formatted, markup);
    }

  if (contact != NULL && contact[0] != '\0' && deal != NULL && deal[0] != '\0')
    {
      /* Translators: a line of a reminder pop-up naming the deal it is
       * about. */
      g_autofree char *line = g_strdup_printf (_("Deal: %s"), deal);

      append_line (body, line, markup);
    }

  append_line (body, crm_reminder_get_note (reminder), markup);

  if (crm_time_now_ms () - due > OVERDUE_AFTER_MS)
    /* Translators: %s is a time such as "14:30" or "27 Nov 14:30". */
    due_line = g_strdup_printf (_("Overdue since %s"), when);
  else
    /* Translators: %s is a time such as "14:30" or "27 Nov 14:30". */
    due_line = g_strdup_printf (_("Due at %s"), when);
  append_line (body, due_line, markup);

  return g_string_free (body, FALSE);
}

static void
notification_closed_cb (NotifyNotification *notification,
                        Shown              *shown)
{
  CrmNotifier *self = g_object_get_data (G_OBJECT (notification), "crm-notifier");
  gint64 id = shown->id;

  /* Dismissed on the server: the reminder stays overdue in the list. */
  if (self != NULL && g_hash_table_lookup (self->shown, &id) == shown)
    {
      g_hash_table_remove (self->shown, &id);
      update_busy (self);
    }
}

static void
notification_action_cb (NotifyNotification *notification,
                        char               *action,
                        gpointer            user_data)
{
  CrmNotifier *self = CRM_NOTIFIER (user_data);
  g_autoptr(CrmNotifier) hold = g_object_ref (self);
  g_autoptr(GError) error = NULL;
  gint64 *idp = g_object_get_data (G_OBJECT (notification), REMINDER_ID_KEY);
  gint64 id;

  g_return_if_fail (idp != NULL);
  id = *idp;

  if (g_str_equal (action, "open") || g_str_equal (action, "default"))
    {
      const char *token = NULL;

#if NOTIFY_CHECK_VERSION (0, 7, 10)
      token = notify_notification_get_activation_token (notification);
#endif
      crm_notifier_open_reminder (self, id);
      if (token != NULL)
        {
          CrmWindow *window = find_window (self);

          if (window != NULL)
            gtk_window_set_startup_id (GTK_WINDOW (window), token);
        }
    }
  else if (g_str_equal (action, "snooze"))
    {
      if (!crm_notifier_snooze_reminder (self, id, &error))
        report_error (self, error);
    }
  else if (g_str_equal (action, "done"))
    {
      if (!crm_notifier_complete_reminder (self, id, &error))
        report_error (self, error);
    }

  withdraw (self, id);
}

static void
summary_action_cb (NotifyNotification *notification,
                   char               *action,
                   gpointer            user_data)
{
  CrmNotifier *self = CRM_NOTIFIER (user_data);
  g_autoptr(CrmNotifier) hold = g_object_ref (self);

  crm_notifier_show_reminders (self);
}

static void
summary_closed_cb (NotifyNotification *notification,
                   CrmNotifier        *self)
{
  if (self->summary == notification)
    {
      g_clear_object (&self->summary);
      g_ptr_array_set_size (self->summed_up, 0);
      update_busy (self);
    }
}

/* Says once that pop-ups go another way. */
static void
say_fallback (CrmNotifier *self,
              const char  *why)
{
  if (self->said_fallback)
    return;

  self->said_fallback = TRUE;
  g_message ("Reminders are sent through GApplication notifications: %s", why);
}

static gboolean
bus_has_name (GDBusConnection *bus,
              const char      *method,
              const char      *name)
{
  g_autoptr(GVariant) reply = NULL;

  if (g_str_equal (method, "NameHasOwner"))
    {
      gboolean owned = FALSE;

      reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                           "org.freedesktop.DBus", "NameHasOwner",
                                           g_variant_new ("(s)", name), G_VARIANT_TYPE ("(b)"),
                                           G_DBUS_CALL_FLAGS_NONE, 2000, NULL, NULL);
      if (reply != NULL)
        g_variant_get (reply, "(b)", &owned);
      return owned;
    }
  else
    {
      g_autofree const char **names = NULL;

      reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                           "org.freedesktop.DBus", "ListActivatableNames",
                                           NULL, G_VARIANT_TYPE ("(as)"),
                                           G_DBUS_CALL_FLAGS_NONE, 2000, NULL, NULL);
      if (reply == NULL)
        return FALSE;
      g_variant_get (reply, "(^a&s)", &names);
      return g_strv_contains (names, name);
    }
}

/* Whether libnotify can be used now: a notification server runs on the
 * session bus, or can be started there. Asked each time rather than once,
 * since at login Clientele may start before the desktop's server does;
 * asking first spares libnotify's warnings when none answers. In a
 * sandbox the name is not visible, and GNotification goes through the
 * portal instead. */
static gboolean
libnotify_usable (CrmNotifier *self)
{
  g_autoptr(GDBusConnection) bus = NULL;
  GDBusConnection *app_bus = NULL;

  if (!self->use_libnotify)
    return FALSE;

  if (self->application != NULL)
    app_bus = g_application_get_dbus_connection (G_APPLICATION (self->application));
  bus = app_bus ? g_object_ref (app_bus) : g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);

  if (bus == NULL ||
      (!bus_has_name (bus, "NameHasOwner", "org.freedesktop.Notifications") &&
       !bus_has_name (bus, "ListActivatableNames", "org.freedesktop.Notifications")))
    {
      say_fallback (self, "no desktop notification server on the session bus");
      return FALSE;
    }

  if (!self->caps_known)
    {
      GList *caps = notify_get_server_caps ();

      self->caps_known = caps != NULL;
      self->body_markup = g_list_find_custom (caps, "body-markup", (GCompareFunc) g_strcmp0) != NULL;
      g_list_free_full (caps, g_free);
    }

  return TRUE;
}

static void
add_standard_hints (NotifyNotification *notification)
{
  /* Critical and resident: it stays on screen, and in the list, until the
   * manager answers it. */
  notify_notification_set_urgency (notification, NOTIFY_URGENCY_CRITICAL);
  notify_notification_set_timeout (notification, NOTIFY_EXPIRES_NEVER);
  notify_notification_set_hint_string (notification, "desktop-entry", APPLICATION_ID);
  notify_notification_set_hint (notification, "resident", g_variant_new_boolean (TRUE));
  notify_notification_set_category (notification, "x-clientele.reminder");
}

static gboolean
show_with_libnotify (CrmNotifier *self,
                     CrmReminder *reminder)
{
  NotifyNotification *notification = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  gint64 id = crm_reminder_get_id (reminder);
  Shown *shown;

  if (!libnotify_usable (self))
    return FALSE;

  title = reminder_title (reminder);
  body = reminder_body (reminder, self->body_markup);
  notification = notify_notification_new (title, body, APPLICATION_ID);
  add_standard_hints (notification);

  /* "default" is what a click on the pop-up itself does. */
  notify_notification_add_action (notification, "default", _("Open"),
                                  notification_action_cb, self, NULL);
  notify_notification_add_action (notification, "open", _("Open"),
                                  notification_action_cb, self, NULL);
  notify_notification_add_action (notification, "snooze", _("Snooze 10 min"),
                                  notification_action_cb, self, NULL);
  notify_notification_add_action (notification, "done", _("Done"),
                                  notification_action_cb, self, NULL);
  g_object_set_data_full (G_OBJECT (notification), REMINDER_ID_KEY,
                          g_memdup2 (&id, sizeof id), g_free);
  g_object_set_data (G_OBJECT (notification), "crm-notifier", self);

  if (!notify_notification_show (notification, &error))
    {
      say_fallback (self, error->message);
      g_object_unref (notification);
      return FALSE;
    }

  shown = g_new0 (Shown, 1);
  shown->id = id;
  shown->notification = g_steal_pointer (&notification);
  g_signal_connect (shown->notification, "closed", G_CALLBACK (notification_closed_cb), shown);
  g_hash_table_replace (self->shown, g_memdup2 (&id, sizeof id), shown);

  return TRUE;
}

static void
show_with_gnotification (CrmNotifier *self,
                         CrmReminder *reminder)
{
  g_autoptr(GNotification) notification = NULL;
  g_autoptr(GIcon) icon = g_themed_icon_new (APPLICATION_ID);
  g_autofree char *title = reminder_title (reminder);
  g_autofree char *body = reminder_body (reminder, FALSE);
  g_autofree char *notification_id = NULL;
  gint64 id = crm_reminder_get_id (reminder);
  Shown *shown;

  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_notification_set_icon (notification, icon);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_URGENT);
  g_notification_set_default_action_and_target (notification, "app.reminder-open", "x", id);
  g_notification_add_button_with_target (notification, _("Open"), "app.reminder-open", "x", id);
  g_notification_add_button_with_target (notification, _("Snooze 10 min"), "app.reminder-snooze", "x", id);
  g_notification_add_button_with_target (notification, _("Done"), "app.reminder-done", "x", id);

  notification_id = fallback_id (id);
  g_application_send_notification (G_APPLICATION (self->application), notification_id, notification);

  shown = g_new0 (Shown, 1);
  shown->id = id;
  g_hash_table_replace (self->shown, g_memdup2 (&id, sizeof id), shown);
}

static void
show_reminder (CrmNotifier *self,
               CrmReminder *reminder)
{
  gint64 id = crm_reminder_get_id (reminder);

  /* Due again after a snooze while the old pop-up was still up: one
   * pop-up per reminder, the new one. */
  withdraw (self, id);

  if (!show_with_libnotify (self, reminder))
    show_with_gnotification (self, reminder);
}

static char *
summary_body (CrmNotifier *self,
              gboolean     markup)
{
  GString *body = g_string_new (NULL);
  guint n = self->summed_up->len;

  for (guint i = 0; i < n && i < SUMMARY_NAMES; i++)
    {
      CrmReminder *reminder = g_ptr_array_index (self->summed_up, i);
      g_autofree char *when = crm_time_format_short (crm_reminder_get_due_at (reminder));
      g_autofree char *title = reminder_title (reminder);
      /* Translators: a line of the pop-up that sums up many reminders: a
       * time such as "14:30" and a client's name. */
      g_autofree char *line = g_strdup_printf (_("%s  %s"), when, title);

      append_line (body, line, markup);
    }

  if (n > SUMMARY_NAMES)
    {
      g_autofree char *more = g_strdup_printf (ngettext ("and %u more", "and %u more", n - SUMMARY_NAMES),
                                               n - SUMMARY_NAMES);

      append_line (body, more, markup);
    }

  return g_string_free (body, FALSE);
}

/* Sums up many reminders in one pop-up whose Open shows the list of
 * reminders, instead of covering the screen with them. */
static void
show_summary (CrmNotifier *self,
              GPtrArray   *reminders)
{
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  for (guint i = 0; i < reminders->len; i++)
    {
      CrmReminder *reminder = g_ptr_array_index (reminders, i);
      gint64 id = crm_reminder_get_id (reminder);

      withdraw (self, id);
      for (guint j = 0; j < self->summed_up->len; j++)
        {
          if (crm_reminder_get_id (g_ptr_array_index (self->summed_up, j)) == id)
            {
              g_ptr_array_remove_index (self->summed_up, j);
              break;
            }
        }
      g_ptr_array_add (self->summed_up, g_object_ref (reminder));
    }

  n = self->summed_up->len;
  title = g_strdup_printf (ngettext ("%u reminder is due", "%u reminders are due", n), n);

  if (libnotify_usable (self))
    {
      body = summary_body (self, self->body_markup);

      if (self->summary == NULL)
        {
          self->summary = notify_notification_new (title, body, APPLICATION_ID);
          add_standard_hints (self->summary);
          notify_notification_add_action (self->summary, "default", _("Open"),
                                          summary_action_cb, self, NULL);
          notify_notification_add_action (self->summary, "open", _("Open"),
                                          summary_action_cb, self, NULL);
          g_signal_connect (self->summary, "closed", G_CALLBACK (summary_closed_cb), self);
        }
      else
        notify_notification_update (self->summary, title, body, APPLICATION_ID);

      if (notify_notification_show (self->summary, &error))
        {
          update_busy (self);
          return;
        }

      say_fallback (self, error->message);
      g_signal_handlers_disconnect_by_data (self->summary, self);
      g_clear_object (&self->summary);
    }

  {
    g_autoptr(GNotification) notification = g_notification_new (title);
    g_autoptr(GIcon) icon = g_themed_icon_new (APPLICATION_ID);

    g_clear_pointer (&body, g_free);
    body = summary_body (self, FALSE);
    g_notification_set_body (notification, body);
    g_notification_set_icon (notification, icon);
    g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_URGENT);
    g_notification_set_default_action (notification, "app.reminder-list");
    g_notification_add_button (notification, _("Open"), "app.reminder-list");
    g_application_send_notification (G_APPLICATION (self->application), "reminders", notification);
    self->summary_sent = TRUE;
  }

  update_busy (self);
}

static void
reminders_due_cb (CrmReminderScheduler *scheduler,
                  GPtrArray            *reminders,
                  CrmNotifier          *self)
{
  if (reminders->len > CRM_NOTIFIER_GROUP_LIMIT)
    {
      show_summary (self, reminders);
      return;
    }

  for (guint i = 0; i < reminders->len; i++)
    show_reminder (self, g_ptr_array_index (reminders, i));

  update_busy (self);
}

/* Whether a reminder that is on screen should still be: not done, not
 * trashed (nor its client or deal), not put off to later. */
static gboolean
still_due (CrmNotifier *self,
           gint64       reminder_id)
{
  g_autoptr(CrmReminder) reminder = NULL;
  gint64 now = crm_time_now_ms ();
  gint64 due;

  reminder = crm_store_get_reminder (self->store, reminder_id, NULL);
  if (reminder == NULL ||
      crm_reminder_get_done_at (reminder) != 0 ||
      crm_reminder_get_deleted_at (reminder) != 0)
    return FALSE;

  due = crm_reminder_get_snoozed_until (reminder);
  if (due == 0)
    due = crm_reminder_get_due_at (reminder);
  if (due > now)
    return FALSE;

  if (crm_reminder_get_deal_id (reminder) != 0)
    {
      g_autoptr(CrmDeal) deal = crm_store_get_deal (self->store, crm_reminder_get_deal_id (reminder), NULL);

      if (deal == NULL || crm_deal_get_deleted_at (deal) != 0)
        return FALSE;
    }
  else if (crm_reminder_get_contact_id (reminder) != 0)
    {
      g_autoptr(CrmContact) contact = crm_store_get_contact (self->store, crm_reminder_get_contact_id (reminder), NULL);

      if (contact == NULL || crm_contact_get_deleted_at (contact) != 0)
        return FALSE;
    }

  return TRUE;
}

/* Takes down the pop-ups of reminders that were answered elsewhere: in
 * the window, from clientele-cli, or on another pop-up. */
static void
store_changed_cb (CrmStore    *store,
                  int          kind,
                  gint64       id,
                  CrmNotifier *self)
{
  g_autoptr(GArray) gone = NULL;
  GHashTableIter iter;
  gpointer key;
  guint before;

  switch ((CrmEntityKind) kind)
    {
    case CRM_ENTITY_ANY:
    case CRM_ENTITY_CONTACT:
    case CRM_ENTITY_DEAL:
    case CRM_ENTITY_REMINDER:
      break;

    case CRM_ENTITY_USER:
    case CRM_ENTITY_PIPELINE:
    case CRM_ENTITY_STAGE:
    case CRM_ENTITY_ACTIVITY:
    case CRM_ENTITY_ATTACHMENT:
    default:
      return;
    }

  if (g_hash_table_size (self->shown) == 0 && self->summed_up->len == 0)
    return;

  gone = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_hash_table_iter_init (&iter, self->shown);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      gint64 reminder_id = *(gint64 *) key;

      if ((kind != CRM_ENTITY_REMINDER || reminder_id == id) && !still_due (self, reminder_id))
        g_array_append_val (gone, reminder_id);
    }
  for (guint i = 0; i < gone->len; i++)
    withdraw (self, g_array_index (gone, gint64, i));

  before = self->summed_up->len;
  for (guint i = self->summed_up->len; i > 0; i--)
    {
      CrmReminder *reminder = g_ptr_array_index (self->summed_up, i - 1);

      if (!still_due (self, crm_reminder_get_id (reminder)))
        g_ptr_array_remove_index (self->summed_up, i - 1);
    }

  if (before > 0 && self->summed_up->len == 0)
    withdraw_summary (self);
  else if (self->summed_up->len != before && self->summary != NULL)
    {
      g_autofree char *title = NULL;
      g_autofree char *body = summary_body (self, self->body_markup);
      guint n = self->summed_up->len;

      /* The count follows what is left to do, quietly in place. */
      title = g_strdup_printf (ngettext ("%u reminder is due", "%u reminders are due", n), n);
      notify_notification_update (self->summary, title, body, APPLICATION_ID);
      notify_notification_show (self->summary, NULL);
    }
}

static void
next_due_cb (CrmNotifier *self)
{
  update_busy (self);
}

/* Clock jumps */

static void
clock_jumped (CrmNotifier *self,
              const char  *why)
{
  g_debug ("Looking for due reminders: %s", why);
  self->wall_minus_monotonic = g_get_real_time () - g_get_monotonic_time ();

  if (crm_reminder_scheduler_get_running (self->scheduler))
    crm_reminder_scheduler_check (self->scheduler);
}

static void
prepare_for_sleep_cb (GDBusConnection *connection,
                      const char      *sender_name,
                      const char      *object_path,
                      const char      *interface_name,
                      const char      *signal_name,
                      GVariant        *parameters,
                      gpointer         user_data)
{
  gboolean going_to_sleep = FALSE;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(b)")))
    return;

  g_variant_get (parameters, "(b)", &going_to_sleep);
  if (!going_to_sleep)
    clock_jumped (CRM_NOTIFIER (user_data), "resumed from suspend");
}

static void
system_bus_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  GDBusConnection *bus = g_bus_get_finish (result, &error);
  CrmNotifier *self;

  if (bus == NULL)
    {
      /* No system bus (a container, a minimal session): the other
       * watches and the scheduler's one-minute cap still catch up. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No system bus, so no word of suspend: %s", error->message);
      return;
    }

  self = CRM_NOTIFIER (user_data);
  self->system_bus = bus;
  self->sleep_subscription =
    g_dbus_connection_signal_subscribe (bus,
                                        "org.freedesktop.login1",
                                        "org.freedesktop.login1.Manager",
                                        "PrepareForSleep",
                                        "/org/freedesktop/login1",
                                        NULL,
                                        G_DBUS_SIGNAL_FLAGS_NONE,
                                        prepare_for_sleep_cb,
                                        self, NULL);
}

static gboolean
drift_cb (gpointer user_data)
{
  CrmNotifier *self = CRM_NOTIFIER (user_data);
  gint64 offset = g_get_real_time () - g_get_monotonic_time ();

  /* The monotonic clock stands still while the computer sleeps and is
   * never set; a change in the difference is a suspend or a set clock. */
  if (ABS (offset - self->wall_minus_monotonic) > DRIFT_TOLERANCE_US)
    clock_jumped (self, "the wall clock moved against the monotonic clock");

  self->wall_minus_monotonic = offset;
  return G_SOURCE_CONTINUE;
}

static void
zone_changed_cb (GFileMonitor      *monitor,
                 GFile             *file,
                 GFile             *other_file,
                 GFileMonitorEvent  event,
                 CrmNotifier       *self)
{
  /* GLib re-reads /etc/localtime on the next g_time_zone_new_local() when
   * TZ is not set, so new pop-ups name the new local time by themselves;
   * due times are UTC and do not move. */
  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
    case G_FILE_MONITOR_EVENT_RENAMED:
      clock_jumped (self, "the time zone changed");
      break;

    case G_FILE_MONITOR_EVENT_CHANGED:
    case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
    case G_FILE_MONITOR_EVENT_PRE_UNMOUNT:
    case G_FILE_MONITOR_EVENT_UNMOUNTED:
    case G_FILE_MONITOR_EVENT_MOVED:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
    default:
      break;
    }
}

#ifdef __linux__
static gboolean
arm_timer_fd (CrmNotifier *self)
{
  struct itimerspec spec = { { 0, 0 }, { 0, 0 } };

  /* A timer that does not fire in our lifetime but is cancelled whenever
   * the wall clock is set, including on resume from suspend. */
#if GLIB_SIZEOF_LONG > 4
  spec.it_value.tv_sec = 4102444800L; /* 2100 */
#else
  spec.it_value.tv_sec = G_MAXINT32;
#endif
  return timerfd_settime (self->timer_fd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &spec, NULL) == 0;
}

static gboolean
timer_fd_cb (int          fd,
             GIOCondition condition,
             gpointer     user_data)
{
  CrmNotifier *self = CRM_NOTIFIER (user_data);
  guint64 expirations;
  gssize n;

  n = read (fd, &expirations, sizeof expirations);
  if (n < 0 && errno == EAGAIN)
    return G_SOURCE_CONTINUE;

  if (!arm_timer_fd (self))
    {
      self->timer_fd_source = 0;
      return G_SOURCE_REMOVE;
    }

  if (n < 0 && errno == ECANCELED)
    clock_jumped (self, "the wall clock was set");

  return G_SOURCE_CONTINUE;
}
#endif

static void
watch_clock (CrmNotifier *self)
{
  g_autoptr(GFile) localtime = g_file_new_for_path ("/etc/localtime");

  self->wall_minus_monotonic = g_get_real_time () - g_get_monotonic_time ();
  self->drift_timer = g_timeout_add_seconds (DRIFT_CHECK_SECONDS, drift_cb, self);

  g_bus_get (G_BUS_TYPE_SYSTEM, self->cancellable, system_bus_cb, self);

  self->zone_monitor = g_file_monitor_file (localtime, G_FILE_MONITOR_NONE, self->cancellable, NULL);
  if (self->zone_monitor != NULL)
    g_signal_connect (self->zone_monitor, "changed", G_CALLBACK (zone_changed_cb), self);

#ifdef __linux__
  self->timer_fd = timerfd_create (CLOCK_REALTIME, TFD_NONBLOCK | TFD_CLOEXEC);
  if (self->timer_fd >= 0 && arm_timer_fd (self))
    self->timer_fd_source = g_unix_fd_add (self->timer_fd, G_IO_IN, timer_fd_cb, self);
#endif
}

static void
unwatch_clock (CrmNotifier *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->drift_timer, g_source_remove);
  g_clear_handle_id (&self->timer_fd_source, g_source_remove);
  if (self->timer_fd >= 0)
    {
      close (self->timer_fd);
      self->timer_fd = -1;
    }
  if (self->zone_monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->zone_monitor, self);
      g_file_monitor_cancel (self->zone_monitor);
      g_clear_object (&self->zone_monitor);
    }
  if (self->system_bus != NULL && self->sleep_subscription != 0)
    g_dbus_connection_signal_unsubscribe (self->system_bus, self->sleep_subscription);
  self->sleep_subscription = 0;
  g_clear_object (&self->system_bus);
}

/* Application actions, for GNotification buttons */

static void
open_reminder_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  CrmNotifier *self = CRM_NOTIFIER (user_data);
  gint64 id = g_variant_get_int64 (parameter);

  crm_notifier_open_reminder (self, id);
  withdraw (self, id);
}

static void
snooze_reminder_action (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  CrmNotifier *self = CRM_NOTIFIER (user_data);
  g_autoptr(GError) error = NULL;
  gint64 id = g_variant_get_int64 (parameter);

  if (!crm_notifier_snooze_reminder (self, id, &error))
    report_error (self, error);
  withdraw (self, id);
}

static void
done_reminder_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  CrmNotifier *self = CRM_NOTIFIER (user_data);
  g_autoptr(GError) error = NULL;
  gint64 id = g_variant_get_int64 (parameter);

  if (!crm_notifier_complete_reminder (self, id, &error))
    report_error (self, error);
  withdraw (self, id);
}

static void
show_reminders_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  crm_notifier_show_reminders (CRM_NOTIFIER (user_data));
}

/* GObject */

static void
crm_notifier_dispose (GObject *object)
{
  CrmNotifier *self = (CrmNotifier *)object;

  unwatch_clock (self);

  if (self->scheduler != NULL)
    {
      crm_reminder_scheduler_stop (self->scheduler);
      g_signal_handlers_disconnect_by_data (self->scheduler, self);
    }
  if (self->store != NULL)
    g_clear_signal_handler (&self->changed_handler, self->store);

  /* Buttons of a program that is gone would do nothing: take the pop-ups
   * down. The reminders stay overdue in the list. */
  if (self->shown != NULL && self->application != NULL)
    {
      g_autoptr(GList) ids = g_hash_table_get_keys (self->shown);
      g_autoptr(GArray) copy = g_array_new (FALSE, FALSE, sizeof (gint64));

      for (GList *l = ids; l != NULL; l = l->next)
        g_array_append_val (copy, *(gint64 *) l->data);
      for (guint i = 0; i < copy->len; i++)
        withdraw (self, g_array_index (copy, gint64, i));
    }
  if (self->summed_up != NULL && self->application != NULL)
    withdraw_summary (self);

  if (self->application != NULL)
    {
      for (guint i = 0; i < G_N_ELEMENTS (app_actions); i++)
        g_action_map_remove_action (G_ACTION_MAP (self->application), app_actions[i].name);
      g_object_remove_weak_pointer (G_OBJECT (self->application), (gpointer *) &self->application);
      self->application = NULL;
    }

  g_clear_object (&self->scheduler);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (crm_notifier_parent_class)->dispose (object);
}

static void
crm_notifier_finalize (GObject *object)
{
  CrmNotifier *self = (CrmNotifier *)object;

  g_clear_object (&self->summary);
  g_clear_pointer (&self->summed_up, g_ptr_array_unref);
  g_clear_pointer (&self->shown, g_hash_table_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (crm_notifier_parent_class)->finalize (object);
}

static void
crm_notifier_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CrmNotifier *self = CRM_NOTIFIER (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_notifier_class_init (CrmNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = crm_notifier_dispose;
  object_class->finalize = crm_notifier_finalize;
  object_class->get_property = crm_notifier_get_property;

  /**
   * CrmNotifier:busy:
   *
   * Whether a reminder is still to fall due or is on screen.
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
crm_notifier_init (CrmNotifier *self)
{
  self->shown = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) shown_free);
  self->summed_up = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();
  self->timer_fd = -1;
}

/**
 * crm_notifier_new:
 * @application: the application whose windows open clients
 * @store: the store whose reminders pop up
 *
 * Returns: (transfer full): a notifier; call crm_notifier_start()
 */
CrmNotifier *
crm_notifier_new (GtkApplication *application,
                  CrmStore       *store)
{
  CrmNotifier *self;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);

  self = g_object_new (CRM_TYPE_NOTIFIER, NULL);
  self->application = application;
  g_object_add_weak_pointer (G_OBJECT (application), (gpointer *) &self->application);
  self->store = g_object_ref (store);

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions,
                                   G_N_ELEMENTS (app_actions), self);

  /* Whether a server answers is asked when there is something to show. */
  self->use_libnotify = notify_is_initted () || notify_init (APPLICATION_ID);

  /* The store announces changes made elsewhere too; watch them before the
   * scheduler does, so that a pop-up answered elsewhere goes first. */
  self->changed_handler = g_signal_connect (store, "changed", G_CALLBACK (store_changed_cb), self);

  self->scheduler = crm_reminder_scheduler_new (store);
  g_signal_connect (self->scheduler, "reminders-due", G_CALLBACK (reminders_due_cb), self);
  g_signal_connect_swapped (self->scheduler, "notify::next-due", G_CALLBACK (next_due_cb), self);
  update_busy (self);

  return self;
}

/**
 * crm_notifier_start:
 * @self: a #CrmNotifier
 *
 * Starts the scheduler, which pops up at once (from the main loop) what
 * fell due while the program was not running, and watches the clock.
 */
void
crm_notifier_start (CrmNotifier *self)
{
  g_return_if_fail (CRM_IS_NOTIFIER (self));

  if (crm_reminder_scheduler_get_running (self->scheduler))
    return;

  crm_reminder_scheduler_start (self->scheduler);
  watch_clock (self);
}

CrmReminderScheduler *
crm_notifier_get_scheduler (CrmNotifier *self)
{
  g_return_val_if_fail (CRM_IS_NOTIFIER (self), NULL);

  return self->scheduler;
}

gboolean
crm_notifier_get_busy (CrmNotifier *self)
{
  g_return_val_if_fail (CRM_IS_NOTIFIER (self), FALSE);

  return self->busy;
}

/**
 * crm_notifier_open_reminder:
 * @self: a #CrmNotifier
 * @reminder_id: a reminder's id
 *
 * Opens (or raises) the main window at the card of the reminder's client,
 * with its deal shown when the reminder is about a deal.
 */
void
crm_notifier_open_reminder (CrmNotifier *self,
                            gint64       reminder_id)
{
  g_autoptr(CrmReminder) reminder = NULL;
  g_autoptr(GError) error = NULL;
  CrmWindow *window;

  g_return_if_fail (CRM_IS_NOTIFIER (self));

  if (self->application == NULL)
    return;

  reminder = crm_store_get_reminder (self->store, reminder_id, &error);
  window = bring_up_window (self, NULL);
  if (window == NULL)
    return;

  if (reminder == NULL)
    crm_window_add_toast (window, adw_toast_new (error->message));
  else if (crm_reminder_get_deal_id (reminder) != 0)
    crm_window_open_deal (window, crm_reminder_get_deal_id (reminder));
  else
    crm_window_open_contact (window, crm_reminder_get_contact_id (reminder));
}

/**
 * crm_notifier_snooze_reminder:
 * @self: a #CrmNotifier
 * @reminder_id: a reminder's id
 * @error: return location for a #GError
 *
 * Puts the reminder off for ten minutes from now.
 *
 * Returns: %TRUE on success
 */
gboolean
crm_notifier_snooze_reminder (CrmNotifier  *self,
                              gint64        reminder_id,
                              GError      **error)
{
  g_return_val_if_fail (CRM_IS_NOTIFIER (self), FALSE);

  return crm_store_snooze_reminder (self->store, reminder_id, crm_time_now_ms () + SNOOZE_MS, error);
}

gboolean
crm_notifier_complete_reminder (CrmNotifier  *self,
                                gint64        reminder_id,
                                GError      **error)
{
  g_return_val_if_fail (CRM_IS_NOTIFIER (self), FALSE);

  return crm_store_complete_reminder (self->store, reminder_id, error);
}

/**
 * crm_notifier_show_reminders:
 * @self: a #CrmNotifier
 *
 * Opens (or raises) the main window at the list of reminders and takes
 * down the pop-up that summed them up.
 */
void
crm_notifier_show_reminders (CrmNotifier *self)
{
  CrmWindow *window;

  g_return_if_fail (CRM_IS_NOTIFIER (self));

  if (self->application == NULL)
    return;

  window = bring_up_window (self, NULL);
  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "reminders");

  withdraw_summary (self);
}

void
crm_notifier_clock_changed (CrmNotifier *self)
{
  g_return_if_fail (CRM_IS_NOTIFIER (self));

  clock_jumped (self, "asked to");
}

gboolean
crm_notifier_is_shown (CrmNotifier *self,
                       gint64       reminder_id)
{
  g_return_val_if_fail (CRM_IS_NOTIFIER (self), FALSE);

  if (g_hash_table_contains (self->shown, &reminder_id))
    return TRUE;

  for (guint i = 0; i < self->summed_up->len; i++)
    {
      if (crm_reminder_get_id (g_ptr_array_index (self->summed_up, i)) == reminder_id)
        return TRUE;
    }

  return FALSE;
}

guint
crm_notifier_get_n_shown (CrmNotifier *self)
{
  g_return_val_if_fail (CRM_IS_NOTIFIER (self), 0);

  return g_hash_table_size (self->shown) + self->summed_up->len;
}
