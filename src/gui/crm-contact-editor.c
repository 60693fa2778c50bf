/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "crm-contact-editor.h"
#include "crm-editor-window.h"
#include "crm-phone.h"
#include "crm-search.h"
#include "crm-store-contacts.h"
#include "crm-store-fields.h"
#include "crm-text.h"
#include "crm-time.h"

/**
 * CrmContactEditor:
 *
 * The form for adding a client or changing one. It checks what is typed as
 * it is typed (phone numbers that cannot be understood, e-mail addresses
 * and birthdays with mistakes, phones and addresses another client already
 * has) and keeps Save disabled until the form can be saved. A store error
 * on Save is shown at the top and the form stays as it was.
 */

#define MAX_SUGGESTIONS 6

/* One phone or e-mail line of the form: an entry row with a type drop-down
 * and a remove button, and under it a row for what is wrong with it. */
typedef struct
{
  CrmContactEditor *editor;
  gboolean          is_phone;
  gint64            id;
  GtkWidget        *entry;
  GtkWidget        *kind;
  GtkWidget        *remove;
  GtkWidget        *message;
  GtkWidget        *open_button;
  /* The normalised number or folded address, for finding it twice. */
  char             *key;
  /* Another client with the same number or address, or 0. */
  gint64            other_id;
  gboolean          invalid;
} ValueRow;

struct _CrmContactEditor
{
  AdwWindow            parent_instance;

  CrmStore            *store;
  gint64               contact_id;

  /* Template children */
  AdwWindowTitle      *window_title;
  GtkButton           *save_button;
  GtkRevealer         *error_revealer;
  GtkLabel            *error_label;
  AdwPreferencesPage  *page;
  GtkToggleButton     *person_button;
  GtkToggleButton     *company_button;
  AdwEntryRow         *name_row;
  AdwEntryRow         *company_row;
  AdwActionRow        *company_hint;
  AdwPreferencesGroup *phones_group;
  AdwPreferencesGroup *emails_group;
  AdwPreferencesGroup *details_group;
  AdwComboRow         *owner_row;
  GtkSwitch           *key_switch;
  AdwEntryRow         *source_row;
  AdwEntryRow         *birthday_row;
  AdwActionRow        *birthday_hint;
  AdwEntryRow         *tags_row;
  GtkTextView         *notes_view;

  GPtrArray           *phones;
  GPtrArray           *emails;
  /* One entry row per custom detail (Preferences → Client details), each
   * with the field's id and the value it was loaded with as data. */
  GPtrArray           *custom_rows;

  GtkWidget           *suggestions;
  GtkListBox          *suggestion_list;
  /* The company picked from the suggestions, while its name is unchanged. */
  gint64               company_id;
  char                *company_name;

  GtkStringList       *owner_names;
  GArray              *owner_ids;

  /* The form as it was loaded, to tell whether anything was typed. */
  char                *initial_state;
  /* The name as loaded, shown under the title while nothing is wrong. */
  char                *loaded_name;
  gboolean             name_touched;
  gboolean             loading;
  gboolean             disposed;
  gboolean             valid;
  gboolean             discard;
};

G_DEFINE_FINAL_TYPE (CrmContactEditor, crm_contact_editor, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_CONTACT_ID,
  N_PROPS
};

enum {
  SAVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* In the order of CrmPhoneKind and CrmEmailKind. */
static const char *phone_kinds[] = { N_("Mobile"), N_("Work"), N_("Home"), N_("Other") };
static const char *email_kinds[] = { N_("Work"), N_("Home"), N_("Other") };

static void validate (CrmContactEditor *self);

/* Checks */

static char *
dup_stripped (const char *text)
{
  return g_strstrip (g_strdup (text != NULL ? text : ""));
}

static char *
dup_entry_text (gpointer editable)
{
  return dup_stripped (gtk_editable_get_text (GTK_EDITABLE (editable)));
}

/* The same loose check the store makes: it catches typing mistakes (no
 * '@', no domain, a space) without turning away unusual real addresses. */
static gboolean
email_looks_valid (const char *address)
{
  const char *at = strchr (address, '@');
  const char *domain;
  const char *dot;

  if (at == NULL || at == address || strchr (at + 1, '@') != NULL)
    return FALSE;

  if (!g_utf8_validate (address, -1, NULL))
    return FALSE;

  for (const char *p = address; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        return FALSE;
    }

  domain = at + 1;
  dot = strchr (domain, '.');
  if (dot == NULL || dot == domain || domain[strlen (domain) - 1] == '.')
    return FALSE;

  return TRUE;
}

/* Returns a reason when @text is not a birthday written as YYYY-MM-DD. */
static char *
check_birthday (const char *text)
{
  g_autoptr(GDateTime) now = NULL;
  guint year, month, day;
  gboolean shape_ok = strlen (text) == 10 && text[4] == '-' && text[7] == '-';

  for (guint i = 0; shape_ok && i < 10; i++)
    {
      if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
        shape_ok = FALSE;
    }

  if (!shape_ok)
    return g_strdup (_("Write the date as YYYY-MM-DD, for example 1990-05-31"));

  year = (guint)g_ascii_strtoull (text, NULL, 10);
  month = (guint)g_ascii_strtoull (text + 5, NULL, 10);
  day = (guint)g_ascii_strtoull (text + 8, NULL, 10);
  if (year == 0 || !g_date_valid_dmy (day, month, year))
    return g_strdup (_("There is no such date"));

  now = g_date_time_new_from_unix_local (crm_time_now_ms () / 1000);
  if (now != NULL)
    {
      guint this_year = g_date_time_get_year (now);
      guint this_month = g_date_time_get_month (now);
      guint this_day = g_date_time_get_day_of_month (now);

      if (year > this_year ||
          (year == this_year && (month > this_month ||
                                 (month == this_month && day > this_day))))
        return g_strdup (_("This date is in the future"));
    }

  return NULL;
}

static gboolean
is_company (CrmContactEditor *self)
{
  return gtk_toggle_button_get_active (self->company_button);
}

/* Form state */

static char *
dup_notes (CrmContactEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->notes_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
append_value_rows_state (GString   *state,
                         GPtrArray *rows)
{
  for (guint i = 0; i < rows->len; i++)
    {
      ValueRow *row = g_ptr_array_index (rows, i);
      g_autofree char *text = dup_entry_text (row->entry);

      if (*text == '\0')
        continue;

      g_string_append_printf (state, "%s\x1f%u\x1f", text,
                              gtk_drop_down_get_selected (GTK_DROP_DOWN (row->kind)));
    }
  g_string_append_c (state, '\x1e');
}

/* Everything the form would save, as one string; equal strings mean
 * nothing was changed. */
static char *
dup_form_state (CrmContactEditor *self)
{
  GString *state = g_string_new (NULL);
  g_autofree char *notes = dup_notes (self);

  g_string_append_printf (state, "%d\x1e%s\x1e%s\x1e%u\x1e%d\x1e%s\x1e%s\x1e%s\x1e%s\x1e",
                          is_company (self),
                          gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                          gtk_editable_get_text (GTK_EDITABLE (self->company_row)),
                          adw_combo_row_get_selected (self->owner_row),
                          gtk_switch_get_active (self->key_switch),
                          gtk_editable_get_text (GTK_EDITABLE (self->source_row)),
                          gtk_editable_get_text (GTK_EDITABLE (self->birthday_row)),
                          gtk_editable_get_text (GTK_EDITABLE (self->tags_row)),
                          notes);
  append_value_rows_state (state, self->phones);
  append_value_rows_state (state, self->emails);
  for (guint i = 0; i < self->custom_rows->len; i++)
    g_string_append_printf (state, "%s\x1f",
                            gtk_editable_get_text (g_ptr_array_index (self->custom_rows, i)));

  return g_string_free (state, FALSE);
}

static gboolean
is_dirty (CrmContactEditor *self)
{
  g_autofree char *state = dup_form_state (self);

  return g_strcmp0 (state, self->initial_state) != 0;
}

static void
show_error (CrmContactEditor *self,
            const char       *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
}

static void
hide_error (CrmContactEditor *self)
{
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
}

static void
set_message (GtkWidget  *entry,
             GtkWidget  *message,
             const char *text,
             const char *style)
{
  static const char *styles[] = { "error", "warning", "dim-label" };

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    {
      if (g_strcmp0 (styles[i], style) == 0)
        gtk_widget_add_css_class (message, styles[i]);
      else
        gtk_widget_remove_css_class (message, styles[i]);

      /* The entry itself shows only problems. */
      if (g_strcmp0 (styles[i], style) == 0 && i < 2)
        gtk_widget_add_css_class (entry, styles[i]);
      else
        gtk_widget_remove_css_class (entry, styles[i]);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (message), text != NULL ? text : "");
  gtk_widget_set_visible (message, text != NULL);

  if (g_strcmp0 (style, "error") == 0)
    gtk_accessible_update_state (GTK_ACCESSIBLE (entry),
                                 GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                 -1);
  else
    gtk_accessible_reset_state (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_STATE_INVALID);
}

/* Phones and e-mails */

static void
value_row_disconnect (ValueRow *row)
{
  g_signal_handlers_disconnect_by_data (row->entry, row);
  g_signal_handlers_disconnect_by_data (row->kind, row);
  g_signal_handlers_disconnect_by_data (row->remove, row);
  g_signal_handlers_disconnect_by_data (row->open_button, row);
}

static void
value_row_free (ValueRow *row)
{
  g_clear_pointer (&row->key, g_free);
  g_free (row);
}

static char *
dup_other_name (CrmContactEditor *self,
                gint64            other_id)
{
  g_autoptr(CrmContact) other = crm_store_get_contact (self->store, other_id, NULL);

  if (other == NULL)
    return g_strdup (_("another client"));

  return g_strdup (crm_contact_get_name (other));
}

/* Checks one phone or address; @seen holds the keys of the rows above it.
 * Returns the reason the form cannot be saved because of it, or NULL. */
static const char *
validate_value_row (CrmContactEditor *self,
                    ValueRow         *row,
                    GHashTable       *seen)
{
  g_autofree char *text = dup_entry_text (row->entry);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) others = NULL;
  g_autofree char *message = NULL;

  g_clear_pointer (&row->key, g_free);
  row->other_id = 0;
  row->invalid = FALSE;
  gtk_widget_set_visible (row->open_button, FALSE);

  if (*text == '\0')
    {
      set_message (row->entry, row->message, NULL, NULL);
      return NULL;
    }

  if (row->is_phone)
    {
      if (!crm_phone_normalize (text, crm_store_get_default_country (self->store),
                                &row->key, NULL, &error))
        {
          row->invalid = TRUE;
          set_message (row->entry, row->message, error->message, "error");
          return _("A phone number has a mistake");
        }
    }
  else
    {
      if (!email_looks_valid (text))
        {
          row->invalid = TRUE;
          set_message (row->entry, row->message,
                       _("This does not look like an e-mail address, such as name@example.com"),
                       "error");
          return _("An e-mail address has a mistake");
        }
      row->key = g_utf8_strdown (text, -1);
    }

  if (g_hash_table_contains (seen, row->key))
    {
      row->invalid = TRUE;
      set_message (row->entry, row->message,
                   row->is_phone ? _("This number is listed twice") : _("This address is listed twice"),
                   "error");
      return row->is_phone ? _("A phone number is listed twice") : _("An e-mail address is listed twice");
    }
  g_hash_table_add (seen, row->key);

  if (row->is_phone)
    others = crm_store_find_contacts_by_phone (self->store, text, &error);
  else
    others = crm_store_find_contacts_by_email (self->store, text, &error);

  if (others == NULL)
    {
      /* The check could not be made; the store checks again on Save. */
      g_warning ("Cannot look for clients with %s: %s", text, error->message);
      set_message (row->entry, row->message, NULL, NULL);
      return NULL;
    }

  for (guint i = 0; i < others->len; i++)
    {
      gint64 other_id = g_array_index (others, gint64, i);

      if (other_id != self->contact_id)
        {
          row->other_id = other_id;
          break;
        }
    }

  if (row->other_id == 0)
    {
      set_message (row->entry, row->message, NULL, NULL);
      return NULL;
    }

  {
    g_autofree char *name = dup_other_name (self, row->other_id);

    /* Translators: %s is the name of the client who has this phone or e-mail. */
    message = g_strdup_printf (_("Belongs to %s"), name);
  }
  set_message (row->entry, row->message, message, "warning");
  gtk_widget_set_visible (row->open_button, TRUE);

  return row->is_phone ? _("A phone number belongs to another client")
                       : _("An e-mail address belongs to another client");
}

static void
value_changed_cb (GtkEditable *editable,
                  ValueRow    *row)
{
  validate (row->editor);
}

static void
value_kind_changed_cb (GtkDropDown *drop_down,
                       GParamSpec  *pspec,
                       ValueRow    *row)
{
  validate (row->editor);
}

static void
focus_next_entry (CrmContactEditor *self,
                  GtkWidget        *current);

static void
value_activated_cb (AdwEntryRow *entry,
                    ValueRow    *row)
{
  focus_next_entry (row->editor, GTK_WIDGET (entry));
}

static void
remove_value_row (CrmContactEditor *self,
                  ValueRow         *row)
{
  GPtrArray *rows = row->is_phone ? self->phones : self->emails;
  AdwPreferencesGroup *group = row->is_phone ? self->phones_group : self->emails_group;
  guint index;

  if (!g_ptr_array_find (rows, row, &index))
    return;

  value_row_disconnect (row);
  adw_preferences_group_remove (group, row->entry);
  adw_preferences_group_remove (group, row->message);
  g_ptr_array_remove_index (rows, index);

  /* Focus goes to the line that took its place, or the one above. */
  if (rows->len > 0)
    {
      ValueRow *next = g_ptr_array_index (rows, MIN (index, rows->len - 1));

      gtk_widget_grab_focus (next->entry);
    }

  validate (self);
}

static void
remove_clicked_cb (GtkButton *button,
                   ValueRow  *row)
{
  remove_value_row (row->editor, row);
}

static void
open_other_clicked_cb (GtkButton *button,
                       ValueRow  *row)
{
  CrmContactEditor *self = row->editor;
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  gint64 other_id = row->other_id;

  if (other_id == 0)
    return;

  /* The user chose the other client instead of this form. */
  self->discard = TRUE;
  if (parent != NULL)
    {
      g_object_ref (parent);
      gtk_window_destroy (GTK_WINDOW (self));
      gtk_widget_activate_action (GTK_WIDGET (parent), "win.open-contact", "x", other_id);
      g_object_unref (parent);
    }
  else
    gtk_window_destroy (GTK_WINDOW (self));
}

static ValueRow *
add_value_row (CrmContactEditor *self,
               gboolean          is_phone,
               gint64            id,
               int               kind,
               const char       *text)
{
  AdwPreferencesGroup *group = is_phone ? self->phones_group : self->emails_group;
  const char **kinds = is_phone ? phone_kinds : email_kinds;
  guint n_kinds = is_phone ? G_N_ELEMENTS (phone_kinds) : G_N_ELEMENTS (email_kinds);
  g_autoptr(GtkStringList) kind_names = gtk_string_list_new (NULL);
  ValueRow *row = g_new0 (ValueRow, 1);
  GtkWidget *remove;

  row->editor = self;
  row->is_phone = is_phone;
  row->id = id;

  for (guint i = 0; i < n_kinds; i++)
    gtk_string_list_append (kind_names, _(kinds[i]));

  row->entry = adw_entry_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row->entry), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->entry),
                                 is_phone ? _("Phone") : _("E-mail"));
  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row->entry),
                                   is_phone ? GTK_INPUT_PURPOSE_PHONE : GTK_INPUT_PURPOSE_EMAIL);
  gtk_editable_set_text (GTK_EDITABLE (row->entry), text != NULL ? text : "");

  row->kind = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&kind_names)), NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (row->kind),
                              kind >= 0 && (guint)kind < n_kinds ? (guint)kind : 0);
  gtk_widget_set_valign (row->kind, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (row->kind, "flat");
  gtk_widget_set_tooltip_text (row->kind, is_phone ? _("Type of phone") : _("Type of address"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->kind),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  is_phone ? _("Type of phone") : _("Type of address"),
                                  -1);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row->entry), row->kind);

  remove = row->remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, is_phone ? _("Remove this phone") : _("Remove this address"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  is_phone ? _("Remove this phone") : _("Remove this address"),
                                  -1);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row->entry), remove);

  row->message = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row->message), FALSE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row->message), FALSE);
  gtk_widget_set_visible (row->message, FALSE);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row->message), 3);

  row->open_button = gtk_button_new_with_mnemonic (_("_Open"));
  gtk_widget_set_valign (row->open_button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (row->open_button, _("Close this form and open that client"));
  gtk_widget_set_visible (row->open_button, FALSE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row->message), row->open_button);

  gtk_accessible_update_relation (GTK_ACCESSIBLE (row->entry),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, row->message, NULL,
                                  -1);

  g_signal_connect (row->entry, "changed", G_CALLBACK (value_changed_cb), row);
  g_signal_connect (row->entry, "entry-activated", G_CALLBACK (value_activated_cb), row);
  g_signal_connect (row->kind, "notify::selected", G_CALLBACK (value_kind_changed_cb), row);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), row);
  g_signal_connect (row->open_button, "clicked", G_CALLBACK (open_other_clicked_cb), row);

  adw_preferences_group_add (group, row->entry);
  adw_preferences_group_add (group, row->message);
  g_ptr_array_add (is_phone ? self->phones : self->emails, row);

  return row;
}

/* Company suggestions */

static void
hide_suggestions (CrmContactEditor *self)
{
  if (self->suggestions != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->suggestions));
}

static void
clear_suggestions (CrmContactEditor *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->suggestion_list))) != NULL)
    gtk_list_box_remove (self->suggestion_list, child);
}

static void
update_company_hint (CrmContactEditor *self)
{
  g_autofree char *text = dup_entry_text (self->company_row);
  g_autofree char *hint = NULL;

  if (!is_company (self) && *text != '\0' && self->company_id == 0 &&
      crm_store_find_company (self->store, text, NULL) == 0)
    {
      /* Translators: %s is a company's name as typed. */
      hint = g_strdup_printf (_("A new company “%s” will be added"), text);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->company_hint), hint != NULL ? hint : "");
  gtk_widget_set_visible (GTK_WIDGET (self->company_hint), hint != NULL);
}

static void
update_suggestions (CrmContactEditor *self)
{
  g_autofree char *text = dup_entry_text (self->company_row);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  gboolean typing;
  guint n = 0;

  clear_suggestions (self);

  /* Only while the user types there, not when the text is set. */
  typing = focus != NULL && (focus == GTK_WIDGET (self->company_row) ||
                             gtk_widget_is_ancestor (focus, GTK_WIDGET (self->company_row)));

  if (*text == '\0' || is_company (self) || !typing)
    {
      hide_suggestions (self);
      return;
    }

  results = crm_search_run (self->store, text, 40, &error);
  if (results == NULL)
    {
      g_warning ("Cannot look for companies: %s", error->message);
      hide_suggestions (self);
      return;
    }

  for (guint i = 0; i < results->len && n < MAX_SUGGESTIONS; i++)
    {
      const CrmSearchResult *result = g_ptr_array_index (results, i);
      GtkWidget *row;
      GtkWidget *label;

      if (result->kind != CRM_ENTITY_CONTACT ||
          result->contact_kind != CRM_CONTACT_COMPANY ||
          result->id == self->contact_id)
        continue;

      label = gtk_label_new (result->title);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      gtk_widget_set_margin_start (label, 6);
      gtk_widget_set_margin_end (label, 6);

      row = gtk_list_box_row_new ();
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      /* Clicking a suggestion must not take the focus from the entry. */
      gtk_widget_set_can_focus (row, FALSE);
      g_object_set_data_full (G_OBJECT (row), "crm-company-name", g_strdup (result->title), g_free);
      g_object_set_data_full (G_OBJECT (row), "crm-company-id",
                              g_memdup2 (&result->id, sizeof result->id), g_free);
      gtk_list_box_append (self->suggestion_list, row);
      n++;
    }

  if (n == 0)
    {
      hide_suggestions (self);
      return;
    }

  gtk_widget_set_size_request (GTK_WIDGET (self->suggestion_list),
                               MAX (gtk_widget_get_width (GTK_WIDGET (self->company_row)) - 48, 200), -1);
  gtk_popover_popup (GTK_POPOVER (self->suggestions));
}

static void
pick_suggestion (CrmContactEditor *self,
                 GtkListBoxRow    *row)
{
  const char *name = g_object_get_data (G_OBJECT (row), "crm-company-name");
  const gint64 *id = g_object_get_data (G_OBJECT (row), "crm-company-id");

  g_free (self->company_name);
  self->company_name = g_strdup (name);
  self->company_id = *id;

  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->company_row), name);
  gtk_editable_set_position (GTK_EDITABLE (self->company_row), -1);
  self->loading = FALSE;

  hide_suggestions (self);
  validate (self);
}

static void
suggestion_activated_cb (CrmContactEditor *self,
                         GtkListBoxRow    *row)
{
  pick_suggestion (self, row);
}

static void
move_suggestion (CrmContactEditor *self,
                 int               step)
{
  GtkListBoxRow *selected = gtk_list_box_get_selected_row (self->suggestion_list);
  int index = selected != NULL ? gtk_list_box_row_get_index (selected) + step : (step > 0 ? 0 : -1);
  GtkListBoxRow *row;

  if (index < 0)
    {
      gtk_list_box_unselect_all (self->suggestion_list);
      return;
    }

  row = gtk_list_box_get_row_at_index (self->suggestion_list, index);
  if (row != NULL)
    gtk_list_box_select_row (self->suggestion_list, row);
}

static gboolean
company_key_pressed_cb (CrmContactEditor      *self,
                        guint                  keyval,
                        guint                  keycode,
                        GdkModifierType        state,
                        GtkEventControllerKey *controller)
{
  if (!gtk_widget_get_visible (self->suggestions))
    return GDK_EVENT_PROPAGATE;

  switch (keyval)
    {
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      move_suggestion (self, 1);
      return GDK_EVENT_STOP;

    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      move_suggestion (self, -1);
      return GDK_EVENT_STOP;

    case GDK_KEY_Escape:
      hide_suggestions (self);
      return GDK_EVENT_STOP;

    default:
      return GDK_EVENT_PROPAGATE;
    }
}

static void
company_focus_leave_cb (CrmContactEditor *self)
{
  hide_suggestions (self);
}

/* Owners */

static void
load_owners (CrmContactEditor *self,
             gint64            owner_id)
{
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GError) error = NULL;
  guint selected = GTK_INVALID_LIST_POSITION;

  users = crm_store_list_users (self->store, &error);
  if (users == NULL)
    {
      show_error (self, error->message);
      return;
    }

  for (guint i = 0; i < users->len; i++)
    {
      const CrmUser *user = g_ptr_array_index (users, i);

      /* Someone who left keeps the clients they had, but gets no new ones. */
      if (!user->active && user->id != owner_id)
        continue;

      if (user->id == owner_id)
        selected = self->owner_ids->len;

      gtk_string_list_append (self->owner_names,
                              user->name != NULL && *user->name != '\0' ? user->name : user->login);
      g_array_append_val (self->owner_ids, user->id);
    }

  if (selected != GTK_INVALID_LIST_POSITION)
    adw_combo_row_set_selected (self->owner_row, selected);
}

static gint64
get_owner_id (CrmContactEditor *self)
{
  guint selected = adw_combo_row_get_selected (self->owner_row);

  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->owner_ids->len)
    return 0;

  return g_array_index (self->owner_ids, gint64, selected);
}

/* Validation and saving */

static void
validate (CrmContactEditor *self)
{
  g_autoptr(GHashTable) seen_phones = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) seen_emails = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *name = NULL;
  g_autofree char *birthday = NULL;
  g_autofree char *birthday_problem = NULL;
  const char *reason = NULL;

  if (self->loading || self->disposed)
    return;

  /* An empty name is only marked once the user has been there; a new
   * form does not start with an error. */
  name = dup_entry_text (self->name_row);
  if (*name == '\0')
    reason = _("Enter a name to save");
  if (*name == '\0' && self->name_touched)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->name_row),
                                   GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE,
                                   -1);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (self->name_row), GTK_ACCESSIBLE_STATE_INVALID);
    }

  update_company_hint (self);

  for (guint i = 0; i < self->phones->len; i++)
    {
      const char *problem = validate_value_row (self, g_ptr_array_index (self->phones, i), seen_phones);

      if (reason == NULL)
        reason = problem;
    }

  for (guint i = 0; i < self->emails->len; i++)
    {
      const char *problem = validate_value_row (self, g_ptr_array_index (self->emails, i), seen_emails);

      if (reason == NULL)
        reason = problem;
    }

  birthday = dup_entry_text (self->birthday_row);
  if (*birthday != '\0')
    birthday_problem = check_birthday (birthday);
  set_message (GTK_WIDGET (self->birthday_row), GTK_WIDGET (self->birthday_hint),
               birthday_problem, birthday_problem != NULL ? "error" : NULL);
  if (reason == NULL && birthday_problem != NULL)
    reason = _("The birthday has a mistake");

  self->valid = reason == NULL;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", self->valid);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->save_button), reason);

  /* The title bar says why Save is off, where it cannot be missed. */
  adw_window_title_set_subtitle (self->window_title,
                                 reason != NULL ? reason : self->loaded_name);
}

static void
fill_contact (CrmContactEditor *self,
              CrmContact       *contact)
{
  g_autofree char *name = dup_entry_text (self->name_row);
  g_autofree char *company = dup_entry_text (self->company_row);
  g_autofree char *source = dup_entry_text (self->source_row);
  g_autofree char *birthday = dup_entry_text (self->birthday_row);
  g_autofree char *tags = dup_entry_text (self->tags_row);
  g_autofree char *notes = dup_notes (self);
  gint64 owner_id = get_owner_id (self);

  crm_contact_set_kind (contact, is_company (self) ? CRM_CONTACT_COMPANY : CRM_CONTACT_PERSON);
  crm_contact_set_name (contact, name);

  if (is_company (self) || *company == '\0')
    {
      crm_contact_set_company_id (contact, 0);
      crm_contact_set_company_name (contact, NULL);
    }
  else if (self->company_id != 0 && g_strcmp0 (company, self->company_name) == 0)
    {
      crm_contact_set_company_id (contact, self->company_id);
      crm_contact_set_company_name (contact, self->company_name);
    }
  else
    {
      /* The store links a company of that name, or adds one. */
      crm_contact_set_company_id (contact, 0);
      crm_contact_set_company_name (contact, company);
    }

  if (owner_id != 0)
    crm_contact_set_owner_id (contact, owner_id);
  crm_contact_set_is_key (contact, gtk_switch_get_active (self->key_switch));
  crm_contact_set_source (contact, *source != '\0' ? source : NULL);
  crm_contact_set_birthday (contact, *birthday != '\0' ? birthday : NULL);
  crm_contact_set_tags (contact, tags);
  crm_contact_set_notes (contact, crm_text_is_blank (notes) ? NULL : notes);

  crm_contact_clear_phones (contact);
  for (guint i = 0; i < self->phones->len; i++)
    {
      ValueRow *row = g_ptr_array_index (self->phones, i);
      g_autofree char *text = dup_entry_text (row->entry);
      CrmPhone *phone;

      if (*text == '\0')
        continue;

      phone = crm_phone_entry_new ((CrmPhoneKind)gtk_drop_down_get_selected (GTK_DROP_DOWN (row->kind)),
                                   text, NULL, NULL);
      phone->id = row->id;
      crm_contact_add_phone (contact, phone);
    }

  crm_contact_clear_emails (contact);
  for (guint i = 0; i < self->emails->len; i++)
    {
      ValueRow *row = g_ptr_array_index (self->emails, i);
      g_autofree char *text = dup_entry_text (row->entry);
      CrmEmail *email;

      if (*text == '\0')
        continue;

      email = crm_email_entry_new ((CrmEmailKind)gtk_drop_down_get_selected (GTK_DROP_DOWN (row->kind)),
                                   text);
      email->id = row->id;
      crm_contact_add_email (contact, email);
    }
}

/* Writes the custom details that were changed, inside save()'s
 * transaction. */
static gboolean
save_custom_details (CrmContactEditor  *self,
                     gint64             contact_id,
                     GError           **error)
{
  for (guint i = 0; i < self->custom_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->custom_rows, i);
      const gint64 *field_id = g_object_get_data (G_OBJECT (row), "field-id");
      const char *loaded = g_object_get_data (G_OBJECT (row), "loaded-value");
      g_autofree char *text = dup_entry_text (row);

      if (g_strcmp0 (text, loaded != NULL ? loaded : "") == 0)
        continue;

      if (!crm_store_set_custom_value (self->store, *field_id, contact_id, text, error))
        return FALSE;
    }

  return TRUE;
}

static void
save (CrmContactEditor *self)
{
  g_autoptr(CrmContact) contact = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = self->contact_id;

  self->name_touched = TRUE;
  validate (self);
  if (!self->valid)
    {
      if (crm_text_is_blank (gtk_editable_get_text (GTK_EDITABLE (self->name_row))))
        gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
      return;
    }

  if (self->contact_id != 0)
    {
      /* Start from what is stored now, so fields this form does not show
       * keep their values. */
      contact = crm_store_get_contact (self->store, self->contact_id, &error);
      if (contact == NULL)
        {
          show_error (self, error->message);
          return;
        }
    }
  else
    contact = crm_contact_new ();

  fill_contact (self, contact);

  /* The client and its custom details are saved together or not at all. */
  if (!crm_store_begin (self->store, &error))
    {
      show_error (self, error->message);
      return;
    }

  if (self->contact_id != 0)
    {
      if (!crm_store_update_contact (self->store, contact, &error))
        goto failed;
    }
  else
    {
      id = crm_store_add_contact (self->store, contact, &error);
      if (id == 0)
        goto failed;
    }

  if (!save_custom_details (self, id, &error))
    goto failed;

  if (!crm_store_commit (self->store, &error))
    {
      show_error (self, error->message);
      return;
    }

  hide_error (self);
  self->discard = TRUE;
  g_signal_emit (self, signals[SAVED], 0, id);
  gtk_window_destroy (GTK_WINDOW (self));
  return;

failed:
  crm_store_rollback (self->store);
  show_error (self, error->message);
}

static void
focus_next_entry (CrmContactEditor *self,
                  GtkWidget        *current)
{
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  gboolean found = FALSE;

  g_ptr_array_add (order, self->name_row);
  if (gtk_widget_get_visible (GTK_WIDGET (self->company_row)))
    g_ptr_array_add (order, self->company_row);
  for (guint i = 0; i < self->phones->len; i++)
    g_ptr_array_add (order, ((ValueRow *)g_ptr_array_index (self->phones, i))->entry);
  for (guint i = 0; i < self->emails->len; i++)
    g_ptr_array_add (order, ((ValueRow *)g_ptr_array_index (self->emails, i))->entry);
  g_ptr_array_add (order, self->source_row);
  g_ptr_array_add (order, self->birthday_row);
  g_ptr_array_add (order, self->tags_row);

  for (guint i = 0; i < order->len; i++)
    {
      if (found)
        {
          gtk_widget_grab_focus (g_ptr_array_index (order, i));
          return;
        }

      found = g_ptr_array_index (order, i) == (gpointer)current;
    }
}

/* Closing */

static gboolean
destroy_idle_cb (gpointer user_data)
{
  gtk_window_destroy (GTK_WINDOW (user_data));
  return G_SOURCE_REMOVE;
}

static void
discard_response_cb (CrmContactEditor *self,
                     const char       *response)
{
  if (g_strcmp0 (response, "discard") != 0)
    return;

  /* The question closes itself after this; it must not outlive the window
   * it belongs to. */
  self->discard = TRUE;
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, destroy_idle_cb, g_object_ref (self), g_object_unref);
}

static void
ask_discard (CrmContactEditor *self)
{
  AdwMessageDialog *question = crm_editor_window_new_discard_question (GTK_WINDOW (self));

  g_signal_connect_object (question, "response", G_CALLBACK (discard_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (question));
}

/* Callbacks */

static void
field_changed_cb (CrmContactEditor *self)
{
  validate (self);
}

static void
name_changed_cb (CrmContactEditor *self)
{
  if (!self->loading)
    self->name_touched = TRUE;

  validate (self);
}

static void
kind_toggled_cb (CrmContactEditor *self)
{
  gboolean company = is_company (self);

  gtk_widget_set_visible (GTK_WIDGET (self->company_row), !company);
  hide_suggestions (self);
  adw_window_title_set_title (self->window_title,
                              self->contact_id != 0 ? _("Edit Client")
                              : company ? _("New Company") : _("New Client"));
  validate (self);
}

static void
company_changed_cb (CrmContactEditor *self)
{
  g_autofree char *text = NULL;

  if (self->loading || self->disposed)
    return;

  /* Once the name is changed it is no longer the company picked. */
  text = dup_entry_text (self->company_row);
  if (self->company_id != 0 && g_strcmp0 (text, self->company_name) != 0)
    self->company_id = 0;

  update_suggestions (self);
  validate (self);
}

static void
company_activated_cb (CrmContactEditor *self)
{
  GtkListBoxRow *selected = gtk_list_box_get_selected_row (self->suggestion_list);

  if (gtk_widget_get_visible (self->suggestions) && selected != NULL)
    pick_suggestion (self, selected);
  else
    {
      hide_suggestions (self);
      focus_next_entry (self, GTK_WIDGET (self->company_row));
    }
}

static void
entry_activated_cb (CrmContactEditor *self,
                    AdwEntryRow      *entry)
{
  focus_next_entry (self, GTK_WIDGET (entry));
}

static void
last_entry_activated_cb (CrmContactEditor *self)
{
  save (self);
}

/* Actions */

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  save (CRM_CONTACT_EDITOR (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static void
add_phone_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CrmContactEditor *self = CRM_CONTACT_EDITOR (widget);
  ValueRow *row = add_value_row (self, TRUE, 0,
                                 self->phones->len == 0 ? CRM_PHONE_MOBILE : CRM_PHONE_WORK, NULL);

  gtk_widget_grab_focus (row->entry);
  validate (self);
}

static void
add_email_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CrmContactEditor *self = CRM_CONTACT_EDITOR (widget);
  ValueRow *row = add_value_row (self, FALSE, 0, CRM_EMAIL_WORK, NULL);

  gtk_widget_grab_focus (row->entry);
  validate (self);
}

static void
hide_error_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  hide_error (CRM_CONTACT_EDITOR (widget));
}

/* Loading */

static void
custom_row_activated_cb (CrmContactEditor *self)
{
  save (self);
}

/* One entry row per custom detail, after the other details, filled with
 * the client's values when there is a client. */
static void
load_custom_details (CrmContactEditor *self)
{
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(GError) error = NULL;

  fields = crm_store_list_custom_fields (self->store, CRM_ENTITY_CONTACT, &error);
  if (fields != NULL && self->contact_id != 0)
    values = crm_store_get_custom_values (self->store, self->contact_id, &error);
  if (fields == NULL || (self->contact_id != 0 && values == NULL))
    {
      g_autofree char *message = g_strdup_printf (_("Client details could not be read: %s"), error->message);

      show_error (self, message);
      return;
    }

  for (guint i = 0; i < fields->len; i++)
    {
      const CrmCustomField *field = g_ptr_array_index (fields, i);
      const char *value = values != NULL ? g_hash_table_lookup (values, &field->id) : NULL;
      GtkWidget *row = adw_entry_row_new ();
      GtkEditable *delegate;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), field->name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      delegate = gtk_editable_get_delegate (GTK_EDITABLE (row));
      if (GTK_IS_TEXT (delegate))
        gtk_text_set_max_length (GTK_TEXT (delegate), CRM_CUSTOM_VALUE_MAX_CHARS);
      if (value != NULL)
        gtk_editable_set_text (GTK_EDITABLE (row), value);

      g_object_set_data_full (G_OBJECT (row), "field-id",
                              g_memdup2 (&field->id, sizeof field->id), g_free);
      g_object_set_data_full (G_OBJECT (row), "loaded-value", g_strdup (value), g_free);
      g_signal_connect_object (row, "changed", G_CALLBACK (field_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (row, "entry-activated",
                               G_CALLBACK (custom_row_activated_cb), self, G_CONNECT_SWAPPED);

      adw_preferences_group_add (self->details_group, row);
      g_ptr_array_add (self->custom_rows, row);
    }
}

static void
load_contact (CrmContactEditor *self)
{
  g_autoptr(CrmContact) contact = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *phones;
  GPtrArray *emails;

  self->loading = TRUE;

  if (self->contact_id == 0)
    {
      adw_window_title_set_title (self->window_title, _("New Client"));
      load_owners (self, crm_store_get_current_user (self->store));
      add_value_row (self, TRUE, 0, CRM_PHONE_MOBILE, NULL);
      add_value_row (self, FALSE, 0, CRM_EMAIL_WORK, NULL);
      load_custom_details (self);
      self->loading = FALSE;
      return;
    }

  adw_window_title_set_title (self->window_title, _("Edit Client"));

  contact = crm_store_get_contact (self->store, self->contact_id, &error);
  if (contact == NULL)
    {
      show_error (self, error->message);
      gtk_widget_set_sensitive (GTK_WIDGET (self->page), FALSE);
      self->loading = FALSE;
      return;
    }

  self->loaded_name = g_strdup (crm_contact_get_name (contact));
  gtk_toggle_button_set_active (crm_contact_get_kind (contact) == CRM_CONTACT_COMPANY
                                ? self->company_button : self->person_button, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), crm_contact_get_name (contact));

  self->company_id = crm_contact_get_company_id (contact);
  self->company_name = g_strdup (crm_contact_get_company_name (contact));
  if (self->company_name != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->company_row), self->company_name);

  load_owners (self, crm_contact_get_owner_id (contact));
  gtk_switch_set_active (self->key_switch, crm_contact_get_is_key (contact));

  if (crm_contact_get_source (contact) != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->source_row), crm_contact_get_source (contact));
  if (crm_contact_get_birthday (contact) != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->birthday_row), crm_contact_get_birthday (contact));
  if (crm_contact_get_tags (contact) != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->tags_row), crm_contact_get_tags (contact));
  if (crm_contact_get_notes (contact) != NULL)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->notes_view),
                              crm_contact_get_notes (contact), -1);

  phones = crm_contact_get_phones (contact);
  for (guint i = 0; i < phones->len; i++)
    {
      const CrmPhone *phone = g_ptr_array_index (phones, i);

      add_value_row (self, TRUE, phone->id, phone->kind, phone->raw);
    }
  if (phones->len == 0)
    add_value_row (self, TRUE, 0, CRM_PHONE_MOBILE, NULL);

  emails = crm_contact_get_emails (contact);
  for (guint i = 0; i < emails->len; i++)
    {
      const CrmEmail *email = g_ptr_array_index (emails, i);

      add_value_row (self, FALSE, email->id, email->kind, email->address);
    }
  if (emails->len == 0)
    add_value_row (self, FALSE, 0, CRM_EMAIL_WORK, NULL);

  load_custom_details (self);
  self->loading = FALSE;
}

/* GObject */

static gboolean
crm_contact_editor_close_request (GtkWindow *window)
{
  CrmContactEditor *self = CRM_CONTACT_EDITOR (window);

  if (!self->discard && is_dirty (self))
    {
      ask_discard (self);
      return TRUE;
    }

  return GTK_WINDOW_CLASS (crm_contact_editor_parent_class)->close_request (window);
}

static void
crm_contact_editor_constructed (GObject *object)
{
  CrmContactEditor *self = (CrmContactEditor *)object;

  G_OBJECT_CLASS (crm_contact_editor_parent_class)->constructed (object);

  load_contact (self);
  kind_toggled_cb (self);
  self->initial_state = dup_form_state (self);

  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
crm_contact_editor_dispose (GObject *object)
{
  CrmContactEditor *self = (CrmContactEditor *)object;

  /* Widgets going away must not run the checks on a half-taken-down form.
   * A window can be disposed twice; the rows' widgets live only the first
   * time. */
  if (!self->disposed)
    {
      self->disposed = TRUE;
      g_ptr_array_foreach (self->phones, (GFunc)value_row_disconnect, NULL);
      g_ptr_array_foreach (self->emails, (GFunc)value_row_disconnect, NULL);
      for (guint i = 0; i < self->custom_rows->len; i++)
        g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->custom_rows, i), self);
      g_ptr_array_set_size (self->custom_rows, 0);
    }

  g_clear_pointer (&self->suggestions, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_CONTACT_EDITOR);

  G_OBJECT_CLASS (crm_contact_editor_parent_class)->dispose (object);
}

static void
crm_contact_editor_finalize (GObject *object)
{
  CrmContactEditor *self = (CrmContactEditor *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->owner_names);
  g_clear_pointer (&self->owner_ids, g_array_unref);
  g_clear_pointer (&self->phones, g_ptr_array_unref);
  g_clear_pointer (&self->emails, g_ptr_array_unref);
  g_clear_pointer (&self->custom_rows, g_ptr_array_unref);
  g_clear_pointer (&self->company_name, g_free);
  g_clear_pointer (&self->initial_state, g_free);
  g_clear_pointer (&self->loaded_name, g_free);

  G_OBJECT_CLASS (crm_contact_editor_parent_class)->finalize (object);
}

static void
crm_contact_editor_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  CrmContactEditor *self = CRM_CONTACT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_CONTACT_ID:
      g_value_set_int64 (value, self->contact_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_contact_editor_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  CrmContactEditor *self = CRM_CONTACT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_CONTACT_ID:
      self->contact_id = g_value_get_int64 (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_contact_editor_class_init (CrmContactEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = crm_contact_editor_constructed;
  object_class->dispose = crm_contact_editor_dispose;
  object_class->finalize = crm_contact_editor_finalize;
  object_class->get_property = crm_contact_editor_get_property;
  object_class->set_property = crm_contact_editor_set_property;
  window_class->close_request = crm_contact_editor_close_request;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         CRM_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONTACT_ID] =
    g_param_spec_int64 ("contact-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CrmContactEditor::saved:
   * @self: the editor
   * @contact_id: the id of the client that was added or changed
   *
   * Emitted after the client was written to the store, just before the
   * editor closes.
   */
  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/crm-contact-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmContactEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, CrmContactEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, CrmContactEditor, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, CrmContactEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, CrmContactEditor, page);
  gtk_widget_class_bind_template_child (widget_class, CrmContactEditor, person_button);
  gtk_widget_class_bind_template_child (widget_class, CrmContactEditor, company_button);
  gtk_widget_class_bind_template_child (widget_class, CrmContactEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, CrmContactEditor, company_row);
  gtk_widget_class_bind_template_child (widget_class, CrmContactEditor, company_hint);
  gtk_widget_class_bind_template_child (widget_class, CrmContactEditor, phones_group);
  gtk_widget_class_bind_template_child (widget_class, CrmContactEditor, emails_group);
  gtk_widget_class_bind_template_child (widget_class, CrmContactEditor, details_group);
  gtk_widget_class_bind_template_child (widget_class, CrmContactEditor, owner_row);
  gtk_widget_class_bind_template_child (widget_class, CrmContactEditor, key_switch);
  gtk_widget_class_bind_template_child (widget_class, CrmContactEditor, source_row);
  gtk_widget_class_bind_template_child (widget_class, CrmContactEditor, birthday_row);
  gtk_widget_class_bind_template_child (widget_class, CrmContactEditor, birthday_hint);
  gtk_widget_class_bind_template_child (widget_class, CrmContactEditor, tags_row);
  gtk_widget_class_bind_template_child (widget_class, CrmContactEditor, notes_view);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, kind_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, company_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, company_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, last_entry_activated_cb);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "editor.add-phone", NULL, add_phone_action);
  gtk_widget_class_install_action (widget_class, "editor.add-email", NULL, add_email_action);
  gtk_widget_class_install_action (widget_class, "editor.hide-error", NULL, hide_error_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "editor.cancel", NULL);
}

static void
crm_contact_editor_init (CrmContactEditor *self)
{
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->phones = g_ptr_array_new_with_free_func ((GDestroyNotify)value_row_free);
  self->emails = g_ptr_array_new_with_free_func ((GDestroyNotify)value_row_free);
  self->custom_rows = g_ptr_array_new ();
  self->owner_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->owner_names = gtk_string_list_new (NULL);
  adw_combo_row_set_model (self->owner_row, G_LIST_MODEL (self->owner_names));

  /* Suggestions for the company, shown under its entry while typing. */
  self->suggestion_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->suggestion_list, GTK_SELECTION_SINGLE);
  gtk_list_box_set_activate_on_single_click (self->suggestion_list, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->suggestion_list), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->suggestion_list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Companies"),
                                  -1);
  g_signal_connect_object (self->suggestion_list, "row-activated",
                           G_CALLBACK (suggestion_activated_cb), self, G_CONNECT_SWAPPED);

  self->suggestions = gtk_popover_new ();
  gtk_popover_set_autohide (GTK_POPOVER (self->suggestions), FALSE);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->suggestions), FALSE);
  gtk_popover_set_position (GTK_POPOVER (self->suggestions), GTK_POS_BOTTOM);
  gtk_popover_set_child (GTK_POPOVER (self->suggestions), GTK_WIDGET (self->suggestion_list));
  gtk_widget_set_parent (self->suggestions, GTK_WIDGET (self->company_row));

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "key-pressed",
                           G_CALLBACK (company_key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->company_row), controller);

  controller = gtk_event_controller_focus_new ();
  g_signal_connect_object (controller, "leave",
                           G_CALLBACK (company_focus_leave_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->company_row), controller);

  g_signal_connect_object (gtk_text_view_get_buffer (self->notes_view), "changed",
                           G_CALLBACK (field_changed_cb), self, G_CONNECT_SWAPPED);
}

/**
 * crm_contact_editor_new:
 * @parent: the window the editor belongs to
 * @store: the store to save to
 * @contact_id: the client to change, or 0 to add a new one
 *
 * Returns: (transfer none): a new editor, not yet shown
 */
CrmContactEditor *
crm_contact_editor_new (GtkWindow *parent,
                        CrmStore  *store,
                        gint64     contact_id)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);

  return g_object_new (CRM_TYPE_CONTACT_EDITOR,
                       "transient-for", parent,
                       "modal", TRUE,
                       "store", store,
                       "contact-id", contact_id,
                       NULL);
}

gint64
crm_contact_editor_get_contact_id (CrmContactEditor *self)
{
  g_return_val_if_fail (CRM_IS_CONTACT_EDITOR (self), 0);

  return self->contact_id;
}
