/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-client-picker.h"
#include "crm-deal-editor.h"
#include "crm-deal.h"
#include "crm-form.h"
#include "crm-money.h"
#include "crm-store-deals.h"
#include "crm-text.h"
#include "crm-time.h"

/* The form for a new deal or for changing one. Fields are checked as they
 * are typed; the store has the last word, and what it refuses is shown in
 * the form, which stays open with everything typed. */

struct _CrmDealEditor
{
  CrmEditorWindow  parent_instance;

  gint64           deal_id;
  CrmDeal         *deal;

  /* Template children */
  AdwEntryRow     *title_row;
  GtkLabel        *title_message;
  CrmClientPicker *client_picker;
  AdwEntryRow     *amount_row;
  GtkEntry        *currency_entry;
  GtkLabel        *amount_message;
  AdwComboRow     *pipeline_row;
  AdwComboRow     *stage_row;
  AdwEntryRow     *lost_reason_row;
  AdwComboRow     *owner_row;
  AdwEntryRow     *close_row;
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

  gboolean         title_touched;
  gboolean         load_failed;
};

G_DEFINE_FINAL_TYPE (CrmDealEditor, crm_deal_editor, CRM_TYPE_EDITOR_WINDOW)

enum {
  PROP_0,
  PROP_DEAL_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static CrmStore *
get_store (CrmDealEditor *self)
{
  return crm_editor_window_get_store (CRM_EDITOR_WINDOW (self));
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

static CrmEditorCheck
crm_deal_editor_check (CrmEditorWindow *editor)
{
  CrmDealEditor *self = CRM_DEAL_EDITOR (editor);
  g_autofree char *title = crm_text_clean (get_text (self->title_row));
  g_autofree char *amount_message = NULL;
  g_autofree char *close = g_strstrip (g_strdup (get_text (self->close_row)));
  g_autofree char *close_message = NULL;
  gboolean valid = !self->load_failed;
  gint64 minor;
  int year, month, day;

  /* A deal without a title cannot be saved, but nothing is wrong with a
   * title nobody has touched yet. */
  if (title == NULL || *title == '\0')
    {
      gboolean point_out = self->title_touched || crm_editor_window_get_tried_to_save (editor);

      valid = FALSE;
      crm_form_set_message (GTK_WIDGET (self->title_row), self->title_message,
                            point_out ? _("A deal needs a title") : NULL);
    }
  else
    crm_form_set_message (GTK_WIDGET (self->title_row), self->title_message, NULL);

  /* Typed but not chosen is wrong at once: a deal may have no client. */
  if (!crm_client_picker_validate (self->client_picker, TRUE))
    valid = FALSE;

  if (!check_amount (self, &minor, &amount_message))
    valid = FALSE;
  crm_form_set_message (GTK_WIDGET (self->amount_row), self->amount_message, amount_message);

  if (*close != '\0' && !crm_form_parse_date (close, &year, &month, &day))
    {
      g_autofree char *today = crm_time_format_date (crm_time_now_ms ());

      valid = FALSE;
      /* Translators: %s is today's date, as an example. */
      close_message = g_strdup_printf (_("Write the date as YYYY-MM-DD, for example %s"), today);
    }
  crm_form_set_message (GTK_WIDGET (self->close_row), self->close_message, close_message);

  return valid ? CRM_EDITOR_VALID : CRM_EDITOR_INVALID;
}

static void
validate_cb (CrmDealEditor *self)
{
  crm_editor_window_validate (CRM_EDITOR_WINDOW (self));
}

static void
title_changed_cb (CrmDealEditor *self)
{
  self->title_touched = TRUE;
  crm_editor_window_validate (CRM_EDITOR_WINDOW (self));
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
    stages = crm_store_list_stages (get_store (self), pipeline_id, NULL);

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
  g_autoptr(GPtrArray) pipelines = crm_store_list_pipelines (get_store (self), NULL);
  g_autoptr(GPtrArray) users = crm_store_list_users (get_store (self), NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GPtrArray) owner_names = g_ptr_array_new ();
  guint position;

  if (pipeline_id == 0)
    pipeline_id = crm_store_get_default_pipeline (get_store (self), NULL);

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
    owner_id = crm_store_get_current_user (get_store (self));

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

static void
entry_activated_cb (CrmDealEditor *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "editor.save", NULL);
}

/* CrmEditorWindow */

static gint64
crm_deal_editor_save (CrmEditorWindow  *editor,
                      GError          **error)
{
  CrmDealEditor *self = CRM_DEAL_EDITOR (editor);
  CrmStore *store = get_store (self);
  g_autoptr(CrmDeal) deal = NULL;
  g_autofree char *title = NULL;
  g_autofree char *currency = NULL;
  g_autofree char *close = NULL;
  g_autofree char *message = NULL;
  gint64 amount = 0;

  if (!check_amount (self, &amount, &message))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, message);
      return 0;
    }

  title = crm_text_clean (get_text (self->title_row));
  currency = dup_currency (self);
  close = g_strstrip (g_strdup (get_text (self->close_row)));

  deal = self->deal != NULL ? crm_deal_copy (self->deal) : crm_deal_new ();
  crm_deal_set_title (deal, title);
  crm_deal_set_contact_id (deal, crm_client_picker_get_contact_id (self->client_picker));
  crm_deal_set_amount (deal, amount);
  crm_deal_set_currency (deal, currency);
  crm_deal_set_stage_id (deal, array_get_id (self->stage_ids, adw_combo_row_get_selected (self->stage_row)));
  crm_deal_set_owner_id (deal, array_get_id (self->owner_ids, adw_combo_row_get_selected (self->owner_row)));
  crm_deal_set_expected_close (deal, *close != '\0' ? close : NULL);
  crm_deal_set_tags (deal, get_text (self->tags_row));
  if (selected_stage_is_lost (self))
    crm_deal_set_lost_reason (deal, get_text (self->lost_reason_row));

  if (self->deal_id == 0)
    return crm_store_add_deal (store, deal, error);

  return crm_store_update_deal (store, deal, error) ? self->deal_id : 0;
}

static char *
crm_deal_editor_dup_state (CrmEditorWindow *editor)
{
  CrmDealEditor *self = CRM_DEAL_EDITOR (editor);

  return g_strdup_printf ("%s\x1f%" G_GINT64_FORMAT "\x1f%s\x1f%s\x1f%" G_GINT64_FORMAT "\x1f"
                          "%" G_GINT64_FORMAT "\x1f%s\x1f%" G_GINT64_FORMAT "\x1f%s\x1f%s",
                          get_text (self->title_row),
                          crm_client_picker_get_contact_id (self->client_picker),
                          get_text (self->amount_row),
                          get_text (self->currency_entry),
                          array_get_id (self->pipeline_ids, adw_combo_row_get_selected (self->pipeline_row)),
                          array_get_id (self->stage_ids, adw_combo_row_get_selected (self->stage_row)),
                          get_text (self->lost_reason_row),
                          array_get_id (self->owner_ids, adw_combo_row_get_selected (self->owner_row)),
                          get_text (self->close_row),
                          get_text (self->tags_row));
}

/* Loading */

static void
load (CrmDealEditor *self)
{
  CrmEditorWindow *editor = CRM_EDITOR_WINDOW (self);
  CrmStore *store = get_store (self);
  g_autoptr(GError) error = NULL;
  const char *currency = crm_store_get_default_currency (store);

  crm_client_picker_set_store (self->client_picker, store);

  if (self->deal_id != 0)
    {
      self->deal = crm_store_get_deal (store, self->deal_id, &error);
      if (self->deal == NULL)
        {
          self->load_failed = TRUE;
          crm_editor_window_show_error (editor, error->message);
        }
    }

  gtk_window_set_title (GTK_WINDOW (self), self->deal_id != 0 ? _("Edit Deal") : _("New Deal"));

  if (self->deal != NULL)
    {
      CrmDeal *deal = self->deal;
      g_autofree char *amount = NULL;

      currency = crm_deal_get_currency (deal);
      if (crm_money_currency_is_valid (currency))
        amount = crm_money_to_decimal (crm_deal_get_amount (deal), currency);

      crm_editor_window_set_subtitle (editor, crm_deal_get_title (deal));
      gtk_editable_set_text (GTK_EDITABLE (self->title_row), crm_deal_get_title (deal));
      crm_client_picker_set_client (self->client_picker, crm_deal_get_contact_id (deal), 0);
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
      crm_client_picker_set_client (self->client_picker, crm_editor_window_get_contact_id (editor), 0);
      fill_choices (self, 0, 0, 0);
    }

  gtk_editable_set_text (GTK_EDITABLE (self->currency_entry), currency != NULL ? currency : "");

  /* Nothing is wrong with a field nobody has touched yet. */
  self->title_touched = FALSE;
  crm_editor_window_validate (editor);
}

/* GObject */

static void
crm_deal_editor_constructed (GObject *object)
{
  CrmDealEditor *self = (CrmDealEditor *)object;

  G_OBJECT_CLASS (crm_deal_editor_parent_class)->constructed (object);

  load (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
}

static void
crm_deal_editor_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CRM_TYPE_DEAL_EDITOR);

  G_OBJECT_CLASS (crm_deal_editor_parent_class)->dispose (object);
}

static void
crm_deal_editor_finalize (GObject *object)
{
  CrmDealEditor *self = (CrmDealEditor *)object;

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
    case PROP_DEAL_ID:
      g_value_set_int64 (value, self->deal_id);
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
    case PROP_DEAL_ID:
      self->deal_id = g_value_get_int64 (value);
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
  CrmEditorWindowClass *editor_class = CRM_EDITOR_WINDOW_CLASS (klass);

  object_class->constructed = crm_deal_editor_constructed;
  object_class->dispose = crm_deal_editor_dispose;
  object_class->finalize = crm_deal_editor_finalize;
  object_class->get_property = crm_deal_editor_get_property;
  object_class->set_property = crm_deal_editor_set_property;

  /* #CrmEditorWindow::saved comes with the deal that was added or
   * changed. */
  editor_class->check = crm_deal_editor_check;
  editor_class->save = crm_deal_editor_save;
  editor_class->dup_state = crm_deal_editor_dup_state;

  /**
   * CrmDealEditor:deal-id:
   *
   * The deal to change, or 0 for a new one.
   */
  properties[PROP_DEAL_ID] =
    g_param_spec_int64 ("deal-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CRM_TYPE_CLIENT_PICKER);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/crm-deal-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmDealEditor, title_row);
  gtk_widget_class_bind_template_child (widget_class, CrmDealEditor, title_message);
  gtk_widget_class_bind_template_child (widget_class, CrmDealEditor, client_picker);
  gtk_widget_class_bind_template_child (widget_class, CrmDealEditor, amount_row);
  gtk_widget_class_bind_template_child (widget_class, CrmDealEditor, currency_entry);
  gtk_widget_class_bind_template_child (widget_class, CrmDealEditor, amount_message);
  gtk_widget_class_bind_template_child (widget_class, CrmDealEditor, pipeline_row);
  gtk_widget_class_bind_template_child (widget_class, CrmDealEditor, stage_row);
  gtk_widget_class_bind_template_child (widget_class, CrmDealEditor, lost_reason_row);
  gtk_widget_class_bind_template_child (widget_class, CrmDealEditor, owner_row);
  gtk_widget_class_bind_template_child (widget_class, CrmDealEditor, close_row);
  gtk_widget_class_bind_template_child (widget_class, CrmDealEditor, calendar);
  gtk_widget_class_bind_template_child (widget_class, CrmDealEditor, tags_row);
  gtk_widget_class_bind_template_child (widget_class, CrmDealEditor, close_message);
  gtk_widget_class_bind_template_callback (widget_class, title_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, validate_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, pipeline_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, stage_selected_cb);
}

static void
crm_deal_editor_init (CrmDealEditor *self)
{
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
  crm_form_attach_calendar (GTK_EDITABLE (self->close_row), self->calendar);
}

/**
 * crm_deal_editor_new:
 * @parent: (nullable): the window the editor belongs to
 * @store: the store to read and write the deal
 * @deal_id: the deal to change, or 0 for a new deal
 * @contact_id: the client a new deal starts with, or 0
 *
 * Returns: (transfer none): a modal editor; present it with
 *   gtk_window_present(). It emits #CrmEditorWindow::saved with the deal's
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
