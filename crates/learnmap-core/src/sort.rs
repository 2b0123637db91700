//! One sort for every list of numbers.
//!
//! Each element type a slice is sorted by is a new copy of the standard
//! library's sort in the app's download (2–4 KB each, more for the stable
//! sort). The numeric sorts in learnmap go through [`u64s`], with numbers of
//! other kinds turned into `u64` keys that sort the same way; the few spans
//! of a day's opening hours are sorted where they are ([`u16_pairs`]).

/// Sorts `u64`s in ascending order (unstable: equal values are equal).
pub fn u64s(values: &mut [u64]) {
    values.sort_unstable();
}

/// Sorts `f64`s in [`f64::total_cmp`] order: `-inf` < negative numbers <
/// `-0.0` < `0.0` < positive numbers < `inf` < `NaN`.
///
/// ```
/// let mut v = vec![3.5, -1.0, 0.0, -0.0, f64::INFINITY, -7.25];
/// learnmap_core::sort::f64s(&mut v);
/// assert_eq!(format!("{v:?}"), "[-7.25, -1.0, -0.0, 0.0, 3.5, inf]");
/// ```
pub fn f64s(values: &mut [f64]) {
    const SIGN: u64 = 1 << 63;
    // the bits of a positive number sort as the number does; flipping them
    // all for a negative number reverses its order and puts it first
    let mut keys: Vec<u64> = values
        .iter()
        .map(|x| {
            let bits = x.to_bits();
            if bits & SIGN != 0 {
                !bits
            } else {
                bits | SIGN
            }
        })
        .collect();
    u64s(&mut keys);
    for (x, key) in values.iter_mut().zip(keys) {
        *x = f64::from_bits(if key & SIGN != 0 { key & !SIGN } else { !key });
    }
}

/// Sorts pairs of `u16`s in ascending order (first, then second), in place:
/// an insertion sort, for the few spans of a day's opening hours, sorted for
/// every place as it loads (no allocation, and a few bytes of code).
pub fn u16_pairs(pairs: &mut [(u16, u16)]) {
    for i in 1..pairs.len() {
        let mut j = i;
        while j > 0 && pairs[j - 1] > pairs[j] {
            pairs.swap(j - 1, j);
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use learnmap_synth::Rng;

    #[test]
    fn f64s_sorts_as_total_cmp_does() {
        let mut rng = Rng::new(5);
        let special = [
            0.0,
            -0.0,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            f64::MIN_POSITIVE,
            -f64::MAX,
        ];
        for n in [0, 1, 2, 17, 1000] {
            let mut v: Vec<f64> = (0..n)
                .map(|_| match rng.below(4) {
                    0 => *rng.choose(&special).unwrap(),
                    _ => rng.range_f64(-1e6, 1e6),
                })
                .collect();
            let mut expected = v.clone();
            expected.sort_by(f64::total_cmp);
            f64s(&mut v);
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&v), bits(&expected));
        }
    }

    #[test]
    fn u16_pairs_sort_as_tuples_do() {
        let mut rng = Rng::new(6);
        let mut v: Vec<(u16, u16)> = (0..500)
            .map(|_| (rng.below(60) as u16 * 1000, rng.below(65536) as u16))
            .collect();
        let mut expected = v.clone();
        expected.sort();
        u16_pairs(&mut v);
        assert_eq!(v, expected);
    }
}
