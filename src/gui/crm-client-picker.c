/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-client-picker.h"
#include "crm-contact.h"
#include "crm-deal.h"
#include "crm-form.h"
#include "crm-search.h"
#include "crm-store-contacts.h"
#include "crm-store-deals.h"
#include "crm-text.h"

/**
 * CrmClientPicker:
 *
 * The client a call, a reminder or a deal is about, found by typing a
 * name or a phone number, and optionally one of that client's deals. The
 * forms that log calls, set reminders and add deals share it; a deal may
 * have no client (#CrmClientPicker:optional) and chooses no deal
 * (#CrmClientPicker:choose-deal).
 */

#define SEARCH_DELAY_MS    150
#define SEARCH_LIMIT       30
#define SUGGESTIONS        8

struct _CrmClientPicker
{
  AdwBin          parent_instance;

  CrmStore       *store;

  /* Template children */
  AdwEntryRow    *client_row;
  GtkButton      *clear_button;
  GtkRevealer    *revealer;
  GtkListBox     *suggestions;
  GtkLabel       *message;
  AdwPreferencesGroup *deal_group;
  AdwComboRow    *deal_row;

  GtkStringList  *deal_names;
  GArray         *deal_ids;     /* gint64, one per deal_names entry; 0 first */

  gint64          contact_id;
  guint           search_timeout;
  gboolean        setting;
  gboolean        optional;
  gboolean        choose_deal;
};

G_DEFINE_FINAL_TYPE (CrmClientPicker, crm_client_picker, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTACT_ID,
  PROP_DEAL_ID,
  PROP_OPTIONAL,
  PROP_CHOOSE_DEAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  ACTIVATE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
get_text (CrmClientPicker *self)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->client_row));
}

static void
set_message (CrmClientPicker *self,
             const char      *message)
{
  crm_form_set_message (GTK_WIDGET (self->client_row), self->message, message);
}

static void
clear_suggestions (CrmClientPicker *self)
{
  GtkWidget *child;

  /* gtk_list_box_remove_all() is GTK 4.12. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->suggestions))) != NULL)
    gtk_list_box_remove (self->suggestions, child);
}

/* The client's deals, open or not, newest first, after "No deal". */
static void
fill_deals (CrmClientPicker *self,
            gint64           deal_id)
{
  g_autoptr(GPtrArray) deals = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  guint selected = 0;
  gint64 none = 0;

  g_array_set_size (self->deal_ids, 0);
  g_array_append_val (self->deal_ids, none);
  g_ptr_array_add (names, (gpointer)_("No deal"));

  if (self->contact_id != 0 && self->store != NULL && self->choose_deal)
    deals = crm_store_list_deals_of_contact (self->store, self->contact_id, NULL);

  for (guint i = 0; deals != NULL && i < deals->len; i++)
    {
      CrmDeal *deal = g_ptr_array_index (deals, i);
      gint64 id = crm_deal_get_id (deal);

      if (id == deal_id)
        selected = self->deal_ids->len;
      g_array_append_val (self->deal_ids, id);
      g_ptr_array_add (names, (gpointer)crm_deal_get_title (deal));
    }
  g_ptr_array_add (names, NULL);

  self->setting = TRUE;
  gtk_string_list_splice (self->deal_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->deal_names)),
                          (const char * const *)names->pdata);
  adw_combo_row_set_selected (self->deal_row, selected);
  self->setting = FALSE;

  gtk_widget_set_visible (GTK_WIDGET (self->deal_group), self->deal_ids->len > 1);
}

static void
choose (CrmClientPicker *self,
        gint64           contact_id,
        const char      *name,
        gint64           deal_id)
{
  gint64 old_deal = crm_client_picker_get_deal_id (self);
  gboolean contact_changed = self->contact_id != contact_id;

  self->contact_id = contact_id;

  self->setting = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->client_row), name != NULL ? name : "");
  gtk_editable_set_position (GTK_EDITABLE (self->client_row), -1);
  self->setting = FALSE;

  g_clear_handle_id (&self->search_timeout, g_source_remove);
  gtk_revealer_set_reveal_child (self->revealer, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->clear_button), contact_id != 0 || !crm_text_is_blank (name));
  fill_deals (self, deal_id);
  set_message (self, NULL);

  if (contact_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTACT_ID]);
  if (old_deal != crm_client_picker_get_deal_id (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEAL_ID]);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
run_search (CrmClientPicker *self)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  const char *text = get_text (self);
  guint n_shown = 0;

  clear_suggestions (self);

  if (crm_text_is_blank (text) || self->store == NULL)
    {
      gtk_revealer_set_reveal_child (self->revealer, FALSE);
      return;
    }

  results = crm_search_run (self->store, text, SEARCH_LIMIT, &error);
  if (results == NULL)
    {
      set_message (self, error->message);
      return;
    }

  for (guint i = 0; i < results->len && n_shown < SUGGESTIONS; i++)
    {
      CrmSearchResult *result = g_ptr_array_index (results, i);
      GtkWidget *row;
      GtkWidget *icon;

      if (result->kind != CRM_ENTITY_CONTACT)
        continue;

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), result->title);
      if (result->subtitle != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), result->subtitle);
      icon = g_object_new (GTK_TYPE_IMAGE,
                           "icon-name", result->contact_kind == CRM_CONTACT_COMPANY
                                        ? "clientele-company-symbolic" : "avatar-default-symbolic",
                           "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                           NULL);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "crm-contact-id",
                              g_memdup2 (&result->id, sizeof result->id), g_free);
      g_object_set_data_full (G_OBJECT (row), "crm-name", g_strdup (result->title), g_free);
      gtk_list_box_append (self->suggestions, row);
      n_shown++;
    }

  if (n_shown == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No clients found"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->suggestions, row);
    }

  gtk_revealer_set_reveal_child (self->revealer, TRUE);
  g_signal_emit (self, signals[CHANGED], 0);
}

static gboolean
search_timeout_cb (gpointer user_data)
{
  CrmClientPicker *self = user_data;

  self->search_timeout = 0;
  run_search (self);

  return G_SOURCE_REMOVE;
}

static GtkListBoxRow *
first_suggestion (CrmClientPicker *self)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->suggestions, 0);

  if (row == NULL || !gtk_list_box_row_get_activatable (row) ||
      !gtk_revealer_get_reveal_child (self->revealer))
    return NULL;

  return row;
}

/* Callbacks */

static void
client_changed_cb (CrmClientPicker *self)
{
  gboolean had_client = self->contact_id != 0;

  if (self->setting)
    return;

  /* Typing makes a new search; the chosen client is forgotten. */
  self->contact_id = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->clear_button), !crm_text_is_blank (get_text (self)));

  g_clear_handle_id (&self->search_timeout, g_source_remove);
  if (crm_text_is_blank (get_text (self)))
    {
      clear_suggestions (self);
      gtk_revealer_set_reveal_child (self->revealer, FALSE);
    }
  else
    self->search_timeout = g_timeout_add (SEARCH_DELAY_MS, search_timeout_cb, self);

  if (had_client)
    {
      fill_deals (self, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTACT_ID]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEAL_ID]);
    }
  set_message (self, NULL);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
suggestion_activated_cb (CrmClientPicker *self,
                         GtkListBoxRow   *row)
{
  gint64 *id = g_object_get_data (G_OBJECT (row), "crm-contact-id");

  if (id == NULL)
    return;

  choose (self, *id, g_object_get_data (G_OBJECT (row), "crm-name"), 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->client_row));
}

static void
client_activated_cb (CrmClientPicker *self)
{
  GtkListBoxRow *row;

  /* Enter after typing takes the best match, as a search field does. */
  if (self->search_timeout != 0)
    {
      g_clear_handle_id (&self->search_timeout, g_source_remove);
      run_search (self);
    }

  row = first_suggestion (self);
  if (self->contact_id == 0 && row != NULL)
    suggestion_activated_cb (self, row);
  else
    g_signal_emit (self, signals[ACTIVATE], 0);
}

static void
clear_cb (CrmClientPicker *self)
{
  clear_suggestions (self);
  choose (self, 0, NULL, 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->client_row));
}

static void
deal_selected_cb (CrmClientPicker *self)
{
  if (self->setting)
    return;

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEAL_ID]);
  g_signal_emit (self, signals[CHANGED], 0);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                CrmClientPicker       *self)
{
  GtkListBoxRow *row = first_suggestion (self);

  if ((keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down) && row != NULL)
    {
      gtk_widget_grab_focus (GTK_WIDGET (row));
      return GDK_EVENT_STOP;
    }

  if (keyval == GDK_KEY_Escape && gtk_revealer_get_reveal_child (self->revealer))
    {
      gtk_revealer_set_reveal_child (self->revealer, FALSE);
      g_signal_emit (self, signals[CHANGED], 0);
      return GDK_EVENT_STOP;
    }

  return GDK_EVENT_PROPAGATE;
}

/* GObject */

static void
crm_client_picker_dispose (GObject *object)
{
  CrmClientPicker *self = (CrmClientPicker *)object;

  g_clear_handle_id (&self->search_timeout, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_CLIENT_PICKER);

  G_OBJECT_CLASS (crm_client_picker_parent_class)->dispose (object);
}

static void
crm_client_picker_finalize (GObject *object)
{
  CrmClientPicker *self = (CrmClientPicker *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->deal_names);
  g_clear_pointer (&self->deal_ids, g_array_unref);

  G_OBJECT_CLASS (crm_client_picker_parent_class)->finalize (object);
}

static void
crm_client_picker_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CrmClientPicker *self = CRM_CLIENT_PICKER (object);

  switch (prop_id)
    {
    case PROP_CONTACT_ID:
      g_value_set_int64 (value, self->contact_id);
      break;

    case PROP_DEAL_ID:
      g_value_set_int64 (value, crm_client_picker_get_deal_id (self));
      break;

    case PROP_OPTIONAL:
      g_value_set_boolean (value, self->optional);
      break;

    case PROP_CHOOSE_DEAL:
      g_value_set_boolean (value, self->choose_deal);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_client_picker_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CrmClientPicker *self = CRM_CLIENT_PICKER (object);

  switch (prop_id)
    {
    case PROP_OPTIONAL:
      crm_client_picker_set_optional (self, g_value_get_boolean (value));
      break;

    case PROP_CHOOSE_DEAL:
      crm_client_picker_set_choose_deal (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_client_picker_class_init (CrmClientPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crm_client_picker_dispose;
  object_class->finalize = crm_client_picker_finalize;
  object_class->get_property = crm_client_picker_get_property;
  object_class->set_property = crm_client_picker_set_property;

  properties[PROP_CONTACT_ID] =
    g_param_spec_int64 ("contact-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEAL_ID] =
    g_param_spec_int64 ("deal-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * CrmClientPicker:optional:
   *
   * Whether the form can do without a client, as a deal can: the field
   * may be left empty, and its clear button says "No Client".
   */
  properties[PROP_OPTIONAL] =
    g_param_spec_boolean ("optional", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * CrmClientPicker:choose-deal:
   *
   * Whether one of the chosen client's deals can be chosen too.
   */
  properties[PROP_CHOOSE_DEAL] =
    g_param_spec_boolean ("choose-deal", NULL, NULL,
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CrmClientPicker::changed:
   *
   * The client, the deal or the typed text changed.
   */
  signals[CHANGED] = g_signal_new ("changed",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);

  /**
   * CrmClientPicker::activate:
   *
   * Enter was pressed in the field with nothing left to choose; a form
   * takes it as "save".
   */
  signals[ACTIVATE] = g_signal_new ("activate",
                                    G_TYPE_FROM_CLASS (klass),
                                    G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/crm-client-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmClientPicker, client_row);
  gtk_widget_class_bind_template_child (widget_class, CrmClientPicker, clear_button);
  gtk_widget_class_bind_template_child (widget_class, CrmClientPicker, revealer);
  gtk_widget_class_bind_template_child (widget_class, CrmClientPicker, suggestions);
  gtk_widget_class_bind_template_child (widget_class, CrmClientPicker, message);
  gtk_widget_class_bind_template_child (widget_class, CrmClientPicker, deal_group);
  gtk_widget_class_bind_template_child (widget_class, CrmClientPicker, deal_row);
  gtk_widget_class_bind_template_callback (widget_class, client_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, client_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, suggestion_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_cb);
  gtk_widget_class_bind_template_callback (widget_class, deal_selected_cb);
}

static void
crm_client_picker_init (CrmClientPicker *self)
{
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->choose_deal = TRUE;
  self->deal_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->deal_names = gtk_string_list_new (NULL);
  adw_combo_row_set_model (self->deal_row, G_LIST_MODEL (self->deal_names));
  fill_deals (self, 0);

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->client_row), controller);
}

CrmClientPicker *
crm_client_picker_new (void)
{
  return g_object_new (CRM_TYPE_CLIENT_PICKER, NULL);
}

void
crm_client_picker_set_store (CrmClientPicker *self,
                             CrmStore        *store)
{
  g_return_if_fail (CRM_IS_CLIENT_PICKER (self));
  g_return_if_fail (CRM_IS_STORE (store));

  g_set_object (&self->store, store);
}

/**
 * crm_client_picker_set_client:
 * @self: a #CrmClientPicker
 * @contact_id: the client, or 0 for none
 * @deal_id: one of the client's deals, or 0; a deal alone names its client
 *
 * Chooses a client and a deal as if the user had.
 */
void
crm_client_picker_set_client (CrmClientPicker *self,
                              gint64           contact_id,
                              gint64           deal_id)
{
  g_autoptr(CrmContact) contact = NULL;

  g_return_if_fail (CRM_IS_CLIENT_PICKER (self));
  g_return_if_fail (self->store != NULL);

  if (contact_id == 0 && deal_id != 0)
    {
      g_autoptr(CrmDeal) deal = crm_store_get_deal (self->store, deal_id, NULL);

      if (deal != NULL)
        contact_id = crm_deal_get_contact_id (deal);
    }

  if (contact_id != 0)
    contact = crm_store_get_contact (self->store, contact_id, NULL);

  if (contact == NULL)
    choose (self, 0, NULL, 0);
  else
    choose (self, contact_id, crm_contact_get_name (contact), deal_id);
}

gint64
crm_client_picker_get_contact_id (CrmClientPicker *self)
{
  g_return_val_if_fail (CRM_IS_CLIENT_PICKER (self), 0);

  return self->contact_id;
}

gint64
crm_client_picker_get_deal_id (CrmClientPicker *self)
{
  guint selected;

  g_return_val_if_fail (CRM_IS_CLIENT_PICKER (self), 0);

  selected = adw_combo_row_get_selected (self->deal_row);
  if (self->contact_id == 0 || selected == GTK_INVALID_LIST_POSITION || selected >= self->deal_ids->len)
    return 0;

  return g_array_index (self->deal_ids, gint64, selected);
}

/**
 * crm_client_picker_set_optional:
 * @self: a #CrmClientPicker
 * @optional: whether the form can do without a client
 */
void
crm_client_picker_set_optional (CrmClientPicker *self,
                                gboolean         optional)
{
  const char *tooltip;
  const char *label;

  g_return_if_fail (CRM_IS_CLIENT_PICKER (self));

  optional = !!optional;
  if (self->optional == optional)
    return;

  self->optional = optional;

  /* Clearing the field chooses no client rather than another one. */
  tooltip = optional ? _("No Client") : _("Choose Another Client");
  label = optional ? _("No client") : _("Choose another client");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->clear_button), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->clear_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OPTIONAL]);
}

/**
 * crm_client_picker_set_choose_deal:
 * @self: a #CrmClientPicker
 * @choose_deal: whether one of the client's deals can be chosen too
 */
void
crm_client_picker_set_choose_deal (CrmClientPicker *self,
                                   gboolean         choose_deal)
{
  g_return_if_fail (CRM_IS_CLIENT_PICKER (self));

  choose_deal = !!choose_deal;
  if (self->choose_deal == choose_deal)
    return;

  self->choose_deal = choose_deal;
  fill_deals (self, 0);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHOOSE_DEAL]);
}

/**
 * crm_client_picker_validate:
 * @self: a #CrmClientPicker
 * @require: whether to point out that no client was given, as once the
 *   user tried to save; an optional picker points out only a client typed
 *   but not chosen, and that always
 *
 * Shows what is wrong under the field.
 *
 * Returns: whether the form can go on with the field as it is: a client
 *   is chosen, or (when optional) none was typed
 */
gboolean
crm_client_picker_validate (CrmClientPicker *self,
                            gboolean         require)
{
  g_return_val_if_fail (CRM_IS_CLIENT_PICKER (self), FALSE);

  if (self->contact_id != 0)
    {
      set_message (self, NULL);
      return TRUE;
    }

  if (self->optional)
    {
      gboolean empty = crm_text_is_blank (get_text (self));

      set_message (self, empty ? NULL : _("Choose a client from the list, or clear the field for a "
                                          "deal without a client"));
      return empty;
    }

  /* While matches are looked for or shown, the user is choosing. */
  if (!crm_text_is_blank (get_text (self)) &&
      (require || (self->search_timeout == 0 && !gtk_revealer_get_reveal_child (self->revealer))))
    set_message (self, _("Choose a client from the list"));
  else if (!crm_text_is_blank (get_text (self)))
    set_message (self, NULL);
  else
    set_message (self, require ? _("Type a client’s name or phone number and choose the client") : NULL);

  return FALSE;
}

void
crm_client_picker_focus (CrmClientPicker *self)
{
  g_return_if_fail (CRM_IS_CLIENT_PICKER (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->client_row));
}
