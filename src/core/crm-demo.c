/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "crm-demo"

#include "config.h"

#include <inttypes.h>

#include <string.h>

#include <glib/gi18n-lib.h>

#include "crm-demo.h"
#include "crm-id.h"
#include "crm-phone.h"
#include "crm-pipeline.h"
#include "crm-search.h"
#include "crm-stage.h"
#include "crm-store-contacts.h"
#include "crm-store-deals.h"
#include "crm-store-private.h"
#include "crm-text.h"
#include "crm-time.h"

/* The demo shows a small Latvian business: a beauty salon that also sells
 * to companies. What its people typed (names, call notes, deal titles,
 * reminders) is Latvian or Russian, as it would be in such a business,
 * whatever the language of the program. What the program itself names
 * (the salon pipeline and its stages) is translatable English, like the
 * default pipeline the store creates, so it reads as Pieraksts /
 * Apmeklējums / Atkārtots apmeklējums in Latvian.
 *
 * Rows are written directly, not through crm_store_add_contact() and its
 * kin: those stamp every row with the current time, and a demo needs a
 * past (clients from the last two years, deals that moved through the
 * funnel over months, calls over the last 90 days), and it needs to write
 * a hundred thousand clients in seconds. It writes everything the store
 * would: folded names, normalised phones, "created" and stage history, the
 * stage path of every deal, and the search index through the very
 * functions the store uses. */

#define MS_PER_MINUTE ((gint64) 60 * 1000)
#define MS_PER_HOUR   (60 * MS_PER_MINUTE)
#define MS_PER_DAY    (24 * MS_PER_HOUR)

/* Where the store puts the first deal of a stage and the gap between
 * neighbours; see crm-store-deals.c. */
#define POSITION_STEP ((gint64) 1024)

/* Out of a hundred clients. */
#define COMPANY_PERCENT 12

/* How often, at most, progress is reported: every 1%. */
#define PROGRESS_STEP 0.01

/* Work units of one row of each kind, roughly in proportion to its cost,
 * so that progress moves evenly. */
#define CONTACT_UNITS  8
#define DEAL_UNITS     6
#define CALL_UNITS     2
#define REMINDER_UNITS 2

/* Names */

typedef struct
{
  const char *male;
  const char *female;
} NamePair;

typedef struct
{
  const char *cyrillic;
  const char *latin;    /* as a Latvian passport writes it */
} RussianName;

typedef struct
{
  RussianName male;
  RussianName female;
} RussianSurname;

static const char * const latvian_women[] = {
  "Anna", "Ilze", "Inese", "Līga", "Kristīne", "Laura", "Baiba", "Dace",
  "Sandra", "Zane", "Ieva", "Agnese", "Evija", "Linda", "Madara", "Marta",
  "Elīna", "Sanita", "Daiga", "Gunta", "Ilona", "Santa", "Aija", "Rūta",
  "Vineta", "Signe", "Indra", "Anete", "Katrīna", "Alise", "Sintija",
  "Lelde", "Māra", "Solvita", "Egija", "Kitija", "Dārta", "Annija", "Elza",
  "Paula",
};

static const char * const latvian_men[] = {
  "Jānis", "Andris", "Mārtiņš", "Edgars", "Kārlis", "Juris", "Aivars",
  "Guntis", "Raivis", "Roberts", "Artūrs", "Māris", "Uldis", "Valdis",
  "Gints", "Rihards", "Toms", "Dāvis", "Ēriks", "Armands", "Kaspars",
  "Normunds", "Oskars", "Ivars", "Imants", "Ainārs", "Didzis", "Reinis",
  "Emīls", "Gatis", "Ansis", "Aigars", "Pēteris", "Krists", "Ričards",
  "Arvis", "Kristaps", "Gustavs", "Matīss", "Valters",
};

/* Latvian surnames change their ending with the bearer: -iņš/-iņa,
 * -is/-e, -s/-a, -ons/-one, -skis/-ska; some stay the same. */
static const NamePair latvian_surnames[] = {
  { "Bērziņš", "Bērziņa" },       { "Ozoliņš", "Ozoliņa" },
  { "Kalniņš", "Kalniņa" },       { "Liepiņš", "Liepiņa" },
  { "Jansons", "Jansone" },       { "Kļaviņš", "Kļaviņa" },
  { "Zariņš", "Zariņa" },         { "Krūmiņš", "Krūmiņa" },
  { "Eglītis", "Eglīte" },        { "Vītoliņš", "Vītoliņa" },
  { "Siliņš", "Siliņa" },         { "Pētersons", "Pētersone" },
  { "Ozols", "Ozola" },           { "Balodis", "Balode" },
  { "Freimanis", "Freimane" },    { "Lapiņš", "Lapiņa" },
  { "Vanags", "Vanaga" },         { "Strazds", "Strazda" },
  { "Kalējs", "Kalēja" },         { "Vilks", "Vilka" },
  { "Krauklis", "Kraukle" },      { "Lūsis", "Lūse" },
  { "Dzenis", "Dzene" },          { "Sproģis", "Sproģe" },
  { "Āboliņš", "Āboliņa" },       { "Grīnbergs", "Grīnberga" },
  { "Jakobsons", "Jakobsone" },   { "Kronbergs", "Kronberga" },
  { "Šmits", "Šmite" },           { "Avotiņš", "Avotiņa" },
  { "Rozenbergs", "Rozenberga" }, { "Dombrovskis", "Dombrovska" },
  { "Priedītis", "Priedīte" },    { "Zīle", "Zīle" },
  { "Zvaigzne", "Zvaigzne" },     { "Cīrulis", "Cīrule" },
  { "Lācis", "Lāce" },            { "Celmiņš", "Celmiņa" },
  { "Mežulis", "Mežule" },        { "Auziņš", "Auziņa" },
  { "Purmalis", "Purmale" },      { "Kārkliņš", "Kārkliņa" },
  { "Gailis", "Gaile" },          { "Skujiņš", "Skujiņa" },
  { "Upītis", "Upīte" },          { "Circenis", "Circene" },
  { "Mednis", "Medne" },          { "Kalnietis", "Kalniete" },
  { "Paegle", "Paegle" },         { "Roze", "Roze" },
};

static const RussianName russian_women[] = {
  { "Елена", "Jeļena" },        { "Ольга", "Olga" },
  { "Наталья", "Natālija" },    { "Татьяна", "Tatjana" },
  { "Ирина", "Irina" },         { "Светлана", "Svetlana" },
  { "Анна", "Anna" },           { "Мария", "Marija" },
  { "Юлия", "Jūlija" },         { "Екатерина", "Jekaterina" },
  { "Марина", "Marina" },       { "Людмила", "Ludmila" },
  { "Галина", "Gaļina" },       { "Анастасия", "Anastasija" },
  { "Виктория", "Viktorija" },  { "Оксана", "Oksana" },
  { "Алла", "Alla" },           { "Валентина", "Valentīna" },
  { "Ксения", "Ksenija" },      { "Дарья", "Darja" },
  { "Полина", "Poļina" },       { "Вера", "Vera" },
};

static const RussianName russian_men[] = {
  { "Дмитрий", "Dmitrijs" },      { "Алексей", "Aleksejs" },
  { "Сергей", "Sergejs" },        { "Андрей", "Andrejs" },
  { "Александр", "Aleksandrs" },  { "Владимир", "Vladimirs" },
  { "Игорь", "Igors" },           { "Николай", "Nikolajs" },
  { "Михаил", "Mihails" },        { "Павел", "Pāvels" },
  { "Евгений", "Jevgeņijs" },     { "Олег", "Oļegs" },
  { "Виктор", "Viktors" },        { "Константин", "Konstantīns" },
  { "Артём", "Artjoms" },         { "Юрий", "Jurijs" },
  { "Максим", "Maksims" },        { "Роман", "Romāns" },
  { "Денис", "Deniss" },          { "Илья", "Iļja" },
  { "Вадим", "Vadims" },          { "Кирилл", "Kirils" },
};

static const RussianSurname russian_surnames[] = {
  { { "Иванов", "Ivanovs" },         { "Иванова", "Ivanova" } },
  { { "Смирнов", "Smirnovs" },       { "Смирнова", "Smirnova" } },
  { { "Кузнецов", "Kuzņecovs" },     { "Кузнецова", "Kuzņecova" } },
  { { "Попов", "Popovs" },           { "Попова", "Popova" } },
  { { "Васильев", "Vasiļjevs" },     { "Васильева", "Vasiļjeva" } },
  { { "Петров", "Petrovs" },         { "Петрова", "Petrova" } },
  { { "Соколов", "Sokolovs" },       { "Соколова", "Sokolova" } },
  { { "Михайлов", "Mihailovs" },     { "Михайлова", "Mihailova" } },
  { { "Новиков", "Novikovs" },       { "Новикова", "Novikova" } },
  { { "Фёдоров", "Fjodorovs" },      { "Фёдорова", "Fjodorova" } },
  { { "Морозов", "Morozovs" },       { "Морозова", "Morozova" } },
  { { "Волков", "Volkovs" },         { "Волкова", "Volkova" } },
  { { "Лебедев", "Lebedevs" },       { "Лебедева", "Lebedeva" } },
  { { "Козлов", "Kozlovs" },         { "Козлова", "Kozlova" } },
  { { "Павлов", "Pavlovs" },         { "Павлова", "Pavlova" } },
  { { "Семёнов", "Semjonovs" },      { "Семёнова", "Semjonova" } },
  { { "Орлов", "Orlovs" },           { "Орлова", "Orlova" } },
  { { "Жуков", "Žukovs" },           { "Жукова", "Žukova" } },
  { { "Соловьёв", "Solovjovs" },     { "Соловьёва", "Solovjova" } },
  { { "Григорьев", "Grigorjevs" },   { "Григорьева", "Grigorjeva" } },
  { { "Захаров", "Zaharovs" },       { "Захарова", "Zaharova" } },
  { { "Никитин", "Ņikitins" },       { "Никитина", "Ņikitina" } },
  { { "Степанов", "Stepanovs" },     { "Степанова", "Stepanova" } },
  { { "Яковлев", "Jakovļevs" },      { "Яковлева", "Jakovļeva" } },
  { { "Белов", "Belovs" },           { "Белова", "Belova" } },
  { { "Виноградов", "Vinogradovs" }, { "Виноградова", "Vinogradova" } },
  { { "Голубев", "Golubevs" },       { "Голубева", "Golubeva" } },
  { { "Тарасов", "Tarasovs" },       { "Тарасова", "Tarasova" } },
};

/* Companies: a Latvian SIA or AS named after something local, sometimes
 * with what it does; or a Russian partner, an ООО. */
static const char * const latvian_company_cores[] = {
  "Liepa", "Dzintars", "Saulīte", "Rīta Rasa", "Zelta Ābele", "Vecrīga",
  "Daugava", "Gauja", "Ozolkalns", "Baltā Roze", "Sprīdītis", "Lauma",
  "Mētra", "Kastanis", "Pērle", "Zvaigznīte", "Rūķis", "Jūrmalas Vējš",
  "Baltijas Koks", "Stiprais Pamats", "Ziemeļblāzma", "Lāsmiņa",
  "Vizbulīte", "Ābeļdārzs", "Mežvidi", "Staburags", "Zilais Kalns",
  "Gaismiņa", "Tērce", "Kurzemes Nams", "Ezermala", "Dārta", "Vējdzirnavas",
  "Sidrabe", "Akmeņlauztuve", "Ziedlapiņa", "Rīgas Līcis", "Smilgas",
  "Avotkalns", "Pūpoliņš",
};

static const char * const latvian_company_trades[] = {
  "Skaistumkopšana", "Nagu Studija", "Frizētava", "SPA", "Kosmētika",
  "Būvniecība", "Remonts", "Jumti", "Logi", "Ziedi", "Serviss",
  "Tirdzniecība", "Grupa", "Projekti", "Apdare", "Santehnika",
};

static const char * const latvian_towns[] = {
  "Rīga", "Jelgava", "Ogre", "Valmiera", "Liepāja", "Ventspils",
  "Daugavpils", "Jūrmala", "Sigulda", "Cēsis", "Tukums", "Bauska",
};

static const RussianName russian_company_cores[] = {
  { "Янтарь", "jantar" },            { "Балтика", "baltika" },
  { "Лилия", "lilija" },             { "Северное сияние", "siyanie" },
  { "Вектор", "vektor" },            { "Гранит", "granit" },
  { "Фортуна", "fortuna" },          { "Комфорт", "komfort" },
  { "Ромашка", "romashka" },         { "Меридиан", "meridian" },
  { "Парус", "parus" },              { "Берёзка", "berjozka" },
  { "Звезда", "zvezda" },            { "Орион", "orion" },
};

static const RussianName russian_company_trades[] = {
  { "Строй", "stroj" },   { "Сервис", "servis" }, { "Трейд", "trade" },
  { "Косметик", "kosmetik" }, { "Мастер", "master" }, { "Дизайн", "dizain" },
};

static const char * const company_mailboxes[] = {
  "info", "birojs", "salons", "pasutijumi", "office",
};

static const char * const mail_domains_latvian[] = {
  "inbox.lv", "gmail.com", "apollo.lv", "outlook.com", "one.lv", "tvnet.lv",
};

static const char * const mail_domains_russian[] = {
  "mail.ru", "gmail.com", "inbox.lv", "yandex.ru", "outlook.com",
};

static const char * const sources_latvian[] = {
  "Instagram", "Facebook", "Ieteikums", "Mājaslapa", "Google", "Garāmgājējs",
  "Dāvanu karte",
};

static const char * const sources_russian[] = {
  "Instagram", "Facebook", "Рекомендация", "Сайт", "Google", "Подарочный сертификат",
};

static const char * const notes_latvian[] = {
  "Alerģija pret lateksu.",
  "Vēlas, lai vienmēr apkalpo viena un tā pati meistare.",
  "Rēķinus sūtīt uz uzņēmuma e-pastu.",
  "Dod priekšroku rīta laikiem.",
  "Zvanīt tikai pēc plkst. 17.",
};

static const char * const notes_russian[] = {
  "Аллергия на латекс.",
  "Хочет, чтобы всегда обслуживал один и тот же мастер.",
  "Счета отправлять на почту фирмы.",
  "Предпочитает утреннее время.",
  "Звонить только после 17 часов.",
};

/* Deals */

typedef struct
{
  const char *title;
  gint64      min_cents;
  gint64      max_cents;
} Offer;

static const Offer salon_offers_latvian[] = {
  { "Manikīrs", 2000, 3500 },
  { "Gēla nagu pieaudzēšana", 4000, 6500 },
  { "Pedikīrs", 3000, 4500 },
  { "Matu griezums un krāsošana", 5500, 14000 },
  { "Sejas tīrīšana", 4500, 7500 },
  { "Uzacu korekcija", 1200, 2500 },
  { "Skropstu pieaudzēšana", 4500, 8000 },
  { "Masāža 60 min", 4000, 6000 },
  { "Dāvanu karte", 2500, 15000 },
  { "Līgavas frizūra un grims", 12000, 25000 },
};

static const Offer salon_offers_russian[] = {
  { "Маникюр", 2000, 3500 },
  { "Наращивание ногтей", 4000, 6500 },
  { "Педикюр", 3000, 4500 },
  { "Стрижка и окрашивание", 5500, 14000 },
  { "Чистка лица", 4500, 7500 },
  { "Коррекция бровей", 1200, 2500 },
  { "Наращивание ресниц", 4500, 8000 },
  { "Массаж 60 мин", 4000, 6000 },
  { "Подарочный сертификат", 2500, 15000 },
  { "Свадебная причёска и макияж", 12000, 25000 },
};

static const Offer sales_offers_latvian[] = {
  { "Kosmētikas piegāde", 30000, 450000 },
  { "Salona aprīkojums", 150000, 1800000 },
  { "Biroja remonts", 250000, 2500000 },
  { "Jumta nomaiņa", 400000, 3000000 },
  { "Logu uzstādīšana", 120000, 900000 },
  { "Gada apkopes līgums", 60000, 480000 },
  { "Korporatīvās dāvanu kartes", 50000, 300000 },
  { "Darbinieku apmācības", 40000, 250000 },
};

static const Offer sales_offers_russian[] = {
  { "Поставка косметики", 30000, 450000 },
  { "Оборудование для салона", 150000, 1800000 },
  { "Ремонт офиса", 250000, 2500000 },
  { "Замена кровли", 400000, 3000000 },
  { "Установка окон", 120000, 900000 },
  { "Годовой договор на обслуживание", 60000, 480000 },
  { "Корпоративные сертификаты", 50000, 300000 },
  { "Обучение персонала", 40000, 250000 },
};

static const char * const lost_reasons_latvian[] = {
  "Izvēlējās konkurentu",
  "Par dārgu",
  "Pārcēla uz nākamo gadu",
  "Neatbild uz zvaniem",
  "Nebija brīva laika, kas der klientam",
};

static const char * const lost_reasons_russian[] = {
  "Выбрали конкурента",
  "Слишком дорого",
  "Перенесли на следующий год",
  "Не отвечает на звонки",
  "Не нашлось удобного времени",
};

/* Calls */

typedef struct
{
  const char *text;
  gboolean    answered;
} Outcome;

static const Outcome outcomes_latvian[] = {
  { "Pierakstīts", TRUE },
  { "Atzvanīt vēlāk", TRUE },
  { "Nosūtīts piedāvājums", TRUE },
  { "Vienojāmies par tikšanos", TRUE },
  { "Nav ieinteresēts", TRUE },
  { "Jautājums atrisināts", TRUE },
  { "Neatbild", FALSE },
  { "Aizņemts", FALSE },
};

static const Outcome outcomes_russian[] = {
  { "Записан", TRUE },
  { "Перезвонить позже", TRUE },
  { "Отправлено предложение", TRUE },
  { "Договорились о встрече", TRUE },
  { "Не заинтересован", TRUE },
  { "Вопрос решён", TRUE },
  { "Не отвечает", FALSE },
  { "Занято", FALSE },
};

static const char * const key_points_latvian[] = {
  "Klientei patika iepriekšējā procedūra, vēlas pierakstīties vēlreiz.",
  "Interesējas par gēla nagu noņemšanu un jaunu dizainu.",
  "Lūdza atsūtīt cenrādi uz e-pastu.",
  "Salīdzina mūsu cenas ar konkurentu piedāvājumu.",
  "Vienojāmies par tikšanos nākamnedēļ.",
  "Jāpārbauda, vai meistare ir brīva sestdienā.",
  "Klients apmierināts ar darbu, ieteiks draugiem.",
  "Vēlas atlaidi, ja pasūta vairākas procedūras.",
  "Piedāvājums nosūtīts, gaida direktora apstiprinājumu.",
  "Rēķins apmaksāts, jāsagatavo pavadzīme.",
  "Pārcēla vizīti uz citu dienu.",
  "Sūdzējās par kavēšanos, atvainojāmies un piedāvājām atlaidi.",
  "Jautāja par dāvanu kartēm uzņēmuma darbiniekiem.",
  "Tāme jāprecizē pēc objekta apskates.",
};

static const char * const key_points_russian[] = {
  "Клиентка довольна прошлой процедурой, хочет записаться снова.",
  "Интересуется окрашиванием и стрижкой.",
  "Попросил выслать прайс на почту.",
  "Сравнивает наши цены с конкурентами.",
  "Договорились о встрече на следующей неделе.",
  "Нужно уточнить, свободен ли мастер в субботу.",
  "Ждёт согласования сметы с директором.",
  "Счёт оплачен, нужно подготовить накладную.",
  "Перенесла визит на другой день.",
  "Жаловалась на задержку, извинились и предложили скидку.",
  "Просит скидку при заказе нескольких процедур.",
  "Спрашивал о подарочных сертификатах для сотрудников.",
  "Смету уточним после осмотра объекта.",
};

/* Competitors people mention, and what else a call gets tagged with. */
static const char * const competitors[] = {
  "Zelta Šķēres", "Nagu Fabrika", "Baltic Build", "Салон Арбат", "BeautyLine",
};

static const char * const call_topics[] = {
  "cena", "atlaide", "sūdzība", "VIP",
};

/* Reminders */

static const char * const reminder_notes_latvian[] = {
  "Atzvanīt par piedāvājumu",
  "Atgādināt par vizīti",
  "Nosūtīt rēķinu",
  "Pārbaudīt, vai rēķins apmaksāts",
  "Apsveikt dzimšanas dienā",
  "Piedāvāt jauno procedūru",
  "Precizēt tāmi",
};

static const char * const reminder_notes_russian[] = {
  "Перезвонить по предложению",
  "Напомнить о визите",
  "Отправить счёт",
  "Проверить оплату счёта",
  "Поздравить с днём рождения",
  "Предложить новую процедуру",
  "Уточнить смету",
};

/* Employees. The Russian speakers get most Russian-speaking clients. */
typedef struct
{
  const char *login;
  const char *name;
  CrmRole     role;
  guint       weight;
  gboolean    speaks_russian;
} Employee;

static const Employee employees[] = {
  { "anna",     "Anna Liepiņa",      CRM_ROLE_SALES,   30, FALSE },
  { "janis",    "Jānis Ozols",       CRM_ROLE_HEAD,    15, FALSE },
  { "olga",     "Olga Petrova",      CRM_ROLE_SALES,   25, TRUE },
  { "dmitrijs", "Dmitrijs Sokolovs", CRM_ROLE_SALES,   20, TRUE },
  { "ilze",     "Ilze Kalniņa",      CRM_ROLE_TRAINEE, 10, FALSE },
};

/* The salon pipeline. The store makes a pipeline with "New", "Won" and
 * "Lost"; "New" becomes the first stage here and the others are added. */
#define SALON_PIPELINE N_("Salon")
static const char * const salon_open_stages[] = {
  N_("Booked"), N_("Visit"), N_("Repeat visit"),
};
/* The first stage keeps the colour the store gave it. */
static const char * const salon_stage_colors[] = {
  NULL, "#f8e45c", "#ffa348",
};

/* SQL */

#define SQL_COUNT_CONTACTS "SELECT count(*) FROM contacts"

/* With the sort keys the store keeps (see crm-store-private.h). */
#define SQL_INSERT_CONTACT \
  "INSERT INTO contacts (id, kind, name, name_folded, company_id, owner_id, " \
  "  is_key, source, notes, birthday, created_at, updated_at, company_sort, owner_sort) " \
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, " \
  "  " CRM_SORT_KEY_CONTACT ("?5") ", " CRM_SORT_KEY_USER ("?6") ")"

#define SQL_INSERT_PHONE \
  "INSERT INTO phones (id, contact_id, kind, raw, e164, digits_rev, extension, position) " \
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL, ?7)"

#define SQL_INSERT_EMAIL \
  "INSERT INTO emails (id, contact_id, kind, address, folded, position) " \
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"

#define SQL_FIND_TAG "SELECT id FROM tags WHERE folded = ?1"
#define SQL_INSERT_TAG "INSERT INTO tags (id, name, folded) VALUES (?1, ?2, ?3)"
#define SQL_LINK_CONTACT_TAG "INSERT OR IGNORE INTO contact_tags (contact_id, tag_id) VALUES (?1, ?2)"
#define SQL_LINK_ACTIVITY_TAG "INSERT OR IGNORE INTO activity_tags (activity_id, tag_id) VALUES (?1, ?2)"

#define SQL_INSERT_HISTORY \
  "INSERT INTO history (id, entity_kind, entity_id, user_id, at, field, old_value, new_value) " \
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"

#define SQL_LAST_POSITION \
  "SELECT coalesce (max (position), 0) FROM deals WHERE stage_id = ?1 AND deleted_at IS NULL"

#define SQL_INSERT_DEAL \
  "INSERT INTO deals (id, title, title_folded, contact_id, amount, currency, " \
  "  stage_id, position, owner_id, expected_close, lost_reason, " \
  "  created_at, updated_at, stage_changed_at, client_sort, stage_sort, owner_sort) " \
  "VALUES (?1, ?2, ?3, ?4, ?5, 'EUR', ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, " \
  "  " CRM_SORT_KEY_CONTACT ("?4") ", " CRM_SORT_KEY_STAGE ("?6") ", " \
  "  " CRM_SORT_KEY_USER ("?8") ")"

#define SQL_INSERT_STAGE_MOVE \
  "INSERT INTO deal_stage_history (id, deal_id, from_stage_id, to_stage_id, user_id, at) " \
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"

#define SQL_INSERT_CALL \
  "INSERT INTO activities (id, kind, contact_id, deal_id, user_id, direction, " \
  "  started_at, duration_s, outcome, key_points, created_at, updated_at) " \
  "VALUES (?1, 0, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)"

#define SQL_INSERT_REMINDER \
  "INSERT INTO reminders (id, contact_id, deal_id, assignee_id, due_at, note, " \
  "  done_at, notified_at, created_by, created_at, updated_at) " \
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?4, ?9, ?10)"

/* A small generator of our own (splitmix64), so that a seed gives the
 * same data everywhere, whatever GLib's generator does. */
typedef struct
{
  guint64 state;
} DemoRandom;

/* A bijection of [0, size): step is coprime to size, so the numbers
 * made from successive counters never repeat until all are used. That is
 * what keeps demo phone numbers unique without looking them up. */
typedef struct
{
  guint64 size;
  guint64 step;
  guint64 offset;
  guint64 used;
} NumberSequence;

typedef enum
{
  SCRIPT_LATVIAN,
  SCRIPT_RUSSIAN_CYRILLIC,
  SCRIPT_RUSSIAN_LATIN,
} NameScript;

typedef struct
{
  gint64   id;
  gint64   owner_id;
  gint64   created_at;
  gboolean is_company;
  gboolean speaks_russian;
} DemoClient;

typedef struct
{
  gint64   id;
  guint    client;
  gint64   created_at;
  gboolean open;
} DemoDeal;

typedef struct
{
  gint64  id;
  char   *name;
} DemoStage;

typedef struct
{
  gint64     id;
  GArray    *open;    /* DemoStage, in order */
  DemoStage  won;     /* id 0 when the pipeline has no won stage */
  DemoStage  lost;
} DemoPipeline;

/* One phone of a new client: as typed, and what it must read as. */
typedef struct
{
  CrmPhoneKind  kind;
  char         *raw;
  char         *e164;
} DemoPhone;

/* A client before it is written. */
typedef struct
{
  CrmContactKind  kind;
  char           *name;
  gint64          company_id;
  gint64          owner_id;
  gboolean        is_key;
  const char     *source;
  const char     *notes;
  char           *birthday;
  const char     *tag;
  gint64          created_at;
  DemoPhone       phones[2];
  guint           n_phones;
  char           *email;
  CrmEmailKind    email_kind;
} ContactDraft;

typedef struct
{
  CrmStore              *store;
  CrmDatabase           *db;
  const CrmDemoOptions  *options;
  DemoRandom             rng;

  gint64                 now;
  gint64                 today;        /* local midnight */
  gboolean               national_ok;  /* national phone forms read as Latvian */
  const char            *country;

  gint64                 employee_ids[G_N_ELEMENTS (employees)];
  guint                  employee_weight_total;
  guint                  russian_weight_total;

  DemoPipeline           sales;
  DemoPipeline           salon;
  GHashTable            *next_position;  /* stage id -> last position used */

  GArray                *clients;        /* DemoClient */
  GArray                *deals;          /* DemoDeal */
  GArray                *open_deals;     /* guint indexes into deals */
  GHashTable            *emails;         /* addresses used */
  GHashTable            *company_names;  /* folded names used */
  GHashTable            *tags;           /* name -> gint64 * id */

  NumberSequence         latvian_mobiles;
  NumberSequence         latvian_landlines;
  NumberSequence         russian_mobiles;
  NumberSequence         russian_landlines;

  CrmDemoProgress        progress;
  gpointer               progress_data;
  guint64                units_done;
  guint64                units_total;
  double                 reported;
} Demo;

/* Random numbers */

static guint64
random_next (DemoRandom *rng)
{
  guint64 z;

  rng->state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  z = rng->state;
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

/* A number in [0, n); the slight bias of a modulo does not matter here. */
static guint64
random_below (DemoRandom *rng,
              guint64     n)
{
  g_assert (n > 0);

  return random_next (rng) % n;
}

/* A number in [low, high]; low when the range is empty. One number is
 * drawn either way: how many are drawn must never depend on the clock,
 * or the same seed would make other names at another time of day. */
static gint64
random_between (DemoRandom *rng,
                gint64      low,
                gint64      high)
{
  guint64 n = random_next (rng);

  if (high <= low)
    return low;

  return low + (gint64)(n % ((guint64)(high - low) + 1));
}

static gboolean
random_percent (DemoRandom *rng,
                guint       percent)
{
  return random_below (rng, 100) < percent;
}

#define PICK(rng, array) ((array)[random_below ((rng), G_N_ELEMENTS (array))])

static guint64
gcd (guint64 a,
     guint64 b)
{
  while (b != 0)
    {
      guint64 t = a % b;

      a = b;
      b = t;
    }

  return a;
}

static void
number_sequence_init (NumberSequence *sequence,
                      guint64         size,
                      DemoRandom     *rng)
{
  sequence->size = size;
  sequence->step = size / 3 + random_below (rng, size / 3);
  while (gcd (sequence->step, size) != 1)
    sequence->step++;
  sequence->offset = random_below (rng, size);
  sequence->used = 0;
}

static guint64
number_sequence_next (NumberSequence *sequence)
{
  /* CRM_DEMO_MAX_CONTACTS keeps every sequence below its size. */
  g_assert (sequence->used < sequence->size);

  return (sequence->step * sequence->used++ + sequence->offset) % sequence->size;
}

/* Progress */

static void
demo_advance (Demo    *demo,
              guint64  units)
{
  double fraction;

  demo->units_done += units;
  if (demo->progress == NULL || demo->units_total == 0)
    return;

  fraction = (double)demo->units_done / (double)demo->units_total;
  if (fraction >= 1.0)
    return;

  if (fraction - demo->reported >= PROGRESS_STEP)
    {
      demo->reported = fraction;
      demo->progress (fraction, demo->progress_data);
    }
}

/* Times */

/* A random moment in [low, high], moved into the working hours (8:00 to
 * 20:00) of its day when it fell outside them and that stays in range.
 * Draws two numbers whatever the times are. */
static gint64
working_time (Demo   *demo,
              gint64  low,
              gint64  high)
{
  gint64 t = random_between (&demo->rng, low, high);
  gint64 minute = (gint64)random_below (&demo->rng, 12 * MS_PER_HOUR / MS_PER_MINUTE);
  gint64 day_start = demo->today + ((t - demo->today) / MS_PER_DAY) * MS_PER_DAY;
  gint64 offset;

  if (t < demo->today && (t - demo->today) % MS_PER_DAY != 0)
    day_start -= MS_PER_DAY;

  offset = t - day_start;
  if (offset < 8 * MS_PER_HOUR || offset >= 20 * MS_PER_HOUR)
    {
      gint64 moved = day_start + 8 * MS_PER_HOUR + minute * MS_PER_MINUTE;

      if (moved >= low && moved <= high)
        t = moved;
    }

  return t;
}

static char *
format_date (gint64 ms)
{
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_local (ms / 1000);

  return g_date_time_format (date, "%Y-%m-%d");
}

/* Writing rows */

static gboolean
write_history (Demo           *demo,
               CrmEntityKind   kind,
               gint64          entity_id,
               gint64          user_id,
               gint64          at,
               const char     *field,
               const char     *old_value,
               const char     *new_value,
               GError        **error)
{
  g_autoptr(CrmStatement) stmt = crm_database_prepare (demo->db, SQL_INSERT_HISTORY, error);

  if (stmt == NULL)
    return FALSE;

  crm_statement_bind_int64 (stmt, 1, crm_id_new ());
  crm_statement_bind_int64 (stmt, 2, kind);
  crm_statement_bind_int64 (stmt, 3, entity_id);
  crm_statement_bind_int64 (stmt, 4, user_id);
  crm_statement_bind_int64 (stmt, 5, at);
  crm_statement_bind_text (stmt, 6, field);
  crm_statement_bind_text (stmt, 7, old_value);
  crm_statement_bind_text (stmt, 8, new_value);
  return crm_statement_run (stmt, error);
}

/* The id of a tag, made on first use, as the store would make it. */
static gint64
ensure_tag (Demo        *demo,
            const char  *name,
            GError     **error)
{
  g_autoptr(CrmStatement) find = NULL;
  g_autoptr(CrmStatement) insert = NULL;
  g_autofree char *folded = NULL;
  gint64 *cached = g_hash_table_lookup (demo->tags, name);
  gint64 id = 0;

  if (cached != NULL)
    return *cached;

  folded = crm_text_fold (name);
  find = crm_database_prepare (demo->db, SQL_FIND_TAG, error);
  if (find == NULL)
    return 0;

  crm_statement_bind_text (find, 1, folded);
  switch (crm_statement_step (find, error))
    {
    case CRM_STEP_ROW:
      id = crm_statement_get_int64 (find, 0);
      break;
    case CRM_STEP_DONE:
      insert = crm_database_prepare (demo->db, SQL_INSERT_TAG, error);
      if (insert == NULL)
        return 0;
      id = crm_id_new ();
      crm_statement_bind_int64 (insert, 1, id);
      crm_statement_bind_text (insert, 2, name);
      crm_statement_bind_text (insert, 3, folded);
      if (!crm_statement_run (insert, error))
        return 0;
      break;
    case CRM_STEP_ERROR:
    default:
      return 0;
    }

  g_hash_table_insert (demo->tags, g_strdup (name), g_memdup2 (&id, sizeof id));
  return id;
}

static gboolean
link_tag (Demo        *demo,
          const char  *sql,
          gint64       owner_id,
          const char  *name,
          GError     **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  gint64 tag_id = ensure_tag (demo, name, error);

  if (tag_id == 0)
    return FALSE;

  stmt = crm_database_prepare (demo->db, sql, error);
  if (stmt == NULL)
    return FALSE;

  crm_statement_bind_int64 (stmt, 1, owner_id);
  crm_statement_bind_int64 (stmt, 2, tag_id);
  return crm_statement_run (stmt, error);
}

/* Users and pipelines */

static gboolean
ensure_employees (Demo    *demo,
                  GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (employees); i++)
    {
      g_autoptr(GError) local_error = NULL;
      gint64 id = crm_store_find_user (demo->store, employees[i].login, &local_error);

      if (id == 0)
        {
          if (!g_error_matches (local_error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }

          id = crm_store_add_user (demo->store, employees[i].login, employees[i].name,
                                   employees[i].role, error);
          if (id == 0)
            return FALSE;
        }

      demo->employee_ids[i] = id;
      demo->employee_weight_total += employees[i].weight;
      if (employees[i].speaks_russian)
        demo->russian_weight_total += employees[i].weight;
    }

  return TRUE;
}

/* Who looks after a client: anyone, by weight, but a Russian speaker
 * usually goes to a colleague who speaks Russian. */
static gint64
pick_owner (Demo     *demo,
            gboolean  speaks_russian)
{
  gboolean russian_only = speaks_russian && demo->russian_weight_total > 0 &&
                          random_percent (&demo->rng, 70);
  guint total = russian_only ? demo->russian_weight_total : demo->employee_weight_total;
  guint n = (guint)random_below (&demo->rng, total);

  for (guint i = 0; i < G_N_ELEMENTS (employees); i++)
    {
      if (russian_only && !employees[i].speaks_russian)
        continue;
      if (n < employees[i].weight)
        return demo->employee_ids[i];
      n -= employees[i].weight;
    }

  g_assert_not_reached ();
  return demo->employee_ids[0];
}

static gint64
any_employee (Demo *demo)
{
  return demo->employee_ids[random_below (&demo->rng, G_N_ELEMENTS (employees))];
}

static void
demo_pipeline_clear (DemoPipeline *pipeline)
{
  if (pipeline->open != NULL)
    {
      for (guint i = 0; i < pipeline->open->len; i++)
        g_free (g_array_index (pipeline->open, DemoStage, i).name);
      g_clear_pointer (&pipeline->open, g_array_unref);
    }
  g_clear_pointer (&pipeline->won.name, g_free);
  g_clear_pointer (&pipeline->lost.name, g_free);
}

static gboolean
load_pipeline (Demo          *demo,
               gint64         pipeline_id,
               DemoPipeline  *pipeline,
               GError       **error)
{
  g_autoptr(GPtrArray) stages = crm_store_list_stages (demo->store, pipeline_id, error);

  if (stages == NULL)
    return FALSE;

  pipeline->id = pipeline_id;
  pipeline->open = g_array_new (FALSE, FALSE, sizeof (DemoStage));

  for (guint i = 0; i < stages->len; i++)
    {
      CrmStage *stage = g_ptr_array_index (stages, i);
      DemoStage item = { crm_stage_get_id (stage), g_strdup (crm_stage_get_name (stage)) };

      switch (crm_stage_get_kind (stage))
        {
        case CRM_STAGE_WON:
          if (pipeline->won.id == 0)
            {
              pipeline->won = item;
              item.name = NULL;
            }
          break;
        case CRM_STAGE_LOST:
          if (pipeline->lost.id == 0)
            {
              pipeline->lost = item;
              item.name = NULL;
            }
          break;
        case CRM_STAGE_OPEN:
        default:
          g_array_append_val (pipeline->open, item);
          item.name = NULL;
          break;
        }
      g_free (item.name);
    }

  if (pipeline->open->len == 0)
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                   _("The pipeline has no open stage to put demo deals in"));
      return FALSE;
    }

  return TRUE;
}

static gint64
ensure_salon_pipeline (Demo    *demo,
                       GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) stages = NULL;
  gint64 id;

  id = crm_store_find_pipeline (demo->store, _(SALON_PIPELINE), &local_error);
  if (id != 0)
    return id;
  if (!g_error_matches (local_error, CRM_STORE_ERROR, CRM_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return 0;
    }

  id = crm_store_add_pipeline (demo->store, _(SALON_PIPELINE), error);
  if (id == 0)
    return 0;

  stages = crm_store_list_stages (demo->store, id, error);
  if (stages == NULL)
    return 0;

  for (guint i = 0; i < stages->len; i++)
    {
      CrmStage *stage = g_ptr_array_index (stages, i);

      if (crm_stage_get_kind (stage) == CRM_STAGE_OPEN)
        {
          if (!crm_store_rename_stage (demo->store, crm_stage_get_id (stage),
                                       _(salon_open_stages[0]), error))
            return 0;
          break;
        }
    }

  for (guint i = 1; i < G_N_ELEMENTS (salon_open_stages); i++)
    {
      if (crm_store_add_stage (demo->store, id, _(salon_open_stages[i]), CRM_STAGE_OPEN,
                               salon_stage_colors[i], -1, error) == 0)
        return 0;
    }

  return id;
}

/* The place of a new deal at the end of a stage, after the deals it may
 * hold already, spaced as the store spaces them. */
static gboolean
next_position (Demo    *demo,
               gint64   stage_id,
               gint64  *out_position,
               GError **error)
{
  gint64 *last = g_hash_table_lookup (demo->next_position, &stage_id);

  if (last == NULL)
    {
      g_autoptr(CrmStatement) stmt = crm_database_prepare (demo->db, SQL_LAST_POSITION, error);
      gint64 key = stage_id;

      if (stmt == NULL)
        return FALSE;
      crm_statement_bind_int64 (stmt, 1, stage_id);
      if (crm_statement_step (stmt, error) != CRM_STEP_ROW)
        return FALSE;

      last = g_new (gint64, 1);
      *last = crm_statement_get_int64 (stmt, 0);
      g_hash_table_insert (demo->next_position, g_memdup2 (&key, sizeof key), last);
    }

  *last += POSITION_STEP;
  *out_position = *last;
  return TRUE;
}

/* Phones */

/* How people write an eight-digit Latvian number. The first three only
 * read as Latvian where Latvia is the default country. */
static char *
format_latvian (Demo       *demo,
                const char *d)
{
  guint style = (guint)random_below (&demo->rng, 100);

  if (demo->national_ok && style < 30)
    return g_strdup (d);
  if (demo->national_ok && style < 40)
    return g_strdup_printf ("%.2s %.3s %.3s", d, d + 2, d + 5);
  if (demo->national_ok && style < 45)
    return g_strdup_printf ("%.4s %.4s", d, d + 4);
  if (style < 70)
    return g_strdup_printf ("+371 %.2s %.3s %.3s", d, d + 2, d + 5);
  if (style < 82)
    return g_strdup_printf ("+371 %s", d);
  if (style < 92)
    return g_strdup_printf ("00371 %s", d);
  if (style < 96)
    return g_strdup_printf ("+371-%.4s-%.4s", d, d + 4);
  return g_strdup_printf ("(+371) %.3s %.2s %.3s", d, d + 3, d + 5);
}

/* A Russian number (ten national digits) as it is written in Russia, or
 * as people there dial it: 8 and the number. The 8 forms only read as
 * Russian where the default country is a neighbour that knows them. */
static char *
format_russian (Demo       *demo,
                const char *d)
{
  guint style = demo->national_ok ? (guint)random_below (&demo->rng, 100)
                                   : 50 + (guint)random_below (&demo->rng, 50);

  if (style < 35)
    return g_strdup_printf ("8 (%.3s) %.3s-%.2s-%.2s", d, d + 3, d + 6, d + 8);
  if (style < 50)
    return g_strdup_printf ("8%s", d);
  if (style < 75)
    return g_strdup_printf ("+7 %.3s %.3s %.2s %.2s", d, d + 3, d + 6, d + 8);
  if (style < 90)
    return g_strdup_printf ("+7 (%.3s) %.3s-%.2s-%.2s", d, d + 3, d + 6, d + 8);
  return g_strdup_printf ("+7%s", d);
}

static void
draft_add_phone (ContactDraft  *draft,
                 CrmPhoneKind   kind,
                 char          *raw,
                 char          *e164)
{
  DemoPhone *phone;

  g_assert (draft->n_phones < G_N_ELEMENTS (draft->phones));
  phone = &draft->phones[draft->n_phones++];
  phone->kind = kind;
  phone->raw = raw;
  phone->e164 = e164;
}

static void
add_latvian_mobile (Demo         *demo,
                    ContactDraft *draft)
{
  char digits[9];

  g_snprintf (digits, sizeof digits, "2%07" G_GUINT64_FORMAT,
              number_sequence_next (&demo->latvian_mobiles));
  draft_add_phone (draft, CRM_PHONE_MOBILE, format_latvian (demo, digits),
                   g_strconcat ("371", digits, NULL));
}

/* Landlines start 6 and an area digit 3 to 7 (67 is Riga). */
static void
add_latvian_landline (Demo         *demo,
                      ContactDraft *draft,
                      CrmPhoneKind  kind)
{
  guint64 n = number_sequence_next (&demo->latvian_landlines);
  char digits[9];

  g_snprintf (digits, sizeof digits, "6%" G_GUINT64_FORMAT "%06" G_GUINT64_FORMAT,
              3 + n / 1000000, n % 1000000);
  draft_add_phone (draft, kind, format_latvian (demo, digits),
                   g_strconcat ("371", digits, NULL));
}

static void
add_russian_mobile (Demo         *demo,
                    ContactDraft *draft)
{
  char digits[11];

  g_snprintf (digits, sizeof digits, "9%09" G_GUINT64_FORMAT,
              number_sequence_next (&demo->russian_mobiles));
  draft_add_phone (draft, CRM_PHONE_MOBILE, format_russian (demo, digits),
                   g_strconcat ("7", digits, NULL));
}

/* Moscow office numbers, 495. */
static void
add_russian_landline (Demo         *demo,
                      ContactDraft *draft)
{
  char digits[11];

  g_snprintf (digits, sizeof digits, "495%07" G_GUINT64_FORMAT,
              number_sequence_next (&demo->russian_landlines));
  draft_add_phone (draft, CRM_PHONE_WORK, format_russian (demo, digits),
                   g_strconcat ("7", digits, NULL));
}

/* E-mail addresses */

/* Lower-case ASCII letters and digits of @text with diacritics removed;
 * every other run of characters becomes one @separator. */
static char *
mail_slug (const char *text,
           char        separator)
{
  g_autofree char *folded = crm_text_fold (text);
  GString *slug = g_string_new (NULL);
  gboolean pending = FALSE;

  for (const char *p = folded; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        {
          if (pending && slug->len > 0 && separator != '\0')
            g_string_append_c (slug, separator);
          g_string_append_c (slug, g_ascii_tolower (*p));
          pending = FALSE;
        }
      else
        {
          pending = TRUE;
        }
    }

  return g_string_free (slug, FALSE);
}

/* Makes @local@@domain unique among the demo's addresses by adding a
 * number to the local part when it is taken. */
static char *
unique_email (Demo        *demo,
              const char  *local,
              const char  *domain)
{
  char *address = g_strdup_printf ("%s@%s", local, domain);

  for (guint n = 2; g_hash_table_contains (demo->emails, address); n++)
    {
      g_free (address);
      address = g_strdup_printf ("%s%u@%s", local, n, domain);
    }

  g_hash_table_add (demo->emails, g_strdup (address));
  return address;
}

static char *
person_email (Demo        *demo,
              const char  *given_latin,
              const char  *surname_latin,
              gboolean     speaks_russian)
{
  g_autofree char *given = mail_slug (given_latin, '\0');
  g_autofree char *surname = mail_slug (surname_latin, '\0');
  g_autofree char *local = NULL;
  const char *domain = speaks_russian ? PICK (&demo->rng, mail_domains_russian)
                                      : PICK (&demo->rng, mail_domains_latvian);

  switch (random_below (&demo->rng, 5))
    {
    case 0:
      local = g_strdup_printf ("%s.%s", given, surname);
      break;
    case 1:
      local = g_strdup_printf ("%s_%s", given, surname);
      break;
    case 2:
      local = g_strdup_printf ("%c%s", given[0], surname);
      break;
    case 3:
      local = g_strdup_printf ("%s%02u", given, (guint)random_below (&demo->rng, 100));
      break;
    default:
      local = g_strdup_printf ("%s.%s", surname, given);
      break;
    }

  return unique_email (demo, local, domain);
}

/* Clients */

static void
contact_draft_clear (ContactDraft *draft)
{
  g_clear_pointer (&draft->name, g_free);
  g_clear_pointer (&draft->birthday, g_free);
  g_clear_pointer (&draft->email, g_free);
  for (guint i = 0; i < draft->n_phones; i++)
    {
      g_clear_pointer (&draft->phones[i].raw, g_free);
      g_clear_pointer (&draft->phones[i].e164, g_free);
    }
  draft->n_phones = 0;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ContactDraft, contact_draft_clear)

static gboolean
write_phone (Demo             *demo,
             gint64            contact_id,
             const DemoPhone  *phone,
             guint             position,
             GError          **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *e164 = NULL;
  g_autofree char *digits_rev = NULL;

  /* Read back the way the store reads what people type, so the stored
   * number is exactly what the store would have stored. */
  if (!crm_phone_normalize (phone->raw, demo->country, &e164, NULL, &local_error))
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                   _("The phone number “%s” cannot be saved: %s"),
                   phone->raw, local_error->message);
      return FALSE;
    }
  if (g_strcmp0 (e164, phone->e164) != 0)
    g_critical ("Demo phone %s read as %s, not %s", phone->raw, e164, phone->e164);

  digits_rev = g_strreverse (g_strdup (e164));

  stmt = crm_database_prepare (demo->db, SQL_INSERT_PHONE, error);
  if (stmt == NULL)
    return FALSE;

  crm_statement_bind_int64 (stmt, 1, crm_id_new ());
  crm_statement_bind_int64 (stmt, 2, contact_id);
  crm_statement_bind_int64 (stmt, 3, phone->kind);
  crm_statement_bind_text (stmt, 4, phone->raw);
  crm_statement_bind_text (stmt, 5, e164);
  crm_statement_bind_text (stmt, 6, digits_rev);
  crm_statement_bind_int64 (stmt, 7, position);
  return crm_statement_run (stmt, error);
}

static gboolean
write_contact (Demo          *demo,
               ContactDraft  *draft,
               gboolean       speaks_russian,
               GError       **error)
{
  g_autoptr(CrmStatement) insert = NULL;
  g_autofree char *folded = crm_text_fold (draft->name);
  DemoClient client = { 0 };
  gint64 id = crm_id_new ();

  insert = crm_database_prepare (demo->db, SQL_INSERT_CONTACT, error);
  if (insert == NULL)
    return FALSE;

  crm_statement_bind_int64 (insert, 1, id);
  crm_statement_bind_int64 (insert, 2, draft->kind);
  crm_statement_bind_text (insert, 3, draft->name);
  crm_statement_bind_text (insert, 4, folded);
  if (draft->company_id != 0)
    crm_statement_bind_int64 (insert, 5, draft->company_id);
  crm_statement_bind_int64 (insert, 6, draft->owner_id);
  crm_statement_bind_int64 (insert, 7, draft->is_key ? 1 : 0);
  crm_statement_bind_text (insert, 8, draft->source);
  crm_statement_bind_text (insert, 9, draft->notes);
  crm_statement_bind_text (insert, 10, draft->birthday);
  crm_statement_bind_int64 (insert, 11, draft->created_at);
  if (!crm_statement_run (insert, error))
    return FALSE;
  g_clear_pointer (&insert, crm_statement_release);

  for (guint i = 0; i < draft->n_phones; i++)
    {
      if (!write_phone (demo, id, &draft->phones[i], i, error))
        return FALSE;
    }

  if (draft->email != NULL)
    {
      g_autoptr(CrmStatement) stmt = crm_database_prepare (demo->db, SQL_INSERT_EMAIL, error);

      if (stmt == NULL)
        return FALSE;

      /* The store keeps addresses lower-cased for comparison; ours are. */
      crm_statement_bind_int64 (stmt, 1, crm_id_new ());
      crm_statement_bind_int64 (stmt, 2, id);
      crm_statement_bind_int64 (stmt, 3, draft->email_kind);
      crm_statement_bind_text (stmt, 4, draft->email);
      crm_statement_bind_text (stmt, 5, draft->email);
      crm_statement_bind_int64 (stmt, 6, 0);
      if (!crm_statement_run (stmt, error))
        return FALSE;
    }

  if (draft->tag != NULL && !link_tag (demo, SQL_LINK_CONTACT_TAG, id, draft->tag, error))
    return FALSE;

  if (!write_history (demo, CRM_ENTITY_CONTACT, id, draft->owner_id, draft->created_at,
                      "created", NULL, draft->name, error) ||
      !crm_search_index_contact (demo->store, id, error))
    return FALSE;

  client.id = id;
  client.owner_id = draft->owner_id;
  client.created_at = draft->created_at;
  client.is_company = draft->kind == CRM_CONTACT_COMPANY;
  client.speaks_russian = speaks_russian;
  g_array_append_val (demo->clients, client);
  return TRUE;
}

/* Somewhere in the last two years. */
static gint64
client_created_at (Demo *demo)
{
  return working_time (demo, demo->now - 730 * MS_PER_DAY, demo->now - MS_PER_HOUR);
}

static char *
company_name (Demo     *demo,
              gboolean  russian,
              char    **out_slug)
{
  g_autofree char *base = NULL;
  g_autofree char *folded = NULL;
  char *name;

  if (russian)
    {
      const RussianName *core = &PICK (&demo->rng, russian_company_cores);

      if (random_percent (&demo->rng, 50))
        {
          const RussianName *trade = &PICK (&demo->rng, russian_company_trades);

          base = g_strdup_printf ("ООО «%s-%s»", core->cyrillic, trade->cyrillic);
          *out_slug = g_strdup_printf ("%s-%s", core->latin, trade->latin);
        }
      else
        {
          base = g_strdup_printf ("ООО «%s»", core->cyrillic);
          *out_slug = g_strdup (core->latin);
        }
    }
  else
    {
      const char *form = random_percent (&demo->rng, 85) ? "SIA" : "AS";
      const char *core = PICK (&demo->rng, latvian_company_cores);

      if (random_percent (&demo->rng, 50))
        {
          const char *trade = PICK (&demo->rng, latvian_company_trades);

          base = g_strdup_printf ("%s %s %s", form, core, trade);
        }
      else
        {
          base = g_strdup_printf ("%s %s", form, core);
        }

      *out_slug = mail_slug (base + strlen (form) + 1, '-');
    }

  /* Two companies of one name would be one company to the store, which
   * links people to a company by its name. */
  name = g_strdup (base);
  folded = crm_text_fold (name);
  if (g_hash_table_contains (demo->company_names, folded))
    {
      const char *town = PICK (&demo->rng, latvian_towns);

      g_free (name);
      g_free (folded);
      name = g_strdup_printf ("%s, %s", base, town);
      folded = crm_text_fold (name);
      for (guint n = 2; g_hash_table_contains (demo->company_names, folded); n++)
        {
          g_free (name);
          g_free (folded);
          name = g_strdup_printf ("%s, %s %u", base, town, n);
          folded = crm_text_fold (name);
        }
    }

  g_hash_table_add (demo->company_names, g_steal_pointer (&folded));
  return name;
}

static gboolean
add_company (Demo    *demo,
             GError **error)
{
  g_auto(ContactDraft) draft = { 0 };
  g_autofree char *slug = NULL;
  gboolean russian = random_percent (&demo->rng, 12);

  draft.kind = CRM_CONTACT_COMPANY;
  draft.name = company_name (demo, russian, &slug);
  draft.owner_id = pick_owner (demo, russian);
  draft.is_key = random_percent (&demo->rng, 10);
  draft.created_at = client_created_at (demo);

  if (russian)
    add_russian_landline (demo, &draft);
  else
    add_latvian_landline (demo, &draft, CRM_PHONE_WORK);
  if (!russian && random_percent (&demo->rng, 30))
    {
      add_latvian_mobile (demo, &draft);
      draft.phones[1].kind = CRM_PHONE_WORK;
    }

  if (random_percent (&demo->rng, 80))
    {
      g_autofree char *domain = g_strconcat (slug, russian ? ".ru" : ".lv", NULL);

      draft.email = unique_email (demo, PICK (&demo->rng, company_mailboxes), domain);
      draft.email_kind = CRM_EMAIL_WORK;
    }

  return write_contact (demo, &draft, russian, error);
}

static gboolean
add_person (Demo    *demo,
            guint    n_companies,
            GError **error)
{
  g_auto(ContactDraft) draft = { 0 };
  NameScript script;
  gboolean female = random_percent (&demo->rng, 68);
  gboolean speaks_russian;
  const char *given_latin;
  const char *surname_latin;
  const char *given;
  const char *surname;
  guint roll = (guint)random_below (&demo->rng, 100);

  if (roll < 55)
    script = SCRIPT_LATVIAN;
  else if (roll < 80)
    script = SCRIPT_RUSSIAN_CYRILLIC;
  else
    script = SCRIPT_RUSSIAN_LATIN;

  if (script == SCRIPT_LATVIAN)
    {
      const NamePair *pair = &PICK (&demo->rng, latvian_surnames);

      given = female ? PICK (&demo->rng, latvian_women) : PICK (&demo->rng, latvian_men);
      surname = female ? pair->female : pair->male;
      given_latin = given;
      surname_latin = surname;
      speaks_russian = FALSE;
    }
  else
    {
      const RussianName *first = female ? &PICK (&demo->rng, russian_women)
                                        : &PICK (&demo->rng, russian_men);
      const RussianSurname *family = &PICK (&demo->rng, russian_surnames);
      const RussianName *last = female ? &family->female : &family->male;
      gboolean cyrillic = script == SCRIPT_RUSSIAN_CYRILLIC;

      given = cyrillic ? first->cyrillic : first->latin;
      surname = cyrillic ? last->cyrillic : last->latin;
      given_latin = first->latin;
      surname_latin = last->latin;
      /* People named the Latvian way may speak either language. */
      speaks_russian = cyrillic || random_percent (&demo->rng, 70);
    }

  draft.kind = CRM_CONTACT_PERSON;
  draft.name = g_strdup_printf ("%s %s", given, surname);
  draft.created_at = client_created_at (demo);

  if (n_companies > 0 && random_percent (&demo->rng, 30))
    {
      /* Companies were written first: clients[0 .. n_companies). */
      const DemoClient *company = &g_array_index (demo->clients, DemoClient,
                                                  random_below (&demo->rng, n_companies));

      draft.company_id = company->id;
      draft.owner_id = random_percent (&demo->rng, 80) ? company->owner_id
                                                          : pick_owner (demo, speaks_russian);
    }
  else
    {
      draft.owner_id = pick_owner (demo, speaks_russian);
    }

  if (random_percent (&demo->rng, 97))
    {
      if (script == SCRIPT_RUSSIAN_CYRILLIC && random_percent (&demo->rng, 40))
        add_russian_mobile (demo, &draft);
      else
        add_latvian_mobile (demo, &draft);

      if (random_percent (&demo->rng, 10))
        add_latvian_landline (demo, &draft,
                              random_percent (&demo->rng, 50) ? CRM_PHONE_HOME : CRM_PHONE_WORK);
    }

  if (random_percent (&demo->rng, 40))
    {
      draft.email = person_email (demo, given_latin, surname_latin, speaks_russian);
      draft.email_kind = draft.company_id != 0 && random_percent (&demo->rng, 50)
                           ? CRM_EMAIL_WORK : CRM_EMAIL_HOME;
    }

  if (random_percent (&demo->rng, 60))
    draft.source = speaks_russian ? PICK (&demo->rng, sources_russian)
                                  : PICK (&demo->rng, sources_latvian);
  if (random_percent (&demo->rng, 5))
    draft.notes = speaks_russian ? PICK (&demo->rng, notes_russian)
                                 : PICK (&demo->rng, notes_latvian);
  if (random_percent (&demo->rng, 30))
    draft.birthday = g_strdup_printf ("%04u-%02u-%02u",
                                      1955 + (guint)random_below (&demo->rng, 50),
                                      1 + (guint)random_below (&demo->rng, 12),
                                      1 + (guint)random_below (&demo->rng, 28));

  draft.is_key = random_percent (&demo->rng, 4);
  if (random_percent (&demo->rng, 3))
    draft.tag = "VIP";
  else if (random_percent (&demo->rng, 6))
    draft.tag = speaks_russian ? "Постоянный клиент" : "Pastāvīgais klients";

  return write_contact (demo, &draft, speaks_russian, error);
}

/* Deals */

static gboolean
write_stage_move (Demo             *demo,
                  gint64            deal_id,
                  const DemoStage  *from,
                  const DemoStage  *to,
                  gint64            user_id,
                  gint64            at,
                  GError          **error)
{
  g_autoptr(CrmStatement) stmt = crm_database_prepare (demo->db, SQL_INSERT_STAGE_MOVE, error);

  if (stmt == NULL)
    return FALSE;

  crm_statement_bind_int64 (stmt, 1, crm_id_new ());
  crm_statement_bind_int64 (stmt, 2, deal_id);
  if (from != NULL)
    crm_statement_bind_int64 (stmt, 3, from->id);
  crm_statement_bind_int64 (stmt, 4, to->id);
  crm_statement_bind_int64 (stmt, 5, user_id);
  crm_statement_bind_int64 (stmt, 6, at);
  if (!crm_statement_run (stmt, error))
    return FALSE;

  /* The store records a change of stage in the history too. */
  if (from == NULL)
    return TRUE;

  return write_history (demo, CRM_ENTITY_DEAL, deal_id, user_id, at,
                        "stage", from->name, to->name, error);
}

/* The stages a deal went through, first to last: the open stages up to
 * where it is now, then won or lost for a closed deal. */
static GPtrArray *
plan_stage_path (Demo          *demo,
                 DemoPipeline  *pipeline,
                 gboolean      *out_open,
                 gboolean      *out_lost)
{
  GPtrArray *path = g_ptr_array_new ();
  guint n_open = pipeline->open->len;
  guint roll = (guint)random_below (&demo->rng, 100);
  guint last_open, other;

  *out_open = FALSE;
  *out_lost = FALSE;

  if (roll < 25 && pipeline->won.id != 0)
    {
      /* A won deal went through most open stages; some are skipped. */
      g_ptr_array_add (path, &g_array_index (pipeline->open, DemoStage, 0));
      for (guint i = 1; i < n_open; i++)
        {
          if (random_percent (&demo->rng, 70))
            g_ptr_array_add (path, &g_array_index (pipeline->open, DemoStage, i));
        }
      g_ptr_array_add (path, &pipeline->won);
      return path;
    }

  /* Open deals gather in the early stages, as they do in real funnels. */
  last_open = (guint)random_below (&demo->rng, n_open);
  other = (guint)random_below (&demo->rng, n_open);
  last_open = MIN (last_open, other);
  for (guint i = 0; i <= last_open; i++)
    g_ptr_array_add (path, &g_array_index (pipeline->open, DemoStage, i));

  if (roll < 40 && pipeline->lost.id != 0)
    {
      g_ptr_array_add (path, &pipeline->lost);
      *out_lost = TRUE;
    }
  else
    {
      *out_open = TRUE;
    }

  return path;
}

static gboolean
add_deal (Demo    *demo,
          GError **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autoptr(GPtrArray) path = NULL;
  g_autoptr(GArray) times = NULL;
  g_autofree char *title = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *expected_close = NULL;
  guint client_index = (guint)random_below (&demo->rng, demo->clients->len);
  const DemoClient *client = &g_array_index (demo->clients, DemoClient, client_index);
  DemoPipeline *pipeline;
  const Offer *offer;
  const char *lost_reason = NULL;
  const DemoStage *final;
  DemoDeal deal = { 0 };
  gboolean open, lost;
  gint64 amount, created_at, position, at;

  if (!client->is_company && random_percent (&demo->rng, 75))
    {
      pipeline = &demo->salon;
      offer = client->speaks_russian ? &PICK (&demo->rng, salon_offers_russian)
                                     : &PICK (&demo->rng, salon_offers_latvian);
    }
  else
    {
      pipeline = &demo->sales;
      offer = client->speaks_russian ? &PICK (&demo->rng, sales_offers_russian)
                                     : &PICK (&demo->rng, sales_offers_latvian);
    }

  amount = random_between (&demo->rng, offer->min_cents, offer->max_cents);
  /* Salon prices are mostly whole euros or halves; offers are not. */
  if (pipeline == &demo->salon && random_percent (&demo->rng, 70))
    amount -= amount % 50;

  title = g_strdup (offer->title);
  folded = crm_text_fold (title);

  path = plan_stage_path (demo, pipeline, &open, &lost);
  final = g_ptr_array_index (path, path->len - 1);

  /* Made in the last half year, after its client; each move later than
   * the one before and not after now. */
  created_at = working_time (demo,
                             MAX (client->created_at, demo->now - 180 * MS_PER_DAY),
                             demo->now - MS_PER_MINUTE);
  times = g_array_sized_new (FALSE, FALSE, sizeof (gint64), path->len);
  at = created_at;
  g_array_append_val (times, at);
  for (guint i = 1; i < path->len; i++)
    {
      at = random_between (&demo->rng, at + MS_PER_MINUTE,
                           at + MAX (MS_PER_MINUTE, (demo->now - at) / 2));
      at = MIN (at, demo->now);
      g_array_append_val (times, at);
    }

  if (open)
    expected_close = format_date (demo->today + random_between (&demo->rng, 3, 60) * MS_PER_DAY
                                  + 12 * MS_PER_HOUR);
  if (lost)
    lost_reason = client->speaks_russian ? PICK (&demo->rng, lost_reasons_russian)
                                         : PICK (&demo->rng, lost_reasons_latvian);

  if (!next_position (demo, final->id, &position, error))
    return FALSE;

  deal.id = crm_id_new ();
  deal.client = client_index;
  deal.created_at = created_at;
  deal.open = open;

  stmt = crm_database_prepare (demo->db, SQL_INSERT_DEAL, error);
  if (stmt == NULL)
    return FALSE;

  crm_statement_bind_int64 (stmt, 1, deal.id);
  crm_statement_bind_text (stmt, 2, title);
  crm_statement_bind_text (stmt, 3, folded);
  crm_statement_bind_int64 (stmt, 4, client->id);
  crm_statement_bind_int64 (stmt, 5, amount);
  crm_statement_bind_int64 (stmt, 6, final->id);
  crm_statement_bind_int64 (stmt, 7, position);
  crm_statement_bind_int64 (stmt, 8, client->owner_id);
  crm_statement_bind_text (stmt, 9, expected_close);
  crm_statement_bind_text (stmt, 10, lost_reason);
  crm_statement_bind_int64 (stmt, 11, created_at);
  crm_statement_bind_int64 (stmt, 12, at);
  if (!crm_statement_run (stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, crm_statement_release);

  if (!write_history (demo, CRM_ENTITY_DEAL, deal.id, client->owner_id, created_at,
                      "created", NULL, title, error))
    return FALSE;

  for (guint i = 0; i < path->len; i++)
    {
      if (!write_stage_move (demo, deal.id,
                             i > 0 ? g_ptr_array_index (path, i - 1) : NULL,
                             g_ptr_array_index (path, i),
                             client->owner_id, g_array_index (times, gint64, i), error))
        return FALSE;
    }

  if (!crm_search_index_deal (demo->store, deal.id, error))
    return FALSE;

  if (open)
    {
      guint deal_index = demo->deals->len;

      g_array_append_val (demo->open_deals, deal_index);
    }
  g_array_append_val (demo->deals, deal);
  return TRUE;
}

/* Calls */

static char *
make_key_points (Demo     *demo,
                 gboolean  russian)
{
  const char *first = russian ? PICK (&demo->rng, key_points_russian)
                              : PICK (&demo->rng, key_points_latvian);
  const char *second;

  if (random_percent (&demo->rng, 60))
    return g_strdup (first);

  second = russian ? PICK (&demo->rng, key_points_russian)
                   : PICK (&demo->rng, key_points_latvian);
  if (second == first)
    return g_strdup (first);

  return g_strdup_printf ("%s\n%s", first, second);
}

static gboolean
add_call (Demo    *demo,
          GError **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autofree char *key_points = NULL;
  const DemoClient *client;
  const Outcome *outcome;
  gint64 deal_id = 0;
  gint64 low, started_at, duration, user_id, id;

  if (demo->deals->len > 0 && random_percent (&demo->rng, 50))
    {
      const DemoDeal *deal = &g_array_index (demo->deals, DemoDeal,
                                             random_below (&demo->rng, demo->deals->len));

      deal_id = deal->id;
      client = &g_array_index (demo->clients, DemoClient, deal->client);
      low = deal->created_at;
    }
  else
    {
      client = &g_array_index (demo->clients, DemoClient,
                               random_below (&demo->rng, demo->clients->len));
      low = client->created_at;
    }

  outcome = client->speaks_russian ? &PICK (&demo->rng, outcomes_russian)
                                   : &PICK (&demo->rng, outcomes_latvian);
  /* Most calls are answered; two outcomes of eight are not. */
  if (!outcome->answered && random_percent (&demo->rng, 40))
    outcome = client->speaks_russian ? &outcomes_russian[0] : &outcomes_latvian[0];

  /* Short calls are the most common: the shorter of two. */
  duration = 0;
  if (outcome->answered)
    {
      gint64 other = random_between (&demo->rng, 20, 900);

      duration = random_between (&demo->rng, 20, 900);
      duration = MIN (duration, other);
    }

  user_id = random_percent (&demo->rng, 85) ? client->owner_id : any_employee (demo);
  /* A call with a client who came a minute ago is as short as that. */
  low = MAX (low, demo->now - 90 * MS_PER_DAY);
  duration = MIN (duration, (demo->now - low) / 1000);
  started_at = working_time (demo, low, demo->now - duration * 1000);

  if (outcome->answered && random_percent (&demo->rng, 75))
    key_points = make_key_points (demo, client->speaks_russian);

  id = crm_id_new ();
  stmt = crm_database_prepare (demo->db, SQL_INSERT_CALL, error);
  if (stmt == NULL)
    return FALSE;

  crm_statement_bind_int64 (stmt, 1, id);
  crm_statement_bind_int64 (stmt, 2, client->id);
  if (deal_id != 0)
    crm_statement_bind_int64 (stmt, 3, deal_id);
  crm_statement_bind_int64 (stmt, 4, user_id);
  crm_statement_bind_int64 (stmt, 5, random_percent (&demo->rng, 60)
                                       ? CRM_CALL_OUTGOING : CRM_CALL_INCOMING);
  crm_statement_bind_int64 (stmt, 6, started_at);
  crm_statement_bind_int64 (stmt, 7, duration);
  crm_statement_bind_text (stmt, 8, outcome->text);
  crm_statement_bind_text (stmt, 9, key_points);
  crm_statement_bind_int64 (stmt, 10, started_at + duration * 1000);
  if (!crm_statement_run (stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, crm_statement_release);

  if (outcome->answered && random_percent (&demo->rng, 12))
    {
      if (!link_tag (demo, SQL_LINK_ACTIVITY_TAG, id, PICK (&demo->rng, competitors), error))
        return FALSE;
    }
  if (outcome->answered && random_percent (&demo->rng, 5))
    {
      if (!link_tag (demo, SQL_LINK_ACTIVITY_TAG, id, PICK (&demo->rng, call_topics), error))
        return FALSE;
    }

  return write_history (demo, CRM_ENTITY_ACTIVITY, id, user_id, started_at + duration * 1000,
                        "created", NULL, "call", error);
}

/* Reminders */

static gboolean
add_reminder (Demo    *demo,
              GError **error)
{
  g_autoptr(CrmStatement) stmt = NULL;
  g_autofree char *due_text = NULL;
  const DemoClient *client;
  const char *note;
  gint64 deal_id = 0;
  gint64 low, due_at, created_at, done_at = 0, notified_at = 0, done_after, id;
  gboolean done;

  if (demo->open_deals->len > 0 && random_percent (&demo->rng, 50))
    {
      guint deal_index = g_array_index (demo->open_deals, guint,
                                        random_below (&demo->rng, demo->open_deals->len));
      const DemoDeal *deal = &g_array_index (demo->deals, DemoDeal, deal_index);

      deal_id = deal->id;
      client = &g_array_index (demo->clients, DemoClient, deal->client);
      low = deal->created_at;
    }
  else
    {
      client = &g_array_index (demo->clients, DemoClient,
                               random_below (&demo->rng, demo->clients->len));
      low = client->created_at;
    }

  note = client->speaks_russian ? PICK (&demo->rng, reminder_notes_russian)
                                : PICK (&demo->rng, reminder_notes_latvian);

  /* Due within a month either side of today, on the hour or half hour. */
  due_at = working_time (demo, MAX (low, demo->today - 30 * MS_PER_DAY),
                         demo->today + 30 * MS_PER_DAY);
  due_at -= (due_at - demo->today) % (30 * MS_PER_MINUTE);
  created_at = due_at - random_between (&demo->rng, MS_PER_HOUR, 10 * MS_PER_DAY);
  created_at = CLAMP (created_at, low, demo->now);
  done = random_percent (&demo->rng, 55);
  done_after = random_between (&demo->rng, 5 * MS_PER_MINUTE, MS_PER_DAY);

  if (due_at <= demo->now)
    {
      /* A past reminder was shown when it fell due; more than half were
       * done, the rest are overdue now. */
      notified_at = due_at;
      if (done)
        done_at = MIN (due_at + done_after, demo->now);
    }

  id = crm_id_new ();
  stmt = crm_database_prepare (demo->db, SQL_INSERT_REMINDER, error);
  if (stmt == NULL)
    return FALSE;

  crm_statement_bind_int64 (stmt, 1, id);
  crm_statement_bind_int64 (stmt, 2, client->id);
  if (deal_id != 0)
    crm_statement_bind_int64 (stmt, 3, deal_id);
  crm_statement_bind_int64 (stmt, 4, client->owner_id);
  crm_statement_bind_int64 (stmt, 5, due_at);
  crm_statement_bind_text (stmt, 6, note);
  if (done_at != 0)
    crm_statement_bind_int64 (stmt, 7, done_at);
  if (notified_at != 0)
    crm_statement_bind_int64 (stmt, 8, notified_at);
  crm_statement_bind_int64 (stmt, 9, created_at);
  crm_statement_bind_int64 (stmt, 10, MAX (created_at, done_at));
  if (!crm_statement_run (stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, crm_statement_release);

  due_text = crm_time_to_iso8601 (due_at);
  if (!write_history (demo, CRM_ENTITY_REMINDER, id, client->owner_id, created_at,
                      "created", NULL, due_text, error))
    return FALSE;

  if (done_at != 0)
    {
      g_autofree char *done_text = crm_time_to_iso8601 (done_at);

      if (!write_history (demo, CRM_ENTITY_REMINDER, id, client->owner_id, done_at,
                          "done", NULL, done_text, error))
        return FALSE;
    }

  return TRUE;
}

/* Set-up */

static gboolean
check_options (Demo    *demo,
               GError **error)
{
  const CrmDemoOptions *options = demo->options;
  g_autoptr(CrmStatement) stmt = NULL;
  gint64 existing;

  if (options->contacts > CRM_DEMO_MAX_CONTACTS)
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                   _("At most %u demo clients can be made"), CRM_DEMO_MAX_CONTACTS);
      return FALSE;
    }

  if (options->contacts == 0 &&
      (options->deals > 0 || options->calls > 0 || options->reminders > 0))
    {
      g_set_error_literal (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                           _("Demo deals, calls and reminders belong to demo clients; "
                             "ask for at least one client"));
      return FALSE;
    }

  stmt = crm_database_prepare (demo->db, SQL_COUNT_CONTACTS, error);
  if (stmt == NULL || crm_statement_step (stmt, error) != CRM_STEP_ROW)
    return FALSE;

  /* Demo phone numbers and addresses are only known to be unique among
   * themselves; next to real clients they could clash, and real clients
   * mixed with made-up ones would be hard to tell apart. */
  existing = crm_statement_get_int64 (stmt, 0);
  if (existing > 0)
    {
      g_set_error (error, CRM_STORE_ERROR, CRM_STORE_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Demo data is only added to an empty database, and “%s” has %"
                                PRId64 " client already",
                                "Demo data is only added to an empty database, and “%s” has %"
                                PRId64 " clients already",
                                existing),
                   crm_database_get_path (demo->db), existing);
      return FALSE;
    }

  return TRUE;
}

static void
demo_clear (Demo *demo)
{
  demo_pipeline_clear (&demo->sales);
  demo_pipeline_clear (&demo->salon);
  g_clear_pointer (&demo->next_position, g_hash_table_unref);
  g_clear_pointer (&demo->clients, g_array_unref);
  g_clear_pointer (&demo->deals, g_array_unref);
  g_clear_pointer (&demo->open_deals, g_array_unref);
  g_clear_pointer (&demo->emails, g_hash_table_unref);
  g_clear_pointer (&demo->company_names, g_hash_table_unref);
  g_clear_pointer (&demo->tags, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Demo, demo_clear)

static gboolean
generate (Demo    *demo,
          GError **error)
{
  const CrmDemoOptions *options = demo->options;
  guint n_companies = options->contacts * COMPANY_PERCENT / 100;
  gint64 sales_id;
  gint64 salon_id;

  if (!ensure_employees (demo, error))
    return FALSE;

  sales_id = crm_store_get_default_pipeline (demo->store, error);
  if (sales_id == 0)
    return FALSE;
  salon_id = ensure_salon_pipeline (demo, error);
  if (salon_id == 0)
    return FALSE;
  if (!load_pipeline (demo, sales_id, &demo->sales, error) ||
      !load_pipeline (demo, salon_id, &demo->salon, error))
    return FALSE;

  for (guint i = 0; i < n_companies; i++)
    {
      if (!add_company (demo, error))
        return FALSE;
      demo_advance (demo, CONTACT_UNITS);
    }

  for (guint i = n_companies; i < options->contacts; i++)
    {
      if (!add_person (demo, n_companies, error))
        return FALSE;
      demo_advance (demo, CONTACT_UNITS);
    }

  for (guint i = 0; i < options->deals; i++)
    {
      if (!add_deal (demo, error))
        return FALSE;
      demo_advance (demo, DEAL_UNITS);
    }

  for (guint i = 0; i < options->calls; i++)
    {
      if (!add_call (demo, error))
        return FALSE;
      demo_advance (demo, CALL_UNITS);
    }

  for (guint i = 0; i < options->reminders; i++)
    {
      if (!add_reminder (demo, error))
        return FALSE;
      demo_advance (demo, REMINDER_UNITS);
    }

  return TRUE;
}

/**
 * crm_demo_options_init:
 * @options: the options to fill in
 *
 * Sets the defaults: 200 clients, 150 deals, 600 calls, 40 reminders,
 * seed 1.
 */
void
crm_demo_options_init (CrmDemoOptions *options)
{
  g_return_if_fail (options != NULL);

  options->contacts = 200;
  options->deals = 150;
  options->calls = 600;
  options->reminders = 40;
  options->seed = 1;
}

/**
 * crm_demo_generate:
 * @store: a #CrmStore whose database has no clients yet
 * @options: how much to make
 * @progress: (nullable) (scope call): told how far it got
 * @user_data: data for @progress
 * @error: return location for a #GError
 *
 * Fills an empty database with a made-up Latvian salon's clients (people
 * and companies with Latvian and Russian names, phones written every way
 * people write them, e-mails), its employees (anna, janis, olga,
 * dmitrijs, ilze, added unless they exist), a "Salon" pipeline beside the
 * default one, deals spread over the stages of both, calls over the last
 * 90 days and reminders over the last and the next 30 days.
 *
 * The same @options make the same clients, numbers, deals, calls and
 * reminders whenever they run; only their times move, being placed
 * relative to the start of today (crm_time_now_ms(), which
 * crm_time_set_fake_now() can fix). Ids are new each time. Everything is
 * written in one transaction: on error nothing is added. A database that
 * has clients already, even in the trash, is refused. Views are told with
 * one `changed` signal of kind %CRM_ENTITY_ANY.
 *
 * Returns: %TRUE on success
 */
gboolean
crm_demo_generate (CrmStore              *store,
                   const CrmDemoOptions  *options,
                   CrmDemoProgress        progress,
                   gpointer               user_data,
                   GError               **error)
{
  g_auto(Demo) demo = { 0 };

  g_return_val_if_fail (CRM_IS_STORE (store), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  demo.store = store;
  demo.db = crm_store_get_database (store);
  demo.options = options;
  demo.rng.state = options->seed;
  demo.now = crm_time_now_ms ();
  demo.today = crm_time_start_of_day (demo.now);
  demo.country = crm_store_get_default_country (store);
  demo.national_ok = g_strcmp0 (demo.country, "LV") == 0;
  demo.progress = progress;
  demo.progress_data = user_data;
  demo.units_total = (guint64)options->contacts * CONTACT_UNITS
                     + (guint64)options->deals * DEAL_UNITS
                     + (guint64)options->calls * CALL_UNITS
                     + (guint64)options->reminders * REMINDER_UNITS;

  if (!check_options (&demo, error))
    return FALSE;

  if (demo.units_total == 0)
    {
      if (progress != NULL)
        progress (1.0, user_data);
      return TRUE;
    }

  demo.next_position = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  demo.clients = g_array_sized_new (FALSE, FALSE, sizeof (DemoClient), options->contacts);
  demo.deals = g_array_sized_new (FALSE, FALSE, sizeof (DemoDeal), options->deals);
  demo.open_deals = g_array_new (FALSE, FALSE, sizeof (guint));
  demo.emails = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  demo.company_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  demo.tags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  /* Each sequence is large enough for CRM_DEMO_MAX_CONTACTS clients:
   * Latvian mobiles go to about nine clients in ten, landlines to the
   * companies and one person in ten. */
  number_sequence_init (&demo.latvian_mobiles, 10000000, &demo.rng);
  number_sequence_init (&demo.latvian_landlines, 5000000, &demo.rng);
  number_sequence_init (&demo.russian_mobiles, 1000000000, &demo.rng);
  number_sequence_init (&demo.russian_landlines, 10000000, &demo.rng);

  if (!crm_store_begin (store, error))
    return FALSE;

  if (!generate (&demo, error))
    {
      crm_store_rollback (store);
      return FALSE;
    }

  /* One signal for everything: views reload once instead of hearing
   * about every row. */
  crm_store_emit_changed (store, CRM_ENTITY_ANY, 0);
  if (!crm_store_commit (store, error))
    return FALSE;

  if (progress != NULL)
    progress (1.0, user_data);

  return TRUE;
}
