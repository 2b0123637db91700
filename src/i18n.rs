//! The interface in the residents' languages: English, French, Spanish,
//! German and Arabic (right to left).
//!
//! Every text of the interface is a [`Msg`]; every vocabulary value has a
//! label in each language. A missing translation is a compile error, not a
//! blank on screen, because each language is a full `match`.

use learnmap_core::{AgeGroup, Audience, LearningArea, PlaceType};

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

/// An interface language.
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
}

impl Lang {
    /// Every interface language.
    pub const ALL: [Lang; 5] = [Lang::En, Lang::Fr, Lang::Es, Lang::De, Lang::Ar];

    /// The BCP-47 code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::Es => "es",
            Lang::De => "de",
            Lang::Ar => "ar",
        }
    }

    /// The language's own name, for the language picker.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Fr => "Français",
            Lang::Es => "Español",
            Lang::De => "Deutsch",
            Lang::Ar => "العربية",
        }
    }

    /// `rtl` for Arabic, else `ltr`.
    pub fn dir(self) -> &'static str {
        match self {
            Lang::Ar => "rtl",
            _ => "ltr",
        }
    }

    /// The language for a tag such as `fr`, `fr-CA` or `AR`, if offered.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// The first offered language among the user's preferences (`lang=`
    /// first, then the browser's list), else English.
    ///
    /// ```
    /// use learnmap::i18n::Lang;
    /// assert_eq!(Lang::negotiate(&["pt-BR", "fr-CA", "en"]), Lang::Fr);
    /// assert_eq!(Lang::negotiate(&["zz"]), Lang::En);
    /// ```
    pub fn negotiate<S: AsRef<str>>(preferences: &[S]) -> Lang {
        preferences
            .iter()
            .find_map(|p| Lang::from_tag(p.as_ref()))
            .unwrap_or_default()
    }
}

/// A text of the interface.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum Msg {
    AppTitle,
    Loading,
    LoadFailed,
    TryAgain,
    TilesFailed,
    /// The map itself (Leaflet) could not load; the list works.
    MapFailed,
    MapLabel,
    OffSiteData,
    NearMe,
    LocationUnavailable,
    Locating,
    FromHere,
    /// Distances from the position the browser gave.
    FromYou,
    FromCentre,
    Filters,
    ClearAll,
    Age,
    ExactAge,
    LearningAreas,
    Audiences,
    PlaceTypes,
    OpenNow,
    Free,
    WheelchairAccessible,
    LanguageOffered,
    AnyLanguage,
    Search,
    Results,
    NoResults,
    ShowMore,
    ShowList,
    ShowMap,
    Close,
    Directions,
    /// The `geo:` link: the place in the device's own map app.
    MapApp,
    Share,
    LinkCopied,
    Website,
    Booking,
    Phone,
    Email,
    Address,
    Ages,
    Fee,
    FeeFree,
    FeePaid,
    FeeVaries,
    Accessibility,
    AccessYes,
    AccessLimited,
    AccessNo,
    Languages,
    /// The `subjects` of a place: free tags of what one can learn there.
    Subjects,
    OpeningHours,
    Today,
    ClosedAllDay,
    LastVerified,
    SkippedNotice,
    TemporarilyClosed,
    /// Above the other places at the same spot as the one shown.
    AlsoHere,
    OpenNowNoEnd,
    ClosedNow,
    Interface,
    PickPlace,
    NoStartingPoint,
    OpenFullMap,
    LoadNetwork,
    LoadStatus,
    LoadUnusable,
    SomeSourcesFailed,
    ConfigProblems,
    ReportError,
    /// A place's ages when the data does not say.
    AgesNotStated,
    /// After the usual ages of a place's type, when the data does not say.
    AgesTypical,
    /// Shows the places that do not say which ages they serve.
    ShowThem,
    /// Hides them again.
    HideThem,
}

impl Msg {
    /// Every text, for tests and tools.
    pub const ALL: &'static [Msg] = &[
        Msg::AppTitle,
        Msg::Loading,
        Msg::LoadFailed,
        Msg::TryAgain,
        Msg::TilesFailed,
        Msg::MapFailed,
        Msg::MapLabel,
        Msg::OffSiteData,
        Msg::NearMe,
        Msg::LocationUnavailable,
        Msg::Locating,
        Msg::FromHere,
        Msg::FromYou,
        Msg::FromCentre,
        Msg::Filters,
        Msg::ClearAll,
        Msg::Age,
        Msg::ExactAge,
        Msg::LearningAreas,
        Msg::Audiences,
        Msg::PlaceTypes,
        Msg::OpenNow,
        Msg::Free,
        Msg::WheelchairAccessible,
        Msg::LanguageOffered,
        Msg::AnyLanguage,
        Msg::Search,
        Msg::Results,
        Msg::NoResults,
        Msg::ShowMore,
        Msg::ShowList,
        Msg::ShowMap,
        Msg::Close,
        Msg::Directions,
        Msg::MapApp,
        Msg::Share,
        Msg::LinkCopied,
        Msg::Website,
        Msg::Booking,
        Msg::Phone,
        Msg::Email,
        Msg::Address,
        Msg::Ages,
        Msg::Fee,
        Msg::FeeFree,
        Msg::FeePaid,
        Msg::FeeVaries,
        Msg::Accessibility,
        Msg::AccessYes,
        Msg::AccessLimited,
        Msg::AccessNo,
        Msg::Languages,
        Msg::Subjects,
        Msg::OpeningHours,
        Msg::Today,
        Msg::ClosedAllDay,
        Msg::LastVerified,
        Msg::SkippedNotice,
        Msg::TemporarilyClosed,
        Msg::AlsoHere,
        Msg::OpenNowNoEnd,
        Msg::ClosedNow,
        Msg::Interface,
        Msg::PickPlace,
        Msg::NoStartingPoint,
        Msg::OpenFullMap,
        Msg::LoadNetwork,
        Msg::LoadStatus,
        Msg::LoadUnusable,
        Msg::SomeSourcesFailed,
        Msg::ConfigProblems,
        Msg::ReportError,
        Msg::AgesNotStated,
        Msg::AgesTypical,
        Msg::ShowThem,
        Msg::HideThem,
    ];
}

/// The text of `msg` in `lang`.
pub fn t(lang: Lang, msg: Msg) -> &'static str {
    use Msg::*;
    match lang {
        Lang::En => match msg {
            OpenFullMap => "Open the full map",
            LoadNetwork => "The connection failed. Check that you are online and try again.",
            LoadStatus => "The server could not send the data",
            LoadUnusable => "The data file has errors, so it could not be shown.",
            SomeSourcesFailed => "Some of the data could not be loaded:",
            ConfigProblems => "The map's settings (config.json) have problems; defaults are used. Details are in the browser console.",
            ReportError => "Report a mistake in this information",
            PickPlace => "Or start from a postcode, district or place",
            NoStartingPoint => "No postcode, district or place in the data matches that: pick one of the suggestions",
            AppTitle => "Where to learn",
            Loading => "Loading learning spaces…",
            LoadFailed => "The learning spaces could not be loaded",
            TryAgain => "Try again",
            TilesFailed => "The map background could not load; the places are still shown.",
            MapFailed => "The map could not load; the list of places still works.",
            MapLabel => "Map of learning spaces",
            OffSiteData => "The data address is not on this site, so it was not loaded.",
            NearMe => "Near me",
            LocationUnavailable => "Your location is not available. Tap the map to choose a place.",
            Locating => "Finding your location…",
            FromHere => "Distances from the point you chose",
            FromYou => "Distances from where you are",
            FromCentre => "Distances from the city centre",
            Filters => "Filters",
            ClearAll => "Clear all filters",
            Age => "Age",
            ExactAge => "Exact age",
            LearningAreas => "What to learn",
            Audiences => "Special support for",
            PlaceTypes => "Kind of place",
            OpenNow => "Open now",
            Free => "Free",
            WheelchairAccessible => "Wheelchair accessible",
            LanguageOffered => "Language offered",
            AnyLanguage => "Any language",
            Search => "Search by name, subject or description",
            Results => "Results",
            NoResults => "No learning space matches these filters.",
            ShowMore => "Show more",
            ShowList => "List",
            ShowMap => "Map",
            Close => "Close",
            Directions => "Directions",
            MapApp => "Open in map app",
            Share => "Share",
            LinkCopied => "Link copied",
            Website => "Website",
            Booking => "Book a place",
            Phone => "Phone",
            Email => "E-mail",
            Address => "Address",
            Ages => "Ages",
            Fee => "Cost",
            FeeFree => "Free",
            FeePaid => "Paid",
            FeeVaries => "Varies",
            Accessibility => "Wheelchair access",
            AccessYes => "Yes",
            AccessLimited => "Limited",
            AccessNo => "No",
            Languages => "Languages",
            Subjects => "Subjects",
            OpeningHours => "Opening hours",
            Today => "today",
            ClosedAllDay => "closed",
            LastVerified => "Last checked",
            SkippedNotice => "Some entries could not be shown",
            TemporarilyClosed => "Temporarily closed",
            AlsoHere => "Also here",
            OpenNowNoEnd => "Open now",
            ClosedNow => "Closed",
            Interface => "Language",
            AgesNotStated => "Not stated",
            AgesTypical => "usual for this kind of place; the place does not say",
            ShowThem => "Show them",
            HideThem => "Hide them",
        },
        Lang::Fr => match msg {
            OpenFullMap => "Ouvrir la carte complète",
            LoadNetwork => "La connexion a échoué. Vérifiez que vous êtes en ligne et réessayez.",
            LoadStatus => "Le serveur n’a pas pu envoyer les données",
            LoadUnusable => "Le fichier de données contient des erreurs et n’a pas pu être affiché.",
            SomeSourcesFailed => "Une partie des données n’a pas pu être chargée :",
            ConfigProblems => "Les réglages de la carte (config.json) contiennent des erreurs ; les valeurs par défaut s’appliquent. Détails dans la console du navigateur.",
            ReportError => "Signaler une erreur dans ces informations",
            PickPlace => "Ou partir d’un code postal, d’un quartier ou d’un lieu",
            NoStartingPoint => "Aucun code postal, quartier ou lieu des données ne correspond : choisissez une des suggestions",
            AppTitle => "Où apprendre",
            Loading => "Chargement des lieux d’apprentissage…",
            LoadFailed => "Les lieux d’apprentissage n’ont pas pu être chargés",
            TryAgain => "Réessayer",
            TilesFailed => "Le fond de carte n’a pas pu être chargé ; les lieux restent affichés.",
            MapFailed => "La carte n’a pas pu être chargée ; la liste des lieux reste utilisable.",
            MapLabel => "Carte des lieux d’apprentissage",
            OffSiteData => {
                "L’adresse des données n’est pas sur ce site : elles n’ont pas été chargées."
            }
            NearMe => "Près de moi",
            LocationUnavailable => "Votre position n’est pas disponible. Touchez la carte pour choisir un lieu.",
            Locating => "Recherche de votre position…",
            FromHere => "Distances depuis le point choisi",
            FromYou => "Distances depuis votre position",
            FromCentre => "Distances depuis le centre-ville",
            Filters => "Filtres",
            ClearAll => "Effacer tous les filtres",
            Age => "Âge",
            ExactAge => "Âge exact",
            LearningAreas => "Quoi apprendre",
            Audiences => "Accompagnement pour",
            PlaceTypes => "Type de lieu",
            OpenNow => "Ouvert maintenant",
            Free => "Gratuit",
            WheelchairAccessible => "Accessible en fauteuil roulant",
            LanguageOffered => "Langue proposée",
            AnyLanguage => "Toutes les langues",
            Search => "Rechercher par nom, thème ou description",
            Results => "Résultats",
            NoResults => "Aucun lieu ne correspond à ces filtres.",
            ShowMore => "Afficher plus",
            ShowList => "Liste",
            ShowMap => "Carte",
            Close => "Fermer",
            Directions => "Itinéraire",
            MapApp => "Ouvrir dans l’app de cartes",
            Share => "Partager",
            LinkCopied => "Lien copié",
            Website => "Site web",
            Booking => "Réserver",
            Phone => "Téléphone",
            Email => "Courriel",
            Address => "Adresse",
            Ages => "Âges",
            Fee => "Coût",
            FeeFree => "Gratuit",
            FeePaid => "Payant",
            FeeVaries => "Variable",
            Accessibility => "Accès en fauteuil",
            AccessYes => "Oui",
            AccessLimited => "Partiel",
            AccessNo => "Non",
            Languages => "Langues",
            Subjects => "Thèmes",
            OpeningHours => "Horaires",
            Today => "aujourd’hui",
            ClosedAllDay => "fermé",
            LastVerified => "Dernière vérification",
            SkippedNotice => "Certaines entrées n’ont pas pu être affichées",
            TemporarilyClosed => "Fermé temporairement",
            AlsoHere => "Aussi à cet endroit",
            OpenNowNoEnd => "Ouvert",
            ClosedNow => "Fermé",
            Interface => "Langue",
            AgesNotStated => "Non précisé",
            AgesTypical => "habituel pour ce type de lieu ; le lieu ne le précise pas",
            ShowThem => "Les afficher",
            HideThem => "Les masquer",
        },
        Lang::Es => match msg {
            OpenFullMap => "Abrir el mapa completo",
            LoadNetwork => "La conexión falló. Compruebe que está en línea e inténtelo de nuevo.",
            LoadStatus => "El servidor no pudo enviar los datos",
            LoadUnusable => "El archivo de datos tiene errores y no se pudo mostrar.",
            SomeSourcesFailed => "Una parte de los datos no se pudo cargar:",
            ConfigProblems => "La configuración del mapa (config.json) tiene errores; se usan los valores predeterminados. Detalles en la consola del navegador.",
            ReportError => "Informar de un error en esta información",
            PickPlace => "O empezar desde un código postal, un barrio o un lugar",
            NoStartingPoint => "Ningún código postal, barrio o lugar de los datos coincide: elige una de las sugerencias",
            AppTitle => "Dónde aprender",
            Loading => "Cargando espacios de aprendizaje…",
            LoadFailed => "No se pudieron cargar los espacios de aprendizaje",
            TryAgain => "Reintentar",
            TilesFailed => "No se pudo cargar el fondo del mapa; los lugares siguen visibles.",
            MapFailed => "No se pudo cargar el mapa; la lista de lugares sigue funcionando.",
            MapLabel => "Mapa de espacios de aprendizaje",
            OffSiteData => {
                "La dirección de los datos no está en este sitio, así que no se cargaron."
            }
            NearMe => "Cerca de mí",
            LocationUnavailable => "Tu ubicación no está disponible. Toca el mapa para elegir un lugar.",
            Locating => "Buscando tu ubicación…",
            FromHere => "Distancias desde el punto elegido",
            FromYou => "Distancias desde tu ubicación",
            FromCentre => "Distancias desde el centro",
            Filters => "Filtros",
            ClearAll => "Quitar todos los filtros",
            Age => "Edad",
            ExactAge => "Edad exacta",
            LearningAreas => "Qué aprender",
            Audiences => "Apoyo especial para",
            PlaceTypes => "Tipo de lugar",
            OpenNow => "Abierto ahora",
            Free => "Gratis",
            WheelchairAccessible => "Accesible en silla de ruedas",
            LanguageOffered => "Idioma ofrecido",
            AnyLanguage => "Cualquier idioma",
            Search => "Buscar por nombre, tema o descripción",
            Results => "Resultados",
            NoResults => "Ningún espacio coincide con estos filtros.",
            ShowMore => "Mostrar más",
            ShowList => "Lista",
            ShowMap => "Mapa",
            Close => "Cerrar",
            Directions => "Cómo llegar",
            MapApp => "Abrir en la app de mapas",
            Share => "Compartir",
            LinkCopied => "Enlace copiado",
            Website => "Sitio web",
            Booking => "Reservar",
            Phone => "Teléfono",
            Email => "Correo electrónico",
            Address => "Dirección",
            Ages => "Edades",
            Fee => "Coste",
            FeeFree => "Gratis",
            FeePaid => "De pago",
            FeeVaries => "Variable",
            Accessibility => "Acceso en silla de ruedas",
            AccessYes => "Sí",
            AccessLimited => "Limitado",
            AccessNo => "No",
            Languages => "Idiomas",
            Subjects => "Temas",
            OpeningHours => "Horario",
            Today => "hoy",
            ClosedAllDay => "cerrado",
            LastVerified => "Última comprobación",
            SkippedNotice => "Algunas entradas no se pudieron mostrar",
            TemporarilyClosed => "Cerrado temporalmente",
            AlsoHere => "También en este lugar",
            OpenNowNoEnd => "Abierto",
            ClosedNow => "Cerrado",
            Interface => "Idioma",
            AgesNotStated => "No indicado",
            AgesTypical => "lo habitual para este tipo de lugar; el lugar no lo indica",
            ShowThem => "Mostrarlos",
            HideThem => "Ocultarlos",
        },
        Lang::De => match msg {
            OpenFullMap => "Ganze Karte öffnen",
            LoadNetwork => "Die Verbindung ist fehlgeschlagen. Prüfen Sie, ob Sie online sind, und versuchen Sie es erneut.",
            LoadStatus => "Der Server konnte die Daten nicht senden",
            LoadUnusable => "Die Datendatei ist fehlerhaft und konnte nicht angezeigt werden.",
            SomeSourcesFailed => "Ein Teil der Daten konnte nicht geladen werden:",
            ConfigProblems => "Die Einstellungen der Karte (config.json) sind fehlerhaft; es gelten die Standardwerte. Details stehen in der Browser-Konsole.",
            ReportError => "Einen Fehler in diesen Angaben melden",
            PickPlace => "Oder von einer Postleitzahl, einem Stadtteil oder Ort aus",
            NoStartingPoint => "Keine Postleitzahl, kein Stadtteil und kein Ort in den Daten passt dazu: Wählen Sie einen der Vorschläge",
            AppTitle => "Wo lernen",
            Loading => "Lernorte werden geladen…",
            LoadFailed => "Die Lernorte konnten nicht geladen werden",
            TryAgain => "Erneut versuchen",
            TilesFailed => {
                "Der Kartenhintergrund konnte nicht laden; die Orte werden trotzdem angezeigt."
            }
            MapFailed => "Die Karte konnte nicht laden; die Liste der Lernorte funktioniert weiter.",
            MapLabel => "Karte der Lernorte",
            OffSiteData => {
                "Die Datenadresse liegt nicht auf dieser Website und wurde nicht geladen."
            }
            NearMe => "In meiner Nähe",
            LocationUnavailable => "Ihr Standort ist nicht verfügbar. Tippen Sie auf die Karte, um einen Ort zu wählen.",
            Locating => "Standort wird ermittelt…",
            FromHere => "Entfernungen vom gewählten Punkt",
            FromYou => "Entfernungen von Ihrem Standort",
            FromCentre => "Entfernungen vom Stadtzentrum",
            Filters => "Filter",
            ClearAll => "Alle Filter löschen",
            Age => "Alter",
            ExactAge => "Genaues Alter",
            LearningAreas => "Was lernen",
            Audiences => "Besondere Unterstützung für",
            PlaceTypes => "Art des Ortes",
            OpenNow => "Jetzt geöffnet",
            Free => "Kostenlos",
            WheelchairAccessible => "Rollstuhlgerecht",
            LanguageOffered => "Angebotene Sprache",
            AnyLanguage => "Jede Sprache",
            Search => "Nach Name, Thema oder Beschreibung suchen",
            Results => "Ergebnisse",
            NoResults => "Kein Lernort passt zu diesen Filtern.",
            ShowMore => "Mehr anzeigen",
            ShowList => "Liste",
            ShowMap => "Karte",
            Close => "Schließen",
            Directions => "Route",
            MapApp => "In Karten-App öffnen",
            Share => "Teilen",
            LinkCopied => "Link kopiert",
            Website => "Website",
            Booking => "Platz buchen",
            Phone => "Telefon",
            Email => "E-Mail",
            Address => "Adresse",
            Ages => "Alter",
            Fee => "Kosten",
            FeeFree => "Kostenlos",
            FeePaid => "Kostenpflichtig",
            FeeVaries => "Unterschiedlich",
            Accessibility => "Rollstuhlzugang",
            AccessYes => "Ja",
            AccessLimited => "Eingeschränkt",
            AccessNo => "Nein",
            Languages => "Sprachen",
            Subjects => "Themen",
            OpeningHours => "Öffnungszeiten",
            Today => "heute",
            ClosedAllDay => "geschlossen",
            LastVerified => "Zuletzt geprüft",
            SkippedNotice => "Einige Einträge konnten nicht angezeigt werden",
            TemporarilyClosed => "Vorübergehend geschlossen",
            AlsoHere => "Ebenfalls an diesem Ort",
            OpenNowNoEnd => "Geöffnet",
            ClosedNow => "Geschlossen",
            Interface => "Sprache",
            AgesNotStated => "Nicht angegeben",
            AgesTypical => "üblich für diese Art von Ort; der Ort gibt es nicht an",
            ShowThem => "Anzeigen",
            HideThem => "Ausblenden",
        },
        Lang::Ar => match msg {
            OpenFullMap => "افتح الخريطة كاملة",
            LoadNetwork => "فشل الاتصال. تأكد من أنك متصل بالإنترنت وحاول مرة أخرى.",
            LoadStatus => "تعذّر على الخادم إرسال البيانات",
            LoadUnusable => "ملف البيانات يحتوي على أخطاء، لذلك تعذّر عرضه.",
            SomeSourcesFailed => "تعذّر تحميل جزء من البيانات:",
            ConfigProblems => "إعدادات الخريطة (config.json) فيها أخطاء؛ تُستخدم القيم الافتراضية. التفاصيل في وحدة تحكم المتصفح.",
            ReportError => "الإبلاغ عن خطأ في هذه المعلومات",
            PickPlace => "أو ابدأ من رمز بريدي أو حي أو مكان",
            NoStartingPoint => "لا يطابق ذلك أي رمز بريدي أو حي أو مكان في البيانات: اختر أحد الاقتراحات",
            AppTitle => "أين أتعلّم",
            Loading => "جارٍ تحميل أماكن التعلّم…",
            LoadFailed => "تعذّر تحميل أماكن التعلّم",
            TryAgain => "أعد المحاولة",
            TilesFailed => "تعذّر تحميل خلفية الخريطة؛ الأماكن ما زالت معروضة.",
            MapFailed => "تعذّر تحميل الخريطة؛ قائمة الأماكن ما زالت تعمل.",
            MapLabel => "خريطة أماكن التعلّم",
            OffSiteData => "عنوان البيانات ليس على هذا الموقع، لذلك لم يتم تحميلها.",
            NearMe => "بالقرب مني",
            LocationUnavailable => "موقعك غير متاح. المس الخريطة لاختيار مكان.",
            Locating => "جارٍ تحديد موقعك…",
            FromHere => "المسافات من النقطة التي اخترتها",
            FromYou => "المسافات من موقعك",
            FromCentre => "المسافات من وسط المدينة",
            Filters => "عوامل التصفية",
            ClearAll => "مسح كل عوامل التصفية",
            Age => "العمر",
            ExactAge => "العمر بالضبط",
            LearningAreas => "ماذا تتعلّم",
            Audiences => "دعم خاص لـ",
            PlaceTypes => "نوع المكان",
            OpenNow => "مفتوح الآن",
            Free => "مجاني",
            WheelchairAccessible => "مناسب للكراسي المتحركة",
            LanguageOffered => "اللغة المتاحة",
            AnyLanguage => "أي لغة",
            Search => "ابحث بالاسم أو الموضوع أو الوصف",
            Results => "النتائج",
            NoResults => "لا يوجد مكان تعلّم يطابق عوامل التصفية هذه.",
            ShowMore => "عرض المزيد",
            ShowList => "القائمة",
            ShowMap => "الخريطة",
            Close => "إغلاق",
            Directions => "الاتجاهات",
            MapApp => "فتح في تطبيق الخرائط",
            Share => "مشاركة",
            LinkCopied => "تم نسخ الرابط",
            Website => "الموقع الإلكتروني",
            Booking => "احجز مكانًا",
            Phone => "الهاتف",
            Email => "البريد الإلكتروني",
            Address => "العنوان",
            Ages => "الأعمار",
            Fee => "التكلفة",
            FeeFree => "مجاني",
            FeePaid => "مدفوع",
            FeeVaries => "متفاوت",
            Accessibility => "الوصول بالكرسي المتحرك",
            AccessYes => "نعم",
            AccessLimited => "محدود",
            AccessNo => "لا",
            Languages => "اللغات",
            Subjects => "المواضيع",
            OpeningHours => "ساعات العمل",
            Today => "اليوم",
            ClosedAllDay => "مغلق",
            LastVerified => "آخر تحقق",
            SkippedNotice => "تعذّر عرض بعض الإدخالات",
            TemporarilyClosed => "مغلق مؤقتًا",
            AlsoHere => "أيضًا في هذا المكان",
            OpenNowNoEnd => "مفتوح الآن",
            ClosedNow => "مغلق",
            Interface => "اللغة",
            AgesNotStated => "غير محدد",
            AgesTypical => "المعتاد لهذا النوع من الأماكن؛ لم يحدده المكان",
            ShowThem => "عرضها",
            HideThem => "إخفاؤها",
        },
    }
}

/// A count as the interface language writes it, its digits grouped in
/// thousands: 10,000 (English), 10 000 with a narrow no-break space
/// (French), 10.000 (Spanish, from five digits: Spanish style writes 1000),
/// 10.000 (German), 10,000 (Arabic). The Arabic interface writes Western
/// digits, as the data and the rest of the app do, and so the separator
/// that goes with them: "," (Unicode CLDR's Arabic with Latin digits, and
/// what browsers write for `ar`); the Arabic "٬" goes with Arabic-Indic
/// digits and their "٫" decimal point, while the app's Arabic distances
/// write "1.5 km".
///
/// ```
/// use learnmap::i18n::{number, Lang};
/// assert_eq!(number(Lang::En, 10_000), "10,000");
/// assert_eq!(number(Lang::Fr, 10_000), "10\u{202f}000");
/// assert_eq!(number(Lang::Es, 1000), "1000");
/// ```
pub fn number(lang: Lang, n: usize) -> String {
    let (separator, from) = match lang {
        Lang::En | Lang::Ar => (',', 4),
        Lang::Fr => ('\u{202f}', 4),
        Lang::Es => ('.', 5),
        Lang::De => ('.', 4),
    };
    learnmap_core::number::grouped(n, separator, from)
}

/// "N learning spaces", with the plural rules of each language and the
/// digits grouped as it writes them ([`number`]).
pub fn count_places(lang: Lang, n: usize) -> String {
    let c = number(lang, n);
    match (lang, n) {
        (Lang::En, 1) => "1 learning space".to_owned(),
        (Lang::En, _) => format!("{c} learning spaces"),
        (Lang::Fr, 0 | 1) => format!("{c} lieu d’apprentissage"),
        (Lang::Fr, _) => format!("{c} lieux d’apprentissage"),
        (Lang::Es, 1) => "1 espacio de aprendizaje".to_owned(),
        (Lang::Es, _) => format!("{c} espacios de aprendizaje"),
        (Lang::De, 1) => "1 Lernort".to_owned(),
        (Lang::De, _) => format!("{c} Lernorte"),
        (Lang::Ar, 1) => "مكان تعلّم واحد".to_owned(),
        (Lang::Ar, 2) => "مكانا تعلّم".to_owned(),
        (Lang::Ar, n) if (3..=10).contains(&(n % 100)) => format!("{c} أماكن تعلّم"),
        (Lang::Ar, _) => format!("{c} مكان تعلّم"),
    }
}

/// "N places don't say which ages they serve": those an age filter keeps
/// apart (shown on request), with the plural rules of each language.
///
/// ```
/// use learnmap::i18n::{unstated_ages, Lang};
/// assert_eq!(unstated_ages(Lang::En, 12), "12 places don’t say which ages they serve");
/// ```
pub fn unstated_ages(lang: Lang, n: usize) -> String {
    let c = number(lang, n);
    match (lang, n) {
        (Lang::En, 1) => "1 place doesn’t say which ages it serves".to_owned(),
        (Lang::En, _) => format!("{c} places don’t say which ages they serve"),
        (Lang::Fr, 0 | 1) => format!("{c} lieu ne précise pas les âges accueillis"),
        (Lang::Fr, _) => format!("{c} lieux ne précisent pas les âges accueillis"),
        (Lang::Es, 1) => "1 lugar no indica para qué edades es".to_owned(),
        (Lang::Es, _) => format!("{c} lugares no indican para qué edades son"),
        (Lang::De, 1) => "1 Ort gibt kein Alter an".to_owned(),
        (Lang::De, _) => format!("{c} Orte geben kein Alter an"),
        (Lang::Ar, _) => format!("أماكن لا تذكر الأعمار التي تخدمها: {c}"),
    }
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
    let (c, all) = (number(lang, n), number(lang, total));
    match (lang, n, total) {
        (Lang::En, _, 1) => format!("{c} of 1 learning space matches"),
        (Lang::En, _, _) => format!("{c} of {all} learning spaces match"),
        (Lang::Fr, 0 | 1, _) => format!("{c} lieu d’apprentissage sur {all} correspond"),
        (Lang::Fr, _, _) => format!("{c} lieux d’apprentissage sur {all} correspondent"),
        (Lang::Es, _, 1) => format!("{c} de 1 espacio de aprendizaje coincide"),
        (Lang::Es, 1, _) => format!("1 de {all} espacios de aprendizaje coincide"),
        (Lang::Es, _, _) => format!("{c} de {all} espacios de aprendizaje coinciden"),
        (Lang::De, _, 1) => format!("{c} von 1 Lernort passt"),
        (Lang::De, 1, _) => format!("1 von {all} Lernorten passt"),
        (Lang::De, _, _) => format!("{c} von {all} Lernorten passen"),
        (Lang::Ar, _, _) => format!("أماكن التعلّم المطابقة: {c} من {all}"),
    }
}

/// Why no data could be loaded, in `lang`. A file's own errors (for the
/// data steward) follow in the loader's words.
pub fn load_failure(lang: Lang, failure: &crate::data_source::LoadFailure) -> String {
    use crate::data_source::LoadFailure;
    let source = |s: &str| {
        if s.is_empty() {
            String::new()
        } else {
            format!(" ({s})")
        }
    };
    match failure {
        LoadFailure::Refused { .. } => t(lang, Msg::OffSiteData).to_owned(),
        LoadFailure::Network { source: s } => {
            format!(
                "{}{}. {}",
                t(lang, Msg::LoadFailed),
                source(s),
                t(lang, Msg::LoadNetwork)
            )
        }
        LoadFailure::Status { source: s, status } => format!(
            "{}{}. {}: HTTP {status}.",
            t(lang, Msg::LoadFailed),
            source(s),
            t(lang, Msg::LoadStatus)
        ),
        LoadFailure::Unusable { source: s, detail } => format!(
            "{}{}. {} ({detail})",
            t(lang, Msg::LoadFailed),
            source(s),
            t(lang, Msg::LoadUnusable)
        ),
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

/// "N entries have errors and are not shown."
pub fn count_skipped(lang: Lang, n: usize) -> String {
    let c = number(lang, n);
    match (lang, n) {
        (Lang::En, 1) => "1 entry in the data has errors and is not shown.".to_owned(),
        (Lang::En, _) => format!("{c} entries in the data have errors and are not shown."),
        (Lang::Fr, 0 | 1) => {
            format!("{c} entrée des données contient des erreurs et n’est pas affichée.")
        }
        (Lang::Fr, _) => {
            format!("{c} entrées des données contiennent des erreurs et ne sont pas affichées.")
        }
        (Lang::Es, 1) => "1 entrada de los datos tiene errores y no se muestra.".to_owned(),
        (Lang::Es, _) => format!("{c} entradas de los datos tienen errores y no se muestran."),
        (Lang::De, 1) => {
            "1 Eintrag in den Daten ist fehlerhaft und wird nicht angezeigt.".to_owned()
        }
        (Lang::De, _) => {
            format!("{c} Einträge in den Daten sind fehlerhaft und werden nicht angezeigt.")
        }
        (Lang::Ar, _) => format!("عدد الإدخالات التي تحتوي على أخطاء ولا تُعرض: {c}"),
    }
}

/// A short weekday name.
pub fn weekday(lang: Lang, day: chrono::Weekday) -> &'static str {
    let names: [&str; 7] = match lang {
        Lang::En => ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        Lang::Fr => ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."],
        Lang::Es => ["lun.", "mar.", "mié.", "jue.", "vie.", "sáb.", "dom."],
        Lang::De => ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"],
        Lang::Ar => [
            "الاثنين",
            "الثلاثاء",
            "الأربعاء",
            "الخميس",
            "الجمعة",
            "السبت",
            "الأحد",
        ],
    };
    names[day.num_days_from_monday() as usize]
}

/// A short month name (`month` 1 to 12).
fn month(lang: Lang, month: u32) -> &'static str {
    let names: [&str; 12] = match lang {
        Lang::En => [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ],
        Lang::Fr => [
            "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
            "nov.", "déc.",
        ],
        Lang::Es => [
            "ene.", "feb.", "mar.", "abr.", "may.", "jun.", "jul.", "ago.", "sept.", "oct.",
            "nov.", "dic.",
        ],
        Lang::De => [
            "Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.",
            "Dez.",
        ],
        Lang::Ar => [
            "يناير",
            "فبراير",
            "مارس",
            "أبريل",
            "مايو",
            "يونيو",
            "يوليو",
            "أغسطس",
            "سبتمبر",
            "أكتوبر",
            "نوفمبر",
            "ديسمبر",
        ],
    };
    names[(month.clamp(1, 12) - 1) as usize]
}

/// The "open" chip's label when the address gives a time (`open=2026-12-07T10:00`):
/// "Open Mon 7 Dec, 10:00".
///
/// ```
/// use learnmap::i18n::{open_at, Lang};
/// let at = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap().and_hms_opt(10, 0, 0).unwrap();
/// assert_eq!(open_at(Lang::En, at), "Open Mon 7 Dec, 10:00");
/// assert_eq!(open_at(Lang::De, at), "Geöffnet Mo 7. Dez., 10:00");
/// ```
pub fn open_at(lang: Lang, at: chrono::NaiveDateTime) -> String {
    use chrono::Datelike;
    let (day, time) = (at.day(), hh_mm(at.time()));
    let (wd, month) = (weekday(lang, at.weekday()), month(lang, at.month()));
    match lang {
        Lang::En => format!("Open {wd} {day} {month}, {time}"),
        Lang::Fr => format!("Ouvert {wd} {day} {month} à {time}"),
        Lang::Es => format!("Abierto {wd} {day} {month}, {time}"),
        Lang::De => format!("Geöffnet {wd} {day}. {month}, {time}"),
        Lang::Ar => format!("مفتوح {wd} {day} {month}، {time}"),
    }
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
        OpenState::Open { closes: Some(t) } => match lang {
            Lang::En => format!("Open now, closes {}", when(t)),
            Lang::Fr => format!("Ouvert, ferme à {}", when(t)),
            Lang::Es => format!("Abierto, cierra a las {}", when(t)),
            Lang::De => format!("Geöffnet, schließt {}", when(t)),
            Lang::Ar => format!("مفتوح الآن، يغلق {}", when(t)),
        },
        OpenState::Open { closes: None } => t(lang, Msg::OpenNowNoEnd).to_owned(),
        OpenState::Closed { opens: Some(t) } => match lang {
            Lang::En => format!("Closed, opens {}", when(t)),
            Lang::Fr => format!("Fermé, ouvre {}", when(t)),
            Lang::Es => format!("Cerrado, abre {}", when(t)),
            Lang::De => format!("Geschlossen, öffnet {}", when(t)),
            Lang::Ar => format!("مغلق، يفتح {}", when(t)),
        },
        OpenState::Closed { opens: None } => t(lang, Msg::ClosedNow).to_owned(),
    }
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
    let text = if metres < 995.0 {
        format!("{} m", ((metres / 10.0).round() * 10.0).max(0.0) as u64)
    } else if metres < 9_950.0 {
        format!("{} km", learnmap_core::number::fixed(metres / 1000.0, 1))
    } else {
        format!("{} km", (metres / 1000.0).round() as u64)
    };
    match lang {
        Lang::Fr | Lang::Es | Lang::De => text.replace('.', ","),
        Lang::En | Lang::Ar => text,
    }
}

/// The label of a learning area.
pub fn area_label(lang: Lang, area: LearningArea) -> &'static str {
    use LearningArea::*;
    let labels: [&str; 5] = match area {
        SustainableDevelopment => [
            "Sustainability",
            "Développement durable",
            "Sostenibilidad",
            "Nachhaltigkeit",
            "التنمية المستدامة",
        ],
        Health => [
            "Health and well-being",
            "Santé et bien-être",
            "Salud y bienestar",
            "Gesundheit",
            "الصحة والرفاه",
        ],
        JobsSkills => [
            "Jobs and skills",
            "Emploi et compétences",
            "Empleo y competencias",
            "Beruf und Qualifikation",
            "العمل والمهارات",
        ],
        Digital => [
            "Digital",
            "Numérique",
            "Digital",
            "Digitales",
            "المهارات الرقمية",
        ],
        GlobalCitizenship => [
            "Global citizenship",
            "Citoyenneté mondiale",
            "Ciudadanía global",
            "Weltbürgerschaft",
            "المواطنة العالمية",
        ],
        Literacy => [
            "Reading and writing",
            "Lecture et écriture",
            "Lectura y escritura",
            "Lesen und Schreiben",
            "القراءة والكتابة",
        ],
        FormalEducation => [
            "Schools and qualifications",
            "École et diplômes",
            "Escuela y titulaciones",
            "Schule und Abschlüsse",
            "التعليم النظامي",
        ],
        FamilyCommunity => [
            "Family and community",
            "Famille et quartier",
            "Familia y comunidad",
            "Familie und Nachbarschaft",
            "الأسرة والمجتمع",
        ],
        Languages => ["Languages", "Langues", "Idiomas", "Sprachen", "اللغات"],
        ArtsCulture => [
            "Arts and culture",
            "Arts et culture",
            "Arte y cultura",
            "Kunst und Kultur",
            "الفنون والثقافة",
        ],
    };
    labels[lang_index(lang)]
}

/// The label of an age group, with its ages.
pub fn age_group_label(lang: Lang, group: AgeGroup) -> &'static str {
    use AgeGroup::*;
    let labels: [&str; 5] = match group {
        EarlyYears => [
            "Under 6",
            "Moins de 6 ans",
            "Menores de 6",
            "Unter 6",
            "أقل من 6 سنوات",
        ],
        Children => [
            "Children 6–11",
            "Enfants 6–11 ans",
            "Niños 6–11",
            "Kinder 6–11",
            "أطفال 6–11",
        ],
        Youth => [
            "Teens 12–17",
            "Ados 12–17 ans",
            "Jóvenes 12–17",
            "Jugendliche 12–17",
            "مراهقون 12–17",
        ],
        YoungAdults => [
            "Young adults 18–24",
            "Jeunes adultes 18–24 ans",
            "Adultos jóvenes 18–24",
            "Junge Erwachsene 18–24",
            "شباب 18–24",
        ],
        Adults => [
            "Adults 25–64",
            "Adultes 25–64 ans",
            "Adultos 25–64",
            "Erwachsene 25–64",
            "بالغون 25–64",
        ],
        Seniors => [
            "65 and over",
            "65 ans et plus",
            "65 y más",
            "Ab 65",
            "65 فما فوق",
        ],
    };
    labels[lang_index(lang)]
}

/// The label of an audience.
pub fn audience_label(lang: Lang, audience: Audience) -> &'static str {
    use Audience::*;
    let labels: [&str; 5] = match audience {
        Families => ["Families", "Familles", "Familias", "Familien", "العائلات"],
        Newcomers => [
            "Newcomers",
            "Nouveaux arrivants",
            "Recién llegados",
            "Neu Zugewanderte",
            "القادمون الجدد",
        ],
        SpecialNeeds => [
            "Special needs",
            "Besoins particuliers",
            "Necesidades especiales",
            "Besonderer Förderbedarf",
            "ذوو الاحتياجات الخاصة",
        ],
        Jobseekers => [
            "Jobseekers",
            "Demandeurs d’emploi",
            "Personas en busca de empleo",
            "Arbeitsuchende",
            "الباحثون عن عمل",
        ],
        LowIncome => [
            "Low income",
            "Petits revenus",
            "Bajos ingresos",
            "Geringes Einkommen",
            "ذوو الدخل المحدود",
        ],
    };
    labels[lang_index(lang)]
}

/// The label of a place type.
pub fn place_type_label(lang: Lang, place_type: PlaceType) -> &'static str {
    use PlaceType::*;
    let labels: [&str; 5] = match place_type {
        Library => [
            "Library",
            "Bibliothèque",
            "Biblioteca",
            "Bibliothek",
            "مكتبة",
        ],
        CommunityCentre => [
            "Community centre",
            "Centre social",
            "Centro comunitario",
            "Stadtteilzentrum",
            "مركز مجتمعي",
        ],
        AdultEducation => [
            "Adult education",
            "Formation des adultes",
            "Educación de adultos",
            "Erwachsenenbildung",
            "تعليم الكبار",
        ],
        School => ["School", "École", "Escuela", "Schule", "مدرسة"],
        College => [
            "College",
            "Établissement d’enseignement supérieur",
            "Instituto de educación superior",
            "Fachschule",
            "كلية",
        ],
        University => [
            "University",
            "Université",
            "Universidad",
            "Hochschule",
            "جامعة",
        ],
        Kindergarten => [
            "Kindergarten",
            "Crèche et maternelle",
            "Escuela infantil",
            "Kita",
            "روضة أطفال",
        ],
        TrainingCentre => [
            "Training centre",
            "Centre de formation",
            "Centro de formación",
            "Bildungszentrum",
            "مركز تدريب",
        ],
        LanguageSchool => [
            "Language school",
            "École de langues",
            "Escuela de idiomas",
            "Sprachschule",
            "مدرسة لغات",
        ],
        MusicSchool => [
            "Music school",
            "École de musique",
            "Escuela de música",
            "Musikschule",
            "مدرسة موسيقى",
        ],
        Makerspace => [
            "Makerspace",
            "Fablab",
            "Makerspace",
            "Makerspace",
            "مساحة صنّاع",
        ],
        Museum => ["Museum", "Musée", "Museo", "Museum", "متحف"],
        Workplace => [
            "Workplace learning",
            "Formation en entreprise",
            "Aprendizaje en el trabajo",
            "Lernen im Betrieb",
            "التعلّم في مكان العمل",
        ],
        Online => ["Online", "En ligne", "En línea", "Online", "عبر الإنترنت"],
        Other => ["Other", "Autre", "Otro", "Sonstiges", "أخرى"],
    };
    labels[lang_index(lang)]
}

fn lang_index(lang: Lang) -> usize {
    match lang {
        Lang::En => 0,
        Lang::Fr => 1,
        Lang::Es => 2,
        Lang::De => 3,
        Lang::Ar => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use learnmap_core::Vocabulary;
    use std::collections::HashSet;

    #[test]
    fn every_text_is_translated() {
        for lang in Lang::ALL {
            assert!(
                Msg::ALL.iter().all(|m| !t(lang, *m).trim().is_empty()),
                "{lang:?}"
            );
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
        }
    }

    #[test]
    fn negotiates_languages_and_direction() {
        assert_eq!(Lang::from_tag("AR"), Some(Lang::Ar));
        assert_eq!(Lang::from_tag("es_MX"), Some(Lang::Es));
        assert_eq!(Lang::from_tag("pt"), None);
        assert_eq!(Lang::Ar.dir(), "rtl");
        assert_eq!(Lang::De.dir(), "ltr");
        assert_eq!(Lang::negotiate::<&str>(&[]), Lang::En);
    }

    #[test]
    fn counts_follow_plural_rules() {
        assert_eq!(count_places(Lang::En, 1), "1 learning space");
        assert_eq!(count_places(Lang::En, 300), "300 learning spaces");
        assert_eq!(count_places(Lang::Fr, 0), "0 lieu d’apprentissage");
        assert_eq!(count_places(Lang::De, 2), "2 Lernorte");
        assert_eq!(count_places(Lang::Ar, 5), "5 أماكن تعلّم");
        assert_eq!(count_places(Lang::Ar, 300), "300 مكان تعلّم");
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
            count_matching(Lang::De, 2, 300),
            "2 von 300 Lernorten passen"
        );
        assert_eq!(
            count_matching(Lang::Ar, 5, 300),
            "أماكن التعلّم المطابقة: 5 من 300"
        );
    }

    /// bug: with `open=2026-12-07T10:00` the chip read "Open now", and
    /// nothing showed the time asked for.
    #[test]
    fn open_at_a_given_time_names_the_time() {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 12, 7)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap();
        assert_eq!(open_at(Lang::En, at), "Open Mon 7 Dec, 10:00");
        assert_eq!(open_at(Lang::Fr, at), "Ouvert lun. 7 déc. à 10:00");
        assert_eq!(open_at(Lang::Es, at), "Abierto lun. 7 dic., 10:00");
        assert_eq!(open_at(Lang::De, at), "Geöffnet Mo 7. Dez., 10:00");
        assert_eq!(open_at(Lang::Ar, at), "مفتوح الاثنين 7 ديسمبر، 10:00");
        let may = chrono::NaiveDate::from_ymd_opt(2026, 5, 1)
            .unwrap()
            .and_time(at.time());
        assert_eq!(open_at(Lang::En, may), "Open Fri 1 May, 10:00");
        for lang in Lang::ALL {
            let months: HashSet<_> = (1..=12).map(|m| month(lang, m)).collect();
            assert_eq!(months.len(), 12, "{lang:?}");
        }
    }

    #[test]
    fn distances_are_rounded_and_localised() {
        assert_eq!(distance(Lang::En, 0.0), "0 m");
        assert_eq!(distance(Lang::En, 994.0), "990 m");
        assert_eq!(distance(Lang::En, 996.0), "1.0 km");
        assert_eq!(distance(Lang::Fr, 9_949.0), "9,9 km");
        assert_eq!(distance(Lang::Es, 10_000.0), "10 km");
    }
}
