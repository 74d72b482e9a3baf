//! Randomness from the operating system's CSPRNG (`getrandom`): retry jitter and the
//! random parts of signed requests.

use std::time::Duration;

/// The 62 characters of [`alphanumeric`].
const ALPHANUMERIC: &[u8; 62] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// `len` random ASCII letters and digits, each of the 62 equally likely; `None` when the
/// operating system has no randomness to give.
pub fn alphanumeric(len: usize) -> Option<String> {
    let mut out = String::with_capacity(len);
    let mut bytes = [0u8; 64];
    while out.len() < len {
        getrandom::fill(&mut bytes).ok()?;
        // 248 = 4 × 62: bytes from 248 up would favour the first characters.
        for b in bytes.iter().filter(|&&b| b < 248) {
            if out.len() == len {
                break;
            }
            let index = usize::from(*b) % ALPHANUMERIC.len();
            out.extend(ALPHANUMERIC.get(index).map(|&c| char::from(c)));
        }
    }
    Some(out)
}

/// A random duration from zero to `ceiling` (full jitter); half of it when the operating
/// system has no randomness to give.
pub(crate) fn up_to(ceiling: Duration) -> Duration {
    let Ok(x) = getrandom::u64() else {
        return ceiling / 2;
    };
    let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
    match nanos.checked_add(1) {
        Some(span) => Duration::from_nanos(x % span),
        None => Duration::from_nanos(x),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alphanumerics_have_the_length_and_alphabet_and_differ() {
        let a = alphanumeric(24).unwrap();
        assert_eq!(a.len(), 24);
        assert!(a.bytes().all(|b| b.is_ascii_alphanumeric()), "{a}");
        assert_ne!(a, alphanumeric(24).unwrap());
        assert_eq!(alphanumeric(0).unwrap(), "");
        assert_eq!(alphanumeric(200).unwrap().len(), 200);
    }

    #[test]
    fn jitter_stays_within_the_ceiling_and_spreads() {
        let ceiling = Duration::from_millis(100);
        let waits: Vec<_> = (0..200).map(|_| up_to(ceiling)).collect();
        assert!(waits.iter().all(|w| *w <= ceiling));
        assert!(waits.iter().any(|w| *w < ceiling / 4));
        assert!(waits.iter().any(|w| *w > ceiling * 3 / 4));
        assert_eq!(up_to(Duration::ZERO), Duration::ZERO);
    }
}
