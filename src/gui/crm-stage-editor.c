/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "crm-pipeline.h"
#include "crm-stage-editor.h"
#include "crm-stage.h"
#include "crm-store-deals.h"

/**
 * CrmStageEditor:
 *
 * The stages of one pipeline, to add, rename, recolour, reorder and
 * delete. Deleting a stage that holds deals asks which stage they go to;
 * the store moves them there (recorded as stage moves) before the stage
 * is gone, so no deal is lost.
 */
struct _CrmStageEditor
{
  AdwWindow        parent_instance;

  CrmStore        *store;
  gint64           pipeline_id;
  guint            refresh_idle;
  gint64           focus_stage_id;

  /* Template children */
  AdwToastOverlay *toast_overlay;
  AdwWindowTitle  *window_title;
  GtkListBox      *stage_list;
  GtkEntry        *new_name_entry;
  GtkDropDown     *new_kind_dropdown;
};

G_DEFINE_FINAL_TYPE (CrmStageEditor, crm_stage_editor, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_PIPELINE_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void rebuild (CrmStageEditor *self);

static void
show_error (CrmStageEditor *self,
            const GError   *error)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

static gint64
widget_stage_id (GtkWidget *widget)
{
  gint64 *id = g_object_get_data (G_OBJECT (widget), "crm-stage-id");

  return id != NULL ? *id : 0;
}

static void
set_widget_stage_id (GtkWidget *widget,
                     gint64     id)
{
  g_object_set_data_full (G_OBJECT (widget), "crm-stage-id",
                          g_memdup2 (&id, sizeof id), g_free);
}

static const char *
kind_label (CrmStageKind kind)
{
  switch (kind)
    {
    case CRM_STAGE_WON:
      return C_("stage kind", "Won");
    case CRM_STAGE_LOST:
      return C_("stage kind", "Lost");
    case CRM_STAGE_OPEN:
    default:
      return C_("stage kind", "Open");
    }
}

/* Renaming */

static void
commit_name (CrmStageEditor *self,
             GtkEditable    *entry)
{
  g_autoptr(GError) error = NULL;
  const char *old_name = g_object_get_data (G_OBJECT (entry), "crm-name");
  const char *text = gtk_editable_get_text (entry);

  if (g_strcmp0 (old_name, text) == 0)
    return;

  self->focus_stage_id = widget_stage_id (GTK_WIDGET (entry));
  if (!crm_store_rename_stage (self->store, widget_stage_id (GTK_WIDGET (entry)), text, &error))
    {
      show_error (self, error);
      gtk_editable_set_text (entry, old_name);
    }
}

static void
name_activate_cb (GtkEntry       *entry,
                  CrmStageEditor *self)
{
  commit_name (self, GTK_EDITABLE (entry));
}

static void
name_focus_leave_cb (GtkEventControllerFocus *controller,
                     CrmStageEditor          *self)
{
  commit_name (self, GTK_EDITABLE (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller))));
}

/* Colour */

G_GNUC_BEGIN_IGNORE_DEPRECATIONS

static void
color_set_cb (GtkColorButton *button,
              CrmStageEditor *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GdkRGBA rgba;

  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (button), &rgba);
  text = g_strdup_printf ("#%02x%02x%02x",
                          (int)(rgba.red * 255 + 0.5),
                          (int)(rgba.green * 255 + 0.5),
                          (int)(rgba.blue * 255 + 0.5));
  if (!crm_store_set_stage_color (self->store, widget_stage_id (GTK_WIDGET (button)), text, &error))
    show_error (self, error);
}

static GtkWidget *
color_button_new (CrmStageEditor *self,
                  CrmStage       *stage)
{
  GtkWidget *button = gtk_color_button_new ();
  g_autofree char *label = g_strdup_printf (_("Colour of “%s”"), crm_stage_get_name (stage));
  GdkRGBA rgba;

  if (gdk_rgba_parse (&rgba, crm_stage_get_color (stage)))
    gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (button), &rgba);
  gtk_color_chooser_set_use_alpha (GTK_COLOR_CHOOSER (button), FALSE);
  gtk_color_button_set_title (GTK_COLOR_BUTTON (button), label);
  gtk_widget_set_tooltip_text (button, label);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  set_widget_stage_id (button, crm_stage_get_id (stage));
  g_signal_connect (button, "color-set", G_CALLBACK (color_set_cb), self);

  return button;
}

G_GNUC_END_IGNORE_DEPRECATIONS

/* Order */

static void
move_clicked_cb (GtkButton      *button,
                 CrmStageEditor *self)
{
  g_autoptr(GError) error = NULL;
  int target = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "crm-target"));

  self->focus_stage_id = widget_stage_id (GTK_WIDGET (button));
  if (!crm_store_reorder_stage (self->store, widget_stage_id (GTK_WIDGET (button)), target, &error))
    show_error (self, error);
}

/* Deleting */

typedef struct
{
  CrmStageEditor *editor;
  gint64          stage_id;
  GArray         *targets;   /* gint64 */
  GtkDropDown    *dropdown;
} DeleteRequest;

static void
delete_request_free (DeleteRequest *request)
{
  g_clear_object (&request->editor);
  g_clear_pointer (&request->targets, g_array_unref);
  g_free (request);
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    DeleteRequest    *request)
{
  g_autoptr(GError) error = NULL;
  gint64 target = 0;

  if (g_strcmp0 (response, "delete") != 0)
    return;

  if (request->dropdown != NULL)
    {
      guint selected = gtk_drop_down_get_selected (request->dropdown);

      if (selected >= request->targets->len)
        return;
      target = g_array_index (request->targets, gint64, selected);
    }

  if (!crm_stage_editor_delete_stage (request->editor, request->stage_id, target, &error))
    show_error (request->editor, error);
}

static void
delete_clicked_cb (GtkButton      *button,
                   CrmStageEditor *self)
{
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(GError) error = NULL;
  gint64 stage_id = widget_stage_id (GTK_WIDGET (button));
  CrmStage *stage = NULL;
  DeleteRequest *request;
  GtkWidget *dialog;

  stages = crm_store_list_stages (self->store, self->pipeline_id, &error);
  if (stages == NULL)
    {
      show_error (self, error);
      return;
    }

  for (guint i = 0; i < stages->len; i++)
    {
      if (crm_stage_get_id (g_ptr_array_index (stages, i)) == stage_id)
        stage = g_ptr_array_index (stages, i);
    }
  if (stage == NULL)
    return;

  request = g_new0 (DeleteRequest, 1);
  request->editor = g_object_ref (self);
  request->stage_id = stage_id;
  request->targets = g_array_new (FALSE, FALSE, sizeof (gint64));

  dialog = adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL);
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Delete “%s”?"),
                                     crm_stage_get_name (stage));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  if (crm_stage_get_deal_count (stage) > 0)
    {
      g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
      gint64 count = crm_stage_get_deal_count (stage);
      guint preferred = 0;

      adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                      g_dngettext (GETTEXT_PACKAGE,
                                                   "It holds %" PRId64 " deal. Choose the stage it moves to; "
                                                   "the move is kept in the deal’s history.",
                                                   "It holds %" PRId64 " deals. Choose the stage they move to; "
                                                   "the moves are kept in the deals’ history.",
                                                   count),
                                      count);

      /* Open deals go to an open stage by default: the one before. */
      for (guint i = 0; i < stages->len; i++)
        {
          CrmStage *other = g_ptr_array_index (stages, i);
          gint64 id = crm_stage_get_id (other);

          if (id == stage_id)
            {
              if (request->targets->len > 0)
                preferred = request->targets->len - 1;
              continue;
            }
          g_array_append_val (request->targets, id);
          gtk_string_list_append (names, crm_stage_get_name (other));
        }

      request->dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (names)), NULL));
      gtk_drop_down_set_selected (request->dropdown, preferred);
      gtk_accessible_update_property (GTK_ACCESSIBLE (request->dropdown),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Move the deals to"),
                                      -1);
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), GTK_WIDGET (request->dropdown));
      adw_message_dialog_set_response_label (ADW_MESSAGE_DIALOG (dialog), "delete", _("_Move and Delete"));
    }
  else
    {
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), _("It holds no deals."));
    }

  g_object_set_data_full (G_OBJECT (dialog), "crm-request", request, (GDestroyNotify)delete_request_free);
  g_signal_connect (dialog, "response", G_CALLBACK (delete_response_cb), request);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Rows */

static GtkWidget *
icon_button_new (const char *icon,
                 const char *label)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  return button;
}

static GtkWidget *
stage_row_new (CrmStageEditor *self,
               CrmStage       *stage,
               guint           index,
               guint           n_stages)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *info;
  GtkWidget *up, *down, *delete;
  GtkEventController *focus;
  gint64 id = crm_stage_get_id (stage);
  gint64 count = crm_stage_get_deal_count (stage);
  g_autofree char *info_text = NULL;
  g_autofree char *up_label = g_strdup_printf (_("Move “%s” Up"), crm_stage_get_name (stage));
  g_autofree char *down_label = g_strdup_printf (_("Move “%s” Down"), crm_stage_get_name (stage));
  g_autofree char *delete_label = g_strdup_printf (_("Delete “%s”"), crm_stage_get_name (stage));
  g_autofree char *name_label = g_strdup_printf (_("Name of stage %u"), index + 1);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  gtk_box_append (GTK_BOX (box), color_button_new (self, stage));

  gtk_editable_set_text (GTK_EDITABLE (entry), crm_stage_get_name (stage));
  g_object_set_data_full (G_OBJECT (entry), "crm-name", g_strdup (crm_stage_get_name (stage)), g_free);
  set_widget_stage_id (entry, id);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name_label,
                                  -1);
  g_signal_connect (entry, "activate", G_CALLBACK (name_activate_cb), self);
  focus = gtk_event_controller_focus_new ();
  g_signal_connect (focus, "leave", G_CALLBACK (name_focus_leave_cb), self);
  gtk_widget_add_controller (entry, focus);
  gtk_box_append (GTK_BOX (texts), entry);

  /* Translators: under a stage's name in the stage editor: its kind and
   * how many deals it holds. */
  info_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%s · %" PRId64 " deal",
                                            "%s · %" PRId64 " deals",
                                            count),
                               kind_label (crm_stage_get_kind (stage)), count);
  info = gtk_label_new (info_text);
  gtk_label_set_xalign (GTK_LABEL (info), 0);
  gtk_widget_add_css_class (info, "dim-label");
  gtk_widget_add_css_class (info, "caption");
  gtk_box_append (GTK_BOX (texts), info);
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (box), texts);

  up = icon_button_new ("go-up-symbolic", up_label);
  set_widget_stage_id (up, id);
  g_object_set_data (G_OBJECT (up), "crm-target", GINT_TO_POINTER ((int)index - 1));
  gtk_widget_set_sensitive (up, index > 0);
  g_signal_connect (up, "clicked", G_CALLBACK (move_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), up);

  down = icon_button_new ("go-down-symbolic", down_label);
  set_widget_stage_id (down, id);
  g_object_set_data (G_OBJECT (down), "crm-target", GINT_TO_POINTER ((int)index + 1));
  gtk_widget_set_sensitive (down, index + 1 < n_stages);
  g_signal_connect (down, "clicked", G_CALLBACK (move_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), down);

  delete = icon_button_new ("user-trash-symbolic", delete_label);
  set_widget_stage_id (delete, id);
  g_signal_connect (delete, "clicked", G_CALLBACK (delete_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), delete);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  set_widget_stage_id (row, id);

  return row;
}

static void
rebuild (CrmStageEditor *self)
{
  g_autoptr(GPtrArray) stages = NULL;
  g_autoptr(GPtrArray) pipelines = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;
  GtkWidget *focus_row = NULL;

  g_clear_handle_id (&self->refresh_idle, g_source_remove);

  pipelines = crm_store_list_pipelines (self->store, NULL);
  for (guint i = 0; pipelines != NULL && i < pipelines->len; i++)
    {
      CrmPipeline *pipeline = g_ptr_array_index (pipelines, i);

      if (crm_pipeline_get_id (pipeline) == self->pipeline_id)
        adw_window_title_set_subtitle (self->window_title, crm_pipeline_get_name (pipeline));
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->stage_list))) != NULL)
    gtk_list_box_remove (self->stage_list, child);

  stages = crm_store_list_stages (self->store, self->pipeline_id, &error);
  if (stages == NULL)
    {
      show_error (self, error);
      return;
    }

  for (guint i = 0; i < stages->len; i++)
    {
      GtkWidget *row = stage_row_new (self, g_ptr_array_index (stages, i), i, stages->len);

      gtk_list_box_append (self->stage_list, row);
      if (widget_stage_id (row) == self->focus_stage_id)
        focus_row = row;
    }

  /* The row that was just changed keeps the keyboard. */
  if (focus_row != NULL)
    gtk_widget_child_focus (focus_row, GTK_DIR_TAB_FORWARD);
  self->focus_stage_id = 0;
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  CrmStageEditor *self = user_data;

  self->refresh_idle = 0;
  rebuild (self);

  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (CrmStageEditor *self,
                  int             kind,
                  gint64          id)
{
  if ((kind == CRM_ENTITY_STAGE || kind == CRM_ENTITY_PIPELINE ||
       kind == CRM_ENTITY_DEAL || kind == CRM_ENTITY_ANY) &&
      self->refresh_idle == 0)
    self->refresh_idle = g_idle_add (refresh_idle_cb, self);
}

/* Adding */

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  CrmStageEditor *self = CRM_STAGE_EDITOR (widget);
  g_autoptr(GError) error = NULL;
  CrmStageKind kind = (CrmStageKind)gtk_drop_down_get_selected (self->new_kind_dropdown);
  gint64 id;

  id = crm_store_add_stage (self->store, self->pipeline_id,
                            gtk_editable_get_text (GTK_EDITABLE (self->new_name_entry)),
                            kind, NULL, -1, &error);
  if (id == 0)
    {
      show_error (self, error);
      return;
    }

  gtk_editable_set_text (GTK_EDITABLE (self->new_name_entry), "");
}

static void
add_activate_cb (CrmStageEditor *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "stages.add", NULL);
}

/* GObject */

static void
crm_stage_editor_constructed (GObject *object)
{
  CrmStageEditor *self = (CrmStageEditor *)object;

  G_OBJECT_CLASS (crm_stage_editor_parent_class)->constructed (object);

  rebuild (self);
  g_signal_connect_object (self->store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
crm_stage_editor_dispose (GObject *object)
{
  CrmStageEditor *self = (CrmStageEditor *)object;

  g_clear_handle_id (&self->refresh_idle, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_STAGE_EDITOR);

  G_OBJECT_CLASS (crm_stage_editor_parent_class)->dispose (object);
}

static void
crm_stage_editor_finalize (GObject *object)
{
  CrmStageEditor *self = (CrmStageEditor *)object;

  g_clear_object (&self->store);

  G_OBJECT_CLASS (crm_stage_editor_parent_class)->finalize (object);
}

static void
crm_stage_editor_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CrmStageEditor *self = CRM_STAGE_EDITOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_PIPELINE_ID:
      g_value_set_int64 (value, self->pipeline_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_stage_editor_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CrmStageEditor *self = CRM_STAGE_EDITOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_PIPELINE_ID:
      self->pipeline_id = g_value_get_int64 (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_stage_editor_class_init (CrmStageEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = crm_stage_editor_constructed;
  object_class->dispose = crm_stage_editor_dispose;
  object_class->finalize = crm_stage_editor_finalize;
  object_class->get_property = crm_stage_editor_get_property;
  object_class->set_property = crm_stage_editor_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         CRM_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PIPELINE_ID] =
    g_param_spec_int64 ("pipeline-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/crm-stage-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, CrmStageEditor, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CrmStageEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, CrmStageEditor, stage_list);
  gtk_widget_class_bind_template_child (widget_class, CrmStageEditor, new_name_entry);
  gtk_widget_class_bind_template_child (widget_class, CrmStageEditor, new_kind_dropdown);
  gtk_widget_class_bind_template_callback (widget_class, add_activate_cb);

  gtk_widget_class_install_action (widget_class, "stages.add", NULL, add_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
crm_stage_editor_init (CrmStageEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * crm_stage_editor_new:
 * @parent: (nullable): the window it belongs to
 * @store: the store
 * @pipeline_id: the pipeline whose stages to edit
 *
 * Returns: (transfer none): a new stage editor, not shown yet
 */
CrmStageEditor *
crm_stage_editor_new (GtkWindow *parent,
                      CrmStore  *store,
                      gint64     pipeline_id)
{
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);

  return g_object_new (CRM_TYPE_STAGE_EDITOR,
                       "transient-for", parent,
                       "store", store,
                       "pipeline-id", pipeline_id,
                       NULL);
}

gint64
crm_stage_editor_get_pipeline (CrmStageEditor *self)
{
  g_return_val_if_fail (CRM_IS_STAGE_EDITOR (self), 0);

  return self->pipeline_id;
}

/**
 * crm_stage_editor_delete_stage:
 * @self: a stage editor
 * @stage_id: a stage of its pipeline
 * @move_deals_to: the stage its deals go to, or 0 when it holds none
 * @error: return location for a #GError
 *
 * Deletes a stage as the editor's Delete button does once the user has
 * chosen where its deals go.
 *
 * Returns: %TRUE when the stage was deleted
 */
gboolean
crm_stage_editor_delete_stage (CrmStageEditor  *self,
                               gint64           stage_id,
                               gint64           move_deals_to,
                               GError         **error)
{
  g_return_val_if_fail (CRM_IS_STAGE_EDITOR (self), FALSE);

  if (!crm_store_delete_stage (self->store, stage_id, move_deals_to, error))
    return FALSE;

  rebuild (self);
  return TRUE;
}
