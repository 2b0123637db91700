//! Facet counts against brute force: for each value, the places matching
//! the filter with that dimension's constraint replaced by the value.

mod support;

use learnmap_core::{
    AgeGroup, Audience, Filter, LearningArea, LearningSpace, LonLat, PlaceType, SpaceIndex,
    Vocabulary,
};
use learnmap_synth::Rng;
use support::{random_filter, random_places, random_point};

fn count(spaces: &[LearningSpace], filter: &Filter) -> usize {
    spaces.iter().filter(|s| filter.matches(s)).count()
}

#[test]
fn facets_equal_brute_force_counts() {
    let mut rng = Rng::new(31);
    let points: Vec<LonLat> = (0..2000).map(|_| random_point(&mut rng)).collect();
    let spaces = random_places(&mut rng, &points);
    let index = SpaceIndex::new(&spaces);
    for round in 0..120 {
        let filter = if round == 0 {
            Filter::default()
        } else {
            random_filter(&mut rng)
        };
        // "open now" counts at the filter's own time, else at a given clock
        let clock = chrono::NaiveDate::from_ymd_opt(2026, 11, 24 + (round % 6) as u32)
            .unwrap()
            .and_hms_opt(8 + (round % 12) as u32, 30, 0)
            .unwrap();
        let when = filter.open_at.unwrap_or(clock);
        let open = learnmap_core::open_places(&spaces, when);
        let facets = index.facets(&spaces, &filter, Some(&open));
        assert_eq!(facets.total, count(&spaces, &filter), "{filter:?}");
        for &a in LearningArea::ALL {
            let f = Filter {
                learning_areas: [a].into_iter().collect(),
                ..filter.clone()
            };
            assert_eq!(
                facets.learning_area(a),
                count(&spaces, &f),
                "{a} {filter:?}"
            );
        }
        for &g in AgeGroup::ALL {
            // a group counts the places that serve it: not those that do not say
            let f = Filter {
                ages: Some(g.range()),
                unstated_ages: false,
                ..filter.clone()
            };
            assert_eq!(facets.age_group(g), count(&spaces, &f), "{g} {filter:?}");
        }
        let any_age = Filter {
            ages: None,
            ..filter.clone()
        };
        assert_eq!(
            facets.unstated_ages,
            spaces
                .iter()
                .filter(|s| s.ages == learnmap_core::Ages::NotStated && any_age.matches(s))
                .count(),
            "{filter:?}"
        );
        for &a in Audience::ALL {
            let f = Filter {
                audiences: [a].into_iter().collect(),
                ..filter.clone()
            };
            assert_eq!(facets.audience(a), count(&spaces, &f), "{a} {filter:?}");
        }
        for &t in PlaceType::ALL {
            let f = Filter {
                place_types: [t].into_iter().collect(),
                ..filter.clone()
            };
            assert_eq!(facets.place_type(t), count(&spaces, &f), "{t} {filter:?}");
        }
        assert_eq!(
            facets.free,
            count(
                &spaces,
                &Filter {
                    free: true,
                    ..filter.clone()
                }
            )
        );
        assert_eq!(
            facets.wheelchair,
            count(
                &spaces,
                &Filter {
                    wheelchair: true,
                    ..filter.clone()
                }
            )
        );
        assert_eq!(
            facets.open,
            count(
                &spaces,
                &Filter {
                    open_at: Some(when),
                    ..filter.clone()
                }
            ),
            "{when} {filter:?}"
        );
        assert_eq!(facets.learning_areas.len(), LearningArea::ALL.len());
        assert_eq!(facets.place_types.len(), PlaceType::ALL.len());
    }
}

#[test]
fn a_chosen_value_does_not_zero_the_other_chips() {
    let mut rng = Rng::new(37);
    let points: Vec<LonLat> = (0..500).map(|_| random_point(&mut rng)).collect();
    let spaces = random_places(&mut rng, &points);
    let index = SpaceIndex::new(&spaces);
    let digital = Filter {
        learning_areas: [LearningArea::Digital].into_iter().collect(),
        ..Filter::default()
    };
    let all = index.facets(&spaces, &Filter::default(), None);
    let chosen = index.facets(&spaces, &digital, None);
    assert_eq!((all.open, chosen.open), (0, 0), "no time, no open count");
    // the learning-area chips are the same with or without an area chosen
    assert_eq!(chosen.learning_areas, all.learning_areas);
    assert!(chosen.learning_area(LearningArea::Health) > 0);
    assert_eq!(chosen.total, all.learning_area(LearningArea::Digital));
    // the other dimensions count within Digital only
    assert!(chosen.place_types.iter().map(|p| p.1).sum::<usize>() <= chosen.total);
}
