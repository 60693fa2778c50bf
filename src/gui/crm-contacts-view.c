/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-contact-editor.h"
#include "crm-contact-list.h"
#include "crm-contacts-view.h"
#include "crm-store-contacts.h"
#include "crm-table.h"
#include "crm-text.h"
#include "crm-time.h"
#include "crm-window.h"

/**
 * CrmContactsView:
 *
 * The list of clients: a column view over a [class@ContactList], which
 * pages, sorts and filters in SQL, with a filter bar above it. The columns'
 * order, visibility and widths and the sort order are kept in GSettings.
 */

/* How a column of the list shows a client. */
typedef enum
{
  CELL_NAME,
  CELL_TEXT,
  CELL_DATE,
} CellKind;

/* In the default order. The ids are those of the 'contact-columns' key;
 * the sort keys' nicks are the values of 'contact-sort'. */
static const CrmTableColumn columns[] = {
  { "name",    N_("Name"),    CELL_NAME, "name",          CRM_CONTACT_SORT_NAME,    TRUE,  -1, 20,
    N_("The name is always shown") },
  { "phone",   N_("Phone"),   CELL_TEXT, "primary-phone", CRM_TABLE_NO_SORT,        FALSE, -1, 15, NULL },
  { "email",   N_("E-mail"),  CELL_TEXT, "primary-email", CRM_TABLE_NO_SORT,        TRUE,  -1, 18, NULL },
  { "company", N_("Company"), CELL_TEXT, "company-name",  CRM_CONTACT_SORT_COMPANY, TRUE,  -1, 15, NULL },
  { "owner",   N_("Owner"),   CELL_TEXT, "owner-name",    CRM_CONTACT_SORT_OWNER,   FALSE, -1, 16, NULL },
  { "created", N_("Created"), CELL_DATE, "created-at",    CRM_CONTACT_SORT_CREATED, FALSE, -1, 10, NULL },
};

struct _CrmContactsView
{
  AdwBin               parent_instance;

  CrmStore            *store;
  CrmContactList      *contacts;
  CrmTable            *table;
  GSettings           *settings;

  /* Template children */
  GtkToggleButton     *all_button;
  GtkToggleButton     *people_button;
  GtkToggleButton     *companies_button;
  GtkDropDown         *owner_dropdown;
  GtkSearchEntry      *tag_entry;
  GtkToggleButton     *key_button;
  GtkMenuButton       *columns_button;
  GtkBox              *columns_box;
  GtkStack            *stack;
  GtkColumnView       *column_view;
  GMenuModel          *context_menu_model;

  GtkStringList       *owner_names;
  /* The user id of each entry of owner_names; 0 for "all owners". */
  GArray              *owner_ids;

  /* Clients moved to the trash from this view, the last one last, so that
   * Ctrl+Z can bring them back. */
  GArray              *deleted;
  AdwToast            *undo_toast;

  gboolean             loading;
};

G_DEFINE_FINAL_TYPE (CrmContactsView, crm_contacts_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Helpers */

static CrmContact *
get_selected_contact (CrmContactsView *self)
{
  return crm_table_get_selected_item (self->table);
}

static gint64
get_selected_id (CrmContactsView *self)
{
  CrmContact *contact = get_selected_contact (self);

  return contact != NULL ? crm_contact_get_id (contact) : 0;
}

static void
show_error (CrmContactsView *self,
            const GError    *error)
{
  crm_window_toast (GTK_WIDGET (self), adw_toast_new (error->message));
}

static void
select_contact (CrmContactsView *self,
                gint64           contact_id)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  /* Keyboard focus follows, unless the user is somewhere else. */
  crm_table_select_id (self->table, contact_id,
                       focus == NULL || crm_table_has_focus (self->table));
}

/* Cells */

static GtkWidget *
setup_cell_cb (const CrmTableColumn *column,
               GtkListItem          *list_item,
               gpointer              user_data)
{
  GtkWidget *child;

  if (column->cell == CELL_NAME)
    {
      GtkWidget *key_icon = crm_table_icon_new ("starred-symbolic", _("Key client"));
      GtkWidget *company_icon = crm_table_icon_new ("clientele-company-symbolic", _("Company"));
      GtkWidget *label = crm_table_label_new (column->width_chars);

      /* The star lines up at the end of the column. */
      gtk_widget_set_hexpand (label, TRUE);
      child = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      gtk_widget_add_css_class (key_icon, "accent");
      gtk_widget_add_css_class (company_icon, "dim-label");
      gtk_box_append (GTK_BOX (child), company_icon);
      gtk_box_append (GTK_BOX (child), label);
      gtk_box_append (GTK_BOX (child), key_icon);
      g_object_set_data (G_OBJECT (child), "crm-label", label);
      g_object_set_data (G_OBJECT (child), "crm-key-icon", key_icon);
      g_object_set_data (G_OBJECT (child), "crm-company-icon", company_icon);
    }
  else
    {
      child = crm_table_label_new (column->width_chars);
      g_object_set_data (G_OBJECT (child), "crm-label", child);
      if (column->cell == CELL_DATE)
        gtk_widget_add_css_class (child, "numeric");
    }

  return child;
}

static gboolean
kind_to_company_visible (GBinding     *binding,
                         const GValue *from,
                         GValue       *to,
                         gpointer      user_data)
{
  g_value_set_boolean (to, g_value_get_int (from) == CRM_CONTACT_COMPANY);
  return TRUE;
}

static gboolean
time_to_date_text (GBinding     *binding,
                   const GValue *from,
                   GValue       *to,
                   gpointer      user_data)
{
  gint64 ms = g_value_get_int64 (from);

  g_value_take_string (to, ms > 0 ? crm_time_format_date (ms) : NULL);
  return TRUE;
}

static void
bind_cell_cb (const CrmTableColumn *column,
              GtkListItem          *list_item,
              GtkWidget            *child,
              gpointer              item,
              gpointer              user_data)
{
  GtkWidget *label = g_object_get_data (G_OBJECT (child), "crm-label");

  crm_table_cell_bind (list_item, item, column->property, label, "label",
                       column->cell == CELL_DATE ? time_to_date_text : NULL);

  if (column->cell == CELL_NAME)
    {
      crm_table_cell_bind (list_item, item, "is-key",
                           g_object_get_data (G_OBJECT (child), "crm-key-icon"), "visible",
                           NULL);
      crm_table_cell_bind (list_item, item, "kind",
                           g_object_get_data (G_OBJECT (child), "crm-company-icon"), "visible",
                           kind_to_company_visible);
    }
}

static gint64
find_contact (GListModel *rows,
              gint64      contact_id)
{
  return crm_contact_list_find (CRM_CONTACT_LIST (rows), contact_id);
}

/* Sorting, in SQL: the column headers only name the key. */

static void
apply_sort_cb (int      key,
               gboolean descending,
               gpointer user_data)
{
  CrmContactsView *self = user_data;

  crm_contact_list_set_sort (self->contacts, (CrmContactSort)key, descending);
}

/* Filter */

static gboolean
filter_is_active (CrmContactsView *self)
{
  const char *tag = gtk_editable_get_text (GTK_EDITABLE (self->tag_entry));

  return !gtk_toggle_button_get_active (self->all_button) ||
         gtk_drop_down_get_selected (self->owner_dropdown) > 0 ||
         !crm_text_is_blank (tag) ||
         gtk_toggle_button_get_active (self->key_button);
}

static void
update_empty_state (CrmContactsView *self)
{
  const char *page = "list";

  if (g_list_model_get_n_items (G_LIST_MODEL (self->contacts)) == 0)
    page = filter_is_active (self) ? "no-match" : "empty";

  gtk_stack_set_visible_child_name (self->stack, page);
}

static gboolean
filter_equal (const CrmContactFilter *a,
              const CrmContactFilter *b)
{
  return a->kind == b->kind &&
         a->owner_id == b->owner_id &&
         g_strcmp0 (a->tag, b->tag) == 0 &&
         !a->key_only == !b->key_only &&
         a->company_id == b->company_id;
}

static void
filter_changed_cb (CrmContactsView *self)
{
  CrmContactFilter filter;
  guint owner = gtk_drop_down_get_selected (self->owner_dropdown);
  g_autofree char *tag = NULL;

  if (self->loading || self->contacts == NULL)
    return;

  crm_contact_filter_init (&filter);

  if (gtk_toggle_button_get_active (self->people_button))
    filter.kind = CRM_CONTACT_PERSON;
  else if (gtk_toggle_button_get_active (self->companies_button))
    filter.kind = CRM_CONTACT_COMPANY;

  if (owner != GTK_INVALID_LIST_POSITION && owner < self->owner_ids->len)
    filter.owner_id = g_array_index (self->owner_ids, gint64, owner);

  tag = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->tag_entry))));
  if (*tag != '\0')
    filter.tag = g_steal_pointer (&tag);

  filter.key_only = gtk_toggle_button_get_active (self->key_button);

  /* Switching a toggle of a group reports twice; count the rows once. */
  if (!filter_equal (&filter, crm_contact_list_get_filter (self->contacts)))
    {
      crm_table_hold_selection (self->table);
      crm_contact_list_set_filter (self->contacts, &filter);
      crm_table_restore_selection (self->table);
    }
  crm_contact_filter_clear (&filter);

  update_empty_state (self);
}

static void
reload_owners (CrmContactsView *self)
{
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GError) error = NULL;
  guint selected = gtk_drop_down_get_selected (self->owner_dropdown);
  gint64 selected_id = 0;
  gint64 everyone = 0;
  guint new_selected = 0;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  if (selected != GTK_INVALID_LIST_POSITION && selected < self->owner_ids->len)
    selected_id = g_array_index (self->owner_ids, gint64, selected);

  users = crm_store_list_users (self->store, &error);
  if (users == NULL)
    {
      g_warning ("Cannot list employees: %s", error->message);
      return;
    }

  g_array_set_size (self->owner_ids, 0);
  g_ptr_array_add (names, (gpointer)_("All Owners"));
  g_array_append_val (self->owner_ids, everyone);

  for (guint i = 0; i < users->len; i++)
    {
      const CrmUser *user = g_ptr_array_index (users, i);

      /* Someone who left still owns clients, but is only offered while
       * chosen. */
      if (!user->active && user->id != selected_id)
        continue;

      if (user->id == selected_id)
        new_selected = self->owner_ids->len;

      g_ptr_array_add (names, user->name != NULL && *user->name != '\0' ? user->name : user->login);
      g_array_append_val (self->owner_ids, user->id);
    }
  g_ptr_array_add (names, NULL);

  self->loading = TRUE;
  gtk_string_list_splice (self->owner_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->owner_names)),
                          (const char * const *)names->pdata);
  gtk_drop_down_set_selected (self->owner_dropdown, new_selected);
  self->loading = FALSE;

  /* The chosen employee may be gone. */
  if (selected_id != 0 && new_selected == 0)
    filter_changed_cb (self);
}

/* Deleting and undoing */

static void
restore_contact (CrmContactsView *self,
                 gint64           contact_id)
{
  g_autoptr(GError) error = NULL;

  for (guint i = self->deleted->len; i > 0; i--)
    {
      if (g_array_index (self->deleted, gint64, i - 1) == contact_id)
        {
          g_array_remove_index (self->deleted, i - 1);
          break;
        }
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "contacts.undo-delete", self->deleted->len > 0);

  if (!crm_store_restore_contact (self->store, contact_id, &error))
    {
      show_error (self, error);
      return;
    }

  select_contact (self, contact_id);
}

static void
undo_toast_clicked_cb (AdwToast        *toast,
                       CrmContactsView *self)
{
  gint64 *contact_id = g_object_get_data (G_OBJECT (toast), "crm-contact-id");

  restore_contact (self, *contact_id);
}

static void
delete_selected (CrmContactsView *self)
{
  CrmContact *contact = get_selected_contact (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  gint64 contact_id;
  guint position;
  AdwToast *toast;

  if (contact == NULL)
    return;

  contact_id = crm_contact_get_id (contact);
  name = g_strdup (crm_contact_get_name (contact));
  position = gtk_single_selection_get_selected (crm_table_get_selection (self->table));

  if (!crm_store_delete_contact (self->store, contact_id, &error))
    {
      show_error (self, error);
      return;
    }

  g_array_append_val (self->deleted, contact_id);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "contacts.undo-delete", TRUE);

  /* The next client takes the place of the deleted one, so Delete can be
   * pressed again. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->contacts)) > 0)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->contacts));

      crm_table_select_position (self->table, MIN (position, n - 1), crm_table_has_focus (self->table));
    }

  if (self->undo_toast != NULL)
    adw_toast_dismiss (self->undo_toast);

  /* Translators: %s is a client's name. */
  title = g_strdup_printf (_("“%s” moved to the trash"), name);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (toast), "crm-contact-id",
                          g_memdup2 (&contact_id, sizeof contact_id), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_toast_clicked_cb), self, 0);

  g_set_weak_pointer (&self->undo_toast, toast);
  crm_window_toast (GTK_WIDGET (self), toast);
}

static void
context_menu_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  crm_table_popup_context_menu (CRM_CONTACTS_VIEW (widget)->table);
}

/* Callbacks */

static void
column_view_activate_cb (CrmContactsView *self,
                         guint            position)
{
  g_autoptr(CrmContact) contact = g_list_model_get_item (G_LIST_MODEL (crm_table_get_selection (self->table)), position);

  if (contact != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-contact", "x", crm_contact_get_id (contact));
}

static void
update_actions (CrmContactsView *self)
{
  gboolean has_selection = get_selected_contact (self) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "contacts.open", has_selection);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "contacts.edit", has_selection);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "contacts.delete", has_selection);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "contacts.context-menu", has_selection);
}

static void
items_changed_cb (CrmContactsView *self)
{
  update_empty_state (self);
  update_actions (self);
}

static void
store_changed_cb (CrmContactsView *self,
                  CrmEntityKind    kind,
                  gint64           id)
{
  if (kind == CRM_ENTITY_USER || kind == CRM_ENTITY_ANY)
    reload_owners (self);
}

/* Actions */

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CrmContactsView *self = CRM_CONTACTS_VIEW (widget);
  gint64 contact_id = get_selected_id (self);

  if (contact_id != 0)
    gtk_widget_activate_action (widget, "win.open-contact", "x", contact_id);
}

static void
editor_saved_cb (CrmContactsView *self,
                 gint64           contact_id)
{
  select_contact (self, contact_id);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CrmContactsView *self = CRM_CONTACTS_VIEW (widget);
  gint64 contact_id = get_selected_id (self);
  CrmContactEditor *editor;

  if (contact_id == 0)
    return;

  editor = crm_contact_editor_new (GTK_WINDOW (gtk_widget_get_root (widget)), self->store, contact_id);
  g_signal_connect_object (editor, "saved", G_CALLBACK (editor_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  delete_selected (CRM_CONTACTS_VIEW (widget));
}

static void
undo_delete_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CrmContactsView *self = CRM_CONTACTS_VIEW (widget);
  gint64 contact_id;

  if (self->deleted->len == 0)
    return;

  contact_id = g_array_index (self->deleted, gint64, self->deleted->len - 1);

  if (self->undo_toast != NULL)
    {
      gint64 *toast_id = g_object_get_data (G_OBJECT (self->undo_toast), "crm-contact-id");

      if (toast_id != NULL && *toast_id == contact_id)
        adw_toast_dismiss (self->undo_toast);
    }

  restore_contact (self, contact_id);
}

static void
clear_filter_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CrmContactsView *self = CRM_CONTACTS_VIEW (widget);

  self->loading = TRUE;
  gtk_toggle_button_set_active (self->all_button, TRUE);
  gtk_drop_down_set_selected (self->owner_dropdown, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->tag_entry), "");
  gtk_toggle_button_set_active (self->key_button, FALSE);
  self->loading = FALSE;

  filter_changed_cb (self);
}

/* GObject */

static void
crm_contacts_view_set_store (CrmContactsView *self,
                             CrmStore        *store)
{
  g_assert (self->store == NULL);

  self->store = g_object_ref (store);
  self->contacts = crm_contact_list_new (store);
  crm_table_set_rows (self->table, G_LIST_MODEL (self->contacts), find_contact, TRUE);

  g_signal_connect_object (self->contacts, "items-changed",
                           G_CALLBACK (items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (crm_table_get_selection (self->table), "notify::selected",
                           G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);

  reload_owners (self);
  crm_table_keep_sort (self->table, self->settings, "contact-sort", "contact-sort-descending",
                       CRM_TYPE_CONTACT_SORT, apply_sort_cb);
  filter_changed_cb (self);
  update_actions (self);
}

static void
crm_contacts_view_dispose (GObject *object)
{
  CrmContactsView *self = (CrmContactsView *)object;

  /* Nothing is filtered while the widgets go away; the table saves its
   * layout before it lets go of the columns. */
  self->loading = TRUE;
  g_clear_object (&self->table);
  g_clear_weak_pointer (&self->undo_toast);

  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_CONTACTS_VIEW);

  g_clear_object (&self->contacts);
  g_clear_object (&self->owner_names);

  G_OBJECT_CLASS (crm_contacts_view_parent_class)->dispose (object);
}

static void
crm_contacts_view_finalize (GObject *object)
{
  CrmContactsView *self = (CrmContactsView *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->owner_ids, g_array_unref);
  g_clear_pointer (&self->deleted, g_array_unref);

  G_OBJECT_CLASS (crm_contacts_view_parent_class)->finalize (object);
}

static void
crm_contacts_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CrmContactsView *self = CRM_CONTACTS_VIEW (object);

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
crm_contacts_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CrmContactsView *self = CRM_CONTACTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      crm_contacts_view_set_store (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_contacts_view_class_init (CrmContactsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crm_contacts_view_dispose;
  object_class->finalize = crm_contacts_view_finalize;
  object_class->get_property = crm_contacts_view_get_property;
  object_class->set_property = crm_contacts_view_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         CRM_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/crm-contacts-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmContactsView, all_button);
  gtk_widget_class_bind_template_child (widget_class, CrmContactsView, people_button);
  gtk_widget_class_bind_template_child (widget_class, CrmContactsView, companies_button);
  gtk_widget_class_bind_template_child (widget_class, CrmContactsView, owner_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CrmContactsView, tag_entry);
  gtk_widget_class_bind_template_child (widget_class, CrmContactsView, key_button);
  gtk_widget_class_bind_template_child (widget_class, CrmContactsView, columns_button);
  gtk_widget_class_bind_template_child (widget_class, CrmContactsView, columns_box);
  gtk_widget_class_bind_template_child (widget_class, CrmContactsView, stack);
  gtk_widget_class_bind_template_child (widget_class, CrmContactsView, column_view);
  gtk_widget_class_bind_template_child (widget_class, CrmContactsView, context_menu_model);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, column_view_activate_cb);

  gtk_widget_class_install_action (widget_class, "contacts.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "contacts.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "contacts.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "contacts.undo-delete", NULL, undo_delete_action);
  gtk_widget_class_install_action (widget_class, "contacts.clear-filter", NULL, clear_filter_action);
  gtk_widget_class_install_action (widget_class, "contacts.context-menu", NULL, context_menu_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "contacts.edit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "contacts.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "contacts.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "contacts.undo-delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "contacts.context-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "contacts.context-menu", NULL);

  g_type_ensure (CRM_TYPE_CONTACT);
}

static void
crm_contacts_view_init (CrmContactsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APPLICATION_ID);
  self->owner_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->deleted = g_array_new (FALSE, FALSE, sizeof (gint64));

  self->owner_names = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->owner_dropdown, G_LIST_MODEL (self->owner_names));

  self->table = crm_table_new (GTK_WIDGET (self), self->column_view, columns, G_N_ELEMENTS (columns),
                               setup_cell_cb, bind_cell_cb, self);
  crm_table_keep_layout (self->table, self->settings, "contact-columns", self->columns_box);
  crm_table_set_context_menu (self->table, self->context_menu_model, NULL);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "contacts.undo-delete", FALSE);
}

/**
 * crm_contacts_view_new:
 * @store: the store to show the clients of
 *
 * Returns: (transfer floating): a new list of clients
 */
CrmContactsView *
crm_contacts_view_new (CrmStore *store)
{
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);

  return g_object_new (CRM_TYPE_CONTACTS_VIEW,
                       "store", store,
                       NULL);
}
