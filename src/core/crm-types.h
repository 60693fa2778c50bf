/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _CrmDatabase  CrmDatabase;
typedef struct _CrmStatement CrmStatement;
typedef struct _CrmStore     CrmStore;
typedef struct _CrmContact   CrmContact;
typedef struct _CrmDeal      CrmDeal;
typedef struct _CrmStage     CrmStage;
typedef struct _CrmPipeline  CrmPipeline;
typedef struct _CrmReminder  CrmReminder;
typedef struct _CrmActivity  CrmActivity;

/* Every kind of row the store can tell views about in its `changed` signal. */
typedef enum
{
  CRM_ENTITY_ANY,
  CRM_ENTITY_USER,
  CRM_ENTITY_CONTACT,
  CRM_ENTITY_PIPELINE,
  CRM_ENTITY_STAGE,
  CRM_ENTITY_DEAL,
  CRM_ENTITY_ACTIVITY,
  CRM_ENTITY_REMINDER,
  CRM_ENTITY_ATTACHMENT,
} CrmEntityKind;

typedef enum
{
  CRM_CONTACT_PERSON,
  CRM_CONTACT_COMPANY,
} CrmContactKind;

typedef enum
{
  CRM_STAGE_OPEN,
  CRM_STAGE_WON,
  CRM_STAGE_LOST,
} CrmStageKind;

typedef enum
{
  CRM_ACTIVITY_CALL,
  CRM_ACTIVITY_NOTE,
  CRM_ACTIVITY_MEETING,
  CRM_ACTIVITY_TASK,
} CrmActivityKind;

typedef enum
{
  CRM_CALL_OUTGOING,
  CRM_CALL_INCOMING,
} CrmCallDirection;

typedef enum
{
  CRM_PHONE_MOBILE,
  CRM_PHONE_WORK,
  CRM_PHONE_HOME,
  CRM_PHONE_OTHER,
} CrmPhoneKind;

typedef enum
{
  CRM_EMAIL_WORK,
  CRM_EMAIL_HOME,
  CRM_EMAIL_OTHER,
} CrmEmailKind;

typedef enum
{
  CRM_ROLE_ADMINISTRATOR,
  CRM_ROLE_HEAD,
  CRM_ROLE_SALES,
  CRM_ROLE_TRAINEE,
} CrmRole;

G_END_DECLS
