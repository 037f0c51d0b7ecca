//! Summaries of repeated measurements. Budgets are judged on these, never on a single run.

/// Median and 95th percentile of one series, plus its spread (for "beyond noise" comparisons).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Summary {
    pub n: usize,
    pub median: f64,
    pub p95: f64,
    /// Interquartile range: how much a typical run differs from another.
    pub iqr: f64,
    pub max: f64,
}

/// Summary of the finite values of `values`; `None` when there are none.
pub fn summarise(values: &[f64]) -> Option<Summary> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if sorted.is_empty() {
        return None;
    }
    sorted.sort_by(f64::total_cmp);
    Some(Summary {
        n: sorted.len(),
        median: quantile(&sorted, 0.5),
        p95: quantile(&sorted, 0.95),
        iqr: quantile(&sorted, 0.75) - quantile(&sorted, 0.25),
        max: sorted[sorted.len() - 1],
    })
}

/// Quantile of sorted values with linear interpolation between closest ranks (numpy's default).
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    let rank = q.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let (low, high) = (rank.floor() as usize, rank.ceil() as usize);
    sorted[low] + (sorted[high] - sorted[low]) * (rank - low as f64)
}

/// The smallest difference we call real: timers and frames make smaller ones meaningless.
pub const NOISE_FLOOR_MS: f64 = 2.0;
/// One-sided 5 % level of the standard normal distribution.
const Z_5_PERCENT: f64 = 1.645;

/// How a candidate series compares with a reference series of the same measure.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Comparison {
    /// Candidate median minus reference median.
    pub median_difference: f64,
    /// Mann–Whitney rank statistic, standardised: above 1.645 the candidate is slower at the 5 % level.
    pub z: f64,
    /// Slower beyond noise: significantly (rank test) and by more than the floor.
    pub slower: bool,
}

/// Whether `candidate` is slower than `reference` beyond noise. A rank test, because page loads on a
/// busy machine have long tails that would swamp a comparison of means.
pub fn compare(candidate: &[f64], reference: &[f64]) -> Option<Comparison> {
    let (c, r) = (summarise(candidate)?, summarise(reference)?);
    let z = rank_z(candidate, reference);
    let median_difference = c.median - r.median;
    Some(Comparison { median_difference, z, slower: z > Z_5_PERCENT && median_difference > NOISE_FLOOR_MS })
}

/// Mann–Whitney U of "candidate > reference" (ties count half), as a z-score (normal approximation,
/// fine from about 8 values per series).
fn rank_z(candidate: &[f64], reference: &[f64]) -> f64 {
    let finite = |v: &[f64]| v.iter().copied().filter(|x| x.is_finite()).collect::<Vec<_>>();
    let (a, b) = (finite(candidate), finite(reference));
    let (n, m) = (a.len() as f64, b.len() as f64);
    let u: f64 = a
        .iter()
        .flat_map(|x| b.iter().map(move |y| (x, y)))
        .map(|(x, y)| match x.total_cmp(y) {
            std::cmp::Ordering::Greater => 1.0,
            std::cmp::Ordering::Equal => 0.5,
            std::cmp::Ordering::Less => 0.0,
        })
        .sum();
    let sd = (n * m * (n + m + 1.0) / 12.0).sqrt();
    if sd == 0.0 { 0.0 } else { (u - n * m / 2.0) / sd }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_p95_interpolate_between_ranks() {
        let s = summarise(&[4.0, 1.0, 3.0, 2.0]).unwrap();
        assert_eq!(s.median, 2.5);
        assert!((s.p95 - 3.85).abs() < 1e-9);
        assert_eq!(s.iqr, 1.5);
        assert_eq!(s.max, 4.0);
        assert_eq!(s.n, 4);
    }

    #[test]
    fn p95_of_twenty_runs_is_near_the_slowest() {
        let values: Vec<f64> = (1..=20).map(f64::from).collect();
        let s = summarise(&values).unwrap();
        assert_eq!(s.median, 10.5);
        assert!((s.p95 - 19.05).abs() < 1e-9);
    }

    #[test]
    fn missing_measurements_are_ignored_and_none_gives_none() {
        assert_eq!(summarise(&[f64::NAN, 7.0]).unwrap().median, 7.0);
        assert_eq!(summarise(&[]), None);
        assert_eq!(summarise(&[f64::NAN]), None);
    }

    #[test]
    fn one_value_is_its_own_median_and_p95() {
        let s = summarise(&[42.0]).unwrap();
        assert_eq!((s.median, s.p95, s.iqr), (42.0, 42.0, 0.0));
    }

    #[test]
    fn interleaved_series_are_noise() {
        let reference = [10.0, 12.0, 14.0, 16.0, 18.0, 20.0, 22.0, 24.0];
        let candidate = [11.0, 13.0, 15.0, 17.0, 19.0, 21.0, 23.0, 25.0];
        let comparison = compare(&candidate, &reference).unwrap();
        assert_eq!(comparison.median_difference, 1.0);
        assert!(comparison.z.abs() < 0.5, "{comparison:?}");
        assert!(!comparison.slower);
    }

    #[test]
    fn a_series_entirely_above_is_slower_and_below_is_not() {
        let reference = [10.0, 11.0, 12.0, 13.0, 14.0];
        let candidate = [20.0, 21.0, 22.0, 23.0, 24.0];
        let slower = compare(&candidate, &reference).unwrap();
        // U = 25 of 25 pairs: z = 12.5 / sqrt(25 * 11 / 12).
        assert!((slower.z - 12.5 / (275.0f64 / 12.0).sqrt()).abs() < 1e-9);
        assert!(slower.slower);
        assert!(!compare(&reference, &candidate).unwrap().slower);
    }

    #[test]
    fn a_consistent_difference_below_the_floor_is_not_slower() {
        let reference = [10.0, 10.1, 10.2, 10.3, 10.4, 10.5];
        let candidate = [11.0, 11.1, 11.2, 11.3, 11.4, 11.5];
        let comparison = compare(&candidate, &reference).unwrap();
        assert!(comparison.z > Z_5_PERCENT);
        assert!(!comparison.slower);
    }

    #[test]
    fn ties_count_half_and_empty_series_compare_to_nothing() {
        assert_eq!(rank_z(&[5.0; 6], &[5.0; 6]), 0.0);
        assert_eq!(compare(&[], &[1.0]), None);
    }
}
