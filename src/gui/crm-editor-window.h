/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "crm-store.h"

G_BEGIN_DECLS

/**
 * CrmEditorCheck:
 * @CRM_EDITOR_VALID: the form can be saved
 * @CRM_EDITOR_INCOMPLETE: something the form needs is not given yet;
 *   Save stays available until the user tried it, so that it can say what
 * @CRM_EDITOR_INVALID: something typed is wrong, or the form cannot be
 *   saved at all; Save is off
 *
 * What a form's check found.
 */
typedef enum
{
  CRM_EDITOR_VALID,
  CRM_EDITOR_INCOMPLETE,
  CRM_EDITOR_INVALID,
} CrmEditorCheck;

#define CRM_TYPE_EDITOR_WINDOW (crm_editor_window_get_type ())
G_DECLARE_DERIVABLE_TYPE (CrmEditorWindow, crm_editor_window, CRM, EDITOR_WINDOW, AdwWindow)

/**
 * CrmEditorWindowClass:
 * @check: checks the fields, shows under them what is wrong and says
 *   whether the form can be saved
 * @save: stores the form; returns the id of what it stored, or 0 with
 *   the error set
 * @focus_problem: (nullable): after a refused Save, moves the keyboard to
 *   the field to fix
 *
 * A modal form with Cancel and Save (Ctrl+S; Escape cancels), a title
 * with a subtitle, a banner for what the store refused, and the fields
 * below, in #CrmEditorWindow:form. Saving checks the form, stores it,
 * emits #CrmEditorWindow::saved and closes; what the store refuses is
 * shown in the banner, and the form stays open with everything typed.
 */
struct _CrmEditorWindowClass
{
  AdwWindowClass parent_class;

  CrmEditorCheck (*check)         (CrmEditorWindow  *self);
  gint64         (*save)          (CrmEditorWindow  *self,
                                   GError          **error);
  void           (*focus_problem) (CrmEditorWindow  *self);
  char          *(*dup_state)     (CrmEditorWindow  *self);
};

CrmStore *crm_editor_window_get_store         (CrmEditorWindow *self);
gint64    crm_editor_window_get_contact_id    (CrmEditorWindow *self);
gboolean  crm_editor_window_get_tried_to_save (CrmEditorWindow *self);
gboolean  crm_editor_window_validate          (CrmEditorWindow *self);
void      crm_editor_window_show_error        (CrmEditorWindow *self,
                                               const char      *message);
void      crm_editor_window_set_subtitle      (CrmEditorWindow *self,
                                               const char      *subtitle);

AdwMessageDialog *crm_editor_window_new_discard_question (GtkWindow *form);

G_END_DECLS
