//! "Did you mean" suggestions for misspelt vocabulary values.

/// The known value closest to `input`, if it is close enough to be a typo.
///
/// ```
/// use learnmap_core::suggest::did_you_mean;
/// assert_eq!(did_you_mean("libary", &["library", "museum"]), Some("library"));
/// assert_eq!(did_you_mean("Library", &["library", "museum"]), Some("library"));
/// assert_eq!(did_you_mean("zoo", &["library", "museum"]), None);
/// ```
pub fn did_you_mean<'a>(input: &str, known: &[&'a str]) -> Option<&'a str> {
    let input = input
        .trim()
        .chars()
        .map(crate::text::lowercase)
        .collect::<String>()
        .replace([' ', '-'], "_");
    if input.is_empty() {
        return None;
    }
    known
        .iter()
        .map(|k| (edit_distance(&input, k), *k))
        .filter(|(d, k)| *d <= (k.len() / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::edit_distance;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }
}
