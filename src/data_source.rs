//! Where the data comes from, and fetching it: the site's configuration
//! (`config.json`) first, then its data sources.

// re-exported for the modules that name it here (i18n)
pub use crate::load_failure::LoadFailure;
use crate::state::{AppState, DataState, Places};
use learnmap_core::config::{parse_config, ConfigProblem, DataParameter, DataSource, SiteConfig};
use learnmap_core::{BBox, Dataset};
use leptos::prelude::*;
use std::sync::Arc;

/// The bundled demo data, relative to the page: used when the
/// configuration names no source.
pub const DEMO_DATA_URL: &str = "data/demo/learning-spaces.geojson";

/// The site's configuration, beside the page.
pub const CONFIG_URL: &str = "config.json";

/// The data sources for a page: the `data=` address when it is on the
/// page's origin or an allowed one (or, when `config.json` limits `data=`,
/// on one of its listed origins), else the configured sources, else the
/// demo data. Addresses come back absolute. A `data=` on another origin is
/// refused and nothing is requested; when `config.json` turns `data=` off
/// it is ignored.
pub fn sources_for(page_href: &str, config: &SiteConfig) -> Result<Vec<DataSource>, LoadFailure> {
    let Ok(page) = web_sys::Url::new(page_href) else {
        return Ok(Vec::new());
    };
    let absolute = |url: &str| web_sys::Url::new_with_base(url, page_href).ok();
    let wanted = page.search_params().get("data");
    if wanted.is_some() && config.data_parameter == DataParameter::Off {
        leptos::logging::warn!(
            "config.json turns data= off (\"data_parameter\": false), so the configured sources are shown"
        );
    } else if let Some(wanted) = wanted {
        return match absolute(&wanted) {
            Some(url) if config.allows_data_parameter_from(&url.origin(), &page.origin()) => {
                Ok(vec![DataSource {
                    label: wanted,
                    url: url.href(),
                    time_zone: None,
                }])
            }
            _ => Err(LoadFailure::Refused { address: wanted }),
        };
    }
    let configured = if config.sources.is_empty() {
        vec![DataSource {
            label: String::new(),
            url: DEMO_DATA_URL.to_owned(),
            time_zone: None,
        }]
    } else {
        config.sources.clone()
    };
    Ok(configured
        .into_iter()
        .filter_map(|s| {
            let url = absolute(&s.url)?;
            // a configured source must be on an allowed origin too, so the
            // CSP's connect-src and the configuration tell the same story
            if config.allows_data_from(&url.origin(), &page.origin()) {
                Some(DataSource {
                    url: url.href(),
                    ..s
                })
            } else {
                leptos::logging::warn!(
                    "config.json: the source \"{}\" is on {}, which is not in allowed_data_origins, so it was not loaded",
                    s.label,
                    url.origin()
                );
                None
            }
        })
        .collect())
}

/// Fetches and reads `config.json`. A missing file gives the defaults
/// quietly (a site may not need one); a broken one gives the defaults for
/// what is broken, and its problems.
pub async fn fetch_config() -> (SiteConfig, Vec<ConfigProblem>) {
    let href = window().location().href().unwrap_or_default();
    let url =
        web_sys::Url::new_with_base(CONFIG_URL, &href).map_or(CONFIG_URL.to_owned(), |u| u.href());
    let response = match early_response(&url).await {
        Some(response) => response,
        None => get(&url).await,
    };
    let Ok(response) = response else {
        return (SiteConfig::default(), Vec::new());
    };
    if response.status() == 404 {
        return (SiteConfig::default(), Vec::new());
    }
    let text = if response.ok() {
        match response.text() {
            Ok(text) => wasm_bindgen_futures::JsFuture::from(text)
                .await
                .ok()
                .and_then(|t| t.as_string()),
            Err(_) => None,
        }
    } else {
        None
    };
    match text {
        Some(text) => parse_config(&text),
        None => (
            SiteConfig::default(),
            vec![ConfigProblem {
                pointer: String::new(),
                message: format!(
                    "could not be read (the server answered {}), so the defaults apply",
                    response.status()
                ),
            }],
        ),
    }
}

/// Fetches and loads every data source of the state, updating the state.
/// Sources load side by side; those that fail are named in a notice and the
/// others are shown. When all fail, a message offers a retry. A failed load
/// keeps any data already shown.
pub fn load_into(state: AppState) {
    let sources = state.sources.get_untracked();
    if sources.is_empty() {
        return;
    }
    let had_data = matches!(state.data.get_untracked(), DataState::Ready(_));
    if !had_data {
        state.data.set(DataState::Loading);
    }
    leptos::task::spawn_local(async move {
        // The map can start where the files say their places are (their
        // `bbox`), once every file has said so, before their features are
        // read: its tiles then download meanwhile.
        let declared = std::rc::Rc::new(std::cell::RefCell::new(vec![None; sources.len()]));
        let early_extent = std::rc::Rc::new(std::cell::Cell::new(None));
        let stated = |i: usize| {
            let (declared, early_extent) = (declared.clone(), early_extent.clone());
            move |bbox: Option<BBox>| {
                let mut declared = declared.borrow_mut();
                declared[i] = Some(bbox);
                if had_data || early_extent.get().is_some() {
                    return;
                }
                let all: Option<Vec<BBox>> = declared.iter().map(|d| d.flatten()).collect();
                let extent = all.and_then(|all| all.into_iter().reduce(BBox::union));
                if let Some(extent) = extent {
                    early_extent.set(Some(extent));
                    state.extent.set(Some(extent));
                }
            }
        };
        let results = futures::future::join_all(
            sources
                .iter()
                .enumerate()
                .map(|(i, source)| fetch_or_saved(source, stated(i))),
        )
        .await;
        crate::state::next_task().await;
        let mut dataset: Option<Dataset> = None;
        let mut failed = Vec::new();
        let mut saved_at: Option<f64> = None;
        for result in results {
            let part = result.map(|(part, saved)| {
                if let Some(s) = saved {
                    // the oldest copy is the one to mention
                    saved_at = Some(saved_at.map_or(s, |t: f64| t.min(s)));
                }
                part
            });
            match (part, dataset.as_mut()) {
                (Ok(part), Some(all)) => all.append(part),
                (Ok(part), None) => dataset = Some(part),
                (Err(why), _) => failed.push(why),
            }
        }
        match dataset {
            Some(dataset) => {
                for why in &failed {
                    leptos::logging::warn!("{why}");
                }
                // the map goes to the places first, in a task of its own: its
                // tiles download while the places are indexed and listed
                // (or, when the files' bbox left some out, goes to them all)
                if !had_data {
                    let extent = BBox::around(dataset.spaces.iter().map(|s| s.position));
                    let stated_enough = early_extent
                        .get()
                        .zip(extent)
                        .is_some_and(|(b, e)| b.covers(&e));
                    if !stated_enough {
                        state.extent.set(extent);
                        crate::state::next_task().await;
                    }
                }
                // the index, then what the page needs besides (the places'
                // languages, their ids), each a task (10k places: ~100 ms at 4x CPU together)
                let index = learnmap_core::SpaceIndex::new(&dataset.spaces);
                crate::state::next_task().await;
                let mut places = Places::indexed(dataset, index, failed);
                places.saved_at = saved_at;
                // distances are measured from the city's chosen centre, if it has one
                if let Some(centre) = state.config.with_value(|c| c.center) {
                    places.centre = centre;
                }
                crate::timing::mark("learnmap:indexed");
                crate::state::next_task().await;
                state.data.set(DataState::Ready(Arc::new(places)));
                crate::timing::mark("learnmap:shown");
            }
            None if !had_data => state.data.set(DataState::Failed(
                failed.into_iter().next().expect("at least one source"),
            )),
            None => {
                for why in &failed {
                    leptos::logging::warn!("reloading failed: {why}");
                }
            }
        }
    });
}

/// Fetches `url` with a plain GET, as the browser would (the browser's own
/// `fetch`; an HTTP client crate would add its streams to the download).
/// `Err` when no response came: offline, blocked, or refused by CORS.
async fn get(url: &str) -> Result<web_sys::Response, ()> {
    let response = wasm_bindgen_futures::JsFuture::from(window().fetch_with_str(url))
        .await
        .map_err(|_| ())?;
    wasm_bindgen::JsCast::dyn_into(response).map_err(|_| ())
}

/// The body of a response, as bytes: the ones `public/boot.js` reads as
/// they arrive (`learnmapBody`), or else read now.
async fn bytes(response: &web_sys::Response) -> Result<Vec<u8>, ()> {
    let buffer = match early_read(response, "learnmapBody") {
        Some(body) => body,
        None => response.array_buffer().map_err(|_| ())?,
    };
    let buffer = wasm_bindgen_futures::JsFuture::from(buffer)
        .await
        .map_err(|_| ())?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// The first bytes of a response's body, once they are in, when
/// `public/boot.js` reads it as it arrives (`learnmapHead`); `None` for a
/// response the app fetched itself.
async fn head(response: &web_sys::Response) -> Option<Vec<u8>> {
    let head = wasm_bindgen_futures::JsFuture::from(early_read(response, "learnmapHead")?)
        .await
        .ok()?;
    Some(js_sys::Uint8Array::new(&head).to_vec())
}

/// What `public/boot.js` is reading of `response`'s body (`name`), if it is.
fn early_read(response: &web_sys::Response, name: &str) -> Option<js_sys::Promise> {
    let read = js_sys::Reflect::get(response, &name.into()).ok()?;
    wasm_bindgen::JsCast::dyn_into(read).ok()
}

/// Bytes as text: invalid UTF-8 is replaced, as the browser's `text()`
/// does; a byte order mark is kept (the loaders note it).
fn utf8(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The response `public/boot.js` started fetching for `url` while the
/// WebAssembly downloaded, if it did; taken once (a retry fetches anew).
async fn early_response(url: &str) -> Option<Result<web_sys::Response, ()>> {
    let early = js_sys::Reflect::get(&js_sys::global(), &"learnmapEarly".into()).ok()?;
    let early: &js_sys::Map = wasm_bindgen::JsCast::dyn_ref(&early)?;
    let promise = early.get(&url.into());
    early.delete(&url.into());
    let promise: js_sys::Promise = wasm_bindgen::JsCast::dyn_into(promise).ok()?;
    Some(
        wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .ok()
            .and_then(|r| wasm_bindgen::JsCast::dyn_into::<web_sys::Response>(r).ok())
            .ok_or(()),
    )
}

/// The source's data, fresh (offered as its saved copy, see
/// [`crate::saved`]), or when that cannot be loaded its saved copy with
/// when it was saved.
/// `stated` hears the extent the fresh file states, once its top level is read.
async fn fetch_or_saved(
    source: &DataSource,
    stated: impl FnOnce(Option<BBox>),
) -> Result<(Dataset, Option<f64>), LoadFailure> {
    let why = match fetch_dataset(source, stated).await {
        Ok(dataset) => return Ok((dataset, None)),
        Err(why) => why,
    };
    let Some((bytes, saved_at)) = crate::saved::get(&source.url).await else {
        return Err(why);
    };
    match learnmap_core::load(&utf8(bytes)) {
        Ok(dataset) => {
            leptos::logging::warn!("{why}; showing the copy saved before");
            Ok((dataset, Some(saved_at)))
        }
        Err(_) => Err(why),
    }
}

/// The body of a source's file, from the response `public/boot.js` started
/// if it did, else fetched now; a failure names the source. `on_head` is
/// given the body's first bytes before the rest, when boot.js reads them as
/// they arrive.
async fn fetch_bytes(
    source: &DataSource,
    on_head: impl FnOnce(&[u8]),
) -> Result<Vec<u8>, LoadFailure> {
    let label = || source.label.clone();
    let response = match early_response(&source.url).await {
        Some(response) => response,
        None => get(&source.url).await,
    }
    .map_err(|_| LoadFailure::Network { source: label() })?;
    if !response.ok() {
        return Err(LoadFailure::Status {
            source: label(),
            status: response.status(),
        });
    }
    if let Some(head) = head(&response).await {
        on_head(&head);
    }
    // The bytes rather than `text()`: copying them into the wasm and checking
    // them as UTF-8 there is cheaper than decoding them into a JS string and
    // encoding that again (10k places, first results at 4x CPU and Fast 3G: 5064 -> 4920 ms).
    bytes(&response)
        .await
        .map_err(|_| LoadFailure::Network { source: label() })
}

async fn fetch_dataset(
    source: &DataSource,
    stated: impl FnOnce(Option<BBox>),
) -> Result<Dataset, LoadFailure> {
    let label = || source.label.clone();
    // the extent the file states, as soon as its head is in: the map can go
    // there while the rest downloads (10k places: ~240 KB with brotli)
    let mut stated = Some(stated);
    let bytes = fetch_bytes(source, |head| {
        if let Some(bbox) = learnmap_core::stated_extent(head) {
            if let Some(stated) = stated.take() {
                crate::timing::mark("learnmap:head-extent");
                stated(Some(bbox));
            }
        }
    })
    .await?;
    crate::timing::mark("learnmap:data-in");
    crate::state::next_task().await;
    let text = utf8(bytes);
    crate::state::next_task().await;
    let unusable = |e: learnmap_core::Error| LoadFailure::Unusable {
        source: label(),
        detail: e.to_string(),
    };
    // the file's scan, then its top level, each a task (10k places: ~30 ms each at 4x CPU)
    let scanned = learnmap_core::Loading::scan(&text, &Default::default()).map_err(unusable)?;
    crate::state::next_task().await;
    let mut loading = scanned.begin().map_err(unusable)?;
    if let Some(stated) = stated.take() {
        stated(loading.declared_extent());
    }
    crate::state::next_task().await;
    // The features in slices of about 10 ms, each a task of its own, so the
    // page can paint and answer between them: 10,000 places were one task of
    // ~580 ms at 4x CPU (issue 19, bench/startup.mjs). The slice adapts to
    // the device's speed; 10 ms, not the 50 that makes a task "long", as
    // Lighthouse runs the page on a fast machine and counts each task four
    // times as long.
    let mut slice = 64;
    loop {
        let started = js_sys::Date::now();
        if !loading.step(slice) {
            break;
        }
        let took = js_sys::Date::now() - started;
        if took < 5.0 {
            slice *= 2;
        } else if took > 15.0 {
            slice = (slice / 2).max(8);
        }
        crate::state::next_task().await;
    }
    let dataset = loading.finish().map_err(unusable)?;
    crate::timing::mark("learnmap:data-read");
    crate::saved::keep(&source.url, text.as_bytes(), dataset.skipped());
    log_problems(&source.label, &dataset);
    Ok(dataset)
}

/// Lists the data's problems in the browser's console, located, for the
/// webmaster or data steward who wonders what the "not shown" notice is
/// about: the page itself only counts them.
fn log_problems(source: &str, dataset: &Dataset) {
    if dataset.problems.is_empty() {
        return;
    }
    let mut list = String::new();
    for problem in &dataset.problems {
        list.push_str("\n  ");
        list.push_str(&problem.to_string());
        if let Some(id) = &problem.feature_id {
            list.push_str(" (id ");
            list.push_str(id);
            list.push(')');
        }
    }
    leptos::logging::warn!(
        "{source}: problems in the data: {} in all, entries not shown (errors): {}; `learnmap-data validate` explains each:{list}",
        dataset.problems.len() + dataset.problems_omitted,
        dataset.skipped()
    );
}

/// The events sources for a page: `events=` in the address when it is on
/// the page's origin or an allowed one (as `data=`), else the configured
/// `events`. Addresses come back absolute; `Err` when `events=` is refused.
pub fn events_sources_for(
    page_href: &str,
    config: &SiteConfig,
    wanted: Option<&str>,
) -> Result<Vec<DataSource>, LoadFailure> {
    let Ok(page) = web_sys::Url::new(page_href) else {
        return Ok(Vec::new());
    };
    let absolute = |url: &str| web_sys::Url::new_with_base(url, page_href).ok();
    let allowed = |url: &web_sys::Url| config.allows_data_from(&url.origin(), &page.origin());
    if let Some(wanted) = wanted {
        return match absolute(wanted) {
            Some(url) if allowed(&url) => Ok(vec![DataSource {
                label: wanted.to_owned(),
                url: url.href(),
                time_zone: None,
            }]),
            _ => Err(LoadFailure::Refused {
                address: wanted.to_owned(),
            }),
        };
    }
    // the site's events, and the festival's own file when it has one
    let festival = config.festival.as_ref().and_then(|f| f.events.as_ref());
    let mut sources: Vec<&DataSource> = config.events.iter().collect();
    if let Some(f) = festival.filter(|f| !config.events.iter().any(|s| s.url == f.url)) {
        sources.push(f);
    }
    Ok(sources
        .into_iter()
        .filter_map(|s| {
            let url = absolute(&s.url).filter(allowed)?;
            Some(DataSource {
                url: url.href(),
                ..s.clone()
            })
        })
        .collect())
}

/// Fetches and loads an events file (`data/README.md`, "Events and courses").
pub async fn fetch_events(
    source: &DataSource,
) -> Result<learnmap_core::events::EventSet, LoadFailure> {
    let set = learnmap_core::events::load_events(&utf8(fetch_bytes(source, |_| {}).await?))
        .map_err(|e| LoadFailure::Unusable {
            source: source.label.clone(),
            detail: e.to_string(),
        })?;
    if !set.problems.is_empty() {
        leptos::logging::warn!(
            "{}: {} problems in the events data (events with errors are not shown)",
            source.label,
            set.problems.len() + set.problems_omitted
        );
    }
    Ok(set)
}
