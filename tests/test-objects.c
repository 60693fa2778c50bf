/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "crm-activity.h"
#include "crm-contact.h"
#include "crm-deal.h"
#include "crm-pipeline.h"
#include "crm-reminder.h"
#include "crm-stage.h"

typedef struct
{
  const char *name;
  GType       value_type;
} ExpectedProperty;

typedef struct
{
  const char             *noun;
  GType                 (*get_type) (void);
  const ExpectedProperty *expected;
  GObject              *(*copy) (GObject *object);
} ObjectCase;

/* Properties that change when another one does, and so are notified with it. */
static const struct
{
  const char *changed;
  const char *derived;
} derived_properties[] = {
  { "due-at", "effective-due" },
  { "snoozed-until", "effective-due" },
  { "done-at", "is-done" },
};

#define I64 G_TYPE_INT64
#define INT G_TYPE_INT
#define STR G_TYPE_STRING
#define BOOL G_TYPE_BOOLEAN

static const ExpectedProperty contact_properties[] = {
  { "id", I64 }, { "kind", INT }, { "name", STR }, { "company-id", I64 },
  { "company-name", STR }, { "owner-id", I64 }, { "owner-name", STR },
  { "is-key", BOOL }, { "source", STR }, { "notes", STR }, { "birthday", STR },
  { "tags", STR }, { "primary-phone", STR }, { "primary-email", STR },
  { "created-at", I64 }, { "updated-at", I64 }, { "deleted-at", I64 },
  { NULL }
};

static const ExpectedProperty pipeline_properties[] = {
  { "id", I64 }, { "name", STR }, { "position", INT }, { "deleted-at", I64 },
  { NULL }
};

static const ExpectedProperty stage_properties[] = {
  { "id", I64 }, { "pipeline-id", I64 }, { "name", STR }, { "position", INT },
  { "color", STR }, { "kind", INT }, { "deal-count", I64 },
  { "amount-total", I64 }, { "deleted-at", I64 },
  { NULL }
};

static const ExpectedProperty deal_properties[] = {
  { "id", I64 }, { "title", STR }, { "contact-id", I64 },
  { "contact-name", STR }, { "amount", I64 }, { "currency", STR },
  { "stage-id", I64 }, { "stage-name", STR }, { "stage-kind", INT },
  { "pipeline-id", I64 }, { "position", I64 }, { "owner-id", I64 },
  { "owner-name", STR }, { "expected-close", STR }, { "lost-reason", STR },
  { "next-reminder-at", I64 }, { "tags", STR }, { "created-at", I64 },
  { "updated-at", I64 }, { "stage-changed-at", I64 }, { "deleted-at", I64 },
  { NULL }
};

static const ExpectedProperty activity_properties[] = {
  { "id", I64 }, { "kind", INT }, { "contact-id", I64 },
  { "contact-name", STR }, { "deal-id", I64 }, { "user-id", I64 },
  { "user-name", STR }, { "direction", INT }, { "started-at", I64 },
  { "duration", I64 }, { "outcome", STR }, { "key-points", STR },
  { "recording-id", I64 }, { "recording-path", STR }, { "tags", STR },
  { "created-at", I64 }, { "updated-at", I64 }, { "deleted-at", I64 },
  { NULL }
};

static const ExpectedProperty reminder_properties[] = {
  { "id", I64 }, { "contact-id", I64 }, { "contact-name", STR },
  { "contact-phone", STR }, { "deal-id", I64 }, { "deal-title", STR },
  { "assignee-id", I64 }, { "assignee-name", STR }, { "due-at", I64 },
  { "note", STR }, { "done-at", I64 }, { "snoozed-until", I64 },
  { "notified-at", I64 }, { "created-by", I64 }, { "created-at", I64 },
  { "updated-at", I64 }, { "deleted-at", I64 },
  { "effective-due", I64 }, { "is-done", BOOL },
  { NULL }
};

#undef I64
#undef INT
#undef STR
#undef BOOL

static GObject *
copy_contact (GObject *object)
{
  return G_OBJECT (crm_contact_copy (CRM_CONTACT (object)));
}

static GObject *
copy_pipeline (GObject *object)
{
  return G_OBJECT (crm_pipeline_copy (CRM_PIPELINE (object)));
}

static GObject *
copy_stage (GObject *object)
{
  return G_OBJECT (crm_stage_copy (CRM_STAGE (object)));
}

static GObject *
copy_deal (GObject *object)
{
  return G_OBJECT (crm_deal_copy (CRM_DEAL (object)));
}

static GObject *
copy_activity (GObject *object)
{
  return G_OBJECT (crm_activity_copy (CRM_ACTIVITY (object)));
}

static GObject *
copy_reminder (GObject *object)
{
  return G_OBJECT (crm_reminder_copy (CRM_REMINDER (object)));
}

static const ObjectCase object_cases[] = {
  { "contact", crm_contact_get_type, contact_properties, copy_contact },
  { "pipeline", crm_pipeline_get_type, pipeline_properties, copy_pipeline },
  { "stage", crm_stage_get_type, stage_properties, copy_stage },
  { "deal", crm_deal_get_type, deal_properties, copy_deal },
  { "activity", crm_activity_get_type, activity_properties, copy_activity },
  { "reminder", crm_reminder_get_type, reminder_properties, copy_reminder },
};

/* Notification recording */

static void
record_notify_cb (GObject    *object,
                  GParamSpec *pspec,
                  GPtrArray  *notified)
{
  g_ptr_array_add (notified, g_strdup (pspec->name));
}

static GPtrArray *
watch_notify (gpointer object)
{
  GPtrArray *notified = g_ptr_array_new_with_free_func (g_free);

  g_signal_connect (object, "notify", G_CALLBACK (record_notify_cb), notified);

  return notified;
}

static void
unwatch_notify (gpointer   object,
                GPtrArray *notified)
{
  g_assert_cmpuint (g_signal_handlers_disconnect_by_data (object, notified), ==, 1);
  g_ptr_array_unref (notified);
}

static guint
count_notify (GPtrArray  *notified,
              const char *name)
{
  guint n = 0;

  for (guint i = 0; i < notified->len; i++)
    if (strcmp (g_ptr_array_index (notified, i), name) == 0)
      n++;

  return n;
}

/* Test values: variant 1 and 2 differ from each other, and variant 1
 * differs from the default of every property. */

static void
make_value (GParamSpec *pspec,
            int         variant,
            GValue     *value)
{
  g_value_init (value, pspec->value_type);

  switch (pspec->value_type)
    {
    case G_TYPE_INT64:
      /* A time in 2023 fits every int64 property's range. */
      g_value_set_int64 (value, G_GINT64_CONSTANT (1700000000000) + variant * 1111);
      break;

    case G_TYPE_INT:
      {
        GParamSpecInt *ispec = G_PARAM_SPEC_INT (pspec);

        /* Enums hold a few values starting at the default. */
        if ((gint64) ispec->maximum - ispec->minimum < 100)
          g_value_set_int (value, variant == 1 ? ispec->maximum : ispec->maximum - 1);
        else
          g_value_set_int (value, 40 + variant);
      }
      break;

    case G_TYPE_BOOLEAN:
      g_value_set_boolean (value, variant == 1);
      break;

    case G_TYPE_STRING:
      g_value_take_string (value, g_strdup_printf ("%s %d", pspec->name, variant));
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
assert_property_is (GObject    *object,
                    GParamSpec *pspec,
                    int         variant)
{
  g_auto(GValue) expected = G_VALUE_INIT;
  g_auto(GValue) actual = G_VALUE_INIT;

  make_value (pspec, variant, &expected);
  g_value_init (&actual, pspec->value_type);
  g_object_get_property (object, pspec->name, &actual);

  if (g_param_values_cmp (pspec, &expected, &actual) != 0)
    {
      g_autofree char *want = g_strdup_value_contents (&expected);
      g_autofree char *got = g_strdup_value_contents (&actual);

      g_error ("%s:%s is %s, expected %s",
               G_OBJECT_TYPE_NAME (object), pspec->name, got, want);
    }
}

static void
assert_same_values (GObject *a,
                    GObject *b)
{
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs;

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (a), &n_pspecs);

  for (guint i = 0; i < n_pspecs; i++)
    {
      g_auto(GValue) va = G_VALUE_INIT;
      g_auto(GValue) vb = G_VALUE_INIT;

      g_value_init (&va, pspecs[i]->value_type);
      g_value_init (&vb, pspecs[i]->value_type);
      g_object_get_property (a, pspecs[i]->name, &va);
      g_object_get_property (b, pspecs[i]->name, &vb);

      if (g_param_values_cmp (pspecs[i], &va, &vb) != 0)
        g_error ("%s:%s differs in the copy", G_OBJECT_TYPE_NAME (a), pspecs[i]->name);
    }
}

static const char *
derived_of (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (derived_properties); i++)
    if (strcmp (derived_properties[i].changed, name) == 0)
      return derived_properties[i].derived;

  return NULL;
}

static void
set_all (GObject *object,
         int      variant)
{
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs;

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (object), &n_pspecs);

  for (guint i = 0; i < n_pspecs; i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;

      if (!(pspecs[i]->flags & G_PARAM_WRITABLE))
        continue;

      make_value (pspecs[i], variant, &value);
      g_object_set_property (object, pspecs[i]->name, &value);
    }
}

/* Generic tests, run for every type */

static void
test_properties_declared (gconstpointer data)
{
  const ObjectCase *c = data;
  GObjectClass *klass = g_type_class_ref (c->get_type ());
  guint n_expected = 0;
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs;

  for (const ExpectedProperty *e = c->expected; e->name != NULL; e++)
    {
      GParamSpec *pspec = g_object_class_find_property (klass, e->name);

      if (pspec == NULL)
        g_error ("%s has no property %s", c->noun, e->name);

      g_assert_true (pspec->value_type == e->value_type);
      g_assert_true (pspec->flags & G_PARAM_READABLE);
      g_assert_true (pspec->flags & G_PARAM_EXPLICIT_NOTIFY);
      g_assert_true (pspec->flags & G_PARAM_STATIC_NAME);
      n_expected++;
    }

  pspecs = g_object_class_list_properties (klass, &n_pspecs);
  g_assert_cmpuint (n_pspecs, ==, n_expected);

  g_type_class_unref (klass);
}

static void
test_notify_once (gconstpointer data)
{
  const ObjectCase *c = data;
  g_autoptr(GObject) object = g_object_new (c->get_type (), NULL);
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs;
  guint n_writable = 0;

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (object), &n_pspecs);

  for (guint i = 0; i < n_pspecs; i++)
    {
      GParamSpec *pspec = pspecs[i];
      const char *derived = derived_of (pspec->name);
      GParamSpec *derived_pspec = NULL;
      g_auto(GValue) value = G_VALUE_INIT;
      g_auto(GValue) derived_before = G_VALUE_INIT;
      g_auto(GValue) derived_after = G_VALUE_INIT;
      guint n_derived = 0;
      GPtrArray *notified;

      if (!(pspec->flags & G_PARAM_WRITABLE))
        continue;

      n_writable++;
      make_value (pspec, 1, &value);

      if (derived != NULL)
        derived_pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (object), derived);

      if (derived_pspec != NULL)
        {
          g_value_init (&derived_before, derived_pspec->value_type);
          g_value_init (&derived_after, derived_pspec->value_type);
          g_object_get_property (object, derived, &derived_before);
        }

      notified = watch_notify (object);

      g_object_set_property (object, pspec->name, &value);
      g_assert_cmpuint (count_notify (notified, pspec->name), ==, 1);
      if (derived_pspec != NULL)
        {
          g_object_get_property (object, derived, &derived_after);
          /* A derived property is notified exactly when it changed. */
          n_derived = g_param_values_cmp (derived_pspec, &derived_before, &derived_after) != 0;
          g_assert_cmpuint (count_notify (notified, derived), ==, n_derived);
        }
      g_assert_cmpuint (notified->len, ==, 1 + n_derived);
      assert_property_is (object, pspec, 1);

      /* The same value again is no change. */
      g_object_set_property (object, pspec->name, &value);
      g_assert_cmpuint (notified->len, ==, 1 + n_derived);
      assert_property_is (object, pspec, 1);

      unwatch_notify (object, notified);
    }

  g_assert_cmpuint (n_writable, >, 3);
}

static void
test_copy_is_deep (gconstpointer data)
{
  const ObjectCase *c = data;
  g_autoptr(GObject) object = g_object_new (c->get_type (), NULL);
  g_autoptr(GObject) copy = NULL;
  g_autofree GParamSpec **pspecs = NULL;
  guint n_pspecs;

  set_all (object, 1);

  copy = c->copy (object);
  g_assert_nonnull (copy);
  g_assert_true (copy != object);
  g_assert_true (G_OBJECT_TYPE (copy) == G_OBJECT_TYPE (object));
  g_assert_cmpuint (copy->ref_count, ==, 1);
  assert_same_values (object, copy);

  /* Changing the copy leaves the original alone. */
  set_all (copy, 2);

  pspecs = g_object_class_list_properties (G_OBJECT_GET_CLASS (object), &n_pspecs);
  for (guint i = 0; i < n_pspecs; i++)
    {
      if (!(pspecs[i]->flags & G_PARAM_WRITABLE))
        continue;

      assert_property_is (object, pspecs[i], 1);
      assert_property_is (copy, pspecs[i], 2);
    }
}

/* Typed accessors */

#define CHECK_INT64(noun, object, prop, value)                                \
  G_STMT_START {                                                              \
    crm_##noun##_set_##prop (object, value);                                  \
    g_assert_cmpint (crm_##noun##_get_##prop (object), ==, value);            \
  } G_STMT_END

#define CHECK_STRING(noun, object, prop, value)                               \
  G_STMT_START {                                                              \
    char buffer[] = value;                                                    \
    crm_##noun##_set_##prop (object, buffer);                                 \
    /* The setter copies: the caller's buffer may change afterwards. */       \
    buffer[0] = '?';                                                          \
    g_assert_cmpstr (crm_##noun##_get_##prop (object), ==, value);            \
    crm_##noun##_set_##prop (object, NULL);                                   \
    g_assert_null (crm_##noun##_get_##prop (object));                         \
    crm_##noun##_set_##prop (object, value);                                  \
    g_assert_cmpstr (crm_##noun##_get_##prop (object), ==, value);            \
  } G_STMT_END

static void
test_contact_accessors (void)
{
  g_autoptr(CrmContact) contact = crm_contact_new ();

  g_assert_cmpint (crm_contact_get_kind (contact), ==, CRM_CONTACT_PERSON);
  g_assert_false (crm_contact_get_is_key (contact));
  g_assert_null (crm_contact_get_name (contact));

  CHECK_INT64 (contact, contact, id, 101);
  crm_contact_set_kind (contact, CRM_CONTACT_COMPANY);
  g_assert_cmpint (crm_contact_get_kind (contact), ==, CRM_CONTACT_COMPANY);
  CHECK_STRING (contact, contact, name, "Bērziņš");
  CHECK_INT64 (contact, contact, company_id, 102);
  CHECK_STRING (contact, contact, company_name, "SIA Ziedi");
  CHECK_INT64 (contact, contact, owner_id, 103);
  CHECK_STRING (contact, contact, owner_name, "Anna");
  crm_contact_set_is_key (contact, TRUE);
  g_assert_true (crm_contact_get_is_key (contact));
  CHECK_STRING (contact, contact, source, "Instagram");
  CHECK_STRING (contact, contact, notes, "Prefers mornings");
  CHECK_STRING (contact, contact, birthday, "1990-04-01");
  CHECK_STRING (contact, contact, primary_phone, "+371 20 000 000");
  CHECK_STRING (contact, contact, primary_email, "anna@example.com");
  CHECK_INT64 (contact, contact, created_at, 1700000000001);
  CHECK_INT64 (contact, contact, updated_at, 1700000000002);
  CHECK_INT64 (contact, contact, deleted_at, 1700000000003);
}

static void
test_pipeline_accessors (void)
{
  g_autoptr(CrmPipeline) pipeline = crm_pipeline_new ();

  CHECK_INT64 (pipeline, pipeline, id, 201);
  CHECK_STRING (pipeline, pipeline, name, "Sales");
  crm_pipeline_set_position (pipeline, 3);
  g_assert_cmpint (crm_pipeline_get_position (pipeline), ==, 3);
  CHECK_INT64 (pipeline, pipeline, deleted_at, 1700000000004);
}

static void
test_stage_accessors (void)
{
  g_autoptr(CrmStage) stage = crm_stage_new ();

  g_assert_cmpint (crm_stage_get_kind (stage), ==, CRM_STAGE_OPEN);

  CHECK_INT64 (stage, stage, id, 301);
  CHECK_INT64 (stage, stage, pipeline_id, 302);
  CHECK_STRING (stage, stage, name, "Offer sent");
  crm_stage_set_position (stage, 2);
  g_assert_cmpint (crm_stage_get_position (stage), ==, 2);
  CHECK_STRING (stage, stage, color, "#3584e4");
  crm_stage_set_kind (stage, CRM_STAGE_WON);
  g_assert_cmpint (crm_stage_get_kind (stage), ==, CRM_STAGE_WON);
  CHECK_INT64 (stage, stage, deal_count, 12);
  CHECK_INT64 (stage, stage, amount_total, 1234567);
  CHECK_INT64 (stage, stage, deleted_at, 1700000000005);
}

static void
test_deal_accessors (void)
{
  g_autoptr(CrmDeal) deal = crm_deal_new ();

  g_assert_cmpstr (crm_deal_get_currency (deal), ==, "EUR");
  g_assert_cmpint (crm_deal_get_stage_kind (deal), ==, CRM_STAGE_OPEN);

  CHECK_INT64 (deal, deal, id, 401);
  CHECK_STRING (deal, deal, title, "Wedding make-up");
  CHECK_INT64 (deal, deal, contact_id, 402);
  CHECK_STRING (deal, deal, contact_name, "Елена");
  CHECK_INT64 (deal, deal, amount, 15000);
  CHECK_STRING (deal, deal, currency, "RUB");
  CHECK_INT64 (deal, deal, stage_id, 403);
  CHECK_STRING (deal, deal, stage_name, "Won");
  crm_deal_set_stage_kind (deal, CRM_STAGE_LOST);
  g_assert_cmpint (crm_deal_get_stage_kind (deal), ==, CRM_STAGE_LOST);
  CHECK_INT64 (deal, deal, pipeline_id, 404);
  CHECK_INT64 (deal, deal, position, -1024);
  CHECK_INT64 (deal, deal, owner_id, 405);
  CHECK_STRING (deal, deal, owner_name, "Jānis");
  CHECK_STRING (deal, deal, expected_close, "2024-06-30");
  CHECK_STRING (deal, deal, lost_reason, "Too expensive");
  CHECK_INT64 (deal, deal, next_reminder_at, 1700000000006);
  CHECK_INT64 (deal, deal, created_at, 1700000000007);
  CHECK_INT64 (deal, deal, updated_at, 1700000000008);
  CHECK_INT64 (deal, deal, stage_changed_at, 1700000000009);
  CHECK_INT64 (deal, deal, deleted_at, 1700000000010);
}

static void
test_activity_accessors (void)
{
  g_autoptr(CrmActivity) activity = crm_activity_new ();

  g_assert_cmpint (crm_activity_get_kind (activity), ==, CRM_ACTIVITY_CALL);
  g_assert_cmpint (crm_activity_get_direction (activity), ==, CRM_CALL_OUTGOING);

  CHECK_INT64 (activity, activity, id, 501);
  crm_activity_set_kind (activity, CRM_ACTIVITY_MEETING);
  g_assert_cmpint (crm_activity_get_kind (activity), ==, CRM_ACTIVITY_MEETING);
  CHECK_INT64 (activity, activity, contact_id, 502);
  CHECK_STRING (activity, activity, contact_name, "Anna");
  CHECK_INT64 (activity, activity, deal_id, 503);
  CHECK_INT64 (activity, activity, user_id, 504);
  CHECK_STRING (activity, activity, user_name, "Pēteris");
  crm_activity_set_direction (activity, CRM_CALL_INCOMING);
  g_assert_cmpint (crm_activity_get_direction (activity), ==, CRM_CALL_INCOMING);
  CHECK_INT64 (activity, activity, started_at, 1700000000011);
  CHECK_INT64 (activity, activity, duration, 95);
  CHECK_STRING (activity, activity, outcome, "Will think");
  CHECK_STRING (activity, activity, key_points, "Competitor's packaging is nicer");
  CHECK_INT64 (activity, activity, recording_id, 505);
  CHECK_STRING (activity, activity, recording_path, "ab/cdef.ogg");
  CHECK_INT64 (activity, activity, created_at, 1700000000012);
  CHECK_INT64 (activity, activity, updated_at, 1700000000013);
  CHECK_INT64 (activity, activity, deleted_at, 1700000000014);
}

static void
test_reminder_accessors (void)
{
  g_autoptr(CrmReminder) reminder = crm_reminder_new ();

  CHECK_INT64 (reminder, reminder, id, 601);
  CHECK_INT64 (reminder, reminder, contact_id, 602);
  CHECK_STRING (reminder, reminder, contact_name, "Anna");
  CHECK_STRING (reminder, reminder, contact_phone, "+371 20 000 000");
  CHECK_INT64 (reminder, reminder, deal_id, 603);
  CHECK_STRING (reminder, reminder, deal_title, "Wedding make-up");
  CHECK_INT64 (reminder, reminder, assignee_id, 604);
  CHECK_STRING (reminder, reminder, assignee_name, "Jānis");
  CHECK_INT64 (reminder, reminder, due_at, 1700000000015);
  CHECK_STRING (reminder, reminder, note, "Call about the offer");
  CHECK_INT64 (reminder, reminder, done_at, 1700000000016);
  CHECK_INT64 (reminder, reminder, snoozed_until, 1700000000017);
  CHECK_INT64 (reminder, reminder, notified_at, 1700000000018);
  CHECK_INT64 (reminder, reminder, created_by, 605);
  CHECK_INT64 (reminder, reminder, created_at, 1700000000019);
  CHECK_INT64 (reminder, reminder, updated_at, 1700000000020);
  CHECK_INT64 (reminder, reminder, deleted_at, 1700000000021);
}

static void
test_typed_setter_notifies (void)
{
  g_autoptr(CrmDeal) deal = crm_deal_new ();
  GPtrArray *notified = watch_notify (deal);

  crm_deal_set_amount (deal, 2500);
  crm_deal_set_amount (deal, 2500);
  crm_deal_set_title (deal, "Haircut");
  crm_deal_set_title (deal, "Haircut");
  crm_deal_set_stage_kind (deal, CRM_STAGE_WON);
  crm_deal_set_stage_kind (deal, CRM_STAGE_WON);
  /* The default currency is no change either. */
  crm_deal_set_currency (deal, "EUR");

  g_assert_cmpuint (notified->len, ==, 3);
  g_assert_cmpuint (count_notify (notified, "amount"), ==, 1);
  g_assert_cmpuint (count_notify (notified, "title"), ==, 1);
  g_assert_cmpuint (count_notify (notified, "stage-kind"), ==, 1);

  crm_deal_set_title (deal, NULL);
  crm_deal_set_title (deal, NULL);
  g_assert_cmpuint (count_notify (notified, "title"), ==, 2);

  unwatch_notify (deal, notified);
}

static void
test_deal_copy_currency (void)
{
  g_autoptr(CrmDeal) deal = crm_deal_new ();
  g_autoptr(CrmDeal) copy = NULL;
  g_autoptr(CrmDeal) copy_of_default = crm_deal_copy (deal);

  g_assert_cmpstr (crm_deal_get_currency (copy_of_default), ==, "EUR");

  crm_deal_set_currency (deal, NULL);
  copy = crm_deal_copy (deal);
  g_assert_null (crm_deal_get_currency (copy));
}

/* Tags */

typedef struct
{
  const char  *noun;
  GType      (*get_type) (void);
  char     **(*get_tag_list) (GObject *object);
  void       (*set_tag_list) (GObject            *object,
                              const char * const *tags);
  GObject   *(*copy) (GObject *object);
} TagCase;

#define DEFINE_TAG_ACCESSORS(noun, Type)                                      \
  static char **                                                              \
  noun##_tag_list (GObject *object)                                           \
  {                                                                           \
    return crm_##noun##_get_tag_list (CRM_##Type (object));                   \
  }                                                                           \
                                                                              \
  static void                                                                 \
  noun##_set_tag_list (GObject            *object,                            \
                       const char * const *tags)                              \
  {                                                                           \
    crm_##noun##_set_tag_list (CRM_##Type (object), tags);                    \
  }

DEFINE_TAG_ACCESSORS (contact, CONTACT)
DEFINE_TAG_ACCESSORS (deal, DEAL)
DEFINE_TAG_ACCESSORS (activity, ACTIVITY)

static const TagCase tag_cases[] = {
  { "contact", crm_contact_get_type, contact_tag_list, contact_set_tag_list, copy_contact },
  { "deal", crm_deal_get_type, deal_tag_list, deal_set_tag_list, copy_deal },
  { "activity", crm_activity_get_type, activity_tag_list, activity_set_tag_list, copy_activity },
};

static void
assert_tags (GObject            *object,
             const TagCase      *c,
             const char * const *expected,
             const char         *display)
{
  g_autofree char *tags = NULL;
  char **list = c->get_tag_list (object);

  g_assert_nonnull (list);
  g_assert_cmpstrv (list, expected);

  g_object_get (object, "tags", &tags, NULL);
  g_assert_cmpstr (tags, ==, display);
}

static void
test_tags (gconstpointer data)
{
  const TagCase *c = data;
  g_autoptr(GObject) object = g_object_new (c->get_type (), NULL);
  g_autoptr(GObject) copy = NULL;
  GPtrArray *notified;
  const char * const none[] = { NULL };
  const char * const ab[] = { "a", "b", NULL };
  const char * const ba[] = { "b", "a", NULL };
  const char * const messy[] = { " vip ", "", "vip", "new,  late", NULL };
  const char * const cleaned[] = { "vip", "new", "late", NULL };
  const char * const abc[] = { "a", "b", "c", NULL };

  assert_tags (object, c, none, NULL);

  notified = watch_notify (object);

  g_object_set (object, "tags", ", a , ,b", NULL);
  assert_tags (object, c, ab, "a, b");
  g_assert_cmpuint (count_notify (notified, "tags"), ==, 1);

  /* Spelled differently, the same tags: no change. */
  g_object_set (object, "tags", "a,b,", NULL);
  c->set_tag_list (object, ab);
  assert_tags (object, c, ab, "a, b");
  g_assert_cmpuint (count_notify (notified, "tags"), ==, 1);

  /* Order is kept, so a new order is a change. */
  c->set_tag_list (object, ba);
  assert_tags (object, c, ba, "b, a");
  g_assert_cmpuint (count_notify (notified, "tags"), ==, 2);

  c->set_tag_list (object, messy);
  assert_tags (object, c, cleaned, "vip, new, late");
  g_assert_cmpuint (count_notify (notified, "tags"), ==, 3);

  g_object_set (object, "tags", " , ", NULL);
  assert_tags (object, c, none, NULL);
  g_assert_cmpuint (count_notify (notified, "tags"), ==, 4);

  c->set_tag_list (object, NULL);
  assert_tags (object, c, none, NULL);
  g_assert_cmpuint (count_notify (notified, "tags"), ==, 4);
  g_assert_cmpuint (notified->len, ==, 4);

  unwatch_notify (object, notified);

  /* The copy has its own list. */
  c->set_tag_list (object, ab);
  copy = c->copy (object);
  assert_tags (copy, c, ab, "a, b");
  g_assert_true (c->get_tag_list (copy) != c->get_tag_list (object));
  c->set_tag_list (copy, abc);
  assert_tags (copy, c, abc, "a, b, c");
  assert_tags (object, c, ab, "a, b");
}

/* Contact phones and e-mails */

static void
test_contact_phones_emails (void)
{
  g_autoptr(CrmContact) contact = crm_contact_new ();
  g_autoptr(CrmContact) copy = NULL;
  GPtrArray *phones;
  GPtrArray *emails;
  CrmPhone *phone;
  CrmEmail *email;

  phones = crm_contact_get_phones (contact);
  emails = crm_contact_get_emails (contact);
  g_assert_nonnull (phones);
  g_assert_nonnull (emails);
  g_assert_cmpuint (phones->len, ==, 0);
  g_assert_cmpuint (emails->len, ==, 0);

  phone = crm_phone_entry_new (CRM_PHONE_MOBILE, "8 (912) 345-67-89", "79123456789", NULL);
  phone->id = 11;
  crm_contact_add_phone (contact, phone);
  crm_contact_add_phone (contact, crm_phone_entry_new (CRM_PHONE_WORK, "20000000", "37120000000", "12"));
  email = crm_email_entry_new (CRM_EMAIL_HOME, "anna@example.com");
  email->id = 21;
  crm_contact_add_email (contact, email);

  g_assert_true (crm_contact_get_phones (contact) == phones);
  g_assert_cmpuint (phones->len, ==, 2);
  g_assert_true (g_ptr_array_index (phones, 0) == phone);
  g_assert_cmpuint (emails->len, ==, 1);

  copy = crm_contact_copy (contact);
  g_assert_true (crm_contact_get_phones (copy) != phones);
  g_assert_true (crm_contact_get_emails (copy) != emails);
  g_assert_cmpuint (crm_contact_get_phones (copy)->len, ==, 2);
  g_assert_cmpuint (crm_contact_get_emails (copy)->len, ==, 1);

  {
    CrmPhone *copied = g_ptr_array_index (crm_contact_get_phones (copy), 0);
    CrmPhone *second = g_ptr_array_index (crm_contact_get_phones (copy), 1);
    CrmEmail *copied_email = g_ptr_array_index (crm_contact_get_emails (copy), 0);

    g_assert_true (copied != phone);
    g_assert_cmpint (copied->id, ==, 11);
    g_assert_cmpint (copied->kind, ==, CRM_PHONE_MOBILE);
    g_assert_cmpstr (copied->raw, ==, "8 (912) 345-67-89");
    g_assert_cmpstr (copied->e164, ==, "79123456789");
    g_assert_null (copied->extension);
    g_assert_cmpstr (second->extension, ==, "12");
    g_assert_cmpint (second->kind, ==, CRM_PHONE_WORK);

    g_assert_true (copied_email != email);
    g_assert_cmpint (copied_email->id, ==, 21);
    g_assert_cmpint (copied_email->kind, ==, CRM_EMAIL_HOME);
    g_assert_cmpstr (copied_email->address, ==, "anna@example.com");

    /* Strings are copied too. */
    g_assert_true (copied->raw != phone->raw);
    copied->raw[0] = '+';
    g_assert_cmpstr (phone->raw, ==, "8 (912) 345-67-89");
    g_assert_true (copied_email->address != email->address);
  }

  crm_contact_clear_phones (copy);
  crm_contact_clear_emails (copy);
  g_assert_cmpuint (crm_contact_get_phones (copy)->len, ==, 0);
  g_assert_cmpuint (crm_contact_get_emails (copy)->len, ==, 0);
  g_assert_cmpuint (phones->len, ==, 2);
  g_assert_cmpuint (emails->len, ==, 1);
  g_assert_cmpstr (((CrmPhone *)g_ptr_array_index (phones, 1))->e164, ==, "37120000000");

  /* The lists are not properties and do not touch the primary ones. */
  g_assert_null (crm_contact_get_primary_phone (contact));
  g_assert_null (crm_contact_get_primary_email (contact));
}

static void
test_phone_email_boxed (void)
{
  g_autoptr(CrmPhone) phone = crm_phone_entry_new (CRM_PHONE_HOME, "+371 20 000 000", "37120000000", "7");
  g_autoptr(CrmPhone) copy = NULL;
  g_autoptr(CrmEmail) email = crm_email_entry_new (CRM_EMAIL_WORK, "info@example.lv");
  g_autoptr(CrmEmail) email_copy = NULL;

  g_assert_true (G_TYPE_IS_BOXED (CRM_TYPE_PHONE_ENTRY));
  g_assert_true (G_TYPE_IS_BOXED (CRM_TYPE_EMAIL_ENTRY));
  g_assert_cmpint (phone->id, ==, 0);

  phone->id = 42;
  copy = g_boxed_copy (CRM_TYPE_PHONE_ENTRY, phone);
  g_assert_true (copy != phone);
  g_assert_cmpint (copy->id, ==, 42);
  g_assert_cmpint (copy->kind, ==, CRM_PHONE_HOME);
  g_assert_cmpstr (copy->raw, ==, "+371 20 000 000");
  g_assert_cmpstr (copy->e164, ==, "37120000000");
  g_assert_cmpstr (copy->extension, ==, "7");
  g_assert_true (copy->extension != phone->extension);

  email->id = 43;
  email_copy = g_boxed_copy (CRM_TYPE_EMAIL_ENTRY, email);
  g_assert_cmpint (email_copy->id, ==, 43);
  g_assert_cmpint (email_copy->kind, ==, CRM_EMAIL_WORK);
  g_assert_cmpstr (email_copy->address, ==, "info@example.lv");
  g_assert_true (email_copy->address != email->address);

  crm_phone_entry_free (NULL);
  crm_email_entry_free (NULL);
}

/* Reminders */

static void
test_reminder_effective_due (void)
{
  g_autoptr(CrmReminder) reminder = crm_reminder_new ();
  GPtrArray *notified;
  gint64 due_at;

  g_assert_cmpint (crm_reminder_get_effective_due (reminder), ==, 0);
  g_assert_false (crm_reminder_get_is_done (reminder));

  notified = watch_notify (reminder);

  crm_reminder_set_due_at (reminder, 10000);
  g_assert_cmpint (crm_reminder_get_effective_due (reminder), ==, 10000);
  g_assert_cmpuint (count_notify (notified, "effective-due"), ==, 1);

  /* Snoozed past the due time: the snooze counts. */
  crm_reminder_set_snoozed_until (reminder, 70000);
  g_assert_cmpint (crm_reminder_get_effective_due (reminder), ==, 70000);
  g_assert_cmpuint (count_notify (notified, "effective-due"), ==, 2);

  /* Moving the due time while still before the snooze changes nothing. */
  crm_reminder_set_due_at (reminder, 20000);
  g_assert_cmpint (crm_reminder_get_effective_due (reminder), ==, 70000);
  g_assert_cmpuint (count_notify (notified, "effective-due"), ==, 2);
  g_assert_cmpuint (count_notify (notified, "due-at"), ==, 2);

  /* Due later than the snooze: the due time counts. */
  crm_reminder_set_due_at (reminder, 90000);
  g_assert_cmpint (crm_reminder_get_effective_due (reminder), ==, 90000);
  g_assert_cmpuint (count_notify (notified, "effective-due"), ==, 3);

  /* A snooze that ends before the due time is ignored. */
  crm_reminder_set_snoozed_until (reminder, 80000);
  g_assert_cmpint (crm_reminder_get_effective_due (reminder), ==, 90000);
  g_assert_cmpuint (count_notify (notified, "effective-due"), ==, 3);

  crm_reminder_set_snoozed_until (reminder, 0);
  g_assert_cmpint (crm_reminder_get_effective_due (reminder), ==, 90000);
  g_object_get (reminder, "effective-due", &due_at, NULL);
  g_assert_cmpint (due_at, ==, 90000);

  crm_reminder_set_snoozed_until (reminder, 95000);
  g_object_get (reminder, "effective-due", &due_at, NULL);
  g_assert_cmpint (due_at, ==, 95000);
  g_assert_cmpuint (count_notify (notified, "effective-due"), ==, 4);

  /* Done */
  crm_reminder_set_done_at (reminder, 96000);
  g_assert_true (crm_reminder_get_is_done (reminder));
  g_assert_cmpuint (count_notify (notified, "is-done"), ==, 1);
  crm_reminder_set_done_at (reminder, 97000);
  g_assert_true (crm_reminder_get_is_done (reminder));
  g_assert_cmpuint (count_notify (notified, "is-done"), ==, 1);
  g_assert_cmpuint (count_notify (notified, "done-at"), ==, 2);
  crm_reminder_set_done_at (reminder, 0);
  g_assert_false (crm_reminder_get_is_done (reminder));
  g_assert_cmpuint (count_notify (notified, "is-done"), ==, 2);

  /* Being done does not move the due time. */
  g_assert_cmpint (crm_reminder_get_effective_due (reminder), ==, 95000);

  unwatch_notify (reminder, notified);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (object_cases); i++)
    {
      const ObjectCase *c = &object_cases[i];
      g_autofree char *declared = g_strdup_printf ("/objects/%s/properties", c->noun);
      g_autofree char *notify = g_strdup_printf ("/objects/%s/notify-once", c->noun);
      g_autofree char *copy = g_strdup_printf ("/objects/%s/copy", c->noun);

      g_test_add_data_func (declared, c, test_properties_declared);
      g_test_add_data_func (notify, c, test_notify_once);
      g_test_add_data_func (copy, c, test_copy_is_deep);
    }

  for (guint i = 0; i < G_N_ELEMENTS (tag_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/objects/%s/tags", tag_cases[i].noun);

      g_test_add_data_func (path, &tag_cases[i], test_tags);
    }

  g_test_add_func ("/objects/contact/accessors", test_contact_accessors);
  g_test_add_func ("/objects/contact/phones-emails", test_contact_phones_emails);
  g_test_add_func ("/objects/contact/boxed-entries", test_phone_email_boxed);
  g_test_add_func ("/objects/pipeline/accessors", test_pipeline_accessors);
  g_test_add_func ("/objects/stage/accessors", test_stage_accessors);
  g_test_add_func ("/objects/deal/accessors", test_deal_accessors);
  g_test_add_func ("/objects/deal/typed-setters-notify", test_typed_setter_notifies);
  g_test_add_func ("/objects/deal/copy-currency", test_deal_copy_currency);
  g_test_add_func ("/objects/activity/accessors", test_activity_accessors);
  g_test_add_func ("/objects/reminder/accessors", test_reminder_accessors);
  g_test_add_func ("/objects/reminder/effective-due", test_reminder_effective_due);

  return g_test_run ();
}
