/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-contact-editor.h"
#include "crm-contact-list.h"
#include "crm-contacts-view.h"
#include "crm-first-rows.h"
#include "crm-sql-sorter.h"
#include "crm-store-contacts.h"
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

typedef struct
{
  const char *id;
  const char *title;
  CellKind    cell;
  const char *property;
  int         sort_key;  /* a CrmContactSort, or -1 when SQL cannot sort by it */
  gboolean    expand;
  /* A column view sizes columns by the rows on screen; cells of one width
   * keep the columns from jumping while scrolling. */
  int         width_chars;
} ColumnInfo;

/* In the default order. The ids are those of the 'contact-columns' key. */
static const ColumnInfo column_info[] = {
  { "name",    N_("Name"),    CELL_NAME, "name",          CRM_CONTACT_SORT_NAME,    TRUE,  20 },
  { "phone",   N_("Phone"),   CELL_TEXT, "primary-phone", -1,                       FALSE, 15 },
  { "email",   N_("E-mail"),  CELL_TEXT, "primary-email", -1,                       TRUE,  18 },
  { "company", N_("Company"), CELL_TEXT, "company-name",  CRM_CONTACT_SORT_COMPANY, TRUE,  15 },
  { "owner",   N_("Owner"),   CELL_TEXT, "owner-name",    CRM_CONTACT_SORT_OWNER,   FALSE, 16 },
  { "created", N_("Created"), CELL_DATE, "created-at",    CRM_CONTACT_SORT_CREATED, FALSE, 10 },
};

#define N_COLUMNS G_N_ELEMENTS (column_info)

/* The names of the sort keys in the 'contact-sort' setting. */
static const struct
{
  const char     *name;
  CrmContactSort  key;
} sort_names[] = {
  { "name",    CRM_CONTACT_SORT_NAME },
  { "updated", CRM_CONTACT_SORT_UPDATED },
  { "created", CRM_CONTACT_SORT_CREATED },
  { "company", CRM_CONTACT_SORT_COMPANY },
  { "owner",   CRM_CONTACT_SORT_OWNER },
};

struct _CrmContactsView
{
  AdwBin               parent_instance;

  CrmStore            *store;
  CrmContactList      *contacts;
  GtkSingleSelection  *selection;
  GListModel          *first_rows;
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
  AdwStatusPage       *empty_page;
  GtkButton           *clear_filter_button;
  GtkButton           *empty_new_button;
  GMenuModel          *context_menu_model;

  GtkWidget           *context_menu;
  /* Where the keyboard focus was when the context menu opened. */
  GtkWidget           *menu_focus;
  GtkStringList       *owner_names;
  /* The user id of each entry of owner_names; 0 for "all owners". */
  GArray              *owner_ids;
  GtkColumnViewColumn *columns[N_COLUMNS];

  /* Clients moved to the trash from this view, the last one last, so that
   * Ctrl+Z can bring them back. */
  GArray              *deleted;
  AdwToast            *undo_toast;

  guint                save_layout_source;
  guint                focus_source;
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

static const ColumnInfo *
column_get_info (GtkColumnViewColumn *column)
{
  return g_object_get_data (G_OBJECT (column), "crm-column-info");
}

static CrmContact *
get_selected_contact (CrmContactsView *self)
{
  return gtk_single_selection_get_selected_item (self->selection);
}

static gint64
get_selected_id (CrmContactsView *self)
{
  CrmContact *contact = get_selected_contact (self);

  return contact != NULL ? crm_contact_get_id (contact) : 0;
}

static void
show_toast (CrmContactsView *self,
            AdwToast        *toast)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), CRM_TYPE_WINDOW);

  if (window != NULL)
    crm_window_add_toast (CRM_WINDOW (window), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

static void
show_error (CrmContactsView *self,
            const GError    *error)
{
  show_toast (self, adw_toast_new (error->message));
}

static GtkWidget *
find_list_view (CrmContactsView *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_VIEW (child))
        return child;
    }

  return NULL;
}

static gboolean
focus_selected_cb (gpointer user_data)
{
  CrmContactsView *self = user_data;
  guint position = gtk_single_selection_get_selected (self->selection);
  GtkWidget *list_view = find_list_view (self);

  self->focus_source = 0;

  if (list_view == NULL || position == GTK_INVALID_LIST_POSITION)
    return G_SOURCE_REMOVE;

  /* The row widgets hold cells whose children know their list item. */
  for (GtkWidget *row = gtk_widget_get_first_child (list_view);
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *cell = gtk_widget_get_first_child (row);
      GtkWidget *child = cell != NULL ? gtk_widget_get_first_child (cell) : NULL;
      GtkListItem *list_item = child != NULL ? g_object_get_data (G_OBJECT (child), "crm-list-item") : NULL;

      if (list_item != NULL && gtk_list_item_get_position (list_item) == position)
        {
          gtk_widget_grab_focus (row);
          break;
        }
    }

  return G_SOURCE_REMOVE;
}

/* A new order or filter replaces every row, and GtkSingleSelection would
 * read them all looking for the item it holds. Let go of it first and
 * select the same client again by id, which the list finds with one query. */
static gint64
release_selection (CrmContactsView *self)
{
  gint64 contact_id = get_selected_id (self);

  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);

  return contact_id;
}

static void
restore_selection (CrmContactsView *self,
                   gint64           contact_id)
{
  gint64 position = contact_id != 0 ? crm_contact_list_find (self->contacts, contact_id) : -1;

  if (position >= 0)
    {
      crm_first_rows_show_all (self->first_rows);
      gtk_single_selection_set_selected (self->selection, (guint)position);
    }

  gtk_single_selection_set_can_unselect (self->selection, FALSE);
  gtk_single_selection_set_autoselect (self->selection, TRUE);
}

static void
select_contact (CrmContactsView *self,
                gint64           contact_id)
{
  gint64 position = crm_contact_list_find (self->contacts, contact_id);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *list_view;

  if (position < 0)
    return;

  crm_first_rows_show_all (self->first_rows);
  gtk_single_selection_set_selected (self->selection, (guint)position);

  /* GTK 4.8 has no gtk_list_view_scroll_to(); its list view has the action. */
  list_view = find_list_view (self);
  if (list_view != NULL)
    gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", (guint)position);

  /* Keyboard focus follows, once the row has a widget, unless the user is
   * somewhere else. */
  if ((focus == NULL || gtk_widget_is_ancestor (focus, GTK_WIDGET (self->column_view))) &&
      self->focus_source == 0)
    self->focus_source = g_idle_add_full (G_PRIORITY_LOW, focus_selected_cb, self, NULL);
}

/* Cells */

/* The property bindings of a row's cell, undone when the row is rebound. */
static void
list_item_clear_bindings (GtkListItem *list_item)
{
  g_object_set_data (G_OBJECT (list_item), "crm-bindings", NULL);
}

static void
list_item_add_binding (GtkListItem *list_item,
                       GBinding    *binding)
{
  GPtrArray *bindings = g_object_get_data (G_OBJECT (list_item), "crm-bindings");

  if (bindings == NULL)
    {
      bindings = g_ptr_array_new_with_free_func ((GDestroyNotify)g_binding_unbind);
      g_object_set_data_full (G_OBJECT (list_item), "crm-bindings", bindings,
                              (GDestroyNotify)g_ptr_array_unref);
    }

  g_ptr_array_add (bindings, binding);
}

static GtkWidget *
cell_label_new (int width_chars)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_label_set_width_chars (GTK_LABEL (label), width_chars);
  gtk_label_set_max_width_chars (GTK_LABEL (label), width_chars);

  return label;
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               const ColumnInfo         *info)
{
  GtkWidget *child;

  if (info->cell == CELL_NAME)
    {
      GtkWidget *key_icon = gtk_image_new_from_icon_name ("starred-symbolic");
      GtkWidget *company_icon = gtk_image_new_from_icon_name ("clientele-company-symbolic");
      GtkWidget *label = cell_label_new (info->width_chars);

      /* The star lines up at the end of the column. */
      gtk_widget_set_hexpand (label, TRUE);
      child = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      gtk_widget_set_tooltip_text (key_icon, _("Key client"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (key_icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Key client"),
                                      -1);
      gtk_widget_add_css_class (key_icon, "accent");
      gtk_widget_set_tooltip_text (company_icon, _("Company"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (company_icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Company"),
                                      -1);
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
      child = cell_label_new (info->width_chars);
      g_object_set_data (G_OBJECT (child), "crm-label", child);
      if (info->cell == CELL_DATE)
        gtk_widget_add_css_class (child, "numeric");
    }

  /* A right click finds its row through this. */
  g_object_set_data (G_OBJECT (child), "crm-list-item", list_item);
  gtk_list_item_set_child (list_item, child);
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
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              const ColumnInfo         *info)
{
  GtkWidget *child = gtk_list_item_get_child (list_item);
  GtkWidget *label = g_object_get_data (G_OBJECT (child), "crm-label");
  GObject *item = gtk_list_item_get_item (list_item);

  list_item_clear_bindings (list_item);
  if (item == NULL)
    return;

  if (info->cell == CELL_DATE)
    list_item_add_binding (list_item,
                           g_object_bind_property_full (item, info->property, label, "label",
                                                        G_BINDING_SYNC_CREATE,
                                                        time_to_date_text, NULL, NULL, NULL));
  else
    list_item_add_binding (list_item,
                           g_object_bind_property (item, info->property, label, "label",
                                                   G_BINDING_SYNC_CREATE));

  if (info->cell == CELL_NAME)
    {
      list_item_add_binding (list_item,
                             g_object_bind_property (item, "is-key",
                                                     g_object_get_data (G_OBJECT (child), "crm-key-icon"),
                                                     "visible",
                                                     G_BINDING_SYNC_CREATE));
      list_item_add_binding (list_item,
                             g_object_bind_property_full (item, "kind",
                                                          g_object_get_data (G_OBJECT (child), "crm-company-icon"),
                                                          "visible",
                                                          G_BINDING_SYNC_CREATE,
                                                          kind_to_company_visible, NULL, NULL, NULL));
    }
}

static void
unbind_cell_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                const ColumnInfo         *info)
{
  list_item_clear_bindings (list_item);
}

/* Column layout */

static GVariant *
build_layout (CrmContactsView *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->column_view);
  guint n = g_list_model_get_n_items (columns);
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(sbi)"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      const ColumnInfo *info = column_get_info (column);

      if (info == NULL)
        continue;

      g_variant_builder_add (&builder, "(sbi)", info->id,
                             gtk_column_view_column_get_visible (column),
                             gtk_column_view_column_get_fixed_width (column));
    }

  return g_variant_builder_end (&builder);
}

static gboolean
save_layout_cb (gpointer user_data)
{
  CrmContactsView *self = user_data;

  self->save_layout_source = 0;
  g_settings_set_value (self->settings, "contact-columns", build_layout (self));

  return G_SOURCE_REMOVE;
}

static void
queue_save_layout (CrmContactsView *self)
{
  if (self->loading)
    return;

  /* Dragging a column's edge changes its width many times a second. */
  if (self->save_layout_source == 0)
    self->save_layout_source = g_timeout_add_seconds (1, save_layout_cb, self);
}

static void
flush_save_layout (CrmContactsView *self)
{
  if (self->save_layout_source != 0)
    {
      g_clear_handle_id (&self->save_layout_source, g_source_remove);
      save_layout_cb (self);
    }
}

static void
column_layout_changed_cb (CrmContactsView *self)
{
  queue_save_layout (self);
}

static GtkColumnViewColumn *
create_column (CrmContactsView  *self,
               const ColumnInfo *info)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), (gpointer)info);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), (gpointer)info);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell_cb), (gpointer)info);

  column = gtk_column_view_column_new (_(info->title), factory);
  g_object_set_data (G_OBJECT (column), "crm-column-info", (gpointer)info);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_column_set_expand (column, info->expand);
  if (info->sort_key >= 0)
    {
      g_autoptr(CrmSqlSorter) sorter = crm_sql_sorter_new (info->sort_key);

      gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
    }

  g_signal_connect_object (column, "notify::visible",
                           G_CALLBACK (column_layout_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (column, "notify::fixed-width",
                           G_CALLBACK (column_layout_changed_cb), self, G_CONNECT_SWAPPED);

  return column;
}

static int
find_column_info (const char *id)
{
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      if (g_strcmp0 (column_info[i].id, id) == 0)
        return (int)i;
    }

  return -1;
}

static void
load_layout (CrmContactsView *self)
{
  g_autoptr(GVariant) layout = g_settings_get_value (self->settings, "contact-columns");
  gboolean placed[N_COLUMNS] = { FALSE, };
  GVariantIter iter;
  const char *id;
  gboolean visible;
  int width;

  self->loading = TRUE;

  g_variant_iter_init (&iter, layout);
  while (g_variant_iter_next (&iter, "(&sbi)", &id, &visible, &width))
    {
      int index = find_column_info (id);
      GtkColumnViewColumn *column;

      if (index < 0 || placed[index])
        continue;

      column = self->columns[index];
      placed[index] = TRUE;
      /* The name says which row is which; it cannot be hidden. */
      gtk_column_view_column_set_visible (column, visible || index == 0);
      gtk_column_view_column_set_fixed_width (column, width > 0 ? width : -1);
      gtk_column_view_append_column (self->column_view, column);
    }

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      if (placed[i])
        continue;

      gtk_column_view_column_set_visible (self->columns[i], i == 0);
      gtk_column_view_append_column (self->column_view, self->columns[i]);
    }

  self->loading = FALSE;
}

static void
create_columns_menu (CrmContactsView *self)
{
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      GtkWidget *check = gtk_check_button_new_with_label (_(column_info[i].title));

      g_object_bind_property (self->columns[i], "visible", check, "active",
                              G_BINDING_SYNC_CREATE | G_BINDING_BIDIRECTIONAL);
      if (i == 0)
        {
          gtk_widget_set_sensitive (check, FALSE);
          gtk_widget_set_tooltip_text (check, _("The name is always shown"));
        }
      gtk_box_append (self->columns_box, check);
    }
}

/* Sorting */

static const char *
sort_key_to_name (CrmContactSort key)
{
  for (guint i = 0; i < G_N_ELEMENTS (sort_names); i++)
    {
      if (sort_names[i].key == key)
        return sort_names[i].name;
    }

  return "name";
}

static CrmContactSort
sort_key_from_name (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (sort_names); i++)
    {
      if (g_strcmp0 (sort_names[i].name, name) == 0)
        return sort_names[i].key;
    }

  return CRM_CONTACT_SORT_NAME;
}

static void
view_sorter_changed_cb (CrmContactsView *self)
{
  int key = CRM_CONTACT_SORT_NAME;
  gboolean descending = FALSE;

  if (self->loading)
    return;

  if (!crm_sql_sorter_get_primary (self->column_view, &key, &descending))
    {
      key = CRM_CONTACT_SORT_NAME;
      descending = FALSE;
    }

  {
    gint64 selected = release_selection (self);

    crm_contact_list_set_sort (self->contacts, (CrmContactSort)key, descending);
    restore_selection (self, selected);
  }
  g_settings_set_string (self->settings, "contact-sort", sort_key_to_name ((CrmContactSort)key));
  g_settings_set_boolean (self->settings, "contact-sort-descending", descending);
}

static void
load_sort (CrmContactsView *self)
{
  g_autofree char *name = g_settings_get_string (self->settings, "contact-sort");
  gboolean descending = g_settings_get_boolean (self->settings, "contact-sort-descending");
  CrmContactSort key = sort_key_from_name (name);

  crm_contact_list_set_sort (self->contacts, key, descending);

  /* The arrow shows on the column, if the key has one; a key without a
   * column (such as the last change) sorts all the same. */
  self->loading = TRUE;
  crm_sql_sorter_sort_view_by_key (self->column_view, key, descending);
  self->loading = FALSE;
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
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->contacts)) == 0;

  if (empty)
    {
      gboolean filtered = filter_is_active (self);

      if (filtered)
        {
          adw_status_page_set_title (self->empty_page, _("No clients match the filter"));
          adw_status_page_set_description (self->empty_page,
                                           _("Try another tag or owner, or clear the filter to see every client."));
          adw_status_page_set_icon_name (self->empty_page, "edit-find-symbolic");
        }
      else
        {
          adw_status_page_set_title (self->empty_page, _("No clients yet"));
          adw_status_page_set_description (self->empty_page,
                                           _("Clients you add show up here."));
          adw_status_page_set_icon_name (self->empty_page, "system-users-symbolic");
        }

      gtk_widget_set_visible (GTK_WIDGET (self->clear_filter_button), filtered);
      gtk_widget_set_visible (GTK_WIDGET (self->empty_new_button), !filtered);
    }

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "list");
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
      gint64 selected = release_selection (self);

      crm_contact_list_set_filter (self->contacts, &filter);
      restore_selection (self, selected);
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
  position = gtk_single_selection_get_selected (self->selection);

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

      gtk_single_selection_set_selected (self->selection, MIN (position, n - 1));
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
  show_toast (self, toast);
}

/* Context menu */

static void
context_menu_closed_cb (CrmContactsView *self)
{
  /* Give the keyboard focus back to the row the menu was for, or GTK
   * would hand it to the first widget of the window. */
  if (self->menu_focus != NULL && gtk_widget_get_mapped (self->menu_focus))
    gtk_widget_grab_focus (self->menu_focus);
  g_clear_weak_pointer (&self->menu_focus);
}

static void
popup_context_menu (CrmContactsView *self,
                    double           x,
                    double           y)
{
  GdkRectangle rect = { (int)x, (int)y, 1, 1 };
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->column_view)))
    g_set_weak_pointer (&self->menu_focus, focus);
  else
    g_clear_weak_pointer (&self->menu_focus);

  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu), &rect);
  gtk_popover_popup (GTK_POPOVER (self->context_menu));
}

static void
context_click_pressed_cb (GtkGestureClick *gesture,
                          int              n_press,
                          double           x,
                          double           y,
                          CrmContactsView *self)
{
  GtkWidget *picked;
  GtkListItem *list_item = NULL;
  double view_x, view_y;

  picked = gtk_widget_pick (GTK_WIDGET (self->column_view), x, y, GTK_PICK_DEFAULT);
  for (GtkWidget *w = picked; w != NULL && w != GTK_WIDGET (self->column_view); w = gtk_widget_get_parent (w))
    {
      list_item = g_object_get_data (G_OBJECT (w), "crm-list-item");
      if (list_item != NULL)
        break;

      /* A cell holds one child; its row is next to the other cells. */
      if (g_strcmp0 (gtk_widget_get_css_name (w), "row") == 0)
        {
          for (GtkWidget *cell = gtk_widget_get_first_child (w);
               cell != NULL && list_item == NULL;
               cell = gtk_widget_get_next_sibling (cell))
            {
              GtkWidget *child = gtk_widget_get_first_child (cell);

              if (child != NULL)
                list_item = g_object_get_data (G_OBJECT (child), "crm-list-item");
            }
          break;
        }
    }

  if (list_item == NULL || gtk_list_item_get_item (list_item) == NULL)
    return;

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_single_selection_set_selected (self->selection, gtk_list_item_get_position (list_item));

  /* The row clicked gets the focus, as a left click would give it. */
  for (GtkWidget *w = picked; w != NULL && w != GTK_WIDGET (self->column_view); w = gtk_widget_get_parent (w))
    {
      if (g_strcmp0 (gtk_widget_get_css_name (w), "row") == 0)
        {
          gtk_widget_grab_focus (w);
          break;
        }
    }

  if (!gtk_widget_translate_coordinates (GTK_WIDGET (self->column_view), GTK_WIDGET (self),
                                         x, y, &view_x, &view_y))
    return;

  popup_context_menu (self, view_x, view_y);
}

static void
context_menu_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CrmContactsView *self = CRM_CONTACTS_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  graphene_rect_t bounds;

  if (get_selected_contact (self) == NULL)
    return;

  /* Point at the focused row, or else at the top of the list. */
  if (focus != NULL &&
      gtk_widget_is_ancestor (focus, GTK_WIDGET (self->column_view)) &&
      gtk_widget_compute_bounds (focus, widget, &bounds))
    popup_context_menu (self, bounds.origin.x + 24, bounds.origin.y + bounds.size.height / 2);
  else if (gtk_widget_compute_bounds (GTK_WIDGET (self->column_view), widget, &bounds))
    popup_context_menu (self, bounds.origin.x + 24, bounds.origin.y + 24);
}

/* Callbacks */

static void
column_view_activate_cb (CrmContactsView *self,
                         guint            position)
{
  g_autoptr(CrmContact) contact = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

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
  self->first_rows = crm_first_rows_model_new (G_LIST_MODEL (self->contacts), GTK_WIDGET (self->column_view));
  self->selection = gtk_single_selection_new (g_object_ref (self->first_rows));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  gtk_single_selection_set_can_unselect (self->selection, FALSE);

  g_signal_connect_object (self->contacts, "items-changed",
                           G_CALLBACK (items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "changed",
                           G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  reload_owners (self);
  load_sort (self);
  filter_changed_cb (self);
  update_actions (self);
}

static void
crm_contacts_view_dispose (GObject *object)
{
  CrmContactsView *self = (CrmContactsView *)object;

  flush_save_layout (self);
  /* Nothing is saved or filtered while the widgets go away. */
  self->loading = TRUE;
  g_clear_handle_id (&self->focus_source, g_source_remove);
  g_clear_weak_pointer (&self->undo_toast);
  g_clear_weak_pointer (&self->menu_focus);
  g_clear_pointer (&self->context_menu, gtk_widget_unparent);

  /* Taking the columns down changes the view's sorter and column list. */
  if (self->column_view != NULL)
    {
      g_signal_handlers_disconnect_by_data (gtk_column_view_get_sorter (self->column_view), self);
      g_signal_handlers_disconnect_by_data (gtk_column_view_get_columns (self->column_view), self);
      gtk_column_view_set_model (self->column_view, NULL);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_CONTACTS_VIEW);

  for (guint i = 0; i < N_COLUMNS; i++)
    g_clear_object (&self->columns[i]);

  g_clear_object (&self->selection);
  g_clear_object (&self->first_rows);
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
  gtk_widget_class_bind_template_child (widget_class, CrmContactsView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, CrmContactsView, clear_filter_button);
  gtk_widget_class_bind_template_child (widget_class, CrmContactsView, empty_new_button);
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
  GtkGesture *click;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APPLICATION_ID);
  self->owner_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->deleted = g_array_new (FALSE, FALSE, sizeof (gint64));

  self->owner_names = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->owner_dropdown, G_LIST_MODEL (self->owner_names));

  for (guint i = 0; i < N_COLUMNS; i++)
    self->columns[i] = create_column (self, &column_info[i]);
  load_layout (self);
  create_columns_menu (self);

  /* Reordering by dragging a header shows here. */
  g_signal_connect_object (gtk_column_view_get_columns (self->column_view), "items-changed",
                           G_CALLBACK (column_layout_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (view_sorter_changed_cb), self, G_CONNECT_SWAPPED);

  self->context_menu = gtk_popover_menu_new_from_model (self->context_menu_model);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
  gtk_widget_set_halign (self->context_menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->context_menu, GTK_WIDGET (self));
  g_signal_connect_object (self->context_menu, "closed",
                           G_CALLBACK (context_menu_closed_cb), self, G_CONNECT_SWAPPED);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (context_click_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), GTK_EVENT_CONTROLLER (click));

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
