//! The interface in the residents' languages: English, French, Spanish,
//! German, Arabic (right to left), Portuguese, Chinese (Simplified), Korean,
//! Russian and Kiswahili.
//!
//! The texts are not in the code: each language has a file,
//! `public/locales/<lang>/app.json` (the format is described at the top of
//! `public/i18n.js`), and a page downloads only its own language's.
//! `public/boot.js` fetches it beside the WebAssembly and [`install_early`]
//! takes it; a language picked later is fetched by [`load`]. Plurals, numbers
//! and dates come from the browser's `Intl`. The languages offered are those
//! of `public/shared.json`, which `boot.js` reads too (a test checks that
//! [`Lang`] is the same list); a test checks that every language's file has
//! every key, with the same placeholders and the plural forms its language
//! needs.
//!
//! Natively (in `cargo test`) the files are compiled in, plural categories
//! follow CLDR's rules for whole numbers ([`plural_category`]) and numbers and
//! dates are written as English writes them; the browser tests check the
//! same texts with `Intl`.

use learnmap_core::{AgeGroup, Audience, LearningArea, PlaceType, Vocabulary};
use std::cell::RefCell;

/// A language offered at a place, named in the interface language: `de` is
/// "German" in English and "Deutsch" in German. The names come from the
/// browser (`Intl.DisplayNames`), so the app carries no table of them; the
/// code itself is shown where the browser has no name for it (and natively,
/// in tests).
pub fn language_name(ui: Lang, code: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        if let Some(name) = display_names::language(ui.code(), code) {
            return name;
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = ui;
    code.to_owned()
}

#[cfg(target_arch = "wasm32")]
mod display_names {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = Intl, js_name = DisplayNames)]
        type DisplayNames;
        #[wasm_bindgen(constructor, js_namespace = Intl, js_class = "DisplayNames", catch)]
        fn new(locales: &str, options: &JsValue) -> Result<DisplayNames, JsValue>;
        #[wasm_bindgen(method, catch)]
        fn of(this: &DisplayNames, code: &str) -> Result<JsValue, JsValue>;
    }

    thread_local! {
        /// The last `Intl.DisplayNames` made, with its interface language:
        /// making one costs the browser far more than asking it (~60 ms at
        /// 4x CPU for the first, as it loads its locale data), and a list of
        /// languages asks once per code.
        static NAMES: std::cell::RefCell<Option<(&'static str, DisplayNames)>> =
            const { std::cell::RefCell::new(None) };
    }

    /// `Intl.DisplayNames` for languages, in `ui`; `None` when the browser
    /// lacks it or the code is not a well-formed language tag (it throws).
    pub fn language(ui: &'static str, code: &str) -> Option<String> {
        NAMES.with_borrow_mut(|cached| {
            if cached.as_ref().is_none_or(|(lang, _)| *lang != ui) {
                let options = js_sys::Object::new();
                js_sys::Reflect::set(&options, &"type".into(), &"language".into()).ok()?;
                *cached = Some((ui, DisplayNames::new(ui, &options).ok()?));
            }
            let (_, names) = cached.as_ref()?;
            names.of(code).ok()?.as_string().filter(|n| !n.is_empty())
        })
    }
}

/// An interface language: those of `public/shared.json`, in its order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// French.
    Fr,
    /// Spanish.
    Es,
    /// German.
    De,
    /// Arabic, written right to left.
    Ar,
    /// Portuguese.
    Pt,
    /// Chinese, Simplified script (`zh`, `zh-Hans`).
    Zh,
    /// Korean.
    Ko,
    /// Russian.
    Ru,
    /// Kiswahili.
    Sw,
}

impl Lang {
    /// Every interface language.
    pub const ALL: [Lang; 10] = [
        Lang::En,
        Lang::Fr,
        Lang::Es,
        Lang::De,
        Lang::Ar,
        Lang::Pt,
        Lang::Zh,
        Lang::Ko,
        Lang::Ru,
        Lang::Sw,
    ];

    /// The BCP-47 code, which names its locale files.
    pub fn code(self) -> &'static str {
        self.entry().0
    }

    /// The language's own name, for the language picker.
    pub fn native_name(self) -> &'static str {
        self.entry().1
    }

    /// `rtl` for Arabic, else `ltr`.
    pub fn dir(self) -> &'static str {
        self.entry().2
    }

    /// The locale `Intl` writes numbers, plurals and dates with: British
    /// English (7 Dec), Arabic with the Western digits the data uses.
    pub fn intl(self) -> &'static str {
        self.entry().3
    }

    /// Code, own name, direction and `Intl` locale, as in `public/shared.json`.
    fn entry(self) -> (&'static str, &'static str, &'static str, &'static str) {
        match self {
            Lang::En => ("en", "English", "ltr", "en-GB"),
            Lang::Fr => ("fr", "Français", "ltr", "fr"),
            Lang::Es => ("es", "Español", "ltr", "es"),
            Lang::De => ("de", "Deutsch", "ltr", "de"),
            Lang::Ar => ("ar", "العربية", "rtl", "ar-u-nu-latn"),
            Lang::Pt => ("pt", "Português", "ltr", "pt"),
            Lang::Zh => ("zh", "中文（简体）", "ltr", "zh-Hans"),
            Lang::Ko => ("ko", "한국어", "ltr", "ko"),
            Lang::Ru => ("ru", "Русский", "ltr", "ru"),
            Lang::Sw => ("sw", "Kiswahili", "ltr", "sw"),
        }
    }

    /// The language for a tag such as `fr`, `fr-CA`, `zh-Hans` or `AR`, if offered.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// The first offered language among the user's preferences (`lang=`
    /// first, then the browser's list, then the site's default), else
    /// English: what `chooseLanguage` in `public/i18n.js` does for
    /// `public/boot.js` and the other pages.
    ///
    /// ```
    /// use learnmap::i18n::Lang;
    /// assert_eq!(Lang::negotiate(&["it-IT", "fr-CA", "en"]), Lang::Fr);
    /// assert_eq!(Lang::negotiate(&["zh-Hans-CN"]), Lang::Zh);
    /// assert_eq!(Lang::negotiate(&["zz"]), Lang::En);
    /// ```
    pub fn negotiate<S: AsRef<str>>(preferences: &[S]) -> Lang {
        preferences
            .iter()
            .find_map(|p| Lang::from_tag(p.as_ref()))
            .unwrap_or_default()
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The interface language of this page: `lang=` in its address, else the
/// browser's languages, else the site's default (`config.json`), else
/// English. `public/boot.js` chooses the same way (`chooseLanguage` in
/// `public/i18n.js`) and fetches that language's texts.
pub fn page_language(address_lang: Option<&str>, site_default: Option<&str>) -> Lang {
    let mut preferences: Vec<String> = address_lang.into_iter().map(str::to_owned).collect();
    #[cfg(target_arch = "wasm32")]
    {
        let navigator = leptos::prelude::window().navigator();
        preferences.extend(navigator.languages().iter().filter_map(|l| l.as_string()));
        preferences.extend(navigator.language());
    }
    preferences.extend(site_default.map(str::to_owned));
    Lang::negotiate(&preferences)
}

macro_rules! messages {
    ($($(#[$meta:meta])* $variant:ident = $key:literal,)+) => {
        /// A text of the interface; [`Msg::key`] names it in the locale files.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[allow(missing_docs)]
        pub enum Msg {
            $($(#[$meta])* $variant,)+
        }

        impl Msg {
            /// Every text, for tests and tools.
            pub const ALL: &'static [Msg] = &[$(Msg::$variant),+];

            /// Its key in `public/locales/<lang>/app.json`.
            pub fn key(self) -> &'static str {
                match self {
                    $(Msg::$variant => $key,)+
                }
            }
        }
    };
}

messages! {
    AppTitle = "app_title",
    Loading = "loading",
    LoadFailed = "load_failed",
    TryAgain = "try_again",
    TilesFailed = "tiles_failed",
    /// The map itself (Leaflet) could not load; the list works.
    MapFailed = "map_failed",
    MapLabel = "map_label",
    OffSiteData = "off_site_data",
    NearMe = "near_me",
    LocationUnavailable = "location_unavailable",
    Locating = "locating",
    FromHere = "from_here",
    /// Distances from the position the browser gave.
    FromYou = "from_you",
    FromCentre = "from_centre",
    Filters = "filters",
    ClearAll = "clear_all",
    Age = "age",
    ExactAge = "exact_age",
    LearningAreas = "learning_areas",
    Audiences = "audiences",
    PlaceTypes = "place_types",
    OpenNow = "open_now",
    Free = "free",
    WheelchairAccessible = "wheelchair_accessible",
    LanguageOffered = "language_offered",
    AnyLanguage = "any_language",
    Search = "search",
    Results = "results",
    NoResults = "no_results",
    ShowMore = "show_more",
    ShowList = "show_list",
    ShowMap = "show_map",
    Close = "close",
    Directions = "directions",
    /// The `geo:` link: the place in the device's own map app.
    MapApp = "map_app",
    Share = "share",
    LinkCopied = "link_copied",
    Website = "website",
    Booking = "booking",
    Phone = "phone",
    Email = "email",
    Address = "address",
    Ages = "ages",
    Fee = "fee",
    FeeFree = "fee_free",
    FeePaid = "fee_paid",
    FeeVaries = "fee_varies",
    Accessibility = "accessibility",
    AccessYes = "access_yes",
    AccessLimited = "access_limited",
    AccessNo = "access_no",
    Languages = "languages",
    /// The `subjects` of a place: free tags of what one can learn there.
    Subjects = "subjects",
    OpeningHours = "opening_hours",
    Today = "today",
    ClosedAllDay = "closed_all_day",
    LastVerified = "last_verified",
    SkippedNotice = "skipped_notice",
    TemporarilyClosed = "temporarily_closed",
    /// Above the other places at the same spot as the one shown.
    AlsoHere = "also_here",
    OpenNowNoEnd = "open_now_no_end",
    ClosedNow = "closed_now",
    Interface = "interface",
    /// A place's ages when the data does not say.
    AgesNotStated = "ages_not_stated",
    /// After the usual ages of a place's type, when the data does not say.
    AgesTypical = "ages_typical",
    /// Shows the places that do not say which ages they serve.
    ShowThem = "show_them",
    /// Hides them again.
    HideThem = "hide_them",
    PickPlace = "pick_place",
    NoStartingPoint = "no_starting_point",
    OpenFullMap = "open_full_map",
    SomeSourcesFailed = "some_sources_failed",
    ConfigProblems = "config_problems",
    ReportError = "report_error",
    WhatsOn = "whats_on",
    PlacesTab = "places_tab",
    WhenLabel = "when_label",
    WhenToday = "when_today",
    WhenWeekend = "when_weekend",
    WhenWeek = "when_week",
    NoEvents = "no_events",
    EventsLoading = "events_loading",
    EventsFailed = "events_failed",
    EventFull = "event_full",
    /// Above an event's next sessions.
    EventSessions = "event_sessions",
    /// An event, or one session, called off.
    EventCancelled = "event_cancelled",
    /// What an event does not say (ages, fee...): unknown, not "all".
    NotStated = "not_stated",
    /// Downloads the event's `.ics`.
    AddToCalendar = "add_to_calendar",
    /// The event's booking link.
    Book = "book",
    BookingRequired = "booking_required",
    BookingNotRequired = "booking_not_required",
    /// Where an event takes place.
    Place = "place",
    NoSessions = "no_sessions",
    /// Above a place's upcoming events, in its details.
    PlaceEvents = "place_events",
    /// `event=` names an event the data does not have.
    EventMissing = "event_missing",
    /// Prints the festival's programme.
    Programme = "programme",
}

/// A text of a locale file: plain, or a plural whose forms are chosen by
/// the number in one argument (`count` unless `_by` names another).
enum Text {
    Plain(&'static str),
    Plural {
        by: &'static str,
        forms: Vec<(&'static str, Text)>,
    },
}

impl Text {
    fn from_json(value: &serde_json::Value) -> Option<Text> {
        use serde_json::Value;
        match value {
            Value::String(s) => Some(Text::Plain(leak(s))),
            Value::Object(forms) => {
                let by = match forms.get("_by") {
                    None => "count",
                    Some(Value::String(by)) => leak(by),
                    Some(_) => return None,
                };
                let forms = forms
                    .iter()
                    .filter(|(category, _)| !category.starts_with('_'))
                    .map(|(category, form)| Some((leak(category), Text::from_json(form)?)))
                    .collect::<Option<Vec<_>>>()?;
                Some(Text::Plural { by, forms })
            }
            _ => None,
        }
    }
}

/// Texts live as long as the page: a language is read once.
fn leak(s: &str) -> &'static str {
    Box::leak(s.to_owned().into_boxed_str())
}

/// One language's texts, sorted by key.
struct Catalog(Vec<(&'static str, Text)>);

impl Catalog {
    fn parse(json: &str) -> Result<Catalog, String> {
        let json = json.strip_prefix('\u{feff}').unwrap_or(json);
        let map: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(json).map_err(|e| e.to_string())?;
        let mut entries = Vec::with_capacity(map.len());
        for (key, value) in &map {
            if key.starts_with('_') {
                continue;
            }
            let text = Text::from_json(value)
                .ok_or_else(|| format!("\"{key}\" is neither a text nor a plural of texts"))?;
            entries.push((leak(key), text));
        }
        entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
        Ok(Catalog(entries))
    }

    /// The text whose key is `prefix` followed by `name`.
    fn get(&self, prefix: &str, name: &str) -> Option<&Text> {
        let wanted = || prefix.bytes().chain(name.bytes());
        self.0
            .binary_search_by(|(key, _)| key.bytes().cmp(wanted()))
            .ok()
            .map(|i| &self.0[i].1)
    }
}

thread_local! {
    static CATALOGS: RefCell<[Option<&'static Catalog>; 10]> = const { RefCell::new([None; 10]) };
    static CHOSEN: std::cell::Cell<Option<Lang>> = const { std::cell::Cell::new(None) };
}

/// Takes `lang`'s texts from its locale file (`public/locales/<lang>/app.json`).
/// A file that is not a JSON object of texts and plurals is refused, with why.
pub fn install(lang: Lang, json: &str) -> Result<(), String> {
    let catalog: &'static Catalog = Box::leak(Box::new(Catalog::parse(json)?));
    CATALOGS.with_borrow_mut(|all| all[lang.index()] = Some(catalog));
    Ok(())
}

/// Whether `lang`'s texts are in.
pub fn is_installed(lang: Lang) -> bool {
    CATALOGS.with_borrow(|all| all[lang.index()].is_some())
}

/// The language whose texts the page started with ([`install_early`], or
/// `lib.rs` after fetching them), if it did.
pub fn chosen() -> Option<Lang> {
    CHOSEN.get()
}

/// Records the language the page starts with.
pub fn set_chosen(lang: Lang) {
    CHOSEN.set(Some(lang));
}

fn catalog(lang: Lang) -> Option<&'static Catalog> {
    let found = CATALOGS.with_borrow(|all| all[lang.index()]);
    #[cfg(not(target_arch = "wasm32"))]
    if found.is_none() {
        install(lang, bundled(lang)).expect("a locale file of the app");
        return CATALOGS.with_borrow(|all| all[lang.index()]);
    }
    found
}

/// The locale files, compiled in for native builds (tests) only: the web
/// app downloads its language's.
#[cfg(not(target_arch = "wasm32"))]
pub fn bundled(lang: Lang) -> &'static str {
    match lang {
        Lang::En => include_str!("../public/locales/en/app.json"),
        Lang::Fr => include_str!("../public/locales/fr/app.json"),
        Lang::Es => include_str!("../public/locales/es/app.json"),
        Lang::De => include_str!("../public/locales/de/app.json"),
        Lang::Ar => include_str!("../public/locales/ar/app.json"),
        Lang::Pt => include_str!("../public/locales/pt/app.json"),
        Lang::Zh => include_str!("../public/locales/zh/app.json"),
        Lang::Ko => include_str!("../public/locales/ko/app.json"),
        Lang::Ru => include_str!("../public/locales/ru/app.json"),
        Lang::Sw => include_str!("../public/locales/sw/app.json"),
    }
}

/// The texts `public/boot.js` fetched beside the WebAssembly
/// (`globalThis.learnmapTexts`, a promise of `{lang, text}`), installed; the
/// language, or `None` when there were none or they could not be had.
pub async fn install_early() -> Option<Lang> {
    use wasm_bindgen::JsCast;
    let get = |o: &wasm_bindgen::JsValue, k: &str| js_sys::Reflect::get(o, &k.into()).ok();
    let early: js_sys::Promise = get(&js_sys::global(), "learnmapTexts")?.dyn_into().ok()?;
    let early = wasm_bindgen_futures::JsFuture::from(early).await.ok()?;
    let lang = Lang::from_tag(&get(&early, "lang")?.as_string()?)?;
    let text = get(&early, "text")?.as_string()?;
    match install(lang, &text) {
        Ok(()) => Some(lang),
        Err(why) => {
            leptos::logging::warn!("locales/{}/app.json: {why}", lang.code());
            None
        }
    }
}

/// Fetches and installs `lang`'s texts (`locales/<lang>/app.json` beside
/// the page), unless they are in already.
pub async fn load(lang: Lang) -> Result<(), String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    if is_installed(lang) {
        return Ok(());
    }
    let url = format!("locales/{}/app.json", lang.code());
    let failed = |_| format!("{url} could not be fetched");
    let response = JsFuture::from(leptos::prelude::window().fetch_with_str(&url))
        .await
        .map_err(failed)?;
    let response: web_sys::Response = response.dyn_into().map_err(failed)?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(failed)?)
        .await
        .map_err(failed)?;
    install(lang, &text.as_string().unwrap_or_default()).map_err(|why| format!("{url}: {why}"))
}

fn text(lang: Lang, prefix: &str, name: &str) -> Option<&'static Text> {
    catalog(lang)?.get(prefix, name)
}

/// The text of `msg` in `lang`; its key while the language's texts are not in.
pub fn t(lang: Lang, msg: Msg) -> &'static str {
    match text(lang, "", msg.key()) {
        Some(Text::Plain(s)) => s,
        _ => msg.key(),
    }
}

/// An argument of a text: a number, written as the language writes numbers
/// (and choosing among a plural's forms), or words.
#[derive(Clone, Copy, Debug)]
pub enum Arg<'a> {
    /// A count.
    Num(usize),
    /// Words, put in as they are.
    Str(&'a str),
}

/// The text `key` of `lang` with its `{placeholders}` filled from `args`;
/// a plural takes the form for its number's CLDR category. The key itself
/// while the text is missing.
pub fn format(lang: Lang, key: &str, args: &[(&str, Arg)]) -> String {
    let Some(mut entry) = text(lang, "", key) else {
        return key.to_owned();
    };
    loop {
        match entry {
            Text::Plain(template) => return fill(lang, template, args),
            Text::Plural { by, forms } => {
                let n = args.iter().find_map(|(name, arg)| match arg {
                    Arg::Num(n) if *name == *by => Some(*n),
                    _ => None,
                });
                let category = n.map_or("other", |n| plural_category(lang, n));
                let form = |c: &str| forms.iter().find(|(k, _)| *k == c).map(|(_, t)| t);
                match form(category).or_else(|| form("other")) {
                    Some(next) => entry = next,
                    None => return key.to_owned(),
                }
            }
        }
    }
}

fn fill(lang: Lang, template: &str, args: &[(&str, Arg)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let arg = after.find('}').and_then(|close| {
            let name = &after[..close];
            let (_, arg) = args.iter().find(|(n, _)| *n == name)?;
            Some((*arg, close))
        });
        match arg {
            Some((arg, close)) => {
                match arg {
                    Arg::Num(n) => out.push_str(&number(lang, n)),
                    Arg::Str(s) => out.push_str(s),
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The CLDR plural category of a count in `lang` (`one`, `few`, ...): the
/// browser's `Intl.PluralRules`, natively [`cldr_plural_category`].
pub fn plural_category(lang: Lang, n: usize) -> &'static str {
    #[cfg(target_arch = "wasm32")]
    if let Some(category) = intl::plural(lang, n) {
        return category;
    }
    cldr_plural_category(lang, n)
}

/// CLDR's plural rules for whole numbers, for native builds: what
/// `Intl.PluralRules` says in the browser (a browser test compares them).
pub fn cldr_plural_category(lang: Lang, n: usize) -> &'static str {
    let millions = n != 0 && n.is_multiple_of(1_000_000);
    match lang {
        Lang::En | Lang::De | Lang::Sw if n == 1 => "one",
        Lang::En | Lang::De | Lang::Sw => "other",
        Lang::Fr | Lang::Pt if n <= 1 => "one",
        Lang::Es if n == 1 => "one",
        Lang::Fr | Lang::Pt | Lang::Es if millions => "many",
        Lang::Fr | Lang::Pt | Lang::Es => "other",
        Lang::Ar => match (n, n % 100) {
            (0, _) => "zero",
            (1, _) => "one",
            (2, _) => "two",
            (_, 3..=10) => "few",
            (_, 11..=99) => "many",
            _ => "other",
        },
        Lang::Ru => match (n % 10, n % 100) {
            (1, r) if r != 11 => "one",
            (2..=4, r) if !(12..=14).contains(&r) => "few",
            _ => "many",
        },
        Lang::Zh | Lang::Ko => "other",
    }
}

/// A count as the interface language writes it, its digits grouped in
/// thousands (`Intl.NumberFormat`): 10,000 (English), 10 000 with a narrow
/// no-break space (French), 1000 and 10.000 (Spanish), 10.000 (German),
/// 10,000 (Arabic, with the Western digits the data uses).
///
/// ```
/// use learnmap::i18n::{number, Lang};
/// assert_eq!(number(Lang::En, 10_000), "10,000");
/// assert_eq!(number(Lang::Fr, 10_000), "10\u{202f}000");
/// assert_eq!(number(Lang::Es, 1000), "1000");
/// ```
pub fn number(lang: Lang, n: usize) -> String {
    #[cfg(target_arch = "wasm32")]
    if let Some(text) = intl::number(lang, n as f64, 0) {
        return text;
    }
    let (group, from, _) = native_number_style(lang);
    learnmap_core::number::grouped(n, group, from)
}

/// A number with one decimal, as the language writes it: 1.2, 1,2.
fn decimal(lang: Lang, x: f64) -> String {
    #[cfg(target_arch = "wasm32")]
    if let Some(text) = intl::number(lang, x, 1) {
        return text;
    }
    let (_, _, point) = native_number_style(lang);
    learnmap_core::number::fixed(x, 1).replace('.', point)
}

/// Natively: the thousands separator, the digits from which it is used, and
/// the decimal point of `Intl.NumberFormat` in `lang` (a browser test
/// compares them).
pub fn native_number_style(lang: Lang) -> (char, usize, &'static str) {
    match lang {
        Lang::En | Lang::Ar | Lang::Zh | Lang::Ko | Lang::Sw => (',', 4, "."),
        Lang::Fr => ('\u{202f}', 4, ","),
        Lang::Es => ('.', 5, ","),
        Lang::De | Lang::Pt => ('.', 4, ","),
        Lang::Ru => ('\u{a0}', 4, ","),
    }
}

/// "N learning spaces", with the plural rules of each language and the
/// digits grouped as it writes them ([`number`]).
///
/// ```
/// use learnmap::i18n::{count_places, Lang};
/// assert_eq!(count_places(Lang::En, 1), "1 learning space");
/// assert_eq!(count_places(Lang::En, 10_000), "10,000 learning spaces");
/// ```
pub fn count_places(lang: Lang, n: usize) -> String {
    format(lang, "count_places", &[("count", Arg::Num(n))])
}

/// "N of TOTAL learning spaces match": how many places a filter leaves, with
/// the plural rules of each language and the digits grouped ([`number`]).
///
/// ```
/// use learnmap::i18n::{count_matching, Lang};
/// assert_eq!(count_matching(Lang::En, 1, 300), "1 of 300 learning spaces match");
/// assert_eq!(count_matching(Lang::De, 1, 300), "1 von 300 Lernorten passt");
/// ```
pub fn count_matching(lang: Lang, n: usize, total: usize) -> String {
    format(
        lang,
        "count_matching",
        &[("count", Arg::Num(n)), ("total", Arg::Num(total))],
    )
}

/// "N entries have errors and are not shown."
pub fn count_skipped(lang: Lang, n: usize) -> String {
    format(lang, "count_skipped", &[("count", Arg::Num(n))])
}

/// "N places don't say which ages they serve": those an age filter keeps
/// apart (shown on request), with the plural rules of each language.
///
/// ```
/// use learnmap::i18n::{unstated_ages, Lang};
/// assert_eq!(unstated_ages(Lang::En, 12), "12 places don’t say which ages they serve");
/// ```
pub fn unstated_ages(lang: Lang, n: usize) -> String {
    format(lang, "count_unstated_ages", &[("count", Arg::Num(n))])
}

/// A distance in metres, localised: "450 m", "1.2 km" ("1,2 km" in French, Spanish, German).
///
/// ```
/// use learnmap::i18n::{distance, Lang};
/// assert_eq!(distance(Lang::En, 449.6), "450 m");
/// assert_eq!(distance(Lang::De, 1234.0), "1,2 km");
/// assert_eq!(distance(Lang::En, 25_400.0), "25 km");
/// ```
pub fn distance(lang: Lang, metres: f64) -> String {
    if metres < 995.0 {
        let m = ((metres / 10.0).round() * 10.0).max(0.0) as usize;
        format(lang, "distance_m", &[("n", Arg::Num(m))])
    } else if metres < 9_950.0 {
        let km = decimal(lang, (metres / 100.0).round() / 10.0);
        format(lang, "distance_km", &[("n", Arg::Str(&km))])
    } else {
        let km = (metres / 1000.0).round() as usize;
        format(lang, "distance_km", &[("n", Arg::Num(km))])
    }
}

/// A time as `HH:MM` (24 hours), as every interface language writes it here.
///
/// ```
/// let t = chrono::NaiveTime::from_hms_opt(9, 5, 0).unwrap();
/// assert_eq!(learnmap::i18n::hh_mm(t), "09:05");
/// ```
pub fn hh_mm(t: chrono::NaiveTime) -> String {
    use chrono::Timelike;
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// A short weekday name (`Intl.DateTimeFormat`; natively English).
pub fn weekday(lang: Lang, day: chrono::Weekday) -> String {
    // 1 January 2024 was a Monday
    let monday = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).expect("a date");
    date_text(
        lang,
        monday + chrono::Duration::days(i64::from(day.num_days_from_monday())),
        false,
    )
}

/// A day as the language writes it short, with its weekday: "Mon 7 Dec",
/// "lun. 7 déc." (`Intl.DateTimeFormat`; natively English).
pub fn short_date(lang: Lang, date: chrono::NaiveDate) -> String {
    date_text(lang, date, true)
}

/// The weekday of `date`, with its day and month when `with_day`.
fn date_text(lang: Lang, date: chrono::NaiveDate, with_day: bool) -> String {
    #[cfg(target_arch = "wasm32")]
    if let Some(text) = intl::date(lang, date, with_day) {
        return text;
    }
    let _ = lang;
    date.format(if with_day { "%a %-d %b" } else { "%a" })
        .to_string()
}

/// The "open" chip's label when the address gives a time (`open=2026-12-07T10:00`):
/// "Open Mon 7 Dec, 10:00".
///
/// ```
/// use learnmap::i18n::{open_at, Lang};
/// let at = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap().and_hms_opt(10, 0, 0).unwrap();
/// assert_eq!(open_at(Lang::En, at), "Open Mon 7 Dec, 10:00");
/// ```
pub fn open_at(lang: Lang, at: chrono::NaiveDateTime) -> String {
    let (date, time) = (short_date(lang, at.date()), hh_mm(at.time()));
    format(
        lang,
        "open_at",
        &[("date", Arg::Str(&date)), ("time", Arg::Str(&time))],
    )
}

/// "Open now, closes 18:00", "Closed, opens Mon 09:00", "Closed, opens 14:00" (later today).
///
/// ```
/// use learnmap::i18n::{open_state, Lang};
/// use learnmap_core::OpenState;
/// let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(); // a Monday
/// let at = |d: chrono::NaiveDate, h| d.and_hms_opt(h, 0, 0).unwrap();
/// let now = at(day, 12);
/// assert_eq!(open_state(Lang::En, OpenState::Open { closes: Some(at(day, 18)) }, now), "Open now, closes 18:00");
/// let friday = day + chrono::Duration::days(4);
/// assert_eq!(open_state(Lang::En, OpenState::Closed { opens: Some(at(friday, 9)) }, now), "Closed, opens Fri 09:00");
/// assert_eq!(open_state(Lang::De, OpenState::Closed { opens: Some(at(day, 14)) }, now), "Geschlossen, öffnet 14:00");
/// ```
pub fn open_state(
    lang: Lang,
    state: learnmap_core::OpenState,
    now: chrono::NaiveDateTime,
) -> String {
    use chrono::Datelike;
    use learnmap_core::OpenState;
    let when = |t: chrono::NaiveDateTime| {
        let time = hh_mm(t.time());
        if t.date() == now.date() {
            time
        } else {
            format!("{} {time}", weekday(lang, t.weekday()))
        }
    };
    match state {
        OpenState::Open { closes: Some(t) } => {
            format(lang, "open_closes", &[("when", Arg::Str(&when(t)))])
        }
        OpenState::Open { closes: None } => t(lang, Msg::OpenNowNoEnd).to_owned(),
        OpenState::Closed { opens: Some(t) } => {
            format(lang, "closed_opens", &[("when", Arg::Str(&when(t)))])
        }
        OpenState::Closed { opens: None } => t(lang, Msg::ClosedNow).to_owned(),
    }
}

/// The label of a vocabulary value (key `<prefix><value>`); the value itself while missing.
fn label<V: Vocabulary>(lang: Lang, prefix: &str, value: V) -> &'static str {
    match text(lang, prefix, value.as_str()) {
        Some(Text::Plain(s)) => s,
        _ => value.as_str(),
    }
}

/// The label of a learning area (`area.<value>`).
pub fn area_label(lang: Lang, area: LearningArea) -> &'static str {
    label(lang, "area.", area)
}

/// The label of an age group, with its ages (`age_group.<value>`).
pub fn age_group_label(lang: Lang, group: AgeGroup) -> &'static str {
    label(lang, "age_group.", group)
}

/// The label of an audience (`audience.<value>`).
pub fn audience_label(lang: Lang, audience: Audience) -> &'static str {
    label(lang, "audience.", audience)
}

/// The label of a place type (`place_type.<value>`).
pub fn place_type_label(lang: Lang, place_type: PlaceType) -> &'static str {
    label(lang, "place_type.", place_type)
}

/// `Intl` in the browser: one formatter per language and kind, made when
/// first needed (making one costs far more than using it).
#[cfg(target_arch = "wasm32")]
mod intl {
    use super::Lang;
    use js_sys::{Array, Function, Intl, Object, Reflect};
    use wasm_bindgen::{JsCast, JsValue};

    thread_local! {
        static MADE: std::cell::RefCell<Vec<(Lang, u8, JsValue)>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }

    fn made(lang: Lang, kind: u8, make: impl FnOnce(&Array) -> JsValue) -> JsValue {
        MADE.with_borrow_mut(|made| {
            if let Some((_, _, f)) = made.iter().find(|(l, k, _)| *l == lang && *k == kind) {
                return f.clone();
            }
            let f = make(&Array::of1(&lang.intl().into()));
            made.push((lang, kind, f.clone()));
            f
        })
    }

    fn options(pairs: &[(&str, JsValue)]) -> Object {
        let options = Object::new();
        for (key, value) in pairs {
            let _ = Reflect::set(&options, &(*key).into(), value);
        }
        options
    }

    fn call(format: JsValue, value: &JsValue) -> Option<String> {
        let format: Function = format.dyn_into().ok()?;
        format.call1(&JsValue::UNDEFINED, value).ok()?.as_string()
    }

    pub fn plural(lang: Lang, n: usize) -> Option<&'static str> {
        let rules = made(lang, 0, |l| {
            Intl::PluralRules::new(l, &Object::new()).into()
        });
        let rules: Intl::PluralRules = rules.unchecked_into();
        let category = rules.select(n as f64).as_string()?;
        ["zero", "one", "two", "few", "many", "other"]
            .into_iter()
            .find(|c| *c == category)
    }

    pub fn number(lang: Lang, x: f64, decimals: u8) -> Option<String> {
        let format = made(lang, 1 + decimals, |l| {
            let d = JsValue::from(decimals);
            let options = options(&[
                ("minimumFractionDigits", d.clone()),
                ("maximumFractionDigits", d),
            ]);
            Intl::NumberFormat::new(l, &options).format().into()
        });
        call(format, &x.into())
    }

    pub fn date(lang: Lang, date: chrono::NaiveDate, with_day: bool) -> Option<String> {
        let format = made(lang, if with_day { 4 } else { 3 }, |l| {
            let short = JsValue::from("short");
            let mut pairs = vec![("weekday", short.clone()), ("timeZone", "UTC".into())];
            if with_day {
                pairs.extend([("day", "numeric".into()), ("month", short)]);
            }
            Intl::DateTimeFormat::new(l, &options(&pairs))
                .format()
                .into()
        });
        let noon = date.and_hms_opt(12, 0, 0)?.and_utc().timestamp_millis() as f64;
        call(format, &js_sys::Date::new(&noon.into()).into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_text_is_translated() {
        for lang in Lang::ALL {
            for msg in Msg::ALL {
                assert!(
                    matches!(text(lang, "", msg.key()), Some(Text::Plain(_))),
                    "{lang:?} lacks {msg:?}"
                );
                assert!(!t(lang, *msg).trim().is_empty(), "{lang:?} {msg:?}");
            }
            if lang == Lang::En {
                continue;
            }
            // a few words are the same in English (Website, Online): a whole
            // untranslated block is not
            let same: Vec<_> = Msg::ALL
                .iter()
                .filter(|m| t(lang, **m) == t(Lang::En, **m))
                .collect();
            assert!(same.len() <= 3, "{lang:?} has untranslated texts: {same:?}");
        }
    }

    #[test]
    fn vocabulary_labels_are_unique_within_a_language() {
        for lang in Lang::ALL {
            let areas: HashSet<_> = LearningArea::ALL
                .iter()
                .map(|a| area_label(lang, *a))
                .collect();
            assert_eq!(areas.len(), LearningArea::ALL.len(), "{lang:?}");
            let groups: HashSet<_> = AgeGroup::ALL
                .iter()
                .map(|g| age_group_label(lang, *g))
                .collect();
            assert_eq!(groups.len(), AgeGroup::ALL.len(), "{lang:?}");
            let audiences: HashSet<_> = Audience::ALL
                .iter()
                .map(|a| audience_label(lang, *a))
                .collect();
            assert_eq!(audiences.len(), Audience::ALL.len(), "{lang:?}");
            let types: HashSet<_> = PlaceType::ALL
                .iter()
                .map(|p| place_type_label(lang, *p))
                .collect();
            assert_eq!(types.len(), PlaceType::ALL.len(), "{lang:?}");
            for area in LearningArea::ALL {
                assert_ne!(area_label(lang, *area), area.as_str(), "{lang:?}");
            }
            for place_type in PlaceType::ALL {
                assert_ne!(place_type_label(lang, *place_type), place_type.as_str());
            }
        }
    }

    #[test]
    fn negotiates_languages_and_direction() {
        assert_eq!(Lang::from_tag("AR"), Some(Lang::Ar));
        assert_eq!(Lang::from_tag("es_MX"), Some(Lang::Es));
        assert_eq!(Lang::from_tag("pt-BR"), Some(Lang::Pt));
        assert_eq!(Lang::from_tag("zh-Hans"), Some(Lang::Zh));
        assert_eq!(Lang::from_tag("sw-KE"), Some(Lang::Sw));
        assert_eq!(Lang::from_tag("it"), None);
        assert_eq!(Lang::Ar.dir(), "rtl");
        assert_eq!(Lang::De.dir(), "ltr");
        assert_eq!(Lang::negotiate::<&str>(&[]), Lang::En);
        // lang= first, then the browser's languages, then the site's default
        assert_eq!(page_language(Some("ko"), Some("de")), Lang::Ko);
        assert_eq!(page_language(Some("it"), Some("de")), Lang::De);
        assert_eq!(page_language(None, None), Lang::En);
    }

    #[test]
    fn counts_follow_plural_rules() {
        assert_eq!(count_places(Lang::En, 1), "1 learning space");
        assert_eq!(count_places(Lang::En, 300), "300 learning spaces");
        assert_eq!(count_places(Lang::Fr, 0), "0 lieu d’apprentissage");
        assert_eq!(count_places(Lang::De, 2), "2 Lernorte");
        assert_eq!(count_places(Lang::Ar, 1), "مكان تعلّم واحد");
        assert_eq!(count_places(Lang::Ar, 5), "5 أماكن تعلّم");
        assert_eq!(count_places(Lang::Ar, 300), "300 مكان تعلّم");
        assert_eq!(count_places(Lang::Ru, 21), "21 место обучения");
        assert_eq!(count_places(Lang::Ru, 3), "3 места обучения");
        assert_eq!(count_places(Lang::Ru, 11), "11 мест обучения");
        assert_eq!(count_places(Lang::Sw, 1), "Mahali 1 pa kujifunza");
        assert_eq!(count_places(Lang::Zh, 1), "1 个学习场所");
        // CLDR's "many" of French, Spanish and Portuguese: exact millions
        assert_eq!(
            count_places(Lang::Fr, 1_000_000),
            "1\u{202f}000\u{202f}000 de lieux d’apprentissage"
        );
    }

    /// Bug: counts had no thousands separators: "10000 learning spaces",
    /// "10000 lieux d’apprentissage".
    #[test]
    fn counts_group_thousands_as_each_language_writes_them() {
        assert_eq!(number(Lang::En, 999), "999");
        assert_eq!(number(Lang::En, 10_000), "10,000");
        assert_eq!(number(Lang::Fr, 1000), "1\u{202f}000");
        assert_eq!(number(Lang::Es, 1000), "1000");
        assert_eq!(number(Lang::Es, 10_000), "10.000");
        assert_eq!(number(Lang::De, 1000), "1.000");
        assert_eq!(number(Lang::Ar, 1_234_567), "1,234,567");
        assert_eq!(count_places(Lang::En, 10_000), "10,000 learning spaces");
        assert_eq!(
            count_places(Lang::Fr, 10_000),
            "10\u{202f}000 lieux d’apprentissage"
        );
        assert_eq!(
            count_places(Lang::Es, 10_000),
            "10.000 espacios de aprendizaje"
        );
        assert_eq!(count_places(Lang::Es, 1000), "1000 espacios de aprendizaje");
        assert_eq!(count_places(Lang::De, 10_000), "10.000 Lernorte");
        // the plural rules still go by the number: 10,003 is 3 (mod 100)
        assert_eq!(count_places(Lang::Ar, 10_003), "10,003 أماكن تعلّم");
        assert_eq!(
            count_matching(Lang::En, 1234, 10_000),
            "1,234 of 10,000 learning spaces match"
        );
        assert_eq!(
            count_matching(Lang::De, 1, 12_000),
            "1 von 12.000 Lernorten passt"
        );
        assert_eq!(
            count_matching(Lang::Ar, 2500, 10_000),
            "أماكن التعلّم المطابقة: 2,500 من 10,000"
        );
        assert_eq!(
            count_skipped(Lang::Fr, 1500),
            "1\u{202f}500 entrées des données contiennent des erreurs et ne sont pas affichées."
        );
    }

    /// bug: with filters on, the header kept saying "300 learning spaces"
    /// and never said how many matched.
    #[test]
    fn matching_counts_follow_plural_rules() {
        assert_eq!(
            count_matching(Lang::En, 1, 300),
            "1 of 300 learning spaces match"
        );
        assert_eq!(
            count_matching(Lang::En, 0, 1),
            "0 of 1 learning space matches"
        );
        assert_eq!(
            count_matching(Lang::Fr, 1, 300),
            "1 lieu d’apprentissage sur 300 correspond"
        );
        assert_eq!(
            count_matching(Lang::Fr, 12, 300),
            "12 lieux d’apprentissage sur 300 correspondent"
        );
        assert_eq!(
            count_matching(Lang::Es, 0, 300),
            "0 de 300 espacios de aprendizaje coinciden"
        );
        assert_eq!(
            count_matching(Lang::Es, 1, 300),
            "1 de 300 espacios de aprendizaje coincide"
        );
        assert_eq!(
            count_matching(Lang::De, 2, 300),
            "2 von 300 Lernorten passen"
        );
        assert_eq!(
            count_matching(Lang::Ar, 5, 300),
            "أماكن التعلّم المطابقة: 5 من 300"
        );
    }

    /// bug: with `open=2026-12-07T10:00` the chip read "Open now", and
    /// nothing showed the time asked for. (The other languages' dates come
    /// from `Intl`: tests/web.rs.)
    #[test]
    fn open_at_a_given_time_names_the_time() {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 12, 7)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap();
        assert_eq!(open_at(Lang::En, at), "Open Mon 7 Dec, 10:00");
        let may = chrono::NaiveDate::from_ymd_opt(2026, 5, 1)
            .unwrap()
            .and_time(at.time());
        assert_eq!(open_at(Lang::En, may), "Open Fri 1 May, 10:00");
    }

    #[test]
    fn distances_are_rounded_and_localised() {
        assert_eq!(distance(Lang::En, 0.0), "0 m");
        assert_eq!(distance(Lang::En, 994.0), "990 m");
        assert_eq!(distance(Lang::En, 996.0), "1.0 km");
        assert_eq!(distance(Lang::Fr, 9_949.0), "9,9 km");
        assert_eq!(distance(Lang::Es, 10_000.0), "10 km");
    }

    #[test]
    fn a_missing_text_shows_its_key_and_placeholders_left_unfilled_stay() {
        assert_eq!(format(Lang::En, "no_such_key", &[]), "no_such_key");
        assert_eq!(
            fill(Lang::En, "{a} and {b} {", &[("a", Arg::Num(1200))]),
            "1,200 and {b} {"
        );
        assert!(install(Lang::En, "[1, 2]").is_err());
        assert!(install(Lang::En, r#"{"x": 3}"#)
            .unwrap_err()
            .contains("\"x\""));
    }
}
