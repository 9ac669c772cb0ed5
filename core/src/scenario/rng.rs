//! A small, fast, seedable random source: xoshiro256++ seeded by SplitMix64
//! (Blackman & Vigna, "Scrambled linear pseudorandom number generators", 2021).
//! Kept in-crate so a seed's output never changes with a dependency's version.

/// xoshiro256++.
#[derive(Debug, Clone)]
pub struct Rng {
    s: [u64; 4],
}

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    /// A generator whose whole output is determined by `seed`.
    pub fn new(seed: u64) -> Self {
        let mut state = seed;
        Rng {
            s: [
                splitmix64(&mut state),
                splitmix64(&mut state),
                splitmix64(&mut state),
                splitmix64(&mut state),
            ],
        }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let result = s[0].wrapping_add(s[3]).rotate_left(23).wrapping_add(s[0]);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1).
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in [-1, 1).
    pub fn symmetric(&mut self) -> f64 {
        2.0 * self.uniform() - 1.0
    }

    /// Approximately standard normal noise (mean 0, variance 1), bounded to ±2√3:
    /// the Irwin–Hall sum of four 16-bit uniforms from one draw. Bounded noise keeps a
    /// healthy machine's readings inside their bands with certainty, not just likely.
    pub fn noise(&mut self) -> f64 {
        let bits = self.next_u64();
        let sum =
            (bits & 0xFFFF) + ((bits >> 16) & 0xFFFF) + ((bits >> 32) & 0xFFFF) + (bits >> 48);
        // Four uniforms on [0, 1): mean 2, variance 1/3.
        let four_uniforms = (sum as f64 + 2.0) / 65_536.0;
        (four_uniforms - 2.0) * 3f64.sqrt()
    }
}

/// The largest magnitude [`Rng::noise`] can return.
pub const NOISE_BOUND: f64 = 3.464_101_615_137_755;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_different_seed_different_stream() {
        let mut a = Rng::new(42);
        let mut b = Rng::new(42);
        let mut c = Rng::new(43);
        let first: Vec<u64> = (0..8).map(|_| a.next_u64()).collect();
        assert_eq!(first, (0..8).map(|_| b.next_u64()).collect::<Vec<_>>());
        assert_ne!(first, (0..8).map(|_| c.next_u64()).collect::<Vec<_>>());
    }

    #[test]
    fn noise_has_unit_variance_and_stays_bounded() {
        let mut rng = Rng::new(7);
        let n = 200_000;
        let samples: Vec<f64> = (0..n).map(|_| rng.noise()).collect();
        let mean = samples.iter().sum::<f64>() / n as f64;
        let variance = samples.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64;
        assert!(mean.abs() < 0.01, "mean {mean}");
        assert!((variance - 1.0).abs() < 0.02, "variance {variance}");
        assert!(samples.iter().all(|x| x.abs() <= NOISE_BOUND));
    }

    #[test]
    fn uniform_stays_in_the_unit_interval() {
        let mut rng = Rng::new(1);
        for _ in 0..10_000 {
            let u = rng.uniform();
            assert!((0.0..1.0).contains(&u));
        }
    }
}
