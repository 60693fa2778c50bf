/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "crm-contact.h"
#include "crm-deal-editor.h"
#include "crm-deal.h"
#include "crm-money.h"
#include "crm-search.h"
#include "crm-store-contacts.h"
#include "crm-store-deals.h"
#include "crm-text.h"
#include "crm-time.h"

/* The form for a new deal or for changing one. Fields are checked as they
 * are typed; the store has the last word, and what it refuses is shown in
 * the form, which stays open with everything typed. */

#define CLIENT_SEARCH_DELAY_MS 150
#define CLIENT_SEARCH_LIMIT    30
#define CLIENT_SUGGESTIONS     8

struct _CrmDealEditor
{
  AdwWindow        parent_instance;

  CrmStore        *store;
  gint64           deal_id;
  gint64           preset_contact_id;
  CrmDeal         *deal;

  /* Template children */
  AdwWindowTitle  *window_title;
  GtkRevealer     *error_revealer;
  GtkLabel        *error_label;
  AdwEntryRow     *title_row;
  GtkLabel        *title_message;
  AdwEntryRow     *client_row;
  GtkButton       *client_clear_button;
  GtkRevealer     *client_revealer;
  GtkListBox      *client_list;
  GtkLabel        *client_message;
  AdwEntryRow     *amount_row;
  GtkEntry        *currency_entry;
  GtkLabel        *amount_message;
  AdwComboRow     *pipeline_row;
  AdwComboRow     *stage_row;
  AdwEntryRow     *lost_reason_row;
  AdwComboRow     *owner_row;
  AdwEntryRow     *close_row;
  GtkPopover      *calendar_popover;
  GtkCalendar     *calendar;
  AdwEntryRow     *tags_row;
  GtkLabel        *close_message;

  GtkStringList   *pipeline_names;
  GtkStringList   *stage_names;
  GtkStringList   *owner_names;
  GArray          *pipeline_ids;
  GArray          *stage_ids;
  GArray          *stage_kinds;
  GArray          *owner_ids;

  gint64           contact_id;
  guint            search_timeout;
  gboolean         setting_client;
  gboolean         setting_calendar;
  gboolean         title_touched;
  gboolean         load_failed;
};

G_DEFINE_FINAL_TYPE (CrmDealEditor, crm_deal_editor, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_DEAL_ID,
  PROP_CONTACT_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Helpers */

static void
show_error (CrmDealEditor *self,
            const char    *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

static void
set_field_message (GtkWidget  *field,
                   GtkLabel   *label,
                   const char *message)
{
  if (message != NULL)
    {
      gtk_widget_add_css_class (field, "error");
      gtk_label_set_text (label, message);
      gtk_accessible_update_state (GTK_ACCESSIBLE (field),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (field),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message,
                                      -1);
    }
  else
    {
      gtk_widget_remove_css_class (field, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_STATE_INVALID);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }

  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

static const char *
get_text (gpointer editable)
{
  return gtk_editable_get_text (GTK_EDITABLE (editable));
}

static gint64
array_get_id (GArray *ids,
              guint   position)
{
  if (position == GTK_INVALID_LIST_POSITION || position >= ids->len)
    return 0;

  return g_array_index (ids, gint64, position);
}

static guint
array_find_id (GArray *ids,
               gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    {
      if (g_array_index (ids, gint64, i) == id)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

static void
set_string_list (GtkStringList *list,
                 GPtrArray     *names)
{
  g_ptr_array_add (names, NULL);
  gtk_string_list_splice (list, 0, g_list_model_get_n_items (G_LIST_MODEL (list)),
                          (const char * const *)names->pdata);
}

static gboolean
is_valid_date (const char *text)
{
  guint64 year, month, day;

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;

  for (guint i = 0; i < 10; i++)
    {
      if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
        return FALSE;
    }

  year = g_ascii_strtoull (text, NULL, 10);
  month = g_ascii_strtoull (text + 5, NULL, 10);
  day = g_ascii_strtoull (text + 8, NULL, 10);

  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= 31 &&
         g_date_valid_dmy ((GDateDay)day, (GDateMonth)month, (GDateYear)year);
}

static char *
dup_currency (CrmDealEditor *self)
{
  g_autofree char *currency = g_ascii_strup (get_text (self->currency_entry), -1);

  return g_strstrip (g_steal_pointer (&currency));
}

static gboolean
selected_stage_is_lost (CrmDealEditor *self)
{
  guint position = adw_combo_row_get_selected (self->stage_row);

  if (position == GTK_INVALID_LIST_POSITION || position >= self->stage_kinds->len)
    return FALSE;

  return g_array_index (self->stage_kinds, int, position) == CRM_STAGE_LOST;
}

/* Checking */

static gboolean
check_amount (CrmDealEditor *self,
              gint64        *out_minor,
              char         **out_message)
{
  g_autofree char *currency = dup_currency (self);
  g_autoptr(GError) error = NULL;
  const char *text = get_text (self->amount_row);
  gint64 minor = 0;

  if (!crm_money_currency_is_valid (currency))
    {
      *out_message = g_strdup_printf (_("“%s” is not a known currency; use a three-letter code such as EUR"),
                                      currency);
      return FALSE;
    }

  if (!crm_text_is_blank (text) && !crm_money_parse (text, currency, &minor, &error))
    {
      *out_message = g_strdup (error->message);
      return FALSE;
    }

  if (minor < 0)
    {
      *out_message = g_strdup (_("The amount of a deal cannot be negative"));
      return FALSE;
    }

  *out_minor = minor;
  return TRUE;
}

static gboolean
validate (CrmDealEditor *self)
{
  g_autofree char *title = crm_text_clean (get_text (self->title_row));
  g_autofree char *amount_message = NULL;
  g_autofree char *close = g_strstrip (g_strdup (get_text (self->close_row)));
  g_autofree char *close_message = NULL;
  const char *client_text = get_text (self->client_row);
  gboolean valid = !self->load_failed;
  gint64 minor;

  if (title == NULL || *title == '\0')
    {
      valid = FALSE;
      set_field_message (GTK_WIDGET (self->title_row), self->title_message,
                         self->title_touched ? _("A deal needs a title") : NULL);
    }
  else
    set_field_message (GTK_WIDGET (self->title_row), self->title_message, NULL);

  if (self->contact_id == 0 && !crm_text_is_blank (client_text))
    {
      valid = FALSE;
      set_field_message (GTK_WIDGET (self->client_row), self->client_message,
                         _("Choose a client from the list, or clear the field for a deal without a client"));
    }
  else
    set_field_message (GTK_WIDGET (self->client_row), self->client_message, NULL);

  if (!check_amount (self, &minor, &amount_message))
    valid = FALSE;
  set_field_message (GTK_WIDGET (self->amount_row), self->amount_message, amount_message);

  if (*close != '\0' && !is_valid_date (close))
    {
      g_autofree char *today = crm_time_format_date (crm_time_now_ms ());

      valid = FALSE;
      /* Translators: %s is today's date, as an example. */
      close_message = g_strdup_printf (_("Write the date as YYYY-MM-DD, for example %s"), today);
    }
  set_field_message (GTK_WIDGET (self->close_row), self->close_message, close_message);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", valid);

  return valid;
}

static void
validate_cb (CrmDealEditor *self)
{
  validate (self);
}

static void
title_changed_cb (CrmDealEditor *self)
{
  self->title_touched = TRUE;
  validate (self);
}

/* Choices */

static void
rebuild_stages (CrmDealEditor *self,
                gint64         keep_stage_id)
{
  gint64 pipeline_id = array_get_id (self->pipeline_ids, adw_combo_row_get_selected (self->pipeline_row));
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  guint position;

  g_array_set_size (self->stage_ids, 0);
  g_array_set_size (self->stage_kinds, 0);

  if (pipeline_id != 0)
    stages = crm_store_list_stages (self->store, pipeline_id, NULL);

  for (guint i = 0; stages != NULL && i < stages->len; i++)
    {
      CrmStage *stage = g_ptr_array_index (stages, i);
      gint64 id = crm_stage_get_id (stage);
      int kind = crm_stage_get_kind (stage);

      g_array_append_val (self->stage_ids, id);
      g_array_append_val (self->stage_kinds, kind);
      g_ptr_array_add (names, (gpointer)crm_stage_get_name (stage));
    }

  set_string_list (self->stage_names, names);

  position = array_find_id (self->stage_ids, keep_stage_id);
  adw_combo_row_set_selected (self->stage_row, position != GTK_INVALID_LIST_POSITION ? position : 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->stage_row), self->stage_ids->len > 0);
}

static void
pipeline_selected_cb (CrmDealEditor *self)
{
  rebuild_stages (self, 0);
}

static void
stage_selected_cb (CrmDealEditor *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->lost_reason_row), selected_stage_is_lost (self));
}

static void
fill_choices (CrmDealEditor *self,
              gint64         pipeline_id,
              gint64         stage_id,
              gint64         owner_id)
{
  g_autoptr(GPtrArray) pipelines = crm_store_list_pipelines (self->store, NULL);
  g_autoptr(GPtrArray) users = crm_store_list_users (self->store, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GPtrArray) owner_names = g_ptr_array_new ();
  guint position;

  if (pipeline_id == 0)
    pipeline_id = crm_store_get_default_pipeline (self->store, NULL);

  for (guint i = 0; pipelines != NULL && i < pipelines->len; i++)
    {
      CrmPipeline *pipeline = g_ptr_array_index (pipelines, i);
      gint64 id = crm_pipeline_get_id (pipeline);

      g_array_append_val (self->pipeline_ids, id);
      g_ptr_array_add (names, (gpointer)crm_pipeline_get_name (pipeline));
    }

  g_signal_handlers_block_by_func (self->pipeline_row, pipeline_selected_cb, self);
  set_string_list (self->pipeline_names, names);
  position = array_find_id (self->pipeline_ids, pipeline_id);
  adw_combo_row_set_selected (self->pipeline_row, position != GTK_INVALID_LIST_POSITION ? position : 0);
  g_signal_handlers_unblock_by_func (self->pipeline_row, pipeline_selected_cb, self);
  gtk_widget_set_visible (GTK_WIDGET (self->pipeline_row), self->pipeline_ids->len > 1);

  rebuild_stages (self, stage_id);
  stage_selected_cb (self);

  /* Deals go to employees who work here; a deal keeps a former one's
   * name until it is handed on. */
  if (owner_id == 0)
    owner_id = crm_store_get_current_user (self->store);

  for (guint i = 0; users != NULL && i < users->len; i++)
    {
      CrmUser *user = g_ptr_array_index (users, i);

      if (!user->active && user->id != owner_id)
        continue;

      g_array_append_val (self->owner_ids, user->id);
      g_ptr_array_add (owner_names, user->name);
    }

  set_string_list (self->owner_names, owner_names);
  position = array_find_id (self->owner_ids, owner_id);
  adw_combo_row_set_selected (self->owner_row, position != GTK_INVALID_LIST_POSITION ? position : 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->owner_row), self->owner_ids->len > 0);
}

/* The client: search as you type */

static void
set_client (CrmDealEditor *self,
            gint64         contact_id,
            const char    *name)
{
  self->contact_id = contact_id;

  self->setting_client = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->client_row), name != NULL ? name : "");
  gtk_editable_set_position (GTK_EDITABLE (self->client_row), -1);
  self->setting_client = FALSE;

  gtk_revealer_set_reveal_child (self->client_revealer, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->client_clear_button), contact_id != 0 || !crm_text_is_blank (name));
  validate (self);
}

static void
clear_suggestions (CrmDealEditor *self)
{
  GtkWidget *child;

  /* gtk_list_box_remove_all() is GTK 4.12. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->client_list))) != NULL)
    gtk_list_box_remove (self->client_list, child);
}

static void
run_client_search (CrmDealEditor *self)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  const char *text = get_text (self->client_row);
  guint n_shown = 0;

  clear_suggestions (self);

  if (crm_text_is_blank (text))
    {
      gtk_revealer_set_reveal_child (self->client_revealer, FALSE);
      return;
    }

  results = crm_search_run (self->store, text, CLIENT_SEARCH_LIMIT, &error);
  if (results == NULL)
    {
      show_error (self, error->message);
      return;
    }

  for (guint i = 0; i < results->len && n_shown < CLIENT_SUGGESTIONS; i++)
    {
      CrmSearchResult *result = g_ptr_array_index (results, i);
      GtkWidget *row;

      if (result->kind != CRM_ENTITY_CONTACT)
        continue;

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), result->title);
      if (result->subtitle != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), result->subtitle);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name (result->contact_kind == CRM_CONTACT_COMPANY
                                                               ? "clientele-company-symbolic"
                                                               : "avatar-default-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "crm-contact-id",
                              g_memdup2 (&result->id, sizeof result->id), g_free);
      g_object_set_data_full (G_OBJECT (row), "crm-name", g_strdup (result->title), g_free);
      gtk_list_box_append (self->client_list, row);
      n_shown++;
    }

  if (n_shown == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No clients found"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->client_list, row);
    }

  gtk_revealer_set_reveal_child (self->client_revealer, TRUE);
}

static gboolean
client_search_timeout_cb (gpointer user_data)
{
  CrmDealEditor *self = user_data;

  self->search_timeout = 0;
  run_client_search (self);

  return G_SOURCE_REMOVE;
}

static void
client_changed_cb (CrmDealEditor *self)
{
  if (self->setting_client)
    return;

  /* Typing makes a new search; the chosen client is forgotten. */
  self->contact_id = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->client_clear_button), !crm_text_is_blank (get_text (self->client_row)));

  g_clear_handle_id (&self->search_timeout, g_source_remove);
  if (crm_text_is_blank (get_text (self->client_row)))
    {
      clear_suggestions (self);
      gtk_revealer_set_reveal_child (self->client_revealer, FALSE);
    }
  else
    self->search_timeout = g_timeout_add (CLIENT_SEARCH_DELAY_MS, client_search_timeout_cb, self);

  validate (self);
}

static void
client_row_activated_cb (CrmDealEditor *self,
                         GtkListBoxRow *row)
{
  gint64 *id = g_object_get_data (G_OBJECT (row), "crm-contact-id");

  if (id == NULL)
    return;

  set_client (self, *id, g_object_get_data (G_OBJECT (row), "crm-name"));
  gtk_widget_grab_focus (GTK_WIDGET (self->client_row));
}

static void
client_clear_cb (CrmDealEditor *self)
{
  g_clear_handle_id (&self->search_timeout, g_source_remove);
  clear_suggestions (self);
  set_client (self, 0, NULL);
  gtk_widget_grab_focus (GTK_WIDGET (self->client_row));
}

static GtkListBoxRow *
first_suggestion (CrmDealEditor *self)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->client_list, 0);

  if (row == NULL || !gtk_list_box_row_get_activatable (row) ||
      !gtk_revealer_get_reveal_child (self->client_revealer))
    return NULL;

  return row;
}

static void
client_activated_cb (CrmDealEditor *self)
{
  GtkListBoxRow *row;

  /* Enter after typing takes the best match, as a search field does. */
  if (self->search_timeout != 0)
    {
      g_clear_handle_id (&self->search_timeout, g_source_remove);
      run_client_search (self);
    }

  row = first_suggestion (self);
  if (self->contact_id == 0 && row != NULL)
    client_row_activated_cb (self, row);
  else
    gtk_widget_activate_action (GTK_WIDGET (self), "editor.save", NULL);
}

static gboolean
client_key_pressed_cb (GtkEventControllerKey *controller,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       CrmDealEditor         *self)
{
  GtkListBoxRow *row = first_suggestion (self);

  if ((keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down) && row != NULL)
    {
      gtk_widget_grab_focus (GTK_WIDGET (row));
      return GDK_EVENT_STOP;
    }

  if (keyval == GDK_KEY_Escape && gtk_revealer_get_reveal_child (self->client_revealer))
    {
      gtk_revealer_set_reveal_child (self->client_revealer, FALSE);
      return GDK_EVENT_STOP;
    }

  return GDK_EVENT_PROPAGATE;
}

static void
entry_activated_cb (CrmDealEditor *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "editor.save", NULL);
}

/* The expected close date */

static void
calendar_shown_cb (CrmDealEditor *self)
{
  g_autofree char *text = g_strstrip (g_strdup (get_text (self->close_row)));
  g_autoptr(GDateTime) date = NULL;

  if (is_valid_date (text))
    date = g_date_time_new_local ((int)g_ascii_strtoull (text, NULL, 10),
                                  (int)g_ascii_strtoull (text + 5, NULL, 10),
                                  (int)g_ascii_strtoull (text + 8, NULL, 10),
                                  12, 0, 0);
  if (date == NULL)
    date = g_date_time_new_now_local ();

  self->setting_calendar = TRUE;
  gtk_calendar_select_day (self->calendar, date);
  self->setting_calendar = FALSE;
}

static void
calendar_day_selected_cb (CrmDealEditor *self)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (self->calendar);
  g_autofree char *text = g_date_time_format (date, "%Y-%m-%d");

  if (self->setting_calendar)
    return;

  gtk_editable_set_text (GTK_EDITABLE (self->close_row), text);
  gtk_popover_popdown (self->calendar_popover);
}

/* Actions */

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CrmDealEditor *self = CRM_DEAL_EDITOR (widget);
  g_autoptr(CrmDeal) deal = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *currency = NULL;
  g_autofree char *close = NULL;
  g_autofree char *message = NULL;
  gint64 amount = 0;
  gint64 id;

  self->title_touched = TRUE;
  if (!validate (self) || !check_amount (self, &amount, &message))
    return;

  title = crm_text_clean (get_text (self->title_row));
  currency = dup_currency (self);
  close = g_strstrip (g_strdup (get_text (self->close_row)));

  deal = self->deal != NULL ? crm_deal_copy (self->deal) : crm_deal_new ();
  crm_deal_set_title (deal, title);
  crm_deal_set_contact_id (deal, self->contact_id);
  crm_deal_set_amount (deal, amount);
  crm_deal_set_currency (deal, currency);
  crm_deal_set_stage_id (deal, array_get_id (self->stage_ids, adw_combo_row_get_selected (self->stage_row)));
  crm_deal_set_owner_id (deal, array_get_id (self->owner_ids, adw_combo_row_get_selected (self->owner_row)));
  crm_deal_set_expected_close (deal, *close != '\0' ? close : NULL);
  crm_deal_set_tags (deal, get_text (self->tags_row));
  if (selected_stage_is_lost (self))
    crm_deal_set_lost_reason (deal, get_text (self->lost_reason_row));

  if (self->deal_id == 0)
    {
      id = crm_store_add_deal (self->store, deal, &error);
      if (id == 0)
        {
          show_error (self, error->message);
          return;
        }
    }
  else
    {
      id = self->deal_id;
      if (!crm_store_update_deal (self->store, deal, &error))
        {
          show_error (self, error->message);
          return;
        }
    }

  show_error (self, NULL);
  g_signal_emit (self, signals[SAVED], 0, id);
  gtk_window_close (GTK_WINDOW (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

/* Loading */

static void
load (CrmDealEditor *self)
{
  g_autoptr(GError) error = NULL;
  const char *currency = crm_store_get_default_currency (self->store);

  if (self->deal_id != 0)
    {
      self->deal = crm_store_get_deal (self->store, self->deal_id, &error);
      if (self->deal == NULL)
        {
          self->load_failed = TRUE;
          show_error (self, error->message);
        }
    }

  adw_window_title_set_title (self->window_title, self->deal_id != 0 ? _("Edit Deal") : _("New Deal"));
  gtk_window_set_title (GTK_WINDOW (self), self->deal_id != 0 ? _("Edit Deal") : _("New Deal"));

  if (self->deal != NULL)
    {
      CrmDeal *deal = self->deal;
      g_autofree char *amount = NULL;

      currency = crm_deal_get_currency (deal);
      if (crm_money_currency_is_valid (currency))
        amount = crm_money_to_decimal (crm_deal_get_amount (deal), currency);

      adw_window_title_set_subtitle (self->window_title, crm_deal_get_title (deal));
      gtk_editable_set_text (GTK_EDITABLE (self->title_row), crm_deal_get_title (deal));
      set_client (self, crm_deal_get_contact_id (deal), crm_deal_get_contact_name (deal));
      gtk_editable_set_text (GTK_EDITABLE (self->amount_row), amount != NULL ? amount : "");
      gtk_editable_set_text (GTK_EDITABLE (self->close_row),
                             crm_deal_get_expected_close (deal) ? crm_deal_get_expected_close (deal) : "");
      gtk_editable_set_text (GTK_EDITABLE (self->tags_row),
                             crm_deal_get_tags (deal) ? crm_deal_get_tags (deal) : "");
      gtk_editable_set_text (GTK_EDITABLE (self->lost_reason_row),
                             crm_deal_get_lost_reason (deal) ? crm_deal_get_lost_reason (deal) : "");
      fill_choices (self, crm_deal_get_pipeline_id (deal), crm_deal_get_stage_id (deal),
                    crm_deal_get_owner_id (deal));
    }
  else
    {
      if (self->preset_contact_id != 0)
        {
          g_autoptr(CrmContact) contact = crm_store_get_contact (self->store, self->preset_contact_id, NULL);

          if (contact != NULL)
            set_client (self, self->preset_contact_id, crm_contact_get_name (contact));
        }
      fill_choices (self, 0, 0, 0);
    }

  gtk_editable_set_text (GTK_EDITABLE (self->currency_entry), currency != NULL ? currency : "");

  /* Nothing is wrong with a field nobody has touched yet. */
  self->title_touched = FALSE;
  validate (self);
}

/* GObject */

static void
crm_deal_editor_constructed (GObject *object)
{
  CrmDealEditor *self = (CrmDealEditor *)object;

  G_OBJECT_CLASS (crm_deal_editor_parent_class)->constructed (object);

  g_assert (CRM_IS_STORE (self->store));

  load (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
}

static void
crm_deal_editor_dispose (GObject *object)
{
  CrmDealEditor *self = (CrmDealEditor *)object;

  g_clear_handle_id (&self->search_timeout, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_DEAL_EDITOR);

  G_OBJECT_CLASS (crm_deal_editor_parent_class)->dispose (object);
}

static void
crm_deal_editor_finalize (GObject *object)
{
  CrmDealEditor *self = (CrmDealEditor *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->deal);
  g_clear_object (&self->pipeline_names);
  g_clear_object (&self->stage_names);
  g_clear_object (&self->owner_names);
  g_clear_pointer (&self->pipeline_ids, g_array_unref);
  g_clear_pointer (&self->stage_ids, g_array_unref);
  g_clear_pointer (&self->stage_kinds, g_array_unref);
  g_clear_pointer (&self->owner_ids, g_array_unref);

  G_OBJECT_CLASS (crm_deal_editor_parent_class)->finalize (object);
}

static void
crm_deal_editor_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CrmDealEditor *self = CRM_DEAL_EDITOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_DEAL_ID:
      g_value_set_int64 (value, self->deal_id);
      break;

    case PROP_CONTACT_ID:
      g_value_set_int64 (value, self->preset_contact_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_deal_editor_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CrmDealEditor *self = CRM_DEAL_EDITOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_DEAL_ID:
      self->deal_id = g_value_get_int64 (value);
      break;

    case PROP_CONTACT_ID:
      self->preset_contact_id = g_value_get_int64 (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_deal_editor_class_init (CrmDealEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = crm_deal_editor_constructed;
  object_class->dispose = crm_deal_editor_dispose;
  object_class->finalize = crm_deal_editor_finalize;
  object_class->get_property = crm_deal_editor_get_property;
  object_class->set_property = crm_deal_editor_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         CRM_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEAL_ID] =
    g_param_spec_int64 ("deal-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONTACT_ID] =
    g_param_spec_int64 ("contact-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CrmDealEditor::saved:
   * @self: the editor
   * @deal_id: the deal that was added or changed
   *
   * Emitted when the store took the deal, just before the editor closes.
   */
  signals[SAVED] = g_signal_new ("saved",
                                 G_TYPE_FROM_CLASS (klass),
                                 G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/crm-deal-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmDealEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, CrmDealEditor, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, CrmDealEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, CrmDealEditor, title_row);
  gtk_widget_class_bind_template_child (widget_class, CrmDealEditor, title_message);
  gtk_widget_class_bind_template_child (widget_class, CrmDealEditor, client_row);
  gtk_widget_class_bind_template_child (widget_class, CrmDealEditor, client_clear_button);
  gtk_widget_class_bind_template_child (widget_class, CrmDealEditor, client_revealer);
  gtk_widget_class_bind_template_child (widget_class, CrmDealEditor, client_list);
  gtk_widget_class_bind_template_child (widget_class, CrmDealEditor, client_message);
  gtk_widget_class_bind_template_child (widget_class, CrmDealEditor, amount_row);
  gtk_widget_class_bind_template_child (widget_class, CrmDealEditor, currency_entry);
  gtk_widget_class_bind_template_child (widget_class, CrmDealEditor, amount_message);
  gtk_widget_class_bind_template_child (widget_class, CrmDealEditor, pipeline_row);
  gtk_widget_class_bind_template_child (widget_class, CrmDealEditor, stage_row);
  gtk_widget_class_bind_template_child (widget_class, CrmDealEditor, lost_reason_row);
  gtk_widget_class_bind_template_child (widget_class, CrmDealEditor, owner_row);
  gtk_widget_class_bind_template_child (widget_class, CrmDealEditor, close_row);
  gtk_widget_class_bind_template_child (widget_class, CrmDealEditor, calendar_popover);
  gtk_widget_class_bind_template_child (widget_class, CrmDealEditor, calendar);
  gtk_widget_class_bind_template_child (widget_class, CrmDealEditor, tags_row);
  gtk_widget_class_bind_template_child (widget_class, CrmDealEditor, close_message);
  gtk_widget_class_bind_template_callback (widget_class, title_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, validate_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, client_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, client_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, client_clear_cb);
  gtk_widget_class_bind_template_callback (widget_class, client_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, pipeline_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, stage_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, calendar_shown_cb);
  gtk_widget_class_bind_template_callback (widget_class, calendar_day_selected_cb);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.cancel", NULL, cancel_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "editor.cancel", NULL);
}

static void
crm_deal_editor_init (CrmDealEditor *self)
{
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->pipeline_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->stage_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->stage_kinds = g_array_new (FALSE, FALSE, sizeof (int));
  self->owner_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  self->pipeline_names = gtk_string_list_new (NULL);
  self->stage_names = gtk_string_list_new (NULL);
  self->owner_names = gtk_string_list_new (NULL);
  adw_combo_row_set_model (self->pipeline_row, G_LIST_MODEL (self->pipeline_names));
  adw_combo_row_set_model (self->stage_row, G_LIST_MODEL (self->stage_names));
  adw_combo_row_set_model (self->owner_row, G_LIST_MODEL (self->owner_names));

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (client_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->client_row), controller);
}

/**
 * crm_deal_editor_new:
 * @parent: (nullable): the window the editor belongs to
 * @store: the store to read and write the deal
 * @deal_id: the deal to change, or 0 for a new deal
 * @contact_id: the client a new deal starts with, or 0
 *
 * Returns: (transfer none): a modal editor; present it with
 *   gtk_window_present(). It emits #CrmDealEditor::saved with the deal's
 *   id when the store took the deal.
 */
CrmDealEditor *
crm_deal_editor_new (GtkWindow *parent,
                     CrmStore  *store,
                     gint64     deal_id,
                     gint64     contact_id)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);

  return g_object_new (CRM_TYPE_DEAL_EDITOR,
                       "transient-for", parent,
                       "store", store,
                       "deal-id", deal_id,
                       "contact-id", contact_id,
                       NULL);
}

gint64
crm_deal_editor_get_deal_id (CrmDealEditor *self)
{
  g_return_val_if_fail (CRM_IS_DEAL_EDITOR (self), 0);

  return self->deal_id;
}
