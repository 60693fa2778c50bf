/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-store-activities.h"
#include "crm-store-contacts.h"
#include "crm-store-deals.h"
#include "crm-time.h"
#include "crm-trash-view.h"
#include "crm-window.h"

/* A trash of thousands of rows (a whole import deleted) would make
 * thousands of widgets; the most recent ones are what people look for. */
#define MAX_ROWS 300

struct _CrmTrashView
{
  AdwBin          parent_instance;

  CrmStore       *store;
  guint           n_items;
  guint           refresh_idle;
  gboolean        stale;          /* the store changed while unmapped */

  /* Template children */
  GtkWidget      *bar;
  GtkWidget      *bar_separator;
  GtkLabel       *summary_label;
  GtkStack       *stack;
  GtkListBox     *list_box;
  GtkLabel       *more_label;
  AdwStatusPage  *error_page;
};

G_DEFINE_FINAL_TYPE (CrmTrashView, crm_trash_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What a row of the trash is, as precisely as the list can tell: a
 * company rather than a client, a note rather than a call. */
typedef struct
{
  const char *icon_name;
  const char *label;
} ItemLook;

static ItemLook
contact_look (CrmContactKind kind)
{
  if (kind == CRM_CONTACT_COMPANY)
    return (ItemLook) { "clientele-company-symbolic", C_("trash item kind", "Company") };

  return (ItemLook) { "avatar-default-symbolic", C_("trash item kind", "Client") };
}

static ItemLook
activity_look (CrmActivityKind kind)
{
  switch (kind)
    {
    case CRM_ACTIVITY_CALL:
      return (ItemLook) { "call-start-symbolic", C_("trash item kind", "Call") };
    case CRM_ACTIVITY_NOTE:
      return (ItemLook) { "x-office-document-symbolic", C_("trash item kind", "Note") };
    case CRM_ACTIVITY_MEETING:
      return (ItemLook) { "x-office-calendar-symbolic", C_("trash item kind", "Meeting") };
    case CRM_ACTIVITY_TASK:
      return (ItemLook) { "object-select-symbolic", C_("trash item kind", "Task") };
    default:
      return (ItemLook) { "call-start-symbolic", C_("trash item kind", "Call or note") };
    }
}

static ItemLook
item_look (CrmTrashView       *self,
           const CrmTrashItem *item)
{
  switch (item->kind)
    {
    case CRM_ENTITY_CONTACT:
      {
        g_autoptr(CrmContact) contact = crm_store_get_contact (self->store, item->id, NULL);

        return contact_look (contact != NULL ? crm_contact_get_kind (contact) : CRM_CONTACT_PERSON);
      }
    case CRM_ENTITY_ACTIVITY:
      {
        g_autoptr(CrmActivity) activity = crm_store_get_activity (self->store, item->id, NULL);

        return activity_look (activity != NULL ? crm_activity_get_kind (activity) : (CrmActivityKind)-1);
      }
    case CRM_ENTITY_DEAL:
      return (ItemLook) { "view-list-symbolic", C_("trash item kind", "Deal") };
    case CRM_ENTITY_REMINDER:
      return (ItemLook) { "alarm-symbolic", C_("trash item kind", "Reminder") };
    case CRM_ENTITY_ATTACHMENT:
      return (ItemLook) { "mail-attachment-symbolic", C_("trash item kind", "Document") };
    case CRM_ENTITY_PIPELINE:
      return (ItemLook) { "user-trash-symbolic", C_("trash item kind", "Pipeline") };
    case CRM_ENTITY_STAGE:
      return (ItemLook) { "user-trash-symbolic", C_("trash item kind", "Stage") };
    case CRM_ENTITY_ANY:
    case CRM_ENTITY_USER:
    default:
      return (ItemLook) { "user-trash-symbolic", C_("trash item kind", "Item") };
    }
}

static gboolean
kind_can_be_restored (CrmEntityKind kind)
{
  return kind == CRM_ENTITY_CONTACT || kind == CRM_ENTITY_DEAL ||
         kind == CRM_ENTITY_ACTIVITY || kind == CRM_ENTITY_REMINDER;
}

/* Toast titles are markup (always, before libadwaita 1.4). */
static AdwToast *
toast_new (const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  return adw_toast_new (escaped);
}

static GtkWidget *
item_row_new (CrmTrashView       *self,
              const CrmTrashItem *item)
{
  ItemLook look = item_look (self, item);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (look.icon_name);
  g_autofree char *when = crm_time_format_short (item->deleted_at);
  g_autofree char *subtitle = NULL;
  const char *title = item->title != NULL && item->title[0] != '\0' ? item->title : look.label;

  if (item->deleted_by != NULL && item->deleted_by[0] != '\0')
    /* Translators: "Client · deleted 14:05 by Anna Ozola" */
    subtitle = g_strdup_printf (_("%s · deleted %s by %s"), look.label, when, item->deleted_by);
  else
    /* Translators: "Client · deleted 27 Nov 14:30" */
    subtitle = g_strdup_printf (_("%s · deleted %s"), look.label, when);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 1);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);

  gtk_widget_set_valign (icon, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, look.label,
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  if (kind_can_be_restored (item->kind))
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Restore"));
      g_autofree char *accessible = g_strdup_printf (_("Restore “%s”"), title);

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "trash.restore");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(ix)", (int)item->kind, item->id);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                      -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }

  return row;
}

static void
clear_rows (CrmTrashView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);
}

static void
set_has_items (CrmTrashView *self,
               gboolean      has_items)
{
  gtk_widget_set_visible (self->bar, has_items);
  gtk_widget_set_visible (self->bar_separator, has_items);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "trash.empty", has_items);
}

static void
refresh (CrmTrashView *self)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  guint shown;

  self->stale = FALSE;
  clear_rows (self);

  items = crm_store_list_trash (self->store, &error);
  if (items == NULL)
    {
      self->n_items = 0;
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      set_has_items (self, FALSE);
      return;
    }

  self->n_items = items->len;
  set_has_items (self, items->len > 0);
  if (items->len == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  shown = MIN (items->len, MAX_ROWS);
  for (guint i = 0; i < shown; i++)
    gtk_list_box_append (self->list_box, item_row_new (self, g_ptr_array_index (items, i)));

  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u item in the trash",
                                          "%u items in the trash",
                                          items->len),
                             items->len);
  gtk_label_set_text (self->summary_label, summary);

  if (shown < items->len)
    {
      g_autofree char *more = g_strdup_printf (_("The %u most recently deleted are shown."), shown);

      gtk_label_set_text (self->more_label, more);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->more_label), shown < items->len);

  gtk_stack_set_visible_child_name (self->stack, "list");
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  CrmTrashView *self = user_data;

  self->refresh_idle = 0;
  refresh (self);

  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (CrmTrashView *self,
                  int           kind,
                  gint64        id)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }

  /* Deleting a client with its deals and calls is many changes; list the
   * trash once, after them. */
  if (self->refresh_idle == 0)
    self->refresh_idle = g_idle_add (refresh_idle_cb, self);
}

static gboolean
restore_item (CrmTrashView   *self,
              CrmEntityKind   kind,
              gint64          id,
              GError        **error)
{
  switch (kind)
    {
    case CRM_ENTITY_CONTACT:
      return crm_store_restore_contact (self->store, id, error);
    case CRM_ENTITY_DEAL:
      return crm_store_restore_deal (self->store, id, error);
    case CRM_ENTITY_ACTIVITY:
      return crm_store_restore_activity (self->store, id, error);
    case CRM_ENTITY_REMINDER:
      return crm_store_restore_reminder (self->store, id, error);
    case CRM_ENTITY_ANY:
    case CRM_ENTITY_USER:
    case CRM_ENTITY_PIPELINE:
    case CRM_ENTITY_STAGE:
    case CRM_ENTITY_ATTACHMENT:
    default:
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                   _("This kind of item cannot be restored from the trash"));
      return FALSE;
    }
}

/* The title of a trashed row as the list shows it, for the toast. */
static char *
find_title (CrmTrashView  *self,
            CrmEntityKind  kind,
            gint64         id)
{
  g_autoptr(GPtrArray) items = crm_store_list_trash (self->store, NULL);

  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      const CrmTrashItem *item = g_ptr_array_index (items, i);

      if (item->kind == kind && item->id == id)
        return g_strdup (item->title);
    }

  return NULL;
}

static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CrmTrashView *self = CRM_TRASH_VIEW (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *message = NULL;
  AdwToast *toast;
  int kind;
  gint64 id;

  g_variant_get (parameter, "(ix)", &kind, &id);
  title = find_title (self, (CrmEntityKind)kind, id);

  if (!restore_item (self, (CrmEntityKind)kind, id, &error))
    {
      crm_window_toast (GTK_WIDGET (self), toast_new (error->message));
      return;
    }

  if (title != NULL && title[0] != '\0')
    message = g_strdup_printf (_("“%s” restored"), title);
  else
    message = g_strdup (_("Restored from the trash"));

  toast = toast_new (message);
  if (kind == CRM_ENTITY_CONTACT || kind == CRM_ENTITY_DEAL)
    {
      adw_toast_set_button_label (toast, _("_Open"));
      adw_toast_set_action_name (toast, kind == CRM_ENTITY_CONTACT ? "win.open-contact" : "win.open-deal");
      adw_toast_set_action_target_value (toast, g_variant_new_int64 (id));
    }
  crm_window_toast (GTK_WIDGET (self), toast);
}

static void
empty_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   CrmTrashView     *self)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "empty") != 0)
    return;

  if (!crm_store_empty_trash (self->store, G_MAXINT64, &error))
    {
      crm_window_toast (GTK_WIDGET (self), toast_new (error->message));
      return;
    }

  crm_window_toast (GTK_WIDGET (self), toast_new (_("Trash emptied")));
}

static void
empty_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CrmTrashView *self = CRM_TRASH_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (self->n_items == 0)
    return;

  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "The %u item in the trash will be removed for good, with the calls, "
                                       "reminders and documents of deleted clients. This cannot be undone.",
                                       "All %u items in the trash will be removed for good, with the calls, "
                                       "reminders and documents of deleted clients. This cannot be undone.",
                                       self->n_items),
                          self->n_items);

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Empty Trash?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "empty", _("_Empty Trash"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "empty",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (empty_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
crm_trash_view_map (GtkWidget *widget)
{
  CrmTrashView *self = CRM_TRASH_VIEW (widget);

  GTK_WIDGET_CLASS (crm_trash_view_parent_class)->map (widget);

  /* "14:05" turns into "27 Nov 14:05" on another day; listing the trash
   * is cheap, so each visit shows it fresh. */
  g_clear_handle_id (&self->refresh_idle, g_source_remove);
  refresh (self);
}

static void
crm_trash_view_dispose (GObject *object)
{
  CrmTrashView *self = CRM_TRASH_VIEW (object);

  g_clear_handle_id (&self->refresh_idle, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_TRASH_VIEW);

  G_OBJECT_CLASS (crm_trash_view_parent_class)->dispose (object);
}

static void
crm_trash_view_finalize (GObject *object)
{
  CrmTrashView *self = CRM_TRASH_VIEW (object);

  g_clear_object (&self->store);

  G_OBJECT_CLASS (crm_trash_view_parent_class)->finalize (object);
}

static void
crm_trash_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CrmTrashView *self = CRM_TRASH_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_trash_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CrmTrashView *self = CRM_TRASH_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      g_signal_connect_object (self->store, "changed", G_CALLBACK (store_changed_cb),
                               self, G_CONNECT_SWAPPED);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_trash_view_constructed (GObject *object)
{
  CrmTrashView *self = CRM_TRASH_VIEW (object);

  G_OBJECT_CLASS (crm_trash_view_parent_class)->constructed (object);

  refresh (self);
}

static void
crm_trash_view_class_init (CrmTrashViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = crm_trash_view_constructed;
  object_class->dispose = crm_trash_view_dispose;
  object_class->finalize = crm_trash_view_finalize;
  object_class->get_property = crm_trash_view_get_property;
  object_class->set_property = crm_trash_view_set_property;
  widget_class->map = crm_trash_view_map;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         CRM_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/crm-trash-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmTrashView, bar);
  gtk_widget_class_bind_template_child (widget_class, CrmTrashView, bar_separator);
  gtk_widget_class_bind_template_child (widget_class, CrmTrashView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CrmTrashView, stack);
  gtk_widget_class_bind_template_child (widget_class, CrmTrashView, list_box);
  gtk_widget_class_bind_template_child (widget_class, CrmTrashView, more_label);
  gtk_widget_class_bind_template_child (widget_class, CrmTrashView, error_page);

  gtk_widget_class_install_action (widget_class, "trash.restore", "(ix)", restore_action);
  gtk_widget_class_install_action (widget_class, "trash.empty", NULL, empty_action);
}

static void
crm_trash_view_init (CrmTrashView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CrmTrashView *
crm_trash_view_new (CrmStore *store)
{
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);

  return g_object_new (CRM_TYPE_TRASH_VIEW,
                       "store", store,
                       NULL);
}
