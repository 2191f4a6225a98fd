// Interface labels in Arabic and English (the data itself keeps its own language).
export const LABELS = {
  ar: {
    title: "مرصد", api_docs: "واجهة البرمجة", error: "خطأ", map: "الخريطة", timeline: "الخط الزمني",
    filters: "التصفية", q: "بحث", q_hint: "كلمات من الخبر", since: "من تاريخ", until: "إلى تاريخ",
    event_type: "نوع الحدث", country: "الدولة", admin1: "المحافظة", actor: "الطرف", inter: "نوع الطرف",
    claim_status: "حالة الادعاء", min_fatalities: "الحد الأدنى للقتلى", any: "الكل", apply: "تطبيق",
    reset: "مسح", events_found: "حدثاً", events: "أحداث", fatalities: "قتلى", brush_hint: "اسحب على الخط الزمني لتحديد فترة",
    table: "الأحداث", export: "تصدير", date: "التاريخ", location: "المكان", actors: "الأطراف", sources: "المصادر",
    previous: "السابق", next: "التالي", undated: "بلا تاريخ", back: "→ العودة إلى اللوحة", notes: "ملخص",
    victims: "الضحايا", reports: "تقارير هذا الحدث", attributed: "منسوب إلى", original: "الرابط الأصلي",
    reported: "مُبلَّغ عنه", claimed: "ادعاء طرف", denied: "منفي", unconfirmed: "غير مؤكد",
    killed: "قُتل", injured: "أُصيب", captured: "أُسر", arrested: "اعتُقل", abducted: "اختُطف",
    no_points: "لا أحداث بموقع معروف لهذه التصفية", some_unlocated: "بعض الأحداث بلا إحداثيات ولا تظهر على الخريطة",
    no_events: "لا أحداث",
  },
  en: {
    title: "Observatory", api_docs: "API docs", error: "Error", map: "Map", timeline: "Timeline",
    filters: "Filters", q: "Search", q_hint: "words from the news", since: "From", until: "To",
    event_type: "Event type", country: "Country", admin1: "Admin 1", actor: "Actor", inter: "Actor type",
    claim_status: "Claim status", min_fatalities: "Minimum fatalities", any: "Any", apply: "Apply",
    reset: "Reset", events_found: "events", events: "events", fatalities: "fatalities",
    brush_hint: "drag on the timeline to pick a period", table: "Events", export: "Export", date: "Date",
    location: "Location", actors: "Actors", sources: "Sources", previous: "Previous", next: "Next",
    undated: "undated", back: "← Back to the dashboard", notes: "Notes", victims: "Victims",
    reports: "Reports of this event", attributed: "attributed to", original: "original link",
    reported: "reported", claimed: "claimed", denied: "denied", unconfirmed: "unconfirmed",
    killed: "killed", injured: "injured", captured: "captured", arrested: "arrested", abducted: "abducted",
    no_points: "No located events for these filters", some_unlocated: "Some events have no coordinates and are not on the map",
    no_events: "No events",
  },
};

export const TYPE_LABELS = {
  "Battles": "معارك",
  "Explosions/Remote violence": "انفجارات / عنف عن بعد",
  "Violence against civilians": "عنف ضد المدنيين",
  "Protests": "احتجاجات",
  "Riots": "أعمال شغب",
  "Strategic developments": "تطورات استراتيجية",
};
