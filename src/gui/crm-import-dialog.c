/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include <glib/gi18n.h>

#include "crm-import-dialog.h"
#include "crm-import.h"

/**
 * CrmImportDialog:
 *
 * Imports clients from a CSV file in four steps: choose the file; check
 * how its columns were understood (and change that) against its first
 * rows; watch the import run in a thread, with Cancel; read what was
 * imported and which lines were skipped, and why.
 */

/* Longer values in the table of first rows are cut short. */
#define MAX_CELL_CHARS 24

/* A label laid out with many thousand lines would stall the window. */
#define MAX_PROBLEMS_SHOWN 1000

struct _CrmImportDialog
{
  AdwWindow          parent_instance;

  CrmStore          *store;
  CrmImportPreview  *preview;
  CrmImportField    *fields;
  GPtrArray         *grid_columns;
  GtkFileChooserNative *chooser;
  GCancellable      *cancellable;
  gboolean           running;
  gboolean           close_when_done;
  gboolean           disposed;

  /* Written by the import's thread, read in an idle. */
  int                progress_permyriad;
  int                progress_queued;

  /* Template children */
  AdwWindowTitle    *window_title;
  GtkButton         *cancel_button;
  GtkButton         *import_button;
  GtkButton         *close_button;
  GtkStack          *stack;
  GtkButton         *choose_button;
  GtkLabel          *choose_error;
  AdwActionRow      *file_row;
  GtkLabel          *mapping_error;
  GtkListBox        *columns_list;
  GtkGrid           *rows_grid;
  AdwStatusPage     *progress_page;
  GtkProgressBar    *progress_bar;
  GtkImage          *summary_icon;
  GtkLabel          *summary_title;
  GtkLabel          *summary_description;
  AdwPreferencesGroup *problems_group;
  GtkLabel          *problems_label;
};

G_DEFINE_FINAL_TYPE (CrmImportDialog, crm_import_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_page (CrmImportDialog *self,
           const char      *name)
{
  gboolean preview = g_str_equal (name, "preview");
  gboolean summary = g_str_equal (name, "summary");

  gtk_stack_set_visible_child_name (self->stack, name);
  gtk_widget_set_visible (GTK_WIDGET (self->import_button), preview);
  gtk_widget_set_visible (GTK_WIDGET (self->close_button), summary);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), !summary);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.cancel", TRUE);

  if (summary)
    gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->close_button));
  else if (preview)
    gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->import_button));
}

static const char *
delimiter_name (char delimiter)
{
  switch (delimiter)
    {
    case ';':  return _("separated by semicolons");
    case '\t': return _("separated by tabs");
    case ',':  return _("separated by commas");
    default:   return _("separated by another character");
    }
}

/* One line for a cell: line breaks inside a cell would make rows of the
 * table uneven. */
static char *
one_line (const char *text)
{
  char *line = g_strdup (text != NULL ? text : "");

  g_strdelimit (line, "\r\n\t", ' ');
  return g_strstrip (line);
}

static char *
column_title (CrmImportDialog *self,
              guint            column)
{
  g_autofree char *header = one_line (self->preview->headers[column]);

  if (header[0] == '\0')
    return g_strdup_printf (_("Column %u"), column + 1);

  return g_steal_pointer (&header);
}

/* A few values of a column, so people see what it holds. */
static char *
column_samples (CrmImportDialog *self,
                guint            column)
{
  g_autoptr(GString) samples = g_string_new (NULL);
  guint shown = 0;

  for (guint r = 0; r < self->preview->rows->len && shown < 3; r++)
    {
      char **cells = g_ptr_array_index (self->preview->rows, r);
      g_autofree char *value = one_line (cells[column]);

      if (value[0] == '\0')
        continue;
      if (samples->len > 0)
        g_string_append (samples, ", ");
      g_string_append (samples, value);
      shown++;
    }

  if (samples->len == 0)
    return g_strdup (_("Empty in the first rows"));

  return g_string_free (g_steal_pointer (&samples), FALSE);
}

static void
update_mapping (CrmImportDialog *self)
{
  gboolean has_name = crm_import_fields_have_name (self->fields, self->preview->n_columns);

  gtk_widget_set_visible (GTK_WIDGET (self->mapping_error), !has_name);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.run", has_name);

  /* Columns that will be left out are dimmed in the table too. */
  for (guint c = 0; c < self->grid_columns->len; c++)
    {
      GPtrArray *labels = g_ptr_array_index (self->grid_columns, c);

      for (guint i = 0; i < labels->len; i++)
        {
          GtkWidget *label = g_ptr_array_index (labels, i);

          if (self->fields[c] == CRM_IMPORT_FIELD_IGNORE)
            gtk_widget_add_css_class (label, "dim-label");
          else
            gtk_widget_remove_css_class (label, "dim-label");
        }
    }
}

static void
field_selected_cb (AdwComboRow     *row,
                   GParamSpec      *pspec,
                   CrmImportDialog *self)
{
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "column"));
  guint selected = adw_combo_row_get_selected (row);

  if (self->preview == NULL || column >= self->preview->n_columns || selected >= CRM_IMPORT_N_FIELDS)
    return;

  self->fields[column] = (CrmImportField)selected;
  update_mapping (self);
}

static void
clear_preview_widgets (CrmImportDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->columns_list))) != NULL)
    gtk_list_box_remove (self->columns_list, child);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->rows_grid))) != NULL)
    gtk_grid_remove (self->rows_grid, child);

  g_ptr_array_set_size (self->grid_columns, 0);
}

static GtkWidget *
cell_label_new (const char *text,
                gboolean    heading)
{
  g_autofree char *line = one_line (text);
  GtkWidget *label = gtk_label_new (line);

  gtk_label_set_xalign (GTK_LABEL (label), 0);

  /* Cells are as wide as their text, up to a limit; the table scrolls
   * sideways rather than cutting short values. */
  if (g_utf8_strlen (line, -1) > MAX_CELL_CHARS)
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), MAX_CELL_CHARS);
      gtk_label_set_max_width_chars (GTK_LABEL (label), MAX_CELL_CHARS);
      gtk_widget_set_tooltip_text (label, line);
    }
  if (heading)
    gtk_widget_add_css_class (label, "heading");

  return label;
}

static void
show_preview (CrmImportDialog  *self,
              CrmImportPreview *preview)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autofree char *basename = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *rows_text = NULL;

  clear_preview_widgets (self);
  g_clear_pointer (&self->preview, crm_import_preview_free);
  g_clear_pointer (&self->fields, g_free);

  self->preview = preview;
  self->fields = g_memdup2 (preview->fields, sizeof (CrmImportField) * MAX (preview->n_columns, 1));

  basename = g_filename_display_basename (preview->path);
  rows_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u client row", "%u client rows",
                                            preview->n_rows),
                               preview->n_rows);
  /* Translators: "30 client rows · UTF-8 · separated by semicolons" */
  subtitle = g_strdup_printf (_("%s · %s · %s"), rows_text, preview->encoding,
                              delimiter_name (preview->delimiter));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->file_row), basename);
  adw_window_title_set_subtitle (self->window_title, basename);
  adw_action_row_set_subtitle (self->file_row, subtitle);

  for (guint f = 0; f < CRM_IMPORT_N_FIELDS; f++)
    gtk_string_list_append (labels, crm_import_field_get_label ((CrmImportField)f));

  for (guint c = 0; c < preview->n_columns; c++)
    {
      g_autofree char *title = column_title (self, c);
      g_autofree char *samples = column_samples (self, c);
      GtkWidget *row = adw_combo_row_new ();
      g_autoptr(GPtrArray) column_labels = g_ptr_array_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), samples);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), self->fields[c]);
      g_object_set_data (G_OBJECT (row), "column", GUINT_TO_POINTER (c));
      g_signal_connect (row, "notify::selected", G_CALLBACK (field_selected_cb), self);
      gtk_list_box_append (self->columns_list, row);

      /* The table of first rows: the header, then each row. */
      {
        GtkWidget *heading = cell_label_new (title, TRUE);

        gtk_grid_attach (self->rows_grid, heading, (int)c, 0, 1, 1);
        g_ptr_array_add (column_labels, heading);
      }

      for (guint r = 0; r < preview->rows->len; r++)
        {
          char **cells = g_ptr_array_index (preview->rows, r);
          GtkWidget *label = cell_label_new (cells[c], FALSE);

          gtk_grid_attach (self->rows_grid, label, (int)c, (int)r + 1, 1, 1);
          g_ptr_array_add (column_labels, label);
        }

      g_ptr_array_add (self->grid_columns, g_steal_pointer (&column_labels));
    }

  update_mapping (self);
  show_page (self, "preview");
}

static void
show_choose_error (CrmImportDialog *self,
                   const char      *message)
{
  gtk_label_set_text (self->choose_error, message);
  gtk_widget_set_visible (GTK_WIDGET (self->choose_error), message != NULL);
  show_page (self, "choose");
}

static void
preview_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  CrmImportPreview *preview;

  preview = crm_import_preview (task_data, &error);
  if (preview == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, preview, (GDestroyNotify)crm_import_preview_free);
}

static void
preview_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CrmImportDialog *self = CRM_IMPORT_DIALOG (source);
  g_autoptr(GError) error = NULL;
  CrmImportPreview *preview;

  preview = g_task_propagate_pointer (G_TASK (result), &error);

  /* The dialog may have been closed while the file was read. */
  if (self->disposed)
    {
      crm_import_preview_free (preview);
      return;
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.choose", TRUE);
  if (preview == NULL)
    {
      show_choose_error (self, error->message);
      return;
    }

  show_preview (self, preview);
}

/**
 * crm_import_dialog_load_file:
 * @self: a #CrmImportDialog
 * @file: a CSV file
 *
 * Reads @file and shows how its columns will be imported, as after
 * choosing it; a file that cannot be imported is explained instead.
 */
void
crm_import_dialog_load_file (CrmImportDialog *self,
                             GFile           *file)
{
  g_autoptr(GTask) task = NULL;
  char *path;

  g_return_if_fail (CRM_IS_IMPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->running)
    return;

  path = g_file_get_path (file);
  if (path == NULL)
    {
      show_choose_error (self, _("Only files on this computer can be imported; copy the file here first"));
      return;
    }

  /* A large file takes a moment to read; the window stays live. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.choose", FALSE);
  task = g_task_new (self, NULL, preview_done_cb, NULL);
  g_task_set_source_tag (task, crm_import_dialog_load_file);
  g_task_set_task_data (task, path, g_free);
  g_task_run_in_thread (task, preview_thread);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     CrmImportDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        crm_import_dialog_load_file (self, file);
    }

  g_clear_object (&self->chooser);
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CrmImportDialog *self = CRM_IMPORT_DIALOG (widget);
  g_autoptr(GtkFileFilter) csv_filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all_filter = gtk_file_filter_new ();

  if (self->running || self->chooser != NULL)
    return;

  gtk_file_filter_set_name (csv_filter, _("CSV Files"));
  gtk_file_filter_add_mime_type (csv_filter, "text/csv");
  gtk_file_filter_add_mime_type (csv_filter, "text/tab-separated-values");
  gtk_file_filter_add_suffix (csv_filter, "csv");
  gtk_file_filter_add_suffix (csv_filter, "tsv");
  gtk_file_filter_add_suffix (csv_filter, "txt");

  gtk_file_filter_set_name (all_filter, _("All Files"));
  gtk_file_filter_add_pattern (all_filter, "*");

  self->chooser = gtk_file_chooser_native_new (_("Choose a CSV File"),
                                               GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Open"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), csv_filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all_filter);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (self->chooser), csv_filter);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Running the import */

static gboolean
progress_idle_cb (gpointer user_data)
{
  CrmImportDialog *self = user_data;
  int permyriad;

  g_atomic_int_set (&self->progress_queued, 0);
  permyriad = g_atomic_int_get (&self->progress_permyriad);

  if (self->running)
    gtk_progress_bar_set_fraction (self->progress_bar, permyriad / 10000.0);

  return G_SOURCE_REMOVE;
}

/* Runs in the import's thread: hand the number over to the main thread,
 * once however often it is called before the main thread looks. */
static void
import_progress_cb (double   fraction,
                    gpointer user_data)
{
  CrmImportDialog *self = user_data;

  g_atomic_int_set (&self->progress_permyriad, (int)(fraction * 10000));
  if (g_atomic_int_compare_and_exchange (&self->progress_queued, 0, 1))
    g_idle_add_full (G_PRIORITY_DEFAULT, progress_idle_cb, g_object_ref (self), g_object_unref);
}

static void
set_summary (CrmImportDialog *self,
             const char      *icon,
             const char      *title,
             const char      *description)
{
  gtk_image_set_from_icon_name (self->summary_icon, icon);
  gtk_label_set_text (self->summary_title, title);
  gtk_label_set_text (self->summary_description, description);
  gtk_widget_set_visible (GTK_WIDGET (self->summary_description), description != NULL);
}

static void
show_report (CrmImportDialog *self,
             CrmImportReport *report)
{
  g_autoptr(GString) description = g_string_new (NULL);
  g_autoptr(GString) problems = g_string_new (NULL);
  const char *title;
  const char *icon;

  g_string_append_printf (description,
                          g_dngettext (GETTEXT_PACKAGE,
                                       "%u client was imported.",
                                       "%u clients were imported.",
                                       report->imported),
                          report->imported);

  if (report->skipped > 0)
    {
      g_string_append_c (description, ' ');
      g_string_append_printf (description,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%u row was skipped.",
                                           "%u rows were skipped.",
                                           report->skipped),
                              report->skipped);
    }

  if (report->cancelled)
    {
      guint left = report->total - MIN (report->total, report->imported + report->skipped);

      g_string_append_c (description, ' ');
      g_string_append_printf (description,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "The import was stopped with %u row left; the clients imported before stay.",
                                           "The import was stopped with %u rows left; the clients imported before stay.",
                                           left),
                              left);
      title = _("Import Stopped");
      icon = "dialog-warning-symbolic";
    }
  else if (report->imported == 0)
    {
      title = _("No Clients Imported");
      icon = "dialog-warning-symbolic";
    }
  else
    {
      title = _("Clients Imported");
      icon = report->problems->len > 0 ? "dialog-warning-symbolic" : "object-select-symbolic";
    }

  set_summary (self, icon, title, description->str);

  for (guint i = 0; i < report->problems->len && i < MAX_PROBLEMS_SHOWN; i++)
    {
      const CrmImportProblem *problem = g_ptr_array_index (report->problems, i);

      if (problems->len > 0)
        g_string_append_c (problems, '\n');
      if (problem->skipped)
        /* Translators: a problem of an import: line of the file, reason */
        g_string_append_printf (problems, _("Line %u: %s"), problem->line, problem->message);
      else
        /* Translators: a row that was imported, but not all of it */
        g_string_append_printf (problems, _("Line %u (imported): %s"), problem->line, problem->message);
    }

  if (report->problems->len > MAX_PROBLEMS_SHOWN)
    {
      guint more = report->problems->len - MAX_PROBLEMS_SHOWN;

      g_string_append_c (problems, '\n');
      g_string_append_printf (problems,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "… and %u more line with a problem.",
                                           "… and %u more lines with problems.",
                                           more),
                              more);
    }

  gtk_label_set_text (self->problems_label, problems->str);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_group), problems->len > 0);
}

static void
import_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CrmImportDialog) self = user_data;
  g_autoptr(CrmImportReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = crm_import_run_finish (result, &error);
  self->running = FALSE;
  g_clear_object (&self->cancellable);

  /* The clients came through another connection; let the window's views
   * know now rather than at the next poll. Checking also records the new
   * state, so the poll does not announce the same change again. */
  if (!crm_store_check_external_changes (self->store) && report != NULL && report->imported > 0)
    crm_store_emit_changed (self->store, CRM_ENTITY_ANY, 0);

  if (self->disposed)
    return;

  if (self->close_when_done)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  if (report == NULL)
    {
      set_summary (self, "dialog-error-symbolic", _("Import Failed"), error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->problems_group), FALSE);
    }
  else
    show_report (self, report);

  show_page (self, "summary");
  gtk_widget_grab_focus (GTK_WIDGET (self->close_button));
}

static void
run_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  CrmImportDialog *self = CRM_IMPORT_DIALOG (widget);
  g_autofree char *basename = NULL;

  if (self->running || self->preview == NULL ||
      !crm_import_fields_have_name (self->fields, self->preview->n_columns))
    return;

  self->running = TRUE;
  self->cancellable = g_cancellable_new ();
  g_atomic_int_set (&self->progress_permyriad, 0);

  basename = g_filename_display_basename (self->preview->path);
  adw_status_page_set_title (self->progress_page, _("Importing Clients…"));
  adw_status_page_set_description (self->progress_page, basename);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  show_page (self, "progress");

  crm_import_run_async (self->store, self->preview->path,
                        self->fields, self->preview->n_columns,
                        import_progress_cb, self,
                        self->cancellable, import_done_cb, g_object_ref (self));
}

static void
stop_import (CrmImportDialog *self)
{
  g_cancellable_cancel (self->cancellable);
  adw_status_page_set_title (self->progress_page, _("Stopping…"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.cancel", FALSE);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CrmImportDialog *self = CRM_IMPORT_DIALOG (widget);

  if (self->running)
    stop_import (self);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static gboolean
crm_import_dialog_close_request (GtkWindow *window)
{
  CrmImportDialog *self = CRM_IMPORT_DIALOG (window);

  /* Closing while importing stops the import; the window goes once the
   * thread has let go of the file. */
  if (self->running)
    {
      self->close_when_done = TRUE;
      stop_import (self);
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return TRUE;
    }

  return GTK_WINDOW_CLASS (crm_import_dialog_parent_class)->close_request (window);
}

static void
crm_import_dialog_dispose (GObject *object)
{
  CrmImportDialog *self = (CrmImportDialog *)object;

  self->disposed = TRUE;
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_IMPORT_DIALOG);

  G_OBJECT_CLASS (crm_import_dialog_parent_class)->dispose (object);
}

static void
crm_import_dialog_finalize (GObject *object)
{
  CrmImportDialog *self = (CrmImportDialog *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->preview, crm_import_preview_free);
  g_clear_pointer (&self->fields, g_free);
  g_clear_pointer (&self->grid_columns, g_ptr_array_unref);

  G_OBJECT_CLASS (crm_import_dialog_parent_class)->finalize (object);
}

static void
crm_import_dialog_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CrmImportDialog *self = CRM_IMPORT_DIALOG (object);

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
crm_import_dialog_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CrmImportDialog *self = CRM_IMPORT_DIALOG (object);

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
crm_import_dialog_class_init (CrmImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = crm_import_dialog_dispose;
  object_class->finalize = crm_import_dialog_finalize;
  object_class->get_property = crm_import_dialog_get_property;
  object_class->set_property = crm_import_dialog_set_property;
  window_class->close_request = crm_import_dialog_close_request;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         CRM_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/crm-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, close_button);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, choose_button);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, choose_error);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, file_row);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, mapping_error);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, columns_list);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, rows_grid);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, progress_page);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, summary_icon);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, summary_title);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, summary_description);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, problems_group);
  gtk_widget_class_bind_template_child (widget_class, CrmImportDialog, problems_label);

  gtk_widget_class_install_action (widget_class, "import.choose", NULL, choose_action);
  gtk_widget_class_install_action (widget_class, "import.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "import.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "import.close", NULL, close_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "import.cancel", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "import.choose", NULL);
}

static void
crm_import_dialog_init (CrmImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->grid_columns = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.run", FALSE);
  show_page (self, "choose");
  gtk_widget_grab_focus (GTK_WIDGET (self->choose_button));
}

/**
 * crm_import_dialog_new:
 * @parent: (nullable): the window the dialog belongs to
 * @store: the store to import into
 *
 * Returns: (transfer none): a new import dialog; present it
 */
CrmImportDialog *
crm_import_dialog_new (GtkWindow *parent,
                       CrmStore  *store)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);

  return g_object_new (CRM_TYPE_IMPORT_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "store", store,
                       NULL);
}
