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

/// The smallest spread we call noise: timers and frames make smaller differences meaningless.
pub const NOISE_FLOOR_MS: f64 = 2.0;

/// Whether `candidate` is slower than `reference` by more than the noise of either series: the
/// difference of medians must exceed both interquartile ranges (and the floor) to count.
pub fn slower_beyond_noise(candidate: &Summary, reference: &Summary) -> bool {
    let noise = candidate.iqr.max(reference.iqr).max(NOISE_FLOOR_MS);
    candidate.median - reference.median > noise
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
    fn a_difference_within_the_spread_is_noise() {
        let reference = summarise(&[10.0, 12.0, 14.0, 16.0, 18.0]).unwrap();
        let close = summarise(&[12.0, 14.0, 16.0, 18.0, 20.0]).unwrap();
        let far = summarise(&[30.0, 31.0, 32.0, 33.0, 34.0]).unwrap();
        assert!(!slower_beyond_noise(&close, &reference));
        assert!(slower_beyond_noise(&far, &reference));
        // Faster is never "slower beyond noise".
        assert!(!slower_beyond_noise(&reference, &far));
    }

    #[test]
    fn identical_series_with_no_spread_still_get_the_noise_floor() {
        let a = summarise(&[5.0; 10]).unwrap();
        let b = summarise(&[6.5; 10]).unwrap();
        assert!(!slower_beyond_noise(&b, &a));
    }
}
