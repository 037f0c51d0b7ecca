//! Reproducible draws for the soak (SplitMix64): each client thread has its own seed, so a run's
//! mix of visits and addresses is the same every time and needs no shared state.

pub struct Draw(u64);

impl Draw {
    pub fn seeded(seed: u64) -> Draw {
        Draw(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (the modulo bias is negligible for the small `n` used here).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_draws_the_same_values_and_stays_in_range() {
        let (mut a, mut b) = (Draw::seeded(7), Draw::seeded(7));
        let first: Vec<u64> = (0..5).map(|_| a.below(10)).collect();
        assert_eq!(first, (0..5).map(|_| b.below(10)).collect::<Vec<_>>());
        assert!((0..1000).all(|_| a.below(3) < 3));
        assert_ne!(Draw::seeded(8).next_u64(), Draw::seeded(7).next_u64());
    }
}
