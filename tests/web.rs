//! Browser tests of the app's components, run by wasm-bindgen-test in headless
//! Chromium: `cargo test -p learnmap --target wasm32-unknown-unknown`.
#![cfg(target_arch = "wasm32")]

use learnmap::components::status_bar::StatusBar;
use learnmap::data_source::{sources_for, LoadFailure, DEMO_DATA_URL};
use learnmap::state::{AppState, DataState, Places};
use learnmap_core::config::{parse_config, SiteConfig};
use leptos::prelude::*;
use leptos::task::tick;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const GOOD: &str = include_str!("fixtures/good-three-places.geojson");
const BAD: &str = include_str!("fixtures/bad-one-of-three-no-geometry.geojson");

/// Every language's interface texts, as boot.js or `i18n::load` would fetch them.
fn install_texts() {
    use learnmap::i18n::{install, is_installed, Lang};
    let files = [
        (Lang::En, include_str!("../public/locales/en/app.json")),
        (Lang::Fr, include_str!("../public/locales/fr/app.json")),
        (Lang::Es, include_str!("../public/locales/es/app.json")),
        (Lang::De, include_str!("../public/locales/de/app.json")),
        (Lang::Ar, include_str!("../public/locales/ar/app.json")),
        (Lang::Pt, include_str!("../public/locales/pt/app.json")),
        (Lang::Zh, include_str!("../public/locales/zh/app.json")),
        (Lang::Ko, include_str!("../public/locales/ko/app.json")),
        (Lang::Ru, include_str!("../public/locales/ru/app.json")),
        (Lang::Sw, include_str!("../public/locales/sw/app.json")),
    ];
    for (lang, json) in files {
        if !is_installed(lang) {
            install(lang, json).unwrap();
        }
    }
}

/// Fresh app state with the default configuration and a test data address,
/// provided through context.
fn test_state() -> AppState {
    install_texts();
    let page = "https://city.example/map/?data=data/test.geojson";
    let sources = sources_for(page, &SiteConfig::default()).unwrap();
    AppState::new(Arc::new(SiteConfig::default()), 0, sources).provide()
}

/// Mounts the status bar in a fresh element with the given data state, and
/// returns the element and the state.
fn mount_status_bar(data: DataState) -> (web_sys::HtmlElement, AppState) {
    let document = document();
    let root: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&root).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    leptos::mount::mount_to(root.clone(), move || {
        let state = test_state();
        state.data.set(data);
        tx.send(state).unwrap();
        view! { <StatusBar/> }
    })
    .forget();
    (root, rx.recv().unwrap())
}

fn places(text: &str) -> DataState {
    DataState::Ready(Arc::new(Places::new(
        learnmap_core::load(text).unwrap(),
        Vec::new(),
    )))
}

/// The text of the first element under `root` matching `selector`.
fn text_at(root: &web_sys::HtmlElement, selector: &str) -> String {
    let element = root.query_selector(selector).unwrap();
    element
        .unwrap_or_else(|| panic!("no {selector}"))
        .text_content()
        .unwrap()
}

fn text(root: &web_sys::HtmlElement) -> String {
    root.text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn status_bar_counts_the_places_loaded() {
    let (root, _) = mount_status_bar(places(GOOD));
    tick().await;
    let count = root
        .query_selector(".lm-count")
        .unwrap()
        .expect("a count element");
    assert_eq!(count.text_content().unwrap(), "3 learning spaces");
    assert_eq!(count.get_attribute("data-count").as_deref(), Some("3"));
    assert!(text(&root).contains("test fixture: three places"));
    assert!(root.query_selector(".lm-skipped").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn status_bar_tells_how_many_features_were_skipped() {
    let (root, _) = mount_status_bar(places(BAD));
    tick().await;
    assert_eq!(text_at(&root, ".lm-count"), "2 learning spaces");
    let notice = root
        .query_selector(".lm-skipped")
        .unwrap()
        .expect("a skipped notice");
    assert_eq!(
        notice.text_content().unwrap(),
        "1 entry in the data has errors and is not shown."
    );
}

/// bug: with a filter on, the status line kept saying "3 learning spaces"
/// and nothing said how many matched.
#[wasm_bindgen_test]
async fn status_bar_says_how_many_places_match_a_filter() {
    let (root, state) = mount_status_bar(places(GOOD));
    tick().await;
    assert_eq!(text_at(&root, ".lm-count"), "3 learning spaces");
    state.update_view(|v| v.areas = [learnmap_core::LearningArea::Digital].into_iter().collect());
    tick().await;
    // the count follows a frame after the results
    sleep_ms(100).await;
    let count = root.query_selector(".lm-count").unwrap().unwrap();
    assert_eq!(
        count.text_content().unwrap(),
        "2 of 3 learning spaces match"
    );
    assert_eq!(count.get_attribute("data-matching").as_deref(), Some("2"));
    // said in a polite live region: read out, the focus left where it is
    let status = root.query_selector(".lm-status").unwrap().unwrap();
    assert_eq!(status.get_attribute("aria-live").as_deref(), Some("polite"));
    state.lang.set(learnmap::i18n::Lang::De);
    tick().await;
    assert_eq!(text_at(&root, ".lm-count"), "2 von 3 Lernorten passen");
    state.update_view(|v| *v = v.without_filters());
    tick().await;
    sleep_ms(100).await;
    assert_eq!(text_at(&root, ".lm-count"), "3 Lernorte");
    let count = root.query_selector(".lm-count").unwrap().unwrap();
    assert_eq!(count.get_attribute("data-matching"), None);
}

/// The app builds the core without its `messages` feature: a skipped
/// feature's problem keeps its code and place in the file, but not the
/// stewards' sentences, which the app never shows (it counts them), so that
/// their words are not in the residents' download.
#[wasm_bindgen_test]
fn problems_keep_code_and_place_without_the_stewards_words() {
    let data = learnmap_core::load(BAD).unwrap();
    let problem = data
        .problems
        .iter()
        .find(|p| p.code == "null-geometry")
        .expect("the feature without geometry is reported");
    assert_eq!(problem.feature_index, Some(1));
    assert!(problem.line > 1 && problem.column > 0);
    assert_eq!((problem.message.as_str(), problem.hint.as_str()), ("", ""));
    // an error that stops a load still says what is wrong
    let error = learnmap_core::load("[1, 2]").unwrap_err().to_string();
    assert!(error.contains("FeatureCollection"), "{error}");
}

#[wasm_bindgen_test]
async fn failed_load_shows_an_alert_with_a_retry_button() {
    let (root, _) = mount_status_bar(DataState::Failed(LoadFailure::Status {
        source: "City libraries".into(),
        status: 500,
    }));
    tick().await;
    let alert = root
        .query_selector("[role=alert]")
        .unwrap()
        .expect("an alert");
    assert_eq!(
        alert
            .query_selector("p")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "The learning spaces could not be loaded (City libraries). \
         The server could not send the data: HTTP 500."
    );
    let button = root
        .query_selector("button.lm-retry")
        .unwrap()
        .expect("a retry button");
    assert_eq!(button.text_content().unwrap(), "Try again");
}

#[wasm_bindgen_test]
async fn failed_load_message_follows_the_interface_language() {
    let (root, state) = mount_status_bar(DataState::Failed(LoadFailure::Network {
        source: String::new(),
    }));
    state.lang.set(learnmap::i18n::Lang::Fr);
    tick().await;
    let alert = root.query_selector("[role=alert]").unwrap().unwrap();
    let text = alert.text_content().unwrap();
    assert!(
        text.starts_with(
            "Les lieux d’apprentissage n’ont pas pu être chargés. La connexion a échoué."
        ),
        "{text}"
    );
    assert_eq!(text_at(&root, "button.lm-retry"), "Réessayer");
}

#[wasm_bindgen_test]
async fn refused_data_address_offers_no_retry() {
    let (root, _) = mount_status_bar(DataState::Failed(LoadFailure::Refused {
        address: "https://evil.example/x.geojson".into(),
    }));
    tick().await;
    assert!(text(&root).contains("is not on this site"));
    assert!(root.query_selector("button.lm-retry").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn sources_that_failed_are_named_while_the_others_show() {
    let failed = vec![LoadFailure::Unusable {
        source: "Museums".into(),
        detail: "not JSON at 3:48".into(),
    }];
    let data = DataState::Ready(Arc::new(Places::new(
        learnmap_core::load(GOOD).unwrap(),
        failed,
    )));
    let (root, _) = mount_status_bar(data);
    tick().await;
    assert!(text(&root).contains("3 learning spaces"));
    let notice = root
        .query_selector(".lm-sources-failed")
        .unwrap()
        .expect("a notice");
    let notice = notice.text_content().unwrap();
    assert!(
        notice.contains("Some of the data could not be loaded:"),
        "{notice}"
    );
    assert!(
        notice.contains("(Museums)") && notice.contains("not JSON at 3:48"),
        "{notice}"
    );
}

#[wasm_bindgen_test]
async fn tile_failure_notice_appears_when_tiles_fail() {
    let (root, state) = mount_status_bar(places(GOOD));
    tick().await;
    assert!(root.query_selector(".lm-tiles-failed").unwrap().is_none());
    state.tiles_failed.set(true);
    tick().await;
    assert!(root.query_selector(".lm-tiles-failed").unwrap().is_some());
    // the places are still counted
    assert!(text(&root).contains("3 learning spaces"));
}

#[wasm_bindgen_test]
async fn data_text_is_shown_as_text_not_html() {
    let data = GOOD.replace("test fixture: three places", "<img src=x onerror=alert(1)>");
    let (root, _) = mount_status_bar(places(&data));
    tick().await;
    assert!(root.query_selector("img").unwrap().is_none());
    assert!(text(&root).contains("<img src=x onerror=alert(1)>"));
}

fn urls(page: &str, config: &SiteConfig) -> Result<Vec<String>, LoadFailure> {
    sources_for(page, config).map(|s| s.into_iter().map(|s| s.url).collect())
}

#[wasm_bindgen_test]
fn data_defaults_to_the_demo_data() {
    assert_eq!(
        urls("https://city.example/map/", &SiteConfig::default()).unwrap(),
        [format!("https://city.example/map/{DEMO_DATA_URL}")]
    );
}

#[wasm_bindgen_test]
fn data_comes_from_the_configured_sources() {
    let (config, problems) = parse_config(
        r#"{"sources": [{"label": "A", "url": "data/a.geojson"}, {"label": "B", "url": "/shared/b.geojson"}]}"#,
    );
    assert!(problems.is_empty());
    assert_eq!(
        urls("https://city.example/map/?area=digital", &config).unwrap(),
        [
            "https://city.example/map/data/a.geojson",
            "https://city.example/shared/b.geojson"
        ]
    );
}

#[wasm_bindgen_test]
fn data_accepts_files_on_the_same_site() {
    assert_eq!(
        urls(
            "https://city.example/map/?data=data/own.geojson",
            &SiteConfig::default()
        )
        .unwrap(),
        ["https://city.example/map/data/own.geojson"]
    );
}

#[wasm_bindgen_test]
fn data_refuses_other_sites() {
    let refused = urls(
        "https://city.example/map/?data=https://evil.example/x.geojson",
        &SiteConfig::default(),
    );
    assert_eq!(
        refused.unwrap_err(),
        LoadFailure::Refused {
            address: "https://evil.example/x.geojson".into()
        }
    );
}

#[wasm_bindgen_test]
fn data_from_an_allowed_origin_is_accepted_and_others_still_refused() {
    let (config, _) =
        parse_config(r#"{"allowed_data_origins": ["https://opendata.city.example"]}"#);
    assert_eq!(
        urls(
            "https://city.example/map/?data=https://opendata.city.example/x.geojson",
            &config
        )
        .unwrap(),
        ["https://opendata.city.example/x.geojson"]
    );
    assert!(urls(
        "https://city.example/map/?data=https://opendata.city.example.evil.example/x.geojson",
        &config
    )
    .is_err());
    // a configured source off the allowed origins is not loaded either
    let (config, _) = parse_config(
        r#"{"sources": [{"label": "X", "url": "https://elsewhere.example/x.geojson"}]}"#,
    );
    assert_eq!(
        urls("https://city.example/map/", &config).unwrap(),
        Vec::<String>::new()
    );
}

#[wasm_bindgen_test]
async fn status_bar_follows_the_interface_language() {
    let (root, state) = mount_status_bar(places(GOOD));
    state.lang.set(learnmap::i18n::Lang::De);
    tick().await;
    assert_eq!(text_at(&root, ".lm-count"), "3 Lernorte");
    state.lang.set(learnmap::i18n::Lang::Ar);
    state.tiles_failed.set(true);
    tick().await;
    assert!(text(&root).contains("3 أماكن تعلّم"), "{}", text(&root));
    assert!(text(&root).contains("تعذّر تحميل خلفية الخريطة"));
}

#[wasm_bindgen_test]
async fn results_are_listed_nearest_first_with_their_distance() {
    use learnmap::components::results_list::ResultsList;
    let document = document();
    let root: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&root).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    leptos::mount::mount_to(root.clone(), move || {
        let state = test_state();
        state.data.set(places(GOOD));
        // at the test library (t-1): t-3 is nearer than t-2
        state.update_view(|v| {
            v.at = Some(learnmap_core::LonLat {
                lon: 9.9937,
                lat: 53.5511,
            })
        });
        tx.send(state).unwrap();
        view! { <ResultsList/> }
    })
    .forget();
    let state = rx.recv().unwrap();
    tick().await;
    let items = root.query_selector_all("li.lm-result").unwrap();
    let ids: Vec<String> = (0..items.length())
        .map(|i| {
            let el: web_sys::Element = items.item(i).unwrap().unchecked_into();
            el.get_attribute("data-space-id").unwrap()
        })
        .collect();
    assert_eq!(ids, ["t-1", "t-3", "t-2"]);
    let first: web_sys::Element = items.item(0).unwrap().unchecked_into();
    assert_eq!(
        first.get_attribute("data-distance-m").as_deref(),
        Some("0.0")
    );
    // a filter narrows the list
    state.update_view(|v| {
        v.areas = [learnmap_core::LearningArea::Languages]
            .into_iter()
            .collect()
    });
    tick().await;
    assert_eq!(root.query_selector_all("li.lm-result").unwrap().length(), 1);
    assert!(text(&root).contains("Test Adult Education Centre"));
}

/// Bug: with `open=now`, "now" was read to the second, so every view change
/// (each map move, each selection) made a new filter and recomputed the
/// results, the filter counts and the markers. Now the filter follows a clock
/// that changes once a minute, and only what filters changes it.
#[wasm_bindgen_test]
async fn open_now_filter_stays_put_while_the_map_moves_and_follows_the_clock() {
    use learnmap::url_state::OpenWhen;
    use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
    // how often the filter and the clock changed (the clock may turn a
    // minute during the test: that alone may change the filter)
    let changes = Arc::new((AtomicUsize::new(0), AtomicUsize::new(0)));
    let seen = changes.clone();
    let root: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    let (tx, rx) = std::sync::mpsc::channel();
    leptos::mount::mount_to(root, move || {
        let state = test_state();
        state.data.set(places(GOOD));
        state.update_view(|v| v.open = Some(OpenWhen::Now));
        let (filter, now) = (state.filter, state.now);
        let ticks = seen.clone();
        Effect::new(move |_| {
            // read, as the app does (a memo only tracked is first computed
            // when it is checked, which counts as a change)
            filter.read();
            seen.0.fetch_add(1, SeqCst);
        });
        Effect::new(move |first: Option<()>| {
            now.track();
            if first.is_some() {
                ticks.1.fetch_add(1, SeqCst);
            }
        });
        tx.send(state).unwrap();
        view! { <p>"filter"</p> }
    })
    .forget();
    let state = rx.recv().unwrap();
    let filter = state.filter;
    tick().await;
    // filter changes beyond the first run that the clock does not explain
    let count = || changes.0.load(SeqCst) - changes.1.load(SeqCst);
    assert_eq!(count(), 1);
    assert_eq!(
        filter.get_untracked().open_at,
        Some(state.now.get_untracked())
    );

    // the map moves twice and a place is selected, a second or more apart
    for (i, lon) in [9.99, 10.01].into_iter().enumerate() {
        state.view.update(|v| {
            v.center = Some(learnmap_core::LonLat { lon, lat: 53.55 });
            v.zoom = Some(12.0 + i as f64);
        });
        tick().await;
        sleep_ms(1100).await;
    }
    state.select(Some("t-2".into()));
    tick().await;
    assert_eq!(count(), 1, "the filter changed while only the map moved");

    // the clock's next minute is a new "now"
    let before = changes.0.load(SeqCst);
    let later = state.now.get_untracked() + chrono::Duration::minutes(1);
    state.now.set(later);
    tick().await;
    assert_eq!(changes.0.load(SeqCst), before + 1);
    assert_eq!(filter.get_untracked().open_at, Some(later));
}

/// Waits `ms` milliseconds (a browser timer).
async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// The app's plural categories and number style natively (used by `cargo
/// test`) are what the browser's `Intl` says.
#[wasm_bindgen_test]
fn native_plural_rules_and_numbers_are_the_browsers() {
    use learnmap::i18n::{
        cldr_plural_category, native_number_style, number, plural_category, Lang,
    };
    for lang in Lang::ALL {
        for n in (0..250).chain([1000, 1001, 10_003, 100_000, 1_000_000, 2_000_000]) {
            assert_eq!(
                plural_category(lang, n),
                cldr_plural_category(lang, n),
                "{lang:?} {n}"
            );
        }
        let (group, from, _) = native_number_style(lang);
        for n in [7, 999, 1000, 12_345, 1_234_567] {
            let native = learnmap_core::number::grouped(n, group, from);
            assert_eq!(number(lang, n), native, "{lang:?} {n}");
        }
    }
}

/// Dates come from the browser's `Intl`, in each language's own order.
#[wasm_bindgen_test]
fn dates_are_written_as_each_language_writes_them() {
    use learnmap::i18n::{open_at, open_state, weekday, Lang};
    install_texts();
    let at = chrono::NaiveDate::from_ymd_opt(2026, 12, 7)
        .unwrap()
        .and_hms_opt(10, 0, 0)
        .unwrap();
    assert_eq!(open_at(Lang::En, at), "Open Mon 7 Dec, 10:00");
    assert_eq!(open_at(Lang::Fr, at), "Ouvert lun. 7 déc. à 10:00");
    assert_eq!(open_at(Lang::De, at), "Geöffnet Mo., 7. Dez., 10:00");
    assert_eq!(open_at(Lang::Zh, at), "12月7日周一 10:00 开放");
    assert_eq!(open_at(Lang::Ru, at), "Открыто пн, 7 дек., 10:00");
    assert_eq!(weekday(Lang::Ar, chrono::Weekday::Mon), "الاثنين");
    assert_eq!(weekday(Lang::Ko, chrono::Weekday::Fri), "금");
    let state = learnmap_core::OpenState::Closed {
        opens: Some(at + chrono::Duration::days(4)),
    };
    assert_eq!(open_state(Lang::Es, state, at), "Cerrado, abre vie 10:00");
}
