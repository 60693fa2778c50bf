/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <glib/gi18n.h>

#include "crm-call-editor.h"
#include "crm-contact-card.h"
#include "crm-contact-editor.h"
#include "crm-contact-list.h"
#include "crm-deal-editor.h"
#include "crm-money.h"
#include "crm-phone.h"
#include "crm-reminder-editor.h"
#include "crm-store-activities.h"
#include "crm-store-contacts.h"
#include "crm-store-deals.h"
#include "crm-store-fields.h"
#include "crm-time.h"
#include "crm-window.h"

/* The calls list shows this many at first: the newest calls are what a
 * salesperson looks for, and the history below has them all. */
#define CALLS_PAGE     25
/* The history shows this many rows more each time. */
#define HISTORY_PAGE   50
/* A company card lists at most this many of its people. */
#define PEOPLE_MAX     200
#define SNOOZE_MS      (10 * 60 * 1000)
/* Values quoted in history sentences are cut to this many characters. */
#define QUOTE_MAX      120

/**
 * CrmContactCard:
 *
 * Everything about one client on one scrolling page: who they are and who
 * is responsible for them, how to reach them, their deals with the path
 * each took through the funnel, their calls, reminders and documents, and
 * the history of everything that happened.
 *
 * The card reads everything again on crm_contact_card_reload() and builds
 * each section's rows once per reading. It does not listen to the store:
 * the window tells it when to reload.
 */
struct _CrmContactCard
{
  GtkWidget            parent_instance;

  CrmStore            *store;
  gint64               contact_id;
  CrmContact          *contact;

  /* Template children */
  GtkStack            *stack;
  AdwStatusPage       *missing_page;
  GtkScrolledWindow   *scroller;
  AdwAvatar           *avatar;
  GtkLabel            *name_label;
  GtkButton           *key_button;
  GtkLabel            *kind_label;
  GtkButton           *company_button;
  GtkLabel            *company_label;
  GtkLabel            *owner_label;
  GtkLabel            *trash_label;
  GtkFlowBox          *tags_box;
  GtkWidget           *edit_button;
  GtkWidget           *transfer_button;
  GtkWidget           *delete_button;
  GtkWidget           *restore_button;
  AdwPreferencesGroup *people_group;
  GtkListBox          *people_list;
  GtkListBox          *phones_list;
  GtkListBox          *emails_list;
  GtkListBox          *details_list;
  GtkListBox          *reminders_list;
  GtkListBox          *deals_list;
  AdwPreferencesGroup *calls_group;
  GtkListBox          *calls_list;
  GtkButton           *all_calls_button;
  GtkListBox          *documents_list;
  GtkListBox          *timeline_list;
  GtkButton           *more_button;

  /* What the last reading found. */
  GPtrArray           *deals;           /* CrmDeal, newest first */
  GPtrArray           *activities;      /* CrmActivity, newest first */
  GPtrArray           *attachments;     /* CrmAttachmentInfo */
  GPtrArray           *reminders;       /* CrmReminder, done ones too */
  GPtrArray           *timeline;        /* TimelineItem, newest first */
  GHashTable          *stage_colors;    /* stage id → colour text */
  GHashTable          *deal_rows;       /* deal id → AdwExpanderRow */
  GHashTable          *call_rows;       /* activity id → its row */
  char                *calls_signature; /* what the call rows show */

  /* What the user opened, kept across reloads of the same client. */
  GHashTable          *expanded_deals;  /* deal ids */
  guint                history_shown;
  gboolean             all_calls;

  /* The recording being played, kept across reloads. */
  gint64               playing_id;
  GtkMediaStream      *player;
  GtkWidget           *player_row;

  gint64               pending_deal_id;
  guint                scroll_tick;
  guint                scroll_tries;
  GWeakRef             focus_target;
  guint                focus_tick;
  guint                focus_tries;
  GtkListBox          *anchor_list;
  int                  anchor_index;
  double               anchor_offset;
  guint                anchor_tick;
  guint                anchor_tries;
  guint                reload_idle;
  guint                due_timeout;
  gboolean             needs_reload;

  GCancellable        *cancellable;
};

G_DEFINE_FINAL_TYPE (CrmContactCard, crm_contact_card, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_CONTACT_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One line of the history: what happened, when and (in the text) who did
 * it. */
typedef struct
{
  gint64      at;
  guint       order;
  const char *icon_name;
  char       *text;
  char       *detail;
} TimelineItem;

static void load            (CrmContactCard *self);
static void fill_path       (CrmContactCard *self,
                             AdwExpanderRow *row);

static void
timeline_item_free (TimelineItem *item)
{
  g_free (item->text);
  g_free (item->detail);
  g_free (item);
}

/* Text helpers */

static const char *
who (const char *user_name)
{
  return user_name != NULL && *user_name != '\0' ? user_name : _("Someone");
}

static gboolean
is_blank (const char *text)
{
  return text == NULL || *text == '\0';
}

/* A value as a history sentence quotes it: on one line and not too long. */
static char *
quote (const char *value)
{
  g_autofree char *flat = NULL;

  if (value == NULL)
    return NULL;

  flat = g_strdup (value);
  g_strdelimit (flat, "\r\n\t", ' ');
  if (g_utf8_strlen (flat, -1) > QUOTE_MAX)
    {
      g_autofree char *head = g_utf8_substring (flat, 0, QUOTE_MAX - 1);

      return g_strconcat (head, "…", NULL);
    }

  return g_steal_pointer (&flat);
}

static char *
format_seconds (gint64 seconds)
{
  gint64 minutes = seconds / 60;

  if (seconds <= 0)
    return NULL;
  if (seconds < 60)
    return g_strdup_printf (C_("duration", "%d s"), (int)seconds);
  if (minutes < 60)
    {
      if (seconds % 60 == 0)
        return g_strdup_printf (C_("duration", "%d min"), (int)minutes);
      return g_strdup_printf (C_("duration", "%d min %d s"), (int)minutes, (int)(seconds % 60));
    }
  if (minutes % 60 == 0)
    return g_strdup_printf (C_("duration", "%d h"), (int)(minutes / 60));
  return g_strdup_printf (C_("duration", "%d h %d min"), (int)(minutes / 60), (int)(minutes % 60));
}

/* How long something lasted, in the largest whole unit. */
static char *
format_span (gint64 ms)
{
  gint64 minutes = ms / (60 * 1000);
  gint64 hours = minutes / 60;
  gint64 days = hours / 24;

  if (minutes < 1)
    return g_strdup (_("less than a minute"));
  if (hours < 1)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute", "%d minutes", minutes),
                            (int)minutes);
  if (days < 1)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour", "%d hours", hours),
                            (int)hours);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days", days), (int)days);
}

/* A "YYYY-MM-DD" date as people read it; the text itself when it is not
 * such a date. */
static char *
format_iso_date (const char *iso,
                 int        *out_years)
{
  g_autoptr(GDateTime) date = NULL;
  g_autoptr(GDateTime) now = NULL;
  int year = 0, month = 0, day = 0;
  char *text;

  if (out_years != NULL)
    *out_years = -1;

  if (iso == NULL || sscanf (iso, "%d-%d-%d", &year, &month, &day) != 3)
    return g_strdup (iso);

  date = g_date_time_new_local (year, month, day, 12, 0, 0);
  if (date == NULL)
    return g_strdup (iso);

  now = g_date_time_new_from_unix_local (crm_time_now_ms () / 1000);
  if (out_years != NULL && now != NULL)
    {
      int years = g_date_time_get_year (now) - year;

      if (g_date_time_get_month (now) < month ||
          (g_date_time_get_month (now) == month && g_date_time_get_day_of_month (now) < day))
        years--;
      *out_years = years;
    }

  /* Translators: a calendar date, in g_date_time_format() syntax. */
  text = g_date_time_format (date, C_("date format", "%-d %B %Y"));

  return text != NULL ? text : g_strdup (iso);
}

static const char *
phone_kind_text (CrmPhoneKind kind)
{
  switch (kind)
    {
    case CRM_PHONE_MOBILE:
      return C_("phone", "Mobile");
    case CRM_PHONE_WORK:
      return C_("phone", "Work");
    case CRM_PHONE_HOME:
      return C_("phone", "Home");
    case CRM_PHONE_OTHER:
    default:
      return C_("phone", "Other");
    }
}

static const char *
email_kind_text (CrmEmailKind kind)
{
  switch (kind)
    {
    case CRM_EMAIL_WORK:
      return C_("e-mail", "Work");
    case CRM_EMAIL_HOME:
      return C_("e-mail", "Home");
    case CRM_EMAIL_OTHER:
    default:
      return C_("e-mail", "Other");
    }
}

static const char *
role_text (CrmRole role)
{
  switch (role)
    {
    case CRM_ROLE_ADMINISTRATOR:
      return _("Administrator");
    case CRM_ROLE_HEAD:
      return _("Head of department");
    case CRM_ROLE_SALES:
      return _("Sales manager");
    case CRM_ROLE_TRAINEE:
    default:
      return _("Trainee");
    }
}

static const char *
activity_icon_name (CrmActivity *activity)
{
  switch (crm_activity_get_kind (activity))
    {
    case CRM_ACTIVITY_CALL:
      return crm_activity_get_direction (activity) == CRM_CALL_INCOMING
             ? "call-incoming-symbolic" : "call-outgoing-symbolic";
    case CRM_ACTIVITY_NOTE:
      return "document-edit-symbolic";
    case CRM_ACTIVITY_MEETING:
      return "system-users-symbolic";
    case CRM_ACTIVITY_TASK:
    default:
      return "object-select-symbolic";
    }
}

static const char *
activity_kind_text (CrmActivity *activity)
{
  switch (crm_activity_get_kind (activity))
    {
    case CRM_ACTIVITY_CALL:
      return crm_activity_get_direction (activity) == CRM_CALL_INCOMING
             ? _("Incoming call") : _("Outgoing call");
    case CRM_ACTIVITY_NOTE:
      return _("Note");
    case CRM_ACTIVITY_MEETING:
      return _("Meeting");
    case CRM_ACTIVITY_TASK:
    default:
      return _("Task");
    }
}

static const char *
deal_title_by_id (CrmContactCard *self,
                  gint64          deal_id)
{
  for (guint i = 0; self->deals != NULL && i < self->deals->len; i++)
    {
      CrmDeal *deal = g_ptr_array_index (self->deals, i);

      if (crm_deal_get_id (deal) == deal_id)
        return crm_deal_get_title (deal);
    }

  return NULL;
}

/* "Outgoing call · 4 min 12 s · Interested" */
static char *
activity_title (CrmActivity *activity)
{
  g_autofree char *duration = format_seconds (crm_activity_get_duration (activity));
  GString *title = g_string_new (activity_kind_text (activity));

  if (duration != NULL)
    g_string_append_printf (title, " · %s", duration);
  if (!is_blank (crm_activity_get_outcome (activity)))
    g_string_append_printf (title, " · %s", crm_activity_get_outcome (activity));

  return g_string_free (title, FALSE);
}

/* "27 Nov 14:30 · Anna Bērziņa · Deal “Website”" */
static char *
activity_subtitle (CrmContactCard *self,
                   CrmActivity    *activity,
                   gboolean        with_deal)
{
  g_autofree char *when = crm_time_format_short (crm_activity_get_started_at (activity));
  GString *text = g_string_new (when);
  const char *deal_title;

  if (!is_blank (crm_activity_get_user_name (activity)))
    g_string_append_printf (text, " · %s", crm_activity_get_user_name (activity));

  deal_title = with_deal ? deal_title_by_id (self, crm_activity_get_deal_id (activity)) : NULL;
  if (deal_title != NULL)
    {
      g_string_append (text, " · ");
      g_string_append_printf (text, _("Deal “%s”"), deal_title);
    }

  return g_string_free (text, FALSE);
}

/* Widget helpers */

static void
list_box_clear (GtkListBox *list)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
}

/* The line a section shows when it has nothing, or what went wrong while
 * reading it. */
static void
set_placeholder (GtkListBox *list,
                 const char *text,
                 gboolean    is_error)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_top (label, 15);
  gtk_widget_set_margin_bottom (label, 15);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_add_css_class (label, is_error ? "error" : "dim-label");
  gtk_list_box_set_placeholder (list, label);
}

static void
set_row_accessible (GtkWidget  *row,
                    const char *label,
                    const char *description)
{
  if (description != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                    -1);
  else
    gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                    -1);
}

static GtkWidget *
row_label_new (const char *text,
               const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

/* A row that looks like an AdwActionRow: the same boxes with the same
 * style classes, so the theme draws it the same way. An AdwActionRow is
 * built from a template, which costs ten times as much, and a card may
 * build hundreds of rows at each reload. Text is never read as markup,
 * since it is what people typed. */
static GtkWidget *
action_row_new (const char *title,
                const char *subtitle)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *title_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *title_label = row_label_new (title != NULL ? title : "", "title");

  gtk_widget_add_css_class (header, "header");
  gtk_widget_add_css_class (title_box, "title");
  gtk_widget_set_valign (title_box, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (title_box, TRUE);
  gtk_box_append (GTK_BOX (title_box), title_label);
  if (!is_blank (subtitle))
    gtk_box_append (GTK_BOX (title_box), row_label_new (subtitle, "subtitle"));
  gtk_box_append (GTK_BOX (header), title_box);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), header);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  g_object_set_data (G_OBJECT (row), "title-box", title_box);
  set_row_accessible (row, title != NULL ? title : "", is_blank (subtitle) ? NULL : subtitle);

  return row;
}

static void
row_add_prefix (GtkWidget *row,
                GtkWidget *widget)
{
  GtkWidget *title_box = g_object_get_data (G_OBJECT (row), "title-box");

  gtk_widget_set_margin_end (widget, 6);
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (title_box)), widget,
                              gtk_widget_get_prev_sibling (title_box));
}

static void
row_add_suffix (GtkWidget *row,
                GtkWidget *widget)
{
  GtkWidget *title_box = g_object_get_data (G_OBJECT (row), "title-box");

  gtk_box_append (GTK_BOX (gtk_widget_get_parent (title_box)), widget);
}

/* More text under the subtitle: what was said is read, not skimmed, so it
 * is not dimmed like the subtitle. */
static void
row_append_below (GtkWidget *row,
                  GtkWidget *widget)
{
  GtkWidget *title_box = g_object_get_data (G_OBJECT (row), "title-box");

  gtk_box_append (GTK_BOX (title_box), widget);
}

static void
row_add_body (GtkWidget  *row,
              const char *text,
              const char *css_class)
{
  GtkWidget *label = row_label_new (text, css_class);

  gtk_widget_set_margin_top (label, 3);
  row_append_below (row, label);
}

/* The key points of a call and its tags, under its time and caller. */
static void
add_activity_body (GtkWidget   *row,
                   const char  *title,
                   const char  *subtitle,
                   CrmActivity *activity)
{
  const char *key_points = crm_activity_get_key_points (activity);
  char **tags = crm_activity_get_tag_list (activity);
  g_autofree char *tags_text = NULL;
  g_autofree char *description = NULL;

  if (!is_blank (key_points))
    row_add_body (row, key_points, NULL);

  if (tags != NULL && tags[0] != NULL)
    {
      g_autofree char *joined = g_strjoinv (", ", tags);

      tags_text = g_strdup_printf (_("Tags: %s"), joined);
      row_add_body (row, tags_text, "subtitle");
    }

  description = g_strjoin ("\n", subtitle,
                           !is_blank (key_points) ? key_points : "",
                           tags_text != NULL ? tags_text : "",
                           NULL);
  set_row_accessible (row, title, g_strstrip (description));
}

static void
row_set_title_selectable (GtkWidget *row)
{
  GtkWidget *title_box = g_object_get_data (G_OBJECT (row), "title-box");

  gtk_label_set_selectable (GTK_LABEL (gtk_widget_get_first_child (title_box)), TRUE);
}

/* Makes a row run an action when clicked or when Enter is pressed on it. */
static void
row_set_action (GtkWidget  *row,
                const char *action_name,
                GVariant   *target)
{
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), action_name);
  if (target != NULL)
    gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row), target);
}

static GtkWidget *
icon_button_new (const char *icon_name,
                 const char *label,
                 const char *action_name,
                 GVariant   *target)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  if (target != NULL)
    gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);

  return button;
}

static GtkWidget *
text_button_new (const char *label,
                 const char *action_name,
                 GVariant   *target)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  if (target != NULL)
    gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);

  return button;
}

static GtkWidget *
prefix_icon_new (const char *icon_name,
                 const char *label)
{
  /* An icon that only decorates the text beside it is hidden from screen
   * readers; one that says something has that as its name. */
  GtkWidget *image = g_object_new (GTK_TYPE_IMAGE,
                                   "icon-name", icon_name,
                                   "accessible-role", label != NULL ? GTK_ACCESSIBLE_ROLE_IMG
                                                                    : GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                   NULL);

  gtk_widget_set_valign (image, GTK_ALIGN_CENTER);
  if (label != NULL)
    {
      gtk_widget_set_tooltip_text (image, label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (image),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
    }

  return image;
}

static void
draw_dot (GtkDrawingArea *area,
          cairo_t        *cr,
          int             width,
          int             height,
          gpointer        user_data)
{
  const GdkRGBA *color = user_data;
  double radius = MIN (width, height) / 2.0;

  gdk_cairo_set_source_rgba (cr, color);
  cairo_arc (cr, width / 2.0, height / 2.0, radius, 0, 2 * G_PI);
  cairo_fill (cr);
}

/* The colour of a stage, as the board shows it. */
static GtkWidget *
color_dot_new (const char *color_text)
{
  GtkWidget *dot = g_object_new (GTK_TYPE_DRAWING_AREA,
                                 "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                 NULL);
  GdkRGBA *color = g_new0 (GdkRGBA, 1);

  if (color_text == NULL || !gdk_rgba_parse (color, color_text))
    *color = (GdkRGBA) { 0.6, 0.6, 0.6, 1.0 };

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (dot), 12);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (dot), 12);
  gtk_widget_set_valign (dot, GTK_ALIGN_CENTER);
  gtk_widget_set_halign (dot, GTK_ALIGN_CENTER);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (dot), draw_dot, color, g_free);

  return dot;
}

static const char *
stage_color (CrmContactCard *self,
             gint64          stage_id)
{
  return self->stage_colors != NULL ? g_hash_table_lookup (self->stage_colors, &stage_id) : NULL;
}

static void
expander_row_add_suffix (AdwExpanderRow *row,
                         GtkWidget      *widget)
{
#if ADW_CHECK_VERSION (1, 4, 0)
  adw_expander_row_add_suffix (row, widget);
#else
  adw_expander_row_add_action (row, widget);
#endif
}

static GtkRevealer *
find_revealer (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkRevealer *revealer = GTK_IS_REVEALER (child) ? GTK_REVEALER (child) : find_revealer (child);

      if (revealer != NULL)
        return revealer;
    }

  return NULL;
}

/* Opens a deal's path again after a reload without the sliding animation,
 * which would move everything below it while the place is being kept. */
static void
expander_row_expand_now (AdwExpanderRow *row)
{
  GtkRevealer *revealer = find_revealer (GTK_WIDGET (row));
  GtkRevealerTransitionType transition = GTK_REVEALER_TRANSITION_TYPE_NONE;

  if (revealer != NULL)
    {
      transition = gtk_revealer_get_transition_type (revealer);
      gtk_revealer_set_transition_type (revealer, GTK_REVEALER_TRANSITION_TYPE_NONE);
    }

  adw_expander_row_set_expanded (row, TRUE);

  if (revealer != NULL)
    gtk_revealer_set_transition_type (revealer, transition);
}

static GtkWindow *
parent_window (CrmContactCard *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* Toast titles are markup; what is shown here is plain text. */
static void
show_message (CrmContactCard *self,
              const char     *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  crm_window_toast (GTK_WIDGET (self), adw_toast_new (escaped));
}

/* Sections */

static void
fill_header (CrmContactCard *self)
{
  CrmContact *contact = self->contact;
  const char *name = crm_contact_get_name (contact);
  gboolean is_company = crm_contact_get_kind (contact) == CRM_CONTACT_COMPANY;
  gboolean in_trash = crm_contact_get_deleted_at (contact) != 0;
  gboolean is_key = crm_contact_get_is_key (contact);
  gint64 company_id = crm_contact_get_company_id (contact);
  char **tags = crm_contact_get_tag_list (contact);
  GtkWidget *child;
  g_autofree char *owner = NULL;

  gtk_label_set_text (self->name_label, name);
  adw_avatar_set_text (self->avatar, name);
  adw_avatar_set_icon_name (self->avatar, is_company ? "clientele-company-symbolic" : NULL);
  adw_avatar_set_show_initials (self->avatar, !is_company);

  /* The star both shows and toggles the key client mark. */
  gtk_button_set_icon_name (self->key_button, is_key ? "starred-symbolic" : "non-starred-symbolic");
  if (is_key)
    gtk_widget_add_css_class (GTK_WIDGET (self->key_button), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->key_button), "warning");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->key_button),
                               is_key ? _("Key client — click to remove the mark")
                                      : _("Mark as a key client"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->key_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  is_key ? _("Key client") : _("Mark as a key client"),
                                  -1);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->key_button),
                               GTK_ACCESSIBLE_STATE_PRESSED, is_key,
                               -1);

  if (is_company)
    {
      gtk_label_set_text (self->kind_label, _("Company"));
      gtk_widget_set_visible (GTK_WIDGET (self->company_button), FALSE);
    }
  else if (company_id != 0 && !is_blank (crm_contact_get_company_name (contact)))
    {
      g_autofree char *tooltip = g_strdup_printf (_("Open the card of %s"),
                                                  crm_contact_get_company_name (contact));

      /* Translators: "Person at" is followed by a link to the company. */
      gtk_label_set_text (self->kind_label, _("Person at"));
      gtk_label_set_text (self->company_label, crm_contact_get_company_name (contact));
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->company_button), "x", company_id);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->company_button), "win.open-contact");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->company_button), tooltip);
      gtk_widget_set_visible (GTK_WIDGET (self->company_button), TRUE);
    }
  else
    {
      gtk_label_set_text (self->kind_label, _("Person"));
      gtk_widget_set_visible (GTK_WIDGET (self->company_button), FALSE);
    }

  if (!is_blank (crm_contact_get_owner_name (contact)))
    owner = g_strdup_printf (_("Responsible: %s"), crm_contact_get_owner_name (contact));
  else
    owner = g_strdup (_("No one is responsible for this client"));
  gtk_label_set_text (self->owner_label, owner);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tags_box))) != NULL)
    gtk_flow_box_remove (self->tags_box, child);
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      GtkWidget *pill = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      GtkWidget *label = gtk_label_new (tags[i]);

      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 30);
      gtk_widget_set_margin_start (label, 8);
      gtk_widget_set_margin_end (label, 8);
      gtk_widget_set_margin_top (label, 2);
      gtk_widget_set_margin_bottom (label, 2);
      gtk_widget_add_css_class (label, "caption");
      gtk_box_append (GTK_BOX (pill), label);
      gtk_widget_add_css_class (pill, "card");
      gtk_widget_set_halign (pill, GTK_ALIGN_START);
      /* Tags are read, not chosen: the box is kept out of the Tab order
       * (can-focus in the template), and its children too. */
      gtk_flow_box_append (self->tags_box, pill);
      gtk_widget_set_focusable (gtk_widget_get_parent (pill), FALSE);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->tags_box), tags != NULL && tags[0] != NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->trash_label), in_trash);
  gtk_widget_set_visible (self->restore_button, in_trash);
  gtk_widget_set_visible (self->edit_button, !in_trash);
  gtk_widget_set_visible (self->transfer_button, !in_trash);
  gtk_widget_set_visible (self->delete_button, !in_trash);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.edit", !in_trash);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.transfer", !in_trash);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.delete", !in_trash);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.restore", in_trash);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.toggle-key", !in_trash);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.new-deal", !in_trash);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.attach", !in_trash);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.log-call", !in_trash);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.set-reminder", !in_trash);
}

static void
fill_people (CrmContactCard *self)
{
  g_autoptr(CrmContactList) list = NULL;
  CrmContactFilter filter;
  guint n_items;

  list_box_clear (self->people_list);
  gtk_widget_set_visible (GTK_WIDGET (self->people_group),
                          crm_contact_get_kind (self->contact) == CRM_CONTACT_COMPANY);
  if (crm_contact_get_kind (self->contact) != CRM_CONTACT_COMPANY)
    return;

  list = crm_contact_list_new (self->store);
  crm_contact_filter_init (&filter);
  filter.kind = (CrmContactKind)-1;
  filter.company_id = self->contact_id;
  crm_contact_list_set_filter (list, &filter);
  crm_contact_filter_clear (&filter);

  n_items = g_list_model_get_n_items (G_LIST_MODEL (list));
  for (guint i = 0; i < n_items && i < PEOPLE_MAX; i++)
    {
      g_autoptr(CrmContact) person = g_list_model_get_item (G_LIST_MODEL (list), i);
      const char *phone = crm_contact_get_primary_phone (person);
      const char *email = crm_contact_get_primary_email (person);
      g_autofree char *subtitle = NULL;
      GtkWidget *row;

      if (!is_blank (phone) && !is_blank (email))
        subtitle = g_strdup_printf ("%s · %s", phone, email);
      else
        subtitle = g_strdup (!is_blank (phone) ? phone : email);

      row = action_row_new (crm_contact_get_name (person), subtitle);
      row_add_suffix (row, prefix_icon_new ("go-next-symbolic", NULL));
      row_set_action (row, "win.open-contact", g_variant_new_int64 (crm_contact_get_id (person)));
      gtk_list_box_append (self->people_list, row);
    }

  if (n_items > PEOPLE_MAX)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "and %u more person",
                                                            "and %u more people",
                                                            n_items - PEOPLE_MAX),
                                               n_items - PEOPLE_MAX);

      gtk_list_box_append (self->people_list, action_row_new (more, NULL));
    }
}

static char *
tel_uri (const CrmPhone *phone)
{
  g_autofree char *digits = NULL;

  if (phone->e164 != NULL)
    digits = g_strconcat ("+", phone->e164, NULL);
  else
    digits = crm_phone_digits_only (phone->raw);

  if (digits == NULL)
    return NULL;
  if (!is_blank (phone->extension))
    return g_strdup_printf ("tel:%s;ext=%s", digits, phone->extension);
  return g_strconcat ("tel:", digits, NULL);
}

static void
fill_phones (CrmContactCard *self)
{
  GPtrArray *phones = crm_contact_get_phones (self->contact);

  list_box_clear (self->phones_list);

  for (guint i = 0; i < phones->len; i++)
    {
      const CrmPhone *phone = g_ptr_array_index (phones, i);
      g_autofree char *formatted = phone->e164 != NULL ? crm_phone_format (phone->e164)
                                                       : g_strdup (phone->raw);
      g_autofree char *number = NULL;
      g_autofree char *uri = tel_uri (phone);
      g_autofree char *copy_label = NULL;
      GtkWidget *row;

      if (!is_blank (phone->extension))
        number = g_strdup_printf (_("%s ext. %s"), formatted, phone->extension);
      else
        number = g_strdup (formatted);

      row = action_row_new (number, phone_kind_text (phone->kind));
      row_add_prefix (row, prefix_icon_new (phone->kind == CRM_PHONE_MOBILE ? "phone-symbolic"
                                                                            : "phone-old-symbolic",
                                            NULL));
      copy_label = g_strdup_printf (_("Copy %s"), number);
      row_add_suffix (row,
                      icon_button_new ("edit-copy-symbolic", copy_label,
                                       "card.copy", g_variant_new_string (number)));
      if (uri != NULL)
        {
          g_autofree char *call_label = g_strdup_printf (_("Call %s"), number);

          row_add_suffix (row,
                          icon_button_new ("call-start-symbolic", call_label,
                                           "card.call", g_variant_new_string (uri)));
        }
      gtk_widget_set_tooltip_text (row, _("Click to copy the number"));
      row_set_action (row, "card.copy", g_variant_new_string (number));
      gtk_list_box_append (self->phones_list, row);
    }
}

static void
fill_emails (CrmContactCard *self)
{
  GPtrArray *emails = crm_contact_get_emails (self->contact);

  list_box_clear (self->emails_list);

  for (guint i = 0; i < emails->len; i++)
    {
      const CrmEmail *email = g_ptr_array_index (emails, i);
      g_autofree char *uri = g_strconcat ("mailto:", email->address, NULL);
      g_autofree char *copy_label = g_strdup_printf (_("Copy %s"), email->address);
      g_autofree char *write_label = g_strdup_printf (_("Write to %s"), email->address);
      GtkWidget *row = action_row_new (email->address, email_kind_text (email->kind));

      row_add_prefix (row, prefix_icon_new ("mail-unread-symbolic", NULL));
      row_add_suffix (row,
                      icon_button_new ("edit-copy-symbolic", copy_label,
                                       "card.copy", g_variant_new_string (email->address)));
      row_add_suffix (row,
                      icon_button_new ("mail-send-symbolic", write_label,
                                       "card.mail", g_variant_new_string (uri)));
      gtk_widget_set_tooltip_text (row, _("Click to write an e-mail"));
          row_set_action (row, "card.mail", g_variant_new_string (uri));
          gtk_list_box_append (self->emails_list, row);
        }
}

static void
add_detail (CrmContactCard *self,
            const char     *label,
            const char     *value,
            gboolean        selectable)
{
  GtkWidget *row = action_row_new (value, label);

  /* Details read as "label: value"; the value is what people look for. */
  if (selectable)
    row_set_title_selectable (row);
  set_row_accessible (row, label, value);
  gtk_list_box_append (self->details_list, row);
}

/* The details the business defined (Preferences → Client details) that
 * this client has, in their order. */
static void
fill_custom_details (CrmContactCard *self)
{
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(GError) error = NULL;

  fields = crm_store_list_custom_fields (self->store, CRM_ENTITY_CONTACT, &error);
  if (fields != NULL)
    values = crm_store_get_custom_values (self->store, self->contact_id, &error);
  if (values == NULL)
    {
      add_detail (self, _("Client details could not be read"), error->message, FALSE);
      return;
    }

  for (guint i = 0; i < fields->len; i++)
    {
      const CrmCustomField *field = g_ptr_array_index (fields, i);
      const char *value = g_hash_table_lookup (values, &field->id);

      if (!is_blank (value))
        add_detail (self, field->name, value, TRUE);
    }
}

static void
fill_details (CrmContactCard *self,
              const char     *created_by)
{
  CrmContact *contact = self->contact;
  g_autofree char *created = crm_time_format_short (crm_contact_get_created_at (contact));
  g_autofree char *updated = crm_time_format_short (crm_contact_get_updated_at (contact));

  list_box_clear (self->details_list);

  if (!is_blank (crm_contact_get_source (contact)))
    add_detail (self, _("Source"), crm_contact_get_source (contact), FALSE);

  if (!is_blank (crm_contact_get_birthday (contact)))
    {
      int years = -1;
      g_autofree char *date = format_iso_date (crm_contact_get_birthday (contact), &years);
      g_autofree char *text = NULL;

      if (years >= 0)
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%d year old)", "%s (%d years old)", years),
                                date, years);
      else
        text = g_strdup (date);
      add_detail (self, _("Birthday"), text, FALSE);
    }

  fill_custom_details (self);

  if (!is_blank (crm_contact_get_notes (contact)))
    add_detail (self, _("Notes"), crm_contact_get_notes (contact), TRUE);

  if (created_by != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("%s by %s"), created, created_by);

      add_detail (self, _("Added"), text, FALSE);
    }
  else
    add_detail (self, _("Added"), created, FALSE);

  if (crm_contact_get_updated_at (contact) > crm_contact_get_created_at (contact))
    add_detail (self, _("Last changed"), updated, FALSE);
}

static void
deal_expanded_cb (AdwExpanderRow *row,
                  GParamSpec     *pspec,
                  CrmContactCard *self)
{
  CrmDeal *deal = g_object_get_data (G_OBJECT (row), "deal");
  gint64 deal_id = crm_deal_get_id (deal);

  if (adw_expander_row_get_expanded (row))
    {
      g_hash_table_add (self->expanded_deals, g_memdup2 (&deal_id, sizeof deal_id));
      fill_path (self, row);
    }
  else
    g_hash_table_remove (self->expanded_deals, &deal_id);
}

static char *
deal_subtitle (CrmDeal *deal)
{
  g_autofree char *amount = crm_money_format (crm_deal_get_amount (deal), crm_deal_get_currency (deal));
  GString *text = g_string_new (crm_deal_get_stage_name (deal));

  if (amount != NULL)
    g_string_append_printf (text, " · %s", amount);

  if (!is_blank (crm_deal_get_expected_close (deal)) && crm_deal_get_stage_kind (deal) == CRM_STAGE_OPEN)
    {
      g_autofree char *date = format_iso_date (crm_deal_get_expected_close (deal), NULL);

      g_string_append (text, " · ");
      g_string_append_printf (text, _("closes %s"), date);
    }

  if (crm_deal_get_stage_kind (deal) == CRM_STAGE_LOST && !is_blank (crm_deal_get_lost_reason (deal)))
    {
      g_string_append_c (text, '\n');
      g_string_append_printf (text, _("Lost because: %s"), crm_deal_get_lost_reason (deal));
    }

  if (!is_blank (crm_deal_get_owner_name (deal)))
    {
      g_string_append_c (text, '\n');
      g_string_append_printf (text, _("Responsible: %s"), crm_deal_get_owner_name (deal));
    }

  return g_string_free (text, FALSE);
}

static void
fill_deals (CrmContactCard *self,
            const GError   *error)
{
  GtkListBoxRow *selected = gtk_list_box_get_selected_row (self->deals_list);
  CrmDeal *selected_deal = selected != NULL ? g_object_get_data (G_OBJECT (selected), "deal") : NULL;
  gint64 selected_id = selected_deal != NULL ? crm_deal_get_id (selected_deal) : 0;

  list_box_clear (self->deals_list);
  g_hash_table_remove_all (self->deal_rows);

  if (self->deals == NULL)
    {
      set_placeholder (self->deals_list,
                       error != NULL ? error->message : _("The deals could not be read"), TRUE);
      return;
    }
  set_placeholder (self->deals_list, _("No deals yet"), FALSE);

  for (guint i = 0; i < self->deals->len; i++)
    {
      CrmDeal *deal = g_ptr_array_index (self->deals, i);
      gint64 deal_id = crm_deal_get_id (deal);
      g_autofree char *subtitle = deal_subtitle (deal);
      g_autofree char *edit_label = g_strdup_printf (_("Edit the deal “%s”"), crm_deal_get_title (deal));
      GtkWidget *row = adw_expander_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), crm_deal_get_title (deal));
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
      set_row_accessible (row, crm_deal_get_title (deal), subtitle);
      adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row),
                                   color_dot_new (stage_color (self, crm_deal_get_stage_id (deal))));
      expander_row_add_suffix (ADW_EXPANDER_ROW (row),
                               icon_button_new ("document-edit-symbolic", edit_label,
                                                "card.edit-deal", g_variant_new_int64 (deal_id)));
      g_object_set_data_full (G_OBJECT (row), "deal", g_object_ref (deal), g_object_unref);

      gtk_list_box_append (self->deals_list, row);
      g_hash_table_insert (self->deal_rows, g_memdup2 (&deal_id, sizeof deal_id), row);

      if (g_hash_table_contains (self->expanded_deals, &deal_id))
        {
          fill_path (self, ADW_EXPANDER_ROW (row));
          expander_row_expand_now (ADW_EXPANDER_ROW (row));
        }
      g_signal_connect_object (row, "notify::expanded", G_CALLBACK (deal_expanded_cb), self, 0);

      /* The deal the window asked to show stays marked. */
      if (deal_id == selected_id)
        gtk_list_box_select_row (self->deals_list, GTK_LIST_BOX_ROW (row));
    }
}

/* A call belongs to a stage of a deal when it was logged for that deal, or
 * for the client without a deal, while the deal stood in that stage. */
static gboolean
activity_in_stage (CrmActivity        *activity,
                   gint64              deal_id,
                   const CrmStageMove *move)
{
  gint64 at = crm_activity_get_started_at (activity);
  gint64 activity_deal = crm_activity_get_deal_id (activity);

  if (activity_deal != deal_id && activity_deal != 0)
    return FALSE;

  return at >= move->at && (move->left_at == 0 || at < move->left_at);
}

/* The funnel a deal went through: each stage with the time spent in it,
 * who moved the deal there and what was said to the client meanwhile. */
static void
fill_path (CrmContactCard *self,
           AdwExpanderRow *expander)
{
  CrmDeal *deal = g_object_get_data (G_OBJECT (expander), "deal");
  gint64 deal_id = crm_deal_get_id (deal);
  g_autoptr(GPtrArray) moves = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = crm_time_now_ms ();

  if (g_object_get_data (G_OBJECT (expander), "path-filled") != NULL)
    return;
  g_object_set_data (G_OBJECT (expander), "path-filled", GINT_TO_POINTER (TRUE));

  moves = crm_store_list_stage_moves (self->store, deal_id, &error);
  if (moves == NULL)
    {
      GtkWidget *row = action_row_new (_("The path through the funnel could not be read"), error->message);

      adw_expander_row_add_row (expander, row);
      return;
    }

  if (moves->len == 0)
    {
      adw_expander_row_add_row (expander,
                                action_row_new (_("No stage changes are recorded for this deal"), NULL));
      return;
    }

  for (guint i = 0; i < moves->len; i++)
    {
      const CrmStageMove *move = g_ptr_array_index (moves, i);
      g_autofree char *span = format_span ((move->left_at != 0 ? move->left_at : now) - move->at);
      g_autofree char *since = crm_time_format_short (move->at);
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *calls_line = NULL;
      guint n_calls = 0;
      GtkWidget *row;

      if (move->left_at != 0)
        {
          g_autofree char *until = crm_time_format_short (move->left_at);

          /* Translators: a stage of a deal, the time spent in it, and when
           * it began and ended. */
          title = g_strdup_printf (_("%s — %s (%s – %s)"), move->to_stage_name, span, since, until);
        }
      else if (crm_deal_get_stage_kind (deal) != CRM_STAGE_OPEN)
        title = g_strdup_printf (_("%s — since %s"), move->to_stage_name, since);
      else
        title = g_strdup_printf (_("%s — %s so far (since %s)"), move->to_stage_name, span, since);

      for (guint j = 0; self->activities != NULL && j < self->activities->len; j++)
        {
          if (activity_in_stage (g_ptr_array_index (self->activities, j), deal_id, move))
            n_calls++;
        }

      if (n_calls == 0)
        calls_line = g_strdup (_("Nothing was logged at this stage"));
      else
        calls_line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%u call or note at this stage:",
                                                   "%u calls or notes at this stage:",
                                                   n_calls),
                                      n_calls);

      if (i == 0 || move->from_stage_name == NULL)
        subtitle = g_strdup_printf (_("Created by %s\n%s"), who (move->user_name), calls_line);
      else
        subtitle = g_strdup_printf (_("Moved here from %s by %s\n%s"),
                                    move->from_stage_name, who (move->user_name), calls_line);

      row = action_row_new (title, subtitle);
      row_add_prefix (row,
                      color_dot_new (stage_color (self, move->to_stage_id)));
      adw_expander_row_add_row (expander, row);

      /* The calls of a stage, oldest first, as they happened. */
      for (guint j = self->activities != NULL ? self->activities->len : 0; j > 0; j--)
        {
          CrmActivity *activity = g_ptr_array_index (self->activities, j - 1);
          g_autofree char *call_title = NULL;
          g_autofree char *call_subtitle = NULL;
          GtkWidget *call_row;
          GtkWidget *spacer;

          if (!activity_in_stage (activity, deal_id, move))
            continue;

          call_title = activity_title (activity);
          call_subtitle = activity_subtitle (self, activity, FALSE);
          call_row = action_row_new (call_title, call_subtitle);
          add_activity_body (call_row, call_title, call_subtitle, activity);
          /* Indented under its stage. */
          spacer = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
          gtk_widget_set_size_request (spacer, 12, -1);
          row_add_prefix (call_row, spacer);
          row_add_prefix (call_row,
                          prefix_icon_new (activity_icon_name (activity),
                                           activity_kind_text (activity)));
          adw_expander_row_add_row (expander, call_row);
        }
    }
}

static GtkWidget *
player_row_new (CrmContactCard *self)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *controls = gtk_media_controls_new (self->player);

  gtk_widget_set_margin_top (controls, 6);
  gtk_widget_set_margin_bottom (controls, 6);
  gtk_widget_set_margin_start (controls, 12);
  gtk_widget_set_margin_end (controls, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), controls);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Recording"),
                                  -1);

  return row;
}

static void
set_play_button (GtkWidget *call_row,
                 gboolean   playing)
{
  GtkWidget *button = g_object_get_data (G_OBJECT (call_row), "play-button");
  const char *label = playing ? _("Stop the recording") : _("Play the recording");

  if (button == NULL)
    return;

  gtk_button_set_icon_name (GTK_BUTTON (button),
                            playing ? "media-playback-stop-symbolic" : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
append_call_row (CrmContactCard *self,
                 CrmActivity    *activity)
{
  gint64 id = crm_activity_get_id (activity);
  g_autofree char *title = activity_title (activity);
  g_autofree char *subtitle = activity_subtitle (self, activity, TRUE);
  GtkWidget *row = action_row_new (title, subtitle);

  add_activity_body (row, title, subtitle, activity);
  row_add_prefix (row,
                  prefix_icon_new (activity_icon_name (activity),
                                   activity_kind_text (activity)));

  if (crm_activity_get_recording_id (activity) != 0)
    {
      GtkWidget *button = icon_button_new ("media-playback-start-symbolic", _("Play the recording"),
                                           "card.play-recording", g_variant_new_int64 (id));

      row_add_suffix (row, button);
      g_object_set_data (G_OBJECT (row), "play-button", button);
    }

  gtk_list_box_append (self->calls_list, row);
  g_hash_table_insert (self->call_rows, g_memdup2 (&id, sizeof id), row);

  if (id == self->playing_id && self->player != NULL)
    {
      self->player_row = player_row_new (self);
      gtk_list_box_append (self->calls_list, self->player_row);
      set_play_button (row, TRUE);
    }
}

static void
update_all_calls_button (CrmContactCard *self,
                         guint           shown)
{
  guint total = self->activities != NULL ? self->activities->len : 0;

  if (shown < total)
    {
      g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "Show _All %u Entry",
                                                             "Show _All %u Entries",
                                                             total),
                                                total);

      gtk_button_set_label (self->all_calls_button, label);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->all_calls_button), shown < total);
}

/* Sums up what the first @shown call rows show, so that a reload that
 * changed no call keeps the rows it has: a client's calls change less
 * often than the rest of the card, and they are most of its rows. */
static char *
calls_signature (CrmContactCard *self,
                 guint           shown)
{
  GString *signature = g_string_new (NULL);

  /* Times read "14:30" today and "27 Nov" later on. */
  g_string_append_printf (signature, "%" G_GINT64_FORMAT "|%u|",
                          crm_time_start_of_day (crm_time_now_ms ()), self->activities->len);

  for (guint i = 0; i < shown; i++)
    {
      CrmActivity *activity = g_ptr_array_index (self->activities, i);
      const char *deal_title = deal_title_by_id (self, crm_activity_get_deal_id (activity));

      g_string_append_printf (signature, "%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT ":%s:%s|",
                              crm_activity_get_id (activity),
                              crm_activity_get_updated_at (activity),
                              crm_activity_get_user_name (activity) != NULL ? crm_activity_get_user_name (activity) : "",
                              deal_title != NULL ? deal_title : "");
    }

  return g_string_free (signature, FALSE);
}

static void
fill_calls (CrmContactCard *self,
            const GError   *error)
{
  g_autofree char *signature = NULL;
  guint shown;

  if (self->activities != NULL)
    {
      shown = self->all_calls ? self->activities->len : MIN (self->activities->len, CALLS_PAGE);
      signature = calls_signature (self, shown);
      if (g_strcmp0 (signature, self->calls_signature) == 0)
        return;
    }

  list_box_clear (self->calls_list);
  g_hash_table_remove_all (self->call_rows);
  self->player_row = NULL;
  g_clear_pointer (&self->calls_signature, g_free);

  if (self->activities == NULL)
    {
      set_placeholder (self->calls_list,
                       error != NULL ? error->message : _("The calls could not be read"), TRUE);
      adw_preferences_group_set_description (self->calls_group, NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->all_calls_button), FALSE);
      return;
    }
  set_placeholder (self->calls_list, _("No calls yet"), FALSE);

  for (guint i = 0; i < shown; i++)
    append_call_row (self, g_ptr_array_index (self->activities, i));
  self->calls_signature = g_steal_pointer (&signature);

  if (self->activities->len > 0)
    {
      g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%u call, note or meeting, newest first",
                                                             "%u calls, notes and meetings, newest first",
                                                             self->activities->len),
                                                self->activities->len);

      adw_preferences_group_set_description (self->calls_group, count);
    }
  else
    adw_preferences_group_set_description (self->calls_group, NULL);

  update_all_calls_button (self, shown);

  /* The recording's call is no longer listed: stop playing it. */
  if (self->player != NULL && self->player_row == NULL)
    {
      gtk_media_stream_pause (self->player);
      g_clear_object (&self->player);
      self->playing_id = 0;
    }
}

static gboolean
reminder_due_cb (gpointer user_data)
{
  CrmContactCard *self = user_data;

  self->due_timeout = 0;
  crm_contact_card_reload (self);

  return G_SOURCE_REMOVE;
}

/* The reminders about the client or one of the client's deals, done ones
 * too (the history shows them), by effective due time. */
static GPtrArray *
read_reminders (CrmContactCard  *self,
                GError         **error)
{
  g_autoptr(GPtrArray) all = crm_store_list_reminders (self->store, 0, TRUE, error);
  g_autoptr(GHashTable) deal_ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GPtrArray *reminders;

  if (all == NULL)
    return NULL;

  for (guint i = 0; self->deals != NULL && i < self->deals->len; i++)
    {
      gint64 deal_id = crm_deal_get_id (g_ptr_array_index (self->deals, i));

      g_hash_table_add (deal_ids, g_memdup2 (&deal_id, sizeof deal_id));
    }

  reminders = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < all->len; i++)
    {
      CrmReminder *reminder = g_ptr_array_index (all, i);
      gint64 deal_id = crm_reminder_get_deal_id (reminder);

      if (crm_reminder_get_contact_id (reminder) == self->contact_id ||
          (deal_id != 0 && g_hash_table_contains (deal_ids, &deal_id)))
        g_ptr_array_add (reminders, g_object_ref (reminder));
    }

  return reminders;
}

static void
fill_reminders (CrmContactCard *self,
                const GError   *error)
{
  gint64 now = crm_time_now_ms ();
  gint64 next_due = 0;

  list_box_clear (self->reminders_list);
  g_clear_handle_id (&self->due_timeout, g_source_remove);

  if (self->reminders == NULL)
    {
      set_placeholder (self->reminders_list,
                       error != NULL ? error->message : _("The reminders could not be read"), TRUE);
      return;
    }
  set_placeholder (self->reminders_list, _("No pending reminders"), FALSE);

  for (guint i = 0; i < self->reminders->len; i++)
    {
      CrmReminder *reminder = g_ptr_array_index (self->reminders, i);
      gint64 id = crm_reminder_get_id (reminder);
      gint64 due = crm_reminder_get_effective_due (reminder);
      gboolean overdue = due <= now;
      g_autofree char *when = crm_time_format_short (due);
      const char *note = crm_reminder_get_note (reminder);
      GString *subtitle;
      GtkWidget *row;
      GtkWidget *icon;
      GtkWidget *buttons;

      if (crm_reminder_get_is_done (reminder))
        continue;

      if (!overdue && (next_due == 0 || due < next_due))
        next_due = due;

      subtitle = g_string_new (NULL);
      if (overdue)
        g_string_append_printf (subtitle, _("Overdue since %s"), when);
      else if (crm_reminder_get_snoozed_until (reminder) != 0)
        g_string_append_printf (subtitle, _("Snoozed until %s"), when);
      else
        g_string_append_printf (subtitle, _("Due %s"), when);
      if (!is_blank (crm_reminder_get_assignee_name (reminder)))
        g_string_append_printf (subtitle, " · %s", crm_reminder_get_assignee_name (reminder));
      if (!is_blank (crm_reminder_get_deal_title (reminder)))
        {
          g_string_append (subtitle, " · ");
          g_string_append_printf (subtitle, _("Deal “%s”"), crm_reminder_get_deal_title (reminder));
        }

      row = action_row_new (!is_blank (note) ? note : _("Reminder"), subtitle->str);
      g_string_free (subtitle, TRUE);

      icon = prefix_icon_new ("alarm-symbolic", overdue ? _("Overdue") : _("Reminder"));
      if (overdue)
        {
          GtkWidget *label = gtk_label_new (_("Overdue"));

          gtk_widget_add_css_class (icon, "error");
          gtk_widget_add_css_class (label, "error");
          gtk_widget_add_css_class (label, "caption-heading");
          gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
          row_add_suffix (row, label);
        }
      row_add_prefix (row, icon);
      /* The buttons go under the text, so that a narrow card leaves the
       * text room. */
      buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      gtk_widget_set_margin_top (buttons, 6);
      gtk_box_append (GTK_BOX (buttons),
                      text_button_new (_("Done"), "card.complete-reminder", g_variant_new_int64 (id)));
      gtk_box_append (GTK_BOX (buttons),
                      text_button_new (_("Snooze 10 min"), "card.snooze-reminder", g_variant_new_int64 (id)));
      row_append_below (row, buttons);
      gtk_list_box_append (self->reminders_list, row);
    }

  /* A reminder that falls due while the card is open turns red then. */
  if (next_due != 0)
    self->due_timeout = g_timeout_add_seconds ((guint)MIN ((next_due - now) / 1000 + 1, 24 * 60 * 60),
                                               reminder_due_cb, self);
}

static void
fill_documents (CrmContactCard *self,
                const GError   *error)
{
  list_box_clear (self->documents_list);

  if (self->attachments == NULL)
    {
      set_placeholder (self->documents_list,
                       error != NULL ? error->message : _("The documents could not be read"), TRUE);
      return;
    }
  set_placeholder (self->documents_list, _("No documents yet"), FALSE);

  for (guint i = 0; i < self->attachments->len; i++)
    {
      const CrmAttachmentInfo *info = g_ptr_array_index (self->attachments, i);
      g_autofree char *size = g_format_size (info->size);
      g_autofree char *when = crm_time_format_short (info->created_at);
      g_autofree char *subtitle = NULL;
      g_autoptr(GIcon) icon = NULL;
      GtkWidget *image;
      GtkWidget *row;

      if (!is_blank (info->created_by_name))
        subtitle = g_strdup_printf ("%s · %s · %s", size, when, info->created_by_name);
      else
        subtitle = g_strdup_printf ("%s · %s", size, when);

      row = action_row_new (info->file_name, subtitle);
      if (info->mime_type != NULL)
        {
          g_autofree char *type = g_content_type_from_mime_type (info->mime_type);

          if (type != NULL)
            icon = g_content_type_get_symbolic_icon (type);
        }
      image = icon != NULL ? gtk_image_new_from_gicon (icon)
                           : gtk_image_new_from_icon_name ("x-office-document-symbolic");
      gtk_widget_set_valign (image, GTK_ALIGN_CENTER);
      row_add_prefix (row, image);
      gtk_widget_set_tooltip_text (row, _("Click to open the document"));
      row_set_action (row, "card.open-document", g_variant_new_int64 (info->id));
      gtk_list_box_append (self->documents_list, row);
    }
}

/* History */

static void
add_item (GPtrArray  *items,
          gint64      at,
          const char *icon_name,
          char       *text,
          char       *detail)
{
  TimelineItem *item = g_new0 (TimelineItem, 1);

  item->at = at;
  item->order = items->len;
  item->icon_name = icon_name;
  item->text = text;
  item->detail = detail;
  g_ptr_array_add (items, item);
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const TimelineItem *item_a = *(const TimelineItem * const *)a;
  const TimelineItem *item_b = *(const TimelineItem * const *)b;

  if (item_a->at != item_b->at)
    return item_a->at > item_b->at ? -1 : 1;

  return item_a->order < item_b->order ? -1 : (item_a->order > item_b->order);
}

static gboolean
is_yes (const char *value)
{
  return g_strcmp0 (value, "Yes") == 0 || g_strcmp0 (value, _("Yes")) == 0;
}

typedef enum
{
  LIST_PHONES,
  LIST_EMAILS,
  LIST_TAGS,
} ListKind;

/* The items of @a that @b does not have, joined for reading. */
static char *
list_minus (char  **a,
            char  **b,
            guint  *out_count)
{
  GString *text = g_string_new (NULL);

  *out_count = 0;
  for (guint i = 0; a != NULL && a[i] != NULL; i++)
    {
      if (*a[i] == '\0' || (b != NULL && g_strv_contains ((const char * const *)b, a[i])))
        continue;
      if (text->len > 0)
        g_string_append (text, ", ");
      g_string_append (text, a[i]);
      (*out_count)++;
    }

  return g_string_free (text, FALSE);
}

/* A change of a list (phones, e-mails, tags) says what was added and what
 * was removed, not the whole lists before and after. */
static char *
list_change_text (ListKind    kind,
                  const char *name,
                  const char *old_value,
                  const char *new_value)
{
  g_auto(GStrv) old_items = g_strsplit (old_value != NULL ? old_value : "", ", ", -1);
  g_auto(GStrv) new_items = g_strsplit (new_value != NULL ? new_value : "", ", ", -1);
  guint n_added, n_removed;
  g_autofree char *added = list_minus (new_items, old_items, &n_added);
  g_autofree char *removed = list_minus (old_items, new_items, &n_removed);
  g_autofree char *added_q = quote (added);
  g_autofree char *removed_q = quote (removed);

  switch (kind)
    {
    case LIST_PHONES:
      if (n_added > 0 && n_removed > 0)
        return g_strdup_printf (_("%s changed the phone numbers: added %s, removed %s"), name, added_q, removed_q);
      if (n_added > 0)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s added the phone number %s",
                                             "%s added the phone numbers %s", n_added), name, added_q);
      if (n_removed > 0)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s removed the phone number %s",
                                             "%s removed the phone numbers %s", n_removed), name, removed_q);
      return g_strdup_printf (_("%s changed the order of the phone numbers"), name);
    case LIST_EMAILS:
      if (n_added > 0 && n_removed > 0)
        return g_strdup_printf (_("%s changed the e-mail addresses: added %s, removed %s"), name, added_q, removed_q);
      if (n_added > 0)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s added the e-mail address %s",
                                             "%s added the e-mail addresses %s", n_added), name, added_q);
      if (n_removed > 0)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s removed the e-mail address %s",
                                             "%s removed the e-mail addresses %s", n_removed), name, removed_q);
      return g_strdup_printf (_("%s changed the order of the e-mail addresses"), name);
    case LIST_TAGS:
    default:
      if (n_added > 0 && n_removed > 0)
        return g_strdup_printf (_("%s changed the tags: added %s, removed %s"), name, added_q, removed_q);
      if (n_added > 0)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s added the tag %s",
                                             "%s added the tags %s", n_added), name, added_q);
      if (n_removed > 0)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s removed the tag %s",
                                             "%s removed the tags %s", n_removed), name, removed_q);
      return g_strdup_printf (_("%s changed the order of the tags"), name);
    }
}

/* A history value that is a "YYYY-MM-DD" date, as people read dates. */
static char *
quote_date (const char *value)
{
  g_autofree char *date = format_iso_date (value, NULL);

  return quote (date);
}

/* One change of the client as a sentence: "Anna changed the phone numbers
 * from … to …". */
static char *
contact_change_text (const CrmHistoryEntry *entry)
{
  const char *field = entry->field != NULL ? entry->field : "";
  const char *name = who (entry->user_name);
  g_autofree char *old_value = quote (entry->old_value);
  g_autofree char *new_value = quote (entry->new_value);

#define CHANGE(set, changed, cleared) \
  (old_value == NULL ? g_strdup_printf (set, name, new_value) \
   : new_value == NULL ? g_strdup_printf (cleared, name, old_value) \
   : g_strdup_printf (changed, name, old_value, new_value))

  if (g_str_equal (field, "created"))
    return g_strdup_printf (_("%s added the client"), name);
  if (g_str_equal (field, "deleted"))
    return new_value != NULL ? g_strdup_printf (_("%s moved the client to the trash"), name)
                             : g_strdup_printf (_("%s restored the client from the trash"), name);
  if (g_str_equal (field, "name"))
    return CHANGE (_("%s named the client “%s”"),
                   _("%s renamed the client from “%s” to “%s”"),
                   _("%s removed the name “%s”"));
  if (g_str_equal (field, "kind"))
    return CHANGE (_("%s made the client a %s"),
                   _("%s changed the client from %s to %s"),
                   _("%s removed the kind %s"));
  if (g_str_equal (field, "company"))
    return CHANGE (_("%s linked the client to the company %s"),
                   _("%s moved the client from the company %s to %s"),
                   _("%s unlinked the client from the company %s"));
  if (g_str_equal (field, "owner"))
    return CHANGE (_("%s made %s responsible for the client"),
                   _("%s handed the client over from %s to %s"),
                   _("%s removed %s as responsible for the client"));
  if (g_str_equal (field, "key"))
    return is_yes (entry->new_value) ? g_strdup_printf (_("%s marked the client as a key client"), name)
                                     : g_strdup_printf (_("%s removed the key client mark"), name);
  if (g_str_equal (field, "source"))
    return CHANGE (_("%s set the source to “%s”"),
                   _("%s changed the source from “%s” to “%s”"),
                   _("%s removed the source “%s”"));
  if (g_str_equal (field, "notes"))
    return CHANGE (_("%s wrote the notes “%s”"),
                   _("%s changed the notes from “%s” to “%s”"),
                   _("%s removed the notes “%s”"));
  if (g_str_equal (field, "birthday"))
    {
      g_free (old_value);
      g_free (new_value);
      old_value = quote_date (entry->old_value);
      new_value = quote_date (entry->new_value);
      return CHANGE (_("%s set the birthday to %s"),
                     _("%s changed the birthday from %s to %s"),
                     _("%s removed the birthday %s"));
    }
  if (g_str_has_prefix (field, "detail:"))
    {
      /* A custom detail; the field keeps the name it had then. */
      const char *detail = field + strlen ("detail:");

      if (old_value == NULL)
        return g_strdup_printf (_("%s set “%s” to “%s”"), name, detail, new_value);
      if (new_value == NULL)
        return g_strdup_printf (_("%s cleared “%s” (was “%s”)"), name, detail, old_value);
      return g_strdup_printf (_("%s changed “%s” from “%s” to “%s”"), name, detail, old_value, new_value);
    }
  if (g_str_equal (field, "tags"))
    return list_change_text (LIST_TAGS, name, entry->old_value, entry->new_value);
  if (g_str_equal (field, "phones"))
    return list_change_text (LIST_PHONES, name, entry->old_value, entry->new_value);
  if (g_str_equal (field, "emails"))
    return list_change_text (LIST_EMAILS, name, entry->old_value, entry->new_value);

  return g_strdup_printf (_("%s changed the client’s %s from “%s” to “%s”"),
                          name, field,
                          old_value != NULL ? old_value : "",
                          new_value != NULL ? new_value : "");
}

/* One change of a deal as a sentence, naming the deal. */
static char *
deal_change_text (const CrmHistoryEntry *entry,
                  const char            *title)
{
  const char *field = entry->field != NULL ? entry->field : "";
  const char *name = who (entry->user_name);
  g_autofree char *old_value = quote (entry->old_value);
  g_autofree char *new_value = quote (entry->new_value);

#define DEAL_CHANGE(set, changed, cleared) \
  (old_value == NULL ? g_strdup_printf (set, name, title, new_value) \
   : new_value == NULL ? g_strdup_printf (cleared, name, title, old_value) \
   : g_strdup_printf (changed, name, title, old_value, new_value))

  if (g_str_equal (field, "created"))
    return g_strdup_printf (_("%s opened the deal “%s”"), name, title);
  if (g_str_equal (field, "deleted"))
    return new_value != NULL ? g_strdup_printf (_("%s moved the deal “%s” to the trash"), name, title)
                             : g_strdup_printf (_("%s restored the deal “%s” from the trash"), name, title);
  if (g_str_equal (field, "stage"))
    return DEAL_CHANGE (_("%s put “%s” in the stage %s"),
                        _("%s moved “%s” from %s to %s"),
                        _("%s took “%s” out of the stage %s"));
  if (g_str_equal (field, "title"))
    return g_strdup_printf (_("%s renamed the deal “%s” to “%s”"),
                            name, old_value != NULL ? old_value : "", new_value != NULL ? new_value : "");
  if (g_str_equal (field, "amount"))
    return DEAL_CHANGE (_("%s set the amount of “%s” to %s"),
                        _("%s changed the amount of “%s” from %s to %s"),
                        _("%1$s removed the amount %3$s of “%2$s”"));
  if (g_str_equal (field, "owner"))
    return DEAL_CHANGE (_("%1$s made %3$s responsible for “%2$s”"),
                        _("%s handed “%s” over from %s to %s"),
                        _("%1$s removed %3$s as responsible for “%2$s”"));
  if (g_str_equal (field, "contact"))
    return DEAL_CHANGE (_("%s gave “%s” to the client %s"),
                        _("%s moved “%s” from the client %s to %s"),
                        _("%s took “%s” away from the client %s"));
  if (g_str_equal (field, "expected_close"))
    {
      g_free (old_value);
      g_free (new_value);
      old_value = quote_date (entry->old_value);
      new_value = quote_date (entry->new_value);
      return DEAL_CHANGE (_("%s expects “%s” to close on %s"),
                          _("%s moved the expected close of “%s” from %s to %s"),
                          _("%1$s removed the expected close %3$s of “%2$s”"));
    }
  if (g_str_equal (field, "tags"))
    {
      g_autofree char *change = list_change_text (LIST_TAGS, name, entry->old_value, entry->new_value);

      /* Translators: a change of a deal's tags, then the deal's title. */
      return g_strdup_printf (_("%s (deal “%s”)"), change, title);
    }
  if (g_str_equal (field, "lost_reason"))
    return DEAL_CHANGE (_("%s wrote why “%s” was lost: %s"),
                        _("%s changed why “%s” was lost from “%s” to “%s”"),
                        _("%s removed why “%s” was lost: %s"));

  return g_strdup_printf (_("%s changed %s of “%s” from “%s” to “%s”"),
                          name, field, title,
                          old_value != NULL ? old_value : "",
                          new_value != NULL ? new_value : "");

#undef CHANGE
#undef DEAL_CHANGE
}

static char *
activity_history_text (CrmActivity *activity)
{
  const char *name = who (crm_activity_get_user_name (activity));

  switch (crm_activity_get_kind (activity))
    {
    case CRM_ACTIVITY_CALL:
      if (crm_activity_get_direction (activity) == CRM_CALL_INCOMING)
        return g_strdup_printf (_("The client called %s"), name);
      return g_strdup_printf (_("%s called the client"), name);
    case CRM_ACTIVITY_NOTE:
      return g_strdup_printf (_("%s wrote a note"), name);
    case CRM_ACTIVITY_MEETING:
      return g_strdup_printf (_("%s met the client"), name);
    case CRM_ACTIVITY_TASK:
    default:
      return g_strdup_printf (_("%s logged a task"), name);
    }
}

static char *
activity_history_detail (CrmContactCard *self,
                         CrmActivity    *activity)
{
  g_autofree char *duration = format_seconds (crm_activity_get_duration (activity));
  g_autofree char *key_points = quote (crm_activity_get_key_points (activity));
  const char *deal_title = deal_title_by_id (self, crm_activity_get_deal_id (activity));
  GString *text = g_string_new (NULL);

  if (!is_blank (crm_activity_get_outcome (activity)))
    g_string_append (text, crm_activity_get_outcome (activity));
  if (duration != NULL)
    g_string_append_printf (text, "%s%s", text->len > 0 ? " · " : "", duration);
  if (deal_title != NULL)
    {
      if (text->len > 0)
        g_string_append (text, " · ");
      g_string_append_printf (text, _("Deal “%s”"), deal_title);
    }
  if (key_points != NULL)
    g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", key_points);

  if (text->len == 0)
    {
      g_string_free (text, TRUE);
      return NULL;
    }

  return g_string_free (text, FALSE);
}

static void
add_reminder_items (CrmContactCard *self,
                    GPtrArray      *items)
{
  for (guint i = 0; self->reminders != NULL && i < self->reminders->len; i++)
    {
      CrmReminder *reminder = g_ptr_array_index (self->reminders, i);
      const char *note = crm_reminder_get_note (reminder);
      g_autoptr(GPtrArray) history = NULL;

      /* The reminder's own history says who set it and who did it. */
      history = crm_store_list_history (self->store, crm_reminder_get_id (reminder), NULL);
      for (guint j = 0; history != NULL && j < history->len; j++)
        {
          const CrmHistoryEntry *entry = g_ptr_array_index (history, j);
          g_autofree char *quoted = quote (!is_blank (note) ? note : NULL);

          if (g_strcmp0 (entry->field, "created") == 0)
            {
              g_autofree char *due = crm_time_format_short (crm_reminder_get_due_at (reminder));

              add_item (items, entry->at, "alarm-symbolic",
                        g_strdup_printf (_("%s set a reminder for %s"), who (entry->user_name), due),
                        g_steal_pointer (&quoted));
            }
          else if (g_strcmp0 (entry->field, "done") == 0 && entry->new_value != NULL)
            add_item (items, entry->at, "object-select-symbolic",
                      g_strdup_printf (_("%s completed a reminder"), who (entry->user_name)),
                      g_steal_pointer (&quoted));
        }
    }
}

/* An icon that tells at a glance what kind of change a history row is. */
static const char *
change_icon_name (const CrmHistoryEntry *entry,
                  gboolean               of_deal)
{
  const char *field = entry->field;
  static const struct
  {
    const char *field;
    const char *icon_name;
  } icons[] = {
    { "deleted", "user-trash-symbolic" },
    { "owner", "system-switch-user-symbolic" },
    { "phones", "phone-symbolic" },
    { "emails", "mail-unread-symbolic" },
    { "key", "starred-symbolic" },
    { "stage", "go-next-symbolic" },
    { "amount", "view-list-symbolic" },
  };

  if (g_strcmp0 (field, "created") == 0)
    return of_deal ? "list-add-symbolic" : "contact-new-symbolic";
  if (g_strcmp0 (field, "deleted") == 0 && entry->new_value == NULL)
    return "edit-undo-symbolic";

  for (guint i = 0; i < G_N_ELEMENTS (icons); i++)
    {
      if (g_strcmp0 (field, icons[i].field) == 0)
        return icons[i].icon_name;
    }

  return of_deal ? "view-list-symbolic" : "document-edit-symbolic";
}

static void
build_timeline (CrmContactCard *self,
                GPtrArray      *contact_history)
{
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify)timeline_item_free);

  for (guint i = 0; contact_history != NULL && i < contact_history->len; i++)
    {
      const CrmHistoryEntry *entry = g_ptr_array_index (contact_history, i);

      add_item (items, entry->at, change_icon_name (entry, FALSE), contact_change_text (entry), NULL);
    }

  for (guint i = 0; self->deals != NULL && i < self->deals->len; i++)
    {
      CrmDeal *deal = g_ptr_array_index (self->deals, i);
      g_autoptr(GPtrArray) history = crm_store_list_history (self->store, crm_deal_get_id (deal), NULL);

      for (guint j = 0; history != NULL && j < history->len; j++)
        {
          const CrmHistoryEntry *entry = g_ptr_array_index (history, j);

          add_item (items, entry->at, change_icon_name (entry, TRUE),
                    deal_change_text (entry, crm_deal_get_title (deal)), NULL);
        }
    }

  for (guint i = 0; self->activities != NULL && i < self->activities->len; i++)
    {
      CrmActivity *activity = g_ptr_array_index (self->activities, i);

      add_item (items, crm_activity_get_started_at (activity), activity_icon_name (activity),
                activity_history_text (activity), activity_history_detail (self, activity));
    }

  for (guint i = 0; self->attachments != NULL && i < self->attachments->len; i++)
    {
      const CrmAttachmentInfo *info = g_ptr_array_index (self->attachments, i);

      add_item (items, info->created_at, "mail-attachment-symbolic",
                g_strdup_printf (_("%s attached “%s”"), who (info->created_by_name), info->file_name),
                NULL);
    }

  add_reminder_items (self, items);

  g_ptr_array_sort (items, compare_items);
  g_clear_pointer (&self->timeline, g_ptr_array_unref);
  self->timeline = items;
}

static void
append_timeline_rows (CrmContactCard *self,
                      guint           from,
                      guint           to)
{
  for (guint i = from; i < to && i < self->timeline->len; i++)
    {
      const TimelineItem *item = g_ptr_array_index (self->timeline, i);
      g_autofree char *when = crm_time_format_short (item->at);
      g_autofree char *subtitle = item->detail != NULL ? g_strdup_printf ("%s\n%s", when, item->detail)
                                                       : g_strdup (when);
      GtkWidget *row = action_row_new (item->text, subtitle);

      row_add_prefix (row, prefix_icon_new (item->icon_name, NULL));
      gtk_list_box_append (self->timeline_list, row);
    }
}

static void
fill_timeline (CrmContactCard *self)
{
  guint shown = MIN (self->timeline->len, MAX (self->history_shown, HISTORY_PAGE));

  list_box_clear (self->timeline_list);
  set_placeholder (self->timeline_list, _("Nothing has happened yet"), FALSE);
  append_timeline_rows (self, 0, shown);
  self->history_shown = shown;
  gtk_widget_set_visible (GTK_WIDGET (self->more_button), shown < self->timeline->len);
}

static void
load_stage_colors (CrmContactCard *self)
{
  g_autoptr(GPtrArray) pipelines = crm_store_list_pipelines (self->store, NULL);

  g_hash_table_remove_all (self->stage_colors);

  for (guint i = 0; pipelines != NULL && i < pipelines->len; i++)
    {
      CrmPipeline *pipeline = g_ptr_array_index (pipelines, i);
      g_autoptr(GPtrArray) stages = crm_store_list_stages_uncounted (self->store, crm_pipeline_get_id (pipeline), NULL);

      for (guint j = 0; stages != NULL && j < stages->len; j++)
        {
          CrmStage *stage = g_ptr_array_index (stages, j);
          gint64 id = crm_stage_get_id (stage);

          if (crm_stage_get_color (stage) != NULL)
            g_hash_table_insert (self->stage_colors, g_memdup2 (&id, sizeof id),
                                 g_strdup (crm_stage_get_color (stage)));
        }
    }
}

static void
show_missing (CrmContactCard *self,
              const char     *message)
{
  g_clear_object (&self->contact);
  adw_status_page_set_description (self->missing_page, message);
  gtk_stack_set_visible_child_name (self->stack, "missing");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.edit", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.transfer", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.delete", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.restore", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.toggle-key", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.new-deal", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.attach", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.log-call", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "card.set-reminder", FALSE);
}

static void
stop_player (CrmContactCard *self)
{
  if (self->player_row != NULL)
    {
      GtkWidget *call_row = g_hash_table_lookup (self->call_rows, &self->playing_id);

      gtk_list_box_remove (self->calls_list, self->player_row);
      self->player_row = NULL;
      if (call_row != NULL)
        set_play_button (call_row, FALSE);
    }

  if (self->player != NULL)
    gtk_media_stream_pause (self->player);
  g_clear_object (&self->player);
  self->playing_id = 0;
}

/* Reads everything about the client again and rebuilds every section. */
static void
load (CrmContactCard *self)
{
  g_autoptr(CrmContact) contact = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) deals_error = NULL;
  g_autoptr(GError) activities_error = NULL;
  g_autoptr(GError) attachments_error = NULL;
  g_autoptr(GError) reminders_error = NULL;
  const char *created_by = NULL;
  gint64 started = g_get_monotonic_time ();

  self->needs_reload = FALSE;
  g_clear_handle_id (&self->reload_idle, g_source_remove);

  if (self->contact_id == 0)
    {
      stop_player (self);
      show_missing (self, NULL);
      return;
    }

  contact = crm_store_get_contact (self->store, self->contact_id, &error);
  if (contact == NULL)
    {
      stop_player (self);
      show_missing (self, error->message);
      return;
    }

  g_set_object (&self->contact, contact);
  gtk_stack_set_visible_child_name (self->stack, "card");

  g_clear_pointer (&self->deals, g_ptr_array_unref);
  g_clear_pointer (&self->activities, g_ptr_array_unref);
  g_clear_pointer (&self->attachments, g_ptr_array_unref);
  g_clear_pointer (&self->reminders, g_ptr_array_unref);

  self->deals = crm_store_list_deals_of_contact (self->store, self->contact_id, &deals_error);
  self->activities = crm_store_list_activities_of_contact (self->store, self->contact_id, &activities_error);
  self->attachments = crm_store_list_attachments (self->store, self->contact_id, 0, &attachments_error);
  self->reminders = read_reminders (self, &reminders_error);
  history = crm_store_list_history (self->store, self->contact_id, NULL);
  load_stage_colors (self);

  for (guint i = 0; history != NULL && i < history->len; i++)
    {
      const CrmHistoryEntry *entry = g_ptr_array_index (history, i);

      if (g_strcmp0 (entry->field, "created") == 0)
        created_by = entry->user_name;
    }

  fill_header (self);
  fill_people (self);
  fill_phones (self);
  fill_emails (self);
  fill_details (self, created_by);
  fill_reminders (self, reminders_error);
  fill_deals (self, deals_error);
  fill_calls (self, activities_error);
  fill_documents (self, attachments_error);
  build_timeline (self, history);
  fill_timeline (self);

  g_debug ("Read the card of client %" G_GINT64_FORMAT " (%u calls, %u history rows) in %.1f ms",
           self->contact_id,
           self->activities != NULL ? self->activities->len : 0,
           self->timeline->len,
           (g_get_monotonic_time () - started) / 1000.0);
}

/* Keeping the place */

static GtkListBox *
card_lists (CrmContactCard *self,
            guint           i)
{
  GtkListBox *lists[] = {
    self->people_list, self->phones_list, self->emails_list, self->details_list,
    self->reminders_list, self->deals_list, self->calls_list, self->documents_list,
    self->timeline_list,
  };

  return i < G_N_ELEMENTS (lists) ? lists[i] : NULL;
}

/* Which row of which section holds the keyboard focus, so that a reload
 * can put it back where it was. */
static GtkListBox *
find_focused_row (CrmContactCard *self,
                  int            *out_index)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  for (GtkWidget *w = focus; w != NULL && w != GTK_WIDGET (self); w = gtk_widget_get_parent (w))
    {
      GtkWidget *parent = gtk_widget_get_parent (w);

      if (!GTK_IS_LIST_BOX_ROW (w) || !GTK_IS_LIST_BOX (parent))
        continue;

      for (guint i = 0; card_lists (self, i) != NULL; i++)
        {
          if (GTK_WIDGET (card_lists (self, i)) == parent)
            {
              *out_index = gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (w));
              return GTK_LIST_BOX (parent);
            }
        }
    }

  return NULL;
}

static gboolean
focus_tick_cb (GtkWidget     *widget,
               GdkFrameClock *frame_clock,
               gpointer       user_data)
{
  CrmContactCard *self = CRM_CONTACT_CARD (widget);
  g_autoptr(GtkWidget) target = g_weak_ref_get (&self->focus_target);

  if (target != NULL && ++self->focus_tries < 30 && gtk_widget_get_height (target) == 0)
    return G_SOURCE_CONTINUE;

  if (target != NULL && gtk_widget_get_mapped (target))
    gtk_widget_grab_focus (target);

  g_weak_ref_set (&self->focus_target, NULL);
  self->focus_tick = 0;

  return G_SOURCE_REMOVE;
}

/* Moves the keyboard focus to a row that was just built, once it has a
 * place: the viewport scrolls to the focus, and a row without a size yet
 * would make it jump. */
static void
focus_later (CrmContactCard *self,
             GtkWidget      *widget)
{
  g_weak_ref_set (&self->focus_target, widget);
  self->focus_tries = 0;
  if (self->focus_tick == 0)
    self->focus_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), focus_tick_cb, NULL, NULL);
}

/* The row at the top of the view, and how far from the top it is: after
 * a reload the view is scrolled so that the same row is there again, even
 * when rows above it came or went. */
static gboolean
find_anchor (CrmContactCard *self)
{
  GtkWidget *viewport = gtk_scrolled_window_get_child (self->scroller);

  self->anchor_list = NULL;

  for (guint i = 0; card_lists (self, i) != NULL; i++)
    {
      GtkListBox *list = card_lists (self, i);
      graphene_point_t point;
      GtkListBoxRow *row;

      if (!gtk_widget_get_mapped (GTK_WIDGET (list)) ||
          !gtk_widget_compute_point (GTK_WIDGET (list), viewport, &GRAPHENE_POINT_INIT (0, 0), &point) ||
          point.y + gtk_widget_get_height (GTK_WIDGET (list)) <= 0)
        continue;

      for (int j = 0; (row = gtk_list_box_get_row_at_index (list, j)) != NULL; j++)
        {
          if (gtk_widget_compute_point (GTK_WIDGET (row), viewport, &GRAPHENE_POINT_INIT (0, 0), &point) &&
              point.y + gtk_widget_get_height (GTK_WIDGET (row)) > 0)
            {
              self->anchor_list = list;
              self->anchor_index = j;
              self->anchor_offset = point.y;
              return TRUE;
            }
        }
    }

  return FALSE;
}

static gboolean
anchor_tick_cb (GtkWidget     *widget,
                GdkFrameClock *frame_clock,
                gpointer       user_data)
{
  CrmContactCard *self = CRM_CONTACT_CARD (widget);
  GtkWidget *viewport = gtk_scrolled_window_get_child (self->scroller);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  GtkListBoxRow *row = NULL;
  graphene_point_t point;

  for (int i = self->anchor_index; i >= 0 && row == NULL; i--)
    row = gtk_list_box_get_row_at_index (self->anchor_list, i);

  if (row != NULL && ++self->anchor_tries < 30 && gtk_widget_get_height (GTK_WIDGET (row)) == 0)
    return G_SOURCE_CONTINUE;

  if (row != NULL &&
      gtk_widget_compute_point (GTK_WIDGET (row), viewport, &GRAPHENE_POINT_INIT (0, 0), &point))
    gtk_adjustment_set_value (adjustment,
                              gtk_adjustment_get_value (adjustment) + point.y - self->anchor_offset);

  self->anchor_tick = 0;
  return G_SOURCE_REMOVE;
}

static void
reload_in_place (CrmContactCard *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  double value = gtk_adjustment_get_value (adjustment);
  int focus_index = -1;
  GtkListBox *focus_list = find_focused_row (self, &focus_index);
  gboolean anchored = value > 0 && find_anchor (self);

  load (self);

  if (anchored)
    {
      self->anchor_tries = 0;
      if (self->anchor_tick == 0)
        self->anchor_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), anchor_tick_cb, NULL, NULL);
    }

  if (focus_list != NULL)
    {
      GtkListBoxRow *row = NULL;

      for (int i = focus_index; i >= 0 && row == NULL; i--)
        row = gtk_list_box_get_row_at_index (focus_list, i);
      if (row != NULL)
        focus_later (self, GTK_WIDGET (row));
    }

  gtk_adjustment_set_value (adjustment, value);
}

static gboolean
reload_idle_cb (gpointer user_data)
{
  CrmContactCard *self = user_data;

  self->reload_idle = 0;
  reload_in_place (self);

  return G_SOURCE_REMOVE;
}

static gboolean
scroll_to_deal_cb (GtkWidget     *widget,
                   GdkFrameClock *frame_clock,
                   gpointer       user_data)
{
  CrmContactCard *self = CRM_CONTACT_CARD (widget);
  GtkWidget *row = g_hash_table_lookup (self->deal_rows, &self->pending_deal_id);
  GtkWidget *viewport = gtk_scrolled_window_get_child (self->scroller);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  graphene_rect_t bounds;

  /* New rows have no size until the frame after they were added. */
  if (row != NULL && ++self->scroll_tries < 30 &&
      (!gtk_widget_get_mapped (row) || gtk_widget_get_height (row) == 0))
    return G_SOURCE_CONTINUE;

  if (row != NULL && gtk_widget_compute_bounds (row, viewport, &bounds))
    {
      double page = gtk_adjustment_get_page_size (adjustment);
      double top = gtk_adjustment_get_value (adjustment) + bounds.origin.y;

      /* The deal near the top, with its section title above it. */
      gtk_adjustment_set_value (adjustment, MAX (0, top - MIN (page / 4, 72)));
    }

  self->scroll_tick = 0;
  self->pending_deal_id = 0;

  return G_SOURCE_REMOVE;
}

/* Actions */

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CrmContactCard *self = CRM_CONTACT_CARD (widget);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), g_variant_get_string (parameter, NULL));
  crm_window_toast (GTK_WIDGET (self), adw_toast_new (_("Copied")));
}

typedef enum
{
  LAUNCH_CALL,
  LAUNCH_MAIL,
  LAUNCH_DOCUMENT,
} LaunchKind;

typedef struct
{
  CrmContactCard *self;
  LaunchKind      kind;
  char           *name;
} LaunchData;

static void
launch_data_free (LaunchData *data)
{
  g_object_unref (data->self);
  g_free (data->name);
  g_free (data);
}

static void
launch_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  LaunchData *data = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      gboolean no_app = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED) ||
                        g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
                        g_error_matches (error, G_IO_ERROR, G_IO_ERROR_FAILED);
      g_autofree char *message = NULL;

      switch (data->kind)
        {
        case LAUNCH_CALL:
          message = no_app ? g_strdup (_("No app for phone calls is set up on this computer"))
                           : g_strdup_printf (_("The call could not be started: %s"), error->message);
          break;
        case LAUNCH_MAIL:
          message = no_app ? g_strdup (_("No e-mail app is set up on this computer"))
                           : g_strdup_printf (_("The e-mail could not be started: %s"), error->message);
          break;
        case LAUNCH_DOCUMENT:
        default:
          message = g_strdup_printf (_("“%s” could not be opened: %s"), data->name, error->message);
          break;
        }

      show_message (data->self, message);
    }

  launch_data_free (data);
}

static void
launch_uri (CrmContactCard *self,
            const char     *uri,
            LaunchKind      kind,
            const char     *name)
{
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (self));
  g_autoptr(GdkAppLaunchContext) context = gdk_display_get_app_launch_context (display);
  LaunchData *data = g_new0 (LaunchData, 1);

  data->self = g_object_ref (self);
  data->kind = kind;
  data->name = g_strdup (name);
  g_app_info_launch_default_for_uri_async (uri, G_APP_LAUNCH_CONTEXT (context), self->cancellable,
                                           launch_done_cb, data);
}

static void
call_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  launch_uri (CRM_CONTACT_CARD (widget), g_variant_get_string (parameter, NULL), LAUNCH_CALL, NULL);
}

static void
mail_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  launch_uri (CRM_CONTACT_CARD (widget), g_variant_get_string (parameter, NULL), LAUNCH_MAIL, NULL);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CrmContactCard *self = CRM_CONTACT_CARD (widget);
  CrmContactEditor *editor;

  if (self->contact_id == 0)
    return;

  editor = crm_contact_editor_new (parent_window (self), self->store, self->contact_id);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
toggle_key_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CrmContactCard *self = CRM_CONTACT_CARD (widget);
  g_autoptr(CrmContact) changed = NULL;
  g_autoptr(GError) error = NULL;

  if (self->contact == NULL)
    return;

  changed = crm_contact_copy (self->contact);
  crm_contact_set_is_key (changed, !crm_contact_get_is_key (self->contact));
  if (!crm_store_update_contact (self->store, changed, &error))
    show_message (self, error->message);
}

/* Transfer */

typedef struct
{
  CrmContactCard *self;
  gint64          contact_id;
  gint64          user_id;
} TransferData;

static void
transfer_data_free (TransferData *data)
{
  g_object_unref (data->self);
  g_free (data);
}

static void
transfer_user_toggled_cb (GtkCheckButton *check,
                          AdwMessageDialog *dialog)
{
  TransferData *data = g_object_get_data (G_OBJECT (dialog), "transfer");
  const gint64 *user_id;

  if (!gtk_check_button_get_active (check))
    return;

  user_id = g_object_get_data (G_OBJECT (check), "user-id");
  data->user_id = user_id != NULL ? *user_id : 0;
  adw_message_dialog_set_response_enabled (dialog, "transfer", data->user_id != 0);
}

static void
transfer_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      gpointer          user_data)
{
  TransferData *data = g_object_get_data (G_OBJECT (dialog), "transfer");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "transfer") != 0 || data->user_id == 0)
    return;

  if (!crm_store_transfer_contact (data->self->store, data->contact_id, data->user_id, &error))
    show_message (data->self, error->message);
  else
    crm_window_toast (GTK_WIDGET (data->self), adw_toast_new (_("The client was handed over")));
}

static void
transfer_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CrmContactCard *self = CRM_CONTACT_CARD (widget);
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;
  GtkWidget *list;
  GtkCheckButton *group = NULL;
  TransferData *data;
  guint n_choices = 0;

  if (self->contact == NULL)
    return;

  users = crm_store_list_users (self->store, &error);
  if (users == NULL)
    {
      show_message (self, error->message);
      return;
    }

  dialog = adw_message_dialog_new (parent_window (self), _("Transfer Client"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("Choose the employee who takes over %s. "
                                    "The history keeps who was responsible before."),
                                  crm_contact_get_name (self->contact));

  data = g_new0 (TransferData, 1);
  data->self = g_object_ref (self);
  data->contact_id = self->contact_id;
  g_object_set_data_full (G_OBJECT (dialog), "transfer", data, (GDestroyNotify)transfer_data_free);

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Employees"),
                                  -1);

  for (guint i = 0; i < users->len; i++)
    {
      const CrmUser *user = g_ptr_array_index (users, i);
      GtkWidget *row;
      GtkWidget *check;

      if (!user->active || user->id == crm_contact_get_owner_id (self->contact))
        continue;

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), user->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), role_text (user->role));
      check = gtk_check_button_new ();
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, user->name,
                                      -1);
      if (group != NULL)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
      else
        group = GTK_CHECK_BUTTON (check);
      g_object_set_data_full (G_OBJECT (check), "user-id",
                              g_memdup2 (&user->id, sizeof user->id), g_free);
      g_signal_connect (check, "toggled", G_CALLBACK (transfer_user_toggled_cb), dialog);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_list_box_append (GTK_LIST_BOX (list), row);
      n_choices++;
    }

  if (n_choices == 0)
    {
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                                   _("There is no other employee to hand this client to. "
                                     "Add employees first."));
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      g_object_ref_sink (list);
      g_object_unref (list);
    }
  else
    {
      GtkWidget *scroller = gtk_scrolled_window_new ();

      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller),
                                      GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
      gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
      gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 320);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);

      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                        "cancel", _("_Cancel"),
                                        "transfer", _("_Transfer"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "transfer",
                                                  ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "transfer", FALSE);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "transfer");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      g_signal_connect (dialog, "response", G_CALLBACK (transfer_response_cb), NULL);
    }

  gtk_window_present (GTK_WINDOW (dialog));
}

/* Delete and restore */

typedef struct
{
  CrmStore *store;
  gint64    contact_id;
  GWeakRef  window;
} UndoData;

static void
undo_data_free (gpointer user_data,
                GClosure *closure)
{
  UndoData *data = user_data;

  g_object_unref (data->store);
  g_weak_ref_clear (&data->window);
  g_free (data);
}

static void
undo_delete_cb (AdwToast *toast,
                UndoData *data)
{
  g_autoptr(GtkWidget) window = g_weak_ref_get (&data->window);
  g_autoptr(GError) error = NULL;

  if (!crm_store_restore_contact (data->store, data->contact_id, &error))
    {
      if (window != NULL)
        {
          g_autofree char *escaped = g_markup_escape_text (error->message, -1);

          crm_window_add_toast (CRM_WINDOW (window), adw_toast_new (escaped));
        }
      return;
    }

  if (window != NULL)
    gtk_widget_activate_action (window, "win.open-contact", "x", data->contact_id);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CrmContactCard *self = CRM_CONTACT_CARD (widget);
  GtkWidget *window = gtk_widget_get_ancestor (widget, CRM_TYPE_WINDOW);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  UndoData *data;
  AdwToast *toast;

  if (self->contact == NULL)
    return;

  name = g_markup_escape_text (crm_contact_get_name (self->contact), -1);
  if (!crm_store_delete_contact (self->store, self->contact_id, &error))
    {
      show_message (self, error->message);
      return;
    }

  title = g_strdup_printf (_("“%s” was moved to the trash"), name);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);

  data = g_new0 (UndoData, 1);
  data->store = g_object_ref (self->store);
  data->contact_id = self->contact_id;
  g_weak_ref_init (&data->window, window);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_delete_cb), data, undo_data_free, 0);

  crm_window_toast (GTK_WIDGET (self), toast);
  gtk_widget_activate_action (widget, "win.back", NULL);
}

static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CrmContactCard *self = CRM_CONTACT_CARD (widget);
  g_autoptr(GError) error = NULL;

  if (!crm_store_restore_contact (self->store, self->contact_id, &error))
    show_message (self, error->message);
  else
    crm_window_toast (GTK_WIDGET (self), adw_toast_new (_("The client was restored")));
}

/* Deals */

static void
new_deal_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CrmContactCard *self = CRM_CONTACT_CARD (widget);
  CrmDealEditor *editor;

  if (self->contact_id == 0)
    return;

  editor = crm_deal_editor_new (parent_window (self), self->store, 0, self->contact_id);
  gtk_window_present (GTK_WINDOW (editor));
}

/* The deal the card shows (the one selected, as when the window opened
 * the card for a deal), for calls and reminders logged from the card. */
static gint64
shown_deal_id (CrmContactCard *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->deals_list);
  CrmDeal *deal = row != NULL ? g_object_get_data (G_OBJECT (row), "deal") : NULL;

  return deal != NULL ? crm_deal_get_id (deal) : 0;
}

static void
log_call_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CrmContactCard *self = CRM_CONTACT_CARD (widget);
  CrmCallEditor *editor;

  if (self->contact_id == 0)
    return;

  editor = crm_call_editor_new (parent_window (self), self->store, self->contact_id, shown_deal_id (self));
  gtk_window_present (GTK_WINDOW (editor));
}

static void
set_reminder_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CrmContactCard *self = CRM_CONTACT_CARD (widget);
  CrmReminderEditor *editor;

  if (self->contact_id == 0)
    return;

  editor = crm_reminder_editor_new (parent_window (self), self->store, 0,
                                    self->contact_id, shown_deal_id (self));
  gtk_window_present (GTK_WINDOW (editor));
}

static void
edit_deal_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CrmContactCard *self = CRM_CONTACT_CARD (widget);
  CrmDealEditor *editor;

  editor = crm_deal_editor_new (parent_window (self), self->store,
                                g_variant_get_int64 (parameter), self->contact_id);
  gtk_window_present (GTK_WINDOW (editor));
}

/* Calls */

static void
show_all_calls_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CrmContactCard *self = CRM_CONTACT_CARD (widget);
  guint from = MIN (self->activities != NULL ? self->activities->len : 0, CALLS_PAGE);
  GtkListBoxRow *first_new;

  if (self->all_calls || self->activities == NULL)
    return;

  self->all_calls = TRUE;
  for (guint i = from; i < self->activities->len; i++)
    append_call_row (self, g_ptr_array_index (self->activities, i));
  update_all_calls_button (self, self->activities->len);
  g_free (self->calls_signature);
  self->calls_signature = calls_signature (self, self->activities->len);

  /* The button is gone; the keyboard goes on with the first new call. */
  first_new = g_hash_table_lookup (self->call_rows,
                                   &(gint64) { crm_activity_get_id (g_ptr_array_index (self->activities, from)) });
  if (first_new != NULL)
    focus_later (self, GTK_WIDGET (first_new));
}

static void
player_error_cb (GtkMediaStream *stream,
                 GParamSpec     *pspec,
                 CrmContactCard *self)
{
  const GError *error = gtk_media_stream_get_error (stream);
  g_autofree char *message = NULL;

  if (error == NULL)
    return;

  message = g_strdup_printf (_("The recording cannot be played: %s"), error->message);
  show_message (self, message);
}

static void
play_recording_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CrmContactCard *self = CRM_CONTACT_CARD (widget);
  gint64 id = g_variant_get_int64 (parameter);
  GtkWidget *call_row = g_hash_table_lookup (self->call_rows, &id);
  CrmActivity *activity = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  gboolean was_playing = self->playing_id == id;

  stop_player (self);
  if (was_playing || call_row == NULL)
    return;

  for (guint i = 0; self->activities != NULL && i < self->activities->len; i++)
    {
      if (crm_activity_get_id (g_ptr_array_index (self->activities, i)) == id)
        activity = g_ptr_array_index (self->activities, i);
    }
  if (activity == NULL)
    return;

  if (!is_blank (crm_activity_get_recording_path (activity)))
    path = g_strdup (crm_activity_get_recording_path (activity));
  else
    path = crm_store_get_attachment_path (self->store, crm_activity_get_recording_id (activity), &error);

  if (path == NULL)
    {
      show_message (self, error->message);
      return;
    }

  self->player = gtk_media_file_new_for_filename (path);
  if (gtk_media_stream_get_error (self->player) != NULL)
    {
      player_error_cb (self->player, NULL, self);
      g_clear_object (&self->player);
      return;
    }
  g_signal_connect_object (self->player, "notify::error", G_CALLBACK (player_error_cb), self, 0);
  self->playing_id = id;
  self->player_row = player_row_new (self);
  gtk_list_box_insert (self->calls_list, self->player_row,
                       gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (call_row)) + 1);
  set_play_button (call_row, TRUE);
  gtk_media_stream_play (self->player);
}

/* Reminders */

static void
complete_reminder_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  CrmContactCard *self = CRM_CONTACT_CARD (widget);
  g_autoptr(GError) error = NULL;

  if (!crm_store_complete_reminder (self->store, g_variant_get_int64 (parameter), &error))
    show_message (self, error->message);
  else
    crm_window_toast (GTK_WIDGET (self), adw_toast_new (_("Reminder done")));
}

static void
snooze_reminder_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CrmContactCard *self = CRM_CONTACT_CARD (widget);
  g_autoptr(GError) error = NULL;

  if (!crm_store_snooze_reminder (self->store, g_variant_get_int64 (parameter),
                                  crm_time_now_ms () + SNOOZE_MS, &error))
    show_message (self, error->message);
  else
    crm_window_toast (GTK_WIDGET (self), adw_toast_new (_("Snoozed for 10 minutes")));
}

/* Documents */

typedef struct
{
  CrmContactCard *self;
  char           *file_name;
  GFile          *copy;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_object_unref (data->self);
  g_free (data->file_name);
  g_clear_object (&data->copy);
  g_free (data);
}

static void
document_copied_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  OpenData *data = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;

  if (!g_file_copy_finish (G_FILE (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = g_strdup_printf (_("“%s” could not be opened: %s"),
                                                      data->file_name, error->message);

          show_message (data->self, message);
        }
      open_data_free (data);
      return;
    }

  uri = g_file_get_uri (data->copy);
  launch_uri (data->self, uri, LAUNCH_DOCUMENT, data->file_name);
  open_data_free (data);
}

/* Stored documents are named by their content's hash. An app is given a
 * copy under the document's own name, so that it knows the file type and
 * cannot change the stored content that other rows may share. */
static void
open_document_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CrmContactCard *self = CRM_CONTACT_CARD (widget);
  gint64 id = g_variant_get_int64 (parameter);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *base = NULL;
  g_autofree char *id_text = NULL;
  g_autofree char *copy_path = NULL;
  g_autoptr(GFile) source = NULL;
  const char *file_name = NULL;
  OpenData *data;

  for (guint i = 0; self->attachments != NULL && i < self->attachments->len; i++)
    {
      const CrmAttachmentInfo *info = g_ptr_array_index (self->attachments, i);

      if (info->id == id)
        file_name = info->file_name;
    }

  path = crm_store_get_attachment_path (self->store, id, &error);
  if (path == NULL)
    {
      show_message (self, error->message);
      return;
    }

  base = g_path_get_basename (file_name != NULL ? file_name : "document");
  if (g_str_equal (base, ".") || g_str_equal (base, "..") || g_str_equal (base, G_DIR_SEPARATOR_S))
    {
      g_free (base);
      base = g_strdup ("document");
    }

  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  folder = g_build_filename (g_get_user_cache_dir (), "clientele", "documents", id_text, NULL);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;
      g_autofree char *message = g_strdup_printf (_("“%s” could not be opened: %s"),
                                                  base, g_strerror (saved_errno));

      show_message (self, message);
      return;
    }

  copy_path = g_build_filename (folder, base, NULL);
  source = g_file_new_for_path (path);

  data = g_new0 (OpenData, 1);
  data->self = g_object_ref (self);
  data->file_name = g_strdup (base);
  data->copy = g_file_new_for_path (copy_path);
  g_file_copy_async (source, data->copy, G_FILE_COPY_OVERWRITE | G_FILE_COPY_TARGET_DEFAULT_PERMS,
                     G_PRIORITY_DEFAULT, self->cancellable, NULL, NULL,
                     document_copied_cb, data);
}

typedef struct
{
  char    *database_path;
  char    *login;
  gint64   contact_id;
  GPtrArray *paths;
} AttachJob;

static void
attach_job_free (AttachJob *job)
{
  g_free (job->database_path);
  g_free (job->login);
  g_ptr_array_unref (job->paths);
  g_free (job);
}

/* Copying and hashing a large file takes a while: it happens on a
 * connection of its own, and the window hears of it as an outside change. */
static void
attach_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  AttachJob *job = task_data;
  g_autoptr(CrmStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gssize added = 0;

  store = crm_store_open (job->database_path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (job->login != NULL && !crm_store_set_current_user (store, job->login, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < job->paths->len; i++)
    {
      if (g_cancellable_is_cancelled (cancellable))
        break;
      if (crm_store_add_attachment (store, job->contact_id, 0, g_ptr_array_index (job->paths, i), &error) == 0)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      added++;
    }

  g_task_return_int (task, added);
}

static void
attach_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  CrmContactCard *self = CRM_CONTACT_CARD (source);
  g_autoptr(GError) error = NULL;
  gssize added = g_task_propagate_int (G_TASK (result), &error);

  if (!crm_store_check_external_changes (self->store))
    crm_store_emit_changed (self->store, CRM_ENTITY_ATTACHMENT, 0);

  if (added < 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_message (self, error->message);
      return;
    }

  if (added > 0)
    {
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%d document attached",
                                                             "%d documents attached",
                                                             added),
                                                (int)added);

      crm_window_toast (GTK_WIDGET (self), adw_toast_new (title));
    }
}

static void
attach_files (CrmContactCard *self,
              GListModel     *files)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(CrmUser) user = NULL;
  AttachJob *job;
  guint n_files = g_list_model_get_n_items (files);

  if (n_files == 0 || self->contact_id == 0)
    return;

  user = crm_store_get_user (self->store, crm_store_get_current_user (self->store), NULL);

  job = g_new0 (AttachJob, 1);
  job->database_path = g_strdup (crm_database_get_path (crm_store_get_database (self->store)));
  job->login = user != NULL ? g_strdup (user->login) : NULL;
  job->contact_id = self->contact_id;
  job->paths = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n_files; i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (files, i);
      char *path = g_file_get_path (file);

      if (path != NULL)
        g_ptr_array_add (job->paths, path);
    }

  task = g_task_new (self, self->cancellable, attach_done_cb, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify)attach_job_free);
  g_task_run_in_thread (task, attach_thread);
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
attach_chosen_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(CrmContactCard) self = user_data;
  g_autoptr(GListModel) files = NULL;
  g_autoptr(GError) error = NULL;

  files = gtk_file_dialog_open_multiple_finish (GTK_FILE_DIALOG (source), result, &error);
  if (files != NULL)
    attach_files (self, files);
}

static void
attach_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CrmContactCard *self = CRM_CONTACT_CARD (widget);
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

  gtk_file_dialog_set_title (dialog, _("Attach Files"));
  gtk_file_dialog_set_accept_label (dialog, _("_Attach"));
  gtk_file_dialog_open_multiple (dialog, parent_window (self), self->cancellable,
                                 attach_chosen_cb, g_object_ref (self));
}
#else
static void
attach_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    CrmContactCard  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));

      attach_files (self, files);
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
attach_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CrmContactCard *self = CRM_CONTACT_CARD (widget);
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Attach Files"), parent_window (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Attach"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (dialog), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (attach_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}
#endif

/* History */

static void
show_more_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CrmContactCard *self = CRM_CONTACT_CARD (widget);
  guint from = self->history_shown;
  guint to = self->timeline != NULL ? MIN (self->timeline->len, from + HISTORY_PAGE) : 0;
  GtkListBoxRow *first_new;

  if (self->timeline == NULL)
    return;

  append_timeline_rows (self, from, to);
  self->history_shown = to;
  gtk_widget_set_visible (GTK_WIDGET (self->more_button), to < self->timeline->len);

  first_new = gtk_list_box_get_row_at_index (self->timeline_list, from);
  if (first_new != NULL && to >= self->timeline->len)
    focus_later (self, GTK_WIDGET (first_new));
}

/* GObject */

static void
crm_contact_card_map (GtkWidget *widget)
{
  CrmContactCard *self = CRM_CONTACT_CARD (widget);

  GTK_WIDGET_CLASS (crm_contact_card_parent_class)->map (widget);

  /* Read what changed while the card was hidden, right after it shows. */
  if (self->needs_reload && self->reload_idle == 0)
    self->reload_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 10, reload_idle_cb, self, NULL);
}

static void
crm_contact_card_dispose (GObject *object)
{
  CrmContactCard *self = (CrmContactCard *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->reload_idle, g_source_remove);
  g_clear_handle_id (&self->due_timeout, g_source_remove);
  if (self->scroll_tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_tick);
      self->scroll_tick = 0;
    }
  if (self->focus_tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->focus_tick);
      self->focus_tick = 0;
    }
  if (self->anchor_tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->anchor_tick);
      self->anchor_tick = 0;
    }
  g_weak_ref_set (&self->focus_target, NULL);
  if (self->player != NULL)
    gtk_media_stream_pause (self->player);
  g_clear_object (&self->player);
  self->player_row = NULL;

  gtk_widget_dispose_template (GTK_WIDGET (self), CRM_TYPE_CONTACT_CARD);

  G_OBJECT_CLASS (crm_contact_card_parent_class)->dispose (object);
}

static void
crm_contact_card_finalize (GObject *object)
{
  CrmContactCard *self = (CrmContactCard *)object;

  g_weak_ref_clear (&self->focus_target);
  g_clear_object (&self->store);
  g_clear_object (&self->contact);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->deals, g_ptr_array_unref);
  g_clear_pointer (&self->activities, g_ptr_array_unref);
  g_clear_pointer (&self->attachments, g_ptr_array_unref);
  g_clear_pointer (&self->reminders, g_ptr_array_unref);
  g_clear_pointer (&self->timeline, g_ptr_array_unref);
  g_clear_pointer (&self->stage_colors, g_hash_table_unref);
  g_clear_pointer (&self->deal_rows, g_hash_table_unref);
  g_clear_pointer (&self->call_rows, g_hash_table_unref);
  g_clear_pointer (&self->calls_signature, g_free);
  g_clear_pointer (&self->expanded_deals, g_hash_table_unref);

  G_OBJECT_CLASS (crm_contact_card_parent_class)->finalize (object);
}

static void
crm_contact_card_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CrmContactCard *self = CRM_CONTACT_CARD (object);

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
crm_contact_card_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CrmContactCard *self = CRM_CONTACT_CARD (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_CONTACT_ID:
      crm_contact_card_set_contact_id (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
crm_contact_card_class_init (CrmContactCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = crm_contact_card_dispose;
  object_class->finalize = crm_contact_card_finalize;
  object_class->get_property = crm_contact_card_get_property;
  object_class->set_property = crm_contact_card_set_property;

  widget_class->map = crm_contact_card_map;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         CRM_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONTACT_ID] =
    g_param_spec_int64 ("contact-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/crm-contact-card.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_bind_template_child (widget_class, CrmContactCard, stack);
  gtk_widget_class_bind_template_child (widget_class, CrmContactCard, missing_page);
  gtk_widget_class_bind_template_child (widget_class, CrmContactCard, scroller);
  gtk_widget_class_bind_template_child (widget_class, CrmContactCard, avatar);
  gtk_widget_class_bind_template_child (widget_class, CrmContactCard, name_label);
  gtk_widget_class_bind_template_child (widget_class, CrmContactCard, key_button);
  gtk_widget_class_bind_template_child (widget_class, CrmContactCard, kind_label);
  gtk_widget_class_bind_template_child (widget_class, CrmContactCard, company_button);
  gtk_widget_class_bind_template_child (widget_class, CrmContactCard, company_label);
  gtk_widget_class_bind_template_child (widget_class, CrmContactCard, owner_label);
  gtk_widget_class_bind_template_child (widget_class, CrmContactCard, trash_label);
  gtk_widget_class_bind_template_child (widget_class, CrmContactCard, tags_box);
  gtk_widget_class_bind_template_child (widget_class, CrmContactCard, edit_button);
  gtk_widget_class_bind_template_child (widget_class, CrmContactCard, transfer_button);
  gtk_widget_class_bind_template_child (widget_class, CrmContactCard, delete_button);
  gtk_widget_class_bind_template_child (widget_class, CrmContactCard, restore_button);
  gtk_widget_class_bind_template_child (widget_class, CrmContactCard, people_group);
  gtk_widget_class_bind_template_child (widget_class, CrmContactCard, people_list);
  gtk_widget_class_bind_template_child (widget_class, CrmContactCard, phones_list);
  gtk_widget_class_bind_template_child (widget_class, CrmContactCard, emails_list);
  gtk_widget_class_bind_template_child (widget_class, CrmContactCard, details_list);
  gtk_widget_class_bind_template_child (widget_class, CrmContactCard, reminders_list);
  gtk_widget_class_bind_template_child (widget_class, CrmContactCard, deals_list);
  gtk_widget_class_bind_template_child (widget_class, CrmContactCard, calls_group);
  gtk_widget_class_bind_template_child (widget_class, CrmContactCard, calls_list);
  gtk_widget_class_bind_template_child (widget_class, CrmContactCard, all_calls_button);
  gtk_widget_class_bind_template_child (widget_class, CrmContactCard, documents_list);
  gtk_widget_class_bind_template_child (widget_class, CrmContactCard, timeline_list);
  gtk_widget_class_bind_template_child (widget_class, CrmContactCard, more_button);

  gtk_widget_class_install_action (widget_class, "card.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "card.transfer", NULL, transfer_action);
  gtk_widget_class_install_action (widget_class, "card.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "card.restore", NULL, restore_action);
  gtk_widget_class_install_action (widget_class, "card.toggle-key", NULL, toggle_key_action);
  gtk_widget_class_install_action (widget_class, "card.copy", "s", copy_action);
  gtk_widget_class_install_action (widget_class, "card.call", "s", call_action);
  gtk_widget_class_install_action (widget_class, "card.mail", "s", mail_action);
  gtk_widget_class_install_action (widget_class, "card.new-deal", NULL, new_deal_action);
  gtk_widget_class_install_action (widget_class, "card.edit-deal", "x", edit_deal_action);
  gtk_widget_class_install_action (widget_class, "card.show-all-calls", NULL, show_all_calls_action);
  gtk_widget_class_install_action (widget_class, "card.play-recording", "x", play_recording_action);
  gtk_widget_class_install_action (widget_class, "card.complete-reminder", "x", complete_reminder_action);
  gtk_widget_class_install_action (widget_class, "card.snooze-reminder", "x", snooze_reminder_action);
  gtk_widget_class_install_action (widget_class, "card.open-document", "x", open_document_action);
  gtk_widget_class_install_action (widget_class, "card.attach", NULL, attach_action);
  gtk_widget_class_install_action (widget_class, "card.log-call", NULL, log_call_action);
  gtk_widget_class_install_action (widget_class, "card.set-reminder", NULL, set_reminder_action);
  gtk_widget_class_install_action (widget_class, "card.show-more", NULL, show_more_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "card.edit", NULL);
}

static void
crm_contact_card_init (CrmContactCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  g_weak_ref_init (&self->focus_target, NULL);
  self->stage_colors = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->deal_rows = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->call_rows = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->expanded_deals = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  set_placeholder (self->people_list, _("No people of this company yet"), FALSE);
  set_placeholder (self->phones_list, _("No phone numbers"), FALSE);
  set_placeholder (self->emails_list, _("No e-mail addresses"), FALSE);
  set_placeholder (self->details_list, _("No details"), FALSE);
  set_placeholder (self->reminders_list, _("No pending reminders"), FALSE);
  set_placeholder (self->deals_list, _("No deals yet"), FALSE);
  set_placeholder (self->calls_list, _("No calls yet"), FALSE);
  set_placeholder (self->documents_list, _("No documents yet"), FALSE);
  set_placeholder (self->timeline_list, _("Nothing has happened yet"), FALSE);

  show_missing (self, NULL);
}

/**
 * crm_contact_card_new:
 * @store: the store to read the client from
 *
 * Returns: (transfer floating): a card that shows no client yet
 */
CrmContactCard *
crm_contact_card_new (CrmStore *store)
{
  g_return_val_if_fail (CRM_IS_STORE (store), NULL);

  return g_object_new (CRM_TYPE_CONTACT_CARD, "store", store, NULL);
}

/**
 * crm_contact_card_set_contact_id:
 * @self: a #CrmContactCard
 * @contact_id: the client to show, or 0 for none
 *
 * Shows a client, read at once. Showing another client starts at the top
 * with every deal's path closed; showing the same client again keeps the
 * place.
 */
void
crm_contact_card_set_contact_id (CrmContactCard *self,
                                 gint64          contact_id)
{
  gboolean same;

  g_return_if_fail (CRM_IS_CONTACT_CARD (self));

  same = contact_id == self->contact_id;
  if (!same)
    {
      self->contact_id = contact_id;
      stop_player (self);
      g_hash_table_remove_all (self->expanded_deals);
      self->history_shown = 0;
      self->all_calls = FALSE;
      gtk_list_box_unselect_all (self->deals_list);
      load (self);
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTACT_ID]);
    }
  else
    reload_in_place (self);
}

/**
 * crm_contact_card_get_contact_id:
 * @self: a #CrmContactCard
 *
 * Returns: the client shown, 0 when none
 */
gint64
crm_contact_card_get_contact_id (CrmContactCard *self)
{
  g_return_val_if_fail (CRM_IS_CONTACT_CARD (self), 0);

  return self->contact_id;
}

/**
 * crm_contact_card_reload:
 * @self: a #CrmContactCard
 *
 * Reads the client again, keeping the scroll position, the open deals and
 * the keyboard focus. Calls that come together are read once, and a card
 * that is not shown reads when it is shown again.
 */
void
crm_contact_card_reload (CrmContactCard *self)
{
  g_return_if_fail (CRM_IS_CONTACT_CARD (self));

  if (self->contact_id == 0)
    return;

  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->needs_reload = TRUE;
      return;
    }

  if (self->reload_idle == 0)
    self->reload_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 10, reload_idle_cb, self, NULL);
}

/**
 * crm_contact_card_show_deal:
 * @self: a #CrmContactCard
 * @deal_id: one of the shown client's deals
 *
 * Scrolls to the deal, opens its path through the funnel and selects it.
 */
void
crm_contact_card_show_deal (CrmContactCard *self,
                            gint64          deal_id)
{
  GtkWidget *row;

  g_return_if_fail (CRM_IS_CONTACT_CARD (self));

  if (self->needs_reload || self->reload_idle != 0)
    reload_in_place (self);

  row = g_hash_table_lookup (self->deal_rows, &deal_id);
  if (row == NULL)
    return;

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  gtk_list_box_select_row (self->deals_list, GTK_LIST_BOX_ROW (row));
  focus_later (self, row);

  self->pending_deal_id = deal_id;
  self->scroll_tries = 0;
  if (self->scroll_tick == 0)
    self->scroll_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_to_deal_cb, NULL, NULL);
}
