/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-form.h"
#include "crm-reminder-fields.h"
#include "crm-time.h"

/**
 * CrmReminderFields:
 *
 * When (quick choices, a date with a calendar and a time), for whom and
 * what to do. Dates are written YYYY-MM-DD and times HH:MM, in local time;
 * both are checked as they are typed.
 */

#define MS_PER_MINUTE ((gint64) 60 * 1000)

struct _CrmReminderFields
{
  AdwBin          parent_instance;

  CrmStore       *store;

  /* Template children */
  GtkFlowBox     *quick_box;
  AdwEntryRow    *date_row;
  GtkCalendar    *calendar;
  AdwEntryRow    *time_row;
  GtkLabel       *when_message;
  AdwEntryRow    *note_row;
  AdwComboRow    *assignee_row;

  GtkStringList  *assignee_names;
  GArray         *assignee_ids;

  gboolean        valid;
};

G_DEFINE_FINAL_TYPE (CrmReminderFields, crm_reminder_fields, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_VALID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  ACTIVATE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/**
 * crm_quick_time_compute:
 * @choice: which quick choice
 * @now_ms: the time it is now, in UTC milliseconds
 *
 * Works out a quick choice in local time, so that "tomorrow morning" is
 * 9:00 on the wall clock whatever the time zone and daylight saving time.
 * Times are whole minutes, as the fields show them.
 *
 * Returns: the time in UTC milliseconds
 */
gint64
crm_quick_time_compute (CrmQuickTime choice,
                        gint64       now_ms)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (now_ms / 1000);
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) at = NULL;
  gint64 minute = now_ms - now_ms % MS_PER_MINUTE;

  switch (choice)
    {
    case CRM_QUICK_TIME_IN_10_MINUTES:
      return minute + 10 * MS_PER_MINUTE;

    case CRM_QUICK_TIME_IN_1_HOUR:
      return minute + 60 * MS_PER_MINUTE;

    case CRM_QUICK_TIME_TOMORROW_MORNING:
      day = g_date_time_add_days (now, 1);
      break;

    case CRM_QUICK_TIME_NEXT_MONDAY:
    default:
      /* Monday is 1; on a Monday the next one is a week away. */
      day = g_date_time_add_days (now, 8 - g_date_time_get_day_of_week (now));
      break;
    }

  at = g_date_time_new_local (g_date_time_get_year (day),
                              g_date_time_get_month (day),
                              g_date_time_get_day_of_month (day),
                              CRM_QUICK_TIME_MORNING_HOUR, 0, 0);

  return g_date_time_to_unix (at) * 1000;
}

/* Helpers */

static const char *
get_text (gpointer editable)
{
  return gtk_editable_get_text (GTK_EDITABLE (editable));
}

static void
set_message (CrmReminderFields *self,
             GtkWidget         *field,
             const char        *message,
             gboolean           is_error)
{
  crm_form_mark_field (GTK_WIDGET (self->date_row), NULL);
  crm_form_mark_field (GTK_WIDGET (self->time_row), NULL);

  crm_form_show_message (self->when_message, message);
  if (message == NULL)
    return;

  if (is_error)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->when_message), "warning");
      gtk_widget_add_css_class (GTK_WIDGET (self->when_message), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->when_message), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->when_message), "warning");
    }

  /* A warning is said too, but the field is not wrong. */
  if (field != NULL && is_error)
    crm_form_mark_field (field, message);
  else if (field != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (field),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                    -1);
}

static void
set_valid (CrmReminderFields *self,
           gboolean           valid)
{
  if (self->valid == valid)
    return;

  self->valid = valid;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
}

/* Callbacks */

static void
changed_cb (CrmReminderFields *self)
{
  crm_reminder_fields_validate (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
entry_activated_cb (CrmReminderFields *self)
{
  g_signal_emit (self, signals[ACTIVATE], 0);
}

static void
quick_choice (CrmReminderFields *self,
              CrmQuickTime       choice)
{
  crm_reminder_fields_set_due (self, crm_quick_time_compute (choice, crm_time_now_ms ()));
}

static void
in_1_hour_cb (CrmReminderFields *self)
{
  quick_choice (self, CRM_QUICK_TIME_IN_1_HOUR);
}

static void
tomorrow_morning_cb (CrmReminderFields *self)
{
  quick_choice (self, CRM_QUICK_TIME_TOMORROW_MORNING);
}

static void
next_monday_cb (CrmReminderFields *self)
{
  quick_choice (self, CRM_QUICK_TIME_NEXT_MONDAY);
}

/* GObject */

static void
crm_reminder_fields_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CRM_TYPE_REMINDER_FIELDS);

  G_OBJECT_CLASS (crm_reminder_fields_parent_class)->dispose (object);
}

static void
crm_reminder_fields_finalize (GObject *object)
{
  CrmReminderFields *self = (CrmReminderFields *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->assignee_names);
  g_clear_pointer (&self->assignee_ids, g_array_unref);

  G_OBJECT_CLASS (crm_reminder_fields_parent_class)->finalize (object);
}

static void
crm_reminder_fields_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  CrmReminderFields *self = CRM_REMINDER_FIELDS (object);

  switch (prop_id)
    {
    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_reminder_fields_class_init (CrmReminderFieldsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crm_reminder_fields_dispose;
  object_class->finalize = crm_reminder_fields_finalize;
  object_class->get_property = crm_reminder_fields_get_property;

  /**
   * CrmReminderFields:valid:
   *
   * Whether the date and time can be read.
   */
  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CrmReminderFields::changed:
   *
   * A field changed.
   */
  signals[CHANGED] = g_signal_new ("changed",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);

  /**
   * CrmReminderFields::activate:
   *
   * Enter was pressed in a field; a form takes it as "save".
   */
  signals[ACTIVATE] = g_signal_new ("activate",
                                    G_TYPE_FROM_CLASS (klass),
                                    G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/crm-reminder-fields.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmReminderFields, quick_box);
  gtk_widget_class_bind_template_child (widget_class, CrmReminderFields, date_row);
  gtk_widget_class_bind_template_child (widget_class, CrmReminderFields, calendar);
  gtk_widget_class_bind_template_child (widget_class, CrmReminderFields, time_row);
  gtk_widget_class_bind_template_child (widget_class, CrmReminderFields, when_message);
  gtk_widget_class_bind_template_child (widget_class, CrmReminderFields, note_row);
  gtk_widget_class_bind_template_child (widget_class, CrmReminderFields, assignee_row);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, in_1_hour_cb);
  gtk_widget_class_bind_template_callback (widget_class, tomorrow_morning_cb);
  gtk_widget_class_bind_template_callback (widget_class, next_monday_cb);
}

static void
crm_reminder_fields_init (CrmReminderFields *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->assignee_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->assignee_names = gtk_string_list_new (NULL);
  adw_combo_row_set_model (self->assignee_row, G_LIST_MODEL (self->assignee_names));
  crm_form_attach_calendar (GTK_EDITABLE (self->date_row), self->calendar);

  /* The buttons take the focus themselves; the flow box's own children
   * would be a second, empty stop for each. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->quick_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_focusable (child, FALSE);

  crm_reminder_fields_set_due (self, crm_quick_time_compute (CRM_QUICK_TIME_TOMORROW_MORNING,
                                                             crm_time_now_ms ()));
}

CrmReminderFields *
crm_reminder_fields_new (void)
{
  return g_object_new (CRM_TYPE_REMINDER_FIELDS, NULL);
}

void
crm_reminder_fields_set_store (CrmReminderFields *self,
                               CrmStore          *store)
{
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  g_return_if_fail (CRM_IS_REMINDER_FIELDS (self));
  g_return_if_fail (CRM_IS_STORE (store));

  g_set_object (&self->store, store);

  users = crm_store_list_users (store, NULL);
  g_array_set_size (self->assignee_ids, 0);
  for (guint i = 0; users != NULL && i < users->len; i++)
    {
      CrmUser *user = g_ptr_array_index (users, i);

      if (!user->active)
        continue;

      g_array_append_val (self->assignee_ids, user->id);
      g_ptr_array_add (names, user->name != NULL && *user->name != '\0' ? user->name : user->login);
    }
  g_ptr_array_add (names, NULL);

  gtk_string_list_splice (self->assignee_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->assignee_names)),
                          (const char * const *)names->pdata);
  gtk_widget_set_visible (GTK_WIDGET (self->assignee_row), self->assignee_ids->len > 1);
  crm_reminder_fields_set_assignee (self, crm_store_get_current_user (store));
}

void
crm_reminder_fields_set_due (CrmReminderFields *self,
                             gint64             due_ms)
{
  g_return_if_fail (CRM_IS_REMINDER_FIELDS (self));

  crm_form_show_date_time (GTK_EDITABLE (self->date_row), GTK_EDITABLE (self->time_row), due_ms);
  crm_reminder_fields_validate (self);
}

/**
 * crm_reminder_fields_get_due:
 * @self: a #CrmReminderFields
 * @due_ms: (out): the time in UTC milliseconds
 *
 * Returns: %FALSE while the date or time cannot be read
 */
gboolean
crm_reminder_fields_get_due (CrmReminderFields *self,
                             gint64            *due_ms)
{
  g_return_val_if_fail (CRM_IS_REMINDER_FIELDS (self), FALSE);

  return crm_form_read_date_time (GTK_EDITABLE (self->date_row), GTK_EDITABLE (self->time_row), due_ms);
}

void
crm_reminder_fields_set_assignee (CrmReminderFields *self,
                                  gint64             user_id)
{
  g_return_if_fail (CRM_IS_REMINDER_FIELDS (self));

  for (guint i = 0; i < self->assignee_ids->len; i++)
    {
      if (g_array_index (self->assignee_ids, gint64, i) == user_id)
        {
          adw_combo_row_set_selected (self->assignee_row, i);
          return;
        }
    }
}

gint64
crm_reminder_fields_get_assignee (CrmReminderFields *self)
{
  guint selected;

  g_return_val_if_fail (CRM_IS_REMINDER_FIELDS (self), 0);

  selected = adw_combo_row_get_selected (self->assignee_row);
  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->assignee_ids->len)
    return 0;

  return g_array_index (self->assignee_ids, gint64, selected);
}

void
crm_reminder_fields_set_note (CrmReminderFields *self,
                              const char        *note)
{
  g_return_if_fail (CRM_IS_REMINDER_FIELDS (self));

  gtk_editable_set_text (GTK_EDITABLE (self->note_row), note != NULL ? note : "");
}

const char *
crm_reminder_fields_get_note (CrmReminderFields *self)
{
  g_return_val_if_fail (CRM_IS_REMINDER_FIELDS (self), NULL);

  return get_text (self->note_row);
}

/**
 * crm_reminder_fields_new_reminder:
 * @self: a #CrmReminderFields
 * @contact_id: the client the reminder is about
 * @deal_id: the deal it is about, or 0
 *
 * Returns: (transfer full): a reminder, not stored yet, due when the
 *   fields say, for whom and with the note they say
 */
CrmReminder *
crm_reminder_fields_new_reminder (CrmReminderFields *self,
                                  gint64             contact_id,
                                  gint64             deal_id)
{
  g_autoptr(CrmReminder) reminder = NULL;
  gint64 due = 0;

  g_return_val_if_fail (CRM_IS_REMINDER_FIELDS (self), NULL);

  reminder = crm_reminder_new ();
  crm_reminder_fields_get_due (self, &due);
  crm_reminder_set_contact_id (reminder, contact_id);
  crm_reminder_set_deal_id (reminder, deal_id);
  crm_reminder_set_assignee_id (reminder, crm_reminder_fields_get_assignee (self));
  crm_reminder_set_due_at (reminder, due);
  crm_reminder_set_note (reminder, crm_reminder_fields_get_note (self));

  return g_steal_pointer (&reminder);
}

gboolean
crm_reminder_fields_validate (CrmReminderFields *self)
{
  int year, month, day, hour, minute;
  gint64 due;

  g_return_val_if_fail (CRM_IS_REMINDER_FIELDS (self), FALSE);

  if (!crm_form_parse_date (get_text (self->date_row), &year, &month, &day))
    {
      g_autofree char *today = crm_time_format_date (crm_time_now_ms ());
      /* Translators: %s is today's date, as an example. */
      g_autofree char *message = g_strdup_printf (_("Write the date as YYYY-MM-DD, for example %s"), today);

      set_message (self, GTK_WIDGET (self->date_row), message, TRUE);
      set_valid (self, FALSE);
      return FALSE;
    }

  if (!crm_form_parse_time (get_text (self->time_row), &hour, &minute))
    {
      set_message (self, GTK_WIDGET (self->time_row),
                   _("Write the time as HH:MM on a 24-hour clock, for example 14:30"), TRUE);
      set_valid (self, FALSE);
      return FALSE;
    }

  if (!crm_reminder_fields_get_due (self, &due))
    {
      set_message (self, GTK_WIDGET (self->date_row), _("This date and time cannot be used"), TRUE);
      set_valid (self, FALSE);
      return FALSE;
    }

  /* A reminder for a moment that has passed is allowed (something to do
   * that was forgotten), but it is overdue at once. */
  if (due < crm_time_now_ms ())
    set_message (self, GTK_WIDGET (self->date_row),
                 _("This time has passed; the reminder will be overdue at once"), FALSE);
  else
    set_message (self, NULL, NULL, FALSE);

  set_valid (self, TRUE);
  return TRUE;
}

void
crm_reminder_fields_focus (CrmReminderFields *self)
{
  g_return_if_fail (CRM_IS_REMINDER_FIELDS (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->note_row));
}
